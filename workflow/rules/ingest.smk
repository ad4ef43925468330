# Read each input table, check it against its contract (wijkzicht.inputs.contracts), write typed Parquet.


rule ingest:
    input:
        raw_input,
    output:
        validated("{table}"),
    log:
        f"{LOGS}/ingest/{{table}}.log",
    benchmark:
        f"{BENCH}/ingest/{{table}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        years=ingest_years,
    script:
        "../../scripts/ingest.py"


rule ingest_year:
    input:
        raw_input,
    output:
        validated("{table}", "{year}"),
    log:
        f"{LOGS}/ingest/{{table}}{{year}}.log",
    benchmark:
        f"{BENCH}/ingest/{{table}}{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        years=ingest_years,
    script:
        "../../scripts/ingest.py"
