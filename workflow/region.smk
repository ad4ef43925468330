# A GGD region in one run (config `gemeenten`; README "Een GGD-regio in één run"): the workflow
# of one gemeente (gemeente.smk) as a module per gemeente, its rules named <GM>_<rule> and its
# files under results/internal/<GM>/, results/export/<GM>/ and results/release/<GM>/. The
# national files (common.smk national(): the input tables, validated, linked, and per year
# their copy narrowed to the whole region's reach, rules narrow_region and
# narrow_region_first, which each gemeente's narrow jobs narrow further, and how every source
# links to each gemeente's residents, rule linkage_counts; the one standard population of the
# standardised migratie measures, rule migratie_standard) are shared, and the rules that make
# them run once: they come from the first gemeente's module only (so
# does the dashboard's data-free assets file, rule dashboard_assets).
from pathlib import Path

from wijkzicht.definitions import parse_definitions
from wijkzicht.errors import WijkzichtError
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.pipeline.code import script_version
from wijkzicht.pipeline.config import (
    check_region,
    rule_resources,
    run_gemeenten,
    validate_config,
)

try:  # as common.smk does in each module; here for the region's own rules
    validate_config(
        config,
        Path(workflow.basedir) / "workflow/schemas/config.schema.yaml",
        workflow.configfiles,
    )
    check_region(config)
except WijkzichtError as err:  # the user's to fix: the message alone, exit status 1
    raise SystemExit(str(err)) from None
GEMEENTEN = run_gemeenten(config)


def script_code(name):
    """As common.smk's: the version of the package's code scripts/<name>.py runs."""
    return script_version(workflow.basedir, name)


REGION_THEMES = list(MAIN)
# the region overview's log and gate record (internal)
REGION_INTERNAL = "results/internal/regio"

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

        use rule * from gm exclude synthetic_world, ingest, ingest_year, ingest_wave, ingest_wide, ingest_unkeyed, link_unkeyed, narrow_region, narrow_region_first, linkage_counts, migratie_standard, dashboard_assets as rule_names


# The region overview's page and table within an export folder, without the extension, as the
# gemeente's workflow names it (common.smk REGION_OVERVIEW, what a gemeente's dashboard links):
# the region's own under results/export/ (released by the region), each gemeente's copy under
# results/export/<GM>/ (in its release). A module's top-level names are available under the
# module's name, here the gemeente's code.
REGION_OVERVIEW = globals()[GEMEENTEN[0]].REGION_OVERVIEW


# A profile's per-rule settings (set-resources, set-threads; the SLURM profile's runtimes,
# workflow/profiles/slurm) name the rules of one gemeente's workflow; a region's rules are
# named <GM>_<rule>. Each gets the settings of its <rule>, as the rule of a single run does,
# unless the profile names <GM>_<rule> itself (docs/SLURM.md). Every SLURM job's own
# Snakemake reads this file again with the same settings, so it asks for the same.
def apply_rule_settings(settings, gemeenten):
    from snakemake.resources import Resource, Resources

    for r in list(workflow.rules):
        gm, _, plain = r.name.partition("_")
        if gm not in gemeenten:
            continue
        res = settings.overwrite_resources
        if plain in res and r.name not in res:
            r.resources.update(Resources.from_mapping(res[plain]))
        threads = settings.overwrite_threads
        if plain in threads and r.name not in threads:
            n = threads[plain]
            r.resources["_cores"] = (
                n if isinstance(n, Resource) else Resource("_cores", n)
            )


apply_rule_settings(workflow.resource_settings, GEMEENTEN)


