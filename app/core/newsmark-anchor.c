/* newsmark-anchor.c — finding a model's strings in the article
 *
 * Models quote the article imperfectly: straight quotes for curly ones, a
 * hyphen for an en dash, one space for a line break. The index keeps a
 * normalised copy of the article with, for each of its bytes, the exact
 * article position it came from, so a match in the copy maps back to exact
 * code point offsets and the article itself is never touched.
 *
 * Lookups must stay fast for tens of thousands of strings on a 2 MB article,
 * so the copy is indexed by 4-byte grams (counting sort into one positions
 * array): a needle is looked up through its rarest gram and only those
 * positions are compared.
 */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark-suggest.h"
#include "newsmark-anchor-private.h"

#define GRAM 4

typedef struct {
  GArray   *ranges;  /* NewsmarkFragment */
  gboolean  exact;
} CacheEntry;

struct _NewsmarkAnchorIndex {
  NewsmarkDocument *document;
  const char       *text;
  gsize             n_bytes;

  /* The normalised copy and, per byte of it, the code point offset and
   * the byte offset of the article character it came from. */
  char             *norm;
  gsize             norm_len;
  guint32          *norm_cp;
  guint32          *norm_byte;

  /* Gram table: positions of grams hashing to bucket b are
   * positions[bucket_start[b] .. bucket_start[b + 1]), ascending. */
  guint             bits;
  guint32          *bucket_start;
  guint32          *positions;

  /* Models repeat strings ("the government"): needle → CacheEntry. */
  GHashTable       *cache;
};

const char *
newsmark_anchor_result_to_string (NewsmarkAnchorResult result)
{
  switch (result)
    {
    case NEWSMARK_ANCHOR_EXACT:      return "exact";
    case NEWSMARK_ANCHOR_NORMALISED: return "normalised";
    case NEWSMARK_ANCHOR_AMBIGUOUS:  return "ambiguous";
    case NEWSMARK_ANCHOR_NOT_FOUND:  return "not-found";
    default:                         return "unknown";
    }
}

/* ---- Normalisation --------------------------------------------------------- */

/* Characters the normaliser drops (they are invisible in the article). */
static const gunichar dropped[] = { 0x00AD, 0x200B, 0xFEFF };

typedef enum {
  NORM_KEEP,
  NORM_SPACE,
  NORM_DROP,
  NORM_REPLACE,
} NormKind;

