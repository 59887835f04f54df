/* svg.c — the SVG writer: a chart's ink drawn by Cairo on an SVG surface without its
 * texts, then every label of the same layout written as a <text> element, so the SVG can
 * be edited, translated, searched and read by a screen reader, and its texts sit where
 * the PNG's do.
 *
 * A label is laid out with the renderer's one Pango setup (text.h) on the SVG surface's
 * own context: each line becomes a <tspan> at the line's baseline (top + ascent), anchored
 * at its start, middle or end as the label is aligned. It must never compute a share or
 * add text of its own: everything it writes comes from the layout (which never holds a
 * suppressed share) or from the caller's title, always escaped.
 */
#include "render/chart-private.h"
#include "render/svg.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>

void
om_xml_escape_append(GString *out, const char *text)
{
  if (text == NULL)
    return;
  char *valid = g_utf8_validate(text, -1, NULL) ? NULL : g_utf8_make_valid(text, -1);
  for (const char *p = valid ? valid : text; *p; p++) {
    switch (*p) {
    case '&':
      g_string_append(out, "&amp;");
      break;
    case '<':
      g_string_append(out, "&lt;");
      break;
    case '>':
      g_string_append(out, "&gt;");
      break;
    case '"':
      g_string_append(out, "&quot;");
      break;
    case '\'':
      g_string_append(out, "&#39;");
      break;
    default:
      if ((guchar)*p >= 0x20 || *p == '\t' || *p == '\n')
        g_string_append_c(out, *p);
    }
  }
  g_free(valid);
}

/* A coordinate in the C locale, at most two decimals, no trailing zeros. */
static void
append_num(GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (fabs(v) < 0.005)
    v = 0;
  g_ascii_formatd(buf, sizeof buf, "%.2f", v);
  gsize len = strlen(buf);
  while (len > 0 && buf[len - 1] == '0')
    len--;
  if (len > 0 && buf[len - 1] == '.')
    len--;
  g_string_append_len(out, buf, (gssize)len);
}

static void
append_rgb(GString *out, const double rgb[3])
{
  g_string_append_printf(out, "#%02X%02X%02X", (unsigned)lround(CLAMP(rgb[0], 0, 1) * 255),
                         (unsigned)lround(CLAMP(rgb[1], 0, 1) * 255),
                         (unsigned)lround(CLAMP(rgb[2], 0, 1) * 255));
}

/* The text an ellipsized one-line label shows: the longest prefix that fits its width
 * with "…" after it, as Pango cut it. Transfer full. */
static char *
ellipsized_text(PangoContext *ctx, const char *text, const OmTextStyle *ts, const char *family)
{
  OmTextStyle plain = *ts;
  plain.wrap_width = 0;
  plain.ellipsize = FALSE;
  glong lo = 0, hi = g_utf8_strlen(text, -1);
  while (lo < hi) {
    glong mid = (lo + hi + 1) / 2;
    char *prefix = g_utf8_substring(text, 0, mid);
    char *cand = g_strconcat(prefix, "…", NULL);
    PangoLayout *l = om_text_layout_new(ctx, cand, &plain, family);
    gboolean fits = om_text_layout_width(l) <= ts->wrap_width;
    g_object_unref(l);
    g_free(cand);
    g_free(prefix);
    if (fits)
      lo = mid;
    else
      hi = mid - 1;
  }
  char *prefix = g_utf8_substring(text, 0, lo);
  char *out = g_strconcat(g_strchomp(prefix), "…", NULL);
  g_free(prefix);
  return out;
}

static const char *const anchors[] = { "start", "middle", "end" };

/* One line of a layout as a <tspan> at its baseline; (ox, oy) is the layout's origin. */
static void
svg_line(GString *out, PangoLayoutIter *it, const char *text, int align, double ox, double oy)
{
  PangoRectangle lr;
  pango_layout_iter_get_line_extents(it, NULL, &lr);
  double left = (double)lr.x / PANGO_SCALE, width = (double)lr.width / PANGO_SCALE;
  double x = ox + left + (align == 1 ? width / 2 : align == 2 ? width : 0);
  double y = oy + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
  g_string_append(out, "<tspan x=\"");
  append_num(out, x);
  g_string_append(out, "\" y=\"");
  append_num(out, y);
  g_string_append(out, "\">");
  om_xml_escape_append(out, text);
  g_string_append(out, "</tspan>");
}

