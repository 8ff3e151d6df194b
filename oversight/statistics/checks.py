"""The disclosure check of a release, run once for each state of the releases it reads.

The check (compute/attack.py) takes a second or more, and its answer depends only on the
method, the release and the releases already out (or approved to go out) beside it. So it
is kept, under a key that is a SHA-256 of just those: attack.METHOD_VERSION, the release's
content_sha256 and the sorted content_sha256 of every release the check reads. While
nothing of these changes, the stored answer is the answer; once anything does (another
release is approved, published or withdrawn, the draft is recomputed, the method is
changed), the key is another and the check runs again. An approval therefore never passes
on an answer about other releases than those out at that moment.

Two requests that check the same state at once both run it, and both store it with an
insert that does nothing when the key is already there, so one row is kept and neither
fails. A stored answer is never changed or deleted: it is a fact about that state.

The answers hold where a count shown as [c] sits (period, table, row and column titles)
and the values it could take: nothing about any complainant.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import g
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from oversight.extensions import db
from oversight.models import Base, utcnow
from oversight.statistics.compute import attack
from oversight.statistics.enums import PUBLIC_STATUSES, ReleaseStatus
from oversight.statistics.models import StatisticsRelease

# The releases an attacker holds beside the one checked, as attack.check_release reads them.
OUT = (*PUBLIC_STATUSES, ReleaseStatus.APPROVED)


class DisclosureCheck(Base):
    """The answer of the disclosure check for one state: the [c] cells at risk, if any."""

    __tablename__ = "disclosure_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    release_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statistics_releases.id", ondelete="CASCADE"), index=True
    )
    method_version: Mapped[int]
    checked_at: Mapped[datetime]
    # Each risk as attack.Risk.as_dict gives it, with the number of the release it is in
    # (0 for the release checked).
    risks: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)


@dataclass(frozen=True)
class Checked:
    """What the check found for a release as things stand, and when it was run."""

    risks: list[attack.Risk]
    checked_at: datetime


def _stored(risk: attack.Risk) -> dict[str, Any]:
    return {"release": risk.place.release, **risk.as_dict()}


def _risk(stored: dict[str, Any]) -> attack.Risk:
    place = attack.Place(
        stored["release"], stored["period"], stored["table"], stored["row"], stored["column"]
    )
    return attack.Risk(place, stored["low"], stored["high"])


def _of(row: DisclosureCheck) -> Checked:
    return Checked([_risk(r) for r in row.risks], row.checked_at)


def _key(content_sha256: str, beside: list[str]) -> str:
    parts = [attack.METHOD_VERSION, content_sha256, sorted(beside)]
    return hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()


def _digests_out() -> dict[int, str]:
    """The content_sha256 of every release out or approved, by id."""
    rows = db.session.execute(
        sa.select(StatisticsRelease.id, StatisticsRelease.content_sha256).where(
            StatisticsRelease.status.in_(OUT)
        )
    )
    return {id_: sha for id_, sha in rows}


def check_key(release: StatisticsRelease) -> str:
    """The key of the release's check as things stand: what the check's answer rests on."""
    beside = [sha for id_, sha in _digests_out().items() if id_ != release.id]
    return _key(release.content_sha256, beside)


def disclosure_check(release: StatisticsRelease) -> Checked:
    """The check of the release as things stand: the one stored for this state, or run now
    and stored. Kept in `g` too, so a page shown again after its transaction was rolled
    back (a refused approval) does not run the check twice; the row is stored again then,
    for the page's commit to keep."""
    key = check_key(release)
    row = db.session.scalar(sa.select(DisclosureCheck).where(DisclosureCheck.key == key))
    if row is not None:
        return _of(row)
    memo: dict[str, Checked] = g.setdefault("disclosure_checks", {})
    checked = memo.get(key)
    if checked is None:
        checked = Checked(attack.check_release(release), utcnow())
        if check_key(release) != key:
            return checked  # a release came or went while it ran: this state is gone
    _insert_once(
        key=key,
        release_id=release.id,
        method_version=attack.METHOD_VERSION,
        checked_at=checked.checked_at,
        risks=[_stored(r) for r in checked.risks],
    )
    row = db.session.scalar(sa.select(DisclosureCheck).where(DisclosureCheck.key == key))
    # (Not found only if the winner of a race since deleted it: the answer stands.)
    memo[key] = checked = _of(row) if row is not None else checked
    return checked


def disclosure_risks(release: StatisticsRelease) -> list[attack.Risk]:
    """The [c] cells at risk if the release is (or stays) out beside every other release
    out or approved: attack.check_release, run once for each state (see above)."""
    return disclosure_check(release).risks


def _insert_once(**values: Any) -> None:
    """Insert the check, or nothing if a check with its key is there already (stored by a
    request that ran it at the same time)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(DisclosureCheck).on_conflict_do_nothing(
            index_elements=["key"]
        )
    elif dialect == "sqlite":
        statement = sqlite.insert(DisclosureCheck).on_conflict_do_nothing(index_elements=["key"])
    else:  # pragma: no cover  (the register runs on these two)
        raise NotImplementedError(dialect)
    db.session.execute(statement.values(**values))


def latest_risks(releases: Sequence[StatisticsRelease]) -> dict[int, Checked]:
    """For each of the releases out or approved (by id) whose check under this method
    found cells at risk: that check. The check of the releases as they now stand if one
    was stored, otherwise the latest stored under this method (`flask statistics
    check-published` stores them). Reads no release's content."""
    releases = [r for r in releases if r.status in OUT]
    if not releases:
        return {}
    out = _digests_out()
    current = {
        r.id: _key(r.content_sha256, [sha for id_, sha in out.items() if id_ != r.id])
        for r in releases
    }
    rows = list(
        db.session.scalars(
            sa.select(DisclosureCheck)
            .where(
                DisclosureCheck.method_version == attack.METHOD_VERSION,
                sa.or_(
                    DisclosureCheck.release_id.in_(current),
                    DisclosureCheck.key.in_(current.values()),
                ),
            )
            .order_by(DisclosureCheck.checked_at, DisclosureCheck.id)
        )
    )
    by_key = {row.key: row for row in rows}
    latest = {row.release_id: row for row in rows}  # oldest first: the latest stays
    found = {}
    for id_, key in current.items():
        row = by_key.get(key) or latest.get(id_)
        if row is not None and row.risks:
            found[id_] = _of(row)
    return found
