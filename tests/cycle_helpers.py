"""Small input folders for the follow-up cycle tests."""

from __future__ import annotations

from pathlib import Path

from grantsheet_samples import Home, Listing, write_bed_places, write_listed

REPO = Path(__file__).resolve().parent.parent
# The shipped grant file's first two follow-up categories' fields.
SABO = "amount:lakarmedverkan_i_sarskilt_boende"
HOME = "amount:lakarmedverkan_i_hemsjukvarden"

CENTRES = [
    ("Alfa hälsocentral", "HC1", 900),
    ("Beta/Gamma vårdcentral", "HC2", 600),
    ("Delta hälsocentral", "HC3", 450),
    ("Epsilon hälsocentral", "HC4", 51),
]
HOMES = [
    ("Alfagården", "Alfa hälsocentral", 40),
    ("Betahemmet", "Beta/Gamma vårdcentral", 31),
    ("Deltabo", "Delta hälsocentral", 17),
    ("Epsilonvägen", "Epsilon hälsocentral", 12),
]


def make_inputs(folder: Path, centres=CENTRES, homes=HOMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # The shipped grant file, less its register: these inputs have centres of their own.
    grant = (REPO / "inputs" / "grant.toml").read_text(encoding="utf-8")
    kept = [line for line in grant.splitlines() if not line.startswith("register =")]
    (folder / "grant.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    write_listed(folder / "listade-80plus.xlsx", [Listing(n, c, centre_id=i) for n, i, c in centres])
    write_bed_places(folder / "boendeplatser.xlsx", [Home("Umeå", h, c, p) for h, c, p in homes])
    return folder
