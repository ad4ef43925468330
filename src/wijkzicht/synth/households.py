"""Households and their members: composition, ages, sex, origin and legal parents.

`_draw_households` draws a cohort of households (the baseline population or the in-movers of a
year) as dicts of arrays with local indices; `_link_children` links children to their legal
parents (adding parents living in another gemeente) and derives their origin.
"""

from __future__ import annotations

import numpy as np

from wijkzicht.synth.draw import YEAR, _categorical, _choice, _expand, _jan1
from wijkzicht.synth.geography import _p_abroad, _pick_country, _World

# Household types (internal) and the person roles within them.
T_SINGLE, T_COUPLE, T_FAMILY, T_PARENT, T_OTHER, T_INST = range(6)
MEAN_SIZE = np.array([1.0, 2.0, 3.94, 2.57, 2.65, 23.0])
R_HEAD, R_PARTNER, R_CHILD, R_OTHER, R_INST, R_OUTSIDE = range(6)
# State of a parent link in KINDOUDERTAB.
L_UNKNOWN, L_LINKED, L_UNLINKABLE = 0, 1, 2


def _draw_households(rng, w: _World, n_persons: float, year: int | None):
    """Households (H) and their members (P) as dicts of arrays with local indices.

    `year` None draws the households living in the gemeente on the first 1 January (ages refer
    to that day); otherwise households moving in during `year` (ages refer to the arrival day)."""
    inmover = year is not None
    pop = w.inflow if inmover else w.pop
    mix = w.mix.copy()
    if inmover:  # more young singles among people moving in
        mix[:, T_SINGLE] *= 1.5
        mix /= mix.sum(axis=1, keepdims=True)
    n_hh = max(1, int(round(n_persons / float(pop @ (mix @ MEAN_SIZE)))))
    wijk = rng.choice(w.n_wijk, size=n_hh, p=pop)
    typ = _categorical(rng, mix[wijk])
    H = dict(
        wijk=wijk,
        typ=typ,
        married=rng.random(n_hh) < 0.55,
        immigrant=inmover & (rng.random(n_hh) < 0.3),
        same_sex=(typ == T_COUPLE) & (rng.random(n_hh) < 0.04),
        ref=_arrival_days(rng, n_hh, year) if inmover else np.full(n_hh, w.t0),
    )
    owner, k = _expand(_household_sizes(rng, typ))
    H["head"] = np.flatnonzero(k == 0)
    H["partner"] = np.where(np.isin(typ, (T_COUPLE, T_FAMILY)), H["head"] + 1, -1)
    role = np.full(len(owner), R_OTHER)
    t = typ[owner]
    role[k == 0] = R_HEAD
    role[(k == 1) & np.isin(t, (T_COUPLE, T_FAMILY))] = R_PARTNER
    role[((t == T_FAMILY) & (k >= 2)) | ((t == T_PARENT) & (k >= 1))] = R_CHILD
    role[t == T_INST] = R_INST
    P = dict(hh=owner, role=role)
    age = _member_ages(rng, w, H, P, inmover)
    P["female"] = _member_sex(rng, H, P, age)
    P["birth"] = H["ref"][owner] - np.round(age * YEAR).astype(np.int64)
    _origins(rng, w, H, P, age)
    head_age = age[H["head"]]
    H["z"] = (
        w.income[wijk]
        + np.select(
            [typ == T_SINGLE, typ == T_COUPLE, typ == T_FAMILY, typ == T_PARENT, typ == T_OTHER],
            [-0.3, 0.5, 0.3, -0.7, -0.6],
            0.0,
        )
        + np.where(head_age < 25, -0.6, np.where(head_age >= 65, -0.1, 0.0))
        + w.g_income[H["g"]]
        + rng.normal(0, 0.85, n_hh)
    )
    return H, P


def _arrival_days(rng, n: int, year: int) -> np.ndarray:
    """Any day of the year, with a few on 1 January and on 31 December."""
    first, next_first = _jan1(year), _jan1(year + 1)
    day = first + (rng.random(n) * (next_first - first)).astype(np.int64)
    s = rng.random(n)
    return np.where(s < 0.02, first, np.where(s < 0.04, next_first - 1, day))


def _household_sizes(rng, typ: np.ndarray) -> np.ndarray:
    n = len(typ)
    n_adult = np.select(
        [typ == T_COUPLE, typ == T_FAMILY, typ == T_OTHER, typ == T_INST],
        [2, 2, 2 + _choice(rng, [0, 1, 2], [0.5, 0.35, 0.15], n), 5 + rng.poisson(18, n)],
        1,
    )
    n_kid = np.select(
        [typ == T_FAMILY, typ == T_PARENT],
        [
            _choice(rng, [1, 2, 3, 4], [0.35, 0.42, 0.17, 0.06], n),
            _choice(rng, [1, 2, 3], [0.55, 0.33, 0.12], n),
        ],
        0,
    )
    return n_adult + n_kid


