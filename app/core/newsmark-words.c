/* newsmark-words.c — where a word begins and ends, for selecting and matching */
#include "config.h"

#include <string.h>

#include "newsmark/newsmark-words.h"

static gboolean
is_word_unichar (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == 0x200D || c == 0x200C;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static gunichar
char_at (NewsmarkDocument *document,
         guint             offset)
{
  return offset < newsmark_document_get_length (document) ? newsmark_document_get_char (document, offset) : 0;
}

/* An apostrophe at @offset with a word before it and a letter or digit
 * after it: inside a word (O’Brien) or before a clitic (Lavrov’s). */
static gboolean
apostrophe_inside (NewsmarkDocument *document,
                   guint             offset)
{
  return offset > 0 && is_apostrophe (char_at (document, offset)) &&
         is_word_unichar (char_at (document, offset - 1)) && g_unichar_isalnum (char_at (document, offset + 1));
}

/* The length of the clitic (apostrophe included) that begins at @offset and
 * ends its word, or 0. */
static guint
clitic_length_at (NewsmarkDocument *document,
                  guint             offset)
{
  static const char * const clitics[] = { "s", "d", "m", "ll", "re", "ve", NULL };

  if (!apostrophe_inside (document, offset))
    return 0;

  for (guint i = 0; clitics[i] != NULL; i++)
    {
      guint n = (guint) strlen (clitics[i]);
      gboolean same = TRUE;

      for (guint j = 0; j < n && same; j++)
        same = g_unichar_tolower (char_at (document, offset + 1 + j)) == (gunichar) clitics[i][j];
      if (same && !is_word_unichar (char_at (document, offset + 1 + n)))
        return n + 1;
    }

  return 0;
}

gboolean
newsmark_word_continues_at (NewsmarkDocument *document,
                            guint             offset)
{
  gunichar before, here;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), FALSE);

  if (offset == 0 || offset >= newsmark_document_get_length (document))
    return FALSE;

  before = char_at (document, offset - 1);
  here = char_at (document, offset);

  /* A clitic is a word of its own, apostrophe first. */
  if (is_apostrophe (here))
    return apostrophe_inside (document, offset) && clitic_length_at (document, offset) == 0;
  if (is_apostrophe (before))
    return apostrophe_inside (document, offset - 1);

  return is_word_unichar (before) && is_word_unichar (here);
}

void
newsmark_word_extent (NewsmarkDocument *document,
                      guint             offset,
                      guint            *start,
                      guint            *end)
{
  guint s = offset, e = offset;

  g_return_if_fail (NEWSMARK_IS_DOCUMENT (document));
  g_return_if_fail (start != NULL && end != NULL);

  if (offset < newsmark_document_get_length (document) &&
      (is_word_unichar (char_at (document, offset)) || apostrophe_inside (document, offset)))
    {
      while (newsmark_word_continues_at (document, s))
        s--;
      e = offset + 1;
      while (newsmark_word_continues_at (document, e))
        e++;
    }

  *start = s;
  *end = e;
}

gboolean
newsmark_snap_to_words (NewsmarkDocument *document,
                        guint            *start,
                        guint            *end)
{
  guint length;
  guint s, e;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  length = newsmark_document_get_length (document);
  s = MIN (*start, length);
  e = MIN (*end, length);
  if (s > e)
    {
      guint t = s;
      s = e;
      e = t;
    }

  while (s < e && g_unichar_isspace (char_at (document, s)))
    s++;
  while (e > s && g_unichar_isspace (char_at (document, e - 1)))
    e--;
  if (s == e)
    return FALSE;

  while (newsmark_word_continues_at (document, s))
    s--;

  /* Ending inside a clitic, after something else: stop before it. */
  for (guint back = 1; back <= 3 && back < e - s; back++)
    {
      guint k = e - back;
      guint n = clitic_length_at (document, k);

      if (n > 0 && k + n > e)
        {
          e = k;
          break;
        }
    }

  while (newsmark_word_continues_at (document, e))
    e++;

  *start = s;
  *end = e;

  return TRUE;
}

static gboolean
matches_at (const char     *p,
            const gunichar *query,
            guint           n,
            gboolean        case_sensitive)
{
  for (guint i = 0; i < n; i++)
    {
      gunichar c;

      if (*p == '\0')
        return FALSE;
      c = g_utf8_get_char (p);
      if (!case_sensitive)
        c = g_unichar_tolower (c);
      if (c != query[i])
        return FALSE;
      p = g_utf8_next_char (p);
    }

  return TRUE;
}

GArray *
newsmark_find_text (NewsmarkDocument *document,
                    const char       *query,
                    gboolean          case_sensitive,
                    guint             max,
                    gboolean         *truncated)
{
  GArray *found;
  g_autofree gunichar *chars = NULL;
  glong n = 0;
  const char *p;
  guint offset = 0;
  guint listed_end = 0;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  found = g_array_new (FALSE, FALSE, sizeof (NewsmarkTextMatch));
  if (truncated != NULL)
    *truncated = FALSE;

  chars = g_utf8_to_ucs4_fast (query, -1, &n);
  if (!case_sensitive)
    for (glong i = 0; i < n; i++)
      chars[i] = g_unichar_tolower (chars[i]);

  p = newsmark_document_get_text (document);
  while (n > 0 && *p != '\0')
    {
      if (matches_at (p, chars, (guint) n, case_sensitive))
        {
          NewsmarkTextMatch match = { offset, offset + (guint) n, NEWSMARK_TEXT_MATCH_WHOLE_WORDS };

          if (newsmark_word_continues_at (document, match.start) ||
              newsmark_word_continues_at (document, match.end))
            match.kind = NEWSMARK_TEXT_MATCH_INSIDE_WORD;

          if (match.kind == NEWSMARK_TEXT_MATCH_WHOLE_WORDS || match.start >= listed_end)
            {
              if (found->len >= max)
                {
                  if (truncated != NULL)
                    *truncated = TRUE;
                  break;
                }
              g_array_append_val (found, match);
              listed_end = match.end;
            }

          if (match.kind == NEWSMARK_TEXT_MATCH_WHOLE_WORDS)
            {
              for (glong i = 0; i < n; i++)
                p = g_utf8_next_char (p);
              offset = match.end;
              continue;
            }
        }

      p = g_utf8_next_char (p);
      offset++;
    }

  return found;
}
