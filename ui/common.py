"""What every page of the app shares: settings, the language, links between pages, the
secretariat's role, and the index and model loaded once per process. (Originals served to the
browser: `ui.originals`; the background build's status: `ui.progress`.)
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from indexer import present, roles
from indexer.config import DEFAULT_ARCHIVE_DIR, DEFAULT_INDEX_DIR, read_only
from indexer.present.addresses import ITEM_PARAM, MEETING_PARAM, meeting_params  # noqa: F401 (the pages' import)
from indexer.present.moments import (readers_day, readers_moment, readers_now, readers_stamp,  # noqa: F401 (the pages' import)
                                     readers_zone)

from . import strings

APP_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    archive_dir: Path
    read_only: bool

    @property
    def build_command(self) -> str:
        return f"python -m indexer build {self.archive_dir} --index {self.index_dir}"


def read_settings(argv: list[str] | None = None) -> Settings:
    """Command-line arguments (after `--`) win over environment variables over defaults."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--index", default=os.environ.get("INDEXER_INDEX_DIR") or str(DEFAULT_INDEX_DIR))
    parser.add_argument("--archive", default=os.environ.get("INDEXER_ARCHIVE_DIR") or str(DEFAULT_ARCHIVE_DIR))
    parser.add_argument("--read-only", action="store_true",
                        default=read_only())
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Settings(Path(args.index), Path(args.archive), args.read_only)


def settings() -> Settings:
    """The settings of this run (read each time: cheap, and tests change the environment)."""
    return read_settings()


# -- language --------------------------------------------------------------------------
def language() -> str:
    return "en" if st.session_state.get("en") else "da"


def with_language(params: dict) -> dict:
    """A link's query parameters with the reader's language where it is English (`?lang=en`): a link
    opened in a new tab starts a session of its own, Danish unless the link says otherwise."""
    return {**params, "lang": "en"} if language() == "en" else params


def t(key: str, **values: Any) -> str:
    """A UI string in the chosen language."""
    return strings.text(language(), key, **values)


def wording():
    return strings.WORDING[language()]


def quoted(text: str) -> str:
    """`text` between the chosen language's quotation marks (»…« in Danish, “…” in English)."""
    opening, closing = wording().quotes
    return f"{opening}{text}{closing}"


def number(n: int) -> str:
    """A count as the reader writes it: "3.656" in Danish, "3,656" in English."""
    return strings.as_written(language(), int(n))


# Danish letters as a file name spells them where only ASCII is safe ("Sundheds- og Ældreudvalget").
_ASCII_SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def file_slug(*parts: str | None) -> str:
    """Words as part of a downloaded file's name, safe on any computer and in any mail:
    "Social- og Handicapudvalget", "2026-12-05" → "social-og-handicapudvalget-2026-12-05"."""
    text = " ".join(part for part in parts if part).translate(_ASCII_SPELLING)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def long_moment(iso: str | None) -> str | None:
    """A stored moment ("2026-12-05T11:33:55+00:00") as the pages write dates, on Danish time:
    "5. december 2026 kl. 12.33" in Danish, "5 December 2026, 12:33" in English; other text unchanged."""
    from datetime import datetime

    from indexer.present import long_date

    try:
        moment = datetime.fromisoformat(iso or "")
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(readers_zone())
    day, hours, minutes = moment.date().isoformat(), f"{moment.hour:02d}", f"{moment.minute:02d}"
    time = f"{hours}:{minutes}" if language() == "en" else f"{hours}.{minutes}"
    return t("moment", date=long_date(day, wording()), time=time)


def tab_title(subject: str | None = None) -> None:
    """The browser tab's title: "Søg – Mødearkiv", "Sag 23-007223 – Mødearkiv"; the app's name alone
    where no page is chosen yet. Called again by a page that names its subject, the last call wins."""
    st.set_page_config(page_title=t("tab_title", subject=subject) if subject else t("title"))


def item_heading(number: str | None, title: str | None, fallback: str | None = None, *,
                 section: bool = False) -> str | None:
    """An agenda item's heading: "Punkt 2. Tilgængelighed", "Punkt 2" where its title only repeats
    the number, "Indledning" for item 0 ("Punkt 0. Punkt 0" in the parliament's data); else its
    title, else `fallback`. A `section` of a report or letter, which has no agenda: "2. Resumé",
    "Afsnit 2"."""
    from indexer.present import shown_item

    shown_number, shown_title = shown_item(number, title, t("meeting_item_opening"))
    kind = "section" if section else "meeting"
    if shown_number and shown_title:
        return t(f"{kind}_item", number=shown_number, title=shown_title)
    if shown_number:
        return t(f"{kind}_item_number", number=shown_number)
    return t("meeting_item_unnumbered", title=shown_title) if shown_title else fallback


def record_html(text: str) -> str:
    """Text of the records (Danish) as HTML: escaped, and on the English screen marked `lang="da"`, so a
    screen reader reads it with a Danish voice, not as English words."""
    escaped = html.escape(text)
    return f'<span lang="da">{escaped}</span>' if language() == "en" and escaped else escaped


