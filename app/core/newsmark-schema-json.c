/* newsmark-schema-json.c — reading and writing label schema JSON
 *
 * The same code reads a stand-alone schema file (data/schemas/newsroom.json)
 * and the copy embedded in every annotation file, so both report problems
 * with the same JSON paths ("labels[3].key", "schema.labels[3].key").
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark-json-private.h"
#include "newsmark-core-resources.h"

#define SCHEMA_FORMAT_NAME    "newsmark-schema"
#define SCHEMA_FORMAT_VERSION 1
#define DEFAULT_SCHEMA_PATH   "/org/newsmark/Newsmark/core/schemas/newsroom.json"

static const char * const schema_keys[] = {
  "format", "version", "name", "labels", "relations", NULL
};
static const char * const label_keys[] = {
  "name", "category", "colour", "key", "description", "attributes", NULL
};
static const char * const attribute_keys[] = {
  "name", "type", "values", "min", "max", "integer", NULL
};
static const char * const relation_keys[] = {
  "name", "from", "to", NULL
};

static gboolean
is_colour (const char *s)
{
  if (s[0] != '#' || strlen (s) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (s[i]))
        return FALSE;
    }
  return TRUE;
}

/* Reads a non-empty array of non-empty, distinct strings at @key.
 * Returns a new NULL-terminated vector, or NULL after reporting. */
static char **
read_string_list (NewsmarkJsonReader *reader,
                  json_object        *object,
                  const char         *key)
{
  json_object *array;
  g_autoptr(GPtrArray) list = NULL;
  gboolean ok = TRUE;
  gsize mark;
  size_t n;

  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_ARRAY, TRUE, &array))
    return NULL;

  n = json_object_array_length (array);
  if (n == 0)
    {
      _newsmark_json_error (reader, key, "expected a non-empty array of strings");
      return NULL;
    }

  list = g_ptr_array_new_with_free_func (g_free);
  mark = _newsmark_json_path_push_key (reader, key);
  for (size_t i = 0; i < n; i++)
    {
      json_object *item = json_object_array_get_idx (array, i);
      gsize mark2 = _newsmark_json_path_push_index (reader, (guint) i);

      if (!_newsmark_json_expect (reader, item, NEWSMARK_JSON_STRING, NULL))
        ok = FALSE;
      else if (json_object_get_string_len (item) == 0)
        {
          _newsmark_json_error (reader, NULL, "expected a non-empty string");
          ok = FALSE;
        }
      else
        {
          const char *s = json_object_get_string (item);

          for (guint j = 0; j < list->len; j++)
            {
              if (strcmp (g_ptr_array_index (list, j), s) == 0)
                {
                  _newsmark_json_error (reader, NULL, "\"%s\" is listed twice", s);
                  ok = FALSE;
                  break;
                }
            }
          g_ptr_array_add (list, g_strdup (s));
        }
      _newsmark_json_path_pop (reader, mark2);
    }
  _newsmark_json_path_pop (reader, mark);

  if (!ok)
    return NULL;

  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

