/* bench-core.c — load, save and memory of the core against bare json-c
 *
 * Generates the ~2 MB benchmark article (gen-article.c: 100,000 spans,
 * 20,000 relations) and measures, as medians over several runs:
 *   - load+validate: newsmark_annotation_set_load() of the file;
 *   - save: newsmark_annotation_set_save() (serialise + atomic write with
 *     fsync and backup), and newsmark_annotation_set_to_json() alone;
 *   - bare parse: g_file_get_contents() + json_tokener_parse() of the same
 *     file — the floor any json-c based reader starts from;
 *   - peak memory of a load and of a bare parse: VmHWM at the end minus
 *     VmRSS before the work.
 * Every measurement runs in a fresh process (this program re-executed with
 * --measure), as when a user opens a file: no run inherits another's heap,
 * and each peak is isolated. Runs are interleaved so that load on a shared
 * machine hits all three alike.
 * Targets: load ≤ 1.5× bare parse; save ≤ bare parse; load's peak memory
 * ≤ 1.5× the bare parse's. Exits 1 when a target is missed.
 *
 * Environment: NEWSMARK_BENCH_RUNS (default 9), NEWSMARK_BENCH_DIR (work
 * folder, default a temporary one that is removed afterwards).
 */

#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-c/json.h>

#include "gen-article.h"

/* ---- /proc readers --------------------------------------------------------- */

static gint64
proc_status_kb (const char *key)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize key_len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return -1;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ':')
        return g_ascii_strtoll (lines[i] + key_len + 1, NULL, 10);
    }

  return -1;
}

static char *
cpu_model (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    return g_strdup ("unknown CPU");

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "model name"))
        {
          const char *colon = strchr (lines[i], ':');
          if (colon != NULL)
            return g_strstrip (g_strdup (colon + 1));
        }
    }

  return g_strdup ("unknown CPU");
}

static gint64
mem_total_kb (void)
{
  g_autofree char *contents = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/meminfo", &contents, NULL, NULL))
    return -1;
  p = strstr (contents, "MemTotal:");
  if (p == NULL)
    return -1;

  return g_ascii_strtoll (p + strlen ("MemTotal:"), NULL, 10);
}

/* ---- the measured operations ------------------------------------------------- */

static json_object *
bare_parse (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  json_object *root;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);

  root = json_tokener_parse (contents);
  if (root == NULL)
    g_error ("%s: json-c could not parse the file", path);

  return root;
}

static NewsmarkAnnotationSet *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, problems, &error);
  if (set == NULL)
    {
      g_autofree char *text = newsmark_problems_to_string (problems);
      g_error ("%s: %s\n%s", path, error->message, text);
    }
  if (problems->len > 0)
    {
      g_autofree char *text = newsmark_problems_to_string (problems);
      g_error ("%s: the generated file loaded with problems:\n%s", path, text);
    }

  return set;
}

/* Wall-clock and CPU time together: on a machine shared with other jobs the
 * CPU time shows what the code costs, the wall clock what a user waits
 * (including fsync). Targets are judged on the wall clock. */
typedef struct {
  gint64 wall_us;
  double cpu_s;
} Stamp;

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static Stamp
stamp_now (void)
{
  Stamp st = { g_get_monotonic_time (), cpu_seconds () };

  return st;
}

static void
stamp_since (Stamp   start,
             double *wall,
             double *cpu)
{
  *wall = (g_get_monotonic_time () - start.wall_us) / 1e6;
  *cpu = cpu_seconds () - start.cpu_s;
}

/* Child mode: `bench-core --measure parse|load|save FILE [OUT]` prints
 * "WALL_S CPU_S PEAK_KB TO_JSON_WALL_S TO_JSON_CPU_S" for one operation.
 * PEAK_KB is the resident memory the operation added (0 for save). */