def _member_ages(rng, w: _World, H: dict, P: dict, inmover: bool) -> np.ndarray:
    """Ages (years, on the household's reference day) by household type and wijk profile."""
    typ, n_hh = H["typ"], len(H["typ"])
    owner, role = P["hh"], P["role"]
    sa = w.single_age[H["wijk"]].copy()
    if inmover:
        sa[:, 0] += 0.2
        sa /= sa.sum(axis=1, keepdims=True)
    comp = _categorical(rng, sa)
    r = rng.random(n_hh)
    single = np.select(
        [comp == 0, comp == 1], [18 + 12 * r, 30 + 35 * r], 65 + 32 * rng.beta(1.3, 2.4, n_hh)
    )
    comp = rng.choice(3, size=n_hh, p=[0.4, 0.35, 0.25])
    r = rng.random(n_hh)
    couple = np.select(
        [comp == 0, comp == 1], [22 + 13 * r, 35 + 30 * r], 65 + 27 * rng.beta(1.3, 2.0, n_hh)
    )
    mother = np.clip(rng.normal(39, 6, n_hh), 23, 55)
    father = mother + np.clip(rng.normal(2.5, 3, n_hh), -4, 7)
    lone_parent = np.clip(rng.normal(40, 7, n_hh), 21, 60)
    r = rng.random(n_hh)
    housemate = np.where(rng.random(n_hh) < 0.85, 18 + 12 * r, 30 + 30 * r)
    head_age = np.select(
        [typ == T_SINGLE, typ == T_COUPLE, typ == T_FAMILY, typ == T_PARENT],
        [single, couple, father, lone_parent],
        housemate,
    )

    age = np.empty(len(owner))
    head = role == R_HEAD
    age[head] = head_age[owner[head]]
    part = role == R_PARTNER
    po = owner[part]
    age[part] = np.where(
        typ[po] == T_FAMILY, mother[po], np.maximum(18, head_age[po] + rng.normal(-1.5, 3, len(po)))
    )
    # Children: parents are 18-50 years older (mother and father both).
    kid = role == R_CHILD
    ko = owner[kid]
    fam = typ[ko] == T_FAMILY
    oldest = np.where(fam, np.maximum(mother[ko], father[ko]), lone_parent[ko])
    youngest = np.where(fam, np.minimum(mother[ko], father[ko]), lone_parent[ko])
    mum = np.where(fam, mother[ko], lone_parent[ko])
    age[kid] = np.clip(
        mum - rng.uniform(20, 40, len(ko)),
        np.maximum(oldest - 49.5, 0.0),
        np.minimum(youngest - 18.5, 24.9),
    )
    oth = role == R_OTHER
    age[oth] = np.maximum(18, head_age[owner[oth]] + rng.uniform(-3, 3, oth.sum()))
    inst = role == R_INST
    ni = int(inst.sum())
    age[inst] = np.where(
        rng.random(ni) < 0.82, 72 + 28 * rng.beta(2.2, 1.6, ni), rng.uniform(20, 65, ni)
    )
    return age


def _member_sex(rng, H: dict, P: dict, age: np.ndarray) -> np.ndarray:
    """Female or not: couples and families are a man and a woman (4% of couples same-sex)."""
    owner, role = P["hh"], P["role"]
    t = H["typ"][owner]
    u = rng.random(len(owner))
    female = np.zeros(len(owner), dtype=bool)
    head = role == R_HEAD
    p_single = np.where(age < 30, 0.5, np.where(age < 65, 0.47, 0.62))
    female[head] = np.select(
        [t[head] == T_SINGLE, t[head] == T_COUPLE, t[head] == T_FAMILY, t[head] == T_PARENT],
        [
            u[head] < p_single[head],
            H["same_sex"][owner[head]] & (u[head] < 0.5),
            False,
            u[head] < 0.82,
        ],
        u[head] < 0.5,
    )
    part = role == R_PARTNER
    female[part] = np.where(H["same_sex"][owner[part]], female[H["head"][owner[part]]], True)
    kid = role == R_CHILD
    female[kid] = u[kid] < 0.488
    oth = role == R_OTHER
    female[oth] = u[oth] < 0.5
    inst = role == R_INST
    female[inst] = u[inst] < np.where(age[inst] > 70, 0.68, 0.45)
    return female


