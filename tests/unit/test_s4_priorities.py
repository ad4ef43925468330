"""The rules' priorities that the default world's wall time relies on (issue 14), read from a dry
run of the workflow: Snakemake starts the ready jobs with the highest priority first, so these
decide which of the ready jobs gets a free core. On the default world (issue 14) they keep both
cores busy up to the pages: a simulation of the run from its measured job times gave 54.9 s
against 57.7 s with the priorities before (a pages job and the export before it ran alone).

- the national tables' ingest job first: every year's narrow job reads them;
- the migratie jobs (the survey waves are the longest per-year jobs) before the narrow and base
  jobs of later years, and those before the theme jobs;
- what every pages job reads besides its theme's export (the linkage report, the partners' and
  CBS's figures) before the theme jobs: otherwise it comes last and every pages job waits;
- of the theme jobs nieuwkomers first (the persona's attributes wait for its newcomers), then
  the persona's attributes (every export_measures job waits for them), then kopp; the
  export_measures jobs before the pages jobs, so that a theme's pages start when its export is
  done;
- dashboard_assets last: it reads nothing, and run at the end it fills the core that would
  otherwise wait beside the last pages job.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from worlds import REFERENCE, REPO

SIDE_INPUT_RULES = {"linkage_report", "export_organisation_figures", "export_public_figures"}
THEME_RULES = {"kopp", "nieuwkomers", "persona_attributes", "export_measures"}


def _jobs(tmp, overrides: dict) -> list[dict]:
    """Every job of a dry run: rule, priority (0 when Snakemake prints none), input, output."""
    (tmp / "test.yaml").write_text(yaml.safe_dump({"reference": dict(REFERENCE), **overrides}))
    cmd = [
        sys.executable, "-m", "snakemake", "-n", "-s", str(REPO / "Snakefile"),
        "--directory", str(tmp / "work"),
        "--configfile", str(REPO / "config/config.yaml"), str(tmp / "test.yaml"),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    jobs = []
    for block in re.split(r"^(?:local)?rule ", run.stdout + run.stderr, flags=re.M)[1:]:
        job = {"rule": block.split(":", 1)[0]}
        found = re.search(r"^    priority: (\S+)$", block, re.M)
        job["priority"] = float(found.group(1)) if found else 0.0
        for part in ("input", "output"):
            line = re.search(rf"^    {part}: (.*)$", block, re.M)
            job[part] = line.group(1).split(", ") if line else []
        jobs.append(job)
    return jobs


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    return _jobs(
        tmp_path_factory.mktemp("s4"), {"years": [2021, 2022, 2023], "survey_waves": [2022]}
    )


def _priorities(jobs, *rules) -> list[float]:
    found = [j["priority"] for j in jobs if j["rule"] in rules]
    assert found, f"no job of {rules}"
    return found


def _producers(jobs, job) -> list[dict]:
    """The jobs whose outputs `job` reads."""
    made = {f: j for j in jobs for f in j["output"]}
    return [made[f] for f in job["input"] if f in made]


def _upstream(jobs, job) -> list[dict]:
    """Every job that `job` waits for, directly or not."""
    made = {f: j for j in jobs for f in j["output"]}
    seen, todo = {}, list(job["input"])
    while todo:
        f = todo.pop()
        if f in made and id(made[f]) not in seen:
            seen[id(made[f])] = made[f]
            todo.extend(made[f]["input"])
    return list(seen.values())


def test_the_national_tables_first(jobs):
    (ingest,) = _priorities(jobs, "ingest")
    assert ingest >= max(j["priority"] for j in jobs)
    others = ("ingest_year", "ingest_wave", "ingest_wide", "inputs_checked")
    assert ingest > max(_priorities(jobs, *others))


def test_migratie_then_narrow_and_base_then_the_rest(jobs):
    migratie = _priorities(jobs, "migratie", "migratie_wave")
    per_year = _priorities(jobs, "narrow", "narrow_first", "base", "base_first")
    later = _priorities(jobs, *SIDE_INPUT_RULES, "linkage_counts", *THEME_RULES)
    assert min(migratie) > max(per_year) > max(later)


def test_what_every_pages_job_reads_comes_before_the_theme_jobs(jobs):
    pages = [j for j in jobs if j["rule"].startswith("pages_")]
    assert len(pages) == 3
    theme = max(_priorities(jobs, *THEME_RULES))
    for page in pages:
        side = [j for j in _producers(jobs, page) if j["rule"] != "export_measures"]
        assert {j["rule"] for j in side} >= SIDE_INPUT_RULES, page["rule"]
        for job in side:
            assert job["priority"] > theme, (page["rule"], job["rule"])
        # and what those wait for: the linkage counts, the inputs, the synthetic world's figures
        for job in side:
            for up in _upstream(jobs, job):
                assert up["priority"] > theme, (page["rule"], job["rule"], up["rule"])


def test_the_theme_jobs_in_order(jobs):
    (persona,) = _priorities(jobs, "persona_attributes")
    assert min(_priorities(jobs, "nieuwkomers")) > persona > max(_priorities(jobs, "kopp"))
    assert min(_priorities(jobs, "kopp")) > max(_priorities(jobs, "export_measures"))
    pages = _priorities(jobs, "pages_kopp", "pages_migratie", "pages_nieuwkomers")
    assert min(_priorities(jobs, "export_measures")) > max(pages)


def test_dashboard_assets_last(jobs):
    """Lower than every job a pages job waits for and than the other pages of the release that
    can start beside it (factsheets, workbook): it takes a core only when nothing else can."""
    (assets,) = _priorities(jobs, "dashboard_assets")
    before = {id(j): j for p in jobs if p["rule"].startswith("pages_") for j in _upstream(jobs, p)}
    before.update({id(j): j for j in jobs if j["rule"].startswith("pages_")})
    before.update({id(j): j for j in jobs if j["rule"] in {"factsheets", "workbook"}})
    for job in before.values():
        assert job["priority"] > assets, job["rule"]


def test_a_regions_national_narrow_jobs_rank_with_the_narrow_jobs(tmp_path):
    """In a GGD region run every gemeente's narrow job of a year waits for narrow_region."""
    jobs = _jobs(
        tmp_path,
        {"years": [2022, 2023], "survey_waves": [2022], "gemeenten": ["GM0344", "GM0356"]},
    )
    national = [j for j in jobs if j["rule"].endswith(("_narrow_region", "_narrow_region_first"))]
    narrow = [j for j in jobs if j["rule"].endswith(("_narrow", "_narrow_first"))]
    assert len(national) == 2 and len(narrow) == 4
    assert min(j["priority"] for j in national) >= max(j["priority"] for j in narrow)
    (assets,) = [j for j in jobs if j["rule"].endswith("dashboard_assets")]
    assert min(j["priority"] for j in national) > assets["priority"]
