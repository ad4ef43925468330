"""`make bench-disclosure`: time disclosure control (`protect()`) on small gemeenten.

    python bench/disclosure.py                                  # 3,000, 10,000 and 30,000 residents
    python bench/disclosure.py --persons 10000 --themes migratie --profile /tmp/prof
    python bench/disclosure.py --out /tmp/bench --docs docs/BENCHMARKS.md

1. per size, generates a synthetic world of N residents (`synthetic.n_residents`, the generator
   of `bench/run.py`) and runs the workflow on it up to the combined unsuppressed measures
   tables that the `export_measures` jobs read (`results/internal/measures/<theme>.parquet`),
   once: both are cached in WORKDIR/<label>/ and reused when the settings are the same;
2. in this one process, per theme, times `disclosure.control.protect()` as
   `scripts/export_measures.py` calls it (primary and secondary suppression, trend rows, the
   LP audit, rounding) with the config's `disclosure` settings: wall and CPU seconds, the
   number of LPs solved, their simplex iterations and the HiGHS models built (`counting_lps`),
   rows, primary and secondary suppressions and a digest of the pattern (the same digest on
   every run: the pattern is deterministic);
3. checks the result again with an independent call of `audit_measures` on the protected
   table (every required count at least `threshold` wide, no suppressed row recoverable):
   the run fails (exit 1) when a pattern does not pass;
4. writes OUT/disclosure.json and OUT/disclosure.csv (OUT: results/bench, this run's sizes)
   and, with --docs, merges its rows into the table between the `bench:disclosure` markers of
   docs/BENCHMARKS.md: the rows of the sizes run replace theirs, those of other sizes stay
   (`merged`, as `make bench`'s overview); above the table, per size, the run that made its
   rows (date, command, commit, machine and load average at start and end). A size whose rows
   a run of other settings made (--years, --waves, --seed, --themes: `settings`) is not
   replaced: the run stops before any work, saying which settings differ (`refusal`, as
   bench/run.py refuses a section), unless --replace is given or it has a --label of its own.
   Each size's total row names the themes it sums ('all three', 'kopp alone').

With --profile DIR, each theme's `protect()` also runs under cProfile (a second, untimed run)
and DIR/<label>-<theme>.prof is written (read it with `python -m pstats`).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import re
import shlex
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# the wijkzicht of this checkout, not the one the shared virtual environment was installed
# from (an editable install of another working tree): a clone at an older commit times its
# own code (before: every clone timed the installed tree's, so old and new were the same)
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))
from run import (  # noqa: E402
    generate,
    label_of,
    load,
    machine,
    merge_rows,
    other_run,
    section_of,
    settings_of,
    table_rows,
    update_docs,
    versions,
    workflow,
    years_and_waves,
)

import wijkzicht.disclosure.audit as audit_module  # noqa: E402
from wijkzicht.definitions.parse import parse_definitions  # noqa: E402
from wijkzicht.disclosure.audit import audit_measures  # noqa: E402
from wijkzicht.disclosure.control import parents_from_geography, protect, summary  # noqa: E402
from wijkzicht.inputs.reference import read_geography  # noqa: E402
from wijkzicht.pipeline.config import load_config  # noqa: E402
from wijkzicht.themes.relations import count_relations  # noqa: E402

THEMES = ("kopp", "migratie", "nieuwkomers")
SCHEMA = REPO / "workflow/schemas/config.schema.yaml"


def prepare(work: Path, persons: int, years: list[int], waves: list[int], seed: int,
            cores: int, gemeente: str) -> dict:  # fmt: skip
    """The world and the workflow up to the combined measures tables, cached in `work`."""
    data = work / "data"
    world = generate(data, persons=persons, residents=persons, years=years, waves=waves,
                     seed=seed, gemeenten=[gemeente])  # fmt: skip
    run_dir = work / "run"
    stamp = work / "measures.json"
    settings = {"persons": persons, "years": years, "waves": waves, "seed": seed}
    tables = [run_dir / f"results/internal/measures/{t}.parquet" for t in THEMES]
    same = stamp.exists() and json.loads(stamp.read_text()) == settings
    if world.get("reused") and same and all(t.exists() for t in tables):
        return {"reused": True}
    stamp.unlink(missing_ok=True)
    if run_dir.exists():
        subprocess.run(["rm", "-rf", str(run_dir)], check=True)
    targets = [str(t.relative_to(run_dir)) for t in tables]
    res = workflow(run_dir, data, years, waves, cores, targets, work / "run.log",
                   gemeenten=[gemeente])  # fmt: skip
    missing = [str(t) for t in tables if not t.exists()]
    if missing:
        raise SystemExit(f"the workflow did not make {missing}; see {work / 'run.log'}")
    stamp.write_text(json.dumps(settings))
    return res


@contextmanager
def counting_lps():
    """Count the LPs that `disclosure.audit` hands to HiGHS: through scipy's linprog (the
    audit before 30 November 2026) or its own model (`_WarmLP.minimize`). Yields a list:
    [LPs, simplex iterations, HiGHS models built] (the last two of `_WarmLP` models only:
    HiGHS's own count of each solve's iterations, and the models made), figures that do not
    depend on the machine's load, as CPU seconds do."""
    calls = [0, 0, 0]
    patched = [(audit_module, "linprog")] if hasattr(audit_module, "linprog") else []
    warm = getattr(audit_module, "_WarmLP", None)
    if warm is not None:
        patched += [(warm, "minimize"), (warm, "__init__")]
    originals = [getattr(owner, name) for owner, name in patched]

    def counting(real, name):
        def counted(*args, **kwargs):
            if name == "__init__":
                calls[2] += 1
                return real(*args, **kwargs)
            calls[0] += 1
            out = real(*args, **kwargs)
            if name == "minimize":
                calls[1] += args[0].highs.getInfo().simplex_iteration_count
            return out

        return counted

    for (owner, name), real in zip(patched, originals, strict=True):
        setattr(owner, name, counting(real, name))
    try:
        yield calls
    finally:
        for (owner, name), real in zip(patched, originals, strict=True):
            setattr(owner, name, real)


