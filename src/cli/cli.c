/* cli.c — the oudermonitor command: sub-commands, options, output and exit codes.
 *
 * The only place that prints to the terminal or exits. Each sub-command parses its
 * options with GOption, calls the engine, and prints a table as aligned text (Dutch
 * number format by default), CSV for Excel, or JSON with stable English keys.
 * One static table maps command names to functions (as GNU datamash does).
 */
#include "base/safe-file.h"
#include "input/csvsource.h"
#include "render/csv-writer.h"
#include "base/format.h"
#include "import/import.h"
#include "input/register.h"
#include "store/store.h"
#include "input/survey.h"

#include "cli/cli-table.h"
#include "cli/cli.h"
#include "present/evaluation.h"
#include "base/datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- shared option handling ------------------------------------------------------- */

const char *cli_prog = "oudermonitor";

int
cli_exit_for_error(const GError *e)
{
  if (!e || e->domain != OM_ERROR)
    return OM_EXIT_FAILURE;
  switch ((OmErrorCode)e->code) {
  case OM_ERROR_IO:
    return OM_EXIT_IO;
  case OM_ERROR_STORE:
  case OM_ERROR_NOT_FOUND:
    return OM_EXIT_STORE;
  case OM_ERROR_ARGUMENT:
    return OM_EXIT_USAGE;
  default:
    return OM_EXIT_DATA;
  }
}

static void
say_busy(const char *path, gpointer data)
{
  (void)data;
  fprintf(stderr, "%s: %s is in use by another import; waiting for it to finish (at most %u s)\n",
          cli_prog, path, OM_STORE_DEFAULT_BUSY_MS / 1000);
}

OmStore *
cli_open_store(const char *path, OmStoreMode mode, GError **error)
{
  OmStore *st = om_store_open(path, mode, error);
  if (!st)
    return NULL;
  om_store_set_busy_handler(st, OM_STORE_DEFAULT_BUSY_MS, say_busy, NULL);
  /* The vocabulary the register was checked against, unless the user chose another. */
  char *source = NULL, *text = NULL;
  if (!om_sectors_default_is_chosen() && om_store_sectors(st, &source, &text, NULL) && text)
    om_sectors_use_data(source, text, NULL);
  g_free(source);
  g_free(text);
  if (om_store_is_immutable(st))
    fprintf(stderr, "%s: reading %s as it is on disk: its folder cannot be written\n", cli_prog,
            path);
  return st;
}

OmDataset *
cli_dataset_open(const char *path, GError **error)
{
  OmStore *st = cli_open_store(path, OM_STORE_READONLY, error);
  return st ? om_dataset_new_for_store(st, error) : NULL;
}

int
cli_fail(GError *e)
{
  int code = cli_exit_for_error(e);
  fprintf(stderr, "%s: %s\n", cli_prog, e ? e->message : "unknown error");
  g_clear_error(&e);
  return code;
}

int
cli_usage_error(GOptionContext *ctx, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s: %s\n", cli_prog, msg);
  if (ctx)
    fprintf(stderr, "Try '%s --help' for more information.\n", g_get_prgname());
  g_free(msg);
  return OM_EXIT_USAGE;
}

const char *
cli_default_db(void)
{
  const char *env = g_getenv("OUDERMONITOR_DB");
  return env && *env ? env : "oudermonitor.db";
}

/* ---- strict numbers ---------------------------------------------------------------- */

/* The numeric options of the command being parsed (one command per process). */
typedef struct {
  char *long_name;
  char short_name;
  GOptionArg arg; /* G_OPTION_ARG_INT or G_OPTION_ARG_DOUBLE */
  gpointer target;
  gboolean given;
} NumberOption;

static GArray *number_options; /* NumberOption */

static void
clear_number_option(gpointer p)
{
  g_free(((NumberOption *)p)->long_name);
}

static void
reset_options(void)
{
  if (!number_options) {
    number_options = g_array_new(FALSE, TRUE, sizeof(NumberOption));
    g_array_set_clear_func(number_options, clear_number_option);
  }
  g_array_set_size(number_options, 0);
}

static NumberOption *
find_number_option(const char *name)
{
  for (guint i = 0; i < number_options->len; i++) {
    NumberOption *o = &g_array_index(number_options, NumberOption, i);
    if ((name[1] == '-' && strcmp(name + 2, o->long_name) == 0)
        || (name[1] != '-' && name[1] == o->short_name && name[2] == '\0'))
      return o;
  }
  return NULL;
}

static gboolean
parse_number_option(const char *name, const char *value, gpointer data, GError **error)
{
  (void)data;
  NumberOption *o = find_number_option(name);
  g_assert(o != NULL);
  o->given = TRUE;
  const char *shown = o->long_name;
  if (o->arg == G_OPTION_ARG_INT) {
    gint64 v;
    GError *e = NULL;
    if (!g_ascii_string_to_signed(value, 10, G_MININT, G_MAXINT, &v, &e)) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  e->code == G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS
                      ? "--%s '%s' is out of range"
                      : "--%s '%s' is not a whole number",
                  shown, value);
      g_error_free(e);
      return FALSE;
    }
    *(int *)o->target = (int)v;
    return TRUE;
  }
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod(value, &end);
  /* Hexadecimal, nan and inf parse with strtod but are no answer to a question asking for
   * a level, a share or a size. */
  gboolean plain = *value != '\0' && strspn(value, "+-0123456789.eE") == strlen(value);
  if (!plain || end == value || *end != '\0' || !isfinite(v) || errno == ERANGE) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                errno == ERANGE && plain ? "--%s '%s' is out of range"
                                         : "--%s '%s' is not a finite number",
                shown, value);
    return FALSE;
  }
  *(double *)o->target = v;
  return TRUE;
}