static NormKind
classify (gunichar     c,
          const char **replacement)
{
  if (c < 0x80)
    {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return NORM_SPACE;
      return NORM_KEEP;
    }

  switch (c)
    {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032: case 0x2035: case 0x02BC: case 0xFF07:
      *replacement = "'";
      return NORM_REPLACE;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x2036: case 0xFF02:
      *replacement = "\"";
      return NORM_REPLACE;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013:
    case 0x2014: case 0x2015: case 0x2212: case 0xFE58:
    case 0xFE63: case 0xFF0D:
      *replacement = "-";
      return NORM_REPLACE;
    case 0x2026:
      *replacement = "...";
      return NORM_REPLACE;
    case 0x00A0: case 0x202F: case 0x2007: case 0x2028: case 0x2029: case 0x0085:
      return NORM_SPACE;
    default:
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    {
      if (c == dropped[i])
        return NORM_DROP;
    }

  if (g_unichar_isspace (c))
    return NORM_SPACE;

  return NORM_KEEP;
}

/* Normalises @text into @out; when @cp_map / @byte_map are given, appends
 * for each output byte the code point and byte offset of its source
 * character. */
static void
normalise_into (const char *text,
                gsize       n_bytes,
                GString    *out,
                GArray     *cp_map,
                GArray     *byte_map)
{
  const char *p = text;
  const char *end = text + n_bytes;
  guint32 cp = 0;
  gboolean pending_space = FALSE;
  guint32 space_cp = 0;
  guint32 space_byte = 0;

  while (p < end)
    {
      const char *replacement = NULL;
      const char *next;
      gunichar c;
      NormKind kind;

      if ((guchar) *p < 0x80)
        {
          c = (guchar) *p;
          next = p + 1;
        }
      else
        {
          c = g_utf8_get_char (p);
          next = g_utf8_next_char (p);
        }

      kind = classify (c, &replacement);

      if (kind == NORM_SPACE)
        {
          if (!pending_space && out->len > 0)
            {
              pending_space = TRUE;
              space_cp = cp;
              space_byte = (guint32) (p - text);
            }
        }
      else if (kind != NORM_DROP)
        {
          const char *bytes = kind == NORM_REPLACE ? replacement : p;
          gsize n = kind == NORM_REPLACE ? strlen (replacement) : (gsize) (next - p);
          guint32 here_byte = (guint32) (p - text);

          if (pending_space)
            {
              g_string_append_c (out, ' ');
              if (cp_map != NULL)
                {
                  g_array_append_val (cp_map, space_cp);
                  g_array_append_val (byte_map, space_byte);
                }
              pending_space = FALSE;
            }

          g_string_append_len (out, bytes, n);
          if (cp_map != NULL)
            {
              for (gsize i = 0; i < n; i++)
                {
                  g_array_append_val (cp_map, cp);
                  g_array_append_val (byte_map, here_byte);
                }
            }
        }

      cp++;
      p = next;
    }
}

void
_newsmark_anchor_normalise_into (const char *text,
                                 gsize       n_bytes,
                                 GString    *out,
                                 GArray     *cp_map,
                                 GArray     *byte_map)
{
  normalise_into (text, n_bytes, out, cp_map, byte_map);
}

void
_newsmark_anchor_verbatim_piece (const char *normalised,
                                 gsize       len,
                                 gsize      *start,
                                 gsize      *piece_len)
{
  gsize run_start = 0;

  *start = 0;
  *piece_len = 0;
  for (gsize i = 0; i <= len; i++)
    {
      /* What replacements produce, and the space runs become. */
      if (i == len || strchr (" '\"-.", normalised[i]) != NULL)
        {
          if (i - run_start > *piece_len)
            {
              *start = run_start;
              *piece_len = i - run_start;
            }
          run_start = i + 1;
        }
    }
}

gboolean
_newsmark_anchor_has_dropped (const char *text,
                              gsize       n_bytes)
{
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    {
      char utf8[6];
      gint n = g_unichar_to_utf8 (dropped[i], utf8);

      if (memmem (text, n_bytes, utf8, (gsize) n) != NULL)
        return TRUE;
    }
  return FALSE;
}

char *
newsmark_anchor_normalise (const char *text,
                           gssize      len)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (text);

  out = g_string_sized_new ((gsize) len);
  normalise_into (text, (gsize) len, out, NULL, NULL);

  return g_string_free (out, FALSE);
}

/* ---- The index --------------------------------------------------------------- */

static inline guint32
gram_hash (const char *p,
           guint       bits)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return (v * 2654435761u) >> (32 - bits);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_array_unref (entry->ranges);
  g_free (entry);
}

NewsmarkAnchorIndex *
newsmark_anchor_index_new (NewsmarkDocument *document)
{
  NewsmarkAnchorIndex *index;
  GString *norm;
  GArray *cp_map;
  GArray *byte_map;
  gsize n_grams;
  guint n_buckets;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);

  index = g_new0 (NewsmarkAnchorIndex, 1);
  index->document = g_object_ref (document);
  index->text = newsmark_document_get_text (document);
  index->n_bytes = newsmark_document_get_n_bytes (document);

  norm = g_string_sized_new (index->n_bytes + 1);
  cp_map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), index->n_bytes + 1);
  byte_map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), index->n_bytes + 1);
  normalise_into (index->text, index->n_bytes, norm, cp_map, byte_map);

  index->norm_len = norm->len;
  index->norm = g_string_free (norm, FALSE);
  index->norm_cp = (guint32 *) (gpointer) g_array_free (cp_map, FALSE);
  index->norm_byte = (guint32 *) (gpointer) g_array_free (byte_map, FALSE);

  /* About one bucket per gram, at least 1024, at most 2^24. */
  n_grams = index->norm_len >= GRAM ? index->norm_len - GRAM + 1 : 0;
  index->bits = 10;
  while (index->bits < 24 && ((gsize) 1 << index->bits) < n_grams)
    index->bits++;
  n_buckets = 1u << index->bits;

  index->bucket_start = g_new0 (guint32, n_buckets + 1);
  index->positions = g_new (guint32, MAX (n_grams, 1));

  for (gsize i = 0; i < n_grams; i++)
    index->bucket_start[gram_hash (index->norm + i, index->bits) + 1]++;
  for (guint b = 0; b < n_buckets; b++)
    index->bucket_start[b + 1] += index->bucket_start[b];
  {
    g_autofree guint32 *fill = g_memdup2 (index->bucket_start, sizeof (guint32) * n_buckets);

    for (gsize i = 0; i < n_grams; i++)
      index->positions[fill[gram_hash (index->norm + i, index->bits)]++] = (guint32) i;
  }

  index->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);

  return index;
}

