# wijkzicht: from CBS-shaped extracts to disclosure-controlled tables, figures and reports.
import sys
from pathlib import Path

from snakemake.utils import min_version

# the start-up checks run the package of this checkout, as its jobs do (common.smk,
# expose_package): not another checkout's that the environment happens to import
sys.path.insert(0, str(Path(workflow.basedir) / "src"))

from wijkzicht.pipeline.config import is_region

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


# one gemeente (config `gemeente`): its workflow as it is; a GGD region (config `gemeenten`): a
# module of that workflow per gemeente, the national rules once, and the region overview
if is_region(config):

    include: "workflow/region.smk"

else:

    include: "workflow/gemeente.smk"


rule all:
    default_target: True
    input:
        REGION_OUTPUTS if is_region(config) else rules.gemeente.input,
