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


def _answers(w: _World, pop: _Population, tr: _Traits, wave: int) -> dict[str, np.ndarray]:
    """The answers EVERY person of the world would give in a wave: K10 items, De Jong Gierveld
    items and self-rated health, with item non-response, as (n, items) arrays with a mask of
    missing items. The respondents' answers are rows of these, so the true prevalence of a
    survey measure in any area is known (`_survey_truth`)."""
    rng = _rng(w.seed, "survey answers", wave)
    n = len(pop.P["hh"])
    j = w.years.index(wave) if wave in w.years else len(w.years) - 1

    # K10 items 1-5 from the year's distress; most answer all, some skip 1, 2 or 3 items.
    theta = tr.Dt[:, j] + rng.normal(0, 0.35, n)
    k10 = _graded(rng, np.repeat(theta[:, None], 10, axis=1), (0.4, 1.3, 2.1, 2.9), 0.8)
    n_missing = np.searchsorted(np.array([0.84, 0.92, 0.96]), rng.random(n), side="right")
    k10_missing = rng.random((n, 10)).argsort(axis=1).argsort(axis=1) < n_missing[:, None]

    # De Jong Gierveld: 1 'ja', 2 'min of meer', 3 'nee'. Lonely people say 'ja' to the
    # negatively worded items (2, 3, 5, 6, 9, 10) and 'nee' to the others.
    lam = tr.L + rng.normal(0, 0.3, n)
    raw = _graded(rng, np.repeat(lam[:, None], 11, axis=1), (1.1, 1.9), 0.9)  # 3 = most lonely
    negative = np.isin(np.arange(1, 12), (2, 3, 5, 6, 9, 10))
    eenz = np.where(negative[None, :], 4 - raw, raw)
    eenz_missing = np.zeros((n, 11), dtype=bool)
    one = np.flatnonzero(rng.random(n) < 0.07)
    eenz_missing[one, rng.integers(0, 11, len(one))] = True

    hl = tr.health + rng.normal(0, 0.5, n)
    ervgez = 1 + (hl[:, None] > np.array([-0.6, 0.8, 1.8, 2.6])).sum(axis=1)
    return {
        "k10": k10, "k10_missing": k10_missing, "eenz": eenz, "eenz_missing": eenz_missing,
        "ervgez": ervgez, "ervgez_missing": rng.random(n) < 0.015,
    }  # fmt: skip


def _answer_columns(a: dict[str, np.ndarray], rows: np.ndarray) -> dict:
    cols = {}
    for i in range(10):
        cols[f"K10_{i + 1:02d}"] = _nullable_int(a["k10"][rows, i], a["k10_missing"][rows, i])
    for i in range(11):
        cols[f"EENZ_{i + 1:02d}"] = _nullable_int(a["eenz"][rows, i], a["eenz_missing"][rows, i])
    cols["ERVGEZ"] = _nullable_int(a["ervgez"][rows], a["ervgez_missing"][rows])
    return cols


def _t_survey(w: _World, pop: _Population, tr: _Traits, wave: int) -> pd.DataFrame:
    """GEZOMONITOR of one wave: a stratified sample of adults per wijk with post-stratification
    weights, and the answers (`_answers`) of the sampled persons: K10, De Jong Gierveld
    loneliness and self-rated health, with item non-response."""
    rng = _rng(w.seed, "survey", wave)
    resp, stratum, weight = _draw_sample(rng, _frame_of(w, pop, tr, wave))
    answers = _answers(w, pop, tr, wave)
    # A small share of respondents could not be linked by CBS.
    rins, rin = _person_keys(rng, pop, resp, 0.015, "S")
    cols = {
        "RINPERSOONS": rins,
        "RINPERSOON": rin,
        "STRATUM": w.wijk_code[stratum],
        "WEIGHT": weight,
        **_answer_columns(answers, resp),
    }
    return _frame(cols)


