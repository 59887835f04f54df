# Reference values for om_trend_fit_design (tests/test-estimate.c, trend_design_refs): the
# logistic trend on a stratified design, strata = wave x institution, as R survey 4.1
#   svyglm(y ~ t, d, family = quasibinomial(),
#          control = glm.control(epsilon = 1e-14, maxit = 100))
# with t = jaar - yc (glm's default 1e-8 leaves the covariance ~1e-5 off: R evaluates it at the IRLS step
# before the last), yc the mean year over the strata with answers, and the projection
# predict(fit, data.frame(t = 2016 - yc), type = "link", se.fit = TRUE) with
# plogis(eta +- qnorm(0.975) se).
#   Rscript tests/reference/trend_design_reference.R
suppressMessages(library(survey))
options(digits = 17)
g <- function(v) formatC(v, digits = 17, format = "g")

# one row per stratum: jaar, institution, N, n, x
expand <- function(s) do.call(rbind, lapply(seq_len(nrow(s)), function(i)
  data.frame(jaar = s$jaar[i], st = paste(s$jaar[i], s$inst[i]), N = s$N[i], w = s$N[i] / s$n[i],
             y = c(rep(1, s$x[i]), rep(0, s$n[i] - s$x[i])))))

basic <- data.frame(jaar = rep(c(2013, 2014, 2015), each = 3), inst = rep(c("A", "B", "C"), 3),
                    N = rep(c(40, 120, 25), 3),
                    n = c(20, 50, 10, 22, 45, 12, 18, 60, 25),
                    x = c(15, 40, 7, 18, 39, 10, 16, 50, 22))
lonely <- basic
lonely$n[6] <- 1; lonely$x[6] <- 1

trend_case <- function(label, s, fpc, lp) {
  options(survey.lonely.psu = lp)
  d <- expand(s)
  yc <- mean(s$jaar[s$n > 0])
  d$t <- d$jaar - yc
  des <- if (fpc) svydesign(ids = ~1, strata = ~st, fpc = ~N, data = d)
         else svydesign(ids = ~1, strata = ~st, weights = ~w, data = d)
  fit <- svyglm(y ~ t, des, family = quasibinomial(),
                control = glm.control(epsilon = 1e-14, maxit = 100))
  v <- vcov(fit)
  pr <- predict(fit, data.frame(t = 2016 - yc), type = "link", se.fit = TRUE)
  eta <- as.numeric(pr); se <- as.numeric(SE(pr))
  cat(sprintf("  /* %s: svydesign(ids = ~1, strata = ~st, %s), survey.lonely.psu = \"%s\" */\n",
              label, if (fpc) "fpc = ~N" else "weights = ~N/n", lp))
  cat(sprintf("  {%s, %s, OM_LONELY_%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", label,
              if (fpc) "TRUE" else "FALSE", toupper(lp), g(yc), g(coef(fit)[1]), g(coef(fit)[2]),
              g(sqrt(v[1, 1])), g(sqrt(v[2, 2])), g(v[1, 2]), g(deviance(fit)),
              g(plogis(eta)), g(plogis(eta - qnorm(0.975) * se)), g(plogis(eta + qnorm(0.975) * se))))
}
cat("/* R survey", as.character(packageVersion("survey")), "*/\n")
for (fpc in c(TRUE, FALSE)) trend_case("TD_BASIC", basic, fpc, "adjust")
for (fpc in c(TRUE, FALSE)) for (lp in c("adjust", "remove", "average", "certainty"))
  trend_case("TD_LONELY", lonely, fpc, lp)
