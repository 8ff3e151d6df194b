"""A complaint's link to a deployment record."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.complaints.models import Complaint
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.links.enums import LinkState
from oversight.models import enum_column, utcnow


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class DeploymentLink(db.Model):  # type: ignore[name-defined]
    """A complaint's link to a deployment record (see LinkState)."""

    __tablename__ = "deployment_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaints.id", ondelete="CASCADE"))
    deployment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("deployments.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[LinkState] = enum_column(LinkState)
    created_by: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(sa.String(100))
    decided_at: Mapped[datetime | None]

    complaint: Mapped[Complaint] = relationship()
    deployment: Mapped[Deployment] = relationship()

    __table_args__ = (sa.UniqueConstraint("complaint_id", "deployment_id"),)
