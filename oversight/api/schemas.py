"""The JSON shape of a record, built from the one description of its fields.

`field_schema` turns each field of records.DEPLOYMENT_FIELDS / USAGE_FIELDS into the JSON
Schema the OpenAPI document publishes, and `check_body` holds a request body to exactly
that schema before the one validator (records.clean_*) reads it. So the document and the
API never disagree: what the document refuses, the API refuses, naming each field.
The figures' limits are the validator's (records.BIG_COUNTS: a count in an INTEGER column
stops at 2,147,483,647 on PostgreSQL).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from oversight.deployments.records import DEPLOYMENT_FIELDS, USAGE_FIELDS, Field, largest_count
from oversight.deployments.records.enums import Source
from oversight.deployments.records.models import Deployment, UsageReturn

# Dates as 2025-09-28 and times as 09:30 (the forms and files take other spellings too;
# the API takes one). Patterns are anchored, as JSON Schema's are searched.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
URL_PATTERN = r"^https?://[^\s/?#\[\]]+([/?#]\S*)?$"
# Text holds no control character but tab and line breaks (PostgreSQL cannot store a NUL
# at all); a required text has something besides spaces (and a NUL is no "something").
CONTROL_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
TEXT_PATTERN = rf"^[^{CONTROL_CLASS}]*$"
REQUIRED_TEXT_PATTERN = rf"^[^{CONTROL_CLASS}]*[^\s{CONTROL_CLASS}][^{CONTROL_CLASS}]*$"
CONTROL_CHARACTER = re.compile(rf"[{CONTROL_CLASS}]")


# A record the API takes and shows: each kind has an id, a force, a version and its times.
Record = Deployment | UsageReturn


@dataclass(frozen=True)
class Kind:
    """A kind of record the API takes: its fields, its table and what it is called."""

    name: str  # the OpenAPI schema's name
    fields: tuple[Field, ...]
    model: type[Record]
    noun: str


DEPLOYMENT = Kind("Deployment", DEPLOYMENT_FIELDS, Deployment, "deployment record")
USAGE_RETURN = Kind("UsageReturn", USAGE_FIELDS, UsageReturn, "usage return")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field (or parameter) of a request."""

    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def field_schema(spec: Field, force_slugs: Iterable[str]) -> dict[str, Any]:
    """The JSON Schema of one field's value in a request (null means not known)."""
    schema: dict[str, Any]
    if spec.kind == "force":
        schema = {"type": "string", "enum": sorted(force_slugs)}
    elif spec.kind == "technology":
        schema = {"type": "string", "enum": [member.value for member in spec.choices]}
    elif spec.kind == "source":
        schema = {"type": "string", "enum": [member.value for member in Source]}
    elif spec.kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif spec.kind == "time":
        schema = {"type": "string", "pattern": TIME_PATTERN, "examples": ["09:30"]}
    elif spec.kind == "count":
        schema = {"type": "integer", "minimum": 0, "maximum": largest_count(spec)}
    elif spec.kind in ("latitude", "longitude"):
        limit = 90 if spec.kind == "latitude" else 180
        schema = {"type": "number", "minimum": -limit, "maximum": limit}
    elif spec.kind == "url":
        schema = {"type": "string", "pattern": URL_PATTERN}
    else:
        pattern = REQUIRED_TEXT_PATTERN if spec.required else TEXT_PATTERN
        schema = {"type": "string", "pattern": pattern}
    if spec.max_length:
        schema["maxLength"] = spec.max_length
    schema["description"] = str(spec.label)
    if not spec.required:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def input_properties(kind: Kind, force_slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
    slugs = list(force_slugs)
    return {spec.name: field_schema(spec, slugs) for spec in kind.fields}


def required_fields(kind: Kind) -> list[str]:
    """Fields a whole record must give. The force may be left out: it is the token's."""
    return [spec.name for spec in kind.fields if spec.required and spec.kind != "force"]


def record_schema(kind: Kind, slugs: list[str]) -> dict[str, Any]:
    """A record as the API shows it. Limits that only guard input (patterns of free text,
    the largest count) are left out: a record that came from a file may predate them."""
    columns = kind.model.__table__.c
    properties: dict[str, Any] = {"id": {"type": "integer", "minimum": 1}}
    for spec in kind.fields:
        schema = field_schema(spec, slugs)
        if spec.kind in ("text", "url"):
            schema.pop("pattern")
        if spec.kind == "count":
            schema.pop("maximum")
        column = columns["force_id" if spec.kind == "force" else spec.name]
        if not column.nullable and isinstance(schema["type"], list):
            schema["type"] = schema["type"][0]
            if "enum" in schema:
                schema["enum"] = [value for value in schema["enum"] if value is not None]
        properties[spec.name] = schema
    properties.update(
        version={
            "type": "integer",
            "minimum": 1,
            "description": "Goes up by one with each correction",
        },
        created_at={"type": "string", "format": "date-time"},
        updated_at={"type": "string", "format": "date-time"},
    )
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def input_schema(kind: Kind, slugs: list[str], *, whole: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": input_properties(kind, slugs),
        "additionalProperties": False,
    }
    if whole:
        schema["required"] = required_fields(kind)
        schema["description"] = f"A whole {kind.noun}. Fields left out are not known."
    else:
        schema["description"] = f"The fields of a {kind.noun} to change; null clears one."
    return schema


# Checking a body against the schema ---------------------------------------------------


def _types(schema: Mapping[str, Any]) -> list[str]:
    declared = schema["type"]
    return list(declared) if isinstance(declared, list) else [declared]


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "string":
        return isinstance(value, str)
    if name == "integer":  # 5.0 is a whole number too, as JSON Schema counts
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and float(value).is_integer()
        )
    if name == "number":
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    return False


