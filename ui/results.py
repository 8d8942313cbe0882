"""The app's one call into the search: cached per index version, so reruns of a page cost nothing."""
from __future__ import annotations

import streamlit as st

from indexer.search.results import Facets
from indexer.records import Filters

from .common import load_archive

EMPTY_FACETS = Facets()


# A resource cache, not a data cache: results hold the analysed query (with its embedding
# function), which cannot be pickled; nobody changes a cached result.
@st.cache_resource(max_entries=256, show_spinner=False)
def search(index_dir: str, stamp: int, query: str, k: int, offset: int, mode: str, filters: Filters):
    """`Archive.search` for one page: hits, total, facet counts, timeline and closest matches together."""
    return load_archive(index_dir).search(query, k=k, offset=offset, mode=mode, filters=filters)
