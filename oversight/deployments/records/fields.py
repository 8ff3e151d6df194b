"""One description of a deployment record and a usage return: their fields, what each
holds, and the column headings forces publish them under.

The staff forms, the CSV import, the register's downloads and the force API all work
from these two tuples; the one validator (records.validation) reads raw values by them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # force, technology, source, text, date, time, count, latitude, longitude, url
    label: LazyString
    required: bool = False
    max_length: int | None = None
    # Other column headings forces use for this field (compared after normalising).
    aliases: tuple[str, ...] = ()
    choices: tuple[Any, ...] = ()


# What every kind of record has: its force, and where its figures came from.
FORCE = Field("force", "force", _l("Force"), required=True, aliases=("police_force", "force_name"))
SOURCE = Field("source", "source", _l("Source"), aliases=("record_source",))
SOURCE_LINK = Field(
    "source_link", "url", _l("Source link"), max_length=500, aliases=("link", "url", "source_url")
)

DEPLOYMENT_FIELDS: tuple[Field, ...] = (
    FORCE,
    Field(
        "technology",
        "technology",
        _l("Technology"),
        aliases=("type", "deployment_type"),
        choices=DEPLOYMENT_TECHNOLOGIES,
    ),
    Field(
        "force_reference",
        "text",
        _l("Force reference"),
        max_length=80,
        aliases=("reference", "ref", "deployment_reference", "deployment_id", "id"),
    ),
    Field(
        "deployed_on",
        "date",
        _l("Date"),
        required=True,
        aliases=("date", "deployment_date", "date_of_deployment"),
    ),
    Field("start_time", "time", _l("Start time"), aliases=("start", "time_started", "from")),
    Field("end_time", "time", _l("End time"), aliases=("end", "finish_time", "time_ended", "to")),
    Field(
        "location_name",
        "text",
        _l("Location"),
        required=True,
        max_length=200,
        aliases=("location", "deployment_location", "place", "site"),
    ),
    Field(
        "location_area",
        "text",
        _l("Area"),
        max_length=200,
        aliases=("area", "borough", "town", "district"),
    ),
    Field("latitude", "latitude", _l("Latitude"), aliases=("lat",)),
    Field("longitude", "longitude", _l("Longitude"), aliases=("lon", "lng", "long")),
    Field(
        "purpose",
        "text",
        _l("Purpose"),
        max_length=2000,
        aliases=("reason", "purpose_of_deployment", "objective"),
    ),
    Field(
        "authorising_rank",
        "text",
        _l("Authorising officer’s rank"),
        max_length=80,
        aliases=("authorising_officer", "authorised_by", "authorising_officer_rank", "rank"),
    ),
    Field(
        "watchlist_size",
        "count",
        _l("Watchlist size"),
        aliases=("watchlist", "size_of_watchlist", "number_on_watchlist"),
    ),
    Field(
        "watchlist_categories",
        "text",
        _l("Watchlist categories"),
        max_length=2000,
        aliases=("watchlist_category", "categories", "watchlist_composition"),
    ),
    Field(
        "faces_seen",
        "count",
        _l("Faces seen"),
        aliases=("faces", "number_of_faces_seen", "faces_scanned", "total_faces_seen"),
    ),
    Field("alerts", "count", _l("Alerts"), aliases=("number_of_alerts", "total_alerts")),
    Field(
        "true_alerts",
        "count",
        _l("True alerts"),
        aliases=("true_alert", "true_positive_alerts", "true_positives", "confirmed_alerts"),
    ),
    Field(
        "false_alerts",
        "count",
        _l("False alerts"),
        aliases=("false_alert", "false_positive_alerts", "false_positives"),
    ),
    Field(
        "engagements",
        "count",
        _l("Engagements"),
        aliases=("engagement", "number_of_engagements", "stops"),
    ),
    Field("arrests", "count", _l("Arrests"), aliases=("arrest", "number_of_arrests")),
    SOURCE,
    SOURCE_LINK,
)

USAGE_FIELDS: tuple[Field, ...] = (
    FORCE,
    Field(
        "technology",
        "technology",
        _l("Technology"),
        required=True,
        aliases=("type",),
        choices=USAGE_TECHNOLOGIES,
    ),
    Field(
        "period_start",
        "date",
        _l("Start of period"),
        required=True,
        aliases=("start", "from", "start_date", "period_from"),
    ),
    Field(
        "period_end",
        "date",
        _l("End of period"),
        required=True,
        aliases=("end", "to", "end_date", "period_to"),
    ),
    Field(
        "searches",
        "count",
        _l("Searches"),
        required=True,
        aliases=("number_of_searches", "total_searches"),
    ),
    Field(
        "possible_matches",
        "count",
        _l("Possible matches"),
        aliases=("matches", "number_of_possible_matches", "candidate_matches"),
    ),
    SOURCE,
    SOURCE_LINK,
)


def normalise_heading(heading: str) -> str:
    """'Number of Faces Seen ' -> 'number_of_faces_seen'."""
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


def heading_map(fields: Iterable[Field]) -> dict[str, str]:
    """Every normalised heading a field may come under, to the field's name."""
    found: dict[str, str] = {}
    for spec in fields:
        for heading in (spec.name, normalise_heading(str(spec.label)), *spec.aliases):
            found.setdefault(heading, spec.name)
    return found
