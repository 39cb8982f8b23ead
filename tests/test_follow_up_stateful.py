"""Random sequences of what officers and centres do to the follow-up files, against a model
of what the officer should see after each rebuild: no value lost, none resurrected (issue 11).

The model is the three-way rule itself: per centre and field, the value the last build
wrote (the base), and per side (the master, the centre's file) the value that side's file
holds now and when that document was saved. A side whose value differs from the base
edited it; one edit wins; two different edits go to the document saved last.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from contract_helpers import age, edit, read
from cycle_helpers import make_inputs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from grantsheet import api, texts

CENTRES = ("HC1", "HC2")
SABO = "amount:sabo"
FIELDS = (SABO, "description")
VALUES = {
    SABO: st.sampled_from([None, 0, 100, 12_500]),
    "description": st.sampled_from([None, "Läkare", "Läkare en dag"]),
}
NAMES = {"sabo": ("Läkarmedverkan i särskilt boende", "Läkare på särskilda boenden"), "ovrigt": ("Övrigt", "Annat")}
START = dt.datetime(2023, 1, 2, 8)


def write_grant(inputs: Path, renamed: bool) -> None:
    grant = inputs / "grant.toml"
    text = grant.read_text(encoding="utf-8")
    head, _, rest = text.partition("categories = [")
    _, _, tail = rest.partition("]\n")
    names = {key: pair[renamed] for key, pair in NAMES.items()}
    categories = ", ".join(f'{{ id = "{key}", name = "{name}" }}' for key, name in names.items())
    grant.write_text(f"{head}categories = [{categories}]\n{tail}", encoding="utf-8")


class FollowUpCycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="grantsheet-stateful-"))
        self.inputs = make_inputs(self.folder / "inputs")
        self.outputs = self.folder / "outputs"
        self.clock = START
        self.lang = "sv"
        self.reworded: dict[str, tuple[str, str]] = {}

    @initialize()
    def first_build(self) -> None:
        write_grant(self.inputs, renamed=False)
        self.renamed = False
        self.result = api.build(self.inputs, self.outputs, lang=self.lang)
        self.base = {(c, f): None for c in CENTRES for f in FIELDS}
        self.files: dict[str, tuple[dict[tuple[str, str], object], dt.datetime]] = {}
        self.copies = 0

    def side(self, name: str, centres) -> tuple[dict[tuple[str, str], object], dt.datetime]:
        """A file's values (the base where nobody typed) and its saved time, as the model sees it."""
        if name not in self.files:
            self.files[name] = ({(c, f): self.base[c, f] for c in centres for f in FIELDS}, START)
        return self.files[name]

    def type_into(self, name: str, path: Path, centres, centre: str, field: str, value: object) -> None:
        self.clock += dt.timedelta(minutes=7)
        values, _ = self.side(name, centres)
        values[centre, field] = value
        self.files[name] = (values, self.clock)
        edit(path, centre, {field: value}, saved=self.clock)

    def centre_file(self, centre_id: str) -> Path:
        return next(p for p in self.result.cycle.centre_files if p.name.startswith(f"{centre_id} "))

    @rule(centre=st.sampled_from(CENTRES), field=st.sampled_from(FIELDS), data=st.data())
    def centre_types(self, centre, field, data) -> None:
        value = data.draw(VALUES[field])
        self.type_into(f"centre {centre}", self.centre_file(centre), [centre], centre, field, value)

    @rule(centre=st.sampled_from(CENTRES), field=st.sampled_from(FIELDS), data=st.data())
    def officer_types_in_the_master(self, centre, field, data) -> None:
        value = data.draw(VALUES[field])
        self.type_into("master", self.result.master, CENTRES, centre, field, value)

    @precondition(lambda self: any(value is not None for value in self.base.values()))
    @rule(in_master=st.booleans(), data=st.data())
    def someone_clears_a_value_the_last_build_wrote(self, in_master, data) -> None:
        centre, field = data.draw(st.sampled_from(sorted(k for k, v in self.base.items() if v is not None)))
        if in_master:
            self.type_into("master", self.result.master, CENTRES, centre, field, None)
        else:
            self.type_into(f"centre {centre}", self.centre_file(centre), [centre], centre, field, None)

    @rule(centre=st.sampled_from(CENTRES), years=st.integers(1, 5))
    def a_copy_with_an_old_file_time(self, centre, years) -> None:
        """cp -p: a second copy of the centre's file, and both with file times years old."""
        path = self.centre_file(centre)
        self.copies += 1
        copy = path.with_name(f"kopia {self.copies} av {path.name}")
        shutil.copy2(path, copy)
        values, saved = self.side(f"centre {centre}", [centre])
        self.files[f"copy {self.copies}"] = (dict(values), saved)
        for target in (path, copy):
            age(target, START - dt.timedelta(days=365 * years))

    @rule(rename=st.booleans(), language=st.booleans(), reword=st.booleans())
    def what_people_read_changes(self, rename, language, reword) -> None:
        """The officer renames the categories in grant.toml, the next build is in the other
        language, a release rewords the labels: none of it may move an entry."""
        if rename:
            self.renamed = not self.renamed
            write_grant(self.inputs, self.renamed)
        if language:
            self.lang = "en" if self.lang == "sv" else "sv"
        if reword:
            for key in ("col_description", "col_used_kr"):
                if key in self.reworded:
                    texts.LABELS[key] = self.reworded.pop(key)
                else:
                    self.reworded[key] = texts.LABELS[key]
                    sv, en = texts.LABELS[key]
                    texts.LABELS[key] = (f"Nytt: {sv}", f"New: {en}")

    @rule()
    def rebuild(self) -> None:
        expected = dict(self.base)
        for key, before in self.base.items():
            edits = [(saved, values[key]) for values, saved in self.files.values() if values.get(key, before) != before]
            if edits:
                expected[key] = max(edits, key=lambda e: e[0])[1]  # the document saved last
        self.result = api.build(self.inputs, self.outputs, lang=self.lang)
        self.base = expected
        self.files = {}  # the new files hold the base; copies went to the archive

    @invariant()
    def the_outputs_show_what_the_model_says(self) -> None:
        if self.files:
            return  # edits not yet rebuilt: the files hold them, the model holds them
        for centre in CENTRES:
            want = {f: self.base[centre, f] for f in FIELDS}
            assert read(self.result.master, centre, FIELDS) == want, ("master", centre)
            assert read(self.centre_file(centre), centre, FIELDS) == want, ("centre file", centre)

    def teardown(self) -> None:
        for key, original in self.reworded.items():
            texts.LABELS[key] = original
        shutil.rmtree(self.folder, ignore_errors=True)


FollowUpCycle.TestCase.settings = settings(
    max_examples=6,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Random cycles of builds, returns and edits, each a series of whole builds.
test_follow_up_cycle = pytest.mark.slow(FollowUpCycle.TestCase)
