/* test-merge.c — combining annotators' files for adjudication
 *
 * Fixtures: data/agreement/{alice,bob,carol}/bridge.newsmark.json (see
 * test-agreement.c for what each annotator marked; carol copies alice).
 */
#include "config.h"

#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-c/json.h>
#include <newsmark/newsmark.h>

static NewsmarkAnnotationSet *
load_fixture (const char *coder,
              const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "agreement", coder, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  return set;
}

static NewsmarkSpan *
find_span (NewsmarkAnnotationSet *set,
           const char            *label,
           guint                  start,
           guint                  end)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      if (g_str_equal (newsmark_span_get_label (span), label) &&
          newsmark_span_get_start (span) == start && newsmark_span_get_end (span) == end)
        return span;  /* the set keeps it alive */
    }
  return NULL;
}

static guint
count_status (NewsmarkAnnotationSet *set,
              NewsmarkStatus         status)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      if (newsmark_span_get_status (span) == status)
        n++;
    }
  return n;
}

static void
check_two_way (NewsmarkAnnotationSet *merged)
{
  NewsmarkSpan *span;
  GVariant *v;
  GPtrArray *log;
  NewsmarkLogEntry *last;
  g_autoptr(NewsmarkRelation) rel = NULL;
  json_object *detail, *value;

  /* Agreed: DATE "May", ORG "Harbour Watch", QUOTE, CLAIM (same label and
   * offsets; the CLAIM's verdict differs). Suggested: both PERSONs, ORG and
   * LOCATION "the council", LOCATION "the bridge". */
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (merged)), ==, 9);
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_ACCEPTED), ==, 4);
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_SUGGESTED), ==, 5);

  span = find_span (merged, "DATE", 47, 50);
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_origin (span)->kind, ==, NEWSMARK_ORIGIN_HUMAN);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "alice+bob");
  g_assert_cmpstr (newsmark_span_get_text (span), ==, "May");

  span = find_span (merged, "PERSON", 6, 15);
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "alice");
  span = find_span (merged, "PERSON", 0, 15);
  g_assert_nonnull (span);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "bob");
  span = find_span (merged, "LOCATION", 111, 122);
  g_assert_nonnull (span);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "bob");

  /* The CLAIM: agreed checkworthy kept, differing verdict left to the
   * adjudicator and named in the note. */
  span = find_span (merged, "CLAIM", 128, 151);
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_null (newsmark_span_get_attribute (span, "verdict"));
  v = newsmark_span_get_attribute (span, "checkworthy");
  g_assert_nonnull (v);
  g_assert_cmpfloat (g_variant_get_double (v), ==, 4.0);
  g_assert_cmpstr (newsmark_span_get_note (span), ==, "verdict: alice=true bob=misleading");

  /* Both annotators' speaker relation becomes one. */
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (merged)), ==, 1);
  rel = g_list_model_get_item (newsmark_annotation_set_get_relations (merged), 0);
  g_assert_cmpstr (newsmark_relation_get_type_name (rel), ==, "speaker");
  g_assert_cmpstr (newsmark_span_get_label (newsmark_annotation_set_find_span (merged, newsmark_relation_get_from (rel))), ==, "QUOTE");
  g_assert_cmpstr (newsmark_span_get_text (newsmark_annotation_set_find_span (merged, newsmark_relation_get_to (rel))), ==, "Harbour Watch");
  g_assert_cmpstr (newsmark_relation_get_origin (rel)->annotator, ==, "alice+bob");

  /* One log entry per source plus the summary. */
  log = newsmark_annotation_set_get_log (merged);
  g_assert_cmpuint (log->len, >=, 3);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_cmpstr (last->action, ==, "merge");
  g_assert_cmpstr (last->who, ==, "alice+bob");
  detail = json_tokener_parse (last->detail_json);
  g_assert_nonnull (detail);
  g_assert_true (json_object_object_get_ex (detail, "agreed_accepted", &value));
  g_assert_cmpint (json_object_get_int (value), ==, 4);
  g_assert_true (json_object_object_get_ex (detail, "disagreed_suggested", &value));
  g_assert_cmpint (json_object_get_int (value), ==, 5);
  g_assert_true (json_object_object_get_ex (detail, "relations", &value));
  g_assert_cmpint (json_object_get_int (value), ==, 1);
  json_object_put (detail);
  g_assert_cmpstr (((NewsmarkLogEntry *) g_ptr_array_index (log, log->len - 3))->action, ==, "merge-source");
}

