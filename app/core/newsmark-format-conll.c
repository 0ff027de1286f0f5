/* newsmark-format-conll.c — CoNLL-2003 and IOB columns
 *
 * Import reads one token per line with its tag in the last column
 * (CoNLL-2003's four columns, two-column BIO files, tab or space
 * separated), GermEval 2014's numbered lines with an outer and an inner
 * tag column (nested spans), and spaCy's sentence-per-line "TOKEN|POS|TAG"
 * files. Tags may be IOB1, IOB2, BIOES or BILOU: "I-X" after something
 * other than X opens a span, "B-X" always opens one, "E-X"/"L-X" close
 * one and "S-X"/"U-X" are single-token spans. "-DOCSTART-" lines separate
 * documents and blank lines separate sentences. CoNLL keeps no article
 * text: it is rebuilt as the tokens joined by spaces, one sentence per line.
 *
 * Export writes "TOKEN _ _ TAG" lines in IOB2 using newsmark_tokenize(),
 * a blank line wherever the article has a line break, and -DOCSTART-
 * between articles. A token has one tag, so overlapping and nested spans,
 * discontinuities, attributes, notes and relations cannot all be kept: each
 * loss is a warning naming the span.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-number-private.h"

typedef struct {
  char *type;       /* open span's type, NULL when none */
  guint start;
  guint end;
  int   line;
  /* The tag before in this column and sentence ('\0': none yet). */
  char  last_prefix;
  char *last_type;
  int   last_line;
  int   last_column;
} TagState;

static gboolean
parse_tag (const char  *tag,
           char        *prefix,
           const char **type)
{
  if (g_str_equal (tag, "O"))
    {
      *prefix = 'O';
      *type = NULL;
      return TRUE;
    }
  if (strlen (tag) >= 3 && strchr ("BIESLU", tag[0]) != NULL && tag[1] == '-')
    {
      *prefix = tag[0];
      *type = tag + 2;
      return TRUE;
    }
  return FALSE;
}

static void
close_span (NewsmarkImportDoc *doc,
            TagState          *st)
{
  if (st->type == NULL)
    return;
  newsmark_import_doc_add_span (doc, NULL, st->type, st->start, st->end, st->line);
  g_clear_pointer (&st->type, g_free);
}

static void
apply_tag (NewsmarkImportDoc *doc,
           TagState          *st,
           char               prefix,
           const char        *type,
           guint              start,
           guint              end,
           int                line)
{
  gboolean continues = st->type != NULL && type != NULL && g_str_equal (st->type, type);

  switch (prefix)
    {
    case 'O':
      close_span (doc, st);
      return;
    case 'I':
    case 'E':
    case 'L':
      if (continues)
        st->end = end;
      else
        {
          close_span (doc, st);
          st->type = g_strdup (type);
          st->start = start;
          st->end = end;
          st->line = line;
        }
      if (prefix != 'I')
        close_span (doc, st);
      return;
    case 'B':
    case 'S':
    case 'U':
    default:
      close_span (doc, st);
      st->type = g_strdup (type);
      st->start = start;
      st->end = end;
      st->line = line;
      if (prefix != 'B')
        close_span (doc, st);
      return;
    }
}

typedef struct {
  NewsmarkImport    *imp;
  const char        *filename;
  char              *stem;
  NewsmarkImportDoc *doc;
  GString           *text;
  guint              n_chars;
  gboolean           sentence_open;
  guint              n_sentence_tokens;
  TagState           states[2];
  guint              n_docs;
  /* BIOES (or BILOU) shows in its E-, S-, L- and U- tags. Until one is
   * seen, sequences that IOB1 and IOB2 allow but BIOES does not (a span
   * opened by I-, one left without its E-) are only remembered: the
   * first of them is an error once the file turns out to be BIOES. */
  gboolean           bioes;
  char              *not_bioes;   /* "FILE:LINE:COLUMN: …", the first such */
} ConllReader;

/* How a tag's place reads in messages. */
static char *
describe_tag (char        prefix,
              const char *type)
{
  if (prefix == '\0')
    return g_strdup ("the start of the sentence");
  if (prefix == 'O')
    return g_strdup ("O");
  return g_strdup_printf ("%c-%s", prefix, type);
}

/* Checks the sequence of tags in one column against BIOES: @prefix and
 * @type are the tag at @line:@column, or '\0' at the end of a sentence.
 * Returns FALSE with @error for a sequence no scheme allows, or one that
 * BIOES forbids in a file that is BIOES. */
