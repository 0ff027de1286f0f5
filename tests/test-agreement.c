/* test-agreement.c — agreement statistics against their published worked
 * examples, and the whole comparison on the fixtures in data/agreement/.
 *
 * Sources of the expected numbers:
 *  - Cohen, J. (1960). A coefficient of agreement for nominal scales.
 *    Educational and Psychological Measurement 20(1):37–46, the 3×3 table
 *    of 200 cases: p_o = .70, p_c = .41, κ = .492.
 *  - Artstein, R. & Poesio, M. (2008). Inter-coder agreement for
 *    computational linguistics. Computational Linguistics 34(4):555–596:
 *    the STAT/IReq example (p. 558; A_o = 0.7, A_e^κ = 0.54, κ ≈ 0.348) and
 *    the STAT/IReq/Chck example (p. 568; A_o = 0.88, A_e^κ = 0.396, κ ≈ 0.801).
 *  - Fleiss, J. L. (1971). Measuring nominal scale agreement among many
 *    raters. Psychological Bulletin 76(5):378–382, Table 1 (30 subjects,
 *    6 raters, 5 diagnoses): P̄ = .556, P̄e = .220, κ = .430.
 *  - Wikipedia, "Fleiss' kappa", worked example (10 subjects, 14 raters,
 *    5 categories): P̄ = 0.378, P̄e = 0.213, κ = 0.210.
 *  - Krippendorff, K. (2004). Content Analysis: An Introduction to Its
 *    Methodology, 2nd ed., §12.4, worked example of αU (p. 254): two
 *    observers on the continuum [150, 450), values c and k; δ² of the
 *    segment pairs 50, 850 and 400; cuDo = .0144, cuDe = .0532,
 *    cαU = .7286; kuDo = 0, kuDe = .0490, kαU = 1; uα over both = .8591.
 *  - Precision/recall/F1: hand-computed in the comments below.
 */
#include "config.h"

#include <math.h>
#include <json-c/json.h>
#include <newsmark/newsmark.h>

#define assert_near(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* ---- Cohen's kappa ------------------------------------------------------- */

static void
test_cohen_1960 (void)
{
  /* Cohen (1960), rows judge A, columns judge B, 200 cases. */
  const double table[] = {
    88, 14, 18,
    10, 40, 10,
     2,  6, 12,
  };
  NewsmarkCoefficient k;

  g_assert_true (newsmark_cohen_kappa (table, 3, &k));
  assert_near (k.observed, 0.70, 0.001);
  assert_near (k.expected, 0.41, 0.001);
  assert_near (k.value, 0.492, 0.0005);
}

static void
test_cohen_artstein_poesio (void)
{
  /* Artstein & Poesio (2008), p. 558: coders A (rows) and B (columns)
   * label 100 utterances as STAT(ement) or IReq (info request). */
  const double example1[] = {
    20, 10,
    20, 50,
  };
  /* p. 568: three categories STAT, IReq, Chck. */
  const double example2[] = {
    46,  0,  0,
     6, 32,  6,
     0,  0, 10,
  };
  NewsmarkCoefficient k;

  g_assert_true (newsmark_cohen_kappa (example1, 2, &k));
  assert_near (k.observed, 0.7, 1e-9);
  assert_near (k.expected, 0.54, 1e-9);
  assert_near (k.value, 0.348, 0.0005);

  g_assert_true (newsmark_cohen_kappa (example2, 3, &k));
  assert_near (k.observed, 0.88, 1e-9);
  assert_near (k.expected, 0.396, 0.0005);
  assert_near (k.value, 0.801, 0.0005);
}

static void
test_cohen_undefined (void)
{
  const double one_category[] = { 10 };
  const double empty[] = { 0, 0, 0, 0 };
  NewsmarkCoefficient k;

  /* Both coders always say the same single category: 0/0. */
  g_assert_false (newsmark_cohen_kappa (one_category, 1, &k));
  g_assert_true (isnan (k.value));
  g_assert_false (newsmark_cohen_kappa (empty, 2, &k));
  g_assert_true (isnan (k.value));
}

/* ---- Fleiss' kappa ------------------------------------------------------- */

