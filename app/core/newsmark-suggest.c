/* newsmark-suggest.c — importing model suggestions and reviewing them
 *
 * An import never guesses: a suggestion whose position is not certain is
 * kept as an unplaced suggestion with its candidates, for an analyst to
 * resolve, and the report says exactly what happened to each one. Review
 * decisions are ordinary undoable edits plus an audit log entry, so the
 * file always tells who decided what.
 */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark.h"
#include "newsmark/newsmark-formats.h"
#include "newsmark/newsmark-suggest.h"
#include "newsmark-json-private.h"

/* Code points of the model's text taken on each side of an offset-based
 * suggestion as its context when the article differs. */
#define SOURCE_CONTEXT 40

/* ---- Formats ---------------------------------------------------------------- */

static const char * const format_names[] = {
  [NEWSMARK_SUGGEST_FROM_NEWSMARK] = "newsmark",
  [NEWSMARK_SUGGEST_FROM_SPACY_JSONL] = "spacy-jsonl",
  [NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL] = "doccano-jsonl",
  [NEWSMARK_SUGGEST_FROM_LABEL_STUDIO] = "label-studio",
  [NEWSMARK_SUGGEST_FROM_STRINGS] = "strings",
};

const char *
newsmark_suggest_format_to_string (NewsmarkSuggestFormat format)
{
  if ((guint) format < G_N_ELEMENTS (format_names))
    return format_names[format];

  return NULL;
}

