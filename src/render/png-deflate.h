/* png-deflate.h — a DEFLATE compressor (RFC 1951) made for PNG scanlines of charts.
 *
 * General compressors (zlib, libdeflate) hash every byte, also inside the long runs of
 * background that make up most of a chart: on an 800×500 chart that alone costs about a
 * millisecond. This one looks for a match first where chart pixels repeat (the pixel to
 * the left, the pixel above) and only then in a small hash table, and never hashes the
 * bytes a match covered. A block that would not get smaller is stored. Plain C, no state
 * between calls; never allocates more than its hash table and token buffer. Used by png.c
 * only.
 */
#ifndef OUDERMONITOR_PNG_DEFLATE_H
#define OUDERMONITOR_PNG_DEFLATE_H

#include <glib.h>

G_BEGIN_DECLS

/* The room om_png_deflate needs at most for `len` bytes: a little more than len, for
 * blocks that do not compress and are stored. */
gsize om_png_deflate_bound(gsize len);

/* Compresses `len` bytes of PNG scanlines (rows of `row_len` bytes, filter byte included,
 * `bpp` bytes per pixel) as one raw DEFLATE stream into out[0..cap). Returns the number of
 * bytes written; 0 only when cap < om_png_deflate_bound(len) and they do not fit (out then
 * holds a useless partial stream). */
gsize om_png_deflate(const guint8 *in, gsize len, gsize row_len, gsize bpp, guint8 *out, gsize cap);

G_END_DECLS

#endif
