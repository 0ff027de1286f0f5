/* newsmark-json.c — strict json-c reading and deterministic writing
 *
 * See newsmark-json-private.h for the rules this follows.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark-json-private.h"
#include "newsmark-number-private.h"

/* ---- Parsing --------------------------------------------------------------- */

void
_newsmark_json_offset_to_line_column (const char *data,
                                      gsize       len,
                                      gsize       offset,
                                      int        *line,
                                      int        *column)
{
  const char *p = data;
  const char *end;
  const char *line_start = data;
  int n_lines = 1;
  int n_cols = 1;

  if (offset > len)
    offset = len;
  end = data + offset;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));

      if (nl == NULL)
        break;
      n_lines++;
      p = nl + 1;
      line_start = p;
    }

  /* Columns count code points, like the offsets in the file do: a column
   * after an em dash must not be off by two. Continuation bytes are not
   * counted, which also copes with invalid UTF-8. */
  for (p = line_start; p < end; p++)
    {
      if (((guchar) *p & 0xC0) != 0x80)
        n_cols++;
    }

  *line = n_lines;
  *column = n_cols;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
syntax_problem (const char  *data,
                gsize        len,
                int          line_base,
                gsize        offset,
                const char  *filename,
                const char  *path,
                GPtrArray   *problems,
                GError     **error,
                const char  *message)
{
  int line, column;
  g_autoptr(NewsmarkProblem) problem = NULL;
  g_autofree char *text = NULL;

  _newsmark_json_offset_to_line_column (data, len, offset, &line, &column);
  problem = newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, filename, path,
                                  line + line_base, column, "%s", message);
  text = newsmark_problem_to_string (problem);
  g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX, text);
  if (problems != NULL)
    g_ptr_array_add (problems, g_steal_pointer (&problem));
}

/* ---- What json-c accepts but a file must not contain ------------------------
 *
 * json-c's strict mode still accepts a few things that are not JSON (and
 * that Python's json module, among others, rejects): single-quoted
 * strings, NaN and Infinity, raw control characters inside strings. It
 * also repairs strings silently: "\u0000" cuts a string short for every
 * reader of a C string, a lone surrogate escape becomes U+FFFD, and of two
 * members with the same key the last one wins. One pass over the bytes,
 * after a successful parse (or before parsing pieces of a file, see
 * _newsmark_json_pieces_are_plain), finds all of them, and knows the JSON
 * path of what it finds because it follows the nesting. */

/* Keys of one object compared one by one up to this many; a larger object
 * gets a hash table. */
#define SCAN_SMALL_OBJECT 16
/* Depth: our own format nests at most 5 levels, but log details are free
 * JSON objects; 64 leaves room while still bounding the recursion. */
#define PARSE_MAX_DEPTH 64

typedef struct {
  const char *str;    /* in the data, or decoded (owned by the scan) */
  gsize       len;
  guint32     hash;
  const char *at;     /* its opening quote in the data */
} ScanKey;

typedef struct {
  gboolean    is_object;
  gboolean    expect_key;
  guint       index;       /* array: the current element */
  guint       first_key;   /* object: its first key in Scan.keys */
  GHashTable *table;       /* object with many keys: key → its ScanKey's at */
  const char *key;         /* object: the current key, for paths */
  gsize       key_len;
} ScanFrame;

typedef struct {
  ScanFrame   frames[PARSE_MAX_DEPTH + 1];
  guint       depth;
  GArray     *keys;        /* ScanKey of the open objects */
  GPtrArray  *owned;       /* decoded keys */
  /* The whole data when problems are to be described (a single piece);
   * NULL when only whether there is one matters. */
  const char *data;
  gsize       len;
  int         line_base;
  /* The first problem: where, and what. */
  const char *bad;
  char       *message;
  char       *path;
} Scan;

static void
scan_init (Scan       *scan,
           const char *data,
           gsize       len,
           int         line_base)
{
  scan->data = data;
  scan->len = len;
  scan->line_base = line_base;
  scan->depth = 0;
  scan->keys = g_array_new (FALSE, FALSE, sizeof (ScanKey));
  scan->owned = g_ptr_array_new_with_free_func (g_free);
  scan->bad = NULL;
  scan->message = NULL;
  scan->path = NULL;
}

static void
scan_clear (Scan *scan)
{
  for (guint i = 0; i < scan->depth; i++)
    g_clear_pointer (&scan->frames[i].table, g_hash_table_unref);
  g_array_unref (scan->keys);
  g_ptr_array_unref (scan->owned);
  g_free (scan->message);
  g_free (scan->path);
}

/* The JSON path of the value being read ("spans[3].note"); with
 * @with_key FALSE, of the object whose key is being read. */
static char *
scan_path (Scan     *scan,
           gboolean  with_key)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < scan->depth; i++)
    {
      ScanFrame *f = &scan->frames[i];

      if (!f->is_object)
        g_string_append_printf (path, "[%u]", f->index);
      else if (f->key != NULL && (i + 1 < scan->depth || with_key))
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append_len (path, f->key, (gssize) f->key_len);
        }
    }
  return g_string_free (path, FALSE);
}

/* What a problem names besides line and column. */
typedef enum {
  SCAN_NO_PATH,       /* a syntax error */
  SCAN_VALUE_PATH,    /* the value being read, key included */
  SCAN_OBJECT_PATH,   /* the object whose key is being read */
} ScanPath;

static void scan_problem (Scan       *scan,
                          const char *at,
                          ScanPath    path,
                          const char *format,
                          ...) G_GNUC_PRINTF (4, 5);

