/* sectors.c — reading the sector vocabulary and answering questions about it.
 *
 * The vocabulary is small (ten-odd sectors) and read once per command, so lookups are
 * plain searches. Nothing here names a sector: the defaults are surveys/sectoren.ini.
 * Never touches SQL, never prints.
 */
#include "base/datadir.h"
#include "input/sectors.h"
#include "base/position.h"
#include "input/keylines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *code; /* lower case */
  char *title, *title_en, *parent, *colour;
  gint64 order;
  guint file_pos;
} Sector;

struct OmSectors {
  char *source;
  char *text;      /* as read, so that a store can keep it */
  GArray *sectors; /* Sector, in display order */
  char **codes;    /* NULL-terminated, display order; strings owned by sectors */
};

static void
sector_clear(gpointer p)
{
  Sector *s = p;
  g_free(s->code);
  g_free(s->title);
  g_free(s->title_en);
  g_free(s->parent);
  g_free(s->colour);
}

static gboolean
code_is_valid(const char *c)
{
  if (*c == '\0' || strlen(c) > 32)
    return FALSE;
  for (; *c; c++)
    if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

static const Sector *
find(const OmSectors *s, const char *code)
{
  if (!s || !code)
    return NULL;
  for (guint i = 0; i < s->sectors->len; i++) {
    const Sector *x = &g_array_index(s->sectors, Sector, i);
    if (g_ascii_strcasecmp(x->code, code) == 0)
      return x;
  }
  return NULL;
}

static gint
by_order(gconstpointer a, gconstpointer b)
{
  const Sector *x = a, *y = b;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return x->file_pos < y->file_pos ? -1 : x->file_pos > y->file_pos;
}

static char *
get_opt(GKeyFile *kf, const char *group, const char *key)
{
  char *v = g_key_file_get_string(kf, group, key, NULL);
  if (v && *g_strstrip(v) == '\0')
    g_clear_pointer(&v, g_free);
  return v;
}

static gboolean
read_sector(OmSectors *s, GKeyFile *kf, const OmKeyLines *kl, const char *group, guint pos,
            GError **error)
{
  static const char *const keys[] = { "title", "title-en", "order", "parent", "colour", NULL };
  int gline = om_key_lines_find(kl, group, NULL);
  if (!code_is_valid(group))
    return om_error_at(error, OM_ERROR_DEFINITION, s->source, (guint64)gline, 0,
                       "sector code '%s' is not valid; expected letters, digits, '-' or '_' "
                       "(at most 32), such as [ikc]",
                       group);
  if (find(s, group))
    return om_error_at(error, OM_ERROR_DEFINITION, s->source, (guint64)gline, 0,
                       "sector [%s] is given twice (codes are matched ignoring case)", group);
  char **present = g_key_file_get_keys(kf, group, NULL, NULL);
  for (int i = 0; present && present[i]; i++)
    if (!g_strv_contains(keys, present[i])) {
      om_error_at(error, OM_ERROR_DEFINITION, s->source,
                  (guint64)om_key_lines_find(kl, group, present[i]), 0,
                  "unknown key '%s' in [%s]; expected title, title-en, order, parent or colour",
                  present[i], group);
      g_strfreev(present);
      return FALSE;
    }
  g_strfreev(present);
  Sector x = { .code = g_ascii_strdown(group, -1), .file_pos = pos, .order = G_MAXINT64 };
  x.title = get_opt(kf, group, "title");
  x.title_en = get_opt(kf, group, "title-en");
  x.parent = get_opt(kf, group, "parent");
  x.colour = get_opt(kf, group, "colour");
  char *order = get_opt(kf, group, "order");
  gboolean ok = TRUE;
  if (!x.title)
    ok = om_error_at(error, OM_ERROR_DEFINITION, s->source, (guint64)gline, 0,
                     "sector [%s] has no title; expected e.g. title = Primair onderwijs", group);
  else if (order) {
    char *end;
    errno = 0;
    x.order = strtoll(order, &end, 10);
    if (*end || errno)
      ok = om_error_at(
          error, OM_ERROR_DEFINITION, s->source, (guint64)om_key_lines_find(kl, group, "order"), 0,
          "order '%s' of [%s] is not a whole number; expected e.g. order = 20", order, group);
  }
  g_free(order);
  if (ok && x.parent) {
    char *low = g_ascii_strdown(x.parent, -1);
    g_free(x.parent);
    x.parent = low;
  }
  if (!ok) {
    sector_clear(&x);
    return FALSE;
  }
  g_array_append_val(s->sectors, x);
  return TRUE;
}

static gboolean
check_parents(OmSectors *s, const OmKeyLines *kl, GError **error)
{
  for (guint i = 0; i < s->sectors->len; i++) {
    const Sector *x = &g_array_index(s->sectors, Sector, i);
    if (x->parent && (!find(s, x->parent) || strcmp(x->parent, x->code) == 0)) {
      char *known = om_sectors_list(s);
      om_error_at(error, OM_ERROR_DEFINITION, s->source,
                  (guint64)om_key_lines_find(kl, x->code, "parent"), 0,
                  "parent '%s' of [%s] is not another sector of this file; expected one of %s",
                  x->parent, x->code, known);
      g_free(known);
      return FALSE;
    }
  }
  return TRUE;
}

OmSectors *
om_sectors_new_from_data(const char *source, const char *text, gsize len, GError **error)
{
  OmSectors *s = g_new0(OmSectors, 1);
  s->source = g_strdup(source);
  s->text = g_strndup(text, len);
  s->sectors = g_array_new(FALSE, TRUE, sizeof(Sector));
  g_array_set_clear_func(s->sectors, sector_clear);
  char *copy = g_strndup(text, len);
  GKeyFile *kf = g_key_file_new();
  GError *e = NULL;
  OmKeyLines *kl = NULL;
  gboolean ok = g_utf8_validate(copy, -1, NULL);
  if (!ok)
    om_error_at(error, OM_ERROR_DEFINITION, source, 0, 0, "the sector vocabulary is not UTF-8");
  else if (!(ok = g_key_file_load_from_data(kf, copy, (gsize)-1, G_KEY_FILE_NONE, &e))) {
    om_error_at(error, OM_ERROR_DEFINITION, source, 0, 0, "%s", e->message);
    g_error_free(e);
  } else
    ok = (kl = om_key_lines_new(source, copy, error)) != NULL;
  gsize n = 0;
  char **groups = ok ? g_key_file_get_groups(kf, &n) : NULL;
  for (gsize i = 0; ok && i < n; i++)
    ok = read_sector(s, kf, kl, groups[i], (guint)i, error);
  if (ok && s->sectors->len == 0)
    ok = om_error_at(error, OM_ERROR_DEFINITION, source, 0, 0,
                     "the sector vocabulary has no sectors; expected a group per sector such as "
                     "[po] with title = Primair onderwijs");
  ok = ok && check_parents(s, kl, error);
  g_strfreev(groups);
  om_key_lines_free(kl);
  g_key_file_free(kf);
  g_free(copy);
  if (!ok) {
    om_sectors_free(s);
    return NULL;
  }
  g_array_sort(s->sectors, by_order);
  s->codes = g_new0(char *, s->sectors->len + 1);
  for (guint i = 0; i < s->sectors->len; i++)
    s->codes[i] = g_array_index(s->sectors, Sector, i).code;
  return s;
}

OmSectors *
om_sectors_new_from_file(const char *path, GError **error)
{
  char *text = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, &text, &len, &e)) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot read the sector vocabulary: %s", e->message);
    g_error_free(e);
    return NULL;
  }
  OmSectors *s = om_sectors_new_from_data(path, text, len, error);
  g_free(text);
  return s;
}

