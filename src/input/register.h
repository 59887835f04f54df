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
#include "input/sectors.h"

G_BEGIN_DECLS

typedef struct {
  char *code; /* BRIN code plus location number, e.g. "12AB00" */
  char *name;
  char *sector; /* a code of the sector vocabulary in use (input/sectors.h) */
  char *municipality;
  gint64 population; /* parents (households) served; -1 = unknown */
  char *board;       /* optional column `bestuur`: the school board; NULL or "" = none */
} OmInstitution;

typedef struct OmRegister OmRegister;

/* Shorthands over the vocabulary in use (om_sectors_default()): its codes in display
 * order (NULL-terminated, transfer none), whether `s` is one of them (ignoring case and
 * surrounding spaces), and a code's Dutch or English title (the code itself when
 * unknown; transfer none). */
const char *const *om_register_sectors(void);
gboolean om_register_is_sector(const char *s);
const char *om_register_sector_title(const char *sector, gboolean english);

/* Reads and checks a register CSV (`instelling,naam,sector,gemeente,populatie`, any
 * column order, delimiter and encoding as csvsource sniffs them; an optional column
 * `bestuur` names each institution's school board). Sectors are checked
 * against the vocabulary in use and stored in its spelling (IKC becomes ikc). Every problem is
 * reported as FILE:LINE:COLUMN with what was expected; the first one fails the call.
 * Returns NULL on failure. Transfer full. */
OmRegister *om_register_new_from_file(const char *path, GError **error);
void om_register_free(OmRegister *r); /* accepts NULL */

guint om_register_size(const OmRegister *r);
/* Transfer none; valid while the register lives. */
const OmInstitution *om_register_get(const OmRegister *r, guint i);

void om_institution_clear(OmInstitution *inst); /* frees the strings; accepts NULL */

G_END_DECLS

#endif
