"""The linkage report as released: shares of the linkage counts, small counts left empty.

The counts themselves come from `wijkzicht.population.linkage.link_counts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.disclosure.primary import sensitive

SHARE_DECIMALS = 4


def rounded_share(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den rounded to `SHARE_DECIMALS` decimals (NaN where den is not positive), but never
    to 0 or 1 when it is not: 499,990 of 500,000 is 0.9999, not 1, and 10 of 500,000 is 0.0001,
    not 0 (a reader takes 1 for 'all' and 0 for 'none'; the source-quality lines say "alle
    verplichte velden zijn volledig ingevuld" only for a share of 1)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    out = np.round(share, SHARE_DECIMALS)
    step = 10.0**-SHARE_DECIMALS
    out = np.where((out >= 1) & (num < den), 1 - step, out)
    return np.where((out <= 0) & (num > 0), step, out)


def releasable(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Shares from counts; a share is left empty when its numerator, denominator or
    complement lies between 1 and threshold-1 (the primary rule, docs/rules.md#e6), and column
    `suppressed` names the columns so left empty (';' between them; empty: none). A share that
    is empty without being named there has nothing to count (its denominator is 0: no unlinked
    rows, say).

    The property's shares among the linked rows (denominator n_gba) and among the unlinked
    (n_unlinked = n_rows - n_gba) are left empty too where share_in_gba is: with n_rows
    published, a share of 4 decimals over n_gba gives n_gba back (the one denominator near
    n_rows for which some count rounds to it: 23 / 222 = 0.1036, and no count of 221 or 223
    rows does), and so the hidden rows outside the register."""
    hidden_columns: dict[str, np.ndarray] = {}

    def share(name: str, num: pd.Series, den: pd.Series, also=None) -> pd.Series:
        hidden = sensitive(np.column_stack([num, den]), threshold).any(axis=1)
        if also is not None:
            hidden = hidden | also
        hidden_columns[name] = hidden
        s = pd.Series(rounded_share(num.to_numpy(float), den.to_numpy(float)), index=num.index)
        return s.where(~hidden)

    out = counts[["source", "year", "kenmerk"]].copy()
    n = counts["n_rows"]
    hidden_columns["n_rows"] = sensitive(np.column_stack([n, n]), threshold)[:, 1]
    out["n_rows"] = n.where(~hidden_columns["n_rows"])
    out["share_linkable"] = share("share_linkable", counts["n_r"], n)
    out["share_in_gba"] = share("share_in_gba", counts["n_gba"], n)
    out["share_resident"] = share("share_resident", counts["n_resident"], n)
    in_gba_hidden = hidden_columns["share_in_gba"]  # n_gba and n_unlinked not to be derived
    out["share_kenmerk_linked"] = share(
        "share_kenmerk_linked", counts["n_kenmerk_linked"], counts["n_gba"], in_gba_hidden
    )
    out["share_kenmerk_unlinked"] = share(
        "share_kenmerk_unlinked", counts["n_kenmerk_unlinked"], counts["n_unlinked"], in_gba_hidden
    )
    out["n_rows"] = out["n_rows"].astype("Int64")
    out["suppressed"] = [
        ";".join(c for c, hidden in hidden_columns.items() if hidden[i]) for i in range(len(out))
    ]
    return out


# the columns of linkage/matchgewichten.csv (scripts/linkage_report.py adds the source)
HISTOGRAM_COLUMNS = ["source", "bin", "lower", "upper", "n"]
# the bin of the rows without any scored pair (empty bounds), in words in the file itself
NO_PAIR = "geen paar gescoord"


