/* chart-file.c — chart output formats and files: format names, safe file names, and the
 * one driver that draws any chart type (or any draw function, such as the report) on a
 * PNG, PDF or SVG surface and writes the file whole or not at all.
 *
 * It never lays out or draws a chart itself; it gives a drawing a surface and a file.
 */
#include "base/safe-file.h"
#include "render/chart-private.h"
#include "render/png.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

/* ---------------------------------------------------------------------------------------
 * Formats and file names
 */

gboolean
om_chart_format_from_string(const char *s, OmChartFormat *out)
{
  static const struct {
    const char *name;
    OmChartFormat format;
  } names[] = { { "png", OM_CHART_PNG }, { "pdf", OM_CHART_PDF }, { "svg", OM_CHART_SVG } };
  if (s == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(s, names[i].name) == 0) {
      *out = names[i].format;
      return TRUE;
    }
  return FALSE;
}

gboolean
om_chart_format_from_path(const char *path, OmChartFormat *out)
{
  if (path == NULL)
    return FALSE;
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (dot == NULL || (slash != NULL && dot < slash))
    return FALSE;
  return om_chart_format_from_string(dot + 1, out);
}

const char *
om_chart_format_to_string(OmChartFormat format)
{
  switch (format) {
  case OM_CHART_PNG:
    return "png";
  case OM_CHART_PDF:
    return "pdf";
  case OM_CHART_SVG:
    return "svg";
  }
  return "png";
}

char *
om_chart_file_name(const char *stem, OmChartFormat format)
{
  GString *g = g_string_new(NULL);
  for (const char *p = stem ? stem : ""; *p && g->len < 64; p++)
    g_string_append_c(g, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '_');
  if (g->len == 0)
    g_string_append_c(g, '_');
  g_string_append_printf(g, ".%s", om_chart_format_to_string(format));
  return g_string_free(g, FALSE);
}

/* ---------------------------------------------------------------------------------------
 * Files
 */

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean defer_sync; /* om_chart_files_defer_sync: set before the writers start */

void
om_chart_files_defer_sync(gboolean defer)
{
  defer_sync = defer;
}

gboolean
om_chart_files_sync(const char *dir, GError **error)
{
  return om_safe_file_sync_folder(dir, error);
}

/* Every chart, report, page and workbook goes through the one safe file output
 * (base/safe-file.h): whole or not at all, never through a link, and in a batch synced
 * once at the end instead of per file. */
static gboolean
write_file(const char *path, const guint8 *data, gsize len, GError **error)
{
  return om_safe_file_write_bytes(
      path, OM_SAFE_FILE_PUBLIC | (defer_sync ? OM_SAFE_FILE_SYNC_LATER : 0), data, len, error);
}

gboolean
chart_write_file(const char *path, const guint8 *data, gsize len, GError **error)
{
  return write_file(path, data, len, error);
}

/* The pixels of a PNG chart whose drawing paints every pixel opaque first: one buffer per
 * thread, reused chart after chart and never cleared (cairo_image_surface_create clears
 * its 1.6 MB for an 800×500 chart: a memset and a calloc per chart, 4% of a chart's CPU).
 * The surface owns the buffer while it lives; when Cairo lets it go, the buffer becomes
 * the spare of the thread that lets it go, or is freed when that thread has one. */
typedef struct {
  guint8 *data;
  gsize size;
} Pixels;

static void
pixels_free(gpointer p)
{
  Pixels *px = p;
  if (px != NULL)
    g_free(px->data);
  g_free(px);
}

static GPrivate spare_pixels = G_PRIVATE_INIT(pixels_free);
static const cairo_user_data_key_t pixels_key;

static void
pixels_release(void *p)
{
  if (g_private_get(&spare_pixels) == NULL)
    g_private_set(&spare_pixels, p);
  else
    pixels_free(p);
}

/* An ARGB surface of w×h pixels whose contents are undefined until drawn. */
static cairo_surface_t *
undefined_surface(int w, int h)
{
  int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, w);
  if (stride <= 0)
    return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h); /* its error surface */
  gsize size = (gsize)stride * (gsize)h;
  Pixels *px = g_private_get(&spare_pixels);
  g_private_set(&spare_pixels, NULL);
  if (px == NULL || px->size != size) {
    pixels_free(px);
    px = g_new(Pixels, 1);
    px->data = g_malloc(size);
    px->size = size;
  }
  cairo_surface_t *surface
      = cairo_image_surface_create_for_data(px->data, CAIRO_FORMAT_ARGB32, w, h, stride);
  if (cairo_surface_set_user_data(surface, &pixels_key, px, pixels_release) != CAIRO_STATUS_SUCCESS)
    pixels_release(px); /* an error surface: it holds no pixels */
  return surface;
}

