"""Build ``data/person_actors.tsv`` and ``data/phoenix_agents.tsv`` from the PETRARCH2 dictionaries.

Why a build step: the runtime must not read ``../shared``; ``claimscope.people_actors``
reads these two compact tables from the package instead. Source: the Phoenix actor and
agent dictionaries of PETRARCH2 (MIT, (c) Open Event Data Alliance), copied byte for
byte into ``shared/datasets/cameo/petrarch2`` (its README documents the line formats).

``person_actors.tsv``, one line per person record: ``codes  names  surnames``.

* ``codes``: the record's codes in file order, each ``CODE:start:end`` (``YYYYMMDD``, end
  exclusive, empty = unbounded; ``CODE::`` is undated). Malformed dates drop their code.
* ``names``: ``|``-joined normalised keys (``normalize_name``) of two words or more: every
  phrase of the record that reads as a person's name once leading titles are cut
  ("US_PRESIDENT_BARACK_OBAMA" -> "barack obama"; "OBAMA_ADMINISTRATION" is dropped), and
  the "first last" form of the longer ones ("george w bush" -> "george bush").
* ``surnames``: one-word keys, reported weak by the runtime: a lone word the record lists
  ("+OBAMA") unless another record lists it too; the last word of its names when no record
  lists that word alone and no other person (no record with different codes) has it.

A record counts as a person when it has a dated code and is not a state (no bare
three-letter country code), or, undated, when its first phrase is a name whose first word
is a known first name (gender-guesser's table), which separates "Manfred Nowak" from
"Taubman Centers" in the international file. Only name-like phrases become keys, so an
organisation record with a leader's name as a synonym contributes just that name.

``phoenix_agents.tsv``: ``phrase  code  country  weak  source``, one line per written form
of an agent phrase (regular and listed plurals, ``!PERSON!``/``!MINIST!`` sets, the
``MINIST`` stems); ``code`` as in the dictionary (``~GOV`` suffix, ``IGO~`` prefix) or
``-`` for no affiliation. Rows with source ``claimscope`` are this project's additions.

Run: ``.venv/bin/python scripts/build_person_actors.py [--shared ../shared]``.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from claimscope.people_actors import _TITLES, normalize_name  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
DATA = ROOT / "src" / "claimscope" / "data"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
CODE_RE = re.compile(r"\[([^\]]*)\]")
Codes = tuple[tuple[str, str, str], ...]  # (code, ISO start or "", ISO end or "")
AgentRow = tuple[str, str, str, str, str]  # phrase, code, implied country, weak, source

# A phrase ending in one of these names an institution, not a person ("Obama administration",
# "Anti-Racist Guerrilla Nuclei"); the list grew from reading what the rules let through.
ORG_WORDS = frozenset(
    """administration government regime cabinet party council army front movement organization
    organisation brigade brigades coalition authority assembly committee union republic state
    kingdom ministry department office agency commission court forces force group inc corp
    corporation company co ltd llc plc bank fund association society foundation institute
    university center centre network alliance league federation observatory federal national
    trust holdings international services systems industries partners bureau team club
    initiative program programme project mission staff family clan tribe people camp stores
    partnership cross cell cells nuclei nucleus aid tech foods defenders resorts outfitters
    investments fellowship rifles mujahideen mujahidin commando commandos flame struggle
    guerrilla guerrillas battalion battalions legion squad squads unit units corps fighters
    martyrs revolutionaries resistance liberation islam islamiyya sharia jihad watch rights
    media news radio tv times post press community youths youth command sena internationale
    freemen""".split()
)
# First words gender-guesser lists as given names that start group names here ("Al-Haq").
NOT_A_FIRST_NAME = frozenset("al el the anti red black new pro free five viva".split())
# ... and one of these before the last word means the phrase still carries a role or an
# institution ("cia director john brennan", "leader of the opposition").
NOT_IN_NAME = _TITLES | ORG_WORDS | frozenset(
    """director chief leader adviser advisor chairman chairwoman chair commander head envoy
    spokesman spokeswoman spokesperson official officials communist of the and for""".split()
)

# Project rows for the role table: forms the dictionary lacks, and words it codes in a sense
# news rarely means (a spokesperson speaks for whoever the phrase names, not for the media).
SPOKESPEOPLE = ("spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokesperson", "spokespersons", "spokespeople")
EXTRA_AGENTS: list[tuple[str, str, str, str]] = [  # phrase, code, implied country, weak
    *[(w, "~GOV", "", "0") for w in ("minister", "ministers", "ministry", "ministries")],
    *[(f"{w} of {d}", "~GOVMIL", "", "0") for w in ("minister", "ministry") for d in ("defense", "defence")],
    ("official", "~GOV", "", "1"),
    ("officials", "~GOV", "", "1"),
    ("rep", "~LEG", "USA", "0"),
    ("reps", "~LEG", "USA", "0"),
    ("sen", "~LEG", "USA", "0"),
    ("representative", "~LEG", "", "0"),
    ("trade representative", "~GOV", "", "0"),
    ("special representative", "~GOV", "", "0"),
    *[(w, "-", "", "0") for w in SPOKESPEOPLE],
]
# Dictionary rows that also imply the United States (the US House's titles).
IMPLIES_USA = frozenset(
    """congressman congressmen congresswoman congresswomen congressperson""".split()
    + ["member of congress", "members of congress"]
)
WEAK_AGENTS = frozenset(["deputy", "deputies"])  # "deputy foreign minister": the head decides


@dataclass
class Record:
    file: str
    line: int
    phrases: list[str]
    raw_codes: list[str] = field(default_factory=list)


def read_records(path: Path) -> Iterator[Record]:
    """Records of one actor file: primary phrase, ``+`` synonyms, bracketed codes."""
    record: Record | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        if line.startswith("["):
            if record is not None:
                record.raw_codes += CODE_RE.findall(line)
        elif line.startswith("+"):
            if record is not None:
                record.phrases.append(line[1:].strip())
        else:
            if record is not None:
                yield record
            found = CODE_RE.search(line)
            phrase = line[: found.start()].strip() if found else line
            record = Record(path.name, lineno, [phrase], CODE_RE.findall(line))
    if record is not None:
        yield record


def iso_date(text: str) -> str:
    """``YYMMDD`` (00-30 -> 20YY) or ``YYYYMMDD`` -> ISO; ValueError when malformed."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 30 else 1900 + year}{text[2:]}"
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()


