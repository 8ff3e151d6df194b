"""The one validator of deployment records and usage returns.

The staff forms, the CSV import and the force API all pass raw values through
`clean()`, so a record is refused for the same reasons, in the same words, whichever
way it arrives. Raw values may be text (a form or a file: dates as 2025-09-28 or
28/09/2025, numbers with thousands separators, blank for not known) or JSON values.
The checks mirror the database's constraints, so a cleaned record always saves. The
fields it reads are described in records.fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import Source
from oversight.deployments.records.fields import DEPLOYMENT_FIELDS, USAGE_FIELDS, Field
from oversight.extensions import db
from oversight.forces.models import Force

# Written in a cell to say a figure is not known, as well as leaving it blank.
NOT_KNOWN = frozenset({"", "n/a", "na", "not known", "unknown", "-", "–", "—", "none"})
# The largest figure a column holds: faces seen and searches are BIGINT, the rest INTEGER.
LARGEST_COUNT = 2**31 - 1
LARGEST_BIG_COUNT = 2**53  # beyond any real figure, and safe in JSON
BIG_COUNTS = frozenset({"faces_seen", "searches", "possible_matches"})
# What is left of the control characters once a cell's white space is one space: a NUL
# (which PostgreSQL cannot store) and the like, never typed on purpose.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Invalid(ValueError):
    """A raw value that cannot be read; the message says what to do."""

    def __init__(self, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.message = message


TECHNOLOGY_WORDS = {
    Technology.LFR: ("lfr", "live", "live facial recognition", "live fr"),
    Technology.RFR: (
        "rfr",
        "retrospective",
        "retrospective facial recognition",
        "retrospective fr",
    ),
    Technology.OIFR: (
        "oifr",
        "operator initiated",
        "operator-initiated",
        "operator initiated facial recognition",
        "operator-initiated facial recognition",
    ),
    Technology.OTHER_BIOMETRIC: ("other", "other biometric", "other_biometric"),
}
SOURCE_WORDS = {
    Source.FORCE_SUBMISSION: ("force_submission", "force submission", "force"),
    Source.PUBLISHED_RECORD: ("published_record", "published record", "published"),
    Source.FOI: ("foi", "freedom of information", "freedom of information request"),
}


# Reading raw values -------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in NOT_KNOWN)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    british = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if british:
            return date(int(british[3]), int(british[2]), int(british[1]))
    except ValueError:
        raise Invalid(_l("must be a real date")) from None
    raise Invalid(_l("must be a date like 28/09/2025 or 2025-09-28"))


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = str(value).strip().lower()
    found = re.fullmatch(r"(\d{1,2})[:.]?(\d{2})(?::\d{2})?", text)
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        return time(int(found[1]), int(found[2]))
    raise Invalid(_l("must be a time like 09:30 or 17:45"))


def parse_count(value: Any, largest: int = LARGEST_COUNT) -> int:
    if isinstance(value, bool):
        raise Invalid(_l("must be a whole number, like 1,250"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip().replace("\u00a0", " ")
        if re.fullmatch(r"-\s*[\d,]+", text):
            raise Invalid(_l("cannot be less than 0"))
        if not re.fullmatch(r"\d{1,3}([, ]\d{3})+|\d+", text):
            raise Invalid(_l("must be a whole number, like 1,250"))
        number = int(re.sub(r"[, ]", "", text))
    if number < 0:
        raise Invalid(_l("cannot be less than 0"))
    if number > largest:
        raise Invalid(_l("is too large"))
    return number


def _parse_degrees(value: Any, limit: int) -> float:
    if isinstance(value, bool):
        raise Invalid(_l("must be a number of degrees, like 51.5072"))
    try:
        number = float(value) if isinstance(value, int | float) else float(str(value).strip())
    except ValueError:
        raise Invalid(_l("must be a number of degrees, like 51.5072")) from None
    if not -limit <= number <= limit:
        raise Invalid(_l("must be between -%(limit)s and %(limit)s", limit=limit))
    return number


def _parse_choice(
    words: Mapping[Any, tuple[str, ...]], allowed: tuple[Any, ...]
) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        text = str(value).strip().lower()
        for member, spellings in words.items():
            if text in (str(member.value), member.label.lower()) or text in spellings:
                if allowed and member not in allowed:
                    break
                return member
        names = ", ".join(str(member.value) for member in (allowed or tuple(words)))
        raise Invalid(_l("must be one of: %(names)s", names=names))

    return parse


def parse_text(value: Any) -> str:
    """One line of text, its white space one space, with no control character left."""
    text = " ".join(str(value).split())
    if CONTROL.search(text):
        raise Invalid(_l("must not include control characters, such as NUL: remove them"))
    return text


def parse_url(value: Any) -> str:
    text = parse_text(value)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise Invalid(_l("must be a web address starting with https://")) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(_l("must be a web address starting with https://"))
    return text


class ForceIndex:
    """Finds a force by its slug, name or ONS code, without a query per row."""

    def __init__(self, forces: Iterable[Force] | None = None) -> None:
        if forces is None:
            forces = db.session.scalars(sa.select(Force))
        self._forces: dict[str, Force] = {}
        self._by_id: dict[int, Force] = {}
        for force in forces:
            self._by_id[force.id] = force
            for key in (force.slug, force.name, force.ons_code):
                if key:
                    self._forces[key.strip().lower()] = force

    def find(self, value: Any) -> Force:
        force = self._forces.get(str(value).strip().lower())
        if force is None:
            raise Invalid(_l("must be a police force the register knows, by name or code"))
        return force

    def by_id(self, force_id: int) -> Force:
        return self._by_id[force_id]


@dataclass
class Cleaned:
    """Values ready to save (force as `force_id`), or errors by field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class Cleaner(Protocol):
    """A kind's validator: `clean_deployment` or `clean_usage_return`."""

    def __call__(
        self,
        raw: Mapping[str, Any],
        forces: ForceIndex,
        defaults: Mapping[str, Any] | None = None,
    ) -> Cleaned: ...


