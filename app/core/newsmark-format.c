/* newsmark-format.c — format dispatch, the tokenizer, and the import builder
 * shared by every importer (see newsmark-format-private.h)
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-annotation-set-private.h"
#include "newsmark-interchange-private.h"
#include "newsmark-json-private.h"
#include "newsmark-number-private.h"

static const char * const format_names[] = {
  [NEWSMARK_FORMAT_NEWSMARK]      = "newsmark",
  [NEWSMARK_FORMAT_BRAT]          = "brat",
  [NEWSMARK_FORMAT_SPACY_JSONL]   = "spacy-jsonl",
  [NEWSMARK_FORMAT_DOCCANO_JSONL] = "doccano-jsonl",
  [NEWSMARK_FORMAT_LABEL_STUDIO]  = "label-studio",
  [NEWSMARK_FORMAT_CONLL]         = "conll",
  [NEWSMARK_FORMAT_WEBANNO_TSV]   = "webanno-tsv",
};

const char *
newsmark_format_to_string (NewsmarkFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

gboolean
newsmark_format_from_string (const char     *name,
                             NewsmarkFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (name, format_names[i]) == 0)
        {
          if (format != NULL)
            *format = (NewsmarkFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
newsmark_format_is_multi_document (NewsmarkFormat format)
{
  switch (format)
    {
    case NEWSMARK_FORMAT_SPACY_JSONL:
    case NEWSMARK_FORMAT_DOCCANO_JSONL:
    case NEWSMARK_FORMAT_LABEL_STUDIO:
    case NEWSMARK_FORMAT_CONLL:
      return TRUE;
    case NEWSMARK_FORMAT_NEWSMARK:
    case NEWSMARK_FORMAT_BRAT:
    case NEWSMARK_FORMAT_WEBANNO_TSV:
    default:
      return FALSE;
    }
}

/* ---- Tokenizer ------------------------------------------------------------- */

typedef enum {
  TOKEN_NONE,
  TOKEN_WORD,
  TOKEN_PUNCT,
  TOKEN_EMOJI,
} TokenKind;

static gboolean
is_regional_indicator (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Characters that never start a token of their own but continue the one
 * before them: combining marks, joiners, variation selectors, emoji skin
 * tone modifiers and emoji tag characters. */
static gboolean
is_extender (gunichar c)
{
  return g_unichar_ismark (c) ||                /* Mn, Mc, Me */
         c == 0x200C || c == 0x200D ||          /* ZWNJ, ZWJ */
         (c >= 0xFE00 && c <= 0xFE0F) ||        /* variation selectors */
         (c >= 0x1F3FB && c <= 0x1F3FF) ||      /* skin tone modifiers */
         (c >= 0xE0020 && c <= 0xE007F) ||      /* emoji tag sequences */
         (c >= 0xE0100 && c <= 0xE01EF);        /* variation selectors supplement */
}

static gboolean
is_punct (GUnicodeType t)
{
  return t == G_UNICODE_CONNECT_PUNCTUATION || t == G_UNICODE_DASH_PUNCTUATION ||
         t == G_UNICODE_CLOSE_PUNCTUATION || t == G_UNICODE_FINAL_PUNCTUATION ||
         t == G_UNICODE_INITIAL_PUNCTUATION || t == G_UNICODE_OTHER_PUNCTUATION ||
         t == G_UNICODE_OPEN_PUNCTUATION;
}

static gboolean
is_symbol (GUnicodeType t)
{
  return t == G_UNICODE_CURRENCY_SYMBOL || t == G_UNICODE_MODIFIER_SYMBOL ||
         t == G_UNICODE_MATH_SYMBOL || t == G_UNICODE_OTHER_SYMBOL;
}

/* The rules, in order, for each code point:
 *  1. Unicode white space (g_unichar_isspace: Zs incl. NBSP, tab, CR, LF,
 *     line/paragraph separators) ends the current token and is in none.
 *  2. Combining marks (Mn, Mc, Me), ZWJ, ZWNJ, variation selectors, emoji
 *     skin tone modifiers and tag characters continue the current token
 *     (or start a word when there is none), so "é" written e + U+0301 and
 *     "👍🏽" stay whole.
 *  3. Punctuation (P*) is a token of one character (plus marks).
 *  4. Symbols (S*, which includes emoji) start a token of their own; a symbol
 *     after ZWJ continues the emoji sequence ("👩‍💻"), and two regional
 *     indicators make one flag ("🇫🇷").
 *  5. Everything else (letters, digits, other characters) makes words.
 */
GArray *
newsmark_tokenize (NewsmarkDocument *document)
{
  GArray *tokens;
  const char *p;
  TokenKind kind = TOKEN_NONE;
  gboolean join_next = FALSE;
  guint n_ri = 0;
  NewsmarkFragment current = { 0, 0 };
  guint offset = 0;

  g_return_val_if_fail (NEWSMARK_IS_DOCUMENT (document), NULL);

  tokens = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));

#define CLOSE_TOKEN() G_STMT_START {                  \
    if (kind != TOKEN_NONE)                           \
      {                                               \
        current.end = offset;                         \
        g_array_append_val (tokens, current);         \
      }                                               \
    kind = TOKEN_NONE;                                \
    join_next = FALSE;                                \
    n_ri = 0;                                         \
  } G_STMT_END
#define OPEN_TOKEN(k) G_STMT_START {                  \
    kind = (k);                                       \
    current.start = offset;                           \
  } G_STMT_END

  for (p = newsmark_document_get_text (document); *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType t;

      if (g_unichar_isspace (c))
        {
          CLOSE_TOKEN ();
          continue;
        }

      if (is_extender (c))
        {
          if (kind == TOKEN_NONE)
            OPEN_TOKEN (TOKEN_WORD);
          if (c == 0x200D && kind == TOKEN_EMOJI)
            join_next = TRUE;
          continue;
        }

      t = g_unichar_type (c);

      if (is_punct (t))
        {
          CLOSE_TOKEN ();
          OPEN_TOKEN (TOKEN_PUNCT);
          continue;
        }

      if (is_symbol (t))
        {
          if (kind == TOKEN_EMOJI && join_next)
            {
              join_next = FALSE;
              continue;
            }
          if (kind == TOKEN_EMOJI && n_ri == 1 && is_regional_indicator (c))
            {
              n_ri = 2;
              continue;
            }
          CLOSE_TOKEN ();
          OPEN_TOKEN (TOKEN_EMOJI);
          n_ri = is_regional_indicator (c) ? 1 : 0;
          continue;
        }

      if (kind != TOKEN_WORD)
        {
          CLOSE_TOKEN ();
          OPEN_TOKEN (TOKEN_WORD);
        }
    }

  CLOSE_TOKEN ();

#undef CLOSE_TOKEN
#undef OPEN_TOKEN

  return tokens;
}

guint
_newsmark_tokens_first_ending_after (GArray *tokens,
                                     guint   offset)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (tokens, NewsmarkFragment, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
_newsmark_tokens_starting_before (GArray *tokens,
                                  guint   offset)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (tokens, NewsmarkFragment, mid).start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---- UTF-16 ------------------------------------------------------------------ */

NewsmarkUtf16Map *
newsmark_utf16_map_new (const char *text,
                        gssize      len)
{
  NewsmarkUtf16Map *map = g_new0 (NewsmarkUtf16Map, 1);
  const char *p, *end;
  guint n_chars, n_units = 0, i = 0;

  if (len < 0)
    len = strlen (text);
  end = text + len;
  /* Counted by the walk that fills the table: g_utf8_strlen stops at a
   * NUL, which a JSON string may hold (\u0000). */
  n_chars = 0;
  for (p = text; p < end; p = g_utf8_next_char (p))
    n_chars++;

  map->n_chars = n_chars;
  map->unit_of_char = g_new (guint, n_chars + 1);
  for (p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      map->unit_of_char[i++] = n_units;
      n_units += c >= 0x10000 ? 2 : 1;
    }
  map->unit_of_char[n_chars] = n_units;
  map->n_units = n_units;

  map->char_of_unit = g_new (guint, n_units + 1);
  for (i = 0; i < n_chars; i++)
    {
      guint u = map->unit_of_char[i];

      map->char_of_unit[u] = i;
      if (map->unit_of_char[i + 1] - u == 2)
        map->char_of_unit[u + 1] = G_MAXUINT;
    }
  map->char_of_unit[n_units] = n_chars;

  return map;
}

void
newsmark_utf16_map_free (NewsmarkUtf16Map *map)
{
  if (map == NULL)
    return;
  g_free (map->unit_of_char);
  g_free (map->char_of_unit);
  g_free (map);
}

guint
newsmark_utf16_map_to_units (NewsmarkUtf16Map *map,
                             guint             offset)
{
  return map->unit_of_char[MIN (offset, map->n_chars)];
}

gboolean
newsmark_utf16_map_to_chars (NewsmarkUtf16Map *map,
                             guint             unit,
                             guint            *offset)
{
  if (unit > map->n_units || map->char_of_unit[unit] == G_MAXUINT)
    return FALSE;
  *offset = map->char_of_unit[unit];
  return TRUE;
}

/* ---- Small helpers -------------------------------------------------------- */

json_object *
newsmark_format_parse_jsonl_line (const char  *line,
                                  const char  *filename,
                                  int          line_index,
                                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  json_object *root;
  int lineno = line_index + 1;

  root = newsmark_format_parse_json (line, strlen (line), filename, line_index, &local_error);
  if (root != NULL && json_object_is_type (root, json_type_object))
    return root;

  if (root == NULL && (g_str_equal (line, "{") || g_str_equal (line, "[")))
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                 "%s:%d: “%s” alone on a line: this looks like pretty-printed JSON, "
                 "not JSON Lines (one article per line)", filename, lineno, line);
  else if (root == NULL)
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                 "%s (each line must be one JSON object)", local_error->message);
  else
    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                 "%s:%d: expected a JSON object per line, found %s", filename, lineno,
                 json_type_to_name (json_object_get_type (root)));
  json_object_put (root);
  return NULL;
}

