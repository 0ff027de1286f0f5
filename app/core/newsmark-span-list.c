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

#define BLOCK_SHIFT 5                        /* 32 items per block */
#define BLOCK       (1u << BLOCK_SHIFT)
#define SUPER_SHIFT (BLOCK_SHIFT + 5)        /* 1024 items per super block */
#define SUPER       (1u << SUPER_SHIFT)

struct _NewsmarkSpanList
{
  GObject        parent_instance;

  NewsmarkSpan **items;
  guint         *starts;     /* starts[i] == items[i]->start */
  guint         *ends;       /* ends[i] == items[i]->end */
  guint8        *flags;      /* ITEM_FRAGMENTS, ITEM_LONG */
  guint          n;
  guint          alloc;

  /* block_max[b] = max ends[] over items [b*BLOCK, (b+1)*BLOCK), super_max
   * likewise over SUPER items; valid for items before dirty_from. Insertions
   * shift everything after them, so the maxima are rebuilt lazily from the
   * first changed position at the next query: one sequential pass over a
   * guint array, never a pointer chase. */
  guint         *block_max;
  guint         *super_max;
  guint          index_alloc_blocks;
  guint          index_alloc_supers;
  guint          dirty_from;

  /* Spans longer than LONG_SPAN code points, in position order (borrowed).
   * They are kept out of the block maxima: a few long spans scattered
   * through the text would otherwise make every block qualify and turn
   * each query into a full scan. Short spans can then only match a query
   * if they start at most LONG_SPAN before it, which bounds the scan. */
  GArray        *longs;      /* LongItem */
};

typedef struct {
  guint         start;
  guint         end;
  NewsmarkSpan *span;
  gboolean      fragments;
} LongItem;

#define LONG_SPAN      256
#define ITEM_FRAGMENTS 0x1
#define ITEM_LONG      0x2

static void span_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkSpanList, _newsmark_span_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, span_list_model_iface_init))

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

  if (position >= self->n)
    return NULL;
  return g_object_ref (self->items[position]);
}

static void
span_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = span_list_get_item_type;
  iface->get_n_items = span_list_get_n_items;
  iface->get_item = span_list_get_item;
}

static void
_newsmark_span_list_finalize (GObject *object)
{
  NewsmarkSpanList *self = NEWSMARK_SPAN_LIST (object);

  for (guint i = 0; i < self->n; i++)
    g_object_unref (self->items[i]);
  g_free (self->items);
  g_free (self->starts);
  g_free (self->ends);
  g_free (self->flags);
  g_array_unref (self->longs);
  g_free (self->block_max);
  g_free (self->super_max);

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
  self->dirty_from = 0;
  self->longs = g_array_new (FALSE, FALSE, sizeof (LongItem));
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
  g_return_val_if_fail (position < self->n, NULL);
  return self->items[position];
}

NewsmarkSpan **
_newsmark_span_list_peek (NewsmarkSpanList *self,
                          guint            *n)
{
  if (n)
    *n = self->n;
  return self->items;
}

static void
reserve (NewsmarkSpanList *self,
         guint             n)
{
  guint alloc;

  if (n <= self->alloc)
    return;
  alloc = MAX (self->alloc, 64);
  while (alloc < n)
    alloc = alloc > G_MAXUINT / 2 ? n : alloc * 2;
  self->items = g_renew (NewsmarkSpan *, self->items, alloc);
  self->starts = g_renew (guint, self->starts, alloc);
  self->ends = g_renew (guint, self->ends, alloc);
  self->flags = g_renew (guint8, self->flags, alloc);
  self->alloc = alloc;
}

static void
mark_dirty (NewsmarkSpanList *self,
            guint             position)
{
  if (position < self->dirty_from)
    self->dirty_from = position;
}

