/* import.c — one survey export into the store, in one transaction, with a report.
 *
 * Rows stream from csvsource straight into the store inside one transaction; the first
 * problem stops further inserts (they would be rolled back anyway) but checking goes on,
 * so one run lists every problem of a file. Only the columns the survey maps are read
 * into the store: the importer never copies a whole row anywhere, and the respondent id
 * only as its keyed pseudonym (store.h).
 * Never draws, never prints.
 */
#include "import/import.h"
#include "base/position.h"
#include "import/writer.h"
#include "input/source.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <nettle/base16.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LISTED_PROBLEMS 200
#define MAX_DETECTED_HEADER_ROWS 5
#define MAX_NAMES_ROW 3 /* the names row is looked for in the first three rows */

static const char *const problem_name_one[OM_PROBLEM_N] = {
  [OM_PROBLEM_RAGGED] = "row with the wrong number of fields",
  [OM_PROBLEM_SCALE] = "answer outside the scale",
  [OM_PROBLEM_INSTITUTION] = "unknown institution code",
  [OM_PROBLEM_DUPLICATE] = "duplicate respondent id",
  [OM_PROBLEM_MISSING_ID] = "empty respondent id or institution code",
  [OM_PROBLEM_YEAR] = "year that differs from the wave's year",
};

static const char *const problem_names[OM_PROBLEM_N] = {
  [OM_PROBLEM_RAGGED] = "rows with the wrong number of fields",
  [OM_PROBLEM_SCALE] = "answers outside the scale",
  [OM_PROBLEM_INSTITUTION] = "unknown institution codes",
  [OM_PROBLEM_DUPLICATE] = "duplicate respondent ids",
  [OM_PROBLEM_MISSING_ID] = "empty respondent ids or institution codes",
  [OM_PROBLEM_YEAR] = "years that differ from the wave's year",
};

const char *
om_problem_kind_name(OmProblemKind k)
{
  g_return_val_if_fail(k < OM_PROBLEM_N, "");
  return problem_names[k];
}

OmImportReport *
om_import_report_new(void)
{
  OmImportReport *r = g_new0(OmImportReport, 1);
  r->ignored_columns = g_ptr_array_new_with_free_func(g_free);
  r->problems = g_ptr_array_new_with_free_func(g_free);
  return r;
}

void
om_import_report_free(OmImportReport *r)
{
  if (!r)
    return;
  g_free(r->source);
  g_free(r->sha256);
  g_free(r->group);
  g_ptr_array_unref(r->ignored_columns);
  g_ptr_array_unref(r->problems);
  g_free(r);
}

typedef struct {
  OmStore *store;
  const OmSurvey *survey;
  const OmImportOptions *opts;
  OmImportReport *rep;
  const char *path;
  const char *base_name;
  GHashTable *institutions; /* registered codes (set) */
  GHashTable *respondents;  /* id -> first line */
  GStringChunk *ids;        /* storage for the ids above */
  /* header */
  gboolean have_header;
  guint n_fields;
  int col_respondent, col_institution, col_year;
  int *item_col; /* per item: field index */
  guint64 header_line;
  int rows_to_skip; /* remaining explicit skips, or -1 for detection */
  gboolean detecting;
  GPtrArray *above;           /* header rows before the names row (char **), for empty names */
  GError *first_header_error; /* detection: why row 1 was not the names row */
  /* data */
  gint32 *answers;
  gboolean any_data;
  gint64 wave_id;
  GString *id_buf, *inst_buf; /* reused per row */
  const char *last_code;      /* the register's copy of the previous row's code, or NULL */
  gboolean keep_baseline;     /* the replaced wave was the marked baseline */
  GHashTable *answered;       /* instellingen: institution -> first line */
  guint64 empty_rows;
  OmCounter *counter; /* the wave's counts, kept with it (store schema 4) */
  OmPseudonymKey *key;
  OmRespondentWriter *writer; /* stores the respondents while the next rows are read */
  /* The wave's identity when it is checked after the rows (not identity_first): the file
   * is hashed on a thread of its own meanwhile, and the wave is stored under a placeholder
   * until then. */
  gboolean identity_first;  /* checked before the first row */
  GThread *hasher;          /* !identity_first: hashing the file (hash_file) */
  char *sha256;             /* ... its result, once joined (take_sha256) */
  GError *sha256_error;     /* ... or why the file could not be read */
  GThread *freeing;         /* freeing the ids seen, after the last row (free_seen_ids) */
  GThread *freeing_counter; /* freeing the counter, once its counts are stored */
  OmWave replaced;          /* the wave this import deleted (--replace); id 0: none */
} ImportState;

/* The cell without surrounding spaces: the cell itself when it has none (as nearly every
 * cell), else a copy in a reused buffer (no allocation per row). len: the cell's length. */
