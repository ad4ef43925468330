"""Rows that estimate on part of their cell's persons publish the counts of the whole cell.

A standardised share (method `direct_std_gamma`) and the odds-ratio model (`logit_glm`)
leave out the persons of unknown sex (docs/rules.md#m3): their own counts are those of the
cell's crude share (`wilson`, the same definition, year, area, group and value) minus the
persons of unknown sex. Published side by side, the two rows' difference is a cell of its
own, the adults of unknown sex in a wijk and herkomst group with the number of them in care
(3 adults, 1 with GGZ care): a count the primary rule would suppress, published without
it. On the default world 1,505 such cells broke the primary rule (717 pairs of
migratie.ggz, 748 of migratie.psychofarmaca, 40 of migratie.or_ggz against migratie.ggz;
Z11's attacker, /tmp/Z11/attack_methods.py, every one equal to the adults of unknown sex
in the register).

So such a row is published with the counts of its cell's crude row (`crude_cell_counts`),
before primary and secondary suppression: the rule, the partners and the LP audit read the
counts that are published, and the two rows, now with equal counts, are tied as rows that
count the same persons (`audit._shared_counts`). The estimate, its interval and `se` stay
those of the persons of known sex; none of them gives a count back (a sum over age-sex
strata, a model's coefficient). A row without a crude row in its cell (the odds ratios by
sex, age or income: no other row counts those cells) keeps its own counts: no published
row counts the same cell with the persons of unknown sex in it (docs/rules.md#e7)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: the methods whose estimate leaves the persons of unknown sex out (docs/rules.md#m3)
KNOWN_SEX_METHODS = ("direct_std_gamma", "logit_glm")
#: the crude share of a cell: every person of the cell
CRUDE_METHOD = "wilson"
COUNTS = ("numerator", "denominator", "n_numerator", "n_denominator")
CELL = ("theme", "definition", "year", "area_level", "area_code", "group", "group_value")


def crude_cell_counts(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with the counts (numerator, denominator, n_numerator, n_denominator) of every
    row of a KNOWN_SEX_METHODS method replaced by those of its cell's crude row: the
    `wilson` row of the same measure and cell, else the one `wilson` row of the same theme,
    definition and cell (migratie.or_ggz by herkomst: migratie.ggz's). Rows without one keep
    theirs. ValueError when a cell has several crude rows of other measures that disagree
    (which persons the row counts would be a guess)."""
    if "method" not in df or not df["method"].isin(KNOWN_SEX_METHODS).any():
        return df
    cell = [c for c in CELL if c in df.columns]
    counts = [c for c in COUNTS if c in df.columns]
    crude = df[df["method"] == CRUDE_METHOD]
    part = df[df["method"].isin(KNOWN_SEX_METHODS)]
    same = part[["measure", *cell]].merge(
        crude[["measure", *cell, *counts]].drop_duplicates(["measure", *cell]),
        on=["measure", *cell], how="left",
    ).set_axis(part.index)  # fmt: skip
    other = crude[[*cell, *counts]].drop_duplicates()
    clash = other.duplicated(cell, keep=False)
    lacking = same[counts[-1]].isna()
    if clash.any() and lacking.any():
        keys = part.loc[lacking, cell].merge(other.loc[clash, cell], on=cell)
        if len(keys):
            first = keys.iloc[0]
            raise ValueError(
                f"{part.loc[lacking, 'measure'].iloc[0]}: the cell "
                f"{'/'.join(str(first[c]) for c in cell)} has crude rows ({CRUDE_METHOD}) of "
                "several measures with different counts; which persons its counts are "
                "cannot be told (disclosure.cell_counts)"
            )
    by_def = part.loc[lacking, cell].merge(other.drop_duplicates(cell), on=cell, how="left")
    same.loc[lacking, counts] = by_def[counts].to_numpy()
    found = same[counts[-1]].notna()
    if not found.any():
        return df
    out = df.copy()
    for c in counts:
        out.loc[same.index[found], c] = same.loc[found, c].astype(out[c].dtype)
    return out


def differences_given_away(
    df: pd.DataFrame, threshold: int, *, publish_zeros: bool = True
) -> list[tuple[int, str]]:
    """(position in `df`, message) of every published row of a KNOWN_SEX_METHODS method whose
    n_numerator and n_denominator differ from those of a published crude row of its cell (the
    same measure, else the same definition) by a cell that breaks the primary rule: the
    export gate's check that `crude_cell_counts` did its work. `df`: an exported measures
    table (strings as read by csv, or numbers)."""
    from wijkzicht.disclosure.primary import sensitive

    need = {"method", "status", "measure", "n_numerator", "n_denominator"}
    if not need <= set(df.columns) or not df["method"].isin(KNOWN_SEX_METHODS).any():
        return []
    cell = [c for c in CELL if c in df.columns]
    frame = df[["measure", "method", "status", *cell]].astype("string").fillna("")
    for c in ("n_numerator", "n_denominator"):
        frame[c] = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
    frame["row_at"] = range(len(frame))
    ok = frame[(frame["status"].str.strip() == "ok") & frame["n_denominator"].notna()]
    crude = ok[ok["method"] == CRUDE_METHOD]
    part = ok[ok["method"].isin(KNOWN_SEX_METHODS)]
    out = []
    for by in (["measure", *cell], cell):
        pairs = part.merge(crude, on=by, suffixes=("", "_crude"))
        # the cells between each pair, judged at once (one call of the rule, not one a pair)
        diff = np.column_stack([
            pairs["n_numerator_crude"] - pairs["n_numerator"],
            pairs["n_denominator_crude"] - pairs["n_denominator"],
        ]) if len(pairs) else np.empty((0, 2))  # fmt: skip
        broken = sensitive(diff, threshold, publish_zeros=publish_zeros).any(axis=1)
        for r, (dn, dd) in zip(pairs[broken].itertuples(index=False), diff[broken], strict=True):
            out.append((int(r.row_at), (
                f"its counts ({r.n_numerator:g} of {r.n_denominator:g}) differ from the "
                f"crude row of its cell ({CRUDE_METHOD}: {r.n_numerator_crude:g} of "
                f"{r.n_denominator_crude:g}) by {dn:g} of {dd:g}, a cell "
                f"that breaks the primary rule (threshold {threshold})"
            )))  # fmt: skip
    return sorted(set(out))
