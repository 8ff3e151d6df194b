"""Ids of their own for every form on the case page.

The case page shows a dozen forms at once, and several share field names (a triage and
a change of status both have `reason`, `referred_to` and `note`; a note and a
recommendation both have `text`). Names stay as they are (the actions read them), but
each field's id takes its form's name as a prefix ("triage-reason", "move-reason"), on
the blank forms and on the one sent back with errors alike, so labels, hints, error
messages and the error summary's links all point at the field they are about.
"""

from __future__ import annotations

from wtforms import Field

from oversight.forms import Form


def prefix_of(form_name: str) -> str:
    """ "triage_form" -> "triage"."""
    return form_name.removesuffix("_form").replace("_", "-")


def field_id(prefix: str, field: Field) -> str:
    name = field.name.replace("_", "-")
    return name if name.startswith(f"{prefix}-") else f"{prefix}-{name}"


def give_ids(form_name: str, form: Form, prefix: str | None = None) -> Form:
    """Give every field of `form` whose id is its name (WTForms' default) an id led by
    the form's name; a field given an id of its own keeps it."""
    prefix = prefix or prefix_of(form_name)
    for field in form:
        if field.type == "CSRFTokenField" or field.id != field.name:
            continue
        field.id = field_id(prefix, field)
        field.label.field_id = field.id
    return form
