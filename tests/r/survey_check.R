# Reference values from R's survey package for tests/unit/test_stats_r.py.
# Usage: Rscript survey_check.R fixture.csv [lonely1.csv lonely2.csv ...] out.csv
# Design as in measures.md: svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT),
# domains by svyby over subset(design, ...) (the full design is kept).
# Each fixture has the columns STRATUM, WEIGHT, wijk, herkomst, inpop (0/1), y (0/1 or
# missing) and score (numeric or missing). The lonely fixtures have strata with a single
# respondent; each is analysed under every options(survey.lonely.psu = ...) we offer, with
# analysis names "<file name>.<option>.<analysis>".
# Output: long CSV analysis,key,stat,value with values printed to 17 significant digits.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
read_fixture <- function(path) {
  read.csv(path, stringsAsFactors = FALSE, na.strings = "",
           colClasses = c(STRATUM = "character", wijk = "character", herkomst = "character"))
}
d <- read_fixture(args[1])
lonely_paths <- args[-c(1, length(args))]
out_path <- args[length(args)]

rows <- list()
add <- function(analysis, key, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    analysis = analysis, key = as.character(key), stat = stat,
    value = sprintf("%.17g", as.numeric(value)), stringsAsFactors = FALSE)
}
key_of <- function(r, by) do.call(paste, c(lapply(by, function(b) as.character(r[[b]])), sep = "|"))

options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
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

# The same domains with survey.adjust.domain.lonely = TRUE and "adjust": a stratum with
# one respondent in a domain (but more in the design) is then not centred. We do NOT do
# this (R's default is FALSE); the test shows that the option would make a difference.
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = TRUE)
m <- suppressWarnings(svyby(~y, ~wijk + herkomst, sub, svymean))
add("wijk_herkomst_domain_lonely_true", key_of(m, c("wijk", "herkomst")), "se", SE(m))
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)

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

# Designs with strata of one respondent, under each lonely.psu option. Every analysis
# records whether R stopped ("error" 1) or not (0).
guarded <- function(analysis, expr) {
  res <- tryCatch({
    force(expr)
    0
  }, error = function(e) 1)
  add(analysis, "design", "error", res)
}
lonely_analyses <- function(name, ld, opt) {
  options(survey.lonely.psu = opt)
  a <- function(x) paste(name, opt, x, sep = ".")
  des_l <- svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT, data = ld)
  sub_l <- subset(des_l, inpop == 1 & !is.na(y))
  guarded(a("wijk"), {
    m <- svyby(~y, ~wijk, sub_l, svymean)
    k <- m$wijk
    add(a("wijk"), k, "value", m$y)
    add(a("wijk"), k, "se", SE(m))
    cix <- svyby(~y, ~wijk, sub_l, svyciprop, method = "xlogit", vartype = "ci")
    add(a("wijk"), k, "ci_lower", cix$ci_l)
    add(a("wijk"), k, "ci_upper", cix$ci_u)
    for (w in k) add(a("wijk"), w, "df", degf(subset(sub_l, wijk == w)))
  })
  guarded(a("wijk_herkomst"), {
    m <- svyby(~y, ~wijk + herkomst, sub_l, svymean)
    add(a("wijk_herkomst"), key_of(m, c("wijk", "herkomst")), "value", m$y)
    add(a("wijk_herkomst"), key_of(m, c("wijk", "herkomst")), "se", SE(m))
  })
  guarded(a("totaal"), {
    t <- svymean(~y, sub_l)
    cix <- svyciprop(~y, sub_l, method = "xlogit")
    add(a("totaal"), "totaal", "value", coef(t))
    add(a("totaal"), "totaal", "se", SE(t))
    add(a("totaal"), "totaal", "ci_lower", attr(cix, "ci")[1])
    add(a("totaal"), "totaal", "ci_upper", attr(cix, "ci")[2])
    add(a("totaal"), "totaal", "df", degf(sub_l))
  })
  # the score (a mean) by wijk, with confint(df = degf(domain))
  sub_ls <- subset(des_l, inpop == 1 & !is.na(score))
  guarded(a("score_wijk"), {
    m <- svyby(~score, ~wijk, sub_ls, svymean)
    add(a("score_wijk"), m$wijk, "value", m$score)
    add(a("score_wijk"), m$wijk, "se", SE(m))
    for (w in m$wijk) {
      s <- subset(sub_ls, wijk == w)
      ci <- confint(svymean(~score, s), df = degf(s))
      add(a("score_wijk"), w, "ci_lower", ci[1])
      add(a("score_wijk"), w, "ci_upper", ci[2])
    }
  })
  # a domain that leaves out every wijk with a respondent of a lonely stratum: R computes
  # it even under "fail", as it never meets the lonely stratum
  counts <- table(ld$STRATUM)
  lonely_wijken <- unique(ld$wijk[ld$STRATUM %in% names(counts)[counts == 1]])
  guarded(a("elsewhere"), {
    t <- svymean(~y, subset(sub_l, !(wijk %in% lonely_wijken)))
    add(a("elsewhere"), "totaal", "value", coef(t))
    add(a("elsewhere"), "totaal", "se", SE(t))
  })
}
for (path in lonely_paths) {
  name <- sub("\\.csv$", "", basename(path))
  ld <- read_fixture(path)
  for (opt in c("remove", "certainty", "adjust", "fail")) lonely_analyses(name, ld, opt)
}
options(survey.lonely.psu = "fail")

write.csv(do.call(rbind, rows), out_path, row.names = FALSE)
