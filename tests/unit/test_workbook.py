"""The Excel workbook: one sheet per table, contents, definitions, suppressed cells marked."""

import openpyxl
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.gate import check_export
from wijkzicht.outputs import workbook


def _export(tmp_path):
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text(
        "theme,measure,definition,year,area_level,area_code,area_name,group,group_value,method,"
        "numerator,denominator,n_numerator,n_denominator,value,ci_lower,ci_upper,se,status\n"
        "kopp,kopp.aandeel,ggz,2023,gemeente,GM0344,Utrecht,totaal,totaal,wilson,30,200,30,200,0.15,0.1,0.2,0.02,ok\n"
        "kopp,kopp.aandeel,ggz,2023,wijk,WK034401,West,totaal,totaal,wilson,,,,,,,,,suppressed_primary\n"
    )
    (root / "kopp" / "wijkprofiel.csv").write_text("year,wijk,value\n2023,WK034401,0.2\n")
    return root, [str(root / "kopp" / "measures.csv"), str(root / "kopp" / "wijkprofiel.csv")]


def test_workbook(tmp_path):
    root, files = _export(tmp_path)
    cfg = config()
    definitions = parse_definitions(cfg)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    workbook.build(root, files, definitions, a, lang="nl", disclosure=cfg["disclosure"])
    workbook.build(root, files, definitions, b, lang="nl", disclosure=cfg["disclosure"])
    assert a.read_bytes() == b.read_bytes()  # reproducible
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == ["Inhoud", "Definities en bronnen", "kopp", "kopp_wijkprofiel"]
    ws = wb["kopp"]
    assert (
        ws["O2"].value == 0.15 and ws["O3"].value == "x" and ws["S3"].value == "suppressed_primary"
    )
    assert ws["I2"].value == "totaal" and ws["F2"].value == "GM0344"
    contents = wb["Inhoud"]
    assert [c.value for c in contents["B"][1:3]] == ["kopp/measures.csv", "kopp/wijkprofiel.csv"]
    sheet = wb["Definities en bronnen"]
    names = [c.value for c in sheet["B"]]
    assert "kopp.breed" in names and "GBAPERSOONTAB" in names and "threshold" in names
    assert "migratie.k10_hoog" in names and "nieuwkomers.uitstroom_bw_mo" in names
    # definitions in words, not dict text
    words = dict(zip(names, [c.value for c in sheet["C"]], strict=True))
    assert words["ggz"] == "GGZ-zorg: zorgkosten voor GGZ hoger dan 0 in het jaar"
    assert words["kopp.breed"] == definitions.kopp.definitions["breed"].describe("nl")
    assert not any("{" in str(v) or "source=" in str(v) for v in words.values())
    assert check_export(a, 10) == []
