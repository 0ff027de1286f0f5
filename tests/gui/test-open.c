/* test-open.c — opening a large annotation file in the background
 *
 * The window shows the first screen of the file at once, read-only, while
 * the whole file is read and checked on another thread; these tests check
 * what the user can and cannot do meanwhile, what happens when the file
 * turns out to be broken, and that nothing is ever written.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <newsmark/newsmark.h>
#include <glib/gstdio.h>

#include "newsmark-application.h"
#include "newsmark-window-private.h"
#include "gui-test-common.h"

#define PARAGRAPH   "Minister Ana Lopez said the harbour bridge will reopen on Monday.\n\n"
/* Three spans per paragraph: a file well above the size that is read in
 * the background (a few megabytes). */
#define N_PARAGRAPHS 6000

static NewsmarkApplication *app;

/* ---- Helpers --------------------------------------------------------------- */

static gboolean
done_loading (gpointer data)
{
  return !newsmark_window_get_loading (data);
}

static gboolean
wait_until_loaded (NewsmarkWindow *window)
{
  return wait_for (done_loading, window, 60000);
}

/* Writes DIR/harbour.txt and DIR/harbour.newsmark.json; returns the
 * annotation file's path and the number of spans in *n_spans. */
static char *
write_large_file (const char *dir,
                  guint      *n_spans)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *article = g_build_filename (dir, "harbour.txt", NULL);
  char *path = g_build_filename (dir, "harbour.newsmark.json", NULL);
  const guint paragraph_len = (guint) g_utf8_strlen (PARAGRAPH, -1);

  for (guint i = 0; i < N_PARAGRAPHS; i++)
    g_string_append (text, PARAGRAPH);
  g_file_set_contents (article, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);

  document = newsmark_document_new_from_text (text->str, text->len, &error);
  g_assert_no_error (error);
  set = newsmark_annotation_set_new (document, schema);
  newsmark_annotation_set_set_document_path (set, "harbour.txt");
  for (guint i = 0; i < N_PARAGRAPHS; i++)
    {
      guint base = i * paragraph_len;

      g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", base + 9, base + 18, &error));
      g_assert_nonnull (newsmark_annotation_set_create_span (set, "LOCATION", base + 28, base + 42, &error));
      g_assert_nonnull (newsmark_annotation_set_create_span (set, "DATE", base + 58, base + 64, &error));
    }
  *n_spans = 3 * N_PARAGRAPHS;

  file = g_file_new_for_path (path);
  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);

  return path;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) now = read_bytes (path);
  g_autofree char *backup = g_strconcat (path, "~", NULL);

  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n_files = 0;

  g_assert_true (g_bytes_equal (now, before));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  /* Nothing else written beside it either (the article is the other). */
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);
}

/* ---- Tests ------------------------------------------------------------------ */

