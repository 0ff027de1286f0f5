/* test-format-changes.c — nothing an import or export changes goes unsaid
 *
 * Each test gives a format something it must either keep or report: a
 * token that looks like a comment, a span edge a format cannot hold, a
 * configuration the source tool accepts, fields Newsmark does not model.
 */

#include "test-format-common.h"
#include "test-model-common.h"

#include <json-c/json.h>

static GPtrArray *
import_fixture (NewsmarkFormat  format,
                const char     *name,
                GPtrArray      *problems,
                GError        **error)
{
  g_autofree char *path = format_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return newsmark_format_import (format, file, NULL, problems, error);
}

/* The problem of @severity at @line (0: any) whose message has @part. */
static NewsmarkProblem *
find_problem (GPtrArray        *problems,
              NewsmarkSeverity  severity,
              int               line,
              const char       *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == severity && (line == 0 || p->line == line) && strstr (p->message, part) != NULL)
        return p;
    }
  return NULL;
}

/* "LABEL=TEXT|" for every span, in position order. */
static char *
labels_and_texts (NewsmarkAnnotationSet *set)
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

/* ---- The "interchange" place in the file ---------------------------------------- */

/* Kept verbatim (numbers as written) through save, load and save. */
static void
test_interchange_file (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Paris is nice.");
  g_autoptr(NewsmarkAnnotationSet) back = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL;
  const char *kept = "{\"format\": \"spacy-jsonl\", \"fields\": {\"meta\": {\"source\": \"x/y\"}, "
                     "\"_input_hash\": -1952856502, \"score\": 1.0, \"ratio\": 1e5, \"answer\": \"accept\"}}";

  newsmark_annotation_set_set_interchange (set, "{\"format\":\"spacy-jsonl\",\"fields\":{\"meta\":{\"source\":\"x\\/y\"},"
                                                "\"_input_hash\":-1952856502,\"score\":1.0,\"ratio\":1e5,\"answer\":\"accept\"}}");
  first = newsmark_annotation_set_to_json (set, NULL);
  g_assert_nonnull (strstr (first, "\n  \"interchange\": {\"format\""));
  g_assert_nonnull (strstr (first, kept));

  back = newsmark_annotation_set_load_data (first, strlen (first), "kept.newsmark.json",
                                            NEWSMARK_LOAD_DEFAULT, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (newsmark_annotation_set_get_interchange (back), ==, kept);
  second = newsmark_annotation_set_to_json (back, NULL);
  g_assert_cmpstr (first, ==, second);
}

/* Merging coders' files of one import keeps what the source format kept. */
static void
test_interchange_merge (void)
{
  g_autoptr(NewsmarkAnnotationSet) a = test_set_new ("Paris is nice.");
  g_autoptr(NewsmarkAnnotationSet) b = test_set_new ("Paris is nice.");
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *sets[] = { a, b };
  const char *coders[] = { "ana", "bo" };
  const char *kept = "{\"format\": \"brat\", \"note_types\": [\"Lemma\"]}";

  newsmark_annotation_set_set_interchange (a, kept);
  newsmark_annotation_set_set_interchange (b, kept);
  merged = newsmark_merge_sets (sets, coders, NULL, 2, NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_annotation_set_get_interchange (merged), ==, kept);
  g_assert_null (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "source format kept"));

  g_clear_object (&merged);
  newsmark_annotation_set_set_interchange (b, NULL);
  merged = newsmark_merge_sets (sets, coders, NULL, 2, NULL, problems, &error);
  g_assert_cmpstr (newsmark_annotation_set_get_interchange (merged), ==, kept);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "source format kept differs from ana's"));
}

