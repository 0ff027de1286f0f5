/* newsmark-corpus.h — a folder of articles with their annotators' layers
 *
 * Layout (see the README): articles are the *.txt files at any depth
 * (hidden folders and annotations/ excluded); annotator A's layer of
 * politics/story.txt is annotations/A/politics/story.newsmark.json, the
 * curated one annotations/gold/politics/story.newsmark.json; the manifest
 * newsmark-corpus.json names the schema and annotators. A folder without a
 * manifest reads as a corpus whose one annotator,
 * NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR, keeps story.newsmark.json beside
 * story.txt.
 *
 * NewsmarkCorpus is a GListModel of NewsmarkCorpusArticle sorted by path.
 * Loading reads every article and layer once (each layer with the strict
 * loader, so a broken file is reported with its JSON paths while the rest
 * of the corpus stays usable) and keeps what it learnt in an index in the
 * user's cache folder: the next load re-reads only files whose size or
 * modification time (nanoseconds) changed. Loading again is a refresh: the
 * items that changed are replaced (items-changed) and "refreshed" is
 * emitted. With watching on, changes made by other programs (a colleague
 * on a shared drive) are noticed through file monitors, and optionally by
 * polling, and refreshed the same way.
 */
#pragma once

#include "newsmark-corpus-manifest.h"
#include "newsmark-corpus-article.h"
#include "newsmark-annotation-set.h"
#include "newsmark-io.h"

G_BEGIN_DECLS

typedef enum {
  NEWSMARK_CORPUS_DEFAULT  = 0,
  /* Neither read nor write the index in the user's cache folder: every
   * file is read on every load. */
  NEWSMARK_CORPUS_NO_INDEX = 1 << 0,
} NewsmarkCorpusFlags;

/* Called on the thread that called newsmark_corpus_load (at most about
 * twenty times a second): files read so far out of those to read. */
typedef void (*NewsmarkCorpusProgressFunc) (guint    done,
                                            guint    total,
                                            gpointer user_data);

#define NEWSMARK_TYPE_CORPUS (newsmark_corpus_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkCorpus, newsmark_corpus, NEWSMARK, CORPUS, GObject)

/* Properties: "folder" (GFile, construct-only), "manifest", "schema",
 * "loading" (boolean), "progress" (double, 0–1, while loading),
 * "watching" (boolean), "poll-interval" (seconds, 0 = no polling),
 * "n-errors" (errors in the whole corpus).
 * Signals: "refreshed" (guint n_changed): after every load, with the
 * number of articles added, removed or replaced. */

/* An empty model for @folder; newsmark_corpus_load* fills it. */
NewsmarkCorpus         *newsmark_corpus_new         (GFile                      *folder,
                                                     NewsmarkCorpusFlags         flags);
/* Reads (or re-reads what changed). Fails only when the corpus cannot be
 * used at all: the folder is missing, the manifest is broken (its problems
 * are in newsmark_corpus_get_problems), or @cancellable was cancelled; a
 * later refresh that finds the manifest broken keeps the previous one and
 * reports the problems. Broken articles and layers are not failures. */
gboolean                newsmark_corpus_load        (NewsmarkCorpus             *self,
                                                     GCancellable               *cancellable,
                                                     NewsmarkCorpusProgressFunc  progress,
                                                     gpointer                    progress_data,
                                                     GError                    **error);
/* The same in a worker thread; "loading" and "progress" follow it. Only
 * one load runs at a time (G_IO_ERROR_PENDING otherwise). */
