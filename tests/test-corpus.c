/* test-corpus.c — the corpus workspace: layer states, manifest, layout,
 * index, monitoring, search and splits */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/corpus/state/round-trip", test_state_round_trip);
  g_test_add_func ("/corpus/state/strict", test_state_strict);

  return g_test_run ();
}
