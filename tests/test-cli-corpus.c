/* test-cli-corpus.c — `newsmark-cli corpus` end to end
 *
 * Runs the built binary (NEWSMARK_CLI) on corpora generated here
 * (gen-corpus.c) and on a copy of the samples, with its index in a
 * temporary cache folder. Outputs are checked with json-c and against the
 * files themselves, not against the core.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-c/json.h>

#include "gen-corpus.h"
#include "test-format-common.h"

#define N_ARTICLES 60

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *cache_dir;

/* Runs newsmark-cli corpus ARGS… (NULL-terminated). */
static int G_GNUC_NULL_TERMINATED
corpus_cli (Run *run,
            ...)
{
  const char *cli = g_getenv ("NEWSMARK_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  run_clear (run);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "corpus");
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache_dir, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout:\n%.4000s\nstderr:\n%.4000s", run->status, run->out, run->err);
  return run->status;
}

static json_object *
parse (const char *text)
{
  json_object *root = json_tokener_parse (text);

  g_assert_nonnull (root);
  return root;
}

static json_object *
get (json_object *object,
     const char  *key)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value))
    g_error ("no key “%s” in %s", key, json_object_to_json_string (object));
  return value;
}

static json_object *
parse_file (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse (text);
}

static char *
generated (guint n)
{
  g_autofree char *base = format_test_tmpdir ();
  char *root = g_build_filename (base, "corpus", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gen_corpus_write (root, n, GEN_CORPUS_SEED, &error));
  g_assert_no_error (error);
  return root;
}

static void
remove_generated (const char *root)
{
  g_autofree char *base = g_path_get_dirname (root);

  format_test_rmtree (base);
}

/* ---- init ------------------------------------------------------------------------- */

static void
copy_samples (const char *to)
{
  g_autofree char *from = g_build_filename (g_getenv ("NEWSMARK_SOURCE_DIR"), "data", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_mkdir_with_parents (to, 0755);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
    }
}

