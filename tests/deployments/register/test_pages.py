"""The public register's pages: who may read them, the list and its filters, paging,
each force's page and each deployment's page. Nobody signs in to read the register,
and no complaint detail is ever on it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from oversight.complaints.enums import Status
from oversight.deployments.records import DEPLOYMENT_FIELDS
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.web.templating import page_numbers
from tests.factories import make_case, make_deployment
from tests.register_pages import (
    NOT_KNOWN,
    SERVICE,
    Page,
    many_fixture,  # noqa: F401  (a fixture)
    page,
    record_ids_shown,
    register_fixture,  # noqa: F401  (a fixture)
)

# ------------------------------------------------------------------ who may read it


@pytest.mark.parametrize(
    "path",
    [
        "/register",
        "/register/forces",
        "/register/forces/south-wales",
        "/register/deployments/{june}",
        "/register/deployments.csv",
        "/register/usage-returns.csv",
    ],
)
def test_anyone_can_read_the_register_without_signing_in(client, register, path):
    assert client.get(path.format(**register)).status_code == 200


def test_register_pages_have_titles_like_the_other_public_pages(client, register):
    titles = {
        "/register": "Police facial recognition deployments",
        "/register/forces": "Forces on the register",
        "/register/forces/south-wales": "South Wales Police: facial recognition deployments",
        f"/register/deployments/{register['june']}": (
            "Principality Stadium, Westgate Street on 14 June 2026"
        ),
    }
    for url, title in titles.items():
        assert page(client, url).title == f"{title} – {SERVICE}"


# ------------------------------------------------------------------ the list and filters


def test_the_register_lists_every_deployment_newest_first_with_its_figures(client, register):
    shown = page(client, "/register")
    assert shown.h1 == "Police facial recognition deployments"
    head, *rows = shown.tables["deployments"]
    assert head == [
        "Date",
        "Force",
        "Location",
        "Technology",
        "Times",
        "Faces seen",
        "Alerts",
        "False alerts",
        "Arrests",
    ]
    assert rows == [
        [
            "14 June 2026",
            "South Wales Police",
            "Principality Stadium, Westgate Street",
            "Live facial recognition",
            "10:00 to 16:00",
            "24,310",
            "6",
            "2",
            "2",
        ],
        [
            "2 May 2026",
            "Metropolitan Police Service",
            "Oxford Circus",
            "Live facial recognition",
            "10:00 to 16:00",
            "50,000",
            "10",
            "1",
            "3",
        ],
        [
            "1 April 2026",
            "South Wales Police",
            "Swansea Bay seafront",
            "Another biometric technology, such as voice or gait",
            NOT_KNOWN,
            NOT_KNOWN,
            NOT_KNOWN,
            NOT_KNOWN,
            "1",
        ],
        [
            "31 March 2026",
            "South Wales Police",
            "Cardiff Central station",
            "Live facial recognition",
            "10:00 to 16:00",
            "10,000",
            "3",
            "1",
            "0",
        ],
    ]
    assert record_ids_shown(client, "/register") == [
        register["june"],
        register["met"],
        register["april"],
        register["march"],
    ]


def test_filtering_by_force_shows_only_that_forces_deployments(client, register):
    shown = page(client, "/register?force=metropolitan")
    assert shown.column("deployments", "Location") == ["Oxford Circus"]
    assert shown.values["force"] == "metropolitan"
    assert shown.column("usage-returns", "Force") == ["Metropolitan Police Service"]


def test_filtering_by_technology_shows_only_that_technology(client, register):
    shown = page(client, "/register?technology=other_biometric")
    assert shown.column("deployments", "Location") == ["Swansea Bay seafront"]
    assert shown.values["technology"] == "other_biometric"
    rfr = page(client, "/register?technology=rfr")
    assert rfr.column("deployments", "Location") == []
    assert rfr.column("usage-returns", "Technology") == ["Retrospective facial recognition"]


def test_date_filters_include_the_first_and_last_day(client, register):
    shown = page(client, "/register?from=31/03/2026&to=2026-04-01")
    assert shown.column("deployments", "Date") == ["1 April 2026", "31 March 2026"]
    assert shown.values["from"] == "31/03/2026"
    assert shown.values["to"] == "2026-04-01"
    one_day = page(client, "/register?from=14/6/2026&to=14/6/2026")
    assert one_day.column("deployments", "Date") == ["14 June 2026"]


def test_date_filters_show_usage_returns_whose_period_overlaps_them(client, register):
    shown = page(client, "/register?from=2026-03-31&to=2026-03-31")
    assert shown.column("usage-returns", "Force") == ["Metropolitan Police Service"]
    april = page(client, "/register?from=2026-04-01")
    assert april.column("usage-returns", "Force") == ["South Wales Police"]


def test_filters_combine(client, register):
    shown = page(client, "/register?force=south-wales&technology=lfr&from=1/4/2026")
    assert shown.column("deployments", "Location") == ["Principality Stadium, Westgate Street"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("from=31/02/2026", [("#date-from", "Date from must be a real date")]),
        (
            "from=last+week&to=2026-13-01",
            [
                ("#date-from", "Date from must be a date like 28/09/2025 or 2025-09-28"),
                ("#date-to", "Date to must be a real date"),
            ],
        ),
        (
            "from=2026-05-01&to=2026-04-30",
            [("#date-to", "Date to must be the same as or after date from")],
        ),
        ("force=atlantis", [("#force", "Select a force from the list")]),
        ("technology=telepathy", [("#technology", "Select a technology from the list")]),
    ],
)
def test_bad_filters_are_refused_with_a_message_that_says_what_to_do(
    client, register, query, errors
):
    shown = page(client, f"/register?{query}", status=400)
    assert shown.title.startswith("Error: Police facial recognition deployments")
    assert shown.summary == errors
    assert shown.inline_errors == [message for _, message in errors]
    assert "deployments" not in shown.tables


def test_a_bad_date_keeps_what_was_typed(client, register):
    shown = page(client, "/register?force=south-wales&from=31/02/2026&to=soon", status=400)
    assert shown.values == {
        "force": "south-wales",
        "technology": "",
        "from": "31/02/2026",
        "to": "soon",
    }


def test_a_bad_filter_on_a_download_gives_the_register_page_with_the_error(client, register):
    response = client.get("/register/deployments.csv?from=31/02/2026")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert Page(response.get_data(as_text=True)).summary == [
        ("#date-from", "Date from must be a real date")
    ]


# ------------------------------------------------------------------ paging


def test_the_register_shows_fifty_deployments_a_page_and_pages_through_them_all(client, many):
    first = page(client, "/register")
    assert len(first.tables["deployments"]) == 51
    assert page(client, "/register?page=3").tables["deployments"].__len__() == 21
    ids = record_ids_shown(client, "/register")
    assert sorted(ids) == sorted(many)
    assert len(ids) == len(set(ids)) == 120


@pytest.mark.parametrize("number", ["0", "4", "-1", "two", "100000"])
def test_a_page_that_does_not_exist_is_not_found(client, many, number):
    assert client.get(f"/register?page={number}").status_code == 404


def test_page_links_carry_the_filters(client, many):
    shown = page(client, "/register?force=south-wales&from=1/1/2026")
    next_page = shown.link("Next page")
    assert parse_qs(urlsplit(next_page).query) == {
        "force": ["south-wales"],
        "from": ["1/1/2026"],
        "page": ["2"],
    }
    assert len(record_ids_shown(client, "/register?force=south-wales&from=1/1/2026")) == 60


def test_the_page_numbers_offered_leave_out_the_middle_of_a_long_list():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert page_numbers(10, 10) == [1, None, 9, 10]


# ------------------------------------------------------------------ forces


def test_the_forces_page_lists_every_force_with_its_counts(client, register):
    shown = page(client, "/register/forces")
    rows = {row[0]: row[1:] for row in shown.tables["forces"][1:]}
    assert len(rows) >= 43
    assert rows["South Wales Police"] == ["3", "1"]
    assert rows["Metropolitan Police Service"] == ["1", "1"]
    assert rows["Cumbria Constabulary"] == ["0", "0"]
    assert shown.link("South Wales Police") == "/register/forces/south-wales"


def test_a_force_page_shows_only_that_forces_records(client, register):
    shown = page(client, "/register/forces/south-wales")
    assert shown.h1 == "South Wales Police"
    assert shown.column("deployments", "Location") == [
        "Principality Stadium, Westgate Street",
        "Swansea Bay seafront",
        "Cardiff Central station",
    ]
    assert "Force" not in shown.tables["deployments"][0]
    assert "force" not in shown.values
    assert len(shown.tables["usage-returns"]) == 3  # heading, one return, total
    assert dict(shown.tables["totals"])["Deployments"] == "3"
    assert [row[0] for row in shown.tables["quarters"][1:]] == [
        "April to June 2026",
        "January to March 2026",
    ]


def test_a_force_page_filters_by_technology_and_date(client, register):
    shown = page(client, "/register/forces/south-wales?technology=lfr&to=2026-04-30")
    assert shown.column("deployments", "Location") == ["Cardiff Central station"]
    bad = page(client, "/register/forces/south-wales?to=30/30/2026", status=400)
    assert bad.summary == [("#date-to", "Date to must be a real date")]


def test_an_unknown_force_is_not_found(client, register):
    assert client.get("/register/forces/atlantis").status_code == 404


# ------------------------------------------------------------------ one deployment


def test_a_deployment_page_shows_every_field_of_the_record(client, register):
    shown = page(client, f"/register/deployments/{register['june']}")
    assert shown.h1 == "Principality Stadium, Westgate Street on 14 June 2026"
    assert shown.summary_list == {
        "Force": "South Wales Police",
        "Technology": "Live facial recognition",
        "Force reference": NOT_KNOWN,
        "Date": "14 June 2026",
        "Start time": "10:00",
        "End time": "16:00",
        "Location": "Principality Stadium, Westgate Street",
        "Area": "Cardiff",
        "Latitude": NOT_KNOWN,
        "Longitude": NOT_KNOWN,
        "Purpose": "Wanted persons at a football match",
        "Authorising officer’s rank": "Superintendent",
        "Watchlist size": "1,203",
        "Watchlist categories": NOT_KNOWN,
        "Faces seen": "24,310",
        "Alerts": "6",
        "True alerts": "4",
        "False alerts": "2",
        "Engagements": "5",
        "Arrests": "2",
        "Source": "Published record",
        "Source link": NOT_KNOWN,
        "Register record": str(register["june"]),
        "Added to the register": shown.summary_list["Added to the register"],
        "Last corrected": "Not corrected",
    }
    assert list(shown.summary_list)[: len(DEPLOYMENT_FIELDS)] == [
        str(spec.label) for spec in DEPLOYMENT_FIELDS
    ]
    assert shown.link("South Wales Police") == "/register/forces/south-wales"


def test_a_corrected_deployment_shows_its_version_and_date_but_not_who_changed_it(client, db):
    record = make_deployment(
        source_link="https://example.police.uk/lfr/2026-06-14",
        actor="Casey Corrector",
    )
    make_deployment(
        source_link="https://example.police.uk/lfr/2026-06-14",
        arrests="3",
        actor="Casey Corrector",
    )
    db.session.commit()
    html = client.get(f"/register/deployments/{record.id}").get_data(as_text=True)
    assert "(version 2)" in html
    assert "Casey Corrector" not in html
    assert 'href="https://example.police.uk/lfr/2026-06-14"' in html


def test_an_unknown_deployment_is_not_found(client, db):
    assert client.get("/register/deployments/999999").status_code == 404


# ------------------------------------------------------------------ no complaint detail


def test_no_complaint_detail_appears_on_any_public_register_page(client, db, register):
    complaint = make_case(
        Status.INVESTIGATING,
        place="Behind the Wyvern Arms on Hidden Lane",
        what_happened="The van at the Wyvern Arms scanned me twice.",
    )
    db.session.add(
        DeploymentLink(
            complaint_id=complaint.id,
            deployment_id=register["june"],
            state=LinkState.CONFIRMED,
            created_by="user:1",
        )
    )
    db.session.commit()
    secrets = (complaint.reference, "Wyvern", "Hidden Lane", "complaint", "Complaint", "Jo Bloggs")
    for url in (
        "/register",
        "/register/forces",
        "/register/forces/south-wales",
        f"/register/deployments/{register['june']}",
        "/register/deployments.csv",
        "/register/usage-returns.csv",
    ):
        response = client.get(url)
        body = response.get_data(as_text=True)
        # The words "Make a complaint" and "Track a complaint" are the site's own links.
        body = body.replace("Make a complaint", "").replace("Track a complaint", "")
        for secret in secrets:
            assert secret not in body, f"{secret!r} on {url}"
