/* datadir.h — where the shipped survey definitions, targets and sector vocabulary are.
 *
 * An installed binary (PREFIX/bin/oudermonitor) finds them in PREFIX/share/oudermonitor/
 * surveys, wherever PREFIX was moved; a binary in the build tree finds the source tree's
 * surveys/; $OUDERMONITOR_SURVEYS overrides both. Reads no file, only tests directories.
 */
#ifndef OUDERMONITOR_DATADIR_H
#define OUDERMONITOR_DATADIR_H

#include <glib.h>

G_BEGIN_DECLS

/* The surveys directory, resolved once: $OUDERMONITOR_SURVEYS if set and non-empty, else
 * EXE_DIR/../share/oudermonitor/surveys when it exists (an installed binary), else the
 * directory compiled in as OM_SOURCE_SURVEYS_DIR. Never NULL. Transfer none. */
const char *om_data_surveys_dir(void);

/* A shipped file by name: "targets.ini" -> SURVEYS_DIR/targets.ini. Transfer full. */
char *om_data_file(const char *name);

/* A definition as the user named it: NAME itself when it exists or holds a '/', else the
 * shipped SURVEYS_DIR/NAME or SURVEYS_DIR/NAME.ini when that exists ("ouders" ->
 * .../surveys/ouders.ini), else NAME unchanged (so the caller's "cannot open" names what
 * the user typed). Transfer full. */
char *om_data_resolve_definition(const char *name);

G_END_DECLS

#endif
