"""'Or both, if they asked': the contact-details page asks which language to write in
(English, Cymraeg or both; unanswered, the page's language); the answer sets the
complaint's language, and both gives every message in Welsh then English."""

from __future__ import annotations

from typing import Any

from oversight.complaints.enums import Language
from oversight.notify import services as notify
from oversight.notify.models import MessageKind
from oversight.notify.wording import compose
from tests.factories import make_complaint


def test_a_complainant_who_asks_for_both_is_written_to_in_welsh_then_english(db: Any) -> None:
    complaint = make_complaint(write_in="both")
    assert complaint.complainant is not None and complaint.complainant.both_languages
    assert complaint.language is Language.WELSH
    message = notify.queue_acknowledgement(complaint)
    welsh, english = message.body.split(compose.BETWEEN_LANGUAGES)
    assert "Cofrestr Goruchwylio Adnabod Wynebau" in welsh
    assert "Facial Recognition Oversight Register" in english
    assert message.second_template_version_id is not None


def test_asking_for_welsh_on_an_english_page_writes_in_welsh(db: Any) -> None:
    complaint = make_complaint(write_in="cy")
    assert complaint.language is Language.WELSH
    assert complaint.complainant is not None and not complaint.complainant.both_languages
    assert complaint.complainant.preferred_language is Language.WELSH
    message = notify.queue_message(complaint, MessageKind.ACKNOWLEDGEMENT)
    assert message.subject.startswith("Mae eich cwyn") and " / " not in message.subject


def test_no_answer_keeps_the_language_the_complaint_was_made_in(db: Any) -> None:
    complaint = make_complaint()
    assert complaint.language is Language.ENGLISH
    assert complaint.complainant is not None and not complaint.complainant.both_languages
