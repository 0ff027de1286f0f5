/* newsmark-corpus-files.c — paths inside a corpus, reading its files, and
 * spreading the reading over a few threads
 *
 * Every path the corpus computes stays inside its folder: relative paths
 * are checked for "..", and whatever exists on disk is resolved with
 * realpath() so that a symbolic link cannot lead out of the folder.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsmark-corpus-private.h"

/* ---- Paths ------------------------------------------------------------------------ */

gboolean
_newsmark_corpus_rel_path_is_safe (const char *rel)
{
  g_auto(GStrv) parts = NULL;

  if (rel == NULL || rel[0] == '\0' || g_path_is_absolute (rel))
    return FALSE;
  parts = g_strsplit (rel, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return FALSE;
    }
  return TRUE;
}

char *
_newsmark_corpus_real_root (GFile   *folder,
                            GError **error)
{
  g_autofree char *path = g_file_get_path (folder);
  char *real;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: a corpus must be a local folder (or a mounted drive)", uri);
      return NULL;
    }
  real = realpath (path, NULL);
  if (real == NULL)
    {
      int saved = errno;

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  /* realpath's buffer comes from malloc. */
  {
    char *copy = g_strdup (real);

    free (real);
    return copy;
  }
}

static gboolean
has_root_prefix (const char *real_root,
                 const char *path)
{
  gsize n = strlen (real_root);

  if (strncmp (path, real_root, n) != 0)
    return FALSE;
  /* "/srv/corpus" is not inside "/srv/corp"; "/" holds everything. */
  return path[n] == '\0' || path[n] == '/' || (n > 0 && real_root[n - 1] == '/');
}

gboolean
_newsmark_corpus_path_inside (const char *real_root,
                              const char *path)
{
  g_autofree char *probe = g_canonicalize_filename (path, NULL);

  /* A file about to be created does not resolve: its nearest existing
   * folder must. */
  for (;;)
    {
      char *real = realpath (probe, NULL);

      if (real != NULL)
        {
          gboolean inside = has_root_prefix (real_root, real);

          free (real);
          return inside;
        }
      if (errno != ENOENT && errno != ENOTDIR)
        return FALSE;
      {
        char *parent = g_path_get_dirname (probe);

        if (g_str_equal (parent, probe))
          {
            g_free (parent);
            return FALSE;
          }
        g_free (probe);
        probe = parent;
      }
    }
}

static char *
strip_txt (const char *article_rel)
{
  if (g_str_has_suffix (article_rel, ".txt"))
    return g_strndup (article_rel, strlen (article_rel) - 4);
  return g_strdup (article_rel);
}

char *
_newsmark_corpus_layer_rel_path (const char *article_rel,
                                 const char *annotator,
                                 gboolean    beside)
{
  g_autofree char *stem = strip_txt (article_rel);

  if (beside)
    return g_strconcat (stem, ".newsmark.json", NULL);
  return g_strconcat (NEWSMARK_CORPUS_LAYERS_FOLDER "/", annotator, "/", stem, ".newsmark.json", NULL);
}

char *
_newsmark_corpus_document_path_for (const char *layer_rel,
                                    const char *article_rel)
{
  GString *out = g_string_new (NULL);

  for (const char *p = layer_rel; *p != '\0'; p++)
    {
      if (*p == '/')
        g_string_append (out, "../");
    }
  g_string_append (out, article_rel);
  return g_string_free (out, FALSE);
}

/* ---- Reading one file ------------------------------------------------------------- */

