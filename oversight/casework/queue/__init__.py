"""The queue's own work beyond listing cases (oversight.casework.queries): acting on
many cases at once (bulk), saved views of the queue's filters (models, saved), the CSV
export of what a filter shows (export), their forms, the page they share (page) and
their views (views, a blueprint of its own under /staff/cases)."""
