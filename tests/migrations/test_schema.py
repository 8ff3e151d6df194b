"""The migrations are the schema: the head revision matches the models. (Going up and
down with rows in every table: test_steps.py.)"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from oversight.extensions import db as _db
from oversight.forces.models import Force

ROOT = Path(__file__).resolve().parents[2]
SHARED_FORCES = ROOT.parent / "shared" / "reference" / "police_forces.csv"
PROJECT_FORCES = ROOT / "tests" / "data" / "police_forces.csv"


def script_directory(app) -> ScriptDirectory:
    config = app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)


def test_there_is_one_migration_head(app, db):
    assert len(script_directory(app).get_heads()) == 1


def test_the_models_equal_the_head_migration(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_database_has_the_check_constraints_of_the_models(db):
    """Alembic's comparison leaves CHECK constraints out: compare their names here. An
    enum column's constraint is ck_<table>_<column> (oversight.models.enum_column)."""
    inspector = sa.inspect(db.engine)
    for table in db.metadata.sorted_tables:
        expected = {
            c.name if isinstance(c.name, str) else f"ck_{table.name}_{next(iter(c.columns)).name}"
            for c in table.constraints
            if isinstance(c, sa.CheckConstraint)
        }
        found = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert found == expected, table.name


def test_every_enum_column_has_its_check_constraint(db):
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.Enum):
                assert column.type.create_constraint, f"{table.name}.{column.name}"


def reference_rows() -> list[dict[str, str]]:
    rows = list(csv.DictReader(PROJECT_FORCES.open()))
    if SHARED_FORCES.exists():
        assert list(csv.DictReader(SHARED_FORCES.open())) == rows, "tests/data copy is stale"
    return rows


@pytest.mark.parametrize("row", reference_rows(), ids=lambda row: row["slug"])
def test_every_reference_force_is_in_the_database(db, row):
    force = db.session.scalar(sa.select(Force).where(Force.slug == row["slug"]))
    assert force is not None
    assert force.name == row["name"]
    assert force.nation == row["nation"]
    assert force.kind == row["kind"]
    assert force.ons_code == (row["ons_code"] or None)


def test_the_43_territorial_forces_of_england_and_wales_have_ons_codes(db):
    codes = set(db.session.scalars(sa.select(Force.ons_code).where(Force.ons_code.is_not(None))))
    expected = {f"E230000{n:02d}" for n in range(1, 40)} | {f"W150000{n:02d}" for n in range(1, 5)}
    assert codes == expected


def test_constraints_have_predictable_names(db):
    inspector = sa.inspect(db.engine)
    assert inspector.get_pk_constraint("complaints")["name"] in ("pk_complaints", None)
    unique = {c["name"] for c in inspector.get_unique_constraints("complaints")}
    assert "uq_complaints_reference" in unique
    foreign = {c["name"] for c in inspector.get_foreign_keys("complaints")}
    assert foreign == {
        "fk_complaints_force_id_forces",
        "fk_complaints_assignee_id_users",
        "fk_complaints_signed_off_by_id_users",
        "fk_complaints_findings_by_id_users",
    }
    assert _db.metadata.naming_convention["fk"].startswith("fk_")
