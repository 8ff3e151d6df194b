"""Possible duplicates: the suggestions (suggestions.py) and their case page section (views.py)."""
