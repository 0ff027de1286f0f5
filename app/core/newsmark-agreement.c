/* newsmark-agreement.c — inter-annotator agreement
 *
 * The statistics are written straight from their published definitions
 * (see newsmark-agreement.h for the sources); tests/test-agreement.c checks
 * each against its source's worked example.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <json-c/json.h>

#include "newsmark/newsmark-agreement.h"
#include "newsmark/newsmark-io.h"
#include "newsmark/newsmark-formats.h"

/* ======================================================================== */
/* Published statistics                                                     */
/* ======================================================================== */

static void
coefficient_undefined (NewsmarkCoefficient *result,
                       double               observed,
                       double               expected)
{
  result->observed = observed;
  result->expected = expected;
  result->value = NAN;
}

gboolean
newsmark_cohen_kappa (const double        *table,
                      guint                n_categories,
                      NewsmarkCoefficient *result)
{
  g_autofree double *rows = NULL;
  g_autofree double *cols = NULL;
  double total = 0, diagonal = 0, po, pe = 0;

  g_return_val_if_fail (table != NULL || n_categories == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  rows = g_new0 (double, n_categories + 1);
  cols = g_new0 (double, n_categories + 1);
  for (guint i = 0; i < n_categories; i++)
    for (guint j = 0; j < n_categories; j++)
      {
        double n = table[i * n_categories + j];

        rows[i] += n;
        cols[j] += n;
        total += n;
        if (i == j)
          diagonal += n;
      }

  if (total <= 0)
    {
      coefficient_undefined (result, NAN, NAN);
      return FALSE;
    }

  po = diagonal / total;
  for (guint k = 0; k < n_categories; k++)
    pe += (rows[k] / total) * (cols[k] / total);

  /* Both coders used one and the same category throughout: chance explains
   * everything and kappa is 0/0. */
  if (pe >= 1.0)
    {
      coefficient_undefined (result, po, pe);
      return FALSE;
    }

  result->observed = po;
  result->expected = pe;
  result->value = (po - pe) / (1.0 - pe);
  return TRUE;
}

/* Fleiss' kappa accumulated subject by subject, so that token-level
 * agreement over large corpora never needs the subjects × categories
 * matrix in memory. */
typedef struct {
  guint   n_raters;
  double  n_subjects;
  double  sum_p;       /* Σ P_i */
  GArray *totals;      /* double per category: Σ_i n_ij */
} FleissAcc;

static void
fleiss_acc_init (FleissAcc *acc,
                 guint      n_raters)
{
  memset (acc, 0, sizeof *acc);
  acc->n_raters = n_raters;
  acc->totals = g_array_new (FALSE, TRUE, sizeof (double));
}

static void
fleiss_acc_clear (FleissAcc *acc)
{
  g_clear_pointer (&acc->totals, g_array_unref);
}

/* @counts: how many raters chose each category for this subject. */
static void
fleiss_acc_add (FleissAcc   *acc,
                const guint *counts,
                guint        n_categories)
{
  double n = acc->n_raters;
  double sum_sq = 0;

  if (acc->totals->len < n_categories)
    g_array_set_size (acc->totals, n_categories);
  for (guint j = 0; j < n_categories; j++)
    {
      sum_sq += (double) counts[j] * counts[j];
      g_array_index (acc->totals, double, j) += counts[j];
    }
  acc->sum_p += (sum_sq - n) / (n * (n - 1));
  acc->n_subjects++;
}

/* Same, when the subject's ratings are given as one category per rater;
 * @weight identical subjects at once. */
static void
fleiss_acc_add_ratings (FleissAcc   *acc,
                        const guint *ratings,
                        double       weight)
{
  double n = acc->n_raters;
  double sum_sq = 0;

  for (guint r = 0; r < acc->n_raters; r++)
    {
      guint same = 0;
      gboolean first = TRUE;

      /* Count each category once, at its first rater. */
      for (guint q = 0; q < r; q++)
        if (ratings[q] == ratings[r])
          first = FALSE;
      if (!first)
        continue;
      for (guint q = r; q < acc->n_raters; q++)
        if (ratings[q] == ratings[r])
          same++;
      sum_sq += (double) same * same;
      if (acc->totals->len <= ratings[r])
        g_array_set_size (acc->totals, ratings[r] + 1);
      g_array_index (acc->totals, double, ratings[r]) += weight * same;
    }
  acc->sum_p += weight * (sum_sq - n) / (n * (n - 1));
  acc->n_subjects += weight;
}

static gboolean
fleiss_acc_finish (FleissAcc           *acc,
                   NewsmarkCoefficient *result)
{
  double p_bar, pe = 0, all;

  if (acc->n_subjects == 0 || acc->n_raters < 2)
    {
      coefficient_undefined (result, NAN, NAN);
      return FALSE;
    }

  p_bar = acc->sum_p / (double) acc->n_subjects;
  all = (double) acc->n_subjects * acc->n_raters;
  for (guint j = 0; j < acc->totals->len; j++)
    {
      double p_j = g_array_index (acc->totals, double, j) / all;

      pe += p_j * p_j;
    }

  if (pe >= 1.0)
    {
      coefficient_undefined (result, p_bar, pe);
      return FALSE;
    }

  result->observed = p_bar;
  result->expected = pe;
  result->value = (p_bar - pe) / (1.0 - pe);
  return TRUE;
}

gboolean
newsmark_fleiss_kappa (const guint         *counts,
                       guint                n_subjects,
                       guint                n_categories,
                       NewsmarkCoefficient *result,
                       GError             **error)
{
  FleissAcc acc;
  guint n_raters = 0;
  gboolean ok;

  g_return_val_if_fail (counts != NULL || n_subjects == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_subjects; i++)
    {
      guint row = 0;

      for (guint j = 0; j < n_categories; j++)
        row += counts[i * n_categories + j];
      if (i == 0)
        n_raters = row;
      else if (row != n_raters)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "Fleiss' kappa needs the same number of ratings for every subject: "
                       "subject 1 has %u, subject %u has %u", n_raters, i + 1, row);
          coefficient_undefined (result, NAN, NAN);
          return FALSE;
        }
    }

  if (n_subjects > 0 && n_raters < 2)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "Fleiss' kappa needs at least 2 ratings per subject, got %u", n_raters);
      coefficient_undefined (result, NAN, NAN);
      return FALSE;
    }

  fleiss_acc_init (&acc, n_raters);
  for (guint i = 0; i < n_subjects; i++)
    fleiss_acc_add (&acc, counts + (gsize) i * n_categories, n_categories);
  ok = fleiss_acc_finish (&acc, result);
  fleiss_acc_clear (&acc);
  return ok;
}

gboolean
newsmark_fleiss_kappa_categories (const guint         *counts,
                                  guint                n_subjects,
                                  guint                n_categories,
                                  NewsmarkCoefficient *results,
                                  GError             **error)
{
  NewsmarkCoefficient overall;
  g_autoptr(GError) local_error = NULL;
  guint n_raters = 0;
  gboolean all = TRUE;

  g_return_val_if_fail (counts != NULL || n_subjects == 0, FALSE);
  g_return_val_if_fail (results != NULL || n_categories == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The same checks (and errors) as the overall coefficient. */
  newsmark_fleiss_kappa (counts, n_subjects, n_categories, &overall, &local_error);
  if (local_error != NULL)
    {
      for (guint j = 0; j < n_categories; j++)
        coefficient_undefined (&results[j], NAN, NAN);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint j = 0; n_subjects > 0 && j < n_categories; j++)
    n_raters += counts[j];

  /* Fleiss (1971), eq. 12: κj = 1 - Σi nij (n - nij) / (N n (n - 1) pj qj),
   * the agreement on category j against all the others. */
  for (guint j = 0; j < n_categories; j++)
    {
      double n = n_raters, total = 0, disagreement = 0, p_j;

      for (guint i = 0; i < n_subjects; i++)
        {
          double n_ij = counts[(gsize) i * n_categories + j];

          total += n_ij;
          disagreement += n_ij * (n - n_ij);
        }
      if (n_subjects == 0 || n_raters < 2)
        {
          coefficient_undefined (&results[j], NAN, NAN);
          all = FALSE;
          continue;
        }
      p_j = total / ((double) n_subjects * n);
      if (p_j <= 0 || p_j >= 1)
        {
          /* Nobody, or everybody, chose it everywhere: 0/0. */
          coefficient_undefined (&results[j], NAN, NAN);
          all = FALSE;
          continue;
        }
      results[j].observed = 1.0 - disagreement / ((double) n_subjects * n * (n - 1));
      results[j].expected = p_j * p_j + (1 - p_j) * (1 - p_j);
      results[j].value = 1.0 - disagreement / ((double) n_subjects * n * (n - 1) * p_j * (1 - p_j));
    }

  return all;
}


/* ---- Krippendorff's αU --------------------------------------------------- */

double
newsmark_unitized_distance (guint64  a_start,
                            guint64  a_length,
                            gboolean a_is_unit,
                            guint64  b_start,
                            guint64  b_length,
                            gboolean b_is_unit)
{
  double sa = (double) a_start, la = (double) a_length;
  double sb = (double) b_start, lb = (double) b_length;

  /* Krippendorff (2004, §12.4): two overlapping units differ by the squares
   * of their boundary shifts; a unit lying wholly inside the other coder's
   * gap counts its squared length; anything else is no disagreement. */
  if (a_is_unit && b_is_unit)
    {
      if (sa + la > sb && sb + lb > sa)
        {
          double d_begin = sa - sb;
          double d_end = (sa + la) - (sb + lb);

          return d_begin * d_begin + d_end * d_end;
        }
      return 0.0;
    }
  if (a_is_unit && !b_is_unit)
    return (sb <= sa && sa + la <= sb + lb) ? la * la : 0.0;
  if (!a_is_unit && b_is_unit)
    return (sa <= sb && sb + lb <= sa + la) ? lb * lb : 0.0;
  return 0.0;
}

typedef struct {
  guint64  start;
  guint64  length;
  gboolean is_unit;
} Segment;

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const NewsmarkUnit *ua = a, *ub = b;

  if (ua->coder != ub->coder)
    return ua->coder < ub->coder ? -1 : 1;
  if (ua->start != ub->start)
    return ua->start < ub->start ? -1 : 1;
  if (ua->length != ub->length)
    return ua->length < ub->length ? -1 : 1;
  return 0;
}

