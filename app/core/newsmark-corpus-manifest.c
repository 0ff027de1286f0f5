/* newsmark-corpus-manifest.c — reading and writing newsmark-corpus.json */
#include "config.h"

#include <string.h>

#include "newsmark/newsmark-corpus-manifest.h"
#include "newsmark/newsmark-io.h"
#include "newsmark-corpus-private.h"
#include "newsmark-json-private.h"

#define MAX_ANNOTATOR_NAME 64

static const char * const manifest_keys[] = {
  "format", "version", "name", "description", "annotators", "per_article", "beside", "schema", NULL
};

struct _NewsmarkCorpusManifest
{
  GObject          parent_instance;

  char            *name;
  char            *description;
  NewsmarkSchema  *schema;
  char            *schema_path;
  GStrv            annotators;
  guint            per_article;
  char            *beside;
  gboolean         implicit;
};

G_DEFINE_FINAL_TYPE (NewsmarkCorpusManifest, newsmark_corpus_manifest, G_TYPE_OBJECT)

static void
newsmark_corpus_manifest_finalize (GObject *object)
{
  NewsmarkCorpusManifest *self = NEWSMARK_CORPUS_MANIFEST (object);

  g_free (self->name);
  g_free (self->description);
  g_clear_object (&self->schema);
  g_free (self->schema_path);
  g_strfreev (self->annotators);
  g_free (self->beside);

  G_OBJECT_CLASS (newsmark_corpus_manifest_parent_class)->finalize (object);
}

static void
newsmark_corpus_manifest_class_init (NewsmarkCorpusManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = newsmark_corpus_manifest_finalize;
}

static void
newsmark_corpus_manifest_init (NewsmarkCorpusManifest *self)
{
}

/* ---- Names ------------------------------------------------------------------------ */

static char *
annotator_name_problem (const char *name)
{
  gsize len = strlen (name);

  if (len == 0)
    return g_strdup ("an annotator's name cannot be empty");
  if (len > MAX_ANNOTATOR_NAME)
    return g_strdup_printf ("“%.16s…” is longer than %u characters", name, MAX_ANNOTATOR_NAME);
  if (!g_ascii_isalnum (name[0]))
    return g_strdup_printf ("“%s” must begin with an ASCII letter or digit (it is also a folder name)", name);
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '-')
        return g_strdup_printf ("“%s” may contain only ASCII letters, digits, '_' and '-' "
                                "(it is also a folder name)", name);
    }
  if (g_ascii_strcasecmp (name, NEWSMARK_CORPUS_GOLD) == 0)
    return g_strdup_printf ("“%s” is reserved for the curated layer", name);
  return NULL;
}

gboolean
newsmark_corpus_check_annotator_name (const char  *name,
                                      GError     **error)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  problem = annotator_name_problem (name);
  if (problem != NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, problem);
      return FALSE;
    }
  return TRUE;
}

/* Folders of annotators who differ only in case are the same folder on
 * some shared drives. */
static const char *
find_same_name (const char * const *names,
                guint               before,
                const char         *name)
{
  for (guint i = 0; i < before; i++)
    {
      if (g_ascii_strcasecmp (names[i], name) == 0)
        return names[i];
    }
  return NULL;
}

/* ---- Construction ----------------------------------------------------------------- */

NewsmarkCorpusManifest *
newsmark_corpus_manifest_new (const char          *name,
                              NewsmarkSchema      *schema,
                              const char * const  *annotators,
                              guint                per_article,
                              GError             **error)
{
  NewsmarkCorpusManifest *self;
  guint n;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (annotators != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = g_strv_length ((char **) annotators);
  if (n == 0)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, "a corpus needs at least one annotator");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *same;

      if (!newsmark_corpus_check_annotator_name (annotators[i], error))
        return NULL;
      same = find_same_name (annotators, i, annotators[i]);
      if (same != NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "“%s” is given twice (as “%s”; names that differ only in case are one folder "
                       "on some drives)", annotators[i], same);
          return NULL;
        }
    }
  if (per_article < 1 || per_article > n)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "annotators per article: %u is not between 1 and the number of annotators (%u)",
                   per_article, n);
      return NULL;
    }

  self = g_object_new (NEWSMARK_TYPE_CORPUS_MANIFEST, NULL);
  self->name = g_strdup (name);
  self->schema = g_object_ref (schema);
  self->annotators = g_strdupv ((char **) annotators);
  self->per_article = per_article;
  return self;
}

