/* newsmark-corpus.c — the corpus as a GListModel of its articles
 *
 * The model changes only on the thread that owns it: a load (or refresh)
 * scans in the caller's thread or a worker, then the result is put in
 * place here, replacing exactly the articles that changed, each run of
 * changes announced with one items-changed.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "newsmark/newsmark-document.h"
#include "newsmark-corpus-private.h"

/* Monitors report a save as several events; one refresh follows them. */
#define REFRESH_DELAY_MS 200

struct _NewsmarkCorpus
{
  GObject                 parent_instance;

  GFile                  *folder;
  NewsmarkCorpusFlags     flags;
  char                   *real_root;
  NewsmarkCorpusManifest *manifest;
  GPtrArray              *articles;
  GPtrArray              *problems;
  GHashTable             *facts;
  GPtrArray              *folders;
  guint                   n_errors;

  gboolean                loading;
  double                  progress;
  gboolean                refresh_pending;
  guint                   refresh_source;
  GCancellable           *cancellable;   /* of the background refresh */

  gboolean                watching;
  GHashTable             *monitors;      /* rel folder → GFileMonitor */
  guint                   poll_interval;
  guint                   poll_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NewsmarkCorpus, newsmark_corpus, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_MANIFEST,
  PROP_SCHEMA,
  PROP_LOADING,
  PROP_PROGRESS,
  PROP_WATCHING,
  PROP_POLL_INTERVAL,
  PROP_N_ERRORS,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_monitors (NewsmarkCorpus *self);

/* ---- GListModel ------------------------------------------------------------------- */

static GType
list_model_get_item_type (GListModel *model)
{
  return NEWSMARK_TYPE_CORPUS_ARTICLE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return NEWSMARK_CORPUS (model)->articles->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (model);

  if (position >= self->articles->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->articles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
newsmark_corpus_dispose (GObject *object)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_pointer (&self->monitors, g_hash_table_unref);

  G_OBJECT_CLASS (newsmark_corpus_parent_class)->dispose (object);
}

static void
newsmark_corpus_finalize (GObject *object)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (object);

  g_clear_object (&self->folder);
  g_free (self->real_root);
  g_clear_object (&self->manifest);
  g_clear_pointer (&self->articles, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (newsmark_corpus_parent_class)->finalize (object);
}

static void
newsmark_corpus_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    case PROP_MANIFEST:
      g_value_set_object (value, self->manifest);
      break;
    case PROP_SCHEMA:
      g_value_set_object (value, newsmark_corpus_get_schema (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_WATCHING:
      g_value_set_boolean (value, self->watching);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_corpus_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    case PROP_WATCHING:
      newsmark_corpus_set_watching (self, g_value_get_boolean (value));
      break;
    case PROP_POLL_INTERVAL:
      newsmark_corpus_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_corpus_class_init (NewsmarkCorpusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = newsmark_corpus_dispose;
  object_class->finalize = newsmark_corpus_finalize;
  object_class->get_property = newsmark_corpus_get_property;
  object_class->set_property = newsmark_corpus_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MANIFEST] =
    g_param_spec_object ("manifest", NULL, NULL, NEWSMARK_TYPE_CORPUS_MANIFEST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA] =
    g_param_spec_object ("schema", NULL, NULL, NEWSMARK_TYPE_SCHEMA,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WATCHING] =
    g_param_spec_boolean ("watching", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 0, 24 * 3600, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
newsmark_corpus_init (NewsmarkCorpus *self)
{
  self->articles = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = newsmark_problems_new ();
  self->folders = g_ptr_array_new_with_free_func (g_free);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

NewsmarkCorpus *
newsmark_corpus_new (GFile               *folder,
                     NewsmarkCorpusFlags  flags)
{
  NewsmarkCorpus *self;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (NEWSMARK_TYPE_CORPUS, "folder", folder, NULL);
  self->flags = flags;
  return self;
}

/* ---- Putting a scan in place ------------------------------------------------------ */

static void
set_loading (NewsmarkCorpus *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static NewsmarkCorpusScan *
prepare_scan (NewsmarkCorpus  *self,
              GError         **error)
{
  NewsmarkCorpusScan *scan;

  if (self->real_root == NULL)
    {
      self->real_root = _newsmark_corpus_real_root (self->folder, error);
      if (self->real_root == NULL)
        return NULL;
      if (!g_file_test (self->real_root, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: not a folder", self->real_root);
          g_clear_pointer (&self->real_root, g_free);
          return NULL;
        }
    }

  scan = _newsmark_corpus_scan_new (self->folder, self->real_root, self->flags);
  if (self->facts != NULL)
    scan->previous_facts = g_hash_table_ref (self->facts);
  if (self->manifest != NULL)
    {
      scan->previous_manifest = g_object_ref (self->manifest);
      scan->previous_articles = g_ptr_array_copy (self->articles, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_set_free_func (scan->previous_articles, g_object_unref);
    }
  return scan;
}

/* Replaces the articles that differ, one items-changed per run of
 * changes. Both lists are sorted by path; unchanged articles are the very
 * same objects. Returns the number of articles added, removed or
 * replaced. */
static guint
replace_articles (NewsmarkCorpus *self,
                  GPtrArray      *next)
{
  g_autoptr(GPtrArray) old = g_ptr_array_copy (self->articles, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  guint i = 0, j = 0, position = 0, n_changed = 0;

  g_ptr_array_set_free_func (old, g_object_unref);
  while (i < old->len || j < next->len)
    {
      guint removed = 0, added = 0, first_new = j;

      if (i < old->len && j < next->len && g_ptr_array_index (old, i) == g_ptr_array_index (next, j))
        {
          i++;
          j++;
          position++;
          continue;
        }

      while ((i < old->len || j < next->len) &&
             !(i < old->len && j < next->len && g_ptr_array_index (old, i) == g_ptr_array_index (next, j)))
        {
          int cmp;

          if (i >= old->len)
            cmp = 1;
          else if (j >= next->len)
            cmp = -1;
          else
            cmp = strcmp (newsmark_corpus_article_get_path (g_ptr_array_index (old, i)),
                          newsmark_corpus_article_get_path (g_ptr_array_index (next, j)));
          if (cmp <= 0)
            {
              removed++;
              i++;
            }
          if (cmp >= 0)
            {
              added++;
              j++;
            }
          n_changed++;
        }

      g_ptr_array_remove_range (self->articles, position, removed);
      for (guint k = 0; k < added; k++)
        g_ptr_array_insert (self->articles, (gint) (position + k),
                            g_object_ref (g_ptr_array_index (next, first_new + k)));
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      position += added;
    }
  return n_changed;
}

static void
install (NewsmarkCorpus     *self,
         NewsmarkCorpusScan *scan)
{
  gboolean manifest_changed = scan->manifest != self->manifest;
  guint n_errors = 0;
  guint n_changed;

  g_object_freeze_notify (G_OBJECT (self));
  g_set_object (&self->manifest, scan->manifest);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  self->facts = g_hash_table_ref (scan->facts);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_ptr_array_ref (scan->problems);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  self->folders = g_ptr_array_ref (scan->folders);

  n_changed = replace_articles (self, scan->articles);

  n_errors = newsmark_problems_count_errors (self->problems);
  for (guint i = 0; i < self->articles->len; i++)
    n_errors += newsmark_corpus_article_get_n_errors (g_ptr_array_index (self->articles, i));
  if (n_errors != self->n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (manifest_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANIFEST]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEMA]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (self->watching)
    update_monitors (self);
  g_signal_emit (self, signals[REFRESHED], 0, n_changed);
}

/* A refresh that could not run keeps the model as it was; the reason is
 * listed with the corpus's problems. */
static void
note_failure (NewsmarkCorpus *self,
              const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_ptr_array_add (self->problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, NULL, NULL, 0, 0,
                                                         "the corpus could not be refreshed: %s",
                                                         error->message));
  self->n_errors++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
}

/* ---- Loading ---------------------------------------------------------------------- */

gboolean
newsmark_corpus_load (NewsmarkCorpus              *self,
                      GCancellable                *cancellable,
                      NewsmarkCorpusProgressFunc   progress,
                      gpointer                     progress_data,
                      GError                     **error)
{
  g_autoptr(NewsmarkCorpusScan) scan = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->loading)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "the corpus is already being loaded");
      return FALSE;
    }
  scan = prepare_scan (self, error);
  if (scan == NULL)
    return FALSE;

  set_loading (self, TRUE);
  ok = _newsmark_corpus_scan_run (scan, cancellable, progress, progress_data, error);
  set_loading (self, FALSE);
  if (!ok)
    {
      if (self->manifest == NULL && scan->problems->len > 0)
        {
          g_ptr_array_extend_and_steal (self->problems, g_steal_pointer (&scan->problems));
          scan->problems = newsmark_problems_new ();
        }
      return FALSE;
    }
  install (self, scan);
  return TRUE;
}

typedef struct {
  NewsmarkCorpus *corpus;
  double          progress;
} ProgressUpdate;

static gboolean
apply_progress (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->corpus->loading)
    {
      update->corpus->progress = update->progress;
      g_object_notify_by_pspec (G_OBJECT (update->corpus), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->corpus);
  g_free (update);
}

static void
report_progress_from_thread (guint    done,
                             guint    total,
                             gpointer data)
{
  GTask *task = data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->corpus = g_object_ref (g_task_get_source_object (task));
  update->progress = total > 0 ? (double) done / total : 1.0;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, apply_progress,
                              update, progress_update_free);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  NewsmarkCorpusScan *scan = task_data;
  GError *error = NULL;

  if (_newsmark_corpus_scan_run (scan, cancellable, report_progress_from_thread, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void start_refresh (NewsmarkCorpus *self);

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  NewsmarkCorpus *self = NEWSMARK_CORPUS (object);
  GTask *task = G_TASK (result);
  GTask *outer = data;
  NewsmarkCorpusScan *scan = g_task_get_task_data (task);
  GError *error = NULL;

  set_loading (self, FALSE);
  if (g_task_propagate_boolean (task, &error))
    install (self, scan);
  else if (self->manifest == NULL && scan->problems->len > 0)
    g_ptr_array_extend_and_steal (self->problems, g_ptr_array_ref (scan->problems));

  if (outer != NULL)
    {
      if (error != NULL)
        g_task_return_error (outer, error);
      else
        g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
    }
  else if (error != NULL)
    {
      note_failure (self, error);
      g_error_free (error);
    }

  if (self->refresh_pending && self->refresh_source == 0)
    {
      self->refresh_pending = FALSE;
      start_refresh (self);
    }
}

static void
run_load (NewsmarkCorpus *self,
          GCancellable   *cancellable,
          GTask          *outer)
{
  g_autoptr(GError) error = NULL;
  NewsmarkCorpusScan *scan = prepare_scan (self, &error);
  GTask *task;

  if (scan == NULL)
    {
      if (outer != NULL)
        {
          g_task_return_error (outer, g_steal_pointer (&error));
          g_object_unref (outer);
        }
      else
        note_failure (self, error);
      return;
    }

  set_loading (self, TRUE);
  task = g_task_new (self, cancellable, load_done, outer);
  g_task_set_source_tag (task, run_load);
  g_task_set_task_data (task, scan, (GDestroyNotify) _newsmark_corpus_scan_free);
  g_task_run_in_thread (task, load_thread);
  g_object_unref (task);
}

void
newsmark_corpus_load_async (NewsmarkCorpus      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *outer;

  g_return_if_fail (NEWSMARK_IS_CORPUS (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, newsmark_corpus_load_async);
  if (self->loading)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING, "the corpus is already being loaded");
      g_object_unref (outer);
      return;
    }
  run_load (self, cancellable, outer);
}

gboolean
newsmark_corpus_load_finish (NewsmarkCorpus  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Refreshing ------------------------------------------------------------------- */

static void
start_refresh (NewsmarkCorpus *self)
{
  if (self->loading)
    {
      self->refresh_pending = TRUE;
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  run_load (self, self->cancellable, NULL);
}

static gboolean
refresh_timeout (gpointer data)
{
  NewsmarkCorpus *self = data;

  self->refresh_source = 0;
  start_refresh (self);
  return G_SOURCE_REMOVE;
}

void
newsmark_corpus_queue_refresh (NewsmarkCorpus *self)
{
  g_return_if_fail (NEWSMARK_IS_CORPUS (self));

  if (self->refresh_source != 0)
    return;
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

/* ---- Watching --------------------------------------------------------------------- */

static void
monitor_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 gpointer           data)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED:
      newsmark_corpus_queue_refresh (NEWSMARK_CORPUS (data));
      break;
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      break;
    }
}

static void
update_monitors (NewsmarkCorpus *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < self->folders->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (self->folders, i));

  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (wanted, key))
        g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < self->folders->len; i++)
    {
      const char *rel = g_ptr_array_index (self->folders, i);
      g_autofree char *path = NULL;
      g_autoptr(GFile) folder = NULL;
      GFileMonitor *monitor;

      if (g_hash_table_contains (self->monitors, rel))
        continue;
      path = g_build_filename (self->real_root, rel, NULL);
      folder = g_file_new_for_path (path);
      monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (monitor == NULL)
        continue;
      g_signal_connect_object (monitor, "changed", G_CALLBACK (monitor_changed), self, 0);
      g_hash_table_insert (self->monitors, g_strdup (rel), monitor);
    }
}

static gboolean
poll_timeout (gpointer data)
{
  newsmark_corpus_queue_refresh (NEWSMARK_CORPUS (data));
  return G_SOURCE_CONTINUE;
}

static void
update_polling (NewsmarkCorpus *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->watching && self->poll_interval > 0)
    self->poll_source = g_timeout_add_seconds (self->poll_interval, poll_timeout, self);
}

void
newsmark_corpus_set_watching (NewsmarkCorpus *self,
                              gboolean        watching)
{
  g_return_if_fail (NEWSMARK_IS_CORPUS (self));

  watching = !!watching;
  if (self->watching == watching)
    return;
  self->watching = watching;
  if (watching && self->real_root != NULL)
    update_monitors (self);
  else if (!watching)
    g_hash_table_remove_all (self->monitors);
  update_polling (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHING]);
}

gboolean
newsmark_corpus_get_watching (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), FALSE);
  return self->watching;
}

