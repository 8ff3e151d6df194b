"""The OpenAPI 3.1 document served at /api/v1/openapi.json: its paths (document) and the
reusable schemas, parameters and responses they point to (components)."""
