"""Fusion, the relevance floor, candidate depth and de-duplication, without an index."""
from __future__ import annotations

import pytest

from indexer.search import rank
from indexer.search.rank import Candidate, Floor


def test_fusion_adds_weighted_reciprocal_ranks():
    pool = rank.merge([(1, 0.9), (2, 0.8)], [(2, 12.0), (3, 11.0)])
    order = rank.fuse(pool.values(), weight=0.5)
    assert [c.vec_id for c in order] == [2, 1, 3]
    assert order[0].score == pytest.approx(1 / 61 + 0.5 / 60)
    assert order[2].score == pytest.approx(0.5 / 61)


def test_score_fusion_lets_a_wide_dense_lead_beat_bm25s_first_rank():
    # Paragraph 1 is the dense side's best by far and BM25's last, 2 leads BM25 and is second by a
    # hair on the dense side: RRF puts 2 first (two ranks near the top), adding the scores puts 1 first.
    dense = [(1, 0.95), (2, 0.81), (3, 0.80)]
    lexical = [(2, 10.0), (3, 9.0), (1, 1.0)]
    assert [c.vec_id for c in rank.fuse(rank.merge(dense, lexical).values(), 0.75)][0] == 2
    order = rank.fuse_scores(rank.merge(dense, lexical).values(), 0.75)
    assert [c.vec_id for c in order] == [1, 2, 3]
    assert order[0].score == pytest.approx(1.0 + 0.15 * 0.1)  # dense: its best (1.0); BM25: 0.15 · 1/10


@pytest.mark.parametrize("language, mode, matched, by_scores", [
    ("da", "hybrid", 26, True), ("da", "hybrid", 25, False),  # more than 2.5 % of 1,000 paragraphs
    ("en", "hybrid", 900, False), ("da", "dense", 900, False), ("da", "lexical", 900, False),
])
def test_a_danish_query_whose_words_many_paragraphs_hold_is_fused_by_scores(language, mode, matched, by_scores):
    asked = []

    def count(at_most: int) -> int:
        asked.append(at_most)
        return min(matched, at_most)

    assert rank.by_scores(language, mode, count, 1000) is by_scores
    assert asked == ([26] if (language, mode) == ("da", "hybrid") else [])  # counted only as far as needed


def test_dense_mode_ignores_the_lexical_side_and_lexical_mode_the_dense():
    pool = rank.merge([(1, 0.9)], [(2, 5.0)])
    assert [c.vec_id for c in rank.fuse(pool.values(), 0.0, "dense")] == [1]
    assert [c.vec_id for c in rank.fuse(pool.values(), 1.0, "lexical")] == [2]


def test_ranks_are_taken_within_the_given_set():
    pool = rank.merge([(1, 0.9), (2, 0.8), (3, 0.7)], [])
    order = rank.fuse([pool[2], pool[3]], 0.0, "dense")  # 1 filtered away: 2 is now first
    assert [c.vec_id for c in order] == [2, 3] and order[0].score == pytest.approx(1 / 60)


@pytest.mark.parametrize("language, mode, override, weight", [
    ("da", "hybrid", None, rank.LEXICAL_WEIGHT["da"]), ("en", "hybrid", None, 0.0), ("da", "hybrid", 0.3, 0.3),
    ("en", "lexical", None, 1.0), ("da", "dense", None, 0.0),
])
def test_lexical_weight_follows_mode_and_language(language, mode, override, weight):
    assert rank.lexical_weight(mode, language, override) == weight


@pytest.mark.parametrize("candidate, mode, weight, passes", [
    (Candidate(1, cosine=0.85), "dense", 0.0, True),
    (Candidate(1, cosine=0.75), "dense", 0.0, False),
    (Candidate(1, cosine=0.75, coverage=1.0), "hybrid", 0.75, True),  # a strong lexical match
    (Candidate(1, cosine=0.75, coverage=1.0), "hybrid", 0.0, False),  # English: BM25 does not count
    (Candidate(1, cosine=0.75, coverage=0.25), "hybrid", 0.75, False),
    (Candidate(1, coverage=0.5), "lexical", 1.0, True),
    (Candidate(1, cosine=0.99, coverage=0.0), "lexical", 1.0, False),  # lexical mode: words decide
])
def test_the_floor_passes_a_close_vector_or_a_strong_lexical_match(candidate, mode, weight, passes):
    assert rank.passes(candidate, mode, weight, Floor(dense=0.8, coverage=0.5)) is passes


