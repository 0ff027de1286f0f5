/* test-review.c — reviewing model suggestions in the real window, by keys
 *
 * The review keys are shortcuts of the review bar, run by the window in the
 * capture phase; a key they decline goes on to the article view's own key
 * controller. press_key() delivers a key the same way: the bar's shortcut
 * whose trigger matches, else the view. Shift+arrows are the text view's
 * own key bindings, so they are sent as its "move-cursor" signal.
 */
#include "config.h"

#include <newsmark/newsmark.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "newsmark-application.h"
#include "newsmark-bulk-accept-dialog.h"
#include "newsmark-import-suggestions-dialog.h"
#include "newsmark-unplaced-dialog.h"
#include "newsmark-window-private.h"
#include "gui-test-common.h"

#define ANNOTATOR "Test Reviewer"

static NewsmarkApplication *app;

/* ---- Helpers ----------------------------------------------------------------- */

static gboolean
view_has_drawn (gpointer data)
{
  return newsmark_article_view_get_n_frames (newsmark_window_get_article_view (data)) > 0;
}

static void
copy_file (const char *name,
           const char *dir)
{
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "data", "review", name, NULL);
  g_autofree char *to = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

/* A scratch copy of the fixture; with @annotations FALSE only the article
 * and the model's output. */
static char *
make_fixture (gboolean annotations)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsmark-review-XXXXXX", &error);

  g_assert_no_error (error);
  copy_file ("council-vote.txt", dir);
  copy_file ("model-strings.json", dir);
  if (annotations)
    copy_file ("council-vote.newsmark.json", dir);

  return dir;
}

static NewsmarkWindow *
open_window (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = newsmark_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (newsmark_window_open (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (view_has_drawn, window, 10000));

  return window;
}

static void
close_window (NewsmarkWindow *window)
{
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);

  if (set != NULL)
    newsmark_annotation_set_set_modified (set, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

static void
activate (NewsmarkWindow *window,
          const char     *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  spin (10);
}

static void
press (NewsmarkWindow *window,
       guint           keyval)
{
  gboolean by_review;

  g_assert_true (press_key_full (window, keyval, 0, &by_review));
  g_assert_true (by_review);
}

static NewsmarkSpan *
find (NewsmarkAnnotationSet *set,
      const char            *id)
{
  NewsmarkSpan *span = newsmark_annotation_set_find_span (set, id);

  g_assert_nonnull (span);
  return span;
}

static const NewsmarkLogEntry *
last_log (NewsmarkAnnotationSet *set)
{
  GPtrArray *log = newsmark_annotation_set_get_log (set);

  g_assert_cmpuint (log->len, >, 0);
  return g_ptr_array_index (log, log->len - 1);
}

/* The newest entry with @action for @target. */
static const NewsmarkLogEntry *
find_log (NewsmarkAnnotationSet *set,
          const char            *action,
          const char            *target)
{
  GPtrArray *log = newsmark_annotation_set_get_log (set);

  for (guint i = log->len; i > 0; i--)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i - 1);

      if (g_strcmp0 (entry->action, action) == 0 && g_strcmp0 (entry->target, target) == 0)
        return entry;
    }

  return NULL;
}

/* Compares without white space, so the JSON writer's spacing does not
 * matter. */
static void
assert_detail_has (const NewsmarkLogEntry *entry,
                   const char             *needle)
{
  g_autoptr(GString) detail = g_string_new (entry->detail_json);
  g_autoptr(GString) want = g_string_new (needle);

  g_string_replace (detail, " ", "", 0);
  g_string_replace (want, " ", "", 0);
  if (strstr (detail->str, want->str) == NULL)
    g_error ("log detail %s lacks %s", entry->detail_json, needle);
}

static const char *
current_id (NewsmarkReviewBar *bar)
{
  NewsmarkSpan *span = newsmark_review_bar_get_current (bar);

  return span != NULL ? newsmark_span_get_id (span) : NULL;
}

static void
assert_progress (NewsmarkReviewBar *bar,
                 const char        *expected)
{
  g_autofree char *text = newsmark_review_bar_dup_progress_text (bar);

  g_assert_cmpstr (text, ==, expected);
}

static char *
slice (NewsmarkAnnotationSet *set,
       NewsmarkSpan          *span)
{
  return newsmark_document_dup_slice (newsmark_annotation_set_get_document (set),
                                      newsmark_span_get_start (span), newsmark_span_get_end (span));
}

