"""The probabilistic linkage trained once and linked per source year with the frozen model
(wijkzicht.population.probabilistic.train_registration, link_year, combine_years): on a small
synthetic world of three years the same links, keyed file, summary and weights as training and
linking every row at once (link_registration); the model a JSON file that gives the same bytes
when read back; a year's keyed rows what the narrow job of a year reads (several files of one
table, one after the other)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from wijkzicht.inputs.ingest import ingest
from wijkzicht.population import probabilistic as pr
from wijkzicht.population.reach import narrow_tables

YEARS = [2021, 2022, 2023]
SETTINGS = pr.Settings(threshold_match_weight=-6)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from wijkzicht.synth import generate_world, write_world

    tmp = tmp_path_factory.mktemp("perjaar")
    w = generate_world(seed=11, n_residents=4000, years=YEARS, survey_waves=[],
                       unkeyed=["GEMBUURTTEAM"])  # fmt: skip
    write_world(w, tmp / "raw", "parquet")
    w.truth["GEMBUURTTEAM"].to_parquet(tmp / "truth.parquet")
    v = {}
    for t in ("GBAPERSOONTAB", "GBAADRESOBJECTBUS", "VSLGWBTAB", "GEMBUURTTEAM"):
        v[t] = str(tmp / f"{t}.parquet")
        ingest(t, tmp / "raw" / t / f"{t}.parquet", v[t], None, YEARS,
               unkeyed=t == "GEMBUURTTEAM")  # fmt: skip
    return tmp, v


@pytest.fixture(scope="module")
def at_once(world):
    tmp, v = world
    out = tmp / "at_once.parquet"
    summary, best = pr.link_registration(
        str(out), v["GEMBUURTTEAM"], v["GBAPERSOONTAB"], v["GBAADRESOBJECTBUS"],
        [v["VSLGWBTAB"]], "GM0344", YEARS[0], SETTINGS, str(tmp / "truth.parquet"),
    )  # fmt: skip
    return out, summary, best


def _train(v):
    return pr.train_registration(
        v["GEMBUURTTEAM"], v["GBAPERSOONTAB"], v["GBAADRESOBJECTBUS"], [v["VSLGWBTAB"]],
        "GM0344", YEARS[0], YEARS[-1], SETTINGS,
    )  # fmt: skip


@pytest.fixture(scope="module")
def per_year(world):
    tmp, v = world
    model, record = _train(v)
    # the model as the job saves it and the next job reads it: a JSON file
    saved = json.loads(json.dumps(model, indent=1, sort_keys=True))
    years = {}
    for y in YEARS:
        out = tmp / f"linked{y}.parquet"
        entries, frame = pr.link_year(
            str(out), v["GEMBUURTTEAM"], v["GBAPERSOONTAB"], v["GBAADRESOBJECTBUS"], saved,
            YEARS[0], y, SETTINGS, str(tmp / "truth.parquet"),
        )  # fmt: skip
        years[y] = (out, entries, frame)
    combined = tmp / "combined.parquet"
    summary, best = pr.combine_years(
        str(combined), v["GEMBUURTTEAM"], [years[y][2] for y in YEARS],
        [years[y][1] for y in YEARS], YEARS[0], YEARS[-1], SETTINGS, evaluated=True,
    )  # fmt: skip
    return model, record, years, combined, summary, best


def test_linked_per_year_with_the_frozen_model_as_at_once(at_once, per_year):
    out, summary, best = at_once
    _, record, years, combined, summary_years, best_years = per_year
    assert record["trained"] and record["n_rows"] == summary["years"][-1]["n_rows"]
    # the keyed registration, byte for byte; the summary per source year and in total
    assert combined.read_bytes() == out.read_bytes()
    assert json.dumps(summary_years, sort_keys=True) == json.dumps(summary, sort_keys=True)
    pd.testing.assert_frame_equal(best_years, best)
    # every year linked something, and the total is right against the truth
    total = summary["years"][-1]
    assert [e["bronjaar"] for e in summary["years"]][: len(YEARS)] == YEARS
    assert total["precision"] >= 0.9 and total["recall"] >= 0.9, total
    assert all(int(years[y][2]["linked"].sum()) > 0 for y in YEARS)


def test_a_years_keyed_rows_are_its_rows_of_the_whole_file(at_once, per_year):
    out, _, _ = at_once
    _, _, years, _, _, _ = per_year
    whole = pd.read_parquet(out)
    begun = pd.to_datetime(whole["DATUMBEGIN"]).dt.year
    parts = {y: pd.read_parquet(years[y][0]) for y in YEARS}
    assert list(parts[YEARS[0]].columns) == list(whole.columns)
    # the first year's job: its rows, those begun before it and those without a begin date
    first = whole[begun.isna() | (begun <= YEARS[0])].reset_index(drop=True)
    pd.testing.assert_frame_equal(parts[YEARS[0]], first)
    for y in YEARS[1:]:
        pd.testing.assert_frame_equal(parts[y], whole[begun == y].reset_index(drop=True))
    assert sum(len(p) for p in parts.values()) == len(whole)


def test_the_model_is_the_same_on_a_second_training(world, per_year):
    _, v = world
    model, record, *_ = per_year
    again, record_again = _train(v)
    assert json.dumps(again, sort_keys=True) == json.dumps(model, sort_keys=True)
    assert record_again == record
    # trained: m and u of the levels, the prior 1 / the register persons compared
    assert model["probability_two_random_records_match"] == pytest.approx(1 / record["n_persons"])
    exact = [c["comparison_levels"][1] for c in model["comparisons"]]  # the most alike level
    assert all(lvl["m_probability"] > lvl["u_probability"] > 0 for lvl in exact), exact


def test_a_year_linked_again_with_the_saved_model_has_the_same_bytes(world, per_year):
    tmp, v = world
    model, _, years, *_ = per_year
    y = YEARS[1]
    out = tmp / "again.parquet"
    entries, frame = pr.link_year(
        str(out), v["GEMBUURTTEAM"], v["GBAPERSOONTAB"], v["GBAADRESOBJECTBUS"], model,
        YEARS[0], y, SETTINGS, str(tmp / "truth.parquet"),
    )  # fmt: skip
    assert out.read_bytes() == years[y][0].read_bytes()
    assert entries == years[y][1]
    pd.testing.assert_frame_equal(frame, years[y][2])


def test_training_needs_a_row_up_to_the_last_training_year(world):
    _, v = world
    with pytest.raises(pr.LinkageError, match="training year"):
        pr.train_registration(
            v["GEMBUURTTEAM"], v["GBAPERSOONTAB"], v["GBAADRESOBJECTBUS"], [v["VSLGWBTAB"]],
            "GM0344", YEARS[0], 1990, SETTINGS,
        )  # fmt: skip


def test_year_rows():
    assert pr.year_rows(2021, 2021) == pr.Rows(first=None, last=2021, undated=True)
    assert pr.year_rows(2023, 2021) == pr.Rows(first=2023, last=2023, undated=False)
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES (2019), (2021), (2022), (NULL)) v(bronjaar)"
    )

    def years(rows):
        return sorted(
            con.execute(f"SELECT bronjaar FROM t WHERE {rows.sql()}").fetchall(),
            key=lambda r: (r[0] is None, r[0] or 0),
        )

    assert years(pr.year_rows(2021, 2021)) == [(2019,), (2021,), (None,)]
    assert years(pr.year_rows(2022, 2021)) == [(2022,)]
    assert years(pr.Rows()) == [(2019,), (2021,), (2022,), (None,)]


def test_the_narrow_job_reads_the_years_files_one_after_the_other(tmp_path, per_year):
    _, _, years, combined, _, _ = per_year
    con = duckdb.connect()
    keys = pd.read_parquet(combined)[["RINPERSOONS", "RINPERSOON"]]
    con.register("reach_src", keys[keys["RINPERSOON"] != ""].drop_duplicates().head(40))
    con.execute("CREATE TEMP TABLE reach AS SELECT * FROM reach_src")
    files = [str(years[y][0]) for y in YEARS[:2]]
    joined = tmp_path / "joined.parquet"
    con.execute("SET threads = 1")  # UNION ALL: the first file's rows, then the second's
    con.execute(
        f"COPY (SELECT * FROM read_parquet('{files[0]}') UNION ALL "
        f"SELECT * FROM read_parquet('{files[1]}')) TO '{joined}' (FORMAT parquet)"
    )
    out = {k: tmp_path / f"{k}.parquet" for k in ("list", "one", "copy")}
    narrow_tables(con, {"GEMBUURTTEAM": files}, {"GEMBUURTTEAM": out["list"]})
    narrow_tables(con, {"GEMBUURTTEAM": str(joined)}, {"GEMBUURTTEAM": out["one"]})
    got = pd.read_parquet(out["list"])
    pd.testing.assert_frame_equal(got, pd.read_parquet(out["one"]))
    assert 0 < len(got) < len(pd.read_parquet(joined))
    # copied whole (narrowing off): every row of the files, in their order
    narrow_tables(con, {"GEMBUURTTEAM": files}, {"GEMBUURTTEAM": out["copy"]}, narrowing=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out["copy"]), pd.read_parquet(joined))
