/* newsmark-corpus-export.h — one layer of every article, to another tool's format
 *
 * Writes into a new (or empty) folder: for JSONL, Label Studio and CoNLL
 * one file per part of the split (train.jsonl, dev.jsonl …, or all.jsonl
 * without a split); for brat, WebAnno TSV and Newsmark one folder per part
 * mirroring the corpus's folders (Newsmark: each article's text beside its
 * file, so that a part opens as a corpus itself). newsmark-export.json
 * records which article went where, and every article left out and why.
 */
#pragma once

#include "newsmark-corpus.h"
#include "newsmark-corpus-split.h"
#include "newsmark-formats.h"

G_BEGIN_DECLS

#define NEWSMARK_CORPUS_EXPORT_MANIFEST "newsmark-export.json"

typedef struct {
  NewsmarkFormat         format;
  /* An annotator, or NEWSMARK_CORPUS_GOLD. */
  const char            *layer;
  /* Only layers marked done; others are left out (and listed). */
  gboolean               done_only;
  /* NULL: everything in one part, "all". */
  NewsmarkSplit         *split;
  guint64                seed;
  NewsmarkExportOptions  format_options;
} NewsmarkCorpusExportOptions;

typedef struct {
  guint n_exported;
  guint n_skipped;
  /* Of those skipped, the ones whose layer has errors. */
  guint n_broken;
} NewsmarkCorpusExportResult;

/* Exports to the folder @output, which must not exist or be empty, and must
 * lie outside the corpus. Everything left out is reported in @problems
 * (a warning per article, naming why) and in the manifest. Fails only when
 * nothing sensible can be written (bad options, the output folder, a write
 * error, cancellation). */
gboolean newsmark_corpus_export (NewsmarkCorpus                    *corpus,
                                 const NewsmarkCorpusExportOptions *options,
                                 GFile                             *output,
                                 NewsmarkCorpusExportResult        *result,
                                 GPtrArray                         *problems,
                                 GCancellable                      *cancellable,
                                 NewsmarkCorpusProgressFunc         progress,
                                 gpointer                           progress_data,
                                 GError                           **error);

G_END_DECLS
