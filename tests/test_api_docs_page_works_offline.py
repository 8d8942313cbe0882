"""/docs is a page of our own made from the OpenAPI schema: it loads nothing from the internet
(FastAPI's Swagger UI takes its scripts from a CDN and is blank on an offline intranet)."""
from __future__ import annotations

import re

from indexer.api.docs import docs_page

from .test_api import client_for


def test_the_docs_page_loads_nothing_from_elsewhere_and_names_every_route(tmp_path):
    api = client_for(tmp_path / "index")  # no index yet: the docs still read
    page = api.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert not re.search(r"<script|<link|https?://|//cdn", html, re.I)
    assert "/openapi.json" in html
    for route in ("GET /search", "POST /follows", "GET /feeds/case/{number}.atom", "GET /cases/{number}"):
        assert route in html
    assert "date_from" in html or "from" in html  # parameters are listed
    assert api.get("/redoc").status_code == 404  # Redoc also loads from a CDN


def test_the_docs_page_escapes_what_the_schema_says():
    schema = {"info": {"title": "<b>T</b>", "description": "a & b"},
              "paths": {"/x": {"get": {"summary": "<script>alert(1)</script>",
                                       "parameters": [{"name": "q<", "in": "query", "schema": {"type": "string"}}]}}}}
    html = docs_page(schema)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "q&lt;" in html and "&lt;b&gt;T" in html
