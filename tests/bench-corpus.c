/* bench-corpus.c — a corpus of 10,000 articles: status, search, memory, growth
 *
 * Writes (tests/gen-corpus.c) a corpus of 10,000 articles of about 5 KB,
 * annotators a and b with about 30 spans each, and one of 1,000 articles,
 * into a temporary folder, then times, interleaved, the medians of
 * NEWSMARK_BENCH_RUNS runs (default 3) of:
 *
 *   bare    json-c's strict parse of every annotation file (read + parse +
 *           free, one thread, in this process): the floor any reader pays;
 *   cold    `newsmark-cli corpus status --json` with no index (every file
 *           read with the strict loader, the index written);
 *   warm    the same again, nothing changed (the index);
 *   search  `newsmark-cli corpus search --json` for a word, and the search
 *           alone in this process on the loaded corpus;
 *
 * with each command's peak memory (max RSS), and cold status on 1,000
 * against 10,000 articles. Targets: cold ≤ 2 × bare, warm well under cold,
 * search ≤ 0.5 s, growth ≤ 11 ×; the benchmark exits non-zero when one is
 * missed. Wall-clock and CPU time (user + system) are both printed: on a
 * shared machine the CPU time is the steadier figure.
 *
 *   bench-corpus [--keep DIR]   keep the generated corpora in DIR
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-c/json.h>

#include "gen-corpus.h"
#include "test-format-common.h"

#define N_LARGE 10000
#define N_SMALL 1000

typedef struct {
  double wall;   /* s */
  double cpu;    /* s */
  double rss;    /* MB */
} Sample;

static const char *cli;
static char *cache_dir;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : 0.0;
}

static double
cpu_seconds (const struct rusage *ru)
{
  return ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

/* Runs newsmark-cli with @args, output to /dev/null. */
static Sample
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  struct rusage ru;
  Sample s = { 0 };
  GPid pid;
  int status;
  gint64 t0;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache_dir, TRUE);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv->pdata, env,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s", error->message);
  if (wait4 (pid, &status, 0, &ru) < 0)
    g_error ("wait4 failed");
  s.wall = (g_get_monotonic_time () - t0) / 1e6;
  s.cpu = cpu_seconds (&ru);
  s.rss = ru.ru_maxrss / 1024.0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("newsmark-cli %s %s failed (status %d)", args[0], args[1], status);
  return s;
}

static void
collect_layers (const char *dir,
                GPtrArray  *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          collect_layers (path, files);
          g_free (path);
        }
      else if (g_str_has_suffix (name, ".newsmark.json"))
        g_ptr_array_add (files, path);
      else
        g_free (path);
    }
}

/* json-c's strict parse of every annotation file, one after the other. */
static Sample
bare_parse (GPtrArray *files)
{
  struct rusage before, after;
  Sample s = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  getrusage (RUSAGE_SELF, &before);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize len;
      struct json_tokener *tok = json_tokener_new ();
      json_object *root;

      if (!g_file_get_contents (g_ptr_array_index (files, i), &contents, &len, NULL))
        g_error ("cannot read %s", (char *) g_ptr_array_index (files, i));
      json_tokener_set_flags (tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
      root = json_tokener_parse_ex (tok, contents, (int) len);
      if (root == NULL)
        g_error ("bare parse failed on %s", (char *) g_ptr_array_index (files, i));
      json_object_put (root);
      json_tokener_free (tok);
    }
  getrusage (RUSAGE_SELF, &after);
  s.wall = (g_get_monotonic_time () - t0) / 1e6;
  s.cpu = cpu_seconds (&after) - cpu_seconds (&before);
  return s;
}

static void
remove_index (const char *root)
{
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GFile) index = NULL;

  /* XDG_CACHE_HOME is the CLI's cache folder, set before GLib read it. */
  index = newsmark_corpus_get_index_file (folder);
  g_file_delete (index, NULL, NULL);
}

