/* cli-table.c — tables as text, CSV or JSON, and the options every listing shares.
 *
 * CSV is written for Excel as the user's locale has it: Dutch Excel splits on ';' and
 * reads "0,875" as a number, English Excel wants ',' and "0.875". JSON is for programs:
 * English keys, plain numbers, null for withheld values.
 */
#include "cli/cli-table.h"

#include "base/safe-file.h"
#include "input/csvsource.h"
#include "render/csv-writer.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef enum {
  CELL_NULL,
  CELL_STR,
  CELL_INT,
  CELL_YEAR,
  CELL_NUM,
  CELL_PCT,
  CELL_PP, /* a difference of shares: text in procentpunt with a sign, stored as a share */
  CELL_P,  /* a p-value: text "< 0,001" below 0.001 */
  CELL_BOOL
} CellType;

/* 16 bytes a cell: a national `stats --by instelling` holds 6.8 million of them. */
typedef struct {
  union {
    const char *s; /* in the table's string chunk, stored once however often it repeats */
    gint64 i;
    double x;
  };
  guint8 type; /* CellType */
  gint8 decimals;
} Cell;

struct CliTable {
  CliColumn *cols;
  gboolean *hidden;
  gboolean *dropped; /* left out of every format (cli_table_drop_column) */
  guint n_cols;
  GPtrArray *rows; /* Cell[n_cols] */
  GStringChunk *strings;
  GPtrArray *taken; /* GStringChunk* of the tables whose rows were taken (their strings) */
  guint fill;       /* next cell of the last row */
};

CliTable *
cli_table_new(const CliColumn *cols, guint n)
{
  CliTable *t = g_new0(CliTable, 1);
  t->cols = g_memdup2(cols, sizeof(CliColumn) * n);
  t->hidden = g_new0(gboolean, n);
  t->dropped = g_new0(gboolean, n);
  t->n_cols = n;
  t->rows = g_ptr_array_new();
  t->strings = g_string_chunk_new(64 * 1024);
  t->taken = g_ptr_array_new_with_free_func((GDestroyNotify)g_string_chunk_free);
  return t;
}

void
cli_table_free(CliTable *t)
{
  if (!t)
    return;
  for (guint r = 0; r < t->rows->len; r++) {
    g_free(g_ptr_array_index(t->rows, r));
  }
  g_ptr_array_unref(t->rows);
  g_string_chunk_free(t->strings);
  g_ptr_array_unref(t->taken);
  g_free(t->cols);
  g_free(t->hidden);
  g_free(t->dropped);
  g_free(t);
}

void
cli_table_take_rows(CliTable *t, CliTable *src)
{
  g_assert(t->n_cols == src->n_cols);
  /* The rows keep pointing into src's strings, which t takes over with them (a national
   * run joins 425,000 rows: no string is looked up or copied again). */
  g_ptr_array_extend_and_steal(t->rows, g_steal_pointer(&src->rows));
  src->rows = g_ptr_array_new();
  g_ptr_array_add(t->taken, src->strings);
  g_ptr_array_extend_and_steal(t->taken, g_steal_pointer(&src->taken));
  src->taken = g_ptr_array_new_with_free_func((GDestroyNotify)g_string_chunk_free);
  src->strings = g_string_chunk_new(1024);
  src->fill = 0;
}

void
cli_table_add_row(CliTable *t)
{
  g_ptr_array_add(t->rows, g_new0(Cell, t->n_cols));
  t->fill = 0;
}

static Cell *
next(CliTable *t)
{
  g_assert(t->rows->len > 0 && t->fill < t->n_cols);
  Cell *row = g_ptr_array_index(t->rows, t->rows->len - 1);
  return &row[t->fill++];
}

void
cli_table_str(CliTable *t, const char *s)
{
  Cell *c = next(t);
  c->type = s ? CELL_STR : CELL_NULL;
  c->s = s ? g_string_chunk_insert_const(t->strings, s) : NULL;
}

void
cli_table_int(CliTable *t, gint64 v)
{
  Cell *c = next(t);
  c->type = CELL_INT;
  c->i = v;
}

void
cli_table_year(CliTable *t, int year)
{
  Cell *c = next(t);
  c->type = CELL_YEAR;
  c->i = year;
}

void
cli_table_num(CliTable *t, double v, int decimals)
{
  Cell *c = next(t);
  c->type = isfinite(v) ? CELL_NUM : CELL_NULL;
  c->x = v;
  c->decimals = decimals;
}

void
cli_table_pct(CliTable *t, double share, int decimals)
{
  Cell *c = next(t);
  c->type = isfinite(share) ? CELL_PCT : CELL_NULL;
  c->x = share;
  c->decimals = decimals;
}

