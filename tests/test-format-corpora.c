/* test-format-corpora.c — importers and exporters on files other tools wrote
 *
 * Reads ../shared/corpora (NEWSMARK_CORPORA) in place and skips when it is
 * absent. Some of these files are broken on purpose by their authors; the
 * right answer for them is a clear error naming the line.
 */

#include "test-format-common.h"

static char *
corpus_path (const char *relative)
{
  const char *root = g_getenv ("NEWSMARK_CORPORA");
  g_autofree char *path = NULL;

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the shared corpora (NEWSMARK_CORPORA) are not available");
      return NULL;
    }
  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("%s is not in the shared corpora", relative);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static GPtrArray *
import_path (NewsmarkFormat  format,
             const char     *path,
             GPtrArray      *problems,
             GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return newsmark_format_import (format, file, NULL, problems, error);
}

static char *
labels_and_texts (NewsmarkAnnotationSet *set,
                  const char            *annotator)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      const NewsmarkOrigin *origin = newsmark_span_get_origin (span);

      if (annotator != NULL && (origin == NULL || g_strcmp0 (origin->annotator, annotator) != 0))
        continue;
      g_string_append_printf (s, "%s=%s|", newsmark_span_get_label (span), newsmark_span_get_text (span));
    }
  return g_string_free (s, FALSE);
}

static NewsmarkSpan *
first_span_with (NewsmarkAnnotationSet *set,
                 const char            *label,
                 const char            *text)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      if ((label == NULL || g_str_equal (newsmark_span_get_label (span), label)) &&
          (text == NULL || g_str_equal (newsmark_span_get_text (span), text)))
        return span;
    }
  return NULL;
}

static gboolean
has_problem (GPtrArray        *problems,
             NewsmarkSeverity  severity,
             const char       *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == severity && strstr (p->message, part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* ---- brat ---------------------------------------------------------------------- */

static void
test_brat_news (void)
{
  g_autofree char *path = corpus_path ("nlplab-brat/example-data/tutorials/news");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkSchema *schema;
  NewsmarkSpan *span;
  gboolean found_norm = FALSE;

  if (path == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_BRAT, path, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 13);   /* four of them have empty .ann files */

  schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
  g_assert_nonnull (newsmark_schema_find_label (schema, "GPE"));
  g_assert_cmpint (newsmark_attribute_def_get_kind (newsmark_label_find_attribute (newsmark_schema_find_label (schema, "Person"), "Mention")),
                   ==, NEWSMARK_ATTRIBUTE_ENUM);
  g_assert_cmpint (newsmark_attribute_def_get_kind (newsmark_label_find_attribute (newsmark_schema_find_label (schema, "Person"), "Individual")),
                   ==, NEWSMARK_ATTRIBUTE_BOOLEAN);

  for (guint i = 0; i < sets->len; i++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, i);

      if (g_str_has_suffix (newsmark_annotation_set_get_document_path (set), "100-attribute_annotation.txt"))
        {
          span = first_span_with (set, "Person", "Somebody");
          g_assert_true (g_variant_get_boolean (newsmark_span_get_attribute (span, "Individual")));
          span = first_span_with (set, "Report", "twitted");
          /* The attribute on event E1 lands on its trigger. */
          g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (span, "Confidence"), NULL), ==, "Neutral");
        }
      if (g_str_has_suffix (newsmark_annotation_set_get_document_path (set), "110-note_annotation.txt"))
        {
          span = first_span_with (set, "GPE", "Discworld");
          g_assert_cmpstr (newsmark_span_get_note (span), ==, "Should fictional places be annotated?");
        }
      span = first_span_with (set, NULL, "former Mexican president");
      if (span != NULL && newsmark_span_get_attribute (span, "normalization") != NULL)
        {
          g_assert_cmpstr (g_variant_get_string (newsmark_span_get_attribute (span, "normalization"), NULL), ==,
                           "Wikipedia:64488");
          found_norm = TRUE;
        }
    }
  g_assert_true (found_norm);
  /* Events and the note on a relation are reported, not dropped silently. */
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, "events imported as their trigger spans"));
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, "note on relation R1 not imported"));
}

