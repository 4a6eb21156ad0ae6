"""Actors: countries, governments and organisations named in the text, as CAMEO-coded spans.

Writes ``doc.spans["actors"]``: each span's ``label_`` is the full CAMEO code ("AZEGOV")
and ``kb_id_`` the base actor id ("AZE") that the report groups mentions under.

Rules on top of a case-sensitive phrase match against the gazetteer, in the order a
reader applies them:

* a role noun right after a country phrase makes one sub-actor ("the Azerbaijani
  leadership" -> AZEGOV, "Russia's army" -> RUSMIL); so does a role noun before
  "of" + country ("the government of Azerbaijan");
* a capital alone means the government ("Baku" -> AZEGOV) unless it is a place after a
  locative preposition or "visited" ("the attack in Moscow" -> RUS);
* seats, organisations, multi-word names and role phrases take a preceding "the";
* phrases that only contain a name ("Latin America") and names inside a longer
  PERSON entity ("George Washington") or, for cities, inside a longer organisation
  or building ("Washington Post") are dropped; so are "pro-"/"anti-" adjectives;
* the longest match wins and spans never overlap.

NER is used only when an earlier component has set it; without it the component
still works, with a cheaper guard for "George Washington".
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import ActorEntry, Form, Gazetteer, load_gazetteer

__all__ = ["ActorFinder", "make_actor_finder"]

#: words after which a capital is a place, not an actor ("the attack in Moscow", "Blinken visited Kyiv")
_LOCATIVE = frozenset(
    {"in", "near", "outside", "around", "across", "throughout", "within", "inside", "at", "visit", "visited", "visiting", "visits"}
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
#: "pro-Russian separatists" are not Russia
_SIDE_PREFIXES = frozenset({"pro", "anti", "non"})
_THE = "the"
_BLOCK_KEY = "claimscope_not_actor"
#: entity labels whose longer span means our match is part of another name
_NAME_HOSTS = frozenset({"PERSON"})
_CITY_HOSTS = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT"})


class ActorFinder:
    """Finds actor mentions; the matchers are built once, in ``__init__``."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, spans_key: str = "actors") -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer  # the report needs it for display names of extra actors
        strings = nlp.vocab.strings
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._role_nouns = PhraseMatcher(nlp.vocab, attr="LOWER")
        groups: dict[tuple[ActorEntry, Form], list[str]] = defaultdict(list)
        for phrase, entry in gazetteer.phrases():
            groups[(entry, gazetteer.form(phrase))].append(phrase)
        self._keys: dict[int, tuple[ActorEntry, Form]] = {}
        for (entry, form), phrases in groups.items():
            key = f"claimscope_actor:{entry.id}:{entry.code}:{form}"
            self._names.add(key, list(nlp.tokenizer.pipe(phrases)))
            self._keys[strings.add(key)] = (entry, form)
        self._block = strings.add(_BLOCK_KEY)
        if gazetteer.blocked():
            self._names.add(_BLOCK_KEY, list(nlp.tokenizer.pipe(sorted(gazetteer.blocked()))))
        roles: dict[str, list[str]] = defaultdict(list)
        for noun, suffix in gazetteer.roles():
            roles[suffix].append(noun)
        self._suffixes: dict[int, str] = {}
        for suffix, nouns in roles.items():
            key = f"claimscope_role:{suffix}"
            self._role_nouns.add(key, list(nlp.tokenizer.pipe(nouns)))
            self._suffixes[strings.add(key)] = suffix

    def __call__(self, doc: Doc) -> Doc:
        role_after: dict[int, tuple[int, str]] = {}  # role start -> (end, suffix), longest
        role_before: dict[int, tuple[int, str]] = {}  # role end -> (start, suffix), longest
        for key, start, end in self._role_nouns(doc):
            suffix = self._suffixes[key]
            if start not in role_after or end > role_after[start][0]:
                role_after[start] = (end, suffix)
            if end not in role_before or start < role_before[end][0]:
                role_before[end] = (start, suffix)
        hosts = _entity_index(doc)
        candidates: list[Span] = []
        for key, start, end in self._names(doc):
            if key == self._block:
                candidates.append(Span(doc, start, end, label=_BLOCK_KEY))
                continue
            entry, form = self._keys[key]
            span = self._resolve(doc, start, end, entry, form, role_after, role_before, hosts)
            if span is not None:
                candidates.append(span)
        doc.spans[self.spans_key] = [span for span in filter_spans(candidates) if span.label_ != _BLOCK_KEY]
        return doc

    def _resolve(
        self,
        doc: Doc,
        start: int,
        end: int,
        entry: ActorEntry,
        form: Form,
        role_after: dict[int, tuple[int, str]],
        role_before: dict[int, tuple[int, str]],
        hosts: dict[int, Span] | None,
    ) -> Span | None:
        """One gazetteer match -> the actor span it stands for, or None when it is not an actor."""
        if _after_side_prefix(doc, start):
            return None
        code = entry.code
        first, last = start, end
        takes_the = form in ("seat", "org") or (form == "name" and end - start > 1)
        if entry.kind == "country":
            after = end + 1 if form != "adjective" and end < len(doc) and doc[end].text in _POSSESSIVE else end
            before = start - 1 if start > 0 and doc[start - 1].lower_ == _THE else start
            if after in role_after:
                last, suffix = role_after[after]
                code = code if form == "seat" else entry.id + suffix
                takes_the = True
            elif form in ("name", "city") and before > 0 and doc[before - 1].lower_ == "of" and before - 1 in role_before:
                first, suffix = role_before[before - 1]
                code = entry.id + suffix
                takes_the = True
            elif form == "city" and start > 0 and doc[start - 1].lower_ in _LOCATIVE:
                code = entry.id
        if _inside_other_name(doc, first, last, form, hosts):
            return None
        if takes_the and first > 0 and doc[first - 1].lower_ == _THE:
            first -= 1
        return Span(doc, first, last, label=code, kb_id=entry.id)


