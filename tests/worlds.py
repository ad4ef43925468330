"""Hand-built tiny worlds: ASCII tables of persons and events, written in the input layout."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from wijkzicht.inputs.contracts import TABLES, table_years
from wijkzicht.inputs.ingest import required_columns


def table(text: str) -> pd.DataFrame:
    """Parse an ehrQL-style ASCII table: '|'-separated cells, a header row, an optional
    '---' rule; every value is a string, an empty cell is ''."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    rows = [
        [c.strip() for c in ln.strip("|").split("|")]
        for ln in lines
        if not set(ln.replace("|", "").strip()) <= set("-+: ")
    ]
    header, body = rows[0], rows[1:]
    return pd.DataFrame(body, columns=header, dtype=str)


def columns_for(name: str, year: int | None, years: list[int]) -> list[str]:
    return [c.name for c in required_columns(TABLES[name], year, years)]


def write_world(
    root: Path,
    tables: dict[str, pd.DataFrame],
    years: list[int],
    waves: list[int] = (),
    fmt: str = "csv",
) -> Path:
    """Write every contract table (empty where not given) as root/<T>/<T>[<year>].<fmt>.

    `tables` keys are table names (non-year tables) or '<TABLE><YEAR>'. Missing columns are
    filled with ''; a column named 'year' in a per-year table given without year splits it.
    """
    for name, tbl in TABLES.items():
        targets = (
            [(name, None)]
            if not tbl.per_year
            else [(f"{name}{y}", y) for y in table_years(tbl, list(years), list(waves))]
        )
        for stem, year in targets:
            cols = columns_for(name, year, list(years))
            df = tables.get(stem, pd.DataFrame(columns=cols, dtype=str)).copy()
            for c in cols:
                if c not in df:
                    df[c] = ""
            out = root / name / f"{stem}.{fmt}"
            out.parent.mkdir(parents=True, exist_ok=True)
            df = df[cols]
            if fmt == "csv":
                df.to_csv(out, index=False, sep=";")
            elif fmt == "parquet":
                df.to_parquet(out, index=False)
            else:
                import pyreadstat

                pyreadstat.write_sav(df.astype(object).fillna(""), str(out))
    return root


ADRES_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "AANVANG": "GBADATUMAANVANGADRESHOUDING",
    "EINDE": "GBADATUMEINDEADRESHOUDING", "OBJ": "RINOBJECTNUMMER",
}  # fmt: skip
PERSOON_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "SEX": "GBAGESLACHT", "JAAR": "GBAGEBOORTEJAAR",
    "MAAND": "GBAGEBOORTEMAAND", "GEN": "GBAGENERATIE", "HERKOMST": "GBAHERKOMSTLAND",
}  # fmt: skip
KINDOUDER_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "Spa": "RINPERSOONSpa", "Ppa": "RINPERSOONpa",
    "Sma": "RINPERSOONSMa", "Pma": "RINPERSOONMa",
}  # fmt: skip


def adres(text: str) -> pd.DataFrame:
    df = table(text).rename(columns=ADRES_ALIASES)
    df["SOORTOBJECTNUMMER"] = "A"
    return df


def persoon(text: str) -> pd.DataFrame:
    df = table(text).rename(columns=PERSOON_ALIASES)
    df["GBAGEBOORTELAND"] = df["GBAHERKOMSTLAND"].where(df["GBAGENERATIE"] == "1", "6030")
    df["GBAAANTALOUDERSBUITENLAND"] = "0"
    return df


def kindouder(text: str) -> pd.DataFrame:
    return table(text).rename(columns=KINDOUDER_ALIASES)


def objects(
    mapping: dict[str, tuple[str, str, str] | dict[int, tuple[str, str, str]]], years
) -> pd.DataFrame:
    """VSLGWBTAB from {object: (gem, wc, bc)} or {object: {year: (gem, wc, bc)}}."""
    rows = []
    for obj, place in mapping.items():
        row = {"SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": obj}
        for y in years:
            gem, wc, bc = place.get(y, ("", "", "")) if isinstance(place, dict) else place
            row.update({f"gem{y}": gem, f"wc{y}": wc, f"bc{y}": bc})
        rows.append(row)
    return pd.DataFrame(rows, dtype=str)


REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "workflow/schemas/config.schema.yaml"


def config(**overrides) -> dict:
    from wijkzicht.pipeline.config import load_config

    return load_config(REPO / "config/config.yaml", SCHEMA, overrides)


