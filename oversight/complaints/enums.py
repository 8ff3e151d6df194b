"""The fixed vocabularies of a complaint, each with its label.

Each one stored is an enum column with a CHECK constraint (oversight.models.enum_column).
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Labelled(StrEnum):
    """An enum whose members carry a translatable label for the public."""

    @property
    def label(self) -> str:
        return str(LABELS[self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, LABELS[member]) for member in cls]


class Technology(Labelled):
    LFR = "lfr"
    RFR = "rfr"
    OIFR = "oifr"
    OTHER_BIOMETRIC = "other_biometric"
    NOT_SURE = "not_sure"


class Concern(Labelled):
    MISIDENTIFICATION = "misidentification"
    STOPPED_AFTER_ALERT = "stopped_after_alert"
    NO_NOTICE = "no_notice"
    WATCHLIST = "watchlist"
    IMAGE_SOURCE = "image_source"
    RETENTION = "retention"
    PROTEST_OR_EVENT = "protest_or_event"
    MINOR_OR_NON_CRIME = "minor_or_non_crime"
    DISCRIMINATION = "discrimination"
    DATA_SHARING = "data_sharing"
    OFFICER_CONDUCT = "officer_conduct"
    OTHER = "other"


class Relation(Labelled):
    SUBJECT = "subject"
    PASSER_BY = "passer_by"
    WITNESS = "witness"
    THIRD_PARTY = "third_party"
    OFFICER_OR_STAFF = "officer_or_staff"


class Channel(Labelled):
    WEB = "web"
    EMAIL = "email"
    POST = "post"
    PHONE = "phone"


class ContactMethod(Labelled):
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"


class Status(Labelled):
    RECEIVED = "received"
    IN_TRIAGE = "in_triage"
    AWAITING_INFORMATION = "awaiting_information"
    INVESTIGATING = "investigating"
    DECISION_ISSUED = "decision_issued"
    CLOSED = "closed"
    REVIEW_REQUESTED = "review_requested"

    @property
    def staff_label(self) -> str:
        """The status in staff words ("Awaiting information"), not the public's ("Waiting
        for your reply"): what staff pages show."""
        return str(STAFF_STATUS_LABELS[self])


class Priority(Labelled):
    URGENT = "urgent"
    HIGH = "high"
    STANDARD = "standard"

    @property
    def rank(self) -> int:
        """Sorts urgent first."""
        return {Priority.URGENT: 1, Priority.HIGH: 2, Priority.STANDARD: 3}[self]


class Finding(Labelled):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    UNABLE_TO_DETERMINE = "unable_to_determine"


class ForceResponse(Labelled):
    ACCEPTED = "accepted"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


class LinkKind(Labelled):
    DUPLICATE_OF = "duplicate_of"
    RELATED_TO = "related_to"


class ReviewOutcome(StrEnum):
    """How a review of a decision ended: upheld, the decision is looked at again; not
    upheld, the decision stands. Its values are also findings' values, so its labels are
    its own (REVIEW_OUTCOME_LABELS), never in LABELS, where they would replace them."""

    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"

    @property
    def label(self) -> str:
        return str(REVIEW_OUTCOME_LABELS[self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, REVIEW_OUTCOME_LABELS[member]) for member in cls]


class Audience(Labelled):
    """Who will read a piece of text staff write on a case. Internal unless chosen: only
    text for the complainant reaches their tracking page and the messages sent to them.
    Not a column of its own: it is stored as the entry's (or recommendation's)
    `visible_to_complainant`."""

    INTERNAL = "internal"
    COMPLAINANT = "complainant"

    @property
    def for_complainant(self) -> bool:
        return self is Audience.COMPLAINANT

    @classmethod
    def of(cls, visible_to_complainant: bool) -> Audience:
        return cls.COMPLAINANT if visible_to_complainant else cls.INTERNAL


