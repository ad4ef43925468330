# Read each input table, check it against its contract (wijkzicht.inputs.contracts), write typed Parquet.


# One job for every national keyed table, one job per year for every per-year table of that
# year, one per year for that year's columns of the wide VSLGWBTAB (wijkzicht.inputs.ingest_jobs):
# adding a year adds two jobs; a corrected table of one year reruns its year's job and leaves
# VSLGWBTAB, and so the linkage model, as it is. The tables of a job are validated one after
# the other; a bad table fails the job, and Snakemake removes its outputs.
rule ingest:
    input:
        unpack(ingest_inputs),
    output:
        tables=[validated(t) for t in NATIONAL_TABLES],
        quality=[quality(t) for t in NATIONAL_TABLES],
    log:
        national(f"{LOGS}/ingest/national.log"),
    benchmark:
        national(f"{BENCH}/ingest/national.tsv")
    # every input checked before the jobs that build on them; the national tables first: every
    # year's narrow job reads them, and theirs is the longest ingest job
    priority: 12
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("ingest")["threads"]
    resources:
        mem_mb=job_resources("ingest")["mem_mb"],
    params:
        tables=ingest_job_tables,
        unkeyed=False,
        code=script_code("ingest"),
    script:
        "../../scripts/ingest.py"


# a year without a survey wave (the outputs of a rule cannot depend on its year)
rule ingest_year:
    input:
        unpack(ingest_inputs),
    output:
        tables=[validated(t, "{year}") for t in year_tables(wave=False, wide=False)],
        quality=[quality(t, "{year}") for t in year_tables(wave=False, wide=False)],
    log:
        national(f"{LOGS}/ingest/{{year}}.log"),
    benchmark:
        national(f"{BENCH}/ingest/{{year}}.tsv")
    wildcard_constraints:
        year=years_without_wave(),
    priority: 10
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("ingest")["threads"]
    resources:
        mem_mb=job_resources("ingest")["mem_mb"],
    params:
        tables=ingest_job_tables,
        unkeyed=False,
        code=script_code("ingest"),
    script:
        "../../scripts/ingest.py"


# a survey wave: the year's tables and the survey
use rule ingest_year as ingest_wave with:
    output:
        tables=[validated(t, "{year}") for t in year_tables(wave=True, wide=False)],
        quality=[quality(t, "{year}") for t in year_tables(wave=True, wide=False)],
    wildcard_constraints:
        year=survey_waves(),


# The columns of one year of a wide table (VSLGWBTAB, one file): a job of their own, not in
# the year's job, so that a new file of another table of that year (a corrected MEDICIJNTAB)
# does not rewrite them: train_linkage reads them, and with it every year's links.
use rule ingest_year as ingest_wide with:
    output:
        tables=[validated("{table}", "{year}")],
        quality=[quality("{table}", "{year}")],
    log:
        national(f"{LOGS}/ingest/{{table}}{{year}}.log"),
    benchmark:
        national(f"{BENCH}/ingest/{{table}}{{year}}.tsv")
    wildcard_constraints:
        table="|".join(wide_tables()),
        year=years_pattern(YEARS),


