"""A rights request's letters (its acknowledgement and its outcome) as A4 PDFs to post:
the text of the message template for the request, in English, Welsh or both (Welsh
first), addressed to the requester, with the request's number and the date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from oversight.complaints.enums import Language
from oversight.letters.pdf import render
from oversight.letters.services import BOTH, LOCALES, address_lines, letter
from oversight.notify.wording import compose
from oversight.rights.models import RightsRequest

KEYS = ("rights_acknowledgement", "rights_outcome")
# The languages a letter may be asked in, by the name in its address.
LANGUAGES: dict[str, tuple[Language, ...]] = {
    "en": (Language.ENGLISH,),
    "cy": (Language.WELSH,),
    "both": (Language.WELSH, Language.ENGLISH),
}


def recipient_of(request: RightsRequest) -> tuple[str, ...]:
    """The requester's name, and their postal address if that is how they asked to be
    answered (an email address is not put on an envelope)."""
    reply_to = request.reply_to or ""
    lines = address_lines(reply_to)
    if "@" in reply_to and len(lines) <= 1:
        return (request.requester_name,)
    return (request.requester_name, *lines)


def letter_pdf(
    request: RightsRequest,
    key: str,
    languages: tuple[Language, ...],
    config: Mapping[str, object],
    today: date,
) -> bytes:
    written = [compose.for_rights_request(request, key, language) for language in languages]
    subject, body = compose.join(written)
    locales = BOTH if len(languages) > 1 else LOCALES[languages[0]]
    return render(
        letter(locales, config, recipient_of(request), f"RR-{request.id}", today, subject, body)
    )