static NewsmarkAttributeDef *
read_attribute (NewsmarkJsonReader *reader,
                json_object        *object)
{
  guint errors_before = reader->n_errors;
  const char *name = NULL;
  const char *type = NULL;
  NewsmarkAttributeKind kind = NEWSMARK_ATTRIBUTE_TEXT;
  gboolean kind_ok = FALSE;
  json_object *values_obj = NULL;
  g_auto(GStrv) values = NULL;
  double min = 0, max = 0;
  gboolean has_min = FALSE, has_max = FALSE;
  gboolean integer = FALSE, has_integer = FALSE;
  NewsmarkAttributeDef *def;

  if (!_newsmark_json_expect (reader, object, NEWSMARK_JSON_OBJECT, NULL))
    return NULL;

  _newsmark_json_check_keys (reader, object, attribute_keys);

  if (_newsmark_json_get_string (reader, object, "name", TRUE, &name) && name != NULL && name[0] == '\0')
    _newsmark_json_error (reader, "name", "expected a non-empty string");

  if (_newsmark_json_get_string (reader, object, "type", TRUE, &type) && type != NULL)
    {
      kind_ok = newsmark_attribute_kind_from_string (type, &kind);
      if (!kind_ok)
        _newsmark_json_error (reader, "type", "unknown attribute type \"%s\" (expected enum, boolean, text or number)", type);
    }

  json_object_object_get_ex (object, "values", &values_obj);
  if (kind_ok && kind == NEWSMARK_ATTRIBUTE_ENUM)
    values = read_string_list (reader, object, "values");
  else if (values_obj != NULL && kind_ok)
    _newsmark_json_error (reader, "values", "only enum attributes have values (this one is %s)", type);

  _newsmark_json_get_number (reader, object, "min", FALSE, &min, &has_min);
  _newsmark_json_get_number (reader, object, "max", FALSE, &max, &has_max);
  _newsmark_json_get_boolean (reader, object, "integer", FALSE, &integer, &has_integer);

  if (kind_ok && kind != NEWSMARK_ATTRIBUTE_NUMBER)
    {
      if (has_min)
        _newsmark_json_error (reader, "min", "only number attributes have a range (this one is %s)", type);
      if (has_max)
        _newsmark_json_error (reader, "max", "only number attributes have a range (this one is %s)", type);
      if (has_integer)
        _newsmark_json_error (reader, "integer", "only number attributes can be integer (this one is %s)", type);
    }
  else if (kind_ok)
    {
      if (has_min != has_max)
        _newsmark_json_error (reader, has_min ? "max" : "min", "\"min\" and \"max\" must be given together");
      else if (has_min && min > max)
        _newsmark_json_error (reader, "max", "the range is reversed (min %g is above max %g)", min, max);
    }

  if (reader->n_errors != errors_before)
    return NULL;

  def = newsmark_attribute_def_new (name, kind);
  if (values != NULL)
    newsmark_attribute_def_set_values (def, (const char * const *) values);
  if (has_min && has_max)
    newsmark_attribute_def_set_range (def, min, max);
  if (has_integer)
    newsmark_attribute_def_set_integer (def, integer);
  return def;
}

static NewsmarkLabel *
read_label (NewsmarkJsonReader *reader,
            json_object        *object)
{
  guint errors_before = reader->n_errors;
  const char *name = NULL, *category_str = NULL, *colour = NULL, *key = NULL, *description = NULL;
  NewsmarkCategory category = NEWSMARK_CATEGORY_ENTITY;
  json_object *attributes = NULL;
  g_autoptr(GPtrArray) defs = g_ptr_array_new_with_free_func (g_object_unref);
  NewsmarkLabel *label;

  if (!_newsmark_json_expect (reader, object, NEWSMARK_JSON_OBJECT, NULL))
    return NULL;

  _newsmark_json_check_keys (reader, object, label_keys);

  if (_newsmark_json_get_string (reader, object, "name", TRUE, &name) && name != NULL && name[0] == '\0')
    _newsmark_json_error (reader, "name", "expected a non-empty string");

  if (_newsmark_json_get_string (reader, object, "category", TRUE, &category_str) && category_str != NULL &&
      !newsmark_category_from_string (category_str, &category))
    _newsmark_json_error (reader, "category", "unknown category \"%s\" (expected entity, quote or claim)", category_str);

  if (_newsmark_json_get_string (reader, object, "colour", TRUE, &colour) && colour != NULL && !is_colour (colour))
    _newsmark_json_error (reader, "colour", "expected a colour as \"#rrggbb\", got \"%s\"", colour);

  if (_newsmark_json_get_string (reader, object, "key", FALSE, &key) && key != NULL &&
      (g_utf8_strlen (key, -1) != 1))
    _newsmark_json_error (reader, "key", "expected a single character, got \"%s\"", key);

  _newsmark_json_get_string (reader, object, "description", FALSE, &description);

  if (_newsmark_json_member (reader, object, "attributes", NEWSMARK_JSON_ARRAY, FALSE, &attributes) &&
      attributes != NULL)
    {
      size_t n = json_object_array_length (attributes);
      gsize mark = _newsmark_json_path_push_key (reader, "attributes");

      for (size_t i = 0; i < n; i++)
        {
          gsize mark2 = _newsmark_json_path_push_index (reader, (guint) i);
          NewsmarkAttributeDef *def = read_attribute (reader, json_object_array_get_idx (attributes, i));

          if (def != NULL)
            {
              for (guint j = 0; j < defs->len; j++)
                {
                  if (g_strcmp0 (newsmark_attribute_def_get_name (g_ptr_array_index (defs, j)),
                                 newsmark_attribute_def_get_name (def)) == 0)
                    {
                      _newsmark_json_error (reader, "name", "duplicate attribute \"%s\" (also attributes[%u])",
                                            newsmark_attribute_def_get_name (def), j);
                      break;
                    }
                }
              g_ptr_array_add (defs, def);
            }
          _newsmark_json_path_pop (reader, mark2);
        }
      _newsmark_json_path_pop (reader, mark);
    }

  if (reader->n_errors != errors_before)
    return NULL;

  label = newsmark_label_new (name, category, colour, key);
  if (description != NULL)
    newsmark_label_set_description (label, description);
  for (guint i = 0; i < defs->len; i++)
    newsmark_label_add_attribute (label, g_ptr_array_index (defs, i));
  return label;
}

