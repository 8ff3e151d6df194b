"""`flask statistics check-published` checks every release out again (as after a change to
the disclosure method), says which counts are at risk, and the staff list of releases
warns of a release out whose stored check found any."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.models import utcnow
from oversight.statistics import checks, services
from oversight.statistics.compute import attack
from oversight.statistics.enums import ReleaseStatus
from tests.factories import ANSWERS
from tests.helpers import login_as
from tests.statistics.calendar_data import approve_and_publish
from tests.statistics.staff_pages import (  # noqa: F401  (fixtures)
    LIST,
    pat_fixture,
    sam_fixture,
    text,
)
from tests.statistics.test_disclosure_approval import (  # noqa: F401  (fixtures)
    channel_draft_fixture,
    publish_unsafe_beside,
)
from tests.statistics.test_disclosure_checks import (  # noqa: F401  (fixtures)
    forget_this_request,
    runs_fixture,
)

EMAIL_AT_RISK = (
    "  April to June 2026 | Complaints received by how they were made | row Email | "
    "column {column} | only 1"
)


def check_published(runner):
    return runner.invoke(args=["statistics", "check-published"])


@pytest.fixture(name="channel_published")
def channel_published_fixture(db, channel_draft, pat):
    approve_and_publish(channel_draft, pat)  # on the day the calendar announces
    db.session.commit()
    return channel_draft


@pytest.fixture(name="unsafe")
def unsafe_fixture(db, sam, pat, channel_published, monkeypatch):
    """An earlier release, published before its check (or under a method since changed),
    that gives away the email [c] of the published April to June release beside it."""
    return publish_unsafe_beside(db, sam, pat, channel_published, monkeypatch)


def column_of(release) -> str:
    table = next(t for t in release.content["tables"] if t["id"] == "complaints_by_channel")
    return table["columns"][0]["label"]


def test_releases_out_that_give_nothing_away_pass(runner, db, channel_published):
    result = check_published(runner)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2026-q2, revision 1 (April to June 2026), published: no count shown as [c] is at risk.",
        "Checked 1 release with method version 1: 0 at risk.",
    ]


def test_each_release_at_risk_is_listed_with_its_cells_and_the_command_exits_1(
    runner, db, channel_published, unsafe
):
    result = check_published(runner)
    assert result.exit_code == 1, result.output
    email = EMAIL_AT_RISK.format(column=column_of(channel_published))
    assert result.output.splitlines() == [
        "2026-q1, revision 1 (January to March 2026), published: 1 count at risk:",
        email,
        "2026-q2, revision 1 (April to June 2026), published: 1 count at risk:",
        email,
        "Checked 2 releases with method version 1: 2 at risk.",
        "Prepare a revision of each release at risk that withholds those counts (for one "
        "approved, withdraw its approval first), and have it approved and published.",
    ]
    # Where the counts sit and what they could be: nothing about the complainants.
    for personal in (ANSWERS["name"], ANSWERS["email"], ANSWERS["place"]):
        assert personal not in result.output
    stored = db.session.scalars(sa.select(checks.DisclosureCheck)).all()
    assert {row.release_id for row in stored if row.risks} == {channel_published.id, unsafe.id}


def test_the_checks_are_kept_and_run_again_when_the_method_changes(
    runner, db, channel_published, unsafe, runs, monkeypatch
):
    assert check_published(runner).exit_code == 1
    forget_this_request()
    assert check_published(runner).exit_code == 1
    assert sorted(runs) == sorted([channel_published.id, unsafe.id])
    monkeypatch.setattr(attack, "METHOD_VERSION", attack.METHOD_VERSION + 1)
    forget_this_request()
    result = check_published(runner)
    assert "with method version 2: 2 at risk." in result.output
    assert len(runs) == 4


def test_the_staff_list_warns_of_a_release_out_at_risk_and_says_what_to_do(
    client, runner, db, channel_published, unsafe, pat, monkeypatch
):
    login_as(client, pat)
    assert "published-at-risk" not in client.get(LIST).get_data(as_text=True)  # not yet checked
    check_published(runner)
    words = text(client.get(LIST))
    assert (
        "Someone holding the releases already out could work out these counts shown as [c], "
        "or narrow them too far. Prepare a revision that withholds them" in words
    )
    assert "January to March 2026, revision 1 (Published; checked on" in words
    assert "prepare a revision of it that withholds them." in words
    cell = (
        "April to June 2026, Complaints received by how they were made, Email, "
        f"{column_of(channel_published)}: only 1"
    )
    assert words.count(cell) == 2
    # A check under a method since changed no longer stands.
    monkeypatch.setattr(attack, "METHOD_VERSION", attack.METHOD_VERSION + 1)
    assert "published-at-risk" not in client.get(LIST).get_data(as_text=True)


def revise_unchecked(db, release, sam, pat, publish_at):
    """A revision of the release, approved (its own check left out) for `publish_at`."""
    revision = services.prepare(release.period, sam, revision_note="Two forces re-sent.")
    db.session.commit()
    with pytest.MonkeyPatch.context() as unchecked:
        unchecked.setattr(checks, "disclosure_risks", lambda release: [])
        services.approve(revision, pat, publish_at)
    services.publish_due(utcnow() + timedelta(seconds=1))
    db.session.commit()
    return revision


def test_an_approved_release_at_risk_is_to_be_withdrawn(
    client, runner, db, channel_published, unsafe, sam, pat
):
    revision = revise_unchecked(db, channel_published, sam, pat, utcnow() + timedelta(days=30))
    assert revision.status is ReleaseStatus.APPROVED
    result = check_published(runner)
    assert result.exit_code == 1
    assert "2026-q2, revision 2 (April to June 2026), approved: 1 count at risk:" in result.output
    login_as(client, pat)
    words = text(client.get(LIST))
    assert "revision 2 (Approved, waiting to be published; checked on" in words
    assert "withdraw its approval before it is published, then recompute it." in words


def test_a_superseded_release_at_risk_is_revised_again(
    client, runner, db, channel_published, unsafe, sam, pat
):
    revision = revise_unchecked(db, channel_published, sam, pat, utcnow())
    db.session.refresh(channel_published)
    assert (channel_published.status, revision.status) == (
        ReleaseStatus.SUPERSEDED,
        ReleaseStatus.PUBLISHED,
    )
    result = check_published(runner)
    assert result.exit_code == 1
    assert "2026-q2, revision 1 (April to June 2026), superseded: 1 count at risk:" in (
        result.output
    )
    assert "2026-q2, revision 2 (April to June 2026), published: 1 count at risk:" in (
        result.output
    )
    login_as(client, pat)
    words = text(client.get(LIST))
    assert "revision 1 (Superseded by a revision; checked on" in words
    assert (
        "prepare a revision of the release now published for this period that withholds them."
        in words
    )
