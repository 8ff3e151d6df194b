"""Welsh for the statistics tests that read a release in Welsh, whatever the catalogue
holds: `welsh(words)` puts those words in the Welsh translations the app reads (until
the test ends), so a test proves that a release stores and shows its Welsh, not that the
catalogue has it. Calling it again changes the words, as a later catalogue would.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from flask_babel import force_locale, get_domain, get_translations

from oversight.statistics.compute.release import NOTES

# Words of the April to June 2026 release (tests/statistics/releases.py) in Welsh.
WORDS = {
    "Complaints received by police force": "Cwynion a ddaeth i law fesul heddlu",
    "Complaints received, with the same period a year before.": (
        "Cwynion a ddaeth i law, gyda'r un cyfnod flwyddyn ynghynt."
    ),
    "Police force": "Heddlu",
    "Total": "Cyfanswm",
    "Complaints received": "Cwynion a ddaeth i law",
    "Live facial recognition": "Adnabod wynebau byw",
    "%(first)s to %(last)s": "%(first)s i %(last)s",
    str(NOTES["N1"]._args[0]): (  # the note on [c], as its msgid
        "Dangosir cyfrifon o 1 i 4 fel [c] fel na ellir adnabod neb. Lle byddai cyfanswm "
        "yn gadael i rywun gyfrifo [c], dangosir cyfrifon eraill fel [c] hefyd."
    ),
    "Cover": "Clawr",
    "Contents": "Cynnwys",
    "Notes": "Nodiadau",
    "Table_%(number)s": "Tabl_%(number)s",
    "Facial recognition oversight statistics: %(period)s": (
        "Ystadegau goruchwylio adnabod wynebau: %(period)s"
    ),
    "This release is available in English only.": (
        "Mae'r datganiad hwn ar gael yn Saesneg yn unig."
    ),
}
# The Welsh title of the table complaints_by_force.
TITLE = WORDS["Complaints received by police force"]


@pytest.fixture(name="welsh")
def welsh_fixture(db, monkeypatch) -> Callable[[dict[str, str]], None]:
    """Put `words` (msgid: Welsh) in the Welsh the app reads, over the catalogue's."""

    def welsh(words: dict[str, str]) -> None:
        domain = get_domain()
        with force_locale("cy"):
            catalogue = get_translations()
        key = ("cy", domain.domain[0])
        original = getattr(welsh, "original", None) or catalogue
        welsh.original = original  # type: ignore[attr-defined]
        changed = copy.copy(original)
        changed._catalog = {**original._catalog, **words}  # type: ignore[union-attr]
        monkeypatch.setitem(domain.cache, key, changed)

    return welsh
