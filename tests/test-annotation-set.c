/* test-annotation-set.c — editing rules, relation rules, the audit log and
 * every validation rule of newsmark_annotation_set_check with its message */

#include <string.h>

#include "test-model-common.h"
#include "app/core/newsmark-annotation-set-private.h"

#define TEXT "Mayor Ana Ruiz said on Monday that the city will cut bus fares by 20%."
/*            0         1         2         3         4         5         6
 *            0123456789012345678901234567890123456789012345678901234567890123456789 */

static NewsmarkSpan *
span_with_text (const char *id,
                const char *label,
                guint       start,
                guint       end,
                const char *text)
{
  NewsmarkSpan *span = newsmark_span_new (id, label, start, end);
  g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_human ("loader");

  newsmark_span_set_text (span, text);
  newsmark_span_set_origin (span, origin);
  newsmark_span_set_created (span, "2026-11-26T05:50:49Z");
  newsmark_span_set_modified (span, "2026-11-26T05:50:49Z");
  return span;
}

static NewsmarkSpan *
discontinuous (const char         *id,
               guint               s0,
               guint               e0,
               guint               s1,
               guint               e1,
               const char * const *texts)
{
  NewsmarkSpan *span = span_with_text (id, "QUOTE", 0, 0, NULL);
  NewsmarkFragment f[2] = { { s0, e0 }, { s1, e1 } };

  newsmark_span_set_fragments (span, f, 2);
  newsmark_span_set_fragment_texts (span, texts);
  return span;
}

static void
load (NewsmarkAnnotationSet *set,
      NewsmarkSpan          *span)
{
  _newsmark_annotation_set_load_span (set, span);
  g_object_unref (span);
}

static void
load_relation (NewsmarkAnnotationSet *set,
               const char            *id,
               const char            *type,
               const char            *from,
               const char            *to)
{
  g_autoptr(NewsmarkRelation) rel = newsmark_relation_new (id, type, from, to);
  _newsmark_annotation_set_load_relation (set, rel);
}

