/* newsmark-json-private.h — strict json-c reading and deterministic writing
 *
 * Reading follows the LUKS2 discipline: strict tokener, trailing bytes
 * rejected, the type of every key checked before it is read, and every
 * problem named by its JSON path ("spans[12].end"). Problems are collected
 * rather than stopping at the first one, so a user sees everything that is
 * wrong with a file at once.
 *
 * Writing goes straight into a GString (no json-c tree is built for
 * output): it is faster, uses less memory, and gives full control over the
 * layout so that the same content always yields the same bytes.
 */
#pragma once

#include <json-c/json.h>

#include "newsmark/newsmark-types.h"
#include "newsmark/newsmark-schema.h"

G_BEGIN_DECLS

/* ---- Parsing --------------------------------------------------------------- */

/* 1-based line and column (in code points) of byte @offset of @data. */
void         _newsmark_json_offset_to_line_column (const char *data,
                                                   gsize       len,
                                                   gsize       offset,
                                                   int        *line,
                                                   int        *column);

/* The rules every JSON text Newsmark reads must follow beyond what json-c's
 * strict tokener checks, for @data that the tokener has accepted: no
 * single-quoted string, NaN, Infinity or raw control character in a
 * string (json-c accepts them), no "\u0000" in a string (it would cut the
 * string short), no surrogate escape without its other half (json-c would
 * turn it into U+FFFD) and no key twice in one object (json-c would keep
 * the last). @line_base is the number of lines before @data in its file
 * (for a line of JSON Lines). Returns TRUE when @data follows them; otherwise the byte
 * offset of the first problem, its JSON path ("spans[3].note"; NULL for a
 * plain syntax error) and a message. Every reader of JSON (annotation
 * files, schemas, suggestions, importers) goes through here. */
gboolean     _newsmark_json_check_text (const char  *data,
                                        gsize        len,
                                        int          line_base,
                                        gsize       *offset,
                                        char       **path,
                                        char       **message);

/* Parses exactly one JSON value with JSON_TOKENER_STRICT and UTF-8
 * validation. Anything but white space after the value is an error, and so
 * is what _newsmark_json_check_text refuses. On a syntax error returns
 * NULL, appends a problem with line and column (and, for what
 * _newsmark_json_check_text finds, the JSON path) to @problems (when
 * non-NULL) and sets @error (NEWSMARK_ERROR_SYNTAX,
 * "FILE:LINE:COL: message"). */
json_object *_newsmark_json_parse (const char  *data,
                                   gsize        len,
                                   const char  *filename,
                                   GPtrArray   *problems,
                                   GError     **error);
/* The same for @data that follows @line_base lines of its file (a line of
 * JSON Lines): lines named in problems count from the file's start. */
json_object *_newsmark_json_parse_at (const char  *data,
                                      gsize        len,
                                      int          line_base,
                                      const char  *filename,
                                      GPtrArray   *problems,
                                      GError     **error);

/* ---- Reading a file in pieces ---------------------------------------------------
 *
 * A large annotation file is mostly one array ("spans", one element per
 * line). Parsing that array's elements in batches, on several threads, and
 * converting each batch before the next is parsed is much faster than
 * building and walking one tree of the whole file. These helpers only
 * decide whether a file is regular enough for that; whenever they say no,
 * or anything in a piece fails, the caller reads the file with
 * _newsmark_json_parse, which produces the precise error reports. */

/* TRUE when @data (a piece starting and ending outside any string) is
 * valid UTF-8 without NUL bytes and has none of what
 * _newsmark_json_check_text refuses. */
gboolean     _newsmark_json_is_plain_json (const char *data,
                                           gsize       len);
/* The same for the concatenation of @n_pieces pieces, each starting and
 * ending outside any string, read as one text: a key of an object that
 * begins in one piece and ends in a later one is compared with the keys of
 * all of them. */
gboolean     _newsmark_json_pieces_are_plain (const char * const *pieces,
                                              const gsize        *lengths,
                                              guint               n_pieces);

/* Scans @data, which must be one JSON object, for its member @key (an
 * exact, unescaped key at the top level) holding an array. On success
 * @separators (an array of gsize) receives the byte offsets of the array's
 * '[', of each of its commas and of its ']': element i lies strictly
 * between separators[i] and separators[i + 1]. Returns FALSE when the key
 * is missing, present twice, escaped, not an array, or the input is
 * irregular in a way the scan notices. The scan does not validate: the
 * pieces must still be parsed. */
gboolean     _newsmark_json_split_array_member (const char *data,
                                                gsize       len,
                                                const char *key,
                                                GArray     *separators);
