/* test-register.c — unit tests of the institutions register: the sample register loads
 * as sample-data/manifest.ini describes it, and every broken register in
 * tests/data/register/ fails with its exact FILE:LINE:COLUMN message.
 */
#include "input/register.h"

#include <string.h>

static const char *
source_root(void)
{
  const char *root = g_getenv("OM_SOURCE_ROOT");
  return root ? root : ".";
}

static char *
fixture(const char *name)
{
  return g_build_filename(source_root(), "tests", "data", "register", name, NULL);
}

static const OmInstitution *
find(const OmRegister *r, const char *code)
{
  for (guint i = 0; i < om_register_size(r); i++)
    if (strcmp(om_register_get(r, i)->code, code) == 0)
      return om_register_get(r, i);
  return NULL;
}

/* Loads a broken register: NULL, the given code, and exactly "<path><rest>". */
static void
assert_broken(const char *name, OmErrorCode code, const char *rest)
{
  char *path = fixture(name);
  GError *e = NULL;
  OmRegister *r = om_register_new_from_file(path, &e);
  g_assert_null(r);
  g_assert_error(e, OM_ERROR, (gint)code);
  char *want = g_strconcat(path, rest, NULL);
  g_assert_cmpstr(e->message, ==, want);
  g_free(want);
  g_clear_error(&e);
  g_free(path);
}

static void
test_sample_register(void)
{
  char *path = g_build_filename(source_root(), "sample-data", "register.csv", NULL);
  char *manifest = g_build_filename(source_root(), "sample-data", "manifest.ini", NULL);
  GError *e = NULL;
  OmRegister *r = om_register_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_nonnull(r);
  g_assert_cmpuint(om_register_size(r), ==, 40);

  GKeyFile *kf = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(kf, manifest, G_KEY_FILE_NONE, &e));
  g_assert_no_error(e);
  g_assert_cmpint(g_key_file_get_integer(kf, "register.csv", "institutions", NULL), ==, 40);
  /* the sample register's five sectors, in the vocabulary's display order */
  static const char *const sectors[] = { "voorschool", "po", "vo", "mbo", "zorg-welzijn" };
  guint per_sector[5] = { 0 };
  guint unknown_pop = 0;
  GHashTable *codes = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < om_register_size(r); i++) {
    const OmInstitution *in = om_register_get(r, i);
    g_assert_true(g_hash_table_add(codes, in->code)); /* unique */
    g_assert_cmpstr(in->municipality, ==, "Lindeveen");
    g_assert_cmpuint(strlen(in->code), ==, 6);
    gboolean found = FALSE;
    for (guint k = 0; k < 5; k++)
      if (strcmp(in->sector, sectors[k]) == 0) {
        per_sector[k]++;
        found = TRUE;
      }
    g_assert_true(found);
    if (in->population == -1) {
      unknown_pop++;
      /* empty populatie = unknown: only the care and welfare institutions here */
      g_assert_cmpstr(in->sector, ==, "zorg-welzijn");
    } else {
      g_assert_cmpint(in->population, >, 0);
    }
  }
  g_hash_table_unref(codes);
  for (guint k = 0; k < 5; k++) {
    gint want = g_key_file_get_integer(kf, "register.csv", sectors[k], &e);
    g_assert_no_error(e);
    g_assert_cmpuint(per_sector[k], ==, (guint)want);
  }
  g_assert_cmpuint(per_sector[0], ==, 6);
  g_assert_cmpuint(per_sector[1], ==, 18);
  g_assert_cmpuint(per_sector[4], ==, 7);
  g_assert_cmpuint(unknown_pop, ==, 7);

  /* first row and one with an empty populatie, field by field */
  const OmInstitution *first = om_register_get(r, 0);
  g_assert_cmpstr(first->code, ==, "27HC00");
  g_assert_cmpstr(first->name, ==, "Peuterspeelzaal Het Kwetternest");
  g_assert_cmpstr(first->sector, ==, "voorschool");
  g_assert_cmpint(first->population, ==, 47);
  const OmInstitution *cjg = find(r, "18AQ00");
  g_assert_nonnull(cjg);
  g_assert_cmpstr(cjg->name, ==, "Centrum voor Jeugd en Gezin Lindeveen");
  g_assert_cmpint(cjg->population, ==, -1);
  g_assert_cmpstr(om_register_get(r, 3)->name, ==, "Peuterspeelzaal 't Hummeltje");

  g_key_file_free(kf);
  om_register_free(r);
  om_register_free(NULL);
  g_free(path);
  g_free(manifest);
}

