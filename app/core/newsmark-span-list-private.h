/* newsmark-span-list-private.h — the sorted span model and its interval index
 *
 * NewsmarkSpanList is the GListModel behind newsmark_annotation_set_get_spans,
 * kept in newsmark_span_compare order. It stores the spans in chunks of at
 * most 512 (so an insertion moves a few kilobytes, not the whole array) with
 * per-chunk start/end arrays and lazily recomputed maximum ends; spans longer
 * than 256 code points are listed apart. "Covering"/"overlapping" queries
 * visit only chunks that can hold a match: O(log n + hits + long spans).
 *
 * NewsmarkObjectList is a plain array-backed GListModel (kept sorted when
 * given a compare function) for relations and unplaced spans.
 */
#pragma once

#include "newsmark/newsmark-span.h"

G_BEGIN_DECLS

/* Natural order for ids: "s2" < "s10"; any other strings compare bytewise
 * with digit runs compared by value. NULL sorts first. */
int          _newsmark_id_compare (const char *a,
                                   const char *b);

/* Number of attributes of @span, without allocating (newsmark-span.c). */
guint        _newsmark_span_get_n_attributes (NewsmarkSpan *span);

#define NEWSMARK_TYPE_SPAN_LIST (_newsmark_span_list_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkSpanList, _newsmark_span_list, NEWSMARK, SPAN_LIST, GObject)

NewsmarkSpanList *_newsmark_span_list_new       (void);
guint             _newsmark_span_list_get_n     (NewsmarkSpanList *self);
/* Borrowed. */
NewsmarkSpan     *_newsmark_span_list_get       (NewsmarkSpanList *self,
                                                 guint             position);
NewsmarkSpan    **_newsmark_span_list_peek      (NewsmarkSpanList *self,
                                                 guint            *n);
/* Position of @span (pointer identity), or G_MAXUINT. O(log n) while the
 * span's start/end/label/id are those it was inserted with. */
guint             _newsmark_span_list_find      (NewsmarkSpanList *self,
                                                 NewsmarkSpan     *span);
/* Takes a reference; emits items-changed (pos, 0, 1). Returns pos. */
guint             _newsmark_span_list_insert    (NewsmarkSpanList *self,
                                                 NewsmarkSpan     *span);
/* Emits items-changed (pos, 1, 0). Returns the old position or G_MAXUINT. */
guint             _newsmark_span_list_remove    (NewsmarkSpanList *self,
                                                 NewsmarkSpan     *span);
/* For a change of start/end/label/id: _detach before changing the span (no
 * signal; the list keeps its reference), _reattach after. Reattach emits
 * (pos, 1, 1) when the position is unchanged, else (old, 1, 0) then
 * (new, 0, 1). */
guint             _newsmark_span_list_detach    (NewsmarkSpanList *self,
                                                 NewsmarkSpan     *span);
guint             _newsmark_span_list_reattach  (NewsmarkSpanList *self,
                                                 NewsmarkSpan     *span,
                                                 guint             old_position);
/* Adds every span of @spans (references taken), sorts once and emits one
 * items-changed (0, old_n, new_n). O(n) when the result is already sorted.
 * Returns FALSE when @spans had to be sorted. */
gboolean          _newsmark_span_list_add_batch (NewsmarkSpanList *self,
                                                 GPtrArray        *spans);
/* Removes everything (one items-changed); returns the spans in order as a
 * GPtrArray owning the references. */
GPtrArray        *_newsmark_span_list_clear     (NewsmarkSpanList *self);

/* Appends to @out (borrowed pointers, position order). */
void              _newsmark_span_list_query_at  (NewsmarkSpanList *self,
                                                 guint             offset,
                                                 GPtrArray        *out);
void              _newsmark_span_list_query_in  (NewsmarkSpanList *self,
                                                 guint             start,
                                                 guint             end,
                                                 GPtrArray        *out);

#define NEWSMARK_TYPE_OBJECT_LIST (_newsmark_object_list_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkObjectList, _newsmark_object_list, NEWSMARK, OBJECT_LIST, GObject)

/* @compare NULL: items stay in insertion order. */
NewsmarkObjectList *_newsmark_object_list_new    (GType          item_type,
                                                  GCompareFunc   compare);
guint               _newsmark_object_list_get_n  (NewsmarkObjectList *self);
gpointer           *_newsmark_object_list_peek   (NewsmarkObjectList *self,
                                                  guint              *n);
guint               _newsmark_object_list_find   (NewsmarkObjectList *self,
                                                  gpointer            item);
/* Sorted list: at its sorted place (@position ignored); unsorted: at
 * @position (G_MAXUINT or past the end appends). Takes a reference. */
guint               _newsmark_object_list_insert (NewsmarkObjectList *self,
                                                  gpointer            item,
                                                  guint               position);
guint               _newsmark_object_list_remove (NewsmarkObjectList *self,
                                                  gpointer            item);
void                _newsmark_object_list_add_batch (NewsmarkObjectList *self,
                                                     GPtrArray          *items);
GPtrArray          *_newsmark_object_list_clear  (NewsmarkObjectList *self);

G_END_DECLS
