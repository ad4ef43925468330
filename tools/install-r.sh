#!/usr/bin/env bash
# Install R with the survey and lme4 packages from Debian, only when they are missing.
# Needed by the tests marked `r` (pytest -m r), which compare the estimators in
# src/wijkzicht/statistics/ against R's survey package, glm and lme4's glmer.
# Usage: bash tools/install-r.sh   (as root, or with sudo available)
set -euo pipefail
exec bash "$(dirname "$0")/install-debian.sh" install-r \
  "Rscript -e 'quit(status = if (requireNamespace(\"survey\", quietly = TRUE) && requireNamespace(\"lme4\", quietly = TRUE)) 0 else 1)'" \
  r-base-core r-cran-survey r-cran-lme4