static void
scan_problem (Scan       *scan,
              const char *at,
              ScanPath    path,
              const char *format,
              ...)
{
  va_list args;

  scan->bad = at;
  if (scan->data == NULL)
    return;
  va_start (args, format);
  scan->message = g_strdup_vprintf (format, args);
  va_end (args);
  if (path != SCAN_NO_PATH)
    scan->path = scan_path (scan, path == SCAN_VALUE_PATH);
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of the "\uXXXX" escape at @p, or -1 when @p is not one. */
static int
read_u_escape (const guchar *p,
               const guchar *end)
{
  int v = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (guint i = 2; i < 6; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* How many code points the string whose body starts at @body has before
 * @p, counting an escape (or a surrogate pair of them) as one. */
static guint
code_points_before (const guchar *body,
                    const guchar *p)
{
  guint n = 0;

  for (const guchar *q = body; q < p; n++)
    {
      if (*q != '\\')
        q = (const guchar *) g_utf8_next_char (q);
      else if (q[1] != 'u')
        q += 2;
      else
        {
          int unit = read_u_escape (q, p);

          q += 6;
          if (unit >= 0xD800 && unit <= 0xDBFF && read_u_escape (q, p) >= 0xDC00 &&
              read_u_escape (q, p) <= 0xDFFF)
            q += 6;
        }
    }
  return n;
}

/* Checks the escapes of the string body [@body, @end): no "\u0000", no
 * surrogate escape without its other half. */
static gboolean
scan_escapes (Scan         *scan,
              const guchar *body,
              const guchar *end,
              gboolean      is_key)
{
  for (const guchar *p = body; p < end; p++)
    {
      int unit;
      const char *what = is_key ? "a key" : "the string";
      ScanPath path = is_key ? SCAN_OBJECT_PATH : SCAN_VALUE_PATH;

      if (*p != '\\')
        continue;
      unit = read_u_escape (p, end);
      if (unit < 0)
        {
          p++;   /* any other escape: the tokener has checked it */
          continue;
        }
      if (unit == 0)
        {
          scan_problem (scan, (const char *) p, path,
                        "\\u0000 (a NUL character) at code point %u of %s: it is not allowed, "
                        "since most readers would cut the text short there",
                        code_points_before (body, p), what);
          return FALSE;
        }
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          int low = read_u_escape (p + 6, end);

          if (low < 0xDC00 || low > 0xDFFF)
            {
              scan_problem (scan, (const char *) p, path,
                            "lone surrogate \\u%04X at code point %u of %s: a high surrogate "
                            "escape must be followed by a low one (\\uDC00–\\uDFFF); this is not "
                            "a Unicode character",
                            (guint) unit, code_points_before (body, p), what);
              return FALSE;
            }
          p += 11;
          continue;
        }
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          scan_problem (scan, (const char *) p, path,
                        "lone surrogate \\u%04X at code point %u of %s: a low surrogate escape "
                        "must follow a high one (\\uD800–\\uDBFF); this is not a Unicode character",
                        (guint) unit, code_points_before (body, p), what);
          return FALSE;
        }
      p += 5;
    }
  return TRUE;
}

/* The body of a key with escapes, decoded (scan_escapes has passed it). */
static char *
decode_key (const guchar *body,
            const guchar *end)
{
  GString *out = g_string_sized_new ((gsize) (end - body));

  for (const guchar *p = body; p < end; p++)
    {
      if (*p != '\\' || p + 1 >= end)
        {
          g_string_append_c (out, (char) *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int unit = read_u_escape (p - 1, end);
            gunichar c = (gunichar) MAX (unit, 0);

            p += 4;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low = read_u_escape (p + 1, end);

                c = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
                p += 6;
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:   /* '"', '\\', '/' */
          g_string_append_c (out, (char) *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static guint32
hash_key (const char *str,
          gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) str[i]) * 16777619u;
  return h;
}

/* Records the key of the object @f; a key it already has is a problem. */
static gboolean
scan_key (Scan         *scan,
          ScanFrame    *f,
          const guchar *quote,
          const guchar *end,
          gboolean      escaped)
{
  const char *str = (const char *) quote + 1;
  gsize len = (gsize) (end - quote - 1);
  const char *first = NULL;
  ScanKey key;

  if (escaped)
    {
      char *decoded = decode_key (quote + 1, end);

      g_ptr_array_add (scan->owned, decoded);
      str = decoded;
      len = strlen (decoded);
    }
  f->key = str;
  f->key_len = len;

  key.str = str;
  key.len = len;
  key.hash = hash_key (str, len);
  key.at = (const char *) quote;

  if (f->table != NULL)
    {
      char *copy = g_strndup (str, len);

      first = g_hash_table_lookup (f->table, copy);
      if (first == NULL)
        g_hash_table_insert (f->table, copy, (gpointer) key.at);
      else
        g_free (copy);
    }
  else
    {
      for (guint i = f->first_key; i < scan->keys->len; i++)
        {
          const ScanKey *k = &g_array_index (scan->keys, ScanKey, i);

          if (k->hash == key.hash && k->len == len && memcmp (k->str, str, len) == 0)
            {
              first = k->at;
              break;
            }
        }
      if (first == NULL)
        {
          g_array_append_val (scan->keys, key);
          if (scan->keys->len - f->first_key > SCAN_SMALL_OBJECT)
            {
              f->table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              for (guint i = f->first_key; i < scan->keys->len; i++)
                {
                  const ScanKey *k = &g_array_index (scan->keys, ScanKey, i);

                  g_hash_table_insert (f->table, g_strndup (k->str, k->len), (gpointer) k->at);
                }
              g_array_set_size (scan->keys, f->first_key);
            }
        }
    }

  if (first != NULL)
    {
      g_autofree char *shown = g_strndup (str, len);
      int line = 0, column = 0;

      if (scan->data != NULL)
        _newsmark_json_offset_to_line_column (scan->data, scan->len, (gsize) (first - scan->data),
                                              &line, &column);
      scan_problem (scan, (const char *) quote, SCAN_VALUE_PATH,
                    "duplicate key \"%s\" (the first is at line %d, column %d): readers disagree "
                    "on which one counts, so an object may not have the same key twice",
                    shown, line + scan->line_base, column);
      return FALSE;
    }
  return TRUE;
}

static void
scan_pop (Scan *scan)
{
  ScanFrame *f;

  if (scan->depth == 0)
    return;   /* a piece that closes what an earlier one opened */
  f = &scan->frames[--scan->depth];
  if (f->is_object)
    {
      g_clear_pointer (&f->table, g_hash_table_unref);
      if (scan->keys->len > f->first_key)
        g_array_set_size (scan->keys, f->first_key);
    }
}

/* Scans one piece of the data (starting and ending outside any string),
 * continuing where the previous piece left off. Returns FALSE at the first
 * problem. */
static gboolean
scan_feed (Scan       *scan,
           const char *data,
           gsize       len)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + len;

  while (p < end)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          {
            const guchar *quote = p;
            gboolean escaped = FALSE;
            ScanFrame *f = scan->depth > 0 ? &scan->frames[scan->depth - 1] : NULL;
            gboolean is_key = f != NULL && f->is_object && f->expect_key;

            /* Inside a string: only '"', '\\' and control characters
             * matter. Skip eight bytes at a time while none of them is one
             * (SWAR: a byte is zero in x ^ pattern, or below 0x20). Texts
             * make up most of a file, so this loop is most of the pass. */
            for (p++; p + 8 <= end; p += 8)
              {
                guint64 x, q, b;

                memcpy (&x, p, 8);
                q = x ^ G_GUINT64_CONSTANT (0x2222222222222222);
                b = x ^ G_GUINT64_CONSTANT (0x5C5C5C5C5C5C5C5C);
#define HAS_ZERO(v) (((v) - G_GUINT64_CONSTANT (0x0101010101010101)) & ~(v) & G_GUINT64_CONSTANT (0x8080808080808080))
#define HAS_LESS_0x20(v) (((v) - G_GUINT64_CONSTANT (0x2020202020202020)) & ~(v) & G_GUINT64_CONSTANT (0x8080808080808080))
                if (HAS_ZERO (q) | HAS_ZERO (b) | HAS_LESS_0x20 (x))
                  break;
#undef HAS_ZERO
#undef HAS_LESS_0x20
              }
            for (; p < end; p++)
              {
                c = *p;
                if (G_LIKELY (c > '\\' || (c >= 0x20 && c != '"' && c != '\\')))
                  continue;
                if (c == '"')
                  break;
                if (c == '\\')
                  {
                    escaped = TRUE;
                    p++;
                  }
                else if (c < 0x20)
                  {
                    scan_problem (scan, (const char *) p, SCAN_NO_PATH,
                                  "JSON syntax error: control character inside a string (it must be "
                                  "written as an escape such as \\n or \\u0009)");
                    return FALSE;
                  }
              }
            if (p >= end)
              return TRUE;   /* not closed: the tokener says so */

            if (is_key)
              {
                f->expect_key = FALSE;
                if (escaped && !scan_escapes (scan, quote + 1, p, TRUE))
                  return FALSE;
                if (!scan_key (scan, f, quote, p, escaped))
                  return FALSE;
              }
            else if (escaped && !scan_escapes (scan, quote + 1, p, FALSE))
              return FALSE;
            p++;
          }
          break;

        case '{':
        case '[':
          {
            ScanFrame *f;

            if (scan->depth == G_N_ELEMENTS (scan->frames))
              {
                scan_problem (scan, (const char *) p, SCAN_NO_PATH, "JSON syntax error: nesting too deep");
                return FALSE;
              }
            f = &scan->frames[scan->depth++];
            f->is_object = c == '{';
            f->expect_key = f->is_object;
            f->index = 0;
            f->first_key = scan->keys->len;
            f->table = NULL;
            f->key = NULL;
            f->key_len = 0;
            p++;
          }
          break;

        case '}':
        case ']':
          scan_pop (scan);
          p++;
          break;

        case ',':
          if (scan->depth > 0)
            {
              ScanFrame *f = &scan->frames[scan->depth - 1];

              if (f->is_object)
                f->expect_key = TRUE;
              else
                f->index++;
            }
          p++;
          break;

        case '\'':
          scan_problem (scan, (const char *) p, SCAN_NO_PATH,
                        "JSON syntax error: single-quoted string (JSON strings use double quotes)");
          return FALSE;

        default:
          if (g_ascii_isdigit (c) || c == '-')
            {
              /* A number: its exponent ("1e5", "2.5E-3") is not a word. */
              while (p < end && (g_ascii_isdigit (*p) || *p == '-' || *p == '+' || *p == '.' ||
                                 *p == 'e' || *p == 'E'))
                p++;
            }
          else if (g_ascii_isalpha (c))
            {
              const guchar *w = p;

              while (p < end && g_ascii_isalpha (*p))
                p++;
              if (!((p - w == 4 && memcmp (w, "true", 4) == 0) ||
                    (p - w == 5 && memcmp (w, "false", 5) == 0) ||
                    (p - w == 4 && memcmp (w, "null", 4) == 0)))
                {
                  scan_problem (scan, (const char *) w, SCAN_NO_PATH,
                                "JSON syntax error: not a JSON value (NaN and Infinity are not allowed; "
                                "only true, false and null are words)");
                  return FALSE;
                }
            }
          else
            p++;
          break;
        }
    }

  return TRUE;
}

gboolean
_newsmark_json_check_text (const char  *data,
                           gsize        len,
                           int          line_base,
                           gsize       *offset,
                           char       **path,
                           char       **message)
{
  Scan scan;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  scan_init (&scan, data, len, line_base);
  ok = scan_feed (&scan, data, len);
  if (!ok)
    {
      *offset = (gsize) (scan.bad - data);
      *path = g_steal_pointer (&scan.path);
      *message = g_steal_pointer (&scan.message);
    }
  scan_clear (&scan);
  return ok;
}

gboolean
_newsmark_json_pieces_are_plain (const char * const *pieces,
                                 const gsize        *lengths,
                                 guint               n_pieces)
{
  Scan scan;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < n_pieces; i++)
    ok = g_utf8_validate_len (pieces[i], lengths[i], NULL);
  if (!ok)
    return FALSE;

  scan_init (&scan, NULL, 0, 0);
  for (guint i = 0; ok && i < n_pieces; i++)
    ok = scan_feed (&scan, pieces[i], lengths[i]);
  scan_clear (&scan);
  return ok;
}

