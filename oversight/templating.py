"""Helpers the templates share: headings inside questions, error summaries, dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import format_date
from flask_wtf import FlaskForm


def page_legend(text: Any) -> dict[str, Any]:
    """A fieldset whose legend is the page's heading (one question a page)."""
    return {"legend": {"text": text, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}}


def page_label(text: Any) -> dict[str, Any]:
    """A label that is the page's heading."""
    return {"text": text, "isPageHeading": True, "classes": "govuk-label--l"}


def error_list(form: FlaskForm) -> list[dict[str, str]]:
    """The error summary's items, each linking to the first input of its field."""
    items = []
    for field in form:
        if not field.errors:
            continue
        target = getattr(field, "first_error_id", field.id)
        items.append({"text": str(field.errors[0]), "href": f"#{target}"})
    return items


def long_date(value: date | datetime | None) -> str:
    return format_date(value, "d MMMM yyyy") if value else ""


def init_app(app: Flask) -> None:
    from oversight.policy import CASE_ROLES, RECORD_ROLES

    app.jinja_env.globals.update(
        page_legend=page_legend,
        page_label=page_label,
        error_list=error_list,
        case_roles=CASE_ROLES,
        record_roles=RECORD_ROLES,
    )
    app.jinja_env.filters["long_date"] = long_date
