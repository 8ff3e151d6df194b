"""The typed domain errors (oversight/problems.py) are answered in one place.

A domain error a view leaves to the app becomes a page in plain words: NotPermitted an
audited 403, NotFound a 404, Changed a 409, any other Problem a 400 that says what was
wrong; whatever the request had changed is undone. A view that can show a Problem beside
the answer it names does so with Form.show_problem.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from wtforms import StringField

from oversight import create_app
from oversight.access import roles_required
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.auth.services import AccountProblem
from oversight.extensions import db
from oversight.forms import Form
from oversight.problems import Changed, NotFound, NotPermitted, Problem
from tests.helpers import login_as

bp = Blueprint("problems_test", __name__, url_prefix="/staff/problems-test")
RAISED = {
    "refused": NotPermitted("You may not"),
    "missing": NotFound("No such thing"),
    "changed": Changed("Changed meanwhile"),
    "problem": Problem("That release has already been approved"),
}


@bp.get("/<kind>")
@roles_required(Role.CASEWORKER)
def raise_one(kind: str) -> str:
    db.session.execute(sa.update(User).values(name="Changed before the error"))
    raise RAISED[kind]


@pytest.fixture(scope="module")
def hosted(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("problems")
    application = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "EVIDENCE_STORAGE_DIR": str(instance / "evidence"),
        },
    )
    application.register_blueprint(bp)
    yield application


@pytest.fixture
def client(hosted: Flask, db, caseworker) -> FlaskClient:
    client = hosted.test_client()
    login_as(client, caseworker)
    return client


def user_names(db) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(User.name)))


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("refused", 403, "You do not have permission to see this page"),
        ("missing", 404, "Page not found"),
        ("changed", 409, "Someone else changed this while you were working on it"),
        ("problem", 400, "That release has already been approved"),
    ],
)
def test_a_domain_error_left_to_the_app_is_a_page_in_plain_words(client, db, kind, status, words):
    response = client.get(f"/staff/problems-test/{kind}")
    assert response.status_code == status
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
    assert "Changed before the error" not in user_names(db)


def test_not_permitted_left_to_the_app_is_audited(client, db, caseworker):
    client.get("/staff/problems-test/refused")
    [refused] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "access.refused")
    ).all()
    assert refused.actor == f"user:{caseworker.id}"
    assert refused.details["endpoint"] == "problems_test.raise_one"


class NameForm(Form):
    name = StringField("Name")
    email = StringField("Email address")


def test_a_problem_is_shown_beside_the_answer_it_names(app):
    with app.test_request_context():
        form = NameForm(formdata=None)
        assert form.show_problem(Problem("Enter a shorter name", field="name")) is None
        assert form.name.errors == ["Enter a shorter name"]
        assert not form.email.errors


def test_a_problem_naming_no_answer_of_the_form_goes_to_the_top_or_to_the_answer_given(app):
    with app.test_request_context():
        form = NameForm(formdata=None)
        assert form.show_problem(Problem("Try again later")) == "Try again later"
        assert form.show_problem(Problem("Elsewhere", field="roles")) == "Elsewhere"
        assert form.show_problem(AccountProblem("user", "Not you"), answer="email") is None
        assert form.email.errors == ["Not you"]
        assert not form.name.errors


def test_every_packages_problems_build_on_the_shared_bases():
    from oversight.api.tokens.services import TokenProblem
    from oversight.statistics.services import NotPermitted as ReleaseNotPermitted
    from oversight.statistics.services import ReleaseProblem

    for problem in (AccountProblem, TokenProblem, ReleaseProblem):
        assert issubclass(problem, Problem)
    assert issubclass(ReleaseNotPermitted, NotPermitted)
