"""The states of a complaint's link to a deployment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from oversight.complaints.enums import LABELS, Labelled


class LinkState(Labelled):
    """A complaint's link to a deployment: named by the complainant when they filed it,
    confirmed by a caseworker, or a suggestion the caseworker rejected."""

    NAMED_BY_COMPLAINANT = "named_by_complainant"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


LABELS.update(
    {
        LinkState.NAMED_BY_COMPLAINANT: _l("Named by the complainant"),
        LinkState.CONFIRMED: _l("Confirmed"),
        LinkState.REJECTED: _l("Rejected"),
    }
)
