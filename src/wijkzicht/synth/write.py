"""Write a generated world to disk as Parquet, CSV or SPSS `.sav`, in the pipeline's layout.

Layout: ``root/<TABLE>/<TABLE><YEAR>.<ext>`` for per-year tables and ``root/<TABLE>/<TABLE>.<ext>``
otherwise. Every file is written under a temporary name in the same directory and renamed into
place, so an interrupted run never leaves a half-written file under the final name. Parquet and
CSV output is byte-identical for identical frames (fixed row order, no index, fixed options).

CSV deliberately varies the way real extracts do, so that the reader is exercised: the municipal
registrations and the survey use ``;`` and latin-1, the CBS tables ``,`` and UTF-8 (all values
are ASCII, so the encodings give the same bytes). Missing values are empty fields.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wijkzicht.inputs.contracts import TABLES

EXTENSIONS = {"parquet": "parquet", "csv": "csv", "sav": "sav"}
# (separator, encoding) per table in CSV; tables not listed use ',' and UTF-8.
CSV_DIALECT = {
    "GEMWMOVOORZIENINGEN": (";", "latin-1"),
    "GEMBUURTTEAM": (";", "latin-1"),
    "GEZOMONITOR": (";", "latin-1"),
    "INHATAB": (";", "utf-8"),
    "KOPPELPERSOONHUISHOUDEN": (";", "utf-8"),
}


def split_stem(stem: str) -> tuple[str, int | None]:
    """'MEDICIJNTAB2019' -> ('MEDICIJNTAB', 2019); 'GBAPERSOONTAB' -> ('GBAPERSOONTAB', None)."""
    if stem in TABLES:
        return stem, None
    m = re.fullmatch(r"(.+?)(\d{4})", stem)
    if not m or m.group(1) not in TABLES:
        raise ValueError(f"{stem!r} is not a table of the input contract (or a table plus a year)")
    return m.group(1), int(m.group(2))


def _write_parquet(df: pd.DataFrame, path: Path, table: str) -> None:
    t = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(t, path, compression="zstd", write_statistics=True)


def _write_csv(df: pd.DataFrame, path: Path, table: str) -> None:
    sep, encoding = CSV_DIALECT.get(table, (",", "utf-8"))
    df.to_csv(path, sep=sep, encoding=encoding, index=False, na_rep="", lineterminator="\n")


def _write_sav(df: pd.DataFrame, path: Path, table: str) -> None:
    import pyreadstat

    out = {}
    for name in df.columns:
        s = df[name]
        if pd.api.types.is_numeric_dtype(s.dtype):
            out[name] = s.to_numpy(dtype=float, na_value=np.nan)
        else:
            out[name] = s.astype(object).where(s.notna(), "").to_numpy(dtype=object)
    pyreadstat.write_sav(pd.DataFrame(out), str(path))


_WRITERS = {"parquet": _write_parquet, "csv": _write_csv, "sav": _write_sav}


def write_world(
    tables: dict[str, pd.DataFrame], root: Path | str, fmt: str = "parquet"
) -> list[Path]:
    """Write every table of a generated world under `root`; returns the written paths (sorted).

    `fmt` is 'parquet', 'csv' or 'sav'. Existing files of the same name are replaced atomically.
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {sorted(_WRITERS)}")
    root = Path(root)
    written = []
    for stem in sorted(tables):
        table, _ = split_stem(stem)
        folder = root / table
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.{EXTENSIONS[fmt]}"
        tmp = folder / f".{stem}.{EXTENSIONS[fmt]}.tmp"
        try:
            _WRITERS[fmt](tables[stem], tmp, table)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        written.append(path)
    return written