/* om_chart_render_to_file; `opaque`: the drawing paints every pixel opaque before anything
 * else, so a PNG's pixels need not start cleared. */
static gboolean
render_to_file(OmChartFormat format, double w, double h, double scale, OmChartDrawFunc draw,
               gconstpointer data, const char *path, gboolean opaque, GError **error)
{
  assert(draw != NULL && path != NULL);
  if (!(w > 0 && h > 0 && w < 1e5 && h < 1e5)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not a drawable size", w,
                h);
    return FALSE;
  }
  if (format == OM_CHART_PNG && !(scale > 0 && w * scale < 32767 && h * scale < 32767)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "PNG scale %g gives no drawable image", scale);
    return FALSE;
  }
  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *surface;
  int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
  switch (format) {
  case OM_CHART_PDF:
    surface = cairo_pdf_surface_create_for_stream(append_bytes, bytes, w, h);
    break;
  case OM_CHART_SVG:
    surface = cairo_svg_surface_create_for_stream(append_bytes, bytes, w, h);
    break;
  case OM_CHART_PNG:
  default:
    /* Only whole pixels are painted whole: a fractional edge would blend with the old. */
    if (opaque && pw == w * scale && ph == h * scale)
      surface = undefined_surface(pw, ph);
    else
      surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
    break;
  }
  cairo_status_t status = cairo_surface_status(surface);
  gboolean ok = status == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create the %s for “%s”: %s",
                om_chart_format_to_string(format), path, cairo_status_to_string(status));
  if (ok) {
    cairo_t *cr = cairo_create(surface);
    if (format == OM_CHART_PNG)
      cairo_scale(cr, scale, scale);
    ok = draw(cr, w, h, data, error);
    status = cairo_status(cr);
    cairo_destroy(cr);
    if (ok && status != CAIRO_STATUS_SUCCESS) {
      ok = FALSE;
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot draw “%s”: %s", path,
                  cairo_status_to_string(status));
    }
  }
  if (ok && format == OM_CHART_PNG)
    ok = om_png_encode(surface, bytes, path, error);
  cairo_surface_finish(surface);
  status = cairo_surface_status(surface);
  if (ok && status != CAIRO_STATUS_SUCCESS) {
    ok = FALSE;
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot finish “%s”: %s", path,
                cairo_status_to_string(status));
  }
  cairo_surface_destroy(surface);
  if (ok)
    ok = write_file(path, bytes->data, bytes->len, error);
  g_byte_array_unref(bytes);
  return ok;
}

gboolean
om_chart_render_to_file(OmChartFormat format, double w, double h, double scale,
                        OmChartDrawFunc draw, gconstpointer data, const char *path, GError **error)
{
  return render_to_file(format, w, h, scale, draw, data, path, FALSE, error);
}

/* ---------------------------------------------------------------------------------------
 * The file driver
 */

typedef struct {
  const ChartType *type;
  gconstpointer model;
  const OmChartStyle *style;
} DrawArgs;

static gboolean
draw_chart_cb(cairo_t *cr, double w, double h, gconstpointer data, GError **error)
{
  const DrawArgs *a = data;
  return chart_type_draw(a->type, cr, a->model, a->style, w, h, error);
}

gboolean
chart_type_render(const ChartType *type, gconstpointer model, const OmChartStyle *style,
                  OmChartFormat format, const char *path, GError **error)
{
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  if (format == OM_CHART_SVG) { /* texts as <text>, not glyph paths: svg.c */
    GString *svg = chart_type_svg(type, model, style, NULL, NULL, TRUE, error);
    gboolean ok = svg != NULL && write_file(path, (const guint8 *)svg->str, svg->len, error);
    if (svg != NULL)
      g_string_free(svg, TRUE);
    return ok;
  }
  DrawArgs a = { type, model, style };
  /* chart_type_draw paints the whole chart white before anything else (paint.c). */
  return render_to_file(format, style->width, style->height, style->dpi_scale, draw_chart_cb, &a,
                        path, TRUE, error);
}
