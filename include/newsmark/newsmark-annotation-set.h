/* newsmark-annotation-set.h — one article with its spans, relations, schema,
 * audit log and edit history: the contents of one FILE.newsmark.json.
 *
 * Every change goes through this API so that it is undoable (see
 * newsmark_annotation_set_undo) and, for review decisions, logged.
 */
#pragma once

#include "newsmark-types.h"
#include "newsmark-document.h"
#include "newsmark-schema.h"
#include "newsmark-span.h"
#include "newsmark-relation.h"

G_BEGIN_DECLS

/* ---- Audit log entries --------------------------------------------------- */

typedef struct {
  char *time;        /* ISO 8601 UTC */
  char *who;         /* annotator, may be NULL */
  char *action;      /* "create", "delete", "accept", "reject", "edit", "bulk-accept", "import", … */
  char *target;      /* span or relation id, may be NULL */
  char *detail_json; /* compact JSON object text with before/after, criteria …; may be NULL */
} NewsmarkLogEntry;

#define NEWSMARK_TYPE_LOG_ENTRY (newsmark_log_entry_get_type ())
GType             newsmark_log_entry_get_type (void) G_GNUC_CONST;
NewsmarkLogEntry *newsmark_log_entry_new  (const char *time,
                                           const char *who,
                                           const char *action,
                                           const char *target,
                                           const char *detail_json);
NewsmarkLogEntry *newsmark_log_entry_copy (const NewsmarkLogEntry *entry);
void              newsmark_log_entry_free (NewsmarkLogEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkLogEntry, newsmark_log_entry_free)

/* ---- NewsmarkAnnotationSet ------------------------------------------------ */

#define NEWSMARK_TYPE_ANNOTATION_SET (newsmark_annotation_set_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkAnnotationSet, newsmark_annotation_set, NEWSMARK, ANNOTATION_SET, GObject)

/* Properties: "document", "schema", "annotator" (string, used for new spans'
 * origin and for log entries), "modified" (boolean: unsaved changes),
 * "can-undo", "can-redo", "file" (GFile of the .newsmark.json, may be NULL),
 * "done" (boolean: the annotator marked the file done).
 * Signals: "changed" () after every edit, undo and redo. */

NewsmarkAnnotationSet *newsmark_annotation_set_new (NewsmarkDocument *document,
                                                    NewsmarkSchema   *schema);