def _survey_truth(w: _World, pop: _Population, tr: _Traits, wave: int) -> pd.DataFrame:
    """What the synthetic world knows and a real one never does, for validating estimators:
    one row per person with the answers they WOULD give (every person, `_answers`) and their
    place in the sampling frame of the wave (`frame_stratum` the wijk code, empty when not in
    the frame; `frame_cell` the post-stratification cell; `response_propensity`;
    `stratum_sample_size` n_h). `draw_sample(rng, frame)` on these columns draws further
    samples of the same design (docs/small_area.md). Never an input of the pipeline."""
    f = _frame_of(w, pop, tr, wave)
    n = len(pop.P["hh"])
    stratum = np.full(n, "", dtype=object)
    stratum[f["persons"]] = w.wijk_code[f["stratum"]]
    cell = np.full(n, -1, dtype=np.int64)
    cell[f["persons"]] = f["cell"]
    rho = np.full(n, np.nan)
    rho[f["persons"]] = f["rho"]
    size = np.zeros(n, dtype=np.int64)
    size[f["persons"]] = f["n_h"][f["stratum"]]
    cols = {
        "RINPERSOONS": np.full(n, "R", dtype="U1"),
        "RINPERSOON": pop.rin.copy(),
        "frame_stratum": stratum.astype(str),
        "frame_cell": cell,
        "response_propensity": rho,
        "stratum_sample_size": size,
        **_answer_columns(_answers(w, pop, tr, wave), np.arange(n)),
    }
    return _frame(cols)


def _frame_of(w: _World, pop: _Population, tr: _Traits, wave: int) -> dict[str, np.ndarray]:
    """The sampling frame of a wave: adults living in a wijk of the gemeente on 1 July, with
    their stratum (wijk index), post-stratification cell (wijk x age band x sex), response
    propensity, and per stratum the sample size n_h (scales with the population, at least 30)."""
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
    cell = (st * 4 + np.searchsorted(np.array([30, 45, 65]), age[frame], side="right")) * 2 + (
        female[frame]
    )
    return {"persons": frame, "stratum": st, "cell": cell, "rho": rho, "n_h": n_h}


def _draw_sample(rng, frame: dict[str, np.ndarray]):
    """Respondents (person indices, sorted), their stratum and post-stratification weights.

    Per stratum n_h persons are drawn without replacement with probability rising with the
    response propensity (response rises with age and is higher for women); weights
    post-stratify to age band x sex within the stratum so that they sum to the stratum's 18+
    population. `frame` is `_frame_of` (or the same columns read back from the truth)."""
    persons, st, cell, rho, n_h = (frame[k] for k in ("persons", "stratum", "cell", "rho", "n_h"))
    n_strata = len(n_h)
    N_h = np.bincount(st, minlength=n_strata)
    key = np.log(rng.random(len(persons))) / rho  # Efraimidis-Spirakis: weighted, no replacement
    order = np.lexsort((-key, st))
    rank = np.arange(len(order)) - np.searchsorted(st[order], st[order])
    chosen = np.sort(order[rank < n_h[st[order]]])
    rs = st[chosen]
    N_c = np.bincount(cell, minlength=n_strata * 8).astype(float)
    n_c = np.bincount(cell[chosen], minlength=n_strata * 8).astype(float)
    weight = N_c[cell[chosen]] / n_c[cell[chosen]]
    total = np.bincount(rs, weights=weight, minlength=n_strata)
    weight *= N_h[rs] / total[rs]  # cells without respondents: rescale to the stratum total
    return persons[chosen], rs, weight


def sample_from_truth(truth: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A further sample of the wave's design from the survey truth (`_survey_truth`): the
    rows of GEZOMONITOR (RINPERSOONS, RINPERSOON, STRATUM, WEIGHT and the answers) of the
    respondents drawn with `rng` (every respondent linkable). For validating estimators
    over repeated samples of one world (tools/validate_sae.py)."""
    in_frame = (truth["frame_stratum"] != "").to_numpy()
    persons = np.flatnonzero(in_frame)
    codes, st = np.unique(truth["frame_stratum"].to_numpy()[persons], return_inverse=True)
    n_h = np.zeros(len(codes), dtype=np.int64)
    n_h[st] = truth["stratum_sample_size"].to_numpy()[persons]
    # cells renumbered as stratum * 8 + (age band x sex within the stratum), as in _frame_of
    within = truth["frame_cell"].to_numpy()[persons] % 8
    frame = {
        "persons": persons,
        "stratum": st,
        "cell": st * 8 + within,
        "rho": truth["response_propensity"].to_numpy()[persons],
        "n_h": n_h,
    }
    resp, stratum, weight = _draw_sample(rng, frame)
    keep = ["RINPERSOONS", "RINPERSOON"] + [
        c for c in truth.columns if c.startswith(("K10_", "EENZ_")) or c == "ERVGEZ"
    ]
    out = truth.iloc[resp][keep].reset_index(drop=True)
    out.insert(2, "STRATUM", codes[stratum])
    out.insert(3, "WEIGHT", weight)
    return out
