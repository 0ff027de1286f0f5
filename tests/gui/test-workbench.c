/* test-workbench.c — drives the real workbench window under a display
 *
 * Actions are activated the way the menus and accelerators do it, and
 * label keys are delivered to the article view's key controller, so the
 * code paths are the ones a user's key presses take.
 */
#include "config.h"

#include <newsmark/newsmark.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "newsmark-application.h"
#include "newsmark-preferences-window.h"
#include "newsmark-window-private.h"
#include "newsmark-wrap-layout.h"
#include "gui-test-common.h"

static NewsmarkApplication *app;
static const char *fixture_text;

/* ---- Helpers --------------------------------------------------------------- */

static gboolean
view_has_drawn (gpointer data)
{
  return newsmark_article_view_get_n_frames (newsmark_window_get_article_view (data)) > 0;
}

static char *
make_copy_of_fixture (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsmark-gui-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, "press-conference.txt", NULL);
  g_file_set_contents (path, fixture_text, -1, &error);
  g_assert_no_error (error);
  *dir_out = dir;

  return path;
}

/* A copy of tests/gui/data/@name in a new temporary folder. */
static char *
make_copy_of_data_file (const char  *name,
                        char       **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  char *dir = g_dir_make_tmp ("newsmark-gui-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (source, &contents, NULL, &error));
  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  *dir_out = dir;

  return path;
}

static NewsmarkWindow *
open_window (const char *path)
{
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

  /* No "save changes?" question in tests. */
  if (set != NULL)
    newsmark_annotation_set_set_modified (set, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

/* Code point range of the @nth occurrence (0-based) of @needle. */
static void
find_text (NewsmarkAnnotationSet *set,
           const char            *needle,
           guint                  nth,
           guint                 *start,
           guint                 *end)
{
  const char *text = newsmark_document_get_text (newsmark_annotation_set_get_document (set));
  const char *p = text;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (i == nth)
        break;
      p += strlen (needle);
    }

  *start = (guint) g_utf8_pointer_to_offset (text, p);
  *end = *start + (guint) g_utf8_strlen (needle, -1);
}

/* Delivers a key press to the article view's key controller, as GTK does
 * for a real key press on the focused view. */
static gboolean
press_key (NewsmarkWindow *window,
           guint           keyval)
{
  GtkWidget *view = GTK_WIDGET (newsmark_window_get_article_view (window));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
          return handled;
        }
    }

  g_assert_not_reached ();
  return FALSE;
}

static NewsmarkSpan *
span_with (NewsmarkAnnotationSet *set,
           const char            *label,
           guint                  start,
           guint                  end)
{
  g_autoptr(GPtrArray) spans = newsmark_annotation_set_spans_at (set, start);

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);

      if (g_strcmp0 (newsmark_span_get_label (span), label) == 0 &&
          newsmark_span_get_start (span) == start && newsmark_span_get_end (span) == end)
        return span;
    }

  return NULL;
}

static guint
n_spans (NewsmarkAnnotationSet *set)
{
  return g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
}

static guint
n_relations (NewsmarkAnnotationSet *set)
{
  return g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));
}

/* Byte-identical, or a readable report of the first differing line. */
static void
assert_same_text (const char *expected,
                  const char *actual)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;

  if (g_strcmp0 (expected, actual) == 0)
    return;

  a = g_strsplit (expected, "\n", -1);
  b = g_strsplit (actual, "\n", -1);
  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || g_strcmp0 (a[i], b[i]) != 0)
      {
        /* Fail this test but let the others run. */
        g_test_message ("files differ at line %u:\n- %s\n+ %s", i + 1, a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
        g_test_fail ();
        return;
      }
}

/* The first of @widget and its descendants (depth first) that @match
 * accepts. */
static GtkWidget *
find_descendant (GtkWidget     *widget,
                 gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                 gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
activate (NewsmarkWindow *window,
          const char     *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  spin (10);
}

/* ---- Tests ----------------------------------------------------------------------- */

static void
test_empty_state (void)
{
  NewsmarkWindow *window = newsmark_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  g_assert_true (newsmark_window_is_empty (window));
  g_assert_null (newsmark_window_get_annotation_set (window));
  /* Saving with nothing open does nothing and does not crash. */
  g_assert_false (newsmark_window_save (window, FALSE, NULL));
  close_window (window);
}

/* open → select → tag by key → set an attribute → link a speaker →
 * undo/redo → save → reopen → identical file */
static void
test_tag_flow (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  g_autofree char *annotation_path = g_build_filename (dir, "press-conference.newsmark.json", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkInspector *inspector = newsmark_window_get_inspector (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkSpan *person, *quote;
  GtkWidget *widget;
  guint ps, pe, qs, qe, index = 0;

  g_assert_false (g_file_test (annotation_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_spans (set), ==, 0);

  /* A sloppy selection " Maria Lop" snaps to "Maria Lopez". */
  find_text (set, "Maria Lopez", 0, &ps, &pe);
  newsmark_article_view_select_range (view, ps - 1, pe - 2);
  g_assert_true (press_key (window, GDK_KEY_p));
  person = span_with (set, "PERSON", ps, pe);
  g_assert_nonnull (person);
  g_assert_cmpstr (newsmark_span_get_text (person), ==, "Maria Lopez");
  g_assert_true (newsmark_window_get_selected_span (window) == person);
  g_assert_true (newsmark_span_list_panel_get_selected_span (newsmark_window_get_span_list (window)) == person);

  /* A key that is no label is not consumed. */
  newsmark_article_view_select_range (view, ps, pe);
  g_assert_false (press_key (window, GDK_KEY_z));

  find_text (set, "“finish the harbour tunnel by 2027, whatever it costs.”", 0, &qs, &qe);
  newsmark_article_view_select_range (view, qs, qe);
  g_assert_true (press_key (window, GDK_KEY_q));
  quote = span_with (set, "QUOTE", qs, qe);
  g_assert_nonnull (quote);
  g_assert_true (newsmark_inspector_get_span (inspector) == quote);

  /* Attribute from the schema: QUOTE kind = direct. */
  widget = newsmark_inspector_get_attribute_widget (inspector, "kind");
  g_assert_true (GTK_IS_DROP_DOWN (widget));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), 1);
  spin (10);
  g_assert_nonnull (newsmark_span_get_attribute (quote, "kind"));
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (quote, "kind"), NULL), ==, "direct");

  /* Link the speaker by keyboard: Ctrl+R focuses the picker. */
  activate (window, "win.link-relation");
  widget = newsmark_inspector_get_relation_widget (inspector, "speaker");
  g_assert_true (GTK_IS_DROP_DOWN (widget));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (focus == widget || gtk_widget_is_ancestor (focus, widget));
  }
  for (guint i = 1; newsmark_inspector_get_relation_candidate (inspector, "speaker", i) != NULL; i++)
    if (g_strcmp0 (newsmark_inspector_get_relation_candidate (inspector, "speaker", i),
                   newsmark_span_get_id (person)) == 0)
      index = i;
  g_assert_cmpuint (index, >, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), index);
  spin (10);
  g_assert_cmpuint (n_relations (set), ==, 1);

  /* Undo the relation, the attribute; redo both. */
  activate (window, "win.undo");
  g_assert_cmpuint (n_relations (set), ==, 0);
  activate (window, "win.undo");
  quote = span_with (set, "QUOTE", qs, qe);
  g_assert_null (newsmark_span_get_attribute (quote, "kind"));
  activate (window, "win.undo");
  g_assert_null (span_with (set, "QUOTE", qs, qe));
  g_assert_cmpuint (n_spans (set), ==, 1);
  activate (window, "win.redo");
  activate (window, "win.redo");
  activate (window, "win.redo");
  quote = span_with (set, "QUOTE", qs, qe);
  g_assert_nonnull (quote);
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (quote, "kind"), NULL), ==, "direct");
  g_assert_cmpuint (n_relations (set), ==, 1);
  g_assert_true (newsmark_annotation_set_get_modified (set));

  /* Save (Ctrl+S), then reopen in another window. */
  activate (window, "win.save");
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_true (g_file_get_contents (annotation_path, &saved, NULL, &error));
  g_assert_no_error (error);
  close_window (window);

  window = open_window (annotation_path);
  set = newsmark_window_get_annotation_set (window);
  g_assert_cmpuint (n_spans (set), ==, 2);
  g_assert_cmpuint (n_relations (set), ==, 1);
  g_assert_nonnull (span_with (set, "PERSON", ps, pe));
  g_assert_false (newsmark_window_get_recovery_offered (window));

  /* Saving the reopened file changes nothing: byte-identical. */
  activate (window, "win.save");
  g_assert_true (g_file_get_contents (annotation_path, &resaved, NULL, &error));
  assert_same_text (saved, resaved);
  close_window (window);

  remove_tree (dir);
}

/* Ctrl+F, type, Enter/Ctrl+G selects the match, Escape leaves it selected
 * with the focus in the article, the label key tags it. */
static void
test_search_then_tag (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkSearchBar *bar = newsmark_window_get_search_bar (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkTagMatchesDialog *dialog;
  guint s, e, ms, me;

  activate (window, "win.find");
  g_assert_true (newsmark_search_bar_get_revealed (bar));

  newsmark_search_bar_set_text (bar, "Lopez");
  spin (50);
  g_assert_true (newsmark_article_view_get_selection (view, &s, &e));
  find_text (set, "Lopez", 0, &ms, &me);
  g_assert_cmpuint (s, ==, ms);
  g_assert_cmpuint (e, ==, me);

  activate (window, "win.find-next");
  g_assert_true (newsmark_article_view_get_selection (view, &s, &e));
  find_text (set, "Lopez", 1, &ms, &me);
  g_assert_cmpuint (s, ==, ms);
  g_assert_cmpuint (e, ==, me);

  newsmark_search_bar_close (bar);
  g_assert_false (newsmark_search_bar_get_revealed (bar));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (view)));
  g_assert_true (newsmark_article_view_get_selection (view, &s, &e));
  g_assert_cmpuint (s, ==, ms);

  g_assert_true (press_key (window, GDK_KEY_p));
  g_assert_nonnull (span_with (set, "PERSON", ms, me));
  g_assert_cmpuint (n_spans (set), ==, 1);

  /* Reopening the bar offers the previous query. */
  activate (window, "win.find");
  g_assert_cmpstr (newsmark_search_bar_get_text (bar), ==, "Lopez");

  /* Tag all matches: whole words only, so not "Lopezville"; one undo step. */
  activate (window, "win.tag-matches");
  dialog = newsmark_window_get_tag_matches_dialog (window);
  g_assert_nonnull (dialog);
  newsmark_tag_matches_dialog_set_label (dialog, "ORG");
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_matches (dialog), ==, 2);
  newsmark_tag_matches_dialog_set_whole_words (dialog, FALSE);
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_matches (dialog), ==, 3);
  newsmark_tag_matches_dialog_set_whole_words (dialog, TRUE);
  newsmark_tag_matches_dialog_set_label (dialog, "PERSON");
  /* The match tagged by hand is already there and left unchecked. */
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_checked (dialog), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.apply", NULL));
  spin (20);
  g_assert_null (newsmark_window_get_tag_matches_dialog (window));
  g_assert_cmpuint (n_spans (set), ==, 2);
  find_text (set, "Lopez", 0, &ms, &me);
  g_assert_nonnull (span_with (set, "PERSON", ms, me));

  activate (window, "win.undo");
  g_assert_cmpuint (n_spans (set), ==, 1);

  close_window (window);
  remove_tree (dir);
}

