"""The odds ratios' logistic model (statistics.models._binomial_irls) is statsmodels' binomial GLM
written out: the same coefficients and standard errors to the last bit, on covariate patterns
like those of migratie.or_ggz (treatment-coded factors, counts from 1 to thousands, levels
without events or with only events); and fitting it imports neither statsmodels nor
scipy.stats (about 0.6 CPU s in every migratie job)."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

from wijkzicht.statistics.models import _binomial_irls


def _statsmodels(events, persons, exog):
    """The fit as logistic_odds_ratios made it before (statsmodels 0.15)."""
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    model = GLM(np.column_stack([events, persons - events]), exog, family=families.Binomial())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(tol=1e-12, rtol=0.0, tol_criterion="params", maxiter=200)
    return np.asarray(fit.params), np.asarray(fit.bse)


def _patterns(rng):
    """Covariate patterns of treatment-coded factors: (events, persons, exog) of full rank."""
    while True:
        levels = rng.integers(2, 6, size=rng.integers(1, 5))
        grid = np.stack(np.meshgrid(*[np.arange(k) for k in levels]), -1).reshape(-1, len(levels))
        grid = grid[rng.random(len(grid)) < rng.uniform(0.5, 1.0)]  # not every pattern occurs
        columns = [np.ones(len(grid))]
        for j, k in enumerate(levels):
            columns += [(grid[:, j] == lev).astype(float) for lev in range(1, k)]
        exog = np.column_stack(columns)
        if len(grid) and np.linalg.matrix_rank(exog) == exog.shape[1]:
            break
    persons = rng.integers(1, rng.choice([3, 40, 5000]), len(grid)).astype(float)
    events = np.floor(persons * rng.uniform(0, rng.choice([0.01, 0.2, 1.0]), len(grid)))
    if rng.random() < 0.2:  # a level without events (separation: the estimate runs off)
        events[exog[:, 1] == 1] = 0
    if rng.random() < 0.1:  # or with only events
        events[exog[:, 1] == 1] = persons[exog[:, 1] == 1]
    return events, persons, exog


@pytest.mark.parametrize("seed", range(8))
def test_the_same_bits_as_statsmodels(seed):
    rng = np.random.default_rng([14, seed])
    for _ in range(40):
        events, persons, exog = _patterns(rng)
        want = _statsmodels(events, persons, exog)
        got = _binomial_irls(events, persons, exog)
        for w, g in zip(want, got, strict=True):
            assert w.tobytes() == g.tobytes(), (events, persons, exog)


def test_a_pattern_without_persons_fails_as_in_statsmodels():
    events, persons = np.array([1.0, 2.0, 0.0]), np.array([4.0, 5.0, 0.0])
    exog = np.column_stack([np.ones(3), [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    with pytest.raises(ValueError, match="first guess on the deviance function returned a nan"):
        _statsmodels(events, persons, exog)
    with pytest.raises(ValueError, match="first guess on the deviance function returned a nan"):
        _binomial_irls(events, persons, exog)


def test_odds_ratios_import_neither_statsmodels_nor_scipy_stats():
    code = (
        "import sys\n"
        "import numpy as np, pandas as pd\n"
        "from wijkzicht.statistics.models import logistic_odds_ratios\n"
        "rng = np.random.default_rng(1)\n"
        "df = pd.DataFrame({'a': rng.choice(['x', 'y', 'z'], 500), 'b': rng.choice(['p', 'q'], 500),"
        " 'y': rng.integers(0, 2, 500)})\n"
        "res = logistic_odds_ratios(df, 'y', {'a': 'x', 'b': 'p'})\n"
        "assert len(res) == 3 and res['odds_ratio'].notna().all(), res\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'statsmodels'"
        " or m.startswith('scipy.stats')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
