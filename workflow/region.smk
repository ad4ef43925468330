# A GGD region in one run (config `gemeenten`; README "Een GGD-regio in één run"): the workflow
# of one gemeente (gemeente.smk) as a module per gemeente, its rules named <GM>_<rule> and its
# files under results/internal/<GM>/, results/export/<GM>/ and results/release/<GM>/. The
# national files (common.smk national(): the input tables, validated, linked) are shared, and
# the rules that make them run once: they come from the first gemeente's module only.
from wijkzicht.pipeline.config import run_gemeenten

GEMEENTEN = run_gemeenten(config)

for i, gm in enumerate(GEMEENTEN):
    rule_names = f"{gm}_*"

    module:
        name: gm
        snakefile:
            "gemeente.smk"
        config:
            {**config, "gemeente": gm}
        replace_prefix:
            {
                f"results/{part}/": f"results/{part}/{gm}/"
                for part in ("internal", "export", "release")
            }

    if i == 0:

        use rule * from gm as rule_names

    else:

        use rule * from gm exclude synthetic_world, ingest, ingest_year, ingest_unkeyed, link_unkeyed as rule_names


def region_outputs():
    """Every gemeente's outputs (the input of its rule <GM>_gemeente)."""
    return [f for gm in GEMEENTEN for f in getattr(rules, f"{gm}_gemeente").input]
