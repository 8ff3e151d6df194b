"""The one base form every form of the register uses, and the fields they share.

`Form` (a FlaskForm) does four things for every field, through `Meta.bind_field`, so no
form lists them:

- Typed text is cleaned before anything reads it. Surrounding spaces go. NUL and the
  other control characters (Unicode category Cc) are *removed*, not refused: they are
  invisible, nobody means to type them (they come with text pasted from PDFs, word
  processors or a hostile script), a person could not find them to take them out, and
  PostgreSQL cannot store a NUL at all. Long text (TextAreaField) keeps tab, carriage
  return and line feed; one-line fields turn them into a space. Choices (select, radios,
  checkboxes) lose control characters too, but keep their spaces, so a choice still
  has to be one of those offered.
- Typed text has a length it may not pass: a field without a `Length` of its own is
  capped at 1,000 characters (one line) or 20,000 (long text), checked before any other
  validator, with "<Label> must be N characters or fewer".
- Passwords are the exception: a secret is compared exactly, so it is never changed.
  One with a control character is *refused* with a field error instead.
- WTForms' own messages say what to do: "This field is required" becomes "Enter <the
  label>" (or "Select <the label>" for a choice) and "Not a valid choice" becomes
  "Choose an option from the list". Most fields give their own messages; these are
  for those that do not.

The shared fields: `DatePartsField` (the GOV.UK date input), `DateFilterField` with
`check_date_range` (a range of dates in a list's filters) and `ForceField` (a police
force, chosen from the list of forces).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, NoReturn, Protocol

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectFieldBase
from wtforms.i18n import DummyTranslations
from wtforms.utils import unset_value
from wtforms.validators import Length, StopValidation, ValidationError

from oversight.forces.models import Force, forces_by_name
from oversight.problems import Problem

# Typed text -----------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\t\n\r]+")


def clean_line(value: Any) -> Any:
    """One line of typed text: tabs and line breaks become a space, other control
    characters go, and so do surrounding spaces."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub("", LINE_BREAKS.sub(" ", value)).strip()


def clean_text(value: Any) -> Any:
    """Long typed text: control characters go, apart from tab and line breaks, and so do
    surrounding spaces."""
    return CONTROL_BUT_LINES.sub("", value).strip() if isinstance(value, str) else value


def clean_choice(value: Any) -> Any:
    """A choice (or several) without control characters; spaces are kept."""
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, list):
        return [clean_choice(item) for item in value]
    return value


# Every typed field has a length it may not pass. A field that sets none with a `Length`
# validator of its own gets one of these, checked before anything else reads the text.
LINE_MAX = 1000
TEXT_MAX = 20000


class CapLength:
    """Refuses text longer than `max` characters: "<Label> must be N characters or
    fewer" (or "Your answer …" for a question), before any other validator runs."""

    def __init__(self, max: int) -> None:
        self.max = max

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.max:
            named = _named(str(field.label.text))
            if named:
                message = _l(
                    "%(label)s must be %(max)s characters or fewer",
                    label=named[0].upper() + named[1:],
                    max=f"{self.max:,}",
                )
            else:
                message = _l("Your answer must be %(max)s characters or fewer", max=f"{self.max:,}")
            raise StopValidation(str(message))


def cap_for(field_class: type, validators: Iterable[Any]) -> CapLength | None:
    """The cap a typed field is given, or None when it has a Length of its own (or is
    not typed text)."""
    if not issubclass(field_class, StringField):
        return None
    if any(isinstance(each, Length) for each in validators):
        return None
    return CapLength(TEXT_MAX if issubclass(field_class, TextAreaField) else LINE_MAX)


class NoControlCharacters:
    """Refuses text with a control character in it (for passwords, which are never changed)."""

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and CONTROL.search(field.data):
            raise StopValidation(
                str(
                    _l(
                        "%(label)s must not include hidden characters, such as tabs",
                        label=field.label.text,
                    )
                )
            )


def filter_for(field_class: type) -> Callable[[Any], Any] | None:
    """The cleaning filter of a kind of field, if it has one."""
    if issubclass(field_class, PasswordField):
        return None
    if issubclass(field_class, TextAreaField):
        return clean_text
    if issubclass(field_class, StringField):
        return clean_line
    if issubclass(field_class, SelectFieldBase):
        return clean_choice
    return None


# WTForms' own messages -------------------------------------------------------------------

REQUIRED = "This field is required."
INVALID_CHOICE = "Not a valid choice."
INVALID_CHOICES = "'%(value)s' is not a valid choice for this field."


def _named(label: str) -> str | None:
    """A field's label as part of a sentence, or None for a question or no label."""
    label = label.strip()
    if not label or label.endswith("?"):
        return None
    return label if label[:2].isupper() else label[0].lower() + label[1:]