void
cli_table_pp(CliTable *t, double diff, int decimals)
{
  Cell *c = next(t);
  c->type = isfinite(diff) ? CELL_PP : CELL_NULL;
  c->x = diff;
  c->decimals = decimals;
}

void
cli_table_p(CliTable *t, double p)
{
  Cell *c = next(t);
  c->type = isfinite(p) ? CELL_P : CELL_NULL;
  c->x = p;
  c->decimals = 4;
}

void
cli_table_bool(CliTable *t, gboolean b)
{
  Cell *c = next(t);
  c->type = CELL_BOOL;
  c->i = b;
}

void
cli_table_null(CliTable *t)
{
  next(t)->type = CELL_NULL;
}

void
cli_table_hide_column(CliTable *t, const char *key)
{
  for (guint c = 0; c < t->n_cols; c++)
    if (strcmp(t->cols[c].key, key) == 0)
      t->hidden[c] = TRUE;
}

void
cli_table_drop_column(CliTable *t, const char *key)
{
  for (guint c = 0; c < t->n_cols; c++)
    if (strcmp(t->cols[c].key, key) == 0)
      t->hidden[c] = t->dropped[c] = TRUE;
}

/* A count exactly, grouped as om_format_number groups (via a double, 2^63 - 1 would print
 * as …808). */
static char *
format_count(gint64 v, OmLang lang)
{
  char digits[24];
  g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT,
             v < 0 ? (guint64)(-(v + 1)) + 1 : (guint64)v);
  GString *out = g_string_new(v < 0 ? "−" : "");
  size_t len = strlen(digits);
  for (size_t i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      g_string_append_c(out, lang == OM_LANG_NL ? '.' : ',');
    g_string_append_c(out, digits[i]);
  }
  return g_string_free(out, FALSE);
}

static char *
cell_text(const Cell *c, OmLang lang)
{
  switch (c->type) {
  case CELL_STR:
    return g_strdup(c->s);
  case CELL_INT:
    return format_count(c->i, lang);
  case CELL_YEAR:
    return g_strdup_printf("%" G_GINT64_FORMAT, c->i);
  case CELL_NUM:
    return om_format_number(c->x, c->decimals, lang);
  case CELL_PCT:
    return om_format_percent(c->x, c->decimals, lang);
  case CELL_PP: {
    char *v = om_format_decimal(fabs(c->x) * 100, c->decimals, lang);
    double shown = round(c->x * 100 * pow(10, c->decimals));
    char *s = g_strconcat(shown > 0 ? "+" : shown < 0 ? "−" : "", v, NULL);
    g_free(v);
    return s;
  }
  case CELL_P:
    if (c->x < 0.001) {
      char *v = om_format_decimal(0.001, 3, lang);
      char *s = g_strconcat("< ", v, NULL);
      g_free(v);
      return s;
    }
    return om_format_decimal(c->x, 3, lang);
  case CELL_BOOL:
    return g_strdup(c->i ? (lang == OM_LANG_NL ? "ja" : "yes") : "");
  case CELL_NULL:
  default:
    return g_strdup("");
  }
}

/* One cell into the CSV: numbers as om_format_decimal writes them (a share as a
 * proportion, one digit finer than the text's percentage). */
static void
cell_csv(OmCsvWriter *w, const Cell *c, gboolean decimal_comma)
{
  switch (c->type) {
  case CELL_STR:
    /* Only text cells can start a formula; numbers go out unaltered (a change of -1,3). */
    om_csv_writer_field(w, c->s);
    break;
  case CELL_INT:
  case CELL_YEAR:
    om_csv_writer_int(w, c->i);
    break;
  case CELL_NUM:
  case CELL_P:
    om_csv_writer_decimal(w, c->x, c->decimals, decimal_comma);
    break;
  case CELL_PCT:
  case CELL_PP:
    om_csv_writer_decimal(w, c->x, c->decimals + 3, decimal_comma);
    break;
  case CELL_BOOL:
    om_csv_writer_number(w, c->i ? "1" : "0");
    break;
  case CELL_NULL:
  default:
    om_csv_writer_number(w, "");
  }
}

