"""Rule compare_releases: what changed since the previous release, per measure, and why
(`reden`, when the rule is given the run's inputs, its settings and the code of its counts)."""

import json
from pathlib import Path

from wijkzicht.disclosure.export import write_csv
from wijkzicht.outputs.findings import SLIGHT
from wijkzicht.pipeline.snake import run
from wijkzicht.release.changes import compare_dirs, with_reasons
from wijkzicht.release.manifest import codelist_hashes, release_definitions, sha256


def main(snakemake, log):
    new_root = Path(snakemake.input.measures[0]).parent.parent
    # a trend row changes where its words do (release.changes.trend_words), told with the
    # share under which a trend is slight (config findings.slight, as the pages use it)
    slight = (snakemake.params.config.get("findings") or {}).get("slight", SLIGHT)
    table = compare_dirs(snakemake.params.previous, new_root, snakemake.params.tolerance, slight)
    if hasattr(snakemake.input, "inputs"):
        # this release as its manifest will record it (made after the pages, which read this
        # table): the sha256 of its inputs, its settings, the code of its counts' rules
        hashed = {
            name: {"sha256": sha256(path)}
            for name, path in zip(snakemake.params.inputs, snakemake.input.inputs, strict=True)
        }
        config = snakemake.params.config
        current = {
            "inputs": hashed,
            "config": config,
            "code": {"counts": snakemake.params.count_code},
            "definitions": release_definitions(
                config, codelist_hashes(hashed), list(snakemake.input.measures), new_root
            ),
        }
        previous = getattr(snakemake.input, "previous_manifest", None)
        old = json.loads(Path(str(previous)).read_text(encoding="utf-8")) if previous else None
        table = with_reasons(table, old, current)
        log.info("reasons: %s", table["reden"].value_counts().to_dict())
    write_csv(table, snakemake.output[0])
    log.info("%d figures differ", len(table))


run(snakemake, main)  # noqa: F821