/* Strict like the rest of the file: each mistake is an error at its path. */
static void
test_interchange_strict (void)
{
  static const struct { const char *json; const char *path; const char *message; } cases[] = {
    { "{\"fields\": {}}", "interchange.format", "missing" },
    { "{\"format\": \"conll\"}", "interchange.format", "not a format with data to keep" },
    { "{\"format\": \"brat\", \"fields\": {}}", "interchange.fields", "unknown key" },
    { "{\"format\": \"spacy-jsonl\", \"fields\": {\"spans\": []}}", "interchange.fields.spans", "not kept here" },
    { "{\"format\": \"label-studio\", \"data\": {\"text\": \"x\"}}", "interchange.data.text", "is the text" },
    { "{\"format\": \"label-studio\", \"labels\": {\"NOPE\": {\"from_name\": \"ner\", \"to_name\": \"text\"}}}",
      "interchange.labels.NOPE", "no label “NOPE” in the schema" },
    { "{\"format\": \"label-studio\", \"labels\": {\"PERSON\": {\"from_name\": \"ner\"}}}",
      "interchange.labels.PERSON.to_name", "missing" },
    { "{\"format\": \"brat\", \"aliases\": {\"PERSON\": []}}", "interchange.aliases.PERSON", "at least one" },
    { "{\"format\": \"brat\", \"note_types\": [\"AnnotatorNotes\"]}", "interchange.note_types", "AnnotatorNotes" },
    { "{\"format\": \"brat\", \"note_types\": [\"Two words\"]}", "interchange.note_types", "not one word" },
    { "{\"format\": \"webanno-tsv\", \"unset_labels\": [\"ORG\", \"ORG\"]}", "interchange.unset_labels", "listed twice" },
    { "{\"format\": \"webanno-tsv\", \"unset_labels\": [\"Span\"]}", "interchange.unset_labels", "no label “Span”" },
    { "[1]", "interchange", "expected an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Paris is nice.");
      g_autoptr(NewsmarkAnnotationSet) back = NULL;
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      gboolean found = FALSE;

      if (cases[i].json[0] != '[')
        newsmark_annotation_set_set_interchange (set, cases[i].json);
      json = newsmark_annotation_set_to_json (set, NULL);
      if (cases[i].json[0] == '[')
        {
          /* Not an object: written by hand, in the place of the key. */
          char *at = strstr (json, "\"spans\"");
          char *spliced;

          g_assert_nonnull (at);
          spliced = g_strdup_printf ("%.*s\"interchange\": [1],\n  %s", (int) (at - json), json, at);
          g_free (json);
          json = spliced;
        }
      back = newsmark_annotation_set_load_data (json, strlen (json), "bad.newsmark.json",
                                                NEWSMARK_LOAD_DEFAULT, problems, &error);
      g_assert_null (back);
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
      for (guint k = 0; k < problems->len; k++)
        {
          NewsmarkProblem *p = g_ptr_array_index (problems, k);

          if (p->severity == NEWSMARK_SEVERITY_ERROR && g_strcmp0 (p->json_path, cases[i].path) == 0 &&
              strstr (p->message, cases[i].message) != NULL)
            found = TRUE;
        }
      if (!found)
        g_error ("case %u: no error “%s” at %s", i, cases[i].message, cases[i].path);
    }
}

/* ---- CoNLL ------------------------------------------------------------------ */

/* Tweets have tokens that start with "#": with the file's columns and a
 * tag they are tokens, wherever they are; real comments are skipped with
 * a warning naming the line. */
static void
test_conll_hash_tokens (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_CONLL, "hashtags.conll", problems, &error);
  g_autofree char *spans = NULL;
  NewsmarkDocument *document;

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
  document = newsmark_annotation_set_get_document (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (newsmark_document_get_text (document), ==,
                   "#AirCanada resumes flights to #Russia # soon\n#Russia again");
  spans = labels_and_texts (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (spans, ==, "corporation=#AirCanada|location=#Russia|location=#Russia|");

  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 1, "skipped as a comment: “# text = Flights"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 10, "skipped as a comment: “#begin document"));
  g_assert_cmpuint (problems->len, ==, 2);
}

/* ---- spaCy / Prodigy ---------------------------------------------------------- */

/* Saves each set as a Newsmark file and loads it again: what convert does
 * between its two steps. */
static GPtrArray *
through_newsmark_files (GPtrArray *sets)
{
  GPtrArray *back = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < sets->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len;
      g_autofree char *json = newsmark_annotation_set_to_json (g_ptr_array_index (sets, i), &len);
      NewsmarkAnnotationSet *set = newsmark_annotation_set_load_data (json, len, "x.newsmark.json",
                                                                      NEWSMARK_LOAD_DEFAULT, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (back, set);
    }
  return back;
}

