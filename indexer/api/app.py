"""The HTTP API as one FastAPI app: `ApiSettings` (and, for tests, an embedder) in; an ASGI app
with its routes, OpenAPI docs at /docs and /openapi.json, body limits and error mapping out.

Library errors map to status codes here, and only here: InvalidInput → 422 (its message),
no index yet or a damaged one → 503, a build already running → 409. Messages that may name
server paths (a missing or damaged index) are logged, and readers get a plain sentence.
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from indexer.api.limits import BodyLimit
from indexer.api.security import Guard, LoginThrottle
from indexer.api.settings import ApiSettings
from indexer.errors import (
    ArchiveError,
    BuildLocked,
    IndexDamaged,
    IndexMissing,
    InvalidInput,
    ModelMismatch,
    ModelUnavailable,
    UnreadableFile,
)

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


def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, with one sentence naming the parameter first."""
    errors = jsonable_encoder(exc.errors())
    first = errors[0] if errors else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body", "header")]
    message = f"invalid {'.'.join(where) or 'request'}: {first.get('msg', 'not valid')}"
    return JSONResponse(status_code=422, content={"message": message, "detail": errors})


def _archive_error(_: Request, exc: ArchiveError) -> JSONResponse:
    if isinstance(exc, (InvalidInput, UnreadableFile)):
        return JSONResponse(status_code=422, content={"detail": str(exc)})
    if isinstance(exc, BuildLocked):
        return JSONResponse(status_code=409, content={"detail": "an update of the index is running; try again later"})
    log.error("archive unavailable: %s", exc)  # may name server paths: for the log, not the reader
    if isinstance(exc, IndexMissing):
        detail = "the archive has no index yet"
    elif isinstance(exc, (IndexDamaged, ModelMismatch, ModelUnavailable)):
        detail = "the archive's index cannot be used right now; the secretariat has been told in the log"
    else:
        detail = "the archive could not answer"
    return JSONResponse(status_code=503, content={"detail": detail})


def create_app(settings: ApiSettings, *, embedder=None) -> FastAPI:
    """The API over the index in `settings.index_dir`; `embedder` replaces the index's own model (tests)."""
    from indexer.api import follows, read, write

    app = FastAPI(title="Mødearkivet API", version="1", lifespan=_lifespan,
                  description="Search the meeting archive, read documents, meetings, decisions and follow-ups; "
                              "follow searches, bodies and cases by Atom feed or e-mail. Same fields as the "
                              "command line's JSON (README, 'JSON output').")
    app.state.services = Services(settings, embedder)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ArchiveError, _archive_error)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)
    app.include_router(read.router)
    app.include_router(write.router)
    app.include_router(follows.router)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.services.close()