static void
test_init_legacy (void)
{
  g_autofree char *base = format_test_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "samples", NULL);
  g_autofree char *manifest_path = g_build_filename (dir, "newsmark-corpus.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sample = g_build_filename (dir, "harbour-bridge.newsmark.json", NULL);
  json_object *manifest, *status;
  g_auto (Run) run = { 0 };

  copy_samples (dir);
  g_assert_true (g_file_get_contents (sample, &before, NULL, NULL));

  /* Without a manifest: one annotator, "main", whose files lie beside. */
  g_assert_cmpint (corpus_cli (&run, "status", "--json", dir, NULL), ==, 0);
  status = parse (run.out);
  g_assert_cmpstr (json_object_get_string (get (get (status, "corpus"), "beside")), ==, "main");
  g_assert_false (json_object_get_boolean (get (get (status, "corpus"), "manifest")));
  g_assert_cmpint (json_object_get_int (get (get (get (get (status, "totals"), "layers"), "main"), "in-progress")), ==, 4);
  json_object_put (status);

  g_assert_cmpint (corpus_cli (&run, "init", dir, "--annotators", "amara,li", "--per-article", "2", NULL), ==, 0);
  g_assert_nonnull (strstr (run.err, "added annotator “main”"));
  manifest = parse_file (manifest_path);
  g_assert_cmpstr (json_object_get_string (get (manifest, "format")), ==, "newsmark-corpus");
  g_assert_cmpstr (json_object_get_string (get (manifest, "beside")), ==, "main");
  g_assert_cmpint (json_object_array_length (get (manifest, "annotators")), ==, 3);
  g_assert_cmpint (json_object_get_int (get (manifest, "per_article")), ==, 2);
  json_object_put (manifest);

  /* The files beside the articles are untouched and still read. */
  g_assert_true (g_file_get_contents (sample, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (corpus_cli (&run, "status", "--json", dir, NULL), ==, 0);
  status = parse (run.out);
  g_assert_cmpint (json_object_get_int (get (get (get (get (status, "totals"), "layers"), "main"), "in-progress")), ==, 4);
  g_assert_cmpint (json_object_get_int (get (get (get (get (status, "totals"), "layers"), "amara"), "new")), ==, 4);
  json_object_put (status);

  g_assert_cmpint (corpus_cli (&run, "init", dir, "--annotators", "zoe", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "already exists"));

  format_test_rmtree (base);
}

static void
test_init_checks (void)
{
  g_autofree char *base = format_test_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "new", NULL);
  g_autofree char *schema_path = g_build_filename (dir, "labels.json", NULL);
  g_autofree char *manifest_path = g_build_filename (dir, "newsmark-corpus.json", NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *schema_json = newsmark_schema_to_json (schema);
  json_object *manifest;
  g_auto (Run) run = { 0 };

  g_assert_cmpint (corpus_cli (&run, "init", dir, NULL), ==, 2);
  g_assert_cmpint (corpus_cli (&run, "init", dir, "--annotators", "gold", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "reserved"));
  g_assert_cmpint (corpus_cli (&run, "init", dir, "--annotators", "a,b", "--per-article", "3", NULL), ==, 1);
  g_assert_false (g_file_test (manifest_path, G_FILE_TEST_EXISTS));

  /* A schema inside the corpus is named by its path. */
  g_assert_true (g_file_set_contents (schema_path, schema_json, -1, NULL));
  g_assert_cmpint (corpus_cli (&run, "init", dir, "--annotators", "a,b", "--schema", schema_path, NULL), ==, 0);
  manifest = parse_file (manifest_path);
  g_assert_cmpstr (json_object_get_string (get (manifest, "schema")), ==, "labels.json");
  g_assert_cmpint (json_object_get_int (get (manifest, "per_article")), ==, 2);
  json_object_put (manifest);

  format_test_rmtree (base);
}

/* ---- status ----------------------------------------------------------------------- */

static void
test_status (void)
{
  g_autofree char *root = generated (N_ARTICLES);
  json_object *status, *articles, *totals;
  guint done_a = 0, spans_b = 0;
  g_auto (Run) run = { 0 };

  g_assert_cmpint (corpus_cli (&run, "status", "--json", root, NULL), ==, 0);
  status = parse (run.out);
  articles = get (status, "articles");
  totals = get (status, "totals");
  g_assert_cmpint (json_object_array_length (articles), ==, N_ARTICLES);
  g_assert_cmpint (json_object_get_int (get (totals, "articles")), ==, N_ARTICLES);
  g_assert_cmpint (json_object_array_length (get (status, "problems")), ==, 0);
  for (size_t i = 0; i < json_object_array_length (articles); i++)
    {
      json_object *article = json_object_array_get_idx (articles, i);
      json_object *layers = get (article, "layers");
      g_autofree char *path = g_build_filename (root, json_object_get_string (get (article, "path")), NULL);
      g_autofree char *text = NULL;

      /* Length in code points of the file as it is. */
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_cmpint (json_object_get_int (get (article, "length")), ==, g_utf8_strlen (text, -1));
      if (g_str_equal (json_object_get_string (get (get (layers, "a"), "state")), "done"))
        done_a++;
      spans_b += json_object_get_int (get (get (layers, "b"), "spans"));
      g_assert_nonnull (get (layers, "gold"));
    }
  g_assert_cmpint (json_object_get_int (get (get (get (totals, "layers"), "a"), "done")), ==, done_a);
  g_assert_cmpint (json_object_get_int (get (get (get (totals, "layers"), "b"), "spans")), ==, spans_b);
  json_object_put (status);

  /* The text form: a header, one line per article, totals. */
  g_assert_cmpint (corpus_cli (&run, "status", root, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "section-00/story-00000.txt"));
  g_assert_nonnull (strstr (run.out, "60 articles;"));

  remove_generated (root);
}

/* ---- search ----------------------------------------------------------------------- */

static void
test_search (void)
{
  g_autofree char *root = generated (N_ARTICLES);
  json_object *result, *hits;
  g_auto (Run) run = { 0 };

  g_assert_cmpint (corpus_cli (&run, "search", "--json", root, "Tenants' Association", NULL), ==, 0);
  result = parse (run.out);
  hits = get (result, "hits");
  g_assert_cmpint (json_object_array_length (hits), >, 0);
  g_assert_cmpint (json_object_get_int (get (result, "found")), ==, json_object_array_length (hits));
  for (size_t i = 0; i < json_object_array_length (hits); i++)
    {
      json_object *hit = json_object_array_get_idx (hits, i);
      g_autofree char *path = g_build_filename (root, json_object_get_string (get (hit, "path")), NULL);
      g_autofree char *text = NULL;
      int start = json_object_get_int (get (hit, "start")), end = json_object_get_int (get (hit, "end"));
      g_autofree char *slice = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      slice = g_utf8_substring (text, start, end);
      /* The apostrophe in the article is curly: normalised, it matches. */
      g_assert_cmpstr (slice, ==, "Tenants’ Association");
      g_assert_cmpstr (json_object_get_string (get (hit, "match")), ==, slice);
      g_assert_cmpint (json_object_get_int (get (hit, "paragraph")), >=, 2);
    }
  json_object_put (result);

  g_assert_cmpint (corpus_cli (&run, "search", root, "no such words anywhere", NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "0 hits"));

  remove_generated (root);
}

/* ---- report ----------------------------------------------------------------------- */

static void
test_report (void)
{
  g_autofree char *root = generated (N_ARTICLES);
  g_autofree char *base = g_path_get_dirname (root);
  g_autofree char *report = g_build_filename (base, "out", "report.html", NULL);
  g_autofree char *out_dir = g_path_get_dirname (report);
  g_autofree char *html = NULL;
  g_autofree char *page = g_build_filename (out_dir, "report-articles", "section-00", "story-00000", "a.html", NULL);
  g_auto (Run) run = { 0 };

  g_mkdir_with_parents (out_dir, 0755);
  g_assert_cmpint (corpus_cli (&run, "report", root, "-o", report, "--title", "<b>Desk & co</b>", NULL), ==, 0);
  g_assert_true (g_file_get_contents (report, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "<title>&lt;b&gt;Desk &amp; co&lt;/b&gt;</title>"));
  g_assert_null (strstr (html, "<b>Desk"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "http://www.w3.org/1999"));
  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "Articles by state"));
  g_assert_nonnull (strstr (html, "Agreement"));
  g_assert_nonnull (strstr (html, "κ "));
  g_assert_nonnull (strstr (html, "href=\"report-articles/section-00/story-00000/a.html\""));
  g_assert_true (g_file_test (page, G_FILE_TEST_IS_REGULAR));
  /* Nothing fetched: no src= and no external link. */
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "href=\"http"));

  remove_generated (root);
}

