/* newsmark-span.h — one annotated span (maybe discontinuous)
 *
 * A span that belongs to a NewsmarkAnnotationSet must only be changed through
 * the set's editing API, so the change is undoable and logged. The setters
 * here are for building spans before they are added (importers, loaders).
 */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

typedef struct {
  guint start;
  guint end;
} NewsmarkFragment;

#define NEWSMARK_TYPE_SPAN (newsmark_span_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkSpan, newsmark_span, NEWSMARK, SPAN, GObject)

NewsmarkSpan   *newsmark_span_new            (const char   *id,
                                              const char   *label,
                                              guint         start,
                                              guint         end);
/* Deep copy, including id. */
NewsmarkSpan   *newsmark_span_copy           (NewsmarkSpan *self);
/* Copies every field of @from into @self (id included) and emits notify. */
void            newsmark_span_assign         (NewsmarkSpan *self,
                                              NewsmarkSpan *from);
/* TRUE when every stored field is equal. */
gboolean        newsmark_span_equal          (NewsmarkSpan *a,
                                              NewsmarkSpan *b);

const char     *newsmark_span_get_id         (NewsmarkSpan *self);
void            newsmark_span_set_id         (NewsmarkSpan *self, const char *id);
const char     *newsmark_span_get_label      (NewsmarkSpan *self);
void            newsmark_span_set_label      (NewsmarkSpan *self, const char *label);
guint           newsmark_span_get_start      (NewsmarkSpan *self);
guint           newsmark_span_get_end        (NewsmarkSpan *self);
void            newsmark_span_set_range      (NewsmarkSpan *self, guint start, guint end);

/* Discontinuous spans: fragments sorted, non-overlapping, inside start..end,
 * the first starting at start and the last ending at end. A contiguous span
 * has no fragments (n_fragments == 0). */
guint                   newsmark_span_get_n_fragments (NewsmarkSpan *self);
const NewsmarkFragment *newsmark_span_get_fragments   (NewsmarkSpan *self);
/* Sets fragments (n may be 0) and updates start/end to their hull. */
void            newsmark_span_set_fragments  (NewsmarkSpan           *self,
                                              const NewsmarkFragment *fragments,
                                              guint                   n_fragments);

/* Checks fragments as a discontinuous span needs them: at least two, each
 * non-empty, sorted, neither overlapping nor touching (touching ones are one
 * fragment), and ending at or before @length (G_MAXUINT: no limit). The
 * error (NEWSMARK_ERROR_RANGE) names the fragment by index from 0 and says
 * what was expected. For importers and loaders. */
gboolean        newsmark_fragments_validate  (const NewsmarkFragment *fragments,
                                              guint                   n_fragments,
                                              guint                   length,
                                              GError                **error);

/* Covered text: for a contiguous span one string; for a discontinuous span
 * the fragments' texts (get_text then returns them joined by " … " for
 * display only — the file stores the list). */
const char     *newsmark_span_get_text       (NewsmarkSpan *self);
void            newsmark_span_set_text       (NewsmarkSpan *self, const char *text);
/* NULL-terminated, one per fragment; NULL for a contiguous span. */
const char * const *newsmark_span_get_fragment_texts (NewsmarkSpan *self);
void            newsmark_span_set_fragment_texts (NewsmarkSpan *self,
                                                  const char * const *texts);

/* Attributes: name → GVariant ("s", "b" or "d"). Sorted names, NULL-terminated,
 * free with g_strfreev. */
char          **newsmark_span_list_attributes (NewsmarkSpan *self);
GVariant       *newsmark_span_get_attribute   (NewsmarkSpan *self, const char *name);
/* @value NULL removes; floating refs are sunk. */
void            newsmark_span_set_attribute   (NewsmarkSpan *self, const char *name, GVariant *value);

const char     *newsmark_span_get_note       (NewsmarkSpan *self);
void            newsmark_span_set_note       (NewsmarkSpan *self, const char *note);
NewsmarkStatus  newsmark_span_get_status     (NewsmarkSpan *self);
void            newsmark_span_set_status     (NewsmarkSpan *self, NewsmarkStatus status);
const NewsmarkOrigin *newsmark_span_get_origin (NewsmarkSpan *self);
void            newsmark_span_set_origin     (NewsmarkSpan *self, const NewsmarkOrigin *origin);
/* ISO 8601 UTC, e.g. "2026-11-26T05:50:49Z". */
const char     *newsmark_span_get_created    (NewsmarkSpan *self);
void            newsmark_span_set_created    (NewsmarkSpan *self, const char *iso8601);
const char     *newsmark_span_get_modified   (NewsmarkSpan *self);
void            newsmark_span_set_modified   (NewsmarkSpan *self, const char *iso8601);

/* Unplaced spans only (see newsmark_annotation_set_get_unplaced): why the span
 * could not be placed ("ambiguous", "not-found", "article-changed") and the
 * candidate positions (may be empty). */
const char     *newsmark_span_get_unplaced_reason (NewsmarkSpan *self);
void            newsmark_span_set_unplaced_reason (NewsmarkSpan *self, const char *reason);
guint           newsmark_span_get_n_candidates    (NewsmarkSpan *self);
const NewsmarkFragment *newsmark_span_get_candidates (NewsmarkSpan *self);
void            newsmark_span_set_candidates      (NewsmarkSpan           *self,
                                                   const NewsmarkFragment *candidates,
                                                   guint                   n_candidates);
/* Words around the string, as given by a model (string-anchored input). */
const char     *newsmark_span_get_context    (NewsmarkSpan *self);
void            newsmark_span_set_context    (NewsmarkSpan *self, const char *context);

/* TRUE if [start, end) of @self covers code point @offset (fragments honoured). */
gboolean        newsmark_span_covers         (NewsmarkSpan *self, guint offset);
/* Position order: start ascending, then end descending (outer first), then
 * label, then id. Stable and total — used for sorting and for output. */
int             newsmark_span_compare        (NewsmarkSpan *a, NewsmarkSpan *b);

/* Current UTC time as ISO 8601 with a trailing Z; newly allocated. */
char           *newsmark_now_iso8601         (void);

G_END_DECLS
