"""Bytes to text: UTF-8 first, a detected legacy encoding (cp1251, latin-1…) with a warning."""
from __future__ import annotations

from ..errors import Errors, ReadError, Warnings

_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not an article."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text and warnings; raises ReadError for empty or binary input."""
    if not data.strip():
        raise ReadError(source, Errors.E001)
    if looks_binary(data):
        raise ReadError(source, Errors.E002)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), [Warnings.W001.format(encoding=best.encoding)]
    return data.decode("utf-8", errors="replace"), [Warnings.W002]
