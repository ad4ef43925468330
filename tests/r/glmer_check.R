# Reference values from lme4's glmer for tests/unit/test_small_area_r.py.
# Usage: Rscript glmer_check.R respondents.csv population.csv out.csv
#  - respondents.csv: y, buurt, leeftijd, geslacht, inkomen, zorg -> per nAGQ in (1, 9)
#    glmer(y ~ leeftijd + geslacht + inkomen + zorg + (1 | buurt), binomial), reference
#    levels 18-44, man, 1; fixed effects, the SD of the buurt effect, the conditional modes.
#  - population.csv: buurt, leeftijd, geslacht, inkomen, zorg -> the predicted buurt
#    prevalences: the mean over each buurt's residents of plogis(X beta + ranef)
#    (a buurt without respondents gets ranef 0).
# Output: long CSV analysis,key,stat,value (17 significant digits).
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
rows <- list()
add <- function(analysis, key, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    analysis = analysis, key = as.character(key), stat = stat,
    value = sprintf("%.17g", as.numeric(value)), stringsAsFactors = FALSE)
}
prep <- function(d) {
  d$leeftijd <- relevel(factor(d$leeftijd), ref = "18-44")
  d$geslacht <- relevel(factor(d$geslacht), ref = "man")
  d$inkomen <- relevel(factor(d$inkomen), ref = "1")
  d$zorg <- as.numeric(d$zorg)
  d
}
r <- prep(read.csv(args[1], colClasses = "character"))
r$y <- as.numeric(r$y)
pop <- read.csv(args[2], colClasses = "character")
pop <- prep(pop)
pop$leeftijd <- factor(pop$leeftijd, levels = levels(r$leeftijd))
pop$geslacht <- factor(pop$geslacht, levels = levels(r$geslacht))
pop$inkomen <- factor(pop$inkomen, levels = levels(r$inkomen))
for (k in c(1, 9)) {
  fit <- glmer(y ~ leeftijd + geslacht + inkomen + zorg + (1 | buurt), data = r,
               family = binomial, nAGQ = k,
               control = glmerControl(optimizer = "bobyqa",
                                      optCtrl = list(maxfun = 1e5)))
  a <- paste0("nagq", k)
  fe <- fixef(fit)
  for (nm in names(fe)) add(a, nm, "beta", fe[[nm]])
  add(a, "buurt", "sigma", attr(VarCorr(fit)$buurt, "stddev"))
  add(a, "fit", "loglik", logLik(fit))
  re <- ranef(fit)$buurt
  for (b in rownames(re)) add(a, b, "u", re[b, 1])
  X <- model.matrix(~ leeftijd + geslacht + inkomen + zorg, data = pop)
  u <- setNames(rep(0, length(unique(pop$buurt))), sort(unique(pop$buurt)))
  u[rownames(re)] <- re[, 1]
  p <- plogis(drop(X %*% fe) + u[pop$buurt])
  prev <- tapply(p, pop$buurt, mean)
  for (b in names(prev)) add(a, b, "prevalence", prev[[b]])
}
write.csv(do.call(rbind, rows), args[3], row.names = FALSE, quote = FALSE)
