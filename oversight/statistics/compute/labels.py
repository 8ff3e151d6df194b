"""The words of the statistics tables: categories as a statistical table names them."""

from __future__ import annotations

from typing import TypeAlias

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from oversight.casework.states import REFERRAL_LABELS
from oversight.complaints.enums import Channel, Concern, Finding, Relation, Technology

# A word of a table: translated when it is shown (lazy) or already.
Text: TypeAlias = LazyString | str

NOT_RECORDED = "not_recorded"

TECHNOLOGY = {
    Technology.LFR.value: _l("Live facial recognition"),
    Technology.RFR.value: _l("Retrospective facial recognition"),
    Technology.OIFR.value: _l("Operator-initiated facial recognition"),
    Technology.OTHER_BIOMETRIC.value: _l("Other biometric technology"),
    Technology.NOT_SURE.value: _l("Technology not known"),
}
CONCERN = {
    Concern.MISIDENTIFICATION.value: _l("Misidentification or false match"),
    Concern.STOPPED_AFTER_ALERT.value: _l("Stopped or questioned after an alert"),
    Concern.NO_NOTICE.value: _l("No notice or signage"),
    Concern.WATCHLIST.value: _l("Being on a watchlist"),
    Concern.IMAGE_SOURCE.value: _l("Where the image came from"),
    Concern.RETENTION.value: _l("Retention of images"),
    Concern.PROTEST_OR_EVENT.value: _l("Use at a protest or public event"),
    Concern.MINOR_OR_NON_CRIME.value: _l("Use for a minor or non-crime matter"),
    Concern.DISCRIMINATION.value: _l("Discrimination or bias"),
    Concern.DATA_SHARING.value: _l("Data sharing"),
    Concern.OFFICER_CONDUCT.value: _l("Officer conduct"),
    Concern.OTHER.value: _l("Other concern"),
}
CHANNEL = {
    Channel.WEB.value: _l("Online"),
    Channel.EMAIL.value: _l("Email"),
    Channel.POST.value: _l("Post"),
    Channel.PHONE.value: _l("Phone"),
}
RELATION = {
    Relation.SUBJECT.value: _l("Person searched for or alerted on"),
    Relation.PASSER_BY.value: _l("Passer-by"),
    Relation.WITNESS.value: _l("Witness"),
    Relation.THIRD_PARTY.value: _l("Third party or campaigner"),
    Relation.OFFICER_OR_STAFF.value: _l("Police officer or staff"),
}
TRIAGE = {
    "investigating": _l("Accepted for investigation"),
    "referred": _l("Closed: referred to another body"),
    "out_of_remit": _l("Closed: out of remit"),
    "duplicate": _l("Closed: duplicate of another complaint"),
    "withdrawn": _l("Closed: withdrawn"),
    "vexatious": _l("Closed: vexatious"),
    "closed": _l("Closed: reason not recorded"),
}
REFERRAL = {
    **{body.value: label for body, label in REFERRAL_LABELS.items()},
    NOT_RECORDED: _l("Body not recorded"),
}
FINDING = {
    Finding.UPHELD.value: _l("Upheld"),
    Finding.PARTLY_UPHELD.value: _l("Partly upheld"),
    Finding.NOT_UPHELD.value: _l("Not upheld"),
    Finding.UNABLE_TO_DETERMINE.value: _l("Unable to determine"),
    NOT_RECORDED: _l("Finding not recorded"),
}
AGE = {
    "up_to_10": _l("Up to 10 working days"),
    "11_to_60": _l("11 to 60 working days"),
    "61_to_120": _l("61 to 120 working days"),
    "over_120": _l("More than 120 working days"),
}
STAGE = {
    "acknowledge": _l("Acknowledged"),
    "triage": _l("Triage decision made"),
    "decide": _l("Decision issued"),
}
