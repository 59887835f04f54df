/* csvsource.c — reading survey-tool and Excel CSV files into records.
 *
 * The work is split in three steps, each failing with its own message: get the bytes
 * (mmap, no copy), make them UTF-8 text (validate, or convert from Windows-1252 with
 * g_convert), then cut the text into records with libcsv. This module must never know what
 * the records mean (no survey, no SQL) and never print: errors go into GErrors.
 *
 * libcsv reports neither positions nor field starts, so the text is fed to it one physical
 * line at a time: the line number is then always known, and a record starts on the line at
 * whose beginning the parser was not inside a quoted field. That costs one memchr and one
 * csv_parse call per line, which is cheap next to the per-byte work libcsv does anyway.
 */
#include "input/csvsource.h"
#include "base/position.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* ---------------------------------------------------------------- encodings */

gboolean
om_encoding_from_string(const char *s, OmEncoding *out)
{
  static const struct {
    const char *name;
    OmEncoding encoding;
  } names[] = {
    { "auto", OM_ENCODING_AUTO },
    { "utf-8", OM_ENCODING_UTF8 },
    { "utf8", OM_ENCODING_UTF8 },
    { "windows-1252", OM_ENCODING_WINDOWS1252 },
    { "windows1252", OM_ENCODING_WINDOWS1252 },
    { "cp1252", OM_ENCODING_WINDOWS1252 },
    /* Files labelled Latin-1 are in practice Windows-1252 (curly quotes, euro sign in
     * 0x80-0x9F); WHATWG maps these labels to windows-1252 for the same reason. */
    { "latin1", OM_ENCODING_WINDOWS1252 },
    { "latin-1", OM_ENCODING_WINDOWS1252 },
    { "iso-8859-1", OM_ENCODING_WINDOWS1252 },
  };
  if (s == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    if (g_ascii_strcasecmp(s, names[i].name) == 0) {
      *out = names[i].encoding;
      return TRUE;
    }
  }
  return FALSE;
}

const char *
om_encoding_to_string(OmEncoding e)
{
  switch (e) {
  case OM_ENCODING_AUTO:
    return "auto";
  case OM_ENCODING_UTF8:
    return "utf-8";
  case OM_ENCODING_WINDOWS1252:
    return "windows-1252";
  case OM_ENCODING_UTF16LE:
    return "utf-16le";
  case OM_ENCODING_UTF16BE:
    return "utf-16be";
  }
  return NULL;
}

/* ---------------------------------------------------------------- positions */

/* The byte that ends a physical line. Old Mac exports ("CSV (Macintosh)") end lines with a
 * lone CR; only when the text has no LF at all (in its first SNIFF_BYTES) are CRs taken as
 * line ends, so a CR LF file is never counted twice. */
/* Bytes looked at to decide the line end and the delimiter: the start of the file is
 * enough (a first record longer than this is refused by the record limit anyway), and a
 * file without any line end is then not read whole just to find that out. */
#define SNIFF_BYTES ((gsize)4 << 20)

static char
line_end_byte(const char *s, gsize len)
{
  len = MIN(len, SNIFF_BYTES);
  if (memchr(s, '\n', len) != NULL || memchr(s, '\r', len) == NULL)
    return '\n';
  return '\r';
}

/* Line and character column of byte `off`, as an editor shows them: characters are UTF-8
 * when the line up to `off` is valid UTF-8, else one per byte (Windows-1252). */
static void
locate(const char *s, gsize off, char eol, guint64 *line, guint64 *col)
{
  const char *p = s, *end = s + off, *q;
  guint64 l = 1;
  while ((q = memchr(p, eol, (gsize)(end - p))) != NULL) {
    l++;
    p = q + 1;
  }
  gsize n = (gsize)(end - p);
  *line = l;
  *col = 1 + (g_utf8_validate_len(p, n, NULL) ? (guint64)g_utf8_strlen(p, (gssize)n) : n);
}

/* g_utf8_validate (GLib < 2.78) looks at every byte on its own, which alone took 0.17 s on
 * a 93 MB export. Survey exports are nearly all ASCII, so skip ASCII eight bytes at a time
 * and let GLib judge only the characters that are not ASCII. */
static gboolean
utf8_validate_fast(const char *s, gsize len, gsize *bad)
{
  const guchar *p = (const guchar *)s, *end = p + len;
  while (p < end) {
    while (end - p >= 8) {
      guint64 w;
      memcpy(&w, p, sizeof w);
      if (w & G_GUINT64_CONSTANT(0x8080808080808080))
        break;
      p += 8;
    }
    while (p < end && *p < 0x80)
      p++;
    if (p == end)
      break;
    gsize n = MIN((gsize)g_utf8_skip[*p], (gsize)(end - p));
    const char *stop;
    if (!g_utf8_validate_len((const char *)p, n, &stop)) {
      *bad = (gsize)((const guchar *)stop - (const guchar *)s);
      return FALSE;
    }
    p += n;
  }
  return TRUE;
}

static gboolean
is_blank_text(const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
      return FALSE;
  return TRUE;
}

