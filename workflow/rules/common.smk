# Config validation and every input function; rule files hold rules only.
from pathlib import Path

from wijkzicht import paths
from wijkzicht.config import input_files, input_path, uses_synthetic, validate_config
from wijkzicht.contracts import TABLES
from wijkzicht.snake import expose_package

expose_package(Path(workflow.basedir) / "src")

validate_config(config, Path(workflow.basedir) / "workflow/schemas/config.schema.yaml")

YEARS = sorted(config["years"])
INTERNAL = paths.INTERNAL
EXPORT = paths.EXPORT
LOGS = f"{INTERNAL}/logs"


wildcard_constraints:
    table="[A-Z]+",
    year=r"\d{4}",


def validated(table, year=None):
    return paths.validated(table, year)


def raw_input(wildcards):
    year = getattr(wildcards, "year", None)
    year = int(year) if year is not None else None
    return input_path(config, wildcards.table, year)


def ingest_years(wildcards):
    return YEARS if TABLES[wildcards.table].wide_years else []


def synthetic_outputs():
    return [input_path(config, t, y) for t, y in input_files(config)]


def condition_inputs(wildcards):
    y = int(wildcards.year)
    ins = {
        "ZVWZORGKOSTENTAB": validated("ZVWZORGKOSTENTAB", y),
        "MEDICIJNTAB": validated("MEDICIJNTAB", y),
        "GGZDBCTRAJECTENHOOFDDIAGTAB": validated("GGZDBCTRAJECTENHOOFDDIAGTAB", y),
        "KOPPELPERSOONHUISHOUDEN": validated("KOPPELPERSOONHUISHOUDEN", y),
        "INHATAB": validated("INHATAB", y),
        "GEMWMOVOORZIENINGEN": validated("GEMWMOVOORZIENINGEN"),
        "GEMBUURTTEAM": validated("GEMBUURTTEAM"),
    }
    return ins


def linkage_sources():
    """(table, year) of every person-keyed source, in a fixed order."""
    return [
        (t, y)
        for t, y in input_files(config)
        if TABLES[t].person_key == ("RINPERSOONS", "RINPERSOON")
    ]


def all_outputs():
    return [
        f"{EXPORT}/kopp/measures.csv",
        f"{EXPORT}/kopp/kopp_aandeel_wijk.png",
        f"{EXPORT}/kopp/kopp_aandeel_wijk.svg",
        f"{EXPORT}/linkage/linkage.csv",
    ]
