/* test-words.c — the word rule: snapping a selection, whole-word matching */

#include <string.h>

#include <newsmark/newsmark.h>

/* Code point offset of the @nth (0-based) occurrence of @needle. */
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

static char *
snapped (NewsmarkDocument *document,
         guint             start,
         guint             end)
{
  g_assert_true (newsmark_snap_to_words (document, &start, &end));
  return newsmark_document_dup_slice (document, start, end);
}

static void
test_snap_trims_and_completes (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text ("  O’Brien met Ana  today. ", -1, NULL);
  guint start, end;

  /* " O’Br" → "O’Brien": trimmed, extended across the apostrophe. */
  start = 1;
  end = 6;
  g_assert_true (newsmark_snap_to_words (document, &start, &end));
  g_assert_cmpuint (start, ==, 2);
  g_assert_cmpuint (end, ==, 9);

  /* "na  to" → "Ana  today" */
  start = 15;
  end = 21;
  g_assert_true (newsmark_snap_to_words (document, &start, &end));
  g_assert_cmpuint (start, ==, 14);
  g_assert_cmpuint (end, ==, 24);

  /* White space alone: nothing, and the range is left alone. */
  start = 0;
  end = 2;
  g_assert_false (newsmark_snap_to_words (document, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 2);
}

/* A possessive is not part of a name: a selection that ends before it
 * stays there, one that ends inside it stops before it, and one that
 * takes it whole keeps it. */
static void
test_snap_stops_before_possessive (void)
{
  const char *text = "Sergey Lavrov's visit, Sergey Lavrov’s trip, don't, we’ll see, Lavrov'sky";
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, NULL);
  guint s = offset_of (document, "Sergey Lavrov's", 0);
  guint c = offset_of (document, "Sergey Lavrov’s", 0);
  g_autofree char *a = snapped (document, s, s + 13);
  g_autofree char *b = snapped (document, c, c + 13);
  g_autofree char *partial = snapped (document, s + 2, s + 11);
  g_autofree char *apostrophe = snapped (document, s, s + 14);
  g_autofree char *curly_apostrophe = snapped (document, c + 7, c + 14);
  g_autofree char *whole = snapped (document, s, s + 15);
  g_autofree char *clitic = snapped (document, s + 14, s + 15);
  g_autofree char *contraction = snapped (document, offset_of (document, "don't", 0), offset_of (document, "don't", 0) + 2);
  g_autofree char *will = snapped (document, offset_of (document, "we’ll", 0), offset_of (document, "we’ll", 0) + 1);
  g_autofree char *not_clitic = snapped (document, offset_of (document, "Lavrov'sky", 0), offset_of (document, "Lavrov'sky", 0) + 3);

  g_assert_cmpstr (a, ==, "Sergey Lavrov");
  g_assert_cmpstr (b, ==, "Sergey Lavrov");
  g_assert_cmpstr (partial, ==, "Sergey Lavrov");
  g_assert_cmpstr (apostrophe, ==, "Sergey Lavrov");
  g_assert_cmpstr (curly_apostrophe, ==, "Lavrov");
  g_assert_cmpstr (whole, ==, "Sergey Lavrov's");
  /* The clitic alone is a word of its own. */
  g_assert_cmpstr (clitic, ==, "'s");
  /* An apostrophe inside a word, or before what is no clitic, joins. */
  g_assert_cmpstr (contraction, ==, "don't");
  g_assert_cmpstr (will, ==, "we");
  g_assert_cmpstr (not_clitic, ==, "Lavrov'sky");
}

static void
test_word_continues (void)
{
  const char *text = "O’Brien's 'quoted' Smiths' it'S you'd I'm they're we've";
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, NULL);
  guint o = offset_of (document, "O’Brien", 0);
  guint q = offset_of (document, "'quoted'", 0);
  guint smiths = offset_of (document, "Smiths'", 0);

  g_assert_false (newsmark_word_continues_at (document, 0));
  g_assert_true (newsmark_word_continues_at (document, o + 1));   /* O|’ */
  g_assert_true (newsmark_word_continues_at (document, o + 2));   /* ’|B */
  g_assert_false (newsmark_word_continues_at (document, o + 7));  /* O’Brien|'s */
  g_assert_true (newsmark_word_continues_at (document, o + 8));   /* '|s */
  g_assert_false (newsmark_word_continues_at (document, o + 9));  /* 's| */
  g_assert_false (newsmark_word_continues_at (document, q + 1));  /* '|quoted */
  g_assert_false (newsmark_word_continues_at (document, q + 7));  /* quoted|' */
  g_assert_false (newsmark_word_continues_at (document, smiths + 6));
  g_assert_false (newsmark_word_continues_at (document, offset_of (document, "'S", 0)));
  g_assert_false (newsmark_word_continues_at (document, offset_of (document, "'d", 0)));
  g_assert_false (newsmark_word_continues_at (document, offset_of (document, "'m", 0)));
  g_assert_false (newsmark_word_continues_at (document, offset_of (document, "'re", 0)));
  g_assert_false (newsmark_word_continues_at (document, offset_of (document, "'ve", 0)));
  g_assert_false (newsmark_word_continues_at (document, newsmark_document_get_length (document)));
}

/* An article as it was scraped: 21 "Lavrov", five of them possessive (two
 * straight, three curly apostrophes), one "Lavrovsky" and one "LAVROV's". */
