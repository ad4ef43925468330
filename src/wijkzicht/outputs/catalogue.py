"""Which figures each theme gets, by name: what the workflow needs to build its DAG.

Kept apart from `figure_specs` (how each is drawn) so that building the DAG does not import
matplotlib.
"""

from __future__ import annotations

FIGURES = {
    "kopp": ["kopp_aandeel_wijk", "kopp_trend", "kopp_overlap"],
    "migratie": ["migratie_zorgkloof", "migratie_trend"],
    "nieuwkomers": ["nieuwkomers_concentratie", "nieuwkomers_trend"],
}
