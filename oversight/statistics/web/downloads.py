"""Downloads of every published revision of a release: tidy CSV, JSON and a spreadsheet.

Only a published revision, or one a later revision superseded, is ever served; anything
else is not found, as if it did not exist. As before every public page (public.py),
whatever release has come due is published first, so a download is there from the
moment its release is. Each is in the page's language (?lang=, the cookie, the browser's),
in the words the release stored for it (statistics/wording.py).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from oversight.access import public
from oversight.statistics import services, wording
from oversight.statistics.outputs import spreadsheet, tidy
from oversight.statistics.web.public import published_revision

# Beside the public pages, under /statistics/<slug>/revisions/<revision>/.
bp = Blueprint("statistics_downloads", __name__, url_prefix="/statistics")
bp.before_request(services.publish_due_and_commit)

ADDRESS = "/<slug>/revisions/<int:revision>/"


def _attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get(ADDRESS + "statistics.csv")
@public
def csv(slug: str, revision: int) -> Response:
    release = published_revision(slug, revision)
    body = tidy.csv_text(release, wording.page_language())
    return _attachment(body, "text/csv", tidy.filename(release, "csv"))


@bp.get(ADDRESS + "statistics.json")
@public
def json(slug: str, revision: int) -> Response:
    release = published_revision(slug, revision)
    # Unsorted, so the metadata reads before the content and the content as stored.
    document = tidy.document(release, wording.page_language())
    body = current_app.json.dumps(document, sort_keys=False)
    return _attachment(body, "application/json", tidy.filename(release, "json"))


@bp.get(ADDRESS + "statistics.xlsx")
@public
def xlsx(slug: str, revision: int) -> Response:
    release = published_revision(slug, revision)
    return _attachment(
        spreadsheet.workbook(release, wording.page_language()),
        spreadsheet.MIMETYPE,
        tidy.filename(release, "xlsx"),
    )
