/* test-svg.c — the SVG writer: every label of a chart's layout is a <text> at the
 * position the PNG draws it (baseline = top + ascent), no glyph path is left, data strings
 * are escaped (a name with <script> and & stays text), the root carries <title> and
 * aria-label, and inline SVGs get prefixed ids. */
#include "render/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

static const char *evil = "OBS <script>alert(1)</script> & \"Zon\"";

static OmChartPoint points[] = {
  { 2013, 212, FALSE, 0.842, 0.787, 0.885, TRUE },
  { 2014, 7, TRUE, 0.714, 0.359, 0.918, FALSE },
  { 2016, 230, FALSE, 0.913, 0.870, 0.943, FALSE },
};
static OmChartSeries series = { "OBS <script>alert(1)</script> & \"Zon\"",
                                points,
                                3,
                                OM_COLOUR_AUTO,
                                FALSE,
                                FALSE,
                                0,
                                0,
                                0,
                                0,
                                FALSE };
static OmTrendPanel panel = {
  NULL, "Status: behaald — 91,3% in 2016", OM_CHART_STATUS_ATTAINED, TRUE, 0.90, 2016, &series, 1,
  FALSE
};
static OmTrendChart chart = { "OBS <script>alert(1)</script> & \"Zon\"", &panel, 1, NULL,
                              "Bron: ouderenquête 2013–2016.",           0,      0 };

static OmOverviewRow rows[] = {
  { "01AA00", "OBS <b>Vet</b>", 120, FALSE, 0.91, 0.85, 0.95, OM_CHART_STATUS_ATTAINED },
  { "02BB00", "De Eik", 6, TRUE, 0.5, 0.2, 0.8, OM_CHART_STATUS_TOO_FEW },
  { "03CC00", "Het Kompas", 80, FALSE, 0.82, 0.73, 0.89, OM_CHART_STATUS_NOT_ATTAINED },
};
static OmOverviewChart overview
    = { "Overzicht", "Doel: 90%", OM_OVERVIEW_INTERVALS, 0.9, 2016, rows, 3, 10, NULL, NULL };

/* What the parse collects. */
typedef struct {
  gboolean root_svg, has_title, has_aria;
  char *aria;
  GString *title;
  GPtrArray *texts; /* the concatenated text of each <text>, in order */
  GArray *first_x, *first_y;
  double min_contrast; /* of every <text> fill on white */
  guint n_text, n_glyph, n_script;
  int in_title, in_text;
  GString *cur;
  GPtrArray *ids;
} Parse;

static void
p_start(GMarkupParseContext *ctx, const char *name, const char **an, const char **av, gpointer data,
        GError **error)
{
  (void)ctx;
  (void)error;
  Parse *p = data;
  if (g_str_equal(name, "svg") && !p->root_svg) {
    p->root_svg = TRUE;
    for (int i = 0; an[i]; i++)
      if (g_str_equal(an[i], "aria-label")) {
        p->has_aria = TRUE;
        p->aria = g_strdup(av[i]);
      }
  }
  for (int i = 0; an[i]; i++)
    if (g_str_equal(an[i], "id"))
      g_ptr_array_add(p->ids, g_strdup(av[i]));
  if (g_str_equal(name, "title")) {
    p->has_title = TRUE;
    p->in_title = 1;
  }
  if (g_str_equal(name, "script"))
    p->n_script++;
  if (g_str_has_prefix(name, "glyph") || g_str_equal(name, "symbol"))
    p->n_glyph++;
  if (g_str_equal(name, "text")) {
    for (int i = 0; an[i]; i++)
      if (g_str_equal(an[i], "fill") && av[i][0] == '#') {
        guint32 hex = (guint32)strtoul(av[i] + 1, NULL, 16);
        double l[3],
            c[3] = { ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0 };
        for (int k = 0; k < 3; k++)
          l[k] = c[k] <= 0.03928 ? c[k] / 12.92 : pow((c[k] + 0.055) / 1.055, 2.4);
        double contrast = 1.05 / (0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2] + 0.05);
        p->min_contrast = MIN(p->min_contrast, contrast);
      }
    p->n_text++;
    p->in_text = 1;
    g_string_truncate(p->cur, 0);
  }
  if (g_str_equal(name, "tspan") && p->in_text && p->cur->len == 0) {
    double x = NAN, y = NAN;
    for (int i = 0; an[i]; i++) {
      if (g_str_equal(an[i], "x"))
        x = g_ascii_strtod(av[i], NULL);
      if (g_str_equal(an[i], "y"))
        y = g_ascii_strtod(av[i], NULL);
    }
    g_array_append_val(p->first_x, x);
    g_array_append_val(p->first_y, y);
  }
}

