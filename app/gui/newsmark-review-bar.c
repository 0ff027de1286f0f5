/* newsmark-review-bar.c — review mode: triage model suggestions by keyboard
 *
 * The bar walks a NewsmarkReviewQueue over the pending suggestions and
 * shows the current one (label, text, score, model) while the window
 * selects it in the article. Every decision goes through the core's review
 * API, which makes it one undo step and logs it under the annotator from
 * the preferences.
 *
 * The keys are single letters, so they must not fire while the user types
 * in an entry, and they must win over the article view's own label keys
 * ("p" is PERSON, "e" EVENT in the default schema). Hence a shortcut
 * controller in the capture phase, managed by the window (so it sees keys
 * aimed at the article view before the view does), whose callbacks decline
 * — letting the key go on — unless review mode is on and the focus is not
 * in a text field.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-application.h"
#include "newsmark-bulk-accept-dialog.h"
#include "newsmark-import-suggestions-dialog.h"
#include "newsmark-review-bar.h"
#include "newsmark-unplaced-dialog.h"
#include "newsmark-window-private.h"

#define TEXT_CHARS 120

struct _NewsmarkReviewBar
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkRevealer           *revealer;
  GtkLabel              *mode_label;
  GtkLabel              *label_chip;
  GtkLabel              *text_label;
  GtkLabel              *meta_label;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
  GtkWidget             *unplaced_button;
  guint                  unplaced_seen;   /* unplaced spans as of the last sync */
  GtkLabel              *note_label;
  GtkWidget             *decide_box;
  GtkWidget             *edit_box;
  GtkWidget             *choice_box;
  GtkLabel              *replace_button_label;
  GtkMenuButton         *menu_button;
  GtkLabel              *hint_label;

  GSimpleActionGroup    *actions;
  GtkShortcutController *shortcuts;
  GtkWidget             *rooted_on;       /* the window holding our action group */
  GtkWindow             *dialog;          /* weak */

  NewsmarkAnnotationSet *set;
  NewsmarkReviewQueue   *queue;
  NewsmarkReviewOrder    order;
  GPtrArray             *decided;         /* ids decided here, newest last (for undo) */
  GArray                *decided_at;      /* their queue positions (guint) */
  char                  *chip_class;
  char                  *edit_label;
  char                  *message;
  gulong                 changed_id;
  gulong                 mark_set_id;
  GtkWidget             *watched_view;    /* weak */
  gulong                 selection_id;
  guint                  sync_id;

  /* Progress over the whole file, counted once and then kept up to date
   * by our own decisions: counting is O(spans), too slow for every key
   * press with 100,000 suggestions. Other changes (undo, bulk, edits in
   * the inspector) make it count again. */
  guint                  n_reviewed;
  guint                  n_total;
  guint                  n_unplaced;
  guint                  progress_valid : 1;
  guint                  deciding : 1;

  guint                  active : 1;
  guint                  editing : 1;
  guint                  choosing : 1;     /* asking which wins of a conflict */
};

G_DEFINE_FINAL_TYPE (NewsmarkReviewBar, newsmark_review_bar, GTK_TYPE_WIDGET)

static void update_display (NewsmarkReviewBar *self);
static void update_actions (NewsmarkReviewBar *self);
static void rebuild_shortcuts (NewsmarkReviewBar *self);
static void ensure_accels (NewsmarkReviewBar *self);

/* ---- Helpers -------------------------------------------------------------------- */

static NewsmarkWindow *
get_window (NewsmarkReviewBar *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), NEWSMARK_TYPE_WINDOW);

  return window != NULL ? NEWSMARK_WINDOW (window) : NULL;
}

static NewsmarkArticleView *
get_view (NewsmarkReviewBar *self)
{
  NewsmarkWindow *window = get_window (self);

  return window != NULL ? newsmark_window_get_article_view (window) : NULL;
}

static NewsmarkApplication *
get_app (NewsmarkReviewBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return NEWSMARK_IS_APPLICATION (app) ? NEWSMARK_APPLICATION (app) : NULL;
}

/* Decisions are logged under the set's annotator: take the preference as it
 * is now, in case it was changed since the file was opened. */
static void
refresh_annotator (NewsmarkReviewBar *self)
{
  NewsmarkApplication *app = get_app (self);
  g_autofree char *annotator = NULL;

  if (self->set == NULL || app == NULL)
    return;

  annotator = newsmark_application_dup_annotator (app);
  if (g_strcmp0 (annotator, newsmark_annotation_set_get_annotator (self->set)) != 0)
    newsmark_annotation_set_set_annotator (self->set, annotator);
}

static void
set_message (NewsmarkReviewBar *self,
             const char        *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static gboolean
is_pending (NewsmarkReviewBar *self,
            NewsmarkSpan      *span)
{
  /* find_span also finds unplaced spans, which only the unplaced dialog
   * deals with (an undone placement puts one back). */
  return span != NULL && self->set != NULL &&
         newsmark_annotation_set_find_span (self->set, newsmark_span_get_id (span)) == span &&
         newsmark_span_get_unplaced_reason (span) == NULL &&
         newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED;
}

/* A pending suggestion not placed in the text: review can reject it, or
 * open the unplaced dialog on it to place it. */
static gboolean
is_pending_unplaced (NewsmarkReviewBar *self,
                     NewsmarkSpan      *span)
{
  return span != NULL && self->set != NULL &&
         newsmark_annotation_set_find_span (self->set, newsmark_span_get_id (span)) == span &&
         newsmark_span_get_unplaced_reason (span) != NULL &&
         newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED;
}

static guint
queue_find (NewsmarkReviewBar *self,
            const char        *id)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, i);

      if (g_strcmp0 (newsmark_span_get_id (span), id) == 0)
        return i;
    }

  return G_MAXUINT;
}

static char *
excerpt (const char *text)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == TEXT_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      /* The bar is one line: show line breaks as spaces. */
      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* ---- Showing the current suggestion ------------------------------------------------ */

/* "Conflicts with LOCATION s3 “Port Aldwin” (accepted)", or NULL. */
static char *
dup_conflict_text (NewsmarkReviewBar *self,
                   GPtrArray         *conflicts)
{
  GString *out;

  if (conflicts == NULL || conflicts->len == 0)
    return NULL;

  out = g_string_new ("⚠ Conflicts with ");
  for (guint i = 0; i < conflicts->len; i++)
    {
      NewsmarkSpan *other = g_ptr_array_index (conflicts, i);
      g_autofree char *text = excerpt (newsmark_span_get_text (other));

      if (i > 0)
        g_string_append (out, i + 1 == conflicts->len ? " and " : ", ");
      g_string_append_printf (out, "%s %s “%s” (%s)", newsmark_span_get_label (other),
                              newsmark_span_get_id (other), text,
                              newsmark_status_to_string (newsmark_span_get_status (other)));
    }
  g_string_append (out, ": the same text under another label. Accepting asks which wins.");

  return g_string_free (out, FALSE);
}

