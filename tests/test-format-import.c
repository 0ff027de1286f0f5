/* test-format-import.c — importers on small fixtures, the tokenizer, UTF-16
 *
 * Fixtures in tests/data/formats/ are written for these tests: the same
 * article (CRLF, combining accents, emoji outside the BMP) in each format,
 * with offsets in the units each format counts.
 */

#include "test-format-common.h"

static GPtrArray *
import_fixture (NewsmarkFormat               format,
                const char                  *name,
                const NewsmarkImportOptions *options,
                GPtrArray                   *problems,
                GError                     **error)
{
  g_autofree char *path = format_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return newsmark_format_import (format, file, options, problems, error);
}

static NewsmarkSpan *
span_with_text (NewsmarkAnnotationSet *set,
                const char            *label,
                const char            *text)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      if (g_str_equal (newsmark_span_get_label (span), label) &&
          g_str_equal (newsmark_span_get_text (span), text))
        return span;
    }
  return NULL;
}

static gboolean
has_problem (GPtrArray        *problems,
             NewsmarkSeverity  severity,
             int               line,
             const char       *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == severity && (line == 0 || p->line == line) && strstr (p->message, part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static guint
n_relations (NewsmarkAnnotationSet *set)
{
  return g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));
}

/* ---- brat -------------------------------------------------------------------- */

static void
test_brat (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_BRAT, "brat", NULL, problems, &error);
  NewsmarkAnnotationSet *set;
  NewsmarkSchema *schema;
  NewsmarkSpan *quote, *paris, *said;
  NewsmarkLabel *label;
  NewsmarkAttributeDef *kind;
  GListModel *relations;
  g_autofree char *types = NULL;
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
  set = g_ptr_array_index (sets, 0);
  schema = newsmark_annotation_set_get_schema (set);

  /* The schema comes from annotation.conf, in its order. */
  label = g_list_model_get_item (newsmark_schema_get_labels (schema), 0);
  g_assert_cmpstr (newsmark_label_get_name (label), ==, "Person");
  g_object_unref (label);
  label = newsmark_schema_find_label (schema, "Quote");
  g_assert_nonnull (label);
  kind = newsmark_label_find_attribute (label, "Kind");
  g_assert_nonnull (kind);
  g_assert_cmpint (newsmark_attribute_def_get_kind (kind), ==, NEWSMARK_ATTRIBUTE_ENUM);
  g_assert_cmpstr (newsmark_attribute_def_get_values (kind)[2], ==, "partial");
  g_assert_cmpint (newsmark_attribute_def_get_kind (newsmark_label_find_attribute (label, "Direct")), ==,
                   NEWSMARK_ATTRIBUTE_BOOLEAN);
  /* Relation types and event roles with their allowed labels. */
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "speaker"), "Quote", "Person"));
  g_assert_false (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "speaker"), "Person", "Quote"));
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Speaker-Arg"), "Speak", "Person"));

  /* Discontinuous T with binary and valued attributes and a note. */
  quote = NULL;
  {
    GListModel *spans = newsmark_annotation_set_get_spans (set);

    for (guint i = 0; i < g_list_model_get_n_items (spans) && quote == NULL; i++)
      {
        g_autoptr(NewsmarkSpan) sp = g_list_model_get_item (spans, i);

        if (g_str_equal (newsmark_span_get_label (sp), "Quote"))
          quote = sp;
      }
  }
  g_assert_nonnull (quote);
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  g_assert_cmpstr (newsmark_span_get_fragment_texts (quote)[1], ==, "\xe2\x80\x9c" "for now" "\xe2\x80\x9d");
  g_assert_true (g_variant_get_boolean (newsmark_span_get_attribute (quote, "Direct")));
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (quote, "Kind"), NULL), ==, "partial");
  g_assert_cmpstr (newsmark_span_get_note (quote), ==, "A quote split by \xe2\x80\x9cshe added\xe2\x80\x9d");

  /* Offsets are code points: "Paris" after the ZWJ sequence and accents. */
  paris = span_with_text (set, "Location", "Paris");
  g_assert_nonnull (paris);
  g_assert_cmpuint (newsmark_span_get_start (paris), ==, 68);
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (paris, "normalization"), NULL), ==,
                   "Wikidata:Q90");

  /* The event is its trigger span plus a role relation; the equivalence a
   * relation; both are reported. */
  said = span_with_text (set, "Speak", "said");
  g_assert_nonnull (said);
  relations = newsmark_annotation_set_get_relations (set);
  for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
    {
      g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);

      g_string_append_printf (s, "%s;", newsmark_relation_get_type_name (rel));
    }
  types = g_string_free (s, FALSE);
  g_assert_nonnull (strstr (types, "speaker;"));
  g_assert_nonnull (strstr (types, "Speaker-Arg;"));
  g_assert_nonnull (strstr (types, "Equiv;"));
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "1 event imported as its trigger span"));
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "1 equivalence"));
}

