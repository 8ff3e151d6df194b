"""Demo deployment records and usage returns, at the scale forces publish them.

One force (the Metropolitan Police) with a couple of hundred live facial recognition
deployments over the last twelve months, South Wales Police with a few dozen, a few
forces with a handful each, and quarterly retrospective and operator-initiated usage
returns for several forces. The figures come from a seeded random generator, so the
same day gives the same set. Some deployments fall on the day (or the day either side)
of a demo complaint about live facial recognition, at the place it names, so a case has
deployments to suggest. Every record is read by the one validator and saved through
the services, so each has its revision and audit event; a few are corrected once, so
their history shows a change. Loaded once: a second run adds nothing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import sqlalchemy as sa

from oversight.complaints.enums import Technology
from oversight.complaints.models import Complaint
from oversight.demo import NotForProduction
from oversight.demo.deployment_data import (
    CATEGORIES,
    CORRECTIONS,
    PLANS,
    QUARTERS,
    RETURN_LINKS,
    RETURNS,
    ForcePlan,
    Site,
)
from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.workdays import local_date

ACTOR = "demo"
SEED = 20_251_006
YEAR = 365


PLAIN_WORDS = {"london", "outside", "street", "road", "centre", "town", "city", "station"}


def _words(*texts: str | None) -> set[str]:
    found = set()
    for text in texts:
        for word in re.findall(r"[a-z]+", (text or "").lower()):
            if len(word) > 2 and word not in PLAIN_WORDS:
                found.add(word)
    return found


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


@dataclass
class Planned:
    plan: ForcePlan
    day: date
    site: Site
    start: time
    hours: int

    def raw(self, rng: random.Random, number: int) -> dict[str, Any]:
        """The record as a force's file would give it (text, thousands separators)."""
        plan = self.plan
        faces = int(rng.uniform(2_500, 11_000) * self.site.busy * self.hours / 6)
        # Alerts are few: about one for every three thousand faces, most of them true.
        alerts = min(int(rng.expovariate(3_000 / faces)), 20)
        false_alerts = sum(rng.random() < 0.06 for _ in range(alerts))
        true_alerts = alerts - false_alerts
        engagements = true_alerts + sum(rng.random() < 0.5 for _ in range(false_alerts))
        arrests = sum(rng.random() < 0.55 for _ in range(true_alerts))
        end = (
            time(23, 30)
            if self.start.hour + self.hours >= 24
            else time(self.start.hour + self.hours, self.start.minute)
        )
        raw: dict[str, Any] = {
            "force": plan.slug,
            "technology": "lfr",
            "force_reference": (
                plan.reference.format(year=self.day.year, number=number) if plan.reference else ""
            ),
            "deployed_on": self.day.strftime("%d/%m/%Y"),
            "start_time": self.start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M"),
            "location_name": self.site.name,
            "location_area": self.site.area,
            "latitude": f"{self.site.latitude:.4f}",
            "longitude": f"{self.site.longitude:.4f}",
            "purpose": plan.purpose,
            "authorising_rank": plan.rank,
            "watchlist_size": _count(rng.randint(*plan.watchlist)),
            "watchlist_categories": CATEGORIES,
            "faces_seen": _count(faces),
            "alerts": _count(alerts),
            "true_alerts": _count(true_alerts),
            "false_alerts": _count(false_alerts),
            "engagements": _count(engagements),
            "arrests": _count(arrests),
            "source": plan.source,
            "source_link": plan.link,
        }
        if plan.slug == "south-wales" and rng.random() < 0.25:
            raw["engagements"] = "N/A"  # older published records did not give it
        return raw


def _start(rng: random.Random, evening: bool) -> tuple[time, int]:
    if evening:
        return time(rng.choice((16, 17, 18)), 30), rng.choice((5, 6))
    return time(rng.choice((8, 9, 10, 10, 11, 11, 12, 13)), rng.choice((0, 0, 30))), rng.choice(
        (4, 5, 6, 6, 7, 8)
    )


