/* newsmark-span-list.c — the sorted span model and its interval index */

#include "config.h"

#include <string.h>

#include "newsmark-span-list-private.h"

/* ---- Natural id order ---------------------------------------------------- */

int
_newsmark_id_compare (const char *a,
                      const char *b)
{
  if (a == b)
    return 0;
  if (a == NULL)
    return -1;
  if (b == NULL)
    return 1;

  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *da = a, *db = b;
          gsize la, lb;
          int c;

          /* Leading zeros do not change the value, but keep "s01" and "s1"
           * distinct (and ordered) so the order stays total. */
          while (*da == '0' && g_ascii_isdigit (da[1]))
            da++;
          while (*db == '0' && g_ascii_isdigit (db[1]))
            db++;
          la = 0;
          while (g_ascii_isdigit (da[la]))
            la++;
          lb = 0;
          while (g_ascii_isdigit (db[lb]))
            lb++;
          if (la != lb)
            return la < lb ? -1 : 1;
          c = memcmp (da, db, la);
          if (c != 0)
            return c < 0 ? -1 : 1;
          if ((da - a) != (db - b))
            return (da - a) < (db - b) ? -1 : 1;
          a = da + la;
          b = db + lb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  if (*a == *b)
    return 0;
  return *a == '\0' ? -1 : 1;
}

/* ---- NewsmarkSpanList ------------------------------------------------------- */

/* Spans are stored in position order in a sequence of chunks of at most
 * CHUNK_MAX items, each with parallel start/end/flag arrays. An insertion
 * or removal moves at most one chunk's worth of memory (a few kilobytes)
 * whatever the number of spans, and invalidates only that chunk's maximum
 * end and the cheap per-chunk prefix counts. A query visits only the chunks
 * whose start range can contain a match and skips those whose maximum end
 * does not reach the queried offset. */
#define CHUNK_MAX      512
#define CHUNK_FILL     384            /* chunks built in bulk leave room to grow */

/* Spans longer than LONG_SPAN code points are also listed apart, in position
 * order, and left out of the chunk maxima: a few long spans scattered
 * through the text would otherwise make every chunk qualify. Short spans
 * can only match a query if they start at most LONG_SPAN before it, which
 * bounds the chunks to visit. */
#define LONG_SPAN      256
#define ITEM_FRAGMENTS 0x1
#define ITEM_LONG      0x2

typedef struct {
  guint          n;
  guint          max_end;   /* over short items, valid unless dirty */
  gboolean       dirty;
  NewsmarkSpan  *items[CHUNK_MAX];
  guint          starts[CHUNK_MAX];
  guint          ends[CHUNK_MAX];
  guint8         flags[CHUNK_MAX];
} Chunk;

typedef struct {
  guint         start;
  guint         end;
  NewsmarkSpan *span;
  gboolean      fragments;
} LongItem;

struct _NewsmarkSpanList
{
  GObject        parent_instance;

  GPtrArray     *chunks;        /* Chunk*, never empty chunks */
  guint          n;

  guint         *prefix;        /* prefix[c] = items before chunk c */
  guint          prefix_alloc;
  gboolean       prefix_dirty;

  NewsmarkSpan **flat;          /* position order, for _peek; rebuilt on demand */
  gboolean       flat_valid;

  GArray        *longs;         /* LongItem */
};

static void span_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkSpanList, _newsmark_span_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, span_list_model_iface_init))

static void
ensure_prefix (NewsmarkSpanList *self)
{
  guint total = 0;

  if (!self->prefix_dirty)
    return;
  if (self->prefix_alloc < self->chunks->len + 1)
    {
      self->prefix_alloc = MAX (self->chunks->len + 1, self->prefix_alloc * 2);
      self->prefix = g_renew (guint, self->prefix, self->prefix_alloc);
    }
  for (guint c = 0; c < self->chunks->len; c++)
    {
      self->prefix[c] = total;
      total += ((Chunk *) self->chunks->pdata[c])->n;
    }
  self->prefix[self->chunks->len] = total;
  self->prefix_dirty = FALSE;
}

static void
changed_layout (NewsmarkSpanList *self)
{
  self->prefix_dirty = TRUE;
  self->flat_valid = FALSE;
}