def _origins(rng, w: _World, H: dict, P: dict, age: np.ndarray):
    """Herkomst group and country per household (by wijk; immigrants more often foreign);
    partners, housemates and residents of institutions may differ. Adults are born abroad with
    a probability by group and age; children get their origin from their parents later."""
    owner, role = P["hh"], P["role"]
    n = len(owner)
    herk = w.herk[H["wijk"]].copy()
    imm = H["immigrant"]
    herk[imm] *= np.where(np.arange(len(w.groups)) == w.nl_group, 0.4, 3.0)
    herk /= herk.sum(axis=1, keepdims=True)
    g = _categorical(rng, herk)
    c = _pick_country(rng, w, g)
    H["g"], H["c"] = g, c
    mg, mc = g[owner].copy(), c[owner].copy()
    part = role == R_PARTNER
    own_draw = _categorical(rng, herk[owner])
    nl_home = g[owner] == w.nl_group
    mixed = (part & (rng.random(n) < np.where(nl_home, 0.1, 0.2))) | np.isin(
        role, (R_OTHER, R_INST)
    )
    # A mixed partner of a migrant household is of Nederlandse herkomst; others draw their own.
    mg[mixed] = np.where(part[mixed] & ~nl_home[mixed], w.nl_group, own_draw[mixed])
    redraw = mixed & (mg != g[owner])
    mc[redraw] = _pick_country(rng, w, mg[redraw])
    adult = role != R_CHILD
    p_ab = np.where(imm[owner] & (mg != w.nl_group), 0.95, _p_abroad(w, mg, age))
    abroad = adult & (rng.random(n) < p_ab)
    gen = np.where(abroad, 1, np.where(mg != w.nl_group, 2, 0))
    P["abroad"] = abroad
    P["bcountry"] = np.where(abroad, mc, w.nl)
    P["hcountry"] = np.where(mg == w.nl_group, w.nl, mc)
    P["gen"] = gen
    u = rng.random(n)
    P["n_ab"] = np.where(
        gen == 1, np.where(u < 0.9, 2, 1), np.where(gen == 2, np.where(u < 0.65, 2, 1), 0)
    )
    P["group"] = mg


def _new_persons(n: int, **values) -> dict:
    """Person arrays for `n` new persons; unspecified fields get their neutral value."""
    base = dict(
        hh=np.full(n, -1),
        role=np.full(n, R_CHILD),
        female=np.zeros(n, bool),
        birth=np.zeros(n, np.int64),
        abroad=np.zeros(n, bool),
        bcountry=np.zeros(n, np.int64),
        hcountry=np.zeros(n, np.int64),
        gen=np.zeros(n, np.int64),
        n_ab=np.zeros(n, np.int64),
        group=np.zeros(n, np.int64),
    )
    base.update(values)
    return base


def _append(P: dict, Q: dict) -> dict:
    return {k: np.concatenate([P[k], Q[k]]) for k in P}


def _link_children(rng, w: _World, H: dict, P: dict) -> dict:
    """Legal parents of the children: the household's adults, a parent living in another
    gemeente (one-parent households, a few stepfamilies), unknown, or not linkable ('I'/'S').

    Adds the parents elsewhere as persons (role R_OUTSIDE) and derives the children's origin
    from their parents' countries of birth. Returns the extended person dict."""
    kid = np.flatnonzero(P["role"] == R_CHILD)
    h = P["hh"][kid]
    typ = H["typ"][h]
    head_f = P["female"][H["head"][h]]
    fa = np.where(typ == T_FAMILY, H["head"][h], np.where(head_f, -1, H["head"][h]))
    mo = np.where(typ == T_FAMILY, H["partner"][h], np.where(head_f, H["head"][h], -1))

    u = rng.random(len(H["typ"]))
    need_outside = ((H["typ"] == T_PARENT) & (u < 0.5)) | ((H["typ"] == T_FAMILY) & (u < 0.03))
    unlinkable = (((H["typ"] == T_PARENT) & (u >= 0.88)) | ((H["typ"] == T_FAMILY) & (u >= 0.99)))[
        h
    ]
    unknown_mother = ((H["typ"] == T_FAMILY) & (rng.random(len(H["typ"])) < 0.003))[h]
    P, outside_of = _outside_parents(rng, w, H, P, kid, need_outside)

    o = outside_of[h]
    o_female = (o >= 0) & P["female"][np.maximum(o, 0)]
    fa = np.where((o >= 0) & ~o_female, o, fa)
    mo = np.where(o_female, o, mo)
    fa_state = np.where(fa >= 0, L_LINKED, L_UNKNOWN)
    mo_state = np.where(mo >= 0, L_LINKED, L_UNKNOWN)
    fa_unl = unlinkable & ((fa < 0) | (typ == T_FAMILY))
    fa, fa_state = np.where(fa_unl, -1, fa), np.where(fa_unl, L_UNLINKABLE, fa_state)
    mo_state = np.where(unlinkable & (mo < 0), L_UNLINKABLE, mo_state)
    mo, mo_state = np.where(unknown_mother, -1, mo), np.where(unknown_mother, L_UNKNOWN, mo_state)

    n = len(P["hh"])
    P["fa"], P["mo"] = np.full(n, -1), np.full(n, -1)
    P["fa_state"], P["mo_state"] = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    P["fa"][kid], P["mo"][kid], P["fa_state"][kid], P["mo_state"][kid] = fa, mo, fa_state, mo_state

    # Children born abroad: in immigrant households, and some older children of migrants.
    kid_age = (H["ref"][h] - P["birth"][kid]) / YEAR
    first_gen = P["gen"][H["head"][h]] == 1
    p_abroad = np.where(H["immigrant"][h], 0.8, np.where(first_gen & (kid_age > 12), 0.3, 0.0))
    _derive_child_origin(rng, w, P, kid, H["g"][h], H["c"][h], rng.random(len(kid)) < p_abroad)
    return P


