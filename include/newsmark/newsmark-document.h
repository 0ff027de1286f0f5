/* newsmark-document.h — the article text, never altered by annotating
 *
 * Offsets everywhere in Newsmark are Unicode code points, half-open
 * [start, end): Python's text[start:end], GtkTextIter's offsets.
 */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_DOCUMENT (newsmark_document_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkDocument, newsmark_document, NEWSMARK, DOCUMENT, GObject)

/* @text must be valid UTF-8 (else NEWSMARK_ERROR_ENCODING naming the byte
 * offset of the first bad sequence). @len may be -1 for NUL-terminated. */
NewsmarkDocument *newsmark_document_new_from_text (const char  *text,
                                                   gssize       len,
                                                   GError     **error);
/* @encoding: NULL or "utf-8" for strict UTF-8; "windows-1252", "latin1",
 * "iso-8859-1" … converts on open and is recorded in the document. */
NewsmarkDocument *newsmark_document_new_from_file (GFile       *file,
                                                   const char  *encoding,
                                                   GError     **error);

const char  *newsmark_document_get_text      (NewsmarkDocument *self);
gsize        newsmark_document_get_n_bytes   (NewsmarkDocument *self);
/* Length in code points. */
guint        newsmark_document_get_length    (NewsmarkDocument *self);
/* Lower-case hex SHA-256 of the UTF-8 text. */
const char  *newsmark_document_get_sha256    (NewsmarkDocument *self);
/* The encoding the article was converted from, or NULL when it was UTF-8. */
const char  *newsmark_document_get_encoding  (NewsmarkDocument *self);
void         newsmark_document_set_encoding  (NewsmarkDocument *self,
                                              const char       *encoding);
/* Where the article lives (may be NULL). */
GFile       *newsmark_document_get_file      (NewsmarkDocument *self);
void         newsmark_document_set_file      (NewsmarkDocument *self,
                                              GFile            *file);

/* Byte offset of code point @offset (offset == length gives n_bytes).
 * O(1) amortised: a checkpoint table is kept. */
gsize        newsmark_document_offset_to_byte (NewsmarkDocument *self,
                                               guint             offset);
/* Code point offset of the character starting at @byte_offset. */
guint        newsmark_document_byte_to_offset (NewsmarkDocument *self,
                                               gsize             byte_offset);
/* Newly allocated UTF-8 copy of text[start:end] (code points). */
char        *newsmark_document_dup_slice     (NewsmarkDocument *self,
                                              guint             start,
                                              guint             end);
/* TRUE when text[start:end] equals @str exactly (no allocation). */
gboolean     newsmark_document_slice_equals  (NewsmarkDocument *self,
                                              guint             start,
                                              guint             end,
                                              const char       *str);
gunichar     newsmark_document_get_char      (NewsmarkDocument *self,
                                              guint             offset);

/* ---- Paragraphs ------------------------------------------------------------ */

/* A paragraph: a line of the text between line breaks (\n, \r\n, \r and
 * U+2029, where GtkTextView breaks lines) holding more than white space.
 * Scraped articles repeat whole paragraphs, so a paragraph whose text
 * (without leading and trailing white space) equals an earlier one's says
 * which: every place the tool shows can then say "¶14, repeats ¶3". */
typedef struct {
  guint start;    /* code points: the line's first character */
  guint end;      /* the end of the line, before its line break */
  guint number;   /* 1-based, counting paragraphs only (not blank lines) */
  guint repeats;  /* the number of the first paragraph with the same text, 0 if none */
} NewsmarkParagraph;

/* Computed once, on first use, in one pass over the text. */
guint        newsmark_document_get_n_paragraphs (NewsmarkDocument *self);
/* The paragraph numbered @number (1-based), or NULL. */
const NewsmarkParagraph *newsmark_document_get_paragraph (NewsmarkDocument *self,
                                                          guint             number);
/* The paragraph whose line holds @offset (its end included), or NULL on a
 * blank line. O(log n). */
const NewsmarkParagraph *newsmark_document_get_paragraph_at (NewsmarkDocument *self,
                                                             guint             offset);
/* Paragraph @number for people: "¶14" or "¶14, repeats ¶3"; NULL when
 * there is no such paragraph. The one way the tool writes a paragraph.
 * Newly allocated. */
char        *newsmark_document_describe_paragraph (NewsmarkDocument *self,
                                                   guint             number);
/* Where @offset is, for people: the paragraph holding it, described as
 * above; NULL on a blank line. Newly allocated. */
char        *newsmark_document_describe_place   (NewsmarkDocument *self,
                                                 guint             offset);

/* Hex SHA-256 of arbitrary UTF-8 text. */
char        *newsmark_sha256_hex (const char *text,
                                  gsize       n_bytes);

G_END_DECLS
