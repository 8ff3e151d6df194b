"""Force API tokens: the table (models), issuing and revoking them (services), the
administrators' pages (views, forms) and `flask force-tokens` (cli), and authenticating a
force system's request by its token (auth)."""
