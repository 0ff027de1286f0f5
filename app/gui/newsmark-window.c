/* newsmark-window.c — one workbench window: one article and its annotations
 *
 * The window owns the NewsmarkAnnotationSet of the open file and is the only
 * place that edits it in response to the user: the article view, span list
 * and inspector report what the user picked, and the window's actions (all
 * installed on the class, accelerators set on the application) do the
 * editing through the core so that every change is undoable.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <time.h>

#include "newsmark-window-private.h"
#include "newsmark-wrap-layout.h"

struct _NewsmarkWindow
{
  GtkApplicationWindow   parent_instance;

  /* Template widgets */
  GtkLabel              *title_label;
  GtkLabel              *subtitle_label;
  GMenu                 *recent_menu;
  GtkInfoBar            *problems_bar;
  GtkLabel              *problems_title;
  GtkLabel              *problems_label;
  GtkInfoBar            *disk_bar;
  GtkLabel              *disk_label;
  GtkInfoBar            *recovery_bar;
  GtkLabel              *recovery_label;
  GtkStack              *stack;
  GtkListBox            *recent_list;
  GtkWidget             *recent_heading;
  GtkPaned              *paned;
  GtkBox                *palette_box;
  NewsmarkSearchBar     *search_bar;
  NewsmarkReviewBar     *review_bar;
  NewsmarkArticleView   *view;
  GtkLabel              *status_label;
  GtkWidget             *side_paned;
  NewsmarkSpanListPanel *span_list;
  NewsmarkInspector     *inspector;

  GSettings             *settings;
  NewsmarkAnnotationSet *set;
  GFile                 *article_file;
  GFile                 *annotation_file;
  GPtrArray             *palette_buttons;
  NewsmarkTagMatchesDialog *tag_matches_dialog;
  NewsmarkAnnotatorDialog *annotator_dialog;
  int                    laid_out_width;
  guint                  annotator_idle;
  char                  *last_label;

  GFileMonitor          *monitor;
  char                  *known_etag;
  GFile                 *recovery_file;
  guint                  autosave_id;
  /* A recovery autosave in progress: the text is written a slice at a
   * time between frames, then the file on another thread. */
  NewsmarkJsonWriter    *autosave_writer;
  guint                  autosave_slice_id;
  guint                  autosave_restarts;
  GCancellable          *autosave_cancellable;   /* the write in flight */
  gint64                 autosave_started_us;
  gint64                 autosave_longest_slice_us;
  guint                  autosave_n_slices;
  gint64                 autosave_last_total_us;
  gulong                 recent_changed_id;

  guint                  changed_on_disk : 1;
  guint                  recovery_dirty : 1;
  guint                  recovery_offered : 1;
  guint                  force_close : 1;
  guint                  side_panel_visible : 1;
  guint                  show_rejected : 1;
  guint                  first_frame_reported : 1;
  guint                  loaded_frame_reported : 1;
  guint                  loaded_in_background : 1;

  /* Opening a large file: its first screen (preview) is shown, read-only,
   * while the whole file is read and checked on another thread. */
  NewsmarkAnnotationSet *preview;
  GFile                 *loading_file;
  GCancellable          *load_cancellable;
  gpointer               pending_job;   /* OpenJob waiting for the first frame */
  guint                  load_timeout_id;
  guint                  frames_at_load_end;
};

G_DEFINE_FINAL_TYPE (NewsmarkWindow, newsmark_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SIDE_PANEL_VISIBLE,
  PROP_SHOW_REJECTED,
  PROP_LOADING,
  N_PROPS
};

/* Annotation files smaller than this load in a small fraction of a
 * second: they are read at once, with no preview. */
#define BACKGROUND_LOAD_MIN_BYTES (4 * 1024 * 1024)
/* Code points of the article covered by the preview: more than a maximised
 * window on a large screen shows at its smallest reading font. */
#define PREVIEW_CHARS 32768
/* When no frame is painted (a window not on screen), the load starts
 * anyway after this long. */
#define LOAD_START_DELAY_MS 500

static GParamSpec *properties[N_PROPS];

/* Replies from other threads reach a window only if it is still open. */
static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void set_annotation_set (NewsmarkWindow *self, NewsmarkAnnotationSet *set);
static void cancel_loading     (NewsmarkWindow *self);
static void stop_autosave      (NewsmarkWindow *self);
static void end_loading        (NewsmarkWindow *self);
static void update_actions     (NewsmarkWindow *self);
static void update_status      (NewsmarkWindow *self);
static void ask_annotator      (NewsmarkWindow *self);

static void attach_to_application (NewsmarkWindow *self);

NewsmarkWindow *
newsmark_window_new (NewsmarkApplication *application)
{
  NewsmarkWindow *self = g_object_new (NEWSMARK_TYPE_WINDOW, "application", application, NULL);

  /* "application" is not a construct property: it is only set after
   * constructed(), so what needs the application happens here. */
  attach_to_application (self);

  return self;
}

static NewsmarkApplication *
get_app (NewsmarkWindow *self)
{
  return NEWSMARK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* ---- Small helpers ------------------------------------------------------------ */

static char *
display_name (GFile *file)
{
  if (file == NULL)
    return g_strdup ("Untitled");

  return g_file_get_basename (file);
}

static char *
query_etag (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  if (file == NULL)
    return NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return NULL;

  return g_strdup (g_file_info_get_etag (info));
}

static gboolean
is_annotation_file_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL && g_str_has_suffix (basename, ".json");
}

static void
show_status_message (NewsmarkWindow *self,
                     const char     *message)
{
  gtk_label_set_text (self->status_label, message);
}

/* ---- Banners ---------------------------------------------------------------------- */

static void
show_problems (NewsmarkWindow *self,
               GtkMessageType  type,
               const char     *title,
               GPtrArray      *problems,
               const GError   *error)
{
  g_autofree char *text = NULL;

  if (problems != NULL && problems->len > 0)
    text = newsmark_problems_to_string (problems);
  else if (error != NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup ("");

  g_strchomp (text);
  gtk_info_bar_set_message_type (self->problems_bar, type);
  gtk_label_set_text (self->problems_title, title);
  gtk_label_set_text (self->problems_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text[0] != '\0');
  gtk_info_bar_set_revealed (self->problems_bar, TRUE);
}

static void
hide_problems (NewsmarkWindow *self)
{
  gtk_info_bar_set_revealed (self->problems_bar, FALSE);
  gtk_label_set_text (self->problems_title, "");
  gtk_label_set_text (self->problems_label, "");
}

static void
on_problems_bar_response (NewsmarkWindow *self,
                          int             response)
{
  hide_problems (self);
}

char *
newsmark_window_dup_problems_text (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (self->problems_bar))
    return g_strdup ("");

  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->problems_title),
                          gtk_label_get_text (self->problems_label));
}

/* ---- Title, status, actions ------------------------------------------------------------- */

static void
update_title (NewsmarkWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  gboolean modified;

  if (self->set == NULL && self->loading_file != NULL)
    {
      name = display_name (self->loading_file);
      window_title = g_strdup_printf ("%s — Newsmark", name);
      gtk_label_set_text (self->title_label, name);
      gtk_label_set_text (self->subtitle_label, "Loading…");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
      gtk_window_set_title (GTK_WINDOW (self), window_title);
      return;
    }

  if (self->set == NULL)
    {
      gtk_label_set_text (self->title_label, "Newsmark");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
      gtk_window_set_title (GTK_WINDOW (self), "Newsmark");
      return;
    }

  name = display_name (self->article_file != NULL ? self->article_file : self->annotation_file);
  modified = newsmark_annotation_set_get_modified (self->set);
  /* The bullet is GNOME's unsaved-changes mark. */
  title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  window_title = g_strdup_printf ("%s — Newsmark", title);
  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  if (self->annotation_file != NULL)
    {
      g_autofree char *path = g_file_get_path (self->annotation_file);
      const char *home = g_get_home_dir ();
      g_autofree char *shown = NULL;

      if (path != NULL && home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
        shown = g_strdup_printf ("~%s", path + strlen (home));
      else
        shown = g_strdup (path != NULL ? path : "");

      gtk_label_set_text (self->subtitle_label, shown);
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
    }
}

static void
update_status (NewsmarkWindow *self)
{
  NewsmarkSpan *span;
  GString *text;
  guint n_spans, n_relations, start, end;

  if (self->set == NULL && self->loading_file != NULL)
    {
      g_autofree char *message = NULL;

      if (self->preview != NULL)
        {
          guint n = g_list_model_get_n_items (newsmark_annotation_set_get_spans (self->preview));

          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Loading the annotations… the first %u span is shown; "
                                                  "tagging starts once the whole file has been checked",
                                                  "Loading the annotations… the first %u spans are shown; "
                                                  "tagging starts once the whole file has been checked", n), n);
        }
      else
        message = g_strdup ("Loading the annotations…");
      show_status_message (self, message);
      return;
    }

  if (self->set == NULL)
    {
      show_status_message (self, "");
      return;
    }

  text = g_string_new (NULL);
  n_spans = g_list_model_get_n_items (newsmark_annotation_set_get_spans (self->set));
  n_relations = g_list_model_get_n_items (newsmark_annotation_set_get_relations (self->set));
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u span", "%u spans", n_spans), n_spans);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u relation", "%u relations", n_relations), n_relations);

  span = newsmark_article_view_get_selected_span (self->view);
  if (span != NULL)
    g_string_append_printf (text, " · selected %s %u–%u (%s)", newsmark_span_get_label (span),
                            newsmark_span_get_start (span), newsmark_span_get_end (span),
                            newsmark_span_get_id (span));
  else if (newsmark_article_view_get_selection (self->view, &start, &end))
    g_string_append_printf (text, " · text %u–%u selected: press a label key to tag it", start, end);
  else
    g_string_append (text, " · select text and press a label key to tag it; Tab moves between spans");

  show_status_message (self, text->str);
  g_string_free (text, TRUE);
}

