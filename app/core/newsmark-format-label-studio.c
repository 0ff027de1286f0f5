/* newsmark-format-label-studio.c — Label Studio tasks JSON
 *
 * A file is an array of tasks (or one task object): {"id", "data": {"text"},
 * "annotations": [{"result": […], "completed_by"}], "predictions":
 * [{"model_version", "score", "result": […]}]}. Results of type "labels"
 * are spans, with offsets in UTF-16 code units; "relation" results link
 * them; "choices", "textarea" and "number" results with a region's id are
 * that region's attributes (perRegion), and a region's "meta.text" is its
 * note. Predictions become suggested spans with a model origin. HTML and
 * paragraph spans ("hypertextlabels", "paragraphlabels") point into markup,
 * not plain text, and are refused with the JSON path of the result.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-interchange-private.h"
#include "newsmark-json-private.h"
#include "newsmark-number-private.h"

/* ---- Labeling config ------------------------------------------------------ */

/* The config's names for @label, its Labels control (a region's
 * from_name) and the Text object (to_name), are kept so that an export
 * reads back in the same project. The first names met win; a region that
 * gives others is reported at @where. */
static void
remember_names (NewsmarkImport *imp,
                const char     *label,
                const char     *from_name,
                const char     *to_name,
                const char     *file,
                const char     *where)
{
  json_object *labels = NULL, *names, *kept_from = NULL, *kept_to = NULL;
  json_object *shared = newsmark_import_interchange (imp);

  if (!json_object_object_get_ex (shared, "labels", &labels))
    {
      labels = json_object_new_object ();
      json_object_object_add (shared, "labels", labels);
    }
  if (!json_object_object_get_ex (labels, label, &names))
    {
      names = json_object_new_object ();
      json_object_object_add (names, "from_name", json_object_new_string (from_name));
      json_object_object_add (names, "to_name", json_object_new_string (to_name));
      json_object_object_add (labels, label, names);
      return;
    }
  json_object_object_get_ex (names, "from_name", &kept_from);
  json_object_object_get_ex (names, "to_name", &kept_to);
  if (file != NULL &&
      (!g_str_equal (json_object_get_string (kept_from), from_name) ||
       !g_str_equal (json_object_get_string (kept_to), to_name)))
    newsmark_import_warning (imp, file, 0, where,
                             "label “%s” of control “%s” on “%s”: Newsmark keeps one control per "
                             "label, and exports it as “%s” on “%s”", label, from_name, to_name,
                             json_object_get_string (kept_from), json_object_get_string (kept_to));
}

typedef struct {
  NewsmarkImport *imp;
  const char     *filename;
  GPtrArray      *choices;     /* names of perRegion Choices: attributes */
  GPtrArray      *choice_values;
  char           *current_choices;
  char           *labels_name; /* the Labels control being read, and what it labels */
  char           *labels_to_name;
  gboolean        in_labels;
  gboolean        in_relations;
} ConfigParser;

static const char *
attr_value (const char **names,
            const char **values,
            const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static gboolean
is_hex_colour (const char *s)
{
  if (s == NULL || strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* A problem at the current element of the config, by line and column. */
static void G_GNUC_PRINTF (4, 5)
config_problem (ConfigParser        *cp,
                GMarkupParseContext *context,
                NewsmarkSeverity     severity,
                const char          *format,
                ...)
{
  g_autofree char *message = NULL;
  int line = 0, column = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_markup_parse_context_get_position (context, &line, &column);
  g_ptr_array_add (cp->imp->problems,
                   newsmark_problem_new (severity, cp->filename, NULL, line, column, "%s", message));
}

static void
config_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  ConfigParser *cp = user_data;

  if (g_str_equal (element, "Labels"))
    {
      cp->in_labels = TRUE;
      g_free (cp->labels_name);
      g_free (cp->labels_to_name);
      cp->labels_name = g_strdup (attr_value (names, values, "name"));
      cp->labels_to_name = g_strdup (attr_value (names, values, "toName"));
    }
  else if (g_str_equal (element, "Text") && cp->imp->text_key == NULL)
    {
      const char *value = attr_value (names, values, "value");

      if (value != NULL && value[0] == '$' && value[1] != '\0')
        cp->imp->text_key = g_strdup (value + 1);
    }
  else if (g_str_equal (element, "Relations"))
    cp->in_relations = TRUE;
  else if (g_str_equal (element, "Label") && cp->in_labels)
    {
      const char *value = attr_value (names, values, "value");
      const char *bg = attr_value (names, values, "background");
      g_autofree char *colour = NULL;

      if (value == NULL || *value == '\0')
        {
          config_problem (cp, context, NEWSMARK_SEVERITY_ERROR,
                          "a <Label> without a value (expected value=\"NAME\")");
          return;
        }
      if (is_hex_colour (bg))
        colour = g_ascii_strdown (bg, -1);
      else if (bg != NULL)
        config_problem (cp, context, NEWSMARK_SEVERITY_WARNING,
                        "<Label value=\"%s\">: background “%s” not used (Newsmark colours are "
                        "#rrggbb); a colour is chosen instead", value, bg);
      newsmark_import_declare_label (cp->imp, value, colour);
      if (cp->labels_name != NULL && cp->labels_to_name != NULL)
        remember_names (cp->imp, value, cp->labels_name, cp->labels_to_name, NULL, NULL);
    }
  else if (g_str_equal (element, "Choices"))
    {
      const char *name = attr_value (names, values, "name");
      const char *per_region = attr_value (names, values, "perRegion");

      g_clear_pointer (&cp->current_choices, g_free);
      if (name != NULL && per_region != NULL && g_str_equal (per_region, "true"))
        cp->current_choices = g_strdup (name);
    }
  else if (g_str_equal (element, "Choice") && cp->current_choices != NULL)
    {
      const char *value = attr_value (names, values, "value");

      if (value == NULL || *value == '\0')
        {
          config_problem (cp, context, NEWSMARK_SEVERITY_ERROR,
                          "a <Choice> of %s without a value (expected value=\"NAME\")", cp->current_choices);
          return;
        }
      g_ptr_array_add (cp->choices, g_strdup (cp->current_choices));
      g_ptr_array_add (cp->choice_values, g_strdup (value));
    }
}

static void
config_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  ConfigParser *cp = user_data;

  if (g_str_equal (element, "Labels"))
    cp->in_labels = FALSE;
  else if (g_str_equal (element, "Relations"))
    cp->in_relations = FALSE;
  else if (g_str_equal (element, "Choices"))
    g_clear_pointer (&cp->current_choices, g_free);
}

gboolean
_newsmark_label_studio_parse_config (NewsmarkImport *imp,
                                     const char     *data,
                                     gsize           len,
                                     const char     *filename,
                                     GError        **error)
{
  static const GMarkupParser parser = { config_start, config_end, NULL, NULL, NULL };
  ConfigParser cp = { 0 };
  GMarkupParseContext *context;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  cp.imp = imp;
  cp.filename = filename;
  cp.choices = g_ptr_array_new_with_free_func (g_free);
  cp.choice_values = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &cp, NULL);
  ok = g_markup_parse_context_parse (context, data, (gssize) len, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  if (!ok)
    {
      int line = 0, column = 0;

      g_markup_parse_context_get_position (context, &line, &column);
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                   "%s:%d:%d: not a Label Studio labeling config: %s", filename, line, column,
                   local_error->message);
    }
  else
    {
      /* perRegion choices may be given to any region. */
      for (guint l = 0; l < imp->labels->len; l++)
        {
          NewsmarkImportLabel *label = g_ptr_array_index (imp->labels, l);

          for (guint i = 0; i < cp.choices->len; i++)
            {
              const char *values[] = { g_ptr_array_index (cp.choice_values, i), NULL };

              newsmark_import_label_declare_attr (label, g_ptr_array_index (cp.choices, i),
                                                  NEWSMARK_ATTRIBUTE_ENUM, values);
            }
        }
      imp->has_config = imp->labels->len > 0;
      g_free (imp->config_file);
      imp->config_file = g_strdup (filename);
    }

  g_markup_parse_context_free (context);
  g_ptr_array_unref (cp.choices);
  g_ptr_array_unref (cp.choice_values);
  g_free (cp.current_choices);
  g_free (cp.labels_name);
  g_free (cp.labels_to_name);

  return ok;
}

