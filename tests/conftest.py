"""Shared fixtures: the reference article lives in ../shared and is never copied here."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "corpus" / "alpha-news-koltashov-2024-03-26.txt"

warnings.filterwarnings("ignore", module="dateutil")


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is only beside a checkout)")
    return path


@pytest.fixture(scope="session")
def reference_path() -> Path:
    return needs_shared(REFERENCE)


def _settings():  # type: ignore[no-untyped-def]
    from claimscope.config import Settings

    return Settings()


@pytest.fixture(scope="session")
def reference_report(reference_path: Path):  # type: ignore[no-untyped-def]
    import claimscope

    return claimscope.analyze(reference_path, _settings())


@pytest.fixture(scope="session")
def analyze_text():  # type: ignore[no-untyped-def]
    """Analyse a short article written in the test (full pipeline, shared across tests)."""
    import claimscope

    return lambda text: claimscope.analyze(text, _settings())