/* Chunk and index of global position @pos (< n). */
static void
locate (NewsmarkSpanList *self,
        guint             pos,
        guint            *chunk,
        guint            *index)
{
  guint lo = 0, hi = self->chunks->len;

  ensure_prefix (self);
  /* Last chunk whose prefix is <= pos. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->prefix[mid] <= pos)
        lo = mid;
      else
        hi = mid;
    }
  *chunk = lo;
  *index = pos - self->prefix[lo];
}

static GType
span_list_get_item_type (GListModel *model)
{
  return NEWSMARK_TYPE_SPAN;
}

static guint
span_list_get_n_items (GListModel *model)
{
  return NEWSMARK_SPAN_LIST (model)->n;
}

static gpointer
span_list_get_item (GListModel *model,
                    guint       position)
{
  NewsmarkSpanList *self = NEWSMARK_SPAN_LIST (model);
  guint c, k;

  if (position >= self->n)
    return NULL;
  locate (self, position, &c, &k);
  return g_object_ref (((Chunk *) self->chunks->pdata[c])->items[k]);
}

static void
span_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = span_list_get_item_type;
  iface->get_n_items = span_list_get_n_items;
  iface->get_item = span_list_get_item;
}

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  for (guint i = 0; i < chunk->n; i++)
    g_object_unref (chunk->items[i]);
  g_free (chunk);
}

static void
_newsmark_span_list_finalize (GObject *object)
{
  NewsmarkSpanList *self = NEWSMARK_SPAN_LIST (object);

  g_ptr_array_unref (self->chunks);
  g_free (self->prefix);
  g_free (self->flat);
  g_array_unref (self->longs);

  G_OBJECT_CLASS (_newsmark_span_list_parent_class)->finalize (object);
}

static void
_newsmark_span_list_class_init (NewsmarkSpanListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = _newsmark_span_list_finalize;
}

static void
_newsmark_span_list_init (NewsmarkSpanList *self)
{
  self->chunks = g_ptr_array_new_with_free_func (chunk_free);
  self->longs = g_array_new (FALSE, FALSE, sizeof (LongItem));
  self->prefix_dirty = TRUE;
}

NewsmarkSpanList *
_newsmark_span_list_new (void)
{
  return g_object_new (NEWSMARK_TYPE_SPAN_LIST, NULL);
}

guint
_newsmark_span_list_get_n (NewsmarkSpanList *self)
{
  return self->n;
}

NewsmarkSpan *
_newsmark_span_list_get (NewsmarkSpanList *self,
                         guint             position)
{
  guint c, k;

  g_return_val_if_fail (position < self->n, NULL);
  locate (self, position, &c, &k);
  return ((Chunk *) self->chunks->pdata[c])->items[k];
}

NewsmarkSpan **
_newsmark_span_list_peek (NewsmarkSpanList *self,
                          guint            *n)
{
  if (!self->flat_valid)
    {
      guint pos = 0;

      g_free (self->flat);
      self->flat = g_new (NewsmarkSpan *, self->n + 1);
      for (guint c = 0; c < self->chunks->len; c++)
        {
          Chunk *chunk = self->chunks->pdata[c];
          memcpy (&self->flat[pos], chunk->items, chunk->n * sizeof (gpointer));
          pos += chunk->n;
        }
      self->flat[pos] = NULL;
      self->flat_valid = TRUE;
    }
  if (n)
    *n = self->n;
  return self->flat;
}

static guint8
item_flags (NewsmarkSpan *span)
{
  guint start = newsmark_span_get_start (span);
  guint end = newsmark_span_get_end (span);
  guint8 flags = 0;

  if (newsmark_span_get_n_fragments (span) > 0)
    flags |= ITEM_FRAGMENTS;
  if (end > start && end - start > LONG_SPAN)
    flags |= ITEM_LONG;
  return flags;
}

static guint
longs_lower_bound (NewsmarkSpanList *self,
                   NewsmarkSpan     *span)
{
  guint lo = 0, hi = self->longs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (newsmark_span_compare (g_array_index (self->longs, LongItem, mid).span, span) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
longs_add (NewsmarkSpanList *self,
           Chunk            *chunk,
           guint             k)
{
  LongItem item = { chunk->starts[k], chunk->ends[k], chunk->items[k],
                    !!(chunk->flags[k] & ITEM_FRAGMENTS) };

  g_array_insert_val (self->longs, longs_lower_bound (self, item.span), item);
}

static void
longs_remove (NewsmarkSpanList *self,
              NewsmarkSpan     *span)
{
  guint i = longs_lower_bound (self, span);

  while (i < self->longs->len && g_array_index (self->longs, LongItem, i).span != span)
    i++;
  if (i == self->longs->len)
    for (i = 0; i < self->longs->len; i++)
      if (g_array_index (self->longs, LongItem, i).span == span)
        break;
  if (i < self->longs->len)
    g_array_remove_index (self->longs, i);
}

/* Where @span belongs: the first (chunk, index) whose item sorts at or
 * after it; (last chunk, its n) to append. */
static void
lower_bound (NewsmarkSpanList *self,
             NewsmarkSpan     *span,
             guint            *chunk_out,
             guint            *index_out)
{
  guint start = newsmark_span_get_start (span);
  guint lo = 0, hi = self->chunks->len;
  Chunk *chunk;
  guint a, b;

  if (hi == 0)
    {
      *chunk_out = 0;
      *index_out = 0;
      return;
    }

  /* First chunk whose last item sorts at or after @span. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Chunk *m = self->chunks->pdata[mid];
      guint last = m->n - 1;
      int cmp;

      if (m->starts[last] != start)
        cmp = m->starts[last] < start ? -1 : 1;
      else
        cmp = newsmark_span_compare (m->items[last], span);
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == self->chunks->len)
    {
      *chunk_out = lo - 1;
      *index_out = ((Chunk *) self->chunks->pdata[lo - 1])->n;
      return;
    }

  chunk = self->chunks->pdata[lo];
  /* Inside the chunk: on the start array first, then the full order. */
  a = 0;
  b = chunk->n;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      if (chunk->starts[mid] < start)
        a = mid + 1;
      else
        b = mid;
    }
  b = chunk->n;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      int cmp = chunk->starts[mid] != start ? (chunk->starts[mid] < start ? -1 : 1)
                                            : newsmark_span_compare (chunk->items[mid], span);
      if (cmp < 0)
        a = mid + 1;
      else
        b = mid;
    }
  *chunk_out = lo;
  *index_out = a;
}

