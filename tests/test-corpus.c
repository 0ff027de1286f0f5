/* test-corpus.c — the corpus workspace: layer states, manifest, layout,
 * index, monitoring, search and splits */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

#include "test-format-common.h"

#define TEXT "Mayor Renée Okafor said “the bridge is safe” on Friday — Acme 🚲 disagreed."

static const NewsmarkProblem *
find_problem (GPtrArray  *problems,
              const char *path,
              const char *message_part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->json_path, path) == 0 &&
          (message_part == NULL || strstr (p->message, message_part) != NULL))
        return p;
    }
  return NULL;
}

static void
dump_problems (GPtrArray *problems)
{
  g_autofree char *text = newsmark_problems_to_string (problems);

  g_test_message ("problems:\n%s", text);
}

/* ---- Layer state in the annotation file ---------------------------------------- */

static NewsmarkAnnotationSet *
new_set (const char *text)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();

  return newsmark_annotation_set_new (document, schema);
}

static NewsmarkAnnotationSet *
reload (NewsmarkAnnotationSet *set)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = newsmark_annotation_set_to_json (set, NULL);
  NewsmarkAnnotationSet *back;

  back = newsmark_annotation_set_load_data (json, strlen (json), "state.newsmark.json", 0, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_state_round_trip (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = new_set (TEXT);
  g_autoptr(NewsmarkAnnotationSet) back = NULL;
  g_autoptr(NewsmarkAnnotationSet) again = NULL;
  g_autofree char *json = NULL;
  GPtrArray *log;
  const NewsmarkLogEntry *entry;

  newsmark_annotation_set_set_annotator (set, "alice");
  g_assert_false (newsmark_annotation_set_get_done (set));
  json = newsmark_annotation_set_to_json (set, NULL);
  g_assert_null (strstr (json, "\"state\""));
  g_clear_pointer (&json, g_free);

  newsmark_annotation_set_set_done (set, TRUE);
  g_assert_true (newsmark_annotation_set_get_done (set));
  g_assert_true (newsmark_annotation_set_get_modified (set));
  log = newsmark_annotation_set_get_log (set);
  g_assert_cmpuint (log->len, ==, 1);
  entry = g_ptr_array_index (log, 0);
  g_assert_cmpstr (entry->action, ==, "state");
  g_assert_cmpstr (entry->who, ==, "alice");
  g_assert_cmpstr (entry->detail_json, ==, "{\"before\": \"in-progress\", \"after\": \"done\"}");

  /* Setting the same state again changes nothing and logs nothing. */
  newsmark_annotation_set_set_done (set, TRUE);
  g_assert_cmpuint (log->len, ==, 1);

  json = newsmark_annotation_set_to_json (set, NULL);
  g_assert_nonnull (strstr (json, "  \"version\": 1,\n  \"state\": \"done\",\n  \"document\": {"));

  back = reload (set);
  g_assert_true (newsmark_annotation_set_get_done (back));
  g_assert_false (newsmark_annotation_set_get_modified (back));
  log = newsmark_annotation_set_get_log (back);
  g_assert_cmpuint (log->len, ==, 1);
  entry = g_ptr_array_index (log, 0);
  g_assert_cmpstr (entry->detail_json, ==, "{\"before\": \"in-progress\", \"after\": \"done\"}");

  /* Saved again unchanged: the same bytes. */
  {
    g_autofree char *json2 = newsmark_annotation_set_to_json (back, NULL);

    g_assert_cmpstr (json2, ==, json);
  }

  newsmark_annotation_set_set_done (back, FALSE);
  g_assert_cmpuint (log->len, ==, 2);
  entry = g_ptr_array_index (log, 1);
  g_assert_cmpstr (entry->detail_json, ==, "{\"before\": \"done\", \"after\": \"in-progress\"}");
  again = reload (back);
  g_assert_false (newsmark_annotation_set_get_done (again));
}

static void
expect_state_error (const char *value,
                    const char *message)
{
  g_autoptr(NewsmarkAnnotationSet) set = new_set (TEXT);
  g_autofree char *json = newsmark_annotation_set_to_json (set, NULL);
  g_autofree char *replacement = g_strdup_printf ("\"version\": 1,\n  \"state\": %s,", value);
  g_auto(GStrv) halves = g_strsplit (json, "\"version\": 1,", 2);
  g_autofree char *edited = g_strjoin (replacement, halves[0], halves[1], NULL);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) back = NULL;
  const NewsmarkProblem *p;

  back = newsmark_annotation_set_load_data (edited, strlen (edited), "state.newsmark.json", 0, problems, &error);
  g_assert_null (back);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  p = find_problem (problems, "state", message);
  if (p == NULL)
    dump_problems (problems);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->file, ==, "state.newsmark.json");
}

static void
test_state_strict (void)
{
  expect_state_error ("\"in-progress\"",
                      "expected \"done\", got \"in-progress\" (leave the key out while the work is in progress)");
  expect_state_error ("\"Done\"", "expected \"done\", got \"Done\"");
  expect_state_error ("true", "expected a string, got boolean");
}

/* ---- Helpers ------------------------------------------------------------------------ */

static void
put (const char *root,
     const char *rel,
     const char *contents)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Sets the file's modification time @seconds_ago seconds back, plus @nsec. */
static void
set_mtime (const char *root,
           const char *rel,
           gint64      seconds_ago,
           long        nsec)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  struct timespec times[2];

  times[0].tv_sec = time (NULL) - seconds_ago;
  times[0].tv_nsec = 0;
  times[1].tv_sec = times[0].tv_sec;
  times[1].tv_nsec = nsec;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
age_all (const char *root,
         const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = rel[0] != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        age_all (root, child);
      else
        set_mtime (root, child, 3600, 0);
    }
}

typedef struct {
  const char *label;
  guint       start;
  guint       end;
} Mark;

/* An annotation file for @text with @marks (accepted spans). Its
 * document.path is written into the text as any program could write it:
 * whether it may climb out of the file's folder depends on where the file
 * is put. */
static char *
layer_json (const char *text,
            const char *document_path,
            const Mark *marks,
            guint       n_marks,
            gboolean    done)
{
  g_autoptr(NewsmarkAnnotationSet) set = new_set (text);
  g_autofree char *json = NULL;
  g_autofree char *member = NULL;
  g_auto(GStrv) halves = NULL;

  newsmark_annotation_set_set_annotator (set, "tester");
  for (guint i = 0; i < n_marks; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (newsmark_annotation_set_create_span (set, marks[i].label, marks[i].start, marks[i].end, &error));
      g_assert_no_error (error);
    }
  if (done)
    newsmark_annotation_set_set_done (set, TRUE);
  json = newsmark_annotation_set_to_json (set, NULL);
  if (document_path == NULL)
    return g_steal_pointer (&json);
  halves = g_strsplit (json, "\"document\": {\n", 2);
  g_assert_nonnull (halves[1]);
  member = g_strdup_printf ("\"document\": {\n    \"path\": \"%s\",\n", document_path);
  return g_strjoin (member, halves[0], halves[1], NULL);
}

