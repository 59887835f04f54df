/* test-png.c — the chart PNG encoder is lossless: what Cairo's own PNG reader (libpng,
 * zlib) decodes from om_png_encode's bytes is the surface that was drawn, opaque or
 * translucent, a chart-like drawing or noise; a chart file written through the file driver
 * decodes to the pixels drawn; and png-deflate.c's streams inflate (libdeflate) to their
 * input, across blocks, stored blocks, window edges and runs longer than a match. */
#include <cairo.h>
#include <glib/gstdio.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "render/png-deflate.h"
#include "render/png.h"

/* Fontconfig (behind Cairo's text) keeps its caches for the life of the process; under
 * LeakSanitizer that is not a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

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

/* Every pixel of a and b the same, or (tolerance 1) each channel within one unit. */
static int
worst_difference(cairo_surface_t *a, cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
  g_assert_cmpint(cairo_image_surface_get_width(b), ==, w);
  g_assert_cmpint(cairo_image_surface_get_height(b), ==, h);
  int worst = 0;
  for (int y = 0; y < h; y++) {
    const guint32 *p = (const guint32 *)(cairo_image_surface_get_data(a)
                                         + y * cairo_image_surface_get_stride(a));
    const guint32 *q = (const guint32 *)(cairo_image_surface_get_data(b)
                                         + y * cairo_image_surface_get_stride(b));
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 32; c += 8) {
        int d = abs((int)((p[x] >> c) & 0xff) - (int)((q[x] >> c) & 0xff));
        worst = MAX(worst, d);
      }
  }
  return worst;
}