/* Exports @sets in @format to a temporary file and returns its text. */
static char *
export_text (NewsmarkFormat  format,
             GPtrArray      *sets,
             GPtrArray      *problems)
{
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *path = g_build_filename (tmp, "out", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (newsmark_format_export (format, sets, out, NULL, problems, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  format_test_rmtree (tmp);
  return text;
}

static const char *
json_text (json_object *value)
{
  return json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* Prodigy's task keys that Newsmark does not model (meta, answer, hashes,
 * the view, its tokens, an entity-linking task's options and accept) come
 * back out exactly, through a Newsmark file; a span's keys that have no
 * place are warned about on import. */
static void
test_spacy_task_fields (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_SPACY_JSONL, "prodigy-fields.jsonl", problems, &error);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *source = format_test_read ("prodigy-fields.jsonl");
  g_autofree char *exported = NULL;
  g_auto(GStrv) in_lines = g_strsplit (source, "\n", -1);
  g_auto(GStrv) out_lines = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 2,
                                  "PERSON span [0, 4): “source”, “score” not imported"));

  back = through_newsmark_files (sets);
  exported = export_text (NEWSMARK_FORMAT_SPACY_JSONL, back, NULL);
  out_lines = g_strsplit (exported, "\n", -1);

  for (guint i = 0; i < 2; i++)
    {
      json_object *in = json_tokener_parse (in_lines[i]);
      json_object *out = json_tokener_parse (out_lines[i]);
      json_object *in_spans, *out_spans;

      g_assert_nonnull (in);
      g_assert_nonnull (out);
      {
        /* The loop declares its variables: a block of its own keeps C90's
         * declarations-first rule the build warns about. */
        json_object_object_foreach (in, key, value)
          {
            json_object *other = NULL;

            if (g_str_equal (key, "spans"))
              continue;
            g_assert_true (json_object_object_get_ex (out, key, &other));
            g_assert_cmpstr (json_text (other), ==, json_text (value));
          }
      }
      /* Spans keep start, end and label; token_start and token_end count
       * the task's own tokens. */
      json_object_object_get_ex (in, "spans", &in_spans);
      json_object_object_get_ex (out, "spans", &out_spans);
      g_assert_cmpuint (json_object_array_length (out_spans), ==, json_object_array_length (in_spans));
      if (i == 0)
        g_assert_cmpstr (json_text (out_spans), ==, json_text (in_spans));
      /* Nothing the task did not have is added. */
      g_assert_cmpuint (json_object_object_length (out), ==, json_object_object_length (in));
      json_object_put (in);
      json_object_put (out);
    }
}

/* ---- doccano --------------------------------------------------------------------- */

/* A line's keys Newsmark does not model (its id, meta, comments, …) come
 * back as they were; an entity's keys with no place are warned about. */
static void
test_doccano_line_fields (void)
{
  const char *line = "{\"id\": 42, \"text\": \"Ana met Rui.\", \"label\": [[0, 3, \"PER\"]], "
                     "\"meta\": {\"src\": \"x\", \"score\": 1.0}, \"Comments\": [\"ok\"], "
                     "\"annotation_approver\": null, \"entities\": [{\"id\": 7, \"label\": \"PER\", "
                     "\"start_offset\": 8, \"end_offset\": 11, \"prob\": 0.5}]}\n";
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = newsmark_format_import_data (NEWSMARK_FORMAT_DOCCANO_JSONL, line, strlen (line), NULL,
                                                           "d.jsonl", NULL, problems, &error);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *exported = NULL;
  json_object *in, *out;

  g_assert_no_error (error);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 1, "PER span [8, 11): “prob” not imported"));
  back = through_newsmark_files (sets);
  exported = export_text (NEWSMARK_FORMAT_DOCCANO_JSONL, back, NULL);
  in = json_tokener_parse (line);
  out = json_tokener_parse (exported);
  g_assert_nonnull (out);
  for (guint i = 0; i < 4; i++)
    {
      const char *keys[] = { "id", "meta", "Comments", "annotation_approver" };
      json_object *a = NULL, *b = NULL;

      g_assert_true (json_object_object_get_ex (in, keys[i], &a));
      g_assert_true (json_object_object_get_ex (out, keys[i], &b));
      g_assert_cmpstr (json_text (b), ==, json_text (a));
    }
  json_object_put (in);
  json_object_put (out);
}

/* ---- Label Studio -------------------------------------------------------------- */

/* A round trip keeps the project's names: the Labels control ("ner"), the
 * Text object ("doc") and the data key it reads ("$content"), so that
 * Label Studio's converter with the project's config finds every region. */
