# Theme newcomers: vulnerable people moving into a wijk (year t needs the tables of t-1).


rule nieuwkomers_persons:
    input:
        adres=narrowed("GBAADRESOBJECTBUS", "{year}"),
        geo=narrowed("VSLGWBTAB", "{year}"),
        persoon=narrowed("GBAPERSOONTAB", "{year}"),
        wmo=narrowed("GEMWMOVOORZIENINGEN", "{year}"),
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        # year t-1's conditions of year t's reach (not the job of year t-1)
        conditions_prev=f"{INTERNAL}/base/conditions_previous{{year}}.parquet",
    output:
        newcomers=f"{INTERNAL}/nieuwkomers/newcomers{{year}}.parquet",
        residents=f"{INTERNAL}/nieuwkomers/residents{{year}}.parquet",
    log:
        f"{LOGS}/nieuwkomers/persons{{year}}.log",
    benchmark:
        f"{BENCH}/nieuwkomers/persons{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("nieuwkomers_persons")["threads"]
    resources:
        mem_mb=job_resources("nieuwkomers_persons")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("nieuwkomers"),
        gemeente=config["gemeente"],
    script:
        "../../scripts/nieuwkomers_persons.py"


rule nieuwkomers_measures:
    input:
        newcomers=f"{INTERNAL}/nieuwkomers/newcomers{{year}}.parquet",
        residents=f"{INTERNAL}/nieuwkomers/residents{{year}}.parquet",
        geography=config["reference"]["geography"],
    output:
        f"{INTERNAL}/measures/nieuwkomers/nieuwkomers{{year}}.parquet",
    log:
        f"{LOGS}/nieuwkomers/measures{{year}}.log",
    benchmark:
        f"{BENCH}/nieuwkomers/measures{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        definitions=DEFINITIONS.param("nieuwkomers"),
        gemeente=config["gemeente"],
        buurt=config["buurt"]["registry_measures"],
    script:
        "../../scripts/nieuwkomers_measures.py"