static void
test_brat_malformed (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_BRAT, "brat-bad", NULL, problems, &error);

  g_assert_null (sets);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_ERROR, 2, "bad offsets “zero 5”"));
  g_assert_nonnull (strstr (error->message, "bad.ann:2:"));
}

/* ---- doccano ----------------------------------------------------------------- */

static void
test_doccano (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "doccano.jsonl", NULL, problems, &error);
  NewsmarkAnnotationSet *tuples, *entities;
  NewsmarkSpan *emoji;

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 2);
  tuples = g_ptr_array_index (sets, 0);
  entities = g_ptr_array_index (sets, 1);
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (tuples), ==, "doccano-7.txt");

  /* UTF-16 offsets converted exactly: the spans cover the right text. */
  g_assert_nonnull (span_with_text (tuples, "PER", "Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m"));
  g_assert_nonnull (span_with_text (tuples, "LOC", "Paris"));
  emoji = span_with_text (tuples, "EMOJI", "\xf0\x9f\x98\x80");
  g_assert_nonnull (emoji);
  g_assert_cmpuint (newsmark_span_get_end (emoji) - newsmark_span_get_start (emoji), ==, 1);

  g_assert_nonnull (span_with_text (entities, "PER", "Rene\xcc\x81 Duval"));
  g_assert_nonnull (span_with_text (entities, "QUOTE", "\xe2\x80\x9c" "fine" "\xe2\x80\x9d"));
  g_assert_cmpuint (n_relations (entities), ==, 1);
}

static void
test_doccano_malformed (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "doccano-surrogate.jsonl", NULL,
                                              problems, &error);

  g_assert_null (sets);
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_ERROR, 1, "inside a character outside the Basic"));

  g_clear_error (&error);
  sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "pretty.jsonl", NULL, problems, &error);
  g_assert_null (sets);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "pretty.jsonl:1: "));
  g_assert_nonnull (strstr (error->message, "pretty-printed JSON"));

  /* A file of another kind: a Label Studio export is not JSON Lines. */
  g_clear_error (&error);
  sets = import_fixture (NEWSMARK_FORMAT_SPACY_JSONL, "label-studio.json", NULL, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "label-studio.json:1: "));
}

/* ---- Label Studio ------------------------------------------------------------ */