def _entity_index(doc: Doc) -> dict[int, Span] | None:
    """Token index -> NER entity covering it; None when no NER ran before us."""
    if not doc.has_annotation("ENT_IOB"):
        return None
    return {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}


def _inside_other_name(doc: Doc, start: int, end: int, form: Form, hosts: dict[int, Span] | None) -> bool:
    """True for "George Washington", "Jordan Peterson", "Washington Post": part of a longer name."""
    if hosts is None:
        # no NER: a capital right after a capitalised non-function word mid-sentence ("George Washington")
        if form != "city" or start < 2:
            return False
        prev, before = doc[start - 1], doc[start - 2]
        return prev.is_title and prev.is_alpha and not prev.is_stop and not (before.is_punct or before.is_space)
    ent = hosts.get(start)
    if ent is None or ent.end < end or ent.end - ent.start <= end - start:
        return False
    return ent.label_ in (_CITY_HOSTS if form == "city" else _NAME_HOSTS)


def _after_side_prefix(doc: Doc, start: int) -> bool:
    """"pro-Russian", "anti-American": the word names a side, not the country."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_ or doc[start - 2].whitespace_:
        return False
    return doc[start - 2].lower_ in _SIDE_PREFIXES


@Language.factory(
    "claimscope_actors",
    assigns=["doc.spans"],
    default_config={"spans_key": "actors", "extra_gazetteer": None},
)
def make_actor_finder(nlp: Language, name: str, spans_key: str, extra_gazetteer: Optional[str]) -> ActorFinder:
    """``extra_gazetteer``: a TSV (phrase, code, kind, name[, id]) added on top, e.g. for an evaluation set."""
    gazetteer = load_gazetteer()
    if extra_gazetteer:
        gazetteer = gazetteer.add_tsv(Path(extra_gazetteer))
    return ActorFinder(nlp, gazetteer, spans_key=spans_key)
