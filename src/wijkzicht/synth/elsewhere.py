"""Persons living elsewhere: the rest of the country in the national tables of the synthetic world.

CBS tables are national whatever the gemeente, so the analysis of one gemeente reads millions of
persons who never live there. `elsewhere` yields the rows of `n` such persons for every national
table of the input contract the world writes: GBAPERSOONTAB, KINDOUDERTAB, GBAADRESOBJECTBUS,
VSLGWBTAB, GBAHUISHOUDENSBUS and per year MEDICIJNTAB, ZVWZORGKOSTENTAB,
GGZDBCTRAJECTENHOOFDDIAGTAB, KOPPELPERSOONHUISHOUDEN and INHATAB; never the gemeente's own
registrations (GEMWMOVOORZIENINGEN, GEMBUURTTEAM) nor the GGD survey (GEZOMONITOR).

They live in households at addresses in other gemeenten (about 340 synthetic gemeenten with
wijken and buurten, codes never the analysed gemeente's) for the whole period; a quarter of the
households move once, to another address elsewhere; children are born during the period. Their
parents and children, households, income households and address objects are all among
themselves, and their person, object, household and trajectory numbers never equal one of the
gemeente's tables, so nothing the gemeente's analysis can reach links to them: its measures are
the same with and without them (tests/e2e/test_region.py, whose single run has nobody
elsewhere). Care and income come from the same models as the gemeente's (`traits._care`, `tables_care`, `tables_income._inhatab`): about 8.5%
GGZ care, 12% psychofarmaca and 1% addiction care among adults, the medication prevalences by age
and sex of `tables_care._ATC`.

Made for the national size (18 million persons): vectorised per chunk of `CHUNK` persons (no loop
over persons), each chunk drawn from its own generator (`draw._rng(seed, "elsewhere", ...)`, so
the gemeente's part of the world is unchanged) and yielded table by table, so memory stays that
of one chunk. Unique numbers come from a keyed permutation of the number space (a Feistel
network with cycle walking), so they need no memory of what was drawn before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from wijkzicht.synth.columns import _R, _end_dates
from wijkzicht.synth.draw import OPEN, YEAR, _day, _expand, _jan1, _rng, _ymd
from wijkzicht.synth.geography import _countries
from wijkzicht.synth.households import T_COUPLE, T_FAMILY, T_INST, T_OTHER, T_PARENT, T_SINGLE
from wijkzicht.synth.tables_care import (
    _ATC,
    _PSY_ADULT,
    _age_band,
    _psy_chosen,
    _trajectories,
    _zvw_costs,
)
from wijkzicht.synth.tables_income import _inhatab
from wijkzicht.synth.tables_register import _PLHH, _TYPHH
from wijkzicht.synth.traits import _care

CHUNK = 1_000_000  # persons per chunk
N_GEMEENTEN = 340  # the other gemeenten
# Household types: share of households, adults, and the heads' age range on 1 January with
# the shape of a beta distribution over it (singles and couples lean old: about a fifth of
# the persons are 65 or older, as in the Netherlands).
_TYPES = (
    (T_SINGLE, 0.38, 1, (18, 95, 1.2, 1.2)),
    (T_COUPLE, 0.32, 2, (20, 90, 1.6, 1.2)),
    (T_FAMILY, 0.21, 2, (25, 55, 1.3, 1.6)),
    (T_PARENT, 0.07, 1, (22, 55, 1.3, 1.6)),
    (T_OTHER, 0.015, 3, (18, 35, 1.3, 1.6)),
    (T_INST, 0.005, 1, (70, 100, 1.3, 1.6)),
)
_KIDS = (np.array([1, 2, 3, 4]), np.array([0.45, 0.40, 0.12, 0.03]))  # children of a family
P_NL = 0.75  # households of Nederlandse herkomst
P_MOVE = 0.25  # households that move once during the period


class _Numbers:
    """Unique numbers of `digits` digits in a seeded order (a keyed permutation of 0..10^digits-1,
    taken from a cursor), never one of `exclude`."""

    def __init__(self, seed: int, label: str, digits: int, exclude: np.ndarray):
        self.digits = digits
        self.space = 10**digits
        half = (int(np.ceil(np.log2(self.space))) + 1) // 2
        self.half = np.uint64(half)
        self.mask = np.uint64(2**half - 1)
        self.keys = _rng(seed, "elsewhere", "numbers", label).integers(0, 2**32, 4, dtype=np.uint64)
        self.exclude = np.unique(np.asarray(exclude, dtype=np.int64))
        self.cursor = 0

    def _round(self, x: np.ndarray) -> np.ndarray:
        lo, hi = x & self.mask, x >> self.half
        for k in self.keys:
            f = (lo + k) * np.uint64(0x9E3779B97F4A7C15)
            f ^= f >> np.uint64(29)
            f *= np.uint64(0xBF58476D1CE4E5B9)
            f ^= f >> np.uint64(32)
            lo, hi = hi ^ (f & self.mask), lo
        return (hi << self.half) | lo

    def _permute(self, i: np.ndarray) -> np.ndarray:
        x = self._round(i)
        out = x >= self.space
        while out.any():  # cycle walking: a permutation of 0..space-1
            x[out] = self._round(x[out])
            out = x >= self.space
        return x.astype(np.int64)

    def take(self, n: int) -> np.ndarray:
        """The next `n` numbers as zero-padded strings."""
        parts, need = [], n
        while need:
            m = need + need // 50 + 64
            if self.cursor + m > self.space:
                raise RuntimeError(f"ran out of {self.digits}-digit numbers")
            x = self._permute(np.arange(self.cursor, self.cursor + m, dtype=np.uint64))
            pos = np.searchsorted(self.exclude, x)
            hit = (pos < len(self.exclude)) & (
                self.exclude[np.minimum(pos, len(self.exclude) - 1)] == x
            )
            ok = np.flatnonzero(~hit)[:need]
            self.cursor += int(ok[-1]) + 1 if len(ok) == need else m
            parts.append(x[ok])
            need -= len(ok)
        return np.strings.zfill(np.concatenate(parts).astype(f"U{self.digits}"), self.digits)


def _table(columns: dict) -> pa.Table:
    """An Arrow table from numpy arrays (no pandas in between: the padding's tables go to the
    writer as they are); NaN in a float column is missing, as in ``pa.Table.from_pandas``."""
    return pa.table(
        {
            name: pa.array(v, from_pandas=True) if v.dtype.kind == "f" else pa.array(v)
            for name, v in columns.items()
        }
    )


def _used(tables: dict[str, pd.DataFrame], columns: tuple[str, ...]) -> np.ndarray:
    """Every number in these columns of the gemeente's tables (the ones padding must avoid)."""
    out = []
    for df in tables.values():
        for c in columns:
            if c in df.columns:
                v = pd.to_numeric(df[c], errors="coerce").dropna()
                out.append(np.unique(v.to_numpy(dtype=np.int64)))
    return np.unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)


