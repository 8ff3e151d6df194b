"""The web layer every page shares: error pages, security headers, templating and the
choice of language. Each domain package's own pages live in its views (or web/)."""
