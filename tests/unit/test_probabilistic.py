"""Probabilistic linkage of a registration without RINPERSOON: the comparison levels of
hand-made pairs, one-to-one resolution, the evaluation, the released histogram and quality
table, bad input, and the same bytes on a rerun."""

import datetime as dt
import logging

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkzicht.disclosure.linkage import (
    releasable_probabilistic,
    releasable_quality,
    weight_histogram,
)
from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.population import probabilistic as pr
from wijkzicht.population.linkage import quality_counts

D = dt.date

# the register: five persons, their address spells (object A, B, C)
PERSOON = pd.DataFrame(
    {
        "RINPERSOONS": ["R"] * 5,
        "RINPERSOON": ["000000001", "000000002", "000000003", "000000004", "000000005"],
        "GBAGESLACHT": ["1", "2", "2", "1", "2"],
        "GBAGEBOORTEJAAR": [1980, 1982, 2010, 2010, 1975],
        "GBAGEBOORTEMAAND": [5, 11, 3, 3, 0],
    }
)
ADRES = pd.DataFrame(
    {
        "RINPERSOONS": ["R"] * 6,
        "RINPERSOON": ["000000001", "000000001", "000000002", "000000003", "000000004",
                       "000000005"],
        "GBADATUMAANVANGADRESHOUDING": [D(2000, 1, 1), D(2021, 6, 1), D(2000, 1, 1),
                                        D(2010, 3, 9), D(2010, 3, 9), D(1990, 1, 1)],
        "GBADATUMEINDEADRESHOUDING": [D(2021, 5, 31), D(2050, 12, 31), D(2050, 12, 31),
                                      D(2050, 12, 31), D(2050, 12, 31), D(2050, 12, 31)],
        "SOORTOBJECTNUMMER": ["B"] * 6,
        "RINOBJECTNUMMER": ["A", "B", "A", "A", "A", "C"],
    }
)  # fmt: skip
# the source: one row per comparison level worth showing
BRON = pd.DataFrame(
    {
        "file_row_number": range(7),
        "GEBOORTEDATUM": [
            D(1980, 5, 17),  # 1: person 1 exactly, at his earlier address A (he moved to B)
            D(1982, 11, 2),  # 2: person 2, at A on the date
            D(1982, 1, 11),  # 3: person 2 with day and month swapped
            D(2010, 8, 1),  # 4: persons 3/4 (born 2010-03): the month one digit off (03 -> 08)
            D(2011, 3, 9),  # 5: persons 3/4: the year one digit off (2010 -> 2011)
            None,  # 6: no birth date
            D(1975, 6, 1),  # 7: person 5, whose birth month the register does not know
        ],
        "GESLACHT": ["1", "2", "-", "1", "2", "2", "2"],
        "SOORTOBJECTNUMMER": ["B"] * 7,
        "RINOBJECTNUMMER": ["A", "A", "A", "A", "A", "A", "C"],
        "DATUMBEGIN": [D(2022, 3, 1)] * 6 + [None],
    }
)

LEVELS = {  # gamma -> label, as comparisons() orders them (the null level is -1)
    c["output_column_name"]: {
        len(c["comparison_levels"]) - 2 - i: lvl["label_for_charts"]
        for i, lvl in enumerate(c["comparison_levels"][1:])
    }
    for c in pr.comparisons()
}


def _con():
    con = duckdb.connect()
    con.register("source", BRON)
    con.register("persoon", PERSOON)
    con.register("adres", ADRES)
    return con


