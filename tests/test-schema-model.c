/* test-schema-model.c — labels, attribute definitions, relation types, the
 * schema consistency check, and the small shared types */

#include <math.h>
#include <string.h>

#include "test-model-common.h"

static void
check_value_fails (NewsmarkAttributeDef *def,
                   GVariant             *value,
                   const char           *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (newsmark_attribute_def_check_value (def, value, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_attribute_values (void)
{
  g_autoptr(NewsmarkSchema) schema = test_newsroom_schema ();
  NewsmarkLabel *claim = newsmark_schema_find_label (schema, "CLAIM");
  NewsmarkLabel *quote = newsmark_schema_find_label (schema, "QUOTE");
  NewsmarkAttributeDef *checkworthy = newsmark_label_find_attribute (claim, "checkworthy");
  NewsmarkAttributeDef *verdict = newsmark_label_find_attribute (claim, "verdict");
  NewsmarkAttributeDef *kind = newsmark_label_find_attribute (quote, "kind");
  g_autoptr(NewsmarkAttributeDef) flag = newsmark_attribute_def_new ("disputed", NEWSMARK_ATTRIBUTE_BOOLEAN);
  g_autoptr(NewsmarkAttributeDef) text = newsmark_attribute_def_new ("source", NEWSMARK_ATTRIBUTE_TEXT);
  g_autoptr(NewsmarkAttributeDef) score = newsmark_attribute_def_new ("score", NEWSMARK_ATTRIBUTE_NUMBER);
  g_autoptr(GVariant) kept = g_variant_ref_sink (g_variant_new_string ("direct"));
  double min, max;

  g_assert_nonnull (checkworthy);
  g_assert_null (newsmark_label_find_attribute (claim, "kind"));
  g_assert_cmpint (newsmark_attribute_def_get_kind (checkworthy), ==, NEWSMARK_ATTRIBUTE_NUMBER);
  g_assert_true (newsmark_attribute_def_get_range (checkworthy, &min, &max));
  g_assert_cmpfloat (min, ==, 1);
  g_assert_cmpfloat (max, ==, 5);
  g_assert_true (newsmark_attribute_def_get_integer (checkworthy));
  g_assert_cmpstr (newsmark_attribute_def_get_values (verdict)[2], ==, "mostly-true");

  g_assert_true (newsmark_attribute_def_check_value (checkworthy, g_variant_new_double (3), NULL));
  g_assert_true (newsmark_attribute_def_check_value (checkworthy, g_variant_new_double (1), NULL));
  g_assert_true (newsmark_attribute_def_check_value (checkworthy, g_variant_new_double (5), NULL));
  check_value_fails (checkworthy, g_variant_new_double (7),
                     "expected a whole number from 1 to 5 for “checkworthy”, got 7");
  check_value_fails (checkworthy, g_variant_new_double (0),
                     "expected a whole number from 1 to 5 for “checkworthy”, got 0");
  check_value_fails (checkworthy, g_variant_new_double (2.5),
                     "expected a whole number for “checkworthy”, got 2.5");
  check_value_fails (checkworthy, g_variant_new_double (NAN),
                     "expected a finite number for “checkworthy”, got nan");
  check_value_fails (checkworthy, g_variant_new_string ("3"),
                     "expected a number for “checkworthy”, got '3'");
  check_value_fails (checkworthy, g_variant_new_int32 (3),
                     "expected a number for “checkworthy”, got 3");

  g_assert_true (newsmark_attribute_def_check_value (verdict, g_variant_new_string ("misleading"), NULL));
  check_value_fails (verdict, g_variant_new_string ("fake"),
                     "“fake” is not a value of “verdict”; expected one of unverified, true, "
                     "mostly-true, misleading, false, unprovable");
  check_value_fails (kind, g_variant_new_boolean (TRUE),
                     "expected one of direct, indirect, partial for “kind”, got true");

  /* A non-floating value is not consumed. */
  g_assert_true (newsmark_attribute_def_check_value (kind, kept, NULL));
  g_assert_cmpstr (g_variant_get_string (kept, NULL), ==, "direct");

  g_assert_true (newsmark_attribute_def_check_value (flag, g_variant_new_boolean (FALSE), NULL));
  check_value_fails (flag, g_variant_new_string ("yes"), "expected true or false for “disputed”, got 'yes'");
  g_assert_true (newsmark_attribute_def_check_value (text, g_variant_new_string ("minutes, p. 4"), NULL));
  check_value_fails (text, g_variant_new_double (4), "expected a string for “source”, got 4");

  /* Unbounded number, then one open end. */
  g_assert_false (newsmark_attribute_def_get_range (score, NULL, NULL));
  g_assert_true (newsmark_attribute_def_check_value (score, g_variant_new_double (-1e9), NULL));
  g_assert_true (newsmark_attribute_def_check_value (score, g_variant_new_double (0.25), NULL));
  newsmark_attribute_def_set_range (score, 0, INFINITY);
  g_assert_true (newsmark_attribute_def_get_range (score, NULL, NULL));
  check_value_fails (score, g_variant_new_double (-0.5), "expected a number of at least 0 for “score”, got -0.5");
}

static void
test_labels_and_lookup (void)
{
  g_autoptr(NewsmarkSchema) schema = test_newsroom_schema ();
  GListModel *labels = newsmark_schema_get_labels (schema);
  NewsmarkLabel *quote;
  g_autoptr(NewsmarkLabel) first = NULL;

  g_assert_cmpstr (newsmark_schema_get_name (schema), ==, "newsroom");
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 7);
  first = g_list_model_get_item (labels, 0);
  g_assert_cmpstr (newsmark_label_get_name (first), ==, "PERSON");

  quote = newsmark_schema_find_label_by_key (schema, "q");
  g_assert_nonnull (quote);
  g_assert_cmpstr (newsmark_label_get_name (quote), ==, "QUOTE");
  g_assert_cmpint (newsmark_label_get_category (quote), ==, NEWSMARK_CATEGORY_QUOTE);
  g_assert_cmpstr (newsmark_label_get_colour (quote), ==, "#a051c0");
  g_assert_cmpstr (newsmark_label_get_key (quote), ==, "q");
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_label_get_attributes (quote)), ==, 1);
  g_assert_null (newsmark_schema_find_label_by_key (schema, "z"));
  g_assert_null (newsmark_schema_find_label (schema, "person"));
  g_assert_null (newsmark_schema_find_label (schema, NULL));

  newsmark_label_set_description (quote, "Words attributed to a speaker.");
  g_assert_cmpstr (newsmark_label_get_description (quote), ==, "Words attributed to a speaker.");
  {
    g_autofree char *name = NULL;
    NewsmarkCategory category;

    g_object_get (quote, "name", &name, "category", &category, NULL);
    g_assert_cmpstr (name, ==, "QUOTE");
    g_assert_cmpint (category, ==, NEWSMARK_CATEGORY_QUOTE);
  }
}