/* A PERSON inside a CLAIM inside a QUOTE: all three exist, are drawn, and
 * repeated clicks walk from the innermost outwards. */
static void
test_overlapping_spans (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkSpan *quote, *claim, *org, *picked;
  guint qs, qe, cs, ce, os, oe, fs, fe;
  guint frames;

  find_text (set, "“The tunnel is already 40 percent over budget,”", 0, &qs, &qe);
  find_text (set, "The tunnel is already 40 percent over budget", 0, &cs, &ce);
  find_text (set, "tunnel", 1, &os, &oe);

  newsmark_article_view_select_range (view, qs, qe);
  g_assert_true (press_key (window, GDK_KEY_q));
  newsmark_article_view_select_range (view, cs, ce);
  g_assert_true (press_key (window, GDK_KEY_c));
  newsmark_article_view_select_range (view, os, oe);
  g_assert_true (press_key (window, GDK_KEY_o));

  quote = span_with (set, "QUOTE", qs, qe);
  claim = span_with (set, "CLAIM", cs, ce);
  org = span_with (set, "ORG", os, oe);
  g_assert_nonnull (quote);
  g_assert_nonnull (claim);
  g_assert_nonnull (org);

  frames = newsmark_article_view_get_n_frames (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (newsmark_article_view_get_n_frames (view) == frames)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (newsmark_article_view_get_n_drawn_spans (view), ==, 3);

  picked = newsmark_article_view_pick_span_at (view, os + 1, NULL);
  g_assert_true (picked == org);
  picked = newsmark_article_view_pick_span_at (view, os + 1, picked);
  g_assert_true (picked == claim);
  picked = newsmark_article_view_pick_span_at (view, os + 1, picked);
  g_assert_true (picked == quote);

  /* Discontinuous: the quote interrupted by "Berg said" becomes one. */
  newsmark_window_set_selected_span (window, quote);
  find_text (set, "“and nobody at City Hall will admit it.”", 0, &fs, &fe);
  newsmark_article_view_select_range (view, fs, fe);
  activate (window, "win.add-fragment");
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  g_assert_cmpuint (newsmark_span_get_end (quote), ==, fe);
  g_assert_null (newsmark_article_view_pick_span_at (view, qe + 2, NULL));

  /* Tab walks the spans in position order; Delete removes the selected one. */
  newsmark_window_set_selected_span (window, NULL);
  newsmark_article_view_place_cursor (view, 0);
  g_assert_true (press_key (window, GDK_KEY_Tab));
  g_assert_true (newsmark_window_get_selected_span (window) == quote);
  g_assert_true (press_key (window, GDK_KEY_Tab));
  g_assert_true (newsmark_window_get_selected_span (window) == claim);
  g_assert_true (press_key (window, GDK_KEY_ISO_Left_Tab));
  g_assert_true (newsmark_window_get_selected_span (window) == quote);
  g_assert_true (press_key (window, GDK_KEY_Tab));
  g_assert_true (press_key (window, GDK_KEY_Delete));
  g_assert_null (span_with (set, "CLAIM", cs, ce));
  g_assert_cmpuint (n_spans (set), ==, 2);

  close_window (window);
  remove_tree (dir);
}

/* ---- Span list rows ----------------------------------------------------------------- */

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *out)
{
  if (GTK_IS_INSCRIPTION (widget))
    {
      g_ptr_array_add (out, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, out);
}

static gboolean
is_column_view (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

static gboolean
list_caught_up (gpointer data)
{
  return !newsmark_span_list_panel_get_catching_up (newsmark_window_get_span_list (data));
}

/* Every row shows its span: label, text, status (a short article: every
 * row has its widgets). */
static void
assert_rows_show_spans (NewsmarkWindow *window)
{
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GtkWidget *column_view = find_descendant (GTK_WIDGET (newsmark_window_get_span_list (window)), is_column_view, NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (spans);

  g_assert_true (wait_for (list_caught_up, window, 2000));
  spin (30);
  g_assert_nonnull (column_view);
  collect_inscriptions (column_view, cells);
  g_assert_cmpuint (cells->len, ==, 4 * n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      const char *label = gtk_inscription_get_text (g_ptr_array_index (cells, 4 * i));
      const char *text = gtk_inscription_get_text (g_ptr_array_index (cells, 4 * i + 1));
      const char *status = gtk_inscription_get_text (g_ptr_array_index (cells, 4 * i + 2));

      g_assert_cmpstr (label, ==, newsmark_span_get_label (span));
      /* "¶3  …words before TEXT words after…" */
      g_assert_true (g_str_has_prefix (text, "¶"));
      g_assert_true (strstr (text, newsmark_span_get_text (span)) != NULL || g_str_has_suffix (text, "…"));
      g_assert_cmpstr (status, ==, newsmark_status_to_string (newsmark_span_get_status (span)));
    }
}

/* Rows stay right through edits above and below them: GTK 4.8 binds rows
 * again when only their position changes, which the list skips, and the
 * list shows edits a frame after the article does. */
static void
test_span_list_rows (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkSpanListPanel *list = newsmark_window_get_span_list (window);
  static const struct { const char *needle; guint nth; guint key; } tags[] = {
    { "Maria Lopez", 0, GDK_KEY_p },
    { "Monday", 0, GDK_KEY_d },
    { "harbour tunnel", 0, GDK_KEY_l },
    { "Tomas Berg", 0, GDK_KEY_p },
    { "City Hall", 0, GDK_KEY_o },
  };
  NewsmarkSpan *first = NULL;
  g_autoptr(GError) error = NULL;
  guint start, end;

  /* Tagged out of reading order: rows are added above existing ones. */
  for (guint i = G_N_ELEMENTS (tags); i-- > 0;)
    {
      find_text (set, tags[i].needle, tags[i].nth, &start, &end);
      newsmark_article_view_select_range (view, start, end);
      g_assert_true (press_key (window, tags[i].key));
      /* The article has it at once; the list in the next frame. */
      g_assert_true (newsmark_span_list_panel_get_catching_up (list));
      g_assert_true (newsmark_span_list_panel_get_selected_span (list) == newsmark_window_get_selected_span (window));
      assert_rows_show_spans (window);
      g_assert_true (newsmark_span_list_panel_get_selected_span (list) == newsmark_window_get_selected_span (window));
    }

  /* Changes of a span show in its row. */
  first = g_list_model_get_item (newsmark_annotation_set_get_spans (set), 0);
  g_assert_true (newsmark_annotation_set_set_span_label (set, first, "ORG", &error));
  g_assert_no_error (error);
  newsmark_annotation_set_set_span_status (set, first, NEWSMARK_STATUS_REJECTED);
  assert_rows_show_spans (window);

  /* Removing, undoing and redoing above the others. */
  newsmark_window_set_selected_span (window, first);
  g_assert_true (press_key (window, GDK_KEY_Delete));
  assert_rows_show_spans (window);
  activate (window, "win.undo");
  assert_rows_show_spans (window);
  activate (window, "win.redo");
  assert_rows_show_spans (window);
  g_assert_cmpuint (n_spans (set), ==, G_N_ELEMENTS (tags) - 1);

  g_object_unref (first);
  close_window (window);
  remove_tree (dir);
}

/* ---- Highlights kept from frame to frame ------------------------------------------- */

/* The article view's pixels, as the last frame drew them. */
static GBytes *
render_view (NewsmarkWindow *window)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  GtkWidget *widget = GTK_WIDGET (view);
  guint frames = newsmark_article_view_get_n_frames (view);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride = (gsize) width * 4;
  guchar *pixels;

  gtk_widget_queue_draw (widget);
  while (newsmark_article_view_get_n_frames (view) == frames)
    g_main_context_iteration (NULL, TRUE);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);

  return g_bytes_new_take (pixels, stride * (gsize) height);
}

/* What the view drew with the highlights it kept equals what it draws
 * laying every one of them out afresh. */
static void
assert_kept_highlights_right (NewsmarkWindow *window,
                              const char     *after)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  g_autoptr(GBytes) kept = render_view (window);
  g_autoptr(GBytes) fresh = NULL;

  newsmark_article_view_forget_highlights (view);
  fresh = render_view (window);
  if (!g_bytes_equal (kept, fresh))
    {
      g_test_message ("highlights kept from earlier frames differ from fresh ones after %s", after);
      g_test_fail ();
    }
}

static void
test_kept_highlights (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span;
  guint start, end, qs, qe;

  /* A caret blinking between two pictures is no difference to find. */
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  spin (100);

  find_text (set, "Maria Lopez", 0, &start, &end);
  newsmark_article_view_select_range (view, start, end);
  g_assert_true (press_key (window, GDK_KEY_p));
  find_text (set, "“The tunnel is already 40 percent over budget,”", 0, &qs, &qe);
  newsmark_article_view_select_range (view, qs, qe);
  g_assert_true (press_key (window, GDK_KEY_q));
  assert_kept_highlights_right (window, "tagging");

  /* A span nested in the quote: the quote loses its tint. */
  find_text (set, "tunnel", 1, &start, &end);
  newsmark_article_view_select_range (view, start, end);
  g_assert_true (press_key (window, GDK_KEY_o));
  assert_kept_highlights_right (window, "nesting");

  /* Selection, label, status. */
  span = span_with (set, "PERSON", 6, 17);
  g_assert_nonnull (span);
  newsmark_window_set_selected_span (window, span);
  assert_kept_highlights_right (window, "selecting");
  g_assert_true (newsmark_annotation_set_set_span_label (set, span, "ORG", &error));
  g_assert_no_error (error);
  assert_kept_highlights_right (window, "a new label");
  newsmark_annotation_set_set_span_status (set, span, NEWSMARK_STATUS_SUGGESTED);
  assert_kept_highlights_right (window, "a new status");

  /* Removal, undo. */
  newsmark_window_set_selected_span (window, span_with (set, "QUOTE", qs, qe));
  g_assert_true (press_key (window, GDK_KEY_Delete));
  assert_kept_highlights_right (window, "removing");
  activate (window, "win.undo");
  assert_kept_highlights_right (window, "undoing");

  /* The text wraps anew at another width. */
  {
    int width = gtk_widget_get_width (GTK_WIDGET (view));

    gtk_window_set_default_size (GTK_WINDOW (window), 1300, 600);
    spin (200);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >, width);
  }
  assert_kept_highlights_right (window, "a wider window");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  spin (200);
  assert_kept_highlights_right (window, "a narrower window");

  close_window (window);
  remove_tree (dir);
}

/* ---- Where highlights are drawn ---------------------------------------------------- */

/* Whether the pixel at widget coordinates (@x, @y) of @pixels (as
 * render_view() returns them, @width wide) is @colour. */
static gboolean
pixel_is (GBytes        *pixels,
          int            width,
          int            x,
          int            y,
          const GdkRGBA *colour)
{
  gsize size;
  const guchar *data = g_bytes_get_data (pixels, &size);
  gsize at = ((gsize) y * (gsize) width + (gsize) x) * 4;
  guint32 argb;
  int r, g, b;

  g_assert_cmpuint (at + 4, <=, size);
  memcpy (&argb, data + at, 4);
  r = (argb >> 16) & 0xff;
  g = (argb >> 8) & 0xff;
  b = argb & 0xff;

  return ABS (r - (int) (colour->red * 255 + 0.5)) <= 3 &&
         ABS (g - (int) (colour->green * 255 + 0.5)) <= 3 &&
         ABS (b - (int) (colour->blue * 255 + 0.5)) <= 3;
}