@pytest.mark.parametrize("cosine, reference, passes", [
    (0.85, 0.80, True),   # 0.05 closer to the query than its nearest reference texts
    (0.85, 0.86, False),  # the same cosine for a query the reference texts are as close to
    (0.78, 0.74, True),   # a low cosine for a query that scores low against everything
])
def test_the_floor_is_relative_to_the_query_reference_level(cosine, reference, passes):
    floor = Floor(dense=None, coverage=None)
    level = rank.Level(reference=reference, threshold=0.03)
    assert rank.passes(Candidate(1, cosine=cosine), "dense", 0.0, floor, level) is passes


def test_a_query_whose_best_candidate_does_not_beat_the_reference_has_no_answer():
    floor = Floor(dense=None, coverage=0.5, strong=True)
    pool = [Candidate(1, cosine=0.84), Candidate(2, cosine=0.83, coverage=1.0), Candidate(3, cosine=0.83, coverage=0.5)]
    assert rank.answers(pool, floor, rank.Level(0.80, 0.03)) and not rank.answers(pool, floor, rank.Level(0.82, 0.03))
    # unanswered: nothing passes by its vector; a paragraph holding every informative term still does
    level = rank.Level(0.82, 0.03)
    assert not rank.passes(pool[0], "dense", 0.0, floor, level, answered=False)
    assert rank.passes(pool[1], "hybrid", 0.75, floor, level, answered=False)
    assert not rank.passes(pool[2], "hybrid", 0.75, floor, level, answered=False)
    assert rank.passes(pool[2], "hybrid", 0.75, floor, level, answered=True)
    assert rank.answers(pool, floor, None)  # no level: nothing to compare with


def test_an_answered_query_shows_paragraphs_within_the_slack_and_the_window():
    floor = Floor(dense=None, coverage=None, slack=0.005, window=0.05)
    level = rank.Level(reference=0.80, threshold=0.02, best=0.90)
    assert rank.passes(Candidate(1, cosine=0.86), "dense", 0.0, floor, level)
    assert not rank.passes(Candidate(2, cosine=0.84), "dense", 0.0, floor, level)  # 0.06 below the best
    near = rank.Level(reference=0.80, threshold=0.02, best=0.83)
    assert rank.passes(Candidate(3, cosine=0.816), "dense", 0.0, floor, near)  # within the slack
    assert not rank.passes(Candidate(4, cosine=0.814), "dense", 0.0, floor, near)
    assert near.shortfall(0.81) == pytest.approx(0.01) and near.shortfall(0.9) == 0.0


def test_the_reference_level_is_the_mean_of_the_nearest_reference_texts():
    assert rank.reference_level([0.70, 0.90, 0.75, 0.80, 0.72]) == pytest.approx((0.90 + 0.80 + 0.75) / 3)
    assert rank.reference_level([]) is None


def test_thresholds_come_from_the_probes_per_language():
    contrasts = [i / 100 for i in range(10)] + [-0.05] * 10
    languages = ["da"] * 10 + ["en"] * 10
    limits = rank.thresholds(contrasts, languages)
    assert limits["da"] == pytest.approx(0.081 + rank.PROBE_MARGIN)
    assert limits["en"] == pytest.approx(-0.05 + rank.PROBE_MARGIN)
    assert set(limits) == {"*", "da", "en"}
    assert set(rank.thresholds([0.01, 0.02], ["da", "en"])) == {"*"}  # too few probes per language
    assert rank.thresholds([], []) == {}


@pytest.mark.parametrize("stem, function_word, holding, informative", [
    ("huslej", False, 10, True), ("og", True, 900, False), ("7", False, 3, False),
    ("ell", True, 300, False), ("bedst", False, 400, False), ("vol", False, 1, True),
])
def test_informative_terms_are_words_few_paragraphs_hold(stem, function_word, holding, informative):
    assert rank.informative(stem, function_word, holding, paragraphs=1000) is informative


