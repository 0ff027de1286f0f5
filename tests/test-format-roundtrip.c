/* test-format-roundtrip.c — export to every format and import back
 *
 * The fixture article has CRLF line ends, combining accents (e + U+0308),
 * a ZWJ emoji sequence, a flag and an emoji outside the BMP, so code point,
 * UTF-16 and byte offsets all differ. Each format must give back the text
 * and every span it can hold, and report (as warnings naming the span)
 * what it cannot.
 */

#include "test-format-common.h"

#define ACCEPTED  (1u << NEWSMARK_STATUS_ACCEPTED)
#define SUGGESTED (1u << NEWSMARK_STATUS_SUGGESTED)
#define ALL       (ACCEPTED | SUGGESTED | (1u << NEWSMARK_STATUS_REJECTED))

typedef struct {
  NewsmarkAnnotationSet *set;
  char                  *tmp;
  char                  *quote_id;
} Fixture;

static guint
offset_of (NewsmarkDocument *document,
           const char       *needle,
           guint             nth)
{
  const char *text = newsmark_document_get_text (document);
  const char *p = text;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (i == nth)
        break;
      p += strlen (needle);
    }
  return (guint) g_utf8_pointer_to_offset (text, p);
}

static NewsmarkSpan *
tag (NewsmarkAnnotationSet *set,
     const char            *label,
     const char            *needle)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  guint start = offset_of (document, needle, 0);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = newsmark_annotation_set_create_span (set, label, start,
                                                            start + g_utf8_strlen (needle, -1), &error);

  g_assert_no_error (error);
  return span;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = format_test_data_path ("article-crlf.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_file (file, NULL, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkSpan) suggestion = NULL;
  g_autoptr(NewsmarkOrigin) model = newsmark_origin_new_model ("newsner", "2.1", TRUE, 0.75);
  NewsmarkSpan *rene, *quote, *claim, *rejected;
  NewsmarkFragment frags[2];

  g_assert_no_error (error);
  fx->tmp = format_test_tmpdir ();
  fx->set = newsmark_annotation_set_new (document, schema);
  newsmark_annotation_set_set_annotator (fx->set, "alice");
  newsmark_annotation_set_set_document_path (fx->set, "article-crlf.txt");

  tag (fx->set, "PERSON", "Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m");
  tag (fx->set, "LOCATION", "Paris");
  tag (fx->set, "DATE", "Monday");
  rene = tag (fx->set, "PERSON", "Rene\xcc\x81 Duval");

  /* A quote split by "she added": one discontinuous span. */
  quote = tag (fx->set, "QUOTE", "\xe2\x80\x9c" "fine" "\xe2\x80\x9d");
  frags[0].start = newsmark_span_get_start (quote);
  frags[0].end = newsmark_span_get_end (quote);
  frags[1].start = offset_of (document, "\xe2\x80\x9c" "for now", 0);
  frags[1].end = frags[1].start + 9;
  g_assert_true (newsmark_annotation_set_set_span_fragments (fx->set, quote, frags, 2, &error));
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_set_span_attribute (fx->set, quote, "kind",
                                                             g_variant_new_string ("partial"), &error));
  newsmark_annotation_set_set_span_note (fx->set, quote, "split by she added");
  fx->quote_id = g_strdup (newsmark_span_get_id (quote));
  g_assert_nonnull (newsmark_annotation_set_create_relation (fx->set, "speaker", quote, rene, &error));
  g_assert_no_error (error);

  /* A claim overlapping the quote: CoNLL can keep only one of them. */
  claim = tag (fx->set, "CLAIM", "the plan is \xe2\x80\x9c" "fine" "\xe2\x80\x9d");
  g_assert_true (newsmark_annotation_set_set_span_attribute (fx->set, claim, "checkworthy",
                                                             g_variant_new_double (3), &error));

  /* A model's suggestion and a rejected span. */
  suggestion = newsmark_span_new (NULL, "LOCATION", offset_of (document, "cafe\xcc\x81", 0),
                                  offset_of (document, "cafe\xcc\x81", 0) + 5);
  newsmark_span_set_status (suggestion, NEWSMARK_STATUS_SUGGESTED);
  newsmark_span_set_origin (suggestion, model);
  g_assert_true (newsmark_annotation_set_add_span (fx->set, suggestion, &error));
  g_assert_no_error (error);
  rejected = tag (fx->set, "DATE", "now");
  newsmark_annotation_set_set_span_status (fx->set, rejected, NEWSMARK_STATUS_REJECTED);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->set);
  format_test_rmtree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->quote_id);
}

