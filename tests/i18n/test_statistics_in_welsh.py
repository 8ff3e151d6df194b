"""Statistics in Welsh: a release stores its words in English and Welsh when it is
prepared, and its page, spreadsheet, CSV and JSON show the stored words in the page's
language, so a published release never changes its wording when the catalogue does. A
release prepared before releases stored Welsh shows in English, saying so in Welsh.

The Welsh here is the tests' own (tests/statistics/welsh.py), so they prove the
mechanism whatever the catalogue holds.
"""

from __future__ import annotations

import csv
import io
import json
import re

from flask_babel import force_locale, gettext
from jsonschema import Draft202012Validator

from oversight.statistics import services
from oversight.statistics.outputs import json_schema, spreadsheet
from tests.statistics.releases import (
    SLUG,
    address,
    open_workbook,
    prepare,
    publish,
    register_fixture,  # noqa: F401  (a fixture)
)
from tests.statistics.welsh import TITLE, WORDS, welsh_fixture  # noqa: F401  (a fixture)

PAGE = f"/statistics/{SLUG}"
WELSH_NOTE = WORDS["This release is available in English only."]


def html_lang(response) -> str:
    match = re.search(r'<html lang="([a-z-]+)"', response.get_data(as_text=True))
    assert match
    return match.group(1)


def by_force(content):
    return next(t for t in content["tables"] if t["id"] == "complaints_by_force")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def published(db, statistician, publisher, welsh, **more):
    welsh(WORDS)
    return publish(db, statistician, publisher, **more)


def test_a_release_stores_its_words_in_english_and_welsh_when_it_is_prepared(
    db, register, statistician, welsh
):
    welsh(WORDS)
    release = prepare(statistician)
    content = release.content
    assert by_force(content)["title"] == "Complaints received by police force"
    stored = content["translations"]["cy"]
    table = stored["tables"]["complaints_by_force"]
    assert table["title"] == TITLE
    assert table["row_heading"] == "Heddlu"
    assert table["rows"]["total"] == "Cyfanswm"
    assert table["columns"]["current"] == "Ebrill i Mehefin 2026"  # Babel's Welsh months
    assert stored["headlines"]["complaints_received"] == "Cwynion a ddaeth i law"
    assert stored["period"] == "Ebrill i Mehefin 2026"
    assert stored["notes"]["N1"].startswith("Dangosir cyfrifon o 1 i 4 fel [c]")
    technology = stored["tables"]["complaints_by_technology"]["rows"]
    assert technology["lfr"] == "Adnabod wynebau byw"
    # Every table has its words, and its content hash covers them.
    assert set(stored["tables"]) == {t["id"] for t in content["tables"]}
    assert release.content_sha256 == services.digest(content)


def test_the_release_page_in_welsh_shows_the_welsh_it_stored(
    client, db, register, statistician, publisher, welsh
):
    published(db, statistician, publisher, welsh)
    page = client.get(f"{PAGE}?lang=cy")
    assert page.status_code == 200
    assert html_lang(page) == "cy"
    text = page.get_data(as_text=True)
    for words in (TITLE, "Cyfanswm", "Cwynion a ddaeth i law", "Adnabod wynebau byw"):
        assert words in text
    assert "Dangosir cyfrifon o 1 i 4 fel [c]" in text
    assert "Ebrill i Mehefin 2026" in text
    assert WELSH_NOTE not in text
    # The downloads it links to are in Welsh too.
    assert f"{address(SLUG, 1, 'xlsx')}?lang=cy" in text
    english = client.get(f"{PAGE}?lang=en")
    assert html_lang(english) == "en"
    words = english.get_data(as_text=True)
    assert "Complaints received by police force" in words
    assert TITLE not in words and "Cyfanswm" not in words


def test_a_published_release_keeps_its_words_when_the_catalogue_changes(
    client, db, register, statistician, publisher, welsh
):
    published(db, statistician, publisher, welsh)
    welsh({**WORDS, "Complaints received by police force": "Gair newydd o'r catalog"})
    with force_locale("cy"):  # the catalogue now says otherwise
        assert gettext("Complaints received by police force") == "Gair newydd o'r catalog"
    text = client.get(f"{PAGE}?lang=cy").get_data(as_text=True)
    assert TITLE in text
    assert "Gair newydd o'r catalog" not in text
    rows = csv_rows(client.get(address(SLUG, 1, "csv") + "?lang=cy"))
    assert {r["table_title"] for r in rows if r["table_id"] == "complaints_by_force"} == {TITLE}
    book = open_workbook(client.get(address(SLUG, 1, "xlsx") + "?lang=cy"))
    assert TITLE in book["Tabl_1"]["A1"].value