static void
test_brat_tdt (void)
{
  g_autofree char *path = corpus_path ("nlplab-brat/example-data/corpora/TDT");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkSpan *span;

  if (path == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_BRAT, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 6);
  /* Finnish text; "#1 Lemma T1 <TAB> Delilah" keeps its type and leading space. */
  span = first_span_with (g_ptr_array_index (sets, 0), "N", "Delilah");
  g_assert_nonnull (span);
  g_assert_cmpstr (newsmark_span_get_note (span), ==, "Lemma: Delilah");
}

static GPtrArray *
brat_ranges (const char *ann_path)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_get_contents (ann_path, &data, NULL, NULL));
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
      g_auto(GStrv) ranges = NULL;

      if (lines[i][0] != 'T' || g_strv_length (fields) < 2)
        continue;
      ranges = g_strsplit (strchr (fields[1], ' ') + 1, ";", -1);
      for (guint k = 0; ranges[k] != NULL; k++)
        g_ptr_array_add (out, g_strdup (ranges[k]));
    }
  g_ptr_array_sort (out, format_test_compare_strings);
  return out;
}

static char *
joined (GPtrArray *strings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (s, "%s|", (char *) g_ptr_array_index (strings, i));
  return g_string_free (s, FALSE);
}

/* dkpro's *-ref.ann files are another tool's output for the same texts:
 * the same pieces of text must be annotated, and our export must write the
 * discontinuous spans back as they were. */
static void
test_brat_dkpro (void)
{
  g_autofree char *dir = corpus_path ("dkpro-core/dkpro-core-io-brat-asl/src/test/resources/brat");
  static const char * const docs[] = { "document0d", "document1" };

  if (dir == NULL)
    return;

  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    {
      g_autofree char *ann = g_strdup_printf ("%s/%s.ann", dir, docs[d]);
      g_autofree char *ref = g_strdup_printf ("%s/%s-ref.ann", dir, docs[d]);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sets = import_path (NEWSMARK_FORMAT_BRAT, ann, problems, &error);
      g_autoptr(GPtrArray) ref_ranges = brat_ranges (ref);
      g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
      GListModel *spans;
      g_autofree char *a = NULL, *b = NULL;

      g_assert_no_error (error);
      spans = newsmark_annotation_set_get_spans (g_ptr_array_index (sets, 0));
      for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
          guint n = newsmark_span_get_n_fragments (span);
          NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
          const NewsmarkFragment *f = n > 0 ? newsmark_span_get_fragments (span) : &whole;

          for (guint k = 0; k < MAX (n, 1); k++)
            g_ptr_array_add (ours, g_strdup_printf ("%u %u", f[k].start, f[k].end));
        }
      g_ptr_array_sort (ours, format_test_compare_strings);
      a = joined (ours);
      b = joined (ref_ranges);
      g_assert_cmpstr (a, ==, b);
    }

  /* Fragments on two lines ("5 7;8 9") survive import and export. */
  {
    g_autofree char *ann = g_strdup_printf ("%s/document0c.ann", dir);
    g_autofree char *tmp = format_test_tmpdir ();
    g_autofree char *out_ann = g_build_filename (tmp, "document0c.ann", NULL);
    g_autoptr(GFile) out = g_file_new_for_path (tmp);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) sets = import_path (NEWSMARK_FORMAT_BRAT, ann, NULL, &error);
    g_autoptr(GPtrArray) r1 = NULL, r2 = NULL;
    g_autofree char *a = NULL, *b = NULL;

    g_assert_no_error (error);
    g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_BRAT, sets, out, NULL, NULL, &error));
    g_assert_no_error (error);
    r1 = brat_ranges (ann);
    r2 = brat_ranges (out_ann);
    a = joined (r1);
    b = joined (r2);
    g_assert_cmpstr (a, ==, b);
    format_test_rmtree (tmp);
  }

  /* The quote-attribution sample: the event links speaker and quote. */
  {
    g_autofree char *ann = g_strdup_printf ("%s/event.ann", dir);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) sets = import_path (NEWSMARK_FORMAT_BRAT, ann, NULL, &error);
    GListModel *relations;
    g_autoptr(NewsmarkRelation) rel = NULL;
    NewsmarkAnnotationSet *set;

    g_assert_no_error (error);
    set = g_ptr_array_index (sets, 0);
    relations = newsmark_annotation_set_get_relations (set);
    g_assert_cmpuint (g_list_model_get_n_items (relations), ==, 1);
    rel = g_list_model_get_item (relations, 0);
    g_assert_cmpstr (newsmark_relation_get_type_name (rel), ==, "Speak");
    g_assert_cmpstr (newsmark_span_get_text (newsmark_annotation_set_find_span (set, newsmark_relation_get_from (rel))), ==, "John");
    g_assert_cmpstr (newsmark_span_get_text (newsmark_annotation_set_find_span (set, newsmark_relation_get_to (rel))), ==,
                     "\"I am hungry\"");
  }
}