def _places(seed: int, gemeenten: list[str]) -> dict:
    """Other gemeenten with wijken and buurten (codes of 4, 6, 8 digits, never one of the
    gemeenten of the run) and the cumulative share of addresses per buurt."""
    rng = _rng(seed, "elsewhere", "places")
    own = sorted({int(g[2:]) for g in gemeenten})
    codes = rng.choice(np.setdiff1d(np.arange(1, 2000), own), N_GEMEENTEN, replace=False)
    size = rng.lognormal(0, 1.0, N_GEMEENTEN)
    n_wijk = np.clip(np.round(2 * size + 1), 1, 30).astype(np.int64)
    g_of_w, wk = _expand(n_wijk)
    n_buurt = rng.integers(1, 10, len(g_of_w))
    w_of_b, bk = _expand(n_buurt)
    g_of_b = g_of_w[w_of_b]
    gem = np.strings.zfill(codes[g_of_b].astype("U4"), 4)
    wc = np.strings.add(gem, np.strings.zfill((wk[w_of_b] + 1).astype("U2"), 2))
    bc = np.strings.add(wc, np.strings.zfill(bk.astype("U2"), 2))
    weight = size[g_of_b] / n_buurt[w_of_b] / n_wijk[g_of_b] * rng.gamma(4.0, 1.0, len(bc))
    cum = np.cumsum(weight) / weight.sum()
    cum[-1] = 1.0
    return {"gem": gem, "wc": wc, "bc": bc, "cum": cum}


