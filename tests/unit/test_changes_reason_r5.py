"""changes.csv says why a figure changed (`reden`), from the two releases' manifests alone: an
input file it may be made from differs (`gegevens`), else the code or a setting that makes
counts (`werkwijze`), else only disclosure control's choice (`privacyregels`). U10 finding 6: a
second release of the same data listed 26 figures `newly_published` and gave no reason."""

import copy
import json

import pandas as pd
import pytest

from wijkzicht.release import changes
from wijkzicht.release.changes import REASONS, reasons, with_reasons


def manifest() -> dict:
    def sha(n):
        return {"path": f"data/{n}", "sha256": n.lower().replace("/", "") * 2}

    names = ["GBAPERSOONTAB", "VSLGWBTAB", "MEDICIJNTAB/2021", "MEDICIJNTAB/2022",
             "MEDICIJNTAB/2023", "reference/geography", "reference/boundaries",
             "kerncijfers/KERNCIJFERS2023.csv", "linkage_model/GEMBUURTTEAM"]  # fmt: skip
    return {
        "inputs": {n: sha(n) for n in names},
        "config": {
            "years": [2021, 2022, 2023],
            "survey_waves": [2022],
            "age_bands": {"a": [0, 17]},
            "data": {"root": "", "tables": {}, "unkeyed": []},
            "synthetic": {"seed": 1, "unkeyed": ["GEMBUURTTEAM"]},
            "linkage": {"seed": 1, "training_years": [2021], "histogram_width": 1},
            "disclosure": {"threshold": 10},
            "previous_release": {"export": ""},
            "language": "nl",
        },  # fmt: skip
        "code": {"package_sha256": "p1", "workflow_sha256": "w1", "git_commit": "c1"},
        "definitions": {"themes": {"kopp": {"kopp.aandeel": {"breed": "d1"}}}},
    }


def table(*specs) -> pd.DataFrame:
    """changes.csv's key columns: (theme, measure, definition, year, change) per row."""
    cols = ["theme", "measure", "definition", "year", "change"]
    return pd.DataFrame([dict(zip(cols, s, strict=True)) for s in specs])


KOPP = ("kopp", "kopp.aandeel", "breed")
ROWS = table(
    (*KOPP, 2021, "newly_published"),
    (*KOPP, 2023, "newly_suppressed"),
    (*KOPP, 2022, "changed"),
    (*KOPP, 2023, "added"),
    ("kerncijfers", "kerncijfers.inwoners", "register", 2021, "newly_published"),
)


def with_change(**edits) -> dict:
    m = copy.deepcopy(manifest())
    for path, value in edits.items():
        *parents, key = path.split(".")
        d = m
        for p in parents:
            d = d[p]
        d[key] = value
    return m


def test_the_same_inputs_code_and_settings_say_privacyregels():
    # a second release of the same files, made naming the first (and a stricter threshold)
    old = manifest()
    new = with_change(**{"config.previous_release": {"export": "releases/r1"},
                         "config.disclosure": {"threshold": 15}, "config.language": "en"})  # fmt: skip
    new["inputs"]["previous_release/kopp/measures.csv"] = {"path": "x", "sha256": "f"}
    got = reasons(ROWS, old, new)
    # a figure published in both that changed while nothing did: no reason can be given
    assert list(got) == ["privacyregels", "privacyregels", "onbekend", "", "privacyregels"]


def test_a_corrected_table_of_one_year_is_the_reason_of_that_year_and_after():
    new = manifest()
    new["inputs"]["MEDICIJNTAB/2022"]["sha256"] = "other"
    got = reasons(ROWS, manifest(), new)
    # 2021's figure is not made from 2022's table; 2022's and 2023's may be
    assert list(got) == ["privacyregels", "gegevens", "gegevens", "", "gegevens"]