/* ---- doccano and the same documents as CoNLL ------------------------------------- */

static void
test_doccano_transformer (void)
{
  g_autofree char *jsonl = corpus_path ("doccano-transformer/tests/data/labeling/labeling_text_label.jsonl");
  g_autofree char *conll = corpus_path ("doccano-transformer/tests/data/labeling/labeling_text_label.conll2003.user0");
  g_autofree char *multi = corpus_path ("doccano-transformer/tests/data/labeling/labeling.jsonl");
  g_autofree char *user1 = corpus_path ("doccano-transformer/tests/data/labeling/labeling.conll2003.user1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL, b = NULL, c = NULL, d = NULL;

  if (jsonl == NULL || conll == NULL || multi == NULL || user1 == NULL)
    return;
  a = import_path (NEWSMARK_FORMAT_DOCCANO_JSONL, jsonl, NULL, &error);
  g_assert_no_error (error);
  b = import_path (NEWSMARK_FORMAT_CONLL, conll, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpuint (b->len, ==, 2);
  for (guint i = 0; i < a->len; i++)
    {
      g_autofree char *x = labels_and_texts (g_ptr_array_index (a, i), NULL);
      g_autofree char *y = labels_and_texts (g_ptr_array_index (b, i), NULL);

      g_assert_cmpstr (x, ==, y);
    }

  /* The multi-user export: user 1's spans are user1's CoNLL file. */
  c = import_path (NEWSMARK_FORMAT_DOCCANO_JSONL, multi, NULL, &error);
  g_assert_no_error (error);
  d = import_path (NEWSMARK_FORMAT_CONLL, user1, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *x = labels_and_texts (g_ptr_array_index (c, 0), "doccano user 1");
    g_autofree char *y = labels_and_texts (g_ptr_array_index (d, 0), NULL);

    g_assert_cmpstr (x, ==, y);
    g_assert_cmpstr (x, ==, "12=JAPAN|13=CHINA|13=Nadim Ladki|12=AL-AIN|12=United Arab Emirates|");
  }
}

static void
test_doccano_variants (void)
{
  g_autofree char *overlap = corpus_path ("doccano/backend/data_import/tests/data/sequence_labeling/example_overlapping.jsonl");
  g_autofree char *relations = corpus_path ("doccano/backend/data_import/pipeline/examples/relation_extraction/example.jsonl");
  g_autofree char *broken = corpus_path ("doccano/app/server/static/components/examples/upload_sequence_labeling.jsonl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;

  if (overlap == NULL || relations == NULL || broken == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_DOCCANO_JSONL, overlap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (g_ptr_array_index (sets, 0))), ==, 2);
  g_clear_pointer (&sets, g_ptr_array_unref);

  sets = import_path (NEWSMARK_FORMAT_DOCCANO_JSONL, relations, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (g_ptr_array_index (sets, 0))), ==, 3);
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* A literal "..." inside the first line: an error naming line 1. */
  sets = import_path (NEWSMARK_FORMAT_DOCCANO_JSONL, broken, NULL, &error);
  g_assert_null (sets);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "upload_sequence_labeling.jsonl:1:"));
}

/* ---- Label Studio ------------------------------------------------------------------ */