/* A label as one <text>, a <tspan> per line, drawn where paint.c draws it. */
static void
svg_label(GString *out, PangoContext *ctx, const char *family, const OmChartLabel *lab,
          const double rgb[3])
{
  PangoLayout *layout = om_text_layout_new(ctx, lab->text, &lab->style, family);
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  double lx = (double)logical.x / PANGO_SCALE, ly = (double)logical.y / PANGO_SCALE;
  double ox = lab->rect.x - lx, oy = lab->rect.y - ly;
  int align = CLAMP(lab->align, 0, 2);
  g_string_append(out, "<text");
  if (lab->vertical) {
    g_string_append(out, " transform=\"translate(");
    append_num(out, lab->rect.x);
    g_string_append_c(out, ' ');
    append_num(out, lab->rect.y + lab->rect.h);
    g_string_append(out, ") rotate(-90)\"");
    ox = -lx;
    oy = -ly;
  }
  g_string_append(out, " font-size=\"");
  append_num(out, lab->style.size);
  g_string_append_c(out, '"');
  if (lab->style.bold)
    g_string_append(out, " font-weight=\"bold\"");
  if (lab->style.italic)
    g_string_append(out, " font-style=\"italic\"");
  if (align != 0)
    g_string_append_printf(out, " text-anchor=\"%s\"", anchors[align]);
  g_string_append(out, " fill=\"");
  append_rgb(out, rgb);
  g_string_append(out, "\">");
  char *cut = pango_layout_is_ellipsized(layout)
                  ? ellipsized_text(ctx, lab->text, &lab->style, family)
                  : NULL;
  PangoLayoutIter *it = pango_layout_get_iter(layout);
  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    char *text = cut ? g_strdup(cut) : g_strndup(lab->text + line->start_index, line->length);
    g_strchomp(text);
    if (*text)
      svg_line(out, it, text, align, ox, oy);
    g_free(text);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_free(cut);
  g_object_unref(layout);
  g_string_append(out, "</text>\n");
}

/* Every label of the layout as <text>, in one group carrying the font family. */
static void
svg_texts(GString *out, cairo_t *cr, const ChartType *type, gconstpointer model,
          const OmChartStyle *style, const OmChartLayout *L)
{
  const char *family = style->font_family ? style->font_family : OM_TEXT_DEFAULT_FAMILY;
  PangoContext *ctx = om_text_context_new(cr);
  g_string_append(out, "<g font-family=\"");
  om_xml_escape_append(out, family);
  g_string_append(out, ", sans-serif\" xml:space=\"preserve\">\n");
  gsize n;
  const OmChartLabel *labels = om_chart_layout_labels(L, &n);
  for (gsize i = 0; i < n; i++) {
    double rgb[3];
    chart_label_colour(type, model, &labels[i], rgb);
    svg_label(out, ctx, style->font_family, &labels[i], rgb);
  }
  g_string_append(out, "</g>\n");
  g_object_unref(ctx);
}

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Appends Cairo's SVG body with every id, url(#…) and href="#…" prefixed. */
static void
append_prefixed(GString *out, const char *s, gsize len, const char *prefix)
{
  static const char *const keys[] = { "id=\"", "url(#", "href=\"#" };
  const char *end = s + len;
  while (s < end) {
    const char *best = NULL;
    gsize best_len = 0;
    for (gsize k = 0; k < G_N_ELEMENTS(keys); k++) {
      const char *hit = g_strstr_len(s, end - s, keys[k]);
      if (hit && (best == NULL || hit < best)) {
        best = hit;
        best_len = strlen(keys[k]);
      }
    }
    if (best == NULL || prefix == NULL || *prefix == '\0') {
      g_string_append_len(out, s, end - s);
      return;
    }
    g_string_append_len(out, s, best + best_len - s);
    g_string_append(out, prefix);
    s = best + best_len;
  }
}

/* Appends s with every decimal fraction cut to two digits (Cairo writes six): 0.01 pt is
 * invisible and the inline SVGs of a report shrink by a third. Only digits after a '.'
 * between digits are dropped; Cairo's body holds no text of the chart's. */
static void
append_short_numbers(GString *out, const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    g_string_append_c(out, s[i]);
    if (s[i] == '.' && i > 0 && g_ascii_isdigit(s[i - 1]) && i + 1 < len
        && g_ascii_isdigit(s[i + 1])) {
      gsize j = i + 1, kept = 0;
      for (; j < len && g_ascii_isdigit(s[j]); j++)
        if (kept < 2) {
          g_string_append_c(out, s[j]);
          kept++;
        }
      i = j - 1;
    }
  }
}

