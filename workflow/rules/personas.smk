# Persona's: the most common combinations of attributes in each theme's target group (issue 13).


rule persona_attributes:
    input:
        residents=f"{INTERNAL}/base/residents{{year}}.parquet",
        # a newcomer year: the newcomers' moves get their household on the move date
        newcomers=persona_newcomers,
        persoon=narrowed("GBAPERSOONTAB", "{year}"),
        huishoudens=narrowed("GBAHUISHOUDENSBUS", "{year}"),
        koppel=narrowed("KOPPELPERSOONHUISHOUDEN", "{year}"),
        inha=narrowed("INHATAB", "{year}"),
        countries=config["reference"]["countries"],
    output:
        f"{INTERNAL}/personas/attributes{{year}}.parquet",
    log:
        f"{LOGS}/personas/attributes{{year}}.log",
    benchmark:
        f"{BENCH}/personas/attributes{{year}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        age_bands=config["age_bands"]["kinderen"] + config["age_bands"]["volwassenen"],
    script:
        "../../scripts/persona_attributes.py"


rule personas:
    input:
        unpack(persona_inputs),
        # the published target rows: n_target and which areas may show persona's
        measures=f"{EXPORT}/{{theme}}/measures.csv",
        geography=config["reference"]["geography"],
    output:
        csv=report(
            f"{EXPORT}/{{theme}}/personas.csv",
            caption="../report/personas.rst",
            category="Tabellen",
            labels={"thema": "{theme}", "tabel": "persona's"},
        ),
        audit=f"{INTERNAL}/disclosure/{{theme}}_personas_audit.parquet",
    log:
        f"{LOGS}/personas/{{theme}}.log",
    benchmark:
        f"{BENCH}/personas/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        personas=config["personas"],
        disclosure=config["disclosure"],
        gemeente=config["gemeente"],
        years=lambda wildcards: persona_years_of(wildcards.theme),
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme, "conditions"),
    script:
        "../../scripts/personas.py"