json_object *
newsmark_format_parse_json (const char  *data,
                            gsize        len,
                            const char  *filename,
                            int          line_base,
                            GError     **error)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  json_object *root;
  NewsmarkProblem *problem;

  /* The same strict reading as annotation files: no NaN, no single
   * quotes, no raw control characters, nothing after the value, and
   * nothing the tokener would repair silently (a "\u0000" cutting a string
   * short, a lone surrogate, a key twice). */
  root = _newsmark_json_parse_at (data, len, line_base, filename, problems, NULL);
  if (root != NULL)
    return root;

  problem = g_ptr_array_index (problems, 0);
  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX, "%s:%d:%d: %s%s%s",
               filename, problem->line, problem->column,
               problem->json_path != NULL ? problem->json_path : "",
               problem->json_path != NULL && *problem->json_path != '\0' ? ": " : "",
               problem->message);
  return NULL;
}

char **
newsmark_format_split_lines (const char *data,
                             gsize       len)
{
  GPtrArray *lines = g_ptr_array_new ();
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || data[i] == '\n')
        {
          gsize end = i;

          if (i == len && start == len)
            break;
          if (end > start && data[end - 1] == '\r')
            end--;
          g_ptr_array_add (lines, g_strndup (data + start, end - start));
          start = i + 1;
        }
    }
  g_ptr_array_add (lines, NULL);

  return (char **) g_ptr_array_free (lines, FALSE);
}

gboolean
newsmark_format_check_utf8 (const char  *data,
                            gsize        len,
                            const char  *filename,
                            GError     **error)
{
  const char *end;
  int line, column;

  if (g_utf8_validate_len (data, len, &end))
    return TRUE;

  _newsmark_json_offset_to_line_column (data, len, end - data, &line, &column);
  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING,
               "%s:%d:%d: not valid UTF-8 (byte offset %" G_GSIZE_FORMAT ")",
               filename, line, column, (gsize) (end - data));
  return FALSE;
}

/* Mid-tone colours that read on light and dark backgrounds alike, the same
 * family as the default schema's. */
static const char * const palette[] = {
  "#3584e4", "#e66100", "#26a269", "#a051c0", "#c01c28", "#b5835a",
  "#2190a4", "#c88800", "#d0458f", "#6a7f2b", "#5e5cc8", "#8f6e3a",
};

char *
newsmark_format_colour (guint i)
{
  double h, s = 0.55, l = 0.48, c, x, m, r = 0, g = 0, b = 0;

  if (i < G_N_ELEMENTS (palette))
    return g_strdup (palette[i]);

  /* Golden-angle hues keep further colours apart. */
  h = fmod ((i - G_N_ELEMENTS (palette)) * 137.508 + 15.0, 360.0);
  c = (1 - fabs (2 * l - 1)) * s;
  x = c * (1 - fabs (fmod (h / 60.0, 2) - 1));
  m = l - c / 2;
  if (h < 60)       { r = c; g = x; }
  else if (h < 120) { r = x; g = c; }
  else if (h < 180) { g = c; b = x; }
  else if (h < 240) { g = x; b = c; }
  else if (h < 300) { r = x; b = c; }
  else              { r = c; b = x; }

  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) lround ((r + m) * 255),
                          (guint) lround ((g + m) * 255),
                          (guint) lround ((b + m) * 255));
}

char *
newsmark_format_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  static const char * const suffixes[] = {
    ".newsmark.json", ".jsonl", ".json", ".conll", ".iob", ".tsv", ".ann", ".txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (base, suffixes[i]) && strlen (base) > strlen (suffixes[i]))
        {
          base[strlen (base) - strlen (suffixes[i])] = '\0';
          break;
        }
    }

  return g_steal_pointer (&base);
}


/* ---- Import builder ------------------------------------------------------------ */

static void
import_span_free (gpointer data)
{
  NewsmarkImportSpan *span = data;

  g_free (span->src_id);
  g_free (span->label);
  g_array_unref (span->fragments);
  g_free (span->expected_text);
  g_clear_pointer (&span->attributes, g_hash_table_unref);
  g_free (span->note);
  g_clear_pointer (&span->origin, newsmark_origin_free);
  g_free (span->where);
  g_free (span);
}

static void
import_relation_free (gpointer data)
{
  NewsmarkImportRelation *rel = data;

  g_free (rel->type);
  g_free (rel->from);
  g_free (rel->to);
  g_clear_pointer (&rel->origin, newsmark_origin_free);
  g_free (rel->where);
  g_free (rel);
}

static void
import_doc_free (gpointer data)
{
  NewsmarkImportDoc *doc = data;

  g_free (doc->name);
  g_free (doc->source);
  g_free (doc->text);
  g_free (doc->document_path);
  g_free (doc->meta_json);
  json_object_put (doc->interchange);
  g_ptr_array_unref (doc->spans);
  g_ptr_array_unref (doc->relations);
  g_free (doc);
}

static void
import_attr_free (gpointer data)
{
  NewsmarkImportAttr *attr = data;

  g_free (attr->name);
  g_ptr_array_unref (attr->values);
  g_free (attr);
}

static void
import_label_free (gpointer data)
{
  NewsmarkImportLabel *label = data;

  g_free (label->name);
  g_free (label->colour);
  g_ptr_array_unref (label->attributes);
  g_free (label);
}

NewsmarkImport *
newsmark_import_new (NewsmarkFormat               format,
                     const NewsmarkImportOptions *options,
                     GPtrArray                   *problems)
{
  static const NewsmarkImportOptions defaults = { 0 };
  NewsmarkImport *self = g_new0 (NewsmarkImport, 1);

  self->format = format;
  self->options = options != NULL ? options : &defaults;
  self->problems = problems != NULL ? g_ptr_array_ref (problems) : newsmark_problems_new ();
  self->first_problem = self->problems->len;
  self->docs = g_ptr_array_new_with_free_func (import_doc_free);
  self->labels = g_ptr_array_new_with_free_func (import_label_free);
  self->label_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relation_decls = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
newsmark_import_free (NewsmarkImport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->problems);
  g_ptr_array_unref (self->docs);
  g_hash_table_unref (self->label_index);
  g_ptr_array_unref (self->labels);
  g_hash_table_unref (self->names);
  for (guint i = 0; i + 2 < self->relation_decls->len; i += 3)
    {
      g_ptr_array_unref (g_ptr_array_index (self->relation_decls, i + 1));
      g_ptr_array_unref (g_ptr_array_index (self->relation_decls, i + 2));
      self->relation_decls->pdata[i + 1] = NULL;
      self->relation_decls->pdata[i + 2] = NULL;
    }
  g_ptr_array_unref (self->relation_decls);
  g_free (self->config_file);
  g_free (self->text_key);
  json_object_put (self->interchange);
  g_free (self);
}

json_object *
newsmark_import_interchange (NewsmarkImport *self)
{
  if (self->interchange == NULL)
    self->interchange = json_object_new_object ();
  return self->interchange;
}

json_object *
newsmark_import_doc_interchange (NewsmarkImportDoc *doc)
{
  if (doc->interchange == NULL)
    doc->interchange = json_object_new_object ();
  return doc->interchange;
}

NewsmarkImportDoc *
newsmark_import_add_doc (NewsmarkImport *self,
                         const char     *name,
                         const char     *source,
                         const char     *text,
                         gssize          len)
{
  NewsmarkImportDoc *doc = g_new0 (NewsmarkImportDoc, 1);
  g_autofree char *safe = g_strdup (name != NULL && *name ? name : "document");
  g_autofree char *unique = NULL;

  /* The name comes from the source (a doccano "id", say) and becomes a file
   * name and document.path: one plain part, never "/../../x" or ".hidden". */
  for (char *p = safe; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || (*p == '.' && p == safe))
        *p = '_';
    }
  if (name != NULL && *name && strcmp (safe, name) != 0)
    newsmark_import_warning (self, source, 0, NULL,
                             "document name “%s” is not a plain file name: the document is called “%s”",
                             name, safe);
  unique = g_strdup (safe);

  /* Two documents of one import must not become the same output file. */
  for (guint n = 2; g_hash_table_contains (self->names, unique); n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", safe, n);
    }
  g_hash_table_add (self->names, g_strdup (unique));

  doc->name = g_steal_pointer (&unique);
  doc->source = g_strdup (source);
  doc->text = len < 0 ? g_strdup (text) : g_strndup (text, len);
  doc->spans = g_ptr_array_new_with_free_func (import_span_free);
  doc->relations = g_ptr_array_new_with_free_func (import_relation_free);
  g_ptr_array_add (self->docs, doc);

  return doc;
}

NewsmarkImportSpan *
newsmark_import_doc_add_span (NewsmarkImportDoc *doc,
                              const char        *src_id,
                              const char        *label,
                              guint              start,
                              guint              end,
                              int                line)
{
  NewsmarkImportSpan *span = g_new0 (NewsmarkImportSpan, 1);
  NewsmarkFragment frag = { start, end };

  span->src_id = g_strdup (src_id);
  span->label = g_strdup (label);
  span->fragments = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  g_array_append_val (span->fragments, frag);
  span->status = NEWSMARK_STATUS_ACCEPTED;
  span->line = line;
  g_ptr_array_add (doc->spans, span);

  return span;
}

void
newsmark_import_span_add_fragment (NewsmarkImportSpan *span,
                                   guint               start,
                                   guint               end)
{
  NewsmarkFragment frag = { start, end };

  g_array_append_val (span->fragments, frag);
}

