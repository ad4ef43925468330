"""Run the workflow so that a rerun after a crash needs no Snakemake flags (`make run`).

A run killed with `kill -9` (or by a power cut) leaves a Snakemake lock and possibly a
half-written output. A plain `snakemake` then refuses to start (LockException) or stops on
the incomplete file (IncompleteFilesException), and the user has to know `--unlock` and
`--rerun-incomplete`. This runner does that safely:

1. it takes an exclusive lock of its own (`.snakemake/wijkzicht-run.lock`, `flock`, which the
   operating system releases when the process dies, however it dies). When another run of
   this runner is alive in the same folder, it stops with a clear message;
2. holding that lock, no run of ours is alive, so a Snakemake lock left in `.snakemake/locks`
   is stale: it is removed with `snakemake --unlock`;
3. it runs Snakemake with `--rerun-incomplete`, so a job whose outputs were being written when
   the run died is run again from the start; Snakemake's metadata marks such outputs.

It also gives the local scheduler a memory budget: Snakemake counts the jobs' `mem_mb`
(config `resources`) against a total only when `--resources mem_mb=N` is given, and without
it runs as many jobs side by side as `--cores` allows, whatever their memory. The runner
passes the memory available on this machine (`MemAvailable`, within the process's cgroup
limit; at least 1000 MB) unless the arguments give `mem_mb` themselves (`--resources mem_mb=N`,
`make run MEM_MB=N`) or the jobs run elsewhere (an executor other than local, e.g. the
SLURM profile). A job asking more than the budget gets the budget (as threads get `--cores`).

usage: python -m wijkzicht.pipeline.run [SNAKEMAKE ARGS ...]   (e.g. --cores all)
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

import yaml

# executors that run the jobs on this machine: the memory budget is this machine's
LOCAL_EXECUTORS = {"local", "dryrun", "touch"}
RESOURCES = ("--resources", "--res")
# Snakemake options with which a run makes nothing, so there is nothing to open after it
DRY_RUN_FLAGS = {"-n", "--dry-run", "--dryrun", "--summary", "-S", "--detailed-summary", "-D",
                 "--list-rules", "-l", "--lint", "--dag", "--rulegraph", "--unlock", "--touch", "-t"}  # fmt: skip
# the least memory budget the runner passes, however little is available when it starts
MIN_BUDGET_MB = 1000


def _directory(args: list[str]) -> Path:
    """The workflow's working directory from `--directory DIR` / `-d DIR`, else here."""
    return Path(_option(args, ("--directory", "-d")) or ".")


