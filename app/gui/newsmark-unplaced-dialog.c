/* newsmark-unplaced-dialog.c — place ambiguous or missing suggestions by hand
 *
 * A string found in several places (articles repeat paragraphs) is not put
 * on the first match: the import keeps it unplaced with every candidate.
 * Here the analyst reads each candidate in its context and chooses one; the
 * suggestion is then placed (logged as "place", undoable) and joins the
 * review queue as a pending suggestion. A string not found at all (the
 * model misspelt a name, say) is placed on text the analyst selects in the
 * article: the dialog is not modal for that. Any of them can be rejected
 * instead: it stays in the file, unplaced, with status "rejected".
 *
 * Articles repeat paragraphs, so every position says which paragraph it
 * is in and whether that paragraph repeats an earlier one; positions that
 * are all copies of one paragraph can be placed in all of them at once.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-application.h"
#include "newsmark-article-view.h"
#include "newsmark-unplaced-dialog.h"

#define CONTEXT_CHARS 60

struct _NewsmarkUnplacedDialog
{
  GtkWindow              parent_instance;

  GtkStack              *stack;
  GtkListBox            *unplaced_list;
  GtkLabel              *label_chip;
  GtkLabel              *text_label;
  GtkLabel              *reason_label;
  GtkListBox            *candidate_list;
  GtkLabel              *error_label;
  GtkButton             *copies_button;

  NewsmarkAnnotationSet *set;
  NewsmarkArticleView   *view;       /* where "Place at Selection" reads from */
  gulong                 selection_id;
  GPtrArray             *unplaced;   /* NewsmarkSpan, in the rows' order */
  char                  *chip_class;
  gulong                 items_changed_id;
  gulong                 set_changed_id;
  guint                  rebuild_id;
  guint                  rebuilding : 1;
};

G_DEFINE_FINAL_TYPE (NewsmarkUnplacedDialog, newsmark_unplaced_dialog, GTK_TYPE_WINDOW)

enum {
  PLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static NewsmarkApplication *
get_app (NewsmarkUnplacedDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

  return NEWSMARK_IS_APPLICATION (app) ? NEWSMARK_APPLICATION (app) : NULL;
}

static char *
one_line (const char *text,
          guint       max_chars)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_isspace (c) ? ' ' : c);
    }

  return g_string_free (out, FALSE);
}

static const char *
reason_text (NewsmarkSpan *span)
{
  const char *reason = newsmark_span_get_unplaced_reason (span);

  if (g_strcmp0 (reason, "ambiguous") == 0)
    return "Found in several places and nothing decided between them. Choose the right one.";
  if (g_strcmp0 (reason, "not-found") == 0)
    return "Not found in this article. Select where it belongs in the article and choose "
           "Place at Selection, or leave it in the file as an unplaced suggestion.";
  if (g_strcmp0 (reason, "article-changed") == 0)
    return "The article changed and this span could not be re-anchored with certainty.";

  return reason != NULL ? reason : "";
}

static NewsmarkSpan *selected_span (NewsmarkUnplacedDialog *self);

/* The article's selection, when there is one to place a suggestion on. */
static gboolean
article_selection (NewsmarkUnplacedDialog *self,
                   guint                  *start,
                   guint                  *end)
{
  return self->view != NULL && newsmark_article_view_get_annotation_set (self->view) == self->set &&
         newsmark_article_view_get_selection (self->view, start, end) && *start < *end;
}

static void
update_place_selection (NewsmarkUnplacedDialog *self)
{
  guint start, end;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.place-selection",
                                 selected_span (self) != NULL && article_selection (self, &start, &end));
}

