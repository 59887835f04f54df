/* test-text.c — the renderer's one Pango setup (render/text.h): a text measures the same
 * through every entry point and on every surface the charts and the report draw on, wraps
 * and cuts as its style says, and is drawn where it was measured. */
#include "render/text.h"
#include "render/chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>

/* Fontconfig keeps its caches for the life of the process; under LeakSanitizer that is not
 * a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

static const char *sentence = "Basisschool De Ëik: 87,5% tevreden (n=212)";

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
  (void)closure;
  (void)data;
  (void)length;
  return CAIRO_STATUS_SUCCESS;
}

/* Measures `text` in `ts` on a fresh context of cr, through a layout of its own: never
 * from the measurement cache, so that surfaces are compared for real. */
static void
measure_on(cairo_t *cr, const char *text, const OmTextStyle *ts, const char *family, double *w,
           double *h)
{
  PangoContext *context = om_text_context_new(cr);
  PangoLayout *layout = om_text_layout_new(context, text, ts, family);
  *w = om_text_layout_width(layout);
  *h = om_text_layout_height(layout);
  g_object_unref(layout);
  g_object_unref(context);
}

/* The measurer a layout is tested with (om_chart_measure_pango) and the one a drawing
 * pass uses (om_text_measure on the target's context) agree exactly. */
static void
test_entry_points_agree(void)
{
  OmTextStyle ts = { 11.5, TRUE, FALSE, 0, FALSE };
  double w1, h1, w2, h2;
  om_chart_measure_pango(sentence, &ts, NULL, &w1, &h1, NULL);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create(s);
  measure_on(cr, sentence, &ts, NULL, &w2, &h2);
  g_assert_cmpfloat(w1, >, 100);
  g_assert_cmpfloat(h1, >, 10);
  g_assert_cmpfloat(w1, ==, w2);
  g_assert_cmpfloat(h1, ==, h2);
  /* NULL is the default family, by name. */
  measure_on(cr, sentence, &ts, OM_TEXT_DEFAULT_FAMILY, &w2, &h2);
  g_assert_cmpfloat(w1, ==, w2);
  g_assert_cmpfloat(h1, ==, h2);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* Unhinted metrics: the same width on a PNG at 1× and 2.5×, a PDF and an SVG — the
 * report's counting pass and a chart's layout measure on one surface and draw on another. */
static void
test_same_on_every_surface(void)
{
  OmTextStyle ts = { 9.3, FALSE, TRUE, 0, FALSE };
  cairo_surface_t *surfaces[] = {
    cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 100, 100),
    cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 250, 250),
    cairo_pdf_surface_create_for_stream(discard, NULL, 100, 100),
    cairo_svg_surface_create_for_stream(discard, NULL, 100, 100),
  };
  double w0 = 0, h0 = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(surfaces); i++) {
    cairo_t *cr = cairo_create(surfaces[i]);
    if (i == 1)
      cairo_scale(cr, 2.5, 2.5);
    double w, h;
    measure_on(cr, sentence, &ts, NULL, &w, &h);
    if (i == 0) {
      w0 = w;
      h0 = h;
    }
    g_assert_cmpfloat(w, ==, w0);
    g_assert_cmpfloat(h, ==, h0);
    cairo_destroy(cr);
    cairo_surface_finish(surfaces[i]);
    cairo_surface_destroy(surfaces[i]);
  }
}

/* wrap_width wraps onto more lines within the width; with ellipsize, one line cut to it. */
static void
test_wrap_and_ellipsize(void)
{
  OmTextStyle plain = { 10, FALSE, FALSE, 0, FALSE };
  OmTextStyle wrapped = { 10, FALSE, FALSE, 80, FALSE };
  OmTextStyle cut = { 10, FALSE, FALSE, 80, TRUE };
  double pw, ph, ww, wh, cw, ch;
  om_chart_measure_pango(sentence, &plain, NULL, &pw, &ph, NULL);
  om_chart_measure_pango(sentence, &wrapped, NULL, &ww, &wh, NULL);
  om_chart_measure_pango(sentence, &cut, NULL, &cw, &ch, NULL);
  g_assert_cmpfloat(pw, >, 80);
  g_assert_cmpfloat(ww, <=, 80 + 1e-9);
  g_assert_cmpfloat(wh, >=, 2 * ph - 1e-9);
  g_assert_cmpfloat(cw, <=, 80 + 1e-9);
  g_assert_cmpfloat(cw, >, 40);
  g_assert_cmpfloat(ch, ==, ph);
  /* A newline is a line break whatever the style. */
  double nw, nh;
  om_chart_measure_pango("87,5%\n88,1%", &plain, NULL, &nw, &nh, NULL);
  g_assert_cmpfloat(nh, >=, 2 * ph - 1e-9);
  /* Bold is wider than regular. */
  OmTextStyle bold = plain;
  bold.bold = TRUE;
  double bw, bh;
  om_chart_measure_pango(sentence, &bold, NULL, &bw, &bh, NULL);
  g_assert_cmpfloat(bw, >, pw);
}