NewsmarkCorpusManifest *
newsmark_corpus_manifest_new_implicit (const char *name)
{
  static const char * const annotators[] = { NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR, NULL };
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  NewsmarkCorpusManifest *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = newsmark_corpus_manifest_new (name, schema, annotators, 1, NULL);
  self->beside = g_strdup (NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR);
  self->implicit = TRUE;
  return self;
}

/* ---- Loading ---------------------------------------------------------------------- */

static GStrv
read_annotators (NewsmarkJsonReader *r,
                 json_object        *root)
{
  json_object *array;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  guint errors_before = r->n_errors;
  gsize mark;
  size_t n;

  if (!_newsmark_json_member (r, root, "annotators", NEWSMARK_JSON_ARRAY, TRUE, &array))
    return NULL;
  n = json_object_array_length (array);
  if (n == 0)
    {
      _newsmark_json_error (r, "annotators", "expected at least one annotator");
      return NULL;
    }

  builder = g_strv_builder_new ();
  seen = g_ptr_array_new ();
  mark = _newsmark_json_path_push_key (r, "annotators");
  for (size_t i = 0; i < n; i++)
    {
      json_object *item = json_object_array_get_idx (array, i);
      gsize mark2 = _newsmark_json_path_push_index (r, (guint) i);

      if (_newsmark_json_expect (r, item, NEWSMARK_JSON_STRING, NULL))
        {
          const char *name = json_object_get_string (item);
          g_autofree char *problem = annotator_name_problem (name);
          const char *same = find_same_name ((const char * const *) seen->pdata, seen->len, name);

          if (problem != NULL)
            _newsmark_json_error (r, NULL, "%s", problem);
          else if (same != NULL)
            _newsmark_json_error (r, NULL, "“%s” is given twice (as “%s”; names that differ only in case "
                                  "are one folder on some drives)", name, same);
          else
            {
              g_ptr_array_add (seen, (gpointer) name);
              g_strv_builder_add (builder, name);
            }
        }
      _newsmark_json_path_pop (r, mark2);
    }
  _newsmark_json_path_pop (r, mark);

  if (r->n_errors > errors_before)
    return NULL;
  return g_strv_builder_end (builder);
}

static NewsmarkSchema *
read_schema_file (NewsmarkJsonReader *r,
                  GFile              *folder,
                  const char         *path)
{
  g_autofree char *root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSchema *schema;

  if (!_newsmark_corpus_rel_path_is_safe (path))
    {
      _newsmark_json_error (r, "schema", "“%s” must be a path inside the corpus folder, relative to it, "
                            "without “..” (or embed the schema as an object)", path);
      return NULL;
    }
  if (folder == NULL)
    {
      _newsmark_json_error (r, "schema", "“%s”: a schema file needs the corpus folder", path);
      return NULL;
    }
  root = _newsmark_corpus_real_root (folder, &error);
  if (root == NULL)
    {
      _newsmark_json_error (r, "schema", "%s", error->message);
      return NULL;
    }
  file = g_file_resolve_relative_path (folder, path);
  file_path = g_file_get_path (file);
  if (file_path == NULL || !_newsmark_corpus_path_inside (root, file_path))
    {
      _newsmark_json_error (r, "schema", "“%s” leads outside the corpus folder (through a symbolic link)", path);
      return NULL;
    }
  schema = newsmark_schema_load_file (file, &error);
  if (schema == NULL)
    _newsmark_json_error (r, "schema", "%s", error->message);
  return schema;
}