def test_without_a_floor_everything_passes():
    assert rank.passes(Candidate(1, cosine=0.1), "dense", 0.0, None)


def test_calibrated_floors_exist_for_every_mode():
    assert set(rank.FLOORS) == set(rank.MODES)
    assert rank.FLOORS["dense"].dense is not None and rank.FLOORS["dense"].window is not None
    assert rank.FLOORS["lexical"].coverage is not None


@pytest.mark.parametrize("wanted, depth", [(10, rank.CANDIDATES), (rank.FIRST_RESULTS, rank.CANDIDATES),
                                           (rank.FIRST_RESULTS + 1, rank.MAX_CANDIDATES), (150, rank.MAX_CANDIDATES),
                                           (None, rank.MAX_CANDIDATES), (10_000, rank.MAX_CANDIDATES)])
def test_a_page_draws_from_one_of_two_pools(wanted, depth):
    assert rank.candidate_depth(wanted) == depth


def test_common_terms_are_left_out_while_rarer_ones_remain():
    assert rank.rare_terms(["a", "b", "c"], [500, 3, 40], paragraphs=1000) == ["b", "c"]
    assert rank.rare_terms(["a", "b"], [500, 300], paragraphs=1000) == ["a", "b"]


def test_the_same_text_is_shown_once_with_its_other_documents():
    items = [("Punkt 3. Husleje", "minutes.pdf"), ("punkt 3.   husleje", "item.pdf"),
             ("Andet", "minutes.pdf"), ("Punkt 3. Husleje", "minutes.pdf"), ("PUNKT 3. HUSLEJE", "x.pdf")]
    kept = rank.dedupe(items, text=lambda i: i[0], document=lambda i: i[1])
    assert kept == [(("Punkt 3. Husleje", "minutes.pdf"), ["item.pdf", "x.pdf"]), (("Andet", "minutes.pdf"), [])]


def test_nearly_the_same_text_in_another_document_is_shown_once_with_its_documents():
    committee = ("Udvalget anbefaler, at der forud for eventuel indførelse af livestreaming af byrådsmøderne "
                 "laves en undersøgelse af udgifterne til udstyr, personale og tekstning, så byrådet kan vælge.")
    items = [(committee, "udvalg.json"), ("Andet punkt om vejbelysning.", "udvalg.json"),
             (committee + " 24-01-2022 Økonomiudvalget", "oeu.json"),  # a date and a name added
             ("13. Mulig samdrift af rådhusets kantine med café", "oeu.json"),
             ("8. Mulig samdrift af rådhusets kantine med café", "byraad.json")]  # another item number
    kept = rank.fold_copies([(i, []) for i in items], text=lambda i: i[0], document=lambda i: i[1])
    assert kept == [(items[0], ["oeu.json"]), (items[1], []), (items[3], ["byraad.json"])]


def test_a_copy_keeps_its_exact_copies_documents_when_folded():
    items = [("Byrådet godkender budgettet for vejbelysning og fortove, som udvalget har indstillet det.", "udvalg.json"),
             ("Byrådet godkender budgettet for vejbelysning og fortove, som udvalget har indstillet det i 2023.",
              "byraad.json")]
    kept = rank.fold_copies(rank.dedupe(items + [(items[1][0], "punkt.pdf")], text=lambda i: i[0],
                                        document=lambda i: i[1]), text=lambda i: i[0], document=lambda i: i[1])
    assert kept == [(items[0], ["byraad.json", "punkt.pdf"])]


def test_a_report_with_other_figures_is_not_a_copy():
    july = "I juli 2022 var der 540 modtagere af sygedagpenge i Greve, og 105 havde forløb over 52 uger."
    october = "I oktober 2022 var der 596 modtagere af sygedagpenge i Greve, og 104 havde forløb over 52 uger."
    items = [(july, "juli.json"), (october, "oktober.json")]
    assert rank.fold_copies([(i, []) for i in items], text=lambda i: i[0], document=lambda i: i[1]) == [
        (items[0], []), (items[1], [])]
    assert not rank.near_copy(july, october)


