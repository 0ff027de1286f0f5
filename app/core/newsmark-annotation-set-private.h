/* newsmark-annotation-set-private.h — hooks for the loader and re-anchoring
 *
 * The public editing API checks every change and records it in the undo
 * history, which is right for an analyst's edits but far too slow and
 * wrong for reading a file of 100,000 spans: a file is not an edit. These
 * functions let the reader fill a set in bulk; the usual sequence is
 *
 *   set = newsmark_annotation_set_new (document, schema);
 *   for each span:      _newsmark_annotation_set_load_span (set, span);
 *   for each relation:  _newsmark_annotation_set_load_relation (set, rel);
 *   for each unplaced:  _newsmark_annotation_set_load_unplaced (set, span);
 *   for each log entry: newsmark_annotation_set_append_log_entry (set, e);
 *   _newsmark_annotation_set_finish_load (set);
 *   newsmark_annotation_set_check (set, filename, problems);
 *
 * Nothing is checked while loading: duplicate ids, out-of-range offsets,
 * unknown labels and mismatching texts are all kept as they are, so that
 * newsmark_annotation_set_check can report every one of them with its JSON
 * path. Structural problems (a missing key, a wrong JSON type) are the
 * reader's to report; check treats a span without text as a mismatch.
 */
#pragma once

#include "newsmark/newsmark-annotation-set.h"

G_BEGIN_DECLS

/* Appends without history, log, checks or sorting (O(1)); takes a reference.
 * Spans should come in file order: JSON paths reported by check use the
 * order of these calls ("spans[i]" is the i-th loaded span). */
void  _newsmark_annotation_set_load_span      (NewsmarkAnnotationSet *self,
                                               NewsmarkSpan          *span);
/* Same for relations ("relations[i]") and unplaced spans ("unplaced[i]"). */
void  _newsmark_annotation_set_load_relation  (NewsmarkAnnotationSet *self,
                                               NewsmarkRelation      *relation);
void  _newsmark_annotation_set_load_unplaced  (NewsmarkAnnotationSet *self,
                                               NewsmarkSpan          *span);
/* Sorts once (O(n log n), or O(n) when already in position order), builds
 * the id hashes and interval index, moves the id counters past every
 * numeric id ("s17" → next "s18" at least), emits items-changed once per model, and
 * clears the history and "modified". Call it exactly once after loading;
 * it may also be called after a later batch of loads (re-anchoring). */
void  _newsmark_annotation_set_finish_load    (NewsmarkAnnotationSet *self);

/* Replaces the document without touching the spans (re-anchoring: the
 * caller then moves the spans, see below). Notifies "document". */
void  _newsmark_annotation_set_set_document   (NewsmarkAnnotationSet *self,
                                               NewsmarkDocument      *document);
/* Replaces the schema (e.g. the one embedded in the file). */
void  _newsmark_annotation_set_set_schema     (NewsmarkAnnotationSet *self,
                                               NewsmarkSchema        *schema);

/* Removes every span (placed and unplaced) without history and returns them
 * in position order followed by the unplaced ones in list order (new
 * GPtrArray owning a reference to each). Relations and the log are kept.
 * Re-anchoring: take the spans, _set_document, adjust each span with the
 * plain NewsmarkSpan setters (it no longer belongs to the set), hand each
 * back with _load_span or _load_unplaced, then _finish_load and
 * newsmark_annotation_set_set_modified (set, TRUE). */
GPtrArray *_newsmark_annotation_set_take_spans (NewsmarkAnnotationSet *self);

/* Fast read access for the writer: borrowed arrays in model order, valid
 * until the next change. *n_spans receives the length. */
NewsmarkSpan     **_newsmark_annotation_set_peek_spans     (NewsmarkAnnotationSet *self,
                                                            guint                 *n_spans);
NewsmarkRelation **_newsmark_annotation_set_peek_relations (NewsmarkAnnotationSet *self,
                                                            guint                 *n_relations);
NewsmarkSpan     **_newsmark_annotation_set_peek_unplaced  (NewsmarkAnnotationSet *self,
                                                            guint                 *n_unplaced);

/* Ids (see newsmark-annotation-set.c): the number of "s17" with @prefix
 * 's', or 0 when the id has another shape or a number too large to be
 * reached by counting. */
guint64 _newsmark_id_number                        (const char            *id,
                                                    char                   prefix);
/* The highest numbers of span ("sN") and relation ("rN") ids this set has
 * ever used: the next ones given are one more. */
void  _newsmark_annotation_set_get_last_ids        (NewsmarkAnnotationSet *self,
                                                    guint64               *span,
                                                    guint64               *relation);
/* The highest numbers its spans, unplaced spans, relations and log mention:
 * what loading its file would find without "last_ids". */
void  _newsmark_annotation_set_get_mentioned_ids   (NewsmarkAnnotationSet *self,
                                                    guint64               *span,
                                                    guint64               *relation);
/* Never gives ids numbered up to @span / @relation (a file's "last_ids",
 * the file a merge replaces). */
void  _newsmark_annotation_set_reserve_ids         (NewsmarkAnnotationSet *self,
                                                    guint64                span,
                                                    guint64                relation);

/* document.path read from a file, which the loader checked against the
 * folder and root it was read for. */
void  _newsmark_annotation_set_load_document_path  (NewsmarkAnnotationSet *self,
                                                    const char            *path);

/* The state read from a file: no log entry, not a change. */
void  _newsmark_annotation_set_load_done           (NewsmarkAnnotationSet *self,
                                                    gboolean               done);

/* Gives a relation built with a NULL id its id (loaders, importers). */
void  _newsmark_relation_set_id                (NewsmarkRelation *self,
                                                const char       *id);

G_END_DECLS