/* ---- Tests --------------------------------------------------------------------------- */

static void
test_review_by_keys (void)
{
  g_autofree char *dir = make_fixture (TRUE);
  NewsmarkWindow *window = open_window (dir, "council-vote.newsmark.json");
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  const NewsmarkLogEntry *entry;
  g_autofree char *text = NULL;
  gboolean by_review;

  g_assert_false (newsmark_review_bar_get_active (bar));

  /* Outside review mode the keys are the article's: "a" is nothing, and
   * "p" would tag (PERSON) — the bar does not take them. */
  g_assert_false (press_key_full (window, GDK_KEY_a, 0, &by_review));
  g_assert_false (by_review);

  activate (window, "review.active");
  g_assert_true (newsmark_review_bar_get_active (bar));
  assert_progress (bar, "0 of 10 reviewed");

  /* Document order: "city council" comes first, selected in the article. */
  g_assert_cmpstr (current_id (bar), ==, "s2");
  g_assert_true (newsmark_window_get_selected_span (window) == find (set, "s2"));

  press (window, GDK_KEY_a);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s2")), ==, NEWSMARK_STATUS_ACCEPTED);
  entry = last_log (set);
  g_assert_cmpstr (entry->action, ==, "accept");
  g_assert_cmpstr (entry->target, ==, "s2");
  g_assert_cmpstr (entry->who, ==, ANNOTATOR);
  assert_progress (bar, "1 of 10 reviewed");

  /* x rejects: the span stays, marked rejected, hidden in the article. */
  g_assert_cmpstr (current_id (bar), ==, "s7");
  press (window, GDK_KEY_x);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s7")), ==, NEWSMARK_STATUS_REJECTED);
  entry = last_log (set);
  g_assert_cmpstr (entry->action, ==, "reject");
  g_assert_cmpstr (entry->target, ==, "s7");
  g_assert_cmpstr (entry->who, ==, ANNOTATOR);
  g_assert_false (newsmark_article_view_get_show_rejected (view));
  g_assert_null (newsmark_article_view_pick_span_at (view, newsmark_span_get_start (find (set, "s7")), NULL));
  activate (window, "win.show-rejected");
  g_assert_true (newsmark_article_view_pick_span_at (view, newsmark_span_get_start (find (set, "s7")), NULL)
                 == find (set, "s7"));
  activate (window, "win.show-rejected");

  /* n and p move without deciding; "p" is PERSON's key but review wins. */
  g_assert_cmpstr (current_id (bar), ==, "s1");
  press (window, GDK_KEY_n);
  g_assert_cmpstr (current_id (bar), ==, "s3");
  g_assert_true (newsmark_window_get_selected_span (window) == find (set, "s3"));
  press (window, GDK_KEY_p);
  g_assert_cmpstr (current_id (bar), ==, "s1");
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_label (find (set, "s1")), ==, "PERSON");
  assert_progress (bar, "2 of 10 reviewed");

  /* e: edit, then Escape leaves everything as it was. */
  press (window, GDK_KEY_e);
  g_assert_true (newsmark_review_bar_get_editing (bar));
  press (window, GDK_KEY_Escape);
  g_assert_false (newsmark_review_bar_get_editing (bar));
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_review_bar_get_active (bar));

  /* e again: widen to the word before (Tab switches to the start, then
   * Ctrl+Shift+Left), relabel by key (p, then o), Enter accepts. */
  press (window, GDK_KEY_e);
  g_assert_true (newsmark_review_bar_get_editing (bar));
  g_assert_cmpstr (newsmark_review_bar_get_edit_label (bar), ==, "PERSON");
  press (window, GDK_KEY_Tab);
  g_signal_emit_by_name (view, "move-cursor", GTK_MOVEMENT_WORDS, -1, TRUE);
  press (window, GDK_KEY_o);
  g_assert_cmpstr (newsmark_review_bar_get_edit_label (bar), ==, "ORG");
  press (window, GDK_KEY_p);
  g_assert_cmpstr (newsmark_review_bar_get_edit_label (bar), ==, "PERSON");
  g_assert_true (newsmark_review_bar_get_editing (bar));
  press (window, GDK_KEY_o);
  /* Still nothing changed in the file. */
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_SUGGESTED);
  press (window, GDK_KEY_Return);
  g_assert_false (newsmark_review_bar_get_editing (bar));
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpstr (newsmark_span_get_label (find (set, "s1")), ==, "ORG");
  text = slice (set, find (set, "s1"));
  g_assert_cmpstr (text, ==, "Mayor Maria Lopez");
  g_assert_cmpstr (newsmark_span_get_text (find (set, "s1")), ==, "Mayor Maria Lopez");
  entry = find_log (set, "edit", "s1");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->who, ==, ANNOTATOR);
  /* Before and after of each changed field. */
  assert_detail_has (entry, "\"label\": [\"PERSON\", \"ORG\"]");
  assert_detail_has (entry, "\"text\": [\"Maria Lopez\", \"Mayor Maria Lopez\"]");
  assert_detail_has (entry, "\"status\": [\"suggested\", \"accepted\"]");
  assert_progress (bar, "3 of 10 reviewed");
  g_assert_cmpstr (current_id (bar), ==, "s3");

  /* Ctrl+Z undoes the edit and brings the review back to it. */
  activate (window, "win.undo");
  spin (20);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_label (find (set, "s1")), ==, "PERSON");
  g_assert_cmpuint (newsmark_span_get_start (find (set, "s1")), ==, 174);
  g_assert_cmpstr (current_id (bar), ==, "s1");
  assert_progress (bar, "2 of 10 reviewed");
  activate (window, "win.redo");
  spin (20);
  g_assert_cmpstr (newsmark_span_get_label (find (set, "s1")), ==, "ORG");
  g_assert_cmpstr (current_id (bar), ==, "s3");

  /* Typing in an entry is typing: the search entry gets "a". */
  activate (window, "win.find");
  spin (50);
  g_assert_false (press_key_full (window, GDK_KEY_a, 0, &by_review) && by_review);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s3")), ==, NEWSMARK_STATUS_SUGGESTED);
  newsmark_search_bar_close (newsmark_window_get_search_bar (window));
  spin (20);

  /* Score order: highest first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "review.order", "s", "score"));
  spin (10);
  /* Pending: s4 0.95, s6 0.93, s5 0.91, s3 0.88, s9 0.35; s3 stays current. */
  g_assert_cmpstr (current_id (bar), ==, "s3");
  press (window, GDK_KEY_p);
  g_assert_cmpstr (current_id (bar), ==, "s5");
  press (window, GDK_KEY_p);
  g_assert_cmpstr (current_id (bar), ==, "s6");
  press (window, GDK_KEY_n);
  press (window, GDK_KEY_n);
  press (window, GDK_KEY_n);
  g_assert_cmpstr (current_id (bar), ==, "s9");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "review.order", "s", "document"));
  spin (10);
  g_assert_cmpstr (current_id (bar), ==, "s9");
  press (window, GDK_KEY_p);
  g_assert_cmpstr (current_id (bar), ==, "s6");

  /* Clicking a suggestion in the article makes it the one under review. */
  newsmark_window_set_selected_span (window, find (set, "s5"));
  g_assert_cmpstr (current_id (bar), ==, "s5");
  press (window, GDK_KEY_p);
  g_assert_cmpstr (current_id (bar), ==, "s4");

  /* Escape leaves review mode. */
  press (window, GDK_KEY_Escape);
  g_assert_false (newsmark_review_bar_get_active (bar));

  /* Save and reopen: decisions and log are in the file. */
  activate (window, "win.save");
  g_assert_false (newsmark_annotation_set_get_modified (set));
  close_window (window);

  window = open_window (dir, "council-vote.newsmark.json");
  set = newsmark_window_get_annotation_set (window);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s2")), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s7")), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s1")), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpstr (newsmark_span_get_label (find (set, "s1")), ==, "ORG");
  g_assert_cmpint (newsmark_span_get_status (find (set, "s3")), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_nonnull (find_log (set, "reject", "s7"));
  g_assert_cmpstr (find_log (set, "reject", "s7")->who, ==, ANNOTATOR);
  g_assert_nonnull (find_log (set, "edit", "s1"));
  bar = newsmark_window_get_review_bar (window);
  activate (window, "review.active");
  assert_progress (bar, "3 of 10 reviewed");
  g_assert_cmpstr (current_id (bar), ==, "s3");
  g_assert_true (newsmark_window_get_selected_span (window) == find (set, "s3"));

  close_window (window);
  remove_tree (dir);
}

