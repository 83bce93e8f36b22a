"""Structured logs: one JSON object per line on stderr, each carrying the id of the request it belongs to.

Configured once per process by `configure_logging` (called by `navigator serve/up` and by the app factory, which
runs in every uvicorn worker). Standard `logging` everywhere else: modules only do `logging.getLogger(__name__)`.

Why a request id: an operator who gets a user's report ("error, request id 3f2a…") finds every line of that request,
traceback included, with one search. The id comes from the client's `X-Request-ID` when it is sane (a proxy or a
load balancer may have set it), else a fresh one; it is echoed in the response header and in every JSON error.

Never logged here: the question, the query string, headers or bodies (they can carry personal data).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators, bounded: anything else (spaces, newlines, a pasted question) is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_HANDLER_NAME = "navigator"

access_log = logging.getLogger("navigator.access")
log = logging.getLogger("navigator.requests")


def current_request_id() -> str | None:
    """The id of the request being served in this context (None outside a request, e.g. in the CLI)."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that goes through the handler, whichever logger emitted it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        record.__dict__.pop("color_message", None)  # uvicorn's copy of the message with terminal colours
        return True


class _Stderr(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record is emitted (like logging's last-resort handler), not to the
    one of when it was configured: a server thread outliving a replaced stderr (test capture) must not fail."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def _install(handler: logging.Handler, level: str) -> None:
    """Our one handler on the root logger: configuring again replaces it instead of adding a second one."""
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every logger's records to `stream` (stderr by default) as JSON lines, at `level` and above.

    Idempotent: calling it again (a second app in the same process, tests) replaces our handler instead of adding a
    second one."""
    handler: logging.StreamHandler = logging.StreamHandler(stream) if stream is not None else _Stderr()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}{request_id}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    _install(handler, level.upper())
    # uvicorn's own loggers propagate to ours; its access log is replaced by `navigator.access` (no query string).
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("alembic").setLevel(
        max(logging.getLogger().level, logging.WARNING)
    )  # one line per migration plugin otherwise


class _ShortFormatter(logging.Formatter):
    """`warning: message (navigator.records)`: for a person at a terminal; the traceback only at DEBUG level."""

    def __init__(self, tracebacks: bool) -> None:
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname.lower()}: {record.getMessage()} ({record.name})"
        if self.tracebacks and record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_cli_logging(level: str = "WARNING") -> None:
    """For the other commands: short lines on stderr, warnings and up (a survived fault, e.g. an answer record
    spooled, is reported in one line; `NAVIGATOR_LOG_LEVEL=DEBUG` shows everything, tracebacks included).
    `navigator serve/up` replace it with `configure_logging`."""
    handler = _Stderr()
    debug = level.upper() == "DEBUG"
    handler.setFormatter(_ShortFormatter(tracebacks=debug))
    handler.setLevel("DEBUG" if debug else "WARNING")  # libraries that set their own logger's level (bm25s) too
    _install(handler, "DEBUG" if debug else "WARNING")


def _request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost middleware: sets the request id for everything below, echoes it, logs one access line per request
    (method, path without the query string, status, duration, request id) and the traceback of any exception that
    escapes the application (Starlette has already answered with the generic 500 then)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = _request_id_from(scope)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # The details stay here; the client got the generic error (with this id) from the error handler, or a
            # stream cut short. Re-raising would only make the server log the same traceback again, without the id.
            log.error("unhandled error on %s %s", scope["method"], scope["path"], exc_info=True)
            if not response_started:
                raise
        finally:
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            _request_id.reset(token)
