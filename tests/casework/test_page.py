"""The case page as a host (oversight.casework.page): a package adds a section and an
action to the case page without casework's views, and its typed errors come back as the
page shows them: a `Problem` naming a field of the form beside that field, any other
`Problem` at the top, `Changed` as a 409 with what was sent kept, `NotPermitted` as an
audited 403. Nothing is saved unless the change goes through, and then once.

The tests add a small section ("Words") to an app of their own, on the suite's database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from flask.typing import ResponseReturnValue
from flask_login import current_user
from jinja2 import ChoiceLoader, DictLoader
from wtforms import StringField
from wtforms.validators import DataRequired

from oversight import create_app
from oversight.audit.models import AuditEvent
from oversight.casework import changes, correspondence, page
from oversight.casework.forms import CaseForm
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.problems import Changed, NotPermitted, Problem
from tests.factories import make_case
from tests.helpers import csrf_token, login_as

SECTION_TEMPLATE = """
<h2 class="govuk-heading-m" id="words-section">Words</h2>
<p class="govuk-body" id="words-shown">{{ section.shown }}</p>
<form method="post" action="{{ url_for('words.add', reference=complaint.reference) }}" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  {{ words_form.version() }}
  {{ words_form.words() }}
</form>
"""


class WordsForm(CaseForm):
    words = StringField("Words for the case", validators=[DataRequired("Enter the words")])


def shown(complaint: Complaint) -> object:
    return {"shown": f"Words section of {complaint.reference}"}


def blank_forms(complaint: Complaint) -> dict[str, Any]:
    return {"words_form": WordsForm(data={"version": complaint.version}, formdata=None)}


WORDS = page.CaseSection(
    name="words", template="words/_section.html", context=shown, forms=blank_forms
)

bp = Blueprint("words", __name__, url_prefix="/staff/cases")


@bp.post("/<reference>/words")
@page.case_roles
def add(reference: str) -> ResponseReturnValue:
    def change(complaint: Complaint, form: WordsForm) -> None:
        complaint.place = "Changed before the error"  # must not be saved after an error
        said = form.words.data
        if said == "field":
            raise Problem("Those are not words", field="words")
        if said == "no-such-field":
            raise Problem("Words cannot be added to this case", field="nowhere")
        if said == "top":
            raise Problem("Words cannot be added to this case")
        if said == "changed":
            raise Changed()
        if said == "refused":
            raise NotPermitted()
        correspondence.add_note(complaint, said, current_user)

    return page.run_action(reference, WordsForm(), "words_form", change, "Words added.")


@pytest.fixture(scope="module")
def hosted(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on the suite's database with the words section and its action added."""
    instance = tmp_path_factory.mktemp("hosted")
    application = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "EVIDENCE_STORAGE_DIR": str(instance / "evidence"),
        },
    )
    page.add_section(application, WORDS)
    application.register_blueprint(bp)
    application.jinja_env.loader = ChoiceLoader(
        [DictLoader({"words/_section.html": SECTION_TEMPLATE}), application.jinja_env.loader]
    )
    yield application


@pytest.fixture
def client(hosted: Flask) -> FlaskClient:
    return hosted.test_client()


@pytest.fixture
def case(db: Any, caseworker: Any, client: FlaskClient) -> Complaint:
    complaint = make_case(Status.INVESTIGATING, place="Cardiff")
    db.session.commit()
    login_as(client, caseworker)
    return complaint


def send(client: FlaskClient, complaint: Complaint, words: str) -> Any:
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    payload = {"csrf_token": csrf_token(html), "words": words}
    payload["version"] = version.group(1) if version else str(complaint.version)
    return client.post(f"/staff/cases/{complaint.reference}/words", data=payload)


def stored(db: Any, complaint: Complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def test_the_case_page_includes_a_section_added_through_the_host(client, case):
    html = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert f"Words section of {case.reference}" in html
    assert 'id="words-section"' in html
    # Where a section with no place of its own goes: after the messages, before the
    # legal hold (the last section); its fields take ids led by its form's name.
    assert html.index("Messages to the complainant") < html.index('id="words-section"')
    assert html.index('id="words-section"') < html.index('id="legal-hold"')
    assert 'id="words-words"' in html


def test_the_apps_own_case_page_has_the_new_reply_deployments_duplicates_and_letters_sections(
    app,
):
    with app.app_context():
        assert [section.name for section in page.sections()] == [
            "new_reply",
            "deployments",
            "duplicates",
            "legal_hold",
            "letters",
        ]


def test_a_section_name_is_added_once(hosted):
    with pytest.raises(ValueError, match="words"):
        page.add_section(hosted, WORDS)


def test_an_action_through_the_host_makes_its_change_commits_and_returns_to_the_case(
    client, db, case
):
    response = send(client, case, "The camera van was at the north gate")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{case.reference}")
    notes = db.session.scalars(
        sa.select(TimelineEntry.body).where(TimelineEntry.complaint_id == case.id)
    ).all()
    assert "The camera van was at the north gate" in notes
    assert stored(db, case).place == "Changed before the error"  # the one commit kept it
    assert "Words added." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_form_that_is_not_valid_is_shown_again_with_its_error(client, db, case):
    response = send(client, case, "")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#words-words">Enter the words</a>' in html


def test_a_problem_naming_a_field_of_the_form_is_shown_beside_that_field(client, db, case):
    response = send(client, case, "field")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#words-words">Those are not words</a>' in html
    assert 'value="field"' in html  # what was typed is kept
    assert stored(db, case).place == "Cardiff"  # nothing saved


@pytest.mark.parametrize("words", ["top", "no-such-field"])
def test_a_problem_naming_no_field_of_the_form_is_shown_at_the_top(client, db, case, words):
    response = send(client, case, words)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#case-summary">Words cannot be added to this case</a>' in html
    assert stored(db, case).place == "Cardiff"


def test_changed_is_a_409_that_keeps_the_form_and_lists_what_was_sent(client, db, case):
    response = send(client, case, "changed")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this case while you were working on it" in html
    assert "What you sent (not saved)" in html
    assert "Words for the case" in html
    assert 'value="changed"' in html
    assert stored(db, case).place == "Cardiff"


def test_not_permitted_is_an_audited_403(client, db, case, caseworker):
    response = send(client, case, "refused")
    assert response.status_code == 403
    [refused] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "access.refused")
    ).all()
    assert refused.actor == f"user:{caseworker.id}"
    assert refused.object_id == case.reference
    assert stored(db, case).place == "Cardiff"


def test_an_action_on_a_case_that_does_not_exist_is_a_404(client, db, caseworker):
    login_as(client, caseworker)
    html = client.get("/track").get_data(as_text=True)
    response = client.post(
        "/staff/cases/FR-0000-0000/words",
        data={"csrf_token": csrf_token(html), "version": "1", "words": "Hello"},
    )
    assert response.status_code == 404


def test_the_casework_errors_build_on_the_shared_bases():
    from oversight.casework.states import InvalidTransition
    from oversight.deployments.records.services import RecordProblem

    assert issubclass(changes.CaseChanged, Changed)
    assert issubclass(changes.NotPermitted, NotPermitted)
    assert issubclass(changes.CaseProblem, Problem)
    assert issubclass(InvalidTransition, Problem)
    assert issubclass(RecordProblem, Problem)
    assert changes.CaseProblem("assignee", "Choose a caseworker").field == "assignee"