def _expected(spec: Field, schema: Mapping[str, Any]) -> str:
    """What the field's value must be, in words."""
    label = spec.label
    if "enum" in schema:
        names = ", ".join(str(value) for value in schema["enum"] if value is not None)
        return str(_("%(label)s must be one of: %(names)s", label=label, names=names))
    if spec.kind == "date":
        return str(_("%(label)s must be a date like 2025-09-28", label=label))
    if spec.kind == "time":
        return str(_("%(label)s must be a time like 09:30 or 17:45", label=label))
    if spec.kind == "count":
        return str(_("%(label)s must be a whole number, like 1250", label=label))
    if spec.kind in ("latitude", "longitude"):
        return str(_("%(label)s must be a number of degrees, like 51.5072", label=label))
    if spec.kind == "url":
        return str(_("%(label)s must be a web address starting with https://", label=label))
    if spec.required:
        return str(_("Enter the %(label)s", label=str(label).lower()))
    return str(_("%(label)s must be text", label=label))


def check_value(spec: Field, schema: Mapping[str, Any], value: Any) -> str | None:
    """Why `value` does not fit the field's schema, or None if it does."""
    if not any(_is_type(value, name) for name in _types(schema)):
        if spec.kind == "text":
            return str(_("%(label)s must be text", label=spec.label))
        return _expected(spec, schema)
    if value is None:
        return None
    if "enum" in schema and value not in schema["enum"]:
        return _expected(spec, schema)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return str(_("%(label)s must be text without broken characters", label=spec.label))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return str(
                _(
                    "%(label)s must be %(count)s characters or fewer",
                    label=spec.label,
                    count=schema["maxLength"],
                )
            )
        if CONTROL_CHARACTER.search(value):
            return str(
                _(
                    "%(label)s must not include control characters, such as NUL: remove them",
                    label=spec.label,
                )
            )
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return _expected(spec, schema)
    if isinstance(value, int | float):  # every number's schema has both limits
        low, high = schema["minimum"], schema["maximum"]
        if low <= value <= high:
            return None
        if spec.kind != "count":
            return str(
                _(
                    "%(label)s must be between %(low)s and %(high)s",
                    label=spec.label,
                    low=low,
                    high=high,
                )
            )
        if value < low:
            return str(_("%(label)s cannot be less than 0", label=spec.label))
        return str(_("%(label)s must be %(count)s or fewer", label=spec.label, count=f"{high:,}"))
    return None


def check_body(kind: Kind, body: Any, force_slugs: Iterable[str]) -> list[Problem]:
    """Hold a request body to the published schema: an object, known fields, right types.

    Missing fields are not reported here: the validator names each required one.
    """
    if not isinstance(body, dict):
        return [Problem("body", _("Send the %(noun)s as a JSON object", noun=kind.noun))]
    properties = input_properties(kind, force_slugs)
    specs = {spec.name: spec for spec in kind.fields}
    required = required_fields(kind)
    problems = []
    for name, value in body.items():
        if name not in specs:
            problems.append(
                Problem(
                    name,
                    _(
                        "%(name)s is not a field of a %(noun)s: leave it out",
                        name=name,
                        noun=kind.noun,
                    ),
                )
            )
            continue
        schema = properties[name]
        if value is None and name in required:
            continue  # the validator says "Enter the …"
        message = check_value(specs[name], schema, value)
        if message:
            problems.append(Problem(name, message))
    return problems
