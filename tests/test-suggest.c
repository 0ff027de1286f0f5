/* test-suggest.c — importing model suggestions and reviewing them */

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

/* ---- Fixture ---------------------------------------------------------------- */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "suggest", name, NULL);
}

static char *
read_data (const char *name,
           gsize      *len)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static NewsmarkDocument *
load_document (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkDocument *document = newsmark_document_new_from_file (file, NULL, &error);

  g_assert_no_error (error);

  return document;
}

/* The article of tests/data/suggest with two accepted spans an analyst
 * made before the model's output arrived: PERSON "Tom Reyes" and
 * LOCATION "WESTBAY". */
static NewsmarkAnnotationSet *
article_set (void)
{
  g_autoptr(NewsmarkDocument) document = load_document ("article.txt");
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set = newsmark_annotation_set_new (document, schema);

  newsmark_annotation_set_set_annotator (set, "alice");
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 402, 411, &error));
  g_assert_no_error (error);
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "LOCATION", 63, 70, &error));
  g_assert_no_error (error);
  newsmark_annotation_set_clear_history (set);

  return set;
}

static GPtrArray *
parse (NewsmarkAnnotationSet *set,
       NewsmarkSuggestFormat  format,
       const char            *data,
       GError               **error)
{
  return newsmark_suggest_parse (format, data, strlen (data), "model.json", set, NULL, error);
}

static NewsmarkSuggestReport *
import_strings_fixture (NewsmarkAnnotationSet *set)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSuggestReport *report = newsmark_suggest_report_new ();
  NewsmarkSuggestOptions options = {
    .model_name = "llm-x", .model_version = "2", .source = "strings.json", .format = "strings",
  };
  gsize len = 0;

  data = read_data ("strings.json", &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_STRINGS, data, len, "strings.json",
                                        set, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 13);

  g_assert_true (newsmark_suggest_import (set, suggestions, &options, report, &error));
  g_assert_no_error (error);

  return report;
}

static guint
count_log (NewsmarkAnnotationSet *set,
           const char            *action)
{
  GPtrArray *log = newsmark_annotation_set_get_log (set);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i);

      if (g_strcmp0 (entry->action, action) == 0)
        n++;
    }

  return n;
}

static const NewsmarkLogEntry *
last_log (NewsmarkAnnotationSet *set,
          const char            *action)
{
  GPtrArray *log = newsmark_annotation_set_get_log (set);

  for (guint i = log->len; i > 0; i--)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i - 1);

      if (g_strcmp0 (entry->action, action) == 0)
        return entry;
    }

  return NULL;
}

static NewsmarkSpan *
span_item (GListModel *model,
           guint       i)
{
  NewsmarkSpan *span = g_list_model_get_item (model, i);

  /* The set keeps its own reference. */
  g_object_unref (span);
  return span;
}

static NewsmarkSpan *
find_by_text (NewsmarkAnnotationSet *set,
              const char            *label,
              const char            *text)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      NewsmarkSpan *span = span_item (spans, i);

      if (g_str_equal (newsmark_span_get_label (span), label) &&
          g_strcmp0 (newsmark_span_get_text (span), text) == 0)
        return span;
    }

  return NULL;
}

/* ---- Import --------------------------------------------------------------------- */

