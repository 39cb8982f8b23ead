"""Build the master workbook alone (no per-centre files): the stress case of the benchmark.

    python benchmarks/master_only.py INPUTS OUTPUTS
    python benchmarks/master_only.py INPUTS OUTPUTS --previous

The same steps as ``grantsheet build`` up to the master: read and validate the inputs,
allocate, write ``OUTPUTS/<year>/grantsheet-<year>.xlsx``. With ``--previous``, a rebuild
of the master alone over the one already in OUTPUTS: it is read back as a rebuild reads it
(its typed entries, the entries kept aside, each centre's figures for what changed: one
reading, ``cycle.read_previous``) and the new master carries them and the changes sheet. No per-centre files, archive or swap: at
100 000 centres those would be 100 000 files (benchmarks/scale.py).
"""

import sys
from pathlib import Path

from grantsheet.allocate import allocate_pools
from grantsheet.api import master_path, version
from grantsheet.changes import changes_sheet, compare, current_states, pool_totals
from grantsheet.context import BuildContext
from grantsheet.cycle import not_carried_sheet, place_entries, read_previous
from grantsheet.load import load_inputs
from grantsheet.texts import DEFAULT_LANGUAGE
from grantsheet.write import write_master


def main(inputs: Path, outputs: Path, previous: bool = False) -> None:
    dataset = load_inputs(inputs)
    results = allocate_pools(dataset)
    lang = dataset.grant.language or DEFAULT_LANGUAGE
    path = master_path(outputs, dataset)
    placed, extra = {}, []
    if previous:
        ids = {centre.id for centre in dataset.centres}
        found = read_previous(path.parent, results, grant=dataset.grant, lang=lang, expected=path, ids=ids)
        placed, kept = place_entries(found, dataset)
        report = compare(found.before, current_states(dataset, results), pool_totals(results))
        extra = [changes_sheet(report)]
        extra += [not_carried_sheet(kept, dataset.grant.follow_up_categories)] if kept else []
    write_master(path, BuildContext(dataset, results, lang, version(), placed), extra)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--previous" in sys.argv[3:])
