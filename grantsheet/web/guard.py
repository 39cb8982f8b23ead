"""What every request to the officer's page passes before a page sees it.

- The Host header names this server (a web page elsewhere that points its own domain
  name at 127.0.0.1 cannot talk to it: DNS rebinding), unless a token is required.
- With a token (any ``--host`` but loopback) every request carries it: once as
  ``?token=``, then in a cookie only this site gets, or as ``Authorization: Bearer``.
- A request that changes anything (POST) comes from this site's own pages: its Origin
  (or Referer) names this server; its form carries the CSRF token (``forms.read_form``).
- No request body is larger than the largest upload that could be accepted.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode, urlsplit

TOKEN_COOKIE = "grantsheet_token"
LOOPBACK_NAMES = ("localhost",)


class BodyTooLarge(Exception):
    """A request body over the limit, raised while it is read."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _headers(scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}


def _host_name(host: str) -> str:
    """The name part of a Host header ("[::1]:8000" -> "::1")."""
    return urlsplit(f"//{host}").hostname or ""


class Guard:
    """ASGI middleware: host, token, origin and body-size rules, before the application."""

    def __init__(self, app, *, token: str | None, max_body: int, refuse: Callable[[int, str, dict], bytes]) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.refuse = refuse  # (status, texts key, headers) -> an HTML page saying why

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host = headers.get("host", "")
        if self.token is None and not is_loopback(_host_name(host)):
            await self._send(send, HTTPStatus.FORBIDDEN, "web_refused_host", headers)
            return
        if self.token is not None:
            given = self._token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await self._send(send, HTTPStatus.UNAUTHORIZED, "web_refused_token", headers)
                return
            if self._in_query(scope):
                await self._set_cookie_and_redirect(scope, send)
                return
        if scope["method"] not in ("GET", "HEAD") and not self._same_origin(headers, host):
            await self._send(send, HTTPStatus.FORBIDDEN, "web_refused_origin", headers)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await self._send(send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "web_refused_size", headers)
            return
        await self.app(scope, self._bounded(receive), send)

    def _token(self, scope, headers: dict[str, str]) -> str | None:
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            return authorization[7:].strip()
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                return value
        return dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("token")

    def _in_query(self, scope) -> bool:
        return scope["method"] == "GET" and "token" in dict(parse_qsl(scope.get("query_string", b"").decode()))

    async def _set_cookie_and_redirect(self, scope, send) -> None:
        """Move the token from the address (where it would stay in the history) to a cookie."""
        rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode()) if k != "token"]
        location = scope.get("root_path", "") + scope["path"] + (f"?{urlencode(rest)}" if rest else "")
        cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": HTTPStatus.SEE_OTHER,
                "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    def _same_origin(headers: dict[str, str], host: str) -> bool:
        """Origin, else Referer, names this server (as the browser reached it); a client that
        sends neither is no browser page, and the CSRF token still has to match."""
        origin = headers.get("origin") or headers.get("referer")
        if origin is None:
            return True
        return origin != "null" and urlsplit(origin).netloc == host

    def _bounded(self, receive):
        received = 0

        async def bounded():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        return bounded

    async def _send(self, send, status: int, key: str, headers: dict[str, str]) -> None:
        body = self.refuse(status, key, headers)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
