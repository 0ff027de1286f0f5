/* newsmark-unplaced-dialog.h — place ambiguous or missing suggestions by hand */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

#include "newsmark-article-view.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_UNPLACED_DIALOG (newsmark_unplaced_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkUnplacedDialog, newsmark_unplaced_dialog, NEWSMARK, UNPLACED_DIALOG, GtkWindow)

/* Lists the set's unplaced suggestions; for the selected one, every
 * candidate position with the text around it. Signal "placed" after one
 * was placed (it becomes a pending suggestion). */
NewsmarkUnplacedDialog *newsmark_unplaced_dialog_new (GtkWindow             *parent,
                                                      NewsmarkAnnotationSet *set);
guint         newsmark_unplaced_dialog_get_n_unplaced  (NewsmarkUnplacedDialog *self);
/* The unplaced suggestion shown (borrowed), or NULL. */
NewsmarkSpan *newsmark_unplaced_dialog_get_selected    (NewsmarkUnplacedDialog *self);
void          newsmark_unplaced_dialog_select          (NewsmarkUnplacedDialog *self,
                                                        guint                   index);
guint         newsmark_unplaced_dialog_get_n_candidates (NewsmarkUnplacedDialog *self);
/* The context line shown for a candidate ("…before [text] after…"). */
char         *newsmark_unplaced_dialog_dup_candidate_text (NewsmarkUnplacedDialog *self,
                                                           guint                   candidate);
/* "Position 2 of 4 · ¶15, repeats ¶5 · characters 1724–1737": the
 * heading shown for a candidate of the selected suggestion. */
char         *newsmark_unplaced_dialog_dup_candidate_title (NewsmarkUnplacedDialog *self,
                                                            guint                   candidate);
void          newsmark_unplaced_dialog_select_span     (NewsmarkUnplacedDialog *self,
                                                        NewsmarkSpan           *span);
/* Rejects the selected suggestion (Delete): it leaves the list and stays
 * in the file, unplaced, with status "rejected"; logged, one undo step. */
gboolean      newsmark_unplaced_dialog_reject          (NewsmarkUnplacedDialog *self,
                                                        GError                **error);
/* When its positions are copies of one repeated paragraph: places the
 * selected suggestion in every copy (newsmark_review_place_copies). */
gboolean      newsmark_unplaced_dialog_place_copies    (NewsmarkUnplacedDialog *self,
                                                        GError                **error);
/* Places the selected suggestion at its @candidate-th position (logged as
 * "place", one undo step). */
gboolean      newsmark_unplaced_dialog_place           (NewsmarkUnplacedDialog *self,
                                                        guint                   candidate,
                                                        GError                **error);

/* Where "Place at Selection" takes its range from: the text selected in
 * @view (the window's article) while the dialog is open. */
void          newsmark_unplaced_dialog_set_article_view (NewsmarkUnplacedDialog *self,
                                                         NewsmarkArticleView    *view);
/* Places the selected suggestion on the article's selection; the span
 * takes the article's text there and the log keeps the suggested one. */
gboolean      newsmark_unplaced_dialog_place_at_selection (NewsmarkUnplacedDialog  *self,
                                                           GError                 **error);

G_END_DECLS