static void
test_first_screen_then_whole_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) preview_spans = g_ptr_array_new_with_free_func (g_object_unref);
  NewsmarkAnnotationSet *preview, *set;
  NewsmarkArticleView *view;
  NewsmarkWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter a, b;
  GListModel *spans;
  guint n_spans, n_preview;

  g_assert_no_error (error);
  path = write_large_file (dir, &n_spans);
  before = read_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (before), >, 4 * 1024 * 1024);
  file = g_file_new_for_path (path);

  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, file));
  view = newsmark_window_get_article_view (window);

  /* At once: the article and the spans of its first screen, nothing
   * editable yet. */
  g_assert_true (newsmark_window_get_loading (window));
  g_assert_false (newsmark_window_is_empty (window));
  g_assert_true (newsmark_window_shows_file (window, file));
  g_assert_null (newsmark_window_get_annotation_set (window));
  preview = newsmark_article_view_get_annotation_set (view);
  g_assert_nonnull (preview);
  n_preview = g_list_model_get_n_items (newsmark_annotation_set_get_spans (preview));
  g_assert_cmpuint (n_preview, >, 100);
  g_assert_cmpuint (n_preview, <, n_spans);
  for (guint i = 0; i < n_preview; i++)
    g_ptr_array_add (preview_spans, g_list_model_get_item (newsmark_annotation_set_get_spans (preview), i));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "harbour.newsmark.json — Newsmark");

  /* The user selects text and presses a label while the file loads:
   * nothing is tagged (it would be lost or, worse, silently merged). */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_iter_at_offset (buffer, &a, 0);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, 8);
  gtk_text_buffer_select_range (buffer, &a, &b);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-label", "s", "PERSON");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);

  g_assert_true (wait_until_loaded (window));

  /* Then the whole file, checked, in place of the preview; the text and
   * the user's selection stay as they were. */
  set = newsmark_window_get_annotation_set (window);
  g_assert_nonnull (set);
  g_assert_true (newsmark_article_view_get_annotation_set (view) == set);
  spans = newsmark_annotation_set_get_spans (set);
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, n_spans);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  for (guint i = 0; i < n_preview; i++)
    {
      NewsmarkSpan *p = g_ptr_array_index (preview_spans, i);
      g_autoptr(NewsmarkSpan) s = g_list_model_get_item (spans, i);

      g_assert_cmpstr (newsmark_span_get_id (p), ==, newsmark_span_get_id (s));
      g_assert_cmpstr (newsmark_span_get_label (p), ==, newsmark_span_get_label (s));
      g_assert_cmpuint (newsmark_span_get_start (p), ==, newsmark_span_get_start (s));
      g_assert_cmpuint (newsmark_span_get_end (p), ==, newsmark_span_get_end (s));
    }
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
  g_assert_cmpint (gtk_text_iter_get_offset (&a), ==, 0);
  g_assert_cmpint (gtk_text_iter_get_offset (&b), ==, 8);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "harbour.txt — Newsmark");
  assert_unchanged (path, before);

  /* Now tagging works. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-label", "s", "PERSON");
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, n_spans + 1);

  newsmark_annotation_set_set_modified (set, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  remove_tree (dir);
}

static void
test_broken_file_found_late (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *problems = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GFile) file = NULL;
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *preview;
  char *last;
  gsize len;
  guint n_spans;

  g_assert_no_error (error);
  path = write_large_file (dir, &n_spans);

  /* The last span gets a label the schema does not have: only reading
   * the whole file finds it. */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  /* (Within "spans": the audit log after them names labels too.) */
  last = strstr (contents, "\n  \"log\":");
  g_assert_nonnull (last);
  last = g_strrstr_len (contents, last - contents, "\"label\": \"DATE\"");
  g_assert_nonnull (last);
  memcpy (last, "\"label\": \"DAYS\"", strlen ("\"label\": \"DAYS\""));
  g_file_set_contents (path, contents, (gssize) len, &error);
  g_assert_no_error (error);
  before = read_bytes (path);
  file = g_file_new_for_path (path);

  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, file));
  g_assert_true (newsmark_window_get_loading (window));
  preview = newsmark_article_view_get_annotation_set (newsmark_window_get_article_view (window));
  g_assert_nonnull (preview);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (preview)), >, 0);

  g_assert_true (wait_until_loaded (window));

  /* The preview goes; the problem is shown with its JSON path; the file
   * is untouched and the window is empty again. */
  g_assert_null (newsmark_window_get_annotation_set (window));
  g_assert_null (newsmark_article_view_get_annotation_set (newsmark_window_get_article_view (window)));
  g_assert_true (newsmark_window_is_empty (window));
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "Could not open"));
  g_assert_nonnull (strstr (problems, "Nothing was changed on disk"));
  {
    g_autofree char *where = g_strdup_printf ("spans[%u].label", n_spans - 1);

    g_assert_nonnull (strstr (problems, where));
  }
  g_assert_nonnull (strstr (problems, "DAYS"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Newsmark");
  assert_unchanged (path, before);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  remove_tree (dir);
}

static gboolean
window_gone (gpointer data)
{
  g_autoptr(GObject) alive = g_weak_ref_get (data);

  return alive == NULL;
}

static void
test_close_while_loading (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *window;
  GWeakRef ref;
  guint n_spans;

  g_assert_no_error (error);
  path = write_large_file (dir, &n_spans);
  before = read_bytes (path);
  file = g_file_new_for_path (path);

  window = GTK_WIDGET (newsmark_application_open_file (app, file));
  g_assert_true (newsmark_window_get_loading (NEWSMARK_WINDOW (window)));
  /* Let the load start, then close: no question (nothing was edited), no
   * write, and the window goes once the reading thread is done. */
  spin (100);
  g_weak_ref_init (&ref, window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (window_gone, &ref, 60000));
  g_weak_ref_clear (&ref);
  assert_unchanged (path, before);
  remove_tree (dir);
}

static void
test_small_file_at_once (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("NEWSMARK_SOURCE_DIR"), "data", "samples",
                                              "harbour-bridge.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  NewsmarkWindow *window;

  /* A file that loads within a frame's time is opened directly: no
   * preview, no state in between. */
  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, file));
  g_assert_false (newsmark_window_get_loading (window));
  g_assert_nonnull (newsmark_window_get_annotation_set (window));

  newsmark_annotation_set_set_modified (newsmark_window_get_annotation_set (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

/* Dropped on an empty window, as GTK delivers a file manager's drop (a
 * GdkFileList to the window's drop target), a large file is read in the
 * background too. */
static void
test_drop_on_empty_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  NewsmarkWindow *window;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  guint n_spans;

  g_assert_no_error (error);
  path = write_large_file (dir, &n_spans);
  before = read_bytes (path);
  file = g_file_new_for_path (path);

  window = newsmark_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);

  g_assert_true (handled);
  g_assert_true (newsmark_window_get_loading (window));
  g_assert_nonnull (newsmark_article_view_get_annotation_set (newsmark_window_get_article_view (window)));
  g_assert_true (wait_until_loaded (window));
  g_assert_nonnull (newsmark_window_get_annotation_set (window));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (
                      newsmark_window_get_annotation_set (window))), ==, n_spans);
  assert_unchanged (path, before);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  remove_tree (dir);
}