static NewsmarkCorpus *
load_corpus (const char          *root,
             NewsmarkCorpusFlags  flags)
{
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(NewsmarkCorpus) corpus = newsmark_corpus_new (folder, flags);
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_corpus_load (corpus, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&corpus);
}

static NewsmarkCorpusLayer *
layer_of (NewsmarkCorpus *corpus,
          const char     *article,
          const char     *annotator)
{
  NewsmarkCorpusArticle *found = newsmark_corpus_find_article (corpus, article);

  g_assert_nonnull (found);
  return newsmark_corpus_article_find_layer (found, annotator);
}

static void
dump_corpus_problems (NewsmarkCorpus *corpus)
{
  dump_problems (newsmark_corpus_get_problems (corpus));
}

static const char *
paths_of (NewsmarkCorpus *corpus)
{
  static char buffer[4096];
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (corpus)); i++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (corpus), i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, newsmark_corpus_article_get_path (article));
    }
  g_strlcpy (buffer, out->str, sizeof buffer);
  return buffer;
}

#define MANIFEST(annotators, extra) \
  "{\"format\": \"newsmark-corpus\", \"version\": 1, \"name\": \"test\", \"annotators\": " annotators \
  ", \"per_article\": 2" extra ", \"schema\": \"schema.json\"}"

static void
put_schema (const char *root)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *json = newsmark_schema_to_json (schema);

  put (root, "schema.json", json);
}

/* ---- Manifest ----------------------------------------------------------------------- */

static void
expect_manifest_problem (const char *root,
                         const char *json,
                         const char *path,
                         const char *message_part)
{
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkCorpusManifest) manifest = NULL;
  const NewsmarkProblem *p;

  manifest = newsmark_corpus_manifest_load_data (folder, json, strlen (json), "newsmark-corpus.json", problems, &error);
  g_assert_null (manifest);
  g_assert_nonnull (error);
  p = find_problem (problems, path, message_part);
  if (p == NULL)
    dump_problems (problems);
  g_assert_nonnull (p);
  g_assert_cmpint (p->severity, ==, NEWSMARK_SEVERITY_ERROR);
  g_assert_cmpstr (p->file, ==, "newsmark-corpus.json");
}