static void
test_strings_fixture (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  static const NewsmarkSuggestOutcome expected[] = {
    NEWSMARK_SUGGEST_PLACED_EXACT,       /* Maria Okafor */
    NEWSMARK_SUGGEST_PLACED_NORMALISED,  /* straight quotes against curly */
    NEWSMARK_SUGGEST_AMBIGUOUS,          /* repeated paragraph */
    NEWSMARK_SUGGEST_PLACED_EXACT,       /* the same with occurrence 2 */
    NEWSMARK_SUGGEST_PLACED_EXACT,       /* Reyes, context decides */
    NEWSMARK_SUGGEST_NOT_FOUND,
    NEWSMARK_SUGGEST_PLACED_NORMALISED,  /* NBSP and apostrophe */
    NEWSMARK_SUGGEST_DUPLICATE,          /* Tom Reyes, already there */
    NEWSMARK_SUGGEST_CONFLICT,           /* WESTBAY as ORG, LOCATION there */
    NEWSMARK_SUGGEST_PLACED_NORMALISED,  /* en dash */
    NEWSMARK_SUGGEST_DUPLICATE,          /* Maria Okafor again */
    NEWSMARK_SUGGEST_AMBIGUOUS,          /* Okafor twice */
    NEWSMARK_SUGGEST_PLACED_NORMALISED,  /* line break */
  };
  g_autofree char *summary = NULL;
  g_autofree char *full = NULL;
  NewsmarkSpan *span;
  const NewsmarkOrigin *origin;
  const NewsmarkSuggestItem *item;
  const NewsmarkLogEntry *entry;
  GVariant *kind;

  g_assert_cmpuint (report->n_suggestions, ==, 13);
  g_assert_cmpuint (report->placed, ==, 8);
  g_assert_cmpuint (report->exact, ==, 4);
  g_assert_cmpuint (report->normalised, ==, 4);
  g_assert_cmpuint (report->ambiguous, ==, 2);
  g_assert_cmpuint (report->not_found, ==, 1);
  g_assert_cmpuint (report->duplicates, ==, 2);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (report->mismatched, ==, 0);

  summary = newsmark_suggest_report_to_summary (report);
  g_assert_cmpstr (summary, ==, "placed 8 (exact 4, normalised 4), ambiguous 2, not found 1, "
                                "duplicates merged 2, conflicts 1");

  g_assert_cmpuint (report->items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      item = g_ptr_array_index (report->items, i);
      g_assert_cmpint (item->outcome, ==, expected[i]);
      g_assert_nonnull (item->span_id);
    }

  /* 2 + 8 placed; nothing dropped: the rest unplaced with their reasons. */
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 3);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      span = span_item (spans, i);
      g_assert_true (newsmark_document_slice_equals (document, newsmark_span_get_start (span),
                                                     newsmark_span_get_end (span),
                                                     newsmark_span_get_text (span)));
    }

  /* Placed where the article says it, with the article's characters. */
  span = find_by_text (set, "QUOTE",
                       "\u201cThis is the most important decision we\u2019ve taken in a decade,\u201d");
  g_assert_nonnull (span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
  origin = newsmark_span_get_origin (span);
  g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_MODEL);
  g_assert_cmpstr (origin->name, ==, "llm-x");
  g_assert_cmpstr (origin->version, ==, "2");
  g_assert_true (origin->has_score);
  g_assert_cmpfloat_with_epsilon (origin->score, 0.91, 1e-9);
  kind = newsmark_span_get_attribute (span, "kind");
  g_assert_nonnull (kind);
  g_assert_cmpstr (g_variant_get_string (kind, NULL), ==, "direct");

  g_assert_nonnull (find_by_text (set, "CLAIM", "ending a debate that\nhas run since 2023"));
  g_assert_nonnull (find_by_text (set, "EVENT", "after a 7\u20132 vote"));
  g_assert_nonnull (find_by_text (set, "CLAIM", "a \u00a340\u00a0million plan to electrify the port\u2019s cranes"));

  /* Context picked the second "Reyes". */
  item = g_ptr_array_index (report->items, 4);
  g_assert_cmpuint (item->start, ==, 574);
  /* occurrence 2 picked the repeated paragraph's second copy. */
  item = g_ptr_array_index (report->items, 3);
  g_assert_cmpuint (item->start, ==, 525);

  /* Conflict: kept as a suggestion, naming the other span. */
  item = g_ptr_array_index (report->items, 8);
  g_assert_cmpstr (item->conflict_label, ==, "LOCATION");
  g_assert_nonnull (newsmark_annotation_set_find_span (set, item->span_id));
  g_assert_cmpuint (item->start, ==, 63);

  /* Ambiguous: every candidate kept. */
  item = g_ptr_array_index (report->items, 2);
  g_assert_cmpuint (item->candidates->len, ==, 2);
  span = span_item (unplaced, 0);
  g_assert_cmpstr (newsmark_span_get_id (span), ==, item->span_id);
  g_assert_cmpstr (newsmark_span_get_unplaced_reason (span), ==, "ambiguous");
  g_assert_cmpuint (newsmark_span_get_n_candidates (span), ==, 2);
  g_assert_cmpuint (newsmark_span_get_candidates (span)[0].start, ==, 476);
  g_assert_cmpuint (newsmark_span_get_candidates (span)[1].start, ==, 525);
  span = span_item (unplaced, 1);
  g_assert_cmpstr (newsmark_span_get_unplaced_reason (span), ==, "not-found");
  g_assert_cmpstr (newsmark_span_get_text (span), ==, "Westbay Harbour Authority");
  g_assert_cmpuint (newsmark_span_get_n_candidates (span), ==, 0);

  /* Duplicates merged into the existing spans, and logged. */
  item = g_ptr_array_index (report->items, 7);
  g_assert_cmpstr (newsmark_span_get_label (newsmark_annotation_set_find_span (set, item->span_id)), ==, "PERSON");
  g_assert_cmpuint (count_log (set, "merge"), ==, 2);

  /* One import entry with the counts and the model, by the annotator. */
  g_assert_cmpuint (count_log (set, "import"), ==, 1);
  entry = last_log (set, "import");
  g_assert_cmpstr (entry->who, ==, "alice");
  g_assert_nonnull (strstr (entry->detail_json, "\"model\":\"llm-x\""));
  g_assert_nonnull (strstr (entry->detail_json, "\"placed\":8"));
  g_assert_nonnull (strstr (entry->detail_json, "\"ambiguous\":2"));

  full = newsmark_suggest_report_to_string (report);
  g_assert_true (g_str_has_prefix (full, summary));
  g_assert_nonnull (strstr (full, "Westbay Harbour Authority"));
  g_assert_nonnull (strstr (full, "2 candidates: 476-523, 525-572"));
  g_assert_nonnull (strstr (full, "has label LOCATION there"));

  /* The whole import is one undo step. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 0);
  g_assert_false (newsmark_annotation_set_can_undo (set));
  g_assert_true (newsmark_annotation_set_redo (set));
  g_assert_cmpuint (g_list_model_get_n_items (spans), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 3);
}

static void
test_reimport_merges (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) first = import_strings_fixture (set);
  g_autoptr(NewsmarkSuggestReport) second = newsmark_suggest_report_new ();
  g_autofree char *path = data_path ("strings.json");
  g_autoptr(GFile) input = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* The same output again, from the file this time. */
  g_assert_true (newsmark_suggest_import_file (set, NEWSMARK_SUGGEST_FROM_STRINGS, input, NULL,
                                               second, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (last_log (set, "import")->detail_json, "\"source\":\"strings.json\""));

  /* Everything the first import added is found again and merged; nothing
   * is added twice, placed or unplaced. */
  g_assert_cmpuint (second->placed, ==, 0);
  g_assert_cmpuint (second->duplicates, ==, 13);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 3);
}

static void
test_strings_errors (void)
{
  static const struct {
    const char *input;
    const char *expect;
  } cases[] = {
    { "[{\"text\": \"a\", \"label\": \"PERSON\"},\n {\"text\": \"b\" \"label\": 1}]", "2:" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\"}] x", "model.json" },
    { "{\"text\": \"Okafor\", \"label\": \"PERSON\"}", "expected an array" },
    { "[{\"label\": \"PERSON\"}]", "[0].text" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"occurrence\": 0}]", "[0].occurrence" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\"}, {\"text\": \"Okafor\", \"label\": \"PERSON\", \"occurrence\": 2.5}]", "[1].occurrence" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"occurrence\": \"2\"}]", "[0].occurrence" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"reason\": \"a name\"}]", "[0].reason" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"score\": \"high\"}]", "[0].score" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"attributes\": {\"kind\": [1]}}]", "[0].attributes.kind" },
    { "[{\"text\": \" \", \"label\": \"PERSON\"}]", "[0].text" },
    { "[\"Okafor\"]", "[0]" },
  };
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) suggestions = parse (set, NEWSMARK_SUGGEST_FROM_STRINGS, cases[i].input, &error);

      g_assert_null (suggestions);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].expect);
    }
}

/* Every format of suggestions reads strings by the same rules as an
 * annotation file: what json-c would repair silently is an error naming
 * the line, column and JSON path. */
static void
test_string_rules (void)
{
  static const struct {
    NewsmarkSuggestFormat format;
    const char *input;
    const char *expect;
  } cases[] = {
    { NEWSMARK_SUGGEST_FROM_STRINGS, "[{\"text\": \"Okafor\", \"label\": \"ORG\", \"label\": \"PERSON\"}]",
      "model.json:1:37: error: [0].label: duplicate key \"label\" (the first is at line 1, column 21)" },
    { NEWSMARK_SUGGEST_FROM_STRINGS, "[{\"text\": \"Oka\\u0000for\", \"label\": \"PERSON\"}]",
      "model.json:1:15: error: [0].text: \\u0000 (a NUL character) at code point 3 of the string" },
    { NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL,
      "{\"text\": \"Maria Okafor spoke.\", \"label\": [[0, 12, \"PERSON\"]]}\n"
      "{\"text\": \"Okafor\", \"text\": \"Maria Okafor spoke.\", \"label\": [[0, 12, \"PERSON\"]]}\n",
      "model.json:2:20: text: duplicate key \"text\" (the first is at line 2, column 2)" },
    { NEWSMARK_SUGGEST_FROM_LABEL_STUDIO, "[{\"data\": {\"text\": \"Maria \\ud83d Okafor\"}, \"predictions\": []}]",
      "model.json:1:27: [0].data.text: lone surrogate \\uD83D at code point 6 of the string" },
  };
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) suggestions = parse (set, cases[i].format, cases[i].input, &error);

      g_assert_null (suggestions);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].expect);
    }
}

