/* test-chart.c — the chart module: layout maths as numbers, layouts without overlaps, and
 * every output format written and read back (PNG by Cairo, PDF by poppler's pdfinfo and
 * pdftotext, SVG by GMarkup). */
#include "render/chart.h"
#include "render/chart-private.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Fontconfig keeps its caches for the life of the process; under LeakSanitizer that is not
 * a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

/* ---------------------------------------------------------------------------------------
 * Fixtures
 */

/* An institution: 4 waves 2013–2016, 2013 the baseline, 2015 suppressed (n=7, with an
 * estimate that must never show), target 90% in 2016. */
static OmChartPoint inst_points[] = {
  { 2013, 212, FALSE, 0.842, 0.787, 0.885, TRUE },
  { 2014, 198, FALSE, 0.869, 0.815, 0.909, FALSE },
  { 2015, 7, TRUE, 0.714, 0.359, 0.918, FALSE },
  { 2016, 230, FALSE, 0.913, 0.870, 0.943, FALSE },
};
static OmChartSeries inst_series
    = { "Basisschool De Ëik", inst_points, 4, OM_COLOUR_AUTO, FALSE, FALSE, 0, 0, 0, 0, FALSE };
static OmTrendPanel inst_panel = { NULL,
                                   "Status: behaald — 91,3% in 2016",
                                   OM_CHART_STATUS_ATTAINED,
                                   TRUE,
                                   0.90,
                                   2016,
                                   &inst_series,
                                   1,
                                   FALSE };
static OmTrendChart inst_chart = { "Basisschool De Ëik — relatie met de school",
                                   &inst_panel,
                                   1,
                                   NULL,
                                   "Bron: ouderenquête 2013–2016.",
                                   0,
                                   0 };

/* Two waves and a projection to the deadline. */
static OmChartPoint proj_points[] = {
  { 2013, 180, FALSE, 0.80, 0.737, 0.851, TRUE },
  { 2014, 175, FALSE, 0.83, 0.767, 0.878, FALSE },
};
static OmChartSeries proj_series
    = { "De Eik", proj_points, 2, OM_COLOUR_AUTO, FALSE, TRUE, 2016, 0.889, 0.80, 0.94, FALSE };

/* Five sectors and the municipality with ribbons. */
#define N_SECTORS 6
static OmChartPoint sector_points[N_SECTORS][4];
static OmChartSeries sector_series[N_SECTORS];
static OmTrendPanel sector_panel;
static OmTrendChart sector_chart;

static void
make_sectors(double spread)
{
  static const char *names[N_SECTORS]
      = { "voorschool", "po", "vo", "mbo", "zorg-welzijn", "Gemeente" };
  for (int i = 0; i < N_SECTORS; i++) {
    for (int y = 0; y < 4; y++) {
      /* spread 0: every series ends on the same value, the crowded case for end labels. */
      double p = 0.80 + spread * (i - 2.5) * (y + 1) / 4.0 + 0.02 * y;
      double n = 100 + 60 * i;
      double se = sqrt(p * (1 - p) / n);
      sector_points[i][y]
          = (OmChartPoint){ 2013 + y, (guint64)n, FALSE, p, p - 1.96 * se, MIN(1, p + 1.96 * se),
                            y == 0 };
    }
    sector_series[i]
        = (OmChartSeries){ names[i], sector_points[i],
                           4,        om_chart_colour_for_key(i == 5 ? "gemeente" : names[i]),
                           i == 5,   FALSE,
                           0,        0,
                           0,        0,
                           FALSE };
  }
  sector_points[4][1].suppressed = TRUE;
  sector_points[4][1].n = 8;
  sector_panel = (OmTrendPanel){ NULL,
                                 "Gemeente: 86,0% in 2016",
                                 OM_CHART_STATUS_NOT_ATTAINED,
                                 TRUE,
                                 0.9,
                                 2016,
                                 sector_series,
                                 N_SECTORS,
                                 TRUE };
  sector_chart = (OmTrendChart){ "Per sector", &sector_panel, 1, NULL, NULL, 0, 0 };
}

/* 35 institutions, 3 of them suppressed. */
#define N_ROWS 35
static OmOverviewRow overview_rows[N_ROWS];
static char overview_names[N_ROWS][64];
static char overview_codes[N_ROWS][16];

static OmOverviewChart
make_overview(OmOverviewKind kind)
{
  for (int i = 0; i < N_ROWS; i++) {
    g_snprintf(overview_codes[i], 16, "%02dAB%02d", 10 + i, i % 3);
    g_snprintf(overview_names[i], 64, "Basisschool De Ëik nr. %d", i + 1);
    double p = 0.72 + 0.25 * ((i * 7919) % 35) / 34.0;
    guint64 n = 15 + (guint64)((i * 104729) % 240);
    double se = sqrt(p * (1 - p) / (double)n);
    OmChartStatus st = p - 1.96 * se >= 0.9  ? OM_CHART_STATUS_ATTAINED
                       : p + 1.96 * se < 0.9 ? OM_CHART_STATUS_NOT_ATTAINED
                                             : OM_CHART_STATUS_UNDECIDED;
    overview_rows[i] = (OmOverviewRow){ overview_codes[i],     overview_names[i],     n, FALSE, p,
                                        MAX(0, p - 1.96 * se), MIN(1, p + 1.96 * se), st };
  }
  static const int suppressed[] = { 4, 17, 29 };
  for (int k = 0; k < 3; k++) {
    OmOverviewRow *r = &overview_rows[suppressed[k]];
    r->suppressed = TRUE;
    r->n = 3 + 2 * (guint64)k;
    r->estimate = 0.123; /* "12,3%" must appear nowhere */
    r->status = OM_CHART_STATUS_TOO_FEW;
  }
  OmOverviewChart c = { "Relatie met de school per instelling",
                        "Doel: 90% in 2016",
                        kind,
                        0.9,
                        2016,
                        overview_rows,
                        N_ROWS,
                        10,
                        NULL,
                        NULL };
  return c;
}

/* A text measurer that needs no fonts: every character 0.6 em wide, lines 1.2 em. */
static void
fake_measure(const char *text, const OmTextStyle *ts, const char *family, double *w, double *h,
             gpointer data)
{
  (void)family;
  (void)data;
  double longest = 0, cur = 0;
  int lines = 1;
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    if (*p == '\n') {
      lines++;
      cur = 0;
      continue;
    }
    cur += 0.6 * ts->size;
    if (ts->wrap_width > 0 && cur > ts->wrap_width) {
      if (ts->ellipsize) {
        cur = ts->wrap_width;
      } else {
        lines++;
        cur = 0.6 * ts->size;
      }
    }
    longest = MAX(longest, cur);
  }
  *w = longest;
  *h = 1.2 * ts->size * lines;
}

static char *tmpdir;

static char *
tmp_path(const char *name)
{
  return g_build_filename(tmpdir, name, NULL);
}

/* Runs a tool and returns its stdout, or NULL (and marks the test skipped) when the tool
 * is not installed. */
