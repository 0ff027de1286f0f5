/* newsmark-corpus-split.h — train/dev/test splits by article
 *
 * An article is never split: its part follows from the SHA-256 of the
 * seed, its path in the corpus and its text, so the same seed always puts
 * it in the same part, and articles added later leave everybody else where
 * they were (no list is shuffled). Editing an article's text may move it.
 */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

typedef struct _NewsmarkSplit NewsmarkSplit;

#define NEWSMARK_TYPE_SPLIT (newsmark_split_get_type ())
GType          newsmark_split_get_type     (void) G_GNUC_CONST;

/* "train=0.8,dev=0.1,test=0.1": parts named with ASCII letters, digits,
 * '_' or '-', each once, fractions above 0 adding up to 1. */
NewsmarkSplit *newsmark_split_new_parse    (const char    *spec,
                                            GError       **error);
NewsmarkSplit *newsmark_split_ref          (NewsmarkSplit *self);
void           newsmark_split_unref        (NewsmarkSplit *self);

guint          newsmark_split_get_n_parts  (NewsmarkSplit *self);
const char    *newsmark_split_get_name     (NewsmarkSplit *self,
                                            guint          part);
double         newsmark_split_get_fraction (NewsmarkSplit *self,
                                            guint          part);
/* The part of the article at @path (relative to the corpus, '/'
 * separators) whose file holds @text (@len bytes). */
guint          newsmark_split_assign       (NewsmarkSplit *self,
                                            guint64        seed,
                                            const char    *path,
                                            const char    *text,
                                            gsize          len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkSplit, newsmark_split_unref)

G_END_DECLS