def danish_text(markup: str) -> str:
    """A card's HTML (`present.hit_html`, `decision_html`, `follow_up_html`) with its record text marked
    `lang="da"` on the English screen, as `record_html` marks a record's words."""
    return markup.replace('<p class="hit-text">', '<p class="hit-text" lang="da">') if language() == "en" else markup


def item_heading_html(number: str | None, title: str | None, fallback: str | None = None, *,
                      section: bool = False) -> str:
    """`item_heading` as HTML, the item's title (the record's words) marked Danish on the English screen:
    "Item 17. <span lang="da">Huslejestigninger …</span>"."""
    from indexer.present import shown_item

    heading = html.escape(item_heading(number, title, fallback, section=section) or "")
    shown = shown_item(number, title, t("meeting_item_opening"))[1]
    if language() != "en" or not shown or not title or shown == t("meeting_item_opening"):
        return heading
    head, found, tail = heading.rpartition(html.escape(shown))
    return f"{head}{record_html(shown)}{tail}" if found else heading


def reason(code: str, params: dict | None = None) -> str:
    return strings.reason(language(), code, params)


def set_document_language() -> None:
    """Set <html lang> to the chosen language, for screen readers and hyphenation, and say
    Streamlit's own words in it (`strings.FRONTEND_DA`).

    The frontend writes its own `lang` when it starts, after this may have run, and draws its menus,
    toolbars and placeholders whenever it likes: one observer puts the chosen language back and says
    each new word of the frontend in it. Text of the app's own (markdown, HTML: documents among it)
    is never touched.
    """
    words = json.dumps(strings.frontend_words(language()), ensure_ascii=False)
    st.html(f"""<script>
window.archiveLanguage = {json.dumps(language())};
window.archiveWords = {words};
(() => {{
  const root = document.documentElement;
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  const OWN = '[data-testid="stMarkdownContainer"], [data-testid="stHtml"], [data-testid="stCode"]';
  const own = (element) => element.closest(OWN) && !element.closest('[data-testid="stTooltipIcon"]');
  const say = (shown) => {{
    const words = window.archiveWords, text = shown.trim();
    if (Object.hasOwn(words, text)) return words[text];
    for (const [key, value] of Object.entries(words)) {{
      const at = key.indexOf("{{}}");
      if (at < 0) continue;
      const head = key.slice(0, at), tail = key.slice(at + 2);
      if (text.length > head.length + tail.length && text.startsWith(head) && text.endsWith(tail))
        return value.replace("{{}}", text.slice(head.length, text.length - tail.length));
    }}
    return null;
  }};
  const sayIn = (node, deep = true) => {{
    if (node.nodeType === Node.TEXT_NODE) {{
      const parent = node.parentElement;
      const said = parent && !own(parent) && say(node.nodeValue);
      if (said) node.nodeValue = said;
      return;
    }}
    if (node.nodeType !== Node.ELEMENT_NODE || own(node)) return;
    for (const name of ATTRIBUTES) {{
      const value = node.getAttribute(name), said = value && say(value);
      if (said) node.setAttribute(name, said);
    }}
    if (!deep) return;
    const texts = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) sayIn(texts.currentNode);
    for (const element of node.querySelectorAll(ATTRIBUTES.map((a) => `[${{a}}]`).join(","))) sayIn(element, false);
  }};
  const keep = () => {{ if (root.lang !== window.archiveLanguage) root.lang = window.archiveLanguage; }};
  keep();
  if (!window.archiveLanguageObserver) {{
    window.archiveLanguageObserver = new MutationObserver((changes) => {{
      keep();
      for (const change of changes) {{
        if (change.type === "childList") change.addedNodes.forEach((node) => sayIn(node));
        else if (change.attributeName !== "lang") sayIn(change.target, false);
      }}
    }});
    window.archiveLanguageObserver.observe(root, {{subtree: true, childList: true, characterData: true,
                                                 attributes: true, attributeFilter: ["lang", ...ATTRIBUTES]}});
  }}
  sayIn(document.body);
}})();
</script>""", unsafe_allow_javascript=True)


def live_region(key: str):
    """A container (`st.container(key=key)`) that a screen reader watches (role="status", polite): what
    is written into it is said without moving the reader's focus. Drawn on every run in the same place,
    so the region is in the page before its text changes (a region that appears with its text is not
    said). Streamlit gives a container no attributes: its first child, a script, sets them on it."""
    region = st.container(key=key)
    # Our own script, with no value in it: not document text.
    region.html(f"""<script>(() => {{
  const region = document.currentScript && document.currentScript.closest(".st-key-{key}");
  if (region) {{ region.setAttribute("role", "status"); region.setAttribute("aria-live", "polite"); }}
}})();</script>""", unsafe_allow_javascript=True)
    return region


# -- pages -------------------------------------------------------------------------------
def page_of(name: str):
    """This run's `st.Page` called `name` ("search", "decisions", "meeting" …), for links between pages
    that keep the session (a plain link would start a new one and lose the secretariat's login)."""
    return st.session_state["pages"][name]