static const char *
trimmed(GString *buf, const char *cell, gsize len)
{
  if (len == 0
      || (cell[0] != ' ' && cell[0] != '\t' && cell[len - 1] != ' ' && cell[len - 1] != '\t'))
    return cell;
  while (*cell == ' ' || *cell == '\t')
    cell++;
  len = strlen(cell);
  while (len && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
    len--;
  g_string_truncate(buf, 0);
  g_string_append_len(buf, cell, (gssize)len);
  return buf->str;
}

static void G_GNUC_PRINTF(5, 6) problem(ImportState *st, OmProblemKind kind, const OmCsvRow *row,
                                        int field, const char *fmt, ...)
{
  st->rep->n_problems++;
  st->rep->by_kind[kind]++;
  if (st->rep->problems->len >= MAX_LISTED_PROBLEMS)
    return;
  GError *e = NULL;
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(&e, OM_ERROR_VALIDATION, row->source, row->line, (guint)field + 1, fmt, ap);
  va_end(ap);
  g_ptr_array_add(st->rep->problems, g_strdup(e->message));
  g_error_free(e);
}

/* A cell as a message shows it: at most 40 characters, control characters escaped, so a
 * 10 MB answer or an escape sequence in an id cannot flood or rewrite the terminal.
 * Returns a static buffer per call site slot (k: 0..3). */
static const char *
shown(const char *cell, int k)
{
  static char bufs[4][256];
  char *out = bufs[k & 3];
  gsize o = 0;
  glong chars = 0;
  for (const char *p = cell; *p && o < sizeof bufs[0] - 16; chars++) {
    if (chars == 40) {
      memcpy(out + o, "…", strlen("…"));
      o += strlen("…");
      break;
    }
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      break;
    const char *next = g_utf8_next_char(p);
    if (g_unichar_iscntrl(c))
      o += (gsize)g_snprintf(out + o, sizeof bufs[0] - o, "\\x%02x", c & 0xff);
    else {
      memcpy(out + o, p, (gsize)(next - p));
      o += (gsize)(next - p);
    }
    p = next;
  }
  out[o] = '\0';
  return out;
}

static gboolean
same_name(const char *header, const char *name)
{
  char *h = g_utf8_casefold(header, -1);
  char *n = g_utf8_casefold(name, -1);
  g_strstrip(h);
  gboolean eq = strcmp(h, n) == 0;
  g_free(h);
  g_free(n);
  return eq;
}

static gboolean G_GNUC_PRINTF(4, 5)
    header_error(GError **error, const OmCsvRow *row, int field, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(error, OM_ERROR_VALIDATION, row->source, row->line,
                     field >= 0 ? (guint)field + 1 : 0, fmt, ap);
  va_end(ap);
  return FALSE;
}

static gboolean
read_header(ImportState *st, const OmCsvRow *row, GError **error)
{
  const OmSurvey *s = st->survey;
  guint n_items = om_survey_n_items(s);
  st->col_respondent = st->col_institution = st->col_year = -1;
  st->item_col = g_new(int, n_items);
  for (guint i = 0; i < n_items; i++)
    st->item_col[i] = -1;
  const char *year_name = om_survey_year_column(s);

  for (guint f = 0; f < row->n_fields; f++) {
    const char *h = row->fields[f];
    int *slot = NULL;
    const char *what = NULL;
    if (same_name(h, om_survey_respondent_column(s))) {
      slot = &st->col_respondent;
      what = "respondent id";
    } else if (same_name(h, om_survey_institution_column(s))) {
      slot = &st->col_institution;
      what = "institution";
    } else if (year_name && same_name(h, year_name)) {
      slot = &st->col_year;
      what = "year";
    } else {
      int item = om_survey_match_column(s, h);
      if (item < 0) {
        g_ptr_array_add(st->rep->ignored_columns, g_strdup(*h ? h : "(no title)"));
        continue;
      }
      slot = &st->item_col[item];
      what = om_survey_item(s, (guint)item)->id;
    }
    if (*slot >= 0)
      return header_error(error, row, (int)f,
                          "column '%s' maps to %s, which column %d maps to already", shown(h, 0),
                          what, *slot + 1);
    *slot = (int)f;
  }
  if (st->col_respondent < 0)
    return header_error(error, row, -1,
                        "the header has no respondent id column '%s' (survey %s); is this an "
                        "export of that survey?",
                        om_survey_respondent_column(s), om_survey_id(s));
  if (st->col_institution < 0)
    return header_error(error, row, -1, "the header has no institution column '%s' (survey %s)",
                        om_survey_institution_column(s), om_survey_id(s));
  GString *missing = g_string_new(NULL);
  guint n_missing = 0;
  for (guint i = 0; i < n_items; i++)
    if (st->item_col[i] < 0) {
      const OmItem *it = om_survey_item(s, i);
      if (n_missing++ < 5)
        g_string_append_printf(missing, "%s'%s'", missing->len ? ", " : "", it->column);
    }
  if (n_missing) {
    header_error(error, row, -1,
                 "%u item column%s of survey %s %s not in the header: %s%s; expected a column "
                 "named by the item's 'column' or 'title' (see surveys/README.md)",
                 n_missing, n_missing == 1 ? "" : "s", om_survey_id(s),
                 n_missing == 1 ? "is" : "are", missing->str, n_missing > 5 ? ", …" : "");
    g_string_free(missing, TRUE);
    return FALSE;
  }
  g_string_free(missing, TRUE);
  if (st->opts->year == 0 && st->col_year < 0 && year_name)
    return header_error(error, row, -1,
                        "the header has no year column '%s'; give the wave's year with --year",
                        year_name);
  if (st->opts->year == 0 && st->col_year < 0)
    return header_error(error, row, -1,
                        "the survey names no year column; give the wave's year with --year");
  st->n_fields = row->n_fields;
  st->header_line = row->line;
  st->have_header = TRUE;
  st->answers = g_new(gint32, n_items);
  return TRUE;
}

/* A value label of the file (SPSS) against the definition: a label the item's scale knows
 * must stand for the same code there, or the answers would silently mean something else.
 * Labels the scale does not know are the file's own business. */
static gboolean
check_value_label(guint column, double code, const char *label, gpointer data, GError **error)
{
  ImportState *st = data;
  if (!st->have_header)
    return TRUE;
  for (guint i = 0; i < om_survey_n_items(st->survey); i++) {
    if (st->item_col[i] != (int)column)
      continue;
    const OmItem *item = om_survey_item(st->survey, i);
    gint32 ours;
    if (om_scale_parse(item->scale, label, &ours) && ours != OM_ANSWER_BLANK
        && (double)ours != code)
      return om_error_at(error, OM_ERROR_VALIDATION, st->rep->source, 1, column + 1,
                         "variable '%s' labels %g as '%s', which scale %s reads as %d; expected "
                         "the file's value labels to agree with the survey definition (correct "
                         "the labels in SPSS or the scale's labels)",
                         item->column, code, label, om_scale_id(item->scale), ours);
  }
  return TRUE;
}

/* A record's fields as a NULL-terminated copy. Transfer full (g_strfreev). */
static char **
copy_fields(const OmCsvRow *row)
{
  char **copy = g_new0(char *, row->n_fields + 1);
  for (guint f = 0; f < row->n_fields; f++)
    copy[f] = g_strdup(row->fields[f]);
  return copy;
}

/* The name of each column: its cell in this row, or where that is empty the nearest cell
 * above it (SurveyMonkey leaves "Respondent ID" in row 1 and the item names in row 2).
 * Transfer full (g_strfreev). */
static char **
names_with_above(const ImportState *st, const OmCsvRow *row)
{
  char **names = g_new0(char *, row->n_fields + 1);
  for (guint f = 0; f < row->n_fields; f++) {
    const char *name = row->fields[f];
    for (guint k = st->above->len; k > 0 && strspn(name, " \t") == strlen(name); k--) {
      char **prev = g_ptr_array_index(st->above, k - 1);
      if (f < g_strv_length(prev))
        name = prev[f];
    }
    names[f] = g_strdup(name);
  }
  return names;
}

/* Sets the extra header rows to skip after the names row: --skip-rows, else the survey's
 * header-rows, else detection. */
static void
plan_extra_rows(ImportState *st, guint names_row)
{
  int total = om_survey_header_rows(st->survey);
  if (st->opts->skip_rows >= 0 || total == 0)
    return;
  st->rows_to_skip = MAX(total - (int)names_row, 0);
  st->detecting = FALSE;
}

/* The names row: the survey's header-row, or detected — the first of the first three rows
 * whose names (with empty cells named from above) fit the survey. */
static gboolean
find_header(ImportState *st, const OmCsvRow *row, GError **error)
{
  guint names_row = st->above->len + 1;
  int want = om_survey_header_row(st->survey);
  if (want > 0 && names_row < (guint)want) {
    g_ptr_array_add(st->above, copy_fields(row));
    return TRUE;
  }
  char **names = names_with_above(st, row);
  OmCsvRow named = *row;
  named.fields = (const char *const *)names;
  GError *e = NULL;
  gboolean ok = read_header(st, &named, &e);
  if (ok) {
    st->rep->names_row = names_row;
    st->rep->names_line = row->line;
    plan_extra_rows(st, names_row);
  } else if (want == 0 && names_row < MAX_NAMES_ROW) {
    /* not the names row: try the next one, and report this row's problem if none fits */
    if (!st->first_header_error)
      st->first_header_error = e;
    else
      g_error_free(e);
    e = NULL;
    g_ptr_array_set_size(st->rep->ignored_columns, 0);
    g_clear_pointer(&st->item_col, g_free);
    st->col_respondent = st->col_institution = st->col_year = -1;
    g_ptr_array_add(st->above, copy_fields(row));
    ok = TRUE;
  } else {
    g_propagate_error(error, st->first_header_error ? st->first_header_error : e);
    if (st->first_header_error)
      g_error_free(e);
    st->first_header_error = NULL;
  }
  g_strfreev(names);
  return ok;
}

/* An extra header row (Qualtrics' question texts and ImportIds, SurveyMonkey's
 * "Response" row) straight after the header: no registered institution and not one
 * answer that fits its scale. A real respondent row that looks like this would also fail
 * every check, so skipping it loses nothing a user could have stored; the report names
 * the skipped lines. */
static gboolean
looks_like_header_row(ImportState *st, const OmCsvRow *row)
{
  if (row->n_fields != st->n_fields)
    return FALSE;
  char *inst = g_strstrip(g_strdup(row->fields[st->col_institution]));
  gboolean known = g_hash_table_contains(st->institutions, inst);
  g_free(inst);
  if (known)
    return FALSE;
  guint n_text = 0;
  for (guint i = 0; i < om_survey_n_items(st->survey); i++) {
    const char *cell = row->fields[st->item_col[i]];
    gint32 code;
    if (om_scale_parse(om_survey_item(st->survey, i)->scale, cell, &code)
        && code != OM_ANSWER_BLANK)
      return FALSE;
    if (*cell)
      n_text++;
  }
  return n_text > 0;
}

static gboolean
parse_year(const char *cell, int *year)
{
  /* Four digits and nothing else, as in nearly every row: what strtol below would give. */
  if (g_ascii_isdigit(cell[0]) && g_ascii_isdigit(cell[1]) && g_ascii_isdigit(cell[2])
      && g_ascii_isdigit(cell[3]) && cell[4] == '\0') {
    int y = ((cell[0] - '0') * 10 + (cell[1] - '0')) * 100 + (cell[2] - '0') * 10 + cell[3] - '0';
    if (y < 1990 || y > 2100)
      return FALSE;
    *year = y;
    return TRUE;
  }
  char *end;
  while (*cell == ' ')
    cell++;
  long y = strtol(cell, &end, 10);
  while (*end == ' ')
    end++;
  if (end == cell || *end != '\0' || y < 1990 || y > 2100)
    return FALSE;
  *year = (int)y;
  return TRUE;
}

/* Only the keyed pseudonym reaches the store (the writer keys the id, and counts the row);
 * duplicates were found on the ids. inst is the register's copy of the code (it lives as long as
 * the import). */
static gboolean
store_respondent(ImportState *st, const char *id, const char *inst, GError **error)
{
  return om_respondent_writer_add(st->writer, id, inst, st->answers, error);
}

/* Creates the wave when the first respondent row tells its year. */
static gboolean
start_wave(ImportState *st, const OmCsvRow *row, GError **error)
{
  OmImportReport *rep = st->rep;
  if (rep->year == 0) {
    const char *cell = row->fields[st->col_year];
    if (!parse_year(cell, &rep->year))
      return header_error(error, row, st->col_year,
                          "year '%s' is not a year; expected a year such as 2014 (or give "
                          "--year)",
                          shown(cell, 0));
  }
  OmWave w = { 0 };
  gboolean found = FALSE;
  if (!om_store_find_wave(st->store, rep->group, rep->year, &w, &found, error))
    return FALSE;
  if (found) {
    /* A wave the user marked as the baseline stays the baseline when replaced. */
    st->keep_baseline = w.baseline_set;
    if (!st->opts->replace) {
      g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                  "%s: the store already has the %s wave of %d (from %s); use --replace to "
                  "swap it",
                  row->source, rep->group, rep->year, w.source);
      om_wave_clear(&w);
      return FALSE;
    }
    st->replaced = w; /* the identity check at the end sees the store as it was */
    rep->replaced = TRUE;
    if (!st->opts->dry_run && !om_store_delete_wave(st->store, w.id, error))
      return FALSE;
  }
  if (!st->opts->dry_run) {
    /* Not yet hashed: a placeholder no file's SHA-256 can be, replaced at the end
     * (om_store_set_wave_sha256) in the same transaction. */
    const char *sha = st->identity_first ? rep->sha256 : "(importing)";
    st->wave_id = om_store_add_wave(st->store, st->survey, rep->year, st->base_name, sha, error);
    if (!st->wave_id)
      return FALSE;
    st->counter = om_counter_new(st->survey);
    /* From here until the writer has finished, only the writer uses the store. */
    if (!(st->key = om_store_pseudonym_key(st->store, error)))
      return FALSE;
    st->writer = om_respondent_writer_new(st->store, st->key, st->counter, st->wave_id,
                                          om_survey_n_items(st->survey));
  }
  return TRUE;
}

