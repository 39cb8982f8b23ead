"""Names that differ only by look-alike letters of another script are a problem, with a
register or without (#26.11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from workspace import make_workspace

from grantsheet import api
from grantsheet.errors import InputError
from grantsheet_samples import Home, Listing, RegisterRow, write_register


def listed(*names: str) -> tuple[list[Home], list[Listing]]:
    return [Home("Skellefteå", f"Hem {n}", name, 10) for n, name in enumerate(names)], [
        Listing(name, 100 + n, centre_id=f"HC{n}") for n, name in enumerate(names)
    ]


@pytest.mark.parametrize(
    "forged",
    ["Вyske hälsocentral", "Byske hälsoсentral", "Βyske hälsocentral", "Byske  HÄLSOCENTRΑL"],
    ids=["cyrillic-ve", "cyrillic-es", "greek-beta", "greek-alpha-and-case"],
)
def test_a_name_spelled_with_look_alike_letters_is_refused_without_a_register(tmp_path: Path, forged: str):
    """ "Вyske hälsocentral" (Cyrillic В) was paid next to the real Byske."""
    inputs = make_workspace(tmp_path, *listed("Byske hälsocentral", forged))
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    (found,) = [p for p in raised.value.problems if p.kind == "confusable_name"]
    assert found.location.cell == "A5" and "Byske hälsocentral" in found.render("en")


def test_look_alikes_in_the_register_are_refused_too(tmp_path: Path):
    inputs = make_workspace(tmp_path, *listed("Byske hälsocentral", "Вyske hälsocentral"))
    write_register(
        inputs / "register.xlsx",
        [RegisterRow("HC0", "Byske hälsocentral", "Region"), RegisterRow("HC1", "Вyske hälsocentral", "Region")],
    )
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8") + 'register = "register.xlsx"\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        api.check(inputs)
    assert "confusable_name" in {p.kind for p in raised.value.problems}


def test_swedish_letters_are_no_look_alikes(tmp_path: Path):
    """Å, Ä and Ö are letters of their own: Åsele and Asele are two names."""
    api.check(make_workspace(tmp_path, *listed("Åsele hälsocentral", "Asele hälsocentral", "Öhälsa", "Ohälsa")))