static void
test_manifest_strict (void)
{
  g_autofree char *root = format_test_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkCorpusManifest) manifest = NULL;
  g_autofree char *json = NULL;
  const char *good = MANIFEST ("[\"amara\", \"li\"]", "");

  put_schema (root);
  manifest = newsmark_corpus_manifest_load_data (folder, good, strlen (good), NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  g_assert_cmpstr (newsmark_corpus_manifest_get_name (manifest), ==, "test");
  g_assert_cmpuint (g_strv_length ((char **) newsmark_corpus_manifest_get_annotators (manifest)), ==, 2);
  g_assert_cmpuint (newsmark_corpus_manifest_get_per_article (manifest), ==, 2);
  g_assert_cmpstr (newsmark_corpus_manifest_get_schema_path (manifest), ==, "schema.json");
  g_assert_null (newsmark_corpus_manifest_get_beside (manifest));

  /* Written back: the same manifest, byte for byte the next time. */
  json = newsmark_corpus_manifest_to_json (manifest);
  {
    g_autoptr(NewsmarkCorpusManifest) again = newsmark_corpus_manifest_load_data (folder, json, strlen (json),
                                                                                   NULL, NULL, &error);
    g_autofree char *json2 = NULL;

    g_assert_no_error (error);
    json2 = newsmark_corpus_manifest_to_json (again);
    g_assert_cmpstr (json2, ==, json);
  }

  expect_manifest_problem (root, MANIFEST ("[\"amara\"]", ", \"colour\": 1"), "colour", "unknown key");
  expect_manifest_problem (root, MANIFEST ("[\"amara\", \"Amara\"]", ""), "annotators[1]", "given twice");
  expect_manifest_problem (root, MANIFEST ("[\"Gold\", \"li\"]", ""), "annotators[0]", "reserved");
  expect_manifest_problem (root, MANIFEST ("[\"amara\", \"../li\"]", ""), "annotators[1]", "folder name");
  expect_manifest_problem (root, MANIFEST ("[\"amara\", 3]", ""), "annotators[1]", "expected a string");
  expect_manifest_problem (root, MANIFEST ("[\"amara\"]", ""), "per_article", "2 is not between 1 and");
  expect_manifest_problem (root, MANIFEST ("[\"amara\", \"li\"]", ", \"beside\": \"zoe\""), "beside",
                           "not one of the annotators");
  expect_manifest_problem (root, "{\"format\": \"newsmark-corpus\", \"version\": 1, \"name\": \"t\", "
                           "\"annotators\": [\"a\"], \"per_article\": 1, \"schema\": \"../schema.json\"}",
                           "schema", "inside the corpus folder");
  expect_manifest_problem (root, "{\"format\": \"newsmark-corpus\", \"version\": 1, \"name\": \"t\", "
                           "\"annotators\": [\"a\"], \"per_article\": 1, \"schema\": {\"format\": \"newsmark-schema\", "
                           "\"name\": \"s\", \"labels\": [{\"name\": \"X\", \"category\": \"entity\", \"colour\": \"red\"}], "
                           "\"relations\": []}}",
                           "schema.labels[0].colour", NULL);
  expect_manifest_problem (root, "{\"format\": \"newsmark-corpus\", \"version\": 2}", "version", "newer Newsmark");
  expect_manifest_problem (root, "{\"format\": \"newsmark-annotations\", \"version\": 1}", "format",
                           "not a Newsmark corpus manifest");
  {
    /* Strict tokener: trailing bytes are a syntax error with line:column. */
    g_autofree char *trailing = g_strconcat (good, " x", NULL);
    g_autoptr(GPtrArray) syntax = newsmark_problems_new ();
    g_autoptr(GError) syntax_error = NULL;
    g_autoptr(NewsmarkCorpusManifest) none = NULL;

    none = newsmark_corpus_manifest_load_data (folder, trailing, strlen (trailing), NULL, syntax, &syntax_error);
    g_assert_null (none);
    g_assert_error (syntax_error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
    g_assert_cmpuint (syntax->len, ==, 1);
    g_assert_cmpint (((NewsmarkProblem *) g_ptr_array_index (syntax, 0))->line, ==, 1);
  }

  format_test_rmtree (root);
}

/* ---- Layout ------------------------------------------------------------------------- */

#define ARTICLE_TEXT "Renée Okafor said the “bridge is safe”.\n\nAcme disagreed on Friday.\n"

static void
test_layout_any_depth (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 }, { "ORG", 42, 46 } };
  g_autofree char *done_a = layer_json (ARTICLE_TEXT, "../../../../../a/b/c/deep.txt", marks, 2, TRUE);
  g_autofree char *wip_b = layer_json (ARTICLE_TEXT, "../../top.txt", marks, 1, FALSE);
  g_autofree char *gold = layer_json (ARTICLE_TEXT, "../../../../../a/b/c/deep.txt", marks, 2, TRUE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  NewsmarkCorpusArticle *article;
  NewsmarkCorpusLayer *layer;

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "top.txt", ARTICLE_TEXT);
  put (root, "a/b/c/deep.txt", ARTICLE_TEXT);
  put (root, "a/notes.md", "not an article");
  put (root, ".git/objects/x.txt", "hidden: not an article");
  put (root, "a/.hidden.txt", "hidden: not an article");
  put (root, "annotations/amara/a/b/c/deep.newsmark.json", done_a);
  put (root, "annotations/li/top.newsmark.json", wip_b);
  put (root, "annotations/gold/a/b/c/deep.newsmark.json", gold);
  put (root, "annotations/amara/readme.txt", "inside the layers folder: not an article");

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  dump_corpus_problems (corpus);
  g_assert_cmpstr (paths_of (corpus), ==, "a/b/c/deep.txt top.txt");
  g_assert_cmpuint (newsmark_corpus_get_n_errors (corpus), ==, 0);

  article = newsmark_corpus_find_article (corpus, "a/b/c/deep.txt");
  g_assert_cmpstr (newsmark_corpus_article_get_title (article), ==, "Renée Okafor said the “bridge is safe”.");
  g_assert_cmpuint (newsmark_corpus_article_get_length (article), ==, g_utf8_strlen (ARTICLE_TEXT, -1));
  g_assert_cmpuint (newsmark_corpus_article_get_n_layers (article), ==, 3);
  g_assert_true (newsmark_corpus_article_get_curated (article));
  g_assert_cmpuint (newsmark_corpus_article_get_n_done (article), ==, 1);

  layer = newsmark_corpus_article_find_layer (article, "amara");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_DONE);
  g_assert_cmpstr (newsmark_corpus_layer_get_path (layer), ==, "annotations/amara/a/b/c/deep.newsmark.json");
  g_assert_cmpuint (newsmark_corpus_layer_get_n_accepted (layer), ==, 2);
  g_assert_cmpuint (newsmark_corpus_layer_get_label_count (layer, "PERSON"), ==, 1);
  g_assert_cmpuint (newsmark_corpus_layer_get_label_count (layer, "ORG"), ==, 1);
  g_assert_cmpstr (newsmark_corpus_layer_get_labels (layer)[0], ==, "ORG");
  g_assert_cmpint (newsmark_corpus_layer_get_state (newsmark_corpus_article_find_layer (article, "li")), ==,
                   NEWSMARK_LAYER_NEW);

  layer = layer_of (corpus, "top.txt", "li");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_IN_PROGRESS);
  g_assert_cmpuint (newsmark_corpus_layer_get_n_accepted (layer), ==, 1);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "top.txt", "gold")), ==, NEWSMARK_LAYER_NEW);

  /* A layer loads for editing, with its file and the article it names. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = newsmark_corpus_load_layer (corpus, article, "amara", NEWSMARK_LOAD_DEFAULT,
                                                                        NULL, &error);
    g_autofree char *expected = g_build_filename (root, "annotations/amara/a/b/c/deep.newsmark.json", NULL);
    g_autofree char *got = NULL;

    g_assert_no_error (error);
    got = g_file_get_path (newsmark_annotation_set_get_file (set));
    g_assert_cmpstr (got, ==, expected);
    g_assert_true (newsmark_annotation_set_get_done (set));
    g_assert_nonnull (newsmark_document_get_file (newsmark_annotation_set_get_document (set)));
  }

  /* A new layer is started in place, named relative to its file. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = newsmark_corpus_create_layer (corpus, article, "li", &error);
    g_autoptr(NewsmarkCorpus) again = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "../../../../../a/b/c/deep.txt");
    g_assert_null (newsmark_corpus_create_layer (corpus, article, "li", &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
    again = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
    g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (again, "a/b/c/deep.txt", "li")), ==,
                     NEWSMARK_LAYER_IN_PROGRESS);
    g_assert_cmpuint (newsmark_corpus_get_n_errors (again), ==, 0);
  }

  format_test_rmtree (root);
}

static void
test_layout_problems (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *ok = layer_json (ARTICLE_TEXT, "../../story.txt", marks, 1, FALSE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  GPtrArray *problems;

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "story.txt", ARTICLE_TEXT);
  put (root, "annotations/amara/story.newsmark.json", ok);
  put (root, "annotations/amara/gone.newsmark.json", ok);
  put (root, "annotations/zoe/story.newsmark.json", ok);
  put (root, "story.newsmark.json", ok);

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  problems = newsmark_corpus_get_problems (corpus);
  dump_problems (problems);
  g_assert_nonnull (find_problem (problems, NULL, "no article gone.txt for this layer"));
  g_assert_cmpstr (find_problem (problems, NULL, "no article gone.txt")->file, ==, "annotations/amara/gone.newsmark.json");
  g_assert_cmpstr (find_problem (problems, NULL, "not an annotator of this corpus")->file, ==, "annotations/zoe");
  g_assert_cmpstr (find_problem (problems, NULL, "beside the articles")->file, ==, "story.newsmark.json");
  /* Warnings: nothing is broken, nothing is dropped without a word. */
  g_assert_cmpuint (newsmark_corpus_get_n_errors (corpus), ==, 0);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "story.txt", "amara")), ==,
                   NEWSMARK_LAYER_IN_PROGRESS);

  format_test_rmtree (root);
}