static char *
run_tool(const char *const *argv)
{
  char *prog = g_find_program_in_path(argv[0]);
  if (prog == NULL) {
    char *msg = g_strdup_printf("%s is not installed", argv[0]);
    g_test_skip(msg);
    g_free(msg);
    return NULL;
  }
  char *out = NULL, *err = NULL;
  int status = 0;
  GError *error = NULL;
  char **args = g_strdupv((char **)argv);
  g_free(args[0]);
  args[0] = prog;
  gboolean ok
      = g_spawn_sync(NULL, args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("%s failed: %s", argv[0], err);
  g_strfreev(args);
  g_free(err);
  return out;
}

static char *
pdf_text(const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  return run_tool(argv);
}

static int
pdf_pages(const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  char *out = run_tool(argv);
  if (out == NULL)
    return -1;
  const char *p = strstr(out, "Pages:");
  g_assert_nonnull(p);
  int pages = atoi(p + strlen("Pages:"));
  g_free(out);
  return pages;
}

/* ---------------------------------------------------------------------------------------
 * Small functions
 */

static void
test_format_names(void)
{
  OmChartFormat f = OM_CHART_SVG;
  g_assert_true(om_chart_format_from_string("PNG", &f));
  g_assert_cmpint(f, ==, OM_CHART_PNG);
  g_assert_true(om_chart_format_from_string("pdf", &f));
  g_assert_cmpint(f, ==, OM_CHART_PDF);
  g_assert_false(om_chart_format_from_string("jpeg", &f));
  g_assert_cmpint(f, ==, OM_CHART_PDF); /* unchanged */
  g_assert_false(om_chart_format_from_string(NULL, &f));
  g_assert_true(om_chart_format_from_path("out/chart.Svg", &f));
  g_assert_cmpint(f, ==, OM_CHART_SVG);
  g_assert_false(om_chart_format_from_path("out.d/chart", &f));
  g_assert_cmpstr(om_chart_format_to_string(OM_CHART_PDF), ==, "pdf");
}

static void
test_status_keys(void)
{
  static const char *keys[] = { "attained",   "not-attained", "undecided", "on-course",
                                "off-course", "uncertain",    "too-few" };
  static const char *nl[] = { "behaald",   "niet behaald", "onbeslist",        "op koers",
                              "uit koers", "onzeker",      "te weinig respons" };
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    OmChartStatus s = OM_CHART_STATUS_NONE;
    g_assert_true(om_chart_status_from_key(keys[i], &s));
    g_assert_cmpint(s, ==, (int)i + 1);
    g_assert_cmpstr(om_chart_status_label(s, OM_LANG_NL), ==, nl[i]);
  }
  OmChartStatus s = OM_CHART_STATUS_ATTAINED;
  g_assert_false(om_chart_status_from_key("behaald", &s));
  g_assert_cmpint(s, ==, OM_CHART_STATUS_ATTAINED);
  g_assert_cmpstr(om_chart_status_label(OM_CHART_STATUS_OFF_COURSE, OM_LANG_EN), ==, "off course");
  g_assert_cmpint(om_chart_colour_for_key("po"), ==, OM_COLOUR_BLUE);
  g_assert_cmpint(om_chart_colour_for_key("Gemeente"), ==, OM_COLOUR_BLACK);
  g_assert_cmpint(om_chart_colour_for_key("12AB00"), ==, OM_COLOUR_AUTO);
  double r, g, b;
  om_chart_colour_rgb(OM_COLOUR_VERMILLION, &r, &g, &b); /* #D55E00 */
  g_assert_cmpfloat_with_epsilon(r, 0xD5 / 255.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(g, 0x5E / 255.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(b, 0.0, 1e-12);
}

static void
test_scale(void)
{
  OmScale s;
  om_scale_init(&s, 0.75, 1.0, 400, 100); /* a y axis: up is smaller */
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 0.75), 400, 1e-9);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 1.0), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 0.90), 220, 1e-9);
  g_assert_cmpfloat_with_epsilon(om_scale_invert(&s, 220), 0.90, 1e-12);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 1.1), -20, 1e-9); /* extrapolates */
}

static gboolean
is_nice(double step)
{
  double m = step / pow(10, floor(log10(step) + 1e-12));
  return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 || fabs(m - 5) < 1e-9;
}

static void
test_nice_step(void)
{
  static const double cases[][2] = {
    { 0.013, 0.02 }, { 0.021, 0.025 }, { 0.03, 0.05 },    { 0.07, 0.1 }, { 0.1, 0.1 },
    { 1, 1 },        { 7, 10 },        { 0.0011, 0.002 }, { 240, 250 },  { 26, 50 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    g_assert_cmpfloat_with_epsilon(om_axis_nice_step(cases[i][0]), cases[i][1],
                                   cases[i][1] * 1e-12);
}

static void
check_ticks(double lo, double hi, guint max_ticks, const OmAxisTicks *t)
{
  g_assert_cmpfloat(t->first, <=, lo + 1e-12);
  g_assert_cmpfloat(t->last, >=, hi - 1e-12);
  g_assert_cmpuint(t->n, <=, MAX(max_ticks, 3));
  g_assert_cmpuint(t->n, >=, 2);
  g_assert_true(is_nice(t->step));
  g_assert_cmpfloat_with_epsilon(t->first + (t->n - 1) * t->step, t->last,
                                 MAX(t->step * 1e-9, fabs(t->last) * 1e-12));
  double k = t->first / t->step;
  g_assert_cmpfloat_with_epsilon(k, round(k), 1e-6); /* ticks sit on multiples of the step */
  /* Not coarser than needed: one nice step finer would need too many ticks. */
  double finer = t->step / 2;
  if (!is_nice(finer))
    finer = t->step / 2.5;
  if (!is_nice(finer))
    finer = t->step * 0.4;
  double n_finer = ceil(hi / finer - 1e-9) - floor(lo / finer + 1e-9) + 1;
  g_assert_cmpfloat(n_finer, >, MAX(max_ticks, 3));
}

static void
test_ticks(void)
{
  OmAxisTicks t;
  g_assert_true(om_axis_ticks(0.62, 0.97, 6, &t));
  g_assert_cmpfloat_with_epsilon(t.first, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon(t.last, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(t.step, 0.1, 1e-12);
  g_assert_cmpuint(t.n, ==, 5);
  check_ticks(0.62, 0.97, 6, &t);
  /* Tick values print as the decimals they stand for: 0.1 * 3 is "30%", not 30.000000004. */
  g_assert_cmpfloat(om_axis_tick_value(&t, 1), ==, 0.7);
  g_assert_true(om_axis_ticks(0, 263, 7, &t));
  g_assert_cmpfloat_with_epsilon(t.step, 50, 1e-12);
  g_assert_cmpfloat_with_epsilon(t.last, 300, 1e-12);
  g_assert_false(om_axis_ticks(NAN, 1, 5, &t));

  GRand *rnd = g_rand_new_with_seed(20160901);
  for (int i = 0; i < 2000; i++) {
    double a = g_rand_double_range(rnd, -50, 50) * pow(10, g_rand_int_range(rnd, -3, 4));
    double b = a + g_rand_double_range(rnd, 1e-3, 100) * pow(10, g_rand_int_range(rnd, -3, 3));
    guint m = (guint)g_rand_int_range(rnd, 2, 12);
    g_assert_true(om_axis_ticks(a, b, m, &t));
    if (g_test_verbose())
      g_test_message("ticks %.17g..%.17g max %u: %.17g..%.17g step %g", a, b, m, t.first, t.last,
                     t.step);
    check_ticks(a, b, m, &t);
  }
  g_rand_free(rnd);
}

static void
check_share_range(const double *v, gsize n, guint max_ticks)
{
  OmAxisTicks t;
  om_axis_choose_share_range(v, n, max_ticks, &t);
  g_assert_cmpfloat(t.first, >=, 0);
  g_assert_cmpfloat(t.last, <=, 1);
  g_assert_cmpfloat(t.last - t.first, >=, 0.1 - 1e-12);
  g_assert_true(is_nice(t.step));
  double k = t.first / t.step;
  g_assert_cmpfloat_with_epsilon(k, round(k), 1e-6);
  for (gsize i = 0; i < n; i++) {
    if (!isfinite(v[i]))
      continue;
    double x = CLAMP(v[i], 0, 1);
    g_assert_cmpfloat(x, >=, t.first);
    g_assert_cmpfloat(x, <=, t.last);
    if (t.first > 0)
      g_assert_cmpfloat(x - t.first, >=, 0.01 - 1e-12); /* a margin below… */
    if (t.last < 1)
      g_assert_cmpfloat(t.last - x, >=, 0.01 - 1e-12); /* …and above */
  }
}

static void
test_share_range(void)
{
  /* Estimates 84–91% with their intervals and a 90% target: not 0–100%. */
  double v[] = { 0.842, 0.787, 0.885, 0.869, 0.815, 0.909, 0.913, 0.870, 0.943, 0.90 };
  OmAxisTicks t;
  om_axis_choose_share_range(v, G_N_ELEMENTS(v), 6, &t);
  g_assert_cmpfloat(t.first, >=, 0.5);
  g_assert_cmpfloat(t.first, <=, 0.787 - 0.01);
  g_assert_cmpfloat(t.last, >=, 0.943 + 0.01);
  check_share_range(v, G_N_ELEMENTS(v), 6);

  /* A target of 100% and an interval touching 1: the range ends at exactly 100%. */
  double full[] = { 0.95, 0.88, 1.0, 1.0 };
  om_axis_choose_share_range(full, 4, 5, &t);
  g_assert_cmpfloat(t.last, ==, 1.0);
  check_share_range(full, 4, 5);

  /* A flat series is not magnified into noise. */
  double flat[] = { 0.9, 0.9, 0.9 };
  check_share_range(flat, 3, 6);

  /* NaN is skipped; nothing finite gives 0–100%. */
  double none[] = { NAN, NAN };
  om_axis_choose_share_range(none, 2, 6, &t);
  g_assert_cmpfloat(t.first, ==, 0);
  g_assert_cmpfloat(t.last, ==, 1);
  double some[] = { NAN, 0.4, 0.45 };
  check_share_range(some, 3, 6);

  GRand *rnd = g_rand_new_with_seed(1185);
  for (int i = 0; i < 2000; i++) {
    double w[12];
    gsize n = (gsize)g_rand_int_range(rnd, 1, 12);
    double centre = g_rand_double(rnd), width = g_rand_double_range(rnd, 0, 0.6);
    for (gsize j = 0; j < n; j++)
      w[j] = CLAMP(centre + g_rand_double_range(rnd, -width, width), 0, 1);
    check_share_range(w, n, (guint)g_rand_int_range(rnd, 3, 10));
  }
  g_rand_free(rnd);
}

static void
test_years(void)
{
  OmScale s;
  om_axis_years(2013, 2016, 100, 500, &s);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 2013), 150, 1e-9);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 2014), 250, 1e-9);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 2016), 450, 1e-9);
  om_axis_years(2016, 2016, 0, 80, &s);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&s, 2016), 40, 1e-9);
}

