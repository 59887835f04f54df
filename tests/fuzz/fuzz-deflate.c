/* fuzz-deflate.c — libFuzzer target for the PNG compressor (render/png-deflate.c).
 *
 * The charts' DEFLATE is hand-made, so every input must come back whole: the first two
 * bytes choose the row length and bytes per pixel, the rest is compressed into a buffer of
 * exactly om_png_deflate_bound bytes and inflated again with libdeflate, which must give
 * the input back byte for byte. Never a crash, an out-of-bounds read or write, or a stream
 * another decoder refuses. Built as fuzz-common.h says.
 */
#include "render/png-deflate.h"

#include <libdeflate.h>
#include <stdlib.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 2)
    return 0;
  gsize bpp = data[0] % 2 ? 4 : 3;
  gsize row_len = 1 + bpp * (1 + data[1] % 64);
  const guint8 *in = data + 2;
  gsize len = size - 2;
  gsize cap = om_png_deflate_bound(len);
  guint8 *out = g_malloc(cap);
  gsize n = om_png_deflate(in, len, row_len, bpp, out, cap);
  if (n == 0 || n > cap)
    abort(); /* the bound is the promise: it always fits */
  guint8 *back = g_malloc(len + 1);
  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
  size_t got = 0;
  if (libdeflate_deflate_decompress(d, out, n, back, len + 1, &got) != LIBDEFLATE_SUCCESS
      || got != len || memcmp(back, in, len) != 0)
    abort();
  libdeflate_free_decompressor(d);
  g_free(back);
  g_free(out);
  return 0;
}