/* A mapped file's pages, handed back once read: the kernel would keep every page read in
 * this process's memory until the end, so a 500 MB export would count as 500 MB. After
 * each chunk the pages behind it are dropped (MADV_DONTNEED on a read-only private
 * mapping: a later read faults them in again from the file). base NULL: the bytes are not
 * a mapping of ours, and nothing is dropped. */
typedef struct {
  const char *base;
  gsize dropped;
} Pages;

#define PAGES_CHUNK ((gsize)1 << 20)

static void
release(Pages *pg, const char *upto)
{
  if (!pg || !pg->base)
    return;
  gsize page = (gsize)sysconf(_SC_PAGESIZE);
  gsize end = (gsize)(upto - pg->base) / page * page;
  if (end > pg->dropped) {
    madvise((void *)(pg->base + pg->dropped), end - pg->dropped, MADV_DONTNEED);
    pg->dropped = end;
  }
}

/* What one pass over the text finds before the parse: the first NUL byte, and whether the
 * text is UTF-8 (with the offset of the first bad byte if not). One pass, not one per
 * check: each pass over a mapped export faults every page in again after release(). */
typedef struct {
  const char *nul; /* NULL: none */
  gboolean utf8;   /* valid UTF-8 (FALSE too when not checked) */
  gsize bad;       /* !utf8 and checked: offset of the first byte that is not UTF-8 */
} TextScan;

/* Scans s in chunks that end on a character boundary, dropping the pages behind. The
 * UTF-8 check (only when check_utf8) stops at the first bad byte; the NUL search always
 * covers the whole text, as a NUL is reported before any encoding problem. */
static void
scan_text(const char *s, gsize len, gboolean check_utf8, TextScan *out, Pages *pg)
{
  gsize start = 0;
  gboolean checking = check_utf8;
  *out = (TextScan){ .utf8 = check_utf8 };
  if (pg)
    pg->dropped = 0; /* each pass reads the file from its start */
  while (start < len) {
    gsize end = MIN(len, start + PAGES_CHUNK);
    while (end < len && end > start && ((guchar)s[end] & 0xC0) == 0x80)
      end--;
    if (end == start)
      end = MIN(len, start + PAGES_CHUNK);
    if ((out->nul = memchr(s + start, '\0', end - start)) != NULL)
      return;
    gsize b = 0;
    if (checking && !utf8_validate_fast(s + start, end - start, &b)) {
      out->utf8 = checking = FALSE;
      out->bad = start + b;
    }
    start = end;
    release(pg, s + start);
  }
}

/* Windows-1252 to UTF-8. g_convert over a whole 93 MB export took 0.59 s, as much as the
 * parse itself, because iconv converts byte by byte through function calls, and it needs a
 * second copy of the file. The mapping still comes from g_convert (built once, one call per
 * byte 0x80-0xFF); only the loop is ours: it copies ASCII runs, nearly the whole file, as
 * they are, and works in chunks so that the converted text never exists in full. */
typedef struct {
  gboolean available; /* iconv knows WINDOWS-1252 */
  guint8 len[128];    /* UTF-8 length of byte 0x80 + i; 0 = undefined in Windows-1252 */
  char utf8[128][4];
} Cp1252Table;

#define CP1252_MAX_UTF8 4 /* bytes of UTF-8 per Windows-1252 byte, at most */

static const Cp1252Table *
cp1252_table(void)
{
  static Cp1252Table *table;
  if (g_once_init_enter(&table)) {
    Cp1252Table *t = g_new0(Cp1252Table, 1);
    t->available = TRUE;
    for (int i = 0; i < 128; i++) {
      char in = (char)(0x80 + i);
      gsize written = 0;
      GError *e = NULL;
      char *out = g_convert(&in, 1, "UTF-8", "WINDOWS-1252", NULL, &written, &e);
      if (out != NULL && written >= 1 && written <= CP1252_MAX_UTF8) {
        memcpy(t->utf8[i], out, written);
        t->len[i] = (guint8)written;
      } else if (g_error_matches(e, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION)) {
        t->available = FALSE;
      }
      g_free(out);
      g_clear_error(&e);
    }
    g_once_init_leave(&table, t);
  }
  return table;
}

/* The offset of the first byte undefined in Windows-1252 into *bad, or FALSE. Checked over
 * the whole file before the first record, so that a caller never imports half a file. */
static gboolean
cp1252_validate(const Cp1252Table *t, const char *s, gsize len, gsize *bad)
{
  const guchar *in = (const guchar *)s;
  for (gsize i = 0; i < len; i++) {
    if (in[i] >= 0x80 && t->len[in[i] - 0x80] == 0) {
      *bad = i;
      return FALSE;
    }
  }
  return TRUE;
}

/* Converts len bytes (already validated) into out, which holds len * CP1252_MAX_UTF8 bytes.
 * Returns the number of bytes written. */
static gsize
cp1252_convert(const Cp1252Table *t, const char *s, gsize len, char *out)
{
  const guchar *in = (const guchar *)s;
  char *o = out;
  gsize i = 0;
  while (i < len) {
    gsize run = i;
    while (run < len && in[run] < 0x80)
      run++;
    memcpy(o, in + i, run - i);
    o += run - i;
    for (i = run; i < len && in[i] >= 0x80; i++) {
      guint8 n = t->len[in[i] - 0x80];
      memcpy(o, t->utf8[in[i] - 0x80], n);
      o += n;
    }
  }
  return (gsize)(o - out);
}

