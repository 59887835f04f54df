/* test-scopes.c — several municipalities in one store (issue 9 item 1).
 *
 * Splits sample-data/ into two municipalities (every other register line moves to
 * "Zandmeer") and builds three stores with the command itself: one with both
 * municipalities and all waves, and one per municipality holding only its institutions
 * and their respondents. The figures of a municipality in the shared store must equal
 * those of the store that holds it alone (stats by sector and by institution, targets:
 * the same shares, intervals, suppressions and statuses), and no command pools the two
 * unless asked with --scope regio. Never depends on wall-clock time.
 */
#include <glib.h>

#include "testutil.h"
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const char *const GROUPS[] = { "ouders", "instellingen" };

/* The CSV records of a file (a quoted field may hold line ends), header first. */
static GPtrArray *
read_records(const char *path)
{
  char *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  GString *rec = g_string_new(NULL);
  guint quotes = 0;
  for (const char *p = text; *p; p++) {
    g_string_append_c(rec, *p);
    quotes += *p == '"';
    if (*p == '\n' && quotes % 2 == 0) {
      g_ptr_array_add(out, g_strdup(rec->str));
      g_string_truncate(rec, 0);
      quotes = 0;
    }
  }
  if (rec->len)
    g_ptr_array_add(out, g_strdup(rec->str));
  g_string_free(rec, TRUE);
  g_free(text);
  return out;
}

/* Field k (no quotes before it) of a record, fields split at delim. Transfer full. */
static char *
field_sep(const char *rec, int k, const char *delim)
{
  char **f = g_strsplit(rec, delim, k + 2);
  char *v = g_strdup(f[k]);
  g_strfreev(f);
  return v;
}

static char *
field(const char *rec, int k)
{
  return field_sep(rec, k, ",");
}

/* Writes the records of src whose field `col` is a key of keep (NULL: all), header kept. */
static void
write_filtered(const char *src, const char *dst, int col, GHashTable *keep)
{
  GPtrArray *recs = read_records(src);
  GString *out = g_string_new(NULL);
  /* sample-data/ouders-2014.csv is a Dutch Excel export: ';' between fields. */
  const char *delim = strchr(g_ptr_array_index(recs, 0), ';') ? ";" : ",";
  for (guint i = 0; i < recs->len; i++) {
    const char *r = g_ptr_array_index(recs, i);
    char *v = field_sep(r, col, delim);
    if (i == 0 || !keep || (v && g_hash_table_contains(keep, v)))
      g_string_append(out, r);
    g_free(v);
  }
  g_assert_true(g_file_set_contents(dst, out->str, (gssize)out->len, NULL));
  g_string_free(out, TRUE);
  g_ptr_array_unref(recs);
}

/* The registers: both municipalities, Lindeveen alone, Zandmeer alone, and the school
 * board "Stichting Noord" alone (every third line, in both municipalities; the others
 * are "Stichting Zuid"); codes[m] the institution codes of municipality m, codes[2] those
 * of Noord. */
static void
write_registers(const char *dir, GHashTable *codes[3])
{
  char *src = om_test_source_path("sample-data/register.csv");
  GPtrArray *recs = read_records(src);
  GString *reg[4]
      = { g_string_new(NULL), g_string_new(NULL), g_string_new(NULL), g_string_new(NULL) };
  for (guint i = 0; i < recs->len; i++) {
    const char *r = g_ptr_array_index(recs, i);
    if (!strchr(r, ','))
      continue;
    GString *line = g_string_new(r);
    g_string_truncate(line, strcspn(line->str, "\r\n"));
    if (i == 0) {
      g_string_append(line, ",bestuur\n");
      for (int k = 0; k < 4; k++)
        g_string_append(reg[k], line->str);
      g_string_free(line, TRUE);
      continue;
    }
    int m = i % 2;
    gboolean noord = i % 3 == 0;
    if (m == 1)
      g_assert_cmpuint(g_string_replace(line, ",Lindeveen,", ",Zandmeer,", 1), ==, 1);
    g_string_append(line, noord ? ",Stichting Noord\n" : ",Stichting Zuid\n");
    g_hash_table_add(codes[m], field(r, 0));
    if (noord)
      g_hash_table_add(codes[2], field(r, 0));
    g_string_append(reg[0], line->str);
    g_string_append(reg[1 + m], line->str);
    if (noord)
      g_string_append(reg[3], line->str);
    g_string_free(line, TRUE);
  }
  static const char *const names[]
      = { "reg-both.csv", "reg-lindeveen.csv", "reg-zandmeer.csv", "reg-noord.csv" };
  for (int k = 0; k < 4; k++) {
    char *p = g_build_filename(dir, names[k], NULL);
    g_assert_true(g_file_set_contents(p, reg[k]->str, -1, NULL));
    g_free(p);
    g_string_free(reg[k], TRUE);
  }
  g_ptr_array_unref(recs);
  g_free(src);
}

