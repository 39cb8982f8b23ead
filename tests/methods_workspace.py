"""A workspace with one pool of every shape: rounding methods, rates, eligibility, place-months."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

GRANT = """\
[grant]
year = 2021
title = "Alla metoder"
organisation = "Region Test"
example_data = true

[decision]
body = "Regionstyrelsen"
reference = "RS 2-2021"
paragraph = "§ 2"

[[pools]]
id = "sabo_man"
name = "SÄBO platsmånader"
amount = {sabo}
key = "bed_places"
weight = "months"

[[pools]]
id = "golv"
name = "Listade, avrundat nedåt"
amount = {listed}
key = "listed_80_plus"
rounding = "floor"

[[pools]]
id = "ore"
name = "Listade, i öre"
amount = {listed}
key = "listed_80_plus"
rounding = "ore"

[[pools]]
id = "samtal"
name = "Per brytpunktssamtal (tak)"
amount = {small}
key = "quality.conversations"
rate = 500

[[pools]]
id = "lmg"
name = "Per läkemedelsgenomgång (tak som inte nås)"
amount = 900000000
key = "quality.reviews"
rate = 300

[[pools]]
id = "lmg_fri"
name = "Per läkemedelsgenomgång (utan tak, nedåt)"
amount = 1000
key = "quality.reviews"
rate = 7
cap = false
rounding = "floor"

[[pools]]
id = "med_boende"
name = "Bara med boende"
amount = {listed}
key = "listed_80_plus"
eligible = "has_bed_places"

[[pools]]
id = "region"
name = "Bara regiondrivna, i öre"
amount = {listed}
key = "listed_80_plus"
eligible = "region_run"
rounding = "ore"

[follow_up]
deadline = 2022-01-31
categories = ["Läkartid"]

[inputs]
bed_places = "boendeplatser.xlsx"
listed_80_plus = "listade.xlsx"
quality = "registreringar.xlsx"
register = "register.xlsx"
"""


def write_sheet(path: Path, title: str, headings: list[str], rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    book.save(path)


def methods_workspace(folder: Path, rng: random.Random, n_centres: int) -> Path:
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    names = [f"Hälsocentral {i:03d}" for i in range(n_centres)]
    ids = [f"SE{i:04d}" for i in range(n_centres)]
    operators = [rng.choice(["Region", "Privat"]) for _ in names]
    operators[0] = "Region"
    write_sheet(
        inputs / "register.xlsx",
        "Register",
        ["HSA-id", "Namn", "Driftform"],
        [[i, n, o] for i, n, o in zip(ids, names, operators)],
    )
    listed = [rng.choice([0, 1, 3, rng.randint(0, 3000)]) for _ in names]
    listed[0] = max(listed[0], 1)
    write_sheet(
        inputs / "listade.xlsx",
        "Listade 80+",
        ["Hälsocentral", "Antal listade 80+"],
        [[n, k] for n, k in zip(names, listed)],
    )
    homes = []
    for i, name in enumerate(names):
        for h in range(rng.choice([0, 1, 2])):
            places = rng.randint(1, 60)
            if rng.random() < 0.3 and n_centres > 1:
                other = names[(i + 1) % n_centres]
                first = rng.randint(1, 11)
                homes.append(["Kommun", f"Boende {i}-{h}", name, places, first])
                homes.append(["Kommun", f"Boende {i}-{h}", other, places, 12 - first])
            else:
                homes.append(["Kommun", f"Boende {i}-{h}", name, places, None])
    if not homes:
        homes.append(["Kommun", "Boende", names[0], 10, None])
    write_sheet(
        inputs / "boendeplatser.xlsx",
        "Boendeplatser",
        ["Kommun", "Särskilt boende", "Ansvarig hälsocentral", "Antal platser", "Månader"],
        homes,
    )
    quality = [[n, rng.randint(0, 40), rng.randint(0, 90)] for n in names]
    quality[0][1] = max(quality[0][1], 1)
    quality[0][2] = max(quality[0][2], 1)
    write_sheet(
        inputs / "registreringar.xlsx",
        "Registreringar",
        ["Hälsocentral", "Brytpunktssamtal", "Läkemedelsgenomgångar"],
        quality,
    )
    conversations = sum(q[1] for q in quality)
    (inputs / "grant.toml").write_text(
        GRANT.format(
            sabo=rng.randint(1, 9_999_999),
            listed=rng.randint(1, 300_000_000),
            # The cap binds: the pool is smaller than 500 kr per conversation.
            small=rng.randint(0, 500 * conversations - 1),
        ),
        encoding="utf-8",
    )
    return inputs
