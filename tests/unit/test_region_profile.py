"""A profile's per-rule settings reach a region's rules: the SLURM profile
(workflow/profiles/slurm) sets `runtime` per rule name (set-resources), and a region run
(config `gemeenten`) names its rules <GM>_<rule> (workflow/region.smk applies the settings of
<rule> to each, unless the profile names <GM>_<rule> itself). Checked on a dry run: the
resources Snakemake gives each planned job, the ones the SLURM plugin submits with."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from worlds import REFERENCE, REPO

PROFILE = REPO / "workflow/profiles/slurm"
REGION = ["GM0344", "GM0356"]


def _resources(output: str) -> dict[str, set[str]]:
    """{rule: the set of its jobs' `resources:` lines} of a dry run's job list."""
    found: dict[str, set[str]] = {}
    for block in re.split(r"^rule ", output, flags=re.M)[1:]:
        name = block.split(":", 1)[0]
        line = re.search(r"^    resources: (.*)$", block, re.M)
        if line:
            found.setdefault(name, set()).add(line.group(1))
    return found


def _runtime(lines: set[str]) -> set[int]:
    return {int(re.search(r"\bruntime=(\d+)", x).group(1)) for x in lines}


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("profile")
    profile = yaml.safe_load((PROFILE / "config.yaml").read_text())
    # the profile as shipped, plus one rule of one gemeente named by its region name
    profile["set-resources"]["GM0356_narrow"] = {"runtime": 7}
    (tmp / "profile").mkdir()
    (tmp / "profile/config.yaml").write_text(yaml.safe_dump(profile))
    overrides = {
        "gemeenten": REGION,
        "years": [2022, 2023],
        "survey_waves": [2022],
        "reference": dict(REFERENCE),
    }
    (tmp / "test.yaml").write_text(yaml.safe_dump(overrides))
    cmd = [
        sys.executable, "-m", "snakemake", "-n", "-s", str(REPO / "Snakefile"),
        "--directory", str(tmp / "work"), "--workflow-profile", str(tmp / "profile"),
        "--configfile", str(REPO / "config/config.yaml"), str(tmp / "test.yaml"),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    return profile, _resources(run.stdout + run.stderr)


def test_region_jobs_get_the_runtime_the_profile_sets_for_their_rule(dry_run):
    profile, jobs = dry_run
    default = profile["default-resources"]["runtime"]
    set_runtime = {r: s["runtime"] for r, s in profile["set-resources"].items()}
    assert set_runtime["narrow"] != default  # else the test could not tell them apart
    checked = 0
    for name, lines in jobs.items():
        gm, _, rule = name.partition("_")
        if gm not in REGION:  # the region's own rules (overview, gate)
            assert _runtime(lines) == {set_runtime.get(name, default)}, name
            continue
        want = set_runtime.get(name, set_runtime.get(rule, default))
        assert _runtime(lines) == {want}, name
        checked += rule in set_runtime
    # the shipped profile's long rules, per gemeente or once (the national ones)
    assert checked >= len(REGION) * 3
    assert _runtime(jobs["GM0344_narrow"]) == {set_runtime["narrow"]}
    assert _runtime(jobs["GM0356_narrow"]) == {7}  # named itself: its own setting wins
    assert _runtime(jobs["GM0344_narrow_region"]) == {set_runtime["narrow_region"]}
    assert _runtime(jobs["GM0356_export_measures"]) == {set_runtime["export_measures"]}
    assert _runtime(jobs["GM0356_base"]) == {default}


def test_region_jobs_keep_their_rules_memory(dry_run):
    _, jobs = dry_run
    cfg = yaml.safe_load((REPO / "config/config.yaml").read_text())["resources"]
    for gm in REGION:
        (line,) = jobs[f"{gm}_narrow"]
        assert f"mem_mb={cfg['narrow']['mem_mb']}," in line
