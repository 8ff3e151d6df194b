"""The wording in use for each template, and saving a new version of it.

Version 1 of a template is its shipped default, written to the database the first time
the template is needed: two requests needing it at once both try, the unique constraints
let one in, and the other reads what it wrote. Every later version is saved by a senior
caseworker; none is ever changed. Services never commit: the view does.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.complaints.enums import Language
from oversight.extensions import db
from oversight.models import utcnow
from oversight.notify.wording import defaults, defaults_cy, render
from oversight.notify.wording.keys import KEYS, TemplateKey
from oversight.notify.wording.models import MessageTemplate, MessageTemplateVersion
from oversight.problems import Changed, NotFound, Problem

SHIPPED = {Language.ENGLISH: defaults.ENGLISH, Language.WELSH: defaults_cy.WELSH}
LANGUAGE_NAMES = {Language.ENGLISH: "English", Language.WELSH: "Welsh"}
SUBJECT_MAX = 255
BODY_MAX = 20_000


class WordingProblem(Problem):
    """Wording that cannot be saved as it is."""


def spec(key: str) -> TemplateKey:
    try:
        return KEYS[key]
    except KeyError:
        raise NotFound("No such message template") from None


def shipped(key: str, language: Language) -> tuple[str, str]:
    """The default wording (subject, body) of a template in a language."""
    return SHIPPED[language][spec(key).key]


def _template(key: str, language: Language) -> MessageTemplate | None:
    return db.session.scalar(
        sa.select(MessageTemplate).where(
            MessageTemplate.key == key, MessageTemplate.language == language
        )
    )


def latest(key: str, language: Language) -> MessageTemplateVersion | None:
    """The newest saved version, or None while the shipped wording was never needed."""
    return db.session.scalar(
        sa.select(MessageTemplateVersion)
        .join(MessageTemplate)
        .where(MessageTemplate.key == key, MessageTemplate.language == language)
        .order_by(MessageTemplateVersion.version.desc())
        .limit(1)
    )


def current(key: str, language: Language) -> MessageTemplateVersion:
    """The version to send from: the newest, or version 1 made now from the shipped
    wording (safe if another request makes it at the same moment)."""
    found = latest(key, language)
    if found is not None:
        return found
    subject, body = shipped(key, language)
    try:
        with db.session.begin_nested():
            template = _template(key, language)
            if template is None:
                template = MessageTemplate(key=key, language=language, created_at=utcnow())
                db.session.add(template)
                db.session.flush()
            db.session.add(
                MessageTemplateVersion(
                    template=template, version=1, subject=subject, body=body, created_at=utcnow()
                )
            )
    except IntegrityError:
        pass  # made by another request meanwhile: read it
    made = latest(key, language)
    assert made is not None
    return made


def versions(key: str, language: Language) -> list[MessageTemplateVersion]:
    """Every saved version, newest first."""
    return list(
        db.session.scalars(
            sa.select(MessageTemplateVersion)
            .join(MessageTemplate)
            .where(MessageTemplate.key == key, MessageTemplate.language == language)
            .order_by(MessageTemplateVersion.version.desc())
        )
    )


def check_wording(key: str, subject: str, body: str) -> None:
    """Refuse wording with a placeholder this template cannot fill, or too long."""
    allowed = spec(key).placeholders
    for field, text in (("subject", subject), ("body", body)):
        try:
            render.check(text, allowed)
        except render.UnknownPlaceholders as error:
            names = ", ".join(f"(({name}))" for name in error.names)
            raise WordingProblem(
                f"Remove {names}: this message can only use "
                + ", ".join(f"(({name}))" for name in sorted(allowed)),
                field=field,
            ) from None
    if not subject.strip():
        raise WordingProblem("Enter the subject", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise WordingProblem("The subject must be 255 characters or fewer", field="subject")
    if not body.strip():
        raise WordingProblem("Enter the message", field="body")
    if len(body) > BODY_MAX:
        raise WordingProblem("The message must be 20,000 characters or fewer", field="body")


def save(
    key: str, language: Language, subject: str, body: str, by: User, based_on: int
) -> MessageTemplateVersion:
    """Save new wording as the next version, with who and when; audited. `based_on` is
    the version the editor started from: if someone saved another meanwhile, nothing is
    saved (Changed), so no one's wording is silently replaced."""
    check_wording(key, subject, body)
    base = current(key, language)
    if base.version != based_on:
        raise Changed(
            f"Someone saved version {base.version} of this message while you were editing."
            " Your wording is below: check theirs and save again."
        )
    version = MessageTemplateVersion(
        template_id=base.template_id,
        version=base.version + 1,
        subject=subject.strip(),
        body=body.replace("\r\n", "\n").strip() + "\n",
        created_by_id=by.id,
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:
        raise Changed(
            "Someone saved this message at the same moment. Your wording is below: save again."
        ) from None
    audit.record(
        "message_template.saved",
        actor=f"user:{by.id}",
        object_type="message_template",
        object_id=f"{key}/{language.value}",
        key=key,
        language=language.value,
        version=version.version,
    )
    return version