static int
compare_guint64 (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

gboolean
newsmark_unitized_alpha (const NewsmarkUnit  *units,
                         gsize                n_units,
                         guint                n_coders,
                         guint64              begin,
                         guint64              length,
                         NewsmarkCoefficient *result,
                         GError             **error)
{
  g_autofree NewsmarkUnit *sorted = NULL;
  g_autoptr(GPtrArray) segmentations = NULL;   /* GArray of Segment per coder */
  g_autoptr(GArray) gaps = NULL;
  g_autofree double *gap_suffix = NULL;
  double m = n_coders, L = (double) length;
  double observed_sum = 0, expected_sum = 0, squared_lengths = 0;
  double d_o, d_e, denominator;
  guint64 end = begin + length;

  g_return_val_if_fail (units != NULL || n_units == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_coders < 2 || length == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "αU needs at least 2 coders and a non-empty continuum (got %u coders, length %"
                   G_GUINT64_FORMAT ")", n_coders, length);
      coefficient_undefined (result, NAN, NAN);
      return FALSE;
    }

  sorted = g_new (NewsmarkUnit, n_units + 1);
  if (n_units > 0)
    {
      memcpy (sorted, units, n_units * sizeof *units);
      qsort (sorted, n_units, sizeof *sorted, compare_units);
    }

  for (gsize k = 0; k < n_units; k++)
    {
      const NewsmarkUnit *u = &sorted[k];

      if (u->coder >= n_coders || u->length == 0 ||
          u->start < begin || u->start + u->length > end)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "unit [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ") of coder %u is empty "
                       "or outside the continuum [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")",
                       u->start, u->start + u->length, u->coder, begin, end);
          coefficient_undefined (result, NAN, NAN);
          return FALSE;
        }
      if (k > 0 && sorted[k - 1].coder == u->coder &&
          sorted[k - 1].start + sorted[k - 1].length > u->start)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "units of coder %u overlap: [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                       ") and [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")",
                       u->coder, sorted[k - 1].start, sorted[k - 1].start + sorted[k - 1].length,
                       u->start, u->start + u->length);
          coefficient_undefined (result, NAN, NAN);
          return FALSE;
        }
    }

  /* Each coder's segmentation of the continuum: units and the gaps between. */
  segmentations = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gaps = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint c = 0, k = 0; c < n_coders; c++)
    {
      GArray *segs = g_array_new (FALSE, FALSE, sizeof (Segment));
      guint64 pos = begin;

      for (; k < n_units && sorted[k].coder == c; k++)
        {
          Segment unit = { sorted[k].start, sorted[k].length, TRUE };

          if (sorted[k].start > pos)
            {
              Segment gap = { pos, sorted[k].start - pos, FALSE };

              g_array_append_val (segs, gap);
              g_array_append_val (gaps, gap.length);
            }
          g_array_append_val (segs, unit);
          pos = sorted[k].start + sorted[k].length;
          squared_lengths += (double) unit.length * ((double) unit.length - 1.0);
        }
      if (pos < end)
        {
          Segment gap = { pos, end - pos, FALSE };

          g_array_append_val (segs, gap);
          g_array_append_val (gaps, gap.length);
        }
      g_ptr_array_add (segmentations, segs);
    }

  /* Observed: every pair of coders, every pair of segments that share a
   * stretch of the continuum (δ² is 0 for any other pair). */
  for (guint i = 0; i < n_coders; i++)
    for (guint j = i + 1; j < n_coders; j++)
      {
        GArray *si = g_ptr_array_index (segmentations, i);
        GArray *sj = g_ptr_array_index (segmentations, j);
        guint a = 0, b = 0;

        while (a < si->len && b < sj->len)
          {
            Segment *x = &g_array_index (si, Segment, a);
            Segment *y = &g_array_index (sj, Segment, b);
            guint64 x_end = x->start + x->length, y_end = y->start + y->length;

            observed_sum += newsmark_unitized_distance (x->start, x->length, x->is_unit,
                                                        y->start, y->length, y->is_unit);
            if (x_end <= y_end)
              a++;
            if (y_end <= x_end)
              b++;
          }
      }
  /* Summed over ordered pairs i ≠ j: δ² is symmetric. */
  d_o = 2.0 * observed_sum / (m * (m - 1.0) * L * L);

  /* Expected (Krippendorff 2004, §12.4): every unit against every possible
   * placement in the continuum, and inside every gap long enough to hold
   * it. Gaps sorted with suffix sums make Σ_{g ≥ l} (g - l + 1) a binary
   * search. */
  qsort (gaps->data, gaps->len, sizeof (guint64), compare_guint64);
  gap_suffix = g_new0 (double, gaps->len + 1);
  for (guint g = gaps->len; g > 0; g--)
    gap_suffix[g - 1] = gap_suffix[g] + (double) g_array_index (gaps, guint64, g - 1);

  for (gsize k = 0; k < n_units; k++)
    {
      double l = (double) sorted[k].length;
      double n_c = (double) n_units;
      guint lo = 0, hi = gaps->len;
      double n_long, sum_long;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (gaps, guint64, mid) < sorted[k].length)
            lo = mid + 1;
          else
            hi = mid;
        }
      n_long = (double) (gaps->len - lo);
      sum_long = gap_suffix[lo];

      expected_sum += (n_c - 1.0) / 3.0 * (2.0 * l * l * l - 3.0 * l * l + l);
      expected_sum += l * l * (sum_long - (l - 1.0) * n_long);
    }

  denominator = m * L * (m * L - 1.0) - squared_lengths;
  d_e = denominator > 0 ? (2.0 / L) * expected_sum / denominator : 0.0;

  result->observed = d_o;
  result->expected = d_e;
  if (d_e <= 0)
    {
      result->value = NAN;
      return FALSE;
    }
  result->value = 1.0 - d_o / d_e;
  return TRUE;
}

void
newsmark_prf_compute (NewsmarkPrf *prf)
{
  g_return_if_fail (prf != NULL);

  prf->precision = (prf->tp + prf->fp) > 0 ? prf->tp / (prf->tp + prf->fp) : NAN;
  prf->recall = (prf->tp + prf->fn) > 0 ? prf->tp / (prf->tp + prf->fn) : NAN;
  /* 2·tp / (2·tp + fp + fn): the harmonic mean of P and R where both
   * exist, and 0 when only one annotator used the label at all — that is
   * complete disagreement, not "no data". */
  if (prf->tp + prf->fp + prf->fn > 0)
    prf->f1 = 2.0 * prf->tp / (2.0 * prf->tp + prf->fp + prf->fn);
  else
    prf->f1 = NAN;
}

/* ======================================================================== */
/* NewsmarkAgreement                                                        */
/* ======================================================================== */

typedef struct {
  NewsmarkAnnotationSet *set;
  char                  *source;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_clear_object (&e->set);
  g_free (e->source);
  g_free (e);
}

/* One compared span, flattened for matching. */
typedef struct {
  NewsmarkSpan           *span;
  const char             *label;   /* interned */
  guint                   start;
  guint                   end;
  guint                   n_fragments;
  const NewsmarkFragment *fragments;
} Item;

typedef struct {
  double tp[2], fp[2], fn[2];      /* indexed by NewsmarkMatchMode */
} Counts;

/* Two-coder token kappa or many-coder Fleiss, over category ids. */
typedef struct {
  guint      n_coders;
  GHashTable *pairs;               /* (a << 32 | b) → count, two coders */
  guint      n_categories;
  FleissAcc  fleiss;               /* more than two coders */
} KappaAcc;

typedef struct {
  GHashTable *values;              /* value string → index */
  GPtrArray  *value_names;
  GArray     *pairs;               /* guint[2] per compared pair */
  guint       agree;
} AttrAcc;

typedef struct {
  guint        a, b;               /* coder indices, a < b */
  GHashTable  *counts;             /* label → Counts* */
  GHashTable  *attrs;              /* name → AttrAcc* */
} Pair;

struct _NewsmarkAgreement
{
  GObject     parent_instance;

  GStrv       coder_names;
  guint       n_coders;
  gboolean    include_suggested;
  GPtrArray  *entries;             /* per coder: GHashTable sha256 → Entry* */
  GPtrArray  *first_seen;          /* sha256 strings in order of adding */

  /* Results */
  gboolean    computed;
  guint       n_matched;
  GPtrArray  *unmatched;           /* char*, NULL-terminated */
  GPtrArray  *labels;              /* interned char*, NULL-terminated */
  GHashTable *label_index;         /* interned label → index + 1 */
  GPtrArray  *pairs;               /* Pair* */
  GHashTable *categories;          /* category string → id + 1 */
  GPtrArray  *category_names;
  KappaAcc    token_kappa;
  GHashTable *label_kappa;         /* label → KappaAcc* */
  guint64     n_tokens;
  GHashTable *units;               /* label → GArray of NewsmarkUnit */
  guint64     continuum;
  guint       units_joined;
  GHashTable *confusion;           /* "row\x1fcol" → count */
  GPtrArray  *attr_names;          /* NULL-terminated */
  json_object *disagreements;      /* array */
  guint       n_disagreements;
  guint       n_unplaced;          /* spans without a position: not compared */
};

G_DEFINE_FINAL_TYPE (NewsmarkAgreement, newsmark_agreement, G_TYPE_OBJECT)

static void
kappa_acc_init (KappaAcc *acc,
                guint     n_coders)
{
  memset (acc, 0, sizeof *acc);
  acc->n_coders = n_coders;
  if (n_coders == 2)
    acc->pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  else
    fleiss_acc_init (&acc->fleiss, n_coders);
}

static void
kappa_acc_clear (KappaAcc *acc)
{
  g_clear_pointer (&acc->pairs, g_hash_table_unref);
  fleiss_acc_clear (&acc->fleiss);
}

static KappaAcc *
kappa_acc_new (guint n_coders)
{
  KappaAcc *acc = g_new0 (KappaAcc, 1);

  kappa_acc_init (acc, n_coders);
  return acc;
}

static void
kappa_acc_free (gpointer data)
{
  kappa_acc_clear (data);
  g_free (data);
}

/* @ratings: one category id per coder; @weight identical subjects. */
static void
kappa_acc_add_many (KappaAcc    *acc,
                    const guint *ratings,
                    double       weight)
{
  for (guint c = 0; c < acc->n_coders; c++)
    acc->n_categories = MAX (acc->n_categories, ratings[c] + 1);

  if (acc->n_coders == 2)
    {
      gint64 key = ((gint64) ratings[0] << 32) | ratings[1];
      double *count = g_hash_table_lookup (acc->pairs, &key);

      if (count == NULL)
        {
          count = g_new0 (double, 1);
          g_hash_table_insert (acc->pairs, g_memdup2 (&key, sizeof key), count);
        }
      *count += weight;
    }
  else
    fleiss_acc_add_ratings (&acc->fleiss, ratings, weight);
}

