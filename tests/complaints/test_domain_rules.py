"""Working days, references and tracking codes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from oversight.complaints import codes
from oversight.workdays import add_working_days, is_working_day, local_date, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 20), 2, date(2026, 11, 24)),  # Friday: over the weekend
        (date(2026, 12, 24), 2, date(2026, 12, 30)),  # Christmas and Boxing Day (moved to Monday)
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # August bank holiday in England and Wales
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_due_dates_count_working_days_in_england_and_wales(start, days, due):
    assert add_working_days(start, days) == due


def test_scottish_bank_holidays_are_working_days_here():
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day, Scotland only


def test_working_days_between_counts_the_days_after_the_start():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 30)) == 2


def test_the_local_date_is_the_date_in_london():
    assert local_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)


def test_references_are_short_and_unambiguous():
    for _ in range(200):
        reference = codes.new_reference()
        assert len(reference) == 12
        assert reference.startswith("FR-")
        assert not set(reference) & set("ILOU")


def test_references_are_read_however_they_are_typed():
    assert codes.normalise_reference("fr 7kqm 2xpd") == "FR-7KQM-2XPD"
    assert codes.normalise_reference("7KQM2XPD") == "FR-7KQM-2XPD"
    assert codes.normalise_reference("FR-7KQM-2XPO") == "FR-7KQM-2XP0"


def test_a_reference_typed_without_its_prefix_may_itself_begin_with_fr():
    assert codes.normalise_reference("frdw18c7") == "FR-FRDW-18C7"
    assert codes.normalise_reference("FRDW 18C7") == "FR-FRDW-18C7"
    assert codes.normalise_reference("FR-FRDW-18C7") == "FR-FRDW-18C7"
    assert codes.normalise_reference("frfrdw18c7") == "FR-FRDW-18C7"


def test_the_tracking_code_of_a_draft_is_stable_and_secret_dependent():
    first = codes.tracking_code_for("secret-one", "token")
    assert first == codes.tracking_code_for("secret-one", "token")
    assert first != codes.tracking_code_for("secret-two", "token")
    assert first != codes.tracking_code_for("secret-one", "other-token")
    assert len(first) == 14


def test_a_tracking_code_hash_checks_only_its_own_code():
    stored = codes.hash_tracking_code("K7PM-29QX-4HTD")
    assert codes.check_tracking_code(stored, "k7pm 29qx 4htd")
    assert not codes.check_tracking_code(stored, "K7PM-29QX-4HTE")
    assert not codes.check_tracking_code(None, "K7PM-29QX-4HTD")
