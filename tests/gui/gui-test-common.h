/* gui-test-common.h — what the GUI test programs share */
#pragma once

#include <string.h>
#include <glib.h>

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
