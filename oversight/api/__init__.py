"""The register's JSON API: force systems submit and correct their own records with a
per-force token; anyone may read the public register.

The JSON API itself is at the top: views (the `api` blueprint), reads, writes, errors,
auth (a request's token: let through or 401), schemas (a record's JSON shape, which
bodies are held to) and statistics (the `api_statistics` blueprint). `tokens/` holds the
force tokens themselves (their table, issuing and revoking, the administrators' pages and
`flask force-tokens`); `openapi/` the document published at /api/v1/openapi.json.
"""
