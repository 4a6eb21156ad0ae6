"""Request limits, response headers and the write token.

The body limit is enforced before any route runs, on the declared
``Content-Length`` and on the bytes actually received (a chunked upload
cannot sneak past it).  Pages are served under a strict Content-Security-Policy
with no script at all, so even markup that slipped past escaping could not run.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

__all__ = ["BodyLimit", "SecurityHeaders", "check_write", "PAGE_CSP", "DOCS_CSP"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
# Swagger UI needs its own script and one inline bootstrap script; it is our own page with no corpus data in it
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps({"message": message, "detail": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if declared is not None:
            if not declared.strip().isdigit():
                await _reply(send, 400, "Content-Length is not a number")
                return
            if int(declared) > self.max_bytes:
                await _reply(send, 413, f"request body of {int(declared)} bytes is over the limit of {self.max_bytes} bytes")
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # client went away before sending the body
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await _reply(send, 413, f"request body is over the limit of {self.max_bytes} bytes")
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeaders:
    """CSP, no sniffing, no framing, no referrer on every response."""

    def __init__(self, app: ASGIApp, docs_paths: tuple[str, ...] = ("/docs",)) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path", "") in self.docs_paths else PAGE_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def check_write(request: Request, token: str | None) -> None:
    """403 when the server is read-only, 401 when the token is missing or wrong."""
    config = request.app.state.config
    if not config.allow_write:
        raise HTTPException(403, "this server is read-only: start it with --allow-write (and CLAIMSCOPE_TOKEN) to store articles")
    if not token or not hmac.compare_digest(token.encode(), (config.token or "").encode()):
        raise HTTPException(401, "a valid write token is needed: send it as 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


def bearer(request: Request) -> str | None:
    """The token from ``Authorization: Bearer …`` or ``X-Claimscope-Token``."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-claimscope-token") or None
