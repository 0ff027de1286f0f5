/* newsmark-corpus-search.h — finding text in every article of a corpus
 *
 * The query and the articles are compared the way a model's strings are
 * anchored (newsmark_anchor_normalise): curly and straight quotes, every
 * dash, and runs of white space (NBSP, tabs, line breaks) count as equal;
 * letters and case count exactly. Hits carry exact code point offsets into
 * the article file as it is on disk.
 */
#pragma once

#include "newsmark-corpus.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_CORPUS_HIT (newsmark_corpus_hit_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkCorpusHit, newsmark_corpus_hit, NEWSMARK, CORPUS_HIT, GObject)

NewsmarkCorpusArticle *newsmark_corpus_hit_get_article   (NewsmarkCorpusHit *self);
/* [start, end) in code points of the article. */
guint                  newsmark_corpus_hit_get_start     (NewsmarkCorpusHit *self);
guint                  newsmark_corpus_hit_get_end       (NewsmarkCorpusHit *self);
/* 1-based: the line (as the article view counts them: LF, CR LF, CR and
 * U+2029 end one) and the paragraph, i.e. the n-th line that is not
 * blank. */
guint                  newsmark_corpus_hit_get_line      (NewsmarkCorpusHit *self);
guint                  newsmark_corpus_hit_get_paragraph (NewsmarkCorpusHit *self);
/* The match as it is in the article, and up to 40 characters of its line
 * on each side (tabs shown as spaces). */
const char            *newsmark_corpus_hit_get_match     (NewsmarkCorpusHit *self);
const char            *newsmark_corpus_hit_get_before    (NewsmarkCorpusHit *self);
const char            *newsmark_corpus_hit_get_after     (NewsmarkCorpusHit *self);

/* Every occurrence of @query in the articles of @corpus (as loaded; the
 * files are read as they are now), in article order then position:
 * a GListModel of NewsmarkCorpusHit. At most @max_hits are kept (0: all);
 * *@n_found (may be NULL) receives how many there are. Fails on an empty
 * query (after normalising) or when cancelled; articles that cannot be
 * read are skipped, and listed in @problems (may be NULL). */
GListModel *newsmark_corpus_search        (NewsmarkCorpus              *corpus,
                                           const char                  *query,
                                           guint                        max_hits,
                                           guint                       *n_found,
                                           GPtrArray                   *problems,
                                           GCancellable                *cancellable,
                                           NewsmarkCorpusProgressFunc   progress,
                                           gpointer                     progress_data,
                                           GError                     **error);
/* The same in a worker thread. */
void        newsmark_corpus_search_async  (NewsmarkCorpus              *corpus,
                                           const char                  *query,
                                           guint                        max_hits,
                                           GCancellable                *cancellable,
                                           GAsyncReadyCallback          callback,
                                           gpointer                     user_data);
GListModel *newsmark_corpus_search_finish (NewsmarkCorpus              *corpus,
                                           GAsyncResult                *result,
                                           guint                       *n_found,
                                           GError                     **error);

G_END_DECLS