static NewsmarkRelationType *
read_relation_type (NewsmarkJsonReader *reader,
                    json_object        *object,
                    GHashTable         *label_names)
{
  guint errors_before = reader->n_errors;
  const char *name = NULL;
  g_auto(GStrv) from = NULL;
  g_auto(GStrv) to = NULL;

  if (!_newsmark_json_expect (reader, object, NEWSMARK_JSON_OBJECT, NULL))
    return NULL;

  _newsmark_json_check_keys (reader, object, relation_keys);

  if (_newsmark_json_get_string (reader, object, "name", TRUE, &name) && name != NULL && name[0] == '\0')
    _newsmark_json_error (reader, "name", "expected a non-empty string");

  from = read_string_list (reader, object, "from");
  to = read_string_list (reader, object, "to");

  for (guint end = 0; end < 2; end++)
    {
      char **list = end == 0 ? from : to;
      const char *key = end == 0 ? "from" : "to";

      for (guint i = 0; list != NULL && list[i] != NULL; i++)
        {
          if (!g_hash_table_contains (label_names, list[i]))
            {
              g_autofree char *k = g_strdup_printf ("%s[%u]", key, i);

              _newsmark_json_error (reader, k, "unknown label \"%s\" (not in \"labels\")", list[i]);
            }
        }
    }

  if (reader->n_errors != errors_before)
    return NULL;

  return newsmark_relation_type_new (name, (const char * const *) from, (const char * const *) to);
}

