# Year t's copies of the national tables, narrowed to what year t's jobs reach
# (wijkzicht.population.reach): the per-year jobs read these, not the national tables. In a
# region run the narrow jobs read the region's copies (rule narrow_region below) instead.


rule narrow:
    input:
        unpack(narrow_inputs),
        # the gemeente's wijken: its respondents in the survey file of the whole GGD region
        geography=config["reference"]["geography"],
    output:
        **{t: narrowed(t, "{year}") for t in NARROWED},
        # the reached persons with their roles (gemeente, ouder, respondent)
        reach=paths.reach("{year}"),
    log:
        f"{LOGS}/narrow{{year}}.log",
    benchmark:
        f"{BENCH}/narrow{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("narrow")["threads"]
    resources:
        mem_mb=job_resources("narrow")["mem_mb"],
    params:
        tables=list(NARROWED),
        gemeenten=[config["gemeente"]],
        narrowing=config["narrowing"],
        previous=False,
    script:
        "../../scripts/narrow.py"


# the condition sources of year t-1 for year t's newcomers (their markers of the year before),
# narrowed to year t's reach: year t's jobs read no job of another year
rule narrow_previous:
    input:
        unpack(narrow_previous_inputs),
    output:
        **{t: narrowed(t, "{year}", previous=True) for t in PREVIOUS},
    log:
        f"{LOGS}/narrow_previous{{year}}.log",
    benchmark:
        f"{BENCH}/narrow_previous{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("narrow")["threads"]
    resources:
        mem_mb=job_resources("narrow")["mem_mb"],
    params:
        tables=list(PREVIOUS),
        narrowing=config["narrowing"],
        previous=True,
    script:
        "../../scripts/narrow.py"


if REGION_NARROWING:

    # A GGD region (config `gemeenten`): the national tables of year t narrowed once to the
    # reach of the whole region (its gemeenten's residents, their parents, the respondents of
    # its strata); each gemeente's narrow job narrows this copy (wijkzicht.population.reach).
    # National like ingest: the rule comes from the first gemeente's module only (region.smk).
    rule narrow_region:
        input:
            unpack(national_narrow_inputs),
            geography=config["reference"]["geography"],
        output:
            **{t: region_narrowed(t, "{year}") for t in NARROWED},
            reach=region_reach("{year}"),
        log:
            national(f"{LOGS}/narrow_region{{year}}.log"),
        benchmark:
            national(f"{BENCH}/narrow_region{{year}}.tsv")
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("narrow")["threads"]
        resources:
            mem_mb=job_resources("narrow")["mem_mb"],
        params:
            tables=list(NARROWED),
            gemeenten=run_gemeenten(config),
            narrowing=config["narrowing"],
            previous=False,
        script:
            "../../scripts/narrow.py"

    # the condition sources of year t-1 narrowed once to the region's reach of year t
    rule narrow_region_previous:
        input:
            unpack(national_narrow_previous_inputs),
            reach=region_reach("{year}"),
        output:
            **{t: region_narrowed(t, "{year}", previous=True) for t in PREVIOUS},
        log:
            national(f"{LOGS}/narrow_region_previous{{year}}.log"),
        benchmark:
            national(f"{BENCH}/narrow_region_previous{{year}}.tsv")
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("narrow")["threads"]
        resources:
            mem_mb=job_resources("narrow")["mem_mb"],
        params:
            tables=list(PREVIOUS),
            narrowing=config["narrowing"],
            previous=True,
        script:
            "../../scripts/narrow.py"