gboolean
_newsmark_json_is_plain_json (const char *data,
                              gsize       len)
{
  return _newsmark_json_pieces_are_plain (&data, &len, 1);
}

struct json_tokener *
_newsmark_json_tokener_new (guint extra_depth)
{
  struct json_tokener *tok;

  g_return_val_if_fail (extra_depth < PARSE_MAX_DEPTH, NULL);

  tok = json_tokener_new_ex (PARSE_MAX_DEPTH - (int) extra_depth);
  /* Trailing bytes are rejected by the callers, with a clearer message than
   * the tokener's "unexpected character". */
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
  return tok;
}

/* Returns the closing quote of the string whose body starts at @p, or NULL
 * when it is not closed; *escaped is set when the body has an escape. Skips
 * eight bytes at a time like scan_feed. */
static const guchar *
skip_string (const guchar *p,
             const guchar *end,
             gboolean     *escaped)
{
  for (; p + 8 <= end; p += 8)
    {
      guint64 x, q, b;

      memcpy (&x, p, 8);
      q = x ^ G_GUINT64_CONSTANT (0x2222222222222222);
      b = x ^ G_GUINT64_CONSTANT (0x5C5C5C5C5C5C5C5C);
#define HAS_ZERO(v) (((v) - G_GUINT64_CONSTANT (0x0101010101010101)) & ~(v) & G_GUINT64_CONSTANT (0x8080808080808080))
      if (HAS_ZERO (q) | HAS_ZERO (b))
        break;
#undef HAS_ZERO
    }
  for (; p < end; p++)
    {
      if (*p == '"')
        return p;
      if (*p == '\\')
        {
          *escaped = TRUE;
          p++;
        }
    }
  return NULL;
}

