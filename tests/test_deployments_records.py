"""Staff pages for deployment records and usage returns: add, correct, history, lists.

Every error the validator finds is shown beside its field and in the error summary,
with everything typed kept; a correction needs a reason, keeps the record's history
and is refused from an out-of-date page; every change is audited.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from tests.factories import (
    DEPLOYMENT,
    USAGE_RETURN,
    make_complaint,
    make_deployment,
    make_usage_return,
)
from tests.helpers import csrf_token, login_as, post_page

NEW = "/staff/deployments/new"
NEW_RETURN = "/staff/deployments/usage-returns/new"
# The add form as someone copying a published record would fill it in.
TYPED = {
    **{k: v or "" for k, v in DEPLOYMENT.items()},
    "force_reference": "SWP-LFR-031",
    "deployed_on": "14/06/2026",
    "latitude": "51.4782",
    "longitude": "-3.1826",
    "watchlist_categories": "Wanted by the courts",
    "source_link": "https://www.south-wales.police.uk/lfr",
}
TYPED_RETURN = {**USAGE_RETURN, "period_start": "01/04/2026", "source_link": ""}


class Form(HTMLParser):
    """What a page's form shows: each field's value, and the errors beside fields."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.inline: dict[str, str] = {}
        self._error: str | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)
        summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
        self.summary = (
            [
                (href[1:], unescape(text.strip()))
                for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary.group(1))
            ]
            if summary
            else []
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "input" and found.get("type") in ("radio", "checkbox"):
            if "checked" in found:
                self.values[name] = found.get("value", "")
        elif tag == "input":
            self.values[name] = found.get("value", "")
        elif tag == "textarea":
            self._textarea, self.values[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.values[self._select] = found.get("value", "")
        elif tag == "p" and "govuk-error-message" in found.get("class", ""):
            self._error = found.get("id", "").removesuffix("-error")
            self.inline[self._error] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p":
            self._error = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data
        if self._error:
            self.inline[self._error] += data

    def error(self, field: str) -> str:
        return " ".join(self.inline.get(field, "").split()).removeprefix("Error: ")


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def events(db: Any, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def only_deployment(db: Any) -> Deployment:
    return db.session.scalars(sa.select(Deployment)).one()


# Adding a deployment record ------------------------------------------------------------------


def test_a_caseworker_adds_a_deployment_record_and_sees_it(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(client, NEW, TYPED)
    deployment = only_deployment(db)
    assert response.status_code == 302
    assert response.location == f"/staff/deployments/{deployment.id}"
    assert (deployment.force.slug, deployment.faces_seen, deployment.version) == (
        "south-wales",
        24310,
        1,
    )
    [revision] = deployment.revisions
    assert (revision.via, revision.changed_by) == (Via.FORM, f"user:{caseworker.id}")
    [event] = events(db, "deployment.created")
    assert event.actor == f"user:{caseworker.id}"
    assert event.details == {"force": "south-wales", "via": "form", "source": "published_record"}
    page = text(client.get(response.location).get_data(as_text=True))
    assert "Deployment record added." in page
    assert "Principality Stadium, Westgate Street on 14 June 2026" in page
    assert "SWP-LFR-031" in page and "24,310" in page and "Wanted by the courts" in page
    assert f"Version 1 {_when(revision)} by Staff Member, through the staff form" in page


def _when(revision: Any) -> str:
    from flask_babel import format_datetime

    return format_datetime(revision.changed_at, "d MMMM yyyy, HH:mm")


ERRORS = [
    ("deployed_on", {"deployed_on": "31/02/2026"}, "Date must be a real date"),
    ("deployed_on", {"deployed_on": "June"}, "Date must be a date like 28/09/2025 or 2025-09-28"),
    ("force", {"force": ""}, "Enter the force"),
    ("location_name", {"location_name": "  "}, "Enter the location"),
    ("end_time", {"end_time": "09:00"}, "End time must be after the start time"),
    ("start_time", {"start_time": "half ten"}, "Start time must be a time like 09:30 or 17:45"),
    ("faces_seen", {"faces_seen": "about 20,000"}, "Faces seen must be a whole number, like 1,250"),
    ("arrests", {"arrests": "-2"}, "Arrests cannot be less than 0"),
    ("true_alerts", {"true_alerts": "7"}, "True alerts cannot be more than alerts"),
    ("false_alerts", {"false_alerts": "7"}, "False alerts cannot be more than alerts"),
    (
        "false_alerts",
        {"true_alerts": "4", "false_alerts": "3"},
        "True alerts and false alerts together cannot be more than alerts",
    ),
    ("latitude", {"latitude": "151.2"}, "Latitude must be between -90 and 90"),
    (
        "source_link",
        {"source_link": "www.example.com"},
        "Source link must be a web address starting with https://",
    ),
]


@pytest.mark.parametrize(("field", "typed", "message"), ERRORS, ids=[e[2] for e in ERRORS])
def test_each_error_is_shown_by_its_field_and_in_the_summary_with_the_input_kept(
    client, db, caseworker, field, typed, message
):
    login_as(client, caseworker)
    response = post_page(client, NEW, {**TYPED, **typed})
    assert response.status_code == 400
    form = Form(response.get_data(as_text=True))
    assert (field, message) in form.summary
    assert form.error(field) == message
    for name, value in {**TYPED, **typed}.items():
        assert form.values.get(name, "") == value.strip(), name
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 0
    assert events(db, "deployment.created") == []
    assert "<title>Error: " in response.get_data(as_text=True)


def test_several_errors_are_listed_in_the_order_of_the_form(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(
        client, NEW, {**TYPED, "alerts": "1", "deployed_on": "", "location_name": ""}
    )
    assert [field for field, _ in Form(response.get_data(as_text=True)).summary] == [
        "deployed_on",
        "location_name",
        "true_alerts",
        "false_alerts",
    ]


def test_adding_a_record_the_register_holds_points_to_that_record(client, db, caseworker):
    held = make_deployment(force_reference="SWP-LFR-031")
    db.session.commit()
    login_as(client, caseworker)
    response = post_page(client, NEW, {**TYPED, "location_name": "Another place"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        Form(html)
        .error("force_reference")
        .startswith("This force already has a deployment record with this reference")
    )
    assert f'href="/staff/deployments/{held.id}"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


# Correcting and history -----------------------------------------------------------------------


def correct_url(deployment: Deployment) -> str:
    return f"/staff/deployments/{deployment.id}/correct"


def test_the_correction_form_starts_from_the_record_as_it_stands(client, db, caseworker):
    deployment = make_deployment(latitude="51.4782")
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True))
    assert form.values["force"] == "south-wales"
    assert form.values["deployed_on"] == "14/06/2026"
    assert form.values["start_time"] == "10:00"
    assert form.values["faces_seen"] == "24,310"
    assert form.values["latitude"] == "51.4782"
    assert form.values["technology"] == "lfr"
    assert form.values["version"] == "1"
    assert form.values["note"] == ""


def test_a_correction_keeps_the_history_and_shows_what_changed(
    client, db, caseworker, senior_caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "faces_seen": "25,000", "arrests": "3", "note": "The force re-counted."}
    response = post_page(client, correct_url(deployment), sent)
    assert response.status_code == 302
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen, deployment.arrests) == (2, 25000, 3)
    [event] = events(db, "deployment.corrected")
    assert event.actor == f"user:{caseworker.id}"
    assert event.details == {
        "force": "south-wales",
        "via": "form",
        "version": 2,
        "fields": ["arrests", "faces_seen"],
    }
    login_as(client, senior_caseworker)
    page = text(client.get(response.location).get_data(as_text=True))
    history = page[page.index("History") :]
    assert history.index("Version 2") < history.index("Version 1")
    assert "by Staff Member, through the staff form The force re-counted." in history
    assert "Faces seen 24,310 25,000" in history
    assert "Arrests 2 3" in history
    assert "Alerts" not in history  # unchanged fields are not listed


def test_a_correction_needs_a_reason_and_every_error_shows_at_once(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "arrests": "3", "false_alerts": "9"}
    response = post_page(client, correct_url(deployment), sent)
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert page.summary == [
        ("false_alerts", "False alerts cannot be more than alerts"),
        ("note", "Enter what was corrected and why"),
    ]
    assert page.values["arrests"] == "3"
    db.session.refresh(deployment)
    assert deployment.version == 1


def test_a_correction_that_breaks_the_rules_is_refused_by_its_field(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "false_alerts": "9", "note": "Typo"}
    response = post_page(client, correct_url(deployment), sent)
    page = Form(response.get_data(as_text=True))
    assert page.error("false_alerts") == "False alerts cannot be more than alerts"
    assert page.values["note"] == "Typo"


def test_a_correction_from_an_out_of_date_page_is_refused_with_the_input_kept(
    client, db, caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    # Meanwhile someone else corrects the alerts.
    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, "alerts": "8"}, forces)
    services.save_deployment(
        cleaned.values, actor="user:99", via=Via.API, forces=forces, record=deployment, note="x"
    )
    db.session.commit()
    sent = {**form, "faces_seen": "30,000", "note": "Re-counted"}
    response = post_page(client, correct_url(deployment), sent)
    html = response.get_data(as_text=True)
    page = Form(html)
    assert response.status_code == 409
    assert page.summary[0] == (
        "changed-since",
        "Someone else corrected this record while you were editing it, so your correction "
        "was not saved. Check what they changed, then send your correction again",
    )
    assert "Alerts 6 8" in text(html)
    assert (page.values["faces_seen"], page.values["note"]) == ("30,000", "Re-counted")
    assert page.values["version"] == "2"
    assert page.values["alerts"] == "8"  # their change, to a field this correction left alone
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen) == (2, 24310)
    # Sent again from the page it was shown on, it is saved.
    again = post_page(client, correct_url(deployment), page.values)
    assert again.status_code == 302
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen, deployment.alerts) == (3, 30000, 8)