static void
check_spread(const double *desired, const double *placed, const double *size, gsize n, double gap,
             double lo, double hi)
{
  for (gsize i = 0; i < n; i++) {
    g_assert_cmpfloat(placed[i] - size[i] / 2, >=, lo - 1e-9);
    g_assert_cmpfloat(placed[i] + size[i] / 2, <=, hi + 1e-9);
    for (gsize j = 0; j < n; j++) {
      if (i == j)
        continue;
      /* No overlap, and the order of the wishes is kept. */
      if (desired[i] < desired[j] || (desired[i] == desired[j] && i < j))
        g_assert_cmpfloat(placed[i] + size[i] / 2 + gap, <=, placed[j] - size[j] / 2 + 1e-9);
    }
  }
}

static void
test_spread(void)
{
  /* Two labels fighting for one place part symmetrically (least squares). */
  double c[] = { 50, 52 }, s[] = { 10, 10 };
  g_assert_true(om_labels_spread(c, s, 2, 0, 0, 100));
  g_assert_cmpfloat_with_epsilon(c[0], 46, 1e-9);
  g_assert_cmpfloat_with_epsilon(c[1], 56, 1e-9);

  /* Labels that need no room stay where they are. */
  double c2[] = { 10, 40, 70 }, s2[] = { 10, 10, 10 };
  g_assert_true(om_labels_spread(c2, s2, 3, 2, 0, 100));
  g_assert_cmpfloat(c2[0], ==, 10);
  g_assert_cmpfloat(c2[1], ==, 40);
  g_assert_cmpfloat(c2[2], ==, 70);

  /* Against the lower bound the cluster is pushed inside. */
  double c3[] = { 2, 3, 4 }, s3[] = { 10, 10, 10 }, d3[] = { 2, 3, 4 };
  g_assert_true(om_labels_spread(c3, s3, 3, 1, 0, 100));
  g_assert_cmpfloat_with_epsilon(c3[0], 5, 1e-9);
  g_assert_cmpfloat_with_epsilon(c3[1], 16, 1e-9);
  g_assert_cmpfloat_with_epsilon(c3[2], 27, 1e-9);
  check_spread(d3, c3, s3, 3, 1, 0, 100);

  /* Too many to fit: FALSE. */
  double c4[] = { 5, 5, 5 }, s4[] = { 10, 10, 10 };
  g_assert_false(om_labels_spread(c4, s4, 3, 0, 0, 20));

  GRand *rnd = g_rand_new_with_seed(77);
  for (int it = 0; it < 3000; it++) {
    gsize n = (gsize)g_rand_int_range(rnd, 1, 14);
    double want[14], got[14], size[14];
    double lo = 0, hi = g_rand_double_range(rnd, 150, 400), gap = g_rand_double_range(rnd, 0, 3);
    for (gsize i = 0; i < n; i++) {
      /* Crowded: wishes in a narrow band, sometimes equal. */
      want[i] = g_rand_boolean(rnd) ? 100 : g_rand_double_range(rnd, -20, 140);
      size[i] = g_rand_double_range(rnd, 8, 14);
      got[i] = want[i];
    }
    if (om_labels_spread(got, size, n, gap, lo, hi))
      check_spread(want, got, size, n, gap, lo, hi);
  }
  g_rand_free(rnd);
}

static void
test_funnel_limits(void)
{
  /* Reference: R 4, f <- function(t,n,p){ r <- qbinom(p,n,t);
   *   (r - (pbinom(r,n,t)-p)/dbinom(r,n,t))/n }  (Spiegelhalter 2005, appendix A.1.1). */
  static const struct {
    double target;
    guint64 n;
    double p, limit;
  } ref[] = {
    { 0.9, 100, 0.025, 0.83228138836087329 },   { 0.9, 100, 0.975, 0.94961940447560655 },
    { 0.9, 100, 0.001, 0.79164328149711438 },   { 0.9, 100, 0.999, 0.9758211349915652 },
    { 0.9, 20, 0.025, 0.72153239297007565 },    { 0.8, 57, 0.975, 0.89048283170088871 },
    { 0.5, 10, 0.001, 0.00023999999999995135 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ref); i++)
    g_assert_cmpfloat_with_epsilon(om_funnel_limit(ref[i].target, ref[i].n, ref[i].p), ref[i].limit,
                                   1e-9);
  g_assert_true(isnan(om_funnel_limit(0.9, 0, 0.025)));
  g_assert_true(isnan(om_funnel_limit(1.2, 10, 0.025)));
  /* The funnel narrows as n grows. */
  g_assert_cmpfloat(om_funnel_limit(0.9, 50, 0.025), <, om_funnel_limit(0.9, 500, 0.025));
}

