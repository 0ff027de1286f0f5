/* newsmark-document.c — the article text, never altered by annotating */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark-document.h"

/* Every CHECKPOINT_STEP-th code point's byte offset is remembered, so that
 * converting an offset walks at most CHECKPOINT_STEP - 1 characters: O(1)
 * on a 2 MB article for the price of 1/8 of the text size in memory. */
#define CHECKPOINT_SHIFT 6
#define CHECKPOINT_STEP  (1u << CHECKPOINT_SHIFT)

struct _NewsmarkDocument
{
  GObject  parent_instance;

  char    *text;
  gsize    n_bytes;
  guint    length;
  char    *sha256;     /* computed on first use */
  char    *encoding;
  GFile   *file;

  /* checkpoints[k] = byte offset of code point k * CHECKPOINT_STEP;
   * n_checkpoints = length / CHECKPOINT_STEP + 1. */
  gsize   *checkpoints;
  guint    n_checkpoints;
  /* TRUE when every character is one byte: offsets are byte offsets. */
  gboolean ascii;
  /* NewsmarkParagraph, in order; built on first use (any thread). */
  GArray  *paragraphs;
};

G_DEFINE_FINAL_TYPE (NewsmarkDocument, newsmark_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LENGTH,
  PROP_SHA256,
  PROP_ENCODING,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
newsmark_document_finalize (GObject *object)
{
  NewsmarkDocument *self = NEWSMARK_DOCUMENT (object);

  g_free (self->text);
  g_free (self->sha256);
  g_free (self->encoding);
  g_free (self->checkpoints);
  g_clear_pointer (&self->paragraphs, g_array_unref);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (newsmark_document_parent_class)->finalize (object);
}

static void
newsmark_document_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NewsmarkDocument *self = NEWSMARK_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;
    case PROP_SHA256:
      g_value_set_string (value, newsmark_document_get_sha256 (self));
      break;
    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_document_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NewsmarkDocument *self = NEWSMARK_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_ENCODING:
      newsmark_document_set_encoding (self, g_value_get_string (value));
      break;
    case PROP_FILE:
      newsmark_document_set_file (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_document_class_init (NewsmarkDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_document_finalize;
  object_class->get_property = newsmark_document_get_property;
  object_class->set_property = newsmark_document_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_document_init (NewsmarkDocument *self)
{
}

/* Line and column (1-based, in characters) of @byte_offset in valid UTF-8
 * @text, to make an encoding error easy to find in an editor. */
static void
position_of_byte (const char *text,
                  gsize       byte_offset,
                  guint      *line,
                  guint      *column)
{
  const char *line_start = text;
  const char *end = text + byte_offset;
  guint l = 1;

  for (const char *p = text; p < end; p++)
    if (*p == '\n')
      {
        l++;
        line_start = p + 1;
      }
  *line = l;
  *column = (guint) g_utf8_strlen (line_start, end - line_start) + 1;
}

static gboolean
check_utf8 (const char  *text,
            gsize        n_bytes,
            GError     **error)
{
  const char *bad = NULL;
  gsize offset;
  guint line, column;
  GString *bytes;

  if (g_utf8_validate_len (text, n_bytes, &bad))
    return TRUE;

  offset = (gsize) (bad - text);
  position_of_byte (text, offset, &line, &column);

  if (*bad == '\0')
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                   "The text contains a NUL byte at byte offset %" G_GSIZE_FORMAT
                   " (line %u, column %u); an article must be plain UTF-8 text",
                   offset, line, column);
      return FALSE;
    }

  /* Show the offending bytes: "0xE9 0x74" tells a reader at a glance that
   * the file is Latin-1 or Windows-1252 rather than damaged. */
  bytes = g_string_new (NULL);
  for (gsize i = offset; i < n_bytes && i < offset + 4; i++)
    {
      if (i > offset)
        g_string_append_c (bytes, ' ');
      g_string_append_printf (bytes, "0x%02X", (guchar) text[i]);
    }

  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
               "The text is not valid UTF-8: invalid byte sequence %s at byte offset %"
               G_GSIZE_FORMAT " (line %u, column %u); if the article uses a legacy "
               "encoding, open it with an explicit encoding such as windows-1252 or latin1",
               bytes->str, offset, line, column);
  g_string_free (bytes, TRUE);
  return FALSE;
}

