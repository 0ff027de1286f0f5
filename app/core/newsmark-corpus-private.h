/* newsmark-corpus-private.h — the corpus's internals shared by its units
 *
 * Paths inside a corpus are relative to its folder with '/' separators.
 * Facts are what one file says (an article's title and length, a layer's
 * state and counts and problems): they depend on that file's bytes only,
 * so they can be kept in the index and trusted while the file's size and
 * modification time are unchanged. What depends on two files (does the
 * layer still match its article?) is decided when the articles are put
 * together, every time.
 */
#pragma once

#include "newsmark/newsmark-corpus.h"

G_BEGIN_DECLS

/* ---- Paths ------------------------------------------------------------------------ */

/* TRUE for a relative path without empty, "." or ".." components. */
gboolean  _newsmark_corpus_rel_path_is_safe  (const char  *rel);
/* The folder's canonical path (symbolic links resolved), or NULL. */
char     *_newsmark_corpus_real_root         (GFile       *folder,
                                              GError     **error);
/* TRUE when @path — or, when it does not exist yet, its nearest existing
 * folder — resolves (symbolic links followed) to @real_root or inside it. */
gboolean  _newsmark_corpus_path_inside       (const char  *real_root,
                                              const char  *path);
/* The layer file of @article_rel: "a/b.txt" → "a/b.newsmark.json" when
 * @beside, else "annotations/ANNOTATOR/a/b.newsmark.json". */
char     *_newsmark_corpus_layer_rel_path    (const char  *article_rel,
                                              const char  *annotator,
                                              gboolean     beside);
/* document.path for a layer at @layer_rel: "../../../a/b.txt" (checked,
 * like every document.path, by newsmark-document-path.h against the
 * corpus folder). */
char     *_newsmark_corpus_document_path_for (const char  *layer_rel,
                                              const char  *article_rel);

/* ---- Reading one file ------------------------------------------------------------- */

typedef struct {
  guint64 size;
  gint64  mtime_ns;
} NewsmarkFileStamp;

/* Reads the file at @path with the size and modification time of the
 * bytes read (the file is read again when it changes meanwhile). A
 * symbolic link is refused unless @follow. */
gboolean  _newsmark_corpus_read_file (const char         *path,
                                      gboolean            follow,
                                      char              **contents,
                                      gsize              *len,
                                      NewsmarkFileStamp  *stamp,
                                      GError            **error);

/* Reads the article at @rel now (it may have changed since the corpus was
 * loaded); a symbolic link is followed only to a file inside the corpus. */
gboolean  _newsmark_corpus_read_article (const char         *real_root,
                                         const char         *rel,
                                         char              **contents,
                                         gsize              *len,
                                         NewsmarkFileStamp  *stamp,
                                         GError            **error);

/* ---- Facts ------------------------------------------------------------------------ */

typedef enum {
  NEWSMARK_FACTS_ARTICLE,
  NEWSMARK_FACTS_LAYER,
} NewsmarkFactsKind;

typedef struct {
  char  *name;
  guint  count;
} NewsmarkLabelCount;

/* Reference counted (g_atomic_rc_box), immutable once made. */
typedef struct {
  NewsmarkFactsKind  kind;
  NewsmarkFileStamp  stamp;
  /* Real time (µs) when the file was read: an entry whose file was
   * modified shortly before is not trusted later, since a second change
   * within the file system's timestamp granularity would keep both. */
  gint64             read_time;
  GPtrArray         *problems;      /* NewsmarkProblem*, never NULL */

  /* Articles. */
  char              *title;
  guint              length;
  char              *sha256;        /* of the file's bytes */
  /* Holds characters the search's normaliser drops (soft hyphens …). */
  gboolean           has_dropped;

  /* Layers (sha256 is the embedded text's). */
  gboolean           readable;
  gboolean           done;
  char              *document_path; /* may be NULL */
  guint              n_accepted;
  guint              n_suggested;
  guint              n_rejected;
  guint              n_unplaced;
  guint              n_relations;
  GArray            *labels;        /* NewsmarkLabelCount, sorted by name */
} NewsmarkFacts;

NewsmarkFacts *_newsmark_facts_new   (NewsmarkFactsKind  kind);
NewsmarkFacts *_newsmark_facts_ref   (NewsmarkFacts     *facts);
void           _newsmark_facts_unref (NewsmarkFacts     *facts);
/* Whether @facts may stand for a file whose current stamp is @stamp. */
gboolean       _newsmark_facts_fresh (NewsmarkFacts          *facts,
                                      const NewsmarkFileStamp *stamp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkFacts, _newsmark_facts_unref)

/* Reads the article at @root/@rel (newsmark-corpus-article.c). */
NewsmarkFacts *_newsmark_corpus_read_article_facts (const char *root,
                                                    const char *rel,
                                                    gboolean    follow);
