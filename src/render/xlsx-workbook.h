/* xlsx-workbook.h — tables of numbers (present/tables.h) as an Excel workbook, with
 * libxlsxwriter: a sheet per table, shares as numbers with a percentage format, counts as
 * integers, a bold frozen header row with an autofilter, column widths that fit.
 *
 * Text cells are always written as strings, never as formulas (a name starting with "="
 * stays text); an empty cell stays empty. It never computes a number of its own.
 *
 * Ownership: the tables are borrowed for the duration of the call.
 */
#ifndef OUDERMONITOR_RENDER_XLSX_WORKBOOK_H
#define OUDERMONITOR_RENDER_XLSX_WORKBOOK_H

#include "present/tables.h"

G_BEGIN_DECLS

/* Writes the tables as a workbook at path, whole or not at all (an existing file is left
 * as it was on failure). title names the workbook in its properties (NULL = none).
 * Returns FALSE with OM_ERROR_IO naming the path when it cannot be written. */
gboolean om_workbook_write_xlsx(const OmTables *tables, const char *title, const char *path,
                                GError **error);

G_END_DECLS

#endif
