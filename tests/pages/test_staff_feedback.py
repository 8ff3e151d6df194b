"""Staff read the feedback at /staff/feedback: senior caseworkers and administrators
only, newest first, with counts by satisfaction, paged; each view is audited, and
marking an answer read is a POST that records who did it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.models import utcnow
from oversight.pages.models import Feedback, Satisfaction
from oversight.pages.views import PER_PAGE
from tests.helpers import csrf_token, login_as


def give(db, satisfaction: Satisfaction, improve: str | None = None, ago: int = 0) -> Feedback:
    feedback = Feedback(
        submitted_at=utcnow() - timedelta(minutes=ago),
        satisfaction=satisfaction,
        improve=improve,
        page="/track",
    )
    db.session.add(feedback)
    db.session.commit()
    return feedback


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("caseworker", 403),
        ("statistician", 403),
        ("publisher", 403),
        ("senior_caseworker", 200),
        ("administrator", 200),
    ],
)
def test_only_senior_caseworkers_and_administrators_read_feedback(client, db, request, who, status):
    give(db, Satisfaction.SATISFIED, "Clear pages.")
    login_as(client, request.getfixturevalue(who))
    response = client.get("/staff/feedback")
    assert response.status_code == status
    assert ("Clear pages." in response.get_data(as_text=True)) is (status == 200)


def test_anyone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get("/staff/feedback")
    assert response.status_code == 302
    assert response.location.startswith("/staff/sign-in")


def test_the_list_shows_answers_newest_first_with_counts_by_satisfaction(client, db, administrator):
    give(db, Satisfaction.VERY_SATISFIED, "Oldest answer.", ago=30)
    give(db, Satisfaction.DISSATISFIED, "Middle answer.", ago=20)
    give(db, Satisfaction.DISSATISFIED, "Newest answer.", ago=10)
    login_as(client, administrator)
    html = client.get("/staff/feedback").get_data(as_text=True)
    assert (
        html.index("Newest answer.") < html.index("Middle answer.") < html.index("Oldest answer.")
    )
    counts = html.split('id="satisfaction"', 1)[1].split("</table>", 1)[0]
    rows = [" ".join(row.split()) for row in counts.split("<tr")[2:]]
    assert any("Very satisfied" in row and ">1<" in row.replace(" ", "") for row in rows)
    assert any(
        row.startswith(
            'class="govuk-table__row"> <th scope="row" class="govuk-table__header">Dissatisfied'
        )
        and ">2<" in row.replace(" ", "")
        for row in rows
    )
    assert any("All answers" in row and ">3<" in row.replace(" ", "") for row in rows)
    assert any("Not read yet" in row and ">3<" in row.replace(" ", "") for row in rows)


def test_the_list_is_paged(client, db, administrator):
    for n in range(PER_PAGE + 1):
        give(db, Satisfaction.NEITHER, f"Answer number {n:03}.", ago=n)
    login_as(client, administrator)
    first = client.get("/staff/feedback").get_data(as_text=True)
    assert "Answer number 000." in first
    assert f"Answer number {PER_PAGE:03}." not in first
    assert 'href="/staff/feedback?page=2"' in first
    second = client.get("/staff/feedback?page=2").get_data(as_text=True)
    assert f"Answer number {PER_PAGE:03}." in second
    assert "Answer number 000." not in second
    assert client.get("/staff/feedback?page=3").status_code == 404
    assert client.get("/staff/feedback?page=x").status_code == 404


def test_reading_the_list_is_audited(client, db, senior_caseworker):
    login_as(client, senior_caseworker)
    client.get("/staff/feedback")
    [viewed] = events(db, "feedback.viewed")
    assert viewed.actor == f"user:{senior_caseworker.id}"
    assert viewed.details == {"page": 1}


def test_marking_an_answer_read_records_who_and_when_once(client, db, senior_caseworker):
    answer = give(db, Satisfaction.SATISFIED, "Good.")
    login_as(client, senior_caseworker)
    page = client.get("/staff/feedback").get_data(as_text=True)
    assert f'action="/staff/feedback/{answer.id}/read"' in page
    token = csrf_token(page)
    response = client.post(f"/staff/feedback/{answer.id}/read", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.location == "/staff/feedback"
    db.session.expire_all()
    kept = db.session.get(Feedback, answer.id)
    assert kept.read_by_id == senior_caseworker.id
    first_read = kept.read_at
    assert first_read is not None
    after = client.get("/staff/feedback").get_data(as_text=True)
    assert "You have marked the answer as read." in after
    assert f'action="/staff/feedback/{answer.id}/read"' not in after
    assert f"by {senior_caseworker.name}" in after
    client.post(f"/staff/feedback/{answer.id}/read", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Feedback, answer.id).read_at == first_read
    [marked] = events(db, "feedback.marked_read")
    assert marked.object_id == str(answer.id)


def test_marking_read_needs_the_csrf_token_and_the_right_role(
    client, db, caseworker, administrator
):
    answer = give(db, Satisfaction.SATISFIED)
    login_as(client, administrator)
    assert client.post(f"/staff/feedback/{answer.id}/read").status_code == 400
    login_as(client, caseworker)
    token = csrf_token(client.get("/track").get_data(as_text=True))
    assert (
        client.post(f"/staff/feedback/{answer.id}/read", data={"csrf_token": token}).status_code
        == 403
    )
    db.session.expire_all()
    assert db.session.get(Feedback, answer.id).read_at is None


def test_marking_an_answer_that_does_not_exist_is_not_found(client, db, administrator):
    login_as(client, administrator)
    token = csrf_token(client.get("/track").get_data(as_text=True))
    assert client.post("/staff/feedback/999/read", data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize(
    ("who", "shown"), [("caseworker", False), ("senior_caseworker", True), ("administrator", True)]
)
def test_the_staff_menu_links_to_feedback_for_those_who_may_read_it(
    client, db, request, who, shown
):
    login_as(client, request.getfixturevalue(who))
    html = client.get("/staff").get_data(as_text=True)
    assert ('href="/staff/feedback"' in html) is shown