/* One pass over valid UTF-8: counts code points and records checkpoints. */
static void
build_index (NewsmarkDocument *self)
{
  const guchar *p = (const guchar *) self->text;
  gsize n = self->n_bytes;
  gsize alloc = n / CHECKPOINT_STEP + 2;
  gsize *cp = g_new (gsize, alloc);
  guint n_cp = 0;
  guint count = 0;

  for (gsize i = 0; i < n; i++)
    {
      /* A code point starts at every byte that is not a continuation byte. */
      if ((p[i] & 0xC0) != 0x80)
        {
          if ((count & (CHECKPOINT_STEP - 1)) == 0)
            cp[n_cp++] = i;
          count++;
        }
    }
  if ((count & (CHECKPOINT_STEP - 1)) == 0)
    cp[n_cp++] = n;

  self->length = count;
  self->checkpoints = g_renew (gsize, cp, n_cp);
  self->n_checkpoints = n_cp;
  self->ascii = (count == n);
}

static NewsmarkDocument *
document_new_take (char  *text,
                   gsize  n_bytes)
{
  NewsmarkDocument *self = g_object_new (NEWSMARK_TYPE_DOCUMENT, NULL);

  self->text = text;
  self->n_bytes = n_bytes;
  build_index (self);
  return self;
}

NewsmarkDocument *
newsmark_document_new_from_text (const char  *text,
                                 gssize       len,
                                 GError     **error)
{
  gsize n_bytes;
  char *copy;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  n_bytes = len < 0 ? strlen (text) : (gsize) len;

  if (n_bytes > G_MAXUINT)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "The text is too large (%" G_GSIZE_FORMAT " bytes)", n_bytes);
      return NULL;
    }

  if (!check_utf8 (text, n_bytes, error))
    return NULL;

  copy = g_malloc (n_bytes + 1);
  memcpy (copy, text, n_bytes);
  copy[n_bytes] = '\0';

  return document_new_take (copy, n_bytes);
}

static gboolean
is_utf8_name (const char *encoding)
{
  return encoding == NULL ||
         g_ascii_strcasecmp (encoding, "utf-8") == 0 ||
         g_ascii_strcasecmp (encoding, "utf8") == 0;
}

NewsmarkDocument *
newsmark_document_new_from_file (GFile       *file,
                                 const char  *encoding,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  NewsmarkDocument *self;
  gsize n_bytes = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);

  if (!g_file_load_contents (file, NULL, &contents, &n_bytes, NULL, &local_error))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: cannot read the article: %s", name, local_error->message);
      return NULL;
    }

  if (is_utf8_name (encoding))
    {
      if (n_bytes > G_MAXUINT)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "%s: the article is too large (%" G_GSIZE_FORMAT " bytes)", name, n_bytes);
          return NULL;
        }
      if (!check_utf8 (contents, n_bytes, &local_error))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                       "%s: %s", name, local_error->message);
          return NULL;
        }
      self = document_new_take (g_steal_pointer (&contents), n_bytes);
    }
  else
    {
      gsize bytes_read = 0, bytes_written = 0;
      char *converted;

      converted = g_convert (contents, n_bytes, "UTF-8", encoding,
                             &bytes_read, &bytes_written, &local_error);
      if (converted == NULL)
        {
          if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                         "%s: unknown encoding “%s” (try windows-1252, latin1 or utf-8)",
                         name, encoding);
          else if (bytes_read < n_bytes)
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                         "%s: byte 0x%02X at byte offset %" G_GSIZE_FORMAT
                         " cannot be converted from %s: %s",
                         name, (guchar) contents[bytes_read], bytes_read, encoding,
                         local_error->message);
          else
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                         "%s: cannot convert from %s: %s",
                         name, encoding, local_error->message);
          return NULL;
        }

      /* A legacy single-byte encoding can still smuggle in a NUL byte. */
      if (!check_utf8 (converted, bytes_written, &local_error))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
                       "%s (converted from %s): %s", name, encoding, local_error->message);
          g_free (converted);
          return NULL;
        }
      self = document_new_take (converted, bytes_written);
      self->encoding = g_ascii_strdown (encoding, -1);
    }

  self->file = g_object_ref (file);
  return self;
}

const char *
newsmark_document_get_text (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);
  return self->text;
}

gsize
newsmark_document_get_n_bytes (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);
  return self->n_bytes;
}

guint
newsmark_document_get_length (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);
  return self->length;
}