/* Cairo's document with the title on the root and the texts before its end. */
static GString *
svg_assemble(const GByteArray *bytes, const GString *texts, const char *title,
             const OmSvgOptions *o)
{
  const char *s = (const char *)bytes->data, *end = s + bytes->len;
  const char *root = g_strstr_len(s, bytes->len, "<svg");
  const char *open_end = root ? memchr(root, '>', end - root) : NULL;
  const char *close = g_strrstr_len(s, bytes->len, "</svg>");
  GString *out = g_string_sized_new(bytes->len + texts->len + 256);
  if (root == NULL || open_end == NULL || close == NULL || close < open_end) {
    g_string_append_len(out, s, bytes->len); /* not Cairo's shape: leave it */
    return out;
  }
  if (!o->inline_svg)
    g_string_append_len(out, s, root - s);
  g_string_append_len(out, root, open_end - root);
  g_string_append(out, " role=\"img\"");
  if (title && *title) {
    g_string_append(out, " aria-label=\"");
    om_xml_escape_append(out, title);
    g_string_append(out, "\"");
  }
  g_string_append(out, ">\n");
  if (title && *title) {
    g_string_append(out, "<title>");
    om_xml_escape_append(out, title);
    g_string_append(out, "</title>\n");
  }
  if (o->inline_svg) {
    GString *body = g_string_new(NULL);
    append_prefixed(body, open_end + 1, close - open_end - 1, o->id_prefix);
    append_short_numbers(out, body->str, body->len);
    g_string_free(body, TRUE);
  } else {
    append_prefixed(out, open_end + 1, close - open_end - 1, o->id_prefix);
  }
  g_string_append_len(out, texts->str, texts->len);
  g_string_append_len(out, close, end - close);
  return out;
}

/* The title a chart type's model carries. */
static const char *
model_title(const ChartType *type, gconstpointer model)
{
  if (type == &chart_type_trend)
    return ((const OmTrendChart *)model)->title;
  if (type == &chart_type_overview)
    return ((const OmOverviewChart *)model)->title;
  return NULL;
}

GString *
chart_type_svg(const ChartType *type, gconstpointer model, const OmChartStyle *style,
               const char *title, const char *id_prefix, gboolean with_xml_decl, GError **error)
{
  OmChartStyle defaults;
  if (style == NULL) {
    om_chart_style_init(&defaults);
    style = &defaults;
  }
  double w = style->width, h = style->height;
  if (!(w > 0 && h > 0 && w < 1e5 && h < 1e5)) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "chart size %g×%g is not a drawable size", w,
                h);
    return NULL;
  }
  GByteArray *bytes = g_byte_array_new();
  GString *texts = g_string_new(NULL);
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream(append_bytes, bytes, w, h);
  cairo_t *cr = cairo_create(surface);
  OmChartLayout *L = NULL;
  gboolean ok = chart_type_draw_full(type, cr, model, style, w, h, FALSE, &L, error);
  if (ok)
    svg_texts(texts, cr, type, model, style, L);
  om_chart_layout_free(L);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (ok && status != CAIRO_STATUS_SUCCESS) {
    ok = FALSE;
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot draw the SVG: %s",
                cairo_status_to_string(status));
  }
  GString *out = NULL;
  if (title == NULL)
    title = model_title(type, model);
  if (ok) {
    OmSvgOptions o = { title, id_prefix, !with_xml_decl };
    out = svg_assemble(bytes, texts, title, &o);
  }
  g_byte_array_unref(bytes);
  g_string_free(texts, TRUE);
  return out;
}

static char *
svg_string(const ChartType *type, gconstpointer model, const char *chart_title,
           const OmChartStyle *style, const OmSvgOptions *options, GError **error)
{
  OmSvgOptions defaults = { NULL, NULL, FALSE };
  const OmSvgOptions *o = options ? options : &defaults;
  GString *s = chart_type_svg(type, model, style, o->title ? o->title : chart_title, o->id_prefix,
                              !o->inline_svg, error);
  return s ? g_string_free(s, FALSE) : NULL;
}

char *
om_chart_svg_trend(const OmTrendChart *chart, const OmChartStyle *style,
                   const OmSvgOptions *options, GError **error)
{
  return svg_string(&chart_type_trend, chart, chart->title, style, options, error);
}

char *
om_chart_svg_overview(const OmOverviewChart *chart, const OmChartStyle *style,
                      const OmSvgOptions *options, GError **error)
{
  return svg_string(&chart_type_overview, chart, chart->title, style, options, error);
}
