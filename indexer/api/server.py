"""Serving the API: an index directory (and an archive folder for uploads and updates), a host
and a port in; uvicorn serving `create_app` until stopped out."""
from __future__ import annotations

import logging
from pathlib import Path

from indexer.api.app import create_app
from indexer.api.settings import ApiSettings


def serve(index_dir: Path | str, *, archive_dir: Path | str | None = None, host: str = "127.0.0.1",
          port: int = 8000, log_level: str = "info") -> None:
    """Serve the API over `index_dir` (settings from the environment; see settings.py)."""
    import uvicorn

    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from indexer.alerts.links import served_at

    # links in feeds and mails point here unless INDEXER_API_URL names where readers reach it
    settings = ApiSettings.from_env(index_dir, archive_dir, api_url=served_at(host, port))
    if settings.reader_token is None and host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger("indexer.api").warning("reading is open to anyone who reaches %s:%d "
                                                 "(set INDEXER_READER_TOKEN to close it)", host, port)
    # One worker: the archive, its model and the login throttle live in this process.
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, proxy_headers=True,
                server_header=False)