/* Where an unplaced suggestion was found: "¶5, ¶10, ¶15 (repeats ¶5)". */
static char *
dup_candidate_places (NewsmarkReviewBar *self,
                      NewsmarkSpan      *span)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (self->set);
  const NewsmarkFragment *candidates = newsmark_span_get_candidates (span);
  guint n = newsmark_span_get_n_candidates (span);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *place = newsmark_document_describe_place (document, candidates[i].start);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, place != NULL ? place : "between paragraphs");
    }

  return g_string_free (out, FALSE);
}

static void
set_note (NewsmarkReviewBar *self,
          const char        *text,
          gboolean           conflict)
{
  NewsmarkApplication *app = get_app (self);

  if (conflict && text != NULL && app != NULL)
    {
      g_autofree char *markup = newsmark_application_dup_warning_markup (app, text);

      gtk_label_set_markup (self->note_label, markup);
    }
  else
    {
      gtk_label_set_text (self->note_label, text != NULL ? text : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL);
}

/* Selects @span in the article (strong highlight), scrolls to it and keeps
 * the keyboard in the article. */
static void
show_span (NewsmarkReviewBar *self,
           NewsmarkSpan      *span)
{
  NewsmarkWindow *window = get_window (self);
  NewsmarkArticleView *view = get_view (self);

  if (window == NULL || view == NULL || span == NULL)
    return;

  /* An unplaced suggestion has no place in the text to show. */
  if (newsmark_span_get_unplaced_reason (span) != NULL)
    {
      newsmark_window_set_selected_span (window, NULL);
      return;
    }

  newsmark_window_set_selected_span (window, span);
  newsmark_article_view_place_cursor (view, newsmark_span_get_start (span));
  newsmark_article_view_scroll_to_offset (view, newsmark_span_get_start (span));
}

static void
set_chip (NewsmarkReviewBar *self,
          const char        *label_name)
{
  NewsmarkApplication *app = get_app (self);
  NewsmarkLabel *label = NULL;

  if (self->chip_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->label_chip), self->chip_class);
  g_clear_pointer (&self->chip_class, g_free);

  gtk_label_set_text (self->label_chip, label_name != NULL ? label_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->label_chip), label_name != NULL);

  if (label_name != NULL && self->set != NULL)
    label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (self->set), label_name);
  if (label != NULL && app != NULL)
    {
      self->chip_class = newsmark_application_colour_class (app, newsmark_label_get_colour (label));
      gtk_widget_add_css_class (GTK_WIDGET (self->label_chip), self->chip_class);
    }
}

static void
count_progress (NewsmarkReviewBar *self)
{
  if (self->progress_valid)
    return;

  self->n_reviewed = self->n_total = self->n_unplaced = 0;
  if (self->set != NULL)
    {
      GListModel *unplaced = newsmark_annotation_set_get_unplaced (self->set);

      newsmark_review_get_progress (self->set, &self->n_reviewed, &self->n_total);
      for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);

          if (newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED)
            self->n_unplaced++;
        }
    }
  self->progress_valid = TRUE;
}

static gboolean
is_model_suggestion (NewsmarkSpan *span)
{
  const NewsmarkOrigin *origin = newsmark_span_get_origin (span);

  return origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL;
}

static void
update_progress (NewsmarkReviewBar *self)
{
  g_autofree char *progress = newsmark_review_bar_dup_progress_text (self);

  gtk_label_set_text (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 self->n_total > 0 ? (double) self->n_reviewed / self->n_total : 0.0);

  if (self->n_unplaced > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u Unplaced…", self->n_unplaced);

      gtk_button_set_label (GTK_BUTTON (self->unplaced_button), text);
    }
  gtk_widget_set_visible (self->unplaced_button, self->n_unplaced > 0);
}

/* A split suggestion (a quote around "he said") keeps its split when the
 * selection only moves its outer ends: the first fragment's start and the
 * last one's end. Returns FALSE when the selection cuts into the inner
 * fragments, which makes the span one continuous range. */
static gboolean
keeps_fragments (NewsmarkSpan *span,
                 guint         start,
                 guint         end)
{
  const NewsmarkFragment *fragments = newsmark_span_get_fragments (span);
  guint n = newsmark_span_get_n_fragments (span);

  return n > 1 && start < fragments[0].end && end > fragments[n - 1].start;
}

static void
update_edit_text (NewsmarkReviewBar *self)
{
  NewsmarkArticleView *view = get_view (self);
  g_autofree char *slice = NULL;
  g_autofree char *shown = NULL;
  guint start, end;

  if (!self->editing || view == NULL || self->set == NULL)
    return;

  set_chip (self, self->edit_label);
  if (newsmark_article_view_get_selection (view, &start, &end))
    {
      NewsmarkSpan *span = newsmark_review_bar_get_current (self);
      guint n = span != NULL ? newsmark_span_get_n_fragments (span) : 0;

      slice = newsmark_document_dup_slice (newsmark_annotation_set_get_document (self->set), start, end);
      shown = excerpt (slice);
      gtk_label_set_text (self->text_label, shown);
      {
        g_autofree char *range = NULL;

        /* Say what Enter will do to a split suggestion. */
        if (n > 1 && keeps_fragments (span, start, end))
          range = g_strdup_printf ("%u–%u · keeps its %u parts", start, end, n);
        else if (n > 1)
          range = g_strdup_printf ("%u–%u · joins its %u parts into one", start, end, n);
        else
          range = g_strdup_printf ("%u–%u", start, end);
        gtk_label_set_text (self->meta_label, range);
      }
    }
  else
    {
      gtk_label_set_text (self->text_label, "(nothing selected — Shift+arrows to select)");
      gtk_label_set_text (self->meta_label, "");
    }
}

