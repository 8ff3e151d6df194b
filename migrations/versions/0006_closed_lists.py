"""Closed lists held by the database: every enum column gets its CHECK constraint.

The closure reason, the body a case was referred to, the timeline's closure reason, the
languages, the kinds of evidence file, the audit outcomes and the forces' nation and
kind were free strings; they become enum columns. Every enum column, new or old, gets a
CHECK constraint named ck_<table>_<column> (oversight.models.enum_column).

Before it changes anything the upgrade looks for rows holding a value outside their
column's list. If it finds any it refuses to apply, naming the table, the column, each
value and how many rows hold it: correct or remove those rows, then upgrade again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00.000000

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The lists as they stand at this revision, frozen here: a later change to an enum in
# oversight/ comes with its own migration.
STATUS = (
    "received", "in_triage", "awaiting_information", "investigating", "decision_issued",
    "closed", "review_requested",
)
TECHNOLOGY = ("lfr", "rfr", "oifr", "other_biometric", "not_sure")
CONCERN = (
    "misidentification", "stopped_after_alert", "no_notice", "watchlist", "image_source",
    "retention", "protest_or_event", "minor_or_non_crime", "discrimination", "data_sharing",
    "officer_conduct", "other",
)
FINDING = ("upheld", "partly_upheld", "not_upheld", "unable_to_determine")
CLOSURE_REASON = (
    "outcome_issued", "referred", "duplicate", "withdrawn", "out_of_remit", "vexatious",
)
LANGUAGE = ("en", "cy")
SOURCE = ("force_submission", "published_record", "foi")
VIA = ("form", "import", "api")

VOCABULARY = {
    "audit_events": {"outcome": ("success", "failure", "denied")},
    "forces": {
        "nation": (
            "England", "Wales", "Scotland", "Northern Ireland", "Great Britain",
            "United Kingdom",
        ),
        "kind": ("territorial", "special", "agency"),
    },
    "user_roles": {
        "role": (
            "caseworker", "senior_caseworker", "statistician", "publisher", "administrator",
        ),
    },
    "complaints": {
        "channel": ("web", "email", "post", "phone"),
        "technology": TECHNOLOGY,
        "relation": ("subject", "passer_by", "witness", "third_party", "officer_or_staff"),
        "status": STATUS,
        "priority": ("urgent", "high", "standard"),
        "referred_to": (
            "iopc", "ico", "force_professional_standards", "investigatory_powers_tribunal",
            "pirc", "police_ombudsman_ni",
        ),
        "closure_reason": CLOSURE_REASON,
        "overall_outcome": FINDING,
        "language": LANGUAGE,
    },
    "complainants": {"preferred_contact": ("email", "phone"), "preferred_language": LANGUAGE},
    "complaint_concerns": {"concern": CONCERN},
    "evidence": {
        "content_type": ("image/jpeg", "image/png", "application/pdf", "video/mp4", "text/plain"),
    },
    "outbox_messages": {
        "kind": ("acknowledgement", "request_for_information", "status_change", "outcome"),
        "language": LANGUAGE,
    },
    "timeline_entries": {
        "kind": (
            "status_change", "note", "correspondence_in", "correspondence_out", "link",
            "assignment",
        ),
        "from_status": STATUS,
        "to_status": STATUS,
        "reason": CLOSURE_REASON,
    },
    "case_findings": {"concern": CONCERN, "finding": FINDING},
    "recommendations": {"response": ("accepted", "implemented", "rejected")},
    "complaint_links": {"kind": ("duplicate_of", "related_to")},
    "deployments": {"technology": TECHNOLOGY, "source": SOURCE},
    "deployment_revisions": {"via": VIA},
    "usage_returns": {"technology": TECHNOLOGY, "source": SOURCE},
    "usage_return_revisions": {"via": VIA},
    "deployment_links": {"state": ("named_by_complainant", "confirmed", "rejected")},
    "statistics_releases": {
        "period_kind": ("quarter", "calendar_year", "financial_year", "custom"),
        "status": ("draft", "approved", "published", "superseded"),
    },
}

# The free strings that become enum columns of the enums' length, 40, and their length
# before (the closure reason, the referral body and the nation were 40 already).
RETYPED = {
    ("audit_events", "outcome"): 20,
    ("forces", "kind"): 20,
    ("complaints", "language"): 8,
    ("complainants", "preferred_language"): 8,
    ("evidence", "content_type"): 100,
    ("outbox_messages", "language"): 8,
    ("timeline_entries", "reason"): 60,
}


def _one_of(column, values):
    listed = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({listed})"


def values_outside_their_lists(connection):
    """Each table and column holding a value outside its list, with the values and how
    many rows hold each: [(table, column, [(value, rows), ...]), ...]."""
    found = []
    for table, columns in VOCABULARY.items():
        for column, values in columns.items():
            held = sa.table(table, sa.column(column, sa.String())).c[column]
            rows = connection.execute(
                sa.select(held, sa.func.count())
                .where(held.is_not(None), held.not_in(values))
                .group_by(held)
                .order_by(held)
            ).all()
            if rows:
                found.append((table, column, [(value, count) for value, count in rows]))
    return found


def refusal(found):
    lines = [
        "Migration 0006 refused to apply: some rows hold a value outside their column's "
        "list. This revision changed nothing.",
    ]
    for table, column, values in found:
        held = ", ".join(
            f"{value!r} in {count} row{'' if count == 1 else 's'}" for value, count in values
        )
        lines.append(f"  table {table}, column {column}: {held}")
    lines.append("Correct or remove those rows, then run the upgrade again.")
    return "\n".join(lines)


@contextmanager
def keeping_triggers(table):
    """On SQLite, batch mode copies the table into a new one and drops the old one, with
    its triggers (a published statistics release is kept final by one): put them back."""
    connection = op.get_bind()
    triggers = []
    if connection.dialect.name == "sqlite":
        triggers = connection.scalars(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": table},
        ).all()
    yield
    for sql in triggers:
        op.execute(sql)


def upgrade():
    found = values_outside_their_lists(op.get_bind())
    if found:
        raise RuntimeError(refusal(found))
    for table, columns in VOCABULARY.items():
        with keeping_triggers(table), op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                if (table, column) in RETYPED:
                    batch_op.alter_column(
                        column,
                        existing_type=sa.String(length=RETYPED[table, column]),
                        type_=sa.String(length=40),
                    )
                batch_op.create_check_constraint(
                    batch_op.f(f"ck_{table}_{column}"), _one_of(column, values)
                )


def downgrade():
    for table, columns in reversed(VOCABULARY.items()):
        with keeping_triggers(table), op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_{column}"), type_="check")
                if (table, column) in RETYPED:
                    batch_op.alter_column(
                        column,
                        existing_type=sa.String(length=40),
                        type_=sa.String(length=RETYPED[table, column]),
                    )
