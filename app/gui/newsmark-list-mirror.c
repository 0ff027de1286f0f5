/* newsmark-list-mirror.c — a GListModel that follows another a frame later
 *
 * GTK 4.8's list widgets do a lot for one removed row: the row's widget is
 * destroyed, a new one is made for the row that scrolls in, and every cell
 * of every column is measured again (about 200 rows of 4 cells). Behind a
 * mirror, the span list takes that work in the frame after the one that
 * shows the edit in the article, so a key press is answered within a frame.
 *
 * The mirror keeps its own array of the items it shows. A held-back change
 * keeps the items it adds, taken from the source when it happened, so the
 * changes can be replayed later in order; each items-changed is emitted
 * while the array matches it, as GListModel requires.
 */
#include "config.h"

#include <string.h>

#include "newsmark-list-mirror.h"

/* Larger changes (a load, an undo of many spans) pass on at once: holding
 * them back would only delay the same work. */
#define MAX_DEFERRED_ITEMS   8
#define MAX_PENDING_CHANGES 64

typedef struct {
  guint      position;
  guint      removed;
  guint      n_added;
  gpointer  *added;   /* owned references */
} Change;

struct _NewsmarkListMirror
{
  GObject     parent_instance;

  GListModel *source;
  gulong      items_changed_id;
  GPtrArray  *items;     /* owned references: what this model shows */
  GQueue      pending;   /* Change*, oldest first */
  gboolean    deferring;
};

static void newsmark_list_mirror_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkListMirror, newsmark_list_mirror, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, newsmark_list_mirror_model_init))

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel ------------------------------------------------------------------ */

static GType
newsmark_list_mirror_get_item_type (GListModel *model)
{
  NewsmarkListMirror *self = NEWSMARK_LIST_MIRROR (model);

  return self->source != NULL ? g_list_model_get_item_type (self->source) : G_TYPE_OBJECT;
}

static guint
newsmark_list_mirror_get_n_items (GListModel *model)
{
  return NEWSMARK_LIST_MIRROR (model)->items->len;
}

