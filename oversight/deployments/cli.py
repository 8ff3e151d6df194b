"""Flask commands for deployment records."""

from __future__ import annotations

from flask.cli import AppGroup

deployments_cli = AppGroup("deployments", help="Deployment records and usage returns.")