/* Whether inst is in the register, with the register's copy of it in *code. Exports come
 * grouped by school: most rows repeat the previous row's code, found without hashing. */
static gboolean
registered_code(ImportState *st, const char *inst, gpointer *code)
{
  if (st->last_code && strcmp(st->last_code, inst) == 0) {
    *code = (gpointer)st->last_code;
    return TRUE;
  }
  if (!g_hash_table_lookup_extended(st->institutions, inst, code, NULL))
    return FALSE;
  st->last_code = *code;
  return TRUE;
}

static gboolean
on_row(const OmCsvRow *row, gpointer data, GError **error)
{
  ImportState *st = data;
  OmImportReport *rep = st->rep;
  if (!st->have_header)
    return find_header(st, row, error);

  if (st->rows_to_skip > 0 || (st->detecting && looks_like_header_row(st, row))) {
    if (st->rows_to_skip > 0)
      st->rows_to_skip--;
    if (rep->skipped_rows++ == 0)
      rep->first_skipped_line = row->line;
    if (rep->skipped_rows >= MAX_DETECTED_HEADER_ROWS)
      st->detecting = FALSE;
    return TRUE;
  }
  st->detecting = FALSE;
  st->rows_to_skip = 0;

  /* Excel leaves rows of bare delimiters after the data: nothing in them to store or to
   * lose. They are counted in the report. */
  gboolean empty = TRUE;
  for (guint f = 0; f < row->n_fields && empty; f++)
    empty = strspn(row->fields[f], " \t") == row->lengths[f];
  if (empty) {
    st->empty_rows++;
    return TRUE;
  }

  if (row->n_fields != st->n_fields) {
    problem(st, OM_PROBLEM_RAGGED, row, (int)MIN(row->n_fields, st->n_fields),
            "this row has %u fields, the header (line %" G_GUINT64_FORMAT ") has %u; expected "
            "one field per column (a quote left open, or a delimiter inside an unquoted answer?)",
            row->n_fields, st->header_line, st->n_fields);
    return TRUE;
  }
  if (!st->any_data) {
    st->any_data = TRUE;
    if (!start_wave(st, row, error))
      return FALSE;
  }
  guint64 before = rep->n_problems;

  const char *id
      = trimmed(st->id_buf, row->fields[st->col_respondent], row->lengths[st->col_respondent]);
  const char *inst
      = trimmed(st->inst_buf, row->fields[st->col_institution], row->lengths[st->col_institution]);
  gpointer code = NULL; /* the register's copy of inst */
  gboolean registered = FALSE;
  if (*id == '\0')
    problem(st, OM_PROBLEM_MISSING_ID, row, st->col_respondent,
            "the respondent id is empty; every row needs one");
  else if (strlen(id) > 200)
    problem(st, OM_PROBLEM_MISSING_ID, row, st->col_respondent,
            "the respondent id '%s' is %zu bytes long; expected a survey tool's response id "
            "of at most 200",
            shown(id, 0), strlen(id));
  else if (g_hash_table_contains(st->respondents, id))
    problem(st, OM_PROBLEM_DUPLICATE, row, st->col_respondent,
            "respondent id '%s' appears before, on line %u; expected each respondent once",
            shown(id, 0), GPOINTER_TO_UINT(g_hash_table_lookup(st->respondents, id)));
  else
    g_hash_table_insert(st->respondents, g_string_chunk_insert(st->ids, id),
                        GUINT_TO_POINTER((guint)row->line));
  if (*inst == '\0')
    problem(st, OM_PROBLEM_MISSING_ID, row, st->col_institution,
            "the institution code is empty; expected a code from the register");
  else if (!(registered = registered_code(st, inst, &code)))
    problem(st, OM_PROBLEM_INSTITUTION, row, st->col_institution,
            "institution '%s' is not in the register; expected a registered code (see "
            "'oudermonitor institutions')",
            shown(inst, 0));
  else if (st->answered && g_hash_table_contains(st->answered, inst))
    /* The institutions' survey is one answer per institution: a second one would count
     * it twice in a census of the register. */
    problem(st, OM_PROBLEM_DUPLICATE, row, st->col_institution,
            "institution '%s' answered already on line %u; expected one answer per "
            "institution in the institutions' survey",
            shown(inst, 0), GPOINTER_TO_UINT(g_hash_table_lookup(st->answered, inst)));
  else if (st->answered)
    g_hash_table_insert(st->answered, g_strdup(inst), GUINT_TO_POINTER((guint)row->line));
  if (st->col_year >= 0) {
    int y;
    if (!parse_year(row->fields[st->col_year], &y) || y != rep->year)
      problem(st, OM_PROBLEM_YEAR, row, st->col_year,
              "year '%s' differs from the wave's year %d; expected one year per file",
              shown(row->fields[st->col_year], 0), rep->year);
  }

  guint n_items = om_survey_n_items(st->survey);
  const OmItem *items = om_survey_items(st->survey);
  for (guint i = 0; i < n_items; i++) {
    const OmItem *item = &items[i];
    const char *cell = row->fields[st->item_col[i]];
    OmAnswerClass c;
    if (!om_scale_parse_class(item->scale, cell, &st->answers[i], &c)) {
      char *accepted = om_scale_describe(item->scale);
      problem(st, OM_PROBLEM_SCALE, row, st->item_col[i],
              "answer '%s' to item %s is outside scale %s; expected %s", shown(cell, 0), item->id,
              om_scale_id(item->scale), accepted);
      g_free(accepted);
      continue;
    }
    rep->answers++;
    if (c == OM_ANSWER_CLASS_BLANK)
      rep->blanks++;
    else if (c == OM_ANSWER_CLASS_MISSING)
      rep->dont_know++;
  }

  gboolean ok = TRUE;
  if (rep->n_problems == before) {
    rep->respondents++;
    /* After the first problem nothing more is inserted: it will all be rolled back. */
    if (!st->opts->dry_run && rep->n_problems == 0 && registered)
      ok = store_respondent(st, id, code, error);
  }
  return ok;
}

