#!/usr/bin/python3
"""Reference values for tests/test-estimate.c from statsmodels and scipy.

Run with Debian's interpreter (python3-statsmodels 0.13.5, python3-scipy 1.10.1):
    /usr/bin/python3 tests/reference/statsmodels_reference.py
It prints C initialisers that are pasted into tests/test-estimate.c; every row names the
call that produced it. Nothing here is read at test time.
"""
import warnings

import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import (confint_proportions_2indep, proportion_confint,
                                          proportions_ztest)

warnings.simplefilter("ignore")

METHODS = [("OM_CI_WILSON", "wilson"), ("OM_CI_EXACT", "beta"), ("OM_CI_JEFFREYS", "jeffreys"),
           ("OM_CI_AGRESTI_COULL", "agresti_coull"), ("OM_CI_WALD", "normal")]

CASES = [(47, 52), (0, 13), (13, 13), (0, 1), (1, 1), (1, 2), (5, 10), (3, 7), (171, 200),
         (1234567, 10000000), (0, 10000000), (10000000, 10000000), (3, 10000000),
         (9999990, 10000000), (5000000, 10000000)]
LEVELS = [0.90, 0.95, 0.99]


def g(v):
    return repr(float(v))


print("/* statsmodels %s proportion_confint(x, n, alpha = 1 - level, method) */" %
      statsmodels.__version__)
for x, n in CASES:
    for level in LEVELS:
        for cname, sm in METHODS:
            lo, hi = proportion_confint(x, n, alpha=1 - level, method=sm)
            print("  {%d, %d, %.2f, %s, %s, %s}, /* %s */" % (x, n, level, cname, g(lo), g(hi), sm))

print()
print("/* statsmodels confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', alpha),")
print("   proportions_ztest([x1, x2], [n1, n2]), scipy %s fisher_exact([[x1, n1-x1], [x2, n2-x2]]) */"
      % scipy.__version__)
DIFFS = [(170, 200, 180, 200, 0.95), (170, 200, 180, 200, 0.90), (45, 52, 30, 48, 0.95),
         (3, 12, 9, 11, 0.95), (12, 12, 7, 10, 0.99), (0, 15, 4, 16, 0.95), (1, 3, 2, 3, 0.95),
         (480, 520, 4100, 4600, 0.95), (5, 9, 4, 9, 0.95), (0, 20, 0, 25, 0.95),
         (2, 1000000, 9, 1200000, 0.95)]
for x1, n1, x2, n2, level in DIFFS:
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff",
                                        alpha=1 - level)
    z, pz = proportions_ztest([x1, x2], [n1, n2])
    _, pf = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])
    print("  {%d, %d, %d, %d, %.2f, %s, %s, %s, %s, %s}," %
          (x1, n1, x2, n2, level, g(lo), g(hi), g(z), g(pz), g(pf)))
