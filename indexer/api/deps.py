"""What routes depend on: a request in; the shared `Services`, the opened archive, and the
caller (a reader, or the secretariat) out — or the refusal the guard raises."""
from __future__ import annotations

import difflib

from fastapi import Depends, HTTPException, Request

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


# What a caller may mean by a name another endpoint or the app uses ("q" on /decisions takes "query"; the app's
# address says "organ", "fra", "til").
_MEANT = {"q": "query", "query": "q", "organ": "body", "fra": "from", "til": "to", "date_from": "from",
          "date_to": "to", "limit": "k", "k": "limit"}


def known_parameters(request: Request) -> None:
    """422 naming a query parameter the endpoint does not take: a misspelt filter would otherwise answer
    200 with the whole list, as if the filter had found everything."""
    route = request.scope.get("route")
    if route is None:
        return
    taken = _query_names(route.dependant)
    for name in request.query_params:
        if name not in taken:
            meant = _MEANT.get(name) if _MEANT.get(name) in taken else next(
                iter(difflib.get_close_matches(name, sorted(taken), n=1)), None)
            hint = f"; did you mean {meant!r}?" if meant else ""
            listed = ", ".join(sorted(taken)) or "none"
            raise HTTPException(status_code=422, detail=f"unknown parameter {name[:40]!r}{hint} "
                                                        f"({request.url.path} takes: {listed})")


def _query_names(dependant) -> set[str]:
    """The query parameters a route takes, its dependencies' too, by the names a caller sends."""
    return {param.alias for param in dependant.query_params}.union(
        *(_query_names(below) for below in dependant.dependencies))


READER = Depends(reader)
SECRETARIAT = Depends(secretariat)
SECRETARIAT_READING = Depends(secretariat_reading)  # the secretariat's reads: allowed where writing is off
FOLLOWER = Depends(follower)  # a reader, or the secretariat when its password comes along
