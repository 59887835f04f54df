/* cli-chart.c — the chart and report commands: options, the models from the presentation
 * layer (present/charts.h, present/document.h) drawn by the chart and report modules, and
 * what is printed. No chart model or report sentence is made here.
 *
 * Charts of many institutions are drawn in parallel (a GThreadPool over all cores): the
 * models are built first on the main thread, the workers only draw. PNG charts of several
 * municipalities are drawn in worker processes instead (forked once the store's counts are
 * read, while the process has no other thread), each taking whole municipalities from a
 * shared counter: Cairo 1.16 paints glyphs under one process-wide lock, so two threads
 * paint text one at a time. A file name comes from an institution code through
 * om_chart_file_name(), so no code or name can write outside --out.
 */
#include "cli/cli-data.h"
#include "cli/cli.h"

#include "present/charts.h"
#include "present/document.h"

#include "render/chart.h"
#include "render/html-report.h"
#include "render/report.h"
#include "render/xlsx-workbook.h"

#include "present/edition.h"
#include "present/tables.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- parallel rendering ------------------------------------------------------------------ */

typedef struct {
  const OmTrendChart *trend;
  const OmOverviewChart *overview;
  char *path;
  GError *error;
} Job;

typedef struct Shared Shared;

/* The charts' writers: a pool of threads that draws each chart as soon as the main thread
 * has planned it, while the main thread evaluates the next municipality; or, in a worker
 * process, the worker itself, chart after chart. */
typedef struct {
  const OmChartStyle *style;
  OmChartFormat format;
  GThreadPool *pool; /* NULL in a worker process: each chart is drawn as it is planned */
  Shared *shared;    /* in a worker process: the counts the parent shows */
  GMutex lock;
  guint done, planned;
  gboolean tty;
} Render;

/* What the worker processes share with the parent (a MAP_SHARED page), all atomic: the
 * next entry of the scope order to take, the charts planned and written, and the first
 * failure, written by the worker that sets `failed`. */
struct Shared {
  gint next, planned, done, failed;
  gint scopes_done; /* municipalities (or boards) whose charts are all written */
  gint code;
  char domain[64];
  char message[4000];
};

static void
render_job(gpointer data, gpointer user)
{
  Job *job = data;
  Render *r = user;
  if (job->trend)
    om_chart_render_trend(job->trend, r->style, r->format, job->path, &job->error);
  else
    om_chart_render_overview(job->overview, r->style, r->format, job->path, &job->error);
  if (r->shared) {
    g_atomic_int_inc(&r->shared->done);
    return;
  }
  g_mutex_lock(&r->lock);
  r->done++;
  if (r->tty)
    fprintf(stderr, "\r%s: %u/%u", r->planned > 1 ? "charts" : "chart", r->done, r->planned);
  g_mutex_unlock(&r->lock);
}

static void
job_free(gpointer p)
{
  Job *j = p;
  g_free(j->path);
  g_clear_error(&j->error);
  g_free(j);
}

/* Starts the writers on n_threads cores (0 = all). */
static void
render_start(Render *r, const OmChartStyle *style, OmChartFormat format, int n_threads,
             gboolean quiet)
{
  *r = (Render){ .style = style, .format = format, .tty = !quiet && isatty(STDERR_FILENO) };
  g_mutex_init(&r->lock);
  int threads = n_threads > 0 ? n_threads : (int)g_get_num_processors();
  r->pool = g_thread_pool_new(render_job, r, MAX(threads, 1), TRUE, NULL);
}

/* Plans a chart into dir and hands it to the writers. */
static void
render_push(Render *r, GPtrArray *jobs, const char *dir, const char *stem,
            const OmTrendChart *trend, const OmOverviewChart *overview)
{
  Job *j = g_new0(Job, 1);
  char *file = om_chart_file_name(stem, r->format);
  j->path = g_build_filename(dir, file, NULL);
  j->trend = trend;
  j->overview = overview;
  g_free(file);
  g_mutex_lock(&r->lock);
  g_ptr_array_add(jobs, j);
  r->planned++;
  g_mutex_unlock(&r->lock);
  if (r->shared)
    g_atomic_int_inc(&r->shared->planned);
  if (r->pool)
    g_thread_pool_push(r->pool, j, NULL);
  else
    render_job(j, r);
}

