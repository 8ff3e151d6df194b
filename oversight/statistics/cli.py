"""Flask commands for statistics releases: prepare a draft, publish what is due.

`flask statistics prepare 2026-Q3 --as statistician@example.org` computes a release as
the staff page does, in the name of that statistician (the audit trail names them; with
one statistician account, --as may be left out), and
prints a line for each step as it goes. `flask statistics publish-due` publishes every
approved release whose time has come; run it from a scheduler, or leave it to the pages,
which do the same on every visit. A refused request exits with status 2 and says why.
`flask statistics check-published` runs the disclosure check again on every release out
or approved (after a change to the method, attack.METHOD_VERSION) and exits 1 if a [c]
of any could be worked out.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from oversight.auth.models import Role, User, UserRole
from oversight.auth.services import find_by_email
from oversight.extensions import db
from oversight.statistics import checks, periods, services
from oversight.statistics.compute import attack
from oversight.statistics.content import Cell
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import InvalidPeriod, Period, parse_period

statistics_cli = AppGroup("statistics", help="Statistics releases.")


class Refused(click.ClickException):
    """The release cannot be prepared as asked; exits 2, as a bad argument does."""

    exit_code = 2


@statistics_cli.command("prepare")
@click.argument("period_text", metavar="PERIOD")
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help=(
        "The statistician preparing it (their staff account's email); may be left out "
        "when the register has only one statistician."
    ),
)
@click.option(
    "--revision-note",
    metavar="TEXT",
    help="For a period already published: what the revision changes and why.",
)
def prepare_command(period_text: str, as_email: str | None, revision_note: str | None) -> None:
    """Prepare a draft release for PERIOD: 2026-Q3, 2026, FY2025-26 or
    2026-01-05..2026-02-20.

    The draft is computed from the register as it is now, and a publisher who did not
    prepare it approves it on the staff pages. A period already published needs
    --revision-note: the draft is then its next revision. Only a period that has ended
    can be prepared; a release for given dates is for staff analysis and is never
    published.
    """
    try:
        period = parse_period(period_text)
    except InvalidPeriod as problem:
        raise click.BadParameter(str(problem), param_hint="PERIOD") from None
    user = _statistician(as_email) if as_email else _the_only_statistician()
    click.echo(f"Preparing the release for {period.label} ({period.code}) as {user.email}")
    try:
        release = services.prepare(period, user, revision_note=revision_note, progress=_step)
        db.session.commit()
    except services.ReleaseProblem as problem:
        db.session.rollback()
        raise Refused(f"{problem}.") from None
    except IntegrityError:
        db.session.rollback()
        raise Refused(
            f"Someone else prepared a release for {period.label} at the same time. "
            "Look at it on the staff pages."
        ) from None
    _summary(release, period)


def _statistician(email: str) -> User:
    user = find_by_email(email)
    if user is None:
        raise click.BadParameter(f"no staff account has the email {email}", param_hint="--as")
    if not user.active:
        raise click.BadParameter(f"the staff account {email} is disabled", param_hint="--as")
    if Role.STATISTICIAN not in user.roles:
        raise click.BadParameter(
            f"{email} is not a statistician, so cannot prepare a release", param_hint="--as"
        )
    return user


def _the_only_statistician() -> User:
    """With no --as, the register's one active statistician; refused if there are more
    or none, as the release must name who prepared it (a publisher other than them
    approves it)."""
    statisticians = sa.select(User).where(User.role_rows.any(UserRole.role == Role.STATISTICIAN))
    found = [user for user in db.session.scalars(statisticians) if user.active]
    if len(found) != 1:
        raise click.UsageError(
            "Say who is preparing the release with --as EMAIL: the register has "
            f"{len(found)} statistician accounts"
        )
    return found[0]


def _step(done: int, steps: int, what: str) -> None:
    width = len(str(steps))
    click.echo(f"  [{done:>{width}}/{steps}] {what}")


def _summary(release: StatisticsRelease, period: Period) -> None:
    content = release.content
    click.echo(
        f"Prepared release {release.id}: {release.slug}, revision {release.revision}, a draft."
    )
    click.echo(f"  Period:      {period.label} ({period.start} to {period.end})")
    click.echo(f"  Compared to: {content['comparison']['label']}")
    for headline in content.get("headlines", []):
        click.echo(
            f"  {headline['label']}: {_figure(headline['current'])} "
            f"(a year before: {_figure(headline['previous'])})"
        )
    tables = content.get("tables", [])
    withheld = sum(
        1
        for table in tables
        for row in table["rows"]
        for cell in row["cells"]
        if cell.get("symbol") == "[c]"
    )
    click.echo(f"  Tables: {len(tables)}; cells withheld as [c]: {withheld}")
    if not period.standard:
        click.echo(
            "For staff analysis only: a release for given dates is never approved or "
            f"published (/staff/statistics/{release.id})."
        )
        return
    first = period.publishable_from(periods.lag_days())
    click.echo(
        "A publisher who did not prepare it approves it on the staff pages "
        f"(/staff/statistics/{release.id}), for publication from {first:%Y-%m-%d} on."
    )


def _figure(cell: Cell) -> str:
    if cell.get("symbol"):
        return str(cell["symbol"])
    value = cell.get("value")
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}" if isinstance(value, float) else "[x]"


@statistics_cli.command("publish-due")
def publish_due_command() -> None:
    """Publish every approved release whose publication time has come."""
    published = services.publish_due()
    db.session.commit()
    if not published:
        click.echo("Nothing is due to be published.")
        return
    for release in published:
        click.echo(
            f"Published {release.slug}, revision {release.revision} ({release.period.label}), "
            f"due {release.publish_at:%Y-%m-%d %H:%M} UTC."
        )


@statistics_cli.command("check-published")
def check_published_command() -> None:
    """Check every published and approved release (superseded ones too) against an
    attacker holding it and every other release out, and print the counts shown as [c]
    at risk in each.

    Run it after the disclosure method changes. Each answer is stored, so the staff list
    of releases warns of a release at risk, and runs again only when the method or the
    releases out change. Prints where each count sits and the values it could take,
    nothing about anyone. Exits 1 if any count is at risk.
    """
    out = list(
        db.session.scalars(
            sa.select(StatisticsRelease)
            .where(StatisticsRelease.status.in_(checks.OUT))
            .order_by(
                StatisticsRelease.period_start, StatisticsRelease.slug, StatisticsRelease.revision
            )
        )
    )
    if not out:
        click.echo("No release is published or approved: nothing to check.")
        return
    risky = 0
    for release in out:
        found = checks.disclosure_risks(release)
        db.session.commit()  # kept as it goes: each check can take a few seconds
        label = (
            f"{release.slug}, revision {release.revision} ({release.period.label}), "
            f"{release.status.value}"
        )
        if not found:
            click.echo(f"{label}: no count shown as [c] is at risk.")
            continue
        risky += 1
        click.echo(f"{label}: {len(found)} count{'s' if len(found) > 1 else ''} at risk:")
        for risk in found:
            click.echo(f"  {_place(risk)}")
    click.echo(
        f"Checked {len(out)} release{'s' if len(out) > 1 else ''} with method version "
        f"{attack.METHOD_VERSION}: {risky} at risk."
    )
    if risky:
        click.echo(
            "Prepare a revision of each release at risk that withholds those counts (for one "
            "approved, withdraw its approval first), and have it approved and published."
        )
        raise click.exceptions.Exit(1)


def _place(risk: attack.Risk) -> str:
    place = risk.place
    values = f"only {risk.low}" if risk.low == risk.high else f"{risk.low} to {risk.high}"
    return f"{place.period} | {place.table} | row {place.row} | column {place.column} | {values}"
