"""What happens to a cohort of households over the years, and the spells it leaves behind.

Placement at a first address, moves (within the gemeente, out, abroad), deaths, births and
children leaving home; the result is the person address spells and household spells of the
cohort (`_cohort_dynamics`, `_inmover_cohort`).
"""

from __future__ import annotations

import numpy as np

from wijkzicht.synth.draw import NEVER, OPEN, YEAR, _expand, _group_first, _jan1, _year_of
from wijkzicht.synth.geography import _choose_buurt, _World
from wijkzicht.synth.households import (
    L_LINKED,
    R_CHILD,
    R_INST,
    R_OUTSIDE,
    T_COUPLE,
    T_FAMILY,
    T_INST,
    T_PARENT,
    T_SINGLE,
    _append,
    _derive_child_origin,
    _draw_households,
    _link_children,
    _new_persons,
)
from wijkzicht.synth.objects import _Objects, _pick_inside, _pick_outside, _pick_wijk


def _place_households(rng, w: _World, objs: _Objects | None, H: dict, P: dict, inmover: bool):
    """First address spell of each household (and a previous one outside for domestic in-movers)."""
    n_hh = len(H["typ"])
    buurt = _choose_buurt(rng, w, H["wijk"])
    H["buurt"] = buurt
    head_age = (H["ref"] - P["birth"][H["head"]]) / YEAR
    if not inmover:
        # Residence duration before the first year, longer for older households.
        mean = np.select([head_age < 25, head_age < 35, head_age < 55], [2.0, 4.0, 9.0], 15.0)
        dur = np.minimum(rng.exponential(mean), np.maximum(head_age - 18, 0.1))
        dur = np.where(H["typ"] == T_INST, rng.uniform(0, 3, n_hh), dur)
        H["s0"] = w.t0 - 1 - np.round(dur * YEAR).astype(np.int64)
        H["prior_start"] = np.full(n_hh, NEVER)
        H["prior_obj"] = np.full(n_hh, -1)
        return
    H["s0"] = H["ref"].copy()
    H["obj0"] = _pick_inside(rng, objs, buurt, H["ref"])
    domestic = ~H["immigrant"]
    H["prior_start"] = np.where(domestic, H["ref"] - rng.integers(180, 4000, n_hh), NEVER)
    H["prior_obj"] = np.where(domestic, _pick_outside(rng, w, objs, n_hh), -1)


def _assign_baseline_objects(objs: _Objects, H: dict):
    """Baseline households get distinct old-stock objects within their buurt."""
    order = np.argsort(H["buurt"], kind="stable")
    b = H["buurt"][order]
    rank = np.arange(len(b)) - np.searchsorted(b, b)
    obj = np.empty(len(b), dtype=np.int64)
    obj[order] = objs.start[b] + rank
    H["obj0"] = obj