static void
test_fleiss_1971 (void)
{
  /* Fleiss (1971) Table 1: the diagnosis (1 depression, 2 personality
   * disorder, 3 schizophrenia, 4 neurosis, 5 other) given to each of 30
   * patients by 6 psychiatrists. */
  static const guint ratings[30][6] = {
    { 4, 4, 4, 4, 4, 4 }, { 2, 2, 2, 5, 5, 5 }, { 2, 3, 3, 3, 3, 5 },
    { 5, 5, 5, 5, 5, 5 }, { 2, 2, 2, 4, 4, 4 }, { 1, 1, 3, 3, 3, 3 },
    { 3, 3, 3, 3, 5, 5 }, { 1, 1, 3, 3, 3, 4 }, { 1, 1, 4, 4, 4, 4 },
    { 5, 5, 5, 5, 5, 5 }, { 1, 4, 4, 4, 4, 4 }, { 1, 2, 4, 4, 4, 4 },
    { 2, 2, 2, 3, 3, 3 }, { 1, 4, 4, 4, 4, 4 }, { 2, 2, 4, 4, 4, 5 },
    { 3, 3, 3, 3, 3, 5 }, { 1, 1, 1, 4, 5, 5 }, { 1, 1, 1, 1, 1, 2 },
    { 2, 2, 4, 4, 4, 4 }, { 1, 3, 3, 5, 5, 5 }, { 5, 5, 5, 5, 5, 5 },
    { 2, 4, 4, 4, 4, 4 }, { 2, 2, 4, 5, 5, 5 }, { 1, 1, 4, 4, 4, 4 },
    { 1, 4, 4, 4, 4, 5 }, { 2, 2, 2, 2, 2, 4 }, { 1, 1, 1, 1, 5, 5 },
    { 2, 2, 4, 4, 4, 4 }, { 1, 3, 3, 3, 3, 3 }, { 5, 5, 5, 5, 5, 5 },
  };
  guint counts[30 * 5] = { 0 };
  NewsmarkCoefficient k;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 30; i++)
    for (guint r = 0; r < 6; r++)
      counts[i * 5 + ratings[i][r] - 1]++;

  g_assert_true (newsmark_fleiss_kappa (counts, 30, 5, &k, &error));
  g_assert_no_error (error);
  assert_near (k.observed, 0.556, 0.0005);
  assert_near (k.expected, 0.220, 0.0005);
  assert_near (k.value, 0.430, 0.0005);

  /* The same paper, per diagnosis. */
  {
    static const double published[5] = { 0.245, 0.245, 0.520, 0.471, 0.566 };
    NewsmarkCoefficient per[5];
    double weighted = 0, weights = 0;

    g_assert_true (newsmark_fleiss_kappa_categories (counts, 30, 5, per, &error));
    g_assert_no_error (error);
    for (guint j = 0; j < 5; j++)
      {
        double p_j = 0;

        assert_near (per[j].value, published[j], 0.0005);
        for (guint i = 0; i < 30; i++)
          p_j += counts[i * 5 + j];
        p_j /= 30.0 * 6;
        weighted += p_j * (1 - p_j) * per[j].value;
        weights += p_j * (1 - p_j);
      }
    /* Fleiss' identity: the overall kappa is their pj qj-weighted mean. */
    assert_near (weighted / weights, k.value, 1e-12);

    /* And each is the overall kappa of that category against the rest. */
    for (guint j = 0; j < 5; j++)
      {
        guint two[30 * 2];
        NewsmarkCoefficient split;

        for (guint i = 0; i < 30; i++)
          {
            two[i * 2] = counts[i * 5 + j];
            two[i * 2 + 1] = 6 - counts[i * 5 + j];
          }
        g_assert_true (newsmark_fleiss_kappa (two, 30, 2, &split, &error));
        assert_near (split.value, per[j].value, 1e-12);
      }
  }
}

static void
test_fleiss_wikipedia (void)
{
  /* Wikipedia "Fleiss' kappa": 14 raters, 10 subjects, 5 categories. */
  static const guint counts[10 * 5] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };
  NewsmarkCoefficient k;
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_fleiss_kappa (counts, 10, 5, &k, &error));
  g_assert_no_error (error);
  assert_near (k.observed, 0.378, 0.0005);
  assert_near (k.expected, 0.213, 0.0005);
  assert_near (k.value, 0.210, 0.0005);
}

