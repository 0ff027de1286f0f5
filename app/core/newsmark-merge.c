/* newsmark-merge.c — combining annotators' files for adjudication
 *
 * The result is an ordinary annotation set: what everybody agreed on is
 * accepted, everything else waits in the review queue as a suggestion that
 * says who proposed it. Nothing is dropped silently: spans a coder rejected
 * are counted in the log, relations that lose an end are reported.
 */
#include "config.h"

#include <string.h>
#include <json-c/json.h>

#include "newsmark/newsmark-agreement.h"
#include "newsmark/newsmark-document-path.h"
#include "newsmark/newsmark-io.h"
#include "newsmark-annotation-set-private.h"

typedef struct {
  char         *key;
  NewsmarkSpan *first;       /* borrowed from its set */
  GPtrArray    *spans;       /* borrowed NewsmarkSpan*, one per coder or NULL */
  NewsmarkSpan *merged;      /* owned by the result */
  guint         n_coders;
} Group;

static void
group_free (gpointer data)
{
  Group *g = data;

  g_free (g->key);
  g_ptr_array_unref (g->spans);
  g_free (g);
}

static char *
extent_key (NewsmarkSpan *span,
            const char   *extra)
{
  GString *key = g_string_new (newsmark_span_get_label (span));
  guint n = newsmark_span_get_n_fragments (span);
  const NewsmarkFragment *f = newsmark_span_get_fragments (span);

  g_string_append_printf (key, "\x1f%u\x1f%u", newsmark_span_get_start (span),
                          newsmark_span_get_end (span));
  for (guint k = 0; k < n; k++)
    g_string_append_printf (key, "\x1f%u-%u", f[k].start, f[k].end);
  if (extra != NULL)
    g_string_append_printf (key, "\x1f%s", extra);
  return g_string_free (key, FALSE);
}

static char *
join_coders (const char * const *names,
             const gboolean     *present,
             guint               n)
{
  GString *s = g_string_new (NULL);

  for (guint c = 0; c < n; c++)
    if (present == NULL || present[c])
      {
        if (s->len)
          g_string_append_c (s, '+');
        g_string_append (s, names[c]);
      }
  return g_string_free (s, FALSE);
}

static char *
variant_display (GVariant *v)
{
  if (v == NULL)
    return g_strdup ("(none)");
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (v, NULL);
  return g_variant_print (v, FALSE);
}

/* Copies the position, label and text of @from into a fresh span. */
static NewsmarkSpan *
span_skeleton (NewsmarkAnnotationSet *result,
               NewsmarkSpan          *from)
{
  g_autofree char *id = newsmark_annotation_set_next_span_id (result);
  NewsmarkSpan *span = newsmark_span_new (id, newsmark_span_get_label (from),
                                          newsmark_span_get_start (from),
                                          newsmark_span_get_end (from));

  if (newsmark_span_get_n_fragments (from) > 0)
    {
      newsmark_span_set_fragments (span, newsmark_span_get_fragments (from),
                                   newsmark_span_get_n_fragments (from));
      newsmark_span_set_fragment_texts (span, newsmark_span_get_fragment_texts (from));
    }
  else
    newsmark_span_set_text (span, newsmark_span_get_text (from));
  return span;
}

