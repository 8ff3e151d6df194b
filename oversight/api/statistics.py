"""Published statistics releases in the open API.

`/statistics/releases` lists the current revision of every published release, each with
the addresses of its downloads and of every earlier revision; `/statistics/releases/<slug>`
is one release with its content (the current revision, or `?revision=N`). Each release
carries its statement (status, quality, revisions policy, contact, next release:
statistics/outputs/statement.py); `/statistics/calendar` is the release calendar. Only published
revisions, and those a later revision superseded, are ever shown: a draft or an approved
release waiting for its time is not found, as if it did not exist. Like the register's
reads, these are open to anyone and limited per address (OPEN_API_RATE_LIMIT).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypedDict

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import defer

from oversight.access import public
from oversight.api import errors
from oversight.api.errors import ApiError
from oversight.api.reads import WHOLE_NUMBER, parameter_problems
from oversight.api.schemas import Problem
from oversight.extensions import db, limiter
from oversight.statistics import calendar, services
from oversight.statistics.calendar_models import CalendarCancellation
from oversight.statistics.content import PeriodJson
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import statement, tidy

# The API's own blueprint under its prefix, answering as the rest of the open API does:
# in JSON, errors too, and within the same limit per address (a shared scope).
bp = Blueprint("api_statistics", __name__, url_prefix="/api/v1/statistics")
errors.init_blueprint(bp)
limiter.shared_limit(
    lambda: current_app.config["OPEN_API_RATE_LIMIT"],
    scope="open-api",
    methods=["GET", "HEAD"],
)(bp)


class Links(TypedDict):
    api: str
    csv: str
    json: str
    spreadsheet: str


class RevisionJson(tidy.ReleaseMetadata):
    links: Links


class ReleaseJson(RevisionJson):
    revisions: list[RevisionJson]
    statement: statement.Statement


class ChangeJson(TypedDict):
    changed_at: str
    old_date: str
    new_date: str
    reason: str


class CancellationJson(TypedDict):
    cancelled_at: str
    release_date: str  # the day it had been announced for
    reason: str


class CalendarEntryJson(TypedDict):
    slug: str
    period: PeriodJson
    release_date: str
    publish_at: str
    status: str  # announced, delayed, cancelled or published
    changes: list[ChangeJson]
    cancellation: CancellationJson | None  # while it is cancelled
    cancellations: list[CancellationJson]  # every one, oldest first
    release: str | None  # the published release in the API, once out


def links(release: StatisticsRelease) -> Links:
    """Where this revision is: in the API and as each download."""

    def at(endpoint: str) -> str:
        return url_for(endpoint, slug=release.slug, revision=release.revision)

    return {
        "api": at("api_statistics.release"),
        "csv": at("statistics_downloads.csv"),
        "json": at("statistics_downloads.json"),
        "spreadsheet": at("statistics_downloads.xlsx"),
    }


def revision_json(release: StatisticsRelease) -> RevisionJson:
    return {**tidy.metadata(release), "links": links(release)}


def release_json(release: StatisticsRelease, every: list[StatisticsRelease]) -> ReleaseJson:
    """A revision with its links and every published revision of its period, newest first."""
    return {
        **revision_json(release),
        "revisions": [revision_json(each) for each in every],
        "statement": statement.statement(),
    }


def cancellation_json(cancellation: CalendarCancellation) -> CancellationJson:
    return {
        "cancelled_at": cancellation.cancelled_at.isoformat(),
        "release_date": cancellation.release_date.isoformat(),
        "reason": cancellation.reason,
    }


def calendar_entry_json(listing: calendar.Listing) -> CalendarEntryJson:
    entry = listing.entry
    status = (
        "published"
        if listing.release
        else "cancelled"
        if listing.cancellation
        else "delayed"
        if listing.late
        else "announced"
    )
    current = listing.cancellation
    return {
        "slug": entry.slug,
        "period": entry.period.as_json(),
        "release_date": entry.release_date.isoformat(),
        "publish_at": entry.publish_at.isoformat(),
        "status": status,
        "changes": [
            {
                "changed_at": change.changed_at.isoformat(),
                "old_date": change.old_date.isoformat(),
                "new_date": change.new_date.isoformat(),
                "reason": change.reason,
            }
            for change in entry.changes
        ],
        "cancellation": cancellation_json(current) if current is not None else None,
        "cancellations": [cancellation_json(each) for each in entry.cancellations],
        "release": url_for("api_statistics.release", slug=entry.slug) if listing.release else None,
    }


def _no_parameters_but(*allowed: str) -> None:
    problems = parameter_problems(
        allowed, lambda name: _("%(name)s is not a parameter of this address", name=name)
    )
    if problems:
        raise ApiError(400, _("Check the parameters named in errors"), problems)


def _revision() -> int | None:
    text = request.args.get("revision")
    if text is None:
        return None
    if WHOLE_NUMBER.fullmatch(text) and 0 < int(text) <= tidy.LARGEST_REVISION:
        return int(text)
    raise ApiError(
        400,
        _("Check the parameters named in errors"),
        [Problem("revision", _("revision must be a whole number from 1, like 2"))],
    )


def _not_found() -> ApiError:
    return ApiError(
        404,
        _(
            "No published statistics release has this period and revision. "
            "/api/v1/statistics/releases lists them"
        ),
    )


@bp.get("/releases")
@public
def releases() -> Response:
    _no_parameters_but()
    services.publish_due_and_commit()
    # Every public revision at once, without their contents: the list shows none.
    found = db.session.scalars(
        sa.select(StatisticsRelease)
        .where(services.PUBLIC)  # never a release for given dates
        .options(defer(StatisticsRelease.content))
        .order_by(
            StatisticsRelease.period_end.desc(),
            StatisticsRelease.period_start,
            StatisticsRelease.revision.desc(),
        )
    )
    by_slug: dict[str, list[StatisticsRelease]] = defaultdict(list)
    for release in found:
        by_slug[release.slug].append(release)
    items = [
        release_json(every[0], every)
        for every in by_slug.values()
        if every[0].status is ReleaseStatus.PUBLISHED
    ]
    return jsonify(items=items)


@bp.get("/releases/<slug>")
@public
def release(slug: str) -> Response:
    _no_parameters_but("revision")
    revision = _revision()
    services.publish_due_and_commit()
    release = services.published(slug, revision)  # None too for what is no period's slug
    if release is None:
        raise _not_found()
    return jsonify({**release_json(release, services.revisions(slug)), "content": release.content})


@bp.get("/calendar")
@public
def release_calendar() -> Response:
    """The release calendar: upcoming releases, soonest first, then past ones, newest first."""
    _no_parameters_but()
    services.publish_due_and_commit()
    upcoming, past = calendar.listings()
    return jsonify(
        upcoming=[calendar_entry_json(listing) for listing in upcoming],
        past=[calendar_entry_json(listing) for listing in past],
        next_release=statement.next_release(),
    )
