"""A reply from the complainant that the caseworker has not read yet: the case page's
"New reply" section and its "Mark as read" action (views.py)."""
