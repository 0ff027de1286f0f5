/* newsmark-corpus-article.h — one article of a corpus, an item of its model
 *
 * Immutable: when the article or one of its layers changes on disk, the
 * corpus replaces the item (items-changed), so a list row binds once.
 */
#pragma once

#include "newsmark-corpus-layer.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_CORPUS_ARTICLE (newsmark_corpus_article_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkCorpusArticle, newsmark_corpus_article, NEWSMARK, CORPUS_ARTICLE, GObject)

/* Properties (read-only): "path", "title", "length", "n-done", "curated",
 * "n-errors". */

/* Relative to the corpus folder, '/' separators: "politics/story.txt". */
const char          *newsmark_corpus_article_get_path      (NewsmarkCorpusArticle *self);
GFile               *newsmark_corpus_article_get_file      (NewsmarkCorpusArticle *self);
/* The first non-empty line, trimmed and cut at 120 characters; "" when
 * the article is empty or unreadable. */
const char          *newsmark_corpus_article_get_title     (NewsmarkCorpusArticle *self);
/* In code points; 0 when unreadable. */
guint                newsmark_corpus_article_get_length    (NewsmarkCorpusArticle *self);
/* Lower-case hex SHA-256 of the article file's bytes ("" when unreadable). */
const char          *newsmark_corpus_article_get_sha256    (NewsmarkCorpusArticle *self);

/* One layer per annotator in manifest order, then gold. */
guint                newsmark_corpus_article_get_n_layers  (NewsmarkCorpusArticle *self);
NewsmarkCorpusLayer *newsmark_corpus_article_get_layer     (NewsmarkCorpusArticle *self,
                                                            guint                  i);
/* The layer of @annotator (or NEWSMARK_CORPUS_GOLD); NULL when the corpus
 * has no such annotator. */
NewsmarkCorpusLayer *newsmark_corpus_article_find_layer    (NewsmarkCorpusArticle *self,
                                                            const char            *annotator);
/* Annotators' layers that are done (gold not counted). */
guint                newsmark_corpus_article_get_n_done    (NewsmarkCorpusArticle *self);
/* TRUE once the gold layer is done. */
gboolean             newsmark_corpus_article_get_curated   (NewsmarkCorpusArticle *self);

/* Problems of the article file itself (not valid UTF-8, unreadable);
 * borrowed, never NULL. Its layers' are on the layers. */
GPtrArray           *newsmark_corpus_article_get_problems  (NewsmarkCorpusArticle *self);
/* Errors in the article and all its layers. */
guint                newsmark_corpus_article_get_n_errors  (NewsmarkCorpusArticle *self);

G_END_DECLS