static void
update_display (NewsmarkReviewBar *self)
{
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);

  update_progress (self);
  gtk_menu_button_set_label (self->menu_button,
                             self->order == NEWSMARK_REVIEW_ORDER_SCORE ? "By Score" : "In Order");
  gtk_widget_set_visible (self->decide_box, !self->editing && !self->choosing);
  gtk_widget_set_visible (self->edit_box, self->editing);
  gtk_widget_set_visible (self->choice_box, self->choosing);

  if (self->editing)
    {
      set_note (self, NULL, FALSE);
      gtk_label_set_text (self->mode_label, "Editing");
      gtk_label_set_text (self->hint_label,
                          "Shift+Left/Right moves the end · Tab: the other end · a label key relabels · "
                          "Enter accepts · Escape cancels");
      update_edit_text (self);
      return;
    }

  gtk_label_set_text (self->mode_label, "Reviewing");
  gtk_label_set_text (self->hint_label,
                      "a accept · x reject · e edit · n next · p previous · Ctrl+Z undo · "
                      "Escape leaves review mode");

  if (is_pending_unplaced (self, span))
    {
      g_autofree char *shown = excerpt (newsmark_span_get_text (span));
      g_autofree char *places = dup_candidate_places (self, span);
      g_autofree char *note = NULL;
      guint n = newsmark_span_get_n_candidates (span);

      set_chip (self, newsmark_span_get_label (span));
      gtk_label_set_text (self->text_label, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_label), newsmark_span_get_text (span));
      if (n > 0)
        {
          g_autofree char *meta = g_strdup_printf ("not placed · %u places", n);

          gtk_label_set_text (self->meta_label, meta);
          note = g_strdup_printf ("Not placed: found in %u places (%s) and nothing decided between them.",
                                  n, places);
        }
      else
        {
          gtk_label_set_text (self->meta_label, "not placed · not found");
          note = g_strdup ("Not placed: not found in this article.");
        }
      set_note (self, note, FALSE);
      gtk_label_set_text (self->hint_label,
                          "a place it… (Unplaced Suggestions) · x reject (it stays in the file as rejected) · "
                          "n next · p previous · Escape leaves review mode");
      return;
    }

  if (span == NULL || !is_pending (self, span))
    {
      set_note (self, NULL, FALSE);
      set_chip (self, NULL);
      gtk_label_set_text (self->meta_label, "");
      if (self->n_total == 0)
        gtk_label_set_text (self->text_label, "No suggestions in this file. Import some with “Import Suggestions…”.");
      else if (self->n_reviewed < self->n_total)
        gtk_label_set_text (self->text_label, "No suggestion left in this queue. Press n to look again.");
      else
        gtk_label_set_text (self->text_label, "All suggestions reviewed.");
      return;
    }

  {
    const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
    g_autofree char *shown = excerpt (newsmark_span_get_text (span));
    g_autofree char *place = newsmark_document_describe_place (newsmark_annotation_set_get_document (self->set),
                                                               newsmark_span_get_start (span));
    g_autoptr(GPtrArray) conflicts = newsmark_review_find_conflicts (self->set, span);
    g_autofree char *conflict_text = dup_conflict_text (self, conflicts);
    GString *meta = g_string_new (NULL);

    set_chip (self, newsmark_span_get_label (span));
    gtk_label_set_text (self->text_label, shown);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_label), newsmark_span_get_text (span));
    set_note (self, conflict_text, conflict_text != NULL);
    if (self->choosing && conflicts->len > 0)
      {
        NewsmarkSpan *other = g_ptr_array_index (conflicts, 0);
        g_autofree char *replace = g_strdup_printf ("Replace %s %s", newsmark_span_get_label (other),
                                                    newsmark_span_get_id (other));

        gtk_label_set_text (self->replace_button_label, replace);
        gtk_label_set_text (self->hint_label,
                            "1 or k keep both · 2 or r replace the other span (kept in the file as rejected) · "
                            "3 or x reject the suggestion · Escape decides later");
      }
    /* Scraped articles repeat paragraphs: say which copy this is. */
    if (place != NULL)
      g_string_append_printf (meta, "%s · ", place);

    if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
      {
        if (origin->has_score)
          g_string_append_printf (meta, "score %.2f · ", origin->score);
        else
          g_string_append (meta, "no score · ");
        g_string_append (meta, origin->name != NULL ? origin->name : "model");
        if (origin->version != NULL)
          g_string_append_printf (meta, " %s", origin->version);
      }
    else if (origin != NULL && origin->annotator != NULL)
      {
        g_string_append (meta, origin->annotator);
      }
    gtk_label_set_text (self->meta_label, meta->str);
    g_string_free (meta, TRUE);
  }
}

static void
update_actions (NewsmarkReviewBar *self)
{
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);
  gboolean has_set = self->set != NULL;
  gboolean reviewing = self->active && !self->editing && !self->choosing;
  gboolean has_current = reviewing && is_pending (self, span);
  gboolean has_unplaced = reviewing && is_pending_unplaced (self, span);
  gboolean choosing = self->active && self->choosing;
  struct { const char *name; gboolean enabled; } states[] = {
    { "active", has_set },
    { "accept", has_current || has_unplaced },
    { "reject", has_current || has_unplaced },
    { "edit", has_current },
    { "keep-both", choosing },
    { "replace", choosing },
    { "reject-conflict", choosing },
    { "cancel-choice", choosing },
    { "next", reviewing },
    { "previous", reviewing },
    { "apply-edit", self->active && self->editing },
    { "cancel-edit", self->active && self->editing },
    { "order", has_set && !self->editing },
    { "import", has_set && !self->editing },
    { "bulk-accept", has_set && !self->editing },
    { "resolve-unplaced", has_set && !self->editing },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), states[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), states[i].enabled);
    }
}

static void
refresh (NewsmarkReviewBar *self)
{
  update_actions (self);
  if (self->active)
    update_display (self);
}

/* ---- Following the set (undo, redo, edits elsewhere) ------------------------------- */

static void on_suggestions_changed (NewsmarkReviewBar *self);

static void
sync_with_set (NewsmarkReviewBar *self)
{
  NewsmarkSpan *current;

  if (self->queue == NULL)
    {
      refresh (self);
      return;
    }

  /* Suggestions placed or put back unplaced by undo and redo: the queue
   * is rebuilt as after the unplaced dialog. */
  {
    guint n_unplaced = g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (self->set));

    if (n_unplaced != self->unplaced_seen)
      {
        self->unplaced_seen = n_unplaced;
        on_suggestions_changed (self);
        return;
      }
  }

  current = newsmark_review_bar_get_current (self);

  if (self->editing && !is_pending (self, current))
    {
      self->editing = FALSE;
      g_clear_pointer (&self->edit_label, g_free);
    }
  if (self->choosing && !is_pending (self, current))
    self->choosing = FALSE;

  /* Undo of a decision made here: go back to that suggestion. */
  if (!self->editing && self->decided->len > 0)
    {
      const char *id = g_ptr_array_index (self->decided, self->decided->len - 1);
      NewsmarkSpan *span = newsmark_annotation_set_find_span (self->set, id);

      if (span != NULL && newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED)
        {
          guint position = g_array_index (self->decided_at, guint, self->decided_at->len - 1);
          g_autoptr(NewsmarkSpan) there = NULL;

          /* Positions are stable until the queue is refreshed (which
           * forgets these): check, and search only if that fails. */
          if (position < g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
            there = g_list_model_get_item (G_LIST_MODEL (self->queue), position);
          if (there == NULL || g_strcmp0 (newsmark_span_get_id (there), id) != 0)
            position = queue_find (self, id);

          g_array_set_size (self->decided_at, self->decided_at->len - 1);
          g_ptr_array_remove_index (self->decided, self->decided->len - 1);
          if (position != G_MAXUINT)
            {
              newsmark_review_queue_set_position (self->queue, position);
              current = span;
              if (self->active)
                show_span (self, span);
            }
        }
    }

  /* Decided elsewhere (inspector, redo, bulk accept): move on. */
  if (!self->editing && current != NULL && !is_pending (self, current))
    {
      if (newsmark_review_queue_next (self->queue) && self->active)
        show_span (self, newsmark_review_queue_get_current (self->queue));
    }

  refresh (self);
}

