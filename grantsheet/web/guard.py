"""What every request to the officer's page passes before a page sees it.

- The Host header names this server (a web page elsewhere that points its own domain
  name at 127.0.0.1 cannot talk to it: DNS rebinding), unless a token is required.
- With a token (any ``--host`` but loopback) every request carries it: once as
  ``?token=``, then in a cookie only this site gets, or as ``Authorization: Bearer``.
  Each token is a user's (``name:token``), or shared: then the login asks a name too.
  That user is who the build journal records (``USER_KEY`` in the request's scope); with
  ``trusted_user_header``, the header a reverse proxy sets names the user instead.
- A request that changes anything (POST) comes from this site's own pages: its Origin
  (or Referer) names this server; its form carries the CSRF token (``forms.read_form``).
- No request body is larger than the largest upload that could be accepted.
"""

from __future__ import annotations

import hmac
import ipaddress
import unicodedata
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

TOKEN_COOKIE = "grantsheet_token"
USER_COOKIE = "grantsheet_user"
USER_KEY = "grantsheet.user"  # the request scope's user name (None: the server's own user)
# True when that name is vouched for (a named token, the proxy's header), not typed at a login
# with a shared token: only such a user may approve a build (#27), or the two-person rule is a name.
VOUCHED_KEY = "grantsheet.user_vouched"
LOOPBACK_NAMES = ("localhost",)
MAX_NAME = 80


class Token(NamedTuple):
    secret: str
    user: str | None  # the user the token is for; None: shared, the login names the user


def parse_tokens(values: Iterable[str]) -> tuple[Token, ...]:
    """``--token`` values: ``name:token`` is that user's token, a value without a colon a shared one."""
    tokens = []
    for value in values:
        name, colon, secret = value.partition(":")
        user = user_name(name) if colon else None
        tokens.append(Token(secret, user) if user else Token(value, None))
    return tuple(token for token in tokens if token.secret)


def user_name(text: str | None) -> str | None:
    """A name as the journal may record it: printable, trimmed, at most ``MAX_NAME`` characters."""
    if text is None:
        return None
    kept = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    return kept[:MAX_NAME] or None


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


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        found.setdefault(name, unquote(value))
    return found


def _query(scope) -> dict[str, str]:
    return dict(parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace")))


def _host_name(host: str) -> str:
    """The name part of a Host header ("[::1]:8000" -> "::1")."""
    return urlsplit(f"//{host}").hostname or ""


def _local_path(path: str) -> str:
    """``path`` as a Location on this site: ``//evil.example/`` or ``/\\evil.example`` would
    send the browser to another host after the login (#26.12), so backslashes become slashes
    and leading slashes one; the rest is percent-encoded."""
    return quote("/" + path.replace("\\", "/").lstrip("/"), safe="/:@!$&'()*+,;=-._~")


class Guard:
    """ASGI middleware: host, token, origin and body-size rules, before the application."""

    def __init__(
        self,
        app,
        *,
        tokens: tuple[Token, ...],
        max_body: int,
        refuse: Callable[[int, str, dict], bytes],
        trusted_user_header: str | None = None,
    ) -> None:
        self.app = app
        self.tokens = tokens
        self.max_body = max_body
        self.refuse = refuse  # (status, texts key, headers) -> an HTML page saying why
        self.user_header = trusted_user_header.lower() if trusted_user_header else None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host = headers.get("host", "")
        if not self.tokens and not is_loopback(_host_name(host)):
            await self._send(send, HTTPStatus.FORBIDDEN, "web_refused_host", headers)
            return
        user, vouched = None, False
        if self.tokens:
            token = self._match(self._token(scope, headers))
            if token is None:
                await self._send(send, HTTPStatus.UNAUTHORIZED, "web_refused_token", headers)
                return
            if self._in_query(scope):
                name = token.user or user_name(_query(scope).get("user"))
                if name is None:  # a shared token: the journal needs to know who builds
                    await self._send(send, HTTPStatus.UNAUTHORIZED, "web_refused_name", headers)
                    return
                await self._set_cookie_and_redirect(scope, send, token, name)
                return
            user = token.user or user_name(_cookies(headers).get(USER_COOKIE))
            vouched = token.user is not None
        if self.user_header is not None and (proxied := user_name(headers.get(self.user_header))):
            user, vouched = proxied, True
        scope[USER_KEY] = user
        scope[VOUCHED_KEY] = vouched
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
        cookie = _cookies(headers).get(TOKEN_COOKIE)
        return cookie if cookie is not None else _query(scope).get("token")

    def _match(self, given: str | None) -> Token | None:
        """The token ``given`` is, compared in constant time with every one."""
        if given is None:
            return None
        found = None
        for token in self.tokens:
            if hmac.compare_digest(given.encode(), token.secret.encode()):
                found = token
        return found

    def _in_query(self, scope) -> bool:
        return scope["method"] == "GET" and "token" in _query(scope)

    async def _set_cookie_and_redirect(self, scope, send, token: Token, name: str) -> None:
        """Move the token (and the name given with it) from the address, where it would stay
        in the history, to cookies."""
        rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode()) if k not in ("token", "user")]
        location = _local_path(scope.get("root_path", "") + scope["path"]) + (f"?{urlencode(rest)}" if rest else "")
        cookies = [(TOKEN_COOKIE, quote(token.secret))] + ([(USER_COOKIE, quote(name))] if token.user is None else [])
        # Over HTTPS (uvicorn sets the scheme from the X-Forwarded-Proto of the proxy it
        # trusts, grantsheet.web.server) the browser must never send the token in the clear.
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        await send(
            {
                "type": "http.response.start",
                "status": HTTPStatus.SEE_OTHER,
                "headers": [(b"location", location.encode())]
                + [(b"set-cookie", f"{k}={v}; Path=/; HttpOnly; SameSite=Strict{secure}".encode()) for k, v in cookies],
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