def test_where_both_corrected_the_same_field_the_page_keeps_the_senders_value(
    client, db, caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, "faces_seen": "26,000"}, forces)
    services.save_deployment(
        cleaned.values, actor="user:99", via=Via.API, forces=forces, record=deployment, note="x"
    )
    db.session.commit()
    response = post_page(
        client, correct_url(deployment), {**form, "faces_seen": "30,000", "note": "Re-counted"}
    )
    assert response.status_code == 409
    assert "Faces seen 24,310 26,000" in text(response.get_data(as_text=True))
    assert Form(response.get_data(as_text=True)).values["faces_seen"] == "30,000"


def test_saving_a_correction_that_changes_nothing_says_so(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    response = post_page(client, correct_url(deployment), {**form, "note": "Checked"})
    assert response.status_code == 302
    page = text(client.get(response.location).get_data(as_text=True))
    assert "You did not change anything, so nothing was saved." in page
    db.session.refresh(deployment)
    assert deployment.version == 1
    assert events(db, "deployment.corrected") == []


def test_a_correction_into_another_records_reference_is_refused(client, db, caseworker):
    make_deployment(force_reference="SWP-1")
    second = make_deployment(force_reference="SWP-2", deployed_on="2026-06-15")
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(second)).get_data(as_text=True)).values
    sent = {**form, "force_reference": "SWP-1", "note": "Typo"}
    response = post_page(client, correct_url(second), sent)
    assert response.status_code == 400
    assert (
        Form(response.get_data(as_text=True))
        .error("force_reference")
        .startswith("This force already has a deployment record with this reference")
    )