static gpointer
newsmark_list_mirror_get_item (GListModel *model,
                               guint       position)
{
  NewsmarkListMirror *self = NEWSMARK_LIST_MIRROR (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
newsmark_list_mirror_model_init (GListModelInterface *iface)
{
  iface->get_item_type = newsmark_list_mirror_get_item_type;
  iface->get_n_items = newsmark_list_mirror_get_n_items;
  iface->get_item = newsmark_list_mirror_get_item;
}

/* ---- Changes ------------------------------------------------------------------------ */

static void
change_free (Change *change)
{
  for (guint i = 0; i < change->n_added; i++)
    g_object_unref (change->added[i]);
  g_free (change->added);
  g_free (change);
}

/* Replaces [position, position + removed) with @added (taking its
 * references) and says so. */
static void
splice (NewsmarkListMirror *self,
        guint               position,
        guint               removed,
        gpointer           *added,
        guint               n_added)
{
  GPtrArray *items = self->items;
  guint tail;

  g_assert (position + removed <= items->len);

  if (removed > 0)
    g_ptr_array_remove_range (items, position, removed);
  if (n_added > 0)
    {
      tail = items->len - position;
      g_ptr_array_set_size (items, items->len + n_added);
      memmove (&items->pdata[position + n_added], &items->pdata[position], tail * sizeof (gpointer));
      memcpy (&items->pdata[position], added, n_added * sizeof (gpointer));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, n_added);
}

static gpointer *
take_items (GListModel *source,
            guint       position,
            guint       n)
{
  gpointer *items = g_new (gpointer, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    items[i] = g_list_model_get_item (source, position + i);
  return items;
}

gboolean
newsmark_list_mirror_flush (NewsmarkListMirror *self)
{
  Change *change;

  g_return_val_if_fail (NEWSMARK_IS_LIST_MIRROR (self), FALSE);

  if (g_queue_is_empty (&self->pending))
    return FALSE;

  while ((change = g_queue_pop_head (&self->pending)) != NULL)
    {
      splice (self, change->position, change->removed, change->added, change->n_added);
      /* The references went to the array. */
      change->n_added = 0;
      change_free (change);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  return TRUE;
}

static void
on_source_items_changed (GListModel         *source,
                         guint               position,
                         guint               removed,
                         guint               added,
                         NewsmarkListMirror *self)
{
  Change *change;

  if (!self->deferring ||
      removed + added > MAX_DEFERRED_ITEMS ||
      self->pending.length >= MAX_PENDING_CHANGES)
    {
      g_autofree gpointer *items = NULL;

      /* In order: the array must reach the state @source had just before
       * this change, which @position refers to. */
      newsmark_list_mirror_flush (self);
      items = take_items (source, position, added);
      splice (self, position, removed, items, added);
      return;
    }

  change = g_new0 (Change, 1);
  change->position = position;
  change->removed = removed;
  change->n_added = added;
  change->added = take_items (source, position, added);
  g_queue_push_tail (&self->pending, change);

  if (self->pending.length == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* ---- Public ------------------------------------------------------------------------- */

NewsmarkListMirror *
newsmark_list_mirror_new (void)
{
  return g_object_new (NEWSMARK_TYPE_LIST_MIRROR, NULL);
}

GListModel *
newsmark_list_mirror_get_source (NewsmarkListMirror *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LIST_MIRROR (self), NULL);

  return self->source;
}

void
newsmark_list_mirror_set_source (NewsmarkListMirror *self,
                                 GListModel         *source)
{
  gboolean had_pending;
  guint old_n, n;
  g_autofree gpointer *items = NULL;

  g_return_if_fail (NEWSMARK_IS_LIST_MIRROR (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  had_pending = !g_queue_is_empty (&self->pending);
  g_queue_clear_full (&self->pending, (GDestroyNotify) change_free);

  if (self->source != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->source);
  g_set_object (&self->source, source);
  if (source != NULL)
    self->items_changed_id = g_signal_connect (source, "items-changed",
                                               G_CALLBACK (on_source_items_changed), self);

  old_n = self->items->len;
  n = source != NULL ? g_list_model_get_n_items (source) : 0;
  items = take_items (source, 0, n);
  /* One signal for the whole replacement, as a new model would give. */
  if (old_n > 0 || n > 0)
    splice (self, 0, old_n, items, n);

  if (had_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

void
newsmark_list_mirror_set_deferring (NewsmarkListMirror *self,
                                    gboolean            deferring)
{
  g_return_if_fail (NEWSMARK_IS_LIST_MIRROR (self));

  self->deferring = !!deferring;
  if (!self->deferring)
    newsmark_list_mirror_flush (self);
}

gboolean
newsmark_list_mirror_get_pending (NewsmarkListMirror *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LIST_MIRROR (self), FALSE);

  return !g_queue_is_empty (&self->pending);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
newsmark_list_mirror_dispose (GObject *object)
{
  NewsmarkListMirror *self = NEWSMARK_LIST_MIRROR (object);

  g_queue_clear_full (&self->pending, (GDestroyNotify) change_free);
  if (self->source != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->source);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (newsmark_list_mirror_parent_class)->dispose (object);
}

static void
newsmark_list_mirror_finalize (GObject *object)
{
  NewsmarkListMirror *self = NEWSMARK_LIST_MIRROR (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (newsmark_list_mirror_parent_class)->finalize (object);
}

static void
newsmark_list_mirror_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  NewsmarkListMirror *self = NEWSMARK_LIST_MIRROR (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, newsmark_list_mirror_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_list_mirror_class_init (NewsmarkListMirrorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = newsmark_list_mirror_dispose;
  object_class->finalize = newsmark_list_mirror_finalize;
  object_class->get_property = newsmark_list_mirror_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_list_mirror_init (NewsmarkListMirror *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->pending);
}