void
om_sectors_free(OmSectors *s)
{
  if (!s)
    return;
  g_free(s->codes); /* the strings belong to the array */
  g_array_unref(s->sectors);
  g_free(s->source);
  g_free(s->text);
  g_free(s);
}

const char *
om_sectors_source(const OmSectors *s)
{
  return s->source;
}

const char *
om_sectors_text(const OmSectors *s)
{
  return s->text ? s->text : "";
}

guint
om_sectors_size(const OmSectors *s)
{
  return s->sectors->len;
}

const char *const *
om_sectors_codes(const OmSectors *s)
{
  return (const char *const *)s->codes;
}

const char *
om_sectors_lookup(const OmSectors *s, const char *text)
{
  if (!text)
    return NULL;
  char *t = g_strstrip(g_strdup(text));
  const Sector *x = find(s, t);
  g_free(t);
  return x ? x->code : NULL;
}

const char *
om_sectors_title(const OmSectors *s, const char *code, gboolean english)
{
  const Sector *x = find(s, code);
  if (!x)
    return code;
  return english && x->title_en ? x->title_en : x->title;
}

const char *
om_sectors_parent(const OmSectors *s, const char *code)
{
  const Sector *x = find(s, code);
  return x ? x->parent : NULL;
}

const char *
om_sectors_colour(const OmSectors *s, const char *code)
{
  const Sector *x = find(s, code);
  return x ? x->colour : NULL;
}