static const guchar *
skip_space (const guchar *p,
            const guchar *end)
{
  while (p < end && is_json_space ((char) *p))
    p++;
  return p;
}

static inline void
append_offset (GArray       *offsets,
               const guchar *start,
               const guchar *p)
{
  gsize offset = (gsize) (p - start);

  g_array_append_val (offsets, offset);
}

/* The loop starts on the object's '{' and ends when its '}' is reached, so
 * depth 0 is never seen inside it. With @max_elements, stops (returning
 * TRUE) once that many elements of the array are delimited. */
static gboolean
split_array_member (const char *data,
                    gsize       len,
                    const char *key,
                    guint       max_elements,
                    GArray     *separators)
{
  const guchar *start = (const guchar *) data;
  const guchar *end = start + len;
  const guchar *p;
  gsize key_len = strlen (key);
  guint depth = 0;
  gboolean expect_key = FALSE;
  gboolean in_array = FALSE;
  gboolean found = FALSE;
  gboolean prefix = max_elements != G_MAXUINT;

  g_array_set_size (separators, 0);
  p = skip_space (start, end);
  if (p == end || *p != '{')
    return FALSE;

  for (; p < end; p++)
    {
      switch (*p)
        {
        case '"':
          {
            const guchar *body = p + 1;
            gboolean escaped = FALSE;

            p = skip_string (body, end, &escaped);
            if (p == NULL)
              return prefix && found;
            if (depth != 1 || !expect_key)
              break;
            expect_key = FALSE;
            /* An escaped top-level key might spell @key: too rare to be
             * worth decoding here. */
            if (escaped)
              return FALSE;
            if ((gsize) (p - body) != key_len || memcmp (body, key, key_len) != 0)
              break;
            if (found)
              return FALSE;   /* json-c keeps the last of duplicate keys */

            p = skip_space (p + 1, end);
            if (p == end || *p != ':')
              return FALSE;
            p = skip_space (p + 1, end);
            if (p == end || *p != '[')
              return FALSE;
            found = TRUE;
            in_array = TRUE;
            depth++;
            append_offset (separators, start, p);
          }
          break;

        case '{':
        case '[':
          depth++;
          if (depth == 1)
            expect_key = TRUE;
          break;

        case '}':
        case ']':
          if (depth == 0)
            return FALSE;
          if (in_array && depth == 2)
            {
              if (*p != ']')
                return FALSE;
              in_array = FALSE;
              append_offset (separators, start, p);
              if (prefix)
                return TRUE;
            }
          depth--;
          if (depth == 0)
            return found && skip_space (p + 1, end) == end;
          break;

        case ',':
          if (depth == 1)
            expect_key = TRUE;
          else if (in_array && depth == 2)
            {
              append_offset (separators, start, p);
              if (separators->len > max_elements)
                return TRUE;
            }
          break;

        default:
          break;
        }
    }

  /* The data ends before the object does: a prefix has what it found. */
  return prefix && found;
}

