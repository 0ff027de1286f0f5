/* newsmark-reanchor.c — moving spans onto a changed article
 *
 * When an article is re-scraped or corrected, each span is looked for again
 * by its stored text. Among the exact occurrences in the new text, the one
 * whose surroundings best match the span's surroundings in the OLD text
 * wins, with the proportional position in the article as a small
 * tie-breaker. A span is only placed when the winner is clear; otherwise it
 * is kept in the unplaced list with its candidates, and a warning says so.
 * Nothing is ever deleted.
 *
 * Fast path: text before the first change and after the last change is
 * byte-identical, so spans lying wholly (context included) inside those
 * stretches keep their place, shifted by the length difference — exact,
 * and O(1) per span.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark/newsmark-io.h"
#include "newsmark-annotation-set-private.h"

/* Code points of context compared on each side. */
#define CONTEXT_CHARS   32
/* When two places tie on that, how far to look before calling it
 * ambiguous: a paragraph repeated verbatim (scraped pages often repeat a
 * block) is told apart by what surrounds the whole paragraph. */
#define WIDE_CONTEXT_CHARS 1024
/* A winner must beat the runner-up by this many points. */
#define CLEAR_MARGIN    3.0
/* Weight of the proportional position (0..1) in the score. */
#define POSITION_WEIGHT 2.0
/* A unique occurrence of a text this long is trusted without context. */
#define LONG_TEXT_CHARS 12
/* Candidates listed for an unplaced span. */
#define MAX_CANDIDATES  20

typedef struct {
  NewsmarkDocument *old_doc;
  NewsmarkDocument *new_doc;
  const char       *old_text;
  const char       *new_text;
  gsize             old_n;
  gsize             new_n;
  guint             old_len;
  guint             new_len;
  /* Unchanged stretches, in code points. */
  guint             prefix;        /* [0, prefix) identical in both */
  guint             old_suffix;    /* old [old_suffix, old_len) == new [new_suffix, new_len) */
  guint             new_suffix;
  /* text → GArray of byte positions in the new text */
  GHashTable       *occurrences;
  /* Every character start of the new text, sorted by the 8 bytes found
   * there: finding a text's occurrences is a binary search instead of a
   * scan of the whole article. Built on first use. */
  struct IndexEntry *index;
  gsize             n_index;
} Reanchor;

typedef struct IndexEntry {
  guint64 key;
  gsize   pos;     /* byte position in the new text */
  guint   offset;  /* the same in code points */
} IndexEntry;

/* One occurrence of a text in the new article. */
typedef struct {
  gsize pos;
  guint offset;
} Occurrence;

typedef struct {
  guint  start;
  guint  end;
  double score;
} Candidate;

static void
find_unchanged (Reanchor *ra)
{
  gsize max = MIN (ra->old_n, ra->new_n);
  gsize p = 0, s = 0;

  while (p < max && ra->old_text[p] == ra->new_text[p])
    p++;
  /* Back to the start of a character that is identical in both. */
  while (p > 0 && p < ra->old_n && ((guchar) ra->old_text[p] & 0xC0) == 0x80)
    p--;

  while (s < max - p && ra->old_text[ra->old_n - 1 - s] == ra->new_text[ra->new_n - 1 - s])
    s++;
  /* Forward to a character start. */
  while (s > 0 && ((guchar) ra->old_text[ra->old_n - s] & 0xC0) == 0x80)
    s--;

  ra->prefix = newsmark_document_byte_to_offset (ra->old_doc, p);
  ra->old_suffix = newsmark_document_byte_to_offset (ra->old_doc, ra->old_n - s);
  ra->new_suffix = newsmark_document_byte_to_offset (ra->new_doc, ra->new_n - s);
}

/* Code points that match going backwards from @a in @a_text and @b in
 * @b_text, up to CONTEXT_CHARS; both reaching the start of their texts at
 * once counts as a full match (the span starts the article in both).
 * Compares bytes (this runs for every candidate of every span), then
 * counts the characters whose bytes all matched. */
