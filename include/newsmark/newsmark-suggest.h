/* newsmark-suggest.h — model suggestions: anchoring, import, review, audit report
 *
 * Models hand back candidate spans either by offsets (spaCy, doccano, Label
 * Studio, our own files) or by the string they found (an LLM's
 * [{"text": …, "label": …}]). Both end up as spans with status "suggested"
 * and a model origin. A string is placed only when its position is certain:
 * exactly one match, or several that its "context" or "occurrence" decides
 * between. Anything else is kept as an unplaced suggestion (reason
 * "ambiguous" with every candidate position, or "not-found") so that nothing
 * is put on the first match silently and nothing is dropped.
 */
#pragma once

#include "newsmark-annotation-set.h"

G_BEGIN_DECLS

/* ---- Anchoring strings in an article (newsmark-anchor.c) ----------------- */

typedef enum {
  NEWSMARK_ANCHOR_EXACT,      /* the article has the string byte for byte */
  NEWSMARK_ANCHOR_NORMALISED, /* found after normalising quotes, dashes, spaces */
  NEWSMARK_ANCHOR_AMBIGUOUS,  /* several candidates and nothing decided */
  NEWSMARK_ANCHOR_NOT_FOUND,
} NewsmarkAnchorResult;

const char *newsmark_anchor_result_to_string (NewsmarkAnchorResult result);

/* Normalised form used for matching: curly single quotes, primes and
 * apostrophes become ', curly double quotes ", every dash and the minus
 * sign -, the ellipsis "...", any run of white space (NBSP, narrow NBSP,
 * tabs, line breaks …) one space; soft hyphens and zero-width spaces
 * vanish; leading and trailing space is dropped. Newly allocated. */
char       *newsmark_anchor_normalise (const char *text,
                                       gssize      len);

/* An index over one article, built once (O(n)) and queried for many
 * strings: a normalised copy of the text with a map from each of its bytes
 * back to exact article offsets, and a 4-byte-gram table over that copy so
 * a lookup touches only the positions that share the needle's rarest gram
 * instead of scanning the article. */
typedef struct _NewsmarkAnchorIndex NewsmarkAnchorIndex;

NewsmarkAnchorIndex *newsmark_anchor_index_new  (NewsmarkDocument    *document);
void                 newsmark_anchor_index_free (NewsmarkAnchorIndex *index);
NewsmarkDocument    *newsmark_anchor_index_get_document (NewsmarkAnchorIndex *index);

/* Every place @text occurs in the article, as code point ranges in
 * document order (a new GArray of NewsmarkFragment). When the text occurs
 * verbatim, only those places are returned and *@exact is TRUE; otherwise
 * the places where it occurs once both sides are normalised. Matches that
 * start or end inside a word ("Paris" in "Parisian") are returned only
 * when there is no whole-word match. */
GArray     *newsmark_anchor_index_find (NewsmarkAnchorIndex *index,
                                        const char          *text,
                                        gboolean            *exact);

/* Chooses one of @candidates (from newsmark_anchor_index_find for @text):
 * with @occurrence > 0 the occurrence-th (1-based; FALSE when there are
 * fewer); otherwise by @context (words around the text, which may include
 * the text itself): the candidates inside a place where the context occurs,
 * else the ones with the most context words nearby. Returns TRUE and
 * *@chosen only when exactly one candidate remains. */
gboolean    newsmark_anchor_index_choose (NewsmarkAnchorIndex *index,
                                          const char          *text,
                                          GArray              *candidates,
                                          const char          *context,
                                          guint                occurrence,
                                          guint               *chosen);

/* Chooses by the text around each candidate: @before and @after are the
 * words that preceded and followed the string where the model saw it (its
 * version of the article). The candidate whose surroundings agree longest
 * with them (after normalising) wins when it is the only best. */
gboolean    newsmark_anchor_index_choose_by_surroundings (NewsmarkAnchorIndex *index,
                                                          GArray              *candidates,
                                                          const char          *before,
                                                          const char          *after,
                                                          guint               *chosen);

/* find + choose. On EXACT / NORMALISED *@range is the placed range; on
 * AMBIGUOUS @candidates (when non-NULL) receives every candidate (new
 * GArray of NewsmarkFragment); on NOT_FOUND it receives an empty array, or
 * for an @occurrence past the last match the matches that were found. */