static void
kappa_acc_add (KappaAcc    *acc,
               const guint *ratings)
{
  kappa_acc_add_many (acc, ratings, 1.0);
}

static gboolean
kappa_acc_finish (KappaAcc            *acc,
                  NewsmarkCoefficient *result)
{
  if (acc->n_coders == 2)
    {
      guint k = acc->n_categories;
      g_autofree double *table = g_new0 (double, (gsize) k * k + 1);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, acc->pairs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gint64 pair = *(gint64 *) key;
          guint a = (guint) (pair >> 32), b = (guint) (pair & 0xffffffff);

          table[a * k + b] += *(double *) value;
        }
      return newsmark_cohen_kappa (table, k, result);
    }
  return fleiss_acc_finish (&acc->fleiss, result);
}

static AttrAcc *
attr_acc_new (void)
{
  AttrAcc *acc = g_new0 (AttrAcc, 1);

  acc->values = g_hash_table_new (g_str_hash, g_str_equal);
  acc->value_names = g_ptr_array_new_with_free_func (g_free);
  acc->pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  return acc;
}

static void
attr_acc_free (gpointer data)
{
  AttrAcc *acc = data;

  g_hash_table_unref (acc->values);
  g_ptr_array_unref (acc->value_names);
  g_array_unref (acc->pairs);
  g_free (acc);
}

static guint
attr_acc_value (AttrAcc    *acc,
                const char *value)
{
  gpointer idx;

  if (g_hash_table_lookup_extended (acc->values, value, NULL, &idx))
    return GPOINTER_TO_UINT (idx);
  g_ptr_array_add (acc->value_names, g_strdup (value));
  g_hash_table_insert (acc->values, g_ptr_array_index (acc->value_names, acc->value_names->len - 1),
                       GUINT_TO_POINTER (acc->value_names->len - 1));
  return acc->value_names->len - 1;
}

static gboolean
attr_acc_finish (AttrAcc             *acc,
                 double              *percent,
                 NewsmarkCoefficient *kappa)
{
  guint k = acc->value_names->len;
  g_autofree double *table = g_new0 (double, (gsize) k * k + 1);

  *percent = acc->pairs->len > 0 ? (double) acc->agree / acc->pairs->len : NAN;
  for (guint p = 0; p < acc->pairs->len; p++)
    {
      const guint *ab = (const guint *) (acc->pairs->data + p * sizeof (guint) * 2);

      table[ab[0] * k + ab[1]] += 1;
    }
  return newsmark_cohen_kappa (table, k, kappa);
}

static void
pair_free (gpointer data)
{
  Pair *p = data;

  g_hash_table_unref (p->counts);
  g_hash_table_unref (p->attrs);
  g_free (p);
}

static void
clear_results (NewsmarkAgreement *self)
{
  self->computed = FALSE;
  self->n_matched = 0;
  g_clear_pointer (&self->unmatched, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->label_index, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->category_names, g_ptr_array_unref);
  kappa_acc_clear (&self->token_kappa);
  g_clear_pointer (&self->label_kappa, g_hash_table_unref);
  g_clear_pointer (&self->units, g_hash_table_unref);
  g_clear_pointer (&self->confusion, g_hash_table_unref);
  g_clear_pointer (&self->attr_names, g_ptr_array_unref);
  g_clear_pointer (&self->disagreements, json_object_put);
  self->n_tokens = 0;
  self->continuum = 0;
  self->units_joined = 0;
  self->n_disagreements = 0;
  self->n_unplaced = 0;
}

static void
newsmark_agreement_finalize (GObject *object)
{
  NewsmarkAgreement *self = NEWSMARK_AGREEMENT (object);

  clear_results (self);
  g_clear_pointer (&self->coder_names, g_strfreev);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->first_seen, g_ptr_array_unref);

  G_OBJECT_CLASS (newsmark_agreement_parent_class)->finalize (object);
}

static void
newsmark_agreement_class_init (NewsmarkAgreementClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = newsmark_agreement_finalize;
}

static void
newsmark_agreement_init (NewsmarkAgreement *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->first_seen = g_ptr_array_new_with_free_func (g_free);
}

NewsmarkAgreement *
newsmark_agreement_new (const char * const *coder_names)
{
  NewsmarkAgreement *self;

  g_return_val_if_fail (coder_names != NULL, NULL);
  g_return_val_if_fail (g_strv_length ((char **) coder_names) >= 2, NULL);

  self = g_object_new (NEWSMARK_TYPE_AGREEMENT, NULL);
  self->coder_names = g_strdupv ((char **) coder_names);
  self->n_coders = g_strv_length (self->coder_names);
  for (guint c = 0; c < self->n_coders; c++)
    g_ptr_array_add (self->entries,
                     g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free));
  return self;
}

guint
newsmark_agreement_get_n_coders (NewsmarkAgreement *self)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), 0);
  return self->n_coders;
}

const char *
newsmark_agreement_get_coder_name (NewsmarkAgreement *self,
                                   guint              coder)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (coder < self->n_coders, NULL);
  return self->coder_names[coder];
}

void
newsmark_agreement_set_include_suggested (NewsmarkAgreement *self,
                                          gboolean           include)
{
  g_return_if_fail (NEWSMARK_IS_AGREEMENT (self));
  self->include_suggested = !!include;
}

gboolean
newsmark_agreement_add_set (NewsmarkAgreement     *self,
                            guint                  coder,
                            NewsmarkAnnotationSet *set,
                            const char            *source,
                            GError               **error)
{
  GHashTable *table;
  const char *sha;
  Entry *previous, *entry;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (coder < self->n_coders, FALSE);
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = g_ptr_array_index (self->entries, coder);
  sha = newsmark_document_get_sha256 (newsmark_annotation_set_get_document (set));
  previous = g_hash_table_lookup (table, sha);
  if (previous != NULL)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "%s: the same article (SHA-256 %.12s…) is already annotated by %s in %s; "
                   "give each annotator one file per article",
                   source ? source : "(set)", sha, self->coder_names[coder], previous->source);
      return FALSE;
    }

  entry = g_new0 (Entry, 1);
  entry->set = g_object_ref (set);
  entry->source = g_strdup (source ? source : "(set)");
  g_hash_table_insert (table, g_strdup (sha), entry);

  /* Remember articles in the order first seen, for stable output. */
  {
    gboolean seen = FALSE;

    for (guint c = 0; c < self->n_coders && !seen; c++)
      if (c != coder && g_hash_table_contains (g_ptr_array_index (self->entries, c), sha))
        seen = TRUE;
    if (!seen)
      g_ptr_array_add (self->first_seen, g_strdup (sha));
  }

  clear_results (self);
  return TRUE;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

static gboolean
collect_files (GFile      *dir,
               GPtrArray  *files,
               GError    **error)
{
  g_autoptr(GFileEnumerator) e = NULL;

  e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE, NULL, error);
  if (e == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (e, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect_files (child, files, error))
            return FALSE;
        }
      else if (g_str_has_suffix (g_file_info_get_name (info), ".newsmark.json"))
        g_ptr_array_add (files, g_object_ref (child));
    }
  return TRUE;
}

GPtrArray *
newsmark_agreement_list_files (GFile   *path,
                               GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GFileType type;

  g_return_val_if_fail (G_IS_FILE (path), NULL);

  type = g_file_query_file_type (path, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      if (!collect_files (path, files, error))
        return NULL;
      g_ptr_array_sort (files, compare_files);
    }
  else if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_autofree char *name = g_file_get_parse_name (path);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: no such file or folder", name);
      return NULL;
    }
  else
    g_ptr_array_add (files, g_object_ref (path));

  return g_steal_pointer (&files);
}

/* ---- Computing ------------------------------------------------------------ */

static GArray *
collect_items (NewsmarkAgreement     *self,
               NewsmarkAnnotationSet *set)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  guint n = g_list_model_get_n_items (spans);
  GArray *items = g_array_sized_new (FALSE, FALSE, sizeof (Item), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      NewsmarkStatus status = newsmark_span_get_status (span);
      Item item;

      if (status == NEWSMARK_STATUS_REJECTED ||
          (status == NEWSMARK_STATUS_SUGGESTED && !self->include_suggested))
        continue;

      item.span = span;  /* the set keeps it alive */
      item.label = g_intern_string (newsmark_span_get_label (span));
      item.start = newsmark_span_get_start (span);
      item.end = newsmark_span_get_end (span);
      item.n_fragments = newsmark_span_get_n_fragments (span);
      item.fragments = newsmark_span_get_fragments (span);
      g_array_append_val (items, item);
    }
  return items;
}

static void
note_label (NewsmarkAgreement *self,
            const char        *label)
{
  if (!g_hash_table_contains (self->label_index, label))
    {
      g_ptr_array_insert (self->labels, self->labels->len - 1, (gpointer) label);
      g_hash_table_insert (self->label_index, (gpointer) label,
                           GUINT_TO_POINTER (self->labels->len - 1));
    }
}

static gboolean
same_extent (const Item *a,
             const Item *b)
{
  if (a->start != b->start || a->end != b->end || a->n_fragments != b->n_fragments)
    return FALSE;
  for (guint f = 0; f < a->n_fragments; f++)
    if (a->fragments[f].start != b->fragments[f].start ||
        a->fragments[f].end != b->fragments[f].end)
      return FALSE;
  return TRUE;
}

static guint
overlap_size (const Item *a,
              const Item *b)
{
  NewsmarkFragment whole_a = { a->start, a->end }, whole_b = { b->start, b->end };
  const NewsmarkFragment *fa = a->n_fragments ? a->fragments : &whole_a;
  const NewsmarkFragment *fb = b->n_fragments ? b->fragments : &whole_b;
  guint na = MAX (a->n_fragments, 1), nb = MAX (b->n_fragments, 1);
  guint total = 0;

  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      {
        guint s = MAX (fa[i].start, fb[j].start), e = MIN (fa[i].end, fb[j].end);

        if (e > s)
          total += e - s;
      }
  return total;
}

static Counts *
pair_counts (Pair       *pair,
             const char *label)
{
  Counts *c = g_hash_table_lookup (pair->counts, label);

  if (c == NULL)
    {
      c = g_new0 (Counts, 1);
      g_hash_table_insert (pair->counts, (gpointer) label, c);
    }
  return c;
}

