/* newsmark-document-path.h — document.path: where a file says its article is
 *
 * An annotation file names its article by a path relative to the file's
 * folder. Since files are shared, that path is input like any other: it
 * must be relative and stay inside an allowed root, so that opening a file
 * (and saving it, which embeds the article) can never read anything
 * outside. The root is the annotation file's folder, or, for a file
 * inside a corpus, the corpus folder, so that a layer
 * (annotations/amara/politics/story.newsmark.json) may name its article
 * in a sibling folder (../../../politics/story.txt). A corpus passes its
 * own folder; a file opened on its own finds it with
 * newsmark_document_path_find_root. The rule lives here and only here:
 * the loader, the corpus, the command line and the window all check,
 * resolve and write paths through these functions.
 */
#pragma once

#include <gio/gio.h>

#include "newsmark-types.h"

G_BEGIN_DECLS

/* How many folders above an annotation file's own folder its corpus
 * folder is looked for: the layer of an article 30 folders deep. */
#define NEWSMARK_DOCUMENT_PATH_MAX_LEVELS 32

/* The root for @annotation_file: the nearest folder holding a corpus
 * manifest (newsmark-corpus.json, a regular file, not a symbolic link),
 * from the file's own folder up to NEWSMARK_DOCUMENT_PATH_MAX_LEVELS
 * folders above it, as named (symbolic links in the file's path are not
 * resolved); NULL when there is none, or the file is not a local one:
 * the file's folder is then the root. Touches the disk. */
GFile    *newsmark_document_path_find_root (GFile      *annotation_file);

/* Checks @path without touching the disk: not empty, relative, parts
 * separated by '/', naming a file, and, read from @folder, never above
 * @root. @root NULL means @folder; both NULL check a path against a folder
 * of its own (a file read from memory). @folder must be @root or inside
 * it. On failure, @error (NEWSMARK_ERROR_INVALID) names the path and says
 * why, without the JSON path (callers add it). */
gboolean  newsmark_document_path_check   (const char  *path,
                                          GFile       *folder,
                                          GFile       *root,
                                          GError     **error);

/* The article @path names, read from @folder: checked as by
 * newsmark_document_path_check, and then with symbolic links resolved, so
 * that a link inside the folder that leads outside is refused too. Returns
 * the resolved file (read that one: it is what was checked), or the file
 * as named when it does not exist; NULL with @error when the path is
 * refused. */
GFile    *newsmark_document_path_resolve (const char  *path,
                                          GFile       *folder,
                                          GFile       *root,
                                          GError     **error);

/* What an annotation file in @folder should store as document.path for
 * @article: a relative path with '/' between its parts, or NULL when
 * @article is not inside @root (NULL: @folder), symbolic links resolved —
 * such a file has no document.path. */
char     *newsmark_document_path_for     (GFile       *article,
                                          GFile       *folder,
                                          GFile       *root);

G_END_DECLS