/* Decides how `raw` (BOM already stripped) becomes UTF-8, checking every byte, so that
 * parsing can no longer fail on encoding. scan: scan_text's finding on raw, with the UTF-8
 * check done unless want is Windows-1252. */
static gboolean
choose_encoding(const char *source, const char *raw, gsize len, OmEncoding want, gboolean had_bom,
                const TextScan *scan, OmEncoding *used, Pages *pg, GError **error)
{
  char eol = line_end_byte(raw, len);
  guint64 line, col;
  gsize bad = scan->bad;

  if (want != OM_ENCODING_WINDOWS1252) {
    if (scan->utf8) {
      *used = OM_ENCODING_UTF8;
      return TRUE;
    }
    if (want == OM_ENCODING_UTF8 || had_bom) {
      locate(raw, bad, eol, &line, &col);
      om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                  "byte 0x%02X is not valid UTF-8%s; if the file is Windows-1252 (Excel's "
                  "\"CSV (;)\"), try --encoding windows-1252",
                  (guchar)raw[bad],
                  had_bom && want == OM_ENCODING_AUTO
                      ? ", though the file starts with a UTF-8 byte order mark"
                      : "");
      return FALSE;
    }
  }

  const Cp1252Table *table = cp1252_table();
  if (!table->available) {
    g_set_error(error, OM_ERROR, OM_ERROR_ENCODING,
                "%s: cannot convert from Windows-1252 on this system (iconv lacks it)", source);
    return FALSE;
  }
  gboolean valid = TRUE;
  if (pg)
    pg->dropped = 0; /* read again from the start */
  for (gsize start = 0; valid && start < len; start += PAGES_CHUNK) {
    gsize n = MIN(PAGES_CHUNK, len - start);
    valid = cp1252_validate(table, raw + start, n, &bad);
    if (!valid)
      bad += start;
    release(pg, raw + start + n);
  }
  if (!valid) {
    locate(raw, bad, eol, &line, &col);
    if (want == OM_ENCODING_AUTO)
      om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                  "byte 0x%02X is neither UTF-8 nor Windows-1252", (guchar)raw[bad]);
    else
      om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                  "byte 0x%02X is not Windows-1252 text; try --encoding utf-8", (guchar)raw[bad]);
    return FALSE;
  }
  *used = OM_ENCODING_WINDOWS1252;
  return TRUE;
}

/* ---------------------------------------------------------------- delimiter */

/* Counts the candidates in the first record, outside quotes. Works on the undecoded bytes:
 * delimiters and quotes are ASCII in both encodings. Ties go to ',' (the RFC 4180
 * default), then ';' (Dutch Excel), then tab. */
static char
sniff_delimiter(const char *s, gsize len)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint64 counts[3] = { 0, 0, 0 };
  gboolean in_quotes = FALSE, started = FALSE;
  for (gsize i = 0; i < len; i++) {
    char c = s[i];
    if (c == '"') {
      in_quotes = !in_quotes; /* a doubled quote toggles twice: no harm */
      started = TRUE;
    } else if (in_quotes) {
      continue;
    } else if (c == '\n' || c == '\r') {
      if (started)
        break; /* blank lines before the first record do not count */
    } else if (c == ',') {
      counts[0]++, started = TRUE;
    } else if (c == ';') {
      counts[1]++, started = TRUE;
    } else if (c == '\t') {
      counts[2]++, started = TRUE;
    } else if (c != ' ') {
      started = TRUE;
    }
  }
  gsize best = 0;
  for (gsize i = 1; i < G_N_ELEMENTS(candidates); i++)
    if (counts[i] > counts[best])
      best = i;
  return candidates[best];
}

/* How a delimiter is named in messages. */
static const char *
delimiter_name(char d, char buf[8])
{
  if (d == '\t')
    return "tab";
  g_snprintf(buf, 8, "'%c'", d);
  return buf;
}

/* ---------------------------------------------------------------- reader */

typedef struct {
  const char *source;
  OmCsvRowFunc fn;
  gpointer user_data;
  struct csv_parser parser;
  char delimiter;
  char eol;

  /* The record being built: one byte buffer with every field NUL-terminated, plus offsets
   * (pointers are made only when the record is complete, as the buffer may move). Reused
   * across records, so the steady state allocates nothing. */
  char *buf;
  gsize buf_len, buf_cap;
  gsize *offsets;
  gsize *lengths;
  const char **fields;
  guint n_fields, fields_cap;

  guint64 line;           /* physical line being fed */
  gboolean at_line_start; /* the next byte fed begins a new physical line */
  guint64 record_line;    /* line on which the record being built started */
  guint64 fields_ended;   /* running count, to tell a quoted field that opened on a line */
  guint64 line_fields;    /* fields_ended when the current line began */
  gboolean line_quoted;   /* the current line began inside a quoted field */
  guint64 quote_line;     /* line on which the open quoted field began */
  guint64 n_records;

  gboolean stopped; /* fn returned FALSE or a limit was passed: ignore what libcsv still
                     * reports */
  GError *fn_error;
  gsize max_cell, max_record;
  guint max_fields;
} Reader;

