"""The grant's rules on the page: start a workspace, edit grant.toml in a form, preview, save.

The form is ``grantsheet.grant_form``'s (its fields come from the grant file's schema); the
checks, the preview and the save are ``grantsheet.definition``'s, through ``api``. This
module only turns requests into those calls and their records into pages. The draft lives
in the page's form: every post carries all of it, with the SHA-256 of the grant file it was
made from (``base``), so nothing is stored on the server between requests.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from grantsheet import api, declare, grant_form, safety
from grantsheet.definition import Preview, previous_workspaces
from grantsheet.errors import InputError
from grantsheet.load import GRANT_FILE, TableCache
from grantsheet.web.guard import USER_KEY

# A grant form has some fifty fields, fifteen more per pool (at most 50), and a dropped
# table's proposal four per column (at most 30 a sheet).
MAX_FIELDS = 2_000
DROP, DECLARE = "drop", "declare"  # actions: a table file dropped, its declaration confirmed

Page = Callable[..., Response]
ReadForm = Callable[..., Awaitable[Any]]


def routes(
    inputs: Path,
    outputs: Path,
    page: Page,
    read_form: ReadForm,
    last_summary: Callable[[], Any],
    lang_of: Callable[[Request], str],
    headers: dict[str, str],
) -> list[Route]:
    grant_path = inputs / GRANT_FILE
    # The input tables as the last preview read them: a change typed into the form re-allocates only.
    tables = TableCache()

    def on_disk() -> tuple[str, str]:
        """The grant file's text and SHA-256 now ("" and "" when there is none)."""
        if not grant_path.is_file():
            return "", ""
        data = grant_path.read_bytes()
        return data.decode("utf-8", "replace"), grant_form.sha256(data)

    def editor(request: Request, text: str, base: str, order=None, status: int = 200, **context: object) -> Response:
        current, now = on_disk()
        draft_preview = api.preview_grant(inputs, text, last_summary(), tables)
        sections = grant_form.sections(text, order)
        return page(
            request,
            "grant.html",
            status,
            sections=sections,
            lists=grant_form.lists(),
            order=_file_order(text) | {key: grant_form.order_value(order[key]) for key in order or {}},
            base=base,
            changed_on_disk=bool(current) and now != base,
            preview=draft_preview,
            marked=_marked(text, sections, draft_preview, lang_of(request)),
            changes=list(reversed(api.grant_changes(outputs)))[:10],
            readable=grant_form.readable(text),
            table_id=declare.table_id,
            first_sheet=lambda dropped: next((i for i, s in enumerate(dropped.sheets) if s.header_row), 0),
            **context,
        )

    def show(request: Request) -> Response:
        text, base = on_disk()
        if not base:
            return RedirectResponse("/", status_code=303)
        return editor(request, text, base)

    async def submitted(request: Request):
        form = await read_form(request, max_fields=MAX_FIELDS)
        fields = {key: str(value) for key, value in form.items() if isinstance(value, str)}
        return fields, str(form.get("base") or ""), str(form.get("action") or ""), form.get("table_file")

    async def post(request: Request) -> Response:
        fields, base, action, upload = await submitted(request)
        if action == DROP and isinstance(upload, UploadFile) and upload.filename:
            with tempfile.TemporaryDirectory(prefix="grantsheet-table-") as scratch:
                path = Path(scratch) / "upload"
                with path.open("wb") as out:
                    while chunk := await upload.read(safety.MiB):
                        out.write(chunk)
                return await run_in_threadpool(drop, request, fields, base, upload.filename, path)
        return await run_in_threadpool(handle, request, fields, base, action)

    def drop(request: Request, fields: dict[str, str], base: str, name: str, path: Path) -> Response:
        """A table dropped on the form: kept in the inputs folder, its declaration proposed."""
        current, _ = on_disk()
        draft = grant_form.draft(current, fields)
        dropped = declare.receive(inputs, name, path)
        status = 200 if dropped.written else 422
        return editor(request, draft.text, base, draft.order, status, dropped=dropped)

    def handle(request: Request, fields: dict[str, str], base: str, action: str) -> Response:
        current, _ = on_disk()
        if action == DECLARE:
            fields = _declared(fields)
            action = ""
        draft = grant_form.draft(current, fields, action)
        if action != "save":  # check, add:, remove:, declare, or a drop without a file
            return editor(request, draft.text, base, draft.order)
        try:
            saved = api.save_grant(inputs, outputs, draft.text, base, request.scope.get(USER_KEY), lang_of(request))
        except InputError as error:
            return editor(request, draft.text, base, draft.order, 422, refused=error.problems)
        text, now = on_disk()
        return editor(request, text, now, saved=saved)

    async def preview(request: Request) -> Response:
        fields, base, _, _ = await submitted(request)
        return await run_in_threadpool(preview_json, request, fields, base)

    def preview_json(request: Request, fields: dict[str, str], base: str) -> Response:
        current, now = on_disk()
        draft = grant_form.draft(current, fields)
        found = api.preview_grant(inputs, draft.text, last_summary(), tables)
        sections = grant_form.sections(draft.text, draft.order)
        html = page(request, "grant_preview.html", preview=found).body
        return JSONResponse(
            {
                "html": bytes(html).decode(),
                "fields": _marked(draft.text, sections, found, lang_of(request)),
                "changed_on_disk": now != base,  # edited by hand since the page was opened: saving will refuse
            },
            headers=headers,
        )

    async def start(request: Request) -> Response:
        form = await read_form(request)
        return await run_in_threadpool(start_workspace, request, {k: str(v) for k, v in form.items()})

    def start_workspace(request: Request, form: dict[str, str]) -> Response:
        source = form.get("source", "")
        year = int(form["year"]) if form.get("year", "").strip().isdigit() else None
        if source.startswith("example:"):
            example = source.removeprefix("example:")
            if example not in api.example_names():
                return RedirectResponse("/", status_code=303)
            api.start_workspace(inputs, outputs, example=example, year=year)
        elif source.startswith("previous:"):
            chosen = source.removeprefix("previous:")
            found = [p for p in previous_workspaces(inputs) if p.inputs.parent.name == chosen]
            if not found:
                return RedirectResponse("/", status_code=303)
            api.start_workspace(inputs, outputs, previous=found[0], year=year)
        else:
            api.start_workspace(inputs, outputs, year=year)
        return RedirectResponse("/grant", status_code=303)

    return [
        Route("/grant", show),
        Route("/grant", post, methods=["POST"]),
        Route("/grant/preview", preview, methods=["POST"]),
        Route("/start", start, methods=["POST"]),
    ]


