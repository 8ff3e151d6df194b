"""The rights request pages: requests.py (the list, logging, a request's page and its
steps, the bundle) and work.py (search, choosing cases, redactions)."""
