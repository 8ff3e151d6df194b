"""The one-month clock as the ICO counts it, and its one extension."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from oversight.rights import services
from oversight.rights.models import ReceivedVia, RequestKind, RightsRequest
from oversight.rights.services import RightsProblem, due_date, months_after


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2027, 1, 31), date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday: Monday 1 March
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year: Tuesday 29 February
        (date(2026, 1, 31), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday
        (date(2026, 3, 31), date(2026, 4, 30)),  # April has no 31st: its last day
        # Received on the last day of a month: the same day number next month (28 March 2026
        # is a Saturday, so Monday 30th), not the next month's last day.
        (date(2026, 2, 28), date(2026, 3, 30)),
        (date(2026, 11, 30), date(2026, 12, 30)),
        (date(2026, 12, 31), date(2027, 2, 1)),  # across the year: 31 January 2027 is a Sunday
    ],
)
def test_a_request_is_due_on_the_corresponding_day_of_the_next_month(received, due):
    assert due_date(received) == due


def test_31_january_corresponds_to_the_last_day_of_february():
    assert months_after(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert months_after(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_a_due_day_on_a_bank_holiday_moves_to_the_next_working_day():
    # 25 December 2026 is a Friday (Christmas), 28 December the substitute Boxing Day.
    assert due_date(date(2026, 11, 25)) == date(2026, 12, 29)
    # 4 May 2026 is the early May bank holiday (a Monday).
    assert due_date(date(2026, 4, 4)) == date(2026, 5, 5)


def test_an_extension_runs_two_further_months_from_receipt():
    assert due_date(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert due_date(date(2026, 2, 10), 2) == date(2026, 4, 10)


def _logged(db, user, received=date(2026, 1, 31)):
    request = services.log_request(
        RequestKind.ACCESS,
        "Jo Bloggs",
        "jo@example.com",
        ReceivedVia.EMAIL,
        received,
        user,
        date(2026, 12, 4),
    )
    db.session.commit()
    return request


def test_an_extension_needs_a_reason_and_happens_once(db, information_rights):
    request = _logged(db, information_rights)
    with pytest.raises(RightsProblem) as refused:
        services.extend(request, 2, "  ", information_rights)
    assert refused.value.field == "reason"
    with pytest.raises(RightsProblem):
        services.extend(request, 3, "Complex", information_rights)
    services.extend(request, 2, "Records across many cases", information_rights)
    db.session.commit()
    assert request.deadline == date(2026, 4, 30)
    assert request.extended_by_id == information_rights.id and request.extended_at
    with pytest.raises(RightsProblem):
        services.extend(request, 1, "Again", information_rights)


def test_the_database_refuses_an_extension_without_its_reason(db, information_rights):
    request = _logged(db, information_rights)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.update(RightsRequest)
            .where(RightsRequest.id == request.id)
            .values(extended_due_on=date(2026, 5, 1), extended_by_id=information_rights.id)
        )
        db.session.flush()
    db.session.rollback()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.update(RightsRequest)
            .where(RightsRequest.id == request.id)
            .values(due_on=date(2026, 1, 30))
        )
        db.session.flush()
    db.session.rollback()


def test_a_request_received_in_the_future_is_refused(db, information_rights):
    with pytest.raises(RightsProblem) as refused:
        services.log_request(
            RequestKind.ERASURE,
            "A",
            "a@example.com",
            ReceivedVia.POST,
            date(2026, 12, 5),
            information_rights,
            date(2026, 12, 4),
        )
    assert refused.value.field == "received_on"
