/* gui-test-common.h — what the GUI test programs share */
#pragma once

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "newsmark-application.h"
#include "newsmark-window-private.h"

/* For g_test_log_set_fatal_handler(): every warning fails a GUI test,
 * GTK's and GLib's too (a widget that measures itself wrongly is a bug to
 * see), except those about the buses an Xvfb session has none of. */
static inline gboolean
gui_test_log_is_fatal (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  static const char * const no_bus[] = {
    "D-Bus", "DBus", "dbus", "session bus", "AT-SPI", "accessibility bus", NULL
  };

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (log_domain, "Newsmark") != 0 && message != NULL)
    {
      for (guint i = 0; no_bus[i] != NULL; i++)
        if (strstr (message, no_bus[i]) != NULL)
          return FALSE;
    }

  return TRUE;
}

static inline gboolean
gui_test_timeout_reached (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define GUI_TEST_ANNOTATOR "GUI Test Annotator"

/* The application the test's windows belong to, registered (not unique:
 * tests run side by side), as `newsmark` would have it. The annotator's
 * name is set (in the memory settings backend the tests run with) as
 * though confirmed on first use, so no window stops to ask for it. */
static inline NewsmarkApplication *
gui_test_application_new (void)
{
  g_autoptr(GError) error = NULL;
  NewsmarkApplication *app = newsmark_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_settings_set_string (newsmark_application_get_settings (app), "annotator", GUI_TEST_ANNOTATOR);
  return app;
}

/* Runs the main loop for @ms milliseconds. */
static inline void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, gui_test_timeout_reached, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @condition holds (TRUE) or @timeout_ms pass
 * (FALSE). */
static inline gboolean
wait_for (gboolean (*condition) (gpointer data),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

/* Removes a test's temporary folder and the files in it. */
static inline void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

/* Delivers a key press the way GTK propagates it while the article has the
 * focus: first the window's capture-phase shortcuts (the review bar's),
 * then the article view's key controller. Returns whether it was handled
 * and by whom (*by_review). */
static inline gboolean
press_key_full (NewsmarkWindow  *window,
                guint            keyval,
                GdkModifierType  modifiers,
                gboolean        *by_review)
{
  NewsmarkReviewBar *bar = newsmark_window_get_review_bar (window);
  GListModel *shortcuts = G_LIST_MODEL (newsmark_review_bar_get_shortcut_controller (bar));
  GtkWidget *view = GTK_WIDGET (newsmark_window_get_article_view (window));
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  *by_review = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
        {
          if (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            GTK_WIDGET (bar), gtk_shortcut_get_arguments (shortcut)))
            {
              *by_review = TRUE;
              spin (10);
              return TRUE;
            }
          break;
        }
    }

  controllers = gtk_widget_observe_controllers (view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
          break;
        }
    }

  spin (10);
  return handled;
}
