"""CAMEO look-ups for the web pages: labels, quad classes and colours for the event network.

The codebook itself is read once through ``claimscope.events.lexicon.load_codes``
(the table ``scripts/build_cameo_tables.py`` derives from the CAMEO data), so the
web shows exactly the labels and Goldstein weights the event coder uses.
"""
from __future__ import annotations

from functools import lru_cache

from ..events.lexicon import CameoCode, load_codes

__all__ = ["QUAD_NAMES", "QUAD_COLOURS", "describe", "quad_class", "roots", "goldstein_colour"]

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# cooperation greens, conflict warm; distinguishable for the common colour-vision deficiencies by lightness too
QUAD_COLOURS: dict[int, str] = {1: "#74b98a", 2: "#1e7a46", 3: "#e3922b", 4: "#b8322a"}
UNKNOWN_COLOUR = "#8a8a8a"


@lru_cache(maxsize=1)
def _codes() -> dict[str, CameoCode]:
    return load_codes()


def describe(code: str | None) -> CameoCode | None:
    """The codebook row of ``code``, or of its nearest listed parent (``0874`` → ``087`` → ``08``)."""
    if not code:
        return None
    codes = _codes()
    for n in range(len(code), 1, -1):
        row = codes.get(code[:n])
        if row is not None:
            return row
    return None


def quad_class(code: str | None) -> int | None:
    row = describe(code)
    return row.quad_class if row else None


@lru_cache(maxsize=1)
def roots() -> tuple[tuple[str, str], ...]:
    """The 20 root classes (``01`` … ``20``) with their labels, for the event-code filter."""
    return tuple((c.code, c.label) for c in sorted(_codes().values(), key=lambda c: c.code) if len(c.code) == 2)


def goldstein_colour(score: float | None) -> str:
    """A diverging colour for a Goldstein score (-10 conflict … +10 cooperation)."""
    if score is None:
        return UNKNOWN_COLOUR
    t = max(-1.0, min(1.0, score / 10.0))
    grey, red, green = (150, 150, 150), (184, 50, 42), (30, 122, 70)
    end = green if t > 0 else red
    mix = tuple(round(g + (e - g) * abs(t)) for g, e in zip(grey, end))
    return "#{:02x}{:02x}{:02x}".format(*mix)