/* The digest as lower-case hex, as GChecksum's. Transfer full. */
static char *
digest_hex(struct sha256_ctx *ck)
{
  guint8 digest[SHA256_DIGEST_SIZE];
  sha256_digest(ck, sizeof digest, digest);
  char *hex = g_malloc(BASE16_ENCODE_LENGTH(SHA256_DIGEST_SIZE) + 1);
  base16_encode_update(hex, sizeof digest, digest);
  hex[BASE16_ENCODE_LENGTH(SHA256_DIGEST_SIZE)] = '\0';
  return hex;
}

/* The file's SHA-256, read in blocks (memory does not grow with the file). Refuses what
 * is not a regular file before reading a byte, as the reader would. nettle rather than
 * GChecksum: it uses the CPU's SHA instructions (85 MB in 0.05 s instead of 0.18 s).
 * Thread-safe: it runs on the hashing thread (hash_file), or before the first row when the
 * identity is needed there (check_identity_first). */
static char *
file_sha256(const char *path, GError **error)
{
  int fd = om_input_open_regular(path, NULL, error);
  if (fd < 0)
    return NULL;
  struct sha256_ctx ck;
  sha256_init(&ck);
  guchar *block = g_malloc(1 << 16);
  ssize_t n;
  while ((n = read(fd, block, 1 << 16)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
      break;
    }
    sha256_update(&ck, (size_t)n, block);
  }
  close(fd);
  g_free(block);
  if (n != 0)
    return NULL;
  return digest_hex(&ck);
}

