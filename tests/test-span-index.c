/* test-span-index.c — the sorted span model and its interval queries
 *
 * Queries are compared with a brute-force scan over random spans, the
 * model's items-changed signals are replayed onto a mirror array to prove
 * they are exact, and single edits are timed with 100,000 spans present.
 */

#include <string.h>
#include <time.h>

#include "test-model-common.h"
#include "app/core/newsmark-annotation-set-private.h"

/* CPU time of this thread: timing bounds must not depend on how busy the
 * machine is (parallel test runs, sanitizer builds). */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static const char *labels[] = { "PERSON", "ORG", "LOCATION", "DATE", "EVENT", "QUOTE", "CLAIM" };

/* Not MIN (): its arguments would be evaluated twice. */
static guint
clamp_end (guint limit,
           guint value)
{
  return value < limit ? value : limit;
}

static char *
make_text (guint length)
{
  GString *str = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    g_string_append_c (str, "abcdefgh ij\n"[i % 12]);
  return g_string_free (str, FALSE);
}

static NewsmarkSpan *
random_span (GRand *rand,
             guint  n,
             guint  length,
             gboolean allow_fragments)
{
  g_autofree char *id = g_strdup_printf ("s%u", n);
  guint start = g_rand_int_range (rand, 0, length - 1);
  guint max_len = g_rand_int_range (rand, 0, 100) < 3 ? length : 40;
  guint end = clamp_end (length, start + 1 + (guint) g_rand_int_range (rand, 0, max_len));
  NewsmarkSpan *span = newsmark_span_new (id, labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))],
                                          start, end);

  if (allow_fragments && end - start >= 6 && g_rand_int_range (rand, 0, 10) == 0)
    {
      guint gap_start = start + 2 + g_rand_int_range (rand, 0, (end - start - 4) / 2 + 1);
      guint gap_end = clamp_end (end - 1, gap_start + 1 + (guint) g_rand_int_range (rand, 0, 3));
      NewsmarkFragment f[2] = { { start, gap_start }, { gap_end, end } };

      if (gap_start < gap_end)
        newsmark_span_set_fragments (span, f, 2);
    }
  return span;
}

static gboolean
brute_covers (NewsmarkSpan *span,
              guint         offset)
{
  guint n = newsmark_span_get_n_fragments (span);
  const NewsmarkFragment *f = newsmark_span_get_fragments (span);

  if (n == 0)
    return newsmark_span_get_start (span) <= offset && offset < newsmark_span_get_end (span);
  for (guint i = 0; i < n; i++)
    if (f[i].start <= offset && offset < f[i].end)
      return TRUE;
  return FALSE;
}

static gboolean
brute_overlaps (NewsmarkSpan *span,
                guint         start,
                guint         end)
{
  guint n = newsmark_span_get_n_fragments (span);
  const NewsmarkFragment *f = newsmark_span_get_fragments (span);

  if (start >= end)
    return FALSE;
  if (n == 0)
    return newsmark_span_get_start (span) < end && newsmark_span_get_end (span) > start;
  for (guint i = 0; i < n; i++)
    if (f[i].start < end && f[i].end > start)
      return TRUE;
  return FALSE;
}

static void
assert_sorted (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  g_autoptr(NewsmarkSpan) prev = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, i);

      if (prev != NULL)
        g_assert_cmpint (newsmark_span_compare (prev, span), <, 0);
      g_set_object (&prev, span);
    }
}

static void
assert_queries (NewsmarkAnnotationSet *set,
                GRand                 *rand,
                guint                  length,
                guint                  n_queries)
{
  GListModel *model = newsmark_annotation_set_get_spans (set);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (all, g_list_model_get_item (model, i));

  for (guint q = 0; q < n_queries; q++)
    {
      guint offset = g_rand_int_range (rand, 0, length + 2);
      guint a = g_rand_int_range (rand, 0, length + 1);
      guint b = a + g_rand_int_range (rand, 0, 60);
      g_autoptr(GPtrArray) at = newsmark_annotation_set_spans_at (set, offset);
      g_autoptr(GPtrArray) in = newsmark_annotation_set_spans_in (set, a, b);
      guint k = 0;

      for (guint i = 0; i < all->len; i++)
        if (brute_covers (all->pdata[i], offset))
          {
            g_assert_cmpuint (k, <, at->len);
            g_assert_true (at->pdata[k] == all->pdata[i]);
            k++;
          }
      g_assert_cmpuint (k, ==, at->len);

      k = 0;
      for (guint i = 0; i < all->len; i++)
        if (brute_overlaps (all->pdata[i], a, b))
          {
            g_assert_cmpuint (k, <, in->len);
            g_assert_true (in->pdata[k] == all->pdata[i]);
            k++;
          }
      g_assert_cmpuint (k, ==, in->len);
    }
}