def test_a_section_name_run_into_a_paragraph_does_not_keep_it_from_being_a_copy():
    # the PDF's text runs "Økonomiske konsekvenser og finansiering" into the paragraph; eDoc's field holds it alone
    assert rank.near_copy("Økonomiske konsekvenser og finansiering Rygestopindsatsen afholdes indenfor "
                          "SundhedsHusets ramme.", "Rygestopindsatsen afholdes indenfor SundhedsHusets ramme.")
    assert not rank.near_copy("Beslutning om budget 2013 for plejecentrene", "Budget 2013 for plejecentrene")


def test_near_copies_within_one_document_stay_two_results_and_folding_never_chains():
    a = "en to tre fire fem seks syv otte ni ti"
    b = "en to tre fire fem seks syv otte ni elleve"  # 9 of 11 words shared with a: a copy
    c = "en to tre fire fem seks syv otte tolv elleve"  # a copy of b (9/11), not of a (8/12)
    same_document = [(a, "m.json"), (b, "m.json")]
    assert len(rank.fold_copies([(i, []) for i in same_document], lambda i: i[0], lambda i: i[1])) == 2
    chain = [(a, "1.json"), (b, "2.json"), (c, "3.json")]
    assert rank.fold_copies([(i, []) for i in chain], lambda i: i[0], lambda i: i[1]) == [
        (chain[0], ["2.json"]), (chain[2], [])]


def test_folding_copies_finds_the_same_pairs_as_comparing_every_pair():
    import random

    generator = random.Random(7)
    vocabulary = [f"ord{n}" for n in range(40)] + ["2022", "12", "mio"]
    texts = []
    for _ in range(120):
        if texts and generator.random() < 0.5:  # a variant of an earlier text: a word changed or added
            words = generator.choice(texts).split()
            words[generator.randrange(len(words))] = generator.choice(vocabulary)
            words += [generator.choice(vocabulary)] * generator.randrange(2)
        else:
            words = generator.sample(vocabulary, generator.randrange(1, 12))
        texts.append(" ".join(words))
    items = [(t, f"{n % 9}.json") for n, t in enumerate(texts)]

    def every_pair(pairs):
        kept = []
        for entry, also in pairs:
            into = next((k for k in kept if k[0][1] != entry[1] and rank.near_copy(k[0][0], entry[0])), None)
            if into is None:
                kept.append((entry, also))
            elif entry[1] not in into[1] and entry[1] != into[0][1]:
                into[1].append(entry[1])
        return kept

    folded = rank.fold_copies([(i, []) for i in items], lambda i: i[0], lambda i: i[1])
    assert folded == every_pair([(i, []) for i in items]) and len(folded) < len(items)


def test_the_calibration_probes_are_the_tuning_probes():
    import json
    from pathlib import Path

    from indexer.search.reference import CALIBRATION_PROBES, REFERENCE_PAIRS, reference_texts

    rows = json.loads((Path(__file__).parents[1] / "benchmarks" / "queries" / "probes.json").read_text(encoding="utf-8"))
    tuning = [r["query"] for r in rows if r["part"] == "tuning" and any(ch.isalnum() for ch in r["query"])]
    assert list(CALIBRATION_PROBES) == tuning
    assert not set(CALIBRATION_PROBES) & {r["query"] for r in rows if r["part"] == "heldout"}
    assert len(reference_texts("da")) == len(reference_texts("en")) > len(REFERENCE_PAIRS)


def test_a_deeper_pool_keeps_the_first_results_in_the_order_of_the_first_page():
    # Paragraph 2 is dense rank 2 in both pools; only the deeper pool (all results, an export)
    # also finds it by its words, at BM25 rank 250: that must not lift it over paragraph 1.
    deep_ids = range(rank.CANDIDATES * 2)
    dense = [(i, 0.9 - i * 1e-4) for i in deep_ids]
    lexical = [(1000 + i, 10.0 - i * 1e-3) for i in range(250)] + [(2, 1.0)]
    shallow_pool = rank.merge(dense[:rank.CANDIDATES], lexical[:rank.CANDIDATES])
    deep_pool = rank.merge(dense, lexical)
    shallow = [c.vec_id for c in rank.fuse(shallow_pool.values(), 0.15)]
    deep = [c.vec_id for c in rank.fuse(deep_pool.values(), 0.15)]
    assert deep[:50] == shallow[:50]
    assert len(deep) == len(deep_pool)  # the tail beyond every side's first ranks is kept, in order
    assert deep.index(2) < deep.index(rank.CANDIDATES + 5)


