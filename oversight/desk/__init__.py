"""The caseworker's desk: each person's work on the staff home page.

A caseworker sees their open cases by next due date, what is overdue or due soon, the
replies that came in and the sign-offs they asked for; a senior caseworker also sees the
unassigned work, the cases awaiting sign-off, the reviews asked for and each person's
load. Every count is the number of rows its link to the queue shows: each is counted
from the queue's own query (oversight.casework.queries.base_query) for the link's filters.
"""
