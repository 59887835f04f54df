/* csv-writer.c — the program's one CSV writer, formula-safe (contract in csv-writer.h).
 *
 * Every cell goes through put_field, so no caller can write a cell that a spreadsheet
 * evaluates: text is checked for a formula start, numbers are checked to be numbers.
 * It must never know what the cells mean, and never print or exit: a write error is kept
 * and reported by om_csv_writer_finish.
 */
#include "render/csv-writer.h"

#include <errno.h>
#include <string.h>

/* ---------------------------------------------------------------- writer */

struct OmCsvWriter {
  FILE *out;
  char delimiter;
  guint row_fields;   /* fields written to the current row */
  gboolean row_blank; /* ... all of them empty */
  int write_errno;    /* first failure; later writes are skipped */
  gboolean raw;       /* text cells unneutralised */
};

static void
put(OmCsvWriter *w, const char *s, size_t n)
{
  if (n == 0 || w->write_errno != 0)
    return;
  errno = 0;
  if (fwrite(s, 1, n, w->out) != n)
    w->write_errno = errno ? errno : EIO;
}

OmCsvWriter *
om_csv_writer_new(FILE *out, char delimiter, gboolean bom)
{
  g_return_val_if_fail(out != NULL, NULL);
  g_return_val_if_fail(delimiter == ';' || delimiter == ',' || delimiter == '\t', NULL);
  OmCsvWriter *w = g_new0(OmCsvWriter, 1);
  w->out = out;
  w->delimiter = delimiter;
  if (bom)
    put(w, "\xEF\xBB\xBF", 3);
  return w;
}

gboolean
om_csv_is_formula_like(const char *s)
{
  if (s == NULL)
    return FALSE;
  /* OWASP: = + - @ TAB CR start a formula, also after leading whitespace (Excel trims it). */
  if (s[0] == '\t' || s[0] == '\r')
    return TRUE;
  s += strspn(s, " \t\r\n");
  return *s != '\0' && strchr("=+-@", *s) != NULL;
}

/* An optional '-', digits, and at most one '.' or ',' followed by digits. */
static gboolean
is_plain_number(const char *s)
{
  if (*s == '-')
    s++;
  if (!g_ascii_isdigit(*s))
    return FALSE;
  while (g_ascii_isdigit(*s))
    s++;
  if (*s == '.' || *s == ',') {
    s++;
    if (!g_ascii_isdigit(*s))
      return FALSE;
    while (g_ascii_isdigit(*s))
      s++;
  }
  return *s == '\0';
}

void
om_csv_writer_set_raw(OmCsvWriter *w, gboolean raw)
{
  g_return_if_fail(w != NULL);
  w->raw = raw;
}

static void
put_field(OmCsvWriter *w, const char *utf8, gboolean neutralise)
{
  if (w->row_fields > 0)
    put(w, &w->delimiter, 1);
  if (w->row_fields++ == 0)
    w->row_blank = TRUE;
  if (utf8 == NULL || utf8[0] == '\0')
    return;
  w->row_blank = FALSE;

  size_t len = strlen(utf8);
  const char special[] = { w->delimiter, '"', '\r', '\n', '\0' };
  /* Leading and trailing blanks are quoted because readers (libcsv, ours) trim them from
   * unquoted fields. */
  gboolean quote = neutralise || strcspn(utf8, special) != len || utf8[0] == ' ' || utf8[0] == '\t'
                   || utf8[len - 1] == ' ' || utf8[len - 1] == '\t';
  if (!quote) {
    put(w, utf8, len);
    return;
  }
  put(w, neutralise ? "\"'" : "\"", neutralise ? 2 : 1);
  const char *p = utf8, *q;
  while ((q = strchr(p, '"')) != NULL) {
    put(w, p, (size_t)(q - p) + 1); /* up to and including the quote ... */
    put(w, "\"", 1);                /* ... which is then doubled */
    p = q + 1;
  }
  put(w, p, strlen(p));
  put(w, "\"", 1);
}

void
om_csv_writer_field(OmCsvWriter *w, const char *utf8)
{
  g_return_if_fail(w != NULL);
  put_field(w, utf8, !w->raw && om_csv_is_formula_like(utf8));
}

void
om_csv_writer_number(OmCsvWriter *w, const char *number)
{
  g_return_if_fail(w != NULL);
  if (number == NULL || number[0] == '\0' || is_plain_number(number))
    put_field(w, number, FALSE);
  else
    om_csv_writer_field(w, number);
}

void
om_csv_writer_end_row(OmCsvWriter *w)
{
  g_return_if_fail(w != NULL);
  /* A row of one empty field would be a blank line, which readers skip: quote it. */
  if (w->row_fields == 1 && w->row_blank)
    put(w, "\"\"", 2);
  put(w, "\r\n", 2);
  w->row_fields = 0;
}

gboolean
om_csv_writer_finish(OmCsvWriter *w, GError **error)
{
  g_return_val_if_fail(w != NULL, FALSE);
  errno = 0;
  if (fflush(w->out) != 0 && w->write_errno == 0)
    w->write_errno = errno ? errno : EIO;
  if (ferror(w->out) && w->write_errno == 0)
    w->write_errno = EIO;
  if (w->write_errno != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot write the CSV output: %s",
                g_strerror(w->write_errno));
    return FALSE;
  }
  return TRUE;
}

void
om_csv_writer_free(OmCsvWriter *w)
{
  g_free(w);
}
