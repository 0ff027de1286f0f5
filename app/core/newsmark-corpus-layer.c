/* newsmark-corpus-layer.c — one annotator's file of one article
 *
 * A layer is read with the strict loader, so that what the corpus shows
 * about it (state, counts, problems) is exactly what opening it would
 * find. The loader checks its document.path against the corpus folder
 * (newsmark-document-path.h: a layer names its article in a sibling
 * folder) without following it; the corpus then compares the article it
 * names with the one the layer is kept for, which is the one it reads.
 */
#include "config.h"

#include <string.h>

#include "newsmark/newsmark-document.h"
#include "newsmark-annotation-set-private.h"
#include "newsmark-corpus-private.h"
#include "newsmark-json-private.h"

struct _NewsmarkCorpusLayer
{
  GObject             parent_instance;

  char               *annotator;
  char               *path;
  NewsmarkFacts      *facts;     /* NULL for a new layer */
  GPtrArray          *problems;  /* the file's and the corpus's */
  NewsmarkLayerState  state;
  GStrv               labels;
  guint               n_errors;
};

G_DEFINE_FINAL_TYPE (NewsmarkCorpusLayer, newsmark_corpus_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ANNOTATOR,
  PROP_PATH,
  PROP_STATE,
  PROP_N_SPANS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- State ------------------------------------------------------------------------ */

static const char * const state_names[] = { "new", "in-progress", "done", "broken" };

GType
newsmark_layer_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { NEWSMARK_LAYER_NEW,         "NEWSMARK_LAYER_NEW",         "new" },
        { NEWSMARK_LAYER_IN_PROGRESS, "NEWSMARK_LAYER_IN_PROGRESS", "in-progress" },
        { NEWSMARK_LAYER_DONE,        "NEWSMARK_LAYER_DONE",        "done" },
        { NEWSMARK_LAYER_BROKEN,      "NEWSMARK_LAYER_BROKEN",      "broken" },
        { 0, NULL, NULL },
      };
      GType t = g_enum_register_static (g_intern_static_string ("NewsmarkLayerState"), values);
      g_once_init_leave (&type_id, t);
    }
  return type_id;
}

const char *
newsmark_layer_state_to_string (NewsmarkLayerState state)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "unknown";
}