static gboolean
sync_idle (gpointer data)
{
  NewsmarkReviewBar *self = data;

  self->sync_id = 0;
  sync_with_set (self);

  return G_SOURCE_REMOVE;
}

static void
on_set_changed (NewsmarkReviewBar *self)
{
  if (!self->deciding)
    self->progress_valid = FALSE;

  /* A bulk step may emit many changes: handle them once. */
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_idle, self, NULL);
}

/* ---- Review mode ------------------------------------------------------------------- */

static void
make_queue (NewsmarkReviewBar *self)
{
  NewsmarkArticleView *view = get_view (self);
  NewsmarkSpan *selected = view != NULL ? newsmark_article_view_get_selected_span (view) : NULL;
  guint position = G_MAXUINT;

  if (self->queue == NULL)
    self->queue = newsmark_review_queue_new (self->set, self->order);
  else
    newsmark_review_queue_refresh (self->queue, self->order);
  /* The queue holds the unplaced suggestions of now: a later change in
   * their number (not this one) rebuilds it. */
  self->unplaced_seen = g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (self->set));
  g_ptr_array_set_size (self->decided, 0);
  g_array_set_size (self->decided_at, 0);

  /* Start at the selected suggestion when there is one. */
  if (selected != NULL && is_pending (self, selected))
    position = queue_find (self, newsmark_span_get_id (selected));
  if (position != G_MAXUINT)
    newsmark_review_queue_set_position (self->queue, position);
}

static void
stop_editing (NewsmarkReviewBar *self,
              gboolean           restore)
{
  NewsmarkArticleView *view = get_view (self);

  if (!self->editing)
    return;

  self->editing = FALSE;
  g_clear_pointer (&self->edit_label, g_free);
  if (view != NULL && self->mark_set_id != 0)
    g_clear_signal_handler (&self->mark_set_id, gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  if (restore && view != NULL)
    {
      NewsmarkSpan *span = newsmark_review_bar_get_current (self);

      if (span != NULL)
        newsmark_article_view_place_cursor (view, newsmark_span_get_start (span));
    }
}

gboolean
newsmark_review_bar_get_active (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), FALSE);

  return self->active;
}

void
newsmark_review_bar_set_active (NewsmarkReviewBar *self,
                                gboolean           active)
{
  NewsmarkArticleView *view;

  g_return_if_fail (NEWSMARK_IS_REVIEW_BAR (self));

  active = !!active && self->set != NULL;
  if (active == self->active)
    return;

  if (!active)
    stop_editing (self, TRUE);
  self->choosing = FALSE;

  self->active = active;
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "active")),
                             g_variant_new_boolean (active));
  gtk_revealer_set_reveal_child (self->revealer, active);

  view = get_view (self);
  if (active)
    {
      make_queue (self);
      set_message (self, NULL);
      show_span (self, newsmark_review_queue_get_current (self->queue));
      if (view != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (view));
    }
  else
    {
      g_clear_object (&self->queue);
      g_ptr_array_set_size (self->decided, 0);
      g_array_set_size (self->decided_at, 0);
    }

  refresh (self);
}

/* ---- Decisions -------------------------------------------------------------------- */

static void
after_decision (NewsmarkReviewBar *self,
                const char        *id,
                guint              position)
{
  NewsmarkSpan *next;

  g_ptr_array_add (self->decided, g_strdup (id));
  g_array_append_val (self->decided_at, position);
  self->choosing = FALSE;

  next = newsmark_review_queue_get_current (self->queue);
  if (next != NULL && (is_pending (self, next) || is_pending_unplaced (self, next)))
    {
      show_span (self, next);
      set_message (self, NULL);
    }
  else
    {
      NewsmarkWindow *window = get_window (self);

      if (window != NULL)
        newsmark_window_set_selected_span (window, NULL);
      set_message (self, "All suggestions reviewed");
    }

  refresh (self);
}

static void
report_error (NewsmarkReviewBar *self,
              const GError      *error)
{
  gtk_widget_error_bell (GTK_WIDGET (self));
  set_message (self, error->message);
  gtk_label_set_text (self->hint_label, error->message);
}

static void place_unplaced (NewsmarkReviewBar *self,
                            NewsmarkSpan      *span);

static void
decide (NewsmarkReviewBar *self,
        gboolean           accept)
{
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);
  g_autofree char *id = NULL;
  gboolean model;
  gboolean ok;
  guint position;

  if (!self->active || self->editing || self->choosing ||
      !(is_pending (self, span) || is_pending_unplaced (self, span)))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* An unplaced suggestion is accepted once it has a place: choose it. */
  if (accept && is_pending_unplaced (self, span))
    {
      place_unplaced (self, span);
      return;
    }

  /* Two labels on one text: the analyst says which wins. */
  if (accept)
    {
      g_autoptr(GPtrArray) conflicts = newsmark_review_find_conflicts (self->set, span);

      if (conflicts->len > 0)
        {
          self->choosing = TRUE;
          refresh (self);
          return;
        }
    }

  id = g_strdup (newsmark_span_get_id (span));
  position = newsmark_review_queue_get_position (self->queue);
  model = is_model_suggestion (span);
  refresh_annotator (self);
  count_progress (self);
  self->deciding = TRUE;
  ok = accept ? newsmark_review_queue_accept (self->queue, &error)
              : newsmark_review_queue_reject (self->queue, &error);
  self->deciding = FALSE;
  if (!ok)
    {
      self->progress_valid = FALSE;
      report_error (self, error);
      return;
    }
  if (model)
    self->n_reviewed++;

  after_decision (self, id, position);
}