static void
test_relation_types (void)
{
  g_autoptr(NewsmarkSchema) schema = test_newsroom_schema ();
  NewsmarkRelationType *speaker = newsmark_schema_find_relation_type (schema, "speaker");

  g_assert_nonnull (speaker);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_schema_get_relation_types (schema)), ==, 2);
  g_assert_true (newsmark_relation_type_allows (speaker, "QUOTE", "PERSON"));
  g_assert_true (newsmark_relation_type_allows (speaker, "QUOTE", "ORG"));
  g_assert_false (newsmark_relation_type_allows (speaker, "CLAIM", "PERSON"));
  g_assert_false (newsmark_relation_type_allows (speaker, "QUOTE", "DATE"));
  g_assert_false (newsmark_relation_type_allows (speaker, NULL, "PERSON"));
  g_assert_cmpstr (newsmark_relation_type_get_from_labels (speaker)[0], ==, "QUOTE");
  g_assert_cmpstr (newsmark_relation_type_get_to_labels (speaker)[1], ==, "ORG");
  g_assert_null (newsmark_schema_find_relation_type (schema, "author"));
}

static void
test_schema_check (void)
{
  g_autoptr(NewsmarkSchema) good = test_newsroom_schema ();
  g_autoptr(NewsmarkSchema) bad = newsmark_schema_new ("broken");
  g_autoptr(GError) error = NULL;
  static const char * const from[] = { "QUOTE", NULL };
  static const char * const to[] = { "PERSON", "NOBODY", NULL };
  static const char * const dup_values[] = { "a", "b", "a", NULL };
  NewsmarkLabel *label;
  NewsmarkAttributeDef *def;
  NewsmarkRelationType *type;

  g_assert_true (newsmark_schema_check (good, &error));
  g_assert_no_error (error);

  label = newsmark_label_new ("PERSON", NEWSMARK_CATEGORY_ENTITY, "#3584e4", "p");
  newsmark_schema_add_label (bad, label);
  g_object_unref (label);
  label = newsmark_label_new ("PERSON", NEWSMARK_CATEGORY_ENTITY, "blue", "p");
  newsmark_schema_add_label (bad, label);
  g_object_unref (label);
  label = newsmark_label_new ("QUOTE", NEWSMARK_CATEGORY_QUOTE, "#A051C0", "qq");
  def = newsmark_attribute_def_new ("kind", NEWSMARK_ATTRIBUTE_ENUM);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  def = newsmark_attribute_def_new ("tone", NEWSMARK_ATTRIBUTE_ENUM);
  newsmark_attribute_def_set_values (def, dup_values);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  def = newsmark_attribute_def_new ("weight", NEWSMARK_ATTRIBUTE_NUMBER);
  newsmark_attribute_def_set_range (def, 5, 1);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  def = newsmark_attribute_def_new ("kind", NEWSMARK_ATTRIBUTE_TEXT);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  newsmark_schema_add_label (bad, label);
  g_object_unref (label);
  type = newsmark_relation_type_new ("speaker", from, to);
  newsmark_schema_add_relation_type (bad, type);
  g_object_unref (type);
  type = newsmark_relation_type_new ("speaker", from, NULL);
  newsmark_schema_add_relation_type (bad, type);
  g_object_unref (type);

  /* Lookups return the first of duplicates. */
  g_assert_cmpstr (newsmark_label_get_colour (newsmark_schema_find_label (bad, "PERSON")), ==, "#3584e4");

  g_assert_false (newsmark_schema_check (bad, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "labels[1].name: “PERSON” is already the name of labels[0]\n"
                   "labels[1].colour: “blue” is not a colour; expected #rrggbb\n"
                   "labels[1].key: “p” is already the key of labels[0]\n"
                   "labels[2].key: “qq” must be a single character\n"
                   "labels[2].attributes[0].values: an enum attribute needs at least one value\n"
                   "labels[2].attributes[1].values[2]: “a” is listed twice\n"
                   "labels[2].attributes[2].max: the range is empty (min must not exceed max)\n"
                   "labels[2].attributes[3].name: “kind” is defined twice for QUOTE\n"
                   "relations[0].to[1]: “NOBODY” is not a label of this schema\n"
                   "relations[1].name: “speaker” is defined twice\n"
                   "relations[1].to: needs at least one label");
}

static void
test_enum_strings (void)
{
  NewsmarkStatus status;
  NewsmarkCategory category;
  NewsmarkAttributeKind kind;

  g_assert_cmpstr (newsmark_status_to_string (NEWSMARK_STATUS_SUGGESTED), ==, "suggested");
  g_assert_true (newsmark_status_from_string ("rejected", &status));
  g_assert_cmpint (status, ==, NEWSMARK_STATUS_REJECTED);
  g_assert_false (newsmark_status_from_string ("Rejected", &status));
  g_assert_false (newsmark_status_from_string (NULL, &status));
  g_assert_cmpstr (newsmark_category_to_string (NEWSMARK_CATEGORY_CLAIM), ==, "claim");
  g_assert_true (newsmark_category_from_string ("entity", &category));
  g_assert_cmpint (category, ==, NEWSMARK_CATEGORY_ENTITY);
  g_assert_false (newsmark_category_from_string ("person", &category));
  g_assert_cmpstr (newsmark_attribute_kind_to_string (NEWSMARK_ATTRIBUTE_BOOLEAN), ==, "boolean");
  g_assert_true (newsmark_attribute_kind_from_string ("number", &kind));
  g_assert_cmpint (kind, ==, NEWSMARK_ATTRIBUTE_NUMBER);
  g_assert_false (newsmark_attribute_kind_from_string ("int", &kind));
  g_assert_true (G_TYPE_IS_ENUM (NEWSMARK_TYPE_STATUS));
  g_assert_true (G_TYPE_IS_ENUM (NEWSMARK_TYPE_CATEGORY));
}

static void
test_origin (void)
{
  g_autoptr(NewsmarkOrigin) human = newsmark_origin_new_human ("alice");
  g_autoptr(NewsmarkOrigin) anon = newsmark_origin_new_human (NULL);
  g_autoptr(NewsmarkOrigin) model = newsmark_origin_new_model ("spacy-news", "3.7", TRUE, 0.93);
  g_autoptr(NewsmarkOrigin) bare = newsmark_origin_new_model ("rules", NULL, FALSE, 0);
  g_autoptr(NewsmarkOrigin) copy = newsmark_origin_copy (model);
  g_autofree char *d1 = newsmark_origin_to_display (human);
  g_autofree char *d2 = newsmark_origin_to_display (model);
  g_autofree char *d3 = newsmark_origin_to_display (bare);
  g_autofree char *d4 = newsmark_origin_to_display (anon);

  g_assert_cmpstr (d1, ==, "human:alice");
  g_assert_cmpstr (d2, ==, "model:spacy-news 3.7 (0.93)");
  g_assert_cmpstr (d3, ==, "model:rules");
  g_assert_cmpstr (d4, ==, "human:anonymous");
  g_assert_true (newsmark_origin_equal (model, copy));
  g_assert_false (newsmark_origin_equal (model, bare));
  g_assert_false (newsmark_origin_equal (human, anon));
  g_assert_false (newsmark_origin_equal (human, NULL));
  g_assert_true (newsmark_origin_equal (NULL, NULL));
  copy->score = 0.5;
  g_assert_false (newsmark_origin_equal (model, copy));
}

static void
test_problem_strings (void)
{
  g_autoptr(NewsmarkProblem) full = newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, "a.json", "spans[12].end", 3, 14,
                                                          "%u is past the end of the text (length %u)", 812, 640);
  g_autoptr(NewsmarkProblem) no_pos = newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, "a.json", "spans[0]", 0, 0,
                                                            "re-anchored");
  g_autoptr(NewsmarkProblem) bare = newsmark_problem_new (NEWSMARK_SEVERITY_INFO, NULL, NULL, 0, 0, "hello");
  g_autoptr(NewsmarkProblem) line_only = newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, "b.json", NULL, 7, 0,
                                                               "unexpected end");
  g_autoptr(NewsmarkProblem) copy = newsmark_problem_copy (full);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autofree char *s1 = newsmark_problem_to_string (full);
  g_autofree char *s2 = newsmark_problem_to_string (no_pos);
  g_autofree char *s3 = newsmark_problem_to_string (bare);
  g_autofree char *s4 = newsmark_problem_to_string (line_only);

  g_assert_cmpstr (s1, ==, "a.json:3:14: error: spans[12].end: 812 is past the end of the text (length 640)");
  g_assert_cmpstr (s2, ==, "a.json: warning: spans[0]: re-anchored");
  g_assert_cmpstr (s3, ==, "info: hello");
  g_assert_cmpstr (s4, ==, "b.json:7: error: unexpected end");
  g_assert_cmpstr (copy->message, ==, full->message);
  g_assert_cmpint (copy->column, ==, 14);

  g_ptr_array_add (problems, newsmark_problem_copy (full));
  g_ptr_array_add (problems, newsmark_problem_copy (no_pos));
  g_ptr_array_add (problems, newsmark_problem_copy (line_only));
  g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, 2);
  g_assert_cmpuint (newsmark_problems_count_errors (NULL), ==, 0);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
