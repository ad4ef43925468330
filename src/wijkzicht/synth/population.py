"""The whole population: baseline and yearly in-mover cohorts merged, with person numbers.

`_simulate_population` keeps the population near `n_residents` on every 1 January, merges the
cohorts into global indices, assigns RINPERSOON numbers, links adults to parents and sets the
data-quality edge cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkzicht.synth.cohorts import (
    _assign_baseline_objects,
    _cohort_dynamics,
    _inmover_cohort,
    _place_households,
)
from wijkzicht.synth.draw import _age, _jan1, _rng, _year_of
from wijkzicht.synth.geography import _World
from wijkzicht.synth.households import (
    L_LINKED,
    L_UNKNOWN,
    R_HEAD,
    R_INST,
    R_OTHER,
    R_OUTSIDE,
    R_PARTNER,
    _draw_households,
    _link_children,
)
from wijkzicht.synth.objects import _build_objects, _Objects


@dataclass
class _Population:
    P: dict  # persons (global index = pid)
    H: dict  # households
    S: dict  # address spells, sorted by pid and start
    HS: dict  # household spells
    objs: _Objects
    rin: np.ndarray  # RINPERSOON per pid
    spare: np.ndarray  # further unique numbers for keys that are not 'R'
    used: int = 0

    def take_spare(self, n: int) -> np.ndarray:
        """Fresh RINPERSOON numbers for unlinkable keys (never a person's own number)."""
        out = self.spare[self.used : self.used + n]
        if len(out) < n:
            raise RuntimeError("ran out of spare person numbers")
        self.used += n
        return out


def _residents_on(S: dict, objs: _Objects, day) -> int:
    return int(((S["start"] <= day) & (S["end"] >= day) & objs.inside[S["obj"]]).sum())


def _merge(cohorts: list[dict]) -> tuple[dict, dict, dict, dict]:
    """Concatenate cohorts, shifting person and household indices; spells sorted by person."""
    parts = {"P": [], "H": [], "S": [], "HS": []}
    p_off = h_off = 0
    for i, c in enumerate(cohorts):
        p, h = dict(c["P"]), dict(c["H"])
        for k in ("fa", "mo", "own_hh"):
            p[k] = np.where(p[k] >= 0, p[k] + (h_off if k == "own_hh" else p_off), -1)
        p["hh"] = p["hh"] + h_off
        p["cohort"] = np.full(len(p["hh"]), i)
        h["head"] = h["head"] + p_off
        h["partner"] = np.where(h["partner"] >= 0, h["partner"] + p_off, -1)
        parts["P"].append(p)
        parts["H"].append(h)
        parts["S"].append(dict(c["S"], pid=c["S"]["pid"] + p_off))
        parts["HS"].append(dict(c["HS"], pid=c["HS"]["pid"] + p_off, hh=c["HS"]["hh"] + h_off))
        p_off += len(p["hh"])
        h_off += len(h["typ"])
    out = {
        name: {k: np.concatenate([d[k] for d in ds]) for k in ds[0]} for name, ds in parts.items()
    }
    for name in ("S", "HS"):
        order = np.lexsort((out[name]["start"], out[name]["pid"]))
        out[name] = {k: v[order] for k, v in out[name].items()}
    return out["P"], out["H"], out["S"], out["HS"]


def _simulate_population(w: _World) -> _Population:
    """Baseline households, then each year the in-movers needed to keep the population stable."""
    rng = _rng(w.seed, "baseline")
    H, P = _draw_households(rng, w, w.n, None)
    P = _link_children(rng, w, H, P)
    _place_households(rng, w, None, H, P, inmover=False)
    objs = _build_objects(
        _rng(w.seed, "objects"), w, np.bincount(H["buurt"], minlength=w.n_inside_buurt)
    )
    _assign_baseline_objects(objs, H)
    cohorts = [_cohort_dynamics(rng, w, objs, H, P)]
    for y in w.years:
        # In-movers of year y fill the gap left on 1 January of y+1 (some leave again first).
        resident = sum(_residents_on(c["S"], objs, _jan1(y + 1)) for c in cohorts)
        n_in = max((w.n - resident) / 0.95, 0.03 * w.n)
        cohorts.append(_inmover_cohort(_rng(w.seed, "inmovers", y), w, objs, n_in, y))
    P, H, S, HS = _merge(cohorts)

    rng = _rng(w.seed, "keys")
    n_p = len(P["hh"])
    numbers = rng.choice(10**9, size=n_p + max(2000, n_p // 5), replace=False)
    rin = np.strings.zfill(numbers.astype("U9"), 9)
    pop = _Population(P=P, H=H, S=S, HS=HS, objs=objs, rin=rin[:n_p], spare=rin[n_p:])
    _adult_parent_links(_rng(w.seed, "adult-links"), w, pop)
    _quality_flags(_rng(w.seed, "quality"), pop)
    return pop


def _adult_parent_links(rng, w: _World, pop: _Population):
    """Parent links of adults born in the Netherlands, to older persons of the right country of
    birth (so that GBAGENERATIE and GBAHERKOMSTLAND stay consistent with the linked parents)."""
    P = pop.P
    n = len(P["hh"])
    age = _age(P["birth"], w.t0)
    nc = len(w.country_code)
    by = _year_of(P["birth"])
    eligible = (
        np.isin(P["role"], (R_HEAD, R_PARTNER, R_OTHER))
        & (P["gen"] != 1)
        & (P["fa_state"] == L_UNKNOWN)
        & (P["mo_state"] == L_UNKNOWN)
    )
    p_link = np.where(age < 40, 0.5, np.where(age < 65, 0.3, 0.05))
    kids = np.flatnonzero(eligible & (rng.random(n) < p_link))
    pool = np.flatnonzero(np.isin(P["role"], (R_HEAD, R_PARTNER, R_OTHER, R_INST, R_OUTSIDE)))
    pool_key = (P["female"][pool] * nc + P["bcountry"][pool]) * 10_000 + by[pool]
    order = np.argsort(pool_key, kind="stable")
    pool, pool_key = pool[order], pool_key[order]
    gen2 = P["gen"][kids] == 2
    for key, female, oldest in (("mo", 1, 45), ("fa", 0, 50)):
        if key == "mo":
            country = np.where(gen2, P["hcountry"][kids], w.nl)
        else:
            country = np.where(gen2 & (P["n_ab"][kids] == 2), P["hcountry"][kids], w.nl)
        base = (female * nc + country) * 10_000
        lo = np.searchsorted(pool_key, base + by[kids] - oldest, side="left")
        hi = np.searchsorted(pool_key, base + by[kids] - 20, side="right")
        at = lo + (rng.random(len(kids)) * np.maximum(hi - lo, 1)).astype(np.int64)
        # no candidate past the end of the pool (hi == lo == len(pool)): not found below
        pick = pool[np.minimum(at, len(pool) - 1)]
        found = (hi > lo) & (P["hh"][pick] != P["hh"][kids])  # not a partner or housemate
        P[key][kids[found]] = pick[found]
        P[key + "_state"][kids[found]] = L_LINKED


def _quality_flags(rng, pop: _Population):
    """Data-quality edge cases: persons missing from GBAPERSOONTAB, unknown sex or generation."""
    n = len(pop.P["hh"])
    pop.P["in_gba"] = rng.random(n) >= 0.003
    pop.P["sex_unknown"] = rng.random(n) < 0.001
    pop.P["gen_unknown"] = rng.random(n) < 0.002
