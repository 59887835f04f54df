/* bench-png.c — how fast and how small the chart PNG encoders are, on real charts. Prints
 * figures; never passes or fails on time.
 *
 *   build-release/tests/bench/bench-png [-n COUNT] DIR|FILE.png…
 *
 * Reads up to COUNT (default 100) PNG files (a directory is searched recursively, in name
 * order), decodes them with Cairo, and per method reports CPU time (this thread) and bytes
 * a chart: om_png_encode whole (scanlines, compression, checksums, container), then the
 * compression alone of the same unfiltered (and UP-filtered) scanlines with png-deflate.c,
 * libdeflate and zlib at several levels. Last, how many distinct colours the charts hold:
 * an exact palette PNG needs 256 or fewer.
 */
#include <cairo.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "render/png-deflate.h"
#include "render/png.h"

static double
cpu_seconds(void)
{
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
collect(const char *path, GPtrArray *files, guint max)
{
  if (files->len >= max)
    return;
  if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
    if (g_str_has_suffix(path, ".png"))
      g_ptr_array_add(files, g_strdup(path));
    return;
  }
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir == NULL)
    return;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(dir)) != NULL;)
    g_ptr_array_add(names, g_build_filename(path, n, NULL));
  g_dir_close(dir);
  g_ptr_array_sort(names, cmp_names);
  for (guint i = 0; i < names->len; i++)
    collect(names->pdata[i], files, max);
  g_ptr_array_unref(names);
}

typedef struct {
  guint8 *raw;
  gsize len, row_len, bpp;
} Scanlines;

/* Opaque charts: RGB8 rows, filter byte 0 (none) or 2 (up). */
static Scanlines
scanlines(cairo_surface_t *s, gboolean up)
{
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const guint8 *d = cairo_image_surface_get_data(s);
  Scanlines sc = { NULL, 0, 1 + (gsize)w * 3, 3 };
  sc.len = sc.row_len * (gsize)h;
  sc.raw = g_malloc(sc.len);
  for (int y = 0; y < h; y++) {
    guint8 *p = sc.raw + (gsize)y * sc.row_len;
    const guint32 *row = (const guint32 *)(d + (gsize)y * (gsize)stride);
    p[0] = up ? 2 : 0;
    for (int x = 0; x < w; x++) {
      p[1 + 3 * x] = (guint8)(row[x] >> 16);
      p[2 + 3 * x] = (guint8)(row[x] >> 8);
      p[3 + 3 * x] = (guint8)row[x];
    }
  }
  for (int y = h - 1; up && y > 0; y--)
    for (gsize k = 1; k < sc.row_len; k++)
      sc.raw[(gsize)y * sc.row_len + k] -= sc.raw[(gsize)(y - 1) * sc.row_len + k];
  return sc;
}

static gsize
compress_with(const char *method, int level, const Scanlines *sc, guint8 *out, gsize cap)
{
  if (strcmp(method, "png-deflate") == 0)
    return om_png_deflate(sc->raw, sc->len, sc->row_len, sc->bpp, out, cap) + 6;
  if (strcmp(method, "libdeflate") == 0) {
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    gsize n = libdeflate_zlib_compress(c, sc->raw, sc->len, out, cap);
    libdeflate_free_compressor(c);
    return n;
  }
  uLongf n = cap;
  compress2(out, &n, sc->raw, sc->len, level);
  return n;
}

static guint
count_colours(cairo_surface_t *s)
{
  GHashTable *seen = g_hash_table_new(NULL, NULL);
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *)(cairo_image_surface_get_data(s)
                                           + (gsize)y * (gsize)cairo_image_surface_get_stride(s));
    for (int x = 0; x < w; x++)
      g_hash_table_add(seen, GUINT_TO_POINTER(row[x] + 1u)); /* never NULL */
  }
  guint n = g_hash_table_size(seen);
  g_hash_table_unref(seen);
  return n;
}

static int
cmp_uint(gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;
  return x < y ? -1 : x > y;
}

