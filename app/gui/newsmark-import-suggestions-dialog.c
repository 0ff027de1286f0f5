/* newsmark-import-suggestions-dialog.c — add a model's suggestions to the open file
 *
 * Pick a file (GtkFileChooserNative), its format and the model's name; the
 * core parses strictly and imports as one undo step. The dialog then turns
 * into the import report — placed (exact, normalised), ambiguous, not
 * found, duplicates merged, conflicts — with the problem cases listed, so
 * that nothing placed doubtfully or left out goes unnoticed.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-import-suggestions-dialog.h"

struct _NewsmarkImportSuggestionsDialog
{
  GtkWindow              parent_instance;

  GtkButton             *close_button;
  GtkWidget             *import_button;
  GtkWidget             *review_button;
  GtkStack              *stack;
  GtkLabel              *file_label;
  GtkDropDown           *format_dropdown;
  GtkEntry              *model_entry;
  GtkEntry              *version_entry;
  GtkLabel              *error_label;
  GtkLabel              *heading_label;
  GtkGrid               *counts_grid;
  GtkLabel              *summary_label;
  GtkWidget             *details_scroller;
  GtkLabel              *details_label;
  GtkWidget             *unplaced_button;

  NewsmarkAnnotationSet *set;
  GFile                 *file;
  NewsmarkSuggestReport *report;
  char                  *summary;
};

G_DEFINE_FINAL_TYPE (NewsmarkImportSuggestionsDialog, newsmark_import_suggestions_dialog, GTK_TYPE_WINDOW)

enum {
  IMPORTED,
  REVIEW,
  RESOLVE_UNPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Same order as the format drop-down's items. */
static const NewsmarkSuggestFormat formats[] = {
  NEWSMARK_SUGGEST_FROM_NEWSMARK,
  NEWSMARK_SUGGEST_FROM_SPACY_JSONL,
  NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL,
  NEWSMARK_SUGGEST_FROM_LABEL_STUDIO,
  NEWSMARK_SUGGEST_FROM_STRINGS,
};

static void
update_actions (NewsmarkImportSuggestionsDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.import", self->file != NULL && self->report == NULL);
}

/* ---- Format guess ---------------------------------------------------------------- */

static NewsmarkSuggestFormat
guess_format (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name != NULL ? name : "", -1);
  g_autoptr(GFileInputStream) stream = NULL;
  char head[4096];
  gssize n;

  if (g_str_has_suffix (lower, ".newsmark.json"))
    return NEWSMARK_SUGGEST_FROM_NEWSMARK;

  /* Look at the start of the file: the JSON keys tell the formats apart
   * better than the extension (.json and .jsonl are used for all of them). */
  stream = g_file_read (file, NULL, NULL);
  n = stream != NULL ? g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head - 1, NULL, NULL) : -1;
  if (n > 0)
    {
      head[n] = '\0';
      if (strstr (head, "\"newsmark-annotations\"") != NULL)
        return NEWSMARK_SUGGEST_FROM_NEWSMARK;
      if (strstr (head, "\"predictions\"") != NULL || strstr (head, "\"annotations\"") != NULL)
        return NEWSMARK_SUGGEST_FROM_LABEL_STUDIO;
      if (head[strspn (head, " \t\r\n")] == '[')
        return NEWSMARK_SUGGEST_FROM_STRINGS;
      if (strstr (head, "\"spans\"") != NULL)
        return NEWSMARK_SUGGEST_FROM_SPACY_JSONL;
      if (strstr (head, "\"label\"") != NULL || strstr (head, "\"entities\"") != NULL)
        return NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL;
    }

  if (g_str_has_suffix (lower, ".jsonl"))
    return NEWSMARK_SUGGEST_FROM_SPACY_JSONL;

  return NEWSMARK_SUGGEST_FROM_STRINGS;
}

/* ---- Public API --------------------------------------------------------------------- */

void
newsmark_import_suggestions_dialog_set_file (NewsmarkImportSuggestionsDialog *self,
                                             GFile                           *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->file, file);
  if (file != NULL)
    {
      path = g_file_get_path (file);
      gtk_label_set_text (self->file_label, path != NULL ? path : g_file_peek_path (file));
      newsmark_import_suggestions_dialog_set_format (self, guess_format (file));
    }
  else
    {
      gtk_label_set_text (self->file_label, "Choose a File…");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_actions (self);
}

GFile *
newsmark_import_suggestions_dialog_get_file (NewsmarkImportSuggestionsDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self), NULL);

  return self->file;
}

void
newsmark_import_suggestions_dialog_set_format (NewsmarkImportSuggestionsDialog *self,
                                               NewsmarkSuggestFormat            format)
{
  g_return_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      gtk_drop_down_set_selected (self->format_dropdown, i);
}