def test_the_same_decision_under_two_agenda_items_of_one_meeting_is_two_results():
    items = [("Godkendt.", "moede.json", "5"), ("Godkendt.", "moede.json", "6"), ("Godkendt.", "moede.json", "6"),
             ("Godkendt.", "andet.json", "2"), ("Punkt 3. Husleje", "referat.pdf", None),
             ("Punkt 3. Husleje", "referat.pdf", "3")]
    kept = rank.dedupe(items, text=lambda i: i[0], document=lambda i: i[1], item=lambda i: i[2])
    assert kept == [(("Godkendt.", "moede.json", "5"), ["andet.json"]), (("Godkendt.", "moede.json", "6"), []),
                    (("Punkt 3. Husleje", "referat.pdf", None), [])]


def test_while_vectors_are_being_computed_nothing_passes_by_its_vector():
    pool = rank.merge([(1, 0.95), (2, 0.94)], [(2, 3.0)])
    pool[2].coverage = 1.0  # paragraph 2 holds every word of the query
    floor = rank.FLOORS["hybrid"]
    embedding = rank.Level(reference=0.80, threshold=0.05, best=0.95, complete=False)
    assert not rank.answers(pool.values(), floor, embedding)
    assert [c.vec_id for c in pool.values() if rank.passes(c, "hybrid", 0.75, floor, embedding, answered=False)] == [2]
    done = rank.Level(reference=0.80, threshold=0.05, best=0.95)
    assert rank.answers(pool.values(), floor, done)


def test_a_paragraph_holding_the_whole_query_word_for_word_comes_first():
    order = ["Projektet skal kommunikeres bredt.", "Udvalget anbefaler, at der kommunikeres bredt om udviklingen i projektet.",
             "Om udviklingen i projektet, bredt"]
    assert rank.phrase_first(order, str, "kommunikeres bredt om udviklingen i projektet") == [order[1], order[0], order[2]]
    assert rank.phrase_first(order, str, "kommunikeres BREDT om") == order  # keywords, not a pasted sentence
    assert rank.phrase_first(order, str, "bredt om udvikling i projektet") == order  # a word is not part of a longer one


def test_a_paragraph_in_the_glossarys_words_passes_whether_or_not_a_vector_answers_the_english_query():
    floor = rank.FLOORS["hybrid"]
    glossed = Candidate(1, cosine=0.5, glossed=True)
    assert rank.passes(glossed, "hybrid", 0.0, floor, answered=False)
    assert rank.passes(glossed, "hybrid", 0.0, floor, answered=True)
    assert not rank.passes(Candidate(2, cosine=0.5), "hybrid", 0.0, floor, answered=False)
    assert not rank.passes(glossed, "dense", 0.0, rank.FLOORS["dense"], answered=False)


def test_a_paragraph_misread_through_a_look_alike_passes_by_no_vector_but_by_the_glossarys_words():
    floor = rank.FLOORS["hybrid"]
    close = Candidate(1, cosine=0.99)
    assert rank.passes(close, "hybrid", 0.0, floor)
    assert not rank.passes(Candidate(2, cosine=0.99, misread=True), "hybrid", 0.0, floor)
    assert not rank.passes(Candidate(3, cosine=0.99, misread=True), "dense", 0.0, rank.FLOORS["dense"])
    assert rank.passes(Candidate(4, cosine=0.5, misread=True, glossed=True), "hybrid", 0.0, floor)


def test_a_paragraph_found_only_through_the_glossary_comes_after_every_ranked_one():
    pool = rank.merge([(1, 0.9), (2, 0.8)], [])
    pool[3] = Candidate(3, cosine=0.95, glossed=True)
    assert [c.vec_id for c in rank.fuse(pool.values(), 0.0)] == [1, 2, 3]


def test_paragraphs_in_the_glossarys_words_for_the_whole_english_query_come_first_in_their_own_order():
    order = [Candidate(1, score=0.03), Candidate(2, score=0.02, glossed=True), Candidate(3, score=0.01),
             Candidate(4, glossed=True)]
    assert [c.vec_id for c in rank.glossed_first(order)] == [2, 4, 1, 3]