static guint
match_before (const char *a_text,
              const char *a,
              const char *b_text,
              const char *b,
              guint       max_chars)
{
  gsize max = MIN ((gsize) (a - a_text), (gsize) (b - b_text));
  gsize limit = MIN (max, (gsize) max_chars * 4);
  gsize n = 0;
  guint chars = 0;

  while (n < limit && a[-1 - (gssize) n] == b[-1 - (gssize) n])
    n++;

  /* Going backwards, a character's lead byte comes last: counting lead
   * bytes counts exactly the characters matched in full. */
  for (gsize i = 1; i <= n && chars < max_chars; i++)
    {
      if (((guchar) a[-(gssize) i] & 0xC0) != 0x80)
        chars++;
    }

  if (chars < max_chars && n == max && a - n == a_text && b - n == b_text)
    return max_chars;
  return chars;
}

static guint
match_after (const char *a,
             const char *a_end,
             const char *b,
             const char *b_end,
             guint       max_chars)
{
  gsize max = MIN ((gsize) (a_end - a), (gsize) (b_end - b));
  gsize limit = MIN (max, (gsize) max_chars * 4);
  gsize n = 0;
  guint chars = 0;

  while (n < limit && a[n] == b[n])
    n++;

  for (gsize i = 0; i < n && chars < max_chars; i++)
    {
      if (((guchar) a[i] & 0xC0) != 0x80)
        chars++;
    }
  /* A character cut by the mismatch did not match. */
  if (chars < max_chars && n < max && ((guchar) a[n] & 0xC0) == 0x80)
    chars--;

  if (chars < max_chars && n == max && a + n == a_end && b + n == b_end)
    return max_chars;
  return chars;
}

/* The first 8 bytes at @p (zero-padded past @end), big-endian so that
 * integer order is byte order. */