/* Stops the read at a limit: the message names the position, the limit and the option
 * that raises it. */
static void G_GNUC_PRINTF(3, 4) limit_error(Reader *r, guint field, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  om_error_at_valist(&r->fn_error, OM_ERROR_PARSE, r->source, r->line, field, fmt, ap);
  va_end(ap);
  r->stopped = TRUE;
}

/* Checks the record being built, libcsv's unfinished field included. */
static gboolean
within_limits(Reader *r)
{
  gsize open = r->parser.entry_pos; /* bytes of the field libcsv is still reading */
  if (r->stopped)
    return FALSE;
  if (open > r->max_cell)
    limit_error(r, r->n_fields + 1,
                "a field longer than %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT
                " bytes a field (raise it with --max-cell BYTES)",
                r->max_cell, r->max_cell);
  else if (r->buf_len + open > r->max_record)
    limit_error(r, r->n_fields + 1,
                "a record longer than %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT
                " bytes a record (raise it with --max-record BYTES)",
                r->max_record, r->max_record);
  return !r->stopped;
}

/* The rare cases of on_field: a limit passed (FALSE, reading stops) or a buffer to grow. */
static gboolean
field_room(Reader *r, gsize len)
{
  if (r->stopped)
    return FALSE;
  if (len > r->max_cell) {
    limit_error(r, r->n_fields + 1,
                "a field longer than %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT
                " bytes a field (raise it with --max-cell BYTES)",
                r->max_cell, r->max_cell);
    return FALSE;
  }
  if (r->n_fields == r->max_fields) {
    limit_error(r, r->n_fields + 1,
                "more than %u fields in one record; the limit is %u fields (raise it with "
                "--max-columns N)",
                r->max_fields, r->max_fields);
    return FALSE;
  }
  if (r->buf_len + len > r->max_record) {
    limit_error(r, r->n_fields + 1,
                "a record longer than %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT
                " bytes a record (raise it with --max-record BYTES)",
                r->max_record, r->max_record);
    return FALSE;
  }
  if (r->n_fields == r->fields_cap) {
    r->fields_cap = r->fields_cap ? 2 * r->fields_cap : 32;
    r->offsets = g_renew(gsize, r->offsets, r->fields_cap);
    r->lengths = g_renew(gsize, r->lengths, r->fields_cap);
    r->fields = g_renew(const char *, r->fields, r->fields_cap);
  }
  if (r->buf_cap - r->buf_len < len + 1) {
    gsize cap = r->buf_cap ? r->buf_cap : 1024;
    while (cap - r->buf_len < len + 1)
      cap *= 2;
    r->buf = g_realloc(r->buf, cap);
    r->buf_cap = cap;
  }
  return TRUE;
}

/* Appends a field to the record being built, there being room. */
static inline void
field_store(Reader *r, const char *s, gsize len)
{
  char *dst = r->buf + r->buf_len;
  if (len == 1)
    dst[0] = s[0];
  else if (len > 0)
    memcpy(dst, s, len);
  dst[len] = '\0';
  r->offsets[r->n_fields] = r->buf_len;
  r->lengths[r->n_fields] = len;
  r->n_fields++;
  r->buf_len += len + 1;
  r->fields_ended++;
}

/* on_field when a limit may be passed or a buffer must grow. */
static G_GNUC_NO_INLINE void
on_field_rare(const char *s, gsize len, Reader *r)
{
  if (field_room(r, len))
    field_store(r, s, len);
}

/* Called once per field (32 million times for a national wave): one test for everything
 * rare, then the copy, without a stack frame. Survey answers are mostly one byte, copied
 * without a call. */
static void
on_field(void *s, size_t len, void *data)
{
  Reader *r = data;
  if (G_UNLIKELY(r->stopped || len > r->max_cell || r->n_fields == r->max_fields
                 || r->buf_len + len > r->max_record || r->n_fields == r->fields_cap
                 || r->buf_cap - r->buf_len < len + 1)) {
    on_field_rare(s, len, r);
    return;
  }
  field_store(r, s, len);
}

static void
on_record(int c, void *data)
{
  Reader *r = data;
  (void)c;
  if (r->stopped)
    return;
  for (guint i = 0; i < r->n_fields; i++)
    r->fields[i] = r->buf + r->offsets[i];
  OmCsvRow row = {
    .source = r->source,
    .line = r->record_line,
    .n_fields = r->n_fields,
    .fields = r->fields,
    .lengths = r->lengths,
  };
  if (!r->fn(&row, r->user_data, &r->fn_error)) {
    r->stopped = TRUE;
    if (r->fn_error == NULL)
      om_error_at(&r->fn_error, OM_ERROR_ARGUMENT, r->source, r->record_line, 0,
                  "reading stopped by the row handler without a reason");
  } else {
    r->n_records++;
  }
  r->n_fields = 0;
  r->buf_len = 0;
}

