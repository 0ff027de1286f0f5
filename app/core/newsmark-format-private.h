/* newsmark-format-private.h — pieces shared by the importers and exporters
 *
 * Every importer parses its source into NewsmarkImport: documents with
 * spans (code point fragments) and relations that still name the source's
 * ids. newsmark_import_finish() then builds one schema for all documents
 * (from the source's configuration, the labels present, or the user's
 * schema with a label map), checks each span against its document with the
 * source's line in every message, and fills the annotation sets in bulk.
 * Keeping this in one place is what makes "nothing dropped silently" hold
 * for every format alike.
 */
#pragma once

#include <json-c/json.h>

#include "newsmark/newsmark.h"

G_BEGIN_DECLS

/* ---- Import ---------------------------------------------------------------- */

typedef struct {
  char           *src_id;        /* the source's id ("T3", "12"); may be NULL */
  char           *label;
  GArray         *fragments;     /* NewsmarkFragment in code points, sorted */
  char           *expected_text; /* what the source says is covered; NULL: unchecked */
  GHashTable     *attributes;    /* name → GVariant (owned); may be NULL */
  char           *note;
  NewsmarkStatus  status;
  NewsmarkOrigin *origin;        /* NULL: human, the import's annotator */
  int             line;          /* source line, 0 when unknown */
  char           *where;         /* JSON path or other locator, may be NULL */
} NewsmarkImportSpan;

typedef struct {
  char           *type;
  char           *from;          /* src ids */
  char           *to;
  NewsmarkOrigin *origin;
  int             line;
  char           *where;
} NewsmarkImportRelation;

typedef struct {
  char             *name;        /* file stem for the output, unique per import */
  char             *source;      /* file named in messages */
  char             *text;
  char             *document_path; /* the article's file (absolute), or NULL: "NAME.txt" is used */
  char             *meta_json;   /* the source's document metadata (JSON), kept in the import log */
  json_object      *interchange; /* the article's own "interchange" keys ("fields", …), may be NULL */
  GPtrArray        *spans;       /* NewsmarkImportSpan */
  GPtrArray        *relations;   /* NewsmarkImportRelation */
  gboolean          failed;      /* an error was reported; skip the document */
} NewsmarkImportDoc;

typedef struct {
  char      *name;
  char      *colour;              /* may be NULL: assigned */
  NewsmarkCategory category;
  gboolean   has_category;
  GPtrArray *attributes;          /* NewsmarkImportAttr */
} NewsmarkImportLabel;

typedef struct {
  char                 *name;
  NewsmarkAttributeKind kind;
  gboolean              has_kind;
  GPtrArray            *values;   /* char*, enum values in order */
  gboolean              declared; /* from a configuration, not inferred */
} NewsmarkImportAttr;

typedef struct {
  NewsmarkFormat               format;
  const NewsmarkImportOptions *options;
  GPtrArray                   *problems;
  GPtrArray                   *docs;        /* NewsmarkImportDoc */
  /* Declared configuration (brat annotation.conf, Label Studio config). */
  GPtrArray                   *labels;      /* NewsmarkImportLabel, declared first */
  GHashTable                  *label_index; /* name → NewsmarkImportLabel */
  gboolean                     has_config;
  char                        *config_file;
  /* Attribute string values are enum values (brat, Label Studio choices)
   * rather than free text (WebAnno features). */
  gboolean                     strings_are_enums;
  /* Label Studio: the "data" key its config's Text tag reads ("$content"
   * gives "content"), NULL when none was read. */
  char                         *text_key;
  GHashTable                   *names;      /* used document names */
  guint                         first_problem; /* problems before this import */
  /* Relation types the configuration declares: name, then from and to
   * label lists (GPtrArray of char*), three entries each. */
  GPtrArray                    *relation_decls;
  /* "interchange" keys every article of this import keeps ("labels",
   * "aliases", …; see newsmark-interchange-private.h), may be NULL. */
  json_object                  *interchange;
} NewsmarkImport;

NewsmarkImport        *newsmark_import_new          (NewsmarkFormat               format,
                                                     const NewsmarkImportOptions *options,
                                                     GPtrArray                   *problems);
void                   newsmark_import_free         (NewsmarkImport              *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkImport, newsmark_import_free)

/* Adds a document; @name is made unique. The text is copied. */
NewsmarkImportDoc     *newsmark_import_add_doc      (NewsmarkImport *self,
                                                     const char     *name,
                                                     const char     *source,
                                                     const char     *text,
                                                     gssize          len);
NewsmarkImportSpan    *newsmark_import_doc_add_span (NewsmarkImportDoc *doc,
                                                     const char        *src_id,
                                                     const char        *label,
                                                     guint              start,
                                                     guint              end,
                                                     int                line);
void                   newsmark_import_span_add_fragment (NewsmarkImportSpan *span,
                                                          guint               start,
                                                          guint               end);
