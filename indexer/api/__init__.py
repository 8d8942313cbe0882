"""The HTTP JSON API over the archive (FastAPI; OpenAPI docs at /docs).

    python -m indexer serve --index DIR [--archive DIR] [--host 127.0.0.1 --port 8000]

Modules: app.py (the app, error mapping), read.py (search, documents, paragraphs, meetings,
decisions, follow-ups), write.py (marks, uploads, updates, audit: the secretariat's),
follows.py (follows, feeds, unsubscribe), security.py (reader token, secretariat password,
login throttle), limits.py (413 over a body limit), settings.py, server.py (uvicorn).
"""
from __future__ import annotations

from indexer.api.app import create_app
from indexer.api.settings import ApiSettings

__all__ = ["create_app", "ApiSettings", "serve"]


def serve(*args, **kwargs) -> None:
    """Run the API with uvicorn (see server.serve)."""
    from indexer.api.server import serve as run

    run(*args, **kwargs)
