"""The administrators' who-looked page (views.py); the search is oversight.audit.who_looked."""
