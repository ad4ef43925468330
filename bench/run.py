"""`make bench`: time wijkzicht against a hand-written DuckDB baseline on a synthetic world.

    python bench/run.py --persons 2000000                 # the default size
    python bench/run.py --persons 20000 --years 2022 2023  # a quick check
    python bench/run.py --persons 360000 --pages --noop --add-year
    python bench/run.py --persons 2000000 --residents 20000 --gemeenten 5  # a GGD region
    python bench/run.py --persons 2000000 --residents 20000 --gemeenten 5 --analysed 1  # one of it

`--persons N` is the number of persons in the national tables, as in CBS's (18 million for
the whole country); `--residents R` (default min(N // K, 360000), K the --gemeenten, 1 by
default) of them live in the gemeente, the other N - R in other gemeenten for the whole period
(`synthetic.n_elsewhere`, wijkzicht.synth.elsewhere): they are in every national table and reach none of the gemeente's
measures. `--residents N` equal to `--persons N` is a gemeente of N residents with no one
elsewhere (the meaning of `--persons` before 30 November 2026). `--gemeenten K` (K > 1) makes
it a region run (config `gemeenten`) of the first K gemeenten of the geography reference, each
with R residents (`synth.region`), and N - K * R persons elsewhere; the baseline and the counts
compared are the first gemeente's. `--analysed M` runs the workflow for the first M of those K
gemeenten only: `--gemeenten 5 --analysed 1` is one gemeente on the very world (national tables)
of the five-gemeente region run, so the two runs differ in nothing but the gemeenten analysed.

1. generates the world (wijkzicht.synth, the generator of the `synthetic_world` rule: the
   gemeente of R residents, plus N - R persons elsewhere) once into WORKDIR/data (kept; a
   rerun with the same settings reuses it), timed apart;
2. runs the workflow on it (`data.root`) with `snakemake --cores C` to the export (the three
   measures tables and the linkage table; with --pages every page, the release and the gate);
   whole run: wall time, CPU time (user + system of every process of the run: rusage of the
   Snakemake process and everything it waited for) and peak RSS of the whole run (the summed
   resident memory of the Snakemake process tree, sampled every 0.2 s);
   per stage from the rules' benchmark files (wijkzicht.pipeline.benchmarks);
3. with --noop: the same command again (nothing to do); with --add-year: a second workflow in
   WORKDIR/add-year, first without the last year, then timing the run that adds it; with
   --floor: the floor of Snakemake's job model on this machine, a workflow in WORKDIR/floor
   of as many script jobs as the run had, each doing nothing but import pandas, DuckDB and
   pyarrow (as nearly every wijkzicht job does), none waiting for another, with the same
   --cores: a time below which no workflow of that many such jobs can go;
4. runs the baseline (bench/baseline.sql, one DuckDB process, C threads) on the same files,
   timed the same way, and checks that its counts equal wijkzicht's unsuppressed measures;
5. writes OUT/<label>.json and OUT/<label>.csv (OUT: results/bench) and updates the section of
   this label in docs/BENCHMARKS.md (--docs), with the command, the machine (cores, memory, load
   average at start and end) and the versions, and the run's row of the overview there (each
   row from an OUT/<label>.json only when it is the run its section records: `overview`).

The label (--label) names the section and the out files; by default it names the persons and
every setting that differs from its default (`default_label`: `--persons 2000000 --residents
20000 --gemeenten 5 --years 2022 2023` is 2M-r20k-5gm-y2022-2023), so two runs of other
settings never share one. A run with --docs refuses to replace a section of its label that a
command of other settings made (`refusal`: it names the file, the settings that differ and the
--label to give, this run's default), unless --replace is given.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import psutil
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import baseline  # noqa: E402

from wijkzicht.inputs.reference import read_geography  # noqa: E402
from wijkzicht.pipeline.benchmarks import collect, side_by_side, summary  # noqa: E402

THEMES = ("kopp", "migratie", "nieuwkomers")
# the seed of `make run`'s synthetic boundaries (config synthetic.seed)
SYNTHETIC_SEED = yaml.safe_load((REPO / "config/config.yaml").read_text())["synthetic"]["seed"]
EXPORT_TARGETS = [
    "results/export/kopp/measures.csv",
    "results/export/migratie/measures.csv",
    "results/export/nieuwkomers/measures.csv",
    "results/export/linkage/linkage.csv",
]


def machine() -> dict:
    mem = psutil.virtual_memory().total
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def versions() -> dict:
    out = {p: version(p) for p in ("snakemake", "duckdb", "pandas", "pyarrow", "numpy")}
    try:
        out["wijkzicht"] = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):  # a copy without .git: say which
        out["wijkzicht"] = os.environ.get("WIJKZICHT_COMMIT", "unknown")
    return out


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def job_environment(env: dict | None = None) -> dict:
    """The environment the timed commands run in: this one, with Python's default of caching
    compiled modules (`__pycache__`) even where PYTHONDONTWRITEBYTECODE is set (as on the
    shared benchmark machine): every job would otherwise compile the package's modules it
    imports again, a cost a user's run does not have (0.2 to 0.5 CPU s a job)."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Run `cmd` (in `job_environment()`); wall seconds, CPU seconds of it and every process
    it waited for, and the peak of the summed RSS of its process tree (MB). Raises when it
    fails."""
    peak = [0]
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=job_environment()
        )
        done = threading.Event()

        def sample():
            root = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    tree = [root, *root.children(recursive=True)]
                    rss = 0
                    for p in tree:
                        with contextlib.suppress(psutil.Error):
                            rss += p.memory_info().rss
                    peak[0] = max(peak[0], rss)
                except psutil.Error:
                    pass
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise SystemExit(f"failed ({code}): {shlex.join(cmd)}\n{tail}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(peak[0] / 1e6, 1),
        # the largest single process of the run (kernel's count), MB
        "max_process_rss_mb": round(usage.ru_maxrss / 1e3, 1),
    }


def generate(
    data: Path,
    persons: int,
    residents: int,
    years: list[int],
    waves: list[int],
    seed: int,
    gemeenten: list[str],
) -> dict:
    """The world of `residents` in each of `gemeenten` and `persons - len(gemeenten) *
    residents` living elsewhere, written once into `data` (reused when its settings are the
    same)."""
    settings = {"persons": persons, "years": years, "waves": waves, "seed": seed}
    if residents != persons:
        settings["residents"] = residents
    if len(gemeenten) > 1:
        settings["gemeenten"] = gemeenten
    stamp = data / "world.json"
    if stamp.exists() and json.loads(stamp.read_text()) == settings:
        return {"reused": True}
    code = (
        "from pathlib import Path; from wijkzicht.synth import write_world; "
        "from wijkzicht.synth.elsewhere import elsewhere; "
        "from wijkzicht.synth.region import generate_region; "
        f"t = generate_region({gemeenten}, seed={seed}, n_residents={residents}, years={years}, "
        f"survey_waves={waves}); write_world(t, Path({str(data)!r}), 'parquet', "
        f"extra=elsewhere(t, {persons - len(gemeenten) * residents}, {seed}, {years}, "
        f"gemeente={gemeenten[0]!r}, gemeenten={gemeenten}))"
    )
    data.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    res = timed([sys.executable, "-c", code], data, data.parent / "generate.log")
    stamp.write_text(json.dumps(settings))
    return res


def boundaries(data: Path, seed: int, gemeenten: list[str]) -> Path:
    """The synthetic Wijk- en Buurtkaart of `gemeenten` (`synth.boundaries`, as the
    `synthetic_boundaries` rule of `make run` draws it), written once next to the world's
    tables: with it the pages of a `--pages` run draw their maps, as `make run`'s do (real
    data paths alone give no boundaries, hence no maps)."""
    path = data / "wijkbuurtkaart.geojson"
    if not path.exists():
        from wijkzicht.synth.boundaries import synthetic_boundaries, write_boundaries

        geo = read_geography(REPO / "config/reference/geography.csv")
        parts = [synthetic_boundaries(seed, geo, gm) for gm in gemeenten]
        write_boundaries(pd.concat(parts, ignore_index=True), path)
    return path


def workflow(work: Path, data: Path, years: list[int], waves: list[int], cores: int,
             targets: list[str], log: Path, gemeenten: list[str]) -> dict:  # fmt: skip
    work.mkdir(parents=True, exist_ok=True)
    cfg = {"years": years, "survey_waves": [w for w in waves if w in years],
           "gemeenten": gemeenten if len(gemeenten) > 1 else [],
           "data": {"root": str(data), "format": "parquet"},
           "reference": {"geography": str(REPO / "config/reference/geography.csv"),
                         "countries": str(REPO / "config/reference/countries.csv"),
                         "codelists": str(REPO / "config/codelists/codelists.yaml")}}  # fmt: skip
    if (data / "wijkbuurtkaart.geojson").exists():  # `boundaries`: the maps of the pages
        cfg["boundaries"] = {"path": str(data / "wijkbuurtkaart.geojson")}
    (work / "bench.yaml").write_text(yaml.safe_dump(cfg))
    cmd = [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"),
           "--directory", str(work), "--configfile", str(REPO / "config/config.yaml"),
           str(work / "bench.yaml"), "--cores", str(cores), *targets]  # fmt: skip
    return timed(cmd, work, log)


FLOOR_SNAKEFILE = """\
rule all:
    input:
        expand("out/{i}.txt", i=range(JOBS)),


