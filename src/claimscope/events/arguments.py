"""Who does what to whom: actor arguments of an event trigger, read off the parse.

Why separate from the coder: these rules (subjects through control verbs and
conjunctions, passives, "the government of X", coordination, "it" = the last
actor subject) are about syntax and actors, not about CAMEO, and the claims and
stance components can reuse them.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

__all__ = [
    "OCCURRENCE_VERBS",
    "PARTICIPATION_VERBS",
    "SUPPORT_VERBS",
    "ActorIndex",
    "clause_subject",
    "coordinated",
    "is_passive",
    "phrase_actors",
    "prep_objects",
    "resolve_pronoun",
]

# Modifiers through which a noun phrase names its actor: "Russian police",
# "Gondor's government", "the government of Gondor", "soldiers from Gondor".
_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "appos", "npadvmod"})
_MODIFIER_PREPS = frozenset({"of", "from", "in", "at", "within", "inside", "through"})
# Verbs whose object, not subject, performs the embedded act: "urged X to talk".
_OBJECT_CONTROL = frozenset({
    "urge", "ask", "call", "force", "persuade", "order", "tell", "allow", "help",
    "encourage", "invite", "pressure", "push", "press", "compel", "oblige", "require",
    "accuse", "blame", "catch", "see", "prevent", "stop", "warn", "advise", "want",
    "expect", "enable", "convince", "get", "let", "make", "instruct", "authorize",
    "authorise", "charge", "suspect", "caution",
})
# Verbs that carry an event noun and lend it their subject: "launched an attack",
# "poses a threat", "imposed sanctions".
SUPPORT_VERBS = frozenset({
    "launch", "carry", "conduct", "stage", "mount", "commit", "make", "issue", "impose",
    "introduce", "announce", "hold", "pose", "continue", "begin", "start", "resume",
    "deliver", "wage", "step", "intensify", "escalate", "order", "plan", "perpetrate",
    "organize", "organise", "unleash", "use", "give", "offer", "extend", "provide",
    "send", "lodge", "file", "express", "take", "adopt", "approve", "maintain", "keep",
})
# "was caught in these supplies", "engaged in talks": the subject takes part.
PARTICIPATION_VERBS = frozenset({"engage", "participate", "involve", "catch", "implicate", "take"})
# An event noun as their subject is happening: "an attack could happen".
OCCURRENCE_VERBS = frozenset({"happen", "occur", "take", "follow", "come", "go", "proceed", "unfold"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "itself", "themselves", "we"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_MAX_DEPTH = 3


class ActorIndex:
    """Token position -> actor spans covering it (longest extent wins; same-extent spans kept).

    Several spans of one extent are how a gazetteer says "The Shire" is three
    actors at once; each becomes its own event participant.
    """

    def __init__(self, doc: Doc, spans_key: str) -> None:
        self._by_token: dict[int, list[Span]] = {}
        spans: Iterable[Span] = doc.spans[spans_key] if spans_key in doc.spans else ()
        for span in spans:
            for i in range(span.start, span.end):
                current = self._by_token.get(i)
                if not current or len(span) > len(current[0]):
                    self._by_token[i] = [span]
                elif len(span) == len(current[0]) and span.start == current[0].start:
                    current.append(span)
        self.empty = not self._by_token

    def at(self, tok: Token) -> list[Span]:
        """Actor spans covering ``tok``."""
        return self._by_token.get(tok.i, [])


def coordinated(tok: Token) -> Iterator[Token]:
    """``tok`` and its conjuncts: "England and the United States" -> both heads."""
    stack = [tok]
    seen: set[int] = set()
    while stack:
        cur = stack.pop()
        if cur.i in seen:
            continue
        seen.add(cur.i)
        yield cur
        stack.extend(c for c in reversed(list(cur.children)) if c.dep_ == "conj")


def _modifier_actors(tok: Token, index: ActorIndex, deep: bool) -> list[Span]:
    """Breadth-first search of a phrase's modifiers for the nearest actor(s)."""
    frontier = [tok]
    for _ in range(_MAX_DEPTH if deep else 2):
        nxt: list[Token] = []
        for cur in frontier:
            for child in cur.children:
                if child.dep_ in _MODIFIER_DEPS:
                    nxt.append(child)
                elif child.dep_ == "prep" and child.lower_ in _MODIFIER_PREPS:
                    nxt.extend(c for c in child.children if c.dep_ == "pobj")
        found: list[Span] = []
        for cand in nxt:
            for member in coordinated(cand):
                found.extend(index.at(member))
        if found:
            return found
        frontier = nxt
    return []