static guint
global_position (NewsmarkSpanList *self,
                 guint             c,
                 guint             k)
{
  ensure_prefix (self);
  return self->prefix[c] + k;
}

/* Finds @span (pointer identity): chunk and index, FALSE when absent. */
static gboolean
find_item (NewsmarkSpanList *self,
           NewsmarkSpan     *span,
           guint            *chunk_out,
           guint            *index_out)
{
  guint c, k;

  lower_bound (self, span, &c, &k);
  while (c < self->chunks->len)
    {
      Chunk *chunk = self->chunks->pdata[c];

      if (k >= chunk->n)
        {
          c++;
          k = 0;
          continue;
        }
      if (chunk->items[k] == span)
        {
          *chunk_out = c;
          *index_out = k;
          return TRUE;
        }
      if (newsmark_span_compare (chunk->items[k], span) != 0)
        break;
      k++;
    }

  /* The span was changed behind the list's back (which the set never
   * does): fall back to a scan rather than lose track of it. */
  for (c = 0; c < self->chunks->len; c++)
    {
      Chunk *chunk = self->chunks->pdata[c];
      for (k = 0; k < chunk->n; k++)
        if (chunk->items[k] == span)
          {
            *chunk_out = c;
            *index_out = k;
            return TRUE;
          }
    }
  return FALSE;
}

guint
_newsmark_span_list_find (NewsmarkSpanList *self,
                          NewsmarkSpan     *span)
{
  guint c, k;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), G_MAXUINT);

  if (!find_item (self, span, &c, &k))
    return G_MAXUINT;
  return global_position (self, c, k);
}

/* Inserts (taking over the caller's reference) at the sorted place and
 * returns the global position. */
