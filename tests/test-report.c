/* test-report.c — the audit log as text and the self-contained HTML report */

#include <string.h>
#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

#define CHROMIUM "/usr/bin/chromium"

static NewsmarkAnnotationSet *
set_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  NewsmarkAnnotationSet *set;

  g_assert_no_error (error);
  set = newsmark_annotation_set_new (document, schema);
  newsmark_annotation_set_set_annotator (set, "alice");

  return set;
}

static NewsmarkSpan *
add (NewsmarkAnnotationSet *set,
     const char            *label,
     const char            *text,
     guint                  occurrence)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  const char *article = newsmark_document_get_text (document);
  const char *at = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span;
  guint start;

  for (guint k = 0; k < occurrence; k++)
    at = strstr (at == NULL ? article : at + 1, text);
  g_assert_nonnull (at);
  start = (guint) g_utf8_pointer_to_offset (article, at);

  span = newsmark_annotation_set_create_span (set, label, start, start + (guint) g_utf8_strlen (text, -1), &error);
  g_assert_no_error (error);

  return span;
}

/* A set with everything a report must show: nested spans (PERSON inside a
 * CLAIM inside a QUOTE), overlapping ones, model suggestions accepted,
 * rejected and pending, an unplaced one, and text that needs escaping. */
static NewsmarkAnnotationSet *
rich_set (void)
{
  const char *text =
    "Mayor <b>Ana Ruiz</b> & the council: \u201cAna Ruiz says the bridge will cost \u00a39m more than planned,\u201d "
    "said the spokesperson. Critics said the bridge will cost far more.\n"
    "Line two \U0001F309 keeps going.";
  NewsmarkAnnotationSet *set = set_from_text (text);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span = NULL;
  const char *strings =
    "[{\"text\": \"the bridge\", \"label\": \"LOCATION\", \"occurrence\": 1, \"score\": 0.8},"
    " {\"text\": \"council\", \"label\": \"ORG\", \"score\": 0.9},"
    " {\"text\": \"Critics\", \"label\": \"PERSON\", \"score\": 0.3},"
    " {\"text\": \"the bridge\", \"label\": \"LOCATION\", \"score\": 0.5},"
    " {\"text\": \"Ana Ruiz\", \"label\": \"PERSON\", \"score\": 0.7}]";
  NewsmarkSuggestOptions options = { .model_name = "ner-small", .model_version = "1.2" };

  add (set, "QUOTE", "\u201cAna Ruiz says the bridge will cost \u00a39m more than planned,\u201d", 1);
  add (set, "CLAIM", "the bridge will cost \u00a39m more than planned", 1);
  add (set, "PERSON", "Ana Ruiz", 2);
  /* Overlaps the CLAIM without nesting. */
  add (set, "EVENT", "more than planned,\u201d said the spokesperson", 1);
  add (set, "PERSON", "<b>Ana Ruiz</b>", 1);

  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_STRINGS, strings, strlen (strings),
                                        "model.json", set, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_suggest_import (set, suggestions, &options, NULL, &error));
  g_assert_no_error (error);

  newsmark_annotation_set_set_annotator (set, "bob");
  for (guint i = 0; i < g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)); i++)
    {
      g_autoptr(NewsmarkSpan) s = g_list_model_get_item (newsmark_annotation_set_get_spans (set), i);

      if (g_str_equal (newsmark_span_get_label (s), "ORG"))
        g_assert_true (newsmark_review_accept (set, s, &error));
      else if (g_str_equal (newsmark_span_get_text (s), "Critics"))
        span = s;
    }
  g_assert_nonnull (span);
  g_assert_true (newsmark_review_reject (set, span, &error));
  g_assert_no_error (error);

  return set;
}

