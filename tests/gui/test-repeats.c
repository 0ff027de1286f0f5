/* test-repeats.c — what the analyst acts on, in an article that repeats itself
 *
 * tests/gui/data/repeats/ferry-strike.txt is a scraped news story of 34
 * paragraphs whose paragraphs 5–14 come again, word for word, as 15–24,
 * with curly quotes and "??" where emoji were lost; model-strings.json is
 * a model's output for it: names found in several copies, one not found,
 * and a LOCATION where the analyst has an ORG. The window is driven by its
 * actions and keys; what it says about each match, hit, candidate and
 * conflict is checked, and so is the file.
 */
#include "config.h"

#include <newsmark/newsmark.h>

#include "newsmark-inspector.h"
#include "newsmark-span-list-panel.h"
#include "newsmark-tag-matches-dialog.h"
#include "newsmark-unplaced-dialog.h"
#include "gui-test-common.h"

#define ANNOTATOR "Test Reviewer"

static NewsmarkApplication *app;

/* ---- Helpers ----------------------------------------------------------------- */

static gboolean
view_has_drawn (gpointer data)
{
  return newsmark_article_view_get_n_frames (newsmark_window_get_article_view (data)) > 0;
}

/* A scratch folder with the article and the model's output. */
static char *
make_fixture (void)
{
  static const char *names[] = { "ferry-strike.txt", "model-strings.json" };
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsmark-repeats-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = g_test_build_filename (G_TEST_DIST, "data", "repeats", names[i], NULL);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_file_get_contents (from, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, (gssize) length, &error);
      g_assert_no_error (error);
    }

  return dir;
}

static NewsmarkWindow *
open_article (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "ferry-strike.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = newsmark_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
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

static NewsmarkDocument *
document_of (NewsmarkWindow *window)
{
  return newsmark_annotation_set_get_document (newsmark_window_get_annotation_set (window));
}

/* Code point offset of the @nth (1-based) occurrence of @needle. */
static guint
offset_of (NewsmarkWindow *window,
           const char     *needle,
           guint           nth)
{
  const char *text = newsmark_document_get_text (document_of (window));
  const char *p = text;

  for (guint i = 0; i < nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }

  return (guint) g_utf8_strlen (text, p - text);
}

static void
press (NewsmarkWindow *window,
       guint           keyval)
{
  gboolean by_review;

  g_assert_true (press_key_full (window, keyval, 0, &by_review));
  g_assert_true (by_review);
}

/* Waits until the view has drawn a frame after this call. */
static void
next_frame (NewsmarkWindow *window)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  guint frames = newsmark_article_view_get_n_frames (view);

  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (newsmark_article_view_get_n_frames (view) == frames)
    g_main_context_iteration (NULL, TRUE);
  spin (30);
}

/* Lets the X server answer every request sent so far (XSync) and handles
 * its answers. */
static void
settle_x_server (NewsmarkWindow *window)
{
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Scrolls so that the paragraph numbered @number is at the top. */
static void
scroll_to_paragraph (NewsmarkWindow *window,
                     guint           number)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  const NewsmarkParagraph *paragraph = newsmark_document_get_paragraph (document_of (window), number);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  GtkTextMark *mark;
  GdkRectangle visible, where;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) paragraph->start);
  mark = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), mark, 0.0, TRUE, 0.0, 0.0);
  /* The view scrolls once its layout has reached the paragraph. */
  for (guint i = 0; i < 200; i++)
    {
      next_frame (window);
      gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &where);
      if (ABS (where.y - visible.y) < 4)
        break;
      gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), mark, 0.0, TRUE, 0.0, 0.0);
    }
  gtk_text_buffer_delete_mark (buffer, mark);
  next_frame (window);
}

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

/* The analyst's ORG on "Port Aldwin" in the headline, then the model's
 * suggestions: one of them puts LOCATION on that same text. */