def digest(safe: pd.DataFrame) -> str:
    """A short hash of the suppression pattern (status per row, in the table's order)."""
    return hashlib.sha256("\n".join(safe["status"].astype(str)).encode()).hexdigest()[:12]


def bench_theme(
    df: pd.DataFrame, cfg: dict, geo: pd.DataFrame, profile: Path | None, theme: str
) -> dict:
    d = cfg["disclosure"]
    args = (df, d["threshold"], d["publish_zeros"], d["rounding_base"], geo, d["modelschatting"])
    # what the theme's definitions imply between its counts, as export_measures passes them
    unions, bounds = count_relations({theme: getattr(parse_definitions(cfg), theme)})
    kw = {"unions": unions, "bounds": bounds}
    with counting_lps() as lps:
        wall, cpu = time.perf_counter(), time.process_time()
        safe, audit = protect(*args, **kw)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    s = summary(safe)
    # an independent check of the result: the audit of the protected table, from scratch
    parents = parents_from_geography(geo)
    check = audit_measures(safe, d["threshold"], publish_zeros=d["publish_zeros"], parents=parents)
    if profile is not None:
        profiler = cProfile.Profile()
        profiler.runcall(protect, *args, **kw)
        profiler.dump_stats(profile)
    return {
        "rows": s["rows"],
        "primary": s["suppressed_primary"],
        "secondary": s["suppressed_secondary"],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "lps": lps[0],
        "simplex_iterations": lps[1],
        "models": lps[2],
        "audited_counts": len(check),
        "audit_passed": bool(check["protected"].all()),
        "pattern": digest(safe),
    }


TABLE_HEAD = [
    "| residents | years | theme | rows | primary | secondary | LPs | wall s | CPU s | "
    "audit passed |",
    "|---:|---|---|---:|---:|---:|---:|---:|---:|---|",
]


def _residents(line: str) -> int:
    """The size of a row of the table ('| 3,000 | ...') or of a line of the runs ('- 3,000
    residents: made on ...')."""
    first = line.split("|")[1] if line.startswith("|") else line[2:].split(" residents:")[0]
    return int(first.strip().replace(",", ""))


def layout(runs: list[str], rows: list[str]) -> str:
    """The section: per size, the run that made its rows; then the table."""
    return "\n".join(
        ["The run that made the rows of each size:", "", *runs, "", *TABLE_HEAD, *rows]
    )


def total(themes: list[str]) -> str:
    """The theme cell of a size's total row: the themes it sums."""
    if len(themes) == len(THEMES):
        return "**all three**"
    return f"**{' and '.join(themes)}**" if len(themes) > 1 else f"**{themes[0]} alone**"