static void
p_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  (void)ctx;
  (void)error;
  Parse *p = data;
  if (g_str_equal(name, "title"))
    p->in_title = 0;
  if (g_str_equal(name, "text")) {
    p->in_text = 0;
    g_ptr_array_add(p->texts, g_strdup(p->cur->str));
  }
}

static void
p_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  (void)ctx;
  (void)error;
  Parse *p = data;
  if (p->in_title)
    g_string_append_len(p->title, text, (gssize)len);
  if (p->in_text)
    g_string_append_len(p->cur, text, (gssize)len);
}

static void
parse(const char *svg, Parse *p)
{
  memset(p, 0, sizeof *p);
  p->min_contrast = 21;
  p->title = g_string_new(NULL);
  p->cur = g_string_new(NULL);
  p->texts = g_ptr_array_new_with_free_func(g_free);
  p->ids = g_ptr_array_new_with_free_func(g_free);
  p->first_x = g_array_new(FALSE, FALSE, sizeof(double));
  p->first_y = g_array_new(FALSE, FALSE, sizeof(double));
  GMarkupParser parser = { p_start, p_end, p_text, NULL, NULL };
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, p, NULL);
  GError *error = NULL;
  g_assert_true(g_markup_parse_context_parse(ctx, svg, -1, &error));
  g_assert_no_error(error);
  g_assert_true(g_markup_parse_context_end_parse(ctx, &error));
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
}

static void
parse_clear(Parse *p)
{
  g_free(p->aria);
  g_string_free(p->title, TRUE);
  g_string_free(p->cur, TRUE);
  g_ptr_array_unref(p->texts);
  g_ptr_array_unref(p->ids);
  g_array_unref(p->first_x);
  g_array_unref(p->first_y);
}

/* Every label of the layout is one <text> with its text, in order; the first line's
 * start sits at the label's left edge and its baseline inside the label's box, where
 * Pango puts it (top + ascent). */
static void
check_labels(const OmChartLayout *L, const Parse *p)
{
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(L, &n);
  g_assert_cmpuint(n, >, 5);
  g_assert_cmpuint(p->texts->len, ==, n);
  for (gsize i = 0; i < n; i++) {
    const OmChartLabel *lab = &labels[i];
    const char *t = g_ptr_array_index(p->texts, i);
    if (lab->style.ellipsize)
      continue;
    char *want = g_strdup(lab->text);
    g_strdelimit(want, "\n", ' ');
    char *got = g_strdup(t);
    /* wrapped lines arrive without their break; compare without spaces */
    GString *ws = g_string_new(NULL), *gs = g_string_new(NULL);
    for (const char *c = want; *c; c++)
      if (*c != ' ')
        g_string_append_c(ws, *c);
    for (const char *c = got; *c; c++)
      if (*c != ' ')
        g_string_append_c(gs, *c);
    g_assert_cmpstr(gs->str, ==, ws->str);
    g_string_free(ws, TRUE);
    g_string_free(gs, TRUE);
    g_free(want);
    g_free(got);
    if (lab->vertical || lab->align != 0)
      continue;
    double x = g_array_index(p->first_x, double, i), y = g_array_index(p->first_y, double, i);
    g_assert_cmpfloat(fabs(x - lab->rect.x), <, 0.51);
    /* the baseline: below the top by the ascent (~0.76 em for DejaVu Sans) */
    double asc = y - lab->rect.y;
    g_assert_cmpfloat(asc, >, 0.6 * lab->style.size);
    g_assert_cmpfloat(asc, <, 1.1 * lab->style.size);
  }
}

static void
test_trend(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  GError *error = NULL;
  char *svg = om_chart_svg_trend(&chart, &st, NULL, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(svg, "<?xml"));
  Parse p;
  parse(svg, &p);
  g_assert_true(p.root_svg);
  g_assert_true(p.has_title);
  g_assert_true(p.has_aria);
  g_assert_cmpstr(p.title->str, ==, evil);
  g_assert_cmpstr(p.aria, ==, evil);
  g_assert_cmpuint(p.n_script, ==, 0);
  g_assert_cmpuint(p.n_glyph, ==, 0);
  g_assert_null(strstr(svg, "<script"));
  g_assert_nonnull(strstr(svg, "&lt;script&gt;"));
  /* the suppressed wave's share never appears */
  g_assert_null(strstr(svg, "71,4"));
  OmChartLayout *L = om_chart_layout_trend(&chart, &st, st.width, st.height, NULL, NULL, &error);
  g_assert_no_error(error);
  check_labels(L, &p);
  om_chart_layout_free(L);
  parse_clear(&p);
  g_free(svg);
}