static void
test_label_studio (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_LABEL_STUDIO, "label-studio.json", NULL, problems, &error);
  NewsmarkAnnotationSet *set;
  NewsmarkSchema *schema;
  NewsmarkSpan *rene, *quote, *emoji;
  const NewsmarkOrigin *origin;

  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  schema = newsmark_annotation_set_get_schema (set);

  /* The labeling config beside the tasks gives labels and colours. */
  g_assert_cmpstr (newsmark_label_get_colour (newsmark_schema_find_label (schema, "Quote")), ==, "#a51d2d");
  g_assert_cmpint (newsmark_attribute_def_get_kind (newsmark_label_find_attribute (newsmark_schema_find_label (schema, "Quote"), "kind")),
                   ==, NEWSMARK_ATTRIBUTE_ENUM);

  rene = span_with_text (set, "Person", "Rene\xcc\x81 Duval");
  g_assert_nonnull (rene);
  origin = newsmark_span_get_origin (rene);
  g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_HUMAN);
  g_assert_cmpstr (origin->annotator, ==, "Label Studio user 12");

  quote = span_with_text (set, "Quote", "\xe2\x80\x9c" "for now" "\xe2\x80\x9d");
  g_assert_nonnull (quote);
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (quote, "kind"), NULL), ==, "partial");
  g_assert_cmpstr (newsmark_span_get_note (quote), ==, "second half");
  g_assert_cmpuint (n_relations (set), ==, 1);

  /* Predictions are suggestions with the model's version and score. */
  emoji = span_with_text (set, "Emoji", "\xf0\x9f\x98\x80");
  g_assert_nonnull (emoji);
  g_assert_cmpint (newsmark_span_get_status (emoji), ==, NEWSMARK_STATUS_SUGGESTED);
  origin = newsmark_span_get_origin (emoji);
  g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_MODEL);
  g_assert_cmpstr (origin->name, ==, "ner-2");
  g_assert_null (origin->version);
  g_assert_cmpfloat_with_epsilon (origin->score, 0.87, 1e-9);
}

static void
test_label_studio_html (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_LABEL_STUDIO, "label-studio-html.json", NULL,
                                              problems, &error);

  g_assert_null (sets);
  g_assert_nonnull (error);
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_ERROR, 0, "“hypertextlabels” spans point into HTML"));
  g_assert_nonnull (strstr (error->message, "[0].annotations[0].result[0]"));
}

/* ---- CoNLL ----------------------------------------------------------------------- */

static char *
describe_spans (NewsmarkAnnotationSet *set)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      g_string_append_printf (s, "%s=%s|", newsmark_span_get_label (span), newsmark_span_get_text (span));
    }
  return g_string_free (s, FALSE);
}

static void
test_conll (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_CONLL, "iob1.conll", NULL, problems, &error);
  g_autofree char *d0 = NULL, *d1 = NULL, *d2 = NULL;
  g_autoptr(GPtrArray) bioes = NULL;

  g_assert_no_error (error);
  /* -DOCSTART- separates documents; IOB1: I- opens, B- splits neighbours. */
  g_assert_cmpuint (sets->len, ==, 2);
  d0 = describe_spans (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (d0, ==, "ORG=U.N.|PER=Ekeus Rolf|PER=Ekeus|LOC=Baghdad|");
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (g_ptr_array_index (sets, 0))),
                   ==, "U.N. official Ekeus Rolf Ekeus heads for Baghdad .");
  d1 = describe_spans (g_ptr_array_index (sets, 1));
  g_assert_cmpstr (d1, ==, "PER=Zo\xc3\xab|");

  bioes = import_fixture (NEWSMARK_FORMAT_CONLL, "bioes.conll", NULL, problems, &error);
  g_assert_no_error (error);
  d2 = describe_spans (g_ptr_array_index (bioes, 0));
  g_assert_cmpstr (d2, ==, "LOC=New York|LOC=United States of America|PER=Zo\xc3\xab|");
}

static void
test_conll_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_CONLL, "bad-tag.conll", NULL, NULL, &error);

  g_assert_null (sets);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "bad-tag.conll:3: “PERSON” is not a tag"));

  /* Not CoNLL at all. */
  g_clear_error (&error);
  sets = import_fixture (NEWSMARK_FORMAT_CONLL, "doccano.jsonl", NULL, NULL, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "doccano.jsonl:1: "));
}

/* ---- WebAnno TSV ----------------------------------------------------------------- */

static void
test_webanno (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_WEBANNO_TSV, "webanno.tsv", NULL, problems, &error);
  NewsmarkAnnotationSet *set;
  g_autofree char *d = NULL;

  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  /* Text rebuilt from the sentences; UTF-16 offsets converted. */
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (set)), ==,
                   "Zo\xc3\xab met \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb Ren\xc3\xa9 .\n"
                   "\xe2\x80\x9c" "Fine" "\xe2\x80\x9d , she said .");
  d = describe_spans (set);
  /* Stacked PER and NAME on one token, the emoji, a multi-token quote. */
  g_assert_cmpstr (d, ==, "NAME=Zo\xc3\xab|PER=Zo\xc3\xab|EMOJI=\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb|"
                   "PER=Ren\xc3\xa9|QUOTE=\xe2\x80\x9c" "Fine" "\xe2\x80\x9d|PER=she|");
  g_assert_cmpuint (n_relations (set), ==, 1);
}