void
newsmark_corpus_set_poll_interval (NewsmarkCorpus *self,
                                   guint           seconds)
{
  g_return_if_fail (NEWSMARK_IS_CORPUS (self));

  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  update_polling (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
newsmark_corpus_get_poll_interval (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), 0);
  return self->poll_interval;
}

/* ---- Accessors -------------------------------------------------------------------- */

GFile *
newsmark_corpus_get_folder (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  return self->folder;
}

const char *
_newsmark_corpus_get_real_root (NewsmarkCorpus *self)
{
  return self->real_root;
}

NewsmarkCorpusManifest *
newsmark_corpus_get_manifest (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  return self->manifest;
}

NewsmarkSchema *
newsmark_corpus_get_schema (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  return self->manifest != NULL ? newsmark_corpus_manifest_get_schema (self->manifest) : NULL;
}

const char * const *
newsmark_corpus_get_annotators (NewsmarkCorpus *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  return self->manifest != NULL ? newsmark_corpus_manifest_get_annotators (self->manifest) : none;
}

gboolean
newsmark_corpus_get_loading (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), FALSE);
  return self->loading;
}

double
newsmark_corpus_get_progress (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), 0.0);
  return self->progress;
}

GPtrArray *
newsmark_corpus_get_problems (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  return self->problems;
}

