/* newsmark-places.c — where a range lies in an article, told so a reader finds it */
#include "config.h"

#include "newsmark/newsmark-places.h"

#define CONTEXT_MAX_CHARS 40

typedef struct {
  GArray *starts;  /* guint: where each paragraph begins (its first non-space character) */
  GArray *ends;    /* guint: where it ends (its line break, or the end of the text) */
} ParagraphTable;

static void
paragraph_table_free (gpointer data)
{
  ParagraphTable *table = data;

  g_array_unref (table->starts);
  g_array_unref (table->ends);
  g_free (table);
}

static GQuark
paragraph_table_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("newsmark-paragraph-table");
  return q;
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x0B || c == 0x0C || c == 0x85;
}

static const ParagraphTable *
get_table (NewsmarkDocument *document)
{
  ParagraphTable *table = g_object_get_qdata (G_OBJECT (document), paragraph_table_quark ());
  const char *p;
  guint offset = 0;
  gboolean in_paragraph = FALSE;

  if (table != NULL)
    return table;

  table = g_new0 (ParagraphTable, 1);
  table->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  table->ends = g_array_new (FALSE, FALSE, sizeof (guint));

  for (p = newsmark_document_get_text (document); *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        {
          if (in_paragraph)
            g_array_append_val (table->ends, offset);
          in_paragraph = FALSE;
        }
      else if (!in_paragraph && !g_unichar_isspace (c))
        {
          g_array_append_val (table->starts, offset);
          in_paragraph = TRUE;
        }
    }
  if (in_paragraph)
    g_array_append_val (table->ends, offset);

  g_object_set_qdata_full (G_OBJECT (document), paragraph_table_quark (), table, paragraph_table_free);
  return table;
}

/* Index of the last paragraph starting at or before @offset, or -1. */
static int
paragraph_index (const ParagraphTable *table,
                 guint                 offset)
{
  guint lo = 0, hi = table->starts->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (table->starts, guint, mid) <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (int) lo - 1;
}

guint
newsmark_paragraph_at (NewsmarkDocument *document,
                       guint             offset)
{
  const ParagraphTable *table;
  int index;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), 0);

  table = get_table (document);
  if (table->starts->len == 0)
    return 0;

  index = paragraph_index (table, offset);
  return index < 0 ? 1 : (guint) index + 1;
}

guint
newsmark_paragraph_count (NewsmarkDocument *document)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), 0);

  return get_table (document)->starts->len;
}

/* Appends the text of [start, end) with each run of white space one space. */
static void
append_squeezed (GString          *out,
                 NewsmarkDocument *document,
                 guint             start,
                 guint             end)
{
  gboolean space = FALSE;

  for (guint i = start; i < end; i++)
    {
      gunichar c = newsmark_document_get_char (document, i);

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
  const ParagraphTable *table;
  NewsmarkPlace *place;
  guint length, p_start = 0, p_end, from, to, words;
  int index;
  GString *text;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);

  length = newsmark_document_get_length (document);
  start = MIN (start, length);
  end = CLAMP (end, start, length);
  table = get_table (document);
  index = paragraph_index (table, start);
  p_end = length;
  if (index >= 0)
    {
      p_start = g_array_index (table->starts, guint, index);
      p_end = MAX (g_array_index (table->ends, guint, index), start);
    }
  p_end = MAX (p_end, end);

  place = g_new0 (NewsmarkPlace, 1);
  place->paragraph = newsmark_paragraph_at (document, start);

  /* Back from the start over white space, then words, at most n of them
   * and the character limit. */
  from = start;
  words = 0;
  while (from > p_start && start - from < CONTEXT_MAX_CHARS)
    {
      gboolean space = g_unichar_isspace (newsmark_document_get_char (document, from - 1));

      if (space && from < start && !g_unichar_isspace (newsmark_document_get_char (document, from)) &&
          ++words >= n_before)
        break;
      from--;
    }
  /* A word cut by the character limit is left out whole. */
  if (from > p_start && !g_unichar_isspace (newsmark_document_get_char (document, from - 1)))
    while (from < start && !g_unichar_isspace (newsmark_document_get_char (document, from)))
      from++;
  while (from < start && g_unichar_isspace (newsmark_document_get_char (document, from)))
    from++;
  place->more_before = from > p_start;

  to = end;
  words = 0;
  while (to < p_end && to - end < CONTEXT_MAX_CHARS)
    {
      gboolean space = g_unichar_isspace (newsmark_document_get_char (document, to));

      if (space && to > end && !g_unichar_isspace (newsmark_document_get_char (document, to - 1)) &&
          ++words >= n_after)
        break;
      to++;
    }
  if (to < p_end && !g_unichar_isspace (newsmark_document_get_char (document, to)))
    while (to > end && !g_unichar_isspace (newsmark_document_get_char (document, to - 1)))
      to--;
  while (to > end && g_unichar_isspace (newsmark_document_get_char (document, to - 1)))
    to--;
  place->more_after = to < p_end;

  text = g_string_new (NULL);
  append_squeezed (text, document, from, start);
  if (text->len > 0 && g_unichar_isspace (newsmark_document_get_char (document, start - 1)))
    g_string_append_c (text, ' ');
  place->before = g_string_free (text, FALSE);
  text = g_string_new (NULL);
  if (to > end && g_unichar_isspace (newsmark_document_get_char (document, end)))
    g_string_append_c (text, ' ');
  append_squeezed (text, document, end, to);
  place->after = g_string_free (text, FALSE);

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
