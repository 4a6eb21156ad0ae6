"""The web app and REST API over a claimscope corpus (``claimscope serve``).

    >>> from claimscope.web import create_app
    >>> app = create_app("claimscope.db")          # read-only; uvicorn.run(app, host="127.0.0.1")
"""
from __future__ import annotations

from .app import WebConfig, create_app

__all__ = ["create_app", "WebConfig"]