static void
test_random_load_and_queries (void)
{
  const guint length = 5000;
  g_autofree char *text = make_text (length);
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (text);
  GRand *rand = g_rand_new_with_seed (20261126);
  GListModel *model = newsmark_annotation_set_get_spans (set);

  /* Loaded in random (unsorted) order: finish_load sorts once. */
  for (guint i = 1; i <= 10000; i++)
    {
      g_autoptr(NewsmarkSpan) span = random_span (rand, i, length, TRUE);
      _newsmark_annotation_set_load_span (set, span);
    }
  _newsmark_annotation_set_finish_load (set);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10000);
  g_assert_true (g_list_model_get_item_type (model) == NEWSMARK_TYPE_SPAN);
  assert_sorted (model);
  assert_queries (set, rand, length, 1500);

  /* Every span found by id and position. */
  for (guint i = 0; i < 10000; i += 97)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, i);

      g_assert_true (newsmark_annotation_set_find_span (set, newsmark_span_get_id (span)) == span);
      g_assert_cmpuint (newsmark_annotation_set_get_span_position (set, span), ==, i);
    }
  {
    g_autoptr(NewsmarkSpan) stranger = newsmark_span_new ("s1", "PERSON", 0, 1);
    g_assert_cmpuint (newsmark_annotation_set_get_span_position (set, stranger), ==, G_MAXUINT);
  }

  g_rand_free (rand);
}

/* ---- items-changed replayed on a mirror ---------------------------------- */

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, (int) (position + i), g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

static void
assert_mirror (GListModel *model,
               GPtrArray  *mirror)
{
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_assert_true (item == mirror->pdata[i]);
    }
}

static void
test_random_edits (void)
{
  const guint length = 2000;
  g_autofree char *text = make_text (length);
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (text);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = newsmark_annotation_set_get_spans (set);
  GRand *rand = g_rand_new_with_seed (7);
  const guint n_steps = 3000;
  gulong handler;

  handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), mirror);

  for (guint step = 0; step < n_steps; step++)
    {
      guint n = g_list_model_get_n_items (model);
      guint choice = g_rand_int_range (rand, 0, 10);
      g_autoptr(GError) error = NULL;

      if (n < 50 || choice < 4)
        {
          guint start = g_rand_int_range (rand, 0, length - 1);
          guint end = clamp_end (length, start + 1 + (guint) g_rand_int_range (rand, 0, 30));
          NewsmarkSpan *span = newsmark_annotation_set_create_span (set, labels[step % G_N_ELEMENTS (labels)],
                                                                    start, end, &error);
          g_assert_no_error (error);
          g_assert_nonnull (span);
        }
      else
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, g_rand_int_range (rand, 0, n));

          if (choice < 6)
            newsmark_annotation_set_remove_span (set, span);
          else if (choice < 8)
            {
              guint start = g_rand_int_range (rand, 0, length - 1);
              guint end = clamp_end (length, start + 1 + (guint) g_rand_int_range (rand, 0, 30));
              gboolean ok = newsmark_annotation_set_set_span_range (set, span, start, end, &error);

              g_assert_no_error (error);
              g_assert_true (ok);
              {
                g_autofree char *expected =
                  newsmark_document_dup_slice (newsmark_annotation_set_get_document (set), start, end);
                g_assert_cmpstr (newsmark_span_get_text (span), ==, expected);
              }
            }
          else if (choice < 9)
            {
              g_assert_true (newsmark_annotation_set_set_span_label (set, span, labels[g_rand_int_range (rand, 0, 5)], &error));
              g_assert_no_error (error);
            }
          else
            g_assert_true (newsmark_annotation_set_undo (set));
        }

      if (step % 100 == 0)
        {
          assert_sorted (model);
          assert_mirror (model, mirror);
          assert_queries (set, rand, length, 50);
        }
    }

  assert_sorted (model);
  assert_mirror (model, mirror);
  assert_queries (set, rand, length, 300);

  /* Undo everything, then redo everything: back to the same objects. */
  {
    g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
    guint n = g_list_model_get_n_items (model);
    guint n_undone = 0;

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (before, g_list_model_get_item (model, i));

    while (newsmark_annotation_set_undo (set))
      n_undone++;
    g_assert_cmpuint (n_undone, >, 0);
    assert_mirror (model, mirror);
    /* Exactly as many redos: a step undone inside the loop stays undone. */
    for (guint i = 0; i < n_undone; i++)
      g_assert_true (newsmark_annotation_set_redo (set));
    assert_mirror (model, mirror);
    g_assert_cmpuint (before->len, ==, mirror->len);
    for (guint i = 0; i < n; i++)
      g_assert_true (before->pdata[i] == mirror->pdata[i]);
  }

  g_signal_handler_disconnect (model, handler);
  g_rand_free (rand);
}

