/* position.c — "FILE:LINE:COLUMN: what; expected …" messages, built in one place.
 * Knows no format and no other layer; never prints. */
#include "base/position.h"

gboolean
om_error_at_valist(GError **error, OmErrorCode code, const char *file, guint64 line, guint col,
                   const char *fmt, va_list ap)
{
  if (error == NULL)
    return FALSE;
  char *what = g_strdup_vprintf(fmt, ap);
  if (line == 0)
    g_set_error(error, OM_ERROR, code, "%s: %s", file, what);
  else if (col == 0)
    g_set_error(error, OM_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s", file, line, what);
  else
    g_set_error(error, OM_ERROR, code, "%s:%" G_GUINT64_FORMAT ":%u: %s", file, line, col, what);
  g_free(what);
  return FALSE;
}

gboolean
om_error_at(GError **error, OmErrorCode code, const char *file, guint64 line, guint col,
            const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(error, code, file, line, col, fmt, ap);
  va_end(ap);
  return FALSE;
}
