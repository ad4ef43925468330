"""Glue for rule scripts: logging to the rule's log file and the config they need."""

from __future__ import annotations

import logging
import sys


def setup_logging(snakemake) -> logging.Logger:
    """Log to the rule's log file and to stderr, so an input error is seen in both places."""
    log = logging.getLogger("wijkzicht")
    log.setLevel(logging.INFO)
    log.handlers.clear()
    fmt = logging.Formatter("%(levelname)s %(message)s")
    for h in (logging.FileHandler(snakemake.log[0], mode="w"), logging.StreamHandler(sys.stderr)):
        h.setFormatter(fmt)
        log.addHandler(h)
    return log


def run(snakemake, main) -> None:
    """Run main(snakemake, log); a failure is logged with its message, then re-raised."""
    log = setup_logging(snakemake)
    try:
        main(snakemake, log)
    except Exception as err:
        log.error("%s: %s", type(err).__name__, err)
        raise
