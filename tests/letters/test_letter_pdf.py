"""A message as its letter: an A4 PDF with the register's address block, the
complainant's name and address, the reference, the date, the subject and the same text,
its fixed words in the message's language."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from oversight.complaints.enums import ContactMethod, Language
from oversight.letters import services as letters
from tests.letters.cases import NAME, case_to_post

TODAY = date(2026, 12, 7)
A4 = (595.28, 841.89)  # points


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_english_letter_has_both_addresses_the_reference_the_date_and_the_same_text(app, db):
    complaint, message = case_to_post()
    text = text_of(letters.letter_pdf(message, complaint, app.config, TODAY))
    for line in ("Facial Recognition Oversight Register", "1 Example Street", "ZZ99 9ZZ"):
        assert line in text
    for line in (NAME, "12 Heol y Frenhines", "Caerdydd", "CF10 2BU"):
        assert line in text
    assert f"Our reference: {complaint.reference}" in text
    assert "Date: 7 December 2026" in text
    assert message.subject in text
    assert "We have received your complaint about police use of facial recognition." in text
    assert "Page 1 of 1" in text


def test_a_welsh_messages_letter_says_its_fixed_words_in_welsh(app, db):
    complaint, message = case_to_post(Language.WELSH)
    assert message.language is Language.WELSH
    text = text_of(letters.letter_pdf(message, complaint, app.config, TODAY))
    assert f"Ein cyfeirnod: {complaint.reference}" in text
    assert "Dyddiad: 7 Rhagfyr 2026" in text
    assert "Cofrestr Goruchwylio Adnabod Wynebau" in text
    assert "Our reference" not in text
    assert message.subject in text
    assert "Siân Prydderch" in text


def test_a_message_in_both_languages_says_each_word_in_welsh_then_english(app, db):
    complaint, message = case_to_post(Language.WELSH, both=True)
    assert message.second_template_version_id is not None
    text = text_of(letters.letter_pdf(message, complaint, app.config, TODAY))
    assert f"Ein cyfeirnod / Our reference: {complaint.reference}" in text
    assert "Dyddiad / Date: 7 Rhagfyr 2026 / 7 December 2026" in text


def test_the_letter_is_one_a4_page_titled_with_its_subject(app, db):
    complaint, message = case_to_post()
    reader = PdfReader(io.BytesIO(letters.letter_pdf(message, complaint, app.config, TODAY)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    assert reader.metadata.title == message.subject


def test_a_long_message_runs_onto_numbered_pages(app, db):
    complaint, message = case_to_post()
    message.body = "\n\n".join(f"Paragraph {n} of a long decision." for n in range(120))
    text = text_of(letters.letter_pdf(message, complaint, app.config, TODAY))
    assert "Paragraph 119 of a long decision." in text
    assert "Page 1 of " in text and "Page 2 of " in text


def test_an_anonymous_complainants_letter_has_no_address_block(app, db):
    complaint, message = case_to_post()
    person = complaint.complainant
    complaint.complainant = None
    db.session.delete(person)
    db.session.flush()
    letter = letters.letter_for(message, complaint, app.config, TODAY)
    assert letter.recipient == ()
    text = text_of(letters.letter_pdf(message, complaint, app.config, TODAY))
    assert NAME not in text and "Caerdydd" not in text
    assert f"Our reference: {complaint.reference}" in text


def test_an_address_written_with_commas_is_set_on_its_lines():
    assert letters.address_lines("1 High St, Newport ,NP20 1AA\n") == (
        "1 High St",
        "Newport",
        "NP20 1AA",
    )
    assert letters.address_lines(None) == ()


def test_only_messages_to_a_complainant_without_email_or_who_asked_for_post_go_by_post(app, db):
    complaint, message = case_to_post()
    assert letters.goes_by_post(message, complaint)
    person = complaint.complainant
    person.email = "siân@example.com"
    message.recipient = person.email
    assert not letters.goes_by_post(message, complaint)
    # Asked for post: every message is a letter, whatever address it had.
    person.preferred_contact = ContactMethod.POST
    assert letters.goes_by_post(message, complaint)
    other, _ = case_to_post()
    assert not letters.goes_by_post(message, other)


def test_a_message_mailed_before_the_address_was_removed_does_not_go_by_post(app, db):
    complaint, message = case_to_post()
    message.sent_at = message.created_at
    assert not letters.goes_by_post(message, complaint)
    # Removing the contact details (retention, or the complainant's own request).
    person = complaint.complainant
    complaint.complainant = None
    db.session.delete(person)
    db.session.flush()
    assert not letters.goes_by_post(message, complaint)
    message.sent_at = None
    assert letters.goes_by_post(message, complaint)
