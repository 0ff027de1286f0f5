/* newsmark-corpus-index.c — what each file of a corpus says, kept between runs
 *
 * The index lives in the user's cache folder, never in the corpus (which
 * may be a shared drive or a git checkout): one GVariant file per corpus,
 * named after the SHA-256 of the corpus folder's canonical path. Each entry
 * holds one file's facts with the size and modification time (in
 * nanoseconds) of the bytes they were read from; an entry counts only
 * while both still match and the file was not modified just before it was
 * read (see _newsmark_facts_fresh). The index is a cache: a missing,
 * damaged or other-version index is simply not used, and it is written
 * atomically so that two programs on one corpus never read half of one.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "newsmark-corpus-private.h"

/* The Newsmark version is part of the mark: another release may check
 * files differently, so its facts are not reused. */
#define INDEX_MAGIC "newsmark-corpus-index/4/" PACKAGE_VERSION

/* The index is read on every opening of a large corpus, so it is laid out
 * for reading in place: fixed-size records in GVariant arrays (read with
 * g_variant_get_fixed_array, no copy) and every string in one blob of
 * NUL-terminated strings, named by byte offset:
 *
 *   (magic, corpus path, strings "ay", entries "a(...)", labels "a(uu)",
 *    problems "a(yuuiiu)")
 *
 * Offsets and counts are checked before use: a damaged index reads as
 * missing. */
#define NO_STRING G_MAXUINT32

typedef struct {
  guint8  kind;
  guint8  flags;
  guint32 path;
  guint32 title;       /* articles: title; layers: document.path */
  guint32 sha256;
  guint32 length;
  guint32 n_accepted;
  guint32 n_suggested;
  guint32 n_rejected;
  guint32 n_unplaced;
  guint32 n_relations;
  guint32 first_label;
  guint32 n_labels;
  guint32 first_problem;
  guint32 n_problems;
  guint64 size;
  gint64  mtime_ns;
  gint64  read_time;
} IndexEntry;
#define ENTRY_TYPE "(yyuuuuuuuuuuuuutxx)"
#define ENTRY_READABLE 1
#define ENTRY_DONE     2
#define ENTRY_DROPPED  4

typedef struct {
  guint32 name;
  guint32 count;
} IndexLabel;
#define LABEL_TYPE "(uu)"

typedef struct {
  guint8  severity;
  guint32 file;
  guint32 json_path;
  gint32  line;
  gint32  column;
  guint32 message;
} IndexProblem;
#define PROBLEM_TYPE "(yuuiiu)"

#define INDEX_TYPE "(ssaya" ENTRY_TYPE "a" LABEL_TYPE "a" PROBLEM_TYPE ")"

/* Modification times this close to the moment of reading are not trusted
 * later: a second change within the file system's timestamp granularity
 * (2 s on FAT drives, coarse on some network shares) would keep both the
 * size and the time. */
#define RACY_MARGIN_NS (G_GINT64_CONSTANT (3) * 1000000000)

/* ---- Facts ------------------------------------------------------------------------ */

static void
facts_clear (gpointer data)
{
  NewsmarkFacts *facts = data;

  g_clear_pointer (&facts->problems, g_ptr_array_unref);
  g_free (facts->title);
  g_free (facts->sha256);
  g_free (facts->document_path);
  if (facts->labels != NULL)
    {
      for (guint i = 0; i < facts->labels->len; i++)
        g_free (g_array_index (facts->labels, NewsmarkLabelCount, i).name);
      g_array_unref (facts->labels);
    }
}

NewsmarkFacts *
_newsmark_facts_new (NewsmarkFactsKind kind)
{
  NewsmarkFacts *facts = g_atomic_rc_box_new0 (NewsmarkFacts);

  facts->kind = kind;
  facts->problems = newsmark_problems_new ();
  facts->read_time = g_get_real_time ();
  if (kind == NEWSMARK_FACTS_LAYER)
    facts->labels = g_array_new (FALSE, FALSE, sizeof (NewsmarkLabelCount));
  return facts;
}

