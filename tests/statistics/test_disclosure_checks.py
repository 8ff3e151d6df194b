"""The disclosure check is run once for each state (statistics/checks.py): stored under a
key of the method, the release and the releases out beside it, read back as the check
gives it, run again when any of those changes, and stored once when two requests run it
at the same time. Approval never passes on a check of another state."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from oversight import formatting
from oversight.models import utcnow
from oversight.statistics import checks, services
from oversight.statistics.compute import attack
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from tests.factories import make_complaint
from tests.helpers import login_as
from tests.statistics.staff_pages import (  # noqa: F401  (fixtures)
    IN_Q2,
    act,
    page_of,
    pat_fixture,
    refreshed,
    sam_fixture,
    text,
)
from tests.statistics.test_disclosure_approval import (  # noqa: F401  (fixtures)
    C,
    channel_draft_fixture,
    publish_unsafe_beside,
)


def stored(db) -> list[checks.DisclosureCheck]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(checks.DisclosureCheck).order_by("id")))


def forget_this_request() -> None:
    """As a later request would start: with nothing kept in `g`."""
    g.pop("disclosure_checks", None)


@pytest.fixture(name="runs")
def runs_fixture(monkeypatch) -> list[int]:
    """The releases (ids) attack.check_release was run on, in order."""
    ran: list[int] = []
    real = attack.check_release

    def counted(release):
        ran.append(release.id)
        return real(release)

    monkeypatch.setattr(attack, "check_release", counted)
    return ran


def test_the_check_of_a_state_is_stored_and_not_run_again(db, channel_draft, runs):
    assert checks.disclosure_risks(channel_draft) == []
    db.session.commit()
    forget_this_request()
    assert checks.disclosure_risks(channel_draft) == []
    assert runs == [channel_draft.id]
    [row] = stored(db)
    assert (row.release_id, row.method_version, row.risks) == (
        channel_draft.id,
        attack.METHOD_VERSION,
        [],
    )
    assert row.key == checks.check_key(channel_draft)


def test_the_stored_risks_read_back_as_the_check_gives_them(
    db, channel_draft, sam, pat, monkeypatch
):
    publish_unsafe_beside(db, sam, pat, channel_draft, monkeypatch)
    first = checks.disclosure_risks(channel_draft)
    db.session.commit()
    forget_this_request()
    again = checks.disclosure_risks(channel_draft)
    assert again == first == attack.check_release(channel_draft)
    assert [(r.place.row, r.low, r.high) for r in again] == [("Email", 1, 1)]
    assert all(isinstance(r, attack.Risk) and isinstance(r.place, attack.Place) for r in again)
    [row] = stored(db)
    assert row.risks == [{"release": 0, **r.as_dict()} for r in first]


def test_the_check_runs_again_when_the_method_the_release_or_the_releases_out_change(
    db, channel_draft, sam, pat, runs, monkeypatch
):
    keys = []

    def check_now() -> None:
        forget_this_request()
        checks.disclosure_risks(channel_draft)
        db.session.commit()
        keys.append(checks.check_key(channel_draft))

    check_now()
    check_now()  # nothing changed: the stored check
    monkeypatch.setattr(attack, "METHOD_VERSION", attack.METHOD_VERSION + 1)
    check_now()
    make_complaint(received_at=IN_Q2 + timedelta(days=1))
    assert services.recompute(channel_draft, sam)
    db.session.commit()
    check_now()
    publish_unsafe_beside(db, sam, pat, channel_draft, monkeypatch)
    check_now()
    assert keys[0] == keys[1] and len(set(keys)) == 4
    assert runs == [channel_draft.id] * 4
    assert [row.key for row in stored(db)] == keys[1:]
    assert [row.method_version for row in stored(db)] == [1, 2, 2, 2]


def test_two_requests_checking_at_once_store_one_row_and_neither_fails(
    app, db, channel_draft, sam, pat, monkeypatch
):
    publish_unsafe_beside(db, sam, pat, channel_draft, monkeypatch)
    real = attack.check_release
    other_request: list[list[attack.Risk]] = []

    def while_another_request_checks_too(release):
        found = real(release)
        if not other_request:  # the other request runs the same check and stores it first
            other_request.append([])
            with app.app_context():
                other = db.session.get(StatisticsRelease, release.id)
                other_request[0] = checks.disclosure_risks(other)
                db.session.commit()
        return found

    monkeypatch.setattr(attack, "check_release", while_another_request_checks_too)
    risks = checks.disclosure_risks(channel_draft)
    db.session.commit()
    assert risks == other_request[0] != []
    assert len(stored(db)) == 1


def test_the_release_page_runs_the_check_once_for_a_state_and_says_when(
    client, db, channel_draft, pat, runs
):
    login_as(client, pat)
    for _ in range(3):
        words = text(client.get(page_of(channel_draft)))
        forget_this_request()
    assert runs == [channel_draft.id]
    (row,) = stored(db)
    assert f"Checked on {formatting.date_at_time(row.checked_at)} (UK time)" in words
    assert "No count shown as [c] can be worked out" in words


def test_approval_refuses_a_draft_made_unsafe_after_its_clean_check(
    client, db, channel_draft, sam, pat, monkeypatch
):
    login_as(client, pat)
    assert "No count shown as [c] can be worked out" in text(client.get(page_of(channel_draft)))
    assert [r.risks for r in stored(db)] == [[]]
    publish_unsafe_beside(db, sam, pat, channel_draft, monkeypatch)
    forget_this_request()
    response = act(client, channel_draft, "approve", version="1", when="now")
    assert response.status_code == 400
    assert "cannot be approved: a count shown as [c] could be worked out" in text(response)
    assert refreshed(db, channel_draft).status is ReleaseStatus.DRAFT
    with pytest.raises(services.ReleaseProblem, match="could be worked out"):
        services.approve(channel_draft, pat, utcnow())
    db.session.rollback()
    assert "only 1" in text(response)  # the check of the state as it now is
    assert [bool(r.risks) for r in stored(db)] == [False, True]