gboolean
newsmark_layer_state_from_string (const char         *str,
                                  NewsmarkLayerState *state)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (str, state_names[i]))
        {
          if (state != NULL)
            *state = (NewsmarkLayerState) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- The object ------------------------------------------------------------------- */

static void
newsmark_corpus_layer_finalize (GObject *object)
{
  NewsmarkCorpusLayer *self = NEWSMARK_CORPUS_LAYER (object);

  g_free (self->annotator);
  g_free (self->path);
  g_clear_pointer (&self->facts, _newsmark_facts_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_strfreev (self->labels);

  G_OBJECT_CLASS (newsmark_corpus_layer_parent_class)->finalize (object);
}

static void
newsmark_corpus_layer_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  NewsmarkCorpusLayer *self = NEWSMARK_CORPUS_LAYER (object);

  switch (prop_id)
    {
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_SPANS:
      g_value_set_uint (value, newsmark_corpus_layer_get_n_spans (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_corpus_layer_class_init (NewsmarkCorpusLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_corpus_layer_finalize;
  object_class->get_property = newsmark_corpus_layer_get_property;

  properties[PROP_ANNOTATOR] = g_param_spec_string ("annotator", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, NEWSMARK_TYPE_LAYER_STATE,
                                              NEWSMARK_LAYER_NEW,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SPANS] = g_param_spec_uint ("n-spans", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_corpus_layer_init (NewsmarkCorpusLayer *self)
{
}

NewsmarkCorpusLayer *
_newsmark_corpus_layer_new (const char    *annotator,
                            const char    *rel,
                            NewsmarkFacts *facts,
                            GPtrArray     *extra)
{
  NewsmarkCorpusLayer *self = g_object_new (NEWSMARK_TYPE_CORPUS_LAYER, NULL);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  self->annotator = g_strdup (annotator);
  self->path = g_strdup (rel);
  self->problems = newsmark_problems_new ();
  if (facts != NULL)
    {
      self->facts = _newsmark_facts_ref (facts);
      for (guint i = 0; i < facts->problems->len; i++)
        g_ptr_array_add (self->problems, newsmark_problem_copy (g_ptr_array_index (facts->problems, i)));
    }
  if (extra != NULL)
    g_ptr_array_extend_and_steal (self->problems, extra);
  self->n_errors = newsmark_problems_count_errors (self->problems);

  if (facts == NULL)
    self->state = NEWSMARK_LAYER_NEW;
  else if (!facts->readable || self->n_errors > 0)
    self->state = NEWSMARK_LAYER_BROKEN;
  else if (facts->done)
    self->state = NEWSMARK_LAYER_DONE;
  else
    self->state = NEWSMARK_LAYER_IN_PROGRESS;

  if (self->state != NEWSMARK_LAYER_NEW && self->state != NEWSMARK_LAYER_BROKEN)
    {
      for (guint i = 0; i < facts->labels->len; i++)
        g_strv_builder_add (labels, g_array_index (facts->labels, NewsmarkLabelCount, i).name);
    }
  self->labels = g_strv_builder_end (labels);
  return self;
}

NewsmarkFacts *
_newsmark_corpus_layer_get_facts (NewsmarkCorpusLayer *self)
{
  return self->facts;
}

/* ---- Reading ---------------------------------------------------------------------- */

static int
compare_label_counts (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (((const NewsmarkLabelCount *) a)->name, ((const NewsmarkLabelCount *) b)->name);
}

static void
summarise (NewsmarkFacts         *facts,
           NewsmarkAnnotationSet *set)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  NewsmarkSpan **spans;
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  facts->readable = TRUE;
  facts->done = newsmark_annotation_set_get_done (set);
  facts->document_path = g_strdup (newsmark_annotation_set_get_document_path (set));
  facts->sha256 = g_strdup (newsmark_document_get_sha256 (newsmark_annotation_set_get_document (set)));
  facts->n_unplaced = g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set));
  facts->n_relations = g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));

  spans = _newsmark_annotation_set_peek_spans (set, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *label;

      switch (newsmark_span_get_status (spans[i]))
        {
        case NEWSMARK_STATUS_ACCEPTED:
          facts->n_accepted++;
          label = newsmark_span_get_label (spans[i]);
          g_hash_table_insert (counts, (gpointer) label,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, label)) + 1));
          break;
        case NEWSMARK_STATUS_SUGGESTED:
          facts->n_suggested++;
          break;
        case NEWSMARK_STATUS_REJECTED:
          facts->n_rejected++;
          break;
        default:
          break;
        }
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NewsmarkLabelCount lc = { g_strdup (key), GPOINTER_TO_UINT (value) };

      g_array_append_val (facts->labels, lc);
    }
  g_array_sort (facts->labels, compare_label_counts);
}

/* Reads the bytes of the layer at @rel with the strict loader, its
 * document.path checked against the corpus folder @root. */
static NewsmarkAnnotationSet *
load_layer_data (const char  *contents,
                 gsize        len,
                 GFile       *root,
                 const char  *rel,
                 GPtrArray   *problems,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (root, rel);
  g_autoptr(GFile) folder = g_file_get_parent (file);

  return newsmark_annotation_set_load_data_in (contents, len, rel, folder, root, problems, error);
}

NewsmarkFacts *
_newsmark_corpus_read_layer_facts (const char *root,
                                   const char *rel,
                                   gboolean    follow)
{
  NewsmarkFacts *facts = _newsmark_facts_new (NEWSMARK_FACTS_LAYER);
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) root_file = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (!_newsmark_corpus_read_file (path, follow, &contents, &len, &facts->stamp, &error))
    {
      g_ptr_array_add (facts->problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0,
                                                              "%s", error->message));
      return facts;
    }

  root_file = g_file_new_for_path (root);
  set = load_layer_data (contents, len, root_file, rel, facts->problems, &error);
  if (set == NULL)
    {
      if (newsmark_problems_count_errors (facts->problems) == 0)
        g_ptr_array_add (facts->problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0,
                                                                "%s", error->message));
      return facts;
    }
  summarise (facts, set);
  return facts;
}