gboolean
newsmark_suggest_format_from_string (const char            *name,
                                     NewsmarkSuggestFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_str_equal (name, format_names[i]))
        {
          if (format != NULL)
            *format = (NewsmarkSuggestFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
newsmark_suggest_outcome_to_string (NewsmarkSuggestOutcome outcome)
{
  switch (outcome)
    {
    case NEWSMARK_SUGGEST_PLACED_EXACT:      return "exact";
    case NEWSMARK_SUGGEST_PLACED_NORMALISED: return "normalised";
    case NEWSMARK_SUGGEST_AMBIGUOUS:         return "ambiguous";
    case NEWSMARK_SUGGEST_NOT_FOUND:         return "not-found";
    case NEWSMARK_SUGGEST_DUPLICATE:         return "duplicate";
    case NEWSMARK_SUGGEST_CONFLICT:          return "conflict";
    default:                                 return "unknown";
    }
}

/* ---- NewsmarkSuggestion ------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (NewsmarkSuggestion, newsmark_suggestion,
                     newsmark_suggestion_copy, newsmark_suggestion_free)

NewsmarkSuggestion *
newsmark_suggestion_new (void)
{
  return g_new0 (NewsmarkSuggestion, 1);
}

NewsmarkSuggestion *
newsmark_suggestion_copy (const NewsmarkSuggestion *suggestion)
{
  NewsmarkSuggestion *copy;

  g_return_val_if_fail (suggestion != NULL, NULL);

  copy = g_new0 (NewsmarkSuggestion, 1);
  *copy = *suggestion;
  copy->where = g_strdup (suggestion->where);
  copy->label = g_strdup (suggestion->label);
  copy->text = g_strdup (suggestion->text);
  copy->fragments = suggestion->n_fragments > 0
    ? g_memdup2 (suggestion->fragments, sizeof (NewsmarkFragment) * suggestion->n_fragments)
    : NULL;
  copy->source = suggestion->source != NULL ? g_object_ref (suggestion->source) : NULL;
  copy->context = g_strdup (suggestion->context);
  copy->attributes = suggestion->attributes != NULL ? g_variant_ref (suggestion->attributes) : NULL;
  copy->model_name = g_strdup (suggestion->model_name);
  copy->model_version = g_strdup (suggestion->model_version);

  return copy;
}

void
newsmark_suggestion_free (NewsmarkSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;

  g_free (suggestion->where);
  g_free (suggestion->label);
  g_free (suggestion->text);
  g_free (suggestion->fragments);
  g_clear_object (&suggestion->source);
  g_free (suggestion->context);
  g_clear_pointer (&suggestion->attributes, g_variant_unref);
  g_free (suggestion->model_name);
  g_free (suggestion->model_version);
  g_free (suggestion);
}

/* ---- Report ------------------------------------------------------------------ */

static void
item_free (gpointer data)
{
  NewsmarkSuggestItem *item = data;

  g_free (item->where);
  g_free (item->label);
  g_free (item->text);
  g_free (item->span_id);
  g_clear_pointer (&item->candidates, g_array_unref);
  g_free (item->conflict_with);
  g_free (item->conflict_label);
  g_free (item->article_text);
  g_free (item);
}

NewsmarkSuggestReport *
newsmark_suggest_report_new (void)
{
  NewsmarkSuggestReport *report = g_new0 (NewsmarkSuggestReport, 1);

  report->items = g_ptr_array_new_with_free_func (item_free);

  return report;
}

void
newsmark_suggest_report_free (NewsmarkSuggestReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->items);
  g_free (report);
}

static void
report_reset (NewsmarkSuggestReport *report)
{
  GPtrArray *items = report->items;

  g_ptr_array_set_size (items, 0);
  memset (report, 0, sizeof *report);
  report->items = items;
}

char *
newsmark_suggest_report_to_summary (const NewsmarkSuggestReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  return g_strdup_printf ("placed %u (exact %u, normalised %u), ambiguous %u, "
                          "not found %u, duplicates merged %u, conflicts %u",
                          report->placed, report->exact, report->normalised,
                          report->ambiguous, report->not_found,
                          report->duplicates, report->conflicts);
}

/* At most 60 characters of @text on one line, for messages. */
static char *
excerpt (const char *text)
{
  g_autofree char *flat = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  flat = g_strdup (text);
  g_strdelimit (flat, "\r\n\t", ' ');

  if (g_utf8_strlen (flat, -1) <= 60)
    return g_steal_pointer (&flat);

  out = g_string_new (NULL);
  g_string_append_len (out, flat, g_utf8_offset_to_pointer (flat, 57) - flat);
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
append_candidates (GString *out,
                   GArray  *candidates)
{
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      const NewsmarkFragment *c = &g_array_index (candidates, NewsmarkFragment, i);

      if (i == 8 && candidates->len > 9)
        {
          g_string_append_printf (out, " … (%u more)", candidates->len - i);
          break;
        }
      g_string_append_printf (out, "%s%u-%u", i > 0 ? ", " : " ", c->start, c->end);
    }
}

char *
newsmark_suggest_report_to_string (const NewsmarkSuggestReport *report)
{
  g_autofree char *summary = NULL;
  GString *out;
  static const NewsmarkSuggestOutcome sections[] = {
    NEWSMARK_SUGGEST_AMBIGUOUS,
    NEWSMARK_SUGGEST_NOT_FOUND,
    NEWSMARK_SUGGEST_CONFLICT,
    NEWSMARK_SUGGEST_DUPLICATE,
  };
  static const char * const titles[] = {
    "Ambiguous (kept as unplaced suggestions; choose a position):",
    "Not found (kept as unplaced suggestions):",
    "Conflicts (same offsets as a span with another label; kept for review):",
    "Duplicates (identical to an existing span; merged):",
  };

  g_return_val_if_fail (report != NULL, NULL);

  summary = newsmark_suggest_report_to_summary (report);
  out = g_string_new (summary);
  g_string_append_c (out, '\n');

  if (report->mismatched > 0)
    {
      g_string_append_printf (out, "Offsets whose text differs from the article "
                              "(matched by text instead): %u\n", report->mismatched);
      for (guint i = 0; i < report->items->len; i++)
        {
          const NewsmarkSuggestItem *item = g_ptr_array_index (report->items, i);
          g_autofree char *given = NULL;
          g_autofree char *found = NULL;

          if (!item->text_mismatch)
            continue;

          given = excerpt (item->text);
          found = excerpt (item->article_text);
          g_string_append_printf (out, "  %s %s %u-%u: “%s” in the suggestions, “%s” in the article → %s",
                                  item->where, item->label, item->given_start, item->given_end,
                                  given, found,
                                  newsmark_suggest_outcome_to_string (item->outcome));
          if (item->outcome == NEWSMARK_SUGGEST_PLACED_EXACT ||
              item->outcome == NEWSMARK_SUGGEST_PLACED_NORMALISED ||
              item->outcome == NEWSMARK_SUGGEST_CONFLICT ||
              item->outcome == NEWSMARK_SUGGEST_DUPLICATE)
            g_string_append_printf (out, " at %u-%u", item->start, item->end);
          g_string_append_c (out, '\n');
        }
    }

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < report->items->len; i++)
        {
          const NewsmarkSuggestItem *item = g_ptr_array_index (report->items, i);
          g_autofree char *text = NULL;

          if (item->outcome != sections[s])
            continue;

          if (!any)
            g_string_append_printf (out, "%s\n", titles[s]);
          any = TRUE;

          text = excerpt (item->text);
          g_string_append_printf (out, "  %s %s “%s”", item->where, item->label, text);

          switch (item->outcome)
            {
            case NEWSMARK_SUGGEST_AMBIGUOUS:
              g_string_append_printf (out, ": %u candidates:", item->candidates ? item->candidates->len : 0);
              append_candidates (out, item->candidates);
              g_string_append_printf (out, " (unplaced %s)", item->span_id);
              break;
            case NEWSMARK_SUGGEST_NOT_FOUND:
              if (item->candidates != NULL && item->candidates->len > 0)
                {
                  g_string_append_printf (out, ": the requested occurrence is past the %u found:",
                                          item->candidates->len);
                  append_candidates (out, item->candidates);
                }
              g_string_append_printf (out, " (unplaced %s)", item->span_id);
              break;
            case NEWSMARK_SUGGEST_CONFLICT:
              g_string_append_printf (out, " at %u-%u (%s): %s has label %s there",
                                      item->start, item->end, item->span_id,
                                      item->conflict_with, item->conflict_label);
              break;
            case NEWSMARK_SUGGEST_DUPLICATE:
              g_string_append_printf (out, " at %u-%u: merged into %s",
                                      item->start, item->end, item->span_id);
              break;
            case NEWSMARK_SUGGEST_PLACED_EXACT:
            case NEWSMARK_SUGGEST_PLACED_NORMALISED:
            default:
              break;
            }
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

/* ---- Parsing: strings ---------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GVariant *
attributes_from_json (NewsmarkJsonReader *reader,
                      json_object        *object)
{
  GVariantBuilder builder;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  struct json_object_iterator it = json_object_iter_begin (object);
  struct json_object_iterator it_end = json_object_iter_end (object);
  gboolean ok = TRUE;

  /* Sorted keys: the same input always gives the same variant. */
  for (; !json_object_iter_equal (&it, &it_end); json_object_iter_next (&it))
    g_ptr_array_add (keys, (gpointer) json_object_iter_peek_name (&it));
  g_ptr_array_sort (keys, compare_strings);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      json_object *value = json_object_object_get (object, key);

      switch (json_object_get_type (value))
        {
        case json_type_string:
          g_variant_builder_add (&builder, "{sv}", key,
                                 g_variant_new_string (json_object_get_string (value)));
          break;
        case json_type_boolean:
          g_variant_builder_add (&builder, "{sv}", key,
                                 g_variant_new_boolean (json_object_get_boolean (value)));
          break;
        case json_type_int:
        case json_type_double:
          if (!_newsmark_json_expect (reader, value, NEWSMARK_JSON_NUMBER, key))
            {
              ok = FALSE;
              break;
            }
          g_variant_builder_add (&builder, "{sv}", key,
                                 g_variant_new_double (json_object_get_double (value)));
          break;
        case json_type_null:
        case json_type_object:
        case json_type_array:
        default:
          _newsmark_json_error (reader, key,
                                "expected a string, boolean or number, got %s",
                                _newsmark_json_type_name (value));
          ok = FALSE;
          break;
        }
    }

  if (!ok)
    {
      g_variant_unref (g_variant_ref_sink (g_variant_builder_end (&builder)));
      return NULL;
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
fail_with_problems (GPtrArray   *problems,
                    const char  *filename,
                    GPtrArray   *caller_problems,
                    GError     **error)
{
  g_autofree char *summary = _newsmark_problems_summary (problems, filename);

  if (caller_problems != NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        g_ptr_array_add (caller_problems,
                         newsmark_problem_copy (g_ptr_array_index (problems, i)));
    }

  g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, summary);
  return FALSE;
}

static GPtrArray *
parse_strings (const char  *data,
               gsize        len,
               const char  *filename,
               GPtrArray   *caller_problems,
               GError     **error)
{
  static const char * const allowed[] = {
    "text", "label", "context", "occurrence", "score", "attributes", NULL
  };
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  NewsmarkJsonReader reader;
  json_object *root;
  guint n;

  root = _newsmark_json_parse (data, len, filename, caller_problems, error);
  if (root == NULL)
    return NULL;

  _newsmark_json_reader_init (&reader, filename, problems);

  if (!_newsmark_json_expect (&reader, root, NEWSMARK_JSON_ARRAY, NULL))
    {
      _newsmark_json_reader_clear (&reader);
      json_object_put (root);
      fail_with_problems (problems, filename, caller_problems, error);
      return NULL;
    }

  n = (guint) json_object_array_length (root);
  suggestions = g_ptr_array_new_full (n, (GDestroyNotify) newsmark_suggestion_free);

  for (guint i = 0; i < n; i++)
    {
      json_object *item = json_object_array_get_idx (root, i);
      g_autoptr(NewsmarkSuggestion) s = newsmark_suggestion_new ();
      gsize mark = _newsmark_json_path_push_index (&reader, i);
      guint before = reader.n_errors;
      const char *text = NULL;
      const char *label = NULL;
      const char *context = NULL;
      json_object *attributes = NULL;
      gboolean present = FALSE;

      if (!_newsmark_json_expect (&reader, item, NEWSMARK_JSON_OBJECT, NULL))
        {
          _newsmark_json_path_pop (&reader, mark);
          continue;
        }

      _newsmark_json_check_keys (&reader, item, allowed);
      _newsmark_json_get_string (&reader, item, "text", TRUE, &text);
      _newsmark_json_get_string (&reader, item, "label", TRUE, &label);
      _newsmark_json_get_string (&reader, item, "context", FALSE, &context);
      if (_newsmark_json_get_uint (&reader, item, "occurrence", FALSE, &s->occurrence, &present) &&
          present && s->occurrence == 0)
        _newsmark_json_error (&reader, "occurrence", "expected 1 or more (occurrences count from 1), got 0");
      _newsmark_json_get_number (&reader, item, "score", FALSE, &s->score, &s->has_score);
      if (_newsmark_json_member (&reader, item, "attributes", NEWSMARK_JSON_OBJECT, FALSE, &attributes) &&
          attributes != NULL)
        {
          gsize amark = _newsmark_json_path_push_key (&reader, "attributes");

          s->attributes = attributes_from_json (&reader, attributes);
          _newsmark_json_path_pop (&reader, amark);
        }

      if (text != NULL)
        {
          g_autofree char *norm = newsmark_anchor_normalise (text, -1);

          if (norm[0] == '\0')
            _newsmark_json_error (&reader, "text", "expected the text of the span, got an empty or blank string");
        }
      if (label != NULL && label[0] == '\0')
        _newsmark_json_error (&reader, "label", "expected a label name, got an empty string");

      if (reader.n_errors == before)
        {
          s->where = g_strdup (reader.path->str);
          s->text = g_strdup (text);
          s->label = g_strdup (label);
          s->context = g_strdup (context);
          g_ptr_array_add (suggestions, g_steal_pointer (&s));
        }

      _newsmark_json_path_pop (&reader, mark);
    }

  _newsmark_json_reader_clear (&reader);
  json_object_put (root);

  if (newsmark_problems_count_errors (problems) > 0)
    {
      fail_with_problems (problems, filename, caller_problems, error);
      return NULL;
    }

  return g_steal_pointer (&suggestions);
}

/* ---- Parsing: annotation sets (ours and other tools') ------------------------- */

/* Returns how many spans were left out because @only_suggested. */
static guint
suggestions_from_set (GPtrArray             *suggestions,
                      NewsmarkAnnotationSet *source,
                      const char            *prefix,
                      gboolean               only_suggested)
{
  guint skipped = 0;
  NewsmarkDocument *document = newsmark_annotation_set_get_document (source);
  GListModel *models[2] = {
    newsmark_annotation_set_get_spans (source),
    newsmark_annotation_set_get_unplaced (source),
  };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      guint n = g_list_model_get_n_items (models[m]);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (models[m], i);
          NewsmarkSuggestion *s;
          const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
          const char * const *texts = newsmark_span_get_fragment_texts (span);
          char **names;

          if (only_suggested && newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
            {
              skipped++;
              continue;
            }

          s = newsmark_suggestion_new ();

          s->where = g_strdup_printf ("%s%s[%u] (%s)", prefix,
                                      m == 0 ? "spans" : "unplaced", i,
                                      newsmark_span_get_id (span));
          s->label = g_strdup (newsmark_span_get_label (span));
          if (texts != NULL)
            s->text = g_strjoinv (" ", (char **) texts);
          else
            s->text = g_strdup (newsmark_span_get_text (span));
          s->context = g_strdup (newsmark_span_get_context (span));

          if (m == 0)
            {
              s->has_offsets = TRUE;
              s->start = newsmark_span_get_start (span);
              s->end = newsmark_span_get_end (span);
              s->source = g_object_ref (document);
              if (newsmark_span_get_n_fragments (span) > 0)
                {
                  s->n_fragments = newsmark_span_get_n_fragments (span);
                  s->fragments = g_memdup2 (newsmark_span_get_fragments (span),
                                            sizeof (NewsmarkFragment) * s->n_fragments);
                }
            }

          if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
            {
              s->model_name = g_strdup (origin->name);
              s->model_version = g_strdup (origin->version);
              s->has_score = origin->has_score;
              s->score = origin->score;
            }

          names = newsmark_span_list_attributes (span);
          if (names != NULL && names[0] != NULL)
            {
              GVariantBuilder builder;

              g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
              for (guint k = 0; names[k] != NULL; k++)
                g_variant_builder_add (&builder, "{sv}", names[k],
                                       newsmark_span_get_attribute (span, names[k]));
              s->attributes = g_variant_ref_sink (g_variant_builder_end (&builder));
            }
          g_strfreev (names);

          g_ptr_array_add (suggestions, s);
        }
    }

  return skipped;
}

static GPtrArray *
parse_newsmark (const char            *data,
                gsize                  len,
                const char            *filename,
                GPtrArray             *problems,
                GError               **error)
{
  g_autoptr(NewsmarkAnnotationSet) source = NULL;
  GPtrArray *suggestions;

  source = newsmark_annotation_set_load_data (data, len, filename,
                                              NEWSMARK_LOAD_DEFAULT, problems, error);
  if (source == NULL)
    return NULL;

  suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) newsmark_suggestion_free);
  suggestions_from_set (suggestions, source, "", FALSE);

  return suggestions;
}