#undef g_option_context_add_main_entries
void
cli_add_entries(GOptionContext *ctx, const GOptionEntry *entries, const char *domain)
{
  if (!number_options)
    reset_options();
  guint n = 0;
  while (entries[n].long_name)
    n++;
  GOptionEntry *copy = g_new0(GOptionEntry, n + 1);
  for (guint i = 0; i < n; i++) {
    copy[i] = entries[i];
    if (entries[i].arg != G_OPTION_ARG_INT && entries[i].arg != G_OPTION_ARG_DOUBLE)
      continue;
    NumberOption o = { g_strdup(entries[i].long_name), entries[i].short_name, entries[i].arg,
                       entries[i].arg_data, FALSE };
    g_array_append_val(number_options, o);
    copy[i].arg = G_OPTION_ARG_CALLBACK;
    copy[i].arg_data = (gpointer)parse_number_option;
  }
  g_option_context_add_main_entries(ctx, copy, domain);
  g_free(copy); /* GOption copies the entries */
}
#define g_option_context_add_main_entries(ctx, entries, domain)                                    \
  cli_add_entries((ctx), (entries), (domain))

gboolean
cli_option_given(const char *long_name)
{
  for (guint i = 0; number_options && i < number_options->len; i++) {
    NumberOption *o = &g_array_index(number_options, NumberOption, i);
    if (strcmp(o->long_name, long_name) == 0)
      return o->given;
  }
  return FALSE;
}

/* getopt's rule: a "--" ends the options and is not itself an argument. GOption stops at
 * it but leaves it in argv. */
static void
drop_end_of_options(int *argc, char **argv)
{
  for (int i = 1; i < *argc; i++)
    if (strcmp(argv[i], "--") == 0) {
      memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
      (*argc)--;
      return;
    }
}

/* Parses a sub-command's options; on --help GOption prints and we exit 0 here (the only
 * exit outside main, as GOption itself would). */
static gboolean help_requested;

gboolean
cli_parse(GOptionContext *ctx, int *argc, char ***argv, int *status)
{
  GError *e = NULL;
  if (!g_option_context_parse(ctx, argc, argv, &e)) {
    *status = cli_usage_error(ctx, "%s", e->message);
    g_error_free(e);
    return FALSE;
  }
  drop_end_of_options(argc, *argv);
  if (help_requested) {
    /* Printed here rather than by GOption, which would exit(0) without checking that
     * the text reached standard output. */
    char *help = g_option_context_get_help(ctx, TRUE, NULL);
    fputs(help, stdout);
    g_free(help);
    *status = OM_EXIT_OK;
    return FALSE;
  }
  return TRUE;
}

GOptionContext *
cli_context(const char *command, const char *args, const char *summary, const char *description)
{
  char *prg = g_strdup_printf("%s %s", cli_prog, command);
  g_set_prgname(prg);
  g_free(prg);
  GOptionContext *ctx = g_option_context_new(args);
  reset_options();
  static const GOptionEntry help[]
      = { { "help", 'h', 0, G_OPTION_ARG_NONE, &help_requested, "Show this help", NULL },
          G_OPTION_ENTRY_NULL };
  help_requested = FALSE;
  g_option_context_set_help_enabled(ctx, FALSE);
  g_option_context_add_main_entries(ctx, help, NULL);
  g_option_context_set_summary(ctx, summary);
  if (description)
    g_option_context_set_description(ctx, description);
  return ctx;
}

/* ---- progress ------------------------------------------------------------------------ */

typedef struct {
  const char *what;
  int last;
} Progress;

static void
on_progress(guint64 done, guint64 total, gpointer data)
{
  Progress *p = data;
  int pct = total ? (int)(100 * done / total) : 100;
  if (pct == p->last)
    return;
  p->last = pct;
  fprintf(stderr, "\r%s: %3d%%", p->what, pct);
  if (pct == 100)
    fputs("\r\033[K", stderr);
  fflush(stderr);
}

/* What the store has to tell the user (a migration done, a key file replaced). */
static void
print_store_notices(OmStore *st)
{
  char *n;
  while ((n = om_store_take_notice(st)) != NULL) {
    fprintf(stderr, "%s: %s\n", cli_prog, n);
    g_free(n);
  }
}

/* ---- init ---------------------------------------------------------------------------- */

static int
cmd_init(int argc, char **argv)
{
  char *db = NULL;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context("init", "", "Create an empty store (mode 0600).", NULL);
  g_option_context_add_main_entries(ctx, entries, NULL);
  int status = OM_EXIT_OK;
  if (!cli_parse(ctx, &argc, &argv, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "init takes no arguments");
    goto out;
  }
  GError *e = NULL;
  const char *path = db ? db : cli_default_db();
  gboolean existed = g_file_test(path, G_FILE_TEST_EXISTS);
  OmStore *st = om_store_open(path, OM_STORE_OPEN_OR_CREATE, &e);
  if (!st) {
    status = cli_fail(e);
    goto out;
  }
  char *notice = om_store_take_notice(st);
  if (notice) {
    printf("%s\n", notice); /* a migration: the store did change */
  } else {
    switch (om_store_opened_as(st)) {
    case OM_STORE_OPENED_CREATED:
      printf(existed ? "made the empty file %s a store (readable by you only)\n"
                     : "created the store %s (readable by you only)\n",
             path);
      break;
    case OM_STORE_OPENED_UPGRADED:
      printf("%s is an oudermonitor store already; upgraded it to schema version %d, data "
             "kept\n",
             path, OM_STORE_SCHEMA_VERSION);
      break;
    default:
      printf("%s is an oudermonitor store already; nothing changed\n", path);
    }
  }
  g_free(notice);
  print_store_notices(st);
  om_store_free(st);
out:
  g_free(db);
  g_option_context_free(ctx);
  return status;
}

