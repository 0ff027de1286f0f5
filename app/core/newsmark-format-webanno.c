/* newsmark-format-webanno.c — WebAnno TSV 3.3 (INCEpTION)
 *
 * The file starts with "#FORMAT=WebAnno TSV 3.x", declares its layers
 * ("#T_SP=" span layers with their features, "#T_RL=" relation layers whose
 * last column "BT_…" names the span layer they connect, "#T_CH=" chains),
 * then gives each sentence as "#Text=" lines followed by one line per token
 * (and per sub-token unit "1-2.1"): "SENT-TOKEN<TAB>BEGIN-END<TAB>TEXT<TAB>
 * one column per feature". Offsets count UTF-16 code units. A cell holds
 * "_" (nothing), or annotations separated by "|", each "VALUE[ID]" when it
 * spans several tokens or is stacked with another of its layer ("*" is an
 * empty value). A relation sits on its target's token; its last column
 * names the source token, with "[SOURCEID_TARGETID]" when either end has
 * an id.
 *
 * The article text is rebuilt from the sentences, placed at their tokens'
 * offsets; the gap between two sentences becomes a line break (preceded by
 * spaces when the gap is wider). Export writes one sentence per line of the
 * article (blank and white-space lines stay with the sentence before, as
 * extra "#Text=" lines), so that the text reads back exactly.
 *
 * Spans become Newsmark spans labelled by their "value" feature (or the
 * first feature with a value, or the layer's short name); other features
 * become text attributes. Chains ("#T_CH=", coreference) become their
 * mentions as spans plus a relation from each mention to the next, named
 * by the link's relation value. Slot features have no Newsmark counterpart
 * and are reported as not imported.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-interchange-private.h"
#include "newsmark-number-private.h"

typedef enum {
  LAYER_SPAN,
  LAYER_RELATION,
  LAYER_CHAIN,
} LayerKind;

typedef struct {
  LayerKind  kind;
  char      *type;
  char      *short_name;
  GPtrArray *features;     /* char*, one per value column */
  guint      first_column;
  guint      n_columns;
  char      *base;         /* relation layers: the span layer's type */
  GHashTable *by_id;       /* span layers: "ID" → SpanRec */
  GHashTable *by_token;    /* span layers: token address → SpanRec (first) */
} Layer;

typedef struct {
  char  *key;
  char  *label;
  GPtrArray *attrs;        /* name, value pairs */
  guint  begin;            /* UTF-16 */
  guint  end;
  int    line;
  Layer *layer;
  gboolean unset;          /* no value: labelled by the layer's name */
} SpanRec;

static void
layer_free (gpointer data)
{
  Layer *layer = data;

  g_free (layer->type);
  g_free (layer->short_name);
  g_ptr_array_unref (layer->features);
  g_free (layer->base);
  g_hash_table_unref (layer->by_id);
  g_hash_table_unref (layer->by_token);
  g_free (layer);
}

static void
span_rec_free (gpointer data)
{
  SpanRec *rec = data;

  g_free (rec->key);
  g_free (rec->label);
  g_ptr_array_unref (rec->attrs);
  g_free (rec);
}

static char *
unescape (const char *s,
          gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 1 < len)
        {
          char c = s[++i];

          if (c == 't')
            g_string_append_c (out, '\t');
          else if (c == 'n')
            g_string_append_c (out, '\n');
          else if (c == 'r')
            g_string_append_c (out, '\r');
          else
            g_string_append_c (out, c);
        }
      else
        g_string_append_c (out, s[i]);
    }
  return g_string_free (out, FALSE);
}

/* Splits a cell at "|" that is not escaped; the parts keep their escapes. */
static GPtrArray *
split_cell (const char *cell)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = cell;

  for (const char *p = cell; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == '|' || *p == '\0')
        {
          g_ptr_array_add (parts, g_strndup (start, p - start));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return parts;
}

/* "VALUE[12]" → "VALUE", "12"; "VALUE[1_3]" → "VALUE", "1_3". */
static char *
split_id (const char *element,
          char      **id)
{
  gsize len = strlen (element);
  const char *open;

  *id = NULL;
  if (len >= 3 && element[len - 1] == ']' && (len < 2 || element[len - 2] != '\\'))
    {
      open = strrchr (element, '[');
      if (open != NULL && (open == element || open[-1] != '\\') &&
          strspn (open + 1, "0123456789_") == (gsize) (element + len - 1 - (open + 1)) &&
          element + len - 1 > open + 1)
        {
          *id = g_strndup (open + 1, element + len - 1 - (open + 1));
          return g_strndup (element, open - element);
        }
    }
  return g_strdup (element);
}

static gboolean
is_empty_value (const char *raw)
{
  return *raw == '\0' || g_str_equal (raw, "*") || g_str_equal (raw, "_");
}

static char *
value_of (const char *raw)
{
  if (is_empty_value (raw))
    return NULL;
  return unescape (raw, strlen (raw));
}

static Layer *
find_span_layer (GPtrArray  *layers,
                 const char *type)
{
  for (guint i = 0; i < layers->len; i++)
    {
      Layer *layer = g_ptr_array_index (layers, i);

      if (layer->kind == LAYER_SPAN && g_str_equal (layer->type, type))
        return layer;
    }
  return NULL;
}

typedef struct {
  Layer *layer;
  char  *features;  /* raw cells joined by \t */
  char  *refs;
  char  *token;     /* target token address */
  int    line;
} PendingRelation;

static void
pending_relation_free (gpointer data)
{
  PendingRelation *pr = data;

  g_free (pr->features);
  g_free (pr->refs);
  g_free (pr->token);
  g_free (pr);
}

static guint
utf16_len (const char *s,
           gsize       len)
{
  guint n = 0;

  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    n += g_utf8_get_char (p) >= 0x10000 ? 2 : 1;
  return n;
}

/* "12-18": two numbers joined by a dash (token offsets, chain links). A
 * leading '-' belongs to the first number, so that "-3-18" is refused as
 * a negative offset rather than read as something else. */
static gboolean
parse_pair (const char  *text,
            gssize       len,
            guint       *first,
            guint       *second,
            char       **problem)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  const char *dash = n > 1 ? memchr (text + 1, '-', n - 1) : NULL;

  if (dash == NULL)
    {
      *problem = g_strdup ("expected two numbers joined by “-”");
      return FALSE;
    }
  return _newsmark_number_parse_uint (text, dash - text, first, problem) &&
         _newsmark_number_parse_uint (dash + 1, text + n - (dash + 1), second, problem);
}

