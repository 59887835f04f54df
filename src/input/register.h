/* register.h — the institutions register: code, name, sector, municipality, population.
 *
 * The register is the sampling frame: its `populatie` is the number of parents
 * (households) an institution serves, used for finite-population corrections and
 * response rates, and its codes are the only institution codes an import accepts.
 * This module reads a register CSV into memory and checks it; it knows nothing of SQL.
 */
#ifndef OUDERMONITOR_REGISTER_H
#define OUDERMONITOR_REGISTER_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef struct {
  char *code;         /* BRIN code plus location number, e.g. "12AB00" */
  char *name;
  char *sector;       /* one of om_register_sectors() */
  char *municipality;
  gint64 population;  /* parents (households) served; -1 = unknown */
} OmInstitution;

typedef struct OmRegister OmRegister;

/* The five sector keys in display order: voorschool, po, vo, mbo, zorg-welzijn.
 * NULL-terminated, static (transfer none). */
OM_API const char *const *om_register_sectors(void);
OM_API gboolean om_register_is_sector(const char *s);
/* Dutch display name of a sector key ("Primair onderwijs"); the key itself when unknown. */
OM_API const char *om_register_sector_title(const char *sector, gboolean english);

/* Reads and checks a register CSV (`instelling,naam,sector,gemeente,populatie`, any
 * column order, delimiter and encoding as csvsource sniffs them). Every problem is
 * reported as FILE:LINE:COLUMN with what was expected; the first one fails the call.
 * Returns NULL on failure. Transfer full. */
OM_API OmRegister *om_register_new_from_file(const char *path, GError **error);
OM_API void om_register_free(OmRegister *r); /* accepts NULL */

OM_API guint om_register_size(const OmRegister *r);
/* Transfer none; valid while the register lives. */
OM_API const OmInstitution *om_register_get(const OmRegister *r, guint i);

OM_API void om_institution_clear(OmInstitution *inst); /* frees the strings; accepts NULL */

G_END_DECLS

#endif