# -- the secretariat ---------------------------------------------------------------------
def password_hash() -> str | None:
    try:
        secrets = dict(st.secrets)
    except Exception:  # noqa: BLE001 - no secrets.toml is the usual case, and not an error
        secrets = {}
    return roles.configured_hash(secrets)


def can_manage() -> bool:
    """Whether management can be offered at all: a password is configured, the app is not read-only, and
    its index can be written (an index on a read-only mount is searched, not changed: offering uploads and
    updates there only fails after the click)."""
    index_dir = settings().index_dir
    writable = not index_dir.exists() or os.access(index_dir, os.W_OK)
    return not settings().read_only and password_hash() is not None and writable


def is_secretariat() -> bool:
    """Whether this session has logged in with the secretariat's password."""
    return can_manage() and bool(st.session_state.get("secretariat"))


def operator() -> bool:
    """Whoever may see server paths: the secretariat, or anyone where no roles are configured (a local setup)."""
    return is_secretariat() or password_hash() is None


SECRETARIAT_NAME = "sekretariatet"  # who the audit log names when the secretariat gave no name at login


def client_address() -> str:
    """The reader's address as the app sees it ("local" on the same machine): the login throttle's
    key and the audit log's "from where"."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no browser connection (a test, a bare run)
        address = None
    return address if isinstance(address, str) and address else "local"


def actor() -> str:
    """Who acts, for the audit log and the marks: the name the secretariat gave at login (the app
    has one shared password, no personal logins), else "sekretariatet"; "public" for readers."""
    if is_secretariat():
        return st.session_state.get("actor") or SECRETARIAT_NAME
    return "public"


def audit(action: str, target: str | None = None, detail: str | None = None, *, who: str | None = None) -> None:
    """Record what this session did in the index's audit log (the API writes the same log)."""
    from indexer.alerts.audit import record

    record(settings().index_dir, action, who=who or actor(), client=client_address(), target=target, detail=detail)


@st.cache_resource(show_spinner=False)
def login_throttle() -> roles.LoginThrottle:
    """Failed logins per address, for this app process (the API's policy: `indexer.roles`)."""
    return roles.LoginThrottle()


# -- loaded once per process ---------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def load_embedder():
    from indexer.embed.embedder import Embedder  # slow import (torch); only once per process

    return Embedder()


@st.cache_resource(show_spinner=False)
def load_archive(index_dir: str):
    from indexer.store.manifest import Manifest
    from indexer.search.archive import Archive

    Manifest.read(Path(index_dir))  # no index: fail fast, before the model loads
    return Archive.open(index_dir, embedder=load_embedder())


def archive():
    return load_archive(str(settings().index_dir))


def index_stamp() -> int:
    """Changes whenever a build commits, so cached results and lists follow the index."""
    from indexer.store.manifest import Manifest

    return Manifest.stamp(settings().index_dir)


def manifest_value(name: str, default: Any = None) -> Any:
    manifest = archive().manifest
    return manifest.get(name, default) if manifest is not None else default


@st.cache_data(max_entries=8, show_spinner=False)
def documents(index_dir: str, stamp: int) -> list[dict]:
    return load_archive(index_dir).documents()


def current_documents() -> list[dict]:
    return documents(str(settings().index_dir), index_stamp())


@st.cache_resource(max_entries=8, show_spinner=False)
def _documents_by_path(index_dir: str, stamp: int) -> dict[str, dict]:
    # A resource, not data: shared as it is (never changed), not copied on every look-up.
    return {d["path"]: d for d in documents(index_dir, stamp)}


def document_info(path: str) -> dict | None:
    """A document's stored metadata (title, doc_type, case number …), or None."""
    return _documents_by_path(str(settings().index_dir), index_stamp()).get(path)


def shown_title(path: str, title: str | None = None) -> str:
    """A document's title as the reader's page shows it (the title the archive gives a meeting system's meeting
    in the reader's words, `present.title_in`), else its path: `title` where the caller has it already."""
    from indexer import present

    title = title if title is not None else (document_info(path) or {}).get("title")
    return present.title_in(title, wording()) or path


def wanted_in_url(param: str, state_key: str, widget_key: str) -> str | None:
    """What a page's address names (`param`). Streamlit forgets a page's widget on any other page, so
    back on it (the browser's Back button from the meeting a case linked to) the address's choice is
    taken up again, even where it is the one `state_key` says the page showed last."""
    if widget_key not in st.session_state:
        st.session_state.pop(state_key, None)
    # as a field shows it: no control or bidi character ("%E2%80%AE" would turn the number around)
    return present.printable(st.query_params.get(param) or "") or None


def keep_in_url(param: str, chosen: str | None, state_key: str) -> None:
    """Put a page's choice in its address (so it can be shared), or take it out when cleared;
    `state_key` remembers what the address last said."""
    if chosen:
        st.query_params[param] = chosen
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[state_key] = chosen
