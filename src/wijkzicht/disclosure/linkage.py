"""The linkage report as released: shares of the linkage counts, small counts left empty.

The counts themselves come from `wijkzicht.population.linkage.link_counts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.disclosure.primary import sensitive


def releasable(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Shares from counts; a share is left empty when its numerator, denominator or
    complement lies between 1 and threshold-1 (the primary rule, docs/rules.md#e6)."""

    def share(num: pd.Series, den: pd.Series) -> pd.Series:
        hidden = sensitive(np.column_stack([num, den]), threshold).any(axis=1)
        s = num / den.where(den > 0)
        return s.where(~hidden).round(4)

    out = counts[["source", "year", "kenmerk"]].copy()
    n = counts["n_rows"]
    out["n_rows"] = n.where(~sensitive(np.column_stack([n, n]), threshold)[:, 1])
    out["share_linkable"] = share(counts["n_r"], n)
    out["share_in_gba"] = share(counts["n_gba"], n)
    out["share_resident"] = share(counts["n_resident"], n)
    out["share_kenmerk_linked"] = share(counts["n_kenmerk_linked"], counts["n_gba"])
    out["share_kenmerk_unlinked"] = share(counts["n_kenmerk_unlinked"], counts["n_unlinked"])
    out["n_rows"] = out["n_rows"].astype("Int64")
    return out