/* om_text_show draws the layout with its origin at (x, y): ink inside the measured box
 * placed there, none left of x or above y. */
static void
test_show_draws_where_measured(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 60);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  PangoContext *context = om_text_context_new(cr);
  OmTextStyle ts = { 12, FALSE, FALSE, 0, FALSE };
  PangoLayout *layout = om_text_layout_new(context, "Doel 2016: 90%", &ts, NULL);
  double w = om_text_layout_width(layout), h = om_text_layout_height(layout);
  om_text_show(cr, layout, 40, 20);
  g_object_unref(layout);
  g_object_unref(context);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  const guint8 *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  int ink = 0, outside = 0;
  for (int y = 0; y < 60; y++)
    for (int x = 0; x < 300; x++) {
      guint32 px = *(const guint32 *)(const void *)(data + y * stride + 4 * x);
      if ((px & 0xffffff) == 0xffffff)
        continue;
      if (x >= 40 && x <= ceil(40 + w) && y >= 20 && y <= ceil(20 + h))
        ink++;
      else
        outside++;
    }
  g_assert_cmpint(ink, >, 50);
  g_assert_cmpint(outside, ==, 0);
  cairo_surface_destroy(s);
}

/* The measurement cache answers what a fresh layout measures, for every style that
 * changes a measurement, on the first (measured) and second (cached) asking alike. */
