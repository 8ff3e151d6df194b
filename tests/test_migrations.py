"""The migrations are the schema: they match the models and go up and down with data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from oversight.complaints.models import Complaint
from oversight.extensions import db as _db
from oversight.forces.models import Force
from tests.factories import make_complaint

ROOT = Path(__file__).resolve().parent.parent
SHARED_FORCES = ROOT.parent / "shared" / "reference" / "police_forces.csv"
PROJECT_FORCES = Path(__file__).parent / "data" / "police_forces.csv"


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


def test_upgrade_downgrade_upgrade_works_with_rows_in_the_tables(app, db):
    make_complaint(tracking_code="AAAA-BBBB-CCCC")
    db.session.commit()
    revisions = [rev.revision for rev in script_directory(app).walk_revisions()]
    db.session.remove()
    downgrade(revision="base")
    assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
    for revision in reversed(revisions):
        upgrade(revision=revision)
    for _ in revisions:
        downgrade(revision="-1")
    upgrade()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Force)) == 49
    make_complaint(tracking_code="AAAA-BBBB-CCCC")
    db.session.commit()


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
    }
    assert _db.metadata.naming_convention["fk"].startswith("fk_")