def _outside_parents(rng, w: _World, H: dict, P: dict, kid: np.ndarray, need: np.ndarray):
    """One parent living in another gemeente for each household in `need`: the other sex than
    the resident parent, 18-50 years older than every child, of the household's origin."""
    n_hh = len(H["typ"])
    h = P["hh"][kid]
    age = (H["ref"][h] - P["birth"][kid]) / YEAR
    kmin, kmax = np.full(n_hh, np.inf), np.full(n_hh, -np.inf)
    np.minimum.at(kmin, h, age)
    np.maximum.at(kmax, h, age)
    oh = np.flatnonzero(need & np.isfinite(kmin))
    resident = np.where(H["typ"][oh] == T_FAMILY, H["partner"][oh], H["head"][oh])
    female = ~P["female"][resident]
    o_age = (
        (H["ref"][oh] - P["birth"][resident]) / YEAR
        + np.where(female, -2.0, 2.0)
        + rng.normal(0, 3, len(oh))
    )
    o_age = np.clip(o_age, kmax[oh] + 18.5, kmin[oh] + 49.5)
    g, c = H["g"][oh], H["c"][oh]
    abroad = rng.random(len(oh)) < _p_abroad(w, g, o_age)
    gen = np.where(abroad, 1, np.where(g != w.nl_group, 2, 0))
    Q = _new_persons(
        len(oh),
        role=np.full(len(oh), R_OUTSIDE),
        female=female,
        birth=H["ref"][oh] - np.round(o_age * YEAR).astype(np.int64),
        abroad=abroad,
        bcountry=np.where(abroad, c, w.nl),
        hcountry=np.where(g == w.nl_group, w.nl, c),
        gen=gen,
        n_ab=np.where(gen == 1, 2, np.where(gen == 2, 1, 0)),
        group=g,
    )
    outside_of = np.full(n_hh, -1)
    outside_of[oh] = len(P["hh"]) + np.arange(len(oh))
    return _append(P, Q), outside_of


def _derive_child_origin(
    rng,
    w: _World,
    P: dict,
    kid: np.ndarray,
    g: np.ndarray,
    c: np.ndarray,
    may_be_abroad: np.ndarray,
):
    """GBAGENERATIE, GBAHERKOMSTLAND and GBAAANTALOUDERSBUITENLAND from the parents' countries of
    birth (2022 classification: the mother's country if she was born abroad, else the father's);
    a parent not in the data is imputed from the household's origin."""
    imputed = rng.random((2, len(kid))) < _p_abroad(w, g, np.full(len(kid), 40.0))[None, :]
    out = []
    for j, key in enumerate(("fa", "mo")):
        p = P[key][kid]
        known = p >= 0
        ab = np.where(known, P["abroad"][np.maximum(p, 0)], imputed[j])
        cc = np.where(known, P["bcountry"][np.maximum(p, 0)], c)
        ab &= cc != w.nl
        out.append((ab, cc))
    (fa_ab, fa_c), (mo_ab, mo_c) = out
    n_ab = fa_ab.astype(np.int64) + mo_ab
    her = np.where(mo_ab, mo_c, np.where(fa_ab, fa_c, w.nl))
    abroad = may_be_abroad & (n_ab > 0)
    P["abroad"][kid] = abroad
    P["bcountry"][kid] = np.where(abroad, her, w.nl)
    P["hcountry"][kid] = her
    P["gen"][kid] = np.where(abroad, 1, np.where(n_ab > 0, 2, 0))
    P["n_ab"][kid] = n_ab
    P["group"][kid] = w.country_group[her]
