"""Adding a source (docs/sources.md). A new data scientist who wrote `source: schuldhulp` got
the list of sources and nothing on how to add one (N2's trial); and a source added in one
place but not in the others fails late (a job's missing input, a table's code on a page). So:
the error names the guide, and every condition source is checked to be complete in each
place the guide lists."""

import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from wijkzicht.definitions.conditions import SOURCES, parse_conditions
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.outputs import labels
from wijkzicht.population.conditions import SOURCE_TABLES, condition_query
from wijkzicht.population.linkage import PROFILE

ROOT = Path(__file__).resolve().parents[2]
GUIDE = "docs/sources.md"


def test_an_unknown_source_points_to_the_guide():
    errors = []
    # leerplicht/verzuim: a registration no source reads (schuldhulp may become one)
    parse_conditions({"verzuim": {"source": "leerplicht"}}, errors)
    (error,) = errors
    assert error.startswith("conditions.verzuim.source: 'leerplicht' is not a source (allowed: ")
    assert ", ".join(SOURCES) in error
    assert error.endswith(GUIDE)
    assert (ROOT / GUIDE).is_file()


def _example(kind):
    """A condition of `kind` with every setting filled in (a codelist 'lijst', one code 'A')."""
    values = {}
    for f in dataclasses.fields(kind):
        if f.name in ("name", "custom_label"):
            continue
        if "tuple" in str(f.type):
            values[f.name] = ("A",)
        elif "int" in str(f.type):
            values[f.name] = 1
        else:
            values[f.name] = "lijst"
    return kind(name="voorbeeld", **values)


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_source_is_complete_in_each_place_the_guide_lists(source):
    step = f"source {source!r} ({GUIDE})"
    tables = SOURCE_TABLES.get(source)
    assert tables, f"{step}: no tables in population.conditions.SOURCE_TABLES"
    for t in tables:
        assert t in TABLES, f"{step}: table {t} has no contract in inputs.contracts.TABLES"
        for lang in ("nl", "en"):
            words = labels.SOURCES[lang].get(t)
            assert words and t not in words, (
                f"{step}: no {lang} words for {t} in outputs.labels.SOURCES"
            )
        # the linkage report's property of a person table's rows (rule linkage_counts)
        person_table = TABLES[t].person_key == ("RINPERSOONS", "RINPERSOON")
        assert t in PROFILE or not person_table, (
            f"{step}: table {t} has no property in population.linkage.PROFILE"
        )
    # the query reads exactly the tables the rule declares as inputs (and no other)
    codelists = {"lijst": SimpleNamespace(codes=("A",))}
    sql, _ = condition_query(_example(SOURCES[source]), 2021, codelists)
    read = set(re.findall(r"\b(?:FROM|JOIN)\s+([A-Z][A-Z0-9_]+)\b", sql))
    assert read == set(tables), f"{step}: the query reads {sorted(read)}"
    schema = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
    spec = schema["properties"]["conditions"]["additionalProperties"]["properties"]["source"]
    assert "enum" not in spec or source in spec["enum"], f"{step}: not in the config schema"
