/* test-reanchor.c — spans follow a changed article, or are kept unplaced */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

static NewsmarkDocument *
doc_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  NewsmarkDocument *doc = newsmark_document_new_from_text (text, -1, &error);

  g_assert_no_error (error);
  return doc;
}

/* Code point offset of the @nth (0-based) occurrence of @needle. */
static guint
offset_of (const char *text,
           const char *needle,
           guint       nth)
{
  const char *p = text;

  for (;;)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (nth-- == 0)
        return (guint) g_utf8_pointer_to_offset (text, p);
      p++;
    }
}

static NewsmarkSpan *
tag (NewsmarkAnnotationSet *set,
     const char            *label,
     const char            *needle,
     guint                  nth)
{
  const char *text = newsmark_document_get_text (newsmark_annotation_set_get_document (set));
  guint start = offset_of (text, needle, nth);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *span;

  span = newsmark_annotation_set_create_span (set, label, start, start + g_utf8_strlen (needle, -1), &error);
  g_assert_no_error (error);
  g_assert_nonnull (span);
  return span;
}

static NewsmarkAnnotationSet *
set_new (const char *text)
{
  g_autoptr(NewsmarkDocument) doc = doc_new (text);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();

  return newsmark_annotation_set_new (doc, schema);
}

/* Every placed span's text is exactly the document's text at its offsets. */
static void
assert_spans_exact (NewsmarkAnnotationSet *set)
{
  NewsmarkDocument *doc = newsmark_annotation_set_get_document (set);
  GListModel *spans = newsmark_annotation_set_get_spans (set);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      guint n = newsmark_span_get_n_fragments (span);

      if (n == 0)
        g_assert_true (newsmark_document_slice_equals (doc, newsmark_span_get_start (span),
                                                       newsmark_span_get_end (span),
                                                       newsmark_span_get_text (span)));
      else
        {
          const NewsmarkFragment *f = newsmark_span_get_fragments (span);
          const char * const *texts = newsmark_span_get_fragment_texts (span);

          for (guint j = 0; j < n; j++)
            g_assert_true (newsmark_document_slice_equals (doc, f[j].start, f[j].end, texts[j]));
        }
    }
}

static guint
count_warnings_about (GPtrArray  *problems,
                      const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == NEWSMARK_SEVERITY_WARNING && strstr (p->message, needle) != NULL)
        n++;
    }
  return n;
}

static void
test_moved_text (void)
{
  const char *old_text = "Renée Okafor spoke on Friday. Acme disagreed 🚲.";
  const char *new_text = "UPDATED — Renée Okafor spoke on Friday. Acme strongly disagreed 🚲.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkSpan *person = tag (set, "PERSON", "Renée Okafor", 0);
  NewsmarkSpan *date = tag (set, "DATE", "Friday", 0);
  NewsmarkSpan *org = tag (set, "ORG", "Acme", 0);
  NewsmarkSpan *quote = tag (set, "QUOTE", "disagreed 🚲", 0);
  g_autofree char *person_id = g_strdup (newsmark_span_get_id (person));
  g_autofree char *quote_id = g_strdup (newsmark_span_get_id (quote));
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *moved;

  (void) date;
  (void) org;
  g_assert_nonnull (newsmark_annotation_set_create_relation (set, "speaker", quote, person, &error));
  g_assert_no_error (error);
  newsmark_annotation_set_set_modified (set, FALSE);

  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 0);

  g_assert_true (newsmark_annotation_set_get_document (set) == new_doc);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 1);
  g_assert_true (newsmark_annotation_set_get_modified (set));

  moved = newsmark_annotation_set_find_span (set, person_id);
  g_assert_cmpuint (newsmark_span_get_start (moved), ==, offset_of (new_text, "Renée", 0));
  moved = newsmark_annotation_set_find_span (set, quote_id);
  g_assert_cmpuint (newsmark_span_get_start (moved), ==, offset_of (new_text, "disagreed", 0));
  assert_spans_exact (set);
  g_assert_cmpuint (count_warnings_about (problems, "4 moved, 0 could not be placed"), ==, 1);
}

