/* newsmark-corpus-scan.c — walking a corpus folder and putting it together
 *
 * One scan: read the manifest, walk the folders (noting each file's size
 * and modification time), take the facts of unchanged files from the last
 * scan or the index, read the others on a few threads, then build the
 * articles with their layers. Nothing here touches the NewsmarkCorpus
 * object, so a scan can run in a worker thread while the model is in use.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "newsmark-corpus-private.h"

#define LAYER_SUFFIX ".newsmark.json"

typedef struct {
  char              *rel;
  NewsmarkFactsKind  kind;
  NewsmarkFileStamp  stamp;
  gboolean           follow;    /* a symbolic link to a file inside the corpus */
  char              *article;   /* layers: the article's path */
  NewsmarkFacts     *facts;
} ScanFile;

static void
scan_file_free (gpointer data)
{
  ScanFile *file = data;

  g_free (file->rel);
  g_free (file->article);
  g_clear_pointer (&file->facts, _newsmark_facts_unref);
  g_free (file);
}

typedef struct {
  NewsmarkCorpusScan *scan;
  GCancellable       *cancellable;
  GPtrArray          *articles;   /* ScanFile* */
  GPtrArray          *layers;     /* ScanFile*: under annotations/ (known annotators) or beside */
  GHashTable         *annotators; /* name → itself: annotators and gold */
} Walk;

NewsmarkCorpusScan *
_newsmark_corpus_scan_new (GFile               *root,
                           const char          *real_root,
                           NewsmarkCorpusFlags  flags)
{
  NewsmarkCorpusScan *scan = g_new0 (NewsmarkCorpusScan, 1);

  scan->root = g_object_ref (root);
  scan->real_root = g_strdup (real_root);
  scan->flags = flags;
  scan->problems = newsmark_problems_new ();
  scan->folders = g_ptr_array_new_with_free_func (g_free);
  return scan;
}

void
_newsmark_corpus_scan_free (NewsmarkCorpusScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_object (&scan->root);
  g_free (scan->real_root);
  g_clear_pointer (&scan->previous_facts, g_hash_table_unref);
  g_clear_pointer (&scan->previous_articles, g_ptr_array_unref);
  g_clear_object (&scan->previous_manifest);
  g_clear_object (&scan->manifest);
  g_clear_pointer (&scan->facts, g_hash_table_unref);
  g_clear_pointer (&scan->articles, g_ptr_array_unref);
  g_clear_pointer (&scan->problems, g_ptr_array_unref);
  g_clear_pointer (&scan->folders, g_ptr_array_unref);
  g_free (scan);
}

/* ---- The manifest ----------------------------------------------------------------- */

static gboolean
same_manifest (NewsmarkCorpusManifest *a,
               NewsmarkCorpusManifest *b)
{
  g_autofree char *ja = newsmark_corpus_manifest_to_json (a);
  g_autofree char *jb = newsmark_corpus_manifest_to_json (b);
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (!g_str_equal (ja, jb) || newsmark_corpus_manifest_is_implicit (a) != newsmark_corpus_manifest_is_implicit (b))
    return FALSE;
  /* A schema named by path may have changed in its own file. */
  sa = newsmark_schema_to_json (newsmark_corpus_manifest_get_schema (a));
  sb = newsmark_schema_to_json (newsmark_corpus_manifest_get_schema (b));
  return g_str_equal (sa, sb);
}

static gboolean
read_manifest (NewsmarkCorpusScan  *scan,
               GError             **error)
{
  g_autoptr(GFile) file = g_file_get_child (scan->root, NEWSMARK_CORPUS_MANIFEST_NAME);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(NewsmarkCorpusManifest) manifest = NULL;
  g_autofree char *path = g_build_filename (scan->real_root, NEWSMARK_CORPUS_MANIFEST_NAME, NULL);
  g_autofree char *contents = NULL;
  NewsmarkFileStamp stamp;
  gsize len = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *name = g_path_get_basename (scan->real_root);

      manifest = newsmark_corpus_manifest_new_implicit (name);
    }
  else if (!_newsmark_corpus_read_file (path, FALSE, &contents, &len, &stamp, &local_error))
    g_ptr_array_add (problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, NEWSMARK_CORPUS_MANIFEST_NAME,
                                                     NULL, 0, 0, "%s", local_error->message));
  else
    manifest = newsmark_corpus_manifest_load_data (scan->root, contents, len, NEWSMARK_CORPUS_MANIFEST_NAME,
                                                   problems, &local_error);

  g_ptr_array_extend_and_steal (scan->problems, g_steal_pointer (&problems));
  if (manifest == NULL)
    {
      if (scan->previous_manifest == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "%s: the corpus manifest cannot be read: %s", scan->real_root,
                       local_error != NULL ? local_error->message : "see the problems");
          return FALSE;
        }
      /* A colleague's half-saved edit must not make the corpus vanish. */
      g_ptr_array_add (scan->problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, NEWSMARK_CORPUS_MANIFEST_NAME, NULL, 0, 0,
                                             "the corpus keeps the manifest it read before until this one "
                                             "can be read"));
      scan->manifest = g_object_ref (scan->previous_manifest);
      return TRUE;
    }

  if (scan->previous_manifest != NULL && same_manifest (scan->previous_manifest, manifest))
    scan->manifest = g_object_ref (scan->previous_manifest);
  else
    scan->manifest = g_steal_pointer (&manifest);
  return TRUE;
}

