"""The Welsh catalogue stays complete: no public word falls back to English, and no
translation loses a placeholder or a link."""

from __future__ import annotations

from babel.messages.mofile import read_mo

from tests.i18n.catalogue import (
    COMPILED,
    originals,
    placeholders,
    public_messages,
    tags,
    translations,
    welsh,
)


def test_every_public_word_has_a_welsh_translation():
    catalogue = welsh()
    missing = []
    for message_id, files in public_messages().items():
        key = message_id[0] if isinstance(message_id, tuple) else message_id
        entry = catalogue.get(key)
        if entry is None or entry.fuzzy or not all(translations(entry)):
            missing.append(f"{key!r} ({', '.join(sorted(files))})")
    assert missing == [], (
        f"{len(missing)} public words have no Welsh (run `make messages`, then translate "
        "them in translations/cy/LC_MESSAGES/messages.po):\n" + "\n".join(missing[:50])
    )


def test_every_welsh_translation_keeps_its_placeholders_and_links():
    broken = []
    for entry in welsh():
        if not entry.id or not any(translations(entry)):
            continue
        source = originals(entry)
        for index, text in enumerate(translations(entry)):
            original = source[min(index, len(source) - 1)]
            # A plural's singular may say "one" in words instead of %(count)s.
            wanted = placeholders(source[-1]) if len(source) > 1 else placeholders(original)
            if len(source) > 1:
                ok = set(placeholders(text)) <= set(wanted)
            else:
                ok = placeholders(text) == wanted
            if not ok or tags(text) != tags(original):
                broken.append(f"{original!r} -> {text!r}")
    assert broken == [], "translations that lost or changed a placeholder or tag:\n" + "\n".join(
        broken
    )


def _changed(message) -> bool:
    """A message with Welsh that is not its English (read_mo gives an untranslated
    plural its English forms)."""
    return bool(message.id) and any(
        t and t not in originals(message) for t in translations(message)
    )


def test_the_compiled_catalogue_is_the_one_in_the_po_file():
    assert COMPILED.exists(), "run `make translations` to compile the Welsh catalogue"
    with COMPILED.open("rb") as compiled:
        served = {str(originals(m)): translations(m) for m in read_mo(compiled) if _changed(m)}
    written = {str(originals(m)): translations(m) for m in welsh() if _changed(m) and not m.fuzzy}
    assert served == written, "the .mo is out of date: run `make translations`"