static void
test_fleiss_errors (void)
{
  static const guint uneven[] = { 2, 1, 1, 1 };
  NewsmarkCoefficient k;
  g_autoptr(GError) error = NULL;

  g_assert_false (newsmark_fleiss_kappa (uneven, 2, 2, &k, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "subject 2 has 2"));
  g_clear_error (&error);

  {
    /* The same refusal per category; a category nobody chose is 0/0. */
    NewsmarkCoefficient per[2];

    g_assert_false (newsmark_fleiss_kappa_categories (uneven, 2, 2, per, &error));
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (newsmark_fleiss_kappa_categories ((const guint[]) { 2, 0, 0, 2, 1, 1 }, 3, 2, per, &error));
    g_assert_no_error (error);
    g_assert_false (newsmark_fleiss_kappa_categories ((const guint[]) { 2, 0, 2, 0, 2, 0 }, 3, 2, per, &error));
    g_assert_no_error (error);
    g_assert_true (isnan (per[0].value));
    g_assert_true (isnan (per[1].value));
  }
}

/* ---- Krippendorff's αU --------------------------------------------------- */

static void
test_alpha_u_distances (void)
{
  /* Krippendorff (2004, §12.4): overlapping units of c, and a unit of c
   * inside the other observer's gap. */
  assert_near (newsmark_unitized_distance (225, 70, TRUE, 220, 80, TRUE), 50, 1e-9);
  assert_near (newsmark_unitized_distance (370, 30, TRUE, 355, 20, TRUE), 850, 1e-9);
  assert_near (newsmark_unitized_distance (400, 50, FALSE, 400, 20, TRUE), 400, 1e-9);
  /* Symmetric, and zero for a unit that sticks out of the gap. */
  assert_near (newsmark_unitized_distance (220, 80, TRUE, 225, 70, TRUE), 50, 1e-9);
  assert_near (newsmark_unitized_distance (295, 75, FALSE, 355, 20, TRUE), 0, 1e-9);
  /* Identical units do not disagree. */
  assert_near (newsmark_unitized_distance (180, 60, TRUE, 180, 60, TRUE), 0, 1e-9);
}

static void
test_alpha_u_krippendorff_2004 (void)
{
  /* Observer i = coder 0, observer j = coder 1; continuum [150, 450). */
  static const NewsmarkUnit c[] = {
    { 0, 225, 70 }, { 0, 370, 30 },
    { 1, 220, 80 }, { 1, 355, 20 }, { 1, 400, 20 },
  };
  static const NewsmarkUnit k[] = {
    { 0, 180, 60 }, { 0, 300, 50 },
    { 1, 180, 60 }, { 1, 300, 50 },
  };
  NewsmarkCoefficient ac, ak;
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_unitized_alpha (c, G_N_ELEMENTS (c), 2, 150, 300, &ac, &error));
  g_assert_no_error (error);
  assert_near (ac.observed, 0.0144, 0.00005);
  assert_near (ac.expected, 0.0532, 0.00005);
  assert_near (ac.value, 0.7286, 0.00005);

  g_assert_true (newsmark_unitized_alpha (k, G_N_ELEMENTS (k), 2, 150, 300, &ak, &error));
  g_assert_no_error (error);
  assert_near (ak.observed, 0.0, 1e-12);
  assert_near (ak.expected, 0.0490, 0.00005);
  assert_near (ak.value, 1.0, 1e-12);

  /* uα over all values: 1 - Σ uDo / Σ uDe. The book's .8591 is computed
   * from its four-decimal intermediates (1 - .0144 / (.0532 + .0490));
   * unrounded the value is .8587, hence the wider tolerance. */
  assert_near (1.0 - (ac.observed + ak.observed) / (ac.expected + ak.expected), 0.8591, 0.0005);
  assert_near (1.0 - 0.0144 / (0.0532 + 0.0490), 0.8591, 0.00005);
}