/* The file's SHA-256 on a thread of its own, started before the store is opened for the
 * import: it runs on the core the rows do not use yet (the register, the reader's check
 * of the whole text), instead of before them. */
static gpointer
hash_file(gpointer data)
{
  ImportState *st = data;
  st->sha256 = file_sha256(st->path, &st->sha256_error);
  return NULL;
}

/* Waits for the hashing thread: the SHA-256 into rep->sha256, or FALSE with why the file
 * could not be read. Called once, on every path. */
static gboolean
take_sha256(ImportState *st, GError **error)
{
  if (st->hasher) {
    g_thread_join(st->hasher);
    st->hasher = NULL;
    st->rep->sha256 = g_steal_pointer(&st->sha256);
  }
  if (st->rep->sha256)
    return TRUE;
  if (st->sha256_error) {
    g_propagate_error(error, g_steal_pointer(&st->sha256_error));
    return FALSE;
  }
  /* never started (identity_first) */
  return (st->rep->sha256 = file_sha256(st->path, error)) != NULL;
}

/* A wave stored by a version-1 store has no definition hash until migrated; such a store
 * is read-only, so it never reaches an import. */
static gboolean
same_definition(const OmWave *w, const OmSurvey *survey)
{
  return w->definition_sha256 == NULL
         || strcmp(w->definition_sha256, om_survey_sha256(survey)) == 0;
}

