/* group.c — the one table of respondent-group keys. Knows no other layer; never prints. */
#include "base/group.h"

#include <string.h>

static const char *const keys[OM_GROUP_N] = {
  [OM_GROUP_OUDERS] = "ouders",
  [OM_GROUP_INSTELLINGEN] = "instellingen",
};

gboolean
om_group_from_key(const char *key, OmGroup *out)
{
  if (!key)
    return FALSE;
  while (*key == ' ' || *key == '\t')
    key++;
  gsize n = strlen(key);
  while (n && (key[n - 1] == ' ' || key[n - 1] == '\t'))
    n--;
  for (int g = 0; g < OM_GROUP_N; g++)
    if (strlen(keys[g]) == n && strncmp(keys[g], key, n) == 0) {
      *out = (OmGroup)g;
      return TRUE;
    }
  return FALSE;
}

const char *
om_group_key(OmGroup g)
{
  return g >= 0 && g < OM_GROUP_N ? keys[g] : "";
}

const char *
om_group_keys_quoted(void)
{
  return "'ouders' or 'instellingen'";
}