static void
test_rect(void)
{
  OmRect a = { 0, 0, 10, 10 }, b = { 10, 0, 5, 5 }, c = { 9, 9, 5, 5 };
  g_assert_false(om_rect_intersects(&a, &b)); /* touching */
  g_assert_true(om_rect_intersects(&a, &c));
  g_assert_true(om_rect_intersects(&c, &a));
}

/* ---------------------------------------------------------------------------------------
 * Layouts
 */

static const char *
kind_name(OmLabelKind k)
{
  static const char *names[]
      = { "title",      "subtitle",  "panel-title", "status",     "axis-title", "tick",
          "n",          "baseline",  "value",       "suppressed", "target",     "deadline",
          "projection", "end",       "legend",      "note",       "footnote",   "header",
          "row-name",   "row-value", "row-status",  "code" };
  return (guint)k < G_N_ELEMENTS(names) ? names[k] : "?";
}

/* No two labels overlap, no label covers a data mark, all stay inside the chart. The one
 * exception: a target label on a crowded line may lie over an interval bar (its halo keeps
 * both readable) rather than be lost (issue 8). */
static void
check_layout(const OmChartLayout *L, double w, double h)
{
  gsize nl, nm;
  const OmChartLabel *labels = om_chart_layout_labels(L, &nl);
  const OmChartMark *marks = om_chart_layout_marks(L, &nm);
  g_assert_cmpuint(nl, >, 0);
  OmRect page = { -0.01, -0.01, w + 0.02, h + 0.02 };
  for (gsize i = 0; i < nl; i++) {
    const OmRect *r = &labels[i].rect;
    if (!(r->x >= page.x && r->y >= page.y && r->x + r->w <= page.x + page.w
          && r->y + r->h <= page.y + page.h))
      g_error("label %s “%s” (%.1f,%.1f %.1f×%.1f) leaves the %.0f×%.0f chart",
              kind_name(labels[i].kind), labels[i].text, r->x, r->y, r->w, r->h, w, h);
    for (gsize j = i + 1; j < nl; j++)
      if (om_rect_intersects(r, &labels[j].rect))
        g_error("label %s “%s” overlaps label %s “%s”", kind_name(labels[i].kind), labels[i].text,
                kind_name(labels[j].kind), labels[j].text);
    for (gsize j = 0; j < nm; j++)
      if (om_rect_intersects(r, &marks[j].rect)
          && !(labels[i].kind == OM_LABEL_TARGET && marks[j].kind == OM_MARK_INTERVAL))
        g_error("label %s “%s” covers a mark (kind %d, panel %d, series %d, point %d)",
                kind_name(labels[i].kind), labels[i].text, marks[j].kind, marks[j].panel,
                marks[j].series, marks[j].point);
  }
}

static gboolean
layout_has_text(const OmChartLayout *L, OmLabelKind kind, const char *text)
{
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(L, &n);
  for (gsize i = 0; i < n; i++)
    if ((int)kind < 0 || labels[i].kind == kind)
      if (strstr(labels[i].text, text) != NULL)
        return TRUE;
  return FALSE;
}

static void
test_layout_target_line(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  OmChartLayout *L = om_chart_layout_trend(&inst_chart, &st, 800, 500, NULL, NULL, &error);
  g_assert_no_error(error);
  const OmChartPanelLayout *pl = om_chart_layout_panel(L, 0);
  /* The share axis spans the plot less a headroom as large as a marker and a little air,
   * so a point at the first or last tick stays whole inside the frame (issue 8)… */
  double y0 = om_scale_map(&pl->y, pl->share_ticks.first);
  double y1 = om_scale_map(&pl->y, pl->share_ticks.last);
  double room = pl->plot.y + pl->plot.h - y0;
  g_assert_cmpfloat(room, >, 0.36 * 10);
  g_assert_cmpfloat_with_epsilon(y1, pl->plot.y + room, 1e-9);
  /* …so 90% lies at the linear fraction between them. */
  double y90 = y1
               + (y0 - y1) * (pl->share_ticks.last - 0.90)
                     / (pl->share_ticks.last - pl->share_ticks.first);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&pl->y, 0.90), y90, 1e-9);
  /* The target label sits right against that line, above or below. */
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(L, &n);
  gboolean found = FALSE;
  for (gsize i = 0; i < n; i++)
    if (labels[i].kind == OM_LABEL_TARGET) {
      g_assert_cmpstr(labels[i].text, ==, "Doel 2016: 90%");
      double above = y90 - (labels[i].rect.y + labels[i].rect.h);
      double below = labels[i].rect.y - y90;
      g_assert_true((above >= 0 && above < 3) || (below >= 0 && below < 3));
      found = TRUE;
    }
  g_assert_true(found);
  /* Years from the first wave to the deadline, each at its column's centre. */
  g_assert_cmpint(pl->first_year, ==, 2013);
  g_assert_cmpint(pl->last_year, ==, 2016);
  g_assert_cmpfloat_with_epsilon(om_scale_map(&pl->x, 2013), pl->plot.x + pl->plot.w / 8, 1e-9);
  /* The suppressed wave steers nothing: its interval starts at 35.9%, the axis well above. */
  g_assert_cmpfloat(pl->share_ticks.first, >, 0.359);

  /* And the drawing puts the dashed line on exactly that row of pixels. */
  char *path = tmp_path("target.png");
  g_assert_true(om_chart_render_trend(&inst_chart, &st, OM_CHART_PNG, path, &error));
  g_assert_no_error(error);
  cairo_surface_t *img = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  const unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  int x = (int)floor(pl->plot.x + 3); /* inside the first dash, left of every data mark */
  int dark_min = 10000, dark_max = -1;
  for (int y = (int)pl->plot.y; y < (int)(pl->plot.y + pl->plot.h); y++) {
    guint32 px = *(const guint32 *)(const void *)(data + y * stride + x * 4);
    int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
    if (r < 100 && g < 100 && b < 100) {
      dark_min = MIN(dark_min, y);
      dark_max = MAX(dark_max, y);
    }
  }
  double ty = om_scale_map(&pl->y, 0.90);
  g_assert_cmpint(dark_max, >=, 0);
  g_assert_cmpfloat(fabs((dark_min + dark_max + 1) / 2.0 - ty), <=, 1.0);
  g_assert_cmpint(dark_max - dark_min, <=, 3);
  cairo_surface_destroy(img);
  om_chart_layout_free(L);
  g_free(path);
}

static void
check_trend_layouts(const OmTrendChart *chart, double w, double h)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  for (int lang = 0; lang < 2; lang++) {
    st.lang = lang ? OM_LANG_EN : OM_LANG_NL;
    GError *error = NULL;
    OmChartLayout *L = om_chart_layout_trend(chart, &st, w, h, NULL, NULL, &error);
    g_assert_no_error(error);
    check_layout(L, w, h);
    om_chart_layout_free(L);
    L = om_chart_layout_trend(chart, &st, w, h, fake_measure, NULL, &error);
    g_assert_no_error(error);
    check_layout(L, w, h);
    om_chart_layout_free(L);
  }
}

