"""One status for every suppressed row in what leaves (Z11, LEAK 3).

`suppressed_primary` in the export told an attacker a row's count lies in 1..threshold-1; with
the published totals that pinned counts exactly (the default world, nieuwkomers uitstroom_bw_mo
2020, Binnenstad: 18 leavers, 0 of unknown destination, binnen and buiten de gemeente both
primary, so both 9). The export now says `suppressed` for primary and secondary rows alike; the
internal status keeps which is which.
"""

from __future__ import annotations

import csv
import json
import zipfile

import pandas as pd
from test_disclosure_audit import measures
from test_disclosure_buurt import geography
from test_disclosure_releases import table as partner_table  # one primary wijk and its partner

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.personas import check_persona_rows, export_rows
from wijkzicht.release import bundle
from wijkzicht.release.changes import rows as change_rows

THRESHOLD = 10
GEO = geography(
    {"WK034401": ["BU03440101"], "WK034402": ["BU03440201"], "WK034403": ["BU03440301"]}
)


def z11_table() -> pd.DataFrame:
    """Z11's case by hand: the gemeente's 100, two wijken of 9 each (both primary), a third of
    82: the two primary rows share 18, so primary statuses would pin both to 9."""
    return measures(
        """
        | area     | group  | value  | num | den  |
        | GM0344   | totaal | totaal | 100 | 1000 |
        | WK034401 | totaal | totaal | 9   | 50   |
        | WK034402 | totaal | totaal | 9   | 60   |
        | WK034403 | totaal | totaal | 82  | 890  |
        """
    )


def exported(df: pd.DataFrame, tmp_path, name="measures.csv") -> pd.DataFrame:
    path = tmp_path / "export" / "kopp" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_measures_csv(df, path)
    return read_measures_csv(path)


def test_z11s_two_primary_rows_are_not_marked_primary_in_the_export(tmp_path):
    safe, audit = protect(z11_table(), THRESHOLD, True, None, GEO)
    internal = dict(zip(safe["area_code"], safe["status"], strict=True))
    # internally both are primary (the audit and the output check read that)
    assert internal["WK034401"] == internal["WK034402"] == "suppressed_primary"
    assert audit["protected"].all()
    out = exported(safe, tmp_path)
    status = dict(zip(out["area_code"], out["status"], strict=True))
    assert status == {"GM0344": "ok", "WK034401": "suppressed", "WK034402": "suppressed",
                      "WK034403": "ok"}  # fmt: skip
    text = (tmp_path / "export" / "kopp" / "measures.csv").read_text()
    assert "suppressed_" not in text
    assert check_export(tmp_path / "export", THRESHOLD) == []


def test_the_export_does_not_say_which_row_is_primary(tmp_path):
    safe, _ = protect(partner_table(), THRESHOLD, True, None, GEO)
    internal = dict(zip(safe["area_code"], safe["status"], strict=True))
    primary = [a for a, s in internal.items() if s == "suppressed_primary"]
    secondary = [a for a, s in internal.items() if s == "suppressed_secondary"]
    assert primary == ["WK034401"] and len(secondary) == 1
    out = exported(safe, tmp_path)
    status = dict(zip(out["area_code"], out["status"], strict=True))
    # the primary row and its partner read the same, numbers blank
    assert status[primary[0]] == status[secondary[0]] == "suppressed"
    hidden = out[out["status"] != "ok"]
    assert hidden[["numerator", "denominator", "n_numerator", "n_denominator"]].isna().all().all()
    assert set(out["status"]) == {"ok", "suppressed"}


def test_the_gate_refuses_a_primary_or_secondary_status_in_the_export(tmp_path):
    safe, _ = protect(partner_table(), THRESHOLD, True, None, GEO)
    exported(safe, tmp_path)
    path = tmp_path / "export" / "kopp" / "measures.csv"
    for old in ("suppressed_primary", "suppressed_secondary"):
        path.write_text(path.read_text().replace(",suppressed\n", f",{old}\n"))
        problems = check_export(tmp_path / "export", THRESHOLD)
        assert problems and all(f"status '{old}' is not one of ok, suppressed" in p.message
                                for p in problems)  # fmt: skip
        path.write_text(path.read_text().replace(f",{old}\n", ",suppressed\n"))
    assert check_export(tmp_path / "export", THRESHOLD) == []


