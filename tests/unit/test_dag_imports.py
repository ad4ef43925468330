"""Building the workflow's DAG imports no plotting or chart library: a dry run stays fast and
works where those are not installed."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from worlds import REFERENCE, REPO

HEAVY = ("matplotlib", "altair", "vl_convert")


@pytest.mark.parametrize("gemeenten", [[], ["GM0344", "GM0356"]], ids=["single", "region"])
def test_dry_run_imports_no_plotting_library(tmp_path, gemeenten):
    # results and .snakemake in tmp_path; reference files from the repository
    overrides = {
        "gemeenten": gemeenten,
        "reference": dict(REFERENCE),
    }
    (tmp_path / "test.yaml").write_text(yaml.safe_dump(overrides))
    cmd = [
        sys.executable, "-X", "importtime", "-m", "snakemake", "-n",
        "-s", str(REPO / "Snakefile"), "--directory", str(tmp_path),
        "--configfile", str(REPO / "config/config.yaml"), str(tmp_path / "test.yaml"),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    # -X importtime: one line per imported module on stderr, "import time: self | total | name"
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    # the DAG was built: the input functions that list the figures ran
    assert "wijkzicht.outputs.catalogue" in imported
    heavy = sorted(m for m in imported if m.split(".")[0] in HEAVY)
    assert heavy == []
    assert not (tmp_path / "results").exists()
    jobs = _jobs(run.stdout + run.stderr)
    years = len(yaml.safe_load((REPO / "config/config.yaml").read_text())["years"])
    # one narrow job per year: the first year's (no year before it) is rule narrow(_region)_first
    if gemeenten:  # the region's narrowing once per year (first module), each gemeente's own
        first, other = gemeenten
        assert jobs[f"{first}_narrow_region"] == years - 1
        assert jobs[f"{first}_narrow_region_first"] == 1
        assert not any(r.startswith(f"{other}_narrow_region") for r in jobs)
        for gm in gemeenten:
            assert (jobs[f"{gm}_narrow"], jobs[f"{gm}_narrow_first"]) == (years - 1, 1)
    else:  # the single run: no region narrowing
        assert (jobs["narrow"], jobs["narrow_first"]) == (years - 1, 1)
        assert not any("narrow_region" in r for r in jobs)


def _jobs(output: str) -> dict[str, int]:
    """The job counts per rule of Snakemake's 'Job stats' table."""
    stats = output.split("Job stats:", 1)[1].split("total", 1)[0]
    return {rule: int(n) for rule, n in re.findall(r"^(\S+)\s+(\d+)$", stats, re.M)}
