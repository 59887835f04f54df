/* register.c — reading and checking the institutions register.
 *
 * A wrong register poisons every estimate after it (a wrong population is a wrong
 * weight), so it is checked strictly: known sectors, whole non-negative populations,
 * unique codes that are safe to use in file names. Never touches SQL, never prints.
 */
#include "input/register.h"
#include "base/position.h"
#include "input/csvsource.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct OmRegister {
  GArray *items; /* OmInstitution */
};

const char *const *
om_register_sectors(void)
{
  return om_sectors_codes(om_sectors_default());
}

gboolean
om_register_is_sector(const char *s)
{
  return om_sectors_lookup(om_sectors_default(), s) != NULL;
}

const char *
om_register_sector_title(const char *sector, gboolean english)
{
  return om_sectors_title(om_sectors_default(), sector, english);
}

void
om_institution_clear(OmInstitution *inst)
{
  if (!inst)
    return;
  g_clear_pointer(&inst->code, g_free);
  g_clear_pointer(&inst->name, g_free);
  g_clear_pointer(&inst->sector, g_free);
  g_clear_pointer(&inst->municipality, g_free);
  g_clear_pointer(&inst->board, g_free);
}

enum { COL_CODE, COL_NAME, COL_SECTOR, COL_MUNI, COL_POP, N_COLS };
static const char *const col_names[N_COLS]
    = { "instelling", "naam", "sector", "gemeente", "populatie" };

typedef struct {
  OmRegister *reg;
  GHashTable *seen; /* code -> line */
  int col_board;    /* the optional column `bestuur`, -1 when absent */
  int col[N_COLS];
  guint n_fields;
  gboolean header_done;
} ReadState;

static gboolean G_GNUC_PRINTF(5, 6) row_error(GError **error, const OmCsvRow *row, int field,
                                              OmErrorCode code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(error, code, row->source, row->line, (guint)field + 1, fmt, ap);
  va_end(ap);
  return FALSE;
}

/* A code ends up in file names (one chart per institution) and in messages, so only
 * letters, digits, '-' and '_' are accepted. */
