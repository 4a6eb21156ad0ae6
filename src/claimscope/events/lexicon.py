"""Load the event lexicon and the CAMEO code table shipped in ``claimscope/data``.

Why pre-indexed: the coder looks at every token of thousands of articles, so rows
are grouped by trigger lemma once, at load, and a token costs one dict lookup.
Both tables are plain TSV so that a linguist can extend them without Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "DEFAULT_NOUN_PREPS",
    "DEFAULT_VERB_PREPS",
    "CameoCode",
    "Entry",
    "Lexicon",
    "load_codes",
    "load_lexicon",
]

DEFAULT_VERB_PREPS: tuple[str, ...] = (
    "to", "against", "on", "with", "at", "toward", "towards", "upon", "into",
)
# nouns: no "at" ("restrictions at the discretion of X" names no target)
DEFAULT_NOUN_PREPS: tuple[str, ...] = tuple(p for p in DEFAULT_VERB_PREPS if p != "at") + ("between",)
_POS = {"VERB", "NOUN"}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One row of the codebook: label, Goldstein weight and quad class."""

    code: str
    label: str
    goldstein: float | None
    quad_class: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon pattern.

    ``objects`` holds alternatives as (modifier, head) pairs; a one-word
    alternative has modifier ``None``.  An empty tuple means no constraint.
    Which row wins among those of one lemma is decided per match by the coder
    (a two-word object match beats one word beats none; ties go to the earlier row).
    """

    lemma: str
    pos: str
    particle: str | None
    objects: tuple[tuple[str | None, str], ...]
    preps: tuple[str, ...]
    code: str
    sym: bool = False
    ccomp: bool = False
    rev: bool = False
    intent: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Lexicon:
    """Entries grouped by (trigger lemma, POS) in file order, and the code table."""

    by_lemma: dict[tuple[str, str], tuple[Entry, ...]]
    codes: dict[str, CameoCode] = field(default_factory=dict)

    def candidates(self, lemma: str, pos: str) -> tuple[Entry, ...]:
        """Entries whose trigger is ``lemma`` with coarse POS ``pos`` (VERB or NOUN)."""
        return self.by_lemma.get((lemma, pos), ())

    def describe(self, code: str) -> CameoCode | None:
        """Codebook row for ``code``."""
        return self.codes.get(code)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_lemma.values())


def _data_path(name: str) -> Path:
    return Path(str(resources.files("claimscope") / "data" / name))


def _variants(lemma: str) -> set[str]:
    """British spellings for -ize/-ization words, so one row covers both."""
    forms = {lemma}
    if "iz" in lemma:
        forms.add(lemma.replace("iz", "is"))
    return forms


def _split(cell: str) -> list[str]:
    return [part.strip().lower() for part in cell.split("|") if part.strip()]


def _objects(cell: str, classes: dict[str, list[str]], where: str) -> tuple[tuple[str | None, str], ...]:
    if cell.strip() == "*":
        return ()
    out: list[tuple[str | None, str]] = []
    for alt in _split(cell):
        expanded = classes.get(alt[1:]) if alt.startswith("@") else [alt]
        if expanded is None:
            raise ValueError(f"{where}: unknown object class {alt!r}")
        for item in expanded:
            words = item.split()
            if len(words) == 1:
                out.append((None, words[0]))
            elif len(words) == 2:
                out.append((words[0], words[1]))
            else:
                raise ValueError(f"{where}: object {item!r} has more than two words")
    return tuple(dict.fromkeys(out))


def _preps(cell: str, pos: str) -> tuple[str, ...]:
    default = DEFAULT_VERB_PREPS if pos == "VERB" else DEFAULT_NOUN_PREPS
    out: list[str] = []
    for part in _split(cell):
        if part == "-":
            continue
        out.extend(default if part == "." else [part])
    return tuple(dict.fromkeys(out))


def _flags(cell: str, where: str) -> dict[str, object]:
    flags: dict[str, object] = {}
    for part in (p.strip() for p in cell.split(",") if p.strip()):
        if part in ("sym", "ccomp", "rev"):
            flags[part] = True
        elif part.startswith("intent="):
            flags["intent"] = part.split("=", 1)[1]
        else:
            raise ValueError(f"{where}: unknown flag {part!r}")
    return flags


def parse_lexicon(lines: list[str], source: str = "<lexicon>") -> list[Entry]:
    """Parse lexicon TSV lines (see the header of ``event_lexicon.tsv``)."""
    classes: dict[str, list[str]] = {}
    entries: list[Entry] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        cells = line.split("\t")
        if cells[0].startswith("@"):
            classes[cells[0][1:].lower()] = _split(cells[1])
            continue
        if len(cells) < 5:
            raise ValueError(f"{where}: expected at least 5 tab-separated columns")
        lemmas, pos, obj, prep, code = (c.strip() for c in cells[:5])
        pos = pos.upper()
        if pos not in _POS:
            raise ValueError(f"{where}: POS must be VERB or NOUN, not {pos!r}")
        flags = _flags(cells[5] if len(cells) > 5 else "", where)
        objects = _objects(obj, classes, where)
        preps = _preps(prep, pos)
        for alt in _split(lemmas):
            words = alt.split()
            if len(words) > 2 or (len(words) == 2 and pos != "VERB"):
                raise ValueError(f"{where}: {alt!r}: only a verb may take one particle")
            particle = words[1] if len(words) == 2 else None
            for form in _variants(words[0]):
                entries.append(Entry(form, pos, particle, objects, preps, code,
                                     line=number, **flags))  # type: ignore[arg-type]
    return entries


def load_codes(path: Path | None = None) -> dict[str, CameoCode]:
    """Read ``cameo_codes.tsv`` (built by ``scripts/build_cameo_tables.py``)."""
    path = path or _data_path("cameo_codes.tsv")
    codes: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            if raw.startswith("#") or raw.startswith("code\t") or not raw.strip():
                continue
            code, label, score, quad = raw.rstrip("\n").split("\t")
            codes[code] = CameoCode(code, label, float(score) if score else None, int(quad))
    return codes


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None, codes_path: Path | None = None) -> Lexicon:
    """Load, validate and index the lexicon; cached because both tables are immutable.

    Raises ``ValueError`` when a row names a code the codebook lacks, so a typo
    cannot silently emit a non-CAMEO code.
    """
    path = path or _data_path("event_lexicon.tsv")
    codes = load_codes(codes_path)
    entries = parse_lexicon(path.read_text(encoding="utf-8").splitlines(), path.name)
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        for code in filter(None, (entry.code, entry.intent)):
            if code not in codes:
                raise ValueError(f"{path.name}:{entry.line}: {code!r} is not a CAMEO code")
        grouped.setdefault((entry.lemma, entry.pos), []).append(entry)
    index = {key: tuple(rows) for key, rows in grouped.items()}
    return Lexicon(by_lemma=index, codes=codes)
