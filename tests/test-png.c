/* test-png.c — the chart PNG encoder is lossless: what Cairo's own PNG reader decodes from
 * om_png_encode's bytes is the surface that was drawn, opaque or translucent. */
#include <cairo.h>
#include <stdlib.h>
#include <string.h>

#include "render/png.h"

typedef struct {
  const guint8 *data;
  gsize len, pos;
} Reader;

static cairo_status_t
read_bytes(void *closure, unsigned char *out, unsigned int len)
{
  Reader *r = closure;
  if (r->pos + len > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data + r->pos, len);
  r->pos += len;
  return CAIRO_STATUS_SUCCESS;
}

/* A small drawing with antialiased edges, text-like detail and (optionally) translucency. */
static cairo_surface_t *
draw(gboolean opaque)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 123, 77);
  cairo_t *cr = cairo_create(s);
  if (opaque) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  cairo_set_source_rgba(cr, 0.0, 0.447, 0.698, opaque ? 1 : 0.5);
  cairo_set_line_width(cr, 2.3);
  cairo_move_to(cr, 3, 70);
  cairo_curve_to(cr, 40, 5, 80, 90, 120, 10);
  cairo_stroke(cr);
  cairo_set_source_rgba(cr, 0.835, 0.369, 0.0, opaque ? 1 : 0.3);
  cairo_arc(cr, 60, 38, 17.5, 0, 6.3);
  cairo_fill(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

static void
check_roundtrip(gboolean opaque)
{
  cairo_surface_t *s = draw(opaque);
  GByteArray *png = g_byte_array_new();
  g_byte_array_append(png, (const guint8 *)"x", 1); /* appends, keeps what was there */
  GError *e = NULL;
  g_assert_true(om_png_encode(s, png, "test", &e));
  g_assert_no_error(e);
  g_assert_cmpmem(png->data + 1, 8, "\x89PNG\r\n\x1a\n", 8);
  Reader r = { png->data + 1, png->len - 1, 0 };
  cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_bytes, &r);
  g_assert_cmpint(cairo_surface_status(back), ==, CAIRO_STATUS_SUCCESS);
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  g_assert_cmpint(cairo_image_surface_get_width(back), ==, w);
  g_assert_cmpint(cairo_image_surface_get_height(back), ==, h);
  int worst = 0;
  for (int y = 0; y < h; y++) {
    const guint32 *a = (const guint32 *)(cairo_image_surface_get_data(s)
                                         + y * cairo_image_surface_get_stride(s));
    const guint32 *b = (const guint32 *)(cairo_image_surface_get_data(back)
                                         + y * cairo_image_surface_get_stride(back));
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 32; c += 8) {
        int d = abs((int)((a[x] >> c) & 0xff) - (int)((b[x] >> c) & 0xff));
        worst = MAX(worst, d);
      }
  }
  /* Opaque pixels go through unchanged. Translucent ones are unpremultiplied for PNG and
   * premultiplied again by the reader: at most one unit of rounding either way. */
  g_assert_cmpint(worst, <=, opaque ? 0 : 1);
  cairo_surface_destroy(back);
  cairo_surface_destroy(s);
  g_byte_array_unref(png);
}

static void
test_opaque(void)
{
  check_roundtrip(TRUE);
}

static void
test_translucent(void)
{
  check_roundtrip(FALSE);
}

static void
test_not_an_image(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 10, 10);
  GByteArray *png = g_byte_array_new();
  GError *e = NULL;
  g_assert_false(om_png_encode(s, png, "x.png", &e));
  g_assert_nonnull(e);
  g_assert_nonnull(strstr(e->message, "x.png"));
  g_assert_cmpuint(png->len, ==, 0);
  g_clear_error(&e);
  g_byte_array_unref(png);
  cairo_surface_destroy(s);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/png/opaque-lossless", test_opaque);
  g_test_add_func("/png/translucent-within-rounding", test_translucent);
  g_test_add_func("/png/refuses-non-argb", test_not_an_image);
  return g_test_run();
}
