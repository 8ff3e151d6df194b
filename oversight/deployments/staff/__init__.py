"""The staff pages for deployment records and usage returns: list, add, correct, history."""
