"""The cookies page lists every cookie the service sets, and nothing else. The public
journey (start, every question, save and come back, sending, tracking, replying, the
information pages and the feedback form) and the staff sign-in (password, security code,
staff pages, sign-out) are walked with the test client, every Set-Cookie header is
collected, and each cookie set must be one the page names (oversight.pages.content.cookies,
the list the page is drawn from)."""

from __future__ import annotations

from http.cookies import SimpleCookie

from flask.testing import FlaskClient

from oversight.complaints.enums import Status
from oversight.pages.content import cookies
from tests.factories import PASSWORD, TOTP_SECRET, make_case, make_user
from tests.helpers import answer_everything, csrf_token, current_code, post_page, send_complaint

TRACKING_CODE = "AAAA-BBBB-CCCC"  # the factories' own


class Collecting(FlaskClient):
    """A test client that keeps the name of every cookie any response sets."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set: set[str] = set()
        self.cleared: set[str] = set()

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        for header in response.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                # A cookie sent empty and expired at once is being removed, not set.
                removed = not morsel.value and (
                    morsel["max-age"] == "0" or "1970" in morsel["expires"]
                )
                (self.cleared if removed else self.set).add(name)
        return response


def walk_the_public_journey(client: Collecting, db) -> None:
    for path in ("/", "/privacy", "/accessibility", "/cookies", "/contact", "/easy-read"):
        assert client.get(path).status_code == 200
    answer_everything(client)
    assert post_page(client, "/complain/save", {"email": ""}).status_code in (200, 302)
    sent = send_complaint(client)
    assert sent.status_code == 200
    complaint = make_case(Status.AWAITING_INFORMATION)
    db.session.commit()
    tracked = post_page(
        client,
        "/track",
        {"reference": complaint.reference, "tracking_code": TRACKING_CODE},
        follow_redirects=True,
    )
    assert tracked.status_code == 200
    assert client.get("/track/reply").status_code == 200
    feedback = post_page(
        client, "/feedback?from=/track", {"satisfaction": "satisfied"}, follow_redirects=True
    )
    assert "Thank you for your feedback" in feedback.get_data(as_text=True)


def walk_the_staff_sign_in(client: Collecting, db) -> None:
    user = make_user(set(), email="cookie.walker@example.test", name="Cookie Walker")
    from oversight.auth.models import Role

    user.roles = {Role.SENIOR_CASEWORKER, Role.ADMINISTRATOR}
    db.session.commit()
    signed = post_page(client, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert signed.location == "/staff/security-code"
    coded = post_page(client, "/staff/security-code", {"code": current_code(TOTP_SECRET)})
    assert coded.status_code == 302
    for path in ("/staff", "/staff/cases", "/staff/feedback", "/staff/audit"):
        assert client.get(path).status_code == 200, path
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302


def test_every_cookie_the_service_sets_is_on_the_cookies_page(app, db):
    app.test_client_class = Collecting
    try:
        client = app.test_client()
    finally:
        app.test_client_class = None
    client.get("/?lang=cy")  # the language switch
    client.get("/?lang=en")
    walk_the_public_journey(client, db)
    walk_the_staff_sign_in(client, db)
    listed = {cookie.name for cookie in cookies(app.config)}
    assert client.set, "the walk set no cookie at all: it no longer walks the journey"
    assert client.set <= listed, f"not on the cookies page: {sorted(client.set - listed)}"
    page = app.test_client().get("/cookies").get_data(as_text=True)
    for name in listed:
        assert f"<code>{name}</code>" in page


def test_the_cookies_page_names_the_session_cookie_by_its_configured_name(app, client, monkeypatch):
    assert [cookie.name for cookie in cookies(app.config)] == ["session", "language"]
    monkeypatch.setitem(app.config, "SESSION_COOKIE_NAME", "frob_session")
    assert [cookie.name for cookie in cookies(app.config)] == ["frob_session", "language"]
    assert "<code>frob_session</code>" in client.get("/cookies").get_data(as_text=True)


def test_the_cookies_page_says_there_are_no_analytics_cookies(client, db):
    html = client.get("/cookies").get_data(as_text=True)
    assert "It does not use analytics cookies" in html
    assert "Essential cookies" in html