void                   newsmark_import_span_set_attribute (NewsmarkImportSpan *span,
                                                           const char         *name,
                                                           GVariant           *value);
NewsmarkImportRelation *newsmark_import_doc_add_relation (NewsmarkImportDoc *doc,
                                                          const char        *type,
                                                          const char        *from,
                                                          const char        *to,
                                                          int                line);
/* The "interchange" object of the import (keys every article keeps) or of
 * one article, created on first use; borrowed. */
json_object           *newsmark_import_interchange     (NewsmarkImport    *self);
json_object           *newsmark_import_doc_interchange (NewsmarkImportDoc *doc);
/* Declares a label from the source's configuration (or finds it). */
NewsmarkImportLabel   *newsmark_import_declare_label (NewsmarkImport *self,
                                                      const char     *name,
                                                      const char     *colour);
/* Declares a relation type and the labels allowed at each end (merged
 * with any earlier declaration of the same name). */
void                   newsmark_import_declare_relation (NewsmarkImport     *self,
                                                         const char         *name,
                                                         GPtrArray          *from,
                                                         GPtrArray          *to);
NewsmarkImportAttr    *newsmark_import_label_declare_attr (NewsmarkImportLabel  *label,
                                                           const char           *name,
                                                           NewsmarkAttributeKind kind,
                                                           const char * const   *values);

/* Problem helpers: @line 0 when unknown. */
void  newsmark_import_error   (NewsmarkImport *self,
                               const char     *file,
                               int             line,
                               const char     *where,
                               const char     *format,
                               ...) G_GNUC_PRINTF (5, 6);
void  newsmark_import_warning (NewsmarkImport *self,
                               const char     *file,
                               int             line,
                               const char     *where,
                               const char     *format,
                               ...) G_GNUC_PRINTF (5, 6);

/* Reading JSON sources (doccano, Label Studio, spaCy) with the place in
 * every message: @where is the JSON path of @object, @key the member to
 * read, or NULL to read @object itself. A missing member, a wrong type or
 * a number out of range is an error at WHERE.KEY and gives FALSE.
 *
 * An offset or count, through the one checked conversion. */
gboolean newsmark_import_json_uint   (NewsmarkImport *self,
                                      const char     *file,
                                      int             line,
                                      const char     *where,
                                      json_object    *object,
                                      const char     *key,
                                      guint          *out);
/* A string. */
gboolean newsmark_import_json_string (NewsmarkImport *self,
                                      const char     *file,
                                      int             line,
                                      const char     *where,
                                      json_object    *object,
                                      const char     *key,
                                      const char    **out);
/* A source's id or label name, a string or an integer (doccano and Label
 * Studio write both), as text; *@out is NULL and TRUE is returned when the
 * member is missing and not @required. */
gboolean newsmark_import_json_id     (NewsmarkImport *self,
                                      const char     *file,
                                      int             line,
                                      const char     *where,
                                      json_object    *object,
                                      const char     *key,
                                      gboolean        required,
                                      char          **out);

/* The document metadata of a JSON Lines source, member "meta" of @root
 * (an object, or null or nothing): it has no place in the model and is
 * kept in the import's log entry. FALSE after an error. */
gboolean newsmark_import_json_meta   (NewsmarkImport    *self,
                                      NewsmarkImportDoc *doc,
                                      int                line,
                                      json_object       *root);

/* Builds the schema and the annotation sets. Documents with errors are not
 * returned; when no document is left, or any error was found, returns NULL
 * with @error summarising the first error. */
GPtrArray *newsmark_import_finish (NewsmarkImport *self,
                                   GError        **error);

/* Per-format parsers: fill @imp from one buffer. Return FALSE with @error
 * for a file that cannot be read at all (wrong kind, syntax); recoverable
 * problems go to imp->problems. */
gboolean _newsmark_brat_parse_conf         (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);
gboolean _newsmark_brat_parse              (NewsmarkImport *imp, const char *ann, gsize ann_len,
                                            const char *text, gsize text_len, const char *name,
                                            const char *filename, GError **error);
gboolean _newsmark_spacy_parse             (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);
gboolean _newsmark_doccano_parse           (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);
gboolean _newsmark_label_studio_parse      (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);
gboolean _newsmark_label_studio_parse_config (NewsmarkImport *imp, const char *data, gsize len,
                                              const char *filename, GError **error);
gboolean _newsmark_conll_parse             (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);
gboolean _newsmark_webanno_parse           (NewsmarkImport *imp, const char *data, gsize len,
                                            const char *filename, GError **error);

/* In @tokens (as newsmark_tokenize gives them, in order): the index of the
 * first token that ends after @offset, and the number of tokens that start
 * before @offset. The tokens [start, end) touches are
 * [first_ending_after (start), starting_before (end)). */
guint _newsmark_tokens_first_ending_after (GArray *tokens,
                                           guint   offset);
guint _newsmark_tokens_starting_before    (GArray *tokens,
                                           guint   offset);

/* ---- Export ---------------------------------------------------------------- */

