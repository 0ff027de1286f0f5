/* newsmark-io.h — reading and writing FILE.newsmark.json
 *
 * Loading is strict (json-c strict tokener, trailing bytes rejected, each
 * key's type checked) and reports every problem with the file, JSON path
 * and, for syntax errors, line:column. Nothing is dropped or repaired
 * silently. Saving is atomic and keeps FILE.newsmark.json~.
 */
#pragma once

#include "newsmark-annotation-set.h"

G_BEGIN_DECLS

typedef enum {
  NEWSMARK_LOAD_DEFAULT        = 0,
  /* When the article at document.path exists and its SHA-256 differs from
   * the file's, re-anchor spans onto the current article (warnings report
   * what moved and what could not be placed). Without the flag the
   * embedded text is used and a warning says the article changed. */
  NEWSMARK_LOAD_FOLLOW_ARTICLE = 1 << 0,
} NewsmarkLoadFlags;

/* Loads and validates. On failure returns NULL and sets @error to a summary
 * ("FILE: 3 problems; first: …"); all problems (errors and warnings) are
 * appended to @problems when it is non-NULL. document.path must stay
 * inside the root newsmark_document_path_find_root finds for @file (a
 * corpus's folder, else @file's folder), which becomes the set's document
 * root. */
NewsmarkAnnotationSet *newsmark_annotation_set_load      (GFile             *file,
                                                          NewsmarkLoadFlags  flags,
                                                          GPtrArray         *problems,
                                                          GError           **error);
/* newsmark_annotation_set_load for the bytes of @file, already read (by a
 * caller that read them for newsmark_annotation_set_load_preview, say). */
NewsmarkAnnotationSet *newsmark_annotation_set_load_contents (GFile             *file,
                                                              const char        *data,
                                                              gsize              len,
                                                              NewsmarkLoadFlags  flags,
                                                              GPtrArray         *problems,
                                                              GError           **error);
/* newsmark_annotation_set_load for bytes with no file: document.path may
 * not leave a folder of their own, and no article is followed. */
NewsmarkAnnotationSet *newsmark_annotation_set_load_data (const char        *data,
                                                          gsize              len,
                                                          const char        *filename_for_errors,
                                                          NewsmarkLoadFlags  flags,
                                                          GPtrArray         *problems,
                                                          GError           **error);
/* The same for bytes that belong in @folder (a corpus's layer, a recovered
 * copy of a file there): document.path is checked as it would be there,
 * relative to @folder and inside @root (NULL: @folder; see
 * newsmark-document-path.h), but not followed. The set's document root is
 * @root. */
NewsmarkAnnotationSet *newsmark_annotation_set_load_data_in (const char        *data,
                                                             gsize              len,
                                                             const char        *filename_for_errors,
                                                             GFile             *folder,
                                                             GFile             *root,
                                                             GPtrArray         *problems,
                                                             GError           **error);
/* What the first screen of a large file needs, read in a few milliseconds
 * so that a window can show it while the whole file loads: the article, the
 * schema and, in file order, the spans that begin before @n_chars, up to the
 * first one that cannot be read. No relation, unplaced span or log entry.
 * It says nothing about whether the file is valid (only the full load does)
 * and returns NULL, reporting nothing, when the file does not begin the way
 * Newsmark writes it. */
NewsmarkAnnotationSet *newsmark_annotation_set_load_preview (const char *data,
                                                             gsize       len,
                                                             guint       n_chars);

/* Deterministic, diff-friendly serialisation (stable key order, spans
 * sorted by position, one span per line). Newly allocated. */
char     *newsmark_annotation_set_to_json (NewsmarkAnnotationSet *self,
                                           gsize                 *length);
/* The same text written a little at a time, so that a large file can be
 * written between frames: each step writes at most @max_items spans,
 * relations or log entries and returns TRUE once everything is written.
 * The set must not change from newsmark_json_writer_new until the last
 * step (free the writer and start again when it does). _finish writes
 * what is left and returns the text, freeing the writer. */
typedef struct _NewsmarkJsonWriter NewsmarkJsonWriter;

NewsmarkJsonWriter *newsmark_json_writer_new    (NewsmarkAnnotationSet *set);
gboolean            newsmark_json_writer_step   (NewsmarkJsonWriter    *writer,
                                                 guint                  max_items);
char               *newsmark_json_writer_finish (NewsmarkJsonWriter    *writer,
                                                 gsize                 *length);
void                newsmark_json_writer_free   (NewsmarkJsonWriter    *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkJsonWriter, newsmark_json_writer_free)

/* Atomic save: temp file in the same folder, fsync, rename; the previous
 * file is kept as FILE~. On failure the previous file is intact and @error
 * says why. Clears "modified" on success. */
gboolean  newsmark_annotation_set_save    (NewsmarkAnnotationSet *self,
                                           GFile                 *file,
                                           GError               **error);
/* Atomic write of arbitrary bytes with the same guarantees (used by
 * exporters and recovery files). @backup: keep FILE~. */
gboolean  newsmark_write_file_atomic      (GFile                 *file,
                                           const char            *data,
                                           gsize                  len,
                                           gboolean               backup,
                                           GError               **error);

/* Re-anchors every span of @self onto @new_document (the article was
 * re-scraped or corrected): by stored text plus surrounding context from the
 * old text. Spans that cannot be placed unambiguously move to the unplaced
 * list, flagged, and a warning is appended to @problems for each. Relations
 * are kept. Not undoable (it replaces the document). Returns the number of
 * spans that could not be placed. */
guint     newsmark_annotation_set_reanchor (NewsmarkAnnotationSet *self,
                                            NewsmarkDocument      *new_document,
                                            GPtrArray             *problems);

/* Default annotation file for an article: "a/b.txt" → "a/b.newsmark.json". */
GFile    *newsmark_annotation_file_for_article (GFile *article);

/* Human-readable summary of one problem list, one line each. */
char     *newsmark_problems_to_string (GPtrArray *problems);

G_END_DECLS