static void
must(Run r)
{
  if (r.status != 0)
    g_test_message("exit %d: %s", r.status, r.err);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
}

/* A store from register `reg` with the waves of both groups limited to `keep` (NULL: all). */
static char *
build_store(const char *dir, const char *name, const char *reg, GHashTable *keep)
{
  char *db = g_build_filename(dir, name, NULL);
  char *regp = g_build_filename(dir, reg, NULL);
  must(run(dir, "init", "--db", db, NULL));
  must(run(dir, "register", "--db", db, regp, NULL));
  for (int g = 0; g < 2; g++) {
    char *ini = g_strdup_printf("surveys/%s.ini", GROUPS[g]);
    char *survey = om_test_source_path(ini);
    char *files[4];
    for (int k = 0; k < 4; k++) {
      char *rel = g_strdup_printf("sample-data/%s-%d.csv", GROUPS[g], 2013 + k);
      char *src = om_test_source_path(rel);
      files[k] = g_strdup_printf("%s/%s-%s-%d.csv", dir, name, GROUPS[g], 2013 + k);
      write_filtered(src, files[k], 1, keep);
      g_free(src);
      g_free(rel);
    }
    must(run(dir, "import", "--db", db, "--survey", survey, files[0], files[1], files[2], files[3],
             NULL));
    for (int k = 0; k < 4; k++)
      g_free(files[k]);
    g_free(survey);
    g_free(ini);
  }
  g_free(regp);
  return db;
}

/* The output of a command (CSV) as lines. */
static char **
csv_lines(const char *dir, const char *db, const char *cmd, const char *by, const char *extra)
{
  Run r = run(dir, cmd, "--db", db, "--format", "csv", by ? "--by" : extra, by ? by : NULL,
              by ? extra : NULL, NULL);
  if (r.status != 0)
    g_test_message("%s: exit %d: %s", cmd, r.status, r.err);
  g_assert_cmpint(r.status, ==, 0);
  char **lines = g_strsplit(r.out, "\n", -1);
  run_clear(&r);
  return lines;
}

/* The lines of `shared` for municipality m (first column, which is then dropped) equal
 * the lines of `alone`, header included. The CSV is Dutch: BOM, ';' between fields. */
static void
assert_same_figures(char **shared, char **alone, const char *municipality)
{
  const char *bom = "\xEF\xBB\xBF";
  const char *h0 = g_str_has_prefix(shared[0], bom) ? shared[0] + 3 : shared[0];
  const char *h1 = g_str_has_prefix(alone[0], bom) ? alone[0] + 3 : alone[0];
  g_assert_true(g_str_has_prefix(h0, "municipality;"));
  g_assert_cmpstr(h0 + strlen("municipality;"), ==, h1);
  char *prefix = g_strdup_printf("%s;", municipality);
  guint j = 1;
  for (guint i = 1; shared[i]; i++) {
    if (!g_str_has_prefix(shared[i], prefix))
      continue;
    g_assert_nonnull(alone[j]);
    g_assert_cmpstr(shared[i] + strlen(prefix), ==, alone[j]);
    j++;
  }
  g_assert_true(alone[j] == NULL || (*alone[j] == '\0' && alone[j + 1] == NULL));
  g_assert_cmpuint(j, >, 1);
  g_free(prefix);
}