/* ---- spaCy / Prodigy ----------------------------------------------------------- */

static void
test_spacy (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_SPACY_JSONL, "prodigy.jsonl", NULL, problems, &error);
  NewsmarkSpan *gpe, *maria;

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 2);
  g_assert_nonnull (span_with_text (g_ptr_array_index (sets, 0), "PERSON", "Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m"));
  gpe = span_with_text (g_ptr_array_index (sets, 0), "GPE", "Paris");
  g_assert_cmpint (newsmark_span_get_status (gpe), ==, NEWSMARK_STATUS_REJECTED);
  /* "ignore": kept, as suggestions to review, and said so. */
  maria = span_with_text (g_ptr_array_index (sets, 1), "PERSON", "Maria");
  g_assert_cmpint (newsmark_span_get_status (maria), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, 2, "ignored"));
  /* "meta" has no place in the model; the import's log entry keeps it. */
  {
    GPtrArray *log = newsmark_annotation_set_get_log (g_ptr_array_index (sets, 0));
    NewsmarkLogEntry *entry;

    g_assert_cmpuint (log->len, ==, 1);
    entry = g_ptr_array_index (log, 0);
    g_assert_cmpstr (entry->action, ==, "import");
    g_assert_nonnull (strstr (entry->detail_json, "\"meta\":{\"source\":\"fixture\"}"));
  }
}

/* ---- Mapping onto an existing schema ------------------------------------------ */

static void
test_map_onto_schema (void)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkImportOptions options = { 0 };

  options.schema = schema;
  options.label_map = map;
  options.annotator = "importer";

  /* EMOJI has no counterpart: an error naming the label and the fix. */
  g_hash_table_insert (map, (gpointer) "PER", (gpointer) "PERSON");
  g_hash_table_insert (map, (gpointer) "LOC", (gpointer) "LOCATION");
  sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "doccano.jsonl", &options, problems, &error);
  g_assert_null (sets);
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_ERROR, 1, "label “EMOJI” is not in the schema “newsroom”; map it with --map EMOJI=LABEL"));

  g_clear_error (&error);
  g_ptr_array_set_size (problems, 0);
  g_hash_table_insert (map, (gpointer) "EMOJI", (gpointer) "EVENT");
  sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "doccano.jsonl", &options, problems, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0)) == schema);
  g_assert_nonnull (span_with_text (g_ptr_array_index (sets, 0), "PERSON", "Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m"));
  g_assert_cmpstr (newsmark_span_get_origin (span_with_text (g_ptr_array_index (sets, 0), "LOCATION", "Paris"))->annotator,
                   ==, "importer");
  /* QUOTE → PERSON "speaker" is a relation type of the newsroom schema. */
  g_assert_cmpuint (n_relations (g_ptr_array_index (sets, 1)), ==, 1);
}

/* Labels present, no configuration: distinct colours, first free letters. */
static void
test_schema_from_labels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_DOCCANO_JSONL, "doccano.jsonl", NULL, NULL, &error);
  NewsmarkSchema *schema;
  NewsmarkLabel *per, *loc, *emoji, *quote;

  g_assert_no_error (error);
  schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
  per = newsmark_schema_find_label (schema, "PER");
  loc = newsmark_schema_find_label (schema, "LOC");
  emoji = newsmark_schema_find_label (schema, "EMOJI");
  quote = newsmark_schema_find_label (schema, "QUOTE");
  g_assert_cmpstr (newsmark_label_get_key (per), ==, "p");
  g_assert_cmpstr (newsmark_label_get_key (loc), ==, "l");
  g_assert_cmpstr (newsmark_label_get_key (emoji), ==, "e");
  g_assert_cmpstr (newsmark_label_get_key (quote), ==, "q");
  g_assert_cmpstr (newsmark_label_get_colour (per), !=, newsmark_label_get_colour (loc));
  g_assert_cmpint (newsmark_label_get_category (quote), ==, NEWSMARK_CATEGORY_QUOTE);
  g_assert_nonnull (newsmark_schema_find_relation_type (schema, "speaker"));
}

