/* test-csvsource.c — unit tests of the CSV reader and writer.
 *
 * Records are collected as one string, "L<line>:field|field|...\n" per record, so that every
 * test compares exact fields and exact start lines in one assertion. Fixtures live in
 * tests/data/csv/ (found through OM_SOURCE_ROOT, G_TEST_SRCDIR, or this file's folder).
 */
#include "input/csvsource.h"
#include "render/csv-writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* ---------------------------------------------------------------- helpers */

static char *
fixture(const char *name)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  if (root != NULL)
    return g_build_filename(root, "tests", "data", "csv", name, NULL);
  const char *srcdir = g_getenv("G_TEST_SRCDIR");
  if (srcdir != NULL)
    return g_build_filename(srcdir, "data", "csv", name, NULL);
  char *dir = g_path_get_dirname(__FILE__);
  char *path = g_build_filename(dir, "data", "csv", name, NULL);
  g_free(dir);
  return path;
}

typedef struct {
  GString *out;
  guint64 calls;
  guint64 stop_after; /* 0 = never stop */
} Collect;

static gboolean
collect_row(const OmCsvRow *row, gpointer user_data, GError **error)
{
  Collect *c = user_data;
  c->calls++;
  g_string_append_printf(c->out, "L%" G_GUINT64_FORMAT ":", row->line);
  for (guint i = 0; i < row->n_fields; i++) {
    /* lengths must agree with the NUL terminator */
    g_assert_cmpuint(row->lengths[i], ==, strlen(row->fields[i]));
    g_string_append_printf(c->out, "%s%s", i ? "|" : "", row->fields[i]);
  }
  g_string_append_c(c->out, '\n');
  if (c->stop_after && c->calls == c->stop_after) {
    g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION, "%s:%" G_GUINT64_FORMAT ": stop here",
                row->source, row->line);
    return FALSE;
  }
  return TRUE;
}

/* Reads a fixture; returns the collected records (transfer full), asserting success. */
static char *
read_fixture_ok(const char *name, const OmCsvOptions *opts, OmCsvInfo *info)
{
  char *path = fixture(name);
  Collect c = { g_string_new(NULL), 0, 0 };
  GError *error = NULL;
  gboolean ok = om_csv_read_file(path, opts, collect_row, &c, info, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  g_free(path);
  return g_string_free(c.out, FALSE);
}

static char *
read_mem_ok(const char *data, gsize len, const OmCsvOptions *opts, OmCsvInfo *info)
{
  Collect c = { g_string_new(NULL), 0, 0 };
  GError *error = NULL;
  gboolean ok = om_csv_read_data("mem.csv", data, len, opts, collect_row, &c, info, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  return g_string_free(c.out, FALSE);
}

/* Reads a fixture that must fail; checks code and the exact message (with the fixture's
 * path in front), and that info was left alone. */
static void
read_fixture_fails(const char *name, const OmCsvOptions *opts, int code, const char *msg)
{
  char *path = fixture(name);
  Collect c = { g_string_new(NULL), 0, 0 };
  GError *error = NULL;
  OmCsvInfo info;
  memset(&info, 0xAB, sizeof info);
  gboolean ok = om_csv_read_file(path, opts, collect_row, &c, &info, &error);
  g_assert_false(ok);
  g_assert_error(error, OM_ERROR, code);
  char *expected = g_strconcat(path, msg, NULL);
  g_assert_cmpstr(error->message, ==, expected);
  g_assert_cmpuint(info.n_records, ==, G_GUINT64_CONSTANT(0xABABABABABABABAB));
  g_free(expected);
  g_error_free(error);
  g_string_free(c.out, TRUE);
  g_free(path);
}

static void
read_mem_fails(const char *data, gsize len, const OmCsvOptions *opts, int code, const char *msg)
{
  Collect c = { g_string_new(NULL), 0, 0 };
  GError *error = NULL;
  gboolean ok = om_csv_read_data("mem.csv", data, len, opts, collect_row, &c, NULL, &error);
  g_assert_false(ok);
  g_assert_error(error, OM_ERROR, code);
  g_assert_cmpstr(error->message, ==, msg);
  g_error_free(error);
  g_string_free(c.out, TRUE);
}

/* ---------------------------------------------------------------- encodings */

static void
test_encoding_names(void)
{
  OmEncoding e = OM_ENCODING_AUTO;
  g_assert_true(om_encoding_from_string("UTF-8", &e));
  g_assert_cmpint(e, ==, OM_ENCODING_UTF8);
  g_assert_true(om_encoding_from_string("cp1252", &e));
  g_assert_cmpint(e, ==, OM_ENCODING_WINDOWS1252);
  g_assert_true(om_encoding_from_string("utf8", &e));
  g_assert_cmpint(e, ==, OM_ENCODING_UTF8);
  g_assert_true(om_encoding_from_string("Latin1", &e));
  g_assert_cmpint(e, ==, OM_ENCODING_WINDOWS1252);
  g_assert_true(om_encoding_from_string("auto", &e));
  g_assert_cmpint(e, ==, OM_ENCODING_AUTO);
  e = OM_ENCODING_UTF8;
  g_assert_false(om_encoding_from_string("utf-16", &e));
  g_assert_false(om_encoding_from_string(NULL, &e));
  g_assert_cmpint(e, ==, OM_ENCODING_UTF8); /* unchanged on failure */
  g_assert_cmpstr(om_encoding_to_string(OM_ENCODING_AUTO), ==, "auto");
  g_assert_cmpstr(om_encoding_to_string(OM_ENCODING_UTF8), ==, "utf-8");
  g_assert_cmpstr(om_encoding_to_string(OM_ENCODING_WINDOWS1252), ==, "windows-1252");
  g_assert_null(om_encoding_to_string((OmEncoding)42));
}

/* ---------------------------------------------------------------- sniffing */

static void
test_sniff_comma(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("comma.csv", NULL, &info);
  g_assert_cmpstr(got, ==,
                  "L1:respondent|instelling|v01|v02\n"
                  "L2:1001|12AB00|4|5\n"
                  "L3:1002|12AB00|3|\n");
  g_assert_cmpint(info.delimiter, ==, ',');
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_UTF8);
  g_assert_false(info.had_bom);
  g_assert_cmpuint(info.n_records, ==, 3);
  g_assert_cmpuint(info.n_lines, ==, 3);
  g_assert_cmpuint(info.n_bytes, ==, 61);
  g_free(got);
}

static void
test_sniff_semicolon(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("semicolon.csv", NULL, &info);
  /* the comma inside the quoted name neither splits the field nor sways the sniffing */
  g_assert_cmpstr(got, ==,
                  "L1:respondent|instelling|naam|v01\n"
                  "L2:1001|12AB00|De Eik, locatie Noord|4\n"
                  "L3:1002|12AB01|Het Kompas|2\n");
  g_assert_cmpint(info.delimiter, ==, ';');
  g_assert_cmpuint(info.n_records, ==, 3);
  g_free(got);
}

static void
test_sniff_tab(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("tab.csv", NULL, &info);
  g_assert_cmpstr(got, ==,
                  "L1:respondent|instelling|v01\n"
                  "L2:1001|12AB00|4\n"
                  "L3:1002|12AB00|\n");
  g_assert_cmpint(info.delimiter, ==, '\t');
  g_free(got);
}

static void
test_sniff_quotes_and_ties(void)
{
  OmCsvInfo info;
  /* three ';' inside quotes, two ',' outside: comma */
  const char *a = "\"a;b;c\",\"d;e\",f\n1,2,3\n";
  char *got = read_mem_ok(a, strlen(a), NULL, &info);
  g_assert_cmpint(info.delimiter, ==, ',');
  g_assert_cmpstr(got, ==, "L1:a;b;c|d;e|f\nL2:1|2|3\n");
  g_free(got);
  /* one of each: the tie goes to ',' */
  const char *b = "a,b;c\td\n";
  got = read_mem_ok(b, strlen(b), NULL, &info);
  g_assert_cmpint(info.delimiter, ==, ',');
  g_assert_cmpstr(got, ==, "L1:a|b;c\td\n");
  g_free(got);
  /* ';' and tab tie above ',': ';' */
  const char *c = "a;b\tc;d\te,f\n";
  got = read_mem_ok(c, strlen(c), NULL, &info);
  g_assert_cmpint(info.delimiter, ==, ';');
  g_free(got);
  /* only the first record counts, after blank lines */
  const char *d = "\n\nnaam;x\n1,2,3,4,5\n";
  got = read_mem_ok(d, strlen(d), NULL, &info);
  g_assert_cmpint(info.delimiter, ==, ';');
  g_assert_cmpstr(got, ==, "L3:naam|x\nL4:1,2,3,4,5\n");
  g_free(got);
  /* an explicit delimiter is not second-guessed */
  OmCsvOptions opts = { .delimiter = ';' };
  got = read_mem_ok(b, strlen(b), &opts, &info);
  g_assert_cmpint(info.delimiter, ==, ';');
  g_assert_cmpstr(got, ==, "L1:a,b|c\td\n");
  g_free(got);
}

static void
test_bad_delimiter(void)
{
  OmCsvOptions opts = { .delimiter = '"' };
  read_mem_fails("a,b\n", 4, &opts, OM_ERROR_ARGUMENT,
                 "mem.csv: cannot use byte 0x22 as the delimiter; expected ',', ';' or tab");
}

/* ---------------------------------------------------------------- encodings */

static void
test_bom(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("bom.csv", NULL, &info);
  g_assert_cmpstr(got, ==,
                  "L1:respondent|instelling|naam\n"
                  "L2:1001|12AB00|Basisschool De \xC3\x8Bik\n");
  g_assert_true(info.had_bom);
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_UTF8);
  g_assert_cmpint(info.delimiter, ==, ';');
  g_assert_cmpuint(info.n_bytes, ==, 64);
  g_free(got);
}

