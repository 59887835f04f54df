/* fuzz-targets.c — libFuzzer target for targets files (om_targets_new_from_file).
 *
 * Every input must end in a target set or a GError, never a crash, a leak or undefined
 * behaviour; a set that loads has each target read back. The bytes reach the loader as a
 * file (a memfd), as the command gives it one. Built as fuzz-common.h says.
 */
#include "stats/targets.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[64];
  int fd = fuzz_memfd(data, size, path);
  if (fd < 0)
    return 0;
  GError *error = NULL;
  OmTargetSet *set = om_targets_new_from_file(path, &error);
  if (set) {
    for (guint i = 0; i < om_targets_size(set); i++)
      (void)strlen(om_targets_get(set, i)->id);
    om_targets_free(set);
  }
  g_clear_error(&error);
  close(fd);
  return 0;
}
