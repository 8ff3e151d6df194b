"""The case page at a glance: the summary's next action for every status and state, the
sections the contents list links to, and a timeline that names people and says what
changed in words. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re
from datetime import date

import pytest

from oversight.casework.case_page.next_action import CaseState, next_action
from oversight.complaints.enums import ClosureReason, Status, TimelineKind
from oversight.complaints.models import TimelineEntry
from oversight.extensions import db as _db
from tests.casework.case_html import read
from tests.casework.cases import act, page_of
from tests.factories import make_case
from tests.helpers import login_as

TRIAGE_BY = date(2026, 7, 1)
DECISION_BY = date(2026, 9, 1)


def state(status: Status, **changes: bool) -> CaseState:
    values = {"assigned": False, "has_findings": False, "signed_off": False} | changes
    return CaseState(status=status, triage_by=TRIAGE_BY, decision_by=DECISION_BY, **values)


@pytest.mark.parametrize(
    ("case_state", "text", "due"),
    [
        pytest.param(
            state(Status.RECEIVED),
            "Take or assign the case, then move it to triage",
            TRIAGE_BY,
            id="received, nobody has it",
        ),
        pytest.param(
            state(Status.RECEIVED, assigned=True),
            "Move the case to triage",
            TRIAGE_BY,
            id="received, assigned",
        ),
        pytest.param(state(Status.IN_TRIAGE), "Record triage", TRIAGE_BY, id="in triage"),
        pytest.param(
            state(Status.AWAITING_INFORMATION),
            "Waiting for the complainant’s reply: the clock is paused",
            None,
            id="awaiting information",
        ),
        pytest.param(
            state(Status.INVESTIGATING), "Record the findings", DECISION_BY, id="no findings"
        ),
        pytest.param(
            state(Status.INVESTIGATING, has_findings=True),
            "A senior caseworker who did not investigate the case signs off the findings",
            DECISION_BY,
            id="findings not signed off",
        ),
        pytest.param(
            state(Status.INVESTIGATING, has_findings=True, signed_off=True),
            "Issue the decision to the complainant",
            DECISION_BY,
            id="signed off",
        ),
        pytest.param(
            state(Status.DECISION_ISSUED, has_findings=True, signed_off=True),
            "Close the case, unless the complainant asks for a review",
            None,
            id="decision issued",
        ),
        pytest.param(
            state(Status.REVIEW_REQUESTED, has_findings=True, signed_off=True),
            "Decide the review",
            DECISION_BY,
            id="review requested",
        ),
    ],
)
def test_the_next_action_follows_the_status_and_state(app, case_state, text, due):
    with app.test_request_context():
        action = next_action(case_state)
    assert action is not None
    assert (action.text, action.due) == (text, due)
    assert action.paused is (case_state.status is Status.AWAITING_INFORMATION)


def test_a_closed_case_has_no_next_action(app):
    with app.test_request_context():
        assert next_action(state(Status.CLOSED, has_findings=True, signed_off=True)) is None


def summary_of(html: str) -> str:
    return html[html.index('class="app-case-summary"') : html.index('class="app-case-contents"')]


def test_the_summary_uses_staff_words_and_says_what_to_do_next(client, db, caseworker):
    complaint = make_case(Status.AWAITING_INFORMATION, assignee_id=caseworker.id)
    db.session.commit()
    login_as(client, caseworker)
    html = page_of(client, complaint.reference)
    summary = summary_of(html)
    assert "Awaiting information" in summary
    assert "Waiting for your reply" not in html
    assert "Waiting for the complainant’s reply: the clock is paused" in summary
    assert caseworker.name in summary
    assert complaint.force.name in summary
    assert "None linked" in summary


def test_the_contents_list_links_to_every_section(client, db, senior_caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    html = page_of(client, complaint.reference)
    contents = html[html.index('class="app-case-contents"') :].split("</nav>")[0]
    targets = re.findall(r'href="#([^"]+)"', contents)
    assert targets == [
        "case-actions",
        "case-details",
        "case-complainant",
        "case-evidence",
        "case-timeline",
        "case-findings",
        "case-links",
        "case-messages",
        "legal-hold",
    ]
    parsed = read(html)
    for target in targets:
        assert parsed.ids[target] == 1
        assert re.search(rf'<h2 [^>]*id="{target}"', html), target


def timeline_of(html: str) -> str:
    return html.split('id="case-timeline"')[1].split('id="case-findings"')[0]


def test_the_timeline_names_people_and_says_what_changed(client, db, caseworker):
    other = make_case(Status.INVESTIGATING)
    complaint = make_case(Status.INVESTIGATING, assignee_id=caseworker.id)
    db.session.commit()
    login_as(client, caseworker)
    link = {"other_reference": other.reference, "kind": "related_to"}
    linked = act(client, db, complaint.reference, "links", link)
    assert linked.status_code == 302
    moved = act(
        client,
        db,
        complaint.reference,
        "move",
        {"target": "awaiting_information"},
    )
    assert moved.status_code == 302
    _db.session.add_all(
        [
            TimelineEntry(
                complaint_id=complaint.id,
                kind=TimelineKind.STATUS_CHANGE,
                actor="user:999999",
                from_status=Status.AWAITING_INFORMATION,
                to_status=Status.CLOSED,
                reason=ClosureReason.WITHDRAWN,
            ),
            TimelineEntry(
                complaint_id=complaint.id,
                kind=TimelineKind.ASSIGNMENT,
                actor="public",
                body=caseworker.name,
            ),
        ]
    )
    db.session.commit()
    timeline = timeline_of(page_of(client, complaint.reference))
    assert "user:" not in timeline
    assert "related_to" not in timeline
    assert (
        f'Linked as related to <a class="govuk-link" href="/staff/cases/{other.reference}">'
        f"{other.reference}</a>"
    ) in timeline
    assert "Status changed from Investigating to Awaiting information" in timeline
    assert (
        "Status changed from Awaiting information to Closed: Withdrawn by the complainant"
        in timeline
    )
    assert "A former member of staff" in timeline
    assert f"Assigned to {caseworker.name}" in timeline
    assert "The complainant" in timeline
    assert timeline.count(caseworker.name) >= 2  # who linked and moved it


def test_the_timeline_loads_its_people_in_one_query(app, db, caseworker):
    from sqlalchemy import event

    from oversight.casework.case_page.timeline import lines_of

    complaint = make_case(Status.INVESTIGATING)
    for number in range(5):
        _db.session.add(
            TimelineEntry(
                complaint_id=complaint.id,
                kind=TimelineKind.NOTE,
                actor=f"user:{caseworker.id}" if number % 2 else "public",
                body=f"Note {number}",
            )
        )
    db.session.commit()
    entries = list(complaint.timeline)
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listen)
    try:
        with app.test_request_context():
            lines = lines_of(entries)
    finally:
        event.remove(_db.engine, "before_cursor_execute", listen)
    assert len(statements) == 1
    assert [line.who for line in lines if line.body == "Note 1"] == [caseworker.name]
