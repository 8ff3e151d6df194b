"""Every page the app answers a GET with, sent hostile query strings: each parameter its
filters and links use (read from the page itself) given NUL, quotes and wildcards, words
that are no choice, 100,000 characters, 20 digits and markup. Never a 5xx, never the
markup unescaped; an unknown choice in a list's filters is ignored with a notice.
test_hostile_coverage.py fails when a page is added that this walk does not open."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from oversight.auth.models import Role
from oversight.extensions import limiter
from tests.app.hostile import MARKUP, NUL, TWENTY_DIGITS, Sent, page_forms, server_errors
from tests.factories import make_user
from tests.helpers import login_as

# Every page answered to a GET (the API's are in test_hostile_api.py), filled in with the
# `records` fixture's references and ids.
PAGES: dict[str, str] = {
    "public.start": "/",
    "public.question": "/complain/what-happened",
    "public.answers_deleted": "/complain/answers-deleted",
    "public.check_answers": "/complain/check-answers",
    "public.complaint_sent": "/complain/complaint-sent",
    "saving.return_with_code": "/complain/return",
    "saving.return_link": "/complain/return/not-a-link",
    "saving.save": "/complain/save",
    "saving.saved": "/complain/saved",
    "register.register": "/register",
    "register.deployments_csv": "/register/deployments.csv",
    "register.deployment": "/register/deployments/{deployment_id}",
    "register.forces": "/register/forces",
    "register.force": "/register/forces/south-wales",
    "register.usage_returns_csv": "/register/usage-returns.csv",
    "auth.home": "/staff",
    "auth.change_password": "/staff/account/password",
    "audit.audit_log": "/staff/audit",
    "casework.case_list": "/staff/cases",
    "casework.case_detail": "/staff/cases/{reference}",
    "casework.complainant": "/staff/cases/{reference}/complainant",
    "linking.find_deployment": "/staff/cases/{reference}/deployments",
    "casework.download_evidence": "/staff/cases/{reference}/evidence/{evidence_id}",
    "intake.logged": "/staff/cases/logged",
    "intake.log_complaint": "/staff/cases/new",
    "deployments.deployment_list": "/staff/deployments",
    "deployments.deployment_detail": "/staff/deployments/{deployment_id}",
    "deployments.correct_deployment": "/staff/deployments/{deployment_id}/correct",
    "deployments.new_deployment": "/staff/deployments/new",
    "deployments.usage_return_list": "/staff/deployments/usage-returns",
    "deployments.usage_return_detail": "/staff/deployments/usage-returns/{usage_return_id}",
    "deployments.correct_usage_return": (
        "/staff/deployments/usage-returns/{usage_return_id}/correct"
    ),
    "deployments.new_usage_return": "/staff/deployments/usage-returns/new",
    "tokens.token_list": "/staff/force-tokens",
    "tokens.revoke_token": "/staff/force-tokens/{token_id}/revoke",
    "tokens.token_issued": "/staff/force-tokens/issued",
    "tokens.new_token": "/staff/force-tokens/new",
    "imports.upload": "/staff/imports",
    "auth.verify_code": "/staff/security-code",
    "auth.set_up_code": "/staff/security-code/set-up",
    "auth.sign_in": "/staff/sign-in",
    "statistics_staff.release_list": "/staff/statistics",
    "statistics_staff.release_detail": "/staff/statistics/{draft_release_id}",
    "statistics_staff.prepare_revision": "/staff/statistics/{published_release_id}/revise",
    "statistics_staff.prepare_release": "/staff/statistics/new",
    "statistics_calendar_staff.entries": "/staff/statistics/calendar",
    "statistics_calendar_staff.announce": "/staff/statistics/calendar/new",
    "statistics_calendar_staff.change_date": "/staff/statistics/calendar/{calendar_entry_id}/change",
    "statistics_calendar_staff.cancel": "/staff/statistics/calendar/{calendar_entry_id}/cancel",
    "users.user_list": "/staff/users",
    "users.edit_user": "/staff/users/{user_id}",
    "users.new_user": "/staff/users/new",
    "statistics.releases": "/statistics",
    "statistics.release": "/statistics/{published_slug}",
    "statistics.revision": "/statistics/{published_slug}/revisions/1",
    "statistics_trends.trends_page": "/statistics/trends",
    "statistics_downloads.csv": "/statistics/{published_slug}/revisions/1/statistics.csv",
    "statistics_downloads.json": "/statistics/{published_slug}/revisions/1/statistics.json",
    "statistics_downloads.xlsx": "/statistics/{published_slug}/revisions/1/statistics.xlsx",
    "statistics_calendar.page": "/statistics/calendar",
    "statistics_calendar.feed": "/statistics/calendar/feed.atom",
    "track.track": "/track",
    "track.add_evidence": "/track/add-evidence",
    "track.reply": "/track/reply",
    "track.status": "/track/your-complaint",
    "rights.request_list": "/staff/rights",
    "rights.log_request": "/staff/rights/new",
    "rights.request_detail": "/staff/rights/{rights_request_id}",
    "rights.extend": "/staff/rights/{rights_request_id}/extend",
    "rights.check_identity": "/staff/rights/{rights_request_id}/identity",
    "rights.record_outcome": "/staff/rights/{rights_request_id}/outcome",
    "rights.download_draft": "/staff/rights/{rights_request_id}/bundle.zip",
    "rights.letter": "/staff/rights/{rights_request_id}/letters/rights_acknowledgement-en.pdf",
    "rights_work.search_cases": "/staff/rights/{rights_request_id}/search",
    "rights_work.redactions": "/staff/rights/{rights_request_id}/redactions",
    "rights_work.evidence": "/staff/rights/{rights_request_id}/evidence/{evidence_id}",
    "rights_work.preview": "/staff/rights/{rights_request_id}/evidence/{evidence_id}/pages/1.png",
    "retention.overview": "/staff/retention",
    "message_templates.template_list": "/staff/messages",
    "message_templates.edit_template": "/staff/messages/acknowledgement/cy",
    "track.download_copy": "/track/your-complaint/copy",
    "track.withdraw": "/track/withdraw",
    "track.remove_contact_details": "/track/remove-contact-details",
    "access_log.access_log": "/staff/access-log",
    "pages.privacy": "/privacy",
    "pages.accessibility": "/accessibility",
    "pages.cookies": "/cookies",
    "pages.contact": "/contact",
    "pages.easy_read": "/easy-read",
    "pages.feedback": "/feedback",
    "pages.feedback_sent": "/feedback/sent",
    "pages.feedback_list": "/staff/feedback",
    "session.status": "/staff/session",
    "drafts.drafts": "/staff/drafts",
    "casework_queue.export_csv": "/staff/cases/export.csv",
    "letters.download_letter": "/staff/cases/{reference}/letters/{letter_id}.pdf",
}
# Each parameter is sent these; every page is also sent them all at once.
VALUES = (f"a{NUL}'%_\x1b", "words", "x" * 100_000, TWENTY_DIGITS, MARKUP)
# Parameters every list might read, beside those its filters and links name.
ALWAYS = ("page", "q", "sort", "after", "before", "limit")
HREF = re.compile(r'href="([^"]*\?[^"]*)"')


def parameters(html: str) -> set[str]:
    """The query parameters a page's GET forms and links use."""
    names = {each.name for form in page_forms(html) if form.method == "get" for each in form.inputs}
    for href in HREF.findall(html):
        names |= {name for name, _ in parse_qsl(urlsplit(unescape(href)).query)}
    return names - {"csrf_token"}


