"""Request bodies are read to their end, so every answer reaches the client.

A server that answers before it has read the whole body, then closes the connection,
makes the kernel reset it: a browser or HTTP client still sending (a 30 MB form, an
8 MB API body refused at 64 KB, a large post refused as unauthorised) sees the
connection cut mid-upload instead of the 413 or 401 it was sent. So the app counts what
it reads of each body, and once its answer is written (when the server closes the
response) reads and drops the rest of the declared length, up to `BODY_DRAIN_LIMIT`.
Past that limit, or for a body of no declared length that the server does not end,
the connection is closed as before: nobody sends that much to this app in good faith.

A reverse proxy in front must allow bodies at least as large as MAX_CONTENT_LENGTH
(README, "Running behind a reverse proxy"), or it answers with its own page first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from typing import IO, Any

CHUNK = 1024 * 1024
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


class CountingInput:
    """A request body that counts the bytes read from it (the WSGI input wrapped)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.read_so_far = 0

    def _counted(self, data: bytes) -> bytes:
        self.read_so_far += len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._counted(self.stream.read(size) if size is not None else self.stream.read())

    def readline(self, size: int = -1) -> bytes:
        return self._counted(self.stream.readline(size))

    def readlines(self, hint: int = -1) -> list[bytes]:
        return [self._counted(line) for line in self.stream.readlines(hint)]

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def declared_length(environ: Environ) -> int | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def drain(environ: Environ, body: CountingInput, limit: int) -> int:
    """Read and drop what is left of the body (at most `limit` bytes); return how much."""
    length = declared_length(environ)
    if length is None:
        if not environ.get("wsgi.input_terminated"):
            return 0  # no end the server marks: reading on could wait for ever
        remaining = limit
    else:
        remaining = length - body.read_so_far
        if remaining > limit:
            return 0
    dropped = 0
    while remaining > 0:
        chunk = body.read(min(remaining, CHUNK))
        if not chunk:
            break
        dropped += len(chunk)
        remaining -= len(chunk)
    return dropped


class ClosingResponse:
    """The app's answer, passed on; when the server closes it, the body is drained."""

    def __init__(self, response: Iterable[bytes], after: Callable[[], None]) -> None:
        self.response = response
        self.after = after

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.response)

    def close(self) -> None:
        try:
            close = getattr(self.response, "close", None)
            if close is not None:
                close()
        finally:
            self.after()


class DrainBodies:
    """WSGI middleware: counts each request body, drains its rest after the answer."""

    def __init__(self, app: WsgiApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        length = declared_length(environ)
        if not length and not environ.get("wsgi.input_terminated"):
            return self.app(environ, start_response)  # no body (a GET): nothing to drain
        body = CountingInput(environ["wsgi.input"])
        environ["wsgi.input"] = body

        def after() -> None:
            with suppress(OSError):  # the client went away: nothing left to answer
                drain(environ, body, self.limit)

        return ClosingResponse(self.app(environ, start_response), after)