static NewsmarkSpan *
import_suggestions (NewsmarkWindow *window,
                    const char     *dir)
{
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  g_autofree char *path = g_build_filename (dir, "model-strings.json", NULL);
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GError) error = NULL;
  guint start = offset_of (window, "Port Aldwin", 1);
  NewsmarkSpan *org;

  newsmark_annotation_set_set_annotator (set, ANNOTATOR);
  org = newsmark_annotation_set_create_span (set, "ORG", start, start + 11, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import_file (set, NEWSMARK_SUGGEST_FROM_STRINGS, input, NULL, report, NULL,
                                               &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_suggestions, ==, 15);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (report->ambiguous, ==, 6);
  g_assert_cmpuint (report->not_found, ==, 1);
  spin (20);

  return org;
}

static NewsmarkSpan *
suggestion_at (NewsmarkWindow *window,
               guint           start,
               const char     *label)
{
  g_autoptr(GPtrArray) spans = newsmark_annotation_set_spans_at (newsmark_window_get_annotation_set (window),
                                                                 start);

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);

      if (newsmark_span_get_start (span) == start && g_strcmp0 (newsmark_span_get_label (span), label) == 0)
        return span;
    }

  return NULL;
}

/* ---- The margin marks -------------------------------------------------------- */

/* The article view's pixels, as its last frame drew them. */
static guchar *
render_view (NewsmarkWindow *window,
             int            *width,
             int            *height)
{
  GtkWidget *widget = GTK_WIDGET (newsmark_window_get_article_view (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  guchar *pixels;

  next_frame (window);
  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  gsk_render_node_unref (node);
  pixels = g_malloc ((gsize) *width * 4 * (gsize) *height);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);

  return pixels;
}

/* How many pixels of the left margin's mark column, beside the paragraph
 * numbered @number, differ from the view's background. */
static guint
marked_pixels (NewsmarkWindow *window,
               const guchar   *pixels,
               int             width,
               int             height,
               guint           number)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (newsmark_window_get_article_view (window));
  const NewsmarkParagraph *paragraph = newsmark_document_get_paragraph (document_of (window), number);
  GtkTextIter iter;
  int y, line_height, wx, wy, bg_x, bg_y;
  guint marked = 0;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (text_view), &iter, (int) paragraph->start);
  gtk_text_view_get_line_yrange (text_view, &iter, &y, &line_height);
  /* The background: far left, above the text's first line. */
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET, 1, 1, &bg_x, &bg_y);
  (void) bg_y;

  for (int by = y + 4; by < y + line_height - 4; by++)
    for (int bx = 5; bx < 10; bx++)
      {
        const guchar *px, *bg;

        gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET, bx, by, &wx, &wy);
        if (wx < 0 || wy < 0 || wx >= width || wy >= height)
          continue;
        px = pixels + (gsize) wy * (gsize) width * 4 + (gsize) wx * 4;
        bg = pixels + (gsize) wy * (gsize) width * 4 + (gsize) MAX (bg_x, 0) * 4;
        if (ABS ((int) px[0] - (int) bg[0]) + ABS ((int) px[1] - (int) bg[1]) + ABS ((int) px[2] - (int) bg[2]) > 24)
          marked++;
      }

  return marked;
}

static void
test_margin_marks (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  g_autofree guchar *pixels = NULL;
  int width, height;

  g_assert_cmpuint (newsmark_document_get_n_paragraphs (document_of (window)), ==, 34);
  g_assert_cmpuint (newsmark_document_get_paragraph (document_of (window), 15)->repeats, ==, 5);
  g_assert_cmpuint (newsmark_document_get_paragraph (document_of (window), 24)->repeats, ==, 14);
  g_assert_cmpuint (newsmark_document_get_paragraph (document_of (window), 14)->repeats, ==, 0);

  /* The first screen holds no copy. */
  next_frame (window);
  g_assert_cmpuint (newsmark_article_view_get_n_repeat_marks (view), ==, 0);

  /* Paragraph 14 (an original) at the top, 15 (its first copy) below. */
  scroll_to_paragraph (window, 14);
  g_assert_cmpuint (newsmark_article_view_get_n_repeat_marks (view), >, 0);
  pixels = render_view (window, &width, &height);
  g_assert_cmpuint (marked_pixels (window, pixels, width, height, 14), ==, 0);
  g_assert_cmpuint (marked_pixels (window, pixels, width, height, 15), >, 10);

  /* And in dark style, where the mark is light. */
  g_clear_pointer (&pixels, g_free);
  newsmark_article_view_set_dark (view, TRUE);
  pixels = render_view (window, &width, &height);
  g_assert_cmpuint (marked_pixels (window, pixels, width, height, 15), >, 10);
  newsmark_article_view_set_dark (view, FALSE);

  close_window (window);
  remove_tree (dir);
}

