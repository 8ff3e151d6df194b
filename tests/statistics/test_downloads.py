"""Downloads of published statistics releases as tidy CSV and JSON, each read back
against the release as published; and, for every kind of download (the spreadsheet
too), that nothing unpublished is served and a superseded revision stays. The
spreadsheet's layout is tests/statistics/test_spreadsheet.py's."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import tidy
from tests.statistics.calendar_data import approve
from tests.statistics.releases import (
    FORMULAS,
    SLUG,
    address,
    open_workbook,
    prepare,
    publish,
    register_fixture,  # noqa: F401  (a fixture)
    release_fixture,  # noqa: F401  (a fixture)
)

KINDS = ("csv", "json", "xlsx")


def cells(release: StatisticsRelease) -> list[tuple[dict[str, Any], ...]]:
    """(table, row, column, cell) for every published figure, in order."""
    return [
        (table, row, column, cell)
        for table in release.content["tables"]
        for row in table["rows"]
        for column, cell in zip(table["columns"], row["cells"], strict=True)
    ]


def read_csv(response: Any) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == tidy.CSV_HEADINGS
    return list(reader)


# The tidy CSV ----------------------------------------------------------------------------


def test_the_csv_has_one_row_for_every_figure_of_the_release(client, release):
    response = client.get(address(SLUG, 1, "csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frf-statistics-2026-q2-r1.csv"'
    )
    rows = read_csv(response)
    expected = cells(release)
    assert len(rows) == len(expected)
    content = release.content
    labels = {"current": content["period"]["label"], "previous": content["comparison"]["label"]}
    for line, (table, row, column, cell) in zip(rows, expected, strict=True):
        assert line["period_code"] == "2026-Q2"
        assert line["revision"] == "1"
        assert line["table_number"] == str(table["number"])
        assert (line["table_id"], line["table_title"]) == (table["id"], table["title"])
        assert (line["row_id"], line["row_label"]) == (row["id"], row["label"])
        assert (line["column_id"], line["column_label"]) == (column["id"], column["label"])
        assert line["period"] == column["period"]
        assert line["period_label"] == labels[column["period"]]
        assert line["measure"] == column["format"]
        if cell["symbol"]:
            assert (line["value"], line["symbol"]) == ("", cell["symbol"])
        else:
            assert float(line["value"]) == cell["value"]
            assert line["symbol"] == ""


def test_the_csv_shows_the_counts_the_register_holds_and_withholds_the_small_ones(client, release):
    rows = read_csv(client.get(address(SLUG, 1, "csv")))
    by_force = {
        (r["row_id"], r["column_id"]): r for r in rows if r["table_id"] == "complaints_by_force"
    }
    assert by_force[("south-wales", "current")]["value"] == "14"
    assert by_force[("total", "current")]["value"] == "23"
    assert by_force[("metropolitan", "current")]["symbol"] == "[c]"
    assert by_force[("metropolitan", "current")]["value"] == ""
    # The total would give the 2 away, so the 0 of complaints whose force is not known
    # (below 6, beside a small count) is withheld too, and Essex's 7 is shown.
    assert by_force[("not_known", "current")]["symbol"] == "[c]"
    assert by_force[("essex", "current")]["value"] == "7"
    # No complaint is on the register from a year before: not known, not 0.
    previous = by_force[("south-wales", "previous")]
    assert (previous["value"], previous["symbol"]) == ("", "[x]")
    assert {r["symbol"] for r in rows} <= {"", "[c]", "[x]", "[z]"}


def test_text_a_spreadsheet_would_run_as_a_formula_is_escaped_in_the_csv(
    client, db, register, statistician, publisher
):
    def dangerous(body: dict[str, Any]) -> None:
        table = body["tables"][0]
        table["title"] = FORMULAS[0]
        for row, words in zip(table["rows"], FORMULAS, strict=False):
            row["label"] = words

    publish(db, statistician, publisher, change=dangerous)
    rows = read_csv(client.get(address(SLUG, 1, "csv")))
    first = [r for r in rows if r["table_number"] == "1"]
    assert {r["table_title"] for r in first} == {"'" + FORMULAS[0]}
    assert ["'" + words for words in FORMULAS] == list(
        dict.fromkeys(r["row_label"] for r in first)
    )[: len(FORMULAS)]
    # Text cells never begin with a character that starts a formula.
    for row in rows:
        for heading in tidy.CSV_HEADINGS:
            if heading not in ("value", "revision", "table_number"):
                assert not row[heading].startswith(("=", "+", "-", "@")), (heading, row)


# The JSON download -----------------------------------------------------------------------


def test_the_json_is_the_release_as_published_with_its_metadata(client, release):
    response = client.get(address(SLUG, 1, "json"))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frf-statistics-2026-q2-r1.json"'
    )
    document = json.loads(response.get_data())
    assert list(document) == [
        "slug",
        "period",
        "revision",
        "status",
        "published_at",
        "superseded_at",
        "revision_note",
        "content_sha256",
        "content",
    ]
    assert document["slug"] == SLUG
    assert document["period"] == {
        "kind": "quarter",
        "code": "2026-Q2",
        "start": "2026-04-01",
        "end": "2026-06-30",
        "label": "April to June 2026",
    }
    assert (document["revision"], document["status"]) == (1, "published")
    assert datetime.fromisoformat(document["published_at"]) == release.published_at
    assert document["superseded_at"] is None
    assert document["revision_note"] is None
    assert document["content"] == release.content
    # Anyone can check the content is what was published.
    assert services.digest(document["content"]) == document["content_sha256"]
    assert document["content_sha256"] == release.content_sha256


# Only what is published -------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_or_an_approved_release_waiting_for_its_time_is_not_found(
    client, db, register, statistician, publisher, kind
):
    draft = prepare(statistician)
    db.session.commit()
    assert client.get(address(SLUG, 1, kind)).status_code == 404
    approve(draft, publisher, utcnow() + timedelta(days=2))
    db.session.commit()
    assert client.get(address(SLUG, 1, kind)).status_code == 404
    db.session.refresh(draft)
    assert draft.status is ReleaseStatus.APPROVED


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("slug", "revision"),
    [
        (SLUG, 2),
        ("2026-q3", 1),
        ("2026-Q2", 1),
        ("nothing here", 1),
        ("a" * 41, 1),
        (SLUG, 0),
        (SLUG, 99999999999999999999),
    ],
)
def test_a_release_that_was_never_published_is_not_found(client, release, kind, slug, revision):
    assert client.get(address(slug, revision, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_release_is_downloadable_from_its_publication_time_without_anyone_publishing_it(
    client, db, register, statistician, publisher, kind, monkeypatch
):
    draft = prepare(statistician)
    moment = approve(draft, publisher)
    db.session.commit()
    assert client.get(address(SLUG, 1, kind)).status_code == 404
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # its announced day comes
    response = client.get(address(SLUG, 1, kind))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(StatisticsRelease, draft.id).status is ReleaseStatus.PUBLISHED


def test_a_superseded_revision_stays_downloadable_and_says_it_was_superseded(
    client, db, release, statistician, publisher
):
    note = "Two complaints were recorded against the wrong force."
    publish(db, statistician, publisher, note=note)
    old = json.loads(client.get(address(SLUG, 1, "json")).get_data())
    new = json.loads(client.get(address(SLUG, 2, "json")).get_data())
    assert (old["revision"], old["status"]) == (1, "superseded")
    assert old["superseded_at"] == new["published_at"]
    assert (new["revision"], new["status"], new["revision_note"]) == (2, "published", note)
    assert {row["revision"] for row in read_csv(client.get(address(SLUG, 1, "csv")))} == {"1"}
    assert {row["revision"] for row in read_csv(client.get(address(SLUG, 2, "csv")))} == {"2"}
    response = client.get(address(SLUG, 1, "xlsx"))
    assert response.headers["Content-Disposition"].endswith('-2026-q2-r1.xlsx"')
    cover = "\n".join(
        row[0] for row in open_workbook(response)["Cover"].iter_rows(values_only=True)
    )
    assert "superseded by a later revision" in cover
    revised = [
        row[0]
        for row in open_workbook(client.get(address(SLUG, 2, "xlsx")))["Cover"].iter_rows(
            values_only=True
        )
    ]
    assert f"What this revision changed: {note}" in revised


def test_a_draft_revision_leaves_the_published_one_as_it_was(client, db, release, statistician):
    prepare(statistician, note="Recounted.")
    db.session.commit()
    assert client.get(address(SLUG, 2, "csv")).status_code == 404
    document = json.loads(client.get(address(SLUG, 1, "json")).get_data())
    assert (document["status"], document["content_sha256"]) == ("published", release.content_sha256)