static void
test_label_studio_control_names (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_LABEL_STUDIO, "label-studio-ner.json", problems, &error);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *exported = NULL;
  json_object *tasks, *task, *data, *results, *content = NULL;
  guint n_labels = 0, n_choices = 0;

  g_assert_no_error (error);
  back = through_newsmark_files (sets);
  exported = export_text (NEWSMARK_FORMAT_LABEL_STUDIO, back, NULL);
  tasks = json_tokener_parse (exported);
  g_assert_nonnull (tasks);
  task = json_object_array_get_idx (tasks, 0);
  json_object_object_get_ex (task, "data", &data);
  g_assert_true (json_object_object_get_ex (data, "content", &content));
  g_assert_cmpstr (json_object_get_string (content), ==, "Ana Lima visited Porto.");
  g_assert_false (json_object_object_get_ex (data, "text", NULL));
  /* The task's other keys and data come back; an annotation's are named. */
  g_assert_cmpstr (json_object_get_string (json_object_object_get (data, "title")), ==, "Visits");
  g_assert_cmpstr (json_text (json_object_object_get (task, "meta")), ==, "{\"batch\":3}");
  g_assert_cmpint (json_object_get_int (json_object_object_get (task, "id")), ==, 7);
  g_assert_cmpint (json_object_get_int (json_object_object_get (task, "inner_id")), ==, 1);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "“lead_time” not imported"));

  results = json_object_object_get (json_object_array_get_idx (json_object_object_get (task, "annotations"), 0), "result");
  for (gsize i = 0; i < json_object_array_length (results); i++)
    {
      json_object *r = json_object_array_get_idx (results, i);
      const char *type = json_object_get_string (json_object_object_get (r, "type"));

      g_assert_cmpstr (json_object_get_string (json_object_object_get (r, "to_name")), ==, "doc");
      if (g_str_equal (type, "labels"))
        {
          g_assert_cmpstr (json_object_get_string (json_object_object_get (r, "from_name")), ==, "ner");
          n_labels++;
        }
      else if (g_str_equal (type, "choices"))
        {
          g_assert_cmpstr (json_object_get_string (json_object_object_get (r, "from_name")), ==, "sentiment");
          n_choices++;
        }
    }
  g_assert_cmpuint (n_labels, ==, 2);
  g_assert_cmpuint (n_choices, ==, 1);
  json_object_put (tasks);
}

/* A region's several note texts are one note of several lines and go back
 * as several texts; a second text of a textarea and a true/false attribute
 * (written as choices) are warned. */
static void
test_label_studio_notes_and_values (void)
{
  const char *tasks = "[{\"id\": 1, \"data\": {\"text\": \"Ana met Rui.\"}, \"annotations\": [{\"result\": ["
                      "{\"id\": \"a\", \"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\", "
                      "\"value\": {\"start\": 0, \"end\": 3, \"labels\": [\"PER\"]}, \"meta\": {\"text\": [\"first\", \"second\"]}}, "
                      "{\"id\": \"a\", \"from_name\": \"comment\", \"to_name\": \"text\", \"type\": \"textarea\", "
                      "\"value\": {\"start\": 0, \"end\": 3, \"text\": [\"x\", \"y\"]}}]}]}]";
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = newsmark_format_import_data (NEWSMARK_FORMAT_LABEL_STUDIO, tasks, strlen (tasks), NULL,
                                                           "t.json", NULL, problems, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new ("flags");
  g_autoptr(NewsmarkLabel) label = newsmark_label_new ("Place", NEWSMARK_CATEGORY_ENTITY, "#26a269", "p");
  g_autoptr(NewsmarkAttributeDef) def = newsmark_attribute_def_new ("capital", NEWSMARK_ATTRIBUTE_BOOLEAN);
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text ("Paris is nice.", -1, NULL);
  g_autoptr(NewsmarkAnnotationSet) flags = NULL;
  g_autoptr(GPtrArray) flag_sets = g_ptr_array_new ();
  g_autofree char *exported = NULL;
  g_autofree char *flag_export = NULL;
  NewsmarkSpan *span;

  g_assert_no_error (error);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "only the first of 2 texts imported"));
  span = g_list_model_get_item (newsmark_annotation_set_get_spans (g_ptr_array_index (sets, 0)), 0);
  g_assert_cmpstr (newsmark_span_get_note (span), ==, "first\nsecond");
  g_object_unref (span);
  exported = export_text (NEWSMARK_FORMAT_LABEL_STUDIO, sets, NULL);
  g_assert_nonnull (strstr (exported, "\"first\""));
  g_assert_nonnull (strstr (exported, "\"second\""));

  newsmark_label_add_attribute (label, def);
  newsmark_schema_add_label (schema, label);
  flags = newsmark_annotation_set_new (document, schema);
  span = newsmark_annotation_set_create_span (flags, "Place", 0, 5, &error);
  g_assert_true (newsmark_annotation_set_set_span_attribute (flags, span, "capital", g_variant_new_boolean (TRUE), &error));
  g_ptr_array_add (flag_sets, flags);
  g_ptr_array_set_size (problems, 0);
  flag_export = export_text (NEWSMARK_FORMAT_LABEL_STUDIO, flag_sets, problems);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "attribute capital is true or false"));
}