gboolean
_newsmark_json_split_array_member (const char *data,
                                   gsize       len,
                                   const char *key,
                                   GArray     *separators)
{
  g_return_val_if_fail (separators != NULL, FALSE);

  return split_array_member (data, len, key, G_MAXUINT, separators);
}

gboolean
_newsmark_json_split_array_prefix (const char *data,
                                   gsize       len,
                                   const char *key,
                                   guint       max_elements,
                                   GArray     *separators)
{
  g_return_val_if_fail (separators != NULL, FALSE);
  g_return_val_if_fail (max_elements > 0 && max_elements < G_MAXUINT, FALSE);

  return split_array_member (data, len, key, max_elements, separators);
}

json_object *
_newsmark_json_parse_pieces (struct json_tokener *tok,
                             const char * const  *pieces,
                             const gsize         *lengths,
                             guint                n_pieces)
{
  json_object *value = NULL;

  g_return_val_if_fail (tok != NULL, NULL);
  g_return_val_if_fail (n_pieces > 0, NULL);

  json_tokener_reset (tok);
  for (guint i = 0; i < n_pieces; i++)
    {
      enum json_tokener_error jerr;

      if (lengths[i] == 0 || lengths[i] > G_MAXINT)
        return NULL;

      value = json_tokener_parse_ex (tok, pieces[i], (int) lengths[i]);
      jerr = json_tokener_get_error (tok);
      if (i + 1 < n_pieces)
        {
          /* The value must not end before the last piece. */
          if (jerr != json_tokener_continue)
            {
              json_object_put (value);
              return NULL;
            }
        }
      else if (jerr != json_tokener_success || value == NULL ||
               skip_space ((const guchar *) pieces[i] + json_tokener_get_parse_end (tok),
                           (const guchar *) pieces[i] + lengths[i]) != (const guchar *) pieces[i] + lengths[i])
        {
          json_object_put (value);
          return NULL;
        }
    }

  return value;
}

json_object *
_newsmark_json_parse (const char  *data,
                      gsize        len,
                      const char  *filename,
                      GPtrArray   *problems,
                      GError     **error)
{
  return _newsmark_json_parse_at (data, len, 0, filename, problems, error);
}

json_object *
_newsmark_json_parse_at (const char  *data,
                         gsize        len,
                         int          line_base,
                         const char  *filename,
                         GPtrArray   *problems,
                         GError     **error)
{
  struct json_tokener *tok;
  json_object *root;
  enum json_tokener_error jerr;
  gsize end;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > G_MAXINT)
    {
      g_autofree char *msg = g_strdup_printf ("the file is too large (%" G_GSIZE_FORMAT " bytes)", len);
      syntax_problem (data, len, line_base, 0, filename, NULL, problems, error, msg);
      return NULL;
    }

  /* UTF-8 is checked in one pass over the whole input rather than by the
   * tokener (JSON_TOKENER_VALIDATE_UTF8), which costs a quarter of the
   * parse; the same bytes are refused either way. */
  {
    const char *bad = NULL;

    if (!g_utf8_validate_len (data, len, &bad))
      {
        g_autofree char *msg = NULL;

        if (*bad == '\0')
          msg = g_strdup ("a NUL byte is not allowed in a JSON file");
        else
          msg = g_strdup_printf ("invalid UTF-8 (byte 0x%02X); the file must be UTF-8", (guchar) *bad);
        syntax_problem (data, len, line_base, bad - data, filename, NULL, problems, error, msg);
        return NULL;
      }
  }

  tok = _newsmark_json_tokener_new (0);
  root = json_tokener_parse_ex (tok, data, (int) len);
  jerr = json_tokener_get_error (tok);
  end = json_tokener_get_parse_end (tok);

  if (jerr == json_tokener_continue && len > 0)
    {
      /* A bare literal or number at the very end ("null", "12") is only
       * complete once a delimiter follows: give it one. */
      json_object *last = json_tokener_parse_ex (tok, " ", 1);

      if (json_tokener_get_error (tok) == json_tokener_success)
        {
          root = last;
          jerr = json_tokener_success;
          end = len;
        }
      else
        json_object_put (last);
    }

  if (jerr == json_tokener_continue || (jerr == json_tokener_success && root == NULL && len == 0))
    {
      json_tokener_free (tok);
      syntax_problem (data, len, line_base, len, filename, NULL, problems, error,
                      len == 0 ? "the file is empty (expected a JSON object)"
                               : "unexpected end of file (the JSON value is incomplete)");
      return NULL;
    }

  if (jerr != json_tokener_success)
    {
      g_autofree char *msg = g_strdup_printf ("JSON syntax error: %s",
                                              json_tokener_error_desc (jerr));
      json_tokener_free (tok);
      json_object_put (root);
      /* The tokener stops on the offending byte. */
      syntax_problem (data, len, line_base, end, filename, NULL, problems, error, msg);
      return NULL;
    }

  json_tokener_free (tok);

  while (end < len && is_json_space (data[end]))
    end++;
  if (end < len)
    {
      json_object_put (root);
      syntax_problem (data, len, line_base, end, filename, NULL, problems, error,
                      "unexpected data after the end of the JSON value");
      return NULL;
    }

  {
    g_autofree char *path = NULL;
    g_autofree char *message = NULL;
    gsize bad;

    if (!_newsmark_json_check_text (data, len, line_base, &bad, &path, &message))
      {
        json_object_put (root);
        syntax_problem (data, len, line_base, bad, filename, path, problems, error, message);
        return NULL;
      }
  }

  if (root == NULL)
    {
      /* A bare "null" document. */
      syntax_problem (data, len, line_base, 0, filename, NULL, problems, error,
                      "expected a JSON object, got null");
      return NULL;
    }

  return root;
}

