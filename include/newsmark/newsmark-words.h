/* newsmark-words.h — where a word begins and ends, for selecting and matching
 *
 * The one word rule behind *Snap to words* and whole-word matching
 * ("Tag All"):
 *  - letters, digits, combining marks, ZWJ and ZWNJ make words;
 *  - an apostrophe (' or ’) between two of them joins them (O’Brien,
 *    don't), except before a clitic that ends the word — 's, 'd, 'll, 'm,
 *    're, 've in any case: there a new word begins with the apostrophe.
 *    "Lavrov's" is "Lavrov" + "'s", as CoNLL and OntoNotes tokenise it, so
 *    a name never takes its possessive with it.
 */
#pragma once

#include "newsmark-document.h"

G_BEGIN_DECLS

/* TRUE when the characters at @offset - 1 and @offset belong to one word,
 * that is when a word would be cut at @offset. FALSE at either end of the
 * text. */
gboolean    newsmark_word_continues_at (NewsmarkDocument *document,
                                        guint             offset);

/* Trims white space around [*start, *end) and completes a word cut at
 * either end. A selection that ends inside a clitic ("Lavrov’" or
 * "Lavrov's" half selected) stops before its apostrophe instead; one that
 * takes the whole clitic keeps it. FALSE when nothing but white space
 * was selected (then *start and *end are left alone). */
gboolean    newsmark_snap_to_words     (NewsmarkDocument *document,
                                        guint            *start,
                                        guint            *end);

typedef enum {
  NEWSMARK_TEXT_MATCH_WHOLE_WORDS,  /* neither end cuts a word */
  NEWSMARK_TEXT_MATCH_INSIDE_WORD,  /* "Lavrov" in "Lavrovsky": an end cuts a word */
} NewsmarkTextMatchKind;

typedef struct {
  guint                 start;
  guint                 end;
  NewsmarkTextMatchKind kind;
} NewsmarkTextMatch;

/* Every place @query occurs in the article, in text order, as a new GArray
 * of NewsmarkTextMatch (code points). Case-insensitive unless
 * @case_sensitive (letter by letter, g_unichar_tolower). Places never
 * overlap: after a whole-word match the search goes on at its end; a
 * match inside a word is listed when it does not overlap the one before,
 * and the search goes on at its next character, so a whole-word match
 * overlapping it is still found. At most @max are returned; *@truncated
 * (may be NULL) says whether there were more. An empty query finds
 * nothing. */
GArray     *newsmark_find_text         (NewsmarkDocument *document,
                                        const char       *query,
                                        gboolean          case_sensitive,
                                        guint             max,
                                        gboolean         *truncated);

/* The word around @offset (the characters joined to it by the rule above),
 * as [*start, *end); empty when @offset is not in a word. */
void        newsmark_word_extent       (NewsmarkDocument *document,
                                        guint             offset,
                                        guint            *start,
                                        guint            *end);

G_END_DECLS