static void
test_merge_two (void)
{
  g_autoptr(NewsmarkAnnotationSet) alice = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) bob = load_fixture ("bob", "bridge.newsmark.json");
  NewsmarkAnnotationSet *sets[] = { alice, bob };
  const char *names[] = { "alice", "bob" };
  const char *sources[] = { "alice/bridge.newsmark.json", "bob/bridge.newsmark.json" };
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(NewsmarkAnnotationSet) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-merge-XXXXXX", &error);
  g_autofree char *out_path = g_build_filename (dir, "bridge.newsmark.json", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autofree char *backup = g_strconcat (out_path, "~", NULL);

  merged = newsmark_merge_sets (sets, names, sources, 2, out, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merged);
  g_assert_cmpuint (problems->len, ==, 0);
  check_two_way (merged);

  /* Saved and read back, it is a valid annotation file. */
  g_assert_true (newsmark_annotation_set_save (merged, out, &error));
  g_assert_no_error (error);
  reloaded = newsmark_annotation_set_load (out, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  check_two_way (reloaded);

  g_unlink (out_path);
  g_unlink (backup);
  g_rmdir (dir);
}

/* The highest "sN" in @set, spans and unplaced spans together. */
static guint
highest_span_number (NewsmarkAnnotationSet *set,
                     guint                 *lowest)
{
  GListModel *lists[] = { newsmark_annotation_set_get_spans (set), newsmark_annotation_set_get_unplaced (set) };
  guint best = 0;

  *lowest = G_MAXUINT;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      {
        g_autoptr(NewsmarkSpan) span = g_list_model_get_item (lists[l], i);
        guint n = (guint) g_ascii_strtoull (newsmark_span_get_id (span) + 1, NULL, 10);

        best = MAX (best, n);
        *lowest = MIN (*lowest, n);
      }
  return best;
}

/* Merging again onto an earlier result replaces that file; the ids it used
 * (its backup, its audit trail and the adjudicators' notes name them) are
 * not given to the new result's spans, and a reopened result goes on from
 * there. */
static void
test_merge_ids_never_reused (void)
{
  g_autoptr(NewsmarkAnnotationSet) alice = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) bob = load_fixture ("bob", "bridge.newsmark.json");
  NewsmarkAnnotationSet *sets[] = { alice, bob };
  const char *names[] = { "alice", "bob" };
  g_autoptr(NewsmarkAnnotationSet) first = NULL;
  g_autoptr(NewsmarkAnnotationSet) second = NULL;
  g_autoptr(NewsmarkAnnotationSet) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-merge-XXXXXX", &error);
  g_autofree char *out_path = g_build_filename (dir, "bridge.newsmark.json", NULL);
  g_autofree char *backup = g_strconcat (out_path, "~", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autofree char *next = NULL;
  guint first_high, second_high, second_low, lowest;
  const char *kept = "{\"format\": \"brat\", \"note_types\": [\"Lemma\"]}";

  /* What the source format kept goes with the result each time. */
  newsmark_annotation_set_set_interchange (alice, kept);
  newsmark_annotation_set_set_interchange (bob, kept);

  first = newsmark_merge_sets (sets, names, NULL, 2, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_annotation_set_get_interchange (first), ==, kept);
  first_high = highest_span_number (first, &lowest);
  g_assert_cmpuint (lowest, ==, 1);
  g_assert_true (newsmark_annotation_set_save (first, out, &error));
  g_assert_no_error (error);

  second = newsmark_merge_sets (sets, names, NULL, 2, out, NULL, &error);
  g_assert_no_error (error);
  second_high = highest_span_number (second, &second_low);
  g_assert_cmpuint (second_low, ==, first_high + 1);
  g_assert_true (newsmark_annotation_set_save (second, out, &error));
  g_assert_no_error (error);

  reopened = newsmark_annotation_set_load (out, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_annotation_set_get_interchange (reopened), ==, kept);
  next = newsmark_annotation_set_next_span_id (reopened);
  g_assert_cmpuint (g_ascii_strtoull (next + 1, NULL, 10), ==, second_high + 1);

  g_unlink (out_path);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_merge_three (void)
{
  g_autoptr(NewsmarkAnnotationSet) alice = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) bob = load_fixture ("bob", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) carol = load_fixture ("carol", "bridge.newsmark.json");
  NewsmarkAnnotationSet *sets[] = { alice, bob, carol };
  const char *names[] = { "alice", "bob", "carol" };
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span;

  merged = newsmark_merge_sets (sets, names, NULL, 3, NULL, NULL, &error);
  g_assert_no_error (error);

  /* alice and carol agree on "Ana Lopez": one suggestion naming both. */
  span = find_span (merged, "PERSON", 6, 15);
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "alice+carol");
  span = find_span (merged, "DATE", 47, 50);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "alice+bob+carol");
  span = find_span (merged, "CLAIM", 128, 151);
  g_assert_cmpstr (newsmark_span_get_note (span), ==,
                   "verdict: alice=true bob=misleading carol=true");
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_ACCEPTED), ==, 4);
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_SUGGESTED), ==, 5);
}