static guint
insert_sorted (NewsmarkSpanList *self,
               NewsmarkSpan     *span)
{
  guint c, k;
  Chunk *chunk;

  lower_bound (self, span, &c, &k);
  if (self->chunks->len == 0)
    {
      g_ptr_array_add (self->chunks, g_new0 (Chunk, 1));
      c = 0;
      k = 0;
    }
  chunk = self->chunks->pdata[c];

  if (chunk->n == CHUNK_MAX)
    {
      /* Split in two halves and insert into the right one. */
      Chunk *right = g_new0 (Chunk, 1);
      guint half = CHUNK_MAX / 2;

      right->n = chunk->n - half;
      memcpy (right->items, &chunk->items[half], right->n * sizeof (gpointer));
      memcpy (right->starts, &chunk->starts[half], right->n * sizeof (guint));
      memcpy (right->ends, &chunk->ends[half], right->n * sizeof (guint));
      memcpy (right->flags, &chunk->flags[half], right->n * sizeof (guint8));
      right->dirty = TRUE;
      chunk->n = half;
      chunk->dirty = TRUE;
      g_ptr_array_insert (self->chunks, (int) c + 1, right);
      if (k > half)
        {
          c++;
          k -= half;
          chunk = right;
        }
    }

  if (k < chunk->n)
    {
      guint tail = chunk->n - k;
      memmove (&chunk->items[k + 1], &chunk->items[k], tail * sizeof (gpointer));
      memmove (&chunk->starts[k + 1], &chunk->starts[k], tail * sizeof (guint));
      memmove (&chunk->ends[k + 1], &chunk->ends[k], tail * sizeof (guint));
      memmove (&chunk->flags[k + 1], &chunk->flags[k], tail * sizeof (guint8));
    }
  chunk->items[k] = span;
  chunk->starts[k] = newsmark_span_get_start (span);
  chunk->ends[k] = newsmark_span_get_end (span);
  chunk->flags[k] = item_flags (span);
  chunk->n++;
  chunk->dirty = TRUE;
  self->n++;
  changed_layout (self);

  if (chunk->flags[k] & ITEM_LONG)
    longs_add (self, chunk, k);

  return global_position (self, c, k);
}

/* Removes the item at (c, k) without unreffing it. */
static void
remove_item (NewsmarkSpanList *self,
             guint             c,
             guint             k)
{
  Chunk *chunk = self->chunks->pdata[c];
  guint tail = chunk->n - k - 1;

  if (chunk->flags[k] & ITEM_LONG)
    longs_remove (self, chunk->items[k]);

  memmove (&chunk->items[k], &chunk->items[k + 1], tail * sizeof (gpointer));
  memmove (&chunk->starts[k], &chunk->starts[k + 1], tail * sizeof (guint));
  memmove (&chunk->ends[k], &chunk->ends[k + 1], tail * sizeof (guint));
  memmove (&chunk->flags[k], &chunk->flags[k + 1], tail * sizeof (guint8));
  chunk->n--;
  chunk->dirty = TRUE;
  self->n--;

  if (chunk->n == 0)
    {
      chunk->n = 0;
      g_ptr_array_remove_index (self->chunks, c);
    }
  else if (c + 1 < self->chunks->len &&
           chunk->n + ((Chunk *) self->chunks->pdata[c + 1])->n <= CHUNK_MAX / 2)
    {
      /* Merge small neighbours so the chunk count stays proportional to n. */
      Chunk *next = self->chunks->pdata[c + 1];

      memcpy (&chunk->items[chunk->n], next->items, next->n * sizeof (gpointer));
      memcpy (&chunk->starts[chunk->n], next->starts, next->n * sizeof (guint));
      memcpy (&chunk->ends[chunk->n], next->ends, next->n * sizeof (guint));
      memcpy (&chunk->flags[chunk->n], next->flags, next->n * sizeof (guint8));
      chunk->n += next->n;
      next->n = 0;
      g_ptr_array_remove_index (self->chunks, c + 1);
    }
  changed_layout (self);
}

guint
_newsmark_span_list_insert (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), G_MAXUINT);

  pos = insert_sorted (self, g_object_ref (span));
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

guint
_newsmark_span_list_remove (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint c, k, pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);

  if (!find_item (self, span, &c, &k))
    return G_MAXUINT;
  pos = global_position (self, c, k);
  remove_item (self, c, k);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  g_object_unref (span);
  return pos;
}

guint
_newsmark_span_list_detach (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint c, k, pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);

  if (!find_item (self, span, &c, &k))
    return G_MAXUINT;
  pos = global_position (self, c, k);
  remove_item (self, c, k);
  return pos;
}

guint
_newsmark_span_list_reattach (NewsmarkSpanList *self,
                              NewsmarkSpan     *span,
                              guint             old_position)
{
  guint c, k, pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (old_position != G_MAXUINT, G_MAXUINT);

  lower_bound (self, span, &c, &k);
  pos = self->chunks->len > 0 ? global_position (self, c, k) : 0;
  if (pos == old_position)
    {
      insert_sorted (self, span);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
    }
  else
    {
      /* Each signal is emitted while the model matches it: first without
       * the span (it is detached), then with it in its new place. */
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
      pos = insert_sorted (self, span);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
    }
  return pos;
}