static void
test_per_municipality(void)
{
  char *dir = om_test_tmp_dir();
  GHashTable *codes[3];
  for (int m = 0; m < 3; m++)
    codes[m] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  write_registers(dir, codes);
  char *both = build_store(dir, "both.db", "reg-both.csv", NULL);
  char *alone[2] = { build_store(dir, "lindeveen.db", "reg-lindeveen.csv", codes[0]),
                     build_store(dir, "zandmeer.db", "reg-zandmeer.csv", codes[1]) };
  static const char *const names[] = { "Lindeveen", "Zandmeer" };
  static const char *const bys[] = { "sector", "instelling" };
  for (int m = 0; m < 2; m++) {
    for (int b = 0; b < 2; b++) {
      char **s = csv_lines(dir, both, "stats", bys[b], NULL);
      char **a = csv_lines(dir, alone[m], "stats", bys[b], NULL);
      assert_same_figures(s, a, names[m]);
      g_strfreev(s);
      g_strfreev(a);
    }
    char **s = csv_lines(dir, both, "targets", NULL, NULL);
    char **a = csv_lines(dir, alone[m], "targets", NULL, NULL);
    assert_same_figures(s, a, names[m]);
    g_strfreev(s);
    g_strfreev(a);
    /* --gemeente NAME gives that municipality alone, exactly as its own store. */
    char *opt = g_strdup_printf("--gemeente=%s", names[m]);
    s = csv_lines(dir, both, "stats", "sector", opt);
    a = csv_lines(dir, alone[m], "stats", "sector", NULL);
    g_assert_cmpstrv(s, a);
    g_strfreev(s);
    g_strfreev(a);
    /* (it reads that municipality's counts alone: targets too) */
    s = csv_lines(dir, both, "targets", NULL, opt);
    a = csv_lines(dir, alone[m], "targets", NULL, NULL);
    g_assert_cmpstrv(s, a);
    g_strfreev(s);
    g_strfreev(a);
    g_free(opt);
  }
  for (int m = 0; m < 2; m++)
    g_free(alone[m]);
  for (int m = 0; m < 3; m++)
    g_hash_table_unref(codes[m]);
  g_free(both);
  om_test_rm_tree(dir);
  g_free(dir);
}