const char *
newsmark_document_get_sha256 (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  if (self->sha256 == NULL)
    self->sha256 = newsmark_sha256_hex (self->text, self->n_bytes);
  return self->sha256;
}

const char *
newsmark_document_get_encoding (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);
  return self->encoding;
}

void
newsmark_document_set_encoding (NewsmarkDocument *self,
                                const char       *encoding)
{
  g_return_if_fail (NEWSMARK_IS_DOCUMENT (self));

  if (is_utf8_name (encoding) || *encoding == '\0')
    encoding = NULL;
  if (g_strcmp0 (self->encoding, encoding) == 0)
    return;
  g_free (self->encoding);
  self->encoding = g_strdup (encoding);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

GFile *
newsmark_document_get_file (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);
  return self->file;
}

void
newsmark_document_set_file (NewsmarkDocument *self,
                            GFile            *file)
{
  g_return_if_fail (NEWSMARK_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

gsize
newsmark_document_offset_to_byte (NewsmarkDocument *self,
                                  guint             offset)
{
  const char *p;
  guint rest;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);

  if (offset >= self->length)
    return self->n_bytes;
  if (self->ascii)
    return offset;

  p = self->text + self->checkpoints[offset >> CHECKPOINT_SHIFT];
  for (rest = offset & (CHECKPOINT_STEP - 1); rest > 0; rest--)
    p = g_utf8_next_char (p);
  return (gsize) (p - self->text);
}

guint
newsmark_document_byte_to_offset (NewsmarkDocument *self,
                                  gsize             byte_offset)
{
  guint lo, hi;
  const char *p, *end;
  guint offset;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);

  if (byte_offset >= self->n_bytes)
    return self->length;
  if (self->ascii)
    return (guint) byte_offset;

  /* Last checkpoint at or before byte_offset. */
  lo = 0;
  hi = self->n_checkpoints;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->checkpoints[mid] <= byte_offset)
        lo = mid;
      else
        hi = mid;
    }

  offset = lo << CHECKPOINT_SHIFT;
  p = self->text + self->checkpoints[lo];
  end = self->text + byte_offset;
  /* A byte offset inside a character counts as that character. */
  while (p < end)
    {
      const char *next = g_utf8_next_char (p);
      if (next > end)
        break;
      p = next;
      offset++;
    }
  return offset;
}

char *
newsmark_document_dup_slice (NewsmarkDocument *self,
                             guint             start,
                             guint             end)
{
  gsize b0, b1;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  if (end > self->length)
    end = self->length;
  if (start > end)
    start = end;

  b0 = newsmark_document_offset_to_byte (self, start);
  b1 = newsmark_document_offset_to_byte (self, end);
  return g_strndup (self->text + b0, b1 - b0);
}

gboolean
newsmark_document_slice_equals (NewsmarkDocument *self,
                                guint             start,
                                guint             end,
                                const char       *str)
{
  gsize b0, b1, n;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), FALSE);

  if (str == NULL || start > end || end > self->length)
    return FALSE;

  b0 = newsmark_document_offset_to_byte (self, start);
  b1 = newsmark_document_offset_to_byte (self, end);
  n = b1 - b0;
  return strncmp (str, self->text + b0, n) == 0 && str[n] == '\0';
}

gunichar
newsmark_document_get_char (NewsmarkDocument *self,
                            guint             offset)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);

  if (offset >= self->length)
    return 0;
  return g_utf8_get_char (self->text + newsmark_document_offset_to_byte (self, offset));
}

/* ---- Paragraphs ------------------------------------------------------------ */