static int
compare_span_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return newsmark_span_compare (*(NewsmarkSpan **) a, *(NewsmarkSpan **) b);
}

/* Replaces the contents with @items (sorted, references owned by the list). */
static void
build_chunks (NewsmarkSpanList  *self,
              NewsmarkSpan     **items,
              guint              n)
{
  g_ptr_array_set_size (self->chunks, 0);
  g_array_set_size (self->longs, 0);

  for (guint i = 0; i < n; i += CHUNK_FILL)
    {
      Chunk *chunk = g_new (Chunk, 1);

      chunk->n = MIN (CHUNK_FILL, n - i);
      chunk->dirty = TRUE;
      chunk->max_end = 0;
      for (guint k = 0; k < chunk->n; k++)
        {
          NewsmarkSpan *span = items[i + k];

          chunk->items[k] = span;
          chunk->starts[k] = newsmark_span_get_start (span);
          chunk->ends[k] = newsmark_span_get_end (span);
          chunk->flags[k] = item_flags (span);
          if (chunk->flags[k] & ITEM_LONG)
            {
              LongItem item = { chunk->starts[k], chunk->ends[k], span,
                                !!(chunk->flags[k] & ITEM_FRAGMENTS) };
              g_array_append_val (self->longs, item);
            }
        }
      g_ptr_array_add (self->chunks, chunk);
    }
  self->n = n;
  changed_layout (self);
}

/* Moves every item out (references transferred) into a new array. */
static GPtrArray *
steal_all (NewsmarkSpanList *self,
           guint             extra)
{
  GPtrArray *all = g_ptr_array_sized_new (self->n + extra);

  for (guint c = 0; c < self->chunks->len; c++)
    {
      Chunk *chunk = self->chunks->pdata[c];

      for (guint k = 0; k < chunk->n; k++)
        g_ptr_array_add (all, chunk->items[k]);
      chunk->n = 0;
    }
  g_ptr_array_set_size (self->chunks, 0);
  g_array_set_size (self->longs, 0);
  self->n = 0;
  changed_layout (self);
  return all;
}

gboolean
_newsmark_span_list_add_batch (NewsmarkSpanList *self,
                               GPtrArray        *spans)
{
  g_autoptr(GPtrArray) all = NULL;
  guint old_n;
  gboolean sorted = TRUE;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), FALSE);
  g_return_val_if_fail (spans != NULL, FALSE);

  if (spans->len == 0)
    return TRUE;

  old_n = self->n;
  all = steal_all (self, spans->len);
  for (guint i = 0; i < spans->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (spans, i)));

  /* Files are written in position order, so the common case is a single
   * linear check and no sort at all. */
  for (guint i = 1; i < all->len; i++)
    if (newsmark_span_compare (all->pdata[i - 1], all->pdata[i]) > 0)
      {
        sorted = FALSE;
        break;
      }
  if (!sorted)
    qsort (all->pdata, all->len, sizeof (gpointer), compare_span_ptrs);

  build_chunks (self, (NewsmarkSpan **) all->pdata, all->len);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n);
  return sorted;
}

GPtrArray *
_newsmark_span_list_clear (NewsmarkSpanList *self)
{
  GPtrArray *out;
  guint old_n;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), NULL);

  old_n = self->n;
  out = steal_all (self, 0);
  g_ptr_array_set_free_func (out, g_object_unref);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  return out;
}

static gboolean
span_overlaps (NewsmarkSpan *span,
               guint         start,
               guint         end)
{
  guint n = newsmark_span_get_n_fragments (span);
  const NewsmarkFragment *f;

  if (n == 0)
    return newsmark_span_get_start (span) < end && newsmark_span_get_end (span) > start;
  f = newsmark_span_get_fragments (span);
  for (guint i = 0; i < n; i++)
    if (f[i].start < end && f[i].end > start)
      return TRUE;
  return FALSE;
}