def parse_code(raw: str) -> tuple[str, str, str] | None:
    """``USAGOV 090121-130201`` -> ("USAGOV", "2009-01-21", "2013-02-01"); None if unusable."""
    parts = raw.split(None, 1)
    if not parts or parts[0] == "---":
        return None
    code, rest = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    try:
        if not rest:
            return code, "", ""
        if rest.startswith("<"):
            return code, "", iso_date(rest[1:])
        if rest.startswith(">"):
            return code, iso_date(rest[1:]), ""
        if "-" in rest:
            start, end = rest.split("-", 1)
            return code, iso_date(start), iso_date(end)
        return code, iso_date(rest), ""  # a lone date ("MNEGOV 20121204"): from then on
    except ValueError:
        return None


# ---------------------------------------------------------------------------- agents


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def read_agents(path: Path) -> list[tuple[str, str]]:
    """(written form, code) for every form an agent line accepts, in file order."""
    sets: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, members = line.split("=", 1)
            sets[name.strip()] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        found = CODE_RE.search(line)
        if not found:
            continue  # one line has no code; PETRARCH ignores it
        code = found.group(1).strip()
        head = line[: found.start()]
        braces = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip()
        forms: list[str] = []
        marker = re.search(r"!(\w+)!", phrase)
        if marker:  # one entry per set member, no further plural
            forms = [phrase.replace(marker.group(0), member) for member in sets.get(marker.group(0), [])]
        else:
            words = phrase.replace("_", " ").split()
            if words and words[-1].rstrip("_") in ("MINIST", "MINISTR"):  # TABARI stems
                forms = [" ".join([*words[:-1], m]) for m in sets.get("!MINIST!", [])]
            else:
                forms = [phrase]
                if braces is None:
                    forms.append(" ".join([*words[:-1], plural(words[-1].rstrip("_").lower())]))
                else:
                    forms += [f for f in braces.group(1).split() if f]
        for form in forms:
            normal = normalize_name(form.replace("-", " "))
            if normal:
                out.append((normal, code))
    return out