/* g_ascii_strcasecmp(lower, code) == 0 for a lower-case `lower`, without a call: the
 * register's sort asks for a position about 470,000 times per import. */
static gboolean
same_code(const char *lower, const char *code)
{
  for (;; lower++, code++) {
    char c = *code >= 'A' && *code <= 'Z' ? (char)(*code - 'A' + 'a') : *code;
    if (c != *lower)
      return FALSE;
    if (c == '\0')
      return TRUE;
  }
}

guint
om_sectors_position(const OmSectors *s, const char *code)
{
  for (guint i = 0; code && i < s->sectors->len; i++)
    if (same_code(g_array_index(s->sectors, Sector, i).code, code))
      return i;
  return s->sectors->len;
}

char *
om_sectors_list(const OmSectors *s)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < s->sectors->len; i++)
    g_string_append_printf(out, "%s%s", i ? ", " : "", g_array_index(s->sectors, Sector, i).code);
  return g_string_free(out, FALSE);
}

/* ---- the vocabulary in use ----------------------------------------------------------- */

static GMutex default_lock;
static OmSectors *default_sectors;
static char *default_problem;
static gboolean default_chosen; /* by --sectors or $OUDERMONITOR_SECTORS */

static void
set_default(OmSectors *s, gboolean chosen)
{
  g_mutex_lock(&default_lock);
  om_sectors_free(default_sectors);
  default_sectors = s;
  default_chosen = chosen;
  g_clear_pointer(&default_problem, g_free);
  g_mutex_unlock(&default_lock);
}

static gboolean
env_names_one(void)
{
  const char *env = g_getenv("OUDERMONITOR_SECTORS");
  return env && *env;
}

static OmSectors *
empty_vocabulary(void)
{
  OmSectors *s = g_new0(OmSectors, 1);
  s->source = g_strdup("(no sector vocabulary)");
  s->sectors = g_array_new(FALSE, TRUE, sizeof(Sector));
  s->codes = g_new0(char *, 1);
  return s;
}

static OmSectors *
load_search_path(GError **error)
{
  const char *env = g_getenv("OUDERMONITOR_SECTORS");
  if (env && *env)
    return om_sectors_new_from_file(env, error);
  const char *local = "surveys/sectoren.ini";
  if (g_file_test(local, G_FILE_TEST_IS_REGULAR))
    return om_sectors_new_from_file(local, error);
  g_autofree char *path = om_data_file("sectoren.ini");
  return om_sectors_new_from_file(path, error);
}

gboolean
om_sectors_load_default(const char *path, GError **error)
{
  OmSectors *s = path ? om_sectors_new_from_file(path, error) : load_search_path(error);
  if (!s)
    return FALSE;
  set_default(s, path != NULL || env_names_one());
  return TRUE;
}

gboolean
om_sectors_use_data(const char *source, const char *text, GError **error)
{
  OmSectors *s = om_sectors_new_from_data(source, text, strlen(text), error);
  if (!s)
    return FALSE;
  set_default(s, FALSE);
  return TRUE;
}

gboolean
om_sectors_default_is_chosen(void)
{
  g_mutex_lock(&default_lock);
  gboolean chosen = default_chosen || env_names_one();
  g_mutex_unlock(&default_lock);
  return chosen;
}

const OmSectors *
om_sectors_default(void)
{
  g_mutex_lock(&default_lock);
  if (!default_sectors) {
    GError *e = NULL;
    default_sectors = load_search_path(&e);
    default_chosen = env_names_one();
    if (!default_sectors) {
      default_problem = g_strdup(e->message);
      g_error_free(e);
      default_sectors = empty_vocabulary();
    }
  }
  const OmSectors *s = default_sectors;
  g_mutex_unlock(&default_lock);
  return s;
}

const char *
om_sectors_default_problem(void)
{
  om_sectors_default();
  return default_problem;
}
