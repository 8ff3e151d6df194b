"""`flask deployments import`: the command, its summary, progress and options."""

from __future__ import annotations

import re

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments.imports import cli as deployments_cli
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.forces.models import force_by_slug
from tests.deployments.imports.files import (
    MET,
    MIXED,
    REFUSALS,
    SOUTH_WALES,
    SOUTH_WALES_CORRECTED,
    USAGE,
    count,
    csv_bytes,
    deployments,
    imported,
)

# The command ---------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_summary_and_refused_rows(runner, db):
    result = runner.invoke(args=["deployments", "import", str(REFUSALS)])
    assert result.exit_code == 0, result.output
    assert "Imported refusals.csv." in result.output
    assert re.search(r"Created:\s+2\n", result.output)
    assert re.search(r"Refused:\s+7\n", result.output)
    assert "Line 3: Date must be a real date" in result.output
    assert "Line 9: Location must be 200 characters or fewer" in result.output
    assert count(db, Deployment) == 2
    assert db.session.scalar(sa.select(AuditEvent.actor)) == "cli"


def test_the_command_dry_run_reports_and_writes_nothing(runner, db):
    runner.invoke(args=["deployments", "import", str(SOUTH_WALES)])
    result = runner.invoke(args=["deployments", "import", str(SOUTH_WALES_CORRECTED), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "a dry run, so nothing was written" in result.output
    assert re.search(r"Would be corrected:\s+1\n", result.output)
    assert "Line 3 (south-wales, 13/09/2025, Queen Street): Faces seen, Arrests" in result.output
    assert [d.version for d in deployments(db)] == [1, 1, 1]


def test_the_command_takes_the_force_of_a_file_without_one(runner, db):
    refused = runner.invoke(args=["deployments", "import", str(MET)])
    assert refused.exit_code == 1
    assert "The file has no Force column" in refused.output
    assert "Give --force" in refused.output
    result = runner.invoke(
        args=["deployments", "import", str(MET), "--force", "Metropolitan Police Service"]
    )
    assert result.exit_code == 0, result.output
    assert "Columns ignored: Notes" in result.output
    assert {d.force.slug for d in deployments(db)} == {"metropolitan"}
    unknown = runner.invoke(args=["deployments", "import", str(MET), "--force", "Gotham"])
    assert unknown.exit_code == 2
    assert "no force 'Gotham'" in unknown.output


def test_the_command_shows_a_progress_bar_on_large_files(runner, db, monkeypatch):
    monkeypatch.setattr(deployments_cli, "PROGRESS_FROM", 3)
    result = runner.invoke(args=["deployments", "import", str(MIXED)])
    assert result.exit_code == 0, result.output
    assert "Reading rows" in result.output
    small = runner.invoke(args=["deployments", "import", str(USAGE), "--kind", "usage-returns"])
    assert "Reading rows" not in small.output


def test_the_command_prints_at_most_fifty_refused_rows(runner, db, tmp_path):
    path = tmp_path / "bad.csv"
    rows = [f"essex,2025-08-{day % 28 + 1:02d},Place {day},-{day}" for day in range(60)]
    path.write_bytes(csv_bytes("Force,Date,Location,Alerts", *rows))
    result = runner.invoke(args=["deployments", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("cannot be less than 0") == 50
    assert "and 10 more refused rows" in result.output


def test_the_command_records_who_imported_with_as(runner, db, caseworker):
    result = runner.invoke(
        args=["deployments", "import", str(SOUTH_WALES), "--as", caseworker.email.upper()]
    )
    assert result.exit_code == 0, result.output
    assert {d.created_by for d in deployments(db)} == {f"user:{caseworker.id}"}
    nobody = runner.invoke(args=["deployments", "import", str(SOUTH_WALES), "--as", "x@y.z"])
    assert nobody.exit_code == 2


def test_the_command_refuses_a_file_that_is_not_a_csv(runner, db, tmp_path):
    path = tmp_path / "deployments.csv"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    result = runner.invoke(args=["deployments", "import", str(path)])
    assert result.exit_code == 1
    assert "deployments.csv was not imported: The selected file must be a CSV" in result.output


def test_the_command_imports_usage_returns(runner, db):
    result = runner.invoke(args=["deployments", "import", str(USAGE), "--kind", "usage-returns"])
    assert result.exit_code == 0, result.output
    assert count(db, UsageReturn) == 2
    assert db.session.scalar(sa.select(AuditEvent.details))["kind"] == "usage_returns"


def test_the_force_for_a_file_without_one_may_be_given_by_its_ons_code(db):
    imported(db, MET, defaults={"force": "W15000003"})
    assert {d.force_id for d in deployments(db)} == {force_by_slug("south-wales").id}
