/* newsmark-corpus-search.c — finding text in every article of a corpus
 *
 * Normalising every article for every query would cost more than reading
 * them. The normalised query always contains a piece the normaliser copies
 * byte for byte (letters, digits, most punctuation): an article that
 * contains neither that piece nor a character the normaliser drops cannot
 * match, and is skipped after one memmem. Only the others are normalised,
 * with the map back to exact offsets that anchoring uses.
 */
#include "config.h"

#include <string.h>

#include "newsmark/newsmark-corpus-search.h"
#include "newsmark/newsmark-suggest.h"
#include "newsmark-anchor-private.h"
#include "newsmark-corpus-private.h"

#define CONTEXT_CHARS 40

/* ---- Hits ------------------------------------------------------------------------- */

struct _NewsmarkCorpusHit
{
  GObject                parent_instance;

  NewsmarkCorpusArticle *article;
  guint                  start;
  guint                  end;
  guint                  line;
  guint                  paragraph;
  char                  *match;
  char                  *before;
  char                  *after;
};

G_DEFINE_FINAL_TYPE (NewsmarkCorpusHit, newsmark_corpus_hit, G_TYPE_OBJECT)

static void
newsmark_corpus_hit_finalize (GObject *object)
{
  NewsmarkCorpusHit *self = NEWSMARK_CORPUS_HIT (object);

  g_clear_object (&self->article);
  g_free (self->match);
  g_free (self->before);
  g_free (self->after);

  G_OBJECT_CLASS (newsmark_corpus_hit_parent_class)->finalize (object);
}

static void
newsmark_corpus_hit_class_init (NewsmarkCorpusHitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = newsmark_corpus_hit_finalize;
}

static void
newsmark_corpus_hit_init (NewsmarkCorpusHit *self)
{
}

NewsmarkCorpusArticle *
newsmark_corpus_hit_get_article (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), NULL);
  return self->article;
}

guint
newsmark_corpus_hit_get_start (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), 0);
  return self->start;
}

guint
newsmark_corpus_hit_get_end (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), 0);
  return self->end;
}

guint
newsmark_corpus_hit_get_line (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), 0);
  return self->line;
}

guint
newsmark_corpus_hit_get_paragraph (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), 0);
  return self->paragraph;
}

const char *
newsmark_corpus_hit_get_match (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), NULL);
  return self->match;
}

const char *
newsmark_corpus_hit_get_before (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), NULL);
  return self->before;
}

const char *
newsmark_corpus_hit_get_after (NewsmarkCorpusHit *self)
{
  g_return_val_if_fail (NEWSMARK_IS_CORPUS_HIT (self), NULL);
  return self->after;
}

/* ---- Lines and context ------------------------------------------------------------ */

/* Where a walk through the text has got to. */
typedef struct {
  gsize    byte;
  guint    line;
  guint    paragraph;     /* non-blank lines begun so far */
  gboolean line_has_text;
} Cursor;

static gsize
line_break_at (const char *text,
               gsize       n_bytes,
               gsize       i)
{
  if (text[i] == '\n')
    return 1;
  if (text[i] == '\r')
    return i + 1 < n_bytes && text[i + 1] == '\n' ? 2 : 1;
  /* U+2029 PARAGRAPH SEPARATOR */
  if ((guchar) text[i] == 0xE2 && i + 2 < n_bytes && (guchar) text[i + 1] == 0x80 && (guchar) text[i + 2] == 0xA9)
    return 3;
  return 0;
}

static void
advance (Cursor     *c,
         const char *text,
         gsize       n_bytes,
         gsize       to)
{
  while (c->byte < to)
    {
      gsize brk = line_break_at (text, n_bytes, c->byte);

      if (brk > 0)
        {
          c->line++;
          c->line_has_text = FALSE;
          c->byte += brk;
          continue;
        }
      if (!c->line_has_text && text[c->byte] != ' ' && text[c->byte] != '\t')
        {
          c->line_has_text = TRUE;
          c->paragraph++;
        }
      c->byte++;
    }
}

static gboolean
is_line_break_before (const char *text,
                      gsize       i)
{
  return text[i - 1] == '\n' || text[i - 1] == '\r' ||
         (i >= 3 && (guchar) text[i - 3] == 0xE2 && (guchar) text[i - 2] == 0x80 && (guchar) text[i - 1] == 0xA9);
}