static void
test_label_studio (void)
{
  g_autofree char *named = corpus_path ("label-studio-frontend/examples/named_entity/tasks.json");
  g_autofree char *plain = corpus_path ("label-studio-frontend/examples/rich_text_plain/annotations/1.json");
  g_autofree char *html = corpus_path ("label-studio-frontend/examples/rich_text_html/tasks.json");
  g_autofree char *phrases = corpus_path ("label-studio-frontend/examples/phrases/annotations/1.json");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkSpan *date;

  if (named == NULL || plain == NULL || html == NULL || phrases == NULL)
    return;

  sets = import_path (NEWSMARK_FORMAT_LABEL_STUDIO, named, problems, &error);
  g_assert_no_error (error);
  date = first_span_with (g_ptr_array_index (sets, 0), "Date", "February 22");
  g_assert_nonnull (date);
  g_assert_cmpint (newsmark_span_get_status (date), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_origin (date)->name, ==, "model");
  g_assert_cmpstr (newsmark_span_get_origin (date)->version, ==, "1");
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* Inconsistent on purpose: the span's text is not in the document. */
  sets = import_path (NEWSMARK_FORMAT_LABEL_STUDIO, plain, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "the file says it covers “February 22”"));
  g_clear_error (&error);

  /* HTML and paragraph spans are refused clearly. */
  sets = import_path (NEWSMARK_FORMAT_LABEL_STUDIO, html, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "“hypertextlabels” spans point into HTML"));
  g_clear_error (&error);
  sets = import_path (NEWSMARK_FORMAT_LABEL_STUDIO, phrases, problems, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "“paragraphlabels” results annotate HTML or dialogue paragraphs"));
}

/* ---- Prodigy / spaCy --------------------------------------------------------------- */

static void
test_prodigy (void)
{
  g_autofree char *path = corpus_path ("prodigy-recipes/example-datasets/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GFile) out = NULL;
  guint n_spans = 0;

  if (path == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_SPACY_JSONL, path, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 373);
  for (guint i = 0; i < sets->len; i++)
    n_spans += g_list_model_get_n_items (newsmark_annotation_set_get_spans (g_ptr_array_index (sets, i)));
  g_assert_cmpuint (n_spans, ==, 303);
  /* Curly apostrophes, code point offsets. */
  g_assert_nonnull (first_span_with (g_ptr_array_index (sets, 0), "ORG", "Uber"));

  /* Export with tokens and read back: same spans, same texts. */
  tmp = format_test_tmpdir ();
  out_path = g_build_filename (tmp, "headlines.jsonl", NULL);
  out = g_file_new_for_path (out_path);
  {
    NewsmarkExportOptions options = { .write_tokens = TRUE, .include_suggested = TRUE, .include_rejected = TRUE };

    g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_SPACY_JSONL, sets, out, &options, NULL, &error));
  }
  back = newsmark_format_import (NEWSMARK_FORMAT_SPACY_JSONL, out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, sets->len);
  for (guint i = 0; i < sets->len; i++)
    {
      g_autofree char *x = labels_and_texts (g_ptr_array_index (sets, i), NULL);
      g_autofree char *y = labels_and_texts (g_ptr_array_index (back, i), NULL);

      g_assert_cmpstr (x, ==, y);
    }
  format_test_rmtree (tmp);
}

/* ---- CoNLL variants ---------------------------------------------------------------- */

