"""Column builders shared by the table writers.

DataFrames from numpy arrays (`str` columns via Arrow), nullable Int64 columns, person keys
('R' and the person's number, with a share that cannot be linked) and end-date strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from wijkzicht.synth.draw import OPEN, _ymd
from wijkzicht.synth.population import _Population


def _frame(columns: dict) -> pd.DataFrame:
    """A DataFrame from arrays; numpy unicode arrays become pandas `str` columns (via Arrow, fast)."""
    out = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "U":
            out[name] = pa.array(values).to_pandas()
        else:
            out[name] = pd.Series(values)
    return pd.DataFrame(out)


def _nullable_int(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """A pandas Int64 array with <NA> where `missing`."""
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype("int64"), missing.copy())


def _R(n: int) -> np.ndarray:
    return np.full(n, "R", dtype="U1")


def _some(rng, n: int, share: float, minimum: int) -> np.ndarray:
    """A mask of round(share * n) random rows, but at least `minimum` (edge cases must occur
    in small worlds too)."""
    k = min(n, max(minimum, int(round(share * n))))
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, size=k, replace=False)] = True
    return mask


def _person_keys(rng, pop: _Population, pid: np.ndarray, share: float, code: str):
    """RINPERSOONS/RINPERSOON of registrations: 'R' and the person's number, except for a share
    of rows (at least two) that cannot be linked: another RINPERSOONS and a foreign number."""
    rins, rin = _R(len(pid)), pop.rin[pid]
    unl = np.flatnonzero(_some(rng, len(pid), share, 2))
    rins[unl] = code
    rin[unl] = pop.take_spare(len(unl))
    return rins, rin


def _end_dates(rng, end: np.ndarray, p_empty: float = 0.03) -> np.ndarray:
    """End days as strings: running spells mostly '20501231', a few empty (also 'running')."""
    out = _ymd(np.minimum(end, OPEN))
    running = end >= OPEN
    out[running & (rng.random(len(end)) < p_empty)] = ""
    return out
