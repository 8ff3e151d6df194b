"""The public trends page: the main figures of every published release, period after
period, each with its chart, and the latest release's forces compared, which a reader
may sort by a column with no withheld cell (outputs/trends.py says why only those).

Nobody signs in to read it. Like the release pages, it shows only what releases hold as
published, after publishing whatever has reached its time.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from oversight.access import public
from oversight.statistics import services, wording
from oversight.statistics.outputs import trends

# /statistics/trends (a fixed path, so it wins over /statistics/<slug>).
bp = Blueprint("statistics_trends", __name__, url_prefix="/statistics")
bp.before_request(services.publish_due_and_commit)

TITLE = _l("Trends in facial recognition oversight statistics")


@bp.get("/trends")
@public
def trends_page() -> str:
    releases = services.published_releases()
    language = wording.page_language()
    shown = [(release, wording.in_language(release.content, language)) for release in releases]
    published = [
        trends.Published(
            kind=release.period.kind.value,
            code=release.period.code,
            label=content["period"]["label"],  # as the release stored it
            start=release.period.start.isoformat(),
            content=content,
        )
        for release, content in shown
    ]
    tables = trends.trend_tables(published)
    latest = releases[0] if releases else None
    compared = trends.compared(shown[0][1]) if shown else None
    sort, sorted_by = None, None
    if compared is not None:
        compared, sorted_by = trends.sorted_by(compared, request.args.get("sort"))
        sort = trends.sortable(compared)
    return render_template(
        "statistics/trends.html",
        title=TITLE,
        tables=tables,
        charts={table["id"]: trends.charts_of(table) for table in tables},
        latest=latest,
        compared=compared,
        sortable=sort or [],
        sorted_by=sorted_by,
    )
