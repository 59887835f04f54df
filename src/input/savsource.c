/* savsource.c — SPSS system files (.sav, compressed .zsav) as records, over ReadStat.
 *
 * The variable names become the names record, each case a record of fields: numbers as
 * plain codes ("4", not "4.00"), strings as they are, system-missing as an empty field.
 * The file's value labels are handed to the caller beside the records, so that it can
 * check them against its own labels. ReadStat streams the cases; only one case is held.
 * Never knows what the records mean; never prints.
 */
#include "input/source.h"
#include "base/position.h"

#include <math.h>
#include <readstat.h>
#include <string.h>

typedef struct {
  const char *path;
  const OmSourceOptions *opts;
  OmRecordFunc fn;
  gpointer user_data;
  guint max_fields;
  GPtrArray *names;      /* char*, per variable */
  GPtrArray *label_sets; /* char* (or NULL), per variable: its value-label set */
  GPtrArray *labels;     /* Label*, every label of every set */
  char **fields;         /* the case being read */
  gsize *lengths;
  gboolean names_sent;
  guint64 n_records;
  GError *error;
} Sav;

typedef struct {
  char *set;
  double code;
  char *label;
} Label;

static void
label_free(gpointer p)
{
  Label *l = p;
  g_free(l->set);
  g_free(l->label);
  g_free(l);
}

static int
on_variable(int index, readstat_variable_t *variable, const char *val_labels, void *ctx)
{
  Sav *s = ctx;
  if ((guint)index >= s->max_fields) {
    om_error_at(&s->error, OM_ERROR_PARSE, s->path, 1, (guint)index + 1,
                "more than %u variables; the limit is %u fields (raise it with --max-columns N)",
                s->max_fields, s->max_fields);
    return READSTAT_HANDLER_ABORT;
  }
  const char *name = readstat_variable_get_name(variable);
  g_ptr_array_add(s->names, g_strdup(name ? name : ""));
  g_ptr_array_add(s->label_sets, g_strdup(val_labels));
  return READSTAT_HANDLER_OK;
}

static int
on_value_label(const char *val_labels, readstat_value_t value, const char *label, void *ctx)
{
  Sav *s = ctx;
  readstat_type_t t = readstat_value_type(value);
  if (t == READSTAT_TYPE_STRING || t == READSTAT_TYPE_STRING_REF)
    return READSTAT_HANDLER_OK; /* codes are numbers; string labels say nothing of a scale */
  Label *l = g_new0(Label, 1);
  l->set = g_strdup(val_labels);
  l->code = readstat_double_value(value);
  l->label = g_strdup(label ? label : "");
  g_ptr_array_add(s->labels, l);
  return READSTAT_HANDLER_OK;
}

static gboolean
deliver(Sav *s, guint64 line, char **fields, guint n)
{
  for (guint i = 0; i < n; i++)
    s->lengths[i] = strlen(fields[i]);
  OmRecord rec = { .source = s->path,
                   .line = line,
                   .n_fields = n,
                   .fields = (const char *const *)fields,
                   .lengths = s->lengths };
  if (s->fn(&rec, s->user_data, &s->error))
    return TRUE;
  if (!s->error)
    om_error_at(&s->error, OM_ERROR_ARGUMENT, s->path, line, 0,
                "reading stopped by the row handler without a reason");
  return FALSE;
}

/* The names record, then the value labels of each variable. */
static gboolean
send_names(Sav *s)
{
  guint n = s->names->len;
  s->names_sent = TRUE;
  s->fields = g_new0(char *, n + 1);
  s->lengths = g_new0(gsize, MAX(n, 1));
  if (!deliver(s, 1, (char **)s->names->pdata, n))
    return FALSE;
  for (guint v = 0; s->opts->value_labels && v < n; v++) {
    const char *set = g_ptr_array_index(s->label_sets, v);
    for (guint i = 0; set && i < s->labels->len; i++) {
      const Label *l = g_ptr_array_index(s->labels, i);
      if (strcmp(l->set, set) == 0
          && !s->opts->value_labels(v, l->code, l->label, s->opts->value_labels_data, &s->error))
        return FALSE;
    }
  }
  return TRUE;
}