/* ---- Tasks -------------------------------------------------------------------- */

/* The version at the end of a model_version such as "spacy-news 3.7" or
 * "tagger v2": its last word when that starts with a digit, or with "v"
 * and a digit, and something comes before it. NULL otherwise. */
static const char *
version_word (const char *model_version)
{
  const char *space = strrchr (model_version, ' ');
  const char *word;

  if (space == NULL || space == model_version)
    return NULL;
  word = space + 1;
  if (g_ascii_isdigit (word[0]) || ((word[0] == 'v' || word[0] == 'V') && g_ascii_isdigit (word[1])))
    return word;
  return NULL;
}

static json_object *
member (json_object *obj,
        const char  *key,
        json_type    type)
{
  json_object *v;

  if (obj == NULL || !json_object_object_get_ex (obj, key, &v) || !json_object_is_type (v, type))
    return NULL;
  return v;
}

/* The article text: data[KEY] where KEY comes from the results' "source"
 * ("$text"), else from the config's Text tag (@config_key), else "text";
 * else the only string in "data". */
static const char *
task_text (json_object  *task,
           json_object  *results_sample,
           const char   *config_key,
           char        **key_out)
{
  json_object *data = member (task, "data", json_type_object);
  const char *key = config_key != NULL ? config_key : "text";
  json_object *v;

  if (data == NULL)
    return NULL;
  if (results_sample != NULL)
    {
      json_object *src = member (results_sample, "source", json_type_string);

      if (src != NULL && json_object_get_string (src)[0] == '$')
        key = json_object_get_string (src) + 1;
    }
  if ((v = member (data, key, json_type_string)) != NULL)
    {
      *key_out = g_strdup (key);
      return json_object_get_string (v);
    }
  /* The source names a key the data lacks: fall back on the only string
   * (the offsets are then checked against it). */
  if (results_sample != NULL)
  {
    const char *only = NULL;
    guint n = 0;

    json_object_object_foreach (data, k, val)
      {
        if (json_object_is_type (val, json_type_string))
          {
            only = json_object_get_string (val);
            *key_out = g_strdup (k);
            n++;
          }
      }
    if (n == 1)
      return only;
  }
  return NULL;
}

static json_object *
first_result (json_object *task)
{
  static const char * const groups[] = { "annotations", "completions", "predictions" };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      json_object *list = member (task, groups[g], json_type_array);

      for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
        {
          json_object *results = member (json_object_array_get_idx (list, i), "result", json_type_array);

          if (results != NULL && json_object_array_length (results) > 0)
            return json_object_array_get_idx (results, 0);
        }
    }
  return NULL;
}

/* Who made an annotation: "completed_by" is a user id, a name, or an object
 * with "email" or "id". FALSE after an error at @where; *@out stays NULL
 * when the annotation does not say. */
static gboolean
user_name (NewsmarkImport  *imp,
           const char      *file,
           const char      *where,
           json_object     *annotation,
           char           **out)
{
  g_autofree char *id = NULL;
  json_object *v;

  *out = NULL;
  if (!json_object_object_get_ex (annotation, "completed_by", &v) || v == NULL)
    return TRUE;
  if (json_object_is_type (v, json_type_string))
    {
      *out = g_strdup (json_object_get_string (v));
      return TRUE;
    }
  if (json_object_is_type (v, json_type_object))
    {
      g_autofree char *at = g_strdup_printf ("%s.completed_by", where);
      const char *email;

      if (json_object_object_get_ex (v, "email", NULL))
        {
          if (!newsmark_import_json_string (imp, file, 0, at, v, "email", &email))
            return FALSE;
          *out = g_strdup (email);
          return TRUE;
        }
      if (!newsmark_import_json_id (imp, file, 0, at, v, "id", FALSE, &id))
        return FALSE;
    }
  else if (!newsmark_import_json_id (imp, file, 0, where, annotation, "completed_by", TRUE, &id))
    return FALSE;

  if (id != NULL)
    *out = g_strdup_printf ("Label Studio user %s", id);
  return TRUE;
}

/* A prediction's or a region's "score": a number, or null or nothing for
 * none. Anything else leaves the suggestion without a score, said in a
 * warning at WHERE.score. */
static void
read_score (NewsmarkImport *imp,
            const char     *file,
            const char     *where,
            json_object    *object,
            gboolean       *has_score,
            double         *score)
{
  g_autofree char *problem = NULL;
  json_object *v;

  *has_score = FALSE;
  if (!json_object_object_get_ex (object, "score", &v) || v == NULL)
    return;
  if (_newsmark_number_from_json_double (v, score, &problem))
    {
      *has_score = TRUE;
      return;
    }
  {
    g_autofree char *at = g_strconcat (where, ".score", NULL);

    newsmark_import_warning (imp, file, 0, at, "score %s not imported: %s",
                             json_object_to_json_string_ext (v, JSON_C_TO_STRING_PLAIN), problem);
  }
}

