"""A release can never be stale: every value or file a job reads is a declared params: or input:.

Changing one setting or one reference file plans exactly the jobs that depend on it (dry runs),
and after a real rerun the release states the new value and its numbers follow it.
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

YEARS = [2021, 2022, 2023]
# each theme's findings, comparable wijken, figures, infographic and report: one job per theme
# (no boundaries with this data root: no maps, an infographic per theme all the same)
THEME_PAGES = {"pages_kopp": 1, "pages_migratie": 1, "pages_nieuwkomers": 1}
EXPORT_PAGES = {**THEME_PAGES, "factsheets": 1, "dashboard": 1, "workbook": 1}
RELEASE = {"manifest": 1, "export_gate": 1, "bundle": 1, "all": 1}
# the jobs that validate the input tables (a national one, one per year; a survey wave's)
INGEST = ("ingest", "ingest_year", "ingest_wave", "ingest_wide")
# made from the code and the language alone (results/assets/): no data, no other setting
CODE_ONLY = ("dashboard_assets",)
# the aggregate sources (none configured with this data root: empty tables, still checked)
AGGREGATE_EXPORTS = {"export_organisation_figures": 1, "export_public_figures": 1}
AGGREGATE_SOURCES = {"organisation_figures": 1, "public_figures": 1, **AGGREGATE_EXPORTS}


def job_counts(output: str) -> dict[str, int]:
    """The 'Job stats' table of a dry run as {rule: count}."""
    stats = output.split("Job stats:", 1)[1] if "Job stats:" in output else ""
    return {
        m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", stats, re.M) if m[1] != "total"
    }


def planned(wd, overrides) -> dict[str, int]:
    run = snakemake(wd, overrides, "--dry-run")
    assert run.returncode == 0, run.stderr[-3000:]
    return job_counts(run.stdout + run.stderr)


def references(wd):
    """Copies of the reference files that a test may edit; the geography gets a second gemeente."""
    ref = wd / "ref"
    shutil.copytree(REPO / "config/reference", ref / "reference")
    shutil.copytree(REPO / "config/codelists", ref / "codelists")
    geo = pd.read_csv(ref / "reference/geography.csv", dtype=str)
    other = geo.head(4).copy()
    other["gemeente_code"], other["gemeente_name"] = "GM0307", "Amersfoort"
    for c in [c for c in geo.columns if c.startswith(("wijk_code", "buurt_code"))]:
        other[c] = other[c].str.replace("0344", "0307")
    pd.concat([geo, other]).to_csv(ref / "reference/geography.csv", index=False)
    # relative to the workflow's directory, so that a copied run is the same run
    return {
        "geography": "ref/reference/geography.csv",
        "countries": "ref/reference/countries.csv",
        "codelists": "ref/codelists/codelists.yaml",
    }


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """A finished run on a world written under data.root (years 2021-2024 on disk, 2021-2023 used)."""
    wd = tmp_path_factory.mktemp("rerun")
    tables = generate_world(
        seed=5, n_residents=20000, years=[*YEARS, 2024], survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    write_world(tables, wd / "data", "parquet")
    base = {
        "years": YEARS,
        "survey_waves": [2022],
        "data": {"root": "data"},
        "reference": references(wd),
        "small_area": {"bootstrap": 10},  # the model estimates per buurt: few replicates, fast
    }
    run = snakemake(wd, base)
    assert run.returncode == 0, run.stderr[-4000:]
    return wd, base


def without(counts: dict, *rules: str) -> dict:
    return {k: v for k, v in counts.items() if k not in rules}


def test_nothing_changed(done):
    wd, base = done
    run = snakemake(wd, base, "--dry-run")
    assert "Nothing to be done" in run.stdout + run.stderr
    assert job_counts(run.stdout + run.stderr) == {}


def test_one_year_added(done):
    wd, base = done
    counts = planned(wd, {**base, "years": [*YEARS, 2024]})
    per_year = {
        "ingest_year": 1,  # one job: the five per-year tables of 2024
        "ingest_wide": 1,  # and one for VSLGWBTAB's columns of 2024
        "inputs_checked": 1,  # the cross-check of every table against the reference files
        # the national tables of 2024 (and 2023's condition sources) narrowed to 2024's reach;
        # the residents and the conditions of 2024 (and of 2023 for 2024's reach); each theme
        "narrow": 1, "base": 1, "kopp": 1, "nieuwkomers": 1, "migratie": 1,
        # the persona's are made for the last year: now 2024 (their table: export_measures)
        "persona_attributes": 1,
    }  # fmt: skip
    aggregates = {
        **AGGREGATE_SOURCES,
        # every source's links against the residents of every year, and the released table
        "linkage_counts": 1,
        "linkage_report": 1,
        "export_measures": 3,
        **EXPORT_PAGES,
        **RELEASE,
    }
    assert counts == {**per_year, **aggregates}


def test_one_definition_changed(done):
    wd, base = done
    from worlds import config

    defs = dict(config()["themes"]["kopp"]["definitions"])
    defs["breed"] = {"conditions": ["ggz", "psychofarmaca", "verslaving"]}
    counts = planned(wd, {**base, "themes": {"kopp": {"definitions": defs}}})
    assert counts == {
        "kopp": 3, "export_measures": 1, "pages_kopp": 1, "factsheets": 1,
        "dashboard": 1, "workbook": 1, **RELEASE,
    }  # fmt: skip


def test_buurt_rows_setting_plans_the_measures_and_all_after(done):
    wd, base = done
    counts = planned(wd, {**base, "buurt": {"registry_measures": False}})
    # the theme jobs of every year (their person-level steps in the same job, so the persona
    # attributes of the last year, which read its newcomers, with the same bytes); the base jobs
    # (residents) already carry the buurt
    assert counts == {
        "kopp": 3, "migratie": 2, "migratie_wave": 1, "nieuwkomers": 2, "persona_attributes": 1,
        "export_measures": 3, **EXPORT_PAGES, **RELEASE,
    }  # fmt: skip


def test_threshold_plans_disclosure_linkage_and_pages(done):
    wd, base = done
    counts = planned(wd, {**base, "disclosure": {"threshold": 15}})
    # the linkage table is suppressed with the threshold too (it kept the old one before)
    assert counts == {
        "export_measures": 3, "linkage_report": 1, **AGGREGATE_EXPORTS, **EXPORT_PAGES,
        **RELEASE,
    }  # fmt: skip


def test_a_previous_release_plans_disclosure_control_and_the_pages(done, tmp_path):
    # its published rows stay published (control.protect's published_before): each theme's
    # export_measures reads them, and changes.csv compares the two releases
    import shutil

    wd, base = done
    previous = tmp_path / "release1"
    shutil.copytree(wd / "results/export", previous)
    counts = planned(wd, {**base, "previous_release": {"export": str(previous)}})
    assert counts == {
        "export_measures": 3, "export_organisation_figures": 1, "export_public_figures": 1,
        "compare_releases": 1, **EXPORT_PAGES, **RELEASE,
    }  # fmt: skip


def test_language_plans_the_pages_only(done):
    wd, base = done
    counts = planned(wd, {**base, "language": "en"})
    assert counts == {
        **THEME_PAGES,
        "factsheets": 1,
        # the dashboard's chart specifications and number format are in the page's language
        "dashboard_assets": 1,
        "dashboard": 1,
        "workbook": 1,
        **RELEASE,
    }


def test_findings_settings_plan_the_pages_and_the_workbook(done):
    """findings.slight (and alpha): params of the pages jobs (verdicts, trend rule) and the
    workbook (its trend rule); the factsheets and dashboard after them read verschillen.csv, and
    findings.slight is their params too (the trend rule they state)."""
    wd, base = done
    for findings in ({"slight": 0.2}, {"alpha": 0.01}):
        assert planned(wd, {**base, "findings": findings}) == {**EXPORT_PAGES, **RELEASE}


def test_boundaries_plan_the_pages_with_maps_only(done):
    """Boundaries added to a finished run: the maps and the pages that show them; no measure."""
    wd, base = done
    from wijkzicht.synth.boundaries import synthetic_boundaries, write_boundaries

    geo = read_geography(wd / base["reference"]["geography"], "GM0344")
    write_boundaries(synthetic_boundaries(5, geo, "GM0344"), wd / "ref/wijkbuurtkaart.geojson")
    counts = planned(wd, {**base, "boundaries": {"path": "ref/wijkbuurtkaart.geojson"}})
    assert counts == {
        # the maps per wijk and per buurt (buurt.registry_measures) in each theme's pages; the
        # pages jobs make the findings and comparable wijken again (the same bytes), so the
        # workbook that reads them runs again too
        **THEME_PAGES, "factsheets": 1, "dashboard": 1, "workbook": 1, **RELEASE,
    }  # fmt: skip


PERSON_RULES = ("base", "base_first", "kopp", "migratie", "migratie_wave", "nieuwkomers")


def test_codelist_line_plans_base_and_all_after(done):
    wd, base = done
    work = wd.parent / (wd.name + "_codelist")
    shutil.copytree(wd, work, symlinks=True)
    csv = work / "ref/codelists/psychofarmaca.csv"
    csv.write_text(
        "".join(line for line in csv.read_text().splitlines(True) if not line.startswith("N05C"))
    )
    counts = planned(work, base)
    assert counts == {
        # the conditions of every year, and those of the year before for the newcomers' years
        # (the first year's job: base_first)
        "base": 2, "base_first": 1, "kopp": 3, "migratie": 2, "nieuwkomers": 2,
        # the model estimates of the wave: their covariates include psychofarmaca
        "migratie_wave": 1,
        # the residents are made in the base job too: what reads them runs again (the same
        # numbers): the input check, the linkage counts and table and the aggregate sources'
        # checks
        "inputs_checked": 1, "linkage_counts": 1, "linkage_report": 1, "organisation_figures": 1, **AGGREGATE_EXPORTS,
        "export_measures": 3, **EXPORT_PAGES, **RELEASE,
        # the persona's: the zorg_steun categories and the newcomers' moves of the last year
        "persona_attributes": 1,
    }  # fmt: skip
    before = _psychofarmaca(work)
    run = snakemake(work, base)
    assert run.returncode == 0, run.stderr[-4000:]
    after = _psychofarmaca(work)
    # the numbers follow the edited list: fewer persons with psychofarmaca in every year
    assert all(after[y] < before[y] for y in YEARS), (before, after)
    manifest = json.loads((work / "results/export/manifest.json").read_text())
    from wijkzicht.release.manifest import sha256

    assert manifest["inputs"]["codelist/psychofarmaca"]["sha256"] == sha256(csv)
    verify = _verify(work)
    assert verify.returncode == 0, verify.stdout


def _psychofarmaca(wd) -> dict[int, int]:
    out = {}
    for y in YEARS:
        c = pd.read_parquet(wd / f"results/internal/base/conditions{y}.parquet")
        out[y] = int((c["condition"] == "psychofarmaca").sum())
    return out


def _verify(wd):
    import subprocess
    import sys

    cmd = [
        sys.executable,
        "-m",
        "wijkzicht.release.manifest",
        "verify",
        "results/export/manifest.json",
    ]
    return subprocess.run(cmd, cwd=wd, capture_output=True, text=True)


# the person-level jobs of every year (3 years; the first year's narrow and base jobs are rules
# of their own, a survey wave's migratie job as well, and the newcomers need a year before)
EVERY_YEAR = {
    "narrow": 2, "narrow_first": 1, "base": 2, "base_first": 1,
    "kopp": 3, "migratie": 2, "migratie_wave": 1, "nieuwkomers": 2,
}  # fmt: skip


def _new_edition_vslgwbtab(df: pd.DataFrame) -> pd.DataFrame:
    # the next delivery: the columns of one more year (the last year's areas)
    last = max(int(c[3:]) for c in df.columns if c.startswith("gem"))
    return df.assign(**{f"{k}{last + 1}": df[f"{k}{last}"] for k in ("gem", "wc", "bc")})


def _new_edition_gbapersoontab(df: pd.DataFrame) -> pd.DataFrame:
    # the same persons in another order: a file with other bytes, as a new edition is
    return df.iloc[::-1]


@pytest.mark.parametrize(
    ("table", "edition", "ingest"),
    [
        # the wide address table: every year's ingest job reads it (its columns of that year)
        ("VSLGWBTAB", _new_edition_vslgwbtab, {"ingest_wide": 3}),
        # a national table: the one national ingest job
        ("GBAPERSOONTAB", _new_edition_gbapersoontab, {"ingest": 1}),
    ],
)
def test_new_edition_of_a_national_table_plans_every_year(done, table, edition, ingest):
    """config/README.md: a new CBS delivery's edition of a national table (a newer file with
    other bytes; Snakemake passes over a newer file with the bytes it recorded, for files up to
    1 MB) reruns its ingest and every year's jobs after it, not only a new year's."""
    wd, base = done
    work = wd.parent / f"{wd.name}_{table}"
    shutil.copytree(wd, work, symlinks=True)
    (path,) = (work / "data" / table).glob("*.parquet")
    edition(pd.read_parquet(path)).to_parquet(path, index=False)
    counts = planned(work, base)
    assert {r: counts.get(r, 0) for r in INGEST} == {**dict.fromkeys(INGEST, 0), **ingest}
    assert {r: counts.get(r, 0) for r in EVERY_YEAR} == EVERY_YEAR
    assert all(counts.get(r) == n for r, n in {**EXPORT_PAGES, **RELEASE}.items()), counts


def test_a_corrected_table_of_the_last_year_plans_that_years_jobs(done):
    """config/README.md: a corrected table of one year (a new delivery of MEDICIJNTAB2023) reruns
    that year's ingest job, which does not write VSLGWBTAB's columns of the year (rule
    ingest_wide: train_linkage reads them, and after it every year's links), and that year's
    jobs; no job of an earlier year."""
    wd, base = done
    work = wd.parent / f"{wd.name}_corrected"
    shutil.copytree(wd, work, symlinks=True)
    path = work / "data/MEDICIJNTAB/MEDICIJNTAB2023.parquet"
    pd.read_parquet(path).iloc[::-1].to_parquet(path, index=False)  # other bytes, the same rows
    run = snakemake(work, base, "--dry-run")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout + run.stderr
    counts = job_counts(out)
    assert {r: counts.get(r, 0) for r in INGEST} == {**dict.fromkeys(INGEST, 0), "ingest_year": 1}
    # no planned job writes a validated VSLGWBTAB (before ingest_wide the year's job did)
    outputs = re.findall(r"^    output: (.*)$", out, re.M)
    assert outputs and not [o for o in outputs if "validated/VSLGWBTAB" in o]
    # that year's jobs, 2023 the last year: no later year reads its tables
    assert {r: counts.get(r, 0) for r in EVERY_YEAR} == {
        **dict.fromkeys(EVERY_YEAR, 0),
        "narrow": 1, "base": 1, "kopp": 1, "migratie": 1, "nieuwkomers": 1,
    }  # fmt: skip
    assert counts["inputs_checked"] == 1
    assert all(counts.get(r) == n for r, n in {**EXPORT_PAGES, **RELEASE}.items()), counts


def test_countries_row_plans_everything_after_ingest_but_narrowing(done):
    wd, base = done
    work = wd.parent / (wd.name + "_countries")
    shutil.copytree(wd, work, symlinks=True)
    path = work / "ref/reference/countries.csv"
    path.write_text(
        path.read_text().replace("5007,Suriname,Suriname", "5007,Suriname,Overig niet-westers")
    )
    counts = planned(work, base)
    forced = job_counts(snakemake(work, base, "--dry-run", "--forceall").stdout)
    # the narrowed tables read no country (nor do the conditions, but the base jobs make them
    # in the job of the residents, who have a herkomst); the check of CBS's Kerncijfers reads
    # the Kerncijfers and the geography, no country
    assert counts == without(
        forced, *INGEST, "narrow", "narrow_first",
        "public_figures", *CODE_ONLY,
    )  # fmt: skip


def test_gemeente_plans_everything_after_ingest(done):
    wd, base = done
    counts = planned(wd, {**base, "gemeente": "GM0307"})
    forced = job_counts(
        snakemake(wd, {**base, "gemeente": "GM0307"}, "--dry-run", "--forceall").stdout
    )
    # the narrowed tables hold what the gemeente reaches: everything after ingest is redone
    assert counts == without(forced, *INGEST, *CODE_ONLY)
    assert {*PERSON_RULES, "narrow", "narrow_first"} <= set(counts)


def test_narrowing_plans_the_narrowed_tables_and_everything_after(done):
    wd, base = done
    counts = planned(wd, {**base, "narrowing": False})
    forced = job_counts(
        snakemake(wd, {**base, "narrowing": False}, "--dry-run", "--forceall").stdout
    )
    # the narrow jobs write new files (the same numbers come out; Snakemake does not know): all
    # after them, with the input check (the partners' figures read the residents); the check of
    # CBS's Kerncijfers reads no person
    assert counts == without(forced, *INGEST, "public_figures", *CODE_ONLY)
    assert counts["narrow"] == 2 and counts["narrow_first"] == 1


def test_threshold_real_rerun_states_and_uses_the_new_value(done):
    wd, base = done
    work = wd.parent / (wd.name + "_threshold")
    shutil.copytree(wd, work, symlinks=True)
    run = snakemake(work, {**base, "disclosure": {"threshold": 15}})
    assert run.returncode == 0, run.stderr[-4000:]
    with zipfile.ZipFile(work / "results/release/wijkzicht-release.zip") as z:
        release = json.loads(z.read("release.json"))
        control = z.read("OUTPUTCONTROLE.md").decode()
    assert release["disclosure"]["threshold"] == 15
    assert "(drempel 15)" in control
    manifest = json.loads((work / "results/export/manifest.json").read_text())
    assert manifest["config"]["disclosure"]["threshold"] == 15
    # the numbers follow: no published row breaks the primary rule at 15
    from wijkzicht.disclosure.primary import sensitive

    for theme in ("kopp", "migratie", "nieuwkomers"):
        m = pd.read_csv(work / f"results/export/{theme}/measures.csv")
        ok = m[m["status"] == "ok"]
        counts = ok[["n_numerator", "n_denominator"]].dropna().to_numpy()
        assert not sensitive(counts, 15).any(), theme
    link = pd.read_csv(work / "results/export/linkage/linkage.csv")
    assert ((link["n_rows"].isna()) | (link["n_rows"] >= 15)).all()
