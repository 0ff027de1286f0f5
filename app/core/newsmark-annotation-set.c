/* newsmark-annotation-set.c — one article with its spans, relations, schema,
 * audit log and edit history
 *
 * Every public edit opens a history group, performs primitive operations
 * (add/remove/change one span, relation or unplaced span) that are each
 * recorded, and closes the group; undo and redo replay the recorded
 * primitives through the same code, so the models emit the same precise
 * items-changed either way.
 */

#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "newsmark/newsmark-annotation-set.h"
#include "newsmark/newsmark-document-path.h"
#include "newsmark-annotation-set-private.h"
#include "newsmark-history-private.h"
#include "newsmark-span-list-private.h"

/* ---- NewsmarkLogEntry ---------------------------------------------------- */

G_DEFINE_BOXED_TYPE (NewsmarkLogEntry, newsmark_log_entry,
                     newsmark_log_entry_copy, newsmark_log_entry_free)

NewsmarkLogEntry *
newsmark_log_entry_new (const char *time,
                        const char *who,
                        const char *action,
                        const char *target,
                        const char *detail_json)
{
  NewsmarkLogEntry *entry = g_new0 (NewsmarkLogEntry, 1);

  entry->time = g_strdup (time);
  entry->who = g_strdup (who);
  entry->action = g_strdup (action);
  entry->target = g_strdup (target);
  entry->detail_json = g_strdup (detail_json);
  return entry;
}

NewsmarkLogEntry *
newsmark_log_entry_copy (const NewsmarkLogEntry *entry)
{
  if (entry == NULL)
    return NULL;
  return newsmark_log_entry_new (entry->time, entry->who, entry->action,
                                 entry->target, entry->detail_json);
}

void
newsmark_log_entry_free (NewsmarkLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->time);
  g_free (entry->who);
  g_free (entry->action);
  g_free (entry->target);
  g_free (entry->detail_json);
  g_free (entry);
}

/* ---- NewsmarkAnnotationSet ---------------------------------------------- */

struct _NewsmarkAnnotationSet
{
  GObject             parent_instance;

  NewsmarkDocument   *document;
  NewsmarkSchema     *schema;
  char               *annotator;
  GFile              *file;
  char               *document_path;
  GFile              *document_root;   /* NULL: the file's folder */
  char               *interchange;
  gboolean            done;

  NewsmarkSpanList   *spans;
  NewsmarkObjectList *relations;
  NewsmarkObjectList *unplaced;

  /* id → object (borrowed; the models own the references). With duplicate
   * ids from a broken file the first one wins; check reports the rest. */
  GHashTable         *span_by_id;
  GHashTable         *unplaced_by_id;
  GHashTable         *relation_by_id;
  /* span id → GPtrArray of relations (borrowed) with that span at an end. */
  GHashTable         *relations_by_span;

  /* Bulk loading (see the private header). */
  GPtrArray          *loading_spans;
  GPtrArray          *loading_relations;
  GPtrArray          *loading_unplaced;
  /* File order of what was loaded when it differs from model order, so
   * that check names the right "spans[i]"; dropped at the first edit. */
  GPtrArray          *file_order_spans;
  GPtrArray          *file_order_relations;

  /* The highest numbers of "sN" span ids and "rN" relation ids ever used
   * in this set (see the ids section below), and of those its log
   * mentions. */
  guint64             span_mark;
  guint64             relation_mark;
  guint64             log_span_mark;
  guint64             log_relation_mark;

  GPtrArray          *log;
  NewsmarkHistory    *history;

  gboolean            emit_changed;
  gboolean            last_can_undo;
  gboolean            last_can_redo;
  gboolean            last_modified;
};

G_DEFINE_FINAL_TYPE (NewsmarkAnnotationSet, newsmark_annotation_set, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SCHEMA,
  PROP_ANNOTATOR,
  PROP_FILE,
  PROP_DOCUMENT_PATH,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_DONE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void apply_op (gpointer user_data, const NewsmarkOp *op, gboolean reverse);

static void
newsmark_annotation_set_finalize (GObject *object)
{
  NewsmarkAnnotationSet *self = NEWSMARK_ANNOTATION_SET (object);

  /* The history holds references to spans and relations; drop it first. */
  g_clear_pointer (&self->history, _newsmark_history_free);
  g_clear_pointer (&self->span_by_id, g_hash_table_unref);
  g_clear_pointer (&self->unplaced_by_id, g_hash_table_unref);
  g_clear_pointer (&self->relation_by_id, g_hash_table_unref);
  g_clear_pointer (&self->relations_by_span, g_hash_table_unref);
  g_clear_pointer (&self->loading_spans, g_ptr_array_unref);
  g_clear_pointer (&self->loading_relations, g_ptr_array_unref);
  g_clear_pointer (&self->loading_unplaced, g_ptr_array_unref);
  g_clear_pointer (&self->file_order_spans, g_ptr_array_unref);
  g_clear_pointer (&self->file_order_relations, g_ptr_array_unref);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_clear_object (&self->spans);
  g_clear_object (&self->relations);
  g_clear_object (&self->unplaced);
  g_clear_object (&self->document);
  g_clear_object (&self->schema);
  g_clear_object (&self->file);
  g_free (self->annotator);
  g_free (self->document_path);
  g_clear_object (&self->document_root);
  g_free (self->interchange);

  G_OBJECT_CLASS (newsmark_annotation_set_parent_class)->finalize (object);
}

static void
newsmark_annotation_set_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  NewsmarkAnnotationSet *self = NEWSMARK_ANNOTATION_SET (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SCHEMA:
      g_value_set_object (value, self->schema);
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DOCUMENT_PATH:
      g_value_set_string (value, self->document_path);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, newsmark_annotation_set_get_modified (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, newsmark_annotation_set_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, newsmark_annotation_set_can_redo (self));
      break;
    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_annotation_set_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  NewsmarkAnnotationSet *self = NEWSMARK_ANNOTATION_SET (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    case PROP_SCHEMA:
      self->schema = g_value_dup_object (value);
      break;
    case PROP_ANNOTATOR:
      newsmark_annotation_set_set_annotator (self, g_value_get_string (value));
      break;
    case PROP_FILE:
      newsmark_annotation_set_set_file (self, g_value_get_object (value));
      break;
    case PROP_DOCUMENT_PATH:
      newsmark_annotation_set_set_document_path (self, g_value_get_string (value));
      break;
    case PROP_MODIFIED:
      newsmark_annotation_set_set_modified (self, g_value_get_boolean (value));
      break;
    case PROP_DONE:
      newsmark_annotation_set_set_done (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_annotation_set_class_init (NewsmarkAnnotationSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_annotation_set_finalize;
  object_class->get_property = newsmark_annotation_set_get_property;
  object_class->set_property = newsmark_annotation_set_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, NEWSMARK_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA] =
    g_param_spec_object ("schema", NULL, NULL, NEWSMARK_TYPE_SCHEMA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_PATH] =
    g_param_spec_string ("document-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
free_relation_array (gpointer data)
{
  g_ptr_array_unref (data);
}

static void
newsmark_annotation_set_init (NewsmarkAnnotationSet *self)
{
  self->spans = _newsmark_span_list_new ();
  self->relations = _newsmark_object_list_new (NEWSMARK_TYPE_RELATION,
                                               (GCompareFunc) newsmark_relation_compare);
  self->unplaced = _newsmark_object_list_new (NEWSMARK_TYPE_SPAN, NULL);
  self->span_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unplaced_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relation_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relations_by_span = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   free_relation_array);
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) newsmark_log_entry_free);
  self->history = _newsmark_history_new (apply_op, self);
  self->annotator = g_strdup (g_get_user_name ());
}

NewsmarkAnnotationSet *
newsmark_annotation_set_new (NewsmarkDocument *document,
                             NewsmarkSchema   *schema)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (schema), NULL);

  return g_object_new (NEWSMARK_TYPE_ANNOTATION_SET,
                       "document", document,
                       "schema", schema,
                       NULL);
}

/* ---- Simple accessors ---------------------------------------------------- */

NewsmarkDocument *
newsmark_annotation_set_get_document (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->document;
}

NewsmarkSchema *
newsmark_annotation_set_get_schema (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->schema;
}

const char *
newsmark_annotation_set_get_annotator (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->annotator;
}

void
newsmark_annotation_set_set_annotator (NewsmarkAnnotationSet *self,
                                       const char            *annotator)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  if (g_strcmp0 (self->annotator, annotator) == 0)
    return;
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR]);
}

GFile *
newsmark_annotation_set_get_file (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->file;
}

void
newsmark_annotation_set_set_file (NewsmarkAnnotationSet *self,
                                  GFile                 *file)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

const char *
newsmark_annotation_set_get_document_path (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->document_path;
}

/* The root to check against from @folder: the set's document root when
 * @folder is inside it (a root the file has moved out of no longer
 * counts). */
static GFile *
root_for_folder (NewsmarkAnnotationSet *self,
                 GFile                 *folder)
{
  if (self->document_root != NULL &&
      (g_file_equal (folder, self->document_root) || g_file_has_prefix (folder, self->document_root)))
    return self->document_root;
  return NULL;
}

/* Whether loading the set's file would accept @path: relative to the
 * file's folder and inside the set's document root when both are known
 * (a corpus's layer), else inside a folder of its own. */
static gboolean
document_path_allowed (NewsmarkAnnotationSet *self,
                       const char            *path)
{
  g_autoptr(GFile) folder = NULL;

  if (self->file != NULL)
    folder = g_file_get_parent (self->file);
  if (folder != NULL && root_for_folder (self, folder) != NULL)
    return newsmark_document_path_check (path, folder, root_for_folder (self, folder), NULL);
  return newsmark_document_path_check (path, NULL, NULL, NULL);
}

static void
take_document_path (NewsmarkAnnotationSet *self,
                    const char            *path)
{
  if (g_strcmp0 (self->document_path, path) == 0)
    return;
  g_free (self->document_path);
  self->document_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_PATH]);
}

void
newsmark_annotation_set_set_document_path (NewsmarkAnnotationSet *self,
                                           const char            *path)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  /* Whatever is set here is written to the file, which no load would then
   * accept: paths come from newsmark_document_path_for or a checked file. */
  g_return_if_fail (path == NULL || document_path_allowed (self, path));

  take_document_path (self, path);
}

void
_newsmark_annotation_set_load_document_path (NewsmarkAnnotationSet *self,
                                             const char            *path)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  take_document_path (self, path);
}

GFile *
newsmark_annotation_set_get_document_root (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->document_root;
}

void
newsmark_annotation_set_set_document_root (NewsmarkAnnotationSet *self,
                                           GFile                 *root)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (root == NULL || G_IS_FILE (root));

  g_set_object (&self->document_root, root);
}

GFile *
newsmark_annotation_set_resolve_article (NewsmarkAnnotationSet  *self,
                                         GError                **error)
{
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->document_path == NULL || self->file == NULL)
    return NULL;
  folder = g_file_get_parent (self->file);
  if (folder == NULL)
    return NULL;
  return newsmark_document_path_resolve (self->document_path, folder, root_for_folder (self, folder), error);
}

gboolean
newsmark_annotation_set_name_article (NewsmarkAnnotationSet *self,
                                      GFile                 *file,
                                      GFile                 *article)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (article == NULL || G_IS_FILE (article), FALSE);

  folder = g_file_get_parent (file);
  root = newsmark_document_path_find_root (file);
  if (article != NULL && folder != NULL)
    path = newsmark_document_path_for (article, folder, root);

  newsmark_annotation_set_set_file (self, file);
  newsmark_annotation_set_set_document_root (self, root);
  take_document_path (self, path);
  return path != NULL;
}

const char *
newsmark_annotation_set_get_interchange (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->interchange;
}

void
newsmark_annotation_set_set_interchange (NewsmarkAnnotationSet *self,
                                         const char            *json)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  g_free (self->interchange);
  self->interchange = g_strdup (json);
}

