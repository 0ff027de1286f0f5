/* newsmark-places.h — where a range lies in an article, told so a reader finds it
 *
 * Paragraphs are the document's (newsmark_document_get_paragraph()): the
 * lines the article view shows that hold more than white space, numbered
 * from 1, counted once per article. A place is such a paragraph number
 * and the few words around a range inside its paragraph, enough to tell
 * eighteen "Lavrov" apart.
 */
#pragma once

#include "newsmark-document.h"

G_BEGIN_DECLS

/* The number of the document's paragraph holding @offset; for an offset
 * on a blank line, of the paragraph before it (1 before the first). 0
 * only for an article of nothing but white space. O(log n). */
guint        newsmark_paragraph_at        (NewsmarkDocument *document,
                                           guint             offset);

typedef struct {
  guint  paragraph;  /* newsmark_paragraph_at (start) */
  char  *before;     /* up to n words before the range, in its paragraph ("" at its start),
                      * ending in a space when white space parts it from the range */
  char  *after;      /* up to n words after it, in its paragraph ("" at its end),
                      * starting with a space when white space parts them */
  gboolean more_before;  /* the paragraph goes on before @before */
  gboolean more_after;   /* … and after @after */
} NewsmarkPlace;

/* The place of [start, end): its paragraph and up to @n_before words
 * before it and @n_after after it (at most 40 characters a side), white
 * space runs made one space. */
NewsmarkPlace *newsmark_place_new         (NewsmarkDocument *document,
                                           guint             start,
                                           guint             end,
                                           guint             n_before,
                                           guint             n_after);
void           newsmark_place_free        (NewsmarkPlace    *place);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkPlace, newsmark_place_free)

G_END_DECLS
