"""Finding a person's cases by each field, and nobody else's."""

from __future__ import annotations

import pytest

from oversight.rights.search import Query, name_matches, search


def _found(query):
    return {f.complaint.reference: f.matched for f in search(query).found}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (Query(email="sian.obriain@example.com  "), "email"),
        (Query(email="SIAN.OBRIAIN@EXAMPLE.COM"), "email"),
        (Query(phone="029 2018 0000"), "phone"),
        (Query(phone="00442920180000"), "phone"),
        (Query(name="sian o briain"), "name"),
        (Query(name="SIÂN"), "name"),
        (Query(address="cf10 2ab"), "address"),
        (Query(address="12 Heol y Frenhines, Caerdydd"), "address"),
    ],
)
def test_each_field_finds_the_person_and_nobody_else(db, person, query, field):
    assert _found(query) == {person["mine"]: [field]}


def test_a_reference_finds_its_case_however_it_is_typed(db, person):
    typed = person["mine"].lower().replace("-", " ")
    assert _found(Query(reference=typed)) == {person["mine"]: ["reference"]}


def test_results_say_every_field_that_matched(db, person):
    found = _found(Query(email="sian.obriain@example.com", name="Briain", phone="+442920180000"))
    assert found == {person["mine"]: ["email", "phone", "name"]}


def test_a_name_matches_whole_words_only(db, person):
    assert _found(Query(name="Bria")) == {}
    assert _found(Query(name="Siân Smith")) == {}
    assert name_matches("jose", "José Núñez") and not name_matches("jos", "José")


def test_nothing_is_found_for_someone_with_no_case(db, person):
    assert _found(Query(email="nobody@example.com", phone="01234 567890", name="Nobody")) == {}