static void
report_colours(cairo_surface_t **charts, guint n)
{
  guint *colours = g_new(guint, n), palette = 0;
  for (guint i = 0; i < n; i++) {
    colours[i] = count_colours(charts[i]);
    palette += colours[i] <= 256;
  }
  qsort(colours, n, sizeof *colours, cmp_uint);
  printf("distinct colours a chart: min %u, median %u, max %u; %u of %u charts fit an exact "
         "palette (<= 256)\n",
         colours[0], colours[n / 2], colours[n - 1], palette, n);
  g_free(colours);
}

int
main(int argc, char **argv)
{
  guint max = 100;
  int first = 1;
  if (argc > 2 && strcmp(argv[1], "-n") == 0) {
    max = (guint)atoi(argv[2]);
    first = 3;
  }
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  for (int i = first; i < argc; i++)
    collect(argv[i], files, max);
  if (files->len == 0 || max == 0) {
    fprintf(stderr, "usage: bench-png [-n COUNT] DIR|FILE.png…  (no PNG files found)\n");
    return 2;
  }
  guint n = files->len;
  cairo_surface_t **charts = g_new(cairo_surface_t *, n);
  for (guint i = 0; i < n; i++) {
    charts[i] = cairo_image_surface_create_from_png(files->pdata[i]);
    if (cairo_surface_status(charts[i]) != CAIRO_STATUS_SUCCESS
        || cairo_image_surface_get_format(charts[i]) != CAIRO_FORMAT_RGB24) {
      fprintf(stderr, "bench-png: %s is no opaque PNG\n", (char *)files->pdata[i]);
      return 1;
    }
    /* om_png_encode takes ARGB32: the same pixels, alpha 0xff. */
    cairo_surface_t *argb
        = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(charts[i]),
                                     cairo_image_surface_get_height(charts[i]));
    cairo_t *cr = cairo_create(argb);
    cairo_set_source_surface(cr, charts[i], 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(charts[i]);
    charts[i] = argb;
  }
  printf("%u charts, %d×%d\n\n%-34s %10s %12s\n", n, cairo_image_surface_get_width(charts[0]),
         cairo_image_surface_get_height(charts[0]), "method", "ms/chart", "KB/chart");

  GByteArray *png = g_byte_array_new();
  double t0 = cpu_seconds();
  gsize total = 0;
  for (guint i = 0; i < n; i++) {
    g_byte_array_set_size(png, 0);
    if (!om_png_encode(charts[i], png, files->pdata[i], NULL))
      return 1;
    total += png->len;
  }
  printf("%-34s %10.3f %12.1f\n", "om_png_encode (whole PNG)", (cpu_seconds() - t0) * 1e3 / n,
         (double)total / 1024 / n);
  g_byte_array_unref(png);

  static const struct {
    const char *method;
    int level;
  } methods[]
      = { { "png-deflate", 0 }, { "libdeflate", 1 }, { "libdeflate", 2 }, { "libdeflate", 6 },
          { "zlib", 1 },        { "zlib", 3 },       { "zlib", 6 } };
  for (int up = 0; up <= 1; up++)
    for (gsize m = 0; m < G_N_ELEMENTS(methods); m++) {
      if (up && methods[m].level != 0 && methods[m].level != 2 && methods[m].level != 3)
        continue;
      double t = 0;
      total = 0;
      for (guint i = 0; i < n; i++) {
        Scanlines sc = scanlines(charts[i], up);
        gsize cap = om_png_deflate_bound(sc.len) + 64;
        guint8 *out = g_malloc(cap);
        double a = cpu_seconds();
        total += compress_with(methods[m].method, methods[m].level, &sc, out, cap);
        t += cpu_seconds() - a;
        g_free(out);
        g_free(sc.raw);
      }
      char *name = methods[m].level
                       ? g_strdup_printf("%s level %d, %s", methods[m].method, methods[m].level,
                                         up ? "up" : "no filter")
                       : g_strdup_printf("%s, %s", methods[m].method, up ? "up" : "no filter");
      printf("%-34s %10.3f %12.1f\n", name, t * 1e3 / n, (double)total / 1024 / n);
      g_free(name);
    }
  printf("\n(compression alone: zlib stream of the scanlines, without PNG chunks)\n");
  report_colours(charts, n);
  for (guint i = 0; i < n; i++)
    cairo_surface_destroy(charts[i]);
  g_free(charts);
  g_ptr_array_unref(files);
  return 0;
}
