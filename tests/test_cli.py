"""Admin commands, run as an administrator would with the CLI runner."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.complaints.models import Complaint
from tests.helpers import post_page


def test_seed_demo_loads_demo_complaints_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0
    assert "DEMO-TRAK-0001" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "already loaded" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 3


def test_demo_complaints_can_be_tracked(runner, client, db):
    runner.invoke(args=["seed-demo"])
    reference = db.session.scalar(
        sa.select(Complaint.reference).where(Complaint.submission_key == "demo-1")
    )
    response = post_page(
        client, "/track", {"reference": reference, "tracking_code": "DEMO-TRAK-0001"}
    )
    assert response.status_code == 200