def test_an_items_heading_gives_its_place_to_the_items_own_paragraph_unless_it_has_none_listed():
    # (text, document, item, heading?) in ranked order
    listed = [("17. Huslejestigninger", "m.json", "17", True), ("Andet punkt", "m.json", "3", False),
              ("4. Lukket: Salg af grund", "m.json", "4", True), ("Huslejen stiger 4 %", "m.json", "17", False),
              ("5. Budget", "m.json", "5", True), ("Budgettet vedtages", "m.json", "5", False),
              ("Huslejen for 2024", "m.json", "17", False)]
    pairs = [(entry, []) for entry in listed]
    kept = rank.headings_give_way(pairs, lambda e: e[3], lambda e: (e[1], e[2]))
    assert [entry[0] for entry, _ in kept] == ["Huslejen stiger 4 %", "Andet punkt", "4. Lukket: Salg af grund",
                                                "Budgettet vedtages", "Huslejen for 2024"]
    # an item's heading after its own paragraph is left out; another document's item is another item
    later = [(("Budgettet vedtages", "m.json", "5", False), []), (("5. Budget", "m.json", "5", True), []),
             (("5. Budget", "n.json", "5", True), [])]
    assert [e[1] for e, _ in rank.headings_give_way(later, lambda e: e[3], lambda e: (e[1], e[2]))] == \
        ["m.json", "n.json"]
    # two of one item's headings or slight lines above its paragraph: it takes the first one's place, once
    two = [(("5. Budget", "m.json", "5", True), []), (("Anbefales.", "m.json", "5", True), []),
           (("Budgettet vedtages", "m.json", "5", False), [])]
    assert [e[0] for e, _ in rank.headings_give_way(two, lambda e: e[3], lambda e: (e[1], e[2]))] == ["Budgettet vedtages"]



def test_a_line_that_says_little_of_its_own_and_holds_no_query_word_is_slight():
    routing = "Klima-, Teknik- og Miljøudvalget."
    assert rank.slight(Candidate(1), routing) and rank.slight(Candidate(2), "1.-3. Anbefales.")
    assert not rank.slight(Candidate(3, coverage=0.5), routing)  # it holds a word of the query
    assert not rank.slight(Candidate(4, glossed=True), routing)
    assert not rank.slight(Candidate(5), "Klimahandlingsplanen sætter mål for CO2-reduktion i 2030 og 2050.")


def test_a_line_of_the_cases_history_holding_no_query_word_is_slight_however_long():
    # "use of force disabled adults 2021": three such lines stood first, their items' titles made them near
    told = "14-03-2022 Social- og Handicapudvalget 2022 Orienteringen blev taget til efterretning, idet udvalget ønsker mere"
    assert rank.slight(Candidate(1), told, "Sagens forløb")
    assert not rank.slight(Candidate(2), told, "Sagsbeskrivelse")  # eight words or more of the item's own text
    assert not rank.slight(Candidate(3, coverage=0.5), told, "Sagens forløb")  # it holds a word of the query


def test_an_items_list_of_attachments_says_nothing_of_its_own_whatever_words_it_shares():
    listed = "Bilag: Bilag 1 - Årsregnskab 2022; Bilag 2 - Revisionsberetning for årsregnskabet 2022"
    assert rank.slight(Candidate(1, coverage=1.0, glossed=True), listed)
    assert not rank.slight(Candidate(2), "Bilagene viser årsregnskabet for 2022 og revisionens bemærkninger til det, "
                                         "som udvalget har bedt om.")

DWINDLING = ("Den dalende tilslutning til kurserne anses som udtryk for, at mange borgere efterhånden er røgfri, "
             "hvorfor det bedømmes, at det kun er storrygere, der er tilbage.")
EXPORTS = DWINDLING + (" Folkesundhed Københavns rygestopinstruktører har løbende varetaget kurserne i Ballerup "
                       "Kommune, siden udbydelsen ved strukturreformens indførelse den 1. januar 2007.")


