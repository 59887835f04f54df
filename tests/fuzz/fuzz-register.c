/* fuzz-register.c — libFuzzer target for the institutions register
 * (om_register_new_from_file).
 *
 * Every input must end in a register or a GError, never a crash, a leak or undefined
 * behaviour; a register that loads has every institution read back. The bytes reach the
 * reader as a file (a memfd). Built as fuzz-common.h says.
 */
#include "input/register.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[64];
  int fd = fuzz_memfd(data, size, path);
  if (fd < 0)
    return 0;
  GError *error = NULL;
  OmRegister *reg = om_register_new_from_file(path, &error);
  if (reg) {
    for (guint i = 0; i < om_register_size(reg); i++) {
      const OmInstitution *in = om_register_get(reg, i);
      (void)strlen(in->code);
      (void)strlen(in->name);
    }
    om_register_free(reg);
  }
  g_clear_error(&error);
  close(fd);
  return 0;
}