/* A position-keeping change emits (pos, 1, 1); a move emits a removal and
 * an insertion. */
typedef struct {
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change c = { position, removed, added };
  g_array_append_val (changes, c);
}

static void
test_precise_signals (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Alice met Bob in Paris on Monday.");
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  GListModel *model = newsmark_annotation_set_get_spans (set);
  NewsmarkSpan *alice, *bob, *paris;
  g_autoptr(GError) error = NULL;

  alice = newsmark_annotation_set_create_span (set, "PERSON", 0, 5, &error);
  bob = newsmark_annotation_set_create_span (set, "PERSON", 10, 13, &error);
  paris = newsmark_annotation_set_create_span (set, "LOCATION", 17, 22, &error);
  g_assert_no_error (error);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);

  /* Resize Bob without changing his place. */
  g_assert_true (newsmark_annotation_set_set_span_range (set, bob, 9, 13, &error));
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 1);
  g_array_set_size (changes, 0);

  /* Move Alice after Paris. */
  g_assert_true (newsmark_annotation_set_set_span_range (set, alice, 26, 32, &error));
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 1).position, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 1).removed, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 1).added, ==, 1);
  g_array_set_size (changes, 0);

  /* A note does not touch the model (notify on the span instead). */
  newsmark_annotation_set_set_span_note (set, paris, "capital");
  g_assert_cmpuint (changes->len, ==, 0);

  /* Remove one: exactly one removal. */
  newsmark_annotation_set_remove_span (set, paris);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);

  g_signal_handlers_disconnect_by_func (model, record_change, changes);
}

/* Nested spans and fragment gaps at a single offset. */
static void
test_nesting_and_gaps (void)
{
  /* 0         1         2         3         4
   * 0123456789012345678901234567890123456789012345 */
  const char *text = "\"We will win,\" Ms Ortiz said, \"and soon.\" Done";
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (text);
  g_autoptr(GError) error = NULL;
  NewsmarkSpan *quote, *person, *claim;
  NewsmarkFragment f[2] = { { 0, 14 }, { 30, 41 } };
  g_autoptr(GPtrArray) at = NULL;
  g_autoptr(GPtrArray) in = NULL;

  quote = newsmark_annotation_set_create_span (set, "QUOTE", 0, 41, &error);
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_set_span_fragments (set, quote, f, 2, &error));
  g_assert_no_error (error);
  person = newsmark_annotation_set_create_span (set, "PERSON", 15, 23, &error);
  claim = newsmark_annotation_set_create_span (set, "CLAIM", 1, 12, &error);
  g_assert_no_error (error);

  at = newsmark_annotation_set_spans_at (set, 5);
  g_assert_cmpuint (at->len, ==, 2);
  g_assert_true (at->pdata[0] == quote);   /* outer first */
  g_assert_true (at->pdata[1] == claim);
  g_clear_pointer (&at, g_ptr_array_unref);

  /* Inside the gap: the quote does not cover "Ms Ortiz". */
  at = newsmark_annotation_set_spans_at (set, 16);
  g_assert_cmpuint (at->len, ==, 1);
  g_assert_true (at->pdata[0] == person);
  g_clear_pointer (&at, g_ptr_array_unref);

  in = newsmark_annotation_set_spans_in (set, 14, 30);
  g_assert_cmpuint (in->len, ==, 1);
  g_assert_true (in->pdata[0] == person);
  g_clear_pointer (&in, g_ptr_array_unref);

  in = newsmark_annotation_set_spans_in (set, 10, 20);
  g_assert_cmpuint (in->len, ==, 3);
  g_clear_pointer (&in, g_ptr_array_unref);

  in = newsmark_annotation_set_spans_in (set, 20, 20);
  g_assert_cmpuint (in->len, ==, 0);

  at = newsmark_annotation_set_spans_at (set, 1000);
  g_assert_cmpuint (at->len, ==, 0);
}

