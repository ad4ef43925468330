# Reference values from R's survey package for tests/unit/test_stats_r.py.
# Usage: Rscript survey_check.R fixture.csv lonely.csv out.csv
# Design as in measures.md: svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT),
# domains by svyby over subset(design, ...) (the full design is kept).
# Output: long CSV analysis,key,stat,value with values printed to 17 significant digits.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
read_fixture <- function(path) {
  read.csv(path, stringsAsFactors = FALSE, na.strings = "",
           colClasses = c(STRATUM = "character", wijk = "character", herkomst = "character"))
}
d <- read_fixture(args[1])
lonely <- read_fixture(args[2])
out_path <- args[3]

rows <- list()
add <- function(analysis, key, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    analysis = analysis, key = as.character(key), stat = stat,
    value = sprintf("%.17g", as.numeric(value)), stringsAsFactors = FALSE)
}
key_of <- function(r, by) do.call(paste, c(lapply(by, function(b) as.character(r[[b]])), sep = "|"))

options(survey.lonely.psu = "fail")
des <- svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT, data = d)
des <- update(des, one = 1)
sub <- subset(des, inpop == 1 & !is.na(y))

proportion_by <- function(analysis, by) {
  f <- as.formula(paste("~", paste(by, collapse = "+")))
  m <- svyby(~y, f, sub, svymean)
  num <- svyby(~y, f, sub, svytotal)
  den <- svyby(~one, f, sub, svytotal)
  cnt <- svyby(~y, f, sub, unwtd.count)
  ci <- svyby(~y, f, sub, svyciprop, method = "logit", vartype = "ci")
  # method = "xlogit" is the same interval computed in closed form (svymean +
  # svycontrast on the logit); "logit" fits svyglm, whose IRLS stops at
  # glm.control(epsilon = 1e-8), so its bounds carry an error of about 1e-8.
  cix <- svyby(~y, f, sub, svyciprop, method = "xlogit", vartype = "ci")
  k <- key_of(m, by)
  add(analysis, k, "value", m$y)
  add(analysis, k, "se", SE(m))
  add(analysis, k, "numerator", num$y)
  add(analysis, k, "denominator", den$one)
  add(analysis, k, "n_denominator", cnt$counts)
  add(analysis, k, "ci_lower", ci$ci_l)
  add(analysis, k, "ci_upper", ci$ci_u)
  add(analysis, k, "ci_lower_xlogit", cix$ci_l)
  add(analysis, k, "ci_upper_xlogit", cix$ci_u)
}
proportion_by("wijk", c("wijk"))
proportion_by("wijk_herkomst", c("wijk", "herkomst"))

# The whole population (group totaal).
m <- svymean(~y, sub)
ci <- svyciprop(~y, sub, method = "logit")
cix <- svyciprop(~y, sub, method = "xlogit")
add("totaal", "totaal", "value", coef(m))
add("totaal", "totaal", "se", SE(m))
add("totaal", "totaal", "ci_lower", attr(ci, "ci")[1])
add("totaal", "totaal", "ci_upper", attr(ci, "ci")[2])
add("totaal", "totaal", "ci_lower_xlogit", attr(cix, "ci")[1])
add("totaal", "totaal", "ci_upper_xlogit", attr(cix, "ci")[2])

# Missing outcomes handled by na.rm instead of subset: the same figures.
m <- svyby(~y, ~wijk, subset(des, inpop == 1), svymean, na.rm = TRUE)
add("wijk_narm", m$wijk, "value", m$y)
add("wijk_narm", m$wijk, "se", SE(m))

# A continuous outcome (K10-like score): mean, se and confint with df = degf(domain).
sub_s <- subset(des, inpop == 1 & !is.na(score))
m <- svyby(~score, ~wijk, sub_s, svymean)
add("score_wijk", m$wijk, "value", m$score)
add("score_wijk", m$wijk, "se", SE(m))
for (w in sort(unique(d$wijk[d$inpop == 1 & !is.na(d$score)]))) {
  s <- subset(sub_s, wijk == w)
  ci <- confint(svymean(~score, s), df = degf(s))
  add("score_wijk", w, "ci_lower", ci[1])
  add("score_wijk", w, "ci_upper", ci[2])
}

# A design with a stratum of one respondent, under each lonely.psu option.
for (opt in c("remove", "certainty", "adjust", "fail")) {
  options(survey.lonely.psu = opt)
  des_l <- svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT, data = lonely)
  sub_l <- subset(des_l, inpop == 1 & !is.na(y))
  res <- tryCatch({
    m <- svyby(~y, ~wijk, sub_l, svymean)
    add(paste0("lonely_", opt), m$wijk, "value", m$y)
    add(paste0("lonely_", opt), m$wijk, "se", SE(m))
    t <- svymean(~y, sub_l)
    add(paste0("lonely_", opt), "totaal", "se", SE(t))
    "ok"
  }, error = function(e) "error")
  add(paste0("lonely_", opt), "design", "error", as.numeric(res == "error"))
}
options(survey.lonely.psu = "fail")

write.csv(do.call(rbind, rows), out_path, row.names = FALSE)