/* "3-7" (sentence 3, token 7) or "3-7.2" (a part of that token, for a
 * span that starts or ends inside it); *part is 0 for a whole token. */
static gboolean
parse_token_id (const char  *id,
                guint       *sentence,
                guint       *token,
                guint       *part,
                char       **problem)
{
  const char *dot = strchr (id, '.');

  *part = 0;
  if (!parse_pair (id, dot != NULL ? dot - id : -1, sentence, token, problem))
    return FALSE;
  if (dot != NULL && !_newsmark_number_parse_uint (dot + 1, -1, part, problem))
    return FALSE;
  if (*sentence == 0 || *token == 0 || (dot != NULL && *part == 0))
    {
      *problem = g_strdup ("numbers count from 1");
      return FALSE;
    }
  return TRUE;
}

/* Where the tokens of one sentence are read: the sentence's text and its
 * first UTF-16 unit in the article, with a cursor that tokens, coming in
 * order, move little. */
typedef struct {
  const char *str;
  gsize       len;
  guint       start;
  guint       units;
  guint       cursor_unit;
  gsize       cursor_byte;
} SentenceText;

/* Byte offset in the sentence of its UTF-16 unit @unit; FALSE when that is
 * inside a character outside the Basic Multilingual Plane. */
static gboolean
sentence_byte_at (SentenceText *st,
                  guint         unit,
                  gsize        *byte)
{
  while (st->cursor_unit > unit)
    {
      const char *prev = g_utf8_prev_char (st->str + st->cursor_byte);

      st->cursor_unit -= g_utf8_get_char (prev) >= 0x10000 ? 2 : 1;
      st->cursor_byte = prev - st->str;
    }
  while (st->cursor_unit < unit && st->cursor_byte < st->len)
    {
      const char *p = st->str + st->cursor_byte;

      st->cursor_unit += g_utf8_get_char (p) >= 0x10000 ? 2 : 1;
      st->cursor_byte = g_utf8_next_char (p) - st->str;
    }
  *byte = st->cursor_byte;
  return st->cursor_unit == unit;
}

/* The span annotation a relation end names: by id, or the only one at
 * the token. Token-based relations get a span per token on demand. */
static SpanRec *
relation_end (Layer      *base,
              GPtrArray  *implicit,
              GHashTable *token_ranges,
              const char *token,
              const char *id,
              int         line)
{
  SpanRec *rec;

  if (base != NULL)
    {
      if (id != NULL && !g_str_equal (id, "0"))
        return g_hash_table_lookup (base->by_id, id);
      return g_hash_table_lookup (base->by_token, token);
    }

  rec = NULL;
  for (guint i = 0; i < implicit->len; i++)
    {
      SpanRec *r = g_ptr_array_index (implicit, i);

      if (g_str_equal (r->key, token))
        rec = r;
    }
  if (rec == NULL)
    {
      guint *range = g_hash_table_lookup (token_ranges, token);

      if (range == NULL)
        return NULL;
      rec = g_new0 (SpanRec, 1);
      rec->key = g_strdup (token);
      rec->label = g_strdup ("Token");
      rec->attrs = g_ptr_array_new_with_free_func (g_free);
      rec->begin = range[0];
      rec->end = range[1];
      rec->line = line;
      g_ptr_array_add (implicit, rec);
    }
  return rec;
}

typedef struct {
  Layer   *layer;
  guint    chain;
  guint    element;
  SpanRec *rec;
  char    *relation;  /* label of the link to the next element, may be NULL */
} ChainElement;

static void
chain_element_clear (gpointer data)
{
  g_free (((ChainElement *) data)->relation);
}

static int
compare_chain_elements (gconstpointer a,
                        gconstpointer b)
{
  const ChainElement *x = a, *y = b;

  if (x->layer != y->layer)
    return strcmp (x->layer->type, y->layer->type);
  if (x->chain != y->chain)
    return x->chain < y->chain ? -1 : 1;
  return x->element < y->element ? -1 : x->element > y->element ? 1 : 0;
}