/* ---- WebAnno TSV ---------------------------------------------------------------- */

/* A span whose value was not set ("*") is labelled by its layer's name
 * and written back unset: the file comes back byte for byte. */
static void
test_webanno_unset_value (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_WEBANNO_TSV, "webanno-unset.tsv", problems, &error);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *source = format_test_read ("webanno-unset.tsv");
  g_autofree char *exported = NULL;
  g_autofree char *spans = NULL;

  g_assert_no_error (error);
  spans = labels_and_texts (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (spans, ==, "Span=This|Thing=test|");
  back = through_newsmark_files (sets);
  exported = export_text (NEWSMARK_FORMAT_WEBANNO_TSV, back, problems);
  g_assert_cmpstr (exported, ==, source);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "who made 2 spans and relations"));
}

/* ---- What no format carries ---------------------------------------------------- */

/* Unplaced spans, a review status the format has no place for and who made
 * a span and when are each reported with the span's id; spaCy keeps a
 * rejected span's answer. */
static void
test_export_not_carried (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Ana Lima met Rui Costa in Porto.");
  g_autoptr(NewsmarkSpan) lost = newsmark_span_new ("s9", "PERSON", 40, 44);
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *path = g_build_filename (tmp, "out.jsonl", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  NewsmarkExportOptions options = { 0 };
  NewsmarkSpan *rui, *porto;

  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 0, 8, &error));
  rui = newsmark_annotation_set_create_span (set, "PERSON", 13, 22, &error);
  porto = newsmark_annotation_set_create_span (set, "LOCATION", 26, 31, &error);
  g_assert_no_error (error);
  newsmark_annotation_set_set_span_status (set, rui, NEWSMARK_STATUS_SUGGESTED);
  newsmark_annotation_set_set_span_status (set, porto, NEWSMARK_STATUS_REJECTED);
  newsmark_span_set_text (lost, "Rita");
  newsmark_annotation_set_add_unplaced (set, lost);
  g_ptr_array_add (sets, set);

  options.include_suggested = options.include_rejected = TRUE;
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_CONLL, sets, out, &options, problems, &error));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "unplaced span s9 PERSON “Rita”"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "suggested span s2 PERSON “Rui Costa” [13, 22) written as an accepted one"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "rejected span s3 LOCATION “Porto” [26, 31) written as an accepted one"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "who made 3 spans and relations, and when (origin, created, modified), "
                                  "not exported: conll has no place for it (s1, s2, s3)"));

  /* spaCy: the rejected span's answer goes with it and comes back. */
  g_ptr_array_set_size (problems, 0);
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_SPACY_JSONL, sets, out, &options, problems, &error));
  g_assert_null (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "rejected span"));
  back = newsmark_format_import (NEWSMARK_FORMAT_SPACY_JSONL, out, NULL, NULL, &error);
  g_assert_no_error (error);
  porto = g_list_model_get_item (newsmark_annotation_set_get_spans (g_ptr_array_index (back, 0)), 2);
  g_assert_cmpstr (newsmark_span_get_text (porto), ==, "Porto");
  g_assert_cmpint (newsmark_span_get_status (porto), ==, NEWSMARK_STATUS_REJECTED);
  g_object_unref (porto);
  format_test_rmtree (tmp);
}

/* ---- brat annotation.conf ---------------------------------------------------- */

/* What brat's own configuration reader accepts is accepted: macros,
 * <ENTITY>/<EVENT>/<ANY>, arguments that name no label, aliases,
 * separators, a hierarchy, <OVERLAP>, unknown sections. What Newsmark
 * cannot hold is a warning; aliases are kept and written back. */
