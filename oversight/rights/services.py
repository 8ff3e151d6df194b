"""A rights request's life: its one-month clock, logging, extension, identity check,
the cases chosen, redactions, releases and the outcome. Services never commit; each
change records its audit event (with no personal data) in the caller's transaction."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.complaints.models import Complaint, Evidence
from oversight.extensions import db
from oversight.models import Json, utcnow
from oversight.problems import NotFound, Problem
from oversight.rights.models import (
    CLOSED,
    BundleRelease,
    ReceivedVia,
    Redaction,
    RedactionReason,
    RequestCase,
    RequestKind,
    RequestStatus,
    RightsRequest,
)
from oversight.workdays import is_working_day

MOST_EXTENSION_MONTHS = 2
LIST_LIMIT = 100


class RightsProblem(Problem):
    """A change to a rights request that cannot be made as asked."""


# The clock -------------------------------------------------------------------------------


def months_after(day: date, months: int) -> date:
    """The corresponding date `months` calendar months later, as the ICO counts a month:
    the same day of the month, or the month's last day when it has no such day
    (31 January → 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: date) -> date:
    """The day itself if it is a working day in England and Wales, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def due_date(received_on: date, months: int = 1) -> date:
    """When a response is due: `months` calendar months after receipt, moved to the next
    working day when that falls on a weekend or bank holiday."""
    return next_working_day(months_after(received_on, months))


# Logging and the request's steps ----------------------------------------------------------


def _actor(user: User) -> str:
    return f"user:{user.id}"


def _event(action: str, request: RightsRequest, by: User, **details: Json) -> None:
    audit.record(
        action,
        actor=_actor(by),
        object_type="rights_request",
        object_id=str(request.id),
        outcome=audit.SUCCESS,
        request=request.id,
        **details,
    )


def log_request(
    kind: RequestKind,
    requester_name: str,
    reply_to: str,
    received_via: ReceivedVia,
    received_on: date,
    by: User,
    today: date,
) -> RightsRequest:
    if received_on > today:
        raise RightsProblem(
            _l("The date it was received must be today or in the past"), "received_on"
        )
    request = RightsRequest(
        kind=kind,
        requester_name=requester_name,
        reply_to=reply_to,
        received_via=received_via,
        received_on=received_on,
        due_on=due_date(received_on),
        status=RequestStatus.RECEIVED,
        logged_by_id=by.id,
        logged_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    _event("rights.request_logged", request, by, kind=kind.value, received_via=received_via.value)
    return request


def find_request(request_id: int) -> RightsRequest:
    request = db.session.get(RightsRequest, request_id)
    if request is None:
        raise NotFound()
    return request


def record_view(request: RightsRequest, by: User) -> None:
    _event("rights.request_viewed", request, by)


def record_letter(request: RightsRequest, key: str, language: str, by: User) -> None:
    """A letter downloaded to post: it carries the requester's name and address."""
    _event("rights.letter_downloaded", request, by, letter=key, language=language)


def open_first(today: date, limit: int = LIST_LIMIT) -> list[RightsRequest]:
    """Open requests by their deadline (soonest first), then closed ones, newest first;
    at most `limit` of each."""
    deadline = sa.func.coalesce(RightsRequest.extended_due_on, RightsRequest.due_on)
    open_ = db.session.scalars(
        sa.select(RightsRequest)
        .where(RightsRequest.closed_at.is_(None))
        .order_by(deadline, RightsRequest.id)
        .limit(limit)
    ).all()
    closed = db.session.scalars(
        sa.select(RightsRequest)
        .where(RightsRequest.closed_at.is_not(None))
        .order_by(RightsRequest.closed_at.desc(), RightsRequest.id.desc())
        .limit(limit)
    ).all()
    return [*open_, *closed]


def _still_open(request: RightsRequest) -> None:
    if request.status in CLOSED:
        raise RightsProblem(_l("This request is closed: nothing more can be changed"))