static guint
chunk_max_end (Chunk *chunk)
{
  if (chunk->dirty)
    {
      guint m = 0;

      for (guint k = 0; k < chunk->n; k++)
        if (!(chunk->flags[k] & ITEM_LONG) && chunk->ends[k] > m)
          m = chunk->ends[k];
      chunk->max_end = m;
      chunk->dirty = FALSE;
    }
  return chunk->max_end;
}

/* Short spans starting in [start_lo, start_hi] whose end is > @start and
 * that cover @start (at) or overlap [start, end). Appended in order. */
static void
scan_short (NewsmarkSpanList *self,
            guint             start_lo,
            guint             start_hi,
            gboolean          at,
            guint             start,
            guint             end,
            GPtrArray        *out)
{
  guint lo = 0, hi = self->chunks->len;

  /* First chunk whose last start is >= start_lo. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Chunk *m = self->chunks->pdata[mid];

      if (m->starts[m->n - 1] < start_lo)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint c = lo; c < self->chunks->len; c++)
    {
      Chunk *chunk = self->chunks->pdata[c];
      guint k = 0;

      if (chunk->starts[0] > start_hi)
        break;
      if (chunk_max_end (chunk) <= start)
        continue;

      if (chunk->starts[0] < start_lo)
        {
          guint a = 0, b = chunk->n;
          while (a < b)
            {
              guint mid = a + (b - a) / 2;
              if (chunk->starts[mid] < start_lo)
                a = mid + 1;
              else
                b = mid;
            }
          k = a;
        }

      for (; k < chunk->n && chunk->starts[k] <= start_hi; k++)
        {
          NewsmarkSpan *span;

          if (chunk->ends[k] <= start || (chunk->flags[k] & ITEM_LONG))
            continue;
          span = chunk->items[k];
          if ((chunk->flags[k] & ITEM_FRAGMENTS) &&
              (at ? !newsmark_span_covers (span, start) : !span_overlaps (span, start, end)))
            continue;
          g_ptr_array_add (out, span);
        }
    }
}

/* Adds the matching long spans to the (sorted) short results in @out from
 * @base on, keeping position order. */
static void
merge_longs (NewsmarkSpanList *self,
             gboolean          at,
             guint             start,
             guint             end,
             GPtrArray        *out,
             guint             base)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree gpointer *shorts = NULL;
  guint n_shorts, i = 0, j = 0;

  for (guint k = 0; k < self->longs->len; k++)
    {
      const LongItem *item = &g_array_index (self->longs, LongItem, k);
      gboolean match;

      if (item->start >= (at ? start + 1 : end))
        break;
      if (item->end <= start)
        continue;
      match = !item->fragments ||
              (at ? newsmark_span_covers (item->span, start) : span_overlaps (item->span, start, end));
      if (match)
        {
          if (hits == NULL)
            hits = g_ptr_array_new ();
          g_ptr_array_add (hits, item->span);
        }
    }
  if (hits == NULL)
    return;

  n_shorts = out->len - base;
  if (n_shorts == 0)
    {
      for (guint k = 0; k < hits->len; k++)
        g_ptr_array_add (out, hits->pdata[k]);
      return;
    }

  shorts = g_memdup2 (&out->pdata[base], n_shorts * sizeof (gpointer));
  g_ptr_array_set_size (out, base);
  while (i < n_shorts || j < hits->len)
    {
      if (j >= hits->len ||
          (i < n_shorts && newsmark_span_compare (shorts[i], hits->pdata[j]) < 0))
        g_ptr_array_add (out, shorts[i++]);
      else
        g_ptr_array_add (out, hits->pdata[j++]);
    }
}

void
_newsmark_span_list_query_at (NewsmarkSpanList *self,
                              guint             offset,
                              GPtrArray        *out)
{
  guint base;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST (self));
  g_return_if_fail (out != NULL);

  if (self->n == 0 || offset == G_MAXUINT)
    return;

  /* A short span covering offset starts after offset - LONG_SPAN. */
  base = out->len;
  scan_short (self, offset >= LONG_SPAN ? offset - LONG_SPAN + 1 : 0, offset,
              TRUE, offset, offset + 1, out);
  merge_longs (self, TRUE, offset, offset + 1, out, base);
}

void
_newsmark_span_list_query_in (NewsmarkSpanList *self,
                              guint             start,
                              guint             end,
                              GPtrArray        *out)
{
  guint base;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST (self));
  g_return_if_fail (out != NULL);

  if (self->n == 0 || start >= end)
    return;

  base = out->len;
  scan_short (self, start >= LONG_SPAN ? start - LONG_SPAN + 1 : 0, end - 1,
              FALSE, start, end, out);
  merge_longs (self, FALSE, start, end, out, base);
}

