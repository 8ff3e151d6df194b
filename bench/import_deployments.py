"""Time the CSV import of deployment records beside a bare bulk insert of the same rows.

    .venv/bin/python bench/import_deployments.py                 # SQLite only
    .venv/bin/python bench/import_deployments.py \\
        --postgres postgresql://postgres@127.0.0.1:5432/bench_import

Writes N realistic rows (default 100,000) to a temporary CSV file in the shape forces
publish (British dates, figures with thousands separators, blanks for not known), then
for each database: builds a fresh schema from the migrations; times a bare bulk insert
of the same rows (executemany of already-typed values straight into the deployments
table: no reading, no validation, no revisions) and deletes them again; then times the
import of the file as `flask deployments import` runs it (read, validate every row,
match on the key, insert the records and their first revisions, one audit event, one
commit), a second import of the same file (every row unchanged) and a dry run. Prints a
Markdown table of rows per second.

SQLite is a new file in a temporary folder. PostgreSQL (--postgres or BENCH_POSTGRES_URL)
must be a database of its own that holds no deployments or complaints; the rows the
benchmark made are deleted at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oversight import create_app
from oversight.audit.models import AuditEvent
from oversight.complaints.models import Complaint
from oversight.deployments.imports import importer
from oversight.deployments.records.kinds import natural_key
from oversight.deployments.records.models import Deployment, DeploymentRevision
from oversight.extensions import db
from oversight.forces.models import Force

HEADINGS = [
    "Force",
    "Deployment Reference",
    "Date",
    "Start Time",
    "End Time",
    "Deployment Location",
    "Borough",
    "Purpose",
    "Authorising Officer",
    "Watchlist Size",
    "Faces Seen",
    "Alerts",
    "True Alerts",
    "False Alerts",
    "Engagements",
    "Arrests",
    "Source URL",
]
# Where live facial recognition is used: the Met most, then South Wales, then a few.
FORCES = {
    "metropolitan": ("Metropolitan Police Service", 55, ["Croydon", "Stratford", "Camden"]),
    "south-wales": ("South Wales Police", 20, ["Cardiff", "Swansea", "Bridgend"]),
    "essex": ("Essex Police", 8, ["Chelmsford", "Southend", "Basildon"]),
    "hampshire": ("Hampshire and Isle of Wight Constabulary", 6, ["Southampton", "Portsmouth"]),
    "northamptonshire": ("Northamptonshire Police", 5, ["Northampton", "Kettering"]),
    "bedfordshire": ("Bedfordshire Police", 6, ["Luton", "Bedford"]),
}
PLACES = [
    "High Street",
    "railway station forecourt",
    "bus station",
    "Market Square",
    "shopping centre entrance",
    "football stadium, away end",
    "Broadway",
    "town hall steps",
    "retail park",
    "Christmas market",
]
PURPOSES = [
    "Wanted persons",
    "Wanted persons and missing people",
    "Violent crime hotspot",
    "Crowd safety at a football match",
    "Night-time economy",
    "",
]
RANKS = ["Superintendent", "Chief Superintendent", "Chief Inspector"]
STARTS = [clock(hour, minute) for hour in range(8, 19) for minute in (0, 15, 30, 45)]


@dataclass
class Rows:
    """N rows, each both as the CSV cells a force would write and as typed values."""

    cells: list[list[str]]
    values: list[dict[str, Any]]


def figure(number: int | None) -> str:
    return "" if number is None else f"{number:,}"


def generate(count: int, seed: int) -> Rows:
    """The rows; typed values name their force by slug until a database gives its id."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    slugs = list(FORCES)
    weights = [FORCES[slug][1] for slug in slugs]
    first_day = date(2020, 1, 1)
    days = (date(2025, 12, 31) - first_day).days
    used: set[tuple[str, str]] = set()
    numbered: dict[str, int] = dict.fromkeys(slugs, 0)
    cells: list[list[str]] = []
    values: list[dict[str, Any]] = []
    while len(cells) < count:
        slug = rng.choices(slugs, weights)[0]
        name, _weight, towns = FORCES[slug]
        on = first_day + timedelta(days=rng.randrange(days))
        start = rng.choice(STARTS)
        end = clock(min(start.hour + rng.randint(3, 6), 23), start.minute)
        town = rng.choice(towns)
        place = f"{town} {rng.choice(PLACES)}"
        # South Wales and Essex number their deployments; the others do not.
        reference = None
        if slug in ("south-wales", "essex"):
            numbered[slug] += 1
            reference = f"{slug[:3].upper()}-{on.year}-{numbered[slug]:05d}"
        key = natural_key(reference, on, start, place)
        if (slug, key) in used:
            continue
        used.add((slug, key))
        watchlist = rng.randint(600, 17_000)
        faces = None if rng.random() < 0.05 else rng.randint(500, 60_000)
        alerts = rng.randint(0, 12)
        true_alerts = rng.randint(0, alerts)
        false_alerts = rng.randint(0, alerts - true_alerts)
        engagements = rng.randint(true_alerts, alerts)
        arrests = rng.randint(0, true_alerts)
        purpose = rng.choice(PURPOSES)
        rank = rng.choice(RANKS)
        link = f"https://www.{slug}.police.example/lfr/{on.isoformat()}"
        cells.append(
            [
                name,
                reference or "",
                on.strftime("%d/%m/%Y"),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                place,
                town,
                purpose,
                rank,
                figure(watchlist),
                figure(faces),
                figure(alerts),
                figure(true_alerts),
                figure(false_alerts),
                figure(engagements),
                figure(arrests),
                link,
            ]
        )
        values.append(
            {
                "force_id": slug,
                "technology": "lfr",
                "force_reference": reference,
                "natural_key": key,
                "deployed_on": on,
                "start_time": start,
                "end_time": end,
                "location_name": place,
                "location_area": town,
                "purpose": purpose or None,
                "authorising_rank": rank,
                "watchlist_size": watchlist,
                "faces_seen": faces,
                "alerts": alerts,
                "true_alerts": true_alerts,
                "false_alerts": false_alerts,
                "engagements": engagements,
                "arrests": arrests,
                "source": "published_record",
                "source_link": link,
            }
        )
    return Rows(cells, values)