@pytest.mark.parametrize(
    "name", ["GBAPERSOONTAB", "VSLGWBTAB", "reference/geography", "linkage_model/GEMBUURTTEAM"]
)
def test_a_table_of_every_year_or_a_reference_file_is_every_figures_reason(name):
    new = manifest()
    new["inputs"][name]["sha256"] = "other"
    assert list(reasons(ROWS, manifest(), new)) == ["gegevens"] * 3 + ["", "gegevens"]


def test_a_file_of_no_count_of_the_themes_is_the_reason_of_other_tables_only():
    for name in ("kerncijfers/KERNCIJFERS2023.csv", "reference/boundaries"):
        new = manifest()
        new["inputs"][name]["sha256"] = "other"
        got = reasons(ROWS, manifest(), new)
        assert list(got) == ["privacyregels", "privacyregels", "onbekend", "", "gegevens"], name


@pytest.mark.parametrize(
    "edit",
    [
        {"code.package_sha256": "p2"},
        {"code.workflow_sha256": "w2"},
        {"config.gemeente": "GM0307"},
        {"config.survey": {"lonely_psu": "adjust"}},
        # links again with the same model (a training setting acts through the model, R6)
        {
            "config.linkage": {
                "seed": 1,
                "training_years": [2021],
                "histogram_width": 1,
                "threshold_match_weight": -5,
            }
        },  # fmt: skip
        {"synthetic.unkeyed": []},  # the synthetic world's registrations linked: now keyed
        {"definitions": {"themes": {"kopp": {"kopp.aandeel": {"breed": "d2"}}}}},
    ],
)
def test_other_code_or_settings_say_werkwijze(edit):
    path, value = next(iter(edit.items()))
    if path.startswith("synthetic."):
        new = with_change(**{"config.synthetic": {"seed": 1, "unkeyed": value}})
    else:
        new = with_change(**{path: value})
    got = reasons(ROWS, manifest(), new)
    kopp = ["werkwijze"] * 3 + [""]
    if path == "definitions":  # the definition of the kopp figures only
        assert list(got) == [*kopp, "privacyregels"]
    else:
        assert list(got) == [*kopp, "werkwijze"]


def test_a_definition_added_leaves_the_other_definitions_figures_alone():
    # the themes' settings change; the figure's own definition (its fingerprint) does not
    new = with_change(**{"config.themes": {"kopp": {"definitions": {"nieuw": {}}}},
                         "config.age_bands": {"a": [0, 18]}})  # fmt: skip
    new["definitions"]["themes"]["kopp"]["kopp.aandeel"]["nieuw"] = "d9"
    assert list(reasons(ROWS, manifest(), new)) == [
        "privacyregels", "privacyregels", "onbekend", "", "privacyregels"
    ]  # fmt: skip


def test_a_later_year_or_a_wave_after_it_leaves_an_earlier_figure_alone():
    # a year added: the figures of the years before it are not made from its files
    new = with_change(**{"config.years": [2021, 2022, 2023, 2024],
                         "config.survey_waves": [2022, 2024]})  # fmt: skip
    new["inputs"]["MEDICIJNTAB/2024"] = {"path": "x", "sha256": "y"}
    got = reasons(ROWS, manifest(), new)
    # the register against Kerncijfers: every input file counts as its own
    assert list(got) == ["privacyregels", "privacyregels", "onbekend", "", "gegevens"]
    # unless the linkage model is trained on every configured year: then it is made anew (its
    # sha256 differs: an input file of every figure, R6)
    new["config"]["linkage"]["training_years"] = []
    new["inputs"]["linkage_model/GEMBUURTTEAM"]["sha256"] = "other"
    old = manifest()
    old["config"]["linkage"]["training_years"] = []
    assert list(reasons(ROWS, old, new))[:4] == ["gegevens"] * 3 + [""]
    # a manifest that does not record the model: the years it may be trained on decide
    for m in (old, new):
        del m["inputs"]["linkage_model/GEMBUURTTEAM"]
    assert list(reasons(ROWS, old, new))[:4] == ["werkwijze"] * 3 + [""]