def ingest_all(root: Path, out: Path, cfg: dict, fmt: str = "csv") -> dict:
    """Validate every table of a written world; returns {(table, year): parquet path}."""
    from wijkzicht.inputs.ingest import ingest
    from wijkzicht.pipeline.config import input_files

    done = {}
    for t, y in input_files(cfg):
        stem = f"{t}{y}" if y is not None else t
        dest = out / f"{stem}.parquet"
        ingest(t, root / t / f"{stem}.{fmt}", dest, y, cfg["years"])
        done[(t, y)] = dest
    return done


def run_kopp(validated: dict, cfg: dict, year: int):
    """The KOPP chain of the workflow for one year, through the same package functions; the
    definitions are parsed from the config dict `cfg` as the workflow does."""
    import duckdb

    from wijkzicht.definitions import parse_definitions
    from wijkzicht.inputs.reference import read_codelists, read_countries, read_geography
    from wijkzicht.population.conditions import person_conditions
    from wijkzicht.population.residents import open_inputs, residents
    from wijkzicht.themes.kopp import aandeel, children

    con = duckdb.connect()
    open_inputs(
        con,
        adres=validated[("GBAADRESOBJECTBUS", None)],
        geo=validated[("VSLGWBTAB", None)],
        persoon=validated[("GBAPERSOONTAB", None)],
        kindouder=validated[("KINDOUDERTAB", None)],
        GEMWMOVOORZIENINGEN=validated[("GEMWMOVOORZIENINGEN", None)],
        GEMBUURTTEAM=validated[("GEMBUURTTEAM", None)],
        **{t: validated[(t, year)] for t in (
            "ZVWZORGKOSTENTAB", "MEDICIJNTAB", "GGZDBCTRAJECTENHOOFDDIAGTAB",
            "KOPPELPERSOONHUISHOUDEN", "INHATAB")},
    )  # fmt: skip
    bands = cfg["age_bands"]["kinderen"] + cfg["age_bands"]["volwassenen"]
    res = residents(
        con, year, cfg["gemeente"], read_countries(REPO / cfg["reference"]["countries"]), bands
    )
    con.register("residents", res)
    definitions = parse_definitions(cfg)
    codelists = read_codelists(REPO / cfg["reference"]["codelists"])
    conds = person_conditions(con, definitions.conditions, year, codelists)
    con.register("conditions", conds)
    kids = children(con, definitions.kopp)
    geo = read_geography(REPO / cfg["reference"]["geography"], cfg["gemeente"])
    measures = aandeel(kids, year, definitions.kopp, geo, cfg["age_bands"]["kinderen"])
    con.close()
    return res, conds, kids, measures


def snakemake(workdir: Path, overrides: dict, *args: str) -> subprocess.CompletedProcess:
    """Run the workflow in `workdir` with the repository's config plus `overrides`."""
    cfg = {
        "reference": {
            "geography": str(REPO / "config/reference/geography.csv"),
            "countries": str(REPO / "config/reference/countries.csv"),
            "codelists": str(REPO / "config/codelists/codelists.yaml"),
        },
        **overrides,
    }
    (workdir / "test.yaml").write_text(yaml.safe_dump(cfg))
    cmd = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory", str(workdir),
        "--configfile", str(REPO / "config/config.yaml"), str(workdir / "test.yaml"), "--cores", "2",
        *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


CITATION = re.compile(
    r'<span class="num" data-file="([^"]+)" data-row="(\d+)" data-col="(\w+)" data-kind="(\w+)">([^<]+)</span>'
)


def _formatted(value: float, kind: str, lang: str) -> str:
    shown = (
        f"{100 * value:.1f}%"
        if kind == "pct"
        else f"{value:.2f}"
        if kind == "ratio"
        else f"{round(value)}"
    )
    return shown.replace(".", ",") if lang == "nl" else shown


def check_cited_numbers(export: Path, lang: str) -> int:
    """Check every cited number in the reports and factsheets against the cell it cites, formatted
    independently here; returns how many were checked."""
    pages = sorted(export.glob("*/rapport.html")) + sorted(export.glob("factsheets/*.html"))
    assert len(pages) == 3 + 10
    checked = 0
    tables = {}
    for page in pages:
        for file, row, col, kind, shown in CITATION.findall(page.read_text(encoding="utf-8")):
            if file not in tables:
                tables[file] = pd.read_csv(export / file, keep_default_na=False, na_values=[""])
            value = tables[file].loc[int(row), col]
            assert shown == _formatted(float(value), kind, lang), (page.name, file, row, col)
            checked += 1
    return checked
