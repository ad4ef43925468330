"""Glue for rule scripts: logging to the rule's log file and the config they need."""

from __future__ import annotations

import gc
import logging
import os
import sys
import tempfile
from pathlib import Path

from wijkzicht import db
from wijkzicht.errors import WijkzichtError


def expose_package(src: Path) -> None:
    """Let rule scripts import this package from src/ whatever environment runs them
    (a conda environment of `--sdm conda` has the dependencies, not the package)."""
    parts = [str(src), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in parts if p)


# numpy's OpenBLAS splits a matrix product over threads by its size and the cores it finds, so
# the last bits of a product (the small-area model's first fit) depended on the machine: one
# thread everywhere gives the same bytes on every machine (and is no slower for these sizes)
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


def pin_blas_threads(environ=os.environ) -> None:
    """One OpenBLAS thread for every job: set in the workflow's environment before any job
    starts (the jobs inherit it), so the model estimates are the same bytes on a laptop, this
    2-core machine and a cluster node. A value set before is overridden: a release must not
    depend on the shell it was started from."""
    environ.update(BLAS_THREADS)


def optional_input(value) -> str | None:
    """The one file of a named input that holds zero or one file (an input function returning
    [] or [path]), or None."""
    files = [value] if isinstance(value, str) else list(value)
    return files[0] if files else None


def setup_logging(snakemake) -> logging.Logger:
    """Log to the rule's log file and to stderr, so an input error is seen in both places."""
    log = logging.getLogger("wijkzicht")
    log.setLevel(logging.INFO)
    log.handlers.clear()
    fmt = logging.Formatter("%(levelname)s %(message)s")
    for h in (logging.FileHandler(snakemake.log[0], mode="w"), logging.StreamHandler(sys.stderr)):
        h.setFormatter(fmt)
        log.addHandler(h)
    return log


def job_tmpdir(snakemake) -> str | None:
    """The job's temporary folder: Snakemake's `resources.tmpdir` (the system's, or the one
    the cluster gives the job), or None to use the system's."""
    tmp = snakemake.resources.get("tmpdir", None)
    return str(tmp) if tmp and Path(str(tmp)).is_dir() else None


def run(snakemake, main) -> None:
    """Run main(snakemake, log). Every DuckDB connection the job opens (`wijkzicht.db.connect`)
    gets the job's threads and `resources.mem_mb`, and spills to a folder of its own under the
    job's tmpdir, removed afterwards. A WijkzichtError is the user's to fix: its message is
    logged (rule log and stderr) and the script exits with status 1, without a traceback. Any
    other failure is logged with its message, then re-raised (a bug: the traceback helps).

    Before main runs, everything the script has imported is moved to the garbage collector's
    permanent generation (`gc.freeze`, Python >= 3.7): a job is one short process whose
    modules live until it ends, and a collection then walks only the objects made after it.
    This matters where a library collects on every call: statsmodels' Holm correction
    (`multipletests(method="holm")`, since replaced by `statistics.area_difference.holm`)
    called `gc.collect()` each time, which walked the whole heap of pandas, scipy and
    statsmodels: 17 of the 18 CPU s of the migratie findings job on the default world. After
    main they are unfrozen."""
    log = setup_logging(snakemake)
    with tempfile.TemporaryDirectory(prefix="wijkzicht-duckdb-", dir=job_tmpdir(snakemake)) as tmp:
        db.job_resources(snakemake.threads, snakemake.resources.get("mem_mb", None), tmp)
        gc.freeze()
        try:
            main(snakemake, log)
        except WijkzichtError as err:
            log.error("%s: %s", type(err).__name__, err)
            sys.exit(1)
        except Exception as err:
            log.error("%s: %s", type(err).__name__, err)
            raise
        finally:
            gc.unfreeze()  # the interpreter's shutdown then frees them as usual
