/* newsmark-bulk-accept-dialog.c — accept every suggestion of a label at or above a score
 *
 * The button always says how many suggestions it will accept ("Accept 412
 * Suggestions"), recounted as the criteria change, so nothing is accepted
 * blind. The core applies them as one undo step with one "bulk-accept" log
 * entry holding the criteria.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-bulk-accept-dialog.h"

struct _NewsmarkBulkAcceptDialog
{
  GtkWindow              parent_instance;

  GtkDropDown           *label_dropdown;
  GtkSpinButton         *score_spin;
  GtkLabel              *preview_label;
  GtkButton             *apply_button;

  NewsmarkAnnotationSet *set;
  GPtrArray             *labels;     /* label names; index 0 (NULL) is "any label" */
  char                  *button_text;
  guint                  count;
};

G_DEFINE_FINAL_TYPE (NewsmarkBulkAcceptDialog, newsmark_bulk_accept_dialog, GTK_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_preview (NewsmarkBulkAcceptDialog *self)
{
  const char *label = newsmark_bulk_accept_dialog_get_label (self);
  double min_score = newsmark_bulk_accept_dialog_get_min_score (self);
  g_autofree char *preview = NULL;
  g_autofree char *pending_text = NULL;
  guint pending;
  guint conflicts;

  /* The template's signals fire while it is built, before the set is known. */
  if (self->set == NULL)
    return;

  /* Suggestions on another label's text are never accepted in bulk: each
   * needs its own "which wins?" in review. */
  conflicts = newsmark_review_bulk_count_conflicts (self->set, label, min_score);
  pending = newsmark_review_bulk_count (self->set, label, -G_MAXDOUBLE) +
            newsmark_review_bulk_count_conflicts (self->set, label, -G_MAXDOUBLE);
  self->count = newsmark_review_bulk_count (self->set, label, min_score);

  g_free (self->button_text);
  self->button_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accept %u Suggestion", "Accept %u Suggestions",
                                                    self->count), self->count);
  gtk_button_set_label (self->apply_button, self->button_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.apply", self->count > 0);

  /* Each count with its own plural: "1 of the 3 pending PERSON suggestions
   * has …". The conflicts reach the score too, so they are among the first
   * count and then said apart. */
  pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the %u pending %s suggestion", "the %u pending %s suggestions",
                                               pending), pending, label != NULL ? label : "");
  preview = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %s has a score of %.2f or more.",
                                          "%u of %s have a score of %.2f or more.", self->count + conflicts),
                             self->count + conflicts, pending_text, min_score);
  if (conflicts > 0)
    {
      char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s %u of them conflicts with another label on the same text and is "
                                                 "left for review.",
                                                 "%s %u of them conflict with another label on the same text and are "
                                                 "left for review.", conflicts),
                                    preview, conflicts);

      g_free (preview);
      preview = with;
    }
  gtk_label_set_text (self->preview_label, preview);
}

static void
on_criteria_changed (NewsmarkBulkAcceptDialog *self)
{
  update_preview (self);
}

guint
newsmark_bulk_accept_dialog_apply (NewsmarkBulkAcceptDialog *self)
{
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self), 0);

  n = newsmark_review_bulk_accept (self->set, newsmark_bulk_accept_dialog_get_label (self),
                                   newsmark_bulk_accept_dialog_get_min_score (self));
  g_signal_emit (self, signals[APPLIED], 0, n);
  gtk_window_destroy (GTK_WINDOW (self));

  return n;
}

/* Enter applies, also from the spin button (which has no "activate" signal
 * of its own in GTK 4.8): take the typed value first. */
static gboolean
on_key_pressed (GtkEventControllerKey    *controller,
                guint                     keyval,
                guint                     keycode,
                GdkModifierType           state,
                NewsmarkBulkAcceptDialog *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;

  gtk_spin_button_update (self->score_spin);
  update_preview (self);
  if (self->count > 0)
    newsmark_bulk_accept_dialog_apply (self);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));

  return TRUE;
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  newsmark_bulk_accept_dialog_apply (NEWSMARK_BULK_ACCEPT_DIALOG (widget));
}

