"""Need-to-know: a complainant's contact details and evidence are shown only to the
case's assignee, any senior caseworker, and caseworkers on a case nobody has yet; never to
a caseworker on someone else's case, nor to statisticians, publishers or administrators.
Where not allowed the case page says so, and the pages refuse with an audited 403. Every
look that is allowed is audited."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from oversight import policy
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence
from tests import files
from tests.factories import make_complaint, make_user
from tests.helpers import login_as

NEED_TO_KNOW = (
    "Contact details are shown only to the caseworker on this case and senior caseworkers"
)
# Who looks (a role, and how they stand to the case), and whether they need to know.
# fmt: off
MATRIX = [
    # who                          assigned to         sees
    ("caseworker",                 "nobody",           True),
    ("caseworker",                 "them",             True),
    ("caseworker",                 "someone else",     False),
    ("senior_caseworker",          "nobody",           True),
    ("senior_caseworker",          "them",             True),
    ("senior_caseworker",          "someone else",     True),
    ("statistician",               "nobody",           False),
    ("publisher",                  "nobody",           False),
    ("administrator",              "nobody",           False),
    ("administrator",              "someone else",     False),
]
# fmt: on
CASE_ROLES = {"caseworker", "senior_caseworker"}


def a_case(db, assigned: str, user) -> tuple[Complaint, Evidence]:
    complaint = make_complaint(name="Jo Bloggs", email="jo@example.com")
    if assigned == "them":
        complaint.assignee_id = user.id
    elif assigned == "someone else":
        other = make_user({Role.CASEWORKER}, email="other@example.test", name="Other Worker")
        complaint.assignee_id = other.id
    stored = evidence_store().save(io.BytesIO(files.pdf()))
    evidence = Evidence(
        complaint=complaint,
        original_name="letter.pdf",
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by="public",
    )
    db.session.add(evidence)
    db.session.commit()
    return complaint, evidence


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(("who", "assigned", "sees"), MATRIX)
def test_the_policy_follows_the_matrix(db, request, who, assigned, sees):
    user = request.getfixturevalue(who)
    complaint, evidence = a_case(db, assigned, user)
    assert policy.can_view_complainant(user, complaint) is sees
    assert policy.can_view_evidence(user, complaint) is sees
    assert policy.can_download_evidence(user, evidence) is sees


@pytest.mark.parametrize(("who", "assigned", "sees"), MATRIX)
def test_the_pages_follow_the_matrix(client, db, request, who, assigned, sees):
    user = request.getfixturevalue(who)
    complaint, evidence = a_case(db, assigned, user)
    login_as(client, user)
    reference = complaint.reference
    details = client.get(f"/staff/cases/{reference}/complainant")
    download = client.get(f"/staff/cases/{reference}/evidence/{evidence.id}")
    if sees:
        assert details.status_code == 200 and "Jo Bloggs" in details.get_data(as_text=True)
        assert download.status_code == 200 and download.get_data() == files.pdf()
        assert [e.actor for e in events(db, "complainant.viewed")] == [f"user:{user.id}"]
        assert [e.details for e in events(db, "evidence.downloaded")] == [
            {"reference": reference, "evidence_id": evidence.id}
        ]
        assert events(db, "access.refused") == []
    else:
        assert details.status_code == 403 and download.status_code == 403
        assert "Jo Bloggs" not in details.get_data(as_text=True)
        refused = events(db, "access.refused")
        assert [(e.actor, e.outcome, e.object_type) for e in refused] == [
            (f"user:{user.id}", "denied", "complainant" if who in CASE_ROLES else "route"),
            (f"user:{user.id}", "denied", "evidence" if who in CASE_ROLES else "route"),
        ]
        assert events(db, "complainant.viewed") == []
        assert events(db, "evidence.downloaded") == []


@pytest.mark.parametrize(("who", "assigned", "sees"), [r for r in MATRIX if r[0] in CASE_ROLES])
def test_the_case_page_shows_the_details_or_says_who_may_see_them(
    client, db, request, who, assigned, sees
):
    user = request.getfixturevalue(who)
    complaint, evidence = a_case(db, assigned, user)
    login_as(client, user)
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    details_link = f"/staff/cases/{complaint.reference}/complainant"
    download_link = f"/staff/cases/{complaint.reference}/evidence/{evidence.id}"
    if sees:
        assert details_link in page and download_link in page
        assert NEED_TO_KNOW not in page
    else:
        assert details_link not in page and download_link not in page
        assert NEED_TO_KNOW in page
        assert "1 file was uploaded" in page
    # Every view of the case page is audited, whoever it shows what to.
    assert [e.actor for e in events(db, "case.viewed")] == [f"user:{user.id}"]


def test_an_anonymous_case_says_so_to_everyone(client, db, caseworker):
    other = make_user({Role.CASEWORKER}, email="other@example.test", name="Other Worker")
    complaint = make_complaint(wants_contact="no", name=None, email=None)
    complaint.assignee_id = other.id
    db.session.commit()
    login_as(client, caseworker)
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "This complaint is anonymous." in page and NEED_TO_KNOW not in page


def test_a_role_that_needs_the_data_is_one_line_in_the_policy(db, statistician, monkeypatch):
    complaint, evidence = a_case(db, "someone else", statistician)
    assert not policy.can_view_complainant(statistician, complaint)
    monkeypatch.setattr(
        policy, "PERSONAL_DATA_ON_ANY_CASE", policy.PERSONAL_DATA_ON_ANY_CASE | {Role.STATISTICIAN}
    )
    assert policy.can_view_complainant(statistician, complaint)
    assert policy.can_download_evidence(statistician, evidence)
