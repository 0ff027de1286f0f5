/* test-merge.c — combining annotators' files for adjudication
 *
 * Fixtures: data/agreement/{alice,bob,carol}/bridge.newsmark.json (see
 * test-agreement.c for what each annotator marked; carol copies alice).
 */
#include "config.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/merge/two", test_merge_two);
  g_test_add_func ("/merge/three", test_merge_three);
  g_test_add_func ("/merge/different-articles", test_merge_different_articles);

  return g_test_run ();
}
