/* test-safe-file.c — atomic output that never follows a link (base/safe-file.h), at the API
 * the renderers will use (om_safe_file_write_with, om_safe_file_write_bytes).
 *
 * Checked: a new file and a replaced file hold exactly what was written, with the mode
 * asked for (0600 private over an earlier 0644); a failing writer, a write past a file
 * size limit and an abandoned file leave the previous content and no temporary file; a
 * link, a directory, a device and a directory that is a link are refused with their
 * messages and left as they were.
 */
#include "base/safe-file.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;

static char *
at(const char *name)
{
  return g_build_filename(dir, name, NULL);
}

static char *
contents(const char *name)
{
  char *p = at(name), *text = NULL;
  if (!g_file_get_contents(p, &text, NULL, NULL))
    text = NULL;
  g_free(p);
  return text;
}

static guint
n_entries(void)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(d))
    n++;
  g_dir_close(d);
  return n;
}

static void
test_write_and_mode(void)
{
  char *p = at("out.csv");
  GError *e = NULL;
  g_assert_true(om_safe_file_write_bytes(p, OM_SAFE_FILE_PUBLIC, "one\n", 4, &e));
  g_assert_no_error(e);
  char *text = contents("out.csv");
  g_assert_cmpstr(text, ==, "one\n");
  g_free(text);
  g_assert_cmpint(g_chmod(p, 0644), ==, 0);
  g_assert_true(om_safe_file_write_bytes(p, OM_SAFE_FILE_PRIVATE, "two\n", 4, &e));
  text = contents("out.csv");
  g_assert_cmpstr(text, ==, "two\n");
  g_free(text);
  GStatBuf st;
  g_assert_cmpint(g_stat(p, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint(n_entries(), ==, 1);
  g_unlink(p);
  g_free(p);
}

static gboolean
fail_half_way(FILE *out, gpointer data, GError **error)
{
  (void)data;
  fputs("half", out);
  g_set_error(error, OM_ERROR, OM_ERROR_VALIDATION, "the writer gave up");
  return FALSE;
}

static gboolean
write_a_lot(FILE *out, gpointer data, GError **error)
{
  (void)data;
  (void)error;
  char block[4096];
  memset(block, 'x', sizeof block);
  for (int i = 0; i < 64; i++)
    fwrite(block, 1, sizeof block, out);
  return TRUE;
}

static void
test_failures_leave_previous(void)
{
  char *p = at("keep.csv");
  g_assert_true(g_file_set_contents(p, "previous\n", -1, NULL));
  GError *e = NULL;
  g_assert_false(om_safe_file_write_with(p, OM_SAFE_FILE_PUBLIC, fail_half_way, NULL, &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  g_assert_cmpstr(e->message, ==, "the writer gave up");
  g_clear_error(&e);

  /* past a file size limit of 64 KiB: EFBIG, reported with the file's name */
  struct rlimit old, small = { 64 * 1024, 0 };
  g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old), ==, 0);
  small.rlim_max = old.rlim_max;
  signal(SIGXFSZ, SIG_IGN);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &small), ==, 0);
  gboolean ok = om_safe_file_write_with(p, OM_SAFE_FILE_PUBLIC, write_a_lot, NULL, &e);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
  g_assert_false(ok);
  char *want
      = g_strdup_printf("cannot write %s: File too large; the previous file is unchanged", p);
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(e->message, ==, want);
  g_clear_error(&e);

  /* the same past the limit in one buffer (om_safe_file_write_bytes skips the stream) */
  gsize big_len = 100 * 1024;
  char *big = g_malloc0(big_len);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &small), ==, 0);
  ok = om_safe_file_write_bytes(p, OM_SAFE_FILE_PUBLIC, big, big_len, &e);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
  g_free(big);
  g_assert_false(ok);
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);

  /* abandoned without a commit */
  OmSafeFile *f = om_safe_file_new(p, OM_SAFE_FILE_PUBLIC, &e);
  g_assert_nonnull(f);
  fputs("never", om_safe_file_stream(f));
  om_safe_file_free(f);
  om_safe_file_free(NULL);

  char *text = contents("keep.csv");
  g_assert_cmpstr(text, ==, "previous\n");
  g_free(text);
  g_assert_cmpuint(n_entries(), ==, 1);
  g_unlink(p);
  g_free(p);
}

static void
expect_refused(const char *path, const char *why)
{
  GError *e = NULL;
  g_assert_false(om_safe_file_write_bytes(path, OM_SAFE_FILE_PRIVATE, "x", 1, &e));
  char *want = g_strdup_printf("cannot write %s: %s", path, why);
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_error_free(e);
}

static void
test_refusals(void)
{
  char *victim = at("victim.txt"), *link = at("link.csv"), *sub = at("sub"),
       *sublink = at("sublink");
  g_assert_true(g_file_set_contents(victim, "victim\n", -1, NULL));
  g_assert_cmpint(symlink(victim, link), ==, 0);
  g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
  g_assert_cmpint(symlink(sub, sublink), ==, 0);
  expect_refused(link, "it is a symbolic link, and oudermonitor never writes through a link; "
                       "remove the link or name another file");
  expect_refused(sub, "it is a directory; name a file");
  char *in_sublink = g_build_filename(sublink, "x.csv", NULL);
  char *why = g_strdup_printf("its directory %s is a symbolic link; name the directory it "
                              "points to, or a file in another directory",
                              sublink);
  expect_refused(in_sublink, why);
  expect_refused("/dev/null", "it is not a regular file (a device, pipe or socket); name a file");
  char *text = contents("victim.txt");
  g_assert_cmpstr(text, ==, "victim\n");
  g_free(text);
  char *x = g_build_filename(sub, "x.csv", NULL);
  g_assert_false(g_file_test(x, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(n_entries(), ==, 4);
  g_unlink(link);
  g_unlink(sublink);
  g_unlink(victim);
  g_rmdir(sub);
  g_free(x);
  g_free(why);
  g_free(in_sublink);
  g_free(victim);
  g_free(link);
  g_free(sub);
  g_free(sublink);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  GError *e = NULL;
  dir = g_dir_make_tmp("om-test-safe-file-XXXXXX", &e);
  g_assert_no_error(e);
  g_test_add_func("/safe-file/write-and-mode", test_write_and_mode);
  g_test_add_func("/safe-file/failures-leave-previous", test_failures_leave_previous);
  g_test_add_func("/safe-file/refusals", test_refusals);
  int rc = g_test_run();
  g_rmdir(dir);
  g_free(dir);
  return rc;
}
