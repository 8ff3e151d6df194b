"""What every release says about itself, as the Code of Practice for Statistics asks:
the statistics' status (official statistics in development), their quality and
methodology, the revisions policy, a named contact and the next release date.

One statement, written here, for the release pages, the spreadsheet's cover and the API
alike. The contact comes from configuration (STATISTICS_CONTACT_NAME and _EMAIL); the
next release is the calendar's next announced release not yet out, read when the page,
file or answer is made, so it is never out of date (a published release's own figures
never change; what comes next does).
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from flask import current_app
from flask_babel import gettext as _

from oversight import formatting
from oversight.statistics import calendar
from oversight.statistics.content import PeriodJson

# The status, in the Code's terms, as a machine name the API gives.
STATUS = "official_statistics_in_development"


class Contact(TypedDict):
    name: str
    email: str


class NextRelease(TypedDict):
    period: PeriodJson
    release_date: str  # an ISO date
    publish_at: str  # the moment, 09:30 UK time, in ISO 8601 with its offset


class Statement(TypedDict):
    status: str
    status_label: str
    status_text: str
    quality: str
    methodology: str
    revisions_policy: str
    pre_release_access: str
    contact: Contact
    next_release: NextRelease | None


def contact() -> Contact:
    config = current_app.config
    return {
        "name": str(config["STATISTICS_CONTACT_NAME"]),
        "email": str(config["STATISTICS_CONTACT_EMAIL"]),
    }


def next_release(now: datetime | None = None) -> NextRelease | None:
    entry = calendar.next_release(now)
    if entry is None:
        return None
    return {
        "period": entry.period.as_json(),
        "release_date": entry.release_date.isoformat(),
        "publish_at": entry.publish_at.isoformat(),
    }


def statement(now: datetime | None = None) -> Statement:
    return {
        "status": STATUS,
        "status_label": _("Official statistics in development"),
        "status_text": _(
            "These are official statistics in development. They are new, and the way they "
            "are made is still being developed with the people who use them, so read them "
            "with that in mind. They have not yet been assessed for accreditation as "
            "official statistics. They are produced in line with the Code of Practice for "
            "Statistics: trustworthiness, quality and value."
        ),
        "quality": _(
            "The figures are counted from the register itself, by the database, when a "
            "statistician prepares the release, and checked by a publisher who did not "
            "prepare them. Complaints are counted as the regulator recorded them; deployment "
            "figures and usage returns are as police forces recorded them and are not "
            "checked against anything else. Counts small enough to identify someone are "
            "withheld and shown as [c], with other counts withheld so none can be worked "
            "out, together with every release already published."
        ),
        "methodology": _(
            "How each figure is counted, who is in it, and the targets it is measured "
            "against are set out in the methodology section and the data dictionary of "
            "each release."
        ),
        "revisions_policy": _(
            "A published release never changes. If an error is found, or records arrive "
            "late that change a figure, a revision is published as soon as it is ready, "
            "with a note of what changed and why, and the earlier revision stays readable. "
            "Figures for the same period a year before are counted again in each release, "
            "so they can differ from those first published. Each release is published at "
            "09:30 UK time on the day announced in advance in the release calendar; if that "
            "day has to change, the calendar says so and why."
        ),
        "pre_release_access": _(
            "No one outside the regulator's statistics team and the publisher who approves "
            "the release sees the figures before they are published."
        ),
        "contact": contact(),
        "next_release": next_release(now),
    }


def sections(now: datetime | None = None) -> list[tuple[str, list[str]]]:
    """The statement as headed paragraphs of plain text (the spreadsheet's cover)."""
    said = statement(now)
    coming = said["next_release"]
    if coming is None:
        next_text = _("The next release is to be announced in the release calendar.")
    else:
        next_text = _(
            "%(period)s, on %(day)s at 09:30 UK time (see the release calendar).",
            period=coming["period"]["label"],
            day=formatting.iso_date(coming["release_date"]),
        )
    contact = said["contact"]
    return [
        (_("Status of these statistics"), [f"{said['status_label']}. {said['status_text']}"]),
        (_("Quality and methodology"), [said["quality"], said["methodology"]]),
        (_("Revisions policy"), [said["revisions_policy"], said["pre_release_access"]]),
        (_("Next release"), [next_text]),
        (
            _("Contact"),
            [_("%(name)s, email %(email)s", name=contact["name"], email=contact["email"])],
        ),
    ]