guint
newsmark_corpus_get_n_errors (NewsmarkCorpus *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), 0);
  return self->n_errors;
}

NewsmarkCorpusArticle *
newsmark_corpus_find_article (NewsmarkCorpus *self,
                              const char     *path)
{
  guint lo = 0, hi;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  hi = self->articles->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      NewsmarkCorpusArticle *article = g_ptr_array_index (self->articles, mid);
      int cmp = strcmp (newsmark_corpus_article_get_path (article), path);

      if (cmp == 0)
        return article;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* ---- Layers ----------------------------------------------------------------------- */

static NewsmarkCorpusLayer *
find_layer (NewsmarkCorpus         *self,
            NewsmarkCorpusArticle  *article,
            const char             *annotator,
            GError                **error)
{
  NewsmarkCorpusLayer *layer = newsmark_corpus_article_find_layer (article, annotator);

  if (layer == NULL)
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                 "“%s” is not an annotator of this corpus", annotator);
  return layer;
}

GFile *
newsmark_corpus_get_layer_file (NewsmarkCorpus        *self,
                                NewsmarkCorpusArticle *article,
                                const char            *annotator)
{
  NewsmarkCorpusLayer *layer;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (article), NULL);
  g_return_val_if_fail (annotator != NULL, NULL);

  layer = newsmark_corpus_article_find_layer (article, annotator);
  if (layer == NULL)
    return NULL;
  return g_file_resolve_relative_path (self->folder, newsmark_corpus_layer_get_path (layer));
}