/* Fills attributes, note, times of a merged span from its group. */
static void
combine_fields (NewsmarkSpan        *span,
                Group               *group,
                const char * const  *coder_names,
                guint                n)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) note = g_string_new (NULL);
  const char *created = NULL, *modified = NULL;
  const char *common_note = NULL;
  gboolean notes_differ = FALSE;

  for (guint c = 0; c < n; c++)
    {
      NewsmarkSpan *s = g_ptr_array_index (group->spans, c);
      g_auto(GStrv) attrs = NULL;
      const char *t;

      if (s == NULL)
        continue;
      attrs = newsmark_span_list_attributes (s);
      for (guint k = 0; attrs && attrs[k]; k++)
        {
          gboolean seen = FALSE;

          for (guint q = 0; q < names->len && !seen; q++)
            seen = g_str_equal (g_ptr_array_index (names, q), attrs[k]);
          if (!seen)
            g_ptr_array_add (names, g_strdup (attrs[k]));
        }
      t = newsmark_span_get_created (s);
      if (t && (created == NULL || strcmp (t, created) < 0))
        created = t;
      t = newsmark_span_get_modified (s);
      if (t && (modified == NULL || strcmp (t, modified) > 0))
        modified = t;
      t = newsmark_span_get_note (s);
      if (t && *t)
        {
          if (common_note == NULL)
            common_note = t;
          else if (!g_str_equal (common_note, t))
            notes_differ = TRUE;
        }
    }

  /* Attribute values every coder of the group gave alike are kept; the
   * others are left for the adjudicator, listed in the note. */
  for (guint k = 0; k < names->len; k++)
    {
      const char *name = g_ptr_array_index (names, k);
      GVariant *value = NULL;
      gboolean differ = FALSE;

      for (guint c = 0; c < n; c++)
        {
          NewsmarkSpan *s = g_ptr_array_index (group->spans, c);
          GVariant *v;

          if (s == NULL)
            continue;
          v = newsmark_span_get_attribute (s, name);
          if (v == NULL || (value != NULL && !g_variant_equal (v, value)))
            differ = TRUE;
          if (value == NULL)
            value = v;
        }
      if (!differ && value != NULL)
        newsmark_span_set_attribute (span, name, value);
      else
        {
          if (note->len)
            g_string_append (note, "; ");
          g_string_append_printf (note, "%s:", name);
          for (guint c = 0; c < n; c++)
            {
              NewsmarkSpan *s = g_ptr_array_index (group->spans, c);
              g_autofree char *shown = NULL;

              if (s == NULL)
                continue;
              shown = variant_display (newsmark_span_get_attribute (s, name));
              g_string_append_printf (note, " %s=%s", coder_names[c], shown);
            }
        }
    }

  if (notes_differ)
    for (guint c = 0; c < n; c++)
      {
        NewsmarkSpan *s = g_ptr_array_index (group->spans, c);
        const char *t = s ? newsmark_span_get_note (s) : NULL;

        if (t && *t)
          {
            if (note->len)
              g_string_append (note, "; ");
            g_string_append_printf (note, "%s: %s", coder_names[c], t);
          }
      }
  else if (common_note != NULL)
    {
      if (note->len)
        g_string_prepend (note, "; ");
      g_string_prepend (note, common_note);
    }

  if (note->len)
    newsmark_span_set_note (span, note->str);
  if (created)
    newsmark_span_set_created (span, created);
  if (modified)
    newsmark_span_set_modified (span, modified);
}

/* document.path of the result: the first file's article, named from the
 * output's folder when it is inside it. */
static void
set_article_path (NewsmarkAnnotationSet *result,
                  NewsmarkAnnotationSet *source,
                  GFile                 *output_file,
                  GPtrArray             *problems)
{
  const char *doc_path = newsmark_annotation_set_get_document_path (source);
  GFile *source_file = newsmark_annotation_set_get_file (source);
  g_autoptr(GFile) article = NULL;

  if (doc_path == NULL)
    return;
  if (source_file == NULL || output_file == NULL)
    {
      /* Kept where the source is: its path, checked there, as it is. */
      newsmark_annotation_set_set_document_root (result, newsmark_annotation_set_get_document_root (source));
      _newsmark_annotation_set_load_document_path (result, doc_path);
      return;
    }

  /* From the source's folder (inside its corpus, for a layer) to the
   * output's. */
  article = newsmark_annotation_set_resolve_article (source, NULL);
  if (!newsmark_annotation_set_name_article (result, output_file, article) && problems != NULL)
    {
      g_autofree char *out_name = g_file_get_parse_name (output_file);
      g_autofree char *source_name = g_file_get_parse_name (source_file);

      g_ptr_array_add (problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, out_name, "document.path", 0, 0,
                                             "the article \"%s\" of %s is not inside this file's folder, so "
                                             "the merged file does not name it (a document path must stay "
                                             "inside that folder)", doc_path, source_name));
    }
}

/* The result replaces @output_file when it exists (a merge run again):
 * the ids that file used are not given again, since its backup, its
 * reviewers' notes and its audit trail still name them. */
static void
reserve_replaced_ids (NewsmarkAnnotationSet *result,
                      GFile                 *output_file,
                      GPtrArray             *problems)
{
  g_autoptr(NewsmarkAnnotationSet) replaced = NULL;
  g_autoptr(GError) error = NULL;
  guint64 span, relation;

  if (!g_file_query_exists (output_file, NULL))
    return;
  replaced = newsmark_annotation_set_load (output_file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  if (replaced == NULL)
    {
      if (problems != NULL)
        {
          g_autofree char *name = g_file_get_parse_name (output_file);

          g_ptr_array_add (problems,
                           newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, name, NULL, 0, 0,
                                                 "the file being replaced cannot be read (%s), so the ids "
                                                 "it used are not known and may be given again",
                                                 error->message));
        }
      return;
    }
  _newsmark_annotation_set_get_last_ids (replaced, &span, &relation);
  _newsmark_annotation_set_reserve_ids (result, span, relation);
}