/* ---- Walking ---------------------------------------------------------------------- */

#define WALK_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_NAME "," \
                        G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
                        G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
                        G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
                        G_FILE_ATTRIBUTE_TIME_MODIFIED_NSEC

static void
walk_problem (Walk             *walk,
              NewsmarkSeverity  severity,
              const char       *rel,
              const char       *format,
              ...) G_GNUC_PRINTF (4, 5);

static void
walk_problem (Walk             *walk,
              NewsmarkSeverity  severity,
              const char       *rel,
              const char       *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (walk->scan->problems, newsmark_problem_new (severity, rel, NULL, 0, 0, "%s", message));
}

static char *
child_rel (const char *folder,
           const char *name)
{
  return folder[0] == '\0' ? g_strdup (name) : g_strconcat (folder, "/", name, NULL);
}

static void
add_file (GPtrArray         *files,
          const char        *rel,
          NewsmarkFactsKind  kind,
          const char        *article,
          GFileInfo         *info,
          const struct stat *st)
{
  ScanFile *file = g_new0 (ScanFile, 1);

  file->rel = g_strdup (rel);
  file->kind = kind;
  file->article = g_strdup (article);
  if (st != NULL)
    {
      file->follow = TRUE;
      file->stamp.size = (guint64) st->st_size;
      file->stamp.mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
    }
  else
    {
      file->stamp.size = (guint64) g_file_info_get_size (info);
      file->stamp.mtime_ns = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
                             G_GINT64_CONSTANT (1000000000) +
                             g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_NSEC);
    }
  g_ptr_array_add (files, file);
}

/* A symbolic link is followed only to a file inside the corpus; links to
 * folders are not followed (they could loop, or show a file twice). Fills
 * @st and returns TRUE for a file to read. */
static gboolean
check_link (Walk        *walk,
            const char  *rel,
            struct stat *st)
{
  g_autofree char *path = g_build_filename (walk->scan->real_root, rel, NULL);
  char *real = realpath (path, NULL);
  gboolean inside;

  if (real == NULL)
    {
      walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel, "symbolic link to nothing (%s); not read",
                    g_strerror (errno));
      return FALSE;
    }
  inside = _newsmark_corpus_path_inside (walk->scan->real_root, real);
  free (real);
  if (!inside)
    {
      walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel,
                    "symbolic link leading outside the corpus folder; not read");
      return FALSE;
    }
  if (stat (path, st) != 0)
    {
      walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel, "cannot follow the symbolic link: %s; not read",
                    g_strerror (errno));
      return FALSE;
    }
  if (S_ISDIR (st->st_mode))
    {
      walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel,
                    "symbolic link to a folder; not followed (a folder is read where it is)");
      return FALSE;
    }
  return S_ISREG (st->st_mode);
}

typedef enum {
  WALK_ARTICLES,   /* the corpus folder and its folders but annotations/ */
  WALK_LAYERS,     /* annotations/ANNOTATOR/ and its folders */
} WalkKind;

