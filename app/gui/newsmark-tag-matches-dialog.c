/* newsmark-tag-matches-dialog.c — tag every match of a search with one label
 *
 * Lists every hit with its context and a check box; the checked ones are
 * tagged as one undo step ("Tag 12 matches as PERSON"). Whole words only by
 * default (the core's word rule, newsmark-words.h), so "Ana" does not tag the
 * inside of "Banana" while "Lavrov" does tag "Lavrov's". Each hit names its
 * paragraph and the earlier one it repeats. Nothing is left out without a
 * word: a hit that is already tagged, or lies inside a span of the same
 * label, is listed unchecked with the reason; hits inside longer words are
 * counted and named in the summary.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-article-view.h"
#include "newsmark-tag-matches-dialog.h"

#define MAX_MATCHES   10000
#define CONTEXT_WORDS 6

/* ---- One match ------------------------------------------------------------ */

#define NEWSMARK_TYPE_MATCH (newsmark_match_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkMatch, newsmark_match, NEWSMARK, MATCH, GObject)

struct _NewsmarkMatch
{
  GObject   parent_instance;
  guint     start;
  guint     end;
  char     *markup;
  char     *reason;    /* why it starts unchecked, or NULL */
  gboolean  checked;
};

G_DEFINE_FINAL_TYPE (NewsmarkMatch, newsmark_match, G_TYPE_OBJECT)

enum {
  MATCH_PROP_0,
  MATCH_PROP_CHECKED,
  MATCH_N_PROPS
};

static GParamSpec *match_properties[MATCH_N_PROPS];

static void
newsmark_match_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NewsmarkMatch *self = NEWSMARK_MATCH (object);

  switch (prop_id)
    {
    case MATCH_PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_match_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NewsmarkMatch *self = NEWSMARK_MATCH (object);

  switch (prop_id)
    {
    case MATCH_PROP_CHECKED:
      if (self->checked != g_value_get_boolean (value))
        {
          self->checked = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_match_finalize (GObject *object)
{
  g_free (NEWSMARK_MATCH (object)->markup);
  g_free (NEWSMARK_MATCH (object)->reason);

  G_OBJECT_CLASS (newsmark_match_parent_class)->finalize (object);
}

static void
newsmark_match_class_init (NewsmarkMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_match_finalize;
  object_class->get_property = newsmark_match_get_property;
  object_class->set_property = newsmark_match_set_property;

  match_properties[MATCH_PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, MATCH_N_PROPS, match_properties);
}

static void
newsmark_match_init (NewsmarkMatch *self)
{
}

/* ---- The dialog --------------------------------------------------------------------- */

struct _NewsmarkTagMatchesDialog
{
  GtkWindow              parent_instance;

  GtkSearchEntry        *query_entry;
  GtkDropDown           *label_dropdown;
  GtkCheckButton        *whole_words_check;
  GtkCheckButton        *case_check;
  GtkLabel              *summary_label;
  GtkListView           *list_view;

  NewsmarkAnnotationSet *set;
  GListStore            *matches;
  gboolean               truncated;
  guint                  n_inside_words;  /* hits inside longer words, not listed */
  GPtrArray             *inside_words;    /* the first few of those words, distinct */
};

G_DEFINE_FINAL_TYPE (NewsmarkTagMatchesDialog, newsmark_tag_matches_dialog, GTK_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define NAMED_WORDS 3

static void
update_summary (NewsmarkTagMatchesDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  guint checked = newsmark_tag_matches_dialog_get_n_checked (self);
  GString *text = g_string_new (NULL);

  if (n == 0)
    g_string_append (text, "No matches");
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u%s match checked",
                                               "%u of %u%s matches checked", n),
                            checked, n, self->truncated ? "+" : "");
  if (self->truncated)
    g_string_append_printf (text, " (only the first %u are listed)", MAX_MATCHES);

  if (self->n_inside_words > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u more inside a longer word",
                                                 "%u more inside longer words", self->n_inside_words),
                              self->n_inside_words);
      g_string_append (text, " (");
      for (guint i = 0; i < self->inside_words->len; i++)
        g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "", (char *) self->inside_words->pdata[i]);
      if (self->inside_words->len == NAMED_WORDS)
        g_string_append (text, ", …");
      g_string_append (text, "), not listed: turn off Whole words to see them");
    }

  gtk_label_set_text (self->summary_label, text->str);
  g_string_free (text, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.apply", checked > 0);
}

