"""Cheaper steps of the migratie jobs, the same results (issue 14): the income percentiles fetched
as Arrow (`themes.migratie.income`, the frame `.df()` gave, up to the GROUP BY's row order) and
the survey rows' positions in the model's frame on integer codes (`themes.small_area._positions`,
what the MultiIndex reindex gave, its error for a frame with a key twice included)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkzicht import db
from wijkzicht.themes.migratie import INCOME_SQL, income
from wijkzicht.themes.small_area import KEYS, _positions


def _positions_before(frame, design):
    """The code before: a MultiIndex reindex."""
    pos = pd.Series(np.arange(len(frame)), index=pd.MultiIndex.from_frame(frame[KEYS]))
    return pos.reindex(pd.MultiIndex.from_frame(design[KEYS])).to_numpy(dtype=float)


def _keys(rng, n):
    return pd.DataFrame(
        {
            "RINPERSOONS": pd.array(rng.choice(["R", "S"], n, p=[0.95, 0.05]), dtype="str"),
            "RINPERSOON": pd.array([f"{v:09d}" for v in rng.integers(0, 10**9, n)], dtype="str"),
        }
    )


@pytest.mark.parametrize("seed", range(5))
def test_positions_are_the_multiindex_reindex(seed):
    rng = np.random.default_rng([14, 4, seed])
    frame = _keys(rng, int(rng.integers(0, 3000))).drop_duplicates(KEYS, ignore_index=True)
    # respondents: most in the frame (in any order, some twice), some not
    inside = frame.sample(frac=rng.uniform(0, 0.5), random_state=seed, replace=True)
    design = pd.concat([inside, _keys(rng, int(rng.integers(0, 50)))], ignore_index=True)
    design = design.sample(frac=1.0, random_state=seed, ignore_index=True)
    want = _positions_before(frame, design)
    got = _positions(frame, design)
    assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True)


def test_positions_refuse_a_frame_with_a_key_twice_as_before():
    frame = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": ["000000001"] * 2})
    design = frame.iloc[:1]
    with pytest.raises(ValueError):
        _positions_before(frame, design)
    with pytest.raises(ValueError):
        _positions(frame, design)


def test_income_is_the_frame_df_gives(tmp_path):
    rng = np.random.default_rng(14)
    n = 2000
    koppel = pd.DataFrame(
        {
            "RINPERSOONS": rng.choice(["R", "S"], n, p=[0.9, 0.1]),
            "RINPERSOON": [f"{v:09d}" if v % 17 else "" for v in rng.integers(0, 900, n)],
            "RINPERSOONSHKW": "R",
            "RINPERSOONHKW": [f"{v:09d}" if v % 13 else "" for v in rng.integers(0, 300, n)],
        }
    )
    inha = pd.DataFrame(
        {
            "RINPERSOONSHKW": "R",
            "RINPERSOONHKW": [f"{v:09d}" for v in range(300)],
            "INHP100HBEST": pd.array(
                [None if v % 11 == 0 else int(v) for v in rng.integers(-1, 101, 300)],
                dtype="Int32",
            ),
        }
    )
    con = db.connect()
    con.register("KOPPELPERSOONHUISHOUDEN", koppel)
    con.register("INHATAB", inha)
    want = con.execute(INCOME_SQL).df().sort_values(KEYS, ignore_index=True)
    got = income(con).sort_values(KEYS, ignore_index=True)
    assert len(want) > 100
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.dtypes.to_dict() == want.dtypes.to_dict()