/* From buffers: brat takes the .ann text plus the article. */
static void
test_import_data (void)
{
  static const char text[] = "Quote: \xe2\x80\x9cSoon,\xe2\x80\x9d said Ana.\r\n";
  static const char ann[] = "T1\tQuote 7 14\t\xe2\x80\x9cSoon,\xe2\x80\x9d\nT2\tPerson 20 23\tAna\nR1\tspeaker Arg1:T1 Arg2:T2\n";
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = newsmark_format_import_data (NEWSMARK_FORMAT_BRAT, ann, strlen (ann), text,
                                                           "buffer.ann", NULL, problems, &error);
  NewsmarkAnnotationSet *set;

  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  g_assert_nonnull (span_with_text (set, "Person", "Ana"));
  g_assert_cmpuint (n_relations (set), ==, 1);
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "buffer.txt");

  /* A span text that does not match the article names the line. */
  g_clear_pointer (&sets, g_ptr_array_unref);
  sets = newsmark_format_import_data (NEWSMARK_FORMAT_BRAT, "T1\tPerson 20 23\tBob\n", 19, text,
                                      "buffer.ann", NULL, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "buffer.ann:1: error: "));
  g_assert_nonnull (strstr (error->message, "the file says it covers “Bob” but the text at [20, 23) is “Ana”"));

  /* A file of the wrong kind. */
  g_clear_error (&error);
  sets = newsmark_format_import_data (NEWSMARK_FORMAT_WEBANNO_TSV, ann, strlen (ann), NULL,
                                      "buffer.tsv", NULL, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "buffer.tsv:1: not a WebAnno TSV 3 file"));
  g_clear_error (&error);
  sets = newsmark_format_import_data (NEWSMARK_FORMAT_LABEL_STUDIO, ann, strlen (ann), NULL,
                                      "buffer.json", NULL, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "buffer.json:1:1: JSON syntax error"));
}

/* A Label Studio prediction's model_version is one string: its last word
 * is the version only when it reads as one. */
static void
test_label_studio_model_version (void)
{
  const struct {
    const char *model_version;
    const char *name;
    const char *version;
  } cases[] = {
    { "spacy-news 3.7", "spacy-news", "3.7" },
    { "newsroom tagger v2", "newsroom tagger", "v2" },
    { "my tagger", "my tagger", NULL },
    { "ner-2", "ner-2", NULL },
    { "Sonnet 4 beta", "Sonnet 4 beta", NULL },
    { " 2.0", " 2.0", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "[{\"id\": 1, \"data\": {\"text\": \"Ana Lopez spoke.\"}, \"predictions\": [{\"model_version\": \"%s\", "
        "\"result\": [{\"id\": \"p1\", \"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\", "
        "\"value\": {\"start\": 0, \"end\": 9, \"text\": \"Ana Lopez\", \"labels\": [\"PERSON\"]}}]}]}]",
        cases[i].model_version);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sets = newsmark_format_import_data (NEWSMARK_FORMAT_LABEL_STUDIO, json, strlen (json), NULL,
                                                               "tasks.json", NULL, problems, &error);
      NewsmarkAnnotationSet *set;
      g_autoptr(NewsmarkSpan) span = NULL;
      const NewsmarkOrigin *origin;

      g_assert_no_error (error);
      g_assert_cmpuint (sets->len, ==, 1);
      set = g_ptr_array_index (sets, 0);
      span = g_list_model_get_item (newsmark_annotation_set_get_spans (set), 0);
      origin = newsmark_span_get_origin (span);
      g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_MODEL);
      g_assert_cmpstr (origin->name, ==, cases[i].name);
      g_assert_cmpstr (origin->version, ==, cases[i].version);
    }
}