NewsmarkSchema *
_newsmark_schema_from_json (NewsmarkJsonReader *reader,
                            json_object        *root)
{
  guint errors_before = reader->n_errors;
  const char *format = NULL, *name = NULL;
  gint64 version = 0;
  json_object *labels = NULL, *relations = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(GHashTable) label_names = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean have_version = FALSE;

  if (!_newsmark_json_expect (reader, root, NEWSMARK_JSON_OBJECT, NULL))
    return NULL;

  /* The format comes first: if this is not a schema at all, a list of
   * "unknown key" complaints would only hide the real problem. */
  if (!_newsmark_json_get_string (reader, root, "format", TRUE, &format))
    return NULL;
  if (strcmp (format, SCHEMA_FORMAT_NAME) != 0)
    {
      _newsmark_json_error (reader, "format", "expected \"%s\", got \"%s\" (this is not a Newsmark label schema)",
                            SCHEMA_FORMAT_NAME, format);
      return NULL;
    }
  if (!_newsmark_json_get_int (reader, root, "version", FALSE, &version, &have_version))
    return NULL;
  if (have_version && version > SCHEMA_FORMAT_VERSION)
    {
      _newsmark_json_error (reader, "version", "written by a newer Newsmark (schema version %" G_GINT64_FORMAT "); this one reads version %d",
                            version, SCHEMA_FORMAT_VERSION);
      return NULL;
    }
  if (have_version && version < 1)
    _newsmark_json_error (reader, "version", "expected a version of 1 or more, got %" G_GINT64_FORMAT, version);

  _newsmark_json_check_keys (reader, root, schema_keys);

  if (_newsmark_json_get_string (reader, root, "name", TRUE, &name) && name != NULL && name[0] == '\0')
    _newsmark_json_error (reader, "name", "expected a non-empty string");

  schema = newsmark_schema_new (name != NULL ? name : "");

  if (_newsmark_json_member (reader, root, "labels", NEWSMARK_JSON_ARRAY, TRUE, &labels) && labels != NULL)
    {
      size_t n = json_object_array_length (labels);
      gsize mark = _newsmark_json_path_push_key (reader, "labels");
      g_autoptr(GHashTable) name_index = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) key_index = g_hash_table_new (g_str_hash, g_str_equal);

      for (size_t i = 0; i < n; i++)
        {
          gsize mark2 = _newsmark_json_path_push_index (reader, (guint) i);
          g_autoptr(NewsmarkLabel) label = read_label (reader, json_object_array_get_idx (labels, i));

          if (label != NULL)
            {
              const char *lname = newsmark_label_get_name (label);
              const char *lkey = newsmark_label_get_key (label);
              gpointer other;

              if (g_hash_table_lookup_extended (name_index, lname, NULL, &other))
                _newsmark_json_error (reader, "name", "duplicate label \"%s\" (also labels[%u])",
                                      lname, GPOINTER_TO_UINT (other));
              else if (lkey != NULL && g_hash_table_lookup_extended (key_index, lkey, NULL, &other))
                _newsmark_json_error (reader, "key", "key \"%s\" is already used by labels[%u]",
                                      lkey, GPOINTER_TO_UINT (other));
              else
                {
                  g_hash_table_insert (name_index, (gpointer) lname, GUINT_TO_POINTER (i));
                  if (lkey != NULL)
                    g_hash_table_insert (key_index, (gpointer) lkey, GUINT_TO_POINTER (i));
                  g_hash_table_add (label_names, (gpointer) lname);
                  newsmark_schema_add_label (schema, label);
                }
            }
          _newsmark_json_path_pop (reader, mark2);
        }
      _newsmark_json_path_pop (reader, mark);
    }

  if (_newsmark_json_member (reader, root, "relations", NEWSMARK_JSON_ARRAY, FALSE, &relations) && relations != NULL)
    {
      size_t n = json_object_array_length (relations);
      gsize mark = _newsmark_json_path_push_key (reader, "relations");
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      for (size_t i = 0; i < n; i++)
        {
          gsize mark2 = _newsmark_json_path_push_index (reader, (guint) i);
          g_autoptr(NewsmarkRelationType) type = read_relation_type (reader, json_object_array_get_idx (relations, i),
                                                                     label_names);

          if (type != NULL)
            {
              const char *tname = newsmark_relation_type_get_name (type);
              gpointer other;

              if (g_hash_table_lookup_extended (names, tname, NULL, &other))
                _newsmark_json_error (reader, "name", "duplicate relation type \"%s\" (also relations[%u])",
                                      tname, GPOINTER_TO_UINT (other));
              else
                {
                  g_hash_table_insert (names, (gpointer) tname, GUINT_TO_POINTER (i));
                  newsmark_schema_add_relation_type (schema, type);
                }
            }
          _newsmark_json_path_pop (reader, mark2);
        }
      _newsmark_json_path_pop (reader, mark);
    }

  if (reader->n_errors != errors_before)
    return NULL;

  return g_steal_pointer (&schema);
}

static char *
problems_to_message (GPtrArray *problems)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *line = NULL;

      if (p->severity != NEWSMARK_SEVERITY_ERROR)
        continue;
      line = newsmark_problem_to_string (p);
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }

  return g_string_free (s, FALSE);
}

