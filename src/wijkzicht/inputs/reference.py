"""Reference files: geography, countries (herkomst groups), codelists and age bands."""

from __future__ import annotations

import csv as _csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # imported where used: a job that reads only the strata needs no pandas
    import pandas as pd

HERKOMST_ONBEKEND = "onbekend"
GENERATIE = {"0": "Nederlandse herkomst", "1": "migrant", "2": "kind van migrant(en)"}
GENERATIE_ONBEKEND = "onbekend"
GESLACHT = {"1": "man", "2": "vrouw"}
GESLACHT_ONBEKEND = "onbekend"


GEOGRAPHY_COLUMNS = [
    "gemeente_code", "gemeente_name", "wijk_code", "wijk_name", "buurt_code", "buurt_name",
]  # fmt: skip


def _geography_columns(path: str | Path, columns) -> None:
    missing = [c for c in GEOGRAPHY_COLUMNS if c not in columns]
    if missing:
        raise ValueError(
            f"Reference file {path}: missing column(s) {missing}; expected {GEOGRAPHY_COLUMNS}"
        )


def read_geography(path: str | Path, gemeente: str | None = None) -> pd.DataFrame:
    """One row per buurt: gemeente_code, gemeente_name, wijk_code, wijk_name, buurt_code, buurt_name."""
    import pandas as pd

    geo = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    _geography_columns(path, geo.columns)
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


def geography_strata(path: str | Path, gemeenten: list[str]) -> list[str]:
    """The survey strata of every gemeente of `gemeenten`, sorted: `survey_strata` of each on
    `read_geography(path)`, read without pandas (the csv module, UTF-8 with or without a
    byte-order mark, as pandas reads it), for a job that needs nothing else of pandas (the
    narrow jobs: importing pandas is about 0.45 CPU s a job). The same missing-column error
    as `read_geography`."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = _csv.reader(fh)
        header = next(rows, [])
        _geography_columns(path, header)
        gem, wijk = header.index("gemeente_code"), header.index("wijk_code")
        wanted = set(gemeenten)
        last = max(gem, wijk)
        return sorted(
            {r[wijk].removeprefix("WK") for r in rows if len(r) > last and r[gem] in wanted}
        )


def read_countries(path: str | Path) -> pd.DataFrame:
    """country_code (CBS, 4 digits), country_name, herkomst (2022 CBS classification group)."""
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

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