/* ---- Tokenizer and UTF-16 ------------------------------------------------------ */

static char *
tokens_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, &error);
  g_autoptr(GArray) tokens = NULL;
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  tokens = newsmark_tokenize (document);
  for (guint i = 0; i < tokens->len; i++)
    {
      NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);
      g_autofree char *word = newsmark_document_dup_slice (document, t->start, t->end);

      g_string_append_printf (s, "%s|", word);
    }
  return g_string_free (s, FALSE);
}

static void
test_tokenize (void)
{
  static const struct { const char *text; const char *tokens; } cases[] = {
    /* Punctuation is one token per character, quotes and dashes included. */
    { "\xe2\x80\x9cWe\xe2\x80\x99re ready,\xe2\x80\x9d she said \xe2\x80\x94 twice.",
      "\xe2\x80\x9c|We|\xe2\x80\x99|re|ready|,|\xe2\x80\x9d|she|said|\xe2\x80\x94|twice|.|" },
    /* Combining marks stay with their letter. */
    { "Zoe\xcc\x88 cafe\xcc\x81!", "Zoe\xcc\x88|cafe\xcc\x81|!|" },
    /* ZWJ sequences, skin tones, flags and keycaps are one token. */
    { "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa 1\xef\xb8\x8f\xe2\x83\xa3",
      "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb|\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd|\xf0\x9f\x87\xab\xf0\x9f\x87\xb7|\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa|1\xef\xb8\x8f\xe2\x83\xa3|" },
    /* CRLF, NBSP and tabs separate; symbols split from numbers. */
    { "\xc2\xa3" "212m\r\nin\xc2\xa0" "2025\t(est.)", "\xc2\xa3|212m|in|2025|(|est|.|)|" },
    /* Other scripts: letters and marks together. */
    { "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",
      "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87|\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7|" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = tokens_of (cases[i].text);

      g_assert_cmpstr (got, ==, cases[i].tokens);
    }
}

/* The exporters' UTF-16 tables agree with newsmark-utf.h everywhere. */
static void
test_utf16 (void)
{
  g_autofree char *text = format_test_read ("article-crlf.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, &error);
  guint length = newsmark_document_get_length (document);
  guint n_pairs = 0;

  g_assert_no_error (error);
  for (guint i = 0; i <= length; i++)
    {
      guint units = newsmark_utf16_from_offset (document, i);
      guint back = G_MAXUINT;

      g_assert_true (newsmark_offset_from_utf16 (document, units, &back, &error));
      g_assert_cmpuint (back, ==, i);
      if (i < length && newsmark_utf16_from_offset (document, i + 1) == units + 2)
        {
          n_pairs++;
          /* The middle of a surrogate pair is not a character boundary. */
          g_assert_false (newsmark_offset_from_utf16 (document, units + 1, &back, NULL));
        }
    }
  /* Woman, laptop, two regional indicators, the grinning face. */
  g_assert_cmpuint (n_pairs, ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/import/brat", test_brat);
  g_test_add_func ("/format/import/brat-malformed", test_brat_malformed);
  g_test_add_func ("/format/import/doccano", test_doccano);
  g_test_add_func ("/format/import/doccano-malformed", test_doccano_malformed);
  g_test_add_func ("/format/import/label-studio", test_label_studio);
  g_test_add_func ("/format/import/label-studio-html", test_label_studio_html);
  g_test_add_func ("/format/import/label-studio-model-version", test_label_studio_model_version);
  g_test_add_func ("/format/import/conll", test_conll);
  g_test_add_func ("/format/import/conll-malformed", test_conll_malformed);
  g_test_add_func ("/format/import/webanno", test_webanno);
  g_test_add_func ("/format/import/spacy", test_spacy);
  g_test_add_func ("/format/import/map-onto-schema", test_map_onto_schema);
  g_test_add_func ("/format/import/schema-from-labels", test_schema_from_labels);
  g_test_add_func ("/format/import/data", test_import_data);
  g_test_add_func ("/format/tokenize", test_tokenize);
  g_test_add_func ("/format/utf16", test_utf16);

  return g_test_run ();
}
