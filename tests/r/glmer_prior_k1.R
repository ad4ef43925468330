# Reference values for tests/unit/test_small_area_prior_r_k1.py: the posterior mode of a
# random-intercept logistic model with independent normal priors on the fixed effects, as
# blme's bglmer(fixef.prior = normal(sd = ...), cov.prior = NULL) defines it, computed
# from lme4 alone: glmer's own deviance function (devFunOnly = TRUE, adaptive
# Gauss-Hermite with nAGQ points; its argument is c(theta, beta), theta = sigma) plus the
# prior's -2 log density sum(beta^2 / sd^2), minimised by minqa's bobyqa (lme4's
# optimiser) from glmer's start, theta >= 0. blme itself is not needed.
# Usage: Rscript glmer_prior_k1.R respondents.csv sd.csv nAGQ out.csv
#  - respondents.csv: y, buurt, leeftijd, zorg (reference level of leeftijd: 18-44)
#  - sd.csv: one column sd, the prior SD of each fixed effect in model.matrix order
# Output: long CSV key,stat,value (17 significant digits): beta per term, sigma, the
# conditional modes u per buurt, and the maximum likelihood fit's beta (stat beta_ml).
suppressPackageStartupMessages({library(lme4); library(minqa)})
args <- commandArgs(trailingOnly = TRUE)
r <- read.csv(args[1], colClasses = "character")
r$y <- as.numeric(r$y)
r$zorg <- as.numeric(r$zorg)
r$leeftijd <- relevel(factor(r$leeftijd), ref = "18-44")
sd <- as.numeric(read.csv(args[2])$sd)
k <- as.integer(args[3])
form <- y ~ leeftijd + zorg + (1 | buurt)
ml <- glmer(form, data = r, family = binomial, nAGQ = k,
            control = glmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
dev <- glmer(form, data = r, family = binomial, nAGQ = k, devFunOnly = TRUE)
p <- length(sd)
objective <- function(par) dev(par) + sum(par[-1]^2 / sd^2)
start <- c(max(getME(ml, "theta"), 0.1), pmin(pmax(fixef(ml), -5), 5))
opt <- bobyqa(start, objective, lower = c(0, rep(-Inf, p)),
              control = list(maxfun = 1e5, rhoend = 1e-10))
invisible(dev(opt$par))  # leaves the conditional modes of the optimum in the deviance function's state
b <- environment(dev)$pp$b(1)
buurten <- levels(factor(r$buurt))
rows <- rbind(
  data.frame(key = colnames(model.matrix(~ leeftijd + zorg, r)), stat = "beta",
             value = opt$par[-1]),
  data.frame(key = "buurt", stat = "sigma", value = opt$par[1]),
  data.frame(key = buurten, stat = "u", value = as.numeric(b)),
  data.frame(key = names(fixef(ml)), stat = "beta_ml", value = fixef(ml))
)
rows$value <- sprintf("%.17g", rows$value)
write.csv(rows, args[4], row.names = FALSE, quote = FALSE)
