/* fuzz-common.h — what the fuzz targets share: the bytes as a file for the APIs that read
 * files, and (without libFuzzer) a main() that replays files and whole directories.
 *
 * Built with -DOM_LIBFUZZER and -fsanitize=fuzzer (meson -Dfuzzing=true, clang), each
 * target is a libFuzzer program; without, main() runs LLVMFuzzerTestOneInput once on every
 * file named on the command line, and on every file in a named directory, so that the
 * checked-in corpora and every past crash replay as a regression test in tools/test.
 * Include it once, from the target's .c file.
 */
#ifndef OUDERMONITOR_FUZZ_COMMON_H
#define OUDERMONITOR_FUZZ_COMMON_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as an anonymous in-memory file; *path receives "/proc/self/fd/N" (open it by
 * that name). Returns the descriptor (close it after use), or -1. */
G_GNUC_UNUSED static int
fuzz_memfd(const uint8_t *data, size_t size, char path[64])
{
  int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
  if (fd < 0)
    return -1;
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) {
      close(fd);
      return -1;
    }
    done += (size_t)n;
  }
  g_snprintf(path, 64, "/proc/self/fd/%d", fd);
  return fd;
}

#ifndef OM_LIBFUZZER
static int
replay_file(const char *path)
{
  gchar *contents = NULL;
  gsize len = 0;
  GError *error = NULL;
  if (!g_file_get_contents(path, &contents, &len, &error)) {
    fprintf(stderr, "%s\n", error->message);
    g_error_free(error);
    return 1;
  }
  LLVMFuzzerTestOneInput((const uint8_t *)contents, len);
  g_free(contents);
  return 0;
}

int
main(int argc, char **argv)
{
  int status = 0;
  guint replayed = 0;
  for (int i = 1; i < argc; i++) {
    if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
      status |= replay_file(argv[i]);
      replayed++;
      continue;
    }
    GDir *d = g_dir_open(argv[i], 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      if (name[0] == '.')
        continue; /* .gitkeep */
      char *p = g_build_filename(argv[i], name, NULL);
      status |= replay_file(p);
      replayed++;
      g_free(p);
    }
    if (d)
      g_dir_close(d);
  }
  printf("replayed %u inputs\n", replayed);
  return status;
}
#endif

#endif
