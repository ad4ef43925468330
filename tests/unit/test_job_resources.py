"""Every job's threads and memory come from config `resources`: `resources.<rule>` for the
rules listed there, `resources.default` for every other rule (config/README.md). Checked on
dry runs, the resources Snakemake gives each planned job (what the local scheduler counts,
DuckDB gets, and the SLURM plugin submits with): of a single run, and of a region run with
the SLURM profile (which must not put a memory of its own in their place)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from worlds import REFERENCE, REPO

from wijkzicht.pipeline.config import rule_resources

CONFIG = yaml.safe_load((REPO / "config/config.yaml").read_text(encoding="utf-8"))
REGION = ["GM0344", "GM0356"]
# the config key of the rules that share one: a rule's other kinds of year, its region copy
FAMILY = {
    "ingest_year": "ingest",
    "ingest_wave": "ingest",
    "ingest_wide": "ingest",
    "ingest_unkeyed": "ingest",
    "narrow_first": "narrow",
    "narrow_region": "narrow",
    "narrow_region_first": "narrow",
    "base_first": "base",
    "migratie_wave": "migratie",
    # the linkage's model and its per-year jobs take the linkage's memory
    "train_linkage": "link_unkeyed",
    "link_unkeyed_year": "link_unkeyed",
}
# jobs that run nothing (rule all: the targets)
TARGETS = {"all"}
# the region's own rules (workflow/region.smk, not a gemeente's module)
REGION_OWN = {"region_overview", "region_overview_copies", "region_gate"}
# rules that do not declare their threads and memory
UNDECLARED: set[str] = set()


def _jobs(output: str) -> dict[str, set[tuple[int, int | None]]]:
    """{rule: the set of its jobs' (threads, mem_mb)} of a dry run's job list."""
    found: dict[str, set[tuple[int, int | None]]] = {}
    for block in re.split(r"^rule ", output, flags=re.M)[1:]:
        name = block.split(":", 1)[0]
        threads = re.search(r"^    threads: (\d+)$", block, re.M)
        mem = re.search(r"^    resources: .*\bmem_mb=(\d+)\b", block, re.M)
        found.setdefault(name, set()).add(
            (int(threads.group(1)) if threads else 1, int(mem.group(1)) if mem else None)
        )
    return found


def _dry_run(tmp, overrides: dict, *args: str) -> dict:
    (tmp / "test.yaml").write_text(yaml.safe_dump({"reference": dict(REFERENCE), **overrides}))
    cmd = [
        sys.executable, "-m", "snakemake", "-n", "-s", str(REPO / "Snakefile"),
        "--directory", str(tmp / "work"), "--cores", "8",
        "--configfile", str(REPO / "config/config.yaml"), str(tmp / "test.yaml"), *args,
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    return _jobs(run.stdout + run.stderr)


def _want(rule: str, default: dict) -> tuple[int, int]:
    """(threads, mem_mb) the config gives a rule of one gemeente's workflow."""
    cfg = {"resources": {**CONFIG["resources"], "default": default}}
    if rule.startswith("pages_"):
        rule = "pages"
    res = rule_resources(cfg, FAMILY.get(rule, rule))
    # one thread: the same model and links on every run
    if rule in ("train_linkage", "link_unkeyed_year", "link_unkeyed"):
        return 1, res["mem_mb"]
    return res["threads"], res["mem_mb"]


# two defaults that differ in threads and memory from each other and from every listed rule
DEFAULTS = [{"threads": 2, "mem_mb": 3000}, {"threads": 3, "mem_mb": 3100}]
SINGLE = {"years": [2022, 2023], "survey_waves": [2022]}


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    runs = []
    for default in DEFAULTS:
        tmp = tmp_path_factory.mktemp("single")
        runs.append(_dry_run(tmp, {**SINGLE, "resources": {"default": default}}))
    return runs


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    runs = []
    for default in DEFAULTS:
        tmp = tmp_path_factory.mktemp("region")
        overrides = {**SINGLE, "gemeenten": REGION, "resources": {"default": default}}
        runs.append(
            _dry_run(tmp, overrides, "--workflow-profile", str(REPO / "workflow/profiles/slurm"))
        )
    return runs


def test_every_job_of_a_single_run_takes_its_threads_and_memory_from_the_config(single):
    for default, jobs in zip(DEFAULTS, single, strict=True):
        assert {
            "export_measures",
            "pages_kopp",
            "manifest",
            "dashboard",
            "link_unkeyed",
            "train_linkage",
            "link_unkeyed_year",
        } <= set(  # fmt: skip
            jobs
        )
        for rule, got in jobs.items():
            if rule in TARGETS:
                continue
            assert got == {_want(rule, default)}, rule


def test_every_job_of_a_region_run_takes_its_threads_and_memory_from_the_config(region):
    for default, jobs in zip(DEFAULTS, region, strict=True):
        checked = 0
        for name, got in jobs.items():
            if name in TARGETS | UNDECLARED:
                continue
            gm, _, rule = name.partition("_")
            if name in REGION_OWN:
                rule = name
            else:
                assert gm in REGION, name
            assert got == {_want(rule, default)}, name
            checked += 1
        assert checked > 2 * 20  # every gemeente's jobs, not a few


def _key(name: str, region: bool) -> str:
    """The config key of a job's rule (a region's <GM>_<rule> by its <rule>)."""
    rule = name.partition("_")[2] if region and name not in REGION_OWN else name
    return "pages" if rule.startswith("pages_") else FAMILY.get(rule, rule)


@pytest.mark.parametrize("fixture", ["single", "region"])
def test_the_default_memory_moves_every_rule_not_listed_and_no_listed_one(fixture, request):
    first, second = request.getfixturevalue(fixture)
    listed = {k: v["mem_mb"] for k, v in CONFIG["resources"].items() if "mem_mb" in v}
    del listed["default"]
    # else a listed rule and the default could not be told apart
    assert not {d["mem_mb"] for d in DEFAULTS} & set(listed.values())
    unlisted = set()
    for name in first:
        if name in TARGETS | UNDECLARED:
            continue
        key = _key(name, fixture == "region")
        mem = ({m for _, m in first[name]}, {m for _, m in second[name]})
        if key in listed:
            assert mem == ({listed[key]}, {listed[key]}), name
        else:
            assert mem == ({DEFAULTS[0]["mem_mb"]}, {DEFAULTS[1]["mem_mb"]}), name
            unlisted.add(key)
    # the jobs the reviewer found with no memory of their own
    assert {
        "pages", "dashboard", "workbook", "factsheets", "persona_attributes", "manifest",
        "export_gate", "bundle", "organisation_figures", "public_figures",
        "export_organisation_figures", "export_public_figures", "synthetic_aggregates",
        "synthetic_boundaries", "dashboard_assets", "link_unkeyed", "linkage_report",
    } <= unlisted  # fmt: skip
