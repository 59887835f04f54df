# Reference values for tests/test-estimate.c from R (survey 4.1, stats glm/t.test/binom.test).
#
#   Rscript tests/reference/survey_reference.R
#
# Prints C initialisers pasted into tests/test-estimate.c, each with the call that made it.
# Nothing here is read at test time.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust", digits = 17)

g <- function(v) formatC(v, digits = 17, format = "g")

# One row per respondent: stratum, its population N (NA: unknown), satisfied 0/1.
expand <- function(N, n, x) {
  do.call(rbind, lapply(seq_along(n), function(h)
    data.frame(s = h, N = N[h], y = c(rep(1, x[h]), rep(0, n[h] - x[h])))))
}

design_case <- function(label, N, n, x, levels = c(0.90, 0.95, 0.99)) {
  d <- expand(N, n, x)
  if (any(is.na(N))) {
    # respondent weighting: the pooled share as one SRS without fpc
    des <- svydesign(ids = ~1, data = d, weights = rep(1, nrow(d)))
    m <- svymean(~y, des, deff = "replace")
  } else {
    des <- svydesign(ids = ~1, strata = ~s, fpc = ~N, data = d)
    m <- svymean(~y, des, deff = TRUE)
  }
  cat(sprintf("  /* %s: svymean(~y, d, deff = %s); svyciprop(~y, d, method, level), df = degf(d) = %d */\n",
              label, if (any(is.na(N))) '"replace"' else "TRUE", degf(des)))
  for (lv in levels) {
    # "xlogit" (delta method, closed form) is printed for LOGIT; "logit" (svyglm, IRLS to
    # glm's 1e-8) must agree with it to 1e-7.
    for (meth in c("xlogit", "beta")) {
      ci <- attr(svyciprop(~y, des, method = meth, level = lv), "ci")
      cat(sprintf("  {%s, %.2f, OM_CI_%s, %s, %s, %s, %d, %s, %s}, /* %s */\n", label, lv,
                  if (meth == "beta") "BETA" else "LOGIT",
                  g(coef(m)), g(SE(m)), g(deff(m)), degf(des), g(ci[1]), g(ci[2]), meth))
    }
    cx <- attr(svyciprop(~y, des, method = "xlogit", level = lv), "ci")
    cl <- attr(svyciprop(~y, des, method = "logit", level = lv), "ci")
    stopifnot(max(abs(cx - cl)) < 1e-7)
  }
}

cat("/* design-based: R survey", as.character(packageVersion("survey")),
    "svydesign(ids = ~1, strata = ~s, fpc = ~N), survey.lonely.psu = \"adjust\" */\n")
design_case("BRIEF", c(25, 40, 18), c(20, 31, 18), c(17, 28, 16))
design_case("LONELY", c(30, 40, 55), c(1, 12, 20), c(1, 9, 15))
design_case("LONELY0", c(30, 40, 55), c(1, 12, 20), c(0, 9, 15))
design_case("CENSUS1", c(20, 60, 35), c(20, 15, 10), c(18, 11, 9))
design_case("SRS", c(200), c(83), c(75))
design_case("LARGE", c(1e6, 2e6, 5e5), c(5000, 8000, 1200), c(4400, 7000, 1100))
design_case("NEAR1", c(300, 500), c(40, 60), c(40, 59))
design_case("RESP", c(NA, 40), c(20, 31), c(17, 28))
design_case("BIG", c(4e6, 3e6), c(600000, 400000), c(540000, 330000), levels = 0.95)

# Korn-Graubard at p = 0 or 1 has n.eff = 0/0 in R; the rule n.eff = n (Korn & Graubard 1998)
# is computed here by hand with the same df adjustment as svyciprop(method = "beta").
kg_boundary <- function(label, n, df, p, lv) {
  a <- 1 - lv
  ne <- n * (qt(a / 2, n - 1) / qt(a / 2, df))^2
  lo <- if (p == 0) 0 else qbeta(a / 2, ne * p, ne * (1 - p) + 1)
  hi <- if (p == 1) 1 else qbeta(1 - a / 2, ne * p + 1, ne * (1 - p))
  cat(sprintf("  {%s, %.2f, %s, %s}, /* n.eff = %d (qt(a/2, %d)/qt(a/2, %d))^2 */\n", label, lv, g(lo), g(hi), n, n - 1, df))
}
cat("/* Korn-Graubard with n.eff = n: qbeta(a/2, ne p, ne (1-p) + 1), qbeta(1 - a/2, ne p + 1, ne (1-p)) */\n")
kg_boundary("ALL1", 22, 20, 1, 0.95)       # strata (25,10,10), (30,12,12)
kg_boundary("ALL0", 22, 20, 0, 0.95)       # strata (25,10,0), (30,12,0)
kg_boundary("ALL1_90", 22, 20, 1, 0.90)
kg_boundary("REG9OF10", 9, 8, 1, 0.95)     # register: 9 of 10 institutions, all yes
p_unan <- (50 * 1 + 50 * 0) / 100
kg_boundary("UNANIMOUS", 20, 18, p_unan, 0.95)  # strata (50,10,10), (50,10,0)

cat("\n/* R glm(cbind(x, n - x) ~ year, binomial, control = glm.control(epsilon = 1e-14)) and\n",
    "   predict(fit, data.frame(year = y), type = 'link', se.fit = TRUE), plogis(fit +- qnorm(1-a/2) se) */\n", sep = "")