/* ---- Search ------------------------------------------------------------------ */

static void
test_search_start_and_numbering (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkSearchBar *bar = newsmark_window_get_search_bar (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  guint first = offset_of (window, "Dana Whitlock", 1);   /* ¶5 */
  guint third = offset_of (window, "Dana Whitlock", 3);   /* ¶15, a copy of ¶5 */
  guint fourth = offset_of (window, "Dana Whitlock", 4);  /* ¶20, a copy of ¶10 */
  guint start, end;

  /* The cursor is still at the top, but the analyst is reading ¶15: the
   * search starts where they look, not at the cursor off screen. */
  newsmark_article_view_place_cursor (view, 0);
  scroll_to_paragraph (window, 15);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  spin (20);
  g_assert_cmpuint (newsmark_search_bar_get_search_start (bar), ==,
                    newsmark_document_get_paragraph (document_of (window), 15)->start);
  newsmark_search_bar_set_text (bar, "Dana Whitlock");
  spin (20);
  g_assert_true (newsmark_article_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, third);
  g_assert_cmpstr (newsmark_search_bar_get_status (bar), ==, "3 of 4 · ¶15, repeats ¶5");

  /* Enter takes the match typing found; it does not move on unseen. */
  g_assert_true (newsmark_search_bar_activate (bar));
  g_assert_true (newsmark_article_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, third);
  /* The next Enter goes on, and says where. */
  g_assert_true (newsmark_search_bar_activate (bar));
  g_assert_true (newsmark_article_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, fourth);
  g_assert_cmpstr (newsmark_search_bar_get_status (bar), ==, "4 of 4 · ¶20, repeats ¶10");
  g_assert_true (newsmark_search_bar_activate (bar));
  g_assert_true (newsmark_article_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, first);
  g_assert_cmpstr (newsmark_search_bar_get_status (bar), ==, "1 of 4 · ¶5");

  /* From the cursor when it is on screen: Ctrl+F, type, Enter, Escape, p
   * tags the match the bar showed. */
  newsmark_search_bar_close (bar);
  scroll_to_paragraph (window, 1);
  newsmark_article_view_place_cursor (view, offset_of (window, "The agreement", 1));
  spin (20);
  /* (The previous query is selected in the entry: typing replaces it.)
   * The query selected in the entry is the X PRIMARY selection; typing
   * over it gives that up and, a moment later, the match found takes it.
   * GDK hears of the first change from the X server later; heard after
   * the second, it counts as another program's, and GTK deselects the
   * match. A person's first key comes long before the search, so the
   * test gives the selection up first too, and lets the X server answer. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  newsmark_search_bar_set_text (bar, "");
  settle_x_server (window);
  newsmark_search_bar_set_text (bar, "Dana Whitlock");
  g_assert_true (newsmark_search_bar_activate (bar));
  g_assert_true (newsmark_article_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, first);
  spin (50);  /* the count comes from the search context's own scan */
  g_assert_cmpstr (newsmark_search_bar_get_status (bar), ==, "1 of 4 · ¶5");
  newsmark_search_bar_close (bar);
  spin (20);
  {
    gboolean by_review;

    g_assert_true (press_key_full (window, GDK_KEY_p, 0, &by_review));
  }
  g_assert_nonnull (suggestion_at (window, first, "PERSON"));
  g_assert_null (suggestion_at (window, offset_of (window, "Dana Whitlock", 2), "PERSON"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 1);

  close_window (window);
  remove_tree (dir);
}

static void
test_tag_all_paragraphs (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkTagMatchesDialog *dialog = newsmark_tag_matches_dialog_new (GTK_WINDOW (window), set, "Tom Hadley",
                                                                      "PERSON", TRUE, FALSE);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  g_assert_cmpuint (newsmark_tag_matches_dialog_get_n_matches (dialog), ==, 2);
  one = newsmark_tag_matches_dialog_dup_match_text (dialog, 0);
  two = newsmark_tag_matches_dialog_dup_match_text (dialog, 1);
  g_assert_true (g_str_has_prefix (one, "¶12  "));
  g_assert_true (g_str_has_prefix (two, "¶22, repeats ¶12  "));
  /* The words around a hit are its paragraph's, not the end of the one
   * before, which would read as part of ¶22. */
  g_assert_true (g_str_has_prefix (two, "¶22, repeats ¶12  A spokesperson for Bluewater Lines, Tom Hadley, said"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
  remove_tree (dir);
}

/* The first occurrence of @needle in paragraph @number. */
static guint
offset_in_paragraph (NewsmarkWindow *window,
                     const char     *needle,
                     guint           number)
{
  for (guint nth = 1; ; nth++)
    {
      guint offset = offset_of (window, needle, nth);
      const NewsmarkParagraph *paragraph = newsmark_document_get_paragraph_at (document_of (window), offset);

      if (paragraph != NULL && paragraph->number == number)
        return offset;
    }
}

/* The span list's rows and the speaker picker's entries write a paragraph
 * as the search bar and Tag All do: a copy says which paragraph it
 * repeats, so a name in ¶15 is known to be the one of ¶5 again. */
static void
test_rows_and_picker_name_the_copy (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkDocument *document = document_of (window);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *first, *copy, *quote;
  g_autofree char *first_markup = NULL, *copy_markup = NULL;
  g_autofree char *first_row = NULL, *copy_row = NULL;
  g_autofree char *first_entry = NULL, *copy_entry = NULL;
  guint start;

  start = offset_in_paragraph (window, "Dana Whitlock", 5);
  first = newsmark_annotation_set_create_span (set, "PERSON", start, start + 13, &error);
  g_assert_no_error (error);
  start = offset_in_paragraph (window, "Dana Whitlock", 15);
  copy = newsmark_annotation_set_create_span (set, "PERSON", start, start + 13, &error);
  g_assert_no_error (error);
  start = offset_in_paragraph (window, "“Nobody wins", 21);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", start, start + 34, &error);
  g_assert_no_error (error);

  first_markup = newsmark_span_list_row_markup (document, first);
  copy_markup = newsmark_span_list_row_markup (document, copy);
  g_assert_true (pango_parse_markup (first_markup, -1, 0, NULL, &first_row, NULL, NULL));
  g_assert_true (pango_parse_markup (copy_markup, -1, 0, NULL, &copy_row, NULL, NULL));
  g_test_message ("%s\n%s", first_row, copy_row);
  g_assert_true (g_str_has_prefix (first_row, "¶5  "));
  g_assert_true (g_str_has_prefix (copy_row, "¶15, repeats ¶5  "));

  first_entry = newsmark_inspector_describe_candidate (document, first, quote);
  copy_entry = newsmark_inspector_describe_candidate (document, copy, quote);
  g_test_message ("%s\n%s", first_entry, copy_entry);
  g_assert_nonnull (strstr (first_entry, " · ¶5, 16 before: "));
  g_assert_nonnull (strstr (copy_entry, " · ¶15, repeats ¶5, 6 before: "));

  close_window (window);
  remove_tree (dir);
}

/* ---- Conflicts ---------------------------------------------------------------- */

static void
test_conflict_choices (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  NewsmarkSpan *org = import_suggestions (window, dir);
  g_autofree char *org_id = g_strdup (newsmark_span_get_id (org));
  NewsmarkSpan *location = suggestion_at (window, newsmark_span_get_start (org), "LOCATION");
  g_autofree char *location_id = g_strdup (newsmark_span_get_id (location));
  g_autofree char *expected = g_strdup_printf ("Conflicts with ORG %s “Port Aldwin” (accepted)", org_id);
  const NewsmarkLogEntry *entry;

  gtk_widget_activate_action (GTK_WIDGET (window), "review.active", NULL);
  spin (20);
  g_assert_true (newsmark_review_bar_get_current (bar) == location);
  g_assert_nonnull (strstr (newsmark_review_bar_get_note (bar), expected));
  g_assert_true (g_str_has_prefix (newsmark_review_bar_get_meta (bar), "¶1 · "));
  g_assert_cmpstr (newsmark_review_bar_dup_progress_text (bar), ==, "0 of 15 reviewed");

  /* a asks; Escape decides later and nothing changed. */
  press (window, GDK_KEY_a);
  g_assert_true (newsmark_review_bar_get_choosing (bar));
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_SUGGESTED);
  press (window, GDK_KEY_n);  /* nothing else acts while it asks */
  g_assert_true (newsmark_review_bar_get_current (bar) == location);
  press (window, GDK_KEY_Escape);
  g_assert_false (newsmark_review_bar_get_choosing (bar));
  g_assert_true (newsmark_review_bar_get_active (bar));
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_SUGGESTED);

  /* 1: keep both. */
  press (window, GDK_KEY_a);
  press (window, GDK_KEY_1);
  g_assert_false (newsmark_review_bar_get_choosing (bar));
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (org), ==, NEWSMARK_STATUS_ACCEPTED);
  entry = find_log (set, "resolve-conflict", location_id);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->who, ==, ANNOTATOR);
  g_assert_nonnull (strstr (entry->detail_json, "keep-both"));
  g_assert_nonnull (strstr (entry->detail_json, org_id));
  g_assert_cmpstr (newsmark_review_bar_dup_progress_text (bar), ==, "1 of 15 reviewed");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin (30);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_review_bar_get_current (bar) == location);

  /* r (2): replace — the analyst's ORG is kept in the file, rejected; one
   * undo step brings both back. */
  press (window, GDK_KEY_a);
  press (window, GDK_KEY_r);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (org), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_nonnull (strstr (find_log (set, "resolve-conflict", location_id)->detail_json, "replace"));
  g_assert_nonnull (find_log (set, "reject", org_id));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin (30);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpint (newsmark_span_get_status (org), ==, NEWSMARK_STATUS_ACCEPTED);

  /* Accept from outside review (the inspector's button, Ctrl+Enter) asks too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "review.active", NULL);
  spin (20);
  g_assert_false (newsmark_review_bar_get_active (bar));
  newsmark_window_set_selected_span (window, location);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.accept-span", NULL);
  spin (20);
  g_assert_true (newsmark_review_bar_get_active (bar));
  g_assert_true (newsmark_review_bar_get_choosing (bar));
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_SUGGESTED);

  /* 3: reject the suggestion. */
  press (window, GDK_KEY_3);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpint (newsmark_span_get_status (org), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_nonnull (strstr (find_log (set, "resolve-conflict", location_id)->detail_json, "\"reject\""));

  close_window (window);
  remove_tree (dir);
}