NewsmarkCorpusManifest *
newsmark_corpus_manifest_load_data (GFile       *folder,
                                    const char  *data,
                                    gsize        len,
                                    const char  *filename,
                                    GPtrArray   *problems,
                                    GError     **error)
{
  g_autoptr(GPtrArray) own = newsmark_problems_new ();
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_auto(GStrv) annotators = NULL;
  NewsmarkJsonReader r;
  NewsmarkCorpusManifest *self = NULL;
  NewsmarkError code = NEWSMARK_ERROR_INVALID;
  json_object *root, *value = NULL;
  const char *format = NULL, *name = NULL, *description = NULL, *beside = NULL;
  gint64 version = 0;
  guint per_article = 0;
  gboolean have_per_article = FALSE;

  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filename == NULL)
    filename = NEWSMARK_CORPUS_MANIFEST_NAME;

  root = _newsmark_json_parse (data, len, filename, own, error);
  if (root == NULL)
    goto out;

  _newsmark_json_reader_init (&r, filename, own);
  if (!_newsmark_json_expect (&r, root, NEWSMARK_JSON_OBJECT, NULL))
    {
      code = NEWSMARK_ERROR_FORMAT;
      goto done;
    }
  /* Format and version first: for another kind of file, a list of unknown
   * keys would only hide the point. */
  if (!_newsmark_json_get_string (&r, root, "format", TRUE, &format))
    {
      code = NEWSMARK_ERROR_FORMAT;
      goto done;
    }
  if (strcmp (format, NEWSMARK_CORPUS_FORMAT_NAME) != 0)
    {
      _newsmark_json_error (&r, "format", "expected \"%s\", got \"%s\" (this is not a Newsmark corpus manifest)",
                            NEWSMARK_CORPUS_FORMAT_NAME, format);
      code = NEWSMARK_ERROR_FORMAT;
      goto done;
    }
  if (!_newsmark_json_get_int (&r, root, "version", TRUE, &version, NULL))
    goto done;
  if (version > NEWSMARK_CORPUS_FORMAT_VERSION)
    {
      _newsmark_json_error (&r, "version", "written by a newer Newsmark (version %" G_GINT64_FORMAT "); "
                            "this one reads version %d", version, NEWSMARK_CORPUS_FORMAT_VERSION);
      code = NEWSMARK_ERROR_VERSION;
      goto done;
    }
  if (version < 1)
    _newsmark_json_error (&r, "version", "expected 1, got %" G_GINT64_FORMAT, version);

  _newsmark_json_check_keys (&r, root, manifest_keys);

  if (_newsmark_json_get_string (&r, root, "name", TRUE, &name) && name != NULL && name[0] == '\0')
    _newsmark_json_error (&r, "name", "expected a non-empty string");
  _newsmark_json_get_string (&r, root, "description", FALSE, &description);
  annotators = read_annotators (&r, root);

  if (_newsmark_json_get_uint (&r, root, "per_article", TRUE, &per_article, &have_per_article) &&
      have_per_article && annotators != NULL &&
      (per_article < 1 || per_article > g_strv_length (annotators)))
    _newsmark_json_error (&r, "per_article", "%u is not between 1 and the number of annotators (%u)",
                          per_article, g_strv_length (annotators));

  if (_newsmark_json_get_string (&r, root, "beside", FALSE, &beside) && beside != NULL &&
      annotators != NULL && !g_strv_contains ((const char * const *) annotators, beside))
    _newsmark_json_error (&r, "beside", "“%s” is not one of the annotators", beside);

  if (json_object_object_get_ex (root, "schema", &value) && value != NULL &&
      json_object_get_type (value) == json_type_string)
    schema = read_schema_file (&r, folder, json_object_get_string (value));
  else if (value != NULL && json_object_get_type (value) != json_type_object)
    _newsmark_json_error (&r, "schema", "expected an object (the schema itself) or a string (a schema file "
                          "inside the corpus folder), got %s", _newsmark_json_type_name (value));
  else if (_newsmark_json_member (&r, root, "schema", NEWSMARK_JSON_OBJECT, TRUE, &value) && value != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (&r, "schema");

      schema = _newsmark_schema_from_json (&r, value);
      _newsmark_json_path_pop (&r, mark);
    }

  if (r.n_errors == 0 && schema != NULL && annotators != NULL && name != NULL)
    {
      self = newsmark_corpus_manifest_new (name, schema, (const char * const *) annotators, per_article, NULL);
      self->description = g_strdup (description);
      self->beside = g_strdup (beside);
      if (value != NULL && json_object_get_type (value) == json_type_string)
        self->schema_path = g_strdup (json_object_get_string (value));
    }

done:
  _newsmark_json_reader_clear (&r);
  json_object_put (root);
  if (self == NULL && error != NULL && *error == NULL)
    {
      g_autofree char *summary = _newsmark_problems_summary (own, filename);

      g_set_error_literal (error, NEWSMARK_ERROR, code, summary);
    }

out:
  if (problems != NULL)
    g_ptr_array_extend_and_steal (problems, g_steal_pointer (&own));
  return self;
}