static void
choose (NewsmarkReviewBar      *self,
        NewsmarkConflictChoice  choice)
{
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);
  g_autofree char *id = NULL;
  gboolean model;
  gboolean ok;
  guint position;

  if (!self->active || !self->choosing || !is_pending (self, span))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  id = g_strdup (newsmark_span_get_id (span));
  position = newsmark_review_queue_get_position (self->queue);
  model = is_model_suggestion (span);
  refresh_annotator (self);
  count_progress (self);
  self->deciding = TRUE;
  ok = newsmark_review_queue_resolve_conflict (self->queue, choice, &error);
  self->deciding = FALSE;
  /* Replacing rejects the other span: recount rather than guess. */
  if (!ok || choice == NEWSMARK_CONFLICT_REPLACE)
    self->progress_valid = FALSE;
  if (!ok)
    {
      self->choosing = FALSE;
      report_error (self, error);
      refresh (self);
      return;
    }
  if (model)
    self->n_reviewed++;

  after_decision (self, id, position);
}

static void
cancel_choice (NewsmarkReviewBar *self)
{
  if (!self->choosing)
    return;

  self->choosing = FALSE;
  refresh (self);
}

static void
move (NewsmarkReviewBar *self,
      int                direction)
{
  gboolean moved;

  if (!self->active || self->editing || self->queue == NULL)
    return;
  self->choosing = FALSE;

  moved = direction > 0 ? newsmark_review_queue_next (self->queue)
                        : newsmark_review_queue_previous (self->queue);
  if (!moved)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      refresh (self);
      return;
    }

  show_span (self, newsmark_review_queue_get_current (self->queue));
  refresh (self);
}

static void
on_mark_set (NewsmarkReviewBar *self,
             GtkTextIter       *location,
             GtkTextMark       *mark)
{
  const char *name = gtk_text_mark_get_name (mark);

  if (g_strcmp0 (name, "insert") == 0 || g_strcmp0 (name, "selection_bound") == 0)
    update_edit_text (self);
}

static void
start_editing (NewsmarkReviewBar *self)
{
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);
  NewsmarkArticleView *view = get_view (self);

  if (!self->active || self->editing || self->choosing || !is_pending (self, span) || view == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  self->editing = TRUE;
  self->edit_label = g_strdup (newsmark_span_get_label (span));

  /* The text selection is the range being edited; the cursor at its end
   * so Shift+arrows move the end first. */
  newsmark_article_view_select_range (view, newsmark_span_get_start (span), newsmark_span_get_end (span));
  self->mark_set_id = g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "mark-set",
                                                G_CALLBACK (on_mark_set), self);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  refresh (self);
}

static void
cancel_editing (NewsmarkReviewBar *self)
{
  if (!self->editing)
    return;

  stop_editing (self, TRUE);
  show_span (self, newsmark_review_bar_get_current (self));
  refresh (self);
}

static gboolean
range_changed (NewsmarkSpan *span,
               guint         start,
               guint         end)
{
  return newsmark_span_get_start (span) != start || newsmark_span_get_end (span) != end;
}

static void
set_edited_range (NewsmarkSpan *edited,
                  NewsmarkSpan *span,
                  guint         start,
                  guint         end)
{
  if (keeps_fragments (span, start, end))
    {
      guint n = newsmark_span_get_n_fragments (span);
      g_autofree NewsmarkFragment *fragments = g_memdup2 (newsmark_span_get_fragments (span),
                                                          n * sizeof (NewsmarkFragment));

      fragments[0].start = start;
      fragments[n - 1].end = end;
      newsmark_span_set_fragments (edited, fragments, n);
      return;
    }

  newsmark_span_set_fragments (edited, NULL, 0);
  newsmark_span_set_range (edited, start, end);
}

static void
apply_edit (NewsmarkReviewBar *self)
{
  NewsmarkSpan *span = newsmark_review_bar_get_current (self);
  NewsmarkArticleView *view = get_view (self);
  g_autoptr(NewsmarkSpan) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  NewsmarkLabel *label;
  gboolean model;
  gboolean ok;
  guint position;
  guint start, end;

  if (!self->editing || !is_pending (self, span) || view == NULL)
    return;

  if (!newsmark_article_view_get_selection (view, &start, &end) || start >= end)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      gtk_label_set_text (self->hint_label, "Select the text the suggestion should cover (Shift+arrows), "
                                            "then press Enter; Escape cancels");
      return;
    }

  edited = newsmark_span_copy (span);
  newsmark_span_set_label (edited, self->edit_label);
  if (range_changed (span, start, end))
    set_edited_range (edited, span, start, end);

  /* Attributes the new label does not define cannot be kept. */
  label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (self->set), self->edit_label);
  if (label != NULL && g_strcmp0 (self->edit_label, newsmark_span_get_label (span)) != 0)
    {
      g_auto(GStrv) names = newsmark_span_list_attributes (edited);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        if (newsmark_label_find_attribute (label, names[i]) == NULL)
          newsmark_span_set_attribute (edited, names[i], NULL);
    }

  id = g_strdup (newsmark_span_get_id (span));
  position = newsmark_review_queue_get_position (self->queue);
  model = is_model_suggestion (span);
  refresh_annotator (self);
  count_progress (self);
  self->deciding = TRUE;
  ok = newsmark_review_queue_edit_accept (self->queue, edited, &error);
  self->deciding = FALSE;
  if (!ok)
    {
      self->progress_valid = FALSE;
      report_error (self, error);
      return;
    }
  if (model)
    self->n_reviewed++;

  stop_editing (self, FALSE);
  after_decision (self, id, position);
}

static void
set_edit_label (NewsmarkReviewBar *self,
                const char        *label)
{
  g_free (self->edit_label);
  self->edit_label = g_strdup (label);
  update_display (self);
}