trend_case <- function(label, year, x, n, proj, lv = 0.95) {
  fit <- glm(cbind(x, n - x) ~ year, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  fd <- glm(cbind(x, n - x) ~ year, family = binomial)  # R defaults, for the record
  yc <- mean(year)
  fc <- glm(cbind(x, n - x) ~ I(year - yc), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  V <- vcov(fc)
  pr <- predict(fit, data.frame(year = proj), type = "link", se.fit = TRUE)
  z <- qnorm(1 - (1 - lv) / 2)
  cat(sprintf("  /* %s: default glm slope %s se %s */\n", label, g(coef(fd)[2]), g(sqrt(vcov(fd)[2, 2]))))
  cat(sprintf("  {%s, %s, %s, %s, %s, %s, %s, %s, %.2f, %s, %s, %s},\n", label,
              g(coef(fc)[1]), g(coef(fc)[2]), g(sqrt(V[1, 1])), g(sqrt(V[2, 2])), g(V[1, 2]),
              g(deviance(fit)), g(proj), lv, g(plogis(pr$fit)), g(plogis(pr$fit - z * pr$se.fit)),
              g(plogis(pr$fit + z * pr$se.fit))))
}
trend_case("BRIEF2", c(2015, 2017), c(48, 57), c(60, 64), 2027)
trend_case("THREE", c(2015, 2017, 2019), c(48, 57, 61), c(60, 64, 70), 2027)
trend_case("FOUR", c(2015, 2017, 2019, 2021), c(410, 455, 470, 502), c(520, 540, 530, 550), 2030, 0.90)
trend_case("FALLING", c(2016, 2018, 2020, 2022), c(90, 80, 81, 70), c(100, 100, 100, 100), 2026)
trend_case("QUASI_OK", c(2015, 2017, 2019), c(48, 64, 69), c(60, 64, 70), 2025)
trend_case("HUGE", c(2015, 2017, 2019, 2021), c(8500000, 8600000, 8650000, 8800000), rep(1e7, 4), 2030)

cat("\n/* R t.test(rep(values, counts), conf.level = level)$conf.int, mean, sd */\n")
mean_case <- function(label, v, cnt, lv) {
  d <- rep(v, cnt)
  tt <- t.test(d, conf.level = lv)
  cat(sprintf("  {%s, %.2f, %s, %s, %s, %s},\n", label, lv, g(mean(d)), g(sd(d)), g(tt$conf.int[1]), g(tt$conf.int[2])))
}
mean_case("M4", 1:4, c(3, 10, 25, 12), 0.95)
mean_case("M4_99", 1:4, c(3, 10, 25, 12), 0.99)
mean_case("M5", 1:5, c(0, 2, 1, 0, 3), 0.90)
mean_case("M2", c(1, 4), c(1, 1), 0.95)
mean_case("M10", 1:10, c(1, 2, 3, 5, 8, 13, 21, 34, 55, 89), 0.95)

cat("\n/* R binom.test(x, n, p0, alternative = 'greater')$p.value */\n")
bt <- function(x, n, p0) cat(sprintf("  {%d, %d, %s, %s},\n", x, n, g(p0), g(binom.test(x, n, p0, alternative = "greater")$p.value)))
bt(47, 52, 0.8); bt(52, 52, 0.9); bt(1, 1, 0.5); bt(0, 10, 0.3); bt(10, 10, 0.999)
bt(9050000, 10000000, 0.905); bt(171, 200, 0.9); bt(3, 1000, 0.001)

cat("\n/* R qt(p, df) */\n")
for (df in c(1, 2, 3, 30, 66, 1000, 1e7)) for (p in c(0.95, 0.975, 0.995))
  cat(sprintf("  {%s, %s, %s},\n", g(p), g(df), g(qt(p, df))))

cat("\n/* R qbeta(p, a, b, lower.tail) — including parameters where GSL 2.7's gsl_cdf_beta_Pinv hangs */\n")
qb <- function(p, a, b, lower) cat(sprintf("  {%s, %s, %s, %s, %s},\n", g(p), g(a), g(b), if (lower) "FALSE" else "TRUE", g(qbeta(p, a, b, lower.tail = lower))))
qb(0.025, 47, 6, TRUE); qb(0.025, 48, 5, FALSE); qb(0.025, 0.5, 13.5, TRUE)
qb(0.025, 5e6, 5e6 + 1, TRUE); qb(0.025, 5e6 + 1, 5e6, FALSE)
qb(0.025, 9e6, 1e6 + 1, TRUE); qb(0.025, 9e6 + 1, 1e6, FALSE)
qb(0.005, 1, 1e7, FALSE); qb(0.5, 0.5, 1e7 + 0.5, TRUE); qb(1e-10, 2, 3, TRUE); qb(1e-10, 2, 3, FALSE)
qb(0.3, 2e-3, 10, TRUE); qb(0.975, 1234567.5, 8765433.5, TRUE)

cat("\n/* R's onestrat treats a sampling fraction within 1e-7 of 1 as a census: svymean(~y) SE with\n   N_1 = 20.000001 (f = 5e-8, no variance) and N_1 = 20.00001 (f = 5e-7, a little) */\n")
for (N1 in c(20.000001, 20.00001)) {
  d <- expand(c(N1, 60), c(20, 15), c(18, 11))
  m <- svymean(~y, svydesign(ids = ~1, strata = ~s, fpc = ~N, data = d))
  cat(sprintf("  {%s, %s, %s},\n", g(N1), g(coef(m)), g(SE(m))))
}