#define PARA "The council voted on Tuesday to approve the new budget, said Mayor Jane Doe, " \
             "adding that the vote had been unusually close this year."

static void
test_duplicated_text_is_ambiguous (void)
{
  /* Nothing around either copy resembles the old surroundings more than
   * around the other: no way to tell which one the span belongs to. */
  const char *old_text = "Header one.\n\n" PARA "\n\nFooter one.";
  const char *new_text = "A new header.\n\n" PARA "\n\nAn inserted paragraph.\n\n" PARA "\n\nA new footer.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkSpan *person = tag (set, "PERSON", "Jane Doe", 0);
  NewsmarkSpan *header = tag (set, "EVENT", "Footer", 0);
  g_autofree char *id = g_strdup (newsmark_span_get_id (person));
  GListModel *unplaced;
  g_autoptr(NewsmarkSpan) lost = NULL;
  const NewsmarkFragment *candidates;
  g_autofree char *expected = NULL;

  (void) header;
  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 2);

  /* "Footer" is gone altogether. */
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 0);
  unplaced = newsmark_annotation_set_get_unplaced (set);
  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 2);
  lost = g_list_model_get_item (unplaced, 0);
  g_assert_cmpstr (newsmark_span_get_id (lost), ==, id);
  g_assert_cmpstr (newsmark_span_get_text (lost), ==, "Jane Doe");
  g_assert_cmpstr (newsmark_span_get_unplaced_reason (lost), ==, "article-changed");
  g_assert_cmpuint (newsmark_span_get_n_candidates (lost), ==, 2);
  candidates = newsmark_span_get_candidates (lost);
  g_assert_cmpuint (candidates[0].start, ==, offset_of (new_text, "Jane Doe", 0));
  g_assert_cmpuint (candidates[1].start, ==, offset_of (new_text, "Jane Doe", 1));
  g_assert_nonnull (strstr (newsmark_span_get_context (lost), "said Mayor Jane Doe, adding"));
  g_assert_null (newsmark_annotation_set_find_span (set, "nonexistent"));

  expected = g_strdup_printf ("span %s (PERSON \"Jane Doe\") could not be placed in the changed article: "
                              "2 possible places and none clearly best; kept under \"unplaced\" with its candidates", id);
  g_assert_cmpuint (count_warnings_about (problems, expected), ==, 1);
  assert_spans_exact (set);

  /* Kept across a save and a load. */
  {
    g_autofree char *json = newsmark_annotation_set_to_json (set, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) again =
      newsmark_annotation_set_load_data (json, strlen (json), "re.json", 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (again)), ==, 2);
  }
}

#define BLOCK "The council has faced a £9 million gap since energy costs rose sharply in 2022, " \
              "according to figures published by the finance office."

static void
test_repeated_block_told_apart (void)
{
  /* A block repeated verbatim in the article, tagged in both copies: the
   * 32 characters around "2022" are the same in both, but the blocks'
   * surroundings are not, so each span finds its own copy again. */
  const char *old_text = "Intro.\n\n" BLOCK "\n\nMiddle one.\n\n" BLOCK "\n\nOutro.";
  const char *new_text = "Intro, updated.\n\n" BLOCK "\n\nMiddle one.\n\n" BLOCK "\n\nOutro, updated.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkSpan *first = tag (set, "DATE", "2022", 0);
  NewsmarkSpan *second = tag (set, "DATE", "2022", 1);
  g_autofree char *first_id = g_strdup (newsmark_span_get_id (first));
  g_autofree char *second_id = g_strdup (newsmark_span_get_id (second));

  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 0);
  first = newsmark_annotation_set_find_span (set, first_id);
  second = newsmark_annotation_set_find_span (set, second_id);
  g_assert_cmpuint (newsmark_span_get_start (first), ==, offset_of (new_text, "2022", 0));
  g_assert_cmpuint (newsmark_span_get_start (second), ==, offset_of (new_text, "2022", 1));
  assert_spans_exact (set);
}

