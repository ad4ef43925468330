"""Validate the small-area estimates against the synthetic world's known truth (docs/small_area.md).

    python -m wijkzicht.pipeline.validate_sae [--replicates R] [--bootstrap B] [--docs]

1. Runs the workflow on a synthetic world (default 80,000 residents, one wave) in a work
   folder up to the model's population frame (rule migratie_wave) and the survey
   design of the wave.
2. Generates the same world again in-process with its survey truth
   (`generate_world(survey_truth=True)`): the answers every resident would give. The true
   prevalence of each buurt and wijk is the share with the outcome among its residents (18+)
   whose answers give one. The truth is written beside the world
   (``results/internal/synthetic/truth/``), never under ``results/export``.
3. Draws R further samples of the same design from the same world
   (`synth.sample_from_truth`), and for each computes the direct estimates per buurt and
   wijk (`statistics.survey.survey_proportion`, the design-based estimate with its logit
   interval) and the model estimates (`themes.small_area.estimate`, with B bootstrap
   replicates).
4. Reports per measure, level and method, over the areas and the R samples: the mean
   error (bias), the root mean squared error, the coverage of the 95% intervals and their
   mean width, in percentage points; the RMSE of the model also over the buurten that
   have a direct estimate, for a fair comparison.

With ``--docs`` the table replaces the block between the validation markers in
docs/small_area.md, with the command that made it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from wijkzicht.definitions import parse_definitions
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.config import load_config
from wijkzicht.statistics.survey import survey_proportion
from wijkzicht.synth import generate_world, sample_from_truth
from wijkzicht.themes.migratie import survey_outcomes
from wijkzicht.themes.small_area import KEYS, estimate

REPO = Path(__file__).resolve().parents[3]
DOCS = REPO / "docs" / "small_area.md"
START, END = "<!-- validation:start -->", "<!-- validation:end -->"
LEVELS = ("buurt", "wijk")


def run_workflow(workdir: Path, overrides: dict, wave: int) -> None:
    """The workflow up to the model frame and the survey design of `wave`, in `workdir`."""
    cfg = {
        "reference": {
            k: str(REPO / v)
            for k, v in (
                ("geography", "config/reference/geography.csv"),
                ("countries", "config/reference/countries.csv"),
                ("codelists", "config/codelists/codelists.yaml"),
            )
        },
        **overrides,
    }
    (workdir / "validate.yaml").write_text(yaml.safe_dump(cfg))
    targets = [
        f"results/internal/migratie/small_area_frame{wave}.parquet",
        f"results/internal/migratie/survey{wave}.parquet",
    ]
    cmd = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory",
        str(workdir), "--configfile", str(REPO / "config/config.yaml"),
        str(workdir / "validate.yaml"), "--cores", "2", *targets,
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the workflow failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def true_prevalence(frame: pd.DataFrame, truth: pd.DataFrame, outcome: str) -> dict:
    """level -> Series area code -> the share with `outcome` among the frame's residents
    with an outcome in the truth."""
    persons = frame[[*KEYS, "buurt", "wijk"]].merge(truth[[*KEYS, outcome]], on=KEYS, how="left")
    return {lv: persons.groupby(lv)[outcome].mean() for lv in LEVELS}


def direct(design: pd.DataFrame, outcome: str, level: str) -> pd.DataFrame:
    """Design-based estimates per area (areas with a respondent with an outcome)."""
    est = survey_proportion(
        design, outcome, by=[level], where=design["in_population"].to_numpy(), lonely_psu="adjust"
    )
    return est.rename(columns={level: "area_code"})[["area_code", "value", "ci_lower", "ci_upper"]]


def design_of(sample: pd.DataFrame, frame: pd.DataFrame, migratie) -> pd.DataFrame:
    """A sample as the pipeline's survey design: outcomes, population membership and areas."""
    out = survey_outcomes(sample, migratie)
    out = out.merge(frame[[*KEYS, "buurt", "wijk"]], on=KEYS, how="left")
    out["in_population"] = out["buurt"].notna()
    return out


def one_sample(sample, frame, truth_prev, geography, settings, wave, migratie) -> pd.DataFrame:
    """Errors and coverage of every area of one sample, for both methods and measures."""
    design = design_of(sample, frame, migratie)
    rows = []
    for outcome in settings["measures"]:
        model, _ = estimate(frame, design, outcome, geography, settings, wave)
        for level in LEVELS:
            truth = truth_prev[outcome][level]
            m = model[model["area_level"] == level].set_index("area_code")
            d = direct(design, outcome, level).set_index("area_code")
            for method, est in (("model", m), ("direct", d)):
                est = est.reindex(truth.index)
                rows.append(
                    pd.DataFrame(
                        {
                            "measure": outcome,
                            "level": level,
                            "method": method,
                            "area_code": truth.index,
                            "truth": truth.to_numpy(),
                            "value": est["value"].to_numpy(),
                            "ci_lower": est["ci_lower"].to_numpy(),
                            "ci_upper": est["ci_upper"].to_numpy(),
                            "has_direct": truth.index.isin(d.index),
                        }
                    )  # fmt: skip
                )
    return pd.concat(rows, ignore_index=True)


