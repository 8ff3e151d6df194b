"""Answers to the feedback form: how satisfied someone was, what they would improve, and
which page they came from. Nothing else: no address, no cookie, no account, no time
finer than the one the answer was sent at."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from oversight.models import Base, enum_column, utcnow


class Satisfaction(StrEnum):
    """The five answers of GOV.UK's satisfaction question, best first. Its labels are its
    own: a value such as "neither" may be another list's too."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEITHER = "neither"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def label(self) -> str:
        return str(SATISFACTION_LABELS[self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


SATISFACTION_LABELS: dict[Satisfaction, Any] = {
    Satisfaction.VERY_SATISFIED: _l("Very satisfied"),
    Satisfaction.SATISFIED: _l("Satisfied"),
    Satisfaction.NEITHER: _l("Neither satisfied or dissatisfied"),
    Satisfaction.DISSATISFIED: _l("Dissatisfied"),
    Satisfaction.VERY_DISSATISFIED: _l("Very dissatisfied"),
}

IMPROVE_MAX = 1200
PAGE_MAX = 300


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    satisfaction: Mapped[Satisfaction] = enum_column(Satisfaction)
    improve: Mapped[str | None] = mapped_column(sa.Text)
    # The address pattern of the page they came from (such as /staff/cases/<reference>),
    # never the address itself: a link's secret or a case's reference is not kept.
    page: Mapped[str | None] = mapped_column(sa.String(PAGE_MAX))
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