def weight_histogram(weights: pd.Series, width: float, cut: float, threshold: int) -> pd.DataFrame:
    """The match-weight distribution as released: counts of `weights` (each source row's best
    match weight; NaN: no pair was scored) in bins [lower, upper) of `width` whose edges
    include `cut` (the linkage threshold), so that no count lies in 1..threshold-1 and no count
    is left empty (an empty bin beside published ones and their published total,
    probabilistisch.csv's n_rows, would be their difference; a reviewer recovered 1 that way).
    Merged until each bin holds at least `threshold` rows (global recoding, as tau-Argus's
    'recode' instead of suppression):

    1. on each side of `cut`, adjacent bins from the lowest up (a short last bin joins the one
       before it); bins without rows are left out;
    2. the rows without a pair and the rows below `cut` are both not linked: a side of them
       with fewer than `threshold` rows joins the other (its bin has empty `lower`, and says
       `NO_PAIR` 'of onder <upper>');
    3. a side of `cut` with fewer than `threshold` rows in all joins the nearest bin of the
       other side (that bin then spans `cut`: the links and the rows not linked are then not
       told apart, as probabilistisch.csv leaves n_linked empty);
    4. fewer than `threshold` rows in all: one bin, its count left empty (as n_rows).

    Rows without a pair get a bin with empty bounds, named `NO_PAIR` in column `bin`, last (the
    others: '<lower> tot <upper>', lowest first). Returns columns bin, lower, upper, n (Int64,
    empty = suppressed: only in case 4)."""
    w = pd.to_numeric(weights, errors="coerce")
    scored = w.dropna().to_numpy(dtype=float)
    sides: list[list[list]] = []  # below and above `cut`: bins [lower, upper, n]
    for side in (scored[scored < cut], scored[scored >= cut]):
        if not len(side):
            sides.append([])
            continue
        # each weight's bin counted from `cut` by one formula (a weight a hair below a bin's
        # computed lower edge still falls in it)
        k = np.floor((side - cut) / width).astype(np.int64)
        edges = cut + width * np.arange(k.min(), k.max() + 2)
        counts = np.bincount(k - k.min(), minlength=len(edges) - 1)
        bins = [[a, b, int(n)] for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True)]
        sides.append(_merge_short([b for b in bins if b[2] > 0], threshold))
    below, above = sides
    n_none = int(w.isna().sum())
    # not linked: the rows without a pair (both bounds empty) and those below `cut` (2.)
    unlinked = below
    if n_none:
        short_below = sum(b[2] for b in below) < threshold
        if below and short_below:  # one short bin below `cut` joins the rows without a pair
            unlinked = [[np.nan, below[-1][1], n_none + sum(b[2] for b in below)]]
        elif below and n_none < threshold:  # few rows without a pair join the lowest bin
            unlinked = [[np.nan, below[0][1], n_none + below[0][2]], *below[1:]]
        else:
            unlinked = [[np.nan, np.nan, n_none], *below]
    bins = unlinked + above
    total = sum(b[2] for b in bins)
    if total and total < threshold:  # 4: one bin, its count left empty
        bins = [[bins[0][0], bins[-1][1], total]]
    elif unlinked and above:
        if sum(b[2] for b in unlinked) < threshold:  # 3: the unlinked join the lowest link bin
            bins = [[unlinked[0][0], above[0][1], sum(b[2] for b in unlinked) + above[0][2]]]
            bins += above[1:]
        elif sum(b[2] for b in above) < threshold:  # 3: the links join the highest unlinked bin
            top = unlinked[-1]
            bins = unlinked[:-1] + [[top[0], above[-1][1], top[2] + sum(b[2] for b in above)]]
    # the bin of the rows without any pair alone (both bounds empty) goes last
    bins = sorted(bins, key=lambda b: bool(pd.isna(b[0]) and pd.isna(b[1])))
    out = pd.DataFrame(bins, columns=["lower", "upper", "n"])
    n = out["n"].astype("Int64")
    out["n"] = n.where(~((n >= 1) & (n <= threshold - 1)))
    out["lower"] = out["lower"].astype(float).round(4)
    out["upper"] = out["upper"].astype(float).round(4)
    names = []
    for a, b in zip(out["lower"], out["upper"], strict=True):
        if pd.isna(a) and pd.isna(b):
            names.append(NO_PAIR)
        elif pd.isna(a):
            names.append(f"{NO_PAIR} of onder {_bound(b)}")
        else:
            names.append(f"{_bound(a)} tot {_bound(b)}")
    out.insert(0, "bin", names)
    return out


def _bound(x: float) -> str:
    """A bin edge as the CSV writes it: -6, not -6.0; 0.5 as 0.5."""
    return f"{x:g}"


def _merge_short(bins: list[list], threshold: int) -> list[list]:
    """Bins [lower, upper, n] (ascending, not empty) merged with the next one up until each
    holds `threshold` or more; a short last bin joins the one before it."""
    out: list[list] = []
    for b in bins:
        if out and out[-1][2] < threshold:
            out[-1] = [out[-1][0], b[1], out[-1][2] + b[2]]
        else:
            out.append(list(b))
    if len(out) > 1 and out[-1][2] < threshold:
        last = out.pop()
        out[-1] = [out[-1][0], last[1], out[-1][2] + last[2]]
    return out


