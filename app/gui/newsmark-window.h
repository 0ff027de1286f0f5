/* newsmark-window.h — one workbench window: one article and its annotations */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

#include "newsmark-application.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_WINDOW (newsmark_window_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkWindow, newsmark_window, NEWSMARK, WINDOW, GtkApplicationWindow)

NewsmarkWindow        *newsmark_window_new                (NewsmarkApplication *application);
/* Opens an article (its ARTICLE.newsmark.json too, when present) or an
 * annotation file. On failure the window keeps what it showed, shows the
 * problems in a banner, and no file is touched. */
gboolean               newsmark_window_open               (NewsmarkWindow      *self,
                                                           GFile               *file,
                                                           GError             **error);
/* Opens like newsmark_window_open, but a large annotation file is read on
 * another thread: an empty window shows the first screen of it at once,
 * read-only, and becomes the file's once the whole of it has been checked
 * ("loading" turns FALSE). Problems are shown as newsmark_window_open shows
 * them. FALSE when a file read at once could not be opened; TRUE when it
 * was, or is being read. */
gboolean               newsmark_window_open_in_background (NewsmarkWindow      *self,
                                                           GFile               *file);
gboolean               newsmark_window_get_loading        (NewsmarkWindow      *self);
/* Saves to the annotation file (atomic, via the core). Refuses when the
 * file changed on disk since it was read, unless @overwrite. */
gboolean               newsmark_window_save               (NewsmarkWindow      *self,
                                                           gboolean             overwrite,
                                                           GError             **error);
gboolean               newsmark_window_is_empty           (NewsmarkWindow      *self);
gboolean               newsmark_window_shows_file         (NewsmarkWindow      *self,
                                                           GFile               *file);
NewsmarkAnnotationSet *newsmark_window_get_annotation_set (NewsmarkWindow      *self);
GFile                 *newsmark_window_get_annotation_file (NewsmarkWindow     *self);
GFile                 *newsmark_window_get_article_file   (NewsmarkWindow      *self);
NewsmarkSpan          *newsmark_window_get_selected_span  (NewsmarkWindow      *self);
void                   newsmark_window_set_selected_span  (NewsmarkWindow      *self,
                                                           NewsmarkSpan        *span);

G_END_DECLS
