/* newsmark-corpus-status.c — the corpus's state as JSON for pipelines
 *
 * The shape is part of the command line's contract (README, "corpus
 * status --json"): keys are only ever added.
 */
#include "config.h"

#include <json-c/json.h>

#include "newsmark-corpus-private.h"

static const char *
severity_name (NewsmarkSeverity severity)
{
  switch (severity)
    {
    case NEWSMARK_SEVERITY_ERROR:
      return "error";
    case NEWSMARK_SEVERITY_WARNING:
      return "warning";
    case NEWSMARK_SEVERITY_INFO:
    default:
      return "info";
    }
}

json_object *
_newsmark_problem_to_json (const NewsmarkProblem *problem)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "severity", json_object_new_string (severity_name (problem->severity)));
  if (problem->file != NULL)
    json_object_object_add (object, "file", json_object_new_string (problem->file));
  if (problem->json_path != NULL)
    json_object_object_add (object, "path", json_object_new_string (problem->json_path));
  if (problem->line > 0)
    json_object_object_add (object, "line", json_object_new_int (problem->line));
  if (problem->column > 0)
    json_object_object_add (object, "column", json_object_new_int (problem->column));
  json_object_object_add (object, "message", json_object_new_string (problem->message != NULL ? problem->message : ""));
  return object;
}

static void
add_problems (json_object *array,
              GPtrArray   *problems)
{
  for (guint i = 0; i < problems->len; i++)
    json_object_array_add (array, _newsmark_problem_to_json (g_ptr_array_index (problems, i)));
}

static json_object *
layer_to_json (NewsmarkCorpusLayer *layer)
{
  json_object *object = json_object_new_object ();
  NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
  const char * const *labels;

  json_object_object_add (object, "state", json_object_new_string (newsmark_layer_state_to_string (state)));
  json_object_object_add (object, "file", json_object_new_string (newsmark_corpus_layer_get_path (layer)));
  if (state != NEWSMARK_LAYER_IN_PROGRESS && state != NEWSMARK_LAYER_DONE)
    return object;

  json_object_object_add (object, "spans", json_object_new_int64 (newsmark_corpus_layer_get_n_accepted (layer)));
  json_object_object_add (object, "suggested", json_object_new_int64 (newsmark_corpus_layer_get_n_suggested (layer)));
  json_object_object_add (object, "rejected", json_object_new_int64 (newsmark_corpus_layer_get_n_rejected (layer)));
  json_object_object_add (object, "unplaced", json_object_new_int64 (newsmark_corpus_layer_get_n_unplaced (layer)));
  json_object_object_add (object, "relations", json_object_new_int64 (newsmark_corpus_layer_get_n_relations (layer)));
  {
    json_object *counts = json_object_new_object ();

    labels = newsmark_corpus_layer_get_labels (layer);
    for (guint i = 0; labels[i] != NULL; i++)
      json_object_object_add (counts, labels[i],
                              json_object_new_int64 (newsmark_corpus_layer_get_label_count (layer, labels[i])));
    json_object_object_add (object, "labels", counts);
  }
  return object;
}

typedef struct {
  guint   by_state[NEWSMARK_LAYER_BROKEN + 1];
  guint64 spans;
} LayerTotals;