static gboolean
has_warning (GPtrArray  *problems,
             const char *part1,
             const char *part2)
{
  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == NEWSMARK_SEVERITY_WARNING && strstr (p->message, part1) != NULL &&
          (part2 == NULL || strstr (p->message, part2) != NULL))
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
export_and_import (NewsmarkFormat         format,
                   GPtrArray             *sets,
                   const char            *tmp,
                   const char            *name,
                   GPtrArray             *problems)
{
  g_autofree char *path = g_build_filename (tmp, name, NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkExportOptions options = { .write_tokens = TRUE };
  GPtrArray *back;

  g_assert_true (newsmark_format_export (format, sets, out, &options, problems, &error));
  g_assert_no_error (error);
  back = newsmark_format_import (format, out, NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, 0);
  return back;
}

static void
assert_same_text (NewsmarkAnnotationSet *a,
                  NewsmarkAnnotationSet *b)
{
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (a)), ==,
                   newsmark_document_get_text (newsmark_annotation_set_get_document (b)));
}

static void
assert_same_fragments (NewsmarkAnnotationSet *orig,
                       guint                  orig_mask,
                       NewsmarkAnnotationSet *back,
                       guint                  back_mask)
{
  g_autofree char *a = format_test_describe_fragments (orig, orig_mask);
  g_autofree char *b = format_test_describe_fragments (back, back_mask);

  g_assert_cmpstr (a, ==, b);
}

static GPtrArray *
one (NewsmarkAnnotationSet *set)
{
  GPtrArray *sets = g_ptr_array_new ();

  g_ptr_array_add (sets, set);
  return sets;
}

static void
test_brat (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_BRAT, sets, fx->tmp, "brat", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  g_autofree char *conf = g_build_filename (fx->tmp, "brat", "annotation.conf", NULL);
  g_autofree char *conf_text = NULL;
  GListModel *spans = newsmark_annotation_set_get_spans (b);
  NewsmarkSpan *bq = NULL;

  g_assert_cmpuint (back->len, ==, 1);
  assert_same_text (fx->set, b);
  /* brat keeps discontinuity; the suggestion is written (with a warning),
   * the rejected span is not. */
  assert_same_fragments (fx->set, ACCEPTED | SUGGESTED, b, ALL);
  g_assert_true (has_warning (problems, "suggested span", "written as an accepted one: brat has no place for a review status"));
  g_assert_true (has_warning (problems, "1 rejected", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==, 1);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) s = g_list_model_get_item (spans, i);

      if (g_str_equal (newsmark_span_get_label (s), "QUOTE"))
        bq = s;
    }
  g_assert_nonnull (bq);
  g_assert_cmpuint (newsmark_span_get_n_fragments (bq), ==, 2);
  g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (bq, "kind"), NULL), ==, "partial");
  g_assert_cmpstr (newsmark_span_get_note (bq), ==, "split by she added");

  /* annotation.conf declares the schema's labels, relations, attributes. */
  g_assert_true (g_file_get_contents (conf, &conf_text, NULL, NULL));
  g_assert_nonnull (strstr (conf_text, "[entities]\n\nPERSON\nORG\n"));
  g_assert_nonnull (strstr (conf_text, "speaker\tArg1:QUOTE, Arg2:PERSON|ORG\n"));
  g_assert_nonnull (strstr (conf_text, "kind\tArg:QUOTE, Value:direct|indirect|partial\n"));
  g_assert_nonnull (strstr (conf_text, "checkworthy\tArg:CLAIM, Value:1|2|3|4|5\n"));
}

