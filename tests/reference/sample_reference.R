# Reference values for tests/test-stats-cli.c: the 'relatie' indicator on sample-data/,
# computed from the raw survey exports with R's survey package, independently of the
# oudermonitor importer and engine.
#
#   Rscript tests/reference/sample_reference.R > tests/reference/sample_reference.out
#
# (run from the top of the repository). Prints C initialisers pasted into
# tests/test-stats-cli.c, each with the call that made it. Nothing here is read at test time.
#
# The indicator 'relatie' (surveys/ouders.ini) is item a_alg on scale tevreden5: valid =
# 1..5, satisfied = 4 or 5, 9 = "Weet niet / n.v.t." (counted, not valid), empty = blank.
# The design is the one README.md promises: each institution a simple random sample of its
# parents (fpc = populatie from sample-data/register.csv), sectors and the municipality
# stratified by institution:
#   svydesign(ids = ~1, strata = ~instelling, fpc = ~populatie, data = valid answers)
#   svymean(~y, d); svyciprop(~y, d, method = "logit", level = 0.95); degf(d)
# Only respondents with a valid answer enter the design: the engine's n_h per stratum is
# the number of valid answers. zorg-welzijn institutions (no populatie) have no parents'
# respondents, so they never enter the parents' strata.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust", digits = 17)

g <- function(v) formatC(v, digits = 17, format = "g")

reg <- read.csv("sample-data/register.csv", encoding = "UTF-8", colClasses = "character",
                na.strings = NULL)
reg$populatie <- as.numeric(ifelse(reg$populatie == "", NA, reg$populatie))

labels <- c("Zeer ontevreden" = 1, "Ontevreden" = 2, "Neutraal" = 3, "Tevreden" = 4,
            "Zeer tevreden" = 5, "Weet niet / n.v.t." = 9)

# One wave's a_alg as codes (NA = blank), whatever the file's encoding, delimiter or labels.
read_wave <- function(file, sep = ",", enc = "UTF-8") {
  d <- read.csv(file, sep = sep, fileEncoding = enc, colClasses = "character",
                na.strings = NULL, check.names = FALSE)
  a <- trimws(d$a_alg)
  code <- ifelse(a == "", NA,
                 ifelse(a %in% names(labels), labels[a], suppressWarnings(as.numeric(a))))
  stopifnot(all(is.na(code) | code %in% c(1:5, 9)))
  data.frame(instelling = d$instelling, code = as.numeric(code), stringsAsFactors = FALSE)
}

waves <- list(
  "2013" = read_wave("sample-data/ouders-2013.csv"),
  "2014" = read_wave("sample-data/ouders-2014.csv", sep = ";", enc = "WINDOWS-1252"),
  "2015" = read_wave("sample-data/ouders-2015.csv", enc = "UTF-8-BOM"),
  "2016" = read_wave("sample-data/ouders-2016.csv"))

# Valid answers with y = satisfied, joined to the register.
valid_of <- function(year) {
  w <- waves[[year]]
  v <- w[!is.na(w$code) & w$code <= 5, ]
  v$y <- as.numeric(v$code >= 4)
  m <- merge(v, reg[, c("instelling", "sector", "populatie")], by = "instelling")
  stopifnot(nrow(m) == nrow(v), !any(is.na(m$populatie)))
  m
}

report <- function(label, year, d) {
  des <- svydesign(ids = ~1, strata = ~instelling, fpc = ~populatie, data = d)
  m <- svymean(~y, des)
  ci <- attr(svyciprop(~y, des, method = "logit", level = 0.95), "ci")
  cx <- attr(svyciprop(~y, des, method = "xlogit", level = 0.95), "ci")
  stopifnot(max(abs(ci - cx)) < 1e-7)
  w <- waves[[year]]
  ids <- unique(d$instelling)
  dk <- sum(w$instelling %in% ids & !is.na(w$code) & w$code == 9)
  cat(sprintf(paste0("  /* %s %s: svydesign(ids = ~1, strata = ~instelling, fpc = ~populatie);",
                     " svymean; svyciprop(method = \"logit\"); df = degf(d) = %d, se = %s */\n"),
              label, year, degf(des), g(SE(m))))
  cat(sprintf("  {\"%s\", %s, %d, %d, %d, %s, %s, %s},\n", label, year, nrow(d), sum(d$y), dk,
              g(coef(m)), g(ci[1]), g(ci[2])))
}

cat("/* R survey", as.character(packageVersion("survey")), "on", R.version.string,
    "; survey.lonely.psu = \"adjust\" */\n")
cat("/* {id, year, n, satisfied, dont_know, share, lower, upper} */\n")
for (year in c("2016", "2014")) {
  d <- valid_of(year)
  report("gemeente", year, d)
  if (year == "2016")
    for (s in c("voorschool", "po", "vo", "mbo"))
      report(s, year, d[d$sector == s, ])
}
# One institution with a finite-population correction (one stratum, df = n - 1), and the
# near-census of Basisschool Onder de Linde in 2015.
report("49JD00", "2016", { d <- valid_of("2016"); d[d$instelling == "49JD00", ] })
report("49JD00", "2015", { d <- valid_of("2015"); d[d$instelling == "49JD00", ] })
report("97GP00", "2016", { d <- valid_of("2016"); d[d$instelling == "97GP00", ] })

# The design-based trend behind `targets --year 2014`: the waves 2013 and 2014 as one
# design with strata = wave x institution, svyglm(y ~ t, quasibinomial) with t the year
# minus the mean year over the strata, projected to the deadline 2016 on the link scale.
trend_report <- function(label, keep) {
  d <- do.call(rbind, lapply(c("2013", "2014"), function(year) {
    v <- valid_of(year)
    v <- v[keep(v), ]
    v$jaar <- as.numeric(year)
    v
  }))
  d$st <- paste(d$jaar, d$instelling)
  rows <- unique(d[, c("st", "jaar")])
  yc <- mean(rows$jaar)
  d$t <- d$jaar - yc
  des <- svydesign(ids = ~1, strata = ~st, fpc = ~populatie, data = d)
  fit <- svyglm(y ~ t, des, family = quasibinomial(),
                control = glm.control(epsilon = 1e-14, maxit = 100))
  pr <- predict(fit, data.frame(t = 2016 - yc), type = "link", se.fit = TRUE)
  eta <- as.numeric(pr); se <- as.numeric(SE(pr))
  cat(sprintf(paste0("  /* %s relatie, waves 2013-2014 projected to 2016: svyglm(y ~ t, ",
                     "svydesign(ids = ~1, strata = ~paste(jaar, instelling), fpc = ~populatie), ",
                     "quasibinomial), t = jaar - %s; predict(se.fit), plogis(eta +- qnorm(0.975) se) */\n"),
              label, g(yc)))
  cat(sprintf("  {\"%s\", %s, %s, %s},\n", label, g(plogis(eta)),
              g(plogis(eta - qnorm(0.975) * se)), g(plogis(eta + qnorm(0.975) * se))))
}
cat("/* {id, projection, lower, upper} */\n")
trend_report("gemeente", function(v) rep(TRUE, nrow(v)))
trend_report("po", function(v) v$sector == "po")