static void
test_cache_answers_as_measured(void)
{
  const OmTextStyle styles[] = {
    { 10, FALSE, FALSE, 0, FALSE },  { 10, TRUE, FALSE, 0, FALSE },
    { 10, FALSE, TRUE, 0, FALSE },   { 12, FALSE, FALSE, 0, FALSE },
    { 10, FALSE, FALSE, 80, FALSE }, { 10, FALSE, FALSE, 80, TRUE },
    { 10, FALSE, FALSE, 60, FALSE },
  };
  const char *texts[] = { sentence, "87,5%", "Basisschool De Ëik" };
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create(s);
  PangoContext *context = om_text_context_new(cr);
  for (gsize t = 0; t < G_N_ELEMENTS(texts); t++)
    for (gsize i = 0; i < G_N_ELEMENTS(styles); i++)
      for (int round = 0; round < 2; round++) {
        double w, h, cw, ch, pw, ph;
        measure_on(cr, texts[t], &styles[i], NULL, &w, &h);
        om_text_measure(texts[t], &styles[i], NULL, &cw, &ch, context);
        om_chart_measure_pango(texts[t], &styles[i], NULL, &pw, &ph, NULL);
        g_assert_cmpfloat(cw, ==, w);
        g_assert_cmpfloat(ch, ==, h);
        g_assert_cmpfloat(pw, ==, w);
        g_assert_cmpfloat(ph, ==, h);
      }
  g_object_unref(context);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

static gpointer
measure_in_thread(gpointer data)
{
  double *wh = data;
  OmTextStyle ts = { 9, TRUE, FALSE, 0, FALSE };
  om_chart_measure_pango(sentence, &ts, NULL, &wh[0], &wh[1], NULL);
  return NULL;
}

/* Other threads measure on their own contexts and get the same answers. */
static void
test_threads_measure_alike(void)
{
  double wh[4][2];
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new("measure", measure_in_thread, wh[i]);
  for (int i = 0; i < 4; i++)
    g_thread_join(threads[i]);
  OmTextStyle ts = { 9, TRUE, FALSE, 0, FALSE };
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create(s);
  double w, h;
  measure_on(cr, sentence, &ts, NULL, &w, &h);
  for (int i = 0; i < 4; i++) {
    g_assert_cmpfloat(wh[i][0], ==, w);
    g_assert_cmpfloat(wh[i][1], ==, h);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* A thread's shared context: the same for the same target options and scale, another for
 * another scale; its layouts are kept (the same object again) and measure as fresh ones. */
static void
test_shared_contexts_keep_layouts(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create(s);
  PangoContext *a = om_text_context_for(cr);
  cairo_translate(cr, 30, 40); /* Pango ignores a translation */
  PangoContext *b = om_text_context_for(cr);
  g_assert_true(a == b);
  cairo_scale(cr, 2, 2);
  PangoContext *c = om_text_context_for(cr);
  g_assert_true(c != a);
  OmTextStyle ts = { 10, FALSE, TRUE, 90, FALSE };
  PangoLayout *l1 = om_text_layout_get(a, sentence, &ts, NULL);
  PangoLayout *l2 = om_text_layout_get(a, sentence, &ts, NULL);
  g_assert_true(l1 == l2);
  OmTextStyle other = ts;
  other.italic = FALSE;
  PangoLayout *l3 = om_text_layout_get(a, sentence, &other, NULL);
  g_assert_true(l3 != l1);
  double w, h;
  measure_on(cr, sentence, &ts, NULL, &w, &h);
  g_assert_cmpfloat(om_text_layout_width(l1), ==, w);
  g_assert_cmpfloat(om_text_layout_height(l1), ==, h);
  g_object_unref(l1);
  g_object_unref(l2);
  g_object_unref(l3);
  g_object_unref(a);
  g_object_unref(b);
  g_object_unref(c);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* A shared context keeps its most recently used layouts: one used now and then survives
 * thousands of others, the least recently used one is dropped (a new object next time). */
static void
test_shared_layouts_least_recently_used(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create(s);
  PangoContext *ctx = om_text_context_for(cr);
  OmTextStyle ts = { 9, FALSE, FALSE, 0, FALSE };
  PangoLayout *kept = om_text_layout_get(ctx, "a label in every chart", &ts, NULL);
  PangoLayout *first = om_text_layout_get(ctx, "label 0", &ts, NULL);
  for (int i = 1; i <= 5000; i++) {
    char text[32];
    g_snprintf(text, sizeof text, "label %d", i);
    g_object_unref(om_text_layout_get(ctx, text, &ts, NULL));
    if (i % 500 == 0) {
      PangoLayout *again = om_text_layout_get(ctx, "a label in every chart", &ts, NULL);
      g_assert_true(again == kept);
      g_object_unref(again);
    }
  }
  PangoLayout *again = om_text_layout_get(ctx, "label 0", &ts, NULL);
  g_assert_true(again != first);
  g_object_unref(again);
  g_object_unref(first);
  g_object_unref(kept);
  g_object_unref(ctx);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

/* om_text_show leaves a context matched to cr alone (an update would make every layout on it
 * be laid out again) and matches one that is not. */
static void
test_show_updates_only_when_needed(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 50);
  cairo_t *cr = cairo_create(s);
  PangoContext *context = om_text_context_new(cr);
  OmTextStyle ts = { 10, FALSE, FALSE, 0, FALSE };
  PangoLayout *layout = om_text_layout_new(context, "87,5%", &ts, NULL);
  guint serial = pango_context_get_serial(context);
  om_text_show(cr, layout, 5, 5);
  cairo_translate(cr, 20, 10);
  om_text_show(cr, layout, 5, 5);
  g_assert_cmpuint(pango_context_get_serial(context), ==, serial);
  cairo_rotate(cr, -G_PI / 2);
  om_text_show(cr, layout, 5, 5);
  g_assert_cmpuint(pango_context_get_serial(context), !=, serial);
  const PangoMatrix *m = pango_context_get_matrix(context);
  g_assert_nonnull(m);
  g_assert_cmpfloat(fabs(m->xy), >, 0.5);
  g_object_unref(layout);
  g_object_unref(context);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/text/entry-points-agree", test_entry_points_agree);
  g_test_add_func("/text/same-on-every-surface", test_same_on_every_surface);
  g_test_add_func("/text/wrap-and-ellipsize", test_wrap_and_ellipsize);
  g_test_add_func("/text/show-draws-where-measured", test_show_draws_where_measured);
  g_test_add_func("/text/cache-answers-as-measured", test_cache_answers_as_measured);
  g_test_add_func("/text/threads-measure-alike", test_threads_measure_alike);
  g_test_add_func("/text/shared-layouts-least-recently-used",
                  test_shared_layouts_least_recently_used);
  g_test_add_func("/text/shared-contexts-keep-layouts", test_shared_contexts_keep_layouts);
  g_test_add_func("/text/show-updates-only-when-needed", test_show_updates_only_when_needed);
  return g_test_run();
}
