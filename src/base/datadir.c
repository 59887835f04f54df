/* datadir.c — finds the shipped surveys/ directory for a build-tree or installed binary.
 * Never reads or writes a file; never fails (the last candidate is the source tree). */
#include <string.h>

#include "base/datadir.h"

#ifndef OM_SOURCE_SURVEYS_DIR
#error "OM_SOURCE_SURVEYS_DIR must be defined by the build"
#endif

static char *
installed_dir(void)
{
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (exe == NULL)
    return NULL;
  g_autofree char *bindir = g_path_get_dirname(exe);
  char *dir = g_build_filename(bindir, "..", "share", "oudermonitor", "surveys", NULL);
  if (g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    char *canon = g_canonicalize_filename(dir, NULL);
    g_free(dir);
    return canon;
  }
  g_free(dir);
  return NULL;
}

const char *
om_data_surveys_dir(void)
{
  static gsize once;
  static char *dir;
  if (g_once_init_enter(&once)) {
    const char *env = g_getenv("OUDERMONITOR_SURVEYS");
    dir = env && *env ? g_strdup(env) : installed_dir();
    if (dir == NULL)
      dir = g_strdup(OM_SOURCE_SURVEYS_DIR);
    g_once_init_leave(&once, 1);
  }
  return dir;
}

char *
om_data_file(const char *name)
{
  return g_build_filename(om_data_surveys_dir(), name, NULL);
}

char *
om_data_resolve_definition(const char *name)
{
  if (name == NULL)
    return NULL;
  if (strchr(name, '/') || g_file_test(name, G_FILE_TEST_EXISTS))
    return g_strdup(name);
  char *path = om_data_file(name);
  if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free(path);
  g_autofree char *with_ini = g_strconcat(name, ".ini", NULL);
  path = om_data_file(with_ini);
  if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free(path);
  return g_strdup(name);
}