static void
test_reordered_cp1252(void)
{
  /* columns in another order, ';', CRLF, Windows-1252, sector in capitals, padded number */
  char *path = fixture("reordered.csv");
  GError *e = NULL;
  OmRegister *r = om_register_new_from_file(path, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(om_register_size(r), ==, 2);
  const OmInstitution *a = om_register_get(r, 0);
  g_assert_cmpstr(a->code, ==, "10AA00");
  g_assert_cmpstr(a->name, ==,
                  "Basisschool De Pr\xc3\xab"
                  "f");
  g_assert_cmpstr(a->sector, ==, "po");
  g_assert_cmpstr(a->municipality, ==, "Testdorp");
  g_assert_cmpint(a->population, ==, 120);
  const OmInstitution *b = om_register_get(r, 1);
  g_assert_cmpstr(b->code, ==, "30CC00");
  g_assert_cmpstr(b->name, ==,
                  "Wijkteam \xe2\x82\xac"
                  "uro");
  g_assert_cmpstr(b->sector, ==, "zorg-welzijn");
  g_assert_cmpint(b->population, ==, -1);
  om_register_free(r);
  g_free(path);
}

static void
test_unknown_sector(void)
{
  char *rest = g_strdup_printf(
      ":4:3: sector 'hbo' is unknown; expected one of voorschool, kinderopvang, po, ikc, so, vo, "
      "vso, mbo, zorg-welzijn (upper or lower case); to add one, add a group such as [hbo] with "
      "a title to %s/surveys/sectoren.ini, or name another vocabulary with --sectors FILE",
      source_root());
  assert_broken("unknown-sector.csv", OM_ERROR_VALIDATION, rest);
  g_free(rest);
}

static void
test_duplicate_code(void)
{
  assert_broken("duplicate-code.csv", OM_ERROR_VALIDATION,
                ":4:1: institution code '10AA00' is listed twice (first on line 2)");
}

static void
test_bad_population(void)
{
  assert_broken("bad-population.csv", OM_ERROR_VALIDATION,
                ":3:5: populatie 'veel' is not a whole number of parents; expected e.g. 240, or "
                "empty when unknown");
  assert_broken("negative-population.csv", OM_ERROR_VALIDATION,
                ":2:5: populatie '-5' is not a whole number of parents; expected e.g. 240, or "
                "empty when unknown");
}

static void
test_missing_column(void)
{
  assert_broken("missing-column.csv", OM_ERROR_PARSE,
                ":1:1: the header has no column 'populatie'; a register needs the columns "
                "instelling,naam,sector,gemeente,populatie");
}

static void
test_unsafe_code(void)
{
  assert_broken("unsafe-code.csv", OM_ERROR_VALIDATION,
                ":3:1: institution code '../x' is not valid; expected letters, digits, '-' or "
                "'_' (at most 32), such as 12AB00");
}

static void
test_ragged(void)
{
  assert_broken("ragged.csv", OM_ERROR_PARSE, ":3:5: this row has 4 fields but the header has 5");
}

static void
test_empty(void)
{
  assert_broken("empty.csv", OM_ERROR_PARSE, ": the file is empty");
  assert_broken("header-only.csv", OM_ERROR_PARSE,
                ": the register has a header but no institutions");
  GError *e = NULL;
  g_assert_null(om_register_new_from_file("/nonexistent/register.csv", &e));
  g_assert_error(e, OM_ERROR, OM_ERROR_IO);
  g_assert_cmpstr(e->message, ==,
                  "/nonexistent/register.csv: cannot read: No such file or directory");
  g_clear_error(&e);
}

static void
test_sectors(void)
{
  /* the shipped vocabulary (surveys/sectoren.ini), in display order */
  const char *const *s = om_register_sectors();
  static const char *const want[] = { "voorschool", "kinderopvang", "po",  "ikc",          "so",
                                      "vo",         "vso",          "mbo", "zorg-welzijn", NULL };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpstr(s[i], ==, want[i]);
  g_assert_true(om_register_is_sector("mbo"));
  g_assert_true(om_register_is_sector("MBO"));
  g_assert_true(om_register_is_sector(" IKC "));
  g_assert_false(om_register_is_sector("hbo"));
  g_assert_false(om_register_is_sector(NULL));
  g_assert_cmpstr(om_register_sector_title("po", FALSE), ==, "Primair onderwijs");
  g_assert_cmpstr(om_register_sector_title("po", TRUE), ==, "Primary education");
  g_assert_cmpstr(om_register_sector_title("zorg-welzijn", FALSE), ==, "Zorg en welzijn");
  g_assert_cmpstr(om_register_sector_title("hbo", FALSE), ==, "hbo");
  OmInstitution in = { g_strdup("x"), g_strdup("y"), NULL, NULL, 1, NULL };
  om_institution_clear(&in);
  g_assert_null(in.code);
  g_assert_null(in.name);
  om_institution_clear(NULL);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Report every failing test, not only the first (a failure must not hide the others). */
  g_test_set_nonfatal_assertions();
  g_test_add_func("/register/sample", test_sample_register);
  g_test_add_func("/register/reordered-cp1252", test_reordered_cp1252);
  g_test_add_func("/register/sectors", test_sectors);
  g_test_add_func("/register/error/unknown-sector", test_unknown_sector);
  g_test_add_func("/register/error/duplicate-code", test_duplicate_code);
  g_test_add_func("/register/error/population", test_bad_population);
  g_test_add_func("/register/error/missing-column", test_missing_column);
  g_test_add_func("/register/error/unsafe-code", test_unsafe_code);
  g_test_add_func("/register/error/ragged", test_ragged);
  g_test_add_func("/register/error/empty", test_empty);
  return g_test_run();
}
