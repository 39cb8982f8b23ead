"""What a file is, and whether it is safe to hand to a parser, decided before any parser runs.

Input files come from other systems and from people. Before openpyxl or the CSV
reader sees a file, ``inspect_file`` looks at its bytes: its size, its kind (a real
.xlsx, a CSV, or a legacy .xls, an encrypted workbook, an .ods, a web page saved as
".xls", a damaged zip ...) and, for a workbook, every zip member's declared
uncompressed size (a zip bomb is refused by arithmetic, not by unpacking it). The XML
members are then streamed once, bounded by those declared sizes, to refuse document
type declarations (entity bombs, external entities) and single XML tokens so large
that expat would take minutes over them.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

MiB = 1024 * 1024
# A national input (1 150 centres) is well under 1 MiB, and even 100 000 synthetic
# centres stay far below these bounds (BENCHMARKS.md): they refuse what no real export is.
MAX_FILE_BYTES = 200 * MiB
MAX_MEMBER_BYTES = 256 * MiB
MAX_UNPACKED_BYTES = 512 * MiB
MAX_MEMBERS = 10_000
# expat re-scans a token that spans its buffers, so a huge token parses very slowly
# (docs/tools.md). No cell of a real workbook is near this (Excel holds 32 767
# characters per cell).
XML_CHUNK = 2 * MiB

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Compound File: legacy .xls or a password-encrypted .xlsx
ZIP_MAGIC = b"PK"
TEXT_SUFFIXES = (".csv", ".txt")

XLSX = "xlsx"
CSV = "csv"


class Refusal(NamedTuple):
    """Why a file is not read: a problem kind of ``texts.PROBLEMS`` and its parameters."""

    kind: str
    params: Mapping[str, object] = MappingProxyType({})  # read-only: one default for every refusal


class Refused(ValueError):
    """Raised by a reader that meets what these rules refuse (``require_zip_bounds``)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.kind)
        self.refusal = refusal


def inspect_file(path: Path) -> tuple[str | None, Refusal | None]:
    """The kind of file to read it as (XLSX or CSV), or why it is refused."""
    size = path.stat().st_size
    if size == 0:
        return None, Refusal("file_empty")
    if size > MAX_FILE_BYTES:
        return None, Refusal("file_too_large", {"size": mib(size), "limit": mib(MAX_FILE_BYTES)})
    with path.open("rb") as handle:
        head = handle.read(8192)
    suffix = path.suffix.lower() or "-"
    if head.startswith(OLE_MAGIC):
        return None, _ole_refusal(path)
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(path, suffix)
    return _inspect_plain(head, suffix)


def _ole_refusal(path: Path) -> Refusal:
    """An encrypted .xlsx and a legacy .xls are both Compound Files; their stream names tell them apart."""
    data = path.read_bytes()  # bounded by MAX_FILE_BYTES
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return Refusal("file_encrypted")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Refusal("file_legacy_xls")
    return Refusal("file_legacy_or_encrypted")


def _inspect_plain(head: bytes, suffix: str) -> tuple[str | None, Refusal | None]:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        stripped.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head
    ):
        return None, Refusal("file_web_page", {"suffix": suffix})
    is_utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not is_utf16 and (b"\x00" in head or stripped.startswith(b"%pdf")):
        return None, Refusal("file_not_spreadsheet", {"suffix": suffix})
    if suffix in TEXT_SUFFIXES:
        return CSV, None
    return None, Refusal("file_text_misnamed", {"suffix": suffix})


def _inspect_zip(path: Path, suffix: str) -> tuple[str | None, Refusal | None]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            refusal = _zip_kind(archive, names, suffix) or zip_bounds(infos)
            if refusal is None:
                refusal = _scan_xml_members(archive, infos)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        ValueError,
        OSError,
        RuntimeError,
    ) as error:
        # RuntimeError: a member that needs a password; the others: damage.
        return None, Refusal("file_corrupt", {"detail": type(error).__name__})
    if refusal is not None:
        return None, refusal
    return XLSX, None


def _zip_kind(archive: zipfile.ZipFile, names: set[str], suffix: str) -> Refusal | None:
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        return Refusal("file_encrypted")
    if "mimetype" in names:
        mimetype = archive.open("mimetype").read(200)
        if b"opendocument.spreadsheet" in mimetype:
            return Refusal("file_ods")
        return Refusal("file_not_spreadsheet", {"suffix": suffix})
    if "xl/workbook.bin" in names:
        return Refusal("file_xlsb")
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        return Refusal("file_not_spreadsheet", {"suffix": suffix})
    return None


def zip_bounds(infos: list[zipfile.ZipInfo]) -> Refusal | None:
    """Refuse a zip bomb from the sizes it declares; zipfile never unpacks past them."""
    total = sum(info.file_size for info in infos)
    largest = max(infos, key=lambda info: info.file_size, default=None)
    # Each message names the limit that was hit: a part over its own limit is not
    # "more than" the (larger) limit for the whole file.
    if len(infos) > MAX_MEMBERS:
        return Refusal("file_too_many_parts", {"members": len(infos), "limit": MAX_MEMBERS})
    if largest is not None and largest.file_size > MAX_MEMBER_BYTES:
        return Refusal(
            "file_part_too_large",
            {"part": largest.filename, "size": mib(largest.file_size), "limit": mib(MAX_MEMBER_BYTES)},
        )
    if total > MAX_UNPACKED_BYTES:
        return Refusal(
            "file_unpacks_too_large", {"size": mib(total), "members": len(infos), "limit": mib(MAX_UNPACKED_BYTES)}
        )
    return None


def require_zip_bounds(archive: zipfile.ZipFile) -> None:
    """``zip_bounds`` for a reader that opens the archive itself: raises ``Refused``."""
    refusal = zip_bounds(archive.infolist())
    if refusal is not None:
        raise Refused(refusal)


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _scan_xml_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Refusal | None:
    """Stream every XML part once: no DTD (a spreadsheet never has one), no giant token.

    Reading is bounded by the declared sizes checked above: zipfile stops at the
    declared size and a member that holds more fails its CRC check (BadZipFile).
    """
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(XML_CHUNK):
                if _DTD.search(tail + chunk[:4096]) or _DTD.search(chunk):
                    return Refusal("file_xml_dtd", {"member": info.filename})
                if len(chunk) == XML_CHUNK and b"<" not in chunk:
                    return Refusal("file_xml_token_too_large", {"member": info.filename, "limit": mib(XML_CHUNK)})
                tail = chunk[-16:]
    return None


def mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB"