NewsmarkSuggestFormat
newsmark_import_suggestions_dialog_get_format (NewsmarkImportSuggestionsDialog *self)
{
  guint selected;

  g_return_val_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self), NEWSMARK_SUGGEST_FROM_STRINGS);

  selected = gtk_drop_down_get_selected (self->format_dropdown);
  return selected < G_N_ELEMENTS (formats) ? formats[selected] : NEWSMARK_SUGGEST_FROM_STRINGS;
}

void
newsmark_import_suggestions_dialog_set_model_name (NewsmarkImportSuggestionsDialog *self,
                                                   const char                      *name)
{
  g_return_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), name != NULL ? name : "");
}

const NewsmarkSuggestReport *
newsmark_import_suggestions_dialog_get_report (NewsmarkImportSuggestionsDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self), NULL);

  return self->report;
}

const char *
newsmark_import_suggestions_dialog_get_summary (NewsmarkImportSuggestionsDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self), NULL);

  return self->summary;
}

/* ---- The report -------------------------------------------------------------------------- */

static void
add_count (NewsmarkImportSuggestionsDialog *self,
           guint                            row,
           const char                      *name,
           guint                            value,
           gboolean                         indent,
           gboolean                         warn)
{
  GtkWidget *name_label = gtk_label_new (name);
  g_autofree char *text = g_strdup_printf ("%u", value);
  GtkWidget *value_label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_widget_add_css_class (value_label, "numeric");
  if (indent)
    {
      gtk_widget_set_margin_start (name_label, 18);
      gtk_widget_add_css_class (name_label, "dim-label");
      gtk_widget_add_css_class (value_label, "dim-label");
    }
  if (warn && value > 0)
    {
      gtk_widget_add_css_class (name_label, "warning");
      gtk_widget_add_css_class (value_label, "warning");
    }
  gtk_grid_attach (self->counts_grid, name_label, 0, (int) row, 1, 1);
  gtk_grid_attach (self->counts_grid, value_label, 1, (int) row, 1, 1);
}

static void
show_report (NewsmarkImportSuggestionsDialog *self,
             GPtrArray                       *problems)
{
  const NewsmarkSuggestReport *r = self->report;
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *heading = NULL;
  g_autofree char *full = newsmark_suggest_report_to_string (r);
  const char *details = strchr (full, '\n');
  GString *text = g_string_new (NULL);
  guint row = 0;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u suggestion from “%s”",
                                         "Imported %u suggestions from “%s”", r->n_suggestions),
                             r->n_suggestions, name);
  gtk_label_set_text (self->heading_label, heading);

  add_count (self, row++, "Placed", r->placed, FALSE, FALSE);
  add_count (self, row++, "exact match", r->exact, TRUE, FALSE);
  add_count (self, row++, "normalised match (quotes, dashes, spaces)", r->normalised, TRUE, FALSE);
  add_count (self, row++, "Ambiguous (kept unplaced)", r->ambiguous, FALSE, TRUE);
  add_count (self, row++, "Not found (kept unplaced)", r->not_found, FALSE, TRUE);
  add_count (self, row++, "Duplicates merged", r->duplicates, FALSE, FALSE);
  add_count (self, row++, "Conflicts (same text, other label)", r->conflicts, FALSE, TRUE);
  if (r->mismatched > 0)
    add_count (self, row++, "Offsets into another version (matched by text)", r->mismatched, FALSE, TRUE);

  gtk_label_set_text (self->summary_label, self->summary);

  if (details != NULL)
    g_string_append (text, details + 1);
  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *warnings = newsmark_problems_to_string (problems);

      g_string_append (text, warnings);
    }
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  gtk_label_set_text (self->details_label, text->str);
  gtk_widget_set_visible (self->details_scroller, text->len > 0);
  g_string_free (text, TRUE);

  gtk_widget_set_visible (self->unplaced_button, r->ambiguous + r->not_found > 0);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->review_button, r->placed > 0);
  gtk_button_set_label (self->close_button, "_Close");
  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_window_set_default_widget (GTK_WINDOW (self), r->placed > 0 ? self->review_button : GTK_WIDGET (self->close_button));
  gtk_widget_grab_focus (r->placed > 0 ? self->review_button : GTK_WIDGET (self->close_button));
}

static void
show_error (NewsmarkImportSuggestionsDialog *self,
            const GError                    *error,
            GPtrArray                       *problems)
{
  GString *text = g_string_new ("Nothing was imported. ");

  g_string_append (text, error->message);
  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *more = newsmark_problems_to_string (problems);

      g_string_append_c (text, '\n');
      g_string_append (text, more);
    }
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);

  g_free (self->summary);
  self->summary = g_string_free (text, FALSE);
  gtk_label_set_text (self->error_label, self->summary);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