/* Waits for every chart pushed; returns the first error. */
static gboolean
render_finish(Render *r, GPtrArray *jobs, GError **error)
{
  g_thread_pool_free(r->pool, FALSE, TRUE);
  g_mutex_clear(&r->lock);
  if (r->tty && r->done > 0)
    fputs("\r\033[K", stderr);
  for (guint i = 0; i < jobs->len; i++) {
    Job *j = g_ptr_array_index(jobs, i);
    if (j->error) {
      g_propagate_error(error, g_steal_pointer(&j->error));
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- chart --------------------------------------------------------------------------- */

typedef struct {
  CliCommon common;
  CliAnalysisArgs aa;
  char *targets_path;
  char *format_name;
  int year;
  double width, height, dpi;
  int jobs;
  gboolean quiet;
  CliDesignArgs da;
} ChartArgs;

static void
add_chart_options(GOptionContext *ctx, ChartArgs *ca, gboolean with_format)
{
  GOptionEntry entries[]
      = { { "targets", 't', 0, G_OPTION_ARG_FILENAME, &ca->targets_path,
            "Targets file (default: surveys/targets.ini)", "FILE" },
          { "year", 'y', 0, G_OPTION_ARG_INT, &ca->year,
            "Evaluation year (default: the newest wave)", "YEAR" },
          { "width", 0, 0, G_OPTION_ARG_DOUBLE, &ca->width,
            "Chart width in points/pixels (default 800)", "W" },
          { "height", 0, 0, G_OPTION_ARG_DOUBLE, &ca->height, "Chart height (default 500)", "H" },
          { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &ca->dpi,
            "PNG resolution (default 96 = 800×500 pixels; 192 doubles it)", "DPI" },
          { "jobs", 'j', 0, G_OPTION_ARG_INT, &ca->jobs,
            "Charts drawn at once (default: all cores)", "N" },
          { "quiet", 'q', 0, G_OPTION_ARG_NONE, &ca->quiet, "No progress indication", NULL },
          { "format", 'f', 0, G_OPTION_ARG_STRING, &ca->format_name, "png (default), pdf or svg",
            "FORMAT" },
          G_OPTION_ENTRY_NULL };
  if (!with_format)
    entries[7] = (GOptionEntry)G_OPTION_ENTRY_NULL;
  g_option_context_add_main_entries(ctx, entries, NULL);
  cli_add_analysis_options(ctx, &ca->aa);
  cli_add_design_options(ctx, &ca->da, TRUE, FALSE);
  GOptionEntry common[]
      = { { "lang", 0, 0, G_OPTION_ARG_STRING, &ca->common.lang_name,
            "Language of labels and numbers: nl (default) or en", "LANG" },
          { "db", 0, 0, G_OPTION_ARG_FILENAME, &ca->common.db,
            "Store file (default: $OUDERMONITOR_DB or oudermonitor.db)", "FILE" },
          { "out", 'o', 0, G_OPTION_ARG_FILENAME, &ca->common.out,
            with_format ? "Output folder (default: charts)"
                        : "Output file (default: lea-evaluatie.pdf, .html or .xlsx by --format)",
            with_format ? "DIR" : "FILE" },
          G_OPTION_ENTRY_NULL };
  g_option_context_add_main_entries(ctx, common, NULL);
}

static gboolean
check_chart_options(GOptionContext *ctx, ChartArgs *ca, OmChartStyle *style,
                    OmAnalysisOptions *opts, int *status)
{
  if (!cli_check_common(ctx, &ca->common, status)
      || !cli_check_analysis_options(ctx, &ca->aa, opts, status)
      || !cli_check_design_options(ctx, &ca->da, opts, status))
    return FALSE;
  om_chart_style_init(style);
  style->lang = ca->common.lang;
  if (ca->width != 0 || ca->height != 0) {
    if (!(ca->width >= 200 && ca->width <= 10000 && ca->height >= 150 && ca->height <= 10000)) {
      *status = cli_usage_error(ctx, "--width and --height go together, 200–10000 and 150–10000");
      return FALSE;
    }
    style->width = ca->width;
    style->height = ca->height;
  }
  if (ca->dpi != 0) {
    if (!(ca->dpi >= 36 && ca->dpi <= 1200)) {
      *status = cli_usage_error(ctx, "--dpi %g must lie between 36 and 1200", ca->dpi);
      return FALSE;
    }
    style->dpi_scale = ca->dpi / 96.0;
  }
  return TRUE;
}

static void
chart_args_clear(ChartArgs *ca)
{
  cli_common_clear(&ca->common);
  cli_design_args_clear(&ca->da);
  g_free(ca->targets_path);
  g_free(ca->format_name);
}

static gboolean
make_dir(const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot create the folder %s: %s", dir,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* A wrong --indicator is a usage error, not a damaged store: say which names the targets
 * use. Returns the exit code. */
static int
unknown_indicator(GOptionContext *ctx, const char *indicator, const OmEvaluation *run)
{
  GString *names = g_string_new(NULL);
  const OmTargetSet *ts = om_evaluation_targets(run);
  for (guint t = 0; t < om_targets_size(ts); t++) {
    const char *ind = om_targets_get(ts, t)->indicator;
    if (!strstr(names->str, ind))
      g_string_append_printf(names, "%s%s", names->len ? ", " : "", ind);
  }
  int status = cli_usage_error(ctx, "no target uses indicator '%s'; the targets use: %s", indicator,
                               names->str);
  g_string_free(names, TRUE);
  return status;
}

/* What the scopes' charts are planned with (cli_scopes_run), and what they leave: the
 * evaluations and chart sets the writers read, and the first failure. */
typedef struct {
  const OmChartStyle *style;
  OmChartFormat format;
  Render *render;
  GPtrArray *jobs, *sets, *runs;
  GPtrArray *scopes;
  const char *dir;
  const ChartArgs *ca;
  const OmAnalysisOptions *opts;
  guint kinds;
  const char *indicator;
  GMutex lock; /* sets, runs, error */
  GError *error;
} ChartPlan;

/* The charts of scope m (a municipality of several gets a folder of its own under dir, so
 * sector charts never collide): evaluated on a worker, handed to the writers. */
static void
plan_scope_charts(OmDataset *data, const OmDatasetScope *scope, guint m, gpointer user)
{
  ChartPlan *p = user;
  const char *name = g_ptr_array_index(p->scopes, m);
  char *slug = p->scopes->len > 1 ? cli_scope_slug(name) : NULL;
  char *sub = g_build_filename(p->dir, slug, NULL);
  g_free(slug);
  GError *e = NULL;
  OmEvaluation *run
      = cli_evaluation_run_scope(data, scope, p->ca->targets_path, p->ca->year, p->opts, &e);
  OmChartSet *set = NULL;
  if (run && make_dir(sub, &e))
    set = om_chart_set_new(run, p->kinds, p->indicator, p->style->lang);
  g_mutex_lock(&p->lock);
  if (run)
    g_ptr_array_add(p->runs, run);
  if (set)
    g_ptr_array_add(p->sets, set);
  if (e && !p->error)
    p->error = g_steal_pointer(&e);
  g_mutex_unlock(&p->lock);
  g_clear_error(&e);
  for (guint i = 0; set && i < om_chart_set_size(set); i++) {
    const OmChartItem *item = om_chart_set_item(set, i);
    render_push(p->render, p->jobs, sub, item->stem, item->trend, item->overview);
  }
  g_free(sub);
}

/* ---- drawing in threads or in worker processes ------------------------------------------ */

/* The threads' way: the scopes evaluated by cli_scopes_run's workers, their charts drawn
 * by a pool as they are planned. Sets *total to the charts planned; a drawing failure
 * comes back in *draw_error. Returns FALSE (status set, error printed) when the plan
 * failed. */
static gboolean
draw_in_threads(OmDataset *data, CliScopeArgs *sa, ChartPlan *p, guint *total, GError **draw_error,
                int *status)
{
  Render render;
  render_start(&render, p->style, p->format, p->ca->jobs, p->ca->quiet);
  p->render = &render;
  gboolean planned = cli_scopes_run(data, sa, p->scopes, p->ca->jobs, plan_scope_charts, p, status);
  /* Always wait for the writers, also after a failed plan: they read the sets. */
  (void)render_finish(&render, p->jobs, draw_error);
  p->render = NULL;
  *total = p->jobs->len;
  if (p->error && *status == OM_EXIT_OK) /* a worker's failure */
    planned = (*status = cli_fail(g_steal_pointer(&p->error)), FALSE);
  return planned;
}

/* Keeps the first failure of any worker in the shared page, for the parent to say. Frees e. */
static void
share_error(Shared *sh, GError *e)
{
  if (g_atomic_int_compare_and_exchange(&sh->failed, 0, 1)) {
    g_strlcpy(sh->domain, g_quark_to_string(e->domain), sizeof sh->domain);
    sh->code = e->code;
    g_strlcpy(sh->message, e->message, sizeof sh->message);
  }
  g_error_free(e);
}

/* A worker process: takes scopes in the shared order until none is left or a worker has
 * failed, and draws each one's charts as it plans them, freeing them per scope. Returns
 * FALSE when this worker failed. */
static gboolean
worker_draw(OmDataset *data, const CliScopeArgs *sa, const guint *order, ChartPlan *p, Shared *sh)
{
  while (!g_atomic_int_get(&sh->failed)) {
    guint i = (guint)g_atomic_int_add(&sh->next, 1);
    if (i >= p->scopes->len)
      return TRUE;
    const char *name = g_ptr_array_index(p->scopes, order[i]);
    GError *e = NULL;
    if (!(sa->bestuur ? om_dataset_select_board(data, name, &e)
                      : om_dataset_select(data, name, &e))) {
      share_error(sh, e);
      return FALSE;
    }
    OmDatasetScope *scope = om_dataset_scope(data);
    plan_scope_charts(data, scope, order[i], p);
    om_dataset_scope_free(scope);
    for (guint j = 0; !p->error && j < p->jobs->len; j++) {
      Job *job = g_ptr_array_index(p->jobs, j);
      p->error = g_steal_pointer(&job->error);
    }
    g_ptr_array_set_size(p->jobs, 0); /* the jobs point into the sets, the sets into the runs */
    g_ptr_array_set_size(p->sets, 0);
    g_ptr_array_set_size(p->runs, 0);
    if (p->error) {
      share_error(sh, g_steal_pointer(&p->error));
      return FALSE;
    }
    g_atomic_int_inc(&sh->scopes_done);
  }
  return TRUE;
}

typedef struct {
  guint index, size;
} ScopeSize;

static gint
larger_first(gconstpointer a, gconstpointer b)
{
  const ScopeSize *x = a, *y = b;
  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The scopes' indices, those with most institutions first, so that the last ones taken
 * are small and the workers end together. NULL (printed, status set) when a selection
 * fails. Transfer full. */
static guint *
scope_order(OmDataset *data, const CliScopeArgs *sa, GPtrArray *scopes, int *status)
{
  ScopeSize *sizes = g_new(ScopeSize, scopes->len);
  for (guint m = 0; m < scopes->len; m++) {
    if (!cli_scope_select(data, sa, scopes, m, status)) {
      g_free(sizes);
      return NULL;
    }
    sizes[m] = (ScopeSize){ m, om_dataset_institutions(data)->len };
  }
  qsort(sizes, scopes->len, sizeof *sizes, larger_first);
  guint *order = g_new(guint, scopes->len);
  for (guint i = 0; i < scopes->len; i++)
    order[i] = sizes[i].index;
  g_free(sizes);
  return order;
}

/* TRUE when this process runs no other thread (Linux: /proc/self/task), so a fork copies
 * no lock that another thread holds. */
static gboolean
single_threaded(void)
{
  GDir *dir = g_dir_open("/proc/self/task", 0, NULL);
  if (!dir)
    return FALSE;
  guint n = 0;
  while (g_dir_read_name(dir))
    n++;
  g_dir_close(dir);
  return n == 1;
}

/* Waits for every worker (alive_fd, the read end of a pipe whose write end only the
 * workers hold, ends when the last one does), showing on a terminal the charts written and
 * how many of the n_scopes scopes (`scopes`: their plural) are done (a worker plans one
 * scope at a time, so the charts planned say little of what is left), and meanwhile syncs
 * the folder's file system once a second, so that the writing-back runs while the workers
 * draw rather than all in the final sync. Fills wstatus. */
static void
wait_workers(const pid_t *pids, int *wstatus, int n, int alive_fd, const Shared *sh, guint n_scopes,
             const char *scopes, const char *dir, gboolean tty)
{
  gboolean shown = FALSE;
  for (guint tick = 1;; tick++) {
    struct pollfd pfd = { .fd = alive_fd, .events = POLLIN };
    int got = poll(&pfd, 1, 100);
    if (got > 0 || (got < 0 && errno != EINTR))
      break;
    if (tty) {
      int done = g_atomic_int_get(&sh->done);
      fprintf(stderr, "\r%s: %d written, %d of %u %s done\033[K", done == 1 ? "chart" : "charts",
              done, g_atomic_int_get(&sh->scopes_done), n_scopes, scopes);
      shown = TRUE;
    }
    if (tick % 10 == 0)
      (void)om_chart_files_sync(dir, NULL); /* the final sync says what fails */
  }
  if (shown)
    fputs("\r\033[K", stderr);
  for (int k = 0; k < n; k++)
    while (waitpid(pids[k], &wstatus[k], 0) < 0 && errno == EINTR)
      ;
}

/* The workers' outcome: the first failure one of them said, else one that stopped
 * without saying why. */
static gboolean
workers_result(const Shared *sh, const int *wstatus, int n, GError **error)
{
  if (sh->failed) {
    g_set_error_literal(error, g_quark_from_string(sh->domain), sh->code, sh->message);
    return FALSE;
  }
  for (int k = 0; k < n; k++) {
    if (WIFSIGNALED(wstatus[k]) || !WIFEXITED(wstatus[k]) || WEXITSTATUS(wstatus[k]) != 0) {
      g_set_error(error, OM_ERROR, OM_ERROR_IO, "a chart-drawing process stopped (%s)",
                  WIFSIGNALED(wstatus[k]) ? g_strsignal(WTERMSIG(wstatus[k])) : "failed");
      return FALSE;
    }
  }
  return TRUE;
}

/* Forks up to n workers over the shared page, which each draw until the scopes run out
 * and hold alive[1] while they live; returns how many started (0: *error says why) and
 * their pids. */
static int
start_workers(OmDataset *data, const CliScopeArgs *sa, const guint *order, ChartPlan *p, Shared *sh,
              pid_t *pids, int n, const int alive[2], GError **error)
{
  fflush(stdout); /* nothing buffered may be written twice */
  fflush(stderr);
  pid_t parent = getpid();
  for (int k = 0; k < n; k++) {
    pid_t pid = fork();
    if (pid == 0) {
      close(alive[0]);
      /* A parent that is killed takes its workers along, as it took its threads. */
      if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
      gboolean ok = worker_draw(data, sa, order, p, sh);
      fflush(stderr);
      _exit(ok ? 0 : 1); /* no exit handlers: they belong to the parent */
    }
    if (pid < 0) {
      if (k == 0)
        g_set_error(error, OM_ERROR, OM_ERROR_IO, "cannot start a chart-drawing process: %s",
                    g_strerror(errno));
      return k;
    }
    pids[k] = pid;
  }
  return n;
}

/* The processes' way: the first scope evaluated here, so that the store's counts are read
 * once, before any worker exists, and then `workers` processes that take whole scopes
 * from a shared counter and draw them. Falls back to threads when another thread runs.
 * Same contract as draw_in_threads; a worker's failure is the plan's. */
static gboolean
draw_in_processes(OmDataset *data, CliScopeArgs *sa, ChartPlan *p, int workers, guint *total,
                  GError **draw_error, int *status)
{
  GError *e = NULL;
  if (!cli_scope_select(data, sa, p->scopes, 0, status))
    return FALSE;
  OmDatasetScope *scope = om_dataset_scope(data);
  OmEvaluation *run
      = cli_evaluation_run_scope(data, scope, p->ca->targets_path, p->ca->year, p->opts, &e);
  om_dataset_scope_free(scope);
  if (!run)
    return (*status = cli_fail(e), FALSE);
  g_ptr_array_add(p->runs, run); /* for the parent's checks; the workers evaluate again */
  guint *order = scope_order(data, sa, p->scopes, status);
  if (!order)
    return FALSE;
  Shared *sh
      = mmap(NULL, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sh == MAP_FAILED || !single_threaded()) {
    if (sh != MAP_FAILED)
      munmap(sh, sizeof(Shared));
    g_free(order);
    return draw_in_threads(data, sa, p, total, draw_error, status);
  }
  Render render = { .style = p->style, .format = p->format, .shared = sh };
  g_mutex_init(&render.lock);
  p->render = &render;
  pid_t *pids = g_new0(pid_t, workers);
  int *wstatus = g_new0(int, workers);
  int alive[2] = { -1, -1 };
  int started = 0;
  if (!g_unix_open_pipe(alive, FD_CLOEXEC, &e))
    g_prefix_error(&e, "cannot start the chart-drawing processes: ");
  else
    started = start_workers(data, sa, order, p, sh, pids, workers, alive, &e);
  if (alive[1] >= 0)
    close(alive[1]);
  if (started > 0)
    wait_workers(pids, wstatus, started, alive[0], sh, p->scopes->len,
                 sa->bestuur ? "school boards" : "municipalities", p->dir,
                 !p->ca->quiet && isatty(STDERR_FILENO));
  if (alive[0] >= 0)
    close(alive[0]);
  gboolean ok = started > 0 && workers_result(sh, wstatus, started, &e);
  *total = (guint)sh->planned;
  if (!ok)
    *status = cli_fail(e);
  p->render = NULL;
  g_mutex_clear(&render.lock);
  g_free(pids);
  g_free(wstatus);
  g_free(order);
  munmap(sh, sizeof(Shared));
  return ok;
}

int
cli_cmd_chart(int argc, char **argv)
{
  ChartArgs ca = { .common = CLI_COMMON_INIT, .aa = CLI_ANALYSIS_ARGS_INIT };
  char *by = NULL, *indicator = NULL;
  GOptionEntry entries[] = { { "by", 'b', 0, G_OPTION_ARG_STRING, &by,
                               "instelling, sector or overzicht; default: all three", "KIND" },
                             { "indicator", 'i', 0, G_OPTION_ARG_STRING, &indicator,
                               "Only the targets of this indicator", "ID" },
                             G_OPTION_ENTRY_NULL };
  GOptionContext *ctx = cli_context(
      "chart", "", "Draw trend charts per institution and per sector, and overview charts.",
      "instelling: one file per institution, a panel per target (share per wave with 95%\n"
      "  intervals, baseline, target line, deadline, projection, n, status).\n"
      "sector: per target, every sector and the municipality with interval ribbons.\n"
      "overzicht: per target, every institution against the target, sorted.\n"
      "Groups under --min-n show \"te weinig respons (n=…)\" instead of a share.\n\n"
      "Example:\n  oudermonitor chart --by instelling --format pdf --out grafieken");
  g_option_context_add_main_entries(ctx, entries, NULL);
  add_chart_options(ctx, &ca, TRUE);
  CliScopeArgs sa = { 0 };
  cli_add_scope_options(ctx, &sa, FALSE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  GPtrArray *scopes = NULL;
  GPtrArray *runs = g_ptr_array_new_with_free_func((GDestroyNotify)om_evaluation_free);
  GPtrArray *sets = g_ptr_array_new_with_free_func((GDestroyNotify)om_chart_set_free);
  GPtrArray *jobs = g_ptr_array_new_with_free_func(job_free);
  GError *e = NULL;
  OmChartStyle style;
  OmAnalysisOptions opts;
  OmChartFormat format = OM_CHART_PNG;
  OmChartKind kind;
  if (!cli_parse(ctx, &argc, &argv, &status)
      || !check_chart_options(ctx, &ca, &style, &opts, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "chart takes no arguments, only options");
    goto out;
  }
  if (by && !om_chart_kind_from_string(by, &kind)) {
    status = cli_usage_error(ctx, "--by '%s' is not instelling, sector or overzicht", by);
    goto out;
  }
  if (ca.format_name && !om_chart_format_from_string(ca.format_name, &format)) {
    status = cli_usage_error(ctx, "--format '%s' is not png, pdf or svg", ca.format_name);
    goto out;
  }
  const char *dir = ca.common.out ? ca.common.out : "charts";
  gint64 start = g_get_monotonic_time();
  if (!(data = cli_dataset_open(cli_db(&ca.common), &e))) {
    status = cli_fail(e);
    goto out;
  }
  if (!cli_design_from_definition(ctx, data, "ouders", &ca.da, &opts, &status)
      || !(scopes = cli_scopes(ctx, data, &sa, &status)))
    goto out;
  /* Durable enough: every file renamed into place whole, one sync for the batch. */
  om_chart_files_defer_sync(TRUE);
  ChartPlan plan = { .style = &style,
                     .format = format,
                     .jobs = jobs,
                     .sets = sets,
                     .runs = runs,
                     .scopes = scopes,
                     .dir = dir,
                     .ca = &ca,
                     .opts = &opts,
                     .kinds = by ? 1u << kind : OM_CHART_KINDS_ALL,
                     .indicator = indicator };
  g_mutex_init(&plan.lock);
  int workers = MIN(ca.jobs > 0 ? ca.jobs : (int)g_get_num_processors(), (int)scopes->len);
  guint total = 0;
  gboolean planned = !make_dir(dir, &e) ? (status = cli_fail(g_steal_pointer(&e)), FALSE)
                     : format == OM_CHART_PNG && workers > 1
                         ? draw_in_processes(data, &sa, &plan, workers, &total, &e, &status)
                         : draw_in_threads(data, &sa, &plan, &total, &e, &status);
  g_mutex_clear(&plan.lock);
  if (!planned) {
    g_clear_error(&plan.error);
    g_clear_error(&e);
    goto out;
  }
  if (total == 0 && indicator && runs->len > 0) {
    g_clear_error(&e);
    status = unknown_indicator(ctx, indicator, g_ptr_array_index(runs, 0));
    goto out;
  }
  if (total == 0) {
    g_clear_error(&e);
    status = cli_fail(g_error_new(OM_ERROR, OM_ERROR_NOT_FOUND, "no target has data to draw"));
    goto out;
  }
  if (e || !om_chart_files_sync(dir, &e)) {
    status = cli_fail(e);
    goto out;
  }
  /* The whole command's wall time, the evaluation included. */
  double secs = (double)(g_get_monotonic_time() - start) / 1e6;
  printf("%u charts (%s) in %s/ in %.2f s\n", total, om_chart_format_to_string(format), dir, secs);
out:
  g_ptr_array_unref(jobs);
  g_ptr_array_unref(sets);
  g_ptr_array_unref(runs);
  if (scopes)
    g_ptr_array_unref(scopes);
  cli_scope_args_clear(&sa);
  om_dataset_free(data);
  g_free(by);
  g_free(indicator);
  chart_args_clear(&ca);
  g_option_context_free(ctx);
  return status;
}

/* ---- report --------------------------------------------------------------------------- */

typedef enum { REPORT_PDF, REPORT_HTML, REPORT_XLSX } ReportFormat;

static gboolean
report_format_from_string(const char *s, ReportFormat *out)
{
  static const char *const names[] = { "pdf", "html", "xlsx" };
  for (gsize i = 0; s != NULL && i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(s, names[i]) == 0) {
      *out = (ReportFormat)i;
      return TRUE;
    }
  return FALSE;
}

/* The format --format names, else the one --out's extension names, else PDF. */
static gboolean
report_format(GOptionContext *ctx, const char *name, const char *out, ReportFormat *format,
              int *status)
{
  *format = REPORT_PDF;
  if (name != NULL) {
    if (!report_format_from_string(name, format)) {
      *status = cli_usage_error(ctx, "--format '%s' is not pdf, html or xlsx", name);
      return FALSE;
    }
    return TRUE;
  }
  const char *dot = out ? strrchr(out, '.') : NULL;
  if (dot && !strchr(dot, '/'))
    (void)report_format_from_string(dot + 1, format);
  return TRUE;
}

/* Writes the report in the format; quiet: print nothing. */
static gboolean
write_report(const OmEvaluation *run, const OmReport *report, const OmChartStyle *style,
             ReportFormat format, const char *path, gboolean quiet, GError **error)
{
  gboolean ok = FALSE;
  guint n_targets = om_targets_size(om_evaluation_targets(run));
  if (format == REPORT_XLSX) {
    OmTables *tables = om_tables_new(run, style->lang);
    ok = om_workbook_write_xlsx(tables, report->title, path, error);
    if (ok && !quiet)
      printf("%s: LEA workbook, %u targets, %zu sheets\n", path, n_targets, om_tables_size(tables));
    om_tables_free(tables);
    return ok;
  }
  if (format == REPORT_HTML)
    ok = om_report_write_html(report, style, path, error);
  else
    ok = om_report_write_pdf(report, style, path, error);
  if (ok && !quiet)
    printf("%s: LEA report%s, %u targets, %zu sector and %zu institution pages\n", path,
           format == REPORT_HTML ? " (html)" : "", n_targets, report->n_sector_pages,
           report->n_institution_pages);
  return ok;
}

/* One school report file to write, drawn on a worker thread. */
typedef struct {
  const OmEvaluation *run;
  const OmReport *report;
  ReportFormat format;
  char *path;
  GError *error;
} SchoolJob;

typedef struct {
  const OmChartStyle *style;
} SchoolPool;

static void
school_job_run(gpointer data, gpointer user)
{
  SchoolJob *j = data;
  const SchoolPool *pool = user;
  write_report(j->run, j->report, pool->style, j->format, j->path, TRUE, &j->error);
}

static void
school_job_free(gpointer p)
{
  SchoolJob *j = p;
  g_free(j->path);
  g_clear_error(&j->error);
  g_free(j);
}

/* What the cover and footers say beside the figures. */
typedef struct {
  const char *author, *title, *date;
} ReportWords;

/* --per instelling: a report per school in dir, as PDF and HTML unless --format names one
 * (both = format_given FALSE), drawn on all cores (n_threads 0) like the charts. */
static gboolean
write_school_reports(OmEvaluation *run, OmDataset *data, const OmReport *full,
                     const OmChartStyle *style, ReportFormat format, gboolean format_given,
                     const char *dir, int n_threads, GError **error)
{
  if (!make_dir(dir, error))
    return FALSE;
  OmSchoolReports *schools
      = om_school_reports_new(run, om_dataset_institutions(data), full, style->lang);
  GPtrArray *jobs = g_ptr_array_new_with_free_func(school_job_free);
  for (guint i = 0; i < om_school_reports_size(schools); i++) {
    const char *code = NULL;
    const OmReport *r = om_school_reports_get(schools, i, &code);
    for (int f = REPORT_PDF; f <= REPORT_HTML; f++) {
      if (format_given && (ReportFormat)f != format)
        continue;
      char *stem = om_chart_file_name(code, OM_CHART_PDF); /* safe: letters, digits, - _ */
      stem[strlen(stem) - 4] = '\0';
      char *file = g_strdup_printf("%s.%s", stem, f == REPORT_PDF ? "pdf" : "html");
      SchoolJob *j = g_new0(SchoolJob, 1);
      *j = (SchoolJob){ run, r, (ReportFormat)f, g_build_filename(dir, file, NULL), NULL };
      g_ptr_array_add(jobs, j);
      g_free(file);
      g_free(stem);
    }
  }
  SchoolPool pool = { style };
  int threads = n_threads > 0 ? n_threads : (int)g_get_num_processors();
  GThreadPool *tp = g_thread_pool_new(school_job_run, &pool, MAX(threads, 1), TRUE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push(tp, g_ptr_array_index(jobs, i), NULL);
  g_thread_pool_free(tp, FALSE, TRUE);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < jobs->len; i++) {
    SchoolJob *j = g_ptr_array_index(jobs, i);
    if (j->error) {
      g_propagate_error(error, g_steal_pointer(&j->error));
      ok = FALSE;
    }
  }
  if (ok)
    printf("%s/: %u school reports (%u files)\n", dir, om_school_reports_size(schools), jobs->len);
  g_ptr_array_unref(jobs);
  om_school_reports_free(schools);
  return ok;
}

/* Checks --edition and --per against the format; fills *edition. */
static gboolean
check_report_options(GOptionContext *ctx, const char *edition_name, const char *per,
                     ReportFormat format, OmEdition *edition, int *status)
{
  *edition = OM_EDITION_FULL;
  if (edition_name && !om_edition_from_string(edition_name, edition)) {
    *status = cli_usage_error(ctx, "--edition '%s' is not volledig or raad", edition_name);
    return FALSE;
  }
  if (per && strcmp(per, "instelling") != 0 && strcmp(per, "gemeente") != 0
      && strcmp(per, "bestuur") != 0) {
    *status = cli_usage_error(ctx, "--per '%s' is not instelling, gemeente or bestuur", per);
    return FALSE;
  }
  if (per && strcmp(per, "instelling") == 0
      && (format == REPORT_XLSX || *edition != OM_EDITION_FULL)) {
    *status = cli_usage_error(ctx, "--per instelling writes PDF and HTML per school; it goes "
                                   "with neither --format xlsx nor --edition");
    return FALSE;
  }
  if (per && strcmp(per, "instelling") != 0
      && (format != REPORT_PDF || *edition != OM_EDITION_FULL)) {
    *status = cli_usage_error(ctx,
                              "--per %s writes one full PDF report each; it goes with "
                              "neither --format nor --edition",
                              per);
    return FALSE;
  }
  return TRUE;
}

/* The reports of --per gemeente|bestuur: what they are made with, and per scope the
 * file and the failure, if any. Scope 0 of the run is the overview when there is one. */
typedef struct {
  const ChartArgs *ca;
  const ReportWords *words;
  const OmChartStyle *style;
  const OmAnalysisOptions *opts;
  gboolean overview;
  char **paths;
  GError **errors;
  GMutex lock;
  guint done, total;
  CliProgress progress;
} ReportRun;

/* One scope's report, evaluated, composed and drawn on a worker (cli_scopes_run). */
static void
report_scope(OmDataset *data, const OmDatasetScope *scope, guint m, gpointer user)
{
  ReportRun *r = user;
  const ChartArgs *ca = r->ca;
  OmLang lang = r->style->lang;
  OmEvaluation *run
      = cli_evaluation_run_scope(data, scope, ca->targets_path, ca->year, r->opts, &r->errors[m]);
  if (run) {
    /* The overview of many municipalities leaves out the institutions' pages: each
     * municipality's own report has them. */
    OmDocument *doc = r->overview && m == 0 ? om_document_new_overview(run, r->words->author, lang)
                                            : om_document_new(run, r->words->author, lang);
    om_document_set_title(doc, r->words->title);
    om_document_set_date(doc, r->words->date);
    om_report_write_pdf(om_document_report(doc), r->style, r->paths[m], &r->errors[m]);
    om_document_free(doc);
    om_evaluation_free(run);
  }
  g_mutex_lock(&r->lock);
  cli_progress(&r->progress, ++r->done, r->total);
  g_mutex_unlock(&r->lock);
}

/* The file of each report in dir: lea-evaluatie-NAME.pdf, and the overview's. */
static char **
report_paths(OmDataset *data, GPtrArray *scopes, gboolean overview, const char *dir)
{
  char **paths = g_new0(char *, scopes->len + overview + 1);
  if (overview)
    paths[0] = g_build_filename(dir, "lea-evaluatie-overzicht.pdf", NULL);
  for (guint m = 0; m < scopes->len; m++) {
    char *slug = cli_scope_slug(cli_scope_name(data, scopes, m));
    char *file = g_strdup_printf("lea-evaluatie-%s.pdf", slug);
    paths[overview + m] = g_build_filename(dir, file, NULL);
    g_free(file);
    g_free(slug);
  }
  return paths;
}

/* --per gemeente|bestuur: one report per municipality (or board) in a folder, and with
 * several municipalities an overview besides, each evaluated and drawn on all cores. */
static int
report_per_scope(OmDataset *data, CliScopeArgs *sa, GPtrArray *scopes, const ChartArgs *ca,
                 const ReportWords *words, const OmChartStyle *style, const OmAnalysisOptions *opts)
{
  int status = OM_EXIT_OK;
  GError *e = NULL;
  const char *dir = ca->common.out ? ca->common.out : "rapporten";
  if (!make_dir(dir, &e))
    return cli_fail(e);
  gboolean overview = scopes->len > 1 && !sa->bestuur;
  /* The overview first (the whole register: a NULL scope), as it takes longest. */
  GPtrArray *run_scopes = g_ptr_array_new();
  if (overview)
    g_ptr_array_add(run_scopes, NULL);
  for (guint m = 0; m < scopes->len; m++)
    g_ptr_array_add(run_scopes, g_ptr_array_index(scopes, m));
  ReportRun r = { .ca = ca,
                  .words = words,
                  .style = style,
                  .opts = opts,
                  .overview = overview,
                  .paths = report_paths(data, scopes, overview, dir),
                  .errors = g_new0(GError *, run_scopes->len),
                  .total = run_scopes->len };
  cli_progress_init(&r.progress, "reports", ca->quiet);
  g_mutex_init(&r.lock);
  om_chart_files_defer_sync(TRUE); /* one sync for the folder */
  gboolean ok = cli_scopes_run(data, sa, run_scopes, ca->jobs, report_scope, &r, &status);
  g_mutex_clear(&r.lock);
  cli_progress_end(&r.progress);
  for (guint m = 0; m < run_scopes->len; m++) {
    if (ok && r.errors[m])
      ok = (status = cli_fail(g_steal_pointer(&r.errors[m])), FALSE);
    g_clear_error(&r.errors[m]);
  }
  if (ok && !om_chart_files_sync(dir, &e))
    ok = (status = cli_fail(e), FALSE);
  if (ok)
    printf("%u LEA report%s (one per %s%s) in %s/ in %.2f s\n", scopes->len,
           scopes->len == 1 ? "" : "s", sa->bestuur ? "school board" : "municipality",
           overview ? ", and an overview" : "", dir,
           (double)(g_get_monotonic_time() - r.progress.start) / 1e6);
  g_free(r.errors);
  g_strfreev(r.paths);
  g_ptr_array_unref(run_scopes);
  return status;
}

/* One report (one municipality, or the region with --scope regio) in the format and
 * edition asked, or with --per instelling a short report per school. */
static int
report_single(GOptionContext *ctx, OmDataset *data, CliScopeArgs *sa, GPtrArray *scopes,
              const char *per, const ChartArgs *ca, const ReportWords *words,
              const OmChartStyle *style, const OmAnalysisOptions *opts, ReportFormat format,
              gboolean format_given, OmEdition edition)
{
  if (scopes->len > 1) {
    return cli_usage_error(ctx,
                           "the register holds %u municipalities: choose one with --gemeente "
                           "NAME, write one report each with --per gemeente --out DIR, or pool "
                           "them with --scope regio",
                           scopes->len);
  }
  int status = OM_EXIT_OK;
  OmEvaluation *run = NULL;
  if (!cli_scope_select(data, sa, scopes, 0, &status)
      || !(run = cli_evaluation_run(data, ca->targets_path, ca->year, opts, &status)))
    return status;
  OmDocument *doc = om_document_new(run, words->author, style->lang);
  om_document_set_title(doc, words->title);
  om_document_set_date(doc, words->date);
  static const char *const defaults[]
      = { "lea-evaluatie.pdf", "lea-evaluatie.html", "lea-evaluatie.xlsx" };
  const char *path = ca->common.out ? ca->common.out : per ? "scholen" : defaults[format];
  OmReport report;
  OmArena *arena = om_arena_new();
  om_edition_apply(om_document_report(doc), edition, style->lang, arena, &report);
  GError *e = NULL;
  gboolean ok = per ? write_school_reports(run, data, &report, style, format, format_given, path,
                                           ca->jobs, &e)
                    : write_report(run, &report, style, format, path, FALSE, &e);
  if (!ok)
    status = cli_fail(e);
  om_arena_free(arena);
  om_document_free(doc);
  om_evaluation_free(run);
  return status;
}

int
cli_cmd_report(int argc, char **argv)
{
  ChartArgs ca = { .common = CLI_COMMON_INIT, .aa = CLI_ANALYSIS_ARGS_INIT };
  char *author = NULL, *title = NULL, *date = NULL, *format_name = NULL, *edition_name = NULL,
       *per = NULL;
  GOptionEntry entries[] = {
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, "Research bureau named on the cover", "NAME" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "pdf (default), html or xlsx (default: from --out's extension)", "FORMAT" },
    { "edition", 'e', 0, G_OPTION_ARG_STRING, &edition_name,
      "volledig (default) or raad: the council's edition, without institution pages", "EDITION" },
    { "per", 0, 0, G_OPTION_ARG_STRING, &per,
      "instelling: a short report per school in the folder --out (PDF and HTML); gemeente or "
      "bestuur: one full report per municipality or school board in the folder --out "
      "(default rapporten)",
      "UNIT" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      "Title on the cover, in the PDF and in every footer (default: LEA-evaluatie "
      "ouderbetrokkenheid)",
      "TEXT" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      "Date on the cover and in every footer, as it should read (default: today)", "TEXT" },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *ctx = cli_context(
      "report", "", "Write the report for the annual LEA evaluation (PDF, HTML or workbook).",
      "A cover, key messages, a summary table of every target (municipality and sectors)\n"
      "with share, interval, status and change since the nulmeting, the institutions'\n"
      "survey, theme pages, response, a page per sector and per institution, and the method.\n"
      "html: one self-contained, accessible page (charts as inline SVG, no external files).\n"
      "xlsx: a workbook of the numbers: a sheet per scope and one of the targets' statuses.\n"
      "--edition raad: the council's edition, without institution pages.\n"
      "--per instelling: per school its results beside its sector and the municipality,\n"
      "  its change since the nulmeting and its response, as DIR/CODE.pdf and .html.\n"
      "A register of several municipalities: --gemeente NAME for one, --per gemeente for one\n"
      "report each (written on --jobs cores), --scope regio for one report of them pooled.\n\n"
      "Example:\n  oudermonitor report --out lea-evaluatie-2016.pdf\n"
      "  oudermonitor report --format html --out lea-evaluatie.html\n"
      "  oudermonitor report --format xlsx --out lea-evaluatie.xlsx\n"
      "  oudermonitor report --edition raad --out lea-evaluatie-raad.pdf\n"
      "  oudermonitor report --per instelling --out scholen\n"
      "  oudermonitor report --per gemeente --out rapporten");
  g_option_context_add_main_entries(ctx, entries, NULL);
  add_chart_options(ctx, &ca, FALSE);
  CliScopeArgs sa = { 0 };
  cli_add_scope_options(ctx, &sa, FALSE);
  int status = OM_EXIT_OK;
  OmDataset *data = NULL;
  GPtrArray *scopes = NULL;
  GError *e = NULL;
  OmChartStyle style;
  OmAnalysisOptions opts;
  ReportFormat format;
  OmEdition edition;
  if (!cli_parse(ctx, &argc, &argv, &status)
      || !check_chart_options(ctx, &ca, &style, &opts, &status)
      || !report_format(ctx, format_name, per ? NULL : ca.common.out, &format, &status)
      || !check_report_options(ctx, edition_name, per, format, &edition, &status))
    goto out;
  if (argc > 1) {
    status = cli_usage_error(ctx, "report takes no arguments, only options");
    goto out;
  }
  if (per && strcmp(per, "bestuur") == 0 && !sa.bestuur)
    sa.bestuur = g_strdup("all");
  if (!(data = cli_dataset_open(cli_db(&ca.common), &e))) {
    status = cli_fail(e);
    goto out;
  }
  if (!cli_design_from_definition(ctx, data, "ouders", &ca.da, &opts, &status)
      || !(scopes = cli_scopes(ctx, data, &sa, &status)))
    goto out;
  ReportWords words = { author, title, date };
  if (per && strcmp(per, "instelling") != 0)
    status = report_per_scope(data, &sa, scopes, &ca, &words, &style, &opts);
  else
    status = report_single(ctx, data, &sa, scopes, per, &ca, &words, &style, &opts, format,
                           format_name != NULL, edition);
out:
  if (scopes)
    g_ptr_array_unref(scopes);
  cli_scope_args_clear(&sa);
  om_dataset_free(data);
  g_free(author);
  g_free(format_name);
  g_free(edition_name);
  g_free(per);
  g_free(title);
  g_free(date);
  chart_args_clear(&ca);
  g_option_context_free(ctx);
  return status;
}
