"""The audit trail's tamper evidence: the hash chain and its head, the ORM's refusal to
change an event, events recorded from many threads at once, and the migration that
started the chain."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from oversight import create_app
from oversight.audit import chain
from oversight.audit import services as audit
from oversight.audit.models import AuditChainHead, AuditEvent, AuditTampering
from oversight.extensions import db as _db
from tests.audit.trail import EVENTS_TABLE, events, record_some, verify_command

# --- Tamper evidence ---------------------------------------------------------------------


def test_the_chain_is_intact_after_many_events(db, runner):
    record_some(db, 120)
    result = audit.verify()
    assert result.intact and result.checked == 120
    outcome = verify_command(runner)
    assert outcome.exit_code == 0
    assert "intact: 120 events" in outcome.output


def test_an_empty_trail_is_intact(db, runner):
    assert audit.verify().intact
    assert verify_command(runner).exit_code == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("details", {"reference": "FR-999"}),
        ("actor", "user:999"),
        ("at", datetime(2020, 1, 1, tzinfo=UTC)),
        ("action", "case.queue_viewed"),
        ("object_id", "FR-999"),
        ("outcome", "denied"),
        ("request_id", "forged"),
    ],
)
def test_a_row_altered_in_the_database_is_caught_at_its_number(db, runner, column, value):
    record_some(db, 10)
    db.session.execute(
        sa.update(EVENTS_TABLE).where(EVENTS_TABLE.c.seq == 6).values({column: value})
    )
    db.session.commit()
    result = audit.verify()
    assert (result.broken_at, result.checked) == (6, 5)
    assert result.reason == "altered since it was recorded"
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "broken at event 6: altered since it was recorded" in outcome.output


def test_an_altered_row_with_a_recomputed_hash_breaks_the_link_to_the_next(db, runner):
    """Even with the key, a row recomputed alone no longer leads to the next one."""
    record_some(db, 10)
    forged = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 4))
    fields = {**audit._fields(forged), "actor": "user:999"}
    db.session.execute(
        sa.update(EVENTS_TABLE)
        .where(EVENTS_TABLE.c.seq == 4)
        .values(actor="user:999", hash=chain.mac(chain.keys()[0], forged.prev_hash, fields))
    )
    db.session.commit()
    result = audit.verify()
    assert result.broken_at == 5
    assert result.reason == "does not follow the event before it"
    assert verify_command(runner).exit_code == 1


def test_a_row_deleted_from_the_middle_is_caught(db, runner):
    record_some(db, 10)
    db.session.execute(sa.delete(EVENTS_TABLE).where(EVENTS_TABLE.c.seq == 5))
    db.session.commit()
    result = audit.verify()
    assert (result.broken_at, result.reason) == (5, "event missing")
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "broken at event 5: event missing" in outcome.output


def test_the_last_row_deleted_is_caught_by_the_chain_head(db, runner):
    record_some(db, 10)
    db.session.execute(sa.delete(EVENTS_TABLE).where(EVENTS_TABLE.c.seq == 10))
    db.session.commit()
    result = audit.verify()
    assert (result.broken_at, result.reason) == (10, "later events missing")
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "broken at event 10: later events missing" in outcome.output


def test_an_event_appended_behind_the_chains_back_is_caught(db, runner):
    record_some(db, 10)
    last = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 10))
    forged = {**audit._fields(last), "seq": 11, "actor": "user:999"}
    db.session.execute(
        sa.insert(EVENTS_TABLE).values(
            seq=11,
            at=last.at,
            actor="user:999",
            action=last.action,
            object_type=last.object_type,
            object_id=last.object_id,
            outcome=last.outcome,
            request_id=None,
            details=last.details,
            prev_hash=last.hash,
            hash=chain.mac(chain.keys()[0], last.hash, {**forged, "request_id": None}),
        )
    )
    db.session.commit()
    result = audit.verify()
    assert (result.broken_at, result.reason) == (11, "added outside the chain")
    assert verify_command(runner).exit_code == 1


def test_a_changed_chain_head_is_caught(db, runner):
    record_some(db, 3)
    db.session.execute(sa.update(AuditChainHead.__table__).values(last_hash="f" * 64))
    db.session.commit()
    result = audit.verify()
    assert (result.broken_at, result.reason) == (3, "does not match the chain head")
    assert verify_command(runner).exit_code == 1


def test_a_missing_chain_head_is_caught(db, runner):
    record_some(db, 3)
    db.session.execute(sa.delete(AuditChainHead.__table__))
    db.session.commit()
    try:
        result = audit.verify()
        assert (result.broken_at, result.reason) == (4, "chain head missing")
        assert verify_command(runner).exit_code == 1
    finally:
        db.session.execute(
            sa.insert(AuditChainHead.__table__).values(id=1, seq=0, last_hash="0" * 64)
        )
        db.session.commit()


def test_the_orm_refuses_to_change_an_audit_event(db):
    record_some(db, 1)
    [event] = events(db)
    event.details = {"reference": "FR-999"}
    with pytest.raises(AuditTampering):
        db.session.flush()
    db.session.rollback()
    assert events(db)[0].details == {"reference": "FR-0"}


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEvent).values(actor="user:999"),
        sa.update(AuditEvent).where(AuditEvent.seq == 1).values(details={}),
        sa.delete(AuditEvent),
        sa.delete(AuditEvent).where(AuditEvent.seq == 1),
    ],
    ids=["update all", "update one", "delete all", "delete one"],
)
def test_the_orm_refuses_bulk_changes_to_audit_events(db, statement):
    record_some(db, 2)
    with pytest.raises(AuditTampering):
        db.session.execute(statement)
    db.session.rollback()
    assert audit.verify().intact
    assert audit.verify().checked == 2


def test_the_orm_refuses_to_delete_an_audit_event(db):
    record_some(db, 1)
    [event] = events(db)
    db.session.delete(event)
    with pytest.raises(AuditTampering):
        db.session.flush()
    db.session.rollback()
    assert len(events(db)) == 1


# --- Concurrency -------------------------------------------------------------------------


def test_events_recorded_at_once_from_many_threads_form_one_contiguous_chain(app, db):
    threads_count, per_thread = 6, 15
    failures: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def writer(number: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for step in range(per_thread):
                    audit.record(
                        "case.viewed",
                        actor=f"user:{number}",
                        object_type="case",
                        object_id=f"T{number}-{step}",
                        reference=f"T{number}-{step}",
                    )
                    _db.session.commit()
                _db.session.remove()
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    total = threads_count * per_thread
    assert [event.seq for event in events(db)] == list(range(1, total + 1))
    result = audit.verify()
    assert result.intact and result.checked == total


# --- The migration that started the chain ------------------------------------------------


def test_migration_0002_chains_the_events_recorded_before_it(tmp_path):
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migration.db'}",
            "EVIDENCE_STORAGE_DIR": str(tmp_path / "evidence"),
        },
    )
    old_events = sa.table(
        "audit_events",
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("object_type", sa.String),
        sa.column("object_id", sa.String),
        sa.column("details", sa.JSON),
    )
    with app.app_context():
        upgrade()
        downgrade(revision="0001")
        with _db.engine.begin() as connection:
            connection.execute(
                old_events.insert(),
                [
                    {
                        "at": datetime(2026, 5, day, 9, 30, tzinfo=UTC),
                        "actor": "public",
                        "action": "complaint.submitted",
                        "object_type": "case",
                        "object_id": f"FR-{day}",
                        "details": {"reference": f"FR-{day}", "channel": "web"},
                    }
                    for day in (1, 2, 3)
                ],
            )
        upgrade()
        chained = list(_db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))
        assert [event.seq for event in chained] == [1, 2, 3]
        assert [event.object_id for event in chained] == ["FR-1", "FR-2", "FR-3"]
        assert all(event.outcome == "success" for event in chained)
        result = audit.verify()
        assert result.intact and result.checked == 3
        audit.record("user.disabled", actor="cli", object_type="user", object_id="1")
        _db.session.commit()
        assert audit.verify().checked == 4
        assert audit.verify().intact
        _db.session.remove()
        _db.engine.dispose()