def _moves(rng, w: _World, objs: _Objects, H: dict, P: dict):
    """Moves of whole households after their start: within the gemeente, out, or abroad.

    Returns the household address spells (h, start, end, obj) sorted by household and start."""
    n_hh = len(H["typ"])
    start = np.maximum(H["ref"], w.t0)
    head_age = (start - P["birth"][H["head"]]) / YEAR
    rate = np.select(
        [head_age < 25, head_age < 35, head_age < 45, head_age < 65], [0.32, 0.20, 0.11, 0.07], 0.04
    )
    rate = rate * w.move[H["wijk"]] * np.where(H["typ"] == T_INST, 0.0, 1.0)
    span = (w.t1 - start + 1).astype(float)
    n_ev = rng.poisson(rate * span / YEAR)
    h, _ = _expand(n_ev)
    day = start[h] + (rng.random(len(h)) * span[h]).astype(np.int64)
    # Some moves fall exactly on 1 January or 31 December.
    s = rng.random(len(h))
    y = _year_of(day)
    day = np.where(s < 0.015, _jan1(y), np.where(s < 0.03, _jan1(y + 1) - 1, day))
    keep = (day > H["s0"][h]) & (day >= w.t0)  # in-movers move again only after arriving
    h, day = h[keep], day[keep]
    order = np.lexsort((day, h))
    h, day = h[order], day[order]
    young = head_age[h] < 25
    u = rng.random(len(h))
    kind = np.where(
        u < np.where(young, 0.45, 0.62), 0, np.where(u < np.where(young, 0.9, 0.92), 1, 2)
    )
    # Nothing after the first move out of the gemeente (or abroad).
    out = kind > 0
    cum = np.cumsum(out)
    first = _group_first(h)
    base = np.maximum.accumulate(np.where(first, np.arange(len(h)), 0))
    out_before = cum - out - (cum[base] - out[base])
    keep = out_before == 0
    h, day, kind = h[keep], day[keep], kind[keep]

    # Destinations.
    same = rng.random(len(h)) < 0.4
    fam = np.isin(H["typ"][h], (T_FAMILY, T_PARENT))
    dest_w = np.where(same, H["wijk"][h], _pick_wijk(rng, w, H["z"][h], fam, young[keep], w.pop))
    obj = np.where(kind == 0, _pick_inside(rng, objs, _choose_buurt(rng, w, dest_w), day), -1)
    obj = np.where(kind == 1, _pick_outside(rng, w, objs, len(h)), obj)

    H["emig"] = np.full(n_hh, NEVER)
    H["emig"][h[kind == 2]] = day[kind == 2]
    H["out"] = np.full(n_hh, NEVER)
    np.minimum.at(H["out"], h[kind > 0], day[kind > 0])

    # Household address spells: [prior], first spell, one per move; each ends the day before the
    # next starts; the emigration "spell" only closes the previous one.
    pri = np.flatnonzero(H["prior_obj"] >= 0)
    hs = np.concatenate([pri, np.arange(n_hh), h])
    ss = np.concatenate([H["prior_start"][pri], H["s0"], day])
    so = np.concatenate([H["prior_obj"][pri], H["obj0"], obj])
    order = np.lexsort((ss, hs))  # stable: a same-day prior/first/move keeps this order
    hs, ss, so = hs[order], ss[order], so[order]
    last = np.ones(len(hs), dtype=bool)
    last[:-1] = hs[1:] != hs[:-1]
    se = np.where(last, OPEN, np.roll(ss, -1) - 1)
    keep = (so >= 0) & (se >= ss)
    return dict(h=hs[keep], start=ss[keep], end=se[keep], obj=so[keep])


def _deaths(rng, w: _World, H: dict, P: dict, since: np.ndarray):
    """Death day of every person (NEVER when alive at the end of the last year)."""
    age = (since - P["birth"]) / YEAR
    hazard = np.exp(-10.3 + 0.094 * np.maximum(age, 0)) * np.where(P["role"] == R_INST, 2.0, 1.0)
    t = since + np.round(rng.exponential(1.0 / hazard) * YEAR).astype(np.int64)
    return np.where(t <= w.t1, np.maximum(t, since), NEVER)


def _births(rng, w: _World, H: dict, P: dict) -> dict:
    """Children born into couples during the years; the first birth turns a couple into a family."""
    n0 = len(P["hh"])
    cand = np.flatnonzero(np.isin(H["typ"], (T_COUPLE, T_FAMILY)) & ~H["same_sex"])
    mother = H["partner"][cand]
    father = H["head"][cand]
    lo = np.maximum(H["ref"][cand], w.t0)
    hi = np.minimum.reduce([np.full(len(cand), w.t1), H["emig"][cand] - 1, P["death"][mother]])
    mid_age = ((lo + hi) / 2 - P["birth"][mother]) / YEAR
    rate = 0.13 * np.exp(-(((mid_age - 32) / 6) ** 2))
    n_b = np.minimum(rng.poisson(rate * np.maximum(hi - lo, 0) / YEAR), 2)
    i, _ = _expand(n_b)
    day = lo[i] + (rng.random(len(i)) * (hi[i] - lo[i] + 1)).astype(np.int64)
    ma = (day - P["birth"][mother[i]]) / YEAR
    fa_age = (day - P["birth"][father[i]]) / YEAR
    ok = (ma >= 18) & (ma < 50) & (fa_age >= 18) & (fa_age < 50)
    i, day = i[ok], day[ok]
    h = cand[i]
    Q = _new_persons(len(h), hh=h, female=rng.random(len(h)) < 0.488, birth=day)
    Q["death"] = np.full(len(h), NEVER)
    Q["fa"], Q["mo"] = H["head"][h], H["partner"][h]
    Q["fa_state"] = np.full(len(h), L_LINKED)
    Q["mo_state"] = np.full(len(h), L_LINKED)
    P = _append(P, Q)
    _derive_child_origin(
        rng, w, P, n0 + np.arange(len(h)), H["g"][h], H["c"][h], np.zeros(len(h), bool)
    )
    H["first_birth"] = np.full(len(H["typ"]), NEVER)
    np.minimum.at(H["first_birth"], h, day)
    return P


