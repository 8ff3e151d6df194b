"""The fixed vocabularies of deployment records and usage returns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from oversight.complaints.enums import LABELS, Labelled, Technology


class Source(Labelled):
    """Where a record came from."""

    FORCE_SUBMISSION = "force_submission"
    PUBLISHED_RECORD = "published_record"
    FOI = "foi"


class Via(Labelled):
    """How a record reached the register: a staff form, a file import or the force API."""

    FORM = "form"
    IMPORT = "import"
    API = "api"


# Usage returns cover the technologies used after the event, not live deployments.
USAGE_TECHNOLOGIES = (Technology.RFR, Technology.OIFR)
# A deployment is of a technology the register knows; "not sure" is for complainants.
DEPLOYMENT_TECHNOLOGIES = (
    Technology.LFR,
    Technology.RFR,
    Technology.OIFR,
    Technology.OTHER_BIOMETRIC,
)

LABELS.update(
    {
        Source.FORCE_SUBMISSION: _l("Force submission"),
        Source.PUBLISHED_RECORD: _l("Published record"),
        Source.FOI: _l("Freedom of information request"),
        Via.FORM: _l("Staff form"),
        Via.IMPORT: _l("File import"),
        Via.API: _l("Force API"),
    }
)
