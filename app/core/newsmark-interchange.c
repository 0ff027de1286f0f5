/* newsmark-interchange.c — "interchange": what the format an article was
 * imported from has and Newsmark does not model (see the private header)
 */

#include "config.h"

#include <string.h>

#include "newsmark-interchange-private.h"

typedef struct {
  NewsmarkFormat      format;
  const char * const *keys;       /* allowed, "format" included */
  const char * const *modelled;   /* task keys the importer reads: not in "fields" */
} FormatRule;

static const char * const spacy_keys[] = { "format", "fields", NULL };
static const char * const spacy_modelled[] = { "text", "spans", "relations", NULL };
static const char * const doccano_keys[] = { "format", "fields", NULL };
static const char * const doccano_modelled[] = {
  "text", "label", "labels", "entities", "relations", "annotations", NULL
};
static const char * const label_studio_keys[] = {
  "format", "fields", "data", "text_key", "labels", NULL
};
static const char * const label_studio_modelled[] = {
  "data", "annotations", "completions", "predictions", NULL
};
static const char * const brat_keys[] = { "format", "aliases", "note_types", NULL };
static const char * const webanno_keys[] = { "format", "unset_labels", NULL };

static const FormatRule rules[] = {
  { NEWSMARK_FORMAT_SPACY_JSONL, spacy_keys, spacy_modelled },
  { NEWSMARK_FORMAT_DOCCANO_JSONL, doccano_keys, doccano_modelled },
  { NEWSMARK_FORMAT_LABEL_STUDIO, label_studio_keys, label_studio_modelled },
  { NEWSMARK_FORMAT_BRAT, brat_keys, NULL },
  { NEWSMARK_FORMAT_WEBANNO_TSV, webanno_keys, NULL },
};

/* Keys whose members are labels, and keys that list labels. */
static const char * const label_maps[] = { "labels", "aliases", NULL };
static const char * const label_lists[] = { "unset_labels", NULL };

static const FormatRule *
find_rule (const char *name)
{
  NewsmarkFormat format;

  if (!newsmark_format_from_string (name, &format))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].format == format && g_str_equal (name, newsmark_format_to_string (format)))
      return &rules[i];
  return NULL;
}

static gboolean
in_list (const char * const *list,
         const char         *s)
{
  return list != NULL && g_strv_contains (list, s);
}

static void
check_label (NewsmarkJsonReader *r,
             NewsmarkSchema     *schema,
             const char         *key,
             const char         *label)
{
  if (newsmark_schema_find_label (schema, label) == NULL)
    _newsmark_json_error (r, key, "no label “%s” in the schema", label);
}

static void
check_string_array (NewsmarkJsonReader *r,
                    json_object        *array,
                    gboolean            one_word,
                    GHashTable         *seen)
{
  for (size_t i = 0; i < json_object_array_length (array); i++)
    {
      json_object *v = json_object_array_get_idx (array, i);
      g_autofree char *index = g_strdup_printf ("[%" G_GSIZE_FORMAT "]", i);
      const char *s;

      if (v == NULL || !json_object_is_type (v, json_type_string) || json_object_get_string_len (v) == 0)
        {
          _newsmark_json_error (r, NULL, "%s: expected a non-empty string", index);
          continue;
        }
      s = json_object_get_string (v);
      if (one_word && s[strcspn (s, " \t\r\n")] != '\0')
        _newsmark_json_error (r, NULL, "%s: “%s” is not one word", index, s);
      if (seen != NULL && !g_hash_table_add (seen, (gpointer) s))
        _newsmark_json_error (r, NULL, "%s: “%s” is listed twice", index, s);
    }
}

static void
check_fields (NewsmarkJsonReader *r,
              json_object        *fields,
              const FormatRule   *rule)
{
  json_object_object_foreach (fields, key, value)
    {
      (void) value;
      if (in_list (rule->modelled, key))
        _newsmark_json_error (r, key, "is read into spans, relations or the text on import: "
                              "not kept here");
    }
}

