"""OUTPUTCONTROLE.md and release.json say when the previous release was made from another
edition of the data (Z10): a yearly rerun on a new CBS delivery republishes past years with
corrected counts, and for rows whose counts changed the two releases were not checked together
(a published 0 of 14 became a primary 1 of 14 beside it)."""

import json
import zipfile

from wijkzicht.release import bundle

DISCLOSURE = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
SUPPRESSION = {"kopp/measures.csv": {"rows": 1, "published": 1, "suppressed_primary": 0,
                                     "suppressed_secondary": 0}}  # fmt: skip


def _manifest(path, **sha):
    inputs = {name: {"path": f"/data/{name}.parquet", "sha256": h} for name, h in sha.items()}
    path.write_text(json.dumps({"inputs": inputs}))
    return path


def _build(tmp_path, previous_inputs, inputs):
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text("theme,status\nkopp,ok\n")
    _manifest(root / "manifest.json", **inputs)
    previous = _manifest(tmp_path / "previous.json", **previous_inputs)
    out = tmp_path / "release.zip"
    files = [str(root / "kopp" / "measures.csv"), str(root / "manifest.json")]
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, out, previous_manifest=previous)
    with zipfile.ZipFile(out) as zf:
        return json.loads(zf.read("release.json")), zf.read("OUTPUTCONTROLE.md").decode()


def test_a_previous_release_of_another_edition_is_named_as_such(tmp_path):
    release, text = _build(
        tmp_path,
        {"KINDOUDERTAB": "a", "ZVWZORGKOSTENTAB/2021": "b", "GBAPERSOONTAB": "c",
         "reference/geography": "g"},
        {"KINDOUDERTAB": "a2", "ZVWZORGKOSTENTAB/2021": "b2", "GBAPERSOONTAB": "c",
         "ZVWZORGKOSTENTAB/2023": "new", "reference/geography": "g2"},
    )  # fmt: skip
    # a table added (a new year) or a reference file is no new edition of the data
    assert release["previous_release"]["inputs_changed"] == [
        "KINDOUDERTAB",
        "ZVWZORGKOSTENTAB/2021",
    ]
    assert "van dezelfde gegevens" not in text
    assert "eerdere levering van de gegevens: andere bestanden voor KINDOUDERTAB, " in text
    # what is protected (small revisions suppressed) and what the output checker must look at
    assert "nu 1 tot drempel - 1 personen anders is, is in deze uitgave onderdrukt" in text
    assert "Niet afgedekt: een rij die zij publiceerde en die nu primair onderdrukt is" in text


def test_a_previous_release_of_the_same_data_keeps_its_line(tmp_path):
    release, text = _build(tmp_path, {"KINDOUDERTAB": "a"}, {"KINDOUDERTAB": "a", "X/2023": "n"})
    assert "inputs_changed" not in release["previous_release"]
    assert "Eerder vrijgegeven output van dezelfde gegevens: de vorige uitgave" in text


def test_the_rows_left_to_the_output_check_are_counted_and_listed(tmp_path):
    """U8: OUTPUTCONTROLE.md said such rows 'moeten apart beoordeeld worden' without a count;
    a new delivery had made two. They are counted and listed, and release.json counts them."""
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text("theme,status\nkopp,ok\n")
    (root / "changes.csv").write_text(
        "theme,measure,definition,year,area_level,area_code,area_name,group,group_value,method,"
        "change,status_old,status_new\n"
        "migratie,migratie.ggz,ggz,2021,wijk,WK034401,Binnenstad,generatie,1,wilson,"
        "newly_suppressed,ok,suppressed_primary\n"
        "migratie,migratie.ggz,ggz,2021,wijk,WK034402,West,totaal,totaal,wilson,"
        "newly_suppressed,ok,suppressed_secondary\n"
    )
    _manifest(root / "manifest.json", KINDOUDERTAB="a2")
    previous = _manifest(tmp_path / "previous.json", KINDOUDERTAB="a")
    out = tmp_path / "release.zip"
    files = [
        str(root / "kopp" / "measures.csv"),
        str(root / "changes.csv"),
        str(root / "manifest.json"),
    ]
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, out, previous_manifest=previous)
    with zipfile.ZipFile(out) as zf:
        release = json.loads(zf.read("release.json"))
        text = zf.read("OUTPUTCONTROLE.md").decode()
    assert release["previous_release"]["primary_now"] == 1
    # counted in the release; which rows, in an internal file (Z12: the release would say
    # which rows are primary; `test_status_one_z12` reads the internal status)
    assert "moeten apart beoordeeld worden: in deze uitgave 1." in text
    assert "Binnenstad" not in text.split("## Onderdrukking")[0]
    assert "West" not in text.split("## Onderdrukking")[0]  # a secondary row is covered
