#!/usr/bin/env bash
# Install R and the survey package from Debian, only when they are missing.
# Needed by the tests marked `r` (pytest -m r), which compare the estimators in
# src/wijkzicht/stats/ against R's survey package and glm.
# Usage: bash tools/install-r.sh   (as root, or with sudo available)
set -euo pipefail
exec bash "$(dirname "$0")/install-debian.sh" install-r \
  "Rscript -e 'quit(status = if (requireNamespace(\"survey\", quietly = TRUE)) 0 else 1)'" \
  r-base-core r-cran-survey