rule job:
    output:
        "out/{i}.txt",
    script:
        "job.py"
"""


def jobs_run(log: Path) -> int:
    """The number of jobs of a Snakemake run: its last 'N of N steps (100%) done' line."""
    found = re.findall(r"(\d+) of (\d+) steps \(100%\) done", log.read_text(errors="replace"))
    if not found:
        raise SystemExit(f"no 'N of N steps (100%) done' line in {log}: did the run finish?")
    return int(found[-1][1])


def floor(work: Path, jobs: int, cores: int, imports: list[str]) -> dict:
    """Time a workflow of `jobs` independent script jobs that only import `imports` and write
    one line, in WORKDIR/floor with `cores` cores: the floor of the job model (`timed`)."""
    d = work / "floor"
    if d.exists():
        subprocess.run(["rm", "-rf", str(d)], check=True)
    d.mkdir(parents=True)
    (d / "Snakefile").write_text(f"JOBS = {jobs}\n\n\n" + FLOOR_SNAKEFILE)
    (d / "job.py").write_text(
        "".join(f"import {m}  # noqa: F401\n" for m in imports)
        + 'open(snakemake.output[0], "w").write("done\\n")  # noqa: F821\n'
    )
    cmd = [sys.executable, "-m", "snakemake", "--cores", str(cores), "all"]
    return timed(cmd, d, d / "run.log")


FLOOR_IMPORTS = ["pandas", "duckdb", "pyarrow.parquet"]


def region_path(path: str, gemeenten: list[str], gm: str) -> str:
    """`path` of a single run as it is in a region run for gemeente `gm` (region.smk's
    replace_prefix); unchanged for a single run."""
    if len(gemeenten) == 1:
        return path
    for top in ("results/internal/", "results/export/", "results/release/"):
        if path.startswith(top):
            return f"{top}{gm}/{path.removeprefix(top)}"
    return path


def measures(work: Path, gemeenten: list[str]) -> dict[str, pd.DataFrame]:
    root = work / region_path("results/internal/measures", gemeenten, gemeenten[0])
    return {t: pd.read_parquet(root / f"{t}.parquet") for t in ("kopp", "migratie", "nieuwkomers")}


def label_of(persons: int) -> str:
    """A number of persons, short and exact: 2000000 -> '2M', 360000 -> '360k', 1500 -> '1500'."""
    if persons and persons % 1_000_000 == 0:
        return f"{persons // 1_000_000}M"
    return f"{persons // 1000}k" if persons and persons % 1000 == 0 else str(persons)


def world_of(r: dict) -> str:
    """Who lives where in the world of result `r`, and which gemeenten the run analysed: a
    region's world (`world_gemeenten`, K > 1) run for all K, or for the first M of them
    (`--analysed M`: one gemeente on the same national tables as the region run)."""
    residents = r.get("residents", r["persons"])
    gms = r.get("gemeenten", ["GM0344"])
    world = r.get("world_gemeenten", gms)  # results before --analysed: the gemeenten run
    elsewhere = f"{r['persons'] - len(world) * residents:,} persons living elsewhere"
    if len(world) == 1:
        return f"{residents:,} residents in the gemeente and {elsewhere}"
    text = f"{residents:,} residents in each of {len(world)} gemeenten ({', '.join(world)}) and "
    if gms == world:
        return text + f"{elsewhere}; a region run of all {len(world)}"
    run = f"the first, {gms[0]}, alone" if len(gms) == 1 else f"the first {len(gms)}"
    return text + f"{elsewhere}; the run analyses {run}"


def markdown(r: dict) -> str:
    """The section of one size in docs/BENCHMARKS.md."""
    run, base = r["wijkzicht"], r["baseline"]
    lines = [
        f"## {r['persons']:,} persons ({r['label']})".replace(",", " "),
        "",
        f"Made on {r['date']} with `{r['command']}`; {r['workflow']}.",
        f"Machine: {r['machine']['cores']} cores, {r['machine']['memory_gb']} GB; load average "
        f"(1, 5, 15 min) {' / '.join(f'{x:.2f}' for x in r['load_start'])} at the start, "
        f"{' / '.join(f'{x:.2f}' for x in r['load_end'])} at the end. "
        f"Versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()) + ".",
        f"World: {world_of(r)}; "
        f"{r['world']['persons_in_tables']:,} persons in GBAPERSOONTAB, "
        f"{r['world']['rows']:,} rows in all tables, years {r['years'][0]}-{r['years'][-1]}; "
        + (
            "generated by an earlier run (reused)"
            if r["generate"].get("reused")
            else f"generated in {r['generate']['wall_s']} s"
        )
        + ", not counted below.",
        f"Counts of the baseline equal wijkzicht's: **{'yes' if r['counts_equal'] else 'NO'}** "
        f"({r['rows_compared']} rows).",
        "",
        "| | wall s | CPU s | peak RSS MB | ratio to baseline (wall) |",
        "|---|---:|---:|---:|---:|",
        f"| baseline (bench/baseline.sql, one DuckDB process) | {base['wall_s']:.1f} | "
        f"{base['cpu_s']:.1f} | {base['peak_rss_mb']:.0f} | 1.0 |",
        f"| wijkzicht, `snakemake --cores {r['cores']}` | {run['wall_s']:.1f} | {run['cpu_s']:.1f} | "
        f"{run['peak_rss_mb']:.0f} | {run['wall_s'] / base['wall_s']:.1f} |",
    ]
    if "noop" in r:
        n = r["noop"]
        lines.append(f"| no-op rerun | {n['wall_s']:.1f} | {n['cpu_s']:.1f} | "
                     f"{n['peak_rss_mb']:.0f} | {n['wall_s'] / base['wall_s']:.1f} |")  # fmt: skip
    if "add_year" in r:
        a = r["add_year"]
        lines.append(
            f"| adding year {r['years'][-1]} to a finished run | {a['wall_s']:.1f} | "
            f"{a['cpu_s']:.1f} | {a['peak_rss_mb']:.0f} | {a['wall_s'] / base['wall_s']:.1f} "
            f"({a['wall_s'] / run['wall_s']:.2f} of the full run's wall time, "
            f"{a['cpu_s'] / run['cpu_s']:.2f} of its CPU time) |"
        )
    if "floor" in r:
        f = r["floor"]
        lines.append(
            f"| floor: {f['jobs']} Snakemake jobs that only import pandas, DuckDB and pyarrow "
            f"(no work, none waiting for another) | {f['wall_s']:.1f} | {f['cpu_s']:.1f} | "
            f"{f['peak_rss_mb']:.0f} | {f['wall_s'] / base['wall_s']:.1f} |"
        )
    if r.get("side_by_side"):
        k = {int(n): s for n, s in r["side_by_side"].items()}
        lines += [
            "",
            "Jobs side by side (each job from its benchmark file's time less its `s`): "
            + ", ".join(
                f"{'no job' if n == 0 else f'{n} job' + ('s' if n > 1 else '')} {k[n]:.1f} s"
                for n in sorted(k, reverse=True)
            )
            + ".",
        ]
    lines += [
        "",
        "Per stage (Snakemake's `benchmark:` files; seconds and CPU seconds summed over the "
        "stage's jobs, memory of its largest job; Snakemake samples a job's CPU time, so short "
        "jobs undercount it):",
        "",
        "| stage | jobs | s | CPU s | max RSS MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in r["stages"]:
        lines.append(f"| {s['stage']} | {s['jobs']} | {s['seconds']:.1f} | "
                     f"{s['cpu_seconds']:.1f} | {s['max_rss_mb']:.0f} |")  # fmt: skip
    lines += [
        "",
        "Disclosure control per theme (the `export_measures` jobs: the yearly measures "
        "combined, primary and secondary suppression, the LP audit, the persona's and their "
        "audit): "
        + ", ".join(
            f"{j['theme']} {j['s']:.1f} s ({j['cpu_s']:.1f} CPU s)" for j in r["disclosure"]
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def gemeenten(r: dict) -> str:
    """'5 x ' before the residents of a region run of five gemeenten, '1 of 5 x ' for one
    gemeente run on the world of five (`--analysed 1`); '' for a single run."""
    n = len(r.get("gemeenten", [None]))
    k = len(r.get("world_gemeenten", r.get("gemeenten", [None])))
    if k > n:
        return f"{n} of {k} x "
    return f"{n} x " if n > 1 else ""


OVERVIEW_HEAD = [
    "## Overview",
    "",
    "Every size measured (details in the section named in the first column). The sections up "
    "to 1 December 2026 are named by the labels of that time: the persons and a word (`2m`, "
    "`360k-dec1c`, `18M-1of5-dec1c`); their settings are in each section's command. Since then "
    "a run's default label names every setting that differs from its default (`2M`, "
    "`18M-r50k-1of5gm`), so the same settings can appear under an old and a new label. Ratios are "
    "wijkzicht / baseline; disclosure: the `export_measures` job per theme, wall seconds "
    "(CPU seconds as Snakemake's benchmark file counts them).",
    "",
    "| section | persons (residents) | years | workflow | baseline wall s (CPU s) "
    "| wijkzicht wall s (CPU s) | ratio wall (CPU) | peak RSS MB | no-op rerun s "
    "| adding a year s | disclosure s (CPU) kopp / migratie / nieuwkomers "
    "| load at start, end (1 min) |",
    "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|---|",
]


def overview_row(r: dict) -> str:
    """The overview's row of one result (OUT/<label>.json), its section's label first."""
    b, w = r["baseline"], r["wijkzicht"]
    disc = {d["theme"]: f"{d['s']:.1f} ({d['cpu_s']:.1f})" for d in r.get("disclosure", [])}
    return (
        f"| {r['label']} | {r['persons']:,} ({gemeenten(r)}{r.get('residents', r['persons']):,}) "
        f"| {r['years'][0]}-{r['years'][-1]} "
        f"| {'all pages' if 'every page' in r['workflow'] else 'to the export'} "
        f"| {b['wall_s']:.1f} ({b['cpu_s']:.1f}) | {w['wall_s']:.1f} ({w['cpu_s']:.1f}) "
        f"| {w['wall_s'] / b['wall_s']:.1f} ({w['cpu_s'] / max(b['cpu_s'], 0.01):.1f}) "
        f"| {w['peak_rss_mb']:.0f} "
        f"| {r['noop']['wall_s'] if 'noop' in r else '-'} "
        f"| {r['add_year']['wall_s'] if 'add_year' in r else '-'} "
        f"| {' / '.join(disc.get(t, '-') for t in THEMES)} "
        f"| {r['load_start'][0]:.1f}, {r['load_end'][0]:.1f} |"
    )


def _persons(row: str) -> int:
    """The number of persons of an overview row (its second column, '2,000,000 (...)')."""
    return int(row.split("|")[2].split("(")[0].strip().replace(",", ""))


def _first_cell(row: str) -> str:
    return row.split("|")[1].strip()


def section_of(text: str, label: str) -> str | None:
    """The text of section `label` of `text` (between its markers); None when it has none."""
    start, end = f"<!-- bench:{label} -->", f"<!-- /bench:{label} -->"
    if start in text and end in text.split(start, 1)[1]:
        return text.split(start, 1)[1].split(end, 1)[0]
    return None


def table_rows(section: str, head: str) -> list[str]:
    """The rows of the table of `section` whose header is the line starting `head`: the lines
    under it up to the first that is not a table line, without the line of dashes. Another
    table in the section (a section written above the overview inside its markers) is not
    read: its rows are not the overview's. No header: no rows."""
    lines = section.splitlines()
    start = next((i for i, x in enumerate(lines) if x.startswith(head)), None)
    if start is None:
        return []
    rows = []
    for x in lines[start + 1 :]:
        if not x.startswith("|"):
            break
        if x.startswith("| "):
            rows.append(x)
    return rows


