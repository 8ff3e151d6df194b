"""Staff pages of the release calendar: the calendar as staff keep it, announcing a
release (or announcing a cancelled one again), changing an announced day with its
reason, and cancelling an announced release with its reason, from a page that asks to
confirm it.

Statisticians and publishers keep the calendar. The views read the form into plain
values, call the calendar's services (which check the same rules and audit each step),
commit once and redirect; a change from an out-of-date page is refused and the page
shown again as it now is, with nothing typed lost.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import DBAPIError, IntegrityError
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from oversight import formatting
from oversight.access import refuse, roles_required
from oversight.auth.models import Role
from oversight.extensions import db
from oversight.forms import Form
from oversight.statistics import calendar, services
from oversight.statistics.calendar_models import CalendarEntry
from oversight.statistics.enums import PeriodKind
from oversight.statistics.periods import InvalidPeriod, Period, parse_period
from oversight.statistics.web.forms import DateParts, VersionForm

# /staff/statistics/calendar: beside the staff pages of the releases.
bp = Blueprint("statistics_calendar_staff", __name__, url_prefix="/staff/statistics/calendar")
calendar_roles = roles_required(Role.STATISTICIAN, Role.PUBLISHER)


class AnnounceForm(Form):
    """Which period's release is announced, and the day it comes out."""

    period_code = StringField(
        _l("Period"),
        description=_l(
            "A quarter like 2026-Q3, a year like 2026, or a financial year like FY2025-26"
        ),
        validators=[DataRequired(_l("Enter the period the release covers, like 2026-Q3"))],
    )
    release_date = DateParts(
        _l("Release date"),
        _l("release date"),
        description=_l("Published at 09:30 UK time on this day. For example, 19 11 2026"),
    )

    def validate(self, extra_validators: object = None) -> bool:
        self.period: Period | None = None
        self.day: date | None = None
        valid = super().validate(extra_validators)
        self.day = self.release_date.read()
        if not valid:
            return False
        try:
            period = parse_period(self.period_code.data or "")
        except InvalidPeriod as problem:
            self.period_code.errors = [str(problem)]
            return False
        if period.kind is PeriodKind.CUSTOM:
            self.period_code.errors = [
                str(_l("Only a quarter, a calendar year or a financial year is published"))
            ]
            return False
        self.period = period
        return self.day is not None


class ChangeDateForm(VersionForm):
    """A new day for an announced release, and why it changes."""

    release_date = DateParts(
        _l("New release date"),
        _l("new release date"),
        description=_l("Published at 09:30 UK time on this day. For example, 26 11 2026"),
    )
    reason = TextAreaField(
        _l("Why is the date changing?"),
        description=_l("This is published in the calendar beside the new date"),
        validators=[
            DataRequired(_l("Enter why the release date is changing")),
            Length(
                max=calendar.REASON_MAX,
                message=_l(
                    "The reason must be %(max)s characters or fewer", max=calendar.REASON_MAX
                ),
            ),
        ],
    )

    def validate(self, extra_validators: object = None) -> bool:
        self.day: date | None = None
        valid = super().validate(extra_validators)
        self.day = self.release_date.read()
        return valid and self.day is not None


class CancelForm(VersionForm):
    """Why an announced release is cancelled."""

    reason = TextAreaField(
        _l("Why is the release cancelled?"),
        description=_l("This is published in the calendar beside the release"),
        validators=[
            DataRequired(_l("Enter why the release is cancelled")),
            Length(
                max=calendar.REASON_MAX,
                message=_l(
                    "The reason must be %(max)s characters or fewer", max=calendar.REASON_MAX
                ),
            ),
        ],
    )


def _entry(entry_id: int) -> CalendarEntry:
    entry = db.session.get(CalendarEntry, entry_id)
    if entry is None:
        abort(404)
    return entry


def _show_problem(form: Form, problem: calendar.CalendarProblem) -> None:
    """The service's refusal, on the field it is about (or the form as a whole)."""
    name = "period_code" if problem.field == "period" else problem.field or "release_date"
    field = form[name] if name in form else form["release_date"]
    field.errors = [*field.errors, str(problem)]


@bp.get("")
@calendar_roles
def entries() -> str:
    services.publish_due_and_commit()
    upcoming, past = calendar.listings()
    return render_template("statistics/staff/calendar.html", upcoming=upcoming, past=past)


