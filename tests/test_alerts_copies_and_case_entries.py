"""A paragraph standing in several meetings (a case going committee → Økonomiudvalg → Byråd) is
cited by its earliest meeting in every language, digest and feed naming the others ("Også i: …"),
and both count an item's paragraphs alike; a followed case's new meeting is one entry with its
item's text and its decision."""
from __future__ import annotations

import feedparser

from indexer.alerts import FollowRequest, add_follow, collect
from indexer.alerts.digest import compose, grouped
from indexer.alerts.feeds import search_feed
from indexer.build import build
from indexer.store.follows import Follow, FollowMatch

from .fakes import HashEmbedder
from .test_alerts import ADDRESS, LINKS, NOW, matches_of, opened, parts, write_files

CATALOG = """path,title,body,meeting_date,doc_type,case_number,document_date,attachment_to
dialog/2023-01-05-referat.txt,Referat Dialogforum 5. januar 2023,Dialogforum,2023-01-05,referat,,,
byraad/2023-03-27-referat.txt,Referat Byråd 27. marts 2023,Byråd,2023-03-27,referat,,,
oekonomi/2023-03-20-referat.txt,Referat Økonomiudvalget 20. marts 2023,Økonomiudvalget,2023-03-20,referat,,,
social/2023-03-06-referat.txt,Referat Socialudvalget 6. marts 2023,Socialudvalget,2023-03-06,referat,,,
"""
FILL = (" Forvaltningen har gennemgået behovet for de kommende ti år og sammenholdt det med befolkningsprognosen,"
        " og den redegør i bilaget for fordelingen på bydele, for de aftaler der ligger til grund for den,"
        " og for hvad en udbygning vil koste kommunen i de kommende budgetår.")
SHARED = "Boligprogrammet viser et stigende behov for ældreboliger i alle bydele." + FILL * 3
OWN = ("Økonomiudvalget bad om et overslag over ældreboliger i Greve Midt før byrådets møde, med grundkøb,"
       " byggeri og drift opgjort hver for sig, og om en plan for hvornår de første beboere kan flytte ind,"
       " så udvalget kan prioritere projektet i investeringsoversigten sammen med skoler og veje.")


def meeting(body: str, number: int, paragraphs: list[str]) -> str:
    return (f"Referat af {body}s møde\n\nPunkt {number}. Boligprogram 2023\n\nSagen forelægges {body}."
            + FILL * 2 + "\n\n"
            + "\n\n".join(paragraphs)
            + f"\n\nPunkt {number + 1}. Cykelstier\n\nUdvalget drøftede cykelstierne langs Greve Strandvej.\n")


