"""The linkage report: counts per source, and only shares that pass the primary rule."""

import duckdb
import pandas as pd

from wijkzicht.disclosure.linkage import releasable
from wijkzicht.population.linkage import link_counts


def test_link_counts():
    con = duckdb.connect()
    source = pd.DataFrame({
        "RINPERSOONS": ["R", "R", "I", "R"], "RINPERSOON": ["000000001", "000000002", "000000003", "000000009"],
        "TEAM": ["JG", "SOC", "JG", "JG"],
    })  # fmt: skip
    persoon = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": ["000000001", "000000002"]})
    residents = pd.DataFrame({"RINPERSOONS": ["R"], "RINPERSOON": ["000000001"]})
    for name, df in (("source", source), ("persoon", persoon), ("residents", residents)):
        con.register(name, df)
    got = link_counts(con, "GEMBUURTTEAM")
    assert got == {"kenmerk": "buurtteam jeugd en gezin", "n_rows": 4, "n_r": 3, "n_gba": 2, "n_resident": 1,
                   "n_kenmerk_linked": 1, "n_unlinked": 2, "n_kenmerk_unlinked": 2}  # fmt: skip


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
    assert (
        pd.isna(out.loc["B", "n_rows"])
        and out.loc["B", ["share_in_gba", "share_resident"]].isna().all()
    )
