/* test-history.c — undo/redo of every kind of edit, groups, the save point */

#include <string.h>

#include "test-model-common.h"

#define TEXT "Mayor Ana Ruiz said on Monday that the city will cut bus fares by 20%."
/*            0         1         2         3         4         5         6
 *            0123456789012345678901234567890123456789012345678901234567890123456789 */

/* A snapshot of everything the history must restore. */
static char *
dump_set (NewsmarkAnnotationSet *set)
{
  GString *str = g_string_new (NULL);
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GListModel *relations = newsmark_annotation_set_get_relations (set);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  GListModel *models[2] = { spans, unplaced };

  for (guint m = 0; m < 2; m++)
    {
      guint n = g_list_model_get_n_items (models[m]);

      g_string_append (str, m == 0 ? "spans:\n" : "unplaced:\n");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(NewsmarkSpan) s = g_list_model_get_item (models[m], i);
          g_auto(GStrv) attrs = newsmark_span_list_attributes (s);

          g_string_append_printf (str, "  %s %s [%u,%u) %s \"%s\" note=%s modified=%s",
                                  newsmark_span_get_id (s), newsmark_span_get_label (s),
                                  newsmark_span_get_start (s), newsmark_span_get_end (s),
                                  newsmark_status_to_string (newsmark_span_get_status (s)),
                                  newsmark_span_get_text (s),
                                  newsmark_span_get_note (s) ? newsmark_span_get_note (s) : "-",
                                  newsmark_span_get_modified (s));
          for (guint f = 0; f < newsmark_span_get_n_fragments (s); f++)
            g_string_append_printf (str, " f[%u,%u)", newsmark_span_get_fragments (s)[f].start,
                                    newsmark_span_get_fragments (s)[f].end);
          for (guint a = 0; attrs[a]; a++)
            {
              g_autofree char *v = g_variant_print (newsmark_span_get_attribute (s, attrs[a]), FALSE);
              g_string_append_printf (str, " %s=%s", attrs[a], v);
            }
          g_string_append_c (str, '\n');
        }
    }

  g_string_append (str, "relations:\n");
  for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
    {
      g_autoptr(NewsmarkRelation) r = g_list_model_get_item (relations, i);
      g_string_append_printf (str, "  %s %s %s→%s\n", newsmark_relation_get_id (r),
                              newsmark_relation_get_type_name (r),
                              newsmark_relation_get_from (r), newsmark_relation_get_to (r));
    }
  return g_string_free (str, FALSE);
}

static void
count_signal (gpointer  instance,
              guint    *counter)
{
  (*counter)++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
test_each_edit_undoes_exactly (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *person, *quote, *claim, *date;
  NewsmarkRelation *rel;
  NewsmarkFragment frags[2] = { { 15, 19 }, { 38, 69 } };
  guint n_steps;

  g_ptr_array_add (states, dump_set (set));

#define STEP(expr)                                      \
  G_STMT_START {                                        \
    expr;                                               \
    g_assert_no_error (error);                          \
    g_ptr_array_add (states, dump_set (set));           \
  } G_STMT_END

  STEP (person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error));
  STEP (quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error));
  STEP (claim = newsmark_annotation_set_create_span (set, "CLAIM", 38, 69, &error));
  STEP (date = newsmark_annotation_set_create_span (set, "DATE", 23, 29, &error));
  STEP (g_assert_true (newsmark_annotation_set_set_span_label (set, person, "ORG", &error)));
  STEP (g_assert_true (newsmark_annotation_set_set_span_label (set, person, "PERSON", &error)));
  STEP (g_assert_true (newsmark_annotation_set_set_span_range (set, person, 0, 14, &error)));
  STEP (g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, frags, 2, &error)));
  STEP (g_assert_true (newsmark_annotation_set_set_span_attribute (set, quote, "kind", g_variant_new_string ("indirect"), &error)));
  STEP (g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "checkworthy", g_variant_new_double (4), &error)));
  STEP (newsmark_annotation_set_set_span_note (set, claim, "check the council minutes"));
  STEP (newsmark_annotation_set_set_span_status (set, date, NEWSMARK_STATUS_REJECTED));
  STEP (rel = newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error));
  STEP (g_assert_nonnull (newsmark_annotation_set_create_relation (set, "claimant", claim, person, &error)));
  STEP (newsmark_annotation_set_remove_relation (set, rel));
  STEP (newsmark_annotation_set_remove_span (set, person));   /* takes the claimant relation */
  STEP (g_assert_true (newsmark_annotation_set_set_span_attribute (set, quote, "kind", NULL, &error)));
