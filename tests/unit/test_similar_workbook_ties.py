"""The workbook's sheet of similar wijken says what the pages say (U11 finding 7, after U12): the
nearest in the pages' order with a near tie named 'even dichtbij' in name order (Noordwest's
Zuidwest 2,491 and Overvecht 2,500), not 'Lijkt het meest op' over a wijk that is not clearly
alike, and on how many figures the first lies close ('1 van de 8 cijfers: lijkt niet duidelijk')."""

from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from test_similar_ties_u12 import _rows
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs.workbook import TEXT, Styles, similar_sheet


def _sheet(tmp_path, table: pd.DataFrame, lang: str) -> list[tuple]:
    path = tmp_path / f"{lang}.xlsx"
    wb = xlsxwriter.Workbook(path)
    similar_sheet(
        wb.add_worksheet("s"), Styles(wb), SimpleNamespace(similar={"kopp": table}),
        parse_definitions(config()), lang,
    )  # fmt: skip
    wb.close()
    return list(openpyxl.load_workbook(path)["s"].iter_rows(values_only=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_near_tie_shares_the_first_place_in_name_order(tmp_path, lang):
    # Zuidwest nearer by 0,4%: named after Overvecht, both 'even dichtbij'; West 30% further
    table = _rows(("Zuidwest", 2.491, 2, 8), ("Overvecht", 2.500, 3, 8), ("West", 3.3, 1, 8))
    rows = _sheet(tmp_path, table, lang)
    t = TEXT[lang]
    assert rows[3] == tuple(t[k] for k in ("wijk", "alike", "alike2", "alike3", "alike_in", "differ_in",
                                           "compared", "close"))  # fmt: skip
    row = next(r for r in rows if r[0] == "Noordwest")
    tied = t["tied"]
    assert row[1:4] == (tied.format(name="Overvecht"), tied.format(name="Zuidwest"), "West")
    # the first place is Overvecht's, close in 3 of the 8: not clearly alike
    assert row[7] == t["clear"][False].format(a=3, n=8)
    assert "5%" in rows[1][0]


def test_a_clearly_alike_nearest_is_said_so_and_an_old_table_says_nothing(tmp_path):
    table = _rows(("Oost", 2.0, 7, 8), ("West", 3.0, 1, 8))
    row = next(r for r in _sheet(tmp_path, table, "nl") if r[0] == "Noordwest")
    assert row[1:3] == ("Oost", "West") and row[7] == "7 van de 8 cijfers: lijkt duidelijk"
    old = next(
        r for r in _sheet(tmp_path, table.drop(columns="n_alike"), "nl") if r[0] == "Noordwest"
    )
    assert old[1:3] == ("Oost", "West") and old[7] is None