static void
update_state (NewsmarkAnnotationSet *self)
{
  gboolean can_undo = newsmark_annotation_set_can_undo (self);
  gboolean can_redo = newsmark_annotation_set_can_redo (self);
  gboolean modified = newsmark_annotation_set_get_modified (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->last_can_undo)
    {
      self->last_can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->last_can_redo)
    {
      self->last_can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (modified != self->last_modified)
    {
      self->last_modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
newsmark_annotation_set_get_modified (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  return _newsmark_history_is_modified (self->history);
}

void
newsmark_annotation_set_set_modified (NewsmarkAnnotationSet *self,
                                      gboolean               modified)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  _newsmark_history_set_saved (self->history, !modified);
  update_state (self);
}

GListModel *
newsmark_annotation_set_get_spans (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return G_LIST_MODEL (self->spans);
}

GListModel *
newsmark_annotation_set_get_relations (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return G_LIST_MODEL (self->relations);
}

GListModel *
newsmark_annotation_set_get_unplaced (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return G_LIST_MODEL (self->unplaced);
}

/* Placed spans first; an unplaced span is still a valid relation end. */
NewsmarkSpan *
newsmark_annotation_set_find_span (NewsmarkAnnotationSet *self,
                                   const char            *id)
{
  NewsmarkSpan *span;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  if (id == NULL)
    return NULL;
  span = g_hash_table_lookup (self->span_by_id, id);
  if (span == NULL)
    span = g_hash_table_lookup (self->unplaced_by_id, id);
  return span;
}

NewsmarkRelation *
newsmark_annotation_set_find_relation (NewsmarkAnnotationSet *self,
                                       const char            *id)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->relation_by_id, id);
}

guint
newsmark_annotation_set_get_span_position (NewsmarkAnnotationSet *self,
                                           NewsmarkSpan          *span)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), G_MAXUINT);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), G_MAXUINT);

  /* Not ours (or unplaced): avoid the list's fallback scan. */
  if (newsmark_span_get_id (span) == NULL ||
      g_hash_table_lookup (self->span_by_id, newsmark_span_get_id (span)) != span)
    return G_MAXUINT;
  return _newsmark_span_list_find (self->spans, span);
}

/* ---- Queries --------------------------------------------------------------- */

GPtrArray *
newsmark_annotation_set_spans_at (NewsmarkAnnotationSet *self,
                                  guint                  offset)
{
  GPtrArray *out;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  out = g_ptr_array_new ();
  _newsmark_span_list_query_at (self->spans, offset, out);
  return out;
}

GPtrArray *
newsmark_annotation_set_spans_in (NewsmarkAnnotationSet *self,
                                  guint                  start,
                                  guint                  end)
{
  GPtrArray *out;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  out = g_ptr_array_new ();
  _newsmark_span_list_query_in (self->spans, start, end, out);
  return out;
}

static int
compare_relation_ptrs (gconstpointer a,
                       gconstpointer b)
{
  return newsmark_relation_compare (*(NewsmarkRelation **) a, *(NewsmarkRelation **) b);
}

GPtrArray *
newsmark_annotation_set_relations_of (NewsmarkAnnotationSet *self,
                                      NewsmarkSpan          *span)
{
  GPtrArray *out, *found;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), NULL);

  out = g_ptr_array_new ();
  if (newsmark_span_get_id (span) == NULL)
    return out;
  found = g_hash_table_lookup (self->relations_by_span, newsmark_span_get_id (span));
  if (found != NULL)
    {
      for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (out, g_ptr_array_index (found, i));
      g_ptr_array_sort (out, compare_relation_ptrs);
    }
  return out;
}

/* ---- Ids ------------------------------------------------------------------- */

static gboolean
span_id_in_use (NewsmarkAnnotationSet *self,
                const char            *id)
{
  return g_hash_table_contains (self->span_by_id, id) ||
         g_hash_table_contains (self->unplaced_by_id, id);
}

/* ---- Ids ----------------------------------------------------------------------
 *
 * The audit log names spans and relations by id, so an id, once used, is
 * never given again: not after the span is deleted, not after an undo, not
 * after a save and a reload. The set keeps the highest number of every id
 * of the form "s17" / "r3" it has seen anywhere (its spans, unplaced spans
 * and relations, its log's targets and any id a log entry's detail
 * mentions, the file's "last_ids") or given, and gives only numbers above
 * it. Ids of other forms ("T1" from brat) are never given by Newsmark, so
 * they cannot come back either. */

/* Counting from 1 never gets this far; larger numbers need no reserving. */
#define ID_NUMBER_MAX G_GUINT64_CONSTANT (999999999999999)

guint64
_newsmark_id_number (const char *id,
                     char        prefix)
{
  guint64 v = 0;

  if (id == NULL || id[0] != prefix || !g_ascii_isdigit (id[1]))
    return 0;
  for (const char *p = id + 1; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return 0;
      v = v * 10 + (guint) (*p - '0');
      if (v > ID_NUMBER_MAX)
        return 0;
    }
  return v;
}

static void
raise_mark (guint64 *mark,
            guint64  n)
{
  if (n > *mark)
    *mark = n;
}

static void
note_id (guint64    *span_mark,
         guint64    *relation_mark,
         const char *id)
{
  if (id == NULL)
    return;
  if (id[0] == 's')
    raise_mark (span_mark, _newsmark_id_number (id, 's'));
  else if (id[0] == 'r')
    raise_mark (relation_mark, _newsmark_id_number (id, 'r'));
}

/* The target of a log entry and every string of its detail that reads as
 * an id ("from": "s3" of a deleted relation, say). A string that merely
 * looks like one only makes a number be skipped. */
static void
note_log_entry (NewsmarkAnnotationSet  *self,
                const NewsmarkLogEntry *entry)
{
  note_id (&self->log_span_mark, &self->log_relation_mark, entry->target);
  for (const char *p = entry->detail_json; p != NULL && (p = strchr (p, '"')) != NULL; )
    {
      const char *q = p + 1;

      if ((*q == 's' || *q == 'r') && g_ascii_isdigit (q[1]))
        {
          const char *e = q + 1;

          while (g_ascii_isdigit (*e))
            e++;
          if (*e == '"' && e - q < 24)
            {
              char id[24];

              memcpy (id, q, (gsize) (e - q));
              id[e - q] = '\0';
              note_id (&self->log_span_mark, &self->log_relation_mark, id);
            }
        }
      p = q;
    }
  raise_mark (&self->span_mark, self->log_span_mark);
  raise_mark (&self->relation_mark, self->log_relation_mark);
}

char *
newsmark_annotation_set_next_span_id (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  for (;;)
    {
      char *id;

      g_return_val_if_fail (self->span_mark < ID_NUMBER_MAX, NULL);
      id = g_strdup_printf ("s%" G_GUINT64_FORMAT, ++self->span_mark);
      if (!span_id_in_use (self, id))
        return id;
      g_free (id);
    }
}

char *
newsmark_annotation_set_next_relation_id (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  for (;;)
    {
      char *id;

      g_return_val_if_fail (self->relation_mark < ID_NUMBER_MAX, NULL);
      id = g_strdup_printf ("r%" G_GUINT64_FORMAT, ++self->relation_mark);
      if (!g_hash_table_contains (self->relation_by_id, id))
        return id;
      g_free (id);
    }
}

void
_newsmark_annotation_set_get_last_ids (NewsmarkAnnotationSet *self,
                                       guint64               *span,
                                       guint64               *relation)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  *span = self->span_mark;
  *relation = self->relation_mark;
}

void
_newsmark_annotation_set_get_mentioned_ids (NewsmarkAnnotationSet *self,
                                            guint64               *span,
                                            guint64               *relation)
{
  NewsmarkSpan **spans;
  NewsmarkRelation **relations;
  guint n;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  *span = self->log_span_mark;
  *relation = self->log_relation_mark;
  spans = _newsmark_annotation_set_peek_spans (self, &n);
  for (guint i = 0; i < n; i++)
    note_id (span, relation, newsmark_span_get_id (spans[i]));
  spans = _newsmark_annotation_set_peek_unplaced (self, &n);
  for (guint i = 0; i < n; i++)
    note_id (span, relation, newsmark_span_get_id (spans[i]));
  relations = _newsmark_annotation_set_peek_relations (self, &n);
  for (guint i = 0; i < n; i++)
    note_id (span, relation, newsmark_relation_get_id (relations[i]));
}

void
_newsmark_annotation_set_reserve_ids (NewsmarkAnnotationSet *self,
                                      guint64                span,
                                      guint64                relation)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  raise_mark (&self->span_mark, MIN (span, ID_NUMBER_MAX));
  raise_mark (&self->relation_mark, MIN (relation, ID_NUMBER_MAX));
}

/* ---- Index maintenance ----------------------------------------------------- */

static void
index_span_id (NewsmarkAnnotationSet *self,
               GHashTable            *table,
               NewsmarkSpan          *span)
{
  const char *id = newsmark_span_get_id (span);

  note_id (&self->span_mark, &self->relation_mark, id);
  /* The first span with an id keeps it; check reports later ones. */
  if (id != NULL && g_hash_table_lookup (table, id) == NULL)
    g_hash_table_insert (table, g_strdup (id), span);
}

static void
unindex_span_id (GHashTable   *table,
                 NewsmarkSpan *span)
{
  const char *id = newsmark_span_get_id (span);

  if (id != NULL && g_hash_table_lookup (table, id) == span)
    g_hash_table_remove (table, id);
}

static void
index_relation_end (NewsmarkAnnotationSet *self,
                    const char            *span_id,
                    NewsmarkRelation      *relation)
{
  GPtrArray *list;

  if (span_id == NULL)
    return;
  list = g_hash_table_lookup (self->relations_by_span, span_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->relations_by_span, g_strdup (span_id), list);
    }
  g_ptr_array_add (list, relation);
}

static void
unindex_relation_end (NewsmarkAnnotationSet *self,
                      const char            *span_id,
                      NewsmarkRelation      *relation)
{
  GPtrArray *list;

  if (span_id == NULL)
    return;
  list = g_hash_table_lookup (self->relations_by_span, span_id);
  if (list == NULL)
    return;
  g_ptr_array_remove_fast (list, relation);
  if (list->len == 0)
    g_hash_table_remove (self->relations_by_span, span_id);
}

static void
index_relation (NewsmarkAnnotationSet *self,
                NewsmarkRelation      *relation)
{
  const char *id = newsmark_relation_get_id (relation);
  const char *from = newsmark_relation_get_from (relation);
  const char *to = newsmark_relation_get_to (relation);

  note_id (&self->span_mark, &self->relation_mark, id);
  if (id != NULL && !g_hash_table_contains (self->relation_by_id, id))
    g_hash_table_insert (self->relation_by_id, g_strdup (id), relation);
  index_relation_end (self, from, relation);
  if (g_strcmp0 (from, to) != 0)
    index_relation_end (self, to, relation);
}

static void
unindex_relation (NewsmarkAnnotationSet *self,
                  NewsmarkRelation      *relation)
{
  const char *id = newsmark_relation_get_id (relation);
  const char *from = newsmark_relation_get_from (relation);
  const char *to = newsmark_relation_get_to (relation);

  if (id != NULL && g_hash_table_lookup (self->relation_by_id, id) == relation)
    g_hash_table_remove (self->relation_by_id, id);
  unindex_relation_end (self, from, relation);
  if (g_strcmp0 (from, to) != 0)
    unindex_relation_end (self, to, relation);
}

static void
forget_file_order (NewsmarkAnnotationSet *self)
{
  g_clear_pointer (&self->file_order_spans, g_ptr_array_unref);
  g_clear_pointer (&self->file_order_relations, g_ptr_array_unref);
}

/* ---- Primitive operations (shared by edits, undo and redo) --------------- */

static gboolean
is_placed (NewsmarkAnnotationSet *self,
           NewsmarkSpan          *span)
{
  const char *id = newsmark_span_get_id (span);

  return id != NULL && g_hash_table_lookup (self->span_by_id, id) == span;
}

static gboolean
is_unplaced (NewsmarkAnnotationSet *self,
             NewsmarkSpan          *span)
{
  const char *id = newsmark_span_get_id (span);

  return id != NULL && g_hash_table_lookup (self->unplaced_by_id, id) == span;
}