def _levels() -> pd.DataFrame:
    """Every blocked (row, person, spell) pair of the hand-made world with the label of each
    comparison level, from Splink's comparison vectors (parameters untrained: the levels only)."""
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    con = _con()
    n = pr.prepare(con, D(2022, 1, 1))
    assert n == 5  # every person has a spell at an object of the source
    api = DuckDBAPI(connection=con)
    cfg = pr.splink_settings(1 / n, 1)
    cfg["retain_matching_columns"] = True
    bron, reg = (api.register(t, dataset_display_name=d) for t, d in (("bron", pr.L), ("register", pr.R)))  # fmt: skip
    pairs = Linker([bron, reg], cfg, log_level=None).inference.predict(warning_mode="never")
    df = pairs.as_pandas_dataframe()
    out = pd.DataFrame({"row": df["unique_id_l"], "person": df["rinpersoon_r"].str[-1].astype(int)})
    for name, labels in LEVELS.items():
        out[name] = df[f"gamma_{name}"].map(lambda g, lab=labels: lab.get(g, "ontbreekt"))
    return out.sort_values(["row", "person"]).reset_index(drop=True)


def test_comparison_levels_of_hand_made_pairs():
    got = _levels()
    best = {  # per (row, person): the most alike spell's levels (a person's best spell counts)
        (r, p): tuple(g.iloc[0]) for (r, p), g in got.groupby(["row", "person"])[list(LEVELS)]
    }
    # row 1: person 1 at A before his move: birth and sex equal, the address of another time
    assert best[(1, 1)] == ("jaar en maand gelijk", "gelijk", "zelfde adres, ander moment")
    # person 2 (a woman born 1982-11) lives at A on the date: the man of row 1 is not her
    assert best[(1, 2)] == ("anders", "anders", "zelfde adres op de datum")
    assert best[(2, 2)] == ("jaar en maand gelijk", "gelijk", "zelfde adres op de datum")
    # row 3: 1982-01-11 is 1982-11-01 with day and month swapped; sex unknown
    assert best[(3, 2)] == ("dag en maand verwisseld", "ontbreekt", "zelfde adres op de datum")
    assert best[(4, 3)][0] == "jaar gelijk, maand een cijfer anders"  # 201008 against 201003
    assert best[(4, 4)] == ("jaar gelijk, maand een cijfer anders", "gelijk",
                            "zelfde adres op de datum")  # fmt: skip
    assert best[(5, 3)][0] == "maand gelijk, jaar een cijfer anders"  # 201103 against 201003
    assert best[(6, 2)] == ("ontbreekt", "gelijk", "zelfde adres op de datum")
    # row 7 has no begin date: compared on 1 January of the first year; month 00 in the register
    assert best[(7, 5)] == ("jaar gelijk, maand onbekend in register", "gelijk",
                            "zelfde adres op de datum")  # fmt: skip
    # blocking: a pair shares the address object; person 5 (at C) meets only row 7
    assert set(got.loc[got["person"] == 5, "row"]) == {7}
    assert set(got.loc[got["row"] == 7, "person"]) == {5}


def test_one_to_one_best_first_ties_by_row_then_person():
    pairs = pd.DataFrame(
        {
            "row": [1, 1, 2, 2, 3, 4, 5, 6],
            "RINPERSOONS": ["R"] * 8,
            "RINPERSOON": ["A", "B", "A", "B", "C", "C", "D", "E"],
            "bronjaar": [2022, 2022, 2022, 2022, 2022, 2023, 2022, 2022],
            "match_weight": [9.0, 9.0, 9.0, 3.0, 5.0, 5.0, -7.0, -6.0],
        }
    )
    got = pr.one_to_one(pairs, threshold=-6)
    # rows 1 and 2 tie for A at 9: row 1 (the lower row) gets A, also over B (A < B);
    # row 2 then takes B at 3; C may link once per source year (rows 3 and 4 differ in year);
    # row 5 lies below the threshold, row 6 exactly on it
    assert list(zip(got["row"], got["RINPERSOON"], strict=True)) == [
        (1, "A"), (2, "B"), (3, "C"), (4, "C"), (6, "E"),
    ]  # fmt: skip
    same_year = pairs.assign(bronjaar=2022)
    got = pr.one_to_one(same_year, threshold=-6)
    assert list(got["row"]) == [1, 2, 3, 6]  # row 4 lost C to row 3 (same year, row 3 first)