void
newsmark_import_span_set_attribute (NewsmarkImportSpan *span,
                                    const char         *name,
                                    GVariant           *value)
{
  if (span->attributes == NULL)
    span->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_variant_unref);
  g_hash_table_replace (span->attributes, g_strdup (name), g_variant_ref_sink (value));
}

NewsmarkImportRelation *
newsmark_import_doc_add_relation (NewsmarkImportDoc *doc,
                                  const char        *type,
                                  const char        *from,
                                  const char        *to,
                                  int                line)
{
  NewsmarkImportRelation *rel = g_new0 (NewsmarkImportRelation, 1);

  rel->type = g_strdup (type);
  rel->from = g_strdup (from);
  rel->to = g_strdup (to);
  rel->line = line;
  g_ptr_array_add (doc->relations, rel);

  return rel;
}

NewsmarkImportLabel *
newsmark_import_declare_label (NewsmarkImport *self,
                               const char     *name,
                               const char     *colour)
{
  NewsmarkImportLabel *label = g_hash_table_lookup (self->label_index, name);

  if (label == NULL)
    {
      label = g_new0 (NewsmarkImportLabel, 1);
      label->name = g_strdup (name);
      label->attributes = g_ptr_array_new_with_free_func (import_attr_free);
      g_ptr_array_add (self->labels, label);
      g_hash_table_insert (self->label_index, label->name, label);
    }
  if (colour != NULL && label->colour == NULL)
    label->colour = g_strdup (colour);

  return label;
}

void
newsmark_import_declare_relation (NewsmarkImport *self,
                                  const char     *name,
                                  GPtrArray      *from,
                                  GPtrArray      *to)
{
  g_ptr_array_add (self->relation_decls, g_strdup (name));
  g_ptr_array_add (self->relation_decls, g_ptr_array_ref (from));
  g_ptr_array_add (self->relation_decls, g_ptr_array_ref (to));
}

static NewsmarkImportAttr *
label_find_attr (NewsmarkImportLabel *label,
                 const char          *name)
{
  for (guint i = 0; i < label->attributes->len; i++)
    {
      NewsmarkImportAttr *attr = g_ptr_array_index (label->attributes, i);

      if (g_str_equal (attr->name, name))
        return attr;
    }
  return NULL;
}

static void
attr_add_value (NewsmarkImportAttr *attr,
                const char         *value)
{
  for (guint i = 0; i < attr->values->len; i++)
    if (g_str_equal (g_ptr_array_index (attr->values, i), value))
      return;
  g_ptr_array_add (attr->values, g_strdup (value));
}

NewsmarkImportAttr *
newsmark_import_label_declare_attr (NewsmarkImportLabel  *label,
                                    const char           *name,
                                    NewsmarkAttributeKind kind,
                                    const char * const   *values)
{
  NewsmarkImportAttr *attr = label_find_attr (label, name);

  if (attr == NULL)
    {
      attr = g_new0 (NewsmarkImportAttr, 1);
      attr->name = g_strdup (name);
      attr->values = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (label->attributes, attr);
    }
  attr->kind = kind;
  attr->has_kind = TRUE;
  attr->declared = TRUE;
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    attr_add_value (attr, values[i]);

  return attr;
}

static void
import_problem (NewsmarkImport   *self,
                NewsmarkSeverity  severity,
                const char       *file,
                int               line,
                const char       *where,
                const char       *message)
{
  g_ptr_array_add (self->problems,
                   newsmark_problem_new (severity, file, where, line, 0, "%s", message));
}

void
newsmark_import_error (NewsmarkImport *self,
                       const char     *file,
                       int             line,
                       const char     *where,
                       const char     *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  import_problem (self, NEWSMARK_SEVERITY_ERROR, file, line, where, message);
}

void
newsmark_import_warning (NewsmarkImport *self,
                         const char     *file,
                         int             line,
                         const char     *where,
                         const char     *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  import_problem (self, NEWSMARK_SEVERITY_WARNING, file, line, where, message);
}

/* WHERE.KEY, or WHERE when there is no key. */
static char *
json_place (const char *where,
            const char *key)
{
  if (key == NULL)
    return g_strdup (where);
  if (where == NULL || *where == '\0')
    return g_strdup (key);
  return g_strconcat (where, ".", key, NULL);
}

/* Member @key of @object (or @object itself): FALSE after reporting it
 * missing. */
static gboolean
json_value (NewsmarkImport  *self,
            const char      *file,
            int              line,
            const char      *where,
            json_object     *object,
            const char      *key,
            const char      *expected,
            json_object    **value)
{
  if (key == NULL)
    {
      *value = object;
      return TRUE;
    }
  if (json_object_is_type (object, json_type_object) && json_object_object_get_ex (object, key, value))
    return TRUE;

  {
    g_autofree char *place = json_place (where, key);

    newsmark_import_error (self, file, line, place, "missing (expected %s)", expected);
  }
  return FALSE;
}

gboolean
newsmark_import_json_uint (NewsmarkImport *self,
                           const char     *file,
                           int             line,
                           const char     *where,
                           json_object    *object,
                           const char     *key,
                           guint          *out)
{
  g_autofree char *problem = NULL;
  json_object *value;

  if (!json_value (self, file, line, where, object, key, "a non-negative integer", &value))
    return FALSE;
  if (!_newsmark_number_from_json_uint (value, out, &problem))
    {
      g_autofree char *place = json_place (where, key);

      newsmark_import_error (self, file, line, place, "%s", problem);
      return FALSE;
    }
  return TRUE;
}

gboolean
newsmark_import_json_string (NewsmarkImport *self,
                             const char     *file,
                             int             line,
                             const char     *where,
                             json_object    *object,
                             const char     *key,
                             const char    **out)
{
  json_object *value;

  if (!json_value (self, file, line, where, object, key, "a string", &value))
    return FALSE;
  if (!json_object_is_type (value, json_type_string))
    {
      g_autofree char *place = json_place (where, key);

      newsmark_import_error (self, file, line, place, "expected a string, got %s",
                             _newsmark_json_type_name (value));
      return FALSE;
    }
  *out = json_object_get_string (value);
  return TRUE;
}

gboolean
newsmark_import_json_id (NewsmarkImport *self,
                         const char     *file,
                         int             line,
                         const char     *where,
                         json_object    *object,
                         const char     *key,
                         gboolean        required,
                         char          **out)
{
  g_autofree char *place = NULL;
  json_object *value;
  gint64 n;

  *out = NULL;
  if (key != NULL && !required &&
      !(json_object_is_type (object, json_type_object) && json_object_object_get_ex (object, key, NULL)))
    return TRUE;
  if (!json_value (self, file, line, where, object, key, "a string or an integer", &value))
    return FALSE;

  if (json_object_is_type (value, json_type_string))
    {
      *out = g_strdup (json_object_get_string (value));
      return TRUE;
    }
  /* The place is spelled out only for a message. */
  place = json_place (where, key);
  if (json_object_is_type (value, json_type_int))
    {
      g_autofree char *problem = NULL;

      if (!_newsmark_number_from_json (value, G_MININT64, G_MAXINT64, &n, &problem))
        {
          newsmark_import_error (self, file, line, place, "%s", problem);
          return FALSE;
        }
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      return TRUE;
    }
  newsmark_import_error (self, file, line, place, "expected a string or an integer, got %s",
                         _newsmark_json_type_name (value));
  return FALSE;
}

gboolean
newsmark_import_json_meta (NewsmarkImport    *self,
                           NewsmarkImportDoc *doc,
                           int                line,
                           json_object       *root)
{
  json_object *meta;

  if (!json_object_object_get_ex (root, "meta", &meta) || meta == NULL)
    return TRUE;
  if (!json_object_is_type (meta, json_type_object))
    {
      newsmark_import_error (self, doc->source, line, "meta", "expected an object, got %s",
                             _newsmark_json_type_name (meta));
      return FALSE;
    }
  if (json_object_object_length (meta) > 0)
    doc->meta_json = g_strdup (json_object_to_json_string_ext (meta, JSON_C_TO_STRING_PLAIN));
  return TRUE;
}

static const char *
map_label (NewsmarkImport *self,
           const char     *label)
{
  const char *mapped = NULL;

  if (self->options->label_map != NULL)
    mapped = g_hash_table_lookup (self->options->label_map, label);

  return mapped != NULL ? mapped : label;
}

static gboolean
name_suggests (const char *name,
               const char *word)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);

  return strstr (lower, word) != NULL;
}

typedef struct {
  char      *name;
  GPtrArray *from;   /* label names */
  GPtrArray *to;
} RelationSpec;

static void
relation_spec_free (gpointer data)
{
  RelationSpec *spec = data;

  g_free (spec->name);
  g_ptr_array_unref (spec->from);
  g_ptr_array_unref (spec->to);
  g_free (spec);
}

static void
strv_add_unique (GPtrArray  *array,
                 const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_add (array, g_strdup (value));
}

/* Infers attribute definitions from the values present. */
static void
infer_attr (NewsmarkImport      *self,
            NewsmarkImportLabel *label,
            const char          *name,
            GVariant            *value)
{
  NewsmarkImportAttr *attr = label_find_attr (label, name);
  NewsmarkAttributeKind kind;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    kind = NEWSMARK_ATTRIBUTE_BOOLEAN;
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    kind = NEWSMARK_ATTRIBUTE_NUMBER;
  else
    kind = self->strings_are_enums ? NEWSMARK_ATTRIBUTE_ENUM : NEWSMARK_ATTRIBUTE_TEXT;

  if (attr == NULL)
    {
      attr = g_new0 (NewsmarkImportAttr, 1);
      attr->name = g_strdup (name);
      attr->values = g_ptr_array_new_with_free_func (g_free);
      attr->kind = kind;
      attr->has_kind = TRUE;
      g_ptr_array_add (label->attributes, attr);
    }
  else if (!attr->declared && attr->kind != kind)
    {
      /* Mixed kinds: only free text can hold them all. */
      attr->kind = NEWSMARK_ATTRIBUTE_TEXT;
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
      (attr->kind == NEWSMARK_ATTRIBUTE_ENUM))
    attr_add_value (attr, g_variant_get_string (value, NULL));
}