# Built strictly after each gemeente's export gate and from its exported tables only, then
# checked by the export gate itself (rule region_gate).
rule region_overview:
    input:
        # per gemeente (region order) its themes' measures tables (REGION_THEMES order)
        measures=[
            f"results/export/{gm}/{theme}/measures.csv"
            for gm in GEMEENTEN
            for theme in REGION_THEMES
        ],
        dashboards=[f"results/export/{gm}/dashboard.html" for gm in GEMEENTEN],
        gates=[f"results/internal/{gm}/export_gate.txt" for gm in GEMEENTEN],
    output:
        csv=f"results/export/{REGION_OVERVIEW}.csv",
        html=f"results/export/{REGION_OVERVIEW}.html",
    log:
        f"{REGION_INTERNAL}/logs/region_overview.log",
    benchmark:
        f"{REGION_INTERNAL}/benchmarks/region_overview.tsv"
    conda:
        "envs/wijkzicht.yaml"
    threads: rule_resources(config, "region_overview")["threads"]
    resources:
        mem_mb=rule_resources(config, "region_overview")["mem_mb"],
    params:
        gemeenten=GEMEENTEN,
        themes=REGION_THEMES,
        language=config["language"],
        definitions=parse_definitions(config).param(*REGION_THEMES),
        # the trend words' slight share, as the gemeenten's pages; the region's name in the
        # title (config region_name, when the schema has it; else its gemeenten are named)
        slight=config["findings"]["slight"],
        region=config.get("region_name", ""),
        code=script_code("region_overview"),
    script:
        "../scripts/region_overview.py"


# Each gemeente's copy of the region overview for its own release (results/export/<GM>/regio/):
# the same table, only its own dashboard linked, so that its dashboard's link to the overview
# works in its release zip alone. Made from the gemeenten's disclosure-controlled measures
# tables (rule export_measures), so before their export gates: each copy is one of its
# gemeente's export files (common.smk export_files), in its manifest, checked by its export
# gate and in its release.
rule region_overview_copies:
    input:
        measures=rules.region_overview.input.measures,
    output:
        csv=[f"results/export/{gm}/{REGION_OVERVIEW}.csv" for gm in GEMEENTEN],
        html=[f"results/export/{gm}/{REGION_OVERVIEW}.html" for gm in GEMEENTEN],
    log:
        f"{REGION_INTERNAL}/logs/region_overview_copies.log",
    benchmark:
        f"{REGION_INTERNAL}/benchmarks/region_overview_copies.tsv"
    conda:
        "envs/wijkzicht.yaml"
    threads: rule_resources(config, "region_overview_copies")["threads"]
    resources:
        mem_mb=rule_resources(config, "region_overview_copies")["mem_mb"],
    params:
        gemeenten=GEMEENTEN,
        themes=REGION_THEMES,
        language=config["language"],
        definitions=parse_definitions(config).param(*REGION_THEMES),
        # the trend words' slight share, as the gemeenten's pages; the region's name in the
        # title (config region_name, when the schema has it; else its gemeenten are named)
        slight=config["findings"]["slight"],
        region=config.get("region_name", ""),
        code=script_code("region_overview"),
    script:
        "../scripts/region_overview.py"


rule region_gate:
    input:
        files=rules.region_overview.output,
    output:
        f"{REGION_INTERNAL}/export_gate.txt",
    log:
        f"{REGION_INTERNAL}/logs/export_gate.log",
    benchmark:
        f"{REGION_INTERNAL}/benchmarks/export_gate.tsv"
    conda:
        "envs/wijkzicht.yaml"
    threads: rule_resources(config, "region_gate")["threads"]
    resources:
        mem_mb=rule_resources(config, "region_gate")["mem_mb"],
    params:
        # the folder checked: the overview's
        root=lambda wildcards, input: str(Path(input.files[0]).parent),
        disclosure=config["disclosure"],
        code=script_code("export_gate"),
    script:
        "../scripts/export_gate.py"


# rule all (Snakefile): every gemeente's outputs (the input of its rule <GM>_gemeente), the
# region overview and its gate record
REGION_OUTPUTS = [
    *(f for gm in GEMEENTEN for f in getattr(rules, f"{gm}_gemeente").input),
    *rules.region_overview.output,
    *rules.region_gate.output,
]