def summarise(errors: pd.DataFrame) -> pd.DataFrame:
    """Per measure, level and method: bias, RMSE, coverage and width (percentage points)."""
    e = errors.dropna(subset=["truth"]).copy()
    e["err"] = e["value"] - e["truth"]
    e["covered"] = (e["ci_lower"] <= e["truth"]) & (e["truth"] <= e["ci_upper"])
    e["width"] = e["ci_upper"] - e["ci_lower"]
    out = []
    for (measure, level, method), g in e.groupby(["measure", "level", "method"], sort=False):
        est = g.dropna(subset=["value"])
        same = est[est["has_direct"]]
        per_area = est.groupby("area_code")["err"].mean()
        out.append({
            "measure": measure, "level": level, "method": method,
            "areas": g["area_code"].nunique(),
            "estimated": len(est) / g["replicate"].nunique(),
            "bias": 100 * est["err"].mean(),
            "mean_abs_bias": 100 * per_area.abs().mean(),
            "rmse": 100 * np.sqrt((est["err"] ** 2).mean()),
            "rmse_direct_areas": 100 * np.sqrt((same["err"] ** 2).mean()),
            "coverage": 100 * est["covered"].mean(),
            "width": 100 * est["width"].mean(),
        })  # fmt: skip
    return pd.DataFrame(out)


def markdown(table: pd.DataFrame, command: str, setup: str) -> str:
    """The validation table in Markdown, with the command that made it."""
    lines = [
        f"Made with `{command}` ({setup}).",
        "",
        "| measure | level | method | areas estimated (of) | bias | mean abs. bias per area "
        "| RMSE | RMSE, areas with a direct estimate | coverage 95% | mean width |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.measure} | {r.level} | {r.method} | {r.estimated:.1f} ({r.areas}) "
            f"| {r.bias:+.2f} | {r.mean_abs_bias:.2f} | {r.rmse:.2f} | {r.rmse_direct_areas:.2f} "
            f"| {r.coverage:.1f}% | {r.width:.1f} |"
        )
    lines += [
        "",
        "Bias, RMSE and width in percentage points, over the areas and the samples; an area "
        "without respondents has no direct estimate (left out of the direct rows).",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-residents", type=int, default=80_000)
    ap.add_argument("--wave", type=int, default=2022)
    ap.add_argument("--replicates", type=int, default=20, help="repeated samples R")
    ap.add_argument("--bootstrap", type=int, default=100, help="bootstrap replicates B")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the run here")
    ap.add_argument(
        "--no-wijk-effect", action="store_true", help="the model without the wijk fixed effect"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="use the workflow's files in --workdir as they are"
    )
    ap.add_argument("--docs", action="store_true", help="write the table to docs/small_area.md")
    args = ap.parse_args(argv)
    wave = args.wave
    overrides = {
        "years": [wave], "survey_waves": [wave],
        "synthetic": {"n_residents": args.n_residents},
        "small_area": {"bootstrap": args.bootstrap, "wijk_effect": not args.no_wijk_effect},
    }  # fmt: skip
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="validate_sae_"))
    workdir.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        run_workflow(workdir, overrides, wave)
    cfg = load_config(
        REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml", overrides
    )
    settings = dict(cfg["small_area"])
    migratie = parse_definitions(cfg).migratie
    geography = read_geography(REPO / cfg["reference"]["geography"], cfg["gemeente"])
    world = generate_world(
        seed=cfg["synthetic"]["seed"], n_residents=cfg["synthetic"]["n_residents"],
        years=[wave], survey_waves=[wave], geography=geography,
        countries=read_countries(REPO / cfg["reference"]["countries"]),
        gemeente=cfg["gemeente"], survey_truth=True,
    )  # fmt: skip
    truth = world.truth[f"survey{wave}"]
    write_parquet(truth, workdir / f"results/internal/synthetic/truth/survey{wave}.parquet")
    frame = pd.read_parquet(workdir / f"results/internal/migratie/small_area_frame{wave}.parquet")
    scored = survey_outcomes(truth, migratie)
    prev = {o: true_prevalence(frame, scored, o) for o in settings["measures"]}
    parts = []
    for r in range(args.replicates):
        sample = sample_from_truth(truth, np.random.default_rng([cfg["synthetic"]["seed"], r]))
        s = {**settings, "seed": settings["seed"] + r}
        parts.append(
            one_sample(sample, frame, prev, geography, s, wave, migratie).assign(replicate=r)
        )
        print(f"sample {r + 1} of {args.replicates} done", file=sys.stderr)
    errors = pd.concat(parts, ignore_index=True)
    write_parquet(errors, workdir / "validation_errors.parquet")
    table = summarise(errors)
    command = (
        f"python -m wijkzicht.pipeline.validate_sae --n-residents {args.n_residents} "
        f"--wave {wave} --replicates {args.replicates} --bootstrap {args.bootstrap}"
        + (" --no-wijk-effect" if args.no_wijk_effect else "")
    )
    setup = (
        f"synthetic world of {args.n_residents:,} residents, seed {cfg['synthetic']['seed']}, "
        f"wave {wave}: {len(frame):,} residents 18+ in {geography['buurt_code'].nunique()} "
        f"buurten and {geography['wijk_code'].nunique()} wijken; {args.replicates} samples, "
        f"{args.bootstrap} bootstrap replicates each"
    )
    text = markdown(table, command, setup)
    print(text)
    if args.docs:
        doc = DOCS.read_text(encoding="utf-8")
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        write_text(f"{head}{START}\n{text}{END}{tail}", DOCS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
