"""U3 (F5): the pages say 'de gemeente', not 'de stad' (Zeist and Nieuwegein are villages, and
every gemeente is a gemeente); one year is said as that year, not as '2023 tot en met 2023'; the
workbook's sheets have plain names, not codes such as 'KOPP' or '(OR)'."""

import openpyxl
from test_workbook import _export
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.outputs import workbook
from wijkzicht.outputs.findings import findings
from wijkzicht.outputs.format import AGAINST, CITY, against


def test_what_a_wijk_is_compared_with_is_the_gemeente_in_both_languages():
    assert against("nl", "two_proportion_z") == "de rest van de gemeente"
    assert against("nl", "z_independent") == "de gemeente als geheel"
    assert against("en", "two_proportion_z") == "the rest of the municipality"
    assert against("en", "z_log_ratio") == "the municipality as a whole"
    words = [*AGAINST["nl"].values(), CITY["nl"]]
    assert not any("stad" in w for w in words)
    assert not any("city" in w for w in [*AGAINST["en"].values(), CITY["en"]])


def _texts(path) -> str:
    book = openpyxl.load_workbook(path)
    return " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)


def test_the_workbook_says_one_year_as_that_year_and_names_its_sheets_plainly(tmp_path):
    root, files = _export(tmp_path)
    # kopp of 2023 only: the Leeswijzer says "2023", not "2023 tot en met 2023"
    path = root / "kopp" / "measures.csv"
    m = read_measures_csv(path)
    write_measures_csv(m[m["year"] == 2023], path)
    write_csv(findings(read_measures_csv(path)), root / "kopp" / "verschillen.csv")
    cfg = config()
    out = {}
    for lang in ("nl", "en"):
        out[lang] = tmp_path / f"wb_{lang}.xlsx"
        workbook.build(root, files, parse_definitions(cfg), out[lang], lang=lang,
                       disclosure=cfg["disclosure"])  # fmt: skip
    guide = [c.value for row in openpyxl.load_workbook(out["nl"])["Leeswijzer"].iter_rows()
             for c in row]  # fmt: skip
    years = {guide[i]: guide[i + 1] for i in range(len(guide) - 1)
             if str(guide[i]).startswith("Jaren: ")}  # fmt: skip
    kopp = [v for k, v in years.items() if "Kinderen" in k]
    assert kopp == ["2023"], years
    assert any(str(v).startswith("2022 tot en met 2023") for v in years.values()), years
    en = [c.value for row in openpyxl.load_workbook(out["en"])["Guide"].iter_rows() for c in row]
    assert "2023" in en and "2023 to 2023" not in en
    for lang in ("nl", "en"):
        names = openpyxl.load_workbook(out[lang]).sheetnames
        assert not any("KOPP" in n or "(OR)" in n for n in names), names
        text = _texts(out[lang])
        assert " stad" not in text and " city" not in text, lang
    # the sheet's line under a ratio names its test in words, without 'logaritme'
    assert workbook.TEXT["nl"]["tests"]["z_log_ratio"] == "z-toets op de verhouding"
    assert workbook.TEXT["en"]["tests"]["z_log_ratio"] == "z test on the ratio"