/* A libcsv strict-mode complaint, told apart by libcsv's state when it stopped. */
static void
set_syntax_error(Reader *r, GError **error)
{
  char dbuf[8];
  const char *dname = delimiter_name(r->delimiter, dbuf);
  guint field = r->n_fields + 1;
  int status = csv_error(&r->parser);
  if (status != CSV_EPARSE) {
    /* Only ENOMEM / ETOOBIG are left: a field larger than memory. */
    om_error_at(error, OM_ERROR_PARSE, r->source, r->line, field, "field too large to read (%s)",
                csv_strerror(status));
  } else if (r->parser.quoted) {
    /* libcsv only stops inside a quoted field after its closing quote: the byte is
     * neither a doubled quote, nor a delimiter, nor a line end. */
    om_error_at(error, OM_ERROR_PARSE, r->source, r->line, field,
                "unexpected character after closing quote; expected a delimiter (%s) or end of "
                "line",
                dname);
  } else {
    om_error_at(error, OM_ERROR_PARSE, r->source, r->line, field,
                "quote inside an unquoted field; expected the whole field in quotes, with each "
                "quote in it doubled (\"\")");
  }
}

/* After a complete line (or at end of file) libcsv is either between records or inside a
 * quoted field; in the latter case remember where that field opened. It opened on this
 * line if the line began outside quotes or a field ended during the line. */
static void
note_open_quote(Reader *r)
{
  if (r->parser.quoted && (!r->line_quoted || r->fields_ended != r->line_fields))
    r->quote_line = r->line;
}

/* Feeds n bytes of UTF-8 text, which may begin or end anywhere (chunks), one physical line
 * at a time so that the line number is always known. FALSE on a syntax error (set) or when
 * fn stopped (r->stopped; the caller passes fn's error on). */
/* Bytes handed to libcsv at once, at most: a line without an end is fed in pieces, so the
 * limits are checked while libcsv still holds little of it. */
#define FEED_PIECE ((gsize)16 * 1024)

static gboolean
feed(Reader *r, const char *s, gsize n, GError **error)
{
  const char *pos = s, *end = s + n;
  while (pos < end) {
    gsize piece = MIN(FEED_PIECE, (gsize)(end - pos));
    const char *nl = memchr(pos, r->eol, piece);
    const char *stop = nl ? nl + 1 : pos + piece;
    if (r->at_line_start) {
      r->line++;
      /* Any unquoted line end closes the record, so outside quotes a record can only
       * start here. */
      r->line_quoted = r->parser.quoted != 0;
      if (!r->line_quoted)
        r->record_line = r->line;
      r->line_fields = r->fields_ended;
    }
    gsize len = (gsize)(stop - pos);
    gsize done = csv_parse(&r->parser, pos, len, on_field, on_record, r);
    if (r->stopped || !within_limits(r))
      return FALSE;
    if (done < len) {
      set_syntax_error(r, error);
      return FALSE;
    }
    r->at_line_start = nl != NULL;
    if (r->at_line_start)
      note_open_quote(r);
    pos = stop;
  }
  return TRUE;
}

static gboolean
check_options(const char *source, const OmCsvOptions *opts, GError **error)
{
  guchar d = (guchar)opts->delimiter;
  if (d == '"' || d == '\r' || d == '\n' || d >= 0x80) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT,
                "%s: cannot use byte 0x%02X as the delimiter; expected ',', ';' or tab", source, d);
    return FALSE;
  }
  if (opts->encoding != OM_ENCODING_AUTO && opts->encoding != OM_ENCODING_UTF8
      && opts->encoding != OM_ENCODING_WINDOWS1252) {
    g_set_error(error, OM_ERROR, OM_ERROR_ARGUMENT, "%s: unknown encoding value %d", source,
                (int)opts->encoding);
    return FALSE;
  }
  return TRUE;
}

/* libcsv's field buffer, grown geometrically: a hidden header keeps the capacity, and a
 * request within it returns the same block. Only libcsv calls these. */
typedef union {
  size_t capacity;
  max_align_t align;
} BlockHeader;

static void *
doubling_realloc(void *ptr, size_t size)
{
  BlockHeader *h = ptr ? (BlockHeader *)ptr - 1 : NULL;
  if (h && size <= h->capacity)
    return ptr;
  size_t cap = MAX(size, h ? h->capacity * 2 : (size_t)4096);
  BlockHeader *n = realloc(h, sizeof(BlockHeader) + cap);
  if (!n)
    return NULL; /* libcsv reports CSV_ENOMEM */
  n->capacity = cap;
  return n + 1;
}

static void
doubling_free(void *ptr)
{
  if (ptr)
    free((BlockHeader *)ptr - 1);
}

/* The parse proper over `raw` (BOM stripped, encoding checked), in chunks: about 100, so
 * that progress can be reported between them, of at most 1 MB so that the Windows-1252
 * conversion buffer stays small. */