def test_the_record_shows_the_cases_linked_to_it(client, db, caseworker, administrator):
    deployment = make_deployment()
    confirmed = make_complaint(tracking_code="AAAA-BBBB-CCC1")
    named = make_complaint(tracking_code="AAAA-BBBB-CCC2")
    rejected = make_complaint(tracking_code="AAAA-BBBB-CCC3")
    for complaint, state in (
        (confirmed, LinkState.CONFIRMED),
        (named, LinkState.NAMED_BY_COMPLAINANT),
        (rejected, LinkState.REJECTED),
    ):
        db.session.add(
            DeploymentLink(
                complaint_id=complaint.id,
                deployment_id=deployment.id,
                state=state,
                created_by="test",
            )
        )
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/deployments/{deployment.id}").get_data(as_text=True)
    assert f'href="/staff/cases/{confirmed.reference}"' in html
    assert f'href="/staff/cases/{named.reference}"' in html
    assert rejected.reference not in html
    assert f"{confirmed.reference} Confirmed" in text(html)
    assert f"{named.reference} Named by the complainant" in text(html)
    # An administrator keeps the records but does not work on cases: no link to follow.
    login_as(client, administrator)
    html = client.get(f"/staff/deployments/{deployment.id}").get_data(as_text=True)
    assert f"{confirmed.reference} Confirmed" in text(html)
    assert "/staff/cases/" not in html


