/* newsmark-formats.h — importing and exporting other tools' formats
 *
 * Offsets inside Newsmark are code points; formats that count UTF-16 code
 * units (Label Studio, doccano, WebAnno TSV) are converted exactly at the
 * border. Nothing is dropped silently: whatever a target cannot hold is
 * reported as a warning problem naming the span and what happened to it.
 */
#pragma once

#include "newsmark-annotation-set.h"

G_BEGIN_DECLS

typedef enum {
  NEWSMARK_FORMAT_NEWSMARK,
  NEWSMARK_FORMAT_BRAT,
  NEWSMARK_FORMAT_SPACY_JSONL,
  NEWSMARK_FORMAT_DOCCANO_JSONL,
  NEWSMARK_FORMAT_LABEL_STUDIO,
  NEWSMARK_FORMAT_CONLL,
  NEWSMARK_FORMAT_WEBANNO_TSV,
} NewsmarkFormat;

/* "newsmark", "brat", "spacy-jsonl", "doccano-jsonl", "label-studio",
 * "conll", "webanno-tsv". */
const char *newsmark_format_to_string   (NewsmarkFormat  format);
gboolean    newsmark_format_from_string (const char     *name,
                                         NewsmarkFormat *format);
/* TRUE when one file holds many documents (JSONL, Label Studio, CoNLL). */
gboolean    newsmark_format_is_multi_document (NewsmarkFormat format);

typedef struct {
  /* Map labels onto this schema (with @label_map SRC → DST); a label that
   * is still not in it is an error naming the label. NULL: build a schema
   * from the source's own configuration or the labels present (then
   * @label_map only renames). @label_map renames relation types too. */
  NewsmarkSchema *schema;
  GHashTable     *label_map;      /* char* → char*, may be NULL */
  /* Label Studio: also import "predictions" as suggested spans with a
   * model origin; spaCy/doccano: import spans as suggestions. */
  gboolean        as_suggestions;
  const char     *model_name;     /* origin for suggestions, may be NULL */
  const char     *model_version;
  const char     *annotator;      /* origin for imported human spans, may be NULL */
} NewsmarkImportOptions;

typedef struct {
  /* CoNLL and spaCy: write tokens using the documented tokenizer. */
  gboolean        write_tokens;
  /* Include suggested / rejected spans (default: accepted only for
   * training formats; everything for newsmark and brat). */
  gboolean        include_suggested;
  gboolean        include_rejected;
} NewsmarkExportOptions;

/* Imports @input (a file, or for brat a .txt/.ann pair given by either
 * file, or a folder of them). Returns a GPtrArray of NewsmarkAnnotationSet,
 * one per document, each with a document path set. Problems (warnings for
 * things converted, errors naming file and line) go to @problems. */
GPtrArray  *newsmark_format_import (NewsmarkFormat               format,
                                    GFile                       *input,
                                    const NewsmarkImportOptions *options,
                                    GPtrArray                   *problems,
                                    GError                     **error);
/* Same, from a buffer (single-file formats; brat takes the .ann text and
 * needs @text_for_brat). @filename_for_errors names the source in messages. */
GPtrArray  *newsmark_format_import_data (NewsmarkFormat               format,
                                         const char                  *data,
                                         gsize                        len,
                                         const char                  *text_for_brat,
                                         const char                  *filename_for_errors,
                                         const NewsmarkImportOptions *options,
                                         GPtrArray                   *problems,
                                         GError                     **error);
/* Exports @sets (NewsmarkAnnotationSet*) to @output: one file for
 * multi-document formats (WebAnno TSV: exactly one set); for brat a folder
 * with NAME.txt/NAME.ann pairs, annotation.conf and visual.conf; for
 * newsmark a folder of NAME.newsmark.json (or the file itself for one set
 * and a name ending in .newsmark.json). Files are written atomically.
 * Whatever the format cannot hold is a warning in @problems naming the
 * span (or relation) and what happened to it. */
gboolean    newsmark_format_export (NewsmarkFormat               format,
                                    GPtrArray                   *sets,
                                    GFile                       *output,
                                    const NewsmarkExportOptions *options,
                                    GPtrArray                   *problems,
                                    GError                     **error);

/* The documented tokenizer used by CoNLL, WebAnno TSV and spaCy token
 * export (and by `newsmark-cli stats` to count words). For each code point:
 *  1. Unicode white space (g_unichar_isspace: spaces incl. NBSP, tab, CR,
 *     LF, line and paragraph separators) ends a token and belongs to none;
 *  2. combining marks (Mn, Mc, Me), ZWJ, ZWNJ, variation selectors, emoji
 *     skin tone modifiers and emoji tag characters continue the token
 *     before them (e + U+0301 and "👍🏽" stay whole);
 *  3. punctuation (P*) is a token of one character (plus its marks);
 *  4. a symbol (S*, emoji included) starts a token of its own; a symbol
 *     after ZWJ continues it ("👩‍💻"), and two regional indicators make one
 *     flag ("🇫🇷");
 *  5. letters, digits and everything else make words.
 * Returns an array of NewsmarkFragment in code points, in text order. */
GArray     *newsmark_tokenize (NewsmarkDocument *document);

G_END_DECLS
