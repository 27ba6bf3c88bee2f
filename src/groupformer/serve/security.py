"""What keeps the desk safe on a shared machine: only its own address, only with its token, bounded uploads.

A page from another site can make the browser send requests to 127.0.0.1 (and, by DNS rebinding, under
a name of its own that resolves there): the Host check refuses the second, the token the first. The
token comes in the address the command prints, as notebook servers do; the page then sends it in a
header. The CSP lets the page run only its own script files, so text that slipped into the page as
HTML could still not run.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from starlette.datastructures import Headers, QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "X-Groupformer-Token"
UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


@dataclass
class Access:
    """The token and the Host values the desk answers to (its bound address and port); `hosts` is filled
    in once the port is known."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    hosts: set[str] = field(default_factory=set)

    def allow(self, host: str, port: int) -> None:
        self.hosts.add(f"{host}:{port}")
        if host == "127.0.0.1":
            self.hosts.add(f"localhost:{port}")


class Guard:
    """ASGI middleware: 400 for a foreign Host, 401 for an /api request without a token, 403 for a wrong
    one, 413 for a body over `limit`, whichever endpoint it is sent to (FastAPI reads a JSON body whole,
    and a 50 MB one took 400 MB to parse); the security headers on every answer."""

    def __init__(self, app: ASGIApp, access: Access, limit: int = UPLOAD_LIMIT_BYTES):
        self.app = app
        self.access = access
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, _bounded(receive, self.limit), send_with_headers)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        headers = Headers(scope=scope)
        if headers.get("host") not in self.access.hosts:
            return JSONResponse({"detail": "unknown Host: the desk answers only at its own address"}, 400)
        if not scope["path"].startswith("/api/"):
            return None
        given = headers.get(TOKEN_HEADER) or QueryParams(scope.get("query_string", b"")).get("token")
        if not given:
            return JSONResponse({"detail": "missing token: open the address groupformer serve printed"}, 401)
        if not secrets.compare_digest(given.encode(), self.access.token.encode()):
            return JSONResponse({"detail": "wrong token: open the address groupformer serve printed"}, 403)
        if _declared_too_large(headers, self.limit):
            return JSONResponse({"detail": _too_large(self.limit)}, 413)
        return None


def _too_large(limit: int) -> str:
    return f"upload too large: the limit is {limit // (1024 * 1024)} MB"


def _declared_too_large(headers: Headers, limit: int) -> bool:
    declared = headers.get("content-length")
    return declared is not None and (not declared.isdigit() or int(declared) > limit)


def _bounded(receive: Receive, limit: int) -> Receive:
    """`receive`, refusing (413) a body that streams in past `limit`, as soon as it does: the endpoint
    reading it answers 413, and the rest is never read."""
    received = 0

    async def bounded_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, _too_large(limit))
        return message

    return bounded_receive


async def read_upload(request: Request, limit: int = UPLOAD_LIMIT_BYTES) -> bytes:
    """The request body, refused (413) as soon as it is known to exceed `limit`: by its Content-Length
    before reading anything, else by counting while it streams in."""
    if _declared_too_large(request.headers, limit):
        raise HTTPException(413, _too_large(limit))
    chunks, received = [], 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise HTTPException(413, _too_large(limit))
        chunks.append(chunk)
    return b"".join(chunks)