static void
rebuild_index (NewsmarkSpanList *self)
{
  guint n_blocks, n_supers, b0, s0;

  if (self->dirty_from >= self->n && self->index_alloc_blocks >= (self->n + BLOCK - 1) / BLOCK)
    {
      self->dirty_from = G_MAXUINT;
      return;
    }

  n_blocks = (self->n + BLOCK - 1) >> BLOCK_SHIFT;
  n_supers = (self->n + SUPER - 1) >> SUPER_SHIFT;

  if (n_blocks > self->index_alloc_blocks)
    {
      self->index_alloc_blocks = MAX (n_blocks, self->index_alloc_blocks * 2);
      self->block_max = g_renew (guint, self->block_max, self->index_alloc_blocks);
      self->dirty_from = 0;
    }
  if (n_supers > self->index_alloc_supers)
    {
      self->index_alloc_supers = MAX (n_supers, self->index_alloc_supers * 2);
      self->super_max = g_renew (guint, self->super_max, self->index_alloc_supers);
      self->dirty_from = 0;
    }

  if (self->dirty_from >= self->n)
    {
      self->dirty_from = G_MAXUINT;
      return;
    }

  b0 = self->dirty_from >> BLOCK_SHIFT;
  for (guint b = b0; b < n_blocks; b++)
    {
      guint lo = b << BLOCK_SHIFT;
      guint hi = MIN (lo + BLOCK, self->n);
      guint m = 0;

      for (guint i = lo; i < hi; i++)
        if (self->ends[i] > m && !(self->flags[i] & ITEM_LONG))
          m = self->ends[i];
      self->block_max[b] = m;
    }

  s0 = self->dirty_from >> SUPER_SHIFT;
  for (guint s = s0; s < n_supers; s++)
    {
      guint lo = s << (SUPER_SHIFT - BLOCK_SHIFT);
      guint hi = MIN (lo + (SUPER / BLOCK), n_blocks);
      guint m = 0;

      for (guint b = lo; b < hi; b++)
        if (self->block_max[b] > m)
          m = self->block_max[b];
      self->super_max[s] = m;
    }

  self->dirty_from = G_MAXUINT;
}

/* First position whose item sorts at or after @span. */
static guint
lower_bound (NewsmarkSpanList *self,
             NewsmarkSpan     *span)
{
  guint start = newsmark_span_get_start (span);
  guint lo = 0, hi = self->n, run_end;

  /* Narrow on the start array first (no pointer chasing), then on the
   * full order inside the run of equal starts. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->starts[mid] < start)
        lo = mid + 1;
      else
        hi = mid;
    }

  run_end = lo;
  hi = self->n;
  while (run_end < hi)
    {
      guint mid = run_end + (hi - run_end) / 2;
      if (self->starts[mid] <= start)
        run_end = mid + 1;
      else
        hi = mid;
    }

  hi = run_end;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (newsmark_span_compare (self->items[mid], span) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
_newsmark_span_list_find (NewsmarkSpanList *self,
                          NewsmarkSpan     *span)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), G_MAXUINT);

  pos = lower_bound (self, span);
  for (guint i = pos; i < self->n; i++)
    {
      if (self->items[i] == span)
        return i;
      if (newsmark_span_compare (self->items[i], span) != 0)
        break;
    }

  /* The span was changed behind the list's back (which the set never
   * does): fall back to a scan rather than lose track of it. */
  for (guint i = 0; i < self->n; i++)
    if (self->items[i] == span)
      return i;
  return G_MAXUINT;
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
insert_at (NewsmarkSpanList *self,
           guint             pos,
           NewsmarkSpan     *span)
{
  reserve (self, self->n + 1);
  if (pos < self->n)
    {
      guint tail = self->n - pos;
      memmove (&self->items[pos + 1], &self->items[pos], tail * sizeof (gpointer));
      memmove (&self->starts[pos + 1], &self->starts[pos], tail * sizeof (guint));
      memmove (&self->ends[pos + 1], &self->ends[pos], tail * sizeof (guint));
      memmove (&self->flags[pos + 1], &self->flags[pos], tail * sizeof (guint8));
    }
  self->items[pos] = span;
  self->starts[pos] = newsmark_span_get_start (span);
  self->ends[pos] = newsmark_span_get_end (span);
  self->flags[pos] = item_flags (span);
  self->n++;
  mark_dirty (self, pos);

  if (self->flags[pos] & ITEM_LONG)
    {
      LongItem item = { self->starts[pos], self->ends[pos], span, !!(self->flags[pos] & ITEM_FRAGMENTS) };
      g_array_insert_val (self->longs, longs_lower_bound (self, span), item);
    }
}

static void
remove_at (NewsmarkSpanList *self,
           guint             pos)
{
  guint tail = self->n - pos - 1;

  if (self->flags[pos] & ITEM_LONG)
    {
      NewsmarkSpan *span = self->items[pos];
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

  memmove (&self->items[pos], &self->items[pos + 1], tail * sizeof (gpointer));
  memmove (&self->starts[pos], &self->starts[pos + 1], tail * sizeof (guint));
  memmove (&self->ends[pos], &self->ends[pos + 1], tail * sizeof (guint));
  memmove (&self->flags[pos], &self->flags[pos + 1], tail * sizeof (guint8));
  self->n--;
  mark_dirty (self, pos);
}

guint
_newsmark_span_list_insert (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), G_MAXUINT);

  pos = lower_bound (self, span);
  insert_at (self, pos, g_object_ref (span));
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

guint
_newsmark_span_list_remove (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);

  pos = _newsmark_span_list_find (self, span);
  if (pos == G_MAXUINT)
    return G_MAXUINT;
  remove_at (self, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  g_object_unref (span);
  return pos;
}

guint
_newsmark_span_list_detach (NewsmarkSpanList *self,
                            NewsmarkSpan     *span)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);

  pos = _newsmark_span_list_find (self, span);
  if (pos != G_MAXUINT)
    remove_at (self, pos);
  return pos;
}

