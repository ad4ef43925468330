"""The export gate (disclosure/gate.py).

Sources: measures.md "Disclosure control" (the export step refuses other file types,
person or address key columns, and rows that break the rules) and "The measures table"
(a suppressed row keeps its keys and status, every number blank); the key column names
are those of the input contract (../shared/spec/inputs.md, wijkzicht.inputs.contracts).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from test_disclosure_audit import measures

from wijkzicht.disclosure.gate import (
    ExportError,
    assert_export_clean,
    blank_suppressed,
    check_export,
)
from wijkzicht.disclosure.primary import apply_primary
from wijkzicht.disclosure.secondary import apply_secondary
from wijkzicht.themes.table import KEY, NUMBERS

TABLE = """
| area     | group    | value  | num | den |
| GM0344   | totaal   | totaal | 160 | 400 |
| GM0344   | leeftijd | 0-3    | 33  | 100 |
| GM0344   | leeftijd | 4-17   | 127 | 300 |
| WK034401 | totaal   | totaal | 50  | 130 |
| WK034401 | leeftijd | 0-3    | 3   | 30  |
| WK034401 | leeftijd | 4-17   | 47  | 100 |
| WK034402 | totaal   | totaal | 110 | 270 |
| WK034402 | leeftijd | 0-3    | 30  | 70  |
| WK034402 | leeftijd | 4-17   | 80  | 200 |
"""


def export(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def released(tmp_path: Path) -> Path:
    """A clean export: the protected measures table with suppressed rows blanked, a note, a figure."""
    safe = blank_suppressed(apply_secondary(measures(TABLE)))
    return export(
        tmp_path / "export",
        {
            "kopp/measures.csv": safe.to_csv(index=False),
            "kopp/README.md": "# KOPP\n\nShares per wijk, 95% Wilson intervals (0.123456789).\n",
            "kopp/figure.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        },
    )


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_clean_export_passes(tmp_path):
    root = released(tmp_path)
    assert check_export(root, threshold=10) == []
    assert_export_clean(root, threshold=10)


def test_blank_suppressed_keeps_keys_and_status():
    df = apply_secondary(measures(TABLE))
    out = blank_suppressed(df)
    hidden = out["status"] != "ok"
    assert hidden.sum() == 4
    assert out.loc[hidden, NUMBERS].isna().all().all()
    assert out.loc[~hidden, NUMBERS].equals(df.loc[~hidden, NUMBERS])
    assert out[KEY].equals(df[KEY])
    # one status for every suppressed row, primary or secondary (Z12)
    assert set(df.loc[hidden, "status"]) == {"suppressed_primary", "suppressed_secondary"}
    assert (out.loc[hidden, "status"] == "suppressed").all()
    assert (out.loc[~hidden, "status"] == "ok").all()


def test_leaked_key_column(tmp_path):
    root = export(tmp_path, {"kopp/persons.csv": "wijk,RINPERSOONS,n\nWK034401,R,12\n"})
    [problem] = check_export(root, threshold=10)
    assert problem.path.endswith("kopp/persons.csv") and problem.line == 1
    assert "'RINPERSOONS'" in str(problem) and "persons.csv, line 1" in str(problem)


@pytest.mark.parametrize(
    "column",
    [
        "RINPERSOON",
        "rinpersoonpa",
        "RINOBJECTNUMMER",
        "SOORTOBJECTNUMMER",
        "HUISHOUDNR",
        "RINPERSOONHKW",
    ],
)
def test_every_key_name_is_caught(tmp_path, column):
    root = export(tmp_path, {"t.csv": f"{column},n\nx,12\n"})
    assert len(check_export(root, threshold=10)) == 1


def test_nine_digit_key_in_free_text(tmp_path):
    root = export(
        tmp_path,
        {
            "notes.md": "# Notes\n\nAll fine.\nCheck person 012345678 again.\n",
            "table.csv": "wijk,comment\nWK034401,ok\nWK034402,see 123456789.0\n",
        },
    )
    found = messages(check_export(root, threshold=10))
    assert len(found) == 2
    assert "notes.md, line 4: holds what looks like a person key (01*******)" in found[0]
    assert "table.csv, line 3: column 'comment' holds what looks like a person key" in found[1]
    assert "123456789" not in " ".join(found)  # the gate does not repeat the key


def test_decimals_and_codes_are_not_keys(tmp_path):
    text = (
        "area_code,value,x\nBU03440100,0.123456789,1.234567891e-05\nWK034401,1234567890,20230101\n"
    )
    assert check_export(export(tmp_path, {"t.csv": text}), threshold=10) == []


def test_forbidden_file_type(tmp_path):
    root = released(tmp_path)
    export(root, {"kopp/measures.parquet": b"PAR1", "kopp/notes": "x"})
    found = messages(check_export(root, threshold=10))
    assert found == [
        f"{root}/kopp/measures.parquet: file type .parquet may not be exported "
        "(allowed: csv, xlsx, png, svg, pdf, html, json, md, txt, zip)",
        f"{root}/kopp/notes: file type without an extension may not be exported "
        "(allowed: csv, xlsx, png, svg, pdf, html, json, md, txt, zip)",
    ]


def test_unsuppressed_small_cell(tmp_path):
    df = measures(TABLE)
    df["status"] = "ok"  # no disclosure control at all
    root = export(tmp_path, {"kopp/measures.csv": df.to_csv(index=False)})
    [problem] = check_export(root, threshold=10)
    assert problem.line == 6  # header, then the fifth row: WK034401 0-3 (3 of 30)
    assert "measures.csv, line 6: status ok but n_numerator=3 breaks the primary rule" in str(
        problem
    )
    assert "(kopp.aandeel ggz 2023 WK034401 leeftijd=0-3)" in str(problem)


def test_suppressed_row_with_numbers(tmp_path):
    df = apply_primary(measures(TABLE))  # suppressed, but numbers not blanked
    df["status"] = df["status"].where(df["status"] == "ok", "suppressed")
    root = export(tmp_path, {"kopp/measures.csv": df.to_csv(index=False)})
    [problem] = check_export(root, threshold=10)
    assert problem.line == 6
    assert "suppressed row still carries numbers in numerator, denominator" in str(problem)


def test_unknown_status(tmp_path):
    df = blank_suppressed(apply_primary(measures(TABLE)))
    df.loc[0, "status"] = "draft"
    [problem] = check_export(export(tmp_path, {"m.csv": df.to_csv(index=False)}), threshold=10)
    assert "line 2: status 'draft' is not one of ok, suppressed (" in str(problem)


def test_json_keys_and_numbers(tmp_path):
    doc = {"columns": ["wijk", "RINPERSOON"], "data": [["WK034401", 123456789]]}
    root = export(tmp_path, {"data.json": json.dumps(doc, indent=1)})
    found = messages(check_export(root, threshold=10))
    assert any("data.json, line 9: holds what looks like a person key" in m for m in found)
    assert any("has a column 'RINPERSOON'" in m for m in found)


def test_inside_zip_and_xlsx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("tables/persons.csv", "HUISHOUDNR,n\nx,12\n")
        z.writestr("tables/raw.sav", b"$FL2")
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>RINPERSOON</t></si></sst>")
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<sheetData><row r="7"><c r="B7"><v>987654321</v></c></row></sheetData>',
        )
    root = export(tmp_path, {"bundle.zip": buffer.getvalue(), "book.xlsx": book.getvalue()})
    found = messages(check_export(root, threshold=10))
    assert len(found) == 4
    assert "book.xlsx!xl/sharedStrings.xml: has a column 'RINPERSOON'" in found[0]
    assert (
        "book.xlsx!xl/worksheets/sheet1.xml, line 7: holds what looks like a person key" in found[1]
    )
    assert "bundle.zip!tables/persons.csv, line 1: has a column 'HUISHOUDNR'" in found[2]
    assert "bundle.zip!tables/raw.sav: file type .sav may not be exported" in found[3]


def test_assert_export_clean_names_file_and_line(tmp_path):
    df = measures(TABLE)
    df["status"] = "ok"
    root = export(tmp_path, {"kopp/measures.csv": df.to_csv(index=False)})
    with pytest.raises(
        ExportError, match=r"export refused, 1 problem\(s\):\n  - .*measures.csv, line 6"
    ):
        assert_export_clean(root, threshold=10)


def test_threshold_is_the_callers(tmp_path):
    df = measures(TABLE)
    df["status"] = "ok"
    root = export(tmp_path, {"m.csv": df.to_csv(index=False)})
    assert check_export(root, threshold=3) == []
    assert len(check_export(root, threshold=10)) == 1


def test_the_gate_refuses_a_histogram_bin_left_empty_beside_published_ones(tmp_path):
    """linkage/matchgewichten.csv: its bins add up to probabilistisch.csv's published rows, so
    one empty bin beside published ones is their difference (a reviewer recovered 1 row); a
    bin of 1 to 9 rows is refused too; one bin alone left empty (fewer rows than the
    threshold in all) passes, as do published bins of 10 or more."""
    head = "source,bin,lower,upper,n\n"
    cases = {
        "leak.csv": head + "S,-20 tot -18,-20,-18,\nS,-8 tot -6,-8,-6,15\nS,6 tot 8,6,8,444\n",
        "small.csv": head + "S,-8 tot -6,-8,-6,7\nS,6 tot 8,6,8,444\n",
        "alone.csv": head + "S,-10 tot 4,-10,4,\nT,geen paar gescoord,,,12\nT,6 tot 8,6,8,30\n",
    }
    for file, text in cases.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    found = {(Path(p.path).name, p.line): p.message for p in check_export(tmp_path, 10)}
    assert set(found) == {("leak.csv", 2), ("small.csv", 2)}, found
    assert "left empty beside published ones" in found[("leak.csv", 2)]
    assert "holds 7 rows" in found[("small.csv", 2)]


def test_the_gate_refuses_the_propertys_share_beside_an_empty_share_in_gba(tmp_path):
    """linkage/linkage.csv: with share_in_gba empty (1 to 9 rows in or outside the register),
    a published share over the linked rows gave n_gba back (23 / 222 = 0.1036 beside 223
    rows)."""
    head = (
        "source,year,kenmerk,n_rows,share_linkable,share_in_gba,share_resident,"
        "share_kenmerk_linked,share_kenmerk_unlinked,suppressed\n"
    )
    (tmp_path / "linkage.csv").write_text(
        head
        + "GGZ,2019,verslaving,223,1,,0.9,0.1036,,share_in_gba;share_kenmerk_unlinked\n"
        + "GGZ,2020,verslaving,223,1,,0.9,,,share_in_gba;share_kenmerk_linked;share_kenmerk_unlinked\n"
        + "WMO,,x,8550,1,0.9956,0.93,0.5834,0.5263,\n",
        encoding="utf-8",
    )
    found = [(p.line, p.message) for p in check_export(tmp_path, 10)]
    assert [line for line, _ in found] == [2], found
    assert "share_kenmerk_linked published while share_in_gba is empty" in found[0][1]