/* The same for the beginning of the array only: stops as soon as
 * @max_elements elements are delimited (the last separator is then a
 * comma) or the array ends, without looking at the rest of @data, which
 * may be cut off anywhere after the array's '['. */
gboolean     _newsmark_json_split_array_prefix (const char *data,
                                                gsize       len,
                                                const char *key,
                                                guint       max_elements,
                                                GArray     *separators);

/* Creates a tokener with the same settings as _newsmark_json_parse's,
 * whose values will be nested @extra_depth levels deeper in the file than
 * in the pieces it is given (the depth limit stays the same). */
struct json_tokener *_newsmark_json_tokener_new (guint extra_depth);

/* Parses the concatenation of @n_pieces byte ranges as one JSON value,
 * followed by nothing but white space, with @tok (reset first). Returns
 * NULL on any error, without reporting it. */
json_object *_newsmark_json_parse_pieces (struct json_tokener *tok,
                                          const char * const  *pieces,
                                          const gsize         *lengths,
                                          guint                n_pieces);

/* "string", "integer", "number", "boolean", "null", "object", "array" */
const char  *_newsmark_json_type_name (json_object *value);

/* ---- Typed reading with JSON paths ------------------------------------------ */

typedef enum {
  NEWSMARK_JSON_STRING,
  NEWSMARK_JSON_UINT,       /* non-negative integer that fits a guint */
  NEWSMARK_JSON_INT,        /* any integer */
  NEWSMARK_JSON_NUMBER,     /* integer or floating point, finite */
  NEWSMARK_JSON_BOOLEAN,
  NEWSMARK_JSON_OBJECT,
  NEWSMARK_JSON_ARRAY,
} NewsmarkJsonKind;

typedef struct {
  const char *file;
  GPtrArray  *problems;   /* NewsmarkProblem*, owned by the caller */
  GString    *path;       /* the JSON path of the value being read */
  guint       n_errors;
  /* Keys found by _newsmark_json_member: when an object has no more keys
   * than were found, it has no unknown key and checking costs nothing. */
  guint       n_found;
  /* Members of one object fetched in a single pass (see
   * _newsmark_json_collect): hot objects such as spans are read this way
   * instead of with one hash lookup per key. */
  json_object        *cached_object;
  const char * const *cached_keys;
  json_object        *cached_values[24];
  guint32             cached_present;  /* bit i: key i was there (maybe null) */
} NewsmarkJsonReader;

void         _newsmark_json_reader_init  (NewsmarkJsonReader *reader,
                                          const char         *file,
                                          GPtrArray          *problems);
void         _newsmark_json_reader_clear (NewsmarkJsonReader *reader);

/* Path handling: push returns the previous length, to hand to pop. */
gsize        _newsmark_json_path_push_key   (NewsmarkJsonReader *reader,
                                             const char         *key);
gsize        _newsmark_json_path_push_index (NewsmarkJsonReader *reader,
                                             guint               index);
void         _newsmark_json_path_pop        (NewsmarkJsonReader *reader,
                                             gsize               previous_len);

/* Appends a problem at the current path, or at current path + "." + @key
 * when @key is non-NULL. */