void
newsmark_anchor_index_free (NewsmarkAnchorIndex *index)
{
  if (index == NULL)
    return;

  g_clear_object (&index->document);
  g_free (index->norm);
  g_free (index->norm_cp);
  g_free (index->norm_byte);
  g_free (index->bucket_start);
  g_free (index->positions);
  g_hash_table_unref (index->cache);
  g_free (index);
}

NewsmarkDocument *
newsmark_anchor_index_get_document (NewsmarkAnchorIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  return index->document;
}

/* Positions in the normalised copy where @needle (already normalised)
 * occurs, ascending; overlapping matches included. */
static GArray *
find_normalised (NewsmarkAnchorIndex *index,
                 const char          *needle,
                 gsize                len)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (len == 0 || len > index->norm_len)
    return found;

  if (len >= GRAM)
    {
      guint32 best_bucket = 0;
      guint32 best_size = G_MAXUINT32;
      gsize best_j = 0;

      /* The rarest gram of the needle gives the fewest positions to try. */
      for (gsize j = 0; j + GRAM <= len; j++)
        {
          guint32 b = gram_hash (needle + j, index->bits);
          guint32 size = index->bucket_start[b + 1] - index->bucket_start[b];

          if (size < best_size)
            {
              best_size = size;
              best_bucket = b;
              best_j = j;
              if (size == 0)
                break;
            }
        }

      for (guint32 k = index->bucket_start[best_bucket];
           k < index->bucket_start[best_bucket + 1];
           k++)
        {
          guint32 p = index->positions[k];
          guint32 s;

          if (p < best_j)
            continue;
          s = p - (guint32) best_j;
          if (s + len <= index->norm_len && memcmp (index->norm + s, needle, len) == 0)
            g_array_append_val (found, s);
        }
    }
  else
    {
      const char *hay = index->norm;
      const char *hay_end = index->norm + index->norm_len;

      while (hay < hay_end)
        {
          const char *hit = memmem (hay, (gsize) (hay_end - hay), needle, len);
          guint32 s;

          if (hit == NULL)
            break;
          s = (guint32) (hit - index->norm);
          g_array_append_val (found, s);
          hay = hit + 1;
        }
    }

  return found;
}

static gboolean
is_word_char (gunichar c)
{
  /* Combining marks belong to the letter before them. */
  return g_unichar_isalnum (c) || c == '_' || c == 0x200D || g_unichar_ismark (c);
}

/* TRUE when [start_byte, end_byte) of the article neither begins nor ends
 * inside a word. */
static gboolean
at_word_boundaries (NewsmarkAnchorIndex *index,
                    gsize                start_byte,
                    gsize                end_byte)
{
  const char *text = index->text;

  if (start_byte > 0 && is_word_char (g_utf8_get_char (text + start_byte)))
    {
      const char *prev = g_utf8_find_prev_char (text, text + start_byte);

      if (prev != NULL && is_word_char (g_utf8_get_char (prev)))
        return FALSE;
    }

  if (end_byte < index->n_bytes && end_byte > start_byte)
    {
      const char *last = g_utf8_find_prev_char (text, text + end_byte);

      if (last != NULL && is_word_char (g_utf8_get_char (last)) &&
          is_word_char (g_utf8_get_char (text + end_byte)))
        return FALSE;
    }

  return TRUE;
}