def available_mb(
    meminfo: Path = Path("/proc/meminfo"), cgroup: Path = Path("/sys/fs/cgroup")
) -> int:
    """The memory (MB) this machine has available for new work: `MemAvailable`, no more than
    what the process's cgroup (v2) limit leaves (a container, a SLURM allocation)."""
    fields = dict(line.split(":", 1) for line in meminfo.read_text().splitlines() if ":" in line)
    mb = int(fields["MemAvailable"].split()[0]) // 1024
    try:
        limit = (cgroup / "memory.max").read_text().strip()
        used = int((cgroup / "memory.current").read_text().strip())
    except (OSError, ValueError):
        return mb
    if limit.isdigit():
        mb = min(mb, max(int(limit) - used, 0) // 2**20)
    return mb


def _option(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last `--name VALUE` / `--name=VALUE` among args, else None."""
    found = None
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            found = args[i + 1]
        for n in names:
            if n.startswith("--") and a.startswith(n + "="):
                found = a.split("=", 1)[1]
    return found


def runs_locally(args: list[str]) -> bool:
    """False when the jobs run elsewhere: `--executor`, or else the `executor:` of a
    `--workflow-profile` or `--profile` folder (workflow/profiles/slurm), other than local."""
    executor = _option(args, ("--executor", "-e"))
    for names in (("--workflow-profile",), ("--profile",)):
        folder = _option(args, names)
        config = Path(folder) / "config.yaml" if folder else None
        if executor is None and config is not None and config.is_file():
            executor = (yaml.safe_load(config.read_text()) or {}).get("executor")
    return executor is None or executor in LOCAL_EXECUTORS


def with_memory_budget(args: list[str], mem_mb: int) -> list[str]:
    """args with `mem_mb=<mem_mb>` among Snakemake's `--resources`, unless they give mem_mb."""
    out: list[str] = []
    for a in args:  # --resources=x=1 as --resources x=1: a value can be added after it
        flag, eq, value = a.partition("=")
        out.extend([flag, value] if eq and flag in RESOURCES else [a])
    flags = [i for i, a in enumerate(out) if a in RESOURCES]
    if not flags:
        return [*out, "--resources", f"mem_mb={mem_mb}"]
    i = flags[-1]  # Snakemake takes the last --resources
    values = []
    for v in out[i + 1 :]:
        if v.startswith("-"):
            break
        values.append(v)
    if any(v.startswith("mem_mb=") for v in values):
        return args
    return [*out[: i + 1], f"mem_mb={mem_mb}", *out[i + 1 :]]


def stale_snakemake_lock(workdir: Path) -> bool:
    locks = workdir / ".snakemake" / "locks"
    return locks.is_dir() and any(locks.iterdir())


def main(args: list[str]) -> int:
    workdir = _directory(args)
    meta = workdir / ".snakemake"
    meta.mkdir(parents=True, exist_ok=True)
    snakemake = [sys.executable, "-m", "snakemake"]
    with open(meta / "wijkzicht-run.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"Another wijkzicht run is busy in {workdir.resolve()}; wait until it ends.",
                file=sys.stderr,
            )
            return 1
        if stale_snakemake_lock(workdir):
            print("A previous run stopped without cleaning up; removing its lock.", file=sys.stderr)
            subprocess.run([*snakemake, *args, "--unlock"], check=True, capture_output=True)
        run = args
        if runs_locally(args):
            budget = max(available_mb(), MIN_BUDGET_MB)
            run = with_memory_budget(args, budget)
            if run != args:
                print(
                    f"Memory for the jobs side by side: {budget} MB (available on this "
                    "machine; another with --resources mem_mb=N or make run MEM_MB=N).",
                    file=sys.stderr,
                )
        code = subprocess.call([*snakemake, *run, "--rerun-incomplete"])
        if code == 0 and not dry_run(args):
            print(outputs_summary(workdir), file=sys.stderr)
        return code


def dry_run(args: list[str]) -> bool:
    """True for a run that plans or lists and makes nothing (`-n`, `--dry-run`, `--summary`, ...)."""
    return any(a in DRY_RUN_FLAGS or a.startswith("--dry-run=") for a in args)


def outputs_summary(workdir: Path) -> str:
    """Where a finished run's pages are, relative to `workdir`: the dashboard, each theme's
    infographic and report, the factsheets, the workbook and the release bundle (a region run:
    one folder per gemeente). What the run did not make is not named; with nothing there, the
    sentence says where to look."""
    export = workdir / "results" / "export"
    found = [
        *sorted(export.glob("**/dashboard.html")),
        *sorted(export.glob("**/infographic.pdf")),
        *sorted(export.glob("**/rapport.pdf")),
        *sorted(p for p in export.glob("**/factsheets") if p.is_dir()),
        *sorted(export.glob("**/wijkzicht.xlsx")),
        *sorted((workdir / "results" / "release").glob("*.zip")),
    ]
    if not found:
        return f"Done. The run's outputs are under {export} (nothing to open there yet)."
    lines = [f"  {p.relative_to(workdir)}{'/' if p.is_dir() else ''}" for p in found]
    return "\n".join(
        [
            "Done. Open these (they work offline, from disk; every table is in results/export/):",
            *lines,
        ]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
