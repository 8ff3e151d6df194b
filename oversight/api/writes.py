"""A force system's submissions: reading the body, checking it, saving the record.

A body is first held to the published schema (schemas.check_body: an object, known
fields, JSON types, patterns), then read by the one validator (records.clean_*), then
saved by the services, which keep the record's history and audit the change. A token
touches its own force's records only: a record of another force, or a body naming
another force, is refused (403), audited, and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import sqlalchemy as sa
from flask import g, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from oversight.api import schemas
from oversight.api.errors import ApiError
from oversight.api.schemas import Problem, Record
from oversight.api.tokens.models import ForceToken
from oversight.audit import services as audit
from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Source, Via
from oversight.extensions import db
from oversight.forces.models import Force

JSON_TYPES = frozenset({"application/json", "application/merge-patch+json"})


@dataclass(frozen=True)
class Writer:
    """How one kind of record is read, saved and shown."""

    kind: schemas.Kind
    clean: Callable[..., records.Cleaned]
    save: Callable[..., services.Saved]


DEPLOYMENTS = Writer(schemas.DEPLOYMENT, records.clean_deployment, services.save_deployment)
USAGE_RETURNS = Writer(schemas.USAGE_RETURN, records.clean_usage_return, services.save_usage_return)


def token() -> ForceToken:
    found: ForceToken = g.force_token
    return found


def actor() -> str:
    return f"force-token:{token().id}"


def refuse_other_force(object_type: str, object_id: str | None, problem: Problem) -> NoReturn:
    """A token reaching for another force's record: audited, refused, nothing changed."""
    audit.record(
        "api.refused",
        actor=actor(),
        object_type=object_type,
        object_id=object_id,
        outcome=audit.DENIED,
        endpoint=request.endpoint or "",
        reason="other_force",
    )
    raise ApiError(403, problem.message, [problem])


def check_own(record: Record, kind: schemas.Kind) -> None:
    """Refuse (403) a record of another force than the token's."""
    own = token()
    if record.force_id != own.force_id:
        refuse_other_force(
            kind.model.__tablename__,
            str(record.id),
            Problem(
                "force",
                _(
                    "This %(noun)s is another force’s. A token of %(force)s can change only that force’s records.",
                    noun=kind.noun,
                    force=own.force.name,
                ),
            ),
        )


def read_body() -> Any:
    """The request's JSON, or a 415 or 400 saying what is wrong with it."""
    if request.mimetype not in JSON_TYPES:
        raise ApiError(
            415,
            _("Send the record as JSON, with the header Content-Type: application/json"),
            [Problem("Content-Type", _("Content-Type must be application/json"))],
        )
    raw = request.get_data(cache=False)
    problem = Problem("body", _("Send the record as a JSON object in the request body"))
    if not raw.strip():
        raise ApiError(400, problem.message, [problem])
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):  # also bad UTF-8, and numbers too long to read
        raise ApiError(
            400,
            _("The request body is not valid JSON. Check its quotes, commas and brackets."),
            [problem],
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def check_precondition(record: Record) -> None:
    """Refuse (412) a correction whose If-Match names another version than the record's.

    Each answer carries the record's version as a strong entity tag (ETag: "3"); a client
    that sends it back as If-Match is refused if someone changed the record since.
    """
    if "If-Match" not in request.headers:
        return
    tags = request.if_match
    if tags.star_tag or tags.contains(str(record.version)):
        return
    message = _(
        "This record has changed since the version in If-Match: it is now at version %(version)s. Fetch it again, then send your correction.",
        version=record.version,
    )
    raise ApiError(412, message, [Problem("If-Match", message)])


def submit(
    writer: Writer, body: Any, *, record: Record | None = None, partial: bool = False
) -> services.Saved:
    """Check and save a submission: a new record (or the one with the same key), the whole
    of `record` (PUT), or `record` with the body's fields changed (PATCH)."""
    kind = writer.kind
    if record is not None:
        check_precondition(record)
    every_force = list(db.session.scalars(sa.select(Force)))
    forces = records.ForceIndex(every_force)
    own = forces.by_id(token().force_id)
    problems = schemas.check_body(kind, body, [force.slug for force in every_force])
    if problems:
        raise ApiError(422, _invalid(kind), problems)
    named = body.get("force")
    if named is not None and named != own.slug:
        refuse_other_force(
            kind.model.__tablename__,
            str(record.id) if record is not None else None,
            Problem(
                "force",
                _(
                    "This token is %(force)s’s: leave force out, or give %(slug)s",
                    force=own.name,
                    slug=own.slug,
                ),
            ),
        )
    raw = {**records.snapshot(record, kind.fields, forces), **body} if partial else dict(body)
    raw["force"] = own.slug
    cleaned = writer.clean(raw, forces, {"source": Source.FORCE_SUBMISSION.value})
    if not cleaned.ok:
        raise ApiError(
            422,
            _invalid(kind),
            [Problem(name, message) for name, message in cleaned.errors.items()],
        )
    try:
        return writer.save(
            cleaned.values,
            actor=actor(),
            via=Via.API,
            forces=forces,
            record=record,
        )
    except services.RecordProblem as problem:
        raise ApiError(409, problem.message, [Problem(problem.field, problem.message)]) from None
    except IntegrityError:
        raise _saved_at_once() from None


def commit() -> None:
    """The request's one commit; a record saved by another request at the same moment
    (the same force and key) is a conflict to send again, not a server error."""
    try:
        db.session.commit()
    except IntegrityError:
        raise _saved_at_once() from None


def _saved_at_once() -> ApiError:
    db.session.rollback()
    message = _("Another request saved this record at the same moment. Send it again.")
    return ApiError(409, message, [Problem("body", message)])


def _invalid(kind: schemas.Kind) -> str:
    return str(_("The %(noun)s was not saved: correct each field named in errors", noun=kind.noun))