/* Two municipalities are never one pooled total under one name; a region only when asked. */
static void
test_never_pooled(void)
{
  char *dir = om_test_tmp_dir();
  GHashTable *codes[3];
  for (int m = 0; m < 3; m++)
    codes[m] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  write_registers(dir, codes);
  char *both = build_store(dir, "both.db", "reg-both.csv", NULL);
  Run r = run(dir, "stats", "--db", both, "--by", "gemeente", "--format", "csv", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "Lindeveen;relatie;gemeente;gemeente;Gemeente Lindeveen;2016"));
  g_assert_nonnull(strstr(r.out, "Zandmeer;relatie;gemeente;gemeente;Gemeente Zandmeer;2016"));
  g_assert_null(strstr(r.out, "Regio"));
  /* The scopes are computed on several threads but printed in their order, every run. */
  const char *last_l = g_strrstr(r.out, "\nLindeveen;"), *first_z = strstr(r.out, "\nZandmeer;");
  g_assert_true(last_l != NULL && first_z != NULL && last_l < first_z);
  char *first_out = g_strdup(r.out);
  run_clear(&r);
  for (int again = 0; again < 3; again++) {
    r = run(dir, "stats", "--db", both, "--by", "instelling", "--format", "csv", NULL);
    g_assert_cmpint(r.status, ==, 0);
    last_l = g_strrstr(r.out, "\nLindeveen;");
    first_z = strstr(r.out, "\nZandmeer;");
    g_assert_true(last_l != NULL && first_z != NULL && last_l < first_z);
    run_clear(&r);
    r = run(dir, "stats", "--db", both, "--by", "gemeente", "--format", "csv", NULL);
    g_assert_cmpstr(r.out, ==, first_out);
    run_clear(&r);
  }
  g_free(first_out);
  /* A CSV file is written while the scopes run, each scope's rows as soon as those before
   * it are done: the same bytes as the table printed whole to standard output. */
  char *file = g_build_filename(dir, "streamed.csv", NULL);
  for (int c = 0; c < 2; c++) {
    const char *cmd = c ? "targets" : "stats", *by = c ? "all" : "instelling";
    r = run(dir, cmd, "--db", both, "--by", by, "--format", "csv", NULL);
    g_assert_cmpint(r.status, ==, 0);
    Run f = run(dir, cmd, "--db", both, "--by", by, "--format", "csv", "-o", file, NULL);
    g_assert_cmpint(f.status, ==, 0);
    char *written = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(file, &written, &len, NULL));
    g_assert_cmpuint(len, ==, strlen(r.out));
    g_assert_cmpstr(written, ==, r.out);
    g_free(written);
    run_clear(&f);
    run_clear(&r);
    g_assert_cmpint(g_unlink(file), ==, 0);
  }
  /* Whole or not at all: a scope that fails leaves no file. */
  r = run(dir, "targets", "--db", both, "--targets", "no-such-targets.ini", "--format", "csv", "-o",
          file, NULL);
  g_assert_cmpint(r.status, !=, 0);
  g_assert_nonnull(strstr(r.err, "no-such-targets.ini"));
  g_assert_false(g_file_test(file, G_FILE_TEST_EXISTS));
  run_clear(&r);
  g_free(file);
  r = run(dir, "stats", "--db", both, "--by", "gemeente", "--scope", "regio", "--format", "csv",
          NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "Regio (2 gemeenten)"));
  g_assert_null(strstr(r.out, "Gemeente Lindeveen"));
  run_clear(&r);
  /* One report for two municipalities is a question, not a pooled report. */
  char *pdf = g_build_filename(dir, "r.pdf", NULL);
  r = run(dir, "report", "--db", both, "--out", pdf, NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "--per gemeente"));
  g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
  run_clear(&r);
  char *rdir = g_build_filename(dir, "rapporten", NULL);
  r = run(dir, "report", "--db", both, "--per", "gemeente", "--out", rdir, "--jobs", "2", NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  for (int m = 0; m < 3; m++) {
    static const char *const files[] = { "lindeveen", "zandmeer", "overzicht" };
    char *p = g_strdup_printf("%s/lea-evaluatie-%s.pdf", rdir, files[m]);
    g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
    g_free(p);
  }
  r = run(dir, "stats", "--db", both, "--gemeente", "Nergens", NULL);
  g_assert_cmpint(r.status, ==, 2);
  g_assert_nonnull(strstr(r.err, "no municipality 'Nergens'"));
  run_clear(&r);
  /* A target that names its municipality applies there only. */
  char *tpath = g_build_filename(dir, "t.ini", NULL);
  g_assert_true(g_file_set_contents(tpath,
                                    "[target:z]\nindicator = relatie\ngroup = ouders\n"
                                    "threshold = 0.9\ndeadline = 2016\nscopes = gemeente\n"
                                    "gemeente = Zandmeer\n",
                                    -1, NULL));
  r = run(dir, "targets", "--db", both, "--targets", tpath, "--format", "csv", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "\nZandmeer;z;"));
  g_assert_null(strstr(r.out, "\nLindeveen;z;"));
  run_clear(&r);
  g_free(tpath);
  g_free(rdir);
  g_free(pdf);
  for (int m = 0; m < 3; m++)
    g_hash_table_unref(codes[m]);
  g_free(both);
  om_test_rm_tree(dir);
  g_free(dir);
}