void         _newsmark_json_report (NewsmarkJsonReader *reader,
                                    NewsmarkSeverity    severity,
                                    const char         *key,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (4, 5);
#define _newsmark_json_error(r, key, ...) \
  _newsmark_json_report ((r), NEWSMARK_SEVERITY_ERROR, (key), __VA_ARGS__)
#define _newsmark_json_warning(r, key, ...) \
  _newsmark_json_report ((r), NEWSMARK_SEVERITY_WARNING, (key), __VA_ARGS__)

/* Checks that @value has @kind; otherwise reports "expected K, got T" at the
 * current path (+ @key) and returns FALSE. */
gboolean     _newsmark_json_expect (NewsmarkJsonReader *reader,
                                    json_object        *value,
                                    NewsmarkJsonKind    kind,
                                    const char         *key);

/* Member @key of @object with the given kind. Returns FALSE (with a
 * problem) when it is missing and @required, or has the wrong kind; returns
 * TRUE with *out = NULL when it is missing and optional. */
gboolean     _newsmark_json_member (NewsmarkJsonReader *reader,
                                    json_object        *object,
                                    const char         *key,
                                    NewsmarkJsonKind    kind,
                                    gboolean            required,
                                    json_object       **out);

/* Convenience wrappers on _newsmark_json_member. *present (may be NULL)
 * tells whether the key was there. The string is borrowed from the tree. */
gboolean     _newsmark_json_get_string (NewsmarkJsonReader *reader,
                                        json_object        *object,
                                        const char         *key,
                                        gboolean            required,
                                        const char        **out);
gboolean     _newsmark_json_get_uint   (NewsmarkJsonReader *reader,
                                        json_object        *object,
                                        const char         *key,
                                        gboolean            required,
                                        guint              *out,
                                        gboolean           *present);
gboolean     _newsmark_json_get_int    (NewsmarkJsonReader *reader,
                                        json_object        *object,
                                        const char         *key,
                                        gboolean            required,
                                        gint64             *out,
                                        gboolean           *present);
gboolean     _newsmark_json_get_number (NewsmarkJsonReader *reader,
                                        json_object        *object,
                                        const char         *key,
                                        gboolean            required,
                                        double             *out,
                                        gboolean           *present);
gboolean     _newsmark_json_get_boolean (NewsmarkJsonReader *reader,
                                         json_object        *object,
                                         const char         *key,
                                         gboolean            required,
                                         gboolean           *out,
                                         gboolean           *present);

/* Reports every key of @object not in @allowed (NULL-terminated) as an
 * error "unknown key "K" (allowed: a, b, c)" at path + "." + K. Returns TRUE
 * when there is none. */
gboolean     _newsmark_json_check_keys (NewsmarkJsonReader *reader,
                                        json_object        *object,
                                        const char * const *allowed);
/* Walks @object once, reporting unknown keys like _newsmark_json_check_keys
 * and remembering the value of each key of @allowed (at most 24), so that
 * _newsmark_json_member and _newsmark_json_lookup on @object afterwards
 * cost no hash lookup. Ends with _newsmark_json_uncollect. */
void         _newsmark_json_collect   (NewsmarkJsonReader *reader,
                                       json_object        *object,
                                       const char * const *allowed);
void         _newsmark_json_uncollect (NewsmarkJsonReader *reader);
/* Whether @object has @key, with its value (NULL for a JSON null) in
 * *value; from the collected members when @object is the collected one. */
gboolean     _newsmark_json_lookup    (NewsmarkJsonReader *reader,
                                       json_object        *object,
                                       const char         *key,
                                       json_object       **value);

/* Same, but first compares the object's size with the number of keys read
 * since @found_before (reader->n_found before reading @object): every key
 * of @allowed must have been looked up exactly once with
 * _newsmark_json_member. */
gboolean     _newsmark_json_check_keys_read (NewsmarkJsonReader *reader,
                                             json_object        *object,
                                             const char * const *allowed,
                                             guint               found_before);

/* ---- Writing ----------------------------------------------------------------- */

/* A JSON string literal, quotes included. Escapes like json-c with
 * JSON_C_TO_STRING_NOSLASHESCAPE: '"', '\\', \b \f \n \r \t and other
 * control characters as \u00XX; non-ASCII is kept as UTF-8 and '/' as is. */
void         _newsmark_json_write_string     (GString    *out,
                                              const char *str);
void         _newsmark_json_write_string_len (GString    *out,
                                              const char *str,
                                              gsize       len);
/* Shortest decimal text that reads back as the same double; whole numbers
 * without a fraction ("3"). Non-finite values (not representable in JSON)
 * are written as null. */
void         _newsmark_json_write_double     (GString    *out,
                                              double      value);
void         _newsmark_json_write_uint       (GString    *out,
                                              guint64     value);
/* Any json-c value, compact on one line with ", " and ": " separators and
 * object keys in their stored order. */
void         _newsmark_json_write_value      (GString     *out,
                                              json_object *value);
/* The same, with each parsed number as its source wrote it ("1.0" stays
 * "1.0"): for values kept verbatim from another tool's file. */
void         _newsmark_json_write_value_exact (GString     *out,
                                               json_object *value);
void         _newsmark_json_write_indent     (GString    *out,
                                              guint       indent);

/* ---- Schema JSON (newsmark-schema-json.c) ------------------------------------ */

/* Builds a schema from an already parsed value, reporting problems with
 * paths under the reader's current path ("schema.labels[3].key"). Returns
 * NULL when an error-level problem was found. */
NewsmarkSchema *_newsmark_schema_from_json  (NewsmarkJsonReader *reader,
                                             json_object        *root);
/* Writes the schema as pretty JSON whose nested lines are indented by
 * @indent spaces (the opening brace is not indented, no newline after the
 * closing one). */
void            _newsmark_schema_write_json (NewsmarkSchema *schema,
                                             GString        *out,
                                             guint           indent);

/* Summary of a problem list: "FILE: N problems; first: …" (errors first). */
char           *_newsmark_problems_summary  (GPtrArray  *problems,
                                             const char *file);

G_END_DECLS