class TimelineKind(Labelled):
    STATUS_CHANGE = "status_change"
    NOTE = "note"
    CORRESPONDENCE_IN = "correspondence_in"
    CORRESPONDENCE_OUT = "correspondence_out"
    LINK = "link"
    ASSIGNMENT = "assignment"
    EVIDENCE_ADDED = "evidence_added"
    DECISION = "decision"
    REVIEW = "review"
    LETTER_POSTED = "letter_posted"


class ClosureReason(StrEnum):
    """Why a case was closed (casework/states.py says which reasons each status allows)."""

    OUTCOME_ISSUED = "outcome_issued"
    REFERRED = "referred"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"
    OUT_OF_REMIT = "out_of_remit"
    VEXATIOUS = "vexatious"


class ReferralBody(StrEnum):
    """The body a complaint closed as referred was referred to."""

    IOPC = "iopc"
    ICO = "ico"
    FORCE_PROFESSIONAL_STANDARDS = "force_professional_standards"
    INVESTIGATORY_POWERS_TRIBUNAL = "investigatory_powers_tribunal"
    PIRC = "pirc"
    POLICE_OMBUDSMAN_NI = "police_ombudsman_ni"


class Language(StrEnum):
    """The language a complainant is written to in (LOCALES gives each its locale)."""

    ENGLISH = "en"
    WELSH = "cy"


# The Babel locale of each language: pages, messages and letters alike.
LOCALES = {Language.ENGLISH: "en_GB", Language.WELSH: "cy"}


