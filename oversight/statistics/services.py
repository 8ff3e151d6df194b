"""The life of a release: prepare, recompute, approve, publish, revise.

A statistician prepares a draft for a period; it can be recomputed until it is approved.
A publisher who did not prepare it approves it and sets when it is published (a period's
first release only once it is in the release calendar, and then at 09:30 UK time on its
announced day; a revision at the time set: calendar.py); at that
time it becomes public (publish_due, run by `flask statistics publish-due` and, through
publish_due_and_commit, before every public statistics page, download and API read). A
published release never changes: a correction is a new revision of the same period,
prepared and approved the same way, which supersedes the old one when it is published.
Only a period that has ended can be prepared. Only a standard period (a quarter, calendar
or financial year) is ever approved, published or read by the public, and only from the
day its lag for late records (STATISTICS_LAG_DAYS) has passed (`_publishable`, on every
path: prepare for a revision, approve, publish_due, and the public reads): a release for
given dates is for staff analysis. Every step is audited. Services never commit, but for publish_due_and_commit: the pages
and API reads that run it first make no change of their own for it to join.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import defer

from oversight import problems
from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.casework.changes import actor_of
from oversight.extensions import db
from oversight.models import Json, utcnow
from oversight.statistics import calendar, checks, wording
from oversight.statistics.compute import measures
from oversight.statistics.compute.figures import (
    STEPS,
    Progress,
    first_records,
    gather,
    mark_unrecorded,
)
from oversight.statistics.compute.release import build, headlines
from oversight.statistics.content import ReleaseContent
from oversight.statistics.enums import PUBLIC_STATUSES, PeriodKind, ReleaseStatus
from oversight.statistics.models import SLUG_PATTERN, StatisticsRelease
from oversight.statistics.periods import Period, lag_days, not_ended, not_publishable
from oversight.workdays import local_date

# What the public may ever read: a published (or superseded) release of a standard period.
PUBLIC = sa.and_(
    StatisticsRelease.status.in_(PUBLIC_STATUSES),
    StatisticsRelease.period_kind != PeriodKind.CUSTOM,
)

ANNOUNCED_DAY_PASSED = _l(
    "The day announced for this release in the calendar has passed: change its date in "
    "the calendar, with the reason, then approve it"
)


class ReleaseProblem(problems.Problem):
    """A step the release cannot take; the message says why, in plain words.
    `field` names the form field it belongs to, if any."""


class NotPermitted(problems.NotPermitted):
    """The user may not take this step on this release."""


def _publishable(period: Period, at: datetime | None = None) -> None:
    """Refuse a release that could not be published at `at` (now by default): one for
    given dates, ever; a standard period's, before its lag for late records has passed.
    (A time without a timezone is refused by the caller; a time past is published now.)"""
    now = utcnow()
    moment = max(at, now) if at is not None and at.tzinfo else now
    problem = not_publishable(period, local_date(moment), lag_days())
    if problem:
        raise ReleaseProblem(problem, "publish_at")


def compute(period: Period, progress: Progress | None = None) -> ReleaseContent:
    """The release content for a period: the period's figures and its comparison's (the
    same period a year before, which never overlaps it: Period.comparison), with [x] for
    the counts of any time before the register held records (figures.mark_unrecorded);
    its words in English, with the Welsh beside them (wording.py)."""
    steps = 2 * len(STEPS)
    comparison = period.comparison()
    now = gather(period, progress, 0, steps)
    before = gather(comparison, progress, len(STEPS), steps)
    further = measures.gather(period, comparison)
    first = first_records()

    def content() -> ReleaseContent:
        body = build(period, now, before, further)
        return mark_unrecorded(body, period, comparison, first, headlines)

    # Its words in each language, made now and stored: never looked up again.
    made = wording.in_each_language(content)
    english = made.pop(wording.STORED)
    return wording.with_translations(english, made)


def digest(body: ReleaseContent) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _audit(action: str, release: StatisticsRelease, user: User | str, **details: Json) -> None:
    """Audit a step of the release; `details` are the event's own, as audit.EVENTS names them."""
    audit.record(
        action,
        actor=user if isinstance(user, str) else actor_of(user),
        object_type="statistics_release",
        object_id=str(release.id),
        outcome=audit.SUCCESS,
        period=release.slug,
        revision=release.revision,
        **details,
    )


def latest(slug: str) -> StatisticsRelease | None:
    return db.session.scalar(
        sa.select(StatisticsRelease)
        .where(StatisticsRelease.slug == slug)
        .order_by(StatisticsRelease.revision.desc())
        .limit(1)
    )