def agent_rows(shared_dir: Path) -> list[AgentRow]:
    rows: dict[str, AgentRow] = {}
    for phrase, code, country, weak in EXTRA_AGENTS:  # project rows first: they override
        rows[phrase] = (phrase, code, country, weak, "claimscope")
    for phrase, code in read_agents(shared_dir / "Phoenix.agents.txt"):
        if phrase not in rows:  # first line wins, as in PETRARCH's dictionary load
            weak = "1" if phrase in WEAK_AGENTS else "0"
            rows[phrase] = (phrase, code, "USA" if phrase in IMPLIES_USA else "", weak, "phoenix")
    return sorted(rows.values())


# ---------------------------------------------------------------------------- people


# Role codes written without a country ("[ELI]" after Kofi Annan's UN years): not states.
ROLE_BLOCKS = frozenset(
    """GOV MIL ELI REB OPP BUS CVL JUD COP MED LEG HLH EDU UAF SPY AGR MUS REL LAB REF PTY CHR
    HIN ENV JEW NGO RAD BUD HRI PPL IGO IMG INS SEP DEV MNC""".split()
)


def is_state_code(code: str) -> bool:
    return re.fullmatch(r"[A-Z]{3}", code) is not None and code not in ROLE_BLOCKS


def country_phrases(records: list[Record]) -> set[str]:
    """Phrases of state records (an undated bare country code): "united states", "american"."""
    out = set()
    for record in records:
        if any(is_state_code(raw.strip()) for raw in record.raw_codes):
            out.update(normalize_name(p) for p in record.phrases)
    return out - {""}