/* "…text before ‹text› text after…" as Pango markup and as plain text. */
static char *
candidate_context (NewsmarkUnplacedDialog *self,
                   guint                   start,
                   guint                   end,
                   gboolean                markup)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (self->set);
  guint length = newsmark_document_get_length (document);
  guint before_start = start > CONTEXT_CHARS ? start - CONTEXT_CHARS : 0;
  guint after_end = MIN (end + CONTEXT_CHARS, length);
  g_autofree char *before_raw = newsmark_document_dup_slice (document, before_start, start);
  g_autofree char *match_raw = newsmark_document_dup_slice (document, start, end);
  g_autofree char *after_raw = newsmark_document_dup_slice (document, end, after_end);
  g_autofree char *before = one_line (before_raw, G_MAXUINT);
  g_autofree char *match = one_line (match_raw, G_MAXUINT);
  g_autofree char *after = one_line (after_raw, G_MAXUINT);

  if (!markup)
    return g_strdup_printf ("%s%s[%s]%s%s", before_start > 0 ? "…" : "", before, match, after,
                            after_end < length ? "…" : "");

  return g_markup_printf_escaped ("%s%s<b><u>%s</u></b>%s%s", before_start > 0 ? "…" : "", before, match,
                                  after, after_end < length ? "…" : "");
}

static void
set_chip (NewsmarkUnplacedDialog *self,
          NewsmarkSpan           *span)
{
  NewsmarkApplication *app = get_app (self);
  NewsmarkLabel *label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (self->set),
                                                     newsmark_span_get_label (span));

  if (self->chip_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->label_chip), self->chip_class);
  g_clear_pointer (&self->chip_class, g_free);

  gtk_label_set_text (self->label_chip, newsmark_span_get_label (span));
  if (label != NULL && app != NULL)
    {
      self->chip_class = newsmark_application_colour_class (app, newsmark_label_get_colour (label));
      gtk_widget_add_css_class (GTK_WIDGET (self->label_chip), self->chip_class);
    }
}

static void
show_candidates (NewsmarkUnplacedDialog *self,
                 NewsmarkSpan           *span)
{
  const NewsmarkFragment *candidates;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidate_list))) != NULL)
    gtk_list_box_remove (self->candidate_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  update_place_selection (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.reject", span != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copies_button),
                          span != NULL && newsmark_review_candidates_are_copies (self->set, span));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.place-copies",
                                 span != NULL && newsmark_review_candidates_are_copies (self->set, span));
  if (span == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.place", FALSE);
      return;
    }

  {
    g_autofree char *text = one_line (newsmark_span_get_text (span), 300);
    g_autofree char *quoted = g_strdup_printf ("“%s”", text);
    const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
    g_autofree char *origin_text = origin != NULL ? newsmark_origin_to_display (origin) : NULL;
    g_autofree char *reason = NULL;

    set_chip (self, span);
    gtk_label_set_text (self->text_label, quoted);
    reason = g_strdup_printf ("%s%s%s", reason_text (span),
                              newsmark_span_get_context (span) != NULL ? "\nContext given: " : "",
                              newsmark_span_get_context (span) != NULL ? newsmark_span_get_context (span) : "");
    if (origin_text != NULL)
      {
        g_autofree char *with_origin = g_strdup_printf ("%s\nFrom %s", reason, origin_text);

        gtk_label_set_text (self->reason_label, with_origin);
      }
    else
      {
        gtk_label_set_text (self->reason_label, reason);
      }
  }

  candidates = newsmark_span_get_candidates (span);
  n = newsmark_span_get_n_candidates (span);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *markup = candidate_context (self, candidates[i].start, candidates[i].end, TRUE);
      g_autofree char *place = newsmark_document_describe_place (newsmark_annotation_set_get_document (self->set),
                                                                 candidates[i].start);
      g_autofree char *title = g_strdup_printf ("Position %u of %u · %s · characters %u–%u", i + 1, n,
                                                place != NULL ? place : "between paragraphs",
                                                candidates[i].start, candidates[i].end);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *heading = gtk_label_new (title);
      GtkWidget *context = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (context), markup);
      gtk_label_set_wrap (GTK_LABEL (context), TRUE);
      gtk_label_set_xalign (GTK_LABEL (context), 0);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "caption");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_widget_add_css_class (context, "nm-inspector-text");
      gtk_widget_set_margin_start (box, 10);
      gtk_widget_set_margin_end (box, 10);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), context);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->candidate_list, row);
    }

  if (n > 0)
    gtk_list_box_select_row (self->candidate_list, gtk_list_box_get_row_at_index (self->candidate_list, 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.place", n > 0);
  if (gtk_widget_get_visible (GTK_WIDGET (self->copies_button)))
    {
      g_autofree char *label = g_strdup_printf ("Place in _All %u Copies", n);

      gtk_button_set_label (self->copies_button, label);
    }
}

static void
on_unplaced_selected (NewsmarkUnplacedDialog *self,
                      GtkListBoxRow          *row)
{
  /* Rows are unselected while they are rebuilt or disposed. */
  if (self->rebuilding || self->set == NULL)
    return;

  show_candidates (self, row != NULL ? g_ptr_array_index (self->unplaced, gtk_list_box_row_get_index (row)) : NULL);
}

static void
rebuild (NewsmarkUnplacedDialog *self)
{
  GListModel *model = newsmark_annotation_set_get_unplaced (self->set);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->unplaced_list);
  guint keep = selected != NULL ? (guint) gtk_list_box_row_get_index (selected) : 0;
  GtkWidget *child;

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->unplaced_list))) != NULL)
    gtk_list_box_remove (self->unplaced_list, child);
  g_ptr_array_set_size (self->unplaced, 0);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, i);
      g_autofree char *text = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *places = NULL;
      GtkWidget *box, *title, *sub;

      if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
        continue;

      text = one_line (newsmark_span_get_text (span), 60);
      places = newsmark_span_get_n_candidates (span) > 0
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, " · %u place", " · %u places",
                                               newsmark_span_get_n_candidates (span)),
                                  newsmark_span_get_n_candidates (span)) : g_strdup ("");
      subtitle = g_strdup_printf ("%s · %s%s", newsmark_span_get_label (span),
                                  newsmark_span_get_unplaced_reason (span) != NULL
                                  ? newsmark_span_get_unplaced_reason (span) : "unplaced",
                                  places);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      title = gtk_label_new (text);
      sub = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), sub);
      gtk_list_box_append (self->unplaced_list, box);
      g_ptr_array_add (self->unplaced, g_object_ref (span));
    }
  self->rebuilding = FALSE;

  gtk_stack_set_visible_child_name (self->stack, self->unplaced->len > 0 ? "list" : "empty");
  if (self->unplaced->len > 0)
    newsmark_unplaced_dialog_select (self, MIN (keep, self->unplaced->len - 1));
  else
    show_candidates (self, NULL);
}