def _schedule(rng: random.Random, plan: ForcePlan, today: date) -> list[Planned]:
    """A year of deployments, more of them lately (forces have used it more and more)."""
    planned: dict[tuple[date, str], Planned] = {}
    weights = [site.busy for site in plan.sites]
    while len(planned) < plan.per_year:
        days_ago = int(YEAR * rng.random() ** 1.3) + 1
        day = today - timedelta(days=min(days_ago, YEAR))
        site = rng.choices(plan.sites, weights)[0]
        evening = "Stadium" in site.name or "Arena" in site.name
        start, hours = _start(rng, evening)
        planned.setdefault((day, site.name), Planned(plan, day, site, start, hours))
    return list(planned.values())


def _demo_cases(slugs: set[str]) -> Iterator[tuple[str, date, str]]:
    """Demo complaints about live facial recognition (or not sure) with a force and date."""
    rows = db.session.execute(
        sa.select(Force.slug, Complaint.incident_date, Complaint.place, Complaint.submission_key)
        .join(Force, Force.id == Complaint.force_id)
        .where(
            Complaint.submission_key.like("demo-%"),
            Complaint.incident_date.is_not(None),
            Complaint.technology.in_((Technology.LFR, Technology.NOT_SURE)),
            Force.slug.in_(slugs),
        )
        .order_by(Complaint.id)
    )
    for slug, day, place, _key in rows:
        yield slug, day, place or ""


def _beside_cases(rng: random.Random, plans: dict[str, ForcePlan], today: date) -> list[Planned]:
    """Deployments where and when demo complaints say it happened: most on the day, some
    the day before, and now and then a second one elsewhere that day; every fourth case
    has none, as happens when a force has not published the deployment."""
    planned = []
    for index, (slug, day, place) in enumerate(_demo_cases(set(plans))):
        if index % 4 == 3 or day > today:
            continue
        plan = plans[slug]
        wanted = _words(place)
        site = max(plan.sites, key=lambda s: (len(wanted & _words(s.name, s.area)), s.busy))
        on = day - timedelta(days=1) if index % 3 == 2 else day
        start, hours = _start(rng, "Stadium" in site.name)
        planned.append(Planned(plan, on, site, start, hours))
        if index % 5 == 1:
            other = rng.choice([s for s in plan.sites if s is not site])
            planned.append(Planned(plan, on, other, *_start(rng, False)))
    return planned


def _numbered(planned: list[Planned]) -> list[tuple[Planned, int]]:
    """In date order, numbered from 1 in each force's year, as forces number them."""
    numbered = []
    counters: dict[tuple[str, int], int] = {}
    seen: set[tuple[str, date, str]] = set()
    for item in sorted(planned, key=lambda p: (p.plan.slug, p.day, p.start, p.site.name)):
        key = (item.plan.slug, item.day, item.site.name)
        if key in seen:
            continue
        seen.add(key)
        year = (item.plan.slug, item.day.year)
        counters[year] = counters.get(year, 0) + 1
        numbered.append((item, counters[year]))
    return numbered