/* A school board's figures equal those of a store holding its institutions alone (pooled
 * over the two municipalities it spans, as a region), its total named after the board. */
static void
test_board(void)
{
  char *dir = om_test_tmp_dir();
  GHashTable *codes[3];
  for (int m = 0; m < 3; m++)
    codes[m] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  write_registers(dir, codes);
  char *both = build_store(dir, "both.db", "reg-both.csv", NULL);
  char *noord = build_store(dir, "noord.db", "reg-noord.csv", codes[2]);
  char **s = csv_lines(dir, both, "stats", "sector", "--bestuur=Stichting Noord");
  char **a = csv_lines(dir, noord, "stats", "sector", "--scope=regio");
  GString *alone = g_string_new(NULL);
  for (guint i = 0; a[i]; i++)
    g_string_append_printf(alone, "%s%s", i ? "\n" : "", a[i]);
  g_assert_cmpuint(g_string_replace(alone, "Regio (2 gemeenten)", "Bestuur Stichting Noord", 0), >,
                   0);
  char **want = g_strsplit(alone->str, "\n", -1);
  const char *bom = "\xEF\xBB\xBF";
  g_assert_true(g_str_has_prefix(s[0], bom));
  char *header = g_strconcat("board;", want[0] + 3, NULL);
  g_assert_cmpstr(s[0] + 3, ==, header);
  g_free(header);
  for (guint i = 1; want[i]; i++) {
    if (!*want[i])
      continue;
    g_assert_true(g_str_has_prefix(s[i], "Stichting Noord;"));
    g_assert_cmpstr(s[i] + strlen("Stichting Noord;"), ==, want[i]);
  }
  g_strfreev(want);
  g_string_free(alone, TRUE);
  g_strfreev(s);
  g_strfreev(a);
  Run r = run(dir, "stats", "--db", both, "--bestuur", "all", "--by", "gemeente", NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "Bestuur Stichting Noord"));
  g_assert_nonnull(strstr(r.out, "Bestuur Stichting Zuid"));
  run_clear(&r);
  for (int m = 0; m < 3; m++)
    g_hash_table_unref(codes[m]);
  g_free(both);
  g_free(noord);
  om_test_rm_tree(dir);
  g_free(dir);
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every file under root (relative names, sorted) with its bytes: a folder's outcome. */
static GPtrArray *
folder_files(const char *root, const char *sub, GPtrArray *out)
{
  char *path = sub ? g_build_filename(root, sub, NULL) : g_strdup(root);
  GDir *d = g_dir_open(path, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  while ((name = g_dir_read_name(d))) {
    char *rel = sub ? g_build_filename(sub, name, NULL) : g_strdup(name);
    char *full = g_build_filename(root, rel, NULL);
    if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
      folder_files(root, rel, out);
      g_free(rel);
    } else {
      g_ptr_array_add(out, rel);
    }
    g_free(full);
  }
  g_dir_close(d);
  g_free(path);
  if (!sub)
    g_ptr_array_sort(out, compare_strings);
  return out;
}

static void
assert_same_folders(const char *a, const char *b)
{
  GPtrArray *fa = folder_files(a, NULL, g_ptr_array_new_with_free_func(g_free));
  GPtrArray *fb = folder_files(b, NULL, g_ptr_array_new_with_free_func(g_free));
  g_assert_cmpuint(fa->len, ==, fb->len);
  for (guint i = 0; i < fa->len; i++) {
    const char *ra = g_ptr_array_index(fa, i), *rb = g_ptr_array_index(fb, i);
    g_assert_cmpstr(ra, ==, rb);
    char *pa = g_build_filename(a, ra, NULL), *pb = g_build_filename(b, rb, NULL);
    char *ta = NULL, *tb = NULL;
    gsize la = 0, lb = 0;
    g_assert_true(g_file_get_contents(pa, &ta, &la, NULL));
    g_assert_true(g_file_get_contents(pb, &tb, &lb, NULL));
    g_assert_cmpmem(ta, la, tb, lb);
    g_free(ta);
    g_free(tb);
    g_free(pa);
    g_free(pb);
  }
  g_ptr_array_unref(fa);
  g_ptr_array_unref(fb);
}