static void
test_layout_no_overlap(void)
{
  check_trend_layouts(&inst_chart, 800, 500);
  check_trend_layouts(&inst_chart, 515, 320);
  check_trend_layouts(&inst_chart, 1600, 1000);

  OmTrendPanel pp = inst_panel;
  pp.series = &proj_series;
  OmTrendChart pc = { "Projectie", &pp, 1, NULL, NULL, 0, 0 };
  check_trend_layouts(&pc, 800, 500);

  /* Small multiples: 2, 4 and 9 panels. */
  OmTrendPanel four[9];
  for (int i = 0; i < 9; i++) {
    four[i] = i % 2 ? inst_panel : pp;
    four[i].title = "Onderwijsondersteunend gedrag van ouders thuis";
  }
  for (gsize n = 2; n <= 9; n += (n == 2 ? 2 : 5)) {
    OmTrendChart mc = { "Alle doelen", four, n, NULL, "Voetnoot.", 0, 0 };
    check_trend_layouts(&mc, 800, 500);
    check_trend_layouts(&mc, 515, 470);
  }

  /* Sectors: spread apart and all ending on one value. */
  make_sectors(0.02);
  check_trend_layouts(&sector_chart, 800, 500);
  make_sectors(0);
  check_trend_layouts(&sector_chart, 800, 500);
  check_trend_layouts(&sector_chart, 515, 320);

  /* Crowded: twelve waves in a small chart, values zig-zagging around the target. */
  OmChartPoint many[12];
  for (int i = 0; i < 12; i++)
    many[i] = (OmChartPoint){ 2005 + i,
                              1000 + 37 * (guint64)i,
                              i == 5,
                              i % 2 ? 0.88 : 0.92,
                              i % 2 ? 0.85 : 0.89,
                              i % 2 ? 0.91 : 0.95,
                              i == 0 };
  OmChartSeries ms = { "Kindcentrum met een lange naam",
                       many,
                       12,
                       OM_COLOUR_AUTO,
                       FALSE,
                       TRUE,
                       2018,
                       0.9,
                       0.8,
                       0.97,
                       FALSE };
  OmTrendPanel mp
      = { "Titel", "Status: onzeker", OM_CHART_STATUS_UNCERTAIN, TRUE, 0.9, 2018, &ms, 1, FALSE };
  OmTrendChart crowd = { "Druk", &mp, 1, NULL, NULL, 0, 0 };
  check_trend_layouts(&crowd, 800, 500);
  check_trend_layouts(&crowd, 320, 220);
  /* A panel without series (nothing measured yet) still shows its target. */
  OmTrendPanel bare
      = { "Nog geen meting", NULL, OM_CHART_STATUS_NONE, TRUE, 0.9, 2016, NULL, 0, FALSE };
  OmTrendChart bare_chart = { "Leeg", &bare, 1, NULL, NULL, 0, 0 };
  check_trend_layouts(&bare_chart, 800, 500);
  OmTrendPanel grid[4] = { mp, mp, mp, mp };
  OmTrendChart crowd4 = { "Druk", grid, 4, NULL, NULL, 0, 0 };
  check_trend_layouts(&crowd4, 500, 340);
}

static void
test_layout_overview(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  for (int kind = 0; kind < 2; kind++) {
    OmOverviewChart c = make_overview(kind ? OM_OVERVIEW_FUNNEL : OM_OVERVIEW_INTERVALS);
    GError *error = NULL;
    OmChartLayout *L = om_chart_layout_overview(&c, &st, 800, 500, NULL, NULL, &error);
    g_assert_no_error(error);
    check_layout(L, 800, 500);
    /* Suppressed rows: listed with their n in the note, never plotted. */
    g_assert_true(layout_has_text(L, OM_LABEL_NOTE, "Basisschool De Ëik nr. 5 (n=3)"));
    g_assert_false(layout_has_text(L, (OmLabelKind)-1, "12,3%"));
    gsize nm;
    const OmChartMark *marks = om_chart_layout_marks(L, &nm);
    for (gsize i = 0; i < nm; i++)
      g_assert_false(marks[i].point == 4 || marks[i].point == 17 || marks[i].point == 29);
    om_chart_layout_free(L);
    L = om_chart_layout_overview(&c, &st, 515, 400, fake_measure, NULL, &error);
    g_assert_no_error(error);
    check_layout(L, 515, 400);
    om_chart_layout_free(L);
  }
  /* Sorted: the intervals plot lists shares from high to low. */
  OmOverviewChart c = make_overview(OM_OVERVIEW_INTERVALS);
  OmChartLayout *L = om_chart_layout_overview(&c, &st, 800, 500, NULL, NULL, NULL);
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(L, &n);
  double prev_y = -1, prev_share = 2;
  int rows = 0;
  for (gsize i = 0; i < n; i++)
    if (labels[i].kind == OM_LABEL_ROW_NAME) {
      g_assert_cmpfloat(labels[i].rect.y, >, prev_y);
      g_assert_cmpfloat(overview_rows[labels[i].point].estimate, <=, prev_share);
      prev_y = labels[i].rect.y;
      prev_share = overview_rows[labels[i].point].estimate;
      rows++;
    }
  g_assert_cmpint(rows, ==, N_ROWS - 3);
  om_chart_layout_free(L);
  /* One share axis whatever the width (issue 8: 40% as a PNG, 0% in the report before):
   * the same first and last tick at 800 and at 340 points wide, and every marker whole
   * inside the plot. */
  c = make_overview(OM_OVERVIEW_INTERVALS);
  OmOverviewRow full[N_ROWS];
  memcpy(full, overview_rows, sizeof full);
  full[0].estimate = full[0].upper = 1.0; /* a school at 100% */
  full[0].suppressed = FALSE;
  c.rows = full;
  OmChartLayout *wide = om_chart_layout_overview(&c, &st, 800, 500, NULL, NULL, NULL);
  OmChartLayout *narrow = om_chart_layout_overview(&c, &st, 340, 700, NULL, NULL, NULL);
  const OmChartPanelLayout *pw = om_chart_layout_panel(wide, 0);
  const OmChartPanelLayout *pn = om_chart_layout_panel(narrow, 0);
  g_assert_cmpfloat(pw->share_ticks.first, ==, pn->share_ticks.first);
  g_assert_cmpfloat(pw->share_ticks.last, ==, pn->share_ticks.last);
  const OmChartLayout *both[] = { wide, narrow };
  for (int k = 0; k < 2; k++) {
    const OmChartPanelLayout *pl = om_chart_layout_panel(both[k], 0);
    gsize nm2;
    const OmChartMark *m = om_chart_layout_marks(both[k], &nm2);
    for (gsize i = 0; i < nm2; i++)
      if (m[i].kind == OM_MARK_POINT) {
        g_assert_cmpfloat(m[i].rect.x, >=, pl->plot.x - 1e-9);
        g_assert_cmpfloat(m[i].rect.x + m[i].rect.w, <=, pl->plot.x + pl->plot.w + 1e-9);
      }
  }
  om_chart_layout_free(wide);
  om_chart_layout_free(narrow);

  /* The natural height gives every row room to read. */
  double h = om_chart_overview_natural_height(&c, &st);
  g_assert_cmpfloat(h, >, 500);
  L = om_chart_layout_overview(&c, &st, 800, h, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(L, 0)->row_height, >=, 14);
  check_layout(L, 800, h);
  om_chart_layout_free(L);
}

/* The report draws an overview with the layout its height search made: the search hands
 * back the chart at the height it returns, and an offered layout is taken by the next
 * layout of the same chart at that size only. */
