/* test-sectors.c — the sector vocabulary: the shipped Dutch defaults, a municipality's own
 * file, every definition error with its line, and registers that use sectors outside the
 * five of the first release (IKC in capitals, kinderopvang, so, vso, a bso of its own).
 */
#include "testutil.h"
#include "input/register.h"
#include "input/sectors.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *
source_root(void)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return root ? root : ".";
}

static char *
data_path(const char *rel)
{
  return g_build_filename(source_root(), "tests", "data", rel, NULL);
}

/* ---------------------------------------------------------------- the shipped vocabulary */

static void
test_defaults(void)
{
  char *path = g_build_filename(source_root(), "surveys", "sectoren.ini", NULL);
  GError *e = NULL;
  OmSectors *s = om_sectors_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_sectors_size(s), ==, 9);
  char *list = om_sectors_list(s);
  g_assert_cmpstr(list, ==, "voorschool, kinderopvang, po, ikc, so, vo, vso, mbo, zorg-welzijn");
  g_free(list);
  /* the five titles of the first release, unchanged (charts and report stay identical) */
  static const struct {
    const char *code, *nl, *en, *colour;
  } first[] = {
    { "voorschool", "Voorschool (VVE)", "Pre-school (ECE)", "orange" },
    { "po", "Primair onderwijs", "Primary education", "blue" },
    { "vo", "Voortgezet onderwijs", "Secondary education", "bluish-green" },
    { "mbo", "Middelbaar beroepsonderwijs", "Vocational education", "reddish-purple" },
    { "zorg-welzijn", "Zorg en welzijn", "Care and welfare", "vermillion" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(first); i++) {
    g_assert_cmpstr(om_sectors_title(s, first[i].code, FALSE), ==, first[i].nl);
    g_assert_cmpstr(om_sectors_title(s, first[i].code, TRUE), ==, first[i].en);
    g_assert_cmpstr(om_sectors_colour(s, first[i].code), ==, first[i].colour);
  }
  g_assert_cmpstr(om_sectors_lookup(s, "IKC"), ==, "ikc");
  g_assert_cmpstr(om_sectors_lookup(s, "  Zorg-Welzijn "), ==, "zorg-welzijn");
  g_assert_null(om_sectors_lookup(s, "hbo"));
  g_assert_null(om_sectors_lookup(s, NULL));
  g_assert_cmpstr(om_sectors_parent(s, "ikc"), ==, "po");
  g_assert_null(om_sectors_parent(s, "po"));
  g_assert_cmpstr(om_sectors_title(s, "ikc", FALSE), ==, "Integraal kindcentrum");
  g_assert_cmpstr(om_sectors_title(s, "hbo", TRUE), ==, "hbo");
  g_assert_cmpuint(om_sectors_position(s, "PO"), ==, 2);
  g_assert_cmpuint(om_sectors_position(s, "hbo"), ==, 9);
  /* any case matches; a prefix, a longer code or none does not */
  g_assert_cmpuint(om_sectors_position(s, "pO"), ==, 2);
  g_assert_cmpuint(om_sectors_position(s, "po"), ==, 2);
  g_assert_cmpuint(om_sectors_position(s, "p"), ==, 9);
  g_assert_cmpuint(om_sectors_position(s, "pox"), ==, 9);
  g_assert_cmpuint(om_sectors_position(s, ""), ==, 9);
  g_assert_cmpuint(om_sectors_position(s, NULL), ==, 9);
  g_assert_cmpuint(om_sectors_position(s, "IKC"), ==, om_sectors_position(s, "ikc"));
  g_assert_cmpstr(om_sectors_source(s), ==, path);
  om_sectors_free(s);
  om_sectors_free(NULL);
  g_free(path);
}

/* ---------------------------------------------------------------- definition errors */