NewsmarkFacts *
_newsmark_facts_ref (NewsmarkFacts *facts)
{
  return g_atomic_rc_box_acquire (facts);
}

void
_newsmark_facts_unref (NewsmarkFacts *facts)
{
  if (facts != NULL)
    g_atomic_rc_box_release_full (facts, facts_clear);
}

gboolean
_newsmark_facts_fresh (NewsmarkFacts           *facts,
                       const NewsmarkFileStamp *stamp)
{
  return facts->stamp.size == stamp->size &&
         facts->stamp.mtime_ns == stamp->mtime_ns &&
         facts->read_time * 1000 - stamp->mtime_ns >= RACY_MARGIN_NS;
}

GHashTable *
_newsmark_facts_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _newsmark_facts_unref);
}

/* ---- Where ------------------------------------------------------------------------ */

static char *
index_path (const char *real_root)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real_root, -1);
  g_autofree char *name = g_strconcat (digest, ".index", NULL);

  return g_build_filename (g_get_user_cache_dir (), "newsmark", "corpus-index", name, NULL);
}

GFile *
newsmark_corpus_get_index_file (GFile *folder)
{
  g_autofree char *real_root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  real_root = _newsmark_corpus_real_root (folder, NULL);
  if (real_root == NULL)
    real_root = g_file_get_path (folder);
  if (real_root == NULL)
    return NULL;
  path = index_path (real_root);
  return g_file_new_for_path (path);
}

/* ---- Reading ---------------------------------------------------------------------- */

typedef struct {
  const char *blob;
  gsize       len;
} Strings;

/* The string at @offset, or NULL for NO_STRING; FALSE when @offset does
 * not name a NUL-terminated UTF-8 string inside the blob. */
static gboolean
string_at (const Strings  *strings,
           guint32         offset,
           const char    **out)
{
  const char *end;

  *out = NULL;
  if (offset == NO_STRING)
    return TRUE;
  if (offset >= strings->len)
    return FALSE;
  end = memchr (strings->blob + offset, '\0', strings->len - offset);
  if (end == NULL || !g_utf8_validate_len (strings->blob + offset, (gsize) (end - strings->blob - offset), NULL))
    return FALSE;
  *out = strings->blob + offset;
  return TRUE;
}

static NewsmarkFacts *
facts_from_entry (const IndexEntry   *entry,
                  const Strings      *strings,
                  const IndexLabel   *labels,
                  gsize               n_labels,
                  const IndexProblem *problems,
                  gsize               n_problems,
                  const char        **rel)
{
  g_autoptr(NewsmarkFacts) facts = NULL;
  const char *title, *sha256;

  if ((entry->kind != NEWSMARK_FACTS_ARTICLE && entry->kind != NEWSMARK_FACTS_LAYER) ||
      !string_at (strings, entry->path, rel) || *rel == NULL || !_newsmark_corpus_rel_path_is_safe (*rel) ||
      !string_at (strings, entry->title, &title) || !string_at (strings, entry->sha256, &sha256) ||
      entry->first_label > n_labels || entry->n_labels > n_labels - entry->first_label ||
      entry->first_problem > n_problems || entry->n_problems > n_problems - entry->first_problem)
    return NULL;

  facts = _newsmark_facts_new (entry->kind);
  facts->stamp.size = entry->size;
  facts->stamp.mtime_ns = entry->mtime_ns;
  facts->read_time = entry->read_time;
  facts->sha256 = g_strdup (sha256 != NULL ? sha256 : "");
  facts->length = entry->length;
  if (entry->kind == NEWSMARK_FACTS_ARTICLE)
    {
      facts->title = g_strdup (title != NULL ? title : "");
      facts->has_dropped = (entry->flags & ENTRY_DROPPED) != 0;
    }
  else
    {
      facts->readable = (entry->flags & ENTRY_READABLE) != 0;
      facts->done = (entry->flags & ENTRY_DONE) != 0;
      facts->document_path = g_strdup (title);
      facts->n_accepted = entry->n_accepted;
      facts->n_suggested = entry->n_suggested;
      facts->n_rejected = entry->n_rejected;
      facts->n_unplaced = entry->n_unplaced;
      facts->n_relations = entry->n_relations;
      for (guint32 i = 0; i < entry->n_labels; i++)
        {
          const IndexLabel *label = &labels[entry->first_label + i];
          NewsmarkLabelCount lc = { NULL, label->count };
          const char *name;

          if (!string_at (strings, label->name, &name) || name == NULL)
            return NULL;
          lc.name = g_strdup (name);
          g_array_append_val (facts->labels, lc);
        }
    }
  for (guint32 i = 0; i < entry->n_problems; i++)
    {
      const IndexProblem *p = &problems[entry->first_problem + i];
      const char *file, *json_path, *message;

      if (!string_at (strings, p->file, &file) || !string_at (strings, p->json_path, &json_path) ||
          !string_at (strings, p->message, &message) || message == NULL)
        return NULL;
      g_ptr_array_add (facts->problems,
                       newsmark_problem_new (p->severity <= NEWSMARK_SEVERITY_INFO ? (NewsmarkSeverity) p->severity
                                                                                   : NEWSMARK_SEVERITY_ERROR,
                                             file, json_path, p->line, p->column, "%s", message));
    }
  return g_steal_pointer (&facts);
}

