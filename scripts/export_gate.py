"""Rules export_gate and region_gate: the last check on all of results/export/ (a gemeente's, or the
region overview's folder); offending files are moved out."""

import shutil
from pathlib import Path

from wijkzicht.disclosure.gate import ExportError, check_and_record
from wijkzicht.files import write_text
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    d = snakemake.params.disclosure
    # the gemeente's export (the folder of its manifest), or the folder given (region overview)
    given = snakemake.params.get("root")
    root = Path(given) if given else Path(snakemake.input.manifest).parent
    # the record names each file's content (SHA-256): the bundle does not check it again
    # the themes' counts rounded to rounding_base stand for the counts that round to them
    problems, record = check_and_record(
        root, d["threshold"], publish_zeros=d["publish_zeros"], model_rules=d["modelschatting"],
        rounding_base=d.get("rounding_base"),
    )  # fmt: skip
    if problems:
        quarantine = Path(snakemake.output[0]).parent / "quarantine"
        for src in sorted({Path(p.path) for p in problems}):
            if src.exists():
                dest = quarantine / src.relative_to(root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(src, dest)
        log.error("moved the offending files to %s", quarantine)
        raise ExportError(problems)
    write_text(record, snakemake.output[0])
    log.info(record.splitlines()[0])


run(snakemake, main)  # noqa: F821