static void
test_layout_offer(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  OmOverviewChart o = make_overview(OM_OVERVIEW_INTERVALS);
  OmChartLayout *kept = NULL;
  double h = chart_overview_natural_layout(&o, &st, NULL, NULL, &kept);
  g_assert_cmpfloat(h, ==, om_chart_overview_natural_height(&o, &st));
  g_assert_nonnull(kept);
  OmChartLayout *fresh = om_chart_layout_overview(&o, &st, st.width, h, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(kept, 0)->row_height, ==,
                    om_chart_layout_panel(fresh, 0)->row_height);
  gsize n_kept, n_fresh;
  const OmChartLabel *lk = om_chart_layout_labels(kept, &n_kept);
  const OmChartLabel *lf = om_chart_layout_labels(fresh, &n_fresh);
  g_assert_cmpuint(n_kept, ==, n_fresh);
  for (gsize i = 0; i < n_kept; i++)
    g_assert_true(memcmp(&lk[i].rect, &lf[i].rect, sizeof lk[i].rect) == 0);
  om_chart_layout_free(fresh);
  om_chart_layout_free(kept);

  /* Told apart by a layout made at another height, offered as the one at h. */
  OmChartLayout *tall = om_chart_layout_overview(&o, &st, st.width, h + 100, NULL, NULL, NULL);
  double tall_rows = om_chart_layout_panel(tall, 0)->row_height;
  chart_type_offer_layout(&chart_type_overview, &o, &st, st.width, h, NULL, NULL, tall);
  OmChartLayout *got = om_chart_layout_overview(&o, &st, st.width, h, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(got, 0)->row_height, ==, tall_rows);
  om_chart_layout_free(got);
  /* Used up: the next layout at h is built. */
  got = om_chart_layout_overview(&o, &st, st.width, h, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(got, 0)->row_height, <, tall_rows);
  om_chart_layout_free(got);
  /* Another height: dropped (freed), and a layout built. */
  tall = om_chart_layout_overview(&o, &st, st.width, h + 100, NULL, NULL, NULL);
  chart_type_offer_layout(&chart_type_overview, &o, &st, st.width, h, NULL, NULL, tall);
  got = om_chart_layout_overview(&o, &st, st.width, h + 50, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(got, 0)->row_height, <, tall_rows);
  om_chart_layout_free(got);
  /* Another style: dropped too. */
  tall = om_chart_layout_overview(&o, &st, st.width, h + 100, NULL, NULL, NULL);
  chart_type_offer_layout(&chart_type_overview, &o, &st, st.width, h, NULL, NULL, tall);
  OmChartStyle english = st;
  english.lang = OM_LANG_EN;
  got = om_chart_layout_overview(&o, &english, st.width, h, NULL, NULL, NULL);
  g_assert_cmpfloat(om_chart_layout_panel(got, 0)->row_height, <, tall_rows);
  om_chart_layout_free(got);
}