static guint64
key_at (const char *p,
        const char *end)
{
  guint64 key = 0;

  for (guint i = 0; i < 8; i++)
    key = (key << 8) | (p + i < end ? (guchar) p[i] : 0);
  return key;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const IndexEntry *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void
build_index (Reanchor *ra)
{
  const char *end = ra->new_text + ra->new_n;
  gsize n = 0;

  ra->index = g_new (IndexEntry, ra->new_len + 1);
  for (const char *p = ra->new_text; p < end; p = g_utf8_next_char (p))
    {
      ra->index[n].key = key_at (p, end);
      ra->index[n].pos = p - ra->new_text;
      ra->index[n].offset = (guint) n;
      n++;
    }
  ra->n_index = n;
  qsort (ra->index, n, sizeof (IndexEntry), compare_entries);
}

/* First index entry whose key is >= @key. */
static gsize
lower_bound (Reanchor *ra,
             guint64   key)
{
  gsize lo = 0, hi = ra->n_index;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (ra->index[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  gsize x = ((const Occurrence *) a)->pos, y = ((const Occurrence *) b)->pos;

  return x < y ? -1 : x > y;
}

/* Occurrences, in text order, of every occurrence of @text in the new
 * article, overlapping ones included (cached: the same name is usually
 * tagged many times). */
static GArray *
occurrences_of (Reanchor   *ra,
                const char *text)
{
  GArray *found = g_hash_table_lookup (ra->occurrences, text);
  gsize tlen = strlen (text);
  guint64 low, high;
  gsize i;

  if (found != NULL)
    return found;

  if (ra->index == NULL)
    build_index (ra);

  found = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  if (tlen > 0)
    {
      /* Every position whose 8-byte key starts with the text's first
       * min(8, tlen) bytes, then checked in full. */
      guint64 prefix = key_at (text, text + MIN (tlen, 8));
      guint shift = tlen >= 8 ? 0 : (guint) (8 - tlen) * 8;

      low = prefix;
      high = shift == 0 ? prefix : prefix | ((G_GUINT64_CONSTANT (1) << shift) - 1);

      for (i = lower_bound (ra, low); i < ra->n_index && ra->index[i].key <= high; i++)
        {
          Occurrence o = { ra->index[i].pos, ra->index[i].offset };

          if (o.pos + tlen <= ra->new_n && memcmp (ra->new_text + o.pos, text, tlen) == 0)
            g_array_append_val (found, o);
        }
      if (shift != 0)
        g_array_sort (found, compare_positions);
    }

  g_hash_table_insert (ra->occurrences, g_strdup (text), found);
  return found;
}

/* Looks for the piece [start, end) of the old text, whose text is @text,
 * in the new text. Returns TRUE with *out set when one occurrence is the
 * clear winner; otherwise FALSE with the candidates (best first) in
 * @candidates when non-NULL. */
static gboolean
place_piece (Reanchor    *ra,
             guint        start,
             guint        end,
             const char  *text,
             NewsmarkFragment *out,
             GArray      *candidates,
             gboolean    *fast)
{
  guint ctx_start = start >= CONTEXT_CHARS ? start - CONTEXT_CHARS : 0;
  guint ctx_end = MIN (end + CONTEXT_CHARS, ra->old_len);
  GArray *found;
  g_autoptr(GArray) scored = NULL;
  gsize old_start_byte, old_end_byte, tlen;
  double old_rel;
  const Candidate *best = NULL, *second = NULL;

  *fast = FALSE;

  /* Unchanged stretch before the first edit. */
  if (ctx_end <= ra->prefix)
    {
      out->start = start;
      out->end = end;
      *fast = TRUE;
      return TRUE;
    }
  /* Unchanged stretch after the last edit, shifted. */
  if (ctx_start >= ra->old_suffix)
    {
      out->start = start - ra->old_suffix + ra->new_suffix;
      out->end = end - ra->old_suffix + ra->new_suffix;
      *fast = TRUE;
      return TRUE;
    }

  if (text == NULL || text[0] == '\0')
    return FALSE;

  found = occurrences_of (ra, text);
  if (found->len == 0)
    return FALSE;

  tlen = strlen (text);
  old_start_byte = newsmark_document_offset_to_byte (ra->old_doc, start);
  old_end_byte = newsmark_document_offset_to_byte (ra->old_doc, end);
  old_rel = ra->old_len > 0 ? (double) start / ra->old_len : 0.0;

  scored = g_array_sized_new (FALSE, FALSE, sizeof (Candidate), found->len);
  for (guint wide = 0; wide < 2; wide++)
    {
      guint max_chars = wide ? WIDE_CONTEXT_CHARS : CONTEXT_CHARS;

      g_array_set_size (scored, 0);
      best = second = NULL;
      for (guint i = 0; i < found->len; i++)
        {
          gsize pos = g_array_index (found, Occurrence, i).pos;
          Candidate c;
          double new_rel;

          c.start = g_array_index (found, Occurrence, i).offset;
          c.end = c.start + (end - start);
          new_rel = ra->new_len > 0 ? (double) c.start / ra->new_len : 0.0;
          c.score = match_before (ra->old_text, ra->old_text + old_start_byte,
                                  ra->new_text, ra->new_text + pos, max_chars)
                  + match_after (ra->old_text + old_end_byte, ra->old_text + ra->old_n,
                                 ra->new_text + pos + tlen, ra->new_text + ra->new_n, max_chars)
                  + POSITION_WEIGHT * (1.0 - fabs (old_rel - new_rel));
          g_array_append_val (scored, c);
        }

      for (guint i = 0; i < scored->len; i++)
        {
          const Candidate *c = &g_array_index (scored, Candidate, i);

          if (best == NULL || c->score > best->score)
            {
              second = best;
              best = c;
            }
          else if (second == NULL || c->score > second->score)
            second = c;
        }

      /* Look wider only when the two best both matched all the context
       * compared and still tie: their whole surroundings may differ. */
      if (second == NULL || best->score - second->score >= CLEAR_MARGIN ||
          second->score < 2 * CONTEXT_CHARS)
        break;
    }

  if (second == NULL)
    {
      /* A single occurrence: trust it when the text is long enough to be
       * distinctive or some of its surroundings survived. */
      if (g_utf8_strlen (text, -1) >= LONG_TEXT_CHARS || best->score >= CLEAR_MARGIN + POSITION_WEIGHT)
        {
          out->start = best->start;
          out->end = best->end;
          return TRUE;
        }
    }
  else if (best->score - second->score >= CLEAR_MARGIN)
    {
      out->start = best->start;
      out->end = best->end;
      return TRUE;
    }

  if (candidates != NULL)
    {
      /* Candidates in text order, so the user can step through them. */
      for (guint i = 0; i < scored->len && candidates->len < MAX_CANDIDATES; i++)
        {
          NewsmarkFragment f = { g_array_index (scored, Candidate, i).start,
                                 g_array_index (scored, Candidate, i).end };
          g_array_append_val (candidates, f);
        }
    }
  return FALSE;
}

static char *
describe (NewsmarkSpan *span)
{
  const char *text = newsmark_span_get_text (span);
  glong n = text ? g_utf8_strlen (text, -1) : 0;

  if (n <= 40)
    return g_strdup_printf ("%s (%s \"%s\")", newsmark_span_get_id (span),
                            newsmark_span_get_label (span), text ? text : "");
  else
    {
      const char *cut = g_utf8_offset_to_pointer (text, 37);
      return g_strdup_printf ("%s (%s \"%.*s…\")", newsmark_span_get_id (span),
                              newsmark_span_get_label (span), (int) (cut - text), text);
    }
}

/* Re-anchors one placed span; returns TRUE when placed (the span updated),
 * FALSE when it must go to the unplaced list (reason and candidates set). */
static gboolean
reanchor_span (Reanchor     *ra,
               NewsmarkSpan *span,
               gboolean     *moved)
{
  guint n_fragments = newsmark_span_get_n_fragments (span);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  gboolean fast;

  *moved = FALSE;

  if (n_fragments == 0)
    {
      NewsmarkFragment placed;
      guint start = newsmark_span_get_start (span);
      guint end = newsmark_span_get_end (span);

      if (place_piece (ra, start, end, newsmark_span_get_text (span), &placed, candidates, &fast))
        {
          *moved = placed.start != start;
          if (*moved)
            {
              /* The stored text is what was matched, so it stays exact. */
              g_autofree char *text = g_strdup (newsmark_span_get_text (span));

              newsmark_span_set_range (span, placed.start, placed.end);
              newsmark_span_set_text (span, text);
            }
          return TRUE;
        }
    }
  else
    {
      const NewsmarkFragment *old = newsmark_span_get_fragments (span);
      const char * const *texts = newsmark_span_get_fragment_texts (span);
      g_autofree NewsmarkFragment *placed = g_new0 (NewsmarkFragment, n_fragments);
      gboolean ok = TRUE;

      /* Each fragment on its own: the interrupting "she said" may have
       * been rewritten while the quoted words stayed. */
      for (guint i = 0; i < n_fragments && ok; i++)
        {
          const char *text = texts != NULL ? texts[i] : NULL;

          if (!place_piece (ra, old[i].start, old[i].end, text, &placed[i], candidates, &fast))
            ok = FALSE;
          else if (i > 0 && placed[i].start < placed[i - 1].end)
            ok = FALSE;
        }

      if (ok)
        {
          for (guint i = 0; i < n_fragments; i++)
            {
              if (placed[i].start != old[i].start)
                *moved = TRUE;
            }
          if (*moved)
            {
              /* set_fragments keeps the stored fragment texts: they are
               * what was matched, so they are still exact. */
              g_auto(GStrv) keep = g_strdupv ((char **) texts);

              newsmark_span_set_fragments (span, placed, n_fragments);
              newsmark_span_set_fragment_texts (span, (const char * const *) keep);
            }
          return TRUE;
        }
    }

  newsmark_span_set_unplaced_reason (span, "article-changed");
  newsmark_span_set_candidates (span, (const NewsmarkFragment *) (gpointer) candidates->data, candidates->len);
  return FALSE;
}

/* Context for an unplaced span: its surroundings in the old text, so the
 * user can find where it was. */
static void
set_old_context (Reanchor     *ra,
                 NewsmarkSpan *span)
{
  guint start = newsmark_span_get_start (span);
  guint end = newsmark_span_get_end (span);
  guint ctx_start = start >= CONTEXT_CHARS ? start - CONTEXT_CHARS : 0;
  guint ctx_end = MIN (end + CONTEXT_CHARS, ra->old_len);
  g_autofree char *context = NULL;

  if (end > ra->old_len || start >= end)
    return;
  context = newsmark_document_dup_slice (ra->old_doc, ctx_start, ctx_end);
  newsmark_span_set_context (span, context);
}

guint
newsmark_annotation_set_reanchor (NewsmarkAnnotationSet *self,
                                  NewsmarkDocument      *new_document,
                                  GPtrArray             *problems)
{
  g_autoptr(NewsmarkDocument) old_document = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autofree char *file_name = NULL;
  Reanchor ra = { 0 };
  guint n_placed_before;
  guint n_kept = 0, n_moved = 0, n_lost = 0;
  GFile *file;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), 0);
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (new_document), 0);

  old_document = g_object_ref (newsmark_annotation_set_get_document (self));
  file = newsmark_annotation_set_get_file (self);
  if (file != NULL)
    file_name = g_file_get_parse_name (file);

  if (old_document == new_document)
    return 0;

  ra.old_doc = old_document;
  ra.new_doc = new_document;
  ra.old_text = newsmark_document_get_text (old_document);
  ra.new_text = newsmark_document_get_text (new_document);
  ra.old_n = newsmark_document_get_n_bytes (old_document);
  ra.new_n = newsmark_document_get_n_bytes (new_document);
  ra.old_len = newsmark_document_get_length (old_document);
  ra.new_len = newsmark_document_get_length (new_document);
  ra.occurrences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  find_unchanged (&ra);

  n_placed_before = g_list_model_get_n_items (newsmark_annotation_set_get_spans (self));
  spans = _newsmark_annotation_set_take_spans (self);
  _newsmark_annotation_set_set_document (self, new_document);

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);

      if (i < n_placed_before)
        {
          gboolean moved;

          if (reanchor_span (&ra, span, &moved))
            {
              if (moved)
                n_moved++;
              else
                n_kept++;
              _newsmark_annotation_set_load_span (self, span);
            }
          else
            {
              g_autofree char *what = describe (span);
              guint n_candidates = newsmark_span_get_n_candidates (span);

              set_old_context (&ra, span);
              n_lost++;
              if (problems != NULL)
                {
                  if (n_candidates == 0)
                    g_ptr_array_add (problems,
                                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, file_name, NULL, 0, 0,
                                                           "span %s could not be placed in the changed article: "
                                                           "its text is no longer there; kept under \"unplaced\"",
                                                           what));
                  else
                    g_ptr_array_add (problems,
                                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, file_name, NULL, 0, 0,
                                                           "span %s could not be placed in the changed article: "
                                                           "%u possible places and none clearly best; kept under "
                                                           "\"unplaced\" with its candidates",
                                                           what, n_candidates));
                }
              _newsmark_annotation_set_load_unplaced (self, span);
            }
        }
      else
        {
          /* Already unplaced: its candidates pointed into the old text;
           * list where its text occurs now instead. */
          const char *text = newsmark_span_get_text (span);
          g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));

          if (newsmark_span_get_n_fragments (span) == 0 && text != NULL && text[0] != '\0')
            {
              GArray *found = occurrences_of (&ra, text);
              guint len = g_utf8_strlen (text, -1);

              for (guint j = 0; j < found->len && candidates->len < MAX_CANDIDATES; j++)
                {
                  NewsmarkFragment f;

                  f.start = g_array_index (found, Occurrence, j).offset;
                  f.end = f.start + len;
                  g_array_append_val (candidates, f);
                }
            }
          newsmark_span_set_candidates (span, (const NewsmarkFragment *) (gpointer) candidates->data,
                                        candidates->len);
          _newsmark_annotation_set_load_unplaced (self, span);
        }
    }

  _newsmark_annotation_set_finish_load (self);
  newsmark_annotation_set_set_modified (self, TRUE);

  if (problems != NULL)
    g_ptr_array_add (problems,
                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, file_name, NULL, 0, 0,
                                           "re-anchored onto the changed article: %u spans kept their place, "
                                           "%u moved, %u could not be placed",
                                           n_kept, n_moved, n_lost));

  g_hash_table_unref (ra.occurrences);
  g_free (ra.index);
  return n_lost;
}
