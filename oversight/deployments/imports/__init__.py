"""Importing deployment records and usage returns from CSV files: reading the file
(`csv_file`), what an import reads and reports (`kinds`), the import itself (`importer`),
the staff upload page (`views`, `forms`) and `flask deployments import` (`cli`)."""
