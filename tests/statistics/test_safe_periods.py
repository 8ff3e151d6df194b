"""Safe periods (issue 14.1): only a standard period is ever published, and only once it
has ended and its lag for late records (STATISTICS_LAG_DAYS) has passed; a period not yet
ended is refused everywhere; given dates are for staff analysis and never reach the public.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import (
    custom,
    last_complete_quarter,
    local_midnight,
    parse_period,
    quarter,
)
from oversight.workdays import local_date
from tests.factories import make_complaint, make_user
from tests.helpers import login_as, post_page
from tests.statistics.calendar_data import (
    approve_and_publish,
    first_day,
    in_the_calendar,
    working_day,
)
from tests.statistics.staff_pages import (
    NEW,
    act,
    draft_fixture,  # noqa: F401  (a fixture)
    page_of,
    pat_fixture,  # noqa: F401  (a fixture)
    published_fixture,  # noqa: F401  (a fixture)
    refreshed,
    releases,
    sam_fixture,  # noqa: F401  (a fixture)
    text,
)

NOT_BEFORE = "can be published from"
STAFF_ONLY = "for staff analysis only and can never be published"


def today() -> date:
    return local_date(utcnow())


@pytest.fixture(name="autumn")
def autumn_fixture(db) -> None:
    """Complaints through October and November 2025, and four on 1 December."""
    for day in range(61):
        make_complaint(received_at=datetime(2025, 10, 1, 10, tzinfo=UTC) + timedelta(days=day))
    for hour in range(4):
        make_complaint(received_at=datetime(2025, 12, 1, 10 + hour, tzinfo=UTC))
    db.session.commit()


# The nested custom periods of the issue -----------------------------------------------------


def test_two_nested_custom_periods_are_for_staff_and_neither_can_be_approved(
    db, autumn, statistician, publisher
):
    # 1 Oct to 30 Nov and 1 Oct to 1 Dec: published both, they would give 1 December by subtraction.
    short = services.prepare(custom(date(2025, 10, 1), date(2025, 11, 30)), statistician)
    long = services.prepare(custom(date(2025, 10, 1), date(2025, 12, 1)), statistician)
    db.session.commit()
    for release in (short, long):
        with pytest.raises(services.ReleaseProblem, match=STAFF_ONLY) as refused:
            services.approve(release, publisher, utcnow())
        assert refused.value.field == "publish_at"
        assert release.status is ReleaseStatus.DRAFT
    assert services.publish_due(utcnow() + timedelta(days=1)) == []


def test_a_custom_release_forced_into_publication_is_never_served(
    client, db, autumn, statistician, publisher
):
    """Even one marked published behind the services' back: no page, download or API."""
    release = services.prepare(custom(date(2025, 10, 1), date(2025, 12, 1)), statistician)
    db.session.commit()
    moment = utcnow() - timedelta(hours=1)
    values = {"approved_by_id": publisher.id, "approved_at": moment, "publish_at": moment}
    db.session.execute(
        sa.update(StatisticsRelease)
        .where(StatisticsRelease.id == release.id)
        .values(status=ReleaseStatus.APPROVED, **values)
    )
    db.session.commit()
    assert services.publish_due() == []  # approved, it is never published
    assert refreshed(db, release).status is ReleaseStatus.APPROVED
    db.session.execute(
        sa.update(StatisticsRelease)
        .where(StatisticsRelease.id == release.id)
        .values(status=ReleaseStatus.PUBLISHED, published_at=moment)
    )
    db.session.commit()
    slug = release.slug
    assert services.published(slug) is None
    assert services.revisions(slug) == []
    assert services.published_releases() == []
    for address in (
        f"/statistics/{slug}",
        f"/statistics/{slug}/revisions/1",
        f"/statistics/{slug}/revisions/1/statistics.csv",
        f"/statistics/{slug}/revisions/1/statistics.json",
        f"/statistics/{slug}/revisions/1/statistics.xlsx",
        f"/api/v1/statistics/releases/{slug}",
    ):
        assert client.get(address).status_code == 404, address
    assert slug not in client.get("/statistics").get_data(as_text=True)
    assert slug not in client.get("/api/v1/statistics/releases").get_data(as_text=True)


def test_the_release_page_offers_no_approval_for_given_dates(client, db, autumn, statistician):
    release = services.prepare(custom(date(2025, 10, 1), date(2025, 11, 30)), statistician)
    pat = make_user({Role.PUBLISHER}, email="pat@example.test")
    db.session.commit()
    login_as(client, pat)
    words = text(client.get(page_of(release)))
    assert "for staff analysis only: it can never be approved, published" in words
    assert "Approve the release" not in words
    sent = act(client, release, "approve", version=release.version, when="now")
    assert sent.status_code == 400
    assert STAFF_ONLY in text(sent)
    assert refreshed(db, release).status is ReleaseStatus.DRAFT


# The lag for late records ---------------------------------------------------------------------


@pytest.fixture(name="recent")
def recent_fixture(app, monkeypatch) -> date:
    """A lag that ends 10 days from today for the last quarter that ended: the first day
    its release may be published."""
    ended = last_complete_quarter(today()).end
    monkeypatch.setitem(app.config, "STATISTICS_LAG_DAYS", (today() - ended).days + 9)
    return today() + timedelta(days=10)


