"""The data dictionary: for every table of a release, what its rows are, and for every
column what it counts, in what unit, and where the figure comes from.

Keyed by the table ids of compute/tables.py and compute/release.py. A table's columns
repeat one measure for the period and the year before (`current`, `previous_median`,
`alerts_current` ...), so a column is described by its measure: its id less the period.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from oversight.statistics.content import NumberedTable, ReleaseContent
from oversight.statistics.outputs.entries import (
    ALERT_COUNT,
    BOTH,
    CASE_COUNT,
    CASE_RECORD,
    COMPLAINT_COUNT,
    COMPLAINTS,
    DEPLOYMENT_COUNT,
    DEPLOYMENTS,
    FACE_COUNT,
    FINDINGS,
    FURTHER,
    PER_100_ALERTS,
    PER_100_DEPLOYMENTS,
    PER_CENT,
    PER_MILLION_FACES,
    STEPS,
    TIMELINE,
    WORKING_DAYS,
    Entry,
    Measure,
    Text,
)


def _received(counts: Text) -> Measure:
    return Measure(counts, COMPLAINT_COUNT, COMPLAINTS)


ENTRIES: dict[str, Entry] = {
    "complaints_by_force": Entry(
        rows=_l(
            "The police force the complaint is about, as the complainant or caseworker "
            "gave it; ‘Force not known’ where none was given. The last row is the total."
        ),
        measures={"": _received(_l("Complaints received in the period."))},
        chart={"": _l("complaints")},
    ),
    "complaints_by_technology": Entry(
        rows=_l("The technology the complaint is about. The last row is the total."),
        measures={"": _received(_l("Complaints received in the period."))},
        chart={"": _l("complaints")},
    ),
    "complaints_by_force_and_technology": Entry(
        rows=_l(
            "The police force the complaint is about; ‘Force not known’ where none was "
            "given. The last row is the total for all forces."
        ),
        measures={
            "": _received(
                _l(
                    "Complaints received in the period about the technology the column "
                    "names; the last column is all technologies."
                )
            )
        },
    ),
    "complaints_by_concern": Entry(
        rows=_l("A concern the complaint raised. A complaint can raise more than one."),
        measures={"": _received(_l("Complaints received in the period that raised the concern."))},
        chart={"": _l("complaints raising it")},
    ),
    "complaints_by_channel": Entry(
        rows=_l(
            "How the complaint reached the register: online, or by email, post or phone "
            "(logged by a caseworker). The last row is the total."
        ),
        measures={"": _received(_l("Complaints received in the period."))},
        chart={"": _l("complaints")},
    ),
    "complaints_by_relation": Entry(
        rows=_l(
            "Who the complainant was in relation to the use of the technology, as they "
            "told us. The last row is the total."
        ),
        measures={"": _received(_l("Complaints received in the period."))},
        chart={"": _l("complaints")},
    ),
    "triage_outcomes": Entry(
        rows=_l(
            "The triage decision: accepted for investigation, or closed and why. The last "
            "row is the total."
        ),
        measures={
            "": Measure(
                _l(
                    "Cases whose triage decision (their first move to investigating or to "
                    "closed) was made in the period."
                ),
                CASE_COUNT,
                TIMELINE,
            )
        },
        chart={"": _l("cases")},
    ),
    "referrals_by_body": Entry(
        rows=_l("The body the complaint was referred to. The last row is the total."),
        measures={
            "": Measure(
                _l("Cases closed in the period by referral to another body."),
                CASE_COUNT,
                CASE_RECORD,
            )
        },
        chart={"": _l("referrals")},
    ),
    "open_caseload_by_age": Entry(
        rows=_l(
            "How old the case was at the end of the period, in working days since it was "
            "received. The last row is the total."
        ),
        measures={
            "": Measure(
                _l("Cases received before the end of the period and not closed by then."),
                CASE_COUNT,
                TIMELINE,
            )
        },
        chart={"": _l("open cases")},
    ),
    "timeliness": Entry(
        rows=_l(
            "The step: acknowledging the complaint, the triage decision, and issuing the "
            "decision, each with its target in working days."
        ),
        measures={
            "cases": Measure(
                _l("Cases for which the step was taken in the period."), CASE_COUNT, STEPS
            ),
            "median": Measure(
                _l(
                    "The median number of working days from the day the complaint was "
                    "received to the day the step was taken."
                ),
                WORKING_DAYS,
                STEPS,
            ),
            "within": Measure(
                _l(
                    "The share of those cases where the step was taken by the target date "
                    "set when the complaint was received."
                ),
                PER_CENT,
                STEPS,
            ),
        },
        chart={"median": _l("median working days")},
    ),
    "findings": Entry(
        rows=_l("The overall finding of the decision. The last row is the total."),
        measures={
            "": Measure(
                _l("Cases closed in the period with their decision issued."),
                CASE_COUNT,
                FINDINGS,
            )
        },
        chart={"": _l("cases")},
    ),
    "deployments_by_force": Entry(
        rows=_l("The police force that deployed the technology. The last row is all forces."),
        measures={
            "deployments": Measure(
                _l("Live facial recognition deployments recorded for days in the period."),
                DEPLOYMENT_COUNT,
                DEPLOYMENTS,
            ),
            "faces_seen": Measure(
                _l("Faces the system saw, added up over the deployments that recorded it."),
                FACE_COUNT,
                DEPLOYMENTS,
            ),
            "alerts": Measure(
                _l("Alerts the system raised, added up over the deployments that recorded them."),
                ALERT_COUNT,
                DEPLOYMENTS,
            ),
            "false_alerts": Measure(
                _l(
                    "Alerts that were not the person on the watchlist, added up over the "
                    "deployments that recorded them."
                ),
                ALERT_COUNT,
                DEPLOYMENTS,
            ),
            "false_alert_rate": Measure(
                _l(
                    "False alerts for every 100 alerts, over the deployments that recorded "
                    "both figures."
                ),
                PER_100_ALERTS,
                DEPLOYMENTS,
            ),
        },
        chart={"deployments": _l("deployments")},
    ),
    "complaints_per_deployment": Entry(
        rows=_l(
            "The police force; ‘Force not known’ for complaints that named none. The last "
            "row is all forces."
        ),
        measures={
            "complaints": _received(
                _l("Complaints received in the period about live facial recognition.")
            ),
            "per_100": Measure(
                _l(
                    "Those complaints for every 100 live facial recognition deployments the "
                    "force recorded in the period."
                ),
                PER_100_DEPLOYMENTS,
                BOTH,
            ),
            "per_million": Measure(
                _l(
                    "Those complaints for every million faces seen in the deployments the "
                    "force recorded in the period."
                ),
                PER_MILLION_FACES,
                BOTH,
            ),
        },
        chart={
            "per_100": _l("complaints per 100 deployments"),
            "per_million": _l("complaints per million faces seen"),
        },
    ),
}

ENTRIES.update(FURTHER)  # the further measures' (entries.py)

UNITS_BY_FORMAT = {
    "count": _l("Number"),
    "percent": PER_CENT,
    "rate": _l("Rate, to one decimal place, or more to keep two significant figures"),
    "one_in": _l("One in this number"),
    "days": WORKING_DAYS,
}


def measure_key(column_id: str) -> str:
    """The measure a column shows, without its period: `previous_median` is `median`,
    `alerts_current` is `alerts`, and `current` is the table's one measure ("")."""
    for period in ("current", "previous"):
        if column_id == period:
            return ""
        if column_id.startswith(f"{period}_"):
            return column_id.removeprefix(f"{period}_")
        if column_id.endswith(f"_{period}"):
            return column_id.removesuffix(f"_{period}")
    return ""


