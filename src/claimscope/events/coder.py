"""CAMEO event coder over the spaCy dependency parse.

Why rules over the parse: every event must point at the words that triggered
it, at its actors and at how sure the sentence is of it; a lexicon lookup plus
argument rules gives all three, runs on any CPU, and never invents a code it
cannot name a cue for (no PETRARCH-style ``010`` fallback).

A verb or noun whose lemma is in the lexicon is a trigger.  Its row is chosen
by the object it takes ("supply weapons" 072, "supply food" 073); its source
and target come from the subject, the object, prepositional phrases, the
passive "by"-agent and, for nouns, possessives, "by"/"from" phrases and the
verb that carries them ("launched an attack on X").  Coordinated actors give
one event each.  Only events with at least one actor are returned.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .arguments import ActorIndex, coordinated, is_passive
from .lexicon import Entry, Lexicon, load_lexicon
from .modality import Modality, read_modality
from .roles import Args, Match, noun_args, verb_args

__all__ = ["EventRecord", "code_events"]

_NOUN_POS = frozenset({"NOUN", "PROPN"})
# dependency links by which an actor sits inside a larger noun phrase ("Russian hackers")
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "pobj", "prep", "nummod"})


@dataclass(slots=True)
class EventRecord:
    """One coded event, with character offsets into ``doc.text``.

    ``source``/``target``/``via`` hold full CAMEO actor codes (span ``label_``,
    e.g. ``AZEGOV``); ``source_id``/``target_id`` the base entity ids (span
    ``kb_id_``, e.g. ``AZE``) the report's actor list uses.  ``start``/``end``
    cover the trigger and the argument phrases it was read from.
    """

    source: str | None
    target: str | None
    code: str
    label: str
    modality: Modality
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    via: list[str] = field(default_factory=list)
    goldstein: float | None = None
    sent_start: int = 0
    source_id: str | None = None
    target_id: str | None = None


# ---------------------------------------------------------------- matching


def _lookup_keys(tok: Token) -> tuple[str, ...]:
    """Lemma first, then the lower-cased form ("arms" is lemmatised to "arm")."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    return (lemma,) if lemma == low else (lemma, low)


def _has_particle(tok: Token, particle: str) -> bool:
    """Whether a phrasal verb's particle hangs on ``tok`` ("called *for*", "cracked *down*")."""
    return any(c.dep_ in ("prt", "prep", "advmod", "agent") and c.lower_ == particle for c in tok.children)


def _object_candidates(tok: Token, pos: str) -> list[Token]:
    """Words that may satisfy a row's object constraint (see the lexicon header)."""
    out: list[Token] = []
    if pos == "NOUN":
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                out.append(child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                out.extend(c for c in child.children if c.dep_ == "pobj")
        return out
    passive = is_passive(tok)
    for child in tok.children:
        dep = child.dep_
        if dep in ("dobj", "advmod", "attr") or (dep == "nsubjpass" and passive):
            out.extend(coordinated(child))
        elif dep in ("prep", "dative", "agent"):
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.extend(coordinated(obj))
        elif dep == "xcomp":
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "dobj")
    if tok.dep_ == "acl" and passive:  # "sanctions imposed on Iran"
        out.append(tok.head)
    for cand in list(out):  # "tonnes of wheat", "a package of weapons"
        for child in cand.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _object_score(entry: Entry, cands: list[Token]) -> tuple[int, Token | None] | None:
    """Best (score, word) meeting ``entry``'s object constraint: 2 = modifier + head, 1 = head."""
    best: tuple[int, Token | None] | None = None
    for cand in cands:
        forms = {cand.lemma_.lower(), cand.lower_}
        mods: set[str] | None = None
        for mod, head in entry.objects:
            if head not in forms:
                continue
            if mod is None:
                score = 1
            else:
                if mods is None:
                    mods = set()
                    for c in cand.children:
                        if c.dep_ in ("compound", "amod", "nmod", "advmod", "npadvmod"):
                            mods.update((c.lemma_.lower(), c.lower_))
                if mod not in mods:
                    continue
                score = 2
            if best is None or score > best[0]:
                best = (score, cand)
    return best


def _match(tok: Token, lexicon: Lexicon, pos: str) -> Match | None:
    """Most specific lexicon row for ``tok`` (object match, then particle, then file order)."""
    entries: tuple[Entry, ...] = ()
    for key in _lookup_keys(tok):
        entries = lexicon.candidates(key, pos)
        if entries:
            break
    if not entries:
        return None
    cands: list[Token] | None = None
    best: Match | None = None
    for entry in entries:
        if entry.particle and not _has_particle(tok, entry.particle):
            continue
        obj: Token | None = None
        score = 0
        if entry.objects:
            if cands is None:
                cands = _object_candidates(tok, pos)
            found = _object_score(entry, cands)
            if found is None:
                continue
            score, obj = found
        rank = (score, 1 if entry.particle else 0)
        if best is None or rank > best.score:
            best = Match(entry, obj, rank)
    return best


# ---------------------------------------------------------------- assembly


def _key(span: Span) -> tuple[int, int, str]:
    """Identity of an actor span: same words and same code (Span objects are not reused)."""
    return span.start, span.end, span.label_