def _households(rng, n: int) -> tuple[dict, dict]:
    """Households and persons of one chunk of exactly `n` persons (the last household may be
    cut short): households by type with adults and children, persons with household, role
    (adult or child) and rank in the household."""
    types = np.array([t for t, *_ in _TYPES])
    share = np.array([s for _, s, *_ in _TYPES])
    adults_of = np.array([a for *_, a, _ in _TYPES])
    n_h = n // 2 + 100
    while True:
        typ = types[rng.choice(len(types), n_h, p=share / share.sum())]
        kids = np.where(
            np.isin(typ, (T_FAMILY, T_PARENT)), rng.choice(_KIDS[0], n_h, p=_KIDS[1]), 0
        )
        adults = adults_of[np.searchsorted(types, typ)]
        adults = np.where(typ == T_OTHER, rng.integers(2, 4, n_h), adults)
        size = adults + kids
        if size.sum() >= n:
            break
        n_h *= 2
    n_h = int(np.searchsorted(np.cumsum(size), n) + 1)
    H = {"typ": typ[:n_h], "adults": adults[:n_h], "size": size[:n_h]}
    hh, rank = _expand(H["size"])
    P = {"hh": hh[:n], "rank": rank[:n]}
    P["child"] = P["rank"] >= H["adults"][P["hh"]]
    H["size"] = np.bincount(P["hh"], minlength=n_h)  # the last household may be cut short
    return H, P


