"""Approval is refused while the disclosure check (compute/attack.py) finds a [c] that the
release and the releases already out give away, and the release page shows the report."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from oversight.complaints.enums import Channel
from oversight.models import utcnow
from oversight.statistics import checks, services
from oversight.statistics.compute import attack
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.factories import make_complaint
from tests.helpers import login_as
from tests.statistics.calendar_data import approve_and_publish, in_the_calendar
from tests.statistics.staff_pages import (  # noqa: F401  (fixtures)
    IN_Q2,
    Q2,
    act,
    page_of,
    pat_fixture,
    refreshed,
    sam_fixture,
    text,
)

C = {"value": None, "symbol": "[c]"}


def channels(body) -> list:
    table = next(t for t in body["tables"] if t["id"] == "complaints_by_channel")
    return [row["cells"][0] for row in table["rows"]]


@pytest.fixture(name="channel_draft")
def channel_draft_fixture(db, sam):
    """April to June 2026: web 15, email 1, post 1, phone 0, total 17."""
    for n, channel in enumerate([Channel.WEB] * 15 + [Channel.EMAIL, Channel.POST]):
        complaint = make_complaint(received_at=IN_Q2 + timedelta(hours=n))
        complaint.channel = channel
    draft = services.prepare(Q2, sam)
    in_the_calendar(Q2, sam)
    db.session.commit()
    return draft


def publish_unsafe_beside(db, sam, pat, draft, monkeypatch) -> StatisticsRelease:
    """Publish a release (its own approval unchecked, as before the check existed, or
    under a method since changed) whose channel table for the draft's period shows post 1
    and phone 0, so the draft's email [c] can be worked out."""
    earlier = services.prepare(quarter(2026, 1), sam)
    body = copy.deepcopy(draft.content)
    table = next(t for t in body["tables"] if t["id"] == "complaints_by_channel")
    body["tables"] = [table]
    for row, figure in zip(table["rows"], [15, None, 1, 0, 17], strict=True):
        row["cells"][0] = C if figure is None else {"value": figure, "symbol": None}
    earlier.content = body
    earlier.content_sha256 = services.digest(body)
    with monkeypatch.context() as unchecked:
        unchecked.setattr(checks, "disclosure_risks", lambda release: [])
        approve_and_publish(earlier, pat)
    db.session.commit()
    return earlier


@pytest.fixture(name="crafted")
def crafted_fixture(db, sam, pat, channel_draft, monkeypatch):
    """A release published before the check existed, whose channel table for April to
    June showed post 1 and phone 0."""
    return publish_unsafe_beside(db, sam, pat, channel_draft, monkeypatch)


def test_the_channel_table_is_protected_and_approved(client, db, channel_draft, pat):
    assert channels(channel_draft.content) == [
        {"value": 15, "symbol": None},
        C,
        C,
        C,  # the 0 is withheld beside the two 1s, so the pattern gives neither away
        {"value": 17, "symbol": None},
    ]
    login_as(client, pat)
    words = text(client.get(page_of(channel_draft)))
    assert "Disclosure check" in words
    assert "No count shown as [c] can be worked out" in words
    assert act(client, channel_draft, "approve", version="1", when="now").status_code == 302
    # Approved, to come out on the day the calendar announces.
    assert refreshed(db, channel_draft).status is ReleaseStatus.APPROVED


def test_approval_is_refused_while_an_earlier_release_makes_a_c_solvable(
    client, db, channel_draft, crafted, pat
):
    with pytest.raises(
        services.ReleaseProblem, match="a count shown as \\[c\\] could be worked out"
    ):
        services.approve(channel_draft, pat, utcnow())
    db.session.rollback()
    login_as(client, pat)
    words = text(client.get(page_of(channel_draft)))
    assert "This release cannot be approved." in words
    assert "April to June 2026 Complaints received by how they were made Email" in words
    assert "only 1" in words
    response = act(client, channel_draft, "approve", version="1", when="now")
    assert response.status_code == 400
    assert "cannot be approved: a count shown as [c] could be worked out" in text(response)
    assert refreshed(db, channel_draft).status is ReleaseStatus.DRAFT


def test_a_release_out_for_another_period_ties_nothing(db, channel_draft, pat, sam):
    other = copy.deepcopy(channel_draft.content)
    table = next(t for t in other["tables"] if t["id"] == "complaints_by_channel")
    for row, figure in zip(table["rows"], [15, None, 1, 0, 17], strict=True):
        row["cells"][0] = C if figure is None else {"value": figure, "symbol": None}
    other["period"] = {**other["period"], "start": "2026-01-01", "end": "2026-03-31"}
    assert attack.check(channel_draft.content, [other]) == []
    assert [
        r.place.row
        for r in attack.check(
            channel_draft.content, [other | {"period": channel_draft.content["period"]}]
        )
    ] == ["Email"]