def extend(request: RightsRequest, months: int, reason: str, by: User) -> None:
    """Extend the deadline once, by one or two further months from the original due
    date's month, with the reason recorded."""
    _still_open(request)
    if request.extended_due_on is not None:
        raise RightsProblem(_l("This request has already been extended: it can be extended once"))
    if not 1 <= months <= MOST_EXTENSION_MONTHS:
        raise RightsProblem(_l("Choose an extension of 1 or 2 months"), "months")
    if not reason.strip():
        raise RightsProblem(_l("Enter why the request needs more time"), "reason")
    # Every column of the extension at once (reading by.id may flush): the database
    # refuses part of one.
    by_id, due = by.id, due_date(request.received_on, 1 + months)
    request.extended_due_on, request.extension_reason = due, reason
    request.extended_by_id, request.extended_at = by_id, utcnow()
    _event("rights.extended", request, by, months=months, due_on=due.isoformat())


def check_identity(request: RightsRequest, method: str, by: User) -> None:
    _still_open(request)
    if request.identity_checked_at is not None:
        raise RightsProblem(_l("The requester's identity has already been checked"))
    if not method.strip():
        raise RightsProblem(_l("Enter how the requester's identity was checked"), "method")
    by_id = by.id
    request.identity_method, request.identity_checked_by_id = method, by_id
    request.identity_checked_at = utcnow()
    if request.status is RequestStatus.RECEIVED:
        request.status = RequestStatus.IDENTITY_CHECKED
    _event("rights.identity_checked", request, by)


def record_search(request: RightsRequest, fields: Sequence[str], count: int, by: User) -> None:
    _event("rights.searched", request, by, fields=sorted(fields), count=count)


def chosen_cases(request: RightsRequest) -> list[Complaint]:
    return [chosen.complaint for chosen in request.cases]


def choose_cases(request: RightsRequest, references: Sequence[str], by: User) -> int:
    """Add the cases with these references as the requester's; returns how many were new."""
    _still_open(request)
    if not references:
        raise RightsProblem(_l("Select the cases that are the requester's"), "cases")
    have = {chosen.complaint_id for chosen in request.cases}
    found = db.session.scalars(
        sa.select(Complaint).where(Complaint.reference.in_(list(references)))
    ).all()
    if len(found) != len(set(references)):
        raise RightsProblem(_l("Select cases from the search results"), "cases")
    added = 0
    for complaint in found:
        if complaint.id in have:
            continue
        request.cases.append(
            RequestCase(complaint=complaint, chosen_by_id=by.id, chosen_at=utcnow())
        )
        _event("rights.case_chosen", request, by, reference=complaint.reference)
        added += 1
    if request.status in (RequestStatus.RECEIVED, RequestStatus.IDENTITY_CHECKED) and (
        request.identity_checked_at is not None
    ):
        request.status = RequestStatus.IN_PROGRESS
    return added


def unchoose_case(request: RightsRequest, reference: str, by: User) -> None:
    _still_open(request)
    for chosen in request.cases:
        if chosen.complaint.reference == reference:
            request.cases.remove(chosen)
            _event("rights.case_unchosen", request, by, reference=reference)
            return
    raise NotFound()


