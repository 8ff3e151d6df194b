"""The pieces of the data dictionary (dictionary.py): what a measure counts, in what unit
and from where, the entry of a table, the sources and units the entries share; and the
entries of the further measures of a release (compute/measures.py and
compute/measure_cases.py build their tables), which dictionary.py merges with its own. A
measure's entry describes its column for the period and the year before alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from oversight.statistics.compute import labels
from oversight.statistics.compute.measures import RESPONSE

# A word for a page: translated when it is shown (lazy) or already.
Text: TypeAlias = LazyString | str

# Where the figures come from.
COMPLAINTS = _l(
    "Complaints in the register: made online, or logged by a caseworker from an email, "
    "letter or phone call."
)
TIMELINE = _l(
    "Each case’s timeline in the register, which records every change of status with "
    "its date and time."
)
CASE_RECORD = _l("The case record in the register: its closure reason, and the body referred to.")
FINDINGS = _l("The case record in the register: the overall finding recorded with its decision.")
STEPS = _l(
    "Acknowledgements: the first acknowledgement message to the complainant. Triage "
    "decisions: the case’s timeline. Decisions: the date the latest decision was issued, "
    "and the days the case waited for the complainant’s reply, from the case record."
)
DEPLOYMENTS = _l(
    "Deployment records in the register, as the forces recorded them: sent by the force, "
    "taken from its published records, or from answers to freedom of information requests."
)
BOTH = _l("Complaints and deployment records in the register.")

# Units.
COMPLAINT_COUNT = _l("Number of complaints")
CASE_COUNT = _l("Number of cases")
DEPLOYMENT_COUNT = _l("Number of deployments")
FACE_COUNT = _l("Number of faces")
ALERT_COUNT = _l("Number of alerts")
WORKING_DAYS = _l("Working days, the median to one decimal place")
PER_CENT = _l("Per cent, to one decimal place, or more to keep two significant figures")
PER_100_ALERTS = _l(
    "False alerts per 100 alerts, to one decimal place, or more to keep two significant figures"
)
PER_100_DEPLOYMENTS = _l(
    "Complaints per 100 deployments, to one decimal place, or more to keep two significant figures"
)
PER_MILLION_FACES = _l(
    "Complaints per million faces seen, to one decimal place, or more to keep two significant figures"
)


@dataclass(frozen=True)
class Measure:
    counts: Text
    unit: Text
    source: Text


@dataclass(frozen=True)
class Entry:
    rows: Text  # what each row of the table is
    measures: dict[str, Measure]  # by measure key; "" is the table's one measure
    # The words a chart's summary uses for its bars ("complaints", "cases" ...), by measure.
    chart: dict[str, Text] = field(default_factory=dict)


USAGE = _l(
    "Usage returns in the register: the searches and possible matches each force reported "
    "for a period, counted in the period its return’s period ends in."
)
CASE_FINDINGS = _l("The case record in the register: the finding recorded on each concern.")
REVIEWS = _l("The reviews in the register: when each was asked for, and its outcome.")
RECOMMENDATIONS = _l(
    "The recommendations in the register: the force, when it was made, and the force’s "
    "response with the date it was recorded."
)
RATE = _l("A rate, to at least two significant figures")
PEOPLE = _l("Number of people on the watchlist")
DAYS = _l("Working days, to one decimal place")
FORCE_ROWS = _l(
    "The police force, by name: each with figures in the period or the same period a year "
    "before. The last row is all forces."
)


def _used(counts: Text, unit: Text = DEPLOYMENT_COUNT) -> Measure:
    return Measure(counts, unit, DEPLOYMENTS)


def _findings(counts: Text, source: Text) -> dict[str, Measure]:
    return {key: Measure(counts, CASE_COUNT, source) for key in [*labels.FINDING, "total"]}


FURTHER: dict[str, Entry] = {
    "lfr_use_by_force": Entry(
        rows=FORCE_ROWS,
        measures={
            "deployments": _used(_l("Live facial recognition deployments for days in the period.")),
            "faces_for_rate": _used(
                _l(
                    "Faces seen, over the deployments that recorded both faces seen and false alerts."
                ),
                FACE_COUNT,
            ),
            "false_for_rate": _used(
                _l(
                    "False alerts, over the deployments that recorded both faces seen and false alerts."
                ),
                ALERT_COUNT,
            ),
            "false_per_100000": _used(
                _l("False alerts for every 100,000 faces seen, over the same deployments."), RATE
            ),
            "faces_per_false_alert": _used(
                _l(
                    "Faces seen for each false alert (the ‘1 in N’ forces publish), to two "
                    "significant figures."
                ),
                FACE_COUNT,
            ),
            "engagements": _used(
                _l(
                    "Times officers spoke to a person after an alert, over the deployments that "
                    "recorded them."
                ),
                _l("Number of engagements"),
            ),
            "arrests": _used(
                _l("Arrests after an alert, over the deployments that recorded them."),
                _l("Number of arrests"),
            ),
            "arrests_per_deployment": _used(
                _l(
                    "Arrests for each deployment, over the deployments that recorded their arrests."
                ),
                RATE,
            ),
        },
        chart={"false_per_100000": _l("false alerts per 100,000 faces seen")},
    ),
    "watchlist_sizes": Entry(
        rows=FORCE_ROWS,
        measures={
            "known": _used(_l("Deployments that recorded the size of their watchlist.")),
            "median": _used(
                _l("The median watchlist size of those deployments, to the nearest whole number."),
                PEOPLE,
            ),
            "smallest": _used(_l("The smallest watchlist of those deployments."), PEOPLE),
            "largest": _used(_l("The largest watchlist of those deployments."), PEOPLE),
        },
        chart={"median": _l("people on the median watchlist")},
    ),
    "usage_returns": Entry(
        rows=FORCE_ROWS,
        measures={
            f"{tech}_{what}": Measure(counts, unit, USAGE)
            for tech, kind in (("rfr", _l("retrospective")), ("oifr", _l("operator-initiated")))
            for what, counts, unit in (
                (
                    "searches",
                    _l("Searches by %(kind)s facial recognition.", kind=kind),
                    _l("Number of searches"),
                ),
                (
                    "matches",
                    _l("Possible matches the %(kind)s searches returned.", kind=kind),
                    _l("Number of possible matches"),
                ),
            )
        },
        chart={"rfr_searches": _l("retrospective searches")},
    ),
    "findings_by_concern": Entry(
        rows=_l("A concern raised in the case. A case can raise more than one."),
        measures=_findings(
            _l(
                "Concerns of the cases closed in the period with a decision, by the finding "
                "on the concern; the last column is all findings."
            ),
            CASE_FINDINGS,
        ),
    ),
    "decision_time": Entry(
        rows=_l(
            "The police force the complaint is about; ‘Force not known’ where none was "
            "given. The last row is all forces."
        ),
        measures={
            "cases": Measure(_l("Decisions issued in the period."), CASE_COUNT, STEPS),
            "lower_quartile": Measure(
                _l("A quarter of the decisions took this many working days or fewer."), DAYS, STEPS
            ),
            "median": Measure(
                _l("Half of the decisions took this many working days or fewer."), DAYS, STEPS
            ),
            "upper_quartile": Measure(
                _l("Three quarters of the decisions took this many working days or fewer."),
                DAYS,
                STEPS,
            ),
            "within": Measure(
                _l("The share of the decisions issued by their target date."), PER_CENT, STEPS
            ),
        },
        chart={"median": _l("median working days")},
    ),
    "outcomes_by_force": Entry(
        rows=_l(
            "The police force the complaint is about; ‘Force not known’ where none was "
            "given. The last row is the total, the findings table’s figures."
        ),
        measures=_findings(
            _l("Cases closed in the period with a decision, by the overall finding."), FINDINGS
        ),
    ),
    "reviews": Entry(
        rows=_l(
            "Reviews asked for in the period; then those decided in the period, by outcome, "
            "and their total."
        ),
        measures={"": Measure(_l("Reviews of decisions."), _l("Number of reviews"), REVIEWS)},
        chart={"": _l("reviews")},
    ),
    "recommendations": Entry(
        rows=_l("The police force the recommendation was made to. The last row is all forces."),
        measures={
            key: Measure(
                _l(
                    "Recommendations made in the period, by the force’s response as it stood "
                    "at the end of the period; the last column is all of them."
                ),
                _l("Number of recommendations"),
                RECOMMENDATIONS,
            )
            for key in [*RESPONSE, "total"]
        },
    ),
    "forces_compared": Entry(
        rows=_l(
            "Each police force with complaints, live facial recognition deployments or usage "
            "returns in the period or the same period a year before, by name, never ranked. "
            "The last row is all forces."
        ),
        measures={
            "complaints": Measure(
                _l(
                    "Complaints received in the period, as the complaints by force table gives them."
                ),
                _l("Number of complaints"),
                COMPLAINTS,
            ),
            "deployments": _used(_l("Live facial recognition deployments for days in the period.")),
            "false_per_100000": _used(
                _l(
                    "False alerts for every 100,000 faces seen, over the deployments that recorded "
                    "both figures."
                ),
                RATE,
            ),
            "searches": Measure(
                _l("Retrospective and operator-initiated searches in the usage returns."),
                _l("Number of searches"),
                USAGE,
            ),
        },
        chart={"deployments": _l("deployments")},
    ),
}
