/* csv-writer.h — the one CSV writer of the program: output for Excel that is safe to open.
 *
 * Safe by construction (OWASP, "CSV Injection"): a TEXT cell whose first character is
 * '=', '+', '-', '@', TAB or CR, or whose first character after leading whitespace (space,
 * TAB, CR, LF) is one of '=', '+', '-', '@', would be taken by Excel or LibreOffice as a
 * formula; it is written quoted with a ' in front ("'=HYPERLINK(…)"), which the
 * spreadsheet shows as the text and never evaluates. A NUMBER cell is written as given,
 * never altered, so that "-1,3" stays a negative number; a "number" that is not one
 * (anything but an optional '-', digits and at most one '.' or ',' between digits) is
 * treated as text. Raw mode (for R and pandas users who read the file as data, not in a
 * spreadsheet) writes text cells unchanged.
 *
 * It must never know what the cells mean, and never print or exit.
 */
#ifndef OUDERMONITOR_CSV_WRITER_H
#define OUDERMONITOR_CSV_WRITER_H

#include <stdio.h>

#include "oudermonitor/error.h"

G_BEGIN_DECLS

/* A CSV writer for output meant for Excel. delimiter ';' (Dutch Excel), ',' or '\t';
 * bom = TRUE writes a UTF-8 BOM first, which is how Excel knows the file is UTF-8. A field
 * is quoted only when it must be: it contains the delimiter, '"', CR or LF, or starts or
 * ends with a space or tab (which readers, ours included, would otherwise trim); embedded
 * quotes are doubled. Rows end in CRLF, as Excel writes them. A row goes to `out` (buffered
 * by stdio) when it ends (om_csv_writer_end_row; a row left unended at
 * om_csv_writer_finish); a write error is remembered and reported by
 * om_csv_writer_finish, so the per-field calls need no error checks. */
typedef struct OmCsvWriter OmCsvWriter;

/* Transfer none for out: the writer never closes it. Returns NULL (after a
 * g_return_val_if_fail warning) for out == NULL or another delimiter. Transfer full. */
OmCsvWriter *om_csv_writer_new(FILE *out, char delimiter, gboolean bom);
/* Raw mode on or off (default off): text cells are then written without the ' that keeps a
 * spreadsheet from reading them as formulas. Only for data meant for R, pandas and the like. */
void om_csv_writer_set_raw(OmCsvWriter *w, gboolean raw);
/* Appends one TEXT field to the current row, neutralised as above unless raw; utf8 NULL =
 * empty field. Transfer none. */
void om_csv_writer_field(OmCsvWriter *w, const char *utf8);
/* Appends one NUMBER field as formatted ("12", "-1,3", "0.875"): written unaltered when
 * it is a plain decimal number, else as a text field. NULL = empty. Transfer none. */
void om_csv_writer_number(OmCsvWriter *w, const char *number);
/* Appends one NUMBER field: value with `decimals` decimals, byte for byte what
 * om_csv_writer_number(w, om_format_decimal(value, decimals, lang)) writes (decimal_comma
 * for OM_LANG_NL), without printf or an allocation where exact (|value| 10^decimals below
 * 2^52, decimals 0..9). */
void om_csv_writer_decimal(OmCsvWriter *w, double value, int decimals, gboolean decimal_comma);
/* Appends one NUMBER field: value in decimal digits ("%" G_GINT64_FORMAT). */
void om_csv_writer_int(OmCsvWriter *w, gint64 value);
/* TRUE when the text field s would be neutralised (starts a formula as above). */
gboolean om_csv_is_formula_like(const char *s);
/* Ends the current row (CRLF). A row of one empty field is written as "" so that it does
 * not become a blank line, which readers skip; a row with no fields is a blank line. */
void om_csv_writer_end_row(OmCsvWriter *w);
/* Flushes `out` and checks for write errors since om_csv_writer_new. Returns FALSE with
 * OM_ERROR_IO ("cannot write the CSV output: reason") if any write failed. Does not fclose
 * (the caller owns out and must still check fclose). The writer stays usable for
 * om_csv_writer_free only. */
gboolean om_csv_writer_finish(OmCsvWriter *w, GError **error);
/* Frees the writer, not `out`. Accepts NULL. */
void om_csv_writer_free(OmCsvWriter *w);

G_END_DECLS

#endif