def test_evaluate_counts_by_hand():
    truth = pd.DataFrame({"row": [1, 2, 3, 4], "RINPERSOONS": ["R", "R", "R", ""],
                          "RINPERSOON": ["A", "B", "Z", ""]})  # fmt: skip
    register = pd.DataFrame({"RINPERSOONS": ["R"] * 3, "RINPERSOON": ["A", "B", "C"]})
    links = pd.DataFrame(
        {"row": [1, 2, 4], "RINPERSOONS": ["R"] * 3, "RINPERSOON": ["A", "C", "C"]}
    )
    got = pr.evaluate(links, truth, register)
    # findable: rows 1 and 2 (Z is not in the register, row 4 has no person); right: row 1
    assert (got["n_links"], got["n_correct"], got["n_findable"]) == (3, 1, 2)
    assert got["precision"] == pytest.approx(1 / 3) and got["recall"] == pytest.approx(1 / 2)
    assert got["f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def _bins(got: pd.DataFrame) -> list[tuple]:
    got = got[["lower", "upper", "n"]]
    return [tuple(r) for r in got.astype(object).where(got.notna(), None).itertuples(index=False)]


def test_weight_histogram_merges_small_bins_on_each_side_of_the_threshold():
    w = pd.Series([-31.0] * 3 + [-29.5] * 12 + [-7.0] * 4 + [-1.0] * 2 + [0.5] * 10 + [7.2] * 30
                  + [np.nan] * 5)  # fmt: skip
    got = weight_histogram(w, width=2, cut=-6, threshold=10)
    assert _bins(got) == [
        # -32..-30 (3) merged with -30..-28 (12); the short last bin below the threshold,
        # -8..-6 (4), joins it: no bin crosses the threshold -6; the 5 rows without a pair,
        # fewer than 10, join that lowest bin (both are not linked): 3 + 12 + 4 + 5
        (None, -6.0, 24),
        (-2.0, 2.0, 12),  # -2..0 (2) merged with 0..2 (10)
        (6.0, 8.0, 30),
    ]
    assert got["bin"].tolist() == ["geen paar gescoord of onder -6", "-2 tot 2", "6 tot 8"]
    # a side with fewer rows than the threshold in all joins the nearest bin of the other side
    got = weight_histogram(pd.Series([-9.0] * 4 + [3.0] * 20), width=2, cut=-6, threshold=10)
    assert _bins(got) == [(-10.0, 4.0, 24)]
    got = weight_histogram(pd.Series([-9.0] * 40 + [3.0] * 7), width=2, cut=-6, threshold=10)
    assert _bins(got) == [(-10.0, 4.0, 47)]
    # fewer rows than the threshold in all: one bin, its count left empty
    got = weight_histogram(pd.Series([-9.0] * 4 + [3.0] * 2), width=2, cut=-6, threshold=10)
    assert _bins(got) == [(-10.0, 4.0, None)]


def test_weight_histogram_names_its_bins_and_says_which_one_had_no_pair():
    """matchgewichten.csv says in the file which row holds the rows for which no pair was
    scored (it was said in docs/linkage.md only): the last, with empty bounds, or, when they
    are too few for a bin of their own, the lowest, 'geen paar gescoord of onder <upper>'."""
    w = pd.Series([-7.0] * 12 + [0.5] * 10 + [np.nan] * 15)
    got = weight_histogram(w, width=2, cut=-6, threshold=10)
    assert list(got.columns) == ["bin", "lower", "upper", "n"]
    assert got["bin"].tolist() == ["-8 tot -6", "0 tot 2", "geen paar gescoord"]
    assert pd.isna(got["lower"].iloc[-1]) and pd.isna(got["upper"].iloc[-1])
    assert got["n"].tolist() == [12, 10, 15]
    got = weight_histogram(pd.Series([-7.0] * 12 + [0.5] * 10 + [np.nan] * 5), 2, -6, 10)
    assert got["bin"].tolist() == ["geen paar gescoord of onder -6", "0 tot 2"]
    # a short side below the threshold joins the rows without a pair
    got = weight_histogram(pd.Series([-7.0] * 3 + [0.5] * 10 + [np.nan] * 15), 2, -6, 10)
    assert _bins(got) == [(None, -6.0, 18), (0.0, 2.0, 10)]


@pytest.mark.parametrize(
    "linked, below, no_pair",
    # a reviewer's cases (Z5): the one bin left empty came back as n_rows minus the others
    [(330, 12, 3), (330, 0, 4), (330, 5, 0), (13, 200, 40), (3, 200, 40), (2, 3, 1), (0, 0, 25)],
)
def test_no_count_of_the_histogram_comes_back_from_the_published_total(linked, below, no_pair):
    """matchgewichten.csv against probabilistisch.csv: its bins add up to the published n_rows,
    so a bin left empty beside published ones was their difference (1 row in a reviewer's
    world). Now every bin is published with at least `threshold` rows, or the whole histogram
    is one bin whose count is empty, as n_rows then is; the linked rows' total is told only
    where probabilistisch.csv publishes n_linked."""
    rng = np.random.default_rng(linked * 1000 + below * 10 + no_pair)
    w = pd.Series(np.r_[rng.uniform(6, 8, linked), rng.uniform(-20, -7, below), [np.nan] * no_pair])
    got = weight_histogram(w, width=2, cut=-6, threshold=10)
    n = len(w)
    summary = {"years": [{"bronjaar": "totaal", "n_rows": n, "n_links": linked, "precision": np.nan,
                          "recall": np.nan, "f1": np.nan}],
               "settings": {"threshold_match_weight": -6}, "evaluated": False}  # fmt: skip
    prob = releasable_probabilistic({"S": summary}, 10).iloc[0]
    if n >= 10:
        assert got["n"].notna().all() and (got["n"] >= 10).all()
        assert int(got["n"].sum()) == n == prob["n_rows"]
    else:
        assert len(got) == 1 and got["n"].isna().all() and pd.isna(prob["n_rows"])
    # the links' bins (from the threshold up) add up to n_linked where probabilistisch.csv
    # publishes it; elsewhere one bin spans the threshold, so the links are not told apart
    spans = (got["upper"].fillna(np.inf) > -6) & ~(got["lower"] >= -6) & got["upper"].notna()
    if pd.notna(prob["n_linked"]):
        assert not spans.any()
        assert int(got.loc[got["lower"] >= -6, "n"].sum()) == prob["n_linked"]
    else:
        assert spans.any() or linked == 0 or len(got) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.floats(-30, 20), st.just(float("nan"))), max_size=80),
    st.integers(2, 12),
)
def test_a_released_histogram_has_no_small_count_and_adds_up(weights, threshold):
    """Any weights: every count is at least `threshold` or the histogram is one bin with its
    count empty; the published counts add up to the rows; every bin on one side of `cut`
    unless a side is short."""
    w = pd.Series(weights, dtype=float)
    got = weight_histogram(w, width=2, cut=-6, threshold=threshold)
    if not len(w):
        assert got.empty
        return
    if len(w) < threshold:
        assert len(got) == 1 and got["n"].isna().all()
        return
    assert got["n"].notna().all() and (got["n"] >= threshold).all()
    assert int(got["n"].sum()) == len(w)
    scored = w.dropna()
    sides = [(scored < -6).sum() + w.isna().sum(), (scored >= -6).sum()]
    if min(sides) >= threshold:  # no bin spans the threshold
        lower, upper = got["lower"].fillna(-np.inf), got["upper"].fillna(-np.inf)
        assert ((upper <= -6) | (lower >= -6) | (got["bin"] == "geen paar gescoord")).all()