const char *
_newsmark_json_type_name (json_object *value)
{
  switch (json_object_get_type (value))
    {
    case json_type_null:    return "null";
    case json_type_boolean: return "boolean";
    case json_type_double:  return "number";
    case json_type_int:     return "integer";
    case json_type_object:  return "object";
    case json_type_array:   return "array";
    case json_type_string:  return "string";
    default:                return "unknown";
    }
}

/* ---- Typed reading ------------------------------------------------------------ */

void
_newsmark_json_reader_init (NewsmarkJsonReader *reader,
                            const char         *file,
                            GPtrArray          *problems)
{
  reader->file = file;
  reader->problems = problems;
  reader->path = g_string_sized_new (64);
  reader->n_errors = 0;
  reader->n_found = 0;
  reader->cached_object = NULL;
  reader->cached_keys = NULL;
}

void
_newsmark_json_reader_clear (NewsmarkJsonReader *reader)
{
  if (reader->path != NULL)
    g_string_free (reader->path, TRUE);
  reader->path = NULL;
}

gsize
_newsmark_json_path_push_key (NewsmarkJsonReader *reader,
                              const char         *key)
{
  gsize previous = reader->path->len;

  if (previous > 0)
    g_string_append_c (reader->path, '.');
  g_string_append (reader->path, key);
  return previous;
}

gsize
_newsmark_json_path_push_index (NewsmarkJsonReader *reader,
                                guint               index)
{
  gsize previous = reader->path->len;
  char buf[16];
  char *p = buf + sizeof buf;

  /* By hand: this runs for every element of every array. */
  *--p = ']';
  do
    {
      *--p = (char) ('0' + index % 10);
      index /= 10;
    }
  while (index != 0);
  *--p = '[';

  g_string_append_len (reader->path, p, buf + sizeof buf - p);
  return previous;
}

void
_newsmark_json_path_pop (NewsmarkJsonReader *reader,
                         gsize               previous_len)
{
  g_string_truncate (reader->path, previous_len);
}

void
_newsmark_json_report (NewsmarkJsonReader *reader,
                       NewsmarkSeverity    severity,
                       const char         *key,
                       const char         *format,
                       ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL && reader->path->len > 0)
    path = g_strconcat (reader->path->str, ".", key, NULL);
  else if (key != NULL)
    path = g_strdup (key);
  else if (reader->path->len > 0)
    path = g_strdup (reader->path->str);

  if (severity == NEWSMARK_SEVERITY_ERROR)
    reader->n_errors++;

  if (reader->problems != NULL)
    g_ptr_array_add (reader->problems,
                     newsmark_problem_new (severity, reader->file, path, 0, 0, "%s", message));
}

static const char *
kind_description (NewsmarkJsonKind kind)
{
  switch (kind)
    {
    case NEWSMARK_JSON_STRING:  return "a string";
    case NEWSMARK_JSON_UINT:    return "a non-negative integer";
    case NEWSMARK_JSON_INT:     return "an integer";
    case NEWSMARK_JSON_NUMBER:  return "a number";
    case NEWSMARK_JSON_BOOLEAN: return "a boolean";
    case NEWSMARK_JSON_OBJECT:  return "an object";
    case NEWSMARK_JSON_ARRAY:   return "an array";
    default:                    return "a value";
    }
}

gboolean
_newsmark_json_expect (NewsmarkJsonReader *reader,
                       json_object        *value,
                       NewsmarkJsonKind    kind,
                       const char         *key)
{
  json_type type = json_object_get_type (value);

  switch (kind)
    {
    case NEWSMARK_JSON_STRING:
      if (type == json_type_string)
        return TRUE;
      break;

    case NEWSMARK_JSON_UINT:
    case NEWSMARK_JSON_INT:
    case NEWSMARK_JSON_NUMBER:
      {
        g_autofree char *problem = NULL;
        gint64 i;
        double d;
        gboolean ok;

        if (kind == NEWSMARK_JSON_UINT)
          ok = _newsmark_number_from_json (value, 0, G_MAXUINT, &i, &problem);
        else if (kind == NEWSMARK_JSON_INT)
          ok = _newsmark_number_from_json (value, G_MININT64, G_MAXINT64, &i, &problem);
        else
          ok = _newsmark_number_from_json_double (value, &d, &problem);
        if (!ok)
          _newsmark_json_error (reader, key, "%s", problem);
        return ok;
      }

    case NEWSMARK_JSON_BOOLEAN:
      if (type == json_type_boolean)
        return TRUE;
      break;

    case NEWSMARK_JSON_OBJECT:
      if (type == json_type_object)
        return TRUE;
      break;

    case NEWSMARK_JSON_ARRAY:
      if (type == json_type_array)
        return TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

  _newsmark_json_error (reader, key, "expected %s, got %s",
                        kind_description (kind), _newsmark_json_type_name (value));
  return FALSE;
}

static gssize
key_index (const char * const *keys,
           const char         *key)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (keys[i][0] == key[0] && strcmp (keys[i], key) == 0)
        return i;
    }
  return -1;
}

