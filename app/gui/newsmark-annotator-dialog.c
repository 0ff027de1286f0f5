/* newsmark-annotator-dialog.c — asks who is annotating, once, before anything is logged
 *
 * The annotator's name goes into the origin of every span and relation and
 * into every audit log entry. A login name ("root" on a shared machine) says
 * nothing in an audit, so the name is asked for on first use and kept in
 * the "annotator" setting (Preferences changes it).
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-annotator-dialog.h"

struct _NewsmarkAnnotatorDialog
{
  GtkWindow  parent_instance;

  GtkEntry  *name_entry;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (NewsmarkAnnotatorDialog, newsmark_annotator_dialog, GTK_TYPE_WINDOW)

static char *
stripped_name (NewsmarkAnnotatorDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
}

static void
on_name_changed (NewsmarkAnnotatorDialog *self)
{
  g_autofree char *name = stripped_name (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.confirm", name[0] != '\0');
}

static void
on_annotator_changed (NewsmarkAnnotatorDialog *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "annotator");

  if (g_strstrip (name)[0] != '\0')
    gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
newsmark_annotator_dialog_confirm (NewsmarkAnnotatorDialog *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATOR_DIALOG (self), FALSE);

  name = stripped_name (self);
  if (name[0] == '\0')
    return FALSE;

  /* Closes this dialog (on_annotator_changed) and every other one. */
  g_settings_set_string (self->settings, "annotator", name);
  return TRUE;
}

GtkEditable *
newsmark_annotator_dialog_get_entry (NewsmarkAnnotatorDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATOR_DIALOG (self), NULL);

  return GTK_EDITABLE (self->name_entry);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  newsmark_annotator_dialog_confirm (NEWSMARK_ANNOTATOR_DIALOG (widget));
}

static void
on_name_activate (NewsmarkAnnotatorDialog *self)
{
  newsmark_annotator_dialog_confirm (self);
}

static gboolean
newsmark_annotator_dialog_close_request (GtkWindow *window)
{
  NewsmarkAnnotatorDialog *self = NEWSMARK_ANNOTATOR_DIALOG (window);
  g_autofree char *name = g_settings_get_string (self->settings, "annotator");

  /* Only a name lets it go; closing the window behind it closes it too. */
  if (g_strstrip (name)[0] == '\0')
    return TRUE;

  return GTK_WINDOW_CLASS (newsmark_annotator_dialog_parent_class)->close_request (window);
}

gboolean
newsmark_annotator_dialog_is_real_name (const char *name)
{
  return name != NULL && name[0] != '\0' && g_strcmp0 (name, "Unknown") != 0 &&
         g_strcmp0 (name, g_get_user_name ()) != 0;
}

NewsmarkAnnotatorDialog *
newsmark_annotator_dialog_new (GtkWindow           *parent,
                               NewsmarkApplication *application)
{
  NewsmarkAnnotatorDialog *self;
  const char *real_name = g_get_real_name ();

  g_return_val_if_fail (NEWSMARK_IS_APPLICATION (application), NULL);

  self = g_object_new (NEWSMARK_TYPE_ANNOTATOR_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (newsmark_application_get_settings (application));
  g_signal_connect_object (self->settings, "changed::annotator", G_CALLBACK (on_annotator_changed), self,
                           G_CONNECT_SWAPPED);

  /* GLib says "Unknown" when the system has no real name, and a real name
   * that is the login name ("root") names no one. */
  if (newsmark_annotator_dialog_is_real_name (real_name))
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), real_name);
  on_name_changed (self);

  return self;
}

static void
newsmark_annotator_dialog_dispose (GObject *object)
{
  NewsmarkAnnotatorDialog *self = NEWSMARK_ANNOTATOR_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_ANNOTATOR_DIALOG);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (newsmark_annotator_dialog_parent_class)->dispose (object);
}

static void
newsmark_annotator_dialog_class_init (NewsmarkAnnotatorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = newsmark_annotator_dialog_dispose;
  window_class->close_request = newsmark_annotator_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-annotator-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkAnnotatorDialog, name_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activate);
  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL, confirm_action);
}

static void
newsmark_annotator_dialog_init (NewsmarkAnnotatorDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