@bp.route("/new", methods=["GET", "POST"])
@calendar_roles
def announce() -> ResponseReturnValue:
    form = AnnounceForm()
    if not form.is_submitted():
        # From a release page: the period it covers, ready to announce.
        form.period_code.data = request.args.get("period", "")[:40]
        return render_template("statistics/staff/calendar_announce.html", form=form)
    if not form.validate():
        return render_template("statistics/staff/calendar_announce.html", form=form), 400
    assert form.period is not None and form.day is not None
    try:
        entry = calendar.announce(form.period, form.day, current_user)
        db.session.commit()
    except calendar.NotPermitted:
        refuse("release_calendar")
    except (calendar.CalendarProblem, IntegrityError) as problem:
        db.session.rollback()
        if isinstance(problem, IntegrityError):
            problem = calendar.CalendarProblem(
                _l("The release for this period is already in the calendar"), "period"
            )
        _show_problem(form, problem)
        return render_template("statistics/staff/calendar_announce.html", form=form), 400
    flash(
        _(
            "The release for %(period)s is announced for %(day)s at 09:30.",
            period=entry.period.label,
            day=formatting.long_date(entry.release_date),
        )
    )
    return redirect(url_for(".entries"))


def _entry_page(
    template: str,
    entry: CalendarEntry,
    form: ChangeDateForm | CancelForm,
    problem: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """A page that changes an announced entry (its day, or cancelling it)."""
    return (
        render_template(
            template, entry=entry, form=form, problem=problem, out=calendar.is_out(entry)
        ),
        status,
    )


def _as_it_is(form: ChangeDateForm | CancelForm, entry: CalendarEntry) -> None:
    """The form carries the entry's version as it is now."""
    form.version.data = entry.version
    form.version.raw_data = [str(entry.version)]


def _refused(
    template: str,
    entry: CalendarEntry,
    form: ChangeDateForm | CancelForm,
    problem: Exception,
    sent: int | None,
    fields: tuple[str, ...],
) -> tuple[str, int]:
    """The page again after a change the calendar or the database refused: 409 if someone
    else changed the entry meanwhile, else the problem at its field or above the form."""
    db.session.rollback()
    stale = sent != entry.version
    _as_it_is(form, entry)
    if stale or not isinstance(problem, calendar.CalendarProblem):
        message = _(
            "Someone else changed this release while you had it open, so nothing was "
            "done. Check it as it is now, then try again."
        )
        return _entry_page(template, entry, form, str(message), status=409)
    if problem.field in fields:
        _show_problem(form, problem)
        return _entry_page(template, entry, form, status=400)
    return _entry_page(template, entry, form, str(problem), status=400)


CHANGE_PAGE = "statistics/staff/calendar_change.html"
CANCEL_PAGE = "statistics/staff/calendar_cancel.html"


@bp.route("/<int:entry_id>/change", methods=["GET", "POST"])
@calendar_roles
def change_date(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    form = ChangeDateForm()
    if not form.is_submitted():
        _as_it_is(form, entry)
        return _entry_page(CHANGE_PAGE, entry, form)
    if not form.validate():
        return _entry_page(CHANGE_PAGE, entry, form, status=400)
    assert form.day is not None
    sent = form.version.data
    try:
        calendar.change_date(entry, form.day, form.reason.data or "", current_user, version=sent)
        db.session.commit()
    except calendar.NotPermitted:
        refuse("release_calendar", str(entry_id))
    except (calendar.CalendarProblem, DBAPIError) as problem:
        return _refused(CHANGE_PAGE, entry, form, problem, sent, ("release_date", "reason"))
    flash(
        _(
            "The release date for %(period)s is changed. The calendar shows the new date "
            "and the reason.",
            period=entry.period.label,
        )
    )
    return redirect(url_for(".entries"))


@bp.route("/<int:entry_id>/cancel", methods=["GET", "POST"])
@calendar_roles
def cancel(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    form = CancelForm()
    if not form.is_submitted():
        _as_it_is(form, entry)
        return _entry_page(CANCEL_PAGE, entry, form)
    if not form.validate():
        return _entry_page(CANCEL_PAGE, entry, form, status=400)
    sent = form.version.data
    try:
        calendar.cancel(entry, form.reason.data or "", current_user, version=sent)
        db.session.commit()
    except calendar.NotPermitted:
        refuse("release_calendar", str(entry_id))
    except (calendar.CalendarProblem, DBAPIError) as problem:
        return _refused(CANCEL_PAGE, entry, form, problem, sent, ("reason",))
    flash(
        _(
            "The release for %(period)s is cancelled. The calendar shows it as cancelled, "
            "with the reason.",
            period=entry.period.label,
        )
    )
    return redirect(url_for(".entries"))
