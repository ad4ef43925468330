"""The list of rows left to the output check (results/internal/release/primary_now.csv) carries
each row's counts now (A2). In a workflow run on a new delivery (MEDICIJNTAB 2022 less one
dispensing), the list named kopp.aandeel breed 2022 of a wijk published as 10/93 before and
primary now, by its key alone: the output checker had to find 9/93 in the internal tables to
judge how close the new figure lies to the published one."""

from __future__ import annotations

import pandas as pd

from wijkzicht.release import bundle

HEAD = ("theme,measure,definition,year,area_level,area_code,area_name,group,group_value,"
        "method,change,status_old,status_new\n")  # fmt: skip


def _statuses(**counts) -> pd.DataFrame:
    return pd.DataFrame({
        "theme": ["kopp"] * 2, "measure": ["kopp.aandeel"] * 2, "definition": ["breed"] * 2,
        "year": [2022, 2022], "area_level": ["wijk"] * 2, "area_code": ["WK034404", "WK034405"],
        "group": ["totaal"] * 2, "group_value": ["totaal"] * 2, "method": ["wilson"] * 2,
        "status": ["suppressed_primary", "suppressed_secondary"], **counts,
    })  # fmt: skip


def _export(tmp_path):
    root = tmp_path / "export"
    root.mkdir()
    (root / "changes.csv").write_text(
        HEAD + "kopp,kopp.aandeel,breed,2022,wijk,WK034404,Noordoost,totaal,totaal,wilson,"
        "newly_suppressed,ok,suppressed\n"
        + "kopp,kopp.aandeel,breed,2022,wijk,WK034405,Oost,totaal,totaal,wilson,"
        "newly_suppressed,ok,suppressed\n"
    )
    return root


def test_the_rows_left_to_the_output_check_carry_their_counts_now(tmp_path):
    statuses = _statuses(n_numerator=pd.array([9, 40], dtype="Int64"), n_denominator=[93, 388])
    rows = bundle.uncovered_rows(_export(tmp_path), statuses)
    assert [(r["area_code"], r["status_internal"], r["n_numerator_now"], r["n_denominator_now"])
            for r in rows] == [("WK034404", "suppressed_primary", "9", "93")]  # fmt: skip
    listed = tmp_path / "internal" / "primary_now.csv"
    bundle.write_uncovered(rows, listed)
    got = pd.read_csv(listed, dtype=str, keep_default_na=False)
    assert got[["n_numerator_now", "n_denominator_now"]].values.tolist() == [["9", "93"]]


def test_without_counts_in_the_statuses_the_columns_stay_empty(tmp_path):
    rows = bundle.uncovered_rows(_export(tmp_path), _statuses())
    assert [(r["area_code"], r["n_numerator_now"], r["n_denominator_now"]) for r in rows] == [
        ("WK034404", "", "")
    ]
