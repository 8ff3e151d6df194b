"""The hostile walks cover everything: every form class of the app (found by importing
every module, as test_forms.py does), every page answered to a GET, every request schema
of the force API; and every typed field has a length cap. A new form, page or API schema
that no walk reaches makes these fail, naming it."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import Length

from oversight.forms import CapLength
from tests.app import test_hostile_api, test_hostile_filters, test_hostile_public
from tests.app import test_hostile_staff as staff
from tests.app.test_forms import FORM_NAMES, _builder

# Bases no page sends as such: each is walked through the forms built on it.
BASES = {
    "oversight.forms.Form": "every form",
    "oversight.public.questions.Question": "each question page",
    "oversight.casework.forms.CaseForm": "each case action",
    "oversight.deployments.staff.forms.RecordForm": "the record forms",
    "oversight.deployments.staff.forms.Correction": "the correction forms",
}
# Forms sent by GET (a list's filters): walked as query strings by test_hostile_filters.
FILTERS = {
    "oversight.deployments.register.forms.RegisterFilterForm": "register.register",
    "oversight.deployments.staff.forms.FilterForm": "deployments.deployment_list",
    "oversight.links.case_page.FindDeploymentForm": "linking.find_deployment",
    "oversight.rights.forms.SearchForm": "rights_work.search_cases",
}
# Forms not walked here yet, each with where it is tested instead (files are another walk).
NOT_WALKED = {
    # A file's cells are sent hostile values in tests/deployments/imports/test_hostile_cells.py.
    "oversight.deployments.imports.forms.UploadForm": "test_hostile_cells (a file)",
    "oversight.deployments.imports.forms.ImportForm": "test_hostile_cells (a file)",
    # No page shows them (assets/drafts.mjs sends them): tests/drafts/test_drafts_hostile.py.
    "oversight.drafts.forms.DraftForm": "test_drafts_hostile (sent by a script)",
    "oversight.drafts.forms.DiscardForm": "test_drafts_hostile (sent by a script)",
    # Only a CSRF token: walked on its owner's queue in tests/casework/test_queue_saved_views.py.
    "oversight.casework.queue.forms.DeleteViewForm": "test_queue_saved_views (its owner's)",
}


def covered() -> dict[str, str]:
    found: dict[str, str] = {}
    for endpoint, walk in staff.WALKS.items():
        found.update(dict.fromkeys(walk.forms, endpoint))
    for name, walk in test_hostile_public.WALKS.items():
        found.update(dict.fromkeys(walk.forms, name))
    found.update(test_hostile_public.REACHED_OTHERWISE)
    return {**found, **BASES, **FILTERS, **NOT_WALKED}


def test_every_form_of_the_app_is_walked_with_hostile_values():
    walked = covered()
    missing = sorted(set(FORM_NAMES) - set(walked))
    assert missing == [], f"add these forms to a hostile walk: {missing}"
    gone = sorted(set(walked) - set(FORM_NAMES))
    assert gone == [], f"these forms no longer exist: {gone}"


def test_every_page_answered_to_a_get_is_sent_hostile_query_strings(app):
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and rule.endpoint != "static"
        and not rule.endpoint.startswith(("api.", "api_statistics."))
    }
    missing = sorted(pages - set(test_hostile_filters.PAGES))
    assert missing == [], f"add these pages to test_hostile_filters.PAGES: {missing}"


def test_every_request_schema_of_the_api_has_a_body_to_start_the_walk_from(client, db):
    doc = test_hostile_api.document(client)
    schemas = set(test_hostile_api.request_schemas(doc).values())
    assert schemas == set(test_hostile_api.VALID), "give each request schema a valid body"
    # Every property of each is walked (read from the document), so list them to show it.
    assert "DeploymentInput.location_name" in test_hostile_api.schema_properties(doc)


def test_every_typed_field_of_every_form_has_a_length_cap(app, db):
    uncapped = []
    with app.test_request_context("/", method="POST"):
        for name in FORM_NAMES:
            form = _builder(name)(MultiDict())
            for field in form:
                if not isinstance(field, StringField):
                    continue
                if not any(isinstance(v, Length | CapLength) for v in field.validators):
                    uncapped.append(f"{name}.{field.name}")
    assert uncapped == []


def test_a_megabyte_in_a_field_without_its_own_cap_says_how_long_it_may_be(app, db):
    from oversight.statistics.web.forms import PrepareForm

    with app.test_request_context("/", method="POST"):
        form = PrepareForm(formdata=MultiDict({"quarter_year": "9" * 2000}), meta={"csrf": False})
        form.validate()
        assert any("characters or fewer" in error for error in form.quarter_year.errors)
