# Theme KOPP/KOV: children of parents with mental-health problems or addiction.


rule kopp_children:
    input:
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        kindouder=narrowed("KINDOUDERTAB", "{year}"),
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
    output:
        f"{INTERNAL}/kopp/children{{year}}.parquet",
    log:
        f"{LOGS}/kopp/children{{year}}.log",
    benchmark:
        f"{BENCH}/kopp/children{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("kopp_children")["threads"]
    resources:
        mem_mb=job_resources("kopp_children")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("kopp"),
    script:
        "../../scripts/kopp_children.py"


rule kopp_measures:
    input:
        children=f"{INTERNAL}/kopp/children{{year}}.parquet",
        geography=config["reference"]["geography"],
    output:
        f"{INTERNAL}/measures/kopp/kopp{{year}}.parquet",
    log:
        f"{LOGS}/kopp/measures{{year}}.log",
    benchmark:
        f"{BENCH}/kopp/measures{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        definitions=DEFINITIONS.param("kopp"),
        gemeente=config["gemeente"],
        age_bands=config["age_bands"]["kinderen"],
        buurt=config["buurt"]["registry_measures"],
    script:
        "../../scripts/kopp_measures.py"