/* Index of the first item whose start is >= @start. */
static guint
lower_bound (GArray *items,
             guint   start)
{
  guint lo = 0, hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (items, Item, mid).start < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Exact one-to-one matching: @match_a[i] = index in @b or -1. */
static void
match_exact (GArray *a,
             GArray *b,
             int    *match_a,
             int    *match_b)
{
  for (guint i = 0; i < a->len; i++)
    {
      const Item *x = &g_array_index (a, Item, i);

      match_a[i] = -1;
      for (guint j = lower_bound (b, x->start); j < b->len; j++)
        {
          const Item *y = &g_array_index (b, Item, j);

          if (y->start != x->start)
            break;
          if (match_b[j] < 0 && y->label == x->label && same_extent (x, y))
            {
              match_a[i] = j;
              match_b[j] = i;
              break;
            }
        }
    }
}

typedef struct {
  guint i, j, size;
} Candidate;

static int
compare_candidates (gconstpointer p,
                    gconstpointer q)
{
  const Candidate *x = p, *y = q;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  if (x->i != y->i)
    return x->i < y->i ? -1 : 1;
  return x->j < y->j ? -1 : x->j > y->j ? 1 : 0;
}

/* Overlap one-to-one matching, greedily by the largest shared stretch. */
static void
match_overlap (GArray *a,
               GArray *b,
               int    *match_a,
               int    *match_b)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree guint *max_end = g_new0 (guint, b->len + 1);

  /* b is sorted by start; max_end[k] = max end of b[0..k]: lets the scan
   * stop as soon as no earlier span can reach back over x->start. */
  for (guint k = 0; k < b->len; k++)
    max_end[k] = MAX (k ? max_end[k - 1] : 0, g_array_index (b, Item, k).end);

  for (guint i = 0; i < a->len; i++)
    {
      const Item *x = &g_array_index (a, Item, i);
      guint hi = lower_bound (b, x->end);

      match_a[i] = -1;
      for (guint k = hi; k > 0 && max_end[k - 1] > x->start; k--)
        {
          const Item *y = &g_array_index (b, Item, k - 1);
          guint size;

          if (y->label != x->label)
            continue;
          size = overlap_size (x, y);
          if (size > 0)
            {
              Candidate c = { i, k - 1, size };

              g_array_append_val (candidates, c);
            }
        }
    }

  g_array_sort (candidates, compare_candidates);
  for (guint k = 0; k < candidates->len; k++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, k);

      if (match_a[c->i] < 0 && match_b[c->j] < 0)
        {
          match_a[c->i] = c->j;
          match_b[c->j] = c->i;
        }
    }
}

static char *
attribute_value_string (NewsmarkSpan *span,
                        const char   *name)
{
  GVariant *v = newsmark_span_get_attribute (span, name);

  if (v == NULL)
    return g_strdup ("(none)");
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (v, NULL);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (v) ? "true" : "false");
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buf, sizeof buf, g_variant_get_double (v)));
    }
  return g_variant_print (v, FALSE);
}

static json_object *
span_json (const Item *item)
{
  json_object *o = json_object_new_object ();
  const char * const *texts = newsmark_span_get_fragment_texts (item->span);

  json_object_object_add (o, "id", json_object_new_string (newsmark_span_get_id (item->span)));
  json_object_object_add (o, "label", json_object_new_string (item->label));
  json_object_object_add (o, "start", json_object_new_int64 (item->start));
  json_object_object_add (o, "end", json_object_new_int64 (item->end));
  if (item->n_fragments > 0)
    {
      json_object *frags = json_object_new_array ();

      for (guint f = 0; f < item->n_fragments; f++)
        {
          json_object *fr = json_object_new_array ();

          json_object_array_add (fr, json_object_new_int64 (item->fragments[f].start));
          json_object_array_add (fr, json_object_new_int64 (item->fragments[f].end));
          json_object_array_add (frags, fr);
        }
      json_object_object_add (o, "fragments", frags);
    }
  if (texts != NULL)
    {
      json_object *arr = json_object_new_array ();

      for (guint f = 0; texts[f]; f++)
        json_object_array_add (arr, json_object_new_string (texts[f]));
      json_object_object_add (o, "text", arr);
    }
  else
    json_object_object_add (o, "text",
                            json_object_new_string (newsmark_span_get_text (item->span) ?
                                                    newsmark_span_get_text (item->span) : ""));
  return o;
}

static void
add_disagreement (NewsmarkAgreement *self,
                  const char        *document,
                  Pair              *pair,
                  const char        *kind,
                  const Item        *x,
                  const Item        *y,
                  const char        *attribute,
                  const char        *value_a,
                  const char        *value_b)
{
  json_object *o = json_object_new_object ();

  json_object_object_add (o, "document", json_object_new_string (document));
  json_object_object_add (o, "kind", json_object_new_string (kind));
  json_object_object_add (o, "a", json_object_new_string (self->coder_names[pair->a]));
  json_object_object_add (o, "b", json_object_new_string (self->coder_names[pair->b]));
  json_object_object_add (o, "span_a", x ? span_json (x) : NULL);
  json_object_object_add (o, "span_b", y ? span_json (y) : NULL);
  if (attribute != NULL)
    {
      json_object_object_add (o, "attribute", json_object_new_string (attribute));
      json_object_object_add (o, "value_a", json_object_new_string (value_a));
      json_object_object_add (o, "value_b", json_object_new_string (value_b));
    }
  json_object_array_add (self->disagreements, o);
  self->n_disagreements++;
}