static void
test_schema_errors_change_nothing (void)
{
  static const struct {
    const char *input;
    const char *expect;
  } cases[] = {
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\"}, {\"text\": \"Okafor\", \"label\": \"POLITICIAN\"}]",
      "[1].label: unknown label “POLITICIAN”" },
    { "[{\"text\": \"Okafor\", \"label\": \"QUOTE\", \"attributes\": {\"kind\": \"shouted\"}}]",
      "[0].attributes.kind" },
    { "[{\"text\": \"Okafor\", \"label\": \"PERSON\", \"attributes\": {\"age\": 40}}]",
      "[0].attributes.age: label PERSON has no attribute" },
  };
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  guint n_log = newsmark_annotation_set_get_log (set)->len;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) suggestions = parse (set, NEWSMARK_SUGGEST_FROM_STRINGS, cases[i].input, &error);

      g_assert_no_error (error);
      g_assert_false (newsmark_suggest_import (set, suggestions, NULL, NULL, &error));
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].expect);

      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 2);
      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
      g_assert_cmpuint (newsmark_annotation_set_get_log (set)->len, ==, n_log);
      g_assert_false (newsmark_annotation_set_can_undo (set));
    }
}

/* The model saw an older version of the article (another first paragraph,
 * an organisation that was later cut): its offsets are wrong for the
 * current text, so its spans are found by their text and the words around
 * them, and the mismatch is reported. */
static NewsmarkAnnotationSet *
older_version_set (void)
{
  g_autoptr(NewsmarkDocument) document = load_document ("article-v0.txt");
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  NewsmarkAnnotationSet *set = newsmark_annotation_set_new (document, schema);
  const char *text = newsmark_document_get_text (document);
  static const struct {
    const char *label;
    const char *text;
    guint       occurrence;
    double      score;
  } spans[] = {
    { "PERSON", "Maria Okafor", 1, 0.96 },
    { "ORG", "Westbay Port Trust", 1, 0.81 },
    { "PERSON", "Reyes", 2, 0.77 },
    { "PERSON", "Tom Reyes", 1, 0.9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model ("tagger", "0.9", TRUE, spans[i].score);
      g_autoptr(NewsmarkSpan) span = NULL;
      g_autoptr(GError) error = NULL;
      const char *at = text;
      guint start;

      for (guint k = 0; k < spans[i].occurrence; k++)
        at = strstr (k == 0 ? at : at + 1, spans[i].text);
      start = (guint) g_utf8_pointer_to_offset (text, at);

      span = newsmark_span_new (NULL, spans[i].label, start, start + (guint) g_utf8_strlen (spans[i].text, -1));
      newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
      newsmark_span_set_origin (span, origin);
      g_assert_true (newsmark_annotation_set_add_span (set, span, &error));
      g_assert_no_error (error);
    }

  return set;
}

static void
check_older_version_report (NewsmarkAnnotationSet *set,
                            NewsmarkSuggestReport *report)
{
  const NewsmarkSuggestItem *item;
  g_autofree char *full = NULL;
  gboolean seen[4] = { FALSE };

  g_assert_cmpuint (report->n_suggestions, ==, 4);
  g_assert_cmpuint (report->mismatched, ==, 4);
  g_assert_cmpuint (report->placed, ==, 2);
  g_assert_cmpuint (report->not_found, ==, 1);
  g_assert_cmpuint (report->duplicates, ==, 1);
  g_assert_cmpuint (report->ambiguous, ==, 0);

  for (guint i = 0; i < report->items->len; i++)
    {
      item = g_ptr_array_index (report->items, i);
      g_assert_true (item->text_mismatch);

      if (g_str_equal (item->text, "Maria Okafor"))
        {
          g_assert_cmpint (item->outcome, ==, NEWSMARK_SUGGEST_PLACED_EXACT);
          g_assert_cmpuint (item->start, ==, 297);
          seen[0] = TRUE;
        }
      else if (g_str_equal (item->text, "Westbay Port Trust"))
        {
          g_assert_cmpint (item->outcome, ==, NEWSMARK_SUGGEST_NOT_FOUND);
          seen[1] = TRUE;
        }
      else if (g_str_equal (item->text, "Reyes"))
        {
          /* Two "Reyes" in the article; the words around it in the older
           * version point at the second. */
          g_assert_cmpint (item->outcome, ==, NEWSMARK_SUGGEST_PLACED_EXACT);
          g_assert_cmpuint (item->start, ==, 574);
          seen[2] = TRUE;
        }
      else if (g_str_equal (item->text, "Tom Reyes"))
        {
          g_assert_cmpint (item->outcome, ==, NEWSMARK_SUGGEST_DUPLICATE);
          seen[3] = TRUE;
        }
    }
  g_assert_true (seen[0] && seen[1] && seen[2] && seen[3]);

  full = newsmark_suggest_report_to_string (report);
  g_assert_nonnull (strstr (full, "Offsets whose text differs from the article (matched by text instead): 4"));
}

static void
test_newsmark_other_version (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkAnnotationSet) older = older_version_set ();
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize len = 0;
  NewsmarkSpan *span;
  const NewsmarkOrigin *origin;

  json = newsmark_annotation_set_to_json (older, &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_NEWSMARK, json, len, "older.newsmark.json",
                                        set, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_no_error (error);

  check_older_version_report (set, report);

  /* The input's own model is kept when none is given. */
  span = find_by_text (set, "PERSON", "Maria Okafor");
  origin = newsmark_span_get_origin (span);
  g_assert_cmpstr (origin->name, ==, "tagger");
  g_assert_cmpstr (origin->version, ==, "0.9");
  g_assert_cmpfloat_with_epsilon (origin->score, 0.96, 1e-9);
}

/* Another annotation file of the same article: offsets are right, so even
 * a discontinuous span (a quote split by "said …") is placed as it is. */
static void
test_newsmark_same_article (void)
{
  g_autoptr(NewsmarkAnnotationSet) source = article_set ();
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  NewsmarkDocument *document = newsmark_annotation_set_get_document (source);
  const char *text = newsmark_document_get_text (document);
  const char *q1 = strstr (text, "\u201cThis is");
  const char *q2 = strstr (text, "\u201cas soon");
  NewsmarkFragment fragments[2];
  NewsmarkSpan *quote;
  gsize len = 0;

  fragments[0].start = (guint) g_utf8_pointer_to_offset (text, q1);
  fragments[0].end = fragments[0].start + 62;
  fragments[1].start = (guint) g_utf8_pointer_to_offset (text, q2);
  fragments[1].end = fragments[1].start + 29;
  quote = newsmark_annotation_set_create_span (source, "QUOTE", fragments[0].start, fragments[0].end, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_set_span_fragments (source, quote, fragments, 2, &error));
  g_assert_no_error (error);

  json = newsmark_annotation_set_to_json (source, &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_NEWSMARK, json, len, "other.newsmark.json",
                                        set, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 3);
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_no_error (error);

  /* The two spans both files have are merged; the quote is new. */
  g_assert_cmpuint (report->duplicates, ==, 2);
  g_assert_cmpuint (report->placed, ==, 1);
  g_assert_cmpuint (report->exact, ==, 1);
  g_assert_cmpuint (report->mismatched, ==, 0);
  quote = newsmark_annotation_set_find_span (set, ((NewsmarkSuggestItem *) g_ptr_array_index (report->items, 1))->span_id);
  g_assert_nonnull (quote);
  g_assert_cmpstr (newsmark_span_get_label (quote), ==, "QUOTE");
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  g_assert_cmpuint (newsmark_span_get_fragments (quote)[1].start, ==, fragments[1].start);
  g_assert_cmpint (newsmark_span_get_status (quote), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_true (newsmark_annotation_set_check (set, NULL, NULL));
}

static void
test_spacy_other_version (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  NewsmarkSuggestOptions options = { .model_name = "spacy-news", .model_version = "3.7" };
  gsize len = 0;
  NewsmarkSpan *span;

  data = read_data ("model-v0.spacy.jsonl", &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_SPACY_JSONL, data, len,
                                        "model-v0.spacy.jsonl", set, problems, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, &options, report, &error));
  g_assert_no_error (error);

  check_older_version_report (set, report);

  span = find_by_text (set, "PERSON", "Maria Okafor");
  g_assert_cmpstr (newsmark_span_get_origin (span)->name, ==, "spacy-news");
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_SUGGESTED);
}


