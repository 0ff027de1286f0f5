/* newsmark-agreement.h — inter-annotator agreement and merging for adjudication
 *
 * Two layers:
 *
 *  1. The published statistics as pure functions over counts, each tested
 *     against its source's worked example: Cohen's kappa (Cohen 1960),
 *     Fleiss' kappa (Fleiss 1971), Krippendorff's unitized alpha αU
 *     (Krippendorff 1995; 2004, Content Analysis 2nd ed. §12.4) and
 *     precision / recall / F1.
 *
 *  2. NewsmarkAgreement: annotation files of the same articles by several
 *     annotators ("coders"), matched by document SHA-256, compared span by
 *     span, token by token and along the text as a continuum; the result is
 *     printed as a text table or JSON.
 *
 * Conventions used throughout (also stated in the CLI's --help):
 *  - Only accepted spans are compared unless include_suggested is set;
 *    rejected spans never are.
 *  - Span matching compares coder A (the reference) with coder B. "exact":
 *    same label and the same offsets (fragments included). "overlap": same
 *    label and at least one shared code point; one-to-one, greedily by the
 *    largest overlap. tp = matched pairs, fp = B's unmatched spans, fn =
 *    A's unmatched spans. With more than two coders every pair (i < j) is
 *    scored and the figures are averaged over pairs.
 *  - Token-level kappa: the article is cut into tokens by newsmark_tokenize
 *    (newsmark-formats.h: white space separates; runs of letters, marks and
 *    digits are words; each punctuation mark is a token; emoji sequences and
 *    flags stay whole — the tokenizer of the CoNLL and spaCy exporters); a
 *    token's category for a coder
 *    is the sorted set of labels of that coder's spans sharing a code point
 *    with it, joined by "+" ("O" when none), so nested spans count exactly.
 *  - αU: all matched articles are laid end to end as one continuum of code
 *    points. A coder's units for label L are the (fragments of the) spans
 *    with label L; overlapping units of one coder and label are joined into
 *    their union first, since αU needs a segmentation (the number of joins
 *    is reported). With more than two coders this is the 1995/2004
 *    definition (disagreements summed over pairs of coders), not the
 *    revision of Krippendorff, Mathet, Bouvry & Widlöcher (2016).
 *  - Unplaced spans (no position in the text) cannot be compared; their
 *    number is reported.
 */
#pragma once

#include "newsmark-annotation-set.h"

G_BEGIN_DECLS

/* ---- Published statistics ------------------------------------------------- */

/* A chance-corrected coefficient: value = (observed - expected) /
 * (1 - expected) for kappas (agreements); value = 1 - observed / expected
 * for αU (disagreements). value is NAN when undefined (no data, or the
 * expected figure leaves nothing to correct for). */
typedef struct {
  double observed;
  double expected;
  double value;
} NewsmarkCoefficient;

/* Cohen (1960). @table is @n_categories × @n_categories counts in row-major
 * order: rows are coder A's categories, columns coder B's. Returns FALSE
 * (value NAN) when undefined. */
gboolean newsmark_cohen_kappa   (const double        *table,
                                 guint                n_categories,
                                 NewsmarkCoefficient *result);

/* Fleiss (1971). @counts is @n_subjects × @n_categories (row-major): how
 * many raters put subject i in category j. Every row must have the same
 * total (the number of raters, at least 2); otherwise FALSE with @error.
 * observed = P̄, expected = P̄e. A FALSE return without @error set means
 * the coefficient is undefined (value NAN). */
gboolean newsmark_fleiss_kappa  (const guint         *counts,
                                 guint                n_subjects,
                                 guint                n_categories,
                                 NewsmarkCoefficient *result,
                                 GError             **error);

/* Fleiss (1971), eq. 12: the kappa of each category against all the others
 * (@results: @n_categories of them), whose average weighted by pj qj is
 * the overall kappa. observed and expected are those of the category's
 * two-way split. The same errors as newsmark_fleiss_kappa; a category that
 * nobody or everybody chose everywhere is undefined (value NAN) and makes
 * the return FALSE without @error. */