static void
swap_edit_ends (NewsmarkReviewBar *self)
{
  NewsmarkArticleView *view = get_view (self);
  GtkTextBuffer *buffer;
  GtkTextIter insert, bound;

  if (view == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
  gtk_text_buffer_select_range (buffer, &bound, &insert);
}

/* ---- Keys ----------------------------------------------------------------------- */

static gboolean
focus_takes_text (NewsmarkReviewBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return FALSE;
  if (GTK_IS_EDITABLE (focus) || gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL)
    return TRUE;
  if (GTK_IS_TEXT_VIEW (focus) && gtk_text_view_get_editable (GTK_TEXT_VIEW (focus)))
    return TRUE;

  return FALSE;
}

static gboolean
on_key_shortcut (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  NewsmarkReviewBar *self = NEWSMARK_REVIEW_BAR (widget);
  guint keyval = GPOINTER_TO_UINT (user_data);
  gunichar uc;

  if (!self->active || self->set == NULL || focus_takes_text (self))
    return FALSE;

  if (self->editing)
    {
      switch (keyval)
        {
        case GDK_KEY_Return:
        case GDK_KEY_KP_Enter:
        case GDK_KEY_ISO_Enter:
          apply_edit (self);
          return TRUE;

        case GDK_KEY_Escape:
          cancel_editing (self);
          return TRUE;

        case GDK_KEY_Tab:
        case GDK_KEY_ISO_Left_Tab:
          swap_edit_ends (self);
          return TRUE;

        default:
          break;
        }

      uc = gdk_keyval_to_unicode (keyval);
      if (uc != 0)
        {
          char key[8] = { 0 };
          NewsmarkLabel *label;

          g_unichar_to_utf8 (uc, key);
          label = newsmark_schema_find_label_by_key (newsmark_annotation_set_get_schema (self->set), key);
          if (label != NULL)
            {
              set_edit_label (self, newsmark_label_get_name (label));
              return TRUE;
            }
        }

      return FALSE;
    }

  if (self->choosing)
    {
      switch (keyval)
        {
        case GDK_KEY_1:
        case GDK_KEY_KP_1:
        case GDK_KEY_k:
          choose (self, NEWSMARK_CONFLICT_KEEP_BOTH);
          return TRUE;

        case GDK_KEY_2:
        case GDK_KEY_KP_2:
        case GDK_KEY_r:
          choose (self, NEWSMARK_CONFLICT_REPLACE);
          return TRUE;

        case GDK_KEY_3:
        case GDK_KEY_KP_3:
        case GDK_KEY_x:
          choose (self, NEWSMARK_CONFLICT_REJECT);
          return TRUE;

        case GDK_KEY_Escape:
          cancel_choice (self);
          return TRUE;

        default:
          /* Nothing else acts until the question is answered. */
          gtk_widget_error_bell (GTK_WIDGET (self));
          return TRUE;
        }
    }

  switch (keyval)
    {
    case GDK_KEY_a:
      decide (self, TRUE);
      return TRUE;

    case GDK_KEY_x:
      decide (self, FALSE);
      return TRUE;

    case GDK_KEY_e:
      start_editing (self);
      return TRUE;

    case GDK_KEY_n:
      move (self, 1);
      return TRUE;

    case GDK_KEY_p:
      move (self, -1);
      return TRUE;

    case GDK_KEY_Escape:
      newsmark_review_bar_set_active (self, FALSE);
      return TRUE;

    default:
      /* Other keys (label keys) act as usual outside editing. */
      return FALSE;
    }
}

static void
add_key (NewsmarkReviewBar *self,
         GHashTable        *seen,
         guint              keyval,
         GdkModifierType    modifiers)
{
  guint code = keyval | (modifiers & GDK_SHIFT_MASK ? 0x80000000u : 0);
  GtkShortcut *shortcut;

  if (!g_hash_table_add (seen, GUINT_TO_POINTER (code)))
    return;

  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                               gtk_callback_action_new (on_key_shortcut, GUINT_TO_POINTER (keyval), NULL));
  gtk_shortcut_controller_add_shortcut (self->shortcuts, shortcut);
}

static void
rebuild_shortcuts (NewsmarkReviewBar *self)
{
  GListModel *model = G_LIST_MODEL (self->shortcuts);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  static const guint fixed[] = {
    GDK_KEY_a, GDK_KEY_x, GDK_KEY_e, GDK_KEY_n, GDK_KEY_p,
    GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_Escape, GDK_KEY_Tab,
    /* the answers to "which wins?" */
    GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3, GDK_KEY_k, GDK_KEY_r,
  };

  while (g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (model, 0);

      gtk_shortcut_controller_remove_shortcut (self->shortcuts, shortcut);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    add_key (self, seen, fixed[i], 0);
  add_key (self, seen, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK);

  /* While editing, a label's key relabels the suggestion. */
  if (self->set != NULL)
    {
      GListModel *labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (self->set));

      for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
          const char *key = newsmark_label_get_key (label);
          guint keyval;

          if (key == NULL || key[0] == '\0')
            continue;
          keyval = gdk_unicode_to_keyval (g_utf8_get_char (key));
          if (g_unichar_isupper (g_utf8_get_char (key)))
            add_key (self, seen, keyval, GDK_SHIFT_MASK);
          else
            add_key (self, seen, keyval, 0);
        }
    }
}

/* ---- Dialogs ----------------------------------------------------------------------- */

static void
on_dialog_destroy (NewsmarkReviewBar *self)
{
  NewsmarkArticleView *view = get_view (self);

  /* Back to the article, where the review keys are meant to be pressed. */
  if (view != NULL && gtk_widget_get_mapped (GTK_WIDGET (view)))
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
present_dialog (NewsmarkReviewBar *self,
                GtkWindow         *dialog)
{
  /* The old dialog may outlive this call (its own handler holds it): it
   * must not clear the pointer to the new one when it goes. */
  if (self->dialog != NULL)
    {
      GtkWindow *old = self->dialog;

      g_object_remove_weak_pointer (G_OBJECT (old), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (old);
    }

  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
on_suggestions_changed (NewsmarkReviewBar *self)
{
  if (self->set != NULL)
    self->unplaced_seen = g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (self->set));

  /* New or newly placed suggestions join the queue. */
  if (self->active)
    {
      NewsmarkSpan *current = newsmark_review_bar_get_current (self);
      g_autofree char *id = current != NULL ? g_strdup (newsmark_span_get_id (current)) : NULL;
      guint position;

      newsmark_review_queue_refresh (self->queue, self->order);
      g_ptr_array_set_size (self->decided, 0);
      g_array_set_size (self->decided_at, 0);
      position = id != NULL ? queue_find (self, id) : G_MAXUINT;
      if (position != G_MAXUINT)
        newsmark_review_queue_set_position (self->queue, position);
      show_span (self, newsmark_review_queue_get_current (self->queue));
    }

  refresh (self);
}

static void
on_review_requested (NewsmarkReviewBar *self)
{
  if (self->active)
    on_suggestions_changed (self);
  else
    newsmark_review_bar_set_active (self, TRUE);
}

static void resolve_unplaced_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data);

static void
on_resolve_requested (NewsmarkReviewBar *self)
{
  resolve_unplaced_action (NULL, NULL, self);
}

static GtkWindow *
parent_window (NewsmarkReviewBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
import_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  NewsmarkReviewBar *self = user_data;
  NewsmarkImportSuggestionsDialog *dialog;

  if (self->set == NULL)
    return;

  refresh_annotator (self);
  dialog = newsmark_import_suggestions_dialog_new (parent_window (self), self->set);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_suggestions_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "review", G_CALLBACK (on_review_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "resolve-unplaced", G_CALLBACK (on_resolve_requested),
                           self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
place_unplaced (NewsmarkReviewBar *self,
                NewsmarkSpan      *span)
{
  resolve_unplaced_action (NULL, NULL, self);
  if (NEWSMARK_IS_UNPLACED_DIALOG (self->dialog))
    newsmark_unplaced_dialog_select_span (NEWSMARK_UNPLACED_DIALOG (self->dialog), span);
}

static void
on_bulk_applied (NewsmarkReviewBar *self,
                 guint              n)
{
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepted %u suggestion",
                                                          "Accepted %u suggestions", n), n);

  set_message (self, message);
  sync_with_set (self);
}

static void
bulk_accept_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  NewsmarkReviewBar *self = user_data;
  NewsmarkSpan *current = newsmark_review_bar_get_current (self);
  NewsmarkBulkAcceptDialog *dialog;

  if (self->set == NULL)
    return;

  refresh_annotator (self);
  /* Start from the label under review: the usual case is "the rest of
   * these are fine". */
  dialog = newsmark_bulk_accept_dialog_new (parent_window (self), self->set,
                                            current != NULL ? newsmark_span_get_label (current) : NULL,
                                            0.9);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_bulk_applied), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
