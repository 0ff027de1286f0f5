/* newsmark-format-doccano.c — doccano JSON Lines
 *
 * doccano writes one article per line in several shapes over its versions:
 *   {"text", "label": [[start, end, "LABEL"], …]}            (sequence labeling)
 *   {"text", "labels": [[start, end, "LABEL"], …]}           (older)
 *   {"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
 *    "relations": [{"id", "from_id", "to_id", "type"}]}     (relation extraction)
 *   {"text", "annotations": [{"label", "start_offset", "end_offset", "user"}]}
 *                                                            (old multi-user export)
 * Offsets count UTF-16 code units (JavaScript string indices): they are
 * converted exactly; one that falls inside a surrogate pair is an error.
 * Export writes the entities + relations form.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-interchange-private.h"

static gboolean
to_chars (NewsmarkImport    *imp,
          NewsmarkImportDoc *doc,
          NewsmarkUtf16Map  *map,
          guint              unit,
          guint             *offset,
          int                lineno,
          const char        *where)
{
  if (newsmark_utf16_map_to_chars (map, unit, offset))
    return TRUE;

  if (unit > map->n_units)
    newsmark_import_error (imp, doc->source, lineno, where,
                           "offset %u is past the end of the text (%u UTF-16 code units)",
                           unit, map->n_units);
  else
    newsmark_import_error (imp, doc->source, lineno, where,
                           "offset %u falls inside a character outside the Basic Multilingual "
                           "Plane (doccano counts UTF-16 code units)", unit);
  doc->failed = TRUE;
  return FALSE;
}

/* Line keys the importer reads; every other one is kept as it is. */
static const char * const modelled_keys[] = {
  "text", "label", "labels", "entities", "relations", "annotations", NULL
};
static const char * const entity_keys[] = { "id", "label", "start_offset", "end_offset", "user", NULL };