static void
test_label_studio_and_doccano (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ls = NULL;
  g_autofree char *doccano = NULL;
  const NewsmarkOrigin *origin;
  NewsmarkSpan *span;
  gsize len = 0;

  /* Label Studio: the model's predictions (UTF-16 offsets, a score) become
   * suggestions; an analyst's annotation in the same task is not one. */
  ls = read_data ("model.label-studio.json", &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_LABEL_STUDIO, ls, len,
                                        "model.label-studio.json", set, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((NewsmarkProblem *) g_ptr_array_index (problems, 0))->message,
                            "only predictions become suggestions"));
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->placed, ==, 1);
  span = find_by_text (set, "PERSON", "Maria Okafor");
  origin = newsmark_span_get_origin (span);
  /* Label Studio's model_version names the model (as name or version). */
  g_assert_true (g_strcmp0 (origin->name, "ner-2") == 0 || g_strcmp0 (origin->version, "ner-2") == 0);
  g_assert_true (origin->has_score);
  g_assert_cmpfloat_with_epsilon (origin->score, 0.91, 1e-9);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  /* doccano: one span identical to the analyst's (merged), one new. */
  doccano = read_data ("model.doccano.jsonl", &len);
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_DOCCANO_JSONL, doccano, len,
                                        "model.doccano.jsonl", set, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->placed, ==, 1);
  g_assert_cmpuint (report->duplicates, ==, 1);
  g_assert_nonnull (find_by_text (set, "ORG", "Westbay harbour council"));
}

/* ---- Review ------------------------------------------------------------------------ */

static void
test_accept_reject_edit (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  g_autoptr(NewsmarkSpan) edited = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *okafor = find_by_text (set, "PERSON", "Maria Okafor");
  NewsmarkSpan *event = find_by_text (set, "EVENT", "after a 7\u20132 vote");
  NewsmarkSpan *westbay = NULL;
  const NewsmarkLogEntry *entry;
  guint reviewed = 0, total = 0;
  const char *event_id;

  newsmark_annotation_set_set_annotator (set, "bob");

  newsmark_review_get_progress (set, &reviewed, &total);
  g_assert_cmpuint (reviewed, ==, 0);
  g_assert_cmpuint (total, ==, 11);  /* 8 placed + 3 unplaced */

  /* Accept. */
  g_assert_true (newsmark_review_accept (set, okafor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (newsmark_span_get_status (okafor), ==, NEWSMARK_STATUS_ACCEPTED);
  entry = last_log (set, "accept");
  g_assert_cmpstr (entry->who, ==, "bob");
  g_assert_cmpstr (entry->target, ==, newsmark_span_get_id (okafor));
  g_assert_nonnull (entry->time);
  g_assert_nonnull (strstr (entry->detail_json, "accepted"));

  /* A decided span is no longer pending. */
  g_assert_false (newsmark_review_accept (set, okafor, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Reject: it stays, with status rejected. */
  for (guint i = 0; i < g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)); i++)
    {
      NewsmarkSpan *span = span_item (newsmark_annotation_set_get_spans (set), i);

      if (g_str_equal (newsmark_span_get_label (span), "ORG"))
        westbay = span;
    }
  g_assert_nonnull (westbay);
  g_assert_true (newsmark_review_reject (set, westbay, &error));
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_find_span (set, newsmark_span_get_id (westbay)) == westbay);
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_REJECTED);
  entry = last_log (set, "reject");
  g_assert_cmpstr (entry->target, ==, newsmark_span_get_id (westbay));

  /* Edit then accept: label and boundaries change, id and model kept;
   * logged with before and after. */
  event_id = newsmark_span_get_id (event);
  edited = newsmark_span_new (NULL, "EVENT", newsmark_span_get_start (event) + 8,
                              newsmark_span_get_end (event));
  g_assert_true (newsmark_review_edit_accept (set, event, edited, &error));
  g_assert_no_error (error);
  event = newsmark_annotation_set_find_span (set, event_id);
  g_assert_cmpstr (newsmark_span_get_text (event), ==, "7\u20132 vote");
  g_assert_cmpint (newsmark_span_get_status (event), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpstr (newsmark_span_get_origin (event)->name, ==, "llm-x");
  entry = last_log (set, "edit");
  g_assert_cmpstr (entry->target, ==, event_id);
  g_assert_cmpstr (entry->who, ==, "bob");
  g_assert_nonnull (strstr (entry->detail_json, "after a 7\u20132 vote"));
  g_assert_nonnull (strstr (entry->detail_json, "\"7\u20132 vote\""));

  newsmark_review_get_progress (set, &reviewed, &total);
  g_assert_cmpuint (reviewed, ==, 3);
  g_assert_cmpuint (total, ==, 11);

  /* Each decision is one undo step, and the undo is logged. */
  g_assert_true (newsmark_annotation_set_undo (set));
  event = newsmark_annotation_set_find_span (set, event_id);
  g_assert_cmpint (newsmark_span_get_status (event), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (newsmark_span_get_text (event), ==, "after a 7\u20132 vote");
  entry = last_log (set, "undo");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->detail_json, "Edit and accept"));
  g_assert_true (newsmark_annotation_set_redo (set));
  g_assert_cmpuint (count_log (set, "redo"), ==, 1);
}

