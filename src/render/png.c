/* png.c — a chart's pixels to PNG bytes (see png.h for why not Cairo's writer). Converts
 * Cairo's native-endian premultiplied ARGB32 to unfiltered RGB(A)8 rows, compresses them
 * with png-deflate.c and writes the PNG container
 * itself: signature, IHDR, one IDAT, IEND, each chunk with its CRC-32 (PNG specification,
 * 2nd ed., §5). Never draws, never writes a file.
 */
#include <libdeflate.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "oudermonitor/error.h"
#include "render/png-deflate.h"
#include "render/png.h"

/* Unfiltered rows through png-deflate.c, a DEFLATE made for charts. On 100 national
 * charts (800×500, release build, one core; tests/bench/bench-png), compression alone:
 * zlib level 3 (libspng's, before) 2.2 ms and 51.0 KB a chart, libdeflate level 2 1.75 ms
 * 49.0 KB, level 6 2.3 ms 46.3 KB, png-deflate 0.80 ms 51.9 KB (0.48 ms since issue 9's
 * third round, the same bytes; the whole om_png_encode 0.96 -> 0.57 ms). Flat colours compress
 * better unfiltered than with SUB or UP (+20% bytes with zlib and libdeflate alike).
 * libdeflate still gives the checksums: CRC-32 and Adler-32, several times zlib's speed. */

/* One row as RGB8 at p; returns the AND of its pixels, whose alpha is 0xff when all are
 * opaque. Cairo stores 0xAARRGGBB per pixel in native endianness: byte-swapped on a
 * little-endian machine it is R, G, B, A in memory, stored as four bytes of which the
 * next pixel overwrites the fourth; the row's last pixel writes one byte past it. */
