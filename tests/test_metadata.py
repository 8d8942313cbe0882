"""Document metadata: detection from text, the secretary's catalog, bad catalog rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import InvalidInput
from indexer.ingest.pipeline import ingest_file
from indexer.ingest.metadata import detect_metadata, detect_meeting_date, load_catalog, parse_date
from tests.pdfs import ARCHIVE


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Den 24. maj 2017 holdt Socialforvaltningen konference", "2017-05-24"),
        ("Folketinget – møde 2015-07-02 kl. 12:00", "2015-07-02"),
        ("fredag den 3.juli 2015, kl.11.00", "2015-07-03"),
        ("Dato: 7/3/2018", "2018-03-07"),
        ("den 31. februar 2018", None),  # not a date
        ("sagen 2015-0135051", None),  # a case number, not a date
        ("den 7. marts", None),  # no year: unknown
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_meeting_date_is_never_guessed_from_later_text() -> None:
    text = "Referat\n1. Velkomst\n" + "Mødet gik godt. " * 40 + "Næste møde er den 27. august 2018."
    assert detect_meeting_date(text) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("minutes/000_e9b7192dbc8b80a1.txt", {"body": "Dialogforum", "doc_type": "referat", "meeting_date": None}),
        ("minutes/002_c6494850ffb86ef0.txt", {"body": "Socialudvalget", "doc_type": "dagsordenspunkt",
                                               "case_number": "2015-0135051", "meeting_date": None}),
        ("minutes/003_27f82d4ab2ec9f88.txt", {"doc_type": "årsrapport", "meeting_date": None}),
        ("minutes/004_d9519e1c86cf0307.txt", {"meeting_date": "2017-05-24", "case_number": "2017-0158969",
                                               "doc_type": "opsamling"}),
        ("folketinget/folketinget-2019-09-12-1000.txt", {"body": "Folketinget", "meeting_date": "2019-09-12",
                                                          "doc_type": "forhandlinger",
                                                          "title": "Folketinget – møde 2019-09-12 kl. 10:00"}),
    ],
)
def test_detected_from_samples(name: str, expected: dict) -> None:
    record, _ = ingest_file(ARCHIVE / name, root=ARCHIVE, catalog={})
    assert {k: getattr(record, k) for k in expected} == expected


def test_bundled_catalog_covers_every_sample_and_overrides() -> None:
    catalog = load_catalog(ARCHIVE)
    assert set(catalog) >= {p.relative_to(ARCHIVE).as_posix() for p in ARCHIVE.glob("*/*.txt")}
    record, _ = ingest_file(ARCHIVE / "minutes/000_e9b7192dbc8b80a1.txt", root=ARCHIVE)
    assert record.title == "Referat af møde i Dialogforum og fællesmøde med Socialudvalget"
    assert record.meeting_date is None  # the minutes never state the full date
    assert record.sources["title"] == "catalog" and record.sources["body"] == "catalog"


def test_catalog_blank_cell_means_detect(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Referat fra Socialudvalget\nDen 3. maj 2018 holdt Socialudvalget møde.\n",
                                    encoding="utf-8")
    (tmp_path / "catalog.csv").write_text("path,title,body,meeting_date,doc_type,case_number\n"
                                          "a.txt,Mit eget navn,,,,2018-12345\n", encoding="utf-8")
    record, _ = ingest_file(tmp_path / "a.txt", root=tmp_path)
    assert (record.title, record.body, record.meeting_date, record.case_number) == (
        "Mit eget navn", "Socialudvalget", "2018-05-03", "2018-12345")


def test_catalog_from_danish_excel(tmp_path: Path) -> None:
    (tmp_path / "catalog.csv").write_bytes("path;title;meeting_date\nmøde.txt;Årsmøde;2018-05-03\n".encode("cp1252"))
    assert load_catalog(tmp_path) == {"møde.txt": {"title": "Årsmøde", "meeting_date": "2018-05-03"}}


def test_catalog_toml(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text('[[document]]\npath = "a.txt"\nbody = "Byrådet"\n', encoding="utf-8")
    assert load_catalog(tmp_path) == {"a.txt": {"body": "Byrådet"}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("path,title,meeting_date\na.txt,X,24. maj 2017\n", r"catalog.csv row 2: meeting_date '24. maj 2017' is not a date"),
        ("path,title,meeting_date\na.txt,X,2017-02-30\n", r"catalog.csv row 2: meeting_date"),
        ("path,titel\na.txt,X\n", r"catalog.csv row 1: unknown column 'titel'"),
        ("path,title\na.txt,X\na.txt,Y\n", r"catalog.csv row 3: a.txt is listed twice"),
        ("path,title\n,X\n", r"catalog.csv row 2: 'path' is empty"),
        ("path,title\na.txt,X,Y\n", r"catalog.csv row 2: more cells than columns"),
    ],
)
def test_bad_catalog_rows(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "catalog.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        load_catalog(tmp_path)


def test_no_catalog_is_empty(tmp_path: Path) -> None:
    assert load_catalog(tmp_path) == {}


def test_detect_metadata_unknown_stays_none() -> None:
    fields = detect_metadata(["Noter", "Vi talte om mange ting og aftalte at mødes igen."])
    assert fields == {"title": "Noter", "body": None, "meeting_date": None, "doc_type": None, "case_number": None}


def test_catalog_names_the_minutes_an_attachment_belongs_to(tmp_path: Path) -> None:
    (tmp_path / "bilag.txt").write_text("Notat\nOm budgettet for 2013 og de kommende år.\n", encoding="utf-8")
    (tmp_path / "catalog.csv").write_text("path,attachment_to,document_date\nbilag.txt,./referat.pdf,2012-11-19\n",
                                          encoding="utf-8")
    record, _ = ingest_file(tmp_path / "bilag.txt", root=tmp_path)
    assert (record.attachment_to, record.document_date) == ("referat.pdf", "2012-11-19")
    assert record.sources == {"attachment_to": "catalog", "document_date": "catalog", "title": "title page",
                              "doc_type": "text"}


def test_body_and_meeting_date_from_the_folder_and_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "04-12-2012 13:00:00"
    folder.mkdir()
    path = folder / "Sundheds- og Forebyggelsesudvalget.txt"
    path.write_text("Referat\nByrådet og Byrådet besluttede den 30. januar 2012 at indføre en ny ordning.\n",
                    encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert (record.body, record.meeting_date) == ("Sundheds- og Forebyggelsesudvalget", "2012-12-04")
    assert (record.sources["body"], record.sources["meeting_date"]) == ("file name", "folder")


def test_a_memo_keeps_its_own_date_and_is_not_filed_under_a_body_it_mentions(tmp_path: Path) -> None:
    path = tmp_path / "notat.txt"
    path.write_text("Til: SFU\n\nDato: 19. november 2012\n\nNotat\n\nTilpasning af budget på Torvevej\n\n"
                    "Kommunalbestyrelsen besluttede den 6. november 2012 i Kommunalbestyrelsen at sænke taksten.\n",
                    encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert (record.title, record.body, record.meeting_date, record.document_date) == (
        "Tilpasning af budget på Torvevej", None, None, "2012-11-19")


def test_an_attachment_knows_the_minutes_beside_it_and_their_date(tmp_path: Path) -> None:
    (tmp_path / "sfu_referat_2012-12-04.txt").write_text("Referat\nMødet blev holdt.\n", encoding="utf-8")
    path = tmp_path / "sfu_bilag_budget.txt"
    path.write_text("Notat\nBudgettet for 2013 er lagt.\n", encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert (record.attachment_to, record.meeting_date) == ("sfu_referat_2012-12-04.txt", "2012-12-04")
    assert record.sources["attachment_to"] == "file name"


@pytest.mark.parametrize("line", ["Til: SFU", "Fra: Lars Wildt", "Sendt: 3. januar 2013", "SOCIAL, SUNDHED OG",
                                  "Dato: 04.12.2012", "Sammendrag"])
def test_a_title_is_never_an_addressee_an_email_header_a_letterhead_or_a_section(line: str) -> None:
    assert detect_metadata([line, "Budget for plejecentrene", "Teksten om budgettet følger her."])["title"] == (
        "Budget for plejecentrene")


@pytest.mark.parametrize("line", ["Netværket har ikke haft møde med Styregruppens kontaktperson Gitte Løvgren, Odsherred.",
                                  "Netværksgruppernes opgaver er indenfor for hvert deres opgaveområde at"])
def test_a_title_is_never_a_sentence_or_a_line_cut_from_one(line: str) -> None:
    assert detect_metadata([line, "Budget for plejecentrene", "Teksten om budgettet følger her."])["title"] == (
        "Budget for plejecentrene")


def test_an_attachment_in_a_bilag_folder_belongs_to_the_minutes_one_folder_up(tmp_path: Path) -> None:
    meeting = tmp_path / "04-12-2012 13:00:00"
    (meeting / "Bilag").mkdir(parents=True)
    (meeting / "Referat.txt").write_text("Referat\nMødet blev holdt.\n", encoding="utf-8")
    path = meeting / "Bilag" / "notat.txt"
    path.write_text("Notat\nBudgettet for 2013 er lagt.\n", encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert (record.attachment_to, record.meeting_date) == ("04-12-2012 13:00:00/Referat.txt", "2012-12-04")
    assert (record.sources["attachment_to"], record.sources["meeting_date"]) == ("file name", "folder")


# Items that name other bodies than the one that met, more often than its front matter does.
COMMITTEE_ITEMS = ("1. Budget 2025\nSagsnr.: 24/1\nØkonomiudvalget indstiller til Byrådet, at budgettet godkendes. "
                   "Byrådet behandler sagen i marts, og Byrådet har bedt om et overblik over anlæggene.\n")
COUNCIL_ITEMS = ("1. Budget 2025\nSagsnr.: 24/1\nIndstilling fra Økonomiudvalget om budgettet for 2025. "
                 "Økonomiudvalget anbefaler, at budgettet godkendes, som Økonomiudvalget har drøftet det.\n")


@pytest.mark.parametrize(("front", "items", "body", "title"), [
    ("Referat\nSundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012, kl. 13:00 i Mødecenter C",
     COMMITTEE_ITEMS, "Sundheds- og Forebyggelsesudvalget",
     "Referat: Sundheds- og Forebyggelsesudvalget tirsdag den 4. december 2012"),
    ("Referat\nØkonomiudvalget\nMødedato: 12. marts 2024", COMMITTEE_ITEMS, "Økonomiudvalget",
     "Referat: Økonomiudvalget"),
    ("Økonomiudvalget — Referat\nMødedato: 12. marts 2024", COMMITTEE_ITEMS, "Økonomiudvalget",
     "Økonomiudvalget — Referat"),
    ("Åbent referat for Økonomiudvalget den 12. marts 2024", COMMITTEE_ITEMS, "Økonomiudvalget",
     "Åbent referat for Økonomiudvalget den 12. marts 2024"),
    ("Referat\nByrådets møde den 12. marts 2024 kl. 17.00\nByrådssalen, Rådhuset", COUNCIL_ITEMS, "Byrådet",
     "Referat: Byrådets møde den 12. marts 2024"),
    ("Dagsorden\nByrådsmøde den 12. marts 2024", COUNCIL_ITEMS, "Byrådet",
     "Dagsorden: Byrådsmøde den 12. marts 2024"),
    ("Referat fra kommunalbestyrelsesmødet den 12. marts 2024", COUNCIL_ITEMS, "Kommunalbestyrelsen",
     "Referat fra kommunalbestyrelsesmødet den 12. marts 2024"),
    ("Referat af møde i Dialogforum 1. marts 2019\nTilstede: Mia, Per og Eva", COMMITTEE_ITEMS, "Dialogforum",
     "Referat af møde i Dialogforum 1. marts 2019"),
    # a name listing several parts, with commas and "og": whole, not cut at its comma
    ("Referat af møde i Klima-, Teknik- og Miljøudvalget 14. december 2023", COMMITTEE_ITEMS,
     "Klima-, Teknik- og Miljøudvalget", "Referat af møde i Klima-, Teknik- og Miljøudvalget 14. december 2023"),
    ("Referat\nSkole-, Børne- og Ungeudvalget\nMødedato: 12. marts 2024", COMMITTEE_ITEMS,
     "Skole-, Børne- og Ungeudvalget", "Referat: Skole-, Børne- og Ungeudvalget"),
    # a town's own council by its name, not "Ældrerådet"
    ("Referat af møde i Greve Ældreråd 5. oktober 2023", COMMITTEE_ITEMS, "Greve Ældreråd",
     "Referat af møde i Greve Ældreråd 5. oktober 2023"),
])
def test_minutes_take_body_and_title_from_their_front_matter(tmp_path: Path, front: str, items: str, body: str,
                                                             title: str) -> None:
    path = tmp_path / "referat.txt"
    path.write_text(f"{front}\n\n{items}", encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert (record.body, record.sources["body"], record.title) == (body, "title page", title)


def test_the_title_of_minutes_is_never_a_sentence_of_their_first_item(tmp_path: Path) -> None:
    path = tmp_path / "referat.txt"
    path.write_text("Referat\n\n1. Velkomst\nMia Nyegaard bød velkommen, og mødet blev indledt med en "
                    "præsentationsrunde.\n\n2. Godkendelse af dagsorden\nDagsordenen blev godkendt.\n",
                    encoding="utf-8")
    record, _ = ingest_file(path, root=tmp_path, catalog={})
    assert record.title is None


def test_an_agenda_items_own_pdf_named_without_a_date_is_dated_by_the_decision_it_states(tmp_path: Path) -> None:
    import shutil

    from tests.paths import SAMPLE_ARCHIVE

    # "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2" on its second page
    shutil.copy(SAMPLE_ARCHIVE / "pdfs" / "ballerup_sfu_2012-12-04_punkt02_bygningsvedligeholdelse.pdf",
                tmp_path / "punkt2.pdf")
    record, _ = ingest_file(tmp_path / "punkt2.pdf", root=tmp_path)
    assert (record.meeting_date, record.doc_type) == ("2012-12-04", "dagsordenspunkt")
    # the latest decision a record states is its meeting's; the earlier ones are its case's history
    from indexer.ingest.metadata import decided_on
    assert decided_on("Byrådets beslutning den 12.03.2012\nGodkendt.\nUdvalgets beslutning den 4. april 2012\n"
                      "Anbefales.") == "2012-04-04"
