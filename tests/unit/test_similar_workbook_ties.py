"""The workbook's sheet of similar wijken says what the pages say (U11 finding 7, after U12): the
nearest in the pages' order with a near tie named 'even dichtbij' in name order (Noordwest's
Zuidwest 2,491 and Overvecht 2,500), not 'Lijkt het meest op' over a wijk that is not clearly
alike, and on how many figures each listed wijk lies close ('Overvecht 3 van de 8; Zuidwest 2 van
de 8'). U13 W2: in a tie the sheet described the first by name (KOPP West: Noordwest, 1 of 8)
where the pages describe Zuid (5 of 8, clearly alike), and the tied wijken stood under 'Op de 2e
plaats': now the wijk the pages describe, each wijk's count, and columns '1e wijk', '2e wijk'."""

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
    # every listed wijk's count, none clearly alike
    assert row[7] == {"nl": "Overvecht 3 van de 8; Zuidwest 2 van de 8; West 1 van de 8",
                      "en": "Overvecht 3 of 8; Zuidwest 2 of 8; West 1 of 8"}[lang]  # fmt: skip
    assert rows[3][1:4] == {"nl": ("1e wijk", "2e wijk", "3e wijk"),
                            "en": ("1st wijk", "2nd wijk", "3rd wijk")}[lang]  # fmt: skip
    assert "5%" in rows[1][0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_tie_describes_the_clearly_alike_one_with_every_count(tmp_path, lang):
    """U13's KOPP West: Noordwest 2,968 (1 of 8), Vleuten-De Meern (2 of 8) and Zuid 2,878 (5 of
    8) tied; the sheet described Noordwest. Now Zuid, named, and each wijk's count."""
    table = _rows(("Zuid", 2.878, 5, 8), ("Vleuten-De Meern", 2.9, 2, 8), ("Noordwest", 2.968, 1, 8),
                  wijk="WK034401", name="West")  # fmt: skip
    table.loc[0, "closest_indicators"] = "kopp.aandeel:breed:wilson"
    rows = _sheet(tmp_path, table, lang)
    row = next(r for r in rows if r[0] == "West")
    assert [c.split(" (")[0] for c in row[1:4]] == ["Noordwest", "Vleuten-De Meern", "Zuid"]
    assert row[4].startswith("Zuid: ") and row[5].startswith("Zuid: ")
    assert (
        row[7]
        == {
            "nl": "Noordwest 1 van de 8; Vleuten-De Meern 2 van de 8; Zuid 5 van de 8 (lijkt duidelijk)",
            "en": "Noordwest 1 of 8; Vleuten-De Meern 2 of 8; Zuid 5 of 8 (clearly alike)",
        }[lang]
    )


def test_even_dichtbij_only_for_a_tie_with_the_nearest(tmp_path):
    """U13 (cosmetic): 2nd and 3rd tied with each other read 'even dichtbij' as 'as near as the
    nearest'."""
    table = _rows(("Oost", 2.0, 7, 8), ("West", 3.0, 1, 8), ("Zuid", 3.01, 1, 8))
    row = next(r for r in _sheet(tmp_path, table, "nl") if r[0] == "Noordwest")
    assert row[1:4] == ("Oost", "West", "Zuid")


def test_a_clearly_alike_nearest_is_said_so_and_an_old_table_says_nothing(tmp_path):
    table = _rows(("Oost", 2.0, 7, 8), ("West", 3.0, 1, 8))
    row = next(r for r in _sheet(tmp_path, table, "nl") if r[0] == "Noordwest")
    assert (
        row[1:3] == ("Oost", "West")
        and row[7] == "Oost 7 van de 8 (lijkt duidelijk); West 1 van de 8"
    )
    assert not row[4].startswith("Oost")  # the 1st wijk described: no name
    old = next(
        r for r in _sheet(tmp_path, table.drop(columns="n_alike"), "nl") if r[0] == "Noordwest"
    )
    assert old[1:3] == ("Oost", "West") and old[7] is None