static gboolean
autosave_done (gpointer data)
{
  return !newsmark_window_get_autosaving (data, NULL, NULL, NULL);
}

static gboolean
wait_for_autosave (NewsmarkWindow *window)
{
  return wait_for (autosave_done, window, 60000);
}

static void
assert_recovery_matches (NewsmarkWindow *window)
{
  GFile *recovery = newsmark_window_get_recovery_file (window);
  g_autofree char *contents = NULL;
  g_autofree char *expected = newsmark_annotation_set_to_json (newsmark_window_get_annotation_set (window), NULL);
  g_autoptr(GError) error = NULL;

  g_file_load_contents (recovery, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static void
tag_first_words (NewsmarkWindow *window,
                 guint           start)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (newsmark_window_get_article_view (window)));
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) start + 8);
  gtk_text_buffer_select_range (buffer, &a, &b);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-label", "s", "ORG");
}

/* The recovery autosave of a large file is written between frames, a
 * slice at a time, and the file on another thread; an edit meanwhile
 * makes it start again; a save deletes it. */
static void
test_autosave_in_slices (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  NewsmarkWindow *window;
  GFile *recovery;
  gint64 longest = 0, total = 0;
  guint n_slices = 0, n_spans;

  g_assert_no_error (error);
  path = write_large_file (dir, &n_spans);
  file = g_file_new_for_path (path);
  window = newsmark_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (newsmark_window_open (window, file, &error));
  g_assert_no_error (error);
  recovery = newsmark_window_get_recovery_file (window);
  g_file_delete (recovery, NULL, NULL);

  /* Nothing edited, nothing to write. */
  g_assert_false (newsmark_window_autosave_in_background (window));

  tag_first_words (window, 0);
  g_assert_true (newsmark_window_autosave_in_background (window));
  g_assert_true (newsmark_window_get_autosaving (window, NULL, NULL, NULL));
  /* One at a time. */
  g_assert_false (newsmark_window_autosave_in_background (window));
  g_assert_true (wait_for_autosave (window));
  newsmark_window_get_autosaving (window, &n_slices, &longest, &total);
  g_assert_cmpuint (n_slices, >, 1);
  g_assert_cmpint (total, >=, longest);
  assert_recovery_matches (window);

  /* An edit while the text is being written: that text is dropped and the
   * next autosave has the edit. */
  tag_first_words (window, 68);
  g_assert_true (newsmark_window_autosave_in_background (window));
  tag_first_words (window, 136);
  g_assert_false (newsmark_window_get_autosaving (window, NULL, NULL, NULL));
  g_assert_true (newsmark_window_autosave_in_background (window));
  g_assert_true (wait_for_autosave (window));
  assert_recovery_matches (window);

  /* Edits so frequent that a sliced autosave never finishes: after a few
   * tries, one is written at once. */
  tag_first_words (window, 204);
  for (guint i = 1; i <= 3; i++)
    {
      g_assert_true (newsmark_window_autosave_in_background (window));
      tag_first_words (window, 204 + 68 * i);
    }
  g_file_delete (recovery, NULL, NULL);
  g_assert_true (newsmark_window_autosave_in_background (window));
  g_assert_false (newsmark_window_get_autosaving (window, NULL, NULL, NULL));
  assert_recovery_matches (window);

  /* Saving deletes the recovery file, also when it is being written. */
  tag_first_words (window, 680);
  g_assert_true (newsmark_window_autosave_in_background (window));
  g_assert_true (newsmark_window_save (window, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (newsmark_window_get_autosaving (window, NULL, NULL, NULL));
  spin (200);
  g_assert_false (g_file_query_exists (recovery, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  remove_tree (dir);
}

/* A shared file names its article by a path that must stay inside its
 * folder: the window, which always follows the article, must not pull
 * another file into the annotation file (its next save would embed it). */
#define SHARED_TEXT "The harbour bridge reopened on Friday."
#define SECRET_TEXT "nobody may read this through a shared annotation file"

static char *
write_shared_file (const char *folder,
                   const char *name,
                   const char *document_path)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (SHARED_TEXT, -1, NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (document, schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = NULL;
  g_autofree char *line = g_strdup_printf ("    \"path\": \"%s\",\n", document_path);
  char *path = g_build_filename (folder, name, NULL);
  char *at;

  json = g_string_new (newsmark_annotation_set_to_json (set, NULL));
  at = strstr (json->str, "    \"sha256\"");
  g_assert_nonnull (at);
  g_string_insert (json, at - json->str, line);
  g_file_set_contents (path, json->str, (gssize) json->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_document_path_outside (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *outside = g_build_filename (dir, "outside", NULL);
  g_autofree char *shared = g_build_filename (dir, "shared", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret.txt", NULL);
  g_autofree char *link = g_build_filename (shared, "story.txt", NULL);
  g_autofree char *up = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GFile) up_file = NULL;
  g_autoptr(GFile) linked_file = NULL;
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *set;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (outside, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  g_file_set_contents (secret, SECRET_TEXT, -1, &error);
  g_assert_no_error (error);

  /* "..": not opened, the file untouched. */
  up = write_shared_file (shared, "up.newsmark.json", "../outside/secret.txt");
  before = read_bytes (up);
  up_file = g_file_new_for_path (up);
  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, up_file));
  g_assert_true (wait_until_loaded (window));
  g_assert_null (newsmark_window_get_annotation_set (window));
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "document.path"));
  g_assert_nonnull (strstr (problems, "../outside/secret.txt"));
  after = read_bytes (up);
  g_assert_true (g_bytes_equal (before, after));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  g_clear_pointer (&problems, g_free);

  /* A link that leads outside: opened with the text it embeds, a warning,
   * and saving copies nothing from outside. */
  g_assert_cmpint (symlink ("../outside/secret.txt", link), ==, 0);
  linked = write_shared_file (shared, "story.newsmark.json", "story.txt");
  linked_file = g_file_new_for_path (linked);
  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, linked_file));
  g_assert_true (wait_until_loaded (window));
  set = newsmark_window_get_annotation_set (window);
  g_assert_nonnull (set);
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (set)), ==, SHARED_TEXT);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "through a symbolic link"));
  g_assert_true (newsmark_window_save (window, TRUE, &error));
  g_assert_no_error (error);
  g_file_get_contents (linked, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (saved, SECRET_TEXT));
  g_assert_nonnull (strstr (saved, SHARED_TEXT));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
  remove_tree (shared);
  remove_tree (outside);
  remove_tree (dir);
}

