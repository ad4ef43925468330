# Theme migration background and mental health: registered care and survey distress.


rule migratie_adults:
    input:
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        koppel=narrowed("KOPPELPERSOONHUISHOUDEN", "{year}"),
        inha=narrowed("INHATAB", "{year}"),
    output:
        f"{INTERNAL}/migratie/adults{{year}}.parquet",
    log:
        f"{LOGS}/migratie/adults{{year}}.log",
    benchmark:
        f"{BENCH}/migratie/adults{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("migratie_adults")["threads"]
    resources:
        mem_mb=job_resources("migratie_adults")["mem_mb"],
    params:
        # definition objects go in a dict: Snakemake compares the repr of builtin params only
        definitions=DEFINITIONS.param("migratie"),
    script:
        "../../scripts/migratie_adults.py"


rule migratie_survey:
    input:
        survey=validated("GEZOMONITOR", "{year}"),
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        # the gemeente's wijken: its respondents in the file of the whole GGD region
        geography=config["reference"]["geography"],
    output:
        f"{INTERNAL}/migratie/survey{{year}}.parquet",
    log:
        f"{LOGS}/migratie/survey{{year}}.log",
    benchmark:
        f"{BENCH}/migratie/survey{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        definitions=DEFINITIONS.param("migratie"),
        gemeente=config["gemeente"],
    script:
        "../../scripts/migratie_survey.py"


rule migratie_measures:
    input:
        unpack(migratie_inputs),
        geography=config["reference"]["geography"],
        countries=config["reference"]["countries"],
    output:
        measures=f"{INTERNAL}/measures/migratie/migratie{{year}}.parquet",
        # the survey design of a wave (strata with one respondent, survey.lonely_psu) for
        # the release notes; in a year without a wave it says so
        design=f"{INTERNAL}/migratie/survey_design{{year}}.json",
    log:
        f"{LOGS}/migratie/measures{{year}}.log",
    benchmark:
        f"{BENCH}/migratie/measures{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        definitions=DEFINITIONS.param("migratie"),
        gemeente=config["gemeente"],
        age_bands=config["age_bands"]["volwassenen"],
        buurt=config["buurt"]["registry_measures"],
        # only a survey wave uses it: changing it reruns the waves alone
        lonely_psu=lambda wc: (
            config["survey"]["lonely_psu"]
            if int(wc.year) in config["survey_waves"]
            else None
        ),
    script:
        "../../scripts/migratie_measures.py"


rule migratie_small_area:
    input:
        adults=f"{INTERNAL}/migratie/adults{{year}}.parquet",
        survey=f"{INTERNAL}/migratie/survey{{year}}.parquet",
        households=narrowed("GBAHUISHOUDENSBUS", "{year}"),
        geography=config["reference"]["geography"],
    output:
        # model estimates per buurt and wijk (docs/small_area.md), into the wave's measures
        rows=f"{INTERNAL}/migratie/small_area{{year}}.parquet",
        # the residents with the model's covariates (person-level, internal) and each fit
        frame=f"{INTERNAL}/migratie/small_area_frame{{year}}.parquet",
        fit=f"{INTERNAL}/migratie/small_area_fit{{year}}.json",
    log:
        f"{LOGS}/migratie/small_area{{year}}.log",
    benchmark:
        f"{BENCH}/migratie/small_area{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        small_area=config["small_area"],
        gemeente=config["gemeente"],
    script:
        "../../scripts/migratie_small_area.py"
