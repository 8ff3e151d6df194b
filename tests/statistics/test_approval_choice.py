"""The approval form asks when the release is published and chooses nothing for the
publisher: sent with no answer, it says what to do and nothing is approved. Its radios
reveal the date and time by the stylesheet alone, with no aria-expanded on a radio."""

from __future__ import annotations

import re

from oversight.statistics.enums import ReleaseStatus
from tests.helpers import login_as
from tests.statistics.staff_pages import (
    act,
    draft_fixture,  # noqa: F401  (a fixture)
    page_of,
    pat_fixture,  # noqa: F401  (a fixture)
    refreshed,
    sam_fixture,  # noqa: F401  (a fixture)
    text,
)

RADIO = re.compile(r'<input class="govuk-radios__input"[^>]*name="when"[^>]*>')


def test_the_approval_time_arrives_with_no_answer_chosen(client, db, draft, pat):
    login_as(client, pat)
    page = client.get(page_of(draft)).get_data(as_text=True)
    radios = RADIO.findall(page)
    assert len(radios) == 2
    assert not [radio for radio in radios if "checked" in radio]


def test_an_approval_with_no_time_chosen_says_what_to_do_and_approves_nothing(
    client, db, draft, pat
):
    login_as(client, pat)
    response = act(client, draft, "approve", version="1")
    assert response.status_code == 400
    shown = text(response)
    assert "There is a problem" in shown
    assert "Select when the release should be published" in shown
    assert 'href="#when"' in response.get_data(as_text=True)
    assert refreshed(db, draft).status is ReleaseStatus.DRAFT


def test_the_radios_that_reveal_more_questions_are_not_started_by_govuk_frontend(
    client, db, draft, pat, sam
):
    """GOV.UK Frontend's script would set aria-expanded on them (axe: aria-allowed-attr)."""
    login_as(client, pat)
    approve_page = client.get(page_of(draft)).get_data(as_text=True)
    login_as(client, sam)
    prepare_page = client.get("/staff/statistics/new").get_data(as_text=True)
    for page in (approve_page, prepare_page):
        assert 'data-module="govuk-radios"' not in page
        assert 'data-module="app-reveal-radios"' in page
        assert "aria-expanded" not in page
        assert 'class="govuk-radios__conditional' in page
