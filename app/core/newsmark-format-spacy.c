/* newsmark-format-spacy.c — spaCy / Prodigy JSON Lines
 *
 * One article per line: {"text", "spans": [{"start", "end", "label",
 * "token_start", "token_end"}], "tokens": [{"text", "start", "end", "id",
 * "ws"}], "relations": [...], "answer", "meta"}. Offsets are Python string
 * indices, i.e. code points, as in Newsmark. token_end is inclusive, as
 * Prodigy writes it. Relations follow Prodigy's "rel" interface: head and
 * child token indices plus head_span and child_span.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-interchange-private.h"
#include "newsmark-number-private.h"

static const char *
get_string (json_object *obj,
            const char  *key)
{
  json_object *v;

  if (!json_object_object_get_ex (obj, key, &v) || !json_object_is_type (v, json_type_string))
    return NULL;
  return json_object_get_string (v);
}

/* Spans of one line by "start:end:label" (and "start:end:" for any label),
 * so that relations find their ends in O(1). */
static NewsmarkImportSpan *
find_span (GHashTable        *index,
           guint              start,
           guint              end,
           const char        *label)
{
  g_autofree char *key = g_strdup_printf ("%u:%u:%s", start, end, label != NULL ? label : "");

  return g_hash_table_lookup (index, key);
}

static GHashTable *
span_index (NewsmarkImportDoc *doc)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < doc->spans->len; i++)
    {
      NewsmarkImportSpan *span = g_ptr_array_index (doc->spans, i);
      NewsmarkFragment *f = &g_array_index (span->fragments, NewsmarkFragment, 0);
      char *key = g_strdup_printf ("%u:%u:%s", f->start, f->end, span->label);
      char *any = g_strdup_printf ("%u:%u:", f->start, f->end);

      if (!g_hash_table_contains (index, key))
        g_hash_table_insert (index, key, span);
      else
        g_free (key);
      if (!g_hash_table_contains (index, any))
        g_hash_table_insert (index, any, span);
      else
        g_free (any);
    }
  return index;
}

/* Task keys the importer reads; every other one is kept as it is. */
static const char * const modelled_keys[] = { "text", "spans", "relations", NULL };
/* Span keys the importer reads or that follow from what it keeps. */
static const char * const span_keys[] = {
  "start", "end", "label", "text", "answer", "token_start", "token_end", NULL
};