static char *
flat (const char *text,
      gsize       from,
      gsize       to)
{
  char *copy = g_strndup (text + from, to - from);

  g_strdelimit (copy, "\t\v\f", ' ');
  return copy;
}

static char *
context_before (const char *text,
                gsize       start)
{
  gsize from = start;

  for (guint n = 0; n < CONTEXT_CHARS && from > 0 && !is_line_break_before (text, from); n++)
    from = (gsize) (g_utf8_find_prev_char (text, text + from) - text);
  return flat (text, from, start);
}

static char *
context_after (const char *text,
               gsize       n_bytes,
               gsize       end)
{
  gsize to = end;

  for (guint n = 0; n < CONTEXT_CHARS && to < n_bytes && line_break_at (text, n_bytes, to) == 0; n++)
    to = (gsize) (g_utf8_next_char (text + to) - text);
  return flat (text, end, to);
}

/* ---- Searching -------------------------------------------------------------------- */

typedef struct {
  char       *root;
  char       *needle;
  gsize       needle_len;
  gsize       piece_start;
  gsize       piece_len;
  GPtrArray  *articles;   /* NewsmarkCorpusArticle*, owned */
  GPtrArray **hits;       /* per article, NULL when none */
  NewsmarkProblem **problems;
} Search;

static void
search_free (Search *search)
{
  for (guint i = 0; i < search->articles->len; i++)
    {
      g_clear_pointer (&search->hits[i], g_ptr_array_unref);
      g_clear_pointer (&search->problems[i], newsmark_problem_free);
    }
  g_free (search->hits);
  g_free (search->problems);
  g_ptr_array_unref (search->articles);
  g_free (search->root);
  g_free (search->needle);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

/* What one article's search has got to. */
typedef struct {
  NewsmarkCorpusArticle *article;
  const char            *text;
  gsize                  len;
  Cursor                 cursor;
  GPtrArray             *hits;
  gsize                  counted_byte;  /* code points counted up to here */
  guint                  counted_cp;
} ArticleSearch;

static void
add_hit (ArticleSearch *as,
         gsize          start_byte,
         gsize          end_byte)
{
  NewsmarkCorpusHit *hit = g_object_new (NEWSMARK_TYPE_CORPUS_HIT, NULL);

  as->counted_cp += (guint) g_utf8_strlen (as->text + as->counted_byte, (gssize) (start_byte - as->counted_byte));
  as->counted_byte = start_byte;
  advance (&as->cursor, as->text, as->len, start_byte);

  hit->article = g_object_ref (as->article);
  hit->start = as->counted_cp;
  hit->end = as->counted_cp + (guint) g_utf8_strlen (as->text + start_byte, (gssize) (end_byte - start_byte));
  hit->line = as->cursor.line;
  hit->paragraph = as->cursor.line_has_text ? as->cursor.paragraph : as->cursor.paragraph + 1;
  hit->match = g_strndup (as->text + start_byte, end_byte - start_byte);
  hit->before = context_before (as->text, start_byte);
  hit->after = context_after (as->text, as->len, end_byte);
  if (as->hits == NULL)
    as->hits = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (as->hits, hit);
}

/* The whole article normalised, the query looked for in that. */
static void
search_normalised (Search        *search,
                   ArticleSearch *as)
{
  g_autoptr(GString) norm = g_string_sized_new (as->len + 1);
  g_autoptr(GArray) cp_map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), as->len + 1);
  g_autoptr(GArray) byte_map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), as->len + 1);
  const char *p, *end;

  _newsmark_anchor_normalise_into (as->text, as->len, norm, cp_map, byte_map);
  p = norm->str;
  end = norm->str + norm->len;
  while (p < end)
    {
      const char *found = memmem (p, (gsize) (end - p), search->needle, search->needle_len);
      gsize first, last;

      if (found == NULL)
        break;
      first = (gsize) (found - norm->str);
      last = first + search->needle_len - 1;
      add_hit (as, g_array_index (byte_map, guint32, first),
               (gsize) (g_utf8_next_char (as->text + g_array_index (byte_map, guint32, last)) - as->text));
      p = found + search->needle_len;
    }
}

static gsize
char_start_before (const char *text,
                   gsize       byte)
{
  while (byte > 0 && ((guchar) text[byte] & 0xC0) == 0x80)
    byte--;
  return byte;
}

