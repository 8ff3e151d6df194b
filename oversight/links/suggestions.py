"""Which deployments a complaint may be about, and the links a caseworker makes.

A suggestion is a deployment of the complaint's force dated within a day of the
incident (both sides, inclusive), or in the incident's month when the complainant
gave only the month. Suggestions are ranked, best first, by

1. how many words of the complaint's place the deployment's location name and area
   share (see `place_words`),
2. how near its date is to the incident (the same day before a day either side),
3. its start time, earliest first (a deployment with no start time after those with one),
4. its register number.

A deployment already linked to the case in any state (named by the complainant,
confirmed, or rejected) is never suggested. The window is read in one query on the
index over (force, date); ranking happens in Python over the few rows a window holds.

Also here: the cases linked to a deployment (for the staff deployment page), and the
day's deployments a complainant may pick from in the public journey. The caseworker's
link actions are in oversight.links.services.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from oversight import formatting
from oversight.audit import services as audit
from oversight.complaints.answers import Answers
from oversight.complaints.enums import Technology, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink

MOST_SUGGESTIONS = 10
WINDOW = timedelta(days=1)
# The technologies whose complainants are offered that day's deployments to pick from.
PICKS_A_DEPLOYMENT = (Technology.LFR, Technology.NOT_SURE)

# Words that say nothing about which place it was: joining words, the kinds of street
# (English and Welsh), and words most town-centre places share. Tokens shorter than
# three letters are ignored as well, unless they hold a digit (the A48, the M4).
STOP_WORDS = frozenset(
    """
    about above across after against along and around at before behind beside between
    but by close down for from front got in inside into its just near next not off on
    onto opposite our out outside over past some than that the their then there this
    through towards under was were where which while with within

    avenue boulevard court crescent drive lane parade road square street terrace way

    ffordd heol lon stryd

    area centre center city part town
    """.split()  # noqa: SIM905 (a list of words reads better as words)
)
APOSTROPHE_S = re.compile(r"['’]s\b")
WORD = re.compile(r"[^\W_]+")


def place_words(*texts: str | None) -> frozenset[str]:
    """The words of a place that can tell it apart: lower case, without accents or
    possessive 's, and without the words in STOP_WORDS."""
    words: set[str] = set()
    for text in texts:
        if not text:
            continue
        folded = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(c for c in folded if not unicodedata.combining(c))
        plain = APOSTROPHE_S.sub("", plain).replace("'", "").replace("’", "")
        for word in WORD.findall(plain):
            has_digit = any(c.isdigit() for c in word)
            if (len(word) >= 3 or (has_digit and len(word) >= 2)) and word not in STOP_WORDS:
                words.add(word)
    return frozenset(words)


@dataclass(frozen=True)
class Suggestion:
    deployment: Deployment
    # The words of the complaint's place the deployment shares, in alphabetical order.
    words: tuple[str, ...]
    days_apart: int

    def rank(self) -> tuple[int, int, bool, time, int]:
        start = self.deployment.start_time
        return (
            -len(self.words),
            self.days_apart,
            start is None,
            start or time.min,
            self.deployment.id,
        )


@dataclass(frozen=True)
class Suggestions:
    items: list[Suggestion]
    # Why there are none to look for, when the case cannot have any.
    reason: str | None = None
    # The dates searched, when there was a search.
    first_day: date | None = None
    last_day: date | None = None


def window(complaint: Complaint, near: timedelta = WINDOW) -> tuple[date, date] | None:
    """The dates a deployment may fall on to be suggested for this complaint: within
    `near` of its incident, or in its month when the date is approximate."""
    when = complaint.incident_date
    if when is None:
        return None
    if complaint.incident_date_approximate:
        last = calendar.monthrange(when.year, when.month)[1]
        return when.replace(day=1), when.replace(day=last)
    return when - near, when + near


def suggest(complaint: Complaint, limit: int = MOST_SUGGESTIONS) -> Suggestions:
    """The deployments this complaint may be about, best first (see the module's notes)."""
    if complaint.force_id is None:
        return Suggestions([], str(_l("The complaint does not say which police force it was.")))
    dates = window(complaint)
    if dates is None:
        return Suggestions([], str(_l("The complaint does not say when it happened.")))
    first, last = dates
    linked = sa.select(DeploymentLink.deployment_id).where(
        DeploymentLink.complaint_id == complaint.id
    )
    candidates = db.session.scalars(
        sa.select(Deployment).where(
            Deployment.force_id == complaint.force_id,
            Deployment.deployed_on.between(first, last),
            Deployment.id.not_in(linked),
        )
    )
    place = place_words(complaint.place)
    exact_day = complaint.incident_date if not complaint.incident_date_approximate else None
    found = [
        Suggestion(
            deployment=deployment,
            words=tuple(
                sorted(place & place_words(deployment.location_name, deployment.location_area))
            ),
            days_apart=abs((deployment.deployed_on - exact_day).days) if exact_day else 0,
        )
        for deployment in candidates
    ]
    found.sort(key=Suggestion.rank)
    return Suggestions(found[:limit], first_day=first, last_day=last)


# Reading links ---------------------------------------------------------------------------

SHOWN = (LinkState.CONFIRMED, LinkState.NAMED_BY_COMPLAINANT)


