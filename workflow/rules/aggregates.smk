# Aggregate sources: partners' figures per area and CBS's Kerncijfers (docs/organisation_figures.md).
if uses_synthetic(config):

    rule synthetic_aggregates:
        input:
            residents=expand(f"{INTERNAL}/base/residents{{year}}.parquet", year=YEARS),
            medicijn=[validated("MEDICIJNTAB", y) for y in YEARS],
            koppel=[validated("KOPPELPERSOONHUISHOUDEN", y) for y in YEARS],
            inha=[validated("INHATAB", y) for y in YEARS],
            buurtteam=validated("GEMBUURTTEAM"),
            huishoudens=validated("GBAHUISHOUDENSBUS"),
            geography=config["reference"]["geography"],
        output:
            **SYNTHETIC_AGGREGATES,
        log:
            f"{LOGS}/synthetic_aggregates.log",
        benchmark:
            f"{BENCH}/synthetic_aggregates.tsv"
        priority: 10  # the partners' figures: every pages job reads them
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("synthetic_aggregates")["threads"]
        resources:
            mem_mb=job_resources("synthetic_aggregates")["mem_mb"],
        params:
            seed=config["synthetic"]["seed"],
            gemeente=config["gemeente"],
            years=YEARS,
            code=script_code("synthetic_aggregates"),
        script:
            "../../scripts/synthetic_aggregates.py"


rule organisation_figures:
    input:
        figures=organisation_files(config),
        indicators=organisation_register(config),
        residents=expand(f"{INTERNAL}/base/residents{{year}}.parquet", year=YEARS),
        geography=config["reference"]["geography"],
    output:
        figures=f"{INTERNAL}/aggregates/organisaties.parquet",
        indicators=f"{INTERNAL}/aggregates/indicatoren.parquet",
        notes=f"{INTERNAL}/aggregates/organisaties_checks.json",
    log:
        f"{LOGS}/aggregates/organisation_figures.log",
    benchmark:
        f"{BENCH}/aggregates/organisation_figures.tsv"
    priority: 10  # checked before the jobs that build on the inputs
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("organisation_figures")["threads"]
    resources:
        mem_mb=job_resources("organisation_figures")["mem_mb"],
    params:
        gemeente=config["gemeente"],
        # a region run: a partner's file for the region keeps each gemeente's own rows
        region=run_gemeenten(config),
        years=YEARS,
        code=script_code("organisation_figures"),
    script:
        "../../scripts/organisation_figures.py"


rule public_figures:
    input:
        kerncijfers=kerncijfers_files(config),
        geography=config["reference"]["geography"],
    output:
        f"{INTERNAL}/aggregates/kerncijfers.parquet",
    log:
        f"{LOGS}/aggregates/public_figures.log",
    benchmark:
        f"{BENCH}/aggregates/public_figures.tsv"
    priority: 10
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("public_figures")["threads"]
    resources:
        mem_mb=job_resources("public_figures")["mem_mb"],
    params:
        gemeente=config["gemeente"],
        years=YEARS,
        code=script_code("public_figures"),
    script:
        "../../scripts/public_figures.py"


rule export_organisation_figures:
    input:
        figures=f"{INTERNAL}/aggregates/organisaties.parquet",
        indicators=f"{INTERNAL}/aggregates/indicatoren.parquet",
        geography=config["reference"]["geography"],
        # the previous release's figures (previous_release.export): what it published stays so
        previous=previous_file(config, "organisaties/cijfers.csv"),
        # the register's residents beside Kerncijfers: protected with the partners' figures as
        # one table, a share among residents has them as its denominator (disclosure.residents)
        kerncijfers=f"{INTERNAL}/aggregates/kerncijfers.parquet",
        residents=expand(f"{INTERNAL}/base/residents{{year}}.parquet", year=YEARS),
        previous_inwoners=previous_file(config, "kerncijfers/inwoners.csv"),
        # every input checked first: a run with a bad input writes nothing under results/export/
        checked=f"{INTERNAL}/validated/inputs_checked.json",
    output:
        csv=report(
            f"{EXPORT}/organisaties/cijfers.csv",
            caption="../report/organisaties.rst",
            category="Bronnen en koppeling",
        ),
        indicators=f"{EXPORT}/organisaties/indicatoren.csv",
        summary=f"{INTERNAL}/disclosure/organisaties_summary.json",
        # the rows with their internal status, primary or secondary (the bundle's primary_now)
        status=f"{INTERNAL}/disclosure/organisaties_status.parquet",
        # the residents' rows with their internal status, for export_public_figures
        inwoners_status=f"{INTERNAL}/disclosure/inwoners_status.parquet",
        # the themes' populations (kopp's children, migratie's adults) decided with the
        # residents, for their export_measures (disclosure.residents.protect_with_populations)
        populations_status=f"{INTERNAL}/disclosure/populations_status.parquet",
    log:
        f"{LOGS}/export/organisaties.log",
    benchmark:
        f"{BENCH}/export/organisaties.tsv"
    priority: 7  # every pages job reads it: before the theme jobs
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("export_organisation_figures")["threads"]
    resources:
        mem_mb=job_resources("export_organisation_figures")["mem_mb"],
    params:
        disclosure=config["disclosure"],
        gemeente=config["gemeente"],
        # the ages of the themes' populations among the residents
        ages=population_ages(config["themes"]),
        code=script_code("export_organisation_figures"),
    script:
        "../../scripts/export_organisation_figures.py"


rule export_public_figures:
    input:
        kerncijfers=f"{INTERNAL}/aggregates/kerncijfers.parquet",
        # the residents' rows, protected with the partners' figures (export_organisation_figures)
        inwoners=f"{INTERNAL}/disclosure/inwoners_status.parquet",
        geography=config["reference"]["geography"],
        checked=f"{INTERNAL}/validated/inputs_checked.json",
    output:
        kerncijfers=report(
            f"{EXPORT}/kerncijfers/kerncijfers.csv",
            caption="../report/kerncijfers.rst",
            category="Bronnen en koppeling",
        ),
        inwoners=f"{EXPORT}/kerncijfers/inwoners.csv",
    log:
        f"{LOGS}/export/kerncijfers.log",
    benchmark:
        f"{BENCH}/export/kerncijfers.tsv"
    priority: 7  # every pages job reads it: before the theme jobs
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("export_public_figures")["threads"]
    resources:
        mem_mb=job_resources("export_public_figures")["mem_mb"],
    params:
        gemeente=config["gemeente"],
        code=script_code("export_public_figures"),
    script:
        "../../scripts/export_public_figures.py"