/* Where the character at @offset is, in the view's widget coordinates. */
static GdkRectangle
char_rect (NewsmarkArticleView *view,
           guint                offset)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (view);
  GtkTextIter iter;
  GdkRectangle rect;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (text_view), &iter, (int) offset);
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &rect.x, &rect.y);

  return rect;
}

/* Whether there is a line of @colour under (@x, the bottom of @rect),
 * in one of the lanes below the text. */
static gboolean
underline_at (GBytes             *pixels,
              int                 width,
              int                 x,
              const GdkRectangle *rect,
              const GdkRGBA      *colour)
{
  for (int y = rect->y + rect->height; y < rect->y + rect->height + 24; y++)
    if (pixel_is (pixels, width, x, y, colour))
      return TRUE;
  return FALSE;
}

static GdkRGBA
label_colour (NewsmarkAnnotationSet *set,
              const char            *name)
{
  NewsmarkLabel *label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (set), name);
  GdkRGBA rgba;

  g_assert_nonnull (label);
  g_assert_true (gdk_rgba_parse (&rgba, newsmark_label_get_colour (label)));
  return rgba;
}

typedef struct {
  const char *label;
  guint       key;
  const char *text;
} GeometrySpan;

static const GeometrySpan geometry_spans[] = {
  { "QUOTE", GDK_KEY_q, "The opposition leader, Tomas Berg, disagreed. “The tunnel is already 40 percent over "
                        "budget,” Berg said, “and nobody at City Hall will admit it.”" },
  { "PERSON", GDK_KEY_p, "Tomas Berg" },
  { "ORG", GDK_KEY_o, "City Hall" },
};

/* Each span's bars stand just outside its first and last characters, and
 * its underline runs below it on every display line it crosses. */
static void
assert_highlight_geometry (NewsmarkWindow *window)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  g_autoptr(GBytes) pixels = render_view (window);
  int width = gtk_widget_get_width (GTK_WIDGET (view));

  for (guint i = 0; i < G_N_ELEMENTS (geometry_spans); i++)
    {
      GdkRGBA colour = label_colour (set, geometry_spans[i].label);
      GdkRectangle first, last;
      guint start, end, lines = 0;

      find_text (set, geometry_spans[i].text, 0, &start, &end);
      first = char_rect (view, start);
      last = char_rect (view, end - 1);
      g_test_message ("%s from %d,%d to %d,%d", geometry_spans[i].label, first.x, first.y,
                      last.x + last.width, last.y);

      g_assert_true (pixel_is (pixels, width, first.x - 1, first.y + first.height / 2, &colour));
      g_assert_false (pixel_is (pixels, width, first.x - 4, first.y + first.height / 2, &colour));
      g_assert_true (pixel_is (pixels, width, last.x + last.width, last.y + last.height / 2, &colour));
      g_assert_false (pixel_is (pixels, width, last.x + last.width + 3, last.y + last.height / 2, &colour));
      g_assert_true (underline_at (pixels, width, last.x + last.width - 2, &last, &colour));

      /* The start of each display line the span crosses. */
      for (guint offset = start; offset < end; offset++)
        {
          GdkRectangle rect = char_rect (view, offset);

          if (offset > start && rect.y == char_rect (view, offset - 1).y)
            continue;
          lines++;
          g_assert_true (underline_at (pixels, width, rect.x + 2, &rect, &colour));
        }
      g_assert_true ((lines > 1) == (last.y > first.y));
    }
}

/* Where highlights are drawn, for a span on one display line and for a
 * quote over several with a name nested in it, and again once the text
 * has wrapped anew at another width. */
static void
test_highlight_geometry (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  GdkRectangle first, last;
  guint start, end;
  int width;

  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  spin (100);

  for (guint i = 0; i < G_N_ELEMENTS (geometry_spans); i++)
    {
      find_text (set, geometry_spans[i].text, 0, &start, &end);
      newsmark_article_view_select_range (view, start, end);
      g_assert_true (press_key (window, geometry_spans[i].key));
    }
  /* Selected, a span is drawn otherwise. */
  newsmark_window_set_selected_span (window, NULL);

  /* At this width the quote wraps. */
  find_text (set, geometry_spans[0].text, 0, &start, &end);
  first = char_rect (view, start);
  last = char_rect (view, end - 1);
  g_assert_cmpint (last.y, >, first.y);
  assert_highlight_geometry (window);

  width = gtk_widget_get_width (GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 600);
  spin (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >, width);
  g_assert_cmpint (char_rect (view, end - 1).x, !=, last.x);
  assert_highlight_geometry (window);

  close_window (window);
  remove_tree (dir);
}

/* ---- A narrow window ------------------------------------------------------------- */

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_wrapping (GtkWidget     *widget,
             gconstpointer  data)
{
  return NEWSMARK_IS_WRAP_LAYOUT (gtk_widget_get_layout_manager (widget));
}

/* How many rows the palette's buttons are on. Fails if one lies outside
 * the palette, overlaps the one before it, or a row does not start at the
 * palette's left edge. */
static guint
palette_rows (GtkWidget *palette)
{
  int width = gtk_widget_get_width (palette);
  float row_top = -1, right = 0;
  guint rows = 0;

  for (GtkWidget *button = gtk_widget_get_first_child (palette); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (button, palette, &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width + 0.5);
      if (bounds.origin.y != row_top)
        {
          g_assert_cmpfloat (bounds.origin.y, >, row_top);
          g_assert_cmpfloat (bounds.origin.x, ==, 0);
          row_top = bounds.origin.y;
          rows++;
        }
      else
        g_assert_cmpfloat (bounds.origin.x, >=, right);
      right = bounds.origin.x + bounds.size.width;
    }

  return rows;
}

/* In a window narrower than the palette's labels side by side, the palette
 * wraps them onto more rows, the search bar puts its options under the
 * query, and the article's column keeps its minimum width: nothing is cut
 * off. Wide, each is one row again. */
static void
test_narrow_window (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  GtkWidget *paned = find_descendant (GTK_WIDGET (window), is_type, GSIZE_TO_POINTER (GTK_TYPE_PANED));
  GtkWidget *palette = find_descendant (GTK_WIDGET (window), is_wrapping, NULL);
  GtkWidget *column;
  int minimum;

  g_assert_nonnull (paned);
  g_assert_nonnull (palette);
  column = gtk_paned_get_start_child (GTK_PANED (paned));

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  spin (300);
  gtk_widget_measure (column, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (column), >=, minimum);
  /* ...and lies between the window's edge and the side panel. */
  {
    GtkWidget *side = gtk_paned_get_end_child (GTK_PANED (paned));
    graphene_rect_t column_bounds, side_bounds;

    g_assert_true (gtk_widget_compute_bounds (column, GTK_WIDGET (window), &column_bounds));
    g_assert_true (gtk_widget_compute_bounds (side, GTK_WIDGET (window), &side_bounds));
    g_assert_cmpfloat (column_bounds.origin.x, >=, 0);
    g_assert_cmpfloat (column_bounds.origin.x + column_bounds.size.width, <=, side_bounds.origin.x);
    g_assert_cmpfloat (side_bounds.origin.x + side_bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  }
  /* Half of a 1920-pixel screen holds it, side panel and all. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 960);
  g_assert_cmpuint (palette_rows (palette), >, 1);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (newsmark_window_get_article_view (window))), >, 0);

  /* The search bar's options go onto a row of their own under the query. */
  activate (window, "win.find");
  spin (300);
  {
    GtkWidget *bar = GTK_WIDGET (newsmark_window_get_search_bar (window));
    GtkWidget *rows = find_descendant (bar, is_wrapping, NULL);
    GtkWidget *query, *options;
    graphene_rect_t query_bounds, options_bounds;

    g_assert_nonnull (rows);
    query = gtk_widget_get_first_child (rows);
    options = gtk_widget_get_next_sibling (query);
    g_assert_true (gtk_widget_compute_bounds (query, column, &query_bounds));
    g_assert_true (gtk_widget_compute_bounds (options, column, &options_bounds));
    g_assert_cmpfloat (options_bounds.origin.y, >=, query_bounds.origin.y + query_bounds.size.height);
    g_assert_cmpfloat (query_bounds.origin.x + query_bounds.size.width, <=, gtk_widget_get_width (column));
    g_assert_cmpfloat (options_bounds.origin.x + options_bounds.size.width, <=, gtk_widget_get_width (column));
  }

  /* Wide enough for the labels side by side (the screen is 1280 pixels
   * wide and the side panel takes two fifths of a window: hidden here),
   * the palette is one row again. */
  g_object_set (window, "side-panel-visible", FALSE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 600);
  spin (300);
  g_assert_cmpuint (palette_rows (palette), ==, 1);
  /* Wide, the query and its options share one row, the query taking the rest. */
  {
    GtkWidget *rows = find_descendant (GTK_WIDGET (newsmark_window_get_search_bar (window)), is_wrapping, NULL);
    GtkWidget *query = gtk_widget_get_first_child (rows);
    GtkWidget *options = gtk_widget_get_next_sibling (query);
    graphene_rect_t query_bounds, options_bounds;

    g_assert_true (gtk_widget_compute_bounds (query, rows, &query_bounds));
    g_assert_true (gtk_widget_compute_bounds (options, rows, &options_bounds));
    g_assert_cmpfloat (options_bounds.origin.y, ==, query_bounds.origin.y);
    g_assert_cmpfloat (options_bounds.origin.x + options_bounds.size.width, ==, gtk_widget_get_width (rows));
  }
  g_object_set (window, "side-panel-visible", TRUE, NULL);

  close_window (window);
  remove_tree (dir);
}

static const char broken_file[] =
  "{\n"
  "  \"format\": \"newsmark-annotations\",\n"
  "  \"version\": 1,\n"
  "  \"document\": {\"path\": \"x.txt\", \"sha256\": \"0\", \"length\": 5, \"text\": \"Hello\"},\n"
  "  \"spans\": [\n"
  "    {\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 99, \"text\": \"Hello\"}\n"
  "  ]\n"
  "}\n";

/* A load error is shown (file, JSON path, what was expected) and nothing is
 * overwritten. */
static void
test_load_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("newsmark-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.newsmark.json", NULL);
  g_autofree char *article = g_build_filename (dir, "broken.txt", NULL);
  g_autofree char *after = NULL;
  g_autofree char *problems = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) article_file = g_file_new_for_path (article);
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window;

  g_assert_true (g_file_set_contents (path, broken_file, -1, NULL));
  window = newsmark_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (newsmark_window_open (window, file, &error));
  g_assert_nonnull (error);
  g_assert_true (newsmark_window_is_empty (window));
  problems = newsmark_window_dup_problems_text (window);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "broken.newsmark.json"));
  g_assert_nonnull (strstr (problems, "spans[0]"));

  /* Opening the article beside it must not replace its annotation file. */
  g_assert_true (g_file_set_contents (article, "Hello", -1, NULL));
  g_clear_error (&error);
  g_assert_false (newsmark_window_open (window, article_file, &error));
  g_assert_true (newsmark_window_is_empty (window));
  g_assert_false (newsmark_window_save (window, TRUE, NULL));
  spin (50);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, broken_file);

  close_window (window);
  remove_tree (dir);
}

