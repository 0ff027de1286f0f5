/* newsmark-corpus-manifest.h — newsmark-corpus.json: what a corpus is
 *
 * A corpus is a folder of articles (*.txt at any depth) whose manifest
 * names the label schema, the annotators and how many of them each article
 * should get. Everything about one article lives in its annotation files
 * (one per annotator, "layers"); the manifest holds only what those files
 * do not. A folder without a manifest (an article with its
 * NAME.newsmark.json beside it) reads as a corpus with one implicit
 * annotator, NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR, whose layers lie beside
 * the articles.
 *
 * Loading is strict like every Newsmark file: json-c's strict tokener,
 * unknown keys are errors, every problem names the file and JSON path.
 */
#pragma once

#include "newsmark-schema.h"

G_BEGIN_DECLS

#define NEWSMARK_CORPUS_MANIFEST_NAME       "newsmark-corpus.json"
#define NEWSMARK_CORPUS_FORMAT_NAME         "newsmark-corpus"
#define NEWSMARK_CORPUS_FORMAT_VERSION      1
/* Layers of annotator A: LAYERS_FOLDER/A/<article path>.newsmark.json. */
#define NEWSMARK_CORPUS_LAYERS_FOLDER       "annotations"
/* The curated layer; reserved, never an annotator's name. */
#define NEWSMARK_CORPUS_GOLD                "gold"
/* The annotator of a folder without a manifest. */
#define NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR  "main"

#define NEWSMARK_TYPE_CORPUS_MANIFEST (newsmark_corpus_manifest_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkCorpusManifest, newsmark_corpus_manifest, NEWSMARK, CORPUS_MANIFEST, GObject)

/* @annotators: NULL-terminated, at least one, each passing
 * newsmark_corpus_check_annotator_name, distinct (ignoring case); 1 ≤
 * @per_article ≤ their number. Returns NULL with @error otherwise. */
NewsmarkCorpusManifest *newsmark_corpus_manifest_new          (const char          *name,
                                                               NewsmarkSchema      *schema,
                                                               const char * const  *annotators,
                                                               guint                per_article,
                                                               GError             **error);
/* The manifest a folder without newsmark-corpus.json reads as: @name, the
 * bundled schema, the one annotator NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR
 * whose layers lie beside the articles, one annotator per article. */
NewsmarkCorpusManifest *newsmark_corpus_manifest_new_implicit (const char          *name);

/* Reads @folder/newsmark-corpus.json. A schema given as a path is read
 * from inside @folder (a path leaving it is an error). Every problem goes
 * to @problems (may be NULL); on failure returns NULL and sets @error
 * ("FILE: N problems; first: …"). */
NewsmarkCorpusManifest *newsmark_corpus_manifest_load         (GFile               *folder,
                                                               GPtrArray           *problems,
                                                               GError             **error);
/* The same from bytes already read; @folder is the corpus root (for a
 * schema path), @filename names the file in problems. */
NewsmarkCorpusManifest *newsmark_corpus_manifest_load_data    (GFile               *folder,
                                                               const char          *data,
                                                               gsize                len,
                                                               const char          *filename,
                                                               GPtrArray           *problems,
                                                               GError             **error);
/* Deterministic pretty JSON (stable key order, embedded schema last). */
char                   *newsmark_corpus_manifest_to_json      (NewsmarkCorpusManifest *self);
/* Writes @folder/newsmark-corpus.json atomically (keeping a backup). */
gboolean                newsmark_corpus_manifest_save         (NewsmarkCorpusManifest *self,
                                                               GFile                  *folder,
                                                               GError                **error);

const char             *newsmark_corpus_manifest_get_name        (NewsmarkCorpusManifest *self);
/* Free text for people; may be NULL. */
const char             *newsmark_corpus_manifest_get_description (NewsmarkCorpusManifest *self);
void                    newsmark_corpus_manifest_set_description (NewsmarkCorpusManifest *self,
                                                                  const char             *description);
NewsmarkSchema         *newsmark_corpus_manifest_get_schema      (NewsmarkCorpusManifest *self);
/* The schema file, relative to the corpus folder, when the manifest names
 * one instead of embedding it; NULL when embedded. */
const char             *newsmark_corpus_manifest_get_schema_path (NewsmarkCorpusManifest *self);
/* @path relative to the corpus folder (checked by the caller to lie
 * inside it), or NULL to embed @schema. */
void                    newsmark_corpus_manifest_set_schema      (NewsmarkCorpusManifest *self,
                                                                  NewsmarkSchema         *schema,
                                                                  const char             *path);
/* NULL-terminated, in manifest order; gold is not among them. */
const char * const     *newsmark_corpus_manifest_get_annotators  (NewsmarkCorpusManifest *self);
gboolean                newsmark_corpus_manifest_has_annotator   (NewsmarkCorpusManifest *self,
                                                                  const char             *name);
guint                   newsmark_corpus_manifest_get_per_article (NewsmarkCorpusManifest *self);
/* The annotator whose layers lie beside the articles (story.newsmark.json
 * next to story.txt), or NULL when every annotator's layers are under
 * annotations/. */
const char             *newsmark_corpus_manifest_get_beside      (NewsmarkCorpusManifest *self);
/* @annotator must be one of the annotators (or NULL). */
gboolean                newsmark_corpus_manifest_set_beside      (NewsmarkCorpusManifest *self,
                                                                  const char             *annotator,
                                                                  GError                **error);
/* TRUE for a manifest made up for a folder without newsmark-corpus.json. */
gboolean                newsmark_corpus_manifest_is_implicit     (NewsmarkCorpusManifest *self);

/* An annotator's name is also a folder name: 1–64 ASCII letters, digits,
 * '_' and '-', beginning with a letter or digit, not "gold" in any case. */
gboolean                newsmark_corpus_check_annotator_name     (const char             *name,
                                                                  GError                **error);

G_END_DECLS