static const char *lavrov_article =
  "Lavrov meets Wang Yi in Beijing as Lavrov seeks support\n\n"
  "BEIJING — Russian Foreign Minister Sergey Lavrov arrived on Tuesday.\n\n"
  "Sergey Lavrov’s visit comes a week after new sanctions. “We are not asking anyone,” Lavrov said.\n\n"
  "Advertisement\n\n"
  "Asked whether Beijing had pressed Lavrov on a ceasefire, Mao Ning said: “China’s position is clear.”\n\n"
  "“Was he fired?” a reporter asked Lavrov. Lavrov smiled. Lavrov declined to elaborate.\n\n"
  "Lavrov's remarks were broadcast live. Analysts said Lavrov was seeking to show strength. "
  "“Lavrov is the face of continuity,” said Dmitri Orlov.\n\n"
  "Advertisement\n\n"
  "Sergey Lavrov and Wang Yi last met in July, when Lavrov’s delegation signed a memorandum.\n\n"
  "“Mr Lavrov says one thing in Beijing and another in New York.” Lavrov had not responded.\n\n"
  "Sergey Lavrov later met Han Zheng. Lavrov told Han that Moscow valued Beijing’s position.\n\n"
  "Peskov said Putin had been briefed on Lavrov's talks. The Lavrovsky doctrine, he said, was LAVROV's own.\n\n"
  "Lavrov is due to fly to Pyongyang. It would be Sergey Lavrov’s second visit.\n";

static guint
count_kind (GArray                *matches,
            NewsmarkTextMatchKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < matches->len; i++)
    n += g_array_index (matches, NewsmarkTextMatch, i).kind == kind ? 1 : 0;
  return n;
}

static void
test_find_counts_possessives (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (lavrov_article, -1, NULL);
  g_autoptr(GArray) exact = newsmark_find_text (document, "Lavrov", TRUE, 1000, NULL);
  g_autoptr(GArray) any_case = newsmark_find_text (document, "lavrov", FALSE, 1000, NULL);
  g_autoptr(GArray) names = newsmark_find_text (document, "Sergey Lavrov", TRUE, 1000, NULL);
  gboolean truncated = TRUE;
  g_autoptr(GArray) none = newsmark_find_text (document, "", FALSE, 1000, &truncated);

  /* Case-sensitive: 21 whole words, possessives included; Lavrovsky is
   * inside a word and said so, not dropped. */
  g_assert_cmpuint (count_kind (exact, NEWSMARK_TEXT_MATCH_WHOLE_WORDS), ==, 21);
  g_assert_cmpuint (count_kind (exact, NEWSMARK_TEXT_MATCH_INSIDE_WORD), ==, 1);
  g_assert_cmpuint (count_kind (any_case, NEWSMARK_TEXT_MATCH_WHOLE_WORDS), ==, 22);
  g_assert_cmpuint (exact->len, ==, 22);

  /* Every possessive hit ends right before its apostrophe. */
  for (guint i = 0; i < exact->len; i++)
    {
      NewsmarkTextMatch *m = &g_array_index (exact, NewsmarkTextMatch, i);

      g_assert_cmpuint (m->end - m->start, ==, 6);
      g_assert_true (newsmark_document_slice_equals (document, m->start, m->end, "Lavrov"));
      if (i > 0)
        g_assert_cmpuint (m->start, >=, g_array_index (exact, NewsmarkTextMatch, i - 1).end);
    }

  g_assert_cmpuint (names->len, ==, 5);
  g_assert_cmpuint (count_kind (names, NEWSMARK_TEXT_MATCH_WHOLE_WORDS), ==, 5);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (truncated);
}

static void
test_find_limits_and_overlaps (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text ("aaaa aa Ana banana ANA", -1, NULL);
  g_autoptr(GArray) pairs = newsmark_find_text (document, "aa", TRUE, 100, NULL);
  g_autoptr(GArray) ana = newsmark_find_text (document, "ana", FALSE, 100, NULL);
  gboolean truncated = FALSE;
  g_autoptr(GArray) two = newsmark_find_text (document, "ana", FALSE, 2, &truncated);
  guint word_start, word_end;

  /* "aaaa" holds two non-overlapping places, both inside the word; "aa" is
   * whole. */
  g_assert_cmpuint (pairs->len, ==, 3);
  g_assert_cmpuint (g_array_index (pairs, NewsmarkTextMatch, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (pairs, NewsmarkTextMatch, 1).start, ==, 2);
  g_assert_cmpint (g_array_index (pairs, NewsmarkTextMatch, 1).kind, ==, NEWSMARK_TEXT_MATCH_INSIDE_WORD);
  g_assert_cmpint (g_array_index (pairs, NewsmarkTextMatch, 2).kind, ==, NEWSMARK_TEXT_MATCH_WHOLE_WORDS);

  /* Ana, b[ana]na (inside), ANA. */
  g_assert_cmpuint (ana->len, ==, 3);
  g_assert_cmpuint (count_kind (ana, NEWSMARK_TEXT_MATCH_INSIDE_WORD), ==, 1);
  newsmark_word_extent (document, g_array_index (ana, NewsmarkTextMatch, 1).start, &word_start, &word_end);
  g_assert_cmpuint (word_start, ==, 12);
  g_assert_cmpuint (word_end, ==, 18);

  g_assert_cmpuint (two->len, ==, 2);
  g_assert_true (truncated);

  newsmark_word_extent (document, 4, &word_start, &word_end);
  g_assert_cmpuint (word_start, ==, word_end);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/words/snap/trims-and-completes", test_snap_trims_and_completes);
  g_test_add_func ("/words/snap/stops-before-possessive", test_snap_stops_before_possessive);
  g_test_add_func ("/words/continues", test_word_continues);
  g_test_add_func ("/words/find/counts-possessives", test_find_counts_possessives);
  g_test_add_func ("/words/find/limits-and-overlaps", test_find_limits_and_overlaps);

  return g_test_run ();
}
