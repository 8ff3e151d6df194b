"""The validator keeps every figure and key within what the database columns hold.

A value too large for its column, or an address Python cannot even split, is refused with
a message naming the field, rather than failing when the row is written.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.deployments import records
from oversight.deployments.records import kinds
from oversight.deployments.records.models import Deployment
from tests.factories import DEPLOYMENT, USAGE_RETURN, make_deployment


def clean(**overrides: Any) -> records.Cleaned:
    return records.clean_deployment({**DEPLOYMENT, **overrides}, records.ForceIndex())


def label(name: str) -> str:
    fields = records.DEPLOYMENT_FIELDS + records.USAGE_FIELDS
    return str(next(spec.label for spec in fields if spec.name == name))


@pytest.mark.parametrize("column", ["alerts", "true_alerts", "false_alerts"])
def test_an_integer_count_stops_at_what_the_column_holds(db, column):
    figures = {"alerts": "", "true_alerts": "", "false_alerts": ""}
    largest = clean(**{**figures, column: f"{records.LARGEST_COUNT:,}"})
    assert largest.ok, largest.errors
    too_large = clean(**{**figures, column: str(records.LARGEST_COUNT + 1)})
    assert too_large.errors == {column: f"{label(column)} is too large"}


def test_faces_seen_can_be_larger_than_an_integer_column(db):
    cleaned = clean(faces_seen=f"{records.LARGEST_COUNT + 1:,}")
    assert cleaned.ok, cleaned.errors
    assert cleaned.values["faces_seen"] == records.LARGEST_COUNT + 1
    assert clean(faces_seen=str(records.LARGEST_BIG_COUNT + 1)).errors == {
        "faces_seen": f"{label('faces_seen')} is too large"
    }


def test_a_big_usage_figure_is_kept(db):
    big = str(records.LARGEST_COUNT * 2)
    cleaned = records.clean_usage_return(
        {**USAGE_RETURN, "searches": big, "possible_matches": big}, records.ForceIndex()
    )
    assert cleaned.ok, cleaned.errors
    assert cleaned.values["searches"] == records.LARGEST_COUNT * 2


@pytest.mark.parametrize("typed", ["http://[::1", "https://[not-an-address]/x"])
def test_an_address_python_cannot_split_is_refused_by_name(db, typed):
    errors = clean(source_link=typed).errors
    assert errors == {
        "source_link": f"{label('source_link')} must be a web address starting with https://"
    }


def test_a_very_long_place_still_gets_a_key_the_column_holds(db):
    place = "İ" * 190  # each lower-cases to two characters
    key = kinds.natural_key(None, DEPLOYMENT_DATE, None, place + " street")
    assert len(key) <= kinds.NATURAL_KEY_LENGTH
    other = kinds.natural_key(None, DEPLOYMENT_DATE, None, place + " road")
    assert key != other  # the ends differ, so the hashed keys do too
    assert key == kinds.natural_key(None, DEPLOYMENT_DATE, None, place.lower() + " STREET")


def test_a_place_whose_key_is_hashed_is_matched_again_on_a_second_save(db):
    place = "İ" * 200
    first = make_deployment(force_reference="", location_name=place)
    again = make_deployment(force_reference="", location_name=place, faces_seen="9")
    assert len(first.natural_key) <= kinds.NATURAL_KEY_LENGTH
    assert first.id == again.id
    assert again.faces_seen == 9
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


DEPLOYMENT_DATE = records.parse_date(DEPLOYMENT["deployed_on"])