def merge_rows(old: list[str], new: list[str], key, order) -> list[str]:
    """`old` with the rows of `new` in: the rows of a key of `new` (`key(row)`) replace every
    row of that key in `old`, where the first of them was; a key `old` does not have goes after
    the last row of `old` whose `order(row)` is at most its own (so rows kept in order, smallest
    first). The overview (one row per section) and bench/disclosure.py's table (the rows of a
    size) merge this way: the rows of what was run replace theirs, the others stay."""
    rows = list(old)
    for k in dict.fromkeys(key(x) for x in new):
        group = [x for x in new if key(x) == k]
        at = next((i for i, x in enumerate(rows) if key(x) == k), None)
        if at is None:
            at = max((i + 1 for i, x in enumerate(rows) if order(x) <= order(group[0])), default=0)
        rows = [x for x in rows if key(x) != k]  # none before `at`: it stays where it was
        rows[at:at] = group
    return rows


def not_its_section(r: dict, docs_text: str) -> str | None:
    """Why result `r` (an OUT/<label>.json) is not the run that section <label> of `docs_text`
    records: there is no such section, or it was made by a command of other settings, or at
    another time (a run without --docs that reused the label overwrote the json); None when
    it is that run."""
    label = r["label"]
    section = section_of(docs_text, label)
    if section is None:
        return f"there is no section '{label}'"
    found = re.search(r"Made on ([^`]*?) with `([^`]+)`", section)
    if not found:
        return f"section '{label}' records no command"
    mine = settings_of(r["command"])
    if mine is None or settings_of(found[2]) != mine:
        return f"section '{label}' was made with `{found[2]}`, other settings than `{r['command']}`"
    if found[1] != r["date"]:
        return f"section '{label}' was made on {found[1]}, this run on {r['date']}"
    return None