static void
test_place_unplaced (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *ambiguous = span_item (unplaced, 0);
  NewsmarkFragment second = newsmark_span_get_candidates (ambiguous)[1];
  g_autofree char *id = g_strdup (newsmark_span_get_id (ambiguous));
  NewsmarkSpan *placed;

  g_assert_true (newsmark_review_place (set, ambiguous, second.start, second.end, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 2);
  placed = newsmark_annotation_set_find_span (set, id);
  g_assert_nonnull (placed);
  g_assert_cmpuint (newsmark_span_get_start (placed), ==, second.start);
  g_assert_cmpint (newsmark_span_get_status (placed), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpstr (last_log (set, "place")->target, ==, id);
  /* Placed on its own string: nothing more to say. */
  g_assert_null (strstr (last_log (set, "place")->detail_json, "suggested_text"));

  /* The one not found anywhere, placed by hand on other words: the span
   * takes the article's text there; the log keeps the suggested string. */
  {
    NewsmarkSpan *missing = span_item (unplaced, 0);
    g_autofree char *missing_id = g_strdup (newsmark_span_get_id (missing));
    g_autofree char *suggested = g_strdup (newsmark_span_get_text (missing));
    const char *text = newsmark_document_get_text (newsmark_annotation_set_get_document (set));
    guint start = (guint) g_utf8_strlen (text, strstr (text, "council") - text);
    const NewsmarkLogEntry *entry;

    g_assert_cmpstr (newsmark_span_get_unplaced_reason (missing), ==, "not-found");
    g_assert_true (newsmark_review_place (set, missing, start, start + 7, &error));
    g_assert_no_error (error);
    placed = newsmark_annotation_set_find_span (set, missing_id);
    g_assert_nonnull (placed);
    g_assert_cmpstr (newsmark_span_get_text (placed), ==, "council");
    g_assert_null (newsmark_span_get_unplaced_reason (placed));
    entry = last_log (set, "place");
    g_assert_cmpstr (entry->target, ==, missing_id);
    g_assert_nonnull (strstr (entry->detail_json, "\"text\":\"council\""));
    g_assert_nonnull (strstr (entry->detail_json, "\"suggested_text\""));
    g_assert_nonnull (strstr (entry->detail_json, suggested));
    g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 1);

    /* Undo puts it back, unplaced, with its own text. */
    g_assert_true (newsmark_annotation_set_undo (set));
    g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 2);
    {
      gboolean back = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
        {
          NewsmarkSpan *span = span_item (unplaced, i);

          if (g_str_equal (newsmark_span_get_id (span), missing_id))
            {
              back = TRUE;
              g_assert_cmpstr (newsmark_span_get_text (span), ==, suggested);
              g_assert_cmpstr (newsmark_span_get_unplaced_reason (span), ==, "not-found");
            }
        }
      g_assert_true (back);
    }
  }
}