gboolean
_newsmark_webanno_parse (NewsmarkImport *imp,
                         const char     *data,
                         gsize           len,
                         const char     *filename,
                         GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (data, len);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (layer_free);
  g_autoptr(GPtrArray) recs = g_ptr_array_new_with_free_func (span_rec_free);
  g_autoptr(GPtrArray) implicit = g_ptr_array_new_with_free_func (span_rec_free);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (pending_relation_free);
  g_autoptr(GHashTable) token_ranges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) chain_recs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) chain_elements = g_array_new (FALSE, FALSE, sizeof (ChainElement));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) sentence = g_string_new (NULL);
  g_autoptr(NewsmarkUtf16Map) map = NULL;
  g_autofree char *stem = newsmark_format_stem (filename);
  NewsmarkImportDoc *doc;
  guint n_columns = 3, text_units = 0;
  gsize padding = 0;  /* gap characters added to the text so far */
  /* A sentence's text waits for its first token to place it; a #Text=
   * line right after another continues the same sentence. */
  gboolean pending = FALSE, joining = FALSE;
  guint n_sentences = 0, last_token = 0;
  SentenceText current = { 0 };

  g_array_set_clear_func (chain_elements, chain_element_clear);

  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "#FORMAT=WebAnno TSV 3"))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s:1: not a WebAnno TSV 3 file (the first line must be “#FORMAT=WebAnno TSV 3.3”)",
                   filename);
      return FALSE;
    }

  for (guint l = 1; lines[l] != NULL; l++)
    {
      const char *line = lines[l];
      int lineno = (int) l + 1;

      if (g_str_has_prefix (line, "#T_SP=") || g_str_has_prefix (line, "#T_RL=") ||
          g_str_has_prefix (line, "#T_CH="))
        {
          g_auto(GStrv) parts = g_strsplit (line + 6, "|", -1);
          Layer *layer;
          const char *dot;

          if (parts[0] == NULL || *parts[0] == '\0')
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: a layer declaration without a type name", filename, lineno);
              return FALSE;
            }
          layer = g_new0 (Layer, 1);

          layer->kind = line[3] == 'S' ? LAYER_SPAN : line[3] == 'R' ? LAYER_RELATION : LAYER_CHAIN;
          layer->type = g_strdup (parts[0]);
          dot = strrchr (parts[0], '.');
          layer->short_name = g_strdup (dot != NULL ? dot + 1 : parts[0]);
          layer->features = g_ptr_array_new_with_free_func (g_free);
          layer->by_id = g_hash_table_new (g_str_hash, g_str_equal);
          layer->by_token = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          layer->first_column = n_columns;
          for (guint i = 1; parts[i] != NULL; i++)
            {
              if (layer->kind == LAYER_RELATION && g_str_has_prefix (parts[i], "BT_"))
                layer->base = g_strdup (parts[i] + 3);
              else
                g_ptr_array_add (layer->features, g_strdup (parts[i]));
            }
          /* A layer without features still has one column. */
          /* A span layer without features still has one column; a
           * relation layer has its features plus the source column. */
          if (layer->kind == LAYER_RELATION)
            layer->n_columns = layer->features->len + 1;
          else
            layer->n_columns = MAX (layer->features->len, 1);
          if (layer->kind == LAYER_CHAIN && layer->features->len != 2)
            {
              layer_free (layer);
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: a chain layer has two features (referenceType and "
                           "referenceRelation)", filename, lineno);
              return FALSE;
            }
          if (layer->kind == LAYER_RELATION && layer->base == NULL)
            {
              layer_free (layer);
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: relation layer without its “BT_” base type", filename, lineno);
              return FALSE;
            }
          n_columns += layer->n_columns;
          g_ptr_array_add (layers, layer);
          continue;
        }

      if (g_str_has_prefix (line, "#Text="))
        {
          g_autofree char *part = unescape (line + 6, strlen (line + 6));

          /* Consecutive #Text= lines are one sentence with line breaks. */
          if (joining)
            g_string_append_c (sentence, '\n');
          else if (pending)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: a sentence without tokens before this one: its place in the "
                           "text is unknown", filename, lineno);
              return FALSE;
            }
          else
            {
              g_string_truncate (sentence, 0);
              n_sentences++;
              last_token = 0;
            }
          g_string_append (sentence, part);
          joining = pending = TRUE;
          continue;
        }

      joining = FALSE;
      if (*line == '\0' || line[0] == '#')
        continue;

      {
        g_auto(GStrv) cells = g_strsplit (line, "\t", -1);
        guint n = g_strv_length (cells);
        g_autofree char *problem = NULL;
        guint b, e, sentence_no, token_no, part_no;
        guint range[2];

        /* INCEpTION ends each token line with a tab. */
        if (n > 0 && *cells[n - 1] == '\0' && n == n_columns + 1)
          n--;
        if (n != n_columns)
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: expected a token line “ID<TAB>BEGIN-END<TAB>TOKEN” with %u columns "
                         "as the header declares, found %u", filename, lineno, n_columns, n);
            return FALSE;
          }
        if (!parse_token_id (cells[0], &sentence_no, &token_no, &part_no, &problem))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: token id “%s”: %s (expected SENTENCE-TOKEN such as 1-3, or 1-3.1 for a "
                         "part of a token)", filename, lineno, cells[0], problem);
            return FALSE;
          }
        if (n_sentences == 0)
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: token %s before any sentence (expected a “#Text=” line first)",
                         filename, lineno, cells[0]);
            return FALSE;
          }
        if (sentence_no != n_sentences || token_no != (part_no == 0 ? last_token + 1 : last_token))
          {
            g_autofree char *part_of = last_token > 0 ? g_strdup_printf (", or %u-%u.N for a part of the "
                                                                          "token before", n_sentences, last_token)
                                                      : g_strdup ("");

            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: token %s out of order: expected %u-%u here%s",
                         filename, lineno, cells[0], n_sentences, last_token + 1, part_of);
            return FALSE;
          }
        last_token = token_no;
        if (!parse_pair (cells[1], -1, &b, &e, &problem))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: token %s: offsets “%s”: %s (expected BEGIN-END in UTF-16 code units)",
                         filename, lineno, cells[0], cells[1], problem);
            return FALSE;
          }
        if (b > e)
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                         "%s:%d: token %s: offsets “%s” end before they begin", filename, lineno,
                         cells[0], cells[1]);
            return FALSE;
          }

        if (pending)
          {
            /* The first token of a sentence places it in the text. */
            g_autofree char *token = unescape (cells[2], strlen (cells[2]));
            const char *at = *token != '\0' ? strstr (sentence->str, token) : sentence->str;
            guint lead = at != NULL ? utf16_len (sentence->str, at - sentence->str) : 0;
            guint start;

            if (at == NULL || b < lead || b - lead < text_units)
              {
                g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                             "%s:%d: token “%s” at %u does not fit its sentence “%.40s” after the "
                             "text so far (%u UTF-16 units)", filename, lineno, token, b,
                             sentence->str, text_units);
                return FALSE;
              }
            start = b - lead;
            if (start > text_units)
              {
                /* The gap stands for text the file leaves out (blank lines
                 * between sentences): it is rebuilt as spaces and a line
                 * break, never more of them than the file has bytes. */
                if (padding + (start - text_units) > len)
                  {
                    g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                                 "%s:%d: token %s: the sentence starts at %u, %u UTF-16 units after "
                                 "the text so far: a gap longer than the file itself (%" G_GSIZE_FORMAT
                                 " bytes) is refused", filename, lineno, cells[0], start, start - text_units, len);
                    return FALSE;
                  }
                padding += start - text_units;
                for (guint k = text_units; k + 1 < start; k++)
                  g_string_append_c (text, ' ');
                g_string_append_c (text, '\n');
              }
            g_string_append (text, sentence->str);
            text_units = start + utf16_len (sentence->str, sentence->len);
            pending = FALSE;
            current = (SentenceText) { sentence->str, sentence->len, start, text_units - start, 0, 0 };
          }

        /* Every token, annotated or not, is where it says and reads what
         * the sentence has there. */
        {
          /* Most tokens have nothing escaped: no copy for them. */
          g_autofree char *unescaped = strchr (cells[2], '\\') != NULL ? unescape (cells[2], strlen (cells[2])) : NULL;
          const char *token = unescaped != NULL ? unescaped : cells[2];
          gsize from, to;

          if (b < current.start || e - current.start > current.units ||
              !sentence_byte_at (&current, b - current.start, &from) ||
              !sentence_byte_at (&current, e - current.start, &to))
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: token %s: offsets %u-%u are not on characters of its sentence, "
                           "which spans %u-%u", filename, lineno, cells[0], b, e, current.start,
                           current.start + current.units);
              return FALSE;
            }
          if (to - from != strlen (token) || memcmp (current.str + from, token, to - from) != 0)
            {
              g_autofree char *there = g_strndup (current.str + from, to - from);

              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: token %s reads “%s” but its sentence has “%s” at %u-%u",
                           filename, lineno, cells[0], token, there, b, e);
              return FALSE;
            }
        }

        range[0] = b;
        range[1] = e;
        g_hash_table_insert (token_ranges, g_strdup (cells[0]), g_memdup2 (range, sizeof range));

        for (guint li = 0; li < layers->len; li++)
          {
            Layer *layer = g_ptr_array_index (layers, li);
            const char *first = cells[layer->first_column];

            if (layer->kind == LAYER_CHAIN)
              {
                /* "TYPE[CHAIN]" and "RELATION->CHAIN-ELEMENT", stacked alike:
                 * each element is a mention span, linked to the next one. */
                guint type_col = layer->first_column, rel_col = layer->first_column + 1;
                g_autoptr(GPtrArray) types = NULL;
                g_autoptr(GPtrArray) links = NULL;

                if (layer->features->len >= 2 && g_str_equal (g_ptr_array_index (layer->features, 0), "referenceRelation"))
                  {
                    type_col = layer->first_column + 1;
                    rel_col = layer->first_column;
                  }
                if (g_str_equal (cells[rel_col], "_"))
                  continue;
                types = split_cell (cells[type_col]);
                links = split_cell (cells[rel_col]);
                for (guint k = 0; k < links->len; k++)
                  {
                    const char *link = g_ptr_array_index (links, k);
                    const char *arrow = strstr (link, "->");
                    g_autofree char *chain_id = NULL;
                    g_autofree char *type_raw = NULL;
                    g_autofree char *key = NULL;
                    guint chain, element;
                    SpanRec *rec;

                    if (arrow == NULL || !parse_pair (arrow + 2, -1, &chain, &element, &problem))
                      {
                        g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                                     "%s:%d: “%s” is not a chain link (expected RELATION->CHAIN-ELEMENT)%s%s",
                                     filename, lineno, link, problem != NULL ? ": " : "",
                                     problem != NULL ? problem : "");
                        return FALSE;
                      }
                    key = g_strdup_printf ("%s:%u-%u", layer->type, chain, element);
                    rec = g_hash_table_lookup (chain_recs, key);
                    if (rec != NULL)
                      {
                        rec->begin = MIN (rec->begin, b);
                        rec->end = MAX (rec->end, e);
                        continue;
                      }
                    rec = g_new0 (SpanRec, 1);
                    rec->key = g_steal_pointer (&key);
                    rec->attrs = g_ptr_array_new_with_free_func (g_free);
                    rec->begin = b;
                    rec->end = e;
                    rec->line = lineno;
                    rec->layer = layer;
                    if (k < types->len)
                      type_raw = split_id (g_ptr_array_index (types, k), &chain_id);
                    rec->label = type_raw != NULL ? value_of (type_raw) : NULL;
                    if (rec->label == NULL)
                      rec->label = g_strdup (layer->short_name);
                    g_ptr_array_add (recs, rec);
                    g_hash_table_insert (chain_recs, rec->key, rec);
                    {
                      ChainElement ce = { layer, chain, element, rec, NULL };
                      g_autofree char *rel_raw = g_strndup (link, arrow - link);

                      ce.relation = value_of (rel_raw);
                      g_array_append_val (chain_elements, ce);
                    }
                  }
                continue;
              }

            if (layer->kind == LAYER_RELATION)
              {
                const char *refs = cells[layer->first_column + layer->n_columns - 1];
                PendingRelation *pr;

                if (g_str_equal (refs, "_"))
                  continue;
                pr = g_new0 (PendingRelation, 1);
                pr->layer = layer;
                pr->features = g_strdup (layer->features->len > 0 ? first : "*");
                pr->refs = g_strdup (refs);
                pr->token = g_strdup (cells[0]);
                pr->line = lineno;
                g_ptr_array_add (relations, pr);
                continue;
              }

            if (g_str_equal (first, "_"))
              continue;

            {
              g_autoptr(GPtrArray) elements = split_cell (first);

              for (guint k = 0; k < elements->len; k++)
                {
                  g_autofree char *id = NULL;
                  g_autofree char *raw = split_id (g_ptr_array_index (elements, k), &id);
                  SpanRec *rec = id != NULL ? g_hash_table_lookup (layer->by_id, id) : NULL;

                  if (rec != NULL)
                    {
                      rec->begin = MIN (rec->begin, b);
                      rec->end = MAX (rec->end, e);
                      continue;
                    }

                  rec = g_new0 (SpanRec, 1);
                  rec->key = g_strdup_printf ("%s:%s", layer->type, id != NULL ? id : cells[0]);
                  rec->attrs = g_ptr_array_new_with_free_func (g_free);
                  rec->begin = b;
                  rec->end = e;
                  rec->line = lineno;
                  rec->layer = layer;
                  g_ptr_array_add (recs, rec);
                  if (id != NULL)
                    g_hash_table_insert (layer->by_id, (gpointer) (rec->key + strlen (layer->type) + 1), rec);
                  if (!g_hash_table_contains (layer->by_token, cells[0]))
                    g_hash_table_insert (layer->by_token, g_strdup (cells[0]), rec);

                  /* Features: the k-th element of each feature column. */
                  for (guint f = 0; f < layer->features->len; f++)
                    {
                      const char *fname = g_ptr_array_index (layer->features, f);
                      g_autoptr(GPtrArray) fel = split_cell (cells[layer->first_column + f]);
                      g_autofree char *fid = NULL;
                      g_autofree char *fraw = NULL;
                      g_autofree char *value = NULL;

                      /* A slot feature is two columns: its roles, then its targets. */
                      if (g_str_has_prefix (fname, "ROLE_") || fname[0] == '\0' ||
                          (f > 0 && g_str_has_prefix (g_ptr_array_index (layer->features, f - 1), "ROLE_")))
                        {
                          if (fname[0] != '\0' && !g_hash_table_contains (ignored, fname))
                            {
                              g_hash_table_add (ignored, g_strdup (fname));
                              newsmark_import_warning (imp, filename, lineno, NULL,
                                                       "slot feature %s of %s not imported: Newsmark "
                                                       "has no slot features", fname, layer->type);
                            }
                          continue;
                        }
                      if (k >= fel->len)
                        continue;
                      fraw = split_id (g_ptr_array_index (fel, k), &fid);
                      value = value_of (fraw);
                      if (value == NULL)
                        continue;
                      if (rec->label == NULL && (g_str_equal (fname, "value") || f + 1 == layer->features->len ||
                                                 !g_ptr_array_find_with_equal_func (layer->features, "value", g_str_equal, NULL)))
                        rec->label = g_steal_pointer (&value);
                      else
                        {
                          g_ptr_array_add (rec->attrs, g_strdup (fname));
                          g_ptr_array_add (rec->attrs, g_steal_pointer (&value));
                        }
                    }
                  if (rec->label == NULL)
                    {
                      rec->label = g_strdup (layer->short_name);
                      rec->unset = TRUE;
                    }
                }
            }
          }
      }
    }

  if (pending)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s: the last sentence has no tokens: its place in the text is unknown", filename);
      return FALSE;
    }

  doc = newsmark_import_add_doc (imp, stem, filename, text->str, (gssize) text->len);

  /* A span without a value is labelled by its layer's name; the export
   * writes such spans unset again ("*"). */
  {
    g_autoptr(GHashTable) unset = g_hash_table_new (g_str_hash, g_str_equal);
    json_object *list = json_object_new_array ();

    for (guint i = 0; i < recs->len; i++)
      {
        SpanRec *rec = g_ptr_array_index (recs, i);

        if (rec->unset && g_hash_table_add (unset, rec->label))
          json_object_array_add (list, json_object_new_string (rec->label));
      }
    for (guint i = 0; i < recs->len; i++)
      {
        SpanRec *rec = g_ptr_array_index (recs, i);

        if (!rec->unset && g_hash_table_remove (unset, rec->label))
          newsmark_import_warning (imp, filename, rec->line, NULL,
                                   "the value “%s” is also the label given to spans without a value: "
                                   "the export writes all “%s” spans without a value", rec->label, rec->label);
      }
    json_object_object_add (newsmark_import_interchange (imp), "unset_labels", list);
  }
  map = newsmark_utf16_map_new (text->str, (gssize) text->len);

  for (guint i = 0; i < relations->len; i++)
    {
      PendingRelation *pr = g_ptr_array_index (relations, i);
      Layer *base = find_span_layer (layers, pr->layer->base);
      g_autoptr(GPtrArray) labels = split_cell (pr->features);
      g_autoptr(GPtrArray) refs = split_cell (pr->refs);

      if (base == NULL && !g_str_has_suffix (pr->layer->base, ".Token"))
        {
          newsmark_import_error (imp, filename, pr->line, NULL,
                                 "relation layer %s connects %s, which is not a span layer of this file",
                                 pr->layer->type, pr->layer->base);
          doc->failed = TRUE;
          continue;
        }
      for (guint k = 0; k < refs->len; k++)
        {
          g_autofree char *ids = NULL;
          g_autofree char *src_token = split_id (g_ptr_array_index (refs, k), &ids);
          g_auto(GStrv) pair = ids != NULL ? g_strsplit (ids, "_", 2) : NULL;
          SpanRec *from = relation_end (base, implicit, token_ranges, src_token,
                                        pair != NULL ? pair[0] : NULL, pr->line);
          SpanRec *to = relation_end (base, implicit, token_ranges, pr->token,
                                      pair != NULL && pair[1] != NULL ? pair[1] : NULL, pr->line);
          g_autofree char *lid = NULL;
          g_autofree char *lraw = k < labels->len ? split_id (g_ptr_array_index (labels, k), &lid) : g_strdup ("*");
          g_autofree char *label = value_of (lraw);

          if (from == NULL || to == NULL)
            {
              newsmark_import_error (imp, filename, pr->line, NULL,
                                     "relation refers to %s%s%s, where there is no %s annotation",
                                     src_token, ids != NULL ? " with ids " : "", ids != NULL ? ids : "",
                                     pr->layer->base);
              doc->failed = TRUE;
              continue;
            }
          newsmark_import_doc_add_relation (doc, label != NULL ? label : pr->layer->short_name,
                                            from->key, to->key, pr->line);
        }
    }

  /* Chains: each element links to the next one of its chain. */
  g_array_sort (chain_elements, compare_chain_elements);
  for (guint i = 0; i + 1 < chain_elements->len; i++)
    {
      ChainElement *ce = &g_array_index (chain_elements, ChainElement, i);
      ChainElement *next = &g_array_index (chain_elements, ChainElement, i + 1);

      if (next->layer != ce->layer || next->chain != ce->chain)
        continue;
      newsmark_import_doc_add_relation (doc, ce->relation != NULL ? ce->relation : ce->layer->short_name,
                                        ce->rec->key, next->rec->key, next->rec->line);
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *list = pass == 0 ? recs : implicit;

      for (guint i = 0; i < list->len; i++)
        {
          SpanRec *rec = g_ptr_array_index (list, i);
          NewsmarkImportSpan *span;
          guint s, e;

          if (!newsmark_utf16_map_to_chars (map, rec->begin, &s) || !newsmark_utf16_map_to_chars (map, rec->end, &e))
            {
              newsmark_import_error (imp, filename, rec->line, NULL,
                                     "offsets %u-%u do not fall on characters of the rebuilt text "
                                     "(%u UTF-16 units)", rec->begin, rec->end, map->n_units);
              doc->failed = TRUE;
              continue;
            }
          span = newsmark_import_doc_add_span (doc, rec->key, rec->label, s, e, rec->line);
          for (guint a = 0; a + 1 < rec->attrs->len; a += 2)
            newsmark_import_span_set_attribute (span, g_ptr_array_index (rec->attrs, a),
                                                g_variant_new_string (g_ptr_array_index (rec->attrs, a + 1)));
        }
    }

  return TRUE;
}