/* PNG charts of several municipalities are drawn by worker processes (--jobs 2), the same
 * files and count as one thread draws them (--jobs 1); a worker's failure (a link planted
 * under a chart's name in the second municipality) reaches the user with its message and
 * exit status, and leaves no temporary file and the link's target untouched. */
static void
test_chart_workers(void)
{
  char *dir = om_test_tmp_dir();
  GHashTable *codes[3];
  for (int m = 0; m < 3; m++)
    codes[m] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  write_registers(dir, codes);
  char *both = build_store(dir, "both.db", "reg-both.csv", NULL);
  char *out[2];
  for (int jobs = 1; jobs <= 2; jobs++) {
    char *n = g_strdup_printf("%d", jobs);
    out[jobs - 1] = g_strdup_printf("%s/charts-%d", dir, jobs);
    Run r = run(dir, "chart", "--db", both, "--jobs", n, "--quiet", "--out", out[jobs - 1], NULL);
    must(r);
    g_free(n);
  }
  assert_same_folders(out[0], out[1]);
  GPtrArray *files = folder_files(out[1], NULL, g_ptr_array_new_with_free_func(g_free));
  Run r
      = run(dir, "chart", "--db", both, "--jobs", "2", "--by", "instelling", "--out", out[1], NULL);
  g_assert_cmpint(r.status, ==, 0);
  guint n_inst = 0;
  for (guint i = 0; i < files->len; i++)
    n_inst += strstr(g_ptr_array_index(files, i), "/instelling-") != NULL;
  char *said = g_strdup_printf("%u charts (png)", n_inst);
  g_assert_nonnull(strstr(r.out, said));
  g_assert_cmpuint(n_inst, >, 20);
  g_free(said);
  run_clear(&r);
  /* a link where the last institution of Zandmeer's chart goes */
  char *victim = g_build_filename(dir, "victim.txt", NULL);
  g_assert_true(g_file_set_contents(victim, "the victim\n", -1, NULL));
  const char *last = g_ptr_array_index(files, files->len - 1);
  g_assert_true(g_str_has_prefix(last, "zandmeer/"));
  char *link = g_build_filename(out[1], last, NULL);
  g_assert_cmpint(g_unlink(link), ==, 0);
  g_assert_cmpint(symlink(victim, link), ==, 0);
  r = run(dir, "chart", "--db", both, "--jobs", "2", "--quiet", "--out", out[1], NULL);
  g_assert_cmpint(r.status, ==, 4);
  g_assert_nonnull(strstr(r.err, "it is a symbolic link"));
  g_assert_null(strstr(r.out, "charts (png)"));
  run_clear(&r);
  GPtrArray *after = folder_files(out[1], NULL, g_ptr_array_new_with_free_func(g_free));
  for (guint i = 0; i < after->len; i++)
    g_assert_false(g_str_has_suffix(g_ptr_array_index(after, i), ".tmp"));
  char *text = NULL;
  g_assert_true(g_file_get_contents(victim, &text, NULL, NULL));
  g_assert_cmpstr(text, ==, "the victim\n");
  g_free(text);
  g_ptr_array_unref(after);
  g_ptr_array_unref(files);
  g_free(link);
  g_free(victim);
  for (int k = 0; k < 2; k++)
    g_free(out[k]);
  for (int m = 0; m < 3; m++)
    g_hash_table_unref(codes[m]);
  g_free(both);
  om_test_rm_tree(dir);
  g_free(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scopes/per-municipality", test_per_municipality);
  g_test_add_func("/scopes/never-pooled", test_never_pooled);
  g_test_add_func("/scopes/board", test_board);
  g_test_add_func("/scopes/chart-workers", test_chart_workers);
  return g_test_run();
}
