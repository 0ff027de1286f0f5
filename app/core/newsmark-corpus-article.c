/* newsmark-corpus-article.c — one article of a corpus and what its file says */
#include "config.h"

#include <string.h>

#include "newsmark/newsmark-document.h"
#include "newsmark-anchor-private.h"
#include "newsmark-corpus-private.h"

#define TITLE_MAX_CHARS 120

struct _NewsmarkCorpusArticle
{
  GObject        parent_instance;

  char          *path;
  GFile         *file;
  NewsmarkFacts *facts;
  GPtrArray     *layers;
  guint          n_done;
  gboolean       curated;
  guint          n_errors;
};

G_DEFINE_FINAL_TYPE (NewsmarkCorpusArticle, newsmark_corpus_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_LENGTH,
  PROP_N_DONE,
  PROP_CURATED,
  PROP_N_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
newsmark_corpus_article_finalize (GObject *object)
{
  NewsmarkCorpusArticle *self = NEWSMARK_CORPUS_ARTICLE (object);

  g_free (self->path);
  g_clear_object (&self->file);
  g_clear_pointer (&self->facts, _newsmark_facts_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (newsmark_corpus_article_parent_class)->finalize (object);
}

static void
newsmark_corpus_article_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  NewsmarkCorpusArticle *self = NEWSMARK_CORPUS_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TITLE:
      g_value_set_string (value, newsmark_corpus_article_get_title (self));
      break;
    case PROP_LENGTH:
      g_value_set_uint (value, self->facts->length);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;
    case PROP_CURATED:
      g_value_set_boolean (value, self->curated);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_corpus_article_class_init (NewsmarkCorpusArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_corpus_article_finalize;
  object_class->get_property = newsmark_corpus_article_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURATED] = g_param_spec_boolean ("curated", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] = g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_corpus_article_init (NewsmarkCorpusArticle *self)
{
}

NewsmarkCorpusArticle *
_newsmark_corpus_article_new (GFile         *root,
                              const char    *rel,
                              NewsmarkFacts *facts,
                              GPtrArray     *layers)
{
  NewsmarkCorpusArticle *self = g_object_new (NEWSMARK_TYPE_CORPUS_ARTICLE, NULL);

  self->path = g_strdup (rel);
  self->file = g_file_resolve_relative_path (root, rel);
  self->facts = _newsmark_facts_ref (facts);
  self->layers = layers;
  self->n_errors = newsmark_problems_count_errors (facts->problems);
  for (guint i = 0; i < layers->len; i++)
    {
      NewsmarkCorpusLayer *layer = g_ptr_array_index (layers, i);
      NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
      gboolean gold = g_str_equal (newsmark_corpus_layer_get_annotator (layer), NEWSMARK_CORPUS_GOLD);

      if (state == NEWSMARK_LAYER_DONE && gold)
        self->curated = TRUE;
      else if (state == NEWSMARK_LAYER_DONE)
        self->n_done++;
      self->n_errors += newsmark_corpus_layer_get_n_errors (layer);
    }
  return self;
}

NewsmarkFacts *
_newsmark_corpus_article_get_facts (NewsmarkCorpusArticle *self)
{
  return self->facts;
}

/* ---- Reading the article file ------------------------------------------------------ */

static char *
title_of (const char *text)
{
  const char *p = text;

  /* The first line with anything but white space on it. */
  while (*p != '\0')
    {
      const char *end = p + strcspn (p, "\r\n");
      g_autofree char *line = g_strndup (p, (gsize) (end - p));

      g_strstrip (line);
      if (line[0] != '\0')
        {
          GString *title;

          if ((guint) g_utf8_strlen (line, -1) <= TITLE_MAX_CHARS)
            return g_steal_pointer (&line);
          title = g_string_new_len (line, g_utf8_offset_to_pointer (line, TITLE_MAX_CHARS - 1) - line);
          g_string_append (title, "…");
          return g_string_free (title, FALSE);
        }
      p = end + strspn (end, "\r\n");
    }
  return g_strdup ("");
}

NewsmarkFacts *
_newsmark_corpus_read_article_facts (const char *root,
                                     const char *rel,
                                     gboolean    follow)
{
  NewsmarkFacts *facts = _newsmark_facts_new (NEWSMARK_FACTS_ARTICLE);
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  facts->title = g_strdup ("");
  facts->sha256 = g_strdup ("");
  if (!_newsmark_corpus_read_file (path, follow, &contents, &len, &facts->stamp, &error))
    {
      g_ptr_array_add (facts->problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0,
                                                              "%s", error->message));
      return facts;
    }

  g_free (facts->sha256);
  facts->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      /* The document says precisely what is wrong, and where. */
      document = newsmark_document_new_from_text (contents, (gssize) len, &error);
      g_ptr_array_add (facts->problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0, "%s",
                                                              error != NULL ? error->message : "not valid UTF-8"));
      return facts;
    }
  facts->length = (guint) g_utf8_strlen (contents, (gssize) len);
  facts->has_dropped = _newsmark_anchor_has_dropped (contents, len);
  g_free (facts->title);
  facts->title = title_of (contents);
  return facts;
}

/* ---- Accessors -------------------------------------------------------------------- */

const char *
newsmark_corpus_article_get_path (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  return self->path;
}

GFile *
newsmark_corpus_article_get_file (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  return self->file;
}

const char *
newsmark_corpus_article_get_title (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  return self->facts->title != NULL ? self->facts->title : "";
}

guint
newsmark_corpus_article_get_length (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), 0);
  return self->facts->length;
}

const char *
newsmark_corpus_article_get_sha256 (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  return self->facts->sha256 != NULL ? self->facts->sha256 : "";
}

guint
newsmark_corpus_article_get_n_layers (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), 0);
  return self->layers->len;
}

NewsmarkCorpusLayer *
newsmark_corpus_article_get_layer (NewsmarkCorpusArticle *self,
                                   guint                  i)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  g_return_val_if_fail (i < self->layers->len, NULL);
  return g_ptr_array_index (self->layers, i);
}

NewsmarkCorpusLayer *
newsmark_corpus_article_find_layer (NewsmarkCorpusArticle *self,
                                    const char            *annotator)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  g_return_val_if_fail (annotator != NULL, NULL);

  for (guint i = 0; i < self->layers->len; i++)
    {
      NewsmarkCorpusLayer *layer = g_ptr_array_index (self->layers, i);

      if (g_str_equal (newsmark_corpus_layer_get_annotator (layer), annotator))
        return layer;
    }
  return NULL;
}

guint
newsmark_corpus_article_get_n_done (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), 0);
  return self->n_done;
}

gboolean
newsmark_corpus_article_get_curated (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), FALSE);
  return self->curated;
}

GPtrArray *
newsmark_corpus_article_get_problems (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), NULL);
  return self->facts->problems;
}

guint
newsmark_corpus_article_get_n_errors (NewsmarkCorpusArticle *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (self), 0);
  return self->n_errors;
}