NewsmarkSchema *
newsmark_schema_load_data (const char  *data,
                           gssize       len,
                           const char  *filename_for_errors,
                           GError     **error)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkJsonReader reader;
  json_object *root;
  NewsmarkSchema *schema;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (data);

  root = _newsmark_json_parse (data, len, filename_for_errors, NULL, error);
  if (root == NULL)
    return NULL;

  _newsmark_json_reader_init (&reader, filename_for_errors, problems);
  schema = _newsmark_schema_from_json (&reader, root);
  _newsmark_json_reader_clear (&reader);
  json_object_put (root);

  if (schema == NULL)
    {
      g_autofree char *message = problems_to_message (problems);
      gboolean format_problem = FALSE;

      /* A wrong format or newer version is a different situation for the
       * caller than a broken schema: keep the error codes apart. */
      for (guint i = 0; i < problems->len; i++)
        {
          const NewsmarkProblem *p = g_ptr_array_index (problems, i);

          if (g_strcmp0 (p->json_path, "format") == 0 && g_str_has_prefix (p->message, "expected \""))
            {
              g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT, message);
              format_problem = TRUE;
              break;
            }
          if (g_strcmp0 (p->json_path, "version") == 0 && g_str_has_prefix (p->message, "written by a newer"))
            {
              g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_VERSION, message);
              format_problem = TRUE;
              break;
            }
        }
      if (!format_problem)
        g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, message);
      return NULL;
    }

  return schema;
}

NewsmarkSchema *
newsmark_schema_load_file (GFile   *file,
                           GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: cannot read the schema: %s", name, local_error->message);
      return NULL;
    }

  return newsmark_schema_load_data (contents, len, name, error);
}

NewsmarkSchema *
newsmark_schema_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSchema *schema;
  gsize len;
  const char *data;

  /* Looking the resource up through its GResource (not the global
   * registry) makes the linker keep the resource object of the static
   * core library. */
  bytes = g_resource_lookup_data (newsmark_core_get_resource (), DEFAULT_SCHEMA_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The bundled label schema is missing: %s", error->message);

  data = g_bytes_get_data (bytes, &len);
  schema = newsmark_schema_load_data (data, len, "resource://" DEFAULT_SCHEMA_PATH, &error);
  if (schema == NULL)
    g_error ("The bundled label schema is broken: %s", error->message);

  return schema;
}

/* ---- Writing --------------------------------------------------------------------- */

static void
write_string_array (GString            *out,
                    const char * const *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      _newsmark_json_write_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

static void
write_key (GString    *out,
           guint       indent,
           const char *key)
{
  _newsmark_json_write_indent (out, indent);
  _newsmark_json_write_string (out, key);
  g_string_append (out, ": ");
}

typedef void (*WriteItem) (GString  *out,
                           gpointer  item,
                           guint     indent);

/* A list member's value: "[]" when empty, else one item per line at
 * @indent + 4 and the closing bracket at @indent + 2. */
static void
write_list (GString    *out,
            GListModel *model,
            guint       indent,
            WriteItem   write_item)
{
  guint n = g_list_model_get_n_items (model);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return;
    }

  g_string_append (out, "[\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      _newsmark_json_write_indent (out, indent + 4);
      write_item (out, item, indent + 4);
      g_string_append (out, i + 1 < n ? ",\n" : "\n");
    }
  _newsmark_json_write_indent (out, indent + 2);
  g_string_append_c (out, ']');
}

