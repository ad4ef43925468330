"""Primary suppression of measures-table rows (docs/rules.md#e6), and the counts a row's
published statistics imply besides its own (`reference_counts`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.themes.aggregates import REGISTER_RATIO

COUNT_COLUMNS = ("n_numerator", "n_denominator")
# the statuses disclosure control gives a row (internal: results/internal/disclosure/)
STATUSES = ("ok", "suppressed_primary", "suppressed_secondary")
# the one status of a suppressed row in everything that leaves (results/export/, the release):
# which rows are primary would say that their counts lie in 1..threshold-1, and beside the
# published totals pin them down (Z11, LEAK 3); tau-Argus and CBS tables mark every suppressed
# cell alike
SUPPRESSED = "suppressed"
EXPORT_STATUSES = ("ok", SUPPRESSED)


def published_status(status: pd.Series) -> pd.Series:
    """The statuses as released: every status but `ok` (suppressed_primary, suppressed_secondary,
    or `suppressed` of a release already) becomes `suppressed`; a missing status stays missing.
    Also reads a release made before the export had one status (its suppressed_* rows)."""
    status = pd.Series(status)
    return status.where(status.isna() | (status == "ok"), SUPPRESSED)


# The three counts the primary rule reads, as coefficients on (n_numerator, n_denominator):
# `n_rest` is n_denominator - n_numerator, the persons in the denominator without the outcome.
QUANTITIES: dict[str, tuple[float, float]] = {
    "n_numerator": (1.0, 0.0),
    "n_denominator": (0.0, 1.0),
    "n_rest": (-1.0, 1.0),
}


def quantities_of(counts: np.ndarray) -> np.ndarray:
    """The QUANTITIES of `counts` (shape (n, 2): n_numerator, n_denominator), shape (n, 3),
    each from the counts it reads: a row with a count and no other (the register's residents
    beside Kerncijfers, n_denominator empty) has its n_numerator (0 x NaN made it NaN, so the
    primary rule left a wijk of 5 residents published: Z11)."""
    counts = np.asarray(counts, dtype=float).reshape(-1, 2)
    out = np.empty((len(counts), len(QUANTITIES)))
    for k, coefs in enumerate(QUANTITIES.values()):
        c = np.asarray(coefs)
        out[:, k] = counts[:, c != 0] @ c[c != 0]
    return out


def sensitive(
    counts: np.ndarray, threshold: int, *, publish_zeros: bool = True,
    count_rows: np.ndarray | None = None,
) -> np.ndarray:  # fmt: skip
    """True where one count breaks the primary rule: 1..threshold-1, or 0 when zeros are not published.

    `counts` has shape (n, 2): n_numerator and n_denominator. The answer has shape (n, 3),
    one column per entry of QUANTITIES. NaN counts are never sensitive; a quantity that does
    not read a NaN count is judged (n_numerator of a row without n_denominator). With
    `publish_zeros=False` a numerator of 0 ("nobody") and a rest of 0 ("everybody") in a
    non-empty denominator are sensitive too (group disclosure).

    A count (`count_rows`, a boolean per row: a count read as a share of 1, n_denominator =
    n_numerator, `count_mask`; and any row with an n_numerator and no n_denominator) is judged
    on the count alone: 1..threshold-1, or 0 when zeros are not published; its n_denominator,
    where it has one, is the same count, and its rest (0 by construction, nobody "without"
    the count) is never sensitive. Judged as a share, every count was primary with
    `publish_zeros=False` (its rest is 0): all of kerncijfers/inwoners.csv suppressed.
    """
    counts = np.asarray(counts, dtype=float).reshape(-1, 2)
    quantities = quantities_of(counts)
    with np.errstate(invalid="ignore"):
        out = (quantities >= 1) & (quantities <= threshold - 1)
        if not publish_zeros:
            filled = counts[:, 1] >= 1
            out[:, 0] |= (quantities[:, 0] == 0) & filled
            out[:, 2] |= (quantities[:, 2] == 0) & filled
        alone = np.isnan(counts[:, 1]) & ~np.isnan(counts[:, 0])
        if count_rows is not None:
            alone |= np.asarray(count_rows, dtype=bool).reshape(-1)
        if alone.any():
            count = counts[alone, 0]
            hit = (count >= 1) & (count <= threshold - 1)
            if not publish_zeros:
                hit |= count == 0
            out[alone, 0] = hit
            out[alone, 1] = hit & ~np.isnan(counts[alone, 1])
            out[alone, 2] = False
    return out


# the method of the rows that are counts, not shares: the register's residents beside
# Kerncijfers (kerncijfers/inwoners.csv, and the same rows inside the partners' table and a
# theme's, `residents.protect_with_residents`, `control._with_residents_rows`), which
# disclosure control reads as shares of 1 (n_denominator = n_numerator)
COUNT_METHODS = (REGISTER_RATIO,)


def count_mask(df: pd.DataFrame) -> np.ndarray:
    """True for the rows of `df` that are counts (`COUNT_METHODS`): the primary rule judges
    the count alone (`sensitive`'s `count_rows`)."""
    if "method" not in df:
        return np.zeros(len(df), dtype=bool)
    return df["method"].astype("string").isin(COUNT_METHODS).fillna(False).to_numpy(dtype=bool)


def primary_mask(df: pd.DataFrame, threshold: int = 10, *, publish_zeros: bool = True) -> pd.Series:
    """True for rows where n_numerator, n_denominator or their difference lies in [1, threshold-1].

    Only the unweighted `n_` columns are read (docs/rules.md#e6); rows whose count columns are
    empty (relative risks, for example) are not judged here, a row with one of them on that
    one (`sensitive`). `publish_zeros=False` also
    flags rows where nobody or everybody in a non-empty denominator has the outcome, and a
    count (`count_mask`) of 0.
    """
    counts = df[list(COUNT_COLUMNS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    flags = sensitive(counts, threshold, publish_zeros=publish_zeros, count_rows=count_mask(df))
    mask = flags.any(axis=1)
    return pd.Series(mask, index=df.index)


def empty_mask(df: pd.DataFrame) -> pd.Series:
    """True for empty cells: n_denominator 0 (nobody in the cell, so nobody to protect)."""
    den = pd.to_numeric(df["n_denominator"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(den == 0, index=df.index)


def apply_primary(
    df: pd.DataFrame, threshold: int = 10, *, publish_zeros: bool = True
) -> pd.DataFrame:
    """Set `status` to suppressed_primary where the primary rule applies (rows already
    suppressed stay, except empty cells: a cell of 0 persons is always `ok`, with its
    empty numbers, and never shown as suppressed)."""
    out = df.copy()
    if "status" not in out:
        out["status"] = "ok"
    out.loc[empty_mask(out), "status"] = "ok"
    hit = primary_mask(out, threshold, publish_zeros=publish_zeros) & (out["status"] == "ok")
    out.loc[hit, "status"] = "suppressed_primary"
    return out


# the ratio methods whose value and se give the reference group's counts back (Katz: the se
# of the log ratio is sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0), statistics.ratios.ratio_katz)
KATZ_METHODS = ("ratio_katz",)
# the ratio measures whose reference group is every resident of the area (rule N11): their n0
# is the count `kerncijfers/inwoners.csv` publishes or hides (`control.protect`'s `residents`)
RESIDENTS_REFERENCE = ("nieuwkomers.concentratie",)


def reference_counts(df: pd.DataFrame) -> np.ndarray:
    """The reference group's (x0, n0) that a ratio row's published value and se imply, shape
    (len(df), 2); NaN for other rows and where they do not follow (no se: a numerator of 0).

    A Katz ratio r = (x1/n1) / (x0/n0) with se^2 = 1/x1 - 1/n1 + 1/x0 - 1/n0 publishes x1 and
    n1 (n_numerator, n_denominator: nieuwkomers.concentratie's newcomers), so an attacker
    solves p0 = (x1/n1) / r, x0 = (1 - p0) / (se^2 - 1/x1 + 1/n1), n0 = x0 / p0: the residents
    with and without the marker, counts the primary rule must judge too. Rounded to whole
    persons, and kept only where they give the published value and se back."""
    out = np.full((len(df), 2), np.nan)
    if "method" not in df or not len(df):
        return out
    katz = df["method"].isin(KATZ_METHODS).to_numpy()
    if not katz.any():
        return out

    def col(c: str) -> np.ndarray:
        return pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)

    x1, n1, r, se = col("n_numerator"), col("n_denominator"), col("value"), col("se")
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = (x1 / n1) / r
        x0 = np.round((1 - p0) / (se**2 - 1 / x1 + 1 / n1))
        n0 = np.round(x0 / p0)
        back_r = (x1 / n1) / (x0 / n0)
        back_se = np.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0)
        fits = (
            katz
            & (x0 >= 1)
            & (n0 >= x0)
            & np.isclose(back_r, r, rtol=1e-6, atol=0)
            & np.isclose(back_se, se, rtol=1e-6, atol=0)
        )
    out[fits, 0], out[fits, 1] = x0[fits], n0[fits]
    return out


# the part of an area's residents each theme's population is (docs/rules.md#k1: children 0-17,
# docs/rules.md#m1: adults 18+, both with a GBAPERSOONTAB row): the residents are these parts
# and the residents without an age, whom no table publishes
POPULATION_PART = {"kopp": "kinderen", "migratie": "volwassenen"}
# the measure of another theme's population inside a table (`_with_residents_rows`)
POPULATION_MEASURE = "register."
# the method of the rows whose n_denominator is the theme's whole population at their area
# (at group totaal: kopp.aandeel and kopp.ouders_onbekend, migratie's registry shares;
# every other row with that count is tied to them, `audit.measures_structure`)
POPULATION_METHOD = "wilson"


def population_rows(df: pd.DataFrame) -> np.ndarray:
    """True for the rows of `df` whose n_denominator is their theme's whole population
    (`POPULATION_PART`) at a gemeente or wijk: method wilson, group totaal."""
    if df.empty or not {"theme", "method", "group", "group_value"} <= set(df.columns):
        return np.zeros(len(df), dtype=bool)
    den = pd.to_numeric(df["n_denominator"], errors="coerce")
    return (
        df["theme"].astype(str).isin(POPULATION_PART)
        & (df["method"].astype(str) == POPULATION_METHOD)
        & (df["group"].astype(str) == "totaal")
        & (df["group_value"].astype(str) == "totaal")
        & df["area_level"].astype(str).isin(("gemeente", "wijk"))
        & den.notna()
    ).to_numpy(dtype=bool)
