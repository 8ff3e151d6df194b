"""The audit trail: declared events, what is recorded, tamper evidence, the admin log."""

from __future__ import annotations

import io
import json
import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from oversight import create_app
from oversight.audit import services as audit
from oversight.audit.models import AuditChainHead, AuditEvent, AuditTampering
from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, Evidence
from oversight.extensions import db as _db
from oversight.models import utcnow
from tests import files
from tests.factories import PASSWORD, TOTP_SECRET, make_complaint, make_user
from tests.helpers import (
    answer_everything,
    csrf_token,
    current_code,
    login_as,
    post_page,
    send_complaint,
)

AUDIT_LOG = "/staff/audit"
# The table itself, as someone with database access would reach it: no ORM guard applies.
EVENTS_TABLE = AuditEvent.__table__
COMPLAINANT = {"name": "Jo Bloggs", "email": "jo@example.com", "phone": "07700 900123"}


def events(db: Any, action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = sa.select(AuditEvent).order_by(AuditEvent.seq)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def record_some(db: Any, count: int) -> None:
    for number in range(count):
        audit.record(
            "case.viewed",
            actor=f"user:{number % 3 + 1}",
            object_type="case",
            object_id=f"FR-{number}",
            reference=f"FR-{number}",
        )
    db.session.commit()


def verify_command(runner: Any) -> Any:
    return runner.invoke(args=["audit", "verify"])


# --- Each event kind declares its fields -------------------------------------------------


@pytest.mark.parametrize(
    ("action", "outcome", "details"),
    [
        pytest.param("case.viewed", "success", {}, id="missing field"),
        pytest.param("case.viewed", "success", {"reference": "X", "name": "Jo"}, id="extra field"),
        pytest.param("case.peeked", "success", {"reference": "X"}, id="unknown action"),
        pytest.param("case.viewed", "maybe", {"reference": "X"}, id="bad outcome"),
    ],
)
def test_an_event_that_does_not_match_its_declaration_is_refused_and_leaves_no_trace(
    db, action, outcome, details
):
    with pytest.raises(audit.UnknownAuditEvent):
        audit.record(action, actor="user:1", object_type="case", outcome=outcome, **details)
    db.session.commit()
    assert events(db) == []
    assert db.session.get(AuditChainHead, 1).seq == 0


def test_every_declared_kind_can_be_recorded_with_exactly_its_fields(db):
    for action, fields in audit.EVENTS.items():
        audit.record(action, actor="user:1", object_type="test", **dict.fromkeys(fields, "x"))
    db.session.commit()
    recorded = events(db)
    assert [event.action for event in recorded] == list(audit.EVENTS)
    assert all(set(event.details) == audit.EVENTS[event.action] for event in recorded)
    assert audit.verify().intact


# --- What every event carries ------------------------------------------------------------


def test_an_event_recorded_in_a_request_has_actor_action_object_outcome_utc_time_and_request_id(
    client, db, caseworker
):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    before = utcnow()
    response = client.get(f"/staff/cases/{complaint.reference}")
    assert response.status_code == 200
    [event] = events(db, "case.viewed")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id) == ("case", complaint.reference)
    assert event.outcome == "success"
    assert event.at.utcoffset() == timedelta(0)
    assert before <= event.at <= utcnow()
    assert event.request_id
    assert response.headers["X-Request-ID"] == event.request_id


def test_each_request_has_its_own_request_id(client, db, caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    headers = {
        client.get(f"/staff/cases/{complaint.reference}").headers["X-Request-ID"] for _ in "ab"
    }
    assert len(headers) == 2
    assert {event.request_id for event in events(db, "case.viewed")} == headers


def test_an_event_recorded_outside_a_request_has_no_request_id(db):
    audit.record("user.disabled", actor="cli", object_type="user", object_id="1")
    db.session.commit()
    [event] = events(db)
    assert event.request_id is None
    assert event.actor == "cli"


# --- Events written for sign-in, accounts, cases, evidence and refusals ----------------


def sign_in_with_password(client, email: str, password: str) -> Any:
    return post_page(client, "/staff/sign-in", {"email": email, "password": password})


def test_signing_in_through_the_forms_records_a_successful_sign_in(client, db, caseworker):
    assert sign_in_with_password(client, caseworker.email, PASSWORD).status_code == 302
    response = post_page(client, "/staff/security-code", {"code": current_code(TOTP_SECRET)})
    assert response.status_code == 302
    [event] = events(db, "auth.sign_in")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id, event.outcome) == (
        "user",
        str(caseworker.id),
        "success",
    )
    assert event.request_id == response.headers["X-Request-ID"]
    assert events(db, "auth.sign_in_failed") == []


