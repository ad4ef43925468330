"""The whole workflow on a small synthetic world, and on a user's own world in .sav."""

import subprocess
import sys

import pandas as pd
import pytest
from worlds import REPO, check_cited_numbers, snakemake

pytestmark = pytest.mark.e2e


def test_outputs_exist(small_world):
    from wijkzicht.outputs.figure_specs import FIGURES

    wd, _ = small_world
    figures = [
        f"results/export/{t}/{n}.{e}"
        for t, names in FIGURES.items()
        for n in names
        for e in ("png", "svg")
    ]
    for f in [
        *figures,
        "results/export/kopp/measures.csv",
        "results/export/kopp/kopp_aandeel_wijk.png",
        "results/export/kopp/kopp_aandeel_wijk.svg",
        "results/export/linkage/linkage.csv",
        "results/internal/measures/kopp.parquet",
        "results/export/manifest.json",
        "results/internal/export_gate.txt",
        "results/release/wijkzicht-release.zip",
        "results/export/wijkzicht.xlsx",
    ]:
        assert (wd / f).stat().st_size > 0, f


def test_second_run_has_nothing_to_do(small_world):
    wd, overrides = small_world
    run = snakemake(wd, overrides, "--dry-run")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


def test_export_matches_internal_and_is_suppressed(small_world):
    wd, _ = small_world
    internal = pd.read_parquet(wd / "results/internal/measures/kopp.parquet")
    export = pd.read_csv(wd / "results/export/kopp/measures.csv", keep_default_na=False)
    assert len(export) == len(internal)
    assert (export["status"] != "ok").any() and (export["status"] == "ok").any()
    ok = export[(export["status"] == "ok") & (export["n_denominator"] != "")]
    n = ok["n_denominator"].astype(int)
    x = ok["n_numerator"].astype(int)
    for a in (x, n, n - x):
        assert not ((a >= 1) & (a <= 9)).any()
    hidden = export[export["status"] != "ok"]
    assert (hidden[["numerator", "n_numerator", "value", "ci_lower"]] == "").all().all()
    # kopp.aandeel: 2 years x 4 definitions x 11 areas x 4 group values
    assert (
        (export["measure"] == "kopp.aandeel") & (export["method"] == "wilson")
    ).sum() == 2 * 4 * 11 * 4


def test_no_person_keys_leave(small_world):
    wd, _ = small_world
    for f in (wd / "results/export").rglob("*"):
        if f.suffix in (".csv", ".svg"):
            text = f.read_text(encoding="utf-8")
            assert "RINPERSOON" not in text and "RINOBJECTNUMMER" not in text


def test_report(small_world):
    wd, overrides = small_world
    run = snakemake(wd, overrides, "--report", str(wd / "results/report.html"))
    assert run.returncode == 0, run.stderr[-3000:]
    assert (wd / "results/report.html").stat().st_size > 10_000


def test_bad_input_stops_with_a_clear_message(tmp_path):
    from wijkzicht.inputs.reference import read_countries, read_geography
    from wijkzicht.synth import generate_world, write_world

    tables = generate_world(
        seed=3, n_residents=500, years=[2021, 2022], survey_waves=[],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    tables["GBAPERSOONTAB"].loc[4, "GBAGESLACHT"] = "X"
    write_world(tables, tmp_path / "data", "sav")
    run = snakemake(tmp_path, {"years": [2021, 2022], "survey_waves": [],
                               "data": {"root": str(tmp_path / "data"), "format": "sav"}})  # fmt: skip
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "Input table GBAPERSOONTAB" in out and "column GBAGESLACHT: 1 row(s)" in out
    assert "data row 5: 'X'" in out
    assert not (tmp_path / "results/internal/validated/GBAPERSOONTAB.parquet").exists()


def test_gate_refuses_and_removes_a_leaked_file(small_world):
    wd, overrides = small_world
    leak = wd / "results/export/kopp/personen.csv"
    leak.write_text("RINPERSOON,wijk\n012345678,WK034401\n")
    run = snakemake(wd, overrides, "--forcerun", "export_gate")
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "export refused" in out and "personen.csv" in out
    assert not leak.exists() and (wd / "results/internal/quarantine/kopp/personen.csv").exists()
    # the release itself is untouched and passes again
    assert snakemake(wd, overrides, "--forcerun", "export_gate").returncode == 0


def test_verify_names_a_changed_byte(small_world):
    wd, _ = small_world
    cmd = [
        sys.executable,
        "-m",
        "wijkzicht.release.manifest",
        "verify",
        "results/export/manifest.json",
    ]
    ok = subprocess.run(cmd, cwd=wd, capture_output=True, text=True)
    assert ok.returncode == 0 and "match" in ok.stdout
    target = wd / "results/export/linkage/linkage.csv"
    original = target.read_bytes()
    target.write_bytes(original[:-2] + bytes([original[-2] ^ 1]) + original[-1:])
    bad = subprocess.run(cmd, cwd=wd, capture_output=True, text=True)
    target.write_bytes(original)
    assert (
        bad.returncode == 1
        and "output differs" in bad.stdout
        and "linkage/linkage.csv" in bad.stdout
    )


def test_every_number_in_the_reports_is_the_number_in_the_table(small_world):
    wd, _ = small_world
    assert check_cited_numbers(wd / "results/export", "nl") > 100
