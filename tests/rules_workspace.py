"""A workspace with a pool of every distribution rule (docs/rules.md): fixed, minimum, maximum
(and both, with quotas below and above in one round),
payout units, rounding each, floor and öre, ties by order and lot, an equal key, a threshold
at the median and at a decimal number, a decimal key of a declared table, and a pool of ten
trillion over keys of ten billion."""

from __future__ import annotations

import random
from pathlib import Path

from methods_workspace import write_sheet

GRANT = """\
[grant]
year = 2021
title = "Alla regler"
organisation = "Region Test"
example_data = true

[decision]
body = "Regionstyrelsen"
reference = "RS 3-2021"
paragraph = "§ 3"

[[pools]]
id = "fast"
name = "Fast belopp och resten efter nyckel"
amount = {fixed_amount}
key = "listed_80_plus"
fixed = {fixed}
unit = 1000

[[pools]]
id = "golv"
name = "Golv, var och en avrundad"
amount = {floor_amount}
key = "listed_80_plus"
minimum = {minimum}
rounding = "each"

[[pools]]
id = "tak"
name = "Tak, lottning"
amount = {cap_amount}
key = "quality.conversations"
maximum = {maximum}
ties = "lot"
seed = 20250115

[[pools]]
id = "bada"
name = "Golv och tak i hundratal, nedåt"
amount = {both_amount}
key = "listed_80_plus"
minimum = {both_minimum}
maximum = {both_maximum}
unit = 100
rounding = "floor"

[[pools]]
id = "sidor"
name = "Golv och tak, en sida per omgång"
amount = {sides_amount}
key = "listed_80_plus"
minimum = {sides_minimum}
maximum = {sides_maximum}

[[pools]]
id = "lika"
name = "Lika delar"
amount = {equal_amount}
key = "equal"
unit = 10

[[pools]]
id = "median"
name = "Över medianen, i öre"
amount = {median_amount}
key = "listed_80_plus"
rounding = "ore"
minimum = 1.5
eligible = {{ column = "quality.reviews", at_least = "median" }}

[[pools]]
id = "stor"
name = "Tio biljoner"
amount = 10000000000000
key = "quality.reviews"
fixed = 1
eligible = {{ column = "listed_80_plus", at_most = {at_most} }}

[[pools]]
id = "andel"
name = "Efter andel, golv och lottning"
amount = {share_amount}
key = "kommun.andel"
fixed = {share_fixed}
minimum = {share_minimum}
ties = "lot"
seed = 7
eligible = {{ column = "kommun.ledighet", at_least = {at_least} }}

[[pools]]
id = "ledig"
name = "Ledighet under medianen"
amount = {share_amount}
key = "kommun.ledighet"
eligible = {{ column = "kommun.ledighet", at_most = "median" }}

[[tables]]
id = "kommun"
file = "kommun.csv"
recipient = "Hälsocentral"
columns = [
  {{ id = "andel", heading = "Andel (%)", kind = "decimal", unit = "procent" }},
  {{ id = "ledighet", heading = "Ledighet (%)", kind = "decimal" }},
]

[follow_up]
deadline = 2022-01-31
categories = ["Läkartid"]

[inputs]
listed_80_plus = "listade.xlsx"
quality = "registreringar.xlsx"
"""


def rules_workspace(folder: Path, rng: random.Random, n_centres: int) -> Path:
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    names = [f"Hälsocentral {i:03d}" for i in range(n_centres)]
    listed = [rng.choice([0, 1, 3, 307, rng.randint(0, 3000)]) for _ in names]
    listed[0] = 1  # eligible in every pool with a threshold
    write_sheet(
        inputs / "listade.xlsx",
        "Listade 80+",
        ["Hälsocentral", "Antal listade 80+"],
        list(map(list, zip(names, listed))),
    )
    big = 10**10 // n_centres
    quality = [[n, rng.choice([0, 5, 5, rng.randint(0, 40)]), rng.choice([big, rng.randint(0, big)])] for n in names]
    quality[0][1] = max(quality[0][1], 1)
    quality[0][2] = max(quality[0][2], 1)
    write_sheet(
        inputs / "registreringar.xlsx",
        "Registreringar",
        ["Hälsocentral", "Brytpunktssamtal", "Läkemedelsgenomgångar"],
        quality,
    )
    n = n_centres
    # A share with five decimals (equal shares tie), and a rate with two where the median splits.
    shares = [rng.choice(["3,87501", "13,04061", "0,00001", f"{rng.randint(0, 10**6) / 10**5:.5f}"]) for _ in names]
    rates = [rng.choice(["5,25", "5,3", "8", f"{rng.randint(0, 2000) / 100:.2f}"]) for _ in names]
    shares[0], rates[0] = "1,5", "9,99"  # eligible for both thresholds below
    lines = ["Hälsocentral;Andel (%);Ledighet (%)"] + [f"{a};{b};{c}" for a, b, c in zip(names, shares, rates)]
    (inputs / "kommun.csv").write_text("\n".join(lines).replace(".", ",") + "\n", encoding="utf-8")
    share_fixed = rng.randint(0, 1000)
    fixed = 1000 * rng.randint(0, 300)
    cap_amount = rng.randint(n, 50_000_000)
    both_amount = 100 * rng.randint(n, 1_000_000)
    equal_amount = 10 * rng.randint(0, 100_000)
    # A quarter and twice the even share: the first round finds quotas below and above.
    sides_amount = rng.randint(n * 1000, n * 100_000)
    floor_amount = rng.randint(n, 300_000_000)
    (inputs / "grant.toml").write_text(
        GRANT.format(
            fixed_amount=1000 * rng.randint(n * fixed // 1000, n * fixed // 1000 + 500_000),
            fixed=fixed,
            floor_amount=floor_amount,
            minimum=rng.randint(0, floor_amount // n),
            cap_amount=cap_amount,
            # Enough for the recipients with a key: those without one cannot take what is left.
            maximum=-(-cap_amount // sum(1 for q in quality if q[1])) + rng.randint(0, cap_amount),
            both_amount=both_amount,
            both_minimum=100 * rng.randint(0, both_amount // 100 // n),
            both_maximum=100 * (-(-both_amount // 100 // n) + rng.randint(0, both_amount // 100)),
            equal_amount=equal_amount,
            sides_amount=sides_amount,
            sides_minimum=sides_amount // n // 4,
            sides_maximum=2 * -(-sides_amount // n),
            median_amount=rng.randint(2 * n, 10_000_000),
            at_most=rng.choice([3, 307, 3000]),
            share_amount=n * 1000 + rng.randint(0, 10**9),
            share_fixed=share_fixed,
            share_minimum=share_fixed + rng.randint(0, 1000),
            at_least=rng.choice(["5.25", "5.3", "0"]),
        ),
        encoding="utf-8",
    )
    return inputs
