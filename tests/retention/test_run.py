"""`flask retention run`: the dry run writes nothing, --apply applies every rule due with
one audit event a case and a summary, a second run does nothing, a legal hold stops it
and its release lets it through, and evidence files leave the store."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.enums import Channel, Status
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import OutboxMessage
from oversight.public import drafts
from oversight.retention import holds
from oversight.retention.models import LegalHold, RetentionApplied
from oversight.retention.schedule import MONTHS_SETTINGS, RecordKind
from tests.factories import make_case, make_user
from tests.retention.cases import (
    SECRET,
    applied,
    closed_case,
    files_kept,
    left,
    pending_keys,
    run,
    storage_root,
)

EVERYTHING_DUE = "2040-01-01"
ALL_KINDS = set(MONTHS_SETTINGS)


def row_counts(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def stored_files() -> set[str]:
    root = Path(storage_root())
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
    )


def test_the_dry_run_writes_nothing_at_all(db, runner):
    complaint = closed_case()
    make_case(Status.INVESTIGATING)
    _token, _draft = drafts.start(utcnow() - timedelta(days=3), timedelta(days=1))
    db.session.commit()
    before, files_before = row_counts(db), stored_files()
    contents = [
        (c.id, c.what_happened, c.version) for c in db.session.scalars(sa.select(Complaint))
    ]

    result = run(runner, "--today", EVERYTHING_DUE)

    assert "Dry run: nothing was changed" in result.output
    assert "Contact details: 1 case (deleted)" in result.output
    assert "What you told us: 1 case (anonymised)" in result.output
    assert "Unsent answers (drafts) past their lifetime: 1" in result.output
    assert "Cases with something due: 1" in result.output
    assert row_counts(db) == before
    assert stored_files() == files_before
    assert [
        (c.id, c.what_happened, c.version) for c in db.session.scalars(sa.select(Complaint))
    ] == contents
    assert all(left(complaint).values())


def test_apply_removes_every_kind_and_keeps_what_the_statistics_count(db, runner):
    complaint = closed_case()
    open_case = make_case(Status.INVESTIGATING, what_happened="Still being looked at.")
    keys = [evidence.storage_key for evidence in complaint.evidence]
    db.session.commit()
    counted = _counted(db, complaint)

    result = run(runner, "--apply", "--today", EVERYTHING_DUE)

    assert "Applied: 1 of 1 case" in result.output
    assert applied(complaint.id) == ALL_KINDS
    assert not any(left(complaint).values())
    assert files_kept(keys) == [] and pending_keys() == set()
    assert _counted(db, complaint) == counted
    # Nothing anywhere in the case's rows says what the person said.
    for table in ("complaints", "timeline_entries", "decisions", "reviews", "recommendations"):
        with db.engine.connect() as connection:
            for row in connection.execute(sa.text(f"SELECT * FROM {table}")):  # noqa: S608
                assert not any(SECRET in str(value) for value in row), table
    # The open case is not touched.
    db.session.refresh(open_case)
    assert open_case.what_happened == "Still being looked at."
    assert open_case.complainant is not None and applied(open_case.id) == set()


def _counted(db, complaint: Complaint) -> dict[str, object]:
    """What the statistics read of the case: its columns, rows and moves."""
    db.session.expire_all()
    case = db.session.get(Complaint, complaint.id)
    return {
        "case": (
            case.status,
            case.received_at,
            case.closed_at,
            case.closure_reason,
            case.referred_to,
            case.overall_outcome,
            case.decision_issued_at,
            case.channel,
            case.force_id,
            case.technology,
            case.relation,
            case.review_requested_at,
        ),
        "concerns": [c.concern for c in case.concerns],
        "findings": [(f.concern, f.finding) for f in case.findings],
        "moves": [
            (e.at, e.from_status, e.to_status, e.reason)
            for e in case.timeline
            if e.to_status is not None
        ],
        "decisions": [
            (d.number, d.overall_outcome, d.issued_at, d.findings) for d in case.decisions
        ],
        "reviews": [(r.requested_at, r.outcome, r.decided_at) for r in case.reviews],
        "recommendations": [(r.force_id, r.response, r.created_at) for r in case.recommendations],
        "messages": [
            (m.kind, m.created_at, m.sent_at)
            for m in db.session.scalars(
                sa.select(OutboxMessage).where(OutboxMessage.complaint_id == case.id)
            )
        ],
    }


def test_each_case_has_one_audit_event_and_the_run_a_summary(db, runner):
    first, second = closed_case(), closed_case()
    db.session.commit()
    run(runner, "--apply", "--today", EVERYTHING_DUE)

    per_case = events(db, "retention.applied")
    assert sorted(e.object_id for e in per_case) == sorted([first.reference, second.reference])
    assert set(per_case[0].details["kinds"]) == {kind.value for kind in ALL_KINDS}
    [summary] = events(db, "retention.run")
    assert summary.details["cases"] == 2
    assert summary.details["kinds"] == {kind.value: 2 for kind in MONTHS_SETTINGS}
    assert summary.details["run_id"] == per_case[0].details["run_id"]
    assert summary.details["today"] == EVERYTHING_DUE


def test_a_second_run_does_nothing(db, runner):
    complaint = closed_case()
    db.session.commit()
    run(runner, "--apply", "--today", EVERYTHING_DUE)
    rows = db.session.scalars(sa.select(RetentionApplied)).all()
    stamps = {(r.kind, r.applied_at, r.run_id) for r in rows}
    version = db.session.get(Complaint, complaint.id).version

    dry = run(runner, "--today", EVERYTHING_DUE)
    assert "Cases with something due: 0" in dry.output
    again = run(runner, "--apply", "--today", EVERYTHING_DUE)
    assert "Done: 0 cases" in again.output
    rows = db.session.scalars(sa.select(RetentionApplied)).all()
    assert {(r.kind, r.applied_at, r.run_id) for r in rows} == stamps
    assert db.session.get(Complaint, complaint.id).version == version
    assert len(events(db, "retention.applied")) == 1
    assert [e.details["cases"] for e in events(db, "retention.run")] == [1, 0]


def test_only_closed_cases_are_due(db, runner):
    complaint = closed_case()
    complaint.status = Status.REVIEW_REQUESTED  # reopened: closed_at stays, status moves on
    db.session.commit()
    result = run(runner, "--apply", "--today", EVERYTHING_DUE)
    assert "Cases with something due: 0" in result.output
    assert all(left(complaint).values())


def test_a_case_closed_again_after_a_rule_was_applied_is_due_again(db, runner):
    complaint = closed_case()
    db.session.commit()
    run(runner, "--apply", "--today", "2028-08-28")
    assert applied(complaint.id) == ALL_KINDS - {RecordKind.FREE_TEXT, RecordKind.INTERNAL_NOTES}
    complaint = db.session.get(Complaint, complaint.id)
    complaint.closed_at = datetime(2028, 9, 1, 10, tzinfo=UTC)  # reopened and closed again
    complaint.timeline.append(TimelineEntry(kind="note", actor="user:1", body=SECRET))
    complaint.timeline.append(TimelineEntry(kind="correspondence_in", actor="user:1", body=SECRET))
    db.session.commit()
    run(runner, "--apply", "--today", "2030-08-31")
    assert left(complaint)[RecordKind.LOGGED_CALLS]  # due again on 1 September 2030
    run(runner, "--apply", "--today", "2030-09-01")
    assert not left(complaint)[RecordKind.LOGGED_CALLS]
    assert left(complaint)[RecordKind.INTERNAL_NOTES]  # six years from the new closure


def test_a_legal_hold_stops_the_run_and_its_release_lets_it_through(db, runner):
    complaint, other = closed_case(), closed_case()
    senior = make_user({Role.SENIOR_CASEWORKER}, "hold-senior@example.test")
    holds.set_hold(complaint, "A claim in the county court.", senior)
    db.session.commit()

    result = run(runner, "--apply", "--today", EVERYTHING_DUE)
    assert "Cases skipped for a legal hold: 1" in result.output
    assert complaint.reference in result.output
    assert all(left(complaint).values()) and applied(complaint.id) == set()
    assert applied(other.id) == ALL_KINDS
    assert events(db, "retention.run")[-1].details["held"] == 1

    hold = db.session.scalar(sa.select(LegalHold))
    holds.release_hold(db.session.get(Complaint, complaint.id), "The claim was settled.", senior)
    db.session.commit()
    assert hold.released_by_id == senior.id and hold.release_reason == "The claim was settled."
    run(runner, "--apply", "--today", EVERYTHING_DUE)
    assert applied(complaint.id) == ALL_KINDS
    assert not any(left(complaint).values())


def test_a_hold_set_after_the_plan_still_stops_the_case(db, runner, app):
    """apply_case looks for a hold again inside the case's own transaction."""
    from oversight.retention import run as retention

    complaint = closed_case()
    senior = make_user({Role.SENIOR_CASEWORKER}, "hold-senior@example.test")
    db.session.commit()
    plan = retention.plan(app.config, datetime(2040, 1, 1).date(), utcnow())
    assert [due.complaint_id for due in plan.due] == [complaint.id]
    holds.set_hold(complaint, "A court order.", senior)
    db.session.commit()
    rules = retention.case_rules(app.config)
    assert retention.apply_case(complaint.id, rules, plan.today, "r" * 32, utcnow()) == ()
    db.session.rollback()
    assert applied(complaint.id) == set()