void
_newsmark_corpus_check_layer (const char    *real_root,
                              const char    *layer_rel,
                              const char    *article_rel,
                              const char    *document_path,
                              const char    *text_sha256,
                              NewsmarkFacts *article,
                              GPtrArray     *problems)
{
  /* The loader has kept the path inside the corpus folder (a path it
   * refuses leaves the layer broken, with no facts to check here): only
   * which article it names is left. */
  if (document_path != NULL)
    {
      g_autoptr(GFile) root = g_file_new_for_path (real_root);
      g_autoptr(GFile) layer = g_file_resolve_relative_path (root, layer_rel);
      g_autoptr(GFile) folder = g_file_get_parent (layer);
      g_autoptr(GFile) named = g_file_resolve_relative_path (folder, document_path);
      g_autofree char *named_rel = g_file_get_relative_path (root, named);

      if (named_rel != NULL && !g_str_equal (named_rel, article_rel))
        g_ptr_array_add (problems,
                         newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, layer_rel, "document.path", 0, 0,
                                               "names %s, but the file is kept as the layer of %s, "
                                               "which is what the corpus reads it as", named_rel, article_rel));
    }

  if (article != NULL && text_sha256 != NULL && article->sha256 != NULL && article->sha256[0] != '\0' &&
      strcmp (article->sha256, text_sha256) != 0)
    g_ptr_array_add (problems,
                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, layer_rel, "document.sha256", 0, 0,
                                           "the article %s has changed since this file was saved; the text "
                                           "embedded in the file is used (opening the file re-anchors its spans)",
                                           article_rel));
}

NewsmarkAnnotationSet *
_newsmark_corpus_load_layer_set (const char        *real_root,
                                 GFile             *root,
                                 const char        *layer_rel,
                                 const char        *article_rel,
                                 NewsmarkLoadFlags  flags,
                                 GPtrArray         *problems,
                                 GError           **error)
{
  g_autoptr(GPtrArray) own = newsmark_problems_new ();
  g_autofree char *path = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *article_contents = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(NewsmarkDocument) current = NULL;
  g_autoptr(NewsmarkFacts) article = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) article_file = NULL;
  NewsmarkFileStamp stamp;
  NewsmarkDocument *document;
  gsize len = 0, article_len = 0;
  gboolean ok = FALSE;

  if (!_newsmark_corpus_rel_path_is_safe (layer_rel) || !_newsmark_corpus_rel_path_is_safe (article_rel))
    {
      g_ptr_array_add (own, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, layer_rel, NULL, 0, 0,
                                                  "not a path inside the corpus"));
      goto out;
    }
  path = g_build_filename (real_root, layer_rel, NULL);
  article_path = g_build_filename (real_root, article_rel, NULL);
  if (!_newsmark_corpus_path_inside (real_root, path))
    {
      g_ptr_array_add (own, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, layer_rel, NULL, 0, 0,
                                                  "leads outside the corpus folder (through a symbolic link); "
                                                  "not read"));
      goto out;
    }
  if (!_newsmark_corpus_read_file (path, FALSE, &contents, &len, &stamp, &local_error))
    {
      g_ptr_array_add (own, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, layer_rel, NULL, 0, 0,
                                                  "%s", local_error->message));
      goto out;
    }

  /* The loader checks document.path against the corpus folder and reads
   * the bytes only: the article read below is the one the layer is kept
   * for. */
  set = load_layer_data (contents, len, root, layer_rel, own, NULL);
  if (set == NULL)
    goto out;

  if (_newsmark_corpus_path_inside (real_root, article_path) &&
      _newsmark_corpus_read_file (article_path, TRUE, &article_contents, &article_len, &stamp, NULL))
    {
      article = _newsmark_facts_new (NEWSMARK_FACTS_ARTICLE);
      article->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) article_contents,
                                                     article_len);
    }

  document = newsmark_annotation_set_get_document (set);
  if ((flags & NEWSMARK_LOAD_FOLLOW_ARTICLE) && article != NULL &&
      strcmp (article->sha256, newsmark_document_get_sha256 (document)) != 0)
    {
      current = newsmark_document_new_from_text (article_contents, (gssize) article_len, &local_error);
      if (current == NULL)
        g_ptr_array_add (own, newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, article_rel, NULL, 0, 0,
                                                    "cannot re-anchor the spans onto it: %s; the text embedded "
                                                    "in %s is used", local_error->message, layer_rel));
    }

  _newsmark_corpus_check_layer (real_root, layer_rel, article_rel, newsmark_annotation_set_get_document_path (set),
                                current != NULL ? NULL : newsmark_document_get_sha256 (document), article, own);
  if (newsmark_problems_count_errors (own) > 0)
    {
      g_clear_object (&set);
      goto out;
    }

  article_file = g_file_resolve_relative_path (root, article_rel);
  if (current != NULL)
    {
      guint n_lost;

      newsmark_document_set_file (current, article_file);
      n_lost = newsmark_annotation_set_reanchor (set, current, own);
      g_ptr_array_add (own, newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, layer_rel, "document.sha256", 0, 0,
                                                  "the article %s has changed since this file was saved; spans "
                                                  "were re-anchored onto the new text (%u could not be placed and "
                                                  "were moved to \"unplaced\")", article_rel, n_lost));
    }
  else if (article != NULL && strcmp (article->sha256, newsmark_document_get_sha256 (document)) == 0)
    newsmark_document_set_file (document, article_file);

  file = g_file_resolve_relative_path (root, layer_rel);
  newsmark_annotation_set_set_file (set, file);
  ok = TRUE;

