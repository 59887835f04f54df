/* xlsx-workbook.c — tables as an Excel workbook (xlsx-workbook.h), through libxlsxwriter.
 *
 * One sheet per table in the tables' order; a bold header row, frozen, with an autofilter
 * over the data; percentages as "0.0%", plain numbers as "0.0", counts as "0"; text with
 * worksheet_write_string only, so no text is ever read as a formula. The workbook is built
 * in a private temporary file and then written to the path in one piece (chart-file.c), so
 * a failure leaves an existing file as it was. It never computes a number of its own.
 */
#include "render/xlsx-workbook.h"
#include "render/chart-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

typedef struct {
  lxw_format *header, *share, *number, *integer, *text;
} Formats;

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
static char *
sheet_name(const char *name, gsize index)
{
  GString *g = g_string_new(NULL);
  for (const char *p = name ? name : ""; *p; p = g_utf8_next_char(p)) {
    if (strchr("[]:*?/\\'", *p))
      g_string_append_c(g, '_');
    else
      g_string_append_len(g, p, g_utf8_next_char(p) - p);
  }
  if (g->len == 0)
    g_string_printf(g, "Blad%zu", index + 1);
  char *s = g_utf8_substring(g->str, 0, MIN(g_utf8_strlen(g->str, -1), 31));
  g_string_free(g, TRUE);
  return s;
}

/* The width a column needs: its longest text in characters, numbers about eight. */
static double
column_width(const OmTable *t, gsize c)
{
  double w = (double)g_utf8_strlen(t->columns[c].header, -1) * 1.1 + 2;
  for (gsize r = 0; r < t->n_rows; r++) {
    const OmCell *cell = &t->cells[r * t->n_columns + c];
    double need = cell->kind == OM_CELL_TEXT    ? (double)g_utf8_strlen(cell->text, -1) + 2
                  : cell->kind == OM_CELL_EMPTY ? 0
                                                : 9;
    w = MAX(w, need);
  }
  return CLAMP(w, 6, 70);
}

static lxw_format *
cell_format(const Formats *f, OmCellKind kind)
{
  switch (kind) {
  case OM_CELL_SHARE:
    return f->share;
  case OM_CELL_NUMBER:
    return f->number;
  case OM_CELL_INT:
    return f->integer;
  case OM_CELL_TEXT:
    return f->text;
  case OM_CELL_EMPTY:
    break;
  }
  return NULL;
}

static lxw_error
write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const OmCell *cell, const Formats *f)
{
  switch (cell->kind) {
  case OM_CELL_TEXT:
    return worksheet_write_string(ws, row, col, cell->text, f->text);
  case OM_CELL_INT:
  case OM_CELL_SHARE:
  case OM_CELL_NUMBER:
    return worksheet_write_number(ws, row, col, cell->value, cell_format(f, cell->kind));
  case OM_CELL_EMPTY:
    break;
  }
  return LXW_NO_ERROR;
}

static lxw_error
write_sheet(lxw_workbook *wb, const OmTable *t, gsize index, const Formats *f)
{
  char *name = sheet_name(t->name, index);
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  g_free(name);
  if (ws == NULL)
    return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
  lxw_error err = LXW_NO_ERROR;
  for (gsize c = 0; c < t->n_columns && err == LXW_NO_ERROR; c++) {
    err = worksheet_write_string(ws, 0, (lxw_col_t)c, t->columns[c].header, f->header);
    if (err == LXW_NO_ERROR)
      err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(t, c),
                                 cell_format(f, t->columns[c].kind));
  }
  for (gsize r = 0; r < t->n_rows && err == LXW_NO_ERROR; r++)
    for (gsize c = 0; c < t->n_columns && err == LXW_NO_ERROR; c++)
      err = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r * t->n_columns + c], f);
  if (err == LXW_NO_ERROR) {
    worksheet_freeze_panes(ws, 1, 0);
    if (t->n_columns > 0)
      err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->n_rows, (lxw_col_t)(t->n_columns - 1));
  }
  return err;
}

static void
formats_init(lxw_workbook *wb, Formats *f)
{
  f->header = workbook_add_format(wb);
  format_set_bold(f->header);
  format_set_bottom(f->header, LXW_BORDER_THIN);
  format_set_text_wrap(f->header);
  format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
  f->share = workbook_add_format(wb);
  format_set_num_format(f->share, "0.0%");
  f->number = workbook_add_format(wb);
  format_set_num_format(f->number, "0.0");
  f->integer = workbook_add_format(wb);
  format_set_num_format(f->integer, "0");
  f->text = workbook_add_format(wb);
  format_set_num_format(f->text, "@");
}

/* Builds the workbook in tmp. */
static gboolean
build(const OmTables *tables, const char *title, const char *tmp, GError **error)
{
  lxw_workbook *wb = workbook_new(tmp);
  if (wb == NULL) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create a workbook in “%s”", tmp);
    return FALSE;
  }
  /* A fixed creation time (2000-01-01; 0 would mean "now"): the same evaluation gives the
   * same workbook bytes. */
  lxw_doc_properties props = { .title = (char *)title, .created = (time_t)946684800 };
  workbook_set_properties(wb, &props);
  Formats f;
  formats_init(wb, &f);
  lxw_error err = LXW_NO_ERROR;
  for (gsize i = 0; i < om_tables_size(tables) && err == LXW_NO_ERROR; i++)
    err = write_sheet(wb, om_tables_get(tables, i), i, &f);
  lxw_error closed = workbook_close(wb);
  if (err == LXW_NO_ERROR)
    err = closed;
  if (err != LXW_NO_ERROR) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write the workbook: %s", lxw_strerror(err));
    return FALSE;
  }
  return TRUE;
}

gboolean
om_workbook_write_xlsx(const OmTables *tables, const char *title, const char *path, GError **error)
{
  g_return_val_if_fail(tables != NULL && path != NULL, FALSE);
  char *dir = g_dir_make_tmp("oudermonitor-xlsx-XXXXXX", NULL);
  if (dir == NULL) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write “%s”: no temporary folder: %s", path,
                g_strerror(errno));
    return FALSE;
  }
  char *tmp = g_build_filename(dir, "workbook.xlsx", NULL);
  char *data = NULL;
  gsize len = 0;
  GError *e = NULL;
  gboolean ok = build(tables, title, tmp, &e) && g_file_get_contents(tmp, &data, &len, &e);
  if (ok)
    ok = chart_write_file(path, (const guint8 *)data, len, error);
  else {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write “%s”: %s", path, e->message);
    g_clear_error(&e);
  }
  g_unlink(tmp);
  g_rmdir(dir);
  g_free(data);
  g_free(tmp);
  g_free(dir);
  return ok;
}
