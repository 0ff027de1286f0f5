/* bench-core.c — load, save and memory of the core against bare json-c
 *
 * Generates the ~2 MB benchmark article (gen-article.c: 100,000 spans,
 * 20,000 relations) and measures, as medians over several runs:
 *   - load+validate: newsmark_annotation_set_load() of the file;
 *   - save: newsmark_annotation_set_save() (serialise + atomic write with
 *     fsync and backup), and newsmark_annotation_set_to_json() alone;
 *   - bare parse: g_file_get_contents() + json_tokener_parse() of the same
 *     file — the floor any json-c based reader starts from;
 *   - peak memory of a load and of a bare parse, each in a fresh process
 *     (this program re-executed) so that one measurement's heap cannot
 *     hide another's: VmHWM at the end minus VmRSS before the work.
 * Targets: load ≤ 1.5× bare parse; save ≤ bare parse; load's peak memory
 * ≤ 1.5× the bare parse's. Exits 1 when a target is missed.
 *
 * Environment: NEWSMARK_BENCH_RUNS (default 5), NEWSMARK_BENCH_DIR (work
 * folder, default a temporary one that is removed afterwards).
 */

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-c/json.h>

#include "gen-article.h"

#define MEMORY_RUNS 3

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

/* Child mode: `bench-core --measure parse|load FILE` prints the peak
 * resident memory the operation added, in kB. */
static int
measure_child (const char *what,
               const char *path)
{
  gint64 before, peak;

  /* Register the core's types and resources before the baseline so that
   * only the work itself is counted. */
  g_object_unref (newsmark_schema_new_default ());

  before = proc_status_kb ("VmRSS");

  if (g_str_equal (what, "parse"))
    {
      json_object *root = bare_parse (path);
      peak = proc_status_kb ("VmHWM");
      json_object_put (root);
    }
  else if (g_str_equal (what, "load"))
    {
      NewsmarkAnnotationSet *set = load (path);
      peak = proc_status_kb ("VmHWM");
      g_object_unref (set);
    }
  else
    {
      g_printerr ("bench-core: unknown measurement %s\n", what);
      return 2;
    }

  g_print ("%" G_GINT64_FORMAT "\n", peak - before);
  return 0;
}

static gint64
measure_in_child (const char *self,
                  const char *what,
                  const char *path)
{
  const char *argv[] = { self, "--measure", what, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("measuring %s: %s", what, error->message);

  return g_ascii_strtoll (out, NULL, 10);
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
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) save_file = NULL;
  const char *env_runs = g_getenv ("NEWSMARK_BENCH_RUNS");
  const char *env_dir = g_getenv ("NEWSMARK_BENCH_DIR");
  guint runs = env_runs != NULL ? (guint) MAX (1, atoi (env_runs)) : 5;
  double *parse_s, *load_s, *save_s, *to_json_s;
  double parse_kb[MEMORY_RUNS], load_kb[MEMORY_RUNS];
  double t_parse, t_load, t_save, t_to_json, m_parse, m_load;
  GStatBuf st;
  gint64 t0;
  gsize json_len = 0;
  guint n_spans, n_relations;
  gboolean ok = TRUE;

  if (argc == 4 && g_str_equal (argv[1], "--measure"))
    return measure_child (argv[2], argv[3]);

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
  g_print ("Machine: %s, %u cores, %.1f GiB RAM\n", cpu, g_get_num_processors (),
           mem_total_kb () / 1048576.0);

  t0 = g_get_monotonic_time ();
  path = gen_article_write (folder, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_print ("Generated %s in %.2f s: %.1f MB\n", path,
           (g_get_monotonic_time () - t0) / 1e6, st.st_size / 1e6);

  parse_s = g_new0 (double, runs);
  load_s = g_new0 (double, runs);
  save_s = g_new0 (double, runs);
  to_json_s = g_new0 (double, runs);

  /* One untimed pass of each warms the page cache and the allocator. */
  json_object_put (bare_parse (path));
  g_object_unref (load (path));

  for (guint i = 0; i < runs; i++)
    {
      json_object *root;
      NewsmarkAnnotationSet *loaded;

      t0 = g_get_monotonic_time ();
      root = bare_parse (path);
      parse_s[i] = (g_get_monotonic_time () - t0) / 1e6;
      json_object_put (root);

      t0 = g_get_monotonic_time ();
      loaded = load (path);
      load_s[i] = (g_get_monotonic_time () - t0) / 1e6;
      g_object_unref (loaded);
    }

  set = load (path);
  n_spans = g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
  n_relations = g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));
  g_assert_cmpuint (n_spans, ==, GEN_ARTICLE_N_SPANS);
  g_assert_cmpuint (n_relations, ==, GEN_ARTICLE_N_RELATIONS);

  save_path = g_build_filename (folder, "saved.newsmark.json", NULL);
  save_file = g_file_new_for_path (save_path);

  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *json = NULL;

      t0 = g_get_monotonic_time ();
      json = newsmark_annotation_set_to_json (set, &json_len);
      to_json_s[i] = (g_get_monotonic_time () - t0) / 1e6;

      t0 = g_get_monotonic_time ();
      if (!newsmark_annotation_set_save (set, save_file, &error))
        g_error ("save: %s", error->message);
      save_s[i] = (g_get_monotonic_time () - t0) / 1e6;
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

  for (guint i = 0; i < MEMORY_RUNS; i++)
    {
      parse_kb[i] = (double) measure_in_child (self, "parse", path);
      load_kb[i] = (double) measure_in_child (self, "load", path);
    }

  t_parse = median (parse_s, runs);
  t_load = median (load_s, runs);
  t_save = median (save_s, runs);
  t_to_json = median (to_json_s, runs);
  m_parse = median (parse_kb, MEMORY_RUNS);
  m_load = median (load_kb, MEMORY_RUNS);

  g_print ("File: %.1f MB, %u spans, %u relations; medians of %u runs (memory: %d runs)\n",
           st.st_size / 1e6, n_spans, n_relations, runs, MEMORY_RUNS);
  g_print ("  json-c bare parse (read + json_tokener_parse)  %8.1f ms\n", t_parse * 1e3);
  g_print ("  load + validate (newsmark_annotation_set_load)  %8.1f ms\n", t_load * 1e3);
  g_print ("  save (to_json + atomic write, fsync, backup)    %8.1f ms\n", t_save * 1e3);
  g_print ("    of which to_json                              %8.1f ms\n", t_to_json * 1e3);
  g_print ("  peak memory, json-c bare parse                  %8.1f MB\n", m_parse / 1024);
  g_print ("  peak memory, load + validate                    %8.1f MB\n", m_load / 1024);
  g_print ("Targets:\n");
  ok &= check_target ("load+validate / bare parse", t_load / t_parse, 1.5);
  ok &= check_target ("save / bare parse", t_save / t_parse, 1.0);
  ok &= check_target ("peak memory / json-c tree", m_load / m_parse, 1.5);

  g_free (parse_s);
  g_free (load_s);
  g_free (save_s);
  g_free (to_json_s);

  if (env_dir == NULL)
    remove_folder (folder);

  return ok ? 0 : 1;
}