def markdown(r: dict) -> str:
    """The section of this run's sizes alone (`merged` puts it into the one in --docs)."""
    runs, rows = [], []
    for size in r["sizes"]:
        runs.append(
            f"- {size['persons']:,} residents: made on {r['date']} with `{r['command']}` "
            f"(commit {r['commit']}); machine: {r['machine']['cores']} cores, "
            f"{r['machine']['memory_gb']} GB; load average (1, 5, 15 min) "
            f"{' / '.join(f'{x:.2f}' for x in size['load_start'])} at the start, "
            f"{' / '.join(f'{x:.2f}' for x in size['load_end'])} at the end."
        )
        years = f"{size['years'][0]}-{size['years'][-1]}"
        for t in size["themes"]:
            rows.append(
                f"| {size['persons']:,} | {years} | {t['theme']} | {t['rows']:,} | "
                f"{t['primary']:,} | {t['secondary']:,} | {t['lps']:,} | {t['wall_s']:.1f} | "
                f"{t['cpu_s']:.1f} | {'yes' if t['audit_passed'] else '**no**'} |"
            )
        rows.append(
            f"| {size['persons']:,} | {years} | {total([t['theme'] for t in size['themes']])} "
            "| | | | "
            f"{sum(t['lps'] for t in size['themes']):,} | **{size['wall_s']:.1f}** | "
            f"**{size['cpu_s']:.1f}** | |"
        )
    return layout(runs, rows) + "\n"


def _runs(section: str, sizes: list[int]) -> list[str]:
    """The lines of `section` that say which run made the rows of a size. A section written
    before they were (one 'Made on ...' paragraph for all its sizes) gives that paragraph to
    each of its `sizes`."""
    lines = [x for x in section.splitlines() if re.match(r"- [\d,]+ residents: ", x)]
    if lines or "Made on " not in section:
        return lines
    paragraph = section.split("Made on ", 1)[1].split("\n\n", 1)[0]
    made = "made on " + " ".join(paragraph.split())
    return [f"- {n:,} residents: {made}" for n in sizes]


def merged(docs_text: str, label: str, section: str) -> str:
    """`section` (this run's, `markdown`) merged into section `label` of `docs_text`: the rows
    and the line of each size run replace theirs, those of the other sizes stay (sizes smallest
    first), as `make bench`'s overview merges its rows (run.merge_rows)."""
    old = section_of(docs_text, label) or ""
    old_rows = table_rows(old, "| residents |")
    old_runs = _runs(old, list(dict.fromkeys(map(_residents, old_rows))))
    rows = merge_rows(old_rows, table_rows(section, "| residents |"), _residents, _residents)
    runs = merge_rows(old_runs, _runs(section, []), _residents, _residents)
    return layout(runs, rows) + "\n"


def parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    ap = cls(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--persons",
        type=int,
        nargs="+",
        default=[3000, 10000, 30000],
        help="residents of each gemeente timed (no one elsewhere: here persons = residents)",
    )
    ap.add_argument("--years", type=int, nargs="+", default=[2019, 2020, 2021, 2022, 2023])
    ap.add_argument("--waves", type=int, nargs="*", default=[2020, 2022])
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--cores", type=int, default=2, help="for the workflow that makes the inputs")
    ap.add_argument("--themes", nargs="+", default=list(THEMES), choices=THEMES)
    ap.add_argument("--workdir", default="/tmp/wijkzicht-bench-disclosure")
    ap.add_argument("--out", default=str(REPO / "results/bench"))
    ap.add_argument("--docs", default=None, help="update this file (docs/BENCHMARKS.md)")
    ap.add_argument("--profile", default=None, help="write cProfile stats into this folder")
    ap.add_argument(
        "--label",
        default="disclosure",
        help="name of the output files and of the section in --docs (its rows of the sizes run "
        "are replaced, those of other sizes stay; a size whose rows a run of other --years, "
        "--waves, --seed or --themes made is refused unless --replace is given)",
    )
    ap.add_argument(
        "--replace",
        action="store_true",
        help="with --docs: replace the rows of the sizes run even when a run of other settings "
        "made them",
    )
    return ap


def settings(a: argparse.Namespace) -> dict:
    """What the rows of a size measure, defaults filled in, the size aside (--persons lists
    the sizes; --cores makes only the inputs, the profile is a second, untimed run; --workdir,
    --out, --docs, --label and --replace say where it goes): years and waves as bench/run.py
    takes them (`years_and_waves`), the themes in their order."""
    years, waves = years_and_waves(a.years, a.waves)
    themes = [t for t in THEMES if t in a.themes]
    return {"years": years, "waves": waves, "seed": a.seed, "themes": themes}


