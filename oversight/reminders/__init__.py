"""Reminders to staff: each assignee's cases due soon and overdue, and the cases still
unassigned for the senior caseworkers, emailed once a working day (`flask reminders send`).
"""
