/* newsmark-preferences-window.c — annotator, font, snapping, autosave, style
 *
 * Every widget is bound to the GSettings key it edits, so changes apply at
 * once in every window and there is nothing to "apply" or "cancel".
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-preferences-window.h"

struct _NewsmarkPreferencesWindow
{
  GtkWindow       parent_instance;

  GtkEntry       *annotator_entry;
  GtkFontButton  *font_button;
  GtkSwitch      *snap_switch;
  GtkSpinButton  *autosave_spin;
  GtkDropDown    *style_dropdown;
  GtkSwitch      *rejected_switch;
};

G_DEFINE_FINAL_TYPE (NewsmarkPreferencesWindow, newsmark_preferences_window, GTK_TYPE_WINDOW)

static const char * const style_names[] = { "follow", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_names); i++)
    if (g_str_equal (name, style_names[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *type,
                   gpointer            data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (style_names))
    return NULL;

  return g_variant_new_string (style_names[index]);
}

/* A name is changed here, never taken away: an emptied field leaves the
 * last name in place (the first one is asked for by the window). */
static GVariant *
annotator_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  g_autofree char *name = g_strstrip (g_strdup (g_value_get_string (value)));

  if (name[0] == '\0')
    return NULL;

  return g_variant_new_string (name);
}

NewsmarkPreferencesWindow *
newsmark_preferences_window_new (NewsmarkApplication *application)
{
  NewsmarkPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (NEWSMARK_IS_APPLICATION (application), NULL);

  self = g_object_new (NEWSMARK_TYPE_PREFERENCES_WINDOW, "application", application, NULL);
  settings = newsmark_application_get_settings (application);

  g_settings_bind_with_mapping (settings, "annotator", self->annotator_entry, "text", G_SETTINGS_BIND_DEFAULT,
                                NULL, annotator_set_mapping, NULL, NULL);
  g_settings_bind (settings, "reading-font", self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "snap-to-words", self->snap_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-interval", self->autosave_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-rejected", self->rejected_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "style-variant", self->style_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping, NULL, NULL);

  return self;
}

static void
newsmark_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NEWSMARK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (newsmark_preferences_window_parent_class)->dispose (object);
}

static void
newsmark_preferences_window_class_init (NewsmarkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, annotator_entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, snap_switch);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, autosave_spin);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkPreferencesWindow, rejected_switch);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
newsmark_preferences_window_init (NewsmarkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
