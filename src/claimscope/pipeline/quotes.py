"""Who said what: direct, indirect, headline and transcript quotations, each with cue and source.

Direct quotes are found on the characters (``quote_marks``); transcript turns on their
speaker labels (``reading.transcript``).  Which verbs are attribution cues is decided by
the cue model trained on PolNeAR (``cue_model``), not by a word list, and every cue's
source is its grammatical subject.  The source is always kept as written
(``speaker_text``); it becomes a person (``speaker``) only through the head of that
phrase — a name, or a pronoun or role noun the people component resolved — and a state or
organisation (``speaker_actor``) through the actor mention at its head or modifying it
("Russia insisted", "a Kremlin spokesman").  When the evidence is weak the person stays
null: a wrong attribution is worse than a missing one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..reading.transcript import turns
from . import extensions  # noqa: F401
from .cue_model import CueModel, QuoteIndex, char_sets, features, is_candidate, load_cue_model, subject_of
from .extensions import text_of
from .lexicon import speech_verbs
from .quote_marks import DirectQuote, find_direct_quotes

#: subjects that are never a source: expletives, relatives without antecedent, quantifiers
#: of rhetorical questions ("Does anyone really think …")
_NOT_SOURCES = frozenset({"it", "this", "that", "there", "which", "what", "these", "those", "anyone", "anybody", "nobody", "everyone", "everybody", "someone", "somebody", "one"})
_RELATIVES = frozenset({"who", "that", "which"})
_CLOSERS = frozenset({'”', '"', "''", "»"})
_OPENERS = frozenset({'“', '"', "``", "''", "«"})
_DASH_NAME = re.compile(r"[ \t]*[―—–-]{1,2}[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})")
#: a short quote in Title Case with no verb is a title or a name ("Fox News Sunday")
_TITLE_WORDS = 6
#: a quote of this many words or fewer, with no cue, is a scare quote ("blowback")
_SCARE_WORDS = 3


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


def _source_span(tok: Token) -> Span:
    """The subject phrase without clauses: compounds, names, titles, determiners, adjectives,
    possessors, a short 'of' phrase ('a spokesman for the ministry')."""
    doc = tok.doc
    keep = [tok]
    for t in tok.subtree:
        if t.i == tok.i or abs(t.i - tok.i) > 8:
            continue
        if t.dep_ in ("compound", "flat", "det", "amod", "poss", "case", "nmod", "nummod", "prep", "pobj") and not t.is_punct:
            # stay in the phrase: no relative clauses, appositions or parentheticals
            anc = t
            while anc.i != tok.i and anc.dep_ not in ("relcl", "acl", "appos", "advcl", "ccomp", "conj", "punct"):
                anc = anc.head
            if anc.i == tok.i:
                keep.append(t)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    while end - 1 > tok.i and doc[end - 1].dep_ in ("prep", "case", "det"):
        end -= 1
    return doc[start:end]


class QuoteFinder:
    """Writes ``doc._.quotes`` (list of QuoteRecord) and ``doc.spans['quotes']``."""

    def __init__(self, spans_key: str = "quotes", people_key: str = "people", actors_key: str = "actors", indirect: bool = True, model: CueModel | None = None):
        self.spans_key = spans_key
        self.people_key = people_key
        self.actors_key = actors_key
        self.indirect = indirect
        self.model = model or load_cue_model()
        self.verbs = speech_verbs()

    # --- sources ----------------------------------------------------------------------
    def _spans_at(self, doc: Doc, key: str, char: int) -> Span | None:
        for span in doc.spans.get(key, []):
            if span.start_char <= char < span.end_char:
                return span
        return None

    def _set_source(self, doc: Doc, rec: QuoteRecord, head: Token | None, span: Span | None = None) -> None:
        """Source as written, and the person or actor its head stands for."""
        if head is None:
            return
        if head.lower_ in _RELATIVES and head.head.dep_ == "relcl":
            head = head.head.head  # 'Smith, who said …': the source is the noun the relative clause hangs on
        span = span or _source_span(head)
        rec.speaker_text, rec.speaker_start, rec.speaker_end = span.text, span.start_char, span.end_char
        person = self._spans_at(doc, self.people_key, head.idx)
        if person is None and head.dep_ in ("compound", "flat"):
            person = self._spans_at(doc, self.people_key, head.head.idx)
        if person is None:
            # a multi-word name whose last word the parse made the head ('Mark Esper')
            for t in span:
                if t.dep_ in ("compound", "flat") and t.head.i == head.i:
                    person = self._spans_at(doc, self.people_key, t.idx)
                    if person is not None and person.end_char >= head.idx:
                        break
                    person = None
        if person is not None:
            rec.speaker = person.label_
            return
        actor = self._spans_at(doc, self.actors_key, head.idx)
        if actor is None and head.pos_ in ("NOUN", "PROPN"):
            # 'Russian officials', 'a Kremlin spokesman', 'the ministry of X': an affiliated unnamed source
            for t in head.children:
                if t.dep_ in ("compound", "amod", "poss", "nmod"):
                    actor = self._spans_at(doc, self.actors_key, t.idx)
                    if actor is not None:
                        break
        if actor is not None:
            rec.speaker_actor = actor.label_ or actor.kb_id_

    @staticmethod
    def _set_cue(rec: QuoteRecord, tok: Token, end_tok: Token | None = None) -> None:
        end_tok = end_tok or tok
        rec.cue_start, rec.cue_end = tok.idx, end_tok.idx + len(end_tok)
        rec.cue = text_of(tok.doc)[rec.cue_start : rec.cue_end]

    def _is_cue(self, tok: Token, scores: dict[int, float], loose: bool = False) -> bool:
        """The trained model's verdict; next to a quote mark a known speech verb is enough."""
        p = scores.get(tok.i, 0.0)
        if p >= self.model.threshold:
            return True
        return loose and tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.verbs

    # --- direct -----------------------------------------------------------------------
    def _attribute_direct(self, doc: Doc, rec: QuoteRecord, dq: DirectQuote, quotes: QuoteIndex, scores: dict[int, float]) -> bool:
        """Cue after the quote, then before it, then a '— Name' signature; True when found."""
        text = text_of(doc)
        close_end = dq.close_end if dq.close_end >= 0 else dq.close_mark + 1
        para_end = text.find("\n", close_end)
        para_end = len(text) if para_end < 0 else para_end
        after = doc.char_span(close_end, min(para_end, close_end + 200), alignment_mode="contract")
        if after is not None and len(after):
            sent_end = after[0].sent.end
            # '“… policy.” The network said …' starts a new sentence: only a short inverted
            # attribution ('“Why?” Smith asked.') may follow a quote that ends its sentence
            limit = after.start + 4 if text[dq.start : dq.end].rstrip()[-1:] in ".!?" and after[0].text[:1].isupper() else after.end
            for tok in after:
                if tok.i >= sent_end + 1 or tok.i > limit or (tok.text in _OPENERS and tok.i > after.start):
                    break
                if tok.text in ".!?" and tok.i > after.start + 1:
                    break
                if self._is_cue(tok, scores, loose=True):
                    if tok.i <= limit < after.end and any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > tok.i for c in tok.children):
                        break  # 'Russia insisted that …' opens its own statement, it does not sign this one
                    subj = subject_of(tok, after=close_end - 1)
                    if subj is None or quotes.inside(subj.idx):
                        # the small parser often breaks '“…,” Tulsa police Chief X said': take the
                        # name or pronoun written between the mark and the cue, or right after it
                        subj = self._nearby_source(doc, after.start, tok)
                    if subj is not None and (subj.lower_ not in _NOT_SOURCES or subj.lower_ == "it") and not quotes.inside(subj.idx):
                        self._set_cue(rec, tok)
                        self._set_source(doc, rec, subj)
                        return True
        m = _DASH_NAME.match(text, close_end, para_end)
        if m:
            end = m.end(1) - 1 if m.group(1).endswith(".") and len(m.group(1).split()[-1]) > 2 else m.end(1)
            span = doc.char_span(m.start(1), end, alignment_mode="expand")
            if span is not None:
                self._set_source(doc, rec, span.root, span)
                return True
        # before the opening mark: 'X said: “…”' / 'X said, "…"'; or a paragraph of its own
        # ending in a colon ('The Times reports:') right before the quote's paragraph
        para_start = text.rfind("\n", 0, dq.open_mark) + 1
        if not text[para_start : dq.open_mark].strip():
            prev_end = len(text[:para_start].rstrip())
            if prev_end and text[prev_end - 1] == ":":
                para_start = text.rfind("\n", 0, prev_end) + 1
        before = doc.char_span(para_start, dq.open_mark, alignment_mode="contract")
        if before is not None and len(before):
            sent_start = max((t.i for t in before if t.text in ".!?" and t.i < before.end - 1 and not quotes.inside(t.idx)), default=before.start - 1) + 1
            for tok in reversed(list(doc[sent_start : before.end])):
                if quotes.inside(tok.idx):
                    continue
                if self._is_cue(tok, scores, loose=True):
                    subj = subject_of(tok)
                    if subj is not None and subj.lower_ not in _NOT_SOURCES and not quotes.inside(subj.idx) and subj.idx < dq.open_mark:
                        self._set_cue(rec, tok)
                        self._set_source(doc, rec, subj)
                        return True
        return False

    def _nearby_source(self, doc: Doc, first: int, cue: Token) -> Token | None:
        """A person, pronoun or actor between the closing mark (token ``first``) and the cue,
        or a person right after the cue ('…,” said James Acton')."""
        if cue.i - first > 8:
            return None
        between = doc[first : cue.i]
        for key in (self.people_key, self.actors_key):
            for span in doc.spans.get(key, []):
                if between.start_char <= span.start_char and span.end_char <= between.end_char:
                    return doc[span.end - 1]
        pron = next((t for t in between if t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "we", "i")), None)
        if pron is not None:
            return pron
        if cue.i - first <= 1:
            for span in doc.spans.get(self.people_key, []):
                if span.start in (cue.i + 1, cue.i + 2):
                    return doc[span.end - 1]
        return None

    def _embedding_cue(self, doc: Doc, rec: QuoteRecord, dq: DirectQuote, quotes: QuoteIndex, scores: dict[int, float]) -> bool:
        """A quoted fragment inside someone's sentence ('He called it “a disaster”'): the
        cue verb that governs it and that verb's subject."""
        inner = doc.char_span(dq.start, dq.end, alignment_mode="contract")
        if inner is None or not len(inner):
            return False
        tok = inner.root
        found: tuple[Token, Token] | None = None
        for _ in range(8):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if quotes.inside(tok.idx):
                continue
            if tok.pos_ in ("VERB", "AUX") and self._is_cue(tok, scores, loose=found is None):
                subj = subject_of(tok)
                if subj is not None and subj.lower_ not in _NOT_SOURCES and not quotes.inside(subj.idx):
                    found = (tok, subj)  # keep climbing: 'X said that Y looks forward to “…”' is X's
        if found is None:
            return False
        lo, hi = sorted((found[0].idx, dq.open_mark))
        if re.search(r"[.!?][\"”’']*\s+[\"“]?[A-Z]", text_of(doc)[lo:hi]):
            return False  # the parse ran two sentences together: the cue is not this quote's
        self._set_cue(rec, found[0])
        self._set_source(doc, rec, found[1])
        return True

    @staticmethod
    def _not_a_quote(doc: Doc, dq: DirectQuote) -> bool:
        """Titles and names in quote marks ("Fox News Sunday", "Hanoi Hilton"): short, Title
        Case, no verb.  Scare quotes are judged later, when no cue was found."""
        words = text_of(doc)[dq.start : dq.end].strip(" ,.;:").split()
        if not words or len(words) > _TITLE_WORDS:
            return False
        content = [w for w in words if w.lower() not in ("of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "is", "be")]
        if not content or not all(w[:1].isupper() or w[:1].isdigit() for w in content):
            return False
        if len(content) >= 2:
            return True  # every word capitalised: a title ("Face the Nation", "A Change Is Gonna Come")
        span = doc.char_span(dq.start, dq.end, alignment_mode="contract")
        return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)

    # --- indirect ---------------------------------------------------------------------
    def _indirect(self, doc: Doc, inside: QuoteIndex, scores: dict[int, float]) -> list[QuoteRecord]:
        found: list[QuoteRecord] = []
        for sent in doc.sents:
            if inside.inside(sent.start_char) or inside.inside(sent.end_char - 1):
                continue
            for tok in sent:
                if tok.i not in scores:
                    continue
                if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    rec = self._according(doc, tok, sent)
                elif self._is_cue(tok, scores):
                    rec = self._verb_quote(doc, tok, inside)
                else:
                    continue
                if rec is not None:
                    found.append(rec)
        return found

    def _according(self, doc: Doc, tok: Token, sent: Span) -> QuoteRecord | None:
        """According to X, CONTENT / CONTENT, according to X."""
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        src = _source_span(pobj)
        comma = next((t for t in doc[src.end : sent.end] if t.text == ","), None)
        if tok.i == sent.start or (tok.i > sent.start and doc[tok.i - 1].is_punct and doc[tok.i - 1].text not in ","):
            c_start = comma.idx + 1 if comma is not None else src.end_char
            c_end = sent.end_char
        else:
            c_start, c_end = sent.start_char, tok.idx
        rec = self._record(doc, "indirect", c_start, c_end)
        if rec is None:
            return None
        self._set_cue(rec, tok, to)
        self._set_source(doc, rec, pobj, src)
        return rec

    def _verb_quote(self, doc: Doc, verb: Token, quotes: QuoteIndex) -> QuoteRecord | None:
        subj = subject_of(verb)
        if subj is None or subj.lower_ in _NOT_SOURCES or quotes.inside(subj.idx):
            return None
        if doc[verb.sent.end - 1].text == "?" and any(c.dep_ == "aux" and c.i < subj.i for c in verb.children):
            return None  # a question ('Does anyone really think …?') asserts nobody's words
        content: Span | None = None
        cue_end = verb
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if comp is None:
            # 'CONTENT, sources said.' — the clause comes first, the verb and its subject after
            comp = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i), None)
        if comp is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
            # 'But, he said, officials should be vigilant.' — the parenthetical cue sits inside
            comp = verb.head
        if comp is None:
            # 'called for X', 'commented on the news that …', 'spoke about …'
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "about", "for") and c.i > verb.i), None) if verb.lemma_.lower() in self.verbs else None
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
            if pobj is not None:
                comp = pobj
                cue_end = prep
        if comp is None:
            # 'wants to …', 'vowed to …', 'urged Congress to …': intent and demands the annotators count
            comp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if comp is None:
            return None
        sub = list(comp.subtree)
        content = doc[sub[0].i : sub[-1].i + 1]
        if len(content) < 3:
            return None
        start = content.start_char
        if doc[content.start].dep_ == "mark" and doc[content.start].lower_ == "that":
            start = doc[content.start + 1].idx if content.start + 1 < content.end else start
        rec = self._record(doc, "indirect", start, content.end_char)
        if rec is None:
            return None
        self._set_cue(rec, verb, cue_end)
        self._set_source(doc, rec, subj)
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
        if name is None or self._spans_at(doc, self.people_key, name.end_char - 1) is None:
            return None
        rec = QuoteRecord(id="", kind="headline", start=t_start + m.start(2), end=t_start + m.end(2))
        colon = title.index(":", m.end(1))
        rec.cue, rec.cue_start, rec.cue_end = ":", t_start + colon, t_start + colon + 1
        self._set_source(doc, rec, name[-1], name)
        return rec

    # --- transcripts ------------------------------------------------------------------
    def _transcript(self, doc: Doc) -> list[QuoteRecord]:
        """Each speaker turn is a direct quote of the label's person ('WALLACE' → Chris Wallace)."""
        text = text_of(doc)
        found = []
        people = doc._.people or []
        for turn in turns(text):
            start, end = _trim(text, turn.start, turn.end)
            if end - start < 2:
                continue
            rec = QuoteRecord(id="", kind="direct", start=start, end=end)
            rec.speaker_text, rec.speaker_start, rec.speaker_end = turn.label, turn.label_start, turn.label_end
            rec.cue, rec.cue_start, rec.cue_end = ":", turn.label_end, turn.label_end + 1
            label = turn.label.split(",")[0].split()[-1].strip(".").lower()
            matches = [p for p in people if p.name.split()[-1].lower() == label]
            if len(matches) == 1:
                rec.speaker = matches[0].id
            found.append(rec)
        return found

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        marks = find_direct_quotes(text)
        quotes_index = QuoteIndex([q.start for q in marks], [q.end for q in marks])
        people, actors = char_sets(doc, self.people_key, self.actors_key)
        scores = {tok.i: self.model.score(features(tok, quotes_index, people, actors)) for tok in doc if is_candidate(tok) and not quotes_index.inside(tok.idx)}
        quotes: list[QuoteRecord] = []
        head = self._headline(doc)
        if head is not None:
            quotes.append(head)
        turned = self._transcript(doc)
        quotes.extend(turned)
        in_turn = QuoteIndex([q.start for q in turned], [q.end for q in turned])
        previous: QuoteRecord | None = None
        for dq in marks:
            if in_turn.inside(dq.open_mark) or self._not_a_quote(doc, dq):
                continue
            start, end = _trim(text, dq.start, dq.end)
            if end - start < 2:
                continue
            rec = QuoteRecord(id="", kind="direct", start=start, end=end)
            found = self._attribute_direct(doc, rec, dq, quotes_index, scores)
            if not found and previous is not None and previous.speaker_text is not None and self._continues(text, previous, dq):
                # the same voice goes on: the next quote of the paragraph, or a quote paragraph right after
                rec.speaker, rec.speaker_actor, rec.speaker_text = previous.speaker, previous.speaker_actor, previous.speaker_text
                rec.speaker_start, rec.speaker_end = previous.speaker_start, previous.speaker_end
                found = True
            if not found:
                found = self._embedding_cue(doc, rec, dq, quotes_index, scores)
            if not found and len(text[start:end].split()) <= _SCARE_WORDS:
                continue  # a scare quote or a term in quote marks, nobody's statement
            quotes.append(rec)
            previous = rec
        if self.indirect:
            direct = [(q.start, q.end) for q in quotes]
            for rec in self._indirect(doc, quotes_index, scores):
                # the clause around a direct quote is that quote's attribution, not a second quote
                covered = sum(max(0, min(e, rec.end) - max(s, rec.start)) for s, e in direct)
                if covered * 2 < rec.end - rec.start:
                    quotes.append(rec)
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

    @staticmethod
    def _continues(text: str, previous: QuoteRecord, dq: DirectQuote) -> bool:
        """Whether a quote with no cue of its own carries on the previous quote's voice: the
        next quote in the same paragraph, or a paragraph that opens with a quote right after."""
        gap = text[previous.end : dq.open_mark]
        cue_between = previous.cue_start is not None and previous.end <= previous.cue_start < dq.open_mark
        source_before = previous.speaker_start is not None and previous.speaker_start < previous.start
        if not (cue_between or source_before):
            return False  # '“…” ― Name ¶ “…” ― Other': each quote is signed by its own source
        if "\n" not in gap:
            return len(gap) < 250
        return len(gap.strip(" \n”\"'’,.")) < 60 and text[dq.open_mark - 1] == "\n"


@Language.factory(
    "claimscope_quotes",
    assigns=["doc._.quotes", "doc.spans"],
    default_config={"spans_key": "quotes", "people_key": "people", "actors_key": "actors", "indirect": True},
)
def make_quote_finder(nlp: Language, name: str, spans_key: str, people_key: str, actors_key: str, indirect: bool) -> QuoteFinder:
    return QuoteFinder(spans_key=spans_key, people_key=people_key, actors_key=actors_key, indirect=indirect)
