"""What routes depend on: a request in; the shared `Services`, the opened archive, and the
caller (a reader, or the secretariat) out — or the refusal the guard raises."""
from __future__ import annotations

from fastapi import Depends, Request

from indexer.api.security import Caller


def services(request: Request):
    return request.app.state.services


def archive(request: Request):
    """The opened archive (a missing index raises IndexMissing: 503)."""
    return request.app.state.services.archive()


def reader(request: Request) -> Caller:
    return request.app.state.services.guard.reader(request)


def secretariat(request: Request) -> Caller:
    return request.app.state.services.guard.secretariat(request)


def secretariat_reading(request: Request) -> Caller:
    return request.app.state.services.guard.secretariat_reading(request)


def follower(request: Request) -> Caller:
    return request.app.state.services.guard.follower(request)


READER = Depends(reader)
SECRETARIAT = Depends(secretariat)
SECRETARIAT_READING = Depends(secretariat_reading)  # the secretariat's reads: allowed where writing is off
FOLLOWER = Depends(follower)  # a reader, or the secretariat when its password comes along