def test_the_spreadsheet_in_welsh_is_in_the_welsh_the_release_stored(
    client, db, register, statistician, publisher, welsh
):
    release = published(db, statistician, publisher, welsh)
    book = open_workbook(client.get(address(SLUG, 1, "xlsx") + "?lang=cy"))
    count = len(release.content["tables"])
    assert book.sheetnames == [
        "Clawr",
        "Cynnwys",
        "Nodiadau",
        *(f"Tabl_{n}" for n in range(1, count + 1)),
    ]
    assert book["Clawr"]["A1"].value == (
        "Ystadegau goruchwylio adnabod wynebau: Ebrill i Mehefin 2026"
    )
    assert book.properties.language == "cy"
    assert book["Cynnwys"]["A2"].hyperlink.location == "'Nodiadau'!A1"
    assert book["Cynnwys"]["A4"].hyperlink.location == "'Tabl_1'!A1"
    assert TITLE in book["Tabl_1"]["A1"].value
    headers = [cell.value for cell in book["Tabl_1"][4]]
    assert headers[0] == "Heddlu"
    labels = [row[0].value for row in book["Tabl_1"].iter_rows(min_row=5)]
    assert labels[-1] == "Cyfanswm"
    notes = [row[1] for row in book["Nodiadau"].iter_rows(min_row=4, values_only=True)]
    assert any(note.startswith("Dangosir cyfrifon o 1 i 4 fel [c]") for note in notes)
    # The same download in English, as it always was.
    english = open_workbook(client.get(address(SLUG, 1, "xlsx") + "?lang=en"))
    assert english.sheetnames[:4] == ["Cover", "Contents", "Notes", "Table_1"]
    assert english.properties.language == "en-GB"
    assert "Complaints received by police force" in english["Table_1"]["A1"].value


def test_the_csv_and_json_carry_welsh_labels_when_asked_and_the_same_machine_names(
    client, db, register, statistician, publisher, welsh
):
    release = published(db, statistician, publisher, welsh)
    english = csv_rows(client.get(address(SLUG, 1, "csv")))
    cymraeg = csv_rows(client.get(address(SLUG, 1, "csv") + "?lang=cy"))
    machine = ("table_id", "row_id", "column_id", "period", "measure", "value", "symbol")
    assert list(cymraeg[0]) == list(english[0])  # the headings never change
    assert [[r[k] for k in machine] for r in cymraeg] == [[r[k] for k in machine] for r in english]
    total = next(
        r for r in cymraeg if r["table_id"] == "complaints_by_force" and r["row_id"] == "total"
    )
    assert (total["table_title"], total["row_label"]) == (TITLE, "Cyfanswm")
    assert total["period_label"] == "Ebrill i Mehefin 2026" or total["period"] == "previous"
    # The browser's language chooses it too, as it chooses the page's.
    asked = client.get(address(SLUG, 1, "csv"), headers={"Accept-Language": "cy"})
    assert csv_rows(asked) == cymraeg

    document = json.loads(client.get(address(SLUG, 1, "json") + "?lang=cy").get_data())
    assert by_force(document["content"])["title"] == TITLE
    assert document["content"]["headlines"][0]["label"] == "Cwynion a ddaeth i law"
    assert document["content"]["translations"]["en"]["tables"]["complaints_by_force"]["title"] == (
        "Complaints received by police force"
    )
    plain = json.loads(client.get(address(SLUG, 1, "json") + "?lang=en").get_data())
    assert plain["content"] == release.content  # as stored: its hash can be checked
    assert services.digest(plain["content"]) == plain["content_sha256"]
    schema = {
        "components": {"schemas": json_schema.schemas()},
        "$ref": "#/components/schemas/StatisticsContent",
    }
    Draft202012Validator(schema).validate(document["content"])
    Draft202012Validator(schema).validate(plain["content"])
    # The API gives the content as stored, both languages in it.
    api = client.get(f"/api/v1/statistics/releases/{SLUG}").get_json()
    assert api["content"]["translations"]["cy"]["tables"]["complaints_by_force"]["title"] == (TITLE)


def _as_before(body) -> None:
    """The content of a release prepared before releases stored Welsh."""
    body.pop("translations")


def test_a_release_prepared_before_welsh_shows_in_english_saying_so_in_welsh(
    client, db, register, statistician, publisher, welsh
):
    release = published(db, statistician, publisher, welsh, change=_as_before)
    assert "translations" not in release.content
    page = client.get(f"{PAGE}?lang=cy")
    assert page.status_code == 200
    assert html_lang(page) == "cy"
    text = page.get_data(as_text=True)
    assert WELSH_NOTE in text
    assert "Complaints received by police force" in text and TITLE not in text
    assert WELSH_NOTE not in client.get(f"{PAGE}?lang=en").get_data(as_text=True)
    book = open_workbook(client.get(address(SLUG, 1, "xlsx") + "?lang=cy"))
    assert book.sheetnames[:4] == ["Cover", "Contents", "Notes", "Table_1"]
    assert book["Cover"]["A2"].value == WELSH_NOTE
    assert book.properties.language == "en-GB"
    rows = csv_rows(client.get(address(SLUG, 1, "csv") + "?lang=cy"))
    assert "Complaints received by police force" in {r["table_title"] for r in rows}
    document = json.loads(client.get(address(SLUG, 1, "json") + "?lang=cy").get_data())
    assert document["content"] == release.content


def test_the_trends_page_in_welsh_uses_the_stored_welsh(
    client, db, register, statistician, publisher, welsh
):
    published(db, statistician, publisher, welsh)
    page = client.get("/statistics/trends?lang=cy")
    assert page.status_code == 200
    assert html_lang(page) == "cy"
    assert "Ebrill i Mehefin 2026" in page.get_data(as_text=True)


def test_a_one_in_figure_has_its_welsh_words_in_the_welsh_spreadsheet(db, welsh):
    welsh({"1 in %(number)s": "1 mewn %(number)s"})
    with force_locale("cy"):
        assert spreadsheet.number_format("one_in", 33000) == '"1 mewn "#,##0'
        assert spreadsheet.number_format("one_in", 4.2) == '"1 mewn "0.0'
    with force_locale("en_GB"):
        assert spreadsheet.number_format("one_in", 33000) == '"1 in "#,##0'