static void
write_attribute (GString  *out,
                 gpointer  item,
                 guint     indent)
{
  NewsmarkAttributeDef *def = item;
  NewsmarkAttributeKind kind = newsmark_attribute_def_get_kind (def);
  double min, max;

  g_string_append (out, "{\n");
  write_key (out, indent + 2, "name");
  _newsmark_json_write_string (out, newsmark_attribute_def_get_name (def));
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "type");
  _newsmark_json_write_string (out, newsmark_attribute_kind_to_string (kind));

  if (kind == NEWSMARK_ATTRIBUTE_ENUM)
    {
      g_string_append (out, ",\n");
      write_key (out, indent + 2, "values");
      write_string_array (out, newsmark_attribute_def_get_values (def));
    }
  else if (kind == NEWSMARK_ATTRIBUTE_NUMBER)
    {
      if (newsmark_attribute_def_get_range (def, &min, &max))
        {
          g_string_append (out, ",\n");
          write_key (out, indent + 2, "min");
          _newsmark_json_write_double (out, min);
          g_string_append (out, ",\n");
          write_key (out, indent + 2, "max");
          _newsmark_json_write_double (out, max);
        }
      if (newsmark_attribute_def_get_integer (def))
        {
          g_string_append (out, ",\n");
          write_key (out, indent + 2, "integer");
          g_string_append (out, "true");
        }
    }

  g_string_append_c (out, '\n');
  _newsmark_json_write_indent (out, indent);
  g_string_append_c (out, '}');
}

static void
write_label (GString  *out,
             gpointer  item,
             guint     indent)
{
  NewsmarkLabel *label = item;

  g_string_append (out, "{\n");
  write_key (out, indent + 2, "name");
  _newsmark_json_write_string (out, newsmark_label_get_name (label));
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "category");
  _newsmark_json_write_string (out, newsmark_category_to_string (newsmark_label_get_category (label)));
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "colour");
  _newsmark_json_write_string (out, newsmark_label_get_colour (label));
  if (newsmark_label_get_key (label) != NULL)
    {
      g_string_append (out, ",\n");
      write_key (out, indent + 2, "key");
      _newsmark_json_write_string (out, newsmark_label_get_key (label));
    }
  if (newsmark_label_get_description (label) != NULL)
    {
      g_string_append (out, ",\n");
      write_key (out, indent + 2, "description");
      _newsmark_json_write_string (out, newsmark_label_get_description (label));
    }
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "attributes");
  write_list (out, newsmark_label_get_attributes (label), indent, write_attribute);
  g_string_append_c (out, '\n');
  _newsmark_json_write_indent (out, indent);
  g_string_append_c (out, '}');
}

static void
write_relation_type (GString  *out,
                     gpointer  item,
                     guint     indent)
{
  NewsmarkRelationType *type = item;
  g_string_append (out, "{\n");
  write_key (out, indent + 2, "name");
  _newsmark_json_write_string (out, newsmark_relation_type_get_name (type));
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "from");
  write_string_array (out, newsmark_relation_type_get_from_labels (type));
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "to");
  write_string_array (out, newsmark_relation_type_get_to_labels (type));
  g_string_append_c (out, '\n');
  _newsmark_json_write_indent (out, indent);
  g_string_append_c (out, '}');
}

void
_newsmark_schema_write_json (NewsmarkSchema *schema,
                             GString        *out,
                             guint           indent)
{
  GListModel *labels = newsmark_schema_get_labels (schema);
  GListModel *types = newsmark_schema_get_relation_types (schema);

  g_string_append (out, "{\n");
  write_key (out, indent + 2, "format");
  _newsmark_json_write_string (out, SCHEMA_FORMAT_NAME);
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "version");
  _newsmark_json_write_uint (out, SCHEMA_FORMAT_VERSION);
  g_string_append (out, ",\n");
  write_key (out, indent + 2, "name");
  _newsmark_json_write_string (out, newsmark_schema_get_name (schema) ? newsmark_schema_get_name (schema) : "");
  g_string_append (out, ",\n");

  write_key (out, indent + 2, "labels");
  write_list (out, labels, indent, write_label);
  g_string_append (out, ",\n");

  write_key (out, indent + 2, "relations");
  write_list (out, types, indent, write_relation_type);
  g_string_append_c (out, '\n');
  _newsmark_json_write_indent (out, indent);
  g_string_append_c (out, '}');
}

char *
newsmark_schema_to_json (NewsmarkSchema *self)
{
  GString *out;

  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);

  out = g_string_sized_new (4096);
  _newsmark_schema_write_json (self, out, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