static void
walk_folder (Walk       *walk,
             const char *rel,
             WalkKind    kind,
             const char *under)   /* WALK_LAYERS: the path below annotations/ANNOTATOR */
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) subfolders = g_ptr_array_new_with_free_func (g_free);
  const char *beside = newsmark_corpus_manifest_get_beside (walk->scan->manifest);

  if (g_cancellable_is_cancelled (walk->cancellable))
    return;

  {
    g_autofree char *path = g_build_filename (walk->scan->real_root, rel, NULL);

    folder = g_file_new_for_path (path);
  }
  e = g_file_enumerate_children (folder, WALK_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 walk->cancellable, &error);
  if (e == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        walk_problem (walk, NEWSMARK_SEVERITY_ERROR, rel[0] != '\0' ? rel : ".",
                      "cannot read the folder: %s", error->message);
      return;
    }
  g_ptr_array_add (walk->scan->folders, g_strdup (rel));

  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;
      g_autofree char *crel = NULL;
      GFileType type;
      struct stat st;
      gboolean linked = FALSE;

      if (!g_file_enumerator_iterate (e, &info, NULL, walk->cancellable, &error))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            walk_problem (walk, NEWSMARK_SEVERITY_ERROR, rel[0] != '\0' ? rel : ".",
                          "cannot read the folder: %s", error->message);
          break;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      /* Hidden files and folders are not part of a corpus (.git, editors'
       * and Newsmark's own temporary files). */
      if (name[0] == '.')
        continue;
      crel = child_rel (rel, name);
      type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          g_autofree char *path = g_build_filename (walk->scan->real_root, crel, NULL);

          /* Links to anything but articles, layers and folders are not
           * the corpus's business. */
          if (!g_str_has_suffix (name, ".txt") && !g_str_has_suffix (name, LAYER_SUFFIX) &&
              !g_file_test (path, G_FILE_TEST_IS_DIR))
            continue;
          if (!check_link (walk, crel, &st))
            continue;
          type = G_FILE_TYPE_REGULAR;
          linked = TRUE;
        }

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (kind == WALK_ARTICLES && rel[0] == '\0' && g_str_equal (name, NEWSMARK_CORPUS_LAYERS_FOLDER))
            continue;   /* walked apart, after the articles */
          g_ptr_array_add (subfolders, g_strdup (name));
          continue;
        }
      if (type != G_FILE_TYPE_REGULAR)
        continue;

      if (kind == WALK_ARTICLES)
        {
          if (g_str_has_suffix (name, ".txt"))
            add_file (walk->articles, crel, NEWSMARK_FACTS_ARTICLE, NULL, info, linked ? &st : NULL);
          else if (g_str_has_suffix (name, LAYER_SUFFIX))
            {
              g_autofree char *stem = g_strndup (crel, strlen (crel) - strlen (LAYER_SUFFIX));
              g_autofree char *article = g_strconcat (stem, ".txt", NULL);

              if (beside != NULL)
                add_file (walk->layers, crel, NEWSMARK_FACTS_LAYER, article, info, linked ? &st : NULL);
              else
                walk_problem (walk, NEWSMARK_SEVERITY_WARNING, crel,
                              "an annotation file beside the articles, but this corpus keeps its layers under "
                              NEWSMARK_CORPUS_LAYERS_FOLDER "/ (name its annotator as \"beside\" in "
                              NEWSMARK_CORPUS_MANIFEST_NAME " to read such files); not read");
            }
        }
      else if (g_str_has_suffix (name, LAYER_SUFFIX))
        {
          g_autofree char *below = child_rel (under, name);
          g_autofree char *stem = g_strndup (below, strlen (below) - strlen (LAYER_SUFFIX));
          g_autofree char *article = g_strconcat (stem, ".txt", NULL);

          add_file (walk->layers, crel, NEWSMARK_FACTS_LAYER, article, info, linked ? &st : NULL);
        }
    }

  g_clear_object (&e);
  g_ptr_array_sort (subfolders, (GCompareFunc) (void (*) (void)) g_strcmp0);
  for (guint i = 0; i < subfolders->len; i++)
    {
      const char *name = g_ptr_array_index (subfolders, i);
      g_autofree char *crel = child_rel (rel, name);
      g_autofree char *below = kind == WALK_LAYERS ? child_rel (under, name) : NULL;

      walk_folder (walk, crel, kind, below);
    }
}