static void
stamp_from_stat (const struct stat *st,
                 NewsmarkFileStamp *stamp)
{
  stamp->size = (guint64) st->st_size;
  stamp->mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

gboolean
_newsmark_corpus_read_file (const char         *path,
                            gboolean            follow,
                            char              **contents,
                            gsize              *len,
                            NewsmarkFileStamp  *stamp,
                            GError            **error)
{
  /* A file being rewritten while read is read again, a few times. */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      struct stat before, after;
      g_autofree char *buffer = NULL;
      gsize got = 0;
      int fd;

      fd = open (path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "cannot read the file: %s",
                       saved == ELOOP ? "it is a symbolic link, which is not followed here"
                                      : g_strerror (saved));
          return FALSE;
        }
      if (fstat (fd, &before) != 0 || !S_ISREG (before.st_mode))
        {
          close (fd);
          g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "cannot read the file: not a regular file");
          return FALSE;
        }
      if ((guint64) before.st_size >= G_MAXSIZE - 1)
        {
          close (fd);
          g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "cannot read the file: too large");
          return FALSE;
        }

      buffer = g_malloc ((gsize) before.st_size + 1);
      for (;;)
        {
          gssize n;

          if (got == (gsize) before.st_size)
            {
              /* Grown meanwhile: one more byte says so. */
              char probe;

              n = read (fd, &probe, 1);
              if (n < 0 && errno == EINTR)
                continue;
              if (n != 0)
                got = G_MAXSIZE;
              break;
            }
          n = read (fd, buffer + got, (gsize) before.st_size - got);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved = errno;

              close (fd);
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "cannot read the file: %s", g_strerror (saved));
              return FALSE;
            }
          if (n == 0)
            break;
          got += (gsize) n;
        }
      if (fstat (fd, &after) != 0)
        after = before;
      close (fd);

      if (got == (gsize) before.st_size &&
          after.st_size == before.st_size &&
          after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
          after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        {
          buffer[got] = '\0';
          stamp_from_stat (&before, stamp);
          *contents = g_steal_pointer (&buffer);
          *len = got;
          return TRUE;
        }
    }

  g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                       "cannot read the file: it kept changing while being read");
  return FALSE;
}

gboolean
_newsmark_corpus_read_article (const char         *real_root,
                               const char         *rel,
                               char              **contents,
                               gsize              *len,
                               NewsmarkFileStamp  *stamp,
                               GError            **error)
{
  g_autofree char *path = g_build_filename (real_root, rel, NULL);

  if (_newsmark_corpus_read_file (path, FALSE, contents, len, stamp, NULL))
    return TRUE;
  /* An article may be a link to a file elsewhere in the corpus. */
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) && _newsmark_corpus_path_inside (real_root, path))
    return _newsmark_corpus_read_file (path, TRUE, contents, len, stamp, error);
  return _newsmark_corpus_read_file (path, FALSE, contents, len, stamp, error);
}

/* ---- A few threads ------------------------------------------------------------------ */

typedef struct {
  guint          n;
  void         (*func) (guint index, gpointer data);
  gpointer       data;
  GCancellable  *cancellable;
  volatile gint  next;
  volatile gint  done;
} ParallelFor;

static void
parallel_work (ParallelFor *pf,
               gboolean     caller,
               NewsmarkCorpusProgressFunc progress,
               gpointer     progress_data)
{
  gint64 last = g_get_monotonic_time ();

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&pf->next, 1);

      if (i >= pf->n || g_cancellable_is_cancelled (pf->cancellable))
        break;
      pf->func (i, pf->data);
      g_atomic_int_inc (&pf->done);

      if (caller && progress != NULL && g_get_monotonic_time () - last >= G_USEC_PER_SEC / 20)
        {
          last = g_get_monotonic_time ();
          progress ((guint) g_atomic_int_get (&pf->done), pf->n, progress_data);
        }
    }
}

static gpointer
parallel_thread (gpointer data)
{
  parallel_work (data, FALSE, NULL, NULL);
  return NULL;
}

void
_newsmark_corpus_parallel_for (guint                       n,
                               void                      (*func) (guint index, gpointer data),
                               gpointer                    data,
                               GCancellable               *cancellable,
                               NewsmarkCorpusProgressFunc  progress,
                               gpointer                    progress_data)
{
  ParallelFor pf = { n, func, data, cancellable, 0, 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = MIN ((guint) g_get_num_processors (), 8);

  /* Not worth a thread for a handful of files. */
  if (n < 16)
    n_threads = 1;
  for (guint t = 1; t < n_threads; t++)
    {
      GThread *thread = g_thread_try_new ("corpus-reader", parallel_thread, &pf, NULL);

      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  parallel_work (&pf, TRUE, progress, progress_data);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  if (progress != NULL)
    progress ((guint) g_atomic_int_get (&pf.done), n, progress_data);
}