gboolean newsmark_fleiss_kappa_categories (const guint         *counts,
                                           guint                n_subjects,
                                           guint                n_categories,
                                           NewsmarkCoefficient *results,
                                           GError             **error);

/* One unit of Krippendorff's unitizing data: coder @coder marked
 * [start, start + length) of the continuum. */
typedef struct {
  guint   coder;
  guint64 start;
  guint64 length;
} NewsmarkUnit;

/* Krippendorff's αU for one category (Krippendorff 1995 "On the reliability
 * of unitizing continuous data"; 2004 "Content Analysis" 2nd ed. §12.4).
 * The continuum is [begin, begin + length); @units of one coder must not
 * overlap (FALSE with @error otherwise, or when a unit leaves the
 * continuum). result->observed = uDo, ->expected = uDe. A FALSE return
 * without @error means αU is undefined (uDe = 0: nobody marked anything). */
gboolean newsmark_unitized_alpha (const NewsmarkUnit  *units,
                                  gsize                n_units,
                                  guint                n_coders,
                                  guint64              begin,
                                  guint64              length,
                                  NewsmarkCoefficient *result,
                                  GError             **error);

/* Krippendorff's squared distance δ² between two segments of the
 * continuum, each a unit (@a_is_unit TRUE) or a gap; exposed for tests. */
double   newsmark_unitized_distance (guint64  a_start,
                                     guint64  a_length,
                                     gboolean a_is_unit,
                                     guint64  b_start,
                                     guint64  b_length,
                                     gboolean b_is_unit);

/* Precision, recall and F1 = 2·tp / (2·tp + fp + fn) from counts; NAN
 * where the denominator is 0 (F1 is 0, not NAN, when only one side has
 * spans). */
typedef struct {
  double tp;
  double fp;
  double fn;
  double precision;
  double recall;
  double f1;
} NewsmarkPrf;

void     newsmark_prf_compute (NewsmarkPrf *prf);

/* ---- Comparing annotation files ----------------------------------------- */

typedef enum {
  NEWSMARK_MATCH_EXACT,
  NEWSMARK_MATCH_OVERLAP,
} NewsmarkMatchMode;

#define NEWSMARK_TYPE_AGREEMENT (newsmark_agreement_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkAgreement, newsmark_agreement, NEWSMARK, AGREEMENT, GObject)

/* @coder_names: one display name per coder ("alice", "bob"), at least two. */
NewsmarkAgreement *newsmark_agreement_new (const char * const *coder_names);

guint       newsmark_agreement_get_n_coders  (NewsmarkAgreement *self);
const char *newsmark_agreement_get_coder_name (NewsmarkAgreement *self,
                                               guint              coder);
/* Count suggested spans too (default: accepted only). */
void        newsmark_agreement_set_include_suggested (NewsmarkAgreement *self,
                                                      gboolean           include);

/* Adds one annotation set of coder @coder; @source names it in reports
 * (a file name). A second set of the same article (same SHA-256) for the
 * same coder is refused with NEWSMARK_ERROR_CONFLICT naming both. */
gboolean    newsmark_agreement_add_set  (NewsmarkAgreement     *self,
                                         guint                  coder,
                                         NewsmarkAnnotationSet *set,
                                         const char            *source,
                                         GError               **error);

/* Files under @path (a *.newsmark.json file, or a folder searched
 * recursively for them) in a stable (sorted) order; for progress counts.
 * Returns a GPtrArray of GFile. */
GPtrArray  *newsmark_agreement_list_files (GFile   *path,
                                           GError **error);

typedef void (*NewsmarkAgreementProgress) (guint    done,
                                           guint    total,
                                           gpointer user_data);

/* Compares everything added. Articles that not every coder annotated are
 * left out and listed as unmatched. @progress (may be NULL) is called once
 * per matched article. */
void        newsmark_agreement_compute  (NewsmarkAgreement         *self,
                                         NewsmarkAgreementProgress  progress,
                                         gpointer                   user_data);

/* ---- Results (valid after compute) -------------------------------------- */

