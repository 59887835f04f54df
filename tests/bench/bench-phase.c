/* bench-phase.c — runs one command as a child process and prints its wall time, CPU time
 * and peak resident memory, measured by the kernel (wait4's struct rusage).
 *
 * Usage: bench-phase LABEL COMMAND [ARG...]
 * Prints one table row: "LABEL  wall s  user s  sys s  peak MiB  exit". The command's
 * stdout and stderr go to /dev/null unless $BENCH_PHASE_LOG names a file to append them to.
 * A benchmark tool, never a test: nothing passes or fails on time; the exit status is the
 * command's, so a script can stop when a phase fails.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: bench-phase LABEL COMMAND [ARG...]\n");
    return 2;
  }
  const char *log = getenv("BENCH_PHASE_LOG");
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0) {
    perror("bench-phase: fork");
    return 2;
  }
  if (pid == 0) {
    int fd = log ? open(log, O_WRONLY | O_CREAT | O_APPEND, 0644) : open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execvp(argv[2], argv + 2);
    perror("bench-phase: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("bench-phase: wait4");
    return 2;
  }
  double wall = now() - t0;
  double user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  double sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%-34s %8.2f %8.2f %8.2f %9.1f %5d\n", argv[1], wall, user, sys,
         (double)ru.ru_maxrss / 1024.0, code);
  fflush(stdout);
  return code;
}
