"""The ingest jobs (wijkzicht.inputs.ingest_jobs): every table of every year is validated by
exactly one job; a job of several tables writes the same bytes as a job per table; a job with
bad tables names each of them, with the message a job of its own gave."""

from collections import Counter

import pytest
from worlds import REPO

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.inputs.ingest_jobs import ingest_tables, national_tables, year_tables
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.config import input_files
from wijkzicht.synth import generate_world, write_world

YEARS = [2021, 2022]


@pytest.mark.parametrize(
    "years, waves, unkeyed",
    [
        ([2019, 2020, 2021, 2022, 2023], [2020, 2022], ["GEMBUURTTEAM"]),
        ([2022], [2022], []),
        ([2021, 2022], [], ["GEMBUURTTEAM", "GEMWMOVOORZIENINGEN"]),
    ],
)
def test_every_table_of_every_year_in_exactly_one_job(years, waves, unkeyed):
    # what the workflow validates: every file read, the wide VSLGWBTAB once per year
    expected = Counter()
    for t, y in input_files({"years": years, "survey_waves": waves}):
        expected.update([(t, x) for x in years] if TABLES[t].wide_years else [(t, y)])
    jobs = Counter((t, None) for t in national_tables(unkeyed))
    for y in years:
        jobs.update((t, y) for t in year_tables(wave=y in waves))
    jobs.update((t, None) for t in unkeyed)  # rule ingest_unkeyed, a job per registration
    assert jobs == expected


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    tables = generate_world(
        seed=3, n_residents=400, years=YEARS, survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    write_world(tables, root, "csv")
    return root


def source(root, table, year):
    stem = f"{table}{year}" if TABLES[table].per_year else table
    return root / table / f"{stem}.csv"


def test_a_job_of_several_tables_writes_what_a_job_per_table_wrote(world, tmp_path):
    year = 2022
    tables = [(t, year) for t in year_tables(wave=True)] + [(t, None) for t in national_tables([])]
    sources = {t: source(world, t, y) for t, y in tables}
    outs = [tmp_path / "job" / f"{t}.parquet" for t, _ in tables]
    qualities = [tmp_path / "job" / f"{t}.json" for t, _ in tables]
    ingest_tables(tables, sources, outs, qualities)
    for (t, y), out, quality in zip(tables, outs, qualities, strict=True):
        alone, alone_q = tmp_path / "alone" / f"{t}.parquet", tmp_path / "alone" / f"{t}.json"
        # as the job of one table did (rules ingest and ingest_year before issue 14)
        ingest(t, sources[t], alone, y, [y] if TABLES[t].wide_years else [], quality=alone_q)
        assert out.read_bytes() == alone.read_bytes(), t
        assert quality.read_bytes() == alone_q.read_bytes(), t


def test_every_bad_table_of_a_job_is_named_as_its_own_job_named_it(world, tmp_path):
    year = 2021
    tables = [(t, year) for t in year_tables(wave=False)]
    sources = {t: source(world, t, year) for t, _ in tables}
    bad = ["MEDICIJNTAB", "INHATAB"]
    for t in bad:  # a RINPERSOON of 10 digits in the second data row
        path = tmp_path / "bad" / t / sources[t].name
        path.parent.mkdir(parents=True)
        lines = sources[t].read_text(encoding="utf-8").splitlines(keepends=True)
        sep = ";" if ";" in lines[0] else ","
        lines[2] = lines[2].replace(sep, sep + "1", 1)
        path.write_text("".join(lines), encoding="utf-8")
        sources[t] = path
    alone = []
    for t in bad:
        with pytest.raises(InputError) as err:
            ingest(t, sources[t], tmp_path / "alone.parquet", year)
        alone.append(str(err.value))
    outs = [tmp_path / "job" / f"{t}.parquet" for t, _ in tables]
    with pytest.raises(InputError) as err:
        ingest_tables(tables, sources, outs, [o.with_suffix(".json") for o in outs])
    assert str(err.value) == "\n\n".join(alone)
    assert all(f"Input table {t} in file {sources[t]}" in str(err.value) for t in bad)
    # the good tables, also those after the first bad one, were read (the workflow then removes
    # the outputs of the failed job)
    assert [t for t, _ in tables if (tmp_path / "job" / f"{t}.parquet").exists()] == [
        t for t, _ in tables if t not in bad
    ]