typedef enum {
  IDENTITY_UNKNOWN,   /* not checked yet */
  IDENTITY_NEW,       /* bytes the store does not hold */
  IDENTITY_SAME,      /* the same bytes under the same definition: nothing to do */
  IDENTITY_REDEFINED, /* the same bytes under a changed definition, with --replace */
  IDENTITY_REFUSED    /* with an error */
} Identity;

typedef struct { /* the wave that holds the bytes already */
  gint64 id;
  int year;
  gint64 respondents;
} KnownWave;

/* The wave's identity: the file's SHA-256 and the definition's, against the store as it
 * was before the import. `replaced` (NULL, or id 0: none) is the wave the import deleted
 * in its transaction already; every other wave is as it was, and the import's own wave
 * has a placeholder SHA-256 until then. Refuses when the bytes belong to another wave, or
 * to this one under another definition without --replace, or the store cannot be read.
 * *known is filled for SAME and REDEFINED. */
static Identity
identify(OmStore *store, const OmSurvey *survey, const char *path, const OmImportOptions *opts,
         const char *sha256, const OmWave *replaced, KnownWave *known, GError **error)
{
  OmWave existing = { 0 };
  gboolean found = FALSE;
  const OmWave *w = &existing;
  if (replaced && replaced->id && strcmp(replaced->sha256, sha256) == 0) {
    w = replaced;
    found = TRUE;
  } else if (!om_store_find_wave_by_sha256(store, sha256, &existing, &found, error)) {
    return IDENTITY_REFUSED;
  }
  if (!found)
    return IDENTITY_NEW;
  Identity id = same_definition(w, survey) ? IDENTITY_SAME : IDENTITY_REDEFINED;
  *known = (KnownWave){ .id = w->id, .year = w->year, .respondents = w->respondents };
  if ((opts->year && opts->year != w->year) || strcmp(w->group, om_survey_group(survey)) != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s: these exact bytes were imported before as the %s wave of %d (from %s), "
                "not as the %s wave of %d; expected a different file, or the same "
                "--year and --survey",
                path, w->group, w->year, w->source, om_survey_group(survey),
                opts->year ? opts->year : w->year);
    id = IDENTITY_REFUSED;
  } else if (id == IDENTITY_REDEFINED && !opts->replace) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s: these exact bytes were imported before as the %s wave of %d (from %s) "
                "under another version of survey definition '%s' (definition SHA-256 %.12s…, "
                "now %.12s…); to apply the changed definition, import again with --replace "
                "(the wave is swapped in one step and keeps its baseline mark)",
                path, w->group, w->year, w->source, w->survey_id, w->definition_sha256,
                om_survey_sha256(survey));
    id = IDENTITY_REFUSED;
  }
  om_wave_clear(&existing);
  return id;
}

/* The report of a file whose identity decided the import before a row was read: only
 * the file, group, year and SHA-256 (as far as known), and for a file imported before
 * its wave. */
static void
report_restart(OmImportReport *rep, int year, Identity id, const KnownWave *known)
{
  GPtrArray *ignored = rep->ignored_columns, *problems = rep->problems;
  g_ptr_array_set_size(ignored, 0);
  g_ptr_array_set_size(problems, 0);
  *rep = (OmImportReport){ .source = rep->source,
                           .sha256 = rep->sha256,
                           .group = rep->group,
                           .year = year,
                           .ignored_columns = ignored,
                           .problems = problems };
  if (id == IDENTITY_SAME) {
    rep->already_imported = TRUE;
    rep->wave_id = known->id;
    rep->year = known->year;
    rep->respondents = (guint64)known->respondents;
  }
}

/* The wave's identity before the first row, from a pass of its own over the file: for
 * --replace without --year, which takes the year of the wave with the same bytes. Sets
 * *done when the same pair is stored already (nothing to do). */
static gboolean
check_identity_first(OmStore *store, const OmSurvey *survey, const char *path,
                     const OmImportOptions *opts, OmImportReport *rep, gboolean *done,
                     GError **error)
{
  *done = FALSE;
  if (!(rep->sha256 = file_sha256(path, error)))
    return FALSE;
  KnownWave known;
  switch (identify(store, survey, path, opts, rep->sha256, NULL, &known, error)) {
  case IDENTITY_REFUSED:
    return FALSE;
  case IDENTITY_SAME:
    report_restart(rep, opts->year, IDENTITY_SAME, &known);
    *done = TRUE;
    return TRUE;
  case IDENTITY_REDEFINED: /* same bytes, corrected definition, --replace: import again */
    rep->definition_changed = TRUE;
    if (!opts->year)
      rep->year = known.year;
    return TRUE;
  default:
    return TRUE;
  }
}

