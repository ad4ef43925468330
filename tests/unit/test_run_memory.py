"""The runner (`make run`, pipeline.run) gives Snakemake's local scheduler a memory budget
(`--resources mem_mb=N`), so that jobs side by side stay within the machine's memory whatever
`--cores` allows; without it Snakemake counts only cores."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from worlds import REPO

from wijkzicht.pipeline import run

SLURM = str(REPO / "workflow/profiles/slurm")


@pytest.mark.parametrize(
    "args, want",
    [
        (["--cores", "all"], ["--cores", "all", "--resources", "mem_mb=5000"]),
        (["--cores", "2", "all"], ["--cores", "2", "all", "--resources", "mem_mb=5000"]),
        # other resources: mem_mb joins them (a second --resources would replace the first)
        (["--resources", "gpu=1", "-n"], ["--resources", "mem_mb=5000", "gpu=1", "-n"]),
        (["--res=gpu=1"], ["--res", "mem_mb=5000", "gpu=1"]),
        # the user's own budget stays
        (["--resources", "mem_mb=1200"], ["--resources", "mem_mb=1200"]),
        (["--resources", "gpu=1", "mem_mb=1200"], ["--resources", "gpu=1", "mem_mb=1200"]),
        (["--resources=mem_mb=1200"], ["--resources=mem_mb=1200"]),
        # Snakemake takes the last --resources: mem_mb joins that one
        (
            ["--res", "mem_mb=1", "--res", "gpu=1"],
            ["--res", "mem_mb=1", "--res", "mem_mb=5000", "gpu=1"],
        ),
    ],
)
def test_the_budget_joins_the_arguments_unless_they_give_one(args, want):
    assert run.with_memory_budget(args, 5000) == want


def test_available_memory_is_meminfo_within_the_cgroup_limit(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24000000 kB\nMemAvailable:   8192000 kB\n")
    cgroup = tmp_path / "cgroup"
    assert run.available_mb(meminfo, cgroup) == 8000  # no cgroup files: MemAvailable
    cgroup.mkdir()
    (cgroup / "memory.max").write_text("max\n")
    (cgroup / "memory.current").write_text(f"{1024 * 2**20}\n")
    assert run.available_mb(meminfo, cgroup) == 8000  # no limit
    (cgroup / "memory.max").write_text(f"{4096 * 2**20}\n")
    assert run.available_mb(meminfo, cgroup) == 3072  # the limit less what is in use


def test_no_budget_when_the_jobs_run_elsewhere():
    assert run.runs_locally(["--cores", "all"])
    assert run.runs_locally(["--executor", "local"])
    assert not run.runs_locally(["--executor", "slurm"])
    assert not run.runs_locally(["--workflow-profile", SLURM])
    assert not run.runs_locally(["--profile", SLURM])
    assert run.runs_locally(["--workflow-profile", str(REPO / "workflow/profiles/default")])


def _called(monkeypatch, tmp_path, args: list[str], available: int = 5000) -> list[str]:
    calls = []
    monkeypatch.setattr(run, "available_mb", lambda: available)
    monkeypatch.setattr(run.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    assert run.main(["--directory", str(tmp_path), *args]) == 0
    (cmd,) = calls
    return cmd


def test_the_runner_passes_the_available_memory(monkeypatch, tmp_path):
    cmd = _called(monkeypatch, tmp_path, ["--cores", "all"])
    assert cmd[:3] == [sys.executable, "-m", "snakemake"]
    assert cmd[3:] == [
        "--directory", str(tmp_path), "--cores", "all", "--resources", "mem_mb=5000",
        "--rerun-incomplete",
    ]  # fmt: skip


def test_the_budget_is_at_least_1000_mb(monkeypatch, tmp_path):
    cmd = _called(monkeypatch, tmp_path, ["--cores", "all"], available=120)
    assert [a for a in cmd if a.startswith("mem_mb=")] == ["mem_mb=1000"]


def test_the_runner_leaves_a_cluster_run_and_a_given_budget_alone(monkeypatch, tmp_path):
    cmd = _called(monkeypatch, tmp_path, ["--workflow-profile", SLURM])
    assert not any(a.startswith("mem_mb=") for a in cmd)
    cmd = _called(monkeypatch, tmp_path, ["--cores", "all", "--resources", "mem_mb=1200"])
    assert [a for a in cmd if a.startswith("mem_mb=")] == ["mem_mb=1200"]


def test_make_run_passes_mem_mb():
    def runner_line(*args: str) -> str:
        out = subprocess.run(
            ["make", "-n", "-C", str(REPO), "run", *args], capture_output=True, text=True
        ).stdout
        (line,) = [x for x in out.splitlines() if "wijkzicht.pipeline.run" in x]
        return line

    assert runner_line("MEM_MB=12000").endswith("--cores all --resources mem_mb=12000")
    assert "--resources" not in runner_line()  # the runner's own: the available memory


def test_a_job_asking_more_than_the_budget_gets_the_budget(monkeypatch, tmp_path, capfd):
    # a real dry run through the runner: the budget reaches Snakemake's scheduler, which lowers
    # a job's mem_mb to it (as it lowers threads to --cores), so DuckDB's limit follows
    (tmp_path / "Snakefile").write_text(
        'rule big:\n    output: "big.txt"\n    resources: mem_mb=8000\n'
        '    shell: "touch {output}"\n'
    )
    monkeypatch.setattr(run, "available_mb", lambda: 3000)
    args = ["-s", str(tmp_path / "Snakefile"), "--directory", str(tmp_path), "-n", "--cores", "1"]
    assert run.main(args) == 0
    out = capfd.readouterr()
    planned = re.findall(r"^\s+resources: .*\bmem_mb=(\d+)\b", out.out + out.err, re.M)
    assert planned == ["3000"]
    assert "Memory for the jobs side by side: 3000 MB" in out.err
