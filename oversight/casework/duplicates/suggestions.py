"""Complaints that may be the same as a case, or related to it: suggested on its case
page (oversight.casework.duplicates.views) for a caseworker to link, through
oversight.casework.complaint_links.link, or to dismiss.

Candidates come from three bounded look-ups, each on an index and each limited, so no
look-up reads every complaint:

1. near in time: an incident within NEAR days of the case's (or in its month, when the
   date is approximate), received since the earliest of those days (the index on
   received_at), by the same force or by a force not known on either side;
2. the same contact: the complainant's email address (any case) or phone number (its
   digits, so "+44 (0)7700 900123" is "07700 900123");
3. the same deployment: linked to a deployment this case is linked to, confirmed or
   named by the complainant (the index on deployment_links.deployment_id).

Never suggested: the case itself, a complaint linked to it either way round, and one
dismissed from either side (a pair dismissed on one case's page is not suggested on
the other's). Each candidate scores the signals it shares with the case (see `SCORES`),
each with its reason in plain words; those with at least MIN_SCORE are shown, best
first, at most MOST_SHOWN. A contact match is said, never the contact itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import (
    CaseProblem,
    NotPermitted,
    actor_of,
    claim,
    expect_version,
    record_case_event,
)
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.models import (
    Complainant,
    Complaint,
    ComplaintLink,
    DismissedSuggestion,
)
from oversight.extensions import db
from oversight.links.models import DeploymentLink
from oversight.links.suggestions import SHOWN, place_words, window
from oversight.workdays import LONDON

MOST_SHOWN = 5
MIN_SCORE = 2
NEAR = timedelta(days=7)
# Rows read from each look-up at most (most recently received first).
MOST_CANDIDATES = 100
# What each signal adds: a shared contact or deployment is strong on its own; the same
# force and day is, and nearly so a day apart; a month (an approximate date) or a day
# with the force unknown on one side counts only with something else, as does a single
# place word in common (up to MOST_PLACE_WORDS count).
SCORES = {
    "contact": 4,
    "deployment": 4,
    "same_day": 3,
    "day_apart": 2,
    "same_month": 1,
    "day_force_unknown": 1,
    "place_word": 1,
}
MOST_PLACE_WORDS = 3
# Street kinds as people shorten them, so "Queen Ave" and "Queen Avenue" share only
# "queen" (the long forms are stop words of place_words; two-letter ones, "St" and "Rd",
# are too short to count at all).
ABBREVIATIONS = frozenset({"ave", "blvd", "cres", "pde", "sqr", "terr", "ter"})
SHORTEST_PHONE = 6
SEPARATORS = " -().+/"
DIGITS = re.compile(r"\D")
ALREADY_DISMISSED = _l("This suggestion was already dismissed")
ALREADY_LINKED = _l("These complaints are already linked")
NO_SUCH_COMPLAINT = _l("There is no complaint with that reference")
NOT_ITSELF = _l("A complaint cannot be linked to itself")


@dataclass(frozen=True)
class Suggestion:
    other: Complaint
    score: int
    # Why, in plain words, strongest first.
    reasons: tuple[str, ...]


def words_of(place: str | None) -> frozenset[str]:
    """The words of a place that can tell it apart (links.suggestions.place_words, less
    the short forms of street kinds)."""
    return place_words(place) - ABBREVIATIONS


def national_number(phone: str | None) -> str | None:
    """A phone number's digits without the country code or the leading 0, or None when
    there are too few digits to compare."""
    digits = DIGITS.sub("", phone or "")
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) >= 12:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= SHORTEST_PHONE else None


def email_of(complainant: Complainant | None) -> str | None:
    email = (complainant.email or "").strip().lower() if complainant else ""
    return email or None


def _digits_sql(column: sa.ColumnElement[str | None]) -> sa.ColumnElement[str | None]:
    """The column without the separators people type in phone numbers."""
    stripped = column
    for separator in SEPARATORS:
        stripped = sa.func.replace(stripped, separator, "")
    return stripped


def _phone_forms(number: str) -> list[str]:
    """How a national number may be written once its separators are gone."""
    return [f"{prefix}{number}" for prefix in ("", "0", "44", "440", "0044", "00440")]


def same_phone(
    column: sa.ColumnElement[str | None], phone: str | None
) -> sa.ColumnElement[bool] | None:
    """Where `column` holds the same number as `phone`, however either is written; None
    when `phone` has too few digits to compare."""
    number = national_number(phone)
    if number is None:
        return None
    return _digits_sql(column).in_(_phone_forms(number))


def _excluded(complaint: Complaint) -> set[int]:
    """The case, the complaints linked to it, and those dismissed from either side."""
    pairs = [
        (ComplaintLink.complaint_id, ComplaintLink.other_id),
        (DismissedSuggestion.complaint_id, DismissedSuggestion.other_id),
    ]
    excluded = {complaint.id}
    for one, other in pairs:
        excluded.update(db.session.scalars(sa.select(other).where(one == complaint.id)))
        excluded.update(db.session.scalars(sa.select(one).where(other == complaint.id)))
    return excluded


def _near_in_time(complaint: Complaint) -> sa.ColumnElement[bool] | None:
    dates = window(complaint, NEAR)
    if dates is None:
        return None
    first, last = dates
    # Nothing is complained of before it happened (and an approximate date is the first
    # of its month): received_at bounds the look-up on its index.
    since = datetime.combine(first.replace(day=1) - timedelta(days=1), time.min, tzinfo=LONDON)
    near = sa.and_(
        Complaint.received_at >= since,
        sa.or_(
            Complaint.incident_date.between(first, last),
            # An approximate date is held as the first of its month.
            sa.and_(
                Complaint.incident_date_approximate.is_(True),
                Complaint.incident_date == first.replace(day=1),
            ),
        ),
    )
    if complaint.force_id is None:
        return near
    return sa.and_(
        near, sa.or_(Complaint.force_id == complaint.force_id, Complaint.force_id.is_(None))
    )


def _same_contact(complainant: Complainant | None) -> sa.ColumnElement[bool] | None:
    matches = []
    email = email_of(complainant)
    if email:
        matches.append(sa.func.lower(sa.func.trim(Complainant.email)) == email)
    phone = same_phone(Complainant.phone.expression, complainant.phone if complainant else None)
    if phone is not None:
        matches.append(phone)
    if not matches:
        return None
    return Complaint.id.in_(sa.select(Complainant.complaint_id).where(sa.or_(*matches)))


def _deployments_of(complaint_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each complaint's deployments, linked and confirmed or named by the complainant."""
    found: dict[int, set[int]] = {}
    rows = db.session.execute(
        sa.select(DeploymentLink.complaint_id, DeploymentLink.deployment_id).where(
            DeploymentLink.complaint_id.in_(list(complaint_ids)),
            DeploymentLink.state.in_(SHOWN),
        )
    )
    for complaint_id, deployment_id in rows:
        found.setdefault(complaint_id, set()).add(deployment_id)
    return found


