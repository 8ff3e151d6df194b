"""Assembles a release's content (statistics/content.py is its shape): every table, the
headline figures and the notes that say what was suppressed and why."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight.statistics.compute import compared, labels, measure_cases, measures
from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute.figures import Figures
from oversight.statistics.compute.queries import DeploymentFigures
from oversight.statistics.compute.tables import (
    Builder,
    count,
    make_column,
    make_row,
    make_table,
    targets,
    timeliness,
)
from oversight.statistics.content import (
    SCHEMA,
    Cell,
    Column,
    Headline,
    NumberedTable,
    ReleaseContent,
    Row,
    Table,
)
from oversight.statistics.periods import Period

NOTES = {
    "N1": _l(
        "Counts from 1 to 4 are shown as [c] so that no one can be identified. Where a "
        "total would let a [c] be worked out, other counts are also shown as [c]."
    ),
    "N2": _l(
        "A complaint can raise more than one concern, so the concerns add up to more "
        "than the complaints; there is no total."
    ),
    "N3": _l(
        "Deployment figures are as the forces recorded them and are not about "
        "individuals, so they are not suppressed. Faces seen and alerts are summed over "
        "the deployments that recorded them; [x] means no deployment recorded the figure."
    ),
    "N4": _l(
        "Rates and percentages are not shown ([c]) where they would rest on a suppressed "
        "count or on fewer than 10 cases, or would let a count from 1 to 4 be worked out. "
        "[z] means there is nothing to divide by."
    ),
    "N5": _l(
        "Working days exclude weekends and bank holidays in England and Wales, counted "
        "from the day a complaint was received. A decision’s target is put back by the "
        "working days its case waited for the complainant’s reply; the median counts them."
    ),
    **measures.NOTES,
}


def build(
    period: Period, now: Figures, before: Figures, further: measures.Compared | None = None
) -> ReleaseContent:
    """The content, its words in the current language; `further` is the further measures'
    figures (measures.gather), gathered here unless given."""
    builder = Builder(period, now, before)
    built = [
        builder.by_force(),
        builder.by_technology(),
        builder.by_force_and_technology(),
        builder.categories(
            "complaints_by_concern",
            _("Complaints received by concern raised"),
            _("Concern"),
            labels.CONCERN,
            lambda f: f.by_concern,
            total=False,
            notes=["N2"],
            description=_("Concerns raised in the complaints received."),
        ),
        builder.categories(
            "complaints_by_channel",
            _("Complaints received by how they were made"),
            _("Channel"),
            labels.CHANNEL,
            lambda f: f.by_channel,
            shares_complaint_total=True,
            description=_("Complaints received, by the way they reached the register."),
        ),
        builder.categories(
            "complaints_by_relation",
            _("Complaints received by the complainant’s relation to the use"),
            _("Complainant’s relation"),
            labels.RELATION,
            lambda f: f.by_relation,
            shares_complaint_total=True,
            description=_(
                "Complaints received, by who the complainant was in relation to the use."
            ),
        ),
        builder.categories(
            "triage_outcomes",
            _("Triage outcomes"),
            _("Outcome"),
            labels.TRIAGE,
            lambda f: f.triage,
            description=_(
                "Complaints whose triage decision was made in the period, by the decision."
            ),
        ),
        builder.categories(
            "referrals_by_body",
            _("Complaints referred to another body"),
            _("Body"),
            labels.REFERRAL,
            lambda f: f.referrals,
            description=_("Complaints closed in the period by referral, by the body referred to."),
        ),
        builder.categories(
            "open_caseload_by_age",
            _("Open caseload at the end of the period by age"),
            _("Age of case"),
            labels.AGE,
            lambda f: f.caseload,
            notes=["N5"],
            description=_(
                "Complaints not closed at the end of the period, by working days since they were received."
            ),
        ),
        timeliness(builder),
        builder.categories(
            "findings",
            _("Findings of closed cases"),
            _("Overall finding"),
            labels.FINDING,
            lambda f: f.findings,
            description=_("Cases closed in the period with a decision, by the overall finding."),
        ),
        deployments(builder),
        complaints_per_deployment(builder),
    ]
    # The further measures come after, so the first tables keep their numbers.
    if further is None:
        further = measures.gather(period, before.period)
    built += measures.build(builder, further)
    built += measure_cases.build(builder, further, built, targets()["decide"])
    built.append(compared.forces_compared(builder, further))
    # Numbered last, so each table's keys keep the order its content has always had.
    tables: list[NumberedTable] = [
        {**table, "number": number} for number, table in enumerate(built, start=1)
    ]
    for table in tables:
        counts = [i for i, column in enumerate(table["columns"]) if column["format"] == "count"]
        if any(row["cells"][i]["symbol"] == dc.SUPPRESSED for row in table["rows"] for i in counts):
            table["notes"] = ["N1", *table["notes"]]
    used = {note for table in tables for note in table["notes"]}
    return {
        "schema": SCHEMA,
        "period": period.as_json(),
        "comparison": before.period.as_json(),  # Period.comparison: never overlapping
        "headlines": headlines(tables),
        "tables": tables,
        "notes": [{"id": key, "text": str(text)} for key, text in NOTES.items() if key in used],
    }


def _force_rows(builder: Builder, *extra: set[int]) -> list[tuple[int, str]]:
    ids = set(builder.now.deployments) | set(builder.before.deployments)
    for more in extra:
        ids |= more
    return sorted(((f, builder.now.force_names[f]) for f in ids if f), key=lambda r: r[1])


DEPLOYMENT_SUMS = ("deployments", "faces_seen", "alerts", "false_alerts")


def _sum(figures: list[DeploymentFigures], name: str) -> int | None:
    known = [getattr(f, name) for f in figures if getattr(f, name) is not None]
    return sum(known) if known else None


def _deployment_cells(figures: list[DeploymentFigures]) -> dict[str, Cell]:
    if not figures:
        none: Cell = {"value": None, "symbol": dc.NOT_APPLICABLE}
        return {**{key: count(0) for key in DEPLOYMENT_SUMS}, "false_alert_rate": none}
    alerts = sum(f.alerts_for_rate for f in figures)
    known = sum(f.alerts_known for f in figures)
    false_alerts: Cell = {"value": sum(f.false_alerts_for_rate for f in figures), "symbol": None}
    return {
        "deployments": count(sum(f.deployments for f in figures)),
        "faces_seen": count(_sum(figures, "faces_seen")),
        "alerts": count(_sum(figures, "alerts")),
        "false_alerts": count(_sum(figures, "false_alerts")),
        "false_alert_rate": dc.rate(false_alerts, alerts if known else None, 100, base=alerts),
    }


def deployments(builder: Builder) -> Table:
    measures = {
        "deployments": (_("Deployments"), "count"),
        "faces_seen": (_("Faces seen"), "count"),
        "alerts": (_("Alerts"), "count"),
        "false_alerts": (_("False alerts"), "count"),
        "false_alert_rate": (_("False alerts per 100 alerts"), "rate"),
    }
    columns: list[Column] = []
    for key, (name, format_) in measures.items():
        for period, label in (("current", builder.current), ("previous", builder.previous)):
            columns.append(make_column(f"{key}_{period}", f"{name}, {label}", format_, period))
    rows: list[Row] = []
    forces = _force_rows(builder)
    for force, name in [*forces, (None, _("All forces"))]:
        cells = []
        ids = [force] if force is not None else [f for f, _n in forces]
        now = _deployment_cells(
            [builder.now.deployments[f] for f in ids if f in builder.now.deployments]
        )
        before = _deployment_cells(
            [builder.before.deployments[f] for f in ids if f in builder.before.deployments]
        )
        for key in measures:
            cells += [now[key], before[key]]
        key = builder.now.force_slugs[force] if force is not None else "total"
        rows.append(make_row(key, name, cells, total=force is None))
    return make_table(
        "deployments_by_force",
        _("Live facial recognition deployments by police force"),
        _(
            "Live facial recognition deployments recorded in the register for days in the period, with faces seen, alerts and false alerts."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N4"],
    )


def complaints_per_deployment(builder: Builder) -> Table:
    """Live facial recognition complaints beside the deployments of each force."""
    lfr = list(labels.TECHNOLOGY).index("lfr")
    forces = builder.force_rows
    position = {force: r for r, (force, _n) in enumerate(forces)}
    with_complaints = {f for f, _n in forces if f}
    rows_wanted = [
        *_force_rows(builder, with_complaints),
        (0, _("Force not known")),
        (None, _("All forces")),
    ]
    columns: list[Column] = []
    for period, label in (("current", builder.current), ("previous", builder.previous)):
        columns += [
            make_column(
                f"{period}_complaints",
                _("Live facial recognition complaints, %(period)s", period=label),
                "count",
                period,
            ),
            make_column(
                f"{period}_per_100",
                _("Complaints per 100 deployments, %(period)s", period=label),
                "rate",
                period,
            ),
            make_column(
                f"{period}_per_million",
                _("Complaints per million faces seen, %(period)s", period=label),
                "rate",
                period,
            ),
        ]
    rows: list[Row] = []
    for force, name in rows_wanted:
        cells: list[Cell] = []
        for period, figures in (("current", builder.now), ("previous", builder.before)):
            grid = builder.crosstabs[period]
            row = grid.shape[0] - 1 if force is None else position.get(force)
            complaints = count(0) if row is None else dc.shown(grid, (row, lfr))
            if force is None:
                mine = list(figures.deployments.values())
            else:
                mine = [figures.deployments[force]] if force in figures.deployments else []
            deployed = _deployment_cells(mine)
            if force == 0 or not deployed["deployments"]["value"]:
                per_100: Cell = {"value": None, "symbol": dc.NOT_APPLICABLE}
                per_million = per_100
            else:
                per_100 = dc.rate(complaints, deployed["deployments"]["value"], 100)
                per_million = dc.rate(complaints, deployed["faces_seen"]["value"], 1_000_000)
            cells += [complaints, per_100, per_million]
        key = "total" if force is None else builder.now.force_slugs.get(force, "not_known")
        rows.append(make_row(key, name, cells, total=force is None))
    return make_table(
        "complaints_per_deployment",
        _("Complaints about live facial recognition beside its use"),
        _(
            "Complaints received about live facial recognition per 100 deployments and per million faces seen, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N4"],
        chart=1,
    )


def headlines(tables: list[NumberedTable]) -> list[Headline]:
    by_id = {table["id"]: table for table in tables}

    def total(table: str, column: int, row: str = "total") -> Cell:
        found = next(r for r in by_id[table]["rows"] if r["id"] == row)
        return found["cells"][column].copy()

    deployments_columns = [c["id"] for c in by_id["deployments_by_force"]["columns"]]
    return [
        {
            "id": "complaints_received",
            "label": _("Complaints received"),
            "format": "count",
            "current": total("complaints_by_force", 0),
            "previous": total("complaints_by_force", 1),
        },
        {
            "id": "open_caseload",
            "label": _("Cases open at the end of the period"),
            "format": "count",
            "current": total("open_caseload_by_age", 0),
            "previous": total("open_caseload_by_age", 1),
        },
        {
            "id": "median_days_to_decide",
            "label": _("Median working days to a decision"),
            "format": "days",
            "current": total("timeliness", 1, "decide"),
            "previous": total("timeliness", 4, "decide"),
        },
        {
            "id": "deployments",
            "label": _("Live facial recognition deployments recorded"),
            "format": "count",
            "current": total(
                "deployments_by_force", deployments_columns.index("deployments_current")
            ),
            "previous": total(
                "deployments_by_force", deployments_columns.index("deployments_previous")
            ),
        },
        {
            "id": "false_alert_rate",
            "label": _("False alerts per 100 alerts"),
            "format": "rate",
            "current": total(
                "deployments_by_force", deployments_columns.index("false_alert_rate_current")
            ),
            "previous": total(
                "deployments_by_force", deployments_columns.index("false_alert_rate_previous")
            ),
        },
    ]