static const struct {
  const char *name, *text, *message;
} broken[] = {
  { "no-title", "[po]\ntitle = Primair onderwijs\n\n[bso]\ntitle-en = After-school care\n",
    "v.ini:4: sector [bso] has no title; expected e.g. title = Primair onderwijs" },
  { "bad-parent", "[po]\ntitle = Primair\n[ikc]\ntitle = IKC\nparent = basis\n",
    "v.ini:5: parent 'basis' of [ikc] is not another sector of this file; expected one of po, "
    "ikc" },
  { "own-parent", "[po]\ntitle = Primair\nparent = po\n",
    "v.ini:3: parent 'po' of [po] is not another sector of this file; expected one of po" },
  { "twice-in-case", "[po]\ntitle = Primair\n[PO]\ntitle = Basis\n",
    "v.ini:3: sector [PO] is given twice (codes are matched ignoring case)" },
  { "unknown-key", "[po]\ntitle = Primair\ntitel-en = Primary\n",
    "v.ini:3: unknown key 'titel-en' in [po]; expected title, title-en, order, parent or colour" },
  { "bad-order", "[po]\ntitle = Primair\norder = eerst\n",
    "v.ini:3: order 'eerst' of [po] is not a whole number; expected e.g. order = 20" },
  { "bad-code", "[p o]\ntitle = Primair\n",
    "v.ini:1: sector code 'p o' is not valid; expected letters, digits, '-' or '_' (at most 32), "
    "such as [ikc]" },
  { "empty", "# nothing yet\n",
    "v.ini: the sector vocabulary has no sectors; expected a group per sector such as [po] with "
    "title = Primair onderwijs" },
};

static void
test_broken(gconstpointer data)
{
  guint i = GPOINTER_TO_UINT(data);
  GError *e = NULL;
  OmSectors *s = om_sectors_new_from_data("v.ini", broken[i].text, strlen(broken[i].text), &e);
  g_assert_null(s);
  g_assert_error(e, OM_ERROR, OM_ERROR_DEFINITION);
  g_assert_cmpstr(e->message, ==, broken[i].message);
  g_clear_error(&e);
}

static void
test_order_key(void)
{
  const char *text = "[b]\ntitle = B\norder = 2\n[a]\ntitle = A\norder = 1\n[c]\ntitle = C\n";
  GError *e = NULL;
  OmSectors *s = om_sectors_new_from_data("v.ini", text, strlen(text), &e);
  g_assert_no_error(e);
  const char *const *codes = om_sectors_codes(s);
  g_assert_cmpstr(codes[0], ==, "a");
  g_assert_cmpstr(codes[1], ==, "b");
  g_assert_cmpstr(codes[2], ==, "c"); /* no order: after those with one, in file order */
  g_assert_null(codes[3]);
  g_assert_cmpstr(om_sectors_title(s, "a", TRUE), ==, "A"); /* no title-en: the Dutch one */
  om_sectors_free(s);
}

/* ---------------------------------------------------------------- registers */

/* IKC in capitals, Kinderopvang, SO and "vso " all load, stored in the vocabulary's spelling. */
static void
test_register_ikc(void)
{
  char *path = data_path("register/ikc.csv");
  GError *e = NULL;
  OmRegister *r = om_register_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_register_size(r), ==, 5);
  static const char *const want[] = { "po", "ikc", "kinderopvang", "so", "vso" };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpstr(om_register_get(r, i)->sector, ==, want[i]);
  g_assert_cmpstr(om_register_sector_title("ikc", FALSE), ==, "Integraal kindcentrum");
  om_register_free(r);
  g_free(path);
}