static char *
value_text(readstat_value_t value)
{
  if (readstat_value_is_system_missing(value))
    return g_strdup("");
  switch (readstat_value_type(value)) {
  case READSTAT_TYPE_STRING:
  case READSTAT_TYPE_STRING_REF: {
    const char *t = readstat_string_value(value);
    return g_strdup(t ? t : "");
  }
  default: {
    double d = readstat_double_value(value);
    if (isfinite(d) && d == floor(d) && fabs(d) < 1e15)
      return g_strdup_printf("%.0f", d);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_dtostr(buf, sizeof buf, d));
  }
  }
}

static int
on_value(int obs_index, readstat_variable_t *variable, readstat_value_t value, void *ctx)
{
  Sav *s = ctx;
  if (!s->names_sent && !send_names(s))
    return READSTAT_HANDLER_ABORT;
  guint v = (guint)readstat_variable_get_index(variable);
  guint n = s->names->len;
  if (v >= n)
    return READSTAT_HANDLER_OK;
  g_free(s->fields[v]);
  s->fields[v] = value_text(value);
  if (v + 1 < n)
    return READSTAT_HANDLER_OK;
  for (guint i = 0; i < n; i++)
    if (!s->fields[i])
      s->fields[i] = g_strdup("");
  gboolean ok = deliver(s, (guint64)obs_index + 2, s->fields, n);
  for (guint i = 0; i < n; i++)
    g_clear_pointer(&s->fields[i], g_free);
  s->n_records++;
  return ok ? READSTAT_HANDLER_OK : READSTAT_HANDLER_ABORT;
}

static gboolean
sav_recognises(const guchar *head, gsize n)
{
  return n >= 4 && (memcmp(head, "$FL2", 4) == 0 || memcmp(head, "$FL3", 4) == 0);
}

static gboolean
sav_read(const char *path, const OmSourceOptions *opts, OmRecordFunc fn, gpointer user_data,
         OmSourceInfo *info, GError **error)
{
  Sav s = { .path = path,
            .opts = opts,
            .fn = fn,
            .user_data = user_data,
            .max_fields = opts->csv.max_fields ? opts->csv.max_fields : OM_CSV_DEFAULT_MAX_FIELDS,
            .names = g_ptr_array_new_with_free_func(g_free),
            .label_sets = g_ptr_array_new_with_free_func(g_free),
            .labels = g_ptr_array_new_with_free_func(label_free) };
  readstat_parser_t *parser = readstat_parser_init();
  readstat_set_variable_handler(parser, on_variable);
  readstat_set_value_label_handler(parser, on_value_label);
  readstat_set_value_handler(parser, on_value);
  readstat_error_t rc = readstat_parse_sav(parser, path, &s);
  readstat_parser_free(parser);
  if (rc == READSTAT_OK && !s.error && !s.names_sent)
    send_names(&s); /* a file with variables but no cases */
  gboolean ok = rc == READSTAT_OK && !s.error;
  if (s.error)
    g_propagate_error(error, s.error);
  else if (rc != READSTAT_OK)
    om_error_at(error, OM_ERROR_PARSE, path, 0, 0,
                "cannot read this SPSS file: %s; expected a .sav file as SPSS or PSPP save it",
                readstat_error_message(rc));
  if (ok && info) {
    info->format = "sav";
    info->csv = (OmCsvInfo){ .encoding = OM_ENCODING_UTF8,
                             .n_records = s.n_records + 1,
                             .n_lines = s.n_records + 1 };
  }
  if (s.fields)
    g_strfreev(s.fields);
  g_free(s.lengths);
  g_ptr_array_unref(s.names);
  g_ptr_array_unref(s.label_sets);
  g_ptr_array_unref(s.labels);
  return ok;
}

const OmSourceReader om_sav_reader = { "sav", sav_recognises, sav_read };