resolve_unplaced_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  NewsmarkReviewBar *self = user_data;
  NewsmarkUnplacedDialog *dialog;

  if (self->set == NULL)
    return;

  refresh_annotator (self);
  dialog = newsmark_unplaced_dialog_new (parent_window (self), self->set);
  newsmark_unplaced_dialog_set_article_view (dialog, get_view (self));
  g_signal_connect_object (dialog, "placed", G_CALLBACK (on_suggestions_changed), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

/* ---- Actions -------------------------------------------------------------------------- */

static void
active_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  newsmark_review_bar_set_active (NEWSMARK_REVIEW_BAR (user_data), g_variant_get_boolean (state));
}

static void
order_change_state (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  NewsmarkReviewBar *self = user_data;
  const char *name = g_variant_get_string (state, NULL);
  NewsmarkReviewOrder order;

  if (g_str_equal (name, "document"))
    order = NEWSMARK_REVIEW_ORDER_DOCUMENT;
  else if (g_str_equal (name, "score"))
    order = NEWSMARK_REVIEW_ORDER_SCORE;
  else
    return;

  g_simple_action_set_state (action, state);
  if (order == self->order)
    return;

  self->order = order;
  if (self->active)
    {
      NewsmarkSpan *current = newsmark_review_bar_get_current (self);
      g_autofree char *id = current != NULL ? g_strdup (newsmark_span_get_id (current)) : NULL;
      guint position;

      newsmark_review_queue_refresh (self->queue, order);
      g_ptr_array_set_size (self->decided, 0);
      g_array_set_size (self->decided_at, 0);
      position = id != NULL ? queue_find (self, id) : G_MAXUINT;
      if (position != G_MAXUINT)
        newsmark_review_queue_set_position (self->queue, position);
      show_span (self, newsmark_review_queue_get_current (self->queue));
    }
  refresh (self);
}

static void
simple_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  NewsmarkReviewBar *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));

  if (g_str_equal (name, "accept"))
    decide (self, TRUE);
  else if (g_str_equal (name, "reject"))
    decide (self, FALSE);
  else if (g_str_equal (name, "edit"))
    start_editing (self);
  else if (g_str_equal (name, "apply-edit"))
    apply_edit (self);
  else if (g_str_equal (name, "cancel-edit"))
    cancel_editing (self);
  else if (g_str_equal (name, "keep-both"))
    choose (self, NEWSMARK_CONFLICT_KEEP_BOTH);
  else if (g_str_equal (name, "replace"))
    choose (self, NEWSMARK_CONFLICT_REPLACE);
  else if (g_str_equal (name, "reject-conflict"))
    choose (self, NEWSMARK_CONFLICT_REJECT);
  else if (g_str_equal (name, "cancel-choice"))
    cancel_choice (self);
  else if (g_str_equal (name, "next"))
    move (self, 1);
  else if (g_str_equal (name, "previous"))
    move (self, -1);
}

static const GActionEntry action_entries[] = {
  { "active", NULL, NULL, "false", active_change_state },
  { "accept", simple_action },
  { "reject", simple_action },
  { "edit", simple_action },
  { "apply-edit", simple_action },
  { "cancel-edit", simple_action },
  { "keep-both", simple_action },
  { "replace", simple_action },
  { "reject-conflict", simple_action },
  { "cancel-choice", simple_action },
  { "next", simple_action },
  { "previous", simple_action },
  { "order", NULL, "s", "'document'", order_change_state },
  { "import", import_action },
  { "bulk-accept", bulk_accept_action },
  { "resolve-unplaced", resolve_unplaced_action },
};

/* ---- Following clicks in the article ------------------------------------------------------- */

/* Clicking a pending suggestion in the article (or picking it in the span
 * list) makes it the one under review, so the keys act on what is shown. */
static void
on_view_selection_changed (NewsmarkReviewBar *self)
{
  NewsmarkArticleView *view = get_view (self);
  NewsmarkSpan *selected = view != NULL ? newsmark_article_view_get_selected_span (view) : NULL;
  guint position;

  if (!self->active || self->editing || selected == NULL || !is_pending (self, selected) ||
      selected == newsmark_review_bar_get_current (self))
    return;

  position = queue_find (self, newsmark_span_get_id (selected));
  if (position == G_MAXUINT)
    return;

  newsmark_review_queue_set_position (self->queue, position);
  refresh (self);
}

static void
watch_view (NewsmarkReviewBar *self)
{
  GtkWidget *view = GTK_WIDGET (get_view (self));

  if (view == self->watched_view)
    return;

  if (self->watched_view != NULL)
    {
      g_clear_signal_handler (&self->selection_id, self->watched_view);
      g_object_remove_weak_pointer (G_OBJECT (self->watched_view), (gpointer *) &self->watched_view);
    }
  self->watched_view = view;
  if (view != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->watched_view);
      self->selection_id = g_signal_connect_swapped (view, "notify::selected-span",
                                                     G_CALLBACK (on_view_selection_changed), self);
    }
}

/* ---- Public API -------------------------------------------------------------------------- */

void
newsmark_review_bar_set_annotation_set (NewsmarkReviewBar     *self,
                                        NewsmarkAnnotationSet *set)
{
  g_return_if_fail (NEWSMARK_IS_REVIEW_BAR (self));
  g_return_if_fail (set == NULL || NEWSMARK_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  newsmark_review_bar_set_active (self, FALSE);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->set != NULL)
    g_clear_signal_handler (&self->changed_id, self->set);
  g_set_object (&self->set, set);
  self->progress_valid = FALSE;
  if (set != NULL)
    self->changed_id = g_signal_connect_swapped (set, "changed", G_CALLBACK (on_set_changed), self);
  self->unplaced_seen = set != NULL ? g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)) : 0;

  ensure_accels (self);
  watch_view (self);
  rebuild_shortcuts (self);
  refresh (self);
}