/* A region's note, its "meta": {"text": ["…", …]}, lines joined. FALSE
 * after an error at WHERE.meta. */
static gboolean
read_note (NewsmarkImport  *imp,
           const char      *file,
           const char      *where,
           json_object     *region,
           char           **note)
{
  g_autoptr(GString) joined = NULL;
  json_object *meta, *texts;

  *note = NULL;
  if (!json_object_object_get_ex (region, "meta", &meta) || meta == NULL)
    return TRUE;
  if (!json_object_is_type (meta, json_type_object))
    {
      g_autofree char *at = g_strconcat (where, ".meta", NULL);

      newsmark_import_error (imp, file, 0, at, "expected an object, got %s", json_type_to_name (json_object_get_type (meta)));
      return FALSE;
    }
  if (!json_object_object_get_ex (meta, "text", &texts) || texts == NULL)
    return TRUE;
  if (!json_object_is_type (texts, json_type_array))
    {
      g_autofree char *at = g_strconcat (where, ".meta", NULL);

      newsmark_import_error (imp, file, 0, at, "expected \"text\": an array of strings, got %s",
                             json_type_to_name (json_object_get_type (texts)));
      return FALSE;
    }
  joined = g_string_new (NULL);
  for (gsize k = 0; k < json_object_array_length (texts); k++)
    {
      json_object *line = json_object_array_get_idx (texts, k);

      if (!json_object_is_type (line, json_type_string))
        {
          g_autofree char *at_k = g_strdup_printf ("%s.meta.text[%" G_GSIZE_FORMAT "]", where, k);
          const char *ignored;

          return newsmark_import_json_string (imp, file, 0, at_k, line, NULL, &ignored);
        }
      if (k > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, json_object_get_string (line));
    }
  if (joined->len > 0)
    *note = g_string_free (g_steal_pointer (&joined), FALSE);
  return TRUE;
}

/* The strings of WHERE.KEY, an array. FALSE after an error. */
static gboolean
read_strings (NewsmarkImport  *imp,
              const char      *file,
              const char      *where,
              json_object     *object,
              const char      *key,
              json_object    **array)
{
  gboolean present = json_object_object_get_ex (object, key, array);

  if (!present || !json_object_is_type (*array, json_type_array))
    {
      g_autofree char *at = g_strconcat (where, ".", key, NULL);

      newsmark_import_error (imp, file, 0, at, "expected an array of strings, got %s",
                             present ? json_type_to_name (json_object_get_type (*array)) : "nothing");
      return FALSE;
    }
  for (gsize k = 0; k < json_object_array_length (*array); k++)
    {
      json_object *item = json_object_array_get_idx (*array, k);

      /* The place is spelled out only for a message. */
      if (!json_object_is_type (item, json_type_string))
        {
          g_autofree char *at_k = g_strdup_printf ("%s.%s[%" G_GSIZE_FORMAT "]", where, key, k);
          const char *ignored;

          return newsmark_import_json_string (imp, file, 0, at_k, item, NULL, &ignored);
        }
    }
  return TRUE;
}

