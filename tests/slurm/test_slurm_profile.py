"""The SLURM profile (workflow/profiles/slurm) against a real single-node SLURM started here.

`make test-slurm` (run by .ci/run): Debian's slurm-wlm and munge (tools/install-slurm.sh)
are started for one node, this host (tests/slurm/cluster.py); the workflow runs on a small
world, one year, to the export of the KOPP table, every job submitted with sbatch by
snakemake-executor-plugin-slurm; the daemons are stopped afterwards, also on failure.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from cluster import missing_commands, single_node_slurm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from worlds import REPO, snakemake  # noqa: E402

pytestmark = pytest.mark.slurm

WORLD = {
    "years": [2023],
    "survey_waves": [2023],
    "synthetic": {"n_residents": 8000, "seed": 14, "format": "parquet"},
    # a rule given 2 threads in the configuration asks SLURM for 2 CPUs
    "resources": {"inputs_checked": {"threads": 2}, "linkage_report": {"threads": 2}},
}
TARGET = "results/export/kopp/measures.csv"


@pytest.fixture(scope="module")
def cluster():
    if os.geteuid() != 0:
        pytest.fail("slurmd runs jobs as root: run make test-slurm as root (as .ci/run does)")
    missing = missing_commands()
    if missing:
        pytest.fail(
            f"SLURM is not installed (no {', '.join(missing)}): bash tools/install-slurm.sh"
        )
    with single_node_slurm() as env:
        yield env


def test_the_workflow_runs_through_sbatch(cluster, tmp_path, monkeypatch):
    for var in ("SLURM_CONF", "PATH"):
        monkeypatch.setenv(var, cluster[var])
    run = snakemake(
        tmp_path, WORLD,
        "--workflow-profile", str(REPO / "workflow/profiles/slurm"),
        # this cluster has no accounting database (sacct) and no accounts
        "--slurm-status-command", "squeue", "--slurm-no-account",
        "--slurm-init-seconds-before-status-checks", "2", "--slurm-keep-successful-logs",
        TARGET,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]

    # every job went through sbatch: the executor names the SLURM job id of each
    ids = re.findall(r"has been submitted with SLURM jobid (\d+)", out)
    jobs = int(re.search(r"^total\s+(\d+)", out, re.M)[1])
    assert len(ids) == jobs >= 10, (len(ids), jobs)
    # ... and SLURM ran them: squeue still lists them (MinJobAge), completed, with the CPUs and
    # memory the rules declare (config resources)
    q = subprocess.run(
        ["squeue", "-h", "-t", "all", "-o", "%i|%T|%C|%m|%k"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    seen = {
        i: (state, int(cpus), mem, comment)
        for i, state, cpus, mem, comment in (ln.split("|", 4) for ln in q.splitlines())
    }
    assert set(ids) <= set(seen), (ids, q)
    assert {seen[i][0] for i in ids} == {"COMPLETED"}, q
    by_rule = {seen[i][3].split("_wildcards_")[0].removeprefix("rule_"): seen[i] for i in ids}
    assert by_rule["kopp"][3:] and by_rule["kopp"][2] == "6000M", by_rule
    assert by_rule["persona_attributes"][2] == "2000M", by_rule
    assert by_rule["linkage_report" if "linkage_report" in by_rule else "inputs_checked"][1] == 2
    # the SLURM log of each job, named by its job id
    logs = {p.stem for p in (tmp_path / ".snakemake/slurm_logs").rglob("*.log")}
    assert set(ids) <= logs, (ids, logs)

    table = pd.read_csv(tmp_path / TARGET, dtype={"year": int})
    assert set(table["year"]) == {2023}
    assert (table["measure"] == "kopp.aandeel").any()
