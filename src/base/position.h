/* position.h — the one way to say where in a file something is wrong.
 *
 * Every reader (CSV records, the register, survey definitions, targets, the importer)
 * reports a problem as "FILE:LINE:COLUMN: what; expected …" so that a user can jump to
 * it in an editor or spreadsheet. This helper builds that message; it must never decide
 * what a column means (a field number for CSV, a character for encodings) — the caller
 * does — and never prints.
 */
#ifndef OUDERMONITOR_POSITION_H
#define OUDERMONITOR_POSITION_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

/* Sets *error (when error is not NULL) to OM_ERROR/code with the message
 * "FILE:LINE:COL: <formatted>", dropping COL when col is 0 and LINE too when line is 0
 * ("FILE: <formatted>"). The formatted text should say what is wrong and, after "; ",
 * what was expected. Always returns FALSE, so a reader can `return om_error_at(...)`.
 * Transfer none for every argument. */
gboolean om_error_at(GError **error, OmErrorCode code, const char *file, guint64 line, guint col,
                     const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* The same with a va_list. */
gboolean om_error_at_valist(GError **error, OmErrorCode code, const char *file, guint64 line,
                            guint col, const char *fmt, va_list ap) G_GNUC_PRINTF(6, 0);

G_END_DECLS

#endif