static gsize
char_start_after (const char *text,
                  gsize       len,
                  gsize       byte)
{
  while (byte < len && ((guchar) text[byte] & 0xC0) == 0x80)
    byte++;
  return byte;
}

/* Without characters the normaliser drops, every match holds the query's
 * verbatim piece byte for byte: only the text around each place the piece
 * occurs is normalised, with enough on both sides that its normalised form
 * is the same as in the whole article's (which differs only at its own two
 * ends: leading white space dropped, trailing not yet written). */
static void
search_around_pieces (Search        *search,
                      ArticleSearch *as)
{
  const char *piece = search->needle + search->piece_start;
  gsize pre = search->piece_start;
  gsize post = search->needle_len - search->piece_start - search->piece_len;
  g_autoptr(GString) norm = g_string_new (NULL);
  g_autoptr(GArray) cp_map = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) byte_map = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize from = 0, taken_end = 0;

  for (;;)
    {
      const char *occurrence = memmem (as->text + from, as->len - from, piece, search->piece_len);
      gsize at, margin_before = pre * 2 + 16, margin_after = post * 2 + 16, lo, hi, k;
      const guint32 *bytes;

      if (occurrence == NULL)
        break;
      at = (gsize) (occurrence - as->text);
      from = at + 1;

      for (;;)
        {
          gsize n_norm;
          guint lo_k, hi_k;

          lo = at > margin_before ? char_start_before (as->text, at - margin_before) : 0;
          hi = MIN (as->len, char_start_after (as->text, as->len, at + search->piece_len + margin_after));
          g_string_truncate (norm, 0);
          g_array_set_size (cp_map, 0);
          g_array_set_size (byte_map, 0);
          _newsmark_anchor_normalise_into (as->text + lo, hi - lo, norm, cp_map, byte_map);
          n_norm = norm->len;
          bytes = (const guint32 *) (gpointer) byte_map->data;

          /* The piece's first byte in the normalised window. */
          lo_k = 0;
          hi_k = (guint) n_norm;
          while (lo_k < hi_k)
            {
              guint mid = lo_k + (hi_k - lo_k) / 2;

              if (bytes[mid] < at - lo)
                lo_k = mid + 1;
              else
                hi_k = mid;
            }
          k = lo_k;
          if ((lo == 0 || k >= pre + 1) && (hi == as->len || n_norm >= k + search->piece_len + post + 1))
            break;
          margin_before *= 2;
          margin_after *= 2;
        }

      if (k >= pre && k + search->piece_len + post <= norm->len &&
          memcmp (norm->str + k - pre, search->needle, search->needle_len) == 0)
        {
          gsize first = k - pre, last = k + search->piece_len + post - 1;
          gsize start_byte = lo + bytes[first];
          gsize end_byte = (gsize) (g_utf8_next_char (as->text + lo + bytes[last]) - as->text);

          /* Matches do not overlap, as when scanning the normalised text. */
          if (start_byte >= taken_end)
            {
              add_hit (as, start_byte, end_byte);
              taken_end = end_byte;
            }
        }
    }
}

static void
search_one (guint    index,
            gpointer data)
{
  Search *search = data;
  NewsmarkCorpusArticle *article = g_ptr_array_index (search->articles, index);
  const char *rel = newsmark_corpus_article_get_path (article);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkFacts *facts = _newsmark_corpus_article_get_facts (article);
  ArticleSearch as = { 0 };
  NewsmarkFileStamp stamp;
  gboolean has_dropped;
  gsize len = 0;

  if (!_newsmark_corpus_read_article (search->root, rel, &text, &len, &stamp, &error))
    {
      search->problems[index] = newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0,
                                                      "not searched: %s", error->message);
      return;
    }
  if (!g_utf8_validate_len (text, len, NULL))
    {
      search->problems[index] = newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, rel, NULL, 0, 0,
                                                      "not searched: not valid UTF-8");
      return;
    }

  as.article = article;
  as.text = text;
  as.len = len;
  as.cursor.line = 1;
  /* What loading found out, while the file is the same. */
  if (facts->stamp.size == stamp.size && facts->stamp.mtime_ns == stamp.mtime_ns)
    has_dropped = facts->has_dropped;
  else
    has_dropped = _newsmark_anchor_has_dropped (text, len);
  if (search->piece_len == 0 || has_dropped)
    search_normalised (search, &as);
  else
    search_around_pieces (search, &as);
  search->hits[index] = as.hits;
}