static gboolean
disk_changed (gpointer data)
{
  return newsmark_window_get_disk_changed (data);
}

/* Changed on disk: the window says so and does not overwrite silently. */
static void
test_changed_on_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  g_autofree char *annotation_path = g_build_filename (dir, "press-conference.newsmark.json", NULL);
  g_autofree char *external = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = open_window (article);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  guint s, e;

  find_text (set, "Tomas Berg", 0, &s, &e);
  newsmark_article_view_select_range (view, s, e);
  g_assert_true (press_key (window, GDK_KEY_p));
  activate (window, "win.save");
  spin (400);
  g_assert_false (newsmark_window_get_disk_changed (window));

  /* Another program rewrites the file. */
  g_assert_true (g_file_get_contents (annotation_path, &external, NULL, NULL));
  external = g_realloc (external, strlen (external) + 2);
  strcat (external, "\n");
  g_usleep (20000);
  g_assert_true (g_file_set_contents (annotation_path, external, -1, NULL));
  g_assert_true (wait_for (disk_changed, window, 5000));

  find_text (set, "Monday", 0, &s, &e);
  newsmark_article_view_select_range (view, s, e);
  g_assert_true (press_key (window, GDK_KEY_d));
  g_assert_false (newsmark_window_save (window, FALSE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_true (g_file_get_contents (annotation_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, external);

  /* Overwriting is an explicit choice. */
  g_assert_true (newsmark_window_save (window, TRUE, NULL));
  g_free (after);
  g_assert_true (g_file_get_contents (annotation_path, &after, NULL, NULL));
  g_assert_cmpstr (after, !=, external);

  close_window (window);
  remove_tree (dir);
}

/* Autosave writes a recovery file; the next open offers to restore it. */
static void
test_recovery (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkWindow *second;
  GFile *recovery;
  guint s, e;

  find_text (set, "City Hall", 0, &s, &e);
  newsmark_article_view_select_range (view, s, e);
  g_assert_true (press_key (window, GDK_KEY_o));
  g_assert_true (newsmark_window_autosave_now (window));
  recovery = newsmark_window_get_recovery_file (window);
  g_assert_true (g_file_query_exists (recovery, NULL));

  /* Simulate the crash: the window goes away without saving or cleaning up. */
  g_object_ref (recovery);
  close_window (window);
  g_assert_true (g_file_query_exists (recovery, NULL));

  second = open_window (article);
  g_assert_true (newsmark_window_get_recovery_offered (second));
  g_assert_cmpuint (n_spans (newsmark_window_get_annotation_set (second)), ==, 0);
  newsmark_window_restore_recovery (second);
  set = newsmark_window_get_annotation_set (second);
  g_assert_cmpuint (n_spans (set), ==, 1);
  g_assert_nonnull (span_with (set, "ORG", s, e));
  g_assert_true (newsmark_annotation_set_get_modified (set));

  activate (second, "win.save");
  g_assert_false (g_file_query_exists (recovery, NULL));
  g_object_unref (recovery);

  close_window (second);
  remove_tree (dir);
}

/* The style preference switches light/dark and the article's style scheme
 * follows; panel and rejected-span toggles are actions too. */
static void
test_style_and_toggles (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  GSettings *settings = newsmark_application_get_settings (app);
  gboolean visible = FALSE;

  g_settings_set_string (settings, "style-variant", "dark");
  spin (50);
  g_assert_true (newsmark_application_get_dark (app));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita-dark");

  g_settings_set_string (settings, "style-variant", "light");
  spin (50);
  g_assert_false (newsmark_application_get_dark (app));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita");
  g_settings_reset (settings, "style-variant");

  g_assert_false (newsmark_article_view_get_show_rejected (view));
  activate (window, "win.show-rejected");
  g_assert_true (newsmark_article_view_get_show_rejected (view));
  activate (window, "win.show-rejected");
  g_assert_false (newsmark_article_view_get_show_rejected (view));

  activate (window, "win.toggle-side-panel");
  g_object_get (window, "side-panel-visible", &visible, NULL);
  g_assert_false (visible);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (newsmark_window_get_inspector (window))));
  /* Focusing the inspector brings the panel back. */
  activate (window, "win.focus-inspector");
  g_object_get (window, "side-panel-visible", &visible, NULL);
  g_assert_true (visible);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (newsmark_window_get_inspector (window))));

  close_window (window);
  remove_tree (dir);
}

/* Enter in an editable: its text widget's "activate", which the spin
 * button takes as "commit the typed text". */
static void
press_enter_in (GtkWidget *editable)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (editable)), "activate");
}

/* The placeholder of a spin button's text: "not set" while it is empty. */
static const char *
placeholder_of (GtkWidget *field)
{
  return gtk_text_get_placeholder_text (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (field))));
}

/* A number attribute with no value can be set straight to its minimum, by
 * the keyboard: Up from "not set", or typing it and Enter. "Not set" shows
 * as an empty field whose placeholder says so; Down stops at the minimum,
 * and the Clear button beside the field (or emptying it) clears it. */
static void
test_number_attribute_minimum (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkInspector *inspector = newsmark_window_get_inspector (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkSpan *claim;
  GtkWidget *field, *clear;
  GVariant *value;
  guint cs, ce;

  find_text (set, "The tunnel is already 40 percent over budget", 0, &cs, &ce);
  newsmark_article_view_select_range (view, cs, ce);
  g_assert_true (press_key (window, GDK_KEY_c));
  claim = span_with (set, "CLAIM", cs, ce);
  g_assert_nonnull (claim);
  g_assert_null (newsmark_span_get_attribute (claim, "checkworthy"));

  /* The schema's range is 1–5; nothing set shows as nothing. */
  field = newsmark_inspector_get_attribute_widget (inspector, "checkworthy");
  g_assert_true (GTK_IS_SPIN_BUTTON (field));
  clear = gtk_widget_get_next_sibling (field);
  g_assert_true (GTK_IS_BUTTON (clear));
  g_assert_null (gtk_widget_get_next_sibling (clear));
  g_assert_false (gtk_widget_get_sensitive (clear));
  g_assert_cmpstr (placeholder_of (field), ==, "not set");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");

  /* Up (the key binding's signal) sets the minimum. */
  g_signal_emit_by_name (field, "change-value", GTK_SCROLL_STEP_UP);
  spin (10);
  value = newsmark_span_get_attribute (claim, "checkworthy");
  g_assert_nonnull (value);
  g_assert_cmpfloat (g_variant_get_double (value), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "1");
  g_assert_true (gtk_widget_get_sensitive (clear));

  /* Down from the minimum stays there: clearing is not a step. */
  g_signal_emit_by_name (field, "change-value", GTK_SCROLL_STEP_DOWN);
  spin (10);
  value = newsmark_span_get_attribute (claim, "checkworthy");
  g_assert_nonnull (value);
  g_assert_cmpfloat (g_variant_get_double (value), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "1");

  /* Clear clears. */
  g_signal_emit_by_name (clear, "clicked");
  spin (10);
  g_assert_null (newsmark_span_get_attribute (claim, "checkworthy"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
  g_assert_false (gtk_widget_get_sensitive (clear));

  /* Typing the minimum and Enter. */
  gtk_editable_set_text (GTK_EDITABLE (field), "1");
  press_enter_in (field);
  spin (10);
  value = newsmark_span_get_attribute (claim, "checkworthy");
  g_assert_nonnull (value);
  g_assert_cmpfloat (g_variant_get_double (value), ==, 1);

  /* Undo shows "not set" again, in a rebuilt inspector. */
  activate (window, "win.undo");
  claim = span_with (set, "CLAIM", cs, ce);
  g_assert_null (newsmark_span_get_attribute (claim, "checkworthy"));
  field = newsmark_inspector_get_attribute_widget (inspector, "checkworthy");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_next_sibling (field)));

  /* Emptying the field clears a value; another value is kept as typed. */
  gtk_editable_set_text (GTK_EDITABLE (field), "3");
  press_enter_in (field);
  spin (10);
  claim = span_with (set, "CLAIM", cs, ce);
  g_assert_cmpfloat (g_variant_get_double (newsmark_span_get_attribute (claim, "checkworthy")), ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (field), "");
  press_enter_in (field);
  spin (10);
  g_assert_null (newsmark_span_get_attribute (claim, "checkworthy"));

  close_window (window);
  remove_tree (dir);
}

/* Number attributes without a minimum, or not whole: Up from "not set"
 * starts at 0 (not at the bottom of the spin button's range), a typed
 * fraction is kept, a number below the minimum becomes the minimum. */
static void
test_number_attribute_ranges (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text ("Costs rose by 12.5 percent.", -1, NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new ("figures");
  g_autoptr(NewsmarkLabel) label = newsmark_label_new ("FIGURE", NEWSMARK_CATEGORY_ENTITY, "#3584e4", "f");
  g_autoptr(NewsmarkAttributeDef) amount = newsmark_attribute_def_new ("amount", NEWSMARK_ATTRIBUTE_NUMBER);
  g_autoptr(NewsmarkAttributeDef) share = newsmark_attribute_def_new ("share", NEWSMARK_ATTRIBUTE_NUMBER);
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkInspector *inspector = g_object_new (NEWSMARK_TYPE_INSPECTOR, NULL);
  GtkWidget *window = gtk_window_new ();
  NewsmarkSpan *span;
  GtkWidget *field;

  newsmark_attribute_def_set_range (share, 0, 100);
  newsmark_label_add_attribute (label, amount);
  newsmark_label_add_attribute (label, share);
  newsmark_schema_add_label (schema, label);
  set = newsmark_annotation_set_new (document, schema);
  span = newsmark_annotation_set_create_span (set, "FIGURE", 14, 18, &error);
  g_assert_no_error (error);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (inspector));
  gtk_window_present (GTK_WINDOW (window));
  newsmark_inspector_set_annotation_set (inspector, set);
  newsmark_inspector_set_span (inspector, span);
  spin (20);

  /* No minimum: shown empty, and Up starts at 0. */
  field = newsmark_inspector_get_attribute_widget (inspector, "amount");
  g_assert_true (GTK_IS_SPIN_BUTTON (field));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
  g_signal_emit_by_name (field, "change-value", GTK_SCROLL_STEP_UP);
  spin (10);
  g_assert_cmpfloat (g_variant_get_double (newsmark_span_get_attribute (span, "amount")), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (field), "-1500.25");
  press_enter_in (field);
  spin (10);
  g_assert_cmpfloat (g_variant_get_double (newsmark_span_get_attribute (span, "amount")), ==, -1500.25);

  /* Minimum 0, fractions allowed. */
  field = newsmark_inspector_get_attribute_widget (inspector, "share");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (field), "12.5");
  press_enter_in (field);
  spin (10);
  g_assert_cmpfloat (g_variant_get_double (newsmark_span_get_attribute (span, "share")), ==, 12.5);
  gtk_editable_set_text (GTK_EDITABLE (field), "-3");
  press_enter_in (field);
  spin (10);
  g_assert_cmpfloat (g_variant_get_double (newsmark_span_get_attribute (span, "share")), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "0.00");

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

/* A scraped article with "Sergey Lavrov" and "Lavrov's" / "Lavrov’s":
 * the found "Sergey Lavrov" is tagged without the possessive, and Tag All
 * finds every "Lavrov", the possessives too; the one inside the span just
 * tagged starts unchecked and says why; "Lavrovsky" is counted and named,
 * not dropped. */
static void
test_tag_all_possessives (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_data_file ("foreign-minister.txt", &dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkSearchBar *bar = newsmark_window_get_search_bar (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  NewsmarkTagMatchesDialog *dialog;
  NewsmarkSpan *name;
  guint ns, ne, possessive = 0, inside = 0;

  /* The second "Sergey Lavrov" is "Sergey Lavrov’s visit". */
  activate (window, "win.find");
  newsmark_search_bar_set_text (bar, "Sergey Lavrov");
  spin (50);
  activate (window, "win.find-next");
  newsmark_search_bar_close (bar);
  g_assert_true (press_key (window, GDK_KEY_p));
  find_text (set, "Sergey Lavrov’s", 0, &ns, &ne);
  name = span_with (set, "PERSON", ns, ns + 13);
  g_assert_nonnull (name);
  g_assert_cmpstr (newsmark_span_get_text (name), ==, "Sergey Lavrov");
  g_assert_cmpuint (n_spans (set), ==, 1);

  activate (window, "win.find");
  newsmark_search_bar_set_text (bar, "Lavrov");
  spin (50);
  activate (window, "win.tag-matches");
  dialog = newsmark_window_get_tag_matches_dialog (window);
  newsmark_tag_matches_dialog_set_label (dialog, "PERSON");
  g_test_message ("%s", newsmark_tag_matches_dialog_get_summary (dialog));
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_matches (dialog), ==, 21);
  for (guint i = 0; i < 21; i++)
    {
      guint s, e;
      gunichar next;
      const char *reason = newsmark_tag_matches_dialog_get_match_reason (dialog, i);

      newsmark_tag_matches_dialog_get_match (dialog, i, &s, &e);
      g_assert_true (newsmark_document_slice_equals (document, s, e, "Lavrov"));
      next = newsmark_document_get_char (document, e);
      possessive += next == '\'' || next == 0x2019;
      if (s == ns + 7)
        {
          g_assert_nonnull (reason);
          g_assert_nonnull (strstr (reason, "inside"));
          g_assert_nonnull (strstr (reason, "Sergey Lavrov"));
          g_assert_false (newsmark_tag_matches_dialog_get_checked (dialog, i));
          inside++;
        }
      else
        {
          g_assert_null (reason);
          g_assert_true (newsmark_tag_matches_dialog_get_checked (dialog, i));
        }
    }
  g_assert_cmpuint (possessive, ==, 4);
  g_assert_cmpuint (inside, ==, 1);
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_checked (dialog), ==, 20);
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_inside_words (dialog), ==, 1);
  g_assert_nonnull (strstr (newsmark_tag_matches_dialog_get_summary (dialog), "“Lavrovsky”"));

  /* Off, the word it is inside is listed too, checked. */
  newsmark_tag_matches_dialog_set_whole_words (dialog, FALSE);
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_matches (dialog), ==, 22);
  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_inside_words (dialog), ==, 0);
  newsmark_tag_matches_dialog_set_whole_words (dialog, TRUE);

  g_assert_cmpuint (newsmark_tag_matches_dialog_apply (dialog), ==, 20);
  spin (20);
  g_assert_cmpuint (n_spans (set), ==, 21);
  for (guint i = 0; i < n_spans (set); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (newsmark_annotation_set_get_spans (set), i);

      g_assert_true (g_str_equal (newsmark_span_get_text (span), "Lavrov") ||
                     span == name);
    }

  close_window (window);
  remove_tree (dir);
}