test_span_basics (void)
{
  g_autoptr(NewsmarkSpan) a = newsmark_span_new ("s2", "PERSON", 5, 10);
  g_autoptr(NewsmarkSpan) b = newsmark_span_new ("s10", "PERSON", 5, 10);
  g_autoptr(NewsmarkSpan) outer = newsmark_span_new ("s9", "QUOTE", 5, 40);
  g_autoptr(NewsmarkSpan) later = newsmark_span_new ("s1", "DATE", 6, 7);
  g_autoptr(NewsmarkSpan) org = newsmark_span_new ("s1", "ORG", 5, 10);
  g_autoptr(NewsmarkSpan) copy = NULL;
  g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("m", "1", TRUE, 0.5);
  NewsmarkFragment f[2] = { { 5, 8 }, { 9, 10 } };
  static const char * const texts[] = { "abc", "e", NULL };
  g_auto(GStrv) names = NULL;
  g_autofree char *now = newsmark_now_iso8601 ();
  guint n_notify = 0;

  /* start asc, end desc (outer first), label, natural id. */
  g_assert_cmpint (newsmark_span_compare (outer, a), <, 0);
  g_assert_cmpint (newsmark_span_compare (a, later), <, 0);
  g_assert_cmpint (newsmark_span_compare (org, a), <, 0);
  g_assert_cmpint (newsmark_span_compare (a, b), <, 0);     /* s2 < s10 */
  g_assert_cmpint (newsmark_span_compare (b, a), >, 0);
  g_assert_cmpint (newsmark_span_compare (a, a), ==, 0);

  newsmark_span_set_fragments (a, f, 2);
  newsmark_span_set_fragment_texts (a, texts);
  newsmark_span_set_attribute (a, "kind", g_variant_new_string ("direct"));
  newsmark_span_set_attribute (a, "checkworthy", g_variant_new_double (2));
  newsmark_span_set_note (a, "n");
  newsmark_span_set_status (a, NEWSMARK_STATUS_SUGGESTED);
  newsmark_span_set_origin (a, origin);
  newsmark_span_set_created (a, now);
  newsmark_span_set_modified (a, now);
  newsmark_span_set_context (a, "… before and after …");

  g_assert_true (newsmark_span_covers (a, 5));
  g_assert_true (newsmark_span_covers (a, 7));
  g_assert_false (newsmark_span_covers (a, 8));
  g_assert_true (newsmark_span_covers (a, 9));
  g_assert_false (newsmark_span_covers (a, 10));
  g_assert_cmpstr (newsmark_span_get_text (a), ==, "abc … e");
  names = newsmark_span_list_attributes (a);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "checkworthy");
  g_assert_cmpstr (names[1], ==, "kind");

  copy = newsmark_span_copy (a);
  g_assert_true (newsmark_span_equal (a, copy));
  g_assert_cmpstr (newsmark_span_get_id (copy), ==, "s2");
  newsmark_span_set_attribute (copy, "kind", g_variant_new_string ("partial"));
  g_assert_false (newsmark_span_equal (a, copy));
  newsmark_span_set_attribute (copy, "kind", NULL);
  g_assert_null (newsmark_span_get_attribute (copy, "kind"));
  g_assert_false (newsmark_span_equal (a, copy));

  /* assign copies everything and notifies what changed. */
  g_signal_connect (b, "notify::note", G_CALLBACK (count_notify), &n_notify);
  newsmark_span_assign (b, a);
  g_assert_true (newsmark_span_equal (a, b));
  g_assert_cmpuint (n_notify, ==, 1);
  newsmark_span_assign (b, a);
  g_assert_cmpuint (n_notify, ==, 1);

  /* An empty note is no note. */
  newsmark_span_set_note (b, "");
  g_assert_null (newsmark_span_get_note (b));

  g_assert_cmpuint (strlen (now), ==, 20);
  g_assert_true (now[10] == 'T' && now[19] == 'Z');
}