static void
test_check_every_rule (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autofree char *dump = NULL;
  static const char * const ok_texts[] = { "said", "that", NULL };
  static const char * const bad_texts[] = { "said", "than", NULL };
  NewsmarkSpan *span;
  const char *expected =
    "spans[1].text: “Ana Ruis” does not match the article text at [6, 14), which is “Ana Ruiz”\n"
    "spans[2].label: unknown label “FOO”; expected one of PERSON, ORG, LOCATION, DATE, EVENT, QUOTE, CLAIM\n"
    "spans[3].id: duplicate id “s1”: already used by spans[0]; span ids must be unique\n"
    "spans[4].attributes.kind: “exact” is not a value of “kind”; expected one of direct, indirect, partial\n"
    "spans[5].attributes.checkworthy: expected a whole number from 1 to 5 for “checkworthy”, got 7\n"
    "spans[5].attributes.foo: unknown attribute “foo” for CLAIM; expected one of checkworthy, claim_type, verdict\n"
    "spans[6].end: 75 is past the end of the text (length 70)\n"
    "spans[7].end: 45 is before start 50 (reversed range); expected end > start\n"
    "spans[8].end: empty span: end equals start (60); a span must cover at least one character\n"
    "spans[9].fragments[1]: [17, 30) overlaps or comes before fragments[0] [15, 19); expected sorted, non-overlapping fragments\n"
    "spans[10].fragments[1]: starts where fragments[0] ends (19); touching fragments must be merged into one\n"
    "spans[11].end: 80 is past the end of the text (length 70)\n"
    "spans[11].fragments[1]: [65, 80) goes past the end of the text (length 70)\n"
    "spans[13].text[1]: “than” does not match the article text at [30, 34), which is “that”\n"
    "spans[14].fragments: a discontinuous span needs at least two fragments; omit \"fragments\" for a contiguous span\n"
    "spans[15].text: missing text; expected “Ana Ruiz” (the article at [6, 14))\n"
    "spans[16].text: a discontinuous span's text must be a list of its 2 fragments' texts\n"
    "spans[17].attributes.kind: expected one of direct, indirect, partial for “kind”, got 3\n"
    "unplaced[1].id: duplicate id “s1”: already used by spans[0]; span ids must be unique\n"
    "unplaced[1].reason: unknown reason “lost”; expected ambiguous, not-found or article-changed\n"
    "unplaced[2].label: unknown label “BAR”; expected one of PERSON, ORG, LOCATION, DATE, EVENT, QUOTE, CLAIM\n"
    "unplaced[2].reason: missing reason; expected ambiguous, not-found or article-changed\n"
    "unplaced[2].candidates[0]: [60, 90) is not a range inside the text (length 70)\n"
    "relations[1].from: a speaker relation must start at a QUOTE span; s1 is a PERSON\n"
    "relations[1].to: a speaker relation must end at a PERSON or ORG span; s5 is a QUOTE\n"
    "relations[2].to: no span has id “s99”\n"
    "relations[3].type: unknown relation type “likes”; expected one of speaker, claimant\n"
    "relations[4].id: duplicate id “r1”: already used by relations[0]; relation ids must be unique\n"
    "relations[5].to: a claimant relation must end at a PERSON or ORG span; s6 is a CLAIM\n"
    "relations[5].to: a relation cannot link span s6 to itself\n";

  /* File order deliberately not position order: paths must follow the file. */
  load (set, span_with_text ("s1", "PERSON", 6, 14, "Ana Ruiz"));
  load (set, span_with_text ("s2", "PERSON", 6, 14, "Ana Ruis"));
  load (set, span_with_text ("s3", "FOO", 15, 19, "said"));
  load (set, span_with_text ("s1", "DATE", 23, 29, "Monday"));
  span = span_with_text ("s5", "QUOTE", 15, 69, "said on Monday that the city will cut bus fares by 20%");
  newsmark_span_set_attribute (span, "kind", g_variant_new_string ("exact"));
  load (set, span);
  span = span_with_text ("s6", "CLAIM", 35, 69, "the city will cut bus fares by 20%");
  newsmark_span_set_attribute (span, "checkworthy", g_variant_new_double (7));
  newsmark_span_set_attribute (span, "foo", g_variant_new_boolean (TRUE));
  load (set, span);
  load (set, span_with_text ("s7", "LOCATION", 39, 75, "city"));
  load (set, span_with_text ("s8", "EVENT", 50, 45, "x"));
  load (set, span_with_text ("s9", "ORG", 60, 60, ""));
  {
    static const char * const t[] = { "said", "on Monday t", NULL };
    load (set, discontinuous ("s10", 15, 19, 17, 30, t));
  }
  {
    static const char * const t[] = { "said", " on Monday", NULL };
    load (set, discontinuous ("s11", 15, 19, 19, 29, t));
  }
  load (set, discontinuous ("s12", 15, 19, 65, 80, ok_texts));
  load (set, discontinuous ("s13", 15, 19, 30, 34, ok_texts));
  load (set, discontinuous ("s14", 15, 19, 30, 34, bad_texts));
  {
    NewsmarkFragment one = { 15, 19 };
    static const char * const t[] = { "said", NULL };
    span = span_with_text ("s15", "QUOTE", 15, 19, NULL);
    newsmark_span_set_fragments (span, &one, 1);
    newsmark_span_set_fragment_texts (span, t);
    load (set, span);
  }
  load (set, span_with_text ("s16", "PERSON", 6, 14, NULL));
  span = discontinuous ("s17", 15, 19, 30, 34, NULL);
  newsmark_span_set_text (span, "said that");
  load (set, span);
  span = span_with_text ("s18", "QUOTE", 15, 19, "said");
  newsmark_span_set_attribute (span, "kind", g_variant_new_double (3));
  load (set, span);

  {
    NewsmarkFragment cand = { 6, 14 }, bad = { 60, 90 };
    NewsmarkSpan *u;

    u = span_with_text ("s20", "PERSON", 0, 0, "Ana Ruiz");
    newsmark_span_set_unplaced_reason (u, "ambiguous");
    newsmark_span_set_candidates (u, &cand, 1);
    _newsmark_annotation_set_load_unplaced (set, u);
    g_object_unref (u);
    u = span_with_text ("s1", "PERSON", 0, 0, "Ana");
    newsmark_span_set_unplaced_reason (u, "lost");
    _newsmark_annotation_set_load_unplaced (set, u);
    g_object_unref (u);
    u = span_with_text ("s21", "BAR", 0, 0, "x");
    newsmark_span_set_candidates (u, &bad, 1);
    _newsmark_annotation_set_load_unplaced (set, u);
    g_object_unref (u);
  }

  load_relation (set, "r1", "speaker", "s5", "s1");
  load_relation (set, "r2", "speaker", "s1", "s5");
  load_relation (set, "r3", "claimant", "s6", "s99");
  load_relation (set, "r4", "likes", "s1", "s5");
  load_relation (set, "r1", "speaker", "s13", "s1");
  load_relation (set, "r6", "claimant", "s6", "s6");
  /* A relation to an unplaced span is fine. */
  load_relation (set, "r7", "speaker", "s13", "s20");

  _newsmark_annotation_set_finish_load (set);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_false (newsmark_annotation_set_can_undo (set));

  g_assert_false (newsmark_annotation_set_check (set, "article.newsmark.json", problems));
  dump = test_problems_dump (problems);
  g_assert_cmpstr (dump, ==, expected);
  g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, problems->len);

  {
    g_autofree char *line = newsmark_problem_to_string (problems->pdata[0]);
    g_assert_cmpstr (line, ==, "article.newsmark.json: error: spans[1].text: “Ana Ruis” does not match "
                               "the article text at [6, 14), which is “Ana Ruiz”");
  }

  /* Ids continue after the highest loaded ones. */
  {
    g_autofree char *sid = newsmark_annotation_set_next_span_id (set);
    g_autofree char *rid = newsmark_annotation_set_next_relation_id (set);
    g_assert_cmpstr (sid, ==, "s22");
    g_assert_cmpstr (rid, ==, "r8");
  }

  /* The model itself is sorted whatever the file order. */
  {
    GListModel *model = newsmark_annotation_set_get_spans (set);
    g_autoptr(NewsmarkSpan) first = g_list_model_get_item (model, 0);
    g_assert_cmpuint (newsmark_span_get_start (first), ==, 6);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 18);
  }
}

