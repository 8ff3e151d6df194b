"""Which deployments the register suggests for a case, and in what order: same force,
a day either side of the incident (or the month, when only the month is known), most
words of the place in common first, then the nearer day, then the earlier start.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from oversight.complaints.models import Complaint
from oversight.links import suggestions
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.links.suggestions import place_words, suggest
from tests.factories import make_case, make_deployment


def deployment(day: str = "2026-06-14", **overrides: Any) -> Any:
    """A South Wales deployment (the factory's case is South Wales, 14 June 2026)."""
    overrides.setdefault("location_name", f"Somewhere {day}")
    overrides.setdefault("location_area", "Newport")
    return make_deployment(deployed_on=day, **overrides)


def suggested(complaint: Complaint) -> list[int]:
    return [s.deployment.id for s in suggest(complaint).items]


def test_place_words_ignore_case_accents_possessives_short_and_common_words():
    assert place_words("Outside the Queen's Arcade, Queen Street, CARDIFF city centre") == {
        "queen",
        "arcade",
        "cardiff",
    }
    assert place_words("Caffi’r Môr on the A48", None) == {"caffir", "mor", "a48"}


def test_only_deployments_of_the_case_force_are_suggested(db):
    complaint = make_case()
    ours = deployment()
    make_deployment(force="gwent", location_name="Newport bus station")
    assert suggested(complaint) == [ours.id]


def test_deployments_a_day_either_side_are_suggested_but_not_two_days_away(db):
    complaint = make_case()  # 14 June 2026
    days = {day: deployment(day) for day in ("2026-06-12", "2026-06-13", "2026-06-15")}
    same_day = deployment("2026-06-14")
    days["2026-06-16"] = deployment("2026-06-16")

    found = set(suggested(complaint))

    assert found == {days["2026-06-13"].id, same_day.id, days["2026-06-15"].id}


def test_more_words_in_common_rank_first_and_the_words_are_shown(db):
    complaint = make_case(place="Queen Street near Cardiff Castle, by the arcade")
    none = deployment(location_name="Newport Road", location_area="Newport", start_time="08:00")
    one = deployment(location_name="Principality Stadium", location_area="Cardiff")
    three = deployment(
        location_name="Castle Arcade, Queen Street", location_area="Cardiff", start_time="15:00"
    )
    two = deployment(location_name="Cardiff Castle", location_area=None, start_time="12:00")

    ranked = suggest(complaint).items

    assert [s.deployment.id for s in ranked] == [three.id, two.id, one.id, none.id]
    assert [s.words for s in ranked] == [
        ("arcade", "cardiff", "castle", "queen"),
        ("cardiff", "castle"),
        ("cardiff",),
        (),
    ]


def test_the_same_day_ranks_before_a_day_either_side_then_the_earlier_start(db):
    complaint = make_case(place="Cardiff")
    day_before = deployment("2026-06-13", location_area="Cardiff", start_time="07:00")
    afternoon = deployment(location_area="Cardiff", start_time="14:00", end_time="18:00")
    morning = deployment(location_area="Cardiff", start_time="09:00", end_time="12:00")
    no_time = deployment(location_area="Cardiff", start_time="", end_time="")
    day_after = deployment("2026-06-15", location_area="Cardiff", start_time="06:00")

    assert suggested(complaint) == [
        morning.id,
        afternoon.id,
        no_time.id,
        day_after.id,
        day_before.id,
    ]


def test_a_deployment_linked_in_any_state_is_not_suggested(db):
    complaint = make_case()
    kept = deployment()
    for state in LinkState:
        linked = deployment(location_name=f"Linked {state.value}")
        db.session.add(
            DeploymentLink(
                complaint_id=complaint.id, deployment_id=linked.id, state=state, created_by="test"
            )
        )
    db.session.flush()
    assert suggested(complaint) == [kept.id]


def test_no_more_than_ten_are_suggested(db):
    complaint = make_case()
    for hour in range(12):
        deployment(start_time=f"{hour:02d}:00", end_time=f"{hour:02d}:30")
    assert len(suggest(complaint).items) == 10


def test_a_case_with_no_force_or_no_date_has_no_suggestions_and_says_why(db):
    deployment()
    no_force = make_case(force=None)
    no_date = make_case(incident_date=None)

    assert suggest(no_force).items == []
    assert suggest(no_force).reason == "The complaint does not say which police force it was."
    assert suggest(no_date).items == []
    assert suggest(no_date).reason == "The complaint does not say when it happened."


def test_a_month_given_without_a_day_suggests_that_month(db):
    complaint = make_case(incident_date=date(2026, 6, 1), incident_date_approximate=True)
    inside = [deployment("2026-06-01"), deployment("2026-06-30")]
    deployment("2026-05-31")
    deployment("2026-07-01")
    assert set(suggested(complaint)) == {d.id for d in inside}


def test_the_deployment_page_lists_confirmed_and_named_cases_but_not_rejected(db):
    target = deployment()
    states = {}
    for state in LinkState:
        complaint = make_case()
        states[complaint.id] = state
        db.session.add(
            DeploymentLink(
                complaint_id=complaint.id, deployment_id=target.id, state=state, created_by="t"
            )
        )
    db.session.flush()

    found = suggestions.links_for_deployment(target.id)

    assert {link.state for link in found} == {LinkState.CONFIRMED, LinkState.NAMED_BY_COMPLAINANT}
    assert all(link.complaint.reference for link in found)
