"""The API's /paragraphs/{id}/related answers what the app's card shows as "Lignende drøftelser"
(`present.similar_discussions`): never the paragraph's own document's text, nor a near-copy of it,
nor one text twice; other meetings first. The index is the one the app's similar-discussions tests
build (the Ballerup minutes with an item filed again as its own PDF, two sittings of one day, the
Greve meetings' standing items), with vectors from the words.
"""
from __future__ import annotations

from fastapi.testclient import TestClient

from indexer import present
from indexer.api import ApiSettings, create_app
from indexer.records import Hit
from indexer.search.archive import Archive

from .test_app_meeting_pages import WORDS, cards_to_check, check_related


def related_of(client: TestClient, paragraph_id: str, **params) -> list[Hit]:
    answer = client.get(f"/paragraphs/{paragraph_id}/related", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"related", "total"} and body["total"] == len(body["related"])  # the shape kept
    return [Hit(**{name: value for name, value in row.items() if name in Hit.__dataclass_fields__})
            for row in body["related"]]


def test_the_related_endpoint_leaves_out_the_paragraphs_own_text_and_near_copies_as_the_app_does(
        similar_built):
    _, index = similar_built
    archive = Archive.open(index, embedder=WORDS)
    client = TestClient(create_app(ApiSettings(index_dir=index), embedder=WORDS))
    meetings = archive.meetings()
    for card in cards_to_check(archive):
        ref = next(m for m in meetings if card.document in m.documents + m.attachments)
        meeting = {*ref.documents, *ref.attachments}
        own_texts = [p.text for p in archive.document(card.document)]
        found = related_of(client, card.id)
        check_related(card, found, own_texts, meeting)
        shown = present.similar_discussions(archive, card, k=5, meeting_documents=meeting)
        assert [h.id for h in found] == [h.id for h in shown]  # the app's card, the same list
        newest = related_of(client, card.id, order="newest", k=3)  # the same three, newest first
        assert [h.date or "" for h in newest] == sorted((h.date or "" for h in newest), reverse=True)
        assert {h.id for h in newest} == {h.id for h in present.similar_discussions(archive, card, k=3)}
    assert TestClient(create_app(ApiSettings(index_dir=index), embedder=WORDS)).get(
        "/paragraphs/nowhere/related").status_code == 404


def test_a_documents_meeting_documents_are_those_its_meeting_lists(similar_built):
    archive = Archive.open(similar_built[1], embedder=WORDS)
    for ref in archive.meetings():
        for path in (*ref.documents, *ref.attachments):
            assert set(archive.meeting_documents(path)) == {*ref.documents, *ref.attachments}
    assert archive.meeting_documents("nowhere.txt") == ()
