"""The synthetic world of a GGD region: one sub-world per gemeente, concatenated.

The world of ``gemeenten = [A, B, ...]`` is the single world of A (``generate_world`` with the
same seed and `n_residents`), unchanged, plus for every further gemeente a world generated the
same way with its own seed (`sub_seed`, from the seed and the gemeente code) and `n_residents`
residents of its own. Per file stem the tables are the concatenation, A's rows first, so every
row of A's single world is in the region world with the same keys; each gemeente's survey wave
holds its own respondents (STRATUM a wijk of that gemeente), so the GGD's file is regional.

Two things keep A's analysis the same as in its single run:

* the further sub-worlds' person, object, household and trajectory numbers (`KEYS`) are made
  disjoint from those of the sub-worlds before them: a number that is already taken is replaced
  everywhere in the sub-world (all its tables and truth frames) by a fresh one
  (`elsewhere._Numbers`, seeded by the sub-world's seed), so nobody of B is anybody of A;
* nobody of a further sub-world moves to, or has a parent in, a gemeente of the run
  (``generate_world(avoid=gemeenten)``): their outside addresses lie in gemeenten outside the
  run. A's own out-movers still go where A's single world sends them (some to Nieuwegein or
  Zeist): in the region they are residents of that gemeente, as people who move there are.

The persons living elsewhere (``synth.elsewhere``) are added to the whole region afterwards and
avoid every key and gemeente of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.synth.draw import _rng
from wijkzicht.synth.elsewhere import _Numbers, _used
from wijkzicht.synth.world import World, generate_world

# Number spaces whose values must not repeat between sub-worlds: columns and digits.
KEYS = {
    "persons": (("RINPERSOON", "RINPERSOONpa", "RINPERSOONMa", "RINPERSOONHKW"), 9),
    "objects": (("RINOBJECTNUMMER",), 12),
    "households": (("HUISHOUDNR",), 10),
    "trajectories": (("GGZDBCtrajectnummer",), 10),
}


def sub_seed(seed: int, gemeente: str) -> int:
    """The seed of gemeente `gemeente`'s sub-world in a region run with seed `seed`."""
    return int(_rng(seed, "region", gemeente).integers(0, 2**31))


def generate_region(gemeenten: list[str], seed: int = 20240101, **kwargs) -> World:
    """The world of the gemeenten `gemeenten` (GM codes, the first one's world unchanged): the
    tables by file stem as ``generate_world`` returns them, each the concatenation of the
    sub-worlds' tables in the order of `gemeenten`, and `truth` likewise. `kwargs` are those
    of ``generate_world`` (n_residents, years, survey_waves, geography, countries, unkeyed,
    survey_truth), the same for every sub-world. One gemeente: exactly its single world.
    Raises ValueError for an empty or repeated list, or a gemeente not in the geography."""
    gemeenten = list(gemeenten)
    if not gemeenten or len(set(gemeenten)) != len(gemeenten):
        raise ValueError(f"a region needs distinct gemeenten, not {gemeenten}")
    first = generate_world(seed=seed, gemeente=gemeenten[0], **kwargs)
    if len(gemeenten) == 1:
        return first
    parts = [first]
    taken = {label: _keys(first, columns) for label, (columns, _) in KEYS.items()}
    for gm in gemeenten[1:]:
        s = sub_seed(seed, gm)
        sub = generate_world(seed=s, gemeente=gm, avoid=gemeenten, **kwargs)
        _make_disjoint(sub, taken, s, gm)
        parts.append(sub)
    out = World({stem: _concat([p[stem] for p in parts]) for stem in first})
    out.truth = {name: _concat_truth(parts, name) for name in first.truth}
    return out


def _concat_truth(parts: list[World], name: str) -> pd.DataFrame:
    """The truth frames `name` of the sub-worlds, concatenated. A truth frame of an unkeyed
    registration names each row of its table by `row` (1-based, `tables_unkeyed`); in the
    region's table a sub-world's rows follow those of the sub-worlds before it, so its `row`
    numbers are shifted by their count (else the evaluation of the linkage compares each row
    with the person of another gemeente's row of the same number)."""
    frames, before = [], 0
    for p in parts:
        df = p.truth[name]
        if "row" in df.columns and name in p:
            df = df.assign(row=df["row"] + before)
            before += len(p[name])
        frames.append(df)
    return _concat(frames)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True)


def _frames(world: World) -> list[pd.DataFrame]:
    return [*world.values(), *world.truth.values()]


def _keys(world: World, columns: tuple[str, ...]) -> np.ndarray:
    """Every number in these columns of the world's tables and truth frames (sorted, unique)."""
    return _used(dict(enumerate(_frames(world))), columns)


def _make_disjoint(sub: World, taken: dict[str, np.ndarray], seed: int, gemeente: str) -> None:
    """Replace, in place, every key number of `sub` that is in `taken` (per label of `KEYS`:
    the numbers of the sub-worlds before it), then add `sub`'s numbers to `taken`."""
    for label, (columns, digits) in KEYS.items():
        own = _keys(sub, columns)
        clash = np.intersect1d(own, taken[label])
        if not len(clash):
            taken[label] = np.union1d(taken[label], own)
            continue
        width = f"U{digits}"
        old = np.strings.zfill(clash.astype(width), digits)
        fresh = _Numbers(seed, f"region-{gemeente}-{label}", digits, np.union1d(own, taken[label]))
        new = dict(zip(old.tolist(), fresh.take(len(clash)).tolist(), strict=True))
        for df in _frames(sub):
            for c in columns:
                if c in df.columns:
                    hit = df[c].isin(new.keys())
                    if hit.any():
                        df.loc[hit, c] = df.loc[hit, c].map(new)
        taken[label] = np.union1d(taken[label], _keys(sub, columns))
