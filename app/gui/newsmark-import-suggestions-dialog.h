/* newsmark-import-suggestions-dialog.h — add a model's suggestions to the open file */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_IMPORT_SUGGESTIONS_DIALOG (newsmark_import_suggestions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkImportSuggestionsDialog, newsmark_import_suggestions_dialog,
                      NEWSMARK, IMPORT_SUGGESTIONS_DIALOG, GtkWindow)

/* Signals: "imported" after suggestions were added; "review" and
 * "resolve-unplaced" when the user asks for that from the report. */
NewsmarkImportSuggestionsDialog *newsmark_import_suggestions_dialog_new (GtkWindow             *parent,
                                                                         NewsmarkAnnotationSet *set);
/* Also picks the format the file most likely has. */
void                  newsmark_import_suggestions_dialog_set_file       (NewsmarkImportSuggestionsDialog *self,
                                                                         GFile                           *file);
GFile                *newsmark_import_suggestions_dialog_get_file       (NewsmarkImportSuggestionsDialog *self);
void                  newsmark_import_suggestions_dialog_set_format     (NewsmarkImportSuggestionsDialog *self,
                                                                         NewsmarkSuggestFormat            format);
NewsmarkSuggestFormat newsmark_import_suggestions_dialog_get_format     (NewsmarkImportSuggestionsDialog *self);
void                  newsmark_import_suggestions_dialog_set_model_name (NewsmarkImportSuggestionsDialog *self,
                                                                         const char                      *name);
/* Reads and imports the chosen file (one undo step, one "import" log
 * entry) and shows the report. On error nothing is changed and the error
 * is shown in the dialog too. */
gboolean              newsmark_import_suggestions_dialog_import         (NewsmarkImportSuggestionsDialog *self,
                                                                         GError                         **error);
/* The report of the last import, or NULL. */
const NewsmarkSuggestReport *newsmark_import_suggestions_dialog_get_report (NewsmarkImportSuggestionsDialog *self);
/* The text shown: the summary line "placed N (exact M, normalised K), …",
 * or the error. */
const char           *newsmark_import_suggestions_dialog_get_summary    (NewsmarkImportSuggestionsDialog *self);

G_END_DECLS
