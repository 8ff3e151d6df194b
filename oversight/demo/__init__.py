"""The demo data for the embedded default, loaded by `flask seed-demo` (oversight.cli).

- staff.py: one demo staff account per role.
- complaints.py (its data in complaint_data.py): the demo complaints, worked through
  the casework services to every status.
- deployments.py (its data in deployment_data.py): deployment records and usage returns.
- statistics.py: a published statistics release for the last complete quarter.

Every part refuses to run in production (NotForProduction).
"""


class NotForProduction(RuntimeError):
    """Demo data asked for where real data lives."""