static int
measure_child (const char *what,
               const char *path,
               const char *out_path)
{
  double wall = 0, cpu = 0, json_wall = 0, json_cpu = 0;
  gint64 before, peak = 0;
  Stamp st0;

  /* Register the core's types and resources before the baseline so that
   * only the work itself is counted. */
  g_object_unref (newsmark_schema_new_default ());

  before = proc_status_kb ("VmRSS");

  if (g_str_equal (what, "parse"))
    {
      json_object *root;

      st0 = stamp_now ();
      root = bare_parse (path);
      stamp_since (st0, &wall, &cpu);
      peak = proc_status_kb ("VmHWM") - before;
      json_object_put (root);
    }
  else if (g_str_equal (what, "load"))
    {
      NewsmarkAnnotationSet *set;

      st0 = stamp_now ();
      set = load (path);
      stamp_since (st0, &wall, &cpu);
      peak = proc_status_kb ("VmHWM") - before;
      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==,
                        GEN_ARTICLE_N_SPANS);
      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==,
                        GEN_ARTICLE_N_RELATIONS);
      g_object_unref (set);
    }
  else if (g_str_equal (what, "save") && out_path != NULL)
    {
      g_autoptr(NewsmarkAnnotationSet) set = load (path);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      gsize len = 0;

      st0 = stamp_now ();
      json = newsmark_annotation_set_to_json (set, &len);
      stamp_since (st0, &json_wall, &json_cpu);
      g_clear_pointer (&json, g_free);

      st0 = stamp_now ();
      if (!newsmark_annotation_set_save (set, out, &error))
        g_error ("save: %s", error->message);
      stamp_since (st0, &wall, &cpu);
    }
  else
    {
      g_printerr ("bench-core: unknown measurement %s\n", what);
      return 2;
    }

  printf ("%.6f %.6f %" G_GINT64_FORMAT " %.6f %.6f\n", wall, cpu, peak, json_wall, json_cpu);
  return 0;
}

typedef struct {
  double wall, cpu, peak_kb, json_wall, json_cpu;
} Measurement;

