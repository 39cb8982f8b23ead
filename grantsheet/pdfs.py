"""PDFs of a build: each centre's file (its letter and form) beside its workbook, and the
master's payout list, printed by LibreOffice headless.

LibreOffice is started once per batch of at most ``BATCH`` files with a private profile,
and every PDF is checked to exist: one call given many files may write only some of them
and still exit 0 (docs/tools.md). A build prints the workbooks it staged, beside them, and
swaps the prints in with them (grantsheet.cycle): all of them or, when any is missing,
none, and the previous outputs stay.
"""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from grantsheet import texts
from grantsheet.atomic import atomic_path
from grantsheet.errors import OUTPUTS, InputError, Location, problem
from grantsheet.watching import CountWatcher

BATCH = 100  # files per LibreOffice start: batches of 100 always converted in full
WATCH_SECONDS = 0.2  # how often the PDFs made so far are counted
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
# For the archive (#23.10): PDF/A-2b, tagged (structure for screen readers), its title from the
# workbook's properties and its language from the profile's locale.
PDF_EXPORT = (
    'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)
WORKBOOK_PART = "xl/workbook.xml"


def libreoffice_missing(where: Path) -> InputError | None:
    """The problem to report before a build when --pdf cannot be honoured, else None."""
    from grantsheet.recalc import find_soffice, soffice_places

    if find_soffice() is not None:
        return None
    looked = ", ".join(soffice_places())
    return InputError([problem("pdf_no_libreoffice", Location(str(where)), looked=looked)], OUTPUTS)


def payout_pdf_path(master: Path, lang: str) -> Path:
    return master.with_name(texts.text("file_payout_pdf", lang, stem=master.stem))


def is_print(path: Path) -> bool:
    """Whether ``path`` is a PDF this module made of a workbook that lies beside it."""
    if path.suffix.lower() != ".pdf":
        return False
    if path.with_suffix(".xlsx").is_file():
        return True
    return any(
        path.name in texts.all_labels("file_payout_pdf", stem=master.stem) for master in path.parent.glob("*.xlsx")
    )


def existing_pdfs(master: Path, centre_files: Sequence[Path]) -> list[Path]:
    """The PDFs an earlier build made: beside the centre files, and the payout list's (either language)."""
    folders = {path.parent for path in centre_files}
    found = sorted({pdf for folder in folders for pdf in folder.glob("*.pdf")})
    payouts = [master.with_name(name) for name in sorted(texts.all_labels("file_payout_pdf", stem=master.stem))]
    return found + [payout for payout in payouts if payout.is_file()]


def write_pdfs(
    master: Path,
    centre_files: Sequence[Path],
    lang: str,
    where: Path,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Each centre file as ``<its name>.pdf`` beside it, and the master's payout sheet alone as
    ``payout_pdf_path``; the PDFs written, centre files first. When LibreOffice fails or
    leaves any out, an ``InputError`` located at ``where`` (the outputs' folder), before any
    PDF is written. ``progress(done, total)`` as LibreOffice makes each PDF (seen in its
    output folder), ``total`` the PDFs to make."""
    from grantsheet import recalc

    try:
        return _print(master, centre_files, lang, progress)
    except recalc.RecalcError as error:
        detail = str(error).splitlines()[0]
        raise InputError([problem("pdf_failed", Location(str(where)), detail=detail)], OUTPUTS) from None


def _print(
    master: Path, centre_files: Sequence[Path], lang: str, progress: Callable[[int, int], None] | None
) -> list[Path]:
    from grantsheet import recalc

    soffice = recalc.find_soffice()
    if soffice is None:
        raise recalc.RecalcError(recalc.missing_engine_reason(recalc.LIBREOFFICE))
    jobs = [(path, path.with_suffix(".pdf")) for path in centre_files]
    with tempfile.TemporaryDirectory(prefix="grantsheet-pdf-") as tmp:
        work = Path(tmp)
        staged = work / "in"
        staged.mkdir()
        sources = []
        for index, (source, _) in enumerate(jobs):
            sources.append(staged / f"{index}.xlsx")
            shutil.copyfile(source, sources[-1])
        payout = staged / f"{len(jobs)}.xlsx"
        only_sheet(master, payout, texts.text("sheet_payout", lang))
        sources.append(payout)
        jobs.append((master, payout_pdf_path(master, lang)))
        converted = work / "out"
        converted.mkdir()
        env = recalc._headless_env(work / "home")
        profile = recalc._make_profile(work / "profile", LOCALES.get(lang))
        log = []
        with _Counting(converted, len(sources), progress):
            for start in range(0, len(sources), BATCH):
                batch = sources[start : start + BATCH]
                command = recalc._soffice_command(soffice, profile, converted, batch, to=PDF_EXPORT)
                log.append(recalc._run(command, env, 600, "LibreOffice", f"{len(batch)} file(s)"))
        made = [converted / f"{index}.pdf" for index in range(len(sources))]
        missing = [source.name for (source, _), pdf in zip(jobs, made) if not pdf.is_file()]
        if missing:
            tail = "".join(log)[-2000:]
            raise recalc.RecalcError(f"LibreOffice made no PDF of: {', '.join(missing)}\n{tail}")
        for pdf, (_, target) in zip(made, jobs):
            with atomic_path(target) as temporary:
                shutil.copyfile(pdf, temporary)
    return [target for _, target in jobs]


class _Counting:
    """Reports the PDFs in ``folder`` as LibreOffice makes them, until closed; then all
    ``total`` of them when they were all made."""

    def __init__(self, folder: Path, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.folder, self.total = folder, total
        self.report = progress or (lambda done, total: None)
        done = itertools.count(1)
        # A PDF being written is counted when the next one is begun: done, not started.
        self.watcher = CountWatcher(
            lambda: max(0, self._count() - 1), lambda: self.report(next(done), total), WATCH_SECONDS
        )

    def _count(self) -> int:
        return sum(1 for _ in self.folder.glob("*.pdf"))

    def __enter__(self) -> _Counting:
        self.report(0, self.total)
        self.watcher.start()
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self.watcher.stop(self.total if kind is None and self._count() == self.total else None)


def only_sheet(source: Path, target: Path, sheet: str) -> None:
    """A copy of ``source`` in which every sheet but ``sheet`` is hidden (LibreOffice prints
    no hidden sheet), and ``sheet`` is the one shown first."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == WORKBOOK_PART:
                data = _hide_others(data.decode("utf-8"), sheet).encode("utf-8")
            copy.writestr(info, data)


_SHEET = re.compile(r"<sheet\b[^>]*/>")
_NAME = re.compile(r'\bname="([^"]*)"')


def _hide_others(workbook: str, sheet: str) -> str:
    shown = None
    parts = []
    position = 0
    for index, match in enumerate(_SHEET.finditer(workbook)):
        element = match.group()
        name = _NAME.search(element)
        parts.append(workbook[position : match.start()])
        if name is not None and _unescape(name.group(1)) == sheet:
            shown = index
            parts.append(re.sub(r'\sstate="[^"]*"', "", element))
        elif 'state="' in element:  # hidden already (the seal is very hidden): stays so
            parts.append(element)
        else:
            parts.append(element.replace("<sheet ", '<sheet state="hidden" ', 1))
        position = match.end()
    parts.append(workbook[position:])
    text = "".join(parts)
    if shown is None:
        raise ValueError(f"the workbook has no sheet {sheet!r}")
    view = re.search(r"<workbookView\b[^>]*>", text)
    if view is None:
        return text
    element = re.sub(r'\s(activeTab|firstSheet)="[^"]*"', "", view.group())
    element = element.replace("<workbookView", f'<workbookView activeTab="{shown}" firstSheet="{shown}"', 1)
    return text[: view.start()] + element + text[view.end() :]


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