void
_newsmark_json_collect (NewsmarkJsonReader *reader,
                        json_object        *object,
                        const char * const *allowed)
{
  struct json_object_iter it;
  guint n = 0;

  while (allowed[n] != NULL)
    n++;
  g_assert (n <= G_N_ELEMENTS (reader->cached_values));

  memset (reader->cached_values, 0, n * sizeof (json_object *));
  reader->cached_present = 0;
  reader->cached_object = object;
  reader->cached_keys = allowed;

  json_object_object_foreachC (object, it)
    {
      gssize i = key_index (allowed, it.key);

      if (i >= 0)
        {
          reader->cached_values[i] = it.val;
          reader->cached_present |= 1u << i;
        }
      else
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);

          _newsmark_json_error (reader, it.key, "unknown key \"%s\" (allowed here: %s)", it.key, list);
        }
    }
}

void
_newsmark_json_uncollect (NewsmarkJsonReader *reader)
{
  reader->cached_object = NULL;
  reader->cached_keys = NULL;
}

gboolean
_newsmark_json_lookup (NewsmarkJsonReader *reader,
                       json_object        *object,
                       const char         *key,
                       json_object       **value)
{
  gboolean present;

  if (object == reader->cached_object)
    {
      gssize i = key_index (reader->cached_keys, key);

      g_assert (i >= 0);
      *value = reader->cached_values[i];
      present = (reader->cached_present & (1u << i)) != 0;
    }
  else
    present = json_object_object_get_ex (object, key, value);

  if (present)
    reader->n_found++;
  else
    *value = NULL;
  return present;
}

gboolean
_newsmark_json_member (NewsmarkJsonReader *reader,
                       json_object        *object,
                       const char         *key,
                       NewsmarkJsonKind    kind,
                       gboolean            required,
                       json_object       **out)
{
  json_object *value;

  *out = NULL;

  if (!_newsmark_json_lookup (reader, object, key, &value))
    {
      if (!required)
        return TRUE;
      _newsmark_json_error (reader, key, "missing required key (expected %s)",
                            kind_description (kind));
      return FALSE;
    }

  if (!_newsmark_json_expect (reader, value, kind, key))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
_newsmark_json_get_string (NewsmarkJsonReader *reader,
                           json_object        *object,
                           const char         *key,
                           gboolean            required,
                           const char        **out)
{
  json_object *value;

  *out = NULL;
  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_STRING, required, &value))
    return FALSE;
  if (value != NULL)
    *out = json_object_get_string (value);
  return TRUE;
}

gboolean
_newsmark_json_get_uint (NewsmarkJsonReader *reader,
                         json_object        *object,
                         const char         *key,
                         gboolean            required,
                         guint              *out,
                         gboolean           *present)
{
  json_object *value;

  if (present != NULL)
    *present = FALSE;
  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_UINT, required, &value))
    return FALSE;
  if (value != NULL)
    {
      *out = (guint) json_object_get_int64 (value);
      if (present != NULL)
        *present = TRUE;
    }
  return TRUE;
}

gboolean
_newsmark_json_get_int (NewsmarkJsonReader *reader,
                        json_object        *object,
                        const char         *key,
                        gboolean            required,
                        gint64             *out,
                        gboolean           *present)
{
  json_object *value;

  if (present != NULL)
    *present = FALSE;
  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_INT, required, &value))
    return FALSE;
  if (value != NULL)
    {
      *out = json_object_get_int64 (value);
      if (present != NULL)
        *present = TRUE;
    }
  return TRUE;
}

gboolean
_newsmark_json_get_number (NewsmarkJsonReader *reader,
                           json_object        *object,
                           const char         *key,
                           gboolean            required,
                           double             *out,
                           gboolean           *present)
{
  json_object *value;

  if (present != NULL)
    *present = FALSE;
  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_NUMBER, required, &value))
    return FALSE;
  if (value != NULL)
    {
      *out = json_object_get_double (value);
      if (present != NULL)
        *present = TRUE;
    }
  return TRUE;
}

gboolean
_newsmark_json_get_boolean (NewsmarkJsonReader *reader,
                            json_object        *object,
                            const char         *key,
                            gboolean            required,
                            gboolean           *out,
                            gboolean           *present)
{
  json_object *value;

  if (present != NULL)
    *present = FALSE;
  if (!_newsmark_json_member (reader, object, key, NEWSMARK_JSON_BOOLEAN, required, &value))
    return FALSE;
  if (value != NULL)
    {
      *out = json_object_get_boolean (value) ? TRUE : FALSE;
      if (present != NULL)
        *present = TRUE;
    }
  return TRUE;
}

gboolean
_newsmark_json_check_keys_read (NewsmarkJsonReader *reader,
                                json_object        *object,
                                const char * const *allowed,
                                guint               found_before)
{
  if ((guint) json_object_object_length (object) == reader->n_found - found_before)
    return TRUE;
  return _newsmark_json_check_keys (reader, object, allowed);
}

