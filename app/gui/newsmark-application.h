/* newsmark-application.h — the workbench application: windows, settings, style */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_APPLICATION (newsmark_application_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkApplication, newsmark_application, NEWSMARK, APPLICATION, GtkApplication)

NewsmarkApplication *newsmark_application_new          (void);
/* When this process runs from @build_root (not installed) and no schema
 * directory is set, use the settings schema compiled in @schema_dir. Must
 * run before anything uses GSettings. */
void                 newsmark_application_use_build_tree_schema (const char *build_root,
                                                                 const char *schema_dir);
GSettings           *newsmark_application_get_settings (NewsmarkApplication *self);
/* TRUE when the effective style (preference or system) is dark. */
gboolean             newsmark_application_get_dark     (NewsmarkApplication *self);
/* @text as Pango markup in bold red that reads on the current style's
 * background (darker in light style, lighter in dark): for conflicts. */
char                *newsmark_application_dup_warning_markup (NewsmarkApplication *self,
                                                              const char          *text);
/* The annotator name for new spans: the setting, or the login name while
 * none was confirmed (then a window asks before anything can be logged). */
char                *newsmark_application_dup_annotator (NewsmarkApplication *self);
/* TRUE once the annotator confirmed a name (the setting is not empty). */
gboolean             newsmark_application_get_annotator_confirmed (NewsmarkApplication *self);
/* Opens @file in a window: the one already showing it, an empty one, or a
 * new one. Returns the window (borrowed). */
GtkWindow           *newsmark_application_open_file    (NewsmarkApplication *self,
                                                        GFile               *file);
/* Adds @file to the recent files list. */
void                 newsmark_application_add_recent   (NewsmarkApplication *self,
                                                        GFile               *file);
/* Recent article / annotation files opened with Newsmark, newest first
 * (GFile*, at most @max). */
GPtrArray           *newsmark_application_list_recent  (NewsmarkApplication *self,
                                                        guint                max);
/* The CSS class giving a label's colour ("nm-colour-3584e4"); registers
 * the colour's style on first use. */
char                *newsmark_application_colour_class (NewsmarkApplication *self,
                                                        const char          *colour);

G_END_DECLS