static void
test_bulk_accept (void)
{
  g_autofree char *dir = make_fixture (TRUE);
  NewsmarkWindow *window = open_window (dir, "council-vote.newsmark.json");
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkBulkAcceptDialog *dialog;
  const NewsmarkLogEntry *entry;
  const char *high[] = { "s1", "s4", "s5", "s6" };   /* scores 0.97, 0.95, 0.91, 0.93 */

  activate (window, "review.active");
  activate (window, "review.bulk-accept");
  dialog = NEWSMARK_BULK_ACCEPT_DIALOG (newsmark_review_bar_get_dialog (bar));
  g_assert_nonnull (dialog);

  /* Preview first, for the label under review (ORG "city council"). */
  g_assert_cmpstr (newsmark_bulk_accept_dialog_get_label (dialog), ==, "ORG");
  newsmark_bulk_accept_dialog_set_min_score (dialog, 0.9);
  g_assert_cmpuint (newsmark_bulk_accept_dialog_get_count (dialog), ==, 1);
  g_assert_cmpstr (newsmark_bulk_accept_dialog_get_button_text (dialog), ==, "Accept 1 Suggestion");

  newsmark_bulk_accept_dialog_set_label (dialog, NULL);
  g_assert_cmpuint (newsmark_bulk_accept_dialog_get_count (dialog), ==, 4);
  newsmark_bulk_accept_dialog_set_min_score (dialog, 0.85);
  g_assert_cmpuint (newsmark_bulk_accept_dialog_get_count (dialog), ==, 5);
  newsmark_bulk_accept_dialog_set_min_score (dialog, 0.9);
  g_assert_cmpstr (newsmark_bulk_accept_dialog_get_button_text (dialog), ==, "Accept 4 Suggestions");
  /* The preview changes nothing. */
  assert_progress (bar, "0 of 10 reviewed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.apply", NULL));
  spin (20);
  g_assert_null (newsmark_review_bar_get_dialog (bar));
  for (guint i = 0; i < G_N_ELEMENTS (high); i++)
    g_assert_cmpint (newsmark_span_get_status (find (set, high[i])), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (find (set, "s3")), ==, NEWSMARK_STATUS_SUGGESTED);
  assert_progress (bar, "4 of 10 reviewed");
  entry = find_log (set, "bulk-accept", NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->who, ==, ANNOTATOR);
  g_assert_nonnull (strstr (entry->detail_json, "0.9"));

  /* One undo step takes all four back. */
  activate (window, "win.undo");
  spin (20);
  for (guint i = 0; i < G_N_ELEMENTS (high); i++)
    g_assert_cmpint (newsmark_span_get_status (find (set, high[i])), ==, NEWSMARK_STATUS_SUGGESTED);
  assert_progress (bar, "0 of 10 reviewed");

  close_window (window);
  remove_tree (dir);
}