NewsmarkCorpusManifest *
newsmark_corpus_manifest_load (GFile      *folder,
                               GPtrArray  *problems,
                               GError    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_get_child (folder, NEWSMARK_CORPUS_MANIFEST_NAME);
  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      if (problems != NULL)
        g_ptr_array_add (problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, name, NULL, 0, 0,
                                                         "cannot read the file: %s", local_error->message));
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot read the file: %s",
                   name, local_error->message);
      return NULL;
    }

  return newsmark_corpus_manifest_load_data (folder, contents, len, name, problems, error);
}

/* ---- Writing ---------------------------------------------------------------------- */

char *
newsmark_corpus_manifest_to_json (NewsmarkCorpusManifest *self)
{
  GString *out;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);

  out = g_string_new ("{\n  \"format\": \"" NEWSMARK_CORPUS_FORMAT_NAME "\",\n  \"version\": ");
  _newsmark_json_write_uint (out, NEWSMARK_CORPUS_FORMAT_VERSION);
  g_string_append (out, ",\n  \"name\": ");
  _newsmark_json_write_string (out, self->name);
  if (self->description != NULL)
    {
      g_string_append (out, ",\n  \"description\": ");
      _newsmark_json_write_string (out, self->description);
    }
  g_string_append (out, ",\n  \"annotators\": [");
  for (guint i = 0; self->annotators[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      _newsmark_json_write_string (out, self->annotators[i]);
    }
  g_string_append (out, "],\n  \"per_article\": ");
  _newsmark_json_write_uint (out, self->per_article);
  if (self->beside != NULL)
    {
      g_string_append (out, ",\n  \"beside\": ");
      _newsmark_json_write_string (out, self->beside);
    }
  g_string_append (out, ",\n  \"schema\": ");
  if (self->schema_path != NULL)
    _newsmark_json_write_string (out, self->schema_path);
  else
    _newsmark_schema_write_json (self->schema, out, 2);
  g_string_append (out, "\n}\n");

  return g_string_free (out, FALSE);
}

gboolean
newsmark_corpus_manifest_save (NewsmarkCorpusManifest  *self,
                               GFile                   *folder,
                               GError                 **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  file = g_file_get_child (folder, NEWSMARK_CORPUS_MANIFEST_NAME);
  json = newsmark_corpus_manifest_to_json (self);
  if (!newsmark_write_file_atomic (file, json, strlen (json), TRUE, error))
    return FALSE;
  self->implicit = FALSE;
  return TRUE;
}

/* ---- Accessors -------------------------------------------------------------------- */

const char *
newsmark_corpus_manifest_get_name (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return self->name;
}

const char *
newsmark_corpus_manifest_get_description (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return self->description;
}

void
newsmark_corpus_manifest_set_description (NewsmarkCorpusManifest *self,
                                          const char             *description)
{
  g_return_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self));

  g_free (self->description);
  self->description = g_strdup (description);
}

NewsmarkSchema *
newsmark_corpus_manifest_get_schema (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return self->schema;
}

const char *
newsmark_corpus_manifest_get_schema_path (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return self->schema_path;
}

void
newsmark_corpus_manifest_set_schema (NewsmarkCorpusManifest *self,
                                     NewsmarkSchema         *schema,
                                     const char             *path)
{
  g_return_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self));
  g_return_if_fail (NEWSMARK_IS_SCHEMA (schema));

  g_set_object (&self->schema, schema);
  g_free (self->schema_path);
  self->schema_path = g_strdup (path);
}

const char * const *
newsmark_corpus_manifest_get_annotators (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return (const char * const *) self->annotators;
}

gboolean
newsmark_corpus_manifest_has_annotator (NewsmarkCorpusManifest *self,
                                        const char             *name)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->annotators, name);
}

guint
newsmark_corpus_manifest_get_per_article (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), 0);
  return self->per_article;
}

const char *
newsmark_corpus_manifest_get_beside (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), NULL);
  return self->beside;
}

gboolean
newsmark_corpus_manifest_set_beside (NewsmarkCorpusManifest  *self,
                                     const char              *annotator,
                                     GError                 **error)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), FALSE);

  if (annotator != NULL && !newsmark_corpus_manifest_has_annotator (self, annotator))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "“%s” is not one of the annotators", annotator);
      return FALSE;
    }
  g_free (self->beside);
  self->beside = g_strdup (annotator);
  return TRUE;
}

gboolean
newsmark_corpus_manifest_is_implicit (NewsmarkCorpusManifest *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_MANIFEST (self), FALSE);
  return self->implicit;
}
