"""Each rule at its boundary day: the day before it is due nothing of its kind goes, on
the day it is due it does. The case closed at 23:30 UTC on a summer evening, so it counts
from the next UK date (28 August 2026); the contact details' day two years on, 28 August
2028, is the summer bank holiday, and a calendar period applies on a bank holiday too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from oversight.retention.schedule import MONTHS_SETTINGS, RecordKind, rule_for
from oversight.workdays import is_working_day
from tests.retention.cases import applied, closed_case, files_kept, left, run

UK_CLOSING_DAY = date(2026, 8, 28)


def test_the_case_counts_from_the_uk_date_it_closed(app):
    rule = rule_for(app.config, RecordKind.CONTACT_DETAILS)
    assert rule.due_on(datetime(2026, 8, 27, 23, 30, tzinfo=UTC)) == date(2028, 8, 28)
    # In winter the UK date is the UTC date: 23:30 on 27 January is still the 27th.
    assert rule.due_on(datetime(2026, 1, 27, 23, 30, tzinfo=UTC)) == date(2028, 1, 27)
    # The night the clocks go back: 00:30 UTC on 25 October 2026 is 01:30 BST that day.
    assert rule.due_on(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == date(2028, 10, 25)


def test_the_contact_details_due_day_is_a_bank_holiday(app):
    due = UK_CLOSING_DAY + relativedelta(months=app.config["RETENTION_CONTACT_DETAILS_MONTHS"])
    assert due == date(2028, 8, 28)
    assert not is_working_day(due)


@pytest.mark.parametrize("kind", list(MONTHS_SETTINGS), ids=lambda kind: kind.value)
def test_each_rule_applies_on_its_due_day_and_not_the_day_before(app, db, runner, kind):
    complaint = closed_case()
    keys = [evidence.storage_key for evidence in complaint.evidence]
    db.session.commit()
    months = app.config[MONTHS_SETTINGS[kind][0]]
    due = UK_CLOSING_DAY + relativedelta(months=months)
    day_before = due - timedelta(days=1)

    run(runner, "--apply", "--today", day_before.isoformat())
    assert kind not in applied(complaint.id)
    assert left(complaint)[kind], f"{kind} went the day before it was due"

    run(runner, "--apply", "--today", due.isoformat())
    assert kind in applied(complaint.id)
    assert not left(complaint)[kind], f"{kind} was kept on the day it was due"
    if kind is RecordKind.EVIDENCE:
        assert files_kept(keys) == []
    # A kind with a longer period is still there.
    for other, (setting, _default) in MONTHS_SETTINGS.items():
        if app.config[setting] > months:
            assert other not in applied(complaint.id)


def test_a_case_closed_on_a_winter_night_counts_from_that_day(db, runner):
    complaint = closed_case(datetime(2027, 1, 31, 23, 30, tzinfo=UTC))
    db.session.commit()
    run(runner, "--apply", "--today", "2029-01-30")
    assert applied(complaint.id) == set()
    run(runner, "--apply", "--today", "2029-01-31")
    assert RecordKind.CONTACT_DETAILS in applied(complaint.id)


def test_a_month_end_closure_is_due_on_the_last_day_of_a_shorter_month(db, runner, app):
    """31 January plus 13 months is 28 February; the run finds it there too."""
    app.config["RETENTION_MESSAGES_MONTHS"] = 13
    try:
        complaint = closed_case(datetime(2027, 1, 31, 12, 0, tzinfo=UTC))
        db.session.commit()
        run(runner, "--apply", "--today", "2028-02-28")
        assert applied(complaint.id) == set()  # 2028 is a leap year: due on the 29th
        run(runner, "--apply", "--today", "2028-02-29")
        assert applied(complaint.id) == {RecordKind.MESSAGES}
    finally:
        app.config["RETENTION_MESSAGES_MONTHS"] = 24
