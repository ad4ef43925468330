"""Reference files: geography, countries (herkomst groups), codelists and age bands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

HERKOMST_ONBEKEND = "onbekend"
GENERATIE = {"0": "Nederlandse herkomst", "1": "migrant", "2": "kind van migrant(en)"}
GENERATIE_ONBEKEND = "onbekend"
GESLACHT = {"1": "man", "2": "vrouw"}
GESLACHT_ONBEKEND = "onbekend"


def read_geography(path: str | Path, gemeente: str | None = None) -> pd.DataFrame:
    """One row per buurt: gemeente_code, gemeente_name, wijk_code, wijk_name, buurt_code, buurt_name."""
    geo = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    need = ["gemeente_code", "gemeente_name", "wijk_code", "wijk_name", "buurt_code", "buurt_name"]
    missing = [c for c in need if c not in geo.columns]
    if missing:
        raise ValueError(f"Reference file {path}: missing column(s) {missing}; expected {need}")
    if gemeente is not None:
        geo = geo[geo["gemeente_code"] == gemeente]
        if geo.empty:
            raise ValueError(f"Reference file {path}: gemeente {gemeente} has no rows")
    return geo.reset_index(drop=True)


def survey_strata(geography: pd.DataFrame, gemeente: str) -> list[str]:
    """The survey strata (GEZOMONITOR's STRATUM: a wijk code without 'WK') of `gemeente`'s wijken
    in the geography reference, sorted. The GGD's survey file holds the respondents of a whole
    region; each gemeente's analysis keeps the rows whose STRATUM is one of these."""
    wijken = geography.loc[geography["gemeente_code"] == gemeente, "wijk_code"]
    return sorted(set(wijken.str.removeprefix("WK")))


def read_countries(path: str | Path) -> pd.DataFrame:
    """country_code (CBS, 4 digits), country_name, herkomst (2022 CBS classification group)."""
    c = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    need = ["country_code", "country_name", "herkomst"]
    missing = [x for x in need if x not in c.columns]
    if missing:
        raise ValueError(f"Reference file {path}: missing column(s) {missing}; expected {need}")
    dup = c[c["country_code"].duplicated()]
    if len(dup):
        raise ValueError(
            f"Reference file {path}: duplicate country_code {dup['country_code'].tolist()[:5]}"
        )
    return c


def herkomst_groups(countries: pd.DataFrame) -> list[str]:
    """The herkomst groups in reference order, then `onbekend`."""
    groups = list(dict.fromkeys(countries["herkomst"]))
    return [*groups, HERKOMST_ONBEKEND]


@dataclass(frozen=True)
class Codelist:
    name: str
    codes: tuple[str, ...]
    match: str  # exact or prefix
    version: str
    source: str


def _registry(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def codelist_files(path: str | Path) -> dict[str, str]:
    """The CSV file of each codelist in the registry, as paths next to the registry."""
    path = Path(path)
    return {name: str(path.parent / meta["file"]) for name, meta in sorted(_registry(path).items())}


def read_codelists(path: str | Path) -> dict[str, Codelist]:
    path = Path(path)
    registry = _registry(path)
    out = {}
    for name, meta in registry.items():
        for key in ("file", "version", "source", "match"):
            if key not in meta:
                raise ValueError(f"Codelist registry {path}: list {name!r} lacks {key!r}")
        if meta["match"] not in ("exact", "prefix"):
            raise ValueError(
                f"Codelist registry {path}: list {name!r} match must be exact or prefix"
            )
        csv = path.parent / meta["file"]
        if not csv.is_file():  # said with where it was looked for, not as a bare OSError
            raise ValueError(
                f"Codelist registry {path}: list {name!r}: its file {meta['file']!r} is not "
                f"there ({csv}); a list's file is read relative to the registry's folder "
                f"({path.parent})"
            )
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "code" not in df.columns:
            raise ValueError(f"Codelist {csv}: no column 'code'")
        codes = tuple(sorted({c.strip() for c in df["code"] if c.strip()}))
        out[name] = Codelist(name, codes, meta["match"], str(meta["version"]), meta["source"])
    return out


def parse_bands(labels: list[str]) -> pd.DataFrame:
    """Age-band labels like '0-3' and '75+' as a table (label, lo, hi); hi None for open bands."""
    rows = []
    for lab in labels:
        if lab.endswith("+"):
            rows.append((lab, int(lab[:-1]), 200))
        else:
            lo, hi = lab.split("-")
            rows.append((lab, int(lo), int(hi)))
    df = pd.DataFrame(rows, columns=["label", "lo", "hi"])
    ordered = df.sort_values("lo")
    if (ordered["lo"].iloc[1:].to_numpy() <= ordered["hi"].iloc[:-1].to_numpy()).any():
        raise ValueError(f"age bands overlap: {labels}")
    return df