static void
confusion_add (NewsmarkAgreement *self,
               const char        *row,
               const char        *col)
{
  g_autofree char *key = g_strconcat (row, "\x1f", col, NULL);
  gpointer count = g_hash_table_lookup (self->confusion, key);

  g_hash_table_replace (self->confusion, g_steal_pointer (&key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
}

static void
compare_pair (NewsmarkAgreement *self,
              Pair              *pair,
              const char        *document,
              GArray            *a,
              GArray            *b)
{
  g_autofree int *exact_a = g_new (int, a->len + 1);
  g_autofree int *exact_b = g_new (int, b->len + 1);
  g_autofree int *over_a = g_new (int, a->len + 1);
  g_autofree int *over_b = g_new (int, b->len + 1);
  g_autofree gboolean *reported_b = g_new0 (gboolean, b->len + 1);

  for (guint j = 0; j < b->len; j++)
    exact_b[j] = over_b[j] = -1;
  match_exact (a, b, exact_a, exact_b);
  match_overlap (a, b, over_a, over_b);

  /* Span counts, per label and matching mode. */
  for (guint i = 0; i < a->len; i++)
    {
      Counts *c = pair_counts (pair, g_array_index (a, Item, i).label);

      if (exact_a[i] >= 0)
        c->tp[NEWSMARK_MATCH_EXACT]++;
      else
        c->fn[NEWSMARK_MATCH_EXACT]++;
      if (over_a[i] >= 0)
        c->tp[NEWSMARK_MATCH_OVERLAP]++;
      else
        c->fn[NEWSMARK_MATCH_OVERLAP]++;
    }
  for (guint j = 0; j < b->len; j++)
    {
      Counts *c = pair_counts (pair, g_array_index (b, Item, j).label);

      if (exact_b[j] < 0)
        c->fp[NEWSMARK_MATCH_EXACT]++;
      if (over_b[j] < 0)
        c->fp[NEWSMARK_MATCH_OVERLAP]++;
    }

  /* Confusion: A's spans against B's span with the same extent. */
  {
    g_autofree gboolean *b_has_twin = g_new0 (gboolean, b->len + 1);

    for (guint i = 0; i < a->len; i++)
      {
        const Item *x = &g_array_index (a, Item, i);
        const Item *twin = NULL;

        if (exact_a[i] >= 0)
          {
            twin = &g_array_index (b, Item, exact_a[i]);
            b_has_twin[exact_a[i]] = TRUE;
          }
        else
          for (guint j = lower_bound (b, x->start); j < b->len; j++)
            {
              const Item *y = &g_array_index (b, Item, j);

              if (y->start != x->start)
                break;
              if (exact_b[j] < 0 && same_extent (x, y))
                {
                  twin = y;
                  b_has_twin[j] = TRUE;
                  break;
                }
            }
        confusion_add (self, x->label, twin ? twin->label : "none");
      }
    for (guint j = 0; j < b->len; j++)
      if (!b_has_twin[j])
        {
          const Item *y = &g_array_index (b, Item, j);
          gboolean twin = FALSE;

          for (guint i = lower_bound (a, y->start); i < a->len && !twin; i++)
            {
              const Item *x = &g_array_index (a, Item, i);

              if (x->start != y->start)
                break;
              twin = same_extent (x, y);
            }
          if (!twin)
            confusion_add (self, "none", y->label);
        }
  }

  /* Disagreements, one entry per A span not matched exactly, pairing it
   * with B's span of the same extent (label) or B's overlapping span of the
   * same label (boundary) when there is one. */
  for (guint i = 0; i < a->len; i++)
    {
      const Item *x = &g_array_index (a, Item, i);
      const Item *y = NULL;
      int partner = -1;

      if (exact_a[i] >= 0)
        continue;

      for (guint j = lower_bound (b, x->start); j < b->len; j++)
        {
          const Item *cand = &g_array_index (b, Item, j);

          if (cand->start != x->start)
            break;
          if (exact_b[j] < 0 && !reported_b[j] && same_extent (x, cand))
            {
              partner = j;
              break;
            }
        }
      if (partner >= 0)
        {
          y = &g_array_index (b, Item, partner);
          reported_b[partner] = TRUE;
          add_disagreement (self, document, pair, "label", x, y, NULL, NULL, NULL);
          continue;
        }
      if (over_a[i] >= 0 && exact_b[over_a[i]] < 0)
        {
          y = &g_array_index (b, Item, over_a[i]);
          reported_b[over_a[i]] = TRUE;
          add_disagreement (self, document, pair, "boundary", x, y, NULL, NULL, NULL);
          continue;
        }
      add_disagreement (self, document, pair, "only-a", x, NULL, NULL, NULL, NULL);
    }
  for (guint j = 0; j < b->len; j++)
    if (exact_b[j] < 0 && !reported_b[j])
      add_disagreement (self, document, pair, "only-b", NULL, &g_array_index (b, Item, j),
                        NULL, NULL, NULL);

  /* Attributes over overlap-matched pairs. */
  for (guint i = 0; i < a->len; i++)
    {
      const Item *x = &g_array_index (a, Item, i);
      const Item *y;
      g_auto(GStrv) names_a = NULL;
      g_auto(GStrv) names_b = NULL;
      g_autoptr(GPtrArray) names = NULL;

      if (over_a[i] < 0)
        continue;
      y = &g_array_index (b, Item, over_a[i]);
      names_a = newsmark_span_list_attributes (x->span);
      names_b = newsmark_span_list_attributes (y->span);
      names = g_ptr_array_new ();
      for (guint k = 0; names_a && names_a[k]; k++)
        g_ptr_array_add (names, names_a[k]);
      for (guint k = 0; names_b && names_b[k]; k++)
        if (names_a == NULL || !g_strv_contains ((const char * const *) names_a, names_b[k]))
          g_ptr_array_add (names, names_b[k]);

      for (guint k = 0; k < names->len; k++)
        {
          const char *name = g_ptr_array_index (names, k);
          g_autofree char *va = attribute_value_string (x->span, name);
          g_autofree char *vb = attribute_value_string (y->span, name);
          AttrAcc *acc = g_hash_table_lookup (pair->attrs, name);
          guint ab[2];

          if (acc == NULL)
            {
              acc = attr_acc_new ();
              g_hash_table_insert (pair->attrs, (gpointer) g_intern_string (name), acc);
            }
          ab[0] = attr_acc_value (acc, va);
          ab[1] = attr_acc_value (acc, vb);
          g_array_append_vals (acc->pairs, ab, 1);
          if (ab[0] == ab[1])
            acc->agree++;
          else
            add_disagreement (self, document, pair, "attribute", x, y, name, va, vb);
        }
    }
}

static guint
category_id (NewsmarkAgreement *self,
             const char        *name)
{
  gpointer id = g_hash_table_lookup (self->categories, name);

  if (id == NULL)
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (self->category_names, copy);
      id = GUINT_TO_POINTER (self->category_names->len);
      g_hash_table_insert (self->categories, copy, id);
    }
  return GPOINTER_TO_UINT (id) - 1;
}

static int
compare_by_label_index (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, *(gpointer *) a));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, *(gpointer *) b));

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Token categories of every coder for one article. */
static void
compare_tokens (NewsmarkAgreement *self,
                NewsmarkDocument  *document,
                GArray           **items)
{
  /* The project's one documented tokenizer, shared with the CoNLL and
   * spaCy exporters, so token counts agree across tools. */
  g_autoptr(GArray) tokens = newsmark_tokenize (document);
  g_autoptr(GPtrArray) doc_labels = g_ptr_array_new ();
  g_autoptr(GHashTable) doc_index = g_hash_table_new (NULL, NULL);
  g_autofree guint64 *masks = NULL;
  g_autofree guint *ratings = g_new0 (guint, self->n_coders);
  g_autoptr(GString) key = g_string_new (NULL);
  guint n_tok = tokens->len, words;

  if (n_tok == 0)
    return;

  /* This article's labels, in report order, so "A+B" is canonical. */
  for (guint c = 0; c < self->n_coders; c++)
    for (guint k = 0; k < items[c]->len; k++)
      {
        const char *label = g_array_index (items[c], Item, k).label;

        if (!g_hash_table_contains (doc_index, label))
          {
            g_hash_table_add (doc_index, (gpointer) label);
            g_ptr_array_add (doc_labels, (gpointer) label);
          }
      }
  g_ptr_array_sort_with_data (doc_labels, compare_by_label_index, self->label_index);
  words = (doc_labels->len + 63) / 64;
  g_hash_table_remove_all (doc_index);
  for (guint k = 0; k < doc_labels->len; k++)
    g_hash_table_insert (doc_index, g_ptr_array_index (doc_labels, k), GUINT_TO_POINTER (k + 1));

  masks = g_new0 (guint64, (gsize) self->n_coders * n_tok * MAX (words, 1));

  for (guint c = 0; c < self->n_coders; c++)
    for (guint k = 0; k < items[c]->len; k++)
      {
        const Item *it = &g_array_index (items[c], Item, k);
        NewsmarkFragment whole = { it->start, it->end };
        const NewsmarkFragment *frags = it->n_fragments ? it->fragments : &whole;
        guint nf = MAX (it->n_fragments, 1);
        guint bit = GPOINTER_TO_UINT (g_hash_table_lookup (doc_index, it->label)) - 1;

        for (guint f = 0; f < nf; f++)
          {
            /* First token ending after the fragment's start. */
            guint lo = 0, hi = n_tok;

            while (lo < hi)
              {
                guint mid = lo + (hi - lo) / 2;

                if (g_array_index (tokens, NewsmarkFragment, mid).end <= frags[f].start)
                  lo = mid + 1;
                else
                  hi = mid;
              }
            for (guint t = lo; t < n_tok &&
                 g_array_index (tokens, NewsmarkFragment, t).start < frags[f].end; t++)
              masks[((gsize) c * n_tok + t) * words + bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
          }
      }

  for (guint t = 0; t < n_tok; t++)
    {
      for (guint c = 0; c < self->n_coders; c++)
        {
          const guint64 *m = &masks[((gsize) c * n_tok + t) * words];

          g_string_truncate (key, 0);
          for (guint k = 0; k < doc_labels->len; k++)
            if (m[k / 64] & (G_GUINT64_CONSTANT (1) << (k % 64)))
              {
                if (key->len)
                  g_string_append_c (key, '+');
                g_string_append (key, g_ptr_array_index (doc_labels, k));
              }
          ratings[c] = category_id (self, key->len ? key->str : "O");
        }
      kappa_acc_add (&self->token_kappa, ratings);

      /* Binary agreement per label. */
      for (guint k = 0; k < doc_labels->len; k++)
        {
          const char *label = g_ptr_array_index (doc_labels, k);
          KappaAcc *acc = g_hash_table_lookup (self->label_kappa, label);

          if (acc == NULL)
            {
              /* Tokens of earlier articles were outside this label for
               * everybody: they are subjects too. */
              acc = kappa_acc_new (self->n_coders);
              g_hash_table_insert (self->label_kappa, (gpointer) label, acc);
              memset (ratings, 0, sizeof (guint) * self->n_coders);
              if (self->n_tokens + t > 0)
                kappa_acc_add_many (acc, ratings, (double) (self->n_tokens + t));
            }
          for (guint c = 0; c < self->n_coders; c++)
            ratings[c] = (masks[((gsize) c * n_tok + t) * words + k / 64] >> (k % 64)) & 1;
          kappa_acc_add (acc, ratings);
        }
    }
  self->n_tokens += n_tok;

  /* Labels absent from this article: every token is "outside" for every
   * coder; they still count as subjects for those labels' kappas. */
  {
    GHashTableIter iter;
    gpointer label, value;

    g_hash_table_iter_init (&iter, self->label_kappa);
    while (g_hash_table_iter_next (&iter, &label, &value))
      if (!g_hash_table_contains (doc_index, label))
        {
          memset (ratings, 0, sizeof (guint) * self->n_coders);
          kappa_acc_add_many (value, ratings, n_tok);
        }
  }
}

static int
compare_units_by_start (gconstpointer a,
                        gconstpointer b)
{
  const NewsmarkUnit *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start ? 1 :
         x->length < y->length ? -1 : x->length > y->length ? 1 : 0;
}

/* Units for αU: each coder's fragments per label, overlapping ones joined. */
static void
collect_units (NewsmarkAgreement *self,
               GArray           **items,
               guint64            base)
{
  for (guint c = 0; c < self->n_coders; c++)
    {
      g_autoptr(GHashTable) per_label = g_hash_table_new_full (NULL, NULL, NULL,
                                                               (GDestroyNotify) g_array_unref);
      GHashTableIter iter;
      gpointer label, value;

      for (guint k = 0; k < items[c]->len; k++)
        {
          const Item *it = &g_array_index (items[c], Item, k);
          NewsmarkFragment whole = { it->start, it->end };
          const NewsmarkFragment *frags = it->n_fragments ? it->fragments : &whole;
          GArray *arr = g_hash_table_lookup (per_label, it->label);

          if (arr == NULL)
            {
              arr = g_array_new (FALSE, FALSE, sizeof (NewsmarkUnit));
              g_hash_table_insert (per_label, (gpointer) it->label, arr);
            }
          for (guint f = 0; f < MAX (it->n_fragments, 1); f++)
            {
              NewsmarkUnit u = { c, base + frags[f].start, frags[f].end - frags[f].start };

              if (u.length > 0)
                g_array_append_val (arr, u);
            }
        }

      g_hash_table_iter_init (&iter, per_label);
      while (g_hash_table_iter_next (&iter, &label, &value))
        {
          GArray *arr = value;
          GArray *all = g_hash_table_lookup (self->units, label);
          NewsmarkUnit cur;

          if (all == NULL)
            {
              all = g_array_new (FALSE, FALSE, sizeof (NewsmarkUnit));
              g_hash_table_insert (self->units, label, all);
            }
          g_array_sort (arr, compare_units_by_start);
          cur = g_array_index (arr, NewsmarkUnit, 0);
          for (guint k = 1; k < arr->len; k++)
            {
              NewsmarkUnit *u = &g_array_index (arr, NewsmarkUnit, k);

              if (u->start < cur.start + cur.length)
                {
                  cur.length = MAX (cur.start + cur.length, u->start + u->length) - cur.start;
                  self->units_joined++;
                }
              else
                {
                  g_array_append_val (all, cur);
                  cur = *u;
                }
            }
          g_array_append_val (all, cur);
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

typedef struct {
  const char *sha;
  const char *source;
} Matched;

static int
compare_matched (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (((const Matched *) a)->source, ((const Matched *) b)->source);
}

void
newsmark_agreement_compute (NewsmarkAgreement         *self,
                            NewsmarkAgreementProgress  progress,
                            gpointer                   user_data)
{
  g_autoptr(GArray) matched = g_array_new (FALSE, FALSE, sizeof (Matched));
  g_autofree GArray **items = NULL;
  GHashTable *first = NULL;

  g_return_if_fail (NEWSMARK_IS_AGREEMENT (self));

  clear_results (self);
  self->unmatched = g_ptr_array_new_with_free_func (g_free);
  self->labels = g_ptr_array_new ();
  g_ptr_array_add (self->labels, NULL);
  self->label_index = g_hash_table_new (NULL, NULL);
  self->pairs = g_ptr_array_new_with_free_func (pair_free);
  self->categories = g_hash_table_new (g_str_hash, g_str_equal);
  self->category_names = g_ptr_array_new_with_free_func (g_free);
  kappa_acc_init (&self->token_kappa, self->n_coders);
  self->label_kappa = g_hash_table_new_full (NULL, NULL, NULL, kappa_acc_free);
  self->units = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->confusion = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->attr_names = g_ptr_array_new ();
  self->disagreements = json_object_new_array ();

  for (guint i = 0; i < self->n_coders; i++)
    for (guint j = i + 1; j < self->n_coders; j++)
      {
        Pair *p = g_new0 (Pair, 1);

        p->a = i;
        p->b = j;
        p->counts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
        p->attrs = g_hash_table_new_full (NULL, NULL, NULL, attr_acc_free);
        g_ptr_array_add (self->pairs, p);
      }

  /* Articles every coder annotated; the others are listed. */
  for (guint k = 0; k < self->first_seen->len; k++)
    {
      const char *sha = g_ptr_array_index (self->first_seen, k);
      g_autoptr(GString) have = g_string_new (NULL);
      g_autoptr(GString) missing = g_string_new (NULL);
      const char *source = NULL;

      for (guint c = 0; c < self->n_coders; c++)
        {
          Entry *e = g_hash_table_lookup (g_ptr_array_index (self->entries, c), sha);
          GString *s = e ? have : missing;

          if (e && source == NULL)
            source = e->source;
          if (s->len)
            g_string_append (s, ", ");
          g_string_append (s, self->coder_names[c]);
        }
      if (missing->len == 0)
        {
          Matched m = { sha, source };

          g_array_append_val (matched, m);
        }
      else
        g_ptr_array_add (self->unmatched,
                         g_strdup_printf ("%s: article %.12s… annotated by %s only (missing: %s)",
                                          source, sha, have->str, missing->str));
    }
  g_ptr_array_sort (self->unmatched, compare_strings);
  g_ptr_array_add (self->unmatched, NULL);
  g_array_sort (matched, compare_matched);

  /* Report labels in the schema's order first. */
  first = g_ptr_array_index (self->entries, 0);
  if (matched->len > 0)
    {
      Entry *e = g_hash_table_lookup (first, g_array_index (matched, Matched, 0).sha);
      GListModel *labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (e->set));

      for (guint k = 0; k < g_list_model_get_n_items (labels); k++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, k);

          note_label (self, g_intern_string (newsmark_label_get_name (label)));
        }
    }

  items = g_new0 (GArray *, self->n_coders);
  for (guint d = 0; d < matched->len; d++)
    {
      const Matched *m = &g_array_index (matched, Matched, d);
      Entry *e0 = g_hash_table_lookup (first, m->sha);
      NewsmarkDocument *doc = newsmark_annotation_set_get_document (e0->set);

      for (guint c = 0; c < self->n_coders; c++)
        {
          Entry *e = g_hash_table_lookup (g_ptr_array_index (self->entries, c), m->sha);

          items[c] = collect_items (self, e->set);
          self->n_unplaced += g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (e->set));
          for (guint k = 0; k < items[c]->len; k++)
            note_label (self, g_array_index (items[c], Item, k).label);
        }

      for (guint p = 0; p < self->pairs->len; p++)
        {
          Pair *pair = g_ptr_array_index (self->pairs, p);

          compare_pair (self, pair, m->source, items[pair->a], items[pair->b]);
        }
      compare_tokens (self, doc, items);
      collect_units (self, items, self->continuum);
      self->continuum += newsmark_document_get_length (doc);

      for (guint c = 0; c < self->n_coders; c++)
        g_clear_pointer (&items[c], g_array_unref);

      self->n_matched++;
      if (progress)
        progress (d + 1, matched->len, user_data);
    }

  /* Attribute names over all pairs, sorted. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

    for (guint p = 0; p < self->pairs->len; p++)
      {
        Pair *pair = g_ptr_array_index (self->pairs, p);
        GHashTableIter iter;
        gpointer name;

        g_hash_table_iter_init (&iter, pair->attrs);
        while (g_hash_table_iter_next (&iter, &name, NULL))
          if (g_hash_table_add (seen, name))
            g_ptr_array_add (self->attr_names, name);
      }
    g_ptr_array_sort (self->attr_names, compare_strings);
    g_ptr_array_add (self->attr_names, NULL);
  }

  self->computed = TRUE;
}

/* ---- Results -------------------------------------------------------------- */

guint
newsmark_agreement_get_n_matched (NewsmarkAgreement *self)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), 0);
  return self->n_matched;
}

