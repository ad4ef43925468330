# Theme newcomers: vulnerable people moving into a wijk (year t needs the tables of t-1).


# Year t in one job: the newcomers of year t and the residents of 1 January t with their
# markers (person level, the newcomers read by the persona's as well), then the measures.
rule nieuwkomers:
    input:
        adres=narrowed("GBAADRESOBJECTBUS", "{year}"),
        geo=narrowed("VSLGWBTAB", "{year}"),
        persoon=narrowed("GBAPERSOONTAB", "{year}"),
        wmo=narrowed("GEMWMOVOORZIENINGEN", "{year}"),
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        # year t-1's conditions of year t's reach (not the job of year t-1)
        conditions_prev=f"{INTERNAL}/base/conditions_previous{{year}}.parquet",
        geography=config["reference"]["geography"],
    output:
        newcomers=f"{INTERNAL}/nieuwkomers/newcomers{{year}}.parquet",
        residents=f"{INTERNAL}/nieuwkomers/residents{{year}}.parquet",
        measures=f"{INTERNAL}/measures/nieuwkomers/nieuwkomers{{year}}.parquet",
    log:
        f"{LOGS}/nieuwkomers{{year}}.log",
    benchmark:
        f"{BENCH}/nieuwkomers{{year}}.tsv"
    priority: 6  # the persona's attributes wait for its newcomers
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("nieuwkomers")["threads"]
    resources:
        mem_mb=job_resources("nieuwkomers")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("nieuwkomers"),
        gemeente=config["gemeente"],
        buurt=config["buurt"]["registry_measures"],
        code=script_code("nieuwkomers"),
    script:
        "../../scripts/nieuwkomers.py"