static void
test_check_valid_and_position_paths (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *quote, *person, *claim;
  g_autofree char *dump = NULL;

  person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);
  claim = newsmark_annotation_set_create_span (set, "CLAIM", 35, 69, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "checkworthy", g_variant_new_double (3), &error));
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "verdict", g_variant_new_string ("misleading"), &error));
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, quote, "kind", g_variant_new_string ("indirect"), &error));
  g_assert_nonnull (newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error));
  g_assert_nonnull (newsmark_annotation_set_create_relation (set, "claimant", claim, person, &error));
  g_assert_no_error (error);

  g_assert_true (newsmark_annotation_set_check (set, NULL, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  /* A span broken behind the set's back is reported at its position. */
  newsmark_span_set_text (claim, "the bus");
  g_assert_false (newsmark_annotation_set_check (set, NULL, problems));
  dump = test_problems_dump (problems);
  g_assert_cmpstr (dump, ==, "spans[2].text: “the bus” does not match the article text at [35, 69), "
                             "which is “the city will cut bus fares by 20%”\n");
  {
    g_autofree char *line = newsmark_problem_to_string (problems->pdata[0]);
    g_assert_true (g_str_has_prefix (line, "error: spans[2].text: "));
  }
}

static void
test_create_and_add_rules (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSpan) prepared = NULL;
  NewsmarkSpan *span;

  g_assert_null (newsmark_annotation_set_create_span (set, "FOO", 0, 5, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "unknown label “FOO”; expected one of PERSON, ORG, LOCATION, DATE, EVENT, QUOTE, CLAIM");
  g_clear_error (&error);

  g_assert_null (newsmark_annotation_set_create_span (set, "PERSON", 60, 71, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "the range [60, 71) goes past the end of the text (length 70)");
  g_clear_error (&error);

  g_assert_null (newsmark_annotation_set_create_span (set, "PERSON", 6, 6, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (newsmark_annotation_set_create_span (set, "PERSON", 9, 6, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "reversed"));
  g_clear_error (&error);
  g_assert_false (newsmark_annotation_set_can_undo (set));

  span = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_span_get_id (span), ==, "s1");
  g_assert_cmpstr (newsmark_span_get_text (span), ==, "Ana Ruiz");
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_origin (span)->kind, ==, NEWSMARK_ORIGIN_HUMAN);
  g_assert_cmpstr (newsmark_span_get_origin (span)->annotator, ==, "tester");
  g_assert_nonnull (newsmark_span_get_created (span));
  g_assert_true (g_str_has_suffix (newsmark_span_get_created (span), "Z"));
  g_assert_cmpstr (newsmark_span_get_modified (span), ==, newsmark_span_get_created (span));

  /* add_span: prepared by an importer, with a model origin. */
  prepared = newsmark_span_new (NULL, "DATE", 23, 29);
  {
    g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("spacy-news", "3.7", TRUE, 0.93);
    newsmark_span_set_origin (prepared, origin);
  }
  newsmark_span_set_status (prepared, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_annotation_set_add_span (set, prepared, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_span_get_id (prepared), ==, "s2");
  g_assert_cmpstr (newsmark_span_get_text (prepared), ==, "Monday");
  g_assert_cmpint (newsmark_span_get_origin (prepared)->kind, ==, NEWSMARK_ORIGIN_MODEL);
  /* Adding it twice is refused. */
  g_assert_false (newsmark_annotation_set_add_span (set, prepared, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  {
    g_autoptr(NewsmarkSpan) dup = newsmark_span_new ("s1", "ORG", 0, 5);
    g_autoptr(NewsmarkSpan) wrong = newsmark_span_new (NULL, "ORG", 0, 5);
    g_autoptr(NewsmarkSpan) badattr = newsmark_span_new (NULL, "QUOTE", 15, 19);

    g_assert_false (newsmark_annotation_set_add_span (set, dup, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
    g_assert_cmpstr (error->message, ==, "a span with id “s1” already exists");
    g_clear_error (&error);

    newsmark_span_set_text (wrong, "Mayors");
    g_assert_false (newsmark_annotation_set_add_span (set, wrong, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "the text “Mayors” does not match the article at [0, 5), which reads “Mayor”");
    g_clear_error (&error);

    newsmark_span_set_attribute (badattr, "kind", g_variant_new_string ("loud"));
    g_assert_false (newsmark_annotation_set_add_span (set, badattr, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 2);
}

static void
test_relation_rules (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *person, *quote, *claim, *date;
  NewsmarkRelation *rel;

  person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);
  claim = newsmark_annotation_set_create_span (set, "CLAIM", 35, 69, &error);
  date = newsmark_annotation_set_create_span (set, "DATE", 23, 29, &error);
  g_assert_no_error (error);

  g_assert_null (newsmark_annotation_set_create_relation (set, "speaker", person, quote, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "a speaker relation must start at a QUOTE span; s1 is a PERSON");
  g_clear_error (&error);

  g_assert_null (newsmark_annotation_set_create_relation (set, "speaker", quote, date, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "a speaker relation must end at a PERSON or ORG span; s4 is a DATE");
  g_clear_error (&error);

  g_assert_null (newsmark_annotation_set_create_relation (set, "quoted-by", quote, person, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "unknown relation type “quoted-by”; expected one of speaker, claimant");
  g_clear_error (&error);

  rel = newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_relation_get_id (rel), ==, "r1");
  g_assert_cmpstr (newsmark_relation_get_from (rel), ==, "s2");
  g_assert_cmpstr (newsmark_relation_get_to (rel), ==, "s1");
  g_assert_cmpstr (newsmark_relation_get_origin (rel)->annotator, ==, "tester");

  g_assert_null (newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "s2 already has a speaker relation to s1 (r1)");
  g_clear_error (&error);

  g_assert_nonnull (newsmark_annotation_set_create_relation (set, "claimant", claim, person, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GPtrArray) of_person = newsmark_annotation_set_relations_of (set, person);
    g_autoptr(GPtrArray) of_quote = newsmark_annotation_set_relations_of (set, quote);
    g_autoptr(GPtrArray) of_date = newsmark_annotation_set_relations_of (set, date);

    g_assert_cmpuint (of_person->len, ==, 2);
    g_assert_cmpstr (newsmark_relation_get_id (of_person->pdata[0]), ==, "r1");
    g_assert_cmpstr (newsmark_relation_get_id (of_person->pdata[1]), ==, "r2");
    g_assert_cmpuint (of_quote->len, ==, 1);
    g_assert_cmpuint (of_date->len, ==, 0);
  }

  /* A label change that would break a relation is refused … */
  g_assert_false (newsmark_annotation_set_set_span_label (set, person, "DATE", &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "span s1 is an end of speaker relation r1, which does not allow a DATE there; "
                                       "remove the relation first");
  g_clear_error (&error);
  /* … one that keeps it valid is fine. */
  g_assert_true (newsmark_annotation_set_set_span_label (set, person, "ORG", &error));
  g_assert_no_error (error);

  /* Prepared relation with no id. */
  {
    g_autoptr(NewsmarkRelation) prepared = newsmark_relation_new (NULL, "speaker", "s2", "s1");
    g_autoptr(NewsmarkRelation) missing = newsmark_relation_new (NULL, "speaker", "s2", "s404");

    /* Same type and ends as r1. */
    g_assert_false (newsmark_annotation_set_add_relation (set, prepared, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_false (newsmark_annotation_set_add_relation (set, missing, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "no span has id “s404”");
    g_clear_error (&error);
  }

  /* Removing a span removes its relations in the same step. */
  newsmark_annotation_set_remove_span (set, person);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 0);
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 2);
}

static void
test_label_change_drops_foreign_attributes (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);

  g_assert_true (newsmark_annotation_set_set_span_attribute (set, span, "kind", g_variant_new_string ("direct"), &error));
  g_assert_true (newsmark_annotation_set_set_span_label (set, span, "CLAIM", &error));
  g_assert_null (newsmark_span_get_attribute (span, "kind"));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpstr (newsmark_span_get_label (span), ==, "QUOTE");
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (span, "kind"), NULL), ==, "direct");

  g_assert_false (newsmark_annotation_set_set_span_attribute (set, span, "verdict", g_variant_new_string ("true"), &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "QUOTE has no attribute “verdict”; expected one of kind");
  g_clear_error (&error);
  g_assert_false (newsmark_annotation_set_set_span_attribute (set, span, "kind", g_variant_new_boolean (TRUE), &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_clear_error (&error);
  /* Removing an attribute. */
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, span, "kind", NULL, &error));
  g_assert_null (newsmark_span_get_attribute (span, "kind"));
}

static void
test_fragments_editing (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 19, &error);
  NewsmarkFragment bad[2] = { { 15, 25 }, { 20, 30 } };
  const char * const *texts;

  /* Add a second fragment: becomes discontinuous. */
  g_assert_true (newsmark_annotation_set_add_span_fragment (set, quote, 30, 34, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  g_assert_cmpuint (newsmark_span_get_start (quote), ==, 15);
  g_assert_cmpuint (newsmark_span_get_end (quote), ==, 34);
  texts = newsmark_span_get_fragment_texts (quote);
  g_assert_cmpstr (texts[0], ==, "said");
  g_assert_cmpstr (texts[1], ==, "that");
  g_assert_cmpstr (newsmark_span_get_text (quote), ==, "said … that");
  g_assert_true (newsmark_span_covers (quote, 16));
  g_assert_false (newsmark_span_covers (quote, 25));

  /* A touching fragment merges. */
  g_assert_true (newsmark_annotation_set_add_span_fragment (set, quote, 19, 23, &error));
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  g_assert_cmpuint (newsmark_span_get_fragments (quote)[0].end, ==, 23);

  /* Filling the gap makes it contiguous again. */
  g_assert_true (newsmark_annotation_set_add_span_fragment (set, quote, 22, 31, &error));
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 0);
  g_assert_cmpstr (newsmark_span_get_text (quote), ==, "said on Monday that");
  g_assert_null (newsmark_span_get_fragment_texts (quote));

  g_assert_false (newsmark_annotation_set_set_span_fragments (set, quote, bad, 2, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_clear_error (&error);

  /* Resizing a discontinuous span moves its outer edges. */
  {
    NewsmarkFragment f[2] = { { 15, 19 }, { 30, 34 } };
    g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, f, 2, &error));
    g_assert_true (newsmark_annotation_set_set_span_range (set, quote, 6, 43, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (newsmark_span_get_fragments (quote)[0].start, ==, 6);
    g_assert_cmpuint (newsmark_span_get_fragments (quote)[1].end, ==, 43);
    g_assert_cmpstr (newsmark_span_get_fragment_texts (quote)[1], ==, "that the city");
    g_assert_false (newsmark_annotation_set_set_span_range (set, quote, 20, 43, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  }
}

static void
test_log_entries (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  GPtrArray *log = newsmark_annotation_set_get_log (set);
  g_autoptr(NewsmarkSpan) suggestion = newsmark_span_new (NULL, "PERSON", 6, 14);
  NewsmarkLogEntry *e;

  newsmark_span_set_status (suggestion, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_annotation_set_add_span (set, suggestion, &error));
  g_assert_cmpuint (log->len, ==, 1);
  e = log->pdata[0];
  g_assert_cmpstr (e->action, ==, "create");
  g_assert_cmpstr (e->who, ==, "tester");
  g_assert_cmpstr (e->target, ==, "s1");
  g_assert_cmpstr (e->detail_json, ==,
                   "{\"label\":\"PERSON\",\"start\":6,\"end\":14,\"text\":\"Ana Ruiz\",\"status\":\"suggested\"}");
  g_assert_true (g_str_has_suffix (e->time, "Z"));

  newsmark_annotation_set_set_span_status (set, suggestion, NEWSMARK_STATUS_ACCEPTED);
  e = log->pdata[1];
  g_assert_cmpstr (e->action, ==, "accept");
  g_assert_cmpstr (e->detail_json, ==, "{\"status\":[\"suggested\",\"accepted\"]}");

  newsmark_annotation_set_set_span_status (set, suggestion, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpstr (((NewsmarkLogEntry *) log->pdata[2])->action, ==, "reject");

  newsmark_annotation_set_set_span_label (set, suggestion, "ORG", &error);
  e = log->pdata[3];
  g_assert_cmpstr (e->action, ==, "edit");
  g_assert_cmpstr (e->detail_json, ==, "{\"label\":[\"PERSON\",\"ORG\"]}");

  newsmark_annotation_set_undo (set);
  e = log->pdata[4];
  g_assert_cmpstr (e->action, ==, "undo");
  g_assert_cmpstr (e->detail_json, ==, "{\"step\":\"Change label to ORG\"}");

  /* Free-form entries by the application. */
  newsmark_annotation_set_log (set, "bulk-accept", NULL, "{\"label\":\"PERSON\",\"min_score\":0.9}");
  newsmark_annotation_set_append_log_entry (set, newsmark_log_entry_new ("2026-01-01T00:00:00Z", "bob",
                                                                         "import", NULL, NULL));
  g_assert_cmpuint (log->len, ==, 7);
  e = log->pdata[6];
  g_assert_cmpstr (e->who, ==, "bob");
  {
    g_autoptr(NewsmarkLogEntry) copy = newsmark_log_entry_copy (e);
    g_assert_cmpstr (copy->time, ==, "2026-01-01T00:00:00Z");
    g_assert_null (copy->detail_json);
  }
}

static void
test_unplaced_and_reload (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(NewsmarkSpan) u = newsmark_span_new (NULL, "PERSON", 0, 0);
  g_autoptr(NewsmarkDocument) doc2 = NULL;
  NewsmarkSpan *person, *quote, **peek;
  guint n;

  person = newsmark_annotation_set_create_span (set, "PERSON", 6, 14, &error);
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 69, &error);
  g_assert_nonnull (newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error));
  newsmark_span_set_text (u, "Ana");
  newsmark_span_set_unplaced_reason (u, "not-found");
  newsmark_annotation_set_add_unplaced (set, u);
  g_assert_cmpstr (newsmark_span_get_id (u), ==, "s3");
  g_assert_true (newsmark_annotation_set_find_span (set, "s3") == u);
  g_assert_cmpuint (newsmark_annotation_set_get_span_position (set, u), ==, G_MAXUINT);

  peek = _newsmark_annotation_set_peek_spans (set, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (peek[0] == person);
  g_assert_true (peek[1] == quote);
  peek = _newsmark_annotation_set_peek_unplaced (set, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (peek[0] == u);
  g_assert_nonnull (_newsmark_annotation_set_peek_relations (set, &n));
  g_assert_cmpuint (n, ==, 1);

  /* The re-anchoring sequence: take, swap document, give back. */
  doc2 = newsmark_document_new_from_text ("Breaking: " TEXT, -1, &error);
  g_assert_no_error (error);
  taken = _newsmark_annotation_set_take_spans (set);
  g_assert_cmpuint (taken->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 0);
  g_assert_null (newsmark_annotation_set_find_span (set, "s1"));
  _newsmark_annotation_set_set_document (set, doc2);
  for (guint i = 0; i < 2; i++)
    {
      NewsmarkSpan *s = taken->pdata[i];
      newsmark_span_set_range (s, newsmark_span_get_start (s) + 10, newsmark_span_get_end (s) + 10);
      _newsmark_annotation_set_load_span (set, s);
    }
  _newsmark_annotation_set_load_unplaced (set, taken->pdata[2]);
  _newsmark_annotation_set_finish_load (set);
  newsmark_annotation_set_set_modified (set, TRUE);

  g_assert_true (newsmark_annotation_set_get_document (set) == doc2);
  g_assert_true (newsmark_annotation_set_find_span (set, "s1") == person);
  g_assert_cmpuint (newsmark_span_get_start (person), ==, 16);
  g_assert_true (newsmark_annotation_set_get_modified (set));
  {
    g_autoptr(GPtrArray) problems = newsmark_problems_new ();
    g_autoptr(GPtrArray) rels = newsmark_annotation_set_relations_of (set, person);

    g_assert_true (newsmark_annotation_set_check (set, NULL, problems));
    g_assert_cmpuint (rels->len, ==, 1);
  }
  {
    g_autoptr(GPtrArray) at = newsmark_annotation_set_spans_at (set, 17);
    g_assert_cmpuint (at->len, ==, 1);
    g_assert_true (at->pdata[0] == person);
  }
}

static void
test_unplaced_edits_and_noops (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(NewsmarkSpan) u = newsmark_span_new (NULL, "QUOTE", 0, 0);
  g_autoptr(NewsmarkSpan) stranger = newsmark_span_new ("x1", "PERSON", 0, 5);
  g_autoptr(GError) error = NULL;
  NewsmarkFragment f[2] = { { 15, 19 }, { 30, 34 } };
  NewsmarkSpan *quote;

  newsmark_span_set_unplaced_reason (u, "not-found");
  newsmark_annotation_set_add_unplaced (set, u);

  /* Range edits need a placed span … */
  g_assert_false (newsmark_annotation_set_set_span_range (set, u, 0, 5, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "span s1 is not placed in the text; place it first");
  g_clear_error (&error);
  g_assert_false (newsmark_annotation_set_set_span_range (set, stranger, 0, 5, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* … while its attributes and note can be edited. */
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, u, "kind", g_variant_new_string ("partial"), &error));
  newsmark_annotation_set_set_span_note (set, u, "seen in the print edition");
  g_assert_cmpstr (newsmark_span_get_note (u), ==, "seen in the print edition");

  /* remove_span accepts an unplaced span too; undo brings it back. */
  newsmark_annotation_set_remove_span (set, u);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 1);

  /* Setting what is already there is not a step. */
  quote = newsmark_annotation_set_create_span (set, "QUOTE", 15, 34, &error);
  g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, f, 2, &error));
  g_assert_cmpstr (newsmark_annotation_set_get_undo_description (set), ==, "Edit fragments");
  newsmark_annotation_set_set_span_note (set, quote, "x");
  g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, f, 2, &error));
  g_assert_true (newsmark_annotation_set_set_span_range (set, quote, 15, 34, &error));
  g_assert_true (newsmark_annotation_set_set_span_label (set, quote, "QUOTE", &error));
  newsmark_annotation_set_set_span_note (set, quote, "x");
  g_assert_cmpstr (newsmark_annotation_set_get_undo_description (set), ==, "Edit note");
  g_assert_no_error (error);
}

static void
test_replace_span (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSpan) suggestion = newsmark_span_new ("m1", "ORG", 0, 14);
  g_autoptr(NewsmarkSpan) edited = NULL;
  g_autoptr(NewsmarkSpan) wrong = NULL;
  g_autofree char *created = NULL;
  g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("ner", "2", TRUE, 0.6);

  newsmark_span_set_origin (suggestion, origin);
  newsmark_span_set_status (suggestion, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_annotation_set_add_span (set, suggestion, &error));
  created = g_strdup (newsmark_span_get_created (suggestion));

  /* Review "edit then accept": narrow to the name, relabel, accept. */
  edited = newsmark_span_copy (suggestion);
  newsmark_span_set_id (edited, "ignored");
  newsmark_span_set_label (edited, "PERSON");
  newsmark_span_set_range (edited, 6, 14);
  newsmark_span_set_text (edited, NULL);
  newsmark_span_set_status (edited, NEWSMARK_STATUS_ACCEPTED);
  g_assert_true (newsmark_annotation_set_replace_span (set, suggestion, edited, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_span_get_id (suggestion), ==, "m1");
  g_assert_cmpstr (newsmark_span_get_label (suggestion), ==, "PERSON");
  g_assert_cmpstr (newsmark_span_get_text (suggestion), ==, "Ana Ruiz");
  g_assert_cmpint (newsmark_span_get_status (suggestion), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpstr (newsmark_span_get_created (suggestion), ==, created);
  g_assert_cmpstr (newsmark_span_get_origin (suggestion)->name, ==, "ner");
  g_assert_true (newsmark_annotation_set_find_span (set, "m1") == suggestion);
  g_assert_null (newsmark_annotation_set_find_span (set, "ignored"));

  wrong = newsmark_span_copy (suggestion);
  newsmark_span_set_text (wrong, "Ana");
  g_assert_false (newsmark_annotation_set_replace_span (set, suggestion, wrong, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpstr (newsmark_span_get_label (suggestion), ==, "ORG");
  g_assert_cmpuint (newsmark_span_get_start (suggestion), ==, 0);
  g_assert_cmpstr (newsmark_span_get_text (suggestion), ==, "Mayor Ana Ruiz");
  g_assert_cmpint (newsmark_span_get_status (suggestion), ==, NEWSMARK_STATUS_SUGGESTED);
}

static void
test_properties_and_signals (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (TEXT);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/a.newsmark.json");
  g_autoptr(NewsmarkDocument) doc = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autofree char *annotator = NULL;
  gboolean can_undo = TRUE;

  newsmark_annotation_set_set_file (set, file);
  newsmark_annotation_set_set_document_path (set, "a.txt");
  g_object_get (set, "document", &doc, "schema", &schema, "annotator", &annotator,
                "can-undo", &can_undo, NULL);
  g_assert_true (doc == newsmark_annotation_set_get_document (set));
  g_assert_true (schema == newsmark_annotation_set_get_schema (set));
  g_assert_cmpstr (annotator, ==, "tester");
  g_assert_false (can_undo);
  g_assert_true (newsmark_annotation_set_get_file (set) == file);
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "a.txt");
  g_assert_true (g_list_model_get_item_type (newsmark_annotation_set_get_relations (set)) == NEWSMARK_TYPE_RELATION);
  g_assert_true (g_list_model_get_item_type (newsmark_annotation_set_get_unplaced (set)) == NEWSMARK_TYPE_SPAN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation-set/check-every-rule", test_check_every_rule);
  g_test_add_func ("/annotation-set/check-valid", test_check_valid_and_position_paths);
  g_test_add_func ("/annotation-set/create-add", test_create_and_add_rules);
  g_test_add_func ("/annotation-set/relations", test_relation_rules);
  g_test_add_func ("/annotation-set/label-change-attributes", test_label_change_drops_foreign_attributes);
  g_test_add_func ("/annotation-set/fragments", test_fragments_editing);
  g_test_add_func ("/annotation-set/log", test_log_entries);
  g_test_add_func ("/annotation-set/unplaced-reload", test_unplaced_and_reload);
  g_test_add_func ("/annotation-set/unplaced-edits-noops", test_unplaced_edits_and_noops);
  g_test_add_func ("/annotation-set/replace", test_replace_span);
  g_test_add_func ("/annotation-set/properties", test_properties_and_signals);

  return g_test_run ();
}
