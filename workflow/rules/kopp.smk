# Theme KOPP/KOV: children of parents with mental-health problems or addiction.


# Year t in one job: the KOPP population with its parents' conditions (person level, read by
# the persona's as well), then its measures.
rule kopp:
    input:
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        kindouder=narrowed("KINDOUDERTAB", "{year}"),
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        geography=config["reference"]["geography"],
    output:
        children=f"{INTERNAL}/kopp/children{{year}}.parquet",
        measures=f"{INTERNAL}/measures/kopp/kopp{{year}}.parquet",
    log:
        f"{LOGS}/kopp{{year}}.log",
    benchmark:
        f"{BENCH}/kopp{{year}}.tsv"
    priority: 4
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("kopp")["threads"]
    resources:
        mem_mb=job_resources("kopp")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("kopp"),
        gemeente=config["gemeente"],
        age_bands=config["age_bands"]["kinderen"],
        buurt=config["buurt"]["registry_measures"],
        code=script_code("kopp"),
    script:
        "../../scripts/kopp.py"
