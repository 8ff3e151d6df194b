"""The one base form (oversight/forms.py): every form of the app uses it, none lets a NUL
or another control character through a text field, and WTForms' own messages say what
to do. The forms are found by importing every module under oversight/, not listed."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectFieldBase
from wtforms.validators import DataRequired, InputRequired

import oversight
from oversight.forms import DatePartsField, ForceField, Form, clean_line, clean_text

# A NUL, a bell, an escape, a DEL and a C1 control, with a tab and line breaks between.
TYPED = "  one\x00two\x07three\tfour\r\nfive\x1b[0m\x7fsix\x85seven  "
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _app_forms() -> list[type]:
    """Every FlaskForm subclass defined in a module under oversight/, all imported."""
    for module in pkgutil.walk_packages(oversight.__path__, "oversight."):
        importlib.import_module(module.name)
    return sorted(
        (cls for cls in _subclasses(FlaskForm) if cls.__module__.startswith("oversight.")),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


APP_FORMS = _app_forms()


def _built_by_their_module() -> dict[str, Callable[[Any], Any]]:
    """Forms that are only ever built by a function of their module (which gives them
    their choices), built that way."""
    from oversight.casework.decision_forms import findings_form
    from oversight.complaints.enums import Concern, Technology
    from oversight.deployments.register import forms as register_forms
    from oversight.deployments.staff import forms as records_forms
    from oversight.forces.models import forces_by_name

    return {
        "oversight.casework.decision_forms.findings_form.<locals>.FindingsForm": lambda data: (
            findings_form(list(Concern), formdata=data)
        ),
        "oversight.deployments.staff.forms.FilterForm": lambda data: records_forms.filter_form(
            data, forces_by_name(), tuple(Technology)
        ),
        "oversight.deployments.register.forms.RegisterFilterForm": lambda data: (
            register_forms.filter_form(data, forces_by_name())
        ),
    }


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


FORM_NAMES = sorted(
    {_name(cls) for cls in APP_FORMS}
    | {"oversight.casework.decision_forms.findings_form.<locals>.FindingsForm"}
)


def _builder(name: str) -> Callable[[Any], Any]:
    special = _built_by_their_module()
    if name in special:
        return special[name]
    (cls,) = [cls for cls in APP_FORMS if _name(cls) == name]
    return lambda data: cls(formdata=data, meta={"csrf": False})


def _typed_into_every_field(form: Any) -> MultiDict:
    """TYPED in every text field; a choice, a date and a number with a NUL in them."""
    sent: MultiDict = MultiDict()
    for field in form:
        if isinstance(field, DatePartsField):
            for part, value in (("day", "1"), ("month", "2"), ("year", "2026")):
                sent.add(f"{field.name}-{part}", f"{value}\x00\x07")
        elif isinstance(field, SelectFieldBase):
            choices = [value for value, *_ in field.iter_choices()] if field.choices else []
            sent.add(field.name, f"\x00{choices[-1] if choices else 'x'}\x1b")
        elif isinstance(field, StringField):
            sent.add(field.name, TYPED)
        elif isinstance(field, IntegerField):
            sent.add(field.name, "1\x00")
    return sent


def _text_left(field: Any) -> list[str]:
    if isinstance(field, DatePartsField):
        return list(field.parts.values())
    data = field.data
    if isinstance(data, list):
        return [str(value) for value in data]
    return [data] if isinstance(data, str) else []


def test_the_walk_finds_the_forms_of_every_package():
    packages = {cls.__module__.split(".")[1] for cls in APP_FORMS}
    assert {"auth", "public", "casework", "deployments", "statistics", "api"} <= packages
    assert len(APP_FORMS) > 40


def test_every_form_of_the_app_uses_the_base_form():
    not_using = [_name(cls) for cls in APP_FORMS if cls is not Form and not issubclass(cls, Form)]
    assert not_using == []


@pytest.mark.parametrize("name", FORM_NAMES)
def test_no_control_character_typed_into_a_form_gets_through(app, db, name):
    build = _builder(name)
    with app.test_request_context("/", method="POST"):
        blank = build(MultiDict())
        sent = _typed_into_every_field(blank)
        form = build(sent)
        for field in form:
            choice = isinstance(field, SelectFieldBase) and not isinstance(field, ForceField)
            if choice and field.choices is None:  # choices a view gives
                field.choices = [("x", "X")]
        form.validate()  # never an exception
        checked = 0
        for field in form:
            if not isinstance(field, StringField | SelectFieldBase | DatePartsField):
                continue
            checked += 1
            if field.errors:
                continue
            assert not isinstance(field, PasswordField), f"{field.name}: a password was changed"
            allowed = CONTROL_BUT_LINES if isinstance(field, TextAreaField) else CONTROL
            for text in _text_left(field):
                assert not allowed.search(text), f"{field.name} kept {text!r}"
                assert text == text.strip(), f"{field.name} kept surrounding spaces"
        assert checked == sum(
            isinstance(field, StringField | SelectFieldBase | DatePartsField) for field in form
        )


def test_one_line_text_loses_control_characters_and_keeps_its_words():
    assert clean_line(TYPED) == "onetwothree four five[0msixseven"


def test_long_text_keeps_tabs_and_line_breaks():
    assert clean_text(TYPED) == "onetwothree\tfour\r\nfive[0msixseven"


def test_text_that_is_not_a_string_is_left_alone():
    assert clean_line(None) is None
    assert clean_text(3) == 3


class Sample(Form):
    name = StringField("Full name", validators=[DataRequired()])
    notes = TextAreaField("Notes")
    colour = SelectField("Colour", choices=[("red", "Red"), ("blue", "Blue")])
    size = RadioField("Size", choices=[("s", "Small")], validators=[InputRequired()])
    extras = SelectMultipleField("Extras", choices=[("a", "A"), ("b", "B")])
    question = StringField("What happened?", validators=[DataRequired()])
    secret = PasswordField("Password")


def _sample(app: Any, **sent: Any) -> Sample:
    with app.test_request_context("/", method="POST"):
        form = Sample(formdata=MultiDict(sent), meta={"csrf": False})
        form.validate()
        return form


def test_a_required_field_says_what_to_enter_or_select(app):
    form = _sample(app, name="", question="", size="")
    assert form.name.errors == ["Enter full name"]
    assert form.question.errors == ["Enter an answer"]
    assert form.size.errors == ["Select size"]


def test_a_choice_not_offered_says_to_choose_from_the_list(app):
    form = _sample(app, name="Jo", question="x", size="s", colour="green", extras=["a", "z"])
    assert form.colour.errors == ["Choose an option from the list"]
    assert form.extras.errors == ["Choose an option from the list"]


def test_a_force_not_offered_says_to_select_the_police_force_from_the_list(app, db):
    class Pick(Form):
        force = ForceField("Force", blank="Choose a force")

    with app.test_request_context("/", method="POST"):
        form = Pick(formdata=MultiDict({"force": "atlantis"}), meta={"csrf": False})
        assert not form.validate()
        assert form.force.errors == ["Select the police force from the list"]
        assert form.force.choices[0] == ("", "Choose a force")
        assert ("south-wales", "South Wales Police") in form.force.choices


def test_typed_text_is_cleaned_and_a_password_is_refused_not_changed(app):
    form = _sample(
        app, name=" Jo\x00 Bloggs ", question="x", size="s", notes=TYPED, secret="pass\x00word"
    )
    assert form.name.data == "Jo Bloggs"
    assert form.notes.data == "onetwothree\tfour\r\nfive[0msixseven"
    assert form.secret.data == "pass\x00word"
    assert form.secret.errors == ["Password must not include hidden characters, such as tabs"]


def test_a_choice_keeps_its_spaces_but_loses_control_characters(app):
    form = _sample(app, name="Jo", question="x", size="s\x00", colour=" red")
    assert form.size.data == "s"
    assert form.size.errors == []
    assert form.colour.errors == ["Choose an option from the list"]
