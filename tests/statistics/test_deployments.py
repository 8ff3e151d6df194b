"""Deployments by force and complaints beside them, against figures worked out by hand
from the register in tests/statistics/data.py.

Live facial recognition deployments on days of April to June 2026:
  South Wales: 4 (11 Apr, 2 May, 6 Jun, 20 Jun); faces seen 10,000 + 20,000 + 30,000
    (20 Jun not recorded) = 60,000; alerts 6 + 4 + 2 + 3 = 15; false alerts 2 + 1 + 0 = 3
    (20 Jun not recorded). False alerts per 100 alerts, over the deployments that
    recorded both: 3 of 6 + 4 + 2 = 12 alerts -> 25.0.
  Essex: 2; faces 5,000 + 15,000 = 20,000; alerts 2 + 3 = 5; false alerts 1 + 1 = 2. The
    rate would rest on 5 alerts, fewer than 10: [c].
  Met: 1, recording no figures: faces seen, alerts and false alerts [x], and so the rate.
  All forces: 7; faces 80,000; alerts 20; false alerts 5; rate 5 of 12 + 5 = 17 -> 29.4.
  Left out: South Wales's operator-initiated deployment on 1 May, and its live ones on
  31 March and 1 July.
A year before: South Wales 1 (10 May 2025), 8,000 faces, 0 alerts: nothing to divide
by, [z]; Essex and the Met none: 0, and no rate [z].
"""

from __future__ import annotations

from typing import Any

from tests.statistics.data import (
    C,
    X,
    Z,
)
from tests.statistics.register import (  # noqa: F401  (a fixture)
    by_id,
    columns,
    release_fixture,
    shown,
)


def test_deployments_faces_seen_and_alerts_by_force(release: dict[str, Any]) -> None:
    table = by_id(release, "deployments_by_force")
    assert [(c[0], c[2]) for c in columns(table)] == [
        ("deployments_current", "count"),
        ("deployments_previous", "count"),
        ("faces_seen_current", "count"),
        ("faces_seen_previous", "count"),
        ("alerts_current", "count"),
        ("alerts_previous", "count"),
        ("false_alerts_current", "count"),
        ("false_alerts_previous", "count"),
        ("false_alert_rate_current", "rate"),
        ("false_alert_rate_previous", "rate"),
    ]
    assert columns(table)[0][1] == "Deployments, April to June 2026"
    assert shown(table) == [
        ("essex", "Essex Police", 2, 0, 20000, 0, 5, 0, 2, 0, C, Z),
        ("metropolitan", "Metropolitan Police Service", 1, 0, X, 0, X, 0, X, 0, X, Z),
        ("south-wales", "South Wales Police", 4, 1, 60000, 8000, 15, 0, 3, 0, 25.0, Z),
        ("total", "All forces", 7, 1, 80000, 8000, 20, 0, 5, 0, 29.4, Z),
    ]
    assert table["title"] == "Live facial recognition deployments by police force"
    assert table["notes"] == ["N3", "N4"]


# Live facial recognition complaints by force are the LFR column of the complaints
# cross-tabulation, which shows its margins only (a small count is in it): every force's
# LFR count is [c], and so are its rates:
#   Met per million faces [x] (no faces recorded).
#   Force not known: no deployments to divide by: [z].
#   All forces 23: 23 / 7 * 100 = 328.6; 23 / 80,000 * 1,000,000 = 287.5.
# A year before: South Wales 7, which its row total shown fixes (its other columns are
# 0s), fewer than 10 for a rate: [c]; the others [c], with no deployments: [z]; all
# forces 9 complaints, fewer than 10: [c].


def test_complaints_per_100_deployments_and_per_million_faces_seen(
    release: dict[str, Any],
) -> None:
    table = by_id(release, "complaints_per_deployment")
    assert [(c[0], c[2], c[3]) for c in columns(table)] == [
        ("current_complaints", "count", "current"),
        ("current_per_100", "rate", "current"),
        ("current_per_million", "rate", "current"),
        ("previous_complaints", "count", "previous"),
        ("previous_per_100", "rate", "previous"),
        ("previous_per_million", "rate", "previous"),
    ]
    assert shown(table) == [
        ("essex", "Essex Police", C, C, C, C, Z, Z),
        ("metropolitan", "Metropolitan Police Service", C, C, X, C, Z, Z),
        ("south-wales", "South Wales Police", C, C, C, 7, C, C),
        ("not_known", "Force not known", C, Z, Z, C, Z, Z),
        ("total", "All forces", 23, 328.6, 287.5, 9, C, C),
    ]
    assert table["notes"] == ["N1", "N4"]
    crosstab = shown(by_id(release, "complaints_by_force_and_technology"))
    assert [row[2] for row in shown(table)] == [row[2] for row in crosstab]
