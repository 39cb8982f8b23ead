"""Build the master workbook alone (no per-centre files): the stress case of the benchmark.

    python benchmarks/master_only.py INPUTS OUTPUTS

The same steps as ``grantsheet build`` up to the master: read and validate the inputs,
allocate, write ``OUTPUTS/<year>/grantsheet-<year>.xlsx``.
"""

import sys
from pathlib import Path

from grantsheet.allocate import allocate_pools
from grantsheet.api import master_path, version
from grantsheet.load import load_inputs
from grantsheet.texts import DEFAULT_LANGUAGE
from grantsheet.write import write_master


def main(inputs: Path, outputs: Path) -> None:
    dataset = load_inputs(inputs)
    results = allocate_pools(dataset)
    lang = dataset.grant.language or DEFAULT_LANGUAGE
    write_master(master_path(outputs, dataset), dataset, results, lang, version())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