def test_expired_drafts_and_their_files_go(db, runner):
    from io import BytesIO

    from oversight.complaints.evidence import evidence_store
    from tests import files

    old_token, old = drafts.start(utcnow() - timedelta(days=2), timedelta(days=1))
    stored = evidence_store().save(BytesIO(files.pdf()), "letter.pdf")
    drafts.add_file(old, "letter.pdf", stored)
    _new_token, new = drafts.start(utcnow(), timedelta(days=1))
    db.session.commit()
    result = run(runner, "--apply")
    assert "Deleted: 1 unsent answers" in result.output
    assert drafts.find(old_token, utcnow() - timedelta(days=2)) is None
    assert db.session.get(type(new), new.id) is not None
    assert not evidence_store().exists(stored.key)
    assert events(db, "retention.run")[-1].details["drafts"] == 1


def test_a_complaint_logged_by_staff_loses_its_typed_words_with_the_logged_calls(db, runner):
    complaint = closed_case(channel=Channel.PHONE)
    db.session.commit()
    run(runner, "--apply", "--today", "2028-08-28")
    db.session.refresh(complaint)
    assert (complaint.place, complaint.what_happened, complaint.outcome_wanted) == ("", "", "")


def test_files_left_by_a_run_that_died_are_deleted_first(db, runner):
    from oversight.retention.models import PendingFileDeletion

    complaint = closed_case()
    key = complaint.evidence[0].storage_key
    # As a run that died after its commit leaves it: the row gone, the key queued.
    complaint.evidence.clear()
    db.session.add(PendingFileDeletion(storage_key=key))
    db.session.commit()
    assert os.path.exists(os.path.join(storage_root(), key[:2], key))
    dry = run(runner)
    assert "Files left to delete by an earlier run: 1" in dry.output
    assert files_kept([key]) == [key]
    run(runner, "--apply")
    assert files_kept([key]) == [] and pending_keys() == set()