/* ---- Export ------------------------------------------------------------------- */

/* The one span layer written, and the label a span without a value in it
 * reads back as. */
#define SPAN_LAYER "webanno.custom.Span"
#define SPAN_LAYER_NAME "Span"

static void
append_escaped (GString    *out,
                const char *value,
                gboolean    text_line)
{
  if (!text_line && (*value == '\0'))
    {
      g_string_append_c (out, '*');
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '[':
        case ']':
        case '|':
        case '_':
        case '*':
        case ';':
          if (!text_line)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '-':
          if (!text_line && p[1] == '>')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static char *
feature_name (const char *name)
{
  char *out = g_strdup (name);

  for (char *p = out; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      *p = '_';
  return out;
}

typedef struct {
  NewsmarkSpan *span;
  guint         first;    /* token indices */
  guint         last;
  guint         id;       /* 0: single-token, not stacked */
} Unit;

/* Sentence bounds: split at a line break followed by a line with something
 * other than white space, once the sentence has some. Pairs of offsets. */
static GArray *
sentence_bounds (NewsmarkDocument *document)
{
  GArray *bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *p = newsmark_document_get_text (document);
  guint offset = 0, sent_start = 0;
  gboolean has_content = FALSE;

  for (; *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          gboolean next_has = FALSE;

          for (const char *q = p + 1; *q != '\0' && *q != '\n'; q = g_utf8_next_char (q))
            if (!g_unichar_isspace (g_utf8_get_char (q)))
              {
                next_has = TRUE;
                break;
              }
          if (next_has && has_content)
            {
              g_array_append_val (bounds, sent_start);
              g_array_append_val (bounds, offset);
              sent_start = offset + 1;
              has_content = FALSE;
            }
        }
      else if (!g_unichar_isspace (c))
        has_content = TRUE;
    }
  g_array_append_val (bounds, sent_start);
  g_array_append_val (bounds, offset);

  return bounds;
}

static void
append_attribute (GString    *out,
                  GVariant   *v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == NULL)
    append_escaped (out, "", FALSE);
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    append_escaped (out, g_variant_get_string (v, NULL), FALSE);
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    append_escaped (out, g_variant_get_boolean (v) ? "true" : "false", FALSE);
  else
    append_escaped (out, g_ascii_dtostr (buf, sizeof buf, g_variant_get_double (v)), FALSE);
}

/* One line of the file: a token, or a sub-token unit of it ("1-2.1") for
 * spans that start or end inside the token. */
typedef struct {
  guint      token;
  guint      sub;      /* 0 for the token line */
  guint      start;    /* code points */
  guint      end;
  GPtrArray *units;    /* unit indices (GUINT_TO_POINTER), may be NULL */
  GPtrArray *relations; /* NewsmarkRelation placed here, may be NULL */
} Line;

typedef struct {
  guint unit;
  guint start;
  guint end;
} Piece;

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *pa = a, *pb = b;

  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  if (pa->end != pb->end)
    return pa->end < pb->end ? -1 : 1;
  return pa->unit < pb->unit ? -1 : pa->unit > pb->unit ? 1 : 0;
}