static int
compare_sort_strings (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk_layers_folder (Walk *walk)
{
  g_autofree char *path = g_build_filename (walk->scan->real_root, NEWSMARK_CORPUS_LAYERS_FOLDER, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct stat st;

  if (lstat (path, &st) != 0)
    return;
  if (S_ISLNK (st.st_mode))
    {
      walk_problem (walk, NEWSMARK_SEVERITY_WARNING, NEWSMARK_CORPUS_LAYERS_FOLDER,
                    "symbolic link to a folder; not followed (layers are read where they are)");
      return;
    }
  if (!S_ISDIR (st.st_mode))
    return;

  e = g_file_enumerate_children (folder, WALK_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 walk->cancellable, &error);
  if (e == NULL)
    {
      walk_problem (walk, NEWSMARK_SEVERITY_ERROR, NEWSMARK_CORPUS_LAYERS_FOLDER, "cannot read the folder: %s",
                    error->message);
      return;
    }
  g_ptr_array_add (walk->scan->folders, g_strdup (NEWSMARK_CORPUS_LAYERS_FOLDER));
  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (e, &info, NULL, walk->cancellable, &error))
        break;
      if (info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (name[0] == '.')
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          g_autofree char *rel = g_strconcat (NEWSMARK_CORPUS_LAYERS_FOLDER "/", name, NULL);

          walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel,
                        "symbolic link; not followed (layers are read where they are)");
          continue;
        }
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_clear_object (&e);

  g_ptr_array_sort (names, compare_sort_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *rel = g_strconcat (NEWSMARK_CORPUS_LAYERS_FOLDER "/", name, NULL);

      if (!g_hash_table_contains (walk->annotators, name))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) newsmark_corpus_manifest_get_annotators (walk->scan->manifest));

          walk_problem (walk, NEWSMARK_SEVERITY_WARNING, rel,
                        "not an annotator of this corpus (annotators: %s; and " NEWSMARK_CORPUS_GOLD
                        "); its files are not read (add the name to \"annotators\" in "
                        NEWSMARK_CORPUS_MANIFEST_NAME ")", list);
          continue;
        }
      walk_folder (walk, rel, WALK_LAYERS, "");
    }
}

/* ---- Facts ------------------------------------------------------------------------ */

typedef struct {
  NewsmarkCorpusScan *scan;
  GPtrArray          *to_read;   /* ScanFile* */
} ReadJob;

static void
read_one (guint    index,
          gpointer data)
{
  ReadJob *job = data;
  ScanFile *file = g_ptr_array_index (job->to_read, index);

  if (file->kind == NEWSMARK_FACTS_ARTICLE)
    file->facts = _newsmark_corpus_read_article_facts (job->scan->real_root, file->rel, file->follow);
  else
    file->facts = _newsmark_corpus_read_layer_facts (job->scan->real_root, file->rel, file->follow);
}

static NewsmarkFacts *
known_facts (GHashTable *table,
             ScanFile   *file)
{
  NewsmarkFacts *facts;

  if (table == NULL)
    return NULL;
  facts = g_hash_table_lookup (table, file->rel);
  if (facts == NULL || facts->kind != file->kind || !_newsmark_facts_fresh (facts, &file->stamp))
    return NULL;
  return facts;
}

/* Content equality, for facts read again: the article they belong to has
 * not changed for the model when the file was only re-read. */
