"""How the numbers of a row are estimated from the persons counted, and what the disclosure
control reads. These rules are about estimators and suppression rather than about which
person counts where; each names the unit tests that check it against published values, R or
hand computation."""

title = "Estimators and disclosure control"
order = 7


def test_e1_wilson(rule):
    """Wilson intervals for shares

    A crude share (method `wilson`) has a Wilson score interval with z = 1.959963984540054
    and no continuity correction; `se` is sqrt(p (1 - p) / n). With denominator 0 the value,
    interval and `se` are empty.
    """
    rule(
        contract=[15],
        checked_by=[
            "tests/unit/test_stats_proportions.py::test_wilson_matches_newcombe_1998",
            "tests/unit/test_stats_proportions.py::test_z95_is_the_normal_quantile",
            "tests/unit/test_stats_proportions.py::test_vectorised_and_empty_denominator",
        ],
    )


def test_e2_direct_standardisation(rule):
    """Direct standardisation and its gamma interval

    A standardised share (method `direct_std_gamma`) weighs the age-sex rates of an area or
    group by the standard population (see the rule on the standard population). Its 95%
    interval follows the gamma method of Fay and Feuer as in epitools' `ageadjust.direct`,
    with w_M the largest w_k / n_k over the strata used, and lower bound 0 when there are no
    events; `se` is sqrt(sum w_k^2 d_k / n_k^2).
    """
    rule(
        contract=[14],
        checked_by=[
            "tests/unit/test_stats_standardise.py::test_fleiss_example_matches_epitools_full_precision",
            "tests/unit/test_stats_standardise.py::test_empty_stratum_is_dropped_and_weights_renormalised",
            "tests/unit/test_stats_standardise.py::test_no_events_gives_lower_bound_zero",
        ],
    )


def test_e3_survey_estimates(rule):
    """Survey estimates over the whole design

    Survey shares (method `survey_taylor`) are weighted (WEIGHT) with standard errors by
    Taylor linearisation for a stratified design (STRATUM as strata, sampling with
    replacement). Areas, groups and the population are domains of the whole design of the
    wave, not subsets: a respondent outside a domain, or without an outcome, still counts
    for the variance. `numerator` and `denominator` are sums of weights, `n_numerator` and
    `n_denominator` respondents. Estimates and standard errors equal those of R's survey
    package (`svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT)`, `svyby`,
    `svymean`). In the export the sums of weights of a published row are rounded to
    `disclosure.weighted_sum_base` (10): to ten digits they are sums of a few
    post-stratification weights, and how many respondents of each weight class they hold
    could be worked back from them; the estimate, interval and `se` are those of the
    unrounded sums.
    """
    rule(
        contract=[16],
        checked_by=[
            "tests/unit/test_stats_survey.py::test_stratified_mean_variance_cochran_5_6",
            "tests/unit/test_stats_survey.py::test_domain_keeps_the_full_design",
            "tests/unit/test_stats_r.py::test_survey_proportion_by_wijk_matches_svyby",
            "tests/unit/test_stats_r.py::test_survey_proportion_cross_classified_matches_svyby",
            "tests/unit/test_disclosure_rounding.py::test_weighted_sums_no_longer_give_the_weight_classes_away",
        ],
    )


def test_e4_ratios(rule):
    """Relative risks and concentration ratios

    A ratio of two shares (methods `relative_risk_katz` and `ratio_katz`) has Katz's
    interval on the log scale; `se` is the standard error of the log ratio; value, interval
    and `se` are empty when either numerator is 0.
    """
    rule(
        contract=[12, 24],
        checked_by=[
            "tests/unit/test_ratios.py::test_katz_matches_hand_computation",
            "tests/unit/test_ratios.py::test_katz_matches_statsmodels",
            "tests/unit/test_ratios.py::test_zero_numerators",
        ],
    )


