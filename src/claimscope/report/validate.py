"""Check a report dict against the shipped JSON Schema and the offset invariants.

The schema checks shapes; offsets need code: every ``start``/``end`` must slice
``document.text`` to the ``text`` it claims, and every id a record points to must exist.
Voice needs code too: a record in the outlet's voice names no speaker, and a claim
from a quote is in that quote's (a source's) voice.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("claimscope").joinpath("report/schema.json").read_text("utf-8"))


def problems(report: dict[str, Any]) -> list[str]:
    """Every way ``report`` breaks the contract; empty when it holds."""
    from jsonschema import Draft202012Validator

    found = [f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}" for e in Draft202012Validator(schema()).iter_errors(report)]
    if found:
        return found
    text = report["document"]["text"]

    def check(where: str, item: dict[str, Any], key: str = "text") -> None:
        if not (0 <= item["start"] <= item["end"] <= len(text)):
            found.append(f"{where}: offsets {item['start']}:{item['end']} outside the text")
        elif key in item and text[item["start"] : item["end"]] != item[key]:
            found.append(f"{where}: text[{item['start']}:{item['end']}] != {item[key]!r:.60}")

    def voiced(where: str, item: dict[str, Any]) -> None:
        if item["voice"] == "outlet" and any(item[k] is not None for k in ("speaker", "speaker_actor", "speaker_text")):
            found.append(f"{where}: voice outlet with a speaker")

    people = {p["id"] for p in report["people"]}
    quotes = {q["id"] for q in report["quotes"]}
    claims = {c["id"] for c in report["claims"]}
    for group in ("people", "actors"):
        for item in report[group]:
            for n, m in enumerate(item["mentions"]):
                check(f"{group}/{item['id']}/mentions/{n}", m)
    for q in report["quotes"]:
        check(f"quotes/{q['id']}", q)
        if q["speaker"] is not None and q["speaker"] not in people:
            found.append(f"quotes/{q['id']}: unknown speaker {q['speaker']}")
        if q["cue_start"] is not None and q["cue"] is not None and text[q["cue_start"] : q["cue_end"]] != q["cue"]:
            found.append(f"quotes/{q['id']}: cue offsets do not slice to {q['cue']!r}")
    for c in report["claims"]:
        check(f"claims/{c['id']}", c)
        voiced(f"claims/{c['id']}", c)
        if c["quote"] is not None and c["voice"] != "source":
            found.append(f"claims/{c['id']}: in quote {c['quote']} but not in a source's voice")
        if c["speaker"] is not None and c["speaker"] not in people:
            found.append(f"claims/{c['id']}: unknown speaker")
        if c["quote"] is not None and c["quote"] not in quotes:
            found.append(f"claims/{c['id']}: unknown quote")
    for e in report["events"]:
        check(f"events/{e['id']}", e, key="-")
        voiced(f"events/{e['id']}", e)
        if e["speaker"] is not None and e["speaker"] not in people:
            found.append(f"events/{e['id']}: unknown speaker")
        if e["claim"] is not None and e["claim"] not in claims:
            found.append(f"events/{e['id']}: unknown claim")
    for s in report["stances"]:
        if s["holder"] != "outlet" and s["holder"] not in people:
            found.append(f"stances: unknown holder {s['holder']}")
    for t in report["techniques"]:
        check(f"techniques/{t['technique']}@{t['start']}", t)
        voiced(f"techniques/{t['technique']}@{t['start']}", t)
    return found