static void
check_label_studio_labels (NewsmarkJsonReader *r,
                           json_object        *labels,
                           NewsmarkSchema     *schema)
{
  static const char * const keys[] = { "from_name", "to_name", NULL };

  json_object_object_foreach (labels, label, names)
    {
      gsize mark = _newsmark_json_path_push_key (r, label);
      const char *from = NULL, *to = NULL;

      check_label (r, schema, NULL, label);
      if (_newsmark_json_expect (r, names, NEWSMARK_JSON_OBJECT, NULL))
        {
          _newsmark_json_check_keys (r, names, keys);
          if (_newsmark_json_get_string (r, names, "from_name", TRUE, &from) && *from == '\0')
            _newsmark_json_error (r, "from_name", "expected a non-empty string");
          if (_newsmark_json_get_string (r, names, "to_name", TRUE, &to) && *to == '\0')
            _newsmark_json_error (r, "to_name", "expected a non-empty string");
        }
      _newsmark_json_path_pop (r, mark);
    }
}

static void
check_aliases (NewsmarkJsonReader *r,
               json_object        *aliases,
               NewsmarkSchema     *schema)
{
  json_object_object_foreach (aliases, label, names)
    {
      gsize mark = _newsmark_json_path_push_key (r, label);

      check_label (r, schema, NULL, label);
      if (_newsmark_json_expect (r, names, NEWSMARK_JSON_ARRAY, NULL))
        {
          if (json_object_array_length (names) == 0)
            _newsmark_json_error (r, NULL, "expected at least one name");
          check_string_array (r, names, FALSE, NULL);
        }
      _newsmark_json_path_pop (r, mark);
    }
}

