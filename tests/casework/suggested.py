"""What the tests of possible duplicates share: complaints that differ in everything
unless told, one logged by staff, and the suggestions as the case page shows them."""

from __future__ import annotations

import itertools
import re
from typing import Any

from oversight.casework import workflow
from oversight.complaints.enums import Channel
from oversight.complaints.models import Complaint
from oversight.models import utcnow
from tests.factories import TARGETS, complaint_answers, make_complaint

_numbers = itertools.count(1)
SUGGESTED = re.compile(r'id="suggested-complaints".*?</table>', re.S)
ROW = re.compile(r'<th scope="row" class="govuk-table__header"><a [^>]*>([A-Z0-9-]+)</a>')
FORCE = "South Wales Police"


def apart(**overrides: Any) -> dict[str, Any]:
    """Answers that share nothing with another call's: its own contact, a day of its
    own far from the others', and a place of its own."""
    n = next(_numbers)
    return {
        "force": "cumbria",
        "incident_date": f"2025-{1 + n % 12:02d}-{1 + n % 27:02d}",
        "place": f"Place{n}",
        "email": f"person{n}@example.com",
        "phone": None,
        **overrides,
    }


def web(**overrides: Any) -> Complaint:
    """A web complaint, sharing nothing with others unless told."""
    return make_complaint(**apart(**overrides))


def logged_by_staff(by: Any, channel: Channel = Channel.PHONE, **overrides: Any) -> Complaint:
    """A complaint a caseworker logged from a phone call (or an email or a letter)."""
    answers = complaint_answers(**apart(**overrides))
    complaint, _code = workflow.log_complaint(answers, channel, by, utcnow(), TARGETS)
    return complaint


def anonymous(**overrides: Any) -> dict[str, Any]:
    return {"wants_contact": "no", "name": None, "email": None, "phone": None, **overrides}


def section_of(html: str) -> str:
    """The possible duplicates section of a case page, up to the next part (deployments)."""
    start = html.index('id="possible-duplicates"')
    return html[start : html.index('id="deployments"', start)]


def suggested(html: str) -> list[str]:
    """The references the case page suggests, in the order shown."""
    table = SUGGESTED.search(section_of(html))
    return ROW.findall(table.group(0)) if table else []
