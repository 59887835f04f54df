/* bench-phase.c — runs one command as a child process and prints its wall time, CPU time
 * and peak resident memory, measured by the kernel (wait4's struct rusage).
 *
 * Usage: bench-phase LABEL COMMAND [ARG...]
 * Prints one table row: "LABEL  wall s  user s  sys s  peak MiB  exit".
 * "peak MiB" is the larger of the kernel's peak RSS (the command or, if larger, one of its
 * children: wait4 reports a maximum, never a sum) and the peak of the summed proportional
 * set size (Pss, /proc/PID/smaps_rollup) of the command and its children, sampled every
 * 100 ms while it has children: a command that draws in worker processes is counted
 * whole, and the pages they share with it once. The command's
 * stdout and stderr go to /dev/null unless $BENCH_PHASE_LOG names a file to append them to.
 * A benchmark tool, never a test: nothing passes or fails on time; the exit status is the
 * command's, so a script can stop when a phase fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* The Pss of pid in KiB (0 when it is gone). */
static long
pss_kib(long pid)
{
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  char line[256];
  long kib = 0;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "Pss: %ld kB", &kib) == 1)
      break;
  fclose(f);
  return kib;
}

/* The summed Pss of pid and its children in KiB, or 0 when it has no child (then the
 * kernel's peak RSS says it all, and nothing reads the command's page tables). */
static long
tree_pss_kib(pid_t pid)
{
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", (long)pid, (long)pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  long child, sum = 0;
  while (fscanf(f, "%ld", &child) == 1)
    sum += pss_kib(child);
  fclose(f);
  return sum > 0 ? sum + pss_kib(pid) : 0;
}

int
main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: bench-phase LABEL COMMAND [ARG...]\n");
    return 2;
  }
  const char *log = getenv("BENCH_PHASE_LOG");
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL); /* taken with sigtimedwait below */
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0) {
    perror("bench-phase: fork");
    return 2;
  }
  if (pid == 0) {
    sigprocmask(SIG_UNBLOCK, &chld, NULL);
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
  long peak_pss = 0;
  pid_t got;
  /* Sample until the command ends; SIGCHLD ends the wait at once, so the wall time stays. */
  while ((got = wait4(pid, &status, WNOHANG, &ru)) == 0) {
    long pss = tree_pss_kib(pid);
    peak_pss = pss > peak_pss ? pss : peak_pss;
    struct timespec tick = { 0, 100 * 1000 * 1000 };
    (void)sigtimedwait(&chld, NULL, &tick);
  }
  if (got < 0) {
    perror("bench-phase: wait4");
    return 2;
  }
  double wall = now() - t0;
  double user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  double sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  double peak = (double)(peak_pss > ru.ru_maxrss ? peak_pss : ru.ru_maxrss) / 1024.0;
  printf("%-34s %8.2f %8.2f %8.2f %9.1f %5d\n", argv[1], wall, user, sys, peak, code);
  fflush(stdout);
  return code;
}
