"""Reports written under an older contract, brought to the current one (``SCHEMA_ID``).

``claimscope.report/1`` had no ``voice``: a claim's ``speaker: null`` meant the
outlet, and a quote's unresolved source showed only in its ``speaker_text``.
Upgrading says the same thing in /2 terms, from what the /1 report holds:

* quotes are a source's words (``voice: "source"``);
* a claim from a quote, or with a speaker, is in a source's voice and takes
  that quote's ``speaker_text``; any other claim is the outlet's;
* an event or technique is in the voice of the quote its claim comes from, else
  of the quote whose span holds it (as /1 found its speaker), else the outlet's
  unless it had a speaker;
* ``speaker_actor`` and ``people[].actor`` were never known: null.

The store upgrades stored /1 reports as it reads them (``Store.report``), so a
database from before the /2 contract serves valid /2 reports; migration 0004
fills the new columns of its tables by the same rules.
"""
from __future__ import annotations

from typing import Any

from .model import SCHEMA_ID

__all__ = ["upgrade", "OLD_SCHEMAS"]

OLD_SCHEMAS = ("claimscope.report/1",)


def _holding(quotes: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    """The quote whose span holds ``start:end`` (a closing mark's slack as ``voice_at`` allows)."""
    return next((q for q in quotes if q["start"] <= start and end <= q["end"] + 1), None)


def _voice(item: dict[str, Any], quote: dict[str, Any] | None) -> dict[str, Any]:
    if quote is not None:
        return {"voice": "source", "speaker": item.get("speaker") or quote.get("speaker"),
                "speaker_actor": quote.get("speaker_actor"), "speaker_text": quote.get("speaker_text")}
    if item.get("speaker") is not None:
        return {"voice": "source", "speaker": item["speaker"], "speaker_actor": None, "speaker_text": None}
    return {"voice": "outlet", "speaker": None, "speaker_actor": None, "speaker_text": None}


def upgrade(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` in the current contract: unchanged when it is already, else a new, upgraded dict."""
    if report.get("schema") not in OLD_SCHEMAS:
        return report
    quotes = [{**q, "voice": "source", "speaker_actor": q.get("speaker_actor"), "speaker_text": q.get("speaker_text")}
              for q in report.get("quotes") or []]
    by_id = {q["id"]: q for q in quotes}
    claims = []
    for c in report.get("claims") or []:
        claims.append({**c, **_voice(c, by_id.get(c.get("quote")))})
    claim_quote = {c["id"]: by_id.get(c.get("quote")) for c in claims}
    events = []
    for e in report.get("events") or []:
        quote = claim_quote.get(e.get("claim")) or _holding(quotes, e["start"], e["end"])
        events.append({**e, **_voice(e, quote)})
    techniques = [{**t, **_voice(t, _holding(quotes, t["start"], t["end"]))} for t in report.get("techniques") or []]
    people = [{**p, "actor": p.get("actor")} for p in report.get("people") or []]
    return {**report, "schema": SCHEMA_ID, "people": people, "quotes": quotes, "claims": claims, "events": events, "techniques": techniques}