static void
update_actions (NewsmarkWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_set = self->set != NULL;
  gboolean has_span = has_set && newsmark_article_view_get_selected_span (self->view) != NULL;

  gtk_widget_action_set_enabled (widget, "win.no-recent-files", FALSE);
  gtk_widget_action_set_enabled (widget, "win.save", has_set);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_set);
  gtk_widget_action_set_enabled (widget, "win.find", has_set);
  gtk_widget_action_set_enabled (widget, "win.find-next", has_set);
  gtk_widget_action_set_enabled (widget, "win.find-previous", has_set);
  gtk_widget_action_set_enabled (widget, "win.tag-matches", has_set);
  gtk_widget_action_set_enabled (widget, "win.tag-key", has_set);
  gtk_widget_action_set_enabled (widget, "win.tag-label", has_set);
  gtk_widget_action_set_enabled (widget, "win.next-span", has_set);
  gtk_widget_action_set_enabled (widget, "win.previous-span", has_set);
  gtk_widget_action_set_enabled (widget, "win.focus-span-list", has_set);
  gtk_widget_action_set_enabled (widget, "win.focus-inspector", has_set);
  gtk_widget_action_set_enabled (widget, "win.focus-article", has_set);
  gtk_widget_action_set_enabled (widget, "win.add-fragment", has_span);
  gtk_widget_action_set_enabled (widget, "win.delete-span", has_span);
  gtk_widget_action_set_enabled (widget, "win.accept-span", has_span);
  gtk_widget_action_set_enabled (widget, "win.reject-span", has_span);
  gtk_widget_action_set_enabled (widget, "win.link-relation", has_span);
  gtk_widget_action_set_enabled (widget, "win.undo", has_set && newsmark_annotation_set_can_undo (self->set));
  gtk_widget_action_set_enabled (widget, "win.redo", has_set && newsmark_annotation_set_can_redo (self->set));
}

/* ---- Selection of a span -------------------------------------------------------------------- */

/* A search match selected is what the next label key tags: the span
 * selected before is no longer what the status bar and the inspector
 * are about. */
static void
on_match_selected (NewsmarkWindow *self)
{
  if (newsmark_article_view_get_selected_span (self->view) != NULL)
    newsmark_window_set_selected_span (self, NULL);
  else
    update_status (self);
}

/* The status bar says what a label key would tag. */
static void
on_mark_set (NewsmarkWindow *self,
             GtkTextIter    *location,
             GtkTextMark    *mark)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (mark);

  if (self->set != NULL &&
      (mark == gtk_text_buffer_get_insert (buffer) || mark == gtk_text_buffer_get_selection_bound (buffer)))
    update_status (self);
}

void
newsmark_window_set_selected_span (NewsmarkWindow *self,
                                   NewsmarkSpan   *span)
{
  g_return_if_fail (NEWSMARK_IS_WINDOW (self));

  newsmark_article_view_set_selected_span (self->view, span);
  newsmark_span_list_panel_select_span (self->span_list, span);
  newsmark_inspector_set_span (self->inspector, span);
  update_actions (self);
  update_status (self);
}

NewsmarkSpan *
newsmark_window_get_selected_span (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  return newsmark_article_view_get_selected_span (self->view);
}

static void
select_and_show_span (NewsmarkWindow *self,
                      NewsmarkSpan   *span)
{
  newsmark_window_set_selected_span (self, span);
  if (span != NULL)
    {
      newsmark_article_view_place_cursor (self->view, newsmark_span_get_start (span));
      newsmark_article_view_scroll_to_offset (self->view, newsmark_span_get_start (span));
    }
}

static void
on_view_span_clicked (NewsmarkWindow *self,
                      NewsmarkSpan   *span)
{
  /* A preview's spans are not the file's yet: nothing to inspect. */
  if (self->set == NULL)
    return;
  newsmark_window_set_selected_span (self, span);
}

static void
on_span_list_activated (NewsmarkWindow *self,
                        NewsmarkSpan   *span)
{
  newsmark_article_view_set_selected_span (self->view, span);
  newsmark_inspector_set_span (self->inspector, span);
  if (span != NULL)
    {
      newsmark_article_view_place_cursor (self->view, newsmark_span_get_start (span));
      newsmark_article_view_scroll_to_offset (self->view, newsmark_span_get_start (span));
    }
  update_actions (self);
  update_status (self);
}

/* ---- The annotation set ------------------------------------------------------------------------ */

static void
on_set_changed (NewsmarkWindow *self)
{
  NewsmarkSpan *selected = newsmark_article_view_get_selected_span (self->view);

  /* Undo and redo may replace or remove the selected span's object. */
  if (selected != NULL)
    {
      NewsmarkSpan *current = newsmark_annotation_set_find_span (self->set, newsmark_span_get_id (selected));

      if (current != selected)
        newsmark_window_set_selected_span (self, current);
    }

  self->recovery_dirty = TRUE;
  if (self->autosave_writer != NULL)
    {
      stop_autosave (self);
      self->autosave_restarts++;
    }
  update_actions (self);
  update_status (self);
}

static void
on_set_modified (NewsmarkWindow *self)
{
  update_title (self);
}

static void
rebuild_palette (NewsmarkWindow *self)
{
  NewsmarkAnnotationSet *shown;
  GListModel *labels;

  for (guint i = 0; i < self->palette_buttons->len; i++)
    gtk_box_remove (self->palette_box, g_ptr_array_index (self->palette_buttons, i));
  g_ptr_array_set_size (self->palette_buttons, 0);

  /* While a file loads, its preview's labels: the same as the file's. */
  shown = self->set != NULL ? self->set : self->preview;
  if (shown == NULL)
    return;

  labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (shown));
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *colour_class = newsmark_application_colour_class (get_app (self),
                                                                         newsmark_label_get_colour (label));
      const char *key = newsmark_label_get_key (label);
      g_autofree char *tooltip = NULL;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *name = gtk_label_new (newsmark_label_get_name (label));

      gtk_widget_add_css_class (swatch, "nm-swatch");
      gtk_widget_add_css_class (swatch, colour_class);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), name);
      if (key != NULL)
        {
          GtkWidget *key_label = gtk_label_new (key);

          gtk_widget_add_css_class (key_label, "nm-key");
          gtk_box_append (GTK_BOX (box), key_label);
        }
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      /* Clicking must not take the focus (and the selection) from the article. */
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.tag-label");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (newsmark_label_get_name (label)));
      tooltip = key != NULL
        ? g_strdup_printf ("Tag the selection as %s (%s)%s%s", newsmark_label_get_name (label), key,
                           newsmark_label_get_description (label) ? "\n" : "",
                           newsmark_label_get_description (label) ? newsmark_label_get_description (label) : "")
        : g_strdup_printf ("Tag the selection as %s", newsmark_label_get_name (label));
      gtk_widget_set_tooltip_text (button, tooltip);

      gtk_box_append (self->palette_box, button);
      g_ptr_array_add (self->palette_buttons, button);
    }
}

/* ---- Disk monitoring ------------------------------------------------------------------------------ */

static void
show_disk_bar (NewsmarkWindow *self,
               const char     *reason)
{
  g_autofree char *name = display_name (self->annotation_file);
  g_autofree char *text = NULL;
  gboolean exists = self->annotation_file != NULL && g_file_query_exists (self->annotation_file, NULL);

  text = g_strdup_printf ("%s“%s” was %s by another program. Reload it to see that version "
                          "(your unsaved changes are dropped), or overwrite it with yours.",
                          reason != NULL ? reason : "", name, exists ? "changed" : "deleted");
  gtk_label_set_text (self->disk_label, text);
  gtk_info_bar_set_revealed (self->disk_bar, TRUE);
}

static void
on_monitor_changed (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    NewsmarkWindow    *self)
{
  g_autofree char *etag = NULL;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_CHANGED:
      break;

    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      return;
    }

  /* Our own atomic saves also fire events: compare with the etag we
   * recorded after writing. */
  etag = query_etag (self->annotation_file);
  if (g_strcmp0 (etag, self->known_etag) == 0)
    return;

  self->changed_on_disk = TRUE;
  show_disk_bar (self, NULL);
}

static void
watch_annotation_file (NewsmarkWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->known_etag, g_free);
  self->changed_on_disk = FALSE;
  gtk_info_bar_set_revealed (self->disk_bar, FALSE);

  if (self->annotation_file == NULL)
    return;

  self->known_etag = query_etag (self->annotation_file);
  self->monitor = g_file_monitor_file (self->annotation_file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning ("Cannot watch %s: %s", g_file_peek_path (self->annotation_file), error->message);
      return;
    }
  g_file_monitor_set_rate_limit (self->monitor, 250);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self);
}

gboolean
newsmark_window_get_disk_changed (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  return self->changed_on_disk;
}

/* ---- Recovery files ----------------------------------------------------------------------------------- */

static GFile *
recovery_file_for (GFile *annotation_file)
{
  g_autofree char *uri = g_file_get_uri (annotation_file);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  g_autofree char *name = g_strdup_printf ("%s.newsmark.json", hash);
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "newsmark", "recovery", name, NULL);

  return g_file_new_for_path (path);
}