static void
test_cp1252(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("cp1252.csv", NULL, &info);
  g_assert_cmpstr(got, ==,
                  "L1:respondent|instelling|naam|opmerking\n"
                  "L2:1001|12AB00|Basisschool De Ëik|Précies goed € 5\n"
                  "L3:1002|12AB01|Café “Het Hoekje”|\n");
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_WINDOWS1252);
  g_assert_false(info.had_bom);
  g_free(got);

  /* forced UTF-8 on the same bytes: line 2, "1001;12AB00;Basisschool De " is 27 chars */
  OmCsvOptions opts = { .encoding = OM_ENCODING_UTF8 };
  read_fixture_fails("cp1252.csv", &opts, OM_ERROR_ENCODING,
                     ":2:28: byte 0xCB is not valid UTF-8; if the file is Windows-1252 (Excel's "
                     "\"CSV (;)\"), try --encoding windows-1252");
}

static void
test_cp1252_undefined(void)
{
  read_fixture_fails("cp1252-undefined.csv", NULL, OM_ERROR_ENCODING,
                     ":3:28: byte 0x81 is neither UTF-8 nor Windows-1252");
  OmCsvOptions opts = { .encoding = OM_ENCODING_WINDOWS1252 };
  read_fixture_fails("cp1252-undefined.csv", &opts, OM_ERROR_ENCODING,
                     ":3:28: byte 0x81 is not Windows-1252 text; try --encoding utf-8");
}

static void
test_forced_cp1252(void)
{
  /* valid UTF-8 read as Windows-1252 on request: mojibake, as asked */
  OmCsvOptions opts = { .encoding = OM_ENCODING_WINDOWS1252 };
  OmCsvInfo info;
  const char *data = "naam\nDe \xC3\xAB\n";
  char *got = read_mem_ok(data, strlen(data), &opts, &info);
  g_assert_cmpstr(got, ==, "L1:naam\nL2:De Ã«\n");
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_WINDOWS1252);
  g_free(got);
}

