"""U3 (F8): where a wijk has no line because years are suppressed, its factsheet says which year
is onderdrukt, not that the period is too short ('te weinig jaren voor een lijn')."""

import shutil

from test_factsheet import _page, _row_of, definitions, export  # noqa: F401 (fixtures)

from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv


def test_a_line_missing_for_suppressed_years_names_those_years(export, definitions, tmp_path):  # noqa: F811
    root = tmp_path / "export"
    shutil.copytree(export, root)
    path = root / "kopp" / "measures.csv"
    m = read_measures_csv(path)
    # Vleuten's GGZ row: 2023 suppressed in the fixture, here 2022 too (as Zeist West's KOPP 2022)
    sel = (m["area_code"] == "WK034410") & (m["definition"] == "ggz") & (m["year"] == 2022)
    sel &= m["method"] == "wilson"
    assert sel.sum() == 1
    m.loc[sel, "status"] = "suppressed_secondary"
    m.loc[sel, ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]] = None
    write_measures_csv(m, path)
    nl = _row_of(_page(root, definitions, "WK034410"), "Ouder met GGZ-zorg")
    assert "geen lijn: 2022 en 2023 onderdrukt" in nl and "te weinig jaren" not in nl
    en = _page(root, definitions, "WK034410", lang="en")
    assert "no line: 2022 and 2023 suppressed" in en
    # a wijk with no persons keeps its sentence: nothing was hidden there
    west = _row_of(_page(export, definitions, "WK034401"), "Minstens een kenmerk van kwetsbaarheid")
    assert "te weinig jaren voor een lijn" in west
