"""The privacy notice, accessibility statement, cookies page, contact page and easy read
page: each opens to anyone with what it must say, from the configuration and the
retention schedule rather than typed twice; and every page's footer links to them."""

from __future__ import annotations

import re
from html import unescape

import pytest

from oversight.retention.schedule import schedule
from tests.helpers import login_as

FOOTER_LINKS = {
    "/privacy": "Privacy",
    "/accessibility": "Accessibility statement",
    "/cookies": "Cookies",
    "/contact": "Contact us",
    "/easy-read": "Easy read",
}
TAGS = re.compile(r"<[^>]+>")


def text(response) -> str:
    """The page's words, as a person reads them (tags gone, spaces collapsed)."""
    return " ".join(unescape(TAGS.sub(" ", response.get_data(as_text=True))).split())


def retention_rows(html: str) -> list[str]:
    table = html.split('id="retention"', 1)[1].split("</table>", 1)[0]
    return [" ".join(unescape(TAGS.sub(" ", row)).split()) for row in table.split("<tr")[2:]]


@pytest.mark.parametrize("path", sorted(FOOTER_LINKS))
def test_each_information_page_opens_to_anyone(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_privacy_notice_names_the_controller_and_its_data_protection_officer(client, db):
    page = text(client.get("/privacy"))
    assert "Facial Recognition Oversight Regulator runs this service" in page
    assert "data controller" in page
    assert "1 Example Street London ZZ99 9ZZ" in page
    assert "dpo@oversight.invalid" in page


def test_the_privacy_notice_gives_the_lawful_bases_and_the_special_category_condition(client, db):
    page = text(client.get("/privacy"))
    assert "Article 6(1)(e)" in page
    assert "Article 9(2)(g)" in page
    assert "Schedule 1, Part 2, paragraph 6" in page
    assert "statutory and government purposes" in page
    assert "Article 10 of the UK GDPR and section 10(5)" in page


def test_the_privacy_notice_says_a_force_is_told_only_with_consent_and_others_on_referral(
    client, db
):
    page = text(client.get("/privacy"))
    assert "The police force your complaint is about, only if you agree" in page
    assert "only if we refer your complaint to them" in page
    assert "Independent Office for Police Conduct" in page
    assert "Investigatory Powers Tribunal" in page
    assert "hosting this website and sending emails" in page


def test_the_privacy_notice_lists_every_rule_of_the_retention_schedule(app, client, db):
    html = client.get("/privacy").get_data(as_text=True)
    rows = retention_rows(html)
    rules = schedule(app.config)
    assert len(rows) == len(rules) == 8
    for row, rule in zip(rows, rules, strict=True):
        assert str(rule.label) in row
        assert str(rule.kept_for) in row
    assert "2 years after the case closes" in rows[0]
    assert "Deleted" in rows[0]
    assert "The case is anonymised" in rows[1]
    assert "6 years after the case closes" in rows[1]


def test_the_retention_periods_shown_follow_the_configuration(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_CONTACT_DETAILS_MONTHS", 18)
    monkeypatch.setitem(app.config, "RETENTION_EVIDENCE_MONTHS", 36)
    html = client.get("/privacy").get_data(as_text=True)
    rows = retention_rows(html)
    assert "Contact details" in rows[0]
    assert "18 months after the case closes" in rows[0]
    assert "Evidence" in rows[2]
    assert "3 years after the case closes" in rows[2]
    assert "2 years after the case closes" not in rows[0] + rows[2]


def test_the_privacy_notice_explains_rights_and_how_to_use_them(client, db):
    response = client.get("/privacy")
    page = text(response)
    for right in ("access", "rectification", "erasure", "restriction", "objection"):
        assert f"({right})" in page
    assert "download a copy of what you sent, withdraw your complaint" in page
    assert "remove your contact details" in page
    html = response.get_data(as_text=True)
    assert 'href="/contact"' in html
    assert 'href="/track"' in html


def test_the_privacy_notice_gives_the_icos_details_and_its_date(client, db):
    response = client.get("/privacy")
    page = text(response)
    assert "ico.org.uk" in page
    assert "0303 123 1113" in page
    assert "Wycliffe House Water Lane Wilmslow Cheshire SK9 5AF" in page
    assert "Last updated: 4 December 2026" in page
    assert 'href="https://ico.org.uk/make-a-complaint/"' in response.get_data(as_text=True)


OTHER_CONTACT = {
    "CONTROLLER_NAME": "Biometrics Regulator",
    "DPO_EMAIL": "privacy@regulator.invalid",
    "CONTACT_EMAIL": "help@regulator.invalid",
    "CONTACT_PHONE": "0306 999 0456",
    "CONTACT_PHONE_HOURS": "Every day, 8am to 8pm",
    "CONTACT_ADDRESS": "PO Box 9, Leeds, ZZ1 1ZZ",
    "BSL_VIDEO_RELAY_URL": "https://signing.regulator.invalid",
}


def test_the_contact_details_come_from_the_configuration(app, client, db, monkeypatch):
    for name, value in OTHER_CONTACT.items():
        monkeypatch.setitem(app.config, name, value)
    privacy = text(client.get("/privacy"))
    assert "Biometrics Regulator runs this service" in privacy
    assert "privacy@regulator.invalid" in privacy
    contact = client.get("/contact")
    page = text(contact)
    assert "help@regulator.invalid" in page
    assert "Telephone: 0306 999 0456 Every day, 8am to 8pm" in page
    assert "18001 0306 999 0456" in page
    assert "PO Box 9 Leeds ZZ1 1ZZ" in page
    assert 'href="https://signing.regulator.invalid"' in contact.get_data(as_text=True)


def test_the_contact_page_gives_every_other_way_to_complain(client, db):
    response = client.get("/contact")
    page = text(response)
    assert "complaints@oversight.invalid" in page
    assert "Telephone: 0306 999 0123 Monday to Friday, 9am to 5pm, except bank holidays" in page
    assert "Relay UK" in page
    assert "dial 18001 then our number: 18001 0306 999 0123" in page
    assert "British Sign Language" in page
    assert "Complaints 1 Example Street London ZZ99 9ZZ" in page
    assert 'href="/easy-read"' in response.get_data(as_text=True)


def test_the_easy_read_page_says_what_a_complaint_is_and_how_to_make_one(client, db):
    response = client.get("/easy-read")
    page = text(response)
    assert "A complaint is when you tell us something went wrong." in page
    assert "You can fill in a form on this website." in page
    assert "You can phone us on 0306 999 0123." in page
    assert "We only tell the police who you are if you say yes." in page
    main = response.get_data(as_text=True).split('id="main-content"')[1].split("</main>")[0]
    assert "<img" not in main
    # Short sentences, one idea each.
    items = re.findall(r"<li>(.*?)</li>", main, re.S)
    assert len(items) > 20
    assert max(len(TAGS.sub("", item).split()) for item in items) <= 12


def test_the_accessibility_statement_follows_the_regulations_format(client, db):
    page = text(client.get("/accessibility"))
    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service’s accessibility",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "Content that’s not within the scope of the accessibility regulations",
        "What we’re doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert heading in page, heading
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "(No. 2) Accessibility Regulations 2018" in page
    assert "axe-core" in page
    assert "prepared on 4 December 2026" in page


def test_the_accessibility_statement_lists_what_fails_wcag_with_the_criterion(client, db):
    page = text(client.get("/accessibility"))
    assert page.count("success criterion 2.2.1 (Timing Adjustable)") == 2
    assert "success criterion 1.3.1 (Info and Relationships)" in page
    assert "success criterion 1.4.10 (Reflow)" in page
    assert "the whole page scrolls sideways" in page
    assert "charts in statistics releases are pictures" in page


def test_every_public_page_footer_links_to_the_information_pages(client, db):
    html = client.get("/").get_data(as_text=True)
    footer = html.split('class="govuk-footer"', 1)[1]
    for href, label in FOOTER_LINKS.items():
        assert f'<a class="govuk-footer__link" href="{href}">{label}</a>' in footer


def test_every_staff_page_footer_links_to_the_information_pages(client, db, caseworker):
    login_as(client, caseworker)
    html = client.get("/staff/cases").get_data(as_text=True)
    footer = html.split('class="govuk-footer"', 1)[1]
    for href, label in FOOTER_LINKS.items():
        assert f'<a class="govuk-footer__link" href="{href}">{label}</a>' in footer


def test_an_error_page_footer_links_to_them_too(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    for href in FOOTER_LINKS:
        assert f'href="{href}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", ["contact", "contact-details"])
def test_the_questions_that_ask_for_contact_details_link_the_privacy_notice(client, db, slug):
    page = client.get(f"/complain/{slug}").get_data(as_text=True)
    assert (
        'How we use your information: <a class="govuk-link" href="/privacy">privacy notice</a>'
        in page
    )