static gboolean
parse(const char *source, const char *raw, gsize len, gsize offset, OmEncoding encoding,
      char delimiter, const OmCsvOptions *opts, OmCsvRowFunc fn, gpointer user_data,
      guint64 *n_records, guint64 *n_lines, Pages *pg, GError **error)
{
  Reader r = {
    .source = source,
    .fn = fn,
    .user_data = user_data,
    .delimiter = delimiter,
    .eol = line_end_byte(raw, len),
    .at_line_start = TRUE,
    .max_cell = opts->max_cell ? opts->max_cell : OM_CSV_DEFAULT_MAX_CELL,
    .max_fields = opts->max_fields ? opts->max_fields : OM_CSV_DEFAULT_MAX_FIELDS,
    .max_record = opts->max_record ? opts->max_record : OM_CSV_DEFAULT_MAX_RECORD,
  };
  /* STRICT: malformed quoting is an error, not silently repaired data. STRICT_FINI: an open
   * quote at the end of the file too. */
  if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE, "%s: cannot start the CSV parser", source);
    return FALSE;
  }
  csv_set_delim(&r.parser, (unsigned char)delimiter);
  /* libcsv grows its field buffer linearly (by blk_size each time); a 50 MB free-text
   * field then meant 12,000 copies of an ever larger buffer. Our realloc doubles. */
  csv_set_blk_size(&r.parser, 4096);
  csv_set_realloc_func(&r.parser, doubling_realloc);
  csv_set_free_func(&r.parser, doubling_free);

  const Cp1252Table *table = encoding == OM_ENCODING_WINDOWS1252 ? cp1252_table() : NULL;
  gsize chunk = CLAMP(len / 100, (gsize)4096, (gsize)1 << 20);
  char *converted = table ? g_malloc(chunk * CP1252_MAX_UTF8) : NULL;
  gboolean ok = FALSE;

  for (gsize done = 0; done < len;) {
    gsize n = MIN(chunk, len - done);
    if (table != NULL) {
      gsize m = cp1252_convert(table, raw + done, n, converted);
      if (!feed(&r, converted, m, error))
        goto out;
    } else if (!feed(&r, raw + done, n, error)) {
      goto out;
    }
    done += n;
    release(pg, raw + done);
    if (opts->progress && done < len)
      opts->progress(offset + done, offset + len, opts->progress_data);
  }

  if (!r.at_line_start)
    note_open_quote(&r); /* the last line has no line end */
  if (csv_fini(&r.parser, on_field, on_record, &r) != 0) {
    om_error_at(error, OM_ERROR_PARSE, source, r.line, r.n_fields + 1,
                "unterminated quoted field (opened on line %" G_GUINT64_FORMAT ")", r.quote_line);
    goto out;
  }
  if (r.stopped)
    goto out;
  if (opts->progress)
    opts->progress(offset + len, offset + len, opts->progress_data);
  *n_records = r.n_records;
  *n_lines = r.line;
  ok = TRUE;

out:
  if (r.stopped) {
    g_propagate_error(error, r.fn_error);
    r.fn_error = NULL;
  }
  csv_free(&r.parser);
  g_free(converted);
  g_free(r.buf);
  g_free(r.offsets);
  g_free(r.lengths);
  g_free(r.fields);
  return ok;
}

/* ---------------------------------------------------------------- what the file is */

/* Formats that are often sent instead of a CSV export, told by their first bytes. */
static const struct {
  const char *magic;
  gsize len;
  const char *what;
  const char *advice;
} binary_formats[] = {
  { "PK\x03\x04", 4, "a ZIP archive, such as an Excel workbook (.xlsx)",
    "open it in Excel and save it as \"CSV UTF-8\"" },
  { "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Excel workbook (.xls) or another Office file",
    "open it in Excel and save it as \"CSV UTF-8\"" },
  { "\x89PNG\r\n\x1A\n", 8, "a PNG image", "expected a survey export saved as CSV" },
  { "\xFF\xD8\xFF", 3, "a JPEG image", "expected a survey export saved as CSV" },
  { "%PDF-", 5, "a PDF document", "expected a survey export saved as CSV" },
  { "SQLite format 3", 16, "a SQLite database (perhaps an oudermonitor store)",
    "expected a survey export saved as CSV" },
  { "$FL2", 4, "an SPSS data file (.sav)", "save it from SPSS as CSV (File > Export > CSV)" },
  { "$FL3", 4, "an SPSS data file (.zsav)", "save it from SPSS as CSV (File > Export > CSV)" },
  { "\x1F\x8B", 2, "a gzip-compressed file", "unpack it first" },
};

static gboolean
not_binary(const char *source, const char *data, gsize len, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS(binary_formats); i++)
    if (len >= binary_formats[i].len
        && memcmp(data, binary_formats[i].magic, binary_formats[i].len) == 0)
      return om_error_at(error, OM_ERROR_ENCODING, source, 1, 1, "this is %s, not CSV text; %s",
                         binary_formats[i].what, binary_formats[i].advice);
  return TRUE;
}

/* Excel's "Unicode text" (UTF-16 with a byte order mark, usually tab-separated): converted
 * to UTF-8 in memory and read as that. Lines and characters stay where an editor shows
 * them, so positions in messages hold for the original file. */
