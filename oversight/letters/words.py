"""The fixed words of a letter, in the letter's language: the complainant reads them,
so each has its Welsh (tests/i18n counts this file as public)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SERVICE = _l("Facial Recognition Oversight Register")
OUR_REFERENCE = _l("Our reference")
DATE = _l("Date")
PAGE = _l("Page %(page)s of %(pages)s")