def write_csv(rows: Rows, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADINGS)
        writer.writerows(rows.cells)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def timed_with_cpu(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and this process's CPU seconds (the CPU figure is steadier on a busy
    machine; for PostgreSQL it leaves out the server's own work)."""
    cpu = time.process_time()
    seconds, result = timed(action)
    return seconds, time.process_time() - cpu, result


def batches(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bare_insert(rows: Rows) -> None:
    """The same rows, already typed, straight into the table: the floor for an import."""
    now = datetime.now(UTC)
    stamps = {"version": 1, "created_at": now, "updated_at": now}
    stamps |= {"created_by": "bench", "updated_by": "bench"}
    table = Deployment.__table__
    with db.engine.begin() as connection:
        for chunk in batches(rows.values, 10_000):
            connection.execute(table.insert(), [{**row, **stamps} for row in chunk])


def empty_tables() -> None:
    with db.engine.begin() as connection:
        connection.execute(DeploymentRevision.__table__.delete())
        connection.execute(Deployment.__table__.delete())


def run_import(path: Path, dry_run: bool = False) -> importer.ImportReport:
    report = importer.import_file(path, actor="bench", dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def bench(url: str, rows: Rows, path: Path, fresh: bool) -> list[tuple[str, float, float, str]]:
    os.environ["DATABASE_URL"] = url
    app = create_app("development")
    results: list[tuple[str, float, float, str]] = []
    count = len(rows.values)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        if not fresh and (
            db.session.scalar(sa.select(sa.func.count()).select_from(Complaint))
            or db.session.scalar(sa.select(sa.func.count()).select_from(Deployment))
        ):
            db.session.rollback()
            raise SystemExit(f"{url} holds complaints or deployments: give the bench its own")
        db.session.commit()
        force_ids = dict(db.session.execute(sa.select(Force.slug, Force.id)).tuples().all())
        rows.values = [{**row, "force_id": force_ids[row["force_id"]]} for row in rows.values]
        seconds, cpu, _ = timed_with_cpu(lambda: bare_insert(rows))
        results.append(("bare bulk insert (executemany, no validation)", seconds, cpu, ""))
        empty_tables()
        for label, dry_run in (
            ("import (new records)", False),
            ("import the same file again (all unchanged)", False),
            ("dry run of the same file", True),
        ):
            seconds, cpu, report = timed_with_cpu(lambda dry_run=dry_run: run_import(path, dry_run))
            counts = (
                f"{report.created:,} created, {report.corrected:,} corrected, "
                f"{report.unchanged:,} unchanged, {report.refused:,} refused"
            )
            results.append((label, seconds, cpu, counts))
        if not fresh:
            empty_tables()
            with db.engine.begin() as connection:
                connection.execute(AuditEvent.__table__.delete().where(AuditEvent.actor == "bench"))
        db.session.remove()
        db.engine.dispose()
    print(f"\n{sa.make_url(url).get_backend_name()}: {count:,} rows\n")
    print("| step | seconds | rows a second | CPU seconds (this process) | result |")
    print("|---|---:|---:|---:|---|")
    for label, seconds, cpu, counts in results:
        print(f"| {label} | {seconds:.1f} | {count / seconds:,.0f} | {cpu:.1f} | {counts} |")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the file")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same rows")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="also time PostgreSQL at this URL (its own database; default BENCH_POSTGRES_URL)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        path = Path(folder) / "deployments.csv"
        seconds, rows = timed(lambda: generate(args.rows, args.seed))
        write_csv(rows, path)
        size = path.stat().st_size / 1024 / 1024
        print(f"Generated {args.rows:,} rows ({size:.1f} MB) in {seconds:.1f} s: {path}")
        targets = [(f"sqlite:///{Path(folder) / 'bench.db'}", True)]
        if args.postgres:
            targets.append((args.postgres, False))
        for url, fresh in targets:
            bench(url, Rows(rows.cells, [dict(row) for row in rows.values]), path, fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