NewsmarkAnnotationSet *
newsmark_review_bar_get_annotation_set (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->set;
}

NewsmarkReviewQueue *
newsmark_review_bar_get_queue (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->queue;
}

NewsmarkSpan *
newsmark_review_bar_get_current (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->queue != NULL ? newsmark_review_queue_get_current (self->queue) : NULL;
}

gboolean
newsmark_review_bar_ask_conflict (NewsmarkReviewBar *self,
                                  NewsmarkSpan      *span)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  NewsmarkArticleView *view;
  guint position;

  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);

  if (self->set == NULL || !is_pending (self, span))
    return FALSE;
  conflicts = newsmark_review_find_conflicts (self->set, span);
  if (conflicts->len == 0)
    return FALSE;

  if (!self->active)
    newsmark_review_bar_set_active (self, TRUE);
  stop_editing (self, FALSE);
  position = queue_find (self, newsmark_span_get_id (span));
  if (position == G_MAXUINT)
    {
      on_suggestions_changed (self);
      position = queue_find (self, newsmark_span_get_id (span));
    }
  if (position == G_MAXUINT)
    return FALSE;

  newsmark_review_queue_set_position (self->queue, position);
  show_span (self, span);
  self->choosing = TRUE;
  view = get_view (self);
  if (view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (view));
  refresh (self);

  return TRUE;
}

gboolean
newsmark_review_bar_get_choosing (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), FALSE);

  return self->choosing;
}

const char *
newsmark_review_bar_get_note (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label)) ? gtk_label_get_text (self->note_label) : NULL;
}

const char *
newsmark_review_bar_get_meta (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return gtk_label_get_text (self->meta_label);
}

gboolean
newsmark_review_bar_get_editing (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), FALSE);

  return self->editing;
}

const char *
newsmark_review_bar_get_edit_label (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->edit_label;
}

char *
newsmark_review_bar_dup_progress_text (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  count_progress (self);

  return g_strdup_printf ("%u of %u reviewed", self->n_reviewed, self->n_total);
}

GtkShortcutController *
newsmark_review_bar_get_shortcut_controller (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->shortcuts;
}

const char *
newsmark_review_bar_get_message (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->message;
}

GtkWindow *
newsmark_review_bar_get_dialog (NewsmarkReviewBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_BAR (self), NULL);

  return self->dialog;
}

/* ---- GObject ---------------------------------------------------------------------------- */

static const struct {
  const char *action;
  const char *accels[2];
} accels[] = {
  { "review.active", { "<Control><Shift>r", NULL } },
};

/* The window gets its application only after its template (and so this
 * bar) was built: set the accelerators once it is there. */
static void
ensure_accels (NewsmarkReviewBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (app == NULL || g_object_get_data (G_OBJECT (app), "newsmark-review-accels") != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
  g_object_set_data (G_OBJECT (app), "newsmark-review-accels", GINT_TO_POINTER (1));
}

static void
newsmark_review_bar_root (GtkWidget *widget)
{
  NewsmarkReviewBar *self = NEWSMARK_REVIEW_BAR (widget);

  GTK_WIDGET_CLASS (newsmark_review_bar_parent_class)->root (widget);

  /* On the window, so the primary menu and the accelerators reach the
   * actions wherever the focus is. */
  self->rooted_on = GTK_WIDGET (gtk_widget_get_root (widget));
  gtk_widget_insert_action_group (self->rooted_on, "review", G_ACTION_GROUP (self->actions));
  ensure_accels (self);
}

static void
newsmark_review_bar_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (newsmark_review_bar_parent_class)->map (widget);

  ensure_accels (NEWSMARK_REVIEW_BAR (widget));
}

static void
newsmark_review_bar_unroot (GtkWidget *widget)
{
  NewsmarkReviewBar *self = NEWSMARK_REVIEW_BAR (widget);

  if (self->rooted_on != NULL)
    gtk_widget_insert_action_group (self->rooted_on, "review", NULL);
  self->rooted_on = NULL;

  GTK_WIDGET_CLASS (newsmark_review_bar_parent_class)->unroot (widget);
}

static void
newsmark_review_bar_dispose (GObject *object)
{
  NewsmarkReviewBar *self = NEWSMARK_REVIEW_BAR (object);

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  stop_editing (self, FALSE);
  if (self->watched_view != NULL)
    {
      g_clear_signal_handler (&self->selection_id, self->watched_view);
      g_object_remove_weak_pointer (G_OBJECT (self->watched_view), (gpointer *) &self->watched_view);
      self->watched_view = NULL;
    }
  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->set != NULL)
    g_clear_signal_handler (&self->changed_id, self->set);
  g_clear_object (&self->queue);
  g_clear_object (&self->set);

  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_REVIEW_BAR);

  G_OBJECT_CLASS (newsmark_review_bar_parent_class)->dispose (object);
}

static void
newsmark_review_bar_finalize (GObject *object)
{
  NewsmarkReviewBar *self = NEWSMARK_REVIEW_BAR (object);

  g_clear_object (&self->actions);
  g_clear_pointer (&self->decided, g_ptr_array_unref);
  g_clear_pointer (&self->decided_at, g_array_unref);
  g_clear_pointer (&self->chip_class, g_free);
  g_clear_pointer (&self->edit_label, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (newsmark_review_bar_parent_class)->finalize (object);
}

static void
newsmark_review_bar_class_init (NewsmarkReviewBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_review_bar_dispose;
  object_class->finalize = newsmark_review_bar_finalize;
  widget_class->root = newsmark_review_bar_root;
  widget_class->unroot = newsmark_review_bar_unroot;
  widget_class->map = newsmark_review_bar_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/newsmark/Newsmark/ui/newsmark-review-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, mode_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, label_chip);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, text_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, meta_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, progress_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, unplaced_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, note_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, decide_box);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, edit_box);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, choice_box);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, replace_button_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, menu_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkReviewBar, hint_label);
}

static void
newsmark_review_bar_init (NewsmarkReviewBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->decided = g_ptr_array_new_with_free_func (g_free);
  self->decided_at = g_array_new (FALSE, FALSE, sizeof (guint));
  self->order = NEWSMARK_REVIEW_ORDER_DOCUMENT;

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);

  /* Managed by the window and in the capture phase: see the top comment. */
  self->shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (self->shortcuts), "newsmark-review-keys");
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (self->shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  rebuild_shortcuts (self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->shortcuts));

  update_actions (self);
}
