/* test-list-mirror.c — the span list's model that follows the core a frame later
 *
 * Every items-changed the mirror emits is replayed on a shadow array, the
 * way a list widget keeps its rows: the shadow must equal the mirror after
 * each signal, and the mirror must equal the source once flushed.
 */
#include "config.h"

#include <gio/gio.h>

#include "newsmark-list-mirror.h"

typedef struct {
  NewsmarkListMirror *mirror;
  GPtrArray          *shadow;     /* borrowed pointers, as the mirror showed them */
  guint               n_signals;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_assert_cmpuint (position + removed, <=, watch->shadow->len);
  g_ptr_array_remove_range (watch->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (watch->shadow, (int) (position + i), item);
    }
  /* The model matches the signal when it is emitted. */
  g_assert_cmpuint (watch->shadow->len, ==, g_list_model_get_n_items (model));
  watch->n_signals++;
}

static void
assert_same_items (GListModel *a,
                   GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  g_assert_cmpuint (n, ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);

      g_assert_true (x == y);
    }
}

static void
assert_shadow (Watch *watch)
{
  GListModel *model = G_LIST_MODEL (watch->mirror);

  g_assert_cmpuint (watch->shadow->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < watch->shadow->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (watch->shadow, i));
    }
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static GObject *
new_item (guint n)
{
  g_autofree char *name = g_strdup_printf ("item %u", n);

  return G_OBJECT (g_menu_item_new (name, NULL));
}

static void
watch_init (Watch              *watch,
            NewsmarkListMirror *mirror)
{
  watch->mirror = mirror;
  watch->shadow = g_ptr_array_new ();
  watch->n_signals = 0;
  g_signal_connect (mirror, "items-changed", G_CALLBACK (on_items_changed), watch);
}

static void
test_holds_back_small_changes (void)
{
  g_autoptr(GListStore) source = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(NewsmarkListMirror) mirror = newsmark_list_mirror_new ();
  g_autoptr(GObject) a = new_item (1);
  g_autoptr(GObject) b = new_item (2);
  g_autoptr(GObject) c = new_item (3);
  Watch watch;
  guint notified = 0;

  watch_init (&watch, mirror);
  g_list_store_append (source, a);
  g_list_store_append (source, b);
  newsmark_list_mirror_set_source (mirror, G_LIST_MODEL (source));
  assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));
  assert_shadow (&watch);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (mirror)), ==, G_TYPE_MENU_ITEM);

  /* Not deferring: at once. */
  g_list_store_insert (source, 1, c);
  g_assert_false (newsmark_list_mirror_get_pending (mirror));
  assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));

  /* Deferring: a removal and an insertion wait for the flush... */
  newsmark_list_mirror_set_deferring (mirror, TRUE);
  {
    gulong id = g_signal_connect_swapped (mirror, "notify::pending", G_CALLBACK (count_notify), &notified);

    g_list_store_remove (source, 0);            /* c b */
    g_list_store_insert (source, 2, a);         /* c b a */
    g_assert_true (newsmark_list_mirror_get_pending (mirror));
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mirror)), ==, 3);
    {
      g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (mirror), 0);

      g_assert_true (first == a);   /* still as before */
    }
    watch.n_signals = 0;

    /* ...which replays them in order. */
    g_assert_true (newsmark_list_mirror_flush (mirror));
    g_assert_cmpuint (watch.n_signals, ==, 2);
    g_assert_false (newsmark_list_mirror_get_pending (mirror));
    g_assert_cmpuint (notified, ==, 2);
    assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));
    assert_shadow (&watch);
    g_assert_false (newsmark_list_mirror_flush (mirror));
    g_signal_handler_disconnect (mirror, id);
  }

  /* A large change passes on at once, after what was held back. */
  g_list_store_remove (source, 0);
  g_assert_true (newsmark_list_mirror_get_pending (mirror));
  {
    GObject *many[20];

    for (guint i = 0; i < G_N_ELEMENTS (many); i++)
      many[i] = new_item (100 + i);
    g_list_store_splice (source, 1, 0, (gpointer *) many, G_N_ELEMENTS (many));
    for (guint i = 0; i < G_N_ELEMENTS (many); i++)
      g_object_unref (many[i]);
  }
  g_assert_false (newsmark_list_mirror_get_pending (mirror));
  assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));
  assert_shadow (&watch);

  /* Turning deferring off shows what waits. */
  g_list_store_remove (source, 3);
  g_assert_true (newsmark_list_mirror_get_pending (mirror));
  newsmark_list_mirror_set_deferring (mirror, FALSE);
  g_assert_false (newsmark_list_mirror_get_pending (mirror));
  assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));

  /* A new source replaces everything, dropping held-back changes. */
  newsmark_list_mirror_set_deferring (mirror, TRUE);
  g_list_store_remove (source, 0);
  newsmark_list_mirror_set_source (mirror, NULL);
  g_assert_false (newsmark_list_mirror_get_pending (mirror));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mirror)), ==, 0);
  assert_shadow (&watch);
  g_list_store_remove (source, 0);   /* no longer followed */
  g_assert_false (newsmark_list_mirror_get_pending (mirror));

  g_ptr_array_unref (watch.shadow);
}

/* Random edits, flushed at random moments: the mirror never disagrees
 * with its own signals, and always catches up with the source. */
static void
test_random_edits (void)
{
  g_autoptr(GListStore) source = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(NewsmarkListMirror) mirror = newsmark_list_mirror_new ();
  GRand *rand = g_rand_new_with_seed (7);
  guint next = 0;
  Watch watch;

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GObject) item = new_item (next++);

      g_list_store_append (source, item);
    }
  watch_init (&watch, mirror);
  newsmark_list_mirror_set_source (mirror, G_LIST_MODEL (source));
  newsmark_list_mirror_set_deferring (mirror, TRUE);

  for (guint round = 0; round < 3000; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (source));
      guint what = g_rand_int_range (rand, 0, 10);

      if (what < 4 || n == 0)
        {
          g_autoptr(GObject) item = new_item (next++);

          g_list_store_insert (source, g_rand_int_range (rand, 0, (gint32) n + 1), item);
        }
      else if (what < 8)
        g_list_store_remove (source, g_rand_int_range (rand, 0, (gint32) n));
      else if (what < 9)
        {
          /* A replacement of a few, as a changed span gives. */
          guint pos = g_rand_int_range (rand, 0, (gint32) n);
          guint wanted = g_rand_int_range (rand, 0, 3);
          guint removed = MIN (n - pos, wanted);
          guint added = g_rand_int_range (rand, 0, 3);
          GObject *items[3];

          for (guint i = 0; i < added; i++)
            items[i] = new_item (next++);
          g_list_store_splice (source, pos, removed, (gpointer *) items, added);
          for (guint i = 0; i < added; i++)
            g_object_unref (items[i]);
        }
      else
        {
          newsmark_list_mirror_flush (mirror);
          assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));
        }
      assert_shadow (&watch);
    }
  newsmark_list_mirror_flush (mirror);
  assert_same_items (G_LIST_MODEL (mirror), G_LIST_MODEL (source));
  assert_shadow (&watch);

  g_rand_free (rand);
  g_ptr_array_unref (watch.shadow);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/list-mirror/holds-back-small-changes", test_holds_back_small_changes);
  g_test_add_func ("/list-mirror/random-edits", test_random_edits);

  return g_test_run ();
}