/* After the last row: an empty file, problems, or no respondents fail the import. */
static gboolean
check_outcome(ImportState *st, const char *path, guint64 n_lines, GError **error)
{
  const OmImportReport *rep = st->rep;
  if (!st->have_header && st->first_header_error) { /* the file ended while looking */
    g_propagate_error(error, st->first_header_error);
    st->first_header_error = NULL;
    return FALSE;
  }
  if (!st->have_header && st->above->len > 0) /* header-row beyond the end of the file */
    return om_error_at(error, OM_ERROR_VALIDATION, path, 0, 0,
                       "the file has %u row%s, but survey %s expects its column names in row "
                       "%d (header-row); expected an export with that layout",
                       st->above->len, st->above->len == 1 ? "" : "s", om_survey_id(st->survey),
                       om_survey_header_row(st->survey));
  if (!st->have_header) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION, "%s: the file is empty", path);
    return FALSE;
  }
  if (rep->n_problems > 0) {
    GString *kinds = g_string_new(NULL);
    for (int k = 0; k < OM_PROBLEM_N; k++)
      if (rep->by_kind[k])
        g_string_append_printf(kinds, "%s%" G_GUINT64_FORMAT " %s", kinds->len ? ", " : "",
                               rep->by_kind[k],
                               rep->by_kind[k] == 1 ? problem_name_one[k] : problem_names[k]);
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s: %" G_GUINT64_FORMAT " problem%s (%s); nothing was stored", path,
                rep->n_problems, rep->n_problems == 1 ? "" : "s", kinds->str);
    g_string_free(kinds, TRUE);
    return FALSE;
  }
  if (rep->respondents == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s: the file has a header but no respondents (line %" G_GUINT64_FORMAT
                " is the last); expected one row per respondent",
                path, n_lines);
    return FALSE;
  }
  return TRUE;
}

/* The register's codes, as a set (strings owned by the table); NULL when the store
 * cannot be read or the register is empty. */
static GHashTable *
registered_codes(OmStore *store, const char *path, GError **error)
{
  GArray *insts = om_store_institutions(store, error);
  if (!insts)
    return NULL;
  if (insts->len == 0) {
    g_array_unref(insts);
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION,
                "%s: the register in %s is empty; load it first with 'oudermonitor register "
                "FILE.csv'",
                path, om_store_path(store));
    return NULL;
  }
  GHashTable *codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < insts->len; i++)
    g_hash_table_add(codes, g_strdup(g_array_index(insts, OmInstitution, i).code));
  g_array_unref(insts);
  return codes;
}

typedef struct {
  GHashTable *respondents;
  GStringChunk *ids;
} SeenIds;

/* The ids of a file's rows (1.2 million in a national wave) are needed until its last
 * row: they are freed on a thread of their own while the wave's counts are stored. */
static gpointer
free_seen_ids(gpointer data)
{
  SeenIds *seen = data;
  g_hash_table_unref(seen->respondents);
  g_string_chunk_free(seen->ids);
  g_free(seen);
  return NULL;
}

static void
free_ids_meanwhile(ImportState *st)
{
  SeenIds *seen = g_new(SeenIds, 1);
  seen->respondents = g_steal_pointer(&st->respondents);
  seen->ids = g_steal_pointer(&st->ids);
  st->freeing = g_thread_new("om-import-free", free_seen_ids, seen);
}

/* The rows: the import's transaction begun (unless a dry run), the register read, the
 * file read, checked and handed to the writer, the outcome checked. */
static gboolean
read_rows(ImportState *st, const char *path, GError **error)
{
  const OmImportOptions *opts = st->opts;
  OmImportReport *rep = st->rep;
  /* The register is read inside the import's transaction: the codes checked are the
   * codes stored, and no other writer can change them before the commit (the import's
   * transaction does not enforce foreign keys, see om_store_begin_import). */
  if (!opts->dry_run && !om_store_begin_import(st->store, error))
    return FALSE;
  if (!(st->institutions = registered_codes(st->store, path, error)))
    return FALSE;
  OmSourceOptions sopts = { .csv = { .delimiter = opts->delimiter,
                                     .encoding = opts->encoding,
                                     .progress = opts->progress,
                                     .progress_data = opts->progress_data,
                                     .max_cell = opts->max_cell,
                                     .max_fields = opts->max_fields,
                                     .max_record = opts->max_record },
                            .value_labels = check_value_label,
                            .value_labels_data = st };
  OmSourceInfo info = { 0 };
  gboolean ok = om_source_read_file(path, &sopts, on_row, st, &info, error);
  if (ok) {
    rep->format = info.format;
    rep->delimiter = info.csv.delimiter;
    rep->encoding = info.csv.encoding;
    rep->had_bom = info.csv.had_bom;
  }
  /* The writer is done with the store before anyone else uses it again. */
  if (!om_respondent_writer_finish(st->writer, ok ? error : NULL))
    ok = FALSE;
  st->writer = NULL;
  return ok && check_outcome(st, path, info.csv.n_lines, error);
}

/* After the rows, the file's identity (hashed meanwhile, see hash_file) against the store
 * as it was before the import: see identify. */
static Identity
identity_at_end(ImportState *st, const char *path, KnownWave *known, GError **error)
{
  OmImportReport *rep = st->rep;
  if (!take_sha256(st, error))
    return IDENTITY_REFUSED;
  Identity id
      = identify(st->store, st->survey, path, st->opts, rep->sha256, &st->replaced, known, error);
  if (id == IDENTITY_REDEFINED)
    rep->definition_changed = TRUE;
  return id;
}

/* After a failed import whose identity was not checked yet (the store is as it was
 * again): the identity, as if it had been checked before the first row. Takes the
 * failure over (*failure): when the identity refuses the file, or finds it imported
 * before, that is the outcome instead of the failure. */
