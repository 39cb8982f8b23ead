"""Build input folders in code for tests: a grant file and the two input workbooks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from grantsheet_samples import Home, Listing, two_pool_grant, write_bed_places, write_listed


def make_workspace(
    folder: Path,
    homes: list[Home],
    listings: list[Listing],
    *,
    sabo: int = 4_200_000,
    hemsjukvard: int = 4_200_000,
    language: str = "sv",
    categories: Sequence[str] = ("Läkartid", "Övrigt"),
) -> Path:
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "grant.toml").write_text(
        two_pool_grant(
            title="Testbidrag 2022",
            organisation="Region Test",
            sabo=sabo,
            hemsjukvard=hemsjukvard,
            categories=list(categories),
            listed_file="listade.xlsx",
            language=language,
        ),
        encoding="utf-8",
    )
    write_bed_places(inputs / "boendeplatser.xlsx", homes)
    write_listed(inputs / "listade.xlsx", listings)
    return inputs


def small_region() -> tuple[list[Home], list[Listing]]:
    """Three centres, one with no nursing home; names spelled differently in the two files."""
    listings = [
        Listing("Ålidhems hälsocentral", 1204),
        Listing("Backens vårdcentral", 830),
        Listing("Hälsocentralen Sorsele", 95),
    ]
    homes = [
        Home("Umeå", "Björkbacken", "ålidhems  hälsocentral", 32),
        Home("Umeå", "Tallgården", "Ålidhems hälsocentral ", " 18 "),
        Home("Sorsele", "Fjällgläntan", "HÄLSOCENTRALEN SORSELE", 21),
    ]
    return homes, listings


def random_region(rng: random.Random, n_centres: int) -> tuple[list[Home], list[Listing]]:
    """Random keys with many ties and zeros, to exercise the tie-break in a spreadsheet engine."""
    listings = [
        Listing(f"Hälsocentral {i:03d}", rng.choice([0, 1, 2, 5, rng.randint(0, 3000)])) for i in range(n_centres)
    ]
    if all(listing.listed_80_plus == 0 for listing in listings):
        listings[0] = Listing(listings[0].centre, 1)
    homes = []
    for i in range(n_centres):
        for h in range(rng.choice([0, 0, 1, 2, 3])):
            homes.append(
                Home("Kommun", f"Boende {i}-{h}", f"Hälsocentral {i:03d}", rng.choice([1, 2, 7, rng.randint(1, 60)]))
            )
    if not homes:
        homes.append(Home("Kommun", "Boende", listings[0].centre, 10))
    return homes, listings