GFile *
newsmark_window_get_recovery_file (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  return self->recovery_file;
}

static gboolean autosave_wanted (NewsmarkWindow *self);

static void
delete_recovery_file (NewsmarkWindow *self)
{
  /* Including one being written: it would be out of date. */
  stop_autosave (self);
  if (self->autosave_cancellable != NULL)
    g_cancellable_cancel (self->autosave_cancellable);
  g_clear_object (&self->autosave_cancellable);
  if (self->recovery_file != NULL)
    g_file_delete (self->recovery_file, NULL, NULL);
  self->recovery_offered = FALSE;
  gtk_info_bar_set_revealed (self->recovery_bar, FALSE);
}

gboolean
newsmark_window_autosave_now (NewsmarkWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  if (!autosave_wanted (self))
    return FALSE;
  stop_autosave (self);

  parent = g_file_get_parent (self->recovery_file);
  g_mkdir_with_parents (g_file_peek_path (parent), 0700);

  data = newsmark_annotation_set_to_json (self->set, &length);
  if (!newsmark_write_file_atomic (self->recovery_file, data, length, FALSE, &error))
    {
      g_autofree char *message = g_strdup_printf ("Autosave failed: %s", error->message);

      show_status_message (self, message);
      return FALSE;
    }

  self->recovery_dirty = FALSE;
  return TRUE;
}

/* A change while the text is being written makes it out of date. Under
 * edits so frequent that it never gets written, the next autosave writes
 * at once, freezing the window once rather than losing more than a few
 * seconds of work in a crash. */
#define AUTOSAVE_MAX_RESTARTS 3
/* Main-thread time per slice: well within a frame. */
#define AUTOSAVE_SLICE_US 4000
#define AUTOSAVE_ITEMS_PER_CHECK 200

static void
stop_autosave (NewsmarkWindow *self)
{
  g_clear_handle_id (&self->autosave_slice_id, g_source_remove);
  g_clear_pointer (&self->autosave_writer, newsmark_json_writer_free);
}

typedef struct {
  GFile *file;
  char  *data;
  gsize  length;
} RecoveryWrite;

static void
recovery_write_free (gpointer data)
{
  RecoveryWrite *write = data;

  g_object_unref (write->file);
  g_free (write->data);
  g_free (write);
}

static void
write_recovery_in_thread (GTask        *task,
                          gpointer      source,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  RecoveryWrite *write = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (write->file);
  GError *error = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_mkdir_with_parents (g_file_peek_path (parent), 0700);
  if (!newsmark_write_file_atomic (write->file, write->data, write->length, FALSE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Saved or discarded while this was being written: the file must not
   * outlive that (the window deleted it before or deletes it now). */
  if (g_cancellable_is_cancelled (cancellable))
    g_file_delete (write->file, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
on_recovery_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GWeakRef) window_ref = user_data;
  g_autoptr(NewsmarkWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL || g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_object (&self->autosave_cancellable);
  self->autosave_last_total_us = g_get_monotonic_time () - self->autosave_started_us;
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("Autosave failed: %s", error->message);

      self->recovery_dirty = TRUE;
      show_status_message (self, message);
    }
}

static gboolean
autosave_slice (gpointer data)
{
  NewsmarkWindow *self = data;
  gint64 start = g_get_monotonic_time ();
  gint64 spent;
  gboolean done;
  g_autoptr(GTask) task = NULL;
  RecoveryWrite *write;
  GWeakRef *window_ref;

  do
    done = newsmark_json_writer_step (self->autosave_writer, AUTOSAVE_ITEMS_PER_CHECK);
  while (!done && g_get_monotonic_time () - start < AUTOSAVE_SLICE_US);
  spent = g_get_monotonic_time () - start;
  self->autosave_longest_slice_us = MAX (self->autosave_longest_slice_us, spent);
  self->autosave_n_slices++;
  if (!done)
    return G_SOURCE_CONTINUE;

  /* A consistent copy of the set as it is now: what comes later is the
   * next autosave's. */
  self->autosave_slice_id = 0;
  self->recovery_dirty = FALSE;
  self->autosave_restarts = 0;

  write = g_new0 (RecoveryWrite, 1);
  write->file = g_object_ref (self->recovery_file);
  write->data = newsmark_json_writer_finish (g_steal_pointer (&self->autosave_writer), &write->length);
  window_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window_ref, self);
  self->autosave_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->autosave_cancellable, on_recovery_written, window_ref);
  g_task_set_source_tag (task, autosave_slice);
  g_task_set_task_data (task, write, recovery_write_free);
  g_task_run_in_thread (task, write_recovery_in_thread);

  return G_SOURCE_REMOVE;
}

static gboolean
autosave_wanted (NewsmarkWindow *self)
{
  /* While a recovery is being offered, its file must not be replaced. */
  return self->set != NULL && self->recovery_file != NULL && !self->recovery_offered &&
         newsmark_annotation_set_get_modified (self->set) && self->recovery_dirty;
}

gboolean
newsmark_window_autosave_in_background (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  /* One at a time: two writes of the same file could land in either
   * order. */
  if (!autosave_wanted (self) || self->autosave_writer != NULL || self->autosave_cancellable != NULL)
    return FALSE;

  if (self->autosave_restarts >= AUTOSAVE_MAX_RESTARTS)
    {
      self->autosave_restarts = 0;
      return newsmark_window_autosave_now (self);
    }

  self->autosave_started_us = g_get_monotonic_time ();
  self->autosave_longest_slice_us = 0;
  self->autosave_n_slices = 0;
  self->autosave_last_total_us = 0;
  self->autosave_writer = newsmark_json_writer_new (self->set);
  /* Below redrawing: frames come first. */
  self->autosave_slice_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, autosave_slice, self, NULL);
  return TRUE;
}

gboolean
newsmark_window_get_autosaving (NewsmarkWindow *self,
                                guint          *n_slices,
                                gint64         *longest_slice_us,
                                gint64         *total_us)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  if (n_slices != NULL)
    *n_slices = self->autosave_n_slices;
  if (longest_slice_us != NULL)
    *longest_slice_us = self->autosave_longest_slice_us;
  if (total_us != NULL)
    *total_us = self->autosave_last_total_us;
  return self->autosave_writer != NULL || self->autosave_cancellable != NULL;
}

static gboolean
autosave_timeout (gpointer data)
{
  newsmark_window_autosave_in_background (data);
  return G_SOURCE_CONTINUE;
}

static void
restart_autosave (NewsmarkWindow *self)
{
  guint interval = g_settings_get_uint (self->settings, "autosave-interval");

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add_seconds (MAX (interval, 1), autosave_timeout, self);
}

static void
offer_recovery (NewsmarkWindow *self)
{
  g_autofree char *contents = NULL;
  g_autofree char *current = NULL;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize length = 0;

  self->recovery_offered = FALSE;
  gtk_info_bar_set_revealed (self->recovery_bar, FALSE);

  if (self->recovery_file == NULL ||
      !g_file_load_contents (self->recovery_file, NULL, &contents, &length, NULL, NULL))
    return;

  current = newsmark_annotation_set_to_json (self->set, NULL);
  if (g_strcmp0 (current, contents) == 0)
    {
      /* Nothing was lost: the file on disk already has these changes. */
      g_file_delete (self->recovery_file, NULL, NULL);
      return;
    }

  info = g_file_query_info (self->recovery_file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    {
      g_autoptr(GDateTime) mtime = g_file_info_get_modification_date_time (info);
      g_autoptr(GDateTime) local = mtime != NULL ? g_date_time_to_local (mtime) : NULL;

      if (local != NULL)
        when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
    }

  name = display_name (self->annotation_file);
  text = g_strdup_printf ("Unsaved changes to “%s” from an earlier session were recovered%s%s%s. "
                          "Restore them?", name,
                          when != NULL ? " (autosaved " : "", when != NULL ? when : "",
                          when != NULL ? ")" : "");
  gtk_label_set_text (self->recovery_label, text);
  gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
  self->recovery_offered = TRUE;
}

gboolean
newsmark_window_get_recovery_offered (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  return self->recovery_offered;
}

void
newsmark_window_restore_recovery (NewsmarkWindow *self)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkAnnotationSet) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *document_path = NULL;
  g_autoptr(GFile) folder = NULL;
  gsize length = 0;

  g_return_if_fail (NEWSMARK_IS_WINDOW (self));

  if (self->set == NULL || self->recovery_file == NULL)
    return;

  if (!g_file_load_contents (self->recovery_file, NULL, &contents, &length, NULL, &error))
    {
      show_problems (self, GTK_MESSAGE_ERROR, "Could not read the recovered changes", NULL, error);
      return;
    }

  /* Checked as the file it stands for: a corpus's layer names its article
   * in a sibling folder. */
  folder = g_file_get_parent (self->annotation_file);
  restored = newsmark_annotation_set_load_data_in (contents, length, g_file_peek_path (self->recovery_file),
                                                   folder, newsmark_annotation_set_get_document_root (self->set),
                                                   problems, &error);
  if (restored == NULL)
    {
      /* The recovery file stays where it is: nothing is thrown away. */
      show_problems (self, GTK_MESSAGE_ERROR, "Could not restore the recovered changes", problems, error);
      return;
    }

  document_path = g_strdup (newsmark_annotation_set_get_document_path (self->set));
  newsmark_annotation_set_set_file (restored, self->annotation_file);
  newsmark_annotation_set_set_document_path (restored, document_path);
  annotator = newsmark_application_dup_annotator (get_app (self));
  newsmark_annotation_set_set_annotator (restored, annotator);
  newsmark_annotation_set_set_modified (restored, TRUE);

  self->recovery_offered = FALSE;
  gtk_info_bar_set_revealed (self->recovery_bar, FALSE);
  set_annotation_set (self, restored);
  self->recovery_dirty = TRUE;
  update_title (self);
}