def overview(out: Path, docs_text: str = "") -> str:
    """One table of every size measured: the rows already in `docs_text`'s overview (kept, so
    the runs of earlier sessions stay listed) with those of OUT/*.json replacing the rows of
    the same section or added after the last row of as many persons (sizes smallest first).
    A json that is not the run its section records (`not_its_section`) gives no row (a
    warning on stderr): a row never disagrees with the section it names."""
    rows = table_rows(section_of(docs_text, "overview") or "", "| section |")
    results = []
    for f in sorted(out.glob("*.json")):
        r = json.loads(f.read_text())
        if "wijkzicht" not in r:  # bench/disclosure.py's disclosure.json, which shares OUT
            continue
        why = not_its_section(r, docs_text)
        if why:
            print(f"[bench] overview: no row from {f}: {why}", file=sys.stderr)
            continue
        results.append(r)
    results.sort(key=lambda r: (r["persons"], r["date"]))
    rows = merge_rows(rows, [overview_row(r) for r in results], _first_cell, _persons)
    return "\n".join([*OVERVIEW_HEAD, *rows]) + "\n"


def update_docs(path: Path, label: str, section: str, first: bool = False) -> None:
    """Replace the section between its markers; a new one goes at the end, or with `first`
    before the first section of a size."""
    start, end = f"<!-- bench:{label} -->", f"<!-- /bench:{label} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{section}{end}\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    elif first and "<!-- bench:" in text:  # before the first section of a size
        at = text.index("<!-- bench:")
        text = text[:at] + block + "\n" + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