static void
test_fragments_validate (void)
{
  NewsmarkFragment ok[3] = { { 0, 4 }, { 6, 9 }, { 12, 20 } };
  NewsmarkFragment overlap[2] = { { 0, 5 }, { 4, 9 } };
  NewsmarkFragment touching[2] = { { 0, 5 }, { 5, 9 } };
  NewsmarkFragment empty[2] = { { 0, 5 }, { 7, 7 } };
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_fragments_validate (ok, 3, 20, &error));
  g_assert_no_error (error);
  g_assert_true (newsmark_fragments_validate (ok, 3, G_MAXUINT, NULL));

  g_assert_false (newsmark_fragments_validate (ok, 3, 19, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "fragment 2 [12, 20) goes past the end of the text (length 19)");
  g_clear_error (&error);
  g_assert_false (newsmark_fragments_validate (ok, 1, 20, &error));
  g_assert_cmpstr (error->message, ==, "a discontinuous span needs at least two fragments, got 1");
  g_clear_error (&error);
  g_assert_false (newsmark_fragments_validate (overlap, 2, 20, &error));
  g_assert_cmpstr (error->message, ==, "fragment 1 [4, 9) overlaps or comes before fragment 0 [0, 5); "
                                       "expected sorted, non-overlapping fragments");
  g_clear_error (&error);
  g_assert_false (newsmark_fragments_validate (touching, 2, 20, &error));
  g_assert_cmpstr (error->message, ==, "fragment 1 starts where fragment 0 ends (5); touching fragments must be merged into one");
  g_clear_error (&error);
  g_assert_false (newsmark_fragments_validate (empty, 2, 20, &error));
  g_assert_cmpstr (error->message, ==, "fragment 1 [7, 7) is empty or reversed; expected start < end");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema-model/attribute-values", test_attribute_values);
  g_test_add_func ("/schema-model/labels", test_labels_and_lookup);
  g_test_add_func ("/schema-model/relation-types", test_relation_types);
  g_test_add_func ("/schema-model/check", test_schema_check);
  g_test_add_func ("/types/enum-strings", test_enum_strings);
  g_test_add_func ("/types/origin", test_origin);
  g_test_add_func ("/types/problem-strings", test_problem_strings);
  g_test_add_func ("/span/basics", test_span_basics);
  g_test_add_func ("/span/fragments-validate", test_fragments_validate);

  return g_test_run ();
}