static void
print_text(CliTable *t, OmLang lang, FILE *out)
{
  guint n = t->n_cols;
  char ***texts = g_new(char **, t->rows->len);
  glong *width = g_new0(glong, n);
  for (guint c = 0; c < n; c++) {
    const char *title = lang == OM_LANG_NL ? t->cols[c].title_nl : t->cols[c].title_en;
    width[c] = g_utf8_strlen(title, -1);
  }
  for (guint r = 0; r < t->rows->len; r++) {
    Cell *row = g_ptr_array_index(t->rows, r);
    texts[r] = g_new(char *, n);
    for (guint c = 0; c < n; c++) {
      texts[r][c] = cell_text(&row[c], lang);
      width[c] = MAX(width[c], g_utf8_strlen(texts[r][c], -1));
    }
  }
  for (int line = -1; line < (int)t->rows->len; line++) {
    GString *s = g_string_new(NULL);
    gboolean first = TRUE;
    for (guint c = 0; c < n; c++) {
      if (t->hidden[c])
        continue;
      const char *txt = line < 0 ? (lang == OM_LANG_NL ? t->cols[c].title_nl : t->cols[c].title_en)
                                 : texts[line][c];
      glong pad = width[c] - g_utf8_strlen(txt, -1);
      if (!first)
        g_string_append(s, "  ");
      first = FALSE;
      if (t->cols[c].align == CLI_ALIGN_RIGHT)
        for (glong k = 0; k < pad; k++)
          g_string_append_c(s, ' ');
      g_string_append(s, txt);
      if (t->cols[c].align == CLI_ALIGN_LEFT)
        for (glong k = 0; k < pad; k++)
          g_string_append_c(s, ' ');
    }
    while (s->len && s->str[s->len - 1] == ' ')
      g_string_truncate(s, s->len - 1);
    fprintf(out, "%s\n", s->str);
    g_string_free(s, TRUE);
  }
  for (guint r = 0; r < t->rows->len; r++) {
    for (guint c = 0; c < n; c++)
      g_free(texts[r][c]);
    g_free(texts[r]);
  }
  g_free(texts);
  g_free(width);
}

struct CliTableCsv {
  const CliTable *t; /* the columns and which are dropped */
  OmLang lang;
  OmCsvWriter *w;
};

CliTableCsv *
cli_table_csv_new(const CliTable *t, const CliCommon *common, FILE *out)
{
  CliTableCsv *c = g_new0(CliTableCsv, 1);
  c->t = t;
  c->lang = common->lang;
  c->w = om_csv_writer_new(out, c->lang == OM_LANG_NL ? ';' : ',', TRUE);
  om_csv_writer_set_raw(c->w, common->raw);
  for (guint k = 0; k < t->n_cols; k++)
    if (!t->dropped[k])
      om_csv_writer_field(c->w, t->cols[k].key);
  om_csv_writer_end_row(c->w);
  return c;
}

void
cli_table_csv_rows(CliTableCsv *c, const CliTable *rows)
{
  g_assert(rows->n_cols == c->t->n_cols);
  for (guint r = 0; r < rows->rows->len; r++) {
    const Cell *row = g_ptr_array_index(rows->rows, r);
    for (guint k = 0; k < rows->n_cols; k++) {
      if (!c->t->dropped[k])
        cell_csv(c->w, &row[k], c->lang == OM_LANG_NL);
    }
    om_csv_writer_end_row(c->w);
  }
}

gboolean
cli_table_csv_finish(CliTableCsv *c, GError **error)
{
  gboolean ok = om_csv_writer_finish(c->w, error);
  cli_table_csv_free(c);
  return ok;
}

void
cli_table_csv_free(CliTableCsv *c)
{
  if (!c)
    return;
  om_csv_writer_free(c->w);
  g_free(c);
}

static gboolean
print_csv(CliTable *t, const CliCommon *common, FILE *out, GError **error)
{
  CliTableCsv *c = cli_table_csv_new(t, common, out);
  cli_table_csv_rows(c, t);
  return cli_table_csv_finish(c, error);
}

/* JSON must be valid UTF-8 even when a file name is not: invalid bytes become U+FFFD. */
static void
json_add_utf8(JsonBuilder *b, const char *s)
{
  if (g_utf8_validate(s, -1, NULL)) {
    json_builder_add_string_value(b, s);
    return;
  }
  char *valid = g_utf8_make_valid(s, -1);
  json_builder_add_string_value(b, valid);
  g_free(valid);
}