static char *
json_detail (json_object *o)
{
  char *s = g_strdup (json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));

  json_object_put (o);
  return s;
}

typedef struct {
  char      *type;
  char      *from;
  char      *to;
  gboolean  *coders;
} MergedRelation;

static void
merged_relation_free (gpointer data)
{
  MergedRelation *r = data;

  g_free (r->type);
  g_free (r->from);
  g_free (r->to);
  g_free (r->coders);
  g_free (r);
}

NewsmarkAnnotationSet *
newsmark_merge_sets (NewsmarkAnnotationSet * const *sets,
                     const char * const            *coder_names,
                     const char * const            *sources,
                     guint                          n,
                     GFile                         *output_file,
                     GPtrArray                     *problems,
                     GError                       **error)
{
  g_autoptr(NewsmarkAnnotationSet) result = NULL;
  g_autoptr(GHashTable) groups_by_key = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) span_maps = NULL;     /* per coder: source span id → merged span */
  g_autoptr(GHashTable) relations_by_key = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autofree char *everyone = NULL;
  g_autofree guint *n_rejected = NULL;
  g_autofree guint *n_spans = NULL;
  g_autofree guint *n_relations = NULL;
  const char *sha;
  guint n_agreed = 0, n_suggested = 0, n_carried = 0, n_unplaced = 0;
  guint n_relations_merged = 0, n_relations_lost = 0;

  g_return_val_if_fail (sets != NULL, NULL);
  g_return_val_if_fail (coder_names != NULL, NULL);
  g_return_val_if_fail (n >= 2, NULL);
  g_return_val_if_fail (output_file == NULL || G_IS_FILE (output_file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sha = newsmark_document_get_sha256 (newsmark_annotation_set_get_document (sets[0]));
  for (guint c = 1; c < n; c++)
    {
      const char *other = newsmark_document_get_sha256 (newsmark_annotation_set_get_document (sets[c]));

      if (g_strcmp0 (sha, other) != 0)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "%s is about a different article than %s (SHA-256 %.12s… vs %.12s…); "
                       "only annotations of the same article can be merged",
                       sources ? sources[c] : coder_names[c],
                       sources ? sources[0] : coder_names[0], other, sha);
          return NULL;
        }
    }

  everyone = join_coders (coder_names, NULL, n);
  result = newsmark_annotation_set_new (newsmark_annotation_set_get_document (sets[0]),
                                        newsmark_annotation_set_get_schema (sets[0]));
  newsmark_annotation_set_set_annotator (result, everyone);
  set_article_path (result, sets[0], output_file, problems);
  /* What the source format kept (all coders worked on the same import). */
  newsmark_annotation_set_set_interchange (result, newsmark_annotation_set_get_interchange (sets[0]));
  for (guint c = 1; c < n && problems != NULL; c++)
    if (g_strcmp0 (newsmark_annotation_set_get_interchange (sets[c]),
                   newsmark_annotation_set_get_interchange (sets[0])) != 0)
      g_ptr_array_add (problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, sources ? sources[c] : NULL,
                                             "interchange", 0, 0,
                                             "what the source format kept differs from %s's; the "
                                             "merged file keeps %s's",
                                             coder_names[0], coder_names[0]));
  if (output_file != NULL)
    {
      newsmark_annotation_set_set_file (result, output_file);
      reserve_replaced_ids (result, output_file, problems);
    }

  groups_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  groups = g_ptr_array_new_with_free_func (group_free);
  span_maps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  n_rejected = g_new0 (guint, n);
  n_spans = g_new0 (guint, n);
  n_relations = g_new0 (guint, n);

  /* Group every coder's spans by label and extent. A coder's own unreviewed
   * model suggestions are not that coder's judgement: they are grouped
   * separately (by origin too) and carried over as they are. */
  for (guint c = 0; c < n; c++)
    {
      GListModel *spans = newsmark_annotation_set_get_spans (sets[c]);

      g_ptr_array_add (span_maps, g_hash_table_new (g_str_hash, g_str_equal));
      for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
          NewsmarkStatus status = newsmark_span_get_status (span);
          g_autofree char *key = NULL;
          g_autofree char *origin = NULL;
          Group *g;

          n_spans[c]++;
          if (status == NEWSMARK_STATUS_REJECTED)
            {
              n_rejected[c]++;
              continue;
            }
          if (status == NEWSMARK_STATUS_SUGGESTED)
            {
              origin = newsmark_origin_to_display (newsmark_span_get_origin (span));
              key = extent_key (span, origin ? origin : "suggested");
            }
          else
            key = extent_key (span, NULL);

          g = g_hash_table_lookup (groups_by_key, key);
          if (g == NULL)
            {
              g = g_new0 (Group, 1);
              g->key = g_steal_pointer (&key);
              g->first = span;
              g->spans = g_ptr_array_new ();
              g_ptr_array_set_size (g->spans, n);
              g_hash_table_insert (groups_by_key, g->key, g);
              g_ptr_array_add (groups, g);
            }
          if (g_ptr_array_index (g->spans, c) == NULL)
            {
              g_ptr_array_index (g->spans, c) = span;
              g->n_coders++;
            }
          else if (problems != NULL)
            g_ptr_array_add (problems,
                             newsmark_problem_new (NEWSMARK_SEVERITY_INFO,
                                                   sources ? sources[c] : NULL, NULL, 0, 0,
                                                   "span %s of %s repeats span %s (same label and "
                                                   "offsets); merged into one",
                                                   newsmark_span_get_id (span), coder_names[c],
                                                   newsmark_span_get_id (g_ptr_array_index (g->spans, c))));
          /* A coder's duplicate of their own span maps onto the same
           * merged span, so relations through either survive. */
          g_hash_table_insert (g_ptr_array_index (span_maps, c),
                               (gpointer) newsmark_span_get_id (span), g);
        }
    }

  /* One merged span per group. */
  for (guint k = 0; k < groups->len; k++)
    {
      Group *g = g_ptr_array_index (groups, k);
      g_autoptr(NewsmarkSpan) span = span_skeleton (result, g->first);
      NewsmarkStatus first_status = newsmark_span_get_status (g->first);
      g_autoptr(GError) local_error = NULL;

      if (first_status == NEWSMARK_STATUS_SUGGESTED)
        {
          /* Carried over unchanged, with its model origin and score. */
          newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
          newsmark_span_set_origin (span, newsmark_span_get_origin (g->first));
          combine_fields (span, g, coder_names, n);
          n_carried++;
        }
      else
        {
          g_autofree gboolean *present = g_new0 (gboolean, n);
          g_autofree char *who = NULL;
          g_autoptr(NewsmarkOrigin) origin = NULL;

          for (guint c = 0; c < n; c++)
            present[c] = g_ptr_array_index (g->spans, c) != NULL;
          who = join_coders (coder_names, present, n);
          origin = newsmark_origin_new_human (who);
          newsmark_span_set_origin (span, origin);
          if (g->n_coders == n)
            {
              newsmark_span_set_status (span, NEWSMARK_STATUS_ACCEPTED);
              n_agreed++;
            }
          else
            {
              newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
              n_suggested++;
            }
          combine_fields (span, g, coder_names, n);
        }

      if (!newsmark_annotation_set_add_span (result, span, &local_error))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "cannot merge span %s (%s [%u, %u)) of %s: %s",
                       newsmark_span_get_id (g->first), newsmark_span_get_label (g->first),
                       newsmark_span_get_start (g->first), newsmark_span_get_end (g->first),
                       sources ? sources[0] : coder_names[0], local_error->message);
          return NULL;
        }
      g->merged = span;
    }

  /* Relations whose two ends made it into the result; identical ones from
   * several coders become one, naming them all. */
  relations_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  relations = g_ptr_array_new_with_free_func (merged_relation_free);
  for (guint c = 0; c < n; c++)
    {
      GListModel *rels = newsmark_annotation_set_get_relations (sets[c]);
      GHashTable *map = g_ptr_array_index (span_maps, c);

      for (guint i = 0; i < g_list_model_get_n_items (rels); i++)
        {
          g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (rels, i);
          Group *from = g_hash_table_lookup (map, newsmark_relation_get_from (rel));
          Group *to = g_hash_table_lookup (map, newsmark_relation_get_to (rel));
          g_autofree char *key = NULL;
          MergedRelation *mr;

          n_relations[c]++;
          if (from == NULL || to == NULL)
            {
              n_relations_lost++;
              if (problems != NULL)
                g_ptr_array_add (problems,
                                 newsmark_problem_new (NEWSMARK_SEVERITY_WARNING,
                                                       sources ? sources[c] : NULL, NULL, 0, 0,
                                                       "relation %s (%s %s → %s) of %s not carried over: "
                                                       "span %s was rejected",
                                                       newsmark_relation_get_id (rel),
                                                       newsmark_relation_get_type_name (rel),
                                                       newsmark_relation_get_from (rel),
                                                       newsmark_relation_get_to (rel),
                                                       coder_names[c],
                                                       from == NULL ? newsmark_relation_get_from (rel)
                                                                    : newsmark_relation_get_to (rel)));
              continue;
            }
          key = g_strdup_printf ("%s\x1f%s\x1f%s", newsmark_relation_get_type_name (rel),
                                 newsmark_span_get_id (from->merged),
                                 newsmark_span_get_id (to->merged));
          mr = g_hash_table_lookup (relations_by_key, key);
          if (mr == NULL)
            {
              mr = g_new0 (MergedRelation, 1);
              mr->type = g_strdup (newsmark_relation_get_type_name (rel));
              mr->from = g_strdup (newsmark_span_get_id (from->merged));
              mr->to = g_strdup (newsmark_span_get_id (to->merged));
              mr->coders = g_new0 (gboolean, n);
              g_ptr_array_add (relations, mr);
              g_hash_table_insert (relations_by_key, g_steal_pointer (&key), mr);
            }
          mr->coders[c] = TRUE;
        }
    }
  for (guint k = 0; k < relations->len; k++)
    {
      MergedRelation *mr = g_ptr_array_index (relations, k);
      g_autofree char *id = newsmark_annotation_set_next_relation_id (result);
      g_autoptr(NewsmarkRelation) rel = newsmark_relation_new (id, mr->type, mr->from, mr->to);
      g_autofree char *who = join_coders (coder_names, mr->coders, n);
      g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_human (who);
      g_autoptr(GError) local_error = NULL;

      newsmark_relation_set_origin (rel, origin);
      if (!newsmark_annotation_set_add_relation (result, rel, &local_error))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "cannot merge relation %s %s → %s (from %s): %s",
                       mr->type, mr->from, mr->to, who, local_error->message);
          return NULL;
        }
      n_relations_merged++;
    }
  /* Spans a coder could not place stay unplaced: never dropped. */
  for (guint c = 0; c < n; c++)
    {
      GListModel *unplaced = newsmark_annotation_set_get_unplaced (sets[c]);

      for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);
          g_autoptr(NewsmarkSpan) copy = newsmark_span_copy (span);
          g_autofree char *id = newsmark_annotation_set_next_span_id (result);

          newsmark_span_set_id (copy, id);
          newsmark_annotation_set_add_unplaced (result, copy);
          n_unplaced++;
        }
    }

  /* The audit trail: where everything came from, then the outcome. */
  for (guint c = 0; c < n; c++)
    {
      json_object *d = json_object_new_object ();
      g_autofree char *now = newsmark_now_iso8601 ();
      g_autofree char *detail = NULL;

      json_object_object_add (d, "source", json_object_new_string (sources ? sources[c] : ""));
      json_object_object_add (d, "annotator", json_object_new_string (coder_names[c]));
      json_object_object_add (d, "spans", json_object_new_int64 (n_spans[c]));
      json_object_object_add (d, "rejected_not_carried", json_object_new_int64 (n_rejected[c]));
      json_object_object_add (d, "relations", json_object_new_int64 (n_relations[c]));
      detail = json_detail (d);
      newsmark_annotation_set_append_log_entry (result,
                                                newsmark_log_entry_new (now, coder_names[c], "merge-source",
                                                                        NULL, detail));
    }
  {
    json_object *d = json_object_new_object ();
    g_autofree char *now = newsmark_now_iso8601 ();
    g_autofree char *detail = NULL;

    json_object_object_add (d, "annotators", json_object_new_string (everyone));
    json_object_object_add (d, "agreed_accepted", json_object_new_int64 (n_agreed));
    json_object_object_add (d, "disagreed_suggested", json_object_new_int64 (n_suggested));
    json_object_object_add (d, "model_suggestions_carried", json_object_new_int64 (n_carried));
    json_object_object_add (d, "unplaced_carried", json_object_new_int64 (n_unplaced));
    json_object_object_add (d, "relations", json_object_new_int64 (n_relations_merged));
    json_object_object_add (d, "relations_not_carried", json_object_new_int64 (n_relations_lost));
    detail = json_detail (d);
    newsmark_annotation_set_append_log_entry (result,
                                              newsmark_log_entry_new (now, everyone, "merge",
                                                                      NULL, detail));
  }

  /* Building the result is not something to undo. */
  newsmark_annotation_set_clear_history (result);
  newsmark_annotation_set_set_modified (result, TRUE);

  return g_steal_pointer (&result);
}