static gboolean
rebuild_idle (gpointer data)
{
  NewsmarkUnplacedDialog *self = data;

  self->rebuild_id = 0;
  if (self->set != NULL)
    rebuild (self);

  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (NewsmarkUnplacedDialog *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle, self, NULL);
}

/* ---- Public API ---------------------------------------------------------------------- */

guint
newsmark_unplaced_dialog_get_n_unplaced (NewsmarkUnplacedDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), 0);

  return self->unplaced->len;
}

static NewsmarkSpan *
selected_span (NewsmarkUnplacedDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->unplaced_list);

  if (row == NULL || (guint) gtk_list_box_row_get_index (row) >= self->unplaced->len)
    return NULL;

  return g_ptr_array_index (self->unplaced, gtk_list_box_row_get_index (row));
}

NewsmarkSpan *
newsmark_unplaced_dialog_get_selected (NewsmarkUnplacedDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), NULL);

  return selected_span (self);
}

void
newsmark_unplaced_dialog_select (NewsmarkUnplacedDialog *self,
                                 guint                   index)
{
  GtkListBoxRow *row;

  g_return_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self));

  row = gtk_list_box_get_row_at_index (self->unplaced_list, (int) index);
  if (row == NULL)
    return;

  gtk_list_box_select_row (self->unplaced_list, row);
  /* select_row does not emit row-selected when the row already was. */
  show_candidates (self, g_ptr_array_index (self->unplaced, index));
}

guint
newsmark_unplaced_dialog_get_n_candidates (NewsmarkUnplacedDialog *self)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), 0);

  span = newsmark_unplaced_dialog_get_selected (self);
  return span != NULL ? newsmark_span_get_n_candidates (span) : 0;
}