static void
import_results (NewsmarkImport    *imp,
                NewsmarkImportDoc *doc,
                NewsmarkUtf16Map  *map,
                json_object       *results,
                const char        *prefix,
                const char        *path,
                NewsmarkOrigin    *origin,
                NewsmarkStatus     status)
{
  g_autoptr(GHashTable) regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) result_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Regions first: per-region attributes and relations may come before
   * the region they refer to. */
  for (int pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < json_object_array_length (results); i++)
      {
        json_object *r = json_object_array_get_idx (results, i);
        json_object *type_obj = member (r, "type", json_type_string);
        json_object *id_obj = member (r, "id", json_type_string);
        json_object *value = member (r, "value", json_type_object);
        g_autofree char *where = g_strdup_printf ("%s.result[%" G_GSIZE_FORMAT "]", path, i);
        g_autofree char *src = NULL;
        const char *type;

        if (type_obj == NULL)
          {
            if (pass == 0)
              {
                newsmark_import_error (imp, doc->source, 0, where, "a result without a \"type\" string");
                doc->failed = TRUE;
              }
            continue;
          }
        type = json_object_get_string (type_obj);
        if (json_object_object_get_ex (r, "id", NULL) && id_obj == NULL)
          {
            if (pass == 0)
              {
                const char *ignored;

                newsmark_import_json_string (imp, doc->source, 0, where, r, "id", &ignored);
                doc->failed = TRUE;
              }
            continue;
          }
        if (id_obj != NULL)
          src = g_strdup_printf ("%s:%s", prefix, json_object_get_string (id_obj));
        if (pass == 0 && src != NULL)
          g_hash_table_add (result_ids, g_strdup (src));

        if (g_str_equal (type, "labels"))
          {
            g_autofree char *at = g_strdup_printf ("%s.value", where);
            g_autofree char *note = NULL;
            json_object *labels = NULL;
            const char *text = NULL, *from_name = NULL, *to_name = NULL;
            gboolean has_score;
            double score;
            guint su, eu, s, e;

            if (pass != 0)
              continue;
            if (value == NULL)
              {
                newsmark_import_error (imp, doc->source, 0, where,
                                       "expected \"value\": {\"start\": N, \"end\": N, \"labels\": […]}");
                doc->failed = TRUE;
                continue;
              }
            if (!newsmark_import_json_uint (imp, doc->source, 0, at, value, "start", &su) ||
                !newsmark_import_json_uint (imp, doc->source, 0, at, value, "end", &eu) ||
                !read_strings (imp, doc->source, at, value, "labels", &labels) ||
                (json_object_object_get_ex (value, "text", NULL) &&
                 !newsmark_import_json_string (imp, doc->source, 0, at, value, "text", &text)) ||
                (json_object_object_get_ex (r, "from_name", NULL) &&
                 !newsmark_import_json_string (imp, doc->source, 0, where, r, "from_name", &from_name)) ||
                (json_object_object_get_ex (r, "to_name", NULL) &&
                 !newsmark_import_json_string (imp, doc->source, 0, where, r, "to_name", &to_name)) ||
                !read_note (imp, doc->source, where, r, &note))
              {
                doc->failed = TRUE;
                continue;
              }
            if (json_object_array_length (labels) == 0)
              {
                g_autofree char *at_labels = g_strconcat (at, ".labels", NULL);

                newsmark_import_error (imp, doc->source, 0, at_labels, "a region without a label");
                doc->failed = TRUE;
                continue;
              }
            if (!newsmark_utf16_map_to_chars (map, su, &s) || !newsmark_utf16_map_to_chars (map, eu, &e))
              {
                newsmark_import_error (imp, doc->source, 0, where,
                                       "offsets [%u, %u) do not fall on characters of the text "
                                       "(%u UTF-16 code units long)", su, eu, map->n_units);
                doc->failed = TRUE;
                continue;
              }
            /* A region's own score wins over its prediction's. */
            read_score (imp, doc->source, where, r, &has_score, &score);
            if (has_score && (origin == NULL || origin->kind != NEWSMARK_ORIGIN_MODEL))
              {
                g_autofree char *at_score = g_strconcat (where, ".score", NULL);

                newsmark_import_warning (imp, doc->source, 0, at_score, "score not imported: only a "
                                         "model's prediction has one, not an annotation made by a person");
                has_score = FALSE;
              }
            for (gsize k = 0; k < json_object_array_length (labels); k++)
              {
                json_object *lv = json_object_array_get_idx (labels, k);
                NewsmarkImportSpan *span;
                g_autofree char *id = NULL;

                id = k == 0 ? g_strdup (src) : g_strdup_printf ("%s#%" G_GSIZE_FORMAT, src, k + 1);
                if (id != NULL && k == 0 && g_hash_table_contains (regions, id))
                  {
                    /* One region labelled by two Labels tags: two spans. */
                    g_free (id);
                    id = g_strdup_printf ("%s/%s#%" G_GSIZE_FORMAT, src, from_name != NULL ? from_name : "", i);
                  }
                span = newsmark_import_doc_add_span (doc, id, json_object_get_string (lv), s, e, 0);
                span->where = g_strdup (where);
                if (from_name != NULL && to_name != NULL)
                  remember_names (imp, span->label, from_name, to_name, doc->source, where);
                span->status = status;
                span->origin = origin != NULL ? newsmark_origin_copy (origin) : NULL;
                if (has_score)
                  {
                    span->origin->score = score;
                    span->origin->has_score = TRUE;
                  }
                if (text != NULL)
                  span->expected_text = g_strdup (text);
                if (k == 0 && src != NULL)
                  g_hash_table_insert (regions, g_strdup (src), span);
                span->note = g_strdup (note);
              }
          }
        else if (g_str_equal (type, "hypertextlabels") || g_str_equal (type, "paragraphlabels") ||
                 g_str_equal (type, "richtextlabels"))
          {
            if (pass != 0)
              continue;
            newsmark_import_error (imp, doc->source, 0, where,
                                   "“%s” spans point into HTML or dialogue paragraphs, not into plain "
                                   "text: refused (Newsmark imports “labels” spans on a Text tag)", type);
            doc->failed = TRUE;
          }
        else if (g_str_equal (type, "relation"))
          {
            json_object *labels = NULL;
            const char *from = NULL, *to = NULL, *direction = "right";
            g_autofree char *fs = NULL, *ts = NULL;
            const char *rtype = "related";
            gboolean labelled = FALSE;
            NewsmarkImportRelation *rel;

            if (pass != 1)
              continue;
            if (!newsmark_import_json_string (imp, doc->source, 0, where, r, "from_id", &from) ||
                !newsmark_import_json_string (imp, doc->source, 0, where, r, "to_id", &to) ||
                (json_object_object_get_ex (r, "direction", NULL) &&
                 !newsmark_import_json_string (imp, doc->source, 0, where, r, "direction", &direction)))
              {
                doc->failed = TRUE;
                continue;
              }
            fs = g_strdup_printf ("%s:%s", prefix, from);
            ts = g_strdup_printf ("%s:%s", prefix, to);
            if (!g_hash_table_contains (result_ids, fs) || !g_hash_table_contains (result_ids, ts))
              {
                gboolean from_missing = !g_hash_table_contains (result_ids, fs);
                g_autofree char *at = g_strconcat (where, from_missing ? ".from_id" : ".to_id", NULL);

                newsmark_import_error (imp, doc->source, 0, at, "“%s” is not the id of a region in %s.result",
                                       from_missing ? from : to, path);
                doc->failed = TRUE;
                continue;
              }
            if (!g_str_equal (direction, "right") && !g_str_equal (direction, "left") &&
                !g_str_equal (direction, "bi"))
              {
                g_autofree char *at = g_strconcat (where, ".direction", NULL);

                newsmark_import_error (imp, doc->source, 0, at, "“%s” is not a direction (expected right, "
                                       "left or bi)", direction);
                doc->failed = TRUE;
                continue;
              }
            if (json_object_object_get_ex (r, "labels", &labels))
              {
                g_autofree char *at = g_strconcat (where, ".labels", NULL);
                gsize n = json_object_is_type (labels, json_type_array) ? json_object_array_length (labels) : 0;
                gboolean labels_ok = TRUE;

                if (!json_object_is_type (labels, json_type_array))
                  {
                    newsmark_import_error (imp, doc->source, 0, at, "expected an array of strings, got %s",
                                           json_type_to_name (json_object_get_type (labels)));
                    doc->failed = TRUE;
                    continue;
                  }
                for (gsize k = 0; k < n; k++)
                  {
                    g_autofree char *at_k = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", at, k);
                    const char *label;

                    if (!newsmark_import_json_string (imp, doc->source, 0, at_k,
                                                      json_object_array_get_idx (labels, k), NULL, &label))
                      labels_ok = FALSE;
                    else if (k == 0)
                      rtype = label;
                  }
                if (!labels_ok)
                  {
                    doc->failed = TRUE;
                    continue;
                  }
                if (n > 1)
                  newsmark_import_warning (imp, doc->source, 0, at,
                                           "only the first of %" G_GSIZE_FORMAT " labels (“%s”) imported: a "
                                           "Newsmark relation has one type", n, rtype);
                labelled = n > 0;
              }
            if (!labelled)
              newsmark_import_warning (imp, doc->source, 0, where,
                                       "relation without a label imported with type “related”");
            if (g_str_equal (direction, "left"))
              rel = newsmark_import_doc_add_relation (doc, rtype, ts, fs, 0);
            else
              {
                rel = newsmark_import_doc_add_relation (doc, rtype, fs, ts, 0);
                if (g_str_equal (direction, "bi"))
                  newsmark_import_warning (imp, doc->source, 0, where,
                                           "two-way relation imported from “from_id” to “to_id”");
              }
            rel->where = g_strdup (where);
            rel->origin = origin != NULL ? newsmark_origin_copy (origin) : NULL;
          }
        else if (g_str_equal (type, "choices") || g_str_equal (type, "textarea") ||
                 g_str_equal (type, "number") || g_str_equal (type, "rating"))
          {
            NewsmarkImportSpan *span = src != NULL ? g_hash_table_lookup (regions, src) : NULL;
            const char *attr = type;

            if (pass != 1)
              continue;
            /* The control's name is the attribute's. */
            if (json_object_object_get_ex (r, "from_name", NULL) &&
                !newsmark_import_json_string (imp, doc->source, 0, where, r, "from_name", &attr))
              {
                doc->failed = TRUE;
                continue;
              }
            if (span == NULL)
              {
                newsmark_import_warning (imp, doc->source, 0, where,
                                         "%s “%s” about the whole task, not a region: not imported "
                                         "(Newsmark attributes belong to spans)", type, attr);
                continue;
              }
            if (value == NULL)
              {
                newsmark_import_error (imp, doc->source, 0, where, "expected \"value\": an object");
                doc->failed = TRUE;
                continue;
              }
            if (g_str_equal (type, "choices") || g_str_equal (type, "textarea"))
              {
                /* Choices are picked, a text area holds lines. */
                g_autofree char *at = g_strdup_printf ("%s.value", where);
                const char *key = g_str_equal (type, "choices") ? "choices" : "text";
                json_object *list = NULL;
                gsize n;

                if (!read_strings (imp, doc->source, at, value, key, &list))
                  {
                    doc->failed = TRUE;
                    continue;
                  }
                n = json_object_array_length (list);
                if (n > 0)
                  newsmark_import_span_set_attribute (span, attr,
                                                      g_variant_new_string (json_object_get_string (json_object_array_get_idx (list, 0))));
                if (n > 1)
                  newsmark_import_warning (imp, doc->source, 0, where,
                                           "only the first of %" G_GSIZE_FORMAT " %s imported: a "
                                           "Newsmark attribute holds one value", n,
                                           g_str_equal (type, "choices") ? "choices" : "texts");
              }
            else
              {
                g_autofree char *at = g_strdup_printf ("%s.value.%s", where, type);
                g_autofree char *problem = NULL;
                json_object *num = NULL;
                double d;

                if (!json_object_object_get_ex (value, type, &num) ||
                    !_newsmark_number_from_json_double (num, &d, &problem))
                  {
                    newsmark_import_error (imp, doc->source, 0, at, "%s",
                                           problem != NULL ? problem : "missing (expected a number)");
                    doc->failed = TRUE;
                    continue;
                  }
                newsmark_import_span_set_attribute (span, attr, g_variant_new_double (d));
              }
          }
        else if (pass == 0)
          {
            newsmark_import_error (imp, doc->source, 0, where,
                                   "result type “%s” is not a text span, relation or per-region "
                                   "attribute: refused", type);
            doc->failed = TRUE;
          }
      }
}