/* ASCII white space at both ends does not count against an exact match:
 * models often pad or trim what they quote. */
static void
trim_ascii (const char **str,
            gsize       *len)
{
  while (*len > 0 && g_ascii_isspace ((*str)[0]))
    {
      (*str)++;
      (*len)--;
    }
  while (*len > 0 && g_ascii_isspace ((*str)[*len - 1]))
    (*len)--;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const NewsmarkFragment *fa = a;
  const NewsmarkFragment *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  return 0;
}

static void
sort_unique (GArray *ranges)
{
  guint out = 0;

  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      if (out > 0 && compare_ranges (&g_array_index (ranges, NewsmarkFragment, out - 1),
                                     &g_array_index (ranges, NewsmarkFragment, i)) == 0)
        continue;
      g_array_index (ranges, NewsmarkFragment, out++) = g_array_index (ranges, NewsmarkFragment, i);
    }
  g_array_set_size (ranges, out);
}

static CacheEntry *
lookup (NewsmarkAnchorIndex *index,
        const char          *text)
{
  /* Four tiers, best first: verbatim whole-word matches, normalised
   * whole-word matches, then the same inside words. */
  GArray *tiers[4];
  g_autofree char *needle = NULL;
  g_autoptr(GArray) found = NULL;
  const char *trimmed = text;
  gsize trimmed_len = strlen (text);
  gsize needle_len;
  CacheEntry *entry;

  entry = g_hash_table_lookup (index->cache, text);
  if (entry != NULL)
    return entry;

  trim_ascii (&trimmed, &trimmed_len);
  needle = newsmark_anchor_normalise (text, -1);
  needle_len = strlen (needle);
  found = find_normalised (index, needle, needle_len);

  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    tiers[t] = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));

  for (guint i = 0; i < found->len; i++)
    {
      guint32 s = g_array_index (found, guint32, i);
      guint32 last = s + (guint32) needle_len - 1;
      gsize start_byte = index->norm_byte[s];
      gsize end_byte = index->norm_byte[last];
      NewsmarkFragment range;
      gboolean exact;
      gboolean word;

      end_byte = (gsize) (g_utf8_next_char (index->text + end_byte) - index->text);
      range.start = index->norm_cp[s];
      range.end = index->norm_cp[last] + 1;

      exact = (end_byte - start_byte == trimmed_len &&
               memcmp (index->text + start_byte, trimmed, trimmed_len) == 0);
      word = at_word_boundaries (index, start_byte, end_byte);

      g_array_append_val (tiers[(word ? 0 : 2) + (exact ? 0 : 1)], range);
    }

  entry = g_new0 (CacheEntry, 1);
  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      if (entry->ranges == NULL && tiers[t]->len > 0)
        {
          entry->ranges = g_array_ref (tiers[t]);
          entry->exact = (t % 2) == 0;
        }
      g_array_unref (tiers[t]);
    }
  if (entry->ranges == NULL)
    entry->ranges = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  sort_unique (entry->ranges);

  g_hash_table_insert (index->cache, g_strdup (text), entry);

  return entry;
}

GArray *
newsmark_anchor_index_find (NewsmarkAnchorIndex *index,
                            const char          *text,
                            gboolean            *exact)
{
  CacheEntry *entry;
  GArray *copy;

  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  entry = lookup (index, text);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (NewsmarkFragment), entry->ranges->len);
  g_array_append_vals (copy, entry->ranges->data, entry->ranges->len);

  if (exact != NULL)
    *exact = entry->exact && entry->ranges->len > 0;

  return copy;
}

/* ---- Choosing between candidates ------------------------------------------- */