def test_quality_counts_and_releasable_quality():
    rec = {
        "table": "MEDICIJNTAB", "unkeyed": False,
        "columns": [{"column": "RINPERSOON", "filled": 1000, "repaired": 0, "dropped": 0},
                    {"column": "ATC4", "filled": 995, "repaired": 3, "dropped": 0}],
    }  # fmt: skip
    records = [{**rec, "year": 2022, "n_rows": 1000},
               {**rec, "year": 2023, "n_rows": 1200,
                "columns": [{**rec["columns"][0], "filled": 1200},
                            {**rec["columns"][1], "filled": 1150, "repaired": 0}]}]  # fmt: skip
    links = pd.DataFrame({"source": ["MEDICIJNTAB"] * 2, "year": [2022, 2023],
                          "n_rows": [1000, 1200], "n_gba": [990, 1100]})  # fmt: skip
    counts = quality_counts(records, links, {})
    out = releasable_quality(counts, threshold=10).set_index(["year", "measure", "column"])
    assert out.loc[(2022, "n_rows", ""), "value"] == 1000
    assert out.loc[(2023, "n_rows", ""), ["value_previous_year", "change"]].tolist() == [1000, 200]
    # 995 of 1000 ATC4 filled: 5 missing lies in 1..9, the share is left empty, marked suppressed
    row = out.loc[(2022, "share_complete", "ATC4")]
    assert row["value"] is None and bool(row["suppressed"])
    row = out.loc[(2023, "share_complete", "ATC4")]  # 50 missing of 1200: published
    assert row["value"] == round(1150 / 1200, 4) and row["value_previous_year"] is None
    assert out.loc[(2022, "n_repaired", ""), "value"] is None  # 3 repaired: a small count
    row = out.loc[(2023, "share_linked", "")]
    assert row["method"] == "deterministisch" and row["value"] == round(1100 / 1200, 4)
    assert row["change"] == round(round(1100 / 1200, 4) - 0.99, 4)