guint
_newsmark_span_list_reattach (NewsmarkSpanList *self,
                              NewsmarkSpan     *span,
                              guint             old_position)
{
  guint pos;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), G_MAXUINT);
  g_return_val_if_fail (old_position != G_MAXUINT, G_MAXUINT);

  pos = lower_bound (self, span);
  if (pos == old_position)
    {
      insert_at (self, pos, span);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
    }
  else
    {
      /* Each signal is emitted while the model matches it: first without
       * the span (it is detached), then with it in its new place. */
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
      insert_at (self, pos, span);
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

void
_newsmark_span_list_add_batch (NewsmarkSpanList *self,
                               GPtrArray        *spans)
{
  guint old_n;
  gboolean sorted = TRUE;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST (self));
  g_return_if_fail (spans != NULL);

  if (spans->len == 0)
    return;

  old_n = self->n;
  reserve (self, self->n + spans->len);
  for (guint i = 0; i < spans->len; i++)
    self->items[self->n + i] = g_object_ref (g_ptr_array_index (spans, i));
  self->n += spans->len;

  /* Files are written in position order, so the common case is a single
   * linear check and no sort at all. */
  for (guint i = 1; i < self->n; i++)
    if (newsmark_span_compare (self->items[i - 1], self->items[i]) > 0)
      {
        sorted = FALSE;
        break;
      }
  if (!sorted)
    qsort (self->items, self->n, sizeof (gpointer), compare_span_ptrs);

  g_array_set_size (self->longs, 0);
  for (guint i = 0; i < self->n; i++)
    {
      self->starts[i] = newsmark_span_get_start (self->items[i]);
      self->ends[i] = newsmark_span_get_end (self->items[i]);
      self->flags[i] = item_flags (self->items[i]);
      if (self->flags[i] & ITEM_LONG)
        {
          LongItem item = { self->starts[i], self->ends[i], self->items[i], !!(self->flags[i] & ITEM_FRAGMENTS) };
          g_array_append_val (self->longs, item);
        }
    }
  self->dirty_from = 0;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n);
}

