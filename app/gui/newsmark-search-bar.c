/* newsmark-search-bar.c — find in the article (GtkSourceSearchContext)
 *
 * The search is for tagging: the match found is selected in the article,
 * and closing the bar keeps it selected with the focus in the article so
 * that the next label key tags it.
 *
 * Scraped articles repeat whole paragraphs, so a name often has copies:
 * the bar says which match is selected ("2 of 2 · ¶15, repeats ¶5"), the
 * first one is the first at or after where the search started (the cursor
 * when it is on screen, else the top of what is shown), and the first
 * Enter after typing keeps the match typing selected instead of moving on
 * to one the user has not seen; later ones go to the next.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-search-bar.h"
#include "newsmark-wrap-layout.h"

struct _NewsmarkSearchBar
{
  GtkWidget                parent_instance;

  GtkRevealer             *revealer;
  GtkSearchEntry          *entry;
  GtkLabel                *occurrences_label;
  GtkCheckButton          *whole_words_check;
  GtkCheckButton          *case_check;

  NewsmarkArticleView     *view;
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext  *context;
  guint                    search_start;   /* where typing searches from */
  char                    *applied_text;
  gboolean                 typed;          /* the selected match came from typing */
};

G_DEFINE_FINAL_TYPE (NewsmarkSearchBar, newsmark_search_bar, GTK_TYPE_WIDGET)

enum {
  MATCH_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
get_buffer (NewsmarkSearchBar *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

static void
update_occurrences (NewsmarkSearchBar *self)
{
  GtkTextIter start, end;
  int count, position = -1;
  g_autofree char *text = NULL;

  if (self->context == NULL)
    return;

  count = gtk_source_search_context_get_occurrences_count (self->context);
  if (gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end))
    position = gtk_source_search_context_get_occurrence_position (self->context, &start, &end);

  if (gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
    text = g_strdup ("");
  else if (count < 0)
    text = g_strdup ("…");
  else if (count == 0)
    text = g_strdup ("No matches");
  else if (position > 0)
    {
      NewsmarkAnnotationSet *set = newsmark_article_view_get_annotation_set (self->view);
      g_autofree char *place = set != NULL
        ? newsmark_document_describe_place (newsmark_annotation_set_get_document (set),
                                            (guint) gtk_text_iter_get_offset (&start))
        : NULL;

      if (place != NULL)
        text = g_strdup_printf ("%d of %d · %s", position, count, place);
      else
        text = g_strdup_printf ("%d of %d", position, count);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);

  gtk_label_set_text (self->occurrences_label, text);
}

static gboolean
select_match (NewsmarkSearchBar *self,
              gboolean           forward,
              const GtkTextIter *from)
{
  GtkTextIter match_start, match_end;
  gboolean wrapped;
  gboolean found;

  if (self->context == NULL || gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
    return FALSE;

  if (forward)
    found = gtk_source_search_context_forward (self->context, from, &match_start, &match_end, &wrapped);
  else
    found = gtk_source_search_context_backward (self->context, from, &match_start, &match_end, &wrapped);

  if (!found)
    {
      update_occurrences (self);
      return FALSE;
    }

  newsmark_article_view_select_range (self->view,
                                      (guint) gtk_text_iter_get_offset (&match_start),
                                      (guint) gtk_text_iter_get_offset (&match_end));
  update_occurrences (self);
  g_signal_emit (self, signals[MATCH_SELECTED], 0);
  return TRUE;
}

gboolean
newsmark_search_bar_next (NewsmarkSearchBar *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  if (self->view == NULL)
    return FALSE;

  self->typed = FALSE;
  gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end);
  return select_match (self, TRUE, &end);
}

/* Whether the selection is a match of the query. */
static gboolean
on_match (NewsmarkSearchBar *self)
{
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped;

  /* Searched now: the context's count may still be on its way. */
  return self->context != NULL &&
         gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end) &&
         gtk_source_search_context_forward (self->context, &start, &match_start, &match_end, &wrapped) &&
         gtk_text_iter_equal (&start, &match_start) && gtk_text_iter_equal (&end, &match_end);
}

static void apply_search (NewsmarkSearchBar *self);

gboolean
newsmark_search_bar_activate (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  if (self->view == NULL)
    return FALSE;

  /* Typed faster than GtkSearchEntry reports: search first. */
  if (g_strcmp0 (self->applied_text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    apply_search (self);

  /* The match typing selected is the one Enter takes. */
  if (self->typed && on_match (self))
    {
      self->typed = FALSE;
      update_occurrences (self);
      return TRUE;
    }

  return newsmark_search_bar_next (self);
}

gboolean
newsmark_search_bar_previous (NewsmarkSearchBar *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  if (self->view == NULL)
    return FALSE;

  gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end);
  return select_match (self, FALSE, &start);
}

static void
on_search_changed (NewsmarkSearchBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  GtkTextIter from;

  if (self->settings == NULL)
    return;

  /* GtkSearchEntry reports changes after a delay: one that was already
   * applied (set_text) must not pull the selection back to the first match
   * after Enter moved it on. */
  if (g_strcmp0 (self->applied_text, text) == 0)
    return;
  g_free (self->applied_text);
  self->applied_text = g_strdup (text);

  gtk_source_search_settings_set_search_text (self->settings, text[0] != '\0' ? text : NULL);

  /* Search as you type, from where the search started. */
  gtk_text_buffer_get_iter_at_offset (get_buffer (self), &from, (int) self->search_start);
  self->typed = select_match (self, TRUE, &from);
  if (!self->typed)
    update_occurrences (self);
}

static void
apply_search (NewsmarkSearchBar *self)
{
  on_search_changed (self);
}

static void
on_options_changed (NewsmarkSearchBar *self)
{
  if (self->settings == NULL)
    return;

  gtk_source_search_settings_set_at_word_boundaries (self->settings,
                                                     gtk_check_button_get_active (self->whole_words_check));
  gtk_source_search_settings_set_case_sensitive (self->settings,
                                                 gtk_check_button_get_active (self->case_check));
  update_occurrences (self);
}

static void
on_entry_activate (NewsmarkSearchBar *self)
{
  if (!newsmark_search_bar_activate (self))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_next_match (NewsmarkSearchBar *self)
{
  newsmark_search_bar_next (self);
}

static void
on_previous_match (NewsmarkSearchBar *self)
{
  self->typed = FALSE;
  newsmark_search_bar_previous (self);
}

static void
on_stop_search (NewsmarkSearchBar *self)
{
  newsmark_search_bar_close (self);
}

static void
on_occurrences_notify (NewsmarkSearchBar *self)
{
  update_occurrences (self);
}

void
newsmark_search_bar_set_view (NewsmarkSearchBar   *self,
                              NewsmarkArticleView *view)
{
  g_return_if_fail (NEWSMARK_IS_SEARCH_BAR (self));
  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (view));

  g_clear_object (&self->context);
  self->view = view;
  self->context = gtk_source_search_context_new (GTK_SOURCE_BUFFER (get_buffer (self)), self->settings);
  gtk_source_search_context_set_highlight (self->context, FALSE);
  g_signal_connect_object (self->context, "notify::occurrences-count",
                           G_CALLBACK (on_occurrences_notify), self, G_CONNECT_SWAPPED);
}

void
newsmark_search_bar_open (NewsmarkSearchBar *self)
{
  GtkTextIter start, end;

  g_return_if_fail (NEWSMARK_IS_SEARCH_BAR (self));

  if (self->view == NULL)
    return;

  /* From the cursor when it is on screen; else from the top of what the
   * user is looking at, not from wherever the cursor was left. */
  gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end);
  self->search_start = (guint) gtk_text_iter_get_offset (&start);
  {
    GdkRectangle visible, cursor;
    GtkTextIter top;

    gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self->view), &visible);
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->view), &start, &cursor);
    if (visible.height > 0 &&
        (cursor.y + cursor.height <= visible.y || cursor.y >= visible.y + visible.height))
      {
        gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->view), &top, visible.x, visible.y);
        self->search_start = (guint) gtk_text_iter_get_offset (&top);
      }
  }
  self->typed = FALSE;
  /* The previous query searches again from here on the first Enter. */
  g_clear_pointer (&self->applied_text, g_free);

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_source_search_context_set_highlight (self->context, TRUE);
  /* The previous query, selected: typing replaces it, Enter repeats it.
   * Selected before the field takes the focus: a GtkText focused without
   * a selection starts blinking its cursor, and a selection made after
   * that does not stop it ("unexpected blinking selection"). */
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  update_occurrences (self);
}

