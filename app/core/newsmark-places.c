/* newsmark-places.c — where a range lies in an article, told so a reader finds it */
#include "config.h"

#include "newsmark/newsmark-places.h"

#define CONTEXT_MAX_CHARS 40

/* The last of the document's paragraphs starting at or before @offset,
 * or NULL when none does. */
static const NewsmarkParagraph *
paragraph_at_or_before (NewsmarkDocument *document,
                        guint             offset)
{
  guint lo = 0, hi = newsmark_document_get_n_paragraphs (document);

  /* lo ends as the count of paragraphs starting at or before @offset. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (newsmark_document_get_paragraph (document, mid + 1)->start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? newsmark_document_get_paragraph (document, lo) : NULL;
}

guint
newsmark_paragraph_at (NewsmarkDocument *document,
                       guint             offset)
{
  const NewsmarkParagraph *paragraph;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), 0);

  if (newsmark_document_get_n_paragraphs (document) == 0)
    return 0;

  paragraph = paragraph_at_or_before (document, offset);
  return paragraph != NULL ? paragraph->number : 1;
}

/* The characters of [from, from + n), decoded once: the context is looked
 * at character by character, and a code point offset costs a walk from
 * the last checkpoint each time (Tag All asks for thousands of places). */
typedef struct {
  guint     from;
  guint     n;
  gunichar *chars;
} Window;

static void
window_init (Window           *window,
             NewsmarkDocument *document,
             guint             from,
             guint             to)
{
  const char *p = newsmark_document_get_text (document) + newsmark_document_offset_to_byte (document, from);

  window->from = from;
  window->n = to - from;
  window->chars = g_new (gunichar, MAX (window->n, 1));
  for (guint i = 0; i < window->n; i++, p = g_utf8_next_char (p))
    window->chars[i] = g_utf8_get_char (p);
}

static inline gboolean
space_at (const Window *window,
          guint         offset)
{
  g_assert (offset >= window->from && offset - window->from < window->n);

  return g_unichar_isspace (window->chars[offset - window->from]);
}

/* Appends the text of [start, end) with each run of white space one space. */
static void
append_squeezed (GString      *out,
                 const Window *window,
                 guint         start,
                 guint         end)
{
  gboolean space = FALSE;

  for (guint i = start; i < end; i++)
    {
      gunichar c = window->chars[i - window->from];

      if (g_unichar_isspace (c))
        space = TRUE;
      else
        {
          if (space && out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
}

NewsmarkPlace *
newsmark_place_new (NewsmarkDocument *document,
                    guint             start,
                    guint             end,
                    guint             n_before,
                    guint             n_after)
{
  const NewsmarkParagraph *paragraph;
  NewsmarkPlace *place;
  guint length, p_start = 0, p_end, from, to, words;
  Window left, right;
  GString *text;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);

  length = newsmark_document_get_length (document);
  start = MIN (start, length);
  end = CLAMP (end, start, length);
  paragraph = paragraph_at_or_before (document, start);
  p_end = length;
  if (paragraph != NULL)
    {
      p_start = paragraph->start;
      p_end = MAX (paragraph->end, start);
    }
  p_end = MAX (p_end, end);

  /* Every character looked at below: up to one past the limit on each side. */
  window_init (&left, document, MAX (p_start, start > CONTEXT_MAX_CHARS ? start - CONTEXT_MAX_CHARS - 1 : 0), start);
  window_init (&right, document, end, MIN (p_end, end + CONTEXT_MAX_CHARS + 1));

  /* A paragraph's line may be indented: that is no text before the range. */
  if (p_start < left.from)
    {
      const char *p = newsmark_document_get_text (document) + newsmark_document_offset_to_byte (document, p_start);

      while (p_start < left.from && g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          p_start++;
        }
    }
  while (p_start < start && p_start >= left.from && space_at (&left, p_start))
    p_start++;

  place = g_new0 (NewsmarkPlace, 1);
  /* As newsmark_paragraph_at (start), without searching again. */
  if (paragraph != NULL)
    place->paragraph = paragraph->number;
  else
    place->paragraph = newsmark_document_get_n_paragraphs (document) > 0 ? 1 : 0;

  /* Back from the start over white space, then words, at most n of them
   * and the character limit. */
  from = start;
  words = 0;
  while (from > p_start && start - from < CONTEXT_MAX_CHARS)
    {
      if (space_at (&left, from - 1) && from < start && !space_at (&left, from) && ++words >= n_before)
        break;
      from--;
    }
  /* A word cut by the character limit is left out whole. */
  if (from > p_start && !space_at (&left, from - 1))
    while (from < start && !space_at (&left, from))
      from++;
  while (from < start && space_at (&left, from))
    from++;
  place->more_before = from > p_start;

  to = end;
  words = 0;
  while (to < p_end && to - end < CONTEXT_MAX_CHARS)
    {
      if (space_at (&right, to) && to > end && !space_at (&right, to - 1) && ++words >= n_after)
        break;
      to++;
    }
  if (to < p_end && !space_at (&right, to))
    while (to > end && !space_at (&right, to - 1))
      to--;
  while (to > end && space_at (&right, to - 1))
    to--;
  place->more_after = to < p_end;

  text = g_string_new (NULL);
  append_squeezed (text, &left, from, start);
  if (text->len > 0 && space_at (&left, start - 1))
    g_string_append_c (text, ' ');
  place->before = g_string_free (text, FALSE);
  text = g_string_new (NULL);
  if (to > end && space_at (&right, end))
    g_string_append_c (text, ' ');
  append_squeezed (text, &right, end, to);
  place->after = g_string_free (text, FALSE);

  g_free (left.chars);
  g_free (right.chars);
  return place;
}

void
newsmark_place_free (NewsmarkPlace *place)
{
  if (place == NULL)
    return;

  g_free (place->before);
  g_free (place->after);
  g_free (place);
}