static Search *
search_new (NewsmarkCorpus  *corpus,
            const char      *query,
            GError         **error)
{
  g_autoptr(Search) search = g_new0 (Search, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (corpus));

  search->articles = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (search->articles, g_list_model_get_item (G_LIST_MODEL (corpus), i));
  search->hits = g_new0 (GPtrArray *, MAX (n, 1));
  search->problems = g_new0 (NewsmarkProblem *, MAX (n, 1));

  search->needle = newsmark_anchor_normalise (query, -1);
  search->needle_len = strlen (search->needle);
  if (search->needle_len == 0)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, "nothing to search for");
      return NULL;
    }
  _newsmark_anchor_verbatim_piece (search->needle, search->needle_len, &search->piece_start, &search->piece_len);

  search->root = g_strdup (_newsmark_corpus_get_real_root (corpus));
  if (search->root == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "the corpus is not loaded");
      return NULL;
    }
  return g_steal_pointer (&search);
}

static GListModel *
search_collect (Search     *search,
                guint       max_hits,
                guint      *n_found,
                GPtrArray  *problems)
{
  GListStore *store = g_list_store_new (NEWSMARK_TYPE_CORPUS_HIT);
  guint found = 0;

  for (guint i = 0; i < search->articles->len; i++)
    {
      GPtrArray *hits = search->hits[i];

      if (search->problems[i] != NULL && problems != NULL)
        g_ptr_array_add (problems, g_steal_pointer (&search->problems[i]));
      if (hits == NULL)
        continue;
      if (max_hits == 0 || found < max_hits)
        {
          guint take = max_hits == 0 ? hits->len : MIN (hits->len, max_hits - found);

          g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, hits->pdata, take);
        }
      found += hits->len;
    }
  if (n_found != NULL)
    *n_found = found;
  return G_LIST_MODEL (store);
}

GListModel *
newsmark_corpus_search (NewsmarkCorpus              *corpus,
                        const char                  *query,
                        guint                        max_hits,
                        guint                       *n_found,
                        GPtrArray                   *problems,
                        GCancellable                *cancellable,
                        NewsmarkCorpusProgressFunc   progress,
                        gpointer                     progress_data,
                        GError                     **error)
{
  g_autoptr(Search) search = NULL;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (corpus), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  search = search_new (corpus, query, error);
  if (search == NULL)
    return NULL;
  _newsmark_corpus_parallel_for (search->articles->len, search_one, search, cancellable, progress, progress_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return search_collect (search, max_hits, n_found, problems);
}

/* ---- In a worker thread ----------------------------------------------------------- */

typedef struct {
  Search     *search;
  guint       max_hits;
  guint       n_found;
  GListModel *hits;
} AsyncSearch;

static void
async_search_free (gpointer data)
{
  AsyncSearch *as = data;

  g_clear_pointer (&as->search, search_free);
  g_clear_object (&as->hits);
  g_free (as);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncSearch *as = task_data;

  _newsmark_corpus_parallel_for (as->search->articles->len, search_one, as->search, cancellable, NULL, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;
  as->hits = search_collect (as->search, as->max_hits, &as->n_found, NULL);
  g_task_return_boolean (task, TRUE);
}

void
newsmark_corpus_search_async (NewsmarkCorpus      *corpus,
                              const char          *query,
                              guint                max_hits,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AsyncSearch *as;
  Search *search;

  g_return_if_fail (NEWSMARK_IS_CORPUS (corpus));
  g_return_if_fail (query != NULL);

  task = g_task_new (corpus, cancellable, callback, user_data);
  g_task_set_source_tag (task, newsmark_corpus_search_async);
  search = search_new (corpus, query, &error);
  if (search == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  as = g_new0 (AsyncSearch, 1);
  as->search = search;
  as->max_hits = max_hits;
  g_task_set_task_data (task, as, async_search_free);
  g_task_run_in_thread (task, search_thread);
}

GListModel *
newsmark_corpus_search_finish (NewsmarkCorpus  *corpus,
                               GAsyncResult    *result,
                               guint           *n_found,
                               GError         **error)
{
  AsyncSearch *as;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (corpus), NULL);
  g_return_val_if_fail (g_task_is_valid (result, corpus), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  as = g_task_get_task_data (G_TASK (result));
  if (n_found != NULL)
    *n_found = as->n_found;
  return g_steal_pointer (&as->hits);
}
