"""Primary suppression of measures-table rows (measures.md, Disclosure control)."""

from __future__ import annotations

import numpy as np
import pandas as pd

COUNT_COLUMNS = ("n_numerator", "n_denominator")


def primary_mask(df: pd.DataFrame, threshold: int = 10) -> pd.Series:
    """True for rows where n_numerator, n_denominator or their difference lies in [1, threshold-1].

    Only the unweighted `n_` columns are read (rule 25); rows whose count columns are
    empty (relative risks, for example) are not judged here.
    """
    num = pd.to_numeric(df["n_numerator"], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(df["n_denominator"], errors="coerce").to_numpy(dtype=float)
    rest = den - num

    def small(a: np.ndarray) -> np.ndarray:
        return (a >= 1) & (a <= threshold - 1)

    with np.errstate(invalid="ignore"):
        mask = small(num) | small(den) | small(rest)
    return pd.Series(mask, index=df.index)


def apply_primary(df: pd.DataFrame, threshold: int = 10) -> pd.DataFrame:
    """Set `status` to suppressed_primary where the primary rule applies (rows already suppressed stay)."""
    out = df.copy()
    if "status" not in out:
        out["status"] = "ok"
    hit = primary_mask(out, threshold) & (out["status"] == "ok")
    out.loc[hit, "status"] = "suppressed_primary"
    return out
