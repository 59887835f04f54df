# Reference values for the design options of om_design_estimate (tests/test-estimate.c,
# design_option_refs) from R survey: every combination of fpc, survey.lonely.psu, df and
# svyciprop method over designs with census strata, single-respondent strata, strata at
# 0% and 100%, and an unknown population.
#
#   Rscript tests/reference/design_options_reference.R > design_options_reference.out
#
# Prints C initialisers; the call that made each row is written in the comment above its
# design. Nothing here is read at test time.
suppressMessages(library(survey))
options(digits = 17)
g <- function(v) if (is.infinite(v)) "INFINITY" else if (is.na(v)) "NAN" else formatC(v, digits = 17, format = "g")

expand <- function(N, n, x) {
  do.call(rbind, lapply(seq_along(n), function(h)
    data.frame(s = h, N = N[h], w = N[h] / n[h], y = c(rep(1, x[h]), rep(0, n[h] - x[h])))))
}

make_design <- function(N, n, x, fpc) {
  d <- expand(N, n, x)
  if (any(is.na(N)))
    return(svydesign(ids = ~1, data = d, weights = rep(1, nrow(d))))
  if (fpc) svydesign(ids = ~1, strata = ~s, fpc = ~N, data = d)
  else svydesign(ids = ~1, strata = ~s, weights = ~w, data = d)
}

methods <- c("logit", "beta", "mean", "xlogit", "asin", "likelihood")
METHOD <- c(logit = "LOGIT", beta = "BETA", mean = "MEAN", xlogit = "XLOGIT", asin = "ASIN",
            likelihood = "LIKELIHOOD")
LONELY <- c(adjust = "ADJUST", remove = "REMOVE", average = "AVERAGE", certainty = "CERTAINTY")

# svyciprop(method = "likelihood") interpolates a spline through R's profile steps, and its
# scale cov.unscaled / naive.cov carries glm's convergence noise (naive.cov is evaluated at
# the IRLS step before the last): together up to ~2e-6 off the root it aims at. Printed
# below is that root solved exactly: R's binomial deviance on svyglm's prior weights,
# dispersion n/(n-1) (summary.svyglm's svyvar of the Pearson residuals, exactly) and
# lambda = vcov(svymean) n / (p(1-p)) at the svymean estimate, with svyciprop's spline
# values in a comment.
likelihood_exact <- function(des, lv, df) {
  m <- svyglm(y ~ 1, des, family = quasibinomial)
  mm <- svymean(~y, des)
  p <- as.numeric(coef(mm)); n <- length(m$y)
  disp <- n / (n - 1)
  lambda <- as.numeric(vcov(mm)) * n / (p * (1 - p))
  crit <- if (is.infinite(df)) qnorm(1 - (1 - lv) / 2) else qt(1 - (1 - lv) / 2, df)
  dev <- function(b) sum(binomial()$dev.resids(m$y, rep(plogis(b), n), m$prior.weights))
  b0 <- qlogis(p)
  f <- function(b) (dev(b) - dev(b0)) / disp - crit^2 * lambda
  plogis(c(uniroot(f, c(b0 - 20, b0), tol = 1e-15)$root, uniroot(f, c(b0, b0 + 20), tol = 1e-15)$root))
}

option_case <- function(label, N, n, x, lonely = "adjust", levels = 0.95) {
  resp <- any(is.na(N))
  for (fpc in if (resp) TRUE else c(TRUE, FALSE)) {
    des <- make_design(N, n, x, fpc)
    for (lp in lonely) {
      options(survey.lonely.psu = lp)
      m <- svymean(~y, des, deff = if (resp) "replace" else TRUE)
      cat(sprintf("  /* %s: %s, survey.lonely.psu = \"%s\"; svymean(~y, d, deff = %s);\n     svyciprop(~y, d, method, level, df = degf(d) = %d or Inf) */\n",
                  label, if (resp) "svydesign(ids = ~1, data, weights = 1)"
                         else if (fpc) "svydesign(ids = ~1, strata = ~s, fpc = ~N, data)"
                         else "svydesign(ids = ~1, strata = ~s, weights = ~N/n, data)",
                  lp, if (resp) '"replace"' else "TRUE", degf(des)))
      for (lv in levels) for (df in c(degf(des), Inf)) for (meth in methods) {
        ci <- attr(svyciprop(~y, des, method = meth, level = lv, df = df), "ci")
        if (meth == "likelihood") {
          cat(sprintf("  /* svyciprop spline: %s, %s; below: the exact profile root */\n", g(ci[1]), g(ci[2])))
          ci <- likelihood_exact(des, lv, df)
        }
        dfo <- if (meth == "beta") degf(des) else df
        cat(sprintf("  {%s, %s, OM_LONELY_%s, OM_DF_%s, OM_CI_%s, %.2f, %s, %s, %s, %s, %s, %s},\n",
                    label, if (fpc) "TRUE" else "FALSE", LONELY[lp],
                    if (is.infinite(df)) "INF" else "DESIGN", METHOD[meth], lv,
                    g(coef(m)), g(SE(m)), g(deff(m)), g(dfo), g(ci[1]), g(ci[2])))
      }
    }
  }
}

all_lonely <- c("adjust", "remove", "average", "certainty")
cat("/* R survey", as.character(packageVersion("survey")), "*/\n")
option_case("OPT_BRIEF", c(25, 40, 18), c(20, 31, 18), c(17, 28, 16), levels = c(0.90, 0.95))
option_case("OPT_LONELY", c(30, 40, 55), c(1, 12, 20), c(1, 9, 15), all_lonely)
option_case("OPT_LONELY2", c(30, 1, 40, 55, 12), c(1, 1, 12, 20, 12), c(0, 1, 9, 15, 12), all_lonely)
option_case("OPT_EDGES", c(50, 80, 40), c(10, 15, 20), c(0, 15, 11))
option_case("OPT_SRS", c(200), c(83), c(75))
option_case("OPT_RESP", c(NA, 40), c(20, 31), c(17, 28))

# lonely = "fail" refuses a single-respondent stratum, but not a census of one
options(survey.lonely.psu = "fail")
des <- make_design(c(30, 40, 55), c(1, 12, 20), c(1, 9, 15), TRUE)
stopifnot(inherits(try(svymean(~y, des), silent = TRUE), "try-error"))
des <- make_design(c(1, 40, 55), c(1, 12, 20), c(1, 9, 15), TRUE)
cat(sprintf("  /* fail, census of one: svymean se = %s */\n", g(SE(svymean(~y, des)))))