/* ---- register ------------------------------------------------------------------------ */

static int
cmd_register(int argc, char **argv)
{
  char *db = NULL;
  char *sectors = NULL;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          { "sectors", 0, 0, G_OPTION_ARG_FILENAME, &sectors,
            "Sector vocabulary (default: $OUDERMONITOR_SECTORS or surveys/sectoren.ini)",
            "FILE.ini" },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "register", "FILE.csv", "Load or update the institutions register.",
      "FILE.csv has the columns instelling,naam,sector,gemeente,populatie (any order).\n"
      "sector is a code of the sector vocabulary (surveys/sectoren.ini, upper or lower\n"
      "case; a municipality names its own with --sectors); populatie is the number of\n"
      "parents (households) the institution serves, empty when unknown. Registering again\n"
      "updates changed institutions and keeps the others.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int status = OM_EXIT_OK;
  OmRegister *reg = NULL;
  OmStore *st = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status))
    goto out;
  if (argc != 2) {
    status = cli_usage_error(ctx, "register takes one register file (FILE.csv)");
    goto out;
  }
  /* The store first: without --sectors the register is checked against its vocabulary. */
  if ((sectors && !om_sectors_load_default(sectors, &e))
      || !(st = cli_open_store(db ? db : cli_default_db(), OM_STORE_EXISTING, &e))
      || !(reg = om_register_new_from_file(argv[1], &e)) || !om_store_begin(st, &e)) {
    status = cli_fail(e);
    goto out;
  }
  guint counts[3] = { 0, 0, 0 };
  for (guint i = 0; i < om_register_size(reg); i++) {
    OmPutResult r;
    if (!om_store_put_institution(st, om_register_get(reg, i), &r, &e)) {
      om_store_rollback(st);
      status = cli_fail(e);
      goto out;
    }
    counts[r]++;
  }
  if (!om_store_put_sectors(st, om_sectors_default(), &e) || !om_store_commit(st, &e)) {
    status = cli_fail(e);
    goto out;
  }
  print_store_notices(st);
  printf("register %s: %u institutions (%u new, %u updated, %u unchanged)\n", argv[1],
         om_register_size(reg), counts[OM_PUT_NEW], counts[OM_PUT_UPDATED],
         counts[OM_PUT_UNCHANGED]);
out:
  om_store_free(st);
  om_register_free(reg);
  g_free(db);
  g_free(sectors);
  g_option_context_free(ctx);
  return status;
}

/* ---- import -------------------------------------------------------------------------- */

static void
print_import_report(const OmImportReport *r, gboolean dry_run)
{
  if (r->already_imported) {
    printf("%s: already imported as the %s wave of %d (same SHA-256); nothing changed\n", r->source,
           r->group, r->year);
    return;
  }
  char *n = om_format_number((double)r->respondents, 0, OM_LANG_NL);
  printf("%s: %s %s wave %d, %s respondents%s\n", r->source,
         dry_run ? "checked, would import as" : (r->replaced ? "replaced the" : "imported as"),
         r->group, r->year, n, dry_run ? " (dry run: nothing stored)" : "");
  g_free(n);
  if (r->format && strcmp(r->format, "sav") == 0)
    printf("  SPSS system file, %" G_GUINT64_FORMAT " answers of which %" G_GUINT64_FORMAT
           " empty and %" G_GUINT64_FORMAT " don't know\n",
           r->answers, r->blanks, r->dont_know);
  else
    printf("  %s, delimiter '%s', %" G_GUINT64_FORMAT " answers of which %" G_GUINT64_FORMAT
           " empty and %" G_GUINT64_FORMAT " don't know\n",
           r->had_bom                           ? "UTF-8 with BOM"
           : r->encoding == OM_ENCODING_UTF8    ? "UTF-8"
           : r->encoding == OM_ENCODING_UTF16LE ? "UTF-16 LE (Unicode text)"
           : r->encoding == OM_ENCODING_UTF16BE ? "UTF-16 BE (Unicode text)"
                                                : "Windows-1252",
           r->delimiter == '\t' ? "tab" : (char[]){ r->delimiter, 0 }, r->answers, r->blanks,
           r->dont_know);
  if (r->names_row > 1)
    printf("  column names taken from line %" G_GUINT64_FORMAT " (header row %u; empty names from "
           "the rows above)\n",
           r->names_line, r->names_row);
  if (r->definition_changed)
    printf("  the same file as before, imported again under the changed survey definition\n");
  if (r->skipped_rows)
    printf("  skipped %u extra header row%s from line %" G_GUINT64_FORMAT "\n", r->skipped_rows,
           r->skipped_rows == 1 ? "" : "s", r->first_skipped_line);
  if (r->empty_rows)
    printf("  skipped %" G_GUINT64_FORMAT " empty row%s\n", r->empty_rows,
           r->empty_rows == 1 ? "" : "s");
  if (r->ignored_columns->len) {
    printf("  not stored (columns the survey does not map): ");
    guint shown = MIN(r->ignored_columns->len, 20);
    for (guint i = 0; i < shown; i++)
      printf("%s%s", i ? ", " : "", (char *)g_ptr_array_index(r->ignored_columns, i));
    if (shown < r->ignored_columns->len)
      printf(" … and %u more", r->ignored_columns->len - shown);
    printf("\n");
  }
}

