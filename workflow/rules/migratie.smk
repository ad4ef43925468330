# Theme migration background and mental health: registered care and survey distress.


# Year t in one job: the registry adults with care flags and income quintile (person level,
# read by the persona's as well) and, in a survey wave, every row of the wave with outcomes and
# domains and the model estimates per buurt and wijk (docs/small_area.md); then the measures of
# year t. A wave's job has those files as outputs too, so a wave is rule migratie_wave and
# another year rule migratie (a rule's outputs are the same in every year; the `year` wildcard
# of each allows only its own years). survey.lonely_psu and small_area are params of the waves'
# jobs only (None in the other years): changing them reruns the waves alone.
for name, wave in (("migratie", False), ("migratie_wave", True)):

    rule:
        name:
            name
        input:
            unpack(migratie_inputs),
            residents=f"{INTERNAL}/base/residents{{year}}.parquet",
            conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
            koppel=narrowed("KOPPELPERSOONHUISHOUDEN", "{year}"),
            inha=narrowed("INHATAB", "{year}"),
            # the gemeente's wijken; its respondents in the survey file of the whole GGD region
            geography=config["reference"]["geography"],
            countries=config["reference"]["countries"],
        output:
            **(
                {
                    "survey": f"{INTERNAL}/migratie/survey{{year}}.parquet",
                    # model estimates per buurt and wijk, into the wave's measures
                    "small_area": f"{INTERNAL}/migratie/small_area{{year}}.parquet",
                    # the residents with the model's covariates (person-level, internal)
                    "frame": f"{INTERNAL}/migratie/small_area_frame{{year}}.parquet",
                    # a summary of each fit
                    "fit": f"{INTERNAL}/migratie/small_area_fit{{year}}.json",
                }
                if wave
                else {}
            ),
            adults=f"{INTERNAL}/migratie/adults{{year}}.parquet",
            measures=f"{INTERNAL}/measures/migratie/migratie{{year}}.parquet",
            # the survey design of a wave (strata with one respondent, survey.lonely_psu) for
            # the release notes; in a year without a wave it says so
            design=f"{INTERNAL}/migratie/survey_design{{year}}.json",
        log:
            f"{LOGS}/migratie{{year}}.log",
        benchmark:
            f"{BENCH}/migratie{{year}}.tsv"
        wildcard_constraints:
            year=survey_waves() if wave else years_without_wave(),
        # first of the theme jobs: the waves' (small-area model) are the longest per-year jobs,
        # and every year's migratie job waits for the first year's (the standard population; in
        # a region run for rule migratie_standard instead)
        priority: 9
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("migratie")["threads"]
        resources:
            mem_mb=job_resources("migratie")["mem_mb"],
        params:
            # definition objects go in a dict: Snakemake compares the repr of builtin params only
            definitions=DEFINITIONS.param("migratie"),
            gemeente=config["gemeente"],
            age_bands=config["age_bands"]["volwassenen"],
            buurt=config["buurt"]["registry_measures"],
            # only a survey wave uses these: changing them reruns the waves alone
            lonely_psu=config["survey"]["lonely_psu"] if wave else None,
            small_area=config["small_area"] if wave else None,
            code=script_code("migratie"),
        script:
            "../../scripts/migratie.py"


if REGION_STANDARD:

    # A GGD region (config `gemeenten`): the standard population of every gemeente's
    # standardised measures, the adults (18+, with a GBAPERSOONTAB row, as the migratie jobs
    # select them) of all the region's gemeenten together in the first configured year, per
    # age band and sex. From their residents, which come before the migratie jobs (the adults
    # of the first year are made by those jobs). National like narrow_region: the rule comes
    # from the first gemeente's module only (region.smk).
    rule migratie_standard:
        input:
            residents=[run_residents(gm)[0] for gm in run_gemeenten(config)],
        output:
            REGION_STANDARD,
        log:
            national(f"{LOGS}/migratie_standard.log"),
        benchmark:
            national(f"{BENCH}/migratie_standard.tsv")
        # every gemeente's migratie jobs wait for it
        priority: 9
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("migratie_standard")["threads"]
        resources:
            mem_mb=job_resources("migratie_standard")["mem_mb"],
        params:
            min_age=DEFINITIONS.migratie.min_age,
            gemeenten=run_gemeenten(config),
            year=YEARS[0],
            code=script_code("migratie_standard"),
        script:
            "../../scripts/migratie_standard.py"
