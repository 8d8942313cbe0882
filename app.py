"""The meeting archive in the browser: search, context, related discussions, timeline, export, uploads.

    streamlit run app.py -- --index index --archive archive

(or INDEXER_INDEX_DIR / INDEXER_ARCHIVE_DIR). Retrieval lives in `indexer`; this file only
wires widgets to it. Every widget has an explicit key; the search and its filters are kept in
the URL (`st.query_params`), so a search can be sent as a link and reopened.
"""
from __future__ import annotations

import argparse
import base64
import functools
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from indexer import facets, present, uploads
from indexer.config import DEFAULT_ARCHIVE_DIR, DEFAULT_INDEX_DIR
from indexer.errors import ArchiveError, IndexMissing, InvalidInput
from indexer.records import Hit
from indexer.search import Archive, Filters


def read_config(argv: list[str]) -> tuple[Path, Path]:
    """(index dir, archive dir): command-line arguments win over environment variables over defaults."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--index", default=os.environ.get("INDEXER_INDEX_DIR") or str(DEFAULT_INDEX_DIR))
    parser.add_argument("--archive", default=os.environ.get("INDEXER_ARCHIVE_DIR") or str(DEFAULT_ARCHIVE_DIR))
    args, _ = parser.parse_known_args(argv)
    return Path(args.index), Path(args.archive)


INDEX_DIR, ARCHIVE_DIR = read_config(sys.argv[1:])
BUILD_COMMAND = f"python -m indexer build {ARCHIVE_DIR} --index {INDEX_DIR}"
PAGE_SIZES = (10, 20, 50)
MODES = ("hybrid", "dense", "lexical")
EXAMPLES = ("huslejestigninger", "personalegennemstrømning", "staff turnover")
MAX_PDF_PREVIEW_BYTES = 15 * 1024 * 1024  # shown inline as a data: URL; bigger files are downloaded
TIMELINE_PARAM = "periode"
FILTER_KEYS = ("organ", "type", "dok", "fra", "til")

TEXT: dict[str, dict[str, str]] = {
    "da": {
        "title": "Mødearkiv",
        "subtitle": "Søg i referater, dagsordener og forhandlinger — på dansk eller engelsk.",
        "loading": "Indlæser sprogmodel og indeks … (første gang tager det op til et halvt minut)",
        "no_index": "Der er endnu intet indeks i `{index}`. Byg det fra arkivet med:",
        "no_index_button": "Byg indekset nu",
        "tab_search": "Søg",
        "tab_archive": "Arkiv",
        "search": "Søg i arkivet",
        "search_help": "Skriv ord eller en sætning; søgningen finder også afsnit med samme betydning.",
        "placeholder": "fx huslejestigninger, personalegennemstrømning, rent increases",
        "welcome": "Skriv et eller flere ord i søgefeltet. Prøv fx:",
        "overview": "{documents} dokumenter · {paragraphs} afsnit · {bodies} organer · {period}",
        "filters": "Filtre",
        "choose": "Alle",
        "body": "Organ",
        "doc_type": "Dokumenttype",
        "documents": "Dokumenter",
        "date_from": "Fra dato",
        "date_to": "Til dato",
        "in_period": "{n} af {total} relevante afsnit i perioden ({undated} uden dato).",
        "facet_note": "Tallene viser, hvor mange af de {depth} mest relevante afsnit hvert filter rummer.",
        "reset": "Nulstil filtre",
        "settings": "Visning",
        "page_size": "Antal resultater",
        "mode": "Søgemåde",
        "mode_hybrid": "Betydning + ord",
        "mode_dense": "Kun betydning",
        "mode_lexical": "Kun præcise ord",
        "timeline": "Tidslinje: hvornår og hvor blev emnet drøftet?",
        "timeline_help": "Hver prik er et møde; jo større, jo flere relevante afsnit. Træk hen over "
                         "tidsaksen for at vise resultater fra perioden.",
        "timeline_undated": "{n} af de relevante afsnit har ingen mødedato og vises ikke på tidslinjen.",
        "timeline_date": "Mødedato",
        "timeline_count": "Afsnit",
        "timeline_titles": "Dokumenter",
        "results": "{n} resultater for »{query}« ({seconds:.2f} s)",
        "no_results_filtered": "Ingen resultater med de valgte filtre. Prøv at fjerne et filter eller "
                               "udvide datointervallet — uden filtre er der {n} relevante afsnit.",
        "no_results": "Ingen resultater. Prøv andre eller færre ord.",
        "export_csv": "Eksportér CSV",
        "export_md": "Eksportér Markdown",
        "context": "Kontekst og kilde",
        "related": "Lignende drøftelser",
        "related_order": "Rækkefølge",
        "order_similarity": "Mest lignende",
        "order_newest": "Nyeste først",
        "related_none": "Ingen lignende afsnit i andre dokumenter.",
        "citation": "Kildehenvisning",
        "download": "Hent originalen ({name})",
        "show_pdf": "Vis PDF'en på side {page}",
        "pdf_too_big": "PDF'en er for stor til at blive vist her; hent den i stedet.",
        "missing_file": "Originalfilen {name} findes ikke længere i arkivmappen.",
        "page": "s.",
        "archive_intro": "Arkivmappe: `{archive}` · indeks: `{index}` · bygget {built} · {documents} dokumenter, "
                         "{paragraphs} afsnit.",
        "archive_docs": "Dokumenter i indekset",
        "columns": "Mødedato,Organ,Titel,Type,Sider,Afsnit,Fil",
        "upload": "Tilføj filer til arkivet (PDF eller tekst, højst {mb} MB pr. fil)",
        "upload_save": "Gem filerne og opdatér indekset",
        "reindex": "Opdatér indekset fra arkivmappen",
        "upload_rejected": "{name} blev ikke gemt: {reason}",
        "upload_saved": "Gemt: {names}",
        "unreadable": "kan ikke læses ({reason})",
        "building": "Opdaterer indekset …",
        "stage_scan": "Gennemgår filer",
        "stage_read": "Læser og opdeler",
        "stage_write": "Beregner og gemmer vektorer",
        "built": "Indekset er opdateret: {summary}",
        "skipped": "Sprunget over: {path} — {reason}",
        "error_filters": "Filtrene kunne ikke bruges: {error}",
    },
    "en": {
        "title": "Meeting archive",
        "subtitle": "Search minutes, agendas and debates — in Danish or English.",
        "loading": "Loading the language model and index … (the first time takes up to half a minute)",
        "no_index": "There is no index in `{index}` yet. Build it from the archive with:",
        "no_index_button": "Build the index now",
        "tab_search": "Search",
        "tab_archive": "Archive",
        "search": "Search the archive",
        "search_help": "Type words or a sentence; the search also finds paragraphs with the same meaning.",
        "placeholder": "e.g. huslejestigninger, staff turnover, rent increases",
        "welcome": "Type one or more words in the search box. Try:",
        "overview": "{documents} documents · {paragraphs} paragraphs · {bodies} bodies · {period}",
        "filters": "Filters",
        "choose": "All",
        "body": "Body",
        "doc_type": "Document type",
        "documents": "Documents",
        "date_from": "From date",
        "date_to": "To date",
        "in_period": "{n} of {total} relevant paragraphs in the period ({undated} undated).",
        "facet_note": "The numbers show how many of the {depth} most relevant paragraphs each filter holds.",
        "reset": "Reset filters",
        "settings": "Display",
        "page_size": "Number of results",
        "mode": "Search mode",
        "mode_hybrid": "Meaning + words",
        "mode_dense": "Meaning only",
        "mode_lexical": "Exact words only",
        "timeline": "Timeline: when and where did the theme come up?",
        "timeline_help": "Each dot is a meeting; the larger, the more relevant paragraphs. Drag across "
                         "the time axis to show results from that period.",
        "timeline_undated": "{n} of the relevant paragraphs have no meeting date and are not on the timeline.",
        "timeline_date": "Meeting date",
        "timeline_count": "Paragraphs",
        "timeline_titles": "Documents",
        "results": "{n} results for “{query}” ({seconds:.2f} s)",
        "no_results_filtered": "No results with the chosen filters. Try removing a filter or widening the "
                               "date range — without filters there are {n} relevant paragraphs.",
        "no_results": "No results. Try other or fewer words.",
        "export_csv": "Export CSV",
        "export_md": "Export Markdown",
        "context": "Context and source",
        "related": "Similar discussions",
        "related_order": "Order",
        "order_similarity": "Most similar",
        "order_newest": "Newest first",
        "related_none": "No similar paragraphs in other documents.",
        "citation": "Citation",
        "download": "Download the original ({name})",
        "show_pdf": "Show the PDF at page {page}",
        "pdf_too_big": "The PDF is too large to show here; download it instead.",
        "missing_file": "The original file {name} is no longer in the archive folder.",
        "page": "p.",
        "archive_intro": "Archive folder: `{archive}` · index: `{index}` · built {built} · {documents} documents, "
                         "{paragraphs} paragraphs.",
        "archive_docs": "Documents in the index",
        "columns": "Meeting date,Body,Title,Type,Pages,Paragraphs,File",
        "upload": "Add files to the archive (PDF or text, at most {mb} MB each)",
        "upload_save": "Save the files and update the index",
        "reindex": "Update the index from the archive folder",
        "upload_rejected": "{name} was not saved: {reason}",
        "upload_saved": "Saved: {names}",
        "unreadable": "cannot be read ({reason})",
        "building": "Updating the index …",
        "stage_scan": "Scanning files",
        "stage_read": "Reading and splitting",
        "stage_write": "Computing and saving vectors",
        "built": "The index is up to date: {summary}",
        "skipped": "Skipped: {path} — {reason}",
        "error_filters": "The filters could not be used: {error}",
    },
}

CSS = """<style>
.hit .hit-where {font-size: .82rem; color: #5b6270; letter-spacing: .01em}
.hit .hit-title {font-weight: 600; font-size: 1.02rem; margin: .1rem 0}
.hit .hit-rank {color: #8a91a0; font-weight: 500}
.hit .hit-detail {font-size: .85rem; color: #3d5a80; margin-bottom: .35rem}
.hit .hit-text, .context .ctx {line-height: 1.5; margin: .2rem 0 .3rem 0; white-space: pre-wrap}
.hit mark, .context mark {background: #ffe58a; padding: 0 .1em; border-radius: 2px}
.context .ctx {color: #5b6270; font-size: .92rem}
.context .ctx-current {color: inherit; border-left: 3px solid #3d5a80; padding-left: .6rem}
.context .ctx-heading {font-weight: 600; font-size: .85rem; margin-top: .5rem}
.context .ctx-speaker {font-weight: 600}
</style>"""


def text(key: str, **values: Any) -> str:
    """A UI string in the chosen language."""
    language = "en" if st.session_state.get("en") else "da"
    return TEXT[language][key].format(**values)


# -- loaded once per process ---------------------------------------------------------
class QueryMemo:
    """The embedder, with recent query vectors remembered: facet counts and results embed a query once."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder

        @functools.lru_cache(maxsize=256)
        def embed_query(text: str):
            vector = embedder.embed_query(text)
            vector.setflags(write=False)  # shared between searches: nobody may change it
            return vector

        self.embed_query = embed_query

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)


@st.cache_resource(show_spinner=False)
def load_embedder() -> QueryMemo:
    from indexer.embed import Embedder  # slow import (torch); only once per process

    return QueryMemo(Embedder())


@st.cache_resource(show_spinner=False)
def load_archive(index_dir: str) -> Archive:
    from indexer import store

    store.read_manifest(Path(index_dir))  # no index: fail fast, before the model loads
    return Archive.open(index_dir, embedder=load_embedder())


def index_stamp() -> int:
    """Changes whenever a build commits (the manifest is rewritten), so cached results follow the index."""
    try:
        return (INDEX_DIR / "manifest.json").stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_data(max_entries=256, show_spinner=False)
def search(index_dir: str, stamp: int, query: str, k: int, mode: str, filters: tuple) -> list[Hit]:
    bodies, doc_types, documents, date_from, date_to = filters
    return load_archive(index_dir).search(query, k=k, mode=mode, filters=Filters(
        bodies=bodies, doc_types=doc_types, documents=documents, date_from=date_from, date_to=date_to))


@st.cache_data(max_entries=8, show_spinner=False)
def documents(index_dir: str, stamp: int) -> list[dict]:
    return load_archive(index_dir).documents()


# -- archive management -----------------------------------------------------------------
def run_build() -> None:
    """Update the index from the archive folder with a progress bar; report what was skipped."""
    from indexer.build import build

    bar = st.progress(0.0, text=text("building"))
    stages = {"scan": (0.0, 0.1), "read": (0.1, 0.6), "write": (0.6, 1.0)}

    def progress(stage: str, done: int, total: int) -> None:
        start, end = stages.get(stage, (0.0, 1.0))
        bar.progress(min(1.0, start + (end - start) * done / max(total, 1)),
                     text=f"{text('stage_' + stage) if stage in stages else stage} {done}/{total}")

    try:
        report = build(ARCHIVE_DIR, INDEX_DIR, embedder=load_embedder(), progress=progress)
    except ArchiveError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.progress(1.0, text=text("built", summary=report.summary().split(":")[0]))
    st.success(text("built", summary=report.summary().split(":")[0]))
    for path, reason in report.skipped:
        st.warning(text("skipped", path=path, reason=reason))


def probe(data: bytes, safe_name: str) -> str | None:
    """Why an upload can't be indexed, or None: it is read in a scratch folder, never in the archive."""
    from indexer.errors import UnreadableFile
    from indexer.ingest import ingest_file

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / safe_name
        path.write_bytes(data)
        try:
            _, paragraphs = ingest_file(path, root=scratch, catalog={})
        except UnreadableFile as exc:
            return exc.reason
    return None if paragraphs else "no text found"


def save_uploads(files: list) -> list[str]:
    """Validate and save uploads into the archive; rejected files are reported and left out."""
    saved = []
    for upload in files:
        data = upload.getvalue()
        try:
            safe = uploads.check_upload(upload.name, len(data))
        except InvalidInput as exc:
            st.error(text("upload_rejected", name=upload.name, reason=str(exc).split(": ", 1)[-1]))
            continue
        reason = probe(data, safe)
        if reason:
            st.error(text("upload_rejected", name=upload.name, reason=text("unreadable", reason=reason)))
            continue
        target = uploads.upload_target(ARCHIVE_DIR, safe)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        saved.append(target.relative_to(ARCHIVE_DIR.resolve()).as_posix())
    return saved


def archive_tab(archive: Archive, docs: list[dict]) -> None:
    manifest = archive.manifest
    st.markdown(text("archive_intro", archive=ARCHIVE_DIR, index=INDEX_DIR, built=manifest.get("built_at", "?"),
                     documents=manifest.get("documents", len(docs)), paragraphs=manifest.get("paragraphs", "?")))
    uploads = st.file_uploader(
        text("upload", mb=uploads.MAX_UPLOAD_BYTES // 2**20), accept_multiple_files=True,
        type=[suffix.lstrip(".") for suffix in uploads.SUPPORTED_SUFFIXES],
        key=f"upload_{st.session_state.setdefault('upload_round', 0)}",
        max_upload_size=uploads.MAX_UPLOAD_BYTES // 2**20)
    left, right = st.columns(2)
    if left.button(text("upload_save"), key="upload_save", type="primary", disabled=not uploads):
        saved = save_uploads(uploads or [])
        if saved:
            st.info(text("upload_saved", names=", ".join(saved)))
            st.session_state.upload_round += 1  # a fresh uploader next run: the files are in the archive now
            run_build()
    if right.button(text("reindex"), key="reindex"):
        run_build()
    st.subheader(text("archive_docs"))
    columns = ["meeting_date", "body", "title", "doc_type", "pages", "paragraphs", "path"]
    table = pd.DataFrame(docs, columns=columns).rename(columns=dict(zip(columns, text("columns").split(","))))
    st.dataframe(table, key="documents_table", hide_index=True, width="stretch")


# -- the URL: a search as a link ----------------------------------------------------------
def url_to_state() -> None:
    """Seed the widgets from the URL once per session, so that a shared link reopens the same search."""
    if st.session_state.get("url_read"):
        return
    st.session_state.url_read = True
    params = st.query_params
    if params.get("q"):
        st.session_state.q = params["q"]
    for key in ("organ", "type", "dok"):
        if params.get_all(key):
            st.session_state[key] = params.get_all(key)
    for key in ("fra", "til"):
        try:
            st.session_state[key] = date.fromisoformat(params[key]) if params.get(key) else None
        except ValueError:
            pass  # a mistyped date in a link is ignored, not an error
    if params.get("mode") in MODES:
        st.session_state.mode = params["mode"]
    if params.get("n", "").isdigit() and int(params["n"]) in PAGE_SIZES:
        st.session_state.n = int(params["n"])
    st.session_state.en = params.get("lang") == "en"
    st.session_state.setdefault("mode", "hybrid")  # defaults via state, not widget arguments: no clash


def state_to_url() -> None:
    """Write the current search and filters to the URL (only what differs from the defaults)."""
    state = st.session_state
    wanted: dict[str, str | list[str]] = {}
    if (state.get("q") or "").strip():
        wanted["q"] = state.q.strip()
    for key in ("organ", "type", "dok"):
        if state.get(key):
            wanted[key] = list(state[key])
    for key in ("fra", "til"):
        if state.get(key):
            wanted[key] = state[key].isoformat()
    if state.get("mode", "hybrid") != "hybrid":
        wanted["mode"] = state.mode
    if state.get("n", PAGE_SIZES[0]) != PAGE_SIZES[0]:
        wanted["n"] = str(state.n)
    if state.get("en"):
        wanted["lang"] = "en"
    current = {key: (st.query_params.get_all(key) if isinstance(value, list) else st.query_params.get(key))
               for key, value in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


# -- search -----------------------------------------------------------------------------
def clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = None if key in ("fra", "til") else []


def use_example(query: str) -> None:
    st.session_state["q"] = query


def on_timeline_select() -> None:
    """A period brushed on the timeline becomes the date filter; clearing the brush clears it."""
    period = facets.selected_period(st.session_state.get("timeline"), TIMELINE_PARAM)
    st.session_state["fra"], st.session_state["til"] = period if period else (None, None)


def sidebar(docs: list[dict], counts: facets.Facets, has_query: bool) -> Filters | None:
    """The filter widgets (with counts for the current query); returns the chosen filters."""
    def label(value: str, count_map: dict, name: str | None = None) -> str:
        return f"{name or value} ({count_map.get(value, 0)})" if has_query else (name or value)

    titles = {d["path"]: f"{d['meeting_date'] or '—'} {d['title'] or d['path']}" for d in docs}
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    with st.sidebar:
        st.header(text("filters"))
        known = {"organ": {d["body"] for d in docs}, "type": {d["doc_type"] for d in docs}, "dok": set(titles)}
        for key, values in known.items():
            if st.session_state.get(key):
                st.session_state[key] = [v for v in st.session_state[key] if v in values]
        bodies = facets.by_count([d["body"] for d in docs if d["body"]], counts.bodies)
        # Few bodies and types: pills show every count at a glance; documents can be many.
        st.pills(text("body"), bodies, selection_mode="multi", key="organ",
                 format_func=lambda v: label(v, counts.bodies))
        types = facets.by_count([d["doc_type"] for d in docs if d["doc_type"]], counts.doc_types)
        st.pills(text("doc_type"), types, selection_mode="multi", key="type",
                 format_func=lambda v: label(v, counts.doc_types))
        paths = facets.by_count(titles, counts.documents)
        st.multiselect(text("documents"), paths, key="dok", placeholder=text("choose"),
                       format_func=lambda v: label(v, counts.documents, titles[v]))
        first, last = (date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])) if dates else (None, None)
        for key in ("fra", "til"):  # dates from a link or the timeline, kept inside the archive's range
            if first and isinstance(st.session_state.get(key), date):
                st.session_state[key] = min(max(st.session_state[key], first), last)
        date_from = st.date_input(text("date_from"), value=None, min_value=first, max_value=last,
                                    key="fra", format="DD.MM.YYYY")
        date_to = st.date_input(text("date_to"), value=None, min_value=first, max_value=last,
                                   key="til", format="DD.MM.YYYY")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        if has_query and (date_from or date_to):
            inside = sum(n for day, n in counts.dates.items()
                         if (not date_from or day >= date_from.isoformat()) and (not date_to or day <= date_to.isoformat()))
            st.caption(text("in_period", n=inside, total=counts.total, undated=counts.undated))
        st.button(text("reset"), key="reset", on_click=clear_filters)
        if has_query:
            st.caption(text("facet_note", depth=facets.FACET_DEPTH))
        st.header(text("settings"))
        st.segmented_control(text("mode"), MODES, key="mode",
                             format_func=lambda m: text("mode_" + m), required=True)
        st.selectbox(text("page_size"), PAGE_SIZES, key="n")
    try:
        return Filters(bodies=tuple(st.session_state.organ), doc_types=tuple(st.session_state.type),
                       documents=tuple(st.session_state.dok),
                       date_from=date_from.isoformat() if date_from else None,
                       date_to=date_to.isoformat() if date_to else None)
    except InvalidInput as exc:
        st.sidebar.error(text("error_filters", error=exc))
        return None


def timeline(wide: list[Hit], counts: facets.Facets) -> None:
    """Matching paragraphs per meeting date and body; brushing a period sets the date filter."""
    rows = facets.timeline_rows(wide)
    if not rows:
        return
    st.markdown(f"**{text('timeline')}**", help=text("timeline_help"))
    brush = alt.selection_interval(name=TIMELINE_PARAM, encodings=["x"])
    chart = alt.Chart(pd.DataFrame(rows)).mark_circle(opacity=0.75).encode(
        x=alt.X("date:T", title=text("timeline_date"), axis=alt.Axis(format="%Y-%m", labelAngle=0),
                scale=alt.Scale(padding=24)),
        y=alt.Y("body:N", title=None, axis=alt.Axis(labelLimit=260)),
        size=alt.Size("count:Q", legend=None, scale=alt.Scale(range=[40, 600])),
        color=alt.Color("body:N", legend=None),
        tooltip=[alt.Tooltip("date:T", title=text("timeline_date"), format="%Y-%m-%d"),
                 alt.Tooltip("body:N", title=text("body")),
                 alt.Tooltip("count:Q", title=text("timeline_count")),
                 alt.Tooltip("titles:N", title=text("timeline_titles"))],
    ).add_params(brush).properties(height=alt.Step(44))
    st.altair_chart(chart, key="timeline", on_select=on_timeline_select, selection_mode=TIMELINE_PARAM,
                    width="stretch")
    if counts.undated:
        st.caption(text("timeline_undated", n=counts.undated))


def original_file(hit: Hit) -> None:
    """Download the original; PDFs can also be shown inline at the paragraph's page."""
    path = (ARCHIVE_DIR / hit.document).resolve()
    if not path.is_relative_to(ARCHIVE_DIR.resolve()) or not path.is_file():
        st.caption(text("missing_file", name=hit.document))
        return
    st.download_button(text("download", name=path.name), data=path.read_bytes, file_name=path.name,
                       key=f"download_{hit.id}", on_click="ignore", icon=":material/download:")
    if path.suffix.lower() == ".pdf":
        page = hit.page or 1
        if st.toggle(text("show_pdf", page=page), key=f"pdf_{hit.id}"):
            if path.stat().st_size > MAX_PDF_PREVIEW_BYTES:
                st.caption(text("pdf_too_big"))
            else:
                encoded = base64.b64encode(path.read_bytes()).decode()
                st.iframe(f"data:application/pdf;base64,{encoded}#page={page}", height=640)


def result_card(archive: Archive, hit: Hit, rank: int) -> None:
    with st.container(border=True, key=f"hit_{rank}"):
        st.html(present.hit_html(hit, hit.matched_terms, page_label=text("page"), rank=rank))
        context = st.expander(text("context"), key=f"ctx_{hit.id}", on_change="rerun", icon=":material/article:")
        if context.open:
            with context:
                st.html(present.context_html(archive.context(hit.id, before=3, after=3), hit.id, hit.matched_terms))
                st.code(present.citation(hit), language=None, wrap_lines=True)
                original_file(hit)
        related = st.expander(text("related"), key=f"rel_{hit.id}", on_change="rerun", icon=":material/hub:")
        if related.open:
            with related:
                order = st.radio(text("related_order"), ("similarity", "newest"), horizontal=True,
                                 key=f"relorder_{hit.id}", format_func=lambda o: text("order_" + o))
                others = archive.related(hit.id, k=5, order=order)
                if not others:
                    st.caption(text("related_none"))
                for other in others:
                    st.html(present.hit_html(other, hit.matched_terms, page_label=text("page")))


def overview(docs: list[dict], archive: Archive) -> None:
    dates = sorted(d["meeting_date"] for d in docs if d["meeting_date"])
    period = f"{dates[0]} – {dates[-1]}" if dates else "—"
    st.caption(text("overview", documents=len(docs), paragraphs=archive.manifest.get("paragraphs", "?"),
                    bodies=len({d["body"] for d in docs if d["body"]}), period=period))


def search_tab(archive: Archive, docs: list[dict]) -> None:
    query = st.text_input(text("search"), key="q", placeholder=text("placeholder"),
                          help=text("search_help"), icon=":material/search:")
    query = " ".join((query or "").split())
    mode = st.session_state.get("mode") or "hybrid"
    stamp = index_stamp()
    started = time.perf_counter()
    wide = search(str(INDEX_DIR), stamp, query, facets.FACET_DEPTH, mode, ((), (), (), None, None)) if query else []
    counts = facets.count_facets(wide)
    filters = sidebar(docs, counts, bool(query))
    if not query:
        overview(docs, archive)
        st.write(text("welcome"))
        columns = st.columns(len(EXAMPLES))
        for number, (column, example) in enumerate(zip(columns, EXAMPLES)):
            column.button(example, key=f"example_{number}", on_click=use_example, args=(example,))
        return
    if filters is None:
        return
    k = st.session_state.get("n") or PAGE_SIZES[0]
    key = (filters.bodies, filters.doc_types, filters.documents, filters.date_from, filters.date_to)
    hits = search(str(INDEX_DIR), stamp, query, k, mode, key)
    seconds = time.perf_counter() - started
    timeline(wide, counts)
    if not hits:
        st.info(text("no_results_filtered", n=counts.total) if filters and counts.total else text("no_results"))
        if filters:
            st.button(text("reset"), key="reset_main", on_click=clear_filters)
        return
    left, middle, right = st.columns([3, 1, 1], vertical_alignment="center")
    left.markdown(text("results", n=len(hits), query=present.markdown_escape(query), seconds=seconds))
    slug = "-".join(query.split())[:40] or "search"
    middle.download_button(text("export_csv"), present.to_csv(hits), file_name=f"soegning-{slug}.csv",
                           mime="text/csv", key="export_csv", on_click="ignore", icon=":material/table:")
    right.download_button(text("export_md"), present.to_markdown(query, hits), file_name=f"soegning-{slug}.md",
                          mime="text/markdown", key="export_md", on_click="ignore", icon=":material/description:")
    for rank, hit in enumerate(hits, 1):
        result_card(archive, hit, rank)


def main() -> None:
    st.set_page_config(page_title="Mødearkiv", page_icon=":material/gavel:", layout="wide")
    url_to_state()
    st.sidebar.toggle("English", key="en")
    st.html(CSS)
    st.title(text("title"))
    st.caption(text("subtitle"))
    try:
        with st.spinner(text("loading")):
            archive = load_archive(str(INDEX_DIR))
    except IndexMissing:
        st.info(text("no_index", index=INDEX_DIR))
        st.code(BUILD_COMMAND, language="bash")
        if ARCHIVE_DIR.is_dir() and st.button(text("no_index_button"), key="build_first"):
            run_build()
            st.rerun()
        st.stop()
    except ArchiveError as exc:
        st.error(str(exc))
        st.stop()
    docs = documents(str(INDEX_DIR), index_stamp())
    search_area, archive_area = st.tabs([text("tab_search"), text("tab_archive")], key="tab")
    with search_area:
        search_tab(archive, docs)
    with archive_area:
        archive_tab(archive, docs)
    state_to_url()


main()
