"""Regenerate docs/web-*.png: the officer's page on the shipped example, in Debian's Chromium.

    python scripts/web_screenshots.py

Starts the server on a scratch copy of the example workspace, replaces an input with a
broken one, builds (then the workspace, its journal listing the build), edits the grant's
rules (a minimum and a payout unit, previewed; a table dropped, its columns proposed), collects two returns and verifies a
tampered master, taking a picture of each page.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from web_helpers import example_workspace, fill_return, tamper, visits_table  # noqa: E402

from grantsheet import api  # noqa: E402
from grantsheet.web.app import Settings  # noqa: E402
from grantsheet.web.server import start_in_thread  # noqa: E402

DOCS = REPOSITORY / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        folder = Path(scratch)
        inputs, outputs = example_workspace(folder / "ws")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Logged in as an officer with a token of her own: the journal on the page names her.
        server, thread = start_in_thread(Settings(inputs, outputs, ("Anna Berg:screenshots",)), "127.0.0.1", port)
        url = f"http://127.0.0.1:{port}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def shot(name: str, full_page: bool = False) -> None:
            page.screenshot(path=str(DOCS / f"web-{name}.png"), full_page=full_page)

        page.goto(url + "/?token=screenshots")
        broken = folder / "boendeplatser.xlsx"
        broken.write_text("kommun;boende\nUmeå;Björkbacken\n", encoding="utf-8")
        with page.expect_navigation():
            page.set_input_files('tr[data-name="boendeplatser.xlsx"] input[type=file]', broken)
        shot("problem")

        real_build = api.build

        def paced(*args, progress, **kwargs):
            return real_build(*args, progress=lambda d, t: (time.sleep(0.05), progress(d, t)), **kwargs)

        api.build = paced
        page.goto(url)
        page.click("#build")
        page.wait_for_function(
            "() => { const b = document.getElementById('progress-bar');"
            " return b && document.getElementById('progress-text').dataset.phase === 'writing' && b.value > 15; }"
        )
        shot("progress")
        page.wait_for_url("**/results", timeout=60_000)
        api.build = real_build
        shot("results")
        page.goto(url)
        shot("workspace", full_page=True)  # with the build in the journal

        # The grant's rules: a minimum and a payout unit typed into the second pool, previewed.
        page.goto(url + "/grant")
        page.fill("#f-pools\\.1\\.minimum", "60 000")
        page.fill("#f-pools\\.1\\.unit", "100")
        page.wait_for_function("() => document.getElementById('grant-form').dataset.previewed")
        page.wait_for_timeout(400)  # the last keystroke's preview
        page.locator("#section-pools\\.1").scroll_into_view_if_needed()
        shot("grant")
        with page.expect_navigation():  # a table of the officer's own, its columns proposed
            page.set_input_files("#table-dropzone input[type=file]", visits_table(inputs, folder))
        page.locator("#dropped").scroll_into_view_if_needed()
        shot("grant-table")

        files = sorted((outputs / "2022" / "mottagare").glob("*.xlsx"))
        returned = [fill_return(f, 20_000 * (i + 1), folder / f"svar {i}.xlsx") for i, f in enumerate(files[:2])]
        page.goto(url + "/collect")
        with page.expect_navigation():
            page.set_input_files("#drop-returns input[type=file]", returned)
        shot("collect")

        tampered = tamper(outputs / "2022" / "grantsheet-2022.xlsx", folder / "grantsheet-2022 ändrad.xlsx")
        page.goto(url + "/verify")
        with page.expect_navigation(timeout=120_000):
            page.set_input_files("#drop-verify input[type=file]", tampered)
        shot("verify")

        page.goto(url + "/results")
        page.click("#lang-en")
        shot("english")
        browser.close()
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