static void
test_bulk_accept (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  const NewsmarkLogEntry *entry;
  guint reviewed = 0;

  /* Preview counts without changing anything. PERSON suggestions placed:
   * Maria Okafor (0.97), Reyes (0.88). */
  g_assert_cmpuint (newsmark_review_bulk_count (set, "PERSON", 0.9), ==, 1);
  g_assert_cmpuint (newsmark_review_bulk_count (set, "PERSON", 0.5), ==, 2);
  g_assert_cmpuint (newsmark_review_bulk_count (set, NULL, 0.6), ==, 5);
  /* The line-break CLAIM has no score: only a threshold of 0 takes it. */
  g_assert_cmpuint (newsmark_review_bulk_count (set, "CLAIM", 0.0), ==, 3);
  g_assert_cmpuint (newsmark_review_bulk_count (set, "CLAIM", 0.01), ==, 2);
  newsmark_review_get_progress (set, &reviewed, NULL);
  g_assert_cmpuint (reviewed, ==, 0);

  g_assert_cmpuint (newsmark_review_bulk_accept (set, NULL, 0.6), ==, 5);
  g_assert_cmpuint (newsmark_review_bulk_count (set, NULL, 0.6), ==, 0);
  newsmark_review_get_progress (set, &reviewed, NULL);
  g_assert_cmpuint (reviewed, ==, 5);

  entry = last_log (set, "bulk-accept");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->detail_json, "\"min_score\":0.6"));
  g_assert_nonnull (strstr (entry->detail_json, "\"count\":5"));
  g_assert_cmpuint (count_log (set, "accept"), ==, 5);

  /* One undo step for the whole bulk. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (newsmark_review_bulk_count (set, NULL, 0.6), ==, 5);
  g_assert_cmpuint (newsmark_review_bulk_accept (set, "QUOTE", 0.99), ==, 0);
}

static void
test_queue (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  g_autoptr(NewsmarkReviewQueue) queue = newsmark_review_queue_new (set, NEWSMARK_REVIEW_ORDER_SCORE);
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  NewsmarkSpan *current;
  double last = 2.0;
  guint first_pos;

  /* 8 placed suggestions, highest score first, the unscored last; then
   * the 3 unplaced ones, so that review reaches every suggestion. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 11);
  g_assert_cmpuint (newsmark_review_queue_get_n_total (queue), ==, 11);
  for (guint i = 8; i < 11; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (G_LIST_MODEL (queue), i);

      g_assert_nonnull (newsmark_span_get_unplaced_reason (span));
    }
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (G_LIST_MODEL (queue), i);
      const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
      double score = origin->has_score ? origin->score : -1;

      g_assert_cmpfloat (score, <=, last);
      last = score;
    }

  current = newsmark_review_queue_get_current (queue);
  g_assert_cmpstr (newsmark_span_get_text (current), ==, "Maria Okafor");
  g_assert_cmpuint (newsmark_review_queue_get_position (queue), ==, 0);

  g_assert_true (newsmark_review_queue_accept (queue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (newsmark_review_queue_get_position (queue), ==, 1);
  g_assert_true (newsmark_review_queue_reject (queue, &error));
  g_assert_no_error (error);
  progress = newsmark_review_queue_dup_progress_text (queue);
  g_assert_cmpstr (progress, ==, "2 of 11 reviewed");

  /* previous skips decided items: wraps to the last pending one. */
  first_pos = newsmark_review_queue_get_position (queue);
  g_assert_cmpuint (first_pos, ==, 2);
  g_assert_true (newsmark_review_queue_previous (queue));
  g_assert_cmpuint (newsmark_review_queue_get_position (queue), ==, 10);
  g_assert_true (newsmark_review_queue_next (queue));
  g_assert_cmpuint (newsmark_review_queue_get_position (queue), ==, 2);
  g_assert_true (newsmark_review_queue_previous (queue));
  g_assert_true (newsmark_review_queue_next (queue));
  g_assert_cmpuint (newsmark_review_queue_get_position (queue), ==, 2);

  /* Undo brings an item back to pending and the count follows. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (newsmark_review_queue_get_n_reviewed (queue), ==, 1);

  /* Document order. */
  newsmark_review_queue_refresh (queue, NEWSMARK_REVIEW_ORDER_DOCUMENT);
  g_assert_cmpuint (newsmark_review_queue_get_n_total (queue), ==, 10);
  for (guint i = 1; i < 7; i++)
    {
      g_autoptr(NewsmarkSpan) a = g_list_model_get_item (G_LIST_MODEL (queue), i - 1);
      g_autoptr(NewsmarkSpan) b = g_list_model_get_item (G_LIST_MODEL (queue), i);

      g_assert_cmpint (newsmark_span_compare (a, b), <, 0);
    }

  /* Until nothing is pending: the conflict takes a choice, an unplaced
   * suggestion cannot be accepted before it is placed but can be rejected. */
  while (newsmark_review_queue_get_current (queue) != NULL &&
         newsmark_review_queue_get_n_reviewed (queue) < 10)
    {
      current = newsmark_review_queue_get_current (queue);
      if (newsmark_review_queue_accept (queue, &error))
        continue;
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
      g_clear_error (&error);
      if (newsmark_span_get_unplaced_reason (current) != NULL)
        g_assert_true (newsmark_review_queue_reject (queue, &error));
      else
        g_assert_true (newsmark_review_queue_resolve_conflict (queue, NEWSMARK_CONFLICT_KEEP_BOTH, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (newsmark_review_queue_get_n_reviewed (queue), ==, 10);
  g_assert_false (newsmark_review_queue_next (queue));
  {
    guint reviewed, total;

    newsmark_review_get_progress (set, &reviewed, &total);
    g_assert_cmpuint (reviewed, ==, total);
    g_assert_cmpuint (total, ==, 11);
  }
}

static NewsmarkSpan *
find_span_by_id (NewsmarkAnnotationSet *set,
                 const char            *id)
{
  return newsmark_annotation_set_find_span (set, id);
}

/* A suggestion that puts another label on the text of an existing span is
 * flagged with it, cannot be accepted blindly (nor in bulk), and its choice
 * is one undo step, logged with what it was made against. */
static void
test_conflicts (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  const NewsmarkSuggestItem *item = g_ptr_array_index (report->items, 8);
  NewsmarkSpan *westbay = find_span_by_id (set, item->span_id);
  NewsmarkSpan *location = find_span_by_id (set, item->conflict_with);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  const NewsmarkLogEntry *entry;
  guint n_log;

  g_assert_nonnull (westbay);
  g_assert_nonnull (location);
  g_assert_cmpstr (newsmark_span_get_label (location), ==, "LOCATION");
  conflicts = newsmark_review_find_conflicts (set, westbay);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (g_ptr_array_index (conflicts, 0) == location);
  g_assert_true (newsmark_spans_conflict (westbay, location));

  /* Not accepted silently, one by one or in bulk. */
  g_assert_false (newsmark_review_accept (set, westbay, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "LOCATION"));
  g_assert_nonnull (strstr (error->message, newsmark_span_get_id (location)));
  g_clear_error (&error);
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpuint (newsmark_review_bulk_count (set, "ORG", 0.0), ==, 0);
  g_assert_cmpuint (newsmark_review_bulk_count_conflicts (set, "ORG", 0.0), ==, 1);
  g_assert_cmpuint (newsmark_review_bulk_accept (set, NULL, 0.0), ==, 7);
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_SUGGESTED);
  entry = last_log (set, "bulk-accept");
  g_assert_nonnull (strstr (entry->detail_json, "\"conflicts_left\""));
  g_assert_nonnull (strstr (entry->detail_json, newsmark_span_get_id (westbay)));
  g_assert_true (newsmark_annotation_set_undo (set));

  /* Keep both. */
  n_log = newsmark_annotation_set_get_log (set)->len;
  g_assert_true (newsmark_review_resolve_conflict (set, westbay, NEWSMARK_CONFLICT_KEEP_BOTH, &error));
  g_assert_no_error (error);
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_ACCEPTED);
  entry = g_ptr_array_index (newsmark_annotation_set_get_log (set), n_log);
  g_assert_cmpstr (entry->action, ==, "resolve-conflict");
  g_assert_cmpstr (entry->target, ==, newsmark_span_get_id (westbay));
  g_assert_cmpstr (entry->who, ==, "alice");
  g_assert_nonnull (strstr (entry->detail_json, "\"choice\":\"keep-both\""));
  g_assert_nonnull (strstr (entry->detail_json, "\"label\":\"LOCATION\""));
  g_assert_nonnull (strstr (entry->detail_json, newsmark_span_get_id (location)));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_SUGGESTED);

  /* Replace: the existing span is kept in the file, rejected; one step. */
  n_log = newsmark_annotation_set_get_log (set)->len;
  g_assert_true (newsmark_review_resolve_conflict (set, westbay, NEWSMARK_CONFLICT_REPLACE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_REJECTED);
  entry = g_ptr_array_index (newsmark_annotation_set_get_log (set), n_log);
  g_assert_nonnull (strstr (entry->detail_json, "\"choice\":\"replace\""));
  entry = g_ptr_array_index (newsmark_annotation_set_get_log (set), n_log + 1);
  g_assert_cmpstr (entry->action, ==, "reject");
  g_assert_cmpstr (entry->target, ==, newsmark_span_get_id (location));
  entry = g_ptr_array_index (newsmark_annotation_set_get_log (set), n_log + 2);
  g_assert_cmpstr (entry->action, ==, "accept");
  g_assert_cmpstr (entry->target, ==, newsmark_span_get_id (westbay));
  g_assert_nonnull (strstr (newsmark_annotation_set_get_undo_description (set), "replacing LOCATION"));
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_ACCEPTED);

  /* Reject. */
  g_assert_true (newsmark_review_resolve_conflict (set, westbay, NEWSMARK_CONFLICT_REJECT, &error));
  g_assert_cmpint (newsmark_span_get_status (westbay), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpint (newsmark_span_get_status (location), ==, NEWSMARK_STATUS_ACCEPTED);
  g_assert_nonnull (strstr (last_log (set, "resolve-conflict")->detail_json, "\"choice\":\"reject\""));
}