@pytest.fixture
def unlimited(app):
    limiter.enabled = False
    yield
    limiter.enabled = True


def _path(endpoint: str, records: dict) -> str:
    from oversight.statistics.models import StatisticsRelease as Release

    slug = ""
    if "{published_slug}" in PAGES[endpoint]:
        from oversight.extensions import db

        slug = db.session.get(Release, records["published_release_id"]).slug
    return PAGES[endpoint].format(published_slug=slug, **records)


@pytest.mark.parametrize("endpoint", sorted(PAGES))
def test_every_query_parameter_of_a_page_survives_hostile_values(
    client, db, records, unlimited, endpoint
):
    user = make_user(set(Role), email="every-role@example.test", name="Every Role")
    db.session.commit()
    login_as(client, user)
    path = _path(endpoint, records)
    first = client.get(path)
    assert first.status_code < 500, f"{path}: {first.status_code}"
    html = first.get_data(as_text=True) if first.mimetype == "text/html" else ""
    names = sorted(parameters(html) | set(ALWAYS))
    sent: list[Sent] = []
    for value in VALUES:
        queries = [{name: value} for name in names] + [dict.fromkeys(names, value)]
        for query in queries:
            url = f"{path}?{urlencode(query)}"
            response = client.get(url)
            body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            sent.append(Sent(url[:120], ",".join(query)[:60], value, response.status_code, body))
    assert server_errors(sent) == []
    assert [str(each) for each in sent if MARKUP in each.body] == []


@pytest.mark.parametrize("name", ["technology", "concern", "priority", "status", "force"])
@pytest.mark.parametrize("value", ["'", "%", "_", "words", f"no{NUL}such"])
def test_an_unknown_choice_in_the_case_queue_is_ignored_with_a_notice(
    client, db, caseworker, name, value
):
    login_as(client, caseworker)
    response = client.get(f"/staff/cases?{urlencode({name: value})}")
    assert response.status_code == 200
    assert "filter was ignored because it was not one of its choices" in response.get_data(
        as_text=True
    )
