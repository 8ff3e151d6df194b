"""Form fields the WTForms widgets do not give us, shared by the public and staff forms."""

from __future__ import annotations

from typing import Any, NoReturn

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

PARTS = ("day", "month", "year")


class DatePartsField(Field):
    """A GOV.UK date input (day, month, year inputs named `<name>-day` …). The typed parts
    are kept in `parts`, so a page with errors shows exactly what was entered, and
    `parts_in_error` marks the inputs an error is about; subclasses read the parts."""

    data: Any

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.parts = dict.fromkeys(PARTS, "")
        self.parts_in_error: set[str] = set()
        self.data = None
        if formdata is not None and any(f"{self.name}-{part}" in formdata for part in PARTS):
            self.parts = {
                part: formdata.get(f"{self.name}-{part}", "").strip()[:20] for part in PARTS
            }
            self.raw_data = list(self.parts.values())
        elif isinstance(data, dict):
            self.parts = {part: str(data.get(part, "")) for part in PARTS}

    def _fail(self, message: Any, parts: set[str]) -> NoReturn:
        self.parts_in_error = parts
        raise StopValidation(str(message))

    @property
    def first_error_id(self) -> str:
        for part in PARTS:
            if part in self.parts_in_error:
                return f"{self.id}-{part}"
        return f"{self.id}-day"