def test_e5_odds_ratios(rule):
    """Odds ratios

    The odds ratios of `migratie.or_ggz` (method `logit_glm`) come from a logistic
    regression fitted by maximum likelihood, with Wald intervals exp(b +- z se) and `se` the
    standard error of the log odds ratio; they equal R's `glm(..., family = binomial)`.
    """
    rule(
        contract=[18],
        checked_by=[
            "tests/unit/test_stats_models.py::test_single_factor_matches_woolf",
            "tests/unit/test_stats_r.py::test_logistic_odds_ratios_match_r_glm",
        ],
    )


def test_e6_primary_suppression(rule):
    """Primary suppression reads the person counts

    A row is suppressed when `n_numerator`, `n_denominator` or their difference lies
    between 1 and the threshold minus 1 (threshold 10 by default). Only these unweighted
    person counts are read, never the weighted `numerator` and `denominator`; a numerator of
    0 may be published. A row with one of the two counts (the register's residents beside
    Kerncijfers, no `n_denominator`) is judged on that one, also where disclosure control
    reads it as a share of 1: a count, never "everybody". With `publish_zeros: false` a
    numerator of 0 and a rest of 0 in a share are withheld, and a count of 0. In everything that leaves (the
    export, the release) a suppressed row has the status `suppressed`, primary or secondary
    alike, as tau-Argus and CBS tables mark every suppressed cell: a primary status would say
    its counts lie in 1 to threshold - 1, and beside published totals pin them down. The
    internal status keeps primary and secondary.
    """
    rule(
        contract=[25],
        checked_by=[
            "tests/unit/test_disclosure_primary.py::test_the_rule_reads_the_unweighted_counts_only",
            "tests/unit/test_disclosure_primary.py::test_zeros_and_everyone_can_be_withheld",
            "tests/unit/test_disclosure_register_counts_z11.py::test_a_count_without_its_partner_count_is_judged",
            "tests/unit/test_publish_zeros_a4.py::test_without_zeros_the_residents_are_not_all_primary",
            "tests/unit/test_publish_zeros_a4.py::test_a_count_is_judged_on_itself",
            "tests/unit/test_status_one_z12.py::test_z11s_two_primary_rows_are_not_marked_primary_in_the_export",
            "tests/unit/test_status_one_z12.py::test_the_export_does_not_say_which_row_is_primary",
        ],
    )


