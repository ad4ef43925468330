"""The runner's closing summary repeats every table a failed ingest job named (N3 C4: three
corrupt 2023 tables, the summary showed only MEDICIJNTAB, so a user fixed it, reran, and met the
next table)."""

from __future__ import annotations

from wijkzicht.pipeline import run

# an ingest job's log as pipeline.snake.run writes an InputError of three tables (shortened)
JOB_LOG = """\
INFO data/MEDICIJNTAB2023.parquet: read as parquet, 516077 data row(s)
ERROR InputError: Input table MEDICIJNTAB in file data/MEDICIJNTAB2023.parquet does not meet its contract:
  missing required column(s): ATC4.
  columns found: RINPERSOONS, RINPERSOON, ATC

Input table ZVWZORGKOSTENTAB in file data/ZVWZORGKOSTENTAB2023.parquet does not meet its contract:
  key (RINPERSOONS, RINPERSOON) is not unique: 3 key value(s) occur more than once.
  Examples: ('R', '033092205') in rows 1 and 455003

Input table GGZDBCTRAJECTENHOOFDDIAGTAB in file data/GGZDBC2023.parquet does not meet its contract:
  column GGZDBCBegindatum: 19405 row(s) expected a date YYYYMMDD. Examples: data row 1: '21-10-2023'
INFO the next record
Traceback (most recent call last):
  File "x.py", line 1, in <module>
"""

SNAKEMAKE_LOG = """\
Error in rule ingest_year:
    jobid: 3
    log: results/internal/logs/ingest/2023.log (check log file(s) for error details)
"""


def test_the_summary_names_every_table_of_an_input_error(tmp_path):
    for path, text in (
        ("results/internal/logs/ingest/2023.log", JOB_LOG),
        (".snakemake/log/2026-12-03T161400.snakemake.log", SNAKEMAKE_LOG),
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    lines = run.failure_summary(tmp_path, since=0).splitlines()
    assert lines[:2] == [
        "The run stopped: 1 job(s) failed. What they said:",
        "- rule ingest_year (log: results/internal/logs/ingest/2023.log):",
    ]
    said = lines[2:-1]
    assert said == [
        "    ERROR InputError: Input table MEDICIJNTAB in file data/MEDICIJNTAB2023.parquet does not meet its contract:",
        "      missing required column(s): ATC4.",
        "      columns found: RINPERSOONS, RINPERSOON, ATC",
        "    Input table ZVWZORGKOSTENTAB in file data/ZVWZORGKOSTENTAB2023.parquet does not meet its contract:",
        "      key (RINPERSOONS, RINPERSOON) is not unique: 3 key value(s) occur more than once.",
        "      Examples: ('R', '033092205') in rows 1 and 455003",
        "    Input table GGZDBCTRAJECTENHOOFDDIAGTAB in file data/GGZDBC2023.parquet does not meet its contract:",
        "      column GGZDBCBegindatum: 19405 row(s) expected a date YYYYMMDD. Examples: data row 1: '21-10-2023'",
    ]  # fmt: skip