# Usage returns -----------------------------------------------------------------------------


def test_a_caseworker_adds_and_corrects_a_usage_return(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, TYPED_RETURN)
    usage = db.session.scalars(sa.select(UsageReturn)).one()
    assert response.location == f"/staff/deployments/usage-returns/{usage.id}"
    assert (usage.searches, usage.version) == (1420, 1)
    url = f"/staff/deployments/usage-returns/{usage.id}/correct"
    form = Form(client.get(url).get_data(as_text=True)).values
    assert (form["period_start"], form["searches"]) == ("01/04/2026", "1,420")
    response = post_page(client, url, {**form, "searches": "1,500", "note": "Late figures"})
    assert response.status_code == 302
    page = text(client.get(response.location).get_data(as_text=True))
    assert "Usage return corrected." in page
    assert "Searches 1,420 1,500" in page
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))][
        -2:
    ] == ["usage_return.created", "usage_return.corrected"]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "period_end",
            {"period_end": "01/04/2026"},
            "End of period must be after the start of the period",
        ),
        ("technology", {"technology": "lfr"}, "Technology must be one of: rfr, oifr"),
        ("searches", {"searches": ""}, "Enter the searches"),
        ("possible_matches", {"possible_matches": "-1"}, "Possible matches cannot be less than 0"),
    ],
)
def test_a_usage_return_that_breaks_the_rules_is_refused_by_its_field(
    client, db, caseworker, field, typed, message
):
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, {**TYPED_RETURN, **typed})
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert (field, message) in page.summary
    assert page.error(field) == message
    assert page.values["period_start"] == "01/04/2026"


def test_a_second_return_for_the_same_period_points_to_the_first(client, db, caseworker):
    held = make_usage_return()
    db.session.commit()
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, TYPED_RETURN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert Form(html).error("period_start").startswith("This force already has a usage return")
    assert f'href="/staff/deployments/usage-returns/{held.id}"' in html


# Who may use these pages ----------------------------------------------------------------------

PAGES = [
    "/staff/deployments",
    "/staff/deployments/new",
    "/staff/deployments/{deployment}",
    "/staff/deployments/{deployment}/correct",
    "/staff/deployments/usage-returns",
    "/staff/deployments/usage-returns/new",
    "/staff/deployments/usage-returns/{usage}",
    "/staff/deployments/usage-returns/{usage}/correct",
]


@pytest.fixture
def paths(db) -> list[str]:
    deployment, usage = make_deployment(), make_usage_return()
    db.session.commit()
    return [p.format(deployment=deployment.id, usage=usage.id) for p in PAGES]


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "administrator"])
def test_caseworkers_and_administrators_may_open_every_page(client, paths, role, request):
    login_as(client, request.getfixturevalue(role))
    assert [client.get(path).status_code for path in paths] == [200] * len(paths)