static gboolean
check_sequence (ConllReader *r,
                TagState    *st,
                char         prefix,
                const char  *type,
                int          line,
                int          column,
                GError     **error)
{
  gboolean open = st->last_prefix == 'B' || st->last_prefix == 'I';
  gboolean continues = open && type != NULL && g_str_equal (st->last_type, type);
  g_autofree char *before = describe_tag (st->last_prefix, st->last_type);
  g_autofree char *here = prefix == '\0' ? g_strdup ("the end of the sentence") : describe_tag (prefix, type);
  g_autofree char *problem = NULL;
  gboolean always = FALSE;

  if (prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U')
    r->bioes = TRUE;

  if ((prefix == 'E' || prefix == 'L') && !continues)
    {
      /* No scheme ends a span that was not begun. */
      problem = g_strdup_printf ("%s:%d:%d: %s does not close a span: the tag before is %s (expected "
                                 "B-%s or I-%s before it)", r->filename, line, column, here, before, type, type);
      always = TRUE;
    }
  else if (prefix == 'I' && !continues)
    {
      /* IOB1 opens a span so; BIOES, evident after S- or E-, does not. */
      problem = g_strdup_printf ("%s:%d:%d: %s does not continue a span: the tag before is %s (BIOES "
                                 "opens a span with B-%s, or tags a single token S-%s)",
                                 r->filename, line, column, here, before, type, type);
      always = st->last_prefix != '\0' && strchr ("ESLU", st->last_prefix) != NULL;
    }
  else if (open && prefix != 'I' && prefix != 'E' && prefix != 'L')
    {
      /* IOB2 ends a span so; BIOES needs its E-. */
      problem = g_strdup_printf ("%s:%d:%d: %s is not closed: %s follows it (BIOES ends a span with E-%s)",
                                 r->filename, st->last_line, st->last_column, before, here, st->last_type);
    }

  if (problem != NULL && (always || r->bioes))
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT, problem);
      return FALSE;
    }
  if (problem != NULL && r->not_bioes == NULL)
    r->not_bioes = g_steal_pointer (&problem);
  if (r->bioes && r->not_bioes != NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT, r->not_bioes);
      return FALSE;
    }

  st->last_prefix = prefix;
  g_free (st->last_type);
  st->last_type = g_strdup (type);
  st->last_line = line;
  st->last_column = column;
  return TRUE;
}

static gboolean
end_sentence (ConllReader  *r,
              int           line,
              GError      **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < 2; i++)
    {
      TagState *st = &r->states[i];

      if (ok && st->last_prefix != '\0')
        ok = check_sequence (r, st, '\0', NULL, line, 1, error);
      st->last_prefix = '\0';
      g_clear_pointer (&st->last_type, g_free);
      if (r->doc != NULL)
        close_span (r->doc, st);
    }
  r->sentence_open = FALSE;
  r->n_sentence_tokens = 0;
  return ok;
}

static gboolean
end_document (ConllReader  *r,
              int           line,
              GError      **error)
{
  if (!end_sentence (r, line, error))
    return FALSE;
  if (r->doc != NULL)
    {
      /* The text was built while reading the tokens. */
      g_free (r->doc->text);
      r->doc->text = g_strndup (r->text->str, r->text->len);
    }
  r->doc = NULL;
  g_string_truncate (r->text, 0);
  r->n_chars = 0;
  return TRUE;
}

static void
ensure_document (ConllReader *r)
{
  g_autofree char *name = NULL;

  if (r->doc != NULL)
    return;
  name = g_strdup_printf ("%s-%04u", r->stem, ++r->n_docs);
  r->doc = newsmark_import_add_doc (r->imp, name, r->filename, "", 0);
}

static gboolean
add_token (ConllReader  *r,
           const char   *token,
           const char  **tags,
           const int    *columns,
           guint         n_tags,
           int           line,
           GError      **error)
{
  guint start, end;

  ensure_document (r);
  if (r->sentence_open)
    {
      g_string_append_c (r->text, ' ');
      r->n_chars++;
    }
  else if (r->text->len > 0)
    {
      g_string_append_c (r->text, '\n');
      r->n_chars++;
    }
  r->sentence_open = TRUE;
  r->n_sentence_tokens++;
  start = r->n_chars;
  g_string_append (r->text, token);
  r->n_chars += g_utf8_strlen (token, -1);
  end = r->n_chars;

  for (guint i = 0; i < n_tags; i++)
    {
      char prefix;
      const char *type;

      if (!parse_tag (tags[i], &prefix, &type))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s:%d: “%s” is not a tag (expected O, or B-, I-, E-, S-, L- or U- "
                       "followed by a label) — is this a CoNLL/IOB file?", r->filename, line, tags[i]);
          return FALSE;
        }
      if (!check_sequence (r, &r->states[i], prefix, type, line, columns[i], error))
        return FALSE;
      apply_tag (r->doc, &r->states[i], prefix, type, start, end, line);
    }

  return TRUE;
}

