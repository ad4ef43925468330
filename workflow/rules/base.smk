# The person-year base and the person conditions per year, and the linkage report.


rule residents:
    input:
        adres=narrowed("GBAADRESOBJECTBUS", "{year}"),
        geo=narrowed("VSLGWBTAB", "{year}"),
        persoon=narrowed("GBAPERSOONTAB", "{year}"),
        countries=config["reference"]["countries"],
    output:
        f"{INTERNAL}/base/residents{{year}}.parquet",
    log:
        f"{LOGS}/residents{{year}}.log",
    benchmark:
        f"{BENCH}/residents{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("residents")["threads"]
    resources:
        mem_mb=job_resources("residents")["mem_mb"],
    params:
        age_bands=config["age_bands"]["kinderen"] + config["age_bands"]["volwassenen"],
        gemeente=config["gemeente"],
    script:
        "../../scripts/residents.py"


rule conditions:
    input:
        unpack(condition_inputs),
        codelists=config["reference"]["codelists"],
        # the CSV of every codelist: editing one line reruns the conditions and all after
        codelist_files=codelist_csvs(),
    output:
        f"{INTERNAL}/base/conditions{{year}}.parquet",
    log:
        f"{LOGS}/conditions{{year}}.log",
    benchmark:
        f"{BENCH}/conditions{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("conditions")["threads"]
    resources:
        mem_mb=job_resources("conditions")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("conditions"),
        year=lambda wildcards: int(wildcards.year),
    script:
        "../../scripts/conditions.py"


# the conditions of year t-1 of year t's reach: the newcomers' markers of the year before
rule conditions_previous:
    input:
        unpack(condition_previous_inputs),
        codelists=config["reference"]["codelists"],
        codelist_files=codelist_csvs(),
    output:
        f"{INTERNAL}/base/conditions_previous{{year}}.parquet",
    log:
        f"{LOGS}/conditions_previous{{year}}.log",
    benchmark:
        f"{BENCH}/conditions_previous{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("conditions")["threads"]
    resources:
        mem_mb=job_resources("conditions")["mem_mb"],
    params:
        definitions=DEFINITIONS.param("conditions"),
        year=lambda wildcards: int(wildcards.year) - 1,
    script:
        "../../scripts/conditions.py"


rule linkage_report:
    input:
        sources=[validated(t, y) for t, y in linkage_sources()],
        persoon=validated("GBAPERSOONTAB"),
        residents=expand(f"{INTERNAL}/base/residents{{year}}.parquet", year=YEARS),
        # every input checked first: a run with a bad input writes nothing under results/export/
        checked=f"{INTERNAL}/validated/inputs_checked.json",
        # the source-quality figures counted by each ingest job
        quality=[quality(t, y) for t, y in checked_tables()],
        # the probabilistic linkage of the unkeyed registrations
        summaries=[linkage_summary(t) for t in UNKEYED],
        weights=[linkage_weights(t) for t in UNKEYED],
        # the gemeente's wijken: its respondents in the survey file of the whole GGD region
        geography=config["reference"]["geography"],
    output:
        linkage=report(
            f"{EXPORT}/linkage/linkage.csv",
            caption="../report/linkage.rst",
            category="Bronnen en koppeling",
        ),
        quality=report(
            f"{EXPORT}/linkage/bronkwaliteit.csv",
            caption="../report/bronkwaliteit.rst",
            category="Bronnen en koppeling",
        ),
        probabilistic=f"{EXPORT}/linkage/probabilistisch.csv",
        weights=f"{EXPORT}/linkage/matchgewichten.csv",
    log:
        f"{LOGS}/linkage_report.log",
    benchmark:
        f"{BENCH}/linkage_report.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("linkage_report")["threads"]
    resources:
        mem_mb=job_resources("linkage_report")["mem_mb"],
    params:
        sources=linkage_sources(),
        years=YEARS,
        threshold=config["disclosure"]["threshold"],
        unkeyed=UNKEYED,
        linkage=config["linkage"],
        gemeente=config["gemeente"],
    script:
        "../../scripts/linkage_report.py"
