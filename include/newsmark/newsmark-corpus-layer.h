/* newsmark-corpus-layer.h — one annotator's annotation file of one article
 *
 * What the corpus knows about a layer without keeping the file loaded: its
 * state, its span counts per status and per label, and every problem the
 * strict loader and the corpus found in it. Layers are immutable: a
 * change on disk gives the article a new layer object.
 */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

typedef enum {
  NEWSMARK_LAYER_NEW,          /* no file yet */
  NEWSMARK_LAYER_IN_PROGRESS,  /* the file exists */
  NEWSMARK_LAYER_DONE,         /* the file says "state": "done" */
  NEWSMARK_LAYER_BROKEN,       /* the file exists but has errors (see problems) */
} NewsmarkLayerState;

#define NEWSMARK_TYPE_LAYER_STATE (newsmark_layer_state_get_type ())
GType       newsmark_layer_state_get_type    (void) G_GNUC_CONST;
/* "new", "in-progress", "done", "broken" */
const char *newsmark_layer_state_to_string   (NewsmarkLayerState  state);
gboolean    newsmark_layer_state_from_string (const char         *str,
                                              NewsmarkLayerState *state);

#define NEWSMARK_TYPE_CORPUS_LAYER (newsmark_corpus_layer_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkCorpusLayer, newsmark_corpus_layer, NEWSMARK, CORPUS_LAYER, GObject)

/* Properties (read-only): "annotator", "path", "state", "n-spans". */

/* The annotator, or NEWSMARK_CORPUS_GOLD for the curated layer. */
const char         *newsmark_corpus_layer_get_annotator   (NewsmarkCorpusLayer *self);
/* The file, relative to the corpus folder with '/' separators
 * ("annotations/amara/politics/story.newsmark.json"), whether or not it
 * exists. */
const char         *newsmark_corpus_layer_get_path        (NewsmarkCorpusLayer *self);
NewsmarkLayerState  newsmark_corpus_layer_get_state       (NewsmarkCorpusLayer *self);
/* Placed spans by status; 0 for a new or broken layer. */
guint               newsmark_corpus_layer_get_n_spans     (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_accepted  (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_suggested (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_rejected  (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_unplaced  (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_relations (NewsmarkCorpusLayer *self);
/* Labels of the accepted spans, sorted, NULL-terminated; borrowed. */
const char * const *newsmark_corpus_layer_get_labels      (NewsmarkCorpusLayer *self);
/* Accepted spans with @label. */
guint               newsmark_corpus_layer_get_label_count (NewsmarkCorpusLayer *self,
                                                           const char          *label);
/* Errors and warnings (NewsmarkProblem*, files named relative to the
 * corpus folder); borrowed, never NULL. */
GPtrArray          *newsmark_corpus_layer_get_problems    (NewsmarkCorpusLayer *self);
guint               newsmark_corpus_layer_get_n_errors    (NewsmarkCorpusLayer *self);

G_END_DECLS