def phrase_actors(tok: Token | None, index: ActorIndex, deep: bool = False) -> list[Span]:
    """Actors a noun phrase headed by ``tok`` names, one per coordinated member.

    ``deep`` looks one level further into modifiers, for prepositional targets
    such as "restrictions on purchases in Azerbaijan".
    """
    if tok is None or index.empty:
        return []
    out: list[Span] = []
    for member in coordinated(tok):
        spans = index.at(member) or _modifier_actors(member, index, deep)
        out.extend(spans)
        if spans:  # "Mordor, the Shire, Fornost and Bree": lists the parser reads as apposition
            for child in member.children:
                if child.dep_ == "appos":
                    out.extend(index.at(child))
    return _dedupe(out)


def _dedupe(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for span in spans:
        key = (span.start, span.end, span.label_)
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def is_passive(verb: Token) -> bool:
    """Passive clause, or a bare passive participle ("weapons supplied by X", "rebuked by X")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and (
        verb.dep_ in ("acl", "advcl") and not any(c.dep_ == "aux" for c in verb.children)
        or any(c.dep_ == "agent" for c in verb.children)
    )


def clause_subject(verb: Token, hops: int = 0) -> Token | None:
    """The token that fills the subject slot of ``verb``, through control and conjunction."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    for aux in verb.children:  # parser quirk: "it is supplying" with "it" under "is"
        if aux.dep_ in ("aux", "auxpass"):
            for child in aux.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
    if hops > 5:
        return None
    head = verb.head
    if head == verb:
        return None
    dep = verb.dep_
    if dep == "conj":
        return clause_subject(head, hops + 1)
    if dep in ("xcomp", "oprd"):
        if head.lemma_.lower() in _OBJECT_CONTROL:
            for child in head.children:
                if child.dep_ == "dobj":
                    return child
        return clause_subject(head, hops + 1)
    if dep == "pcomp" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            if gov.lemma_.lower() in _OBJECT_CONTROL:  # "accused Brazil of attacking"
                for child in gov.children:
                    if child.dep_ == "dobj":
                        return child
            return clause_subject(gov, hops + 1)
        return None
    if dep in ("advcl", "acomp"):  # "Arnor is about to restore": about <- is <- Arnor
        return clause_subject(head, hops + 1)
    if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head
    return None


def prep_objects(head: Token, preps: Iterable[str]) -> Iterator[tuple[str, Token]]:
    """(preposition, object) for each prepositional child of ``head`` among ``preps``, in order."""
    wanted = tuple(preps)
    kids = [c for c in head.children if c.dep_ in ("prep", "dative", "agent")]
    for prep in wanted:
        for child in kids:
            if child.lower_ == prep:
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        yield prep, obj


def resolve_pronoun(tok: Token, index: ActorIndex) -> list[Span]:
    """Actors for a pronoun subject: the nearest earlier actor subject in this or the previous sentence.

    Deliberately narrow (subjects only, two sentences) so that a wrong guess stays rare.
    """
    if tok.lower_ not in _PRONOUNS or index.empty:
        return []
    sent = tok.sent
    for cand in reversed(list(tok.doc[sent.start:tok.i])):
        if cand.dep_ in ("nsubj", "nsubjpass") and cand.lower_ not in _PRONOUNS:
            found = phrase_actors(cand, index)
            if found:
                return found
    if sent.start == 0:
        return []
    prev = tok.doc[sent.start - 1].sent
    for cand in prev:
        if cand.dep_ in ("nsubj", "nsubjpass") and cand.head.dep_ == "ROOT":
            return phrase_actors(cand, index)
    return []