/* Today's folders: the article and its file beside it, no manifest. */
static void
test_legacy_folder (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 }, { "DATE", 60, 66 } };
  g_autofree char *beside = layer_json (ARTICLE_TEXT, "story.txt", marks, 2, FALSE);
  g_autofree char *deeper = layer_json (ARTICLE_TEXT, "other.txt", marks, 1, TRUE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  NewsmarkCorpusManifest *manifest;
  NewsmarkCorpusLayer *layer;

  put (root, "story.txt", ARTICLE_TEXT);
  put (root, "story.newsmark.json", beside);
  put (root, "desk/other.txt", ARTICLE_TEXT);
  put (root, "desk/other.newsmark.json", deeper);
  put (root, "desk/plain.txt", "Not annotated yet.\n");

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  manifest = newsmark_corpus_get_manifest (corpus);
  g_assert_true (newsmark_corpus_manifest_is_implicit (manifest));
  g_assert_cmpstr (newsmark_corpus_manifest_get_beside (manifest), ==, NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR);
  g_assert_cmpstr (newsmark_corpus_get_annotators (corpus)[0], ==, "main");
  g_assert_null (newsmark_corpus_get_annotators (corpus)[1]);
  g_assert_cmpstr (paths_of (corpus), ==, "desk/other.txt desk/plain.txt story.txt");
  dump_corpus_problems (corpus);
  g_assert_cmpuint (newsmark_corpus_get_problems (corpus)->len, ==, 0);

  layer = layer_of (corpus, "story.txt", "main");
  g_assert_cmpstr (newsmark_corpus_layer_get_path (layer), ==, "story.newsmark.json");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_IN_PROGRESS);
  g_assert_cmpuint (newsmark_corpus_layer_get_n_accepted (layer), ==, 2);
  layer = layer_of (corpus, "desk/other.txt", "main");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_DONE);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "desk/plain.txt", "main")), ==,
                   NEWSMARK_LAYER_NEW);
  g_assert_cmpstr (newsmark_corpus_layer_get_path (layer_of (corpus, "desk/plain.txt", "gold")), ==,
                   "annotations/gold/desk/plain.newsmark.json");

  /* The files open as before, one by one. */
  {
    g_autofree char *path = g_build_filename (root, "story.newsmark.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (set);
  }

  format_test_rmtree (root);
}

/* ---- Broken files ------------------------------------------------------------------- */

static void
test_broken_files (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *ok = layer_json (ARTICLE_TEXT, "../../story.txt", marks, 1, TRUE);
  g_autofree char *escaping = layer_json (ARTICLE_TEXT, "../../../../etc/passwd", marks, 1, FALSE);
  g_autofree char *elsewhere = layer_json (ARTICLE_TEXT, "../../other.txt", marks, 1, FALSE);
  g_autofree char *changed = layer_json ("An older version of the story.\n", "../../other.txt", NULL, 0, FALSE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_auto(GStrv) halves = NULL;
  g_autofree char *out_of_range = NULL;
  NewsmarkCorpusLayer *layer;
  const NewsmarkProblem *p;

  /* A span that ends past the text: a problem with its JSON path. */
  halves = g_strsplit (ok, "\"end\": 12", 2);
  out_of_range = g_strjoin ("\"end\": 999", halves[0], halves[1], NULL);

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "story.txt", ARTICLE_TEXT);
  put (root, "other.txt", ARTICLE_TEXT);
  put (root, "annotations/amara/story.newsmark.json", ok);
  put (root, "annotations/li/story.newsmark.json", "{\"format\": \"newsmark-annotations\",\n  \"version\": 1,,}");
  put (root, "annotations/amara/other.newsmark.json", out_of_range);
  put (root, "annotations/li/other.newsmark.json", changed);
  put (root, "annotations/gold/other.newsmark.json", escaping);
  put (root, "annotations/gold/story.newsmark.json", elsewhere);
  put (root, "latin1.txt", "caf\xe9 cr\xe8me\n");

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);

  /* An article that is not UTF-8: said where, the rest goes on. */
  {
    NewsmarkCorpusArticle *bad = newsmark_corpus_find_article (corpus, "latin1.txt");
    GPtrArray *article_problems = newsmark_corpus_article_get_problems (bad);

    g_assert_cmpuint (newsmark_corpus_article_get_n_errors (bad), ==, 1);
    g_assert_cmpstr (((NewsmarkProblem *) g_ptr_array_index (article_problems, 0))->file, ==, "latin1.txt");
    g_assert_nonnull (strstr (((NewsmarkProblem *) g_ptr_array_index (article_problems, 0))->message,
                              "byte offset 3"));
    g_assert_cmpuint (newsmark_corpus_article_get_length (bad), ==, 0);
  }

  layer = layer_of (corpus, "story.txt", "li");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_BROKEN);
  p = g_ptr_array_index (newsmark_corpus_layer_get_problems (layer), 0);
  g_assert_cmpstr (p->file, ==, "annotations/li/story.newsmark.json");
  g_assert_cmpint (p->line, ==, 2);
  g_assert_cmpint (p->column, >, 0);

  layer = layer_of (corpus, "other.txt", "amara");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_BROKEN);
  g_assert_nonnull (find_problem (newsmark_corpus_layer_get_problems (layer), "spans[0].end", "past the end"));
  g_assert_cmpuint (newsmark_corpus_layer_get_n_spans (layer), ==, 0);

  /* document.path leading out of the corpus: refused. */
  layer = layer_of (corpus, "other.txt", "gold");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_BROKEN);
  g_assert_nonnull (find_problem (newsmark_corpus_layer_get_problems (layer), "document.path", "leads outside"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (newsmark_corpus_load_layer (corpus, newsmark_corpus_find_article (corpus, "other.txt"),
                                               "gold", NEWSMARK_LOAD_DEFAULT, NULL, &error));
    g_assert_nonnull (error);
  }

  /* Naming another article, or an article that changed: warnings. */
  layer = layer_of (corpus, "story.txt", "gold");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_IN_PROGRESS);
  g_assert_nonnull (find_problem (newsmark_corpus_layer_get_problems (layer), "document.path", "names other.txt"));
  layer = layer_of (corpus, "other.txt", "li");
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_IN_PROGRESS);
  g_assert_nonnull (find_problem (newsmark_corpus_layer_get_problems (layer), "document.sha256", "has changed"));

  /* The rest of the corpus is as usual. */
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "story.txt", "amara")), ==, NEWSMARK_LAYER_DONE);
  g_assert_cmpuint (newsmark_corpus_get_n_errors (corpus), ==, 4);
  g_assert_cmpuint (newsmark_corpus_article_get_n_errors (newsmark_corpus_find_article (corpus, "story.txt")), ==, 1);

  format_test_rmtree (root);
}

/* @json with the first @from replaced by @to. */
static char *
edited (const char *json,
        const char *from,
        const char *to)
{
  g_auto(GStrv) halves = g_strsplit (json, from, 2);

  g_assert_nonnull (halves[1]);
  return g_strjoin (to, halves[0], halves[1], NULL);
}

/* A corpus reads its (small) layers as one tree, with every rule of the
 * annotation file: strings taken exactly or not at all, no key twice, a
 * relative document.path. */