static char *
first_free_key (const char *name,
                GHashTable *used)
{
  for (const char *p = name; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);
      char key[2] = { c, '\0' };

      if (!g_ascii_isalpha (c) || g_hash_table_contains (used, key))
        continue;
      g_hash_table_add (used, g_strdup (key));
      return g_strdup (key);
    }
  return NULL;
}

static NewsmarkSchema *
build_schema (NewsmarkImport *self,
              GPtrArray      *relation_specs,
              GError        **error)
{
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(GHashTable) used_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *name = NULL;

  if (self->docs->len > 0)
    name = g_strdup_printf ("imported from %s", newsmark_format_to_string (self->format));
  schema = newsmark_schema_new (name != NULL ? name : "imported");

  for (guint i = 0; i < self->labels->len; i++)
    {
      NewsmarkImportLabel *il = g_ptr_array_index (self->labels, i);
      g_autoptr(NewsmarkLabel) label = NULL;
      g_autofree char *colour = il->colour != NULL ? g_strdup (il->colour) : newsmark_format_colour (i);
      g_autofree char *key = first_free_key (il->name, used_keys);
      NewsmarkCategory category = NEWSMARK_CATEGORY_ENTITY;

      if (il->has_category)
        category = il->category;
      else if (name_suggests (il->name, "quote"))
        category = NEWSMARK_CATEGORY_QUOTE;
      else if (name_suggests (il->name, "claim"))
        category = NEWSMARK_CATEGORY_CLAIM;

      label = newsmark_label_new (il->name, category, colour, key);
      for (guint j = 0; j < il->attributes->len; j++)
        {
          NewsmarkImportAttr *ia = g_ptr_array_index (il->attributes, j);
          g_autoptr(NewsmarkAttributeDef) def = newsmark_attribute_def_new (ia->name, ia->kind);

          if (ia->kind == NEWSMARK_ATTRIBUTE_ENUM)
            {
              g_ptr_array_add (ia->values, NULL);
              newsmark_attribute_def_set_values (def, (const char * const *) ia->values->pdata);
              g_ptr_array_remove_index (ia->values, ia->values->len - 1);
            }
          newsmark_label_add_attribute (label, def);
        }
      newsmark_schema_add_label (schema, label);
    }

  for (guint i = 0; i < relation_specs->len; i++)
    {
      RelationSpec *spec = g_ptr_array_index (relation_specs, i);
      g_autoptr(NewsmarkRelationType) type = NULL;

      g_ptr_array_add (spec->from, NULL);
      g_ptr_array_add (spec->to, NULL);
      type = newsmark_relation_type_new (spec->name,
                                         (const char * const *) spec->from->pdata,
                                         (const char * const *) spec->to->pdata);
      g_ptr_array_remove_index (spec->from, spec->from->len - 1);
      g_ptr_array_remove_index (spec->to, spec->to->len - 1);
      newsmark_schema_add_relation_type (schema, type);
    }

  if (!newsmark_schema_check (schema, error))
    return NULL;

  return g_steal_pointer (&schema);
}

static RelationSpec *
find_relation_spec (GPtrArray  *specs,
                    const char *name)
{
  for (guint i = 0; i < specs->len; i++)
    {
      RelationSpec *spec = g_ptr_array_index (specs, i);

      if (g_str_equal (spec->name, name))
        return spec;
    }
  return NULL;
}

static RelationSpec *
ensure_relation_spec (GPtrArray  *specs,
                      const char *name)
{
  RelationSpec *spec = find_relation_spec (specs, name);

  if (spec == NULL)
    {
      spec = g_new0 (RelationSpec, 1);
      spec->name = g_strdup (name);
      spec->from = g_ptr_array_new_with_free_func (g_free);
      spec->to = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (specs, spec);
    }
  return spec;
}

/* A configuration may name types at a relation's ends that are no label
 * (brat accepts them); a relation type left with no label at an end has
 * no place in the schema, and no relation of the data has that type (its
 * ends' labels would be there). Each is reported. */
static void
keep_label_ends (NewsmarkImport *self,
                 GPtrArray      *specs)
{
  for (guint i = 0; i < specs->len; )
    {
      RelationSpec *spec = g_ptr_array_index (specs, i);
      g_autoptr(GString) dropped = g_string_new (NULL);

      for (guint end = 0; end < 2; end++)
        {
          GPtrArray *labels = end == 0 ? spec->from : spec->to;

          for (guint k = 0; k < labels->len; )
            {
              const char *name = g_ptr_array_index (labels, k);

              if (g_hash_table_contains (self->label_index, name))
                k++;
              else
                {
                  g_autofree char *item = g_strdup_printf ("“%s”", name);

                  if (strstr (dropped->str, item) == NULL)
                    g_string_append_printf (dropped, "%s%s", dropped->len > 0 ? ", " : "", item);
                  g_ptr_array_remove_index (labels, k);
                }
            }
        }
      if (spec->from->len == 0 || spec->to->len == 0)
        {
          g_autofree char *why = dropped->len > 0 ? g_strdup_printf (" (no label is called %s)", dropped->str)
                                                  : g_strdup ("");

          newsmark_import_warning (self, self->config_file, 0, NULL,
                                   "relation type “%s” has no label at its %s end%s: not in the schema",
                                   spec->name, spec->from->len == 0 ? "from" : "to", why);
          g_ptr_array_remove_index (specs, i);
          continue;
        }
      if (dropped->len > 0)
        newsmark_import_warning (self, self->config_file, 0, NULL,
                                 "relation type “%s”: %s named at its ends %s no label: left out",
                                 spec->name, dropped->str, strchr (dropped->str, ',') ? "are" : "is");
      i++;
    }
}

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const NewsmarkFragment *fa = a, *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  return 0;
}

static char *
join_fragment_texts (NewsmarkDocument *document,
                     GArray           *fragments,
                     const char       *separator)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < fragments->len; i++)
    {
      NewsmarkFragment *f = &g_array_index (fragments, NewsmarkFragment, i);
      g_autofree char *slice = newsmark_document_dup_slice (document, f->start, f->end);

      if (i > 0)
        g_string_append (s, separator);
      g_string_append (s, slice);
    }
  return g_string_free (s, FALSE);
}

/* Short quoted excerpt for messages. */
static char *
excerpt (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 40)
    return g_strdup_printf ("“%s”", text);
  else
    {
      const char *cut = g_utf8_offset_to_pointer (text, 40);

      return g_strdup_printf ("“%.*s…”", (int) (cut - text), text);
    }
}

/* Checks one span against its document: returns FALSE (with an error
 * problem) when it cannot be imported, or when it is dropped with a
 * warning (*keep FALSE). */
static gboolean
check_span (NewsmarkImport     *self,
            NewsmarkImportDoc  *doc,
            NewsmarkDocument   *document,
            NewsmarkImportSpan *span,
            gboolean           *keep)
{
  guint length = newsmark_document_get_length (document);
  GArray *frags = span->fragments;

  *keep = TRUE;
  g_array_sort (frags, compare_fragments);

  for (guint i = 0; i < frags->len; i++)
    {
      NewsmarkFragment *f = &g_array_index (frags, NewsmarkFragment, i);

      if (f->start > f->end)
        {
          newsmark_import_error (self, doc->source, span->line, span->where,
                                 "%s span%s%s: start %u is after end %u",
                                 span->label, span->src_id ? " " : "", span->src_id ? span->src_id : "", f->start, f->end);
          return FALSE;
        }
      if (f->end > length)
        {
          newsmark_import_error (self, doc->source, span->line, span->where,
                                 "%s span%s%s: offset %u is past the end of the text (length %u)",
                                 span->label, span->src_id ? " " : "", span->src_id ? span->src_id : "", f->end, length);
          return FALSE;
        }
      if (i > 0 && f->start < g_array_index (frags, NewsmarkFragment, i - 1).end)
        {
          newsmark_import_error (self, doc->source, span->line, span->where,
                                 "%s span%s%s: fragments overlap at %u",
                                 span->label, span->src_id ? " " : "", span->src_id ? span->src_id : "", f->start);
          return FALSE;
        }
    }

  if (span->expected_text != NULL)
    {
      /* brat joins a discontinuous span's fragments with a space; the
       * other formats only have contiguous spans. */
      g_autofree char *actual = join_fragment_texts (document, frags, " ");

      if (!g_str_equal (actual, span->expected_text))
        {
          g_autofree char *ex = excerpt (span->expected_text);
          g_autofree char *ac = excerpt (actual);
          NewsmarkFragment *f0 = &g_array_index (frags, NewsmarkFragment, 0);

          newsmark_import_error (self, doc->source, span->line, span->where,
                                 "%s span%s%s: the file says it covers %s but the text at "
                                 "[%u, %u) is %s",
                                 span->label, span->src_id ? " " : "", span->src_id ? span->src_id : "", ex,
                                 f0->start, g_array_index (frags, NewsmarkFragment, frags->len - 1).end, ac);
          return FALSE;
        }
    }

  /* Empty fragments carry nothing a Newsmark span can hold. */
  for (guint i = 0; i < frags->len; )
    {
      NewsmarkFragment *f = &g_array_index (frags, NewsmarkFragment, i);

      if (f->start == f->end)
        {
          newsmark_import_warning (self, doc->source, span->line, span->where,
                                   "%s span %s of zero width at offset %u not imported "
                                   "(Newsmark spans cover at least one character)",
                                   span->label, span->src_id ? span->src_id : "", f->start);
          g_array_remove_index (frags, i);
        }
      else
        i++;
    }
  if (frags->len == 0)
    *keep = FALSE;

  return TRUE;
}

