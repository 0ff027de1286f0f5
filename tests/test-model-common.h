/* test-model-common.h — fixtures shared by the core model tests
 *
 * The newsroom schema is built in code here, so that the model tests do
 * not depend on the schema JSON reader they are not testing.
 */
#pragma once

#include <newsmark/newsmark.h>

static inline NewsmarkSchema *
test_newsroom_schema (void)
{
  static const char * const quote_kinds[] = { "direct", "indirect", "partial", NULL };
  static const char * const claim_types[] = { "statistical", "causal", "comparison", "prediction", "other", NULL };
  static const char * const verdicts[] = { "unverified", "true", "mostly-true", "misleading", "false", "unprovable", NULL };
  static const char * const quote[] = { "QUOTE", NULL };
  static const char * const claim[] = { "CLAIM", NULL };
  static const char * const who[] = { "PERSON", "ORG", NULL };
  NewsmarkSchema *schema = newsmark_schema_new ("newsroom");
  NewsmarkLabel *label;
  NewsmarkAttributeDef *def;

#define ADD_LABEL(name, cat, colour, key)                               \
  label = newsmark_label_new (name, cat, colour, key);                  \
  newsmark_schema_add_label (schema, label);

  ADD_LABEL ("PERSON", NEWSMARK_CATEGORY_ENTITY, "#3584e4", "p");
  g_object_unref (label);
  ADD_LABEL ("ORG", NEWSMARK_CATEGORY_ENTITY, "#e66100", "o");
  g_object_unref (label);
  ADD_LABEL ("LOCATION", NEWSMARK_CATEGORY_ENTITY, "#26a269", "l");
  g_object_unref (label);
  ADD_LABEL ("DATE", NEWSMARK_CATEGORY_ENTITY, "#b5835a", "d");
  g_object_unref (label);
  ADD_LABEL ("EVENT", NEWSMARK_CATEGORY_ENTITY, "#c88800", "e");
  g_object_unref (label);

  ADD_LABEL ("QUOTE", NEWSMARK_CATEGORY_QUOTE, "#a051c0", "q");
  def = newsmark_attribute_def_new ("kind", NEWSMARK_ATTRIBUTE_ENUM);
  newsmark_attribute_def_set_values (def, quote_kinds);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  g_object_unref (label);

  ADD_LABEL ("CLAIM", NEWSMARK_CATEGORY_CLAIM, "#e0353d", "c");
  def = newsmark_attribute_def_new ("checkworthy", NEWSMARK_ATTRIBUTE_NUMBER);
  newsmark_attribute_def_set_range (def, 1, 5);
  newsmark_attribute_def_set_integer (def, TRUE);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  def = newsmark_attribute_def_new ("claim_type", NEWSMARK_ATTRIBUTE_ENUM);
  newsmark_attribute_def_set_values (def, claim_types);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  def = newsmark_attribute_def_new ("verdict", NEWSMARK_ATTRIBUTE_ENUM);
  newsmark_attribute_def_set_values (def, verdicts);
  newsmark_label_add_attribute (label, def);
  g_object_unref (def);
  g_object_unref (label);
#undef ADD_LABEL

  {
    NewsmarkRelationType *type;

    type = newsmark_relation_type_new ("speaker", quote, who);
    newsmark_schema_add_relation_type (schema, type);
    g_object_unref (type);
    type = newsmark_relation_type_new ("claimant", claim, who);
    newsmark_schema_add_relation_type (schema, type);
    g_object_unref (type);
  }

  return schema;
}

static inline NewsmarkAnnotationSet *
test_set_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, &error);
  g_autoptr(NewsmarkSchema) schema = test_newsroom_schema ();
  NewsmarkAnnotationSet *set;

  g_assert_no_error (error);
  set = newsmark_annotation_set_new (doc, schema);
  newsmark_annotation_set_set_annotator (set, "tester");
  return set;
}

/* The problems as "PATH: message" lines, for exact comparisons. */
static inline char *
test_problems_dump (GPtrArray *problems)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);
      g_string_append_printf (str, "%s: %s\n", p->json_path ? p->json_path : "", p->message);
    }
  return g_string_free (str, FALSE);
}