static gboolean
is_entry_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_ENTRY (widget) && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), data) == 0;
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
annotator_dialog_gone (gpointer data)
{
  return newsmark_window_get_annotator_dialog (data) == NULL;
}

/* With no annotator's name yet (first use), opening an article asks for
 * one, modal over the article, before anything can be logged; the field
 * starts with the real name; an empty name cannot be confirmed; the name
 * goes into the setting and the log; Preferences change it later, never
 * to nothing. */
static void
test_annotator_asked_first (void)
{
  GSettings *settings = newsmark_application_get_settings (app);
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  g_autoptr(GPtrArray) log = NULL;
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *set;
  NewsmarkAnnotatorDialog *dialog;
  GtkWidget *preferences;
  GtkEditable *entry;
  const char *real_name = g_get_real_name ();
  guint s, e;

  g_settings_set_string (settings, "annotator", "");
  window = open_window (article);
  set = newsmark_window_get_annotation_set (window);
  dialog = newsmark_window_get_annotator_dialog (window);
  g_assert_nonnull (dialog);
  /* Presented from an idle, once the window is on screen: the main loop
   * draws first, and on a busy machine that takes more than a few ms. */
  g_assert_true (wait_for (widget_is_visible, dialog, 5000));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpuint (newsmark_annotation_set_get_log (set)->len, ==, 0);

  entry = newsmark_annotator_dialog_get_entry (dialog);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==,
                   newsmark_annotator_dialog_is_real_name (real_name) ? real_name : "");
  g_assert_false (newsmark_annotator_dialog_is_real_name ("Unknown"));
  g_assert_false (newsmark_annotator_dialog_is_real_name (g_get_user_name ()));
  g_assert_true (newsmark_annotator_dialog_is_real_name ("Ana Reviewer"));

  /* Not without a name, not by closing it. */
  gtk_editable_set_text (entry, "   ");
  g_assert_false (newsmark_annotator_dialog_confirm (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  spin (20);
  g_assert_true (newsmark_window_get_annotator_dialog (window) == dialog);

  gtk_editable_set_text (entry, " Ana Reviewer ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL));
  g_assert_true (wait_for (annotator_dialog_gone, window, 5000));
  g_assert_cmpstr (g_settings_get_string (settings, "annotator"), ==, "Ana Reviewer");
  g_assert_cmpstr (newsmark_annotation_set_get_annotator (set), ==, "Ana Reviewer");

  find_text (set, "Lopez", 0, &s, &e);
  newsmark_article_view_select_range (newsmark_window_get_article_view (window), s, e);
  g_assert_true (press_key (window, GDK_KEY_p));
  log = g_ptr_array_ref (newsmark_annotation_set_get_log (set));
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((NewsmarkLogEntry *) log->pdata[0])->who, ==, "Ana Reviewer");

  /* Preferences: changed at once in the open window; emptied, kept. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  spin (50);
  preferences = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (NEWSMARK_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  entry = GTK_EDITABLE (find_descendant (preferences, is_entry_with_text, "Ana Reviewer"));
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "Ana R.");
  g_assert_cmpstr (newsmark_annotation_set_get_annotator (set), ==, "Ana R.");
  gtk_editable_set_text (entry, "");
  g_assert_cmpstr (g_settings_get_string (settings, "annotator"), ==, "Ana R.");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Asked once: the next article opens straight away. */
  close_window (window);
  window = open_window (article);
  g_assert_null (newsmark_window_get_annotator_dialog (window));
  close_window (window);

  g_settings_set_string (settings, "annotator", GUI_TEST_ANNOTATOR);
  remove_tree (dir);
}

static gboolean
has_css_class_any (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* After Tag All in a real article, 21 "Lavrov" rows and eleven speaker
 * candidates differ at a glance: each row has its paragraph and the
 * words around it in a text column that takes the room there is; each
 * picker entry says how far it is from the quote. A quote tagged with its
 * own marks is not quoted again in the inspector's heading. */
static void
test_rows_tell_spans_apart (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_data_file ("foreign-minister.txt", &dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkInspector *inspector = newsmark_window_get_inspector (window);
  GtkWidget *column_view, *heading, *picker;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  NewsmarkTagMatchesDialog *dialog;
  NewsmarkSpan *quote;
  GListModel *entries;
  guint qs, qe, n, here, same = 0, shown = 0;

  find_text (set, "Sergey Lavrov", 0, &qs, &qe);
  newsmark_article_view_select_range (view, qs, qe);
  g_assert_true (press_key (window, GDK_KEY_p));
  newsmark_search_bar_set_text (newsmark_window_get_search_bar (window), "Lavrov");
  activate (window, "win.tag-matches");
  dialog = newsmark_window_get_tag_matches_dialog (window);
  newsmark_tag_matches_dialog_set_label (dialog, "PERSON");
  g_assert_cmpuint (newsmark_tag_matches_dialog_apply (dialog), ==, 20);
  find_text (set, "“Was he fired?”", 0, &qs, &qe);
  newsmark_article_view_select_range (view, qs, qe);
  g_assert_true (press_key (window, GDK_KEY_q));
  quote = span_with (set, "QUOTE", qs, qe);
  g_assert_nonnull (quote);

  g_assert_true (wait_for (list_caught_up, window, 2000));
  spin (50);
  column_view = find_descendant (GTK_WIDGET (newsmark_window_get_span_list (window)), is_column_view, NULL);
  collect_inscriptions (column_view, cells);
  n = g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
  g_assert_cmpuint (n, ==, 22);
  g_assert_cmpuint (cells->len, ==, 4 * n);
  for (guint i = 0; i < n; i++)
    {
      const char *text = gtk_inscription_get_text (g_ptr_array_index (cells, 4 * i + 1));

      g_test_message ("%s", text);
      g_assert_true (g_str_has_prefix (text, "¶"));
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, (gpointer) text);
      /* The text column has the room (in the rows on screen): more than
       * the status and origin columns together, and a name with its words
       * around it. */
      if (!gtk_widget_get_mapped (g_ptr_array_index (cells, 4 * i + 1)))
        continue;
      g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (cells, 4 * i + 1)), >=,
                       gtk_widget_get_width (g_ptr_array_index (cells, 4 * i + 2)) +
                       gtk_widget_get_width (g_ptr_array_index (cells, 4 * i + 3)));
      g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (cells, 4 * i + 1)), >=, 200);
      shown++;
    }
  g_assert_cmpuint (shown, >=, 5);

  /* The heading: the quote's own marks, once. */
  heading = find_descendant (GTK_WIDGET (inspector), has_css_class_any, "nm-inspector-text");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, "“Was he fired?”");
  g_assert_cmpstr (newsmark_inspector_quote ("Lavrov"), ==, "“Lavrov”");
  g_assert_cmpstr (newsmark_inspector_quote ("\"We are not asking\""), ==, "\"We are not asking\"");

  /* The speaker picker: every entry its own, with its distance. */
  picker = newsmark_inspector_get_relation_widget (inspector, "speaker");
  entries = gtk_drop_down_get_model (GTK_DROP_DOWN (picker));
  here = newsmark_paragraph_at (document, qs);
  g_hash_table_remove_all (seen);
  g_assert_cmpuint (g_list_model_get_n_items (entries), >=, 12);
  for (guint i = 1; i < g_list_model_get_n_items (entries); i++)
    {
      const char *entry = gtk_string_list_get_string (GTK_STRING_LIST (entries), i);
      NewsmarkSpan *candidate = newsmark_annotation_set_find_span (set, newsmark_inspector_get_relation_candidate (inspector, "speaker", i));
      guint there = newsmark_paragraph_at (document, newsmark_span_get_start (candidate));
      g_autofree char *paragraph = newsmark_document_describe_paragraph (document, there);
      g_autofree char *distance = there == here ? g_strdup ("same paragraph")
                                  : g_strdup_printf ("%s, %u %s", paragraph, there < here ? here - there : there - here,
                                                     there < here ? "before" : "after");

      g_test_message ("%s", entry);
      g_assert_false (g_hash_table_contains (seen, entry));
      g_hash_table_add (seen, (gpointer) entry);
      g_assert_nonnull (strstr (entry, distance));
      same += there == here;
    }
  g_assert_cmpuint (same, ==, 3);

  close_window (window);
  remove_tree (dir);
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* Counts read as English ("1 span", not "1 spans"); a search match
 * selected replaces the span selected before in the status bar and the
 * inspector, since the next label key tags the match. */
