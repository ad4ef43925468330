"""The migratie waves' small-area work made cheaper gives the very results of the code before.

Each shortcut is checked here against the straightforward computation it replaces, exactly:
the household type of the model frame (only persons with two spells on the day are sorted;
an already sorted frame is only checked), each resident's buurt and wijk index (one lookup
per distinct value instead of Series.map), the respondents' positions in the frame (found
once for all outcomes), the sums per area when every area has data, and the linear
predictor of the patterns as one product of the stack of row blocks. The bootstrap as a
whole (true counts per cell of buurt and wijk) is checked against the loop as it was in
test_p2_small_area_bootstrap.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkzicht.statistics.small_area import _area_sums, _block_rows, _rows_times
from wijkzicht.themes.small_area import (
    HOUSEHOLD_TYPES,
    HOUSEHOLD_UNKNOWN,
    KEYS,
    _household_types,
    _index_of,
    _positions,
    _prepare,
    _respondents,
    household_type,
    model_frame,
    sorted_by_keys,
)


def _household_type_before(households, year):
    """household_type as written before (every spell sorted by key and type)."""
    day = pd.Timestamp(year=year, month=1, day=1)
    begin = pd.to_datetime(households["DATUMAANVANGHH"], errors="coerce")
    end = pd.to_datetime(households["DATUMEINDEHH"], errors="coerce")
    on = (begin <= day) & (end.isna() | (end >= day))
    hh = households.loc[on.to_numpy(), [*KEYS, "TYPHH"]].astype({"TYPHH": str})
    hh = hh.sort_values([*KEYS, "TYPHH"]).drop_duplicates(KEYS)
    return hh.assign(huishouden=hh["TYPHH"].map(HOUSEHOLD_TYPES).fillna(HOUSEHOLD_UNKNOWN))[
        [*KEYS, "huishouden"]
    ].reset_index(drop=True)


def _model_frame_before(adults, households, year):
    hh = _household_type_before(households, year)
    out = adults.merge(hh, how="left", on=KEYS)
    out["huishouden"] = out["huishouden"].fillna(HOUSEHOLD_UNKNOWN)
    return out.sort_values(KEYS).reset_index(drop=True)


def _spells(rng, n_persons=400, n_spells=900):
    """Household spells in random order: most persons one spell on 1 January 2022, some two
    or three (overlapping, of other types), some none; types 1-9 (9 is no known type)."""
    person = rng.integers(0, n_persons, n_spells)
    begin = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(-400, 400, n_spells), "D")
    end = begin + pd.to_timedelta(rng.integers(0, 900, n_spells), "D")
    end = end.where(rng.random(n_spells) > 0.3)  # open spells
    return pd.DataFrame({
        "RINPERSOONS": np.where(person % 7 == 0, "S", "R"),
        "RINPERSOON": [f"{p:09d}" for p in person],
        "DATUMAANVANGHH": [d.date() for d in begin],  # datetime.date objects, as read
        "DATUMEINDEHH": [None if pd.isna(d) else d.date() for d in end],
        "TYPHH": rng.integers(1, 10, n_spells).astype(str),
    }).astype({"RINPERSOONS": "str", "RINPERSOON": "str", "TYPHH": "str"})  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_household_types_and_the_frame_equal_the_full_sort(seed):
    rng = np.random.default_rng(seed)
    spells = _spells(rng)
    on = _household_types(spells, 2022)
    assert not on.duplicated(KEYS).any()
    before = _household_type_before(spells, 2022)
    # persons with two spells on the day exist, and get their lowest type
    assert len(on) < (pd.to_datetime(spells["DATUMAANVANGHH"]) <= "2022-01-01").sum()
    pd.testing.assert_frame_equal(household_type(spells, 2022), before)
    pd.testing.assert_frame_equal(
        on.sort_values(KEYS).reset_index(drop=True), before, check_index_type=False
    )
    persons = pd.DataFrame({
        "RINPERSOONS": np.where(np.arange(500) % 7 == 0, "S", "R"),
        "RINPERSOON": [f"{p:09d}" for p in range(500)],
        "x": rng.random(500),
    }).astype({"RINPERSOONS": "str", "RINPERSOON": "str"})  # fmt: skip
    sorted_adults = persons.sort_values(KEYS).reset_index(drop=True)
    shuffled = persons.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    for adults in (sorted_adults, shuffled):
        pd.testing.assert_frame_equal(
            model_frame(adults, spells, 2022), _model_frame_before(adults, spells, 2022)
        )


def test_sorted_by_keys_as_sort_values_orders_them():
    def frame(s, p):
        return pd.DataFrame({"RINPERSOONS": s, "RINPERSOON": p}, dtype="str")

    assert sorted_by_keys(frame(["R", "R", "S"], ["2", "3", "1"]))
    assert sorted_by_keys(frame(["R", "R"], ["2", "2"]))  # equal keys keep their order
    assert sorted_by_keys(frame([], []))
    assert not sorted_by_keys(frame(["R", "R"], ["3", "2"]))
    assert not sorted_by_keys(frame(["S", "R"], ["1", "2"]))
    assert not sorted_by_keys(frame(["R", "R"], ["10", "9"]).iloc[::-1])
    assert not sorted_by_keys(frame(["R", None], ["1", "2"]))  # a missing key: sort instead
    rng = np.random.default_rng(3)
    for _ in range(50):
        f = frame(rng.choice(["R", "S", "T"], 30), rng.choice(["1", "10", "2", "9", "ä"], 30))
        in_order = f.sort_values(KEYS)
        assert sorted_by_keys(in_order)
        assert sorted_by_keys(f) == f.index.equals(in_order.index)


def test_index_of_equals_series_map():
    codes = ["BU3", "BU1", "BU2"]
    values = pd.Series(["BU1", "BU2", None, "BU9", "BU3", "BU1"], dtype="str")
    want = values.map({c: i for i, c in enumerate(codes)}).to_numpy(dtype=float)
    got = _index_of(values, codes)
    np.testing.assert_array_equal(got, want)  # NaN where missing or unknown
    assert np.isnan(_index_of(pd.Series([], dtype="str"), codes)).all()


def test_respondents_from_positions_found_once_equal_those_found_per_outcome():
    frame = pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": [f"{i:09d}" for i in range(50)],
        "buurt": ["BU1", "BU2"] * 25, "wijk": "WK1",
    })  # fmt: skip
    rng = np.random.default_rng(1)
    design = pd.DataFrame({
        "RINPERSOONS": "R",
        "RINPERSOON": [f"{i:09d}" for i in rng.choice(60, 30, replace=False)],  # some outside
        "in_population": rng.random(30) < 0.8,
        "a": np.where(rng.random(30) < 0.2, np.nan, rng.random(30) < 0.5),
        "b": np.where(rng.random(30) < 0.5, np.nan, rng.random(30) < 0.5),
    })  # fmt: skip
    geo = pd.DataFrame({"buurt_code": ["BU1", "BU2"], "wijk_code": ["WK1", "WK1"]})
    prepared = _prepare(frame, design, geo)
    np.testing.assert_array_equal(prepared.at, _positions(frame, design))
    for outcome in ("a", "b"):
        d = design[design["in_population"] & design[outcome].notna()]
        pos = pd.Series(np.arange(len(frame)), index=pd.MultiIndex.from_frame(frame[KEYS]))
        at = pos.reindex(pd.MultiIndex.from_frame(d[KEYS])).to_numpy()
        found = ~np.isnan(at)
        want = at[found].astype(np.int64), d[outcome].to_numpy(dtype=float)[found]
        for got in (_respondents(frame, design, outcome),
                    _respondents(frame, design, outcome, prepared.at)):  # fmt: skip
            np.testing.assert_array_equal(got[0], want[0])
            np.testing.assert_array_equal(got[1], want[1])
            assert got[0].dtype == np.int64 and len(got[0]) > 0


@pytest.mark.parametrize("areas", [6, 8])  # every area with data; two without
def test_area_sums_equal_the_sums_put_in_zeros_as_before(areas):
    rng = np.random.default_rng(areas)
    group = np.sort(rng.integers(0, 6, 300))
    counts = np.bincount(group, minlength=areas)
    has = counts > 0
    assert has[:6].all()
    starts = (np.cumsum(counts) - counts)[has]
    values = rng.normal(size=(4, 300))
    before = np.zeros((4, areas))
    before[:, has] = np.add.reduceat(values, starts, axis=-1)
    got = _area_sums(values, starts, has)
    assert got.dtype == np.float64 and got.shape == (4, areas)
    np.testing.assert_array_equal(got, before)
    np.testing.assert_allclose(got[0], np.bincount(group, values[0], areas), rtol=1e-13)


@pytest.mark.parametrize("columns", [3, 36, 200])
@pytest.mark.parametrize("blocks", [1, 2, 5])
@pytest.mark.parametrize("extra", [0, 1, 2, 3, 17, 63])
def test_rows_times_of_whole_blocks_and_a_rest_bit_for_bit(columns, blocks, extra):
    """The stack of whole blocks and the rows after them (one row: before, a dot product of
    other last bits) give X @ beta bit for bit, on continuous values as on 0/1 dummies."""
    n = blocks * _block_rows(columns) + extra
    rng = np.random.default_rng(n)
    dummies = rng.random((n, columns - 1)) < 0.3
    for X in (np.column_stack([np.ones(n), dummies]).astype(float),
              np.column_stack([np.ones(n), rng.normal(size=(n, columns - 1))])):  # fmt: skip
        for _ in range(3):
            beta = rng.normal(0, 2, columns)
            assert np.array_equal(_rows_times(X, beta), X @ beta)
    assert _rows_times(np.empty((n, 0)), np.empty(0)).shape == (n,)


def _adults_before(residents, conditions, income, migratie):
    """themes.migratie.adults as written before (always sorted by key)."""
    from wijkzicht.themes.migratie import income_quintile, percentile_of, population
    from wijkzicht.themes.table import Keys

    pop = population(residents, migratie.min_age).copy()
    keys = Keys(pop, KEYS)
    for m in migratie.definitions:
        hit = conditions.loc[conditions["condition"] == m.condition.name, KEYS]
        pop[m.name] = keys.isin(hit)
    pop["inkomen"] = income_quintile(percentile_of(pop, income)).to_numpy()
    return pop.sort_values(KEYS).reset_index(drop=True)


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_adults_of_sorted_or_shuffled_residents_equal_the_full_sort(order):
    from worlds import config

    from wijkzicht.definitions import parse_definitions
    from wijkzicht.themes.migratie import adults

    migratie = parse_definitions(config()).migratie
    rng = np.random.default_rng(8)
    n = 3000
    residents = pd.DataFrame({
        "RINPERSOONS": np.where(rng.random(n) < 0.05, "S", "R"),
        "RINPERSOON": [f"{i:09d}" for i in rng.choice(10**6, n, replace=False)],
        "in_gba": rng.random(n) < 0.95,
        "age": pd.array(rng.integers(0, 95, n), dtype="Int32"),
        "geslacht": rng.choice(["man", "vrouw"], n),
    }).astype({"RINPERSOONS": "str", "RINPERSOON": "str"})  # fmt: skip
    residents = residents.sort_values(KEYS, ignore_index=True)
    if order == "shuffled":
        residents = residents.sample(frac=1.0, random_state=2, ignore_index=True)
    some = residents.sample(400, random_state=3)
    names = [m.condition.name for m in migratie.definitions]
    conditions = some[KEYS].assign(condition=rng.choice(names, 400))
    income = some[KEYS].assign(percentile=rng.integers(1, 101, 400))
    got = adults(residents, conditions, income, migratie)
    pd.testing.assert_frame_equal(got, _adults_before(residents, conditions, income, migratie))
    assert sorted_by_keys(got)
