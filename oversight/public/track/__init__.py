"""Tracking a complaint: opening it with its reference and tracking code, what the page
tells the complainant (status.py), and what they can do from it (views.py): ask for a
review, reply to a request for information, add evidence."""
