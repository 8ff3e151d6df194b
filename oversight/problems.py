"""The typed domain errors every service raises and every view translates in one place.

Services never answer a request: they raise one of these, and the web layer turns it into
a field error on the form that was sent (`Problem` with a `field`), a message at the top of
the page (`Problem` without one), a 409 with the sent answers kept (`Changed`), a 403 that
is audited (`NotPermitted`) or a 404 (`NotFound`). Each package subclasses them for its own
vocabulary (`CaseProblem`, `ReleaseProblem`, …) so a caller can still catch one domain's
errors alone; the app's error handlers and `oversight.forms.show_problem` know the bases.

Messages are in plain words for the person using the page; they never carry personal data
(they may reach logs as the exception's text).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Every domain error: what was asked cannot be done, and `message` says why."""

    def __init__(self, message: Any = "", field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class Problem(DomainError, ValueError):
    """A change that cannot be made as asked. `field` names the answer at fault, if one is;
    the page shows the message beside that answer, or at the top of the page without one."""


class NotPermitted(DomainError):
    """The person may not do this to this object: answered with an audited 403."""


class Changed(DomainError):
    """Someone else changed the object since the page was opened: a 409, nothing saved,
    and what was sent shown again so nothing typed is lost."""


class NotFound(DomainError):
    """The object asked for does not exist (or is not for this person to know of): a 404."""