/* Per-format writers: append the whole output for @sets to @out. brat is
 * different (a folder); see _newsmark_brat_export. */
typedef struct {
  NewsmarkFormat               format;
  const NewsmarkExportOptions *options;
  GPtrArray                   *problems;
  const char                  *output_name;   /* for messages */
  GHashTable                  *warned;        /* renamed names already reported */
} NewsmarkExport;

gboolean _newsmark_spacy_export         (NewsmarkExport *exp, GPtrArray *sets, GString *out, GError **error);
gboolean _newsmark_doccano_export       (NewsmarkExport *exp, GPtrArray *sets, GString *out, GError **error);
gboolean _newsmark_label_studio_export  (NewsmarkExport *exp, GPtrArray *sets, GString *out, GError **error);
gboolean _newsmark_conll_export         (NewsmarkExport *exp, GPtrArray *sets, GString *out, GError **error);
gboolean _newsmark_webanno_export       (NewsmarkExport *exp, GPtrArray *sets, GString *out, GError **error);
gboolean _newsmark_brat_export          (NewsmarkExport *exp, GPtrArray *sets, GFile *folder, GError **error);

/* The spans of @set that this export includes (status filter), borrowed,
 * in position order. Excluded spans are counted in one warning per set. */
GPtrArray  *newsmark_export_spans        (NewsmarkExport        *exp,
                                          NewsmarkAnnotationSet *set,
                                          gboolean               default_suggested);
/* A name for @set in messages and file names ("article" for
 * article.newsmark.json). */
char       *newsmark_export_set_name     (NewsmarkAnnotationSet *set,
                                          guint                  index);
void        newsmark_export_warning      (NewsmarkExport        *exp,
                                          const char            *where,
                                          const char            *format,
                                          ...) G_GNUC_PRINTF (3, 4);
/* "NAME.ann", or "NAME-2.ann" when NAME is taken; records the name in @used. */
char       *_newsmark_format_unique_name (GHashTable            *used,
                                          const char            *stem,
                                          const char            *suffix);
/* "s12 PERSON “Maria” [10, 15)" for messages. */
char       *newsmark_describe_span       (NewsmarkSpan          *span);
/* An extent for messages: "[10, 15)", or "[0, 5) + [16, 23)" for fragments. */
char       *newsmark_describe_fragments  (const NewsmarkFragment *fragments,
                                          guint                   n);
/* @span's extent so: its fragments, or [start, end). */
char       *newsmark_describe_span_fragments (NewsmarkSpan      *span);

/* ---- UTF-16 offsets -------------------------------------------------------- */

/* Exact code point ↔ UTF-16 tables for one text, built once (O(n)) so that
 * converting 100,000 offsets costs nothing. */
typedef struct {
  guint  n_chars;
  guint  n_units;
  guint *unit_of_char;  /* n_chars + 1 */
  guint *char_of_unit;  /* n_units + 1; G_MAXUINT inside a surrogate pair */
} NewsmarkUtf16Map;

NewsmarkUtf16Map *newsmark_utf16_map_new   (const char       *text,
                                            gssize            len);
void              newsmark_utf16_map_free  (NewsmarkUtf16Map *map);
guint             newsmark_utf16_map_to_units (NewsmarkUtf16Map *map,
                                               guint             offset);
/* FALSE when @unit is past the end or inside a surrogate pair. */
gboolean          newsmark_utf16_map_to_chars (NewsmarkUtf16Map *map,
                                               guint             unit,
                                               guint            *offset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkUtf16Map, newsmark_utf16_map_free)

/* ---- Small shared helpers ------------------------------------------------- */

/* Strict JSON parse of one value; on failure sets @error naming
 * FILE:LINE:COLUMN (line_base added to the line). */
json_object *newsmark_format_parse_json (const char  *data,
                                         gsize        len,
                                         const char  *filename,
                                         int          line_base,
                                         GError     **error);
/* One line of a JSON Lines file (@line_index 0-based, already stripped):
 * a strict parse that must give an object. The error names the line and
 * says when the file looks like pretty-printed JSON instead. */
json_object *newsmark_format_parse_jsonl_line (const char  *line,
                                               const char  *filename,
                                               int          line_index,
                                               GError     **error);
/* Splits @data into lines (LF, CRLF accepted), returning pointers into a
 * copy; @lines_out receives the NULL-terminated array. */
char       **newsmark_format_split_lines (const char *data,
                                          gsize       len);
/* Whether @data is valid UTF-8; else an error naming the line and byte. */
gboolean     newsmark_format_check_utf8  (const char  *data,
                                          gsize        len,
                                          const char  *filename,
                                          GError     **error);
/* Readable colour number @i for a generated schema ("#rrggbb"). */
char        *newsmark_format_colour      (guint        i);
/* File stem without the directory and extension(s) ("a/b.newsmark.json" → "b"). */
char        *newsmark_format_stem        (const char  *path);

G_END_DECLS
