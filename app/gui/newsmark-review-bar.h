/* newsmark-review-bar.h — review mode: triage model suggestions by keyboard */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_REVIEW_BAR (newsmark_review_bar_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkReviewBar, newsmark_review_bar, NEWSMARK, REVIEW_BAR, GtkWidget)

/* The bar lives in a NewsmarkWindow. Once rooted it adds the "review"
 * action group to the window (review.active, review.accept, review.reject,
 * review.edit, review.apply-edit, review.cancel-edit, review.next,
 * review.previous, review.keep-both, review.replace, review.reject-conflict,
 * review.cancel-choice, review.order, review.import, review.bulk-accept,
 * review.resolve-unplaced) and, while review mode is on, handles the keys
 * a x e n p (and, while editing, Return, Escape, Tab and the label keys;
 * while asking which wins of a conflict, 1 2 3 k r x and Escape)
 * through a shortcut controller managed by the window. */

void                   newsmark_review_bar_set_annotation_set (NewsmarkReviewBar     *self,
                                                               NewsmarkAnnotationSet *set);
NewsmarkAnnotationSet *newsmark_review_bar_get_annotation_set (NewsmarkReviewBar     *self);

gboolean               newsmark_review_bar_get_active   (NewsmarkReviewBar   *self);
void                   newsmark_review_bar_set_active   (NewsmarkReviewBar   *self,
                                                         gboolean             active);
/* The queue while review mode is on, else NULL. */
NewsmarkReviewQueue   *newsmark_review_bar_get_queue    (NewsmarkReviewBar   *self);
/* The suggestion being reviewed (borrowed), or NULL. */
NewsmarkSpan          *newsmark_review_bar_get_current  (NewsmarkReviewBar   *self);
gboolean               newsmark_review_bar_get_editing  (NewsmarkReviewBar   *self);
/* Accepting @span, a pending suggestion that conflicts with another span,
 * from outside review (Ctrl+Enter, the inspector): review mode opens on it
 * and asks which wins. FALSE (nothing done) when it has no conflict. */
gboolean               newsmark_review_bar_ask_conflict (NewsmarkReviewBar   *self,
                                                         NewsmarkSpan        *span);
/* TRUE while the bar asks which wins of a conflict (keys 1/k keep both,
 * 2/r replace, 3/x reject, Escape decides later). */
gboolean               newsmark_review_bar_get_choosing (NewsmarkReviewBar   *self);
/* The line under the suggestion: its conflict, or where an unplaced one
 * was found; NULL when there is none. */
const char            *newsmark_review_bar_get_note     (NewsmarkReviewBar   *self);
/* "¶17, repeats ¶7 · score 0.93 · model": where the suggestion is and who made it. */
const char            *newsmark_review_bar_get_meta     (NewsmarkReviewBar   *self);
/* The label an edit will give the suggestion (NULL when not editing). */
const char            *newsmark_review_bar_get_edit_label (NewsmarkReviewBar *self);
/* "37 of 120 reviewed" over every model suggestion of the file. */
char                  *newsmark_review_bar_dup_progress_text (NewsmarkReviewBar *self);
/* The shortcut controller holding the review keys (for tests and the
 * shortcuts window). */
GtkShortcutController *newsmark_review_bar_get_shortcut_controller (NewsmarkReviewBar *self);
/* The last message shown in the bar (errors, "All suggestions reviewed"). */
const char            *newsmark_review_bar_get_message  (NewsmarkReviewBar   *self);
/* The dialog opened by review.import / review.bulk-accept /
 * review.resolve-unplaced, while it is open; else NULL. */
GtkWindow             *newsmark_review_bar_get_dialog   (NewsmarkReviewBar   *self);

G_END_DECLS
