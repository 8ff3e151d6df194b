"""Deployment records and usage returns: what the register holds of police use of facial
recognition, and the one way a record gets in.

- `enums` and `models`: the vocabularies and tables (records and their revisions);
- `fields`: the fields of each kind of record (what each holds, its column headings);
- `validation`: the one validator every way in goes through (`clean_deployment`,
  `clean_usage_return`), and the snapshot a revision keeps;
- `kinds`: one description of each kind (`DEPLOYMENTS`, `USAGE_RETURNS`: its tables,
  fields, validator and the key it is matched on), which saving, the staff pages and
  the CSV import work from;
- `services`: saving and correcting a record of either kind (`save(kind, ...)`);
  `history`: its revisions as pages show them;
- `queries`: reading the register by force, technology and date.

The description and the validator are the package's face: `records.clean_deployment`,
`records.DEPLOYMENT_FIELDS` and the rest are importable from here.
"""

from oversight.deployments.records.fields import (
    DEPLOYMENT_FIELDS,
    USAGE_FIELDS,
    Field,
    heading_map,
    normalise_heading,
)
from oversight.deployments.records.validation import (
    BIG_COUNTS,
    LARGEST_BIG_COUNT,
    LARGEST_COUNT,
    Cleaned,
    ForceIndex,
    Invalid,
    clean,
    clean_deployment,
    clean_usage_return,
    is_blank,
    largest_count,
    parse_count,
    parse_date,
    parse_time,
    parse_url,
    snapshot,
    to_json,
    values_snapshot,
)

__all__ = [
    "BIG_COUNTS",
    "DEPLOYMENT_FIELDS",
    "LARGEST_BIG_COUNT",
    "LARGEST_COUNT",
    "USAGE_FIELDS",
    "Cleaned",
    "Field",
    "ForceIndex",
    "Invalid",
    "clean",
    "clean_deployment",
    "clean_usage_return",
    "heading_map",
    "is_blank",
    "largest_count",
    "normalise_heading",
    "parse_count",
    "parse_date",
    "parse_time",
    "parse_url",
    "snapshot",
    "to_json",
    "values_snapshot",
]
