"""An address opened the wrong way (a GET on an address that only takes a form, or any
method an address does not take) answers 405 with a page that says so, its Allow
header, and a link back; under /api/ the answer is the API's JSON error."""

from __future__ import annotations

import re

from tests.helpers import login_as

TITLE = "This page cannot be opened this way"


def test_opening_a_form_address_in_the_browser_says_it_cannot_be_opened_this_way(
    client, administrator
):
    login_as(client, administrator)
    response = client.get("/staff/sign-out")
    page = response.get_data(as_text=True)
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert f"<title>{TITLE} – Facial Recognition Oversight Register</title>" in page
    assert f'<h1 class="govuk-heading-l">{TITLE}</h1>' in page
    assert "Page not found" not in page
    # No page to go back to was given: the staff address leads to the staff home page.
    assert re.search(
        r'<a class="govuk-link" href="/staff">Go back to the page you were on</a>', page
    )


def test_the_link_goes_back_to_the_page_the_form_was_on(client, db):
    response = client.get(
        "/complain/evidence/abc/remove", headers={"Referer": "http://localhost/complain/evidence"}
    )
    assert response.status_code == 405
    assert 'href="/complain/evidence"' in response.get_data(as_text=True)


def test_a_method_a_page_does_not_take_leads_back_to_that_page(client, db):
    response = client.delete("/track")
    page = response.get_data(as_text=True)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert TITLE in page
    assert '<a class="govuk-link" href="/track">' in page


def test_a_public_form_address_without_a_page_to_go_back_to_leads_to_the_start(client, db):
    response = client.get("/complain/evidence/abc/remove")
    assert response.status_code == 405
    assert '<a class="govuk-link" href="/">Go back to the page you were on</a>' in (
        response.get_data(as_text=True)
    )


def test_under_the_api_a_wrong_method_is_still_the_json_error(client, db):
    response = client.delete("/api/v1/deployments")
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"message", "errors"}
    assert "Allow" in response.headers
