/* newsmark-tag-matches-dialog.h — tag every match of a search with one label */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_TAG_MATCHES_DIALOG (newsmark_tag_matches_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkTagMatchesDialog, newsmark_tag_matches_dialog, NEWSMARK, TAG_MATCHES_DIALOG, GtkWindow)

NewsmarkTagMatchesDialog *newsmark_tag_matches_dialog_new (GtkWindow             *parent,
                                                           NewsmarkAnnotationSet *set,
                                                           const char            *query,
                                                           const char            *label,
                                                           gboolean               whole_words,
                                                           gboolean               case_sensitive);
guint       newsmark_tag_matches_dialog_get_n_matches  (NewsmarkTagMatchesDialog *self);
guint       newsmark_tag_matches_dialog_get_n_checked  (NewsmarkTagMatchesDialog *self);
void        newsmark_tag_matches_dialog_get_match      (NewsmarkTagMatchesDialog *self,
                                                        guint                     index,
                                                        guint                    *start,
                                                        guint                    *end);
void        newsmark_tag_matches_dialog_set_checked    (NewsmarkTagMatchesDialog *self,
                                                        guint                     index,
                                                        gboolean                  checked);
const char *newsmark_tag_matches_dialog_get_label      (NewsmarkTagMatchesDialog *self);
void        newsmark_tag_matches_dialog_set_label      (NewsmarkTagMatchesDialog *self,
                                                        const char               *label);
void        newsmark_tag_matches_dialog_set_whole_words (NewsmarkTagMatchesDialog *self,
                                                         gboolean                  whole_words);
/* Tags the checked matches as one undo step and closes the dialog.
 * Returns the number of spans created. */
guint       newsmark_tag_matches_dialog_apply          (NewsmarkTagMatchesDialog *self);

/* The row shown for hit @index as plain text: "¶15, repeats ¶5  …context…". */
char       *newsmark_tag_matches_dialog_dup_match_text (NewsmarkTagMatchesDialog *self,
                                                        guint                     index);

G_END_DECLS