@pytest.mark.parametrize("first", [0, 1])
def test_a_paragraph_standing_whole_in_anothers_of_the_same_meeting_page_is_its_copy_whichever_ranks_first(first):
    # the minutes' PDF cuts the export's paragraph of two sentences after the first
    items = [(DWINDLING, "referat.pdf", 14), (EXPORTS, "edoc.xml", 14)]
    items = items[first:] + items[:first]
    kept = rank.fold_copies([(i, []) for i in items], lambda i: i[0], lambda i: i[1], place=lambda i: i[2])
    assert kept == [(items[0], [items[1][1]])]
    assert not rank.near_copy(DWINDLING, EXPORTS) and rank.contained(DWINDLING, EXPORTS)


def test_a_paragraph_standing_in_anothers_elsewhere_or_of_its_own_document_or_nowhere_known_stays():
    other_page = [(DWINDLING, "referat.pdf", 14), (EXPORTS, "edoc.xml", 15)]
    one_document = [(DWINDLING, "edoc.xml", 14), (EXPORTS, "edoc.xml", 14)]
    unknown = [(DWINDLING, "referat.pdf", None), (EXPORTS, "edoc.xml", None)]
    for items in (other_page, one_document, unknown):
        kept = rank.fold_copies([(i, []) for i in items], lambda i: i[0], lambda i: i[1], place=lambda i: i[2])
        assert len(kept) == 2
    # without places (as before): two results
    assert len(rank.fold_copies([(i, []) for i in other_page[:1] + [(EXPORTS, "edoc.xml", 14)]],
                                lambda i: i[0], lambda i: i[1])) == 2


def test_a_short_paragraph_or_one_with_other_figures_is_no_copy_of_the_paragraph_it_stands_in():
    assert not rank.contained("Godkendt.", "Godkendt, idet udvalget ønsker en ny sag i foråret.")
    assert not rank.contained("I 2012 deltog 40 borgere i kurserne i Ballerup.",
                              "I 2011 deltog 68 borgere i kurserne i Ballerup, og flere ønskede at deltage.")


def test_ranking_scores_never_rise_down_the_list_and_stay_under_a_ceiling():
    # a result ranked first by a rule (its phrase, the glossary's words) takes the best score below it
    assert rank.ranking_scores([0.0, 0.012, 0.0, 0.0137, 0.011]) == [0.0137, 0.0137, 0.0137, 0.0137, 0.011]
    assert rank.ranking_scores([0.02, 0.01], ceiling=0.015) == [0.015, 0.01]
    assert rank.ranking_scores([]) == []


def test_beyond_a_first_pages_pool_a_paragraph_passes_only_by_the_words_its_side_found(monkeypatch):
    monkeypatch.setattr(rank, "CANDIDATES", 2)
    pool = {i: Candidate(i, cosine=0.9) for i in (1, 2, 3, 4, 5, 6)}
    pool[3].coverage = 1.0  # met by a deep dense side, holding the query's words
    pool[4].coverage, pool[4].bm25 = 1.0, 2.0  # found by BM25 beyond its first ranks
    pool[5].glossed = pool[5].glossary_side = True  # found by the glossary's words, holding them all
    rank.mark_beyond(pool, [(i, 0.9) for i in (1, 2, 3, 4, 5, 6)], first={6})
    assert [c.beyond for c in pool.values()] == [False, False, True, True, True, False]
    floor = Floor(dense=0.8, coverage=0.5, strong=True)
    assert [i for i, c in pool.items() if rank.passes(c, "hybrid", 0.75, floor)] == [1, 2, 4, 5, 6]
    assert [i for i, c in pool.items() if rank.passes(c, "dense", 0.0, floor)] == [1, 2, 6]
    few = {1: Candidate(1, cosine=0.9)}
    rank.mark_beyond(few, [(1, 0.9)], first=())  # fewer than CANDIDATES found: the dense side holds all it could
    assert not few[1].beyond


def test_a_cut_is_complete_only_if_nothing_beyond_it_could_pass():
    assert rank.Cut().complete(floored=False)
    assert rank.Cut(dense=True).complete(floored=True)  # beyond the dense side none passes by its vector
    assert not rank.Cut(dense=True).complete(floored=False)  # without a floor everything passes
    assert not rank.Cut(words=True).complete(floored=True)
