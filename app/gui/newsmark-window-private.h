/* newsmark-window-private.h — window internals for the GUI tests and benchmark */
#pragma once

#include <newsmark/newsmark.h>
#include "newsmark-annotator-dialog.h"
#include "newsmark-article-view.h"
#include "newsmark-inspector.h"
#include "newsmark-review-bar.h"
#include "newsmark-search-bar.h"
#include "newsmark-span-list-panel.h"
#include "newsmark-tag-matches-dialog.h"
#include "newsmark-window.h"

G_BEGIN_DECLS

NewsmarkArticleView      *newsmark_window_get_article_view      (NewsmarkWindow *self);
NewsmarkSearchBar        *newsmark_window_get_search_bar        (NewsmarkWindow *self);
NewsmarkSpanListPanel    *newsmark_window_get_span_list         (NewsmarkWindow *self);
NewsmarkInspector        *newsmark_window_get_inspector         (NewsmarkWindow *self);
NewsmarkReviewBar        *newsmark_window_get_review_bar        (NewsmarkWindow *self);
/* The open "Who is annotating?" question, or NULL. */
NewsmarkAnnotatorDialog  *newsmark_window_get_annotator_dialog  (NewsmarkWindow *self);
/* The open "Tag All Matches" dialog, or NULL. */
NewsmarkTagMatchesDialog *newsmark_window_get_tag_matches_dialog (NewsmarkWindow *self);
/* What the status bar says. */
const char               *newsmark_window_get_status_text       (NewsmarkWindow *self);
/* Text of the problems banner ("" when hidden). Newly allocated. */
char                     *newsmark_window_dup_problems_text     (NewsmarkWindow *self);
gboolean                  newsmark_window_get_disk_changed      (NewsmarkWindow *self);
gboolean                  newsmark_window_get_recovery_offered  (NewsmarkWindow *self);
GFile                    *newsmark_window_get_recovery_file     (NewsmarkWindow *self);
/* Writes the recovery file now, on this thread. */
gboolean                  newsmark_window_autosave_now          (NewsmarkWindow *self);
/* What the autosave timer does: writes the text a slice at a time between
 * frames, then the file on another thread. FALSE when there is nothing to
 * write or a write is already under way. */
gboolean                  newsmark_window_autosave_in_background (NewsmarkWindow *self);
/* TRUE while such an autosave is under way; also its slices on this
 * thread, the longest of them and, once written, how long it took in all. */
gboolean                  newsmark_window_get_autosaving        (NewsmarkWindow *self,
                                                                 guint          *n_slices,
                                                                 gint64         *longest_slice_us,
                                                                 gint64         *total_us);
void                      newsmark_window_restore_recovery      (NewsmarkWindow *self);
void                      newsmark_window_discard_recovery      (NewsmarkWindow *self);

G_END_DECLS
