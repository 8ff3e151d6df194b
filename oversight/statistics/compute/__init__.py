"""Computing a release's content from the register.

queries.py counts the register for one period in grouped SQL (sql.py: what SQLite and
PostgreSQL spell differently, and the working-day calendar); figures.py gathers every
count a release needs; disclosure.py decides which cells to withhold; tables.py and
release.py build the tables, headlines and notes (labels.py: the words of the tables).
"""