static GPtrArray *
parse_other (NewsmarkFormat         format,
             const char            *data,
             gsize                  len,
             const char            *filename,
             NewsmarkAnnotationSet *target,
             GPtrArray             *problems,
             GError               **error)
{
  NewsmarkImportOptions options = { 0 };
  NewsmarkDocument *article = newsmark_annotation_set_get_document (target);
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkAnnotationSet *chosen = NULL;
  GPtrArray *suggestions;
  guint skipped;

  options.schema = newsmark_annotation_set_get_schema (target);
  options.as_suggestions = TRUE;

  sets = newsmark_format_import_data (format, data, len, NULL, filename,
                                      &options, problems, error);
  if (sets == NULL)
    return NULL;

  /* The document the model saw: the one with the article's text, else the
   * only one (its offsets are then checked span by span). */
  for (guint i = 0; i < sets->len; i++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, i);
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);

      if (g_str_equal (newsmark_document_get_sha256 (document),
                       newsmark_document_get_sha256 (article)))
        {
          chosen = set;
          break;
        }
    }

  if (chosen == NULL && sets->len == 1)
    chosen = g_ptr_array_index (sets, 0);

  if (chosen == NULL)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "%s: %u documents, none of them with the article's text; "
                   "give a file with this article only",
                   filename, sets->len);
      return NULL;
    }

  /* Label Studio files carry analysts' annotations next to the model's
   * predictions: only the predictions are suggestions. */
  suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) newsmark_suggestion_free);
  skipped = suggestions_from_set (suggestions, chosen, "", format == NEWSMARK_FORMAT_LABEL_STUDIO);
  if (skipped > 0 && problems != NULL)
    g_ptr_array_add (problems,
                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, filename, NULL, 0, 0,
                                           "%u annotation%s made by people %s not imported: only "
                                           "predictions become suggestions",
                                           skipped, skipped == 1 ? "" : "s",
                                           skipped == 1 ? "was" : "were"));

  return suggestions;
}

GPtrArray *
newsmark_suggest_parse (NewsmarkSuggestFormat  format,
                        const char            *data,
                        gsize                  len,
                        const char            *filename_for_errors,
                        NewsmarkAnnotationSet *target,
                        GPtrArray             *problems,
                        GError               **error)
{
  const char *filename = filename_for_errors != NULL ? filename_for_errors : "suggestions";

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (target), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case NEWSMARK_SUGGEST_FROM_STRINGS:
      return parse_strings (data, len, filename, problems, error);
    case NEWSMARK_SUGGEST_FROM_NEWSMARK:
      return parse_newsmark (data, len, filename, problems, error);
    case NEWSMARK_SUGGEST_FROM_SPACY_JSONL:
      return parse_other (NEWSMARK_FORMAT_SPACY_JSONL, data, len, filename, target, problems, error);
    case NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL:
      return parse_other (NEWSMARK_FORMAT_DOCCANO_JSONL, data, len, filename, target, problems, error);
    case NEWSMARK_SUGGEST_FROM_LABEL_STUDIO:
      return parse_other (NEWSMARK_FORMAT_LABEL_STUDIO, data, len, filename, target, problems, error);
    default:
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "unknown suggestion format %d", (int) format);
      return NULL;
    }
}

/* ---- Import ------------------------------------------------------------------- */

/* Compact JSON text of @object for a log entry's detail. Takes ownership. */
static char *
detail_to_string (json_object *object)
{
  /* Same style as the entries the set writes itself. */
  char *text = g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE));

  json_object_put (object);

  return text;
}

/* A number written the short way ("0.6", not "0.59999999999999998"),
 * still reading back as the same double. */
static json_object *
json_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buffer, sizeof buffer, precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g", value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  return json_object_new_double_s (value, buffer);
}

static json_object *
json_string_or_null (const char *str)
{
  return str != NULL ? json_object_new_string (str) : NULL;
}

static gboolean
fragments_equal (NewsmarkSpan           *span,
                 const NewsmarkFragment *fragments,
                 guint                   n_fragments)
{
  if (newsmark_span_get_n_fragments (span) != n_fragments)
    return FALSE;

  return n_fragments == 0 ||
         memcmp (newsmark_span_get_fragments (span), fragments,
                 sizeof (NewsmarkFragment) * n_fragments) == 0;
}

static char *
range_key (guint start,
           guint end)
{
  return g_strdup_printf ("%u:%u", start, end);
}

static char *
unplaced_key (const char *label,
              const char *text)
{
  return g_strconcat (label, "\x1f", text != NULL ? text : "", NULL);
}

static void
add_to_index (GHashTable   *by_range,
              NewsmarkSpan *span)
{
  char *key = range_key (newsmark_span_get_start (span), newsmark_span_get_end (span));
  GPtrArray *list = g_hash_table_lookup (by_range, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (by_range, key, list);
    }
  else
    {
      g_free (key);
    }

  g_ptr_array_add (list, span);
}

/* Checks labels, attributes and offsets of every suggestion before anything
 * is changed. */
static gboolean
check_suggestions (NewsmarkAnnotationSet *set,
                   GPtrArray             *suggestions,
                   GError               **error)
{
  NewsmarkSchema *schema = newsmark_annotation_set_get_schema (set);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n_problems = 0;

#define PROBLEM(...) G_STMT_START {                         \
    if (n_problems < 20)                                    \
      {                                                     \
        g_string_append (problems, "\n  ");                 \
        g_string_append_printf (problems, __VA_ARGS__);     \
      }                                                     \
    n_problems++;                                           \
  } G_STMT_END

  for (guint i = 0; i < suggestions->len; i++)
    {
      const NewsmarkSuggestion *s = g_ptr_array_index (suggestions, i);
      const char *where = s->where != NULL ? s->where : "";
      NewsmarkLabel *label;

      if (s->label == NULL)
        {
          PROBLEM ("%s.label: missing", where);
          continue;
        }

      label = newsmark_schema_find_label (schema, s->label);
      if (label == NULL)
        {
          GListModel *labels = newsmark_schema_get_labels (schema);
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint k = 0; k < g_list_model_get_n_items (labels); k++)
            {
              g_autoptr(NewsmarkLabel) l = g_list_model_get_item (labels, k);

              g_string_append_printf (names, "%s%s", k > 0 ? ", " : "",
                                      newsmark_label_get_name (l));
            }
          PROBLEM ("%s.label: unknown label “%s” (the schema has %s)", where, s->label, names->str);
          continue;
        }

      if (s->attributes != NULL)
        {
          GVariantIter iter;
          const char *name;
          GVariant *value;

          g_variant_iter_init (&iter, s->attributes);
          while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
            {
              NewsmarkAttributeDef *def = newsmark_label_find_attribute (label, name);
              g_autoptr(GError) local_error = NULL;

              if (def == NULL)
                PROBLEM ("%s.attributes.%s: label %s has no attribute “%s”", where, name, s->label, name);
              else if (!newsmark_attribute_def_check_value (def, value, &local_error))
                PROBLEM ("%s.attributes.%s: %s", where, name, local_error->message);
              g_variant_unref (value);
            }
        }

      if (s->has_offsets)
        {
          guint length = s->source != NULL ? newsmark_document_get_length (s->source) : G_MAXUINT;

          if (s->start >= s->end || s->end > length)
            PROBLEM ("%s: range %u-%u is empty, reversed or past the end of the text it refers to",
                     where, s->start, s->end);
          if (s->source == NULL && s->text == NULL)
            PROBLEM ("%s: offsets without a text", where);
        }
      else if (s->text == NULL || s->text[0] == '\0')
        {
          PROBLEM ("%s.text: missing or empty", where);
        }
    }

#undef PROBLEM

  if (n_problems > 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "%u problem%s in the suggestions, nothing imported:%s%s",
                   n_problems, n_problems == 1 ? "" : "s", problems->str,
                   n_problems > 20 ? "\n  …" : "");
      return FALSE;
    }

  return TRUE;
}

static void
apply_attributes (NewsmarkSpan *span,
                  GVariant     *attributes)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;

  if (attributes == NULL)
    return;

  g_variant_iter_init (&iter, attributes);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      newsmark_span_set_attribute (span, name, value);
      g_variant_unref (value);
    }
}

typedef struct {
  NewsmarkAnnotationSet        *set;
  NewsmarkDocument             *article;
  const NewsmarkSuggestOptions *options;
  NewsmarkSuggestReport        *report;
  NewsmarkAnchorIndex          *index;
  GHashTable                   *by_range;    /* "start:end" → GPtrArray of NewsmarkSpan */
  GHashTable                   *unplaced;    /* label \x1f text → NewsmarkSpan */
  char                         *now;
  guint                         n_changes;
} Import;

static NewsmarkOrigin *
origin_for (Import                   *import,
            const NewsmarkSuggestion *s)
{
  const char *name = import->options->model_name;
  const char *version = import->options->model_version;

  if (name == NULL)
    {
      name = s->model_name != NULL ? s->model_name : "model";
      version = s->model_name != NULL ? s->model_version : version;
    }

  return newsmark_origin_new_model (name, version, s->has_score, s->score);
}

static NewsmarkSpan *
new_suggested_span (Import                   *import,
                    const NewsmarkSuggestion *s,
                    guint                     start,
                    guint                     end)
{
  g_autoptr(NewsmarkOrigin) origin = origin_for (import, s);
  NewsmarkSpan *span = newsmark_span_new (NULL, s->label, start, end);

  newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
  newsmark_span_set_origin (span, origin);
  newsmark_span_set_created (span, import->now);
  newsmark_span_set_modified (span, import->now);
  apply_attributes (span, s->attributes);

  return span;
}

static void
log_merge (Import                   *import,
           const NewsmarkSuggestion *s,
           NewsmarkSpan             *into)
{
  json_object *detail = json_object_new_object ();
  g_autoptr(NewsmarkOrigin) origin = origin_for (import, s);
  g_autofree char *text = NULL;

  json_object_object_add (detail, "label", json_object_new_string (s->label));
  json_object_object_add (detail, "start", json_object_new_int64 (newsmark_span_get_start (into)));
  json_object_object_add (detail, "end", json_object_new_int64 (newsmark_span_get_end (into)));
  json_object_object_add (detail, "model", json_string_or_null (origin->name));
  if (origin->version != NULL)
    json_object_object_add (detail, "version", json_object_new_string (origin->version));
  if (origin->has_score)
    json_object_object_add (detail, "score", json_double (origin->score));
  if (s->where != NULL)
    json_object_object_add (detail, "input", json_object_new_string (s->where));

  text = detail_to_string (detail);
  newsmark_annotation_set_log (import->set, "merge", newsmark_span_get_id (into), text);
}