void                    newsmark_corpus_load_async  (NewsmarkCorpus             *self,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean                newsmark_corpus_load_finish (NewsmarkCorpus             *self,
                                                     GAsyncResult               *result,
                                                     GError                    **error);
/* Refreshes soon, in the background (several requests make one refresh;
 * a request during a load makes one more afterwards). */
void                    newsmark_corpus_queue_refresh (NewsmarkCorpus           *self);

/* Watches the folders for changes made by other programs. */
void                    newsmark_corpus_set_watching  (NewsmarkCorpus           *self,
                                                       gboolean                  watching);
gboolean                newsmark_corpus_get_watching  (NewsmarkCorpus           *self);
/* While watching, also refresh every @seconds (0: never): file monitors
 * miss changes made from other machines on some network drives. */
void                    newsmark_corpus_set_poll_interval (NewsmarkCorpus       *self,
                                                           guint                 seconds);
guint                   newsmark_corpus_get_poll_interval (NewsmarkCorpus       *self);

GFile                  *newsmark_corpus_get_folder    (NewsmarkCorpus           *self);
/* NULL before the first successful load. */
NewsmarkCorpusManifest *newsmark_corpus_get_manifest  (NewsmarkCorpus           *self);
NewsmarkSchema         *newsmark_corpus_get_schema    (NewsmarkCorpus           *self);
/* The manifest's annotators (gold not included); empty before loading. */
const char * const     *newsmark_corpus_get_annotators (NewsmarkCorpus          *self);
gboolean                newsmark_corpus_get_loading   (NewsmarkCorpus           *self);
double                  newsmark_corpus_get_progress  (NewsmarkCorpus           *self);

/* Problems of the corpus as a whole (borrowed, never NULL): the manifest's,
 * folders that could not be read, layers without an article, folders of
 * unknown annotators, symbolic links not followed. */
GPtrArray              *newsmark_corpus_get_problems  (NewsmarkCorpus           *self);
/* Errors in the corpus's problems and in every article and layer. */
guint                   newsmark_corpus_get_n_errors  (NewsmarkCorpus           *self);

/* The article at @path ("politics/story.txt"), or NULL. O(log n). */
NewsmarkCorpusArticle  *newsmark_corpus_find_article  (NewsmarkCorpus           *self,
                                                       const char               *path);
/* Where the layer of @annotator (an annotator or NEWSMARK_CORPUS_GOLD) of
 * @article is kept, whether or not it exists. */
GFile                  *newsmark_corpus_get_layer_file (NewsmarkCorpus          *self,
                                                        NewsmarkCorpusArticle   *article,
                                                        const char              *annotator);
/* Loads a layer for editing or export: strict, as newsmark_annotation_set_load,
 * with the corpus's own checks (the file and document.path stay inside the
 * corpus and name this article). The set's "file" is the layer's file. With
 * NEWSMARK_LOAD_FOLLOW_ARTICLE, spans are re-anchored when the article has
 * changed. Problems go to @problems (files named relative to the corpus). */
NewsmarkAnnotationSet  *newsmark_corpus_load_layer    (NewsmarkCorpus           *self,
                                                       NewsmarkCorpusArticle    *article,
                                                       const char               *annotator,
                                                       NewsmarkLoadFlags         flags,
                                                       GPtrArray                *problems,
                                                       GError                  **error);
/* Starts @annotator's layer of @article: an empty annotation file with the
 * corpus's schema, document.path leading to the article, saved in place.
 * Refuses to replace an existing file. The set's annotator is @annotator. */
NewsmarkAnnotationSet  *newsmark_corpus_create_layer  (NewsmarkCorpus           *self,
                                                       NewsmarkCorpusArticle    *article,
                                                       const char               *annotator,
                                                       GError                  **error);

/* The corpus's state as pretty JSON (the shape `newsmark-cli corpus status
 * --json` prints, described in the README): the corpus, every article with
 * its layers' states and counts, totals per annotator, every problem. */
char                   *newsmark_corpus_status_to_json (NewsmarkCorpus          *self);

/* The cache file of the index of the corpus in @folder (whether or not it
 * exists): in g_get_user_cache_dir()/newsmark/corpus-index/, named after
 * the folder's canonical path. */
GFile                  *newsmark_corpus_get_index_file (GFile                   *folder);

G_END_DECLS
