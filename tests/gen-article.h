/* gen-article.h — deterministic large article + annotations for the benchmark */
#pragma once

#include <newsmark/newsmark.h>

G_BEGIN_DECLS

#define GEN_ARTICLE_SEED        20261126
#define GEN_ARTICLE_BYTES       (2 * 1024 * 1024)
#define GEN_ARTICLE_N_SPANS     100000
#define GEN_ARTICLE_N_RELATIONS 20000

/* Writes FOLDER/bench-article.txt and FOLDER/bench-article.newsmark.json
 * (through the core's save) for @seed: ~2 MB of mixed-script text with
 * CRLF line ends, GEN_ARTICLE_N_SPANS spans (nested, overlapping, some
 * discontinuous, some with attributes, notes, model origins) and
 * GEN_ARTICLE_N_RELATIONS relations. Same seed, same bytes. Returns the
 * annotation file's path. */
char *gen_article_write (const char  *folder,
                         guint32      seed,
                         GError     **error);

G_END_DECLS
