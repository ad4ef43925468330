"""The export gate's LP across inwoners.csv, migratie and kopp holds the wijken at most their
gemeente (a resident may be in no wijk), where the audit holds them equal wherever the register
has nobody outside a wijk. Where the export itself shows the wijken adding up (the residents of
the gemeente and of every wijk published) the gate's LP has the equality too: the residents'
rest outside the wijken is the sum of the adults', children's and ageless rests, each 0 or
more, so all are 0 (A5). Where it does not, the gate cannot know it and does not assume it."""

from __future__ import annotations

import pandas as pd
from test_population_difference_a4 import (
    ADULTS,
    THRESHOLD,
    export,
    kopp_table,
    migratie_table,
    residents_table,
)

from wijkzicht.disclosure.gate import check_export


def _hide(table: pd.DataFrame, area: str) -> pd.DataFrame:
    out = table.assign(status="ok")
    out.loc[out["area_code"] == area, "status"] = "suppressed_secondary"
    return out


def _tables(inwoners_hidden: str | None):
    inw = residents_table()
    if inwoners_hidden:
        inw = _hide(inw, inwoners_hidden)
    # migratie hides the adults of WK034402 alone; kopp publishes every wijk's children
    return {"inwoners": inw, "migratie": _hide(migratie_table(), "WK034402"),
            "kopp": kopp_table().assign(status="ok")}  # fmt: skip


def test_the_wijken_add_up_where_the_export_shows_it(tmp_path):
    export(tmp_path, _tables(None))
    problems = check_export(tmp_path, THRESHOLD)
    adults = [p for p in problems if "volwassenen (migratie) of WK034402" in p.message]
    assert len(adults) == 1 and f"{ADULTS['WK034402']} to {ADULTS['WK034402']}" in adults[0].message


def test_where_the_export_hides_the_gemeente_residents_no_sum_is_assumed(tmp_path):
    """With the gemeente's residents hidden, a resident outside every wijk is possible for all
    the export says: the adults of WK034402 lie between 0 and its residents minus children."""
    export(tmp_path, _tables("GM0344"))
    problems = check_export(tmp_path, THRESHOLD)
    assert not [p for p in problems if "of WK034402" in p.message]