def chart_measure(table_id: str, column_id: str) -> str | None:
    """What a chart's bars count, in words for its summary; None if the dictionary has none."""
    entry = ENTRIES.get(table_id)
    words = entry.chart.get(measure_key(column_id)) if entry else None
    return str(words) if words is not None else None


@dataclass(frozen=True)
class ColumnDescription:
    label: str
    counts: str
    unit: str
    source: str


@dataclass(frozen=True)
class TableDescription:
    id: str
    number: int
    title: str
    row_heading: str
    rows: str
    columns: list[ColumnDescription]


def describe(table: NumberedTable) -> TableDescription:
    """A table's entry in the dictionary, with each of its columns as the release names it."""
    entry = ENTRIES.get(table["id"])
    columns = []
    for column in table["columns"]:
        measure = entry.measures.get(measure_key(column["id"])) if entry else None
        if measure is None and entry:
            measure = entry.measures.get("")
        columns.append(
            ColumnDescription(
                label=column["label"],
                counts=str(measure.counts) if measure else table.get("description", ""),
                unit=str(measure.unit if measure else UNITS_BY_FORMAT[column["format"]]),
                source=str(measure.source) if measure else str(COMPLAINTS),
            )
        )
    return TableDescription(
        id=table["id"],
        number=table.get("number", 0),
        title=table["title"],
        row_heading=table["row_heading"],
        rows=str(entry.rows) if entry else "",
        columns=columns,
    )


def describe_release(content: ReleaseContent) -> list[TableDescription]:
    return [describe(table) for table in content.get("tables", [])]