static void
keep_unplaced (Import                   *import,
               const NewsmarkSuggestion *s,
               NewsmarkSuggestItem      *item,
               const char               *text,
               const char               *reason,
               GArray                   *candidates)
{
  g_autofree char *key = unplaced_key (s->label, text);
  NewsmarkSpan *existing = g_hash_table_lookup (import->unplaced, key);
  g_autoptr(NewsmarkSpan) span = NULL;
  g_autofree char *id = NULL;
  guint start, end;

  if (existing != NULL)
    {
      /* The same string with the same label is already waiting for a
       * decision (an earlier import of the same output). */
      item->outcome = NEWSMARK_SUGGEST_DUPLICATE;
      item->span_id = g_strdup (newsmark_span_get_id (existing));
      import->report->duplicates++;
      log_merge (import, s, existing);
      return;
    }

  /* The file format wants a non-empty range even for an unplaced span:
   * the offsets the input gave, else the first candidate, else [0, length
   * of the text) — the reason and candidates say what it means. */
  if (s->has_offsets)
    {
      start = s->start;
      end = s->end;
    }
  else if (candidates != NULL && candidates->len > 0)
    {
      start = g_array_index (candidates, NewsmarkFragment, 0).start;
      end = g_array_index (candidates, NewsmarkFragment, 0).end;
    }
  else
    {
      start = 0;
      end = MAX (1, (guint) g_utf8_strlen (text != NULL ? text : "", -1));
    }

  span = new_suggested_span (import, s, start, end);
  id = newsmark_annotation_set_next_span_id (import->set);
  newsmark_span_set_id (span, id);
  newsmark_span_set_text (span, text);
  newsmark_span_set_unplaced_reason (span, reason);
  if (candidates != NULL && candidates->len > 0)
    newsmark_span_set_candidates (span, (const NewsmarkFragment *) (gpointer) candidates->data,
                                  candidates->len);
  if (s->context != NULL)
    newsmark_span_set_context (span, s->context);

  newsmark_annotation_set_add_unplaced (import->set, span);
  import->n_changes++;
  g_hash_table_insert (import->unplaced, g_steal_pointer (&key), span);

  item->span_id = g_strdup (id);
  if (g_str_equal (reason, "ambiguous"))
    {
      item->outcome = NEWSMARK_SUGGEST_AMBIGUOUS;
      import->report->ambiguous++;
    }
  else
    {
      item->outcome = NEWSMARK_SUGGEST_NOT_FOUND;
      import->report->not_found++;
    }
  if (candidates != NULL && candidates->len > 0)
    item->candidates = g_array_ref (candidates);
}

static gboolean
place (Import                   *import,
       const NewsmarkSuggestion *s,
       NewsmarkSuggestItem      *item,
       guint                     start,
       guint                     end,
       const NewsmarkFragment   *fragments,
       guint                     n_fragments,
       gboolean                  exact,
       GError                  **error)
{
  g_autofree char *key = range_key (start, end);
  GPtrArray *same_range = g_hash_table_lookup (import->by_range, key);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(NewsmarkSpan) span = NULL;

  item->start = start;
  item->end = end;

  for (guint i = 0; same_range != NULL && i < same_range->len; i++)
    {
      NewsmarkSpan *existing = g_ptr_array_index (same_range, i);

      if (!fragments_equal (existing, fragments, n_fragments))
        continue;

      if (g_str_equal (newsmark_span_get_label (existing), s->label))
        {
          item->outcome = NEWSMARK_SUGGEST_DUPLICATE;
          item->span_id = g_strdup (newsmark_span_get_id (existing));
          import->report->duplicates++;
          log_merge (import, s, existing);
          return TRUE;
        }
    }

  span = new_suggested_span (import, s, start, end);
  if (n_fragments > 0)
    newsmark_span_set_fragments (span, fragments, n_fragments);

  if (!newsmark_annotation_set_add_span (import->set, span, error))
    {
      g_prefix_error (error, "%s: ", item->where);
      return FALSE;
    }

  import->n_changes++;
  add_to_index (import->by_range, span);
  item->span_id = g_strdup (newsmark_span_get_id (span));

  import->report->placed++;
  if (exact)
    import->report->exact++;
  else
    import->report->normalised++;

  /* The same rule as review's: the same extent, or a fragment of a split
   * span, under another label. */
  conflicts = newsmark_review_find_conflicts (import->set, span);
  if (conflicts->len > 0)
    {
      NewsmarkSpan *other_label = g_ptr_array_index (conflicts, 0);

      item->outcome = NEWSMARK_SUGGEST_CONFLICT;
      item->conflict_with = g_strdup (newsmark_span_get_id (other_label));
      item->conflict_label = g_strdup (newsmark_span_get_label (other_label));
      import->report->conflicts++;
    }
  else
    {
      item->outcome = exact ? NEWSMARK_SUGGEST_PLACED_EXACT : NEWSMARK_SUGGEST_PLACED_NORMALISED;
    }

  return TRUE;
}

/* Offset input whose text is not at its offsets in the article: find the
 * text, and choose between several places by the words that surrounded it
 * in the model's version. */
static gboolean
place_by_source (Import                   *import,
                 const NewsmarkSuggestion *s,
                 NewsmarkSuggestItem      *item,
                 const char               *text,
                 GError                  **error)
{
  g_autoptr(GArray) found = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *context = NULL;
  gboolean exact = FALSE;
  guint chosen = 0;

  found = newsmark_anchor_index_find (import->index, text, &exact);
  if (found->len == 0)
    {
      keep_unplaced (import, s, item, text, "not-found", NULL);
      return TRUE;
    }

  if (s->source != NULL)
    {
      guint src_len = newsmark_document_get_length (s->source);
      guint from = s->start > SOURCE_CONTEXT ? s->start - SOURCE_CONTEXT : 0;
      guint to = MIN (src_len, s->end + SOURCE_CONTEXT);

      before = newsmark_document_dup_slice (s->source, from, s->start);
      after = newsmark_document_dup_slice (s->source, s->end, to);
      context = newsmark_document_dup_slice (s->source, from, to);
    }

  if (found->len == 1 ||
      (s->source != NULL &&
       (newsmark_anchor_index_choose_by_surroundings (import->index, found, before, after, &chosen) ||
        newsmark_anchor_index_choose (import->index, text, found, context, 0, &chosen))))
    {
      const NewsmarkFragment *range = &g_array_index (found, NewsmarkFragment, chosen);

      return place (import, s, item, range->start, range->end, NULL, 0, exact, error);
    }

  keep_unplaced (import, s, item, text, "ambiguous", found);
  return TRUE;
}

static gboolean
import_one (Import                   *import,
            const NewsmarkSuggestion *s,
            GError                  **error)
{
  NewsmarkSuggestItem *item = g_new0 (NewsmarkSuggestItem, 1);
  NewsmarkDocument *article = import->article;
  guint length = newsmark_document_get_length (article);
  g_autofree char *source_text = NULL;
  g_autoptr(GArray) candidates = NULL;
  const char *anchor_text = s->text;
  const char *context = s->context;
  guint occurrence = s->occurrence;
  NewsmarkFragment range;
  NewsmarkAnchorResult result;

  item->where = g_strdup (s->where != NULL ? s->where : "");
  item->label = g_strdup (s->label);
  g_ptr_array_add (import->report->items, item);

  if (s->has_offsets && s->n_fragments > 0)
    {
      gboolean same = TRUE;

      for (guint f = 0; f < s->n_fragments && same; f++)
        {
          const NewsmarkFragment *fr = &s->fragments[f];
          g_autofree char *src = NULL;

          if (fr->end > length)
            {
              same = FALSE;
              break;
            }
          src = s->source != NULL ? newsmark_document_dup_slice (s->source, fr->start, fr->end) : NULL;
          same = src != NULL && newsmark_document_slice_equals (article, fr->start, fr->end, src);
        }

      item->text = g_strdup (s->text);
      if (same)
        return place (import, s, item, s->fragments[0].start, s->fragments[s->n_fragments - 1].end,
                      s->fragments, s->n_fragments, TRUE, error);

      /* A discontinuous span cannot be found again by one string: keep it
       * for the analyst, saying that the article differs. */
      item->text_mismatch = TRUE;
      item->given_start = s->start;
      item->given_end = s->end;
      item->article_text = s->end <= length ? newsmark_document_dup_slice (article, s->start, s->end) : NULL;
      import->report->mismatched++;
      keep_unplaced (import, s, item, s->text, "article-changed", NULL);
      return TRUE;
    }

  if (s->has_offsets)
    {
      source_text = s->source != NULL
        ? newsmark_document_dup_slice (s->source, s->start, s->end)
        : g_strdup (s->text);
      item->text = g_strdup (source_text);

      if (s->end <= length &&
          newsmark_document_slice_equals (article, s->start, s->end, source_text))
        return place (import, s, item, s->start, s->end, NULL, 0, TRUE, error);

      /* The model saw another version of the article: find the text, with
       * the words around it in the model's version as context. */
      item->text_mismatch = TRUE;
      item->given_start = s->start;
      item->given_end = s->end;
      item->article_text = s->end <= length ? newsmark_document_dup_slice (article, s->start, s->end) : NULL;
      import->report->mismatched++;

      if (import->index == NULL)
        import->index = newsmark_anchor_index_new (article);

      return place_by_source (import, s, item, source_text, error);
    }
  else
    {
      item->text = g_strdup (s->text);
    }

  if (import->index == NULL)
    import->index = newsmark_anchor_index_new (article);

  result = newsmark_anchor_index_anchor (import->index, anchor_text, context, occurrence,
                                         &range, &candidates);
  switch (result)
    {
    case NEWSMARK_ANCHOR_EXACT:
    case NEWSMARK_ANCHOR_NORMALISED:
      return place (import, s, item, range.start, range.end, NULL, 0,
                    result == NEWSMARK_ANCHOR_EXACT, error);
    case NEWSMARK_ANCHOR_AMBIGUOUS:
      keep_unplaced (import, s, item, anchor_text, "ambiguous", candidates);
      return TRUE;
    case NEWSMARK_ANCHOR_NOT_FOUND:
    default:
      keep_unplaced (import, s, item, anchor_text, "not-found", candidates);
      return TRUE;
    }
}