static void
test_conll_variants (void)
{
  g_autofree char *en = corpus_path ("dkpro-core/dkpro-core-io-conll-asl/src/test/resources/conll/2003/en-orig.conll");
  g_autofree char *germeval = corpus_path ("dkpro-core/dkpro-core-io-conll-asl/src/test/resources/conll/2002/germeval2014_test.conll");
  g_autofree char *invalid = corpus_path ("doccano/backend/data_import/tests/data/sequence_labeling/labeling.invalid.conll");
  g_autofree char *spacy_dir = corpus_path ("spacy/extra/example_data/ner_example_data");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autofree char *first = NULL;
  static const char * const iob_files[] = {
    "ner-token-per-line.iob", "ner-token-per-line-with-pos.iob",
    "ner-token-per-line-conll2003.iob", "ner-sent-per-line.iob",
  };

  if (en == NULL || germeval == NULL || invalid == NULL || spacy_dir == NULL)
    return;

  /* IOB1: I- opens a span. */
  sets = import_path (NEWSMARK_FORMAT_CONLL, en, NULL, &error);
  g_assert_no_error (error);
  first = labels_and_texts (g_ptr_array_index (sets, 0), NULL);
  g_assert_true (g_str_has_prefix (first, "ORG=U.N.|PER=Ekeus|LOC=Baghdad|"));
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* GermEval: an outer and an inner tag column give nested spans. */
  sets = import_path (NEWSMARK_FORMAT_CONLL, germeval, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first_span_with (g_ptr_array_index (sets, 0), "LOC", "Stuttgart"));
  g_assert_nonnull (first_span_with (g_ptr_array_index (sets, 0), "LOCpart", "Troia-Ausstellung"));
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* Broken on purpose: no tag column on line 1. */
  sets = import_path (NEWSMARK_FORMAT_CONLL, invalid, NULL, &error);
  g_assert_null (sets);
  g_assert_nonnull (strstr (error->message, "labeling.invalid.conll:1: “SOCCERO” is not a tag"));
  g_clear_error (&error);

  /* spaCy's example sentences in four column layouts read the same. */
  g_clear_pointer (&first, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (iob_files); i++)
    {
      g_autofree char *p = g_build_filename (spacy_dir, iob_files[i], NULL);
      g_autofree char *got = NULL;

      sets = import_path (NEWSMARK_FORMAT_CONLL, p, NULL, &error);
      g_assert_no_error (error);
      got = labels_and_texts (g_ptr_array_index (sets, 0), NULL);
      if (first == NULL)
        first = g_strdup (got);
      g_assert_cmpstr (got, ==, first);
      g_clear_pointer (&sets, g_ptr_array_unref);
    }
  g_assert_true (g_str_has_prefix (first, "PERSON=Sebastian Thrun|ORG=Google|DATE=2007|"));
}

/* Social media text with emoji: CoNLL in, doccano (UTF-16) out and back. */
static void
test_wnut17 (void)
{
  g_autofree char *path = corpus_path ("wnut17/emerging.dev.conll");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL, back = NULL;
  g_autofree char *tmp = NULL, *out_path = NULL;
  g_autoptr(GFile) out = NULL;
  g_autofree char *x = NULL, *y = NULL;

  if (path == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_CONLL, path, NULL, &error);
  g_assert_no_error (error);
  tmp = format_test_tmpdir ();
  out_path = g_build_filename (tmp, "wnut.jsonl", NULL);
  out = g_file_new_for_path (out_path);
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_DOCCANO_JSONL, sets, out, NULL, NULL, &error));
  back = newsmark_format_import (NEWSMARK_FORMAT_DOCCANO_JSONL, out, NULL, NULL, &error);
  g_assert_no_error (error);
  x = labels_and_texts (g_ptr_array_index (sets, 0), NULL);
  y = labels_and_texts (g_ptr_array_index (back, 0), NULL);
  g_assert_cmpstr (x, ==, y);
  g_assert_cmpuint (strlen (x), >, 1000);
  format_test_rmtree (tmp);
}

/* ---- WebAnno TSV ------------------------------------------------------------------- */

/* Every file of INCEpTION's suite imports; exported and read back it gives
 * the same text and spans, or the export said what it changed. */
static void
test_webanno_suite (void)
{
  g_autofree char *dir_path = corpus_path ("inception-webanno-tsv/tsv3-suite");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0, n_same = 0;

  if (dir_path == NULL)
    return;
  dir = g_dir_open (dir_path, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, "reference.tsv", NULL);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GPtrArray) export_problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sets = NULL, back = NULL;
      g_autofree char *tmp = NULL, *out_path = NULL;
      g_autoptr(GFile) out = NULL;
      g_autofree char *a = NULL, *b = NULL;
      NewsmarkAnnotationSet *orig, *again;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      g_test_message ("%s", name);
      sets = import_path (NEWSMARK_FORMAT_WEBANNO_TSV, path, problems, &error);
      g_assert_no_error (error);
      n++;

      tmp = format_test_tmpdir ();
      out_path = g_build_filename (tmp, "out.tsv", NULL);
      out = g_file_new_for_path (out_path);
      g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_WEBANNO_TSV, sets, out, NULL, export_problems, &error));
      g_assert_no_error (error);
      back = newsmark_format_import (NEWSMARK_FORMAT_WEBANNO_TSV, out, NULL, NULL, &error);
      g_assert_no_error (error);
      orig = g_ptr_array_index (sets, 0);
      again = g_ptr_array_index (back, 0);
      g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (orig)), ==,
                       newsmark_document_get_text (newsmark_annotation_set_get_document (again)));
      a = format_test_describe_fragments (orig, 1u << NEWSMARK_STATUS_ACCEPTED);
      b = format_test_describe_fragments (again, 1u << NEWSMARK_STATUS_ACCEPTED);
      if (g_str_equal (a, b))
        n_same++;
      else
        g_assert_true (has_problem (export_problems, NEWSMARK_SEVERITY_WARNING, "which WebAnno cannot mark"));
      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (orig)), ==,
                        g_list_model_get_n_items (newsmark_annotation_set_get_relations (again)));
      format_test_rmtree (tmp);
    }
  g_assert_cmpuint (n, >=, 70);
  g_test_message ("%u of %u read back identical", n_same, n);
  g_assert_cmpuint (n_same, ==, n);
}