NewsmarkAnchorResult newsmark_anchor_index_anchor (NewsmarkAnchorIndex *index,
                                                   const char          *text,
                                                   const char          *context,
                                                   guint                occurrence,
                                                   NewsmarkFragment    *range,
                                                   GArray             **candidates);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkAnchorIndex, newsmark_anchor_index_free)

/* ---- Suggestions ----------------------------------------------------------- */

typedef enum {
  NEWSMARK_SUGGEST_FROM_NEWSMARK,      /* another FILE.newsmark.json */
  NEWSMARK_SUGGEST_FROM_SPACY_JSONL,
  NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL,
  NEWSMARK_SUGGEST_FROM_LABEL_STUDIO,
  NEWSMARK_SUGGEST_FROM_STRINGS,       /* [{"text", "label", "context"?, "occurrence"?, "score"?, "attributes"?}] */
} NewsmarkSuggestFormat;

/* "newsmark", "spacy-jsonl", "doccano-jsonl", "label-studio", "strings". */
const char *newsmark_suggest_format_to_string   (NewsmarkSuggestFormat  format);
gboolean    newsmark_suggest_format_from_string (const char            *name,
                                                 NewsmarkSuggestFormat *format);

/* One suggestion as read from a model's output, before anchoring. */
typedef struct {
  char     *where;        /* "[3]", "line 2: spans[0]" — for messages */
  char     *label;
  char     *text;         /* the string the model saw; NULL only with offsets */
  gboolean  has_offsets;  /* offset-based input: start/end into @source */
  guint     start;
  guint     end;
  NewsmarkFragment *fragments;  /* discontinuous input (offsets into @source), or NULL */
  guint     n_fragments;
  NewsmarkDocument *source;     /* the text the offsets refer to (may be NULL) */
  char     *context;      /* words around the text (may be NULL) */
  guint     occurrence;   /* 1-based; 0 when not given */
  gboolean  has_score;
  double    score;
  GVariant *attributes;   /* a{sv} of "s", "b", "d" values, or NULL */
  char     *model_name;   /* from the input itself (may be NULL) */
  char     *model_version;
} NewsmarkSuggestion;

#define NEWSMARK_TYPE_SUGGESTION (newsmark_suggestion_get_type ())
GType               newsmark_suggestion_get_type (void) G_GNUC_CONST;
NewsmarkSuggestion *newsmark_suggestion_new  (void);
NewsmarkSuggestion *newsmark_suggestion_copy (const NewsmarkSuggestion *suggestion);
void                newsmark_suggestion_free (NewsmarkSuggestion       *suggestion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkSuggestion, newsmark_suggestion_free)

/* Reads suggestions for @target's article (the offset formats may hold
 * several documents: the one whose text equals the article's is used, else
 * the only one; otherwise an error says so). Strict: json-c strict
 * tokener, trailing bytes rejected, each key's type checked, errors name
 * @filename_for_errors and the JSON path ("[12].occurrence") or line:column.
 * Warnings of the format readers go to @problems (may be NULL). Returns a
 * GPtrArray owning NewsmarkSuggestion elements. Labels are checked by
 * newsmark_suggest_import. */
GPtrArray  *newsmark_suggest_parse (NewsmarkSuggestFormat  format,
                                    const char            *data,
                                    gsize                  len,
                                    const char            *filename_for_errors,
                                    NewsmarkAnnotationSet *target,
                                    GPtrArray             *problems,
                                    GError               **error);

typedef enum {
  NEWSMARK_SUGGEST_PLACED_EXACT,
  NEWSMARK_SUGGEST_PLACED_NORMALISED,
  NEWSMARK_SUGGEST_AMBIGUOUS,
  NEWSMARK_SUGGEST_NOT_FOUND,
  NEWSMARK_SUGGEST_DUPLICATE,   /* identical to an existing span: merged */
  NEWSMARK_SUGGEST_CONFLICT,    /* placed; another label has the same offsets */
} NewsmarkSuggestOutcome;

const char *newsmark_suggest_outcome_to_string (NewsmarkSuggestOutcome outcome);

