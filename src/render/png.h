/* png.h — PNG encoding of a drawn chart, faster than Cairo's own writer.
 *
 * Cairo's PNG writer runs libpng at zlib's default level with every row filter tried:
 * three quarters of a chart's time went into it. Charts are flat colours, text and thin
 * lines on an opaque background, which a fast deflate level without row filters packs
 * smaller still. Lossless: every pixel is written as drawn. Never draws, never writes a
 * file.
 */
#ifndef OUDERMONITOR_PNG_H
#define OUDERMONITOR_PNG_H

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Appends the PNG encoding of an ARGB32 image surface (flushed) to out: RGB when every
 * pixel is opaque, else RGBA with the premultiplied alpha undone. Returns FALSE with an
 * OM_ERROR_IO message naming `what` when the surface is no ARGB32 image or encoding fails;
 * out is then left as it was. */
gboolean om_png_encode(cairo_surface_t *surface, GByteArray *out, const char *what, GError **error);

G_END_DECLS

#endif
