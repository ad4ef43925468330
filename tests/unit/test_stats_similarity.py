"""Similar wijken: z-scores, distances with gaps, neighbours and closest indicators.

Independent references: scipy.stats.zscore and scipy.spatial.distance.cdist for the
complete-data distances; the nan-Euclidean formula sqrt(P / C * sum over common
(z_a - z_b)^2) (Dixon 1979, as in scikit-learn's nan_euclidean_distances) written out
by hand for the data with gaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist
from scipy.stats import zscore

from wijkzicht.statistics.similarity import indicator_zscores, similar_wijken


def table(seed=1, n=12, p=5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        rng.normal(size=(n, p)) * [1, 5, 0.1, 2, 3] + [0, 10, 0.5, 3, 1],
        index=[f"WK0344{i:02d}" for i in range(n)],
        columns=["ggz", "psychofarmaca", "eenzaam", "k10_hoog", "laag_inkomen"],
    )


def test_complete_data_is_euclidean_on_zscores():
    t = table()
    z = indicator_zscores(t)
    expected = zscore(t.sort_index()[sorted(t.columns)].to_numpy(), ddof=1)
    np.testing.assert_allclose(z.to_numpy(), expected, rtol=1e-12)
    d = cdist(expected, expected)
    out = similar_wijken(t, k=11)
    codes = list(z.index)
    for r in out.itertuples():
        assert r.distance == pytest.approx(
            d[codes.index(r.wijk), codes.index(r.neighbour)], rel=1e-12
        )
        assert r.n_common == 5
    # every other wijk, nearest first
    first = out[out["wijk"] == codes[0]]
    assert list(first["rank"]) == list(range(1, 12))
    assert first["distance"].is_monotonic_increasing
    assert codes[0] not in set(first["neighbour"])


def test_gaps_use_mean_of_available_distance():
    t = table()
    t.iloc[0, 1] = np.nan
    t.iloc[3, [0, 4]] = np.nan
    z = indicator_zscores(t)
    zv = z.to_numpy()
    out = similar_wijken(t, k=11, min_common=1).set_index(["wijk", "neighbour"])
    for a in range(len(zv)):
        for b in range(len(zv)):
            if a == b:
                continue
            common = ~np.isnan(zv[a]) & ~np.isnan(zv[b])
            expected = np.sqrt(5 / common.sum() * np.sum((zv[a, common] - zv[b, common]) ** 2))
            got = out.loc[(z.index[a], z.index[b])]
            assert got["distance"] == pytest.approx(expected, rel=1e-12)
            assert got["n_common"] == common.sum()
    # z-scores use the available values only
    col = t["psychofarmaca"].dropna()
    assert z.loc["WK034401", "psychofarmaca"] == pytest.approx(
        (col["WK034401"] - col.mean()) / col.std(ddof=1), rel=1e-12
    )


def test_ties_are_broken_by_code_and_closest_indicators_by_name():
    t = pd.DataFrame(
        {"b": [1.0, 1.0, 1.0, 5.0], "a": [2.0, 2.0, 2.0, 9.0], "c": [0.0, 3.0, 3.0, 3.0]},
        index=["WK03", "WK02", "WK01", "WK04"],
    )
    out = similar_wijken(t, k=3, n_indicators=2)
    wk01 = out[out["wijk"] == "WK01"]
    assert list(wk01["neighbour"]) == ["WK02", "WK03", "WK04"]
    assert wk01["distance"].iloc[0] == 0.0
    # WK01 vs WK02 identical on all three: ties by indicator name
    assert wk01["closest_indicators"].iloc[0] == "a;b"
    # WK01 vs WK03 differ only on c
    assert wk01["closest_indicators"].iloc[1] == "a;b"
    wk04 = out[out["wijk"] == "WK04"]
    assert wk04["closest_indicators"].iloc[0].split(";")[0] == "c"
    # WK02 and WK01 are exactly equally far from WK04: code order decides
    assert list(wk04["neighbour"][:2]) == ["WK01", "WK02"]


def test_deterministic_under_permutation():
    t = table(seed=2)
    t.iloc[2, 2] = np.nan
    a = similar_wijken(t, k=4)
    b = similar_wijken(t.sample(frac=1, random_state=1)[list(reversed(t.columns))], k=4)
    pd.testing.assert_frame_equal(a, b)


def test_min_common_and_uninformative_indicators():
    t = table(n=6)
    t["constant"] = 1.0
    t.iloc[0, :4] = np.nan  # WK034400 has only laag_inkomen (and the constant)
    z = indicator_zscores(t)
    assert "constant" not in z.columns
    out = similar_wijken(t, k=5)  # default min_common = ceil(5 / 2) = 3
    assert "WK034400" not in set(out["wijk"]) | set(out["neighbour"])
    loose = similar_wijken(t, k=5, min_common=1)
    assert "WK034400" in set(loose["wijk"])
    assert set(loose.loc[loose["wijk"] == "WK034400", "n_common"]) == {1}
    with pytest.raises(ValueError):
        similar_wijken(pd.concat([t, t.iloc[[1]]]))