LABEL_HELP = (
    "name of the section in --docs and of OUT/<label>.{json,csv}; default: the persons "
    "(2M, 360k, 18M, 1500) and a part for every setting that differs from its default, in this "
    "order, joined by '-': r<residents> (r20k; default min(persons // gemeenten, 360000)), "
    "<K>gm (--gemeenten K) or <M>of<K>gm (--analysed M), y<first>-<last> of --years "
    "(y2022-2023; y2019+2021 when not consecutive), w<waves> (w2022, nowaves; default the "
    "waves 2020 and 2022 within --years; years and waves sorted, each once), seed<S>, <C>cores, pages, noop, addyear, floor: e.g. "
    "2M-r20k-5gm-y2022-2023, 360k-pages-noop-addyear. With --docs a run refuses to replace a "
    "section of its label that another command made (other settings than this run's; "
    "--workdir, --out and --docs aside) unless --replace is given"
)


class _Refusing(argparse.ArgumentParser):
    """A parser that raises ValueError instead of exiting (for commands recorded in --docs)."""

    def error(self, message: str):
        raise ValueError(message)


def parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    ap = cls(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=2_000_000, help="persons in the national tables")
    ap.add_argument(
        "--residents",
        type=int,
        default=None,
        help="of them, residents of each gemeente (default min(persons // gemeenten, 360000)); "
        "the others live elsewhere",
    )
    ap.add_argument(
        "--gemeenten",
        type=int,
        default=1,
        help="K > 1: a region run of the first K gemeenten of the geography reference, each with "
        "--residents residents",
    )
    ap.add_argument(
        "--analysed",
        type=int,
        default=None,
        help="of the world's --gemeenten, run the first M (default all): --gemeenten 5 "
        "--analysed 1 is one gemeente on the world of the five-gemeente region run",
    )
    ap.add_argument("--years", type=int, nargs="+", default=[2019, 2020, 2021, 2022, 2023])
    ap.add_argument("--waves", type=int, nargs="*", default=[2020, 2022])
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--pages", action="store_true", help="every page, the release and the gate")
    ap.add_argument("--noop", action="store_true", help="time a rerun with nothing to do")
    ap.add_argument("--add-year", action="store_true", help="time adding the last year")
    ap.add_argument(
        "--floor",
        action="store_true",
        help="time as many jobs as the run had, each only importing pandas, DuckDB, pyarrow",
    )
    ap.add_argument(
        "--workdir",
        default=None,
        help="default: /tmp/wijkzicht-bench-<the label's world parts> (persons, r, gm, y, w, "
        "seed): runs on the same world share it and reuse the world (do not run them at once)",
    )
    ap.add_argument("--out", default=str(REPO / "results/bench"))
    ap.add_argument("--docs", default=None, help="update this file (docs/BENCHMARKS.md)")
    ap.add_argument("--label", default=None, help=LABEL_HELP)
    ap.add_argument(
        "--replace",
        action="store_true",
        help="with --docs: replace the section of this label even when another command made it",
    )
    return ap