/* What --max-cell, --max-columns and --max-record asked (0 = the default). */
typedef struct {
  gint64 cell, columns, record;
} ImportLimits;

/* The import options beyond the survey and the files: limits, year, rows to skip,
 * delimiter and encoding; a usage error sets *status. */
static gboolean
check_import_options(GOptionContext *ctx, const ImportLimits *limits, const char *delim,
                     const char *encoding, OmImportOptions *opts, int *status)
{
  if (limits->cell < 0 || limits->columns < 0 || limits->columns > G_MAXUINT
      || limits->record < 0) {
    *status = cli_usage_error(ctx, "--max-cell, --max-columns and --max-record take a positive "
                                   "number");
    return FALSE;
  }
  opts->max_cell = (gsize)limits->cell;
  opts->max_fields = (guint)limits->columns;
  opts->max_record = (gsize)limits->record;
  if (cli_option_given("year") && (opts->year < 1990 || opts->year > 2100)) {
    *status = cli_usage_error(ctx, "--year %d is not a survey year (1990–2100)", opts->year);
    return FALSE;
  }
  if (cli_option_given("skip-rows") && opts->skip_rows < 0) {
    *status = cli_usage_error(ctx, "--skip-rows %d must be 0 or more", opts->skip_rows);
    return FALSE;
  }
  if (delim) {
    if (strcmp(delim, "tab") == 0 || strcmp(delim, "\\t") == 0)
      opts->delimiter = '\t';
    else if (strlen(delim) == 1 && strchr(",;|\t", delim[0]))
      opts->delimiter = delim[0];
    else {
      *status = cli_usage_error(ctx, "--delimiter '%s' is not ',', ';', '|' or 'tab'", delim);
      return FALSE;
    }
  }
  if (encoding && !om_encoding_from_string(encoding, &opts->encoding)) {
    *status = cli_usage_error(ctx, "--encoding '%s' is not utf-8 or windows-1252", encoding);
    return FALSE;
  }
  return TRUE;
}

/* Imports each file on its own (one transaction each), printing its report or its
 * problems; returns the exit code of the first failure, or OM_EXIT_OK. */
static int
import_files(OmStore *st, const OmSurvey *survey, int argc, char **argv, OmImportOptions *opts,
             gboolean quiet)
{
  int status = OM_EXIT_OK;
  GError *e = NULL;
  gboolean tty = !quiet && isatty(STDERR_FILENO);
  for (int i = 1; i < argc; i++) {
    OmImportReport *rep = om_import_report_new();
    Progress prog = { .what = argv[i], .last = -1 };
    if (tty) {
      opts->progress = on_progress;
      opts->progress_data = &prog;
    }
    gboolean ok = om_import_file(st, survey, argv[i], opts, rep, &e);
    fflush(stdout);
    if (ok) {
      print_import_report(rep, opts->dry_run);
    } else {
      for (guint k = 0; k < rep->problems->len; k++)
        fprintf(stderr, "%s\n", (char *)g_ptr_array_index(rep->problems, k));
      if (rep->n_problems > rep->problems->len)
        fprintf(stderr, "… and %" G_GUINT64_FORMAT " more problems\n",
                rep->n_problems - rep->problems->len);
      int code = cli_fail(e);
      e = NULL;
      if (status == OM_EXIT_OK)
        status = code;
    }
    om_import_report_free(rep);
    print_store_notices(st);
  }
  return status;
}

