"""The linkage report: counts per source, and only shares that pass the primary rule."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from wijkzicht.disclosure.linkage import releasable, releasable_quality, rounded_share
from wijkzicht.population.linkage import COUNTS, LinkSource, link_counts, own_strata


def _parquet(tmp_path, name: str, df: pd.DataFrame) -> str:
    path = tmp_path / f"{name}.parquet"
    df.to_parquet(path, index=False)
    return str(path)


def test_link_counts(tmp_path):
    con = duckdb.connect()
    team = pd.DataFrame({
        "RINPERSOONS": ["R", "R", "I", "R"], "RINPERSOON": ["000000001", "000000002", "000000003", "000000009"],
        "TEAM": ["JG", "SOC", "JG", "JG"],
    })  # fmt: skip
    persoon = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": ["000000001", "000000002"]})
    con.register("persoon", persoon)
    residents = {"GM0344": {2021: _parquet(tmp_path, "r", persoon.iloc[:1])}}
    source = LinkSource("GEMBUURTTEAM", None, _parquet(tmp_path, "team", team))
    got = link_counts(con, [source], residents)
    assert got.drop(columns="year").to_dict("records") == [
        {"gemeente": "GM0344", "source": "GEMBUURTTEAM", "kenmerk": "buurtteam jeugd en gezin", "n_rows": 4, "n_r": 3,
         "n_gba": 2, "n_resident": 1, "n_kenmerk_linked": 1, "n_unlinked": 2,
         "n_kenmerk_unlinked": 2}
    ]  # fmt: skip


def test_link_counts_of_several_sources_in_one_query(tmp_path):
    # person 1 is a resident in 2021 only, person 2 in 2022 only, person 3 in both; 4 is in the
    # register but never a resident; 5 is not in the register
    keys = [f"00000000{i}" for i in range(1, 6)]
    con = duckdb.connect()
    con.register("persoon", pd.DataFrame({"RINPERSOONS": ["R"] * 4, "RINPERSOON": keys[:4]}))
    residents = {
        2021: _parquet(tmp_path, "r21", pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": [keys[0], keys[2], keys[2]]})),
        2022: _parquet(tmp_path, "r22", pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": [keys[1], keys[2]]})),
    }  # fmt: skip
    med = {
        y: _parquet(tmp_path, f"med{y}", pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": keys, "ATC4": ["N05A", "A01B", "N06A", "N05B", "N06B"]}))
        for y in (2021, 2022)
    }  # fmt: skip
    team = pd.DataFrame(
        {"RINPERSOONS": "R", "RINPERSOON": keys, "TEAM": ["JG", "JG", "SOC", "JG", "JG"]}
    )
    survey = pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": keys, "STRATUM": ["a", "b", "a", "a", "b"],
                           "K10_01": 1.0, "K10_10": [1.0, None, 2.0, 3.0, 4.0]})  # fmt: skip
    empty = team.iloc[:0]
    sources = [
        LinkSource("MEDICIJNTAB", 2021, med[2021]),
        LinkSource("MEDICIJNTAB", 2022, med[2022]),
        LinkSource("GEMBUURTTEAM", None, _parquet(tmp_path, "team", team)),
        LinkSource("GEZOMONITOR", 2022, _parquet(tmp_path, "survey", survey), "STRATUM = 'a'"),
        LinkSource("GEMWMOVOORZIENINGEN", None, _parquet(tmp_path, "empty", empty.rename(columns={"TEAM": "VOORZIENING"}))),
    ]  # fmt: skip
    got = link_counts(con, sources, {"GM0344": residents}).set_index(["source", "year"])
    # by hand: residents of the source's year; of any year for a table not per year
    assert got["n_resident"].tolist() == [2, 2, 3, 1, 0]
    assert got["n_rows"].tolist() == [5, 5, 5, 3, 0]  # the survey: its rows in stratum a
    assert got["n_gba"].tolist() == [4, 4, 4, 3, 0]
    assert got["n_unlinked"].tolist() == [1, 1, 1, 0, 0]
    # psychofarmaca (N05/N06) among the linked: persons 1, 3, 4; unlinked: 5
    assert got.loc[("MEDICIJNTAB", 2021), ["n_kenmerk_linked", "n_kenmerk_unlinked"]].tolist() == [
        3,
        1,
    ]
    # JG among the linked 1, 2, 4; K10 complete among stratum a: persons 1, 3, 4
    assert got.loc[("GEMBUURTTEAM", pd.NA), "n_kenmerk_linked"].item() == 3
    assert got.loc[("GEZOMONITOR", 2022), "n_kenmerk_linked"] == 3
    assert str(got.reset_index()["year"].dtype) == "Int64"


def test_link_counts_needs_residents_of_a_sources_year(tmp_path):
    con = duckdb.connect()
    con.register("persoon", pd.DataFrame({"RINPERSOONS": ["R"], "RINPERSOON": ["000000001"]}))
    one = pd.DataFrame({"RINPERSOONS": ["R"], "RINPERSOON": ["000000001"], "ATC4": ["N05A"]})
    with pytest.raises(ValueError, match="MEDICIJNTAB 2020 has no residents of its year in GM0344"):
        link_counts(con, [LinkSource("MEDICIJNTAB", 2020, _parquet(tmp_path, "m", one))],
                    {"GM0344": {2021: _parquet(tmp_path, "r", one)}})  # fmt: skip


def test_link_counts_of_a_region_count_each_source_once_for_every_gemeente(tmp_path):
    # two gemeenten A and B. Person 1 lives in A in 2021 and in B in 2022 (a mover), person 2
    # in B in both years, person 3 in A in 2022; person 4 is in the register, never a resident
    # of either; person 5 is not in the register. The survey file holds both gemeenten's
    # strata: a is A's, b is B's.
    keys = [f"00000000{i}" for i in range(1, 6)]
    con = duckdb.connect()
    con.register("persoon", pd.DataFrame({"RINPERSOONS": ["R"] * 4, "RINPERSOON": keys[:4]}))

    def res(name, *persons):
        return _parquet(
            tmp_path,
            name,
            pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": [keys[p - 1] for p in persons]}),
        )

    residents = {
        "GM0001": {2021: res("a21", 1), 2022: res("a22", 3)},
        "GM0002": {2021: res("b21", 2), 2022: res("b22", 1, 2)},
    }  # fmt: skip
    med = _parquet(
        tmp_path, "med", pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": keys, "ATC4": "N05A"})
    )
    team = _parquet(
        tmp_path,
        "team",
        pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": keys + keys[:1], "TEAM": "JG"}),
    )
    survey = _parquet(tmp_path, "survey", pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": keys, "STRATUM": ["a", "b", "a", "b", "b"],
        "K10_01": 1.0, "K10_10": 1.0,
    }))  # fmt: skip
    sources = [
        LinkSource("MEDICIJNTAB", 2022, med),
        LinkSource("GEZOMONITOR", 2022, survey, own_strata(["a"]), "GM0001"),
        LinkSource("GEZOMONITOR", 2022, survey, own_strata(["b"]), "GM0002"),
        LinkSource("GEMBUURTTEAM", None, team),
    ]  # fmt: skip
    got = link_counts(con, sources, residents)
    # each gemeente its own rows, in the order given; a survey source only in its gemeente's
    assert got[["gemeente", "source"]].values.tolist() == [
        ["GM0001", "MEDICIJNTAB"], ["GM0001", "GEZOMONITOR"], ["GM0001", "GEMBUURTTEAM"],
        ["GM0002", "MEDICIJNTAB"], ["GM0002", "GEZOMONITOR"], ["GM0002", "GEMBUURTTEAM"],
    ]  # fmt: skip
    # by hand. MEDICIJNTAB 2022 (persons 1-5): A's residents of 2022: 3; B's: 1, 2.
    # GEZOMONITOR, stratum a: persons 1, 3 (A's 2022 resident: 3); stratum b: 2, 4, 5 (B: 2).
    # GEMBUURTTEAM (1-5 and 1 again), any year: A: 1 twice, 3; B: 1 twice, 2.
    assert got["n_resident"].tolist() == [1, 1, 3, 2, 1, 3]
    assert got["n_rows"].tolist() == [5, 2, 6, 5, 3, 6]
    assert got["n_gba"].tolist() == [4, 2, 5, 4, 2, 5]
    # the national counts of a source are the same in each gemeente's rows
    national = [c for c in COUNTS if c != "n_resident"]
    for table in ("MEDICIJNTAB", "GEMBUURTTEAM"):
        rows = got[got["source"] == table][national]
        assert (rows.iloc[0] == rows.iloc[1]).all()
    # and each gemeente's rows are those of a run of that gemeente alone
    for gm in residents:
        alone = link_counts(
            con, [s for s in sources if s.gemeente in (None, gm)], {gm: residents[gm]}
        )
        pd.testing.assert_frame_equal(got[got["gemeente"] == gm].reset_index(drop=True), alone)


def test_own_strata_selects_a_gemeentes_respondents():
    con = duckdb.connect()
    rows = con.sql("SELECT * FROM (VALUES ('a'), ('b'), ('c''d'), (NULL)) t(STRATUM)")
    assert sorted(r[0] for r in rows.filter(own_strata(["a", "c'd"])).fetchall()) == ["a", "c'd"]
    assert rows.filter(own_strata([])).fetchall() == []


def test_releasable_hides_small_counts():
    counts = pd.DataFrame({
        "source": ["A", "B"], "year": [None, 2021], "kenmerk": ["x", "y"], "n_rows": [100, 5],
        "n_r": [95, 5], "n_gba": [90, 5], "n_resident": [50, 2], "n_kenmerk_linked": [10, 1],
        "n_unlinked": [10, 0], "n_kenmerk_unlinked": [3, 0],
    })  # fmt: skip
    out = releasable(counts, 10).set_index("source")
    assert out.loc["A", "n_rows"] == 100 and out.loc["A", "share_in_gba"] == 0.9
    assert pd.isna(out.loc["A", "share_linkable"])  # 5 not linkable: complement below 10
    assert pd.isna(out.loc["A", "share_kenmerk_unlinked"])  # 3 of 10
    assert out.loc["A", "share_kenmerk_linked"] == round(10 / 90, 4)
    # which cells the primary rule left empty: A's 5 of 100 not linkable and 3 of 10; B's 5 rows
    assert out.loc["A", "suppressed"] == "share_linkable;share_kenmerk_unlinked"
    assert out.loc["B", "suppressed"] == (
        "n_rows;share_linkable;share_in_gba;share_resident;share_kenmerk_linked;"
        "share_kenmerk_unlinked"
    )
    assert (
        pd.isna(out.loc["B", "n_rows"])
        and out.loc["B", ["share_in_gba", "share_resident"]].isna().all()
    )


def _denominators(share: float, low: int, high: int) -> list[int]:
    """The denominators in [low, high] for which some count rounds to `share` (4 decimals)."""
    return [n for n in range(low, high + 1) if any(round(k / n, 4) == share for k in range(n + 1))]


@pytest.mark.parametrize(
    "n_rows, n_gba, n_kenmerk_linked, n_kenmerk_unlinked",
    [(223, 222, 23, 0), (483, 478, 160, 2), (2475, 2466, 2424, 5), (120, 5, 2, 40)],
)
def test_the_propertys_shares_do_not_give_back_the_rows_outside_the_register(
    n_rows, n_gba, n_kenmerk_linked, n_kenmerk_unlinked
):
    """A reviewer's attack (Z5) on linkage.csv: share_in_gba left empty (1 to 9 rows outside
    the register, or inside it), but the property's share among the linked rows published to 4
    decimals over n_gba; of the denominators n_rows - 9 .. n_rows - 1 only the true one fits
    (23 / 222 = 0.1036 in the first case). Now both of the property's shares are empty with it,
    and named suppressed."""
    counts = pd.DataFrame({
        "source": ["A"], "year": [2019], "kenmerk": ["x"], "n_rows": [n_rows], "n_r": [n_rows],
        "n_gba": [n_gba], "n_resident": [n_gba], "n_kenmerk_linked": [n_kenmerk_linked],
        "n_unlinked": [n_rows - n_gba], "n_kenmerk_unlinked": [n_kenmerk_unlinked],
    })  # fmt: skip
    small = min(n_gba, n_rows - n_gba)
    assert 1 <= small <= 9  # the case: share_in_gba is left empty
    if n_rows == 223:  # the attack of the old release: one denominator fits
        published = round(n_kenmerk_linked / n_gba, 4)
        assert _denominators(published, n_rows - 9, n_rows - 1) == [n_gba]
    out = releasable(counts, 10).iloc[0]
    assert pd.isna(out["share_in_gba"])
    assert pd.isna(out["share_kenmerk_linked"]) and pd.isna(out["share_kenmerk_unlinked"])
    assert {"share_in_gba", "share_kenmerk_linked", "share_kenmerk_unlinked"} <= set(
        out["suppressed"].split(";")
    )
    assert out["n_rows"] == n_rows  # what stays: the rows and the shares over them


def test_releasable_tells_suppressed_from_nothing_to_count():
    # every row linked: no unlinked row, so the property's share among them is not suppressed
    # but undefined; 4 of 100 residents is suppressed
    counts = pd.DataFrame({
        "source": ["A"], "year": [None], "kenmerk": ["x"], "n_rows": [100], "n_r": [100],
        "n_gba": [100], "n_resident": [4], "n_kenmerk_linked": [30], "n_unlinked": [0],
        "n_kenmerk_unlinked": [0],
    })  # fmt: skip
    out = releasable(counts, 10).iloc[0]
    assert pd.isna(out["share_kenmerk_unlinked"]) and pd.isna(out["share_resident"])
    assert out["suppressed"] == "share_resident"


def test_a_share_is_never_rounded_to_all_or_none_when_it_is_not():
    # 500 of 18 million birth months missing: 0.99997 would round to 1 and the source-quality
    # line would say every field is filled in; 10 of 500,000 would round to 0
    num = np.array([18_000_000 - 500, 10, 500_000, 0, 7])
    den = np.array([18_000_000, 500_000, 500_000, 500_000, 0])
    got = rounded_share(num, den)
    assert got[:4].tolist() == [0.9999, 0.0001, 1.0, 0.0] and np.isnan(got[4])
    counts = pd.DataFrame({
        "source": ["GBAPERSOONTAB"], "year": [None], "measure": ["share_complete"],
        "column": ["GBAGEBOORTEMAAND"], "method": [""], "numerator": [18_000_000 - 500],
        "denominator": [18_000_000],
    })  # fmt: skip
    out = releasable_quality(counts, 10).iloc[0]
    assert out["value"] == 0.9999 and not out["suppressed"]
