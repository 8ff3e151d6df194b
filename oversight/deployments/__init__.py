"""Deployment records and usage returns: the register's record of police use of facial
recognition.

- `records/`: the tables, the one validator, saving and correcting, history, queries;
- `staff/`: the staff pages to list, add and correct records;
- `imports/`: CSV imports, on the staff upload page and `flask deployments import`;
- `register/`: the public register's pages and downloads.

The links between complaints and the deployments they concern are in oversight.links.
"""
