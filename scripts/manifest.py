"""Rule manifest: hashes of every input and exported file, config, code and package versions."""

from pathlib import Path

from wijkzicht.pipeline.snake import run
from wijkzicht.release import manifest


def main(snakemake, log):
    repo = Path(snakemake.scriptdir).parent
    inputs = dict(zip(snakemake.params.inputs, snakemake.input.inputs, strict=True))
    m = manifest.build(
        inputs, list(snakemake.input.exports), Path(snakemake.output[0]).parent,
        snakemake.params.config, repo, synthetic=snakemake.params.synthetic,
        code=snakemake.params.workflow,
        count_code=getattr(snakemake.params, "count_code", None),
    )  # fmt: skip
    manifest.write(m, snakemake.output[0])
    log.info("%d inputs, %d outputs", len(m["inputs"]), len(m["outputs"]))


run(snakemake, main)  # noqa: F821