def largest_count(spec: Field) -> int:
    """The largest figure a count field takes: what its column holds."""
    return LARGEST_BIG_COUNT if spec.name in BIG_COUNTS else LARGEST_COUNT


def _parser(spec: Field, forces: ForceIndex) -> Callable[[Any], Any]:
    if spec.kind == "force":
        return forces.find
    if spec.kind == "technology":
        return _parse_choice(TECHNOLOGY_WORDS, spec.choices)
    if spec.kind == "source":
        return _parse_choice(SOURCE_WORDS, ())
    if spec.kind == "latitude":
        return lambda value: _parse_degrees(value, 90)
    if spec.kind == "longitude":
        return lambda value: _parse_degrees(value, 180)
    if spec.kind == "count":
        largest = largest_count(spec)
        return lambda value: parse_count(value, largest)
    return {"date": parse_date, "time": parse_time, "url": parse_url}.get(spec.kind, parse_text)


def clean(
    fields: tuple[Field, ...],
    raw: Mapping[str, Any],
    forces: ForceIndex,
    defaults: Mapping[str, Any] | None = None,
) -> Cleaned:
    """Read every field of `raw`, then check the figures hold together."""
    result = Cleaned()
    for spec in fields:
        value = raw.get(spec.name)
        if is_blank(value) and defaults and spec.name in defaults:
            value = defaults[spec.name]
        if is_blank(value):
            if spec.required:
                result.errors[spec.name] = str(_l("Enter the %(label)s", label=_lower(spec.label)))
            else:
                result.values[spec.name] = None
            continue
        if spec.kind == "text" and isinstance(value, bool | int | float):
            value = str(value)
        if spec.kind in ("text", "url") and not isinstance(value, str):
            result.errors[spec.name] = str(_l("%(label)s must be text", label=spec.label))
            continue
        try:
            parsed = _parser(spec, forces)(value)
        except Invalid as invalid:
            result.errors[spec.name] = f"{spec.label} {invalid.message}"
            continue
        if spec.max_length and len(parsed) > spec.max_length:
            result.errors[spec.name] = str(
                _l(
                    "%(label)s must be %(count)s characters or fewer",
                    label=spec.label,
                    count=spec.max_length,
                )
            )
            continue
        result.values[spec.name] = parsed
    if "force" in result.values:
        force = result.values.pop("force")
        result.values["force_id"] = force.id if force is not None else None
    _cross_check(result)
    return result