/* ---- 100,000 spans ------------------------------------------------------ */

static int
compare_span_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return newsmark_span_compare (*(NewsmarkSpan **) a, *(NewsmarkSpan **) b);
}

static void
test_large_set_timing (void)
{
  const guint length = 2000000;
  g_autofree char *text = make_text (length);
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new (text);
  GListModel *model = newsmark_annotation_set_get_spans (set);
  GRand *rand = g_rand_new_with_seed (99);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 t0, t_load, t_edit, t_query;
  guint hits = 0;
  const guint n_ops = 300;

  for (guint i = 1; i <= 100000; i++)
    g_ptr_array_add (spans, random_span (rand, i, length, FALSE));
  /* In position order, as a file is written. */
  g_ptr_array_sort (spans, compare_span_ptrs);

  t0 = thread_cpu_usec ();
  for (guint i = 0; i < spans->len; i++)
    _newsmark_annotation_set_load_span (set, spans->pdata[i]);
  _newsmark_annotation_set_finish_load (set);
  t_load = thread_cpu_usec () - t0;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);

  /* Edits, each followed by a query (what a view does on redraw). */
  t0 = thread_cpu_usec ();
  for (guint i = 0; i < n_ops; i++)
    {
      g_autoptr(GError) error = NULL;
      guint start = g_rand_int_range (rand, 0, length - 10);
      NewsmarkSpan *span = newsmark_annotation_set_create_span (set, "PERSON", start, start + 5, &error);
      g_autoptr(GPtrArray) at = NULL;

      g_assert_no_error (error);
      g_assert_true (newsmark_annotation_set_set_span_range (set, span, start / 2, start / 2 + 3, &error));
      at = newsmark_annotation_set_spans_at (set, start / 2 + 1);
      hits += at->len;
      newsmark_annotation_set_remove_span (set, span);
    }
  t_edit = thread_cpu_usec () - t0;

  t0 = thread_cpu_usec ();
  for (guint i = 0; i < 10000; i++)
    {
      guint a = g_rand_int_range (rand, 0, length);
      g_autoptr(GPtrArray) in = newsmark_annotation_set_spans_in (set, a, a + 2000);
      hits += in->len;
    }
  t_query = thread_cpu_usec () - t0;

  g_test_message ("100000 spans (CPU time): load %" G_GINT64_FORMAT " ms; create+move+query+remove %.1f µs per round; "
                  "spans_in over 2000 characters %.1f µs per query (%u hits)",
                  t_load / 1000, (double) t_edit / n_ops, (double) t_query / 10000, hits);

  /* Three edits plus a query per round: about 50 µs of CPU in an optimised
   * build, 500 µs with sanitizers; the bound leaves room for an unoptimised
   * sanitizer build. The measured figures are printed above. */
  g_assert_cmpfloat ((double) t_edit / n_ops, <, 3 * 1000.0);
  g_assert_cmpfloat ((double) t_query / 10000, <, 1000.0);
  g_assert_true (hits > 0);

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/span-index/random-load-queries", test_random_load_and_queries);
  g_test_add_func ("/span-index/random-edits", test_random_edits);
  g_test_add_func ("/span-index/precise-signals", test_precise_signals);
  g_test_add_func ("/span-index/nesting-and-gaps", test_nesting_and_gaps);
  g_test_add_func ("/span-index/large-timing", test_large_set_timing);

  return g_test_run ();
}