class Messages:
    """WTForms' translations for one field, with the messages that do not say what to do
    replaced by ones that do."""

    def __init__(self, translations: Any, field_class: type) -> None:
        self.translations = translations if translations is not None else DummyTranslations()
        self.choice = issubclass(field_class, SelectFieldBase)
        self.field: Field | None = None

    def _required(self) -> str:
        named = _named(str(self.field.label.text)) if self.field is not None else None
        if self.choice:
            return str(_l("Select %(what)s", what=named) if named else _l("Select an answer"))
        return str(_l("Enter %(what)s", what=named) if named else _l("Enter an answer"))

    def gettext(self, string: str) -> str:
        if string == REQUIRED:
            return self._required()
        if string == INVALID_CHOICE:
            return str(_l("Choose an option from the list"))
        return str(self.translations.gettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular == INVALID_CHOICES:
            return str(_l("Choose an option from the list"))
        return str(self.translations.ngettext(singular, plural, n))


# The base form ---------------------------------------------------------------------------


class Form(FlaskForm):
    """The base of every form: cleans typed text and says what to do (see the module).

    A form sent by GET (a list's filters) says so in its own Meta: `csrf = False`."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            kind = unbound_field.field_class
            extra: dict[str, Any] = {}
            cleaner = filter_for(kind)
            if cleaner is not None:
                extra["filters"] = [cleaner, *unbound_field.kwargs.get("filters", ())]
            messages = Messages(options.get("translations"), kind)
            field: Field = unbound_field.bind(
                form=form, **{**options, "translations": messages, **extra}
            )
            messages.field = field
            # Checked first: the cap (unless the field has a Length), and for a password,
            # no control characters.
            first: list[Any] = [NoControlCharacters()] if issubclass(kind, PasswordField) else []
            cap = cap_for(kind, field.validators)
            if cap is not None:
                first.insert(0, cap)
            if first:
                field.validators = [*first, *field.validators]
            return field

    def show_problem(self, problem: Problem, answer: str | None = None) -> str | None:
        """Show a service's refusal on this form: beside the answer the problem names (or
        `answer` when it names none this form has). Returns the message when no answer of
        the form can hold it, for the page to show at the top instead."""
        name = problem.field if problem.field and problem.field in self else answer
        if name is None or name not in self:
            return problem.message
        field = self[name]
        field.errors = [*field.errors, problem.message]
        return None


class TypedText(Protocol):
    """A one-line text field as the code that reads it sees it (WTForms' fields are Any; a
    module that allows no Any annotates a field with this, a form with `Form`)."""

    data: str | None
    errors: Sequence[str]


# The GOV.UK date input -------------------------------------------------------------------

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
                part: clean_line(formdata.get(f"{self.name}-{part}", ""))[:20] for part in PARTS
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


# A range of dates in a list's filters ----------------------------------------------------


class DateFilterField(StringField):
    """A date typed into a list's filters (blank for none), read by `parse`, which raises
    ValueError saying what is wrong ("must be a real date"); the error is the field's
    label and that message. `day` is the date once the form is valid."""

    def __init__(
        self, label: Any = None, validators: Any = None, *, parse: Callable[[str], date], **kw: Any
    ) -> None:
        super().__init__(label, validators, **kw)
        self.parse = parse

    def read(self) -> date | None:
        if not self.data:
            return None
        try:
            return self.parse(self.data)
        except ValueError as wrong:
            raise ValidationError(f"{self.label.text} {wrong}") from None

    def pre_validate(self, form: Any) -> None:
        self.read()

    @property
    def day(self) -> date | None:
        try:
            return self.read()
        except ValidationError:
            return None


def check_date_range(start: DateFilterField, end: DateFilterField, message: Any) -> None:
    """Refuses a range that ends before it starts (for the end field's validator)."""
    starts, ends = start.day, end.day
    if starts and ends and ends < starts:
        raise ValidationError(str(message))


# A police force ------------------------------------------------------------------------


class ForceField(SelectField):
    """A police force, chosen from the forces by name (each force's slug is its value).

    `blank` is the first option's text ("Choose a force", "All forces"); `before` and
    `after` are options offered before and after the forces (such as "Not known"). The choices are read when
    first needed, or given by `offer(forces)`. A force not offered is answered with
    "Select the police force from the list" (with validate_choice=False, the form or
    the view says so itself)."""

    _choices: list[tuple[str, object]] | None

    def __init__(
        self,
        label: object = None,
        validators: object = None,
        *,
        blank: object = None,
        before: Iterable[tuple[str, object]] = (),
        after: Iterable[tuple[str, object]] = (),
        **kwargs: object,
    ) -> None:
        self.blank = blank
        self.before, self.after = list(before), list(after)
        super().__init__(label, validators, **kwargs)

    @property
    def choices(self) -> list[tuple[str, object]]:
        if self._choices is None:
            self._choices = self._offered(forces_by_name())
        return self._choices

    @choices.setter
    def choices(self, value: list[tuple[str, object]] | None) -> None:
        self._choices = value

    def offer(self, forces: Iterable[Force]) -> None:
        """Offer these forces (between `before` and `after`)."""
        self._choices = self._offered(forces)

    def _offered(self, forces: Iterable[Force]) -> list[tuple[str, object]]:
        blank = [("", self.blank)] if self.blank is not None else []
        named = [(force.slug, force.name) for force in forces]
        return [*blank, *self.before, *named, *self.after]

    def pre_validate(self, form: Any) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(str(_l("Select the police force from the list"))) from None


# A list's query string ----------------------------------------------------------------

QUERY_MAX = 200


class QueryArgs:
    """One reader of a list's query string, as the form kit reads typed text: control
    characters go, and a value longer than `max_length` is ignored (nobody types one). A
    choice that is not one of those offered is ignored too, and named in `ignored`, so the
    page can say so ("The technology filter was ignored …"), never a server error."""

    def __init__(self, args: Any) -> None:
        self.args = args
        self.ignored: list[str] = []

    def text(self, name: str, max_length: int = 100, default: str = "") -> str:
        value = clean_line(self.args.get(name, default))
        if not isinstance(value, str):
            return default
        if len(value) > min(max_length, QUERY_MAX):
            return default
        return value

    def choice(self, name: str, choices: Iterable[str], default: str = "") -> str:
        value = clean_line(self.args.get(name, default))
        if not isinstance(value, str) or not value:
            return default
        if value != default and value not in set(choices):
            if name not in self.ignored:
                self.ignored.append(name)
            return default
        return value

    def flag(self, name: str) -> bool:
        return self.text(name, 10) == "1"
