"""The library API: what the command line (or a notebook) calls.

    from grantsheet.api import build
    result = build(Path("inputs"), Path("outputs"))

Each function raises ``InputError`` when the user's input is wrong; nothing is
written in that case.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from grantsheet.allocate import PoolResult, allocate_pools
from grantsheet.load import Dataset, load_inputs
from grantsheet.texts import DEFAULT_LANGUAGE
from grantsheet.write import write_master


def version() -> str:
    try:
        return metadata.version("grantsheet")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class BuildResult:
    dataset: Dataset
    pools: tuple[PoolResult, ...]
    master: Path
    lang: str


def check(inputs: Path) -> Dataset:
    """Read and validate the inputs folder; write nothing."""
    return load_inputs(inputs)


def master_path(outputs: Path, dataset: Dataset) -> Path:
    year = dataset.grant.year
    return outputs / str(year) / f"grantsheet-{year}.xlsx"


def build(inputs: Path, outputs: Path, lang: str | None = None) -> BuildResult:
    """Allocate every pool and write the master workbook under ``outputs``."""
    dataset = load_inputs(inputs)
    results = allocate_pools(dataset)
    language = lang or dataset.grant.language or DEFAULT_LANGUAGE
    master = write_master(master_path(outputs, dataset), dataset, results, language, version())
    return BuildResult(dataset, results, master, language)


def templates_folder() -> Path:
    """templates/ beside the package in a checkout, or inside it in an installed wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "templates", package / "_templates"):
        if (candidate / "grant.toml").is_file():
            return candidate
    raise FileNotFoundError("grantsheet's templates folder is missing from this installation")


def init_workspace(target: Path) -> list[Path]:
    """Create a fresh workspace: ``target/inputs`` with the grant file and blank input workbooks.

    Existing files are never overwritten; the paths that were created are returned.
    """
    inputs = target / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (target / "outputs").mkdir(exist_ok=True)
    created = []
    for template in sorted(templates_folder().iterdir()):
        destination = inputs / template.name
        if template.is_file() and not destination.exists():
            shutil.copyfile(template, destination)
            created.append(destination)
    return created
