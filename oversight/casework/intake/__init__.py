"""Complaints that arrive by email, post or phone, logged by a caseworker."""
