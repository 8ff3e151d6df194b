"""CSV downloads of the register: every record the filters show, in the order the pages
show them, streamed in chunks so a large register never sits in memory at once.

Headings are the field labels the import reads (records.DEPLOYMENT_FIELDS and
USAGE_FIELDS), dates are ISO, times HH:MM, a figure not known is a blank cell, and a
text cell that a spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from flask import Response, stream_with_context
from flask_babel import gettext as _

from oversight import formatting
from oversight.complaints.enums import Labelled
from oversight.deployments.records import (
    DEPLOYMENT_FIELDS,
    USAGE_FIELDS,
    Field,
    ForceIndex,
    queries,
)
from oversight.extensions import db

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500
# Spreadsheet programs read the file as UTF-8 (curly apostrophes, Welsh names) with this.
BYTE_ORDER_MARK = "\ufeff"

Column = tuple[str, Callable[[Any], Any]]


def safe_text(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula. Figures are written as numbers,
    never as text, so they need no guard (and a negative longitude stays a number)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _iso(value: date | datetime) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _number(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    return safe_text(str(value))


def _columns(fields: tuple[Field, ...], forces: ForceIndex) -> list[Column]:
    """Each column's database column and how to write its value (None stays blank).
    Labels and force names are worked out once per download, not once per row."""
    labels: dict[Any, str] = {}

    def label(member: Labelled) -> str:
        if member not in labels:
            labels[member] = safe_text(member.label)
        return labels[member]

    def force_name(force_id: int) -> str:
        if force_id not in labels:
            labels[force_id] = safe_text(forces.by_id(force_id).name)
        return labels[force_id]

    writers: dict[str, Callable[[Any], Any]] = {
        "force": force_name,
        "technology": label,
        "source": label,
        "date": _iso,
        "time": formatting.clock_time,
        "count": _number,
        "latitude": _number,
        "longitude": _number,
    }
    columns: list[Column] = [("id", _number)]
    for spec in fields:
        name = "force_id" if spec.kind == "force" else spec.name
        columns.append((name, writers.get(spec.kind, _text)))
    return [*columns, ("version", _number), ("updated_at", _iso)]


def _headings(fields: tuple[Field, ...]) -> list[str]:
    return [
        _("Register record"),
        *(str(spec.label) for spec in fields),
        _("Version"),
        _("Last changed"),
    ]


def _rows(query: Any, fields: tuple[Field, ...]) -> Iterator[list[Any]]:
    """Read as the response is sent: by then the view's session has closed, and this
    runs in the request's context pushed again, with a session of its own."""
    columns = _columns(fields, ForceIndex())
    # The same query (filters and order) for plain columns: no ORM object per row.
    table = query.column_descriptions[0]["entity"].__table__
    rows = db.session.execute(
        query.with_only_columns(*table.columns).execution_options(yield_per=CHUNK_ROWS)
    )
    for row in rows:
        values = row._mapping
        yield ["" if values[name] is None else write(values[name]) for name, write in columns]


def csv_lines(headings: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """A CSV file for spreadsheets (UTF-8 with its byte order mark), in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow(headings)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _download(query: Any, fields: tuple[Field, ...], filename: str) -> Response:
    lines = csv_lines(_headings(fields), _rows(query, fields))
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def deployments(filters: queries.RegisterFilters, filename: str) -> Response:
    return _download(queries.deployments_query(filters), DEPLOYMENT_FIELDS, filename)


def usage_returns(filters: queries.RegisterFilters, filename: str) -> Response:
    return _download(queries.usage_returns_query(filters), USAGE_FIELDS, filename)