static void
print_json(CliTable *t, FILE *out)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_array(b);
  for (guint r = 0; r < t->rows->len; r++) {
    Cell *row = g_ptr_array_index(t->rows, r);
    json_builder_begin_object(b);
    for (guint c = 0; c < t->n_cols; c++) {
      if (t->dropped[c])
        continue;
      json_builder_set_member_name(b, t->cols[c].key);
      const Cell *cell = &row[c];
      switch (cell->type) {
      case CELL_STR:
        json_add_utf8(b, cell->s);
        break;
      case CELL_INT:
      case CELL_YEAR:
        json_builder_add_int_value(b, cell->i);
        break;
      case CELL_NUM:
      case CELL_PCT:
      case CELL_PP:
      case CELL_P:
        json_builder_add_double_value(b, cell->x);
        break;
      case CELL_BOOL:
        json_builder_add_boolean_value(b, cell->i != 0);
        break;
      case CELL_NULL:
      default:
        json_builder_add_null_value(b);
      }
    }
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  JsonGenerator *g = json_generator_new();
  json_generator_set_pretty(g, TRUE);
  JsonNode *root = json_builder_get_root(b);
  json_generator_set_root(g, root);
  char *s = json_generator_to_data(g, NULL);
  fprintf(out, "%s\n", s);
  g_free(s);
  json_node_unref(root);
  g_object_unref(g);
  g_object_unref(b);
}

static gboolean
print_to(CliTable *t, const CliCommon *common, FILE *out, GError **error)
{
  switch (common->format) {
  case CLI_FORMAT_TEXT:
    print_text(t, common->lang, out);
    break;
  case CLI_FORMAT_CSV:
    return print_csv(t, common, out, error);
  case CLI_FORMAT_JSON:
    print_json(t, out);
    break;
  }
  return TRUE;
}

static gboolean
print_cb(FILE *out, gpointer data, GError **error)
{
  const void *const *args = data;
  return print_to((CliTable *)args[0], args[1], out, error);
}

int
cli_table_print(CliTable *t, const CliCommon *common)
{
  GError *e = NULL;
  gboolean ok;
  if (common->out && strcmp(common->out, "-") != 0) {
    /* Whole or not at all, never through a link (base/safe-file.h). */
    const void *args[] = { t, common };
    ok = om_safe_file_write_with(common->out, OM_SAFE_FILE_PUBLIC, print_cb, args, &e);
  } else {
    ok = print_to(t, common, stdout, &e);
    /* Checked here, while errno still tells why: main's final check would find only the
     * error flag and an errno that later calls (json-glib's) have changed. */
    if (ok && (fflush(stdout) != 0 || ferror(stdout)))
      ok = (g_set_error(&e, OM_ERROR, OM_ERROR_IO, "write error on standard output: %s",
                        g_strerror(errno)),
            FALSE);
  }
  return ok ? OM_EXIT_OK : cli_fail(e);
}

/* ---- common options ------------------------------------------------------------------ */

void
cli_add_common_options(GOptionContext *ctx, CliCommon *common, gboolean with_db)
{
  GOptionEntry entries[]
      = { { "format", 'f', 0, G_OPTION_ARG_STRING, &common->format_name,
            "Output: text (default), csv (for Excel) or json", "FORMAT" },
          { "lang", 0, 0, G_OPTION_ARG_STRING, &common->lang_name,
            "Language of labels and numbers: nl (default) or en", "LANG" },
          { "out", 'o', 0, G_OPTION_ARG_FILENAME, &common->out,
            "Write to FILE instead of standard output", "FILE" },
          { "raw", 0, 0, G_OPTION_ARG_NONE, &common->raw,
            "CSV for R or pandas: text cells as stored, without the ' that keeps Excel from "
            "reading them as formulas",
            NULL },
          { "db", 0, 0, G_OPTION_ARG_FILENAME, &common->db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          G_OPTION_ENTRY_NULL };
  if (!with_db)
    entries[4] = (GOptionEntry)G_OPTION_ENTRY_NULL;
  /* In the main group, so that plain --help lists them. */
  g_option_context_add_main_entries(ctx, entries, NULL);
}

gboolean
cli_check_common(GOptionContext *ctx, CliCommon *common, int *status)
{
  if (common->format_name) {
    if (strcmp(common->format_name, "text") == 0)
      common->format = CLI_FORMAT_TEXT;
    else if (strcmp(common->format_name, "csv") == 0)
      common->format = CLI_FORMAT_CSV;
    else if (strcmp(common->format_name, "json") == 0)
      common->format = CLI_FORMAT_JSON;
    else {
      *status = cli_usage_error(ctx, "--format '%s' is not text, csv or json", common->format_name);
      return FALSE;
    }
  }
  if (common->lang_name && !om_lang_from_string(common->lang_name, &common->lang)) {
    *status = cli_usage_error(ctx, "--lang '%s' is not nl or en", common->lang_name);
    return FALSE;
  }
  return TRUE;
}

void
cli_common_clear(CliCommon *common)
{
  g_clear_pointer(&common->db, g_free);
  g_clear_pointer(&common->format_name, g_free);
  g_clear_pointer(&common->lang_name, g_free);
  g_clear_pointer(&common->out, g_free);
}

const char *
cli_db(const CliCommon *common)
{
  return common->db ? common->db : cli_default_db();
}