/* Task keys the importer reads; every other one is kept as it is. */
static const char * const task_keys[] = { "data", "annotations", "completions", "predictions", NULL };
/* Keys of an annotation or prediction the importer reads. */
static const char * const annotation_keys[] = {
  "id", "result", "completed_by", "was_cancelled", "model_version", "score", NULL
};

gboolean
_newsmark_label_studio_parse (NewsmarkImport *imp,
                              const char     *data,
                              gsize           len,
                              const char     *filename,
                              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stem = newsmark_format_stem (filename);
  json_object *root = newsmark_format_parse_json (data, len, filename, 0, &local_error);
  json_object *tasks;
  gboolean single = FALSE;

  if (root == NULL)
    {
      const char *nl = memchr (data, '\n', len);
      json_object *first_line = NULL;

      /* A first line that is a whole JSON object: JSON Lines, not Label Studio. */
      if (nl != NULL && (gsize) (nl - data) + 1 < len)
        first_line = newsmark_format_parse_json (data, nl - data, filename, 0, NULL);
      if (first_line != NULL)
        g_set_error (error, local_error->domain, local_error->code,
                     "%s (one JSON object per line is JSON Lines — spacy-jsonl or doccano-jsonl; "
                     "a Label Studio export is one JSON array of tasks)", local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      json_object_put (first_line);
      return FALSE;
    }
  if (json_object_is_type (root, json_type_object))
    {
      single = TRUE;
      tasks = json_object_new_array ();
      json_object_array_add (tasks, json_object_get (root));
    }
  else if (json_object_is_type (root, json_type_array))
    tasks = json_object_get (root);
  else
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s: expected an array of Label Studio tasks", filename);
      json_object_put (root);
      return FALSE;
    }

  for (gsize t = 0; t < json_object_array_length (tasks); t++)
    {
      json_object *task = json_object_array_get_idx (tasks, t);
      g_autofree char *path = single ? g_strdup ("") : g_strdup_printf ("[%" G_GSIZE_FORMAT "]", t);
      g_autofree char *key = NULL;
      g_autofree char *name = NULL;
      g_autoptr(NewsmarkUtf16Map) map = NULL;
      g_autofree char *task_id = NULL;
      gboolean id_ok;
      const char *text;
      NewsmarkImportDoc *doc;
      static const char * const groups[] = { "annotations", "completions", "predictions" };

      if (task == NULL || !json_object_is_type (task, json_type_object) || member (task, "data", json_type_object) == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s: %s: not a Label Studio task (expected an object with \"data\")",
                       filename, *path ? path : "top level");
          json_object_put (tasks);
          json_object_put (root);
          return FALSE;
        }
      text = task_text (task, first_result (task), imp->text_key, &key);
      if (text == NULL)
        {
          json_object *sample = first_result (task);
          json_object *type = member (sample, "type", json_type_string);
          g_autoptr(GString) keys = g_string_new (NULL);

          json_object_object_foreach (member (task, "data", json_type_object), k, val)
            {
              (void) val;
              g_string_append_printf (keys, "%s%s", keys->len > 0 ? ", " : "", k);
            }
          if (type != NULL && !g_str_equal (json_object_get_string (type), "labels"))
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s: %s: “%s” results annotate HTML or dialogue paragraphs, not plain "
                         "text: refused (Newsmark imports “labels” spans on a Text tag)",
                         filename, *path ? path : "task", json_object_get_string (type));
          else
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s: %s.data: no text to annotate (expected a \"text\" string, as a Text "
                         "tag's value=\"$text\" reads it; found %s)", filename, path, keys->str);
          json_object_put (tasks);
          json_object_put (root);
          return FALSE;
        }
      id_ok = newsmark_import_json_id (imp, filename, 0, path, task, "id", FALSE, &task_id);
      if (task_id != NULL)
        name = g_strdup_printf ("%s-%s", stem, task_id);
      else
        name = g_strdup_printf ("%s-%04" G_GSIZE_FORMAT, stem, t + 1);
      doc = newsmark_import_add_doc (imp, name, filename, text, -1);
      doc->failed |= !id_ok;
      map = newsmark_utf16_map_new (text, -1);
      if (!g_str_equal (key, "text"))
        json_object_object_add (newsmark_import_doc_interchange (doc), "text_key", json_object_new_string (key));
      /* The task's keys and its data's besides the text are kept and
       * written back on export. */
      {
        json_object *fields = json_object_new_object ();
        json_object *kept_data = json_object_new_object ();

        {
          json_object_object_foreach (task, task_key, value)
            {
              if (!g_strv_contains (task_keys, task_key))
                json_object_object_add (fields, task_key, json_object_get (value));
            }
        }
        {
          json_object_object_foreach (member (task, "data", json_type_object), data_key, data_value)
            {
              if (!g_str_equal (data_key, key))
                json_object_object_add (kept_data, data_key, json_object_get (data_value));
            }
        }
        json_object_object_add (newsmark_import_doc_interchange (doc), "fields", fields);
        json_object_object_add (newsmark_import_doc_interchange (doc), "data", kept_data);
      }

      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        {
          json_object *list = NULL;
          gboolean prediction = g == 2;

          if (json_object_object_get_ex (task, groups[g], &list) && !json_object_is_type (list, json_type_array))
            {
              g_autofree char *at = g_strdup_printf ("%s%s%s", path, *path ? "." : "", groups[g]);

              newsmark_import_error (imp, filename, 0, at, "expected an array of %s, got %s",
                                     prediction ? "predictions" : "annotations",
                                     json_type_to_name (json_object_get_type (list)));
              doc->failed = TRUE;
              continue;
            }

          for (gsize a = 0; list != NULL && a < json_object_array_length (list); a++)
            {
              json_object *ann = json_object_array_get_idx (list, a);
              json_object *results = NULL, *cancelled = NULL;
              g_autofree char *apath = g_strdup_printf ("%s%s%s[%" G_GSIZE_FORMAT "]", path, *path ? "." : "",
                                                        groups[g], a);
              g_autofree char *prefix = g_strdup_printf ("%c%" G_GSIZE_FORMAT, groups[g][0], a);
              g_autoptr(NewsmarkOrigin) origin = NULL;

              if (!json_object_is_type (ann, json_type_object) ||
                  !json_object_object_get_ex (ann, "result", &results) ||
                  !json_object_is_type (results, json_type_array))
                {
                  newsmark_import_error (imp, filename, 0, apath, "expected an object with \"result\": an array of "
                                         "results, got %s", json_type_to_name (json_object_get_type (results != NULL ? results : ann)));
                  doc->failed = TRUE;
                  continue;
                }
              if (json_object_object_get_ex (ann, "was_cancelled", &cancelled) && cancelled != NULL &&
                  !json_object_is_type (cancelled, json_type_boolean))
                {
                  g_autofree char *at = g_strconcat (apath, ".was_cancelled", NULL);

                  newsmark_import_error (imp, filename, 0, at, "expected true or false, got %s",
                                         json_type_to_name (json_object_get_type (cancelled)));
                  doc->failed = TRUE;
                  continue;
                }
              {
                g_autoptr(GString) dropped = g_string_new (NULL);

                json_object_object_foreach (ann, ann_key, value)
                  {
                    (void) value;
                    if (!g_strv_contains (annotation_keys, ann_key))
                      g_string_append_printf (dropped, "%s“%s”", dropped->len > 0 ? ", " : "", ann_key);
                  }
                if (dropped->len > 0)
                  newsmark_import_warning (imp, filename, 0, apath, "%s not imported (Newsmark keeps an "
                                           "annotation's results and who made them)", dropped->str);
              }
              if (cancelled != NULL && json_object_get_boolean (cancelled))
                {
                  newsmark_import_warning (imp, filename, 0, apath, "cancelled (skipped) annotation not imported");
                  continue;
                }
              if (prediction)
                {
                  g_autofree char *model_version = NULL;
                  g_autofree char *model = NULL;
                  const char *version = NULL;
                  const char *mv = NULL;
                  gboolean has_score;
                  double score;

                  if (!newsmark_import_json_id (imp, filename, 0, apath, ann, "model_version", FALSE, &model_version))
                    doc->failed = TRUE;
                  mv = model_version;
                  read_score (imp, filename, apath, ann, &has_score, &score);

                  /* Newsmark writes "NAME VERSION" as the model_version; read
                   * it back the same way unless a model name is given. Only
                   * a last word that reads as a version ("2.1", "v3") is
                   * one: "my tagger" is a name with a space in it. */
                  if (imp->options->model_name != NULL)
                    {
                      model = g_strdup (imp->options->model_name);
                      version = mv;
                    }
                  else if (mv != NULL && (version = version_word (mv)) != NULL)
                    model = g_strndup (mv, version - 1 - mv);
                  else
                    model = g_strdup (mv != NULL ? mv : "label-studio");
                  origin = newsmark_origin_new_model (model, version, has_score, has_score ? score : 0);
                }
              else
                {
                  g_autofree char *who = NULL;

                  if (!user_name (imp, filename, apath, ann, &who))
                    doc->failed = TRUE;
                  origin = newsmark_origin_new_human (who != NULL ? who : imp->options->annotator);
                }
              import_results (imp, doc, map, results, prefix, apath, origin,
                              prediction ? NEWSMARK_STATUS_SUGGESTED : NEWSMARK_STATUS_ACCEPTED);
            }
        }
    }

  json_object_put (tasks);
  json_object_put (root);
  imp->strings_are_enums = TRUE;
  return TRUE;
}