static GVariant *
check_attribute (NewsmarkImport     *self,
                 NewsmarkImportDoc  *doc,
                 NewsmarkImportSpan *span,
                 NewsmarkLabel      *label,
                 const char         *name,
                 GVariant           *value)
{
  NewsmarkAttributeDef *def = newsmark_label_find_attribute (label, name);
  g_autoptr(GError) local_error = NULL;

  if (def == NULL)
    {
      newsmark_import_warning (self, doc->source, span->line, span->where,
                               "attribute “%s” of %s span %s is not in the schema's label "
                               "“%s”: not imported",
                               name, span->label, span->src_id ? span->src_id : "",
                               newsmark_label_get_name (label));
      return NULL;
    }

  /* Formats without typed values (brat, WebAnno) give numbers and
   * booleans as strings. */
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *s = g_variant_get_string (value, NULL);

      if (newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_NUMBER)
        {
          char *end = NULL;
          double d = g_ascii_strtod (s, &end);

          if (end != s && *end == '\0')
            value = g_variant_new_double (d);
        }
      else if (newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_BOOLEAN)
        {
          if (g_ascii_strcasecmp (s, "true") == 0)
            value = g_variant_new_boolean (TRUE);
          else if (g_ascii_strcasecmp (s, "false") == 0)
            value = g_variant_new_boolean (FALSE);
        }
    }

  g_variant_ref_sink (value);
  if (!newsmark_attribute_def_check_value (def, value, &local_error))
    {
      newsmark_import_warning (self, doc->source, span->line, span->where,
                               "attribute “%s” of %s span %s not imported: %s",
                               name, span->label, span->src_id ? span->src_id : "",
                               local_error->message);
      g_variant_unref (value);
      return NULL;
    }

  return value;
}