/* A corpus's layer opened on its own: its article lies in a sibling
 * folder of the corpus (the nearest folder holding newsmark-corpus.json),
 * which the window follows, restores from recovery and saves; nothing
 * outside the corpus folder is read. */
#define CHANGED_TEXT "Updated: " SHARED_TEXT

static void
test_corpus_layer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-open-XXXXXX", &error);
  g_autofree char *corpus = g_build_filename (dir, "corpus", NULL);
  g_autofree char *layers = g_build_filename (corpus, "annotations", "amara", "politics", NULL);
  g_autofree char *politics = g_build_filename (corpus, "politics", NULL);
  g_autofree char *manifest = g_build_filename (corpus, "newsmark-corpus.json", NULL);
  g_autofree char *article = g_build_filename (politics, "story.txt", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *layer = NULL;
  g_autofree char *escaping = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *followed = NULL;
  g_autoptr(GFile) layer_file = NULL;
  g_autoptr(GFile) escaping_file = NULL;
  g_autoptr(GFile) recovery = NULL;
  g_autoptr(NewsmarkAnnotationSet) reloaded = NULL;
  NewsmarkWindow *window;
  NewsmarkAnnotationSet *set;
  NewsmarkDocument *document;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (layers, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (politics, 0755), ==, 0);
  g_file_set_contents (manifest, "{}", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (secret, SECRET_TEXT, -1, &error);
  g_assert_no_error (error);
  /* The article was edited since the layer was saved: opening re-anchors. */
  g_file_set_contents (article, CHANGED_TEXT, -1, &error);
  g_assert_no_error (error);
  layer = write_shared_file (layers, "story.newsmark.json", "../../../politics/story.txt");
  layer_file = g_file_new_for_path (layer);

  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, layer_file));
  g_assert_true (wait_until_loaded (window));
  set = newsmark_window_get_annotation_set (window);
  g_assert_nonnull (set);
  document = newsmark_annotation_set_get_document (set);
  g_assert_cmpstr (newsmark_document_get_text (document), ==, CHANGED_TEXT);
  followed = g_file_get_path (newsmark_document_get_file (document));
  g_assert_cmpstr (followed, ==, article);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "re-anchored"));
  g_assert_null (strstr (problems, "error"));

  /* A change, autosaved; the window goes away without saving. */
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "EVENT", 9, 27, &error));
  g_assert_no_error (error);
  g_assert_true (newsmark_window_autosave_now (window));
  recovery = g_object_ref (newsmark_window_get_recovery_file (window));
  g_assert_true (g_file_query_exists (recovery, NULL));
  newsmark_annotation_set_set_modified (set, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);

  /* Restored as the layer it stands for, and saved with its path. */
  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, layer_file));
  g_assert_true (wait_until_loaded (window));
  g_assert_true (newsmark_window_get_recovery_offered (window));
  newsmark_window_restore_recovery (window);
  g_clear_pointer (&problems, g_free);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_null (strstr (problems, "Could not restore"));
  set = newsmark_window_get_annotation_set (window);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 1);
  g_assert_true (newsmark_window_save (window, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (recovery, NULL));
  g_file_get_contents (layer, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (saved, "\"path\": \"../../../politics/story.txt\""));
  g_assert_nonnull (strstr (saved, CHANGED_TEXT));
  reloaded = newsmark_annotation_set_load (layer_file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (reloaded)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);

  /* Out of the corpus folder: not opened. */
  escaping = write_shared_file (layers, "escaping.newsmark.json", "../../../../secret.txt");
  escaping_file = g_file_new_for_path (escaping);
  window = NEWSMARK_WINDOW (newsmark_application_open_file (app, escaping_file));
  g_assert_true (wait_until_loaded (window));
  g_assert_null (newsmark_window_get_annotation_set (window));
  g_clear_pointer (&problems, g_free);
  problems = newsmark_window_dup_problems_text (window);
  g_assert_nonnull (strstr (problems, "leads outside the corpus folder"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (gui_test_log_is_fatal, NULL);

  app = gui_test_application_new ();

  g_test_add_func ("/open/first-screen-then-whole-file", test_first_screen_then_whole_file);
  g_test_add_func ("/open/broken-file-found-late", test_broken_file_found_late);
  g_test_add_func ("/open/close-while-loading", test_close_while_loading);
  g_test_add_func ("/open/small-file-at-once", test_small_file_at_once);
  g_test_add_func ("/open/drop-on-empty-window", test_drop_on_empty_window);
  g_test_add_func ("/open/autosave-in-slices", test_autosave_in_slices);
  g_test_add_func ("/open/document-path-outside", test_document_path_outside);
  g_test_add_func ("/open/corpus-layer", test_corpus_layer);

  return g_test_run ();
}
