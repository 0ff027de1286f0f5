/* newsmark-bulk-accept-dialog.h — accept every suggestion of a label at or above a score */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_BULK_ACCEPT_DIALOG (newsmark_bulk_accept_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkBulkAcceptDialog, newsmark_bulk_accept_dialog, NEWSMARK, BULK_ACCEPT_DIALOG, GtkWindow)

/* @label NULL: any label. Signal "applied" (guint n) after accepting. */
NewsmarkBulkAcceptDialog *newsmark_bulk_accept_dialog_new (GtkWindow             *parent,
                                                           NewsmarkAnnotationSet *set,
                                                           const char            *label,
                                                           double                 min_score);
/* NULL: any label. */
const char *newsmark_bulk_accept_dialog_get_label     (NewsmarkBulkAcceptDialog *self);
void        newsmark_bulk_accept_dialog_set_label     (NewsmarkBulkAcceptDialog *self,
                                                       const char               *label);
double      newsmark_bulk_accept_dialog_get_min_score (NewsmarkBulkAcceptDialog *self);
void        newsmark_bulk_accept_dialog_set_min_score (NewsmarkBulkAcceptDialog *self,
                                                       double                    min_score);
/* The preview: how many suggestions the button would accept. */
guint       newsmark_bulk_accept_dialog_get_count     (NewsmarkBulkAcceptDialog *self);
/* The button's text, "Accept 412 Suggestions". */
const char *newsmark_bulk_accept_dialog_get_button_text (NewsmarkBulkAcceptDialog *self);
/* Accepts them as one undo step (one "bulk-accept" log entry) and closes
 * the dialog. Returns the number accepted. */
guint       newsmark_bulk_accept_dialog_apply         (NewsmarkBulkAcceptDialog *self);

G_END_DECLS
