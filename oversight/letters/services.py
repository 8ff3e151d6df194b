"""Which messages go by post, each one as its letter, and marking a letter posted.

A message goes by post when the complainant asked for post, or had no email address for
it (an anonymous complainant has none, nor any address: their letter has no address
block).
The letter is the message as it was kept in the outbox, the same subject and text, with
its fixed words in the message's language (both, Welsh first, for a message in both).

Each download is audited as a look at the case's personal data (the complainant's name
and address are on it); marking a letter posted adds "Letter posted" to the timeline and
an audit event, in the caller's transaction. Logs carry nothing of the letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from oversight import formatting, policy, problems
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.changes import NotPermitted, actor_of, add_timeline_entry, record_case_event
from oversight.complaints.enums import ContactMethod, Language, TimelineKind
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.letters import words
from oversight.letters.pdf import Letter, render
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import OutboxMessage

# The locale of each language a letter is written in; any other (a message in both
# languages) is written in both, Welsh first.
LOCALES = {Language.ENGLISH: ("en_GB",), Language.WELSH: ("cy",)}
BOTH = ("cy", "en_GB")
ADDRESS_PARTS = re.compile(r"\s*(?:\r?\n|,)\s*")


class LetterProblem(problems.Problem):
    """A letter that cannot be marked as asked."""


class LetterNotFound(problems.NotFound):
    """No message of this case goes by post with that number."""


def goes_by_post(message: OutboxMessage, complaint: Complaint) -> bool:
    """A message to a complainant who asked for post goes by post; so does one that had
    no email address to go to (and was never mailed: one mailed before its address was
    removed has reached them)."""
    if message.complaint_id != complaint.id:
        return False
    person = complaint.complainant
    if person is not None and person.preferred_contact is ContactMethod.POST:
        return True
    return message.sent_at is None and not message.recipient


def letters_of(complaint: Complaint) -> list[OutboxMessage]:
    """The case's messages that go by post, newest first."""
    return [m for m in notify.messages_to(complaint) if goes_by_post(m, complaint)]


def letter_of(complaint: Complaint, message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or not goes_by_post(message, complaint):
        raise LetterNotFound
    return message


def locales_of(message: OutboxMessage) -> tuple[str, ...]:
    """The letter's own words in the message's language, or in both (Welsh first) for a
    message written in Welsh then English."""
    if message.second_template_version_id is not None:
        return BOTH
    return LOCALES.get(message.language, BOTH)


def said_in(locales: tuple[str, ...], say: Callable[[], object]) -> str:
    """What `say()` gives in each locale, joined: "Ein cyfeirnod / Our reference"."""
    said: list[str] = []
    for locale in locales:
        with force_locale(locale):
            text = str(say())
        if text not in said:
            said.append(text)
    return " / ".join(said)


def address_lines(address: str | None) -> tuple[str, ...]:
    """A postal address, written over lines or with commas, as its lines."""
    return tuple(part for part in ADDRESS_PARTS.split(address or "") if part)


def letter_for(
    message: OutboxMessage, complaint: Complaint, config: Mapping[str, object], today: date
) -> Letter:
    person = complaint.complainant
    recipient = (person.name, *address_lines(person.postal_address)) if person else ()
    return letter(
        locales_of(message),
        config,
        recipient,
        complaint.reference,
        today,
        message.subject,
        message.body,
    )


def letter(
    locales: tuple[str, ...],
    config: Mapping[str, object],
    recipient: tuple[str, ...],
    reference: str,
    today: date,
    subject: str,
    body: str,
) -> Letter:
    """A letter from the register: its address block, the reference and the date, its
    own words in `locales` (joined, for a letter in two languages)."""
    return Letter(
        title=subject,
        lang=locales[0].split("_")[0],
        sender=(
            said_in(locales, lambda: words.SERVICE),
            *address_lines(str(config["CONTACT_ADDRESS"])),
            str(config["CONTACT_EMAIL"]),
            str(config["CONTACT_PHONE"]),
        ),
        recipient=recipient,
        details=(
            (said_in(locales, lambda: words.OUR_REFERENCE), reference),
            (
                said_in(locales, lambda: words.DATE),
                said_in(locales, lambda: formatting.long_date(today)),
            ),
        ),
        subject=subject,
        body=body,
        page_words=said_in(locales, lambda: words.PAGE),
        made=utcnow(),
    )


def letter_pdf(
    message: OutboxMessage, complaint: Complaint, config: Mapping[str, object], today: date
) -> bytes:
    return render(letter_for(message, complaint, config, today))


def record_download(complaint: Complaint, message: OutboxMessage, by: User) -> None:
    """A download shows the complainant's name and address: audited as a look at them."""
    audit.record(
        "letter.downloaded",
        actor=actor_of(by),
        object_type="case",
        object_id=complaint.reference,
        reference=complaint.reference,
        message_id=message.id,
    )


def already_posted(message: OutboxMessage) -> LetterProblem:
    when = formatting.long_date(message.posted_at)
    return LetterProblem(
        _l(
            "This letter was already marked as posted on %(date)s. It has not been marked again.",
            date=when,
        )
    )


def mark_posted(complaint: Complaint, message_id: int, by: User) -> OutboxMessage:
    """Mark a letter posted, once: a second marking (even one at the same moment) is
    refused and changes nothing."""
    if not policy.can_post_letter(by, complaint):
        raise NotPermitted
    message = letter_of(complaint, message_id)
    now: datetime = utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.posted_at.is_(None))
        .values(posted_at=now, posted_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(message)
    # An UPDATE's result is a CursorResult, which has rowcount (see casework.changes.claim).
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise already_posted(message)
    add_timeline_entry(complaint, TimelineKind.LETTER_POSTED, actor_of(by), body=message.subject)
    record_case_event("case.letter_posted", complaint, actor_of(by), message_id=message.id)
    return message