static void
test_alpha_u_errors (void)
{
  static const NewsmarkUnit overlapping[] = { { 0, 10, 5 }, { 0, 12, 5 }, { 1, 10, 5 } };
  static const NewsmarkUnit outside[] = { { 0, 95, 10 }, { 1, 10, 5 } };
  static const NewsmarkUnit none[] = { { 0, 0, 0 } };
  NewsmarkCoefficient a;
  GError *error = NULL;

  g_assert_false (newsmark_unitized_alpha (overlapping, 3, 2, 0, 100, &a, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (newsmark_unitized_alpha (outside, 2, 2, 0, 100, &a, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_clear_error (&error);

  /* Nobody marked anything: undefined, not an error. */
  g_assert_false (newsmark_unitized_alpha (none, 0, 2, 0, 100, &a, &error));
  g_assert_no_error (error);
  g_assert_true (isnan (a.value));
}

static void
test_alpha_u_many_coders (void)
{
  /* Three coders who agree perfectly: no observed disagreement. */
  static const NewsmarkUnit same[] = {
    { 0, 5, 10 }, { 1, 5, 10 }, { 2, 5, 10 },
    { 0, 40, 3 }, { 1, 40, 3 }, { 2, 40, 3 },
  };
  NewsmarkCoefficient a;

  g_assert_true (newsmark_unitized_alpha (same, G_N_ELEMENTS (same), 3, 0, 100, &a, NULL));
  assert_near (a.observed, 0.0, 1e-12);
  g_assert_cmpfloat (a.expected, >, 0.0);
  assert_near (a.value, 1.0, 1e-12);
}

/* ---- Precision, recall, F1 ---------------------------------------------- */

static void
test_prf (void)
{
  NewsmarkPrf p = { .tp = 4, .fp = 3, .fn = 2 };
  NewsmarkPrf none = { 0 };
  NewsmarkPrf miss = { .tp = 0, .fp = 1, .fn = 1 };

  /* P = 4/7, R = 4/6, F1 = 2·4 / (2·4 + 3 + 2) = 8/13. */
  newsmark_prf_compute (&p);
  assert_near (p.precision, 4.0 / 7.0, 1e-12);
  assert_near (p.recall, 4.0 / 6.0, 1e-12);
  assert_near (p.f1, 8.0 / 13.0, 1e-12);

  newsmark_prf_compute (&none);
  g_assert_true (isnan (none.precision) && isnan (none.recall) && isnan (none.f1));

  newsmark_prf_compute (&miss);
  assert_near (miss.f1, 0.0, 1e-12);

  /* Only B used the label: P = 0, R undefined, F1 = 0. */
  {
    NewsmarkPrf only_b = { .tp = 0, .fp = 2, .fn = 0 };

    newsmark_prf_compute (&only_b);
    assert_near (only_b.precision, 0.0, 1e-12);
    g_assert_true (isnan (only_b.recall));
    assert_near (only_b.f1, 0.0, 1e-12);
  }
}

/* ---- Tokenizer ------------------------------------------------------------ */

static char *
tokens_to_string (const char *text)
{
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, NULL);
  g_autoptr(GArray) tokens = newsmark_tokenize (doc);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);
      const char *b = g_utf8_offset_to_pointer (text, t->start);
      const char *e = g_utf8_offset_to_pointer (text, t->end);

      if (i)
        g_string_append_c (s, '|');
      g_string_append_len (s, b, e - b);
    }
  return g_string_free (s, FALSE);
}

static void
test_tokenize (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Mayor Ana Lopez said.", "Mayor|Ana|Lopez|said|." },
    /* Curly quotes, currency and digits. */
    { "\u201creckless\u201d costs \u20ac4,5m", "\u201c|reckless|\u201d|costs|\u20ac|4|,|5m" },
    /* Combining accent stays with its letter; NBSP separates. */
    { "Jose\u0301\u00a0Mari\u0301a", "Jose\u0301|Mari\u0301a" },
    /* Emoji ZWJ sequence, skin tone, flag: one token each. */
    { "chef \U0001F469\u200D\U0001F373 ok \U0001F44D\U0001F3FD \U0001F1EC\U0001F1F7\U0001F1EB\U0001F1F7",
      "chef|\U0001F469\u200D\U0001F373|ok|\U0001F44D\U0001F3FD|\U0001F1EC\U0001F1F7|\U0001F1EB\U0001F1F7" },
    /* CRLF and em dash. */
    { "one\r\ntwo\u2014three", "one|two|\u2014|three" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = tokens_to_string (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

/* ---- The fixtures --------------------------------------------------------- */

static NewsmarkAnnotationSet *
load_fixture (const char *coder,
              const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "agreement", coder, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static void
add_folder (NewsmarkAgreement *agreement,
            guint              coder,
            const char        *folder)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "agreement", folder, NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = newsmark_agreement_list_files (dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autoptr(NewsmarkAnnotationSet) set = NULL;
      g_autofree char *name = g_file_get_basename (file);

      set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (newsmark_agreement_add_set (agreement, coder, set, name, &error));
      g_assert_no_error (error);
    }
}

static void
test_two_annotators (void)
{
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
  const char * const *unmatched;
  NewsmarkPrf prf;
  NewsmarkCoefficient k;
  guint n;
  double pct;

  add_folder (agreement, 0, "alice");
  add_folder (agreement, 1, "bob");
  newsmark_agreement_compute (agreement, NULL, NULL);

  /* bob/other.newsmark.json has no counterpart from alice. */
  g_assert_cmpuint (newsmark_agreement_get_n_matched (agreement), ==, 1);
  unmatched = newsmark_agreement_get_unmatched (agreement);
  g_assert_nonnull (unmatched[0]);
  g_assert_null (unmatched[1]);
  g_assert_nonnull (strstr (unmatched[0], "other.newsmark.json"));
  g_assert_nonnull (strstr (unmatched[0], "missing: alice"));

  /* alice (reference): PERSON "Ana Lopez", DATE, ORG "Harbour Watch",
   * QUOTE, ORG "the council", CLAIM. bob: PERSON "Mayor Ana Lopez",
   * LOCATION "the bridge", DATE, ORG, QUOTE, LOCATION "the council", CLAIM.
   * Exact: tp 4 (DATE ORG QUOTE CLAIM), fp 3, fn 2 → P 4/7, R 4/6,
   * F1 8/13. Overlap adds the PERSON pair: tp 5, fp 2, fn 1 → F1 10/13. */
  g_assert_true (newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf));
  assert_near (prf.tp, 4, 1e-12);
  assert_near (prf.fp, 3, 1e-12);
  assert_near (prf.fn, 2, 1e-12);
  assert_near (prf.precision, 4.0 / 7.0, 1e-12);
  assert_near (prf.recall, 4.0 / 6.0, 1e-12);
  assert_near (prf.f1, 8.0 / 13.0, 1e-12);
  g_assert_true (newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_OVERLAP, NULL, &prf));
  assert_near (prf.f1, 10.0 / 13.0, 1e-12);
  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, "PERSON", &prf);
  assert_near (prf.f1, 0.0, 1e-12);
  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_OVERLAP, "PERSON", &prf);
  assert_near (prf.f1, 1.0, 1e-12);
  /* ORG: alice 2, bob matched 1 of them → P 1, R 1/2. */
  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, "ORG", &prf);
  assert_near (prf.precision, 1.0, 1e-12);
  assert_near (prf.recall, 0.5, 1e-12);
  /* LOCATION: only bob → precision 0, recall undefined. */
  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, "LOCATION", &prf);
  assert_near (prf.precision, 0.0, 1e-12);
  g_assert_true (isnan (prf.recall));
  assert_near (prf.f1, 0.0, 1e-12);

  /* Token level: 33 tokens; categories computed independently (a short
   * Python script applying the documented tokenizer): p_o = 28/33. */
  g_assert_cmpuint (newsmark_agreement_get_n_tokens (agreement), ==, 33);
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, NULL, &k));
  assert_near (k.observed, 28.0 / 33.0, 1e-9);
  assert_near (k.value, 0.785714, 1e-6);
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, "PERSON", &k));
  assert_near (k.value, 0.784314, 1e-6);
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, "DATE", &k));
  assert_near (k.value, 1.0, 1e-12);

  /* αU: DATE and QUOTE are marked identically; PERSON differs by the
   * 6 code points of "Mayor ": uDo = 2·6² / (2·1·153²). */
  g_assert_true (newsmark_agreement_get_alpha_u (agreement, "DATE", &k));
  assert_near (k.value, 1.0, 1e-12);
  g_assert_true (newsmark_agreement_get_alpha_u (agreement, "QUOTE", &k));
  assert_near (k.value, 1.0, 1e-12);
  g_assert_true (newsmark_agreement_get_alpha_u (agreement, "PERSON", &k));
  assert_near (k.observed, 2.0 * 36.0 / (2.0 * 153.0 * 153.0), 1e-12);
  g_assert_cmpfloat (k.value, <, 1.0);
  g_assert_true (newsmark_agreement_get_alpha_u (agreement, NULL, &k));

  /* Attributes on matched spans: verdict true vs misleading, checkworthy
   * and kind equal. */
  g_assert_false (newsmark_agreement_get_attribute (agreement, "checkworthy", &n, &pct, &k));
  g_assert_cmpuint (n, ==, 1);
  assert_near (pct, 1.0, 1e-12);
  newsmark_agreement_get_attribute (agreement, "verdict", &n, &pct, &k);
  g_assert_cmpuint (n, ==, 1);
  assert_near (pct, 0.0, 1e-12);
  newsmark_agreement_get_attribute (agreement, "kind", &n, &pct, &k);
  assert_near (pct, 1.0, 1e-12);

  /* Confusion by offsets. */
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "ORG", "LOCATION"), ==, 1);
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "ORG", "ORG"), ==, 1);
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "PERSON", "none"), ==, 1);
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "none", "PERSON"), ==, 1);
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "none", "LOCATION"), ==, 1);
  g_assert_cmpuint (newsmark_agreement_get_confusion (agreement, "DATE", "DATE"), ==, 1);

  /* boundary (PERSON), label (the council), only-b (the bridge),
   * attribute (verdict). */
  g_assert_cmpuint (newsmark_agreement_get_n_disagreements (agreement), ==, 4);
}

