# The synthetic world: first in the DAG when no real data paths are configured.
if uses_synthetic(config):

    rule synthetic_world:
        input:
            geography=config["reference"]["geography"],
            countries=config["reference"]["countries"],
        output:
            synthetic_outputs(),
        log:
            national(f"{LOGS}/synthetic_world.log"),
        benchmark:
            national(f"{BENCH}/synthetic_world.tsv")
        priority: 12  # every job waits for it
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("synthetic_world")["threads"]
        resources:
            mem_mb=job_resources("synthetic_world")["mem_mb"],
        params:
            seed=config["synthetic"]["seed"],
            n_residents=config["synthetic"]["n_residents"],
            # persons living elsewhere: rows in the national tables only
            n_elsewhere=config["synthetic"]["n_elsewhere"],
            format=config["synthetic"]["format"],
            years=YEARS,
            survey_waves=sorted(config["survey_waves"]),
            # one gemeente, or the region: the first one's world plus the others' (synth.region)
            gemeenten=run_gemeenten(config),
            # registrations written without RINPERSOON; their truth goes to truth_files()
            unkeyed=UNKEYED,
            truth=truth_files(),
            code=script_code("synthetic_world"),
        script:
            "../../scripts/synthetic_world.py"

    rule synthetic_boundaries:
        input:
            geography=config["reference"]["geography"],
        output:
            # the synthetic world's Wijk- en Buurtkaart: public geography, read by the pages
            SYNTHETIC_BOUNDARIES,
        log:
            f"{LOGS}/synthetic_boundaries.log",
        benchmark:
            f"{BENCH}/synthetic_boundaries.tsv"
        priority: 10  # every pages job reads it
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("synthetic_boundaries")["threads"]
        resources:
            mem_mb=job_resources("synthetic_boundaries")["mem_mb"],
        params:
            seed=config["synthetic"]["seed"],
            gemeente=config["gemeente"],
            code=script_code("synthetic_boundaries"),
        script:
            "../../scripts/synthetic_boundaries.py"
