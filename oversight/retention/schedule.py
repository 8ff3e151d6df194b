"""The retention schedule: how long each kind of record is kept, and what happens then.

This is the one place the schedule lives: the privacy notice, the administrators' page and
`flask retention run` all read it. Each period is set in configuration (`RETENTION_*`,
whole months, documented in the README) and counts from the UK date a case closed, so a
case closed at 00:30 on a summer morning counts from that day, not the day before in UTC.
Bank holidays do not move a retention date: it is a calendar period, not working days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

UK = ZoneInfo("Europe/London")


class RecordKind(StrEnum):
    CONTACT_DETAILS = "contact_details"
    FREE_TEXT = "free_text"
    EVIDENCE = "evidence"
    INTERNAL_NOTES = "internal_notes"
    MESSAGES = "messages"
    LOGGED_CALLS = "logged_calls"
    DRAFTS = "drafts"
    SESSIONS = "sessions"


class Action(StrEnum):
    DELETED = "deleted"
    # The case stays, with what the published statistics count, and nothing that
    # identifies or describes the person.
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class Rule:
    kind: RecordKind
    # Whole months after the case closed; None for a kind kept for a fixed time that is
    # not counted from closure (drafts, sessions: see `kept_for`).
    months: int | None
    action: Action
    label: Any  # lazy strings, for the public and staff pages alike
    what: Any
    kept_for: Any

    def due_on(self, closed_at: datetime) -> date | None:
        """The first UK date on which this rule applies to a case closed at `closed_at`."""
        if self.months is None:
            return None
        due: date = uk_date(closed_at) + relativedelta(months=self.months)
        return due

    def is_due(self, closed_at: datetime | None, today: date) -> bool:
        due = self.due_on(closed_at) if closed_at is not None else None
        return due is not None and today >= due


# The configuration key of each kind counted in months, and its documented default.
MONTHS_SETTINGS: dict[RecordKind, tuple[str, int]] = {
    RecordKind.CONTACT_DETAILS: ("RETENTION_CONTACT_DETAILS_MONTHS", 24),
    RecordKind.FREE_TEXT: ("RETENTION_FREE_TEXT_MONTHS", 72),
    RecordKind.EVIDENCE: ("RETENTION_EVIDENCE_MONTHS", 24),
    RecordKind.INTERNAL_NOTES: ("RETENTION_INTERNAL_NOTES_MONTHS", 72),
    RecordKind.MESSAGES: ("RETENTION_MESSAGES_MONTHS", 24),
    RecordKind.LOGGED_CALLS: ("RETENTION_LOGGED_CALLS_MONTHS", 24),
}


def uk_date(moment: datetime) -> date:
    return moment.astimezone(UK).date()


def _period(months: int) -> Any:
    if months % 12 == 0:
        years = months // 12
        return _l("%(years)s years after the case closes", years=years)
    return _l("%(months)s months after the case closes", months=months)


def schedule(config: Mapping[str, Any]) -> list[Rule]:
    """Every rule, in the order the pages list them, with the periods configured."""
    months = {kind: int(config[key]) for kind, (key, _default) in MONTHS_SETTINGS.items()}
    return [
        Rule(
            RecordKind.CONTACT_DETAILS,
            months[RecordKind.CONTACT_DETAILS],
            Action.DELETED,
            _l("Contact details"),
            _l("Your name, email address, phone number, postal address and access needs."),
            _period(months[RecordKind.CONTACT_DETAILS]),
        ),
        Rule(
            RecordKind.FREE_TEXT,
            months[RecordKind.FREE_TEXT],
            Action.ANONYMISED,
            _l("What you told us"),
            _l(
                "What happened, where, what you want to happen, and your replies. The case "
                "is then anonymised: only what the published statistics count is kept."
            ),
            _period(months[RecordKind.FREE_TEXT]),
        ),
        Rule(
            RecordKind.EVIDENCE,
            months[RecordKind.EVIDENCE],
            Action.DELETED,
            _l("Evidence"),
            _l("Photos, documents and other files sent with a complaint or later."),
            _period(months[RecordKind.EVIDENCE]),
        ),
        Rule(
            RecordKind.INTERNAL_NOTES,
            months[RecordKind.INTERNAL_NOTES],
            Action.DELETED,
            _l("Internal notes"),
            _l("Notes our staff write about a case for themselves."),
            _period(months[RecordKind.INTERNAL_NOTES]),
        ),
        Rule(
            RecordKind.MESSAGES,
            months[RecordKind.MESSAGES],
            Action.DELETED,
            _l("Messages"),
            _l("Emails and letters we send you, and your written replies."),
            _period(months[RecordKind.MESSAGES]),
        ),
        Rule(
            RecordKind.LOGGED_CALLS,
            months[RecordKind.LOGGED_CALLS],
            Action.DELETED,
            _l("Logged calls"),
            _l("Our notes of phone calls, and complaints made by phone, email or post."),
            _period(months[RecordKind.LOGGED_CALLS]),
        ),
        Rule(
            RecordKind.DRAFTS,
            None,
            Action.DELETED,
            _l("Unsent answers"),
            _l("Answers to the complaint form that were saved but never sent."),
            _l("1 day after they were last saved"),
        ),
        Rule(
            RecordKind.SESSIONS,
            None,
            Action.DELETED,
            _l("Sessions"),
            _l(
                "The cookie that keeps your answers together while you fill in the form, "
                "and staff sign-in sessions."
            ),
            _l("Until you close your browser, or 12 hours for staff"),
        ),
    ]


def rule_for(config: Mapping[str, Any], kind: RecordKind) -> Rule:
    return next(rule for rule in schedule(config) if rule.kind is kind)
