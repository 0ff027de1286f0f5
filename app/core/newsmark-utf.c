/* newsmark-utf.c — exact UTF-16 ⇄ code point conversion for importers/exporters
 *
 * A table of UTF-16 offsets at every 64th code point is built on first use
 * and cached on the document (its text never changes), so each conversion
 * walks at most 63 characters even on a 2 MB article.
 */

#include "config.h"

#include "newsmark/newsmark-utf.h"

#define STEP_SHIFT 6
#define STEP       (1u << STEP_SHIFT)

typedef struct {
  guint *utf16;    /* utf16[k] = UTF-16 offset of code point k * STEP */
  guint  n;        /* length / STEP + 1 */
  guint  total;    /* UTF-16 length of the whole text */
  gboolean bmp;    /* no character outside the BMP: offsets coincide */
} Utf16Table;

static void
utf16_table_free (gpointer data)
{
  Utf16Table *table = data;

  g_free (table->utf16);
  g_free (table);
}

static GQuark
utf16_table_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("newsmark-utf16-table");
  return q;
}

static const Utf16Table *
get_table (NewsmarkDocument *document)
{
  Utf16Table *table = g_object_get_qdata (G_OBJECT (document), utf16_table_quark ());
  const guchar *p;
  gsize n_bytes;
  guint count = 0, units = 0, k = 0;

  if (table != NULL)
    return table;

  p = (const guchar *) newsmark_document_get_text (document);
  n_bytes = newsmark_document_get_n_bytes (document);

  table = g_new0 (Utf16Table, 1);
  table->n = newsmark_document_get_length (document) / STEP + 1;
  table->utf16 = g_new (guint, table->n);

  for (gsize i = 0; i < n_bytes; i++)
    {
      guchar b = p[i];

      if ((b & 0xC0) == 0x80)
        continue;
      if ((count & (STEP - 1)) == 0)
        table->utf16[k++] = units;
      count++;
      /* A 4-byte UTF-8 sequence is a code point above U+FFFF: a surrogate
       * pair in UTF-16. */
      units += (b >= 0xF0) ? 2 : 1;
    }
  if ((count & (STEP - 1)) == 0)
    table->utf16[k++] = units;

  g_assert (k == table->n);
  table->total = units;
  table->bmp = (units == count);

  g_object_set_qdata_full (G_OBJECT (document), utf16_table_quark (), table, utf16_table_free);
  return table;
}

guint
newsmark_utf16_from_offset (NewsmarkDocument *document,
                            guint             offset)
{
  const Utf16Table *table;
  const char *text, *p;
  guint units, base;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), 0);

  table = get_table (document);
  if (offset >= newsmark_document_get_length (document))
    return table->total;
  if (table->bmp)
    return offset;

  base = offset & ~(STEP - 1);
  units = table->utf16[offset >> STEP_SHIFT];
  text = newsmark_document_get_text (document);
  p = text + newsmark_document_offset_to_byte (document, base);
  for (guint i = base; i < offset; i++)
    {
      units += ((guchar) *p >= 0xF0) ? 2 : 1;
      p = g_utf8_next_char (p);
    }
  return units;
}

gboolean
newsmark_offset_from_utf16 (NewsmarkDocument *document,
                            guint             utf16,
                            guint            *offset,
                            GError          **error)
{
  const Utf16Table *table;
  const char *text, *p;
  guint lo, hi, units, cp, length;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = get_table (document);
  length = newsmark_document_get_length (document);

  if (utf16 > table->total)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "UTF-16 offset %u is past the end of the text (UTF-16 length %u)",
                   utf16, table->total);
      return FALSE;
    }
  if (utf16 == table->total)
    {
      if (offset)
        *offset = length;
      return TRUE;
    }
  if (table->bmp)
    {
      if (offset)
        *offset = utf16;
      return TRUE;
    }

  /* Last checkpoint whose UTF-16 offset is <= utf16. */
  lo = 0;
  hi = table->n;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (table->utf16[mid] <= utf16)
        lo = mid;
      else
        hi = mid;
    }

  cp = lo << STEP_SHIFT;
  units = table->utf16[lo];
  text = newsmark_document_get_text (document);
  p = text + newsmark_document_offset_to_byte (document, cp);
  while (units < utf16)
    {
      guint w = ((guchar) *p >= 0xF0) ? 2 : 1;

      if (units + w > utf16)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "UTF-16 offset %u falls inside the surrogate pair of U+%04X "
                       "at code point %u",
                       utf16, g_utf8_get_char (p), cp);
          return FALSE;
        }
      units += w;
      cp++;
      p = g_utf8_next_char (p);
    }

  if (offset)
    *offset = cp;
  return TRUE;
}
