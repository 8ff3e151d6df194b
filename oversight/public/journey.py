"""The order of the complaint questions and what each answer looks like when checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.complaints.answers import AnswerKey, Answers
from oversight.complaints.enums import Concern, ContactMethod, Relation, Technology
from oversight.deployments.records.models import Deployment
from oversight.forces.models import force_by_slug
from oversight.links import suggestions
from oversight.public import contact, questions


def _always(answers: Answers) -> bool:
    return True


def _gives_contact(answers: Answers) -> bool:
    return answers.get("wants_contact") == "yes"


def deployment_day(answers: Answers) -> tuple[str, date] | None:
    """The force and exact day whose deployments the person may pick from: only for
    live facial recognition (or not sure), a force they name and a day they know."""
    technology = answers.get("technology")
    force = answers.get("force")
    when = answers.get("incident_date")
    if technology not in {t.value for t in suggestions.PICKS_A_DEPLOYMENT}:
        return None
    if not force or force == questions.ForceForm.UNKNOWN or not when:
        return None
    if answers.get("incident_date_approximate"):
        return None
    return force, date.fromisoformat(when)


def offered_deployments(answers: Answers) -> list[Deployment]:
    """That day's published deployments of the force, for the person to pick from."""
    day = deployment_day(answers)
    return suggestions.published_on(*day) if day else []


def _may_pick_deployment(answers: Answers) -> bool:
    day = deployment_day(answers)
    return day is not None and suggestions.any_published_on(*day)


def _pick_fits(answers: Answers) -> bool:
    """A pick counts only if it was made for these answers and is still on offer."""
    if answers.get("deployment_for") != questions.DeploymentForm.asked_for(answers):
        return False
    picked = answers.get("deployment")
    if picked == questions.DeploymentForm.NONE:
        return True
    return any(str(d.id) == picked for d in offered_deployments(answers))


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[questions.Question]
    title: object  # a lazy string
    applies: Callable[[Answers], bool] = _always
    # Answer keys that must be present for the step to count as answered.
    required: tuple[AnswerKey, ...] = ()
    # Whether a saved answer still fits the answers it was given for.
    fits: Callable[[Answers], bool] = _always

    def answered(self, answers: Answers) -> bool:
        present = all(answers.get(key) not in (None, "", []) for key in self.required)
        return present and self.fits(answers)