def _lower(label: LazyString) -> str:
    text = str(label)
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _cross_check(result: Cleaned) -> None:
    values, errors = result.values, result.errors

    def known(*names: str) -> bool:
        return all(values.get(name) is not None and name not in errors for name in names)

    if known("alerts", "true_alerts") and values["true_alerts"] > values["alerts"]:
        errors["true_alerts"] = str(_l("True alerts cannot be more than alerts"))
    if known("alerts", "false_alerts") and values["false_alerts"] > values["alerts"]:
        errors["false_alerts"] = str(_l("False alerts cannot be more than alerts"))
    if (
        known("alerts", "true_alerts", "false_alerts")
        and "true_alerts" not in errors
        and "false_alerts" not in errors
        and values["true_alerts"] + values["false_alerts"] > values["alerts"]
    ):
        errors["false_alerts"] = str(
            _l("True alerts and false alerts together cannot be more than alerts")
        )
    if known("start_time", "end_time") and values["end_time"] <= values["start_time"]:
        errors["end_time"] = str(_l("End time must be after the start time"))
    if known("period_start", "period_end") and values["period_end"] <= values["period_start"]:
        errors["period_end"] = str(_l("End of period must be after the start of the period"))


def clean_deployment(
    raw: Mapping[str, Any], forces: ForceIndex, defaults: Mapping[str, Any] | None = None
) -> Cleaned:
    result = clean(DEPLOYMENT_FIELDS, raw, forces, defaults)
    result.values.setdefault("technology", None)
    if result.values.get("technology") is None and "technology" not in result.errors:
        result.values["technology"] = Technology.LFR
    if result.values.get("source") is None and "source" not in result.errors:
        result.values["source"] = Source.PUBLISHED_RECORD
    return result


def clean_usage_return(
    raw: Mapping[str, Any], forces: ForceIndex, defaults: Mapping[str, Any] | None = None
) -> Cleaned:
    result = clean(USAGE_FIELDS, raw, forces, defaults)
    if result.values.get("source") is None and "source" not in result.errors:
        result.values["source"] = Source.PUBLISHED_RECORD
    return result


# Writing values out -------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A cleaned value as JSON: dates ISO, times HH:MM, enums by value."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if hasattr(value, "value"):
        return value.value
    return value


def snapshot(
    record: Any, fields: tuple[Field, ...], forces: ForceIndex | None = None
) -> dict[str, Any]:
    """A record's fields as JSON values, force by slug: what a revision keeps."""
    data: dict[str, Any] = {}
    for spec in fields:
        if spec.kind == "force":
            force = forces.by_id(record.force_id) if forces else record.force
            data["force"] = force.slug
        else:
            data[spec.name] = to_json(getattr(record, spec.name))
    return data


def values_snapshot(
    values: Mapping[str, Any], fields: tuple[Field, ...], forces: ForceIndex
) -> dict[str, Any]:
    """Cleaned values (force as `force_id`) as the snapshot a revision keeps."""
    data: dict[str, Any] = {}
    for spec in fields:
        if spec.kind == "force":
            data["force"] = forces.by_id(values["force_id"]).slug
        else:
            data[spec.name] = to_json(values.get(spec.name))
    return data