void
newsmark_window_discard_recovery (NewsmarkWindow *self)
{
  g_return_if_fail (NEWSMARK_IS_WINDOW (self));

  delete_recovery_file (self);
}

static void
on_recovery_restore_clicked (NewsmarkWindow *self)
{
  newsmark_window_restore_recovery (self);
}

static void
on_recovery_discard_clicked (NewsmarkWindow *self)
{
  newsmark_window_discard_recovery (self);
}

/* ---- Who is annotating ----------------------------------------------------------------------------------- */

/* Every edit is logged under the annotator's name: until one is confirmed
 * the question stays over the article, modal, so nothing can be tagged
 * (and logged) under a name nobody chose. */
static gboolean
present_annotator_dialog (gpointer data)
{
  NewsmarkWindow *self = data;

  self->annotator_idle = 0;
  if (self->annotator_dialog != NULL)
    gtk_window_present (GTK_WINDOW (self->annotator_dialog));
  return G_SOURCE_REMOVE;
}

static void
ask_annotator (NewsmarkWindow *self)
{
  if (self->annotator_dialog != NULL)
    return;

  self->annotator_dialog = newsmark_annotator_dialog_new (GTK_WINDOW (self), get_app (self));
  g_object_add_weak_pointer (G_OBJECT (self->annotator_dialog), (gpointer *) &self->annotator_dialog);
  /* Over the window, so once the window is on screen and presented (an
   * article opened from the command line is read before its window is
   * shown, and presenting the window raises it). */
  g_clear_handle_id (&self->annotator_idle, g_source_remove);
  self->annotator_idle = g_idle_add (present_annotator_dialog, self);
}

/* A name confirmed here or in another window, or changed in Preferences,
 * counts from the next edit on. */
static void
on_annotator_changed (NewsmarkWindow *self)
{
  g_autofree char *annotator = NULL;

  if (self->set == NULL || !newsmark_application_get_annotator_confirmed (get_app (self)))
    return;

  annotator = newsmark_application_dup_annotator (get_app (self));
  newsmark_annotation_set_set_annotator (self->set, annotator);
}

/* ---- Opening -------------------------------------------------------------------------------------------- */

static void
set_annotation_set (NewsmarkWindow        *self,
                    NewsmarkAnnotationSet *set)
{
  g_autofree char *annotator = NULL;

  if (self->set != NULL)
    g_signal_handlers_disconnect_by_data (self->set, self);

  newsmark_window_set_selected_span (self, NULL);
  g_set_object (&self->set, set);

  if (set != NULL)
    {
      annotator = newsmark_application_dup_annotator (get_app (self));
      newsmark_annotation_set_set_annotator (set, annotator);
      g_signal_connect_swapped (set, "changed", G_CALLBACK (on_set_changed), self);
      g_signal_connect_swapped (set, "notify::modified", G_CALLBACK (on_set_modified), self);
    }

  newsmark_article_view_set_annotation_set (self->view, set);
  newsmark_span_list_panel_set_annotation_set (self->span_list, set);
  newsmark_inspector_set_annotation_set (self->inspector, set);
  newsmark_review_bar_set_annotation_set (self->review_bar, set);
  rebuild_palette (self);

  gtk_stack_set_visible_child_name (self->stack, set != NULL ? "article" : "empty");
  update_title (self);
  update_actions (self);
  update_status (self);

  if (set != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
  if (set != NULL && !newsmark_application_get_annotator_confirmed (get_app (self)))
    ask_annotator (self);
}

/* What opening a file finds: reading and checking it touches no widget, so
 * that a large file can be read on another thread. */
typedef struct {
  GFile                 *file;         /* what was asked for */
  GFile                 *article;
  GFile                 *annotation;
  NewsmarkAnnotationSet *set;          /* NULL when the file cannot be opened */
  GPtrArray             *problems;
  GError                *error;
  char                  *name;         /* of the file the problems are about */
  GBytes                *contents;     /* of the annotation file, when already read */
} OpenJob;

static OpenJob *
open_job_new (GFile *file)
{
  OpenJob *job = g_new0 (OpenJob, 1);

  job->file = g_object_ref (file);
  job->problems = newsmark_problems_new ();
  job->name = display_name (file);
  return job;
}

static void
open_job_free (gpointer data)
{
  OpenJob *job = data;

  g_clear_object (&job->file);
  g_clear_object (&job->article);
  g_clear_object (&job->annotation);
  g_clear_object (&job->set);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job->name);
  g_clear_pointer (&job->contents, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenJob, open_job_free)

static NewsmarkAnnotationSet *
open_job_load (OpenJob *job)
{
  gsize len = 0;
  const char *data = job->contents != NULL ? g_bytes_get_data (job->contents, &len) : NULL;

  if (data != NULL)
    return newsmark_annotation_set_load_contents (job->annotation, data, len, NEWSMARK_LOAD_FOLLOW_ARTICLE,
                                                  job->problems, &job->error);
  return newsmark_annotation_set_load (job->annotation, NEWSMARK_LOAD_FOLLOW_ARTICLE, job->problems,
                                       &job->error);
}

static void
open_job_run (OpenJob *job)
{
  if (is_annotation_file_name (job->file))
    {
      job->annotation = g_object_ref (job->file);
      job->set = open_job_load (job);
      /* NULL when the file names no article or the loader refused to
       * follow it (its warning says why). */
      if (job->set != NULL)
        job->article = newsmark_annotation_set_resolve_article (job->set, NULL);
    }
  else
    {
      g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_file (job->file, NULL, &job->error);

      job->article = g_object_ref (job->file);
      if (document != NULL)
        {
          job->annotation = newsmark_annotation_file_for_article (job->file);
          if (g_file_query_exists (job->annotation, NULL))
            {
              g_free (job->name);
              job->name = display_name (job->annotation);
              job->set = open_job_load (job);
            }
          else
            {
              g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();

              newsmark_document_set_file (document, job->file);
              job->set = newsmark_annotation_set_new (document, schema);
              newsmark_annotation_set_name_article (job->set, job->annotation, job->file);
              newsmark_annotation_set_set_modified (job->set, FALSE);
            }
        }
    }

  if (job->set != NULL)
    newsmark_annotation_set_set_file (job->set, job->annotation);
}

static gboolean
finish_open (NewsmarkWindow  *self,
             OpenJob         *job,
             GError         **error)
{
  if (job->set == NULL)
    {
      g_autofree char *title = g_strdup_printf ("Could not open “%s”. Nothing was changed on disk.", job->name);

      show_problems (self, GTK_MESSAGE_ERROR, title, job->problems, job->error);
      if (job->error != NULL)
        g_propagate_error (error, g_steal_pointer (&job->error));
      else
        g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, "Could not open %s", job->name);
      return FALSE;
    }

  if (job->problems->len > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened “%s” with %u warning",
                                                             "Opened “%s” with %u warnings", job->problems->len),
                                                job->name, job->problems->len);

      show_problems (self, GTK_MESSAGE_WARNING, title, job->problems, NULL);
    }
  else
    {
      hide_problems (self);
    }

  g_set_object (&self->article_file, job->article);
  g_set_object (&self->annotation_file, job->annotation);
  g_clear_object (&self->recovery_file);
  self->recovery_file = recovery_file_for (job->annotation);

  set_annotation_set (self, job->set);
  watch_annotation_file (self);
  self->recovery_dirty = FALSE;
  offer_recovery (self);

  newsmark_application_add_recent (get_app (self), job->file);

  return TRUE;
}

gboolean
newsmark_window_open (NewsmarkWindow  *self,
                      GFile           *file,
                      GError         **error)
{
  g_autoptr(OpenJob) job = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  cancel_loading (self);
  job = open_job_new (file);
  open_job_run (job);
  ok = finish_open (self, job, error);
  end_loading (self);
  return ok;
}

/* ---- Opening in the background ------------------------------------------------------------------- */

static void
cancel_loading (NewsmarkWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->pending_job, open_job_free);
  g_clear_handle_id (&self->load_timeout_id, g_source_remove);
}

/* After a load, whether it worked or not: what the window shows is its own
 * set again (nothing, when the file could not be opened). */
static void
end_loading (NewsmarkWindow *self)
{
  if (self->loading_file == NULL)
    return;

  g_clear_object (&self->loading_file);
  newsmark_span_list_panel_set_loading (self->span_list, FALSE);
  if (self->preview != NULL && newsmark_article_view_get_annotation_set (self->view) == self->preview)
    {
      g_clear_object (&self->preview);
      set_annotation_set (self, self->set);
    }
  g_clear_object (&self->preview);

  update_title (self);
  update_actions (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GWeakRef) window_ref = user_data;
  g_autoptr(NewsmarkWindow) self = g_weak_ref_get (window_ref);
  OpenJob *job = g_task_get_task_data (G_TASK (result));

  /* Cancelled: the window was closed or another file opened since. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self == NULL)
    return;

  g_clear_object (&self->load_cancellable);
  self->loaded_in_background = TRUE;
  finish_open (self, job, NULL);
  end_loading (self);
  self->frames_at_load_end = newsmark_article_view_get_n_frames (self->view);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  open_job_run (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
start_loading (NewsmarkWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *window_ref;

  if (self->pending_job == NULL)
    return;

  g_clear_handle_id (&self->load_timeout_id, g_source_remove);
  /* No reference to the window: closing it must not wait for the file. */
  window_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window_ref, self);
  task = g_task_new (NULL, self->load_cancellable, on_loaded, window_ref);
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, g_steal_pointer (&self->pending_job), open_job_free);
  g_task_run_in_thread (task, load_in_thread);
}

