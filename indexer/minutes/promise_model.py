"""A second reader of promises for meeting systems' minutes, learned from labelled sentences.

In:  a sentence and the field it stands in ("Beslutning", "Sagsbeskrivelse" …).
Out: the probability that it promises or asks for something to come back (`likelihood`).

The rule tables in `promises.py` say why a sentence is a promise; they are precise but miss the
forms nobody listed (on minutes no rule had met they found 0.54–0.65 of the promises). This model
is a logistic regression over the sentence's words, word pairs and character 3–5-grams, trained on
`promise_examples.jsonl`: 1,643 sentences of Greve Kommune's minutes 2022–2023 read and labelled
by hand (328 promises; the look-alikes are talk of "opfølgning", past actions, procedure and case
history). It is trained on first use (about a second), the same way every time, and used where the
rules said no (`followups.extract_followups`): measured on a batch labelled before the rules were
widened on it, the rules found 0.65 of its promises at precision 0.92, the rules with this model
(trained only on what was labelled before) 0.75 at 0.92 (benchmarks/greve_scorings.md).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

EXAMPLES = Path(__file__).with_name("promise_examples.jsonl")
# Rules or model: a sentence the rules reject counts when the model is this sure (chosen on the
# tuning batches; lower thresholds bought recall with precision below 0.9 there).
THRESHOLD = 0.8


def _features(sentence: str, section: str | None) -> str:
    # the field is a word of its own: the same words promise in a decision and report in a case history
    return f"§{(section or 'none').replace(' ', '_')} {sentence}"


@lru_cache(maxsize=1)
def _model() -> Callable[[list[str]], list[float]]:
    # scikit-learn comes with sentence-transformers; imported here so that searching never loads it
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    rows = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    vectorizer = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True))
    texts = [_features(row["sentence"], row["section"]) for row in rows]
    labels = np.array([bool(row["is_promise"]) for row in rows])
    classifier = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
    classifier.fit(vectorizer.fit_transform(texts), labels)
    return lambda batch: classifier.predict_proba(vectorizer.transform(batch))[:, 1].tolist()


def likelihood(sentence: str, section: str | None = None) -> float:
    """How likely `sentence`, in the field `section`, promises later action (0–1)."""
    return _model()([_features(sentence, section)])[0]


def likely_promises(sentences: list[tuple[str, str | None]]) -> list[bool]:
    """For each (sentence, field): whether the model is sure enough (`THRESHOLD`) that it is a promise."""
    if not sentences:
        return []
    return [p >= THRESHOLD for p in _model()([_features(text, section) for text, section in sentences])]