gboolean
newsmark_suggest_import (NewsmarkAnnotationSet        *set,
                         GPtrArray                    *suggestions,
                         const NewsmarkSuggestOptions *options,
                         NewsmarkSuggestReport        *report,
                         GError                      **error)
{
  static const NewsmarkSuggestOptions default_options = { 0 };
  g_autoptr(NewsmarkSuggestReport) own_report = NULL;
  g_autofree char *description = NULL;
  g_autofree char *detail_text = NULL;
  GListModel *spans;
  GListModel *unplaced;
  json_object *detail;
  const char *model;
  Import import = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (suggestions != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &default_options;
  if (report == NULL)
    report = own_report = newsmark_suggest_report_new ();
  report_reset (report);
  report->n_suggestions = suggestions->len;

  if (!check_suggestions (set, suggestions, error))
    return FALSE;

  import.set = set;
  import.article = newsmark_annotation_set_get_document (set);
  import.options = options;
  import.report = report;
  import.by_range = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  import.unplaced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.now = newsmark_now_iso8601 ();

  spans = newsmark_annotation_set_get_spans (set);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      add_to_index (import.by_range, span);
    }

  unplaced = newsmark_annotation_set_get_unplaced (set);
  for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);

      if (newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED)
        g_hash_table_insert (import.unplaced,
                             unplaced_key (newsmark_span_get_label (span), newsmark_span_get_text (span)),
                             span);
    }

  model = options->model_name;
  if (model == NULL && suggestions->len > 0)
    model = ((NewsmarkSuggestion *) g_ptr_array_index (suggestions, 0))->model_name;
  if (model == NULL)
    model = "model";

  description = g_strdup_printf ("Import %u suggestions from %s", suggestions->len, model);
  newsmark_annotation_set_begin_group (set, description);

  for (guint i = 0; i < suggestions->len && ok; i++)
    ok = import_one (&import, g_ptr_array_index (suggestions, i), error);

  newsmark_annotation_set_end_group (set);

  if (!ok)
    {
      /* Leave the set as it was: one group, one undo. */
      if (import.n_changes > 0)
        newsmark_annotation_set_undo (set);
    }
  else
    {
      detail = json_object_new_object ();
      if (options->format != NULL)
        json_object_object_add (detail, "format", json_object_new_string (options->format));
      if (options->source != NULL)
        json_object_object_add (detail, "source", json_object_new_string (options->source));
      json_object_object_add (detail, "model", json_object_new_string (model));
      if (options->model_version != NULL)
        json_object_object_add (detail, "version", json_object_new_string (options->model_version));
      json_object_object_add (detail, "suggestions", json_object_new_int64 (report->n_suggestions));
      json_object_object_add (detail, "placed", json_object_new_int64 (report->placed));
      json_object_object_add (detail, "exact", json_object_new_int64 (report->exact));
      json_object_object_add (detail, "normalised", json_object_new_int64 (report->normalised));
      json_object_object_add (detail, "ambiguous", json_object_new_int64 (report->ambiguous));
      json_object_object_add (detail, "not_found", json_object_new_int64 (report->not_found));
      json_object_object_add (detail, "duplicates", json_object_new_int64 (report->duplicates));
      json_object_object_add (detail, "conflicts", json_object_new_int64 (report->conflicts));
      json_object_object_add (detail, "mismatched", json_object_new_int64 (report->mismatched));
      detail_text = detail_to_string (detail);
      newsmark_annotation_set_log (set, "import", NULL, detail_text);
    }

  g_clear_pointer (&import.index, newsmark_anchor_index_free);
  g_hash_table_unref (import.by_range);
  g_hash_table_unref (import.unplaced);
  g_free (import.now);

  return ok;
}

gboolean
newsmark_suggest_import_file (NewsmarkAnnotationSet        *set,
                              NewsmarkSuggestFormat         format,
                              GFile                        *input,
                              const NewsmarkSuggestOptions *options,
                              NewsmarkSuggestReport        *report,
                              GPtrArray                    *problems,
                              GError                      **error)
{
  NewsmarkSuggestOptions filled = { 0 };
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (G_IS_FILE (input), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_basename (input);
  if (!g_file_load_contents (input, NULL, &data, &len, NULL, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }

  suggestions = newsmark_suggest_parse (format, data, len, name, set, problems, error);
  if (suggestions == NULL)
    return FALSE;

  if (options != NULL)
    filled = *options;
  if (filled.source == NULL)
    filled.source = name;
  if (filled.format == NULL)
    filled.format = newsmark_suggest_format_to_string (format);

  return newsmark_suggest_import (set, suggestions, &filled, report, error);
}

/* ---- Review decisions ---------------------------------------------------------- */

static gboolean
is_pending (NewsmarkAnnotationSet  *set,
            NewsmarkSpan           *span,
            GError                **error)
{
  const char *id = newsmark_span_get_id (span);

  if (id == NULL || newsmark_annotation_set_find_span (set, id) != span)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "span %s is not a placed span of this file", id != NULL ? id : "(without id)");
      return FALSE;
    }

  if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "span %s is not a pending suggestion (its status is %s)",
                   id, newsmark_status_to_string (newsmark_span_get_status (span)));
      return FALSE;
    }

  return TRUE;
}

static char *
short_text (NewsmarkSpan *span)
{
  return excerpt (newsmark_span_get_text (span));
}

/* ---- Conflicts ------------------------------------------------------------------ */

/* The pieces of a span's text: its fragments, or its one range. */
static const NewsmarkFragment *
span_pieces (NewsmarkSpan     *span,
             NewsmarkFragment *whole,
             guint            *n)
{
  *n = newsmark_span_get_n_fragments (span);
  if (*n > 0)
    return newsmark_span_get_fragments (span);

  whole->start = newsmark_span_get_start (span);
  whole->end = newsmark_span_get_end (span);
  *n = 1;
  return whole;
}

static gboolean
same_extent (NewsmarkSpan *a,
             NewsmarkSpan *b)
{
  guint n = newsmark_span_get_n_fragments (a);

  return newsmark_span_get_start (a) == newsmark_span_get_start (b) &&
         newsmark_span_get_end (a) == newsmark_span_get_end (b) &&
         n == newsmark_span_get_n_fragments (b) &&
         (n == 0 || memcmp (newsmark_span_get_fragments (a), newsmark_span_get_fragments (b),
                            n * sizeof (NewsmarkFragment)) == 0);
}

gboolean
newsmark_spans_conflict (NewsmarkSpan *a,
                         NewsmarkSpan *b)
{
  NewsmarkFragment whole_a, whole_b;
  const NewsmarkFragment *pa, *pb;
  guint na, nb;

  g_return_val_if_fail (NEWSMARK_IS_SPAN (a), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (b), FALSE);

  if (a == b || g_strcmp0 (newsmark_span_get_label (a), newsmark_span_get_label (b)) == 0)
    return FALSE;
  if (same_extent (a, b))
    return TRUE;

  /* Split spans: one piece of text under two labels. */
  pa = span_pieces (a, &whole_a, &na);
  pb = span_pieces (b, &whole_b, &nb);
  if (na == 1 && nb == 1)
    return FALSE;
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      if (pa[i].start == pb[j].start && pa[i].end == pb[j].end)
        return TRUE;

  return FALSE;
}

static int
compare_span_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return newsmark_span_compare (*(NewsmarkSpan * const *) a, *(NewsmarkSpan * const *) b);
}

static gboolean
is_unplaced_span (NewsmarkSpan *span)
{
  return newsmark_span_get_unplaced_reason (span) != NULL;
}

GPtrArray *
newsmark_review_find_conflicts (NewsmarkAnnotationSet *set,
                                NewsmarkSpan          *span)
{
  GPtrArray *conflicts;
  NewsmarkFragment whole;
  const NewsmarkFragment *pieces;
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), NULL);

  conflicts = g_ptr_array_new ();
  if (is_unplaced_span (span))
    return conflicts;

  /* A conflicting span shares a piece with @span, so it covers the start
   * of one of @span's pieces. */
  pieces = span_pieces (span, &whole, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) here = newsmark_annotation_set_spans_at (set, pieces[i].start);

      for (guint j = 0; j < here->len; j++)
        {
          NewsmarkSpan *other = g_ptr_array_index (here, j);

          if (newsmark_span_get_status (other) != NEWSMARK_STATUS_REJECTED &&
              newsmark_spans_conflict (span, other) &&
              !g_ptr_array_find (conflicts, other, NULL))
            g_ptr_array_add (conflicts, other);
        }
    }
  if (n > 1)
    g_ptr_array_sort (conflicts, compare_span_ptrs);

  return conflicts;
}

static gboolean
has_conflicts (NewsmarkAnnotationSet *set,
               NewsmarkSpan          *span)
{
  g_autoptr(GPtrArray) conflicts = newsmark_review_find_conflicts (set, span);

  return conflicts->len > 0;
}