static void
do_add_span (NewsmarkAnnotationSet *self,
             NewsmarkSpan          *span)
{
  index_span_id (self, self->span_by_id, span);
  _newsmark_span_list_insert (self->spans, span);
}

static void
do_remove_span (NewsmarkAnnotationSet *self,
                NewsmarkSpan          *span)
{
  g_object_ref (span);
  unindex_span_id (self->span_by_id, span);
  _newsmark_span_list_remove (self->spans, span);
  g_object_unref (span);
}

static void
do_add_unplaced (NewsmarkAnnotationSet *self,
                 NewsmarkSpan          *span,
                 guint                  position)
{
  index_span_id (self, self->unplaced_by_id, span);
  _newsmark_object_list_insert (self->unplaced, span, position);
}

static guint
do_remove_unplaced (NewsmarkAnnotationSet *self,
                    NewsmarkSpan          *span)
{
  guint pos;

  g_object_ref (span);
  unindex_span_id (self->unplaced_by_id, span);
  pos = _newsmark_object_list_remove (self->unplaced, span);
  g_object_unref (span);
  return pos;
}

static void
do_add_relation (NewsmarkAnnotationSet *self,
                 NewsmarkRelation      *relation)
{
  index_relation (self, relation);
  _newsmark_object_list_insert (self->relations, relation, G_MAXUINT);
}

static void
do_remove_relation (NewsmarkAnnotationSet *self,
                    NewsmarkRelation      *relation)
{
  g_object_ref (relation);
  unindex_relation (self, relation);
  _newsmark_object_list_remove (self->relations, relation);
  g_object_unref (relation);
}

/* Whatever the span list sorts or indexes by: start, end, label, id and
 * the fragments (a gap changes what covers an offset). */
static gboolean
position_differs (NewsmarkSpan *a,
                  NewsmarkSpan *b)
{
  guint n = newsmark_span_get_n_fragments (a);

  if (n != newsmark_span_get_n_fragments (b) ||
      (n > 0 && memcmp (newsmark_span_get_fragments (a), newsmark_span_get_fragments (b),
                        n * sizeof (NewsmarkFragment)) != 0))
    return TRUE;
  return newsmark_span_get_start (a) != newsmark_span_get_start (b) ||
         newsmark_span_get_end (a) != newsmark_span_get_end (b) ||
         g_strcmp0 (newsmark_span_get_label (a), newsmark_span_get_label (b)) != 0 ||
         g_strcmp0 (newsmark_span_get_id (a), newsmark_span_get_id (b)) != 0;
}

/* Gives @span the fields of @values, keeping the model sorted and the id
 * hashes right. */
static void
do_change_span (NewsmarkAnnotationSet *self,
                NewsmarkSpan          *span,
                NewsmarkSpan          *values)
{
  gboolean placed = is_placed (self, span);
  gboolean unplaced = !placed && is_unplaced (self, span);
  gboolean id_changes = g_strcmp0 (newsmark_span_get_id (span), newsmark_span_get_id (values)) != 0;

  if (placed && position_differs (span, values))
    {
      guint old_pos;

      /* Notifications wait until the span is back in place, so a handler
       * that looks at the model sees it consistent. */
      g_object_freeze_notify (G_OBJECT (span));
      old_pos = _newsmark_span_list_detach (self->spans, span);
      if (id_changes)
        unindex_span_id (self->span_by_id, span);
      newsmark_span_assign (span, values);
      if (id_changes)
        index_span_id (self, self->span_by_id, span);
      if (old_pos != G_MAXUINT)
        _newsmark_span_list_reattach (self->spans, span, old_pos);
      g_object_thaw_notify (G_OBJECT (span));
      return;
    }

  if (unplaced && id_changes)
    unindex_span_id (self->unplaced_by_id, span);
  newsmark_span_assign (span, values);
  if (unplaced && id_changes)
    index_span_id (self, self->unplaced_by_id, span);
}

static void
apply_op (gpointer          user_data,
          const NewsmarkOp *op,
          gboolean          reverse)
{
  NewsmarkAnnotationSet *self = user_data;
  NewsmarkSpan *span = NEWSMARK_IS_SPAN (op->object) ? op->object : NULL;
  NewsmarkRelation *relation = NEWSMARK_IS_RELATION (op->object) ? op->object : NULL;

  switch (op->kind)
    {
    case NEWSMARK_OP_ADD_SPAN:
      if (reverse)
        do_remove_span (self, span);
      else
        {
          if (op->after && !newsmark_span_equal (span, op->after))
            newsmark_span_assign (span, op->after);
          do_add_span (self, span);
        }
      break;

    case NEWSMARK_OP_REMOVE_SPAN:
      if (reverse)
        {
          if (op->before && !newsmark_span_equal (span, op->before))
            newsmark_span_assign (span, op->before);
          do_add_span (self, span);
        }
      else
        do_remove_span (self, span);
      break;

    case NEWSMARK_OP_CHANGE_SPAN:
      do_change_span (self, span, reverse ? op->before : op->after);
      break;

    case NEWSMARK_OP_ADD_RELATION:
      if (reverse)
        do_remove_relation (self, relation);
      else
        do_add_relation (self, relation);
      break;

    case NEWSMARK_OP_REMOVE_RELATION:
      if (reverse)
        do_add_relation (self, relation);
      else
        do_remove_relation (self, relation);
      break;

    case NEWSMARK_OP_ADD_UNPLACED:
      if (reverse)
        do_remove_unplaced (self, span);
      else
        {
          if (op->after && !newsmark_span_equal (span, op->after))
            newsmark_span_assign (span, op->after);
          do_add_unplaced (self, span, op->position);
        }
      break;

    case NEWSMARK_OP_REMOVE_UNPLACED:
      if (reverse)
        {
          if (op->before && !newsmark_span_equal (span, op->before))
            newsmark_span_assign (span, op->before);
          do_add_unplaced (self, span, op->position);
        }
      else
        do_remove_unplaced (self, span);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* ---- Steps, recording and the audit log --------------------------------- */

static void
begin_step (NewsmarkAnnotationSet *self,
            const char            *description)
{
  _newsmark_history_begin (self->history, description);
}

static void
end_step (NewsmarkAnnotationSet *self,
          gboolean               changed)
{
  if (changed)
    {
      self->emit_changed = TRUE;
      forget_file_order (self);
    }

  if (_newsmark_history_end (self->history))
    {
      gboolean emit = self->emit_changed;

      self->emit_changed = FALSE;
      update_state (self);
      if (emit)
        g_signal_emit (self, signals[CHANGED], 0);
    }
}

static void
record (NewsmarkAnnotationSet *self,
        NewsmarkOpKind         kind,
        gpointer               object,
        NewsmarkSpan          *before,
        NewsmarkSpan          *after,
        guint                  position)
{
  _newsmark_history_push (self->history, kind, g_object_ref (object), before, after, position);
}

static void
log_json (NewsmarkAnnotationSet *self,
          const char            *action,
          const char            *target,
          json_object           *detail)
{
  const char *json = NULL;

  if (detail != NULL)
    json = json_object_to_json_string_ext (detail, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  newsmark_annotation_set_log (self, action, target, json);
  if (detail != NULL)
    json_object_put (detail);
}

static json_object *
range_json (guint start,
            guint end)
{
  json_object *arr = json_object_new_array_ext (2);

  json_object_array_add (arr, json_object_new_int64 (start));
  json_object_array_add (arr, json_object_new_int64 (end));
  return arr;
}

static json_object *
span_summary_json (NewsmarkSpan *span)
{
  json_object *obj = json_object_new_object ();
  const char *text = newsmark_span_get_text (span);

  json_object_object_add (obj, "label", json_object_new_string (newsmark_span_get_label (span)));
  json_object_object_add (obj, "start", json_object_new_int64 (newsmark_span_get_start (span)));
  json_object_object_add (obj, "end", json_object_new_int64 (newsmark_span_get_end (span)));
  if (text != NULL)
    json_object_object_add (obj, "text", json_object_new_string (text));
  json_object_object_add (obj, "status",
                          json_object_new_string (newsmark_status_to_string (newsmark_span_get_status (span))));
  return obj;
}

static json_object *
variant_json (GVariant *value)
{
  if (value == NULL)
    return NULL;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return json_object_new_string (g_variant_get_string (value, NULL));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return json_object_new_boolean (g_variant_get_boolean (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return json_object_new_double (g_variant_get_double (value));
  {
    g_autofree char *printed = g_variant_print (value, FALSE);
    return json_object_new_string (printed);
  }
}

static int
compare_str_ptrs (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The fields that differ between two states of a span, as a log detail:
 * {"label": ["PERSON", "ORG"], "range": [[1, 5], [1, 7]], …}. */
static json_object *
diff_json (NewsmarkSpan *a,
           NewsmarkSpan *b)
{
  json_object *obj = json_object_new_object ();
  g_auto(GStrv) names_a = newsmark_span_list_attributes (a);
  g_auto(GStrv) names_b = newsmark_span_list_attributes (b);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

#define PAIR(key, va, vb)                                   \
  G_STMT_START {                                            \
    json_object *_p = json_object_new_array_ext (2);        \
    json_object_array_add (_p, (va));                       \
    json_object_array_add (_p, (vb));                       \
    json_object_object_add (obj, (key), _p);                \
  } G_STMT_END

  if (g_strcmp0 (newsmark_span_get_label (a), newsmark_span_get_label (b)) != 0)
    PAIR ("label",
          json_object_new_string (newsmark_span_get_label (a)),
          json_object_new_string (newsmark_span_get_label (b)));
  if (newsmark_span_get_start (a) != newsmark_span_get_start (b) ||
      newsmark_span_get_end (a) != newsmark_span_get_end (b) ||
      newsmark_span_get_n_fragments (a) != newsmark_span_get_n_fragments (b))
    PAIR ("range",
          range_json (newsmark_span_get_start (a), newsmark_span_get_end (a)),
          range_json (newsmark_span_get_start (b), newsmark_span_get_end (b)));
  if (g_strcmp0 (newsmark_span_get_text (a), newsmark_span_get_text (b)) != 0)
    PAIR ("text",
          json_object_new_string (newsmark_span_get_text (a) ? newsmark_span_get_text (a) : ""),
          json_object_new_string (newsmark_span_get_text (b) ? newsmark_span_get_text (b) : ""));
  if (newsmark_span_get_status (a) != newsmark_span_get_status (b))
    PAIR ("status",
          json_object_new_string (newsmark_status_to_string (newsmark_span_get_status (a))),
          json_object_new_string (newsmark_status_to_string (newsmark_span_get_status (b))));
  if (g_strcmp0 (newsmark_span_get_note (a), newsmark_span_get_note (b)) != 0)
    PAIR ("note",
          newsmark_span_get_note (a) ? json_object_new_string (newsmark_span_get_note (a)) : NULL,
          newsmark_span_get_note (b) ? json_object_new_string (newsmark_span_get_note (b)) : NULL);

  for (guint i = 0; names_a[i]; i++)
    g_hash_table_add (names, names_a[i]);
  for (guint i = 0; names_b[i]; i++)
    g_hash_table_add (names, names_b[i]);
  {
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (names, NULL);
    guint n = g_hash_table_size (names);

    qsort (keys, n, sizeof (gpointer), compare_str_ptrs);
    for (guint i = 0; i < n; i++)
      {
        const char *name = *(const char **) &keys[i];
        GVariant *va = newsmark_span_get_attribute (a, name);
        GVariant *vb = newsmark_span_get_attribute (b, name);

        if ((va == NULL) != (vb == NULL) || (va != NULL && !g_variant_equal (va, vb)))
          {
            g_autofree char *key = g_strconcat ("attributes.", name, NULL);
            PAIR (key, variant_json (va), variant_json (vb));
          }
      }
  }
#undef PAIR

  return obj;
}

/* ---- Validation helpers (used by edits) ---------------------------------- */

static const char *
schema_item_name (gpointer item)
{
  if (NEWSMARK_IS_LABEL (item))
    return newsmark_label_get_name (item);
  if (NEWSMARK_IS_RELATION_TYPE (item))
    return newsmark_relation_type_get_name (item);
  return newsmark_attribute_def_get_name (item);
}

/* "A, B, C" from a schema list, for error messages that say what was
 * expected; @if_empty (may be NULL) when the list is empty. */
static char *
join_names (GListModel *model,
            const char *if_empty)
{
  guint n = g_list_model_get_n_items (model);
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, schema_item_name (item));
    }
  if (n == 0 && if_empty != NULL)
    g_string_append (str, if_empty);
  return g_string_free (str, FALSE);
}

static char *
label_names (NewsmarkSchema *schema)
{
  return join_names (newsmark_schema_get_labels (schema), "(the schema has no labels)");
}

static char *
type_names (NewsmarkSchema *schema)
{
  return join_names (newsmark_schema_get_relation_types (schema), "(the schema has no relation types)");
}

static char *
attribute_names (NewsmarkLabel *label)
{
  return join_names (newsmark_label_get_attributes (label), NULL);
}

static char *
or_list (const char * const *names)
{
  GString *str = g_string_new (NULL);
  guint n = names ? g_strv_length ((char **) names) : 0;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (str, i + 1 == n ? " or " : ", ");
      g_string_append (str, names[i]);
    }
  if (n == 0)
    g_string_append (str, "(no label)");
  return g_string_free (str, FALSE);
}

static NewsmarkLabel *
require_label (NewsmarkAnnotationSet  *self,
               const char             *label,
               GError                **error)
{
  NewsmarkLabel *def = newsmark_schema_find_label (self->schema, label);

  if (def == NULL)
    {
      g_autofree char *names = label_names (self->schema);
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "unknown label “%s”; expected one of %s", label ? label : "", names);
    }
  return def;
}

static gboolean
check_range (NewsmarkAnnotationSet  *self,
             guint                   start,
             guint                   end,
             GError                **error)
{
  guint length = newsmark_document_get_length (self->document);

  if (end < start)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "the range [%u, %u) is reversed; expected start < end", start, end);
      return FALSE;
    }
  if (end == start)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "the range [%u, %u) is empty; a span must cover at least one character",
                   start, end);
      return FALSE;
    }
  if (end > length)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "the range [%u, %u) goes past the end of the text (length %u)",
                   start, end, length);
      return FALSE;
    }
  return TRUE;
}