@pytest.mark.parametrize(
    ("email", "password", "reason"),
    [
        ("caseworker@example.test", "not the right password", "wrong_password"),
        ("nobody@example.test", PASSWORD, "unknown_account"),
    ],
)
def test_a_failed_sign_in_through_the_form_is_recorded_with_its_reason(
    client, db, caseworker, email, password, reason
):
    response = sign_in_with_password(client, email, password)
    assert response.status_code == 400
    [event] = events(db, "auth.sign_in_failed")
    assert (event.actor, event.outcome) == ("public", "failure")
    assert event.details == {"email": email, "reason": reason}
    assert event.object_id == (str(caseworker.id) if reason == "wrong_password" else None)
    assert events(db, "auth.sign_in") == []


def test_a_wrong_security_code_is_recorded_as_a_failure(client, db, caseworker):
    sign_in_with_password(client, caseworker.email, PASSWORD)
    response = post_page(client, "/staff/security-code", {"code": "000000"})
    assert response.status_code == 400
    [event] = events(db, "auth.mfa_failed")
    assert (event.actor, event.outcome) == (f"user:{caseworker.id}", "failure")
    assert events(db, "auth.sign_in") == []


def test_setting_up_a_security_code_records_the_enrolment(client, db):
    user = make_user({Role.CASEWORKER}, enrolled=False)
    db.session.commit()
    assert sign_in_with_password(client, user.email, PASSWORD).location.endswith(
        "/staff/security-code/set-up"
    )
    client.get("/staff/security-code/set-up")
    db.session.expire_all()
    secret = db.session.get(User, user.id).totp_secret
    response = post_page(client, "/staff/security-code/set-up", {"code": current_code(secret)})
    assert response.status_code == 302
    [enrolled] = events(db, "auth.mfa_enrolled")
    assert (enrolled.actor, enrolled.object_id) == (f"user:{user.id}", str(user.id))
    assert len(events(db, "auth.sign_in")) == 1