gboolean
_newsmark_spacy_parse (NewsmarkImport *imp,
                       const char     *data,
                       gsize           len,
                       const char     *filename,
                       GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (data, len);
  g_autofree char *stem = newsmark_format_stem (filename);
  guint n_docs = 0;

  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *line = lines[l];
      json_object *root, *spans, *rels = NULL, *answer_obj;
      const char *text, *answer = NULL;
      g_autofree char *name = NULL;
      NewsmarkImportDoc *doc;
      NewsmarkStatus status = NEWSMARK_STATUS_ACCEPTED;
      int lineno = (int) l + 1;

      if (*g_strstrip ((char *) line) == '\0')
        continue;

      root = newsmark_format_parse_jsonl_line (line, filename, (int) l, error);
      if (root == NULL)
        return FALSE;

      text = get_string (root, "text");
      if (text == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s:%d: no “text” string: not a spaCy/Prodigy task line", filename, lineno);
          json_object_put (root);
          return FALSE;
        }

      name = g_strdup_printf ("%s-%04u", stem, ++n_docs);
      doc = newsmark_import_add_doc (imp, name, filename, text, -1);
      if (json_object_object_get_ex (root, "answer", &answer_obj) &&
          !newsmark_import_json_string (imp, filename, lineno, NULL, root, "answer", &answer))
        doc->failed = TRUE;
      if (!newsmark_import_json_meta (imp, doc, lineno, root))
        doc->failed = TRUE;

      /* The task's keys Newsmark does not read ("meta", "answer",
       * "_input_hash", "tokens", "options", "accept", …) are kept and
       * written back on export. */
      {
        json_object *fields = json_object_new_object ();

        json_object_object_foreach (root, key, value)
          {
            if (!g_strv_contains (modelled_keys, key))
              json_object_object_add (fields, key, json_object_get (value));
          }
        json_object_object_add (newsmark_import_doc_interchange (doc), "fields", fields);
      }

      if (answer != NULL)
        {
          if (g_str_equal (answer, "reject"))
            status = NEWSMARK_STATUS_REJECTED;
          else if (g_str_equal (answer, "ignore"))
            {
              status = NEWSMARK_STATUS_SUGGESTED;
              newsmark_import_warning (imp, filename, lineno, "answer",
                                       "the task was ignored in Prodigy: its spans are imported as "
                                       "suggestions to review");
            }
          else if (!g_str_equal (answer, "accept"))
            {
              newsmark_import_error (imp, filename, lineno, "answer",
                                     "“%s” is not an answer (expected accept, reject or ignore)", answer);
              doc->failed = TRUE;
            }
        }

      if (json_object_object_get_ex (root, "spans", &spans))
        {
          if (!json_object_is_type (spans, json_type_array))
            {
              newsmark_import_error (imp, filename, lineno, "spans", "expected an array");
              doc->failed = TRUE;
              spans = NULL;
            }
          for (gsize i = 0; spans != NULL && i < json_object_array_length (spans); i++)
            {
              json_object *s = json_object_array_get_idx (spans, i);
              g_autofree char *where = g_strdup_printf ("spans[%" G_GSIZE_FORMAT "]", i);
              const char *label, *span_answer;
              guint start, end;
              NewsmarkImportSpan *span;

              if (!json_object_is_type (s, json_type_object))
                {
                  newsmark_import_error (imp, filename, lineno, where,
                                         "expected {\"start\": N, \"end\": N, \"label\": \"…\"}");
                  doc->failed = TRUE;
                  continue;
                }
              if (!newsmark_import_json_uint (imp, filename, lineno, where, s, "start", &start) ||
                  !newsmark_import_json_uint (imp, filename, lineno, where, s, "end", &end) ||
                  !newsmark_import_json_string (imp, filename, lineno, where, s, "label", &label))
                {
                  doc->failed = TRUE;
                  continue;
                }
              span = newsmark_import_doc_add_span (doc, NULL, label, start, end, lineno);
              span->status = status;
              if (json_object_object_get_ex (s, "text", NULL))
                {
                  const char *span_text;

                  if (newsmark_import_json_string (imp, filename, lineno, where, s, "text", &span_text))
                    span->expected_text = g_strdup (span_text);
                  else
                    doc->failed = TRUE;
                }
              {
                /* token_start and token_end follow from the tokens, which
                 * are kept; anything else on a span has no place. */
                g_autoptr(GString) dropped = g_string_new (NULL);

                json_object_object_foreach (s, key, value)
                  {
                    (void) value;
                    if (!g_strv_contains (span_keys, key))
                      g_string_append_printf (dropped, "%s“%s”", dropped->len > 0 ? ", " : "", key);
                  }
                if (dropped->len > 0)
                  newsmark_import_warning (imp, filename, lineno, where,
                                           "%s span [%u, %u): %s not imported (a span keeps start, "
                                           "end, label and its answer)", label, start, end, dropped->str);
              }
              span->where = g_steal_pointer (&where);
              if (json_object_object_get_ex (s, "answer", NULL))
                {
                  if (!newsmark_import_json_string (imp, filename, lineno, span->where, s, "answer", &span_answer))
                    doc->failed = TRUE;
                  else if (g_str_equal (span_answer, "reject"))
                    span->status = NEWSMARK_STATUS_REJECTED;
                  else if (g_str_equal (span_answer, "accept"))
                    span->status = NEWSMARK_STATUS_ACCEPTED;
                  else
                    {
                      g_autofree char *at = g_strconcat (span->where, ".answer", NULL);

                      newsmark_import_error (imp, filename, lineno, at,
                                             "“%s” is not a span's answer (expected accept or reject)", span_answer);
                      doc->failed = TRUE;
                    }
                }
            }
        }

      if (json_object_object_get_ex (root, "relations", &rels) && !json_object_is_type (rels, json_type_array))
        {
          newsmark_import_error (imp, filename, lineno, "relations", "expected an array, got %s",
                                 json_type_to_name (json_object_get_type (rels)));
          doc->failed = TRUE;
        }
      else if (rels != NULL)
        {
          g_autoptr(GHashTable) index = span_index (doc);

          for (gsize i = 0; i < json_object_array_length (rels); i++)
            {
              json_object *r = json_object_array_get_idx (rels, i);
              g_autofree char *where = g_strdup_printf ("relations[%" G_GSIZE_FORMAT "]", i);
              const char *label;
              NewsmarkImportSpan *ends[2] = { NULL, NULL };
              static const char * const end_keys[2] = { "head_span", "child_span" };
              gboolean ok = newsmark_import_json_string (imp, filename, lineno, where, r, "label", &label);

              /* Prodigy names a relation's ends by their spans, repeated. */
              for (guint k = 0; ok && k < 2; k++)
                {
                  g_autofree char *at = g_strdup_printf ("%s.%s", where, end_keys[k]);
                  json_object *end_span = NULL;
                  const char *end_label = NULL;
                  guint a, b;

                  if (!json_object_object_get_ex (r, end_keys[k], &end_span) ||
                      !json_object_is_type (end_span, json_type_object))
                    {
                      newsmark_import_error (imp, filename, lineno, at,
                                             "expected the span at this end, {\"start\": N, \"end\": N, "
                                             "\"label\": \"…\"}");
                      ok = FALSE;
                      break;
                    }
                  ok = newsmark_import_json_uint (imp, filename, lineno, at, end_span, "start", &a) &&
                       newsmark_import_json_uint (imp, filename, lineno, at, end_span, "end", &b) &&
                       (!json_object_object_get_ex (end_span, "label", NULL) ||
                        newsmark_import_json_string (imp, filename, lineno, at, end_span, "label", &end_label));
                  if (ok && (ends[k] = find_span (index, a, b, end_label)) == NULL)
                    {
                      newsmark_import_error (imp, filename, lineno, at,
                                             "no span [%u, %u)%s%s on this line", a, b,
                                             end_label != NULL ? " labelled " : "", end_label != NULL ? end_label : "");
                      ok = FALSE;
                    }
                }
              if (!ok)
                {
                  doc->failed = TRUE;
                  continue;
                }
              /* Relations name spans by id; give the ends one. */
              for (guint k = 0; k < 2; k++)
                if (ends[k]->src_id == NULL)
                  ends[k]->src_id = g_strdup_printf ("%p", (void *) ends[k]);
              newsmark_import_doc_add_relation (doc, label, ends[0]->src_id, ends[1]->src_id, lineno)->where =
                g_steal_pointer (&where);
            }
        }

      json_object_put (root);
    }

  if (n_docs == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s: no task lines (expected one JSON object with “text” per line)", filename);
      return FALSE;
    }

  return TRUE;
}