char *
newsmark_unplaced_dialog_dup_candidate_text (NewsmarkUnplacedDialog *self,
                                             guint                   candidate)
{
  NewsmarkSpan *span;
  const NewsmarkFragment *candidates;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), NULL);

  span = newsmark_unplaced_dialog_get_selected (self);
  if (span == NULL || candidate >= newsmark_span_get_n_candidates (span))
    return NULL;

  candidates = newsmark_span_get_candidates (span);
  return candidate_context (self, candidates[candidate].start, candidates[candidate].end, FALSE);
}

char *
newsmark_unplaced_dialog_dup_candidate_title (NewsmarkUnplacedDialog *self,
                                              guint                   candidate)
{
  GtkListBoxRow *row;
  GtkWidget *box;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), NULL);

  row = gtk_list_box_get_row_at_index (self->candidate_list, (int) candidate);
  if (row == NULL)
    return NULL;
  box = gtk_list_box_row_get_child (row);

  return g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))));
}

void
newsmark_unplaced_dialog_select_span (NewsmarkUnplacedDialog *self,
                                      NewsmarkSpan           *span)
{
  g_return_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self));

  for (guint i = 0; i < self->unplaced->len; i++)
    if (g_ptr_array_index (self->unplaced, i) == span)
      newsmark_unplaced_dialog_select (self, i);
}

static void
show_error (NewsmarkUnplacedDialog *self,
            const GError           *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

gboolean
newsmark_unplaced_dialog_reject (NewsmarkUnplacedDialog  *self,
                                 GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), FALSE);

  span = selected_span (self);
  if (span == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND, "no suggestion is selected");
      return FALSE;
    }

  if (!newsmark_review_reject (self->set, span, &local_error))
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
newsmark_unplaced_dialog_place_copies (NewsmarkUnplacedDialog  *self,
                                       GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), FALSE);

  span = selected_span (self);
  if (span == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND, "no suggestion is selected");
      return FALSE;
    }

  if (!newsmark_review_place_copies (self->set, span, &local_error))
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_signal_emit (self, signals[PLACED], 0);
  return TRUE;
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  newsmark_unplaced_dialog_reject (NEWSMARK_UNPLACED_DIALOG (widget), NULL);
}

static void
place_copies_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  newsmark_unplaced_dialog_place_copies (NEWSMARK_UNPLACED_DIALOG (widget), NULL);
}

/* Places the selected suggestion at [start, end); a refusal is shown in
 * the dialog. */
static gboolean
place_selected (NewsmarkUnplacedDialog  *self,
                guint                    start,
                guint                    end,
                GError                 **error)
{
  g_autoptr(NewsmarkSpan) span = g_object_ref (selected_span (self));
  g_autoptr(GError) local_error = NULL;

  if (!newsmark_review_place (self->set, span, start, end, &local_error))
    {
      gtk_label_set_text (self->error_label, local_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_signal_emit (self, signals[PLACED], 0);
  return TRUE;
}

gboolean
newsmark_unplaced_dialog_place (NewsmarkUnplacedDialog  *self,
                                guint                    candidate,
                                GError                 **error)
{
  const NewsmarkFragment *candidates;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), FALSE);

  if (newsmark_unplaced_dialog_get_selected (self) == NULL ||
      candidate >= newsmark_unplaced_dialog_get_n_candidates (self))
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND, "no such candidate position");
      return FALSE;
    }

  candidates = newsmark_span_get_candidates (newsmark_unplaced_dialog_get_selected (self));
  return place_selected (self, candidates[candidate].start, candidates[candidate].end, error);
}

static void
on_selection_changed (NewsmarkUnplacedDialog *self)
{
  update_place_selection (self);
}

void
newsmark_unplaced_dialog_set_article_view (NewsmarkUnplacedDialog *self,
                                           NewsmarkArticleView    *view)
{
  g_return_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self));
  g_return_if_fail (view == NULL || NEWSMARK_IS_ARTICLE_VIEW (view));

  if (self->view != NULL)
    g_clear_signal_handler (&self->selection_id, gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  g_set_object (&self->view, view);
  if (view != NULL)
    self->selection_id = g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                                                   "notify::has-selection",
                                                   G_CALLBACK (on_selection_changed), self);
  update_place_selection (self);
}

