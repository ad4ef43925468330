"""Address objects: old stock per buurt, new builds, objects elsewhere, and picking addresses.

The `_Objects` layout maps every object to its buurt per year (new builds have no mapping before
their build year; a few objects move to another wijk in a CBS re-division). This is what
VSLGWBTAB is written from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wijkzicht.synth.draw import NEVER, _categorical, _jan1
from wijkzicht.synth.geography import _World


@dataclass
class _Objects:
    buurt: np.ndarray  # buurt index as of the first year
    build_year: np.ndarray  # first year with a mapping (0: always mapped)
    remap: np.ndarray  # buurt index from remap_year on, or -1
    remap_year: int
    inside: np.ndarray
    start: np.ndarray  # per buurt: first old-stock object
    count: np.ndarray  # per buurt: number of old-stock objects
    new_first: int
    new_key: np.ndarray  # new-build objects sorted by buurt * NEVER + avail
    new_start: np.ndarray  # per buurt: first new-build object (relative to new_first)

    def wijk_in_year(self, w: _World, obj: np.ndarray, year: int | np.ndarray) -> np.ndarray:
        """The wijk index of objects on 1 January of `year` (-1: not in the gemeente or unmapped)."""
        b = self.buurt_in_year(obj, year)
        return np.where(b >= 0, w.buurt_wijk[np.maximum(b, 0)], -1)

    def buurt_in_year(self, obj: np.ndarray, year) -> np.ndarray:
        obj = np.asarray(obj)
        ok = obj >= 0
        o = np.where(ok, obj, 0)
        b = np.where(
            (self.remap[o] >= 0) & (np.asarray(year) >= self.remap_year),
            self.remap[o],
            self.buurt[o],
        )
        return np.where(ok & (self.build_year[o] <= year), b, -1)


def _build_objects(rng, w: _World, baseline_per_buurt: np.ndarray) -> _Objects:
    """Address objects: old stock per buurt (room for the baseline households and for movers),
    new builds in the family wijk, and objects in other gemeenten.

    Layout: inside old stock by buurt, then the new builds (sorted by buurt and availability),
    then the outside objects by buurt, so that a buurt's old stock is a contiguous range."""
    nb_in, nb = w.n_inside_buurt, len(w.buurt_code)
    count = np.empty(nb, dtype=np.int64)
    count[:nb_in] = np.ceil(1.3 * baseline_per_buurt).astype(np.int64) + 10
    count[nb_in:] = int(np.ceil(0.1 * w.n / (nb - nb_in))) + 20
    old_buurt = np.repeat(np.arange(nb), count)
    inside_old = old_buurt < nb_in

    # New builds in the family wijk (Leidsche Rijn): no mapping before their build year; they
    # can be lived in from the second half of the year before, so that some move-ins fall on an
    # address without a mapping in the year of the move (docs/rules.md#l5: it places nobody there).
    nbw = np.flatnonzero(w.buurt_wijk[:nb_in] == w.newbuild_wijk)
    n_new = int(np.ceil(0.08 * count[nbw].sum())) if len(w.years) > 1 else 0
    new_b = rng.choice(nbw, size=n_new)
    new_year = rng.choice(np.array(w.years[1:] or [0]), size=n_new)
    new_avail = _jan1(new_year - 1) + 181 + rng.integers(0, 180, n_new)
    order = np.lexsort((new_avail, new_b))
    new_b, new_year, new_avail = new_b[order], new_year[order], new_avail[order]

    buurt = np.concatenate([old_buurt[inside_old], new_b, old_buurt[~inside_old]])
    build_year = np.zeros(len(buurt), dtype=np.int64)
    build_year[inside_old.sum() : inside_old.sum() + n_new] = new_year
    start = np.cumsum(count) - count
    start[nb_in:] += n_new
    objs = _Objects(
        buurt=buurt,
        build_year=build_year,
        remap=np.full(len(buurt), -1, dtype=np.int64),
        remap_year=w.years[len(w.years) // 2] if len(w.years) > 1 else 9999,
        inside=buurt < nb_in,
        start=start,
        count=count,
        new_first=int(inside_old.sum()),
        new_key=new_b * NEVER + new_avail,
        new_start=np.searchsorted(new_b, np.arange(nb)),
    )
    _redivide(rng, w, objs)
    return objs


def _redivide(rng, w: _World, objs: _Objects):
    """A tenth of the objects of two buurten move to a buurt of the next wijk from the middle
    year on (a CBS re-division): their residents change wijk without moving."""
    if w.n_wijk < 2:
        return
    inside = np.flatnonzero(w.buurt_wijk[: w.n_inside_buurt] != w.newbuild_wijk)
    for b in rng.choice(inside, size=min(2, len(inside)), replace=False):
        obj = np.arange(objs.start[b], objs.start[b] + objs.count[b])
        target = np.flatnonzero(
            w.buurt_wijk[: w.n_inside_buurt] == (w.buurt_wijk[b] + 1) % w.n_wijk
        )
        objs.remap[obj[rng.random(len(obj)) < 0.1]] = target[0]


def _pick_inside(
    rng, objs: _Objects, buurt: np.ndarray, day: np.ndarray, p_new: float = 0.4
) -> np.ndarray:
    """A random object in each buurt; in new-build buurten often a new build available by `day`."""
    obj = objs.start[buurt] + (rng.random(len(buurt)) * objs.count[buurt]).astype(np.int64)
    if len(objs.new_key):
        n_avail = (
            np.searchsorted(objs.new_key, buurt * NEVER + day, side="right") - objs.new_start[buurt]
        )
        use = (n_avail > 0) & (rng.random(len(buurt)) < p_new)
        pick = (rng.random(len(buurt)) * np.maximum(n_avail, 1)).astype(np.int64)
        obj = np.where(use, objs.new_first + objs.new_start[buurt] + pick, obj)
    return obj


def _pick_outside(rng, w: _World, objs: _Objects, n: int) -> np.ndarray:
    """Random objects in other gemeenten."""
    b = w.n_inside_buurt + np.searchsorted(w.out_cum, rng.random(n), side="right")
    return objs.start[b] + (rng.random(n) * objs.count[b]).astype(np.int64)


def _pick_wijk(
    rng, w: _World, z: np.ndarray, family: np.ndarray, young: np.ndarray, base: np.ndarray
) -> np.ndarray:
    """Destination wijk of a move: low income draws to the poorer wijken, families to the
    family wijken, the young to the student wijken."""
    logits = (
        np.log(base)[None, :]
        + 0.5 * z[:, None] * w.income[None, :]
        + 0.8 * family[:, None] * w.family_wijk[None, :]
        + 0.8 * young[:, None] * w.student_wijk[None, :]
    )
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return _categorical(rng, p)