def test_the_persona_table_says_suppressed_alone():
    p = pd.DataFrame({
        "area_level": ["wijk", "wijk", "wijk"], "area_code": ["WK1", "WK2", "WK3"],
        "area_name": ["Een", "Twee", "Drie"],
        "rank": [0, 0, 1], "n_persons": [None, None, 20.0], "n_target": [30.0, 40.0, 50.0],
        "status": ["suppressed_primary", "suppressed_secondary", "ok"],
        **{a: ["", "", "x"] for a in ("leeftijd", "huishouden", "herkomst", "inkomen",
                                       "zorg_steun")},
    })  # fmt: skip
    out = export_rows(p, theme="kopp", year=2023, base=0, target="kopp.aandeel breed")
    assert list(out["status"]) == ["suppressed", "suppressed", "ok"]
    text = [{k: "" if pd.isna(v) else str(v) for k, v in r.items()} for r in out.to_dict("records")]
    assert check_persona_rows(text, THRESHOLD) == []
    text[0]["status"] = "suppressed_primary"
    assert check_persona_rows(text, THRESHOLD)[0][0] == 0


def test_changes_csv_says_suppressed_also_of_a_release_made_before():
    old = partner_table().assign(status="ok")
    old.loc[old["area_code"] == "WK034403", "status"] = "suppressed_secondary"
    new = partner_table().assign(status="ok")
    new.loc[new["area_code"] == "WK034401", "status"] = "suppressed_primary"
    for c in ("value", "ci_lower", "ci_upper", "numerator", "denominator"):
        old.loc[old["status"] != "ok", c] = None
        new.loc[new["status"] != "ok", c] = None
    got = change_rows(old, new)
    from wijkzicht.disclosure.primary import published_status

    assert set(got["status_old"]) | set(got["status_new"]) == {"ok", "suppressed"}
    assert published_status(pd.Series(["ok", "suppressed", "suppressed_primary", None])).tolist()[
        :3
    ] == ["ok", "suppressed", "suppressed"]


def _manifest(path, **inputs):
    path.write_text(json.dumps({"inputs": {k: {"sha256": v} for k, v in inputs.items()}}))
    return path


def test_the_rows_primary_now_come_from_the_internal_status_and_stay_internal(tmp_path):
    """The release's changes.csv says `suppressed` alone: which newly suppressed rows are
    primary is read from the internal status; the release counts them, the internal file lists
    them with their keys."""
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text("theme,status\nkopp,ok\n")
    head = ("theme,measure,definition,year,area_level,area_code,area_name,group,group_value,"
            "method,change,status_old,status_new\n")  # fmt: skip
    (root / "changes.csv").write_text(
        head + "migratie,migratie.ggz,ggz,2021,wijk,WK034401,Binnenstad,generatie,1,wilson,"
        "newly_suppressed,ok,suppressed\n"
        + "migratie,migratie.ggz,ggz,2021,wijk,WK034402,West,totaal,totaal,wilson,"
        "newly_suppressed,ok,suppressed\n"
    )
    statuses = pd.DataFrame({
        "theme": ["migratie"] * 2, "measure": ["migratie.ggz"] * 2, "definition": ["ggz"] * 2,
        "year": [2021, 2021], "area_level": ["wijk"] * 2, "area_code": ["WK034401", "WK034402"],
        "group": ["generatie", "totaal"], "group_value": ["1", "totaal"],
        "method": ["wilson"] * 2, "status": ["suppressed_primary", "suppressed_secondary"],
    })  # fmt: skip
    _manifest(root / "manifest.json", KINDOUDERTAB="a2")
    previous = _manifest(tmp_path / "previous.json", KINDOUDERTAB="a")
    out, listed = tmp_path / "release.zip", tmp_path / "internal" / "primary_now.csv"
    files = [str(root / "kopp" / "measures.csv"), str(root / "changes.csv"),
             str(root / "manifest.json")]  # fmt: skip
    disclosure = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
    suppression = {"kopp/measures.csv": {"rows": 1, "published": 1, "suppressed_primary": 0,
                                         "suppressed_secondary": 0}}  # fmt: skip
    bundle.build(root, files, disclosure, suppression, out, previous_manifest=previous,
                 statuses=statuses, uncovered_out=listed)  # fmt: skip
    with zipfile.ZipFile(out) as zf:
        release = json.loads(zf.read("release.json"))
        text = zf.read("OUTPUTCONTROLE.md").decode()
        members = {n: zf.read(n).decode(errors="replace") for n in zf.namelist()}
    assert release["previous_release"]["primary_now"] == 1
    assert "moeten apart beoordeeld worden: in deze uitgave 1." in text
    # no row key of a primary row in the release
    assert not any("WK034401" in body and "suppressed_primary" in body
                   for body in members.values())  # fmt: skip
    assert "Binnenstad generatie" not in text
    with open(listed, newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert [(r["area_code"], r["status_internal"]) for r in got] == [
        ("WK034401", "suppressed_primary")
    ]