const char * const *
newsmark_agreement_get_unmatched (NewsmarkAgreement *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), empty);
  if (!self->computed)
    return empty;
  return (const char * const *) self->unmatched->pdata;
}

const char * const *
newsmark_agreement_get_labels (NewsmarkAgreement *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), empty);
  if (!self->computed)
    return empty;
  return (const char * const *) self->labels->pdata;
}

/* One pair's scores; @label interned, or NULL for all labels. */
static void
pair_prf (Pair              *pair,
          NewsmarkMatchMode  mode,
          const char        *label,
          NewsmarkPrf       *prf)
{
  GHashTableIter iter;
  gpointer key, value;

  memset (prf, 0, sizeof *prf);
  g_hash_table_iter_init (&iter, pair->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Counts *c = value;

      if (label != NULL && key != label)
        continue;
      prf->tp += c->tp[mode];
      prf->fp += c->fp[mode];
      prf->fn += c->fn[mode];
    }
  newsmark_prf_compute (prf);
}

gboolean
newsmark_agreement_get_prf (NewsmarkAgreement *self,
                            NewsmarkMatchMode  mode,
                            const char        *label,
                            NewsmarkPrf       *prf)
{
  double sum_p = 0, sum_r = 0, sum_f = 0;
  guint n_p = 0, n_r = 0, n_f = 0;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (prf != NULL, FALSE);

  memset (prf, 0, sizeof *prf);
  if (!self->computed)
    {
      newsmark_prf_compute (prf);
      return FALSE;
    }
  if (label != NULL)
    label = g_intern_string (label);

  for (guint p = 0; p < self->pairs->len; p++)
    {
      NewsmarkPrf one;

      pair_prf (g_ptr_array_index (self->pairs, p), mode, label, &one);
      prf->tp += one.tp;
      prf->fp += one.fp;
      prf->fn += one.fn;
      if (!isnan (one.precision)) { sum_p += one.precision; n_p++; }
      if (!isnan (one.recall)) { sum_r += one.recall; n_r++; }
      if (!isnan (one.f1)) { sum_f += one.f1; n_f++; }
    }

  prf->precision = n_p ? sum_p / n_p : NAN;
  prf->recall = n_r ? sum_r / n_r : NAN;
  prf->f1 = n_f ? sum_f / n_f : NAN;
  return n_f > 0;
}

gboolean
newsmark_agreement_get_token_kappa (NewsmarkAgreement   *self,
                                    const char          *label,
                                    NewsmarkCoefficient *result)
{
  KappaAcc *acc;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  coefficient_undefined (result, NAN, NAN);
  if (!self->computed)
    return FALSE;
  if (label == NULL)
    acc = &self->token_kappa;
  else
    acc = g_hash_table_lookup (self->label_kappa, g_intern_string (label));
  if (acc == NULL)
    return FALSE;
  return kappa_acc_finish (acc, result);
}

guint
newsmark_agreement_get_n_tokens (NewsmarkAgreement *self)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), 0);
  return (guint) self->n_tokens;
}

gboolean
newsmark_agreement_get_alpha_u (NewsmarkAgreement   *self,
                                const char          *label,
                                NewsmarkCoefficient *result)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  coefficient_undefined (result, NAN, NAN);
  if (!self->computed || self->continuum == 0)
    return FALSE;

  if (label != NULL)
    {
      GArray *units = g_hash_table_lookup (self->units, g_intern_string (label));
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (units == NULL)
        return FALSE;
      ok = newsmark_unitized_alpha ((const NewsmarkUnit *) units->data, units->len,
                                    self->n_coders, 0, self->continuum, result, &error);
      /* The units were built non-overlapping per coder and inside the
       * continuum, so an error here is a bug in this file. */
      if (error != NULL)
        g_critical ("αU for %s: %s", label, error->message);
      return ok;
    }
  else
    {
      double sum_o = 0, sum_e = 0;
      gboolean any = FALSE;

      for (guint k = 0; k + 1 < self->labels->len; k++)
        {
          NewsmarkCoefficient one;

          if (g_hash_table_lookup (self->units, g_ptr_array_index (self->labels, k)) == NULL)
            continue;
          newsmark_agreement_get_alpha_u (self, g_ptr_array_index (self->labels, k), &one);
          if (!isnan (one.observed) && !isnan (one.expected))
            {
              sum_o += one.observed;
              sum_e += one.expected;
              any = TRUE;
            }
        }
      if (!any || sum_e <= 0)
        return FALSE;
      result->observed = sum_o;
      result->expected = sum_e;
      result->value = 1.0 - sum_o / sum_e;
      return TRUE;
    }
}

const char * const *
newsmark_agreement_get_attribute_names (NewsmarkAgreement *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), empty);
  if (!self->computed)
    return empty;
  return (const char * const *) self->attr_names->pdata;
}

gboolean
newsmark_agreement_get_attribute (NewsmarkAgreement   *self,
                                  const char          *name,
                                  guint               *n_pairs,
                                  double              *percent,
                                  NewsmarkCoefficient *kappa)
{
  double sum_pct = 0, sum_o = 0, sum_e = 0, sum_k = 0;
  guint n_pct = 0, n_k = 0, total = 0;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (kappa)
    coefficient_undefined (kappa, NAN, NAN);
  if (percent)
    *percent = NAN;
  if (n_pairs)
    *n_pairs = 0;
  if (!self->computed)
    return FALSE;

  name = g_intern_string (name);
  for (guint p = 0; p < self->pairs->len; p++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, p);
      AttrAcc *acc = g_hash_table_lookup (pair->attrs, name);
      NewsmarkCoefficient one;
      double pct;

      if (acc == NULL)
        continue;
      total += acc->pairs->len;
      if (attr_acc_finish (acc, &pct, &one))
        {
          sum_o += one.observed;
          sum_e += one.expected;
          sum_k += one.value;
          n_k++;
        }
      if (!isnan (pct))
        {
          sum_pct += pct;
          n_pct++;
        }
    }

  if (n_pairs)
    *n_pairs = total;
  if (percent)
    *percent = n_pct ? sum_pct / n_pct : NAN;
  if (kappa && n_k)
    {
      kappa->observed = sum_o / n_k;
      kappa->expected = sum_e / n_k;
      kappa->value = sum_k / n_k;
    }
  return n_k > 0;
}