#undef STEP

  n_steps = states->len - 1;
  g_assert_true (newsmark_annotation_set_can_undo (set));
  g_assert_false (newsmark_annotation_set_can_redo (set));

  /* Undo one by one: each state comes back exactly. */
  for (guint i = n_steps; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (newsmark_annotation_set_undo (set));
      now = dump_set (set);
      g_assert_cmpstr (now, ==, states->pdata[i - 1]);
    }
  g_assert_false (newsmark_annotation_set_can_undo (set));
  g_assert_false (newsmark_annotation_set_undo (set));

  /* And redo them all. */
  for (guint i = 1; i <= n_steps; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (newsmark_annotation_set_redo (set));
      now = dump_set (set);
      g_assert_cmpstr (now, ==, states->pdata[i]);
    }
  g_assert_false (newsmark_annotation_set_redo (set));
}

static void
test_same_objects_survive (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *person, *quote;
  NewsmarkRelation *rel;
  g_autoptr(NewsmarkSpan) held = NULL;
  g_autoptr(NewsmarkRelation) held_rel = NULL;

  person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);
  rel = newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error);
  g_assert_no_error (error);
  held = g_object_ref (person);
  held_rel = g_object_ref (rel);

  newsmark_annotation_set_remove_span (set, person);
  g_assert_null (newsmark_annotation_set_find_span (set, "s1"));
  g_assert_null (newsmark_annotation_set_find_relation (set, "r1"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 0);
  g_assert_cmpstr (newsmark_annotation_set_get_undo_description (set), ==, "Delete PERSON “Ana Ruiz”");

  /* One undo brings back the span and its relation: the very same objects. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_find_span (set, "s1") == held);
  g_assert_true (newsmark_annotation_set_find_relation (set, "r1") == held_rel);
  {
    g_autoptr(GPtrArray) rels = newsmark_annotation_set_relations_of (set, held);
    g_assert_cmpuint (rels->len, ==, 1);
    g_assert_true (rels->pdata[0] == held_rel);
  }
  g_assert_cmpuint (newsmark_annotation_set_get_span_position (set, held), ==, 0);
}

static void
test_groups (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = dump_set (set);
  g_autofree char *full = NULL;
  guint changed = 0;

  g_signal_connect (set, "changed", G_CALLBACK (count_signal), &changed);

  newsmark_annotation_set_begin_group (set, "Tag 3 matches as PERSON");
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 6, 9, &error));
  /* Nested group: part of the outer step. */
  newsmark_annotation_set_begin_group (set, "inner");
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 10, 14, &error));
  newsmark_annotation_set_end_group (set);
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 0, 5, &error));
  g_assert_no_error (error);
  /* A failing edit inside a group changes nothing and records nothing. */
  g_assert_null (newsmark_annotation_set_create_span (set, "NOPE", 0, 5, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* No undo in the middle of a group. */
  g_assert_false (newsmark_annotation_set_can_undo (set));
  g_assert_false (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (changed, ==, 0);
  newsmark_annotation_set_end_group (set);

  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 3);
  g_assert_cmpstr (newsmark_annotation_set_get_undo_description (set), ==, "Tag 3 matches as PERSON");
  full = dump_set (set);

  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (changed, ==, 2);
  {
    g_autofree char *now = dump_set (set);
    g_assert_cmpstr (now, ==, empty);
  }
  g_assert_false (newsmark_annotation_set_can_undo (set));
  g_assert_cmpstr (newsmark_annotation_set_get_redo_description (set), ==, "Tag 3 matches as PERSON");

  g_assert_true (newsmark_annotation_set_redo (set));
  {
    g_autofree char *now = dump_set (set);
    g_assert_cmpstr (now, ==, full);
  }

  /* An empty group leaves no step behind. */
  newsmark_annotation_set_begin_group (set, "nothing");
  newsmark_annotation_set_end_group (set);
  g_assert_cmpstr (newsmark_annotation_set_get_undo_description (set), ==, "Tag 3 matches as PERSON");
}

static void
test_redo_cleared_by_new_edit (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;

  newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  newsmark_annotation_set_create_span (set, "DATE", 23, 29, &error);
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_can_redo (set));

  newsmark_annotation_set_create_span (set, "LOCATION", 39, 43, &error);
  g_assert_no_error (error);
  g_assert_false (newsmark_annotation_set_can_redo (set));
  g_assert_false (newsmark_annotation_set_redo (set));
  g_assert_null (newsmark_annotation_set_get_redo_description (set));

  /* Ids are never reused, even for an undone span. */
  g_assert_nonnull (newsmark_annotation_set_find_span (set, "s3"));
  g_assert_null (newsmark_annotation_set_find_span (set, "s2"));
}