static void
test_unplaced (void)
{
  g_autofree char *dir = make_fixture (TRUE);
  NewsmarkWindow *window = open_window (dir, "council-vote.newsmark.json");
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkUnplacedDialog *dialog;
  g_autofree char *context = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *placed;
  guint ambiguous = G_MAXUINT;

  activate (window, "review.active");
  activate (window, "review.resolve-unplaced");
  dialog = NEWSMARK_UNPLACED_DIALOG (newsmark_review_bar_get_dialog (bar));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      newsmark_unplaced_dialog_select (dialog, i);
      if (g_strcmp0 (newsmark_span_get_id (newsmark_unplaced_dialog_get_selected (dialog)), "s8") == 0)
        ambiguous = i;
      else
        g_assert_cmpuint (newsmark_unplaced_dialog_get_n_candidates (dialog), ==, 0);   /* not found */
    }
  g_assert_cmpuint (ambiguous, !=, G_MAXUINT);
  newsmark_unplaced_dialog_select (dialog, ambiguous);
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_candidates (dialog), ==, 2);

  /* The second candidate is the repeated paragraph at the end. */
  context = newsmark_unplaced_dialog_dup_candidate_text (dialog, 1);
  g_assert_nonnull (strstr (context, "[The tunnel will cost 1.2 billion euros, according to the council.]"));
  g_assert_nonnull (strstr (context, "arrive in March."));

  g_assert_true (newsmark_unplaced_dialog_place (dialog, 1, &error));
  g_assert_no_error (error);
  spin (20);
  placed = find (set, "s8");
  g_assert_cmpuint (newsmark_span_get_start (placed), ==, 536);
  g_assert_cmpuint (newsmark_span_get_end (placed), ==, 601);
  g_assert_cmpint (newsmark_span_get_status (placed), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_nonnull (find_log (set, "place", "s8"));
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 1);

  /* The one not found: nothing to place it on until text is selected in
   * the article (the dialog is not modal), then it goes there. */
  {
    NewsmarkArticleView *view = newsmark_window_get_article_view (window);
    NewsmarkSpan *missing = newsmark_unplaced_dialog_get_selected (dialog);
    NewsmarkSpan *hand;
    g_autofree char *missing_id = NULL;
    const char *text = newsmark_document_get_text (newsmark_annotation_set_get_document (set));
    const char *where = strstr (text, "tunnel");
    guint start;

    g_assert_nonnull (missing);
    g_assert_false (gtk_window_get_modal (GTK_WINDOW (dialog)));
    missing_id = g_strdup (newsmark_span_get_id (missing));
    g_assert_cmpstr (newsmark_span_get_unplaced_reason (missing), ==, "not-found");
    g_assert_nonnull (where);
    start = (guint) g_utf8_strlen (text, where - text);

    newsmark_article_view_place_cursor (view, start);
    spin (20);
    g_assert_false (newsmark_unplaced_dialog_place_at_selection (dialog, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
    g_clear_error (&error);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.place-selection", NULL);
    g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 1);

    newsmark_article_view_select_range (view, start, start + 6);
    spin (20);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.place-selection", NULL));
    spin (20);
    g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 0);
    hand = find (set, missing_id);
    g_assert_nonnull (hand);
    g_assert_cmpuint (newsmark_span_get_start (hand), ==, start);
    g_assert_cmpstr (newsmark_span_get_text (hand), ==, "tunnel");
    g_assert_cmpint (newsmark_span_get_status (hand), ==, NEWSMARK_STATUS_SUGGESTED);
    g_assert_nonnull (strstr (find_log (set, "place", missing_id)->detail_json, "suggested_text"));

    /* One undo step puts it back. */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (newsmark_review_bar_get_queue (bar))), ==, 10);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
    spin (20);
    g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 1);
    /* ... and to the end of the review queue, as an unplaced suggestion
     * (to reject, or to place first). */
  }

  /* It joined the review queue: review it by key. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (newsmark_review_bar_get_queue (bar))), ==, 10);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (20);
  while (g_strcmp0 (current_id (bar), "s8") != 0)
    press (window, GDK_KEY_n);
  press (window, GDK_KEY_a);
  g_assert_cmpint (newsmark_span_get_status (placed), ==, NEWSMARK_STATUS_ACCEPTED);

  close_window (window);
  remove_tree (dir);
}

/* Adds a model's suggestion split in two: @first and @second, found in
 * that order in the article. */
