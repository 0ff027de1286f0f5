/* newsmark-preferences-window.h — annotator, font, snapping, autosave, style */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

#include "newsmark-application.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_PREFERENCES_WINDOW (newsmark_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkPreferencesWindow, newsmark_preferences_window, NEWSMARK, PREFERENCES_WINDOW, GtkWindow)

NewsmarkPreferencesWindow *newsmark_preferences_window_new (NewsmarkApplication *application);

G_END_DECLS
