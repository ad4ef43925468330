"""What one per-value check of the ingest costs in DuckDB, in the forms SQL offers.

    python bench/check_forms.py [--values N]

Counts, on one DuckDB thread, the values of a column of N nine-digit codes (RINPERSOON's form)
that fail each form of the check "exactly nine digits", and prints the CPU seconds and the
nanoseconds per value of each form. The ingest (`wijkzicht.inputs.ingest`) uses the regular
expression; docs/BENCHMARKS.md (*3 December 2026, afternoon*) gives the figures of this machine.
"""

import argparse
import time

import duckdb

FORMS = {
    "regexp_full_match": "regexp_full_match(x, '[0-9]{9}')",
    "TRY_CAST with length": (
        "length(x) = 9 AND TRY_CAST(x AS UBIGINT) IS NOT NULL AND x[1] BETWEEN '0' AND '9'"
    ),
    "translate": "length(x) = 9 AND translate(x, '0123456789', '') = ''",
    "ltrim": "length(x) = 9 AND ltrim(x, '0123456789') = ''",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--values", type=int, default=20_000_000)
    n = ap.parse_args().values
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute(
        "CREATE TABLE t AS SELECT lpad(CAST((i * 7919) % 1000000000 AS VARCHAR), 9, '0') AS x "
        f"FROM range({n}) r(i)"
    )
    print(f"{'form':<24}{'failing':>8}{'CPU s':>8}{'ns/value':>10}")
    for name, check in FORMS.items():
        start = time.process_time()
        (failing,) = con.execute(f"SELECT count(*) FILTER (WHERE NOT ({check})) FROM t").fetchone()
        cpu = time.process_time() - start
        print(f"{name:<24}{failing:>8}{cpu:>8.2f}{1e9 * cpu / n:>10.0f}")


if __name__ == "__main__":
    main()
