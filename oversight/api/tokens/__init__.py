"""Force API tokens: the table (models), issuing, revoking and finding them (services), the
administrators' pages (admin, forms) and `flask force-tokens` (cli). A request's token is
checked by oversight/api/auth.py, the API's web layer."""
