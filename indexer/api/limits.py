"""Request bodies with a ceiling: an ASGI app and limits in; the same app answering 413 to a
body over its limit (by Content-Length at once, or while a chunked body streams in) out.
"""
from __future__ import annotations

import json

from fastapi import HTTPException


class BodyTooLarge(HTTPException):
    """Raised while reading a body past its limit; an HTTPException, so FastAPI's body parsing
    lets it through as the 413 it is."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than {limit} bytes")


class BodyLimit:
    """ASGI middleware: `limit` bytes for every body, `upload_limit` for paths under `upload_prefix`."""

    def __init__(self, app, limit: int, upload_limit: int, upload_prefix: str = "/uploads") -> None:
        self.app, self.limit, self.upload_limit, self.upload_prefix = app, limit, upload_limit, upload_prefix

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].startswith(self.upload_prefix) else self.limit
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, limit)


async def _refuse(send, limit: int) -> None:
    message = f"the request body is larger than {limit} bytes"  # the API's one error shape (app.py)
    body = json.dumps({"message": message, "detail": message}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
