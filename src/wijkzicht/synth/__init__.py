"""Synthetic world in the shape of the CBS, municipal and GGD extracts (the input contract, wijkzicht.inputs.contracts).

`generate_world` returns every input table as a DataFrame keyed by file stem; `write_world`
writes them as Parquet, CSV or SPSS `.sav` in the layout the pipeline reads.
"""

from wijkzicht.synth.tables_survey import sample_from_truth
from wijkzicht.synth.world import generate_world
from wijkzicht.synth.write import write_world

__all__ = ["generate_world", "sample_from_truth", "write_world"]
