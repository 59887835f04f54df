/* error.h — the GError domain of the oudermonitor engine.
 *
 * Every library function that can fail fills a GError in this domain with a message a
 * user can act on (what, where as file:line:column, what was expected). The codes let
 * the CLI choose an exit code; the library never prints or exits.
 */
#ifndef OUDERMONITOR_ERROR_H
#define OUDERMONITOR_ERROR_H

#include <glib.h>

#if defined(OM_BUILDING)
#define OM_API __attribute__((visibility("default")))
#else
#define OM_API
#endif

G_BEGIN_DECLS

#define OM_ERROR (om_error_quark())

typedef enum {
  OM_ERROR_IO,         /* a file could not be read or written */
  OM_ERROR_ENCODING,   /* bytes that are not text in the expected encoding */
  OM_ERROR_PARSE,      /* a file is not what its format promises (CSV, key file) */
  OM_ERROR_DEFINITION, /* a survey or target definition is wrong */
  OM_ERROR_VALIDATION, /* data that parsed but breaks a rule (scale, register, duplicate) */
  OM_ERROR_STORE,      /* the SQLite store failed or is not an oudermonitor store */
  OM_ERROR_NOT_FOUND,  /* a named thing (wave, indicator, institution) does not exist */
  OM_ERROR_ARGUMENT,   /* a caller passed a value outside the function's domain */
  OM_ERROR_NUMERIC     /* a computation has no finite answer (separation, no data) */
} OmErrorCode;

OM_API GQuark om_error_quark(void);

G_END_DECLS

#endif