static NewsmarkAnnotationSet *
build_set (NewsmarkImport    *self,
           NewsmarkImportDoc *doc,
           NewsmarkSchema    *schema,
           const char        *now)
{
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *document_path = NULL;
  g_autofree char *detail = NULL;
  guint n_span = 0, n_rel = 0;
  gboolean ok = TRUE;
  const NewsmarkImportOptions *options = self->options;

  document = newsmark_document_new_from_text (doc->text, -1, &local_error);
  if (document == NULL)
    {
      newsmark_import_error (self, doc->source, 0, NULL, "%s", local_error->message);
      return NULL;
    }

  set = newsmark_annotation_set_new (document, schema);
  if (options->annotator != NULL)
    newsmark_annotation_set_set_annotator (set, options->annotator);

  for (guint i = 0; i < doc->spans->len; i++)
    {
      NewsmarkImportSpan *is = g_ptr_array_index (doc->spans, i);
      g_autoptr(NewsmarkSpan) span = NULL;
      g_autofree char *id = NULL;
      NewsmarkLabel *label;
      const char *label_name = map_label (self, is->label);
      gboolean keep;
      NewsmarkFragment *frags;

      if (!check_span (self, doc, document, is, &keep))
        {
          ok = FALSE;
          continue;
        }
      if (!keep)
        continue;

      label = newsmark_schema_find_label (schema, label_name);
      if (label == NULL)
        {
          /* Reported once per label by newsmark_import_finish. */
          ok = FALSE;
          continue;
        }

      /* The set's own allocator, as for every id Newsmark gives. */
      id = newsmark_annotation_set_next_span_id (set);
      n_span++;
      frags = (NewsmarkFragment *) (gpointer) is->fragments->data;
      span = newsmark_span_new (id, label_name, frags[0].start, frags[is->fragments->len - 1].end);
      if (is->fragments->len > 1)
        {
          GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

          newsmark_span_set_fragments (span, frags, is->fragments->len);
          for (guint j = 0; j < is->fragments->len; j++)
            g_ptr_array_add (texts, newsmark_document_dup_slice (document, frags[j].start, frags[j].end));
          g_ptr_array_add (texts, NULL);
          newsmark_span_set_fragment_texts (span, (const char * const *) texts->pdata);
          g_ptr_array_unref (texts);
        }
      else
        {
          g_autofree char *text = newsmark_document_dup_slice (document, frags[0].start, frags[0].end);

          newsmark_span_set_text (span, text);
        }

      if (is->attributes != NULL)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, is->attributes);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              GVariant *checked = check_attribute (self, doc, is, label, key, value);

              if (checked != NULL)
                {
                  newsmark_span_set_attribute (span, key, checked);
                  g_variant_unref (checked);
                }
            }
        }

      if (is->note != NULL && *is->note != '\0')
        newsmark_span_set_note (span, is->note);

      if (options->as_suggestions && is->origin == NULL)
        {
          g_autoptr(NewsmarkOrigin) origin = newsmark_origin_new_model (options->model_name ? options->model_name : newsmark_format_to_string (self->format),
                                                                        options->model_version, FALSE, 0);

          newsmark_span_set_origin (span, origin);
          newsmark_span_set_status (span, NEWSMARK_STATUS_SUGGESTED);
        }
      else
        {
          g_autoptr(NewsmarkOrigin) human = NULL;

          if (is->origin == NULL)
            human = newsmark_origin_new_human (options->annotator);
          newsmark_span_set_origin (span, is->origin != NULL ? is->origin : human);
          newsmark_span_set_status (span, is->status);
        }
      newsmark_span_set_created (span, now);
      newsmark_span_set_modified (span, now);

      if (is->src_id != NULL)
        {
          if (g_hash_table_contains (ids, is->src_id))
            {
              newsmark_import_error (self, doc->source, is->line, is->where,
                                     "span id “%s” is used twice", is->src_id);
              ok = FALSE;
              continue;
            }
          g_hash_table_insert (ids, is->src_id, g_strdup (id));
        }

      _newsmark_annotation_set_load_span (set, span);
    }

  for (guint i = 0; i < doc->relations->len; i++)
    {
      NewsmarkImportRelation *ir = g_ptr_array_index (doc->relations, i);
      g_autoptr(NewsmarkRelation) relation = NULL;
      g_autofree char *id = NULL;
      const char *from = g_hash_table_lookup (ids, ir->from);
      const char *to = g_hash_table_lookup (ids, ir->to);

      if (from == NULL || to == NULL)
        {
          const char *missing = from == NULL ? ir->from : ir->to;
          gboolean known = FALSE;

          /* A relation to a span that was dropped with a warning (zero
           * width) goes with it; one to an id that never existed is an
           * error in the file. */
          for (guint j = 0; j < doc->spans->len; j++)
            {
              NewsmarkImportSpan *is = g_ptr_array_index (doc->spans, j);

              if (is->src_id != NULL && g_str_equal (is->src_id, missing))
                known = TRUE;
            }
          if (known)
            newsmark_import_warning (self, doc->source, ir->line, ir->where,
                                     "%s relation from %s to %s not imported: span %s was not imported",
                                     ir->type, ir->from, ir->to, missing);
          else
            {
              newsmark_import_error (self, doc->source, ir->line, ir->where,
                                     "%s relation refers to “%s”, which is not a span in this document",
                                     ir->type, missing);
              ok = FALSE;
            }
          continue;
        }

      if (g_str_equal (from, to))
        {
          newsmark_import_warning (self, doc->source, ir->line, ir->where,
                                   "%s relation from %s to itself not imported: a Newsmark relation "
                                   "links two different spans", ir->type, ir->from);
          continue;
        }

      id = newsmark_annotation_set_next_relation_id (set);
      n_rel++;
      relation = newsmark_relation_new (id, map_label (self, ir->type), from, to);
      if (ir->origin != NULL)
        newsmark_relation_set_origin (relation, ir->origin);
      _newsmark_annotation_set_load_relation (set, relation);
    }

  _newsmark_annotation_set_finish_load (set);

  if (!ok)
    return NULL;

  if (!newsmark_annotation_set_check (set, doc->source, self->problems))
    return NULL;

  /* An article read from a file is known by that file; whoever saves the
   * set makes document.path relative to where it is saved. */
  if (doc->document_path != NULL)
    {
      g_autoptr(GFile) article = g_file_new_for_path (doc->document_path);

      newsmark_document_set_file (document, article);
      document_path = g_file_get_basename (article);
    }
  else
    document_path = g_strdup_printf ("%s.txt", doc->name);
  newsmark_annotation_set_set_document_path (set, document_path);
  {
    g_autofree char *kept = _newsmark_interchange_compose (self->format, self->interchange, doc->interchange,
                                                           options->label_map, schema);

    newsmark_annotation_set_set_interchange (set, kept);
  }

  {
    json_object *obj = json_object_new_object ();

    json_object_object_add (obj, "format", json_object_new_string (newsmark_format_to_string (self->format)));
    json_object_object_add (obj, "source", json_object_new_string (doc->source));
    json_object_object_add (obj, "spans", json_object_new_int ((int) n_span));
    json_object_object_add (obj, "relations", json_object_new_int ((int) n_rel));
    if (doc->meta_json != NULL)
      {
        json_object *meta = json_tokener_parse (doc->meta_json);

        if (meta != NULL)
          json_object_object_add (obj, "meta", meta);
      }
    detail = g_strdup (json_object_to_json_string_ext (obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put (obj);
  }
  newsmark_annotation_set_append_log_entry (set,
                                            newsmark_log_entry_new (now, options->annotator, "import",
                                                                    NULL, detail));
  newsmark_annotation_set_set_modified (set, TRUE);

  return g_steal_pointer (&set);
}

/* What no schema can hold, reported where the file says it before a
 * schema is built from it: a span without a label, a relation without a
 * type, a relation whose end names no span of its document. */
static gboolean
check_names_and_ends (NewsmarkImport *self)
{
  gboolean ok = TRUE;

  for (guint d = 0; d < self->docs->len; d++)
    {
      NewsmarkImportDoc *doc = g_ptr_array_index (self->docs, d);
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean doc_ok = TRUE;

      for (guint i = 0; i < doc->spans->len; i++)
        {
          NewsmarkImportSpan *is = g_ptr_array_index (doc->spans, i);

          if (is->label == NULL || *is->label == '\0')
            {
              newsmark_import_error (self, doc->source, is->line, is->where, "span%s%s has an empty label",
                                     is->src_id != NULL ? " " : "", is->src_id != NULL ? is->src_id : "");
              doc_ok = FALSE;
            }
          if (is->src_id != NULL)
            g_hash_table_add (ids, is->src_id);
        }

      for (guint i = 0; i < doc->relations->len; i++)
        {
          NewsmarkImportRelation *ir = g_ptr_array_index (doc->relations, i);

          if (ir->type == NULL || *ir->type == '\0')
            {
              newsmark_import_error (self, doc->source, ir->line, ir->where,
                                     "relation from %s to %s has an empty type", ir->from, ir->to);
              doc_ok = FALSE;
              continue;
            }
          for (guint e = 0; e < 2; e++)
            {
              const char *id = e == 0 ? ir->from : ir->to;

              if (!g_hash_table_contains (ids, id))
                {
                  newsmark_import_error (self, doc->source, ir->line, ir->where,
                                         "%s relation: its %s end names “%s”, which is not the id of a "
                                         "span in this document", ir->type, e == 0 ? "from" : "to", id);
                  doc_ok = FALSE;
                }
            }
        }

      if (!doc_ok)
        {
          doc->failed = TRUE;
          ok = FALSE;
        }
    }

  return ok;
}

GPtrArray *
newsmark_import_finish (NewsmarkImport *self,
                        GError        **error)
{
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (relation_spec_free);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) reported = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = newsmark_now_iso8601 ();
  guint errors_before = newsmark_problems_count_errors (self->problems);
  guint errors_at_start = 0;

  /* Errors already in @problems when this import began are not ours. */
  for (guint i = 0; i < self->first_problem; i++)
    if (((NewsmarkProblem *) g_ptr_array_index (self->problems, i))->severity == NEWSMARK_SEVERITY_ERROR)
      errors_at_start++;

  if (!check_names_and_ends (self))
    goto failed;

  if (self->options->schema != NULL)
    {
      schema = g_object_ref (self->options->schema);

      for (guint d = 0; d < self->docs->len; d++)
        {
          NewsmarkImportDoc *doc = g_ptr_array_index (self->docs, d);

          for (guint i = 0; i < doc->spans->len; i++)
            {
              NewsmarkImportSpan *is = g_ptr_array_index (doc->spans, i);
              const char *name = map_label (self, is->label);

              if (newsmark_schema_find_label (schema, name) == NULL &&
                  !g_hash_table_contains (reported, name))
                {
                  g_hash_table_add (reported, (gpointer) name);
                  newsmark_import_error (self, doc->source, is->line, is->where,
                                         "label “%s” is not in the schema “%s”; map it with "
                                         "--map %s=LABEL",
                                         name, newsmark_schema_get_name (schema), is->label);
                }
            }
          for (guint i = 0; i < doc->relations->len; i++)
            {
              NewsmarkImportRelation *ir = g_ptr_array_index (doc->relations, i);
              const char *name = map_label (self, ir->type);

              if (newsmark_schema_find_relation_type (schema, name) == NULL &&
                  !g_hash_table_contains (reported, name))
                {
                  g_hash_table_add (reported, (gpointer) name);
                  newsmark_import_error (self, doc->source, ir->line, ir->where,
                                         "relation type “%s” is not in the schema “%s”; map it "
                                         "with --map %s=TYPE",
                                         name, newsmark_schema_get_name (schema), ir->type);
                }
            }
        }
    }
  else
    {
      /* Relation types the configuration declares, with their ends (kept
       * to the labels of the schema once the data's are known). */
      for (guint i = 0; i + 2 < self->relation_decls->len; i += 3)
        {
          RelationSpec *spec = ensure_relation_spec (specs, g_ptr_array_index (self->relation_decls, i));
          GPtrArray *from = g_ptr_array_index (self->relation_decls, i + 1);
          GPtrArray *to = g_ptr_array_index (self->relation_decls, i + 2);

          for (guint k = 0; k < from->len; k++)
            strv_add_unique (spec->from, g_ptr_array_index (from, k));
          for (guint k = 0; k < to->len; k++)
            strv_add_unique (spec->to, g_ptr_array_index (to, k));
        }

      /* Labels present in the data, in order of first appearance, after any
       * the configuration declared. */
      for (guint d = 0; d < self->docs->len; d++)
        {
          NewsmarkImportDoc *doc = g_ptr_array_index (self->docs, d);
          g_autoptr(GHashTable) label_of = g_hash_table_new (g_str_hash, g_str_equal);

          for (guint i = 0; i < doc->spans->len; i++)
            {
              NewsmarkImportSpan *is = g_ptr_array_index (doc->spans, i);
              const char *name = map_label (self, is->label);
              NewsmarkImportLabel *il = g_hash_table_lookup (self->label_index, name);

              if (il == NULL)
                {
                  if (self->has_config && !g_hash_table_contains (reported, name))
                    {
                      g_hash_table_add (reported, (gpointer) name);
                      newsmark_import_warning (self, doc->source, is->line, is->where,
                                               "label “%s” is not declared in %s; added to the schema",
                                               name, self->config_file ? self->config_file : "the configuration");
                    }
                  il = newsmark_import_declare_label (self, name, NULL);
                }
              if (is->attributes != NULL)
                {
                  GHashTableIter iter;
                  gpointer key, value;

                  g_hash_table_iter_init (&iter, is->attributes);
                  while (g_hash_table_iter_next (&iter, &key, &value))
                    infer_attr (self, il, key, value);
                }
              if (is->src_id != NULL)
                g_hash_table_insert (label_of, is->src_id, (gpointer) name);
            }

          for (guint i = 0; i < doc->relations->len; i++)
            {
              NewsmarkImportRelation *ir = g_ptr_array_index (doc->relations, i);
              RelationSpec *spec = ensure_relation_spec (specs, map_label (self, ir->type));
              const char *from = g_hash_table_lookup (label_of, ir->from);
              const char *to = g_hash_table_lookup (label_of, ir->to);

              if (from != NULL)
                strv_add_unique (spec->from, from);
              if (to != NULL)
                strv_add_unique (spec->to, to);
            }
        }

      keep_label_ends (self, specs);

      schema = build_schema (self, specs, &local_error);
      if (schema == NULL)
        {
          NewsmarkImportDoc *first = self->docs->len > 0 ? g_ptr_array_index (self->docs, 0) : NULL;
          const char *source = self->config_file != NULL ? self->config_file
                             : first != NULL ? first->source : "(input)";

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "%s: the labels found do not make a valid schema: %s", source, local_error->message);
          return NULL;
        }
    }

  if (newsmark_problems_count_errors (self->problems) > errors_before)
    goto failed;

  for (guint d = 0; d < self->docs->len; d++)
    {
      NewsmarkImportDoc *doc = g_ptr_array_index (self->docs, d);
      NewsmarkAnnotationSet *set;

      if (doc->failed)
        continue;
      set = build_set (self, doc, schema, now);
      if (set != NULL)
        g_ptr_array_add (sets, set);
    }

  if (newsmark_problems_count_errors (self->problems) > errors_at_start)
    goto failed;

  return g_steal_pointer (&sets);

failed:
  {
    guint n = 0;

    for (guint i = self->first_problem; i < self->problems->len; i++)
      if (((NewsmarkProblem *) g_ptr_array_index (self->problems, i))->severity == NEWSMARK_SEVERITY_ERROR)
        n++;

    for (guint i = self->first_problem; i < self->problems->len; i++)
      {
        NewsmarkProblem *p = g_ptr_array_index (self->problems, i);

        if (p->severity == NEWSMARK_SEVERITY_ERROR)
          {
            g_autofree char *first = newsmark_problem_to_string (p);

            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "%u %s; first: %s", n, n == 1 ? "error" : "errors", first);
            break;
          }
      }
  }
  return NULL;
}

/* ---- Reading files ------------------------------------------------------------ */

static gboolean
parse_buffer (NewsmarkImport *imp,
              NewsmarkFormat  format,
              const char     *data,
              gsize           len,
              const char     *text_for_brat,
              const char     *filename,
              GError        **error)
{
  g_autofree char *stem = newsmark_format_stem (filename);

  if (!newsmark_format_check_utf8 (data, len, filename, error))
    return FALSE;

  switch (format)
    {
    case NEWSMARK_FORMAT_BRAT:
      if (text_for_brat == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED,
                       "%s: brat needs the article text (.txt) beside the .ann", filename);
          return FALSE;
        }
      return _newsmark_brat_parse (imp, data, len, text_for_brat, strlen (text_for_brat),
                                   stem, filename, error);
    case NEWSMARK_FORMAT_SPACY_JSONL:
      return _newsmark_spacy_parse (imp, data, len, filename, error);
    case NEWSMARK_FORMAT_DOCCANO_JSONL:
      return _newsmark_doccano_parse (imp, data, len, filename, error);
    case NEWSMARK_FORMAT_LABEL_STUDIO:
      return _newsmark_label_studio_parse (imp, data, len, filename, error);
    case NEWSMARK_FORMAT_CONLL:
      return _newsmark_conll_parse (imp, data, len, filename, error);
    case NEWSMARK_FORMAT_WEBANNO_TSV:
      return _newsmark_webanno_parse (imp, data, len, filename, error);
    case NEWSMARK_FORMAT_NEWSMARK:
    default:
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED,
                   "%s: not an import format", newsmark_format_to_string (format));
      return FALSE;
    }
}