GPtrArray *
_newsmark_span_list_clear (NewsmarkSpanList *self)
{
  GPtrArray *out;
  guint old_n;

  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST (self), NULL);

  old_n = self->n;
  out = g_ptr_array_new_full (old_n, g_object_unref);
  for (guint i = 0; i < old_n; i++)
    g_ptr_array_add (out, self->items[i]);
  self->n = 0;
  self->dirty_from = 0;
  g_array_set_size (self->longs, 0);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  return out;
}

/* Number of items whose start is < @bound. */
static guint
count_starts_below (NewsmarkSpanList *self,
                    guint             bound)
{
  guint lo = 0, hi = self->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->starts[mid] < bound)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
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

/* Short items in [lo, hi) whose end is > @above and that match: covering
 * @start (at == TRUE) or overlapping [start, end). Appended in order. */
static void
scan_short (NewsmarkSpanList *self,
            guint             lo,
            guint             hi,
            gboolean          at,
            guint             start,
            guint             end,
            GPtrArray        *out)
{
  guint above = start;
  guint b = lo >> BLOCK_SHIFT;

  while (b << BLOCK_SHIFT < hi)
    {
      guint s = b >> (SUPER_SHIFT - BLOCK_SHIFT);
      guint i_lo, i_hi;

      /* Skip a whole super block when nothing in it reaches the offset. */
      if ((b & ((SUPER / BLOCK) - 1)) == 0 && self->super_max[s] <= above)
        {
          b += SUPER / BLOCK;
          continue;
        }
      if (self->block_max[b] <= above)
        {
          b++;
          continue;
        }

      i_lo = MAX (lo, b << BLOCK_SHIFT);
      i_hi = MIN (hi, (b + 1) << BLOCK_SHIFT);
      for (guint i = i_lo; i < i_hi; i++)
        {
          NewsmarkSpan *span;

          if (self->ends[i] <= above || (self->flags[i] & ITEM_LONG))
            continue;
          span = self->items[i];
          if (self->flags[i] & ITEM_FRAGMENTS)
            {
              if (at ? !newsmark_span_covers (span, start) : !span_overlaps (span, start, end))
                continue;
            }
          g_ptr_array_add (out, span);
        }
      b++;
    }
}

/* Appends the matching long spans to the (sorted) short results in @out
 * from @base on, keeping position order. */
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
  guint lo, hi, base;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST (self));
  g_return_if_fail (out != NULL);

  if (self->n == 0 || offset == G_MAXUINT)
    return;
  rebuild_index (self);

  /* A short span covering offset starts after offset - LONG_SPAN. */
  base = out->len;
  lo = count_starts_below (self, offset >= LONG_SPAN ? offset - LONG_SPAN + 1 : 0);
  hi = count_starts_below (self, offset + 1);
  scan_short (self, lo, hi, TRUE, offset, offset + 1, out);
  merge_longs (self, TRUE, offset, offset + 1, out, base);
}

void
_newsmark_span_list_query_in (NewsmarkSpanList *self,
                              guint             start,
                              guint             end,
                              GPtrArray        *out)
{
  guint lo, hi, base;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST (self));
  g_return_if_fail (out != NULL);

  if (self->n == 0 || start >= end)
    return;
  rebuild_index (self);

  base = out->len;
  lo = count_starts_below (self, start >= LONG_SPAN ? start - LONG_SPAN + 1 : 0);
  hi = count_starts_below (self, end);
  scan_short (self, lo, hi, FALSE, start, end, out);
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

static GCompareFunc current_compare;

static int
compare_object_ptrs (gconstpointer a,
                     gconstpointer b)
{
  return current_compare (*(gpointer *) a, *(gpointer *) b);
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
        {
          /* qsort has no user data; the compare function is a static
           * function pointer and loading runs on one thread. */
          current_compare = self->compare;
          qsort (self->items->pdata, self->items->len, sizeof (gpointer), compare_object_ptrs);
          current_compare = NULL;
        }
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
