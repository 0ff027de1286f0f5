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
/* Why the match starts unchecked ("already tagged", "inside the PERSON span
 * “Sergey Lavrov”"), or NULL. */
const char *newsmark_tag_matches_dialog_get_match_reason (NewsmarkTagMatchesDialog *self,
                                                          guint                     index);
gboolean    newsmark_tag_matches_dialog_get_checked    (NewsmarkTagMatchesDialog *self,
                                                        guint                     index);
/* Hits inside longer words, counted and named in the summary but not
 * listed while "Whole words only" is on. */
guint       newsmark_tag_matches_dialog_get_n_inside_words (NewsmarkTagMatchesDialog *self);
const char *newsmark_tag_matches_dialog_get_summary    (NewsmarkTagMatchesDialog *self);
void        newsmark_tag_matches_dialog_set_checked    (NewsmarkTagMatchesDialog *self,
                                                        guint                     index,
                                                        gboolean                  checked);
const char *newsmark_tag_matches_dialog_get_label      (NewsmarkTagMatchesDialog *self);
void        newsmark_tag_matches_dialog_set_label      (NewsmarkTagMatchesDialog *self,
                                                        const char               *label);
void        newsmark_tag_matches_dialog_set_whole_words (NewsmarkTagMatchesDialog *self,
                                                         gboolean                  whole_words);
/* Tags the checked matches as one undo step and closes the dialog.
 * Returns the number of spans created. "applied" (created, not_tagged)
 * says the same, with one line per checked match that was not tagged
 * (NULL when every one was). */
guint       newsmark_tag_matches_dialog_apply          (NewsmarkTagMatchesDialog *self);

/* The row shown for hit @index as plain text: "¶15, repeats ¶5  …context…",
 * with the reason it starts unchecked before the context ("¶22, repeats ¶12
 * already tagged · …context…"). */
char       *newsmark_tag_matches_dialog_dup_match_text (NewsmarkTagMatchesDialog *self,
                                                        guint                     index);

G_END_DECLS
