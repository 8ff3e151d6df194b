"""The staff import page: check a file, then import it; who may."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments.records.models import Deployment
from tests.deployments.imports.files import (
    MET,
    MIXED,
    SOUTH_WALES,
    SOUTH_WALES_CORRECTED,
    count,
    deployments,
    imported,
)
from tests.helpers import csrf_token, login_as, post_page

# The staff page ------------------------------------------------------------------------

PAGE = "/staff/imports"


def send_file(client, path_or_bytes: Path | bytes, name: str = "", force: str = "") -> Any:
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    name = name or (path_or_bytes.name if isinstance(path_or_bytes, Path) else "records.csv")
    return post_page(
        client,
        PAGE,
        {"file": (io.BytesIO(content), name), "force": force},
        content_type="multipart/form-data",
    )


def import_checked(client, check_page: Any) -> Any:
    html = check_page.get_data(as_text=True)
    checked = re.search(r'name="checked" type="hidden" value="([0-9a-f]{64})"', html)
    assert checked, "the check page has no import button"
    return client.post(
        f"{PAGE}/import", data={"csrf_token": csrf_token(html), "checked": checked.group(1)}
    )


def test_a_caseworker_checks_a_file_then_imports_it(client, db, caseworker, storage):
    login_as(client, caseworker)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Import deployment records" in page.get_data(as_text=True)

    check = send_file(client, MIXED)
    html = check.get_data(as_text=True)
    assert check.status_code == 200
    assert "Check the file before importing" in html
    assert "2 rows will not be imported" in html
    assert re.search(r">\s*5\s*</th>\s*<td[^>]*>\s*<ul[^>]*>\s*<li>Faces seen must be", html)
    assert "True alerts and false alerts together cannot be more than alerts" in html
    assert "Records that would be added" in html
    assert "Basingstoke Festival Place" in html
    assert "Import 4 records" in html
    assert count(db, Deployment) == 0
    assert count(db, AuditEvent) == 0
    (waiting,) = storage.iterdir()
    assert waiting.stat().st_mode & 0o777 == 0o600
    with client.session_transaction() as session:
        assert session["deployment_import"]["token"] == waiting.stem
        assert "Portsmouth" not in str(session)

    result = import_checked(client, check)
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "File imported" in html
    assert "4 added, 0 corrected" in html
    assert "2 rows were not imported" in html
    assert count(db, Deployment) == 4
    assert {d.created_by for d in deployments(db)} == {f"user:{caseworker.id}"}
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.actor, event.details["created"]) == (
        "deployments.imported",
        f"user:{caseworker.id}",
        4,
    )
    assert list(storage.iterdir()) == []
    with client.session_transaction() as session:
        assert "deployment_import" not in session

    again = import_checked(client, check)
    assert again.status_code == 302
    assert count(db, Deployment) == 4


def test_the_check_page_lists_corrections_and_what_changes(client, db, caseworker, storage):
    imported(db, SOUTH_WALES)
    login_as(client, caseworker)
    html = send_file(client, SOUTH_WALES_CORRECTED).get_data(as_text=True)
    assert "Records that would be corrected" in html
    assert "Faces seen, Arrests" in html
    assert "Import 1 record" in html
    assert import_checked(client, send_file(client, SOUTH_WALES_CORRECTED)).status_code == 200
    assert [d.version for d in deployments(db)] == [1, 2, 1]


def test_a_file_that_would_change_nothing_has_no_import_button(client, db, caseworker, storage):
    imported(db, SOUTH_WALES)
    login_as(client, caseworker)
    html = send_file(client, SOUTH_WALES).get_data(as_text=True)
    assert "Importing this file would not change the register" in html
    assert 'name="checked"' not in html


def test_the_force_chosen_on_the_page_is_the_force_of_a_file_without_one(
    client, db, senior_caseworker, storage
):
    login_as(client, senior_caseworker)
    check = send_file(client, MET, force="metropolitan")
    assert "These columns were ignored: Notes" in check.get_data(as_text=True)
    assert import_checked(client, check).status_code == 200
    assert {d.force.slug for d in deployments(db)} == {"metropolitan"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "", "Select a CSV file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.csv", "The selected file must be a CSV"),
        (b"Force,Date,Location\r\nessex,2025-08-01,Basildon\r\n", "records.xlsx", "must be a CSV"),
        (b"", "records.csv", "The selected file is empty"),
        (
            b"Force,Borough\r\nessex,Basildon\r\n",
            "r.csv",
            "The file has no Date or Location column",
        ),
        (
            MET.read_bytes(),
            "met.csv",
            "The file has no Force column: choose the force below if every record in the file is for one force",
        ),
    ],
)
def test_a_file_the_page_cannot_use_is_refused_with_a_message(
    client, db, caseworker, storage, content, name, message
):
    login_as(client, caseworker)
    data: dict[str, Any] = {"force": ""}
    if content is not None:
        data["file"] = (io.BytesIO(content), name)
    response = post_page(client, PAGE, data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert message in html
    assert 'href="#file"' in html
    assert not storage.exists() or list(storage.iterdir()) == []


def test_a_file_over_the_size_limit_is_refused(client, db, app, caseworker, storage, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024 * 1024)
    login_as(client, caseworker)
    big = MIXED.read_bytes() + b"x" * (1024 * 1024)
    response = send_file(client, big)
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.get_data(as_text=True)
    assert list(storage.iterdir()) == []


def test_importing_with_nothing_checked_goes_back_to_the_upload_page(client, db, caseworker):
    login_as(client, caseworker)
    page = client.get(PAGE).get_data(as_text=True)
    response = client.post(
        f"{PAGE}/import", data={"csrf_token": csrf_token(page), "checked": "0" * 64}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == PAGE
    followed = client.get(PAGE).get_data(as_text=True)
    assert "no longer waiting to be imported" in followed


def test_a_file_checked_in_another_tab_since_is_not_imported_by_mistake(
    client, db, caseworker, storage
):
    login_as(client, caseworker)
    first = send_file(client, SOUTH_WALES)
    send_file(client, MIXED)
    assert len(list(storage.iterdir())) == 1
    response = import_checked(client, first)
    assert response.status_code == 302
    assert "You have checked another file since" in client.get(PAGE).get_data(as_text=True)
    assert count(db, Deployment) == 0


def test_the_import_needs_the_csrf_token(client, db, caseworker, storage):
    login_as(client, caseworker)
    check = send_file(client, MIXED).get_data(as_text=True)
    sha = re.search(r'name="checked" type="hidden" value="([0-9a-f]{64})"', check).group(1)
    assert client.post(f"{PAGE}/import", data={"checked": sha}).status_code == 400
    upload = client.post(
        PAGE,
        data={"file": (io.BytesIO(MIXED.read_bytes()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400
    assert count(db, Deployment) == 0


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "administrator"])
def test_staff_who_keep_the_register_may_open_the_import_page(client, request, role):
    login_as(client, request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("role", ["statistician", "publisher"])
def test_a_statistician_or_publisher_cannot_import(client, db, request, role, storage):
    login_as(client, request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 403
    response = client.post(
        PAGE,
        data={"file": (io.BytesIO(MIXED.read_bytes()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (400, 403)
    assert count(db, Deployment) == 0


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
