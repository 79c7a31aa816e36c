"""Stage 4: language analysis. One spaCy pass per document, then the extractors on each parsed Doc.

annotate(documents, *, settings=DEFAULTS.annotate) -> list[Annotations]   (same order as the input)

`settings` (settings.AnnotateSettings) reaches every rule with a tuned value: the sentence components inside the
spaCy pass (short_line, through spaCy's component_cfg), the quote finder (max_single_quote) and the quantity reader
(ellipsis_ratio, max_counts_tokens).
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from storyweave import resources
from storyweave.textutil import dateline_length, replace_surrogates
from storyweave.annotate.dates import find_dates
from storyweave.annotate.quantities import find_quantities
from storyweave.annotate.quotes import find_quotes
from storyweave.annotate.sentences import dateline_length as stop_dateline_length
from storyweave.model import Annotations, Document, Mention, Sentence
from storyweave.settings import DEFAULTS, AnnotateSettings

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
# spaCy's tokenizer splits hyphenated words, so NER can stop at "Yoon Suk" in "Yoon Suk-yeol": take the rest of the
# word.
_HYPHEN_TAIL = re.compile(r"[-\u2010\u2011][^\W\d_]+")
# the components of annotate/sentences.py, as resources.nlp() names them in the pipeline
_SENTENCE_COMPONENTS = ("storyweave_sentences", "storyweave_sentences_merge")


def _mention(doc_id: str, body: str, ent, lower_words: frozenset[str] = frozenset()) -> Mention:  # ent: spacy Span
    end = ent.end_char
    tail = _HYPHEN_TAIL.match(body, end)
    if tail and ent.label_ in ("PERSON", "ORG", "GPE"):
        end = tail.end()
    cut = _headline_name_end(ent, lower_words) if ent.label_ == "PERSON" else None
    if cut is not None:
        end = min(end, cut)
    return Mention(doc_id=doc_id, text=body[ent.start_char:end], label=ent.label_, start=ent.start_char, end=end)


def _lower_words(sdoc) -> frozenset[str]:
    """Words the document writes in lower case (and their lemmas): common words, not names."""
    return frozenset(w for t in sdoc if t.is_alpha and t.text[0].islower() for w in (t.lower_, t.lemma_.lower()))


def _headline_name_end(ent, lower_words: frozenset[str]) -> int | None:
    """Where a person's name ends in a title-case headline that NER read on into: "Lindsay Lohan Checks Into Rehab",
    "Esther Williams Dies" end before the first capitalised word (third or later) that the document also writes in
    lower case. Only in a title-case sentence, so that "John Paul Young" in prose keeps its name. None: no cut."""
    if len(ent) < 3 or not lower_words:
        return None
    words = [t for t in ent.sent if t.is_alpha]
    if len(words) < 4 or sum(t.text[0].isupper() for t in words) < 0.7 * len(words):
        return None
    for tok in ent[2:]:
        low = tok.lower_
        forms = {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
        if tok.is_alpha and tok.text[0].isupper() and forms & lower_words:
            return ent[tok.i - ent.start - 1].idx + len(ent[tok.i - ent.start - 1].text)
    return None


def _sentence(doc_id: str, body: str, start: int, end: int) -> Sentence:
    """A sentence; one opening a paragraph starts after its dateline ("NEW YORK (AP) — ", "KIEV, April 7. "), which
    is not a claim."""
    if start == 0 or body[start - 1] == "\n":
        skip = dateline_length(body[start:end]) or stop_dateline_length(body[start:end])
        if skip and body[start + skip:end].strip():
            start += skip
    end = start + len(body[start:end].rstrip())  # the line break after a paragraph's last sentence is not in it
    return Sentence(doc_id=doc_id, start=start, end=end, text=body[start:end])


def annotate(documents: Sequence[Document], *, batch_size: int = 16, n_process: int = 1,
             settings: AnnotateSettings = DEFAULTS.annotate) -> list[Annotations]:
    """Sentences, entity mentions, quotes, quantities and dates for each document (spaCy in `n_process` processes),
    with the tuned values of `settings`."""
    nlp = resources.nlp()
    out: list[Annotations] = []
    bodies = (replace_surrogates(d.body) for d in documents)  # same offsets; spaCy cannot encode lone surrogates
    components: dict[str, dict[str, Any]] = {name: {"settings": settings} for name in _SENTENCE_COMPONENTS
                                             if name in nlp.pipe_names}
    for doc, sdoc in zip(documents, nlp.pipe(bodies, batch_size=batch_size, n_process=n_process,
                                             component_cfg=components)):
        sentences = tuple(_sentence(doc.id, doc.body, s.start_char, s.end_char) for s in sdoc.sents
                          if s.text.strip())
        lower = _lower_words(sdoc)
        mentions = tuple(_mention(doc.id, doc.body, e, lower) for e in sdoc.ents if e.label_ in ENTITY_LABELS)
        out.append(Annotations(
            doc_id=doc.id,
            sentences=sentences,
            mentions=mentions,
            quotes=tuple(find_quotes(doc.body, doc.id, sdoc, settings=settings)),
            quantities=tuple(find_quantities(doc.body, sdoc, settings=settings)),
            dates=tuple(find_dates(doc.body, doc.id, doc.published, sdoc)),
        ))
    return out