def default_residents(persons: int, gemeenten: int) -> int:
    return min(persons // gemeenten, 360_000)


def years_and_waves(years: list[int], waves: list[int]) -> tuple[list[int], list[int]]:
    """--years and --waves as a run uses them: sorted, each once, the waves within the years
    (`--waves 2022 2020` is `--waves 2020 2022`: the same world, label and workdir)."""
    years = sorted(set(years))
    return years, sorted(set(waves) & set(years))


def settings(a: argparse.Namespace) -> dict:
    """What a run measures, its defaults filled in: two commands of the same settings are the
    same run (--workdir, --out, --docs, --label and --replace say only where it goes)."""
    years, waves = years_and_waves(a.years, a.waves)
    return {
        "persons": a.persons,
        "residents": (
            default_residents(a.persons, a.gemeenten) if a.residents is None else a.residents
        ),
        "gemeenten": a.gemeenten,
        "analysed": a.gemeenten if a.analysed is None else a.analysed,
        "years": years,
        "waves": waves,
        "seed": a.seed,
        "cores": a.cores,
        "pages": a.pages,
        "noop": a.noop,
        "add_year": a.add_year,
        "floor": a.floor,
    }


def _years(years: list[int]) -> str:
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return "+".join(map(str, years))


def default_label(s: dict, world_only: bool = False) -> str:
    """The label of a run of settings `s` (`settings`) when --label is not given: the persons
    and a part for every setting that differs from its default (LABEL_HELP); `world_only`: the
    parts that make the world (persons, residents, gemeenten, years, waves, seed), the name of
    the default --workdir."""
    d = parser().parse_args([])
    k, m = s["gemeenten"], s["analysed"]
    parts = [label_of(s["persons"])]
    if s["residents"] != default_residents(s["persons"], k):
        parts.append(f"r{label_of(s['residents'])}")
    if m < k and not world_only:
        parts.append(f"{m}of{k}gm")
    elif k > 1:
        parts.append(f"{k}gm")
    if s["years"] != d.years:
        parts.append(f"y{_years(s['years'])}")
    if s["waves"] != years_and_waves(s["years"], d.waves)[1]:
        parts.append(f"w{'+'.join(map(str, s['waves']))}" if s["waves"] else "nowaves")
    if s["seed"] != d.seed:
        parts.append(f"seed{s['seed']}")
    if not world_only:
        if s["cores"] != d.cores:
            parts.append(f"{s['cores']}cores")
        flags = {"pages": "pages", "noop": "noop", "add_year": "addyear", "floor": "floor"}
        parts += [part for flag, part in flags.items() if s[flag]]
    return "-".join(parts)


def recorded_command(docs_text: str, label: str) -> str | None:
    """The command recorded in section `label` of `docs_text` ('Made on ... with `<command>`');
    None when it has no such section, '' when the section records no command."""
    section = section_of(docs_text, label)
    if section is None:
        return None
    found = re.search(r"Made on [^`]* with `([^`]+)`", section)
    return found[1] if found else ""


def settings_of(command: str, script: str = "bench/run.py", make=None, settle=None) -> dict | None:
    """The settings of a recorded `python <script> ...` command: `settle` (default `settings`)
    of its options as the parser `make(cls)` (default `parser`) reads them; None when it is not
    one (another script, an option this version does not know). bench/disclosure.py reads its
    commands with its own parser and settings."""
    make, settle = make or parser, settle or settings
    try:
        words = shlex.split(command)
        at = next((i for i, w in enumerate(words) if w.endswith(script)), None)
        return None if at is None else settle(make(_Refusing).parse_args(words[at + 1 :]))
    except ValueError:  # an option it does not know, a value of the wrong type, a quote left open
        return None


def _value(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return " ".join(map(str, v)) or "none"
    return str(v)


def differences(mine: dict, recorded: dict) -> list[str]:
    """The settings (`settings`) in which this run and a recorded one differ, one line each:
    the option, this run's value and the recorded run's ('--noop: no in this run, yes in the
    recorded one')."""
    return [
        f"--{k.replace('_', '-')}: {_value(v)} in this run, {_value(recorded.get(k))} in the "
        "recorded one"
        for k, v in mine.items()
        if v != recorded.get(k)
    ]


def other_run(
    where: str, recorded: str, mine: dict, theirs: dict | None, plural: bool = False
) -> str:
    """The first lines of a refusal: `where` (a section of a file; with `plural` the rows of a
    size) was made by `recorded` (a command, '' for none), of settings `theirs` (None: not a
    command this version can read), another run than this one (settings `mine`); each
    difference on a line."""
    if not recorded:
        verb = "record" if plural else "records"
        return f"{where} {verb} no command: it may be another run than this one."
    made = f"{where} {'were' if plural else 'was'} made with `{recorded}`"
    if theirs is None:
        return f"{made}, a command this version cannot read: it may be another run than this one."
    lines = "".join(f"\n  {x}" for x in differences(mine, theirs))
    return f"{made}, a run of other settings than this one:{lines}"


def refusal(docs_text: str, label: str, s: dict, docs: str = "--docs") -> str | None:
    """Why this run (settings `s`) may not replace section `label` of `docs_text` (the text of
    file `docs`): another command, of other settings, made it; the settings that differ and
    the --label to give instead (the default label of `s`). None when it may (no such section,
    or the same settings)."""
    recorded = recorded_command(docs_text, label)
    theirs = settings_of(recorded) if recorded else None
    if recorded is None or theirs == s:
        return None
    own = default_label(s)
    if own == label:
        advice = f"Label '{label}' is already this run's default: give it another --label"
    elif refusal(docs_text, own, s, docs) is None:
        advice = (
            f"Give this run its own label, --label {own} (its default label: leave --label out "
            "for it)"
        )
    else:
        advice = f"Give this run another --label (section '{own}', its default, is another run's)"
    return (
        other_run(f"section '{label}' of {docs}", recorded, s, theirs)
        + f"\n{advice}, or give --replace to replace that section."
    )


def main(argv: list[str]) -> int:
    ap = parser()
    a = ap.parse_args(argv)
    codes = read_geography(REPO / "config/reference/geography.csv")["gemeente_code"]
    world = list(dict.fromkeys(codes))[: a.gemeenten]  # the gemeenten with residents
    if not 0 < a.gemeenten <= len(codes.unique()):
        ap.error(f"--gemeenten must be between 1 and {codes.nunique()} (the geography reference)")
    s = settings(a)
    analysed = s["analysed"]
    if not 0 < analysed <= a.gemeenten:
        ap.error(f"--analysed must be between 1 and --gemeenten ({a.gemeenten}), not {analysed}")
    gemeenten = world[:analysed]  # the gemeenten the workflow runs
    residents = s["residents"]
    if not 0 < residents * a.gemeenten <= a.persons:
        ap.error(
            f"--residents times --gemeenten must be between 1 and --persons ({a.persons}), "
            f"not {residents * a.gemeenten}"
        )
    years, waves = s["years"], s["waves"]
    label = a.label or default_label(s)
    command = "python bench/run.py " + shlex.join(argv)
    if a.docs and not a.replace and Path(a.docs).exists():
        why = refusal(Path(a.docs).read_text(encoding="utf-8"), label, s, a.docs)
        if why:  # the reason alone (no usage: the command was right), before any work
            print(f"bench/run.py: {why}", file=sys.stderr)
            return 2
    work = Path(a.workdir or f"/tmp/wijkzicht-bench-{default_label(s, True)}").resolve()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    targets = (
        []
        if a.pages
        else [region_path(t, gemeenten, gm) for gm in gemeenten for t in EXPORT_TARGETS]
    )
    r = {
        "label": label, "persons": a.persons, "residents": residents, "years": years,
        "gemeenten": gemeenten, "world_gemeenten": world,
        "cores": a.cores,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "workflow": "every page, the release and the export gate" if a.pages
        else "to the export (measures and linkage tables; no pages)",
        "machine": machine(), "versions": versions(), "load_start": load(),
    }  # fmt: skip
    data = work / "data"
    print(f"[bench] world of {a.persons} persons, {residents} residents, in {data}", flush=True)
    r["generate"] = generate(data, a.persons, residents, years, waves, a.seed, world)
    boundaries(data, SYNTHETIC_SEED, world)
    persons = pd.read_parquet(data / "GBAPERSOONTAB/GBAPERSOONTAB.parquet", columns=["RINPERSOON"])
    rows = sum(
        pd.io.parquet.read_parquet(f, columns=[]).shape[0] for f in sorted(data.glob("*/*.parquet"))
    )
    r["world"] = {"persons_in_tables": len(persons), "rows": int(rows)}
    run_dir = work / "run"
    if run_dir.exists():  # a full run each time
        subprocess.run(["rm", "-rf", str(run_dir)], check=True)
    print(f"[bench] workflow in {run_dir}", flush=True)
    r["wijkzicht"] = workflow(
        run_dir, data, years, waves, a.cores, targets, work / "run.log", gemeenten
    )
    if a.noop:
        print("[bench] no-op rerun", flush=True)
        r["noop"] = workflow(
            run_dir, data, years, waves, a.cores, targets, work / "noop.log", gemeenten
        )
    if a.floor:
        n = jobs_run(work / "run.log")
        print(f"[bench] floor: {n} jobs that only import", flush=True)
        r["floor"] = {"jobs": n, **floor(work, n, a.cores, FLOOR_IMPORTS)}
    print("[bench] baseline", flush=True)
    counts_csv = work / "baseline.csv"
    r["baseline"] = timed(
        [sys.executable, str(HERE / "baseline.py"), str(data), "--years", *map(str, years),
         "--threads", str(a.cores), "--out", str(counts_csv), "--gemeente", gemeenten[0]],
        work, work / "baseline.log",
    )  # fmt: skip
    counts = pd.read_csv(counts_csv)
    differ = baseline.compare(counts, measures(run_dir, gemeenten))
    r["counts_equal"] = differ.empty
    r["rows_compared"] = len(counts)
    if not differ.empty:
        differ.to_csv(work / "baseline_differs.csv", index=False)
        print(f"[bench] counts differ in {len(differ)} rows: {work / 'baseline_differs.csv'}")
    # a region run: the national jobs' benchmark files, then each gemeente's (the same folder
    # in a single run); disclosure control: the first gemeente's
    national = run_dir / "results/internal/benchmarks"
    own = [run_dir / region_path("results/internal/benchmarks", gemeenten, g) for g in gemeenten]
    stages = summary(*dict.fromkeys([national, *own]))
    # how long 2, 1 or no jobs ran at once: a core left idle is the job order's share of the wall
    r["side_by_side"] = {
        str(k): round(v, 2) for k, v in side_by_side(*dict.fromkeys([national, *own])).items()
    }
    jobs = collect(own[0])
    export = jobs[jobs["job"].str.startswith("export/")]
    r["disclosure"] = [
        {"theme": j.removeprefix("export/").removesuffix(".tsv"), "s": s, "cpu_s": c}
        for j, s, c in zip(export["job"], export["s"], export["cpu_s"], strict=True)
    ]
    r["stages"] = stages.round(2).to_dict("records")
    if a.add_year and len(years) > 1:
        print("[bench] adding a year", flush=True)
        add = work / "add-year"
        if add.exists():
            subprocess.run(["rm", "-rf", str(add)], check=True)
        before = work / "add-year-before.log"
        workflow(add, data, years[:-1], waves, a.cores, targets, before, gemeenten)
        r["add_year"] = workflow(
            add, data, years, waves, a.cores, targets, work / "add-year.log", gemeenten
        )
    r["load_end"] = load()

    (out / f"{label}.json").write_text(json.dumps(r, indent=2) + "\n")
    table = [
        {"label": label, "what": "baseline", **r["baseline"]},
        {"label": label, "what": "wijkzicht", **r["wijkzicht"]},
        *([{"label": label, "what": "noop", **r["noop"]}] if "noop" in r else []),
        *([{"label": label, "what": "add_year", **r["add_year"]}] if "add_year" in r else []),
        *([{"label": label, "what": "floor", **r["floor"]}] if "floor" in r else []),
        *({"label": label, "what": f"stage:{s['stage']}", "wall_s": s["seconds"],
           "cpu_s": s["cpu_seconds"], "max_process_rss_mb": s["max_rss_mb"]}
          for s in r["stages"]),
    ]  # fmt: skip
    pd.DataFrame(table).to_csv(out / f"{label}.csv", index=False)
    section = markdown(r)
    print(section)
    if a.docs:
        update_docs(Path(a.docs), label, section)
        docs = Path(a.docs)
        text = docs.read_text(encoding="utf-8") if docs.exists() else ""
        update_docs(docs, "overview", overview(out, text), first=True)
    return 0 if r["counts_equal"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
