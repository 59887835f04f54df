/* sectors.h — the sector vocabulary: which sector codes a register may use, their Dutch
 * and English titles, display order, parent grouping and chart colour.
 *
 * Sectors are data, not code: the Dutch defaults ship as surveys/sectoren.ini and a
 * municipality replaces them with its own file (register --sectors FILE, kept in the store
 * for every later command, or $OUDERMONITOR_SECTORS),
 * so a register with an integraal kindcentrum or speciaal onderwijs loads without a new
 * build. This module reads and answers questions about that file; it must never hold a
 * sector word itself, never touch SQL and never print.
 */
#ifndef OUDERMONITOR_SECTORS_H
#define OUDERMONITOR_SECTORS_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef struct OmSectors OmSectors;

/* Reads a vocabulary (GLib key file, one [code] group per sector with `title`,
 * `title-en`, optional `order`, `parent`, `colour`). Codes are stored in lower case;
 * a code must be letters, digits, '-' or '_'. Fails with OM_ERROR_IO when the file cannot
 * be read, OM_ERROR_DEFINITION ("FILE:LINE: what; expected …") for a bad key, a code
 * given twice (in any case), a parent that is not a sector of the file, or a file with no
 * sectors. Returns NULL on failure. Transfer full. */
OmSectors *om_sectors_new_from_file(const char *path, GError **error);
/* The same over `len` bytes of text named `source` in messages. Transfer full. */
OmSectors *om_sectors_new_from_data(const char *source, const char *text, gsize len,
                                    GError **error);
void om_sectors_free(OmSectors *s); /* accepts NULL */

/* The file the vocabulary came from, for messages, and its text as read (a store keeps
 * it, so that every later command uses the vocabulary the register was checked against).
 * Transfer none. */
const char *om_sectors_source(const OmSectors *s);
const char *om_sectors_text(const OmSectors *s);
/* Number of sectors; the codes in display order (order key, then file order), lower
 * case, NULL-terminated. Transfer none; valid while s lives. */
guint om_sectors_size(const OmSectors *s);
const char *const *om_sectors_codes(const OmSectors *s);
/* The vocabulary's own spelling of `text` (surrounding spaces ignored, ASCII case
 * ignored: "IKC " gives "ikc"), or NULL when it is no sector. Transfer none. */
const char *om_sectors_lookup(const OmSectors *s, const char *text);
/* Title of a code (Dutch, or English when `english`); the code itself when unknown.
 * Transfer none. */
const char *om_sectors_title(const OmSectors *s, const char *code, gboolean english);
/* The sector a code is shown with (its `parent`), or NULL. Transfer none. */
const char *om_sectors_parent(const OmSectors *s, const char *code);
/* The colour name given for a code (e.g. "blue"), or NULL. Transfer none. */
const char *om_sectors_colour(const OmSectors *s, const char *code);
/* Display position (0-based) of a code; om_sectors_size() for an unknown code, so
 * unknown codes sort last. */
guint om_sectors_position(const OmSectors *s, const char *code);
/* "voorschool, kinderopvang, po, …" for messages. Transfer full. */
char *om_sectors_list(const OmSectors *s);

/* ---- the vocabulary in use ----------------------------------------------------------- */

/* Loads the process's vocabulary from `path`, or when path is NULL from the first of
 * $OUDERMONITOR_SECTORS, ./surveys/sectoren.ini and the installed surveys/sectoren.ini.
 * Replaces any vocabulary loaded before. Returns FALSE with the file's error (and leaves
 * the vocabulary in use unchanged) on failure. Call before worker threads start. */
gboolean om_sectors_load_default(const char *path, GError **error);
/* The vocabulary in use, loaded as om_sectors_load_default(NULL) on first use. Never
 * NULL: when no file could be read it is empty, every code is unknown, and
 * om_sectors_default_problem() says why. Transfer none. */
const OmSectors *om_sectors_default(void);
/* Why the vocabulary in use is empty, or NULL. Transfer none. */
const char *om_sectors_default_problem(void);
/* Makes `text` (a vocabulary kept in a store, named `source`) the one in use, replacing
 * the one before. Returns FALSE with the parse error and changes nothing on failure. */
gboolean om_sectors_use_data(const char *source, const char *text, GError **error);
/* TRUE when the user chose the vocabulary in use (om_sectors_load_default with a path, or
 * $OUDERMONITOR_SECTORS): then a store's own vocabulary must not replace it. */
gboolean om_sectors_default_is_chosen(void);

G_END_DECLS

#endif