static void
test_report_formats (void)
{
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  json_object *root, *spans, *exact, *micro, *f1, *dis, *unmatched;

  add_folder (agreement, 0, "alice");
  add_folder (agreement, 1, "bob");
  newsmark_agreement_compute (agreement, NULL, NULL);

  text = newsmark_agreement_to_text (agreement);
  g_assert_nonnull (strstr (text, "Documents compared: 1"));
  g_assert_nonnull (strstr (text, "Unmatched documents (left out): 1"));
  g_assert_nonnull (strstr (text, "boundary: alice PERSON [6, 15) \"Ana Lopez\" vs bob PERSON [0, 15) \"Mayor Ana Lopez\""));
  g_assert_nonnull (strstr (text, "verdict = true vs misleading"));
  g_assert_nonnull (strstr (text, "Cohen's kappa"));

  json = newsmark_agreement_to_json (agreement);
  root = json_tokener_parse (json);
  g_assert_nonnull (root);
  g_assert_true (json_object_object_get_ex (root, "spans", &spans));
  g_assert_true (json_object_object_get_ex (spans, "exact", &exact));
  g_assert_true (json_object_object_get_ex (exact, "micro", &micro));
  g_assert_true (json_object_object_get_ex (micro, "f1", &f1));
  assert_near (json_object_get_double (f1), 8.0 / 13.0, 1e-6);
  g_assert_true (json_object_object_get_ex (root, "disagreements", &dis));
  g_assert_cmpuint (json_object_array_length (dis), ==, 4);
  g_assert_true (json_object_object_get_ex (root, "unmatched", &unmatched));
  g_assert_cmpuint (json_object_array_length (unmatched), ==, 1);
  json_object_put (root);
}

