"""Possible duplicates: which complaints the case page suggests as the same or related,
why, and in what order. Linking and dismissing them: test_duplicates_actions.py. Runs on
SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.casework.duplicates import suggestions as duplicates
from oversight.complaints.enums import Channel, LinkKind, Status
from oversight.complaints.models import ComplaintLink
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from tests.casework.cases import page_of
from tests.casework.suggested import (
    FORCE,
    anonymous,
    logged_by_staff,
    section_of,
    suggested,
    web,
)
from tests.factories import make_deployment
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

DAY = "2026-06-14"
SAME_DAY = f"Same police force ({FORCE}), same day"
DAY_APART = f"Same police force ({FORCE}), a day apart"
SAME_EMAIL = "The complainant’s email address is the same"
SAME_PHONE = "The complainant’s phone number is the same"


def reasons_for(complaint, other) -> tuple[str, ...] | None:
    """Why `other` is suggested for `complaint`, or None when it is not."""
    for suggestion in duplicates.suggest(complaint):
        if suggestion.other.id == other.id:
            return suggestion.reasons
    return None


def test_a_phone_complaint_about_the_same_day_and_street_as_a_web_one_is_suggested_first(
    client, db, caseworker
):
    street = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    weaker = web(force="south-wales", incident_date="2026-06-15", place="Cardiff Bay")
    phone = logged_by_staff(
        caseworker, force="south-wales", incident_date=DAY, place="queen st cardiff"
    )
    db.session.commit()
    login_as(client, caseworker)

    html = page_of(client, phone.reference)
    assert suggested(html) == [street.reference, weaker.reference]
    shown = section_of(html)
    assert SAME_DAY in shown
    assert "Place words in common: cardiff, queen" in shown
    assert DAY_APART in shown
    assert "Place words in common: cardiff<" in shown
    assert f">{Channel.WEB.label}<" in shown
    assert Status.RECEIVED.label in shown
    # And the other way round: the web complaint's page suggests the phone one.
    html = page_of(client, street.reference)
    assert suggested(html)[0] == phone.reference
    assert f">{Channel.PHONE.label}<" in section_of(html)


@pytest.mark.parametrize(
    ("mine", "theirs", "reasons"),
    [
        pytest.param(
            {"email": "Jo.Bloggs@Example.com "},
            {"email": "jo.bloggs@example.com"},
            (SAME_EMAIL,),
            id="email in any case",
        ),
        pytest.param(
            {"phone": "+44 (0)7700 900123"},
            {"phone": "07700-900 123"},
            (SAME_PHONE,),
            id="phone digits",
        ),
        pytest.param(
            {"force": "south-wales", "incident_date": DAY, "place": "Queen Street"},
            {"force": "south-wales", "incident_date": DAY, "place": "Westgate Street"},
            (SAME_DAY,),
            id="force and day",
        ),
        pytest.param(
            {"force": "south-wales", "incident_date": DAY, "place": "High Street"},
            {"force": "south-wales", "incident_date": "2026-06-13", "place": "Bute Road"},
            (DAY_APART,),
            id="force and a day either side",
        ),
        pytest.param(
            {"force": "south-wales", "incident_date": DAY, "place": "Queen Street, Cardiff"},
            {"force": "south-wales", "incident_date": "2026-06-18", "place": "queen st. CARDIFF"},
            ("Place words in common: cardiff, queen",),
            id="place words",
        ),
    ],
)
def test_each_signal_alone_is_enough_and_says_why(db, mine, theirs, reasons):
    complaint, other = web(**mine), web(**theirs)
    db.session.commit()
    assert reasons_for(complaint, other) == reasons
    assert reasons_for(other, complaint) == reasons


@pytest.mark.parametrize("state", [LinkState.CONFIRMED, LinkState.NAMED_BY_COMPLAINANT])
def test_the_same_deployment_alone_is_enough_and_says_which(db, state):
    complaint, other, unrelated = web(), web(), web()
    deployment = make_deployment()
    another = make_deployment(location_name="Queen Street")
    for case, linked, link_state in (
        (complaint, deployment, LinkState.CONFIRMED),
        (other, deployment, state),
        (unrelated, another, LinkState.CONFIRMED),
    ):
        db.session.add(
            DeploymentLink(
                complaint_id=case.id,
                deployment_id=linked.id,
                state=link_state,
                created_by="user:0",
            )
        )
    db.session.commit()
    expected = (f"Linked to the same deployment ({deployment.id})",)
    assert reasons_for(complaint, other) == expected
    assert reasons_for(other, complaint) == expected
    assert reasons_for(complaint, unrelated) is None


def test_a_deployment_rejected_for_one_of_them_is_no_reason(db):
    complaint, other = web(), web()
    deployment = make_deployment()
    for case, state in ((complaint, LinkState.CONFIRMED), (other, LinkState.REJECTED)):
        db.session.add(
            DeploymentLink(
                complaint_id=case.id, deployment_id=deployment.id, state=state, created_by="t"
            )
        )
    db.session.commit()
    assert reasons_for(complaint, other) is None


@pytest.mark.parametrize(
    "theirs",
    [
        pytest.param({}, id="nothing in common"),
        pytest.param(
            {"force": "cumbria", "incident_date": DAY, "place": "Carlisle"}, id="another force"
        ),
        pytest.param(
            {"force": "south-wales", "incident_date": "2026-06-16", "place": "Splott"},
            id="two days apart",
        ),
        pytest.param(
            {"force": "south-wales", "incident_date": "2026-06-20", "place": "Cardiff Bay"},
            id="one word in common",
        ),
        pytest.param({"email": None, "phone": "0770"}, id="too few digits of phone"),
    ],
)
def test_a_complaint_that_shares_too_little_is_not_suggested(db, theirs):
    complaint = web(
        force="south-wales", incident_date=DAY, place="Cardiff city centre", phone="0770"
    )
    other = web(**theirs)
    db.session.commit()
    assert duplicates.suggest(complaint) == []
    assert duplicates.suggest(other) == []


def test_every_signal_adds_to_the_score(db):
    complaint = web(
        force="south-wales", incident_date=DAY, place="Queen Street, Cardiff", email="a@b.test"
    )
    day = web(force="south-wales", incident_date=DAY)
    day_and_place = web(force="south-wales", incident_date=DAY, place="Queen Street")
    everything = web(
        force="south-wales", incident_date=DAY, place="Queen Street, Cardiff", email="A@b.test"
    )
    db.session.commit()
    shown = duplicates.suggest(complaint)
    assert [s.other.id for s in shown] == [everything.id, day_and_place.id, day.id]
    assert [s.score for s in shown] == sorted((s.score for s in shown), reverse=True)
    assert len(set(s.score for s in shown)) == 3
    assert shown[0].reasons == (
        SAME_EMAIL,
        SAME_DAY,
        "Place words in common: cardiff, queen",
    )


def test_an_anonymous_complaint_still_matches_on_force_day_and_place(client, db, caseworker):
    named = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    nobody = web(**anonymous(force="south-wales", incident_date=DAY, place="Queen St, Cardiff"))
    db.session.commit()
    assert nobody.complainant is None
    assert reasons_for(nobody, named) == (SAME_DAY, "Place words in common: cardiff, queen")
    login_as(client, caseworker)
    assert suggested(page_of(client, named.reference)) == [nobody.reference]


def test_a_complaint_that_does_not_say_which_force_matches_on_day_and_place(db):
    known = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    unknown = web(force="unknown", incident_date=DAY, place="Queen Street, Cardiff")
    db.session.commit()
    expected = (
        "Same day; one complaint does not say which police force",
        "Place words in common: cardiff, queen",
    )
    assert reasons_for(known, unknown) == expected
    assert reasons_for(unknown, known) == expected


def test_an_approximate_date_matches_on_its_month(db):
    month = web(
        force="south-wales",
        incident_date="2026-06-01",
        incident_date_approximate=True,
        place="Queen Street, Cardiff",
    )
    day = web(force="south-wales", incident_date="2026-06-24", place="Queen St Cardiff")
    db.session.commit()
    expected = (
        f"Same police force ({FORCE}), same month (a date is approximate)",
        "Place words in common: cardiff, queen",
    )
    assert reasons_for(month, day) == expected
    assert reasons_for(day, month) == expected


def test_a_complaint_is_never_suggested_for_itself(client, db, caseworker):
    alone = web(force="south-wales", incident_date=DAY, phone="07700 900123")
    db.session.commit()
    assert duplicates.suggest(alone) == []
    login_as(client, caseworker)
    html = section_of(page_of(client, alone.reference))
    assert "No other complaints look like the same one or a related one." in html
    assert 'id="suggested-complaints"' not in html


@pytest.mark.parametrize("kind", list(LinkKind))
@pytest.mark.parametrize("way", ["from this case", "from the other"])
def test_complaints_already_linked_are_not_suggested(db, kind, way):
    complaint = web(email="same@example.com")
    linked, other = web(email="same@example.com"), web(email="same@example.com")
    one, two = (complaint, linked) if way == "from this case" else (linked, complaint)
    db.session.add(ComplaintLink(complaint=one, other=two, kind=kind, created_by="user:0"))
    db.session.commit()
    assert [s.other.id for s in duplicates.suggest(complaint)] == [other.id]
    assert [s.other.id for s in duplicates.suggest(linked)] == [other.id]


def test_at_most_five_are_shown_the_closest_first(client, db, caseworker):
    complaint = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    weak = [web(force="south-wales", incident_date=DAY) for _ in range(5)]
    strong = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    db.session.commit()
    login_as(client, caseworker)
    shown = suggested(page_of(client, complaint.reference))
    assert len(shown) == 5
    assert shown[0] == strong.reference
    assert set(shown[1:]) < {w.reference for w in weak}


def test_a_contact_match_is_said_but_the_contact_is_never_shown(client, db, caseworker):
    complaint = web(email="private.person@example.com", phone="07700 900123")
    other = web(email="Private.Person@example.com", phone="+447700900123")
    db.session.commit()
    login_as(client, caseworker)
    page = page_of(client, complaint.reference)
    assert suggested(page) == [other.reference]
    html = section_of(page)
    assert SAME_EMAIL in html and SAME_PHONE in html
    for private in ("private.person", "Private.Person", "7700", "900123"):
        assert private not in html


def test_the_suggestions_are_a_labelled_scrolling_table_whose_buttons_name_the_complaint(
    client, db, caseworker
):
    complaint = web(email="same@example.com")
    other = web(email="same@example.com")
    db.session.commit()
    login_as(client, caseworker)
    html = section_of(page_of(client, complaint.reference))
    assert (
        '<div class="app-table-scroll" role="region"'
        ' aria-labelledby="possible-duplicates-caption" tabindex="0">'
    ) in html
    assert 'id="possible-duplicates-caption"' in html
    assert '<th scope="col" class="govuk-table__header">Why it is suggested</th>' in html
    for hidden in (
        f"this case is a duplicate of {other.reference}",
        f"link as related to {other.reference}",
        f"dismiss {other.reference}",
    ):
        assert f'<span class="govuk-visually-hidden"> – {hidden}</span>' in html
    assert (
        f'formaction="/staff/cases/{complaint.reference}/suggestions/{other.reference}/dismiss"'
    ) in html
    assert f'action="/staff/cases/{complaint.reference}/suggestions/{other.reference}/link"' in html
    assert 'value="duplicate_of" name="kind"' in html
    assert 'value="related_to" name="kind"' in html


def statements_for(db, complaint) -> list[str]:
    """The SQL that suggesting for a complaint sends."""
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    db.session.expire_all()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        duplicates.suggest(db.session.get(type(complaint), complaint.id))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return sent


def test_suggesting_reads_a_bounded_candidate_set_in_as_many_queries_however_many_match(db):
    complaint = web(force="south-wales", incident_date=DAY, email="same@example.com")
    web(force="south-wales", incident_date=DAY)
    web(email="same@example.com")
    db.session.commit()
    few = statements_for(db, complaint)
    for _ in range(4):
        web(force="south-wales", incident_date=DAY)
        web(email="same@example.com")
    db.session.commit()
    many = statements_for(db, complaint)
    assert len(many) == len(few)
    looked_up = [s for s in many if "FROM complaints" in s and "ORDER BY" in s]
    assert len(looked_up) == 2  # near in time, and the same contact (no deployment)
    assert all("LIMIT" in s for s in looked_up)