static void
test_status_follows_search (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkSearchBar *bar = newsmark_window_get_search_bar (window);
  g_autofree char *expected = NULL;
  guint s, e, ms, me;

  find_text (set, "Lopez", 0, &s, &e);
  newsmark_article_view_select_range (view, s, e);
  g_assert_true (press_key (window, GDK_KEY_p));
  g_assert_true (g_str_has_prefix (newsmark_window_get_status_text (window), "1 span · 0 relations · selected PERSON"));
  g_assert_true (wait_for (list_caught_up, window, 2000));
  g_assert_nonnull (find_descendant (GTK_WIDGET (newsmark_window_get_span_list (window)), is_label_with_text, "1 span"));
  g_assert_nonnull (newsmark_inspector_get_span (newsmark_window_get_inspector (window)));

  activate (window, "win.find");
  newsmark_search_bar_set_text (bar, "Lopez");
  spin (50);
  activate (window, "win.find-next");
  g_assert_true (newsmark_article_view_get_selection (view, &ms, &me));
  g_assert_cmpuint (ms, !=, s);
  g_assert_null (newsmark_window_get_selected_span (window));
  g_assert_null (newsmark_inspector_get_span (newsmark_window_get_inspector (window)));
  expected = g_strdup_printf ("1 span · 0 relations · text %u–%u selected", ms, me);
  g_assert_true (g_str_has_prefix (newsmark_window_get_status_text (window), expected));

  /* The match is what the label key tags. */
  newsmark_search_bar_close (bar);
  g_assert_true (press_key (window, GDK_KEY_o));
  g_assert_nonnull (newsmark_window_get_selected_span (window));
  g_assert_cmpstr (newsmark_span_get_label (newsmark_window_get_selected_span (window)), ==, "ORG");
  g_assert_cmpuint (newsmark_span_get_start (newsmark_window_get_selected_span (window)), ==, ms);
  g_assert_true (g_str_has_prefix (newsmark_window_get_status_text (window), "2 spans · 0 relations · selected ORG"));

  close_window (window);
  remove_tree (dir);
}

/* The application's stylesheet applies (the palette's colour swatches
 * have their size), and with it the keyboard shortcuts window (Ctrl+?)
 * opens and lays out every page without a warning from GTK (which fails
 * the test). */
static void
test_shortcuts_window_opens (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  GtkShortcutsWindow *overlay;
  GtkWidget *stack, *swatch;

  swatch = find_descendant (GTK_WIDGET (window), has_css_class_any, "nm-swatch");
  g_assert_nonnull (swatch);
  g_assert_cmpint (gtk_widget_get_width (swatch), ==, 12);

  activate (window, "win.show-help-overlay");
  spin (300);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  stack = find_descendant (GTK_WIDGET (overlay), is_type, GSIZE_TO_POINTER (GTK_TYPE_STACK_SWITCHER));
  g_assert_nonnull (stack);
  gtk_window_close (GTK_WINDOW (overlay));
  spin (50);

  close_window (window);
  remove_tree (dir);
}

/* ---- The primary menu as the user sees it ------------------------------------- */

static gboolean
is_primary_menu_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static GtkMenuButton *
primary_menu_button (NewsmarkWindow *window)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (find_descendant (gtk_window_get_titlebar (GTK_WINDOW (window)),
                                                             is_primary_menu_button, NULL));

  g_assert_nonnull (button);
  return button;
}

/* Whether @widget is the item of a popover menu whose label (without
 * mnemonic) is @data: GtkModelButton, GTK's menu item widget. */
static gboolean
is_menu_item (GtkWidget     *widget,
              gconstpointer  data)
{
  g_autofree char *text = NULL;
  GString *plain;
  gboolean same;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;

  g_object_get (widget, "text", &text, NULL);
  plain = g_string_new (text);
  g_string_replace (plain, "_", "", 0);
  same = g_str_equal (plain->str, data);
  g_string_free (plain, TRUE);
  return same;
}

/* Whether the primary menu's item @label is a check item, and checked. */
static gboolean
menu_item_checked (NewsmarkWindow *window,
                   const char     *label,
                   gboolean       *is_check)
{
  GtkMenuButton *button = primary_menu_button (window);
  GtkWidget *popover;
  GtkWidget *item;
  GParamSpec *role_spec;
  GEnumValue *check;
  gboolean active = FALSE;
  int role = -1;

  gtk_menu_button_popup (button);
  spin (50);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_nonnull (popover);
  item = find_descendant (popover, is_menu_item, label);
  g_assert_nonnull (item);

  role_spec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "role");
  g_assert_nonnull (role_spec);
  check = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (role_spec)->enum_class, "check");
  g_assert_nonnull (check);
  g_object_get (item, "role", &role, "active", &active, NULL);
  *is_check = role == check->value;

  gtk_menu_button_popdown (button);
  spin (20);

  return active;
}

static gboolean
action_state (NewsmarkWindow *window,
              const char     *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), name);

  g_assert_nonnull (state);
  g_assert_true (g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN));
  return g_variant_get_boolean (state);
}

/* Every on/off item of the primary menu is a check item showing the
 * current state, whether the state changed by the menu's action, by an
 * accelerator or in the preferences. */
static void
test_menu_check_marks (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  NewsmarkWindow *window = open_window (article);
  GSettings *settings = newsmark_application_get_settings (app);
  gboolean is_check = FALSE;
  gboolean visible = FALSE;

  g_settings_set_boolean (settings, "side-panel-visible", TRUE);
  g_settings_set_boolean (settings, "show-rejected", FALSE);
  g_settings_set_boolean (settings, "snap-to-words", TRUE);
  spin (20);

  /* Shown from the start, before anything was toggled. */
  g_assert_true (menu_item_checked (window, "Side Panel", &is_check));
  g_assert_true (is_check);
  g_assert_true (action_state (window, "toggle-side-panel"));
  g_assert_false (action_state (window, "show-rejected"));
  g_assert_false (menu_item_checked (window, "Show Rejected Spans", &is_check));
  g_assert_true (is_check);
  g_assert_true (action_state (window, "snap-to-words"));
  g_assert_true (menu_item_checked (window, "Snap Selection to Words", &is_check));
  g_assert_true (is_check);
  g_assert_false (menu_item_checked (window, "Review Suggestions", &is_check));
  g_assert_true (is_check);

  /* The panel's accelerator (F9) activates the action. */
  activate (window, "win.toggle-side-panel");
  g_object_get (window, "side-panel-visible", &visible, NULL);
  g_assert_false (visible);
  g_assert_false (action_state (window, "toggle-side-panel"));
  g_assert_false (menu_item_checked (window, "Side Panel", &is_check));
  g_assert_false (g_settings_get_boolean (settings, "side-panel-visible"));

  /* Showing the panel some other way (Ctrl+I) shows in the menu too. */
  activate (window, "win.focus-inspector");
  g_assert_true (action_state (window, "toggle-side-panel"));
  g_assert_true (menu_item_checked (window, "Side Panel", &is_check));

  activate (window, "win.show-rejected");
  g_assert_true (newsmark_article_view_get_show_rejected (newsmark_window_get_article_view (window)));
  g_assert_true (action_state (window, "show-rejected"));
  g_assert_true (menu_item_checked (window, "Show Rejected Spans", &is_check));

  /* Settings changed in the preferences window. */
  g_settings_set_boolean (settings, "show-rejected", FALSE);
  g_settings_set_boolean (settings, "snap-to-words", FALSE);
  spin (20);
  g_assert_false (action_state (window, "show-rejected"));
  g_assert_false (menu_item_checked (window, "Show Rejected Spans", &is_check));
  g_assert_false (action_state (window, "snap-to-words"));
  g_assert_false (menu_item_checked (window, "Snap Selection to Words", &is_check));

  /* And the menu item changes the setting. */
  activate (window, "win.snap-to-words");
  g_assert_true (g_settings_get_boolean (settings, "snap-to-words"));
  g_assert_true (menu_item_checked (window, "Snap Selection to Words", &is_check));

  g_settings_reset (settings, "side-panel-visible");
  g_settings_reset (settings, "show-rejected");
  g_settings_reset (settings, "snap-to-words");
  close_window (window);
  remove_tree (dir);
}

/* ---- Drag and drop --------------------------------------------------------------- */

static GtkDropTarget *
window_drop_target (NewsmarkWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  g_assert_not_reached ();
  return NULL;
}

/* Drops @paths on @window as GTK delivers a drop of files from a file
 * manager: a GdkFileList to the drop target's "drop" handler. */
static gboolean
drop_paths (NewsmarkWindow     *window,
            const char * const *paths)
{
  GtkDropTarget *target = window_drop_target (window);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  GType accepted_type = G_TYPE_INVALID;
  const GType *types;
  gsize n_types = 0;

  /* The target must ask for what GTK makes of a dropped file list. */
  types = gdk_content_formats_get_gtypes (gtk_drop_target_get_formats (target), &n_types);
  for (gsize i = 0; i < n_types; i++)
    if (types[i] == GDK_TYPE_FILE_LIST)
      accepted_type = types[i];
  g_assert_true (accepted_type == GDK_TYPE_FILE_LIST);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);
  spin (20);

  return handled;
}

