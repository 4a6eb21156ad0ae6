"""Who said what: direct, indirect and headline quotations, each with cue and speaker.

Direct quotes are found on the characters (``quote_marks``) and attributed with
the parse around them; indirect speech comes from the parse alone ("According
to X, …", "X said that …", "X told Y that …", "X commented on …").  Speakers
resolve through the people component's mentions, so "he" and "the expert"
land on the right person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401
from .extensions import text_of
from .lexicon import speech_verbs
from .quote_marks import find_direct_quotes

_NOT_SOURCES = {"it", "this", "that", "there", "which", "what", "who", "these", "those"}
_ATTRIBUTION_WINDOW = 160  # chars after a closing mark in which "…," X said may follow


@dataclass
class QuoteRecord:
    """A quotation; offsets are exact characters into ``text_of(doc)``."""

    id: str
    kind: str  # direct | indirect | headline
    start: int
    end: int
    speaker: str | None = None  # person id, only when the evidence for that person is good
    speaker_actor: str | None = None  # CAMEO code when the source is a state or organisation
    speaker_text: str | None = None  # the source as written ("officials", "he"), resolved or not
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None

    def text(self, doc: Doc) -> str:
        return text_of(doc)[self.start : self.end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink to the words: no surrounding spaces, no dangling comma before a closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _source_span(tok: Token) -> Span:
    """The subject phrase without clauses: compounds, names, determiners, adjectives."""
    doc = tok.doc
    keep = [t for t in tok.subtree if t.dep_ in ("compound", "flat", "det", "amod", "poss", "case", "nmod", "nummod") or t is tok]
    keep = [t for t in keep if abs(t.i - tok.i) <= 6]
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    return doc[start:end]


class QuoteFinder:
    """Writes ``doc._.quotes`` (list of QuoteRecord) and ``doc.spans['quotes']``."""

    def __init__(self, spans_key: str = "quotes", people_key: str = "people", indirect: bool = True):
        self.spans_key = spans_key
        self.people_key = people_key
        self.indirect = indirect
        self.verbs = speech_verbs()

    # --- speakers ---------------------------------------------------------------------
    def _person_at(self, doc: Doc, start: int, end: int) -> str | None:
        for span in doc.spans.get(self.people_key, []):
            if span.start_char < end and start < span.end_char:
                return span.label_
        return None

    def _set_speaker(self, doc: Doc, rec: QuoteRecord, span: Span | None) -> None:
        """Speaker as written (offsets, text) and, when it is a person, their id."""
        if span is None:
            return
        rec.speaker = self._person_at(doc, span.start_char, span.end_char)
        rec.speaker_text, rec.speaker_start, rec.speaker_end = span.text, span.start_char, span.end_char

    def _is_speech_verb(self, tok: Token) -> bool:
        return tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in self.verbs or tok.lower_ in self.verbs)

    # --- direct -----------------------------------------------------------------------
    def _attribute_direct(self, doc: Doc, rec: QuoteRecord, open_mark: int, close_mark: int) -> None:
        text = text_of(doc)
        para_end = text.find("\n", close_mark)
        para_end = len(text) if para_end < 0 else para_end
        after = doc.char_span(close_mark + 1, min(para_end, close_mark + 1 + _ATTRIBUTION_WINDOW), alignment_mode="contract")
        candidates: list[Token] = []
        if after is not None:
            # stop at the next opening mark: text after it is another quote segment
            for tok in after:
                if tok.text in "“\"«" and tok.i > after.start:
                    break
                candidates.append(tok)
        for tok in candidates:
            if self._is_speech_verb(tok):
                subj = _subject(tok)
                if subj is not None and subj.idx > close_mark and subj.lower_ not in _NOT_SOURCES:
                    self._set_cue(rec, tok)
                    self._set_speaker(doc, rec, _source_span(subj))
                    return
        # before the opening mark: 'X said: “…”' / 'X said, "…"'; or a paragraph of its own
        # ending in a colon ('The Times reports:') right before the quote's paragraph
        para_start = text.rfind("\n", 0, open_mark) + 1
        if not text[para_start:open_mark].strip():
            prev_end = len(text[:para_start].rstrip())
            if prev_end and text[prev_end - 1] == ":":
                para_start = text.rfind("\n", 0, prev_end) + 1
        before = doc.char_span(para_start, open_mark, alignment_mode="contract")
        if before is not None and len(before):
            sent_start = max((t.i for t in before if t.text in ".!?" and t.i < before.end - 1), default=before.start - 1) + 1
            for tok in reversed(list(doc[sent_start : before.end])):
                if self._is_speech_verb(tok):
                    subj = _subject(tok)
                    if subj is not None and subj.lower_ not in _NOT_SOURCES:
                        self._set_cue(rec, tok)
                        self._set_speaker(doc, rec, _source_span(subj))
                        return

    @staticmethod
    def _set_cue(rec: QuoteRecord, tok: Token, end_tok: Token | None = None) -> None:
        end_tok = end_tok or tok
        rec.cue_start, rec.cue_end = tok.idx, end_tok.idx + len(end_tok)
        rec.cue = text_of(tok.doc)[rec.cue_start : rec.cue_end]

    # --- indirect ---------------------------------------------------------------------
    def _indirect(self, doc: Doc, inside: list[tuple[int, int]]) -> list[QuoteRecord]:
        found: list[QuoteRecord] = []

        def covered(i: int) -> bool:
            return any(s <= i < e for s, e in inside)

        for sent in doc.sents:
            if covered(sent.start_char) or covered(sent.end_char - 1):
                continue
            toks = list(sent)
            for tok in toks:
                # According to X, CONTENT
                if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    to = doc[tok.i + 1]
                    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                    if pobj is None:
                        continue
                    src = _source_span(pobj)
                    # content: the rest of the sentence after the source phrase's comma, or before 'according'
                    comma = next((t for t in doc[src.end : sent.end] if t.text == ","), None)
                    if tok.i == sent.start or (tok.i > sent.start and doc[tok.i - 1].is_punct and doc[tok.i - 1].text not in ","):
                        c_start = comma.idx + 1 if comma is not None else src.end_char
                        c_end = sent.end_char
                    else:
                        c_start, c_end = sent.start_char, tok.idx
                    rec = self._record(doc, "indirect", c_start, c_end)
                    if rec is None:
                        continue
                    self._set_cue(rec, tok, to)
                    self._set_speaker(doc, rec, src)
                    found.append(rec)
                elif self._is_speech_verb(tok):
                    rec = self._verb_quote(doc, tok, sent)
                    if rec is not None:
                        found.append(rec)
        return found

    def _verb_quote(self, doc: Doc, verb: Token, sent: Span) -> QuoteRecord | None:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in _NOT_SOURCES or (subj.i > verb.i and verb.dep_ != "ROOT"):
            return None
        content: Span | None = None
        cue_end = verb
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if comp is None:
            # 'CONTENT, sources said.' — the clause comes first, the verb and its subject after
            comp = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i), None)
        if comp is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
            # 'But, he said, officials should be vigilant.' — the parenthetical cue sits inside
            comp = verb.head
        if comp is None and verb.lemma_ == "call":
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            comp = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if comp is not None:
            sub = list(comp.subtree)
            content = doc[sub[0].i : sub[-1].i + 1]
        else:
            # 'commented on the news that …', 'spoke about …'
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "about") and c.i > verb.i), None)
            if prep is not None:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    sub = list(pobj.subtree)
                    content = doc[sub[0].i : sub[-1].i + 1]
                    cue_end = prep
        if content is None or len(content) < 3:
            return None
        start = content.start_char
        if doc[content.start].lower_ == "that" and doc[content.start].dep_ == "mark":
            start = doc[content.start + 1].idx if content.start + 1 < content.end else start
        rec = self._record(doc, "indirect", start, content.end_char)
        if rec is None:
            return None
        self._set_cue(rec, verb, cue_end)
        self._set_speaker(doc, rec, _source_span(subj))
        return rec

    @staticmethod
    def _record(doc: Doc, kind: str, start: int, end: int) -> QuoteRecord | None:
        start, end = _trim(text_of(doc), start, end)
        while end > start and text_of(doc)[end - 1] in ".":
            end -= 1
        if end - start < 3:
            return None
        return QuoteRecord(id="", kind=kind, start=start, end=end)

    # --- headline ---------------------------------------------------------------------
    def _headline(self, doc: Doc) -> QuoteRecord | None:
        art = doc._.article
        if art is None or art.title_span is None:
            return None
        t_start, t_end = art.title_span
        title = text_of(doc)[t_start:t_end]
        m = re.match(r"^([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*:\s+(\S.*)$", title)
        if not m:
            return None
        name = doc.char_span(t_start + m.start(1), t_start + m.end(1), alignment_mode="expand")
        if name is None or self._person_at(doc, name.start_char, name.end_char) is None:
            return None
        rec = QuoteRecord(id="", kind="headline", start=t_start + m.start(2), end=t_start + m.end(2))
        colon = title.index(":", m.end(1))
        rec.cue, rec.cue_start, rec.cue_end = ":", t_start + colon, t_start + colon + 1
        self._set_speaker(doc, rec, name)
        return rec

    def __call__(self, doc: Doc) -> Doc:
        quotes: list[QuoteRecord] = []
        head = self._headline(doc)
        if head is not None:
            quotes.append(head)
        direct_ranges = []
        previous: QuoteRecord | None = None
        for dq in find_direct_quotes(text_of(doc)):
            start, end = _trim(text_of(doc), dq.start, dq.end)
            if end - start < 2:
                continue
            rec = QuoteRecord(id="", kind="direct", start=start, end=end)
            self._attribute_direct(doc, rec, dq.open_mark, dq.close_mark)
            gap = text_of(doc)[previous.end : dq.open_mark] if previous is not None else ""
            if rec.speaker_text is None and previous is not None and previous.cue is not None and "\n" in gap and len(gap.strip()) < 60 and text_of(doc)[dq.open_mark - 1] == "\n":
                # a quote paragraph right after another, with no cue: the same voice goes on
                rec.speaker, rec.speaker_text = previous.speaker, previous.speaker_text
                rec.speaker_start, rec.speaker_end = previous.speaker_start, previous.speaker_end
            quotes.append(rec)
            direct_ranges.append((dq.open_mark, dq.close_mark + 1))
            previous = rec
        if self.indirect:
            quotes.extend(self._indirect(doc, direct_ranges))
        quotes.sort(key=lambda q: (q.start, q.end))
        for n, rec in enumerate(quotes, 1):
            rec.id = f"q{n}"
        doc._.quotes = quotes
        spans = []
        for rec in quotes:
            span = doc.char_span(rec.start, rec.end, label=rec.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("claimscope_quotes", assigns=["doc._.quotes", "doc.spans"], default_config={"spans_key": "quotes", "people_key": "people", "indirect": True})
def make_quote_finder(nlp: Language, name: str, spans_key: str, people_key: str, indirect: bool) -> QuoteFinder:
    return QuoteFinder(spans_key=spans_key, people_key=people_key, indirect=indirect)