static inline gboolean
is_space_byte_run (const char *p,
                   const char *end)
{
  for (; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The paragraph's text without leading and trailing white space, as the
 * key that finds its earlier copies. */
static GBytes *
trimmed_key (const char *p,
             const char *end)
{
  const char *last;

  while (p < end && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  last = end;
  while (last > p)
    {
      const char *prev = g_utf8_prev_char (last);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      last = prev;
    }

  return g_bytes_new_static (p, (gsize) (last - p));
}

static GArray *
build_paragraphs (NewsmarkDocument *self)
{
  GArray *paragraphs = g_array_new (FALSE, FALSE, sizeof (NewsmarkParagraph));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                      (GDestroyNotify) g_bytes_unref, NULL);
  const char *text = self->text;
  const char *end = text + self->n_bytes;
  const char *line = text;
  guint line_start = 0;
  guint offset = 0;

  for (const char *p = text; ; )
    {
      gboolean at_end = p >= end;
      guint break_len = 0;   /* code points of the line break at p */
      const char *after = p;

      if (!at_end)
        {
          guchar c = (guchar) *p;

          if (c == '\n')
            {
              break_len = 1;
              after = p + 1;
            }
          else if (c == '\r')
            {
              break_len = p + 1 < end && p[1] == '\n' ? 2 : 1;
              after = p + break_len;
            }
          else if (c == 0xE2 && p + 2 < end && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xA9)
            {
              break_len = 1;  /* U+2029 */
              after = p + 3;
            }
        }

      if (at_end || break_len > 0)
        {
          if (!is_space_byte_run (line, p))
            {
              GBytes *key = trimmed_key (line, p);
              NewsmarkParagraph paragraph;
              gpointer first;

              paragraph.start = line_start;
              paragraph.end = offset;
              paragraph.number = paragraphs->len + 1;
              if (g_hash_table_lookup_extended (seen, key, NULL, &first))
                {
                  paragraph.repeats = GPOINTER_TO_UINT (first);
                  g_bytes_unref (key);
                }
              else
                {
                  paragraph.repeats = 0;
                  g_hash_table_insert (seen, key, GUINT_TO_POINTER (paragraph.number));
                }
              g_array_append_val (paragraphs, paragraph);
            }
          if (at_end)
            break;
          offset += break_len;
          p = after;
          line = p;
          line_start = offset;
          continue;
        }

      /* Plain ASCII is most of an article: step over it byte by byte. */
      p = (guchar) *p < 0x80 ? p + 1 : g_utf8_next_char (p);
      offset++;
    }

  return paragraphs;
}

static GArray *
get_paragraphs (NewsmarkDocument *self)
{
  if (g_once_init_enter (&self->paragraphs))
    g_once_init_leave (&self->paragraphs, build_paragraphs (self));

  return self->paragraphs;
}

guint
newsmark_document_get_n_paragraphs (NewsmarkDocument *self)
{
  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), 0);

  return get_paragraphs (self)->len;
}

const NewsmarkParagraph *
newsmark_document_get_paragraph (NewsmarkDocument *self,
                                 guint             number)
{
  GArray *paragraphs;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  paragraphs = get_paragraphs (self);
  if (number == 0 || number > paragraphs->len)
    return NULL;

  return &g_array_index (paragraphs, NewsmarkParagraph, number - 1);
}

const NewsmarkParagraph *
newsmark_document_get_paragraph_at (NewsmarkDocument *self,
                                    guint             offset)
{
  GArray *paragraphs;
  const NewsmarkParagraph *found;
  guint lo = 0, hi;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  paragraphs = get_paragraphs (self);
  hi = paragraphs->len;
  if (hi == 0 || g_array_index (paragraphs, NewsmarkParagraph, 0).start > offset)
    return NULL;

  /* The last paragraph starting at or before @offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (paragraphs, NewsmarkParagraph, mid).start <= offset)
        lo = mid;
      else
        hi = mid;
    }

  found = &g_array_index (paragraphs, NewsmarkParagraph, lo);
  return offset <= found->end ? found : NULL;
}

char *
newsmark_document_describe_paragraph (NewsmarkDocument *self,
                                      guint             number)
{
  const NewsmarkParagraph *paragraph;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  paragraph = newsmark_document_get_paragraph (self, number);
  if (paragraph == NULL)
    return NULL;
  if (paragraph->repeats != 0)
    return g_strdup_printf ("¶%u, repeats ¶%u", paragraph->number, paragraph->repeats);

  return g_strdup_printf ("¶%u", paragraph->number);
}

char *
newsmark_document_describe_place (NewsmarkDocument *self,
                                  guint             offset)
{
  const NewsmarkParagraph *paragraph;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (self), NULL);

  paragraph = newsmark_document_get_paragraph_at (self, offset);
  if (paragraph == NULL)
    return NULL;

  return newsmark_document_describe_paragraph (self, paragraph->number);
}

char *
newsmark_sha256_hex (const char *text,
                     gsize       n_bytes)
{
  g_return_val_if_fail (text != NULL || n_bytes == 0, NULL);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) (text ? text : ""),
                                      n_bytes);
}