def test_a_quarter_is_not_approved_for_publication_before_its_lag_has_passed(
    db, statistician, publisher, recent
):
    period = last_complete_quarter(today())
    assert period.publishable_from(services.lag_days()) == recent
    release = services.prepare(period, statistician)  # a draft, to check and recompute
    db.session.commit()
    for too_soon in (utcnow(), local_midnight(recent) - timedelta(minutes=1)):
        with pytest.raises(services.ReleaseProblem, match=NOT_BEFORE):
            services.approve(release, publisher, too_soon)
    # Nor for a day announced in the calendar before the lag was what it is now.
    entry = in_the_calendar(period, publisher, working_day(1))
    with pytest.raises(services.ReleaseProblem, match=NOT_BEFORE):
        services.approve(release, publisher, local_midnight(recent))
    db.session.rollback()
    entry = in_the_calendar(period, publisher, first_day(period))
    services.approve(release, publisher, local_midnight(recent))
    assert release.publish_at == entry.publish_at >= local_midnight(recent)
    assert services.publish_due(entry.publish_at - timedelta(minutes=1)) == []
    assert services.publish_due(entry.publish_at) == [release]


def test_an_approval_for_too_soon_made_before_the_rule_is_never_published(
    app, db, statistician, publisher, recent, monkeypatch
):
    period = last_complete_quarter(today())
    release = services.prepare(period, statistician)
    entry = in_the_calendar(period, publisher, first_day(period))
    services.approve(release, publisher, local_midnight(recent))
    db.session.commit()
    # The lag grows past the announced day after the approval.
    lag = services.lag_days() + (entry.release_date - recent).days + 5
    monkeypatch.setitem(app.config, "STATISTICS_LAG_DAYS", lag)
    assert services.publish_due(entry.publish_at) == []
    assert refreshed(db, release).status is ReleaseStatus.APPROVED


def test_a_revision_is_refused_while_its_period_is_within_its_lag(
    app, db, statistician, publisher, monkeypatch
):
    period = quarter(2026, 2)
    approve_and_publish(services.prepare(period, statistician), publisher)
    db.session.commit()
    # Were the lag longer, the period would not yet be one a revision can be made of.
    monkeypatch.setitem(app.config, "STATISTICS_LAG_DAYS", (today() - period.end).days + 1)
    with pytest.raises(services.ReleaseProblem, match=NOT_BEFORE) as refused:
        services.prepare(period, statistician, revision_note="Late records.")
    assert refused.value.field == "period"


def test_the_revision_page_says_why_a_period_within_its_lag_cannot_be_revised(
    app, client, db, published, sam, monkeypatch
):
    ended = published.period.end
    monkeypatch.setitem(app.config, "STATISTICS_LAG_DAYS", (today() - ended).days + 1)
    login_as(client, sam)
    note = "Complaints logged late are now counted."
    response = post_page(
        client,
        f"{page_of(published)}/revise",
        {"version": str(published.version), "revision_note": note},
    )
    assert response.status_code == 400
    assert "April to June 2026 can be published from" in text(response)
    assert note in response.get_data(as_text=True)  # nothing typed is lost
    assert releases(db) == [published]


# A period not yet ended, refused everywhere --------------------------------------------------


def unfinished() -> list[tuple[str, dict[str, str], str]]:
    """The quarter today is in, next year, and given dates ending today: each as the CLI
    and the form write it, with the field the form's error belongs to."""
    now = today()
    number = (now.month - 1) // 3 + 1
    dates = {
        "start-day": "1",
        "start-month": "1",
        "start-year": str(now.year),
        "end-day": str(now.day),
        "end-month": str(now.month),
        "end-year": str(now.year),
    }
    return [
        (
            f"{now.year}-Q{number}",
            {"period_kind": "quarter", "quarter_year": str(now.year), "quarter": str(number)},
            "quarter_year",
        ),
        (
            str(now.year + 1),
            {"period_kind": "calendar_year", "calendar_year": str(now.year + 1)},
            "calendar_year",
        ),
        (f"{now.year}-01-01..{now.isoformat()}", {"period_kind": "custom", **dates}, "end"),
    ]


@pytest.mark.parametrize("written, answers, field", unfinished())
def test_a_period_not_yet_ended_is_refused_by_the_service_the_cli_and_the_form(
    client, runner, db, statistician, written, answers, field
):
    period = parse_period(written)
    with pytest.raises(services.ReleaseProblem, match="has not ended yet") as refused:
        services.prepare(period, statistician)
    assert refused.value.field == "period"
    db.session.rollback()

    result = runner.invoke(args=["statistics", "prepare", written, "--as", statistician.email])
    assert result.exit_code == 2
    assert f"{period.label} has not ended yet: a release can be prepared from" in result.output

    login_as(client, statistician)
    response = post_page(client, NEW, answers)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'href="#{field}' in page  # the error summary leads to the field
    assert f"{period.label} has not ended yet" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StatisticsRelease)) == 0


def test_given_dates_ending_yesterday_can_be_prepared_for_staff(db, statistician):
    release = services.prepare(
        custom(today() - timedelta(days=7), today() - timedelta(days=1)), statistician
    )
    assert release.status is ReleaseStatus.DRAFT
