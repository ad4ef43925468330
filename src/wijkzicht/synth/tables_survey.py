"""Table of the GGD health survey: GEZOMONITOR per wave (stratified sample, weights, K10,
loneliness and self-rated health with item non-response)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from wijkzicht.synth.columns import _frame, _nullable_int, _person_keys
from wijkzicht.synth.draw import _age, _day, _rng, _year_of
from wijkzicht.synth.geography import _World
from wijkzicht.synth.population import _Population
from wijkzicht.synth.traits import _Traits


def _graded(rng, latent: np.ndarray, thresholds, noise: float) -> np.ndarray:
    """Ordinal answers 1..len(thresholds)+1 from a latent score per respondent (n, items)."""
    y = latent + rng.normal(0, noise, latent.shape)
    return 1 + (y[..., None] > np.asarray(thresholds)).sum(axis=-1)


def _wijk_on(pop: _Population, w: _World, day) -> np.ndarray:
    """Wijk index of each person's address on `day` (-1: none, or not in the gemeente)."""
    S = pop.S
    n = len(pop.P["hh"])
    on = np.flatnonzero((S["start"] <= day) & (S["end"] >= day))
    out = np.full(n, -1)
    out[S["pid"][on]] = pop.objs.wijk_in_year(w, S["obj"][on], int(_year_of(day)))
    return out


def _t_survey(w: _World, pop: _Population, tr: _Traits, wave: int) -> pd.DataFrame:
    """GEZOMONITOR of one wave: a stratified sample of adults per wijk with post-stratification
    weights, K10, De Jong Gierveld loneliness and self-rated health, with item non-response."""
    rng = _rng(w.seed, "survey", wave)
    resp, stratum, weight = _survey_sample(rng, w, pop, tr, wave)
    n = len(resp)
    j = w.years.index(wave) if wave in w.years else len(w.years) - 1

    # K10 items 1-5 from the year's distress; most answer all, some skip 1, 2 or 3 items.
    theta = tr.Dt[resp, j] + rng.normal(0, 0.35, n)
    k10 = _graded(rng, np.repeat(theta[:, None], 10, axis=1), (0.4, 1.3, 2.1, 2.9), 0.8)
    n_missing = np.searchsorted(np.array([0.84, 0.92, 0.96]), rng.random(n), side="right")
    k10_missing = rng.random((n, 10)).argsort(axis=1).argsort(axis=1) < n_missing[:, None]

    # De Jong Gierveld: 1 'ja', 2 'min of meer', 3 'nee'. Lonely people say 'ja' to the
    # negatively worded items (2, 3, 5, 6, 9, 10) and 'nee' to the others.
    lam = tr.L[resp] + rng.normal(0, 0.3, n)
    raw = _graded(rng, np.repeat(lam[:, None], 11, axis=1), (1.1, 1.9), 0.9)  # 3 = most lonely
    negative = np.isin(np.arange(1, 12), (2, 3, 5, 6, 9, 10))
    eenz = np.where(negative[None, :], 4 - raw, raw)
    eenz_missing = np.zeros((n, 11), dtype=bool)
    one = np.flatnonzero(rng.random(n) < 0.07)
    eenz_missing[one, rng.integers(0, 11, len(one))] = True

    hl = tr.health[resp] + rng.normal(0, 0.5, n)
    ervgez = 1 + (hl[:, None] > np.array([-0.6, 0.8, 1.8, 2.6])).sum(axis=1)

    # A small share of respondents could not be linked by CBS.
    rins, rin = _person_keys(rng, pop, resp, 0.015, "S")
    cols = {
        "RINPERSOONS": rins,
        "RINPERSOON": rin,
        "STRATUM": w.wijk_code[stratum],
        "WEIGHT": weight,
    }
    for i in range(10):
        cols[f"K10_{i + 1:02d}"] = _nullable_int(k10[:, i], k10_missing[:, i])
    for i in range(11):
        cols[f"EENZ_{i + 1:02d}"] = _nullable_int(eenz[:, i], eenz_missing[:, i])
    cols["ERVGEZ"] = _nullable_int(ervgez, rng.random(n) < 0.015)
    return _frame(cols)


def _survey_sample(rng, w: _World, pop: _Population, tr: _Traits, wave: int):
    """Respondents, their stratum (wijk on the frame date 1 July) and weights.

    Per wijk the sample size scales with the population (at least 30); response rises with age
    and is higher for women, and weights post-stratify to age band x sex within the stratum so
    that they sum to the stratum's 18+ population."""
    P = pop.P
    frame_day = _day(wave, 7, 1)
    wijk = _wijk_on(pop, w, frame_day)
    age = _age(P["birth"], frame_day)
    female = P["female"]
    frame = np.flatnonzero((wijk >= 0) & (age >= 18))
    st = wijk[frame]
    N_h = np.bincount(st, minlength=w.n_wijk)
    n_h = np.minimum(np.maximum(np.round(w.survey * w.n / 360_000), 30), N_h // 2).astype(np.int64)

    rho = expit(-1.0 + 0.025 * (age[frame] - 45) + 0.3 * female[frame] - 0.3 * tr.gap[frame])
    key = np.log(rng.random(len(frame))) / rho  # Efraimidis-Spirakis: weighted, without replacement
    order = np.lexsort((-key, st))
    rank = np.arange(len(order)) - np.searchsorted(st[order], st[order])
    resp = frame[np.sort(order[rank < n_h[st[order]]])]
    rs = wijk[resp]

    def cell(p):
        return (
            wijk[p] * 4 + np.searchsorted(np.array([30, 45, 65]), age[p], side="right")
        ) * 2 + female[p]

    N_c = np.bincount(cell(frame), minlength=w.n_wijk * 8).astype(float)
    n_c = np.bincount(cell(resp), minlength=w.n_wijk * 8).astype(float)
    weight = N_c[cell(resp)] / n_c[cell(resp)]
    total = np.bincount(rs, weights=weight, minlength=w.n_wijk)
    weight *= N_h[rs] / total[rs]  # cells without respondents: rescale to the stratum total
    return resp, rs, weight
