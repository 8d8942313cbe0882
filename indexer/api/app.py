"""The HTTP API as one FastAPI app: `ApiSettings` (and, for tests, an embedder) in; an ASGI app
with its routes, OpenAPI docs at /docs (our own page, `indexer.api.docs`: FastAPI's Swagger UI
loads its scripts from a CDN, blank on an intranet) and /openapi.json, body limits and error mapping out.

Library errors map to status codes here, and only here: InvalidInput → 422 (its message),
no index yet or a damaged one → 503, a build already running → 409. Messages that may name
server paths (a missing or damaged index) are logged, and readers get a plain sentence.

Every error has one shape: `{"message": one line naming the value, "detail": …}`, where `detail`
is what it always was (the same sentence, or FastAPI's list for an invalid parameter or body).
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.api.limits import BodyLimit
from indexer.api.security import Guard, LoginThrottle
from indexer.api.settings import ApiSettings
from indexer.errors import (
    ArchiveError,
    BuildLocked,
    IndexDamaged,
    IndexMissing,
    IndexUnwritable,
    InvalidInput,
    ModelMismatch,
    ModelUnavailable,
    UnreadableFile,
)
from indexer.records import shown_value, why_no_date

log = logging.getLogger("indexer.api")


class Services:
    """What the routes share: settings, the guard, the opened archive (opened on first use, so
    the server starts before the index exists) and the audit log."""

    def __init__(self, settings: ApiSettings, embedder=None) -> None:
        self.settings = settings
        self.embedder = embedder
        self._archive = None
        self._lock = threading.Lock()
        self.guard = Guard(reader_token=settings.reader_token, admin_hash=settings.admin_hash,
                           read_only=settings.read_only,
                           throttle=LoginThrottle(settings.login_delay, settings.login_max_delay,
                                                  settings.lockout_after, settings.lockout_seconds),
                           audit=self.audit)

    def archive(self):
        """The opened archive (IndexMissing and the like while there is none)."""
        with self._lock:
            if self._archive is None:
                from indexer import Archive

                self._archive = Archive.open(self.settings.index_dir, embedder=self.embedder)
            return self._archive

    def audit(self, action: str, *, who: str | None = None, client: str | None = None, target: str | None = None,
              detail: str | None = None) -> None:
        """Record a write (or a refused login) in the index's audit log (`indexer.alerts.audit`, shared
        with the app); only logged when there is no index."""
        from indexer.alerts.audit import record

        record(self.settings.index_dir, action, who=who, client=client, target=target, detail=detail)

    def close(self) -> None:
        with self._lock:
            if self._archive is not None:
                self._archive.close()
                self._archive = None


def error_response(status: int, message: str, detail=None, headers: dict | None = None) -> JSONResponse:
    """An error in the one shape: `message` (one line), `detail` (the message, unless given)."""
    return JSONResponse(status_code=status, content={"message": message, "detail": message if detail is None else detail},
                        headers=headers)


_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}
_SHOWN_CHARS = 60  # a value longer than this is not repeated in a message


def _plain(error: dict, content_type: str) -> str:
    """One line for one of FastAPI's validation errors, naming the parameter (or field) and the value."""
    loc = error.get("loc", ())
    # ("query", "from"), ("body", "filters", "body"): where it was sent, then the name (a field may be called "body")
    names = loc[1:] if loc and loc[0] in ("query", "path", "body", "header", "cookie") else loc
    where = ".".join(str(part) for part in names) or "request"
    kind, value = error.get("type"), error.get("input")
    if kind == "json_invalid":
        return f"the request body is not valid JSON: {(error.get('ctx') or {}).get('error', 'cannot be read')}"
    if tuple(loc) == ("body",) and kind in ("missing", "model_attributes_type", "dict_type") \
            and "json" not in content_type:
        return "the request body must be JSON, sent with Content-Type: application/json"
    if kind == "extra_forbidden":
        return f"unknown field {where!r}: leave it out or check its spelling"
    if kind in _DATE_ERRORS:
        why = why_no_date(value)  # "2022-02-30" is YYYY-MM-DD: the day is what is wrong (as `checked_date` says)
        if why:
            return f"invalid {where}: {value!r} is not a calendar date ({why})"
        return f"invalid {where}: use YYYY-MM-DD, not {shown_value(value)}"
    shown = f" (not {value!r})" if isinstance(value, (str, int, float)) and len(str(value)) <= _SHOWN_CHARS else ""
    return f"invalid {where}: {error.get('msg', 'not valid')}{shown}"


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 (its list kept in `detail`), with one sentence naming the parameter first."""
    errors = jsonable_encoder(exc.errors())
    message = _plain(errors[0], request.headers.get("content-type", "")) if errors else "invalid request"
    for error in errors:  # a pasted book is not sent back whole
        if isinstance(error.get("input"), str) and len(error["input"]) > _SHOWN_CHARS:
            error["input"] = error["input"][:_SHOWN_CHARS] + "…"
    return error_response(422, message, errors)


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """A refusal raised by a route or by routing itself (404, 405), in the one shape."""
    message = exc.detail if isinstance(exc.detail, str) else "the request was refused"
    if exc.status_code in (404, 405) and exc.detail in ("Not Found", "Method Not Allowed"):
        message = f"{exc.detail.lower()}: {request.method} {request.url.path} (the endpoints: /docs)"
    return error_response(exc.status_code, message, exc.detail, getattr(exc, "headers", None))


def _archive_error(_: Request, exc: ArchiveError) -> JSONResponse:
    if isinstance(exc, (InvalidInput, UnreadableFile)):
        return error_response(422, " ".join(str(exc).split()))
    if isinstance(exc, BuildLocked):
        return error_response(409, "an update of the index is running; try again later")
    log.error("archive unavailable: %s", exc)  # may name server paths: for the log, not the reader
    if isinstance(exc, IndexUnwritable):  # a read-only or full index: searching goes on, writing cannot
        return error_response(409, "the index cannot be written now (read-only, or its disk is full): it can be "
                                   "searched, not changed; the secretariat has been told in the log")
    if isinstance(exc, IndexMissing):
        detail = "the archive has no index yet"
    elif isinstance(exc, (IndexDamaged, ModelMismatch, ModelUnavailable)):
        detail = "the archive's index cannot be used right now; the secretariat has been told in the log"
    else:
        detail = "the archive could not answer"
    return error_response(503, detail)


def create_app(settings: ApiSettings, *, embedder=None) -> FastAPI:
    """The API over the index in `settings.index_dir`; `embedder` replaces the index's own model (tests)."""
    from indexer.api import follows, read, write

    app = FastAPI(title="Mødearkivet API", version="1", lifespan=_lifespan, docs_url=None, redoc_url=None,
                  description="Search the meeting archive, read documents, meetings, decisions and follow-ups; "
                              "follow searches, bodies and cases by Atom feed or e-mail. Same fields as the "
                              "command line's JSON (README, 'JSON output').")
    app.state.services = Services(settings, embedder)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ArchiveError, _archive_error)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)
    app.include_router(read.router)
    app.include_router(write.router)
    app.include_router(follows.router)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        # made from the schema, loading nothing from elsewhere: it works offline
        from indexer.api.docs import docs_page

        return HTMLResponse(docs_page(app.openapi(), app.openapi_url))
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.services.close()
