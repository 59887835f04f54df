/* keylines.c — line numbers for key files, and refusal of what GKeyFile would merge.
 * Reads text only: no files, no SQL, no printing. */
#include "input/keylines.h"

#include <string.h>

struct OmKeyLines {
  GHashTable *lines; /* "group" or "group\037key" -> line */
};

static char *
line_key(const char *group, const char *key)
{
  return key ? g_strconcat(group, "\037", key, NULL) : g_strdup(group);
}

OmKeyLines *
om_key_lines_new(const char *source, const char *text, GError **error)
{
  OmKeyLines *kl = g_new0(OmKeyLines, 1);
  kl->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char **lines = g_strsplit(text, "\n", -1);
  char *group = NULL;
  gboolean ok = TRUE;
  for (int i = 0; lines[i] && ok; i++) {
    char *l = g_strstrip(lines[i]);
    if (*l == '\0' || *l == '#')
      continue;
    if (*l == '[') {
      char *end = strchr(l, ']');
      if (!end)
        continue; /* GKeyFile reports it */
      g_free(group);
      group = g_strndup(l + 1, (gsize)(end - l - 1));
      gpointer first = g_hash_table_lookup(kl->lines, group);
      if (first) {
        g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION,
                    "%s:%d: [%s] is defined twice (first on line %d); each group needs its "
                    "own name",
                    source, i + 1, group, GPOINTER_TO_INT(first));
        ok = FALSE;
        break;
      }
      g_hash_table_insert(kl->lines, g_strdup(group), GINT_TO_POINTER(i + 1));
      continue;
    }
    char *eq = strchr(l, '=');
    if (!eq || !group)
      continue;
    char *key = g_strstrip(g_strndup(l, (gsize)(eq - l)));
    char *k = line_key(group, key);
    gpointer first = g_hash_table_lookup(kl->lines, k);
    if (first) {
      g_set_error(error, OM_ERROR, OM_ERROR_DEFINITION,
                  "%s:%d: key '%s' in [%s] is given twice (first on line %d)", source, i + 1, key,
                  group, GPOINTER_TO_INT(first));
      ok = FALSE;
      g_free(k);
    } else {
      g_hash_table_insert(kl->lines, k, GINT_TO_POINTER(i + 1));
    }
    g_free(key);
  }
  g_free(group);
  g_strfreev(lines);
  if (!ok) {
    om_key_lines_free(kl);
    return NULL;
  }
  return kl;
}

void
om_key_lines_free(OmKeyLines *kl)
{
  if (!kl)
    return;
  g_hash_table_unref(kl->lines);
  g_free(kl);
}

int
om_key_lines_find(const OmKeyLines *kl, const char *group, const char *key)
{
  char *k = line_key(group, key);
  gpointer v = g_hash_table_lookup(kl->lines, k);
  g_free(k);
  if (!v && key)
    return om_key_lines_find(kl, group, NULL);
  return GPOINTER_TO_INT(v);
}