static void
test_three_annotators (void)
{
  const char *names[] = { "alice", "bob", "carol", NULL };
  g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
  NewsmarkPrf prf;
  NewsmarkCoefficient k;

  add_folder (agreement, 0, "alice");
  add_folder (agreement, 1, "bob");
  add_folder (agreement, 2, "carol");
  newsmark_agreement_compute (agreement, NULL, NULL);

  /* carol copies alice. Pairs: alice–bob 8/13, alice–carol 1, bob–carol
   * (bob as reference) tp 4, fp 2, fn 3 → 8/13. Average over pairs. */
  g_assert_true (newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf));
  assert_near (prf.f1, (8.0 / 13.0 + 1.0 + 8.0 / 13.0) / 3.0, 1e-12);
  assert_near (prf.tp, 4 + 6 + 4, 1e-12);

  /* Each pair is reported too. */
  {
    g_autofree char *text = newsmark_agreement_to_text (agreement);

    g_assert_nonnull (strstr (text, "alice vs carol: exact 1.000, overlap 1.000"));
    g_assert_nonnull (strstr (text, "bob vs carol: exact 0.615, overlap 0.769"));
  }

  /* Fleiss over the same 33 tokens (independent Python computation). */
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, NULL, &k));
  assert_near (k.observed, 0.898990, 1e-6);
  assert_near (k.value, 0.852679, 1e-6);
}

static void
test_identical (void)
{
  const char *names[] = { "alice", "again", NULL };
  g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
  g_autoptr(NewsmarkAnnotationSet) a = load_fixture ("alice", "bridge.newsmark.json");
  g_autoptr(NewsmarkAnnotationSet) b = load_fixture ("alice", "bridge.newsmark.json");
  NewsmarkPrf prf;
  NewsmarkCoefficient k;
  GError *error = NULL;

  g_assert_true (newsmark_agreement_add_set (agreement, 0, a, "a", &error));
  g_assert_true (newsmark_agreement_add_set (agreement, 1, b, "b", &error));
  /* The same article twice for one annotator is refused. */
  g_assert_false (newsmark_agreement_add_set (agreement, 1, a, "c", &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT);
  g_clear_error (&error);

  newsmark_agreement_compute (agreement, NULL, NULL);
  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf);
  assert_near (prf.f1, 1.0, 1e-12);
  newsmark_agreement_get_token_kappa (agreement, NULL, &k);
  assert_near (k.value, 1.0, 1e-12);
  newsmark_agreement_get_alpha_u (agreement, NULL, &k);
  assert_near (k.value, 1.0, 1e-12);
  g_assert_cmpuint (newsmark_agreement_get_n_disagreements (agreement), ==, 0);
}