/* The article's text content of the page: tags dropped, entities decoded. */
static char *
article_text_of (const char *html)
{
  const char *start = strstr (html, "<div class=\"article\">");
  const char *end;
  g_autofree char *inner = NULL;
  g_autoptr(GRegex) tags = g_regex_new ("<[^>]*>", 0, 0, NULL);
  g_autofree char *plain = NULL;
  GString *out;

  g_assert_nonnull (start);
  start += strlen ("<div class=\"article\">");
  end = strstr (start, "</div>");
  g_assert_nonnull (end);
  inner = g_strndup (start, end - start);
  plain = g_regex_replace_literal (tags, inner, -1, 0, "", 0, NULL);

  out = g_string_new (NULL);
  for (const char *p = plain; *p != '\0'; p++)
    {
      static const struct { const char *entity; char c; } entities[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
      };
      gboolean replaced = FALSE;

      for (guint e = 0; e < G_N_ELEMENTS (entities) && *p == '&'; e++)
        {
          if (g_str_has_prefix (p, entities[e].entity))
            {
              g_string_append_c (out, entities[e].c);
              p += strlen (entities[e].entity) - 1;
              replaced = TRUE;
              break;
            }
        }
      if (!replaced)
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static void
test_html_content (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = rich_set ();
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  g_autofree char *html = newsmark_report_to_html (set, NULL);
  g_autofree char *text = article_text_of (html);
  g_autofree char *lower = g_ascii_strdown (html, -1);
  GListModel *labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));

  /* The article survives byte for byte, escaped. */
  g_assert_cmpstr (text, ==, newsmark_document_get_text (document));
  g_assert_null (strstr (html, "<b>Ana Ruiz</b>"));
  g_assert_nonnull (strstr (html, "&lt;b&gt;Ana Ruiz&lt;/b&gt;"));

  /* Self-contained: nothing loaded from anywhere. */
  g_assert_null (strstr (lower, "<script"));
  g_assert_null (strstr (lower, "<link"));
  g_assert_null (strstr (lower, "src="));
  g_assert_null (strstr (lower, "url("));
  g_assert_null (strstr (lower, "http:"));
  g_assert_null (strstr (lower, "https:"));
  g_assert_null (strstr (lower, "@import"));
  g_assert_nonnull (strstr (html, "<style>"));

  /* Nested spans are nested elements, each span on one underline lane
   * along its length: shorter spans lower, so LOCATION in CLAIM in QUOTE
   * and the EVENT overlapping CLAIM and QUOTE take lanes 0, 1, 2 and 0. */
  g_assert_nonnull (strstr (html, "<span class=\"s l"));
  g_assert_nonnull (strstr (html, "class=\"s l6 k2 accepted\" title=\"QUOTE"));
  g_assert_nonnull (strstr (html, "class=\"s l7 k1 accepted\" title=\"CLAIM"));
  g_assert_nonnull (strstr (html, "class=\"s l5 k0 accepted\" title=\"EVENT"));
  g_assert_null (strstr (html, " k3 "));
  /* QUOTE > CLAIM > LOCATION: the outer lane's element outside. */
  g_assert_nonnull (strstr (html, "(accepted, human:alice)\"><span class=\"s l7 k1 accepted\" title=\"CLAIM s2 "
                                  "(accepted, human:alice)\"><span class=\"s l3 k0 suggested\""));

  /* Legend: every label of the schema. */
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *chip = g_strdup_printf ("<span class=\"chip l%u\"></span>%s", i + 1,
                                               newsmark_label_get_name (label));

      g_assert_nonnull (strstr (html, chip));
    }

  /* Table: one row per span, with status, origin and decisions. */
  g_assert_cmpuint (count (html, "<tr><td>s"), ==,
                    g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)) +
                    g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)));
  g_assert_nonnull (strstr (html, "<span class=\"status rejected\">rejected</span>"));
  g_assert_nonnull (strstr (html, "model:ner-small 1.2 (0.90)"));
  g_assert_nonnull (strstr (html, "<li><b>accept</b> by bob"));
  g_assert_nonnull (strstr (html, "<li><b>reject</b> by bob"));
  g_assert_nonnull (strstr (html, "Unplaced suggestions"));
  g_assert_nonnull (strstr (html, "ambiguous"));

  /* Rejected spans are hidden in the article unless asked for. */
  g_assert_null (strstr (html, "k0 rejected"));
  {
    NewsmarkReportOptions options = { .show_rejected = TRUE, .title = "A & B" };
    g_autofree char *with_rejected = newsmark_report_to_html (set, &options);

    g_assert_nonnull (strstr (with_rejected, " rejected\" title="));
    g_assert_nonnull (strstr (with_rejected, "<h1>A &amp; B</h1>"));
  }
}

static void
test_log_display (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = rich_set ();
  GPtrArray *log = newsmark_annotation_set_get_log (set);
  gboolean saw_import = FALSE;
  gboolean saw_reject = FALSE;

  g_assert_cmpuint (log->len, >, 0);
  for (guint i = 0; i < log->len; i++)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i);
      g_autofree char *line = newsmark_log_entry_to_display (set, entry);

      g_assert_null (strchr (line, '\n'));
      g_assert_true (g_str_has_prefix (line, entry->time));
      if (g_strcmp0 (entry->action, "import") == 0)
        {
          g_assert_nonnull (strstr (line, "5 suggestions from ner-small 1.2"));
          g_assert_nonnull (strstr (line, "placed 3 (exact 3, normalised 0), ambiguous 2"));
          saw_import = TRUE;
        }
      if (g_strcmp0 (entry->action, "reject") == 0)
        {
          if (strstr (line, "bob") == NULL || strstr (line, "PERSON “Critics”") == NULL ||
              strstr (line, "status suggested → rejected") == NULL)
            g_error ("unexpected reject line: %s", line);
          saw_reject = TRUE;
        }
    }
  g_assert_true (saw_import);
  g_assert_true (saw_reject);
}

