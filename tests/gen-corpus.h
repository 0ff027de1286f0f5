/* gen-corpus.h — a deterministic corpus of generated news articles */
#pragma once

#include <newsmark/newsmark.h>

G_BEGIN_DECLS

#define GEN_CORPUS_SEED 20261207

/* Writes a corpus into @folder (created if needed): newsmark-corpus.json
 * with annotators "a" and "b", @n_articles articles of about 5 KB in 100
 * section folders (section-NN/story-NNNNN.txt), and for each article
 * annotator a's layer and b's (about 30 spans each, b disagreeing with a
 * here and there), about half of them marked done, and a done gold layer
 * for one article in ten. Same seed and count, same bytes. The layers are
 * written without fsync (it is a benchmark's scratch folder). */
gboolean gen_corpus_write (const char  *folder,
                           guint        n_articles,
                           guint32      seed,
                           GError     **error);

G_END_DECLS