QUALITY_COLUMNS = [
    "source", "year", "measure", "column", "method", "value", "value_previous_year", "change",
    "suppressed",
]  # fmt: skip


def releasable_quality(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The source-quality report as released (`results/export/linkage/bronkwaliteit.csv`).

    `counts` as `wijkzicht.population.linkage.quality_counts` gives them. A count (`n_rows`,
    `n_repaired`, `n_dropped`) is left empty when it lies in 1..threshold-1; a share
    (numerator / denominator, `rounded_share`: 4 decimals, never 0 or 1 when it is not) when
    its numerator, denominator or their difference does (the primary rule, docs/rules.md#e6).
    `suppressed` says which were left
    empty (an empty value with `suppressed` false has no denominator: nobody to count).
    `value_previous_year` is the same figure of the year before (per-year figures only) and
    `change` the difference, both only where both values are published.
    """
    num = counts["numerator"].to_numpy(dtype=float, na_value=np.nan)
    den = counts["denominator"].to_numpy(dtype=float, na_value=np.nan)
    is_share = ~np.isnan(den)
    flags = sensitive(np.column_stack([num, np.where(is_share, den, num)]), threshold)
    hidden = np.where(is_share, flags.any(axis=1), flags[:, 0])
    value = np.where(is_share, rounded_share(num, den), num)
    out = counts[["source", "year", "measure", "column", "method"]].copy()
    out["value"] = np.where(hidden, np.nan, value)
    out["suppressed"] = hidden
    key = ["source", "measure", "column", "method"]
    prev = out[out["year"].notna()].assign(year=lambda d: d["year"] + 1)
    prev = prev[[*key, "year", "value"]].rename(columns={"value": "value_previous_year"})
    out = out.merge(prev, on=[*key, "year"], how="left")
    out["change"] = (out["value"] - out["value_previous_year"]).round(4)
    counts_only = ~is_share
    for c in ("value", "value_previous_year", "change"):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
        out.loc[counts_only & out[c].notna(), c] = out.loc[counts_only & out[c].notna(), c].map(
            lambda v: int(round(v))
        )
    return out[QUALITY_COLUMNS]


PROBABILISTIC_COLUMNS = [
    "source", "year", "threshold_match_weight", "n_rows", "n_linked", "share_linked",
    "precision", "recall", "f1", "evaluated_on",
]  # fmt: skip


def releasable_probabilistic(summaries: dict[str, dict], threshold: int) -> pd.DataFrame:
    """Per unkeyed registration and source year (the year of DATUMBEGIN; an empty year: all
    rows), the probabilistic linkage as released (`linkage/probabilistisch.csv`): rows, links
    and their share under the primary rule, and precision, recall and F1 at the configured
    match-weight threshold. These three are measured only against the synthetic world's
    truth (`evaluated_on`: `synthetische wereld`), which describes no real person, so they are
    published whole; on real data they stay empty."""
    rows = []
    for table in sorted(summaries):
        s = summaries[table]
        for y in s["years"]:
            if y["bronjaar"] is None:
                continue
            n, k = y["n_rows"], y["n_links"]
            hide = sensitive(np.array([[k, n]], dtype=float), threshold)[0]
            rows.append({
                "source": table,
                "year": None if y["bronjaar"] == "totaal" else y["bronjaar"],
                "threshold_match_weight": s["settings"]["threshold_match_weight"],
                "n_rows": None if hide[1] else n,
                # the rows without a link (n - k) must not be derivable either
                "n_linked": None if hide[0] or hide[2] else k,
                "share_linked": None if hide.any() or not n else round(k / n, 4),
                **{m: (round(y[m], 4) if s["evaluated"] and pd.notna(y[m]) else None)
                   for m in ("precision", "recall", "f1")},
                "evaluated_on": "synthetische wereld" if s["evaluated"] else "",
            })  # fmt: skip
    out = pd.DataFrame(rows, columns=PROBABILISTIC_COLUMNS)
    for c in ("year", "n_rows", "n_linked"):
        out[c] = out[c].astype("Int64")
    return out