static void
test_utf8_invalid_column(void)
{
  /* the column counts characters: "ë" before the bad byte is one column */
  OmCsvOptions opts = { .encoding = OM_ENCODING_UTF8 };
  const char *data = "a;b\n\xC3\xAB;x\xE9y\n";
  read_mem_fails(data, strlen(data), &opts, OM_ERROR_ENCODING,
                 "mem.csv:2:4: byte 0xE9 is not valid UTF-8; if the file is Windows-1252 "
                 "(Excel's \"CSV (;)\"), try --encoding windows-1252");
  /* with a UTF-8 BOM, AUTO does not fall back to Windows-1252 */
  const char *bom = "\xEF\xBB\xBF"
                    "a;b\n\xC3\xAB;x\xE9y\n";
  read_mem_fails(bom, strlen(bom), NULL, OM_ERROR_ENCODING,
                 "mem.csv:2:4: byte 0xE9 is not valid UTF-8, though the file starts with a "
                 "UTF-8 byte order mark; if the file is Windows-1252 (Excel's \"CSV (;)\"), "
                 "try --encoding windows-1252");
  /* a truncated sequence at the very end */
  const char *trunc = "a\n\xC3";
  read_mem_fails(trunc, strlen(trunc), &opts, OM_ERROR_ENCODING,
                 "mem.csv:2:1: byte 0xC3 is not valid UTF-8; if the file is Windows-1252 "
                 "(Excel's \"CSV (;)\"), try --encoding windows-1252");
}

static void
test_nul(void)
{
  read_fixture_fails("nul.csv", NULL, OM_ERROR_ENCODING,
                     ":3:3: NUL byte: this is a binary file, not CSV text");
  /* UTF-16 is text (converted, see /csvsource/encoding/utf16); a NUL character in it is not */
  const char utf16[] = "\xFF\xFEr\0\n\0e\0\0\0";
  read_mem_fails(utf16, sizeof utf16 - 1, NULL, OM_ERROR_ENCODING,
                 "mem.csv:2:2: NUL byte: this is a binary file, not CSV text");
}

static void
test_empty(void)
{
  read_fixture_fails("empty.csv", NULL, OM_ERROR_PARSE, ": the file is empty");
  read_fixture_fails("bom-only.csv", NULL, OM_ERROR_PARSE, ": the file is empty");
  read_mem_fails(" \r\n\t\n", 5, NULL, OM_ERROR_PARSE, "mem.csv: the file is empty");
  read_mem_fails(NULL, 0, NULL, OM_ERROR_PARSE, "mem.csv: the file is empty");
}

/* ---------------------------------------------------------------- CSV syntax */

static void
test_multiline(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("multiline.csv", NULL, &info);
  g_assert_cmpstr(got, ==,
                  "L1:respondent|opmerking|v01\n"
                  "L2:1001|Goed contact,\nmaar weinig \"huiswerkhulp\"\n\nvolgend jaar beter|4\n"
                  "L6:1002|geen|3\n"
                  "L8:1003|twee\nregels|5\n"
                  "L10:1004||1\n");
  g_assert_cmpuint(info.n_records, ==, 5);
  g_assert_cmpuint(info.n_lines, ==, 10);
  g_free(got);
}

static void
test_doubled_quotes(void)
{
  const char *data = "a;b;c\n\"\"\"\";\"say \"\"hi\"\"\";\"\"\n\"x;y\"  ; \"z\" ;  w  \n";
  char *got = read_mem_ok(data, strlen(data), NULL, NULL);
  /* "" alone is an empty field; blanks around quotes and unquoted fields are trimmed */
  g_assert_cmpstr(got, ==, "L1:a|b|c\nL2:\"|say \"hi\"|\nL3:x;y|z|w\n");
  g_free(got);
}

static void
test_crlf(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("crlf.csv", NULL, &info);
  /* CR LF ends records without leaving a CR behind; inside quotes it is kept as data */
  g_assert_cmpstr(got, ==, "L1:a|b|c\nL2:1|x\r\ny|3\nL4:4|5|6\n");
  g_assert_cmpuint(info.n_lines, ==, 4);
  g_free(got);
  /* lone CR (old Mac) line ends count as lines too */
  const char *mac = "a;b\r1;\"x\ry\"\r2;3\r";
  got = read_mem_ok(mac, strlen(mac), NULL, &info);
  g_assert_cmpstr(got, ==, "L1:a|b\nL2:1|x\ry\nL4:2|3\n");
  g_assert_cmpuint(info.n_lines, ==, 4);
  g_free(got);
}

static void
test_no_final_newline(void)
{
  OmCsvInfo info;
  char *got = read_fixture_ok("no-final-newline.csv", NULL, &info);
  g_assert_cmpstr(got, ==, "L1:a|b\nL2:1|2\nL3:3|4\n");
  g_assert_cmpuint(info.n_lines, ==, 3);
  g_assert_cmpuint(info.n_records, ==, 3);
  g_free(got);
  const char *unq = "a,b\r\n1,2";
  got = read_mem_ok(unq, strlen(unq), NULL, &info);
  g_assert_cmpstr(got, ==, "L1:a|b\nL2:1|2\n");
  g_free(got);
}

static void
test_unterminated(void)
{
  read_fixture_fails("unterminated.csv", NULL, OM_ERROR_PARSE,
                     ":4:2: unterminated quoted field (opened on line 3)");
  /* the quote opens on the line where an earlier multi-line field closes */
  const char *data = "a,b\n\"x\ny\",\"open\nz\n";
  read_mem_fails(data, strlen(data), NULL, OM_ERROR_PARSE,
                 "mem.csv:4:2: unterminated quoted field (opened on line 3)");
  /* on the last line, without a line end */
  const char *last = "a,b\n1,\"2";
  read_mem_fails(last, strlen(last), NULL, OM_ERROR_PARSE,
                 "mem.csv:2:2: unterminated quoted field (opened on line 2)");
}

static void
test_syntax_errors(void)
{
  read_fixture_fails("after-quote.csv", NULL, OM_ERROR_PARSE,
                     ":2:2: unexpected character after closing quote; expected a delimiter "
                     "(';') or end of line");
  const char *tab = "a\tb\n1\t\"x\" \"\n";
  read_mem_fails(tab, strlen(tab), NULL, OM_ERROR_PARSE,
                 "mem.csv:2:2: unexpected character after closing quote; expected a delimiter "
                 "(tab) or end of line");
  const char *inner = "a,b,c\n1,2,ab\"c\n";
  read_mem_fails(inner, strlen(inner), NULL, OM_ERROR_PARSE,
                 "mem.csv:2:3: quote inside an unquoted field; expected the whole field in "
                 "quotes, with each quote in it doubled (\"\")");
}

