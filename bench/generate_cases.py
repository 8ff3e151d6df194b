"""Fill a database with N realistic cases for timing the case queue.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_cases \\
        .venv/bin/python bench/generate_cases.py --count 1000000

The database named by DATABASE_URL (SQLite or PostgreSQL) gets the schema from the
migrations first (flask db upgrade), then cases in batches through executemany.
Row i is drawn from its own seeded generator, so the same --seed, --today and --count
always give the same rows, and a second run with a larger --count only adds the rest
(100,000 today, 1,000,000 tomorrow). It refuses a database holding any case it did not
make, so it never mixes with real or demo complaints.

Each case carries what the queue reads and what its status implies (triage, allocation,
deadlines, closure, outcome). A decided case keeps the casework's rules: its findings on
each concern recorded by its caseworker, signed off by a senior who is neither its
assignee nor the findings' author, and the decision as sent (a Decision row). No contact
details, evidence or timeline are made.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oversight import create_app
from oversight.auth.models import User, UserRole
from oversight.complaints import codes
from oversight.complaints.models import CaseFinding, Complaint, ComplaintConcern, Decision
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.workdays import add_working_days, local_date

KEY_PREFIX = "bench-"
STAFF_DOMAIN = "bench.invalid"
CASEWORKERS = 24
SENIORS = 4
# A bijection on 40-bit numbers (odd multiplier mod 2**40): unique, random-looking references.
_MULTIPLIER = 0x9E3779B97F
_MASK = (1 << 40) - 1

# Complaints follow where facial recognition is used: the Met and South Wales most.
FORCE_WEIGHTS = {
    "metropolitan": 22,
    "south-wales": 9,
    "essex": 5,
    "west-midlands": 5,
    "greater-manchester": 4,
    "hampshire": 4,
    "thames-valley": 3,
    "west-yorkshire": 3,
    "bedfordshire": 2,
    "northamptonshire": 2,
    "sussex": 2,
    "surrey": 2,
    "kent": 2,
    "merseyside": 2,
    "city-of-london": 2,
    "btp": 2,
    "police-scotland": 2,
    "psni": 1,
}
OTHER_FORCE_WEIGHT = 0.4  # every other force
UNKNOWN_FORCE_WEIGHT = 7
TECHNOLOGIES = {"lfr": 45, "rfr": 24, "oifr": 12, "other_biometric": 5, "not_sure": 14}
CHANNELS = {"web": 82, "email": 10, "phone": 5, "post": 3}
RELATIONS = {
    "subject": 45,
    "passer_by": 25,
    "witness": 12,
    "third_party": 15,
    "officer_or_staff": 3,
}
CONCERNS = {
    "misidentification": 14,
    "stopped_after_alert": 12,
    "no_notice": 14,
    "watchlist": 9,
    "image_source": 8,
    "retention": 11,
    "protest_or_event": 9,
    "minor_or_non_crime": 5,
    "discrimination": 8,
    "data_sharing": 5,
    "officer_conduct": 7,
    "other": 3,
}
PRIORITIES = {"urgent": (1, 4), "high": (2, 14), "standard": (3, 82)}
PRIORITY_REASONS = {
    "urgent": ["Arrest followed a false match", "A child was stopped", "Ongoing deployment"],
    "high": ["Several complainants at one deployment", "Possible bias", "Media interest"],
}
EARLY_CLOSURES = {
    "referred": 40,
    "out_of_remit": 25,
    "withdrawn": 20,
    "duplicate": 12,
    "vexatious": 3,
}
REFERRALS = {
    "iopc": 35,
    "ico": 30,
    "force_professional_standards": 25,
    "investigatory_powers_tribunal": 3,
    "pirc": 4,
    "police_ombudsman_ni": 3,
}
FINDINGS = {"upheld": 18, "partly_upheld": 22, "not_upheld": 48, "unable_to_determine": 12}

PLACES = [
    "outside {town} railway station",
    "on {town} high street",
    "at the shopping centre in {town}",
    "near the football stadium, {town}",
    "at a protest in {town} city centre",
    "at the Christmas market in {town}",
    "by the bus station in {town}",
    "at a music festival near {town}",
    "at the carnival in {town}",
    "outside a supermarket in {town}",
    "online (a photo from social media)",
    "at a petrol station on the ring road, {town}",
    "in the market square, {town}",
    "at {town} magistrates' court",
]
TOWNS = {
    "metropolitan": ["Croydon", "Stratford", "Oxford Circus", "Notting Hill", "Camden", "Ilford"],
    "cumbria": ["Carlisle", "Kendal", "Barrow-in-Furness"],
    "lancashire": ["Preston", "Blackpool", "Blackburn"],
    "merseyside": ["Liverpool", "Birkenhead", "St Helens"],
    "greater-manchester": ["Manchester", "Salford", "Stockport", "Bolton"],
    "cheshire": ["Chester", "Warrington", "Crewe"],
    "northumbria": ["Newcastle", "Sunderland", "Gateshead"],
    "durham": ["Durham", "Darlington", "Consett"],
    "north-yorkshire": ["York", "Harrogate", "Scarborough"],
    "west-yorkshire": ["Leeds", "Bradford", "Huddersfield", "Wakefield"],
    "south-yorkshire": ["Sheffield", "Doncaster", "Rotherham"],
    "humberside": ["Hull", "Grimsby", "Scunthorpe"],
    "cleveland": ["Middlesbrough", "Hartlepool", "Stockton-on-Tees"],
    "west-midlands": ["Birmingham", "Wolverhampton", "Coventry", "Walsall"],
    "staffordshire": ["Stoke-on-Trent", "Stafford", "Burton upon Trent"],
    "west-mercia": ["Worcester", "Shrewsbury", "Hereford"],
    "warwickshire": ["Warwick", "Nuneaton", "Rugby"],
    "derbyshire": ["Derby", "Chesterfield", "Buxton"],
    "nottinghamshire": ["Nottingham", "Mansfield", "Newark"],
    "lincolnshire": ["Lincoln", "Boston", "Grantham"],
    "leicestershire": ["Leicester", "Loughborough", "Hinckley"],
    "northamptonshire": ["Northampton", "Kettering", "Corby"],
    "cambridgeshire": ["Cambridge", "Peterborough", "Huntingdon"],
    "norfolk": ["Norwich", "King's Lynn", "Great Yarmouth"],
    "suffolk": ["Ipswich", "Bury St Edmunds", "Lowestoft"],
    "bedfordshire": ["Luton", "Bedford", "Dunstable"],
    "hertfordshire": ["Watford", "St Albans", "Stevenage"],
    "essex": ["Chelmsford", "Southend", "Basildon", "Colchester"],
    "thames-valley": ["Oxford", "Reading", "Milton Keynes", "Slough"],
    "hampshire": ["Southampton", "Portsmouth", "Basingstoke"],
    "surrey": ["Guildford", "Woking", "Epsom"],
    "kent": ["Maidstone", "Canterbury", "Dartford"],
    "sussex": ["Brighton", "Crawley", "Eastbourne"],
    "city-of-london": ["Liverpool Street", "Bank", "Moorgate"],
    "devon-and-cornwall": ["Exeter", "Plymouth", "Truro"],
    "avon-and-somerset": ["Bristol", "Bath", "Taunton"],
    "gloucestershire": ["Gloucester", "Cheltenham", "Stroud"],
    "wiltshire": ["Swindon", "Salisbury", "Chippenham"],
    "dorset": ["Bournemouth", "Poole", "Weymouth"],
    "north-wales": ["Wrexham", "Bangor", "Rhyl"],
    "gwent": ["Newport", "Cwmbran", "Abergavenny"],
    "south-wales": ["Cardiff", "Swansea", "Bridgend", "Merthyr Tydfil"],
    "dyfed-powys": ["Carmarthen", "Aberystwyth", "Llanelli"],
    "btp": ["King's Cross", "Manchester Piccadilly", "Birmingham New Street"],
    "police-scotland": ["Glasgow", "Edinburgh", "Aberdeen"],
    "psni": ["Belfast", "Derry", "Newry"],
    "mod-police": ["Aldershot", "Catterick"],
    "cnc": ["Sellafield", "Dounreay"],
    "nca": ["Heathrow", "Dover"],
}
WELSH_FORCES = frozenset({"south-wales", "north-wales", "dyfed-powys", "gwent"})
UNKNOWN_TOWNS = ["London", "Manchester", "Birmingham", "Cardiff", "Leeds", "Bristol"]
OPENINGS = {
    "lfr": [
        "A van with cameras on the roof was parked {place}.",
        "There were cameras on poles scanning everyone who walked past {place}.",
        "Police were using live facial recognition {place}.",
    ],
    "rfr": [
        "I found out my photo was run through a police database after an incident {place}.",
        "CCTV footage from {place} was searched against the custody image database.",
        "Officers told me they had matched my face from a doorbell video taken {place}.",
    ],
    "oifr": [
        "An officer took a photo of me on a phone {place} and checked it against a database.",
        "Officers used an app on their phone to identify a teenager {place}.",
    ],
    "other_biometric": [
        "Police recorded my voice during a call and said it would be compared with others.",
        "I was told a gait analysis system was in use {place}.",
    ],
    "not_sure": [
        "I think cameras were identifying people {place} but nobody would say what they were.",
        "Something was filming the crowd {place}; I am not sure what kind of system it was.",
    ],
}
DETAILS = {
    "misidentification": "They said I matched someone wanted for an offence, but it was not me.",
    "stopped_after_alert": "Two officers stopped me and questioned me for about {minutes} minutes.",
    "no_notice": "There were no signs telling people that cameras were in use.",
    "watchlist": "I want to know why I am on a watchlist and who put me there.",
    "image_source": "The picture they used came from my social media account.",
    "retention": "Nobody could tell me how long my image will be kept.",
    "protest_or_event": "It was a peaceful protest and people felt watched.",
    "minor_or_non_crime": "It was over a minor matter that was not a crime.",
    "discrimination": "Only young black men seemed to be stopped after alerts.",
    "data_sharing": "I believe the images were shared with a private company.",
    "officer_conduct": "The officer was rude and refused to give their number.",
    "other": "I have other concerns about how this was done.",
}
OUTCOMES = [
    "An apology and confirmation that my image has been deleted.",
    "An explanation of why there were no signs.",
    "For the force to stop using the cameras at protests.",
    "To know whether my image was searched, and to have it deleted.",
    "A review of when officers may use the app.",
    "Compensation for the time I was held.",
]


def weighted(choices: dict[str, Any]) -> tuple[list[str], list[float]]:
    names = list(choices)
    return names, [
        float(choices[n][1] if isinstance(choices[n], tuple) else choices[n]) for n in names
    ]


class Draw:
    """Weighted choices from one row's generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, table: tuple[list[str], list[float]]) -> str:
        return self.rng.choices(table[0], table[1])[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability


TECH = weighted(TECHNOLOGIES)
CHANNEL = weighted(CHANNELS)
RELATION = weighted(RELATIONS)
CONCERN = weighted(CONCERNS)
PRIORITY = weighted(PRIORITIES)
CLOSURE = weighted(EARLY_CLOSURES)
REFERRAL = weighted(REFERRALS)
FINDING = weighted(FINDINGS)
# Where cases of an age (in days, below the first number) have got to: most are closed
# within a few months; a few stragglers stay open long past their deadlines.
STAGES = [
    (2, weighted({"received": 75, "in_triage": 25})),
    (
        15,
        weighted(
            {
                "received": 6,
                "in_triage": 44,
                "awaiting_information": 12,
                "investigating": 28,
                "closed": 10,
            }
        ),
    ),
    (
        100,
        weighted(
            {
                "in_triage": 3,
                "awaiting_information": 9,
                "investigating": 55,
                "decision_issued": 8,
                "closed": 25,
            }
        ),
    ),
    (
        10**9,
        weighted(
            {
                "investigating": 1.2,
                "awaiting_information": 0.4,
                "decision_issued": 0.3,
                "review_requested": 0.4,
                "closed": 97.7,
            }
        ),
    ),
]


@cache
def deadlines(received_on: date) -> tuple[date, date, date]:
    """Acknowledge, triage and decision dates: working days from receipt."""
    return (
        add_working_days(received_on, 2),
        add_working_days(received_on, 10),
        add_working_days(received_on, 60),
    )


NULLABLE = [column.name for column in Complaint.__table__.columns if column.nullable]


@cache
def tracking_hash() -> str:
    """The one tracking code every bench case shares (hashing is slow on purpose)."""
    return codes.hash_tracking_code("BENCH-ONLY-CODE")


def complaint_forces(forces: dict[str, int]) -> tuple[list[str], list[float]]:
    """The forces complaints name (by slug, or "unknown"), weighted as FORCE_WEIGHTS says."""
    return weighted(
        {
            **dict.fromkeys(forces, OTHER_FORCE_WEIGHT),
            **{slug: w for slug, w in FORCE_WEIGHTS.items() if slug in forces},
            "unknown": UNKNOWN_FORCE_WEIGHT,
        }
    )


def newest(today: date) -> datetime:
    """When the newest case arrives: now, or the end of --today if that is earlier."""
    return min(datetime.now(UTC), datetime.combine(today, clock(23, 59), tzinfo=UTC))


def due_on(row: dict[str, Any]) -> date | None:
    """What the case is due for next, by the model's own rule (Complaint.next_due)."""
    return Complaint.next_due(SimpleNamespace(**row))  # type: ignore[arg-type]  # a row, not a case


def reference(index: int) -> str:
    number = (index * _MULTIPLIER + 0x5BD1E995) & _MASK
    chars = "".join(codes.ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"FR-{chars[:4]}-{chars[4:]}"


def complaint_row(
    index: int,
    received_at: datetime,
    draw: Draw,
    *,
    forces: dict[str, int],
    force_table: Any,
    key_prefix: str,
) -> tuple[dict[str, Any], list[str]]:
    """A newly received complaint's row (every column) and its concerns, drawn from the
    weight tables; what happens to it next is the caller's to write."""
    rng = draw.rng
    received_on = local_date(received_at)
    acknowledge_by, triage_by, decision_by = deadlines(received_on)
    force = draw.pick(force_table)
    technology = draw.pick(TECH)
    concerns = sorted({draw.pick(CONCERN) for _ in range(1 + int(rng.random() ** 2 * 3))})
    town = rng.choice(TOWNS.get(force, UNKNOWN_TOWNS))
    place = rng.choice(PLACES).format(town=town)
    story = [rng.choice(OPENINGS[technology]).format(place=place)]
    story += [DETAILS[c].format(minutes=rng.randrange(5, 90, 5)) for c in concerns]
    row: dict[str, Any] = dict.fromkeys(NULLABLE)
    row.update(
        {
            "id": index + 1,
            "reference": reference(index),
            "submission_key": f"{key_prefix}{index}",
            "channel": draw.pick(CHANNEL),
            "technology": technology,
            "force_id": forces.get(force),
            "incident_date": received_on - timedelta(days=int(rng.expovariate(1 / 6))),
            "incident_date_approximate": draw.chance(0.2),
            "place": place[0].upper() + place[1:],
            "what_happened": " ".join(story),
            "relation": draw.pick(RELATION),
            "outcome_wanted": rng.choice(OUTCOMES),
            "status": "received",
            "priority": "standard",
            "priority_rank": 3,
            "version": 1,
            "language": "cy" if force in WELSH_FORCES and draw.chance(0.08) else "en",
            "tracking_code_hash": tracking_hash(),
            "received_at": received_at,
            "acknowledge_by": acknowledge_by,
            "triage_by": triage_by,
            "decision_by": decision_by,
            "created_at": received_at,
            "updated_at": received_at,
        }
    )
    return row, concerns


class Generator:
    def __init__(
        self,
        seed: int,
        today: date,
        years: float,
        forces: dict[str, int],
        caseworkers: list[int],
        seniors: list[int],
    ) -> None:
        self.seed = seed
        self.today = today
        self.span_days = int(years * 365)
        self.latest = newest(today)
        self.forces = forces
        self.force_table = complaint_forces(forces)
        self.caseworkers = caseworkers
        # A few people carry more of the work than others.
        self.caseworker_weights = [1.0 + 2.0 / (1 + n) for n in range(len(caseworkers))]
        self.seniors = seniors

    def case(self, index: int) -> tuple[dict[str, Any], list[str]]:
        rng = random.Random(self.seed * 1_000_003 + index)  # noqa: S311  (test data, not secrets)
        draw = Draw(rng)
        # Recent years bring more complaints: age skews towards today.
        age = int(self.span_days * rng.random() ** 1.6)
        received_on = self.today - timedelta(days=age)
        received_at = datetime(
            received_on.year,
            received_on.month,
            received_on.day,
            tzinfo=UTC,
        ) + timedelta(seconds=int(rng.triangular(6, 23, 13) * 3600) + rng.randrange(60))
        if received_at > self.latest:
            received_at = self.latest - timedelta(minutes=rng.randrange(1, 600))
        row, concerns = complaint_row(
            index,
            received_at,
            draw,
            forces=self.forces,
            force_table=self.force_table,
            key_prefix=KEY_PREFIX,
        )
        self._lifecycle(row, age, draw)
        row["due_on"] = due_on(row)
        return row, concerns

    def _lifecycle(self, row: dict[str, Any], age: int, draw: Draw) -> None:
        """Where a case of this age has got to, and what getting there set."""
        rng = draw.rng
        received_at: datetime = row["received_at"]

        def at(days: float) -> datetime:
            return min(received_at + timedelta(days=days), received_at + timedelta(days=age))

        status = draw.pick(next(table for days, table in STAGES if age < days))
        row["status"] = status
        if status == "received":
            return
        if status != "in_triage" or draw.chance(0.5):
            row["assignee_id"] = rng.choices(
                self.caseworkers + self.seniors, self.caseworker_weights + [0.5] * len(self.seniors)
            )[0]
            row["version"] += 1
        row["version"] += 1  # moved into triage
        if status == "in_triage":
            return
        early = status == "closed" and (age < 30 or draw.chance(0.35))
        if status == "awaiting_information" and draw.chance(0.4):
            early = False  # asked during triage: not yet triaged
            row["awaiting_since"] = at(rng.uniform(2, 10))
            row["version"] += 1
            return
        row["in_remit"] = not early or rng.random() < 0.3
        priority = draw.pick(PRIORITY)
        row["priority"] = priority
        row["priority_rank"] = PRIORITIES[priority][0]
        if priority != "standard":
            row["priority_reason"] = rng.choice(PRIORITY_REASONS[priority])
        row["version"] += 1
        if early:
            reason = draw.pick(CLOSURE)
            row["closure_reason"] = reason
            row["in_remit"] = reason not in ("referred", "out_of_remit")
            if reason == "referred":
                row["referred_to"] = draw.pick(REFERRAL)
            row["closed_at"] = at(rng.uniform(3, 20))
            return
        if status == "investigating":
            return
        if status == "awaiting_information":
            row["awaiting_since"] = at(rng.uniform(10, max(11, age)))
            return
        # Decided: findings by the caseworker, signed off by another senior, and issued.
        row["overall_outcome"] = draw.pick(FINDING)
        row["decision_summary"] = "Our findings on each concern are set out in the decision letter."
        row["findings_by_id"] = row.get("assignee_id") or rng.choice(self.caseworkers)
        row["signed_off_by_id"] = signer(rng, self.seniors, row)
        decided = at(rng.uniform(30, 95))
        row["signed_off_at"] = decided - timedelta(hours=rng.randrange(2, 72))
        row["decision_issued_at"] = decided
        row["version"] += 4
        if status == "closed":
            row["closure_reason"] = "outcome_issued"
            row["closed_at"] = at((decided - received_at).days + 29)
        elif status == "review_requested":
            row["closure_reason"] = "outcome_issued"
            row["closed_at"] = decided + timedelta(days=rng.uniform(1, 27))
            row["review_requested_at"] = row["closed_at"]
        row["updated_at"] = max(v for v in row.values() if isinstance(v, datetime))


def signer(rng: random.Random, seniors: list[int], row: dict[str, Any]) -> int:
    """A senior who is neither the case's assignee nor the findings' author (the
    database's ck_complaints_signer_not_assignee and signer_not_recorder)."""
    return rng.choice(
        [s for s in seniors if s not in (row.get("assignee_id"), row["findings_by_id"])]
    )


def decided_rows(
    row: dict[str, Any], concerns: list[str], number: int = 1, issued_by: str = "system"
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A decided case's findings (every concern given the overall finding, recorded by
    findings_by_id) and its Decision row as sent, from the case's row."""
    outcome = row["overall_outcome"]
    ordered = sorted(concerns)
    findings = [
        {
            "complaint_id": row["id"],
            "concern": c,
            "finding": outcome,
            "note": None,
            "recorded_by_id": row["findings_by_id"],
        }
        for c in ordered
    ]
    decision = {
        "complaint_id": row["id"],
        "number": number,
        "overall_outcome": outcome,
        "summary": row["decision_summary"],
        "findings": [{"concern": c, "finding": outcome} for c in ordered],
        "signed_off_by_id": row["signed_off_by_id"],
        "issued_by": issued_by,
        "issued_at": row["decision_issued_at"],
    }
    return findings, decision


def batches(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def bench_staff(connection: sa.Connection) -> tuple[list[int], list[int]]:
    """The bench caseworkers and seniors (disabled: nobody signs in as them)."""
    users = User.__table__
    roles = UserRole.__table__
    people = [(f"caseworker-{n:02d}", "caseworker") for n in range(1, CASEWORKERS + 1)]
    people += [(f"senior-{n:02d}", "senior_caseworker") for n in range(1, SENIORS + 1)]
    ids: dict[str, list[int]] = {"caseworker": [], "senior_caseworker": []}
    now = datetime.now(UTC)
    for handle, role in people:
        email = f"bench-{handle}@{STAFF_DOMAIN}"
        user_id = connection.scalar(sa.select(users.c.id).where(users.c.email == email))
        if user_id is None:
            user_id = connection.execute(
                users.insert()
                .values(
                    email=email,
                    name=f"Bench {handle.replace('-', ' ').title()}",
                    password_hash="!bench-account-no-password",  # noqa: S106  (unusable on purpose)
                    session_version=1,
                    disabled_at=now,
                    created_at=now,
                    password_changed_at=now,
                )
                .returning(users.c.id)
            ).scalar_one()
            connection.execute(roles.insert().values(user_id=user_id, role=role))
        ids[role].append(user_id)
    return ids["caseworker"], ids["senior_caseworker"]


class NotABenchDatabase(RuntimeError):
    pass


def force_ids(connection: sa.Connection) -> dict[str, int]:
    """Each force's id by its slug, in slug order: weight tables built from it, and so
    what a seed draws, are the same on every database."""
    query = sa.select(Force.slug, Force.id).order_by(Force.slug)
    return dict(connection.execute(query).tuples().all())


def write_without_waiting(connection: sa.Connection) -> None:
    """A SQLite file is written without waiting for the disk: for a bench's file only."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql("PRAGMA synchronous=OFF")


def settle(engine: sa.Engine) -> None:
    """After the bulk inserts (which give each case its id): PostgreSQL's id sequence
    moves past them; then statistics for the planner, and (on PostgreSQL) the visibility
    map that lets counts use index-only scans: what autovacuum gives a long-running
    database."""
    postgres = engine.dialect.name == "postgresql"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if postgres:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('complaints', 'id'), "
                "(SELECT coalesce(max(id), 1) FROM complaints))"
            )
        connection.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")


def check_only_bench_cases(connection: sa.Connection) -> int:
    """How many bench cases there are; refuse if any other case is present."""
    complaints = Complaint.__table__
    total = connection.scalar(sa.select(sa.func.count()).select_from(complaints)) or 0
    if total == 0:
        return 0
    others = connection.scalar(
        sa.select(sa.func.count())
        .select_from(complaints)
        .where(
            sa.or_(
                complaints.c.submission_key.is_(None),
                complaints.c.submission_key.not_like(f"{KEY_PREFIX}%"),
            )
        )
    )
    if others:
        raise NotABenchDatabase(
            f"This database holds {others} cases the generator did not make; "
            "point DATABASE_URL at a database of its own."
        )
    highest = connection.scalar(sa.select(sa.func.max(complaints.c.id))) or 0
    if highest != total:
        raise NotABenchDatabase("The bench cases have gaps; start again on an empty database.")
    return total


def generate(count: int, seed: int, today: date, years: float, batch: int) -> None:
    app = create_app("development")
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        engine = db.engine
        with engine.connect() as connection:
            write_without_waiting(connection)
            existing = check_only_bench_cases(connection)
            caseworkers, seniors = bench_staff(connection)
            forces = force_ids(connection)
            connection.commit()
            if existing >= count:
                print(f"{engine.url.render_as_string()}: already {existing:,} bench cases.")
                return
            maker = Generator(seed, today, years, forces, caseworkers, seniors)
            complaints = Complaint.__table__
            concerns = ComplaintConcern.__table__
            started = time.perf_counter()
            for rows in batches(existing, count, batch):
                cases, concern_rows = [], []
                finding_rows, decision_rows = [], []
                for index in rows:
                    case, its_concerns = maker.case(index)
                    cases.append(case)
                    concern_rows += [
                        {"complaint_id": case["id"], "concern": c} for c in its_concerns
                    ]
                    if case.get("decision_issued_at") is not None:
                        findings, decision = decided_rows(case, its_concerns)
                        finding_rows += findings
                        decision_rows.append(decision)
                connection.execute(complaints.insert(), cases)
                connection.execute(concerns.insert(), concern_rows)
                if decision_rows:
                    connection.execute(CaseFinding.__table__.insert(), finding_rows)
                    connection.execute(Decision.__table__.insert(), decision_rows)
                connection.commit()
                if rows.stop % 100_000 == 0 or rows.stop == count:
                    rate = (rows.stop - existing) / (time.perf_counter() - started)
                    print(f"  {rows.stop:>10,} cases  ({rate:,.0f} a second)", flush=True)
        settle(engine)
        took = time.perf_counter() - started
        print(f"Added {count - existing:,} cases in {took:,.0f} s; {count:,} in all.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="cases wanted in all")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same cases")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=datetime.now(UTC).date(),
        help="the day the newest cases arrive (default: today)",
    )
    parser.add_argument("--years", type=float, default=6, help="years of cases (default 6)")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per insert")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database to fill (never a real one)")
    try:
        generate(args.count, args.seed, args.today, args.years, args.batch)
    except NotABenchDatabase as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
