"""The information pages, the deployments register and the API's messages in Welsh: each
page in Welsh says so (<html lang="cy">), has the language switch and Welsh headings;
dates, numbers and months follow Welsh conventions (Babel's, through
oversight.formatting); and the API answers an Accept-Language: cy client in Welsh."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import make_deployment
from tests.i18n.test_language_choice import lang_of
from tests.register_pages import Page, register_fixture  # noqa: F401  (a fixture)

HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.DOTALL)
TAGS = re.compile(r"<[^>]+>")

# Each page of the information pages and the register, with Welsh headings it must show.
PAGES = {
    "/privacy": [
        "Hysbysiad preifatrwydd",
        "Pwy ydyn ni",
        "Pa wybodaeth rydyn ni’n ei chasglu",
        "Pam mae ei hangen arnom",
        "Ein sail gyfreithlon",
        "Gyda phwy rydyn ni’n ei rhannu",
        "Am ba hyd rydyn ni’n ei chadw",
        "Eich hawliau",
        "Sut i gwyno i Swyddfa’r Comisiynydd Gwybodaeth",
        "Newidiadau i’r hysbysiad hwn",
    ],
    "/accessibility": [
        "Datganiad hygyrchedd ar gyfer ",
        "Pa mor hygyrch yw’r gwasanaeth hwn",
        "Adborth a gwybodaeth gyswllt",
        "Y drefn orfodi",
        "Statws cydymffurfio",
        "Baich anghymesur",
        "Paratoi’r datganiad hygyrchedd hwn",
    ],
    "/cookies": ["Cwcis hanfodol"],
    "/contact": ["Cyfnewid testun", "Iaith Arwyddion Prydain (BSL)"],
    "/easy-read": [
        "Gwneud cwyn: hawdd ei ddeall",
        "Beth yw cwyn",
        "Sut i wneud cwyn",
        "Sut rydyn ni’n helpu",
    ],
    "/feedback": ["Rhoi adborth ar wasanaeth "],
    "/feedback/sent": ["Diolch am eich adborth"],
    "/register": ["Defnyddiau adnabod wynebau gan yr heddlu", "Hidlo’r gofrestr"],
    "/register?force=south-wales&technology=lfr&from=1/4/2026&to=30/6/2026": [
        "Defnyddiau adnabod wynebau gan yr heddlu",
        "Hidlo’r gofrestr",
    ],
    "/register/forces": ["Heddluoedd ar y gofrestr"],
    "/register/forces/south-wales": ["South Wales Police", "Hidlo’r gofrestr"],
    "/register/deployments/{june}": [
        "Principality Stadium, Westgate Street ar 14 Mehefin 2026",
        "Y cofnod hwn",
    ],
}


def headings(page: str) -> list[str]:
    return [
        " ".join(html.unescape(TAGS.sub("", text)).split()) for _, text in HEADING.findall(page)
    ]


def welsh(client, url: str, status: int = 200) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + "lang=cy")
    assert response.status_code == status, response.get_data(as_text=True)[:1000]
    assert lang_of(response) == "cy"
    return response.get_data(as_text=True)


def assert_has_the_switch(page: str) -> None:
    switch = page[page.index('class="app-language-switch"') :]
    switch = switch[: switch.index("</nav>")]
    assert 'lang="cy" aria-current="true">Cymraeg</span>' in switch
    assert 'hreflang="en" lang="en" rel="alternate">English</a>' in switch


@pytest.mark.parametrize("url", list(PAGES))
def test_each_information_and_register_page_is_in_welsh_with_the_switch(client, register, url):
    page = welsh(client, url.format(**register))
    assert_has_the_switch(page)
    shown = headings(page)
    for heading in PAGES[url]:
        # A heading ending in a space is followed by the service's name, the shell's words.
        found = [
            h for h in shown if (h.startswith(heading) if heading.endswith(" ") else h == heading)
        ]
        assert found, f"{heading!r} not in {shown}"


def test_the_registers_error_for_a_bad_filter_is_in_welsh(client, register):
    page = welsh(client, "/register?force=nowhere", status=400)
    assert_has_the_switch(page)
    assert "Hidlo’r gofrestr" in headings(page)
    shown = Page(page)
    assert "Dewiswch heddlu o’r rhestr" in [text for _href, text in shown.summary]
    assert "Dewiswch heddlu o’r rhestr" in shown.inline_errors


def test_a_date_range_the_wrong_way_round_is_refused_in_welsh(client, register):
    page = Page(welsh(client, "/register?from=30/6/2026&to=1/4/2026", status=400))
    assert "Rhaid i’r ‘Dyddiad i’ fod yr un diwrnod â’r ‘Dyddiad o’ neu ar ei ôl" in (
        page.inline_errors
    )


def test_the_register_writes_dates_and_months_in_welsh(client, register):
    page = Page(welsh(client, "/register"))
    assert "14 Mehefin 2026" in page.column("deployments", "Dyddiad")
    assert "31 Mawrth 2026" in page.column("deployments", "Dyddiad")
    # A quarter is its first and last months (a dash, so neither needs a mutation).
    assert "Ebrill – Mehefin 2026" in page.column("quarters", "Chwarter")
    record = Page(welsh(client, f"/register/deployments/{register['june']}"))
    assert record.summary_list["Dyddiad"] == "14 Mehefin 2026"


def test_the_register_keeps_thousands_separators_in_welsh(client, register):
    page = Page(welsh(client, "/register"))
    assert page.row("totals", "Wynebau a welwyd")[0].startswith("84,310")
    assert "24,310" in page.column("deployments", "Wynebau a welwyd")
    assert "(3 o 4)" in page.row("totals", "Wynebau a welwyd")[0]


def test_the_count_of_matching_deployments_takes_the_welsh_plural(client, db):
    for number in range(2):
        make_deployment(location_name=f"Place {number}", force_reference=f"REF-{number}")
    db.session.commit()
    assert "Mae 2 ddefnydd yn cyfateb." in welsh(client, "/register")


def test_the_privacy_notice_keeps_its_links_inside_the_welsh_sentences(client, db):
    page = welsh(client, "/privacy")
    assert 'fynd i’r <a class="govuk-link" href="/track">dudalen dilyn cwyn</a> gyda’ch' in page
    assert "Cyfnod cadw" in page and "2 o flynyddoedd ar ôl i’r achos gau" in page


# ------------------------------------------------------------------ the API


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "/api/v1/deployments?force=nowhere",
            "Gwiriwch yr hidlyddion a enwir yn errors",
        ),
        (
            "/api/v1/nothing-here",
            "Does dim byd yn y cyfeiriad hwn. Mae cyfeiriadau’r API wedi’u rhestru yn "
            "/api/v1/openapi.json",
        ),
        (
            "/api/v1/statistics/releases/2026-q9",
            "Nid oes datganiad ystadegol cyhoeddedig sydd â’r cyfnod a’r diwygiad hwn. Mae "
            "/api/v1/statistics/releases yn eu rhestru",
        ),
    ],
)
def test_the_api_answers_a_welsh_client_in_welsh(client, db, url, message):
    response = client.get(url, headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert 400 <= response.status_code < 500
    assert response.json["message"] == message
    assert response.headers["Content-Language"] == "cy"
    assert "Accept-Language" in response.headers["Vary"]


def test_the_apis_field_errors_are_in_welsh_and_name_the_api_parameters(client, db):
    response = client.get(
        "/api/v1/deployments?force=nowhere&limit=0&colour=red", headers={"Accept-Language": "cy"}
    )
    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json["errors"]}
    assert errors == {
        "colour": "Nid yw colour yn hidlydd. Defnyddiwch force, technology, from, to, limit "
        "neu offset",
        "force": "force: rhaid i’r gwerth fod yn slug heddlu, fel y’u rhestrir yn /api/v1/forces",
        "limit": "limit: rhaid i’r gwerth fod yn rhif cyfan o 1 i 200",
    }


def test_the_api_refuses_a_missing_token_and_a_wrong_method_in_welsh(client, db):
    unauthorised = client.post("/api/v1/deployments", headers={"Accept-Language": "cy"}, json={})
    assert unauthorised.status_code == 401
    assert unauthorised.json["message"] == (
        "Anfonwch docyn API heddlu dilys fel hyn: Authorization: Bearer <token>"
    )
    wrong_method = client.delete("/api/v1/forces", headers={"Accept-Language": "cy"})
    assert wrong_method.status_code == 405
    assert wrong_method.json["message"].startswith("Nid yw’r cyfeiriad hwn yn derbyn DELETE.")
    assert wrong_method.headers["Content-Language"] == "cy"


def test_the_api_answers_in_english_when_no_language_is_asked_for(client, db):
    response = client.get("/api/v1/deployments?force=nowhere")
    assert response.json["message"] == "Check the filters named in errors"
    assert response.headers["Content-Language"] == "en"