@pytest.mark.parametrize(
    ("path", "data", "action"),
    [
        ("/new", None, "user.created"),
        (
            "",
            {"name": "Sam Other", "email": "sam@example.com", "roles": "publisher"},
            "user.changed",
        ),
        ("/disable", {}, "user.disabled"),
        ("/reset-security-code", {}, "user.mfa_reset"),
        (
            "/password",
            {
                "new_password": "a fresh long passphrase",
                "confirm_password": "a fresh long passphrase",
            },
            "user.password_reset",
        ),
    ],
)
def test_each_account_change_in_the_admin_pages_is_recorded(
    client, db, administrator, statistician, path, data, action
):
    login_as(client, administrator)
    if data is None:
        url = "/staff/users/new"
        data = {
            "name": "New Person",
            "email": "new@example.com",
            "roles": "caseworker",
            "password": "a long enough passphrase",
        }
    else:
        url = f"/staff/users/{statistician.id}{path}"
    token = csrf_token(client.get(f"/staff/users/{statistician.id}").get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 302
    [event] = events(db, action)
    assert (event.actor, event.object_type, event.outcome) == (
        f"user:{administrator.id}",
        "user",
        "success",
    )
    assert event.object_id is not None
    assert event.request_id == response.headers["X-Request-ID"]


def test_enabling_an_account_in_the_admin_pages_is_recorded(client, db, administrator):
    user = make_user({Role.CASEWORKER}, disabled_at=utcnow())
    db.session.commit()
    login_as(client, administrator)
    token = csrf_token(client.get(f"/staff/users/{user.id}").get_data(as_text=True))
    response = client.post(f"/staff/users/{user.id}/enable", data={"csrf_token": token})
    assert response.status_code == 302
    [event] = events(db, "user.enabled")
    assert (event.actor, event.object_id) == (f"user:{administrator.id}", str(user.id))


def test_viewing_a_case_and_its_complainant_is_recorded(client, db, caseworker):
    complaint = make_complaint(**COMPLAINANT)
    db.session.commit()
    login_as(client, caseworker)
    assert client.get(f"/staff/cases/{complaint.reference}").status_code == 200
    page = client.get(f"/staff/cases/{complaint.reference}/complainant")
    assert page.status_code == 200
    assert COMPLAINANT["name"] in page.get_data(as_text=True)
    [viewed, contact] = [e for e in events(db) if e.action.startswith(("case.", "complainant."))]
    assert (viewed.action, viewed.object_id) == ("case.viewed", complaint.reference)
    assert (contact.action, contact.object_id) == ("complainant.viewed", complaint.reference)
    assert contact.actor == f"user:{caseworker.id}"
    assert contact.details == {"reference": complaint.reference}


def send_complaint_with_a_photo(app: Any) -> None:
    public = app.test_client()
    answer_everything(public, **{"contact-details": {"phone": COMPLAINANT["phone"]}})
    token = csrf_token(public.get("/complain/evidence").get_data(as_text=True))
    upload = public.post(
        "/complain/evidence",
        data={
            "csrf_token": token,
            "action": "upload",
            "files": [(io.BytesIO(files.png()), "camera van.png")],
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert send_complaint(public).status_code == 200


def test_a_caseworker_downloads_public_evidence_as_an_attachment_and_it_is_recorded(
    app, client, db, caseworker
):
    send_complaint_with_a_photo(app)
    evidence = db.session.scalar(sa.select(Evidence))
    reference = evidence.complaint.reference
    login_as(client, caseworker)
    response = client.get(f"/staff/cases/{reference}/evidence/{evidence.id}")
    assert response.status_code == 200
    assert response.data == files.png()
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "camera" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    [event] = events(db, "evidence.downloaded")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id) == ("evidence", str(evidence.id))
    assert event.details == {"reference": reference, "evidence_id": evidence.id}
    assert event.request_id == response.headers["X-Request-ID"]


def test_a_statistician_opening_a_case_is_refused_and_the_refusal_recorded(
    client, db, statistician
):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, statistician)
    response = client.get(f"/staff/cases/{complaint.reference}")
    assert response.status_code == 403
    [event] = events(db, "access.refused")
    assert (event.actor, event.outcome) == (f"user:{statistician.id}", "denied")
    assert event.details == {"endpoint": "casework.case_detail", "method": "GET"}
    assert event.request_id == response.headers["X-Request-ID"]
    assert events(db, "case.viewed") == []


def test_no_event_carries_a_complainants_personal_data(app, client, db, caseworker):
    send_complaint_with_a_photo(app)
    complaint = db.session.scalar(sa.select(Complaint))
    [evidence] = complaint.evidence
    login_as(client, caseworker)
    for path in (
        "/staff/cases",
        f"/staff/cases/{complaint.reference}",
        f"/staff/cases/{complaint.reference}/complainant",
        f"/staff/cases/{complaint.reference}/evidence/{evidence.id}",
    ):
        assert client.get(path).status_code == 200
    recorded = events(db)
    assert {event.action for event in recorded} >= {
        "complaint.submitted",
        "case.queue_viewed",
        "case.viewed",
        "complainant.viewed",
        "evidence.downloaded",
    }
    everything = json.dumps(
        [[e.actor, e.object_id, e.details] for e in recorded], ensure_ascii=False
    ).lower()
    for value in (*COMPLAINANT.values(), "07700900123", "bloggs"):
        assert value.lower() not in everything


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
    record_some(db, 10)
    forged = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 4))
    fields = {**audit._fields(forged), "actor": "user:999"}
    db.session.execute(
        sa.update(EVENTS_TABLE)
        .where(EVENTS_TABLE.c.seq == 4)
        .values(actor="user:999", hash=audit._digest(forged.prev_hash, fields))
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
            hash=audit._digest(last.hash, {**forged, "request_id": None}),
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


# --- The audit log for administrators ----------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "statistician", "publisher"])
def test_only_administrators_may_read_the_audit_log(request, client, db, role):
    user = request.getfixturevalue(role)
    login_as(client, user)
    assert client.get(AUDIT_LOG).status_code == 403
    [refused] = events(db)
    assert (refused.action, refused.actor) == ("access.refused", f"user:{user.id}")
    assert events(db, "audit.viewed") == []


def test_the_audit_log_needs_a_signed_in_user(client, db):
    response = client.get(AUDIT_LOG)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.location


ROW_NUMBER = re.compile(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)</td>')


def shown(html: str) -> list[int]:
    return [int(number) for number in ROW_NUMBER.findall(html)]


@pytest.fixture
def varied_events(db, monkeypatch) -> None:
    """Five events at known times (numbered 1 to 5 in order)."""
    rows = [
        ("case.viewed", "user:901", "ABC-1", "success", datetime(2026, 3, 1, 12, tzinfo=UTC)),
        ("case.queue_viewed", "user:902", None, "success", datetime(2026, 3, 2, 12, tzinfo=UTC)),
        ("auth.sign_in_failed", "public", "5", "failure", datetime(2026, 3, 3, 12, tzinfo=UTC)),
        ("access.refused", "user:902", "ABC-1", "denied", datetime(2026, 3, 4, 12, tzinfo=UTC)),
        (
            "complainant.viewed",
            "user:901",
            "ABC-2",
            "success",
            datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
        ),
    ]
    details = {
        "case.viewed": {"reference": "ABC-1"},
        "case.queue_viewed": {"filters": {}, "count": 2},
        "auth.sign_in_failed": {"email": "x@example.test", "reason": "wrong_password"},
        "access.refused": {"endpoint": "casework.case_detail", "method": "GET"},
        "complainant.viewed": {"reference": "ABC-2"},
    }
    for action, actor, object_id, outcome, at in rows:
        monkeypatch.setattr(audit, "utcnow", lambda at=at: at)
        audit.record(
            action,
            actor=actor,
            object_type="case",
            object_id=object_id,
            outcome=outcome,
            **details[action],
        )
    monkeypatch.undo()
    db.session.commit()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [5, 4, 3, 2, 1]),
        ({"action": "case."}, [2, 1]),
        ({"action": "auth"}, [3]),
        ({"actor": "user:901"}, [5, 1]),
        ({"object_id": "ABC-1"}, [4, 1]),
        ({"outcome": "denied"}, [4]),
        ({"outcome": "failure"}, [3]),
        ({"date_from": "2026-03-03"}, [5, 4, 3]),
        ({"date_to": "2026-03-02"}, [2, 1]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-04"}, [4, 3, 2]),
        ({"date_to": "2026-06-30"}, [5, 4, 3, 2, 1]),
        ({"date_from": "2026-07-01"}, []),
        ({"date_from": "not a date"}, [5, 4, 3, 2, 1]),
        ({"date_to": "9999-12-31"}, [5, 4, 3, 2, 1]),
        ({"action": "%"}, []),
        ({"actor": "user:901\x00"}, [5, 1]),
        ({"actor": "user:902", "outcome": "success"}, [2]),
    ],
)
def test_the_audit_log_filters_by_action_actor_object_outcome_and_utc_dates(
    client, db, administrator, varied_events, query, expected
):
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string=query)
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == expected