char *
newsmark_corpus_status_to_json (NewsmarkCorpus *self)
{
  NewsmarkCorpusManifest *manifest;
  g_autofree LayerTotals *totals = NULL;
  json_object *root, *corpus, *articles, *problems, *sums, *layer_sums, *annotators;
  const char * const *names;
  guint n_names, n_articles, n_curated = 0, n_complete = 0, n_with_errors = 0, per_article;
  g_autofree char *folder = NULL;
  char *text;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);

  manifest = newsmark_corpus_get_manifest (self);
  g_return_val_if_fail (manifest != NULL, NULL);

  names = newsmark_corpus_manifest_get_annotators (manifest);
  n_names = g_strv_length ((char **) names);
  per_article = newsmark_corpus_manifest_get_per_article (manifest);
  totals = g_new0 (LayerTotals, n_names + 1);

  root = json_object_new_object ();
  corpus = json_object_new_object ();
  folder = g_file_get_parse_name (newsmark_corpus_get_folder (self));
  json_object_object_add (corpus, "folder", json_object_new_string (folder));
  json_object_object_add (corpus, "name", json_object_new_string (newsmark_corpus_manifest_get_name (manifest)));
  json_object_object_add (corpus, "manifest", json_object_new_boolean (!newsmark_corpus_manifest_is_implicit (manifest)));
  json_object_object_add (corpus, "schema",
                          json_object_new_string (newsmark_schema_get_name (newsmark_corpus_manifest_get_schema (manifest))));
  annotators = json_object_new_array ();
  for (guint i = 0; i < n_names; i++)
    json_object_array_add (annotators, json_object_new_string (names[i]));
  json_object_object_add (corpus, "annotators", annotators);
  json_object_object_add (corpus, "per_article", json_object_new_int64 (per_article));
  json_object_object_add (corpus, "beside", newsmark_corpus_manifest_get_beside (manifest) != NULL
                                            ? json_object_new_string (newsmark_corpus_manifest_get_beside (manifest))
                                            : NULL);
  json_object_object_add (root, "corpus", corpus);

  problems = json_object_new_array ();
  add_problems (problems, newsmark_corpus_get_problems (self));

  articles = json_object_new_array ();
  n_articles = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint a = 0; a < n_articles; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (self), a);
      json_object *item = json_object_new_object ();
      json_object *layers = json_object_new_object ();
      guint n_layers = newsmark_corpus_article_get_n_layers (article);

      json_object_object_add (item, "path", json_object_new_string (newsmark_corpus_article_get_path (article)));
      json_object_object_add (item, "title", json_object_new_string (newsmark_corpus_article_get_title (article)));
      json_object_object_add (item, "length", json_object_new_int64 (newsmark_corpus_article_get_length (article)));
      json_object_object_add (item, "done", json_object_new_int64 (newsmark_corpus_article_get_n_done (article)));
      json_object_object_add (item, "curated", json_object_new_boolean (newsmark_corpus_article_get_curated (article)));
      json_object_object_add (item, "errors", json_object_new_int64 (newsmark_corpus_article_get_n_errors (article)));
      add_problems (problems, newsmark_corpus_article_get_problems (article));

      for (guint i = 0; i < n_layers; i++)
        {
          NewsmarkCorpusLayer *layer = newsmark_corpus_article_get_layer (article, i);

          json_object_object_add (layers, newsmark_corpus_layer_get_annotator (layer), layer_to_json (layer));
          add_problems (problems, newsmark_corpus_layer_get_problems (layer));
          if (i <= n_names)
            {
              totals[i].by_state[newsmark_corpus_layer_get_state (layer)]++;
              totals[i].spans += newsmark_corpus_layer_get_n_accepted (layer);
            }
        }
      json_object_object_add (item, "layers", layers);
      json_object_array_add (articles, item);

      if (newsmark_corpus_article_get_curated (article))
        n_curated++;
      if (newsmark_corpus_article_get_n_done (article) >= per_article)
        n_complete++;
      if (newsmark_corpus_article_get_n_errors (article) > 0)
        n_with_errors++;
    }
  json_object_object_add (root, "articles", articles);

  sums = json_object_new_object ();
  json_object_object_add (sums, "articles", json_object_new_int64 (n_articles));
  json_object_object_add (sums, "complete", json_object_new_int64 (n_complete));
  json_object_object_add (sums, "curated", json_object_new_int64 (n_curated));
  json_object_object_add (sums, "with_errors", json_object_new_int64 (n_with_errors));
  json_object_object_add (sums, "errors", json_object_new_int64 (newsmark_corpus_get_n_errors (self)));
  layer_sums = json_object_new_object ();
  for (guint i = 0; i <= n_names; i++)
    {
      json_object *one = json_object_new_object ();

      for (guint s = 0; s <= NEWSMARK_LAYER_BROKEN; s++)
        json_object_object_add (one, newsmark_layer_state_to_string ((NewsmarkLayerState) s),
                                json_object_new_int64 (totals[i].by_state[s]));
      json_object_object_add (one, "spans", json_object_new_int64 ((gint64) totals[i].spans));
      json_object_object_add (layer_sums, i < n_names ? names[i] : NEWSMARK_CORPUS_GOLD, one);
    }
  json_object_object_add (sums, "layers", layer_sums);
  json_object_object_add (root, "totals", sums);
  json_object_object_add (root, "problems", problems);

  text = g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (root);
  return text;
}