static void
test_layer_strict (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *ok = layer_json (ARTICLE_TEXT, "../../story.txt", marks, 1, FALSE);
  g_autofree char *absolute_path = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  static const struct {
    const char *annotator;
    const char *article;
    const char *from;
    const char *to;
    const char *json_path;
    const char *message;
  } cases[] = {
    { "amara", "story.txt", "\"label\": \"PERSON\"", "\"label\": \"ORG\", \"label\": \"PERSON\"", "spans[0].label",
      "duplicate key \"label\"" },
    { "li", "story.txt", "\"who\": \"tester\"", "\"who\": \"tes\\u0000ter\"", "log[0].who",
      "\\u0000 (a NUL character) at code point 3 of the string" },
    { "gold", "story.txt", "\"who\": \"tester\"", "\"who\": \"\\ud800tester\"", "log[0].who",
      "lone surrogate \\uD800" },
  };

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "story.txt", ARTICLE_TEXT);
  put (root, "other.txt", ARTICLE_TEXT);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rel = g_strdup_printf ("annotations/%s/%s", cases[i].annotator, "story.newsmark.json");
      g_autofree char *bad = edited (ok, cases[i].from, cases[i].to);

      put (root, rel, bad);
    }
  /* Absolute, even when it names the article inside the corpus. */
  absolute_path = g_build_filename (root, "other.txt", NULL);
  {
    g_autofree char *member = g_strdup_printf ("\"path\": \"%s\"", absolute_path);

    absolute = edited (ok, "\"path\": \"../../story.txt\"", member);
  }
  put (root, "annotations/amara/other.newsmark.json", absolute);

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  for (guint i = 0; i < G_N_ELEMENTS (cases) + 1; i++)
    {
      const char *annotator = i < G_N_ELEMENTS (cases) ? cases[i].annotator : "amara";
      const char *article = i < G_N_ELEMENTS (cases) ? cases[i].article : "other.txt";
      const char *json_path = i < G_N_ELEMENTS (cases) ? cases[i].json_path : "document.path";
      const char *message = i < G_N_ELEMENTS (cases) ? cases[i].message : "is an absolute path";
      NewsmarkCorpusLayer *layer = layer_of (corpus, article, annotator);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (newsmark_corpus_layer_get_state (layer), ==, NEWSMARK_LAYER_BROKEN);
      if (find_problem (newsmark_corpus_layer_get_problems (layer), json_path, message) == NULL)
        {
          dump_problems (newsmark_corpus_layer_get_problems (layer));
          g_error ("%s of %s: expected “%s” at %s", annotator, article, message, json_path);
        }
      g_assert_null (newsmark_corpus_load_layer (corpus, newsmark_corpus_find_article (corpus, article), annotator,
                                                 NEWSMARK_LOAD_DEFAULT, NULL, &error));
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
    }

  format_test_rmtree (root);
}

static void
test_symbolic_links (void)
{
  g_autofree char *base = format_test_tmpdir ();
  g_autofree char *root = g_build_filename (base, "corpus", NULL);
  g_autofree char *outside = g_build_filename (base, "outside", NULL);
  g_autofree char *link1 = g_build_filename (root, "leak.txt", NULL);
  g_autofree char *link2 = g_build_filename (root, "linked.txt", NULL);
  g_autofree char *link3 = g_build_filename (root, "folder", NULL);
  g_autofree char *link4 = g_build_filename (root, "mirror", NULL);
  g_autofree char *target = g_build_filename (outside, "secret.txt", NULL);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  GPtrArray *problems;

  put (base, "outside/secret.txt", "Not part of the corpus.\n");
  put (root, "story.txt", ARTICLE_TEXT);
  g_assert_cmpint (symlink (target, link1), ==, 0);
  g_assert_cmpint (symlink ("story.txt", link2), ==, 0);
  g_assert_cmpint (symlink (outside, link3), ==, 0);
  put (root, "sub/x.txt", ARTICLE_TEXT);
  g_assert_cmpint (symlink ("sub", link4), ==, 0);

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  problems = newsmark_corpus_get_problems (corpus);
  dump_problems (problems);
  g_assert_cmpstr (paths_of (corpus), ==, "linked.txt story.txt sub/x.txt");
  g_assert_nonnull (find_problem (problems, NULL, "leading outside the corpus folder"));
  g_assert_cmpstr (find_problem (problems, NULL, "leading outside")->file, ==, "leak.txt");
  g_assert_nonnull (find_problem (problems, NULL, "symbolic link to a folder"));
  g_assert_cmpstr (find_problem (problems, NULL, "symbolic link to a folder")->file, ==, "mirror");
  g_assert_cmpuint (newsmark_corpus_article_get_length (newsmark_corpus_find_article (corpus, "linked.txt")), ==,
                    g_utf8_strlen (ARTICLE_TEXT, -1));

  /* Layers are never written through a link that leaves the corpus. */
  {
    g_autofree char *annotations = g_build_filename (root, "annotations", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkCorpus) again = NULL;

    g_assert_cmpint (symlink (outside, annotations), ==, 0);
    again = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
    g_assert_null (newsmark_corpus_create_layer (again, newsmark_corpus_find_article (again, "story.txt"),
                                                 NEWSMARK_CORPUS_GOLD, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
    {
      g_autofree char *gold = g_build_filename (outside, "gold", NULL);

      g_assert_false (g_file_test (gold, G_FILE_TEST_EXISTS));
    }
    g_unlink (annotations);
  }

  g_unlink (link1);
  g_unlink (link2);
  g_unlink (link3);
  g_unlink (link4);
  format_test_rmtree (base);
}

/* ---- The index ---------------------------------------------------------------------- */

static void
test_index_staleness (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *wip = layer_json (ARTICLE_TEXT, "../../story.txt", marks, 1, FALSE);
  g_autofree char *done = NULL;
  g_autofree char *padded = NULL;
  g_autoptr(NewsmarkCorpus) first = NULL;
  g_autoptr(NewsmarkCorpus) second = NULL;
  g_autoptr(NewsmarkCorpus) third = NULL;
  g_autoptr(NewsmarkCorpus) fourth = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GFile) index = newsmark_corpus_get_index_file (folder);

  /* Two versions of the same size: in progress (padded with spaces) and
   * done. */
  {
    g_auto(GStrv) halves = g_strsplit (wip, "\"version\": 1,", 2);

    done = g_strjoin ("\"version\": 1,\n  \"state\": \"done\",", halves[0], halves[1], NULL);
    padded = g_strconcat (wip, "                             ", NULL);
    padded[strlen (done)] = '\0';
    g_assert_cmpuint (strlen (padded), ==, strlen (done));
  }

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "story.txt", ARTICLE_TEXT);
  put (root, "annotations/amara/story.newsmark.json", padded);
  age_all (root, "");
  set_mtime (root, "annotations/amara/story.newsmark.json", 3600, 111);

  first = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (first, "story.txt", "amara")), ==,
                   NEWSMARK_LAYER_IN_PROGRESS);
  g_assert_true (g_file_query_exists (index, NULL));

  /* Rewritten with the same size and, by hand, the same time: the index
   * cannot tell, and is believed (which shows it is used). */
  put (root, "annotations/amara/story.newsmark.json", done);
  set_mtime (root, "annotations/amara/story.newsmark.json", 3600, 111);
  second = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (second, "story.txt", "amara")), ==,
                   NEWSMARK_LAYER_IN_PROGRESS);
  /* Without the index, the truth. */
  {
    g_autoptr(NewsmarkCorpus) fresh = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);

    g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (fresh, "story.txt", "amara")), ==,
                     NEWSMARK_LAYER_DONE);
  }

  /* One nanosecond apart, same size: read again. */
  set_mtime (root, "annotations/amara/story.newsmark.json", 3600, 112);
  third = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (third, "story.txt", "amara")), ==,
                   NEWSMARK_LAYER_DONE);

  /* A file modified just before it was read is not trusted later: a
   * second change in the same instant, same size, is still seen. */
  put (root, "annotations/amara/story.newsmark.json", padded);
  set_mtime (root, "annotations/amara/story.newsmark.json", 0, 5);
  {
    g_autoptr(NewsmarkCorpus) recent = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);

    g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (recent, "story.txt", "amara")), ==,
                     NEWSMARK_LAYER_IN_PROGRESS);
  }
  put (root, "annotations/amara/story.newsmark.json", done);
  set_mtime (root, "annotations/amara/story.newsmark.json", 0, 5);
  fourth = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (fourth, "story.txt", "amara")), ==,
                   NEWSMARK_LAYER_DONE);

  /* A damaged index is not used (nor trusted). */
  {
    g_autofree char *path = g_file_get_path (index);
    g_autoptr(NewsmarkCorpus) after = NULL;

    g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
    after = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
    g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (after, "story.txt", "amara")), ==,
                     NEWSMARK_LAYER_DONE);
  }

  format_test_rmtree (root);
}