static void
test_blank_lines_and_ragged(void)
{
  OmCsvInfo info;
  const char *data = "\r\n  \r\na;b;c\r\n\r\n1\r\n;;\r\n2;3;4;5";
  char *got = read_mem_ok(data, strlen(data), NULL, &info);
  g_assert_cmpstr(got, ==, "L3:a|b|c\nL5:1\nL6:||\nL7:2|3|4|5\n");
  g_assert_cmpuint(info.n_records, ==, 4);
  g_assert_cmpuint(info.n_lines, ==, 7);
  g_free(got);
}

static void
test_large_record(void)
{
  /* a field much larger than any internal buffer, and many fields */
  GString *s = g_string_new("id;tekst\n1;\"");
  for (int i = 0; i < 100000; i++)
    g_string_append(s, i % 1000 == 999 ? "\"\"\n" : "x");
  g_string_append(s, "\"\n2;");
  for (int i = 0; i < 5000; i++)
    g_string_append(s, "v;");
  g_string_append(s, "end\n");
  Collect c = { g_string_new(NULL), 0, 0 };
  GError *error = NULL;
  OmCsvInfo info;
  OmCsvOptions raised = { .max_cell = 200000 }; /* over the default 64 KiB a field */
  g_assert_true(om_csv_read_data("big", s->str, s->len, &raised, collect_row, &c, &info, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(info.n_records, ==, 3);
  g_assert_cmpuint(info.n_lines, ==, 103);
  /* record 3 starts after the 100 embedded newlines */
  g_assert_nonnull(strstr(c.out->str, "\nL103:2|v|v|"));
  g_assert_true(g_str_has_suffix(c.out->str, "|v|end\n"));
  g_string_free(c.out, TRUE);
  g_string_free(s, TRUE);
}

/* Many records across many internal chunks (the reader works in ~1% chunks), with
 * multi-line fields, CR LF and non-ASCII text landing on chunk edges; the same records
 * must come out of the UTF-8 file and of its Windows-1252 twin. */
static void
test_chunked(void)
{
  static const char *const words[] = { "Ëik", "café", "\"q\"", "a;b", "x\r\ny", "" };
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  OmCsvWriter *w = om_csv_writer_new(f, ';', FALSE);
  GString *expected = g_string_new(NULL);
  guint64 line = 1;
  for (int r = 0; r < 20000; r++) {
    g_string_append_printf(expected, "L%" G_GUINT64_FORMAT ":", line);
    for (int i = 0; i < 4; i++) {
      const char *word = words[(r + i * 7) % G_N_ELEMENTS(words)];
      char *field = g_strdup_printf("%d%s", r, word);
      om_csv_writer_field(w, field);
      g_string_append_printf(expected, "%s%s", i ? "|" : "", field);
      if (strchr(word, '\n') != NULL)
        line++;
      g_free(field);
    }
    g_string_append_c(expected, '\n');
    om_csv_writer_end_row(w);
    line++;
  }
  g_assert_true(om_csv_writer_finish(w, NULL));
  om_csv_writer_free(w);
  g_assert_cmpint(fclose(f), ==, 0);
  g_assert_cmpuint(size, >, 400000); /* > 100 chunks of the 4 KB minimum */

  OmCsvInfo info;
  OmCsvOptions opts = { .delimiter = ';' };
  char *got = read_mem_ok(buf, size, &opts, &info);
  g_assert_cmpstr(got, ==, expected->str);
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_UTF8);
  g_assert_cmpuint(info.n_lines, ==, line - 1);
  g_free(got);

  gsize cp_len = 0;
  char *cp = g_convert(buf, (gssize)size, "WINDOWS-1252", "UTF-8", NULL, &cp_len, NULL);
  g_assert_nonnull(cp);
  got = read_mem_ok(cp, cp_len, NULL, &info);
  g_assert_cmpstr(got, ==, expected->str);
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_WINDOWS1252);
  g_assert_cmpint(info.delimiter, ==, ';');
  g_assert_cmpuint(info.n_records, ==, 20000);
  g_free(got);
  g_free(cp);
  free(buf);
  g_string_free(expected, TRUE);
}

/* ---------------------------------------------------------------- callback, progress, I/O */

static void
test_callback_stops(void)
{
  char *path = fixture("multiline.csv");
  Collect c = { g_string_new(NULL), 0, 2 };
  GError *error = NULL;
  OmCsvInfo info = { .n_records = 77 };
  g_assert_false(om_csv_read_file(path, NULL, collect_row, &c, &info, &error));
  /* the callback's own error, unchanged */
  g_assert_error(error, OM_ERROR, OM_ERROR_VALIDATION);
  char *expected = g_strconcat(path, ":2: stop here", NULL);
  g_assert_cmpstr(error->message, ==, expected);
  /* and no record after it */
  g_assert_cmpuint(c.calls, ==, 2);
  g_assert_cmpuint(info.n_records, ==, 77);
  g_free(expected);
  g_clear_error(&error);

  /* with error == NULL the callback's error is freed (ASan checks), result still FALSE */
  Collect c2 = { g_string_new(NULL), 0, 1 };
  g_assert_false(om_csv_read_file(path, NULL, collect_row, &c2, NULL, NULL));
  g_assert_cmpuint(c2.calls, ==, 1);
  g_string_free(c2.out, TRUE);
  g_string_free(c.out, TRUE);
  g_free(path);
}

static gboolean
stop_silently(const OmCsvRow *row, gpointer user_data, GError **error)
{
  (void)row, (void)user_data, (void)error;
  return FALSE;
}