GHashTable *
_newsmark_corpus_index_load (const char *real_root)
{
  GHashTable *table = _newsmark_facts_table_new ();
  g_autofree char *path = index_path (real_root);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) index = NULL;
  g_autoptr(GVariant) blob = NULL;
  g_autoptr(GVariant) entries_v = NULL;
  g_autoptr(GVariant) labels_v = NULL;
  g_autoptr(GVariant) problems_v = NULL;
  const IndexEntry *entries;
  const IndexLabel *labels;
  const IndexProblem *problems;
  gsize n_entries = 0, n_labels = 0, n_problems = 0;
  const char *magic, *root;
  Strings strings;

  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    return table;
  bytes = g_mapped_file_get_bytes (mapped);
  /* Untrusted bytes are safe to read as GVariant: data that is not in
   * normal form reads as default values, never out of bounds. */
  index = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (INDEX_TYPE), bytes, FALSE));
  g_variant_get (index, "(&s&s@ay@a" ENTRY_TYPE "@a" LABEL_TYPE "@a" PROBLEM_TYPE ")",
                 &magic, &root, &blob, &entries_v, &labels_v, &problems_v);
  if (!g_str_equal (magic, INDEX_MAGIC) || !g_str_equal (root, real_root))
    return table;

  strings.blob = g_variant_get_fixed_array (blob, &strings.len, 1);
  entries = g_variant_get_fixed_array (entries_v, &n_entries, sizeof (IndexEntry));
  labels = g_variant_get_fixed_array (labels_v, &n_labels, sizeof (IndexLabel));
  problems = g_variant_get_fixed_array (problems_v, &n_problems, sizeof (IndexProblem));
  if (strings.blob == NULL)
    strings.len = 0;

  for (gsize i = 0; i < n_entries; i++)
    {
      const char *rel = NULL;
      NewsmarkFacts *facts = facts_from_entry (&entries[i], &strings, labels, n_labels, problems, n_problems, &rel);

      if (facts == NULL)
        {
          /* Damaged: nothing of it is used. */
          g_hash_table_remove_all (table);
          break;
        }
      g_hash_table_replace (table, g_strdup (rel), facts);
    }
  return table;
}

/* ---- Writing ---------------------------------------------------------------------- */

typedef struct {
  GString    *blob;
  GHashTable *offsets;   /* string → offset + 1 */
} StringWriter;

static guint32
add_string (StringWriter *w,
            const char   *str)
{
  gsize offset;

  if (str == NULL)
    return NO_STRING;
  offset = GPOINTER_TO_SIZE (g_hash_table_lookup (w->offsets, str));
  if (offset > 0)
    return (guint32) (offset - 1);
  offset = w->blob->len;
  g_string_append_len (w->blob, str, (gssize) strlen (str) + 1);
  g_hash_table_insert (w->offsets, (gpointer) str, GSIZE_TO_POINTER (offset + 1));
  return (guint32) offset;
}

