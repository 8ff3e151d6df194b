"""The open register in JSON: records as the API shows them, filters, and pages.

Lists filter through the same queries as the public pages and their CSV download
(deployments/records/queries.py), so each shows the same records for the same filters.
Nothing about complaints is ever shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import request, url_for
from flask_babel import gettext as _

from oversight.api.errors import ApiError
from oversight.api.schemas import DATE_PATTERN, Kind, Problem, Record
from oversight.complaints.enums import Technology
from oversight.deployments.records import ForceIndex, snapshot
from oversight.deployments.records.queries import RegisterFilters
from oversight.extensions import db
from oversight.forces.models import force_by_slug
from oversight.forms import CONTROL, QUERY_MAX

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
LARGEST_ID = 2**31 - 1  # an INTEGER column: beyond it, no record (nor a query) can be
PARAMETERS = ("force", "technology", "from", "to", "limit", "offset")
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def record_json(record: Record, kind: Kind, forces: ForceIndex | None = None) -> dict[str, Any]:
    """A record as the API shows it: its fields (force by slug), id, version and times.
    Without `forces`, the record's own force is read."""
    return {
        "id": record.id,
        **snapshot(record, kind.fields, forces),
        "version": record.version,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def etag(record: Record) -> str:
    return f'"{record.version}"'


@dataclass(frozen=True)
class Page:
    filters: RegisterFilters
    limit: int
    offset: int


def parameter_problems(allowed: Iterable[str], unknown: Callable[[str], str]) -> list[Problem]:
    """A problem for each query parameter that is not `allowed` (saying `unknown(name)`)
    or is given more than once."""
    problems = []
    for name in request.args:
        if name not in allowed:
            problems.append(Problem(name, unknown(name)))
        elif len(request.args.getlist(name)) > 1:
            problems.append(Problem(name, _("Give %(name)s once", name=name)))
    return problems


def _readable(name: str, text: str | None, problems: list[Problem]) -> str | None:
    """A query parameter the database can be asked about: none with a control character
    (PostgreSQL refuses a NUL) or longer than any value of a filter; those are a problem."""
    if text is None:
        return None
    if CONTROL.search(text) or len(text) > QUERY_MAX:
        if not any(problem.field == name for problem in problems):
            problems.append(
                Problem(
                    name,
                    _(
                        "%(name)s must be at most %(max)s characters, with no control characters",
                        name=name,
                        max=QUERY_MAX,
                    ),
                )
            )
        return None
    return text


def read_filters(technologies: tuple[Technology, ...]) -> Page:
    """The list's filters and page from the query string, or a 400 naming each bad one."""
    problems = parameter_problems(
        PARAMETERS,
        lambda name: _(
            "%(name)s is not a filter. Use force, technology, from, to, limit or offset",
            name=name,
        ),
    )

    def value(name: str) -> str | None:
        return _readable(name, request.args.get(name), problems)

    force_id = None
    if value("force") is not None:
        force = force_by_slug(value("force") or "")
        if force is None:
            problems.append(
                Problem("force", _("force must be a force’s slug, as /api/v1/forces lists them"))
            )
        else:
            force_id = force.id
    technology = None
    if value("technology") is not None:
        allowed = {member.value: member for member in technologies}
        technology = allowed.get(value("technology") or "")
        if technology is None:
            problems.append(
                Problem(
                    "technology",
                    _("technology must be one of: %(names)s", names=", ".join(allowed)),
                )
            )
    dates = {name: _date(name, value(name), problems) for name in ("from", "to")}
    limit = _number("limit", value("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, problems)
    offset = _number("offset", value("offset"), 0, 0, MAX_OFFSET, problems)
    if problems:
        raise ApiError(400, _("Check the filters named in errors"), problems)
    return Page(RegisterFilters(force_id, technology, dates["from"], dates["to"]), limit, offset)


def _date(name: str, text: str | None, problems: list[Problem]) -> date | None:
    if text is None:
        return None
    if re.fullmatch(DATE_PATTERN, text):
        year, month, day = (int(part) for part in text.split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            pass
    problems.append(Problem(name, _("%(name)s must be a real date like 2025-09-28", name=name)))
    return None


def _number(
    name: str, text: str | None, default: int, low: int, high: int, problems: list[Problem]
) -> int:
    if text is None:
        return default
    if WHOLE_NUMBER.fullmatch(text) and low <= int(text) <= high:
        return int(text)
    problems.append(
        Problem(
            name,
            _(
                "%(name)s must be a whole number from %(low)s to %(high)s",
                name=name,
                low=low,
                high=high,
            ),
        )
    )
    return default


def page_json(query: sa.Select[Any], page: Page, kind: Kind) -> dict[str, Any]:
    """One page of the query's records, with the total and the address of the next page."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    rows = list(db.session.scalars(query.limit(page.limit).offset(page.offset)))
    forces = ForceIndex()
    following = page.offset + page.limit
    next_page = None
    if following < (total or 0) and following <= MAX_OFFSET:
        # read_filters let through only known parameters, each once
        args: dict[str, Any] = {**request.args, "limit": page.limit, "offset": following}
        next_page = url_for(request.endpoint or "", **args)
    return {
        "items": [record_json(row, kind, forces) for row in rows],
        "total": total or 0,
        "limit": page.limit,
        "offset": page.offset,
        "next": next_page,
    }