static gboolean
load_timeout (gpointer data)
{
  NewsmarkWindow *self = data;

  self->load_timeout_id = 0;
  start_loading (self);
  return G_SOURCE_REMOVE;
}

/* The load waits for the first frame with the preview: on two cores, the
 * loader's threads would otherwise hold that frame up. */
static void
on_frame_painted (NewsmarkWindow *self)
{
  if (self->pending_job != NULL && newsmark_article_view_get_n_frames (self->view) > 0)
    start_loading (self);
}

static void
on_realize (NewsmarkWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_frame_painted), self, G_CONNECT_SWAPPED);
}

/* The annotation file @file is or has, when it is big enough to be read
 * in the background; NULL otherwise. */
static GFile *
large_annotation_file (GFile *file)
{
  g_autoptr(GFile) annotation = NULL;
  g_autoptr(GFileInfo) info = NULL;

  annotation = is_annotation_file_name (file) ? g_object_ref (file) : newsmark_annotation_file_for_article (file);
  info = g_file_query_info (annotation, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) < BACKGROUND_LOAD_MIN_BYTES)
    return NULL;
  return g_steal_pointer (&annotation);
}

gboolean
newsmark_window_open_in_background (NewsmarkWindow *self,
                                    GFile          *file)
{
  g_autoptr(GFile) annotation = NULL;
  g_autoptr(NewsmarkAnnotationSet) preview = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  cancel_loading (self);
  end_loading (self);

  /* Only an empty window waits for a file: one showing another stays
   * usable until the new file has been read. */
  if (self->set == NULL)
    annotation = large_annotation_file (file);
  if (annotation == NULL)
    return newsmark_window_open (self, file, NULL);
  path = g_file_get_path (annotation);

  /* Read once: for the preview now and for the whole load later. (A file
   * with no local path is read by the load, with no preview.) */
  if (path != NULL && g_file_get_contents (path, &contents, &length, NULL))
    {
      preview = newsmark_annotation_set_load_preview (contents, length, PREVIEW_CHARS);
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
    }

  self->loading_file = g_object_ref (file);
  self->load_cancellable = g_cancellable_new ();
  self->preview = g_steal_pointer (&preview);
  self->pending_job = open_job_new (file);
  ((OpenJob *) self->pending_job)->contents = g_steal_pointer (&bytes);

  hide_problems (self);
  newsmark_span_list_panel_set_annotation_set (self->span_list, NULL);
  newsmark_span_list_panel_set_loading (self->span_list, TRUE);
  newsmark_article_view_set_annotation_set (self->view, self->preview);
  rebuild_palette (self);
  gtk_stack_set_visible_child_name (self->stack, "article");
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  update_title (self);
  update_actions (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* A window that is not on screen paints no frame. */
  self->load_timeout_id = g_timeout_add (LOAD_START_DELAY_MS, load_timeout, self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
  return TRUE;
}

gboolean
newsmark_window_get_loading (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  return self->loading_file != NULL;
}

gboolean
newsmark_window_is_empty (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), TRUE);

  return self->set == NULL && self->loading_file == NULL;
}

gboolean
newsmark_window_shows_file (NewsmarkWindow *self,
                            GFile          *file)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  return (self->article_file != NULL && g_file_equal (self->article_file, file)) ||
         (self->annotation_file != NULL && g_file_equal (self->annotation_file, file)) ||
         (self->loading_file != NULL && g_file_equal (self->loading_file, file));
}

NewsmarkAnnotationSet *
newsmark_window_get_annotation_set (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  return self->set;
}

GFile *
newsmark_window_get_annotation_file (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  return self->annotation_file;
}

GFile *
newsmark_window_get_article_file (NewsmarkWindow *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), NULL);

  return self->article_file;
}

static void
reload (NewsmarkWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->annotation_file == NULL)
    return;

  file = g_object_ref (self->annotation_file);
  if (g_file_query_exists (file, NULL))
    {
      newsmark_window_open (self, file, NULL);
    }
  else if (self->article_file != NULL)
    {
      g_autoptr(GFile) article = g_object_ref (self->article_file);

      newsmark_window_open (self, article, NULL);
    }
}

static void
on_disk_reload_clicked (NewsmarkWindow *self)
{
  reload (self);
}

static void
on_disk_overwrite_clicked (NewsmarkWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!newsmark_window_save (self, TRUE, &error))
    show_problems (self, GTK_MESSAGE_ERROR, "Could not save", NULL, error);
}

static void
on_disk_ignore_clicked (NewsmarkWindow *self)
{
  /* Still flagged: the next save asks again instead of overwriting. */
  gtk_info_bar_set_revealed (self->disk_bar, FALSE);
}

/* ---- Saving ----------------------------------------------------------------------------------------------------- */

gboolean
newsmark_window_save (NewsmarkWindow  *self,
                      gboolean         overwrite,
                      GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (NEWSMARK_IS_WINDOW (self), FALSE);

  if (self->set == NULL || self->annotation_file == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "Nothing to save");
      return FALSE;
    }

  if (self->changed_on_disk && !overwrite)
    {
      show_disk_bar (self, "Not saved: ");
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "%s changed on disk since it was opened", g_file_peek_path (self->annotation_file));
      return FALSE;
    }

  if (!newsmark_annotation_set_save (self->set, self->annotation_file, error))
    return FALSE;

  g_free (self->known_etag);
  self->known_etag = query_etag (self->annotation_file);
  self->changed_on_disk = FALSE;
  gtk_info_bar_set_revealed (self->disk_bar, FALSE);
  delete_recovery_file (self);
  self->recovery_dirty = FALSE;
  newsmark_application_add_recent (get_app (self), self->annotation_file);
  update_title (self);

  name = display_name (self->annotation_file);
  message = g_strdup_printf ("Saved %s", name);
  show_status_message (self, message);

  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!newsmark_window_save (self, FALSE, &error) &&
      !g_error_matches (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT))
    show_problems (self, GTK_MESSAGE_ERROR, "Could not save. The previous file is intact.", NULL, error);
}

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     NewsmarkWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->set != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      gboolean names_article = TRUE;

      if (file != NULL)
        {
          g_set_object (&self->annotation_file, file);
          if (self->article_file != NULL)
            names_article = newsmark_annotation_set_name_article (self->set, file, self->article_file);
          else
            newsmark_annotation_set_set_file (self->set, file);
          g_clear_object (&self->recovery_file);
          self->recovery_file = recovery_file_for (file);
          self->changed_on_disk = FALSE;
          if (!newsmark_window_save (self, TRUE, &error))
            show_problems (self, GTK_MESSAGE_ERROR, "Could not save", NULL, error);
          else if (!names_article)
            {
              g_autofree char *name = display_name (file);
              g_autofree char *message = g_strdup_printf ("Saved %s; the article is not in its folder, so the "
                                                          "file keeps the text but does not name the article",
                                                          name);

              show_status_message (self, message);
            }
          watch_annotation_file (self);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  native = gtk_file_chooser_native_new ("Save Annotations As", GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = display_name (self->annotation_file);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- Open and recent ------------------------------------------------------------------------------------------ */

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  NewsmarkWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          if (newsmark_window_is_empty (self))
            newsmark_window_open_in_background (self, file);
          else
            newsmark_application_open_file (get_app (self), file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new ("Open Article or Annotations", GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  gtk_file_filter_set_name (articles, "Articles and annotation files");
  gtk_file_filter_add_pattern (articles, "*.txt");
  gtk_file_filter_add_pattern (articles, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), articles);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  g_signal_connect (native, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Before a dropped or recent file reaches the open path: what is plainly no
 * article (a file that is gone, a folder, a picture) is said here, in the
 * window it was dropped on or picked from, instead of as a new window with
 * an encoding error in it. */
static gboolean
check_openable (GFile   *file,
                GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = display_name (file);
  g_autofree char *where = g_file_get_parse_name (file);
  const char *type;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "“%s” is no longer at %s: it was moved or deleted.", name, where);
      else
        g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot read it: %s", where,
                     local_error->message);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "“%s” is a folder, not an article (.txt) or an annotation file (.newsmark.json).", where);
      return FALSE;
    }

  /* Any text is an article (a .txt, a .md, a name without extension);
   * the open path checks the encoding and, for .json, everything else. */
  type = g_file_info_get_content_type (info);
  if (!is_annotation_file_name (file) && type != NULL &&
      !g_content_type_is_a (type, "text/plain") && !g_content_type_equals (type, "application/x-zerosize"))
    {
      g_autofree char *description = g_content_type_get_description (type);
      g_autofree char *mime = g_content_type_get_mime_type (type);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "“%s” is not an article: it is a %s (%s). Newsmark opens plain-text articles (.txt) "
                   "and annotation files (.newsmark.json).", where, description,
                   mime != NULL ? mime : type);
      return FALSE;
    }

  return TRUE;
}

