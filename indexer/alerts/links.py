"""Where feeds and digests point: configured base URLs in; links to the app (a search, a
meeting at one of its agenda items, a case's trail), to an original document (at its page), to
the API's unsubscribe and feed paths out; the app's pages in the reader's language (`in_language`).

    INDEXER_APP_URL        the Streamlit app as readers reach it (default http://localhost:8501)
    INDEXER_API_URL        this API as readers reach it (default: the address `serve` listens at,
                           else http://127.0.0.1:8000)
    INDEXER_DOCUMENTS_URL  where the originals are published, the archive path appended
                           (e.g. https://dagsordener.kommune.dk/arkiv/); without it, a document
                           links to its meeting in the app, which opens the original at the page.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Mapping
from urllib.parse import quote, urlencode

from indexer.present.addresses import CASE_PAGE, MEETING_PAGE, case_params, meeting_params

DEFAULT_APP_URL = "http://localhost:8501"
DEFAULT_API_URL = "http://127.0.0.1:8000"


def served_at(host: str, port: int) -> str:
    """The address a server listening on `host`:`port` is reached at from this machine (a server
    on every interface, 0.0.0.0 or ::, by localhost: set INDEXER_API_URL for readers elsewhere)."""
    host = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@dataclass(frozen=True)
class Links:
    """Base URLs and the links made from them (never a server path); the app's pages in
    `language` ("en": its English pages, `?lang=en`; see `in_language`)."""

    app_url: str = DEFAULT_APP_URL
    api_url: str = DEFAULT_API_URL
    documents_url: str | None = None
    language: str = "da"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, api_url: str | None = None) -> "Links":
        """Links from INDEXER_*_URL; `api_url`: the API's address when INDEXER_API_URL is not set
        (the server's own, `served_at`)."""
        environ = os.environ if environ is None else environ
        return cls(app_url=(environ.get("INDEXER_APP_URL") or DEFAULT_APP_URL).rstrip("/"),
                   api_url=(environ.get("INDEXER_API_URL") or api_url or DEFAULT_API_URL).rstrip("/"),
                   documents_url=environ.get("INDEXER_DOCUMENTS_URL") or None)

    def in_language(self, language: str) -> "Links":
        """The same links, to the app's pages in `language` (a digest's or feed's reader's)."""
        return replace(self, language=language)

    def _app(self, path: str, params: Mapping[str, str] | list[tuple[str, str]]) -> str:
        """A page of the app; an English one says so, as the app reads it (a link opens a session
        of its own, Danish unless told)."""
        params = list(params.items() if isinstance(params, Mapping) else params)
        if self.language == "en":
            params.append(("lang", "en"))
        return f"{self.app_url}/{path}?{urlencode(params)}"

    def search(self, query: str, filters: dict | None = None) -> str:
        """The app's search page with this search and its filters (the parameters it reads)."""
        filters = filters or {}
        params: list[tuple[str, str]] = [("q", query)]
        params += [("organ", b) for b in filters.get("bodies") or ()]
        params += [("type", t) for t in filters.get("doc_types") or ()]
        params += [("dok", d) for d in filters.get("documents") or ()]
        params += [(name, filters[key]) for name, key in (("fra", "date_from"), ("til", "date_to")) if filters.get(key)]
        return self._app("", params)

    def meeting(self, document: str, item_number: str | int | None = None) -> str:
        """The app's meeting page of the meeting `document` belongs to (any of its records),
        marking and scrolling to agenda item `item_number` where there is one."""
        return self._app(MEETING_PAGE, meeting_params(document, item_number))

    def case(self, case_number: str) -> str:
        """The app's case page: every meeting that treated the case, with each decision."""
        return self._app(CASE_PAGE, case_params(case_number))

    def original(self, document: str, page: int | None = None, item_number: str | int | None = None) -> str:
        """The original document (at `page`), or its meeting in the app (at the item) when no
        documents URL is set, the document is an attachment inside a zip (a publication's
        "…/Publication32.zip/Enclosures/1.pdf": no file a web server can hand out; the app can), or
        it is a meeting system's own data (a FirstAgenda .json, an eDoc or SBSYS .xml or .zip): that holds
        a closed item's text, which the app never hands out, and reads as no document."""
        folded = document.lower()
        if not self.documents_url or ".zip/" in folded or folded.endswith((".json", ".xml", ".zip")):
            return self.meeting(document, item_number)
        base = self.documents_url if self.documents_url.endswith("/") else self.documents_url + "/"
        return base + quote(document) + (f"#page={page}" if page else "")

    def unsubscribe(self, token: str) -> str:
        """The link that stops follows; an English one says so, for its page to stay English once they are gone."""
        return f"{self.api_url}/unsubscribe/{token}" + ("?language=en" if self.language == "en" else "")

    def confirm(self, token: str) -> str:
        """The link in the mail that asks an address to confirm a follow."""
        return f"{self.api_url}/confirm/{token}"

    def feed(self, kind: str, name: str | int, language: str = "da") -> str:
        """A feed's address; a body's or case's feed in English says so (a saved search's feed
        speaks its follow's language whatever its address)."""
        asked = "?language=en" if language == "en" and kind in ("body", "case") else ""
        return f"{self.api_url}/feeds/{kind}/{quote(str(name), safe='')}.atom{asked}"
