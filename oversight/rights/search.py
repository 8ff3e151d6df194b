"""Finding every case of a person: by email (trimmed, any case), phone (its national
number, however written), name (every word of it, whole, whatever the case or accents),
postal address (letters and digits only, any case) or reference. Each result says which
of those matched; each list is bounded (at most MOST_FOUND cases a field, the newest)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from oversight.casework.duplicates.suggestions import same_phone
from oversight.complaints import codes
from oversight.complaints.models import Complainant, Complaint
from oversight.extensions import db

MOST_FOUND = 50
# Names are compared in Python (accents fold there, not in every database's SQL), a
# batch of complainants at a time, newest first.
NAME_BATCH = 2000
WORD = re.compile(r"\w+")
FIELDS = ("email", "phone", "name", "address", "reference")


@dataclass(frozen=True)
class Query:
    email: str = ""
    phone: str = ""
    name: str = ""
    address: str = ""
    reference: str = ""

    def fields(self) -> list[str]:
        return [name for name in FIELDS if getattr(self, name)]


@dataclass
class Found:
    complaint: Complaint
    matched: list[str] = field(default_factory=list)


@dataclass
class Results:
    found: list[Found]
    # A field that found more than MOST_FOUND cases: only the newest are listed.
    more: list[str]


def fold(text: str) -> str:
    """Text without case or accents: "José Ó Ceallaigh" → "jose o ceallaigh"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def name_matches(query: str, name: str) -> bool:
    """Every word of the query is a whole word of the name."""
    wanted, have = words(query), set(words(name))
    return bool(wanted) and all(word in have for word in wanted)


def address_key(text: str) -> str:
    """An address as letters and digits only, without case."""
    return "".join(c for c in fold(text) if c.isalnum())


def _newest(where: sa.ColumnElement[bool]) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Complaint.id)
            .join(Complainant, Complainant.complaint_id == Complaint.id, isouter=True)
            .where(where)
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
            .limit(MOST_FOUND + 1)
        )
    )


def _by_email(email: str) -> list[int]:
    return _newest(sa.func.lower(sa.func.trim(Complainant.email)) == email.strip().lower())


def _by_phone(phone: str) -> list[int]:
    same = same_phone(Complainant.phone.expression, phone)
    return [] if same is None else _newest(same)


def _by_address(address: str) -> list[int]:
    key = address_key(address)
    if not key:
        return []
    # Compared in Python, where accents fold (the database's SQL does not fold them).
    ids = []
    query = (
        sa.select(Complaint.id, Complainant.postal_address)
        .join(Complainant, Complainant.complaint_id == Complaint.id)
        .where(Complainant.postal_address.is_not(None))
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .execution_options(yield_per=NAME_BATCH)
    )
    for complaint_id, postal in db.session.execute(query):
        if key in address_key(postal or ""):
            ids.append(complaint_id)
            if len(ids) > MOST_FOUND:
                break
    return ids


def _by_name(name: str) -> list[int]:
    if not words(name):
        return []
    ids: list[int] = []
    after: tuple[datetime, int] | None = None
    while len(ids) <= MOST_FOUND:
        query = (
            sa.select(Complaint.id, Complaint.received_at, Complainant.name)
            .join(Complainant, Complainant.complaint_id == Complaint.id)
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
            .limit(NAME_BATCH)
        )
        if after is not None:
            query = query.where(
                sa.or_(
                    Complaint.received_at < after[0],
                    sa.and_(Complaint.received_at == after[0], Complaint.id < after[1]),
                )
            )
        rows = db.session.execute(query).all()
        if not rows:
            break
        ids += [row.id for row in rows if name_matches(name, row.name)]
        after = (rows[-1].received_at, rows[-1].id)
    return ids[: MOST_FOUND + 1]


def _by_reference(reference: str) -> list[int]:
    normalised = codes.normalise_reference(reference)
    return _newest(Complaint.reference == normalised) if normalised else []


def search(query: Query) -> Results:
    found: dict[int, list[str]] = {}
    more = []
    finders = {
        "email": _by_email,
        "phone": _by_phone,
        "name": _by_name,
        "address": _by_address,
        "reference": _by_reference,
    }
    for name in query.fields():
        ids = finders[name](getattr(query, name))
        if len(ids) > MOST_FOUND:
            more.append(name)
        for complaint_id in ids[:MOST_FOUND]:
            found.setdefault(complaint_id, []).append(name)
    complaints = {
        c.id: c
        for c in db.session.scalars(sa.select(Complaint).where(Complaint.id.in_(list(found))))
    }
    ordered = sorted(
        found, key=lambda i: (complaints[i].received_at, complaints[i].id), reverse=True
    )
    return Results([Found(complaints[i], found[i]) for i in ordered], more)
