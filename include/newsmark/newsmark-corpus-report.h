/* newsmark-corpus-report.h — one page on a whole corpus, for editors
 *
 * A self-contained HTML page (inline CSS and SVG charts; no script, nothing
 * fetched): articles by state per annotator, the label distribution per
 * annotator, spans per article, layers marked done over time (from the
 * files' logs), with two annotators or more the pairwise agreement
 * (token κ and exact span F1 over articles both marked done, from
 * newsmark-agreement), every article with links to its layers' own reports
 * (newsmark_report_to_html), and every problem.
 */
#pragma once

#include "newsmark-corpus.h"

G_BEGIN_DECLS

typedef struct {
  /* NULL: "Corpus NAME". */
  const char *title;
} NewsmarkCorpusReportOptions;

/* Writes @output and, in the folder beside it named after it without its
 * extension plus "-articles" (report.html → report-articles/), one page
 * per existing layer: ARTICLE-PATH-WITHOUT-.txt/LAYER.html. Layers that
 * cannot be read are listed in the page and in @problems. */
gboolean newsmark_corpus_report_write (NewsmarkCorpus                    *corpus,
                                       const NewsmarkCorpusReportOptions *options,
                                       GFile                             *output,
                                       GPtrArray                         *problems,
                                       GCancellable                      *cancellable,
                                       NewsmarkCorpusProgressFunc         progress,
                                       gpointer                           progress_data,
                                       GError                           **error);

G_END_DECLS