gboolean
newsmark_import_suggestions_dialog_import (NewsmarkImportSuggestionsDialog  *self,
                                           GError                          **error)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(NewsmarkSuggestReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *where = NULL;
  g_autofree char *model_name = NULL;
  g_autofree char *model_version = NULL;
  NewsmarkSuggestOptions options = { 0 };
  NewsmarkSuggestFormat format;
  gsize length = 0;

  g_return_val_if_fail (NEWSMARK_IS_IMPORT_SUGGESTIONS_DIALOG (self), FALSE);

  if (self->report != NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "already imported");
      return FALSE;
    }
  if (self->file == NULL)
    {
      g_set_error_literal (&local_error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, "Choose a file first.");
      show_error (self, local_error, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  format = newsmark_import_suggestions_dialog_get_format (self);
  where = g_file_get_parse_name (self->file);

  if (!g_file_load_contents (self->file, NULL, &data, &length, NULL, &local_error))
    goto failed;

  suggestions = newsmark_suggest_parse (format, data, length, where, self->set, problems, &local_error);
  if (suggestions == NULL)
    goto failed;

  model_name = entry_text (self->model_entry);
  model_version = entry_text (self->version_entry);
  options.model_name = model_name;
  options.model_version = model_name != NULL ? model_version : NULL;
  options.source = where;
  options.format = newsmark_suggest_format_to_string (format);

  report = newsmark_suggest_report_new ();
  if (!newsmark_suggest_import (self->set, suggestions, &options, report, &local_error))
    goto failed;

  self->report = g_steal_pointer (&report);
  g_free (self->summary);
  self->summary = newsmark_suggest_report_to_summary (self->report);
  show_report (self, problems);
  update_actions (self);
  g_signal_emit (self, signals[IMPORTED], 0);

  return TRUE;

failed:
  show_error (self, local_error, problems);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- Actions ------------------------------------------------------------------------------ */

static void
on_file_chosen (GtkNativeDialog                 *native,
                int                              response,
                NewsmarkImportSuggestionsDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        newsmark_import_suggestions_dialog_set_file (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  NewsmarkImportSuggestionsDialog *self = NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new ("Choose Suggestions", GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, "_Choose", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  gtk_file_filter_set_name (json, "JSON and JSON Lines files");
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_filter_add_pattern (json, "*.jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), json);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  if (self->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), self->file, NULL);

  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  newsmark_import_suggestions_dialog_import (NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (widget), NULL);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_object_ref (widget);
  g_signal_emit (widget, signals[REVIEW], 0);
  gtk_window_destroy (GTK_WINDOW (widget));
  g_object_unref (widget);
}

static void
resolve_unplaced_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  g_object_ref (widget);
  gtk_window_destroy (GTK_WINDOW (widget));
  g_signal_emit (widget, signals[RESOLVE_UNPLACED], 0);
  g_object_unref (widget);
}

/* ---- GObject ------------------------------------------------------------------------------- */

NewsmarkImportSuggestionsDialog *
newsmark_import_suggestions_dialog_new (GtkWindow             *parent,
                                        NewsmarkAnnotationSet *set)
{
  NewsmarkImportSuggestionsDialog *self;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  self = g_object_new (NEWSMARK_TYPE_IMPORT_SUGGESTIONS_DIALOG, "transient-for", parent, NULL);
  self->set = g_object_ref (set);
  newsmark_import_suggestions_dialog_set_format (self, NEWSMARK_SUGGEST_FROM_STRINGS);

  return self;
}

static void
newsmark_import_suggestions_dialog_dispose (GObject *object)
{
  NewsmarkImportSuggestionsDialog *self = NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (object);

  g_clear_object (&self->set);
  g_clear_object (&self->file);
  /* No gtk_widget_dispose_template (): GtkWindow disposes its child itself,
   * and in GTK 4.8 unparenting bound children that sit in a GtkViewport
   * leaves the viewport with a dangling child. */

  G_OBJECT_CLASS (newsmark_import_suggestions_dialog_parent_class)->dispose (object);
}

static void
newsmark_import_suggestions_dialog_finalize (GObject *object)
{
  NewsmarkImportSuggestionsDialog *self = NEWSMARK_IMPORT_SUGGESTIONS_DIALOG (object);

  g_clear_pointer (&self->report, newsmark_suggest_report_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (newsmark_import_suggestions_dialog_parent_class)->finalize (object);
}

static void
newsmark_import_suggestions_dialog_class_init (NewsmarkImportSuggestionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_import_suggestions_dialog_dispose;
  object_class->finalize = newsmark_import_suggestions_dialog_finalize;

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REVIEW] = g_signal_new ("review", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RESOLVE_UNPLACED] = g_signal_new ("resolve-unplaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-import-suggestions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, review_button);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, model_entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, version_entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, details_scroller);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkImportSuggestionsDialog, unplaced_button);

  gtk_widget_class_install_action (widget_class, "dialog.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "dialog.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "dialog.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "dialog.resolve-unplaced", NULL, resolve_unplaced_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
newsmark_import_suggestions_dialog_init (NewsmarkImportSuggestionsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->import_button);
  update_actions (self);
}
