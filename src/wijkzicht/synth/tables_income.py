"""Tables of income: KOPPELPERSOONHUISHOUDEN and INHATAB per year."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from wijkzicht.synth.columns import _R, _frame, _nullable_int
from wijkzicht.synth.draw import _jan1, _rng
from wijkzicht.synth.geography import _World
from wijkzicht.synth.households import R_OUTSIDE, T_INST
from wijkzicht.synth.population import _Population
from wijkzicht.synth.traits import _Traits


def _t_income(w: _World, pop: _Population, tr: _Traits) -> dict:
    """KOPPELPERSOONHUISHOUDEN (person -> income household key, usually the household's
    reference person) and INHATAB (income and national percentile) per year."""
    P, H = pop.P, pop.H
    n = len(P["hh"])
    tables = {}
    no_link = _rng(w.seed, "income-nolink").random(n) < 0.01
    for j, y in enumerate(w.years):
        rng = _rng(w.seed, "income", y)
        ref = _jan1(y)
        own = (P["own_hh"] >= 0) & (P["leave"] <= ref)
        hh = np.where(own | (P["role"] == R_OUTSIDE), P["own_hh"], P["hh"])
        pids = np.flatnonzero(
            tr.present[:, j]
            & (H["typ"][hh] != T_INST)
            & ~no_link
            & (P["birth"] <= _jan1(y + 1) - 1)
        )
        h = hh[pids]
        # The key person: the head, or the partner when the head has died.
        head, partner = H["head"][h], H["partner"][h]
        head_dead = P["death"][head] < ref
        key = np.where(head_dead & (partner >= 0), partner, head)
        tables[f"KOPPELPERSOONHUISHOUDEN{y}"] = _frame(
            {
                "RINPERSOONS": _R(len(pids)),
                "RINPERSOON": pop.rin[pids],
                "RINPERSOONSHKW": _R(len(pids)),
                "RINPERSOONHKW": pop.rin[key],
            }
        )
        keys, first = np.unique(key, return_index=True)
        size = np.bincount(np.searchsorted(keys, key), minlength=len(keys))
        hk = h[first]
        keep = rng.random(len(keys)) >= 0.01  # some households are missing from INHATAB
        keys, hk, size = keys[keep], hk[keep], size[keep]
        tables[f"INHATAB{y}"] = _inhatab(rng, pop.rin[keys], H["z"][hk], size)
    return tables


def _inhatab(rng, rin: np.ndarray, z: np.ndarray, size: np.ndarray) -> pd.DataFrame:
    """INHATAB rows of income households with key persons `rin`, income latent `z` (SD units)
    and `size` members: the national percentile from `z` plus noise, the disposable income in
    euro from the percentile and size; a few without income (999999999) or percentile."""
    m = len(rin)
    pct = np.clip(np.ceil(100 * ndtr(z + rng.normal(0, 0.3, m))), 1, 100).astype(np.int64)
    euro = np.round(
        np.exp(10.45 + 0.55 * ndtri((pct - 0.5) / 100)) * (1 + 0.35 * (np.minimum(size, 6) - 1))
    )
    none = rng.random(m) < 0.006
    euro = np.where(none, 999999999.0, euro)
    pct = np.where(none | (rng.random(m) < 0.01), -1, pct)
    return _frame(
        {
            "RINPERSOONSHKW": _R(m),
            "RINPERSOONHKW": rin,
            "INHBESTINKH": euro.astype(float),
            "INHP100HBEST": _nullable_int(pct, rng.random(m) < 0.005),
        }
    )
