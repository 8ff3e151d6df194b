"""What the hostile-input tests share: the hostile values, a reader of a page's forms
(their fields as a browser would send them), a walk that sends each field of a form its
hostile values with the rest as the page offers it, and the checks made after a walk (no
NUL stored in any text column, no markup sent back unescaped)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

NUL = "\x00"
MARKUP = "<script>alert('hostile')</script>"
FORMULA = '=HYPERLINK("https://evil.example/","click")'
MEGABYTE = "x" * (1024 * 1024)
TWENTY_DIGITS = "9" * 20
UNKNOWN_CHOICE = f"no-such-choice'%_{NUL}"

# What each kind of field is sent: text gets a formula that leads into a NUL, markup and
# control characters, a megabyte and a 20-digit number; a choice one never offered.
TEXT_VALUES = (f"{FORMULA}{NUL} {MARKUP}\x1b\x7f", MEGABYTE, TWENTY_DIGITS)
CHOICE_VALUES = (UNKNOWN_CHOICE, TWENTY_DIGITS)
HIDDEN_VALUES = (TWENTY_DIGITS, f"1{NUL}'%_")
# Values for a query string: the hostile ones above, and the few that broke SQL filters.
QUERY_VALUES = (NUL, f"a{NUL}b", "'", "%", "_", "words", MEGABYTE[:100_000], TWENTY_DIGITS, MARKUP)


# ---------------------------------------------------------------- reading a page's forms


@dataclass
class Input:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, file, submit
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    action: str
    method: str
    inputs: list[Input] = field(default_factory=list)

    def names(self) -> set[str]:
        return {each.name for each in self.inputs}

    def offered(self) -> MultiDict:
        """What a browser sends if nothing is changed (a choice takes its first option
        when none is chosen, so required choices are answered)."""
        sent: MultiDict = MultiDict()
        radios: dict[str, list[Input]] = {}
        for each in self.inputs:
            if each.kind == "file" or (each.kind == "submit" and each.name in sent):
                continue
            if each.kind == "radio":
                radios.setdefault(each.name, []).append(each)
            elif each.kind == "checkbox":
                if each.checked:
                    sent.add(each.name, each.value)
            elif each.kind == "select":
                chosen = each.value or next((o for o in each.options if o), "")
                sent.add(each.name, chosen)
            else:
                sent.add(each.name, each.value)
        for name, group in radios.items():
            chosen = next((r for r in group if r.checked), group[0])
            sent.add(name, chosen.value)
        return sent

    def fields(self) -> Iterator[tuple[str, str]]:
        """Each field a person can change, once, with its kind."""
        seen: set[str] = set()
        for each in self.inputs:
            if each.name in seen or each.kind == "file":
                continue
            seen.add(each.name)
            yield each.name, each.kind


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._select: Input | None = None
        self._textarea: Input | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(PageForm(a.get("action", ""), a.get("method", "get").lower()))
            return
        if not self.forms or (not a.get("name") and tag != "option"):
            return
        form = self.forms[-1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            kind = kind if kind in ("radio", "checkbox", "hidden", "file", "submit") else "text"
            form.inputs.append(Input(a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag == "button":
            form.inputs.append(Input(a["name"], "submit", a.get("value", "")))
        elif tag == "textarea":
            self._textarea = Input(a["name"], "textarea")
            form.inputs.append(self._textarea)
        elif tag == "select":
            self._select = Input(a["name"], "select")
            form.inputs.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def page_forms(html: str) -> list[PageForm]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def form_posting_to(html: str, action: str, page: str = "") -> PageForm | None:
    """The page's POST form sent to `action` (a path; a form with no action is sent to
    the page it is on)."""
    for form in page_forms(html):
        target = form.action.split("?")[0] or page.split("?")[0]
        if form.method == "post" and target == action:
            return form
    return None


def values_for(kind: str, name: str = "") -> tuple[str, ...]:
    if name == "csrf_token":
        return (f"x{NUL}", MEGABYTE)
    if kind in ("select", "radio", "checkbox", "submit"):
        return CHOICE_VALUES
    if kind == "hidden":
        return HIDDEN_VALUES
    return TEXT_VALUES


# ---------------------------------------------------------------- the walk


@dataclass(frozen=True)
class Sent:
    """One hostile request and what came back."""

    where: str
    field: str
    value: str
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.where} {self.field}={self.value[:40]!r}: {self.status}"


def walk_form(
    client: Any,
    page: str,
    action: str | None = None,
    valid: dict[str, Any] | None = None,
    skip: Iterable[str] = (),
    shown_as: str = "",
) -> list[Sent]:
    """Send each field of the form on `page` (posting to `action`) its hostile values,
    the other fields as the page offers them with `valid` answers on top. The page is
    read again before each request, so its CSRF token and record version are current.
    `shown_as` is the form's own action where a button's formaction sends it to `action`."""
    action = action or page.split("?")[0]
    first = client.get(page)
    assert first.status_code == 200, f"{page}: {first.status_code}"
    form = form_posting_to(first.get_data(as_text=True), shown_as or action, page)
    assert form is not None, f"{page} has no form posting to {shown_as or action}"
    sent: list[Sent] = []
    html: str | None = first.get_data(as_text=True)
    for name, kind in form.fields():
        if name in skip:
            continue
        for value in values_for(kind, name):
            one = post_once(client, page, action, valid or {}, {name: value}, html, shown_as)
            # A change that went through moves the record on: read its page again.
            html = html if one.status >= 400 else None
            sent.append(one)
    return sent


def post_once(
    client: Any,
    page: str,
    action: str,
    valid: dict[str, Any],
    hostile: dict[str, Any],
    html: str | None = None,
    shown_as: str = "",
) -> Sent:
    if html is None:
        html = client.get(page).get_data(as_text=True)
    form = form_posting_to(html, shown_as or action, page)
    data = form.offered() if form is not None else MultiDict()
    for name, value in {**valid, **hostile}.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    response = client.post(action, data=data)
    ((name, value),) = list(hostile.items())[:1] or [("", "")]
    return Sent(action, name, str(value), response.status_code, response.get_data(as_text=True))


# ---------------------------------------------------------------- checks after a walk


def server_errors(sent: Iterable[Sent]) -> list[str]:
    return [str(each) for each in sent if each.status >= 500]


def unescaped_markup(sent: Iterable[Sent]) -> list[str]:
    return [str(each) for each in sent if MARKUP in each.body]


def text_columns(metadata: sa.MetaData) -> Iterator[sa.Column[Any]]:
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String | sa.Text) and not isinstance(
                column.type, sa.Enum
            ):
                yield column


def nul_stored(db: Any) -> list[str]:
    """Every text column holding a NUL (PostgreSQL cannot store one; SQLite can)."""
    db.session.rollback()
    found: list[str] = []
    if db.engine.dialect.name == "postgresql":
        return found  # it refuses one, so a NUL that got that far was a server error
    for column in text_columns(db.metadata):
        query = sa.select(sa.func.count()).where(sa.func.instr(column, NUL) > 0)
        if db.session.scalar(query.select_from(column.table)):
            found.append(f"{column.table.name}.{column.name}")
    return found


def longest_stored(db: Any) -> dict[str, int]:
    """The longest value of each text column, for the columns over 20,000 characters."""
    db.session.rollback()
    found = {}
    for column in text_columns(db.metadata):
        longest = db.session.scalar(sa.select(sa.func.max(sa.func.length(column))))
        if longest and longest > 20_000:
            found[f"{column.table.name}.{column.name}"] = longest
    return found


def assert_survived(db: Any, sent: list[Sent], check: Callable[[Sent], bool] | None = None) -> None:
    assert sent, "nothing was sent"
    assert server_errors(sent) == []
    assert unescaped_markup(sent) == []
    assert nul_stored(db) == []
    assert longest_stored(db) == {}