/* A municipality's own vocabulary replaces the defaults: bso loads, vo no longer does. */
static void
test_register_own_vocabulary(void)
{
  char *voc = data_path("sectors/eigen.ini");
  char *bso = data_path("register/bso.csv");
  char *ikc = data_path("register/ikc.csv");
  GError *e = NULL;
  g_assert_true(om_sectors_load_default(voc, &e));
  g_assert_no_error(e);
  OmRegister *r = om_register_new_from_file(bso, &e);
  g_assert_no_error(e);
  g_assert_cmpstr(om_register_get(r, 1)->sector, ==, "bso");
  g_assert_cmpstr(om_register_sector_title("po", FALSE), ==, "Basisonderwijs");
  om_register_free(r);
  g_assert_null(om_register_new_from_file(ikc, &e));
  char *want = g_strdup_printf("%s:3:3: sector 'IKC' is unknown; expected one of po, bso (upper "
                               "or lower case); to add one, add a group such as [IKC] with a "
                               "title to %s, or name another vocabulary with --sectors FILE",
                               ikc, voc);
  g_assert_error(e, OM_ERROR, OM_ERROR_VALIDATION);
  g_assert_cmpstr(e->message, ==, want);
  g_clear_error(&e);
  g_free(want);
  /* a broken vocabulary leaves the one in use as it was */
  g_assert_false(om_sectors_load_default("/nonexistent/sectoren.ini", &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_clear_error(&e);
  g_assert_cmpstr(om_sectors_source(om_sectors_default()), ==, voc);
  g_assert_true(om_sectors_load_default(NULL, &e)); /* back to the shipped defaults */
  g_assert_no_error(e);
  g_free(voc);
  g_free(bso);
  g_free(ikc);
}

/* The command: register --sectors FILE, and the store accepts what the vocabulary knows. */
static void
test_cli_register_sectors(void)
{
  GError *e = NULL;
  char *dir = g_dir_make_tmp("om-test-sectors-XXXXXX", &e);
  g_assert_no_error(e);
  char *db = g_build_filename(dir, "s.db", NULL);
  char *voc = data_path("sectors/eigen.ini");
  char *bso = data_path("register/bso.csv");
  char *ikc = data_path("register/ikc.csv");
  Run r = run(dir, "init", "--db", db, NULL);
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, ikc, NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, "--sectors", voc, bso, NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  char *want
      = g_strdup_printf("register %s: 2 institutions (1 new, 0 updated, 1 unchanged)\n", bso);
  g_assert_cmpstr(r.out, ==, want);
  g_free(want);
  run_clear(&r);
  /* the store keeps the vocabulary: registering again without --sectors uses it */
  r = run(dir, "register", "--db", db, bso, NULL);
  g_assert_cmpstr(r.err, ==, "");
  g_assert_cmpint(r.status, ==, 0);
  run_clear(&r);
  r = run(dir, "register", "--db", db, ikc, NULL);
  g_assert_cmpint(r.status, ==, 1);
  g_assert_nonnull(strstr(r.err, "sector 'IKC' is unknown; expected one of po, bso"));
  run_clear(&r);
  r = run(dir, "register", "--db", db, "--sectors", "/nonexistent.ini", bso, NULL);
  g_assert_cmpint(r.status, ==, 4);
  run_clear(&r);
  g_unlink(db);
  char *wal = g_strconcat(db, "-wal", NULL), *shm = g_strconcat(db, "-shm", NULL);
  g_unlink(wal);
  g_unlink(shm);
  g_rmdir(dir);
  g_free(wal);
  g_free(shm);
  g_free(db);
  g_free(dir);
  g_free(voc);
  g_free(bso);
  g_free(ikc);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_set_nonfatal_assertions();
  g_test_add_func("/sectors/defaults", test_defaults);
  g_test_add_func("/sectors/order-key", test_order_key);
  for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
    char *name = g_strdup_printf("/sectors/error/%s", broken[i].name);
    g_test_add_data_func(name, GUINT_TO_POINTER(i), test_broken);
    g_free(name);
  }
  g_test_add_func("/sectors/register/ikc", test_register_ikc);
  g_test_add_func("/sectors/register/own-vocabulary", test_register_own_vocabulary);
  g_test_add_func("/sectors/cli/register-sectors", test_cli_register_sectors);
  return g_test_run();
}