def test_without_a_manifest_the_reason_is_onbekend():
    for old, new in ((None, manifest()), (manifest(), None)):
        assert list(reasons(ROWS, old, new)) == ["onbekend"] * 3 + ["", "onbekend"]


def test_the_reason_reads_no_figure():
    # whatever counts and values the rows hold (a suppressed row's hidden ones included), the
    # reason is the same: it is made from the manifests alone
    new = manifest()
    new["inputs"]["MEDICIJNTAB/2023"]["sha256"] = "other"
    plain = reasons(ROWS, manifest(), new)
    for n in (0, 3, 9, 10_000):
        rows = ROWS.assign(numerator=n, denominator=n + 5, value=n / (n + 5), status_new="ok")
        pd.testing.assert_series_equal(reasons(rows, manifest(), new), plain)


def test_the_command_writes_the_reason_after_the_change(tmp_path):
    cols = ("theme,measure,definition,year,area_level,area_code,area_name,group,group_value,"
            "method,value,ci_lower,ci_upper,numerator,denominator,status\n")  # fmt: skip
    key = "kopp,kopp.aandeel,breed,2021,wijk,WK034401,Noord,totaal,totaal,wilson"
    for name, line in (
        ("old", f"{key},,,,,,suppressed\n"),
        ("new", f"{key},0.5,0.4,0.6,50,100,ok\n"),
    ):
        (tmp_path / name / "kopp").mkdir(parents=True)
        (tmp_path / name / "kopp/measures.csv").write_text(cols + line, encoding="utf-8")
        (tmp_path / name / "manifest.json").write_text(json.dumps(manifest()), encoding="utf-8")
    out = tmp_path / "changes.csv"
    assert changes.main([str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(out)]) == 0
    got = pd.read_csv(out, keep_default_na=False)
    assert list(got.columns[got.columns.get_loc("change") :][:2]) == ["change", "reden"]
    assert got[["change", "reden"]].values.tolist() == [["newly_published", "privacyregels"]]


def test_with_reasons_puts_the_column_after_change_and_every_code_has_a_label():
    got = with_reasons(ROWS, manifest(), manifest())
    assert list(got.columns) == ["theme", "measure", "definition", "year", "change", "reden"]
    assert set(got["reden"]) - {""} <= set(REASONS)
    assert all(REASONS[k] for k in ("gegevens", "werkwijze", "privacyregels", "onbekend"))


def test_the_code_of_the_counts_rules_where_both_manifests_record_it():
    old, new = manifest(), manifest()
    for m in (old, new):
        m["code"]["counts"] = {"kopp": "k1", "export_measures": "e1"}
    # another package (a page's module changed): the counts' code is the same
    new["code"]["package_sha256"] = "p2"
    assert list(reasons(ROWS, old, new))[:2] == ["privacyregels", "privacyregels"]
    new["code"]["counts"] = {"kopp": "k2", "export_measures": "e1"}
    assert list(reasons(ROWS, old, new))[:2] == ["werkwijze", "werkwijze"]
    # a previous release that did not record it: the package's hash decides
    del old["code"]["counts"]
    new["code"]["counts"] = {"kopp": "k1", "export_measures": "e1"}
    assert list(reasons(ROWS, old, new))[:2] == ["werkwijze", "werkwijze"]


def test_the_manifest_records_the_code_of_the_counts_rules(tmp_path):
    from wijkzicht.release import manifest as release_manifest

    (tmp_path / "export").mkdir()
    config = {"synthetic": {"seed": 1}, "themes": {}}
    m = release_manifest.build(
        {}, [], tmp_path / "export", config, tmp_path, synthetic=False, code={"git_commit": None},
        count_code={"kopp": "k1", "base": "b1"},
    )  # fmt: skip
    assert m["code"]["counts"] == {"base": "b1", "kopp": "k1"}
    plain = release_manifest.build(
        {}, [], tmp_path / "export", config, tmp_path, synthetic=False, code={"git_commit": None}
    )
    assert "counts" not in plain["code"]