static void
test_callback_stops_without_error(void)
{
  GError *error = NULL;
  g_assert_false(om_csv_read_data("mem.csv", "a\nb\n", 4, NULL, stop_silently, NULL, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "mem.csv:1: reading stopped by the row handler without a reason");
  g_error_free(error);
}

typedef struct {
  guint calls;
  guint64 last_done, last_total;
  gboolean monotonic;
} Progress;

static void
on_progress(guint64 done, guint64 total, gpointer user_data)
{
  Progress *p = user_data;
  if (done < p->last_done || done > total)
    p->monotonic = FALSE;
  p->calls++;
  p->last_done = done;
  p->last_total = total;
}

static gboolean
count_row(const OmCsvRow *row, gpointer user_data, GError **error)
{
  (void)row, (void)error;
  (*(guint64 *)user_data)++;
  return TRUE;
}

static void
test_progress(void)
{
  GString *s = g_string_new("a,b\n");
  for (int i = 0; i < 100000; i++)
    g_string_append_printf(s, "%d,x\n", i);
  Progress p = { 0, 0, 0, TRUE };
  OmCsvOptions opts = { .progress = on_progress, .progress_data = &p };
  guint64 rows = 0;
  g_assert_true(om_csv_read_data("p", s->str, s->len, &opts, count_row, &rows, NULL, NULL));
  g_assert_cmpuint(rows, ==, 100001);
  g_assert_true(p.monotonic);
  g_assert_cmpuint(p.calls, >=, 90);
  g_assert_cmpuint(p.calls, <=, 101);
  g_assert_cmpuint(p.last_done, ==, s->len);
  g_assert_cmpuint(p.last_total, ==, s->len);
  g_string_free(s, TRUE);
}

static void
test_missing_file(void)
{
  GError *error = NULL;
  guint64 rows = 0;
  g_assert_false(
      om_csv_read_file("/nonexistent/answers.csv", NULL, count_row, &rows, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(error->message, ==,
                  "/nonexistent/answers.csv: cannot read: No such file or directory");
  g_clear_error(&error);
  g_assert_false(om_csv_read_file("/", NULL, count_row, &rows, NULL, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(error->message, ==,
                  "/: cannot read: this is a directory, not a file; expected a saved export "
                  "file (copy a stream to a file first)");
  g_clear_error(&error);
  g_assert_cmpuint(rows, ==, 0);
}

/* ---------------------------------------------------------------- writer */

static char *
write_rows(const char *const *const *rows, char delimiter, gboolean bom, gsize *len)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  g_assert_nonnull(f);
  OmCsvWriter *w = om_csv_writer_new(f, delimiter, bom);
  for (gsize r = 0; rows[r] != NULL; r++) {
    for (gsize i = 0; rows[r][i] != NULL; i++)
      om_csv_writer_field(w, strcmp(rows[r][i], "(null)") == 0 ? NULL : rows[r][i]);
    om_csv_writer_end_row(w);
  }
  GError *error = NULL;
  g_assert_true(om_csv_writer_finish(w, &error));
  g_assert_no_error(error);
  om_csv_writer_free(w);
  g_assert_cmpint(fclose(f), ==, 0);
  *len = size;
  return buf;
}

static void
test_writer_bytes(void)
{
  static const char *const r1[] = { "naam", "score", "opmerking", NULL };
  static const char *const r2[] = { "De \"Eik\"", "87,5", "a;b", NULL };
  static const char *const r3[] = { " voor", "na ", "(null)", "", "twee\nregels", NULL };
  static const char *const r4[] = { "(null)", NULL };
  static const char *const *const rows[] = { r1, r2, r3, r4, NULL };
  gsize len;
  char *out = write_rows(rows, ';', TRUE, &len);
  const char expected[] = "\xEF\xBB\xBF"
                          "naam;score;opmerking\r\n"
                          "\"De \"\"Eik\"\"\";87,5;\"a;b\"\r\n"
                          "\" voor\";\"na \";;;\"twee\nregels\"\r\n"
                          "\"\"\r\n";
  g_assert_cmpmem(out, len, expected, sizeof expected - 1);
  free(out);
  /* with ',' the comma must be quoted and the ';' need not */
  out = write_rows(rows, ',', FALSE, &len);
  const char expected_comma[] = "naam,score,opmerking\r\n"
                                "\"De \"\"Eik\"\"\",\"87,5\",a;b\r\n"
                                "\" voor\",\"na \",,,\"twee\nregels\"\r\n"
                                "\"\"\r\n";
  g_assert_cmpmem(out, len, expected_comma, sizeof expected_comma - 1);
  free(out);
}

static void
test_writer_roundtrip(void)
{
  static const char *const r1[] = { "\"", "\"\"", "a;b,c\td", NULL };
  static const char *const r2[] = { " lead", "trail\t", "cr\r\nlf", "\n", NULL };
  static const char *const r3[] = { "Basisschool De Ëik", "", "x\"y\"", NULL };
  static const char *const r4[] = { "", NULL };
  static const char *const *const rows[] = { r1, r2, r3, r4, NULL };
  const char delims[] = { ';', ',', '\t' };
  for (gsize d = 0; d < G_N_ELEMENTS(delims); d++) {
    gsize len;
    char *out = write_rows(rows, delims[d], TRUE, &len);
    OmCsvInfo info;
    OmCsvOptions opts = { .delimiter = delims[d] };
    char *got = read_mem_ok(out, len, &opts, &info);
    g_assert_cmpstr(got, ==,
                    "L1:\"|\"\"|a;b,c\td\n"
                    "L2: lead|trail\t|cr\r\nlf|\n\n"
                    "L5:Basisschool De Ëik||x\"y\"\n"
                    "L6:\n");
    g_assert_true(info.had_bom);
    g_assert_cmpuint(info.n_records, ==, 4);
    /* sniffing finds the writer's delimiter too */
    char *sniffed = read_mem_ok(out, len, NULL, &info);
    g_assert_cmpint(info.delimiter, ==, delims[d]);
    g_assert_cmpstr(sniffed, ==, got);
    g_free(sniffed);
    g_free(got);
    free(out);
  }
}

static void
test_writer_dev_full(void)
{
  FILE *f = fopen("/dev/full", "w");
  if (f == NULL) {
    g_test_skip("/dev/full is not available");
    return;
  }
  OmCsvWriter *w = om_csv_writer_new(f, ';', TRUE);
  om_csv_writer_field(w, "a");
  om_csv_writer_field(w, "b");
  om_csv_writer_end_row(w);
  GError *error = NULL;
  g_assert_false(om_csv_writer_finish(w, &error));
  g_assert_error(error, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(error->message, ==, "cannot write the CSV output: No space left on device");
  g_error_free(error);
  om_csv_writer_free(w);
  fclose(f);
  om_csv_writer_free(NULL);
}

/* ---------------------------------------------------------------- issue 10: what a bureau receives
 */

/* Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated; both byte orders. */
static GByteArray *
utf16_bytes(const char *utf8, gboolean le)
{
  glong n = 0;
  gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
  GByteArray *b = g_byte_array_new();
  guint8 bom[2] = { le ? 0xFF : 0xFE, le ? 0xFE : 0xFF };
  g_byte_array_append(b, bom, 2);
  for (glong i = 0; i < n; i++) {
    guint8 pair[2] = { le ? (guint8)(u[i] & 0xFF) : (guint8)(u[i] >> 8),
                       le ? (guint8)(u[i] >> 8) : (guint8)(u[i] & 0xFF) };
    g_byte_array_append(b, pair, 2);
  }
  g_free(u);
  return b;
}

static void
test_utf16(void)
{
  const char *text = "respondent\tnaam\r\nR1\tZoë\r\nR2\t\"Een, twee\"\r\n";
  for (int le = 0; le <= 1; le++) {
    GByteArray *b = utf16_bytes(text, le);
    OmCsvInfo info;
    char *out = read_mem_ok((const char *)b->data, b->len, NULL, &info);
    g_assert_cmpstr(out, ==, "L1:respondent|naam\nL2:R1|Zoë\nL3:R2|Een, twee\n");
    g_assert_cmpint(info.encoding, ==, le ? OM_ENCODING_UTF16LE : OM_ENCODING_UTF16BE);
    g_assert_cmpint(info.delimiter, ==, '\t');
    g_assert_false(info.had_bom);
    g_assert_cmpuint(info.n_bytes, ==, b->len);
    g_free(out);
    g_byte_array_unref(b);
  }
  g_assert_cmpstr(om_encoding_to_string(OM_ENCODING_UTF16LE), ==, "utf-16le");
  /* a lone surrogate on line 2, column 3: not UTF-16 after all */
  GByteArray *b = utf16_bytes("a\tb\nxy", TRUE);
  guint8 lone[4] = { 0x00, 0xD8, 'z', 0x00 };
  g_byte_array_append(b, lone, 4);
  GError *e = NULL;
  g_assert_false(om_csv_read_data("mem.csv", (const char *)b->data, b->len, NULL, count_row,
                                  &(guint64){ 0 }, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_ENCODING);
  g_assert_true(g_str_has_prefix(e->message, "mem.csv:2:3: the file starts as UTF-16 "
                                             "(little-endian) but this is not UTF-16 text ("));
  g_clear_error(&e);
  /* and one cut off at the end */
  g_byte_array_set_size(b, b->len - 3);
  read_mem_fails((const char *)b->data, b->len, NULL, OM_ERROR_ENCODING,
                 "mem.csv:2:3: the file starts as UTF-16 (little-endian) but this is not UTF-16 "
                 "text (the file ends inside a character); expected the file as Excel saved "
                 "it, or saved again as \"CSV UTF-8\"");
  /* the same from files, which are converted in chunks through a temporary copy */
  char *dir = g_dir_make_tmp("om-test-csv-XXXXXX", &e);
  g_assert_no_error(e);
  char *path = g_build_filename(dir, "unicode.txt", NULL);
  GByteArray *good = utf16_bytes(text, TRUE);
  g_assert_true(g_file_set_contents(path, (const char *)good->data, good->len, &e));
  Collect c = { g_string_new(NULL), 0, 0 };
  OmCsvInfo info;
  g_assert_true(om_csv_read_file(path, NULL, collect_row, &c, &info, &e));
  g_assert_no_error(e);
  g_assert_cmpstr(c.out->str, ==, "L1:respondent|naam\nL2:R1|Zoë\nL3:R2|Een, twee\n");
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_UTF16LE);
  g_assert_cmpuint(info.n_bytes, ==, good->len);
  g_string_free(c.out, TRUE);
  g_byte_array_unref(good);
  g_assert_true(g_file_set_contents(path, (const char *)b->data, b->len, &e));
  g_assert_false(om_csv_read_file(path, NULL, count_row, &(guint64){ 0 }, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_ENCODING);
  char *want = g_strdup_printf("%s:2:3: the file starts as UTF-16 (little-endian) but this is "
                               "not UTF-16 text (the file ends inside a character); expected the "
                               "file as Excel saved it, or saved again as \"CSV UTF-8\"",
                               path);
  g_assert_cmpstr(e ? e->message : "", ==, want);
  g_free(want);
  g_clear_error(&e);
  g_byte_array_unref(b);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* Binary files are refused at line 1 saying what they are. */
static void
test_binary_files(void)
{
  static const struct {
    const char *bytes;
    gsize len;
    const char *what;
  } cases[] = {
    { "PK\x03\x04\x14\x00\x06\x00", 8,
      "a ZIP archive, such as an Excel workbook (.xlsx), not CSV text; open it in Excel and "
      "save it as \"CSV UTF-8\"" },
    { "\x89PNG\r\n\x1A\n\0\0", 10,
      "a PNG image, not CSV text; expected a survey export saved "
      "as CSV" },
    { "%PDF-1.7\n", 9, "a PDF document, not CSV text; expected a survey export saved as CSV" },
    { "SQLite format 3\0\x10\0", 18,
      "a SQLite database (perhaps an oudermonitor store), not CSV text; expected a survey "
      "export saved as CSV" },
    { "$FL2@(#) IBM SPSS", 17,
      "an SPSS data file (.sav), not CSV text; save it from SPSS as CSV (File > Export > CSV)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *msg = g_strconcat("mem.csv:1:1: this is ", cases[i].what, NULL);
    read_mem_fails(cases[i].bytes, cases[i].len, NULL, OM_ERROR_ENCODING, msg);
    g_free(msg);
  }
}

/* A FIFO would block open() and read() until a writer comes; /dev/zero never ends. Both,
 * and a directory, are refused at once: run in a subprocess with a timeout, so a
 * regression fails instead of hanging the suite. */
static void
test_non_files_child(void)
{
  GError *e = NULL;
  char *dir = g_dir_make_tmp("om-test-csv-XXXXXX", &e);
  g_assert_no_error(e);
  char *fifo = g_build_filename(dir, "pipe.csv", NULL);
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  static const struct {
    const char *what;
  } kinds[] = { { "a named pipe (FIFO)" }, { "a character device" }, { "a directory" } };
  const char *paths[] = { fifo, "/dev/zero", dir };
  for (gsize i = 0; i < G_N_ELEMENTS(paths); i++) {
    guint64 rows = 0;
    g_assert_false(om_csv_read_file(paths[i], NULL, count_row, &rows, NULL, &e));
    g_assert_error(e, OM_ERROR, OM_ERROR_IO);
    char *want = g_strdup_printf("%s: cannot read: this is %s, not a file; expected a saved "
                                 "export file (copy a stream to a file first)",
                                 paths[i], kinds[i].what);
    g_assert_cmpstr(e->message, ==, want);
    g_free(want);
    g_clear_error(&e);
    g_assert_cmpuint(rows, ==, 0);
  }
  g_unlink(fifo);
  g_rmdir(dir);
  g_free(fifo);
  g_free(dir);
}

static void
test_non_files(void)
{
  g_test_trap_subprocess("/csvsource/io/non-files/subprocess", 20 * G_USEC_PER_SEC,
                         G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
}

/* Each limit just under (read) and just over (refused with the position and the option). */
static void
test_limits(void)
{
  OmCsvOptions small = { .max_cell = 8, .max_fields = 3, .max_record = 12 };
  /* exactly at every limit: 3 fields, an 8-byte field, 12 bytes a record */
  const char *at_limits = "a;b;12345678\nabcd;efgh;ij\n";
  char *out = read_mem_ok(at_limits, strlen(at_limits), &small, NULL);
  g_assert_cmpstr(out, ==, "L1:a|b|12345678\nL2:abcd|efgh|ij\n");
  g_free(out);
  read_mem_fails("a;b\nx;123456789\n", 16, &small, OM_ERROR_PARSE,
                 "mem.csv:2:2: a field longer than 8 bytes; the limit is 8 bytes a field (raise "
                 "it with --max-cell BYTES)");
  read_mem_fails("a;b;c;d\n", 8, &small, OM_ERROR_PARSE,
                 "mem.csv:1:4: more than 3 fields in one record; the limit is 3 fields (raise it "
                 "with --max-columns N)");
  read_mem_fails("abcd;efgh;ijk\n", 14, &small, OM_ERROR_PARSE,
                 "mem.csv:1:3: a record longer than 12 bytes; the limit is 12 bytes a record "
                 "(raise it with --max-record BYTES)");
  /* the defaults: 64 KiB a field, 10,000 fields */
  GString *s = g_string_new("id;tekst\n1;");
  for (gsize i = 0; i < OM_CSV_DEFAULT_MAX_CELL; i++)
    g_string_append_c(s, 'x');
  g_string_append_c(s, '\n');
  out = read_mem_ok(s->str, s->len, NULL, NULL);
  g_free(out);
  g_string_insert_c(s, 12, 'x');
  read_mem_fails(s->str, s->len, NULL, OM_ERROR_PARSE,
                 "mem.csv:2:2: a field longer than 65536 bytes; the limit is 65536 bytes a "
                 "field (raise it with --max-cell BYTES)");
  g_string_assign(s, "c");
  for (guint i = 1; i < OM_CSV_DEFAULT_MAX_FIELDS; i++)
    g_string_append(s, ";c");
  g_string_append_c(s, '\n');
  out = read_mem_ok(s->str, s->len, NULL, NULL);
  g_free(out);
  g_string_insert(s, 0, "c;");
  read_mem_fails(s->str, s->len, NULL, OM_ERROR_PARSE,
                 "mem.csv:1:10001: more than 10000 fields in one record; the limit is 10000 "
                 "fields (raise it with --max-columns N)");
  g_string_free(s, TRUE);
}

/* A file of several 1 MiB chunks: the NUL search and the UTF-8 check share one pass
 * over it. A NUL is still found (and reported first) after a byte that is not UTF-8, a
 * character cut by a chunk's end is no error, and a bad byte chunks later has its line. */
static void
test_scan_chunks(void)
{
  GError *e = NULL;
  char *dir = g_dir_make_tmp("om-test-csv-XXXXXX", &e);
  g_assert_no_error(e);
  char *path = g_build_filename(dir, "big.csv", NULL);
  /* 400,000 lines "ab,cd\n" (6 bytes): line n starts at 6 * (n - 1) */
  gsize n_lines = 400000, len = 6 * n_lines;
  char *s = g_malloc(len);
  for (gsize i = 0; i < n_lines; i++)
    memcpy(s + 6 * i, "ab,cd\n", 6);
  /* line 174,763 (offset 1,048,572) is "ab,\xC3\xAB\n": the 'ë' spans the 1 MiB mark */
  s[1048575] = '\xC3';
  s[1048576] = '\xAB';
  s[6 * 9 + 3] = '\xE9';          /* line 10, column 4: not UTF-8 */
  s[6 * (300000 - 1) + 3] = '\0'; /* line 300,000, column 4 */
  g_assert_true(g_file_set_contents(path, s, (gssize)len, &e));
  guint64 rows = 0;
  g_assert_false(om_csv_read_file(path, NULL, count_row, &rows, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_ENCODING);
  g_assert_true(
      g_str_has_suffix(e->message, ":300000:4: NUL byte: this is a binary file, not CSV text"));
  g_clear_error(&e);

  s[6 * (300000 - 1) + 3] = '\xFF'; /* the NUL becomes another bad byte */
  s[6 * 9 + 3] = 'c';
  g_assert_true(g_file_set_contents(path, s, (gssize)len, &e));
  OmCsvOptions utf8 = { .encoding = OM_ENCODING_UTF8 };
  g_assert_false(om_csv_read_file(path, &utf8, count_row, &rows, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_ENCODING);
  g_assert_true(g_str_has_suffix(e->message, ":300000:4: byte 0xFF is not valid UTF-8; if the "
                                             "file is Windows-1252 (Excel's \"CSV (;)\"), try "
                                             "--encoding windows-1252"));
  g_clear_error(&e);
  g_assert_cmpuint(rows, ==, 0);
  /* automatic: Windows-1252, every line read */
  OmCsvInfo info;
  g_assert_true(om_csv_read_file(path, NULL, count_row, &rows, &info, &e));
  g_assert_no_error(e);
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_WINDOWS1252);
  g_assert_cmpuint(rows, ==, n_lines);

  s[6 * (300000 - 1) + 3] = 'c'; /* all UTF-8 now, the 'ë' across the mark included */
  g_assert_true(g_file_set_contents(path, s, (gssize)len, &e));
  rows = 0;
  g_assert_true(om_csv_read_file(path, &utf8, count_row, &rows, &info, &e));
  g_assert_no_error(e);
  g_assert_cmpint(info.encoding, ==, OM_ENCODING_UTF8);
  g_assert_cmpuint(rows, ==, n_lines);
  g_unlink(path);
  g_rmdir(dir);
  g_free(s);
  g_free(path);
  g_free(dir);
}

/* Memory follows the limits, not the file: a 200,000-column header and a 32 MB line
 * without a break are refused early. Peak RSS is reported, never asserted (sanitizers
 * and the machine decide it); what is asserted is the refusal. */
static void
test_bounded_memory(void)
{
  GError *e = NULL;
  char *dir = g_dir_make_tmp("om-test-csv-XXXXXX", &e);
  g_assert_no_error(e);
  char *wide = g_build_filename(dir, "wide.csv", NULL);
  char *long_line = g_build_filename(dir, "long.csv", NULL);
  GString *s = g_string_sized_new(1 << 20);
  for (int i = 0; i < 200000; i++)
    g_string_append_printf(s, "%sv%d", i ? "," : "", i);
  g_string_append_c(s, '\n');
  g_assert_true(g_file_set_contents(wide, s->str, (gssize)s->len, &e));
  g_string_set_size(s, 32u << 20);
  memset(s->str, 'x', s->len);
  g_assert_true(g_file_set_contents(long_line, s->str, (gssize)s->len, &e));
  g_string_free(s, TRUE);
  guint64 rows = 0;
  g_assert_false(om_csv_read_file(wide, NULL, count_row, &rows, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_PARSE);
  g_assert_true(g_str_has_suffix(e->message, ":1:10001: more than 10000 fields in one record; "
                                             "the limit is 10000 fields (raise it with "
                                             "--max-columns N)"));
  g_clear_error(&e);
  g_assert_false(om_csv_read_file(long_line, NULL, count_row, &rows, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_PARSE);
  g_assert_true(g_str_has_suffix(e->message, ":1:1: a field longer than 65536 bytes; the limit "
                                             "is 65536 bytes a field (raise it with --max-cell "
                                             "BYTES)"));
  g_clear_error(&e);
  g_assert_cmpuint(rows, ==, 0);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  g_test_message("peak RSS after both refusals: %ld KiB", ru.ru_maxrss);
  g_unlink(wide);
  g_unlink(long_line);
  g_rmdir(dir);
  g_free(wide);
  g_free(long_line);
  g_free(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/csvsource/encoding/names", test_encoding_names);
  g_test_add_func("/csvsource/sniff/comma", test_sniff_comma);
  g_test_add_func("/csvsource/sniff/semicolon", test_sniff_semicolon);
  g_test_add_func("/csvsource/sniff/tab", test_sniff_tab);
  g_test_add_func("/csvsource/sniff/quotes-and-ties", test_sniff_quotes_and_ties);
  g_test_add_func("/csvsource/options/bad-delimiter", test_bad_delimiter);
  g_test_add_func("/csvsource/encoding/bom", test_bom);
  g_test_add_func("/csvsource/encoding/cp1252", test_cp1252);
  g_test_add_func("/csvsource/encoding/cp1252-undefined", test_cp1252_undefined);
  g_test_add_func("/csvsource/encoding/forced-cp1252", test_forced_cp1252);
  g_test_add_func("/csvsource/encoding/utf8-invalid-column", test_utf8_invalid_column);
  g_test_add_func("/csvsource/encoding/nul", test_nul);
  g_test_add_func("/csvsource/encoding/scan-chunks", test_scan_chunks);
  g_test_add_func("/csvsource/empty", test_empty);
  g_test_add_func("/csvsource/syntax/multiline", test_multiline);
  g_test_add_func("/csvsource/syntax/doubled-quotes", test_doubled_quotes);
  g_test_add_func("/csvsource/syntax/crlf", test_crlf);
  g_test_add_func("/csvsource/syntax/no-final-newline", test_no_final_newline);
  g_test_add_func("/csvsource/syntax/unterminated", test_unterminated);
  g_test_add_func("/csvsource/syntax/errors", test_syntax_errors);
  g_test_add_func("/csvsource/syntax/blank-lines-and-ragged", test_blank_lines_and_ragged);
  g_test_add_func("/csvsource/syntax/large-record", test_large_record);
  g_test_add_func("/csvsource/syntax/chunked", test_chunked);
  g_test_add_func("/csvsource/callback/stops", test_callback_stops);
  g_test_add_func("/csvsource/callback/stops-without-error", test_callback_stops_without_error);
  g_test_add_func("/csvsource/progress", test_progress);
  g_test_add_func("/csvsource/io/missing-file", test_missing_file);
  g_test_add_func("/csvsource/writer/bytes", test_writer_bytes);
  g_test_add_func("/csvsource/writer/roundtrip", test_writer_roundtrip);
  g_test_add_func("/csvsource/writer/dev-full", test_writer_dev_full);
  g_test_add_func("/csvsource/encoding/utf16", test_utf16);
  g_test_add_func("/csvsource/encoding/binary-files", test_binary_files);
  g_test_add_func("/csvsource/io/non-files", test_non_files);
  g_test_add_func("/csvsource/io/non-files/subprocess", test_non_files_child);
  g_test_add_func("/csvsource/limits", test_limits);
  g_test_add_func("/csvsource/limits/bounded-memory", test_bounded_memory);
  return g_test_run();
}
