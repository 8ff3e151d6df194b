"""Error pages: plain words, the right status, and no personal data in the logs."""

from __future__ import annotations

import sqlalchemy as sa

from oversight import create_app
from oversight.access import public
from oversight.extensions import db


def test_an_unknown_page_says_page_not_found(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert (
        "<title>Page not found – Facial Recognition Oversight Register</title>"
        in response.get_data(as_text=True)
    )


def test_a_wrong_method_gets_a_page_not_an_error(client):
    response = client.delete("/track")
    assert response.status_code == 405
    assert "This page cannot be opened this way" in response.get_data(as_text=True)


def test_an_expired_form_says_what_to_do_and_keeps_answers(client):
    response = client.post("/complain/where", data={"place": "Cardiff"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Sorry, we could not save that" in html
    assert 'href="/complain/where"' in html


def test_a_server_error_shows_a_page_and_logs_no_personal_data(tmp_path, caplog):
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'errors.db'}",
            "PROPAGATE_EXCEPTIONS": False,
        },
    )

    @app.get("/broken")
    @public
    def broken() -> str:
        db.session.execute(
            sa.text("SELECT * FROM no_such_table WHERE email = :email"), {"email": "jo@example.com"}
        )
        return "unreachable"

    with caplog.at_level("ERROR"):
        response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    assert "no_such_table" in caplog.text
    assert "jo@example.com" not in caplog.text