static guint
n_windows (void)
{
  return g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static NewsmarkWindow *
window_showing (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (NEWSMARK_IS_WINDOW (l->data) && newsmark_window_shows_file (l->data, file))
      return l->data;

  return NULL;
}

/* The first bytes of a PNG file. */
static const char png_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/* Dropping an article opens it; dropping a picture or a folder says what
 * is wrong and changes nothing: no window, no file, the open article stays. */
static void
test_drop_files (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  g_autofree char *second = g_build_filename (dir, "second.txt", NULL);
  g_autofree char *picture = g_build_filename (dir, "photo.png", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *folder_file = g_build_filename (folder, "inside.txt", NULL);
  g_autofree char *problems = NULL;
  NewsmarkWindow *window = newsmark_window_new (app);
  NewsmarkWindow *other;
  NewsmarkAnnotationSet *set;
  g_autoptr(GFile) article_file = g_file_new_for_path (article);
  guint windows;

  g_assert_true (g_file_set_contents (second, "A second article about the harbour.\n", -1, NULL));
  g_assert_true (g_file_set_contents (picture, png_bytes, sizeof png_bytes - 1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (folder_file, "Not opened from a folder.\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  windows = n_windows ();

  /* On an empty window: a picture is refused, the window stays empty. */
  g_assert_false (drop_paths (window, (const char *[]) { picture, NULL }));
  g_assert_true (newsmark_window_is_empty (window));
  g_assert_cmpuint (n_windows (), ==, windows);
  problems = newsmark_window_dup_problems_text (window);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "photo.png"));
  g_assert_nonnull (strstr (problems, "not an article"));
  g_clear_pointer (&problems, g_free);

  /* An article opens in it. */
  g_assert_true (drop_paths (window, (const char *[]) { article, NULL }));
  g_assert_false (newsmark_window_is_empty (window));
  g_assert_true (g_file_equal (newsmark_window_get_article_file (window), article_file));
  g_assert_true (wait_for (view_has_drawn, window, 10000));
  set = newsmark_window_get_annotation_set (window);
  g_assert_nonnull (set);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_cmpstr (problems, ==, "");
  g_clear_pointer (&problems, g_free);

  /* A folder and a picture on a window with an article: refused, said so
   * in this window, no other window, the article untouched. */
  g_assert_false (drop_paths (window, (const char *[]) { folder, NULL }));
  g_assert_true (newsmark_window_get_annotation_set (window) == set);
  g_assert_cmpuint (n_windows (), ==, windows);
  problems = newsmark_window_dup_problems_text (window);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "folder"));
  g_clear_pointer (&problems, g_free);

  g_assert_false (drop_paths (window, (const char *[]) { picture, NULL }));
  g_assert_true (newsmark_window_get_annotation_set (window) == set);
  g_assert_cmpuint (n_windows (), ==, windows);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "photo.png"));
  g_clear_pointer (&problems, g_free);

  /* Nothing was written next to what was dropped. */
  g_assert_true (g_file_test (folder_file, G_FILE_TEST_EXISTS));
  {
    g_autofree char *beside = g_build_filename (dir, "photo.newsmark.json", NULL);

    g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
  }

  /* Another article opens in a window of its own; this one keeps its own. */
  g_assert_true (drop_paths (window, (const char *[]) { second, picture, NULL }));
  g_assert_true (newsmark_window_get_annotation_set (window) == set);
  other = window_showing (second);
  g_assert_nonnull (other);
  g_assert_true (other != window);
  g_assert_cmpuint (n_windows (), ==, windows + 1);
  /* The picture in the same drop is still reported. */
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "photo.png"));
  g_clear_pointer (&problems, g_free);

  /* The same article again: its window comes forward, no new one. */
  g_assert_true (drop_paths (window, (const char *[]) { second, NULL }));
  g_assert_cmpuint (n_windows (), ==, windows + 1);

  close_window (other);
  close_window (window);
  g_remove (folder_file);
  g_rmdir (folder);
  remove_tree (dir);
}

static void
xdotool (const char *format,
         ...)
{
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;
  int status = 0;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  command = g_strdup_printf ("xdotool %s", args);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GFile        **dragged)
{
  GdkFileList *list = gdk_file_list_new_from_array (dragged, 1);
  GdkContentProvider *provider = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);

  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  return provider;
}

static gboolean
shows_path (gpointer data)
{
  return window_showing (data) != NULL;
}

/* Drags from @source (a window with a drag source filling it) and releases
 * over @widget of @window, with the mouse, through the X server. */
static void
drag_with_mouse (GtkWidget      *source,
                 NewsmarkWindow *window,
                 GtkWidget      *widget)
{
  gulong window_xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  gulong source_xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (source)));
  graphene_point_t in_widget = GRAPHENE_POINT_INIT (40, 10), in_window;
  GtkWidget *picked;
  double surface_x = 0, surface_y = 0;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window), &in_widget, &in_window));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  picked = gtk_widget_pick (GTK_WIDGET (window), in_window.x, in_window.y, GTK_PICK_DEFAULT);
  g_assert_true (picked == widget || gtk_widget_is_ancestor (picked, widget));

  xdotool ("mousemove --window %lu 60 30", source_xid);
  spin (100);
  xdotool ("mousedown 1");
  spin (100);
  for (int i = 1; i <= 10; i++)
    {
      xdotool ("mousemove --window %lu %d %d", source_xid, 60 - i * 4, 30 + i);
      spin (30);
    }
  for (int i = 1; i <= 5; i++)
    {
      xdotool ("mousemove --window %lu %d %d", window_xid,
               (int) (surface_x + in_window.x) + i, (int) (surface_y + in_window.y) + i);
      spin (60);
    }
  xdotool ("mouseup 1");
}

/* A real drag from another window, through the X server and GTK's drop
 * handling: dropped on the label palette and, above all, on the article
 * text (whose view has a text drop target of its own), the file opens. */
static void
test_drop_with_mouse_x11 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autoptr(GFile) second_file = NULL;
  g_autoptr(GFile) third_file = NULL;
  GFile *dragged = NULL;
  NewsmarkWindow *window, *other;
  GtkWidget *source, *label, *palette;
  GtkDragSource *drag;

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X11 display");
      return;
    }

  article = make_copy_of_fixture (&dir);
  second = g_build_filename (dir, "second.txt", NULL);
  third = g_build_filename (dir, "third.txt", NULL);
  g_assert_true (g_file_set_contents (second, "A second article, dragged in.\n", -1, NULL));
  g_assert_true (g_file_set_contents (third, "A third article, dragged in.\n", -1, NULL));
  second_file = g_file_new_for_path (second);
  third_file = g_file_new_for_path (third);

  window = open_window (article);

  /* What a file manager offers: a file list. */
  source = gtk_window_new ();
  label = gtk_label_new ("drag me");
  gtk_widget_set_size_request (label, 120, 60);
  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), &dragged);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (drag));
  gtk_window_set_child (GTK_WINDOW (source), label);
  gtk_window_present (GTK_WINDOW (source));
  spin (200);
  /* Over the side panel, clear of the article and the palette. */
  xdotool ("windowmove --sync %lu 900 600", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (source))));
  xdotool ("windowraise %lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (source))));
  spin (200);

  /* On the palette: proves the drag itself works here. */
  dragged = second_file;
  palette = gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (newsmark_window_get_search_bar (window)))));
  g_assert_true (GTK_IS_BOX (palette));
  drag_with_mouse (source, window, palette);
  g_assert_true (wait_for (shows_path, second, 5000));
  other = window_showing (second);
  g_assert_true (other != window);
  close_window (other);

  /* On the article text. */
  dragged = third_file;
  drag_with_mouse (source, window, GTK_WIDGET (newsmark_window_get_article_view (window)));
  g_assert_true (wait_for (shows_path, third, 5000));
  other = window_showing (third);
  g_assert_true (other != window);
  g_assert_true (g_file_equal (newsmark_window_get_article_file (other), third_file));
  close_window (other);

  gtk_window_destroy (GTK_WINDOW (source));
  close_window (window);
  remove_tree (dir);
}

/* ---- Recent files -------------------------------------------------------------------- */

typedef struct {
  char *label;
  char *uri;
} RecentItem;

static void
recent_item_free (gpointer data)
{
  RecentItem *item = data;

  g_free (item->label);
  g_free (item->uri);
  g_free (item);
}

/* The "Open Recent" submenu of @window's primary menu, as shown. */
static GPtrArray *
recent_menu_items (NewsmarkWindow *window)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (primary_menu_button (window));
  GPtrArray *items = g_ptr_array_new_with_free_func (recent_item_free);
  GMenuModel *recent = NULL;

  for (int i = 0; recent == NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && recent == NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *label = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
              g_str_equal (label, "Open _Recent"))
            recent = g_menu_model_get_item_link (section, j, G_MENU_LINK_SUBMENU);
        }
    }
  g_assert_nonnull (recent);

  for (int i = 0; i < g_menu_model_get_n_items (recent); i++)
    {
      RecentItem *item = g_new0 (RecentItem, 1);
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_LABEL, "s", &item->label));
      g_assert_true (g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, "win.open-recent");
      target = g_menu_model_get_item_attribute_value (recent, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_nonnull (target);
      item->uri = g_variant_dup_string (target, NULL);
      g_ptr_array_add (items, item);
    }

  g_object_unref (recent);
  return items;
}

typedef struct {
  NewsmarkWindow *window;
  const char     *first;   /* uri */
  const char     *second;  /* uri, or NULL */
  const char     *absent;  /* uri, or NULL */
} RecentExpectation;

static gboolean
recent_menu_is (gpointer data)
{
  RecentExpectation *e = data;
  g_autoptr(GPtrArray) items = recent_menu_items (e->window);

  if (items->len < 1 || g_strcmp0 (((RecentItem *) items->pdata[0])->uri, e->first) != 0)
    return FALSE;
  if (e->second != NULL &&
      (items->len < 2 || g_strcmp0 (((RecentItem *) items->pdata[1])->uri, e->second) != 0))
    return FALSE;
  for (guint i = 0; e->absent != NULL && i < items->len; i++)
    if (g_strcmp0 (((RecentItem *) items->pdata[i])->uri, e->absent) == 0)
      return FALSE;

  return TRUE;
}

static NewsmarkWindow *
empty_window (void)
{
  NewsmarkWindow *window = newsmark_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  return window;
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* Clicks @widget's middle with the mouse, through the X server, and
 * returns where that was in window coordinates. */
static graphene_point_t
click_with_mouse (NewsmarkWindow *window,
                  GtkWidget      *widget)
{
  gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                 gtk_widget_get_height (widget) / 2.f);
  graphene_point_t in_window;
  double surface_x = 0, surface_y = 0;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window), &middle, &in_window));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  xdotool ("mousemove --window %lu %d %d", xid, (int) (surface_x + in_window.x), (int) (surface_y + in_window.y));
  spin (50);
  xdotool ("click 1");
  spin (150);

  return in_window;
}

static double
checkworthy_of (NewsmarkSpan *claim)
{
  GVariant *value = newsmark_span_get_attribute (claim, "checkworthy");

  return value != NULL ? g_variant_get_double (value) : 0;
}

/* Clicks at one spot, with the real pointer: four on + give 1, 2, 3, 4
 * (the buttons never move: nothing beside the field comes or goes with
 * the value), clicks on − stop at 1, and only Clear unsets. */
static void
test_number_attribute_clicks_x11 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *set;
  NewsmarkInspector *inspector;
  NewsmarkSpan *claim;
  GtkWidget *field, *up, *down, *clear;
  graphene_point_t first = { 0, 0 }, at;
  guint cs, ce;

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X11 display");
      return;
    }

  article = make_copy_of_fixture (&dir);
  window = open_window (article);
  set = newsmark_window_get_annotation_set (window);
  inspector = newsmark_window_get_inspector (window);
  find_text (set, "The tunnel is already 40 percent over budget", 0, &cs, &ce);
  newsmark_article_view_select_range (newsmark_window_get_article_view (window), cs, ce);
  g_assert_true (press_key (window, GDK_KEY_c));
  claim = span_with (set, "CLAIM", cs, ce);
  spin (100);

  field = newsmark_inspector_get_attribute_widget (inspector, "checkworthy");
  up = find_descendant (field, has_css_class, "up");
  down = find_descendant (field, has_css_class, "down");
  clear = gtk_widget_get_next_sibling (field);
  g_assert_nonnull (up);
  g_assert_nonnull (down);

  for (int i = 1; i <= 4; i++)
    {
      at = click_with_mouse (window, up);
      if (i == 1)
        first = at;
      /* The same spot every time: the button is where it was. */
      g_assert_cmpfloat (at.x, ==, first.x);
      g_assert_cmpfloat (at.y, ==, first.y);
      g_assert_cmpfloat (checkworthy_of (claim), ==, i);
    }

  for (int i = 3; i >= 0; i--)
    {
      click_with_mouse (window, down);
      g_assert_cmpfloat (checkworthy_of (claim), ==, MAX (i, 1));
    }

  click_with_mouse (window, clear);
  g_assert_null (newsmark_span_get_attribute (claim, "checkworthy"));
  at = click_with_mouse (window, up);
  g_assert_cmpfloat (at.x, ==, first.x);
  g_assert_cmpfloat (checkworthy_of (claim), ==, 1);

  close_window (window);
  remove_tree (dir);
}