def _chunk(
    seed: int, k: int, n: int, years: list[int], ctx: dict
) -> Iterator[tuple[str, pa.Table]]:
    """The rows of chunk `k` (n persons) for every national table, table by table."""
    rng = _rng(seed, "elsewhere", "chunk", k)
    t0, t1 = _day(years[0]), _day(years[-1], 12, 31)
    ny = len(years)
    H, P = _households(rng, n)
    n_h = len(H["typ"])
    hh = P["hh"]
    child = P["child"]
    head = np.flatnonzero(P["rank"] == 0)  # one per household, in household order

    # Ages on the first 1 January: heads by household type, partners near the head, children
    # younger than their parents by 17 or more (negative: born during the period).
    lo, hi, a, b = (np.array([r[i] for *_, r in _TYPES], dtype=float) for i in range(4))
    t = np.searchsorted(np.array([t for t, *_ in _TYPES]), H["typ"])
    head_age = lo[t] + (hi[t] - lo[t]) * rng.beta(a[t], b[t])
    age = np.where(
        child,
        np.minimum(rng.uniform(-ny + 0.05, 18, n), head_age[hh] - 17),
        np.maximum(head_age[hh] + rng.normal(0, 3, n) * (P["rank"] > 0), 18),
    )
    birth = (t0 - np.round(age * YEAR)).astype(np.int64)
    birth = np.minimum(birth, t1)
    # Sex: in couples and families the head a man and the partner a woman (mostly), single
    # parents mostly women.
    female = rng.random(n) < 0.5
    adult2 = ~child & (P["rank"] == 1)
    pair = np.isin(H["typ"][hh], (T_COUPLE, T_FAMILY))
    female = np.where(pair & (P["rank"] == 0), rng.random(n) < 0.1, female)
    female = np.where(pair & adult2, rng.random(n) < 0.9, female)
    female = np.where((H["typ"][hh] == T_PARENT) & (P["rank"] == 0), rng.random(n) < 0.85, female)

    # Herkomst per household; adults of non-Dutch herkomst are born abroad (60%) or born here.
    cty = ctx["countries"]
    foreign = np.flatnonzero(cty["country_group"] != cty["nl_group"])
    country = np.where(rng.random(n_h) < P_NL, cty["nl"], rng.choice(foreign, n_h))[hh]
    nl = country == cty["nl"]
    abroad = ~child & ~nl & (rng.random(n) < 0.6)
    any_abroad = np.bincount(hh, weights=abroad, minlength=n_h)[hh] > 0
    gen = np.where(nl, 0, np.where(abroad, 1, 2))
    n_ab = np.where(nl, 0, np.where(abroad | any_abroad, 2, 1))
    n_ab = np.where(~nl & ~abroad & ~child & (rng.random(n) < 0.3), 1, n_ab)
    bcountry = np.where(abroad, country, cty["nl"])

    rin = ctx["rin"].take(n)
    d = birth.astype("datetime64[D]")
    yield (
        "GBAPERSOONTAB",
        _table(
            {
                "RINPERSOONS": _R(n),
                "RINPERSOON": rin,
                "GBAGESLACHT": np.where(female, "2", "1").astype("U1"),
                "GBAGEBOORTEJAAR": (d.astype("datetime64[Y]").astype(np.int64) + 1970).astype("U4"),
                "GBAGEBOORTEMAAND": np.strings.zfill(
                    (d.astype("datetime64[M]").astype(np.int64) % 12 + 1).astype("U2"), 2
                ),
                "GBAGEBOORTELAND": cty["country_code"][bcountry],
                "GBAGENERATIE": gen.astype("U1"),
                "GBAHERKOMSTLAND": cty["country_code"][country],
                "GBAAANTALOUDERSBUITENLAND": n_ab.astype("U1"),
            }
        ),
    )

    # KINDOUDERTAB: children with the household's adults as parents (a single parent's other
    # parent unknown).
    kid = np.flatnonzero(child)
    first = np.cumsum(H["size"]) - H["size"]
    h = hh[kid]
    a, b = first[h], first[h] + 1
    has_b = H["adults"][h] >= 2
    a_f = female[a]
    mother = np.where(a_f, a, np.where(has_b, b, -1))
    father = np.where(~a_f, a, np.where(has_b & ~female[np.minimum(b, n - 1)], b, -1))
    father = np.where(father == mother, -1, father)

    def keys(p):
        return np.where(p >= 0, "R", "").astype("U1"), np.where(p >= 0, rin[np.maximum(p, 0)], "")

    fs, fr = keys(father)
    ms, mr = keys(mother)
    yield (
        "KINDOUDERTAB",
        _table(
            {
                "RINPERSOONS": _R(len(kid)),
                "RINPERSOON": rin[kid],
                "RINPERSOONSpa": fs,
                "RINPERSOONpa": fr.astype("U9"),
                "RINPERSOONSMa": ms,
                "RINPERSOONMa": mr.astype("U9"),
            }
        ),
    )

    # Addresses: every household at an object elsewhere since before the period; a quarter
    # move once during it to a second object. A person's spells start at birth at the latest.
    h_start = t0 - rng.integers(1, 20 * 365, n_h)
    moves = rng.random(n_h) < P_MOVE
    move_day = np.where(moves, t0 + rng.integers(1, t1 - t0 + 1, n_h), OPEN + 1)
    n_obj = n_h + int(moves.sum())
    obj_rin = ctx["objects"].take(n_obj)
    obj_soort = np.where(rng.random(n_obj) < 0.985, "B", "I").astype("U1")
    obj1 = np.arange(n_h)
    obj2 = np.full(n_h, -1)
    obj2[moves] = n_h + np.arange(int(moves.sum()))
    start = np.maximum(h_start[hh], birth)
    mv = move_day[hh]
    s1 = np.flatnonzero(start < mv)  # the first spell (not for a child born after the move)
    s2 = np.flatnonzero(mv <= OPEN)
    pid = np.concatenate([s1, s2])
    sp_start = np.concatenate([start[s1], np.maximum(mv[s2], start[s2])])
    sp_end = np.concatenate([np.where(mv[s1] <= OPEN, mv[s1] - 1, OPEN), np.full(len(s2), OPEN)])
    sp_obj = np.concatenate([obj1[hh[s1]], obj2[hh[s2]]])
    order = np.lexsort((sp_start, pid))
    pid, sp_start, sp_end, sp_obj = pid[order], sp_start[order], sp_end[order], sp_obj[order]
    yield (
        "GBAADRESOBJECTBUS",
        _table(
            {
                "RINPERSOONS": _R(len(pid)),
                "RINPERSOON": rin[pid],
                "GBADATUMAANVANGADRESHOUDING": _ymd(sp_start),
                "GBADATUMEINDEADRESHOUDING": _end_dates(rng, sp_end),
                "SOORTOBJECTNUMMER": obj_soort[sp_obj],
                "RINOBJECTNUMMER": obj_rin[sp_obj],
            }
        ),
    )
    places = ctx["places"]
    b = np.searchsorted(places["cum"], rng.random(n_obj), side="right")
    cols = {"SOORTOBJECTNUMMER": obj_soort, "RINOBJECTNUMMER": obj_rin}
    for y in years:
        cols[f"gem{y}"] = places["gem"][b]
        cols[f"wc{y}"] = places["wc"][b]
        cols[f"bc{y}"] = places["bc"][b]
    yield "VSLGWBTAB", _table(cols)

    # Households: one spell per person from the household's start (or birth), still running.
    hhnr = ctx["households"].take(n_h)
    married = rng.random(n_h) < 0.6
    typ = H["typ"][hh]
    typhh = np.full(n, "7", dtype="U1")
    plhh = np.full(n, "8", dtype="U1")
    for tt, (unmarried, wed) in _TYPHH.items():
        m = typ == tt
        typhh[m] = np.where(married[hh][m], wed, unmarried)
        pu, pw = _PLHH[tt]
        plhh[m] = np.where(married[hh][m], pw, pu)
    plhh[child] = "1"
    yield (
        "GBAHUISHOUDENSBUS",
        _table(
            {
                "RINPERSOONS": _R(n),
                "RINPERSOON": rin,
                "HUISHOUDNR": hhnr[hh],
                "DATUMAANVANGHH": _ymd(start),
                "DATUMEINDEHH": _end_dates(rng, np.full(n, OPEN), 0.02),
                "TYPHH": typhh,
                "PLHH": plhh,
            }
        ),
    )

    # Traits and yearly care (the gemeente's model: traits._care).
    jan1 = _jan1(years)
    age_t = ((jan1[None, :] - birth[:, None]) / YEAR).astype(np.float32)
    present = age_t >= -1  # born by the end of the year (everyone lives here all period)
    z_h = rng.normal(0, 1, n_h)
    shared = rng.normal(0, 1, n_h)
    group = cty["country_group"][country]
    age0 = age_t[:, ny // 2]
    D = (
        0.45 * shared[hh]
        + 0.75 * rng.normal(0, 1, n)
        - 0.3 * z_h[hh]
        + 0.15 * female
        + np.select([age0 < 30, age0 < 45, age0 < 65, age0 < 75], [0.15, 0.0, 0.05, -0.1], 0.0)
        + cty["g_distress"][group]
        + 0.1 * (H["typ"][hh] == T_SINGLE)
    )
    A = rng.normal(0, 1, n)
    _, ggz, psych, addict, spec = _care(
        rng, D, A, cty["g_access"][group], female, age_t, present, calibrate_on=200_000
    )

    # MEDICIJNTAB: the gemeente's prevalences by age band and sex; chronic codes persist.
    n_codes = np.zeros((n, ny), dtype=np.int64)
    rows: list[list] = [[] for _ in years]
    low_income = z_h[hh] < -0.8
    for code, chronic, sex, prev in _ATC:
        r = _rng(seed, "elsewhere", "chunk", k, "atc", code)
        persistent = r.random(n)
        factor = np.ones(n) if sex == 0 else np.where(female == (sex == 2), 1.0, 0.0)
        if code == "H03A":
            factor = np.where(female, 1.6, 0.3)
        factor = factor * np.where(low_income & (code == "A10B"), 1.6, 1.0)
        for j in range(ny):
            p = np.asarray(prev)[_age_band(age_t[:, j])] * factor
            u = persistent if chronic else r.random(n)
            got = present[:, j] & (age_t[:, j] >= 0) & (u < p)
            if chronic:
                got &= r.random(n) > 0.08
            rows[j].append((np.flatnonzero(got), code))
    persistent = _rng(seed, "elsewhere", "chunk", k, "psy").random((n, len(_PSY_ADULT)))
    for j in range(ny):
        pids = np.flatnonzero(psych[:, j])
        chosen = _psy_chosen(persistent[pids], age_t[pids, j])
        for c, (code, _) in enumerate(_PSY_ADULT):
            rows[j].append((pids[chosen[:, c]], code))
    for j, y in enumerate(years):
        pids = np.concatenate([p for p, _ in rows[j]])
        codes = np.concatenate([np.full(len(p), c, dtype="U4") for p, c in rows[j]])
        np.add.at(n_codes[:, j], pids, 1)
        order = np.lexsort((codes, pids))
        yield (
            f"MEDICIJNTAB{y}",
            _table(
                {"RINPERSOONS": _R(len(pids)), "RINPERSOON": rin[pids[order]], "ATC4": codes[order]}
            ),
        )
        rows[j] = []

    for j, y in enumerate(years):
        r = _rng(seed, "elsewhere", "chunk", k, "zvw", y)
        pids = np.flatnonzero(present[:, j])
        cols = {"RINPERSOONS": _R(len(pids)), "RINPERSOON": rin[pids]}
        cols.update(_zvw_costs(r, age_t[pids, j], n_codes[pids, j], ggz[pids, j], spec[pids, j], y))
        yield f"ZVWZORGKOSTENTAB{y}", _table(cols)

    for j, y in enumerate(years):
        r = _rng(seed, "elsewhere", "chunk", k, "ggzdbc", y)
        pids = np.flatnonzero(spec[:, j])
        pids = np.sort(np.concatenate([pids, pids[r.random(len(pids)) < 0.12]]))
        cols = {
            "RINPERSOONS": _R(len(pids)),
            "RINPERSOON": rin[pids],
            "GGZDBCtrajectnummer": ctx["trajectories"].take(len(pids)),
        }
        cols.update(_trajectories(r, addict[pids, j], age_t[pids, j], y, t1))
        yield f"GGZDBCTRAJECTENHOOFDDIAGTAB{y}", _table(cols)

    # Income: every person born by the end of the year in a private household, 1% without a
    # link; the key person is the household's head; INHATAB as the gemeente's (_inhatab).
    no_link = rng.random(n) < 0.01
    for j, y in enumerate(years):
        r = _rng(seed, "elsewhere", "chunk", k, "income", y)
        pids = np.flatnonzero(present[:, j] & (H["typ"][hh] != T_INST) & ~no_link)
        key = head[hh[pids]]
        yield (
            f"KOPPELPERSOONHUISHOUDEN{y}",
            _table(
                {
                    "RINPERSOONS": _R(len(pids)),
                    "RINPERSOON": rin[pids],
                    "RINPERSOONSHKW": _R(len(pids)),
                    "RINPERSOONHKW": rin[key],
                }
            ),
        )
        keys, size = np.unique(key, return_counts=True)
        keep = r.random(len(keys)) >= 0.01  # some households are missing from INHATAB
        keys, size = keys[keep], size[keep]
        inha = _inhatab(r, rin[keys], z_h[hh[keys]], size)
        yield f"INHATAB{y}", pa.Table.from_pandas(inha, preserve_index=False)


def elsewhere(
    tables: dict[str, pd.DataFrame],
    n: int,
    seed: int,
    years,
    countries: pd.DataFrame | None = None,
    gemeente: str = "GM0344",
    chunk: int = CHUNK,
    gemeenten: list[str] | None = None,
) -> Iterator[tuple[str, pa.Table]]:
    """Rows of `n` persons living in other gemeenten for the whole period, for the national
    tables of a generated world `tables` (``generate_world``): pairs (file stem, Arrow table with
    the columns of ``tables[stem]``), chunk by chunk of `chunk` persons and table by table, to
    be appended to the world's files (``write_world(..., extra=...)``).

    A pure function of (`tables`' key numbers, `n`, `seed`, `years`, `countries`, `gemeente`,
    `chunk`): the padding's person, object, household and trajectory numbers avoid every number
    in `tables`, and nobody in it is a parent, child, housemate or neighbour of anyone in
    `tables`. Per-year stems only for `years`; `countries` is the country reference (None: the
    one in ``config/reference``). Their addresses are in made-up gemeenten, never `gemeente`
    nor one of `gemeenten` (the region of the run, ``synth.region``). Memory: one chunk (about
    1 GB at a million persons). Raises ValueError for a negative `n`.
    """
    if n < 0:
        raise ValueError(f"the number of persons living elsewhere must be >= 0, not {n}")
    years = sorted(int(y) for y in years)
    if countries is None:
        path = Path(__file__).resolve().parents[3] / "config" / "reference" / "countries.csv"
        countries = pd.read_csv(path, dtype=str, keep_default_na=False)
    ctx = {
        "countries": _countries(countries),
        "places": _places(seed, [gemeente, *(gemeenten or [])]),
        "rin": _Numbers(
            seed,
            "persons",
            9,
            _used(tables, ("RINPERSOON", "RINPERSOONpa", "RINPERSOONMa", "RINPERSOONHKW")),
        ),
        "objects": _Numbers(seed, "objects", 12, _used(tables, ("RINOBJECTNUMMER",))),
        "households": _Numbers(seed, "households", 10, _used(tables, ("HUISHOUDNR",))),
        "trajectories": _Numbers(seed, "trajectories", 10, _used(tables, ("GGZDBCtrajectnummer",))),
    }
    for k, first in enumerate(range(0, n, chunk)):
        yield from _chunk(seed, k, min(chunk, n - first), years, ctx)