NewsmarkDocument *newsmark_annotation_set_get_document  (NewsmarkAnnotationSet *self);
NewsmarkSchema   *newsmark_annotation_set_get_schema    (NewsmarkAnnotationSet *self);
const char       *newsmark_annotation_set_get_annotator (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_annotator (NewsmarkAnnotationSet *self,
                                                         const char            *annotator);
GFile            *newsmark_annotation_set_get_file      (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_file      (NewsmarkAnnotationSet *self,
                                                         GFile                 *file);
/* The article path as written in the file ("document.path"), relative to
 * the annotation file; may be NULL. Setting a path that
 * newsmark_document_path_check refuses (for the set's file and document
 * root when both are set, else for a folder of its own) is a programming
 * error: build it with newsmark_document_path_for. */
const char       *newsmark_annotation_set_get_document_path (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_document_path (NewsmarkAnnotationSet *self,
                                                             const char            *path);
/* The folder document.path must stay inside: a corpus's folder for one of
 * its layers, or NULL for the annotation file's own folder. Loading sets
 * it (see newsmark-document-path.h); set it before a path that climbs out
 * of the file's folder. */
GFile            *newsmark_annotation_set_get_document_root (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_document_root (NewsmarkAnnotationSet *self,
                                                             GFile                 *root);
/* The article document.path names, from the set's file's folder and
 * inside its document root (newsmark_document_path_resolve); NULL when
 * the set has no path or no file, or, with @error, when the path is
 * refused. */
GFile            *newsmark_annotation_set_resolve_article   (NewsmarkAnnotationSet  *self,
                                                             GError                **error);
/* Makes the set the annotation file @file of @article (NULL: none): sets
 * its file, its document root (newsmark_document_path_find_root for
 * @file) and the document.path leading from @file's folder to @article,
 * or no path when @article is outside that root. Returns whether the file
 * names the article. For Save As, -o and new files. */
gboolean          newsmark_annotation_set_name_article      (NewsmarkAnnotationSet *self,
                                                             GFile                 *file,
                                                             GFile                 *article);
/* What the format the article was imported from has and Newsmark does not
 * model, kept so that exporting back to that format writes it again: a
 * JSON object as text (saved under "interchange"; README, "The annotation
 * file"), or NULL. Loading checks it; importers set it. */
const char       *newsmark_annotation_set_get_interchange (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_interchange (NewsmarkAnnotationSet *self,
                                                           const char            *json);
gboolean          newsmark_annotation_set_get_modified  (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_set_modified  (NewsmarkAnnotationSet *self,
                                                         gboolean               modified);

/* GListModel of NewsmarkSpan, always sorted by newsmark_span_compare.
 * Emits items-changed precisely (one removal/insertion per changed span). */
GListModel       *newsmark_annotation_set_get_spans     (NewsmarkAnnotationSet *self);
/* GListModel of NewsmarkRelation, sorted by newsmark_relation_compare. */
GListModel       *newsmark_annotation_set_get_relations (NewsmarkAnnotationSet *self);
/* GListModel of NewsmarkSpan that could not be placed in the text (ambiguous
 * or missing suggestions, spans lost when the article changed). They are
 * kept and saved under "unplaced"; see newsmark_annotation_set_place_span. */
GListModel       *newsmark_annotation_set_get_unplaced  (NewsmarkAnnotationSet *self);

NewsmarkSpan     *newsmark_annotation_set_find_span     (NewsmarkAnnotationSet *self,
                                                         const char            *id);
NewsmarkRelation *newsmark_annotation_set_find_relation (NewsmarkAnnotationSet *self,
                                                         const char            *id);
/* Position in the spans model, or G_MAXUINT. O(log n). */
guint             newsmark_annotation_set_get_span_position (NewsmarkAnnotationSet *self,
                                                             NewsmarkSpan          *span);

/* ---- Fast queries (interval index; fast at 100,000 spans) ---------------- */

/* Spans with start <= offset < end (fragment gaps excluded), in position
 * order. Returns a new GPtrArray of borrowed NewsmarkSpan pointers. */
GPtrArray        *newsmark_annotation_set_spans_at      (NewsmarkAnnotationSet *self,
                                                         guint                  offset);
/* Spans overlapping [start, end), in position order. Borrowed pointers. */
GPtrArray        *newsmark_annotation_set_spans_in      (NewsmarkAnnotationSet *self,
                                                         guint                  start,
                                                         guint                  end);
/* Relations where @span is at either end. Borrowed pointers. */
GPtrArray        *newsmark_annotation_set_relations_of  (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span);

/* ---- Editing (each call is one undoable step unless inside a group) ------ */

/* A fresh id "s<N>" / "r<N>" that this set has never used nor given: not
 * in its spans, unplaced spans, relations or log, not in its file's
 * "last_ids", not given before (even when that span was deleted or its
 * creation undone). */
char             *newsmark_annotation_set_next_span_id     (NewsmarkAnnotationSet *self);
char             *newsmark_annotation_set_next_relation_id (NewsmarkAnnotationSet *self);

/* Creates an accepted span with a human origin (the annotator), its text,
 * created/modified timestamps. Returns a borrowed pointer or NULL with an
 * error (unknown label, range outside the text, empty range). */
NewsmarkSpan     *newsmark_annotation_set_create_span   (NewsmarkAnnotationSet *self,
                                                         const char            *label,
                                                         guint                  start,
                                                         guint                  end,
                                                         GError               **error);
/* Adds a prepared span (id may be NULL → assigned; text filled in from the
 * document when NULL, else checked). Takes a reference. */
gboolean          newsmark_annotation_set_add_span      (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span,
                                                         GError               **error);
/* Removes the span and every relation that touches it (one step). */
void              newsmark_annotation_set_remove_span   (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span);
gboolean          newsmark_annotation_set_set_span_label (NewsmarkAnnotationSet *self,
                                                          NewsmarkSpan          *span,
                                                          const char            *label,
                                                          GError               **error);
gboolean          newsmark_annotation_set_set_span_range (NewsmarkAnnotationSet *self,
                                                          NewsmarkSpan          *span,
                                                          guint                  start,
                                                          guint                  end,
                                                          GError               **error);
/* Replaces the fragments (n == 0 makes the span contiguous over its hull). */
gboolean          newsmark_annotation_set_set_span_fragments (NewsmarkAnnotationSet  *self,
                                                              NewsmarkSpan           *span,
                                                              const NewsmarkFragment *fragments,
                                                              guint                   n_fragments,
                                                              GError                **error);
/* Adds [start, end) as a further fragment (merging with touching ones). */
gboolean          newsmark_annotation_set_add_span_fragment (NewsmarkAnnotationSet *self,
                                                             NewsmarkSpan          *span,
                                                             guint                  start,
                                                             guint                  end,
                                                             GError               **error);
/* @value NULL removes the attribute; checked against the schema. */
gboolean          newsmark_annotation_set_set_span_attribute (NewsmarkAnnotationSet *self,
                                                              NewsmarkSpan          *span,
                                                              const char            *name,
                                                              GVariant              *value,
                                                              GError               **error);
void              newsmark_annotation_set_set_span_note (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span,
                                                         const char            *note);
void              newsmark_annotation_set_set_span_status (NewsmarkAnnotationSet *self,
                                                           NewsmarkSpan          *span,
                                                           NewsmarkStatus         status);
/* Replaces every field of @span with @replacement's (id kept): the general
 * edit used by review "edit then accept". One step. */
gboolean          newsmark_annotation_set_replace_span  (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span,
                                                         NewsmarkSpan          *replacement,
                                                         GError               **error);

/* Unplaced spans: add one (kept, saved), place one at [start, end) (it moves
 * to the spans model; undoable), or remove one. */
void              newsmark_annotation_set_add_unplaced  (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *span);
gboolean          newsmark_annotation_set_place_span    (NewsmarkAnnotationSet *self,
                                                         NewsmarkSpan          *unplaced,
                                                         guint                  start,
                                                         guint                  end,
                                                         GError               **error);
void              newsmark_annotation_set_remove_unplaced (NewsmarkAnnotationSet *self,
                                                           NewsmarkSpan          *unplaced);

/* Relation between two spans of this set; checked against the schema's
 * relation type (labels allowed at each end). Borrowed pointer. */
NewsmarkRelation *newsmark_annotation_set_create_relation (NewsmarkAnnotationSet *self,
                                                           const char            *type,
                                                           NewsmarkSpan          *from,
                                                           NewsmarkSpan          *to,
                                                           GError               **error);
/* Adds a prepared relation (id NULL → assigned). Takes a reference. */
gboolean          newsmark_annotation_set_add_relation  (NewsmarkAnnotationSet *self,
                                                         NewsmarkRelation      *relation,
                                                         GError               **error);
void              newsmark_annotation_set_remove_relation (NewsmarkAnnotationSet *self,
                                                           NewsmarkRelation      *relation);

/* ---- History --------------------------------------------------------------- */

/* Groups nest; the outermost group becomes one undo step labelled
 * @description ("Tag 12 matches as PERSON"). */
void              newsmark_annotation_set_begin_group   (NewsmarkAnnotationSet *self,
                                                         const char            *description);
void              newsmark_annotation_set_end_group     (NewsmarkAnnotationSet *self);
gboolean          newsmark_annotation_set_can_undo      (NewsmarkAnnotationSet *self);
gboolean          newsmark_annotation_set_can_redo      (NewsmarkAnnotationSet *self);
/* Description of the step that undo/redo would apply, or NULL. */
const char       *newsmark_annotation_set_get_undo_description (NewsmarkAnnotationSet *self);
const char       *newsmark_annotation_set_get_redo_description (NewsmarkAnnotationSet *self);
gboolean          newsmark_annotation_set_undo          (NewsmarkAnnotationSet *self);
gboolean          newsmark_annotation_set_redo          (NewsmarkAnnotationSet *self);
void              newsmark_annotation_set_clear_history (NewsmarkAnnotationSet *self);

/* ---- State (saved as "state": "done") ---------------------------------------- */

/* A file is in progress until its annotator marks it done (a corpus counts
 * an article as curated once its gold file is done). */
gboolean          newsmark_annotation_set_get_done      (NewsmarkAnnotationSet *self);
/* Marks the file done, or back in progress. A change appends a "state" log
 * entry ({"before": "in-progress", "after": "done"} or the reverse) and
 * marks the set modified; it is not an undo step (the log it wrote stays),
 * calling it again reverses it. */
void              newsmark_annotation_set_set_done      (NewsmarkAnnotationSet *self,
                                                         gboolean               done);

/* ---- Audit log (append-only; saved under "log") --------------------------- */

/* Appends an entry stamped now, by the annotator. @detail_json may be NULL. */
void              newsmark_annotation_set_log           (NewsmarkAnnotationSet *self,
                                                         const char            *action,
                                                         const char            *target,
                                                         const char            *detail_json);
/* Appends a prepared entry (loading, merging). Takes ownership. */
void              newsmark_annotation_set_append_log_entry (NewsmarkAnnotationSet *self,
                                                            NewsmarkLogEntry      *entry);
/* Borrowed array of NewsmarkLogEntry*. */
GPtrArray        *newsmark_annotation_set_get_log       (NewsmarkAnnotationSet *self);

/* ---- Validation ------------------------------------------------------------ */

/* Checks every span and relation against the document and schema and
 * appends problems (JSON paths in file order, e.g. "spans[3].text") to
 * @problems. Returns TRUE when no error-level problem was found. */
gboolean          newsmark_annotation_set_check         (NewsmarkAnnotationSet *self,
                                                         const char            *filename,
                                                         GPtrArray             *problems);

G_END_DECLS