guint
newsmark_agreement_get_confusion (NewsmarkAgreement *self,
                                  const char        *row_label,
                                  const char        *column_label)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), 0);
  g_return_val_if_fail (row_label != NULL && column_label != NULL, 0);

  if (!self->computed)
    return 0;
  key = g_strconcat (row_label, "\x1f", column_label, NULL);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->confusion, key));
}

guint
newsmark_agreement_get_n_disagreements (NewsmarkAgreement *self)
{
  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), 0);
  return self->n_disagreements;
}

/* ---- Output ------------------------------------------------------------- */

static json_object *
json_number (double v)
{
  /* JSON has no NaN: an undefined statistic is null. Rounded to 6 places so
   * that reports diff cleanly. */
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v) || isinf (v))
    return NULL;
  /* Six significant digits: αU's disagreements are tiny on long
   * continua (they are divided by L²), so fixed places would lose them.
   * json-c is given the text, else it prints the double's shortest
   * round-trip form (0.33333299999999999). */
  g_ascii_formatd (buf, sizeof buf, "%.6g", v);
  return json_object_new_double_s (g_ascii_strtod (buf, NULL), buf);
}

static json_object *
coefficient_json (const NewsmarkCoefficient *c,
                  const char                *observed_name,
                  const char                *expected_name)
{
  json_object *o = json_object_new_object ();

  json_object_object_add (o, "value", json_number (c->value));
  json_object_object_add (o, observed_name, json_number (c->observed));
  json_object_object_add (o, expected_name, json_number (c->expected));
  return o;
}

static json_object *
prf_json (const NewsmarkPrf *prf)
{
  json_object *o = json_object_new_object ();

  json_object_object_add (o, "tp", json_object_new_int64 ((gint64) prf->tp));
  json_object_object_add (o, "fp", json_object_new_int64 ((gint64) prf->fp));
  json_object_object_add (o, "fn", json_object_new_int64 ((gint64) prf->fn));
  json_object_object_add (o, "precision", json_number (prf->precision));
  json_object_object_add (o, "recall", json_number (prf->recall));
  json_object_object_add (o, "f1", json_number (prf->f1));
  return o;
}

static const char *
kappa_name (NewsmarkAgreement *self)
{
  return self->n_coders == 2 ? "cohen" : "fleiss";
}

char *
newsmark_agreement_to_json (NewsmarkAgreement *self)
{
  json_object *root, *arr, *obj;
  NewsmarkCoefficient coef;
  char *out;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), NULL);

  if (!self->computed)
    newsmark_agreement_compute (self, NULL, NULL);

  root = json_object_new_object ();

  arr = json_object_new_array ();
  for (guint c = 0; c < self->n_coders; c++)
    json_object_array_add (arr, json_object_new_string (self->coder_names[c]));
  json_object_object_add (root, "annotators", arr);
  json_object_object_add (root, "reference", json_object_new_string (self->coder_names[0]));
  json_object_object_add (root, "statuses",
                          json_object_new_string (self->include_suggested ?
                                                  "accepted+suggested" : "accepted"));
  json_object_object_add (root, "documents", json_object_new_int64 (self->n_matched));
  arr = json_object_new_array ();
  for (guint k = 0; k + 1 < self->unmatched->len; k++)
    json_object_array_add (arr, json_object_new_string (g_ptr_array_index (self->unmatched, k)));
  json_object_object_add (root, "unmatched", arr);
  json_object_object_add (root, "unplaced_not_compared", json_object_new_int64 (self->n_unplaced));

  /* Spans. */
  obj = json_object_new_object ();
  for (int mode = NEWSMARK_MATCH_EXACT; mode <= NEWSMARK_MATCH_OVERLAP; mode++)
    {
      json_object *m = json_object_new_object ();
      json_object *labels = json_object_new_object ();
      NewsmarkPrf prf;

      for (guint k = 0; k + 1 < self->labels->len; k++)
        {
          const char *label = g_ptr_array_index (self->labels, k);

          newsmark_agreement_get_prf (self, mode, label, &prf);
          if (prf.tp + prf.fp + prf.fn > 0)
            json_object_object_add (labels, label, prf_json (&prf));
        }
      json_object_object_add (m, "labels", labels);
      newsmark_agreement_get_prf (self, mode, NULL, &prf);
      json_object_object_add (m, "micro", prf_json (&prf));
      json_object_object_add (obj, mode == NEWSMARK_MATCH_EXACT ? "exact" : "overlap", m);
    }
  json_object_object_add (root, "spans", obj);

  /* Each pair on its own, so that one divergent annotator stands out. */
  arr = json_object_new_array ();
  for (guint p = 0; p < self->pairs->len; p++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, p);
      json_object *po = json_object_new_object ();
      NewsmarkPrf prf;

      json_object_object_add (po, "a", json_object_new_string (self->coder_names[pair->a]));
      json_object_object_add (po, "b", json_object_new_string (self->coder_names[pair->b]));
      pair_prf (pair, NEWSMARK_MATCH_EXACT, NULL, &prf);
      json_object_object_add (po, "exact", prf_json (&prf));
      pair_prf (pair, NEWSMARK_MATCH_OVERLAP, NULL, &prf);
      json_object_object_add (po, "overlap", prf_json (&prf));
      json_object_array_add (arr, po);
    }
  json_object_object_add (root, "pairs", arr);

  /* Tokens. */
  obj = json_object_new_object ();
  json_object_object_add (obj, "tokens", json_object_new_int64 ((gint64) self->n_tokens));
  json_object_object_add (obj, "coefficient", json_object_new_string (kappa_name (self)));
  newsmark_agreement_get_token_kappa (self, NULL, &coef);
  json_object_object_add (obj, "overall", coefficient_json (&coef, "observed", "expected"));
  {
    json_object *labels = json_object_new_object ();

    for (guint k = 0; k + 1 < self->labels->len; k++)
      {
        const char *label = g_ptr_array_index (self->labels, k);

        if (newsmark_agreement_get_token_kappa (self, label, &coef) || !isnan (coef.observed))
          json_object_object_add (labels, label, coefficient_json (&coef, "observed", "expected"));
      }
    json_object_object_add (obj, "labels", labels);
  }
  json_object_object_add (root, "token_kappa", obj);

  /* αU. */
  obj = json_object_new_object ();
  json_object_object_add (obj, "continuum", json_object_new_int64 ((gint64) self->continuum));
  json_object_object_add (obj, "units_joined", json_object_new_int64 (self->units_joined));
  newsmark_agreement_get_alpha_u (self, NULL, &coef);
  json_object_object_add (obj, "overall", coefficient_json (&coef, "observed_disagreement",
                                                            "expected_disagreement"));
  {
    json_object *labels = json_object_new_object ();

    for (guint k = 0; k + 1 < self->labels->len; k++)
      {
        const char *label = g_ptr_array_index (self->labels, k);

        if (g_hash_table_contains (self->units, label))
          {
            newsmark_agreement_get_alpha_u (self, label, &coef);
            json_object_object_add (labels, label,
                                    coefficient_json (&coef, "observed_disagreement",
                                                      "expected_disagreement"));
          }
      }
    json_object_object_add (obj, "labels", labels);
  }
  json_object_object_add (root, "alpha_u", obj);

  /* Attributes. */
  obj = json_object_new_object ();
  for (guint k = 0; k + 1 < self->attr_names->len; k++)
    {
      const char *name = g_ptr_array_index (self->attr_names, k);
      json_object *a = json_object_new_object ();
      guint n;
      double pct;

      newsmark_agreement_get_attribute (self, name, &n, &pct, &coef);
      json_object_object_add (a, "pairs", json_object_new_int64 (n));
      json_object_object_add (a, "percent", json_number (pct));
      json_object_object_add (a, "kappa", coefficient_json (&coef, "observed", "expected"));
      json_object_object_add (obj, name, a);
    }
  json_object_object_add (root, "attributes", obj);

  /* Confusion. */
  obj = json_object_new_object ();
  {
    json_object *labels = json_object_new_array ();
    json_object *matrix = json_object_new_array ();

    for (guint r = 0; r < self->labels->len; r++)
      {
        const char *row = r + 1 < self->labels->len ? g_ptr_array_index (self->labels, r) : "none";
        json_object *line = json_object_new_array ();

        json_object_array_add (labels, json_object_new_string (row));
        for (guint c = 0; c < self->labels->len; c++)
          {
            const char *col = c + 1 < self->labels->len ? g_ptr_array_index (self->labels, c) : "none";

            json_object_array_add (line, json_object_new_int64 (newsmark_agreement_get_confusion (self, row, col)));
          }
        json_object_array_add (matrix, line);
      }
    json_object_object_add (obj, "labels", labels);
    json_object_object_add (obj, "matrix", matrix);
  }
  json_object_object_add (root, "confusion", obj);

  json_object_object_add (root, "disagreements", json_object_get (self->disagreements));

  out = g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_SPACED |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put (root);
  return out;
}

static void
append_number (GString *s,
               double   v,
               int      width)
{
  if (isnan (v))
    g_string_append_printf (s, "%*s", width, "n/a");
  else
    g_string_append_printf (s, "%*.3f", width, v);
}

/* Pads @text to @width display columns (code points), for labels. */
static void
append_padded (GString    *s,
               const char *text,
               guint       width)
{
  glong n = g_utf8_strlen (text, -1);

  g_string_append (s, text);
  for (glong k = n; k < (glong) width; k++)
    g_string_append_c (s, ' ');
}

/* Quotes a span's text on one line: control characters become escapes. */
static void
append_quoted (GString    *s,
               const char *text)
{
  g_string_append (s, "\"");
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '\r')
        g_string_append (s, "\\r");
      else if (c == '\t')
        g_string_append (s, "\\t");
      else if (c == '"')
        g_string_append (s, "\\\"");
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_unichar (s, c);
    }
  g_string_append (s, "\"");
}