static int
cmd_import(int argc, char **argv)
{
  char *db = NULL, *survey_path = NULL, *delim = NULL, *encoding = NULL;
  int year = 0, skip_rows = -1;
  gint64 max_cell = 0, max_columns = 0, max_record = 0;
  gboolean dry_run = FALSE, replace = FALSE, baseline = FALSE, quiet = FALSE;
  GOptionEntry entries[] = {
    { "survey", 's', 0, G_OPTION_ARG_FILENAME, &survey_path,
      "Survey definition (required): a file, or the name of a shipped one (ouders, instellingen)",
      "FILE.ini" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year,
      "Year of the wave (default: from the survey's year column)", "YEAR" },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &delim,
      "Field delimiter: ',', ';' or 'tab' (default: sniffed)", "CHAR" },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      "utf-8 or windows-1252 (default: sniffed)", "NAME" },
    { "skip-rows", 0, 0, G_OPTION_ARG_INT, &skip_rows,
      "Extra header rows after the header (default: detected)", "N" },
    { "baseline", 0, 0, G_OPTION_ARG_NONE, &baseline,
      "Mark this wave as the baseline (nulmeting); default: the earliest wave", NULL },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      "Replace an existing wave of the same group and year, atomically", NULL },
    { "max-cell", 0, 0, G_OPTION_ARG_INT64, &max_cell,
      "Longest field accepted, in bytes (default: 65536)", "BYTES" },
    { "max-columns", 0, 0, G_OPTION_ARG_INT64, &max_columns,
      "Most fields in a row (default: 10000)", "N" },
    { "max-record", 0, 0, G_OPTION_ARG_INT64, &max_record,
      "Longest row accepted, in bytes (default: 4194304)", "BYTES" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "Check the file; store nothing", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress indication", NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *ctx = cli_context(
      "import", "FILE…", "Import survey exports, one wave per file, each all or nothing.",
      "FILE is a CSV or tab export (UTF-8, Windows-1252 or Excel's UTF-16 \"Unicode text\")\n"
      "or an SPSS .sav file. Each file is checked completely; any problem (ragged rows,\n"
      "answers outside the scale, unknown institution codes, duplicate respondent ids) is\n"
      "listed with file:line:column and nothing of that file is stored. Columns the survey\n"
      "does not map (names, e-mail, free text) are never stored. Importing the same file\n"
      "with the same definition again changes nothing; after correcting the definition,\n"
      "--replace imports it again under the new one.\n\n"
      "Example:\n  oudermonitor import --survey surveys/ouders.ini sample-data/ouders-2013.csv");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int status = OM_EXIT_OK;
  OmSurvey *survey = NULL;
  OmStore *st = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status))
    goto out;
  if (!survey_path) {
    status = cli_usage_error(ctx, "import needs --survey FILE.ini (e.g. surveys/ouders.ini)");
    goto out;
  }
  if (argc < 2) {
    status = cli_usage_error(ctx, "import needs at least one CSV file");
    goto out;
  }
  char *resolved = om_data_resolve_definition(survey_path);
  g_free(survey_path);
  survey_path = resolved;
  OmImportOptions opts = { .year = year,
                           .skip_rows = skip_rows,
                           .dry_run = dry_run,
                           .replace = replace,
                           .baseline = baseline };
  ImportLimits limits = { max_cell, max_columns, max_record };
  if (!check_import_options(ctx, &limits, delim, encoding, &opts, &status))
    goto out;
  if (baseline && argc > 2) {
    status = cli_usage_error(ctx, "--baseline marks one wave; give one file with it");
    goto out;
  }
  if (!(survey = om_survey_new_from_file(survey_path, &e))
      || !(st = cli_open_store(db ? db : cli_default_db(), OM_STORE_EXISTING, &e))) {
    status = cli_fail(e);
    goto out;
  }
  status = import_files(st, survey, argc, argv, &opts, quiet);
out:
  om_store_free(st);
  om_survey_free(survey);
  g_free(db);
  g_free(survey_path);
  g_free(delim);
  g_free(encoding);
  g_option_context_free(ctx);
  return status;
}

/* ---- waves, institutions, export ------------------------------------------------------ */

static const CliColumn wave_columns[] = {
  { "group", "groep", "group", CLI_ALIGN_LEFT },
  { "year", "jaar", "year", CLI_ALIGN_RIGHT },
  { "baseline", "nulmeting", "baseline", CLI_ALIGN_LEFT },
  { "respondents", "respondenten", "respondents", CLI_ALIGN_RIGHT },
  { "survey", "vragenlijst", "survey", CLI_ALIGN_LEFT },
  { "source", "bronbestand", "source file", CLI_ALIGN_LEFT },
  { "imported_at", "geïmporteerd", "imported", CLI_ALIGN_LEFT },
  { "sha256", "sha256", "sha256", CLI_ALIGN_LEFT },
  { "definition_sha256", "definitie-sha256", "definition sha256", CLI_ALIGN_LEFT },
};

