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

usage: python -m wijkzicht.pipeline.run [SNAKEMAKE ARGS ...]   (e.g. --cores all)
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path


def _directory(args: list[str]) -> Path:
    """The workflow's working directory from `--directory DIR` / `-d DIR`, else here."""
    for i, a in enumerate(args):
        if a in ("--directory", "-d") and i + 1 < len(args):
            return Path(args[i + 1])
        if a.startswith("--directory="):
            return Path(a.split("=", 1)[1])
    return Path(".")


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
        return subprocess.call([*snakemake, *args, "--rerun-incomplete"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