/* Whether a line's @fields are a token with its tag(s): as many columns as
 * the file's other token lines (any number from 2 before the first one),
 * the last a tag. */
static gboolean
is_token_line (char  **fields,
               guint   n,
               int     n_columns)
{
  char prefix;
  const char *type;

  if (n < 2 || (n_columns > 0 && (int) n != n_columns))
    return FALSE;
  return parse_tag (fields[n - 1], &prefix, &type);
}

/* The column (in code points, from 1) where field @index of @line starts,
 * the fields as split_fields gives them. */
static int
field_column (const char *line,
              guint       index)
{
  const char *p = line;

  for (guint i = 0; ; i++)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (i == index || *p == '\0')
        break;
      p += strcspn (p, " \t");
    }
  return (int) g_utf8_strlen (line, p - line) + 1;
}

/* Fields separated by runs of spaces or tabs. */
static char **
split_fields (const char *line)
{
  GPtrArray *fields = g_ptr_array_new ();
  const char *p = line;

  while (*p != '\0')
    {
      gsize n;

      while (*p == ' ' || *p == '\t')
        p++;
      n = strcspn (p, " \t");
      if (n == 0)
        break;
      g_ptr_array_add (fields, g_strndup (p, n));
      p += n;
    }
  g_ptr_array_add (fields, NULL);
  return (char **) g_ptr_array_free (fields, FALSE);
}