/* What happened to one suggestion. */
typedef struct {
  char                  *where;
  char                  *label;
  char                  *text;
  NewsmarkSuggestOutcome outcome;
  char                  *span_id;       /* span or unplaced span it became / merged into */
  guint                  start;         /* placed range (placed, duplicate, conflict) */
  guint                  end;
  GArray                *candidates;    /* NewsmarkFragment: ambiguous (and out-of-range occurrence) */
  char                  *conflict_with; /* id of the span with the other label */
  char                  *conflict_label;
  gboolean               text_mismatch; /* offsets given, but the article's text there differs */
  guint                  given_start;   /* the offsets the input gave (with text_mismatch) */
  guint                  given_end;
  char                  *article_text;  /* what the article has at the given offsets */
} NewsmarkSuggestItem;

/* Counts of one import. placed = exact + normalised; a conflict is also
 * counted as placed (it is a new suggestion); a duplicate is not. */
typedef struct {
  guint      n_suggestions;
  guint      placed;
  guint      exact;
  guint      normalised;
  guint      ambiguous;
  guint      not_found;
  guint      duplicates;
  guint      conflicts;
  guint      mismatched;   /* offset input whose text differed: matched by text */
  GPtrArray *items;        /* NewsmarkSuggestItem, one per suggestion, input order */
} NewsmarkSuggestReport;

NewsmarkSuggestReport *newsmark_suggest_report_new  (void);
void                   newsmark_suggest_report_free (NewsmarkSuggestReport *report);
/* "placed 12 (exact 10, normalised 2), ambiguous 1, not found 1,
 *  duplicates merged 0, conflicts 1" */
char                  *newsmark_suggest_report_to_summary (const NewsmarkSuggestReport *report);
/* The summary line followed by one line per ambiguous, missing, mismatched
 * and conflicting suggestion (with candidates and span ids). */
char                  *newsmark_suggest_report_to_string  (const NewsmarkSuggestReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkSuggestReport, newsmark_suggest_report_free)

typedef struct {
  /* Model origin of the new spans. When NULL, the input's own model name
   * and version are used (newsmark/Label Studio files carry them), else
   * "model". */
  const char *model_name;
  const char *model_version;
  const char *source;         /* for the log: file the suggestions came from */
  const char *format;         /* for the log: input format name */
} NewsmarkSuggestOptions;

/* Adds @suggestions (NewsmarkSuggestion*) to @set as spans with status
 * "suggested" and a model origin; unplaceable ones as unplaced suggestions.
 * Every label and attribute is checked against the set's schema first: on
 * any error nothing is changed and @error names the suggestion ("[4].label:
 * unknown label …"). The whole import is one undo step and one "import"
 * log entry with the counts and the model (plus a "merge" entry per
 * duplicate). Fills @report (may be NULL). */
gboolean    newsmark_suggest_import (NewsmarkAnnotationSet        *set,
                                     GPtrArray                    *suggestions,
                                     const NewsmarkSuggestOptions *options,
                                     NewsmarkSuggestReport        *report,
                                     GError                      **error);

/* Reads @input (newsmark_suggest_parse, named by its file name in
 * messages) and imports it. With @options NULL, or its source/format NULL,
 * the file and format are filled in for the log. Problems of the reader go
 * to @problems (may be NULL). */
gboolean    newsmark_suggest_import_file (NewsmarkAnnotationSet        *set,
                                          NewsmarkSuggestFormat         format,
                                          GFile                        *input,
                                          const NewsmarkSuggestOptions *options,
                                          NewsmarkSuggestReport        *report,
                                          GPtrArray                    *problems,
                                          GError                      **error);

/* ---- Review decisions ------------------------------------------------------ */

/* Two spans conflict when they put different labels on the same text:
 * the same extent (range and fragments), or a fragment of a split span
 * exactly where the other span or one of its fragments is. (Nesting and
 * overlapping are not conflicts.) A suggestion that conflicts with a span
 * that is not rejected is a "conflict" on import, is left out of bulk
 * accept, and is accepted only through newsmark_review_resolve_conflict. */
gboolean    newsmark_spans_conflict (NewsmarkSpan *a,
                                     NewsmarkSpan *b);
/* The placed spans, not rejected, that @span conflicts with, in position
 * order (a new GPtrArray of borrowed spans; empty for an unplaced span). */
GPtrArray  *newsmark_review_find_conflicts (NewsmarkAnnotationSet *set,
                                            NewsmarkSpan          *span);

