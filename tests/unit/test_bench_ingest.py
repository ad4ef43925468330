"""`make bench-ingest` (bench/ingest.py) times the ingest of every table of a world, in the
order of the workflow's ingest jobs: each (table, year) once, its rows those of the file, with
or without the typed copy, which is never left behind. On a small generated world."""

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from worlds import REPO, bench_module

import wijkzicht.inputs.ingest as ingest_module
from wijkzicht import db
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

YEARS, WAVES = [2022, 2023], [2022]


@pytest.fixture(scope="module")
def bench():
    return bench_module("ingest", "bench_ingest")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("world") / "data"
    tables = generate_world(
        seed=5, n_residents=300, years=YEARS, survey_waves=WAVES,
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    write_world(tables, root, "parquet")
    return root


def file_rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


@pytest.mark.parametrize("write", [True, False])
def test_every_table_once_with_the_rows_of_its_file(bench, world, write, monkeypatch):
    written = []
    keep = ingest_module._write_output

    def spy(con, r, years, out):
        written.append(r.table)
        keep(con, r, years, out)

    monkeypatch.setattr(ingest_module, "_write_output", spy)
    got = bench.time_tables(world, YEARS, WAVES, write=write)
    # the national tables, then per year its tables and the year's columns of VSLGWBTAB
    national = ["GBAPERSOONTAB", "KINDOUDERTAB", "GBAADRESOBJECTBUS", "GBAHUISHOUDENSBUS",
                "GEMWMOVOORZIENINGEN", "GEMBUURTTEAM"]  # fmt: skip
    assert list(got["table"][: len(national)]) == national
    per_year = got[got["year"].notna()]
    assert sorted(per_year["year"].unique()) == YEARS
    assert "GEZOMONITOR" in set(per_year[per_year["year"] == 2022]["table"])
    assert "GEZOMONITOR" not in set(per_year[per_year["year"] == 2023]["table"])
    assert not got.duplicated(["table", "year"]).any()
    for r in got.itertuples():
        year = None if pd.isna(r.year) else int(r.year)
        assert r.rows == file_rows(bench.source(world, r.table, year))
    assert (got["cpu_s"] > 0).all() and (got["wall_s"] > 0).all()
    # the typed copy is written only with `write`; the write is put back afterwards
    assert written == (list(got["table"]) if write else [])
    assert ingest_module._write_output is spy
    assert db._JOB == {}


def test_a_missing_table_file_is_named_before_any_timing(bench, world, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "GBAPERSOONTAB").mkdir()
    with pytest.raises(FileNotFoundError, match=r"GBAPERSOONTAB/GBAPERSOONTAB\.parquet"):
        bench.time_tables(data, YEARS, WAVES)


def test_markdown_adds_a_total_row(bench):
    frame = pd.DataFrame(
        {"table": ["A", "B"], "year": pd.array([None, 2022], dtype="Int64"),
         "rows": [1000, 2500], "wall_s": [1.04, 2.0], "cpu_s": [0.96, 1.5]}
    )  # fmt: skip
    md = bench.markdown(frame).splitlines()
    assert md[2] == "| A |  | 1,000 | 1.0 | 1.0 |"
    assert md[3] == "| B | 2022 | 2,500 | 2.0 | 1.5 |"
    assert md[-1] == "| **all** | | 3,500 | 3.0 | 2.5 |"