GPtrArray *
newsmark_format_import_data (NewsmarkFormat               format,
                             const char                  *data,
                             gsize                        len,
                             const char                  *text_for_brat,
                             const char                  *filename_for_errors,
                             const NewsmarkImportOptions *options,
                             GPtrArray                   *problems,
                             GError                     **error)
{
  g_autoptr(NewsmarkImport) imp = NULL;
  const char *filename = filename_for_errors != NULL ? filename_for_errors : "(data)";

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format == NEWSMARK_FORMAT_NEWSMARK)
    {
      NewsmarkAnnotationSet *set = newsmark_annotation_set_load_data (data, len, filename,
                                                                      NEWSMARK_LOAD_DEFAULT,
                                                                      problems, error);
      GPtrArray *sets;

      if (set == NULL)
        return NULL;
      sets = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (sets, set);
      return sets;
    }

  imp = newsmark_import_new (format, options, problems);
  if (!parse_buffer (imp, format, data, len, text_for_brat, filename, error))
    return NULL;

  return newsmark_import_finish (imp, error);
}

static gboolean
read_file (GFile   *file,
           char   **data,
           gsize   *len,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_load_contents (file, NULL, data, len, NULL, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: cannot read: %s", name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted children of @folder whose names end in one of @suffixes. */
static GPtrArray *
list_folder (GFile              *folder,
             const char * const *suffixes,
             GError            **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return NULL;

  while ((info = g_file_enumerator_next_file (enumerator, NULL, error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          for (guint i = 0; suffixes[i] != NULL; i++)
            if (g_str_has_suffix (name, suffixes[i]))
              {
                g_ptr_array_add (names, g_strdup (name));
                break;
              }
        }
      g_object_unref (info);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  g_ptr_array_sort (names, compare_strings);
  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_file_get_child (folder, g_ptr_array_index (names, i)));

  return files;
}

/* brat looks for annotation.conf in the document's folder and then in each
 * folder above it. */
static GFile *
find_brat_conf (GFile *folder)
{
  g_autoptr(GFile) dir = g_object_ref (folder);

  for (guint depth = 0; dir != NULL && depth < 8; depth++)
    {
      g_autoptr(GFile) conf = g_file_get_child (dir, "annotation.conf");
      GFile *parent;

      if (g_file_query_exists (conf, NULL))
        return g_steal_pointer (&conf);
      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }
  return NULL;
}

static GFile *
sibling_with_suffix (GFile      *file,
                     const char *old_suffix,
                     const char *new_suffix)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (!g_str_has_suffix (base, old_suffix))
    return NULL;
  stem = g_strndup (base, strlen (base) - strlen (old_suffix));
  name = g_strconcat (stem, new_suffix, NULL);
  return g_file_get_child (parent, name);
}

static gboolean
import_brat_files (NewsmarkImport *imp,
                   GFile          *input,
                   gboolean        is_folder,
                   GError        **error)
{
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) conf = NULL;

  if (is_folder)
    {
      static const char * const suffixes[] = { ".ann", NULL };

      folder = g_object_ref (input);
      anns = list_folder (input, suffixes, error);
      if (anns == NULL)
        return FALSE;
      if (anns->len == 0)
        {
          g_autofree char *name = g_file_get_parse_name (input);

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s: no .ann files in this folder (brat keeps NAME.txt and NAME.ann side by side)",
                       name);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *base = g_file_get_basename (input);
      GFile *ann = NULL;

      if (g_str_has_suffix (base, ".ann"))
        ann = g_object_ref (input);
      else if (g_str_has_suffix (base, ".txt"))
        ann = sibling_with_suffix (input, ".txt", ".ann");
      if (ann == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (input);

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s: a brat document is a NAME.ann file with its NAME.txt", name);
          return FALSE;
        }
      anns = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (anns, ann);
      folder = g_file_get_parent (input);
    }

  conf = find_brat_conf (folder);
  if (conf != NULL)
    {
      g_autofree char *data = NULL;
      g_autofree char *name = g_file_get_parse_name (conf);
      gsize len;

      if (!read_file (conf, &data, &len, error) ||
          !newsmark_format_check_utf8 (data, len, name, error) ||
          !_newsmark_brat_parse_conf (imp, data, len, name, error))
        return FALSE;
    }

  for (guint i = 0; i < anns->len; i++)
    {
      GFile *ann = g_ptr_array_index (anns, i);
      g_autoptr(GFile) txt = sibling_with_suffix (ann, ".ann", ".txt");
      g_autofree char *ann_data = NULL, *txt_data = NULL;
      g_autofree char *ann_name = g_file_get_parse_name (ann);
      g_autofree char *txt_name = g_file_get_parse_name (txt);
      g_autofree char *stem = newsmark_format_stem (ann_name);
      gsize ann_len, txt_len;
      guint n_docs = imp->docs->len;

      if (is_folder && !g_file_query_exists (txt, NULL))
        {
          newsmark_import_warning (imp, ann_name, 0, NULL,
                                   "skipped: no %s beside it (brat keeps NAME.txt and NAME.ann side by side)",
                                   txt_name);
          continue;
        }
      if (!read_file (ann, &ann_data, &ann_len, error) ||
          !read_file (txt, &txt_data, &txt_len, error) ||
          !newsmark_format_check_utf8 (ann_data, ann_len, ann_name, error) ||
          !newsmark_format_check_utf8 (txt_data, txt_len, txt_name, error))
        return FALSE;
      if (!_newsmark_brat_parse (imp, ann_data, ann_len, txt_data, txt_len, stem, ann_name, error))
        return FALSE;
      if (imp->docs->len > n_docs)
        {
          NewsmarkImportDoc *doc = g_ptr_array_index (imp->docs, imp->docs->len - 1);

          g_free (doc->document_path);
          doc->document_path = g_file_get_path (txt);
        }
    }

  return TRUE;
}

static const char * const *
suffixes_for (NewsmarkFormat format)
{
  static const char * const jsonl[] = { ".jsonl", NULL };
  static const char * const json[] = { ".json", NULL };
  static const char * const conll[] = { ".conll", ".iob", ".conll2003", ".bio", NULL };
  static const char * const tsv[] = { ".tsv", NULL };
  static const char * const newsmark[] = { ".newsmark.json", NULL };

  switch (format)
    {
    case NEWSMARK_FORMAT_SPACY_JSONL:
    case NEWSMARK_FORMAT_DOCCANO_JSONL:
      return jsonl;
    case NEWSMARK_FORMAT_LABEL_STUDIO:
      return json;
    case NEWSMARK_FORMAT_CONLL:
      return conll;
    case NEWSMARK_FORMAT_WEBANNO_TSV:
      return tsv;
    case NEWSMARK_FORMAT_NEWSMARK:
    case NEWSMARK_FORMAT_BRAT:
    default:
      return newsmark;
    }
}

/* A Label Studio export has no labeling config; when one sits beside the
 * tasks (NAME.xml, config.xml or label_config.xml) it defines the labels. */
static gboolean
import_label_studio_config (NewsmarkImport *imp,
                            GFile          *tasks,
                            GError        **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (tasks);
  g_autofree char *base = g_file_get_basename (tasks);
  g_autofree char *stem = newsmark_format_stem (base);
  g_autofree char *own = g_strconcat (stem, ".xml", NULL);
  const char *candidates[] = { own, "config.xml", "label_config.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GFile) conf = g_file_get_child (parent, candidates[i]);
      g_autofree char *data = NULL;
      g_autofree char *name = NULL;
      gsize len;

      if (!g_file_query_exists (conf, NULL))
        continue;
      name = g_file_get_parse_name (conf);
      if (!read_file (conf, &data, &len, error) ||
          !newsmark_format_check_utf8 (data, len, name, error))
        return FALSE;
      return _newsmark_label_studio_parse_config (imp, data, len, name, error);
    }
  return TRUE;
}

GPtrArray *
newsmark_format_import (NewsmarkFormat               format,
                        GFile                       *input,
                        const NewsmarkImportOptions *options,
                        GPtrArray                   *problems,
                        GError                     **error)
{
  g_autoptr(NewsmarkImport) imp = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gboolean is_folder;

  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  is_folder = g_file_query_file_type (input, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;

  if (is_folder)
    {
      if (format != NEWSMARK_FORMAT_BRAT)
        {
          files = list_folder (input, suffixes_for (format), error);
          if (files == NULL)
            return NULL;
        }
    }
  else
    {
      files = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (files, g_object_ref (input));
    }

  if (format == NEWSMARK_FORMAT_NEWSMARK)
    {
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < files->len; i++)
        {
          NewsmarkAnnotationSet *set = newsmark_annotation_set_load (g_ptr_array_index (files, i),
                                                                     NEWSMARK_LOAD_DEFAULT,
                                                                     problems, error);
          if (set == NULL)
            return NULL;
          g_ptr_array_add (sets, set);
        }
      return g_steal_pointer (&sets);
    }

  imp = newsmark_import_new (format, options, problems);

  if (format == NEWSMARK_FORMAT_BRAT)
    {
      if (!import_brat_files (imp, input, is_folder, error))
        return NULL;
      return newsmark_import_finish (imp, error);
    }

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      g_autofree char *name = g_file_get_parse_name (file);
      gsize len;

      if (format == NEWSMARK_FORMAT_LABEL_STUDIO && i == 0 &&
          !import_label_studio_config (imp, file, error))
        return NULL;

      if (!read_file (file, &data, &len, error) ||
          !parse_buffer (imp, format, data, len, NULL, name, error))
        return NULL;
    }

  return newsmark_import_finish (imp, error);
}