static char *
context_markup (NewsmarkDocument *document,
                guint             start,
                guint             end,
                const char       *reason)
{
  /* The words around the hit in its own paragraph, as the span list shows
   * them: the row names the paragraph, so words from the one before would
   * read as though they were in it. */
  g_autoptr(NewsmarkPlace) place = newsmark_place_new (document, start, end, CONTEXT_WORDS, CONTEXT_WORDS);
  g_autofree char *hit = newsmark_document_dup_slice (document, start, end);
  g_autofree char *paragraph = newsmark_document_describe_paragraph (document, place->paragraph);
  g_autofree char *paragraph_e = NULL, *before_e = NULL, *hit_e = NULL, *after_e = NULL, *reason_e = NULL;

  g_strdelimit (hit, "\r\n\t", ' ');
  paragraph_e = g_markup_escape_text (paragraph != NULL ? paragraph : "", -1);
  before_e = g_markup_escape_text (place->before, -1);
  hit_e = g_markup_escape_text (hit, -1);
  after_e = g_markup_escape_text (place->after, -1);
  reason_e = reason != NULL ? g_markup_escape_text (reason, -1) : NULL;

  /* Articles repeat paragraphs: each hit says where it is and whether
   * its paragraph is a copy, or copies look like one hit twice. The reason
   * to start unchecked comes next, where the row's end cannot cut it off. */
  return g_strdup_printf ("<span alpha=\"70%%\">%s</span>  %s%s%s%s%s<b>%s</b>%s%s", paragraph_e,
                          reason_e != NULL ? "<i>" : "", reason_e != NULL ? reason_e : "",
                          reason_e != NULL ? "</i> · " : "", place->more_before ? "…" : "", before_e, hit_e,
                          after_e, place->more_after ? "…" : "");
}

static gboolean
already_tagged (NewsmarkTagMatchesDialog *self,
                const char               *label,
                guint                     start,
                guint                     end)
{
  g_autoptr(GPtrArray) spans = NULL;

  if (label == NULL)
    return FALSE;

  spans = newsmark_annotation_set_spans_at (self->set, start);
  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);

      if (newsmark_span_get_start (span) == start && newsmark_span_get_end (span) == end &&
          g_strcmp0 (newsmark_span_get_label (span), label) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Why a hit should not be tagged as @label without a second look, or NULL:
 * tagged already, or inside (or across) a span of the same label — "Lavrov"
 * inside "Sergey Lavrov" is the same person tagged once already. */
static char *
unchecked_reason (NewsmarkTagMatchesDialog *self,
                  const char               *label,
                  guint                     start,
                  guint                     end)
{
  g_autoptr(GPtrArray) spans = NULL;

  if (label == NULL)
    return NULL;
  if (already_tagged (self, label, start, end))
    return g_strdup ("already tagged");

  spans = newsmark_annotation_set_spans_in (self->set, start, end);
  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);
      g_autofree char *excerpt = NULL;
      gboolean inside;

      if (g_strcmp0 (newsmark_span_get_label (span), label) != 0 ||
          newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED)
        continue;
      /* A longer hit around a shorter span is a new, larger name. */
      inside = newsmark_span_get_start (span) <= start && end <= newsmark_span_get_end (span);
      if (!inside && start <= newsmark_span_get_start (span) && newsmark_span_get_end (span) <= end)
        continue;

      excerpt = g_utf8_substring (newsmark_span_get_text (span), 0, 40);
      g_strdelimit (excerpt, "\r\n\t", ' ');
      return g_strdup_printf ("%s the %s span “%s%s”", inside ? "inside" : "overlaps", label, excerpt,
                              g_utf8_strlen (newsmark_span_get_text (span), -1) > 40 ? "…" : "");
    }

  return NULL;
}

static void
on_match_checked (NewsmarkTagMatchesDialog *self)
{
  update_summary (self);
}

static void
search (NewsmarkTagMatchesDialog *self)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (self->set);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_entry));
  gboolean whole_words = gtk_check_button_get_active (self->whole_words_check);
  gboolean case_sensitive = gtk_check_button_get_active (self->case_check);
  const char *label = newsmark_tag_matches_dialog_get_label (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) found = newsmark_find_text (document, query, case_sensitive, MAX_MATCHES, &self->truncated);

  self->n_inside_words = 0;
  g_ptr_array_set_size (self->inside_words, 0);

  for (guint i = 0; i < found->len; i++)
    {
      const NewsmarkTextMatch *hit = &g_array_index (found, NewsmarkTextMatch, i);
      NewsmarkMatch *match;

      if (whole_words && hit->kind == NEWSMARK_TEXT_MATCH_INSIDE_WORD)
        {
          guint ws, we, unused;
          g_autofree char *word = NULL;

          newsmark_word_extent (document, hit->start, &ws, &unused);
          newsmark_word_extent (document, hit->end - 1, &unused, &we);
          word = newsmark_document_dup_slice (document, ws, we);
          self->n_inside_words++;
          if (self->inside_words->len < NAMED_WORDS &&
              !g_ptr_array_find_with_equal_func (self->inside_words, word, g_str_equal, NULL))
            g_ptr_array_add (self->inside_words, g_steal_pointer (&word));
          continue;
        }

      match = g_object_new (NEWSMARK_TYPE_MATCH, NULL);
      match->start = hit->start;
      match->end = hit->end;
      match->reason = unchecked_reason (self, label, hit->start, hit->end);
      match->checked = match->reason == NULL;
      match->markup = context_markup (document, hit->start, hit->end, match->reason);
      g_signal_connect_object (match, "notify::checked", G_CALLBACK (on_match_checked),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (items, match);
    }

  g_list_store_splice (self->matches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->matches)),
                       items->pdata, items->len);
  update_summary (self);
}