static void
test_spacy (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_SPACY_JSONL, sets, fx->tmp, "out.jsonl", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  g_autofree char *path = g_build_filename (fx->tmp, "out.jsonl", NULL);
  g_autofree char *jsonl = NULL;

  assert_same_text (fx->set, b);
  assert_same_fragments (fx->set, ACCEPTED, b, ACCEPTED);
  g_assert_true (has_warning (problems, fx->quote_id, "split into 2 spans"));
  g_assert_true (has_warning (problems, fx->quote_id, "attributes kind"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==, 1);

  /* Tokens are written; a ZWJ emoji sequence is one token. */
  g_assert_true (g_file_get_contents (path, &jsonl, NULL, NULL));
  g_assert_nonnull (strstr (jsonl, "\"tokens\":[{\"text\":\"Mayor\",\"start\":0,\"end\":5,\"id\":0,\"ws\":true}"));
  g_assert_nonnull (strstr (jsonl, "{\"text\":\"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb\""));
  g_assert_nonnull (strstr (jsonl, "\"token_start\":"));
}

static void
test_doccano (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_DOCCANO_JSONL, sets, fx->tmp, "out.jsonl", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  NewsmarkDocument *document = newsmark_annotation_set_get_document (fx->set);
  g_autofree char *path = g_build_filename (fx->tmp, "out.jsonl", NULL);
  g_autofree char *jsonl = NULL;
  g_autofree char *expected = NULL;
  guint rene = offset_of (document, "Rene\xcc\x81", 0);

  assert_same_text (fx->set, b);
  assert_same_fragments (fx->set, ACCEPTED, b, ACCEPTED);
  g_assert_true (has_warning (problems, fx->quote_id, "split into 2 entities"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==, 1);

  /* Offsets in the file are UTF-16 code units: the emoji before René
   * count twice, so they differ from the code points. */
  g_assert_true (g_file_get_contents (path, &jsonl, NULL, NULL));
  g_assert_cmpuint (newsmark_utf16_from_offset (document, rene), >, rene);
  expected = g_strdup_printf ("\"label\":\"PERSON\",\"start_offset\":%u,\"end_offset\":%u",
                              newsmark_utf16_from_offset (document, rene),
                              newsmark_utf16_from_offset (document, rene + 11));
  g_assert_nonnull (strstr (jsonl, expected));
}

static void
test_label_studio (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_LABEL_STUDIO, sets, fx->tmp, "tasks.json", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  GListModel *spans = newsmark_annotation_set_get_spans (b);
  guint n_kind = 0, n_suggested = 0;

  assert_same_text (fx->set, b);
  assert_same_fragments (fx->set, ACCEPTED, b, ACCEPTED);
  /* The model's suggestion becomes a prediction and comes back as one. */
  assert_same_fragments (fx->set, SUGGESTED, b, SUGGESTED);
  g_assert_true (has_warning (problems, fx->quote_id, "split into 2 regions"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==, 1);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) s = g_list_model_get_item (spans, i);
      GVariant *kind = newsmark_span_get_attribute (s, "kind");
      const NewsmarkOrigin *origin = newsmark_span_get_origin (s);

      if (kind != NULL && g_str_equal (g_variant_get_string (kind, NULL), "partial"))
        {
          n_kind++;
          g_assert_cmpstr (newsmark_span_get_note (s), ==, "split by she added");
        }
      if (newsmark_span_get_status (s) == NEWSMARK_STATUS_SUGGESTED)
        {
          n_suggested++;
          g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_MODEL);
          g_assert_cmpstr (origin->name, ==, "newsner");
          g_assert_cmpstr (origin->version, ==, "2.1");
          g_assert_true (origin->has_score);
          g_assert_cmpfloat_with_epsilon (origin->score, 0.75, 1e-9);
        }
    }
  g_assert_cmpuint (n_kind, ==, 1);
  g_assert_cmpuint (n_suggested, ==, 1);
}

static void
test_webanno (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_WEBANNO_TSV, sets, fx->tmp, "out.tsv", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  g_autofree char *path = g_build_filename (fx->tmp, "out.tsv", NULL);
  g_autofree char *tsv = NULL;

  /* The text, CRLF and blank line included, reads back exactly. */
  assert_same_text (fx->set, b);
  assert_same_fragments (fx->set, ACCEPTED, b, ACCEPTED);
  g_assert_true (has_warning (problems, fx->quote_id, "split into 2 spans"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==, 1);

  g_assert_true (g_file_get_contents (path, &tsv, NULL, NULL));
  g_assert_true (g_str_has_prefix (tsv, "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value|"));
  g_assert_nonnull (strstr (tsv, "\\r\n"));
}

static void
test_conll (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = one (fx->set);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = export_and_import (NEWSMARK_FORMAT_CONLL, sets, fx->tmp, "out.conll", problems);
  NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);
  GListModel *spans = newsmark_annotation_set_get_spans (b);
  g_autoptr(GString) labels = g_string_new (NULL);

  /* CoNLL keeps tokens, not the text: it reads back as the tokens joined
   * by spaces. Compare labels and covered tokens. */
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) s = g_list_model_get_item (spans, i);

      g_string_append_printf (labels, "%s=%s|", newsmark_span_get_label (s), newsmark_span_get_text (s));
    }
  g_assert_cmpstr (labels->str, ==,
                   "PERSON=Zoe\xcc\x88 A\xcc\x8angstro\xcc\x88m|LOCATION=Paris|DATE=Monday|"
                   "PERSON=Rene\xcc\x81 Duval|CLAIM=the plan is \xe2\x80\x9c fine \xe2\x80\x9d|"
                   "QUOTE=\xe2\x80\x9c for now \xe2\x80\x9d|");
  /* Everything lost is named. */
  g_assert_true (has_warning (problems, fx->quote_id, "split into 2 spans"));
  g_assert_true (has_warning (problems, fx->quote_id, "is nested in span"));
  g_assert_true (has_warning (problems, fx->quote_id, "attributes kind and note dropped"));
  g_assert_true (has_warning (problems, "1 relations dropped", "r1 speaker"));
  g_assert_true (has_warning (problems, "CLAIM", "attributes checkworthy dropped"));
}