/* ---- Unplaced suggestions ----------------------------------------------------- */

static void
test_unplaced_reject_and_copies (void)
{
  g_autofree char *dir = make_fixture ();
  NewsmarkWindow *window = open_article (dir);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  NewsmarkUnplacedDialog *dialog;
  NewsmarkSpan *span;
  g_autofree char *title = NULL;
  g_autofree char *whitlock_id = NULL;
  g_autofree char *okoro_id = NULL;
  g_autoptr(GError) error = NULL;
  guint spins = 0;

  import_suggestions (window, dir);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.resolve-unplaced", NULL);
  spin (30);
  dialog = NEWSMARK_UNPLACED_DIALOG (newsmark_review_bar_get_dialog (bar));
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 7);

  /* Dana Whitlock: four places in two pairs of copies — each says which. */
  newsmark_unplaced_dialog_select (dialog, 0);
  g_assert_cmpstr (newsmark_span_get_text (newsmark_unplaced_dialog_get_selected (dialog)), ==, "Dana Whitlock");
  title = newsmark_unplaced_dialog_dup_candidate_title (dialog, 2);
  g_assert_nonnull (strstr (title, "Position 3 of 4 · ¶15, repeats ¶5 · "));
  g_assert_false (newsmark_unplaced_dialog_place_copies (dialog, &error));
  g_clear_error (&error);

  /* Priya Raman: in ¶7 and its copy ¶17 — "all copies". */
  newsmark_unplaced_dialog_select (dialog, 2);
  span = newsmark_unplaced_dialog_get_selected (dialog);
  g_assert_cmpstr (newsmark_span_get_text (span), ==, "Priya Raman");
  g_assert_true (newsmark_unplaced_dialog_place_copies (dialog, &error));
  g_assert_no_error (error);
  spin (30);
  g_assert_nonnull (suggestion_at (window, offset_of (window, "Priya Raman", 1), "PERSON"));
  g_assert_nonnull (suggestion_at (window, offset_of (window, "Priya Raman", 2), "PERSON"));
  g_assert_nonnull (find_log (set, "place-copies", newsmark_span_get_id (span)));
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 6);

  /* Sam Okoro, not found: rejected from the dialog by its Delete key. */
  for (guint i = 0; i < newsmark_unplaced_dialog_get_n_unplaced (dialog); i++)
    {
      newsmark_unplaced_dialog_select (dialog, i);
      if (g_strcmp0 (newsmark_span_get_text (newsmark_unplaced_dialog_get_selected (dialog)), "Sam Okoro") == 0)
        break;
    }
  okoro_id = g_strdup (newsmark_span_get_id (newsmark_unplaced_dialog_get_selected (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.reject", NULL));
  spin (30);
  g_assert_cmpuint (newsmark_unplaced_dialog_get_n_unplaced (dialog), ==, 5);
  span = newsmark_annotation_set_find_span (set, okoro_id);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_nonnull (newsmark_span_get_unplaced_reason (span));
  g_assert_nonnull (find_log (set, "reject", okoro_id));
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (30);

  /* Review reaches the rest: placed ones by a (the conflict by 1), the
   * unplaced ones by x, until every suggestion is reviewed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "review.active", NULL);
  spin (20);
  while (newsmark_review_bar_get_current (bar) != NULL && spins++ < 40)
    {
      span = newsmark_review_bar_get_current (bar);
      if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
        break;
      if (newsmark_span_get_unplaced_reason (span) != NULL)
        {
          g_assert_nonnull (strstr (newsmark_review_bar_get_note (bar), "Not placed"));
          if (g_strcmp0 (newsmark_span_get_text (span), "Whitlock") == 0)
            {
              whitlock_id = g_strdup (newsmark_span_get_id (span));
              g_assert_nonnull (strstr (newsmark_review_bar_get_note (bar), "¶21, repeats ¶11"));
            }
          press (window, GDK_KEY_x);
        }
      else
        {
          press (window, GDK_KEY_a);
          if (newsmark_review_bar_get_choosing (bar))
            press (window, GDK_KEY_1);
        }
    }
  g_assert_cmpstr (newsmark_review_bar_dup_progress_text (bar), ==, "16 of 16 reviewed");
  g_assert_nonnull (whitlock_id);
  span = newsmark_annotation_set_find_span (set, whitlock_id);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 6);  /* rejected, still kept */

  /* Saved: the rejected ones stay under "unplaced" with their status. */
  {
    g_autofree char *path = g_build_filename (dir, "ferry-strike.newsmark.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(NewsmarkAnnotationSet) loaded = NULL;

    g_assert_true (newsmark_annotation_set_save (set, file, &error));
    g_assert_no_error (error);
    loaded = newsmark_annotation_set_load (file, 0, NULL, &error);
    g_assert_no_error (error);
    span = newsmark_annotation_set_find_span (loaded, okoro_id);
    g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_REJECTED);
    g_assert_nonnull (newsmark_span_get_unplaced_reason (span));
  }

  close_window (window);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (gui_test_log_is_fatal, NULL);

  app = gui_test_application_new ();
  g_settings_set_string (newsmark_application_get_settings (app), "annotator", ANNOTATOR);

  g_test_add_func ("/repeats/margin-marks", test_margin_marks);
  g_test_add_func ("/repeats/search-start-and-numbering", test_search_start_and_numbering);
  g_test_add_func ("/repeats/tag-all-paragraphs", test_tag_all_paragraphs);
  g_test_add_func ("/repeats/rows-and-picker-name-the-copy", test_rows_and_picker_name_the_copy);
  g_test_add_func ("/repeats/conflict-choices", test_conflict_choices);
  g_test_add_func ("/repeats/unplaced-reject-and-copies", test_unplaced_reject_and_copies);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