static void
on_query_changed (NewsmarkTagMatchesDialog *self)
{
  if (self->set != NULL)
    search (self);
}

static void
on_query_activate (NewsmarkTagMatchesDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.apply", NULL);
}

static void
on_label_changed (NewsmarkTagMatchesDialog *self)
{
  if (self->set != NULL)
    search (self);
}

/* ---- Rows ------------------------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  NewsmarkMatch *match = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (check);
  GBinding *binding;

  gtk_label_set_markup (GTK_LABEL (label), match->markup);
  binding = g_object_bind_property (match, "checked", check, "active",
                                    G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (item), "nm-binding", binding);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GBinding *binding = g_object_get_data (G_OBJECT (item), "nm-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (item), "nm-binding", NULL);
}

static void
on_row_activate (NewsmarkTagMatchesDialog *self,
                 guint                     position)
{
  g_autoptr(NewsmarkMatch) match = g_list_model_get_item (G_LIST_MODEL (self->matches), position);

  if (match != NULL)
    g_object_set (match, "checked", !match->checked, NULL);
}

/* ---- Public API ---------------------------------------------------------------------------- */

guint
newsmark_tag_matches_dialog_get_n_matches (NewsmarkTagMatchesDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->matches));
}

guint
newsmark_tag_matches_dialog_get_n_checked (NewsmarkTagMatchesDialog *self)
{
  guint n, checked = 0;

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkMatch) match = g_list_model_get_item (G_LIST_MODEL (self->matches), i);

      checked += match->checked ? 1 : 0;
    }

  return checked;
}

void
newsmark_tag_matches_dialog_get_match (NewsmarkTagMatchesDialog *self,
                                       guint                     index,
                                       guint                    *start,
                                       guint                    *end)
{
  g_autoptr(NewsmarkMatch) match = NULL;

  g_return_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self));

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), index);
  g_return_if_fail (match != NULL);

  if (start != NULL)
    *start = match->start;
  if (end != NULL)
    *end = match->end;
}

const char *
newsmark_tag_matches_dialog_get_match_reason (NewsmarkTagMatchesDialog *self,
                                              guint                     index)
{
  g_autoptr(NewsmarkMatch) match = NULL;

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), NULL);

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), index);
  g_return_val_if_fail (match != NULL, NULL);

  /* The list holds the match, so the reason outlives this reference. */
  return match->reason;
}

gboolean
newsmark_tag_matches_dialog_get_checked (NewsmarkTagMatchesDialog *self,
                                         guint                     index)
{
  g_autoptr(NewsmarkMatch) match = NULL;

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), FALSE);

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), index);
  g_return_val_if_fail (match != NULL, FALSE);

  return match->checked;
}

guint
newsmark_tag_matches_dialog_get_n_inside_words (NewsmarkTagMatchesDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), 0);

  return self->n_inside_words;
}

const char *
newsmark_tag_matches_dialog_get_summary (NewsmarkTagMatchesDialog *self)
{
  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

char *
newsmark_tag_matches_dialog_dup_match_text (NewsmarkTagMatchesDialog *self,
                                            guint                     index)
{
  g_autoptr(NewsmarkMatch) match = NULL;
  char *text = NULL;

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), NULL);

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), index);
  g_return_val_if_fail (match != NULL, NULL);

  if (!pango_parse_markup (match->markup, -1, 0, NULL, &text, NULL, NULL))
    return NULL;
  return text;
}

void
newsmark_tag_matches_dialog_set_checked (NewsmarkTagMatchesDialog *self,
                                         guint                     index,
                                         gboolean                  checked)
{
  g_autoptr(NewsmarkMatch) match = NULL;

  g_return_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self));

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), index);
  g_return_if_fail (match != NULL);

  g_object_set (match, "checked", checked, NULL);
}

const char *
newsmark_tag_matches_dialog_get_label (NewsmarkTagMatchesDialog *self)
{
  GtkStringObject *item;

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), NULL);

  item = gtk_drop_down_get_selected_item (self->label_dropdown);
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