def evidence_of(request: RightsRequest, evidence_id: int) -> Evidence:
    """An evidence file of one of the request's chosen cases (else not found)."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.complaint_id not in {c.complaint_id for c in request.cases}:
        raise NotFound()
    return evidence


def _redaction_event(action: str, redaction: Redaction, by: User) -> None:
    applies_to = "phrase" if redaction.phrase is not None else f"evidence:{redaction.evidence_id}"
    _event(
        action,
        redaction.request,
        by,
        redaction=redaction.id,
        applies_to=applies_to,
        reason=redaction.reason.value,
    )


def _reason_note(reason: RedactionReason, note: str | None) -> str | None:
    if reason is RedactionReason.OTHER and not (note or "").strip():
        raise RightsProblem(_l("Enter why this is redacted"), "note")
    return note or None


def add_phrase(
    request: RightsRequest, phrase: str, reason: RedactionReason, note: str | None, by: User
) -> Redaction:
    _still_open(request)
    if not phrase.strip():
        raise RightsProblem(_l("Enter the words to redact"), "phrase")
    if any((r.phrase or "").casefold() == phrase.casefold() for r in request.redactions):
        raise RightsProblem(_l("These words are already redacted"), "phrase")
    redaction = Redaction(
        phrase=phrase,
        reason=reason,
        note=_reason_note(reason, note),
        created_by_id=by.id,
        created_at=utcnow(),
    )
    request.redactions.append(redaction)
    db.session.flush()
    _redaction_event("rights.redaction_added", redaction, by)
    return redaction


def add_box(
    request: RightsRequest,
    evidence: Evidence,
    page: int,
    box: tuple[float, float, float, float],
    reason: RedactionReason,
    note: str | None,
    by: User,
) -> Redaction:
    """A box on a page (from 0) of an evidence file, in fractions of the page."""
    _still_open(request)
    left, top, right, bottom = box
    if not (0 <= left < right <= 1):
        raise RightsProblem(_l("The left edge must be less than the right edge"), "right")
    if not (0 <= top < bottom <= 1):
        raise RightsProblem(_l("The top edge must be less than the bottom edge"), "bottom")
    redaction = Redaction(
        evidence_id=evidence.id,
        page=page,
        box_left=left,
        box_top=top,
        box_right=right,
        box_bottom=bottom,
        reason=reason,
        note=_reason_note(reason, note),
        created_by_id=by.id,
        created_at=utcnow(),
    )
    request.redactions.append(redaction)
    db.session.flush()
    _redaction_event("rights.redaction_added", redaction, by)
    return redaction


def remove_redaction(request: RightsRequest, redaction_id: int, by: User) -> None:
    _still_open(request)
    for redaction in request.redactions:
        if redaction.id == redaction_id:
            _redaction_event("rights.redaction_removed", redaction, by)
            request.redactions.remove(redaction)
            return
    raise NotFound()


def _case_reads(request: RightsRequest, by: User, what: str) -> None:
    """One event on each chosen case, so the administrators' "who looked" at a person's
    data (oversight.audit.who_looked) lists the rights officer's looks too."""
    for chosen in request.cases:
        audit.record(
            "rights.case_read",
            actor=_actor(by),
            object_type="case",
            object_id=chosen.complaint.reference,
            outcome=audit.SUCCESS,
            request=request.id,
            what=what,
        )


def record_records_view(request: RightsRequest, what: str, by: User) -> None:
    _event("rights.records_viewed", request, by, what=what)
    _case_reads(request, by, what)


def check_releasable(request: RightsRequest) -> None:
    """Refuse to release before the identity check, or with no case chosen."""
    _still_open(request)
    if request.identity_checked_at is None:
        raise RightsProblem(_l("Check the requester's identity before releasing their records"))
    if not request.cases:
        raise RightsProblem(_l("Choose the requester's cases before releasing their records"))


def record_export(
    request: RightsRequest, sha256: str, counts: dict[str, int], by: User, released: bool
) -> BundleRelease | None:
    """A draft export (for staff to check) or a release to the requester, which needs the
    requester's identity checked first. `counts` holds the bundle's size, cases, evidence
    files and redactions."""
    counts = dict(counts)
    size = counts.pop("size")
    if not released:
        _event("rights.bundle_exported", request, by, sha256=sha256, **counts)
        _case_reads(request, by, "bundle")
        return None
    check_releasable(request)
    release = BundleRelease(
        released_at=utcnow(),
        released_by_id=by.id,
        sha256=sha256,
        size=size,
        counts=dict(counts),
    )
    request.releases.append(release)
    if request.status is RequestStatus.IDENTITY_CHECKED:
        request.status = RequestStatus.IN_PROGRESS
    _event("rights.bundle_released", request, by, sha256=sha256, **counts)
    _case_reads(request, by, "bundle released")
    return release


OUTCOMES = (RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN)


def record_outcome(request: RightsRequest, status: RequestStatus, note: str, by: User) -> None:
    _still_open(request)
    if status not in OUTCOMES:
        raise RightsProblem(_l("Select the outcome"), "status")
    if not note.strip():
        raise RightsProblem(_l("Enter a note of the outcome"), "note")
    if status is RequestStatus.COMPLETED and request.identity_checked_at is None:
        raise RightsProblem(
            _l("Check the requester's identity before completing the request"), "status"
        )
    request.status = status
    request.outcome_note = note
    request.closed_at = utcnow()
    _event("rights.outcome_recorded", request, by, status=status.value)
