/* newsmark-document-path.c — document.path: checked, resolved, written
 *
 * See newsmark-document-path.h for the rule.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "newsmark/newsmark-document-path.h"
#include "newsmark/newsmark-corpus-manifest.h"

/* How many levels @folder lies below @root: 0 when they are the same (or
 * either is NULL), -1 when it is not inside. */
static int
depth_below (GFile *folder,
             GFile *root)
{
  g_autofree char *relative = NULL;
  g_auto(GStrv) parts = NULL;
  int depth = 0;

  if (folder == NULL || root == NULL || g_file_equal (folder, root))
    return 0;
  relative = g_file_get_relative_path (root, folder);
  if (relative == NULL)
    return -1;
  parts = g_strsplit (relative, G_DIR_SEPARATOR_S, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      depth++;
  return depth;
}

static char *
describe_root (GFile *folder,
               GFile *root)
{
  g_autofree char *name = NULL;

  if (root == NULL || (folder != NULL && g_file_equal (folder, root)))
    return g_strdup ("the annotation file's folder");
  name = g_file_get_parse_name (root);
  return g_strdup_printf ("the corpus folder %s", name);
}

gboolean
newsmark_document_path_check (const char  *path,
                              GFile       *folder,
                              GFile       *root,
                              GError     **error)
{
  g_autofree char *where = NULL;
  g_auto(GStrv) parts = NULL;
  int level;
  const char *last = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (root == NULL || G_IS_FILE (root), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  level = depth_below (folder, root);
  g_return_val_if_fail (level >= 0, FALSE);
  where = describe_root (folder, root);

  if (g_path_is_absolute (path) || path[0] == '/')
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "\"%s\" is an absolute path; a document path must be relative and stay inside %s",
                   path, where);
      return FALSE;
    }

  /* Levels above the folder that the path may still climb: a part that
   * goes down adds one, ".." takes one, and none may be missing. */
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      last = parts[i];
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (--level < 0)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                           "\"%s\" leads outside %s; a document path must be relative and stay "
                           "inside it", path, where);
              return FALSE;
            }
        }
      else
        level++;
    }

  if (last == NULL || last[0] == '\0' || strcmp (last, ".") == 0 || strcmp (last, "..") == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "\"%s\" does not name a file", path);
      return FALSE;
    }

  return TRUE;
}

/* @path with every symbolic link resolved, or, when that cannot be done
 * (the file does not exist), as written with "." and ".." folded. */
static char *
real_or_canonical (const char *path)
{
  char *real = realpath (path, NULL);

  if (real != NULL)
    {
      char *copy = g_strdup (real);

      free (real);
      return copy;
    }
  return g_canonicalize_filename (path, NULL);
}

static gboolean
is_inside (const char *path,
           const char *root)
{
  gsize n = strlen (root);

  if (strncmp (path, root, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == '/' || (n > 0 && root[n - 1] == '/');
}

GFile *
newsmark_document_path_resolve (const char  *path,
                                GFile       *folder,
                                GFile       *root,
                                GError     **error)
{
  g_autoptr(GFile) article = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *real_root = NULL;
  char *resolved;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (root == NULL || G_IS_FILE (root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!newsmark_document_path_check (path, folder, root, error))
    return NULL;

  article = g_file_resolve_relative_path (folder, path);
  article_path = g_file_get_path (article);
  root_path = g_file_get_path (root != NULL ? root : folder);
  /* Not a local file: no symbolic link to follow here. */
  if (article_path == NULL || root_path == NULL)
    return g_steal_pointer (&article);

  resolved = realpath (article_path, NULL);
  if (resolved == NULL)
    return g_steal_pointer (&article);   /* nothing there to read */
  real = g_strdup (resolved);
  free (resolved);
  real_root = real_or_canonical (root_path);

  if (!is_inside (real, real_root))
    {
      g_autofree char *where = describe_root (folder, root);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "\"%s\" leads to %s through a symbolic link, outside %s (%s)",
                   path, real, where, real_root);
      return NULL;
    }

  return g_file_new_for_path (real);
}

char *
newsmark_document_path_for (GFile *article,
                            GFile *folder,
                            GFile *root)
{
  g_autofree char *article_path = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *real_folder = NULL;
  g_autofree char *real_root = NULL;
  g_auto(GStrv) from = NULL;
  g_auto(GStrv) to = NULL;
  GString *out;
  guint i = 0;

  g_return_val_if_fail (G_IS_FILE (article), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (root == NULL || G_IS_FILE (root), NULL);

  article_path = g_file_get_path (article);
  folder_path = g_file_get_path (folder);
  root_path = g_file_get_path (root != NULL ? root : folder);
  if (article_path == NULL || folder_path == NULL || root_path == NULL)
    return NULL;

  real = real_or_canonical (article_path);
  real_folder = real_or_canonical (folder_path);
  real_root = real_or_canonical (root_path);
  if (!is_inside (real, real_root) || g_str_equal (real, real_root) || !is_inside (real_folder, real_root))
    return NULL;

  from = g_strsplit (real_folder, "/", -1);
  to = g_strsplit (real, "/", -1);
  while (from[i] != NULL && to[i] != NULL && g_str_equal (from[i], to[i]))
    i++;

  out = g_string_new (NULL);
  for (guint k = i; from[k] != NULL; k++)
    if (from[k][0] != '\0')
      g_string_append (out, "../");
  for (guint k = i; to[k] != NULL; k++)
    {
      if (to[k][0] == '\0')
        continue;
      if (out->len > 0 && out->str[out->len - 1] != '/')
        g_string_append_c (out, '/');
      g_string_append (out, to[k]);
    }
  return g_string_free (out, FALSE);
}

GFile *
newsmark_document_path_find_root (GFile *annotation_file)
{
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (G_IS_FILE (annotation_file), NULL);

  if (!g_file_is_native (annotation_file))
    return NULL;
  folder = g_file_get_parent (annotation_file);
  for (guint level = 0; folder != NULL && level <= NEWSMARK_DOCUMENT_PATH_MAX_LEVELS; level++)
    {
      g_autoptr(GFile) manifest = g_file_get_child (folder, NEWSMARK_CORPUS_MANIFEST_NAME);
      GFile *parent;

      /* A link is not a manifest: the corpus does not read one either. */
      if (g_file_query_file_type (manifest, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) == G_FILE_TYPE_REGULAR)
        return g_steal_pointer (&folder);
      parent = g_file_get_parent (folder);
      g_object_unref (folder);
      folder = parent;
    }
  return NULL;
}