gboolean
_newsmark_doccano_parse (NewsmarkImport *imp,
                         const char     *data,
                         gsize           len,
                         const char     *filename,
                         GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (data, len);
  g_autofree char *stem = newsmark_format_stem (filename);
  static const char * const pairs[] = { "label", "labels", "entities", "annotations" };
  guint n_docs = 0;

  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *line = lines[l];
      g_autoptr(NewsmarkUtf16Map) map = NULL;
      g_autofree char *name = NULL;
      g_autofree char *doc_id = NULL;
      json_object *root, *v, *list;
      const char *text;
      const char *list_key = NULL;
      NewsmarkImportDoc *doc;
      int lineno = (int) l + 1;
      g_autoptr(GHashTable) entity_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gboolean id_ok;

      if (*g_strstrip (line) == '\0')
        continue;

      root = newsmark_format_parse_jsonl_line (line, filename, (int) l, error);
      if (root == NULL)
        return FALSE;

      if (!json_object_object_get_ex (root, "text", &v) || !json_object_is_type (v, json_type_string))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s:%d: no “text” string: not a doccano line (expected {\"text\": …, "
                       "\"label\": [[start, end, \"LABEL\"], …]})", filename, lineno);
          json_object_put (root);
          return FALSE;
        }
      text = json_object_get_string (v);
      map = newsmark_utf16_map_new (text, json_object_get_string_len (v));

      n_docs++;
      id_ok = newsmark_import_json_id (imp, filename, lineno, NULL, root, "id", FALSE, &doc_id);
      if (doc_id != NULL)
        name = g_strdup_printf ("%s-%s", stem, doc_id);
      else
        name = g_strdup_printf ("%s-%04u", stem, n_docs);
      doc = newsmark_import_add_doc (imp, name, filename, text, json_object_get_string_len (v));
      doc->failed |= !id_ok;
      if (!newsmark_import_json_meta (imp, doc, lineno, root))
        doc->failed = TRUE;

      /* Each doccano version has one of these lists; reading one of two
       * would leave the other's spans out. */
      for (guint k = 0; k < G_N_ELEMENTS (pairs); k += 2)
        if (json_object_object_get_ex (root, pairs[k], NULL) && json_object_object_get_ex (root, pairs[k + 1], NULL))
          {
            newsmark_import_error (imp, filename, lineno, pairs[k + 1], "both “%s” and “%s”: a line has "
                                   "one of them", pairs[k], pairs[k + 1]);
            doc->failed = TRUE;
          }

      /* The line's keys Newsmark does not read ("id", "meta", "Comments",
       * …) are kept and written back on export. */
      {
        json_object *fields = json_object_new_object ();

        json_object_object_foreach (root, key, value)
          {
            if (!g_strv_contains (modelled_keys, key))
              json_object_object_add (fields, key, json_object_get (value));
          }
        json_object_object_add (newsmark_import_doc_interchange (doc), "fields", fields);
      }

      if (json_object_object_get_ex (root, "label", &list))
        list_key = "label";
      else if (json_object_object_get_ex (root, "labels", &list))
        list_key = "labels";

      if (list_key != NULL)
        {
          if (!json_object_is_type (list, json_type_array))
            {
              newsmark_import_error (imp, filename, lineno, list_key,
                                     "expected an array of [start, end, \"LABEL\"]");
              doc->failed = TRUE;
              list = NULL;
            }
          for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
            {
              json_object *t = json_object_array_get_idx (list, i);
              g_autofree char *where = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", list_key, i);
              g_autofree char *label = NULL;
              guint su, eu, s, e;
              NewsmarkImportSpan *span;

              if (t != NULL && json_object_is_type (t, json_type_string))
                {
                  newsmark_import_error (imp, filename, lineno, where,
                                         "“%s” is a document label (text classification), not a "
                                         "span: Newsmark labels spans of text",
                                         json_object_get_string (t));
                  doc->failed = TRUE;
                  continue;
                }
              if (t == NULL || !json_object_is_type (t, json_type_array) ||
                  json_object_array_length (t) != 3)
                {
                  newsmark_import_error (imp, filename, lineno, where,
                                         "expected [start, end, \"LABEL\"], found %s",
                                         t != NULL ? json_object_to_json_string_ext (t, JSON_C_TO_STRING_PLAIN) : "null");
                  doc->failed = TRUE;
                  continue;
                }
              {
                g_autofree char *at_start = g_strdup_printf ("%s[0]", where);
                g_autofree char *at_end = g_strdup_printf ("%s[1]", where);
                g_autofree char *at_label = g_strdup_printf ("%s[2]", where);

                if (!newsmark_import_json_uint (imp, filename, lineno, at_start, json_object_array_get_idx (t, 0), NULL, &su) ||
                    !newsmark_import_json_uint (imp, filename, lineno, at_end, json_object_array_get_idx (t, 1), NULL, &eu) ||
                    !newsmark_import_json_id (imp, filename, lineno, at_label, json_object_array_get_idx (t, 2), NULL, TRUE, &label))
                  {
                    doc->failed = TRUE;
                    continue;
                  }
              }
              if (!to_chars (imp, doc, map, su, &s, lineno, where) ||
                  !to_chars (imp, doc, map, eu, &e, lineno, where))
                continue;
              span = newsmark_import_doc_add_span (doc, NULL, label, s, e, lineno);
              span->where = g_steal_pointer (&where);
            }
        }

      if (json_object_object_get_ex (root, "entities", &list) ||
          json_object_object_get_ex (root, "annotations", &list))
        {
          const char *key = json_object_object_get_ex (root, "entities", NULL) ? "entities" : "annotations";

          if (!json_object_is_type (list, json_type_array))
            {
              newsmark_import_error (imp, filename, lineno, key, "expected an array of objects");
              doc->failed = TRUE;
              list = NULL;
            }
          for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
            {
              json_object *o = json_object_array_get_idx (list, i);
              g_autofree char *where = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", key, i);
              g_autofree char *label = NULL;
              g_autofree char *id = NULL;
              g_autofree char *user = NULL;
              guint su, eu, s, e;
              NewsmarkImportSpan *span;

              if (o == NULL || !json_object_is_type (o, json_type_object))
                {
                  newsmark_import_error (imp, filename, lineno, where,
                                         "expected {\"label\", \"start_offset\", \"end_offset\"}");
                  doc->failed = TRUE;
                  continue;
                }
              /* The id first: a relation to an entity that has another
               * problem is not a second one. */
              if (!newsmark_import_json_id (imp, filename, lineno, where, o, "id", FALSE, &id))
                {
                  doc->failed = TRUE;
                  continue;
                }
              if (id != NULL)
                g_hash_table_add (entity_ids, g_strdup (id));
              if (!newsmark_import_json_id (imp, filename, lineno, where, o, "label", TRUE, &label) ||
                  !newsmark_import_json_uint (imp, filename, lineno, where, o, "start_offset", &su) ||
                  !newsmark_import_json_uint (imp, filename, lineno, where, o, "end_offset", &eu) ||
                  !newsmark_import_json_id (imp, filename, lineno, where, o, "user", FALSE, &user))
                {
                  doc->failed = TRUE;
                  continue;
                }
              if (!to_chars (imp, doc, map, su, &s, lineno, where) ||
                  !to_chars (imp, doc, map, eu, &e, lineno, where))
                continue;
              span = newsmark_import_doc_add_span (doc, id, label, s, e, lineno);
              {
                g_autoptr(GString) dropped = g_string_new (NULL);

                json_object_object_foreach (o, entity_key, value)
                  {
                    (void) value;
                    if (!g_strv_contains (entity_keys, entity_key))
                      g_string_append_printf (dropped, "%s“%s”", dropped->len > 0 ? ", " : "", entity_key);
                  }
                if (dropped->len > 0)
                  newsmark_import_warning (imp, filename, lineno, where,
                                           "%s span [%u, %u): %s not imported (a span keeps its label, "
                                           "offsets and user)", label, su, eu, dropped->str);
              }
              span->where = g_steal_pointer (&where);
              if (user != NULL)
                {
                  g_autofree char *who = g_strdup_printf ("doccano user %s", user);

                  span->origin = newsmark_origin_new_human (who);
                }
            }
        }

      if (json_object_object_get_ex (root, "relations", &list))
        {
          if (!json_object_is_type (list, json_type_array))
            {
              newsmark_import_error (imp, filename, lineno, "relations", "expected an array of objects");
              doc->failed = TRUE;
              list = NULL;
            }
          for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
            {
              json_object *o = json_object_array_get_idx (list, i);
              g_autofree char *where = g_strdup_printf ("relations[%" G_GSIZE_FORMAT "]", i);
              g_autofree char *from = NULL, *to = NULL, *type = NULL;

              if (o == NULL || !json_object_is_type (o, json_type_object))
                {
                  newsmark_import_error (imp, filename, lineno, where,
                                         "expected {\"from_id\", \"to_id\", \"type\"}");
                  doc->failed = TRUE;
                  continue;
                }
              if (!newsmark_import_json_id (imp, filename, lineno, where, o, "from_id", TRUE, &from) ||
                  !newsmark_import_json_id (imp, filename, lineno, where, o, "to_id", TRUE, &to) ||
                  !newsmark_import_json_id (imp, filename, lineno, where, o, "type", TRUE, &type))
                {
                  doc->failed = TRUE;
                  continue;
                }
              if (!g_hash_table_contains (entity_ids, from) || !g_hash_table_contains (entity_ids, to))
                {
                  gboolean from_missing = !g_hash_table_contains (entity_ids, from);
                  g_autofree char *at = g_strconcat (where, from_missing ? ".from_id" : ".to_id", NULL);

                  newsmark_import_error (imp, filename, lineno, at,
                                         "%s is not the id of an entity on this line", from_missing ? from : to);
                  doc->failed = TRUE;
                  continue;
                }
              newsmark_import_doc_add_relation (doc, type, from, to, lineno)->where = g_steal_pointer (&where);
            }
        }

      json_object_put (root);
    }

  if (n_docs == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s: no lines (expected one JSON object with “text” per line)", filename);
      return FALSE;
    }

  return TRUE;
}