static gboolean
problems_equal (GPtrArray *a,
                GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (a, i);
      const NewsmarkProblem *q = g_ptr_array_index (b, i);

      if (p->severity != q->severity || p->line != q->line || p->column != q->column ||
          g_strcmp0 (p->file, q->file) != 0 || g_strcmp0 (p->json_path, q->json_path) != 0 ||
          g_strcmp0 (p->message, q->message) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
facts_equal (NewsmarkFacts *a,
             NewsmarkFacts *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->kind != b->kind ||
      a->stamp.size != b->stamp.size || a->stamp.mtime_ns != b->stamp.mtime_ns ||
      g_strcmp0 (a->sha256, b->sha256) != 0 || !problems_equal (a->problems, b->problems))
    return FALSE;
  if (a->kind == NEWSMARK_FACTS_ARTICLE)
    return a->length == b->length && a->has_dropped == b->has_dropped && g_strcmp0 (a->title, b->title) == 0;
  if (a->readable != b->readable || a->done != b->done || g_strcmp0 (a->document_path, b->document_path) != 0 ||
      a->n_accepted != b->n_accepted || a->n_suggested != b->n_suggested || a->n_rejected != b->n_rejected ||
      a->n_unplaced != b->n_unplaced || a->n_relations != b->n_relations || a->labels->len != b->labels->len)
    return FALSE;
  for (guint i = 0; i < a->labels->len; i++)
    {
      const NewsmarkLabelCount *x = &g_array_index (a->labels, NewsmarkLabelCount, i);
      const NewsmarkLabelCount *y = &g_array_index (b->labels, NewsmarkLabelCount, i);

      if (x->count != y->count || !g_str_equal (x->name, y->name))
        return FALSE;
    }
  return TRUE;
}

/* ---- Putting articles together ---------------------------------------------------- */

static NewsmarkCorpusArticle *
find_previous (GPtrArray  *articles,
               const char *rel,
               guint      *hint)
{
  /* Both lists are sorted by path: walk them side by side. */
  while (*hint < articles->len)
    {
      NewsmarkCorpusArticle *article = g_ptr_array_index (articles, *hint);
      int cmp = strcmp (newsmark_corpus_article_get_path (article), rel);

      if (cmp == 0)
        return article;
      if (cmp > 0)
        return NULL;
      (*hint)++;
    }
  return NULL;
}

static gboolean
article_unchanged (NewsmarkCorpusArticle *previous,
                   NewsmarkFacts         *facts,
                   NewsmarkFacts * const *layer_facts,
                   guint                  n_layers)
{
  if (!facts_equal (_newsmark_corpus_article_get_facts (previous), facts) ||
      newsmark_corpus_article_get_n_layers (previous) != n_layers)
    return FALSE;
  for (guint i = 0; i < n_layers; i++)
    {
      NewsmarkCorpusLayer *layer = newsmark_corpus_article_get_layer (previous, i);

      if (!facts_equal (_newsmark_corpus_layer_get_facts (layer), layer_facts[i]))
        return FALSE;
    }
  return TRUE;
}

static int
compare_scan_files (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(ScanFile * const *) a)->rel, (*(ScanFile * const *) b)->rel);
}

static void
assemble (NewsmarkCorpusScan *scan,
          GPtrArray          *articles,
          GHashTable         *layers_by_rel,
          gboolean            manifest_changed)
{
  NewsmarkCorpusManifest *manifest = scan->manifest;
  const char * const *annotators = newsmark_corpus_manifest_get_annotators (manifest);
  const char *beside = newsmark_corpus_manifest_get_beside (manifest);
  guint n_annotators = g_strv_length ((char **) annotators);
  guint n_layers = n_annotators + 1;
  g_autofree NewsmarkFacts **layer_facts = g_new0 (NewsmarkFacts *, n_layers);
  g_autofree char **layer_rels = g_new0 (char *, n_layers);
  guint hint = 0;

  scan->articles = g_ptr_array_new_full (articles->len, g_object_unref);
  for (guint a = 0; a < articles->len; a++)
    {
      ScanFile *file = g_ptr_array_index (articles, a);
      NewsmarkCorpusArticle *previous = NULL;
      GPtrArray *layers;

      for (guint i = 0; i < n_layers; i++)
        {
          const char *annotator = i < n_annotators ? annotators[i] : NEWSMARK_CORPUS_GOLD;
          ScanFile *layer;

          g_free (layer_rels[i]);
          layer_rels[i] = _newsmark_corpus_layer_rel_path (file->rel, annotator, g_strcmp0 (annotator, beside) == 0);
          layer = g_hash_table_lookup (layers_by_rel, layer_rels[i]);
          layer_facts[i] = layer != NULL ? layer->facts : NULL;
        }

      if (scan->previous_articles != NULL && !manifest_changed)
        previous = find_previous (scan->previous_articles, file->rel, &hint);
      if (previous != NULL && article_unchanged (previous, file->facts, layer_facts, n_layers))
        {
          g_ptr_array_add (scan->articles, g_object_ref (previous));
          continue;
        }

      layers = g_ptr_array_new_full (n_layers, g_object_unref);
      for (guint i = 0; i < n_layers; i++)
        {
          const char *annotator = i < n_annotators ? annotators[i] : NEWSMARK_CORPUS_GOLD;
          GPtrArray *extra = NULL;

          if (layer_facts[i] != NULL && layer_facts[i]->readable)
            {
              extra = newsmark_problems_new ();
              _newsmark_corpus_check_layer (scan->real_root, layer_rels[i], file->rel,
                                            layer_facts[i]->document_path, layer_facts[i]->sha256,
                                            file->facts, extra);
            }
          g_ptr_array_add (layers, _newsmark_corpus_layer_new (annotator, layer_rels[i], layer_facts[i], extra));
        }
      g_ptr_array_add (scan->articles, _newsmark_corpus_article_new (scan->root, file->rel, file->facts, layers));
    }
  for (guint i = 0; i < n_layers; i++)
    g_free (layer_rels[i]);
}