static void
test_layout_rejects(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  OmTrendChart empty = { "Leeg", NULL, 0, NULL, NULL, 0, 0 };
  g_assert_null(om_chart_layout_trend(&empty, &st, 800, 500, NULL, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_clear_error(&error);

  OmChartPoint backwards[]
      = { { 2015, 10, FALSE, 0.9, 0.8, 0.95, FALSE }, { 2014, 10, FALSE, 0.9, 0.8, 0.95, FALSE } };
  OmChartSeries s = { "De Eik", backwards, 2, 0, FALSE, FALSE, 0, 0, 0, 0, FALSE };
  OmTrendPanel p = { NULL, NULL, 0, TRUE, 0.9, 2016, &s, 1, FALSE };
  OmTrendChart c = { "X", &p, 1, NULL, NULL, 0, 0 };
  g_assert_null(om_chart_layout_trend(&c, &st, 800, 500, NULL, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_assert_nonnull(strstr(error->message, "2014 follows 2015"));
  g_clear_error(&error);

  OmOverviewChart o = make_overview(OM_OVERVIEW_INTERVALS);
  o.target = 90; /* a percentage where a share belongs */
  g_assert_null(om_chart_layout_overview(&o, &st, 800, 500, NULL, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_clear_error(&error);

  /* A failed render leaves an existing file as it was. */
  char *path = tmp_path("keep.png");
  g_assert_true(g_file_set_contents(path, "old", -1, NULL));
  g_assert_false(om_chart_render_trend(&c, &st, OM_CHART_PNG, path, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_clear_error(&error);
  char *contents = NULL;
  g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
  g_assert_cmpstr(contents, ==, "old");
  g_free(contents);
  g_free(path);
}

/* ---------------------------------------------------------------------------------------
 * Files
 */

static void
test_render_png(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  char *path = tmp_path("trend.png");
  g_assert_true(om_chart_render_trend(&inst_chart, &st, OM_CHART_PNG, path, &error));
  g_assert_no_error(error);
  cairo_surface_t *img = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(img), ==, 800);
  g_assert_cmpint(cairo_image_surface_get_height(img), ==, 500);
  cairo_surface_destroy(img);

  st.dpi_scale = 2; /* same drawing, twice the pixels */
  OmOverviewChart o = make_overview(OM_OVERVIEW_FUNNEL);
  g_assert_true(om_chart_render_overview(&o, &st, OM_CHART_PNG, path, &error));
  g_assert_no_error(error);
  img = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(img), ==, 1600);
  g_assert_cmpint(cairo_image_surface_get_height(img), ==, 1000);
  cairo_surface_destroy(img);
  g_free(path);
}

typedef struct {
  OmChartStyle st;
  char *path;
} RenderJob;

static gpointer
render_inst_chart(gpointer data)
{
  RenderJob *job = data;
  GError *error = NULL;
  g_assert_true(om_chart_render_trend(&inst_chart, &job->st, OM_CHART_PNG, job->path, &error));
  g_assert_no_error(error);
  return NULL;
}

/* A thread draws its PNG charts on one pixel buffer, reused without clearing: a chart drawn
 * after another one is the same file as drawn first by a new thread, at whole and at
 * fractional pixel sizes. */
static void
test_render_png_reused(void)
{
  for (int fractional = 0; fractional < 2; fractional++) {
    RenderJob fresh = { .path = tmp_path("fresh.png") },
              reused = { .path = tmp_path("reused.png") };
    om_chart_style_init(&fresh.st);
    if (fractional)
      fresh.st.width = 640.5;
    reused.st = fresh.st;
    g_thread_join(g_thread_new("fresh", render_inst_chart, &fresh));
    GError *error = NULL;
    char *other = tmp_path("other.png");
    OmChartStyle dark = fresh.st;
    dark.width = ceil(fresh.st.width); /* whole pixels, as many: it leaves its buffer */
    g_assert_true(om_chart_render_trend(&sector_chart, &dark, OM_CHART_PNG, other, &error));
    g_assert_no_error(error);
    render_inst_chart(&reused);
    char *a = NULL, *b = NULL;
    gsize na = 0, nb = 0;
    g_assert_true(g_file_get_contents(fresh.path, &a, &na, NULL));
    g_assert_true(g_file_get_contents(reused.path, &b, &nb, NULL));
    g_assert_cmpmem(a, na, b, nb);
    char *c = NULL;
    gsize nc = 0;
    g_assert_true(g_file_get_contents(other, &c, &nc, NULL));
    g_assert_true(nc != na || memcmp(a, c, na) != 0); /* the buffer held another chart */
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(other);
    g_free(fresh.path);
    g_free(reused.path);
  }
}

static void
test_render_pdf(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  char *path = tmp_path("trend.pdf");
  g_assert_true(om_chart_render_trend(&inst_chart, &st, OM_CHART_PDF, path, &error));
  g_assert_no_error(error);
  int pages = pdf_pages(path);
  if (pages < 0) {
    g_free(path);
    return;
  }
  g_assert_cmpint(pages, ==, 1);
  char *text = pdf_text(path);
  if (text == NULL) {
    g_free(path);
    return;
  }
  static const char *expect[]
      = { "Basisschool De Ëik", "Doel 2016: 90%",    "nulmeting",  "n=212",          "91,3%",
          "Jaar van meting",    "% tevreden ouders", "streefjaar", "Status: behaald" };
  for (gsize i = 0; i < G_N_ELEMENTS(expect); i++)
    if (strstr(text, expect[i]) == NULL)
      g_error("“%s” missing from the PDF text:\n%s", expect[i], text);
  g_free(text);
  g_free(path);
}

static void
test_suppressed_pdf(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  char *path = tmp_path("suppressed.pdf");
  g_assert_true(om_chart_render_trend(&inst_chart, &st, OM_CHART_PDF, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path);
  if (text != NULL) {
    g_assert_null(strstr(text, "71,4")); /* the suppressed estimate */
    g_assert_null(strstr(text, "35,9")); /* …and its interval */
    g_assert_nonnull(strstr(text, "te weinig respons (n=7)"));
    g_assert_nonnull(strstr(text, "84,2%")); /* a shown wave for contrast */
  }
  g_free(text);

  /* The same in an overview: the three suppressed rows appear only with their n. */
  OmOverviewChart o = make_overview(OM_OVERVIEW_INTERVALS);
  g_assert_true(om_chart_render_overview(&o, &st, OM_CHART_PDF, path, &error));
  g_assert_no_error(error);
  text = pdf_text(path);
  if (text != NULL) {
    g_assert_null(strstr(text, "12,3"));
    g_assert_nonnull(strstr(text, "(n=3)"));
  }
  g_free(text);
  g_free(path);
}

static void
test_language(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  st.lang = OM_LANG_EN;
  GError *error = NULL;
  char *path = tmp_path("english.pdf");
  /* The caller's texts come in the caller's language; only fixed labels switch. */
  OmTrendPanel panel = inst_panel;
  panel.subtitle = "Status: attained — 91.3% in 2016";
  OmTrendChart chart = inst_chart;
  chart.panels = &panel;
  chart.title = "Basisschool De Ëik — relationship with the school";
  chart.footnote = NULL;
  g_assert_true(om_chart_render_trend(&chart, &st, OM_CHART_PDF, path, &error));
  g_assert_no_error(error);
  char *text = pdf_text(path);
  if (text != NULL) {
    static const char *en[]
        = { "Target 2016: 90%",        "baseline",   "Survey year", "% satisfied parents", "91.3%",
            "too few responses (n=7)", "target year" };
    for (gsize i = 0; i < G_N_ELEMENTS(en); i++)
      if (strstr(text, en[i]) == NULL)
        g_error("“%s” missing from the English PDF:\n%s", en[i], text);
    static const char *nl[] = { "Doel", "nulmeting", "Jaar van meting", "91,3%", "te weinig" };
    for (gsize i = 0; i < G_N_ELEMENTS(nl); i++)
      if (strstr(text, nl[i]) != NULL)
        g_error("Dutch “%s” in the English PDF", nl[i]);
  }
  g_free(text);
  g_free(path);

  /* Layout-level: every fixed label of the overview switches too. */
  OmOverviewChart o = make_overview(OM_OVERVIEW_FUNNEL);
  OmChartLayout *L = om_chart_layout_overview(&o, &st, 800, 500, NULL, NULL, NULL);
  g_assert_true(layout_has_text(L, OM_LABEL_AXIS_TITLE, "Number of valid answers"));
  g_assert_true(layout_has_text(L, OM_LABEL_NOTE, "Not shown, too few responses (n < 10)"));
  g_assert_true(layout_has_text(L, OM_LABEL_LEGEND, "99.8% limits"));
  om_chart_layout_free(L);
  st.lang = OM_LANG_NL;
  L = om_chart_layout_overview(&o, &st, 800, 500, NULL, NULL, NULL);
  g_assert_true(layout_has_text(L, OM_LABEL_AXIS_TITLE, "Aantal geldige antwoorden"));
  g_assert_true(layout_has_text(L, OM_LABEL_LEGEND, "99,8%-grenzen"));
  om_chart_layout_free(L);
}

typedef struct {
  int elements;
  gboolean root_is_svg;
} SvgCheck;

static void
svg_start(GMarkupParseContext *ctx, const char *name, const char **an, const char **av,
          gpointer data, GError **error)
{
  (void)ctx;
  (void)an;
  (void)av;
  (void)error;
  SvgCheck *c = data;
  if (c->elements++ == 0)
    c->root_is_svg = g_str_equal(name, "svg");
}

static void
test_render_svg(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  make_sectors(0.02);
  GError *error = NULL;
  char *path = tmp_path("sectors.svg");
  g_assert_true(om_chart_render_trend(&sector_chart, &st, OM_CHART_SVG, path, &error));
  g_assert_no_error(error);
  char *svg = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &svg, &len, NULL));
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  SvgCheck check = { 0, FALSE };
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &check, NULL);
  g_assert_true(g_markup_parse_context_parse(ctx, svg, (gssize)len, &error));
  g_assert_true(g_markup_parse_context_end_parse(ctx, &error));
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
  g_assert_true(check.root_is_svg);
  g_assert_cmpint(check.elements, >, 50);
  g_assert_nonnull(strstr(svg, "width=\"800\""));
  g_free(svg);
  g_free(path);
}

static void
test_unwritable(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  static const OmChartFormat formats[] = { OM_CHART_PNG, OM_CHART_PDF, OM_CHART_SVG };
  for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
    GError *error = NULL;
    char *path = g_strdup_printf("/nonexistent/dir/x.%s", om_chart_format_to_string(formats[i]));
    g_assert_false(om_chart_render_trend(&inst_chart, &st, formats[i], path, &error));
    g_assert_error(error, OM_ERROR, OM_ERROR_IO);
    g_assert_nonnull(strstr(error->message, path));
    g_clear_error(&error);
    g_free(path);
  }
  OmOverviewChart o = make_overview(OM_OVERVIEW_INTERVALS);
  GError *error = NULL;
  g_assert_false(om_chart_render_overview(&o, &st, OM_CHART_PNG, "/nonexistent/dir/o.png", &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "/nonexistent/dir/o.png"));
  g_clear_error(&error);

  /* A device that is full: the write error is reported. The chart goes through a symlink
   * in the temporary directory, so that a regression that renamed a temporary file over
   * the target would replace only the symlink, never the device node itself. */
  char *link = tmp_path("full.png");
  if (g_file_test("/dev/full", G_FILE_TEST_EXISTS) && symlink("/dev/full", link) == 0) {
    g_assert_false(om_chart_render_trend(&inst_chart, &st, OM_CHART_PNG, link, &error));
    g_assert_error(error, OM_ERROR, OM_ERROR_IO);
    g_assert_nonnull(strstr(error->message, link));
    g_clear_error(&error);
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK)); /* written through, not replaced */
    g_unlink(link);
  }
  g_free(link);
}

static void
test_draw_embeds(void)
{
  /* The report draws charts onto its own surface at an offset: cr's state is restored. */
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 600, 800);
  cairo_t *cr = cairo_create(s);
  cairo_translate(cr, 40, 60);
  cairo_matrix_t before, after;
  cairo_get_matrix(cr, &before);
  GError *error = NULL;
  g_assert_true(om_chart_draw_trend(cr, &inst_chart, NULL, 500, 320, &error));
  g_assert_no_error(error);
  cairo_get_matrix(cr, &after);
  g_assert_cmpfloat(before.x0, ==, after.x0);
  g_assert_cmpfloat(before.y0, ==, after.y0);
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  /* Nothing is painted outside the box: the top-left corner stays transparent. */
  cairo_surface_flush(s);
  const guint32 *px = (const guint32 *)(const void *)cairo_image_surface_get_data(s);
  g_assert_cmpuint(px[0], ==, 0);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

static cairo_status_t
append_pdf(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The first `needle` in the len bytes at p (which may hold NULs), or NULL. */
static const char *
find_bytes(const char *p, gsize len, const char *needle)
{
  gsize n = strlen(needle);
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp(p + i, needle, n) == 0)
      return p + i;
  return NULL;
}

/* The bytes of all of a PDF's streams, inflated: its page content and font data. */
static gsize
pdf_stream_bytes(const GByteArray *pdf)
{
  gsize total = 0;
  const char *p = (const char *)pdf->data, *end = p + pdf->len;
  for (;;) {
    const char *start = find_bytes(p, (gsize)(end - p), "stream\n");
    if (start == NULL)
      break;
    start += strlen("stream\n");
    const char *stop = find_bytes(start, (gsize)(end - start), "endstream");
    g_assert_nonnull(stop);
    GZlibDecompressor *z = g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    char out[4096];
    gsize in_at = 0, read, written;
    GConverterResult r;
    do {
      r = g_converter_convert(G_CONVERTER(z), start + in_at, (gsize)(stop - start) - in_at, out,
                              sizeof out, G_CONVERTER_NO_FLAGS, &read, &written, NULL);
      g_assert_cmpint(r, !=, G_CONVERTER_ERROR);
      in_at += read;
      total += written;
    } while (r != G_CONVERTER_FINISHED);
    g_object_unref(z);
    p = stop + strlen("endstream");
  }
  return total;
}

/* The chart drawn piece by piece or batched (chart_type_draw_batched) at twice its size on
 * an image surface. Transfer full. */
static cairo_surface_t *
draw_image(const ChartType *type, gconstpointer model, double w, double h, gboolean batch)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * w), (int)(2 * h));
  cairo_t *cr = cairo_create(s);
  cairo_scale(cr, 2, 2);
  GError *error = NULL;
  g_assert_true(chart_type_draw_batched(type, cr, model, NULL, w, h, batch, &error));
  g_assert_no_error(error);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

