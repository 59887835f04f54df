# Reference values for the one-sided exact tests (om_proportion_test in test-estimate.c,
# ci --threshold in test-stats-cli.c): binomial and, for a finite population N, the
# hypergeometric tail at the boundary of H0 (K = floor(p0 N) for "greater", ceiling for
# "less").
#   Rscript tests/reference/tests_reference.R
options(digits = 17)
cat("binom.test(47, 52, 0.8, 'greater'):", binom.test(47, 52, 0.8, alternative = "greater")$p.value, "\n")
cat("binom.test(47, 52, 0.8, 'less'):", binom.test(47, 52, 0.8, alternative = "less")$p.value, "\n")
cat("binom.test(47, 52, 0.9, 'greater'):", binom.test(47, 52, 0.9, alternative = "greater")$p.value, "\n")
cat("phyper(46, 48, 12, 52, lower.tail = FALSE):", phyper(46, 48, 12, 52, lower.tail = FALSE), "\n")
cat("phyper(47, 48, 12, 52):", phyper(47, 48, 12, 52), "\n")
cat("phyper(169, 900, 100, 200, lower.tail = FALSE):", phyper(169, 900, 100, 200, lower.tail = FALSE), "\n")
cat("phyper(160, 850, 150, 200):", phyper(160, 850, 150, 200), "\n")
cat("phyper(189, 299, 34, 200, lower.tail = FALSE):", phyper(189, 299, 34, 200, lower.tail = FALSE), "\n")