/* Sorted, non-empty, in range and non-overlapping; touching fragments are
 * merged into @out. Returns the number of fragments in @out. */
static gboolean
normalise_fragments (NewsmarkAnnotationSet   *self,
                     const NewsmarkFragment  *fragments,
                     guint                    n_fragments,
                     GArray                  *out,
                     GError                 **error)
{
  for (guint i = 0; i < n_fragments; i++)
    {
      if (!check_range (self, fragments[i].start, fragments[i].end, error))
        {
          g_prefix_error (error, "fragment %u: ", i + 1);
          return FALSE;
        }
      if (out->len > 0)
        {
          NewsmarkFragment *last = &g_array_index (out, NewsmarkFragment, out->len - 1);

          if (fragments[i].start < last->end)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                           "fragment %u [%u, %u) overlaps or comes before the previous one "
                           "[%u, %u); expected sorted, non-overlapping fragments",
                           i + 1, fragments[i].start, fragments[i].end, last->start, last->end);
              return FALSE;
            }
          if (fragments[i].start == last->end)
            {
              last->end = fragments[i].end;
              continue;
            }
        }
      g_array_append_val (out, fragments[i]);
    }
  return TRUE;
}

static gboolean
check_attributes (NewsmarkAnnotationSet  *self,
                  NewsmarkSpan           *span,
                  GError                **error)
{
  NewsmarkLabel *label = newsmark_schema_find_label (self->schema, newsmark_span_get_label (span));
  g_auto(GStrv) names = newsmark_span_list_attributes (span);

  if (label == NULL)
    return require_label (self, newsmark_span_get_label (span), error) != NULL;

  for (guint i = 0; names[i]; i++)
    {
      NewsmarkAttributeDef *def = newsmark_label_find_attribute (label, names[i]);

      if (def == NULL)
        {
          g_autofree char *allowed = attribute_names (label);
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                       "%s has no attribute “%s”%s%s", newsmark_label_get_name (label), names[i],
                       *allowed ? "; expected one of " : "", allowed);
          return FALSE;
        }
      if (!newsmark_attribute_def_check_value (def, newsmark_span_get_attribute (span, names[i]), error))
        return FALSE;
    }
  return TRUE;
}

/* Fills text (contiguous) or fragment texts (discontinuous) from the document. */
static void
fill_text (NewsmarkAnnotationSet *self,
           NewsmarkSpan          *span)
{
  guint n = newsmark_span_get_n_fragments (span);

  if (n == 0)
    {
      g_autofree char *text = newsmark_document_dup_slice (self->document,
                                                           newsmark_span_get_start (span),
                                                           newsmark_span_get_end (span));
      newsmark_span_set_fragment_texts (span, NULL);
      newsmark_span_set_text (span, text);
    }
  else
    {
      const NewsmarkFragment *f = newsmark_span_get_fragments (span);
      g_auto(GStrv) texts = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        texts[i] = newsmark_document_dup_slice (self->document, f[i].start, f[i].end);
      newsmark_span_set_text (span, NULL);
      newsmark_span_set_fragment_texts (span, (const char * const *) texts);
    }
}

static char *
shorten (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= 60)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, 57);
    return g_strconcat (head, "…", NULL);
  }
}

/* NULL text → filled; otherwise it must match the document. */
static gboolean
check_or_fill_text (NewsmarkAnnotationSet  *self,
                    NewsmarkSpan           *span,
                    GError                **error)
{
  guint n = newsmark_span_get_n_fragments (span);

  if (n == 0)
    {
      const char *text = newsmark_span_get_text (span);
      guint start = newsmark_span_get_start (span), end = newsmark_span_get_end (span);

      if (newsmark_span_get_fragment_texts (span) == NULL && text != NULL &&
          !newsmark_document_slice_equals (self->document, start, end, text))
        {
          g_autofree char *expected = newsmark_document_dup_slice (self->document, start, end);
          g_autofree char *got = shorten (text);
          g_autofree char *want = shorten (expected);
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "the text “%s” does not match the article at [%u, %u), which reads “%s”",
                       got, start, end, want);
          return FALSE;
        }
    }
  else
    {
      const char * const *texts = newsmark_span_get_fragment_texts (span);
      const NewsmarkFragment *f = newsmark_span_get_fragments (span);

      if (texts != NULL)
        {
          if (g_strv_length ((char **) texts) != n)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                           "expected %u fragment texts, got %u", n, g_strv_length ((char **) texts));
              return FALSE;
            }
          for (guint i = 0; i < n; i++)
            if (!newsmark_document_slice_equals (self->document, f[i].start, f[i].end, texts[i]))
              {
                g_autofree char *expected = newsmark_document_dup_slice (self->document, f[i].start, f[i].end);
                g_autofree char *got = shorten (texts[i]);
                g_autofree char *want = shorten (expected);
                g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                             "fragment %u text “%s” does not match the article at [%u, %u), which reads “%s”",
                             i + 1, got, f[i].start, f[i].end, want);
                return FALSE;
              }
        }
    }
  fill_text (self, span);
  return TRUE;
}

/* Relations that would break if @span had label @label. */
static gboolean
check_relations_allow_label (NewsmarkAnnotationSet  *self,
                             NewsmarkSpan           *span,
                             const char             *label,
                             GError                **error)
{
  const char *id = newsmark_span_get_id (span);
  GPtrArray *list = id ? g_hash_table_lookup (self->relations_by_span, id) : NULL;

  if (list == NULL)
    return TRUE;

  for (guint i = 0; i < list->len; i++)
    {
      NewsmarkRelation *rel = g_ptr_array_index (list, i);
      NewsmarkRelationType *type = newsmark_schema_find_relation_type (self->schema,
                                                                       newsmark_relation_get_type_name (rel));
      NewsmarkSpan *from = newsmark_annotation_set_find_span (self, newsmark_relation_get_from (rel));
      NewsmarkSpan *to = newsmark_annotation_set_find_span (self, newsmark_relation_get_to (rel));
      const char *from_label = from == span ? label : (from ? newsmark_span_get_label (from) : NULL);
      const char *to_label = to == span ? label : (to ? newsmark_span_get_label (to) : NULL);

      if (type != NULL && from_label != NULL && to_label != NULL &&
          !newsmark_relation_type_allows (type, from_label, to_label))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "span %s is an end of %s relation %s, which does not allow a %s there; "
                       "remove the relation first",
                       id, newsmark_relation_get_type_name (rel),
                       newsmark_relation_get_id (rel), label);
          return FALSE;
        }
    }
  return TRUE;
}

/* Attributes the schema does not define for the span's label are removed:
 * they belonged to the previous label (the change is logged and undoable). */
static void
drop_foreign_attributes (NewsmarkAnnotationSet *self,
                         NewsmarkSpan          *span)
{
  NewsmarkLabel *label = newsmark_schema_find_label (self->schema, newsmark_span_get_label (span));
  g_auto(GStrv) names = newsmark_span_list_attributes (span);

  if (label == NULL)
    return;
  for (guint i = 0; names[i]; i++)
    if (newsmark_label_find_attribute (label, names[i]) == NULL)
      newsmark_span_set_attribute (span, names[i], NULL);
}

/* Records a change of @span to the state of @values and logs it. @values
 * gets the modification time. */
static void
change_span (NewsmarkAnnotationSet *self,
             NewsmarkSpan          *span,
             NewsmarkSpan          *values,
             const char            *action)
{
  g_autofree char *now = NULL;
  NewsmarkSpan *before;

  /* Nothing but the time would change: not an edit. */
  newsmark_span_set_modified (values, newsmark_span_get_modified (span));
  if (newsmark_span_equal (span, values))
    return;
  now = newsmark_now_iso8601 ();
  newsmark_span_set_modified (values, now);

  before = newsmark_span_copy (span);
  do_change_span (self, span, values);
  log_json (self, action, newsmark_span_get_id (span), diff_json (before, span));
  record (self, NEWSMARK_OP_CHANGE_SPAN, span, before, newsmark_span_copy (span), 0);
}

/* Range and fragment edits need a placed span; an unplaced one must be
 * placed first (newsmark_annotation_set_place_span). */
static gboolean
require_placed (NewsmarkAnnotationSet  *self,
                NewsmarkSpan           *span,
                GError                **error)
{
  const char *id = newsmark_span_get_id (span);

  if (is_placed (self, span))
    return TRUE;
  if (is_unplaced (self, span))
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                 "span %s is not placed in the text; place it first", id);
  else
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                 "span %s does not belong to this annotation set", id ? id : "(no id)");
  return FALSE;
}

/* ---- Editing: spans -------------------------------------------------------- */