/* ---- Refresh and watching ------------------------------------------------------------ */

typedef struct {
  guint n_refreshed;
  guint n_changed;
  guint last_position;
  guint last_removed;
  guint last_added;
} Events;

static void
on_refreshed (NewsmarkCorpus *corpus,
              guint           n_changed,
              Events         *events)
{
  events->n_refreshed++;
  events->n_changed += n_changed;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Events     *events)
{
  events->last_position = position;
  events->last_removed = removed;
  events->last_added = added;
}

static gboolean
timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_refresh (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *wip = layer_json (ARTICLE_TEXT, "../../b.txt", marks, 1, FALSE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkCorpusArticle) a_before = NULL;
  Events events = { 0 };

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "a.txt", ARTICLE_TEXT);
  put (root, "b.txt", ARTICLE_TEXT);
  put (root, "c.txt", ARTICLE_TEXT);
  corpus = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  a_before = g_list_model_get_item (G_LIST_MODEL (corpus), 0);
  g_signal_connect (corpus, "refreshed", G_CALLBACK (on_refreshed), &events);
  g_signal_connect (corpus, "items-changed", G_CALLBACK (on_items_changed), &events);

  /* Nothing changed: nothing replaced. */
  g_assert_true (newsmark_corpus_load (corpus, NULL, NULL, NULL, &error));
  g_assert_cmpuint (events.n_refreshed, ==, 1);
  g_assert_cmpuint (events.n_changed, ==, 0);

  /* One layer appears: only that article is replaced. */
  put (root, "annotations/li/b.newsmark.json", wip);
  g_assert_true (newsmark_corpus_load (corpus, NULL, NULL, NULL, &error));
  g_assert_cmpuint (events.n_changed, ==, 1);
  g_assert_cmpuint (events.last_position, ==, 1);
  g_assert_cmpuint (events.last_removed, ==, 1);
  g_assert_cmpuint (events.last_added, ==, 1);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "b.txt", "li")), ==, NEWSMARK_LAYER_IN_PROGRESS);
  {
    g_autoptr(NewsmarkCorpusArticle) a_after = g_list_model_get_item (G_LIST_MODEL (corpus), 0);

    g_assert_true (a_after == a_before);
  }

  /* An article goes, another comes. */
  {
    g_autofree char *c = g_build_filename (root, "c.txt", NULL);

    g_unlink (c);
    put (root, "d/e.txt", ARTICLE_TEXT);
  }
  g_assert_true (newsmark_corpus_load (corpus, NULL, NULL, NULL, &error));
  g_assert_cmpstr (paths_of (corpus), ==, "a.txt b.txt d/e.txt");
  g_assert_cmpuint (events.n_changed, ==, 3);

  format_test_rmtree (root);
}

static void
test_watching (void)
{
  g_autofree char *root = format_test_tmpdir ();
  static const Mark marks[] = { { "PERSON", 0, 12 } };
  g_autofree char *done = layer_json (ARTICLE_TEXT, "../../../desk/story.txt", marks, 1, TRUE);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  Events events = { 0 };
  gboolean timed_out = FALSE;
  guint source;

  put_schema (root);
  put (root, "newsmark-corpus.json", MANIFEST ("[\"amara\", \"li\"]", ""));
  put (root, "desk/story.txt", ARTICLE_TEXT);
  put (root, "annotations/amara/desk/.keep", "");
  corpus = load_corpus (root, NEWSMARK_CORPUS_DEFAULT);
  newsmark_corpus_set_watching (corpus, TRUE);
  g_signal_connect (corpus, "refreshed", G_CALLBACK (on_refreshed), &events);
  g_signal_connect (corpus, "items-changed", G_CALLBACK (on_items_changed), &events);

  /* Another program saves a layer (as Newsmark does: write, rename). */
  {
    g_autofree char *path = g_build_filename (root, "annotations/amara/desk/story.newsmark.json", NULL);

    g_assert_true (g_file_set_contents (path, done, -1, NULL));
  }

  source = g_timeout_add_seconds (20, timeout_flag, &timed_out);
  while (events.n_changed == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  g_assert_false (timed_out);
  g_assert_cmpuint (events.last_position, ==, 0);
  g_assert_cmpint (newsmark_corpus_layer_get_state (layer_of (corpus, "desk/story.txt", "amara")), ==,
                   NEWSMARK_LAYER_DONE);

  /* A new folder with a new article is watched from then on. */
  put (root, "sport/match.txt", ARTICLE_TEXT);
  timed_out = FALSE;
  source = g_timeout_add_seconds (20, timeout_flag, &timed_out);
  while (newsmark_corpus_find_article (corpus, "sport/match.txt") == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  g_assert_false (timed_out);

  newsmark_corpus_set_watching (corpus, FALSE);
  format_test_rmtree (root);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GError **error = data;

  newsmark_corpus_load_finish (NEWSMARK_CORPUS (object), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "(loaded)");
}

static void
test_load_async (void)
{
  g_autofree char *root = format_test_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *rel = g_strdup_printf ("s%02u/story-%u.txt", i % 4, i);

      put (root, rel, ARTICLE_TEXT);
    }

  corpus = newsmark_corpus_new (folder, NEWSMARK_CORPUS_NO_INDEX);
  newsmark_corpus_load_async (corpus, NULL, on_loaded, &error);
  g_assert_true (newsmark_corpus_get_loading (corpus));
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (newsmark_corpus_get_loading (corpus));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (corpus)), ==, 40);

  /* Cancelled: the model stays as it was. */
  put (root, "late.txt", ARTICLE_TEXT);
  g_cancellable_cancel (cancellable);
  newsmark_corpus_load_async (corpus, cancellable, on_loaded, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (corpus)), ==, 40);

  format_test_rmtree (root);
}