static Sample
search_in_process (const char *root,
                   const char *word,
                   guint      *n_found)
{
  struct rusage before, after;
  Sample sample = { 0 };
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(NewsmarkCorpus) corpus = newsmark_corpus_new (folder, NEWSMARK_CORPUS_DEFAULT);
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;

  if (!newsmark_corpus_load (corpus, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  getrusage (RUSAGE_SELF, &before);
  t0 = g_get_monotonic_time ();
  hits = newsmark_corpus_search (corpus, word, 0, n_found, NULL, NULL, NULL, NULL, &error);
  if (hits == NULL)
    g_error ("%s", error->message);
  sample.wall = (g_get_monotonic_time () - t0) / 1e6;
  getrusage (RUSAGE_SELF, &after);
  sample.cpu = cpu_seconds (&after) - cpu_seconds (&before);
  return sample;
}

static char *
machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;
  const char *p;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) && (p = strstr (cpuinfo, "model name")) != NULL)
    {
      const char *colon = strchr (p, ':');
      const char *end = strchr (p, '\n');

      if (colon != NULL && end != NULL && colon < end)
        model = g_strstrip (g_strndup (colon + 1, end - colon - 1));
    }
  return g_strdup_printf ("%u cores, %s", g_get_num_processors (), model != NULL ? model : "unknown CPU");
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  return g_strndup (text, strcspn (text, " "));
}

typedef struct {
  GArray *wall;
  GArray *cpu;
  GArray *rss;
} Series;

