"""Which language a page is in: the browser's for a first visit, the switch's after it,
kept by a cookie through the journey, and English on staff pages."""

from __future__ import annotations

import re

import sqlalchemy as sa

from oversight.complaints.enums import Language
from oversight.complaints.models import Complaint
from oversight.web import i18n
from tests.helpers import answer_everything, login_as, reference_and_code, send_complaint

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"', re.IGNORECASE)


def lang_of(response) -> str:
    match = HTML_LANG.search(response.get_data(as_text=True))
    assert match, "page has no lang attribute"
    return match.group(1)


def test_a_first_visit_takes_the_browsers_language(client, db):
    assert lang_of(client.get("/", headers={"Accept-Language": "cy"})) == "cy"
    assert lang_of(client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})) == "cy"
    assert lang_of(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,cy;q=0.5"})) == "en"
    assert lang_of(client.get("/", headers={"Accept-Language": "fr"})) == "en"
    assert lang_of(client.get("/")) == "en"


def test_the_switch_chooses_a_language_and_the_cookie_keeps_it(client, db):
    chosen = client.get("/?lang=cy", headers={"Accept-Language": "en"})
    assert lang_of(chosen) == "cy"
    cookie = client.get_cookie(i18n.COOKIE)
    assert cookie is not None and cookie.value == "cy"
    assert cookie.http_only and cookie.same_site == "Lax"
    # Later pages, with no ?lang, stay in Welsh whatever the browser prefers.
    assert lang_of(client.get("/track", headers={"Accept-Language": "en"})) == "cy"
    assert lang_of(client.get("/register?lang=en")) == "en"
    assert lang_of(client.get("/track")) == "en"


def test_a_language_that_is_not_offered_is_ignored(client, db):
    response = client.get("/?lang=fr", headers={"Accept-Language": "en"})
    assert lang_of(response) == "en"
    assert client.get_cookie(i18n.COOKIE) is None
    client.set_cookie(i18n.COOKIE, "<script>")
    assert lang_of(client.get("/")) == "en"


def test_every_public_page_has_the_switch_with_each_language_named_in_itself(client, db):
    html = client.get("/track?lang=cy").get_data(as_text=True)
    switch = html[html.index('class="app-language-switch"') :]
    switch = switch[: switch.index("</nav>")]
    assert 'lang="cy" aria-current="true">Cymraeg</span>' in switch
    assert 'href="/track?lang=en" hreflang="en" lang="en" rel="alternate">English</a>' in switch


def test_the_switch_keeps_the_pages_own_query(client, db):
    html = client.get("/register?force=south-wales&lang=en").get_data(as_text=True)
    assert 'href="/register?force=south-wales&amp;lang=cy"' in html


def test_staff_pages_are_in_english_and_have_no_switch(client, db, caseworker):
    login_as(client, caseworker)
    client.set_cookie(i18n.COOKIE, "cy")
    response = client.get("/staff/cases", headers={"Accept-Language": "cy"})
    assert response.status_code == 200
    assert lang_of(response) == "en"
    assert "app-language-switch" not in response.get_data(as_text=True)


def test_a_complaint_made_in_welsh_is_stored_as_welsh(client, db):
    client.get("/?lang=cy")
    answer_everything(client)
    response = send_complaint(client)
    reference, _code = reference_and_code(response.get_data(as_text=True))
    complaint = db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    assert complaint.language is Language.WELSH
    assert complaint.complainant.preferred_language is Language.WELSH


def test_a_complaint_made_in_english_is_stored_as_english(client, db):
    answer_everything(client)
    response = send_complaint(client)
    reference, _code = reference_and_code(response.get_data(as_text=True))
    complaint = db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    assert complaint.language is Language.ENGLISH