/* ---- export ----------------------------------------------------------------------- */

/* article path → part, from an export's manifest. */
static GHashTable *
parts_of (const char *out)
{
  g_autofree char *path = g_build_filename (out, "newsmark-export.json", NULL);
  json_object *manifest = parse_file (path);
  json_object *articles = get (manifest, "articles");
  GHashTable *parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (size_t i = 0; i < json_object_array_length (articles); i++)
    {
      json_object *a = json_object_array_get_idx (articles, i);

      /* An article is in one part only. */
      g_assert_false (g_hash_table_contains (parts, json_object_get_string (get (a, "path"))));
      g_hash_table_insert (parts, g_strdup (json_object_get_string (get (a, "path"))),
                           g_strdup (json_object_get_string (get (a, "part"))));
    }
  json_object_put (manifest);
  return parts;
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_export_split (void)
{
  g_autofree char *root = generated (N_ARTICLES);
  g_autofree char *base = g_path_get_dirname (root);
  g_autofree char *out1 = g_build_filename (base, "out1", NULL);
  g_autofree char *out2 = g_build_filename (base, "out2", NULL);
  g_autofree char *out3 = g_build_filename (base, "out3", NULL);
  g_autofree char *out4 = g_build_filename (base, "out4", NULL);
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GHashTable) other_seed = NULL;
  g_autoptr(GHashTable) grown = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_train = 0, moved = 0;
  g_auto (Run) run = { 0 };

  g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "spacy-jsonl", "-o", out1, "--layer", "a",
                               "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "5", NULL), ==, 0);
  g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "spacy-jsonl", "-o", out2, "--layer", "a",
                               "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "5", NULL), ==, 0);
  g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "spacy-jsonl", "-o", out3, "--layer", "a",
                               "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "6", NULL), ==, 0);
  first = parts_of (out1);
  again = parts_of (out2);
  other_seed = parts_of (out3);
  g_assert_cmpuint (g_hash_table_size (first), ==, N_ARTICLES);

  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_cmpstr (g_hash_table_lookup (again, key), ==, value);
      if (!g_str_equal (g_hash_table_lookup (other_seed, key), value))
        moved++;
      if (g_str_equal (value, "train"))
        n_train++;
    }
  g_assert_cmpuint (moved, >, 0);
  /* One JSONL line per article of the part. */
  {
    g_autofree char *train = g_build_filename (out1, "train.jsonl", NULL);
    g_autofree char *dev = g_build_filename (out1, "dev.jsonl", NULL);
    g_autofree char *test = g_build_filename (out1, "test.jsonl", NULL);

    g_assert_cmpuint (count_lines (train), ==, n_train);
    g_assert_cmpuint (count_lines (train) + count_lines (dev) + count_lines (test), ==, N_ARTICLES);
  }

  /* More articles later: those there before keep their parts. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *bigger = g_build_filename (base, "bigger", NULL);

    g_assert_true (gen_corpus_write (bigger, N_ARTICLES + 40, GEN_CORPUS_SEED, &error));
    g_assert_cmpint (corpus_cli (&run, "export", bigger, "--to", "conll", "-o", out4, "--layer", "a",
                                 "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "5", NULL), ==, 0);
    grown = parts_of (out4);
    g_assert_cmpuint (g_hash_table_size (grown), ==, N_ARTICLES + 40);
    g_hash_table_iter_init (&iter, first);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpstr (g_hash_table_lookup (grown, key), ==, value);
  }

  /* Never into the corpus, never over something. */
  {
    g_autofree char *inside = g_build_filename (root, "export", NULL);

    g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "conll", "-o", inside, NULL), ==, 1);
    g_assert_nonnull (strstr (run.err, "inside the corpus"));
    g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "conll", "-o", out1, NULL), ==, 1);
    g_assert_nonnull (strstr (run.err, "not empty"));
    g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "conll", "-o", out4, "--split", "a=0.5", NULL), ==, 2);
  }

  remove_generated (root);
}

