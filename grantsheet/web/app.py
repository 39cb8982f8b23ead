"""The officer's page: a Starlette application over ``grantsheet.api``.

Every page is rendered on the server from the library's records (Jinja2, autoescaped:
names from input files are text, never markup). Uploads are plain HTML forms; the one
script (``static/app.js``) lets files be dropped on them, polls a build's progress and
sorts and searches the per-centre table. What each request must pass first is in
``guard.py``.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import threading
import urllib.parse
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from grantsheet import api, approval, safety, texts
from grantsheet.definition import previous_workspaces
from grantsheet.errors import InputError, Location, Problem
from grantsheet.load import GRANT_FILE
from grantsheet.tables import word
from grantsheet.web import editor
from grantsheet.web.guard import USER_KEY, VOUCHED_KEY, BodyTooLarge, Guard, parse_tokens
from grantsheet.web.jobs import BROKEN, DONE, FAILED, Builds
from grantsheet.workspace import Replacement, Summary, Workspace, upload_name, zip_files

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "grantsheet_lang"
# The largest request: one upload as large as an input file may be, and the form around it.
MAX_BODY = safety.MAX_FILE_BYTES + safety.MiB
MAX_FILES = 5_000  # returned forms dropped at once
log = logging.getLogger("grantsheet.web")


class Settings(NamedTuple):
    inputs: Path
    outputs: Path
    tokens: tuple[str, ...] = ()  # ``--token`` values (``name:token`` or shared); one is required when any
    lang: str = texts.DEFAULT_LANGUAGE  # the page's language until the officer switches
    # The header a reverse proxy sets to the user it authenticated; None: no header is trusted.
    trusted_user_header: str | None = None


class Refusal(Exception):
    """A request this page refuses; shown as a message with ``status``."""

    def __init__(self, status: int, key: str, **params: object) -> None:
        super().__init__(key)
        self.status, self.key, self.params = status, key, params


def create_app(settings: Settings, max_body: int = MAX_BODY) -> Guard:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), auto_reload=False
    )
    environment.filters["number"] = pass_context(lambda context, value: texts.number(value, context["lang"]))
    csrf = secrets.token_urlsafe(32)
    tokens = parse_tokens(settings.tokens)
    builds = Builds(settings.inputs, settings.outputs, lambda error: log.exception("build failed", exc_info=error))
    # Each output file's hash as last seen, for the approval status every view of the results shows.
    hashes = approval.Hashes()

    def lang_of(request: Request) -> str:
        chosen = request.cookies.get(LANG_COOKIE)
        return chosen if chosen in ("sv", "en") else settings.lang

    def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
        lang = lang_of(request)
        # A page about the workspace speaks of its grant's recipients and currency.
        grant = getattr(context.get("state"), "grant", None)
        body = environment.get_template(template).render(
            t=lambda key, **params: (
                texts.recipient_text(key, lang, grant, **params)
                if grant is not None
                else texts.text(key, lang, **params)
            ),
            lang=lang,
            csrf=csrf,
            path=request.url.path,
            rate=lambda pool: (
                texts.number(pool.distributed / (pool.total_key * pool.scale), lang, decimals=2)
                if pool.total_key
                else "-"
            ),
            word=lambda words: word(words, lang),
            problem=lambda found: _problem_parts(found, lang, grant),
            label=lambda key, fallback: texts.text(key, lang) if key in texts.LABELS else fallback,
            bars=lambda summary: _bars(summary, lang),
            **context,
        )
        return HTMLResponse(body, status, headers=SECURITY_HEADERS)

    def refused_page(status: int, key: str, headers: dict[str, str]) -> bytes:
        cookie = headers.get("cookie", "")
        lang = "en" if f"{LANG_COOKIE}=en" in cookie else settings.lang
        return (
            environment.get_template("refused.html")
            .render(
                t=lambda k, **p: texts.text(k, lang, **p),
                lang=lang,
                key=key,
                login=key in ("web_refused_token", "web_refused_name"),
                ask_name=any(token.user is None for token in tokens),
            )
            .encode()
        )

    # --- reading the workspace -------------------------------------------------------

    def settled(handler):
        """``handler``, reading the outputs as complete sets only (a swap a killed build left
        is rolled back first; none runs meanwhile: #26.4)."""

        def read(*args: Any) -> Response:
            with api.settled(settings.outputs):
                return handler(*args)

        return read

    def workspace():
        return api.workspace(settings.inputs, settings.outputs)

    def last_summary(state: Workspace) -> Summary | None:
        if state.master is None:
            return None
        return builds.last_of(state.master) or api.master_summary(state.master)

    def home(request: Request) -> Response:
        return page(request, "workspace.html", state=workspace(), running=builds.running(), **start_choices())

    def start_choices() -> dict[str, Any]:
        """What a workspace without a grant file can start from (see ``editor.start``)."""
        if (settings.inputs / GRANT_FILE).exists():
            return {}
        return {"examples": api.example_names(), "previous": previous_workspaces(settings.inputs)}

    def status_json(request: Request) -> Response:
        state = workspace()
        return JSONResponse({"changed": list(state.changed), "errors": len(state.errors)}, headers=SECURITY_HEADERS)

    # --- forms ----------------------------------------------------------------------

    async def read_form(request: Request, max_fields: int = 50):
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=max_fields)
        except BodyTooLarge:
            raise Refusal(413, "web_refused_size") from None
        given = form.get("csrf") or request.headers.get("x-csrf-token") or ""
        if not secrets.compare_digest(str(given).encode(), csrf.encode()):
            raise Refusal(403, "web_refused_csrf")
        return form

    async def saved_uploads(form, folder: Path) -> list[tuple[str, Path]]:
        """Each uploaded file in ``folder`` under a name of its own (the browser's name aside)."""
        saved = []
        for number, upload in enumerate(form.getlist("file")):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            path = folder / f"upload-{number}"
            with path.open("wb") as handle:
                while chunk := await upload.read(safety.MiB):
                    handle.write(chunk)
            saved.append((upload.filename, path))
        if not saved:
            raise Refusal(400, "web_no_file")
        return saved

    # Each handler that takes an upload reads the form here, in the server's event loop, and
    # hands the library's work to a thread: the loop keeps answering (a build's progress) meanwhile.
    async def upload_inputs(request: Request) -> Response:
        form = await read_form(request)
        target = str(form.get("target") or "") or None
        with tempfile.TemporaryDirectory(prefix="grantsheet-upload-") as scratch:
            uploads = await saved_uploads(form, Path(scratch))
            return await run_in_threadpool(settled(replace_inputs), request, target, uploads)

    def replace_inputs(request: Request, target: str | None, uploads: list[tuple[str, Path]]) -> Response:
        outcomes = []
        for name, path in uploads:
            known = api.input_target(settings.inputs, target or name)
            if known is None:
                outcomes.append(Upload(name, None, None))
                continue
            outcomes.append(Upload(name, known, api.replace_input(settings.inputs, known, path, lang_of(request))))
        status = 200 if all(o.replacement and o.replacement.written for o in outcomes) else 422
        return page(request, "workspace.html", status, state=workspace(), running=builds.running(), uploads=outcomes)

    # --- building ---------------------------------------------------------------------

    async def start_build(request: Request) -> Response:
        form = await read_form(request)
        job, _ = builds.start(pdf=form.get("pdf") == "1", user=request.scope.get(USER_KEY))
        return RedirectResponse(f"/build/{job.id}", status_code=303)

    def build_page(request: Request) -> Response:
        job = builds.job(request.path_params["job"])
        if job is None:
            raise HTTPException(404)
        if job.state == DONE:
            return RedirectResponse("/results", status_code=303)
        status = {FAILED: 422, BROKEN: 500}.get(job.state, 200)
        return page(request, "build.html", status, job=job, broken=job.state == BROKEN, phases=PHASES)

    def job_json(request: Request) -> Response:
        job = builds.job(request.path_params["job"])
        if job is None:
            raise HTTPException(404)
        return JSONResponse(job.as_json(), headers=SECURITY_HEADERS)

    def approval_of(request: Request, state: Workspace) -> Attest | None:
        """The last build's approval as this officer sees it: its status, and whether they may
        approve or reject it (a vouched-for name, not the builder's: #27), else why not."""
        if state.grant is None:
            return None
        stand = approval.status(settings.outputs / str(state.grant.year), state.grant.approval, hashes)
        if stand.build is None:
            return None
        user = request.scope.get(USER_KEY)
        if not (user and request.scope.get(VOUCHED_KEY)):
            return Attest(stand, stand.stamp(lang_of(request)), None, "web_approval_needs_name")
        refused = approval.refusals(stand, state.grant.approval, user)
        why = f"web_{refused[0].kind}" if refused else None
        return Attest(stand, stand.stamp(lang_of(request)), user if not refused else None, why)

    async def decide(request: Request) -> Response:
        form = await read_form(request)
        user = request.scope.get(USER_KEY)
        if not (user and request.scope.get(VOUCHED_KEY)):
            raise Refusal(403, "web_approval_needs_name")  # the server refuses what the page does not offer
        reject = form.get("decision") == "reject"
        comment = str(form.get("comment") or "").strip()[:MAX_COMMENT]
        if reject and not comment:
            raise Refusal(422, "cli_reject_needs_comment")
        await run_in_threadpool(api.approve, settings.inputs, settings.outputs, user, comment, reject)
        return RedirectResponse("/results#approval", status_code=303)

    def results(request: Request) -> Response:
        state = workspace()
        summary = last_summary(state)
        files = [row.file for row in summary.centres if row.file] if summary is not None else []
        pdfs = [row.pdf for row in summary.centres if row.pdf] if summary is not None else []
        return page(
            request,
            "results.html",
            state=state,
            summary=summary,
            files=files,
            pdfs=pdfs,
            attest=approval_of(request, state) if summary is not None else None,
            link=lambda path: "/files/" + urllib.parse.quote(path.relative_to(settings.outputs).as_posix()),
        )

    # --- downloads --------------------------------------------------------------------

    def download(request: Request) -> Response:
        path = _inside(settings.outputs, request.path_params["path"])
        return FileResponse(path, filename=path.name, headers=SECURITY_HEADERS)

    def download_zip(request: Request) -> Response:
        summary = last_summary(workspace())
        if summary is None:
            raise Refusal(404, "web_no_build")
        printed = request.query_params.get("pdf") == "1"
        files = [row.pdf if printed else row.file for row in summary.centres]
        handle, temporary = tempfile.mkstemp(prefix="grantsheet-", suffix=".zip")
        os.close(handle)
        zip_files([path for path in files if path is not None], summary.master.parent, Path(temporary))
        label = texts.text("web_zip_pdf_name" if printed else "web_zip_name", lang_of(request))
        name = f"{summary.master.stem}-{label}.zip"
        return FileResponse(
            temporary, filename=name, headers=SECURITY_HEADERS, background=BackgroundTask(os.unlink, temporary)
        )

    # --- collect and verify -----------------------------------------------------------

    def collect_page(request: Request) -> Response:
        return page(request, "collect.html", state=workspace(), result=None)

    async def collect(request: Request) -> Response:
        form = await read_form(request)
        with tempfile.TemporaryDirectory(prefix="grantsheet-returns-") as scratch:
            uploads = await saved_uploads(form, Path(scratch))
            return await run_in_threadpool(collect_uploads, request, uploads)

    def collect_uploads(request: Request, uploads: list[tuple[str, Path]]) -> Response:
        state = workspace()
        if state.master is None or state.grant is None:
            raise Refusal(409, "web_no_build")
        result = api.receive_returns(uploads, settings.outputs, state.master, state.grant, lang_of(request))
        summary = result.summary.relative_to(settings.outputs).as_posix()
        return page(request, "collect.html", state=state, result=result, summary_file=summary)

    def verify_page(request: Request) -> Response:
        return page(request, "verify.html", state=workspace(), reports=None)

    async def verify(request: Request) -> Response:
        form = await read_form(request)
        with tempfile.TemporaryDirectory(prefix="grantsheet-verify-") as scratch:
            uploads = [] if form.get("master") else await saved_uploads(form, Path(scratch))
            return await run_in_threadpool(verify_uploads, request, uploads, Path(scratch))

    def verify_uploads(request: Request, uploads: list[tuple[str, Path]], scratch: Path) -> Response:
        """The uploads (each under its own safe name: the report names it), or the last master."""
        state = workspace()
        if not uploads:
            if state.master is None:
                raise Refusal(409, "web_no_build")
            paths = [state.master]
        else:
            paths = []
            for number, (name, path) in enumerate(uploads):
                named = scratch / str(number) / (upload_name(name) or "upload.xlsx")
                named.parent.mkdir()
                shutil.move(path, named)
                paths.append(named)
        reports = api.verify(paths)
        return page(request, "verify.html", state=state, reports=list(zip([p.name for p in paths], reports)))

    # --- errors -------------------------------------------------------------------------

    async def on_refusal(request: Request, error: Refusal) -> Response:
        return page(request, "message.html", error.status, key=error.key, params=error.params, problems=[])

    async def on_input_error(request: Request, error: InputError) -> Response:
        return page(request, "message.html", 422, key="web_input_problems", params={}, problems=error.problems)

    async def on_http(request: Request, error: HTTPException) -> Response:
        # Starlette answers a body it cannot parse as a form (cut short, a part header of
        # thousands of characters) with 400: that is no missing page (#26.12).
        key = "web_bad_request" if error.status_code == 400 else "web_not_found"
        return page(request, "message.html", error.status_code, key=key, params={}, problems=[])

    async def on_error(request: Request, error: Exception) -> Response:
        log.exception("request failed", exc_info=error)
        return page(request, "message.html", 500, key="web_broken", params={}, problems=[])

    # Starlette types every handler as one for Exception; each of these takes its own kind.
    handlers: dict[Any, Any] = {
        Refusal: on_refusal,
        InputError: on_input_error,
        HTTPException: on_http,
        Exception: on_error,
    }
    app = Starlette(
        routes=[
            Route("/", settled(home)),
            Route("/status", settled(status_json)),
            Route("/lang/{lang}", switch_language),
            Route("/inputs", upload_inputs, methods=["POST"]),
            Route("/build", start_build, methods=["POST"]),
            Route("/build/{job}", build_page),
            Route("/jobs/{job}", job_json),
            Route("/results", settled(results)),
            Route("/approve", decide, methods=["POST"]),
            Route("/files/{path:path}", settled(download)),
            Route("/zip", settled(download_zip)),
            Route("/collect", settled(collect_page)),
            Route("/collect", collect, methods=["POST"]),
            Route("/verify", settled(verify_page)),
            Route("/verify", verify, methods=["POST"]),
            *editor.routes(
                settings.inputs,
                settings.outputs,
                page,
                read_form,
                settled(lambda: last_summary(workspace())),
                lang_of,
                SECURITY_HEADERS,
            ),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers=handlers,
    )
    app.state.builds = builds
    # The first page asked for should not wait for the inputs to be read (a nation's take a second).
    threading.Thread(target=_quietly(workspace), name="grantsheet-warm-up", daemon=True).start()
    return Guard(
        app, tokens=tokens, max_body=max_body, refuse=refused_page, trusted_user_header=settings.trusted_user_header
    )


# A build's phases, each shown by its text ``web_progress_<phase>``.
PHASES = ("inputs", "reading", "writing", "placing", "printing", "journal")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


MAX_COMMENT = 2000  # characters of an approval's comment: a paragraph


class Attest(NamedTuple):
    """The results page's approval section (#27)."""

    status: approval.Status
    stamp: str  # "Attesterad av …, bygge 7", or what is missing
    approver: str | None  # the officer who may approve or reject now; None: no buttons
    why_not: str | None  # a texts key saying why not


class Upload(NamedTuple):
    name: str  # as the browser sent it
    target: str | None  # the input file it replaces; None: none of the workspace's
    replacement: Replacement | None


def _quietly(run):
    """``run`` for its side effect: an error is the first request's to report."""

    def quiet() -> None:
        try:
            run()
        except Exception:  # noqa: BLE001 - the page reports it when asked
            log.debug("warming up failed", exc_info=True)

    return quiet


def switch_language(request: Request) -> Response:
    """Set the page's language and go back to the page it was switched on (on this site only)."""
    lang = request.path_params["lang"]
    back = request.query_params.get("next", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response = RedirectResponse(back, status_code=303)
    if lang in ("sv", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="strict")
    return response


def _problem_parts(found: Problem, lang: str, grant: texts.Words | None = None) -> tuple[str, str, str, str]:
    """Severity, where, what, fix; the file by its name only (an upload was checked in a scratch
    folder); in the words of the workspace's grant when the page knows it."""
    where = Location(Path(found.location.file).name, *found.location[1:]).describe(lang)
    severity = texts.text(f"severity_{found.severity}", lang)
    return severity, where, found.message(lang, grant), found.fix(lang, grant)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative`` when that is a file inside ``root`` (links resolved), else 404."""
    base = root.resolve()
    try:
        path = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise HTTPException(404) from None
    if not path.is_relative_to(base) or not path.is_file():
        raise HTTPException(404)
    if any(part.startswith((".", "~$")) for part in path.relative_to(base).parts):  # staging, lock files
        raise HTTPException(404)
    return path


class Bar(NamedTuple):
    x: int
    y: int
    width: int
    height: int
    label: str


class Chart(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    top: int | float = 0  # the highest total: the axis's label at the top (#23.12)
    top_name: str = ""
    first: str = ""  # the names under the first and the last bar
    last: str = ""


CHART_HEIGHT = 180


def _bars(summary, lang: str) -> Chart:
    """One bar per recipient, in the calculation's order, as the workbook's chart draws them."""
    totals = [row.total for row in summary.centres]
    top = max(totals, default=0) or 1
    bars = [
        Bar(
            index * 10,
            CHART_HEIGHT - round(CHART_HEIGHT * total / top),
            8,
            round(CHART_HEIGHT * total / top),
            f"{row.name}: {texts.number(total, lang)} kr",
        )
        for index, (row, total) in enumerate(zip(summary.centres, totals))
    ]
    rows = summary.centres
    highest = max(rows, key=lambda row: row.total, default=None)
    names = (rows[0].name, rows[-1].name) if rows else ("", "")
    return Chart(max(len(bars) * 10, 10), CHART_HEIGHT, bars, top, highest.name if highest else "", *names)
