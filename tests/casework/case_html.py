"""Reading a case page's HTML as a browser's accessibility tree would need it: every id
and how often it is used, the fields and the labels pointing at them, the form each
field is in, and the error messages a closed <details> hides."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

FIELDS = {"input", "select", "textarea"}
NOT_FIELDS = {"hidden", "submit", "button"}


@dataclass
class CasePageHtml(HTMLParser):
    ids: Counter[str] = field(default_factory=Counter)
    fields: list[str] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)
    form_of: dict[str, str] = field(default_factory=dict)
    # Each error message's text and whether a closed <details> hides it.
    inline_errors: list[tuple[str, bool]] = field(default_factory=list)
    summary_links: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self._details: list[bool] = []  # open or not, innermost last
        self._form: str | None = None
        self._error: list[str] | None = None
        self._error_depth = 0
        self._summary = False
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if element_id := values.get("id"):
            self.ids[element_id] += 1
            if self._form is not None:
                self.form_of[element_id] = self._form
        classes = values.get("class", "").split()
        if tag == "details":
            self._details.append("open" in values)
        elif tag == "form":
            self._form = values.get("action", "")
        elif tag == "label" and values.get("for"):
            self.labelled.add(values["for"])
        elif tag in FIELDS and values.get("type", "text") not in NOT_FIELDS:
            self.fields.append(values.get("id", ""))
        if "govuk-error-summary" in classes:
            self._summary = True
        if self._summary and tag == "a":
            self._link = (values.get("href", ""), [])
        if self._error is not None:
            self._error_depth += 1
        elif "govuk-error-message" in classes:
            self._error, self._error_depth = [], 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self._details:
            self._details.pop()
        elif tag == "form":
            self._form = None
        elif tag == "a" and self._link is not None:
            self.summary_links.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None
        elif tag == "ul" and self._summary:
            self._summary = False
        if self._error is not None:
            self._error_depth -= 1
            if self._error_depth == 0:
                hidden = not all(self._details)
                self.inline_errors.append(("".join(self._error).strip(), hidden))
                self._error = None

    def handle_data(self, data: str) -> None:
        if self._error is not None:
            self._error.append(data)
        if self._link is not None:
            self._link[1].append(data)

    @property
    def duplicated(self) -> list[str]:
        return sorted(element_id for element_id, count in self.ids.items() if count > 1)

    @property
    def unlabelled(self) -> list[str]:
        return [element_id for element_id in self.fields if element_id not in self.labelled]


def read(html: str) -> CasePageHtml:
    parsed = CasePageHtml()
    parsed.feed(html)
    parsed.close()
    return parsed
