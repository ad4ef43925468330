"""Latent traits per person and the yearly health-care states they drive.

Distress, addiction, loneliness, poor general health and income, and per year: presence in the
Netherlands, age, GGZ care, psychofarmaca, addiction care and specialist GGZ (calibrated shares).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from wijkzicht.synth.draw import NEVER, YEAR, _age, _calibrate, _jan1, _rng
from wijkzicht.synth.geography import _World
from wijkzicht.synth.households import R_HEAD, R_OUTSIDE, T_INST, T_PARENT, T_SINGLE
from wijkzicht.synth.population import _Population


@dataclass
class _Traits:
    D: np.ndarray  # psychological distress (persistent)
    A: np.ndarray  # addiction propensity
    L: np.ndarray  # loneliness
    health: np.ndarray  # poor general health
    z: np.ndarray  # income latent of the person's first household
    access: np.ndarray  # log-odds shift of registered GGZ care at equal distress
    gap: np.ndarray  # herkomst group with more distress and less care
    present: np.ndarray  # (n, n_years): in the Netherlands (an address spell) in the year
    age: np.ndarray  # (n, n_years): age on 1 January
    Dt: np.ndarray  # (n, n_years): distress in the year
    ggz: np.ndarray  # (n, n_years) GGZ care
    psych: np.ndarray  # (n, n_years) psychofarmaca
    addict: np.ndarray  # (n, n_years) addiction care
    spec: np.ndarray  # (n, n_years) specialist GGZ (a DBC trajectory)


def _traits(w: _World, pop: _Population) -> _Traits:
    """Persistent latent traits per person and the yearly care states they drive (calibrated to
    about 8.5% GGZ care, 12% psychofarmaca and 1% addiction care among adults)."""
    rng = _rng(w.seed, "traits")
    P, H = pop.P, pop.H
    n = len(P["hh"])
    hh = P["hh"]
    wijk = H["wijk"][hh]
    age = _age(P["birth"], _jan1(w.years[len(w.years) // 2]))
    female = P["female"]
    group = w.country_group[P["hcountry"]]
    gap = w.gap[group]
    single = np.isin(H["typ"][hh], (T_SINGLE, T_INST))
    lone_parent = (H["typ"][hh] == T_PARENT) & (P["role"] == R_HEAD)
    shared = rng.normal(0, 1, len(H["typ"]))  # a household component shared by parents and children
    z = H["z"][hh]
    D = (
        0.45 * shared[hh]
        + 0.75 * rng.normal(0, 1, n)
        + np.where(wijk >= 0, w.distress[np.maximum(wijk, 0)], 0.0)
        - 0.3 * z
        + 0.15 * female
        + np.select([age < 30, age < 45, age < 65, age < 75], [0.15, 0.0, 0.05, -0.1], 0.0)
        + w.g_distress[group]
        + 0.25 * lone_parent
        + 0.1 * single
        + 0.2 * (P["role"] == R_OUTSIDE)
    )
    A = rng.normal(0, 1, n)
    L = (
        0.4 * D
        + 0.5 * single
        + 0.35 * (age >= 75)
        + 0.2 * (age < 25)
        + 0.2 * gap
        + rng.normal(0, 0.9, n)
    )
    health = 0.025 * (age - 45) + 0.35 * D - 0.2 * z + rng.normal(0, 0.8, n)
    access = w.g_access[group]

    # In the Netherlands in a year: an address spell overlapping the year.
    first = np.full(n, NEVER)
    last = np.full(n, -NEVER)
    np.minimum.at(first, pop.S["pid"], pop.S["start"])
    np.maximum.at(last, pop.S["pid"], pop.S["end"])
    jan1 = w.jan1s
    dec31 = _jan1(np.array(w.years) + 1) - 1
    present = (first[:, None] <= dec31[None, :]) & (last[:, None] >= jan1[None, :])
    age_t = ((jan1[None, :] - P["birth"][:, None]) / YEAR).astype(np.float32)
    Dt, ggz, psych, addict, spec = _care(rng, D, A, access, female, age_t, present)
    return _Traits(
        D=D,
        A=A,
        L=L,
        health=health,
        z=z,
        access=access,
        gap=gap,
        present=present,
        age=age_t,
        Dt=Dt,
        ggz=ggz,
        psych=psych,
        addict=addict,
        spec=spec,
    )


def _care(
    rng, D, A, access, female, age_t, present, calibrate_on: int | None = None
) -> tuple[np.ndarray, ...]:
    """Yearly distress and care states from the persistent traits: distress `D`, addiction
    propensity `A`, care access `access` and `female` per person (n,), age on 1 January `age_t`
    and presence `present` per person and year (n, n_years). Returns (Dt, ggz, psych, addict,
    spec), each (n, n_years), calibrated among adults present to about 8.5% GGZ care, 12%
    psychofarmaca and 1% addiction care; with `calibrate_on`, on an evenly spaced sample of
    about that many adult person-years (faster for millions of persons; None: all of them)."""
    n, ny = age_t.shape

    def _calibrate_adults(score, target):
        s = score[adult]
        step = 1 if calibrate_on is None else max(1, len(s) // calibrate_on)
        return _calibrate(s[::step], target)

    Dt = 0.85 * D[:, None] + 0.5 * rng.normal(0, 1, (n, ny))
    adult = present & (age_t >= 18)
    child = present & (age_t >= 0) & (age_t < 18)

    score = 1.6 * Dt + access[:, None]
    ggz = rng.random((n, ny)) < expit(score + _calibrate_adults(score, 0.085))
    ggz &= adult
    ggz |= child & (rng.random((n, ny)) < 0.004)

    score = (
        0.6 * D[:, None]
        + 1.5 * A[:, None]
        + 0.5 * (~female)[:, None]
        + 0.2 * ((age_t >= 25) & (age_t < 55))
    )
    addict = adult & (rng.random((n, ny)) < expit(score + _calibrate_adults(score, 0.010)))
    ggz |= addict & (rng.random((n, ny)) < 0.85)  # addiction care is mostly specialist GGZ

    score = (
        1.3 * Dt + 0.9 * ggz + 0.4 * (age_t >= 65) + 0.25 * female[:, None] + 0.5 * access[:, None]
    )
    psych = adult & (rng.random((n, ny)) < expit(score + _calibrate_adults(score, 0.12)))
    psych |= child & (age_t >= 6) & (rng.random((n, ny)) < expit(Dt - 4.2))

    # Specialist GGZ (a DBC trajectory): addiction, and part of the other GGZ care.
    spec = addict | (ggz & (rng.random((n, ny)) < 0.45))
    return Dt, ggz, psych, addict, spec