static gboolean
code_is_safe(const char *c)
{
  if (*c == '\0' || strlen(c) > 32)
    return FALSE;
  for (; *c; c++)
    if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

/* The message a bureau needs: where, what it knows, and how to teach it a new sector. */
static gboolean
unknown_sector(GError **error, const OmCsvRow *row, int field, const char *sector,
               const OmSectors *voc)
{
  if (om_sectors_size(voc) == 0)
    return row_error(error, row, field, OM_ERROR_VALIDATION, "sector '%s' cannot be checked: %s",
                     sector, om_sectors_default_problem());
  g_autofree char *known = om_sectors_list(voc);
  return row_error(error, row, field, OM_ERROR_VALIDATION,
                   "sector '%s' is unknown; expected one of %s (upper or lower case); to add "
                   "one, add a group such as [%s] with a title to %s, or name another "
                   "vocabulary with --sectors FILE",
                   sector, known, *sector ? sector : "code", om_sectors_source(voc));
}

static gboolean
read_header(ReadState *st, const OmCsvRow *row, GError **error)
{
  for (int c = 0; c < N_COLS; c++)
    st->col[c] = -1;
  st->col_board = -1;
  for (guint i = 0; i < row->n_fields; i++) {
    char *h = g_strstrip(g_ascii_strdown(row->fields[i], -1));
    if (strcmp(h, "bestuur") == 0 && st->col_board < 0)
      st->col_board = (int)i;
    for (int c = 0; c < N_COLS; c++) {
      if (strcmp(h, col_names[c]) == 0) {
        if (st->col[c] >= 0) {
          g_free(h);
          return row_error(error, row, (int)i, OM_ERROR_PARSE,
                           "column '%s' appears twice in the header", col_names[c]);
        }
        st->col[c] = (int)i;
      }
    }
    g_free(h);
  }
  for (int c = 0; c < N_COLS; c++)
    if (st->col[c] < 0)
      return row_error(error, row, 0, OM_ERROR_PARSE,
                       "the header has no column '%s'; a register needs the columns "
                       "instelling,naam,sector,gemeente,populatie",
                       col_names[c]);
  st->n_fields = row->n_fields;
  st->header_done = TRUE;
  return TRUE;
}

static gboolean
on_row(const OmCsvRow *row, gpointer data, GError **error)
{
  ReadState *st = data;
  if (!st->header_done)
    return read_header(st, row, error);
  if (row->n_fields != st->n_fields)
    return row_error(error, row, (int)MIN(row->n_fields, st->n_fields), OM_ERROR_PARSE,
                     "this row has %u fields but the header has %u", row->n_fields, st->n_fields);

  OmInstitution inst = { 0 };
  inst.code = g_strstrip(g_strdup(row->fields[st->col[COL_CODE]]));
  inst.name = g_strstrip(g_strdup(row->fields[st->col[COL_NAME]]));
  const OmSectors *voc = om_sectors_default();
  const char *sector = om_sectors_lookup(voc, row->fields[st->col[COL_SECTOR]]);
  inst.sector = g_strstrip(g_strdup(sector ? sector : row->fields[st->col[COL_SECTOR]]));
  inst.municipality = g_strstrip(g_strdup(row->fields[st->col[COL_MUNI]]));
  if (st->col_board >= 0)
    inst.board = g_strstrip(g_strdup(row->fields[st->col_board]));
  inst.population = -1;
  gboolean ok = TRUE;
  if (!code_is_safe(inst.code))
    ok = row_error(error, row, st->col[COL_CODE], OM_ERROR_VALIDATION,
                   "institution code '%s' is not valid; expected letters, digits, '-' or '_' "
                   "(at most 32), such as 12AB00",
                   inst.code);
  else if (g_hash_table_contains(st->seen, inst.code))
    ok = row_error(error, row, st->col[COL_CODE], OM_ERROR_VALIDATION,
                   "institution code '%s' is listed twice (first on line %u)", inst.code,
                   GPOINTER_TO_UINT(g_hash_table_lookup(st->seen, inst.code)));
  else if (*inst.name == '\0')
    ok = row_error(error, row, st->col[COL_NAME], OM_ERROR_VALIDATION,
                   "institution '%s' has no name", inst.code);
  else if (!sector)
    ok = unknown_sector(error, row, st->col[COL_SECTOR], inst.sector, voc);
  if (ok) {
    g_autofree char *p = g_strstrip(g_strdup(row->fields[st->col[COL_POP]]));
    if (*p) {
      char *end;
      errno = 0;
      long long v = strtoll(p, &end, 10);
      if (*end != '\0' || errno || v < 0 || !g_ascii_isdigit(*p))
        ok = row_error(error, row, st->col[COL_POP], OM_ERROR_VALIDATION,
                       "populatie '%s' is not a whole number of parents; expected e.g. 240, "
                       "or empty when unknown",
                       p);
      else
        inst.population = v;
    }
  }
  if (!ok) {
    om_institution_clear(&inst);
    return FALSE;
  }
  g_hash_table_insert(st->seen, g_strdup(inst.code), GUINT_TO_POINTER((guint)row->line));
  g_array_append_val(st->reg->items, inst);
  return TRUE;
}

static void
clear_item(gpointer p)
{
  om_institution_clear(p);
}

OmRegister *
om_register_new_from_file(const char *path, GError **error)
{
  OmRegister *reg = g_new0(OmRegister, 1);
  reg->items = g_array_new(FALSE, TRUE, sizeof(OmInstitution));
  g_array_set_clear_func(reg->items, clear_item);
  ReadState st
      = { .reg = reg, .seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
  OmCsvOptions opts = { 0 };
  gboolean ok = om_csv_read_file(path, &opts, on_row, &st, NULL, error);
  if (ok && !st.header_done) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE, "%s: the register is empty", path);
    ok = FALSE;
  } else if (ok && reg->items->len == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE,
                "%s: the register has a header but no institutions", path);
    ok = FALSE;
  }
  g_hash_table_unref(st.seen);
  if (!ok) {
    om_register_free(reg);
    return NULL;
  }
  return reg;
}

void
om_register_free(OmRegister *r)
{
  if (!r)
    return;
  g_array_unref(r->items);
  g_free(r);
}

guint
om_register_size(const OmRegister *r)
{
  return r->items->len;
}

const OmInstitution *
om_register_get(const OmRegister *r, guint i)
{
  g_return_val_if_fail(i < r->items->len, NULL);
  return &g_array_index(r->items, OmInstitution, i);
}