static void
test_save_point (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  guint n_modified = 0, n_undo = 0, n_redo = 0;
  NewsmarkSpan *span;

  g_signal_connect (set, "notify::modified", G_CALLBACK (count_notify), &n_modified);
  g_signal_connect (set, "notify::can-undo", G_CALLBACK (count_notify), &n_undo);
  g_signal_connect (set, "notify::can-redo", G_CALLBACK (count_notify), &n_redo);

  g_assert_false (newsmark_annotation_set_get_modified (set));
  span = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_assert_cmpuint (n_modified, ==, 1);
  g_assert_cmpuint (n_undo, ==, 1);

  /* Saved here. */
  newsmark_annotation_set_set_modified (set, FALSE);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_cmpuint (n_modified, ==, 2);

  newsmark_annotation_set_set_span_note (set, span, "first");
  g_assert_true (newsmark_annotation_set_get_modified (set));
  /* Undo back to the saved state: not modified. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_cmpuint (n_redo, ==, 1);
  /* Redo: modified again; undo twice: before the save: modified. */
  g_assert_true (newsmark_annotation_set_redo (set));
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_assert_true (newsmark_annotation_set_redo (set));
  g_assert_false (newsmark_annotation_set_get_modified (set));

  /* Undo past the save point, then a different edit: the saved state can
   * no longer be reached, so it stays modified whatever is undone. */
  g_assert_true (newsmark_annotation_set_undo (set));
  newsmark_annotation_set_create_span (set, "DATE", 23, 29, &error);
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_get_modified (set));

  /* Marking modified by hand (e.g. after re-anchoring). */
  newsmark_annotation_set_set_modified (set, FALSE);
  newsmark_annotation_set_set_modified (set, TRUE);
  g_assert_true (newsmark_annotation_set_get_modified (set));

  /* clear_history keeps the modified flag. */
  newsmark_annotation_set_clear_history (set);
  g_assert_false (newsmark_annotation_set_can_undo (set));
  g_assert_false (newsmark_annotation_set_can_redo (set));
  g_assert_true (newsmark_annotation_set_get_modified (set));
  newsmark_annotation_set_set_modified (set, FALSE);
  newsmark_annotation_set_clear_history (set);
  g_assert_false (newsmark_annotation_set_get_modified (set));
}