if UNKEYED:

    # A registration that arrives without RINPERSOON: read under its unkeyed contract
    # (birth date, sex, address), then linked to the population register with Splink.
    rule ingest_unkeyed:
        input:
            unpack(ingest_inputs),
        output:
            tables=[unkeyed("{table}")],
            quality=[quality("{table}")],
        log:
            national(f"{LOGS}/ingest/{{table}}.log"),
        benchmark:
            national(f"{BENCH}/ingest/{{table}}.tsv")
        wildcard_constraints:
            table="|".join(UNKEYED),
        priority: 10
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("ingest")["threads"]
        resources:
            mem_mb=job_resources("ingest")["mem_mb"],
        params:
            tables=ingest_job_tables,
            unkeyed=True,
            code=script_code("ingest"),
        script:
            "../../scripts/ingest.py"

    # The model and the per-year links are national, like ingest: in a GGD region run the
    # rules come from the first gemeente's module only (its jobs serve every gemeente).
    if FIRST_MODULE:

        # Trained once (docs/linkage.md): Splink's u from random pairs and m by expectation
        # maximisation on the rows of the training years (linkage_training_years), saved as JSON
        # with a record of what it was trained on. Its inputs and params name no other year, so a
        # new year keeps the model (and every earlier year's links); retrain: delete the model.
        rule train_linkage:
            input:
                unpack(train_inputs),
            output:
                model=linkage_model("{table}"),
                record=linkage_training("{table}"),
            log:
                national(f"{LOGS}/link_unkeyed/{{table}}_model.log"),
            benchmark:
                national(f"{BENCH}/link_unkeyed/{{table}}_model.tsv")
            wildcard_constraints:
                table="|".join(UNKEYED),
            priority: 10
            conda:
                "../envs/wijkzicht.yaml"
            threads: 1  # one thread: every sum in the same order, the same model on every run
            resources:
                mem_mb=job_resources("link_unkeyed")["mem_mb"],
            params:
                linkage=TRAINING_SETTINGS,
                # register persons with an address in any gemeente of the run are compared
                gemeenten=run_gemeenten(config),
                first_year=YEARS[0],
                training_years=lambda w: linkage_training_years(w.table),
                code=script_code("train_linkage"),
            script:
                "../../scripts/train_linkage.py"

        # One job per configured year: that source year's rows (the first year's job also the
        # rows before it and those without a begin date) linked with the frozen model, keyed.
        rule link_unkeyed_year:
            input:
                unpack(link_year_inputs),
            output:
                keyed=linked_year("{table}", "{year}"),
                links=linkage_year_links("{table}", "{year}"),
                summary=linkage_year_summary("{table}", "{year}"),
            log:
                national(f"{LOGS}/link_unkeyed/{{table}}{{year}}.log"),
            benchmark:
                national(f"{BENCH}/link_unkeyed/{{table}}{{year}}.tsv")
            wildcard_constraints:
                table="|".join(UNKEYED),
                year=years_pattern(YEARS),
            priority: 10
            conda:
                "../envs/wijkzicht.yaml"
            threads: 1  # one thread: every sum in the same order, the same links on every run
            resources:
                mem_mb=job_resources("link_unkeyed")["mem_mb"],
            params:
                threshold=config["linkage"]["threshold_match_weight"],
                first_year=YEARS[0],
                code=script_code("link_unkeyed_year"),
            script:
                "../../scripts/link_unkeyed_year.py"

    # The years together: the registration keyed as the jobs of every year read it (the
    # input check, the linkage counts and report), the summary and the match weights.
    rule link_unkeyed:
        input:
            unpack(link_inputs),
        output:
            keyed=validated("{table}"),
            summary=linkage_summary("{table}"),
            weights=linkage_weights("{table}"),
        log:
            national(f"{LOGS}/link_unkeyed/{{table}}.log"),
        benchmark:
            national(f"{BENCH}/link_unkeyed/{{table}}.tsv")
        wildcard_constraints:
            table="|".join(UNKEYED),
        priority: 10
        conda:
            "../envs/wijkzicht.yaml"
        threads: 1  # one thread: the rows in one order
        resources:
            mem_mb=job_resources("link_unkeyed")["mem_mb"],
        params:
            linkage=LINKAGE_SETTINGS,
            first_year=YEARS[0],
            last_year=YEARS[-1],
            evaluated=uses_synthetic(config),
            code=script_code("link_unkeyed"),
        script:
            "../../scripts/link_unkeyed.py"


# The checks against the configuration and the reference files, once every table is read;
# the jobs that write releasable files (export_measures, linkage_report) take its record as
# input, so a run with a bad input never writes under results/export/.
rule inputs_checked:
    input:
        validated=[validated(t, y) for t, y in checked_tables()],
        geography=config["reference"]["geography"],
        countries=config["reference"]["countries"],
        # the aggregate sources, read and checked by their own jobs (workflow/rules/aggregates.smk)
        aggregates=[
            f"{INTERNAL}/aggregates/organisaties.parquet",
            f"{INTERNAL}/aggregates/kerncijfers.parquet",
        ],
    output:
        f"{INTERNAL}/validated/inputs_checked.json",
    log:
        f"{LOGS}/ingest/inputs_checked.log",
    benchmark:
        f"{BENCH}/ingest/inputs_checked.tsv"
    priority: 10
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("inputs_checked")["threads"]
    resources:
        mem_mb=job_resources("inputs_checked")["mem_mb"],
    params:
        tables=checked_tables(),
        sources=checked_sources(),
        gemeente=config["gemeente"],
        gemeenten=run_gemeenten(config),
        years=YEARS,
        code=script_code("inputs_checked"),
    script:
        "../../scripts/inputs_checked.py"
