"""The migrations: the schema they build, and rows carried through every revision."""