def _same_deployment(deployments: set[int]) -> sa.ColumnElement[bool] | None:
    if not deployments:
        return None
    return Complaint.id.in_(
        sa.select(DeploymentLink.complaint_id).where(
            DeploymentLink.deployment_id.in_(sorted(deployments)),
            DeploymentLink.state.in_(SHOWN),
        )
    )


def _candidates(complaint: Complaint, deployments: set[int]) -> list[Complaint]:
    excluded = _excluded(complaint)
    found: dict[int, Complaint] = {}
    for where in (
        _near_in_time(complaint),
        _same_contact(complaint.complainant),
        _same_deployment(deployments),
    ):
        if where is None:
            continue
        query = (
            sa.select(Complaint)
            .options(selectinload(Complaint.complainant), selectinload(Complaint.force))
            .where(where, Complaint.id.not_in(excluded))
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
            .limit(MOST_CANDIDATES)
        )
        for other in db.session.scalars(query):
            found.setdefault(other.id, other)
    return list(found.values())


def _contact_reasons(complaint: Complaint, other: Complaint) -> list[str]:
    reasons = []
    email = email_of(complaint.complainant)
    if email and email == email_of(other.complainant):
        reasons.append(_("The complainant’s email address is the same"))
    number = national_number(complaint.complainant.phone if complaint.complainant else None)
    if number and number == national_number(other.complainant.phone if other.complainant else None):
        reasons.append(_("The complainant’s phone number is the same"))
    return reasons