static gboolean
add_span_internal (NewsmarkAnnotationSet  *self,
                   NewsmarkSpan           *span,
                   const char             *action,
                   GError                **error)
{
  g_autofree char *now = NULL;
  const char *id = newsmark_span_get_id (span);
  guint n = newsmark_span_get_n_fragments (span);

  if (id != NULL && span_id_in_use (self, id))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "a span with id “%s” already exists", id);
      return FALSE;
    }
  if (id != NULL && *id == '\0')
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, "a span id must not be empty");
      return FALSE;
    }
  if (require_label (self, newsmark_span_get_label (span), error) == NULL)
    return FALSE;
  if (!check_range (self, newsmark_span_get_start (span), newsmark_span_get_end (span), error))
    return FALSE;
  if (n > 0)
    {
      g_autoptr(GArray) frags = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));

      if (!normalise_fragments (self, newsmark_span_get_fragments (span), n, frags, error))
        return FALSE;
      if (frags->len == 1)
        frags->len = 0;
      if (frags->len != n)
        {
          /* Touching fragments were merged: their texts no longer line up. */
          newsmark_span_set_fragment_texts (span, NULL);
          if (frags->len == 0)
            newsmark_span_set_text (span, NULL);
        }
      newsmark_span_set_fragments (span, (NewsmarkFragment *) frags->data, frags->len);
    }
  if (!check_attributes (self, span, error))
    return FALSE;
  if (!check_or_fill_text (self, span, error))
    return FALSE;

  if (id == NULL)
    {
      g_autofree char *new_id = newsmark_annotation_set_next_span_id (self);
      newsmark_span_set_id (span, new_id);
    }
  now = newsmark_now_iso8601 ();
  if (newsmark_span_get_created (span) == NULL)
    newsmark_span_set_created (span, now);
  if (newsmark_span_get_modified (span) == NULL)
    newsmark_span_set_modified (span, newsmark_span_get_created (span));
  if (newsmark_span_get_origin (span) == NULL)
    {
      g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_human (self->annotator);
      newsmark_span_set_origin (span, origin);
    }
  newsmark_span_set_unplaced_reason (span, NULL);
  newsmark_span_set_candidates (span, NULL, 0);

  do_add_span (self, span);
  log_json (self, action, newsmark_span_get_id (span), span_summary_json (span));
  record (self, NEWSMARK_OP_ADD_SPAN, span, NULL, newsmark_span_copy (span), 0);
  return TRUE;
}

NewsmarkSpan *
newsmark_annotation_set_create_span (NewsmarkAnnotationSet  *self,
                                     const char             *label,
                                     guint                   start,
                                     guint                   end,
                                     GError                **error)
{
  g_autoptr(NewsmarkSpan) span = NULL;
  g_autofree char *description = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (require_label (self, label, error) == NULL ||
      !check_range (self, start, end, error))
    return NULL;

  span = newsmark_span_new (NULL, label, start, end);
  newsmark_span_set_status (span, NEWSMARK_STATUS_ACCEPTED);

  description = g_strdup_printf ("Tag as %s", label);
  begin_step (self, description);
  ok = add_span_internal (self, span, "create", error);
  end_step (self, ok);

  return ok ? span : NULL;
}

gboolean
newsmark_annotation_set_add_span (NewsmarkAnnotationSet  *self,
                                  NewsmarkSpan           *span,
                                  GError                **error)
{
  g_autofree char *description = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_placed (self, span) || is_unplaced (self, span))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "span %s is already in this annotation set", newsmark_span_get_id (span));
      return FALSE;
    }

  description = g_strdup_printf ("Add %s", newsmark_span_get_label (span));
  begin_step (self, description);
  ok = add_span_internal (self, span, "create", error);
  end_step (self, ok);
  return ok;
}

static void
remove_span_internal (NewsmarkAnnotationSet *self,
                      NewsmarkSpan          *span,
                      gboolean               placed)
{
  g_autoptr(GPtrArray) relations = newsmark_annotation_set_relations_of (self, span);
  guint position;

  for (guint i = 0; i < relations->len; i++)
    {
      NewsmarkRelation *rel = g_ptr_array_index (relations, i);
      json_object *detail = json_object_new_object ();

      json_object_object_add (detail, "type", json_object_new_string (newsmark_relation_get_type_name (rel)));
      json_object_object_add (detail, "from", json_object_new_string (newsmark_relation_get_from (rel)));
      json_object_object_add (detail, "to", json_object_new_string (newsmark_relation_get_to (rel)));
      log_json (self, "delete", newsmark_relation_get_id (rel), detail);
      record (self, NEWSMARK_OP_REMOVE_RELATION, rel, NULL, NULL, 0);
      do_remove_relation (self, rel);
    }

  log_json (self, "delete", newsmark_span_get_id (span), span_summary_json (span));
  if (placed)
    {
      record (self, NEWSMARK_OP_REMOVE_SPAN, span, newsmark_span_copy (span), NULL, 0);
      do_remove_span (self, span);
    }
  else
    {
      position = _newsmark_object_list_find (self->unplaced, span);
      record (self, NEWSMARK_OP_REMOVE_UNPLACED, span, newsmark_span_copy (span), NULL, position);
      do_remove_unplaced (self, span);
    }
}

void
newsmark_annotation_set_remove_span (NewsmarkAnnotationSet *self,
                                     NewsmarkSpan          *span)
{
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));

  if (is_unplaced (self, span))
    {
      newsmark_annotation_set_remove_unplaced (self, span);
      return;
    }
  g_return_if_fail (is_placed (self, span));

  text = shorten (newsmark_span_get_text (span));
  description = g_strdup_printf ("Delete %s “%s”", newsmark_span_get_label (span), text);

  g_object_ref (span);
  begin_step (self, description);
  remove_span_internal (self, span, TRUE);
  end_step (self, TRUE);
  g_object_unref (span);
}

gboolean
newsmark_annotation_set_set_span_label (NewsmarkAnnotationSet  *self,
                                        NewsmarkSpan           *span,
                                        const char             *label,
                                        GError                **error)
{
  g_autoptr(NewsmarkSpan) values = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_placed (self, span) && !is_unplaced (self, span))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "span %s does not belong to this annotation set", newsmark_span_get_id (span));
      return FALSE;
    }
  if (require_label (self, label, error) == NULL)
    return FALSE;
  if (g_strcmp0 (newsmark_span_get_label (span), label) == 0)
    return TRUE;
  if (!check_relations_allow_label (self, span, label, error))
    return FALSE;

  values = newsmark_span_copy (span);
  newsmark_span_set_label (values, label);
  drop_foreign_attributes (self, values);

  description = g_strdup_printf ("Change label to %s", label);
  begin_step (self, description);
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
  return TRUE;
}

gboolean
newsmark_annotation_set_set_span_range (NewsmarkAnnotationSet  *self,
                                        NewsmarkSpan           *span,
                                        guint                   start,
                                        guint                   end,
                                        GError                **error)
{
  g_autoptr(NewsmarkSpan) values = NULL;
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!require_placed (self, span, error))
    return FALSE;

  if (!check_range (self, start, end, error))
    return FALSE;
  if (start == newsmark_span_get_start (span) && end == newsmark_span_get_end (span))
    return TRUE;

  values = newsmark_span_copy (span);
  n = newsmark_span_get_n_fragments (span);
  if (n > 0)
    {
      /* A discontinuous span keeps its gaps: the outer edges move. */
      g_autofree NewsmarkFragment *f = g_memdup2 (newsmark_span_get_fragments (span), n * sizeof *f);

      if (start >= f[0].end || end <= f[n - 1].start)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "[%u, %u) would remove a whole fragment of this discontinuous span; "
                       "edit its fragments instead", start, end);
          return FALSE;
        }
      f[0].start = start;
      f[n - 1].end = end;
      newsmark_span_set_fragments (values, f, n);
    }
  else
    newsmark_span_set_range (values, start, end);
  fill_text (self, values);

  begin_step (self, "Resize span");
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
  return TRUE;
}

gboolean
newsmark_annotation_set_set_span_fragments (NewsmarkAnnotationSet   *self,
                                            NewsmarkSpan            *span,
                                            const NewsmarkFragment  *fragments,
                                            guint                    n_fragments,
                                            GError                 **error)
{
  g_autoptr(NewsmarkSpan) values = NULL;
  g_autoptr(GArray) frags = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (fragments != NULL || n_fragments == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!require_placed (self, span, error))
    return FALSE;

  frags = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  if (!normalise_fragments (self, fragments, n_fragments, frags, error))
    return FALSE;

  values = newsmark_span_copy (span);
  if (frags->len == 0)
    newsmark_span_set_fragments (values, NULL, 0);
  else if (frags->len == 1)
    {
      NewsmarkFragment only = g_array_index (frags, NewsmarkFragment, 0);
      newsmark_span_set_fragments (values, NULL, 0);
      newsmark_span_set_range (values, only.start, only.end);
    }
  else
    newsmark_span_set_fragments (values, (NewsmarkFragment *) frags->data, frags->len);
  fill_text (self, values);

  begin_step (self, "Edit fragments");
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
  return TRUE;
}

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const NewsmarkFragment *fa = a, *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  return 0;
}

gboolean
newsmark_annotation_set_add_span_fragment (NewsmarkAnnotationSet  *self,
                                           NewsmarkSpan           *span,
                                           guint                   start,
                                           guint                   end,
                                           GError                **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) merged = NULL;
  NewsmarkFragment added = { start, end };
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!require_placed (self, span, error))
    return FALSE;

  if (!check_range (self, start, end, error))
    return FALSE;

  all = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  n = newsmark_span_get_n_fragments (span);
  if (n > 0)
    g_array_append_vals (all, newsmark_span_get_fragments (span), n);
  else
    {
      NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
      g_array_append_val (all, whole);
    }
  g_array_append_val (all, added);
  g_array_sort (all, compare_fragments);

  /* Overlapping or touching fragments become one. */
  merged = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  for (guint i = 0; i < all->len; i++)
    {
      NewsmarkFragment f = g_array_index (all, NewsmarkFragment, i);

      if (merged->len > 0)
        {
          NewsmarkFragment *last = &g_array_index (merged, NewsmarkFragment, merged->len - 1);
          if (f.start <= last->end)
            {
              last->end = MAX (last->end, f.end);
              continue;
            }
        }
      g_array_append_val (merged, f);
    }

  return newsmark_annotation_set_set_span_fragments (self, span,
                                                     (NewsmarkFragment *) merged->data,
                                                     merged->len, error);
}

gboolean
newsmark_annotation_set_set_span_attribute (NewsmarkAnnotationSet  *self,
                                            NewsmarkSpan           *span,
                                            const char             *name,
                                            GVariant               *value,
                                            GError                **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(NewsmarkSpan) values = NULL;
  g_autofree char *description = NULL;
  NewsmarkLabel *label;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value != NULL)
    owned = g_variant_ref_sink (value);

  if (!is_placed (self, span) && !is_unplaced (self, span))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "span %s does not belong to this annotation set", newsmark_span_get_id (span));
      return FALSE;
    }

  label = require_label (self, newsmark_span_get_label (span), error);
  if (label == NULL)
    return FALSE;

  if (value != NULL)
    {
      NewsmarkAttributeDef *def = newsmark_label_find_attribute (label, name);

      if (def == NULL)
        {
          g_autofree char *allowed = attribute_names (label);
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                       "%s has no attribute “%s”%s%s", newsmark_label_get_name (label), name,
                       *allowed ? "; expected one of " : "", allowed);
          return FALSE;
        }
      if (!newsmark_attribute_def_check_value (def, value, error))
        return FALSE;
    }

  values = newsmark_span_copy (span);
  newsmark_span_set_attribute (values, name, value);
  if (newsmark_span_equal (values, span))
    return TRUE;

  description = value ? g_strdup_printf ("Set %s", name) : g_strdup_printf ("Clear %s", name);
  begin_step (self, description);
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
  return TRUE;
}

void
newsmark_annotation_set_set_span_note (NewsmarkAnnotationSet *self,
                                       NewsmarkSpan          *span,
                                       const char            *note)
{
  g_autoptr(NewsmarkSpan) values = NULL;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));
  g_return_if_fail (is_placed (self, span) || is_unplaced (self, span));

  values = newsmark_span_copy (span);
  newsmark_span_set_note (values, note);
  if (g_strcmp0 (newsmark_span_get_note (values), newsmark_span_get_note (span)) == 0)
    return;

  begin_step (self, "Edit note");
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
}

void
newsmark_annotation_set_set_span_status (NewsmarkAnnotationSet *self,
                                         NewsmarkSpan          *span,
                                         NewsmarkStatus         status)
{
  g_autoptr(NewsmarkSpan) values = NULL;
  const char *action;
  const char *description;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));
  g_return_if_fail (is_placed (self, span) || is_unplaced (self, span));

  if (newsmark_span_get_status (span) == status)
    return;

  switch (status)
    {
    case NEWSMARK_STATUS_ACCEPTED:
      action = "accept";
      description = "Accept";
      break;
    case NEWSMARK_STATUS_REJECTED:
      action = "reject";
      description = "Reject";
      break;
    case NEWSMARK_STATUS_SUGGESTED:
    default:
      action = "edit";
      description = "Mark as suggested";
      break;
    }

  values = newsmark_span_copy (span);
  newsmark_span_set_status (values, status);

  begin_step (self, description);
  change_span (self, span, values, action);
  end_step (self, TRUE);
}

