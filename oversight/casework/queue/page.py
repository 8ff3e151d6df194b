"""The queue page, as every view that shows it renders it: the list itself
(casework.case_list) and the queue's own forms sent with a mistake (bulk actions and
saving a view), which show the queue again with the error summary and what was chosen.

Rendering is kept before the caller's commit: committing expires the loaded cases, and
the template would then load each one again (a query per row)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from oversight.auth.models import Role, User
from oversight.casework import queries
from oversight.casework.page import today
from oversight.casework.queue import saved
from oversight.casework.queue.bulk import MOST_CASES
from oversight.casework.queue.forms import NOBODY, BulkForm, DeleteViewForm, SaveViewForm
from oversight.complaints.enums import Concern, Priority, Status, Technology
from oversight.forces.models import forces_by_name
from oversight.web.templating import error_list

# Who acts on many cases at once and downloads the queue: senior caseworkers.
BULK_ROLES = frozenset({Role.SENIOR_CASEWORKER})


def can_act_in_bulk(user: User) -> bool:
    return user.has_any(BULK_ROLES)


def assignee_choices() -> list[tuple[str, str]]:
    """Every active account in casework, by name, after "nobody" (one query, however
    many staff)."""
    return [("", _("Choose someone")), (NOBODY, _("Nobody (unassign them)"))] + [
        (str(ident), name) for ident, name in queries.case_staff()
    ]


def bulk_form(formdata: object = None) -> BulkForm:
    form = BulkForm() if formdata is None else BulkForm(formdata=formdata)
    form.assign_to.choices = assignee_choices()
    return form


def blank_bulk_form() -> BulkForm:
    form = BulkForm(formdata=None)
    form.assign_to.choices = assignee_choices()
    return form


@dataclass(frozen=True)
class Shown:
    html: str
    status: int
    count: int  # the cases listed

    @property
    def response(self) -> tuple[str, int]:
        return self.html, self.status


def render_queue(
    filters: queries.QueueFilters,
    status: int = 200,
    *,
    bulk: BulkForm | None = None,
    save: SaveViewForm | None = None,
    problem: str | None = None,
    problem_href: str = "#bulk-action",
) -> tuple[str, int]:
    """The queue page for `filters`, with the forms sent (their errors and answers) or
    blank ones."""
    return show_queue(
        filters, status, bulk=bulk, save=save, problem=problem, problem_href=problem_href
    ).response


def show_queue(
    filters: queries.QueueFilters,
    status: int = 200,
    *,
    bulk: BulkForm | None = None,
    save: SaveViewForm | None = None,
    problem: str | None = None,
    problem_href: str = "#bulk-action",
) -> Shown:
    """The queue page as render_queue renders it, with how many cases it lists."""
    page = queries.queue_page(filters, current_user.id, today())
    senior = can_act_in_bulk(current_user)
    bulk = bulk if bulk is not None else (blank_bulk_form() if senior else None)
    save = save if save is not None else SaveViewForm(formdata=None)
    problems = error_list(bulk, save)
    if problem:
        problems.insert(0, {"text": problem, "href": problem_href})
    chosen = {s.reference for s in bulk.cases.selected()} if bulk is not None else set()
    html = render_template(
        "casework/queue.html",
        page=page,
        counts=queries.queue_counts(today()),
        filters=filters,
        today=today(),
        forces=forces_by_name(),
        statuses=list(Status),
        technologies=list(Technology),
        concerns=list(Concern),
        priorities=list(Priority),
        staff=assignee_choices()[2:],  # everyone in casework, for the "assigned to" filter
        can_act_in_bulk=senior,
        bulk_form=bulk,
        chosen=chosen,
        save_form=save,
        delete_form=DeleteViewForm(formdata=None),
        views=saved.views_for(current_user),
        view_link=saved.link_args,
        most_cases=MOST_CASES,
        problems=problems,
    )
    return Shown(html, status, len(page.cases))