static int
cmd_waves(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  char *group = NULL;
  gboolean verbose = FALSE;
  GOptionEntry entries[]
      = { { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
            "Only this respondent group: ouders or instellingen", "GROUP" },
          { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
            "Also show the SHA-256 of each file and of the survey definition it was imported with",
            NULL },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx
      = cli_context("waves", "", "List the imported waves.",
                    "A wave is one file under one survey definition: the store keeps both\n"
                    "hashes, so you can see which definition produced a figure.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmStore *st = NULL;
  GArray *waves = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status))
    goto out;
  if (!(st = cli_open_store(cli_db(&common), OM_STORE_READONLY, &e))
      || !(waves = om_store_waves(st, group, &e))) {
    status = cli_fail(e);
    goto out;
  }
  CliTable *t = cli_table_new(wave_columns, G_N_ELEMENTS(wave_columns));
  for (guint i = 0; i < waves->len; i++) {
    OmWave *w = &g_array_index(waves, OmWave, i);
    cli_table_add_row(t);
    cli_table_str(t, w->group);
    cli_table_year(t, w->year);
    cli_table_bool(t, w->baseline);
    cli_table_int(t, w->respondents);
    cli_table_str(t, w->survey_id);
    cli_table_str(t, w->source);
    cli_table_str(t, w->imported_at);
    cli_table_str(t, w->sha256);
    cli_table_str(t, w->definition_sha256);
  }
  if (!verbose) { /* text only: CSV and JSON always carry both hashes */
    cli_table_hide_column(t, "sha256");
    cli_table_hide_column(t, "definition_sha256");
  }
  status = cli_table_print(t, &common);
  cli_table_free(t);
out:
  if (waves)
    g_array_unref(waves);
  om_store_free(st);
  g_free(group);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

static int
cmd_institutions(int argc, char **argv)
{
  CliCommon common = CLI_COMMON_INIT;
  GOptionContext *ctx
      = cli_context("institutions", "", "List the register with respondents per wave.", NULL);
  cli_add_common_options(ctx, &common, TRUE);
  int status = OM_EXIT_OK;
  OmStore *st = NULL;
  GArray *insts = NULL, *waves = NULL, *counts = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status) || !cli_check_common(ctx, &common, &status))
    goto out;
  if (!(st = cli_open_store(cli_db(&common), OM_STORE_READONLY, &e))
      || !(insts = om_store_institutions(st, &e)) || !(waves = om_store_waves(st, NULL, &e))
      || !(counts = om_store_response_counts(st, &e))) {
    status = cli_fail(e);
    goto out;
  }
  /* Columns: the register, then one per wave. */
  GArray *cols = g_array_new(FALSE, TRUE, sizeof(CliColumn));
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const CliColumn fixed[] = {
    { "code", "instelling", "institution", CLI_ALIGN_LEFT },
    { "name", "naam", "name", CLI_ALIGN_LEFT },
    { "sector", "sector", "sector", CLI_ALIGN_LEFT },
    { "municipality", "gemeente", "municipality", CLI_ALIGN_LEFT },
    { "population", "populatie", "population", CLI_ALIGN_RIGHT },
  };
  g_array_append_vals(cols, fixed, G_N_ELEMENTS(fixed));
  for (guint i = 0; i < waves->len; i++) {
    OmWave *w = &g_array_index(waves, OmWave, i);
    char *key = g_strdup_printf("%s_%d", w->group, w->year);
    char *title = g_strdup_printf("%s %d", w->group, w->year);
    g_ptr_array_add(names, key);
    g_ptr_array_add(names, title);
    CliColumn c = { key, title, title, CLI_ALIGN_RIGHT };
    g_array_append_val(cols, c);
  }
  GHashTable *by = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < counts->len; i++) {
    OmResponseCount *c = &g_array_index(counts, OmResponseCount, i);
    g_hash_table_insert(by, g_strdup_printf("%s\037%" G_GINT64_FORMAT, c->institution, c->wave_id),
                        c);
  }
  CliTable *t = cli_table_new((const CliColumn *)(void *)cols->data, cols->len);
  for (guint i = 0; i < insts->len; i++) {
    OmInstitution *in = &g_array_index(insts, OmInstitution, i);
    cli_table_add_row(t);
    cli_table_str(t, in->code);
    cli_table_str(t, in->name);
    cli_table_str(t, in->sector);
    cli_table_str(t, in->municipality);
    if (in->population >= 0)
      cli_table_int(t, in->population);
    else
      cli_table_null(t);
    for (guint k = 0; k < waves->len; k++) {
      char *key = g_strdup_printf("%s\037%" G_GINT64_FORMAT, in->code,
                                  g_array_index(waves, OmWave, k).id);
      OmResponseCount *c = g_hash_table_lookup(by, key);
      g_free(key);
      cli_table_int(t, c ? c->respondents : 0);
    }
  }
  status = cli_table_print(t, &common);
  cli_table_free(t);
  g_hash_table_unref(by);
  g_array_unref(cols);
  g_ptr_array_unref(names);
out:
  if (insts)
    g_array_unref(insts);
  if (waves)
    g_array_unref(waves);
  if (counts)
    g_array_unref(counts);
  om_store_free(st);
  cli_common_clear(&common);
  g_option_context_free(ctx);
  return status;
}

typedef struct {
  OmCsvWriter *w;
  const OmWave *wave;
  const OmSurvey *survey;
  FILE *jsonl; /* --format json: one JSON object per line (JSON Lines) instead of CSV */
} ExportState;

/* s as a JSON string (RFC 8259: quote, backslash and control characters escaped; UTF-8 as
 * is); NULL as null. */
static void
json_string(FILE *out, const char *s)
{
  if (!s) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out);
  }
  fputc('"', out);
}

static void
export_json_answer(const ExportState *x, const char *institution, const char *respondent,
                   const OmItem *item, gint32 answer)
{
  FILE *o = x->jsonl;
  char theme[2] = { item->theme, 0 };
  fputs("{\"group\":", o);
  json_string(o, x->wave->group);
  fprintf(o, ",\"year\":%d,\"baseline\":%s,\"institution\":", x->wave->year,
          x->wave->baseline ? "true" : "false");
  json_string(o, institution);
  fputs(",\"respondent\":", o);
  json_string(o, respondent);
  fputs(",\"item\":", o);
  json_string(o, item->id);
  fputs(",\"theme\":", o);
  json_string(o, theme);
  if (answer == OM_ANSWER_BLANK)
    fputs(",\"answer\":null", o);
  else
    fprintf(o, ",\"answer\":%d", answer);
  OmAnswerClass c = om_scale_classify(item->scale, answer);
  fprintf(o, ",\"class\":\"%s\"}\n",
          c == OM_ANSWER_CLASS_SATISFIED ? "satisfied"
          : c == OM_ANSWER_CLASS_OTHER   ? "valid"
          : c == OM_ANSWER_CLASS_MISSING ? "dont_know"
                                         : "blank");
}