static void
open_recent (NewsmarkWindow *self,
             const char     *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GError) error = NULL;

  if (!check_openable (file, &error))
    {
      g_autofree char *name = display_name (file);
      g_autofree char *title = g_strdup_printf ("Could not open “%s”. Nothing was changed.", name);

      /* A recent file that is gone would fail the same way every time. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autofree char *message = g_strdup_printf ("%s It was taken off the recent files.", error->message);

          gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
          g_free (error->message);
          error->message = g_steal_pointer (&message);
        }
      show_problems (self, GTK_MESSAGE_ERROR, title, NULL, error);
      return;
    }

  if (newsmark_window_is_empty (self))
    newsmark_window_open_in_background (self, file);
  else
    newsmark_application_open_file (get_app (self), file);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  open_recent (NEWSMARK_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
on_recent_row_activated (NewsmarkWindow *self,
                         GtkListBoxRow  *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  if (uri != NULL)
    open_recent (self, uri);
}

static void
rebuild_recent (NewsmarkWindow *self)
{
  g_autoptr(GPtrArray) files = newsmark_application_list_recent (get_app (self), 8);
  GtkWidget *child;

  g_menu_remove_all (self->recent_menu);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (name);
      GtkWidget *subtitle = gtk_label_new (path);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_append_item (self->recent_menu, item);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
      gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), subtitle);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (uri), g_free);
      gtk_list_box_append (self->recent_list, row);
    }

  /* An empty submenu would open onto nothing: say so, greyed out (its
   * action is never enabled). */
  if (files->len == 0)
    g_menu_append (self->recent_menu, "No Recent Files", "win.no-recent-files");

  gtk_widget_set_visible (self->recent_heading, files->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), files->len > 0);
}

/* ---- Drag and drop ------------------------------------------------------------------------------------------------- */

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         NewsmarkWindow *self)
{
  GSList *files;
  GString *refused = NULL;
  g_autofree char *refused_name = NULL;
  guint n_refused = 0;
  gboolean opened = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autoptr(GError) error = NULL;

      if (!check_openable (file, &error))
        {
          if (refused == NULL)
            refused = g_string_new (NULL);
          else
            g_string_append_c (refused, '\n');
          g_string_append (refused, error->message);
          if (n_refused++ == 0)
            refused_name = display_name (file);
          continue;
        }

      if (newsmark_window_is_empty (self))
        opened |= newsmark_window_open_in_background (self, file);
      else
        {
          newsmark_application_open_file (get_app (self), file);
          opened = TRUE;
        }
    }
  g_slist_free (files);

  if (refused != NULL)
    {
      g_autofree char *title = n_refused == 1
        ? g_strdup_printf ("Could not open “%s”. Nothing was changed.", refused_name)
        : g_strdup_printf ("Could not open %u of the dropped files. Nothing was changed.", n_refused);
      g_autoptr(GError) error = g_error_new_literal (NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, refused->str);

      show_problems (self, GTK_MESSAGE_ERROR, title, NULL, error);
      g_string_free (refused, TRUE);
    }

  return opened;
}

/* ---- On/off options ----------------------------------------------------------------------------------------------------- */

static void
on_toggle_change_state (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  const char *property = g_object_get_data (G_OBJECT (action), "nm-property");

  /* The property's notify sets the action's state. */
  g_object_set (user_data, property, g_variant_get_boolean (state), NULL);
}

static void
on_toggle_property_notify (NewsmarkWindow *self,
                           GParamSpec     *pspec,
                           GSimpleAction  *action)
{
  gboolean value = FALSE;

  g_object_get (self, pspec->name, &value, NULL);
  g_simple_action_set_state (action, g_variant_new_boolean (value));
}

static void
add_property_toggle (NewsmarkWindow *self,
                     const char     *action_name,
                     const char     *property)
{
  g_autoptr(GSimpleAction) action = NULL;
  g_autofree char *signal = g_strdup_printf ("notify::%s", property);
  gboolean value = FALSE;

  g_object_get (self, property, &value, NULL);
  action = g_simple_action_new_stateful (action_name, NULL, g_variant_new_boolean (value));
  g_object_set_data (G_OBJECT (action), "nm-property", (gpointer) property);
  g_signal_connect (action, "change-state", G_CALLBACK (on_toggle_change_state), self);
  /* Held by the window's action map: no reference back to the window. */
  g_signal_connect_object (self, signal, G_CALLBACK (on_toggle_property_notify), action, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

/* GTK 4.8 menus draw a check mark from a stateful boolean GAction, but not
 * from the first state of a widget-class property action: on/off options
 * are stateful actions in the window's action map ("win."), so menu items,
 * the panel's toggle button and accelerators all show and flip the same
 * state. */
static void
add_toggle_actions (NewsmarkWindow *self)
{
  g_autoptr(GAction) snap = g_settings_create_action (self->settings, "snap-to-words");

  add_property_toggle (self, "toggle-side-panel", "side-panel-visible");
  add_property_toggle (self, "show-rejected", "show-rejected");
  g_action_map_add_action (G_ACTION_MAP (self), snap);
}

/* ---- Tagging --------------------------------------------------------------------------------------------------------- */

static gboolean
selection_range (NewsmarkWindow *self,
                 guint          *start,
                 guint          *end)
{
  if (!newsmark_article_view_get_selection (self->view, start, end))
    return FALSE;

  if (g_settings_get_boolean (self->settings, "snap-to-words"))
    return newsmark_snap_to_words (newsmark_annotation_set_get_document (self->set), start, end);

  return *start < *end;
}

static NewsmarkSpan *
find_same_span (NewsmarkWindow *self,
                const char     *label,
                guint           start,
                guint           end)
{
  g_autoptr(GPtrArray) spans = newsmark_annotation_set_spans_at (self->set, start);

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);

      if (newsmark_span_get_start (span) == start && newsmark_span_get_end (span) == end &&
          newsmark_span_get_n_fragments (span) == 0 &&
          g_strcmp0 (newsmark_span_get_label (span), label) == 0)
        return span;
    }

  return NULL;
}

static void
tag_with_label (NewsmarkWindow *self,
                const char     *label)
{
  NewsmarkSpan *selected = newsmark_article_view_get_selected_span (self->view);
  g_autoptr(GError) error = NULL;
  guint start, end;

  if (self->set == NULL)
    return;

  g_free (self->last_label);
  self->last_label = g_strdup (label);

  if (!selection_range (self, &start, &end))
    {
      guint s, e;

      /* Nothing usable selected: relabel the selected span instead. */
      if (selected != NULL && !newsmark_article_view_get_selection (self->view, &s, &e))
        {
          if (!newsmark_annotation_set_set_span_label (self->set, selected, label, &error))
            show_status_message (self, error->message);
          return;
        }

      gtk_widget_error_bell (GTK_WIDGET (self));
      show_status_message (self, "Select some text first, then press a label key");
      return;
    }

  if (selected != NULL && newsmark_span_get_start (selected) == start &&
      newsmark_span_get_end (selected) == end && newsmark_span_get_n_fragments (selected) == 0)
    {
      if (!newsmark_annotation_set_set_span_label (self->set, selected, label, &error))
        show_status_message (self, error->message);
      newsmark_article_view_place_cursor (self->view, end);
      return;
    }

  {
    NewsmarkSpan *span = find_same_span (self, label, start, end);

    if (span == NULL)
      span = newsmark_annotation_set_create_span (self->set, label, start, end, &error);

    if (span == NULL)
      {
        gtk_widget_error_bell (GTK_WIDGET (self));
        show_status_message (self, error->message);
        return;
      }

    newsmark_article_view_place_cursor (self->view, end);
    newsmark_window_set_selected_span (self, span);
  }
}

static void
tag_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  NewsmarkLabel *label;

  if (self->set == NULL)
    return;

  label = newsmark_schema_find_label_by_key (newsmark_annotation_set_get_schema (self->set),
                                             g_variant_get_string (param, NULL));
  if (label != NULL)
    tag_with_label (self, newsmark_label_get_name (label));
}

static void
tag_label_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  tag_with_label (NEWSMARK_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
add_fragment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  NewsmarkSpan *selected = newsmark_article_view_get_selected_span (self->view);
  g_autoptr(GError) error = NULL;
  guint start, end;

  if (self->set == NULL || selected == NULL)
    return;

  if (!selection_range (self, &start, &end))
    {
      gtk_widget_error_bell (widget);
      show_status_message (self, "Select the text to add to the selected span");
      return;
    }

  if (!newsmark_annotation_set_add_span_fragment (self->set, selected, start, end, &error))
    {
      gtk_widget_error_bell (widget);
      show_status_message (self, error->message);
      return;
    }

  newsmark_article_view_place_cursor (self->view, end);
  update_status (self);
}

static void
delete_span_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  NewsmarkSpan *selected = newsmark_article_view_get_selected_span (self->view);
  g_autoptr(NewsmarkSpan) span = NULL;

  if (self->set == NULL || selected == NULL)
    return;

  span = g_object_ref (selected);
  newsmark_window_set_selected_span (self, NULL);
  newsmark_annotation_set_remove_span (self->set, span);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  NewsmarkSpan *selected = newsmark_article_view_get_selected_span (self->view);

  if (self->set == NULL || selected == NULL)
    return;

  /* Accepting a suggestion on another label's text asks which wins. */
  if (g_str_equal (action_name, "win.accept-span") &&
      newsmark_review_bar_ask_conflict (self->review_bar, selected))
    return;

  newsmark_annotation_set_set_span_status (self->set, selected,
                                           g_str_equal (action_name, "win.accept-span")
                                           ? NEWSMARK_STATUS_ACCEPTED : NEWSMARK_STATUS_REJECTED);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  const char *description;
  g_autofree char *message = NULL;
  gboolean undo = g_str_equal (action_name, "win.undo");

  if (self->set == NULL)
    return;

  description = undo ? newsmark_annotation_set_get_undo_description (self->set)
                     : newsmark_annotation_set_get_redo_description (self->set);
  message = g_strdup_printf ("%s: %s", undo ? "Undone" : "Redone", description ? description : "");

  if (undo ? newsmark_annotation_set_undo (self->set) : newsmark_annotation_set_redo (self->set))
    show_status_message (self, message);
  else
    gtk_widget_error_bell (widget);
}