gboolean
_newsmark_json_check_keys (NewsmarkJsonReader *reader,
                           json_object        *object,
                           const char * const *allowed)
{
  gboolean ok = TRUE;
  struct json_object_iter it;

  json_object_object_foreachC (object, it)
    {
      const char *key = it.key;
      gboolean known = FALSE;

      for (guint i = 0; allowed[i] != NULL; i++)
        {
          if (key[0] == allowed[i][0] && strcmp (key, allowed[i]) == 0)
            {
              known = TRUE;
              break;
            }
        }

      if (!known)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);

          _newsmark_json_error (reader, key, "unknown key \"%s\" (allowed here: %s)", key, list);
          ok = FALSE;
        }
    }

  return ok;
}

/* ---- Writing ------------------------------------------------------------------- */

static const char hex_digits[] = "0123456789abcdef";

void
_newsmark_json_write_string_len (GString    *out,
                                 const char *str,
                                 gsize       len)
{
  const guchar *p = (const guchar *) str;
  const guchar *end = p + len;
  const guchar *run = p;

  g_string_append_c (out, '"');

  for (; p < end; p++)
    {
      guchar c = *p;
      const char *esc;
      char ubuf[6];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;

      switch (c)
        {
        case '"':  esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
          ubuf[0] = '\\';
          ubuf[1] = 'u';
          ubuf[2] = '0';
          ubuf[3] = '0';
          ubuf[4] = hex_digits[c >> 4];
          ubuf[5] = hex_digits[c & 0xF];
          g_string_append_len (out, ubuf, 6);
          continue;
        }
      g_string_append (out, esc);
    }

  if (p > run)
    g_string_append_len (out, (const char *) run, p - run);

  g_string_append_c (out, '"');
}

void
_newsmark_json_write_string (GString    *out,
                             const char *str)
{
  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  _newsmark_json_write_string_len (out, str, strlen (str));
}

void
_newsmark_json_write_uint (GString *out,
                           guint64  value)
{
  char buf[24];
  char *p = buf + sizeof buf;

  /* Hand-rolled: this runs four times per span when saving. */
  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);

  g_string_append_len (out, p, buf + sizeof buf - p);
}

void
_newsmark_json_write_double (GString *out,
                             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      /* Whole numbers print as integers ("5", not "5.0"); -0 as "0". */
      if (value < 0)
        {
          g_string_append_c (out, '-');
          _newsmark_json_write_uint (out, (guint64) -value);
        }
      else
        _newsmark_json_write_uint (out, (guint64) value);
      return;
    }

  /* The shortest precision that reads back exactly: 0.93 stays "0.93"
   * instead of "0.93000000000000005". Locale-independent. */
  for (guint precision = 1; precision <= 17; precision++)
    {
      static const char * const formats[] = {
        "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
        "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g", "%.17g",
      };

      g_ascii_formatd (buf, sizeof buf, formats[precision - 1], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
}

void
_newsmark_json_write_indent (GString *out,
                             guint    indent)
{
  static const char spaces[] = "                                ";

  while (indent > 0)
    {
      guint n = MIN (indent, sizeof spaces - 1);

      g_string_append_len (out, spaces, n);
      indent -= n;
    }
}

static void
write_value (GString     *out,
             json_object *value,
             gboolean     exact_numbers)
{
  switch (json_object_get_type (value))
    {
    case json_type_null:
      g_string_append (out, "null");
      break;

    case json_type_boolean:
      g_string_append (out, json_object_get_boolean (value) ? "true" : "false");
      break;

    case json_type_int:
      /* json-c's own text keeps integers above INT64_MAX exact. */
      g_string_append (out, json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
      break;

    case json_type_double:
      /* A parsed number keeps its text in json-c ("1.0", "1e5"). */
      if (exact_numbers && json_object_get_userdata (value) != NULL)
        g_string_append (out, json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
      else
        _newsmark_json_write_double (out, json_object_get_double (value));
      break;

    case json_type_string:
      _newsmark_json_write_string_len (out, json_object_get_string (value),
                                       json_object_get_string_len (value));
      break;

    case json_type_array:
      {
        size_t n = json_object_array_length (value);

        g_string_append_c (out, '[');
        for (size_t i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            write_value (out, json_object_array_get_idx (value, i), exact_numbers);
          }
        g_string_append_c (out, ']');
      }
      break;

    case json_type_object:
      {
        gboolean first = TRUE;
        struct json_object_iter it;

        g_string_append_c (out, '{');
        json_object_object_foreachC (value, it)
          {
            if (!first)
              g_string_append (out, ", ");
            first = FALSE;
            _newsmark_json_write_string (out, it.key);
            g_string_append (out, ": ");
            write_value (out, it.val, exact_numbers);
          }
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_newsmark_json_write_value (GString     *out,
                            json_object *value)
{
  write_value (out, value, FALSE);
}

void
_newsmark_json_write_value_exact (GString     *out,
                                  json_object *value)
{
  write_value (out, value, TRUE);
}

/* ---- Problems ------------------------------------------------------------------- */

char *
_newsmark_problems_summary (GPtrArray  *problems,
                            const char *file)
{
  const NewsmarkProblem *first = NULL;
  g_autofree char *first_text = NULL;
  guint n_errors = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == NEWSMARK_SEVERITY_ERROR)
        {
          if (first == NULL)
            first = p;
          n_errors++;
        }
    }

  if (first == NULL)
    return g_strdup_printf ("%s: no errors", file ? file : "(data)");

  if (first->json_path != NULL)
    first_text = g_strdup_printf ("%s: %s", first->json_path, first->message);
  else
    first_text = g_strdup (first->message);

  if (n_errors == 1)
    return g_strdup_printf ("%s: %s", file ? file : "(data)", first_text);

  return g_strdup_printf ("%s: %u problems; first: %s", file ? file : "(data)",
                          n_errors, first_text);
}