def _declared(fields: dict[str, str]) -> dict[str, str]:
    """The form with the dropped table's declaration, as the officer confirmed it, added as a
    new element of ``[[tables]]`` (``drop.*``: the sheet chosen, the table's id, and per
    column its kind, id, unit and heading)."""
    sheet = fields.get("drop.sheet", "0")
    columns, recipient = [], ""
    prefix = f"drop.{sheet}."
    positions = {k[len(prefix) :].removesuffix(".kind") for k in fields if k.startswith(prefix) and k.endswith(".kind")}
    indices = sorted(int(p) for p in positions if p.isdigit())  # a name the page did not make is no column
    for index in indices:
        at = f"{prefix}{index}."
        kind, heading = fields.get(at + "kind", ""), fields.get(at + "heading", "")
        if kind == declare.RECIPIENT:
            recipient = heading
        elif kind:
            columns.append((heading, kind, fields.get(at + "id", "").strip(), fields.get(at + "unit", "").strip()))
    order = fields.get(grant_form.ORDER + "tables", "")
    position = len(order.split(",")) if order else 0
    table = declare.declaration(fields.get("drop.file", ""), fields.get("drop.id", "").strip(), recipient, columns)
    added = {f"tables.{position}.{key}": value for key, value in table.items()}
    return fields | added | {grant_form.ORDER + "tables": f"{order},{grant_form.NEW}" if order else grant_form.NEW}


def _file_order(text: str) -> dict[str, str]:
    form = grant_form.form_of(text)
    return {key: form[grant_form.ORDER + key] for key in grant_form.lists()}


def _marked(text: str, sections, preview: Preview, lang: str) -> dict[str, list[str]]:
    """Field name -> the messages of the problems located on its line of the draft: shown
    beside the field as well as in the list."""
    lines = grant_form.field_lines(text, sections)
    marked: dict[str, list] = {}
    for found in preview.problems:
        line = found.location.line if found.location.file == GRANT_FILE else None
        name = lines.get(line) if line is not None else None
        if name is not None:
            marked.setdefault(name, []).append(found.message(lang))
    return marked