static void
test_deleted_text (void)
{
  const char *old_text = "Renée Okafor spoke on Friday. Acme disagreed. Later, Piotr Nowak left.";
  const char *new_text = "Renée Okafor spoke on Friday. Later, somebody left.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkSpan *person = tag (set, "PERSON", "Renée Okafor", 0);
  NewsmarkSpan *org = tag (set, "ORG", "Acme", 0);
  NewsmarkSpan *gone = tag (set, "PERSON", "Piotr Nowak", 0);
  g_autofree char *org_id = g_strdup (newsmark_span_get_id (org));
  g_autofree char *gone_id = g_strdup (newsmark_span_get_id (gone));
  g_autofree char *expected = NULL;
  NewsmarkSpan *lost;

  (void) person;
  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      lost = g_list_model_get_item (newsmark_annotation_set_get_unplaced (set), i);
      g_assert_cmpuint (newsmark_span_get_n_candidates (lost), ==, 0);
      g_assert_cmpstr (newsmark_span_get_unplaced_reason (lost), ==, "article-changed");
      g_object_unref (lost);
    }

  expected = g_strdup_printf ("span %s (ORG \"Acme\") could not be placed in the changed article: "
                              "its text is no longer there; kept under \"unplaced\"", org_id);
  g_assert_cmpuint (count_warnings_about (problems, expected), ==, 1);
  g_assert_cmpuint (count_warnings_about (problems, gone_id), ==, 1);
}

static void
test_context_decides (void)
{
  const char *old_text = "Acme said profits fell. The council approved the plan on Monday.";
  const char *new_text = "The council met early. Acme said profits fell sharply. The council approved the plan on Monday, officials said.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  NewsmarkSpan *org = tag (set, "ORG", "The council", 0);
  g_autofree char *id = g_strdup (newsmark_span_get_id (org));

  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 0);
  org = newsmark_annotation_set_find_span (set, id);
  g_assert_nonnull (org);
  g_assert_cmpuint (newsmark_span_get_start (org), ==, offset_of (new_text, "The council", 1));
  assert_spans_exact (set);
}

static void
test_short_text_without_context (void)
{
  /* "it" occurs once in the new text, but nothing around it survived: a
   * two-letter match alone is not evidence enough. */
  const char *old_text = "Analysts say it will rain tomorrow across the northern hills.";
  const char *new_text = "Forecasters now expect sunshine; pack it for later use.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();

  tag (set, "EVENT", "it", 0);
  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 1);
}

static void
test_discontinuous (void)
{
  const char *old_text = "“We will rebuild,” she said, “and soon.”";
  const char *new_text = "Update: “We will rebuild,” the mayor said, “and soon.” More later.";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *quote = tag (set, "QUOTE", "“We will rebuild,”", 0);
  g_autofree char *id = g_strdup (newsmark_span_get_id (quote));
  NewsmarkFragment fragments[2];
  const NewsmarkFragment *placed;

  fragments[0].start = 0;
  fragments[0].end = 18;
  fragments[1].start = offset_of (old_text, "“and", 0);
  fragments[1].end = g_utf8_strlen (old_text, -1);
  g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, fragments, 2, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 0);
  quote = newsmark_annotation_set_find_span (set, id);
  g_assert_cmpuint (newsmark_span_get_n_fragments (quote), ==, 2);
  placed = newsmark_span_get_fragments (quote);
  g_assert_cmpuint (placed[0].start, ==, offset_of (new_text, "“We", 0));
  g_assert_cmpuint (placed[1].start, ==, offset_of (new_text, "“and", 0));
  g_assert_cmpuint (newsmark_span_get_start (quote), ==, placed[0].start);
  g_assert_cmpuint (newsmark_span_get_end (quote), ==, placed[1].end);
  assert_spans_exact (set);
}

static void
test_discontinuous_fragment_lost (void)
{
  const char *old_text = "“We will rebuild,” she said, “and soon.”";
  const char *new_text = "“We will rebuild,” she said, “in time.”";
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(NewsmarkDocument) new_doc = doc_new (new_text);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *quote = tag (set, "QUOTE", "“We will rebuild,”", 0);
  NewsmarkFragment fragments[2] = { { 0, 18 }, { 29, 40 } };

  g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, fragments, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (newsmark_annotation_set_reanchor (set, new_doc, problems), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 1);
}