/* First byte of the normalised copy that maps to code point >= @cp. */
static gsize
norm_position_of (NewsmarkAnchorIndex *index,
                  guint                cp)
{
  gsize lo = 0;
  gsize hi = index->norm_len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (index->norm_cp[mid] < cp)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Case-folded words of @text (letters and digits), each at least 2
 * characters, added to @words. */
static void
collect_words (const char *text,
               gsize       len,
               GHashTable *words)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *word_start;

      while (p < end && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      word_start = p;
      while (p < end && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      if (g_utf8_strlen (word_start, p - word_start) >= 2)
        g_hash_table_add (words, g_utf8_casefold (word_start, p - word_start));
    }
}

/* Indices of the candidates that sit where the context occurs with the
 * text at the same place inside it. */
static GArray *
candidates_in_context (NewsmarkAnchorIndex *index,
                       const char          *norm_text,
                       const char          *norm_context,
                       GArray              *candidates)
{
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GHashTable) starts = g_hash_table_new (NULL, NULL);
  GArray *chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize text_len = strlen (norm_text);

  if (text_len == 0)
    return chosen;

  hits = find_normalised (index, norm_context, strlen (norm_context));

  for (guint h = 0; h < hits->len; h++)
    {
      guint32 ctx_start = g_array_index (hits, guint32, h);
      const char *in = norm_context;

      /* The text may occur more than once inside the context. */
      while ((in = strstr (in, norm_text)) != NULL)
        {
          gsize at = ctx_start + (gsize) (in - norm_context);

          if (at < index->norm_len)
            g_hash_table_add (starts, GUINT_TO_POINTER (index->norm_cp[at] + 1));
          in++;
        }
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      const NewsmarkFragment *c = &g_array_index (candidates, NewsmarkFragment, i);

      if (g_hash_table_contains (starts, GUINT_TO_POINTER (c->start + 1)))
        g_array_append_val (chosen, i);
    }

  return chosen;
}

static guint
context_score (NewsmarkAnchorIndex *index,
               const NewsmarkFragment *candidate,
               GHashTable          *context_words,
               gsize                window)
{
  g_autoptr(GHashTable) near = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer word;
  gsize from = norm_position_of (index, candidate->start);
  gsize to = norm_position_of (index, candidate->end);
  guint score = 0;

  from = from > window ? from - window : 0;
  to = MIN (index->norm_len, to + window);
  /* Do not start or stop inside a UTF-8 sequence. */
  while (from > 0 && (index->norm[from] & 0xC0) == 0x80)
    from--;
  while (to < index->norm_len && (index->norm[to] & 0xC0) == 0x80)
    to++;

  collect_words (index->norm + from, to - from, near);

  g_hash_table_iter_init (&iter, context_words);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    {
      if (g_hash_table_contains (near, word))
        score++;
    }

  return score;
}

gboolean
newsmark_anchor_index_choose (NewsmarkAnchorIndex *index,
                              const char          *text,
                              GArray              *candidates,
                              const char          *context,
                              guint                occurrence,
                              guint               *chosen)
{
  g_autofree char *norm_text = NULL;
  g_autofree char *norm_context = NULL;
  g_autoptr(GArray) subset = NULL;
  g_autoptr(GHashTable) context_words = NULL;
  guint best = G_MAXUINT;
  guint best_score = 0;
  gboolean tie = FALSE;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (candidates != NULL, FALSE);

  if (candidates->len == 0)
    return FALSE;

  if (occurrence > 0)
    {
      if (occurrence > candidates->len)
        return FALSE;
      if (chosen != NULL)
        *chosen = occurrence - 1;
      return TRUE;
    }

  if (candidates->len == 1)
    {
      if (chosen != NULL)
        *chosen = 0;
      return TRUE;
    }

  if (context == NULL || context[0] == '\0')
    return FALSE;

  norm_text = newsmark_anchor_normalise (text, -1);
  norm_context = newsmark_anchor_normalise (context, -1);

  /* The context quoted verbatim (after normalising) around the text. */
  subset = candidates_in_context (index, norm_text, norm_context, candidates);
  if (subset->len == 1)
    {
      if (chosen != NULL)
        *chosen = g_array_index (subset, guint, 0);
      return TRUE;
    }

  /* Otherwise (the context was paraphrased, or appears more than once) the
   * candidate with the most context words nearby, if one stands out. */
  if (subset->len == 0)
    {
      for (guint i = 0; i < candidates->len; i++)
        g_array_append_val (subset, i);
    }

  context_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_words (norm_context, strlen (norm_context), context_words);
  if (g_hash_table_size (context_words) == 0)
    return FALSE;

  for (guint k = 0; k < subset->len; k++)
    {
      guint i = g_array_index (subset, guint, k);
      guint score = context_score (index,
                                   &g_array_index (candidates, NewsmarkFragment, i),
                                   context_words,
                                   strlen (norm_context) + 16);

      if (score > best_score)
        {
          best_score = score;
          best = i;
          tie = FALSE;
        }
      else if (score == best_score)
        {
          tie = TRUE;
        }
    }

  if (best == G_MAXUINT || tie)
    return FALSE;

  if (chosen != NULL)
    *chosen = best;
  return TRUE;
}