/* The "Save changes?" question asked when @window closes with unsaved
 * changes, or NULL. */
static GtkDialog *
close_question (NewsmarkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return GTK_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
object_gone (gpointer data)
{
  g_autoptr(GObject) alive = g_weak_ref_get (data);

  return alive == NULL;
}

/* Closes @window with unsaved changes and answers the question with
 * @response: Cancel keeps it open; Save and Discard close it, and the
 * window and the question both go without a warning. */
static void
close_and_answer (NewsmarkWindow *window,
                  int             response)
{
  GtkDialog *question;
  GWeakRef window_ref, question_ref;

  g_assert_true (newsmark_annotation_set_get_modified (newsmark_window_get_annotation_set (window)));
  activate (window, "win.close");
  question = close_question (window);
  g_assert_nonnull (question);
  g_weak_ref_init (&window_ref, window);
  g_weak_ref_init (&question_ref, question);

  gtk_dialog_response (question, response);
  spin (50);
  g_assert_true (wait_for (object_gone, &question_ref, 5000));
  if (response == GTK_RESPONSE_CANCEL)
    g_assert_false (object_gone (&window_ref));
  else
    g_assert_true (wait_for (object_gone, &window_ref, 5000));
  g_weak_ref_clear (&window_ref);
  g_weak_ref_clear (&question_ref);
}

static void
test_close_with_changes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = make_copy_of_fixture (&dir);
  g_autofree char *saved = g_build_filename (dir, "press-conference.newsmark.json", NULL);
  NewsmarkWindow *window = open_window (article);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  g_autofree char *contents = NULL;
  guint s, e;

  find_text (set, "Lopez", 0, &s, &e);
  newsmark_article_view_select_range (newsmark_window_get_article_view (window), s, e);
  g_assert_true (press_key (window, GDK_KEY_p));

  /* Cancel: still open, nothing written. */
  close_and_answer (window, GTK_RESPONSE_CANCEL);
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));

  /* Discard: closed, nothing written, no recovery file left. */
  g_assert_true (newsmark_window_autosave_now (window));
  g_assert_true (g_file_query_exists (newsmark_window_get_recovery_file (window), NULL));
  {
    g_autoptr(GFile) recovery = g_object_ref (newsmark_window_get_recovery_file (window));

    close_and_answer (window, GTK_RESPONSE_REJECT);
    g_assert_false (g_file_query_exists (recovery, NULL));
  }
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));

  /* Save: closed, the span written. */
  window = open_window (article);
  set = newsmark_window_get_annotation_set (window);
  g_assert_cmpuint (n_spans (set), ==, 0);
  newsmark_article_view_select_range (newsmark_window_get_article_view (window), s, e);
  g_assert_true (press_key (window, GDK_KEY_p));
  close_and_answer (window, GTK_RESPONSE_ACCEPT);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"PERSON\""));

  remove_tree (dir);
}

/* A text field given a selection and the focus never shows GTK a blinking
 * cursor over a selection ("GtkText - unexpected blinking selection", a
 * warning that fails the test): the search bar reopened over its previous
 * query, and the Tag All dialog opened with its query, both in a focused
 * window with the real keyboard focus. */
static void
test_no_blinking_selection_x11 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *article = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  NewsmarkWindow *window;
  NewsmarkSearchBar *bar;
  NewsmarkTagMatchesDialog *dialog;

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X11 display");
      return;
    }

  article = make_copy_of_fixture (&dir);
  window = open_window (article);
  bar = newsmark_window_get_search_bar (window);
  xdotool ("windowfocus --sync %lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  spin (200);

  xdotool ("key ctrl+f");
  spin (100);
  xdotool ("type --delay 20 Lopez");
  spin (100);
  xdotool ("key Escape");
  spin (100);
  g_assert_false (newsmark_search_bar_get_revealed (bar));
  xdotool ("key p");
  spin (300);
  g_assert_cmpuint (n_spans (newsmark_window_get_annotation_set (window)), ==, 1);
  /* Reopened by the key: the previous query, selected, in the field that
   * has the keyboard focus of the active window. */
  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)));
  xdotool ("key ctrl+f");
  spin (800);
  g_assert_true (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (window))));
  newsmark_search_bar_close (bar);
  spin (100);

  xdotool ("key ctrl+shift+t");
  spin (800);
  dialog = newsmark_window_get_tag_matches_dialog (window);
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);

  close_window (window);
  remove_tree (dir);
}

/* Opening two articles lists them most recent first in "Open Recent";
 * picking one reopens it; one deleted since is reported, not opened, and
 * leaves the list. */
static void
test_recent_files (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *first = make_copy_of_fixture (&dir);
  g_autofree char *second = g_build_filename (dir, "council-follow-up.txt", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autofree char *first_uri = g_file_get_uri (first_file);
  g_autofree char *second_uri = g_file_get_uri (second_file);
  g_autofree char *problems = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RecentExpectation expect = { 0 };
  NewsmarkWindow *window;
  guint windows;

  g_assert_true (g_file_set_contents (second, "Council follow-up: the harbour tunnel vote.\n", -1, NULL));

  window = open_window (first);
  close_window (window);
  window = open_window (second);
  close_window (window);

  /* A new window lists both, the last opened first. */
  window = empty_window ();
  expect.window = window;
  expect.first = second_uri;
  expect.second = first_uri;
  g_assert_true (wait_for (recent_menu_is, &expect, 5000));
  items = recent_menu_items (window);
  g_assert_cmpstr (((RecentItem *) items->pdata[0])->label, ==, "council-follow-up.txt");
  g_assert_cmpstr (((RecentItem *) items->pdata[1])->label, ==, "press-conference.txt");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Picking the older one reopens it here, and it moves to the top. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", first_uri));
  g_assert_true (wait_for (view_has_drawn, window, 10000));
  g_assert_true (g_file_equal (newsmark_window_get_article_file (window), first_file));
  expect.first = first_uri;
  expect.second = second_uri;
  g_assert_true (wait_for (recent_menu_is, &expect, 5000));

  /* The other one is deleted, then picked: said so here, nothing opened,
   * no new window, and it leaves the list. */
  g_assert_cmpint (g_remove (second), ==, 0);
  windows = n_windows ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", second_uri));
  spin (50);
  g_assert_cmpuint (n_windows (), ==, windows);
  g_assert_true (g_file_equal (newsmark_window_get_article_file (window), first_file));
  problems = newsmark_window_dup_problems_text (window);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "council-follow-up.txt"));
  g_assert_nonnull (strstr (problems, "no longer"));
  g_clear_pointer (&problems, g_free);
  expect.first = first_uri;
  expect.second = NULL;
  expect.absent = second_uri;
  g_assert_true (wait_for (recent_menu_is, &expect, 5000));
  close_window (window);

  /* The same from an empty window, for an entry still listed. */
  window = empty_window ();
  g_assert_true (g_file_set_contents (second, "Back again.\n", -1, NULL));
  newsmark_application_add_recent (app, second_file);
  expect.window = window;
  expect.first = second_uri;
  expect.second = first_uri;
  expect.absent = NULL;
  g_assert_true (wait_for (recent_menu_is, &expect, 5000));
  g_assert_cmpint (g_remove (second), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", second_uri));
  spin (50);
  g_assert_true (newsmark_window_is_empty (window));
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "no longer"));
  close_window (window);

  /* A file a file chooser picked (a suggestions file for import: GTK
   * registers it under the application's name) is no article: not listed. */
  {
    g_autofree char *suggestions = g_build_filename (dir, "model-output.json", NULL);
    g_autoptr(GFile) suggestions_file = g_file_new_for_path (suggestions);
    g_autofree char *suggestions_uri = g_file_get_uri (suggestions_file);
    g_autoptr(GPtrArray) listed = NULL;
    GtkRecentData data = { 0 };

    g_assert_true (g_file_set_contents (suggestions, "[]\n", -1, NULL));
    data.mime_type = (char *) "application/json";
    data.app_name = (char *) g_get_application_name ();
    data.app_exec = (char *) "newsmark %u";
    g_assert_true (gtk_recent_manager_add_full (gtk_recent_manager_get_default (), suggestions_uri, &data));
    window = empty_window ();
    expect.window = window;
    expect.first = first_uri;
    expect.second = NULL;
    expect.absent = suggestions_uri;
    spin (200);
    g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), suggestions_uri));
    g_assert_true (wait_for (recent_menu_is, &expect, 5000));
    listed = newsmark_application_list_recent (app, 10);
    for (guint i = 0; i < listed->len; i++)
      g_assert_false (g_file_equal (g_ptr_array_index (listed, i), suggestions_file));
    close_window (window);
    g_remove (suggestions);
  }

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture_path = NULL;
  char *contents = NULL;

  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (gui_test_log_is_fatal, NULL);

  fixture_path = g_test_build_filename (G_TEST_DIST, "data", "press-conference.txt", NULL);
  if (!g_file_get_contents (fixture_path, &contents, NULL, &error))
    g_error ("%s", error->message);
  fixture_text = contents;

  app = gui_test_application_new ();

  g_test_add_func ("/workbench/empty-state", test_empty_state);
  g_test_add_func ("/workbench/tag-flow", test_tag_flow);
  g_test_add_func ("/workbench/annotator-asked-first", test_annotator_asked_first);
  g_test_add_func ("/workbench/search-then-tag", test_search_then_tag);
  g_test_add_func ("/workbench/status-follows-search", test_status_follows_search);
  g_test_add_func ("/workbench/tag-all-possessives", test_tag_all_possessives);
  g_test_add_func ("/workbench/overlapping-spans", test_overlapping_spans);
  g_test_add_func ("/workbench/span-list-rows", test_span_list_rows);
  g_test_add_func ("/workbench/rows-tell-spans-apart", test_rows_tell_spans_apart);
  g_test_add_func ("/workbench/kept-highlights", test_kept_highlights);
  g_test_add_func ("/workbench/highlight-geometry", test_highlight_geometry);
  g_test_add_func ("/workbench/narrow-window", test_narrow_window);
  g_test_add_func ("/workbench/load-error", test_load_error);
  g_test_add_func ("/workbench/changed-on-disk", test_changed_on_disk);
  g_test_add_func ("/workbench/recovery", test_recovery);
  g_test_add_func ("/workbench/close-with-changes", test_close_with_changes);
  g_test_add_func ("/workbench/style-and-toggles", test_style_and_toggles);
  g_test_add_func ("/workbench/menu-check-marks", test_menu_check_marks);
  g_test_add_func ("/workbench/shortcuts-window-opens", test_shortcuts_window_opens);
  g_test_add_func ("/workbench/drop-files", test_drop_files);
  g_test_add_func ("/workbench/drop-with-mouse-x11", test_drop_with_mouse_x11);
  g_test_add_func ("/workbench/recent-files", test_recent_files);
  g_test_add_func ("/workbench/number-attribute-minimum", test_number_attribute_minimum);
  g_test_add_func ("/workbench/number-attribute-ranges", test_number_attribute_ranges);
  g_test_add_func ("/workbench/number-attribute-clicks-x11", test_number_attribute_clicks_x11);
  g_test_add_func ("/workbench/no-blinking-selection-x11", test_no_blinking_selection_x11);

  return g_test_run ();
}