def test_e7_secondary_suppression_audit(rule):
    """What an attacker can derive

    Secondary suppression is checked by an audit of what an attacker can derive from the
    published rows. The relations lie within one measure, definition, year and method: wijken
    add up to the gemeente, group values to `totaal`, and cross-classified rows both ways at
    once. Beyond one measure: rows that count the same persons are tied, the 16 combinations
    of kopp.overlap add up to their common denominator (all children), and each kopp.aandeel
    definition is the sum of the combinations it holds (a child meets `ggz` in every
    combination with ggz); a definition inside another counts at most as many persons in
    every cell (kopp `ggz` at most `breed`; a newcomers' marker at most `breed`, and `breed`,
    any of them, at most their sum; a kopp definition of several conditions at most the sum of
    other definitions that together hold each of its conditions, `ggz` or `verslaving` at most
    `ggz` plus `verslaving`). A definition is inside another when each of its
    conditions implies one of the other's, read from the settings and codelists alone: the
    same condition, or one of the same source that is narrower (a codelist whose codes are
    all in the other's, circuits among the other's and diagnosis prefixes starting with one
    of the other's, fewer Wmo provisions or teams, a percentile range within the other's;
    for a newcomers' marker also the same year, and an uitstroom of fewer provisions within
    fewer days); conditions of different sources never imply each other. Their difference
    counts persons (`breed` minus `ggz`: the children with a parent who meets breed but not
    ggz; psychofarmaca minus a definition by a codelist without the hypnotics: the children
    with a parent who had a hypnotic and no other psychotropic drug), so it gets the primary
    rule too: two published rows may not differ by 1 to 9; a measure counted among another's numerator
    (migratie.zorgkloof among K10's respondents with high distress) has that numerator as
    its denominator, so it is decided after the other, suppressed where that row is (an
    empty row too) and with the other's published numerator as a known denominator; a model
    estimate shows its respondents only where its wijk's survey row is published; a ratio's
    value and se give its reference group's counts back (nieuwkomers.concentratie's residents
    with and without the marker), so those get the primary rule, area sums and partners
    too, and the ratio is suppressed where they are; a count that two exported tables hold
    is protected as one: the register's residents of an area are the counts of
    `kerncijfers/inwoners.csv`, the denominators of the partners' shares among residents
    (one table in disclosure control) and the reference group of nieuwkomers.concentratie
    (every resident of the area), so the newcomers' table is decided after the other two,
    with their residents' rows as they are published or suppressed: a wijk whose residents
    are hidden there (1 to 9 residents, or their partner) is hidden here too as far as the
    audit over both needs, and the export gate refuses a concentratie row that gives back
    residents `inwoners.csv` hides; the residents of an area are its children (kopp's
    population, the denominator of kopp.aandeel), its adults (migratie's registry shares) and
    the residents without an age, whom nobody publishes, so children are at most residents
    minus adults: the three counts are decided together first, with the partners' figures,
    and each theme's table hides its population where that pattern does and is audited with
    the other two, while the export gate refuses, by the audit's criterion, what the three
    give away of a hidden one: residents given back exactly (a count alone) or narrowed
    below the threshold, a population narrowed below the threshold, and a theme's hidden
    row whose population and numerator both are given back exactly or whose numerator or
    rest is certainly 1 to 9 and narrowed below the threshold (a kopp row whose children
    are residents minus adults but whose children with a parent in care stay open gives
    nobody away); with counts rounded to a base (`disclosure.rounding_base`) the gate reads
    each published count of a theme as the counts that round to it (1200 with base 5: 1198 to
    1202) and refuses an export whose counts contradict each other, never passing a count it
    cannot judge; a hidden count narrowed to 0 to 9 is refused too, 0 included: with
    `publish_zeros: true` a 0 is never hidden, and with `false` a hidden 0 is a withheld count;
    the residents without an age (rule L8) are
    persons as a definitions' difference is, so where residents minus adults minus children
    would give 1 to 9 of them away one of the three counts is hidden (the gemeente's adults
    and children last) and the export gate refuses an export that pins them within 1 to 9
    (a rest of 0 is no group: published, also with `publish_zeros: false`); a standardised
    share and an odds ratio
    leave the adults of unknown sex out of the crude share of their cell (rule M3), so beside
    it their own counts would give the cell of unknown sex away (3 adults, 1 in care): in the
    export they carry the counts of their cell's crude share, and the export gate refuses a
    table where the two differ by a cell that breaks the primary rule. The attacker knows
    that counts are 0 or more and that a numerator is at most its denominator. A sensitive
    count (one that breaks the primary rule) is safe when the interval the linear-programming
    relaxation leaves for it is at least the threshold wide (maximum - minimum). The audit looks at every count of every suppressed row: a suppressed
    row the attacker can compute exactly protects nothing, so it is published instead (never
    a primary row), and a count fixed by a published margin of 0 is never chosen as a partner. Partners keep the
    totals: a gemeente row or a `totaal` row is suppressed as a partner only when no wijk or
    buurt row will do, and the clean-up tries to publish them first, two values of a
    gemeente's group together as well (a professional needs the gemeente figure above all;
    tau-Argus gives such cells a higher cell cost). This may cost a wijk row more. Among
    partners of one kind the smallest cell goes first: a cell costs its value, as in
    tau-Argus, which is the number of persons in it where the table adds up its numerators
    only (a combination of kopp.overlap costs its children, not all children), and a cell
    many times bigger than another that protects the same row is not hidden to close a
    second relation at once.
    """
    rule(
        contract=[25],
        checked_by=[
            "tests/unit/test_disclosure_audit.py::test_tau_argus_manual_example",
            "tests/unit/test_population_difference_a4.py::test_protected_apart_the_children_of_a_wijk_of_adults_are_given_back",
            "tests/unit/test_population_difference_a4.py::test_with_the_residents_and_the_adults_the_children_stay_hidden",
            "tests/unit/test_residents_without_age_a5.py::test_the_residents_without_an_age_are_not_given_away",
            "tests/unit/test_residents_without_age_a5.py::test_the_gate_refuses_the_residents_without_an_age_published_by_difference",
            "tests/unit/test_gate_population_audit_a6.py::test_a_population_given_back_with_its_numerators_open_passes",
            "tests/unit/test_gate_population_audit_a6.py::test_a_row_known_in_both_counts_is_refused",
            "tests/unit/test_gate_rounding_g4.py::test_rounding_no_longer_lets_a_given_back_population_pass",
            "tests/unit/test_gate_rounding_g4.py::test_an_export_whose_counts_contradict_each_other_is_refused",
            "tests/unit/test_gate_hidden_zero_g4.py::test_without_zeros_the_hidden_wijk_of_nobody_passes_where_the_audit_does",
            "tests/unit/test_gate_hidden_zero_g4.py::test_a_hidden_0_pinned_by_the_other_tables_is_refused",
            "tests/unit/test_disclosure_overlap.py::test_no_suppressed_combination_can_be_narrowed",
            "tests/unit/test_disclosure_overlap.py::test_a_published_wider_definition_does_not_cap_a_suppressed_one",
            "tests/unit/test_disclosure_overlap.py::test_the_difference_of_a_definition_and_one_inside_it_is_protected",
            "tests/unit/test_disclosure_overlap.py::test_a_definition_by_a_narrower_codelist_is_protected_as_one_inside_the_wider",
            "tests/unit/test_c1_implication.py::test_a_condition_said_to_imply_another_never_flags_a_person_it_does_not",
            "tests/unit/test_disclosure_audit.py::test_numerator_at_most_denominator_links_the_two_counts",
            "tests/unit/test_disclosure_audit.py::test_cross_classified_rows_are_in_both_relations",
            "tests/unit/test_disclosure_pinned.py::test_newcomers_by_origin_never_take_the_pinned_onbekend_cells",
            "tests/unit/test_disclosure_nested.py::test_zorgkloof_gives_no_suppressed_k10_count_away",
            "tests/unit/test_disclosure_model_estimates.py::test_a_suppressed_survey_row_keeps_its_respondents_out_of_the_model_rows",
            "tests/unit/test_disclosure_reference.py::test_a_wijk_with_few_residents_with_the_marker_is_suppressed_with_a_partner",
            "tests/unit/test_residents_concentratie_a3.py::test_with_the_inhabitants_statuses_the_small_wijk_stays_hidden",
            "tests/unit/test_residents_concentratie_a3.py::test_protected_apart_the_gemeente_ratio_gave_the_small_wijk_back",
            "tests/unit/test_disclosure_cell_counts_z11.py::test_the_unknown_sex_cell_is_not_given_away",
            "tests/unit/test_disclosure_cell_counts_z11.py::test_the_gate_refuses_a_table_that_publishes_the_difference",
            "tests/unit/test_secondary_totals_d6.py::test_the_gemeente_rows_stay_published_when_wijk_rows_can_protect",
            "tests/unit/test_secondary_totals_d6.py::test_random_small_tables_pass_the_audit",
            "tests/unit/test_secondary_cost_s1.py::test_overlap_partners_are_the_small_combinations",
            "tests/unit/test_secondary_cost_s1.py::test_a_partner_many_times_dearer_is_not_chosen_to_close_two_relations",
        ],
    )
