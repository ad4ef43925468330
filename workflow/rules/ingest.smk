# Read each input table, check it against its contract (wijkzicht.inputs.contracts), write typed Parquet.


rule ingest:
    input:
        raw_input,
    output:
        validated("{table}"),
        quality=quality("{table}"),
    log:
        national(f"{LOGS}/ingest/{{table}}.log"),
    benchmark:
        national(f"{BENCH}/ingest/{{table}}.tsv")
    wildcard_constraints:
        # an unkeyed registration is read by ingest_unkeyed and keyed by link_unkeyed
        table=keyed_table_pattern(),
    priority: 10  # every input checked before the jobs that build on them
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("ingest")["threads"]
    resources:
        mem_mb=job_resources("ingest")["mem_mb"],
    params:
        years=ingest_years,
        unkeyed=False,
    script:
        "../../scripts/ingest.py"


rule ingest_year:
    input:
        raw_input,
    output:
        validated("{table}", "{year}"),
        quality=quality("{table}", "{year}"),
    log:
        national(f"{LOGS}/ingest/{{table}}{{year}}.log"),
    benchmark:
        national(f"{BENCH}/ingest/{{table}}{{year}}.tsv")
    priority: 10  # every input checked before the jobs that build on them
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("ingest")["threads"]
    resources:
        mem_mb=job_resources("ingest")["mem_mb"],
    params:
        years=ingest_years,
        unkeyed=False,
    script:
        "../../scripts/ingest.py"


if UNKEYED:

    # A registration that arrives without RINPERSOON: read under its unkeyed contract
    # (birth date, sex, address), then linked to the population register with Splink.
    rule ingest_unkeyed:
        input:
            raw_input,
        output:
            unkeyed("{table}"),
            quality=quality("{table}"),
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
            years=[],
            unkeyed=True,
        script:
            "../../scripts/ingest.py"

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
        threads: 1  # one thread: every sum in the same order, the same links on every run
        resources:
            mem_mb=job_resources("link_unkeyed")["mem_mb"],
        params:
            linkage=config["linkage"],
            # register persons with an address in any gemeente of the run are compared
            gemeenten=run_gemeenten(config),
            first_year=YEARS[0],
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
    script:
        "../../scripts/inputs_checked.py"