/* Edits read the same in the audit and the report: "checkworthy 1 → 2",
 * "(unset)" for no value; never "1-2" or "[1,null]". Also after a save and
 * a reload, where the numbers come back as JSON integers. */
static void
test_edit_values (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = set_from_text ("The fare rises by 20% on Monday, the mayor said.");
  g_autoptr(NewsmarkAnnotationSet) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *claim = add (set, "CLAIM", "The fare rises by 20%", 1);
  NewsmarkAnnotationSet *sets[2];
  static const char * const expected[] = {
    "checkworthy (unset) → 1",
    "checkworthy 1 → 2",
    "checkworthy 2 → (unset)",
    "verdict (unset) → “misleading”",
    "note (unset) → “ask the council”",
    "range 0-21 → 0-31",
    "status accepted → rejected",
  };
  g_autofree char *json = NULL;
  gsize len = 0;

  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "checkworthy", g_variant_new_double (1), &error));
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "checkworthy", g_variant_new_double (2), &error));
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "checkworthy", NULL, &error));
  g_assert_true (newsmark_annotation_set_set_span_attribute (set, claim, "verdict", g_variant_new_string ("misleading"), &error));
  newsmark_annotation_set_set_span_note (set, claim, "ask the council");
  g_assert_true (newsmark_annotation_set_set_span_range (set, claim, 0, 31, &error));
  newsmark_annotation_set_set_span_status (set, claim, NEWSMARK_STATUS_REJECTED);
  g_assert_no_error (error);

  json = newsmark_annotation_set_to_json (set, &len);
  reloaded = newsmark_annotation_set_load_data (json, len, "edits.newsmark.json", 0, NULL, &error);
  g_assert_no_error (error);
  sets[0] = set;
  sets[1] = reloaded;

  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      GPtrArray *log = newsmark_annotation_set_get_log (sets[k]);
      g_autofree char *html = newsmark_report_to_html (sets[k], NULL);
      g_autoptr(GString) audit = g_string_new (NULL);

      for (guint i = 0; i < log->len; i++)
        {
          g_autofree char *line = newsmark_log_entry_to_display (sets[k], g_ptr_array_index (log, i));

          g_string_append_printf (audit, "%s\n", line);
        }
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        {
          if (strstr (audit->str, expected[i]) == NULL)
            g_error ("the audit does not say “%s”:\n%s", expected[i], audit->str);
          if (strstr (html, expected[i]) == NULL)
            g_error ("the report does not say “%s”", expected[i]);
        }
      g_assert_null (strstr (audit->str, "1-2"));
      g_assert_null (strstr (audit->str, "null"));
      g_assert_null (strstr (audit->str, "attributes."));
      g_assert_null (strstr (html, "[1,null]"));
    }
}

static void
test_chromium_screenshot (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = rich_set ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *screenshot_arg = NULL;
  g_autofree char *profile_arg = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GFile) output = NULL;
  int status = 0;
  gsize png_len = 0;

  if (!g_file_test (CHROMIUM, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip (CHROMIUM " is not installed");
      return;
    }

  dir = g_dir_make_tmp ("newsmark-report-XXXXXX", &error);
  g_assert_no_error (error);
  profile = g_build_filename (dir, "profile", NULL);
  html_path = g_build_filename (dir, "report.html", NULL);
  png_path = g_build_filename (dir, "report.png", NULL);
  output = g_file_new_for_path (html_path);

  g_assert_true (newsmark_report_write (set, NULL, output, &error));
  g_assert_no_error (error);

  uri = g_filename_to_uri (html_path, NULL, &error);
  g_assert_no_error (error);
  screenshot_arg = g_strconcat ("--screenshot=", png_path, NULL);
  profile_arg = g_strconcat ("--user-data-dir=", profile, NULL);

  {
    const char *argv[] = {
      "timeout", "120", CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", profile_arg, screenshot_arg, "--window-size=1200,1600", uri, NULL
    };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (g_file_get_contents (png_path, &png, &png_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (png_len, >, 20000);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: 1200 × 1600, as asked. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (gpointer) (png + 16)), ==, 1200);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (gpointer) (png + 20)), ==, 1600);

  if (g_getenv ("NEWSMARK_KEEP_REPORT") == NULL)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

      /* The browser profile is a deep tree: remove it all. */
      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
    }
  else
    {
      g_test_message ("report and screenshot kept in %s", dir);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/html-content", test_html_content);
  g_test_add_func ("/report/log-display", test_log_display);
  g_test_add_func ("/report/edit-values", test_edit_values);
  g_test_add_func ("/report/chromium-screenshot", test_chromium_screenshot);

  return g_test_run ();
}