/* Discontinuous spans (a quote split by "the mayor said") and one
 * annotator's nested spans of one label. */
static NewsmarkAnnotationSet *
quote_set (NewsmarkDocument *doc,
           gboolean          split,
           gboolean          nested)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  NewsmarkAnnotationSet *set = newsmark_annotation_set_new (doc, schema);
  /* “We will rebuild,” the mayor said, “and fast.” */
  const NewsmarkFragment fragments[] = { { 0, 18 }, { 35, 46 } };
  NewsmarkSpan *quote, *person;
  g_autoptr(GError) error = NULL;

  quote = newsmark_annotation_set_create_span (set, "QUOTE", 0, 46, &error);
  g_assert_no_error (error);
  if (split)
    g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, fragments, 2, &error));
  g_assert_no_error (error);
  person = newsmark_annotation_set_create_span (set, "PERSON", 19, 28, &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  if (nested)
    {
      newsmark_annotation_set_create_span (set, "PERSON", 23, 28, &error);
      g_assert_no_error (error);
    }
  return set;
}

static void
test_discontinuous (void)
{
  const char *text = "\u201cWe will rebuild,\u201d the mayor said, \u201cand fast.\u201d";
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, NULL);
  const char *names[] = { "a", "b", NULL };
  NewsmarkPrf prf;
  NewsmarkCoefficient k;

  g_assert_cmpuint (newsmark_document_get_length (doc), ==, 46);

  /* Same fragments; b also marks "mayor" inside "the mayor". */
  {
    g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
    g_autoptr(NewsmarkAnnotationSet) a = quote_set (doc, TRUE, FALSE);
    g_autoptr(NewsmarkAnnotationSet) b = quote_set (doc, TRUE, TRUE);
    g_autofree char *json = NULL;

    g_assert_true (newsmark_agreement_add_set (agreement, 0, a, "a", NULL));
    g_assert_true (newsmark_agreement_add_set (agreement, 1, b, "b", NULL));
    newsmark_agreement_compute (agreement, NULL, NULL);

    /* QUOTE and the outer PERSON match exactly; "mayor" is b's extra. */
    newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf);
    assert_near (prf.tp, 2, 1e-12);
    assert_near (prf.fp, 1, 1e-12);
    assert_near (prf.fn, 0, 1e-12);
    /* αU joins b's nested PERSONs into their union: full agreement. */
    g_assert_true (newsmark_agreement_get_alpha_u (agreement, "PERSON", &k));
    assert_near (k.value, 1.0, 1e-12);
    g_assert_true (newsmark_agreement_get_alpha_u (agreement, "QUOTE", &k));
    assert_near (k.value, 1.0, 1e-12);
    json = newsmark_agreement_to_json (agreement);
    g_assert_nonnull (strstr (json, "\"units_joined\": 1"));
    /* Token categories see the nesting exactly: identical. */
    g_assert_true (newsmark_agreement_get_token_kappa (agreement, NULL, &k));
    assert_near (k.value, 1.0, 1e-12);
  }

  /* b marks the quote's hull, "the mayor said" included. */
  {
    g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
    g_autoptr(NewsmarkAnnotationSet) a = quote_set (doc, TRUE, FALSE);
    g_autoptr(NewsmarkAnnotationSet) b = quote_set (doc, FALSE, FALSE);
    g_autofree char *text_report = NULL;

    g_assert_true (newsmark_agreement_add_set (agreement, 0, a, "a", NULL));
    g_assert_true (newsmark_agreement_add_set (agreement, 1, b, "b", NULL));
    newsmark_agreement_compute (agreement, NULL, NULL);

    newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, "QUOTE", &prf);
    assert_near (prf.f1, 0.0, 1e-12);
    newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_OVERLAP, "QUOTE", &prf);
    assert_near (prf.f1, 1.0, 1e-12);
    g_assert_cmpuint (newsmark_agreement_get_n_disagreements (agreement), ==, 1);
    text_report = newsmark_agreement_to_text (agreement);
    g_assert_nonnull (strstr (text_report, "boundary: a QUOTE [0, 46) \"\u201cWe will rebuild,\u201d\" \u2026 \"\u201cand fast.\u201d\" vs b QUOTE [0, 46)"));
    /* The gap's tokens (the mayor said ,) are QUOTE for b only. */
    g_assert_true (newsmark_agreement_get_alpha_u (agreement, "QUOTE", &k));
    g_assert_cmpfloat (k.value, <, 1.0);
    g_assert_true (newsmark_agreement_get_token_kappa (agreement, "QUOTE", &k));
    g_assert_cmpfloat (k.value, <, 1.0);
  }
}