typedef enum {
  NEWSMARK_CONFLICT_KEEP_BOTH,  /* accept the suggestion; the other span stays */
  NEWSMARK_CONFLICT_REPLACE,    /* accept it; the other span becomes rejected */
  NEWSMARK_CONFLICT_REJECT,     /* reject the suggestion */
} NewsmarkConflictChoice;

/* "keep-both", "replace", "reject" */
const char *newsmark_conflict_choice_to_string (NewsmarkConflictChoice choice);

/* Each decision is one undo step, logged by the set itself under the
 * set's annotator (who, when, action, span id, and the changed fields'
 * values before and after); undo and redo are logged there too. They fail with NEWSMARK_ERROR_CONFLICT when @span is not a
 * pending suggestion of @set. Accepting also fails with
 * NEWSMARK_ERROR_CONFLICT for an unplaced suggestion (place it first) and
 * for one that conflicts with another span (the message names it): that
 * takes newsmark_review_resolve_conflict. */
gboolean    newsmark_review_accept (NewsmarkAnnotationSet *set,
                                    NewsmarkSpan          *span,
                                    GError               **error);
/* Decides a suggestion that conflicts with other spans, as one undo step:
 * a "resolve-conflict" log entry with the choice and the spans it
 * conflicted with (id, label, text), then the set's own "accept" /
 * "reject" entries for each status that changes. */
gboolean    newsmark_review_resolve_conflict (NewsmarkAnnotationSet  *set,
                                              NewsmarkSpan           *span,
                                              NewsmarkConflictChoice  choice,
                                              GError                **error);
/* The span stays in the file with status "rejected"; an unplaced
 * suggestion stays in "unplaced" with that status. */
gboolean    newsmark_review_reject (NewsmarkAnnotationSet *set,
                                    NewsmarkSpan          *span,
                                    GError               **error);
/* Replaces @span's label, range, fragments, attributes and note by
 * @edited's and accepts it (id and origin kept; one step); logged as "edit"
 * with "before" and "after". */
gboolean    newsmark_review_edit_accept (NewsmarkAnnotationSet *set,
                                         NewsmarkSpan          *span,
                                         NewsmarkSpan          *edited,
                                         GError               **error);
/* Places an unplaced suggestion at [start, end) (e.g. one of its
 * candidates); it stays suggested. Logged as "place". */
gboolean    newsmark_review_place (NewsmarkAnnotationSet *set,
                                   NewsmarkSpan          *unplaced,
                                   guint                  start,
                                   guint                  end,
                                   GError               **error);
/* TRUE when the candidates of @unplaced (two or more) are copies of one
 * repeated paragraph: each in a paragraph with the same text (see
 * newsmark_document_get_paragraph_at), at the same place in it. */
gboolean    newsmark_review_candidates_are_copies (NewsmarkAnnotationSet *set,
                                                   NewsmarkSpan          *unplaced);
/* For such a suggestion: places it at its first candidate and a copy of it
 * (a new id; label, attributes, note and model origin kept) at each of the
 * others, all pending suggestions, as one undo step; a copy that already
 * has the same suggestion (label and place) gets none. Logged as the
 * set's "place" and a "create" for each copy, then "place-copies" naming
 * them (and "already_there"). */
gboolean    newsmark_review_place_copies (NewsmarkAnnotationSet *set,
                                          NewsmarkSpan          *unplaced,
                                          GError               **error);

/* Bulk accept: every pending suggestion with label @label (NULL: any) and a
 * model score >= @min_score (suggestions without a score never qualify
 * unless @min_score <= 0) that conflicts with no other span. count tells
 * how many apply without changing anything (the preview); accept applies
 * them as one undo step and one "bulk-accept" log entry holding the
 * criteria, the count and the conflicts left for review. Returns the
 * number accepted. count_conflicts tells how many would qualify but are
 * left out as conflicts. */
guint       newsmark_review_bulk_count  (NewsmarkAnnotationSet *set,
                                         const char            *label,
                                         double                 min_score);
guint       newsmark_review_bulk_accept (NewsmarkAnnotationSet *set,
                                         const char            *label,
                                         double                 min_score);
guint       newsmark_review_bulk_count_conflicts (NewsmarkAnnotationSet *set,
                                                  const char            *label,
                                                  double                 min_score);

/* Over every model-origin span of @set: *reviewed (accepted or rejected)
 * and *total (those plus pending suggestions, placed or not). */
