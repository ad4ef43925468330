# The workflow of one gemeente (config `gemeente`). A single run includes it from the Snakefile;
# a region run (config `gemeenten`) makes a module of it per gemeente (workflow/region.smk).


include: "rules/common.smk"
include: "rules/synthetic.smk"
include: "rules/ingest.smk"
include: "rules/narrow.smk"
include: "rules/base.smk"
include: "rules/kopp.smk"
include: "rules/nieuwkomers.smk"
include: "rules/migratie.smk"
include: "rules/export.smk"
include: "rules/personas.smk"
include: "rules/aggregates.smk"


# everything of the gemeente: the input of rule all (Snakefile); in a region run rule <GM>_gemeente
rule gemeente:
    input:
        all_outputs(),
