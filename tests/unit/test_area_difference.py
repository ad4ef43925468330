"""Tests of an area against the rest of the city, checked against R (prop.test, p.adjust)."""

import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkzicht.statistics.area_difference import holm, two_proportion_test, z_test

pytestmark = pytest.mark.r

X1, N1 = [30, 5, 120, 0], [100, 40, 400, 50]
X2, N2 = [250, 260, 1000, 30], [1500, 1500, 4000, 2000]

R_SCRIPT = """
x1 <- c(30, 5, 120, 0); n1 <- c(100, 40, 400, 50); x2 <- c(250, 260, 1000, 30); n2 <- c(1500, 1500, 4000, 2000)
for (i in seq_along(x1)) cat(sprintf("%.17g\\n", suppressWarnings(prop.test(c(x1[i], x2[i]), c(n1[i], n2[i]), correct = FALSE))$p.value))
cat(sprintf("%.17g\\n", p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm")))
cat(sprintf("%.17g\\n", p.adjust(TIES, "holm")))
""".replace("TIES", "c(0.3, 0.01, 0.5, 0.01, 0.2, 0.5, 0.04)")
TIES = [0.3, 0.01, 0.5, 0.01, 0.2, 0.5, 0.04]


@pytest.fixture(scope="module")
def r_values():
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail("Rscript not found: run `bash tools/install-r.sh`", pytrace=False)
    out = subprocess.run(
        [rscript, "-e", R_SCRIPT], capture_output=True, text=True, check=True
    ).stdout
    return [float(v) for v in out.split()]


def test_two_proportion_test_equals_r_prop_test(r_values):
    np.testing.assert_allclose(two_proportion_test(X1, N1, X2, N2), r_values[:4], rtol=1e-10)


def test_holm_equals_r_p_adjust(r_values):
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), r_values[4:8], rtol=1e-12)


def test_holm_with_ties_and_values_capped_at_one_equals_r(r_values):
    # by hand: 7 * 0.01 = 0.07 twice (the tie gets one value), 5 * 0.04 = 0.2, 4 * 0.2 = 0.8,
    # 3 * 0.3 = 0.9, 2 * 0.5 = 1 twice
    assert holm(TIES).tolist() == pytest.approx([0.9, 0.07, 1.0, 0.07, 0.8, 1.0, 0.2])
    np.testing.assert_allclose(holm(TIES), r_values[8:], rtol=1e-15)


@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), max_size=40))
def test_holm_equals_statsmodels_bit_for_bit(p):
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p, dtype=float)
    ok = ~np.isnan(p)
    expected = np.full_like(p, np.nan)
    if ok.any():
        expected[ok] = multipletests(p[ok], method="holm")[1]
    np.testing.assert_array_equal(holm(p), expected)


def test_holm_leaves_missing_tests_out_of_the_family():
    # two real tests: Holm multiplies the smaller by 2, not by 3
    assert holm([0.01, np.nan, 0.04]).tolist()[0] == pytest.approx(0.02)
    assert np.isnan(holm([0.01, np.nan, 0.04])[1])
    assert np.isnan(holm([np.nan, np.nan])).all()


def test_nothing_to_test_is_nan():
    p = two_proportion_test([0, 3, 5], [0, 10, 10], [0, 0, 10], [10, 10, 10])
    assert np.isnan(p[0])  # empty area
    assert not np.isnan(p[1])
    assert np.isnan(two_proportion_test([0], [10], [0], [100])[0])  # nobody anywhere


def test_z_test_by_hand():
    # (0.30 - 0.25) / sqrt(0.02^2 + 0.01^2) = 2.23607; two-sided p = 0.025347
    assert z_test(0.30, 0.25, 0.02, 0.01) == pytest.approx(0.0253473, rel=1e-5)
    assert np.isnan(z_test(0.3, 0.3, 0.0, 0.0))
