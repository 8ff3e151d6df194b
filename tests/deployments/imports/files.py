"""The sample files of the import tests, and how the tests import them.

The files in tests/data/deployments/ are in the shapes forces publish: the Met's (no
force column, British dates, a BOM and CRLF from Excel), South Wales Police's (a force
and a reference in every row), a file with every kind of bad row, a mixed file, and one
saved in Windows-1252.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from oversight.deployments.imports import importer
from oversight.deployments.imports.importer import import_file
from oversight.deployments.records.models import Deployment

DATA = Path(__file__).parents[2] / "data" / "deployments"
MET = DATA / "met_lfr_2025.csv"
SOUTH_WALES = DATA / "south_wales_lfr.csv"
SOUTH_WALES_CORRECTED = DATA / "south_wales_lfr_corrected.csv"
REFUSALS = DATA / "refusals.csv"
MIXED = DATA / "mixed.csv"
WINDOWS = DATA / "windows_1252.csv"
USAGE = DATA / "usage_returns.csv"


def count(db: Any, model: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model)))


def deployments(db: Any) -> list[Deployment]:
    return list(db.session.scalars(sa.select(Deployment).order_by(Deployment.deployed_on)))


def imported(db: Any, source: Any, **options: Any) -> importer.ImportReport:
    """Import as the command does: one commit at the end (nothing for a dry run)."""
    report = import_file(source, actor=options.pop("actor", "cli"), **options)
    if report.dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def refused_lines(report: importer.ImportReport) -> dict[int, list[str]]:
    return {row.line: [p.message for p in row.problems] for row in report.refused_rows}


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()