def strip_leading(words: list[str], titles: set[str], countries: set[str]) -> list[str]:
    """Cut leading titles, title phrases ("secretary of state") and a country before one."""
    longest = 6
    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in range(min(longest, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            rest = words[n:]
            is_title = head in titles or (n == 1 and head in _TITLES)
            title_next = rest[0] in _TITLES or any(" ".join(rest[:k]) in titles for k in range(1, 5))
            before_title = head in countries and title_next
            if is_title or before_title:
                words = rest
                changed = True
                break
    return words


def name_forms(phrase: str, titles: set[str], countries: set[str]) -> list[str]:
    """Normalised name keys of one dictionary phrase; [] when it is no person's name."""
    if any(ch in phrase for ch in "\ufffd\x1a(),/&$0123456789"):
        return []
    words = strip_leading(normalize_name(phrase.replace("-", " ")).split(), titles, countries)
    if not words or len(words) > 6 or words[-1] in ORG_WORDS or any(w in NOT_IN_NAME for w in words[:-1]):
        return []
    if len(words) == 1 and (words[0] in countries or len(words[0]) < 3):
        return []
    forms = [" ".join(words)]
    if len(words) >= 3:
        forms.append(f"{words[0]} {words[-1]}")
    return forms


def is_person(codes: Codes, primary: list[str], first_name: Callable[[str], bool]) -> bool:
    """Dated and not a state or territory; or undated with a "Firstname Lastname" primary."""
    if not codes:
        return False
    if any(is_state_code(code) or re.fullmatch(r"[A-Z]{3}(UNR|OCC|AUT)", code) for code, _s, _e in codes):
        return False  # a state, or a state in some years ("USRARM <900823"): not a person
    if any(start or end for _, start, end in codes):
        return True
    words = primary[0].split() if primary else []
    if any(code.startswith("MNC") for code, _, _ in codes) or (words and words[0] in NOT_A_FIRST_NAME):
        return False  # companies; "Al-Haq", "Anti-Racist Guerrilla Nuclei"
    return 2 <= len(words) <= 4 and first_name(words[0])


def build(shared_dir: Path) -> tuple[list[tuple[str, str, str]], list[AgentRow], dict[str, int]]:
    """Person rows, agent rows and counts from the dictionary folder."""
    import gender_guesser.detector as gender_detector

    detector = gender_detector.Detector(case_sensitive=False)

    def first_name(word: str) -> bool:
        return len(word) > 1 and detector.get_gender(word) != "unknown"

    agents = agent_rows(shared_dir)
    titles = {phrase for phrase, code, _c, _w, _s in agents if " " in phrase and code not in ("-",)} | _TITLES
    records = [r for name in ACTOR_FILES for r in read_records(shared_dir / name)]
    countries = country_phrases(records)
    stats: Counter[str] = Counter(records=len(records))
    people: list[tuple[Codes, list[str]]] = []
    for record in records:
        codes = [c for c in (parse_code(raw) for raw in record.raw_codes) if c is not None]
        stats["dropped codes"] += sum(1 for raw in record.raw_codes if raw.strip() != "---" and parse_code(raw) is None)
        primary = name_forms(record.phrases[0], titles, countries)
        if not is_person(tuple(codes), primary, first_name):
            continue
        phrases = record.phrases if any(start or end for _, start, end in codes) else record.phrases[:1]
        keys = list(dict.fromkeys(f for p in phrases for f in name_forms(p, titles, countries)))
        if any(" " in key for key in keys):  # lone words only ("ISIS", "PATPARRIS"): too little
            people.append((tuple(codes), keys))
    # One-word keys. A lone word the dictionary lists ("+OBAMA") belongs to its record
    # unless another record lists it too; a surname (last word of a name) only when no
    # record lists it alone and no other person has it. "The same person" = same codes.
    listed: defaultdict[str, set[Codes]] = defaultdict(set)
    derived: defaultdict[str, set[Codes]] = defaultdict(set)
    for codes, keys in people:
        for key in keys:
            (listed if " " not in key else derived)[key.split()[-1]].add(codes)
    rows = []
    for codes, keys in people:
        names = [key for key in keys if " " in key]
        own = [key for key in keys if " " not in key and len(listed[key]) == 1]
        own += [
            w for w in dict.fromkeys(key.split()[-1] for key in names)
            if w not in listed and len(derived[w]) == 1 and len(w) >= 3
            and w not in countries and w not in ORG_WORDS
        ]
        cell = " ".join(f"{code}:{start}:{end}".replace("-", "") for code, start, end in codes)
        rows.append((cell, "|".join(names), "|".join(dict.fromkeys(own))))
    rows.sort(key=lambda row: (row[1], row[0]))
    stats["people"] = len(rows)
    stats["keys"] = sum(len(row[1].split("|")) for row in rows)
    stats["one-word keys"] = sum(len(row[2].split("|")) for row in rows if row[2])
    return rows, agents, dict(stats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out-dir", type=Path, default=DATA)
    args = parser.parse_args()
    source = args.shared / "datasets" / "cameo" / "petrarch2"
    people, agents, stats = build(source)
    notice = "# Source: PETRARCH2 Phoenix dictionaries, MIT licence, (c) 2014 Open Event Data Alliance.\n"
    args.out_dir.mkdir(parents=True, exist_ok=True)
    _write_tsv(args.out_dir / "person_actors.tsv", [
        "# People of the Phoenix actor dictionaries: dated CAMEO codes (CODE:start:end, YYYYMMDD,\n",
        "# end exclusive, empty = open), name keys, unique one-word keys.\n",
        "# Made by scripts/build_person_actors.py\n", notice], "codes\tnames\tsurnames", people)
    _write_tsv(args.out_dir / "phoenix_agents.tsv", [
        "# Role phrases -> agent code (~X: append to the country code; X~: put in front; -: none),\n",
        "# implied country, weak (decides only alone), source. Made by scripts/build_person_actors.py\n", notice],
        "phrase\tcode\tcountry\tweak\tsource", agents)
    print(", ".join(f"{k} {v}" for k, v in stats.items()), f"agents {len(agents)}")


def _write_tsv(path: Path, comments: list[str], header: str, rows: list) -> None:  # type: ignore[type-arg]
    """One shipped table: comment lines, a header, tab-separated rows."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(comments)
        fh.write(header + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