def prepare(
    period: Period,
    user: User,
    *,
    revision_note: str | None = None,
    progress: Progress | None = None,
) -> StatisticsRelease:
    """A new draft for the period: the first release, or a revision of a published one."""
    if Role.STATISTICIAN not in user.roles:
        raise NotPermitted
    unfinished = not_ended(period, local_date(utcnow()))
    if unfinished:
        raise ReleaseProblem(unfinished, "period")
    previous = latest(period.slug)
    if previous is not None and previous.status in (ReleaseStatus.DRAFT, ReleaseStatus.APPROVED):
        raise ReleaseProblem(
            _l(
                "There is already a release for %(period)s being prepared: change that one",
                period=period.label,
            ),
            "period",
        )
    # PostgreSQL holds no NUL character in text; whatever typed it meant nothing by it.
    revision_note = (revision_note or "").replace("\x00", "").strip() or None
    if previous is not None and not revision_note:
        raise ReleaseProblem(
            _l(
                "%(period)s has been published: say what the revision changes and why",
                period=period.label,
            ),
            "revision_note",
        )
    if previous is not None:
        try:
            _publishable(period)  # a revision only of a period whose lag has passed
        except ReleaseProblem as problem:
            raise ReleaseProblem(str(problem), "period") from None
    body = compute(period, progress)
    now = utcnow()
    release = StatisticsRelease(
        slug=period.slug,
        revision=previous.revision + 1 if previous else 1,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        status=ReleaseStatus.DRAFT,
        content=body,
        content_sha256=digest(body),
        computed_at=now,
        prepared_by_id=user.id,
        prepared_at=now,
        revision_note=revision_note if previous else None,
    )
    db.session.add(release)
    db.session.flush()
    _audit("statistics.prepared", release, user, content_sha256=release.content_sha256)
    return release


def _check_version(release: StatisticsRelease, version: int | None) -> None:
    if version is not None and version != release.version:
        raise ReleaseProblem(
            _l("Someone else changed this release while you had it open. Check it again.")
        )


def recompute(
    release: StatisticsRelease,
    user: User,
    *,
    version: int | None = None,
    progress: Progress | None = None,
) -> bool:
    """Compute a draft again from the register as it is now. True if the figures changed."""
    if Role.STATISTICIAN not in user.roles:
        raise NotPermitted
    if release.status is not ReleaseStatus.DRAFT:
        raise ReleaseProblem(_l("Only a draft can be recomputed"))
    _check_version(release, version)
    body = compute(release.period, progress)
    changed = digest(body) != release.content_sha256
    release.content = body
    release.content_sha256 = digest(body)
    release.computed_at = utcnow()
    release.version += 1
    _audit(
        "statistics.recomputed",
        release,
        user,
        content_sha256=release.content_sha256,
        changed=changed,
    )
    return changed


def approve(
    release: StatisticsRelease, user: User, publish_at: datetime, *, version: int | None = None
) -> None:
    """A publisher who did not prepare the draft approves it for publication at a time."""
    if Role.PUBLISHER not in user.roles:
        raise NotPermitted
    _publishable(release.period, publish_at)
    if release.status is not ReleaseStatus.DRAFT:
        raise ReleaseProblem(_l("Only a draft can be approved"))
    if release.prepared_by_id == user.id:
        raise ReleaseProblem(
            _l("You prepared this release, so someone else must approve it"), "publish_at"
        )
    _check_version(release, version)
    if publish_at.tzinfo is None:
        raise ValueError("publish_at must carry a timezone")
    # A period's first release comes out only as the calendar announces it: at 09:30 UK
    # time on its announced day, no other.
    not_in_calendar = calendar.unannounced(release)
    if not_in_calendar:
        raise ReleaseProblem(not_in_calendar, "publish_at")
    announced = calendar.announced_moment(release)
    if announced is not None and announced < utcnow():
        raise ReleaseProblem(ANNOUNCED_DAY_PASSED, "publish_at")
    if announced is not None:
        _publishable(release.period, announced)  # announced before the lag grew, perhaps
    publish_at = announced or publish_at
    # Last of the checks, as it is the one that costs: never while an attacker holding
    # every release out could narrow a [c] too far.
    if checks.disclosure_risks(release):
        raise ReleaseProblem(
            _l(
                "This release cannot be approved: a count shown as [c] could be worked out, or narrowed too far, from it and the releases already out. The disclosure check on this page lists each one."
            )
        )
    release.status = ReleaseStatus.APPROVED
    release.approved_by_id = user.id
    release.approved_at = utcnow()
    release.publish_at = max(publish_at, release.approved_at)
    release.version += 1
    _audit(
        "statistics.approved",
        release,
        user,
        content_sha256=release.content_sha256,
        publish_at=release.publish_at.isoformat(timespec="minutes"),
    )


