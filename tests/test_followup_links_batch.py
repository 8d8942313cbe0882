"""A list's take-ups found together (`Archive.follow_ups_links`, `follow_ups(links=True)`, the checklist)
are those found one follow-up at a time (`follow_up_links`): the list shares what its searches read
(`Neighbourhood`, the store's answers) and skips only searches that cannot find anything.

A small built index of FirstAgenda meetings, with an embedder under which texts on one matter (bus
routes, rent, supervision) are alike, so that links are found by similarity too, not only by case number."""
from __future__ import annotations

import html
import shutil

import numpy as np
import pytest

from indexer.build.run import build
from indexer.minutes.takeups import asked, matter_of, matter_text, said
from indexer.records import Filters, FollowUp
from indexer import present
from indexer.search.archive import Archive
from indexer.search.neighbourhood import Neighbourhood
from indexer.store import Store

from .fakes import DIMENSION, HashEmbedder, hashed_vector
from .firstagenda import write_meeting

SU, OEU, KU = "Socialudvalget", "Økonomiudvalget", "Kulturudvalget"
BUS = "Udvalget ønsker en sag om busruter til skolerne på et kommende møde."
RENT = "Administrationen vender tilbage med en oversigt over huslejen på bostederne i april 2022."
CARE = "Udvalget ønsker en redegørelse om tilsynet med plejecentrene."
RENT_TITLE = "Huslejen på bostederne i kommunen"
PLAYGROUNDS = "Administrationen vender tilbage med en plan for legepladserne i maj 2022."  # nothing comes of it
# each matter's direction: texts on it are alike (cosine about 0.98), other texts by their hash
MATTERS = {"busrute": 0, "huslej": 1, "tilsyn": 2}


