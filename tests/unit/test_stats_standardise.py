"""Direct standardisation with the Fay-Feuer gamma interval.

Source of the expected values: the example of epitools' help page for
`ageadjust.direct` (R package epitools 0.5-10.1, Aragon, Fay, Wollschlaeger,
Omidpanah), which "recreates Table 1 of Fay and Feuer (1997)" from the Fleiss (1981,
p. 249) data: Down syndrome births by maternal age (6 bands) and birth order (5
columns), standard population the mean over birth orders. The help page prints the
results x 10^5 rounded to 1 decimal (DOCUMENTED below). The full-precision values
(EPITOOLS_FULL) were computed with that same example by running epitools 0.5-10.1
(Debian r-cran-epitools) under R 4.2.2, `options(digits = 17)`; so were the values
for a stratum left out and for domains with few or no events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkzicht.statistics.standardise import direct_standardise, dsr_gamma

AGES = ["Under 20", "20-24", "25-29", "30-34", "35-39", "40 and over"]
# Fleiss (1981) p. 249, as in epitools' example: rows = maternal age, columns = birth order 1..5+
POPULATION = np.array(
    [
        [230061, 72202, 15050, 2293, 327],
        [329449, 326701, 175702, 68800, 30666],
        [114920, 208667, 207081, 132424, 123419],
        [39487, 83228, 117300, 98301, 149919],
        [14208, 28466, 45026, 46075, 104088],
        [3052, 5375, 8660, 9834, 34392],
    ]
)
COUNT = np.array(
    [
        [107, 25, 3, 1, 0],
        [141, 150, 71, 26, 8],
        [60, 110, 114, 64, 63],
        [40, 84, 103, 89, 112],
        [39, 82, 108, 137, 262],
        [25, 39, 75, 96, 295],
    ]
)
STANDARD = POPULATION.mean(axis=1)  # "Use average population as standard"

# round(10^5 * ageadjust.direct(...), 1): crude.rate, adj.rate, lci, uci (help page output)
DOCUMENTED = {
    "1": (56.3, 92.3, 80.4, 105.8),
    "2": (67.6, 91.2, 82.4, 100.9),
    "3": (83.3, 85.1, 77.2, 94.2),
    "4": (115.5, 92.7, 80.0, 114.7),
    "5+": (167.1, 75.5, 67.7, 188.3),
}
# Same example, full precision from epitools 0.5-10.1.
EPITOOLS_FULL = {
    "1": (
        0.00056347505460374169,
        0.00092304525533199453,
        0.00080441749850704248,
        0.00105763345749261182,
    ),
    "2": (
        0.00067619876931823979,
        0.00091174116834664086,
        0.00082361211652004431,
        0.00100867576317251032,
    ),
    "3": (
        0.00083330549788245467,
        0.00085069221338301949,
        0.00077183453402721567,
        0.00094223569832206536,
    ),
    "4": (
        0.00115451168069505522,
        0.00092717865055199765,
        0.00080009992755399322,
        0.00114669444822584443,
    ),
    "5+": (
        0.00167114186413616639,
        0.00075529007445256796,
        0.00067702120417646684,
        0.00188300172727775845,
    ),
}
ORDERS = list(DOCUMENTED)


def fleiss_long() -> pd.DataFrame:
    rows = []
    for j, order in enumerate(ORDERS):
        for i, age in enumerate(AGES):
            rows.append(
                {
                    "order": order,
                    "age": age,
                    "d": COUNT[i, j],
                    "n": POPULATION[i, j],
                    "w": STANDARD[i],
                }
            )
    return pd.DataFrame(rows)


def test_fleiss_example_matches_epitools_help_page():
    out = direct_standardise(fleiss_long(), by=["order"], stratum="age").set_index("order")
    for order, (crude, adj, lci, uci) in DOCUMENTED.items():
        r = out.loc[order]
        assert round(1e5 * r["crude"], 1) == crude
        assert round(1e5 * r["value"], 1) == adj
        assert round(1e5 * r["ci_lower"], 1) == lci
        assert round(1e5 * r["ci_upper"], 1) == uci


def test_fleiss_example_matches_epitools_full_precision():
    out = direct_standardise(fleiss_long(), by=["order"], stratum="age").set_index("order")
    for order, expected in EPITOOLS_FULL.items():
        r = out.loc[order]
        got = (r["crude"], r["value"], r["ci_lower"], r["ci_upper"])
        np.testing.assert_allclose(got, expected, rtol=1e-10)
        j = ORDERS.index(order)
        w = STANDARD / STANDARD.sum()
        se = np.sqrt(np.sum(w**2 * COUNT[:, j] / POPULATION[:, j] ** 2))
        assert r["se"] == pytest.approx(se, rel=1e-12)
        assert r["numerator"] == COUNT[:, j].sum()
        assert r["denominator"] == POPULATION[:, j].sum()


def test_empty_stratum_is_dropped_and_weights_renormalised():
    """Birth order 5+ without the 'Under 20' stratum. Expected: epitools
    ageadjust.direct(count[-1, 5], population[-1, 5], stdpop = standard[-1])."""
    df = fleiss_long()
    df.loc[(df["order"] == "5+") & (df["age"] == "Under 20"), ["d", "n"]] = 0
    out = direct_standardise(df, by=["order"], stratum="age").set_index("order")
    r = out.loc["5+"]
    np.testing.assert_allclose(
        (r["value"], r["ci_lower"], r["ci_upper"]),
        (0.00085174479311817821, 0.00076348055534273748, 0.00096007719798210287),
        rtol=1e-10,
    )
    assert r["crude"] == pytest.approx(0.00167237685430433641, rel=1e-12)
    assert r["strata_used"] == 5
    # A missing row is the same as a row with n = 0.
    dropped = df[~((df["order"] == "5+") & (df["age"] == "Under 20"))]
    again = direct_standardise(dropped, by=["order"], stratum="age").set_index("order")
    pd.testing.assert_frame_equal(out, again)


def test_no_events_gives_lower_bound_zero():
    """epitools: ageadjust.direct(c(0,0,0), c(100,250,40), stdpop = c(3,2,1)) gives
    lci NaN and uci 0.018444397270569672; measures.md rule 14 sets the lower bound 0."""
    r = dsr_gamma([0, 0, 0], [100, 250, 40], [3, 2, 1])
    assert r["rate"] == 0.0
    assert r["lower"] == 0.0
    assert r["upper"] == pytest.approx(0.018444397270569672, rel=1e-12)
    assert r["se"] == 0.0


def test_few_events_match_epitools():
    """epitools: ageadjust.direct(c(2,0,1), c(100,250,40), stdpop = c(3,2,1))."""
    r = dsr_gamma([2, 0, 1], [100, 250, 40], [3, 2, 1])
    np.testing.assert_allclose(
        (r["crude"], r["rate"], r["lower"], r["upper"]),
        (
            0.0076923076923076927,
            0.0141666666666666677,
            0.0028995534803717441,
            0.0420845431031068654,
        ),
        rtol=1e-10,
    )


def test_standard_as_mapping_and_two_stratum_columns():
    df = fleiss_long()
    df["band"] = df["age"].map({a: f"b{i // 2}" for i, a in enumerate(AGES)})
    df["half"] = df["age"].map({a: f"h{i % 2}" for i, a in enumerate(AGES)})
    std = {(f"b{i // 2}", f"h{i % 2}"): STANDARD[i] for i in range(6)}
    a = direct_standardise(df, by=["order"], stratum=["band", "half"], standard=std)
    b = direct_standardise(df, by=["order"], stratum="age")
    cols = ["value", "ci_lower", "ci_upper", "se"]
    np.testing.assert_allclose(a[cols].to_numpy(), b[cols].to_numpy(), rtol=1e-12)


def test_domain_without_persons_and_single_domain():
    df = fleiss_long()
    empty = df[df["order"] == "1"].assign(order="leeg", d=0, n=0)
    out = direct_standardise(pd.concat([df, empty]), by=["order"], stratum="age")
    row = out.set_index("order").loc["leeg"]
    assert row["denominator"] == 0
    assert np.isnan([row["value"], row["ci_lower"], row["ci_upper"], row["se"], row["crude"]]).all()
    one = direct_standardise(df[df["order"] == "3"], by=[], stratum="age")
    assert len(one) == 1
    assert one["value"].iloc[0] == pytest.approx(EPITOOLS_FULL["3"][1], rel=1e-12)


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        dsr_gamma([1], [0], [1])
    with pytest.raises(ValueError):
        dsr_gamma([-1], [5], [1])
    df = fleiss_long()
    df.loc[0, "w"] = 1.0  # the standard differs within a stratum
    with pytest.raises(ValueError, match="differs"):
        direct_standardise(df, by=["order"], stratum="age")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 400), st.integers(1, 1000)),
        min_size=1,
        max_size=10,
    )
)
def test_interval_brackets_the_rate(strata):
    d = np.array([min(a, b) for a, b, _ in strata], float)
    n = np.array([b for _, b, _ in strata], float)
    w = np.array([c for _, _, c in strata], float)
    r = dsr_gamma(d, n, w)
    if n.sum() == 0:
        assert np.isnan(r["rate"])
        return
    assert 0 <= r["lower"] <= r["rate"] + 1e-15
    assert r["rate"] <= r["upper"]
