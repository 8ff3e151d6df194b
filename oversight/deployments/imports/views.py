"""The staff upload page for CSV files of deployment records.

Two steps: the file is checked (a dry run: what would be created, corrected, left alone
and refused, with each refused row's line and reasons), then imported when the person
presses the button. Between the two the file waits in the instance folder under a
random name, readable only by the app; the session holds only that name. It is deleted
once imported, and any left behind are swept away after a day.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import IO

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from oversight.access import actor, roles_required
from oversight.auth.models import Role
from oversight.deployments.imports import importer
from oversight.deployments.imports.csv_file import CsvFile, FileRefused, looks_like_text
from oversight.deployments.imports.forms import ImportForm, UploadForm
from oversight.deployments.records import DEPLOYMENT_FIELDS
from oversight.extensions import db
from oversight.forces.models import forces_by_name
from oversight.forms import clean_line

bp = Blueprint("imports", __name__, url_prefix="/staff/imports")
import_roles = roles_required(Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.ADMINISTRATOR)

SESSION_KEY = "deployment_import"
MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MEGABYTE
KEEP_SECONDS = 24 * 60 * 60
CHUNK = MEGABYTE
SHOWN = 100  # rows of each table on the pages; the counts are always complete
EXTENSIONS = (".csv", ".txt")


class UploadRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Files waiting between the check and the import --------------------------------------


def _folder() -> Path:
    folder = Path(
        current_app.config.get("IMPORT_STORAGE_DIR") or Path(current_app.instance_path) / "imports"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise ValueError("not an import token")
    return _folder() / f"{token}.csv"


def _max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _store(stream: IO[bytes]) -> str:
    """Keep an upload under a random name; refuse what is not a CSV file."""
    token = secrets.token_hex(16)
    path = _path(token)
    size, limit = 0, _max_bytes()
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            while chunk := stream.read(CHUNK):
                if size == 0 and not looks_like_text(chunk):
                    raise UploadRefused(_("The selected file must be a CSV"))
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(
                        _(
                            "The selected file must be smaller than %(size)s MB",
                            size=limit // MEGABYTE,
                        )
                    )
                out.write(chunk)
        if size == 0:
            raise UploadRefused(_("The selected file is empty"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return token


def _discard(token: str | None) -> None:
    if token:
        _path(token).unlink(missing_ok=True)


def _sweep() -> None:
    """Delete files checked and never imported."""
    too_old = time.time() - KEEP_SECONDS
    for path in _folder().glob("*.csv"):
        if path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)


# Pages ------------------------------------------------------------------------------


def _upload_form() -> UploadForm:
    return UploadForm()


def _force_names() -> dict[str, str]:
    return {force.slug: force.name for force in forces_by_name()}


def _refusal(refused: FileRefused) -> str:
    if "force" in refused.missing:
        return str(
            _(
                "%(problem)s: choose the force below if every record in the file is for one force",
                problem=refused.message,
            )
        )
    return refused.message


@bp.route("", methods=["GET", "POST"])
@import_roles
def upload() -> ResponseReturnValue:
    form = _upload_form()
    if form.validate_on_submit():
        sent: FileStorage = form.file.data
        name = clean_line(os.path.basename(sent.filename or ""))[:200]
        try:
            if not name.lower().endswith(EXTENSIONS):
                raise UploadRefused(_("The selected file must be a CSV"))
            _sweep()
            token = _store(sent.stream)
        except UploadRefused as refused:
            form.file.errors = [refused.message]
        else:
            try:
                report = importer.import_file(
                    _path(token),
                    actor=actor(),
                    defaults={"force": form.force.data},
                    dry_run=True,
                )
            except FileRefused as refused:
                _discard(token)
                form.file.errors = [_refusal(refused)]
            else:
                db.session.rollback()
                _discard(session.get(SESSION_KEY, {}).get("token"))
                session[SESSION_KEY] = {"token": token, "force": form.force.data, "name": name}
                return render_template(
                    "imports/check.html",
                    report=report,
                    name=name,
                    force=form.force.data,
                    form=ImportForm(data={"checked": report.file_sha256}, formdata=None),
                    shown=SHOWN,
                    forces=_force_names(),
                )
    status = 400 if form.errors else 200
    return render_template("imports/upload.html", form=form, fields=DEPLOYMENT_FIELDS), status


@bp.post("/import")
@import_roles
def run_import() -> ResponseReturnValue:
    form = ImportForm()
    pending = session.get(SESSION_KEY) or {}
    path = _path(pending["token"]) if pending.get("token") else None
    if not form.validate_on_submit() or path is None or not path.exists():
        session.pop(SESSION_KEY, None)
        flash(_("The file you checked is no longer waiting to be imported. Upload it again."))
        return redirect(url_for(".upload"))
    csv_file = CsvFile.read(path)
    if csv_file.sha256 != form.checked.data:
        flash(_("You have checked another file since this one. Check this file again."))
        return redirect(url_for(".upload"))
    try:
        report = importer.import_file(
            csv_file, actor=actor(), defaults={"force": pending.get("force")}
        )
    except FileRefused as refused:
        db.session.rollback()
        flash(_refusal(refused))
        return redirect(url_for(".upload"))
    except importer.ImportConflict:
        db.session.rollback()
        flash(
            _(
                "A record changed while the file was importing, so nothing was imported. "
                "Check the file again."
            )
        )
        return redirect(url_for(".upload"))
    db.session.commit()
    _discard(pending["token"])
    session.pop(SESSION_KEY, None)
    return render_template(
        "imports/result.html",
        report=report,
        name=pending.get("name"),
        shown=SHOWN,
        forces=_force_names(),
    )