static void
test_place_span_undo (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(NewsmarkSpan) lost = newsmark_span_new ("s7", "PERSON", 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  NewsmarkFragment cand[2] = { { 6, 14 }, { 40, 48 } };

  newsmark_span_set_text (lost, "Ana Ruiz");
  newsmark_span_set_unplaced_reason (lost, "ambiguous");
  newsmark_span_set_candidates (lost, cand, 2);
  newsmark_annotation_set_add_unplaced (set, lost);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 1);
  before = dump_set (set);

  g_assert_true (newsmark_annotation_set_place_span (set, lost, 6, 14, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
  g_assert_true (newsmark_annotation_set_find_span (set, "s7") == lost);
  g_assert_null (newsmark_span_get_unplaced_reason (lost));
  g_assert_cmpuint (newsmark_span_get_n_candidates (lost), ==, 0);
  g_assert_cmpstr (newsmark_span_get_text (lost), ==, "Ana Ruiz");
  after = dump_set (set);

  g_assert_true (newsmark_annotation_set_undo (set));
  {
    g_autofree char *now = dump_set (set);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_cmpstr (newsmark_span_get_unplaced_reason (lost), ==, "ambiguous");
  g_assert_cmpuint (newsmark_span_get_n_candidates (lost), ==, 2);

  g_assert_true (newsmark_annotation_set_redo (set));
  {
    g_autofree char *now = dump_set (set);
    g_assert_cmpstr (now, ==, after);
  }

  /* Unplaced add/remove are undoable too. */
  g_assert_true (newsmark_annotation_set_undo (set));
  newsmark_annotation_set_remove_unplaced (set, lost);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 1);
}

static void
test_undo_emits_notify_on_span (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  guint n_label = 0, n_status = 0;

  g_signal_connect (span, "notify::label", G_CALLBACK (count_notify), &n_label);
  g_signal_connect (span, "notify::status", G_CALLBACK (count_notify), &n_status);

  newsmark_annotation_set_set_span_label (set, span, "ORG", &error);
  g_assert_cmpuint (n_label, ==, 1);
  newsmark_annotation_set_undo (set);
  g_assert_cmpuint (n_label, ==, 2);
  g_assert_cmpstr (newsmark_span_get_label (span), ==, "PERSON");
  g_assert_cmpuint (n_status, ==, 0);
}

/* The oldest steps are forgotten beyond the limit; the rest still work. */
static void
test_history_limit (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  guint undone = 0;

  newsmark_annotation_set_set_modified (set, FALSE);
  for (guint i = 0; i < 1010; i++)
    {
      g_autofree char *note = g_strdup_printf ("note %u", i);
      newsmark_annotation_set_set_span_note (set, span, note);
    }
  while (newsmark_annotation_set_undo (set))
    undone++;
  g_assert_cmpuint (undone, ==, 1000);
  g_assert_cmpstr (newsmark_span_get_note (span), ==, "note 9");
  /* The saved state (before note 0) is out of reach: still modified. */
  g_assert_true (newsmark_annotation_set_get_modified (set));
}

/* What a save followed by a reopen gives. */
static NewsmarkAnnotationSet *
save_and_reload (NewsmarkAnnotationSet *set)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *json = newsmark_annotation_set_to_json (set, &len);
  NewsmarkAnnotationSet *again = newsmark_annotation_set_load_data (json, len, "ids.newsmark.json", 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (again);
  return again;
}

/* Undo and redo take spans and relations away and bring them back; the
 * ids they had are never given to anything else, in this session or after
 * a save and a reopen. */
static void
test_ids_never_reused (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(NewsmarkAnnotationSet) reopened = NULL;
  g_autoptr(NewsmarkAnnotationSet) again = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *person, *quote, *date, *event;
  NewsmarkRelation *rel;

  person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 38, 69, &error));
  rel = newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_relation_get_id (rel), ==, "r1");

  /* The relation and the claim (s3) are undone, then saved and reopened:
   * neither id comes back. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 2);
  reopened = save_and_reload (set);
  person = g_list_model_get_item (newsmark_annotation_set_get_spans (reopened), 0);
  quote = g_list_model_get_item (newsmark_annotation_set_get_spans (reopened), 1);
  g_object_unref (person);
  g_object_unref (quote);
  date = newsmark_annotation_set_create_span (reopened, "DATE", 23, 29, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_span_get_id (date), ==, "s4");
  rel = newsmark_annotation_set_create_relation (reopened, "speaker", quote, person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_relation_get_id (rel), ==, "r2");

  /* The highest span deleted, the deletion undone and redone: it keeps
   * its id while it exists, and after a reopen the next span is s5. */
  newsmark_annotation_set_remove_span (reopened, date);
  g_assert_true (newsmark_annotation_set_undo (reopened));
  date = newsmark_annotation_set_find_span (reopened, "s4");
  g_assert_nonnull (date);
  g_assert_true (newsmark_annotation_set_redo (reopened));
  g_assert_null (newsmark_annotation_set_find_span (reopened, "s4"));
  again = save_and_reload (reopened);
  event = newsmark_annotation_set_create_span (again, "EVENT", 50, 63, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_span_get_id (event), ==, "s5");

  /* In one session too: an undone creation's id is not given again. */
  g_assert_true (newsmark_annotation_set_undo (again));
  event = newsmark_annotation_set_create_span (again, "EVENT", 50, 63, &error);
  g_assert_cmpstr (newsmark_span_get_id (event), ==, "s6");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/each-edit", test_each_edit_undoes_exactly);
  g_test_add_func ("/history/same-objects", test_same_objects_survive);
  g_test_add_func ("/history/groups", test_groups);
  g_test_add_func ("/history/redo-cleared", test_redo_cleared_by_new_edit);
  g_test_add_func ("/history/save-point", test_save_point);
  g_test_add_func ("/history/place-span", test_place_span_undo);
  g_test_add_func ("/history/notify", test_undo_emits_notify_on_span);
  g_test_add_func ("/history/limit", test_history_limit);
  g_test_add_func ("/history/ids-never-reused", test_ids_never_reused);

  return g_test_run ();
}