gboolean
newsmark_annotation_set_replace_span (NewsmarkAnnotationSet  *self,
                                      NewsmarkSpan           *span,
                                      NewsmarkSpan           *replacement,
                                      GError                **error)
{
  g_autoptr(NewsmarkSpan) values = NULL;
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (span), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (replacement), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!require_placed (self, span, error))
    return FALSE;

  values = newsmark_span_copy (replacement);
  newsmark_span_set_id (values, newsmark_span_get_id (span));
  if (newsmark_span_get_created (values) == NULL)
    newsmark_span_set_created (values, newsmark_span_get_created (span));
  if (newsmark_span_get_origin (values) == NULL)
    newsmark_span_set_origin (values, newsmark_span_get_origin (span));
  newsmark_span_set_unplaced_reason (values, NULL);
  newsmark_span_set_candidates (values, NULL, 0);

  if (require_label (self, newsmark_span_get_label (values), error) == NULL)
    return FALSE;
  if (!check_range (self, newsmark_span_get_start (values), newsmark_span_get_end (values), error))
    return FALSE;
  n = newsmark_span_get_n_fragments (values);
  if (n > 0)
    {
      g_autoptr(GArray) frags = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));

      if (!normalise_fragments (self, newsmark_span_get_fragments (values), n, frags, error))
        return FALSE;
      if (frags->len != n)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "fragments must not touch; merge touching fragments first");
          return FALSE;
        }
      if (n == 1)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "a discontinuous span needs at least two fragments");
          return FALSE;
        }
    }
  if (!check_attributes (self, values, error))
    return FALSE;
  if (!check_or_fill_text (self, values, error))
    return FALSE;
  if (!check_relations_allow_label (self, span, newsmark_span_get_label (values), error))
    return FALSE;

  begin_step (self, "Edit span");
  change_span (self, span, values, "edit");
  end_step (self, TRUE);
  return TRUE;
}

/* ---- Editing: unplaced spans ------------------------------------------- */

void
newsmark_annotation_set_add_unplaced (NewsmarkAnnotationSet *self,
                                      NewsmarkSpan          *span)
{
  guint position;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));
  g_return_if_fail (!is_placed (self, span) && !is_unplaced (self, span));

  g_object_ref (span);
  if (newsmark_span_get_id (span) == NULL || span_id_in_use (self, newsmark_span_get_id (span)))
    {
      /* An unplaced span is kept whatever happens; a clashing id (a
       * suggestion re-imported twice) gets a fresh one rather than being
       * refused, and the log records both. */
      g_autofree char *id = newsmark_annotation_set_next_span_id (self);
      newsmark_span_set_id (span, id);
    }
  if (newsmark_span_get_created (span) == NULL)
    {
      g_autofree char *now = newsmark_now_iso8601 ();
      newsmark_span_set_created (span, now);
      if (newsmark_span_get_modified (span) == NULL)
        newsmark_span_set_modified (span, now);
    }

  begin_step (self, "Add unplaced span");
  position = _newsmark_object_list_get_n (self->unplaced);
  do_add_unplaced (self, span, position);
  {
    json_object *detail = span_summary_json (span);
    const char *reason = newsmark_span_get_unplaced_reason (span);

    if (reason != NULL)
      json_object_object_add (detail, "reason", json_object_new_string (reason));
    log_json (self, "unplaced", newsmark_span_get_id (span), detail);
  }
  record (self, NEWSMARK_OP_ADD_UNPLACED, span, NULL, newsmark_span_copy (span), position);
  end_step (self, TRUE);
  g_object_unref (span);
}

gboolean
newsmark_annotation_set_place_span (NewsmarkAnnotationSet  *self,
                                    NewsmarkSpan           *unplaced,
                                    guint                   start,
                                    guint                   end,
                                    GError                **error)
{
  g_autoptr(NewsmarkSpan) trial = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  g_autofree char *suggested_text = NULL;
  guint position;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (unplaced), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_unplaced (self, unplaced))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "span %s is not an unplaced span of this annotation set",
                   newsmark_span_get_id (unplaced));
      return FALSE;
    }
  if (!check_range (self, start, end, error))
    return FALSE;

  /* Validate on a copy so that a refusal leaves everything untouched. */
  trial = newsmark_span_copy (unplaced);
  newsmark_span_set_fragments (trial, NULL, 0);
  newsmark_span_set_range (trial, start, end);
  newsmark_span_set_fragment_texts (trial, NULL);
  newsmark_span_set_text (trial, NULL);
  if (require_label (self, newsmark_span_get_label (trial), error) == NULL ||
      !check_attributes (self, trial, error))
    return FALSE;
  fill_text (self, trial);
  newsmark_span_set_unplaced_reason (trial, NULL);
  newsmark_span_set_candidates (trial, NULL, 0);
  now = newsmark_now_iso8601 ();
  newsmark_span_set_modified (trial, now);

  g_object_ref (unplaced);
  suggested_text = g_strdup (newsmark_span_get_text (unplaced));
  begin_step (self, "Place span");
  position = _newsmark_object_list_find (self->unplaced, unplaced);
  record (self, NEWSMARK_OP_REMOVE_UNPLACED, unplaced, newsmark_span_copy (unplaced), NULL, position);
  do_remove_unplaced (self, unplaced);
  newsmark_span_assign (unplaced, trial);
  do_add_span (self, unplaced);
  record (self, NEWSMARK_OP_ADD_SPAN, unplaced, NULL, newsmark_span_copy (unplaced), 0);
  {
    json_object *detail = json_object_new_object ();
    json_object_object_add (detail, "range", range_json (start, end));
    json_object_object_add (detail, "text", json_object_new_string (newsmark_span_get_text (unplaced)));
    /* Placed by hand where the suggested string was not found: the audit
     * keeps what the model had said. */
    if (suggested_text != NULL && g_strcmp0 (suggested_text, newsmark_span_get_text (unplaced)) != 0)
      json_object_object_add (detail, "suggested_text", json_object_new_string (suggested_text));
    log_json (self, "place", newsmark_span_get_id (unplaced), detail);
  }
  end_step (self, TRUE);
  g_object_unref (unplaced);
  return TRUE;
}

void
newsmark_annotation_set_remove_unplaced (NewsmarkAnnotationSet *self,
                                         NewsmarkSpan          *unplaced)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (unplaced));
  g_return_if_fail (is_unplaced (self, unplaced));

  g_object_ref (unplaced);
  begin_step (self, "Delete unplaced span");
  remove_span_internal (self, unplaced, FALSE);
  end_step (self, TRUE);
  g_object_unref (unplaced);
}

/* ---- Editing: relations ------------------------------------------------- */

static gboolean
check_relation (NewsmarkAnnotationSet  *self,
                NewsmarkRelation       *relation,
                GError                **error)
{
  const char *type_name = newsmark_relation_get_type_name (relation);
  NewsmarkRelationType *type = newsmark_schema_find_relation_type (self->schema, type_name);
  NewsmarkSpan *from = newsmark_annotation_set_find_span (self, newsmark_relation_get_from (relation));
  NewsmarkSpan *to = newsmark_annotation_set_find_span (self, newsmark_relation_get_to (relation));
  GPtrArray *existing;

  if (type == NULL)
    {
      g_autofree char *names = type_names (self->schema);
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "unknown relation type “%s”; expected one of %s", type_name ? type_name : "", names);
      return FALSE;
    }
  if (from == NULL || to == NULL)
    {
      const char *missing = from == NULL ? newsmark_relation_get_from (relation)
                                         : newsmark_relation_get_to (relation);
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "no span has id “%s”", missing ? missing : "");
      return FALSE;
    }
  if (from == to)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "a relation cannot link span %s to itself", newsmark_span_get_id (from));
      return FALSE;
    }
  if (!g_strv_contains (newsmark_relation_type_get_from_labels (type), newsmark_span_get_label (from)))
    {
      g_autofree char *allowed = or_list (newsmark_relation_type_get_from_labels (type));
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "a %s relation must start at a %s span; %s is a %s",
                   type_name, allowed, newsmark_span_get_id (from), newsmark_span_get_label (from));
      return FALSE;
    }
  if (!g_strv_contains (newsmark_relation_type_get_to_labels (type), newsmark_span_get_label (to)))
    {
      g_autofree char *allowed = or_list (newsmark_relation_type_get_to_labels (type));
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "a %s relation must end at a %s span; %s is a %s",
                   type_name, allowed, newsmark_span_get_id (to), newsmark_span_get_label (to));
      return FALSE;
    }

  existing = g_hash_table_lookup (self->relations_by_span, newsmark_span_get_id (from));
  for (guint i = 0; existing && i < existing->len; i++)
    {
      NewsmarkRelation *other = g_ptr_array_index (existing, i);

      if (g_strcmp0 (newsmark_relation_get_type_name (other), type_name) == 0 &&
          g_strcmp0 (newsmark_relation_get_from (other), newsmark_relation_get_from (relation)) == 0 &&
          g_strcmp0 (newsmark_relation_get_to (other), newsmark_relation_get_to (relation)) == 0)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "%s already has a %s relation to %s (%s)",
                       newsmark_span_get_id (from), type_name, newsmark_span_get_id (to),
                       newsmark_relation_get_id (other));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_relation_internal (NewsmarkAnnotationSet  *self,
                       NewsmarkRelation       *relation,
                       GError                **error)
{
  const char *id = newsmark_relation_get_id (relation);
  json_object *detail;

  if (id != NULL && g_hash_table_contains (self->relation_by_id, id))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "a relation with id “%s” already exists", id);
      return FALSE;
    }
  if (!check_relation (self, relation, error))
    return FALSE;
  if (id == NULL)
    {
      g_autofree char *new_id = newsmark_annotation_set_next_relation_id (self);
      _newsmark_relation_set_id (relation, new_id);
    }

  do_add_relation (self, relation);
  detail = json_object_new_object ();
  json_object_object_add (detail, "type", json_object_new_string (newsmark_relation_get_type_name (relation)));
  json_object_object_add (detail, "from", json_object_new_string (newsmark_relation_get_from (relation)));
  json_object_object_add (detail, "to", json_object_new_string (newsmark_relation_get_to (relation)));
  log_json (self, "create", newsmark_relation_get_id (relation), detail);
  record (self, NEWSMARK_OP_ADD_RELATION, relation, NULL, NULL, 0);
  return TRUE;
}

NewsmarkRelation *
newsmark_annotation_set_create_relation (NewsmarkAnnotationSet  *self,
                                         const char             *type,
                                         NewsmarkSpan           *from,
                                         NewsmarkSpan           *to,
                                         GError                **error)
{
  g_autoptr(NewsmarkRelation) relation = NULL;
  g_autofree char *description = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (from), NULL);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (to), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((!is_placed (self, from) && !is_unplaced (self, from)) ||
      (!is_placed (self, to) && !is_unplaced (self, to)))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "both ends of a relation must be spans of this annotation set");
      return NULL;
    }

  relation = newsmark_relation_new (NULL, type, newsmark_span_get_id (from), newsmark_span_get_id (to));
  {
    g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_human (self->annotator);
    newsmark_relation_set_origin (relation, origin);
  }

  description = g_strdup_printf ("Link %s", type ? type : "");
  begin_step (self, description);
  ok = add_relation_internal (self, relation, error);
  end_step (self, ok);
  return ok ? relation : NULL;
}

gboolean
newsmark_annotation_set_add_relation (NewsmarkAnnotationSet  *self,
                                      NewsmarkRelation       *relation,
                                      GError                **error)
{
  g_autofree char *description = NULL;
  gboolean ok;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_RELATION (relation), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_newsmark_object_list_find (self->relations, relation) != G_MAXUINT)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "relation %s is already in this annotation set", newsmark_relation_get_id (relation));
      return FALSE;
    }

  g_object_ref (relation);
  description = g_strdup_printf ("Link %s", newsmark_relation_get_type_name (relation));
  begin_step (self, description);
  ok = add_relation_internal (self, relation, error);
  end_step (self, ok);
  g_object_unref (relation);
  return ok;
}

