"""Numbered pages of a long list: the page asked for, and what that page shows.

Lists page with `?page=N`: anything but a whole number from 1 to the list's most pages is
not found, and so is a page past the last one, so a crawler cannot make the database count
its way through pages that are not there. templates/macros/pagination.html draws the links.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from flask import abort, request


@dataclass(frozen=True)
class Paging:
    number: int
    last: int
    count: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.count else 0

    @property
    def last_shown(self) -> int:
        return min(self.number * self.per_page, self.count)


def requested_page(most: int) -> int:
    """The page number the address asks for (1 when it asks for none), or 404."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        abort(404)
    return int(raw)


def paging(count: int, per_page: int, most: int) -> Paging:
    """The page asked for of `count` items, `per_page` a page, at most `most` pages shown."""
    number = requested_page(most)
    last = min(max(1, ceil(count / per_page)), most)
    if number > last:
        abort(404)
    return Paging(number=number, last=last, count=count, per_page=per_page)
