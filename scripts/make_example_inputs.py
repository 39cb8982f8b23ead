"""Write the shipped example inputs and the blank input templates.

    python scripts/make_example_inputs.py

Writes inputs/boendeplatser.xlsx, inputs/listade-80plus.xlsx and inputs/register.xlsx
(ids, official names, invented cost centres and addresses on the reserved domain
example.org) from the invented example region, and templates/boendeplatser.xlsx and templates/listade-80plus.xlsx
(title and header row only). The same code always writes byte-identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
# Run from a checkout without installing the package first.
sys.path.insert(0, str(REPOSITORY))

from grantsheet_samples import (  # noqa: E402
    example_region,
    example_register,
    write_bed_places,
    write_listed,
    write_register,
)

# The design requires shipped example data to say, in the workbook, that it is invented.
EXAMPLE_NOTE = "Exempeldata – påhittade siffror, inte verkliga uppgifter"

BED_PLACES_FILE = "boendeplatser.xlsx"
LISTED_FILE = "listade-80plus.xlsx"
REGISTER_FILE = "register.xlsx"


def write_example_inputs(folder: Path) -> None:
    homes, listings = example_region()
    write_bed_places(folder / BED_PLACES_FILE, homes, note=EXAMPLE_NOTE)
    write_listed(folder / LISTED_FILE, listings, note=EXAMPLE_NOTE)
    write_register(folder / REGISTER_FILE, example_register(listings), note=EXAMPLE_NOTE)


def write_templates(folder: Path) -> None:
    write_bed_places(folder / BED_PLACES_FILE, [], total_row=None)
    write_listed(folder / LISTED_FILE, [], total_row=None)


def main() -> None:
    for folder in (REPOSITORY / "inputs", REPOSITORY / "templates"):
        folder.mkdir(exist_ok=True)
    write_example_inputs(REPOSITORY / "inputs")
    write_templates(REPOSITORY / "templates")


if __name__ == "__main__":
    main()