static gboolean
export_respondent(const char *respondent, const char *institution, const gint32 *answers, guint n,
                  gpointer data, GError **error)
{
  ExportState *x = data;
  if (n != om_survey_n_items(x->survey)) {
    g_set_error(error, OM_ERROR, OM_ERROR_STORE,
                "respondent '%s' of the %s wave %d has %u answers for %u items", respondent,
                x->wave->group, x->wave->year, n, om_survey_n_items(x->survey));
    return FALSE;
  }
  char year[16], code[16];
  g_snprintf(year, sizeof year, "%d", x->wave->year);
  for (guint i = 0; i < n; i++) {
    const OmItem *item = om_survey_item(x->survey, i);
    if (x->jsonl) {
      export_json_answer(x, institution, respondent, item, answers[i]);
      continue;
    }
    char theme[2] = { item->theme, 0 };
    om_csv_writer_field(x->w, x->wave->group);
    om_csv_writer_number(x->w, year);
    om_csv_writer_number(x->w, x->wave->baseline ? "1" : "0");
    om_csv_writer_field(x->w, institution);
    om_csv_writer_field(x->w, respondent);
    om_csv_writer_field(x->w, item->id);
    om_csv_writer_field(x->w, theme);
    if (answers[i] == OM_ANSWER_BLANK) {
      om_csv_writer_field(x->w, NULL);
    } else {
      g_snprintf(code, sizeof code, "%d", answers[i]);
      om_csv_writer_number(x->w, code);
    }
    OmAnswerClass c = om_scale_classify(item->scale, answers[i]);
    om_csv_writer_field(x->w, c == OM_ANSWER_CLASS_SATISFIED ? "satisfied"
                              : c == OM_ANSWER_CLASS_OTHER   ? "valid"
                              : c == OM_ANSWER_CLASS_MISSING ? "dont_know"
                                                             : "blank");
    om_csv_writer_end_row(x->w);
  }
  return TRUE;
}

static int
cmd_export(int argc, char **argv)
{
  char *db = NULL, *out_path = NULL, *group = NULL;
  char *delim = NULL, *format = NULL;
  gboolean raw = FALSE;
  GOptionEntry entries[]
      = { { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
            "csv (default, for Excel) or json (JSON Lines: one object per answer)", "FORMAT" },
          { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
            "Write to FILE (default: standard output)", "FILE" },
          { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
            "Only this respondent group: ouders or instellingen", "GROUP" },
          { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &delim, "';' (default, Dutch Excel) or ','",
            "CHAR" },
          { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
            "For R or pandas: text cells as stored, without the ' that keeps Excel from reading "
            "them as formulas",
            NULL },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "export", "", "Write the stored answers as a tidy CSV: one row per answer.",
      "Columns: group, year, baseline, institution, respondent, item, theme, answer, class\n"
      "(class is satisfied, valid, dont_know or blank). UTF-8 with BOM, so Excel opens it.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int status = OM_EXIT_OK;
  OmStore *st = NULL;
  GArray *waves = NULL;
  GError *e = NULL;
  FILE *out = NULL;
  OmSafeFile *file = NULL;
  OmCsvWriter *w = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status))
    goto done;
  gboolean json = format && strcmp(format, "json") == 0;
  if (format && !json && strcmp(format, "csv") != 0) {
    status = cli_usage_error(ctx, "--format '%s' is not csv or json", format);
    goto done;
  }
  char d = ';';
  if (delim) {
    if (strcmp(delim, ",") != 0 && strcmp(delim, ";") != 0) {
      status = cli_usage_error(ctx, "--delimiter must be ';' or ','");
      goto done;
    }
    d = delim[0];
  }
  if (!(st = cli_open_store(db ? db : cli_default_db(), OM_STORE_READONLY, &e))
      || !(waves = om_store_waves(st, group, &e))) {
    status = cli_fail(e);
    goto done;
  }
  /* The export holds every respondent's answers: private like the store, whole or not at
   * all, never through a link (base/safe-file.h). */
  if (out_path) {
    if (!(file = om_safe_file_new(out_path, OM_SAFE_FILE_PRIVATE, &e))) {
      status = cli_fail(e);
      goto done;
    }
    out = om_safe_file_stream(file);
  } else {
    out = stdout;
  }
  w = om_csv_writer_new(out, d, !json);
  om_csv_writer_set_raw(w, raw);
  const char *header[] = { "group", "year",  "baseline", "institution", "respondent",
                           "item",  "theme", "answer",   "class" };
  for (guint i = 0; i < G_N_ELEMENTS(header) && !json; i++)
    om_csv_writer_field(w, header[i]);
  if (!json)
    om_csv_writer_end_row(w);
  for (guint i = 0; i < waves->len; i++) {
    OmWave *wave = &g_array_index(waves, OmWave, i);
    OmSurvey *s = om_store_wave_survey(st, wave->id, &e);
    ExportState x = { w, wave, s, json ? out : NULL };
    gboolean ok = s && om_store_foreach_respondent(st, wave->id, export_respondent, &x, &e);
    om_survey_free(s);
    if (!ok) {
      status = cli_fail(e);
      goto done;
    }
  }
  /* To a file, the commit reports a write error with the file's name; to standard
   * output, the writer does. */
  if (file ? !om_safe_file_commit(file, &e) : !om_csv_writer_finish(w, &e)) {
    status = cli_fail(e);
    goto done;
  }
done:
  om_csv_writer_free(w);
  om_safe_file_free(file); /* without a commit: removes the partial file */
  if (waves)
    g_array_unref(waves);
  om_store_free(st);
  g_free(db);
  g_free(out_path);
  g_free(group);
  g_free(delim);
  g_free(format);
  g_option_context_free(ctx);
  return status;
}

/* ---- forget -------------------------------------------------------------------------- */