def test_a_text_in_several_meetings_is_cited_by_the_earliest_in_every_language_naming_the_others(tmp_path):
    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    archive_dir.mkdir()
    (archive_dir / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    write_files(archive_dir, {"dialog/2023-01-05-referat.txt": "Referat\n\nPunkt 1. Velkomst\n\nMødet åbnede."})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    follows = [add_follow(archive, FollowRequest("search", address, "daily", query="ældreboliger", mode="lexical",
                                                 language=language))
               for address, language in ((ADDRESS, "da"), ("bo@example.dk", "en"))]
    archive.close()
    write_files(archive_dir, {"byraad/2023-03-27-referat.txt": meeting("Byråd", 12, [SHARED]),
                              "oekonomi/2023-03-20-referat.txt": meeting("Økonomiudvalget", 29, [SHARED, OWN]),
                              "social/2023-03-06-referat.txt": meeting("Socialudvalget", 5, [SHARED])})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    collect(archive, NOW)
    texts = {}
    for follow in follows:
        matches = matches_of(index_dir, follow.id)
        text, html_part = parts(compose(ADDRESS, "daily", "2023-03-28", [(follow, matches)], LINKS, b"k" * 32,
                                        "moedearkiv@example.dk"))
        texts[follow.language] = text
        assert "Socialudvalget" in text.split("\n\n")[2]  # the first entry: the earliest meeting cites it
    # Økonomiudvalget's item holds both paragraphs found: named under the first entry with its count,
    # not an entry again, in the digest and the feed alike
    assert ("Også i: Økonomiudvalget · 20. marts 2023 · punkt 29 Boligprogram 2023 (2 afsnit); "
            "Byråd · 27. marts 2023 · punkt 12 Boligprogram 2023") in texts["da"]
    assert ("Also in: Økonomiudvalget · 20 March 2023 · item 29 Boligprogram 2023 (2 paragraphs); "
            "Byråd · 27 March 2023 · item 12 Boligprogram 2023") in texts["en"]
    assert "2. " not in texts["da"]
    feed = feedparser.parse(search_feed(archive, follows[0], matches_of(index_dir, follows[0].id), LINKS,
                                        "token")).entries
    shared = next(e for e in feed if "Socialudvalget" in e.title)
    assert [e.title for e in feed if "Boligprogram" in e.title] == [shared.title]
    assert "Også i: Økonomiudvalget · 20. marts 2023 · punkt 29 Boligprogram 2023 (2 afsnit)" in shared.summary


def test_a_text_of_an_earlier_meeting_found_again_at_a_new_one_is_cited_by_the_new_one(tmp_path):
    """Renovering af Tune Skole in January 2023 was headed by November 2022's copy, told before."""
    from indexer.alerts.citations import hit_payload
    from indexer.alerts.entries import with_copies

    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    archive_dir.mkdir()
    (archive_dir / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    write_files(archive_dir, {"social/2023-03-06-referat.txt": meeting("Socialudvalget", 5, [SHARED]),
                              "byraad/2023-03-27-referat.txt": meeting("Byråd", 12, [SHARED])})
    build(archive_dir, index_dir, embedder=HashEmbedder())
    archive = opened(index_dir)
    [hit] = [h for h in archive.search("ældreboliger", k=None, mode="lexical") if h.text == SHARED]
    assert hit.also_in  # the same text in both meetings
    records = {d["path"]: d for d in archive.documents()}
    new = "byraad/2023-03-27-referat.txt"
    [cited] = with_copies(archive, [hit_payload(hit)], records, {new})
    assert cited["document"] == new and cited["also_in"] == ["social/2023-03-06-referat.txt"]
    [earliest] = with_copies(archive, [hit_payload(hit)], records)  # any copy: the earliest
    assert earliest["document"] == "social/2023-03-06-referat.txt"


def _case_match(id: int, kind: str, **payload) -> FollowMatch:
    base = {"kind": kind, "document": "byraad/2023-03-27-referat.txt", "body": "Byråd", "date": "2023-03-27",
            "item_number": "7", "item_title": "Boliger til ukrainske flygtninge", "case_number": "22-1"}
    return FollowMatch(id=id, follow_id=1, kind=kind, key=str(id), found_at="t", payload={**base, **payload})


def test_a_case_digest_gives_each_new_meeting_one_entry_with_its_decision_and_counts_entries():
    follow = Follow(1, "case", "22-1", None, {}, "hybrid", ADDRESS, "daily", "t", "t", 0)
    matches = [_case_match(1, "paragraph", text="Der er modtaget 212 flygtninge, og udgifterne holder sig i rammen."),
               _case_match(2, "decision", outcome="noted", text="Byrådet tog orienteringen til efterretning.")]
    assert len(grouped(matches)) == 1
    message = compose(ADDRESS, "daily", "2023-03-28", [(follow, matches)], LINKS, b"k" * 32, "moedearkiv@example.dk")
    text, _ = parts(message)
    assert message["Subject"].startswith("Mødearkivet: 1 nyt fund")
    assert "Der er modtaget 212 flygtninge" in text and "Byrådet tog orienteringen til efterretning." in text
    assert "2. " not in text


def test_a_case_digest_whose_item_text_is_its_decision_states_it_once_with_its_outcome():
    follow = Follow(1, "case", "22-1", None, {}, "hybrid", ADDRESS, "daily", "t", "t", 0)
    decision = "Økonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes."
    matches = [_case_match(1, "paragraph", text=decision), _case_match(2, "decision", outcome="recommended", text=decision)]
    text, _ = parts(compose(ADDRESS, "daily", "2023-03-28", [(follow, matches)], LINKS, b"k" * 32,
                            "moedearkiv@example.dk"))
    assert text.count(decision) == 1
    line = next(line for line in text.splitlines() if decision in line)
    assert line.strip().startswith("Beslutning (anbefalet): "), line


def test_a_case_entry_whose_text_is_its_decisions_paragraph_says_it_once():
    # the decision's text leaves the field's attendance line out; the paragraph holds it: one decision still
    follow = Follow(1, "case", "22-1", None, {}, "hybrid", ADDRESS, "daily", "t", "t", 0)
    decision = "Sagen blev udsat."
    paragraph = _case_match(1, "paragraph", text=f"{decision} Afbud: Anna Hansen (A).")
    paragraph.payload["id"] = "p-26"
    matches = [paragraph, _case_match(2, "decision", outcome="postponed", text=decision, paragraph_id="p-26")]
    text, _ = parts(compose(ADDRESS, "daily", "2023-03-28", [(follow, matches)], LINKS, b"k" * 32,
                            "moedearkiv@example.dk"))
    assert text.count(decision) == 1 and "Beslutning (udsat): Sagen blev udsat. Afbud" in text


def _case_archive(decision: str, paragraphs: list[tuple[str, bool]]):
    """An archive holding one case's treatment, item 29 of Økonomiudvalget's meeting: its
    paragraphs (text, is a heading), the first its first of the case, and its decision."""
    from types import SimpleNamespace

    from indexer.records import Decision

    document = "oekonomi/2023-03-20-referat.txt"
    rows = [SimpleNamespace(id=f"p{n}", text=text, item_number="29", item_title="Boligprogram 2023",
                            heading=None, extra={"is_heading": heading})
            for n, (text, heading) in enumerate(paragraphs, 1)]
    return SimpleNamespace(
        case_trail=lambda number: [SimpleNamespace(
            document=document, paragraph_id="p1", item_number="29", item_title="Boligprogram 2023", page=None,
            decision=Decision("d1", document, "Økonomiudvalget", "2023-03-20", "29", "Boligprogram 2023", decision,
                              "recommended", "p1"))],
        documents=lambda: [{"path": document, "title": "Referat Økonomiudvalget 20. marts 2023",
                            "body": "Økonomiudvalget", "meeting_date": "2023-03-20"}],
        document=lambda path: rows if path == document else [],
        paragraph=lambda id: next((row for row in rows if row.id == id), None))


def test_a_case_feed_whose_item_text_is_its_decision_states_it_once_with_its_outcome():
    from indexer.alerts.feeds import case_feed

    decision = "Anbefales overfor Byrådet."
    entry = feedparser.parse(case_feed(_case_archive(decision, [(decision, False)]), "22-1", LINKS)).entries[0]
    assert entry.content[0].value.count(decision) == 1
    assert "Beslutning (anbefalet), punkt 29" in entry.content[0].value


def test_a_case_feed_entry_shows_its_items_first_text_not_its_heading_line():
    from indexer.alerts.feeds import case_feed

    text = "Boligprogrammet viser et stigende behov for ældreboliger i alle bydele." + FILL
    archive = _case_archive("Anbefales overfor Byrådet.", [
        ("29. Boligprogram 2023", True), ("Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.", False),
        (text, False), ("Udvalget drøftede også cykelstierne langs Greve Strandvej i samme punkt.", False)])
    content = feedparser.parse(case_feed(archive, "22-1", LINKS, "en")).entries[0].content[0].value
    assert "Boligprogrammet viser et stigende behov" in content and "29. Boligprogram 2023" not in content
    assert "Klima-, Teknik-" not in content and "cykelstierne" not in content
    assert "Decision (recommended), item 29: Anbefales overfor Byrådet." in content


def test_a_routing_line_found_in_many_items_stays_in_its_own_item_and_names_no_copies():
    # "Klima-, Teknik- og Miljøudvalget." routes every case of the committee: its copies are other matters,
    # and citing the earliest ("Godkendelse af dagsorden") would hide the item where it was found
    from types import SimpleNamespace

    from indexer.alerts.entries import with_copies

    def unread(document):
        raise AssertionError(f"{document} read for copies")

    found = {"kind": "paragraph", "document": "ktm/2023-03-20.json", "body": "Klima-, Teknik- og Miljøudvalget",
             "date": "2023-03-20", "item_number": "2", "item_title": "Spildevandsplan", "heading": "Sagsprocedure",
             "text": "Klima-, Teknik- og Miljøudvalget.", "also_in": ["ktm/2023-01-16.json"]}
    [cited] = with_copies(SimpleNamespace(document=unread), [found], {})
    assert cited == found and not cited.get("copies")
