"""themes.table.counts_by (the persons and events per combination of key values that
count_grid and the standardisation's long table are made of) against pandas' groupby, and
themes.table.rows_in (a person's keys among a condition's) against MultiIndex.isin and
themes.table.lookup (a person's row in a table of persons) against a left merge, the way
they were computed before, on random string keys with missing values; and by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wijkzicht.themes.table import Keys, counts_by, factorize, lookup, rows_in

VALUES = ["WK01", "WK02", "BU0101", "totaal", "Nederland", "Turkije", "18-24", "man", None]


@st.composite
def persons(draw):
    n_keys = draw(st.integers(1, 4))
    n = draw(st.integers(0, 60))
    cols = {
        f"k{i}": draw(st.lists(st.sampled_from(VALUES[: draw(st.integers(1, 9))]), min_size=n, max_size=n))
        for i in range(n_keys)
    }  # fmt: skip
    flag = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return pd.DataFrame(cols, dtype="str").assign(x=pd.Series(flag, dtype=bool))


def groupby_counts(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return (
        df.groupby(keys, sort=True, dropna=True, observed=True)["x"]
        .agg(events="sum", persons="size")
        .reset_index()
        .astype({"events": "int64", "persons": "int64"})
    )


@settings(max_examples=150, deadline=None)
@given(persons())
def test_counts_by_is_groupby(df):
    keys = [c for c in df.columns if c != "x"]
    got = counts_by({k: factorize(df[k]) for k in keys}, df["x"].to_numpy())
    pd.testing.assert_frame_equal(got, groupby_counts(df, keys), check_exact=True)


def test_counts_by_hand():
    df = pd.DataFrame(
        {
            "wijk": ["WK02", "WK01", "WK02", None, "WK01", "WK02"],
            "sex": ["man", "vrouw", "man", "man", None, "vrouw"],
            "x": [True, False, False, True, True, True],
        }
    )
    got = counts_by({"wijk": factorize(df["wijk"]), "sex": factorize(df["sex"])}, df["x"])
    # by hand: the rows with a missing wijk or sex (4th and 5th) left out
    assert got.to_dict("records") == [
        {"wijk": "WK01", "sex": "vrouw", "events": 0, "persons": 1},
        {"wijk": "WK02", "sex": "man", "events": 1, "persons": 2},
        {"wijk": "WK02", "sex": "vrouw", "events": 1, "persons": 1},
    ]


def test_counts_by_many_cells_counts_the_observed_ones():
    """More cells than persons (the sparse path): the same table as groupby."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {f"k{i}": [f"v{j}" for j in rng.integers(0, 50, 40)] for i in range(4)}, dtype="str"
    ).assign(x=rng.random(40) < 0.5)
    keys = ["k0", "k1", "k2", "k3"]
    got = counts_by({k: factorize(df[k]) for k in keys}, df["x"].to_numpy())
    pd.testing.assert_frame_equal(got, groupby_counts(df, keys), check_exact=True)


def shared_keys(df: pd.DataFrame, other: pd.DataFrame) -> list[str]:
    """The key columns of both frames; an example without one is no example (hypothesis)."""
    cols = [c for c in df.columns if c != "x" and c in other.columns]
    assume(cols)
    return cols


@settings(max_examples=150, deadline=None)
@given(persons(), persons())
def test_rows_in_is_multiindex_isin(df, other):
    cols = shared_keys(df, other)
    expected = pd.MultiIndex.from_frame(df[cols]).isin(pd.MultiIndex.from_frame(other[cols]))
    np.testing.assert_array_equal(rows_in(df, other, cols), expected)


@settings(max_examples=150, deadline=None)
@given(persons(), persons(), persons())
def test_keys_factorised_once_answer_each_table_as_multiindex_isin(df, other, third):
    """One Keys of a frame, asked about two tables in turn (a job's conditions one by one)."""
    cols = shared_keys(df, other)
    assume(all(c in third.columns for c in cols))
    keys = Keys(df, cols)
    for o in (other, third, other):
        expected = pd.MultiIndex.from_frame(df[cols]).isin(pd.MultiIndex.from_frame(o[cols]))
        np.testing.assert_array_equal(keys.isin(o), expected)


def test_rows_in_hand():
    persons = pd.DataFrame({"S": ["R", "R", "R", "R"], "P": ["1", "2", "3", None]})
    hits = pd.DataFrame({"S": ["R", "R", "X", "R"], "P": ["3", "1", "2", None]})
    # by hand: R1 and R3 are hits, R2 only under X, the missing number equals the missing one
    assert rows_in(persons, hits, ["S", "P"]).tolist() == [True, False, True, True]


@settings(max_examples=150, deadline=None)
@given(persons(), persons())
def test_lookup_is_left_merge(df, other):
    cols = shared_keys(df, other)
    other = other.drop_duplicates(cols).reset_index(drop=True)
    at = lookup(df, other, cols)
    merged = df[cols].merge(other[cols].assign(row=np.arange(len(other))), how="left", on=cols)
    np.testing.assert_array_equal(at, merged["row"].fillna(-1).astype(int).to_numpy())


def test_lookup_hand_and_duplicates():
    persons = pd.DataFrame({"S": ["R", "R", "R"], "P": ["1", "2", "3"]})
    table = pd.DataFrame({"S": ["R", "R"], "P": ["3", "1"]})
    assert lookup(persons, table, ["S", "P"]).tolist() == [1, -1, 0]
    with pytest.raises(ValueError, match="not unique"):
        lookup(persons, pd.concat([table, table]), ["S", "P"])


def test_count_grid_with_shared_factors_is_count_grid_alone():
    """count_grid's `factors` (a job's area and group columns factorised once for many flags)
    changes nothing: the grids equal those of separate calls; a dict filled from another
    table of persons is refused."""
    from wijkzicht.themes.table import count_grid

    rng = np.random.default_rng(7)
    n = 500
    geo = pd.DataFrame({
        "gemeente_code": "GM0344", "gemeente_name": "Utrecht",
        "wijk_code": ["WK034401", "WK034402"], "wijk_name": ["West", "Oost"],
        "buurt_code": ["BU03440101", "BU03440201"], "buurt_name": ["Lombok", "Wittevrouwen"],
    })  # fmt: skip
    wijk = rng.choice(["WK034401", "WK034402"], n)
    persons = pd.DataFrame({
        "gemeente": "GM0344", "wijk": wijk,
        "buurt": np.where(wijk == "WK034401", "BU03440101", "BU03440201"),
        "sex": rng.choice(["man", "vrouw"], n),
        **{f"f{i}": rng.random(n) < 0.3 for i in range(3)},
    })  # fmt: skip
    groups = {"totaal": ["totaal"], "sex": ["man", "vrouw"]}
    factors: dict = {}
    for flag in ("f0", "f1", "f2"):
        alone = count_grid(persons, flag, geo, groups, buurt=True)
        shared = count_grid(persons, flag, geo, groups, buurt=True, factors=factors)
        pd.testing.assert_frame_equal(shared, alone)
    with pytest.raises(ValueError, match="another table"):
        count_grid(persons.head(10), "f0", geo, groups, factors=factors)
