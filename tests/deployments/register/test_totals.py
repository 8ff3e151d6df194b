"""The register's totals, overall and per quarter: a figure a deployment did not record
is left out of the total and said to be not known, never counted as 0."""

from __future__ import annotations

from tests.factories import make_deployment
from tests.register_pages import (
    NOT_KNOWN,
    page,
    register_fixture,  # noqa: F401  (a fixture)
)

# ------------------------------------------------------------------ totals


def test_totals_add_up_exactly_what_the_filters_show(client, register):
    shown = page(client, "/register")
    assert shown.tables["totals"] == [
        ["Deployments", "4"],
        ["Faces seen", "84,310 (3 of 4)"],
        ["Alerts", "19 (3 of 4)"],
        ["True alerts", "14 (3 of 4)"],
        ["False alerts", "4 (3 of 4)"],
        ["False alert rate", "21.1% (3 of 4)"],
        ["Arrests", "6"],
    ]
    south_wales = page(client, "/register?force=south-wales&to=2026-04-30")
    assert [row[1] for row in south_wales.tables["totals"]] == [
        "2",
        "10,000 (1 of 2)",
        "3 (1 of 2)",
        "1 (1 of 2)",
        "1 (1 of 2)",
        "33.3% (1 of 2)",
        "1",
    ]


def test_totals_per_quarter_add_up_each_quarters_deployments(client, register):
    shown = page(client, "/register")
    assert shown.tables["quarters"] == [
        [
            "Quarter",
            "Deployments",
            "Faces seen",
            "Alerts",
            "True alerts",
            "False alerts",
            "Arrests",
        ],
        [
            "April to June 2026",
            "3",
            "74,310 (2 of 3)",
            "16 (2 of 3)",
            "13 (2 of 3)",
            "3 (2 of 3)",
            "6",
        ],
        ["January to March 2026", "1", "10,000", "3", "1", "1", "0"],
    ]


def test_a_quarter_with_no_deployments_between_others_shows_none(client, db, register):
    make_deployment(force="metropolitan", deployed_on="2025-11-20", location_name="Croydon")
    db.session.commit()
    shown = page(client, "/register?force=metropolitan")
    assert shown.tables["quarters"][1:] == [
        ["April to June 2026", "1", "50,000", "10", "9", "1", "3"],
        ["January to March 2026", "0", "0", "0", "0", "0", "0"],
        ["October to December 2025", "1", "24,310", "6", "4", "2", "2"],
    ]


def test_the_false_alert_rate_is_not_computed_when_alerts_are_not_known(client, register):
    shown = page(client, "/register?technology=other_biometric")
    assert dict(shown.tables["totals"]) == {
        "Deployments": "1",
        "Faces seen": NOT_KNOWN,
        "Alerts": NOT_KNOWN,
        "True alerts": NOT_KNOWN,
        "False alerts": NOT_KNOWN,
        "False alert rate": NOT_KNOWN,
        "Arrests": "1",
    }


def test_a_deployment_with_alerts_but_no_false_alerts_stays_out_of_the_rate(client, db):
    make_deployment(alerts="8", true_alerts="", false_alerts="")
    make_deployment(deployed_on="2026-06-15", alerts="4", true_alerts="3", false_alerts="1")
    make_deployment(deployed_on="2026-06-16", alerts="0", true_alerts="0", false_alerts="0")
    db.session.commit()
    totals = dict(page(client, "/register").tables["totals"])
    assert totals["Alerts"] == "12"
    assert totals["False alerts"] == "1 (2 of 3)"
    assert totals["False alert rate"] == "25.0% (2 of 3)"


def test_no_alerts_at_all_gives_no_rate(client, db):
    make_deployment(alerts="0", true_alerts="0", false_alerts="0")
    db.session.commit()
    assert dict(page(client, "/register").tables["totals"])["False alert rate"] == "No alerts"


def test_usage_returns_show_their_figures_and_totals(client, register):
    shown = page(client, "/register")
    assert shown.tables["usage-returns"] == [
        ["Force", "Technology", "Period", "Searches", "Possible matches"],
        [
            "South Wales Police",
            "Retrospective facial recognition",
            "1 April 2026 to 30 June 2026",
            "1,420",
            "310",
        ],
        [
            "Metropolitan Police Service",
            "Operator-initiated facial recognition",
            "1 January 2026 to 31 March 2026",
            "12,345",
            NOT_KNOWN,
        ],
        ["Total of 2 usage returns", "13,765", "310 (1 of 2)"],
    ]


def test_an_empty_register_says_nothing_matches(client, db):
    shown = page(client, "/register")
    assert shown.tables["deployments"][1] == ["No deployments match these filters."]
    assert shown.tables["usage-returns"][1] == ["No usage returns match these filters."]
    assert "quarters" not in shown.tables
    assert dict(shown.tables["totals"])["Faces seen"] == "0"
