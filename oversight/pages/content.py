"""What the information pages say that comes from configuration or from the code itself.

The contact details are settings (README, "Configuration"), with fictional defaults. The
cookies are one list, `cookies()`: the cookies page is drawn from it and a test walks the
public journey and the staff sign-in to check that nothing sets a cookie it does not
name. The retention periods are not here: the privacy notice reads them from
oversight.retention.schedule, the one place they live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from oversight.retention.schedule import Action
from oversight.web import i18n

# The day each page's words were last changed: change it with them.
PRIVACY_UPDATED = date(2026, 12, 4)
ACCESSIBILITY_PREPARED = date(2026, 12, 4)
ACCESSIBILITY_TESTED = date(2026, 12, 4)
COOKIES_UPDATED = date(2026, 12, 7)

# What happens when a retention rule applies, as the privacy notice says it.
ACTION_LABELS = {
    Action.DELETED: _l("Deleted"),
    Action.ANONYMISED: _l("The case is anonymised"),
}

# The Information Commissioner's Office: facts, not settings.
ICO_WEBSITE = "https://ico.org.uk/make-a-complaint/"
ICO_PHONE = "0303 123 1113"
ICO_ADDRESS = (
    "Information Commissioner’s Office",
    "Wycliffe House",
    "Water Lane",
    "Wilmslow",
    "Cheshire",
    "SK9 5AF",
)
# Relay UK: a text relay call starts with this prefix before the number.
RELAY_UK_PREFIX = "18001"
RELAY_UK_WEBSITE = "https://www.relayuk.bt.com/"
EASS_WEBSITE = "https://www.equalityadvisoryservice.com/"
WCAG_22 = "https://www.w3.org/TR/WCAG22/"


@dataclass(frozen=True)
class Contact:
    """Who we are and how to reach us, as configured."""

    controller: str
    controller_address: tuple[str, ...]
    dpo_email: str
    email: str
    phone: str
    phone_hours: str
    address: tuple[str, ...]
    bsl_video_relay: str

    @property
    def relay_phone(self) -> str:
        return f"{RELAY_UK_PREFIX} {self.phone}"


def _lines(address: str) -> tuple[str, ...]:
    """A postal address set as one line, its parts separated by commas."""
    return tuple(part.strip() for part in address.split(",") if part.strip())


def contact(config: Mapping[str, Any]) -> Contact:
    return Contact(
        controller=str(config["CONTROLLER_NAME"]),
        controller_address=_lines(str(config["CONTROLLER_ADDRESS"])),
        dpo_email=str(config["DPO_EMAIL"]),
        email=str(config["CONTACT_EMAIL"]),
        phone=str(config["CONTACT_PHONE"]),
        phone_hours=str(config["CONTACT_PHONE_HOURS"]),
        address=_lines(str(config["CONTACT_ADDRESS"])),
        bsl_video_relay=str(config["BSL_VIDEO_RELAY_URL"]),
    )


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: Any  # lazy strings
    expires: Any


def cookies(config: Mapping[str, Any]) -> list[Cookie]:
    """Every cookie the service sets: the cookies page lists exactly these."""
    return [
        Cookie(
            name=str(config.get("SESSION_COOKIE_NAME") or "session"),
            purpose=_l(
                "Keeps your answers together while you fill in the complaint form and "
                "remembers that you opened your complaint on the tracking page. It holds "
                "a security token that stops other websites sending forms in your name. "
                "For staff, it also keeps them signed in."
            ),
            expires=_l(
                "When you close your browser. Staff are signed out after 30 minutes "
                "without using the service, or 12 hours in all."
            ),
        ),
        Cookie(
            name=i18n.COOKIE,
            purpose=_l(
                "Remembers whether you chose to read this service in English or in Welsh. "
                "It is set only when you use the language switch."
            ),
            expires=_l("After a year."),
        ),
    ]
