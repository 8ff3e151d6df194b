"""The register's JSON API: force systems submit and correct their own records with a
per-force token; anyone may read the public register."""