/* ---- Export ------------------------------------------------------------------- */

void
newsmark_export_warning (NewsmarkExport *exp,
                         const char     *where,
                         const char     *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (exp->problems,
                   newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, exp->output_name,
                                         where, 0, 0, "%s", message));
}

char *
newsmark_describe_span (NewsmarkSpan *span)
{
  g_autofree char *text = g_strdup (newsmark_span_get_text (span));

  if (text != NULL && g_utf8_strlen (text, -1) > 30)
    {
      const char *cut = g_utf8_offset_to_pointer (text, 30);
      char *shorter = g_strdup_printf ("%.*s…", (int) (cut - text), text);

      g_free (text);
      text = shorter;
    }

  return g_strdup_printf ("%s %s “%s” [%u, %u)",
                          newsmark_span_get_id (span),
                          newsmark_span_get_label (span),
                          text != NULL ? text : "",
                          newsmark_span_get_start (span),
                          newsmark_span_get_end (span));
}

char *
newsmark_describe_fragments (const NewsmarkFragment *fragments,
                             guint                   n)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < n; k++)
    g_string_append_printf (s, "%s[%u, %u)", k > 0 ? " + " : "", fragments[k].start, fragments[k].end);
  return g_string_free (s, FALSE);
}

char *
newsmark_describe_span_fragments (NewsmarkSpan *span)
{
  guint n = newsmark_span_get_n_fragments (span);
  NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };

  return newsmark_describe_fragments (n > 0 ? newsmark_span_get_fragments (span) : &whole, MAX (n, 1));
}

char *
newsmark_export_set_name (NewsmarkAnnotationSet *set,
                          guint                  index)
{
  GFile *file = newsmark_annotation_set_get_file (set);
  const char *path = newsmark_annotation_set_get_document_path (set);

  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);

      return newsmark_format_stem (base);
    }
  if (path != NULL && *path != '\0')
    return newsmark_format_stem (path);

  return g_strdup_printf ("document-%u", index + 1);
}

/* Whether @format keeps a span's review status: Label Studio writes
 * suggestions as predictions, spaCy a rejected span's "answer". */
static gboolean
carries_status (NewsmarkFormat format,
                NewsmarkStatus status)
{
  switch (status)
    {
    case NEWSMARK_STATUS_SUGGESTED:
      return format == NEWSMARK_FORMAT_LABEL_STUDIO;
    case NEWSMARK_STATUS_REJECTED:
      return format == NEWSMARK_FORMAT_SPACY_JSONL;
    case NEWSMARK_STATUS_ACCEPTED:
    default:
      return TRUE;
    }
}

/* What no other format holds is reported once per span or per article:
 * unplaced spans, a review status the format has no place for, and who
 * made each span and relation and when (Label Studio keeps the model of a
 * suggestion, nothing else). */
static void
report_not_carried (NewsmarkExport        *exp,
                    NewsmarkAnnotationSet *set,
                    GPtrArray             *spans)
{
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  GListModel *relations = newsmark_annotation_set_get_relations (set);
  g_autofree char *name = newsmark_export_set_name (set, 0);
  const char *format = newsmark_format_to_string (exp->format);
  g_autoptr(GString) made = g_string_new (NULL);
  guint n_made = 0;

  for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);
      g_autofree char *desc = newsmark_describe_span (span);

      newsmark_export_warning (exp, name, "unplaced span %s not exported: it has no place in the text", desc);
    }

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);
      NewsmarkStatus status = newsmark_span_get_status (span);
      const NewsmarkOrigin *origin = newsmark_span_get_origin (span);

      if (!carries_status (exp->format, status))
        {
          g_autofree char *desc = newsmark_describe_span (span);

          newsmark_export_warning (exp, name, "%s span %s written as an accepted one: %s has no "
                                   "place for a review status",
                                   status == NEWSMARK_STATUS_SUGGESTED ? "suggested" : "rejected", desc, format);
        }
      if (exp->format == NEWSMARK_FORMAT_LABEL_STUDIO && status == NEWSMARK_STATUS_SUGGESTED &&
          origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
        continue;
      if (origin != NULL || newsmark_span_get_created (span) != NULL || newsmark_span_get_modified (span) != NULL)
        {
          g_string_append_printf (made, "%s%s", n_made > 0 ? ", " : "", newsmark_span_get_id (span));
          n_made++;
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
    {
      g_autoptr(NewsmarkRelation) relation = g_list_model_get_item (relations, i);

      if (newsmark_relation_get_origin (relation) != NULL)
        {
          g_string_append_printf (made, "%s%s", n_made > 0 ? ", " : "", newsmark_relation_get_id (relation));
          n_made++;
        }
    }
  if (n_made > 0)
    newsmark_export_warning (exp, name, "who made %u spans and relations, and when (origin, created, "
                             "modified), not exported: %s has no place for it (%s)", n_made, format, made->str);
}

GPtrArray *
newsmark_export_spans (NewsmarkExport        *exp,
                       NewsmarkAnnotationSet *set,
                       gboolean               default_suggested)
{
  GListModel *model = newsmark_annotation_set_get_spans (set);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *spans = g_ptr_array_sized_new (n);
  guint n_suggested = 0, n_rejected = 0;
  gboolean suggested = default_suggested || exp->options->include_suggested;
  gboolean rejected = exp->options->include_rejected;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (model, i);

      switch (newsmark_span_get_status (span))
        {
        case NEWSMARK_STATUS_SUGGESTED:
          if (!suggested)
            {
              n_suggested++;
              continue;
            }
          break;
        case NEWSMARK_STATUS_REJECTED:
          if (!rejected)
            {
              n_rejected++;
              continue;
            }
          break;
        case NEWSMARK_STATUS_ACCEPTED:
        default:
          break;
        }
      g_ptr_array_add (spans, span);
    }

  if (n_suggested > 0 || n_rejected > 0)
    {
      g_autofree char *name = newsmark_export_set_name (set, 0);

      newsmark_export_warning (exp, name,
                               "%u suggested and %u rejected spans not exported (only accepted "
                               "spans by default; see --include-suggested, --include-rejected)",
                               n_suggested, n_rejected);
    }
  report_not_carried (exp, set, spans);

  return spans;
}

static char *
unique_child_name (GHashTable *used,
                   const char *stem,
                   const char *suffix)
{
  g_autofree char *name = g_strconcat (stem, suffix, NULL);

  for (guint n = 2; g_hash_table_contains (used, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u%s", stem, n, suffix);
    }
  g_hash_table_add (used, g_strdup (name));
  return g_steal_pointer (&name);
}

gboolean
newsmark_format_export (NewsmarkFormat               format,
                        GPtrArray                   *sets,
                        GFile                       *output,
                        const NewsmarkExportOptions *options,
                        GPtrArray                   *problems,
                        GError                     **error)
{
  static const NewsmarkExportOptions defaults = { 0 };
  g_autoptr(GPtrArray) own_problems = NULL;
  g_autofree char *output_name = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GHashTable) warned = NULL;
  NewsmarkExport exp = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (sets != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems == NULL)
    problems = own_problems = newsmark_problems_new ();
  output_name = g_file_get_parse_name (output);

  exp.format = format;
  exp.options = options != NULL ? options : &defaults;
  exp.problems = problems;
  exp.output_name = output_name;
  exp.warned = warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  switch (format)
    {
    case NEWSMARK_FORMAT_NEWSMARK:
      {
        g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

        if (sets->len == 1 && g_str_has_suffix (output_name, ".newsmark.json"))
          return newsmark_annotation_set_save (g_ptr_array_index (sets, 0), output, error);

        if (!g_file_make_directory_with_parents (output, NULL, error) &&
            !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
          return FALSE;
        g_clear_error (error);
        for (guint i = 0; i < sets->len; i++)
          {
            NewsmarkAnnotationSet *set = g_ptr_array_index (sets, i);
            g_autofree char *stem = newsmark_export_set_name (set, i);
            g_autofree char *name = unique_child_name (used, stem, ".newsmark.json");
            g_autoptr(GFile) file = g_file_get_child (output, name);

            if (!newsmark_annotation_set_save (set, file, error))
              return FALSE;
          }
        return TRUE;
      }
    case NEWSMARK_FORMAT_BRAT:
      return _newsmark_brat_export (&exp, sets, output, error);
    case NEWSMARK_FORMAT_SPACY_JSONL:
      out = g_string_new (NULL);
      ok = _newsmark_spacy_export (&exp, sets, out, error);
      break;
    case NEWSMARK_FORMAT_DOCCANO_JSONL:
      out = g_string_new (NULL);
      ok = _newsmark_doccano_export (&exp, sets, out, error);
      break;
    case NEWSMARK_FORMAT_LABEL_STUDIO:
      out = g_string_new (NULL);
      ok = _newsmark_label_studio_export (&exp, sets, out, error);
      break;
    case NEWSMARK_FORMAT_CONLL:
      out = g_string_new (NULL);
      ok = _newsmark_conll_export (&exp, sets, out, error);
      break;
    case NEWSMARK_FORMAT_WEBANNO_TSV:
      out = g_string_new (NULL);
      ok = _newsmark_webanno_export (&exp, sets, out, error);
      break;
    default:
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "unknown format %d", format);
      return FALSE;
    }

  if (!ok)
    return FALSE;

  return newsmark_write_file_atomic (output, out->str, out->len, FALSE, error);
}

char *
_newsmark_format_unique_name (GHashTable *used,
                              const char *stem,
                              const char *suffix)
{
  return unique_child_name (used, stem, suffix);
}