STEPS: tuple[Step, ...] = (
    Step(
        "technology",
        questions.TechnologyForm,
        _l("Which technology was used?"),
        required=("technology",),
    ),
    Step("force", questions.ForceForm, _l("Which police force was it?"), required=("force",)),
    Step("when", questions.WhenForm, _l("When did it happen?"), required=("incident_date",)),
    Step("where", questions.WhereForm, _l("Where did it happen?"), required=("place",)),
    Step(
        "deployment",
        questions.DeploymentForm,
        _l("Was it one of these deployments?"),
        applies=_may_pick_deployment,
        required=("deployment",),
        fits=_pick_fits,
    ),
    Step(
        "what-happened",
        questions.WhatHappenedForm,
        _l("What happened?"),
        required=("what_happened",),
    ),
    Step(
        "concerns",
        questions.ConcernsForm,
        _l("What are you concerned about?"),
        required=("concerns",),
    ),
    Step(
        "involvement",
        questions.InvolvementForm,
        _l("How were you involved?"),
        required=("relation",),
    ),
    Step(
        "outcome",
        questions.OutcomeForm,
        _l("What would you like to happen as a result of your complaint?"),
        required=("outcome_wanted",),
    ),
    Step("evidence", questions.EvidenceForm, _l("Upload evidence (optional)")),
    Step(
        "contact",
        contact.ContactForm,
        _l("Do you want to give your contact details?"),
        required=("wants_contact",),
    ),
    Step(
        "contact-details",
        contact.ContactDetailsForm,
        _l("Your contact details"),
        applies=_gives_contact,
        required=("name", "preferred_contact"),
    ),
    Step(
        "consent",
        contact.ConsentForm,
        _l("Can we share your name and contact details with the police force?"),
        applies=_gives_contact,
        required=("consent_to_share",),
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}
# The language they asked to be written to in, as check your answers names it (each
# language in its own words, as the language switch does).
WRITE_IN: dict[str, Callable[[], str]] = {
    "en": lambda: "English",
    "cy": lambda: "Cymraeg",
    "both": lambda: _("Both Welsh and English"),
}


def step_named(slug: str) -> Step | None:
    return BY_SLUG.get(slug)


def steps_for(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def next_step(step: Step, answers: Answers) -> Step | None:
    """The step after this one; None when the next page is check your answers."""
    following = STEPS[STEPS.index(step) + 1 :]
    return next((s for s in following if s.applies(answers)), None)


def previous_step(step: Step, answers: Answers) -> Step | None:
    earlier = STEPS[: STEPS.index(step)]
    return next((s for s in reversed(earlier) if s.applies(answers)), None)


def first_unanswered(answers: Answers) -> Step | None:
    return next((s for s in steps_for(answers) if not s.answered(answers)), None)


@dataclass(frozen=True)
class Row:
    step: str
    key: str
    value: str
    multiline: bool = False
    visually_hidden: str = ""


def describe_date(answers: Answers) -> str:
    when = date.fromisoformat(answers["incident_date"])
    return formatting.day_or_month(when, bool(answers.get("incident_date_approximate")))


def describe_force(slug: str) -> str:
    if slug == questions.ForceForm.UNKNOWN:
        return str(_("I don’t know"))
    force = force_by_slug(slug)
    return force.name if force else str(_("I don’t know"))


def describe_deployment(deployment: Deployment) -> str:
    """How a deployment reads to the person: its place, then its times if known."""
    place = ", ".join(p for p in (deployment.location_name, deployment.location_area) if p)
    times = suggestions.times_of(deployment)
    return f"{place}, {times}" if times else place


def _deployment_rows(answers: Answers) -> list[Row]:
    if not _may_pick_deployment(answers):
        return []
    picked = answers.get("deployment")
    chosen = next((d for d in offered_deployments(answers) if str(d.id) == picked), None)
    value = describe_deployment(chosen) if chosen else _("None of these, or I don’t know")
    return [Row("deployment", _("The deployment"), value)]


def _write_in(answers: Answers) -> str:
    named = WRITE_IN.get(answers.get("write_in") or "")
    return named() if named else _("The language of this page")


def summary(answers: Answers) -> list[Row]:
    """The rows of check your answers, in the order they were asked."""
    rows = [
        Row("technology", _("Technology"), Technology(answers["technology"]).label),
        Row("force", _("Police force"), describe_force(answers["force"])),
        Row("when", _("When it happened"), describe_date(answers)),
        Row("where", _("Where it happened"), answers["place"]),
        *_deployment_rows(answers),
        Row("what-happened", _("What happened"), answers["what_happened"], multiline=True),
        Row(
            "concerns",
            _("Your concerns"),
            "\n".join(Concern(c).label for c in answers["concerns"]),
            multiline=True,
        ),
        Row("involvement", _("How you were involved"), Relation(answers["relation"]).label),
        Row(
            "outcome", _("What you would like to happen"), answers["outcome_wanted"], multiline=True
        ),
        Row(
            "evidence",
            _("Evidence"),
            "\n".join(f["name"] for f in answers.get("files", [])) or _("No files uploaded"),
            multiline=True,
        ),
    ]
    if not _gives_contact(answers):
        rows.append(Row("contact", _("Contact details"), _("No, I want to stay anonymous")))
        return rows
    contact = [
        answers["name"],
        answers.get("email") or "",
        answers.get("phone") or "",
        answers.get("postal_address") or "",
    ]
    rows += [
        Row("contact", _("Give contact details"), _("Yes")),
        Row(
            "contact-details",
            _("Your contact details"),
            "\n".join(part for part in contact if part),
            multiline=True,
        ),
        Row(
            "contact-details",
            _("How we should contact you"),
            ContactMethod(answers["preferred_contact"]).label,
            visually_hidden=_("how we should contact you"),
        ),
        Row(
            "contact-details",
            _("Language we write to you in"),
            _write_in(answers),
            visually_hidden=_("the language we write to you in"),
        ),
        Row(
            "contact-details",
            _("Your needs"),
            answers.get("accessibility_needs") or _("None given"),
            multiline=True,
            visually_hidden=_("your needs"),
        ),
        Row(
            "consent",
            _("Share your details with the police force"),
            _("Yes") if answers["consent_to_share"] == "yes" else _("No"),
        ),
    ]
    return rows