static char *
add_split_suggestion (NewsmarkAnnotationSet *set,
                      const char            *first,
                      const char            *second)
{
  const char *text = newsmark_document_get_text (newsmark_annotation_set_get_document (set));
  const char *a = strstr (text, first);
  const char *b = a != NULL ? strstr (a + strlen (first), second) : NULL;
  g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("newsroom-tagger", "2.1", TRUE, 0.7);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSpan) span = NULL;
  NewsmarkFragment fragments[2];

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  fragments[0].start = (guint) g_utf8_strlen (text, a - text);
  fragments[0].end = fragments[0].start + (guint) g_utf8_strlen (first, -1);
  fragments[1].start = (guint) g_utf8_strlen (text, b - text);
  fragments[1].end = fragments[1].start + (guint) g_utf8_strlen (second, -1);
  span = newsmark_span_new (NULL, "QUOTE", fragments[0].start, fragments[1].end);
  newsmark_span_set_fragments (span, fragments, 2);
  newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
  newsmark_span_set_origin (span, origin);
  g_assert_true (newsmark_annotation_set_add_span (set, span, &error));
  g_assert_no_error (error);
  return g_strdup (newsmark_span_get_id (span));
}

/* e on a split suggestion: moving its outer ends keeps the split; a
 * selection that cuts into its parts makes it one continuous span. */