static void
append_span_text (GString     *s,
                  json_object *span)
{
  json_object *start, *end, *label, *text;

  json_object_object_get_ex (span, "start", &start);
  json_object_object_get_ex (span, "end", &end);
  json_object_object_get_ex (span, "label", &label);
  json_object_object_get_ex (span, "text", &text);
  g_string_append_printf (s, "%s [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") ",
                          json_object_get_string (label),
                          json_object_get_int64 (start), json_object_get_int64 (end));
  if (json_object_is_type (text, json_type_array))
    {
      for (size_t k = 0; k < json_object_array_length (text); k++)
        {
          if (k)
            g_string_append (s, " … ");
          append_quoted (s, json_object_get_string (json_object_array_get_idx (text, k)));
        }
    }
  else
    append_quoted (s, json_object_get_string (text));
}

char *
newsmark_agreement_to_text (NewsmarkAgreement *self)
{
  GString *s;
  NewsmarkCoefficient coef;
  guint width = 8;

  g_return_val_if_fail (NEWSMARK_IS_AGREEMENT (self), NULL);

  if (!self->computed)
    newsmark_agreement_compute (self, NULL, NULL);

  s = g_string_new (NULL);
  for (guint k = 0; k + 1 < self->labels->len; k++)
    width = MAX (width, (guint) g_utf8_strlen (g_ptr_array_index (self->labels, k), -1) + 1);

  g_string_append (s, "Annotators: ");
  for (guint c = 0; c < self->n_coders; c++)
    g_string_append_printf (s, "%s%s%s", c ? ", " : "", self->coder_names[c],
                            c == 0 ? " (reference)" : "");
  g_string_append_printf (s, "\nDocuments compared: %u; spans compared: %s\n", self->n_matched,
                          self->include_suggested ? "accepted and suggested" : "accepted");
  if (self->unmatched->len > 1)
    {
      g_string_append_printf (s, "Unmatched documents (left out): %u\n", self->unmatched->len - 1);
      for (guint k = 0; k + 1 < self->unmatched->len; k++)
        g_string_append_printf (s, "  %s\n", (char *) g_ptr_array_index (self->unmatched, k));
    }
  if (self->n_unplaced > 0)
    g_string_append_printf (s, "Unplaced spans (no position in the text) not compared: %u\n",
                            self->n_unplaced);
  if (self->n_coders > 2)
    g_string_append (s, "With more than two annotators, P/R/F1 and attribute figures are averages "
                        "over annotator pairs; tp/fp/fn are summed.\n");

  /* Span table. */
  g_string_append (s, "\nSpans");
  for (guint k = 5; k < width; k++)
    g_string_append_c (s, ' ');
  g_string_append (s, "|                 exact                 |                overlap\n");
  append_padded (s, "label", width);
  for (int mode = 0; mode < 2; mode++)
    g_string_append (s, "|    tp    fp    fn      P      R     F1 ");
  g_string_append (s, "\n");
  for (guint k = 0; k < self->labels->len; k++)
    {
      const char *label = k + 1 < self->labels->len ? g_ptr_array_index (self->labels, k) : NULL;
      NewsmarkPrf prf[2];

      newsmark_agreement_get_prf (self, NEWSMARK_MATCH_EXACT, label, &prf[0]);
      newsmark_agreement_get_prf (self, NEWSMARK_MATCH_OVERLAP, label, &prf[1]);
      if (label != NULL && prf[0].tp + prf[0].fp + prf[0].fn == 0)
        continue;
      append_padded (s, label ? label : "(micro)", width);
      for (int mode = 0; mode < 2; mode++)
        {
          g_string_append_printf (s, "|%6.0f%6.0f%6.0f ", prf[mode].tp, prf[mode].fp, prf[mode].fn);
          append_number (s, prf[mode].precision, 6);
          append_number (s, prf[mode].recall, 7);
          append_number (s, prf[mode].f1, 7);
          g_string_append_c (s, ' ');
        }
      g_string_append (s, "\n");
    }

  if (self->n_coders > 2)
    {
      g_string_append (s, "\nPairs (micro F1, first of each pair as reference)\n");
      for (guint p = 0; p < self->pairs->len; p++)
        {
          Pair *pair = g_ptr_array_index (self->pairs, p);
          NewsmarkPrf exact, overlap;

          pair_prf (pair, NEWSMARK_MATCH_EXACT, NULL, &exact);
          pair_prf (pair, NEWSMARK_MATCH_OVERLAP, NULL, &overlap);
          g_string_append_printf (s, "  %s vs %s: exact", self->coder_names[pair->a],
                                  self->coder_names[pair->b]);
          append_number (s, exact.f1, 6);
          g_string_append (s, ", overlap");
          append_number (s, overlap.f1, 6);
          g_string_append (s, "\n");
        }
    }

  /* Token kappa. */
  g_string_append_printf (s, "\nToken-level %s kappa (%" G_GUINT64_FORMAT " tokens)\n",
                          self->n_coders == 2 ? "Cohen's" : "Fleiss'", self->n_tokens);
  append_padded (s, "label", width);
  g_string_append (s, "  kappa  observed  expected\n");
  for (guint k = 0; k < self->labels->len; k++)
    {
      const char *label = k + 1 < self->labels->len ? g_ptr_array_index (self->labels, k) : NULL;

      newsmark_agreement_get_token_kappa (self, label, &coef);
      if (label != NULL && !g_hash_table_contains (self->label_kappa, label))
        continue;
      append_padded (s, label ? label : "(all)", width);
      append_number (s, coef.value, 7);
      append_number (s, coef.observed, 10);
      append_number (s, coef.expected, 10);
      g_string_append (s, "\n");
    }

  /* αU. */
  g_string_append_printf (s, "\nKrippendorff's unitized alpha (continuum %" G_GUINT64_FORMAT
                          " code points%s)\n", self->continuum,
                          self->units_joined ? "; overlapping spans of one annotator joined" : "");
  append_padded (s, "label", width);
  g_string_append (s, "   alpha         uDo         uDe\n");
  for (guint k = 0; k < self->labels->len; k++)
    {
      const char *label = k + 1 < self->labels->len ? g_ptr_array_index (self->labels, k) : NULL;

      if (label != NULL && !g_hash_table_contains (self->units, label))
        continue;
      newsmark_agreement_get_alpha_u (self, label, &coef);
      append_padded (s, label ? label : "(all)", width);
      append_number (s, coef.value, 8);
      g_string_append_printf (s, "  %10.4g  %10.4g\n", isnan (coef.observed) ? 0.0 : coef.observed,
                              isnan (coef.expected) ? 0.0 : coef.expected);
    }

  /* Attributes. */
  if (self->attr_names->len > 1)
    {
      g_string_append (s, "\nAttributes on overlap-matched spans\n");
      append_padded (s, "attribute", MAX (width, 12));
      g_string_append (s, " pairs  agree  kappa\n");
      for (guint k = 0; k + 1 < self->attr_names->len; k++)
        {
          const char *name = g_ptr_array_index (self->attr_names, k);
          guint n;
          double pct;

          newsmark_agreement_get_attribute (self, name, &n, &pct, &coef);
          append_padded (s, name, MAX (width, 12));
          g_string_append_printf (s, "%6u", n);
          append_number (s, pct, 7);
          append_number (s, coef.value, 7);
          g_string_append (s, "\n");
        }
    }

  /* Confusion matrix, over the labels that occur (the JSON has them all). */
  {
    g_autoptr(GPtrArray) used = g_ptr_array_new ();

    for (guint k = 0; k < self->labels->len; k++)
      {
        const char *label = k + 1 < self->labels->len ? g_ptr_array_index (self->labels, k) : "none";
        gboolean occurs = FALSE;

        for (guint o = 0; o < self->labels->len && !occurs; o++)
          {
            const char *other = o + 1 < self->labels->len ? g_ptr_array_index (self->labels, o) : "none";

            occurs = newsmark_agreement_get_confusion (self, label, other) > 0 ||
                     newsmark_agreement_get_confusion (self, other, label) > 0;
          }
        if (occurs)
          g_ptr_array_add (used, (gpointer) label);
      }

    g_string_append (s, "\nLabel confusion (rows: first annotator, columns: second; same offsets)\n");
    append_padded (s, "", width);
    for (guint c = 0; c < used->len; c++)
      {
        const char *col = g_ptr_array_index (used, c);

        g_string_append_c (s, ' ');
        append_padded (s, col, MAX (6, (guint) g_utf8_strlen (col, -1)));
      }
    g_string_append (s, "\n");
    for (guint r = 0; r < used->len; r++)
      {
        const char *row = g_ptr_array_index (used, r);

        append_padded (s, row, width);
        for (guint c = 0; c < used->len; c++)
          {
            const char *col = g_ptr_array_index (used, c);
            g_autofree char *num = g_strdup_printf ("%u", newsmark_agreement_get_confusion (self, row, col));

            g_string_append_c (s, ' ');
            append_padded (s, num, MAX (6, (guint) g_utf8_strlen (col, -1)));
          }
        g_string_append (s, "\n");
      }
  }

  /* Disagreements. */
  g_string_append_printf (s, "\nDisagreements: %u\n", self->n_disagreements);
  for (size_t k = 0; k < json_object_array_length (self->disagreements); k++)
    {
      json_object *d = json_object_array_get_idx (self->disagreements, k);
      json_object *doc, *kind, *a, *b, *sa, *sb, *attr;

      json_object_object_get_ex (d, "document", &doc);
      json_object_object_get_ex (d, "kind", &kind);
      json_object_object_get_ex (d, "a", &a);
      json_object_object_get_ex (d, "b", &b);
      sa = json_object_object_get_ex (d, "span_a", &sa) ? sa : NULL;
      sb = json_object_object_get_ex (d, "span_b", &sb) ? sb : NULL;
      g_string_append_printf (s, "  %s: %s:", json_object_get_string (doc),
                              json_object_get_string (kind));
      if (sa)
        {
          g_string_append_printf (s, " %s ", json_object_get_string (a));
          append_span_text (s, sa);
        }
      if (sa && sb)
        g_string_append (s, " vs");
      if (sb)
        {
          g_string_append_printf (s, " %s ", json_object_get_string (b));
          append_span_text (s, sb);
        }
      if (json_object_object_get_ex (d, "attribute", &attr))
        {
          json_object *va, *vb;

          json_object_object_get_ex (d, "value_a", &va);
          json_object_object_get_ex (d, "value_b", &vb);
          g_string_append_printf (s, ": %s = %s vs %s", json_object_get_string (attr),
                                  json_object_get_string (va), json_object_get_string (vb));
        }
      g_string_append (s, "\n");
    }

  return g_string_free (s, FALSE);
}
