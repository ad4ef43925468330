# wijkzicht: from CBS-shaped extracts to disclosure-controlled tables, figures and reports.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/synthetic.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/narrow.smk"
include: "workflow/rules/base.smk"
include: "workflow/rules/kopp.smk"
include: "workflow/rules/nieuwkomers.smk"
include: "workflow/rules/migratie.smk"
include: "workflow/rules/export.smk"
include: "workflow/rules/personas.smk"
include: "workflow/rules/aggregates.smk"


rule all:
    default_target: True
    input:
        all_outputs(),
