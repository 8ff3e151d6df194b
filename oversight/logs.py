"""Application logs: one JSON object a line on stdout.

JSON keeps each record on one line, so newlines in anything logged cannot forge
another record. Nothing personal is ever passed to a logger.
"""

from __future__ import annotations

import logging
import sys

from flask import has_request_context
from pythonjsonlogger.json import JsonFormatter

from oversight.audit.services import request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() if has_request_context() else None
        return True


def handler(stream: object = None) -> logging.Handler:
    out = logging.StreamHandler(stream or sys.stdout)  # type: ignore[arg-type]
    out.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    out.addFilter(RequestIdFilter())
    return out


def configure(testing: bool) -> None:
    root = logging.getLogger("oversight")
    root.setLevel(logging.INFO)
    if testing or any(getattr(h, "oversight", False) for h in root.handlers):
        return
    out = handler()
    out.oversight = True  # type: ignore[attr-defined]
    root.addHandler(out)