/* A split span: a suggestion exactly on one of its fragments under another
 * label conflicts, on import and in review; one nested inside does not. */
static void
test_conflicts_split (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  const char *text = newsmark_document_get_text (document);
  guint rushed = (guint) g_utf8_strlen (text, strstr (text, "rushed") - text);
  guint reyes = 402;
  NewsmarkFragment fragments[2] = { { reyes, reyes + 9 }, { rushed, rushed + 6 } };
  g_autoptr(NewsmarkSpan) quote = newsmark_span_new (NULL, "QUOTE", 0, 1);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GError) error = NULL;
  const NewsmarkSuggestItem *item;
  NewsmarkSpan *claim, *nested;

  newsmark_span_set_fragments (quote, fragments, 2);
  g_assert_true (newsmark_annotation_set_add_span (set, quote, &error));
  g_assert_no_error (error);

  suggestions = parse (set, NEWSMARK_SUGGEST_FROM_STRINGS,
                       "[{\"text\": \"rushed\", \"label\": \"CLAIM\"},"
                       " {\"text\": \"ushe\", \"label\": \"CLAIM\"},"
                       " {\"text\": \"warned that costs could double\", \"label\": \"CLAIM\"}]", &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_no_error (error);

  item = g_ptr_array_index (report->items, 0);
  g_assert_cmpint (item->outcome, ==, NEWSMARK_SUGGEST_CONFLICT);
  g_assert_cmpstr (item->conflict_with, ==, newsmark_span_get_id (quote));
  g_assert_cmpstr (item->conflict_label, ==, "QUOTE");
  claim = find_span_by_id (set, item->span_id);
  g_assert_false (newsmark_review_accept (set, claim, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Inside a fragment, not on it: nesting. */
  item = g_ptr_array_index (report->items, 1);
  g_assert_cmpint (item->outcome, !=, NEWSMARK_SUGGEST_CONFLICT);
  nested = find_span_by_id (set, item->span_id);
  g_assert_nonnull (nested);
  g_assert_false (newsmark_spans_conflict (nested, quote));
  g_assert_true (newsmark_review_accept (set, nested, &error));
  g_assert_no_error (error);

  item = g_ptr_array_index (report->items, 2);
  g_assert_cmpint (item->outcome, !=, NEWSMARK_SUGGEST_CONFLICT);
  g_assert_cmpuint (report->conflicts, ==, 1);
}

/* An unplaced suggestion can be rejected: it stays in "unplaced" with
 * status rejected, logged, counted as reviewed, and so it is saved. */
static void
test_reject_unplaced (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(NewsmarkSuggestReport) report = import_strings_fixture (set);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  NewsmarkSpan *span = span_item (unplaced, 1);
  g_autofree char *id = g_strdup (newsmark_span_get_id (span));
  g_autofree char *dir = g_dir_make_tmp ("newsmark-unplaced-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.newsmark.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(NewsmarkAnnotationSet) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint reviewed, total, reviewed_after;

  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 3);
  newsmark_review_get_progress (set, &reviewed, &total);

  g_assert_false (newsmark_review_accept (set, span, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (newsmark_review_reject (set, span, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 3);
  g_assert_true (span_item (unplaced, 1) == span);
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_REJECTED);
  g_assert_cmpstr (last_log (set, "reject")->target, ==, id);
  newsmark_review_get_progress (set, &reviewed_after, NULL);
  g_assert_cmpuint (reviewed_after, ==, reviewed + 1);

  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);
  loaded = newsmark_annotation_set_load (file, 0, NULL, &error);
  g_assert_no_error (error);
  span = newsmark_annotation_set_find_span (loaded, id);
  g_assert_nonnull (span);
  g_assert_nonnull (newsmark_span_get_unplaced_reason (span));
  g_assert_cmpint (newsmark_span_get_status (span), ==, NEWSMARK_STATUS_REJECTED);

  g_unlink (path);
  {
    g_autofree char *backup = g_strconcat (path, "~", NULL);

    g_unlink (backup);
  }
  g_rmdir (dir);
}

/* An ambiguous suggestion whose places are copies of one repeated
 * paragraph can be placed in all of them at once. */
static void
test_place_copies (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GError) error = NULL;
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  NewsmarkSpan *claim, *okafor, *copy;
  const NewsmarkLogEntry *entry;
  g_autofree char *claim_id = NULL;
  guint n_spans;

  suggestions = parse (set, NEWSMARK_SUGGEST_FROM_STRINGS,
                       "[{\"text\": \"The port handles 2.1 million\", \"label\": \"CLAIM\", \"score\": 0.5},"
                       " {\"text\": \"Okafor\", \"label\": \"PERSON\"}]", &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, NULL, report, &error));
  g_assert_cmpuint (report->ambiguous, ==, 2);
  claim = span_item (unplaced, 0);
  okafor = span_item (unplaced, 1);
  claim_id = g_strdup (newsmark_span_get_id (claim));

  g_assert_true (newsmark_review_candidates_are_copies (set, claim));
  g_assert_false (newsmark_review_candidates_are_copies (set, okafor));
  g_assert_false (newsmark_review_place_copies (set, okafor, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  n_spans = g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
  g_assert_true (newsmark_review_place_copies (set, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, n_spans + 2);
  g_assert_cmpuint (newsmark_span_get_start (claim), ==, 476);
  g_assert_cmpint (newsmark_span_get_status (claim), ==, NEWSMARK_STATUS_SUGGESTED);

  entry = last_log (set, "place-copies");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->target, ==, claim_id);
  {
    g_autoptr(GPtrArray) there = newsmark_annotation_set_spans_at (set, 525);

    copy = NULL;
    for (guint i = 0; i < there->len; i++)
      if (g_strcmp0 (newsmark_span_get_label (g_ptr_array_index (there, i)), "CLAIM") == 0)
        copy = g_ptr_array_index (there, i);
  }
  g_assert_nonnull (copy);
  g_assert_cmpstr (newsmark_span_get_text (copy), ==, "The port handles 2.1 million");
  g_assert_cmpint (newsmark_span_get_status (copy), ==, NEWSMARK_STATUS_SUGGESTED);
  g_assert_cmpint (newsmark_span_get_origin (copy)->kind, ==, NEWSMARK_ORIGIN_MODEL);
  g_assert_true (newsmark_span_get_origin (copy)->has_score);
  g_assert_cmpstr (newsmark_span_get_id (copy), !=, claim_id);
  g_assert_nonnull (strstr (entry->detail_json, newsmark_span_get_id (copy)));
  g_assert_nonnull (last_log (set, "place"));

  /* One undo step takes it all back. */
  g_assert_true (newsmark_annotation_set_undo (set));
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, n_spans);
}


/* ---- newsmark-cli suggest / audit / report ------------------------------------------ */

static char *
cli_path (void)
{
  if (g_getenv ("NEWSMARK_CLI") != NULL)
    return g_strdup (g_getenv ("NEWSMARK_CLI"));

  return g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "newsmark-cli", NULL);
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

/* A folder with the article, its annotation file (two accepted spans) and
 * the model's outputs. */
static char *
cli_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = article_set ();
  g_autofree char *dir = g_dir_make_tmp ("newsmark-suggest-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  static const char *copies[] = { "article.txt", "strings.json", "model-v0.spacy.jsonl" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *to = g_build_filename (dir, copies[i], NULL);
      gsize len = 0;

      data = read_data (copies[i], &len);
      g_file_set_contents (to, data, (gssize) len, &error);
      g_assert_no_error (error);
    }

  path = g_build_filename (dir, "article.newsmark.json", NULL);
  file = g_file_new_for_path (path);
  newsmark_annotation_set_set_document_path (set, "article.txt");
  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static void
remove_folder (const char *dir)
{
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
}

static void
test_cli (void)
{
  g_autofree char *dir = cli_folder ();
  g_autofree char *file = g_build_filename (dir, "article.newsmark.json", NULL);
  g_autofree char *strings = g_build_filename (dir, "strings.json", NULL);
  g_autofree char *spacy = g_build_filename (dir, "model-v0.spacy.jsonl", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *html = g_build_filename (dir, "report.html", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(NewsmarkAnnotationSet) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (file, &before, NULL, NULL));

  /* Bad command lines: exit 2. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "suggest", strings, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--from"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "suggest", "--from", "csv", strings, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "unknown format"));
  }

  /* Bad input: exit 1, the problem named with its place, file untouched. */
  g_file_set_contents (bad, "[{\"text\": \"Okafor\", \"label\": \"PERSON\"},\n {\"text\": 7, \"label\": \"PERSON\"}]", -1, NULL);
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "suggest", "--from", "strings", bad, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "[1].text"));
  }

  /* --strict with ambiguous and missing strings: exit 3, nothing written. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "suggest", "--from", "strings", "--strict", strings, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 3);
    g_assert_true (g_str_has_prefix (out, "placed 8 (exact 4, normalised 4), ambiguous 2, not found 1, "
                                          "duplicates merged 2, conflicts 1\n"));
    g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
  }

  /* The import: exit 0, the report printed, the file updated (backup kept). */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *backup = g_strconcat (file, "~", NULL);
    const char *args[] = { "suggest", "--from", "strings", "--model", "llm-x", "--model-version", "2",
                           "--annotator", "carol", strings, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "placed 8 (exact 4, normalised 4)"));
    g_assert_nonnull (strstr (out, "Westbay Harbour Authority"));
    g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  }

  /* Offsets from another version of the article. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "suggest", "--from", "spacy-jsonl", "--model", "spacy-news", spacy, file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Offsets whose text differs from the article (matched by text instead): 4"));
  }

  /* -o in another folder: document.path may not lead out of it, so the
   * new file does not name the article, and a warning says so. */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);
    g_autofree char *elsewhere = g_build_filename (sub, "out.newsmark.json", NULL);
    g_autoptr(GFile) elsewhere_file = g_file_new_for_path (elsewhere);
    g_autoptr(NewsmarkAnnotationSet) moved = NULL;
    const char *args[] = { "suggest", "--from", "strings", "-o", elsewhere, strings, file, NULL };

    g_mkdir (sub, 0755);
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    moved = newsmark_annotation_set_load (elsewhere_file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (newsmark_annotation_set_get_document_path (moved));
    g_assert_nonnull (strstr (err, "warning: document.path: the article \"article.txt\" is not inside"));
  }

  loaded = newsmark_annotation_set_load (gfile, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (loaded)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (loaded)), ==, 4);
  {
    GPtrArray *log = newsmark_annotation_set_get_log (loaded);
    const NewsmarkLogEntry *first_import = NULL;

    for (guint i = 0; i < log->len && first_import == NULL; i++)
      if (g_strcmp0 (((NewsmarkLogEntry *) g_ptr_array_index (log, i))->action, "import") == 0)
        first_import = g_ptr_array_index (log, i);
    g_assert_nonnull (first_import);
    g_assert_cmpstr (first_import->who, ==, "carol");
    g_assert_nonnull (strstr (first_import->detail_json, "llm-x"));
  }

  /* audit: the log, readable. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "audit", file, NULL };
    const char *args_filtered[] = { "audit", "--action", "import", file, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "carol"));
    g_assert_nonnull (strstr (out, "13 suggestions from llm-x 2"));
    g_assert_nonnull (strstr (out, "merge"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run_cli (args_filtered, &out, &err), ==, 0);
    g_assert_null (strstr (out, "create"));
    g_assert_nonnull (strstr (out, "4 suggestions from spacy-news"));
  }

  /* report: one HTML page. */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "report", file, "-o", html, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_file_get_contents (html, &page, NULL, NULL));
    g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
    g_assert_nonnull (strstr (page, "Westbay Harbour Authority"));
  }

  remove_folder (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/suggest/strings-fixture", test_strings_fixture);
  g_test_add_func ("/suggest/reimport-merges", test_reimport_merges);
  g_test_add_func ("/suggest/strings-errors", test_strings_errors);
  g_test_add_func ("/suggest/string-rules", test_string_rules);
  g_test_add_func ("/suggest/schema-errors-change-nothing", test_schema_errors_change_nothing);
  g_test_add_func ("/suggest/newsmark-other-version", test_newsmark_other_version);
  g_test_add_func ("/suggest/newsmark-same-article", test_newsmark_same_article);
  g_test_add_func ("/suggest/spacy-other-version", test_spacy_other_version);
  g_test_add_func ("/suggest/label-studio-and-doccano", test_label_studio_and_doccano);
  g_test_add_func ("/review/accept-reject-edit", test_accept_reject_edit);
  g_test_add_func ("/review/place-unplaced", test_place_unplaced);
  g_test_add_func ("/review/bulk-accept", test_bulk_accept);
  g_test_add_func ("/review/queue", test_queue);
  g_test_add_func ("/review/conflicts", test_conflicts);
  g_test_add_func ("/review/conflicts-split", test_conflicts_split);
  g_test_add_func ("/review/reject-unplaced", test_reject_unplaced);
  g_test_add_func ("/review/place-copies", test_place_copies);
  g_test_add_func ("/cli/suggest-audit-report", test_cli);

  return g_test_run ();
}
