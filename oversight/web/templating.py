"""Helpers the templates share: headings inside questions, error summaries, pages, and
the filters that write dates, times and numbers (oversight/formatting.py)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf import FlaskForm

from oversight import formatting


def page_legend(text: Any) -> dict[str, Any]:
    """A fieldset whose legend is the page's heading (one question a page)."""
    return {"legend": {"text": text, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}}


def page_label(text: Any) -> dict[str, Any]:
    """A label that is the page's heading."""
    return {"text": text, "isPageHeading": True, "classes": "govuk-label--l"}


def error_list(*forms: FlaskForm | None) -> list[dict[str, str]]:
    """The error summary's items (for templates/macros/error_summary.html): each field's
    first error, linking to the field's first input, form after form."""
    items = []
    for form in forms:
        for field in form or ():
            if not field.errors:
                continue
            target = getattr(field, "first_error_id", field.id)
            items.append({"text": str(field.errors[0]), "href": f"#{target}"})
    return items


def page_numbers(current: int, last: int) -> list[int | None]:
    """The pages to offer (templates/macros/pagination.html): the first, the last, the
    current one and its neighbours, with None where pages are left out."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    shown: list[int | None] = []
    for number in wanted:
        if shown and number - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(number)
    return shown


def init_app(app: Flask) -> None:
    from oversight.policy import CASE_ROLES, RECORD_ROLES

    app.jinja_env.globals.update(
        page_legend=page_legend,
        page_label=page_label,
        error_list=error_list,
        page_numbers=page_numbers,
        case_roles=CASE_ROLES,
        record_roles=RECORD_ROLES,
    )
    app.jinja_env.filters.update(
        long_date=formatting.long_date,
        clock_time=formatting.clock_time,
        timestamp=formatting.timestamp,
        number=formatting.count,
    )