def _pairs(args: Args, sym: bool) -> list[tuple[Span | None, Span | None]]:
    """(source, target) per event: coordination multiplies, ``sym`` pairs coordinated subjects."""
    pairs: list[tuple[Span | None, Span | None]] = []
    sources: list[Span | None] = list(args.sources) or [None]
    if args.pairwise:
        if args.sources:  # "welcomed ties between X and Y": the welcomer acts on each
            pairs = [(s, t) for s in args.sources for t in args.pairwise]
        else:
            pairs = [(a, b) for a in args.pairwise for b in args.pairwise if _key(a) != _key(b)]
    elif args.targets:
        pairs = [(s, t) for s in sources for t in args.targets]
    elif sym and len(args.sources) > 1:
        pairs = [(a, b) for a in args.sources for b in args.sources if _key(a) != _key(b)]
    else:
        pairs = [(s, None) for s in args.sources]
    return [
        (s, None if (t is not None and s is not None and (s.start, s.end) == (t.start, t.end)) else t)
        for s, t in pairs
    ]


def _region(tok: Token, spans: Iterable[Span | None], obj: Token | None) -> tuple[int, int]:
    """Characters from the trigger to its argument phrases, within the sentence.

    An actor span is widened to the noun phrase it modifies ("Russian" ->
    "Russian hackers", "Turkey" -> "the territory of Turkey"), never past the trigger.
    """
    sent = tok.sent
    start, end = tok.idx, tok.idx + len(tok.text)
    tokens: list[Token] = [] if obj is None else [obj]
    for span in spans:
        if span is None or span.start < sent.start or span.end > sent.end:
            continue
        tokens.extend((span[0], span[-1]))
        cur = span.root
        while cur.dep_ in _PHRASE_DEPS and cur.head != cur and cur.head != tok:
            cur = cur.head
            tokens.append(cur)
    for t in tokens:
        start, end = min(start, t.idx), max(end, t.idx + len(t.text))
    return start, end


def _make_records(tok: Token, m: Match, args: Args, lexicon: Lexicon) -> list[EventRecord]:
    """Records for one trigger; an announced act with an intent code ("will meet") takes it."""
    reading = read_modality(tok)
    code, modality = m.entry.code, reading.modality
    if reading.intent and m.entry.intent and modality in ("asserted", "hypothetical"):
        code, modality = m.entry.intent, "asserted"  # the announcement is what happened
    info = lexicon.describe(code)
    via_codes = list(dict.fromkeys(s.label_ for s in args.via))
    out: list[EventRecord] = []
    for src, tgt in _pairs(args, m.entry.sym):
        if src is None and tgt is None:
            continue
        start, end = _region(tok, (src, tgt, *args.via), m.obj)
        out.append(EventRecord(
            source=src.label_ if src is not None else None,
            target=tgt.label_ if tgt is not None else None,
            code=code,
            label=info.label if info else code,
            modality=modality,
            start=start,
            end=end,
            trigger_start=tok.idx,
            trigger_end=tok.idx + len(tok.text),
            via=[v for v in via_codes if v not in {src and src.label_, tgt and tgt.label_}],
            goldstein=info.goldstein if info else None,
            sent_start=tok.sent.start_char,
            source_id=(src.kb_id_ or src.label_) if src is not None else None,
            target_id=(tgt.kb_id_ or tgt.label_) if tgt is not None else None,
        ))
    return out


def code_events(doc: Doc, spans_key: str = "actors", lexicon: Lexicon | None = None) -> list[EventRecord]:
    """Code every CAMEO event in ``doc`` whose actors are in ``doc.spans[spans_key]``.

    Needs a parsed ``Doc`` (tagger, parser, lemmatizer).  Returns events in text
    order; a document without actor spans yields none.
    """
    if not doc.has_annotation("DEP"):
        raise ValueError("code_events needs a dependency parse (run a parser first)")
    lexicon = lexicon or load_lexicon()
    index = ActorIndex(doc, spans_key)
    if index.empty:
        return []
    consumed: set[int] = set()
    records: list[EventRecord] = []
    seen: set[tuple[str | None, str | None, str, int]] = set()
    verbs: list[tuple[Token, Match]] = []
    nouns: list[tuple[Token, Match]] = []
    for tok in doc:
        if tok.pos_ == "VERB":
            m = _match(tok, lexicon, "VERB")
            if m is not None:
                verbs.append((tok, m))
                if m.obj is not None:
                    consumed.add(m.obj.i)
        elif tok.pos_ in _NOUN_POS and not index.at(tok):
            m = _match(tok, lexicon, "NOUN")
            if m is not None:
                nouns.append((tok, m))
    for tok, m in verbs:
        records.extend(_dedup(_make_records(tok, m, verb_args(tok, m, index), lexicon), tok, seen))
    for tok, m in nouns:
        if tok.i in consumed:
            continue
        records.extend(_dedup(_make_records(tok, m, noun_args(tok, m, index), lexicon), tok, seen))
    records.sort(key=lambda r: (r.trigger_start, r.source or "", r.target or ""))
    return records


def _dedup(records: list[EventRecord], tok: Token,
           seen: set[tuple[str | None, str | None, str, int]]) -> list[EventRecord]:
    """Drop repeats of (source, target, code) on one trigger (two routes to one actor)."""
    out = []
    for rec in records:
        key = (rec.source, rec.target, rec.code, tok.i)
        if key not in seen:
            seen.add(key)
            out.append(rec)
    return out