static void
test_export_formats (void)
{
  g_autofree char *root = generated (12);
  g_autofree char *base = g_path_get_dirname (root);
  static const char * const formats[] = {
    "newsmark", "brat", "spacy-jsonl", "doccano-jsonl", "label-studio", "conll", "webanno-tsv",
  };
  g_auto (Run) run = { 0 };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *out = g_build_filename (base, formats[f], NULL);
      g_autofree char *manifest_path = g_build_filename (out, "newsmark-export.json", NULL);
      json_object *manifest, *articles;

      g_assert_cmpint (corpus_cli (&run, "export", root, "--to", formats[f], "-o", out, "--layer", "b",
                                   "--split", "train=0.5,test=0.5", NULL), ==, 0);
      manifest = parse_file (manifest_path);
      articles = get (manifest, "articles");
      g_assert_cmpint (json_object_array_length (articles), ==, 12);
      for (size_t i = 0; i < json_object_array_length (articles); i++)
        {
          json_object *a = json_object_array_get_idx (articles, i);
          g_autofree char *written = g_build_filename (out, json_object_get_string (get (a, "output")), NULL);

          /* Every output named is there. */
          g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
        }
      json_object_put (manifest);
    }

  /* A part exported as Newsmark is a corpus of its own. */
  {
    g_autofree char *part = g_build_filename (base, "newsmark", "train", NULL);

    g_assert_cmpint (corpus_cli (&run, "status", "--json", part, NULL), ==, 0);
  }

  remove_generated (root);
}

