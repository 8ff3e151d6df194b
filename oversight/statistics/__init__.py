"""Periodic statistics: releases prepared from the register, approved and published.

At the top: the release (models.py, enums.py), the period it covers (periods.py), its
life from draft to published (services.py) and its commands (cli.py). Then by job:
compute/ works out a release's content from the register, outputs/ turns the content as
saved into things to read or download, and web/ holds the public and staff pages.
"""