gboolean
newsmark_unplaced_dialog_place_at_selection (NewsmarkUnplacedDialog  *self,
                                             GError                 **error)
{
  guint start, end;

  g_return_val_if_fail (NEWSMARK_IS_UNPLACED_DIALOG (self), FALSE);

  if (selected_span (self) == NULL || !article_selection (self, &start, &end))
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                           "select the text the suggestion belongs on in the article first");
      return FALSE;
    }

  return place_selected (self, start, end, error);
}

static void
place_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  newsmark_unplaced_dialog_place_at_selection (NEWSMARK_UNPLACED_DIALOG (widget), NULL);
}

static void
on_candidate_activated (NewsmarkUnplacedDialog *self,
                        GtkListBoxRow          *row)
{
  newsmark_unplaced_dialog_place (self, (guint) gtk_list_box_row_get_index (row), NULL);
}

static void
place_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  NewsmarkUnplacedDialog *self = NEWSMARK_UNPLACED_DIALOG (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->candidate_list);

  if (row != NULL)
    newsmark_unplaced_dialog_place (self, (guint) gtk_list_box_row_get_index (row), NULL);
}

/* ---- GObject ------------------------------------------------------------------------------ */

NewsmarkUnplacedDialog *
newsmark_unplaced_dialog_new (GtkWindow             *parent,
                              NewsmarkAnnotationSet *set)
{
  NewsmarkUnplacedDialog *self;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  self = g_object_new (NEWSMARK_TYPE_UNPLACED_DIALOG, "transient-for", parent, NULL);
  self->set = g_object_ref (set);
  self->items_changed_id = g_signal_connect_swapped (newsmark_annotation_set_get_unplaced (set), "items-changed",
                                                     G_CALLBACK (rebuild), self);
  /* A rejection (or its undo) changes a status, not the list. */
  self->set_changed_id = g_signal_connect_swapped (set, "changed", G_CALLBACK (queue_rebuild), self);
  rebuild (self);

  return self;
}

static void
newsmark_unplaced_dialog_dispose (GObject *object)
{
  NewsmarkUnplacedDialog *self = NEWSMARK_UNPLACED_DIALOG (object);

  if (self->set != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, newsmark_annotation_set_get_unplaced (self->set));
      g_clear_signal_handler (&self->set_changed_id, self->set);
    }
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->set);
  if (self->view != NULL)
    g_clear_signal_handler (&self->selection_id, gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  g_clear_object (&self->view);
  /* No gtk_widget_dispose_template (): GtkWindow disposes its child itself,
   * and in GTK 4.8 unparenting bound children that sit in a GtkViewport
   * leaves the viewport with a dangling child. */

  G_OBJECT_CLASS (newsmark_unplaced_dialog_parent_class)->dispose (object);
}

static void
newsmark_unplaced_dialog_finalize (GObject *object)
{
  NewsmarkUnplacedDialog *self = NEWSMARK_UNPLACED_DIALOG (object);

  g_clear_pointer (&self->unplaced, g_ptr_array_unref);
  g_clear_pointer (&self->chip_class, g_free);

  G_OBJECT_CLASS (newsmark_unplaced_dialog_parent_class)->finalize (object);
}

static void
newsmark_unplaced_dialog_class_init (NewsmarkUnplacedDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_unplaced_dialog_dispose;
  object_class->finalize = newsmark_unplaced_dialog_finalize;

  signals[PLACED] = g_signal_new ("placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/newsmark/Newsmark/ui/newsmark-unplaced-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, unplaced_list);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, label_chip);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, text_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, candidate_list);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkUnplacedDialog, copies_button);
  gtk_widget_class_bind_template_callback (widget_class, on_unplaced_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_candidate_activated);

  gtk_widget_class_install_action (widget_class, "dialog.place", NULL, place_action);
  gtk_widget_class_install_action (widget_class, "dialog.place-selection", NULL, place_selection_action);
  gtk_widget_class_install_action (widget_class, "dialog.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "dialog.place-copies", NULL, place_copies_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "dialog.reject", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
newsmark_unplaced_dialog_init (NewsmarkUnplacedDialog *self)
{
  self->unplaced = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
}