NewsmarkAnnotationSet *
newsmark_corpus_load_layer (NewsmarkCorpus         *self,
                            NewsmarkCorpusArticle  *article,
                            const char             *annotator,
                            NewsmarkLoadFlags       flags,
                            GPtrArray              *problems,
                            GError                **error)
{
  NewsmarkCorpusLayer *layer;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (article), NULL);
  g_return_val_if_fail (annotator != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layer = find_layer (self, article, annotator, error);
  if (layer == NULL)
    return NULL;
  if (self->real_root == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "the corpus is not loaded");
      return NULL;
    }
  return _newsmark_corpus_load_layer_set (self->real_root, self->folder, newsmark_corpus_layer_get_path (layer),
                                          newsmark_corpus_article_get_path (article), flags, problems, error);
}

NewsmarkAnnotationSet *
newsmark_corpus_create_layer (NewsmarkCorpus         *self,
                              NewsmarkCorpusArticle  *article,
                              const char             *annotator,
                              GError                **error)
{
  NewsmarkCorpusLayer *layer;
  const char *layer_rel, *article_rel;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *document_path = NULL;
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) article_file = NULL;
  NewsmarkFileStamp stamp;
  gsize len = 0;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (self), NULL);
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_ARTICLE (article), NULL);
  g_return_val_if_fail (annotator != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layer = find_layer (self, article, annotator, error);
  if (layer == NULL)
    return NULL;
  if (self->real_root == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "the corpus is not loaded");
      return NULL;
    }

  layer_rel = newsmark_corpus_layer_get_path (layer);
  article_rel = newsmark_corpus_article_get_path (article);
  path = g_build_filename (self->real_root, layer_rel, NULL);
  folder = g_path_get_dirname (path);
  article_path = g_build_filename (self->real_root, article_rel, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "%s: already exists; open it instead", layer_rel);
      return NULL;
    }
  /* Checked before creating folders (annotations/ could be a link to
   * elsewhere) and again after. */
  if (!_newsmark_corpus_path_inside (self->real_root, path) ||
      !_newsmark_corpus_path_inside (self->real_root, article_path))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: leads outside the corpus folder (through a symbolic link)", layer_rel);
      return NULL;
    }
  if (!_newsmark_corpus_read_file (article_path, TRUE, &contents, &len, &stamp, error))
    {
      g_prefix_error (error, "%s: ", article_rel);
      return NULL;
    }
  document = newsmark_document_new_from_text (contents, (gssize) len, error);
  if (document == NULL)
    {
      g_prefix_error (error, "%s: ", article_rel);
      return NULL;
    }
  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot create the folder: %s",
                   folder, g_strerror (saved));
      return NULL;
    }
  if (!_newsmark_corpus_path_inside (self->real_root, folder))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: leads outside the corpus folder (through a symbolic link)", layer_rel);
      return NULL;
    }

  article_file = g_file_resolve_relative_path (self->folder, article_rel);
  newsmark_document_set_file (document, article_file);
  set = newsmark_annotation_set_new (document, newsmark_corpus_get_schema (self));
  newsmark_annotation_set_set_annotator (set, annotator);
  file = g_file_resolve_relative_path (self->folder, layer_rel);
  newsmark_annotation_set_set_file (set, file);
  newsmark_annotation_set_set_document_root (set, self->folder);
  document_path = _newsmark_corpus_document_path_for (layer_rel, article_rel);
  newsmark_annotation_set_set_document_path (set, document_path);
  if (!newsmark_annotation_set_save (set, file, error))
    return NULL;

  newsmark_corpus_queue_refresh (self);
  return g_steal_pointer (&set);
}