def test_the_audit_log_pages_through_events_newest_first_keeping_the_filters(
    client, db, administrator
):
    record_some(db, 120)
    login_as(client, administrator)
    first = client.get(AUDIT_LOG, query_string={"action": "case."}).get_data(as_text=True)
    assert shown(first) == list(range(120, 70, -1))
    assert "120 events" in first
    assert 'href="/staff/audit?page=2&amp;action=case."' in first
    second = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 2})
    assert shown(second.get_data(as_text=True)) == list(range(70, 20, -1))
    last = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 3})
    last_html = last.get_data(as_text=True)
    assert shown(last_html) == list(range(20, 0, -1))
    assert "page=4" not in last_html
    assert 'href="/staff/audit?page=2&amp;action=case."' in last_html


def test_a_page_past_the_end_of_the_audit_log_shows_the_last_page(client, db, administrator):
    record_some(db, 60)
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 10**20})
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == list(range(10, 0, -1))


def test_reading_the_audit_log_is_itself_recorded_with_its_filters(client, db, administrator):
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string={"action": "auth.", "outcome": "failure"})
    [event] = events(db, "audit.viewed")
    assert event.actor == f"user:{administrator.id}"
    assert event.object_type == "audit_log"
    assert event.details == {"filters": {"action": "auth.", "outcome": "failure"}}
    assert event.request_id == response.headers["X-Request-ID"]
    assert audit.verify().intact


def test_markup_in_events_and_filters_is_shown_as_text(client, db, administrator):
    audit.record(
        "auth.sign_in_failed",
        actor="public",
        object_type="user",
        outcome="failure",
        email="<script>alert(1)</script>",
        reason="unknown_account",
    )
    db.session.commit()
    login_as(client, administrator)
    html = client.get(AUDIT_LOG, query_string={"actor": '"><script>alert(2)</script>'}).get_data(
        as_text=True
    )
    html += client.get(AUDIT_LOG).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "alert(1)" in html
    assert "&#34;&gt;&lt;script&gt;alert(2)" in html or "&quot;&gt;&lt;script&gt;alert(2)" in html
