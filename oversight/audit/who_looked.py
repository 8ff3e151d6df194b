"""Who looked at a person's data: find every case of one person (by a case reference,
an email address or a phone number) and the audit events of anyone viewing its case
page, its contact details, its evidence or a copy of it, newest first.

The events are found through their indexed object (`object_id`: the case's reference,
or an evidence file's number), never by reading the JSON details, so the search is the
same and as quick on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.casework.duplicates.suggestions import same_phone
from oversight.complaints import codes
from oversight.complaints.models import Complainant, Complaint, Evidence
from oversight.extensions import db

# Every event of someone looking at a person's data; an export added later is one line.
LOOKS: dict[str, str] = {
    "case.viewed": "case",
    "complainant.viewed": "contact details",
    "evidence.downloaded": "evidence",
    "complaint.copy_downloaded": "copy",
    "rights.case_read": "records, for a rights request",
    "letter.downloaded": "letter",
}
# Where each kind of event keeps what it looked at.
CASE_OBJECTS = ("case", "complaint")
EVIDENCE_OBJECT = "evidence"
PAGE_SIZE = 50
# Digits enough for a search to be read as a phone number (compared as national numbers:
# casework.duplicates.suggestions.same_phone).
PHONE_DIGITS = 10
NOT_DIGITS = re.compile(r"\D")
REFERENCE = re.compile(r"^\s*(FR)?[\s-]*[A-Z0-9]{4}[\s-]*[A-Z0-9]{4}\s*$", re.IGNORECASE)


class SearchKind(StrEnum):
    REFERENCE = "reference"
    EMAIL = "email"
    PHONE = "phone"


def kind_of(text: str) -> SearchKind | None:
    """What the administrator typed: an email address, a reference or a phone number."""
    if "@" in text:
        return SearchKind.EMAIL
    if REFERENCE.match(text) and not text.strip().replace(" ", "").isdigit():
        return SearchKind.REFERENCE
    if len(NOT_DIGITS.sub("", text)) >= PHONE_DIGITS:
        return SearchKind.PHONE
    return None


def _by_contact(email: str | None, phone: str | None) -> list[Complaint]:
    conditions = []
    if email:
        conditions.append(sa.func.lower(Complainant.email) == email.strip().lower())
    same = same_phone(Complainant.phone.expression, phone) if phone else None
    if same is not None:
        conditions.append(same)
    if not conditions:
        return []
    return list(
        db.session.scalars(
            sa.select(Complaint)
            .join(Complainant, Complainant.complaint_id == Complaint.id)
            .where(sa.or_(*conditions))
        )
    )


def cases_of(text: str, kind: SearchKind) -> list[Complaint]:
    """Every case of the person searched for, newest first. A reference finds its case
    and, while it still has contact details, the same person's other cases."""
    if kind is SearchKind.EMAIL:
        found = _by_contact(text, None)
    elif kind is SearchKind.PHONE:
        found = _by_contact(None, text)
    else:
        reference = codes.normalise_reference(text)
        complaint = db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))
        if complaint is None:
            return []
        person = complaint.complainant
        found = [complaint]
        if person is not None:
            found += _by_contact(person.email, person.phone)
    unique = {complaint.id: complaint for complaint in found}
    return sorted(unique.values(), key=lambda c: (c.received_at, c.id), reverse=True)


def _looks_at(cases: list[Complaint]) -> sa.Select[tuple[AuditEvent]]:
    references = [c.reference for c in cases]
    evidence = [
        str(number)
        for number in db.session.scalars(
            sa.select(Evidence.id).where(Evidence.complaint_id.in_([c.id for c in cases]))
        )
    ]
    about = sa.and_(AuditEvent.object_type.in_(CASE_OBJECTS), AuditEvent.object_id.in_(references))
    if evidence:
        about = sa.or_(
            about,
            sa.and_(AuditEvent.object_type == EVIDENCE_OBJECT, AuditEvent.object_id.in_(evidence)),
        )
    return sa.select(AuditEvent).where(AuditEvent.action.in_(list(LOOKS)), about)


@dataclass(frozen=True)
class Look:
    event: AuditEvent
    reference: str
    who: User | None  # None: the complainant themselves, from the track page


@dataclass(frozen=True)
class Looks:
    looks: list[Look]
    total: int
    page: int
    pages: int
    per_case: dict[str, int]


def looks_at(cases: list[Complaint], page: int) -> Looks:
    """One page of the looks at these cases, newest first, with how many each case had."""
    if not cases:
        return Looks([], 0, 1, 1, {})
    query = _looks_at(cases)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.seq.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    )
    users = _users(events)
    looks = [Look(event, _reference_of(event), users.get(event.actor)) for event in events]
    per_case = {c.reference: 0 for c in cases}
    matching = query.subquery()
    counted = db.session.execute(
        sa.select(matching.c.object_id, sa.func.count()).group_by(matching.c.object_id)
    )
    # Evidence downloads are counted under their file: add them to their case.
    for object_id, count in counted:
        reference = object_id if object_id in per_case else _case_of_evidence(object_id)
        if reference in per_case:
            per_case[reference] += count
    return Looks(looks, total, page, pages, per_case)


def _reference_of(event: AuditEvent) -> str:
    if event.object_type == EVIDENCE_OBJECT:
        return str(event.details.get("reference") or "")
    return event.object_id or ""


def _case_of_evidence(object_id: str | None) -> str | None:
    if not object_id or not object_id.isdigit():
        return None
    evidence = db.session.get(Evidence, int(object_id))
    return evidence.complaint.reference if evidence else None


def _users(events: list[AuditEvent]) -> dict[str, User]:
    ids = {
        int(e.actor[5:]) for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()
    }
    if not ids:
        return {}
    return {f"user:{u.id}": u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
