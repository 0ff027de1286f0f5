/* test-anchor.c — finding a model's strings in the article */

#include <string.h>

#include <newsmark/newsmark.h>

static NewsmarkDocument *
doc_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  NewsmarkDocument *document = newsmark_document_new_from_text (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

/* The article text at @range: what the span would cover. */
static char *
slice (NewsmarkDocument       *document,
       const NewsmarkFragment *range)
{
  return newsmark_document_dup_slice (document, range->start, range->end);
}

static void
test_normalise (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "\u201cHello,\u201d she said", "\"Hello,\" she said" },
    { "it\u2019s \u2018fine\u2019", "it's 'fine'" },
    { "7\u20132 \u2014 done \u2212 1", "7-2 - done - 1" },
    { "  a \t\n\n b\u00a0c\u202fd  ", "a b c d" },
    { "wait\u2026", "wait..." },
    { "co\u00adop\u200Beration", "cooperation" },
    { "", "" },
    { " \u00a0 ", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = newsmark_anchor_normalise (cases[i].in, -1);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_exact_unique (void)
{
  /* Emoji outside the BMP and a combining accent before the match: offsets
   * are code points, not bytes or UTF-16 units. */
  g_autoptr(NewsmarkDocument) document = doc_new ("\U0001F600 Rene\xcc\x81" "e met Maria Okafor in Zürich.");
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  g_autoptr(GArray) candidates = NULL;
  g_autofree char *text = NULL;
  NewsmarkFragment range;

  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Maria Okafor", NULL, 0, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 13);
  g_assert_cmpuint (range.end, ==, 25);
  text = slice (document, &range);
  g_assert_cmpstr (text, ==, "Maria Okafor");
  g_assert_null (candidates);

  g_clear_pointer (&text, g_free);
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Zürich", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  text = slice (document, &range);
  g_assert_cmpstr (text, ==, "Zürich");

  /* Short needles (under the gram size) go through a plain scan. */
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "met", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 9);
  g_assert_cmpuint (range.end, ==, 12);
}

static void
test_normalised (void)
{
  const char *article =
    "WESTBAY \u2014 the council approved a \u00a340\u00a0million plan to electrify the port\u2019s cranes, "
    "ending a debate that\r\nhas run since 2023. \u201cThis is the most important decision we\u2019ve "
    "taken,\u201d said Maria Okafor\u2026 after a 7\u20132 vote.";
  g_autoptr(NewsmarkDocument) document = doc_new (article);
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  static const struct {
    const char *needle;
    const char *expected;
  } cases[] = {
    { "\"This is the most important decision we've taken,\"",
      "\u201cThis is the most important decision we\u2019ve taken,\u201d" },
    { "a £40 million plan to electrify the port's cranes",
      "a \u00a340\u00a0million plan to electrify the port\u2019s cranes" },
    { "ending a debate that has run since 2023",
      "ending a debate that\r\nhas run since 2023" },
    { "after a 7-2 vote", "after a 7\u20132 vote" },
    { "WESTBAY - the council", "WESTBAY \u2014 the council" },
    { "Maria Okafor...", "Maria Okafor\u2026" },
    { "  ending   a debate ", "ending a debate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      NewsmarkFragment range;

      g_assert_cmpint (newsmark_anchor_index_anchor (index, cases[i].needle, NULL, 0, &range, NULL),
                       ==, NEWSMARK_ANCHOR_NORMALISED);
      text = slice (document, &range);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_exact_beats_normalised (void)
{
  /* The straight-quoted form occurs verbatim once and curly once: the
   * verbatim one is the match, not an ambiguity. */
  g_autoptr(NewsmarkDocument) document = doc_new ("He said \u201cno\u201d. Later: \"no\".");
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  g_autoptr(GArray) found = NULL;
  gboolean exact = FALSE;
  NewsmarkFragment range;

  found = newsmark_anchor_index_find (index, "\"no\"", &exact);
  g_assert_true (exact);
  g_assert_cmpuint (found->len, ==, 1);

  g_assert_cmpint (newsmark_anchor_index_anchor (index, "\"no\"", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 21);
}

static void
test_ambiguous_and_deciders (void)
{
  const char *article =
    "The port handles 2.1 million containers a year. Tom Reyes said the plan was rushed.\n\n"
    "The port handles 2.1 million containers a year.\n\n"
    "Reyes said Okafor had ignored the fishermen.";
  const char *claim = "The port handles 2.1 million containers a year.";
  g_autoptr(NewsmarkDocument) document = doc_new (article);
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  g_autoptr(GArray) candidates = NULL;
  NewsmarkFragment range;

  /* Nothing decides: ambiguous, with every candidate. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, claim, NULL, 0, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_AMBIGUOUS);
  g_assert_cmpuint (candidates->len, ==, 2);
  g_assert_cmpuint (g_array_index (candidates, NewsmarkFragment, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (candidates, NewsmarkFragment, 1).start, ==, 85);
  g_clear_pointer (&candidates, g_array_unref);

  /* occurrence decides. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, claim, NULL, 2, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 85);
  g_assert_null (candidates);

  /* An occurrence past the last is not found, with the matches listed. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, claim, NULL, 3, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_NOT_FOUND);
  g_assert_cmpuint (candidates->len, ==, 2);
  g_clear_pointer (&candidates, g_array_unref);

  /* Verbatim context containing the text decides. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Reyes", "Reyes said Okafor had", 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, newsmark_document_get_length (document) - 44);

  /* Paraphrased context: the candidate with the most context words near it. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Reyes", "Tom ... plan rushed", 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 52);

  /* Context that fits both places equally decides nothing. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, claim, "containers a year", 0, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_AMBIGUOUS);
  g_assert_cmpuint (candidates->len, ==, 2);
  g_clear_pointer (&candidates, g_array_unref);

  /* A context that points at the first copy: the sentence after it. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, claim,
                                                 "The port handles 2.1 million containers a year. Tom Reyes",
                                                 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 0);
}

static void
test_not_found (void)
{
  g_autoptr(NewsmarkDocument) document = doc_new ("Short article about the harbour.");
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  g_autoptr(GArray) candidates = NULL;
  NewsmarkFragment range;

  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Westbay Harbour Authority", NULL, 0, &range, &candidates),
                   ==, NEWSMARK_ANCHOR_NOT_FOUND);
  g_assert_nonnull (candidates);
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_array_unref);

  /* Case matters: a model that changes case quoted something else. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "HARBOUR", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_NOT_FOUND);
  /* Longer than the article. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Short article about the harbour. And more.", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_NOT_FOUND);
  /* Blank. */
  g_assert_cmpint (newsmark_anchor_index_anchor (index, " \u00a0", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_NOT_FOUND);
}

static void
test_whole_words_first (void)
{
  g_autoptr(NewsmarkDocument) document = doc_new ("Parisian cafés. Paris votes. Unparisable.");
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);
  g_autoptr(GArray) found = NULL;
  NewsmarkFragment range;

  g_assert_cmpint (newsmark_anchor_index_anchor (index, "Paris", NULL, 0, &range, NULL),
                   ==, NEWSMARK_ANCHOR_EXACT);
  g_assert_cmpuint (range.start, ==, 16);

  /* Only inside words: still found, all places listed. */
  found = newsmark_anchor_index_find (index, "aris", NULL);
  g_assert_cmpuint (found->len, ==, 3);
}

/* Property test: the gram index finds exactly the whole-word occurrences a
 * naive scan finds, on text made of few words so that repeats abound. */
static void
test_matches_naive_scan (void)
{
  static const char *words[] = { "ab", "ba", "aab", "abb", "b\u2019a", "zz" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkAnchorIndex) index = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < 3000; i++)
    {
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      guint start = (guint) g_utf8_strlen (text->str, text->len);

      if (i > 0)
        {
          g_string_append_c (text, ' ');
          start++;
        }
      g_array_append_val (starts, start);
      g_ptr_array_add (tokens, (gpointer) w);
      g_string_append (text, w);
    }

  document = doc_new (text->str);
  index = newsmark_anchor_index_new (document);

  for (guint round = 0; round < 300; round++)
    {
      guint n_words = (guint) g_rand_int_range (rand, 1, 5);
      guint at = (guint) g_rand_int_range (rand, 0, (gint32) (tokens->len - n_words));
      g_autoptr(GString) needle = g_string_new (NULL);
      g_autoptr(GArray) found = NULL;
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));
      gboolean exact = FALSE;

      for (guint k = 0; k < n_words; k++)
        {
          if (k > 0)
            g_string_append_c (needle, ' ');
          g_string_append (needle, g_ptr_array_index (tokens, at + k));
        }

      /* Naive: token sequences equal to the needle's words. */
      for (guint i = 0; i + n_words <= tokens->len; i++)
        {
          gboolean same = TRUE;

          for (guint k = 0; k < n_words && same; k++)
            same = g_str_equal (g_ptr_array_index (tokens, i + k), g_ptr_array_index (tokens, at + k));
          if (same)
            g_array_append_val (expected, g_array_index (starts, guint, i));
        }

      found = newsmark_anchor_index_find (index, needle->str, &exact);
      g_assert_true (exact);
      g_assert_cmpuint (found->len, ==, expected->len);
      for (guint i = 0; i < found->len; i++)
        {
          const NewsmarkFragment *f = &g_array_index (found, NewsmarkFragment, i);
          g_autofree char *covered = slice (document, f);

          g_assert_cmpuint (f->start, ==, g_array_index (expected, guint, i));
          g_assert_cmpstr (covered, ==, needle->str);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchor/normalise", test_normalise);
  g_test_add_func ("/anchor/exact-unique", test_exact_unique);
  g_test_add_func ("/anchor/normalised", test_normalised);
  g_test_add_func ("/anchor/exact-beats-normalised", test_exact_beats_normalised);
  g_test_add_func ("/anchor/ambiguous-and-deciders", test_ambiguous_and_deciders);
  g_test_add_func ("/anchor/not-found", test_not_found);
  g_test_add_func ("/anchor/whole-words-first", test_whole_words_first);
  g_test_add_func ("/anchor/matches-naive-scan", test_matches_naive_scan);

  return g_test_run ();
}