/* Reads the layer at @root/@rel with the strict loader
 * (newsmark-corpus-layer.c). */
NewsmarkFacts *_newsmark_corpus_read_layer_facts   (const char *root,
                                                    const char *rel,
                                                    gboolean    follow);

/* ---- Index (newsmark-corpus-index.c) ---------------------------------------------- */

/* Corpus path → GHashTable of rel path (char*) → NewsmarkFacts*; an empty
 * table when there is no usable index (missing, another version, damaged). */
GHashTable    *_newsmark_corpus_index_load (const char  *real_root);
gboolean       _newsmark_corpus_index_save (const char  *real_root,
                                            GHashTable  *facts,
                                            GError     **error);
GHashTable    *_newsmark_facts_table_new   (void);

/* ---- Layers and articles ---------------------------------------------------------- */

/* @facts NULL: a new layer. @extra: problems found by putting the layer
 * together with its article (taken; may be NULL). */
NewsmarkCorpusLayer   *_newsmark_corpus_layer_new   (const char    *annotator,
                                                     const char    *rel,
                                                     NewsmarkFacts *facts,
                                                     GPtrArray     *extra);
NewsmarkFacts         *_newsmark_corpus_layer_get_facts (NewsmarkCorpusLayer *self);

/* Takes @layers (NewsmarkCorpusLayer*, annotators' then gold). */
NewsmarkCorpusArticle *_newsmark_corpus_article_new (GFile         *root,
                                                     const char    *rel,
                                                     NewsmarkFacts *facts,
                                                     GPtrArray     *layers);
NewsmarkFacts         *_newsmark_corpus_article_get_facts (NewsmarkCorpusArticle *self);

/* Loads the layer file @layer_rel of @article_rel fully, with the corpus's
 * checks (see newsmark_corpus_load_layer). */
NewsmarkAnnotationSet *_newsmark_corpus_load_layer_set (const char        *real_root,
                                                        GFile             *root,
                                                        const char        *layer_rel,
                                                        const char        *article_rel,
                                                        NewsmarkLoadFlags  flags,
                                                        GPtrArray         *problems,
                                                        GError           **error);
/* The problems of putting a layer's facts together with its article's:
 * document.path naming another article, and the article changed since
 * the layer was saved. Appended to @problems. */
void                   _newsmark_corpus_check_layer    (const char    *real_root,
                                                        const char    *layer_rel,
                                                        const char    *article_rel,
                                                        const char    *document_path,
                                                        const char    *text_sha256,
                                                        NewsmarkFacts *article,
                                                        GPtrArray     *problems);

/* ---- The corpus (newsmark-corpus.c) ---------------------------------------------- */

/* The canonical path of the corpus folder, NULL before the first load. */
const char *_newsmark_corpus_get_real_root (NewsmarkCorpus *self);

/* ---- JSON (newsmark-corpus-status.c) ---------------------------------------------- */

/* {"severity", "file", "path", "line", "column", "message"}, absent
 * members left out. */
struct json_object *_newsmark_problem_to_json (const NewsmarkProblem *problem);

/* ---- Scanning (newsmark-corpus-scan.c) -------------------------------------------- */

typedef struct {
  /* In */
  GFile                  *root;
  char                   *real_root;
  NewsmarkCorpusFlags     flags;
  GHashTable             *previous_facts;    /* may be NULL */
  GPtrArray              *previous_articles; /* may be NULL */
  NewsmarkCorpusManifest *previous_manifest; /* may be NULL */

  /* Out */
  NewsmarkCorpusManifest *manifest;
  GHashTable             *facts;
  GPtrArray              *articles;          /* NewsmarkCorpusArticle*, by path */
  GPtrArray              *problems;
  GPtrArray              *folders;           /* char* rel folders, "" for the root */
  guint                   n_read;
} NewsmarkCorpusScan;

NewsmarkCorpusScan *_newsmark_corpus_scan_new  (GFile                  *root,
                                                const char             *real_root,
                                                NewsmarkCorpusFlags     flags);
void                _newsmark_corpus_scan_free (NewsmarkCorpusScan     *scan);
/* Runs the scan; @progress is called on this thread. */
gboolean            _newsmark_corpus_scan_run  (NewsmarkCorpusScan         *scan,
                                                GCancellable               *cancellable,
                                                NewsmarkCorpusProgressFunc  progress,
                                                gpointer                    progress_data,
                                                GError                    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkCorpusScan, _newsmark_corpus_scan_free)

/* Runs @func (index, data) for every index below @n on a few threads,
 * calling @progress on this thread meanwhile; stops early on cancellation. */
void _newsmark_corpus_parallel_for (guint                       n,
                                    void                      (*func) (guint index, gpointer data),
                                    gpointer                    data,
                                    GCancellable               *cancellable,
                                    NewsmarkCorpusProgressFunc  progress,
                                    gpointer                    progress_data);

G_END_DECLS