class EvidenceType(StrEnum):
    """The kinds of file kept as evidence (complaints/evidence.py sniffs them)."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"
    MP4 = "video/mp4"
    TEXT = "text/plain"


LABELS = {
    Technology.LFR: _l("Live facial recognition"),
    Technology.RFR: _l("Retrospective facial recognition"),
    Technology.OIFR: _l("Operator-initiated facial recognition"),
    Technology.OTHER_BIOMETRIC: _l("Another biometric technology, such as voice or gait"),
    Technology.NOT_SURE: _l("I’m not sure"),
    Concern.MISIDENTIFICATION: _l("I or someone else was wrongly identified (a false match)"),
    Concern.STOPPED_AFTER_ALERT: _l("Being stopped or questioned after an alert"),
    Concern.NO_NOTICE: _l("There was no notice or signage"),
    Concern.WATCHLIST: _l("Being on a watchlist"),
    Concern.IMAGE_SOURCE: _l("Where the image came from, such as social media, a doorbell or CCTV"),
    Concern.RETENTION: _l("How long images are kept"),
    Concern.PROTEST_OR_EVENT: _l("Use at a protest or public event"),
    Concern.MINOR_OR_NON_CRIME: _l("Use for a minor or non-crime matter"),
    Concern.DISCRIMINATION: _l("Discrimination or bias"),
    Concern.DATA_SHARING: _l("Sharing of data"),
    Concern.OFFICER_CONDUCT: _l("How police officers or staff behaved"),
    Concern.OTHER: _l("Something else"),
    Relation.SUBJECT: _l("I was the person searched for or alerted on"),
    Relation.PASSER_BY: _l("I was passing by"),
    Relation.WITNESS: _l("I saw it happen to someone else"),
    Relation.THIRD_PARTY: _l("I am complaining for someone else or as a campaigner"),
    Relation.OFFICER_OR_STAFF: _l("I am a police officer or member of police staff"),
    Channel.WEB: _l("Online"),
    Channel.EMAIL: _l("Email"),
    Channel.POST: _l("Post"),
    Channel.PHONE: _l("Phone"),
    ContactMethod.EMAIL: _l("Email"),
    ContactMethod.PHONE: _l("Phone"),
    # ContactMethod.POST is the same key as Channel.POST ("post"): "Post" serves both.
    Status.RECEIVED: _l("Received"),
    Status.IN_TRIAGE: _l("Being assessed"),
    Status.AWAITING_INFORMATION: _l("Waiting for your reply"),
    Status.INVESTIGATING: _l("Being investigated"),
    Status.DECISION_ISSUED: _l("Decision sent"),
    Status.CLOSED: _l("Closed"),
    Status.REVIEW_REQUESTED: _l("Review requested"),
    Priority.STANDARD: _l("Standard"),
    Priority.HIGH: _l("High"),
    Priority.URGENT: _l("Urgent"),
    Finding.UPHELD: _l("Upheld"),
    Finding.PARTLY_UPHELD: _l("Partly upheld"),
    Finding.NOT_UPHELD: _l("Not upheld"),
    Finding.UNABLE_TO_DETERMINE: _l("Unable to determine"),
    ForceResponse.ACCEPTED: _l("Accepted"),
    ForceResponse.IMPLEMENTED: _l("Implemented"),
    ForceResponse.REJECTED: _l("Rejected"),
    LinkKind.DUPLICATE_OF: _l("Duplicate of"),
    LinkKind.RELATED_TO: _l("Related to"),
    Audience.INTERNAL: _l("Only staff (an internal note)"),
    Audience.COMPLAINANT: _l("The complainant, on their tracking page, and staff"),
    TimelineKind.STATUS_CHANGE: _l("Status changed"),
    TimelineKind.NOTE: _l("Note"),
    TimelineKind.CORRESPONDENCE_IN: _l("Message received"),
    TimelineKind.CORRESPONDENCE_OUT: _l("Message sent"),
    TimelineKind.LINK: _l("Linked"),
    TimelineKind.ASSIGNMENT: _l("Assigned"),
    TimelineKind.EVIDENCE_ADDED: _l("Evidence added"),
    TimelineKind.DECISION: _l("Decision sent"),
    TimelineKind.REVIEW: _l("Review"),
    TimelineKind.LETTER_POSTED: _l("Letter posted"),
}

# Each status as staff pages name it; `label` is the public's wording.
STAFF_STATUS_LABELS = {
    Status.RECEIVED: _l("Received"),
    Status.IN_TRIAGE: _l("In triage"),
    Status.AWAITING_INFORMATION: _l("Awaiting information"),
    Status.INVESTIGATING: _l("Investigating"),
    Status.DECISION_ISSUED: _l("Decision issued"),
    Status.CLOSED: _l("Closed"),
    Status.REVIEW_REQUESTED: _l("Review requested"),
}

REVIEW_OUTCOME_LABELS = {
    ReviewOutcome.UPHELD: _l("Review upheld: we will look at our decision again"),
    ReviewOutcome.NOT_UPHELD: _l("Review not upheld: our decision stands"),
}

CLOSURE_LABELS = {
    ClosureReason.OUTCOME_ISSUED: _l("Outcome issued"),
    ClosureReason.REFERRED: _l("Referred to another body"),
    ClosureReason.DUPLICATE: _l("Duplicate of another complaint"),
    ClosureReason.WITHDRAWN: _l("Withdrawn by the complainant"),
    ClosureReason.OUT_OF_REMIT: _l("Out of remit"),
    ClosureReason.VEXATIOUS: _l("Vexatious"),
}

REFERRAL_LABELS = {
    ReferralBody.IOPC: _l("Independent Office for Police Conduct (IOPC)"),
    ReferralBody.ICO: _l("Information Commissioner’s Office (ICO)"),
    ReferralBody.FORCE_PROFESSIONAL_STANDARDS: _l("The force’s professional standards department"),
    ReferralBody.INVESTIGATORY_POWERS_TRIBUNAL: _l("Investigatory Powers Tribunal"),
    ReferralBody.PIRC: _l("Police Investigations and Review Commissioner (PIRC)"),
    ReferralBody.POLICE_OMBUDSMAN_NI: _l("Police Ombudsman for Northern Ireland"),
}