void
newsmark_tag_matches_dialog_set_label (NewsmarkTagMatchesDialog *self,
                                       const char               *label)
{
  GListModel *model;

  g_return_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self));

  model = gtk_drop_down_get_model (self->label_dropdown);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        gtk_drop_down_set_selected (self->label_dropdown, i);
    }
}

void
newsmark_tag_matches_dialog_set_whole_words (NewsmarkTagMatchesDialog *self,
                                             gboolean                  whole_words)
{
  g_return_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self));

  gtk_check_button_set_active (self->whole_words_check, whole_words);
}

guint
newsmark_tag_matches_dialog_apply (NewsmarkTagMatchesDialog *self)
{
  const char *label = newsmark_tag_matches_dialog_get_label (self);
  g_autofree char *description = NULL;
  guint n, created = 0, checked;
  g_autoptr(GString) not_tagged = g_string_new (NULL);

  g_return_val_if_fail (NEWSMARK_IS_TAG_MATCHES_DIALOG (self), 0);

  checked = newsmark_tag_matches_dialog_get_n_checked (self);
  if (self->set == NULL || label == NULL || checked == 0)
    return 0;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tag %u match as %s", "Tag %u matches as %s", checked),
                                 checked, label);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));

  /* One undo step for the whole batch. */
  newsmark_annotation_set_begin_group (self->set, description);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkMatch) match = g_list_model_get_item (G_LIST_MODEL (self->matches), i);
      g_autoptr(GError) error = NULL;

      if (!match->checked)
        continue;
      /* Checked again by hand, or two hits of one place: said, not hidden. */
      if (already_tagged (self, label, match->start, match->end))
        g_string_append_printf (not_tagged, "%u–%u: already tagged as %s\n", match->start, match->end, label);
      else if (newsmark_annotation_set_create_span (self->set, label, match->start, match->end, &error) != NULL)
        created++;
      else
        g_string_append_printf (not_tagged, "%u–%u: %s\n", match->start, match->end, error->message);
    }
  newsmark_annotation_set_end_group (self->set);

  g_signal_emit (self, signals[APPLIED], 0, created, not_tagged->len > 0 ? not_tagged->str : NULL);
  gtk_window_destroy (GTK_WINDOW (self));

  return created;
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  newsmark_tag_matches_dialog_apply (NEWSMARK_TAG_MATCHES_DIALOG (widget));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  NewsmarkTagMatchesDialog *self = NEWSMARK_TAG_MATCHES_DIALOG (widget);
  gboolean checked = g_str_equal (action_name, "dialog.check-all");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));

  for (guint i = 0; i < n; i++)
    newsmark_tag_matches_dialog_set_checked (self, i, checked);
}

NewsmarkTagMatchesDialog *
newsmark_tag_matches_dialog_new (GtkWindow             *parent,
                                 NewsmarkAnnotationSet *set,
                                 const char            *query,
                                 const char            *label,
                                 gboolean               whole_words,
                                 gboolean               case_sensitive)
{
  NewsmarkTagMatchesDialog *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GListModel *model;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  self = g_object_new (NEWSMARK_TYPE_TAG_MATCHES_DIALOG, "transient-for", parent, NULL);

  model = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NewsmarkLabel) item = g_list_model_get_item (model, i);

      gtk_string_list_append (labels, newsmark_label_get_name (item));
    }
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (labels));
  newsmark_tag_matches_dialog_set_label (self, label);
  gtk_check_button_set_active (self->whole_words_check, whole_words);
  gtk_check_button_set_active (self->case_check, case_sensitive);
  gtk_editable_set_text (GTK_EDITABLE (self->query_entry), query != NULL ? query : "");

  self->set = g_object_ref (set);
  search (self);

  return self;
}

static void
newsmark_tag_matches_dialog_dispose (GObject *object)
{
  NewsmarkTagMatchesDialog *self = NEWSMARK_TAG_MATCHES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_TAG_MATCHES_DIALOG);
  g_clear_object (&self->set);
  g_clear_object (&self->matches);
  g_clear_pointer (&self->inside_words, g_ptr_array_unref);

  G_OBJECT_CLASS (newsmark_tag_matches_dialog_parent_class)->dispose (object);
}

static void
newsmark_tag_matches_dialog_class_init (NewsmarkTagMatchesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_tag_matches_dialog_dispose;

  signals[APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-tag-matches-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, query_entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, whole_words_check);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, case_check);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkTagMatchesDialog, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_query_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_query_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed);

  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "dialog.check-all", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "dialog.check-none", NULL, check_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
newsmark_tag_matches_dialog_init (NewsmarkTagMatchesDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_list_store_new (NEWSMARK_TYPE_MATCH);
  self->inside_words = g_ptr_array_new_with_free_func (g_free);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  {
    GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->matches)));

    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }
  gtk_list_view_set_single_click_activate (self->list_view, FALSE);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_row_activate), self);
}