gboolean
_newsmark_doccano_export (NewsmarkExport *exp,
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
      g_autoptr(NewsmarkUtf16Map) map = newsmark_utf16_map_new (newsmark_document_get_text (document),
                                                                (gssize) newsmark_document_get_n_bytes (document));
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      GListModel *relations = newsmark_annotation_set_get_relations (set);
      json_object *root = json_object_new_object ();
      json_object *entities = json_object_new_array_ext ((int) spans->len);
      json_object *jrels = json_object_new_array ();
      json_object *kept = _newsmark_interchange_get (set, NEWSMARK_FORMAT_DOCCANO_JSONL);
      json_object *fields = NULL, *kept_id = NULL;
      guint next_id = 0;

      /* The line's own keys go back out as they were, its id first. */
      if (kept != NULL && json_object_object_get_ex (kept, "fields", &fields))
        json_object_object_get_ex (fields, "id", &kept_id);
      json_object_object_add (root, "id", kept_id != NULL ? json_object_get (kept_id) : json_object_new_int64 (d + 1));
      json_object_object_add (root, "text", json_object_new_string_len (newsmark_document_get_text (document),
                                                                        (int) newsmark_document_get_n_bytes (document)));

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);
          guint n_frag = newsmark_span_get_n_fragments (span);
          NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
          const NewsmarkFragment *frags = n_frag > 0 ? newsmark_span_get_fragments (span) : &whole;
          g_auto(GStrv) attrs = newsmark_span_list_attributes (span);

          if (n_frag > 0)
            {
              g_autofree char *desc = newsmark_describe_span (span);

              newsmark_export_warning (exp, name, "discontinuous span %s split into %u entities, "
                                       "one per fragment (doccano spans are contiguous); relations "
                                       "use the first", desc, n_frag);
            }
          if (attrs[0] != NULL || newsmark_span_get_note (span) != NULL)
            {
              g_autofree char *desc = newsmark_describe_span (span);
              g_autofree char *list = g_strjoinv (", ", attrs);

              newsmark_export_warning (exp, name, "span %s: %s%s%s not exported (doccano entities "
                                       "have no attributes or notes)", desc,
                                       attrs[0] != NULL ? "attributes " : "", list,
                                       newsmark_span_get_note (span) != NULL ? (attrs[0] != NULL ? " and note" : "note") : "");
            }

          g_hash_table_insert (ids, (gpointer) newsmark_span_get_id (span), GUINT_TO_POINTER (next_id + 1));
          for (guint k = 0; k < MAX (n_frag, 1); k++)
            {
              json_object *o = json_object_new_object ();

              json_object_object_add (o, "id", json_object_new_int64 (next_id++));
              json_object_object_add (o, "label", json_object_new_string (newsmark_span_get_label (span)));
              json_object_object_add (o, "start_offset",
                                      json_object_new_int64 (newsmark_utf16_map_to_units (map, frags[k].start)));
              json_object_object_add (o, "end_offset",
                                      json_object_new_int64 (newsmark_utf16_map_to_units (map, frags[k].end)));
              json_object_array_add (entities, o);
            }
        }

      for (guint i = 0, r = 0; i < g_list_model_get_n_items (relations); i++)
        {
          g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);
          guint from = GPOINTER_TO_UINT (g_hash_table_lookup (ids, newsmark_relation_get_from (rel)));
          guint to = GPOINTER_TO_UINT (g_hash_table_lookup (ids, newsmark_relation_get_to (rel)));
          json_object *o;

          if (from == 0 || to == 0)
            {
              newsmark_export_warning (exp, name, "relation %s (%s) not exported: one of its spans "
                                       "was not exported", newsmark_relation_get_id (rel),
                                       newsmark_relation_get_type_name (rel));
              continue;
            }
          o = json_object_new_object ();
          json_object_object_add (o, "id", json_object_new_int64 (r++));
          json_object_object_add (o, "from_id", json_object_new_int64 (from - 1));
          json_object_object_add (o, "to_id", json_object_new_int64 (to - 1));
          json_object_object_add (o, "type", json_object_new_string (newsmark_relation_get_type_name (rel)));
          json_object_array_add (jrels, o);
        }

      json_object_object_add (root, "entities", entities);
      json_object_object_add (root, "relations", jrels);
      if (fields != NULL)
        {
          json_object_object_foreach (fields, key, value)
            {
              if (!json_object_object_get_ex (root, key, NULL))
                json_object_object_add (root, key, json_object_get (value));
            }
        }
      json_object_put (kept);
      g_string_append (out, json_object_to_json_string_ext (root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
      g_string_append_c (out, '\n');
      json_object_put (root);
    }

  return TRUE;
}
