/* cli-table.h — one table, three outputs: aligned text for people (Dutch number format
 * by default), CSV for Excel (';' and decimal comma for Dutch, UTF-8 BOM), and JSON with
 * stable English keys and plain numbers. Private to the command. */
#ifndef OUDERMONITOR_CLI_TABLE_H
#define OUDERMONITOR_CLI_TABLE_H

#include "cli/cli.h"

#include <stdio.h>

typedef enum { CLI_ALIGN_LEFT, CLI_ALIGN_RIGHT } CliAlign;

typedef struct {
  const char *key; /* CSV header and JSON key: stable, English */
  const char *title_nl;
  const char *title_en;
  CliAlign align;
} CliColumn;

typedef struct CliTable CliTable;

/* The columns are copied, their strings are not (they must outlive the table). */
CliTable *cli_table_new(const CliColumn *cols, guint n);
void cli_table_free(CliTable *t);
void cli_table_add_row(CliTable *t);
/* Moves every row of src (a table of the same columns) to the end of t, in order; src is
 * left without rows. */
void cli_table_take_rows(CliTable *t, CliTable *src);
/* Each appends the next cell of the current row. */
void cli_table_str(CliTable *t, const char *s); /* NULL = empty */
void cli_table_int(CliTable *t, gint64 v);
void cli_table_year(CliTable *t, int year);                  /* an int shown without grouping */
void cli_table_num(CliTable *t, double v, int decimals);     /* NaN = empty */
void cli_table_pct(CliTable *t, double share, int decimals); /* shown as %, stored as share */
/* A difference of shares: text "+5,0" (procentpunt; say so in the column title), CSV and
 * JSON the difference as a share. */
void cli_table_pp(CliTable *t, double diff, int decimals);
/* A p-value: text with 3 decimals, "< 0,001" below 0.001; CSV/JSON the value itself. */
void cli_table_p(CliTable *t, double p);
void cli_table_bool(CliTable *t, gboolean b);
void cli_table_null(CliTable *t);
/* Text output only: leave a column out (e.g. long hashes). */
void cli_table_hide_column(CliTable *t, const char *key);
/* Leaves the column out of every format (CSV and JSON too). */
void cli_table_drop_column(CliTable *t, const char *key);
/* Prints to --out or standard output in the chosen format; returns an exit code. */
int cli_table_print(CliTable *t, const CliCommon *common);

/* CSV written as the rows come (what cli_table_print writes for a CSV, byte for byte): the
 * header of t's columns (without the dropped ones: drop them first) goes to out at once,
 * then each cli_table_csv_rows call writes the rows of a table of the same columns. t must
 * outlive the writer; out is not closed. cli_table_csv_finish flushes, reports a write
 * error (FALSE, OM_ERROR_IO) and frees; cli_table_csv_free abandons (accepts NULL). */
typedef struct CliTableCsv CliTableCsv;
CliTableCsv *cli_table_csv_new(const CliTable *t, const CliCommon *common, FILE *out);
void cli_table_csv_rows(CliTableCsv *c, const CliTable *rows);
gboolean cli_table_csv_finish(CliTableCsv *c, GError **error);
void cli_table_csv_free(CliTableCsv *c);

#endif