static Identity
identity_after_failure(ImportState *st, const char *path, KnownWave *known, GError **failure)
{
  OmImportReport *rep = st->rep;
  GError *e = NULL;
  Identity id = IDENTITY_REFUSED;
  if (take_sha256(st, &e))
    id = identify(st->store, st->survey, path, st->opts, rep->sha256, NULL, known, &e);
  if (id == IDENTITY_REFUSED || id == IDENTITY_SAME) {
    g_clear_error(failure);
    *failure = e;
  } else if (id == IDENTITY_REDEFINED) {
    rep->definition_changed = TRUE;
  }
  return id;
}

static gpointer
free_counter(gpointer data)
{
  om_counter_free(data);
  return NULL;
}

/* The counts every later command reads, the wave's SHA-256 and respondents, and the
 * commit: the import's end, in its one transaction. */
static gboolean
store_wave(ImportState *st, GError **error)
{
  OmImportReport *rep = st->rep;
  gboolean ok = !st->counter || om_store_put_counts(st->store, st->wave_id, st->counter, error);
  /* 57,000 count cells of a national wave: freed while the commit waits for the disk */
  if (st->counter)
    st->freeing_counter
        = g_thread_new("om-import-free", free_counter, g_steal_pointer(&st->counter));
  ok = ok
       && (st->identity_first
           || om_store_set_wave_sha256(st->store, st->wave_id, rep->sha256, error))
       && om_store_finish_wave(st->store, st->wave_id, (gint64)rep->respondents,
                               st->opts->baseline || st->keep_baseline, error)
       && om_store_commit(st->store, error);
  if (ok)
    rep->wave_id = st->wave_id;
  return ok;
}

static void
import_state_clear(ImportState *st)
{
  om_counter_free(st->counter);
  om_pseudonym_key_free(st->key);
  g_free(st->item_col);
  g_free(st->answers);
  if (st->institutions)
    g_hash_table_unref(st->institutions);
  if (st->freeing_counter)
    g_thread_join(st->freeing_counter);
  if (st->freeing)
    g_thread_join(st->freeing);
  else {
    g_hash_table_unref(st->respondents);
    g_string_chunk_free(st->ids);
  }
  if (st->answered)
    g_hash_table_unref(st->answered);
  st->rep->empty_rows = st->empty_rows;
  g_string_free(st->id_buf, TRUE);
  g_ptr_array_unref(st->above);
  if (st->first_header_error)
    g_error_free(st->first_header_error);
  g_string_free(st->inst_buf, TRUE);
  om_wave_clear(&st->replaced);
  if (st->hasher)
    g_thread_join(st->hasher);
  g_free(st->sha256);
  g_clear_error(&st->sha256_error);
}

gboolean
om_import_file(OmStore *store, const OmSurvey *survey, const char *path,
               const OmImportOptions *opts, OmImportReport *rep, GError **error)
{
  g_return_val_if_fail(store && survey && path && opts && rep, FALSE);
  rep->source = g_strdup(path);
  rep->group = g_strdup(om_survey_group(survey));
  rep->year = opts->year;
  /* The identity decides first. Usually the file is hashed on a thread of its own while
   * the rows are read, and its identity checked after the last row, with the outcome it
   * has before the first: --replace without --year needs it before, as it may take the
   * year of the wave it replaces. */
  gboolean first = opts->replace && opts->year == 0;
  if (first) {
    gboolean done = FALSE;
    if (!check_identity_first(store, survey, path, opts, rep, &done, error))
      return FALSE;
    if (done) /* the same file under the same definition: nothing changes */
      return TRUE;
  }

  char *base = g_path_get_basename(path);
  ImportState st = {
    .store = store,
    .survey = survey,
    .opts = opts,
    .rep = rep,
    .path = path,
    .base_name = base,
    .respondents = g_hash_table_new(g_str_hash, g_str_equal),
    .ids = g_string_chunk_new(1 << 16),
    .rows_to_skip = opts->skip_rows > 0 ? opts->skip_rows : 0,
    .detecting = opts->skip_rows < 0,
    .id_buf = g_string_new(NULL),
    .above = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev),
    .inst_buf = g_string_new(NULL),
    .answered = om_survey_group_kind(survey) == OM_GROUP_INSTELLINGEN
                    ? g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)
                    : NULL,
    .identity_first = first,
  };
  if (!first)
    st.hasher = g_thread_new("om-file-hash", hash_file, &st);

  GError *failure = NULL;
  KnownWave known = { 0 };
  Identity id = first ? IDENTITY_NEW : IDENTITY_UNKNOWN;
  gboolean ok = read_rows(&st, path, &failure);
  free_ids_meanwhile(&st);
  if (ok && !first) {
    id = identity_at_end(&st, path, &known, &failure);
    ok = id == IDENTITY_NEW || id == IDENTITY_REDEFINED;
  }
  ok = ok && (opts->dry_run || store_wave(&st, &failure));
  if (!ok)
    om_store_rollback(store);
  if (!ok && id == IDENTITY_UNKNOWN)
    id = identity_after_failure(&st, path, &known, &failure);
  import_state_clear(&st);
  g_free(base);
  if (!ok && (id == IDENTITY_REFUSED || id == IDENTITY_SAME))
    report_restart(rep, opts->year, id, &known);
  if (!ok && id != IDENTITY_SAME) {
    g_propagate_error(error, failure);
    return FALSE;
  }
  return TRUE;
}