/* ---- Export ------------------------------------------------------------------- */

/* The tokens a task kept from its source, as code point ranges, when they
 * still lie on @document's text in order; else NULL with *bad_index the
 * first one that does not. */
static GArray *
kept_tokens (json_object      *list,
             NewsmarkDocument *document,
             guint            *bad_index)
{
  g_autoptr(GArray) tokens = NULL;
  guint length = newsmark_document_get_length (document);
  guint previous_end = 0;

  if (!json_object_is_type (list, json_type_array))
    {
      *bad_index = 0;
      return NULL;
    }
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (NewsmarkFragment), (guint) json_object_array_length (list));
  for (gsize i = 0; i < json_object_array_length (list); i++)
    {
      json_object *t = json_object_array_get_idx (list, i);
      const char *text = json_object_is_type (t, json_type_object) ? get_string (t, "text") : NULL;
      json_object *start = NULL, *end = NULL;
      NewsmarkFragment f;

      if (!json_object_is_type (t, json_type_object) ||
          !json_object_object_get_ex (t, "start", &start) ||
          !_newsmark_number_from_json_uint (start, &f.start, NULL) ||
          !json_object_object_get_ex (t, "end", &end) ||
          !_newsmark_number_from_json_uint (end, &f.end, NULL) ||
          f.start < previous_end || f.start > f.end || f.end > length)
        {
          *bad_index = (guint) i;
          return NULL;
        }
      if (text != NULL)
        {
          g_autofree char *slice = newsmark_document_dup_slice (document, f.start, f.end);

          if (!g_str_equal (slice, text))
            {
              *bad_index = (guint) i;
              return NULL;
            }
        }
      previous_end = f.end;
      g_array_append_val (tokens, f);
    }
  return g_steal_pointer (&tokens);
}

static json_object *
span_json (guint        start,
           guint        end,
           const char  *label,
           GArray      *tokens,
           guint       *token_at_start,
           guint       *token_at_end,
           gboolean    *aligned)
{
  json_object *o = json_object_new_object ();

  json_object_object_add (o, "start", json_object_new_int64 (start));
  json_object_object_add (o, "end", json_object_new_int64 (end));
  if (tokens != NULL)
    {
      guint ts = token_at_start[start], te = token_at_end[end];

      *aligned = ts != G_MAXUINT && te != G_MAXUINT;
      if (!*aligned)
        {
          /* The covering tokens, so that token-based tools keep the span:
           * the first token ending after start, the last starting before end. */
          guint after = _newsmark_tokens_starting_before (tokens, end);

          ts = _newsmark_tokens_first_ending_after (tokens, start);
          te = after > 0 ? after - 1 : 0;
        }
      json_object_object_add (o, "token_start", json_object_new_int64 (ts));
      json_object_object_add (o, "token_end", json_object_new_int64 (te));
    }
  json_object_object_add (o, "label", json_object_new_string (label));

  return o;
}

