# Persona's: the most common combinations of attributes in each theme's target group (issue 13);
# their selection and disclosure control run in the theme's export_measures job (export.smk).


rule persona_attributes:
    input:
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        # a newcomer year: the newcomers' moves get their household on the move date
        newcomers=persona_newcomers,
        persoon=narrowed("GBAPERSOONTAB", "{year}"),
        huishoudens=narrowed("GBAHUISHOUDENSBUS", "{year}"),
        koppel=narrowed("KOPPELPERSOONHUISHOUDEN", "{year}"),
        inha=narrowed("INHATAB", "{year}"),
        countries=config["reference"]["countries"],
    output:
        f"{INTERNAL}/personas/attributes{{year}}.parquet",
    log:
        f"{LOGS}/personas/attributes{{year}}.log",
    benchmark:
        f"{BENCH}/personas/attributes{{year}}.tsv"
    priority: 5  # every theme's export_measures job waits for it
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("persona_attributes")["threads"]
    resources:
        mem_mb=job_resources("persona_attributes")["mem_mb"],
    params:
        age_bands=config["age_bands"]["kinderen"] + config["age_bands"]["volwassenen"],
        code=script_code("persona_attributes"),
    script:
        "../../scripts/persona_attributes.py"