/* ---- NewsmarkObjectList -------------------------------------------------- */

struct _NewsmarkObjectList
{
  GObject       parent_instance;

  GType         item_type;
  GCompareFunc  compare;
  GPtrArray    *items;
};

static void object_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkObjectList, _newsmark_object_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, object_list_model_iface_init))

static GType
object_list_get_item_type (GListModel *model)
{
  return NEWSMARK_OBJECT_LIST (model)->item_type;
}

static guint
object_list_get_n_items (GListModel *model)
{
  return NEWSMARK_OBJECT_LIST (model)->items->len;
}

static gpointer
object_list_get_item (GListModel *model,
                      guint       position)
{
  NewsmarkObjectList *self = NEWSMARK_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
object_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = object_list_get_item_type;
  iface->get_n_items = object_list_get_n_items;
  iface->get_item = object_list_get_item;
}

static void
_newsmark_object_list_finalize (GObject *object)
{
  NewsmarkObjectList *self = NEWSMARK_OBJECT_LIST (object);

  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (_newsmark_object_list_parent_class)->finalize (object);
}

static void
_newsmark_object_list_class_init (NewsmarkObjectListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = _newsmark_object_list_finalize;
}

static void
_newsmark_object_list_init (NewsmarkObjectList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

NewsmarkObjectList *
_newsmark_object_list_new (GType        item_type,
                           GCompareFunc compare)
{
  NewsmarkObjectList *self = g_object_new (NEWSMARK_TYPE_OBJECT_LIST, NULL);

  self->item_type = item_type;
  self->compare = compare;
  return self;
}

guint
_newsmark_object_list_get_n (NewsmarkObjectList *self)
{
  return self->items->len;
}

gpointer *
_newsmark_object_list_peek (NewsmarkObjectList *self,
                            guint              *n)
{
  if (n)
    *n = self->items->len;
  return self->items->pdata;
}

static guint
object_lower_bound (NewsmarkObjectList *self,
                    gpointer            item)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->compare (g_ptr_array_index (self->items, mid), item) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
_newsmark_object_list_find (NewsmarkObjectList *self,
                            gpointer            item)
{
  guint idx;

  if (self->compare != NULL)
    {
      for (guint i = object_lower_bound (self, item); i < self->items->len; i++)
        {
          gpointer other = g_ptr_array_index (self->items, i);
          if (other == item)
            return i;
          if (self->compare (other, item) != 0)
            break;
        }
    }
  if (g_ptr_array_find (self->items, item, &idx))
    return idx;
  return G_MAXUINT;
}

guint
_newsmark_object_list_insert (NewsmarkObjectList *self,
                              gpointer            item,
                              guint               position)
{
  guint pos;

  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type), G_MAXUINT);

  if (self->compare != NULL)
    pos = object_lower_bound (self, item);
  else
    pos = MIN (position, self->items->len);
  g_ptr_array_insert (self->items, (int) pos, g_object_ref (item));
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

guint
_newsmark_object_list_remove (NewsmarkObjectList *self,
                              gpointer            item)
{
  guint pos = _newsmark_object_list_find (self, item);

  if (pos == G_MAXUINT)
    return G_MAXUINT;
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  return pos;
}

static int
compare_object_ptrs (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  GCompareFunc compare = (GCompareFunc) user_data;

  return compare (*(gpointer *) a, *(gpointer *) b);
}

void
_newsmark_object_list_add_batch (NewsmarkObjectList *self,
                                 GPtrArray          *items)
{
  guint old_n = self->items->len;

  if (items->len == 0)
    return;
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));

  if (self->compare != NULL)
    {
      gboolean sorted = TRUE;

      for (guint i = 1; i < self->items->len && sorted; i++)
        if (self->compare (self->items->pdata[i - 1], self->items->pdata[i]) > 0)
          sorted = FALSE;
      if (!sorted)
        g_ptr_array_sort_with_data (self->items, compare_object_ptrs, (gpointer) self->compare);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
}

GPtrArray *
_newsmark_object_list_clear (NewsmarkObjectList *self)
{
  GPtrArray *old = self->items;
  guint old_n = old->len;

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  return old;
}