const char *
newsmark_bulk_accept_dialog_get_label (NewsmarkBulkAcceptDialog *self)
{
  guint selected;

  g_return_val_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->label_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->labels->len)
    return NULL;

  return g_ptr_array_index (self->labels, selected);
}

void
newsmark_bulk_accept_dialog_set_label (NewsmarkBulkAcceptDialog *self,
                                       const char               *label)
{
  g_return_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self));

  for (guint i = 0; i < self->labels->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->labels, i), label) == 0)
        {
          gtk_drop_down_set_selected (self->label_dropdown, i);
          update_preview (self);
          return;
        }
    }

  gtk_drop_down_set_selected (self->label_dropdown, 0);
  update_preview (self);
}

double
newsmark_bulk_accept_dialog_get_min_score (NewsmarkBulkAcceptDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self), 0);

  return gtk_spin_button_get_value (self->score_spin);
}

void
newsmark_bulk_accept_dialog_set_min_score (NewsmarkBulkAcceptDialog *self,
                                           double                    min_score)
{
  g_return_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self));

  gtk_spin_button_set_value (self->score_spin, min_score);
  update_preview (self);
}

guint
newsmark_bulk_accept_dialog_get_count (NewsmarkBulkAcceptDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self), 0);

  return self->count;
}

const char *
newsmark_bulk_accept_dialog_get_button_text (NewsmarkBulkAcceptDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_BULK_ACCEPT_DIALOG (self), NULL);

  return self->button_text;
}

NewsmarkBulkAcceptDialog *
newsmark_bulk_accept_dialog_new (GtkWindow             *parent,
                                 NewsmarkAnnotationSet *set,
                                 const char            *label,
                                 double                 min_score)
{
  NewsmarkBulkAcceptDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *labels;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  self = g_object_new (NEWSMARK_TYPE_BULK_ACCEPT_DIALOG, "transient-for", parent, NULL);
  self->set = g_object_ref (set);

  gtk_string_list_append (names, "Any label");
  g_ptr_array_add (self->labels, NULL);
  labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) item = g_list_model_get_item (labels, i);

      gtk_string_list_append (names, newsmark_label_get_name (item));
      g_ptr_array_add (self->labels, g_strdup (newsmark_label_get_name (item)));
    }
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (names));

  gtk_spin_button_set_value (self->score_spin, min_score);
  newsmark_bulk_accept_dialog_set_label (self, label);
  gtk_widget_grab_focus (GTK_WIDGET (self->score_spin));

  return self;
}

static void
newsmark_bulk_accept_dialog_dispose (GObject *object)
{
  NewsmarkBulkAcceptDialog *self = NEWSMARK_BULK_ACCEPT_DIALOG (object);

  g_clear_object (&self->set);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_BULK_ACCEPT_DIALOG);

  G_OBJECT_CLASS (newsmark_bulk_accept_dialog_parent_class)->dispose (object);
}

static void
newsmark_bulk_accept_dialog_finalize (GObject *object)
{
  NewsmarkBulkAcceptDialog *self = NEWSMARK_BULK_ACCEPT_DIALOG (object);

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->button_text, g_free);

  G_OBJECT_CLASS (newsmark_bulk_accept_dialog_parent_class)->finalize (object);
}

static void
newsmark_bulk_accept_dialog_class_init (NewsmarkBulkAcceptDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_bulk_accept_dialog_dispose;
  object_class->finalize = newsmark_bulk_accept_dialog_finalize;

  /**
   * NewsmarkBulkAcceptDialog::applied:
   * @n: how many suggestions were accepted
   */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-bulk-accept-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkBulkAcceptDialog, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkBulkAcceptDialog, score_spin);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkBulkAcceptDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkBulkAcceptDialog, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_criteria_changed);

  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
newsmark_bulk_accept_dialog_init (NewsmarkBulkAcceptDialog *self)
{
  GtkEventController *controller;

  self->labels = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