static gboolean
read_utf16(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
           OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, GError **error)
{
  gboolean le = (guchar)data[0] == 0xFF;
  const char *from = le ? "UTF-16LE" : "UTF-16BE";
  gsize read = 0, written = 0;
  GError *e = NULL;
  char *utf8 = g_convert(data + 2, (gssize)(len - 2), "UTF-8", from, &read, &written, &e);
  if (utf8 && read != len - 2) { /* with bytes_read, a cut-off character is no error */
    g_clear_pointer(&utf8, g_free);
    e = g_error_new_literal(G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT,
                            "the file ends inside a character");
  }
  if (!utf8) {
    /* What converted before the bad unit tells the line and column. */
    gsize ok_len = 0;
    char *prefix
        = g_convert(data + 2, (gssize)(read & ~(gsize)1), "UTF-8", from, NULL, &ok_len, NULL);
    guint64 line = 1, col = 1;
    if (prefix)
      locate(prefix, ok_len, line_end_byte(prefix, ok_len), &line, &col);
    g_free(prefix);
    om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                "the file starts as UTF-16 (%s) but this is not UTF-16 text (%s); expected "
                "the file as Excel saved it, or saved again as \"CSV UTF-8\"",
                le ? "little-endian" : "big-endian", e->message);
    g_error_free(e);
    return FALSE;
  }
  OmCsvOptions o = opts ? *opts : (OmCsvOptions){ 0 };
  o.encoding = OM_ENCODING_UTF8;
  gboolean ok = om_csv_read_data(source, utf8, written, &o, fn, user_data, info, error);
  g_free(utf8);
  if (ok && info) {
    info->encoding = le ? OM_ENCODING_UTF16LE : OM_ENCODING_UTF16BE;
    info->had_bom = FALSE;
    info->n_bytes = len;
  }
  return ok;
}

static gboolean read_data(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
                          OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, Pages *pg,
                          GError **error);

/* Counts lines and characters of UTF-8 output as an editor would, for messages. */
static void
advance_position(const char *out, gsize n, guint64 *line, guint64 *col)
{
  for (gsize i = 0; i < n; i++) {
    if (out[i] == '\n') {
      (*line)++;
      *col = 1;
    } else if (((guchar)out[i] & 0xC0) != 0x80) {
      (*col)++;
    }
  }
}

/* A mapped UTF-16 file: converted in chunks into an unlinked temporary file, which is then
 * read like any UTF-8 export, so memory stays bounded however large the file is. Lines
 * and characters are the same in both, so positions hold for the original. */
static gboolean
read_utf16_spooled(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
                   OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, Pages *pg, GError **error)
{
  gboolean le = (guchar)data[0] == 0xFF;
  GIConv cd = g_iconv_open("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
  FILE *tmp = cd == (GIConv)-1 ? NULL : tmpfile();
  if (!tmp) {
    if (cd != (GIConv)-1)
      g_iconv_close(cd);
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot convert from UTF-16 here: %s", source,
                g_strerror(errno));
    return FALSE;
  }
  gsize out_cap = 4 * PAGES_CHUNK;
  char *out = g_malloc(out_cap);
  char *in = (char *)data + 2;
  guint64 line = 1, col = 1;
  const char *problem = NULL;
  if (pg)
    pg->dropped = 0;
  while (!problem && in < data + len) {
    gsize left = (gsize)(data + len - in);
    gsize chunk = MIN(left, PAGES_CHUNK), chunk_left = chunk;
    char *o = out;
    gsize o_left = out_cap;
    gsize r = g_iconv(cd, &in, &chunk_left, &o, &o_left);
    int err = r == (gsize)-1 ? errno : 0;
    gsize produced = (gsize)(o - out);
    advance_position(out, produced, &line, &col);
    if (produced && fwrite(out, 1, produced, tmp) != produced)
      problem = "cannot write the temporary copy";
    else if (err == EILSEQ)
      problem = "Invalid byte sequence in conversion input";
    else if (err == EINVAL && (chunk == left || chunk_left == chunk))
      problem = "the file ends inside a character"; /* a cut-off unit at the very end */
    release(pg, in);
  }
  g_iconv_close(cd);
  g_free(out);
  if (problem) {
    fclose(tmp);
    return om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                       "the file starts as UTF-16 (%s) but this is not UTF-16 text (%s); "
                       "expected the file as Excel saved it, or saved again as \"CSV UTF-8\"",
                       le ? "little-endian" : "big-endian", problem);
  }
  gboolean ok = fflush(tmp) == 0;
  GMappedFile *map = NULL;
  GError *e = NULL;
  if (ok && ftell(tmp) > 0)
    map = g_mapped_file_new_from_fd(fileno(tmp), FALSE, &e);
  OmCsvOptions o = opts ? *opts : (OmCsvOptions){ 0 };
  o.encoding = OM_ENCODING_UTF8;
  if (!ok || e) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read the converted copy: %s", source,
                e ? e->message : g_strerror(errno));
    g_clear_error(&e);
    ok = FALSE;
  } else {
    Pages pages = { .base = map ? g_mapped_file_get_contents(map) : NULL };
    ok = read_data(source, map ? g_mapped_file_get_contents(map) : "",
                   map ? g_mapped_file_get_length(map) : 0, &o, fn, user_data, info, &pages, error);
  }
  if (map)
    g_mapped_file_unref(map);
  fclose(tmp);
  if (ok && info) {
    info->encoding = le ? OM_ENCODING_UTF16LE : OM_ENCODING_UTF16BE;
    info->had_bom = FALSE;
    info->n_bytes = len;
  }
  return ok;
}

