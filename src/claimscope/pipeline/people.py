"""People: names, their roles, and every later reference to them (short names, "the expert", "he").

Rules over spaCy's NER and parse, in the order a careful reader resolves them:
full names first, then surnames, then role nouns, then pronouns to the most
recent person.  Anything the gazetteer knows as a place or state is not a person
("Kyiv" is sometimes tagged PERSON by small models).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..name_gender import first_name_gender
from ..people_actors import affiliation
from . import extensions  # noqa: F401
from .extensions import text_of
from .lexicon import PERSONAL_PRONOUNS, role_nouns

_NAME_PARTICLES = {"de", "van", "von", "der", "al", "bin", "el", "la", "le", "da", "di"}
_NOT_NAME = {"mr", "mrs", "ms", "dr", "prof", "sir", "the"}
_TITLE_ABBR = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sen.", "rep.", "gov.", "gen."}


@dataclass
class PersonRecord:
    """One person of the article; ``mentions`` are ``(start, end)`` char offsets in text order."""

    id: str
    name: str
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    actor: str | None = None  # CAMEO code of the affiliation ("USAGOV"), when the text or a dictionary tells it

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def add_role(self, role: str) -> None:
        role = role.strip()
        if role and role not in self.roles:
            self.roles.append(role)


#: a name longer than this is a list of names run together (a poll widget, a byline block)
_MAX_NAME_WORDS = 5
_ODD_CAPS = re.compile(r"^[A-Z][a-z]*[A-Z]")  # 'MeK', 'McX' is fine: see _not_a_person


def _not_a_person(span: Span, places: set[str]) -> bool:
    """NER's PERSON spans that are not people: abbreviated states ('N. Korea'), acronyms
    written in mixed case ('MeK'), fragments after a possessive ('’s Hoa Lo'), several
    names run together, or a known place."""
    words = span.text.split()
    if not words or len(words) > _MAX_NAME_WORDS or "\n" in span.text or "," in span.text:
        return True
    if words[0][:1] in "'’" or not words[0][:1].isupper():
        return True
    if any(w.lower().strip(".") in places for w in words[-1:]):
        return True
    if len(words) == 1 and len(words[0]) <= 4 and _ODD_CAPS.match(words[0]) and not words[0].startswith(("Mc", "Mac", "De", "Di", "Le", "La")):
        return True
    return False


def _is_name_token(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ not in _NOT_NAME and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X", "ADV")


def _name_span(doc: Doc, ent: Span, roles: frozenset[str] = frozenset()) -> Span:
    """Grow an NER PERSON span over adjacent capitalised name tokens ("Vasily" + "Koltashov")."""
    start, end = ent.start, ent.end
    while start > 0 and _is_name_token(doc[start - 1]) and doc[start - 1].ent_type_ in ("", "PERSON") and doc[start - 1].whitespace_ and doc[start - 1].lower_ not in roles:
        if doc[start - 1].i == doc[start - 1].sent.start and not doc[start - 1].pos_ == "PROPN":
            break
        start -= 1
    while end < len(doc) and _is_name_token(doc[end]) and doc[end].ent_type_ in ("", "PERSON") and doc[end - 1].whitespace_:
        end += 1
    # strip possessive and titles
    while end > start and doc[end - 1].lower_ in ("'s", "’s"):
        end -= 1
    # titles and role words the tagger pulled into the name: 'Mayor Omar Haddad'
    while end - start > 1 and (doc[start].lower_.rstrip(".") in _NOT_NAME or doc[start].lower_ in roles):
        start += 1
    return doc[start:end]


def _role_before(doc: Doc, name: Span, roles: frozenset[str]) -> str | None:
    """Premodifier role: 'political scientist Vasily Koltashov', 'Foreign Minister Lavrov'."""
    i = name.start - 1
    words: list[Token] = []
    while i >= 0 and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") and not doc[i].is_punct and (doc[i].ent_type_ != "PERSON" or doc[i].lower_ in roles):
        if doc[i].pos_ == "PROPN" and not doc[i].text.istitle():
            break
        words.insert(0, doc[i])
        i -= 1
        if len(words) >= 4:
            break
    return _longest_role(words, roles)


def _longest_role(words: list[Token], roles: frozenset[str]) -> str | None:
    """The role phrase ending at the last word whose head noun is a known role."""
    if not words:
        return None
    head = words[-1].lower_
    if head not in roles and words[-1].lemma_.lower() not in roles:
        return None
    # keep lowercase modifiers ('political scientist'); drop capitalised org names only if they are first
    phrase = [w.text if w.ent_type_ in ("NORP", "GPE", "ORG") else w.lower_ for w in words]
    return " ".join(phrase)


def _role_after(doc: Doc, name: Span, roles: frozenset[str]) -> str | None:
    """Apposition role: 'Dmitry Peskov, the Kremlin spokesman,' / 'Jane Roe, an analyst at X'."""
    i = name.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    if j < len(doc) and doc[j].lower_ in ("the", "a", "an"):
        j += 1
    words: list[Token] = []
    while j < len(doc) and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and len(words) < 5:
        words.append(doc[j])
        j += 1
    # 'the head of X' etc.: stop at the first role noun
    for k in range(len(words), 0, -1):
        role = _longest_role(words[:k], roles)
        if role:
            return role
    return None


def _nominal_mentions(doc: Doc, roles: frozenset[str]) -> list[tuple[Span, str]]:
    """'the expert', 'the political scientist': definite role phrases not followed by a name."""
    found = []
    for tok in doc:
        if tok.lower_ != "the":
            continue
        words: list[Token] = []
        j = tok.i + 1
        while j < len(doc) and doc[j].pos_ in ("NOUN", "ADJ") and doc[j].is_lower and len(words) < 3:
            words.append(doc[j])
            j += 1
        if not words or (j < len(doc) and (doc[j].ent_type_ == "PERSON" or doc[j].lower_ == "of")):
            continue
        if words[-1].tag_ in ("NNS", "NNPS"):
            continue
        role = _longest_role(words, roles)
        if role:
            found.append((doc[tok.i : j], role))
    return found


class PeopleFinder:
    """Writes ``doc._.people`` (list of PersonRecord) and ``doc.spans['people']`` (mention spans,
    ``label_`` = person id)."""

    def __init__(self, spans_key: str = "people", actors_key: str = "actors", resolve_pronouns: bool = True):
        self.spans_key = spans_key
        self.actors_key = actors_key
        self.resolve_pronouns = resolve_pronouns
        self.roles = role_nouns()
        self._place_words: frozenset[str] | None = None

    def __call__(self, doc: Doc) -> Doc:
        actor_chars = self._actor_chars(doc)
        names: list[Span] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            span = _name_span(doc, ent, self.roles)
            if not span.text or not any(ch.isalpha() for ch in span.text):
                continue
            if any(i in actor_chars for i in range(span.start_char, span.end_char)):
                continue
            if _not_a_person(span, self._places):
                continue
            names.append(span)
        names = self._trusted(doc, names)
        people: list[PersonRecord] = []
        mentions: dict[tuple[int, int], PersonRecord] = {}
        # full names first, so surnames can attach to them wherever they occur
        for span in sorted(names, key=lambda s: (-len(s), s.start)):
            person = self._match(people, span.text)
            if person is False:
                continue  # a surname two people share ('Clinton' beside Bill and Hillary): nobody's
            if person is None:
                person = PersonRecord(id="", name=span.text)
                people.append(person)
            mentions[(span.start_char, span.end_char)] = person
            role = _role_before(doc, span, self.roles) or _role_after(doc, span, self.roles)
            if role:
                person.add_role(role)
                country = self._country_near(doc, span)
                if country and not person.actor:
                    person.actor = affiliation(person.name, [role], country, self._date(doc))
        date = self._date(doc)
        for person in people:
            if person.actor is None:
                person.actor = affiliation(person.name, person.roles, None, date)
        # surnames the tagger missed (only a surname one person has)
        surnames = [p.surname for p in people]
        for person in people:
            if surnames.count(person.surname) > 1:
                continue
            for m in re.finditer(rf"\b{re.escape(person.surname)}\b", text_of(doc)):
                key = (m.start(), m.end())
                if not any(s <= key[0] < e for s, e in mentions):
                    mentions[key] = person
        self._resolve_references(doc, people, mentions)
        # stable ids in order of first appearance
        ordered = sorted(mentions.items())
        seen: list[PersonRecord] = []
        for _, person in ordered:
            if person not in seen:
                seen.append(person)
        for n, person in enumerate(seen, 1):
            person.id = f"p{n}"
        for (s, e), person in ordered:
            person.mentions.append((s, e))
        doc._.people = seen
        spans = []
        for (s, e), person in ordered:
            span = doc.char_span(s, e, label=person.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    @property
    def _places(self) -> frozenset[str]:
        """Lower-case names of countries and places the gazetteer knows ('korea', 'gaza')."""
        if self._place_words is None:
            from ..gazetteer import load_gazetteer

            self._place_words = frozenset(p.lower() for p, e in load_gazetteer().phrases() if " " not in p and e.kind == "country")
        return self._place_words

    @staticmethod
    def _trusted(doc: Doc, names: list[Span]) -> list[Span]:
        """Drop one-word PERSON spans that nothing else backs: a lone capitalised word the
        small model calls a person ('Brexit', 'Politifact') is kept only when it is the last
        word of a full name in the text, follows a title, is named twice, or is a known first
        name or dictionary person."""
        from ..people_actors import lookup_person

        full = {w for s in names if len(s) > 1 for w in s.text.split()}
        counts: dict[str, int] = {}
        for s in names:
            counts[s.text] = counts.get(s.text, 0) + 1
        kept = []
        for s in names:
            if len(s) == 1 and s.text not in full and counts[s.text] < 2:
                before = doc[s.start - 1].lower_ if s.start > 0 else ""
                if before not in _TITLE_ABBR and before.rstrip(".") not in _NOT_NAME and first_name_gender(s.text) is None and lookup_person(s.text) is None:
                    continue
            kept.append(s)
        return kept

    def _country_near(self, doc: Doc, name: Span) -> str | None:
        """The state a role phrase names next to a person ('U.S. Defense Secretary Mark Esper',
        'an assistant in Iran's judiciary'): the nearest actor mention within the sentence
        a few words before the name or in its apposition."""
        sent = name.sent
        best: tuple[int, str] | None = None
        for span in doc.spans.get(self.actors_key, []):
            if span.start < sent.start or span.end > sent.end:
                continue
            gap = name.start - span.end if span.end <= name.start else span.start - name.end
            if 0 <= gap <= 4 or (span.start > name.end and gap <= 10 and doc[name.end].text == ","):
                if best is None or gap < best[0]:
                    best = (gap, (span.kb_id_ or span.label_)[:3])
        return best[1] if best else None

    @staticmethod
    def _date(doc: Doc) -> str | None:
        art = doc._.article
        published = getattr(art, "published", None) if art is not None else None
        return published[:10] if published else None

    def _actor_chars(self, doc: Doc) -> set[int]:
        if self.actors_key not in doc.spans:
            return set()
        return {i for span in doc.spans[self.actors_key] if span.label_[:3].isupper() for i in range(span.start_char, span.end_char)}

    @staticmethod
    def _match(people: list[PersonRecord], text: str) -> PersonRecord | None | bool:
        """The person a name refers to; ``False`` when a one-word name fits several people."""
        words = text.split()
        for person in people:
            if text == person.name:
                return person
        if len(words) == 1:
            fits = [p for p in people if words[0] == p.surname] or [p for p in people if words[0] in p.name.split()]
            if len(fits) > 1:
                return False
            return fits[0] if fits else None
        for person in people:
            if words[-1] == person.surname and words[0][0] == person.name[0]:
                return person
        return None

    def _resolve_references(self, doc: Doc, people: list[PersonRecord], mentions: dict[tuple[int, int], PersonRecord]) -> None:
        """Nominal role phrases and pronouns go to the most recent fitting person.

        One pass in text order over a sorted timeline of mentions (bisect), so long
        articles with hundreds of pronouns stay linear-ish.
        """
        if not people:
            return
        refs: list[tuple[int, int, str, str]] = [(s.start_char, s.end_char, "nominal", role) for s, role in _nominal_mentions(doc, self.roles)]
        if self.resolve_pronouns:
            refs += [(t.idx, t.idx + len(t), "pronoun", "") for t in doc if t.lower_ in PERSONAL_PRONOUNS and t.pos_ == "PRON"]
        timeline = sorted(((s, p) for (s, _e), p in mentions.items()), key=lambda x: x[0])
        starts = [s for s, _ in timeline]
        genders = {id(p): _gender(doc, p, timeline) for p in people}
        for start, end, kind, role in sorted(refs):
            idx = bisect.bisect_left(starts, start)
            candidate = None
            if kind == "nominal":
                head = role.split()[-1]
                holders = [p for p in people if any(r == role or r.split()[-1] == head for r in p.roles)]
                if holders:
                    last = {id(p): -1 for p in holders}
                    for s_, p in timeline[:idx]:
                        if id(p) in last:
                            last[id(p)] = s_
                    candidate = max(holders, key=lambda p: last[id(p)])
                elif len(people) == 1:
                    candidate = people[0]
                    candidate.add_role(role)
            elif idx and start - timeline[idx - 1][0] < 600:
                candidate = _salient(doc, timeline, idx, start, text_of(doc)[start:end].lower(), genders)
            if candidate is not None:
                mentions[(start, end)] = candidate
                timeline.insert(idx, (start, candidate))
                starts.insert(idx, start)


_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE_ROLES = ("woman", "wife", "mother", "queen", "princess", "actress", "daughter", "sister")
_MALE_ROLES = ("spokesman", "congressman", "chairman", "king", "prince", "husband", "father", "son", "brother")


def _gender(doc: Doc, person: PersonRecord, timeline: list[tuple[int, PersonRecord]]) -> str | None:
    """'m' / 'f' when the text says so (Mr/Mrs/Ms before a mention, a gendered role) or the
    first name does (gender-guesser's table: 'Michael' m, 'Hillary' f), else None."""
    roles = " ".join(person.roles)
    if any(r in roles for r in _FEMALE_ROLES):
        return "f"
    if any(r in roles.split() for r in _MALE_ROLES):
        return "m"
    for start, who in timeline:
        if who is person:
            before = text_of(doc)[max(0, start - 5) : start].lower()
            if "mr." in before or "mr " in before:
                return "m"
            if any(t in before for t in ("mrs", "ms.", "ms ")):
                return "f"
    words = person.name.split()
    return first_name_gender(words[0]) if len(words) > 1 else None


def _is_subject(doc: Doc, char: int) -> bool:
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    if tok is None:
        return False
    root = tok.root
    if root.dep_ in ("compound", "flat") and root.head.dep_ in ("nsubj", "nsubjpass"):
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _salient(doc: Doc, timeline: list[tuple[int, PersonRecord]], idx: int, start: int, pronoun: str, genders: dict[int, str | None]) -> PersonRecord | None:
    """The antecedent of a pronoun, or None when the text does not settle it.

    Candidates are the people named in the last 600 characters whose gender fits.  One
    candidate: them.  Several: the subject of this or the previous sentence if its gender
    is known to fit ("Trump attacked Clinton. He said …"), else the one whose gender is
    known to fit; otherwise nobody — a wrong speaker is worse than none."""
    want = "m" if pronoun in _MALE else "f"
    here = doc.char_span(start, start + len(pronoun), alignment_mode="expand")
    window_start = 0
    if here is not None:
        sent = here.sent
        window_start = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    candidates: list[PersonRecord] = []
    subject: PersonRecord | None = None
    for j in range(idx - 1, -1, -1):
        s_, person = timeline[j]
        if start - s_ > 600:
            break
        if genders[id(person)] not in (want, None):
            continue
        if person not in candidates:
            candidates.append(person)
        if subject is None and s_ >= window_start and _is_subject(doc, s_):
            subject = person
    if len(candidates) == 1:
        return candidates[0]
    if subject is not None and genders[id(subject)] == want:
        return subject
    known = [p for p in candidates if genders[id(p)] == want]
    if len(known) == 1:
        return known[0]
    if subject is not None and candidates[0] is subject:
        return subject  # the most recent person is also the subject: as good as it gets
    return None


@Language.factory("claimscope_people", assigns=["doc._.people", "doc.spans"], default_config={"spans_key": "people", "actors_key": "actors", "resolve_pronouns": True})
def make_people_finder(nlp: Language, name: str, spans_key: str, actors_key: str, resolve_pronouns: bool) -> PeopleFinder:
    return PeopleFinder(spans_key=spans_key, actors_key=actors_key, resolve_pronouns=resolve_pronouns)
