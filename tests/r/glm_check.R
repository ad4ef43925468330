# Reference values from R's glm for tests/unit/test_stats_r.py.
# Usage: Rscript glm_check.R persons.csv series.csv out.csv
#  - persons.csv: y, herkomst, leeftijd, geslacht, inkomen -> logistic regression with
#    reference levels Nederland, 18-29, man, 1 (measures.md rule 18); Wald intervals
#    as confint.default.
#  - series.csv: series, year, x, n, est, se -> per series glm(cbind(x, n - x) ~ year,
#    binomial), prop.trend.test(x, n, score = year) and lm(est ~ year, weights = 1/se^2).
# Output: long CSV analysis,key,stat,value (17 significant digits).
args <- commandArgs(trailingOnly = TRUE)
rows <- list()
add <- function(analysis, key, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    analysis = analysis, key = as.character(key), stat = stat,
    value = sprintf("%.17g", as.numeric(value)), stringsAsFactors = FALSE)
}
tight <- glm.control(epsilon = 1e-14, maxit = 100)
# glm.fit reports standard errors from the weights of its last iteration, i.e. at the
# estimate BEFORE the final Newton step; its deviance criterion can stop while that
# step is still ~1e-7. Refitting from the converged coefficients (start = coef(fit))
# evaluates the information matrix at the maximum likelihood estimate itself.
fit_glm <- function(formula, data) {
  fit <- glm(formula, family = binomial, data = data, control = tight)
  glm(formula, family = binomial, data = data, control = tight, start = coef(fit))
}

p <- read.csv(args[1], stringsAsFactors = FALSE, colClasses = "character")
p$y <- as.numeric(p$y)
refs <- c(herkomst = "Nederland", leeftijd = "18-29", geslacht = "man", inkomen = "1")
for (f in names(refs)) p[[f]] <- relevel(factor(p[[f]]), ref = refs[[f]])
fit <- fit_glm(y ~ herkomst + leeftijd + geslacht + inkomen, p)
cf <- coef(summary(fit))
ci <- confint.default(fit)
for (f in names(refs)) {
  for (lev in setdiff(levels(p[[f]]), refs[[f]])) {
    term <- paste0(f, lev)
    key <- paste(f, lev, sep = "|")
    add("or", key, "log_odds_ratio", cf[term, "Estimate"])
    add("or", key, "se", cf[term, "Std. Error"])
    add("or", key, "p_value", cf[term, "Pr(>|z|)"])
    add("or", key, "ci_lower", exp(ci[term, 1]))
    add("or", key, "ci_upper", exp(ci[term, 2]))
  }
}

s <- read.csv(args[2], stringsAsFactors = FALSE, colClasses = c(series = "character"))
for (k in sort(unique(s$series))) {
  d <- s[s$series == k, ]
  g <- fit_glm(cbind(x, n - x) ~ year, d)
  cg <- coef(summary(g))
  add("trend_counts", k, "log_or_per_year", cg["year", "Estimate"])
  add("trend_counts", k, "se", cg["year", "Std. Error"])
  add("trend_counts", k, "p_value", cg["year", "Pr(>|z|)"])
  cig <- confint.default(g)
  add("trend_counts", k, "ci_lower", exp(cig["year", 1]))
  add("trend_counts", k, "ci_upper", exp(cig["year", 2]))
  pt <- suppressWarnings(prop.trend.test(d$x, d$n, score = d$year))
  add("trend_counts", k, "chisq_trend", pt$statistic)
  add("trend_counts", k, "p_trend", pt$p.value)
  l <- summary(lm(est ~ year, weights = 1 / se^2, data = d))
  add("trend_estimates", k, "slope", l$coefficients["year", "Estimate"])
  add("trend_estimates", k, "se_estimated", l$coefficients["year", "Std. Error"])
  add("trend_estimates", k, "p_estimated", l$coefficients["year", "Pr(>|t|)"])
  # Known variances: lm's SE divided by its residual standard error sigma.
  add("trend_estimates", k, "se_known", l$coefficients["year", "Std. Error"] / l$sigma)
}

write.csv(do.call(rbind, rows), args[3], row.names = FALSE)