static NewsmarkAnnotationSet *
small_set (NewsmarkDocument *doc,
           const char       *label,
           guint             start,
           guint             end)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  NewsmarkAnnotationSet *set = newsmark_annotation_set_new (doc, schema);
  g_autoptr(GError) error = NULL;

  newsmark_annotation_set_create_span (set, label, start, end, &error);
  g_assert_no_error (error);
  return set;
}

static void
test_label_kappa_all_tokens (void)
{
  const char *names[] = { "a", "b", NULL };
  g_autoptr(NewsmarkAgreement) agreement = newsmark_agreement_new (names);
  g_autoptr(NewsmarkDocument) doc1 = newsmark_document_new_from_text ("one two three", -1, NULL);
  g_autoptr(NewsmarkDocument) doc2 = newsmark_document_new_from_text ("four five", -1, NULL);
  g_autoptr(NewsmarkAnnotationSet) a1 = small_set (doc1, "PERSON", 0, 3);
  g_autoptr(NewsmarkAnnotationSet) b1 = small_set (doc1, "PERSON", 0, 3);
  g_autoptr(NewsmarkAnnotationSet) a2 = small_set (doc2, "DATE", 0, 4);
  g_autoptr(NewsmarkAnnotationSet) b2 = small_set (doc2, "DATE", 0, 9);
  NewsmarkCoefficient k;

  g_assert_true (newsmark_agreement_add_set (agreement, 0, a1, "1", NULL));
  g_assert_true (newsmark_agreement_add_set (agreement, 1, b1, "1", NULL));
  g_assert_true (newsmark_agreement_add_set (agreement, 0, a2, "2", NULL));
  g_assert_true (newsmark_agreement_add_set (agreement, 1, b2, "2", NULL));
  newsmark_agreement_compute (agreement, NULL, NULL);

  /* DATE is first seen in the second article, but all five tokens are its
   * subjects: a 00010, b 00011 → p_o = .8, p_e = .2·.4 + .8·.6 = .56,
   * κ = .24 / .44. (Counting only the second article would give 0.) */
  g_assert_cmpuint (newsmark_agreement_get_n_tokens (agreement), ==, 5);
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, "DATE", &k));
  assert_near (k.observed, 0.8, 1e-12);
  assert_near (k.expected, 0.56, 1e-12);
  assert_near (k.value, 0.24 / 0.44, 1e-12);
  /* PERSON, absent from the second article: a 10000, b 10000. */
  g_assert_true (newsmark_agreement_get_token_kappa (agreement, "PERSON", &k));
  assert_near (k.value, 1.0, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/cohen/cohen-1960", test_cohen_1960);
  g_test_add_func ("/agreement/cohen/artstein-poesio-2008", test_cohen_artstein_poesio);
  g_test_add_func ("/agreement/cohen/undefined", test_cohen_undefined);
  g_test_add_func ("/agreement/fleiss/fleiss-1971", test_fleiss_1971);
  g_test_add_func ("/agreement/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/agreement/fleiss/errors", test_fleiss_errors);
  g_test_add_func ("/agreement/alpha-u/distances-krippendorff-2004", test_alpha_u_distances);
  g_test_add_func ("/agreement/alpha-u/krippendorff-2004", test_alpha_u_krippendorff_2004);
  g_test_add_func ("/agreement/alpha-u/errors", test_alpha_u_errors);
  g_test_add_func ("/agreement/alpha-u/many-coders", test_alpha_u_many_coders);
  g_test_add_func ("/agreement/prf", test_prf);
  g_test_add_func ("/agreement/tokenize", test_tokenize);
  g_test_add_func ("/agreement/files/two-annotators", test_two_annotators);
  g_test_add_func ("/agreement/files/report", test_report_formats);
  g_test_add_func ("/agreement/files/three-annotators", test_three_annotators);
  g_test_add_func ("/agreement/files/identical", test_identical);
  g_test_add_func ("/agreement/discontinuous", test_discontinuous);
  g_test_add_func ("/agreement/label-kappa-all-tokens", test_label_kappa_all_tokens);

  return g_test_run ();
}