void        newsmark_review_get_progress (NewsmarkAnnotationSet *set,
                                          guint                 *reviewed,
                                          guint                 *total);

/* ---- Review queue ---------------------------------------------------------- */

typedef enum {
  NEWSMARK_REVIEW_ORDER_DOCUMENT,  /* position order */
  NEWSMARK_REVIEW_ORDER_SCORE,     /* score descending, then position */
} NewsmarkReviewOrder;

/* The suggestions pending when the queue was made (or refreshed), in a
 * fixed order (the placed ones, then the unplaced ones, which can be
 * rejected or placed), as a GListModel of NewsmarkSpan; items stay in the list once
 * decided so positions are stable, and n-reviewed/progress follow the set
 * (including undo). Properties: "set", "order", "position" (current item,
 * G_MAXUINT when empty), "n-reviewed", "n-total". */
#define NEWSMARK_TYPE_REVIEW_QUEUE (newsmark_review_queue_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkReviewQueue, newsmark_review_queue, NEWSMARK, REVIEW_QUEUE, GObject)

NewsmarkReviewQueue *newsmark_review_queue_new (NewsmarkAnnotationSet *set,
                                                NewsmarkReviewOrder    order);
NewsmarkAnnotationSet *newsmark_review_queue_get_set   (NewsmarkReviewQueue *self);
NewsmarkReviewOrder  newsmark_review_queue_get_order   (NewsmarkReviewQueue *self);
/* Re-collects the pending suggestions (after an import) in @order. */
void                 newsmark_review_queue_refresh     (NewsmarkReviewQueue *self,
                                                        NewsmarkReviewOrder  order);
guint                newsmark_review_queue_get_position (NewsmarkReviewQueue *self);
void                 newsmark_review_queue_set_position (NewsmarkReviewQueue *self,
                                                         guint                position);
/* The span at the current position (borrowed; NULL when empty). */
NewsmarkSpan        *newsmark_review_queue_get_current (NewsmarkReviewQueue *self);
/* Move to the next / previous item that is still pending (wrapping
 * around). FALSE when none is left. */
gboolean             newsmark_review_queue_next        (NewsmarkReviewQueue *self);
gboolean             newsmark_review_queue_previous    (NewsmarkReviewQueue *self);
/* Decide the current item, then move to the next pending one. */
gboolean             newsmark_review_queue_accept      (NewsmarkReviewQueue *self,
                                                        GError             **error);
gboolean             newsmark_review_queue_reject      (NewsmarkReviewQueue *self,
                                                        GError             **error);
gboolean             newsmark_review_queue_resolve_conflict (NewsmarkReviewQueue    *self,
                                                             NewsmarkConflictChoice  choice,
                                                             GError                **error);
gboolean             newsmark_review_queue_edit_accept (NewsmarkReviewQueue *self,
                                                        NewsmarkSpan        *edited,
                                                        GError             **error);
guint                newsmark_review_queue_get_n_reviewed (NewsmarkReviewQueue *self);
guint                newsmark_review_queue_get_n_total    (NewsmarkReviewQueue *self);
/* "37 of 120 reviewed" */
char                *newsmark_review_queue_dup_progress_text (NewsmarkReviewQueue *self);

/* ---- Audit and report (newsmark-report.c) ------------------------------------ */

/* One log entry as a readable line: "TIME  WHO  ACTION  TARGET LABEL
 * "excerpt"  details". The span is looked up in @set (placed or
 * unplaced). */
char       *newsmark_log_entry_to_display (NewsmarkAnnotationSet  *set,
                                           const NewsmarkLogEntry *entry);

typedef struct {
  gboolean    show_rejected;  /* draw rejected spans in the article too */
  const char *title;          /* page title; NULL: the article file name */
} NewsmarkReportOptions;

/* A single self-contained HTML page (inline CSS, no external resources):
 * the article with coloured spans (nested and overlapping spans as nested
 * elements with stacked underlines), a legend, a table of spans with
 * status, origin and the decisions logged for each, the unplaced
 * suggestions and the audit log. Newly allocated. */
char       *newsmark_report_to_html (NewsmarkAnnotationSet       *set,
                                     const NewsmarkReportOptions *options);
gboolean    newsmark_report_write   (NewsmarkAnnotationSet       *set,
                                     const NewsmarkReportOptions *options,
                                     GFile                       *output,
                                     GError                     **error);

G_END_DECLS