gboolean
_newsmark_conll_parse (NewsmarkImport *imp,
                       const char     *data,
                       gsize           len,
                       const char     *filename,
                       GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (data, len);
  ConllReader r = { 0 };
  int n_columns = -1;
  gboolean germeval = FALSE;
  gboolean ok = TRUE;

  r.imp = imp;
  r.filename = filename;
  r.stem = newsmark_format_stem (filename);
  r.text = g_string_new (NULL);

  for (guint l = 0; ok && lines[l] != NULL; l++)
    {
      g_autofree char *copy = g_strstrip (g_strdup (lines[l]));
      g_auto(GStrv) fields = NULL;
      int lineno = (int) l + 1;
      guint n;

      if (*copy == '\0')
        {
          ok = end_sentence (&r, lineno, error);
          continue;
        }
      if (g_str_has_prefix (copy, "-DOCSTART-"))
        {
          ok = end_document (&r, lineno, error);
          continue;
        }

      fields = split_fields (copy);
      n = g_strv_length (fields);

      /* A line starting with "#" is a token when it has the file's columns
       * and ends in a tag: tweets have "#Russia B-location" and "# O".
       * Anything else is a comment ("# text = …", "#begin document",
       * GermEval's "#<TAB>SOURCE"): skipped, and said so. */
      if (copy[0] == '#' && !is_token_line (fields, n, n_columns))
        {
          glong n_chars = g_utf8_strlen (copy, -1);
          g_autofree char *shown = g_utf8_substring (copy, 0, MIN (n_chars, 60));
          g_autofree char *expected = n_columns > 0 ? g_strdup_printf ("%d columns", n_columns)
                                                    : g_strdup ("two or more columns");

          newsmark_import_warning (imp, filename, lineno, NULL,
                                   "skipped as a comment: “%s%s” (a token line has %s, the last a tag)",
                                   shown, n_chars > 60 ? "…" : "", expected);
          continue;
        }

      /* spaCy's sentence-per-line form: "Token|POS|TAG Token|POS|TAG". */
      if (n >= 1 && strchr (fields[0], '|') != NULL && n_columns < 0)
        {
          for (guint i = 0; ok && i < n; i++)
            {
              g_auto(GStrv) parts = g_strsplit (fields[i], "|", -1);
              guint np = g_strv_length (parts);
              const char *tag[1];
              int column[1];

              if (np < 2)
                {
                  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                               "%s:%d: “%s” is not TOKEN|…|TAG", filename, lineno, fields[i]);
                  ok = FALSE;
                  break;
                }
              tag[0] = parts[np - 1];
              column[0] = field_column (lines[l], i) +
                          (int) g_utf8_strlen (fields[i], strrchr (fields[i], '|') + 1 - fields[i]);
              ok = add_token (&r, parts[0], tag, column, 1, lineno, error);
            }
          if (ok)
            ok = end_sentence (&r, lineno, error);
          continue;
        }

      if (n_columns < 0)
        {
          n_columns = (int) n;
          germeval = n == 4 && g_ascii_isdigit (fields[0][0]) && strspn (fields[0], "0123456789") == strlen (fields[0]);
          if (n < 2)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d: one column only: expected TOKEN … TAG columns", filename, lineno);
              ok = FALSE;
              break;
            }
        }
      else if ((int) n != n_columns)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                       "%s:%d: %u columns where the file started with %d", filename, lineno, n, n_columns);
          ok = FALSE;
          break;
        }

      if (germeval)
        {
          const char *tags[2] = { fields[2], fields[3] };
          const int columns[2] = { field_column (lines[l], 2), field_column (lines[l], 3) };
          g_autofree char *problem = NULL;
          guint number;

          /* GermEval numbers the tokens of each sentence from 1. */
          if (!_newsmark_number_parse_uint (fields[0], -1, &number, &problem) ||
              number != r.n_sentence_tokens + 1)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                           "%s:%d:%d: token number “%s”: expected %u (GermEval numbers the tokens of each "
                           "sentence from 1)%s%s", filename, lineno, field_column (lines[l], 0), fields[0],
                           r.n_sentence_tokens + 1, problem != NULL ? ": " : "", problem != NULL ? problem : "");
              ok = FALSE;
              break;
            }
          ok = add_token (&r, fields[1], tags, columns, 2, lineno, error);
        }
      else
        {
          const char *tags[1] = { fields[n - 1] };
          const int columns[1] = { field_column (lines[l], n - 1) };

          ok = add_token (&r, fields[0], tags, columns, 1, lineno, error);
        }
    }

  if (ok)
    ok = end_document (&r, (int) g_strv_length (lines), error);

  for (guint i = 0; i < 2; i++)
    {
      g_free (r.states[i].type);
      g_free (r.states[i].last_type);
    }
  g_free (r.not_bioes);
  g_string_free (r.text, TRUE);
  g_free (r.stem);

  if (ok && r.n_docs == 0)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FORMAT,
                   "%s: no tokens found (expected TOKEN … TAG lines)", filename);
      return FALSE;
    }

  return ok;
}

/* ---- Export ------------------------------------------------------------------- */

typedef struct {
  NewsmarkSpan *span;
  guint         first;  /* token indices, inclusive */
  guint         last;
} Chunk;

