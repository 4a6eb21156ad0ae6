"""Hand-written patterns for techniques whose wording is formulaic.

The trained tagger learns the frequent, word-level techniques (loaded
language, name calling) well but rarely the ones marked by a construction
("if you cannot ..., then ...", "the X regime", "poses a threat to") or by a
document-level fact (a loaded phrase said again and again).  Each rule names
its technique and how far its span reaches: the matched phrase, or on from
the trigger to the end of the sentence for techniques that are a whole
argument (black-and-white, causal oversimplification, whataboutism).

Patterns are general English constructions and word lists; none is fitted to
one article.  Their precision against the PTC annotations is measured by
``scripts/train_techniques.py`` and shipped as each rule's score.

Speed: word lists are matched token by token through one dictionary, and each
construction runs only when one of its trigger words occurs in the text, so
the rules cost a few microseconds per token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal, NamedTuple

import numpy as np

from .features import DocView

Reach = Literal["match", "to_sentence_end", "sentence"]


class RuleHit(NamedTuple):
    start: int
    end: int
    technique: str
    rule: str


@dataclass(frozen=True)
class Rule:
    """A construction: a regex, the words that must occur for it to be worth running, its reach."""

    name: str
    technique: str
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    reach: Reach = "match"


@dataclass(frozen=True)
class LexiconRule:
    """A word list: each listed token is a hit, widened left over intensifiers or capitalised words."""

    name: str
    technique: str
    words: frozenset[str]
    extend_left: frozenset[str] = frozenset()  # words absorbed to the left ("very" dangerous)
    title_left: int = 0  # how many capitalised words to the left are part of the label ("Ukrainian" terrorists)
    not_before: frozenset[str] = frozenset()  # next words that make the hit descriptive ("terrorist attack")


def _plural(*stems: str) -> frozenset[str]:
    """A noun list with its plurals, so lists stay readable."""
    out: set[str] = set()
    for w in stems:
        out.add(w)
        out.add(w[:-1] + "ies" if w.endswith("y") and w[-2] not in "aeiou" else w + ("es" if w.endswith("s") else "s"))
    return frozenset(out)


INTENSIFIERS = frozenset(
    {"very", "extremely", "highly", "incredibly", "so", "most", "really", "too", "deeply", "gravely", "utterly",
     "truly", "absolutely", "totally"}
)
PEJORATIVES = _plural(
    "terrorist", "thug", "puppet", "traitor", "fascist", "nazi", "neo-nazi", "neonazi", "junta", "extremist",
    "radical", "zealot", "lunatic", "bigot", "globalist", "jihadi", "jihadist", "infidel", "tyrant", "dictator",
    "despot", "liar", "crook", "idiot", "moron", "clown", "propagandist", "warmonger", "parasite", "stooge",
    "lackey", "hypocrite", "invader", "usurper", "criminal", "bandit", "savage", "barbarian", "fanatic",
    "sycophant", "snowflake", "scum", "henchman", "crony",
) | {"henchmen", "cronies", "scumbag", "scumbags"}
DESCRIPTIVE_HEADS = _plural(
    "attack", "act", "activity", "organisation", "organization", "group", "cell", "threat", "incident",
    "financing", "network", "plot", "bombing", "designation", "list", "offence", "offense", "case", "charge",
    "record", "investigation", "court", "justice", "law", "code", "suspect", "element",
) | {"activities"}
LOADED = frozenset(
    {"brazen", "brazenly", "outrageous", "outrageously", "disgraceful", "shameful", "shamefully", "shameless",
     "shamelessly", "horrific", "horrendous", "atrocious", "appalling", "disastrous", "catastrophic", "devastating",
     "sinister", "vile", "heinous", "despicable", "monstrous", "barbaric", "ruthless", "ruthlessly", "blatant",
     "blatantly", "shocking", "insane", "absurd", "ridiculous", "ludicrous", "pathetic", "hysterical", "draconian",
     "nefarious", "diabolical", "sham", "farce", "bloodthirsty", "scandalous", "rigged", "hoax", "treacherous",
     "cowardly", "sordid", "venomous", "reckless", "recklessly", "hateful", "evil", "disgusting", "vicious",
     "criminal", "insidious", "abhorrent", "deranged", "rabid"}
)
FEAR_WORDS = frozenset({"dangerous", "threatening", "alarming", "frightening", "terrifying", "perilous"})
GRAVE = frozenset({"existential", "grave", "mortal", "imminent"})
THREATS = frozenset({"threat", "threats", "danger", "dangers", "menace"})
EXAGGERATION = frozenset({"unprecedented", "record-breaking", "countless", "innumerable", "unimaginable"})

LEXICON_RULES: tuple[LexiconRule, ...] = (
    LexiconRule("pejorative_label", "Name_Calling,Labeling", PEJORATIVES, title_left=2, not_before=DESCRIPTIVE_HEADS),
    LexiconRule("loaded_word", "Loaded_Language", LOADED, extend_left=INTENSIFIERS),
    LexiconRule("intensified_danger", "Appeal_to_fear-prejudice", FEAR_WORDS, extend_left=INTENSIFIERS),
    LexiconRule("never_before", "Exaggeration,Minimisation", EXAGGERATION, extend_left=INTENSIFIERS),
)


def _alt(*items: str) -> str:
    return "(?:" + "|".join(items) + ")"


_I = re.IGNORECASE
_THREAT_NOUN = _alt("threat", "danger", "risk", "menace")
_DISASTER = _alt(
    "war", "disaster", "catastrophe", "chaos", "collapse", "bloodshed", "ruin", "destruction", "escalation",
    "annihilation", "extinction",
)
_SLOGANS = _alt(
    r"(?:make|keep) \w+ great again", r"drain the swamp", r"build the wall", r"lock (?:her|him|them) up",
    r"(?:death|glory) to (?:the )?\w+", r"long live (?:the )?\w+", r"no justice,? no peace",
    r"never (?:again|forget|surrender)", r"(?:workers|proletarians) of the world,? unite",
)
_CLICHES = _alt(
    r"it is what it is", r"enough is enough", r"end of story", r"that'?s (?:just )?the way it is",
    r"so be it", r"that says it all", r"that tells you everything", r"nothing to see here", r"time will tell",
    r"boys will be boys", r"everything happens for a reason", r"it goes without saying",
    r"the facts speak for themselves", r"who am i to judge", r"no more games", r"case closed",
    r"at the end of the day", r"(?:it'?s|it is) common sense", r"the rest is history", r"let'?s move on",
    r"don'?t overthink it", r"we all have choices to make",
)
_AUTHORITY_NOUN = _alt(
    r"experts?", r"scientists?", r"analysts?", r"scholars?", r"researchers?", r"professors?", r"specialists?",
    r"political scientists?", r"economists?", r"historians?", r"doctors?", r"studies", r"research",
)
_AUTHORITY_TRIGGERS = ("expert", "scientist", "analyst", "scholar", "research", "professor", "specialist",
                       "economist", "historian", "doctor", "studies")
_REDUCTIO = _alt(
    r"hitler", r"the nazis", r"nazi germany", r"stalin", r"the gestapo", r"the kgb", r"the soviet union",
    r"mussolini", r"the third reich", r"pol pot", r"the khmer rouge", r"mao",
)
_NEGATED_ABILITY = _alt(
    "cannot", "can't", "can’t", "can not", "won't", "won’t", "will not", "do not", "don't", "don’t", "does not",
    "doesn't", "doesn’t", "fail to", "refuse to",
)

_NOT_DETERMINER = r"(?!(?:The|A|An|This|That|These|Those|Its|His|Her|Their|Our|Your|My|Every|Each|No)\b)"

RULES: tuple[Rule, ...] = (
    # name calling and labelling
    Rule("the_x_regime", "Name_Calling,Labeling",
         re.compile(r"\b(?:the\s+)?(?:" + _NOT_DETERMINER + r"[A-Z][\w’'\-]+\s+){1,2}(?:regime|junta|clique|cabal)\b"),
         ("regime", "junta", "clique", "cabal")),
    Rule("regime_of_x", "Name_Calling,Labeling",
         re.compile(r"\b(?:the\s+)?(?:regime|junta|clique) (?:of|in) (?:[A-Z][\w’'\-]+\s?){1,3}"),
         ("regime", "junta", "clique")),
    Rule("so_called", "Name_Calling,Labeling", re.compile(r"\bso-called\s+[\w“\"'‘]+(?:\s+\w+)?", _I), ("so-called",)),
    # appeal to fear
    Rule("poses_threat", "Appeal_to_fear-prejudice",
         re.compile(r"\b(?:pose[sd]?|posing|represents?|constitutes?|is|are|becomes?)\s+(?:a|an)\s+(?:\w+\s+)?"
                    + _THREAT_NOUN + r"\s+to\s+[\w’'\- ]{2,40}?(?=[,.;:!?\n]|$| and | because )", _I),
         ("threat", "danger", "risk", "menace")),
    Rule("grave_danger", "Appeal_to_fear-prejudice",
         re.compile(r"\b(?:existential|grave|mortal|serious|imminent|direct)\s+" + _THREAT_NOUN + r"s?\b", _I),
         ("threat", "danger", "risk", "menace")),
    Rule("will_not_forgive", "Appeal_to_fear-prejudice",
         re.compile(r"\b(?:will|would) (?:not|never) forgive\b[^.!?\n]*", _I), ("forgive",)),
    Rule("beware", "Appeal_to_fear-prejudice",
         re.compile(r"\b(?:must|should|need to|have to) beware of\b[^.!?\n]*", _I), ("beware",)),
    Rule("lead_to_disaster", "Appeal_to_fear-prejudice",
         re.compile(r"\b(?:could|would|will|may|might)\s+(?:\w+\s+)?(?:lead|result|end)\s+(?:to|in)\s+(?:a\s+|an\s+)?"
                    r"(?:\w+\s+)?" + _DISASTER + r"\b", _I), ("lead", "result", "end")),
    Rule("before_too_late", "Appeal_to_fear-prejudice", re.compile(r"\bbefore it(?:'s|’s| is) too late\b", _I),
         ("too late",)),
    # black-and-white fallacy
    Rule("if_cannot_then", "Black-and-White_Fallacy",
         re.compile(r"\bif\s+(?:\w+\s+){1,3}" + _NEGATED_ABILITY + r"\b[^.!?\n]{0,160}?,?\s*then\b", _I),
         ("then",), "to_sentence_end"),
    Rule("either_or", "Black-and-White_Fallacy",
         re.compile(r"\beither\s+(?:with\s+us|you|we|they)\b[^.!?\n]{1,100}?\bor\b", _I), ("either",),
         "to_sentence_end"),
    Rule("no_alternative", "Black-and-White_Fallacy",
         re.compile(r"\b(?:there is|there's|there’s|we have|there are)\s+no\s+(?:other\s+)?"
                    r"(?:alternative|choice|option|middle ground|other way)s?\b", _I),
         ("alternative", "choice", "option", "middle ground", "other way"), "sentence"),
    Rule("only_way", "Black-and-White_Fallacy",
         re.compile(r"\bthe only (?:way|option|solution|choice|alternative|answer)\b", _I), ("the only",),
         "to_sentence_end"),
    # causal oversimplification
    Rule("responsible_for_attack", "Causal_Oversimplification",
         re.compile(r"\b(?:responsible|to blame)\s+for\s+(?:the\s+|these\s+|this\s+|those\s+)?(?:[\w’'\-]+\s+){0,3}"
                    r"(?:attacks?|crisis|deaths?|war|violence|killings?|massacres?|events|bombings?|tragedy)\b"
                    r"[^.!?\n,]*", _I), ("responsible", "to blame")),
    Rule("real_reason", "Causal_Oversimplification",
         re.compile(r"\bthe (?:real|only|sole|true|root|main) (?:reason|cause|culprit|explanation)\b", _I),
         ("reason", "cause", "culprit", "explanation"), "to_sentence_end"),
    Rule("simply_because", "Causal_Oversimplification",
         re.compile(r"\b(?:simply|solely|only|just|purely)\s+because\b", _I), ("because",), "to_sentence_end"),
    # doubt
    Rule("rhetorical_question", "Doubt",
         re.compile(r"(?:(?<=^)|(?<=[.!?\n]\s)|(?<=\n))\s*(?:and |but )?(?:how can|how could|why would|why did|"
                    r"why does|why is|why are|who really|is it any wonder|can we really|can anyone|what kind of|"
                    r"how is it possible)\b[^?\n]{3,200}\?", _I | re.MULTILINE), ("?",)),
    Rule("questions_remain", "Doubt",
         re.compile(r"\b(?:questions?|doubts?)\s+(?:remain|arise|persist|linger)s?\b[^.!?\n]*", _I),
         ("question", "doubt")),
    Rule("credibility", "Doubt",
         re.compile(r"\b(?:credibility|reliability|legitimacy|honesty|integrity)\s+of\s+(?:the\s+)?[\w’'\- ]{2,40}?"
                    r"(?=[,.;:!?\n]| is | was | has )", _I),
         ("credibility", "reliability", "legitimacy", "honesty", "integrity")),
    # whataboutism, straw men, red herring
    Rule("what_about", "Whataboutism,Straw_Men,Red_Herring", re.compile(r"\bwhat about\b", _I), ("what about",),
         "to_sentence_end"),
    Rule("double_standard", "Whataboutism,Straw_Men,Red_Herring", re.compile(r"\bdouble standards?\b", _I),
         ("double standard",), "sentence"),
    Rule("want_you_to_believe", "Whataboutism,Straw_Men,Red_Herring",
         re.compile(r"\b(?:they|critics|the media|liberals|the left|the right)\s+(?:want|would have)\s+you\s+"
                    r"(?:to\s+)?believe\b", _I), ("believe",), "to_sentence_end"),
    # flag-waving
    Rule("our_nation", "Flag-Waving",
         re.compile(r"\bour\s+(?:great\s+|beloved\s+)?(?:nation|country|homeland|motherland|fatherland|people|"
                    r"soldiers|troops|flag|heroes|values|way of life|children|sovereignty)\b", _I), ("our ",)),
    Rule("the_x_people", "Flag-Waving",
         re.compile(r"\bthe\s+[A-Z][a-z]+(?:an|ish|ese|ian|i)\s+(?:people|nation|society|patriots)\b"),
         ("people", "nation", "society", "patriots")),
    Rule("patriotism", "Flag-Waving",
         re.compile(r"\b(?:patriot(?:s|ic|ism)?|national\s+(?:interests?|pride|honou?r|sovereignty|identity))\b", _I),
         ("patriot", "national")),
    # slogans
    Rule("known_slogan", "Slogans", re.compile(r"\b" + _SLOGANS + r"\b", _I),
         ("great again", "swamp", "wall", "lock", "death to", "glory to", "long live", "justice", "never", "unite")),
    Rule("quoted_exclamation", "Slogans", re.compile(r"(?<=[“\"])[^”\"\n]{3,40}!(?=[”\"])"), ("!",)),
    # thought-terminating clichés
    Rule("cliche", "Thought-terminating_Cliches", re.compile(r"\b" + _CLICHES + r"\b", _I),
         ("is what it is", "enough", "end of story", "the way it is", "so be it", "says it all", "tells you",
          "nothing to see", "time will tell", "boys will", "reason", "without saying", "speak for themselves",
          "to judge", "no more games", "case closed", "end of the day", "common sense", "history", "move on",
          "overthink", "choices")),
    # appeal to authority
    Rule("according_to_expert", "Appeal_to_Authority",
         re.compile(r"\baccording to (?:the |a |an |many |leading )?(?:[\w\-]+ ){0,2}" + _AUTHORITY_NOUN + r"\b", _I),
         ("according to",), "to_sentence_end"),
    Rule("experts_say", "Appeal_to_Authority",
         re.compile(r"\b(?:many |leading |top |most )?" + _AUTHORITY_NOUN + r"\s+(?:say|says|agree|agrees|show|shows|"
                    r"confirm|confirms|warn|warns|prove|proves)\b", _I), _AUTHORITY_TRIGGERS, "to_sentence_end"),
    # exaggeration and minimisation
    Rule("superlative_ever", "Exaggeration,Minimisation",
         re.compile(r"\b(?:the\s+)?(?:worst|greatest|biggest|largest|most\s+\w+)\s+(?:[\w\-]+\s+){0,3}"
                    r"(?:ever|in\s+(?:the\s+)?(?:\w+\s+)?history|of\s+all\s+time)\b", _I),
         ("ever", "history", "all time")),
    Rule("thousands_upon", "Exaggeration,Minimisation",
         re.compile(r"\b(thousands|millions|billions|hundreds)\s+(?:and|upon|of)\s+\1\b", _I),
         ("thousands", "millions", "billions", "hundreds")),
    Rule("mere_minimise", "Exaggeration,Minimisation",
         re.compile(r"\b(?:nothing\s+more\s+than|no\s+more\s+than\s+a|a\s+mere|merely\s+a)\b[^.,;!?\n]{0,40}", _I),
         ("more than", "mere")),
    # bandwagon, reductio ad hitlerum
    Rule("everyone_knows", "Bandwagon,Reductio_ad_hitlerum",
         re.compile(r"\b(?:everyone|everybody|all\s+(?:\w+\s+)?(?:people|americans|experts))\s+(?:knows?|agrees?|"
                    r"understands?|sees?)\b", _I), ("everyone", "everybody", "all "), "to_sentence_end"),
    Rule("like_hitler", "Bandwagon,Reductio_ad_hitlerum",
         re.compile(r"\b(?:like|just as|reminiscent of|akin to|comparable to|worthy of|same as)\s+" + _REDUCTIO + r"\b",
                    _I), ("hitler", "nazi", "stalin", "gestapo", "kgb", "soviet", "mussolini", "reich", "pol pot",
                          "khmer", "mao")),
)


def _sentence_of(sent_starts: np.ndarray, sent_ends: np.ndarray, pos: int) -> tuple[int, int]:
    i = max(int(np.searchsorted(sent_starts, pos, side="right")) - 1, 0)
    return int(sent_starts[i]), int(sent_ends[i])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and sentence punctuation so spans slice cleanly."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!"):
        end -= 1
    return start, end


def _trigger_windows(lower: str, triggers: tuple[str, ...], starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    """Char windows (runs of adjacent sentences) that contain a trigger: the only text a rule needs to scan."""
    positions: list[int] = []
    for t in triggers:
        i = lower.find(t)
        while i >= 0:
            positions.append(i)
            i = lower.find(t, i + 1)
    if not positions:
        return []
    ids = np.unique(np.maximum(np.searchsorted(starts, np.asarray(positions), side="right") - 1, 0))
    windows: list[tuple[int, int]] = []
    previous = -2
    for k in ids.tolist():
        if k == previous + 1:
            windows[-1] = (windows[-1][0], int(ends[k]))
        else:
            windows.append((int(starts[k]), int(ends[k])))
        previous = k
    return windows


def pattern_hits(
    text: str, sentences: Iterable[tuple[int, int]], rules: Iterable[Rule] = RULES, lower: str | None = None
) -> list[RuleHit]:
    """Every construction match, extended to the sentence where the rule says so."""
    lower = text.lower() if lower is None else lower
    sents = sorted(sentences) or [(0, len(text))]
    starts = np.asarray([s for s, _ in sents])
    ends = np.asarray([e for _, e in sents])
    hits: list[RuleHit] = []
    for rule in rules:
        for w0, w1 in _trigger_windows(lower, rule.triggers, starts, ends):
            for m in rule.pattern.finditer(text, w0, w1):
                s, e = m.start(), m.end()
                if rule.reach != "match":
                    ss, se = _sentence_of(starts, ends, s)
                    e = max(e, se)
                    if rule.reach == "sentence":
                        s = ss
                s, e = _trim(text, s, e)
                if e > s:
                    hits.append(RuleHit(s, e, rule.technique, rule.name))
    return hits


def lexicon_hits(view: DocView, rules: Iterable[LexiconRule] = LEXICON_RULES) -> list[RuleHit]:
    """Word-list matches on tokens, one dictionary pass over the document."""
    by_word: dict[str, list[LexiconRule]] = {}
    for rule in rules:
        for w in rule.words:
            by_word.setdefault(w, []).append(rule)
    words = view.words
    n = len(words)
    hits: list[RuleHit] = []
    for i, w in enumerate(words):
        matched = by_word.get(w)
        if not matched:
            continue
        for rule in matched:
            if i + 1 < n and words[i + 1] in rule.not_before:
                continue
            lo = i
            while lo > 0 and words[lo - 1] in rule.extend_left:
                lo -= 1
            for _ in range(rule.title_left):
                if lo > 0 and view.is_title[lo - 1] and view.sent_id[lo - 1] == view.sent_id[i] and lo - 1 != int(
                    view.sent_bounds[view.sent_id[i], 0]
                ):
                    lo -= 1
            hits.append(RuleHit(int(view.start[lo]), int(view.end[i]), rule.technique, rule.name))
    return hits


def repetition_hits(view: DocView, loaded_words: frozenset[str], *, max_n: int = 2) -> list[RuleHit]:
    """Loaded words or phrases said again in one article; every mention after the first is marked
    (the first is not yet a repetition, and annotators mostly mark the later ones).

    A phrase counts when it recurs (twice for phrases of two words or more,
    three times for a single word), starts with a content word or an
    intensifier, ends with a content word, and holds at least one word the
    corpus marks as loaded: without that last condition every name in the
    article would be "repetition".  Shorter phrases inside a longer repeated
    one with the same number of occurrences are left out.
    """
    words = view.words
    n_tok = len(view)
    ok = (view.is_alpha & ~view.is_space).tolist()
    content = (view.is_alpha & ~view.is_space & ~view.is_stop).tolist()
    sent = view.sent_id.tolist()
    found: dict[tuple[str, ...], set[int]] = {}
    for p in (i for i, w in enumerate(words) if w in loaded_words):
        for n in range(1, max_n + 1):
            for i in range(max(p - n + 1, 0), min(p, n_tok - n) + 1):
                j = i + n - 1
                if not content[j] or sent[i] != sent[j] or not all(ok[i : j + 1]):
                    continue
                if not content[i] and words[i] not in INTENSIFIERS:
                    continue
                found.setdefault(tuple(words[i : j + 1]), set()).add(i)
    kept = {g: pos for g, pos in found.items() if len(pos) >= (3 if len(g) == 1 else 2)}
    out: list[RuleHit] = []
    for gram, positions in kept.items():
        n = len(gram)
        covered = any(
            len(other) > n and len(kept[other]) == len(positions) and _contains(other, gram) for other in kept
        )
        if covered:
            continue
        for i in sorted(positions)[1:]:
            out.append(RuleHit(int(view.start[i]), int(view.end[i + n - 1]), "Repetition", f"repeated_{n}gram"))
    return out


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def rule_hits(view: DocView, sentences: Iterable[tuple[int, int]], loaded_words: frozenset[str]) -> list[RuleHit]:
    """All rule hits for one document, sorted by position."""
    hits = pattern_hits(view.text, sentences, lower=view.lower_text)
    hits += lexicon_hits(view)
    hits += repetition_hits(view, loaded_words)
    return sorted(set(hits))