static void
test_merge_different_articles (void)
{
  g_autoptr(NewsmarkAnnotationSet) alice = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) other = load_fixture ("bob", "other.newsmark.json");
  NewsmarkAnnotationSet *sets[] = { alice, other };
  const char *names[] = { "alice", "bob" };
  const char *sources[] = { "alice/bridge.newsmark.json", "bob/other.newsmark.json" };
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(GError) error = NULL;

  merged = newsmark_merge_sets (sets, names, sources, 2, NULL, NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "bob/other.newsmark.json is about a different article"));
}

static gint64
detail_int (NewsmarkLogEntry *entry,
            const char       *key)
{
  json_object *detail = json_tokener_parse (entry->detail_json);
  json_object *value;
  gint64 v;

  g_assert_nonnull (detail);
  g_assert_true (json_object_object_get_ex (detail, key, &value));
  v = json_object_get_int64 (value);
  json_object_put (detail);
  return v;
}

static void
test_merge_nothing_silently_dropped (void)
{
  g_autoptr(NewsmarkAnnotationSet) alice = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) bob = load_fixture ("bob", "bridge.newsmark.json");
  NewsmarkAnnotationSet *sets[] = { alice, bob };
  const char *names[] = { "alice", "bob" };
  const char *sources[] = { "alice/bridge.newsmark.json", "bob/bridge.newsmark.json" };
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(NewsmarkSpan) model = newsmark_span_new (NULL, "EVENT", 21, 31);
  g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("news-ner", "1.2", TRUE, 0.75);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span;
  GPtrArray *log;
  const NewsmarkProblem *problem;

  /* alice left a model's suggestion unreviewed; bob rejected his QUOTE,
   * which his speaker relation starts from. */
  newsmark_span_set_status (model, NEWSMARK_STATUS_SUGGESTED);
  newsmark_span_set_origin (model, origin);
  g_assert_true (newsmark_annotation_set_add_span (alice, model, &error));
  g_assert_no_error (error);
  span = find_span (bob, "QUOTE", 95, 105);
  g_assert_nonnull (span);
  newsmark_annotation_set_set_span_status (bob, span, NEWSMARK_STATUS_REJECTED);

  merged = newsmark_merge_sets (sets, names, sources, 2, NULL, problems, &error);
  g_assert_no_error (error);

  /* The suggestion is carried over as it was. */
  span = find_span (merged, "EVENT", 21, 31);
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpint (newsmark_span_get_origin (span)->kind, ==, NEWSMARK_ORIGIN_MODEL);
  g_assert_cmpstr (newsmark_span_get_origin (span)->name, ==, "news-ner");
  g_assert_cmpfloat (newsmark_span_get_origin (span)->score, ==, 0.75);

  /* The QUOTE is alice's alone now: a suggestion; her relation survives,
   * bob's lost its start and is reported. */
  span = find_span (merged, "QUOTE", 95, 105);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "alice");
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_ACCEPTED), ==, 3);
  g_assert_cmpuint (count_status (merged, NEWSMARK_STATUS_SUGGESTED), ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (merged)), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->severity, ==, NEWSMARK_SEVERITY_WARNING);
  g_assert_cmpstr (problem->file, ==, "bob/bridge.newsmark.json");
  g_assert_nonnull (strstr (problem->message, "relation r1 (speaker s5 → s4) of bob not carried over: span s5 was rejected"));

  log = newsmark_annotation_set_get_log (merged);
  g_assert_cmpint (detail_int (g_ptr_array_index (log, log->len - 2), "rejected_not_carried"), ==, 1);
  g_assert_cmpint (detail_int (g_ptr_array_index (log, log->len - 1), "model_suggestions_carried"), ==, 1);
  g_assert_cmpint (detail_int (g_ptr_array_index (log, log->len - 1), "relations_not_carried"), ==, 1);
}

/* ---- The commands, end to end -------------------------------------------- */