void
newsmark_search_bar_close (NewsmarkSearchBar *self)
{
  g_return_if_fail (NEWSMARK_IS_SEARCH_BAR (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, FALSE);
  if (self->view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

gboolean
newsmark_search_bar_get_revealed (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
newsmark_search_bar_get_text (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
newsmark_search_bar_set_text (NewsmarkSearchBar *self,
                              const char        *text)
{
  g_return_if_fail (NEWSMARK_IS_SEARCH_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  /* GtkSearchEntry delays search-changed; apply at once. */
  on_search_changed (self);
}

const char *
newsmark_search_bar_get_status (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), NULL);

  return gtk_label_get_text (self->occurrences_label);
}

guint
newsmark_search_bar_get_search_start (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), 0);

  return self->search_start;
}

gboolean
newsmark_search_bar_get_whole_words (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  return gtk_check_button_get_active (self->whole_words_check);
}

gboolean
newsmark_search_bar_get_case_sensitive (NewsmarkSearchBar *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SEARCH_BAR (self), FALSE);

  return gtk_check_button_get_active (self->case_check);
}

static void
newsmark_search_bar_dispose (GObject *object)
{
  NewsmarkSearchBar *self = NEWSMARK_SEARCH_BAR (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->applied_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_SEARCH_BAR);
  /* The template's root child is not bound to a field: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (newsmark_search_bar_parent_class)->dispose (object);
}

static void
newsmark_search_bar_class_init (NewsmarkSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_search_bar_dispose;

  g_type_ensure (NEWSMARK_TYPE_WRAP_LAYOUT);

  signals[MATCH_SELECTED] =
    g_signal_new ("match-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/newsmark/Newsmark/ui/newsmark-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSearchBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSearchBar, entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSearchBar, occurrences_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSearchBar, whole_words_check);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSearchBar, case_check);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_options_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_next_match);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_match);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, newsmark_search_bar_close);
}

static void
newsmark_search_bar_init (NewsmarkSearchBar *self)
{
  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));
}
