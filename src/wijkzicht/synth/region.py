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

from pathlib import Path

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


# --- a second release on the same synthetic world ------------------------------------------------

# what the synthetic world's rules write beside its tables, per gemeente in a region run
# (results/internal/<GM>/synthetic/, in a single run results/internal/synthetic/): the boundaries
# of its wijken and buurten, its partners' figures with their indicator register, and its
# Kerncijfers per year (pipeline.config SYNTHETIC_BOUNDARIES, pipeline.aggregates)
BOUNDARIES = "wijkbuurtkaart.geojson"
ORGANISATIONS = "ORGANISATIES"
REGISTER = "indicatoren.csv"
KERNCIJFERS = "KERNCIJFERS"
# the maps' 'Bron:' words for these boundaries (pipeline.config SYNTHETIC_BOUNDARIES_SOURCE)
BOUNDARIES_SOURCE = {
    "nl": "fictieve grenzen van de synthetische wereld",
    "en": "fictitious boundaries of the synthetic world",
}
WORLD_CONFIG = "world.yaml"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _concat_csv(paths: list[Path], dest: Path) -> None:
    """The rows of `paths` (the same header) under one header, in their order."""
    header, rows = None, []
    for p in paths:
        first, *rest = _lines(p)
        if header is not None and first != header:
            raise ValueError(f"{p}: another header than {paths[0]}")
        header = first
        rows += rest
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _concat_geojson(paths: list[Path], dest: Path) -> None:
    """One FeatureCollection of the features of `paths` (`synth.boundaries` text: a head line,
    one feature a line), in their order; the head of the first."""
    head, features = None, []
    for p in paths:
        first, *rest = _lines(p)
        head = head or first
        features += [line.rstrip(",") for line in rest if line.startswith('{"type":"Feature"')]
    dest.write_text(head + "\n" + ",\n".join(features) + "\n]}\n", encoding="utf-8")


def second_release_world(
    world: Path,
    parts: list[Path],
    dest: Path,
    *,
    years: list[int],
    fmt: str,
    unkeyed: list[str],
    language: str = "nl",
) -> dict:
    """Copy a synthetic world for a second release on the same data (README, "A second release
    of the same data names the first") and return the config that reads it, also written to
    `dest`/world.yaml: `data.root` (its tables, without `truth/`; `fmt` and the `unkeyed`
    registrations as the world wrote them), `boundaries.path` (the boundaries of every gemeente
    in one file, named as the synthetic world's), the partners' files and the indicator
    register (`organisation_figures`: each partner's figures of every gemeente in one file, as a
    regional partner delivers them; the register of the first gemeente, the indicators are the
    same) and the Kerncijfers per year (`public_figures.kerncijfers`: every gemeente's rows in one
    edition, as CBS's national table). `world`: the world's folder (results/internal/synthetic);
    `parts`: per gemeente of the run, in its order, the folder of its boundaries, partners and
    Kerncijfers (results/internal/<GM>/synthetic; in a single run `world` itself). Without
    them, `data.root` alone gave a second release of a region's world no maps, no partners'
    figures and no Kerncijfers (U9 finding 11). Raises FileNotFoundError for a missing file."""
    import shutil

    import yaml

    dest = Path(dest).resolve()
    dest.mkdir(parents=True, exist_ok=True)
    for table in sorted(p for p in Path(world).iterdir() if p.is_dir()):
        if table.name in ("truth", ORGANISATIONS, KERNCIJFERS):
            continue
        shutil.copytree(table, dest / table.name, dirs_exist_ok=True)
    _concat_geojson([Path(p) / BOUNDARIES for p in parts], dest / BOUNDARIES)
    partners = sorted(
        f.name for f in (Path(parts[0]) / ORGANISATIONS).glob("*.csv") if f.name != REGISTER
    )
    for name in partners:
        _concat_csv([Path(p) / ORGANISATIONS / name for p in parts], dest / ORGANISATIONS / name)
    shutil.copyfile(Path(parts[0]) / ORGANISATIONS / REGISTER, dest / ORGANISATIONS / REGISTER)
    for year in sorted(years):
        name = f"{KERNCIJFERS}{year}.csv"
        _concat_csv([Path(p) / KERNCIJFERS / name for p in parts], dest / KERNCIJFERS / name)
    cfg = {
        "data": {"root": str(dest), "format": fmt, "unkeyed": sorted(unkeyed)},
        "boundaries": {"path": str(dest / BOUNDARIES), "source": BOUNDARIES_SOURCE[language]},
        "organisation_figures": {
            "indicators": str(dest / ORGANISATIONS / REGISTER),
            "files": [str(dest / ORGANISATIONS / name) for name in partners],
        },
        "public_figures": {"kerncijfers": str(dest / KERNCIJFERS / f"{KERNCIJFERS}{{year}}.csv")},
    }
    text = yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True)
    (dest / WORLD_CONFIG).write_text(text, encoding="utf-8")
    return cfg


def main(argv: list[str] | None = None) -> None:
    """`python -m wijkzicht.synth.region --to DIR CONFIG...`: copy the synthetic world of the
    run the config files describe (merged in order, as Snakemake's --configfile; its
    `gemeenten`, or `gemeente` for a single run, `years`, `synthetic` and `language`) from
    `--results` (default results) to DIR for a second release (`second_release_world`), and
    say which config file to add."""
    import argparse

    import yaml

    ap = argparse.ArgumentParser(prog="python -m wijkzicht.synth.region", description=main.__doc__)
    ap.add_argument("configs", nargs="+", type=Path)
    ap.add_argument("--to", type=Path, required=True)
    ap.add_argument("--results", type=Path, default=Path("results"))
    args = ap.parse_args(argv)
    cfg: dict = {}
    for path in args.configs:
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            both = isinstance(value, dict) and isinstance(cfg.get(key), dict)
            cfg[key] = {**cfg[key], **value} if both else value
    world = args.results / "internal/synthetic"
    gemeenten = cfg.get("gemeenten") or []
    parts = [args.results / "internal" / gm / "synthetic" for gm in gemeenten] or [world]
    synthetic = cfg.get("synthetic", {})
    second_release_world(
        world, parts, args.to, years=list(cfg["years"]), fmt=synthetic.get("format", "parquet"),
        unkeyed=list(synthetic.get("unkeyed", [])), language=cfg.get("language", "nl"),
    )  # fmt: skip
    print(f"add {args.to / WORLD_CONFIG} after the other --configfile files")


if __name__ == "__main__":
    main()
