"""Working out what the schedule has made due, and applying it one case at a time.

`plan(config, today)` reads only: the rules due on each closed case (closed_at set and
status closed) that are not yet applied since it last closed, the cases among them held
(oversight.retention.holds), the drafts past their lifetime, and the files still queued
for deletion. `apply_case` applies one case's rules in the caller's transaction, with its
audit event; `purge_draft` deletes one expired draft. Nothing here commits: the command
(oversight.retention.cli) commits each case in its own transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from oversight.audit import services as audit
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.notify import drafts as draft_messages
from oversight.public.models import ComplaintDraft
from oversight.retention import files
from oversight.retention.erasure import ERASERS
from oversight.retention.models import LegalHold, RetentionApplied
from oversight.retention.schedule import UK, RecordKind, Rule, schedule
from oversight.workdays import local_date

ACTOR = "system:retention"


def new_run_id() -> str:
    return secrets.token_hex(16)


def case_rules(config: Mapping[str, Any]) -> list[Rule]:
    """The rules counted from a case's closure, in the schedule's order."""
    return [rule for rule in schedule(config) if rule.months is not None and rule.kind in ERASERS]


def last_closing_day(rule: Rule, today: date) -> date:
    """The latest UK date a case may have closed on for `rule` to be due `today`."""
    assert rule.months is not None
    day: date = today - relativedelta(months=rule.months)
    # Adding months is not one-to-one at a month's end (30 and 31 January both reach
    # 28 February): take every day that still reaches `today`.
    while (day + timedelta(days=1)) + relativedelta(months=rule.months) <= today:
        day += timedelta(days=1)
    return day


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UK).astimezone(UTC)


@dataclass(frozen=True)
class Due:
    complaint_id: int
    reference: str
    kinds: tuple[RecordKind, ...]


@dataclass
class Plan:
    today: date
    due: list[Due] = field(default_factory=list)  # cases to apply, oldest first
    held: list[Due] = field(default_factory=list)  # cases that would be, but are held
    drafts: int = 0
    pending_files: int = 0

    def counts(self) -> dict[RecordKind, int]:
        """How many cases each kind is due on (cases held left out)."""
        counts = dict.fromkeys((kind for kind in RecordKind if kind in ERASERS), 0)
        for case in self.due:
            for kind in case.kinds:
                counts[kind] += 1
        return counts

    @property
    def nothing(self) -> bool:
        return not self.due and not self.drafts and not self.pending_files


def _outstanding(rule: Rule, today: date) -> sa.Select[Any]:
    """Closed cases `rule` is due on today and not applied to since they last closed."""
    applied = sa.exists().where(
        RetentionApplied.complaint_id == Complaint.id,
        RetentionApplied.kind == rule.kind,
        RetentionApplied.applied_at >= Complaint.closed_at,
    )
    return sa.select(Complaint.id, Complaint.reference, Complaint.closed_at).where(
        Complaint.status == Status.CLOSED,
        Complaint.closed_at.is_not(None),
        Complaint.closed_at < _start_of(last_closing_day(rule, today) + timedelta(days=1)),
        ~applied,
    )


def held_ids(ids: list[int] | None = None) -> set[int]:
    query = sa.select(LegalHold.complaint_id).where(LegalHold.released_at.is_(None))
    if ids is not None:
        query = query.where(LegalHold.complaint_id.in_(ids))
    return set(db.session.scalars(query))


def plan(config: Mapping[str, Any], today: date, moment: datetime) -> Plan:
    """What a run on `today` would do (drafts expired by `moment`). Reads only."""
    found: dict[int, tuple[str, list[RecordKind]]] = {}
    for rule in case_rules(config):
        for complaint_id, reference, closed_at in db.session.execute(_outstanding(rule, today)):
            if rule.is_due(closed_at, today):  # the database's cut-off, checked again
                found.setdefault(complaint_id, (reference, []))[1].append(rule.kind)
    held = held_ids()
    result = Plan(today=today)
    for complaint_id in sorted(found):
        reference, kinds = found[complaint_id]
        due = Due(complaint_id, reference, tuple(kinds))
        (result.held if complaint_id in held else result.due).append(due)
    result.drafts = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ComplaintDraft)
            .where(ComplaintDraft.expires_at <= moment)
        )
        or 0
    )
    result.pending_files = files.pending_count()
    return result


def outstanding_kinds(
    complaint: Complaint, rules: list[Rule], today: date
) -> tuple[RecordKind, ...]:
    """The rules due on this case today and not applied since it last closed."""
    if complaint.status is not Status.CLOSED or complaint.closed_at is None:
        return ()
    closed_at = complaint.closed_at
    applied = {
        row.kind: row.applied_at
        for row in db.session.scalars(
            sa.select(RetentionApplied).where(RetentionApplied.complaint_id == complaint.id)
        )
    }
    return tuple(
        rule.kind
        for rule in rules
        if rule.is_due(closed_at, today)
        and (rule.kind not in applied or applied[rule.kind] < closed_at)
    )


def apply_case(
    complaint_id: int, rules: list[Rule], today: date, run_id: str, now: datetime
) -> tuple[RecordKind, ...]:
    """Apply the rules due on one case, in the caller's transaction, with its audit event;
    the kinds applied (none if the case has since been held, reopened or done)."""
    complaint = db.session.scalar(
        sa.select(Complaint).where(Complaint.id == complaint_id).with_for_update()
    )
    if complaint is None or held_ids([complaint_id]):
        return ()
    kinds = outstanding_kinds(complaint, rules, today)
    if not kinds:
        return ()
    for kind in kinds:
        ERASERS[kind](complaint)
        row = db.session.scalar(
            sa.select(RetentionApplied).where(
                RetentionApplied.complaint_id == complaint.id, RetentionApplied.kind == kind
            )
        )
        if row is None:
            db.session.add(
                RetentionApplied(
                    complaint_id=complaint.id, kind=kind, applied_at=now, run_id=run_id
                )
            )
        else:
            row.applied_at, row.run_id = now, run_id
    # A page opened on the case before this run can no longer change it.
    complaint.version += 1
    audit.record(
        "retention.applied",
        actor=ACTOR,
        object_type="case",
        object_id=complaint.reference,
        reference=complaint.reference,
        kinds=[kind.value for kind in kinds],
        run_id=run_id,
    )
    return kinds


def expired_drafts(moment: datetime, limit: int) -> list[ComplaintDraft]:
    return list(
        db.session.scalars(
            sa.select(ComplaintDraft)
            .where(ComplaintDraft.expires_at <= moment)
            .order_by(ComplaintDraft.expires_at, ComplaintDraft.id)
            .limit(limit)
        )
    )


def purge_draft(draft: ComplaintDraft) -> None:
    """Delete an expired draft and its messages, and queue the files of one never sent
    (a sent one's files are its complaint's evidence)."""
    if draft.complaint_id is None:
        files.queue([entry["key"] for entry in draft.answers.get("files", [])])
    draft_messages.forget(draft.id)
    db.session.delete(draft)


def record_run(
    run_id: str, today: date, applied: Mapping[RecordKind, int], cases: int, drafts: int, held: int
) -> None:
    audit.record(
        "retention.run",
        actor=ACTOR,
        object_type="retention_run",
        object_id=run_id,
        run_id=run_id,
        today=today.isoformat(),
        cases=cases,
        kinds={kind.value: count for kind, count in applied.items()},
        drafts=drafts,
        held=held,
    )


def today_in_the_uk(now: datetime) -> date:
    return local_date(now)