guint       newsmark_agreement_get_n_matched   (NewsmarkAgreement *self);
/* Articles left out: one line each, "SOURCE: article SHA256… annotated by
 * alice only (missing: bob)". Borrowed NULL-terminated array. */
const char * const *newsmark_agreement_get_unmatched (NewsmarkAgreement *self);

/* Labels seen in any compared span, schema order first; borrowed. */
const char * const *newsmark_agreement_get_labels (NewsmarkAgreement *self);

/* Span scores for @label (NULL: micro average over all labels). With more
 * than two coders: the average over pairs of the pairs' P/R/F1 (tp/fp/fn
 * are summed). */
gboolean    newsmark_agreement_get_prf (NewsmarkAgreement *self,
                                        NewsmarkMatchMode  mode,
                                        const char        *label,
                                        NewsmarkPrf       *prf);

/* Token-level chance-corrected agreement: Cohen's kappa for two coders,
 * Fleiss' kappa for more. @label NULL: over the combined label-set
 * categories; a label: binary (token inside such a span or not). */
gboolean    newsmark_agreement_get_token_kappa (NewsmarkAgreement   *self,
                                                const char          *label,
                                                NewsmarkCoefficient *result);
guint       newsmark_agreement_get_n_tokens    (NewsmarkAgreement *self);

/* Krippendorff's αU for @label, or over all labels (NULL: 1 - ΣuDo/ΣuDe). */
gboolean    newsmark_agreement_get_alpha_u     (NewsmarkAgreement   *self,
                                                const char          *label,
                                                NewsmarkCoefficient *result);

/* Attribute agreement over overlap-matched span pairs: @n_pairs pairs where
 * at least one side has the attribute, percent agreement and Cohen's kappa
 * (a missing value counts as the category "(none)"); averaged over coder
 * pairs. Names: sorted, borrowed, NULL-terminated. */
const char * const *newsmark_agreement_get_attribute_names (NewsmarkAgreement *self);
gboolean    newsmark_agreement_get_attribute (NewsmarkAgreement   *self,
                                              const char          *name,
                                              guint               *n_pairs,
                                              double              *percent,
                                              NewsmarkCoefficient *kappa);

/* Confusion of labels between coder pairs (summed over pairs i < j): spans
 * of the first coder (rows) against the second's span with the same offsets
 * (columns); "none" when the other coder has no span there. Labels as
 * get_labels plus "none" last. */
guint       newsmark_agreement_get_confusion (NewsmarkAgreement *self,
                                              const char        *row_label,
                                              const char        *column_label);

/* Number of disagreements listed (see to_json "disagreements"). */
guint       newsmark_agreement_get_n_disagreements (NewsmarkAgreement *self);

/* The whole report: a text table (default CLI output) and JSON. */
char       *newsmark_agreement_to_text (NewsmarkAgreement *self);
char       *newsmark_agreement_to_json (NewsmarkAgreement *self);

/* ---- Merging for adjudication ------------------------------------------- */

/* Combines annotation sets of one article (same SHA-256; else
 * NEWSMARK_ERROR_CONFLICT) by @n coders named @coder_names into a new set:
 *  - a span every coder has (same label, same offsets and fragments)
 *    becomes one accepted span with origin annotator "alice+bob"; attribute
 *    values all coders agree on are kept, differing ones are left unset and
 *    listed in the span's note for the adjudicator;
 *  - any other span becomes a suggested span whose origin names the coders
 *    who made it (identical spans of several coders are combined);
 *  - relations are carried over when both ends exist in the result;
 *  - log entries record the merge (one per source, one summary).
 * Rejected spans are not carried over (they are listed in the summary
 * counts). @sources name the input files in the log (may be NULL).
 * @output_file: where the result will be saved, for the article's relative
 * path and, when it exists, so that the ids it used are not given again
 * (may be NULL). */
NewsmarkAnnotationSet *newsmark_merge_sets (NewsmarkAnnotationSet * const *sets,
                                            const char * const            *coder_names,
                                            const char * const            *sources,
                                            guint                          n,
                                            GFile                         *output_file,
                                            GPtrArray                     *problems,
                                            GError                       **error);

G_END_DECLS