void
newsmark_annotation_set_remove_relation (NewsmarkAnnotationSet *self,
                                         NewsmarkRelation      *relation)
{
  json_object *detail;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_RELATION (relation));
  g_return_if_fail (_newsmark_object_list_find (self->relations, relation) != G_MAXUINT);

  g_object_ref (relation);
  begin_step (self, "Delete relation");
  detail = json_object_new_object ();
  json_object_object_add (detail, "type", json_object_new_string (newsmark_relation_get_type_name (relation)));
  json_object_object_add (detail, "from", json_object_new_string (newsmark_relation_get_from (relation)));
  json_object_object_add (detail, "to", json_object_new_string (newsmark_relation_get_to (relation)));
  log_json (self, "delete", newsmark_relation_get_id (relation), detail);
  record (self, NEWSMARK_OP_REMOVE_RELATION, relation, NULL, NULL, 0);
  do_remove_relation (self, relation);
  end_step (self, TRUE);
  g_object_unref (relation);
}

/* ---- History ------------------------------------------------------------- */

void
newsmark_annotation_set_begin_group (NewsmarkAnnotationSet *self,
                                     const char            *description)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  begin_step (self, description);
}

void
newsmark_annotation_set_end_group (NewsmarkAnnotationSet *self)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (_newsmark_history_get_depth (self->history) > 0);
  end_step (self, FALSE);
}

gboolean
newsmark_annotation_set_can_undo (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  return _newsmark_history_can_undo (self->history);
}

gboolean
newsmark_annotation_set_can_redo (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  return _newsmark_history_can_redo (self->history);
}

const char *
newsmark_annotation_set_get_undo_description (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return _newsmark_history_get_undo_description (self->history);
}

const char *
newsmark_annotation_set_get_redo_description (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return _newsmark_history_get_redo_description (self->history);
}

static void
log_history (NewsmarkAnnotationSet *self,
             const char            *action,
             const char            *description)
{
  json_object *detail = json_object_new_object ();

  json_object_object_add (detail, "step", json_object_new_string (description ? description : ""));
  log_json (self, action, NULL, detail);
}

/* Undo (or redo) one step, logged as such. */
static gboolean
step_history (NewsmarkAnnotationSet *self,
              gboolean               redo)
{
  g_autofree char *description = g_strdup (redo ? _newsmark_history_get_redo_description (self->history)
                                                : _newsmark_history_get_undo_description (self->history));

  if (!(redo ? _newsmark_history_redo (self->history) : _newsmark_history_undo (self->history)))
    return FALSE;
  forget_file_order (self);
  log_history (self, redo ? "redo" : "undo", description);
  update_state (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
newsmark_annotation_set_undo (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);

  return step_history (self, FALSE);
}

gboolean
newsmark_annotation_set_redo (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);

  return step_history (self, TRUE);
}

void
newsmark_annotation_set_clear_history (NewsmarkAnnotationSet *self)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (_newsmark_history_get_depth (self->history) == 0);

  _newsmark_history_clear (self->history);
  update_state (self);
}

/* ---- State ------------------------------------------------------------------ */

gboolean
newsmark_annotation_set_get_done (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  return self->done;
}

void
newsmark_annotation_set_set_done (NewsmarkAnnotationSet *self,
                                  gboolean               done)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  done = !!done;
  if (self->done == done)
    return;
  self->done = done;
  newsmark_annotation_set_log (self, "state", NULL,
                               done ? "{\"before\": \"in-progress\", \"after\": \"done\"}"
                                    : "{\"before\": \"done\", \"after\": \"in-progress\"}");
  newsmark_annotation_set_set_modified (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}

void
_newsmark_annotation_set_load_done (NewsmarkAnnotationSet *self,
                                    gboolean               done)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));

  self->done = !!done;
}

/* ---- Audit log -------------------------------------------------------------- */

void
newsmark_annotation_set_log (NewsmarkAnnotationSet *self,
                             const char            *action,
                             const char            *target,
                             const char            *detail_json)
{
  g_autofree char *now = NULL;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (action != NULL);

  now = newsmark_now_iso8601 ();
  newsmark_annotation_set_append_log_entry (self, newsmark_log_entry_new (now, self->annotator, action,
                                                                          target, detail_json));
}

void
newsmark_annotation_set_append_log_entry (NewsmarkAnnotationSet *self,
                                          NewsmarkLogEntry      *entry)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (entry != NULL);

  note_log_entry (self, entry);
  g_ptr_array_add (self->log, entry);
}

GPtrArray *
newsmark_annotation_set_get_log (NewsmarkAnnotationSet *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return self->log;
}

/* ---- Bulk loading (private) ------------------------------------------------- */

/* The loader hands over thousands of objects; they are collected here and
 * put in place once by _newsmark_annotation_set_finish_load. */
static void
append_loading (GPtrArray **array,
                gpointer    object)
{
  if (*array == NULL)
    *array = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (*array, g_object_ref (object));
}

void
_newsmark_annotation_set_load_span (NewsmarkAnnotationSet *self,
                                    NewsmarkSpan          *span)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));

  append_loading (&self->loading_spans, span);
}

void
_newsmark_annotation_set_load_relation (NewsmarkAnnotationSet *self,
                                        NewsmarkRelation      *relation)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_RELATION (relation));

  append_loading (&self->loading_relations, relation);
}

void
_newsmark_annotation_set_load_unplaced (NewsmarkAnnotationSet *self,
                                        NewsmarkSpan          *span)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (span));

  append_loading (&self->loading_unplaced, span);
}

static gboolean
ptr_array_is_sorted (GPtrArray    *array,
                     GCompareFunc  compare)
{
  for (guint i = 1; i < array->len; i++)
    if (compare (array->pdata[i - 1], array->pdata[i]) > 0)
      return FALSE;
  return TRUE;
}

void
_newsmark_annotation_set_finish_load (NewsmarkAnnotationSet *self)
{
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) unplaced = NULL;

  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (_newsmark_history_get_depth (self->history) == 0);

  spans = g_steal_pointer (&self->loading_spans);
  relations = g_steal_pointer (&self->loading_relations);
  unplaced = g_steal_pointer (&self->loading_unplaced);
  forget_file_order (self);

  if (spans != NULL)
    {
      gboolean was_empty = _newsmark_span_list_get_n (self->spans) == 0;

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);

          index_span_id (self, self->span_by_id, span);
        }
      if (!_newsmark_span_list_add_batch (self->spans, spans) && was_empty)
        self->file_order_spans = g_ptr_array_ref (spans);
    }

  if (unplaced != NULL)
    {
      for (guint i = 0; i < unplaced->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (unplaced, i);

          index_span_id (self, self->unplaced_by_id, span);
        }
      _newsmark_object_list_add_batch (self->unplaced, unplaced);
    }

  if (relations != NULL)
    {
      gboolean was_empty = _newsmark_object_list_get_n (self->relations) == 0;

      for (guint i = 0; i < relations->len; i++)
        {
          NewsmarkRelation *relation = g_ptr_array_index (relations, i);

          index_relation (self, relation);
        }
      if (was_empty && !ptr_array_is_sorted (relations, (GCompareFunc) newsmark_relation_compare))
        self->file_order_relations = g_ptr_array_ref (relations);
      _newsmark_object_list_add_batch (self->relations, relations);
    }

  _newsmark_history_clear (self->history);
  _newsmark_history_set_saved (self->history, TRUE);
  update_state (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_newsmark_annotation_set_set_document (NewsmarkAnnotationSet *self,
                                       NewsmarkDocument      *document)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_DOCUMENT (document));

  if (g_set_object (&self->document, document))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
_newsmark_annotation_set_set_schema (NewsmarkAnnotationSet *self,
                                     NewsmarkSchema        *schema)
{
  g_return_if_fail (NEWSMARK_IS_ANNOTATION_SET (self));
  g_return_if_fail (NEWSMARK_IS_SCHEMA (schema));

  if (g_set_object (&self->schema, schema))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEMA]);
}

GPtrArray *
_newsmark_annotation_set_take_spans (NewsmarkAnnotationSet *self)
{
  GPtrArray *out;
  g_autoptr(GPtrArray) unplaced = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (_newsmark_history_get_depth (self->history) == 0, NULL);

  /* The history refers to these spans in their current places; it cannot
   * survive them being moved behind its back. */
  _newsmark_history_clear (self->history);
  forget_file_order (self);

  out = _newsmark_span_list_clear (self->spans);
  unplaced = _newsmark_object_list_clear (self->unplaced);
  for (guint i = 0; i < unplaced->len; i++)
    g_ptr_array_add (out, g_object_ref (g_ptr_array_index (unplaced, i)));
  g_hash_table_remove_all (self->span_by_id);
  g_hash_table_remove_all (self->unplaced_by_id);

  update_state (self);
  return out;
}

NewsmarkSpan **
_newsmark_annotation_set_peek_spans (NewsmarkAnnotationSet *self,
                                     guint                 *n_spans)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return _newsmark_span_list_peek (self->spans, n_spans);
}

NewsmarkRelation **
_newsmark_annotation_set_peek_relations (NewsmarkAnnotationSet *self,
                                         guint                 *n_relations)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return (NewsmarkRelation **) _newsmark_object_list_peek (self->relations, n_relations);
}

NewsmarkSpan **
_newsmark_annotation_set_peek_unplaced (NewsmarkAnnotationSet *self,
                                        guint                 *n_unplaced)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);
  return (NewsmarkSpan **) _newsmark_object_list_peek (self->unplaced, n_unplaced);
}

/* ---- Validation ------------------------------------------------------------ */

typedef struct {
  NewsmarkAnnotationSet *self;
  const char            *filename;
  GPtrArray             *problems;
  guint                  n_errors;
  guint                  length;
  NewsmarkSpan         **spans;        /* file order */
  guint                  n_spans;
  NewsmarkSpan         **unplaced;
  guint                  n_unplaced;
  GHashTable            *index_of;     /* span → "spans[i]"; built on first duplicate */
} Checker;

/* Paths are only built for problems: a valid file of 100,000 spans costs
 * no allocation per span here. */
static void
report (Checker    *c,
        const char *base,
        const char *suffix,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static void
report (Checker    *c,
        const char *base,
        const char *suffix,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  c->n_errors++;
  if (c->problems == NULL)
    return;
  path = g_strconcat (base, suffix ? suffix : "", NULL);
  g_ptr_array_add (c->problems,
                   newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, c->filename, path, 0, 0,
                                         "%s", message));
}

static const char *
path_of (Checker      *c,
         NewsmarkSpan *span)
{
  if (c->index_of == NULL)
    {
      c->index_of = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      for (guint i = 0; i < c->n_spans; i++)
        if (!g_hash_table_contains (c->index_of, c->spans[i]))
          g_hash_table_insert (c->index_of, c->spans[i], g_strdup_printf ("spans[%u]", i));
      for (guint i = 0; i < c->n_unplaced; i++)
        if (!g_hash_table_contains (c->index_of, c->unplaced[i]))
          g_hash_table_insert (c->index_of, c->unplaced[i], g_strdup_printf ("unplaced[%u]", i));
    }
  return g_hash_table_lookup (c->index_of, span);
}

static void
check_span_id (Checker      *c,
               const char   *base,
               NewsmarkSpan *span,
               gboolean      placed)
{
  NewsmarkAnnotationSet *self = c->self;
  const char *id = newsmark_span_get_id (span);
  NewsmarkSpan *first;

  if (id == NULL || *id == '\0')
    {
      report (c, base, ".id", "missing span id; expected a unique string such as \"s1\"");
      return;
    }

  /* The id hashes hold the first span loaded with each id (placed spans
   * before unplaced ones), so any other span with that id is a duplicate. */
  first = g_hash_table_lookup (self->span_by_id, id);
  if (first == NULL && !placed)
    first = g_hash_table_lookup (self->unplaced_by_id, id);
  if (first != NULL && first != span)
    {
      const char *where = path_of (c, first);
      report (c, base, ".id", "duplicate id “%s”: already used by %s; span ids must be unique",
              id, where ? where : "another span");
    }
}