gboolean
om_csv_read_data(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
                 OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, GError **error)
{
  return read_data(source, data, len, opts, fn, user_data, info, NULL, error);
}

static gboolean
read_data(const char *source, const char *data, gsize len, const OmCsvOptions *opts,
          OmCsvRowFunc fn, gpointer user_data, OmCsvInfo *info, Pages *pg, GError **error)
{
  static const OmCsvOptions sniff_all = { 0 };
  g_return_val_if_fail(source != NULL, FALSE);
  g_return_val_if_fail(data != NULL || len == 0, FALSE);
  g_return_val_if_fail(fn != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (opts == NULL)
    opts = &sniff_all;
  if (!check_options(source, opts, error))
    return FALSE;

  if (len == 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE, "%s: the file is empty", source);
    return FALSE;
  }
  if (!not_binary(source, data, len, error))
    return FALSE;
  if (len >= 2
      && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE)
          || ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF)))
    return pg ? read_utf16_spooled(source, data, len, opts, fn, user_data, info, pg, error)
              : read_utf16(source, data, len, opts, fn, user_data, info, error);
  /* A byte order mark holds no NUL: the scan of the text after it covers the file. */
  gboolean had_bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  gsize offset = had_bom ? 3 : 0;
  const char *raw = data + offset;
  gsize raw_len = len - offset;
  TextScan scan;
  scan_text(raw, raw_len, opts->encoding != OM_ENCODING_WINDOWS1252, &scan, pg);
  if (scan.nul != NULL) {
    guint64 line, col;
    gsize off = (gsize)(scan.nul - data);
    locate(data, off, line_end_byte(data, off), &line, &col);
    om_error_at(error, OM_ERROR_ENCODING, source, line, (guint)col,
                "NUL byte: this is a binary file, not CSV text");
    return FALSE;
  }
  if (is_blank_text(raw, raw_len)) {
    g_set_error(error, OM_ERROR, OM_ERROR_PARSE, "%s: the file is empty", source);
    return FALSE;
  }

  OmEncoding used;
  if (!choose_encoding(source, raw, raw_len, opts->encoding, had_bom, &scan, &used, pg, error))
    return FALSE;
  if (pg)
    pg->dropped = 0; /* the parse reads the file again from its start */
  char delimiter
      = opts->delimiter ? opts->delimiter : sniff_delimiter(raw, MIN(raw_len, SNIFF_BYTES));
  guint64 n_records = 0, n_lines = 0;
  if (!parse(source, raw, raw_len, offset, used, delimiter, opts, fn, user_data, &n_records,
             &n_lines, pg, error))
    return FALSE;
  if (info != NULL) {
    info->delimiter = delimiter;
    info->encoding = used;
    info->had_bom = had_bom;
    info->n_records = n_records;
    info->n_lines = n_lines;
    info->n_bytes = len;
  }
  return TRUE;
}

int
om_input_open_regular(const char *path, guint64 *size, GError **error)
{
  /* O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer. */
  int fd = g_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0) {
    int e = errno;
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read: %s", path, g_strerror(e));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read: %s", path, g_strerror(e));
    return -1;
  }
  const char *what = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISFIFO(st.st_mode) ? "a named pipe (FIFO)"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                     : !S_ISREG(st.st_mode) ? "not a regular file"
                                            : NULL;
  if (what) {
    close(fd);
    g_set_error(error, OM_ERROR, OM_ERROR_IO,
                "%s: cannot read: this is %s, not a file; expected a saved export file "
                "(copy a stream to a file first)",
                path, what);
    return -1;
  }
  /* Reads of a regular file never block; plain blocking reads from here on. */
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0)
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  if (size)
    *size = (guint64)st.st_size;
  return fd;
}

gboolean
om_csv_read_file(const char *path, const OmCsvOptions *opts, OmCsvRowFunc fn, gpointer user_data,
                 OmCsvInfo *info, GError **error)
{
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(fn != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  guint64 size = 0;
  int fd = om_input_open_regular(path, &size, error);
  if (fd < 0)
    return FALSE;
  if (size == 0) {
    close(fd);
    return om_csv_read_data(path, "", 0, opts, fn, user_data, info, error);
  }
  /* mmap: a 100 MB export is not copied, and pages are read as the parser reaches them. */
  GError *map_error = NULL;
  GMappedFile *map = g_mapped_file_new_from_fd(fd, FALSE, &map_error);
  close(fd);
  if (map == NULL) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "%s: cannot read: %s", path, map_error->message);
    g_error_free(map_error);
    return FALSE;
  }
  Pages pages = { .base = g_mapped_file_get_contents(map) };
  gboolean ok = read_data(path, g_mapped_file_get_contents(map), g_mapped_file_get_length(map),
                          opts, fn, user_data, info, &pages, error);
  g_mapped_file_unref(map);
  return ok;
}