out:
  if (!ok && error != NULL)
    {
      g_autofree char *summary = _newsmark_problems_summary (own, layer_rel);

      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, summary);
    }
  if (problems != NULL)
    g_ptr_array_extend_and_steal (problems, g_steal_pointer (&own));
  return ok ? g_steal_pointer (&set) : NULL;
}

/* ---- Accessors -------------------------------------------------------------------- */

const char *
newsmark_corpus_layer_get_annotator (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), NULL);
  return self->annotator;
}

const char *
newsmark_corpus_layer_get_path (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), NULL);
  return self->path;
}

NewsmarkLayerState
newsmark_corpus_layer_get_state (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), NEWSMARK_LAYER_NEW);
  return self->state;
}

static gboolean
counted (NewsmarkCorpusLayer *self)
{
  return self->facts != NULL && self->state != NEWSMARK_LAYER_BROKEN;
}

guint
newsmark_corpus_layer_get_n_spans (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  if (!counted (self))
    return 0;
  return self->facts->n_accepted + self->facts->n_suggested + self->facts->n_rejected;
}

guint
newsmark_corpus_layer_get_n_accepted (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return counted (self) ? self->facts->n_accepted : 0;
}

guint
newsmark_corpus_layer_get_n_suggested (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return counted (self) ? self->facts->n_suggested : 0;
}

guint
newsmark_corpus_layer_get_n_rejected (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return counted (self) ? self->facts->n_rejected : 0;
}

guint
newsmark_corpus_layer_get_n_unplaced (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return counted (self) ? self->facts->n_unplaced : 0;
}

guint
newsmark_corpus_layer_get_n_relations (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return counted (self) ? self->facts->n_relations : 0;
}

const char * const *
newsmark_corpus_layer_get_labels (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), NULL);
  return (const char * const *) self->labels;
}

guint
newsmark_corpus_layer_get_label_count (NewsmarkCorpusLayer *self,
                                       const char          *label)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  g_return_val_if_fail (label != NULL, 0);

  if (!counted (self))
    return 0;
  for (guint i = 0; i < self->facts->labels->len; i++)
    {
      const NewsmarkLabelCount *lc = &g_array_index (self->facts->labels, NewsmarkLabelCount, i);

      if (g_str_equal (lc->name, label))
        return lc->count;
    }
  return 0;
}

GPtrArray *
newsmark_corpus_layer_get_problems (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), NULL);
  return self->problems;
}

guint
newsmark_corpus_layer_get_n_errors (NewsmarkCorpusLayer *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_LAYER (self), 0);
  return self->n_errors;
}
