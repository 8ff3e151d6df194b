"""Every page of the complaint journey in Welsh, through the test client: each has
lang="cy" and no English sentence (tests/i18n/welsh_text.py), with its errors too. The
journey in real Chromium is tests/i18n/test_welsh_journey_browser.py."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import sqlalchemy as sa

from oversight.auth.models import Role
from oversight.casework import correspondence, workflow
from oversight.complaints.enums import Language, Status
from oversight.complaints.models import Complaint
from oversight.extensions import db as _db
from tests.factories import make_deployment, make_user
from tests.helpers import csrf_token, reference_and_code
from tests.i18n.welsh_text import english_sentences, visible_text

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')
WELSH_REQUEST = "Rhowch ddyddiad ac amser y digwyddiad, a beth ddywedodd y swyddogion wrthych chi."
DRAFT_CODE = re.compile(r'class="app-draft-code">([A-Z0-9-]+)<')


class Pages:
    """The pages visited, and what on each is not Welsh."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.seen: list[str] = []
        self.not_welsh: list[str] = []
        self.english: dict[str, list[str]] = {}

    def check(self, name: str, response: Any) -> Any:
        self.check_html(name, response.get_data(as_text=True))
        return response

    def check_html(self, name: str, html: str) -> None:
        self.seen.append(name)
        match = HTML_LANG.search(html)
        if not match or match.group(1) != "cy":
            self.not_welsh.append(f"{name}: lang={match.group(1) if match else None}")
        if found := english_sentences(visible_text(html)):
            self.english[name] = found

    def get(self, name: str, url: str) -> Any:
        return self.check(name, self.client.get(url, follow_redirects=True))

    def post(self, name: str, url: str, data: dict[str, Any], form: str | None = None) -> Any:
        """Send a form as a browser would, with the CSRF token of its page (`form`, else
        the page at `url`)."""
        token = csrf_token(self.client.get(form or url).get_data(as_text=True))
        response = self.client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)
        return self.check(name, response)

    def report(self) -> str:
        return "English sentences on Welsh pages:\n" + "\n".join(
            f"  {page}: {sentence!r}" for page, found in self.english.items() for sentence in found
        )


ANSWERS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    # (question, an answer with a mistake in it, the answer)
    ("technology", {}, {"technology": "lfr"}),
    ("force", {}, {"force": "south-wales"}),
    (
        "when",
        {"incident_date-day": "31", "incident_date-month": "2", "incident_date-year": "2026"},
        {"incident_date-day": "14", "incident_date-month": "6", "incident_date-year": "2026"},
    ),
    ("where", {}, {"place": "Heol y Frenhines, Caerdydd"}),
    ("deployment", {}, {"deployment": "none"}),
    ("what-happened", {}, {"what_happened": "Roedd fan gamera yn sganio wynebau pobl."}),
    ("concerns", {}, {"concerns": ["no_notice", "protest_or_event"]}),
    ("involvement", {}, {"relation": "passer_by"}),
    ("outcome", {}, {"outcome_wanted": "Esboniad pam nad oedd arwyddion."}),
    ("evidence", {"action": "upload"}, {"action": "continue"}),
    ("contact", {}, {"wants_contact": "yes"}),
    (
        "contact-details",
        {"name": "", "email": "", "phone": "", "preferred_contact": "phone"},
        {
            "name": "Siân Prydderch",
            "email": "sian@example.com",
            "phone": "",
            "preferred_contact": "email",
        },
    ),
    ("consent", {}, {"consent_to_share": "yes"}),
]


def test_every_page_of_the_journey_is_in_welsh(client, db):
    make_deployment(location_name="Stadiwm Principality, Heol y Porth", location_area="Caerdydd")
    _db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cy"
    pages = Pages(client)
    pages.get("start page", "/")
    for slug, wrong, right in ANSWERS:
        pages.get(f"{slug} question", f"/complain/{slug}")
        pages.post(f"{slug} question with an error", f"/complain/{slug}", wrong)
        if slug == "evidence":
            photo = (io.BytesIO(b"Nodiadau am y fan gamera.\n"), "nodiadau.txt")
            pages.post(
                "evidence with a file", "/complain/evidence", {"action": "upload", "files": photo}
            )
            empty = (io.BytesIO(b""), "gwag.txt")
            pages.post(
                "evidence with an empty file",
                "/complain/evidence",
                {"action": "upload", "files": empty},
            )
        pages.post(f"{slug} answered", f"/complain/{slug}", right)
    pages.get("check answers", "/complain/check-answers")
    pages.get("save page", "/complain/save")
    saved = pages.post("saved with a draft code", "/complain/save", {"email": ""})
    code = DRAFT_CODE.search(saved.get_data(as_text=True))
    assert code, "no draft code shown"
    pages.get("return page", "/complain/return")
    pages.post("return with a wrong code", "/complain/return", {"draft_code": "AAAA-BBBB-CCCC"})
    pages.post("return with the code", "/complain/return", {"draft_code": code.group(1)})
    pages.get("a link not recognised", "/complain/return/not-a-token")
    sent = pages.post("complaint sent", "/complain/check-answers", {})
    reference, tracking_code = reference_and_code(sent.get_data(as_text=True))
    pages.get("complaint sent again", "/complain/complaint-sent")

    pages.get("track page", "/track")
    pages.post("track with nothing entered", "/track", {"reference": "", "tracking_code": ""})
    pages.post(
        "track with a wrong code",
        "/track",
        {"reference": reference, "tracking_code": "AAAA-BBBB-CCCC"},
    )
    pages.post("track", "/track", {"reference": reference, "tracking_code": tracking_code})
    pages.get("reply when none was asked for", "/track/reply")

    complaint = _db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    assert complaint.language is Language.WELSH
    caseworker = make_user({Role.CASEWORKER}, "gweithiwr@example.test", "Gweithiwr Achos")
    workflow.take(complaint, caseworker, complaint.version)
    workflow.move(complaint, Status.IN_TRIAGE, caseworker, complaint.version)
    correspondence.request_information(complaint, WELSH_REQUEST, caseworker, complaint.version)
    _db.session.commit()

    pages.get("complaint waiting for a reply", "/track/your-complaint")
    pages.get("reply page", "/track/reply")
    pages.post("reply with nothing entered", "/track/reply", {"reply": ""})
    pages.post("reply sent", "/track/reply", {"reply": "Roedd hi tua 2 o’r gloch y prynhawn."})
    copy = client.get("/track/your-complaint/copy")
    with zipfile.ZipFile(io.BytesIO(copy.get_data())) as bundle:
        pages.check_html("their copy", bundle.read("your-complaint.html").decode("utf-8"))
    pages.get("add evidence page", "/track/add-evidence")
    pages.post("add evidence with no file", "/track/add-evidence", {})
    pages.post(
        "review refused",
        "/track/review",
        {"reasons": "Dydw i ddim yn cytuno."},
        form="/track/withdraw",
    )
    pages.get("remove contact details page", "/track/remove-contact-details")
    pages.get("withdraw page", "/track/withdraw")
    pages.post("complaint withdrawn", "/track/withdraw", {"reason": ""})
    pages.get("withdraw refused", "/track/withdraw")
    pages.get("evidence refused", "/track/add-evidence")

    assert not pages.not_welsh, pages.not_welsh
    assert not pages.english, pages.report()