const char *
newsmark_conflict_choice_to_string (NewsmarkConflictChoice choice)
{
  switch (choice)
    {
    case NEWSMARK_CONFLICT_KEEP_BOTH: return "keep-both";
    case NEWSMARK_CONFLICT_REPLACE:   return "replace";
    case NEWSMARK_CONFLICT_REJECT:    return "reject";
    default:                          return "unknown";
    }
}

static gboolean
decide (NewsmarkAnnotationSet  *set,
        NewsmarkSpan           *span,
        NewsmarkStatus          status,
        GError                **error)
{
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_pending (set, span, error))
    return FALSE;

  if (status == NEWSMARK_STATUS_ACCEPTED && is_unplaced_span (span))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "span %s is not placed in the text; place it before accepting it",
                   newsmark_span_get_id (span));
      return FALSE;
    }
  if (status == NEWSMARK_STATUS_ACCEPTED)
    {
      g_autoptr(GPtrArray) conflicts = newsmark_review_find_conflicts (set, span);

      if (conflicts->len > 0)
        {
          NewsmarkSpan *other = g_ptr_array_index (conflicts, 0);
          g_autofree char *other_text = short_text (other);

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "span %s conflicts with %s %s “%s”: keep both, replace it or reject the suggestion",
                       newsmark_span_get_id (span), newsmark_span_get_label (other),
                       newsmark_span_get_id (other), other_text);
          return FALSE;
        }
    }

  text = short_text (span);
  description = g_strdup_printf ("%s %s “%s”",
                                 status == NEWSMARK_STATUS_ACCEPTED ? "Accept" : "Reject",
                                 newsmark_span_get_label (span), text);

  /* The set logs the change itself ("accept"/"reject" with the status
   * before and after, by the annotator, naming the span). */
  newsmark_annotation_set_begin_group (set, description);
  newsmark_annotation_set_set_span_status (set, span, status);
  newsmark_annotation_set_end_group (set);

  return TRUE;
}

gboolean
newsmark_review_accept (NewsmarkAnnotationSet *set,
                        NewsmarkSpan          *span,
                        GError               **error)
{
  return decide (set, span, NEWSMARK_STATUS_ACCEPTED, error);
}

gboolean
newsmark_review_reject (NewsmarkAnnotationSet *set,
                        NewsmarkSpan          *span,
                        GError               **error)
{
  return decide (set, span, NEWSMARK_STATUS_REJECTED, error);
}

gboolean
newsmark_review_resolve_conflict (NewsmarkAnnotationSet  *set,
                                  NewsmarkSpan           *span,
                                  NewsmarkConflictChoice  choice,
                                  GError                **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail_text = NULL;
  json_object *detail;
  json_object *list;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (choice <= NEWSMARK_CONFLICT_REJECT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_pending (set, span, error))
    return FALSE;

  conflicts = newsmark_review_find_conflicts (set, span);
  if (conflicts->len == 0)
    return choice == NEWSMARK_CONFLICT_REJECT ? newsmark_review_reject (set, span, error)
                                              : newsmark_review_accept (set, span, error);

  /* The choice and what it was made against first, then the set's own
   * entries for every status that changes. */
  detail = json_object_new_object ();
  json_object_object_add (detail, "choice", json_object_new_string (newsmark_conflict_choice_to_string (choice)));
  list = json_object_new_array ();
  for (guint i = 0; i < conflicts->len; i++)
    {
      NewsmarkSpan *other = g_ptr_array_index (conflicts, i);
      json_object *entry = json_object_new_object ();
      g_autofree char *other_text = short_text (other);

      json_object_object_add (entry, "id", json_object_new_string (newsmark_span_get_id (other)));
      json_object_object_add (entry, "label", json_object_new_string (newsmark_span_get_label (other)));
      json_object_object_add (entry, "text", json_object_new_string (other_text));
      json_object_object_add (entry, "status",
                              json_object_new_string (newsmark_status_to_string (newsmark_span_get_status (other))));
      json_object_array_add (list, entry);
    }
  json_object_object_add (detail, "conflicts", list);
  detail_text = detail_to_string (detail);
  newsmark_annotation_set_log (set, "resolve-conflict", newsmark_span_get_id (span), detail_text);

  text = short_text (span);
  switch (choice)
    {
    case NEWSMARK_CONFLICT_KEEP_BOTH:
      description = g_strdup_printf ("Accept %s “%s”, keeping %s %s", newsmark_span_get_label (span), text,
                                     newsmark_span_get_label (g_ptr_array_index (conflicts, 0)),
                                     newsmark_span_get_id (g_ptr_array_index (conflicts, 0)));
      break;
    case NEWSMARK_CONFLICT_REPLACE:
      description = g_strdup_printf ("Accept %s “%s”, replacing %s %s", newsmark_span_get_label (span), text,
                                     newsmark_span_get_label (g_ptr_array_index (conflicts, 0)),
                                     newsmark_span_get_id (g_ptr_array_index (conflicts, 0)));
      break;
    case NEWSMARK_CONFLICT_REJECT:
    default:
      description = g_strdup_printf ("Reject %s “%s”", newsmark_span_get_label (span), text);
      break;
    }

  newsmark_annotation_set_begin_group (set, description);
  if (choice == NEWSMARK_CONFLICT_REPLACE)
    for (guint i = 0; i < conflicts->len; i++)
      newsmark_annotation_set_set_span_status (set, g_ptr_array_index (conflicts, i), NEWSMARK_STATUS_REJECTED);
  newsmark_annotation_set_set_span_status (set, span,
                                           choice == NEWSMARK_CONFLICT_REJECT ? NEWSMARK_STATUS_REJECTED
                                                                              : NEWSMARK_STATUS_ACCEPTED);
  newsmark_annotation_set_end_group (set);

  return TRUE;
}

gboolean
newsmark_review_edit_accept (NewsmarkAnnotationSet *set,
                             NewsmarkSpan          *span,
                             NewsmarkSpan          *edited,
                             GError               **error)
{
  NewsmarkDocument *document;
  NewsmarkSchema *schema;
  g_autoptr(NewsmarkSpan) replacement = NULL;
  g_autofree char *now = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) old_names = NULL;
  g_auto(GStrv) new_names = NULL;
  gboolean ok;
  guint n_fragments;
  guint start, end;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (edited), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_pending (set, span, error))
    return FALSE;

  document = newsmark_annotation_set_get_document (set);
  schema = newsmark_annotation_set_get_schema (set);
  start = newsmark_span_get_start (edited);
  end = newsmark_span_get_end (edited);

  if (newsmark_schema_find_label (schema, newsmark_span_get_label (edited)) == NULL)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "unknown label “%s”", newsmark_span_get_label (edited));
      return FALSE;
    }
  if (start >= end || end > newsmark_document_get_length (document))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "range %u-%u is empty, reversed or past the end of the text (length %u)",
                   start, end, newsmark_document_get_length (document));
      return FALSE;
    }

  replacement = newsmark_span_copy (span);
  newsmark_span_set_label (replacement, newsmark_span_get_label (edited));
  n_fragments = newsmark_span_get_n_fragments (edited);
  if (n_fragments > 0)
    {
      const NewsmarkFragment *fragments = newsmark_span_get_fragments (edited);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      newsmark_span_set_fragments (replacement, fragments, n_fragments);
      for (guint i = 0; i < n_fragments; i++)
        g_ptr_array_add (texts, newsmark_document_dup_slice (document, fragments[i].start, fragments[i].end));
      g_ptr_array_add (texts, NULL);
      newsmark_span_set_fragment_texts (replacement, (const char * const *) texts->pdata);
    }
  else
    {
      g_autofree char *text = newsmark_document_dup_slice (document, start, end);

      newsmark_span_set_fragments (replacement, NULL, 0);
      newsmark_span_set_fragment_texts (replacement, NULL);
      newsmark_span_set_range (replacement, start, end);
      newsmark_span_set_text (replacement, text);
    }

  old_names = newsmark_span_list_attributes (replacement);
  for (guint i = 0; old_names != NULL && old_names[i] != NULL; i++)
    newsmark_span_set_attribute (replacement, old_names[i], NULL);
  new_names = newsmark_span_list_attributes (edited);
  for (guint i = 0; new_names != NULL && new_names[i] != NULL; i++)
    newsmark_span_set_attribute (replacement, new_names[i],
                                 newsmark_span_get_attribute (edited, new_names[i]));
  newsmark_span_set_note (replacement, newsmark_span_get_note (edited));

  now = newsmark_now_iso8601 ();
  newsmark_span_set_status (replacement, NEWSMARK_STATUS_ACCEPTED);
  newsmark_span_set_modified (replacement, now);

  /* One step; the set logs it as "edit" with every changed field's value
   * before and after (label, range, text, attributes, status). */
  description = g_strdup_printf ("Edit and accept %s", newsmark_span_get_id (span));
  newsmark_annotation_set_begin_group (set, description);
  ok = newsmark_annotation_set_replace_span (set, span, replacement, error);
  newsmark_annotation_set_end_group (set);

  return ok;
}

gboolean
newsmark_review_place (NewsmarkAnnotationSet *set,
                       NewsmarkSpan          *unplaced,
                       guint                  start,
                       guint                  end,
                       GError               **error)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (unplaced), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The set logs "place" with the range and text. */
  return newsmark_annotation_set_place_span (set, unplaced, start, end, error);
}