static void
test_webanno_example (void)
{
  g_autofree char *path = corpus_path ("inception-webanno-tsv/tsv3/example2.tsv");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  NewsmarkAnnotationSet *set;

  if (path == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_WEBANNO_TSV, path, problems, &error);
  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  g_assert_true (g_str_has_prefix (newsmark_document_get_text (newsmark_annotation_set_get_document (set)),
                                   "Ms. Haag plays Elianti .\nRolls-Royce Motor Cars Inc."));
  g_assert_nonnull (first_span_with (set, "PER", "Ms. Haag"));
  g_assert_nonnull (first_span_with (set, "ORG", "Rolls-Royce Motor"));
  /* ROOT dependencies point at their own token: reported, not imported. */
  g_assert_true (has_problem (problems, NEWSMARK_SEVERITY_WARNING, "ROOT relation"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), >, 50);
}

/* Coreference chains: mentions become spans, each linked to the next. */
static void
test_webanno_chains (void)
{
  g_autofree char *path = corpus_path ("inception-webanno-tsv/tsv3-suite/testMultiTokenChain/reference.tsv");
  g_autofree char *coref = corpus_path ("inception-webanno-tsv/tsv3/coref.tsv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autofree char *got = NULL;
  NewsmarkAnnotationSet *set;
  g_autoptr(NewsmarkRelation) rel = NULL;

  if (path == NULL || coref == NULL)
    return;
  sets = import_path (NEWSMARK_FORMAT_WEBANNO_TSV, path, NULL, &error);
  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  got = labels_and_texts (set, NULL);
  g_assert_cmpstr (got, ==, "SimpleLink=This is|SimpleLink=a test|");
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 1);
  rel = g_list_model_get_item (newsmark_annotation_set_get_relations (set), 0);
  g_assert_cmpstr (newsmark_span_get_text (newsmark_annotation_set_find_span (set, newsmark_relation_get_from (rel))), ==, "This is");
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* Kafka's Der Process with named entities, lemmas and coreference. */
  sets = import_path (NEWSMARK_FORMAT_WEBANNO_TSV, coref, NULL, &error);
  g_assert_no_error (error);
  set = g_ptr_array_index (sets, 0);
  g_assert_nonnull (first_span_with (set, "CM", "Frau Grubach"));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), >, 500);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/corpora/brat-news", test_brat_news);
  g_test_add_func ("/format/corpora/brat-tdt", test_brat_tdt);
  g_test_add_func ("/format/corpora/brat-dkpro", test_brat_dkpro);
  g_test_add_func ("/format/corpora/doccano-transformer", test_doccano_transformer);
  g_test_add_func ("/format/corpora/doccano-variants", test_doccano_variants);
  g_test_add_func ("/format/corpora/label-studio", test_label_studio);
  g_test_add_func ("/format/corpora/prodigy", test_prodigy);
  g_test_add_func ("/format/corpora/conll-variants", test_conll_variants);
  g_test_add_func ("/format/corpora/wnut17", test_wnut17);
  g_test_add_func ("/format/corpora/webanno-suite", test_webanno_suite);
  g_test_add_func ("/format/corpora/webanno-example", test_webanno_example);
  g_test_add_func ("/format/corpora/webanno-chains", test_webanno_chains);

  return g_test_run ();
}
