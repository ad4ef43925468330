"""The shared case survey-lonely-psu through the workflow: one respondent left in stratum 034406
of survey wave 2020 (as ../shared/cases/survey-lonely-psu/make_world.py does to a world).

With the default survey.lonely_psu (adjust) the whole run finishes, the migratie_wave job's log
and the release notes name the stratum and the option; changing the option reruns the wave's
jobs only; with `fail` the run stops with the product's error naming wave, stratum and key.
"""

import json
import re
import shutil
import zipfile

import pandas as pd
import pytest
from worlds import REPO, snakemake

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

pytestmark = pytest.mark.e2e

YEARS = [2019, 2020]
BASE = {"years": YEARS, "survey_waves": [2020], "data": {"root": "data"}}


@pytest.fixture(scope="module")
def case_run(tmp_path_factory):
    wd = tmp_path_factory.mktemp("lonely")
    tables = generate_world(
        seed=9, n_residents=20000, years=YEARS, survey_waves=[2020],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    s = tables["GEZOMONITOR2020"]
    # the case's edit: only the first respondent of stratum 034406 is kept
    lonely = s[s.STRATUM == "034406"].head(1)
    tables["GEZOMONITOR2020"] = pd.concat([s[s.STRATUM != "034406"], lonely], ignore_index=True)
    write_world(tables, wd / "data", "parquet")
    run = snakemake(wd, BASE)
    assert run.returncode == 0, run.stderr[-5000:]
    (wd / "run.log").write_text(run.stdout + run.stderr)
    return wd


def test_without_boundaries_every_page_is_made_without_maps(case_run):
    """Real data and no boundaries.path: no maps, said once in the run's log; the reports, the
    infographics, the factsheets and the dashboard are made all the same."""
    export = case_run / "results/export"
    assert list(export.glob("*/kaart_*")) == []
    for theme in ("kopp", "migratie", "nieuwkomers"):
        assert (export / theme / "infographic.pdf").stat().st_size > 10_000
        assert (export / theme / "infographic.png").stat().st_size > 10_000
        assert "kaart_" not in (export / theme / "rapport.html").read_text(encoding="utf-8")
    assert 'id="section-map"' not in (export / "dashboard.html").read_text(encoding="utf-8")
    page = next((export / "factsheets").glob("*.html")).read_text(encoding="utf-8")
    assert 'class="locator"' not in page
    assert (case_run / "run.log").read_text().count("No boundaries (boundaries.path is empty)") == 1


def test_default_runs_and_names_the_stratum_in_log_and_release(case_run):
    wd = case_run
    log = (wd / "results/internal/logs/migratie2020.log").read_text()
    assert (
        "survey wave 2020: strata with a single respondent (lonely PSUs): 034406; "
        "treated with survey.lonely_psu = adjust"
    ) in log
    assert "034406" not in (wd / "results/internal/logs/migratie2019.log").read_text()
    design = json.loads((wd / "results/internal/migratie/survey_design2020.json").read_text())
    assert design == {
        "year": 2020, "survey_wave": True, "strata": 10, "lonely_strata": ["034406"],
        "lonely_psu": "adjust",
    }  # fmt: skip
    measures = pd.read_csv(wd / "results/export/migratie/measures.csv", dtype=str)
    k10 = measures[(measures["measure"] == "migratie.k10_hoog") & (measures["year"] == "2020")]
    gem = k10[(k10["area_code"] == "GM0344") & (k10["group"] == "totaal")].iloc[0]
    assert gem["status"] == "ok" and float(gem["se"]) > 0
    with zipfile.ZipFile(wd / "results/release/wijkzicht-release.zip") as zf:
        release = json.loads(zf.read("release.json"))
        notes = zf.read("OUTPUTCONTROLE.md").decode()
    assert release["survey"] == {
        "2020": {"strata": 10, "lonely_strata": ["034406"], "lonely_psu": "adjust"}
    }
    assert "migratie/measures.csv" in release["suppression"]
    # the partners' figures go through the same control: their table is in the notes too
    assert "organisaties/cijfers.csv" in release["suppression"]
    assert "| organisaties/cijfers.csv |" in notes
    assert "| 2020 | 10 | 034406 | adjust: " in notes


def test_changing_the_option_reruns_the_wave_only(case_run):
    run = snakemake(case_run, {**BASE, "survey": {"lonely_psu": "remove"}}, "--dry-run")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout + run.stderr
    stats = out.split("Job stats:", 1)[1] if "Job stats:" in out else ""
    counts = {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", stats, re.M)}
    assert counts["migratie_wave"] == 1  # 2020, not 2019 (rule migratie)
    assert counts["bundle"] == 1
    for rule in ("migratie", "base", "kopp", "nieuwkomers"):
        assert rule not in counts, rule


def test_fail_stops_with_wave_stratum_and_key(case_run, tmp_path):
    wd = tmp_path / "fail"
    shutil.copytree(case_run, wd, symlinks=True)
    run = snakemake(wd, {**BASE, "survey": {"lonely_psu": "fail"}})
    assert run.returncode != 0
    log = (wd / "results/internal/logs/migratie2020.log").read_text()
    assert (
        "LonelyStratumError: survey wave 2020 (GEZOMONITOR2020): stratum 034406 has a single "
        "respondent"
    ) in log
    assert "Set survey.lonely_psu in the configuration" in log
    assert "Traceback" not in log
    assert "LonelyStratumError: survey wave 2020" in run.stderr