gboolean
newsmark_review_candidates_are_copies (NewsmarkAnnotationSet *set,
                                       NewsmarkSpan          *unplaced)
{
  NewsmarkDocument *document;
  const NewsmarkFragment *candidates;
  const NewsmarkParagraph *first;
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (unplaced), FALSE);

  document = newsmark_annotation_set_get_document (set);
  candidates = newsmark_span_get_candidates (unplaced);
  n = newsmark_span_get_n_candidates (unplaced);
  if (n < 2)
    return FALSE;

  first = newsmark_document_get_paragraph_at (document, candidates[0].start);
  if (first == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const NewsmarkParagraph *paragraph = newsmark_document_get_paragraph_at (document, candidates[i].start);
      guint original = first->repeats != 0 ? first->repeats : first->number;

      if (paragraph == NULL || candidates[i].end > paragraph->end ||
          (paragraph->repeats != 0 ? paragraph->repeats : paragraph->number) != original ||
          candidates[i].start - paragraph->start != candidates[0].start - first->start ||
          candidates[i].end - candidates[i].start != candidates[0].end - candidates[0].start)
        return FALSE;
    }

  return TRUE;
}

gboolean
newsmark_review_place_copies (NewsmarkAnnotationSet  *set,
                              NewsmarkSpan           *unplaced,
                              GError                **error)
{
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) already = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail_text = NULL;
  g_autofree char *now = NULL;
  json_object *detail;
  json_object *copies;
  gboolean ok = TRUE;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (unplaced), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!newsmark_review_candidates_are_copies (set, unplaced))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "the places found for span %s are not copies of one repeated paragraph",
                   newsmark_span_get_id (unplaced));
      return FALSE;
    }

  /* Placing changes the span's candidates: keep them, less the copies
   * that already have this suggestion (same label, same place). */
  candidates = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  for (guint i = 0; i < newsmark_span_get_n_candidates (unplaced); i++)
    {
      const NewsmarkFragment *at = &newsmark_span_get_candidates (unplaced)[i];
      g_autoptr(GPtrArray) here = newsmark_annotation_set_spans_at (set, at->start);
      NewsmarkSpan *same = NULL;

      for (guint j = 0; j < here->len && same == NULL; j++)
        {
          NewsmarkSpan *other = g_ptr_array_index (here, j);

          if (newsmark_span_get_start (other) == at->start && newsmark_span_get_end (other) == at->end &&
              newsmark_span_get_n_fragments (other) == 0 &&
              g_strcmp0 (newsmark_span_get_label (other), newsmark_span_get_label (unplaced)) == 0)
            same = other;
        }
      if (same != NULL)
        g_ptr_array_add (already, g_strdup (newsmark_span_get_id (same)));
      else
        g_array_append_val (candidates, *at);
    }
  if (candidates->len == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "every copy already has a %s span there", newsmark_span_get_label (unplaced));
      return FALSE;
    }
  text = short_text (unplaced);
  description = g_strdup_printf ("Place %s “%s” in all copies", newsmark_span_get_label (unplaced), text);
  now = newsmark_now_iso8601 ();

  newsmark_annotation_set_begin_group (set, description);
  {
    const NewsmarkFragment *first = &g_array_index (candidates, NewsmarkFragment, 0);

    ok = newsmark_annotation_set_place_span (set, unplaced, first->start, first->end, error);
  }
  for (guint i = 1; ok && i < candidates->len; i++)
    {
      const NewsmarkFragment *at = &g_array_index (candidates, NewsmarkFragment, i);
      g_autoptr(NewsmarkSpan) copy = newsmark_span_copy (unplaced);

      newsmark_span_set_id (copy, NULL);
      newsmark_span_set_range (copy, at->start, at->end);
      newsmark_span_set_text (copy, NULL);
      newsmark_span_set_created (copy, now);
      newsmark_span_set_modified (copy, now);
      ok = newsmark_annotation_set_add_span (set, copy, error);
      if (ok)
        g_ptr_array_add (ids, g_strdup (newsmark_span_get_id (copy)));
    }
  newsmark_annotation_set_end_group (set);

  if (!ok)
    {
      /* Nothing half done: the group is one step, taken back whole. */
      newsmark_annotation_set_undo (set);
      return FALSE;
    }

  detail = json_object_new_object ();
  copies = json_object_new_array ();
  for (guint i = 0; i < ids->len; i++)
    json_object_array_add (copies, json_object_new_string (g_ptr_array_index (ids, i)));
  json_object_object_add (detail, "copies", copies);
  if (already->len > 0)
    {
      json_object *there = json_object_new_array ();

      for (guint i = 0; i < already->len; i++)
        json_object_array_add (there, json_object_new_string (g_ptr_array_index (already, i)));
      json_object_object_add (detail, "already_there", there);
    }
  detail_text = detail_to_string (detail);
  newsmark_annotation_set_log (set, "place-copies", newsmark_span_get_id (unplaced), detail_text);

  return TRUE;
}

static gboolean
qualifies (NewsmarkSpan *span,
           const char   *label,
           double        min_score)
{
  const NewsmarkOrigin *origin;

  if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
    return FALSE;
  if (label != NULL && !g_str_equal (newsmark_span_get_label (span), label))
    return FALSE;

  origin = newsmark_span_get_origin (span);
  if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL && origin->has_score)
    return origin->score >= min_score;

  return min_score <= 0;
}

/* The qualifying suggestions into @matches, those left out because they
 * conflict with another span into @conflicts (either may be NULL). */
static void
bulk_collect (NewsmarkAnnotationSet *set,
              const char            *label,
              double                 min_score,
              GPtrArray             *matches,
              GPtrArray             *conflicts)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  guint n = g_list_model_get_n_items (spans);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      GPtrArray *into;

      if (!qualifies (span, label, min_score))
        continue;
      into = has_conflicts (set, span) ? conflicts : matches;
      if (into != NULL)
        g_ptr_array_add (into, g_object_ref (span));
    }
}

guint
newsmark_review_bulk_count (NewsmarkAnnotationSet *set,
                            const char            *label,
                            double                 min_score)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), 0);

  bulk_collect (set, label, min_score, matches, NULL);
  return matches->len;
}

guint
newsmark_review_bulk_count_conflicts (NewsmarkAnnotationSet *set,
                                      const char            *label,
                                      double                 min_score)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), 0);

  bulk_collect (set, label, min_score, NULL, conflicts);
  return conflicts->len;
}

guint
newsmark_review_bulk_accept (NewsmarkAnnotationSet *set,
                             const char            *label,
                             double                 min_score)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *description = NULL;
  g_autofree char *detail_text = NULL;
  json_object *detail;
  json_object *criteria;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), 0);

  bulk_collect (set, label, min_score, matches, conflicts);
  if (matches->len == 0)
    return 0;

  /* The criteria first, then the set's own "accept" entry per span: the
   * log reads as "bulk accept of N by X because …, namely: …". */
  detail = json_object_new_object ();
  criteria = json_object_new_object ();
  json_object_object_add (criteria, "label", json_string_or_null (label));
  json_object_object_add (criteria, "min_score", json_double (min_score));
  json_object_object_add (detail, "criteria", criteria);
  json_object_object_add (detail, "count", json_object_new_int64 (matches->len));
  if (conflicts->len > 0)
    {
      json_object *left = json_object_new_array ();

      for (guint i = 0; i < conflicts->len; i++)
        json_object_array_add (left, json_object_new_string (newsmark_span_get_id (g_ptr_array_index (conflicts, i))));
      json_object_object_add (detail, "conflicts_left", left);
    }
  detail_text = detail_to_string (detail);
  newsmark_annotation_set_log (set, "bulk-accept", NULL, detail_text);

  description = g_strdup_printf ("Accept %u %s suggestions with score ≥ %g",
                                 matches->len, label != NULL ? label : "", min_score);
  newsmark_annotation_set_begin_group (set, description);
  for (guint i = 0; i < matches->len; i++)
    newsmark_annotation_set_set_span_status (set, g_ptr_array_index (matches, i),
                                             NEWSMARK_STATUS_ACCEPTED);
  newsmark_annotation_set_end_group (set);

  return matches->len;
}

static gboolean
is_model_span (NewsmarkSpan *span)
{
  const NewsmarkOrigin *origin = newsmark_span_get_origin (span);

  return origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL;
}

void
newsmark_review_get_progress (NewsmarkAnnotationSet *set,
                              guint                 *reviewed,
                              guint                 *total)
{
  GListModel *models[2];
  guint n_reviewed = 0;
  guint n_total = 0;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (set));

  models[0] = newsmark_annotation_set_get_spans (set);
  models[1] = newsmark_annotation_set_get_unplaced (set);

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      guint n = g_list_model_get_n_items (models[m]);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (models[m], i);

          if (!is_model_span (span))
            continue;
          n_total++;
          if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
            n_reviewed++;
        }
    }

  if (reviewed != NULL)
    *reviewed = n_reviewed;
  if (total != NULL)
    *total = n_total;
}

/* ---- Review queue ----------------------------------------------------------------- */

typedef struct {
  char         *id;
  NewsmarkSpan *span;  /* the object when queued; the set may replace it (edit, undo) */
} QueueItem;

struct _NewsmarkReviewQueue {
  GObject                parent_instance;

  NewsmarkAnnotationSet *set;
  NewsmarkReviewOrder    order;
  GArray                *items;       /* QueueItem */
  guint                  position;
  gulong                 changed_id;
  guint                  n_reviewed;
  gboolean               dirty;
};

enum {
  PROP_0,
  PROP_SET,
  PROP_ORDER,
  PROP_POSITION,
  PROP_N_REVIEWED,
  PROP_N_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
review_queue_get_item_type (GListModel *model)
{
  return NEWSMARK_TYPE_SPAN;
}

static guint
review_queue_get_n_items (GListModel *model)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (model);

  return self->items->len;
}

/* The span an item stands for now: the set's object with that id (edits
 * and undo may have replaced the object), else the one queued. */
static NewsmarkSpan *
item_span (NewsmarkReviewQueue *self,
           const QueueItem     *item)
{
  NewsmarkSpan *span = newsmark_annotation_set_find_span (self->set, item->id);

  return span != NULL ? span : item->span;
}

