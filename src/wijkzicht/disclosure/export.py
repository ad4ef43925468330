"""Write releasable tables: suppressed rows keep keys and status with every number blank."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkzicht import files
from wijkzicht.disclosure.gate import blank_suppressed
from wijkzicht.themes.table import COLUMNS, NUMBERS

FLOAT_FORMAT = "%.10g"


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """CSV with fixed float formatting and '\n' line ends, written atomically."""
    with files.atomic(path) as tmp:
        df.to_csv(
            tmp, index=False, float_format=FLOAT_FORMAT, lineterminator="\n", encoding="utf-8"
        )


def write_measures_csv(df: pd.DataFrame, path: str | Path) -> None:
    out = blank_suppressed(df[COLUMNS])
    for c in ("n_numerator", "n_denominator"):
        out[c] = out[c].astype("Int64")
    write_csv(out, path)


def read_measures_csv(path: str | Path) -> pd.DataFrame:
    """Read an exported measures table back with its intended types."""
    df = pd.read_csv(path, dtype={c: str for c in COLUMNS if c not in NUMBERS and c != "year"},
                     keep_default_na=False, na_values={c: [""] for c in NUMBERS})  # fmt: skip
    return df