def _leaving_home(rng, w: _World, objs: _Objects, H: dict, P: dict):
    """Adult children leave the parental home for a place of their own (in or outside the gemeente)."""
    kid = np.flatnonzero(P["role"] == R_CHILD)
    h = P["hh"][kid]
    b18 = P["birth"][kid] + np.round(18 * YEAR).astype(np.int64)
    t0 = np.maximum(np.maximum(H["ref"][h], w.t0), b18)
    leave = t0 + np.round(rng.exponential(1 / 0.18, len(kid)) * YEAR).astype(np.int64)
    ok = (leave <= w.t1) & (leave < H["out"][h]) & (leave < P["death"][kid])
    kid, leave = kid[ok], leave[ok]
    P["leave"] = np.full(len(P["hh"]), NEVER)
    P["leave"][kid] = leave
    inside = rng.random(len(kid)) < 0.65
    z = -0.5 + rng.normal(0, 0.8, len(kid))
    wijk = _pick_wijk(rng, w, z, np.zeros(len(kid), bool), np.ones(len(kid), bool), w.pop)
    obj = np.where(
        inside,
        _pick_inside(rng, objs, _choose_buurt(rng, w, wijk), leave),
        _pick_outside(rng, w, objs, len(kid)),
    )
    return dict(pid=kid, start=leave, obj=obj, wijk=np.where(inside, wijk, -1), z=z)


def _cohort_dynamics(rng, w: _World, objs: _Objects, H: dict, P: dict) -> dict:
    """Moves, deaths, births and leaving home of one cohort of households.

    Returns dict with P (persons), H (households incl. own households of leavers and parents
    elsewhere), S (person address spells) and HS (household spells), all with local indices."""
    hsp = _moves(rng, w, objs, H, P)
    since = np.where(P["hh"] >= 0, np.maximum(H["ref"][np.maximum(P["hh"], 0)], w.t0), w.t0)
    P["death"] = _deaths(rng, w, H, P, since)
    P = _births(rng, w, H, P)
    lv = _leaving_home(rng, w, objs, H, P)
    S, HS, H = _person_spells(rng, w, objs, H, P, hsp, lv)
    return dict(P=P, H=H, S=S, HS=HS)


def _inmover_cohort(rng, w: _World, objs: _Objects, n_persons: float, year: int) -> dict:
    H, P = _draw_households(rng, w, n_persons, year)
    P = _link_children(rng, w, H, P)
    _place_households(rng, w, objs, H, P, inmover=True)
    return _cohort_dynamics(rng, w, objs, H, P)


def _person_spells(rng, w: _World, objs: _Objects, H: dict, P: dict, hsp: dict, lv: dict):
    """Address spells (S) and household spells (HS) of every person of a cohort; returns the
    households extended with the own households of leavers and of parents elsewhere."""
    members = np.flatnonzero(P["hh"] >= 0)
    o_pid = np.flatnonzero(P["role"] == R_OUTSIDE)
    o_start = np.maximum(
        P["birth"][o_pid] + np.round(18 * YEAR).astype(np.int64),
        w.t0 - rng.integers(0, 15 * 365, len(o_pid)),
    )
    o_obj = _pick_outside(rng, w, objs, len(o_pid))
    S = _address_spells(P, hsp, len(H["typ"]), members, lv, o_pid, o_start, o_obj)
    z_outside = rng.normal(-0.1, 0.9, len(o_pid))
    H = _own_households(w, H, P, hsp, lv, o_pid, o_start, z_outside)
    HS = _household_spells(H, P, members)
    return S, HS, H