/* The chart as a PDF's bytes, drawn piece by piece, batched, or as the PDF target chooses
 * (batch < 0: om_chart_draw_*). */
static GByteArray *
draw_pdf(const ChartType *type, gconstpointer model, double w, double h, int batch)
{
  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_pdf, bytes, w, h);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2016-01-01T00:00:00Z");
  cairo_t *cr = cairo_create(s);
  GError *error = NULL;
  if (batch >= 0)
    g_assert_true(chart_type_draw_batched(type, cr, model, NULL, w, h, batch, &error));
  else if (type == &chart_type_trend)
    g_assert_true(om_chart_draw_trend(cr, model, NULL, w, h, &error));
  else
    g_assert_true(om_chart_draw_overview(cr, model, NULL, w, h, &error));
  g_assert_no_error(error);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return bytes;
}

static void
test_render_batched(void)
{
  /* Painting ink kind by kind (a series' bars and markers, an overview's bars and each
   * status's markers, each as one path) must give the
   * picture piece-by-piece painting gives, but for a level here and there on Cairo's
   * rasteriser. On a PDF target the driver batches by itself, and the file is smaller. */
  make_sectors(0.04);
  OmTrendPanel three[3] = { inst_panel, inst_panel, inst_panel };
  three[1].title = "Tweede paneel";
  three[2].has_target = FALSE;
  OmTrendChart inst3 = inst_chart;
  inst3.panels = three;
  inst3.n_panels = 3;
  OmTrendPanel proj_panel = inst_panel;
  proj_panel.series = &proj_series;
  OmTrendChart proj = inst_chart;
  proj.panels = &proj_panel;
  OmOverviewChart ov = make_overview(OM_OVERVIEW_INTERVALS);
  struct {
    const ChartType *type;
    gconstpointer model;
    double w, h;
  } cases[] = { { &chart_type_trend, &inst_chart, 500, 320 },
                { &chart_type_trend, &inst3, 495, 470 },
                { &chart_type_trend, &proj, 500, 320 },
                { &chart_type_trend, &sector_chart, 800, 500 },
                { &chart_type_overview, &ov, 495, 700 } };
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    cairo_surface_t *a = draw_image(cases[c].type, cases[c].model, cases[c].w, cases[c].h, FALSE);
    cairo_surface_t *b = draw_image(cases[c].type, cases[c].model, cases[c].w, cases[c].h, TRUE);
    int stride = cairo_image_surface_get_stride(a), rows = cairo_image_surface_get_height(a);
    const guint8 *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int differ = 0, most = 0;
    for (int i = 0; i < stride * rows; i++) {
      int d = abs(pa[i] - pb[i]);
      differ += d != 0;
      most = MAX(most, d);
    }
    /* Cairo's stroker rounds a path of several pieces a level differently here and there. */
    g_assert_cmpint(most, <=, 2);
    g_assert_cmpint(differ, <=, 200);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    GByteArray *piece = draw_pdf(cases[c].type, cases[c].model, cases[c].w, cases[c].h, 0);
    GByteArray *batched = draw_pdf(cases[c].type, cases[c].model, cases[c].w, cases[c].h, 1);
    GByteArray *chosen = draw_pdf(cases[c].type, cases[c].model, cases[c].w, cases[c].h, -1);
    g_assert_cmpuint(pdf_stream_bytes(batched), <, pdf_stream_bytes(piece));
    g_assert_cmpuint(chosen->len, ==, batched->len);
    g_assert_cmpint(memcmp(chosen->data, batched->data, batched->len), ==, 0);
    g_byte_array_unref(piece);
    g_byte_array_unref(batched);
    g_byte_array_unref(chosen);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("om-chart-XXXXXX", NULL);
  g_assert_nonnull(tmpdir);
  g_test_add_func("/chart/format-names", test_format_names);
  g_test_add_func("/chart/status-keys", test_status_keys);
  g_test_add_func("/chart/scale", test_scale);
  g_test_add_func("/chart/axis/nice-step", test_nice_step);
  g_test_add_func("/chart/axis/ticks", test_ticks);
  g_test_add_func("/chart/axis/share-range", test_share_range);
  g_test_add_func("/chart/axis/years", test_years);
  g_test_add_func("/chart/labels/spread", test_spread);
  g_test_add_func("/chart/funnel-limits", test_funnel_limits);
  g_test_add_func("/chart/rect", test_rect);
  g_test_add_func("/chart/layout/target-line", test_layout_target_line);
  g_test_add_func("/chart/layout/no-overlap", test_layout_no_overlap);
  g_test_add_func("/chart/layout/overview", test_layout_overview);
  g_test_add_func("/chart/layout/rejects", test_layout_rejects);
  g_test_add_func("/chart/layout/offer", test_layout_offer);
  g_test_add_func("/chart/render/png", test_render_png);
  g_test_add_func("/chart/render/png-reused-pixels", test_render_png_reused);
  g_test_add_func("/chart/render/pdf", test_render_pdf);
  g_test_add_func("/chart/render/svg", test_render_svg);
  g_test_add_func("/chart/render/suppressed", test_suppressed_pdf);
  g_test_add_func("/chart/render/language", test_language);
  g_test_add_func("/chart/render/unwritable", test_unwritable);
  g_test_add_func("/chart/render/embeds", test_draw_embeds);
  g_test_add_func("/chart/render/batched", test_render_batched);
  int rc = g_test_run();
  /* Remove what the tests wrote. */
  GDir *dir = g_dir_open(tmpdir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    char *p = g_build_filename(tmpdir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (dir != NULL)
    g_dir_close(dir);
  g_rmdir(tmpdir);
  g_free(tmpdir);
  return rc;
}