/* ---- The scan --------------------------------------------------------------------- */

gboolean
_newsmark_corpus_scan_run (NewsmarkCorpusScan          *scan,
                           GCancellable                *cancellable,
                           NewsmarkCorpusProgressFunc   progress,
                           gpointer                     progress_data,
                           GError                     **error)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (scan_file_free);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (scan_file_free);
  g_autoptr(GPtrArray) to_read = g_ptr_array_new ();
  g_autoptr(GHashTable) article_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) layers_by_rel = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) annotator_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index = NULL;
  const char * const *annotators;
  gboolean manifest_changed;
  guint n_from_index = 0;
  Walk walk = { 0 };
  ReadJob job;

  if (!read_manifest (scan, error))
    return FALSE;
  manifest_changed = scan->manifest != scan->previous_manifest;
  annotators = newsmark_corpus_manifest_get_annotators (scan->manifest);
  for (guint i = 0; annotators[i] != NULL; i++)
    g_hash_table_add (annotator_set, (gpointer) annotators[i]);
  g_hash_table_add (annotator_set, (gpointer) NEWSMARK_CORPUS_GOLD);

  walk.scan = scan;
  walk.cancellable = cancellable;
  walk.articles = articles;
  walk.layers = layers;
  walk.annotators = annotator_set;
  walk_folder (&walk, "", WALK_ARTICLES, NULL);
  walk_layers_folder (&walk);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_ptr_array_sort (articles, compare_scan_files);
  for (guint i = 0; i < articles->len; i++)
    {
      ScanFile *file = g_ptr_array_index (articles, i);

      g_hash_table_add (article_set, file->rel);
    }

  /* The index is only worth reading when nothing is known yet. */
  if (scan->previous_facts == NULL && !(scan->flags & NEWSMARK_CORPUS_NO_INDEX))
    index = _newsmark_corpus_index_load (scan->real_root);

  for (guint i = 0; i < articles->len + layers->len; i++)
    {
      ScanFile *file = i < articles->len ? g_ptr_array_index (articles, i)
                                         : g_ptr_array_index (layers, i - articles->len);
      NewsmarkFacts *facts;

      if (file->kind == NEWSMARK_FACTS_LAYER)
        {
          if (!g_hash_table_contains (article_set, file->article))
            {
              g_ptr_array_add (scan->problems,
                               newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, file->rel, NULL, 0, 0,
                                                     "no article %s for this layer; not read (was the article "
                                                     "moved or renamed?)", file->article));
              continue;
            }
          g_hash_table_insert (layers_by_rel, file->rel, file);
        }

      facts = known_facts (scan->previous_facts, file);
      if (facts == NULL && (facts = known_facts (index, file)) != NULL)
        n_from_index++;
      if (facts != NULL)
        file->facts = _newsmark_facts_ref (facts);
      else
        g_ptr_array_add (to_read, file);
    }

  job.scan = scan;
  job.to_read = to_read;
  _newsmark_corpus_parallel_for (to_read->len, read_one, &job, cancellable, progress, progress_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  scan->n_read = to_read->len;

  assemble (scan, articles, layers_by_rel, manifest_changed);

  scan->facts = _newsmark_facts_table_new ();
  for (guint i = 0; i < articles->len; i++)
    {
      ScanFile *file = g_ptr_array_index (articles, i);

      g_hash_table_replace (scan->facts, g_strdup (file->rel), _newsmark_facts_ref (file->facts));
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, layers_by_rel);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        ScanFile *file = value;

        g_hash_table_replace (scan->facts, g_strdup (file->rel), _newsmark_facts_ref (file->facts));
      }
  }

  if (!(scan->flags & NEWSMARK_CORPUS_NO_INDEX) &&
      (to_read->len > 0 || (index != NULL && g_hash_table_size (index) != n_from_index) ||
       (scan->previous_facts != NULL && g_hash_table_size (scan->previous_facts) != g_hash_table_size (scan->facts))))
    {
      g_autoptr(GError) local_error = NULL;

      if (!_newsmark_corpus_index_save (scan->real_root, scan->facts, &local_error))
        g_ptr_array_add (scan->problems,
                         newsmark_problem_new (NEWSMARK_SEVERITY_INFO, NULL, NULL, 0, 0,
                                               "the corpus index cannot be saved (the next opening reads every "
                                               "file again): %s", local_error->message));
    }

  return TRUE;
}