/* ---- Splits ------------------------------------------------------------------------- */

static void
test_split_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSplit) split = newsmark_split_new_parse ("train=0.8, dev=0.1, test=0.1", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (newsmark_split_get_n_parts (split), ==, 3);
  g_assert_cmpstr (newsmark_split_get_name (split, 1), ==, "dev");
  g_assert_cmpfloat_with_epsilon (newsmark_split_get_fraction (split, 0), 0.8, 1e-12);

  g_assert_null (newsmark_split_new_parse ("train=0.8,dev=0.1", &error));
  g_assert_nonnull (strstr (error->message, "add up to 0.9"));
  g_clear_error (&error);
  g_assert_null (newsmark_split_new_parse ("train=0.5,train=0.5", &error));
  g_clear_error (&error);
  g_assert_null (newsmark_split_new_parse ("train=x,dev=1", &error));
  g_clear_error (&error);
  g_assert_null (newsmark_split_new_parse ("../train=1", &error));
  g_clear_error (&error);
  g_assert_null (newsmark_split_new_parse ("train=-0.5,dev=1.5", &error));
  g_clear_error (&error);
}

static void
test_split_stable (void)
{
  g_autoptr(NewsmarkSplit) split = newsmark_split_new_parse ("train=0.8,dev=0.1,test=0.1", NULL);
  guint counts[3] = { 0 };
  guint n = 5000, moved_by_seed = 0;
  g_autofree guint *first = g_new0 (guint, n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("desk-%u/story-%u.txt", i % 7, i);
      g_autofree char *text = g_strdup_printf ("Story %u.\n", i);

      first[i] = newsmark_split_assign (split, 42, path, text, strlen (text));
      counts[first[i]]++;
      /* Deterministic. */
      g_assert_cmpuint (newsmark_split_assign (split, 42, path, text, strlen (text)), ==, first[i]);
      if (newsmark_split_assign (split, 43, path, text, strlen (text)) != first[i])
        moved_by_seed++;
    }
  /* Close to the fractions (binomial, 5000 draws: well within 3 %). */
  g_assert_cmpuint (counts[0], >, 3850);
  g_assert_cmpuint (counts[0], <, 4150);
  g_assert_cmpuint (counts[1], >, 400);
  g_assert_cmpuint (counts[2], >, 400);
  /* Another seed gives another split. */
  g_assert_cmpuint (moved_by_seed, >, 1000);

  /* Articles added later: nobody else moves (each is placed on its own). */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("desk-%u/story-%u.txt", i % 7, i);
      g_autofree char *text = g_strdup_printf ("Story %u.\n", i);
      g_autofree char *new_path = g_strdup_printf ("new/story-%u.txt", i);

      (void) newsmark_split_assign (split, 42, new_path, text, strlen (text));
      g_assert_cmpuint (newsmark_split_assign (split, 42, path, text, strlen (text)), ==, first[i]);
    }

  /* The same on every machine: a fixed expectation. */
  g_assert_cmpuint (newsmark_split_assign (split, 7, "politics/story.txt", "A", 1), ==,
                    newsmark_split_assign (split, 7, "politics/story.txt", "A", 1));
}

/* ---- Search ------------------------------------------------------------------------- */

static void
test_search (void)
{
  g_autofree char *root = format_test_tmpdir ();
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkCorpusHit) hit = NULL;
  guint n_found = 0;
  /* Curly quotes, an em dash, NBSP, a line break inside the phrase, CRLF. */
  const char *one = "Headline\r\n\r\nThe mayor said “the bridge is\r\nsafe” — twice.\r\nNo bridge\u00a0is safe here.\r\n";
  const char *two = "Nothing about it.\n";
  const char *three = "A soft hy\u00adphen: the bri\u00addge is safe.\n";

  put (root, "a/one.txt", one);
  put (root, "b/two.txt", two);
  put (root, "c/three.txt", three);
  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);

  hits = newsmark_corpus_search (corpus, "\"bridge is  safe\"", 0, &n_found, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_found, ==, 0);
  g_clear_object (&hits);

  hits = newsmark_corpus_search (corpus, "bridge is safe", 0, &n_found, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_found, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 3);

  hit = g_list_model_get_item (hits, 0);
  g_assert_cmpstr (newsmark_corpus_article_get_path (newsmark_corpus_hit_get_article (hit)), ==, "a/one.txt");
  /* "the bridge is\r\nsafe": code points of the original, CRLF two. */
  g_assert_cmpuint (newsmark_corpus_hit_get_start (hit), ==, 32);
  g_assert_cmpuint (newsmark_corpus_hit_get_end (hit), ==, 47);
  g_assert_cmpuint (newsmark_corpus_hit_get_line (hit), ==, 3);
  g_assert_cmpuint (newsmark_corpus_hit_get_paragraph (hit), ==, 2);
  g_assert_cmpstr (newsmark_corpus_hit_get_match (hit), ==, "bridge is\r\nsafe");
  g_assert_cmpstr (newsmark_corpus_hit_get_before (hit), ==, "The mayor said “the ");
  g_assert_cmpstr (newsmark_corpus_hit_get_after (hit), ==, "” — twice.");
  g_clear_object (&hit);

  hit = g_list_model_get_item (hits, 1);
  g_assert_cmpstr (newsmark_corpus_hit_get_match (hit), ==, "bridge\u00a0is safe");
  g_assert_cmpuint (newsmark_corpus_hit_get_paragraph (hit), ==, 4);
  g_clear_object (&hit);

  /* A soft hyphen inside the word does not hide it. */
  hit = g_list_model_get_item (hits, 2);
  g_assert_cmpstr (newsmark_corpus_article_get_path (newsmark_corpus_hit_get_article (hit)), ==, "c/three.txt");
  g_assert_cmpstr (newsmark_corpus_hit_get_match (hit), ==, "bri\u00addge is safe");
  g_clear_object (&hit);
  g_clear_object (&hits);

  /* Straight quotes and a hyphen find curly quotes and an em dash. */
  hits = newsmark_corpus_search (corpus, "safe\" - twice", 0, &n_found, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_found, ==, 1);
  g_clear_object (&hits);

  /* At most @max_hits kept, all counted. */
  hits = newsmark_corpus_search (corpus, "e", 2, &n_found, NULL, NULL, NULL, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 2);
  g_assert_cmpuint (n_found, >, 10);
  g_clear_object (&hits);

  g_assert_null (newsmark_corpus_search (corpus, " \u00a0 ", 0, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);

  format_test_rmtree (root);
}