static guint32
rgb_row(const guint32 *row, int w, guint8 *p)
{
  guint32 all = 0xffffffffu;
  for (int x = 0; x < w; x++) {
    guint32 px = row[x];
    all &= px;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    guint32 v = GUINT32_SWAP_LE_BE(px) >> 8;
    memcpy(p + 3 * x, &v, 4);
#else
    p[3 * x] = (guint8)(px >> 16);
    p[3 * x + 1] = (guint8)(px >> 8);
    p[3 * x + 2] = (guint8)px;
#endif
  }
  return all;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define OM_RGB_SSSE3 1
/* rgb_row with SSSE3 (every x86-64 made since 2006; checked at run time): four pixels a
 * step, B G R A in memory, shuffled to R G B three times and stored as 16 bytes of which
 * the next step overwrites the last four; the row's last step writes 4 bytes past it.
 * On 800×500 charts a quarter of the scalar loop's time. */
__attribute__((target("ssse3"))) static guint32
rgb_row_ssse3(const guint32 *row, int w, guint8 *p)
{
  const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
  __m128i all = _mm_set1_epi32(-1);
  int x = 0;
  for (; x + 4 <= w; x += 4) {
    __m128i v = _mm_loadu_si128((const __m128i *)(row + x));
    all = _mm_and_si128(all, v);
    _mm_storeu_si128((__m128i *)(p + 3 * x), _mm_shuffle_epi8(v, order));
  }
  all = _mm_and_si128(all, _mm_shuffle_epi32(all, 0x4e)); /* lanes 2,3,0,1 */
  all = _mm_and_si128(all, _mm_shuffle_epi32(all, 0xb1)); /* lanes 1,0,3,2 */
  return (guint32)_mm_cvtsi128_si32(all) & rgb_row(row + x, w - x, p + 3 * x);
}
#endif

/* One row as RGBA8 at p, colour no longer premultiplied by alpha. */
static void
rgba_row(const guint32 *row, int w, guint8 *p)
{
  for (int x = 0; x < w; x++, p += 4) {
    guint32 px = row[x];
    unsigned a = px >> 24, r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
    if (a != 0xff && a != 0) {
      r = (r * 255 + a / 2) / a;
      g = (g * 255 + a / 2) / a;
      b = (b * 255 + a / 2) / a;
    }
    p[0] = (guint8)r;
    p[1] = (guint8)g;
    p[2] = (guint8)b;
    p[3] = (guint8)a;
  }
}

/* The image as PNG scanlines, per row a filter byte (0, none) and its pixels: RGB8 when
 * every pixel is opaque (*alpha FALSE), else RGBA8. One pass for an opaque image; a
 * translucent one is started again as RGBA at its first translucent row. */
static guint8 *
scanlines(const unsigned char *data, int w, int h, int stride, gboolean *alpha, gsize *len)
{
  gsize row_len = 1 + (gsize)w * 3;
  *len = (gsize)h * row_len;
  guint8 *out = g_malloc(*len + 4); /* + the bytes rgb_row(_ssse3) write past the last row */
  guint32 (*row_fn)(const guint32 *, int, guint8 *) = rgb_row;
#ifdef OM_RGB_SSSE3
  if (__builtin_cpu_supports("ssse3"))
    row_fn = rgb_row_ssse3;
#endif
  *alpha = FALSE;
  for (int y = 0; y < h && !*alpha; y++) {
    out[(gsize)y * row_len] = 0;
    guint32 all = row_fn((const guint32 *)(data + (gsize)y * (gsize)stride), w,
                         out + (gsize)y * row_len + 1);
    *alpha = (all >> 24) != 0xff;
  }
  if (!*alpha)
    return out;
  g_free(out);
  row_len = 1 + (gsize)w * 4;
  *len = (gsize)h * row_len;
  out = g_malloc(*len);
  for (int y = 0; y < h; y++) {
    out[(gsize)y * row_len] = 0;
    rgba_row((const guint32 *)(data + (gsize)y * (gsize)stride), w, out + (gsize)y * row_len + 1);
  }
  return out;
}

static void
put_be32(guint8 *p, guint32 v)
{
  p[0] = (guint8)(v >> 24);
  p[1] = (guint8)(v >> 16);
  p[2] = (guint8)(v >> 8);
  p[3] = (guint8)v;
}

/* Reserves a chunk of `len` data bytes at the end of out, with its length and type
 * written; returns the offset of its data. */
static gsize
chunk_open(GByteArray *out, const char *type, gsize len)
{
  gsize at = out->len;
  g_byte_array_set_size(out, (guint)(at + 8 + len + 4));
  put_be32(out->data + at, (guint32)len);
  memcpy(out->data + at + 4, type, 4);
  return at + 8;
}

/* Ends the chunk whose data starts at `data` and holds `len` bytes: trims out to it and
 * appends the CRC-32 over type and data. */
static void
chunk_close(GByteArray *out, gsize data, gsize len)
{
  g_byte_array_set_size(out, (guint)(data + len + 4));
  put_be32(out->data + data - 8, (guint32)len);
  put_be32(out->data + data + len, libdeflate_crc32(0, out->data + data - 4, len + 4));
}

/* Appends `raw` (rows of row_len bytes, bpp bytes a pixel) as one IDAT chunk holding a
 * zlib stream (RFC 1950): header, DEFLATE data, Adler-32. FALSE when it is too large. */
static gboolean
put_idat(GByteArray *out, const guint8 *raw, gsize len, gsize row_len, gsize bpp)
{
  if (len >= G_MAXINT32 / 2)
    return FALSE;
  gsize cap = om_png_deflate_bound(len) + 6;
  if (cap >= G_MAXINT32 - 64 - out->len)
    return FALSE;
  gsize at = chunk_open(out, "IDAT", cap);
  out->data[at] = 0x78;     /* deflate, 32 KiB window */
  out->data[at + 1] = 0x01; /* fastest, no dictionary: (0x78 * 256 + 0x01) % 31 == 0 */
  gsize n = om_png_deflate(raw, len, row_len, bpp, out->data + at + 2, cap - 6);
  g_assert(n > 0); /* the room is om_png_deflate_bound's */
  put_be32(out->data + at + 2 + n, libdeflate_adler32(1, raw, len));
  chunk_close(out, at, n + 6);
  return TRUE;
}

gboolean
om_png_encode(cairo_surface_t *surface, GByteArray *out, const char *what, GError **error)
{
  if (cairo_surface_get_type(surface) != CAIRO_SURFACE_TYPE_IMAGE
      || cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot encode “%s” as PNG: not an ARGB image", what);
    return FALSE;
  }
  cairo_surface_flush(surface);
  const unsigned char *data = cairo_image_surface_get_data(surface);
  int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  int stride = cairo_image_surface_get_stride(surface);
  gboolean alpha;
  gsize len;
  guint8 *raw = scanlines(data, w, h, stride, &alpha, &len);

  guint start = out->len;
  g_byte_array_append(out, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
  gsize ihdr = chunk_open(out, "IHDR", 13);
  guint8 *p = out->data + ihdr;
  put_be32(p, (guint32)w);
  put_be32(p + 4, (guint32)h);
  p[8] = 8;                  /* bit depth */
  p[9] = alpha ? 6 : 2;      /* colour type: truecolour with alpha, or truecolour */
  p[10] = p[11] = p[12] = 0; /* deflate, adaptive filtering (method 0), no interlace */
  chunk_close(out, ihdr, 13);
  int channels = alpha ? 4 : 3;
  gboolean ok = put_idat(out, raw, len, 1 + (gsize)w * (gsize)channels, (gsize)channels);
  g_free(raw);
  if (ok)
    chunk_close(out, chunk_open(out, "IEND", 0), 0);
  else {
    g_byte_array_set_size(out, start);
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot encode “%s” as PNG: the image is too large",
                what);
  }
  return ok;
}