def _day_reason(complaint: Complaint, other: Complaint) -> tuple[int, str] | None:
    """The score and reason for when and by which force, if they count."""
    mine, theirs = complaint.incident_date, other.incident_date
    if mine is None or theirs is None:
        return None
    approximate = complaint.incident_date_approximate or other.incident_date_approximate
    days = abs((mine - theirs).days)
    if complaint.force_id is not None and complaint.force_id == other.force_id:
        force = complaint.force.name if complaint.force else ""
        if not approximate and days == 0:
            return SCORES["same_day"], _("Same police force (%(force)s), same day", force=force)
        if not approximate and days == 1:
            return SCORES["day_apart"], _("Same police force (%(force)s), a day apart", force=force)
        if approximate and (mine.year, mine.month) == (theirs.year, theirs.month):
            return SCORES["same_month"], _(
                "Same police force (%(force)s), same month (a date is approximate)", force=force
            )
        return None
    if (complaint.force_id is None or other.force_id is None) and not approximate and days <= 1:
        reason = (
            _("Same day; one complaint does not say which police force")
            if days == 0
            else _("A day apart; one complaint does not say which police force")
        )
        return SCORES["day_force_unknown"], reason
    return None


def _score(complaint: Complaint, other: Complaint, mine: set[int], theirs: set[int]) -> Suggestion:
    score, reasons = 0, []
    contact = _contact_reasons(complaint, other)
    if contact:
        score += SCORES["contact"]
        reasons += contact
    shared = sorted(mine & theirs)
    if shared:
        score += SCORES["deployment"]
        numbers = ", ".join(str(number) for number in shared)
        reasons.append(
            _("Linked to the same deployment (%(numbers)s)", numbers=numbers)
            if len(shared) == 1
            else _("Linked to the same deployments (%(numbers)s)", numbers=numbers)
        )
    day = _day_reason(complaint, other)
    if day:
        score += day[0]
        reasons.append(day[1])
    words = sorted(words_of(complaint.place) & words_of(other.place))
    if words:
        score += SCORES["place_word"] * min(len(words), MOST_PLACE_WORDS)
        reasons.append(_("Place words in common: %(words)s", words=", ".join(words)))
    return Suggestion(other=other, score=score, reasons=tuple(reasons))


def suggest(complaint: Complaint, limit: int = MOST_SHOWN) -> list[Suggestion]:
    """The complaints that may be the same as this one or related, best first."""
    mine = _deployments_of([complaint.id]).get(complaint.id, set())
    candidates = _candidates(complaint, mine)
    theirs = _deployments_of(c.id for c in candidates) if mine and candidates else {}
    scored = [_score(complaint, other, mine, theirs.get(other.id, set())) for other in candidates]
    shown = [s for s in scored if s.score >= MIN_SCORE]
    shown.sort(
        key=lambda s: (
            -s.score,
            abs((s.other.received_at - complaint.received_at).total_seconds()),
            s.other.id,
        )
    )
    return shown[:limit]


# Dismissing a suggestion -------------------------------------------------------------


def find_other(complaint: Complaint, other_reference: str) -> Complaint:
    """The other complaint of a suggestion, named in an address, or a CaseProblem."""
    other = complaints.find_by_reference(codes.normalise_reference(other_reference))
    if other is None:
        raise CaseProblem("other_reference", NO_SUCH_COMPLAINT)
    if other.id == complaint.id:
        raise CaseProblem("other_reference", NOT_ITSELF)
    return other


def _either_way(
    model: type[ComplaintLink] | type[DismissedSuggestion], one: int, other: int
) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(model.complaint_id == one, model.other_id == other),
        sa.and_(model.complaint_id == other, model.other_id == one),
    )


def dismiss(
    complaint: Complaint, other_reference: str, by: User, version: int
) -> DismissedSuggestion:
    """The other complaint is not the same as this one nor related: it is no longer
    suggested for this case, nor this case for it."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    other = find_other(complaint, other_reference)
    for model, message in (
        (DismissedSuggestion, ALREADY_DISMISSED),
        (ComplaintLink, ALREADY_LINKED),
    ):
        found = db.session.scalar(
            sa.select(model.id).where(_either_way(model, complaint.id, other.id)).limit(1)
        )
        if found is not None:
            raise CaseProblem("other_reference", message)
    claim(complaint, version)
    dismissed = DismissedSuggestion(
        complaint_id=complaint.id, other_id=other.id, dismissed_by=actor_of(by)
    )
    db.session.add(dismissed)
    record_case_event("case.suggestion_dismissed", complaint, actor_of(by), other=other.reference)
    return dismissed
