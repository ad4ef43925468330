"""The runner (`make run`) ends a failed run by saying what the failed jobs said: Snakemake's
own report of a failed job is a block of paths and a RuleException of the job's command, and
the input error that says what to fix (table, file, column, examples) is far above it (a new
user, U4, stopped at the RuleException block)."""

from __future__ import annotations

import os
import sys
import textwrap
import time

from wijkzicht.pipeline import run

# the block Snakemake 9 writes to .snakemake/log/*.snakemake.log for a failed job (shortened)
SNAKEMAKE_LOG = """\
Select jobs to execute...
RuleException:
CalledProcessError in file "/work/main/workflow/rules/ingest.smk", line 28:
Command 'set -euo pipefail;  python /tmp/x/.snakemake/scripts/tmprabbgea1.ingest.py' returned non-zero exit status 1.
[Wed Dec  2 12:28:00 2026]
Error in rule ingest:
    message: None
    jobid: 7
    input: data/GBAPERSOONTAB/GBAPERSOONTAB.parquet, data/KINDOUDERTAB/KINDOUDERTAB.parquet
    output: results/internal/validated/GBAPERSOONTAB.parquet
    log: results/internal/logs/ingest/national.log (check log file(s) for error details)
Removing output files of failed job ingest since they might be corrupted:
results/internal/validated/KINDOUDERTAB.parquet
Error in rule pages_kopp:
    jobid: 12
    log: results/internal/logs/pages/kopp.log, results/internal/logs/pages/kopp.extra.log (check log file(s) for error details)
Shutting down, this might take some time.
"""

JOB_LOG = """\
INFO data/KINDOUDERTAB/KINDOUDERTAB.parquet: read as parquet, 1559 data row(s)
ERROR InputError: Input table GBAPERSOONTAB in file data/GBAPERSOONTAB/GBAPERSOONTAB.parquet does not meet its contract:
  column GBAGESLACHT: 2 row(s) expected non-empty, one of ['1', '2', '-']. Examples: data row 5: 'X'
Traceback (most recent call last):
  File "x.py", line 1, in <module>
"""


def test_failed_jobs_are_read_from_snakemake_log():
    assert run.failed_jobs(SNAKEMAKE_LOG) == [
        ("ingest", ["results/internal/logs/ingest/national.log"]),
        ("pages_kopp", ["results/internal/logs/pages/kopp.log", "results/internal/logs/pages/kopp.extra.log"]),
    ]  # fmt: skip
    assert run.failed_jobs("Finished jobid: 1 (Rule: ingest)\n") == []


def test_job_errors_keep_the_examples_not_the_traceback():
    assert run.job_errors(JOB_LOG) == [
        "ERROR InputError: Input table GBAPERSOONTAB in file data/GBAPERSOONTAB/GBAPERSOONTAB.parquet does not meet its contract:",
        "  column GBAGESLACHT: 2 row(s) expected non-empty, one of ['1', '2', '-']. Examples: data row 5: 'X'",
    ]  # fmt: skip


def _write(root, path, text, mtime=None):
    f = root / path
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text)
    if mtime is not None:
        os.utime(f, (mtime, mtime))


def test_summary_names_rule_log_and_error_of_this_run_only(tmp_path):
    # this run's logs written at 2,000,000 s after the epoch, an earlier run's at 1,000 s
    _write(tmp_path, "results/internal/logs/ingest/national.log", JOB_LOG, mtime=2_000_000)
    _write(
        tmp_path, ".snakemake/log/2026-12-02T122755.snakemake.log", SNAKEMAKE_LOG, mtime=2_000_000
    )
    old = "Error in rule kopp:\n    log: results/internal/logs/kopp/2022.log\n"
    _write(tmp_path, ".snakemake/log/2026-12-01T100000.snakemake.log", old, mtime=1_000)
    text = run.failure_summary(tmp_path, since=1_999_000)
    lines = text.splitlines()
    assert lines[0] == "The run stopped: 2 job(s) failed. What they said:"
    assert lines[1] == "- rule ingest (log: results/internal/logs/ingest/national.log):"
    assert "GBAGESLACHT" in lines[3] and "data row 5" in lines[3]
    assert "rule kopp " not in text  # an earlier run's failure is not this run's
    # a job whose log has no ERROR line (killed, out of memory) points back to Snakemake's output
    assert "- rule pages_kopp (log: results/internal/logs/pages/kopp.log):" in lines
    assert "no error message in its log" in text
    # nothing failed in this run: no summary
    assert run.failure_summary(tmp_path, since=2_001_000) is None


def test_a_real_failed_run_ends_with_the_jobs_error(tmp_path, monkeypatch, capsys):
    """Through Snakemake itself: a job that logs an input error as `pipeline.snake.run` does
    and exits 1; the runner's last lines are that error, after Snakemake's block."""
    (tmp_path / "Snakefile").write_text(
        textwrap.dedent(
            """
            rule all:
                input: "out.txt"

            rule ingest:
                output: "out.txt"
                log: "logs/ingest.log"
                shell: "echo 'ERROR InputError: table GBAPERSOONTAB, column GBAGESLACHT: X' > {log}; "
                       "echo '  Examples: data row 5' >> {log}; exit 1"
            """
        )
    )
    monkeypatch.setattr(run, "available_mb", lambda: 5000)
    monkeypatch.setattr(run, "runs_locally", lambda args: False)
    monkeypatch.setattr(run.sys, "executable", sys.executable)
    args = ["--directory", str(tmp_path), "-s", str(tmp_path / "Snakefile"), "--cores", "1"]
    assert run.main(args) != 0
    err = capsys.readouterr().err
    tail = err[err.rindex("The run stopped") :].splitlines()
    assert tail[:4] == [
        "The run stopped: 1 job(s) failed. What they said:",
        "- rule ingest (log: logs/ingest.log):",
        "    ERROR InputError: table GBAPERSOONTAB, column GBAGESLACHT: X",
        "      Examples: data row 5",
    ]
    # --quiet leaves Snakemake's block out of its log: the job logs under results/ this run
    # wrote say it
    snakefile = tmp_path / "Snakefile"
    snakefile.write_text(snakefile.read_text().replace('"logs/', '"results/logs/'))
    time.sleep(0.05)
    assert run.main([*args, "--quiet"]) != 0
    err = capsys.readouterr().err
    assert err[err.rindex("The run stopped") :].splitlines()[1:3] == [
        "- a job (log: results/logs/ingest.log):",
        "    ERROR InputError: table GBAPERSOONTAB, column GBAGESLACHT: X",
    ]
