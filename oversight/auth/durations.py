"""How long a session lasts, in words: "30 minutes", "12 hours", "1 hour 30 minutes".

Written from the configured limits (STAFF_IDLE_TIMEOUT, STAFF_ABSOLUTE_TIMEOUT), so the
sign-in page, the messages of a session that ended and the timeout warning never say a
length the server does not keep to."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext


def duration(length: timedelta) -> str:
    """Whole hours and minutes (a length under a minute in seconds)."""
    seconds = int(length.total_seconds())
    if seconds < 60:
        return str(ngettext("%(num)s second", "%(num)s seconds", seconds))
    hours, minutes = divmod(seconds // 60, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(num)s hour", "%(num)s hours", hours))
    if minutes:
        parts.append(ngettext("%(num)s minute", "%(num)s minutes", minutes))
    if len(parts) == 2:
        return str(_("%(hours)s %(minutes)s", hours=parts[0], minutes=parts[1]))
    return str(parts[0])