static char *
cli_path (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  char *path;

  if (builddir == NULL)
    return NULL;
  path = g_build_filename (builddir, "..", "app", "cli", "newsmark-cli", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_clear_pointer (&path, g_free);
  return path;
}

/* Runs newsmark-cli with @args in the fixtures folder; returns the exit
 * status, output in @out / @err (may be NULL). */
static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *cwd = g_test_build_filename (G_TEST_DIST, "data", "agreement", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_unused = NULL;
  g_autofree char *err_unused = NULL;
  int status = -1;

  /* Always capture: the CLI's own output must not mix into the test's
   * TAP stream. */
  if (out == NULL)
    out = &out_unused;
  if (err == NULL)
    err = &err_unused;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_merge (void)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *folder_file = NULL;

  if (cli == NULL)
    {
      g_test_skip ("newsmark-cli is not built");
      return;
    }
  dir = g_dir_make_tmp ("newsmark-merge-cli-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "merged.newsmark.json", NULL);
  backup = g_strconcat (out, "~", NULL);

  {
    const char *args[] = { "merge", "alice/bridge.newsmark.json", "bob/bridge.newsmark.json",
                           "-o", out, NULL };

    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"annotator\": \"alice+bob\""));

    /* A second run refuses to overwrite, and leaves the file alone. */
    g_file_set_contents (out, "sentinel", -1, NULL);
    g_assert_cmpint (run_cli (args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "already exists; use --force"));
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "sentinel");
  }
  {
    const char *args[] = { "merge", "alice/bridge.newsmark.json", "bob/bridge.newsmark.json",
                           "-o", out, "--force", NULL };

    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "sentinel");
  }
  {
    /* Different articles; too few inputs; no output. */
    const char *different[] = { "merge", "alice/bridge.newsmark.json", "bob/other.newsmark.json",
                                "-o", out, "--force", NULL };
    const char *one[] = { "merge", "alice/bridge.newsmark.json", "-o", out, NULL };
    const char *no_out[] = { "merge", "alice/bridge.newsmark.json", "bob/bridge.newsmark.json", NULL };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (different, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "different article"));
    g_assert_cmpint (run_cli (one, NULL, NULL), ==, 2);
    g_assert_cmpint (run_cli (no_out, NULL, NULL), ==, 2);
  }
  {
    /* Folders: one merged file per article everybody annotated. */
    const char *args[] = { "merge", "alice", "bob", "-o", NULL, NULL };
    g_autofree char *stdout_text = NULL;

    folder = g_build_filename (dir, "merged", NULL);
    args[4] = folder;
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (args, &stdout_text, &err), ==, 0);
    g_assert_nonnull (strstr (stdout_text, "1 merged file written; 1 article not annotated by everybody"));
    g_assert_nonnull (strstr (err, "other.newsmark.json: not annotated by alice"));
    folder_file = g_build_filename (folder, "bridge.newsmark.json", NULL);
    g_assert_true (g_file_test (folder_file, G_FILE_TEST_EXISTS));
  }

  g_unlink (folder_file);
  g_rmdir (folder);
  g_unlink (out);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_cli_agree (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (cli == NULL)
    {
      g_test_skip ("newsmark-cli is not built");
      return;
    }

  {
    const char *args[] = { "agree", "alice", "bob", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Annotators: alice (reference), bob"));
    g_assert_nonnull (strstr (out, "(micro)  |     4     3     2  0.571  0.667  0.615"));
    g_assert_nonnull (strstr (out, "bob/other.newsmark.json: article"));
  }
  {
    const char *args[] = { "agree", "alice", "bob", "carol", "--json", NULL };
    json_object *root;

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
    root = json_tokener_parse (out);
    g_assert_nonnull (root);
    json_object_put (root);
  }
  {
    const char *one[] = { "agree", "alice", NULL };
    const char *missing[] = { "agree", "alice", "nobody", NULL };
    const char *bad_names[] = { "agree", "alice", "bob", "--names", "x", NULL };

    g_assert_cmpint (run_cli (one, NULL, NULL), ==, 2);
    g_assert_cmpint (run_cli (missing, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (bad_names, NULL, NULL), ==, 2);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/merge/two", test_merge_two);
  g_test_add_func ("/merge/three", test_merge_three);
  g_test_add_func ("/merge/ids-never-reused", test_merge_ids_never_reused);
  g_test_add_func ("/merge/different-articles", test_merge_different_articles);
  g_test_add_func ("/merge/nothing-silently-dropped", test_merge_nothing_silently_dropped);
  g_test_add_func ("/merge/cli", test_cli_merge);
  g_test_add_func ("/agree/cli", test_cli_agree);

  return g_test_run ();
}