gboolean
_newsmark_spacy_export (NewsmarkExport *exp,
                        GPtrArray      *sets,
                        GString        *out,
                        GError        **error)
{
  for (guint d = 0; d < sets->len; d++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, d);
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
      g_autoptr(GPtrArray) spans = newsmark_export_spans (exp, set, FALSE);
      g_autofree char *name = newsmark_export_set_name (set, d);
      g_autoptr(GArray) tokens = NULL;
      g_autofree guint *token_at_start = NULL, *token_at_end = NULL;
      g_autoptr(GHashTable) first_piece = g_hash_table_new (g_str_hash, g_str_equal);
      GListModel *relations = newsmark_annotation_set_get_relations (set);
      json_object *root = json_object_new_object ();
      json_object *jspans = json_object_new_array ();
      guint length = newsmark_document_get_length (document);
      json_object *kept = _newsmark_interchange_get (set, NEWSMARK_FORMAT_SPACY_JSONL);
      json_object *fields = NULL, *source_tokens = NULL;

      /* What the task had and Newsmark does not model goes back out as it
       * was; its own tokens are what token_start and token_end count. */
      if (kept != NULL)
        json_object_object_get_ex (kept, "fields", &fields);
      if (fields != NULL && json_object_object_get_ex (fields, "tokens", &source_tokens))
        {
          guint bad = 0;

          tokens = kept_tokens (source_tokens, document, &bad);
          if (tokens == NULL)
            {
              newsmark_export_warning (exp, name, "the tokens kept from the source do not lie on the "
                                       "text (token %u): not written%s", bad,
                                       exp->options->write_tokens ? "; Newsmark's tokens instead" : "");
              source_tokens = NULL;
            }
        }
      if (tokens == NULL && exp->options->write_tokens)
        tokens = newsmark_tokenize (document);

      if (tokens != NULL)
        {
          token_at_start = g_new (guint, length + 1);
          token_at_end = g_new (guint, length + 1);
          for (guint i = 0; i <= length; i++)
            token_at_start[i] = token_at_end[i] = G_MAXUINT;
          for (guint i = 0; i < tokens->len; i++)
            {
              NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);

              token_at_start[t->start] = i;
              token_at_end[t->end] = i;
            }
        }

      json_object_object_add (root, "text", json_object_new_string_len (newsmark_document_get_text (document),
                                                                        (int) newsmark_document_get_n_bytes (document)));

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);
          guint n_frag = newsmark_span_get_n_fragments (span);
          const char *label = newsmark_span_get_label (span);
          g_auto(GStrv) attrs = newsmark_span_list_attributes (span);
          g_autofree char *desc = NULL;
          gboolean aligned = TRUE;

          g_hash_table_insert (first_piece, (gpointer) newsmark_span_get_id (span),
                               GUINT_TO_POINTER (json_object_array_length (jspans) + 1));
          if (n_frag == 0)
            json_object_array_add (jspans, span_json (newsmark_span_get_start (span), newsmark_span_get_end (span),
                                                      label, tokens, token_at_start, token_at_end, &aligned));
          else
            {
              const NewsmarkFragment *f = newsmark_span_get_fragments (span);

              for (guint k = 0; k < n_frag; k++)
                {
                  gboolean a = TRUE;

                  json_object_array_add (jspans, span_json (f[k].start, f[k].end, label, tokens,
                                                            token_at_start, token_at_end, &a));
                  aligned = aligned && a;
                }
              desc = newsmark_describe_span (span);
              newsmark_export_warning (exp, name, "discontinuous span %s split into %u spans, one "
                                       "per fragment", desc, n_frag);
            }
          /* Prodigy's answer on the span: a rejected span reads back so. */
          if (newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED)
            for (gsize k = GPOINTER_TO_UINT (g_hash_table_lookup (first_piece, newsmark_span_get_id (span))) - 1;
                 k < json_object_array_length (jspans); k++)
              json_object_object_add (json_object_array_get_idx (jspans, k), "answer", json_object_new_string ("reject"));
          if (!aligned)
            {
              desc = desc != NULL ? desc : newsmark_describe_span (span);
              newsmark_export_warning (exp, name, "span %s does not start and end on token "
                                       "boundaries: token_start/token_end give the covering tokens", desc);
            }
          if (attrs[0] != NULL || newsmark_span_get_note (span) != NULL)
            {
              g_autofree char *list = g_strjoinv (", ", attrs);

              desc = desc != NULL ? desc : newsmark_describe_span (span);
              newsmark_export_warning (exp, name, "span %s: %s%s%s not exported (spaCy spans have "
                                       "no attributes or notes)", desc,
                                       attrs[0] != NULL ? "attributes " : "", list,
                                       newsmark_span_get_note (span) != NULL ? (attrs[0] != NULL ? " and note" : "note") : "");
            }
        }
      json_object_object_add (root, "spans", jspans);

      if (source_tokens != NULL)
        json_object_object_add (root, "tokens", json_object_get (source_tokens));
      else if (tokens != NULL)
        {
          json_object *jtokens = json_object_new_array_ext ((int) tokens->len);

          for (guint i = 0; i < tokens->len; i++)
            {
              NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);
              json_object *o = json_object_new_object ();
              g_autofree char *ttext = newsmark_document_dup_slice (document, t->start, t->end);
              gboolean ws = t->end < length && g_unichar_isspace (newsmark_document_get_char (document, t->end));

              json_object_object_add (o, "text", json_object_new_string (ttext));
              json_object_object_add (o, "start", json_object_new_int64 (t->start));
              json_object_object_add (o, "end", json_object_new_int64 (t->end));
              json_object_object_add (o, "id", json_object_new_int64 (i));
              json_object_object_add (o, "ws", json_object_new_boolean (ws));
              json_object_array_add (jtokens, o);
            }
          json_object_object_add (root, "tokens", jtokens);
        }

      if (g_list_model_get_n_items (relations) > 0)
        {
          json_object *jrels = json_object_new_array ();

          for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
            {
              g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);
              guint hi = GPOINTER_TO_UINT (g_hash_table_lookup (first_piece, newsmark_relation_get_from (rel)));
              guint ci = GPOINTER_TO_UINT (g_hash_table_lookup (first_piece, newsmark_relation_get_to (rel)));
              json_object *o, *hs, *cs;

              if (hi == 0 || ci == 0)
                {
                  newsmark_export_warning (exp, name, "relation %s (%s) not exported: one of its "
                                           "spans was not exported", newsmark_relation_get_id (rel),
                                           newsmark_relation_get_type_name (rel));
                  continue;
                }
              hs = json_object_array_get_idx (jspans, hi - 1);
              cs = json_object_array_get_idx (jspans, ci - 1);
              o = json_object_new_object ();
              if (tokens != NULL)
                {
                  json_object *v;

                  json_object_object_get_ex (hs, "token_end", &v);
                  json_object_object_add (o, "head", json_object_new_int64 (json_object_get_int64 (v)));
                  json_object_object_get_ex (cs, "token_end", &v);
                  json_object_object_add (o, "child", json_object_new_int64 (json_object_get_int64 (v)));
                }
              json_object_object_add (o, "head_span", json_object_get (hs));
              json_object_object_add (o, "child_span", json_object_get (cs));
              json_object_object_add (o, "label", json_object_new_string (newsmark_relation_get_type_name (rel)));
              json_object_array_add (jrels, o);
            }
          json_object_object_add (root, "relations", jrels);
        }

      if (fields != NULL)
        {
          json_object_object_foreach (fields, key, value)
            {
              /* Tokens that no longer fit were reported above. */
              if (!json_object_object_get_ex (root, key, NULL) && !g_str_equal (key, "tokens"))
                json_object_object_add (root, key, json_object_get (value));
            }
        }
      /* An article that did not come from a task gets Newsmark's own. */
      if (fields == NULL)
        {
          json_object *meta = json_object_new_object ();

          json_object_object_add (root, "answer", json_object_new_string ("accept"));
          json_object_object_add (meta, "source", json_object_new_string (name));
          json_object_object_add (meta, "sha256", json_object_new_string (newsmark_document_get_sha256 (document)));
          json_object_object_add (root, "meta", meta);
        }

      g_string_append (out, json_object_to_json_string_ext (root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
      g_string_append_c (out, '\n');
      json_object_put (root);
      json_object_put (kept);
    }

  return TRUE;
}
