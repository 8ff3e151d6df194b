"""The desk a person sees on the staff home page, and the audit event of showing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from oversight import policy
from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.desk import queries
from oversight.desk.queries import MyWork, TeamWork


@dataclass(frozen=True)
class Desk:
    mine: MyWork
    team: TeamWork | None  # a senior caseworker's only

    @property
    def references(self) -> list[str]:
        """Every case reference the desk lists, each once, in order."""
        lines = [*self.mine.cases, *self.mine.replies, *self.mine.sign_offs_asked_cases]
        if self.team is not None:
            lines += [*self.team.unassigned_cases, *self.team.sign_off_cases]
            lines += self.team.review_cases
        return sorted({line.reference for line in lines})


def desk_for(user: User, today: date) -> Desk | None:
    """The desk of someone who works on cases; None for anyone else (their home page has
    no desk). Only a senior caseworker sees the team's work: seniors allocate it."""
    if not policy.can_list_cases(user):
        return None
    team = queries.team_work(user.id, today) if Role.SENIOR_CASEWORKER in user.roles else None
    return Desk(mine=queries.my_work(user.id, today), team=team)


def record_shown(desk: Desk, actor: str) -> None:
    """The audit event of a desk shown with cases on it (the home page records none when
    it lists no case): which references it showed, as the queue's says which filters."""
    audit.record("case.desk_viewed", actor=actor, object_type="case", references=desk.references)