def _address_spells(P, hsp, n_hh, members, lv, o_pid, o_start, o_obj) -> dict:
    """Members follow their household's address spells between birth and death or leaving home;
    leavers and parents elsewhere have one spell of their own."""
    birth, death, leave = P["birth"], P["death"], P["leave"]
    counts = np.bincount(hsp["h"], minlength=n_hh)
    first = np.cumsum(counts) - counts
    owner, within = _expand(counts[P["hh"][members]])
    pid = members[owner]
    si = first[P["hh"][pid]] + within
    pid = np.concatenate([pid, lv["pid"], o_pid])
    start = np.concatenate(
        [np.maximum(hsp["start"][si], birth[pid[: len(si)]]), lv["start"], o_start]
    )
    end = np.concatenate(
        [
            np.minimum.reduce([hsp["end"][si], death[pid[: len(si)]], leave[pid[: len(si)]] - 1]),
            np.minimum(death[lv["pid"]], OPEN),
            np.minimum(death[o_pid], OPEN),
        ]
    )
    obj = np.concatenate([hsp["obj"][si], lv["obj"], o_obj])
    keep = start <= end
    order = np.lexsort((start[keep], pid[keep]))
    return dict(
        pid=pid[keep][order], start=start[keep][order], end=end[keep][order], obj=obj[keep][order]
    )


def _own_households(w: _World, H, P, hsp, lv, o_pid, o_start, z_outside) -> dict:
    """Append one-person households for leavers and parents elsewhere; set P['own_hh']."""
    n_hh0 = len(H["typ"])
    new_head = np.concatenate([lv["pid"], o_pid])
    n_new = len(new_head)
    own = np.full(len(P["hh"]), -1)
    own[new_head] = n_hh0 + np.arange(n_new)
    P["own_hh"] = own
    P["hh"] = np.where(P["role"] == R_OUTSIDE, own, P["hh"])
    ext = dict(
        wijk=np.concatenate([lv["wijk"], np.full(len(o_pid), -1)]),
        typ=np.full(n_new, T_SINGLE),
        married=np.zeros(n_new, bool),
        immigrant=np.zeros(n_new, bool),
        g=P["group"][new_head],
        c=P["hcountry"][new_head],
        z=np.concatenate([lv["z"], z_outside]),
        ref=np.full(n_new, w.t0),
        head=new_head,
        partner=np.full(n_new, -1),
        same_sex=np.zeros(n_new, bool),
        s0=np.concatenate([lv["start"], o_start]),
        first_birth=np.full(n_new, NEVER),
        emig=np.full(n_new, NEVER),
        out=np.full(n_new, NEVER),
    )
    out = {k: np.concatenate([H[k], ext[k]]) for k in ext}
    # A household is formed on the start of its first address spell.
    formed = np.full(n_hh0, NEVER)
    np.minimum.at(formed, hsp["h"], hsp["start"])
    out["formed"] = np.concatenate([np.where(formed < NEVER, formed, H["s0"]), ext["s0"]])
    return out


def _household_spells(H, P, members) -> dict:
    """Membership of the first household (split at a couple's first birth, which makes it a
    family), ending at death, leaving home or emigration; then the own household, if any."""
    birth, death, leave = P["birth"], P["death"], P["leave"]
    pid = members
    h = P["hh"][pid]
    a = np.maximum(H["formed"][h], birth[pid])
    b = np.minimum.reduce([death[pid], leave[pid] - 1, H["emig"][h] - 1, np.full(len(pid), OPEN)])
    fb = H["first_birth"][h]
    couple = H["typ"][h] == T_COUPLE
    split = couple & (fb > a) & (fb <= b)
    typ = np.where(couple & (fb <= a), T_FAMILY, H["typ"][h])
    own = np.flatnonzero(P["own_hh"] >= 0)
    oh = P["own_hh"][own]
    hs = dict(
        pid=np.concatenate([pid, pid[split], own]),
        hh=np.concatenate([h, h[split], oh]),
        start=np.concatenate([a, fb[split], H["s0"][oh]]),
        end=np.concatenate([np.where(split, fb - 1, b), b[split], np.minimum(death[own], OPEN)]),
        typ=np.concatenate([typ, np.full(split.sum(), T_FAMILY), np.full(len(own), T_SINGLE)]),
    )
    keep = hs["start"] <= hs["end"]
    return {k: v[keep] for k, v in hs.items()}
