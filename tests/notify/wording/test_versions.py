"""Versions: version 1 is the shipped wording, made once; each save is the next version
with who and when, audited; a message records the version (or two) it was written from;
unknown placeholders and saves over someone else's are refused."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.complaints.enums import Language, Status
from oversight.notify import services as notify
from oversight.notify.models import MessageKind
from oversight.notify.wording import compose, render, store
from oversight.notify.wording.models import MessageTemplateVersion
from oversight.problems import Changed
from tests.factories import make_case

EN, CY = Language.ENGLISH, Language.WELSH


def test_version_one_is_the_shipped_wording_made_once(db: Any) -> None:
    first = store.current("acknowledgement", EN)
    again = store.current("acknowledgement", EN)
    assert first.id == again.id and first.version == 1 and first.created_by is None
    assert (first.subject, first.body) == store.shipped("acknowledgement", EN)


def test_version_one_made_by_another_request_meanwhile_is_read_not_duplicated(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = store.current("withdrawal", CY)
    db.session.commit()
    real = store.latest
    calls = []

    def not_yet(key: str, language: Language) -> MessageTemplateVersion | None:
        calls.append(key)
        return None if len(calls) == 1 else real(key, language)

    monkeypatch.setattr(store, "latest", not_yet)
    assert store.current("withdrawal", CY).id == made.id
    assert len(store.versions("withdrawal", CY)) == 1


def test_a_save_is_the_next_version_with_who_and_when_and_is_audited(
    db: Any, senior_caseworker: User
) -> None:
    saved = store.save(
        "reply_received",
        EN,
        "Thanks: ((reference))",
        "Got it, ((reference)).",
        senior_caseworker,
        1,
    )
    db.session.commit()
    assert saved.version == 2 and saved.created_by_id == senior_caseworker.id
    assert [v.version for v in store.versions("reply_received", EN)] == [2, 1]
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "message_template.saved")
    )
    assert event is not None and event.details == {
        "key": "reply_received",
        "language": "en",
        "version": 2,
    }


def test_a_save_over_a_version_saved_meanwhile_is_refused(db: Any, senior_caseworker: User) -> None:
    store.save("reply_received", EN, "A ((reference))", "One", senior_caseworker, 1)
    with pytest.raises(Changed):
        store.save("reply_received", EN, "B ((reference))", "Two", senior_caseworker, 1)


def test_wording_naming_an_unknown_placeholder_is_refused_with_what_it_can_use(
    db: Any, senior_caseworker: User
) -> None:
    with pytest.raises(store.WordingProblem) as refused:
        store.save("reply_received", EN, "Hi", "Dear ((name)), ((reference))", senior_caseworker, 1)
    assert refused.value.field == "body"
    assert "Remove ((name))" in refused.value.message
    assert "((tracking_url))" in refused.value.message
    assert store.versions("reply_received", EN) == []


def test_a_version_never_changes(db: Any) -> None:
    version = store.current("acknowledgement", EN)
    version.body = "Rewritten"
    with pytest.raises(ValueError, match="never changes"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE message_template_versions SET body = 'Rewritten'",
        "DELETE FROM message_template_versions",
    ],
)
def test_the_database_keeps_a_version_whatever_path_asks(db: Any, statement: str) -> None:
    store.current("acknowledgement", EN)
    db.session.commit()
    with (
        pytest.raises(sa.exc.DBAPIError, match="kept as it was"),
        db.engine.begin() as connection,
    ):
        connection.execute(sa.text(statement))
    assert store.current("acknowledgement", EN).version == 1


def test_placeholders_are_filled_as_plain_text_never_run() -> None:
    text = render.fill("{{ 7 * 7 }} ((reference)) {% if x %}", {"reference": "((note)) {{x}}"})
    assert text == "{{ 7 * 7 }} ((note)) {{x}} {% if x %}\n"


def test_a_line_holding_only_an_empty_placeholder_is_left_out() -> None:
    assert render.fill("One\n\n((note))\n\nTwo", {"note": ""}) == "One\n\nTwo\n"


def test_a_message_records_its_version_and_uses_the_newest(
    db: Any, senior_caseworker: User
) -> None:
    complaint = make_case(Status.IN_TRIAGE)
    first = notify.queue_message(complaint, MessageKind.REPLY_RECEIVED)
    db.session.flush()
    assert first.template_version_id == store.current("reply_received", EN).id
    store.save(
        "reply_received",
        EN,
        "Reply to ((reference))",
        "New wording for ((reference)).",
        senior_caseworker,
        1,
    )
    second = notify.queue_message(complaint, MessageKind.REPLY_RECEIVED)
    db.session.flush()
    assert second.template_version_id == store.current("reply_received", EN).id
    assert second.body == f"New wording for {complaint.reference}.\n"
    assert second.subject == f"Reply to {complaint.reference}"
    assert second.second_template_version_id is None


def test_a_welsh_complaint_is_written_to_in_welsh(db: Any) -> None:
    complaint = make_case(Status.IN_TRIAGE, language=CY)
    message = notify.queue_message(complaint, MessageKind.ACKNOWLEDGEMENT)
    assert message.language is CY
    assert message.subject == f"Mae eich cwyn {complaint.reference} wedi dod i law"


def test_a_complainant_who_asked_for_both_gets_the_welsh_then_the_english(db: Any) -> None:
    complaint = make_case(Status.IN_TRIAGE)
    assert complaint.complainant is not None
    complaint.complainant.both_languages = True
    message = notify.queue_message(complaint, MessageKind.ACKNOWLEDGEMENT)
    db.session.flush()
    welsh, english = message.body.split(compose.BETWEEN_LANGUAGES)
    assert welsh.startswith("Mae eich cwyn am ddefnydd yr heddlu")
    assert english.startswith("We have received your complaint")
    assert message.language is CY
    assert message.template_version_id == store.current("acknowledgement", CY).id
    assert message.second_template_version_id == store.current("acknowledgement", EN).id
    assert message.subject.startswith("Mae eich cwyn") and " / We have received" in message.subject