gboolean
_newsmark_conll_export (NewsmarkExport *exp,
                        GPtrArray      *sets,
                        GString        *out,
                        GError        **error)
{
  for (guint d = 0; d < sets->len; d++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, d);
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
      g_autoptr(GPtrArray) spans = newsmark_export_spans (exp, set, FALSE);
      g_autofree char *name = newsmark_export_set_name (set, d);
      g_autoptr(GArray) tokens = newsmark_tokenize (document);
      g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
      g_autofree Chunk **tag_of = g_new0 (Chunk *, tokens->len + 1);
      g_autofree gboolean *begins = g_new0 (gboolean, tokens->len + 1);
      g_autofree gboolean *line_break_before = g_new0 (gboolean, tokens->len + 1);
      guint n_relations = g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));
      const char *text = newsmark_document_get_text (document);
      Chunk *last_kept = NULL;

      /* A line break between two tokens ends a sentence. */
      for (guint i = 1; i < tokens->len; i++)
        {
          guint a = g_array_index (tokens, NewsmarkFragment, i - 1).end;
          guint b = g_array_index (tokens, NewsmarkFragment, i).start;
          const char *p = text + newsmark_document_offset_to_byte (document, a);
          const char *q = text + newsmark_document_offset_to_byte (document, b);

          line_break_before[i] = memchr (p, '\n', q - p) != NULL || memchr (p, '\r', q - p) != NULL;
        }

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);
          guint n_frag = newsmark_span_get_n_fragments (span);
          NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
          const NewsmarkFragment *frags = n_frag > 0 ? newsmark_span_get_fragments (span) : &whole;
          g_auto(GStrv) attrs = newsmark_span_list_attributes (span);
          g_autofree char *desc = newsmark_describe_span (span);

          if (n_frag > 0)
            newsmark_export_warning (exp, name, "discontinuous span %s split into %u spans, one per "
                                     "fragment (CoNLL spans are contiguous)", desc, n_frag);
          if (attrs[0] != NULL || newsmark_span_get_note (span) != NULL)
            {
              g_autofree char *list = g_strjoinv (", ", attrs);

              newsmark_export_warning (exp, name, "span %s: %s%s%s dropped (CoNLL has tags only)", desc,
                                       attrs[0] != NULL ? "attributes " : "", list,
                                       newsmark_span_get_note (span) != NULL ? (attrs[0] != NULL ? " and note" : "note") : "");
            }

          for (guint k = 0; k < MAX (n_frag, 1); k++)
            {
              guint first = _newsmark_tokens_first_ending_after (tokens, frags[k].start);
              guint after = _newsmark_tokens_starting_before (tokens, frags[k].end);
              Chunk chunk;

              if (first >= after)
                {
                  newsmark_export_warning (exp, name, "span %s covers no token (only white space): "
                                           "dropped", desc);
                  continue;
                }
              if (g_array_index (tokens, NewsmarkFragment, first).start != frags[k].start ||
                  g_array_index (tokens, NewsmarkFragment, after - 1).end != frags[k].end)
                newsmark_export_warning (exp, name, "span %s does not start and end on token "
                                         "boundaries: widened to whole tokens [%u, %u)", desc,
                                         g_array_index (tokens, NewsmarkFragment, first).start,
                                         g_array_index (tokens, NewsmarkFragment, after - 1).end);
              chunk.span = span;
              chunk.first = first;
              chunk.last = after - 1;
              g_array_append_val (chunks, chunk);
            }
        }

      /* Spans come in position order, outer first: keep a span when it
       * starts after the last kept one ends. */
      for (guint i = 0; i < chunks->len; i++)
        {
          Chunk *c = &g_array_index (chunks, Chunk, i);

          if (last_kept != NULL && c->first <= last_kept->last)
            {
              g_autofree char *desc = newsmark_describe_span (c->span);
              g_autofree char *other = newsmark_describe_span (last_kept->span);
              gboolean nested = c->last <= last_kept->last;

              newsmark_export_warning (exp, name, "span %s %s span %s: dropped (a CoNLL token has "
                                       "one tag)", desc, nested ? "is nested in" : "overlaps", other);
              continue;
            }
          last_kept = c;
          begins[c->first] = TRUE;
          for (guint t = c->first; t <= c->last; t++)
            tag_of[t] = c;
          for (guint t = c->first + 1; t <= c->last; t++)
            if (line_break_before[t])
              {
                g_autofree char *desc = newsmark_describe_span (c->span);

                newsmark_export_warning (exp, name, "span %s crosses a line break, where CoNLL ends "
                                         "the sentence: it reads back as two spans", desc);
                break;
              }
        }

      if (n_relations > 0)
        {
          GListModel *relations = newsmark_annotation_set_get_relations (set);
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint i = 0; i < n_relations; i++)
            {
              g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);

              g_string_append_printf (list, "%s%s %s %s → %s", i > 0 ? ", " : "", newsmark_relation_get_id (rel),
                                      newsmark_relation_get_type_name (rel), newsmark_relation_get_from (rel),
                                      newsmark_relation_get_to (rel));
            }
          newsmark_export_warning (exp, name, "%u relations dropped (CoNLL has no relations): %s",
                                   n_relations, list->str);
        }

      g_string_append (out, "-DOCSTART- -X- -X- O\n\n");
      for (guint i = 0; i < tokens->len; i++)
        {
          NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);
          g_autofree char *word = newsmark_document_dup_slice (document, t->start, t->end);

          if (i > 0 && line_break_before[i])
            g_string_append_c (out, '\n');
          g_string_append (out, word);
          g_string_append (out, " _ _ ");
          if (tag_of[i] == NULL)
            g_string_append_c (out, 'O');
          else
            {
              g_string_append_c (out, begins[i] ? 'B' : 'I');
              g_string_append_c (out, '-');
              g_string_append (out, newsmark_span_get_label (tag_of[i]->span));
            }
          g_string_append_c (out, '\n');
        }
      g_string_append_c (out, '\n');
    }

  return TRUE;
}