/* ---- Export ------------------------------------------------------------------- */

/* The names of @label's Labels control and of the Text object in the
 * project the article came from (kept under "interchange"), or Newsmark's
 * own "label" and "text". */
static void
control_names (json_object  *kept,
               const char   *label,
               const char  **from_name,
               const char  **to_name)
{
  json_object *labels, *names, *v;

  *from_name = "label";
  *to_name = "text";
  if (kept == NULL || !json_object_object_get_ex (kept, "labels", &labels) ||
      !json_object_object_get_ex (labels, label, &names))
    return;
  if (json_object_object_get_ex (names, "from_name", &v))
    *from_name = json_object_get_string (v);
  if (json_object_object_get_ex (names, "to_name", &v))
    *to_name = json_object_get_string (v);
}

static json_object *
region_json (const char       *id,
             const char       *label,
             const char       *from_name,
             const char       *to_name,
             guint             start_units,
             guint             end_units,
             const char       *text,
             const NewsmarkOrigin *origin)
{
  json_object *r = json_object_new_object ();
  json_object *value = json_object_new_object ();
  json_object *labels = json_object_new_array ();

  json_object_object_add (r, "id", json_object_new_string (id));
  json_object_object_add (r, "from_name", json_object_new_string (from_name));
  json_object_object_add (r, "to_name", json_object_new_string (to_name));
  json_object_object_add (r, "type", json_object_new_string ("labels"));
  json_object_object_add (value, "start", json_object_new_int64 (start_units));
  json_object_object_add (value, "end", json_object_new_int64 (end_units));
  json_object_object_add (value, "text", json_object_new_string (text));
  json_object_array_add (labels, json_object_new_string (label));
  json_object_object_add (value, "labels", labels);
  json_object_object_add (r, "value", value);
  if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL && origin->has_score)
    json_object_object_add (r, "score", json_object_new_double (origin->score));

  return r;
}

