"""The states of a statistics release and the kinds of period it covers."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ReleaseStatus(StrEnum):
    """draft → approved (to be published at a set time) → published → superseded."""

    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


# The statuses of a release anyone may read; none of them ever changes its figures.
PUBLIC_STATUSES = (ReleaseStatus.PUBLISHED, ReleaseStatus.SUPERSEDED)

STATUS_LABELS = {
    ReleaseStatus.DRAFT: _l("Draft"),
    ReleaseStatus.APPROVED: _l("Approved, waiting to be published"),
    ReleaseStatus.PUBLISHED: _l("Published"),
    ReleaseStatus.SUPERSEDED: _l("Superseded by a revision"),
}


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    CALENDAR_YEAR = "calendar_year"
    FINANCIAL_YEAR = "financial_year"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return str(PERIOD_LABELS[self])


PERIOD_LABELS = {
    PeriodKind.QUARTER: _l("A quarter"),
    PeriodKind.CALENDAR_YEAR: _l("A calendar year"),
    PeriodKind.FINANCIAL_YEAR: _l("A financial year (April to March)"),
    PeriodKind.CUSTOM: _l("Other dates"),
}