/* ---- Span navigation ----------------------------------------------------------------------------------------------------- */

static gboolean
span_shown (NewsmarkWindow *self,
            NewsmarkSpan   *span)
{
  return self->show_rejected || newsmark_span_get_status (span) != NEWSMARK_STATUS_REJECTED;
}

static void
move_to_span (NewsmarkWindow *self,
              int             direction)
{
  GListModel *spans;
  NewsmarkSpan *selected;
  guint n, position;

  if (self->set == NULL)
    return;

  spans = newsmark_annotation_set_get_spans (self->set);
  n = g_list_model_get_n_items (spans);
  if (n == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  selected = newsmark_article_view_get_selected_span (self->view);
  if (selected != NULL && (position = newsmark_annotation_set_get_span_position (self->set, selected)) != G_MAXUINT)
    {
      position = direction > 0 ? position + 1 : (position == 0 ? G_MAXUINT : position - 1);
    }
  else
    {
      guint cursor = newsmark_article_view_get_cursor_offset (self->view);
      guint lo = 0, hi = n;

      /* First span starting at or after the cursor (binary search). */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, mid);

          if (newsmark_span_get_start (span) < cursor)
            lo = mid + 1;
          else
            hi = mid;
        }
      position = direction > 0 ? lo : (lo == 0 ? G_MAXUINT : lo - 1);
    }

  while (position < n)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, position);

      if (span_shown (self, span))
        {
          select_and_show_span (self, span);
          return;
        }
      position = direction > 0 ? position + 1 : (position == 0 ? G_MAXUINT : position - 1);
    }

  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
next_span_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  move_to_span (NEWSMARK_WINDOW (widget), g_str_equal (action_name, "win.next-span") ? 1 : -1);
}

/* ---- Search --------------------------------------------------------------------------------------------------------------- */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);

  if (self->set != NULL)
    newsmark_search_bar_open (self->search_bar);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  gboolean found;

  if (self->set == NULL)
    return;

  if (g_str_equal (action_name, "win.find-next"))
    found = newsmark_search_bar_next (self->search_bar);
  else
    found = newsmark_search_bar_previous (self->search_bar);

  if (!found)
    gtk_widget_error_bell (widget);
}

static void
on_tag_matches_applied (NewsmarkWindow *self,
                        guint           n,
                        const char     *not_tagged)
{
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %u match", "Tagged %u matches", n), n);

  show_status_message (self, message);
  if (not_tagged != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, not_tagged);

      show_problems (self, GTK_MESSAGE_WARNING, "Some checked matches were not tagged", NULL, error);
    }
}

static void
tag_matches_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  g_autofree char *query = NULL;
  const char *label = self->last_label;
  guint start, end;

  if (self->set == NULL)
    return;

  query = g_strdup (newsmark_search_bar_get_text (self->search_bar));
  if ((query == NULL || query[0] == '\0') && newsmark_article_view_get_selection (self->view, &start, &end))
    query = newsmark_document_dup_slice (newsmark_annotation_set_get_document (self->set), start, end);

  if (label == NULL)
    {
      GListModel *labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (self->set));
      g_autoptr(NewsmarkLabel) first = g_list_model_get_n_items (labels) > 0 ? g_list_model_get_item (labels, 0) : NULL;

      label = first != NULL ? newsmark_label_get_name (first) : NULL;
    }

  if (self->tag_matches_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->tag_matches_dialog));

  self->tag_matches_dialog =
    newsmark_tag_matches_dialog_new (GTK_WINDOW (self), self->set, query, label,
                                     g_settings_get_boolean (self->settings, "whole-words"),
                                     newsmark_search_bar_get_case_sensitive (self->search_bar));
  g_object_add_weak_pointer (G_OBJECT (self->tag_matches_dialog), (gpointer *) &self->tag_matches_dialog);
  g_signal_connect_object (self->tag_matches_dialog, "applied", G_CALLBACK (on_tag_matches_applied),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->tag_matches_dialog));
}

/* ---- Focus and panels ------------------------------------------------------------------------------------------------------ */

static void
focus_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);

  if (g_str_equal (action_name, "win.focus-article"))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      return;
    }

  if (!self->side_panel_visible)
    g_object_set (self, "side-panel-visible", TRUE, NULL);

  if (g_str_equal (action_name, "win.focus-span-list"))
    gtk_widget_child_focus (GTK_WIDGET (self->span_list), GTK_DIR_TAB_FORWARD);
  else if (g_str_equal (action_name, "win.link-relation"))
    {
      if (!newsmark_inspector_focus_relation (self->inspector))
        {
          gtk_widget_error_bell (widget);
          show_status_message (self, "This span's label has no relation to set");
        }
    }
  else
    gtk_widget_child_focus (GTK_WIDGET (self->inspector), GTK_DIR_TAB_FORWARD);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- Closing ------------------------------------------------------------------------------------------------------------------ */

static void
on_close_dialog_response (GtkDialog      *dialog,
                          int             response,
                          NewsmarkWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GError) error = NULL;

      if (!newsmark_window_save (self, FALSE, &error))
        {
          if (!g_error_matches (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT))
            show_problems (self, GTK_MESSAGE_ERROR, "Could not save. The previous file is intact.", NULL, error);
          return;
        }
      self->force_close = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (response == GTK_RESPONSE_REJECT)
    {
      delete_recovery_file (self);
      self->force_close = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
save_window_state (NewsmarkWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
newsmark_window_close_request (GtkWindow *window)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (window);

  if (!self->force_close && self->set != NULL && newsmark_annotation_set_get_modified (self->set))
    {
      g_autofree char *name = display_name (self->annotation_file);
      GtkWidget *dialog;

      dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                       "Save changes to “%s” before closing?", name);
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                "If you don’t save, the changes since the last save "
                                                "are lost.");
      gtk_dialog_add_button (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL);
      gtk_widget_add_css_class (gtk_dialog_add_button (GTK_DIALOG (dialog), "_Discard", GTK_RESPONSE_REJECT),
                                "destructive-action");
      gtk_widget_add_css_class (gtk_dialog_add_button (GTK_DIALOG (dialog), "_Save", GTK_RESPONSE_ACCEPT),
                                "suggested-action");
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
      g_signal_connect (dialog, "response", G_CALLBACK (on_close_dialog_response), self);
      /* Save and Discard close this window from inside the question's
       * "response", while the emission still holds the question; GTK 4.8's
       * transient-for does not keep its parent alive, so without this
       * reference the window would be finalized first and the question
       * would let go of a parent that is gone (four CRITICALs). */
      g_object_set_data_full (G_OBJECT (dialog), "nm-parent", g_object_ref (self), g_object_unref);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  save_window_state (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);

  return GTK_WINDOW_CLASS (newsmark_window_parent_class)->close_request (window);
}

/* ---- Layout ------------------------------------------------------------------------------------------------------------------------- */

/* The side panel's share of the window: two fifths, so that the span
 * list's text column shows a name with the words around it, between its
 * minimum (about 360 pixels; narrower, the article's column keeps its
 * minimum) and a width past which a row gains nothing. Set again whenever
 * the window's width changes, so a narrow window takes from both; a
 * dragged divider stays where it was put until then. */
#define SIDE_PANEL_SHARE_PERCENT 40
#define SIDE_PANEL_MAX           560

static void
newsmark_window_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (widget);
  GtkWidget *paned = GTK_WIDGET (self->paned);

  if (width != self->laid_out_width)
    {
      int before = gtk_widget_get_width (paned);
      /* The paned fills the window's width, less what surrounds it. */
      int after = before > 0 ? before + width - self->laid_out_width : width;
      int article_min = 0, position;

      gtk_widget_measure (gtk_paned_get_start_child (self->paned), GTK_ORIENTATION_HORIZONTAL, -1,
                          &article_min, NULL, NULL, NULL);
      position = MAX (after - MIN (after * SIDE_PANEL_SHARE_PERCENT / 100, SIDE_PANEL_MAX), article_min);
      /* Before the paned is allocated, so it is used in this frame; the
       * paned itself moves a set divider by as much as its width changed. */
      gtk_paned_set_position (self->paned, before > 0 ? position - (after - before) : position);
      self->laid_out_width = width;
    }

  GTK_WIDGET_CLASS (newsmark_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* ---- Benchmark hook ------------------------------------------------------------------------------------------------------------- */

static void
report_memory (const char *prefix)
{
  g_autofree char *status = NULL;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *hwm = strstr (status, "VmHWM:");

      if (hwm != NULL)
        {
          const char *eol = strchr (hwm, '\n');

          g_print ("%s%.*s\n", prefix, (int) (eol != NULL ? eol - hwm : (long) strlen (hwm)), hwm);
        }
    }
}