def _save_deployments(today: date, forces: records.ForceIndex) -> int:
    rng = random.Random(SEED)  # noqa: S311  (demo figures, not secrets)
    plans = {plan.slug: plan for plan in PLANS}
    planned = [item for plan in PLANS for item in _schedule(rng, plan, today)]
    planned += _beside_cases(rng, plans, today)
    held = set(db.session.execute(sa.select(Deployment.force_id, Deployment.natural_key)).tuples())
    saved: dict[str, list[Deployment]] = {}
    raw_of: dict[int, dict[str, Any]] = {}
    for item, number in _numbered(planned):
        raw = item.raw(rng, number)
        cleaned = records.clean_deployment(raw, forces)
        if not cleaned.ok:
            raise RuntimeError(f"demo deployment refused: {cleaned.errors}")
        key = (cleaned.values["force_id"], services.deployment_key(cleaned.values))
        if key in held:
            continue  # never correct a record someone else made
        held.add(key)
        result = services.save_deployment(
            cleaned.values, actor=ACTOR, via=item.plan.via, forces=forces
        )
        saved.setdefault(item.plan.slug, []).append(result.record)
        raw_of[result.record.id] = raw
    for slug, nth, name, note in CORRECTIONS:
        # The nth record of the force, or the first after it whose figure can change.
        for record in saved.get(slug, [])[nth:]:
            raw = {**raw_of[record.id], **_corrected(name, record)}
            cleaned = records.clean_deployment(raw, forces)
            if cleaned.ok and cleaned.values[name] != getattr(record, name):
                services.save_deployment(
                    cleaned.values,
                    actor=ACTOR,
                    via=Via.IMPORT,
                    forces=forces,
                    record=record,
                    note=note,
                )
                break
    return sum(len(records_) for records_ in saved.values())


def _corrected(name: str, record: Deployment) -> dict[str, str]:
    """The figures a force's correction changes, as its file would give them."""
    if name == "faces_seen":
        return {name: _count(int((record.faces_seen or 0) * 1.12) + 1)}
    if name == "arrests":
        return {name: _count(min((record.arrests or 0) + 2, record.engagements or 0))}
    if name == "false_alerts" and record.true_alerts:
        return {
            "true_alerts": _count(record.true_alerts - 1),
            "false_alerts": _count((record.false_alerts or 0) + 1),
        }
    if name == "end_time" and record.start_time and record.end_time:
        hour = max(record.start_time.hour + 1, record.end_time.hour - 2)
        return {name: f"{hour:02d}:{record.start_time.minute:02d}"}
    if name == "watchlist_size":
        return {name: _count((record.watchlist_size or 0) + 37)}
    return {}


def _quarters(today: date) -> list[tuple[date, date]]:
    """The last QUARTERS whole calendar quarters before today, oldest first."""
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    quarters = []
    for _ in range(QUARTERS):
        end = first - timedelta(days=1)
        first = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
        quarters.append((first, end))
    return list(reversed(quarters))


def _save_usage_returns(today: date, forces: records.ForceIndex) -> int:
    rng = random.Random(SEED + 1)  # noqa: S311  (demo figures, not secrets)
    made = 0
    for slug, technology, searches, matched in RETURNS:
        for growth, (start, end) in enumerate(_quarters(today)):
            count = int(searches * (1 + 0.05 * growth) * rng.uniform(0.85, 1.15))
            raw = {
                "force": slug,
                "technology": technology.value,
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "searches": _count(count),
                "possible_matches": _count(int(count * matched * rng.uniform(0.9, 1.1))),
                "source": "force_submission" if slug != "metropolitan" else "published_record",
                "source_link": RETURN_LINKS[slug],
            }
            cleaned = records.clean_usage_return(raw, forces)
            if not cleaned.ok:
                raise RuntimeError(f"demo usage return refused: {cleaned.errors}")
            if services.find_usage_return(cleaned.values) is not None:
                continue
            services.save_usage_return(cleaned.values, actor=ACTOR, via=Via.FORM, forces=forces)
            made += 1
    return made


def _loaded(model: Any) -> bool:
    return (
        db.session.scalar(sa.select(model.id).where(model.created_by == ACTOR).limit(1)) is not None
    )


def seed(config: Any) -> tuple[int, int]:
    """Add the demo deployment records and usage returns, unless they are already
    loaded; return how many of each were added. Nothing commits here."""
    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    today = local_date(utcnow())
    forces = records.ForceIndex()
    deployments = 0 if _loaded(Deployment) else _save_deployments(today, forces)
    returns = 0 if _loaded(UsageReturn) else _save_usage_returns(today, forces)
    return deployments, returns