static void
test_overview_inline(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  st.lang = OM_LANG_EN;
  GError *error = NULL;
  OmSvgOptions o = { "Alt <text>", "c7-", TRUE };
  char *svg = om_chart_svg_overview(&overview, &st, &o, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(svg, "<svg"));
  Parse p;
  parse(svg, &p);
  g_assert_cmpstr(p.aria, ==, "Alt <text>");
  g_assert_cmpuint(p.n_glyph, ==, 0);
  g_assert_cmpuint(p.ids->len, >, 0);
  for (guint i = 0; i < p.ids->len; i++)
    g_assert_true(g_str_has_prefix(g_ptr_array_index(p.ids, i), "c7-"));
  g_assert_null(strstr(svg, "url(#clip"));
  g_assert_null(strstr(svg, "href=\"#surface"));
  g_assert_null(strstr(svg, "<b>"));
  OmChartLayout *L
      = om_chart_layout_overview(&overview, &st, st.width, st.height, NULL, NULL, &error);
  g_assert_no_error(error);
  check_labels(L, &p);
  om_chart_layout_free(L);
  parse_clear(&p);
  g_free(svg);
}

/* Series-end labels in the light palette colours (vermillion, yellow, sky blue, orange)
 * are dark enough to read: WCAG 2.1 AA, 4.5:1 on white, for every text of the chart. */
static OmChartPoint pts2[4][2] = {
  { { 2014, 100, FALSE, 0.6, 0.5, 0.7, TRUE }, { 2016, 100, FALSE, 0.70, 0.6, 0.8, FALSE } },
  { { 2014, 100, FALSE, 0.7, 0.6, 0.8, TRUE }, { 2016, 100, FALSE, 0.80, 0.7, 0.9, FALSE } },
  { { 2014, 100, FALSE, 0.5, 0.4, 0.6, TRUE }, { 2016, 100, FALSE, 0.55, 0.45, 0.65, FALSE } },
  { { 2014, 100, FALSE, 0.4, 0.3, 0.5, TRUE }, { 2016, 100, FALSE, 0.45, 0.35, 0.55, FALSE } },
};
static OmChartSeries light[] = {
  { "zorg-welzijn", pts2[0], 2, OM_COLOUR_VERMILLION, FALSE, FALSE, 0, 0, 0, 0, FALSE },
  { "geel", pts2[1], 2, OM_COLOUR_YELLOW, FALSE, FALSE, 0, 0, 0, 0, FALSE },
  { "lichtblauw", pts2[2], 2, OM_COLOUR_SKY_BLUE, FALSE, FALSE, 0, 0, 0, 0, FALSE },
  { "oranje", pts2[3], 2, OM_COLOUR_ORANGE, FALSE, FALSE, 0, 0, 0, 0, FALSE },
};

static void
test_contrast(void)
{
  OmTrendPanel pn = { NULL, NULL, OM_CHART_STATUS_NONE, TRUE, 0.9, 2016, light, 4, TRUE };
  OmTrendChart c = { "Contrast", &pn, 1, NULL, NULL, 0, 0 };
  GError *error = NULL;
  char *svg = om_chart_svg_trend(&c, NULL, NULL, &error);
  g_assert_no_error(error);
  Parse p;
  parse(svg, &p);
  g_assert_nonnull(strstr(svg, ">zorg-welzijn</tspan>"));
  g_assert_cmpfloat(p.min_contrast, >=, 4.5);
  parse_clear(&p);
  g_free(svg);
}

static void
test_escape(void)
{
  GString *s = g_string_new(NULL);
  om_xml_escape_append(s, "a<b>&\"c'\x01\td\n");
  g_assert_cmpstr(s->str, ==, "a&lt;b&gt;&amp;&quot;c&#39;\td\n");
  g_string_free(s, TRUE);
}

static void
test_bad_size(void)
{
  OmChartStyle st;
  om_chart_style_init(&st);
  st.width = 0;
  GError *error = NULL;
  g_assert_null(om_chart_svg_trend(&chart, &st, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_clear_error(&error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/svg/trend", test_trend);
  g_test_add_func("/svg/overview-inline", test_overview_inline);
  g_test_add_func("/svg/escape", test_escape);
  g_test_add_func("/svg/contrast", test_contrast);
  g_test_add_func("/svg/bad-size", test_bad_size);
  return g_test_run();
}