static void
test_edit_split (void)
{
  g_autofree char *dir = make_fixture (TRUE);
  NewsmarkWindow *window = open_window (dir, "council-vote.newsmark.json");
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  g_autofree char *kept = add_split_suggestion (set, "The tunnel is already", "over budget");
  g_autofree char *joined = add_split_suggestion (set, "Mayor Maria", "called it");
  const NewsmarkFragment *fragments;
  NewsmarkSpan *span;
  guint first_start, second_end;

  activate (window, "review.active");
  for (guint i = 0; i < 20 && g_strcmp0 (current_id (bar), kept) != 0; i++)
    press (window, GDK_KEY_n);
  g_assert_cmpstr (current_id (bar), ==, kept);
  span = find (set, kept);
  first_start = newsmark_span_get_fragments (span)[0].start;
  second_end = newsmark_span_get_fragments (span)[1].end;

  /* Take the comma after "budget" too: the end moves, the split stays. */
  press (window, GDK_KEY_e);
  g_assert_true (newsmark_review_bar_get_editing (bar));
  g_signal_emit_by_name (view, "move-cursor", GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  press (window, GDK_KEY_Return);
  g_assert_false (newsmark_review_bar_get_editing (bar));
  span = find (set, kept);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpuint (newsmark_span_get_n_fragments (span), ==, 2);
  fragments = newsmark_span_get_fragments (span);
  g_assert_cmpuint (fragments[0].start, ==, first_start);
  g_assert_cmpuint (fragments[1].end, ==, second_end + 1);
  {
    g_autofree char *last = newsmark_document_dup_slice (newsmark_annotation_set_get_document (set),
                                                         fragments[1].start, fragments[1].end);

    g_assert_cmpstr (last, ==, "over budget,");
  }

  /* The other: its start moved past the end of its first part. */
  for (guint i = 0; i < 20 && g_strcmp0 (current_id (bar), joined) != 0; i++)
    press (window, GDK_KEY_n);
  g_assert_cmpstr (current_id (bar), ==, joined);
  press (window, GDK_KEY_e);
  press (window, GDK_KEY_Tab);
  g_signal_emit_by_name (view, "move-cursor", GTK_MOVEMENT_WORDS, 3, TRUE);
  press (window, GDK_KEY_Return);
  span = find (set, joined);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpuint (newsmark_span_get_n_fragments (span), ==, 0);

  close_window (window);
  remove_tree (dir);
}

static void
test_import (void)
{
  g_autofree char *dir = make_fixture (FALSE);
  g_autofree char *model = g_build_filename (dir, "model-strings.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) model_file = g_file_new_for_path (model);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = open_window (dir, "council-vote.txt");
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkImportSuggestionsDialog *dialog;
  const NewsmarkSuggestReport *report;
  const NewsmarkOrigin *origin;

  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 0);

  /* A broken file: a clear error, nothing added. */
  g_file_set_contents (bad, "[{\"text\": \"Maria Lopez\", \"label\": 7}]", -1, &error);
  g_assert_no_error (error);
  activate (window, "review.import");
  dialog = NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (newsmark_review_bar_get_dialog (bar));
  g_assert_nonnull (dialog);
  newsmark_import_suggestions_dialog_set_file (dialog, bad_file);
  g_assert_cmpint (newsmark_import_suggestions_dialog_get_format (dialog), ==, NEWSMARK_SUGGEST_FROM_STRINGS);
  g_assert_false (newsmark_import_suggestions_dialog_import (dialog, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (newsmark_import_suggestions_dialog_get_summary (dialog), "[0].label"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 0);
  g_assert_false (newsmark_annotation_set_can_undo (set));

  /* The model's strings: placed, ambiguous and missing ones reported. */
  newsmark_import_suggestions_dialog_set_file (dialog, model_file);
  newsmark_import_suggestions_dialog_set_model_name (dialog, "newsroom-tagger");
  g_assert_true (newsmark_import_suggestions_dialog_import (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_import_suggestions_dialog_get_summary (dialog), ==,
                   "placed 8 (exact 7, normalised 1), ambiguous 1, not found 1, duplicates merged 0, conflicts 0");
  report = newsmark_import_suggestions_dialog_get_report (dialog);
  g_assert_cmpuint (report->placed, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 2);
  origin = newsmark_span_get_origin (find (set, "s1"));
  g_assert_cmpstr (origin->name, ==, "newsroom-tagger");
  g_assert_true (origin->has_score);
  g_assert_nonnull (find_log (set, "import", NULL));
  g_assert_cmpstr (find_log (set, "import", NULL)->who, ==, ANNOTATOR);

  /* "Review Now" starts review mode on the new suggestions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.review", NULL));
  spin (20);
  g_assert_null (newsmark_review_bar_get_dialog (bar));
  g_assert_true (newsmark_review_bar_get_active (bar));
  assert_progress (bar, "0 of 10 reviewed");
  g_assert_cmpstr (current_id (bar), ==, "s2");

  /* The import is one undo step. */
  press (window, GDK_KEY_Escape);
  activate (window, "win.undo");
  spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);

  /* Again, then straight on from the report to the unplaced ones. */
  activate (window, "review.import");
  dialog = NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (newsmark_review_bar_get_dialog (bar));
  newsmark_import_suggestions_dialog_set_file (dialog, model_file);
  g_assert_true (newsmark_import_suggestions_dialog_import (dialog, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.resolve-unplaced", NULL));
  spin (50);
  g_assert_true (NEWSMARK_IS_UNPLACED_DIALOG (newsmark_review_bar_get_dialog (bar)));
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (NEWSMARK_UNPLACED_DIALOG (newsmark_review_bar_get_dialog (bar))),
                    ==, 2);
  gtk_window_destroy (newsmark_review_bar_get_dialog (bar));
  spin (20);
  g_assert_null (newsmark_review_bar_get_dialog (bar));

  close_window (window);
  remove_tree (dir);
}

static void
xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct {
  NewsmarkReviewBar *bar;
  const char        *id;
} CurrentIs;

static gboolean
current_is (gpointer data)
{
  CurrentIs *c = data;

  return g_strcmp0 (current_id (c->bar), c->id) == 0;
}

static gboolean
review_active (gpointer data)
{
  return newsmark_review_bar_get_active (data);
}

static gboolean
status_is_accepted (gpointer data)
{
  return newsmark_span_get_status (data) == NEWSMARK_STATUS_ACCEPTED;
}

/* Real key presses from the X server (xdotool), through GTK's own event
 * propagation: proves the review keys win over the article view's label
 * keys ("p" is PERSON's key, "e" EVENT's). */
static void
test_x11_keys (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autofree char *focus = NULL;
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *set;
  NewsmarkReviewBar *bar;
  GdkSurface *surface;
  CurrentIs c;

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X11 display");
      return;
    }

  dir = make_fixture (TRUE);
  window = open_window (dir, "council-vote.newsmark.json");
  set = newsmark_window_get_annotation_set (window);
  bar = newsmark_window_get_review_bar (window);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  focus = g_strdup_printf ("windowfocus --sync %lu", (gulong) gdk_x11_surface_get_xid (surface));
  xdotool (focus);
  spin (100);

  xdotool ("key ctrl+shift+r");
  g_assert_true (wait_for (review_active, bar, 5000));
  c.bar = bar;
  c.id = "s2";
  g_assert_true (wait_for (current_is, &c, 5000));

  xdotool ("key n");
  c.id = "s7";
  g_assert_true (wait_for (current_is, &c, 5000));
  xdotool ("key n");
  c.id = "s1";
  g_assert_true (wait_for (current_is, &c, 5000));
  xdotool ("key p");
  c.id = "s7";
  g_assert_true (wait_for (current_is, &c, 5000));
  /* "p" moved back; it did not tag anything as PERSON. */
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 8);

  xdotool ("key a");
  g_assert_true (wait_for (status_is_accepted, find (set, "s7"), 5000));
  g_assert_cmpstr (find_log (set, "accept", "s7")->who, ==, ANNOTATOR);

  close_window (window);
  remove_tree (dir);
}

/* The review keys are listed in the shortcuts window. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/newsmark/Newsmark/gtk/help-overlay.ui",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  const char *xml;

  g_assert_nonnull (bytes);
  xml = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (xml, "review.active"));
  g_assert_nonnull (strstr (xml, "Accept the suggestion"));
  g_assert_nonnull (strstr (xml, "Reject the suggestion"));
  g_assert_nonnull (strstr (xml, "Edit the suggestion"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (gui_test_log_is_fatal, NULL);

  app = gui_test_application_new ();
  g_settings_set_string (newsmark_application_get_settings (app), "annotator", ANNOTATOR);

  g_test_add_func ("/review/by-keys", test_review_by_keys);
  g_test_add_func ("/review/bulk-accept", test_bulk_accept);
  g_test_add_func ("/review/unplaced", test_unplaced);
  g_test_add_func ("/review/edit-split", test_edit_split);
  g_test_add_func ("/review/import", test_import);
  g_test_add_func ("/review/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/review/x11-keys", test_x11_keys);

  return g_test_run ();
}
