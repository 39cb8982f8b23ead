"""Run the officer's page under uvicorn: in the foreground (``grantsheet serve``), or in a
thread (tests and the benchmark)."""

from __future__ import annotations

import threading
import time
import webbrowser
from collections.abc import Callable
from urllib.parse import urlencode

import uvicorn

from grantsheet.web.app import Settings, create_app
from grantsheet.web.guard import parse_tokens


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def server(settings: Settings, host: str, port: int) -> uvicorn.Server:
    # The scheme (https behind the region's proxy: the token cookie is then Secure) is taken
    # from X-Forwarded-Proto only when the proxy connects from this machine, as the README's does.
    config = uvicorn.Config(
        create_app(settings),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1,::1",
    )
    return uvicorn.Server(config)


def serve(settings: Settings, host: str, port: int, open_browser: bool, announce: Callable[[str], None]) -> None:
    """Serve until interrupted; open the browser at the page once it answers."""
    running = server(settings, host, port)
    address = url_of(host, port)
    # The browser opens on the machine of whoever started the server: logged in with the
    # first token when it names its user, else at the login.
    first = next(iter(parse_tokens(settings.tokens)), None)
    opened = address + (f"?{urlencode({'token': first.secret})}" if first and first.user else "")

    def when_started() -> None:
        while not running.started and not running.should_exit:
            time.sleep(0.05)
        if running.started:
            announce(address)
            if open_browser:
                webbrowser.open(opened)

    threading.Thread(target=when_started, daemon=True).start()
    running.run()


def start_in_thread(settings: Settings, host: str, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    """A real server in a thread of this process, started; ``server.should_exit = True`` stops it."""
    running = server(settings, host, port)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        if not thread.is_alive():
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.01)
    return running, thread
