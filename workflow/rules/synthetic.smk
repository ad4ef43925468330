# The synthetic world: first in the DAG when no real data paths are configured.
if uses_synthetic(config):

    rule synthetic_world:
        input:
            geography=config["reference"]["geography"],
            countries=config["reference"]["countries"],
        output:
            synthetic_outputs(),
        log:
            f"{LOGS}/synthetic_world.log",
        benchmark:
            f"{BENCH}/synthetic_world.tsv"
        conda:
            "../envs/wijkzicht.yaml"
        script:
            "../../scripts/synthetic_world.py"