def withdraw_approval(
    release: StatisticsRelease, user: User, *, version: int | None = None
) -> None:
    """Before its time comes, a publisher can take an approval back: it is a draft again."""
    if Role.PUBLISHER not in user.roles:
        raise NotPermitted
    if release.status is not ReleaseStatus.APPROVED:
        raise ReleaseProblem(
            _l("Only an approved release that is not yet published can go back to draft")
        )
    _check_version(release, version)
    release.back_to_draft()
    _audit("statistics.approval_withdrawn", release, user)


def publish_due(now: datetime | None = None) -> list[StatisticsRelease]:
    """Publish every approved release whose time has come, superseding what it revises.
    Returns the releases this call published (none that another request got to first)."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            sa.select(StatisticsRelease)
            .where(
                StatisticsRelease.status == ReleaseStatus.APPROVED,
                StatisticsRelease.publish_at <= now,
                StatisticsRelease.period_kind != PeriodKind.CUSTOM,
            )
            .order_by(StatisticsRelease.publish_at, StatisticsRelease.id)
            .with_for_update(skip_locked=True)
        )
    )
    due = [release for release in due if not calendar.held_back(release, now)]
    published_now = []
    for release in due:
        assert release.publish_at is not None  # an approved release has its time
        if not_publishable(release.period, local_date(release.publish_at), lag_days()):
            continue  # approved before the rule, for a time too soon: never published
        # Only one request publishes it: the update takes effect once. (Session.execute
        # is typed as giving a Result, which has no rowcount; an UPDATE's CursorResult has.)
        taken = db.session.execute(  # type: ignore[attr-defined]
            sa.update(StatisticsRelease)
            .where(
                StatisticsRelease.id == release.id,
                StatisticsRelease.status == ReleaseStatus.APPROVED,
            )
            .values(
                status=ReleaseStatus.PUBLISHED,
                published_at=release.publish_at,
                version=StatisticsRelease.version + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if not taken:
            continue
        db.session.refresh(release)
        for older in db.session.scalars(
            sa.select(StatisticsRelease).where(
                StatisticsRelease.slug == release.slug,
                StatisticsRelease.revision < release.revision,
                StatisticsRelease.status == ReleaseStatus.PUBLISHED,
            )
        ):
            older.status = ReleaseStatus.SUPERSEDED
            older.superseded_at = release.published_at
            older.version += 1
            _audit("statistics.superseded", older, "system", by_revision=release.revision)
        _audit("statistics.published", release, "system", content_sha256=release.content_sha256)
        published_now.append(release)
    db.session.flush()
    return published_now


def publish_due_and_commit() -> None:
    """Publish what has come due and commit it, so a read shows every release as it is now:
    run before each public statistics page, download and API read, and by the staff pages."""
    if publish_due():
        db.session.commit()


def published(slug: str, revision: int | None = None) -> StatisticsRelease | None:
    """A release the public can read: the newest published revision, or a given one.
    None for anything that is not a period's slug, before it reaches the database."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        return None
    query = sa.select(StatisticsRelease).where(StatisticsRelease.slug == slug, PUBLIC)
    if revision is not None:
        query = query.where(StatisticsRelease.revision == revision)
    return db.session.scalar(query.order_by(StatisticsRelease.revision.desc()).limit(1))


def revisions(slug: str) -> list[StatisticsRelease]:
    """Every published revision of a period's release, newest first."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        return []
    return list(
        db.session.scalars(
            sa.select(StatisticsRelease)
            .where(StatisticsRelease.slug == slug, PUBLIC)
            .order_by(StatisticsRelease.revision.desc())
            .options(defer(StatisticsRelease.content))  # the history needs no tables
        )
    )


def published_releases() -> list[StatisticsRelease]:
    """The current revision of every published release, newest period first."""
    return list(
        db.session.scalars(
            sa.select(StatisticsRelease)
            .where(
                StatisticsRelease.status == ReleaseStatus.PUBLISHED,
                StatisticsRelease.period_kind != PeriodKind.CUSTOM,
            )
            .order_by(StatisticsRelease.period_end.desc(), StatisticsRelease.period_start)
            .options(defer(StatisticsRelease.content))  # the list needs no tables
        )
    )