/* Which published figures the erasure changes: per wave, the institutions it touched. */
static void
print_forgotten(GArray *rows, int n_ids, char **ids)
{
  for (int i = 0; i < n_ids; i++) {
    guint found = 0;
    for (guint k = 0; k < rows->len; k++)
      found += g_array_index(rows, OmForgotten, k).which == (guint)i;
    if (found == 0)
      printf("%s: not in the store (never imported, already forgotten, or imported before "
             "the store's key file was replaced)\n",
             ids[i]);
    else
      printf("%s: removed from %u wave%s\n", ids[i], found, found == 1 ? "" : "s");
  }
  if (rows->len == 0) {
    printf("nothing was removed; no figure changes\n");
    return;
  }
  printf("published figures that change (run stats, targets, chart and report again):\n");
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < rows->len; k++) {
    const OmForgotten *f = &g_array_index(rows, OmForgotten, k);
    char *key = g_strdup_printf("%s %d %s", f->group, f->year, f->institution);
    if (g_hash_table_add(seen, key))
      printf("  %s %d: institution %s, its sector, the municipality, and the targets, changes "
             "and trends that use this wave\n",
             f->group, f->year, f->institution);
  }
  g_hash_table_unref(seen);
  printf("the store records only that an erasure happened and when; the source files still "
         "hold the ids: delete them there too, or 'import --replace' brings them back\n");
}

static int
cmd_forget(int argc, char **argv)
{
  char *db = NULL;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "forget", "ID…", "Erase respondents from every wave (GDPR art. 17).",
      "Each ID is the respondent id as in the survey export. Every answer of that respondent\n"
      "is removed from every wave and scrubbed from the store file; the store records only\n"
      "that an erasure happened and when. Lists the figures that change.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int status = OM_EXIT_OK;
  OmStore *st = NULL;
  GArray *rows = NULL;
  GError *e = NULL;
  if (!cli_parse(ctx, &argc, &argv, &status))
    goto out;
  if (argc < 2) {
    status = cli_usage_error(ctx, "forget needs at least one respondent id");
    goto out;
  }
  if (!(st = om_store_open(db ? db : cli_default_db(), OM_STORE_EXISTING, &e))
      || !(rows = om_store_forget(st, (const char *const *)argv + 1, (guint)argc - 1, &e))) {
    if (st)
      print_store_notices(st);
    status = cli_fail(e);
    goto out;
  }
  print_store_notices(st);
  print_forgotten(rows, argc - 1, argv + 1);
out:
  if (rows)
    g_array_unref(rows);
  om_store_free(st);
  g_free(db);
  g_option_context_free(ctx);
  return status;
}

/* ---- the command table ------------------------------------------------------------- */

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "init", cmd_init, "create an empty store" },
  { "register", cmd_register, "load or update the institutions register" },
  { "import", cmd_import, "import survey exports (one wave per file)" },
  { "waves", cmd_waves, "list the imported waves" },
  { "institutions", cmd_institutions, "list the register with respondents per wave" },
  { "export", cmd_export, "write the stored answers as a tidy CSV" },
  { "forget", cmd_forget, "erase respondents from every wave (GDPR art. 17)" },
  { "stats", cli_cmd_stats, "shares with intervals per scope and wave" },
  { "targets", cli_cmd_targets, "status of every target per scope unit" },
  { "ci", cli_cmd_ci, "interval for one share (calculator)" },
  { "diff", cli_cmd_diff, "difference of two shares with interval and p-value" },
  { "plan", cli_cmd_plan, "respondents needed per institution" },
  { "chart", cli_cmd_chart, "trend charts per institution and sector, overview charts" },
  { "report", cli_cmd_report, "the PDF report for the LEA evaluation" },
};

static void
usage(FILE *f)
{
  fprintf(f,
          "Usage: %s COMMAND [OPTION…]\n\n"
          "Monitors parent satisfaction against LEA targets: imports survey exports into\n"
          "a private SQLite store, computes shares with confidence intervals, evaluates\n"
          "targets, and draws charts and the LEA evaluation report.\n\nCommands:\n",
          cli_prog);
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
  fprintf(f,
          "\n'%s COMMAND --help' shows a command's options.\n"
          "The store is oudermonitor.db, or $OUDERMONITOR_DB, or --db FILE.\n",
          cli_prog);
}

/* Checks that everything written to standard output reached it (a full disk, a closed
 * pipe): a report that silently lost its last lines is worse than an error. */
static int
close_stdout(int status)
{
  if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
    if (status == OM_EXIT_OK) {
      fprintf(stderr, "%s: write error on standard output: %s\n", cli_prog, g_strerror(errno));
      return OM_EXIT_IO;
    }
  }
  return status;
}

/* Under LeakSanitizer (the test build): fontconfig keeps its caches for the life of the
 * process by design; they are not leaks of ours. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
  return "leak:libfontconfig\n";
}

int
main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  /* Our numbers never go through the C locale: formatting is explicit (format.h). */
  setlocale(LC_NUMERIC, "C");
  /* Past a file size limit (ulimit -f) a write must fail with EFBIG, which the safe file
   * output reports and cleans up, rather than kill the process and leave a temporary file. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return OM_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    usage(stdout);
    return close_stdout(OM_EXIT_OK);
  }
  if (strcmp(name, "--version") == 0) {
    printf("oudermonitor %s\n", OM_VERSION);
    return close_stdout(OM_EXIT_OK);
  }
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(commands[i].name, name) == 0)
      return close_stdout(commands[i].run(argc - 1, argv + 1));
  fprintf(stderr, "%s: unknown command '%s'\n", cli_prog, name);
  usage(stderr);
  return OM_EXIT_USAGE;
}
