"""Write endpoints, for the secretariat only: a request with its password in; the change made
through the library and an audit entry (who, from where, what, when) out.

    POST /followups/{id}/mark   {"status": "done"|"dismissed"|"open", "note": …}
    POST /uploads?name=F        the file's bytes as the body (checked and read before it is kept)
    POST /updates               start an update of the index (runs to the end in the background;
                                then what is new for each follow is collected)
    GET  /updates               how the running or last update stands
    GET  /audit                 the latest audit entries
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from indexer.api.deps import READER, SECRETARIAT, SECRETARIAT_READING, archive, services
from indexer.api.security import Caller

log = logging.getLogger("indexer.api")
router = APIRouter()


class MarkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelled field is refused, not ignored

    status: Literal["done", "dismissed", "open"]
    note: str | None = Field(None, max_length=2000)


@router.post("/followups/{follow_up_id}/mark", tags=["write"], summary="Mark a follow-up done, dismissed or open")
def mark_follow_up(follow_up_id: str, mark: MarkRequest, caller: Caller = SECRETARIAT, opened=Depends(archive),
                   shared=Depends(services)) -> dict:
    if opened.follow_up(follow_up_id) is None:
        raise HTTPException(status_code=404, detail=f"no follow-up {follow_up_id!r}")
    tracked = opened.mark_follow_up(follow_up_id, mark.status, note=mark.note, by=caller.who)
    shared.audit("mark_follow_up", who=caller.who, client=caller.client, target=follow_up_id,
                 detail=mark.status + (f": {mark.note}" if mark.note else ""))
    return tracked.to_json()


def _archive_dir(shared):
    if shared.settings.archive_dir is None or not shared.settings.archive_dir.is_dir():
        raise HTTPException(status_code=409,
                            detail="this server has no archive folder to write to (serve --archive DIR)")
    return shared.settings.archive_dir


@router.post("/uploads", tags=["write"], status_code=201, summary="Add a file to the archive (the body is the file)")
async def upload(request: Request, name: str = Query(..., min_length=1, max_length=255),
                 caller: Caller = SECRETARIAT, shared=Depends(services)) -> dict:
    from starlette.concurrency import run_in_threadpool

    from indexer.build.uploads import save_upload

    folder = _archive_dir(shared)
    data = await request.body()  # BodyLimit stops it at the upload limit
    saved = await run_in_threadpool(save_upload, folder, name, data)  # reading a PDF takes a while
    shared.audit("upload", who=caller.who, client=caller.client, target=saved, detail=f"{len(data)} bytes as {name!r}")
    return {"document": saved, "bytes": len(data), "indexed": False,
            "next": "POST /updates indexes it"}


def _job_json(job) -> dict:
    if job is None:
        return {"state": "none"}
    return {"state": job.state, "stage": job.stage, "done": job.done, "total": job.total,
            "fraction": round(job.fraction(), 3),
            "started_at": datetime.fromtimestamp(job.started_at, timezone.utc).isoformat(timespec="seconds"),
            "finished_at": (datetime.fromtimestamp(job.finished_at, timezone.utc).isoformat(timespec="seconds")
                            if job.finished_at else None),
            "summary": job.report.summary() if job.report is not None else None,
            "error": str(job.error) if job.error is not None else None}


@router.post("/updates", tags=["write"], status_code=202, summary="Start an update of the index")
def start_update(caller: Caller = SECRETARIAT, shared=Depends(services)) -> dict:
    from indexer.build.jobs import REGISTRY

    folder = _archive_dir(shared)

    def build_then_collect(archive_dir, index_dir, *, embedder=None, progress=None):
        from indexer.alerts.collect import collect
        from indexer.build import build

        report = build(archive_dir, index_dir, embedder=embedder, progress=progress)
        try:  # what is new for each follow, once per build; a failure here does not fail the build
            log.info("%s", collect(shared.archive()).summary())
        except Exception:
            log.exception("collecting what is new for follows failed")
        return report

    job = REGISTRY.start_build(folder, shared.settings.index_dir, embedder=shared.embedder, build=build_then_collect)
    shared.audit("start_update", who=caller.who, client=caller.client, target=str(shared.settings.index_dir.name))
    return _job_json(job)


@router.get("/updates", tags=["read"], summary="How the running or last update stands", dependencies=[READER])
def update_status(shared=Depends(services)) -> dict:
    from indexer.build.jobs import REGISTRY

    return _job_json(REGISTRY.latest(shared.settings.index_dir))


@router.get("/audit", tags=["write"], summary="The latest writes and refused logins")
def audit_log(limit: int = Query(100, ge=1, le=1000), caller: Caller = SECRETARIAT_READING,
              shared=Depends(services)) -> dict:
    from dataclasses import asdict

    from indexer.alerts.audit import entries as latest

    entries = latest(shared.settings.index_dir, limit)
    return {"entries": [asdict(e) for e in entries], "total": len(entries)}