/* Pixels from a seeded generator: no two rows alike, nothing to compress. */
static cairo_surface_t *
noise(gboolean opaque)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 123, 77);
  GRand *r = g_rand_new_with_seed(9);
  guint8 *d = cairo_image_surface_get_data(s);
  for (int y = 0; y < 77; y++) {
    guint32 *row = (guint32 *)(d + y * cairo_image_surface_get_stride(s));
    for (int x = 0; x < 123; x++) {
      guint32 a = opaque ? 0xff : g_rand_int_range(r, 0, 256);
      guint32 px = a << 24;
      for (int c = 0; c < 24; c += 8) /* premultiplied: no channel above alpha */
        px |= (guint32)g_rand_int_range(r, 0, (gint32)a + 1) << c;
      row[x] = px;
    }
  }
  g_rand_free(r);
  cairo_surface_mark_dirty(s);
  return s;
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
check_roundtrip(cairo_surface_t *s, gboolean opaque)
{
  GByteArray *png = g_byte_array_new();
  g_byte_array_append(png, (const guint8 *)"x", 1); /* appends, keeps what was there */
  GError *e = NULL;
  g_assert_true(om_png_encode(s, png, "test", &e));
  g_assert_no_error(e);
  g_assert_cmpmem(png->data + 1, 8, "\x89PNG\r\n\x1a\n", 8);
  Reader r = { png->data + 1, png->len - 1, 0 };
  cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_bytes, &r);
  g_assert_cmpint(cairo_surface_status(back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpuint(r.pos, ==, r.len); /* IEND is the last chunk, nothing after it */
  /* Opaque pixels go through unchanged. Translucent ones are unpremultiplied for PNG and
   * premultiplied again by the reader: at most one unit of rounding either way. */
  g_assert_cmpint(worst_difference(s, back), <=, opaque ? 0 : 1);
  cairo_surface_destroy(back);
  cairo_surface_destroy(s);
  g_byte_array_unref(png);
}

static void
test_opaque(void)
{
  check_roundtrip(draw(TRUE), TRUE);
}

static void
test_translucent(void)
{
  check_roundtrip(draw(FALSE), FALSE);
}

/* Noise does not get smaller: png-deflate.c stores it. */
static void
test_noise(void)
{
  check_roundtrip(noise(TRUE), TRUE);
  check_roundtrip(noise(FALSE), FALSE);
}

/* A chart-like picture with antialiased text, drawn at scale 2. */
static gboolean
draw_text(cairo_t *cr, double w, double h, gconstpointer data, GError **error)
{
  (void)data;
  (void)error;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
  cairo_rectangle(cr, w * 0.6, 10, w * 0.3, h - 20);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_font_size(cr, 9.5);
  for (int k = 0; k < 5; k++) {
    cairo_move_to(cr, 8, 20 + 18 * k);
    cairo_show_text(cr, "Tevreden over de relatie met de school: 87,5%");
  }
  cairo_set_source_rgb(cr, 0.0, 0.447, 0.698);
  cairo_set_line_width(cr, 1.3);
  cairo_move_to(cr, 10, h - 10);
  cairo_line_to(cr, w - 10, 30);
  cairo_stroke(cr);
  return TRUE;
}

static void
test_chart_file(void)
{
  char *dir = g_dir_make_tmp("test-png-XXXXXX", NULL);
  g_assert_nonnull(dir);
  char *path = g_build_filename(dir, "chart.png", NULL);
  GError *e = NULL;
  g_assert_true(om_chart_render_to_file(OM_CHART_PNG, 240, 110, 2.0, draw_text, NULL, path, &e));
  g_assert_no_error(e);
  cairo_surface_t *want = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 480, 220);
  cairo_t *cr = cairo_create(want);
  cairo_scale(cr, 2.0, 2.0);
  draw_text(cr, 240, 110, NULL, NULL);
  cairo_destroy(cr);
  cairo_surface_flush(want);
  cairo_surface_t *got = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(got), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(worst_difference(want, got), ==, 0);
  cairo_surface_destroy(got);
  cairo_surface_destroy(want);
  g_assert_cmpint(g_remove(path), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
  g_free(path);
  g_free(dir);
}

/* Deflates `in`, inflates it again with libdeflate and compares. */
static void
check_deflate(const guint8 *in, gsize len, gsize row_len, gsize bpp)
{
  gsize cap = om_png_deflate_bound(len); /* just enough, even for noise */
  guint8 *z = g_malloc(cap), *back = g_malloc(len + 1);
  gsize n = om_png_deflate(in, len, row_len, bpp, z, cap);
  g_assert_cmpuint(n, >, 0);
  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
  size_t got = 0;
  g_assert_cmpint(libdeflate_deflate_decompress(d, z, n, back, len + 1, &got), ==,
                  LIBDEFLATE_SUCCESS);
  g_assert_cmpuint(got, ==, len);
  g_assert_true(len == 0 || memcmp(back, in, len) == 0);
  libdeflate_free_decompressor(d);
  g_free(back);
  g_free(z);
}

static void
test_deflate(void)
{
  gsize len = 200000;
  guint8 *buf = g_malloc(len);
  GRand *r = g_rand_new_with_seed(1951);
  check_deflate(buf, 0, 1, 1);
  buf[0] = 7;
  check_deflate(buf, 1, 1, 1);
  memset(buf, 0xff, len); /* one long run: matches of 258, a single-symbol block */
  check_deflate(buf, len, 2401, 3);
  for (gsize i = 0; i < len; i++) /* noise: all literals, several blocks */
    buf[i] = (guint8)g_rand_int(r);
  check_deflate(buf, len, 301, 3);
  /* A copy exactly at the window's edge (32768 back) and one just beyond it. */
  memcpy(buf + 40000, buf + 40000 - 32768, 3000);
  memcpy(buf + 80000, buf + 80000 - 32769, 3000);
  check_deflate(buf, len, 301, 3);
  /* Scanline-like: runs, rows repeated, short periodic patterns, rows wider than the
   * window (no match with the row above). */
  for (gsize i = 0; i < len; i++)
    buf[i] = (i % 301 == 0) ? 0 : (i / 5000) % 3 == 0 ? (guint8)(i % 301 % 7) : (guint8)(i % 3);
  check_deflate(buf, len, 301, 3);
  check_deflate(buf, len, 40001, 4);
  /* Too little room: 0, never a write beyond it. */
  for (gsize i = 0; i < len; i++)
    buf[i] = (guint8)g_rand_int(r);
  guint8 *small = g_malloc(1000);
  g_assert_cmpuint(om_png_deflate(buf, len, 301, 3, small, 1000), ==, 0);
  g_free(small);
  g_rand_free(r);
  g_free(buf);
}

/* Many random pictures of runs, copies from the row above and from anywhere earlier,
 * and noise, in random row widths and pixel sizes: every one inflates to its input. */
static void
test_deflate_random(void)
{
  GRand *r = g_rand_new_with_seed(1950);
  for (int round = 0; round < 300; round++) {
    gsize bpp = (gsize)g_rand_int_range(r, 3, 5), w = (gsize)g_rand_int_range(r, 1, 700);
    gsize row_len = 1 + w * bpp, len = row_len * (gsize)g_rand_int_range(r, 1, 120);
    guint8 *buf = g_malloc(len);
    for (gsize i = 0; i < len;) {
      gsize n = (gsize)g_rand_int_range(r, 1, 600);
      n = MIN(n, len - i);
      int kind = g_rand_int_range(r, 0, 4);
      for (gsize k = 0; k < n; k++, i++) {
        if (kind == 0 || (kind == 1 && i < row_len) || (kind == 2 && i < 5000))
          buf[i] = (guint8)g_rand_int(r); /* noise */
        else if (kind == 1)
          buf[i] = buf[i - row_len]; /* the row above */
        else if (kind == 2)
          buf[i] = buf[i - 4999]; /* a repeat from far back */
        else
          buf[i] = i >= bpp ? buf[i - bpp] : 0xff; /* a run of one colour */
      }
    }
    check_deflate(buf, len, row_len, bpp);
    g_free(buf);
  }
  g_rand_free(r);
}

/* A chart-like picture, width odd: white rows between gridlines (rows equal to the row
 * above), vertical lines crossing them (rows equal but not of one colour), an antialiased
 * diagonal, a patch of noise and a copy of it further down (the hash candidate). Encoded,
 * then decoded by libpng and zlib (Cairo's reader): the same pixels, and RGB (type 2). */
static void
test_repeated_rows(void)
{
  const int w = 801, h = 197;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  for (int y = 10; y < h; y += 23)
    cairo_rectangle(cr, 40, y, w - 80, 1);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.53, 0.53, 0.53);
  for (int x = 40; x < w; x += 190)
    cairo_rectangle(cr, x, 0, 1, h);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.0, 0.447, 0.698);
  cairo_set_line_width(cr, 1.6);
  cairo_move_to(cr, 45, h - 5);
  cairo_line_to(cr, w - 45, 7);
  cairo_stroke(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  guint8 *d = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  GRand *r = g_rand_new_with_seed(2401);
  for (int y = 20; y < 40; y++)
    for (int x = 300; x < 360; x++)
      ((guint32 *)(d + y * stride))[x] = 0xff000000u | (g_rand_int(r) & 0xffffff);
  for (int y = 20; y < 40; y++)
    memcpy(d + (y + 120) * stride + 500 * 4, d + y * stride + 300 * 4, 60 * 4);
  g_rand_free(r);
  cairo_surface_mark_dirty(s);
  GByteArray *png = g_byte_array_new();
  g_assert_true(om_png_encode(s, png, "rows", NULL));
  g_assert_cmpuint(png->data[25], ==, 2); /* IHDR colour type: truecolour, no alpha */
  Reader rd = { png->data, png->len, 0 };
  cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_bytes, &rd);
  g_assert_cmpint(cairo_surface_status(back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(worst_difference(s, back), ==, 0);
  g_assert_cmpuint(png->len, <, (gsize)w * h / 4); /* and it did compress */
  cairo_surface_destroy(back);
  cairo_surface_destroy(s);
  g_byte_array_unref(png);
}

/* Rows narrower than, and not a multiple of, the four pixels the SSSE3 scanline step
 * takes: opaque ones stay RGB and exact; one translucent pixel anywhere, also in a row's
 * last pixels or the last row, makes the image RGBA. */
static void
test_narrow_rows(void)
{
  for (int w = 1; w <= 9; w++)
    for (int h = 1; h <= 3; h++)
      for (int at = -1; at < w * h; at++) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
        guint8 *d = cairo_image_surface_get_data(s);
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            ((guint32 *)(d + y * cairo_image_surface_get_stride(s)))[x]
                = y * w + x == at ? 0x80402010u : 0xff000000u | (guint32)(x * 0x10203 + y * 0x70);
        cairo_surface_mark_dirty(s);
        GByteArray *png = g_byte_array_new();
        g_assert_true(om_png_encode(s, png, "narrow", NULL));
        g_assert_cmpuint(png->data[25], ==, at < 0 ? 2 : 6);
        Reader rd = { png->data, png->len, 0 };
        cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_bytes, &rd);
        g_assert_cmpint(cairo_surface_status(back), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint(worst_difference(s, back), <=, at < 0 ? 0 : 1);
        cairo_surface_destroy(back);
        cairo_surface_destroy(s);
        g_byte_array_unref(png);
      }
}