/* ---- Through loading ---------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *article;
  char *annotations;
  GFile *file;
} Files;

static void
files_write (Files      *f,
             const char *old_text,
             const char *new_text,
             const char *needle)
{
  g_autoptr(NewsmarkAnnotationSet) set = set_new (old_text);
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("newsmark-reanchor-XXXXXX", NULL);
  f->article = g_build_filename (f->dir, "story.txt", NULL);
  f->annotations = g_build_filename (f->dir, "story.newsmark.json", NULL);
  f->file = g_file_new_for_path (f->annotations);

  tag (set, "PERSON", needle, 0);
  newsmark_annotation_set_set_document_path (set, "story.txt");
  g_assert_true (newsmark_annotation_set_save (set, f->file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (f->article, new_text, -1, NULL));
}

static void
files_clear (Files *f)
{
  g_autofree char *backup = g_strconcat (f->annotations, "~", NULL);

  g_unlink (f->article);
  g_unlink (f->annotations);
  g_unlink (backup);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->article);
  g_free (f->annotations);
  g_object_unref (f->file);
}

static void
test_load_follow_article (void)
{
  Files f;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GPtrArray) problems2 = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) followed = NULL;
  g_autoptr(NewsmarkAnnotationSet) embedded = NULL;
  g_autoptr(NewsmarkSpan) span = NULL;
  const char *new_text = "Correction: Renée Okafor spoke.";

  files_write (&f, "Renée Okafor spoke.", new_text, "Renée Okafor");

  /* Without the flag: the embedded text, and a warning. */
  embedded = newsmark_annotation_set_load (f.file, NEWSMARK_LOAD_DEFAULT, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (embedded)), ==,
                   "Renée Okafor spoke.");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (count_warnings_about (problems, "has changed since this file was saved; using the text "
                                                    "embedded in the file"), ==, 1);
  g_assert_false (newsmark_annotation_set_get_modified (embedded));

  /* With it: the new text, spans moved, the set marked modified. */
  followed = newsmark_annotation_set_load (f.file, NEWSMARK_LOAD_FOLLOW_ARTICLE, problems2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (followed)), ==, new_text);
  span = g_list_model_get_item (newsmark_annotation_set_get_spans (followed), 0);
  g_assert_cmpuint (newsmark_span_get_start (span), ==, 12);
  g_assert_true (newsmark_annotation_set_get_modified (followed));
  g_assert_cmpuint (count_warnings_about (problems2, "spans were re-anchored onto the new text"), ==, 1);
  g_assert_cmpuint (newsmark_problems_count_errors (problems2), ==, 0);

  files_clear (&f);
}

static void
test_load_unchanged_article (void)
{
  Files f;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) article = NULL;
  GFile *doc_file;

  files_write (&f, "Renée Okafor spoke.", "Renée Okafor spoke.", "Renée Okafor");
  article = g_file_new_for_path (f.article);
  set = newsmark_annotation_set_load (f.file, NEWSMARK_LOAD_FOLLOW_ARTICLE, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  doc_file = newsmark_document_get_file (newsmark_annotation_set_get_document (set));
  g_assert_nonnull (doc_file);
  g_assert_true (g_file_equal (doc_file, article));
  files_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reanchor/moved-text", test_moved_text);
  g_test_add_func ("/reanchor/duplicated-text-ambiguous", test_duplicated_text_is_ambiguous);
  g_test_add_func ("/reanchor/repeated-block", test_repeated_block_told_apart);
  g_test_add_func ("/reanchor/deleted-text", test_deleted_text);
  g_test_add_func ("/reanchor/context-decides", test_context_decides);
  g_test_add_func ("/reanchor/short-text-without-context", test_short_text_without_context);
  g_test_add_func ("/reanchor/discontinuous", test_discontinuous);
  g_test_add_func ("/reanchor/discontinuous-fragment-lost", test_discontinuous_fragment_lost);
  g_test_add_func ("/reanchor/load-follow-article", test_load_follow_article);
  g_test_add_func ("/reanchor/load-unchanged-article", test_load_unchanged_article);

  return g_test_run ();
}