static void
test_brat_conf_as_brat_reads_it (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_BRAT, "brat-conf", problems, &error);
  g_autoptr(GPtrArray) back = NULL, again = NULL;
  g_autofree char *tmp = NULL, *out_path = NULL, *conf_path = NULL, *conf = NULL;
  g_autoptr(GFile) out = NULL;
  NewsmarkSchema *schema;
  GListModel *labels;
  GString *names = g_string_new (NULL);
  g_autofree char *joined = NULL;
  const char *aliases = "\"aliases\": {\"Cell_line\": [\"Cell line\"], \"Chemical\": [\"CHEBI:23367\"], "
                        "\"Ubiquitination\": [\"GO:0016567\"], \"Protein_binding\": [\"GO:0005515\"]}";

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
  schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
  labels = newsmark_schema_get_labels (schema);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);

      g_string_append_printf (names, "%s ", newsmark_label_get_name (label));
    }
  joined = g_string_free (names, FALSE);
  g_assert_cmpstr (joined, ==, "Protein Cell_line Organism Chemical Ubiquitination Protein_binding Regulation ");
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Location"),
                                                "Protein", "Organism"));
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Near"),
                                                "Regulation", "Chemical"));
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Part-of"),
                                                "Cell_line", "Protein_binding"));
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Cause"),
                                                "Ubiquitination", "Regulation"));
  g_assert_null (newsmark_schema_find_relation_type (schema, "Coref"));
  g_assert_null (newsmark_schema_find_relation_type (schema, "<OVERLAP>"));
  g_assert_nonnull (strstr (newsmark_annotation_set_get_interchange (g_ptr_array_index (sets, 0)), aliases));

  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 30, "section [tools]"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 5, "2 separator lines"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 7, "hierarchy (2 indented types) is flattened"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 13, "<REL-TYPE>:symmetric-transitive"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 17, "<OVERLAP>"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 27, "<DEFAULT>:High"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 28, "Checked on <RELATION>"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "“Coref” has no label at its from end (no label is called “Span”)"));

  /* The aliases go back into annotation.conf, in a form brat reads. */
  back = through_newsmark_files (sets);
  tmp = format_test_tmpdir ();
  out_path = g_build_filename (tmp, "out", NULL);
  conf_path = g_build_filename (out_path, "annotation.conf", NULL);
  out = g_file_new_for_path (out_path);
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_BRAT, back, out, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (conf_path, &conf, NULL, NULL));
  g_assert_nonnull (strstr (conf, "\nCell_line | Cell line\t\n"));
  g_assert_nonnull (strstr (conf, "\nUbiquitination|GO:0016567\n"));
  again = newsmark_format_import (NEWSMARK_FORMAT_BRAT, out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (newsmark_annotation_set_get_interchange (g_ptr_array_index (again, 0)), aliases));
  format_test_rmtree (tmp);
}

/* A macro that names another is expanded to the end, whichever was
 * defined first; brat replaces each macro once, so that <AGENT> in the
 * value of <PLACE-OR-AGENT> would have been left as it is. */
static void
test_brat_conf_nested_macros (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *conf = g_build_filename (tmp, "annotation.conf", NULL);
  g_autofree char *ann = g_build_filename (tmp, "a.ann", NULL);
  g_autofree char *txt = g_build_filename (tmp, "a.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  NewsmarkSchema *schema;
  NewsmarkRelationType *located, *knows;

  g_assert_true (g_file_set_contents (conf, "[entities]\nPerson\nOrganization\nPlace\n[relations]\n"
                                            "<AGENT>=Person|Organization\n<PLACE-OR-AGENT>=Place|<AGENT>\n"
                                            "<WHO>=<LATER>|Person\n<LATER>=Organization\n"
                                            "Located\tArg1:<AGENT>, Arg2:<PLACE-OR-AGENT>\n"
                                            "Knows\tArg1:<WHO>, Arg2:<AGENT>\n", -1, NULL));
  g_assert_true (g_file_set_contents (ann, "T1\tPerson 0 3\tAna\n", -1, NULL));
  g_assert_true (g_file_set_contents (txt, "Ana is in Porto.\n", -1, NULL));
  sets = newsmark_format_import (NEWSMARK_FORMAT_BRAT, folder, NULL, problems, &error);
  g_assert_no_error (error);

  schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
  located = newsmark_schema_find_relation_type (schema, "Located");
  knows = newsmark_schema_find_relation_type (schema, "Knows");
  g_assert_nonnull (located);
  g_assert_nonnull (knows);
  g_assert_true (newsmark_relation_type_allows (located, "Organization", "Place"));
  g_assert_true (newsmark_relation_type_allows (located, "Person", "Organization"));
  g_assert_true (newsmark_relation_type_allows (knows, "Organization", "Person"));
  g_assert_true (newsmark_relation_type_allows (knows, "Person", "Organization"));
  g_assert_null (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "<"));
  format_test_rmtree (tmp);
}

/* As many macros as the file has lines can name the next one: expanding
 * them does not run out of stack. */