static void
series_init (Series *s)
{
  s->wall = g_array_new (FALSE, FALSE, sizeof (double));
  s->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  s->rss = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_add (Series *s,
            Sample  x)
{
  g_array_append_val (s->wall, x.wall);
  g_array_append_val (s->cpu, x.cpu);
  g_array_append_val (s->rss, x.rss);
}

static void
series_clear (Series *s)
{
  g_array_unref (s->wall);
  g_array_unref (s->cpu);
  g_array_unref (s->rss);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *base = NULL;
  g_autofree char *large = NULL;
  g_autofree char *small = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *where = machine ();
  g_autofree char *load_before = load_average ();
  g_autofree char *load_after = NULL;
  const char *runs_env = g_getenv ("NEWSMARK_BENCH_RUNS");
  guint runs = runs_env != NULL ? (guint) g_ascii_strtoull (runs_env, NULL, 10) : 3;
  gboolean keep = FALSE;
  Series bare, cold, warm, search, search_common, small_cold, search_alone;
  double m_bare, m_cold, m_warm, m_search, m_alone, m_common, m_small, c_bare, c_cold, c_small;
  guint n_hits = 0, n_common = 0;
  gsize bytes = 0;
  gboolean ok = TRUE;
  gint64 t0;
  const char *word = "Kraków";
  const char *common_word = "harbour";

  cli = g_getenv ("NEWSMARK_CLI");
  if (cli == NULL)
    {
      g_printerr ("bench-corpus: NEWSMARK_CLI is not set\n");
      return 1;
    }
  if (runs == 0)
    runs = 1;
  if (argc == 3 && g_str_equal (argv[1], "--keep"))
    {
      base = g_strdup (argv[2]);
      keep = TRUE;
    }
  else
    base = format_test_tmpdir ();
  cache_dir = g_build_filename (base, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  large = g_build_filename (base, "large", NULL);
  small = g_build_filename (base, "small", NULL);

  t0 = g_get_monotonic_time ();
  if (!gen_corpus_write (large, N_LARGE, GEN_CORPUS_SEED, &error) ||
      !gen_corpus_write (small, N_SMALL, GEN_CORPUS_SEED + 1, &error))
    {
      g_printerr ("bench-corpus: %s\n", error->message);
      return 1;
    }
  printf ("generated %u + %u articles in %.1f s\n", N_LARGE, N_SMALL, (g_get_monotonic_time () - t0) / 1e6);
  /* Files written a moment ago would be read again anyway (see the index):
   * let the clock move on. */
  g_usleep (4 * G_USEC_PER_SEC);

  layers = g_build_filename (large, "annotations", NULL);
  collect_layers (layers, files);
  for (guint i = 0; i < files->len; i++)
    {
      GStatBuf st;

      if (g_stat (g_ptr_array_index (files, i), &st) == 0)
        bytes += (gsize) st.st_size;
    }
  printf ("%u annotation files, %.1f MB\n", files->len, bytes / 1e6);

  series_init (&bare);
  series_init (&cold);
  series_init (&warm);
  series_init (&search);
  series_init (&search_common);
  series_init (&small_cold);
  series_init (&search_alone);

  for (guint r = 0; r < runs; r++)
    {
      const char *status_large[] = { "corpus", "status", "--json", large, NULL };
      const char *status_small[] = { "corpus", "status", "--json", small, NULL };
      const char *search_args[] = { "corpus", "search", "--json", large, word, NULL };
      const char *search_common_args[] = { "corpus", "search", "--json", large, common_word, NULL };
      series_add (&bare, bare_parse (files));
      remove_index (large);
      series_add (&cold, run_cli (status_large));
      series_add (&warm, run_cli (status_large));
      series_add (&search, run_cli (search_args));
      series_add (&search_common, run_cli (search_common_args));
      series_add (&search_alone, search_in_process (large, word, &n_hits));
      search_in_process (large, common_word, &n_common);
      remove_index (small);
      series_add (&small_cold, run_cli (status_small));
      printf ("run %u: bare %.2f s, cold %.2f s, warm %.2f s, search %.2f s\n", r + 1,
              g_array_index (bare.wall, double, r), g_array_index (cold.wall, double, r),
              g_array_index (warm.wall, double, r), g_array_index (search.wall, double, r));
      fflush (stdout);
    }
  load_after = load_average ();

  m_bare = median (bare.wall);
  m_cold = median (cold.wall);
  m_warm = median (warm.wall);
  m_search = median (search.wall);
  m_common = median (search_common.wall);
  m_alone = median (search_alone.wall);
  m_small = median (small_cold.wall);
  c_bare = median (bare.cpu);
  c_cold = median (cold.cpu);
  c_small = median (small_cold.cpu);

  printf ("\nMachine: %s; load average %s before, %s after; medians of %u runs\n", where, load_before, load_after, runs);
  printf ("Corpus: %u articles, %u annotation files (%.1f MB)\n\n", N_LARGE, files->len, bytes / 1e6);
  printf ("| measured | wall (s) | CPU (s) | peak memory (MB) |\n|---|---:|---:|---:|\n");
  printf ("| json-c bare parse of every annotation file | %.2f | %.2f | – |\n", m_bare, c_bare);
  printf ("| `corpus status --json`, cold (no index) | %.2f | %.2f | %.0f |\n", m_cold, c_cold, median (cold.rss));
  printf ("| `corpus status --json`, warm (index, nothing changed) | %.2f | %.2f | %.0f |\n", m_warm,
          median (warm.cpu), median (warm.rss));
  printf ("| `corpus search --json` “%s” (%u hits), whole command | %.2f | %.2f | %.0f |\n", word, n_hits, m_search,
          median (search.cpu), median (search.rss));
  printf ("| the search alone, in this process, corpus loaded | %.3f | %.3f | – |\n", m_alone,
          median (search_alone.cpu));
  printf ("| `corpus search --json` “%s” (%u hits, in every article) | %.2f | %.2f | %.0f |\n", common_word, n_common,
          m_common, median (search_common.cpu), median (search_common.rss));
  printf ("| `corpus status --json`, cold, %u articles | %.2f | %.2f | %.0f |\n\n", N_SMALL, m_small, c_small,
          median (small_cold.rss));

  printf ("| target | measured | |\n|---|---:|---|\n");
#define TARGET(name, value, limit, fmt) \
  do { gboolean met = (value) <= (limit); ok = ok && met; \
       printf ("| " name " | " fmt " | %s |\n", (value), met ? "met" : "MISSED"); } while (0)
  TARGET ("cold status ≤ 2 × bare parse (wall)", m_cold / m_bare, 2.0, "%.2f ×");
  printf ("| cold status against bare parse (CPU) | %.2f × | |\n", c_cold / c_bare);
  TARGET ("warm status ≤ 0.25 × cold (wall)", m_warm / m_cold, 0.25, "%.2f ×");
  TARGET ("search for a word ≤ 0.5 s (the search, wall)", m_alone, 0.5, "%.2f s");
  printf ("| search for a word, whole command (wall) | %.2f s | |\n", m_search);
  TARGET ("10,000 against 1,000 articles ≤ 11 × (wall)", m_cold / m_small, 11.0, "%.2f ×");
  printf ("| 10,000 against 1,000 articles (CPU) | %.2f × | |\n", c_cold / c_small);
#undef TARGET

  series_clear (&bare);
  series_clear (&cold);
  series_clear (&warm);
  series_clear (&search);
  series_clear (&search_common);
  series_clear (&small_cold);
  series_clear (&search_alone);
  if (!keep)
    format_test_rmtree (base);
  return ok ? 0 : 1;
}
