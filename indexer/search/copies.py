"""Where a result's text stands again (`Hit.also_in`: the committee's item at Økonomiudvalget and
Byrådet) and how such a copy is named: a copy's text and the paragraphs of its document in; the
agenda item holding it, and a label "body · date · punkt N title" out. The app's cards, its
exports and the alerts' digests and feeds all name copies with these functions.
"""
from __future__ import annotations

from indexer.present.hits import also_in_line, item_words  # noqa: F401  (also_in_line: with the labels)
from indexer.present.wording import Wording, long_date
from indexer.search.rank import fingerprint, near_copy


def place_of_copy(text: str, paragraphs: list) -> tuple[str | None, str | None]:
    """The number and title of the agenda item of `paragraphs` that holds `text` again: the same
    text, else a near-copy (as the search folds them); (None, None) where no one item does (a link
    then opens the meeting at its top rather than at a guessed item)."""
    key = fingerprint(text)
    same = [p for p in paragraphs if fingerprint(p.text) == key] or [p for p in paragraphs if near_copy(text, p.text)]
    items = {p.item_number for p in same if p.item_number}  # not the agenda's list of titles (no item)
    if len(items) != 1:
        return None, None
    number = items.pop()
    title = next((getattr(p, "item_title", None) for p in same if p.item_number == number
                  and getattr(p, "item_title", None)), None)
    return number, title


def copy_label(document: str, ref, number: str | None, title: str | None, words: Wording = Wording()) -> str:
    """A copy of a result's text as its card and the exports name it: the meeting's body and date
    (`ref`, anything with `body` and `date`: a `MeetingRef`; the file where no meeting holds it),
    and the agenda item holding it."""
    meeting = " · ".join(filter(None, [ref.body, long_date(ref.date, words)])) if ref is not None else ""
    return " · ".join(filter(None, [meeting or document, item_words(number, title, words)]))


def told_apart(labels: list[str], documents: list[str]) -> list[str]:
    """Copies' labels (`copy_label`), those that read the same (the minutes and the item's own PDF
    of one meeting) told apart by their document's file name, or its archive name where that is the
    same too: "… · punkt 8 Evaluering af rygestopkurser (ballerup_sfu_2012-12-04_punkt08_rygestop.pdf)"."""
    told = []
    for label, document in zip(labels, documents):
        if labels.count(label) < 2:
            told.append(label)
            continue
        name = document.rsplit("/", 1)[-1]
        same_name = sum(1 for other, path in zip(labels, documents) if other == label and path.rsplit("/", 1)[-1] == name)
        told.append(f"{label} ({document if same_name > 1 else name})")
    return told