char *
_newsmark_interchange_read (NewsmarkJsonReader *reader,
                            json_object        *value,
                            NewsmarkSchema     *schema)
{
  guint errors_before = reader->n_errors;
  const FormatRule *rule;
  const char *format = NULL;
  const char *text_key = NULL;
  json_object *member = NULL;
  g_autoptr(GString) out = NULL;

  if (!_newsmark_json_expect (reader, value, NEWSMARK_JSON_OBJECT, NULL) ||
      !_newsmark_json_get_string (reader, value, "format", TRUE, &format))
    return NULL;
  rule = find_rule (format);
  if (rule == NULL)
    {
      _newsmark_json_error (reader, "format", "\"%s\" is not a format with data to keep (expected "
                            "spacy-jsonl, doccano-jsonl, label-studio, brat or webanno-tsv)", format);
      return NULL;
    }
  _newsmark_json_check_keys (reader, value, rule->keys);

  if (_newsmark_json_member (reader, value, "fields", NEWSMARK_JSON_OBJECT, FALSE, &member) && member != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (reader, "fields");

      check_fields (reader, member, rule);
      _newsmark_json_path_pop (reader, mark);
    }

  if (!_newsmark_json_get_string (reader, value, "text_key", FALSE, &text_key))
    text_key = NULL;
  else if (text_key == NULL)
    text_key = "text";
  else if (*text_key == '\0')
    _newsmark_json_error (reader, "text_key", "expected a non-empty string");

  if (_newsmark_json_member (reader, value, "data", NEWSMARK_JSON_OBJECT, FALSE, &member) && member != NULL &&
      text_key != NULL && json_object_object_get_ex (member, text_key, NULL))
    {
      gsize mark = _newsmark_json_path_push_key (reader, "data");

      _newsmark_json_error (reader, text_key, "is the text: not kept here");
      _newsmark_json_path_pop (reader, mark);
    }

  if (_newsmark_json_member (reader, value, "labels", NEWSMARK_JSON_OBJECT, FALSE, &member) && member != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (reader, "labels");

      check_label_studio_labels (reader, member, schema);
      _newsmark_json_path_pop (reader, mark);
    }

  if (_newsmark_json_member (reader, value, "aliases", NEWSMARK_JSON_OBJECT, FALSE, &member) && member != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (reader, "aliases");

      check_aliases (reader, member, schema);
      _newsmark_json_path_pop (reader, mark);
    }

  if (_newsmark_json_member (reader, value, "note_types", NEWSMARK_JSON_ARRAY, FALSE, &member) && member != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (reader, "note_types");
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      check_string_array (reader, member, TRUE, seen);
      if (g_hash_table_contains (seen, "AnnotatorNotes"))
        _newsmark_json_error (reader, NULL, "AnnotatorNotes are the span's own note: not listed here");
      _newsmark_json_path_pop (reader, mark);
    }

  if (_newsmark_json_member (reader, value, "unset_labels", NEWSMARK_JSON_ARRAY, FALSE, &member) && member != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (reader, "unset_labels");
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      check_string_array (reader, member, FALSE, seen);
      for (size_t i = 0; i < json_object_array_length (member); i++)
        {
          json_object *v = json_object_array_get_idx (member, i);

          if (v != NULL && json_object_is_type (v, json_type_string))
            {
              g_autofree char *index = g_strdup_printf ("[%" G_GSIZE_FORMAT "]", i);

              if (newsmark_schema_find_label (schema, json_object_get_string (v)) == NULL)
                _newsmark_json_error (reader, NULL, "%s: no label “%s” in the schema", index,
                                      json_object_get_string (v));
            }
        }
      _newsmark_json_path_pop (reader, mark);
    }

  if (reader->n_errors > errors_before)
    return NULL;

  out = g_string_new (NULL);
  _newsmark_json_write_value_exact (out, value);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
_newsmark_interchange_write (GString    *out,
                             const char *json)
{
  json_object *value = json_tokener_parse (json);

  /* Only Newsmark's own code sets it, from an object; anything else is
   * kept as text rather than breaking the file, and loading reports it. */
  if (value != NULL && json_object_is_type (value, json_type_object))
    _newsmark_json_write_value_exact (out, value);
  else
    _newsmark_json_write_string (out, json);
  json_object_put (value);
}

json_object *
_newsmark_interchange_get (NewsmarkAnnotationSet *set,
                           NewsmarkFormat         format)
{
  const char *json = newsmark_annotation_set_get_interchange (set);
  json_object *value, *name;

  if (json == NULL)
    return NULL;
  value = json_tokener_parse (json);
  if (value == NULL || !json_object_is_type (value, json_type_object) ||
      !json_object_object_get_ex (value, "format", &name) ||
      !json_object_is_type (name, json_type_string) ||
      !g_str_equal (json_object_get_string (name), newsmark_format_to_string (format)))
    {
      json_object_put (value);
      return NULL;
    }
  return value;
}

static const char *
mapped (GHashTable *label_map,
        const char *label)
{
  const char *to = label_map != NULL ? g_hash_table_lookup (label_map, label) : NULL;

  return to != NULL ? to : label;
}

static gboolean
is_empty (json_object *value)
{
  return value == NULL ||
         (json_object_is_type (value, json_type_object) && json_object_object_length (value) == 0) ||
         (json_object_is_type (value, json_type_array) && json_object_array_length (value) == 0);
}

char *
_newsmark_interchange_compose (NewsmarkFormat  format,
                               json_object    *shared,
                               json_object    *own,
                               GHashTable     *label_map,
                               NewsmarkSchema *schema)
{
  json_object *result = json_object_new_object ();
  g_autoptr(GString) out = NULL;
  guint n = 0;

  json_object_object_add (result, "format", json_object_new_string (newsmark_format_to_string (format)));

  if (shared != NULL)
    {
      json_object_object_foreach (shared, key, value)
      {
        json_object *copy = NULL;

        if (in_list (label_maps, key) && json_object_is_type (value, json_type_object))
          {
            json_object *map = json_object_new_object ();

            json_object_object_foreach (value, label, entry)
              {
                const char *name = mapped (label_map, label);

                if (newsmark_schema_find_label (schema, name) != NULL &&
                    !json_object_object_get_ex (map, name, NULL))
                  json_object_object_add (map, name, json_object_get (entry));
              }
            copy = map;
          }
        else if (in_list (label_lists, key) && json_object_is_type (value, json_type_array))
          {
            g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

            copy = json_object_new_array ();
            for (size_t i = 0; i < json_object_array_length (value); i++)
              {
                const char *name = mapped (label_map, json_object_get_string (json_object_array_get_idx (value, i)));

                if (newsmark_schema_find_label (schema, name) != NULL && g_hash_table_add (seen, (gpointer) name))
                  json_object_array_add (copy, json_object_new_string (name));
              }
          }
        else
          copy = json_object_get (value);

        if (is_empty (copy))
          json_object_put (copy);
        else
          {
            json_object_object_add (result, key, copy);
            n++;
          }
      }
    }

  if (own != NULL)
    {
      json_object_object_foreach (own, key, value)
      {
        /* Empty "fields" still say the task had nothing more: an exporter
         * then adds none of its own. */
        if (!is_empty (value) || g_str_equal (key, "fields"))
          {
            json_object_object_add (result, key, json_object_get (value));
            n++;
          }
      }
    }

  if (n > 0)
    {
      out = g_string_new (NULL);
      _newsmark_json_write_value_exact (out, result);
    }
  json_object_put (result);

  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