static void
report_frame (NewsmarkWindow *self,
              const char     *prefix)
{
  struct rusage usage;

  /* CLOCK_MONOTONIC is shared between processes: the benchmark subtracts
   * the time it spawned us. */
  g_print ("%s-monotonic-us %" G_GINT64_FORMAT "\n", prefix, g_get_monotonic_time ());
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    g_print ("%s-cpu-ms %.1f\n", prefix,
             (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
             (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0);
  {
    struct timespec ts;

    if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
      g_print ("%s-main-thread-cpu-ms %.1f\n", prefix, ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6);
  }
  g_print ("%s-spans-drawn %u\n", prefix, newsmark_article_view_get_n_drawn_spans (self->view));
  g_print ("%s-visible-end %u\n", prefix, newsmark_article_view_get_visible_end (self->view));
}

/* The first frame with the article in it; when the file is read in the
 * background, also the first frame after that, with everything editable. */
static void
on_after_paint (GdkFrameClock  *clock,
                NewsmarkWindow *self)
{
  guint frames = newsmark_article_view_get_n_frames (self->view);

  if (frames == 0)
    return;

  if (!self->first_frame_reported)
    {
      self->first_frame_reported = TRUE;
      report_frame (self, "first-frame");
      g_print ("first-frame-preview %d\n", self->preview != NULL);
      report_memory ("");
    }
  else if (!self->loaded_frame_reported && self->set != NULL && self->loaded_in_background &&
           frames > self->frames_at_load_end)
    {
      self->loaded_frame_reported = TRUE;
      report_frame (self, "loaded-frame");
      report_memory ("loaded-frame-");
    }
  else
    return;

  /* Done when nothing is still loading. */
  if (self->loading_file != NULL || (self->loaded_in_background && !self->loaded_frame_reported))
    return;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, self);
  if (g_getenv ("NEWSMARK_EXIT_AFTER_FIRST_FRAME") != NULL)
    g_application_quit (G_APPLICATION (get_app (self)));
}

static void
on_realize_report (NewsmarkWindow *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (on_after_paint), self);
}

/* ---- Private accessors ---------------------------------------------------------------------------------------------------------- */

NewsmarkArticleView *
newsmark_window_get_article_view (NewsmarkWindow *self)
{
  return self->view;
}

NewsmarkSearchBar *
newsmark_window_get_search_bar (NewsmarkWindow *self)
{
  return self->search_bar;
}

NewsmarkSpanListPanel *
newsmark_window_get_span_list (NewsmarkWindow *self)
{
  return self->span_list;
}

NewsmarkInspector *
newsmark_window_get_inspector (NewsmarkWindow *self)
{
  return self->inspector;
}

const char *
newsmark_window_get_status_text (NewsmarkWindow *self)
{
  return gtk_label_get_text (self->status_label);
}

NewsmarkAnnotatorDialog *
newsmark_window_get_annotator_dialog (NewsmarkWindow *self)
{
  return self->annotator_dialog;
}

NewsmarkTagMatchesDialog *
newsmark_window_get_tag_matches_dialog (NewsmarkWindow *self)
{
  return self->tag_matches_dialog;
}

NewsmarkReviewBar *
newsmark_window_get_review_bar (NewsmarkWindow *self)
{
  return self->review_bar;
}

/* ---- GObject ---------------------------------------------------------------------------------------------------------------------- */

static void
on_dark_changed (NewsmarkWindow *self)
{
  newsmark_article_view_set_dark (self->view, newsmark_application_get_dark (get_app (self)));
}

static void
attach_to_application (NewsmarkWindow *self)
{
  NewsmarkApplication *app = get_app (self);

  if (app == NULL)
    return;

  g_signal_connect_object (app, "notify::dark", G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  on_dark_changed (self);

  self->recent_changed_id = g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                                                      G_CALLBACK (rebuild_recent), self);
  rebuild_recent (self);
}

static void
newsmark_window_dispose (GObject *object)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (object);

  if (self->tag_matches_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->tag_matches_dialog));
  g_clear_handle_id (&self->annotator_idle, g_source_remove);
  if (self->annotator_dialog != NULL)
    {
      NewsmarkAnnotatorDialog *dialog = self->annotator_dialog;

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->annotator_dialog);
      self->annotator_dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_clear_signal_handler (&self->recent_changed_id, gtk_recent_manager_get_default ());
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  cancel_loading (self);
  stop_autosave (self);
  /* A recovery file being written is finished: it is what a crash or a
   * close without saving leaves behind. */
  g_clear_object (&self->autosave_cancellable);
  g_clear_object (&self->preview);
  g_clear_object (&self->loading_file);
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }
  if (self->set != NULL)
    g_signal_handlers_disconnect_by_data (self->set, self);
  g_clear_object (&self->set);

  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_WINDOW);

  G_OBJECT_CLASS (newsmark_window_parent_class)->dispose (object);
}

static void
newsmark_window_finalize (GObject *object)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->article_file);
  g_clear_object (&self->annotation_file);
  g_clear_object (&self->recovery_file);
  g_clear_pointer (&self->known_etag, g_free);
  g_clear_pointer (&self->last_label, g_free);
  g_clear_pointer (&self->palette_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (newsmark_window_parent_class)->finalize (object);
}

static void
newsmark_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SIDE_PANEL_VISIBLE:
      g_value_set_boolean (value, self->side_panel_visible);
      break;

    case PROP_SHOW_REJECTED:
      g_value_set_boolean (value, self->show_rejected);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, newsmark_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NewsmarkWindow *self = NEWSMARK_WINDOW (object);
  gboolean flag;

  switch (prop_id)
    {
    case PROP_SIDE_PANEL_VISIBLE:
      flag = g_value_get_boolean (value);
      if (flag != self->side_panel_visible)
        {
          self->side_panel_visible = flag;
          gtk_widget_set_visible (self->side_paned, flag);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_REJECTED:
      flag = g_value_get_boolean (value);
      if (flag != self->show_rejected)
        {
          self->show_rejected = flag;
          newsmark_article_view_set_show_rejected (self->view, flag);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_window_class_init (NewsmarkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = newsmark_window_dispose;
  object_class->finalize = newsmark_window_finalize;
  object_class->get_property = newsmark_window_get_property;
  object_class->set_property = newsmark_window_set_property;

  window_class->close_request = newsmark_window_close_request;
  widget_class->size_allocate = newsmark_window_size_allocate;

  properties[PROP_SIDE_PANEL_VISIBLE] =
    g_param_spec_boolean ("side-panel-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_REJECTED] =
    g_param_spec_boolean ("show-rejected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a file opened in the background is being read. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NEWSMARK_TYPE_ARTICLE_VIEW);
  g_type_ensure (NEWSMARK_TYPE_SEARCH_BAR);
  g_type_ensure (NEWSMARK_TYPE_SPAN_LIST_PANEL);
  g_type_ensure (NEWSMARK_TYPE_INSPECTOR);
  g_type_ensure (NEWSMARK_TYPE_REVIEW_BAR);
  g_type_ensure (NEWSMARK_TYPE_WRAP_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/newsmark/Newsmark/ui/newsmark-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, problems_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, problems_title);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, disk_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, disk_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, recovery_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, recent_heading);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, palette_box);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, review_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, view);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, side_paned);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, span_list);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkWindow, inspector);
  gtk_widget_class_bind_template_callback (widget_class, on_problems_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_reload_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_overwrite_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_ignore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_discard_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_span_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_span_list_activated);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.no-recent-files", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.tag-matches", NULL, tag_matches_action);
  gtk_widget_class_install_action (widget_class, "win.tag-key", "s", tag_key_action);
  gtk_widget_class_install_action (widget_class, "win.tag-label", "s", tag_label_action);
  gtk_widget_class_install_action (widget_class, "win.add-fragment", NULL, add_fragment_action);
  gtk_widget_class_install_action (widget_class, "win.delete-span", NULL, delete_span_action);
  gtk_widget_class_install_action (widget_class, "win.accept-span", NULL, set_status_action);
  gtk_widget_class_install_action (widget_class, "win.reject-span", NULL, set_status_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.next-span", NULL, next_span_action);
  gtk_widget_class_install_action (widget_class, "win.previous-span", NULL, next_span_action);
  gtk_widget_class_install_action (widget_class, "win.focus-span-list", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-inspector", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-article", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "win.link-relation", NULL, focus_action);
}

static void
newsmark_window_init (NewsmarkWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->palette_buttons = g_ptr_array_new ();
  self->side_panel_visible = TRUE;
  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "side-panel-visible", self, "side-panel-visible", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-rejected", self, "show-rejected", G_SETTINGS_BIND_DEFAULT);
  add_toggle_actions (self);
  g_signal_connect_object (self->settings, "changed::autosave-interval",
                           G_CALLBACK (restart_autosave), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::annotator",
                           G_CALLBACK (on_annotator_changed), self, G_CONNECT_SWAPPED);
  restart_autosave (self);

  newsmark_search_bar_set_view (self->search_bar, self->view);
  g_signal_connect_object (self->search_bar, "match-selected", G_CALLBACK (on_match_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)), "mark-set",
                           G_CALLBACK (on_mark_set), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  /* Before the article view, whose text drop target takes a file list as
   * text (and, read-only, drops it): files dropped anywhere open. Text
   * drags inside the article are no file list and go on to the view. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drop), GTK_PHASE_CAPTURE);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  if (g_getenv ("NEWSMARK_REPORT_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (on_realize_report), NULL);

  update_title (self);
  update_actions (self);
}