static void
line_add_unit (Line  *line,
               guint  unit)
{
  if (line->units == NULL)
    line->units = g_ptr_array_new ();
  g_ptr_array_add (line->units, GUINT_TO_POINTER (unit));
}

gboolean
_newsmark_webanno_export (NewsmarkExport *exp,
                          GPtrArray      *sets,
                          GString        *out,
                          GError        **error)
{
  g_autoptr(GPtrArray) attr_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) units = NULL;
  g_autoptr(GArray) bounds = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(NewsmarkUtf16Map) map = NULL;
  g_autoptr(GHashTable) unit_of_span = NULL;
  g_autoptr(GHashTable) unset_labels = NULL;
  g_autofree guint *tok_sent = NULL;
  g_autofree guint *tok_index = NULL;
  g_autofree guint *first_line_of_token = NULL;
  g_autofree guint *unit_lines = NULL;
  g_autofree guint *unit_first_line = NULL;
  g_autofree gboolean *unit_stacked = NULL;
  g_autofree char *name = NULL;
  GArray **parts;
  GPtrArray **full;
  NewsmarkAnnotationSet *set;
  NewsmarkDocument *document;
  GListModel *relations;
  GListModel *labels;
  guint next_id = 1, t;
  gboolean any_relations = FALSE;

  if (sets->len != 1)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED,
                   "a WebAnno TSV file holds one document; %u given (export them one by one)", sets->len);
      return FALSE;
    }

  set = g_ptr_array_index (sets, 0);
  document = newsmark_annotation_set_get_document (set);

  /* Labels that stand for a span imported without a value. Only the
   * layer written here reads back as its own name ("Span"); another
   * layer's name is written as a value, or it would come back renamed. */
  unset_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    json_object *kept = _newsmark_interchange_get (set, NEWSMARK_FORMAT_WEBANNO_TSV);
    json_object *list = NULL;

    if (kept != NULL && json_object_object_get_ex (kept, "unset_labels", &list))
      for (gsize i = 0; i < json_object_array_length (list); i++)
        g_hash_table_insert (unset_labels, g_strdup (json_object_get_string (json_object_array_get_idx (list, i))),
                             GINT_TO_POINTER (g_str_equal (json_object_get_string (json_object_array_get_idx (list, i)),
                                                           SPAN_LAYER_NAME)));
    json_object_put (kept);
  }
  name = newsmark_export_set_name (set, 0);
  relations = newsmark_annotation_set_get_relations (set);
  labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));

  /* Features: "value" (the label) and every attribute the schema defines. */
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      GListModel *defs = newsmark_label_get_attributes (label);

      for (guint k = 0; k < g_list_model_get_n_items (defs); k++)
        {
          g_autoptr(NewsmarkAttributeDef) def = g_list_model_get_item (defs, k);
          const char *an = newsmark_attribute_def_get_name (def);

          if (!g_ptr_array_find_with_equal_func (attr_names, an, g_str_equal, NULL))
            {
              g_ptr_array_add (attr_names, g_strdup (an));
              /* A feature value is text: what it was typed as is lost. */
              if (newsmark_attribute_def_get_kind (def) != NEWSMARK_ATTRIBUTE_TEXT)
                newsmark_export_warning (exp, name, "attribute %s is %s: written as a feature, it reads "
                                         "back as free text", an,
                                         newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_NUMBER ? "a number" :
                                         newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_BOOLEAN ? "true or false"
                                                                                                             : "a choice of values");
            }
        }
    }

  spans = newsmark_export_spans (exp, set, FALSE);
  tokens = newsmark_tokenize (document);
  map = newsmark_utf16_map_new (newsmark_document_get_text (document),
                                (gssize) newsmark_document_get_n_bytes (document));
  units = g_array_new (FALSE, FALSE, sizeof (Unit));
  unit_of_span = g_hash_table_new (g_str_hash, g_str_equal);
  parts = g_new0 (GArray *, tokens->len + 1);
  full = g_new0 (GPtrArray *, tokens->len + 1);

  /* Each span fragment is a unit; it lies on the tokens it covers whole
   * and on sub-token units for the parts of tokens it covers. */
  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);
      guint n_frag = newsmark_span_get_n_fragments (span);
      NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
      const NewsmarkFragment *frags = n_frag > 0 ? newsmark_span_get_fragments (span) : &whole;
      g_autofree char *desc = newsmark_describe_span (span);

      if (n_frag > 0)
        newsmark_export_warning (exp, name, "discontinuous span %s split into %u spans, one per "
                                 "fragment; relations use the first", desc, n_frag);
      if (g_hash_table_contains (unset_labels, newsmark_span_get_label (span)) &&
          !GPOINTER_TO_INT (g_hash_table_lookup (unset_labels, newsmark_span_get_label (span))))
        newsmark_export_warning (exp, name, "span %s had no value in its layer %s: written with the "
                                 "value “%s” in " SPAN_LAYER, desc, newsmark_span_get_label (span),
                                 newsmark_span_get_label (span));
      if (newsmark_span_get_note (span) != NULL)
        newsmark_export_warning (exp, name, "note of span %s dropped (the WebAnno span layer "
                                 "written has no note feature)", desc);

      for (guint k = 0; k < MAX (n_frag, 1); k++)
        {
          guint first = _newsmark_tokens_first_ending_after (tokens, frags[k].start);
          guint after = _newsmark_tokens_starting_before (tokens, frags[k].end);
          Unit unit = { span, 0, 0, 0 };
          guint u = units->len, covered_start, covered_end;

          if (first >= after)
            {
              newsmark_export_warning (exp, name, "span %s covers no token (only white space): dropped", desc);
              continue;
            }
          covered_start = MAX (frags[k].start, g_array_index (tokens, NewsmarkFragment, first).start);
          covered_end = MIN (frags[k].end, g_array_index (tokens, NewsmarkFragment, after - 1).end);
          if (covered_start != frags[k].start || covered_end != frags[k].end)
            newsmark_export_warning (exp, name, "span %s starts or ends in white space, which WebAnno "
                                     "cannot mark: written as [%u, %u)", desc, covered_start, covered_end);
          unit.first = first;
          unit.last = after - 1;
          if (k == 0)
            g_hash_table_insert (unit_of_span, (gpointer) newsmark_span_get_id (span), GUINT_TO_POINTER (u + 1));
          g_array_append_val (units, unit);

          for (guint tk = first; tk < after; tk++)
            {
              NewsmarkFragment *tok = &g_array_index (tokens, NewsmarkFragment, tk);
              Piece piece = { u, MAX (frags[k].start, tok->start), MIN (frags[k].end, tok->end) };

              if (piece.start == tok->start && piece.end == tok->end)
                {
                  if (full[tk] == NULL)
                    full[tk] = g_ptr_array_new ();
                  g_ptr_array_add (full[tk], GUINT_TO_POINTER (u));
                }
              else
                {
                  if (parts[tk] == NULL)
                    parts[tk] = g_array_new (FALSE, FALSE, sizeof (Piece));
                  g_array_append_val (parts[tk], piece);
                }
            }
        }
    }

  /* Lines in file order: each token, then its sub-token units. */
  lines = g_array_new (FALSE, TRUE, sizeof (Line));
  first_line_of_token = g_new0 (guint, tokens->len + 1);
  for (guint tk = 0; tk < tokens->len; tk++)
    {
      NewsmarkFragment *tok = &g_array_index (tokens, NewsmarkFragment, tk);
      Line line = { tk, 0, tok->start, tok->end, NULL, NULL };

      first_line_of_token[tk] = lines->len;
      for (guint k = 0; full[tk] != NULL && k < full[tk]->len; k++)
        line_add_unit (&line, GPOINTER_TO_UINT (g_ptr_array_index (full[tk], k)));
      g_array_append_val (lines, line);

      if (parts[tk] != NULL)
        {
          g_array_sort (parts[tk], compare_pieces);
          for (guint k = 0; k < parts[tk]->len; k++)
            {
              Piece *p = &g_array_index (parts[tk], Piece, k);
              Line *last = &g_array_index (lines, Line, lines->len - 1);

              if (last->sub == 0 || last->start != p->start || last->end != p->end)
                {
                  Line sub = { tk, last->sub + 1, p->start, p->end, NULL, NULL };

                  g_array_append_val (lines, sub);
                  last = &g_array_index (lines, Line, lines->len - 1);
                }
              line_add_unit (last, p->unit);
            }
        }
    }

  /* A unit needs an id when it is on several lines or shares one. */
  unit_lines = g_new0 (guint, units->len + 1);
  unit_first_line = g_new0 (guint, units->len + 1);
  unit_stacked = g_new0 (gboolean, units->len + 1);
  for (guint l = 0; l < lines->len; l++)
    {
      Line *line = &g_array_index (lines, Line, l);

      for (guint k = 0; line->units != NULL && k < line->units->len; k++)
        {
          guint u = GPOINTER_TO_UINT (g_ptr_array_index (line->units, k));

          if (unit_lines[u]++ == 0)
            unit_first_line[u] = l;
          if (line->units->len > 1)
            unit_stacked[u] = TRUE;
        }
    }
  for (guint u = 0; u < units->len; u++)
    if (unit_lines[u] > 1 || unit_stacked[u])
      g_array_index (units, Unit, u).id = next_id++;

  /* Token addresses "SENT-TOKEN", counting only sentences with tokens. */
  bounds = sentence_bounds (document);
  tok_sent = g_new0 (guint, tokens->len + 1);
  tok_index = g_new0 (guint, tokens->len + 1);
  t = 0;
  for (guint s = 0, n_sent = 0; s + 1 < bounds->len; s += 2)
    {
      guint se = g_array_index (bounds, guint, s + 1);
      guint idx = 0;

      if (t >= tokens->len || g_array_index (tokens, NewsmarkFragment, t).start >= se)
        continue;
      n_sent++;
      for (; t < tokens->len && g_array_index (tokens, NewsmarkFragment, t).start < se; t++)
        {
          tok_sent[t] = n_sent;
          tok_index[t] = ++idx;
        }
    }

  /* Relations sit on the first line of their target. */
  for (guint i = 0; i < g_list_model_get_n_items (relations); i++)
    {
      g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);
      guint fu = GPOINTER_TO_UINT (g_hash_table_lookup (unit_of_span, newsmark_relation_get_from (rel)));
      guint tu = GPOINTER_TO_UINT (g_hash_table_lookup (unit_of_span, newsmark_relation_get_to (rel)));
      Line *line;

      if (fu == 0 || tu == 0)
        {
          newsmark_export_warning (exp, name, "relation %s (%s) not exported: one of its spans was "
                                   "not exported", newsmark_relation_get_id (rel),
                                   newsmark_relation_get_type_name (rel));
          continue;
        }
      any_relations = TRUE;
      line = &g_array_index (lines, Line, unit_first_line[tu - 1]);
      if (line->relations == NULL)
        line->relations = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (line->relations, g_object_ref (rel));
    }

  g_string_append (out, "#FORMAT=WebAnno TSV 3.3\n#T_SP=" SPAN_LAYER "|value");
  for (guint i = 0; i < attr_names->len; i++)
    {
      g_autofree char *fname = feature_name (g_ptr_array_index (attr_names, i));

      g_string_append_printf (out, "|%s", fname);
    }
  g_string_append_c (out, '\n');
  if (any_relations)
    g_string_append (out, "#T_RL=webanno.custom.Relation|value|BT_" SPAN_LAYER "\n");
  g_string_append (out, "\n");

  t = 0;
  for (guint s = 0; s + 1 < bounds->len; s += 2)
    {
      guint ss = g_array_index (bounds, guint, s), se = g_array_index (bounds, guint, s + 1);
      g_autofree char *stext = NULL;
      g_auto(GStrv) slines = NULL;

      if (t >= tokens->len || g_array_index (tokens, NewsmarkFragment, t).start >= se)
        continue;  /* white space only: the gap or the empty article */

      stext = newsmark_document_dup_slice (document, ss, se);
      slines = g_strsplit (stext, "\n", -1);
      g_string_append_c (out, '\n');
      for (guint k = 0; slines[k] != NULL; k++)
        {
          g_string_append (out, "#Text=");
          append_escaped (out, slines[k], TRUE);
          g_string_append_c (out, '\n');
        }

      for (; t < tokens->len && g_array_index (tokens, NewsmarkFragment, t).start < se; t++)
        for (guint l = first_line_of_token[t]; l < lines->len && g_array_index (lines, Line, l).token == t; l++)
          {
            Line *line = &g_array_index (lines, Line, l);
            g_autofree char *word = newsmark_document_dup_slice (document, line->start, line->end);

            if (line->sub == 0)
              g_string_append_printf (out, "%u-%u\t", tok_sent[t], tok_index[t]);
            else
              g_string_append_printf (out, "%u-%u.%u\t", tok_sent[t], tok_index[t], line->sub);
            g_string_append_printf (out, "%u-%u\t", newsmark_utf16_map_to_units (map, line->start),
                                    newsmark_utf16_map_to_units (map, line->end));
            append_escaped (out, word, TRUE);
            g_string_append_c (out, '\t');

            /* The value column, then one column per attribute. */
            for (guint col = 0; col <= attr_names->len; col++)
              {
                if (line->units == NULL)
                  g_string_append_c (out, '_');
                else
                  for (guint k = 0; k < line->units->len; k++)
                    {
                      Unit *unit = &g_array_index (units, Unit, GPOINTER_TO_UINT (g_ptr_array_index (line->units, k)));

                      if (k > 0)
                        g_string_append_c (out, '|');
                      if (col == 0)
                        append_escaped (out, GPOINTER_TO_INT (g_hash_table_lookup (unset_labels, newsmark_span_get_label (unit->span)))
                                             ? "" : newsmark_span_get_label (unit->span), FALSE);
                      else
                        append_attribute (out, newsmark_span_get_attribute (unit->span,
                                                                            g_ptr_array_index (attr_names, col - 1)));
                      if (unit->id != 0)
                        g_string_append_printf (out, "[%u]", unit->id);
                    }
                g_string_append_c (out, '\t');
              }

            if (any_relations)
              {
                if (line->relations == NULL)
                  g_string_append (out, "_\t_\t");
                else
                  {
                    g_autoptr(GString) refs = g_string_new (NULL);

                    for (guint k = 0; k < line->relations->len; k++)
                      {
                        NewsmarkRelation *rel = g_ptr_array_index (line->relations, k);
                        guint fu = GPOINTER_TO_UINT (g_hash_table_lookup (unit_of_span, newsmark_relation_get_from (rel))) - 1;
                        guint tu = GPOINTER_TO_UINT (g_hash_table_lookup (unit_of_span, newsmark_relation_get_to (rel))) - 1;
                        Line *src = &g_array_index (lines, Line, unit_first_line[fu]);
                        Unit *from = &g_array_index (units, Unit, fu);
                        Unit *to = &g_array_index (units, Unit, tu);

                        if (k > 0)
                          {
                            g_string_append_c (out, '|');
                            g_string_append_c (refs, '|');
                          }
                        append_escaped (out, newsmark_relation_get_type_name (rel), FALSE);
                        g_string_append_printf (refs, "%u-%u", tok_sent[src->token], tok_index[src->token]);
                        if (src->sub != 0)
                          g_string_append_printf (refs, ".%u", src->sub);
                        if (from->id != 0 || to->id != 0)
                          g_string_append_printf (refs, "[%u_%u]", from->id, to->id);
                      }
                    g_string_append_printf (out, "\t%s\t", refs->str);
                  }
              }
            g_string_append_c (out, '\n');
          }
    }

  for (guint l = 0; l < lines->len; l++)
    {
      Line *line = &g_array_index (lines, Line, l);

      g_clear_pointer (&line->units, g_ptr_array_unref);
      g_clear_pointer (&line->relations, g_ptr_array_unref);
    }
  for (guint k = 0; k < tokens->len; k++)
    {
      g_clear_pointer (&parts[k], g_array_unref);
      g_clear_pointer (&full[k], g_ptr_array_unref);
    }
  g_free (parts);
  g_free (full);

  return TRUE;
}