@pytest.mark.parametrize("role", ["statistician", "publisher"])
def test_statisticians_and_publishers_are_refused_and_it_is_recorded(
    client, db, paths, role, request
):
    login_as(client, request.getfixturevalue(role))
    assert [client.get(path).status_code for path in paths] == [403] * len(paths)
    assert len(events(db, "access.refused")) == len(paths)


def test_someone_not_signed_in_is_sent_to_sign_in(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/staff/sign-in")


def test_a_statistician_cannot_add_a_record_by_posting(client, db, statistician):
    login_as(client, statistician)
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    response = client.post(NEW, data={**TYPED, "csrf_token": token})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 0


# The lists ------------------------------------------------------------------------------------


def listed(client: Any, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    body = html[html.index('<tbody class="govuk-table__body">') :]
    return re.findall(r'href="/staff/deployments/\d+">([^<]+)</a>', body)


@pytest.fixture
def several(db) -> None:
    make_deployment(location_name="Queen Street", deployed_on="2026-03-01")
    make_deployment(location_name="Principality Stadium", deployed_on="2026-06-14")
    make_deployment(
        force="metropolitan",
        location_name="Oxford Circus",
        location_area="Westminster",
        force_reference="LFR/2026/017",
        deployed_on="2026-05-02",
    )
    make_deployment(
        force="metropolitan",
        technology="rfr",
        location_name="Stratford Broadway",
        deployed_on="2026-04-20",
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["Principality Stadium", "Oxford Circus", "Stratford Broadway", "Queen Street"]),
        ("?force=metropolitan", ["Oxford Circus", "Stratford Broadway"]),
        ("?technology=rfr", ["Stratford Broadway"]),
        ("?from=1/5/2026", ["Principality Stadium", "Oxford Circus"]),
        ("?from=2026-04-01&to=30/05/2026", ["Oxford Circus", "Stratford Broadway"]),
        ("?q=westminster", ["Oxford Circus"]),
        ("?q=2026/017", ["Oxford Circus"]),
        ("?q=queen+street", ["Queen Street"]),
        ("?q=street&force=south-wales", ["Queen Street"]),
        ("?q=100%25", []),
    ],
)
def test_the_list_filters_newest_first(client, caseworker, several, query, shown):
    login_as(client, caseworker)
    assert listed(client, f"/staff/deployments{query}") == shown


def test_a_filter_that_cannot_be_read_says_why(client, caseworker, several):
    login_as(client, caseworker)
    response = client.get("/staff/deployments?from=31/02/2026&force=atlantis")
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert ("force", "Select a force from the list") in page.summary
    assert ("from", "From must be a real date") in page.summary
    assert page.values["from"] == "31/02/2026"


def test_the_list_runs_to_more_pages_keeping_the_filters(client, db, caseworker):
    for day in range(1, 56):
        make_deployment(
            location_name=f"Site {day}", start_time=f"{6 + day % 12:02d}:00", end_time=""
        )
    db.session.commit()
    login_as(client, caseworker)
    first = client.get("/staff/deployments?force=south-wales").get_data(as_text=True)
    assert "1 to 50 of 55, newest first" in text(first)
    assert 'href="/staff/deployments?page=2&amp;force=south-wales"' in first
    second = listed(client, "/staff/deployments?page=2&force=south-wales")
    assert len(second) == 5
    assert client.get("/staff/deployments?page=3").status_code == 404


def test_the_usage_return_list_filters_by_force_technology_and_period(client, db, caseworker):
    first = make_usage_return()
    met = make_usage_return(force="metropolitan", technology="oifr")
    later = make_usage_return(period_start="2026-07-01", period_end="2026-09-30")
    db.session.commit()
    login_as(client, caseworker)

    def rows(query: str) -> list[int]:
        html = client.get(f"/staff/deployments/usage-returns{query}").get_data(as_text=True)
        return [int(n) for n in re.findall(r'href="/staff/deployments/usage-returns/(\d+)"', html)]

    assert rows("") == [later.id, met.id, first.id]
    assert rows("?force=metropolitan") == [met.id]
    assert rows("?technology=rfr") == [later.id, first.id]
    assert rows("?from=1/7/2026") == [later.id]