def test_releasable_probabilistic():
    summary = {
        "settings": {"threshold_match_weight": -6.0}, "evaluated": True,
        "years": [{"bronjaar": 2022, "n_rows": 105, "n_links": 100, "precision": 0.99,
                   "recall": 0.97, "f1": 0.98},
                  {"bronjaar": None, "n_rows": 3, "n_links": 3, "precision": 1, "recall": 1,
                   "f1": 1},
                  {"bronjaar": "totaal", "n_rows": 108, "n_links": 103, "precision": 0.98123,
                   "recall": 0.97, "f1": 0.9756}],
    }  # fmt: skip
    got = releasable_probabilistic({"GEMBUURTTEAM": summary}, threshold=10)
    assert len(got) == 2  # the 3 rows without a begin date count in the total only
    # 5 of 105 not linked: the share and the count of links are left empty, the rows stay
    first = got.iloc[0]
    assert first["n_rows"] == 105 and pd.isna(first["n_linked"]) and first["share_linked"] is None
    total = got.iloc[1]
    assert pd.isna(total["year"]) and total["precision"] == 0.9812
    assert total["evaluated_on"] == "synthetische wereld"


def test_bad_unkeyed_source_is_named(tmp_path):
    path = tmp_path / "GEMBUURTTEAM.csv"
    path.write_text(
        "GEBOORTEDATUM;GESLACHT;SOORTOBJECTNUMMER;RINOBJECTNUMMER;TEAM;DATUMBEGIN;DATUMEINDE\n"
        "19851340;1;B;000123;JG;20220101;20220301\n"
        "19850101;M;B;000124;JG;20220101;20220301\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        ingest("GEMBUURTTEAM", path, tmp_path / "out.parquet", unkeyed=True)
    msg = str(err.value)
    assert "GEMBUURTTEAM" in msg and str(path) in msg
    assert "column GEBOORTEDATUM: 1 row(s) expected a date YYYYMMDD" in msg and "'19851340'" in msg
    assert "column GESLACHT: 1 row(s) expected one of ['1', '2', '-']" in msg and "'M'" in msg
    # a keyed file where the configuration says the table arrives without RINPERSOON
    keyed = tmp_path / "keyed.csv"
    keyed.write_text("RINPERSOONS;RINPERSOON;TEAM;DATUMBEGIN;DATUMEINDE\nR;000000001;JG;;\n")
    with pytest.raises(InputError) as err:
        ingest("GEMBUURTTEAM", keyed, tmp_path / "out.parquet", unkeyed=True)
    msg = str(err.value)
    assert "missing required column(s): GEBOORTEDATUM, GESLACHT" in msg
    assert "data.unkeyed" in msg and "synthetic.unkeyed" in msg
    with pytest.raises(KeyError):
        ingest("MEDICIJNTAB", keyed, tmp_path / "out.parquet", 2022, unkeyed=True)


def test_link_registration_on_a_small_world_is_byte_identical(tmp_path):
    from wijkzicht.synth import generate_world, write_world

    years = [2022]
    world = generate_world(seed=11, n_residents=4000, years=years, survey_waves=[],
                           unkeyed=["GEMBUURTTEAM"])  # fmt: skip
    write_world(world, tmp_path / "raw", "parquet")
    world.truth["GEMBUURTTEAM"].to_parquet(tmp_path / "truth.parquet")
    v = {}
    for t in ("GBAPERSOONTAB", "GBAADRESOBJECTBUS", "VSLGWBTAB", "GEMBUURTTEAM"):
        v[t] = tmp_path / f"{t}.parquet"
        ingest(t, tmp_path / "raw" / t / f"{t}.parquet", v[t], None, years,
               unkeyed=t == "GEMBUURTTEAM")  # fmt: skip
    runs = []
    for k in ("a", "b"):
        out = tmp_path / f"keyed_{k}.parquet"
        summary, best = pr.link_registration(
            str(out), str(v["GEMBUURTTEAM"]), str(v["GBAPERSOONTAB"]),
            str(v["GBAADRESOBJECTBUS"]), [str(v["VSLGWBTAB"])], "GM0344", 2022,
            pr.Settings(threshold_match_weight=-6), str(tmp_path / "truth.parquet"),
        )  # fmt: skip
        runs.append((out.read_bytes(), summary, best))
    assert runs[0][0] == runs[1][0] and runs[0][1] == runs[1][1]
    pd.testing.assert_frame_equal(runs[0][2], runs[1][2])
    keyed = pd.read_parquet(tmp_path / "keyed_a.parquet")
    assert list(keyed.columns) == ["RINPERSOONS", "RINPERSOON", "TEAM", "DATUMBEGIN", "DATUMEINDE"]
    total = runs[0][1]["years"][-1]
    assert total["bronjaar"] == "totaal" and total["n_rows"] == len(keyed)
    assert (keyed["RINPERSOONS"] == "R").sum() == total["n_links"]
    # a tiny world (about 150 rows): the bar is lower than the 0.95 of the e2e world
    assert total["precision"] >= 0.9 and total["recall"] >= 0.9, total


def test_register_reads_persons_of_every_gemeente_of_the_run():
    """The register holds persons with a spell at an object of the source or of the gemeente;
    in a region run of any of its gemeenten. A source at object C only: person 5 (at C), plus
    the persons at objects of the gemeenten by VSLGWBTAB (A in GM0001, B in GM0002)."""
    geo = pd.DataFrame(
        {"SOORTOBJECTNUMMER": ["B", "B"], "RINOBJECTNUMMER": ["A", "B"],
         "gemeente": ["GM0001", "GM0002"]}
    )  # fmt: skip

    def persons(gemeente):
        con = duckdb.connect()
        con.register(
            "source", BRON[BRON["RINOBJECTNUMMER"] == "C"].assign(DATUMBEGIN=D(2022, 3, 1))
        )
        con.register("persoon", PERSOON)
        con.register("adres", ADRES)
        con.register("geo", geo)
        pr.prepare(con, D(2022, 1, 1), gemeente)
        return sorted(
            r[0] for r in con.execute("SELECT DISTINCT rinpersoon FROM register").fetchall()
        )

    assert persons(None) == ["000000005"]
    # at A (GM0001): persons 1 (before his move), 2, 3, 4; at B (GM0002): person 1
    at_a = ["000000001", "000000002", "000000003", "000000004", "000000005"]
    assert persons("GM0001") == at_a
    assert persons(["GM0001"]) == at_a  # a region of one: the same register
    assert persons(["GM0002"]) == ["000000001", "000000005"]
    assert persons(["GM0002", "GM0001"]) == at_a
    assert persons(["GM0003"]) == ["000000005"]