gboolean
newsmark_anchor_index_choose_by_surroundings (NewsmarkAnchorIndex *index,
                                              GArray              *candidates,
                                              const char          *before,
                                              const char          *after,
                                              guint               *chosen)
{
  g_autofree char *norm_before = NULL;
  g_autofree char *norm_after = NULL;
  gsize before_len, after_len;
  gsize best_score = 0;
  guint best = G_MAXUINT;
  gboolean tie = FALSE;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (candidates != NULL, FALSE);

  norm_before = newsmark_anchor_normalise (before != NULL ? before : "", -1);
  norm_after = newsmark_anchor_normalise (after != NULL ? after : "", -1);
  before_len = strlen (norm_before);
  after_len = strlen (norm_after);

  for (guint i = 0; i < candidates->len; i++)
    {
      const NewsmarkFragment *c = &g_array_index (candidates, NewsmarkFragment, i);
      gsize left = norm_position_of (index, c->start);
      gsize right = norm_position_of (index, c->end);
      gsize score = 0;
      gsize a, b;

      /* Normalised copies drop the space at their ends: skip the one next
       * to the candidate before comparing outwards. */
      while (left > 0 && index->norm[left - 1] == ' ')
        left--;
      while (right < index->norm_len && index->norm[right] == ' ')
        right++;

      for (a = left, b = before_len; a > 0 && b > 0 && index->norm[a - 1] == norm_before[b - 1]; a--, b--)
        score++;
      for (a = right, b = 0; a < index->norm_len && b < after_len && index->norm[a] == norm_after[b]; a++, b++)
        score++;

      if (score > best_score)
        {
          best_score = score;
          best = i;
          tie = FALSE;
        }
      else if (score == best_score)
        {
          tie = TRUE;
        }
    }

  if (best == G_MAXUINT || tie)
    return FALSE;

  if (chosen != NULL)
    *chosen = best;
  return TRUE;
}

NewsmarkAnchorResult
newsmark_anchor_index_anchor (NewsmarkAnchorIndex *index,
                              const char          *text,
                              const char          *context,
                              guint                occurrence,
                              NewsmarkFragment    *range,
                              GArray             **candidates)
{
  CacheEntry *entry;
  guint chosen = 0;

  g_return_val_if_fail (index != NULL, NEWSMARK_ANCHOR_NOT_FOUND);
  g_return_val_if_fail (text != NULL, NEWSMARK_ANCHOR_NOT_FOUND);

  if (candidates != NULL)
    *candidates = NULL;

  entry = lookup (index, text);

  if (newsmark_anchor_index_choose (index, text, entry->ranges, context, occurrence, &chosen))
    {
      if (range != NULL)
        *range = g_array_index (entry->ranges, NewsmarkFragment, chosen);
      return entry->exact ? NEWSMARK_ANCHOR_EXACT : NEWSMARK_ANCHOR_NORMALISED;
    }

  if (candidates != NULL)
    {
      *candidates = g_array_sized_new (FALSE, FALSE, sizeof (NewsmarkFragment), entry->ranges->len);
      g_array_append_vals (*candidates, entry->ranges->data, entry->ranges->len);
    }

  /* An occurrence past the last match is not found, but the matches are
   * still worth showing. */
  if (entry->ranges->len == 0 || occurrence > 0)
    return NEWSMARK_ANCHOR_NOT_FOUND;

  return NEWSMARK_ANCHOR_AMBIGUOUS;
}