gboolean
_newsmark_corpus_index_save (const char  *real_root,
                             GHashTable  *table,
                             GError     **error)
{
  g_autofree char *path = index_path (real_root);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GVariant) index = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (IndexEntry));
  g_autoptr(GArray) labels = g_array_new (FALSE, TRUE, sizeof (IndexLabel));
  g_autoptr(GArray) problems = g_array_new (FALSE, TRUE, sizeof (IndexProblem));
  g_autoptr(GHashTable) offsets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) blob = g_string_new (NULL);
  StringWriter w = { blob, offsets };
  GHashTableIter iter;
  gpointer key, value;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot create the folder: %s",
                   folder, g_strerror (saved));
      return FALSE;
    }
  /* The blob holds at least one byte, so that every offset is inside. */
  g_string_append_c (blob, '\0');

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NewsmarkFacts *facts = value;
      IndexEntry entry = { 0 };

      entry.kind = (guint8) facts->kind;
      entry.path = add_string (&w, key);
      entry.title = add_string (&w, facts->kind == NEWSMARK_FACTS_ARTICLE ? facts->title : facts->document_path);
      entry.sha256 = add_string (&w, facts->sha256);
      entry.length = facts->length;
      entry.size = facts->stamp.size;
      entry.mtime_ns = facts->stamp.mtime_ns;
      entry.read_time = facts->read_time;
      if (facts->kind == NEWSMARK_FACTS_ARTICLE)
        entry.flags = facts->has_dropped ? ENTRY_DROPPED : 0;
      else
        {
          entry.flags = (facts->readable ? ENTRY_READABLE : 0) | (facts->done ? ENTRY_DONE : 0);
          entry.n_accepted = facts->n_accepted;
          entry.n_suggested = facts->n_suggested;
          entry.n_rejected = facts->n_rejected;
          entry.n_unplaced = facts->n_unplaced;
          entry.n_relations = facts->n_relations;
          entry.first_label = labels->len;
          entry.n_labels = facts->labels->len;
          for (guint i = 0; i < facts->labels->len; i++)
            {
              const NewsmarkLabelCount *lc = &g_array_index (facts->labels, NewsmarkLabelCount, i);
              IndexLabel label = { add_string (&w, lc->name), lc->count };

              g_array_append_val (labels, label);
            }
        }
      entry.first_problem = problems->len;
      entry.n_problems = facts->problems->len;
      for (guint i = 0; i < facts->problems->len; i++)
        {
          const NewsmarkProblem *p = g_ptr_array_index (facts->problems, i);
          IndexProblem problem = {
            (guint8) p->severity, add_string (&w, p->file), add_string (&w, p->json_path),
            p->line, p->column, add_string (&w, p->message != NULL ? p->message : ""),
          };

          g_array_append_val (problems, problem);
        }
      g_array_append_val (entries, entry);
    }

  index = g_variant_ref_sink (g_variant_new ("(ss@ay@a" ENTRY_TYPE "@a" LABEL_TYPE "@a" PROBLEM_TYPE ")",
                                             INDEX_MAGIC, real_root,
                                             g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob->str, blob->len, 1),
                                             g_variant_new_fixed_array (G_VARIANT_TYPE (ENTRY_TYPE), entries->data,
                                                                        entries->len, sizeof (IndexEntry)),
                                             g_variant_new_fixed_array (G_VARIANT_TYPE (LABEL_TYPE), labels->data,
                                                                        labels->len, sizeof (IndexLabel)),
                                             g_variant_new_fixed_array (G_VARIANT_TYPE (PROBLEM_TYPE), problems->data,
                                                                        problems->len, sizeof (IndexProblem))));

  return newsmark_write_file_atomic (file, g_variant_get_data (index), g_variant_get_size (index), FALSE, error);
}
