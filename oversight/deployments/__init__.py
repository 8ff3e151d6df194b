"""Deployment records and usage returns: the register's record of police use of facial
recognition, and the links between complaints and the deployments they concern."""