static void
test_brat_conf_macro_chain (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("[entities]\nPerson\n[relations]\n");
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *conf = g_build_filename (tmp, "annotation.conf", NULL);
  g_autofree char *ann = g_build_filename (tmp, "a.ann", NULL);
  g_autofree char *txt = g_build_filename (tmp, "a.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  const guint n = 200000;
  NewsmarkSchema *schema;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "<M%u>=<M%u>\n", i, i + 1);
  g_string_append_printf (text, "<M%u>=Person\nKnows\tArg1:<M0>, Arg2:Person\n", n);
  g_assert_true (g_file_set_contents (conf, text->str, (gssize) text->len, NULL));
  g_assert_true (g_file_set_contents (ann, "T1\tPerson 0 3\tAna\n", -1, NULL));
  g_assert_true (g_file_set_contents (txt, "Ana is in Porto.\n", -1, NULL));
  sets = newsmark_format_import (NEWSMARK_FORMAT_BRAT, folder, NULL, problems, &error);
  g_assert_no_error (error);

  schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
  g_assert_true (newsmark_relation_type_allows (newsmark_schema_find_relation_type (schema, "Knows"),
                                                "Person", "Person"));
  format_test_rmtree (tmp);
}

/* Feature values are text: an attribute typed otherwise is warned, once. */
static void
test_webanno_typed_attributes (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("The bridge is safe, he said.");
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;

  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 0, 18, &error));
  g_ptr_array_add (sets, set);
  exported = export_text (NEWSMARK_FORMAT_WEBANNO_TSV, sets, problems);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "attribute checkworthy is a number: written as a feature, it reads back as free text"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "attribute kind is a choice of values"));
}

/* A slot feature's two columns (roles, then targets) are reported as not
 * imported: its targets are not taken for the span's label. */
static void
test_webanno_slot_columns (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_WEBANNO_TSV, "webanno-slot.tsv", problems, &error);
  g_autofree char *spans = NULL;

  g_assert_no_error (error);
  spans = labels_and_texts (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (spans, ==, "SimpleLinkHost=He|SimpleSpan=loves|SimpleSpan=her|");
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 7, "slot feature ROLE_webanno.custom.SimpleLinkHost"));
}

/* ---- brat export -------------------------------------------------------------- */

/* Exports @set to a fresh folder and returns its NAME.ann text. */
static char *
export_brat_ann (NewsmarkAnnotationSet *set,
                 GPtrArray             *problems,
                 const char            *ann_name)
{
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *out_path = g_build_filename (tmp, "out", NULL);
  g_autofree char *ann_path = g_build_filename (out_path, ann_name, NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *ann = NULL;

  g_ptr_array_add (sets, set);
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_BRAT, sets, out, NULL, problems, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ann_path, &ann, NULL, NULL));
  format_test_rmtree (tmp);
  return ann;
}

/* Notes of other types than AnnotatorNotes ("Lemma") keep their type, and
 * several notes on a span stay several notes: the .ann comes back as it
 * was. */
static void
test_brat_note_types (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_BRAT, "brat-notes", problems, &error);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *source = format_test_read ("brat-notes/a.ann");
  g_autofree char *ann = NULL;

  g_assert_no_error (error);
  back = through_newsmark_files (sets);
  ann = export_brat_ann (g_ptr_array_index (back, 0), problems, "a.ann");
  g_assert_cmpstr (ann, ==, source);
  /* Only who made the spans and when, which brat has no place for. */
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "who made 2 spans and relations"));
}

/* A span keeps one value per attribute: a second one in the .ann is
 * warned. Exporting, a false binary attribute (absent in brat), a value
 * that is not one word, and number and text attributes (brat values read
 * back as words) are warned. */