static void
check_span_label_and_attributes (Checker      *c,
                                 const char   *base,
                                 NewsmarkSpan *span)
{
  NewsmarkSchema *schema = c->self->schema;
  const char *label_name = newsmark_span_get_label (span);
  NewsmarkLabel *label = newsmark_schema_find_label (schema, label_name);
  g_auto(GStrv) names = NULL;

  if (label == NULL)
    {
      g_autofree char *allowed = label_names (schema);
      report (c, base, ".label", "unknown label “%s”; expected one of %s",
              label_name ? label_name : "", allowed);
      return;
    }

  if (_newsmark_span_get_n_attributes (span) == 0)
    return;

  names = newsmark_span_list_attributes (span);
  for (guint i = 0; names[i]; i++)
    {
      NewsmarkAttributeDef *def = newsmark_label_find_attribute (label, names[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *suffix = NULL;

      if (def == NULL)
        {
          g_autofree char *allowed = attribute_names (label);

          suffix = g_strconcat (".attributes.", names[i], NULL);
          if (*allowed)
            report (c, base, suffix, "unknown attribute “%s” for %s; expected one of %s",
                    names[i], label_name, allowed);
          else
            report (c, base, suffix, "unknown attribute “%s”: %s has no attributes",
                    names[i], label_name);
          continue;
        }
      if (!newsmark_attribute_def_check_value (def, newsmark_span_get_attribute (span, names[i]), &error))
        {
          suffix = g_strconcat (".attributes.", names[i], NULL);
          report (c, base, suffix, "%s", error->message);
        }
    }
}

static void
check_text_slice (Checker    *c,
                  const char *base,
                  const char *suffix,
                  const char *text,
                  guint       start,
                  guint       end)
{
  NewsmarkDocument *doc = c->self->document;
  g_autofree char *expected = NULL;
  g_autofree char *want = NULL;

  if (newsmark_document_slice_equals (doc, start, end, text))
    return;

  expected = newsmark_document_dup_slice (doc, start, end);
  want = shorten (expected);
  if (text == NULL)
    report (c, base, suffix, "missing text; expected “%s” (the article at [%u, %u))", want, start, end);
  else
    {
      g_autofree char *got = shorten (text);
      report (c, base, suffix, "“%s” does not match the article text at [%u, %u), which is “%s”",
              got, start, end, want);
    }
}

/* Range, fragments and text of a placed span. */
static void
check_span_position (Checker      *c,
                     const char   *base,
                     NewsmarkSpan *span)
{
  guint start = newsmark_span_get_start (span);
  guint end = newsmark_span_get_end (span);
  guint n = newsmark_span_get_n_fragments (span);
  const NewsmarkFragment *f = newsmark_span_get_fragments (span);
  gboolean range_ok = TRUE;

  if (start > c->length)
    {
      report (c, base, ".start", "%u is past the end of the text (length %u)", start, c->length);
      range_ok = FALSE;
    }
  if (end > c->length)
    {
      report (c, base, ".end", "%u is past the end of the text (length %u)", end, c->length);
      range_ok = FALSE;
    }
  if (end < start)
    {
      report (c, base, ".end", "%u is before start %u (reversed range); expected end > start", end, start);
      range_ok = FALSE;
    }
  else if (end == start)
    {
      report (c, base, ".end", "empty span: end equals start (%u); a span must cover at least one character",
              start);
      range_ok = FALSE;
    }

  if (n == 0)
    {
      if (newsmark_span_get_fragment_texts (span) != NULL)
        report (c, base, ".text", "a contiguous span's text must be a string, not a list");
      else if (range_ok)
        check_text_slice (c, base, ".text", newsmark_span_get_text (span), start, end);
      return;
    }

  /* Discontinuous. */
  if (n == 1)
    {
      report (c, base, ".fragments", "a discontinuous span needs at least two fragments; "
              "omit \"fragments\" for a contiguous span");
      range_ok = FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *suffix = NULL;

      if (f[i].end <= f[i].start)
        {
          suffix = g_strdup_printf (".fragments[%u]", i);
          report (c, base, suffix, "[%u, %u) is empty or reversed; expected start < end", f[i].start, f[i].end);
          range_ok = FALSE;
        }
      else if (f[i].end > c->length)
        {
          suffix = g_strdup_printf (".fragments[%u]", i);
          report (c, base, suffix, "[%u, %u) goes past the end of the text (length %u)",
                  f[i].start, f[i].end, c->length);
          range_ok = FALSE;
        }
      if (i > 0 && f[i].start <= f[i - 1].end)
        {
          g_free (suffix);
          suffix = g_strdup_printf (".fragments[%u]", i);
          if (f[i].start < f[i - 1].end)
            report (c, base, suffix, "[%u, %u) overlaps or comes before fragments[%u] [%u, %u); "
                    "expected sorted, non-overlapping fragments",
                    f[i].start, f[i].end, i - 1, f[i - 1].start, f[i - 1].end);
          else
            report (c, base, suffix, "starts where fragments[%u] ends (%u); "
                    "touching fragments must be merged into one", i - 1, f[i].start);
          range_ok = FALSE;
        }
    }
  if (range_ok && start != f[0].start)
    {
      report (c, base, ".start", "%u differs from the first fragment's start %u", start, f[0].start);
      range_ok = FALSE;
    }
  if (range_ok && end != f[n - 1].end)
    {
      report (c, base, ".end", "%u differs from the last fragment's end %u", end, f[n - 1].end);
      range_ok = FALSE;
    }

  if (range_ok)
    {
      const char * const *texts = newsmark_span_get_fragment_texts (span);
      guint n_texts = texts ? g_strv_length ((char **) texts) : 0;

      if (texts == NULL)
        report (c, base, ".text", "a discontinuous span's text must be a list of its %u fragments' texts", n);
      else if (n_texts != n)
        report (c, base, ".text", "expected %u fragment texts (one per fragment), got %u", n, n_texts);
      else
        for (guint i = 0; i < n; i++)
          {
            char suffix[32];

            g_snprintf (suffix, sizeof suffix, ".text[%u]", i);
            check_text_slice (c, base, suffix, texts[i], f[i].start, f[i].end);
          }
    }
}

static void
check_unplaced_fields (Checker      *c,
                       const char   *base,
                       NewsmarkSpan *span)
{
  static const char * const reasons[] = { "ambiguous", "not-found", "article-changed", NULL };
  const char *reason = newsmark_span_get_unplaced_reason (span);
  guint n = newsmark_span_get_n_candidates (span);
  const NewsmarkFragment *cand = newsmark_span_get_candidates (span);

  if (reason == NULL)
    report (c, base, ".reason", "missing reason; expected ambiguous, not-found or article-changed");
  else if (!g_strv_contains (reasons, reason))
    report (c, base, ".reason", "unknown reason “%s”; expected ambiguous, not-found or article-changed",
            reason);
  for (guint i = 0; i < n; i++)
    if (cand[i].end <= cand[i].start || cand[i].end > c->length)
      {
        g_autofree char *suffix = g_strdup_printf (".candidates[%u]", i);
        report (c, base, suffix, "[%u, %u) is not a range inside the text (length %u)",
                cand[i].start, cand[i].end, c->length);
      }
}

static void
check_relation_entry (Checker          *c,
                      guint             index,
                      NewsmarkRelation *relation,
                      GHashTable       *seen)
{
  NewsmarkAnnotationSet *self = c->self;
  const char *id = newsmark_relation_get_id (relation);
  const char *type_name = newsmark_relation_get_type_name (relation);
  NewsmarkRelationType *type = newsmark_schema_find_relation_type (self->schema, type_name);
  const char *ends[2] = { newsmark_relation_get_from (relation), newsmark_relation_get_to (relation) };
  const char *keys[2] = { ".from", ".to" };
  NewsmarkSpan *spans[2];
  char base[40];

  g_snprintf (base, sizeof base, "relations[%u]", index);

  if (id == NULL || *id == '\0')
    report (c, base, ".id", "missing relation id; expected a unique string such as \"r1\"");
  else
    {
      NewsmarkRelation *first = g_hash_table_lookup (self->relation_by_id, id);
      gpointer first_index;

      if (first != relation)
        {
          /* Rare: find where the first one is in file order. */
          if (g_hash_table_lookup_extended (seen, id, NULL, &first_index))
            report (c, base, ".id", "duplicate id “%s”: already used by relations[%u]; "
                    "relation ids must be unique", id, GPOINTER_TO_UINT (first_index));
          else
            report (c, base, ".id", "duplicate id “%s”: already used by another relation; "
                    "relation ids must be unique", id);
        }
      else
        g_hash_table_insert (seen, (gpointer) id, GUINT_TO_POINTER (index));
    }

  if (type == NULL)
    {
      g_autofree char *allowed = type_names (self->schema);
      report (c, base, ".type", "unknown relation type “%s”; expected one of %s",
              type_name ? type_name : "", allowed);
    }

  for (guint e = 0; e < 2; e++)
    {
      spans[e] = newsmark_annotation_set_find_span (self, ends[e]);
      if (spans[e] == NULL)
        {
          report (c, base, keys[e], "no span has id “%s”", ends[e] ? ends[e] : "");
          continue;
        }
      if (type != NULL)
        {
          const char * const *allowed = e == 0 ? newsmark_relation_type_get_from_labels (type)
                                               : newsmark_relation_type_get_to_labels (type);
          const char *label = newsmark_span_get_label (spans[e]);

          if (!g_strv_contains (allowed, label))
            {
              g_autofree char *list = or_list (allowed);
              report (c, base, keys[e], "a %s relation must %s at a %s span; %s is a %s",
                      type_name, e == 0 ? "start" : "end", list, ends[e], label);
            }
        }
    }
  if (spans[0] != NULL && spans[0] == spans[1])
    report (c, base, ".to", "a relation cannot link span %s to itself", ends[0]);
}

gboolean
newsmark_annotation_set_check (NewsmarkAnnotationSet *self,
                               const char            *filename,
                               GPtrArray             *problems)
{
  Checker c = { 0 };
  g_autoptr(GHashTable) seen_relations = NULL;
  gpointer *relations;
  guint n_relations;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);

  c.self = self;
  c.filename = filename;
  c.problems = problems;
  c.length = newsmark_document_get_length (self->document);

  if (self->file_order_spans != NULL)
    {
      c.spans = (NewsmarkSpan **) self->file_order_spans->pdata;
      c.n_spans = self->file_order_spans->len;
    }
  else
    c.spans = _newsmark_span_list_peek (self->spans, &c.n_spans);
  c.unplaced = (NewsmarkSpan **) _newsmark_object_list_peek (self->unplaced, &c.n_unplaced);

  for (guint i = 0; i < c.n_spans; i++)
    {
      char base[32];

      g_snprintf (base, sizeof base, "spans[%u]", i);
      check_span_id (&c, base, c.spans[i], TRUE);
      check_span_label_and_attributes (&c, base, c.spans[i]);
      check_span_position (&c, base, c.spans[i]);
    }

  for (guint i = 0; i < c.n_unplaced; i++)
    {
      char base[32];

      g_snprintf (base, sizeof base, "unplaced[%u]", i);
      check_span_id (&c, base, c.unplaced[i], FALSE);
      check_span_label_and_attributes (&c, base, c.unplaced[i]);
      check_unplaced_fields (&c, base, c.unplaced[i]);
    }

  seen_relations = g_hash_table_new (g_str_hash, g_str_equal);
  if (self->file_order_relations != NULL)
    {
      relations = self->file_order_relations->pdata;
      n_relations = self->file_order_relations->len;
    }
  else
    relations = _newsmark_object_list_peek (self->relations, &n_relations);
  for (guint i = 0; i < n_relations; i++)
    check_relation_entry (&c, i, relations[i], seen_relations);

  g_clear_pointer (&c.index_of, g_hash_table_unref);
  return c.n_errors == 0;
}
