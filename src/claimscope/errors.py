"""One catalogue of coded error and warning messages, so every reader fails the same way.

Why a catalogue: users (and tests) can grep for a stable code such as ``E003``
instead of matching prose that may be reworded, and each message is written once.

Usage::

    from claimscope.errors import Errors, ReadError, Warnings

    raise ReadError(path, Errors.E004.format(line=12, detail="Expecting ','"))
    # str(err) == "feed.jsonl: [E004] malformed JSON on line 12: Expecting ','"

    article.warnings.append(Warnings.W001.format(encoding="windows-1252"))

Reading a template from ``Errors``/``Warnings`` returns it prefixed with its
code (``"[E001] file is empty"``); fill the ``{placeholders}`` with
``str.format``.  ``ReadError`` is a ``ValueError``, so callers that already
catch bad input keep working.
"""
from __future__ import annotations

import re
from os import PathLike

__all__ = ["Errors", "ReadError", "Warnings"]

_CODE_NAME = re.compile(r"^[EW]\d{3}$")
_CODE_PREFIX = re.compile(r"^\[([EW]\d{3})\]")


class _Coded(type):
    """Metaclass that prefixes each ``E001``-style attribute with its code on access."""

    def __getattribute__(cls, name: str) -> str:
        value = super().__getattribute__(name)
        if _CODE_NAME.match(name) and isinstance(value, str):
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_Coded):
    """Error message templates; each reads as the reason after ``"<source>: "``."""

    E001 = "file is empty"
    E002 = "looks like a binary file, not text or HTML"
    E003 = "no article text found in HTML"
    E004 = "malformed JSON on line {line}: {detail}"
    E005 = "file too large ({size} bytes; the limit is {limit} bytes)"
    E006 = "path not found"
    E007 = "no articles found in directory"
    E008 = "unknown text encoding {encoding!r}"


class Warnings(metaclass=_Coded):
    """Warning message templates, stored on ``Article.warnings`` rather than raised."""

    W001 = "decoded as {encoding}, not UTF-8"
    W002 = "bytes in no known encoding; replaced with U+FFFD"


class ReadError(ValueError):
    """An input that cannot be read as an article.

    Carries ``source`` (the path or URL, as given) and ``reason`` (the
    catalogue message); ``code`` is the ``E…`` code when the reason came from
    :class:`Errors`.  The string form is always one line, ``"<source>: <reason>"``,
    so a CLI can print it as is.
    """

    def __init__(self, source: str | PathLike[str], reason: str) -> None:
        self.source = str(source)
        self.reason = " ".join(reason.split())
        match = _CODE_PREFIX.match(self.reason)
        self.code: str | None = match.group(1) if match else None
        super().__init__(f"{self.source}: {self.reason}")
