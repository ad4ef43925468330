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

After a finished run (not a dry run, not a failed one) it sets aside the files an earlier run
left in results/export/ that this run's release does not hold (`release.stale`: moved to
results/internal/export_earlier/, said in a few lines), then names the pages to open.

usage: python -m wijkzicht.pipeline.run [SNAKEMAKE ARGS ...]   (e.g. --cores all)
"""

from __future__ import annotations

import fcntl
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from wijkzicht.release import stale

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
        started = time.time()
        code = subprocess.call([*snakemake, *run, "--rerun-incomplete"])
        if code == 0 and not dry_run(args):
            # files of an earlier run beside the release this run wrote (release.stale)
            note = stale.message(stale.set_aside(workdir, started))
            if note:
                print(note, file=sys.stderr)
            print(outputs_summary(workdir), file=sys.stderr)
        elif code != 0:
            summary = failure_summary(workdir, started)
            if summary:
                print(summary, file=sys.stderr)
        return code


# "Error in rule NAME:" in Snakemake's log of a run, then the job's fields, among them "log: PATH"
_FAILED_RULE = re.compile(r"^Error in rule (\S+):\s*$")
_LOG_FIELD = re.compile(r"^\s+log: (.+?)(?: \(check log file\(s\) for error details\))?\s*$")


def failed_jobs(snakemake_log: str) -> list[tuple[str, list[str]]]:
    """The failed jobs of a Snakemake run, from its log (`.snakemake/log/*.snakemake.log`):
    one (rule, [log files]) per "Error in rule" block, in the order they failed."""
    jobs: list[tuple[str, list[str]]] = []
    lines = snakemake_log.splitlines()
    for i, line in enumerate(lines):
        m = _FAILED_RULE.match(line)
        if not m:
            continue
        logs: list[str] = []
        for field in lines[i + 1 :]:
            if not field.startswith((" ", "\t")):
                break  # the block ends at the next unindented line
            f = _LOG_FIELD.match(field)
            if f:
                logs = [p.strip() for p in f.group(1).split(",") if p.strip()]
        jobs.append((m.group(1), logs))
    return jobs


# a line that starts a record of the job's log (`pipeline.snake.setup_logging`: "<LEVEL> <message>"),
# or the traceback Python writes after a fault's record
_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) |^Traceback \(most recent call last\)")


def job_errors(log_text: str) -> list[str]:
    """The ERROR records a job logged (`pipeline.snake.run`: "ERROR <Kind>: <message>"), each
    with every line of its message up to the next record or a traceback: an input error's
    examples, and each of the tables an InputError names after the first (its blocks are
    separated by a blank line, which is left out)."""
    out: list[str] = []
    keep = False
    for line in log_text.splitlines():
        if line.startswith("ERROR "):
            out.append(line)
            keep = True
        elif _RECORD.match(line):
            keep = False
        elif keep and line.strip():
            out.append(line)
    return out


def failure_summary(workdir: Path, since: float) -> str | None:
    """What went wrong in a run that failed, said once at its end (Snakemake's own report of
    a failed job is a block of paths and a RuleException of the job's shell command, with the
    job's message far above it): each failed job's rule, its log file and the errors it
    logged. The failed jobs come from the Snakemake logs this run wrote (modified at or after
    `since`, seconds since the epoch); when those do not name them (`--quiet` leaves the
    blocks out), from the job logs under `results/` this run wrote with an ERROR line. None
    when no job failed (e.g. a configuration refused at start-up, which Snakemake reports
    itself as the last thing it prints)."""

    def recent(paths):
        return sorted(p for p in paths if p.is_file() and p.stat().st_mtime >= since)

    logs = recent((workdir / ".snakemake" / "log").glob("*.snakemake.log"))
    failed = [job for p in logs for job in failed_jobs(p.read_text(errors="replace"))]
    jobs = [(f"rule {r}", name) for r, f in failed for name in (f or [""])]
    if not jobs:
        jobs = [
            ("a job", p.relative_to(workdir).as_posix())
            for p in recent((workdir / "results").rglob("*.log"))
            if job_errors(p.read_text(errors="replace"))
        ]
    jobs = list(dict.fromkeys(jobs))
    if not jobs:
        return None
    lines = [f"The run stopped: {len({j for j, _ in jobs})} job(s) failed. What they said:"]
    for job, name in jobs:
        log = workdir / name if name else None
        errors = job_errors(log.read_text(errors="replace")) if log and log.is_file() else []
        lines.append(f"- {job}" + (f" (log: {name}):" if name else ":"))
        if errors:
            lines += [f"    {e}" for e in errors]
        else:
            lines.append("    no error message in its log; Snakemake's output above has it")
    lines.append(
        "An error naming a table, file and column is in the input data or the configuration; "
        "fix it there and run again (what finished is kept). Any other error is a fault in "
        "wijkzicht: the log file holds its traceback."
    )
    return "\n".join(lines)


def dry_run(args: list[str]) -> bool:
    """True for a run that plans or lists and makes nothing (`-n`, `--dry-run`, `--summary`, ...)."""
    return any(a in DRY_RUN_FLAGS or a.startswith("--dry-run=") for a in args)


# what a named file is for, where its name does not say it (a new user looked for
# OUTPUTCONTROLE.md in results/export/: it is in the bundle)
WHAT = {
    "changes.csv": "  (what changed since the previous release, and why: column reden)",
    ".zip": "  (the release; OUTPUTCONTROLE.md inside, for the CBS output check)",
}


def _what(path: Path) -> str:
    return WHAT.get(path.name, WHAT.get(path.suffix, ""))


def outputs_summary(workdir: Path) -> str:
    """Where a finished run's pages are, relative to `workdir`: the dashboard, each theme's
    infographic and report, the factsheets, the workbook, the changes since the previous
    release (with `previous_release.export`) and the release bundle (a region run:
    the region overview first, to compare the gemeenten, then one folder per gemeente and its
    release bundle, `results/release/<GM>/`). What the run did not make is not named; with
    nothing there, the sentence says where to look."""
    export = workdir / "results" / "export"
    region = export / "regio" / "overzicht.html"
    found = [
        *([region] if region.is_file() else []),
        *sorted(export.glob("**/dashboard.html")),
        *sorted(export.glob("**/infographic.pdf")),
        *sorted(export.glob("**/rapport.pdf")),
        *sorted(p for p in export.glob("**/factsheets") if p.is_dir()),
        *sorted(export.glob("**/wijkzicht.xlsx")),
        *sorted(export.glob("**/changes.csv")),
        *sorted((workdir / "results" / "release").glob("*.zip")),
        *sorted((workdir / "results" / "release").glob("*/*.zip")),
    ]
    if not found:
        return f"Done. The run's outputs are under {export} (nothing to open there yet)."
    lines = [f"  {p.relative_to(workdir)}{'/' if p.is_dir() else ''}{_what(p)}" for p in found]
    return "\n".join(
        [
            "Done. Open these (they work offline, from disk; every table is in results/export/):",
            *lines,
        ]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