/* ---- A broken file ---------------------------------------------------------------- */

static void
test_broken_file (void)
{
  g_autofree char *root = generated (N_ARTICLES);
  g_autofree char *base = g_path_get_dirname (root);
  g_autofree char *broken = g_build_filename (root, "annotations", "a", "section-03", "story-00003.newsmark.json", NULL);
  g_autofree char *out = g_build_filename (base, "out", NULL);
  g_autofree char *manifest_path = g_build_filename (out, "newsmark-export.json", NULL);
  g_autofree char *text = NULL;
  json_object *manifest, *skipped, *status;
  g_auto (Run) run = { 0 };

  g_assert_true (g_file_get_contents (broken, &text, NULL, NULL));
  text[strlen (text) / 2] = '\0';
  g_assert_true (g_file_set_contents (broken, text, -1, NULL));

  /* Listed with the file and line:column; the rest as usual; exit 1. */
  g_assert_cmpint (corpus_cli (&run, "status", root, NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "annotations/a/section-03/story-00003.newsmark.json:"));
  g_assert_nonnull (strstr (run.err, ": error: "));
  g_assert_nonnull (strstr (run.out, "BROKEN"));
  g_assert_nonnull (strstr (run.out, "60 articles;"));
  g_assert_cmpint (corpus_cli (&run, "status", "--json", root, NULL), ==, 1);
  status = parse (run.out);
  g_assert_cmpint (json_object_get_int (get (get (get (get (status, "totals"), "layers"), "a"), "broken")), ==, 1);
  g_assert_cmpint (json_object_array_length (get (status, "problems")), >=, 1);
  json_object_put (status);

  /* Exported around it, and said so. */
  g_assert_cmpint (corpus_cli (&run, "export", root, "--to", "conll", "-o", out, "--layer", "a", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "section-03/story-00003.txt: error: left out of the export: the a layer has errors"));
  manifest = parse_file (manifest_path);
  skipped = get (manifest, "skipped");
  g_assert_cmpint (json_object_array_length (skipped), ==, 1);
  g_assert_cmpstr (json_object_get_string (get (json_object_array_get_idx (skipped, 0), "path")), ==,
                   "section-03/story-00003.txt");
  g_assert_cmpint (json_object_array_length (get (manifest, "articles")), ==, N_ARTICLES - 1);
  json_object_put (manifest);

  /* Only layers marked done: the others are listed as left out. */
  {
    g_autofree char *out2 = g_build_filename (base, "out2", NULL);

    corpus_cli (&run, "export", root, "--to", "conll", "-o", out2, "--layer", "a", "--state", "done", NULL);
    g_assert_nonnull (strstr (run.err, "is not marked done (in-progress)"));
  }

  remove_generated (root);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  cache_dir = format_test_tmpdir ();

  g_test_add_func ("/cli-corpus/init/legacy", test_init_legacy);
  g_test_add_func ("/cli-corpus/init/checks", test_init_checks);
  g_test_add_func ("/cli-corpus/status", test_status);
  g_test_add_func ("/cli-corpus/search", test_search);
  g_test_add_func ("/cli-corpus/report", test_report);
  g_test_add_func ("/cli-corpus/export/split", test_export_split);
  g_test_add_func ("/cli-corpus/export/formats", test_export_formats);
  g_test_add_func ("/cli-corpus/broken-file", test_broken_file);

  result = g_test_run ();
  format_test_rmtree (cache_dir);
  g_free (cache_dir);
  return result;
}
