"""The administrators' "who looked" page: a person found by a case reference, an email
address or a phone number, every look at each of their cases (and at nobody else's),
newest first and paged, in UK time; refused to everyone but administrators; audited."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.audit import who_looked
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Evidence
from oversight.rights import services as rights
from oversight.rights.models import ReceivedVia, RequestKind
from tests import files
from tests.factories import make_complaint, make_user
from tests.helpers import login_as

LOG = "/staff/access-log"


@pytest.fixture
def people(db):
    """Jo has two cases (one by email and phone, one by email only) and a file; Sam has one."""
    first = make_complaint(email="Jo@Example.com", phone="07700 900123")
    second = make_complaint(email="jo@example.com")
    other = make_complaint(name="Sam Other", email="sam@example.com", phone="07700 900999")
    stored = evidence_store().save(io.BytesIO(files.pdf()))
    evidence = Evidence(
        complaint=first,
        original_name="letter.pdf",
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by="public",
    )
    db.session.add(evidence)
    db.session.commit()
    return first, second, other, evidence


def look(action: str, who: str, reference: str, evidence: Evidence | None = None) -> None:
    if evidence is not None:
        audit.record(
            action,
            actor=who,
            object_type="evidence",
            object_id=str(evidence.id),
            reference=reference,
            evidence_id=evidence.id,
        )
    else:
        audit.record(
            action, actor=who, object_type="case", object_id=reference, reference=reference
        )


def looks_listed(html: str) -> int:
    return html.count('class="govuk-table__row"') - 1


def test_the_log_lists_exactly_the_looks_at_that_persons_cases(
    client, db, administrator, caseworker, senior_caseworker, people
):
    first, second, other, evidence = people
    look("case.viewed", f"user:{caseworker.id}", first.reference)
    look("complainant.viewed", f"user:{caseworker.id}", first.reference)
    look("evidence.downloaded", f"user:{senior_caseworker.id}", first.reference, evidence)
    look("case.viewed", f"user:{senior_caseworker.id}", second.reference)
    # Not looks at Jo's data: someone else's case, and changes rather than looks.
    look("case.viewed", f"user:{caseworker.id}", other.reference)
    look("complainant.viewed", f"user:{caseworker.id}", other.reference)
    audit.record(
        "case.taken",
        actor=f"user:{caseworker.id}",
        object_type="case",
        object_id=first.reference,
        reference=first.reference,
    )
    db.session.commit()
    cases = who_looked.cases_of("jo@example.com", who_looked.SearchKind.EMAIL)
    assert {c.reference for c in cases} == {first.reference, second.reference}
    found = who_looked.looks_at(cases, 1)
    assert [(look.event.action, look.reference) for look in found.looks] == [
        ("case.viewed", second.reference),
        ("evidence.downloaded", first.reference),
        ("complainant.viewed", first.reference),
        ("case.viewed", first.reference),
    ]
    assert found.per_case == {first.reference: 3, second.reference: 1}
    login_as(client, administrator)
    page = client.get(LOG, query_string={"search": "JO@example.com"}).get_data(as_text=True)
    assert other.reference not in page
    assert first.reference in page and second.reference in page
    assert caseworker.name in page and senior_caseworker.name in page
    assert "Viewed the contact details" in page and "Downloaded an evidence file" in page
    assert "Sam Other" not in page and "sam@example.com" not in page


def test_a_rights_officers_reading_and_export_are_looks_at_each_chosen_case(
    client, db, administrator, people
):
    first, second, _other, _evidence = people
    officer = make_user({Role.INFORMATION_RIGHTS}, email="officer@example.com", name="Ola Officer")
    received = date(2026, 11, 2)
    request = rights.log_request(
        RequestKind.ACCESS, "Jo", "jo@example.com", ReceivedVia.EMAIL, received, officer, received
    )
    rights.choose_cases(request, [first.reference], officer)
    rights.record_records_view(request, "text", officer)
    rights.record_export(
        request,
        "0" * 64,
        {"size": 1, "cases": 1, "evidence": 0, "redactions": 0},
        officer,
        released=False,
    )
    db.session.commit()
    found = who_looked.looks_at([first, second], 1)
    assert [(look.event.action, look.reference, look.who) for look in found.looks] == [
        ("rights.case_read", first.reference, officer),
        ("rights.case_read", first.reference, officer),
    ]
    login_as(client, administrator)
    page = client.get(LOG, query_string={"search": first.reference}).get_data(as_text=True)
    assert "Read or exported the records for a rights request" in page
    assert officer.name in page


@pytest.mark.parametrize("search", ["07700 900123", "+44 7700 900123", "07700-900-123"])
def test_a_phone_number_however_written_finds_the_person(db, people, search):
    first, *_ = people
    kind = who_looked.kind_of(search)
    assert kind is who_looked.SearchKind.PHONE
    assert [c.reference for c in who_looked.cases_of(search, kind)] == [first.reference]


def test_a_reference_finds_the_persons_other_cases_too(db, people):
    first, second, *_ = people
    typed = first.reference.lower().replace("-", " ")
    kind = who_looked.kind_of(typed)
    assert kind is who_looked.SearchKind.REFERENCE
    found = {c.reference for c in who_looked.cases_of(typed, kind)}
    assert found == {first.reference, second.reference}


def test_times_are_in_uk_time(client, db, administrator, caseworker, people, monkeypatch):
    first, *_ = people
    monkeypatch.setattr(audit, "utcnow", lambda: datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    look("case.viewed", f"user:{caseworker.id}", first.reference)
    db.session.commit()
    monkeypatch.undo()
    login_as(client, administrator)
    page = client.get(LOG, query_string={"search": first.reference}).get_data(as_text=True)
    assert "1 July 2026, 09:30" in page  # British Summer Time: an hour ahead of UTC


def test_the_looks_are_paged(client, db, administrator, caseworker, people):
    first, *_ = people
    for _ in range(who_looked.PAGE_SIZE + 3):
        look("case.viewed", f"user:{caseworker.id}", first.reference)
    db.session.commit()
    login_as(client, administrator)
    page1 = client.get(LOG, query_string={"search": first.reference}).get_data(as_text=True)
    page2 = client.get(LOG, query_string={"search": first.reference, "page": 2}).get_data(
        as_text=True
    )
    assert page1.count("Opened the case") == who_looked.PAGE_SIZE
    assert page2.count("Opened the case") == 3
    assert "Next" in page1


def test_viewing_the_log_is_audited_without_what_was_typed(client, db, administrator, people):
    first, *_ = people
    login_as(client, administrator)
    client.get(LOG, query_string={"search": "jo@example.com"})
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "access_log.viewed"))
    assert event.actor == f"user:{administrator.id}"
    assert event.details["search"] == "email"
    assert first.reference in event.details["references"]
    assert "jo@example.com" not in str(event.details).lower()


def test_an_empty_or_unrecognised_search_is_a_gov_uk_error(client, db, administrator):
    login_as(client, administrator)
    page = client.get(LOG, query_string={"search": ""}).get_data(as_text=True)
    assert "There is a problem" in page and 'href="#search"' in page
    page = client.get(LOG, query_string={"search": "hello\x00"}).get_data(as_text=True)
    assert "There is a problem" in page


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "statistician", "publisher"])
def test_only_administrators_reach_the_log(client, db, request, role):
    login_as(client, request.getfixturevalue(role))
    assert client.get(LOG).status_code == 403


def test_the_staff_menu_links_to_the_log_for_administrators(client, db, administrator):
    login_as(client, administrator)
    assert 'href="/staff/access-log"' in client.get("/staff").get_data(as_text=True)