def refusal(docs_text: str, label: str, s: dict, sizes: list[int], docs: str) -> str | None:
    """Why this run (settings `s`, `sizes`) may not replace the rows of its sizes in section
    `label` of `docs_text` (the text of file `docs`): a run of other settings made those of a
    size (compared as bench/run.py compares its runs: `settings_of`, `other_run`). None when
    it may (no such section, sizes it does not have, or the same settings)."""
    old = section_of(docs_text, label)
    if old is None:
        return None
    rows = {_residents(x) for x in table_rows(old, "| residents |")}
    made = {_residents(x): x for x in _runs(old, sorted(rows))}
    why = []
    for n in dict.fromkeys(sizes):
        if n not in rows and n not in made:
            continue
        found = re.search(r" with `([^`]+)`", made.get(n, ""))
        recorded = found[1] if found else ""
        theirs = settings_of(recorded, "bench/disclosure.py", parser, settings) if found else None
        if theirs != s:
            where = f"the rows of {n:,} residents in section '{label}' of {docs}"
            why.append(other_run(where, recorded, s, theirs, plural=True))
    if not why:
        return None
    return "\n".join(
        [*why, "Give this run its own --label (a table of its own), or give --replace to "
         "replace those rows."]
    )  # fmt: skip


def main(argv: list[str]) -> int:
    ap = parser()
    a = ap.parse_args(argv)
    s = settings(a)
    years, waves = s["years"], s["waves"]
    if a.docs and not a.replace and Path(a.docs).exists():
        why = refusal(Path(a.docs).read_text(encoding="utf-8"), a.label, s, a.persons, a.docs)
        if why:  # the reason alone (no usage: the command was right), before any work
            print(f"bench/disclosure.py: {why}", file=sys.stderr)
            return 2
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    profile = Path(a.profile) if a.profile else None
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src/wijkzicht/disclosure"],
        cwd=REPO, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    r = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/disclosure.py " + shlex.join(argv),
        "commit": commit + ("+changes in disclosure/" if dirty else ""),
        "machine": machine(), "versions": versions(), "sizes": [],
    }  # fmt: skip
    for persons in a.persons:
        label = label_of(persons)
        work = Path(a.workdir) / label
        print(f"[bench] {label}: world and measures tables in {work}", flush=True)
        cfg = load_config(REPO / "config/config.yaml", SCHEMA, {"years": years})
        prepared = prepare(work, persons, years, waves, a.seed, a.cores, cfg["gemeente"])
        geo = read_geography(REPO / cfg["reference"]["geography"], cfg["gemeente"])
        size = {"persons": persons, "years": years, "prepare": prepared, "themes": []}
        size["load_start"] = load()
        for theme in s["themes"]:
            df = pd.read_parquet(work / f"run/results/internal/measures/{theme}.parquet")
            prof = profile / f"{label}-{theme}.prof" if profile else None
            res = {"theme": theme, **bench_theme(df, cfg, geo, prof, theme)}
            print(f"[bench] {label} {theme}: {res}", flush=True)
            size["themes"].append(res)
        size["load_end"] = load()
        size["wall_s"] = round(sum(t["wall_s"] for t in size["themes"]), 2)
        size["cpu_s"] = round(sum(t["cpu_s"] for t in size["themes"]), 2)
        r["sizes"].append(size)
    r["load_start"] = r["sizes"][0]["load_start"]
    r["load_end"] = r["sizes"][-1]["load_end"]
    (out / f"{a.label}.json").write_text(json.dumps(r, indent=2) + "\n")
    rows = [
        {"persons": s["persons"], "years": f"{s['years'][0]}-{s['years'][-1]}", **t}
        for s in r["sizes"]
        for t in s["themes"]
    ]
    pd.DataFrame(rows).to_csv(out / f"{a.label}.csv", index=False)
    section = markdown(r)
    print(section)
    if a.docs:
        docs = Path(a.docs)
        text = docs.read_text(encoding="utf-8") if docs.exists() else ""
        update_docs(docs, a.label, merged(text, a.label, section))
    passed = all(t["audit_passed"] for s in r["sizes"] for t in s["themes"])
    if not passed:
        print("[bench] a suppression pattern does not pass the audit", flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