/* The bit writer stores 8 bytes at a time: with exactly om_png_deflate_bound bytes of
 * room, or too little, nothing past the room is touched. */
static void
test_deflate_room(void)
{
  gsize len = 70000;
  guint8 *buf = g_malloc(len);
  GRand *r = g_rand_new_with_seed(8);
  for (int kind = 0; kind < 3; kind++) {
    for (gsize i = 0; i < len; i++)
      buf[i] = kind == 0   ? (guint8)g_rand_int(r)                          /* stored */
               : kind == 1 ? (guint8)(i % 3)                                /* runs */
                           : (guint8)(i % 601 < 40 ? g_rand_int(r) : 0xff); /* mixed */
    for (int tight = 0; tight < 2; tight++) {
      gsize cap = tight ? 100 : om_png_deflate_bound(len);
      guint8 *z = g_malloc(cap + 64);
      memset(z + cap, 0xa5, 64);
      gsize n = om_png_deflate(buf, len, 601, 3, z, cap);
      g_assert_true(tight ? n == 0 : n > 0 && n <= cap);
      for (int k = 0; k < 64; k++)
        g_assert_cmpuint(z[cap + k], ==, 0xa5);
      g_free(z);
    }
  }
  g_rand_free(r);
  g_free(buf);
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
  g_test_add_func("/png/noise-lossless", test_noise);
  g_test_add_func("/png/chart-file-lossless", test_chart_file);
  g_test_add_func("/png/deflate-roundtrip", test_deflate);
  g_test_add_func("/png/deflate-random-roundtrip", test_deflate_random);
  g_test_add_func("/png/repeated-rows-lossless", test_repeated_rows);
  g_test_add_func("/png/narrow-rows-lossless", test_narrow_rows);
  g_test_add_func("/png/deflate-stays-in-room", test_deflate_room);
  g_test_add_func("/png/refuses-non-argb", test_not_an_image);
  return g_test_run();
}