static gboolean
item_pending (NewsmarkReviewQueue *self,
              const QueueItem     *item)
{
  NewsmarkSpan *span = newsmark_annotation_set_find_span (self->set, item->id);

  return span != NULL && newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED;
}

static gpointer
review_queue_get_item (GListModel *model,
                       guint       position)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (item_span (self, &g_array_index (self->items, QueueItem, position)));
}

static void
review_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = review_queue_get_item_type;
  iface->get_n_items = review_queue_get_n_items;
  iface->get_item = review_queue_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkReviewQueue, newsmark_review_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, review_queue_list_model_init))

static void
queue_item_clear (gpointer data)
{
  QueueItem *item = data;

  g_free (item->id);
  g_clear_object (&item->span);
}

static void
on_set_changed (NewsmarkReviewQueue *self)
{
  /* Counting is O(n); do it when asked, not on every edit of a bulk step. */
  self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REVIEWED]);
}

static void
newsmark_review_queue_dispose (GObject *object)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (object);

  if (self->set != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->set);
  g_clear_object (&self->set);

  G_OBJECT_CLASS (newsmark_review_queue_parent_class)->dispose (object);
}

static void
newsmark_review_queue_finalize (GObject *object)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (object);

  g_array_unref (self->items);

  G_OBJECT_CLASS (newsmark_review_queue_parent_class)->finalize (object);
}

static void
newsmark_review_queue_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (object);

  switch (prop_id)
    {
    case PROP_SET:
      g_value_set_object (value, self->set);
      break;
    case PROP_ORDER:
      g_value_set_int (value, self->order);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, newsmark_review_queue_get_position (self));
      break;
    case PROP_N_REVIEWED:
      g_value_set_uint (value, newsmark_review_queue_get_n_reviewed (self));
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_review_queue_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  NewsmarkReviewQueue *self = NEWSMARK_REVIEW_QUEUE (object);

  switch (prop_id)
    {
    case PROP_SET:
      self->set = g_value_dup_object (value);
      break;
    case PROP_ORDER:
      self->order = (NewsmarkReviewOrder) g_value_get_int (value);
      break;
    case PROP_POSITION:
      newsmark_review_queue_set_position (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_review_queue_class_init (NewsmarkReviewQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = newsmark_review_queue_dispose;
  object_class->finalize = newsmark_review_queue_finalize;
  object_class->get_property = newsmark_review_queue_get_property;
  object_class->set_property = newsmark_review_queue_set_property;

  properties[PROP_SET] =
    g_param_spec_object ("set", NULL, NULL, NEWSMARK_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_int ("order", NULL, NULL,
                      NEWSMARK_REVIEW_ORDER_DOCUMENT, NEWSMARK_REVIEW_ORDER_SCORE,
                      NEWSMARK_REVIEW_ORDER_DOCUMENT,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, G_MAXUINT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REVIEWED] =
    g_param_spec_uint ("n-reviewed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_review_queue_init (NewsmarkReviewQueue *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (QueueItem));
  g_array_set_clear_func (self->items, queue_item_clear);
  self->position = G_MAXUINT;
  self->dirty = TRUE;
}

static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  NewsmarkSpan *sa = ((const QueueItem *) a)->span;
  NewsmarkSpan *sb = ((const QueueItem *) b)->span;
  const NewsmarkOrigin *oa = newsmark_span_get_origin (sa);
  const NewsmarkOrigin *ob = newsmark_span_get_origin (sb);
  gboolean ha = oa != NULL && oa->has_score;
  gboolean hb = ob != NULL && ob->has_score;

  /* Highest score first; suggestions without a score last. */
  if (ha != hb)
    return ha ? -1 : 1;
  if (ha && oa->score != ob->score)
    return oa->score > ob->score ? -1 : 1;

  return newsmark_span_compare (sa, sb);
}

void
newsmark_review_queue_refresh (NewsmarkReviewQueue *self,
                               NewsmarkReviewOrder  order)
{
  GListModel *spans;
  guint old_len;
  guint n;

  g_return_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self));

  old_len = self->items->len;
  g_array_set_size (self->items, 0);
  self->order = order;

  spans = newsmark_annotation_set_get_spans (self->set);
  n = g_list_model_get_n_items (spans);
  for (guint i = 0; i < n; i++)
    {
      NewsmarkSpan *span = g_list_model_get_item (spans, i);
      QueueItem item;

      if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
        {
          g_object_unref (span);
          continue;
        }

      item.id = g_strdup (newsmark_span_get_id (span));
      item.span = span;
      g_array_append_val (self->items, item);
    }

  /* The spans model is already in document order. */
  if (order == NEWSMARK_REVIEW_ORDER_SCORE)
    g_array_sort (self->items, compare_by_score);

  /* Unplaced suggestions last, so that review reaches every suggestion:
   * they can be rejected here, or placed and then accepted. */
  spans = newsmark_annotation_set_get_unplaced (self->set);
  n = g_list_model_get_n_items (spans);
  for (guint i = 0; i < n; i++)
    {
      NewsmarkSpan *span = g_list_model_get_item (spans, i);
      QueueItem item;

      if (newsmark_span_get_status (span) != NEWSMARK_STATUS_SUGGESTED)
        {
          g_object_unref (span);
          continue;
        }

      item.id = g_strdup (newsmark_span_get_id (span));
      item.span = span;
      g_array_append_val (self->items, item);
    }

  self->position = self->items->len > 0 ? 0 : G_MAXUINT;
  self->dirty = TRUE;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REVIEWED]);
}

NewsmarkReviewQueue *
newsmark_review_queue_new (NewsmarkAnnotationSet *set,
                           NewsmarkReviewOrder    order)
{
  NewsmarkReviewQueue *self;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  self = g_object_new (NEWSMARK_TYPE_REVIEW_QUEUE, "set", set, "order", order, NULL);
  self->changed_id = g_signal_connect_swapped (set, "changed", G_CALLBACK (on_set_changed), self);
  newsmark_review_queue_refresh (self, order);

  return self;
}

NewsmarkAnnotationSet *
newsmark_review_queue_get_set (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), NULL);

  return self->set;
}

NewsmarkReviewOrder
newsmark_review_queue_get_order (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), NEWSMARK_REVIEW_ORDER_DOCUMENT);

  return self->order;
}

guint
newsmark_review_queue_get_position (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), G_MAXUINT);

  return self->position;
}

void
newsmark_review_queue_set_position (NewsmarkReviewQueue *self,
                                    guint                position)
{
  g_return_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self));
  g_return_if_fail (position < self->items->len || position == G_MAXUINT);

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

NewsmarkSpan *
newsmark_review_queue_get_current (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), NULL);

  if (self->position >= self->items->len)
    return NULL;

  return item_span (self, &g_array_index (self->items, QueueItem, self->position));
}

static gboolean
step (NewsmarkReviewQueue *self,
      int                  direction)
{
  guint n = self->items->len;
  guint start;

  if (n == 0)
    return FALSE;

  start = self->position < n ? self->position : (direction > 0 ? n - 1 : 0);

  for (guint k = 1; k <= n; k++)
    {
      guint i = (guint) (((gint64) start + direction * (gint64) k + n) % n);

      if (item_pending (self, &g_array_index (self->items, QueueItem, i)))
        {
          newsmark_review_queue_set_position (self, i);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
newsmark_review_queue_next (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  return step (self, 1);
}

gboolean
newsmark_review_queue_previous (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  return step (self, -1);
}

static NewsmarkSpan *
current_or_error (NewsmarkReviewQueue  *self,
                  GError              **error)
{
  NewsmarkSpan *span = newsmark_review_queue_get_current (self);

  if (span == NULL)
    g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                         "the review queue is empty");

  return span;
}

gboolean
newsmark_review_queue_accept (NewsmarkReviewQueue  *self,
                              GError              **error)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  if ((span = current_or_error (self, error)) == NULL ||
      !newsmark_review_accept (self->set, span, error))
    return FALSE;

  step (self, 1);
  return TRUE;
}

gboolean
newsmark_review_queue_reject (NewsmarkReviewQueue  *self,
                              GError              **error)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  if ((span = current_or_error (self, error)) == NULL ||
      !newsmark_review_reject (self->set, span, error))
    return FALSE;

  step (self, 1);
  return TRUE;
}

gboolean
newsmark_review_queue_resolve_conflict (NewsmarkReviewQueue     *self,
                                        NewsmarkConflictChoice   choice,
                                        GError                 **error)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  if ((span = current_or_error (self, error)) == NULL ||
      !newsmark_review_resolve_conflict (self->set, span, choice, error))
    return FALSE;

  step (self, 1);
  return TRUE;
}

gboolean
newsmark_review_queue_edit_accept (NewsmarkReviewQueue  *self,
                                   NewsmarkSpan         *edited,
                                   GError              **error)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), FALSE);

  if ((span = current_or_error (self, error)) == NULL ||
      !newsmark_review_edit_accept (self->set, span, edited, error))
    return FALSE;

  step (self, 1);
  return TRUE;
}

guint
newsmark_review_queue_get_n_reviewed (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), 0);

  if (self->dirty)
    {
      guint n = 0;

      for (guint i = 0; i < self->items->len; i++)
        {
          if (!item_pending (self, &g_array_index (self->items, QueueItem, i)))
            n++;
        }
      self->n_reviewed = n;
      self->dirty = FALSE;
    }

  return self->n_reviewed;
}

guint
newsmark_review_queue_get_n_total (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), 0);

  return self->items->len;
}

char *
newsmark_review_queue_dup_progress_text (NewsmarkReviewQueue *self)
{
  g_return_val_if_fail (NEWSMARK_IS_REVIEW_QUEUE (self), NULL);

  return g_strdup_printf ("%u of %u reviewed",
                          newsmark_review_queue_get_n_reviewed (self),
                          self->items->len);
}