typedef struct {
  char        *key;         /* "human" or model name + version */
  json_object *result;
  const NewsmarkOrigin *origin;
  gboolean     prediction;
} ResultGroup;

static void
result_group_free (gpointer data)
{
  ResultGroup *g = data;

  g_free (g->key);
  json_object_put (g->result);
  g_free (g);
}

static ResultGroup *
group_for (GPtrArray            *groups,
           NewsmarkSpan         *span)
{
  const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
  gboolean prediction = newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED;
  g_autofree char *key = NULL;

  if (!prediction)
    key = g_strdup ("annotation");
  else if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
    key = g_strdup_printf ("%s\x1f%s", origin->name ? origin->name : "", origin->version ? origin->version : "");
  else
    key = g_strdup ("\x1f");

  for (guint i = 0; i < groups->len; i++)
    {
      ResultGroup *g = g_ptr_array_index (groups, i);

      if (g_str_equal (g->key, key))
        return g;
    }
  {
    ResultGroup *g = g_new0 (ResultGroup, 1);

    g->key = g_steal_pointer (&key);
    g->result = json_object_new_array ();
    g->origin = origin;
    g->prediction = prediction;
    g_ptr_array_add (groups, g);
    return g;
  }
}

gboolean
_newsmark_label_studio_export (NewsmarkExport *exp,
                               GPtrArray      *sets,
                               GString        *out,
                               GError        **error)
{
  json_object *tasks = json_object_new_array ();

  for (guint d = 0; d < sets->len; d++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, d);
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
      g_autoptr(GPtrArray) spans = newsmark_export_spans (exp, set, TRUE);
      g_autofree char *name = newsmark_export_set_name (set, d);
      g_autoptr(NewsmarkUtf16Map) map = newsmark_utf16_map_new (newsmark_document_get_text (document),
                                                                (gssize) newsmark_document_get_n_bytes (document));
      g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (result_group_free);
      g_autoptr(GHashTable) group_of = g_hash_table_new (g_str_hash, g_str_equal);
      GListModel *relations = newsmark_annotation_set_get_relations (set);
      json_object *task = json_object_new_object ();
      json_object *data = json_object_new_object ();
      json_object *annotations = json_object_new_array ();
      json_object *predictions = json_object_new_array ();
      json_object *kept = _newsmark_interchange_get (set, NEWSMARK_FORMAT_LABEL_STUDIO);
      json_object *text_key = NULL, *fields = NULL, *kept_data = NULL, *kept_id = NULL;

      /* The task's own keys and data go back out as they were. */
      if (kept != NULL)
        {
          json_object_object_get_ex (kept, "text_key", &text_key);
          json_object_object_get_ex (kept, "fields", &fields);
          json_object_object_get_ex (kept, "data", &kept_data);
        }
      if (fields != NULL)
        json_object_object_get_ex (fields, "id", &kept_id);
      json_object_object_add (task, "id", kept_id != NULL ? json_object_get (kept_id) : json_object_new_int64 (d + 1));
      json_object_object_add (data, text_key != NULL ? json_object_get_string (text_key) : "text",
                              json_object_new_string_len (newsmark_document_get_text (document),
                                                          (int) newsmark_document_get_n_bytes (document)));
      if (kept_data != NULL)
        {
          json_object_object_foreach (kept_data, data_key, value)
            {
              json_object_object_add (data, data_key, json_object_get (value));
            }
        }
      else if (fields == NULL)
        json_object_object_add (data, "name", json_object_new_string (name));
      json_object_object_add (task, "data", data);

      /* Accepted spans (and rejected ones when asked for) are the
       * annotation; suggestions are predictions, one per model. */
      g_ptr_array_add (groups, g_new0 (ResultGroup, 1));
      ((ResultGroup *) groups->pdata[0])->key = g_strdup ("annotation");
      ((ResultGroup *) groups->pdata[0])->result = json_object_new_array ();

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);
          ResultGroup *g = group_for (groups, span);
          guint n_frag = newsmark_span_get_n_fragments (span);
          NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
          const NewsmarkFragment *frags = n_frag > 0 ? newsmark_span_get_fragments (span) : &whole;
          const char *id = newsmark_span_get_id (span);
          g_auto(GStrv) attrs = newsmark_span_list_attributes (span);
          const char *from_name, *to_name;

          control_names (kept, newsmark_span_get_label (span), &from_name, &to_name);

          if (n_frag > 0)
            {
              g_autofree char *desc = newsmark_describe_span (span);

              newsmark_export_warning (exp, name, "discontinuous span %s split into %u regions "
                                       "(%s, %s-2, …); relations use the first", desc, n_frag, id, id);
            }

          g_hash_table_insert (group_of, (gpointer) id, g);
          for (guint k = 0; k < MAX (n_frag, 1); k++)
            {
              g_autofree char *rid = k == 0 ? g_strdup (id) : g_strdup_printf ("%s-%u", id, k + 1);
              g_autofree char *text = newsmark_document_dup_slice (document, frags[k].start, frags[k].end);
              json_object *r = region_json (rid, newsmark_span_get_label (span), from_name, to_name,
                                            newsmark_utf16_map_to_units (map, frags[k].start),
                                            newsmark_utf16_map_to_units (map, frags[k].end),
                                            text, newsmark_span_get_origin (span));

              if (k == 0 && newsmark_span_get_note (span) != NULL)
                {
                  json_object *meta = json_object_new_object ();
                  json_object *mt = json_object_new_array ();
                  g_auto(GStrv) note_lines = g_strsplit (newsmark_span_get_note (span), "\n", -1);

                  /* One text per line, as the import joins them. */
                  for (guint n = 0; note_lines[n] != NULL; n++)
                    json_object_array_add (mt, json_object_new_string (note_lines[n]));
                  json_object_object_add (meta, "text", mt);
                  json_object_object_add (r, "meta", meta);
                }
              json_object_array_add (g->result, r);

              /* Per-region attributes share the region's id. */
              for (guint a = 0; k == 0 && attrs[a] != NULL; a++)
                {
                  GVariant *v = newsmark_span_get_attribute (span, attrs[a]);
                  json_object *ar = json_object_new_object ();
                  json_object *av = json_object_new_object ();
                  const char *type;

                  json_object_object_add (ar, "id", json_object_new_string (rid));
                  json_object_object_add (ar, "from_name", json_object_new_string (attrs[a]));
                  json_object_object_add (ar, "to_name", json_object_new_string (to_name));
                  json_object_object_add (av, "start", json_object_new_int64 (newsmark_utf16_map_to_units (map, frags[0].start)));
                  json_object_object_add (av, "end", json_object_new_int64 (newsmark_utf16_map_to_units (map, frags[0].end)));
                  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
                    {
                      type = "number";
                      json_object_object_add (av, "number", json_object_new_double (g_variant_get_double (v)));
                    }
                  else
                    {
                      json_object *list = json_object_new_array ();
                      gboolean is_bool = g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN);
                      NewsmarkLabel *label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (set),
                                                                         newsmark_span_get_label (span));
                      NewsmarkAttributeDef *def = label != NULL ? newsmark_label_find_attribute (label, attrs[a]) : NULL;

                      if (is_bool)
                        {
                          json_object_array_add (list, json_object_new_string (g_variant_get_boolean (v) ? "true" : "false"));
                          /* Once per attribute: the schema's, not the span's. */
                          if (g_hash_table_add (exp->warned, g_strdup_printf ("boolean:%s", attrs[a])))
                            newsmark_export_warning (exp, name, "attribute %s is true or false: written as "
                                                     "the choices “true” and “false”, it reads back as a "
                                                     "choice of words", attrs[a]);
                        }
                      else
                        json_object_array_add (list, json_object_new_string (g_variant_get_string (v, NULL)));
                      if (def != NULL && newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_TEXT)
                        {
                          type = "textarea";
                          json_object_object_add (av, "text", list);
                        }
                      else
                        {
                          type = "choices";
                          json_object_object_add (av, "choices", list);
                        }
                    }
                  json_object_object_add (ar, "type", json_object_new_string (type));
                  json_object_object_add (ar, "value", av);
                  json_object_array_add (g->result, ar);
                }
            }
        }

      for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
        {
          g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);
          ResultGroup *gf = g_hash_table_lookup (group_of, newsmark_relation_get_from (rel));
          ResultGroup *gt = g_hash_table_lookup (group_of, newsmark_relation_get_to (rel));
          json_object *r, *labels;

          if (gf == NULL || gt == NULL || gf != gt)
            {
              newsmark_export_warning (exp, name, "relation %s (%s) not exported: %s", newsmark_relation_get_id (rel),
                                       newsmark_relation_get_type_name (rel),
                                       gf == NULL || gt == NULL ? "one of its spans was not exported"
                                                                : "its spans are in different annotations "
                                                                  "(one accepted, one a suggestion)");
              continue;
            }
          r = json_object_new_object ();
          labels = json_object_new_array ();
          json_object_object_add (r, "from_id", json_object_new_string (newsmark_relation_get_from (rel)));
          json_object_object_add (r, "to_id", json_object_new_string (newsmark_relation_get_to (rel)));
          json_object_object_add (r, "type", json_object_new_string ("relation"));
          json_object_object_add (r, "direction", json_object_new_string ("right"));
          json_object_array_add (labels, json_object_new_string (newsmark_relation_get_type_name (rel)));
          json_object_object_add (r, "labels", labels);
          json_object_array_add (gf->result, r);
        }

      for (guint i = 0; i < groups->len; i++)
        {
          ResultGroup *g = g_ptr_array_index (groups, i);
          json_object *o = json_object_new_object ();

          if (i == 0)
            {
              const char *who = newsmark_annotation_set_get_annotator (set);

              json_object_object_add (o, "id", json_object_new_int64 (d + 1));
              json_object_object_add (o, "result", json_object_get (g->result));
              if (who != NULL)
                json_object_object_add (o, "completed_by", json_object_new_string (who));
              json_object_array_add (annotations, o);
            }
          else
            {
              const NewsmarkOrigin *origin = g->origin;

              if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
                {
                  g_autofree char *mv = origin->version != NULL
                                        ? g_strdup_printf ("%s %s", origin->name ? origin->name : "", origin->version)
                                        : g_strdup (origin->name ? origin->name : "");

                  json_object_object_add (o, "model_version", json_object_new_string (mv));
                }
              json_object_object_add (o, "result", json_object_get (g->result));
              json_object_array_add (predictions, o);
            }
        }

      json_object_object_add (task, "annotations", annotations);
      json_object_object_add (task, "predictions", predictions);
      if (fields != NULL)
        {
          json_object_object_foreach (fields, field_key, value)
            {
              if (!json_object_object_get_ex (task, field_key, NULL))
                json_object_object_add (task, field_key, json_object_get (value));
            }
        }
      json_object_array_add (tasks, task);
      json_object_put (kept);
    }

  g_string_append (out, json_object_to_json_string_ext (tasks, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
  g_string_append_c (out, '\n');
  json_object_put (tasks);

  return TRUE;
}