def links_of(complaint: Complaint, states: tuple[LinkState, ...] = SHOWN) -> list[DeploymentLink]:
    """The case's links in these states, with their deployments, in date order."""
    return list(
        db.session.scalars(
            sa.select(DeploymentLink)
            .join(DeploymentLink.deployment)
            .options(joinedload(DeploymentLink.deployment).joinedload(Deployment.force))
            .where(DeploymentLink.complaint_id == complaint.id, DeploymentLink.state.in_(states))
            .order_by(Deployment.deployed_on, Deployment.start_time, Deployment.id)
        )
    )


def links_for_deployment(deployment_id: int) -> list[DeploymentLink]:
    """The cases linked to a deployment (confirmed or named by the complainant), with
    each complaint loaded, oldest complaint first: for the staff deployment page."""
    return list(
        db.session.scalars(
            sa.select(DeploymentLink)
            .join(DeploymentLink.complaint)
            .options(joinedload(DeploymentLink.complaint))
            .where(DeploymentLink.deployment_id == deployment_id, DeploymentLink.state.in_(SHOWN))
            .order_by(Complaint.received_at, Complaint.id)
        )
    )


def published_on(force_slug: str, day: date) -> list[Deployment]:
    """A force's live facial recognition deployments on one day, as the register lists
    them: for the complainant to pick from."""
    return list(
        db.session.scalars(
            sa.select(Deployment)
            .join(Force, Force.id == Deployment.force_id)
            .where(
                Force.slug == force_slug,
                Deployment.deployed_on == day,
                Deployment.technology == Technology.LFR,
            )
            .order_by(Deployment.start_time, Deployment.location_name, Deployment.id)
        )
    )


def any_published_on(force_slug: str, day: date) -> bool:
    """Whether `published_on` would list anything (one indexed look-up)."""
    found = db.session.scalar(
        sa.select(Deployment.id)
        .join(Force, Force.id == Deployment.force_id)
        .where(
            Force.slug == force_slug,
            Deployment.deployed_on == day,
            Deployment.technology == Technology.LFR,
        )
        .limit(1)
    )
    return found is not None


def describe(deployment: Deployment) -> str:
    """One line that tells a deployment apart: number, date, times and place."""
    place = ", ".join(p for p in (deployment.location_name, deployment.location_area) if p)
    when = formatting.long_date(deployment.deployed_on)
    times = times_of(deployment)
    return str(
        _(
            "deployment %(number)s, %(date)s%(times)s, %(place)s",
            number=deployment.id,
            date=when,
            times=f" {times}" if times else "",
            place=place,
        )
    )


def times_of(deployment: Deployment) -> str:
    start, end = deployment.start_time, deployment.end_time
    if start and end:
        return str(_("%(start)s to %(end)s", start=f"{start:%H:%M}", end=f"{end:%H:%M}"))
    if start:
        return str(_("from %(start)s", start=f"{start:%H:%M}"))
    if end:
        return str(_("until %(end)s", end=f"{end:%H:%M}"))
    return ""


# What the complainant picked -----------------------------------------------------------------


def find(deployment_id: int) -> Deployment | None:
    return db.session.get(Deployment, deployment_id)


def existing_link(complaint: Complaint, deployment: Deployment) -> DeploymentLink | None:
    """The case's link to this deployment, in whatever state."""
    return db.session.scalar(
        sa.select(DeploymentLink).where(
            DeploymentLink.complaint_id == complaint.id,
            DeploymentLink.deployment_id == deployment.id,
        )
    )


def record_link_change(
    complaint: Complaint, deployment: Deployment, state: str, actor: str, body: str
) -> None:
    """A timeline entry and the audit event for any change to a case's deployment links."""
    db.session.add(
        TimelineEntry(complaint_id=complaint.id, kind=TimelineKind.LINK, actor=actor, body=body)
    )
    audit.record(
        "case.deployment_link_changed",
        actor=actor,
        object_type="case",
        object_id=complaint.reference,
        reference=complaint.reference,
        deployment=str(deployment.id),
        state=state,
    )


def named_in_answers(
    answers: Answers, force: Force | None, technology: Technology
) -> Deployment | None:
    """The deployment a complainant picked, if the pick still fits their answers: a live
    facial recognition deployment of their force on the exact day they gave. A pick
    left over from earlier answers (another force, day or technology) is dropped."""
    picked = str(answers.get("deployment") or "")
    if not picked.isdecimal() or force is None or technology not in PICKS_A_DEPLOYMENT:
        return None
    if answers.get("incident_date_approximate") or not answers.get("incident_date"):
        return None
    deployment = find(int(picked))
    if (
        deployment is None
        or deployment.force_id != force.id
        or deployment.deployed_on != date.fromisoformat(answers["incident_date"])
        or deployment.technology is not Technology.LFR
    ):
        return None
    return deployment


def record_named(complaint: Complaint, deployment: Deployment, actor: str) -> DeploymentLink:
    """The complainant picked this deployment when they filed the complaint."""
    link = DeploymentLink(
        complaint_id=complaint.id,
        deployment_id=deployment.id,
        state=LinkState.NAMED_BY_COMPLAINANT,
        created_by=actor,
    )
    db.session.add(link)
    body = _("Deployment named by the complainant: %(deployment)s", deployment=describe(deployment))
    record_link_change(complaint, deployment, LinkState.NAMED_BY_COMPLAINANT.value, actor, body)
    return link