class MatterEmbedder(HashEmbedder):
    """Texts on one matter embed alike, whatever else they say; a batch as each text alone."""

    def _vector(self, text: str) -> np.ndarray:
        vector = 0.15 * hashed_vector(text)
        for word, axis in MATTERS.items():
            if word in text.lower():
                vector[axis] += 1.0
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def embed_passages(self, texts, **_options) -> np.ndarray:
        self.passages += len(texts)
        return np.stack([self._vector(t) for t in texts]) if len(texts) else np.zeros((0, DIMENSION), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_queries(self, texts) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    meetings = root / "archive"
    write_meeting(meetings / "su", SU, "2022-03-01", [
        ("21-000001", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")]),
        ("22-000100", "Ny skolestruktur", [("Indstilling", "Administrationen indstiller, at strukturen godkendes."),
                                           ("Beslutning", f"Godkendt. {BUS}")]),
        ("22-000200", RENT_TITLE, [("Sagsbeskrivelse", "Huslejen på bostederne er steget."),
                                   ("Beslutning", f"Drøftet. {RENT}")]),
        ("22-000300", "Tilsyn med plejecentrene 2022", [("Sagsbeskrivelse", "Årets tilsyn er gennemført."),
                                                        ("Beslutning", f"Taget til efterretning. {CARE}")]),
        ("22-000600", "Legepladser i kommunen", [("Beslutning", f"Godkendt. {PLAYGROUNDS}")])])
    write_meeting(meetings / "oeu", OEU, "2022-03-14", [
        ("22-000100", "Ny skolestruktur", [("Beslutning", "Anbefales.")])])
    write_meeting(meetings / "su", SU, "2022-05-03", [
        ("21-000001", "Godkendelse af dagsorden", [("Beslutning", "Godkendt.")]),
        ("22-000201", RENT_TITLE, [("Sagsbeskrivelse", "Oversigten over huslejen på bostederne fremlægges."),
                                   ("Beslutning", f"Drøftet. {RENT}")]),
        ("22-000400", "Busruter og skoleveje", [("Sagsbeskrivelse", "Forslag til busruter til skolerne og sikre "
                                                                    "skoleveje."), ("Beslutning", "Godkendt.")])])
    write_meeting(meetings / "ku", KU, "2022-06-07", [
        ("22-000500", "Tilsyn og busruter ved kulturhusene", [
            ("Sagsbeskrivelse", "Tilsynet med plejecentrene og busruter til skolerne nævnes i redegørelsen."),
            ("Beslutning", "Taget til efterretning.")])])
    write_meeting(meetings / "su", SU, "2022-09-06", [
        ("22-000100", "Busruter til skolerne", [("Sagsbeskrivelse", "Administrationen fremlægger forslag til "
                                                                    "busruter."), ("Beslutning", "Godkendt.")]),
        ("22-000300", "Tilsyn med plejecentrene 2022", [("Sagsbeskrivelse", "Redegørelse om tilsynet."),
                                                        ("Beslutning", "Taget til efterretning.")])])
    build(meetings, root / "index", embedder=MatterEmbedder())
    return root / "index"


@pytest.fixture(scope="module")
def index_dir(built_dir, tmp_path_factory):
    """The built index without the links its build kept: every list's links are searched for."""
    copy = tmp_path_factory.mktemp("searched") / "index"
    shutil.copytree(built_dir, copy)
    store = Store.open(copy)
    with store.writing():
        store.keep_follow_up_links(0, "", {})
    store.close()
    return copy


def opened(index_dir) -> Archive:
    """The index opened afresh: nothing found before is kept."""
    return Archive.open(index_dir, embedder=MatterEmbedder())


def one_by_one(index_dir, tracked, **options) -> list[list]:
    archive = opened(index_dir)
    return [archive.follow_up_links(t, **options) for t in tracked]


def test_a_lists_links_are_those_found_one_follow_up_at_a_time(index_dir):
    archive = opened(index_dir)
    tracked = archive.follow_ups(status=None)
    assert {t.follow_up.text for t in tracked} >= {BUS, RENT, CARE}
    together = archive.follow_ups_links(tracked)
    assert together == one_by_one(index_dir, tracked)
    # every way of being taken up is there to compare: by case number, by a later reading, by similarity
    assert {link.rule for links in together for link in links} >= {"case", "matter", "similar"}
    # and as known at a date
    assert opened(index_dir).follow_ups_links(tracked, until="2022-06-30") == \
        one_by_one(index_dir, tracked, until="2022-06-30")
    assert opened(index_dir).follow_ups_links(tracked, k=20, limit=1) == one_by_one(index_dir, tracked, k=20, limit=1)


def test_the_list_with_links_has_each_follow_ups_own_links(index_dir):
    listed = opened(index_dir).follow_ups(status=None, links=True)
    assert [t.links for t in listed] == one_by_one(index_dir, listed)
    folded = opened(index_dir).follow_ups(status=None, links=True, fold=True)
    assert [t.links for t in folded] == one_by_one(index_dir, folded)


def test_links_found_before_are_kept_and_a_list_of_them_searches_nothing(index_dir, monkeypatch):
    archive = opened(index_dir)
    tracked = archive.follow_ups(status=None)
    first = archive.follow_ups_links(tracked)

    def no_search(*_args, **_kwargs):
        raise AssertionError("searched again")

    monkeypatch.setattr(archive, "nearest", no_search)
    assert archive.follow_ups_links(tracked) == first
    assert [archive.follow_up_links(t) for t in tracked] == first
    assert archive.follow_ups_links([]) == []


def test_a_build_keeps_every_follow_ups_links_and_lists_read_them_without_searching(built_dir, index_dir, monkeypatch):
    searched = opened(index_dir).follow_ups(status=None, links=True)
    assert any(t.links for t in searched)
    archive = opened(built_dir)

    def no_search(*_args, **_kwargs):
        raise AssertionError("searched although the build kept the links")

    monkeypatch.setattr(archive, "nearest", no_search)
    listed = archive.follow_ups(status=None, links=True)
    assert [(t.follow_up.id, t.links) for t in listed] == [(t.follow_up.id, t.links) for t in searched]
    assert [archive.follow_up_links(t) for t in listed] == [t.links for t in searched]
    # what a list does not show (as known at a date, more candidates) is searched for as before
    with pytest.raises(AssertionError, match="searched"):
        archive.follow_ups_links(listed, until="2022-06-30")


def test_a_follow_up_taken_up_is_not_overdue_in_a_list_without_links_where_the_build_kept_them(built_dir, index_dir):
    def rent(listed):
        return next(t for t in listed if t.follow_up.text == RENT)

    looked_up = rent(opened(index_dir).follow_ups(status=None, links=True))
    assert looked_up.due == "2022-04-30" and looked_up.links and not looked_up.overdue
    assert not rent(opened(built_dir).follow_ups(status=None)).overdue  # as with its links


def test_a_follow_up_taken_up_is_not_overdue_where_no_links_were_kept_they_are_looked_up_for_it(index_dir):
    # an index whose build kept no links (built by other code): an overdue mark is not said for want of a search
    archive = opened(index_dir)
    listed = archive.follow_ups(status=None)
    rent = next(t for t in listed if t.follow_up.text == RENT)
    assert rent.due == "2022-04-30" and not rent.overdue and rent.to_json()["overdue"] is False
    assert archive.links_known(rent)  # found for it, and kept for what says why (`present.overdue_label`)


def test_a_build_that_commits_anew_keeps_the_links_it_finds_then_and_one_with_nothing_new_keeps_them(
        built_dir, tmp_path):
    archive_dir, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(built_dir.parent / "archive", archive_dir)
    shutil.copytree(built_dir, index)
    write_meeting(archive_dir / "su", SU, "2022-11-01", [
        ("22-000900", "Redegørelse om tilsynet med plejecentrene", [
            ("Sagsbeskrivelse", "Redegørelsen om tilsynet med plejecentrene fremlægges som ønsket."),
            ("Beslutning", "Taget til efterretning.")])])
    report = build(archive_dir, index, embedder=MatterEmbedder())
    assert report.linked == report.follow_ups > 0
    archive = opened(index)
    archive.nearest = None  # any search fails: the links are read as kept
    care = next(t for t in archive.follow_ups(status=None, links=True) if t.follow_up.text == CARE)
    assert "2022-11-01" in {link.date for link in care.links}
    again = build(archive_dir, index, embedder=MatterEmbedder())
    assert again.linked == 0 and again.unchanged and again.links_kept == report.links_kept == report.linked
    assert opened(index).follow_up_links(care.follow_up.id) == care.links


def test_a_search_in_a_lists_neighbourhood_finds_what_it_finds_alone(index_dir):
    archive = opened(index_dir)
    documents = sorted({h.document for h in archive.nearest("busruter til skolerne", k=50)})
    every = [Filters(date_from="2022-03-01"), Filters(date_from="2022-05-03", date_to="2022-06-07"),
             Filters(date_to="2022-05-03"), Filters(bodies=(SU,), date_from="2022-03-02"),
             Filters(documents=(documents[0],)), Filters(doc_types=("referat",)), Filters(kind="follow_ups"),
             Filters()]
    with archive.neighbourhood(["busruter til skolerne", "huslejen på bostederne"]) as around:
        for text in ("busruter til skolerne", "huslejen på bostederne", "tilsyn", "busruter til skolerne"):
            for filters in every:
                for k in (1, 5, 30):
                    assert archive.nearest(text, k=k, filters=filters, around=around) == \
                        archive.nearest(text, k=k, filters=filters), (text, filters, k)
        assert around.rows and around.places  # what it read is kept for the next search


def test_a_neighbourhood_filters_and_reads_as_the_store_does(index_dir):
    archive = opened(index_dir)
    with archive._snapshot() as store:
        ids = store.ids_matching(Filters())
        days = sorted({h.date for h in store.hits(ids).values() if h.date})
        document = store.hits(ids[:1])[ids[0]].document
        ids = list(reversed(ids)) + [12345]  # in any order; one the store does not hold
        every = [Filters(date_from=day) for day in days] + [Filters(date_to=day) for day in days] + [
            Filters(date_from=days[1], date_to=days[-2]), Filters(date_from=days[-1], date_to=days[-1]),
            Filters(date_from="2030-01-01"), Filters(bodies=(SU, KU), date_from=days[1]), Filters(bodies=("Ukendt",)),
            Filters(doc_types=("referat",), date_to=days[2]), Filters(documents=(document,)),
            Filters(kind="follow_ups", date_from=days[1]), Filters(kind="decisions")]
        around = Neighbourhood()
        around.follow(archive._generation)
        for filters in every:
            assert around.keep_matching(store, ids, filters) == store.keep_matching(ids, filters), filters
            assert around.ids_matching(store, filters) == store.ids_matching(filters), filters
        assert around.hits(store, ids) == store.hits(ids)
        assert around.hits(store, ids[:3]) == store.hits(ids[:3])
        items = store.item_vectors(ids, 30)
        assert {i: v.tolist() for i, v in around.item_vectors(store, ids).items()} == \
            {i: v.tolist() for i, v in items.items()}


def test_a_neighbourhood_drops_what_it_read_when_a_build_commits_another_generation():
    around = Neighbourhood(generation=3, places={1: (SU, "referat", "a", "2022-01-01")}, dates={1: "2022-01-01"})
    around.rows[1] = object()
    around.vectors["tekst"] = np.ones(DIMENSION, dtype=np.float32)
    around.follow(3)
    assert around.rows and around.places
    around.follow(4)
    assert not around.rows and around.places is None and around.dates is None and around.generation == 4
    assert "tekst" in around.vectors  # the same text by the same model: the same vector


def promise(**values) -> FollowUp:
    base = dict(id="fu-1", document="su/1.json", body=SU, meeting_date="2022-03-01", item_number="3",
                item_title=RENT_TITLE, text=RENT, who=None, what=RENT.rstrip("."), deadline=None, paragraph_id="p-1",
                requested_by=None, case_number="22-000200")
    return FollowUp(**{**base, **values})


def test_what_was_promised_is_searched_for_only_where_its_matter_came_back_to_its_bodys_agenda():
    fu = promise()
    assert matter_of(fu.item_title)
    assert asked(fu) == [said(fu), matter_text(fu)]  # not known: searched for
    assert asked(fu, {matter_of(fu.item_title)}) == [said(fu), matter_text(fu)]
    assert asked(fu, {matter_of("Busruter og skoleveje i kommunen")}) == [matter_text(fu)]
    assert asked(promise(item_title="Punkt 0")) == [matter_text(promise(item_title="Punkt 0"))]  # no matter


def test_a_cases_texts_and_items_are_its_paragraphs_in_their_order(index_dir):
    archive = opened(index_dir)
    with archive._snapshot() as store:
        for case in ("22-000100", "22-000200", "22-000300", "21-000001", "99-999999"):
            assert store.case_texts(case) == [(h.document, h.item_number, h.date, h.text, h.id)
                                              for h in store.case_paragraphs(case)]
            assert store.case_items(case) == _first_of_each_item(store.case_paragraphs(case))


def _first_of_each_item(hits: list) -> list:
    """Each agenda item's first paragraph, in the order given."""
    seen, first = set(), []
    for h in hits:
        if (h.document, h.item_number) not in seen:
            seen.add((h.document, h.item_number))
            first.append(h)
    return first


def test_the_query_encoder_reads_the_passage_encoders_tokenizer_and_embeds_as_with_its_own(embedder):
    from indexer.embed.embedder import Embedder
    from indexer.embed.onnx_backend import OnnxEncoder

    fresh = Embedder(vector_cache=False)
    if fresh.backend != "onnx-fp32":
        pytest.skip("ONNX Runtime is not the backend here")
    text = "huslejestigninger på bostederne"
    vector = fresh.embed_query(text)
    backend = fresh._backend
    assert backend._query_encoder.tokenizer is backend._encoder.tokenizer  # read once
    alone = OnnxEncoder(backend._dir, threads=1)  # its own tokenizer, as before
    assert np.array_equal(vector, alone.encode([text], backend.prompts["query"])[0])


def test_a_meetings_page_says_where_each_follow_up_was_taken_up_again_where_the_build_kept_it(
        built_dir, index_dir, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    import ui.common

    from .test_app import APP, no_errors

    listed = opened(built_dir).follow_ups(status=None, links=True)
    meeting = next(t.follow_up.document for t in listed if t.follow_up.text == RENT)
    here = [t for t in listed if t.follow_up.document == meeting]
    assert any(t.links for t in here)
    monkeypatch.setattr(ui.common, "load_embedder", lambda: MatterEmbedder())
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(built_dir.parent / "archive"))
    shown = {}
    for index in (built_dir, index_dir):
        monkeypatch.setenv("INDEXER_INDEX_DIR", str(index))
        st.cache_resource.clear()
        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["moede"] = meeting
        at._page_hash = calc_hash("moede")
        shown[index] = html.unescape(" ".join(h.proto.body for h in no_errors(at.run()).html))
    for tracked in here:
        said = present.taken_up_where(tracked.links[0], tracked.follow_up) if tracked.links else "intet fundet siden"
        assert said in shown[built_dir]
        assert said not in shown[index_dir]  # not kept: not searched for on the meeting's page
    # an overdue one is marked as its card on the follow-up list marks it
    late = [present.overdue_label(t.links) for t in here if t.overdue]
    assert late and all(label in shown[built_dir] for label in late)


def test_a_follow_up_card_offers_the_other_places_it_may_have_been_taken_up(built_dir, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    import ui.common

    from .test_app import APP, no_errors

    several = [t for t in opened(built_dir).follow_ups(status=None, links=True) if len(t.links) > 1]
    assert several
    monkeypatch.setattr(ui.common, "load_embedder", lambda: MatterEmbedder())
    monkeypatch.setenv("INDEXER_ARCHIVE_DIR", str(built_dir.parent / "archive"))
    monkeypatch.setenv("INDEXER_INDEX_DIR", str(built_dir))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"visning": "follow_ups", "status": "all"})
    at._page_hash = calc_hash("beslutninger")
    labels = [link.proto.label for link in no_errors(at.run()).get("page_link")]
    for tracked in several:
        for other in tracked.links[1:]:
            assert any(label.startswith("Eller måske: " + present.link_place(other, None))
                       for label in labels), (other, labels)


def test_the_cases_next_item_making_the_promise_again_in_its_words_is_not_where_it_was_taken_up(tmp_path):
    promised = "Administrationen vil på et senere tidspunkt forelægge en sag om revision af rådets kommissorium."
    meetings = tmp_path / "archive"
    write_meeting(meetings / "su", SU, "2022-03-01", [
        ("22-000700", "Ny vedtægt for rådet - høring", [("Beslutning", f"Godkendt. {promised}")])])
    write_meeting(meetings / "su", SU, "2022-05-03", [
        ("22-000700", "Ny vedtægt for rådet - efter høring", [("Beslutning", f"Godkendt. {promised}")])])
    build(meetings, tmp_path / "index", embedder=MatterEmbedder())
    archive = opened(tmp_path / "index")
    first = next(t for t in archive.follow_ups(status=None) if t.follow_up.meeting_date == "2022-03-01")
    assert all(link.date != "2022-05-03" for link in archive.follow_up_links(first))


def test_links_kept_by_other_code_are_found_again_by_the_next_build_though_it_commits_nothing(
        built_dir, tmp_path, monkeypatch):
    import indexer.search.followup_links as followup_links

    index = tmp_path / "index"
    shutil.copytree(built_dir, index)
    monkeypatch.setattr(followup_links, "LINKS_VERSION", "mended take-up rules")
    tracked = opened(index).follow_ups(status=None)
    archive = opened(index)
    assert all(archive.links_kept(t.follow_up.id) is None for t in tracked)  # not read: another code's
    again = build(built_dir.parent / "archive", index, embedder=MatterEmbedder())
    assert again.unchanged and again.linked == again.links_kept == len(tracked)
    assert all(opened(index).links_kept(t.follow_up.id) is not None for t in tracked)


def test_links_kept_before_they_carried_their_version_are_found_again_by_the_next_build(built_dir, tmp_path):
    import sqlite3

    index = tmp_path / "index"
    shutil.copytree(built_dir, index)
    with sqlite3.connect(index / "archive.sqlite") as conn:  # the table as the first version kept it
        conn.execute("DROP TABLE follow_up_links")
        conn.execute("CREATE TABLE follow_up_links (follow_up_id TEXT PRIMARY KEY, generation INTEGER NOT NULL, "
                     "links TEXT NOT NULL) WITHOUT ROWID")
        conn.execute("INSERT INTO follow_up_links VALUES ('x', 1, '[]')")
    conn.close()
    tracked = opened(index).follow_ups(status=None)
    assert all(opened(index).links_kept(t.follow_up.id) is None for t in tracked)
    again = build(built_dir.parent / "archive", index, embedder=MatterEmbedder())
    assert again.unchanged and again.linked == again.links_kept == len(tracked)
    assert all(opened(index).links_kept(t.follow_up.id) is not None for t in tracked)