/* The search normalises only around the places where the query's verbatim
 * piece occurs: it must find exactly what scanning the whole normalised
 * article finds. */
static guint
count_normalised (const char *text,
                  const char *needle)
{
  g_autofree char *norm = newsmark_anchor_normalise (text, -1);
  gsize n = strlen (needle);
  guint count = 0;

  for (const char *p = norm; (p = strstr (p, needle)) != NULL; p += n)
    count++;
  return count;
}

static void
test_search_matches_normalised (void)
{
  static const char * const tokens[] = {
    "a", "b", "ab", "ba", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "“", "”", "\"", "'", "’", "—", "–", "-",
    "…", ".", ",", "é", "e\u0301", "🚲",
  };
  g_autofree char *root = format_test_tmpdir ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(NewsmarkCorpus) corpus = NULL;

  for (guint i = 0; i < 30; i++)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *rel = g_strdup_printf ("t%02u.txt", i);

      for (guint t = 0; t < 400; t++)
        g_string_append (text, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
      put (root, rel, text->str);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  g_ptr_array_add (queries, g_strdup ("ab ba"));
  g_ptr_array_add (queries, g_strdup ("\"a"));
  g_ptr_array_add (queries, g_strdup ("b-a"));
  g_ptr_array_add (queries, g_strdup ("a..."));
  g_ptr_array_add (queries, g_strdup (".. b"));
  g_ptr_array_add (queries, g_strdup ("'ab'"));
  for (guint q = 0; q < 40; q++)
    {
      const char *text = g_ptr_array_index (texts, g_rand_int_range (rand, 0, texts->len));
      g_autofree char *norm = newsmark_anchor_normalise (text, -1);
      gsize len = strlen (norm);
      gsize start = g_rand_int_range (rand, 0, (gint32) len - 12);
      gsize n = g_rand_int_range (rand, 1, 10);
      g_autofree char *piece = NULL;

      /* Whole characters only. */
      while (start > 0 && ((guchar) norm[start] & 0xC0) == 0x80)
        start--;
      while (start + n < len && ((guchar) norm[start + n] & 0xC0) == 0x80)
        n++;
      piece = g_strndup (norm + start, n);
      g_strstrip (piece);
      if (piece[0] != '\0')
        g_ptr_array_add (queries, g_steal_pointer (&piece));
    }

  corpus = load_corpus (root, NEWSMARK_CORPUS_NO_INDEX);
  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);
      g_autofree char *needle = newsmark_anchor_normalise (query, -1);
      g_autoptr(GListModel) hits = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = 0, n_found = 0;

      for (guint i = 0; i < texts->len; i++)
        expected += count_normalised (g_ptr_array_index (texts, i), needle);
      hits = newsmark_corpus_search (corpus, query, 0, &n_found, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      if (n_found != expected)
        g_test_message ("query “%s”", query);
      g_assert_cmpuint (n_found, ==, expected);
      for (guint h = 0; h < g_list_model_get_n_items (hits); h++)
        {
          g_autoptr(NewsmarkCorpusHit) hit = g_list_model_get_item (hits, h);
          g_autofree char *got = newsmark_anchor_normalise (newsmark_corpus_hit_get_match (hit), -1);
          guint index = (guint) g_ascii_strtoull (newsmark_corpus_article_get_path (newsmark_corpus_hit_get_article (hit)) + 1,
                                                   NULL, 10);
          g_autofree char *slice = g_utf8_substring (g_ptr_array_index (texts, index),
                                                     newsmark_corpus_hit_get_start (hit),
                                                     newsmark_corpus_hit_get_end (hit));

          /* A match beginning or ending inside an ellipsis takes the whole "…". */
          if (strstr (got, needle) == NULL)
            g_test_message ("query “%s”, match “%s”", query, newsmark_corpus_hit_get_match (hit));
          g_assert_nonnull (strstr (got, needle));
          g_assert_cmpstr (slice, ==, newsmark_corpus_hit_get_match (hit));
        }
    }

  format_test_rmtree (root);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  /* The index goes to the user's cache folder: a fresh one here, set
   * before GLib first reads it. */
  cache = format_test_tmpdir ();
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_add_func ("/corpus/state/round-trip", test_state_round_trip);
  g_test_add_func ("/corpus/state/strict", test_state_strict);
  g_test_add_func ("/corpus/manifest/strict", test_manifest_strict);
  g_test_add_func ("/corpus/layout/any-depth", test_layout_any_depth);
  g_test_add_func ("/corpus/layout/problems", test_layout_problems);
  g_test_add_func ("/corpus/layout/legacy-folder", test_legacy_folder);
  g_test_add_func ("/corpus/layout/symbolic-links", test_symbolic_links);
  g_test_add_func ("/corpus/broken-files", test_broken_files);
  g_test_add_func ("/corpus/layer-strict", test_layer_strict);
  g_test_add_func ("/corpus/index/staleness", test_index_staleness);
  g_test_add_func ("/corpus/refresh", test_refresh);
  g_test_add_func ("/corpus/watching", test_watching);
  g_test_add_func ("/corpus/load-async", test_load_async);
  g_test_add_func ("/corpus/split/parse", test_split_parse);
  g_test_add_func ("/corpus/split/stable", test_split_stable);
  g_test_add_func ("/corpus/search", test_search);
  g_test_add_func ("/corpus/search/matches-normalised", test_search_matches_normalised);

  result = g_test_run ();
  format_test_rmtree (cache);
  return result;
}
