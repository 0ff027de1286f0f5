/* newsmark-annotator-dialog.h — asks who is annotating, once, before anything is logged */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

#include "newsmark-application.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_ANNOTATOR_DIALOG (newsmark_annotator_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkAnnotatorDialog, newsmark_annotator_dialog, NEWSMARK, ANNOTATOR_DIALOG, GtkWindow)

/* Whether @name (from g_get_real_name()) names a person: not empty, not
 * GLib's "Unknown", not the login name. */
gboolean                 newsmark_annotator_dialog_is_real_name (const char *name);
/* Modal over @parent. The name field starts with the user's real name
 * (g_get_real_name()) when the system knows one. Continue stores the name
 * in the "annotator" setting and closes; the dialog also closes by itself
 * once the setting holds a name (confirmed in another window). It cannot
 * be dismissed without a name: every span and log entry records it. */
NewsmarkAnnotatorDialog *newsmark_annotator_dialog_new       (GtkWindow               *parent,
                                                              NewsmarkApplication     *application);
GtkEditable             *newsmark_annotator_dialog_get_entry (NewsmarkAnnotatorDialog *self);
/* Stores the name in the field as the annotator; FALSE while it is empty. */
gboolean                 newsmark_annotator_dialog_confirm   (NewsmarkAnnotatorDialog *self);

G_END_DECLS
