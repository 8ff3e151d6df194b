"""The "Who will read this?" question on the case page's forms: internal unless chosen,
labelled with who reads each piece of text, and a wrong answer is a GOV.UK error that
keeps what was typed. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re

import pytest

from oversight.complaints.enums import Status, TimelineKind
from tests.casework.cases import act, case, page_of, snapshot
from tests.factories import make_case
from tests.helpers import login_as

STAFF_ONLY = "Only staff (an internal note)"
COMPLAINANT = "The complainant, on their tracking page, and staff"
# Each choice on the case page: its id there, its name in the form, its question.
CHOICES = {
    "triage": ("triage-note-audience", "note_audience", "Who will read the note?"),
    "move": ("move-note-audience", "note_audience", "Who will read the note?"),
    "note": ("note-audience", "audience", "Who will read this?"),
    "recommendation": (
        "recommendation-audience",
        "audience",
        "Who will read this recommendation?",
    ),
}


def radio(html: str, field_id: str, value: str) -> str:
    match = re.search(
        rf'<input class="govuk-radios__input" id="{field_id}(-2)?"[^>]*value="{value}"[^>]*>', html
    )
    assert match, (field_id, value)
    return match.group(0)


def fieldset(html: str, field_id: str) -> str:
    """The fieldset of one choice: from its legend to its last radio."""
    end = html.index(f'id="{field_id}-2"')
    start = html.rindex("<fieldset", 0, end)
    return html[start:end]


def test_every_choice_of_who_reads_is_internal_unless_chosen_and_says_who_reads(
    client, db, caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    html = page_of(client, complaint.reference)
    for field_id, name, question in CHOICES.values():
        assert radio(html, field_id, "internal").endswith(" checked>"), field_id
        assert "checked" not in radio(html, field_id, "complainant"), field_id
        assert f'name="{name}"' in radio(html, field_id, "internal")
        shown = fieldset(html, field_id)
        assert question in shown
        assert STAFF_ONLY in html[html.index(f'for="{field_id}"') :][:400]
    assert COMPLAINANT in html
    assert "Only staff will read this." in html.split('id="triage-priority-reason-hint"')[1][:200]
    request_hint = html.split('id="request-text-hint"')[1][:200]
    assert "The complainant will read this" in request_hint


def test_the_logged_reply_says_only_staff_read_it(client, db, caseworker):
    complaint = make_case(Status.AWAITING_INFORMATION)
    db.session.commit()
    login_as(client, caseworker)
    html = page_of(client, complaint.reference)
    assert "Only staff will read this" in html.split('id="reply-text-hint"')[1][:200]


# Each form with a choice: the status it is sent at, what else it needs, and its text.
SENT = {
    "note": (Status.INVESTIGATING, "notes", {}, "text"),
    "triage": (
        Status.IN_TRIAGE,
        "triage",
        {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]},
        "note",
    ),
    "move": (Status.INVESTIGATING, "move", {"target": "awaiting_information"}, "note"),
    "recommendation": (
        Status.INVESTIGATING,
        "recommendations",
        {"force": "south-wales", "due_date": "2027-01-29"},
        "text",
    ),
}


@pytest.mark.parametrize("form", sorted(SENT))
@pytest.mark.parametrize("answer", ["everyone", "", "INTERNAL"])
def test_an_answer_not_offered_is_a_govuk_error_that_keeps_the_text(
    client, db, caseworker, form, answer
):
    status, action, data, text_field = SENT[form]
    field_id, name, _question = CHOICES[form]
    complaint = make_case(status)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    typed = "Rang the <b>force</b> & left a message."
    response = act(
        client, db, complaint.reference, action, {**data, text_field: typed, name: answer}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<a href="#{field_id}">Select who will read this</a>' in html
    assert f'id="{field_id}-error"' in html
    assert "Rang the &lt;b&gt;force&lt;/b&gt; &amp; left a message." in html
    assert snapshot(db, complaint.reference) == before


@pytest.mark.parametrize(
    ("sent", "visible"), [(None, False), ("internal", False), ("complainant", True)]
)
def test_a_note_is_for_staff_unless_the_complainant_is_chosen(
    client, db, caseworker, sent, visible
):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    data = {"text": "Rang the force."} | ({"audience": sent} if sent else {})
    assert act(client, db, complaint.reference, "notes", data).status_code == 302
    [note] = [t for t in case(db, complaint.reference).timeline if t.kind is TimelineKind.NOTE]
    assert (note.body, note.visible_to_complainant) == ("Rang the force.", visible)
    timeline = page_of(client, complaint.reference).split("Timeline</h2>")[1]
    label = "Shown to the complainant" if visible else "Internal: staff only"
    assert label in timeline.split("Rang the force.")[0].rsplit("<li", 1)[1]


@pytest.mark.parametrize("chosen", ["internal", "complainant"])
def test_a_status_change_shows_to_the_complainant_and_its_note_only_if_chosen(
    client, db, caseworker, chosen
):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    data = {"target": "awaiting_information", "note": "Chased.", "note_audience": chosen}
    assert act(client, db, complaint.reference, "move", data).status_code == 302
    timeline = case(db, complaint.reference).timeline
    [moved] = [t for t in timeline if t.to_status is Status.AWAITING_INFORMATION]
    assert moved.visible_to_complainant
    noted = [(t.kind, t.visible_to_complainant) for t in timeline if t.body == "Chased."]
    if chosen == "complainant":
        assert noted == [(TimelineKind.STATUS_CHANGE, True)]
    else:
        assert noted == [(TimelineKind.NOTE, False)]