/* The shipped samples (curly quotes, dashes, emoji, combining accents,
 * CRLF, repeated paragraphs, split quotes) through every format that keeps
 * the text. */
static void
test_samples (void)
{
  const char *source = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;
  static const NewsmarkFormat formats[] = {
    NEWSMARK_FORMAT_BRAT, NEWSMARK_FORMAT_SPACY_JSONL, NEWSMARK_FORMAT_DOCCANO_JSONL,
    NEWSMARK_FORMAT_LABEL_STUDIO, NEWSMARK_FORMAT_WEBANNO_TSV,
  };

  if (source == NULL)
    {
      g_test_skip ("NEWSMARK_SOURCE_DIR is not set");
      return;
    }
  dir_path = g_build_filename (source, "data", "samples", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = NULL;

      if (!g_str_has_suffix (name, ".newsmark.json"))
        continue;
      set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
      g_assert_no_error (error);
      n++;

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autofree char *tmp = format_test_tmpdir ();
          g_autoptr(GPtrArray) sets = one (set);
          g_autoptr(GPtrArray) problems = newsmark_problems_new ();
          g_autoptr(GPtrArray) back = export_and_import (formats[f], sets, tmp, "out", problems);
          NewsmarkAnnotationSet *b = g_ptr_array_index (back, 0);

          g_test_message ("%s via %s", name, newsmark_format_to_string (formats[f]));
          assert_same_text (set, b);
          if (formats[f] == NEWSMARK_FORMAT_BRAT)
            assert_same_fragments (set, ACCEPTED | SUGGESTED, b, ALL);
          else
            assert_same_fragments (set, ACCEPTED, b, ACCEPTED);
          g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (b)), ==,
                            g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)));
          format_test_rmtree (tmp);
        }
    }
  g_assert_cmpuint (n, >=, 3);
}

/* Same content, same bytes. */
static void
test_deterministic (Fixture       *fx,
                    gconstpointer  data)
{
  static const NewsmarkFormat formats[] = {
    NEWSMARK_FORMAT_SPACY_JSONL, NEWSMARK_FORMAT_DOCCANO_JSONL, NEWSMARK_FORMAT_LABEL_STUDIO,
    NEWSMARK_FORMAT_CONLL, NEWSMARK_FORMAT_WEBANNO_TSV,
  };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GPtrArray) sets = one (fx->set);
      g_autofree char *a = g_build_filename (fx->tmp, "a", NULL);
      g_autofree char *b = g_build_filename (fx->tmp, "b", NULL);
      g_autoptr(GFile) fa = g_file_new_for_path (a);
      g_autoptr(GFile) fb = g_file_new_for_path (b);
      g_autofree char *da = NULL, *db = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (newsmark_format_export (formats[f], sets, fa, NULL, NULL, &error));
      g_assert_true (newsmark_format_export (formats[f], sets, fb, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (a, &da, NULL, NULL));
      g_assert_true (g_file_get_contents (b, &db, NULL, NULL));
      g_assert_cmpstr (da, ==, db);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/format/roundtrip/brat", Fixture, NULL, fixture_set_up, test_brat, fixture_tear_down);
  g_test_add ("/format/roundtrip/spacy", Fixture, NULL, fixture_set_up, test_spacy, fixture_tear_down);
  g_test_add ("/format/roundtrip/doccano", Fixture, NULL, fixture_set_up, test_doccano, fixture_tear_down);
  g_test_add ("/format/roundtrip/label-studio", Fixture, NULL, fixture_set_up, test_label_studio, fixture_tear_down);
  g_test_add ("/format/roundtrip/webanno", Fixture, NULL, fixture_set_up, test_webanno, fixture_tear_down);
  g_test_add ("/format/roundtrip/conll", Fixture, NULL, fixture_set_up, test_conll, fixture_tear_down);
  g_test_add ("/format/roundtrip/deterministic", Fixture, NULL, fixture_set_up, test_deterministic, fixture_tear_down);
  g_test_add_func ("/format/roundtrip/samples", test_samples);

  return g_test_run ();
}