static Measurement
measure_in_child (const char *self,
                  const char *what,
                  const char *path,
                  const char *out_path)
{
  const char *argv[] = { self, "--measure", what, path, out_path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  Measurement m = { 0 };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("measuring %s: %s", what, error->message);

  if (sscanf (out, "%lf %lf %lf %lf %lf", &m.wall, &m.cpu, &m.peak_kb, &m.json_wall, &m.json_cpu) != 5)
    g_error ("measuring %s: unexpected output “%s”", what, out);

  return m;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Median of one field of @n measurements; @scratch holds @n doubles. */
static double
median_of (const Measurement *measurements,
           guint              n,
           glong              offset,
           double            *scratch)
{
  for (guint i = 0; i < n; i++)
    scratch[i] = G_STRUCT_MEMBER (double, (gpointer) &measurements[i], offset);

  return median (scratch, n);
}

static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static gboolean
check_target (const char *what,
              double      ratio,
              double      limit)
{
  gboolean ok = ratio <= limit;

  printf ("  %-32s %5.2fx   target <= %.1fx   %s\n", what, ratio, limit, ok ? "met" : "MISSED");
  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *self = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *save_path = NULL;
  g_autofree char *cpu = NULL;
  g_autoptr(GError) error = NULL;
  const char *env_runs = g_getenv ("NEWSMARK_BENCH_RUNS");
  const char *env_dir = g_getenv ("NEWSMARK_BENCH_DIR");
  guint runs = env_runs != NULL ? (guint) MAX (1, atoi (env_runs)) : 9;
  g_autofree double *v = NULL;
  g_autofree Measurement *parse = NULL;
  g_autofree Measurement *loads = NULL;
  g_autofree Measurement *saves = NULL;
  double t_parse, t_load, t_save, m_parse, m_load;
  GStatBuf st;
  gint64 t0;
  gboolean ok = TRUE;

  if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "--measure"))
    return measure_child (argv[2], argv[3], argc == 5 ? argv[4] : NULL);

  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);

  if (env_dir != NULL)
    {
      folder = g_strdup (env_dir);
      g_mkdir_with_parents (folder, 0755);
    }
  else
    {
      folder = g_dir_make_tmp ("newsmark-bench-XXXXXX", &error);
      g_assert_no_error (error);
    }

  cpu = cpu_model ();
  printf ("Machine: %s, %u cores, %.1f GiB RAM\n", cpu, g_get_num_processors (),
          mem_total_kb () / 1048576.0);

  t0 = g_get_monotonic_time ();
  path = gen_article_write (folder, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  printf ("Generated %s in %.2f s: %.1f MB\n", path,
          (g_get_monotonic_time () - t0) / 1e6, st.st_size / 1e6);
  fflush (stdout);

  save_path = g_build_filename (folder, "saved.newsmark.json", NULL);
  parse = g_new0 (Measurement, runs);
  loads = g_new0 (Measurement, runs);
  saves = g_new0 (Measurement, runs);
  v = g_new0 (double, runs);

  /* Untimed: brings the file into the page cache. */
  measure_in_child (self, "parse", path, NULL);
  measure_in_child (self, "load", path, NULL);

  for (guint i = 0; i < runs; i++)
    {
      parse[i] = measure_in_child (self, "parse", path, NULL);
      loads[i] = measure_in_child (self, "load", path, NULL);
      saves[i] = measure_in_child (self, "save", path, save_path);
    }

  /* The saved file is the generated one, byte for byte: load → save is
   * lossless at this size too. */
  {
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    gsize la = 0, lb = 0;

    g_assert_true (g_file_get_contents (path, &a, &la, NULL));
    g_assert_true (g_file_get_contents (save_path, &b, &lb, NULL));
    g_assert_cmpmem (a, la, b, lb);
  }

#define MEDIAN(array, field) \
  median_of ((array), runs, G_STRUCT_OFFSET (Measurement, field), v)

  t_parse = MEDIAN (parse, wall);
  t_load = MEDIAN (loads, wall);
  t_save = MEDIAN (saves, wall);
  m_parse = MEDIAN (parse, peak_kb);
  m_load = MEDIAN (loads, peak_kb);

  printf ("File: %.1f MB, %u spans, %u relations; medians of %u runs, each in a fresh process\n",
          st.st_size / 1e6, GEN_ARTICLE_N_SPANS, GEN_ARTICLE_N_RELATIONS, runs);
  printf ("                                                 wall (ms)   CPU (ms)\n");
  printf ("  json-c bare parse (read + json_tokener_parse)  %8.1f   %8.1f\n",
          t_parse * 1e3, MEDIAN (parse, cpu) * 1e3);
  printf ("  load + validate (newsmark_annotation_set_load) %8.1f   %8.1f\n",
          t_load * 1e3, MEDIAN (loads, cpu) * 1e3);
  printf ("  save (to_json + atomic write, fsync, backup)   %8.1f   %8.1f\n",
          t_save * 1e3, MEDIAN (saves, cpu) * 1e3);
  printf ("    to_json alone                                %8.1f   %8.1f\n",
          MEDIAN (saves, json_wall) * 1e3, MEDIAN (saves, json_cpu) * 1e3);
  printf ("  peak memory, json-c bare parse                 %8.1f MB\n", m_parse / 1024);
  printf ("  peak memory, load + validate                   %8.1f MB\n", m_load / 1024);
  printf ("Targets (wall clock):\n");
  ok &= check_target ("load+validate / bare parse", t_load / t_parse, 1.5);
  ok &= check_target ("save / bare parse", t_save / t_parse, 1.0);
  ok &= check_target ("peak memory / json-c tree", m_load / m_parse, 1.5);
#undef MEDIAN

  if (env_dir == NULL)
    remove_folder (folder);

  return ok ? 0 : 1;
}
