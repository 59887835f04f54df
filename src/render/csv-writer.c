/* csv-writer.c — the program's one CSV writer, formula-safe (contract in csv-writer.h).
 *
 * Every cell goes through put_field, so no caller can write a cell that a spreadsheet
 * evaluates: text is checked for a formula start, numbers are checked to be numbers.
 * It must never know what the cells mean, and never print or exit: a write error is kept
 * and reported by om_csv_writer_finish.
 */
#include "render/csv-writer.h"
#include "base/format.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- writer */

struct OmCsvWriter {
  FILE *out;
  char delimiter;
  guint row_fields;   /* fields written to the current row */
  gboolean row_blank; /* ... all of them empty */
  int write_errno;    /* first failure; later writes are skipped */
  gboolean raw;       /* text cells unneutralised */
  GString *row;       /* the current row, written to out when it ends (one fwrite a row) */
};

/* Writes n bytes straight to out. */
static void
put_out(OmCsvWriter *w, const char *s, size_t n)
{
  if (n == 0 || w->write_errno != 0)
    return;
  errno = 0;
  if (fwrite(s, 1, n, w->out) != n)
    w->write_errno = errno ? errno : EIO;
}

static void
put(OmCsvWriter *w, const char *s, size_t n)
{
  g_string_append_len(w->row, s, (gssize)n);
}

/* The row so far to out. */
static void
flush_row(OmCsvWriter *w)
{
  put_out(w, w->row->str, w->row->len);
  g_string_truncate(w->row, 0);
}

OmCsvWriter *
om_csv_writer_new(FILE *out, char delimiter, gboolean bom)
{
  g_return_val_if_fail(out != NULL, NULL);
  g_return_val_if_fail(delimiter == ';' || delimiter == ',' || delimiter == '\t', NULL);
  OmCsvWriter *w = g_new0(OmCsvWriter, 1);
  w->out = out;
  w->delimiter = delimiter;
  w->row = g_string_sized_new(512);
  if (bom)
    put_out(w, "\xEF\xBB\xBF", 3);
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

/* ---------------------------------------------------------------- numbers */

/* |value| * 10^decimals rounded to an integer exactly as printf's "%.*f" rounds (the exact
 * binary value, ties to even), for products below 2^52; FALSE outside that range.
 * p = a * 10^d is rounded, but fma gives its exact error e (a * 10^d = p + e exactly, with
 * |e| <= ulp(p) / 2; 10^d is exact for d <= 22). Below 2^52 the fraction f = p - floor(p)
 * is exact and a multiple of ulp(p), as is 1/2, so f != 1/2 decides alone (|f - 1/2| >=
 * ulp(p) > |e|), and only f = 1/2 needs the sign of e, or the even neighbour when e = 0
 * (Muller et al., Handbook of Floating-Point Arithmetic, 2nd ed., sec. 4.4 and 5.3). */
static gboolean
scaled_integer(double a, int decimals, guint64 *out)
{
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  if (!(a >= 0) || decimals < 0 || decimals >= (int)G_N_ELEMENTS(pow10))
    return FALSE;
  const double scale = pow10[decimals];
  const double p = a * scale;
  if (!(p < 4503599627370496.0)) /* 2^52 */
    return FALSE;
  const double e = fma(a, scale, -p);
  const double k = floor(p), f = p - k;
  guint64 n = (guint64)k;
  if (f > 0.5 || (f == 0.5 && (e > 0 || (e == 0 && (n & 1)))))
    n++;
  *out = n;
  return TRUE;
}

/* A field known to need no quotes (digits, a sign, a separator other than the delimiter):
 * what put_field writes for it, without looking for characters that are not there. */
static void
put_plain(OmCsvWriter *w, const char *s, size_t n)
{
  if (w->row_fields++ > 0)
    put(w, &w->delimiter, 1);
  w->row_blank = FALSE;
  put(w, s, n);
}

/* The decimal digits of n into the end of buf (at most 20), returning where they start. */
static char *
digits_before(char *end, guint64 n)
{
  char *p = end;
  do {
    *--p = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  return p;
}

void
om_csv_writer_decimal(OmCsvWriter *w, double value, int decimals, gboolean decimal_comma)
{
  g_return_if_fail(w != NULL);
  guint64 n;
  if (!isfinite(value) || !scaled_integer(fabs(value), decimals, &n)) {
    char *s = om_format_decimal(value, decimals, decimal_comma ? OM_LANG_NL : OM_LANG_EN);
    om_csv_writer_number(w, s);
    g_free(s);
    return;
  }
  static const guint64 pow10[]
      = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000 };
  char buf[48], *end = buf + sizeof buf - 1, *p = end;
  *end = '\0';
  if (decimals > 0) {
    guint64 frac = n % pow10[decimals];
    for (int i = 0; i < decimals; i++, frac /= 10)
      *--p = (char)('0' + frac % 10);
    *--p = decimal_comma ? ',' : '.';
  }
  p = digits_before(p, n / pow10[decimals]);
  /* A value that shows as zero has no sign, as om_format_decimal writes it. */
  if (value < 0 && n != 0)
    *--p = '-';
  if ((decimal_comma ? ',' : '.') == w->delimiter)
    put_field(w, p, FALSE); /* quoted */
  else
    put_plain(w, p, (size_t)(end - p));
}

void
om_csv_writer_int(OmCsvWriter *w, gint64 value)
{
  g_return_if_fail(w != NULL);
  char buf[24], *end = buf + sizeof buf - 1;
  *end = '\0';
  char *p = digits_before(end, value < 0 ? (guint64)(-(value + 1)) + 1 : (guint64)value);
  if (value < 0)
    *--p = '-';
  put_plain(w, p, (size_t)(end - p));
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
  flush_row(w);
}

gboolean
om_csv_writer_finish(OmCsvWriter *w, GError **error)
{
  g_return_val_if_fail(w != NULL, FALSE);
  flush_row(w); /* a row left unended */
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
  if (!w)
    return;
  g_string_free(w->row, TRUE);
  g_free(w);
}