static void
test_brat_attribute_changes (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_BRAT, "brat-attrs", problems, &error);
  g_autoptr(NewsmarkAnnotationSet) news = test_set_new ("Paris is nice.");
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new ("notes");
  g_autoptr(NewsmarkLabel) label = newsmark_label_new ("Place", NEWSMARK_CATEGORY_ENTITY, "#26a269", "p");
  g_autoptr(NewsmarkAttributeDef) def = newsmark_attribute_def_new ("said_by", NEWSMARK_ATTRIBUTE_TEXT);
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text ("Paris is nice.", -1, NULL);
  g_autoptr(NewsmarkAnnotationSet) free_text = NULL;
  g_autofree char *ann = NULL;
  NewsmarkAnnotationSet *set;
  NewsmarkSpan *span;

  g_assert_no_error (error);
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 4, "second Negation attribute of T2 (present)"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 6, "second Kind attribute of T1 (nominal)"));

  set = g_ptr_array_index (sets, 0);
  span = g_list_model_get_item (newsmark_annotation_set_get_spans (set), 1);
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, span, "Negation", g_variant_new_boolean (FALSE), &error));
  g_object_unref (span);
  g_ptr_array_set_size (problems, 0);
  ann = export_brat_ann (set, problems, "a.ann");
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "span s2 Event “not go” [8, 14): attribute Negation false written as absent"));

  /* Numbers and free text. */
  span = newsmark_annotation_set_create_span (news, "CLAIM", 0, 13, &error);
  g_assert_true (newsmark_annotation_set_set_span_attribute (news, span, "checkworthy", g_variant_new_double (3), &error));
  g_ptr_array_set_size (problems, 0);
  g_clear_pointer (&ann, g_free);
  ann = export_brat_ann (news, problems, "document-1.ann");
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "attribute checkworthy of CLAIM is a number: written as brat values"));

  newsmark_label_add_attribute (label, def);
  newsmark_schema_add_label (schema, label);
  free_text = newsmark_annotation_set_new (document, schema);
  span = newsmark_annotation_set_create_span (free_text, "Place", 0, 5, &error);
  g_assert_true (newsmark_annotation_set_set_span_attribute (free_text, span, "said_by", g_variant_new_string ("the mayor"), &error));
  g_ptr_array_set_size (problems, 0);
  g_clear_pointer (&ann, g_free);
  ann = export_brat_ann (free_text, problems, "document-1.ann");
  g_assert_nonnull (strstr (ann, "A1\tsaid_by T1 the_mayor\n"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "attribute said_by of Place is free text"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0,
                                  "span s1 Place “Paris” [0, 5): attribute said_by “the mayor” written as “the_mayor”"));
}

/* A brat span's text is one line: line breaks (LF, CRLF) at a span's edges
 * are left out, and the warning names the span and both extents. */
static void
test_brat_line_break_edges (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Paris is nice.\nLyon too.\r\nEnd");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ann = NULL;
  NewsmarkProblem *p;

  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 0, 15, &error));
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "LOCATION", 0, 5, &error));
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 15, 26, &error));
  g_assert_no_error (error);

  ann = export_brat_ann (set, problems, "document-1.ann");
  g_assert_cmpstr (ann, ==,
                   "T1\tCLAIM 0 14\tParis is nice.\n"
                   "T2\tLOCATION 0 5\tParis\n"
                   "T3\tCLAIM 15 24\tLyon too.\n");

  p = find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "[0, 15) written as T1 [0, 14)");
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "s1 CLAIM"));
  p = find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "[15, 26) written as T3 [15, 24)");
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "s3 CLAIM"));
  g_assert_null (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "s2 LOCATION"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/changes/interchange-file", test_interchange_file);
  g_test_add_func ("/format/changes/interchange-strict", test_interchange_strict);
  g_test_add_func ("/format/changes/interchange-merge", test_interchange_merge);
  g_test_add_func ("/format/changes/conll-hash-tokens", test_conll_hash_tokens);
  g_test_add_func ("/format/changes/brat-line-break-edges", test_brat_line_break_edges);
  g_test_add_func ("/format/changes/export-not-carried", test_export_not_carried);
  g_test_add_func ("/format/changes/brat-note-types", test_brat_note_types);
  g_test_add_func ("/format/changes/brat-attribute-changes", test_brat_attribute_changes);
  g_test_add_func ("/format/changes/brat-conf-as-brat-reads-it", test_brat_conf_as_brat_reads_it);
  g_test_add_func ("/format/changes/brat-conf-nested-macros", test_brat_conf_nested_macros);
  g_test_add_func ("/format/changes/brat-conf-macro-chain", test_brat_conf_macro_chain);
  g_test_add_func ("/format/changes/spacy-task-fields", test_spacy_task_fields);
  g_test_add_func ("/format/changes/doccano-line-fields", test_doccano_line_fields);
  g_test_add_func ("/format/changes/label-studio-control-names", test_label_studio_control_names);
  g_test_add_func ("/format/changes/label-studio-notes-and-values", test_label_studio_notes_and_values);
  g_test_add_func ("/format/changes/webanno-unset-value", test_webanno_unset_value);
  g_test_add_func ("/format/changes/webanno-slot-columns", test_webanno_slot_columns);
  g_test_add_func ("/format/changes/webanno-typed-attributes", test_webanno_typed_attributes);

  return g_test_run ();
}
