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
#define INDEX_MAGIC   "newsmark-corpus-index/1/" PACKAGE_VERSION
#define PROBLEM_TYPE  "(ymsmsiis)"
#define ARTICLE_TYPE  "(sus" "a" PROBLEM_TYPE ")"
#define LAYER_TYPE    "(bbmssuuuuua(su)" "a" PROBLEM_TYPE ")"
#define ENTRY_TYPE    "(sytxxv)"
#define INDEX_TYPE    "(ssa" ENTRY_TYPE ")"

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

static GPtrArray *
problems_from_variant (GVariant *array)
{
  GPtrArray *problems = newsmark_problems_new ();
  GVariantIter iter;
  guchar severity;
  const char *file, *json_path, *message;
  gint32 line, column;

  g_variant_iter_init (&iter, array);
  while (g_variant_iter_next (&iter, "(ym&sm&sii&s)", &severity, &file, &json_path, &line, &column, &message))
    {
      if (severity > NEWSMARK_SEVERITY_INFO)
        severity = NEWSMARK_SEVERITY_ERROR;
      g_ptr_array_add (problems, newsmark_problem_new ((NewsmarkSeverity) severity, file, json_path,
                                                       line, column, "%s", message));
    }
  return problems;
}

static NewsmarkFacts *
facts_from_entry (GVariant *entry,
                  char    **rel)
{
  g_autoptr(GVariant) payload = NULL;
  g_autoptr(NewsmarkFacts) facts = NULL;
  const char *path;
  guchar kind;
  guint64 size;
  gint64 mtime_ns, read_time;

  g_variant_get (entry, "(&sytxxv)", &path, &kind, &size, &mtime_ns, &read_time, &payload);
  if (!_newsmark_corpus_rel_path_is_safe (path))
    return NULL;

  if (kind == NEWSMARK_FACTS_ARTICLE && g_variant_is_of_type (payload, G_VARIANT_TYPE (ARTICLE_TYPE)))
    {
      g_autoptr(GVariant) problems = NULL;
      const char *title, *sha256;

      facts = _newsmark_facts_new (NEWSMARK_FACTS_ARTICLE);
      g_variant_get (payload, "(&su&s@a" PROBLEM_TYPE ")", &title, &facts->length, &sha256, &problems);
      facts->title = g_strdup (title);
      facts->sha256 = g_strdup (sha256);
      g_ptr_array_unref (facts->problems);
      facts->problems = problems_from_variant (problems);
    }
  else if (kind == NEWSMARK_FACTS_LAYER && g_variant_is_of_type (payload, G_VARIANT_TYPE (LAYER_TYPE)))
    {
      g_autoptr(GVariant) labels = NULL;
      g_autoptr(GVariant) problems = NULL;
      const char *document_path, *sha256, *label;
      GVariantIter iter;
      guint32 count;

      facts = _newsmark_facts_new (NEWSMARK_FACTS_LAYER);
      g_variant_get (payload, "(bbm&s&suuuuu@a(su)@a" PROBLEM_TYPE ")",
                     &facts->readable, &facts->done, &document_path, &sha256,
                     &facts->n_accepted, &facts->n_suggested, &facts->n_rejected,
                     &facts->n_unplaced, &facts->n_relations, &labels, &problems);
      facts->document_path = g_strdup (document_path);
      facts->sha256 = g_strdup (sha256);
      g_variant_iter_init (&iter, labels);
      while (g_variant_iter_next (&iter, "(&su)", &label, &count))
        {
          NewsmarkLabelCount lc = { g_strdup (label), count };

          g_array_append_val (facts->labels, lc);
        }
      g_ptr_array_unref (facts->problems);
      facts->problems = problems_from_variant (problems);
    }
  else
    return NULL;

  facts->stamp.size = size;
  facts->stamp.mtime_ns = mtime_ns;
  facts->read_time = read_time;
  *rel = g_strdup (path);
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
  g_autoptr(GVariant) entries = NULL;
  const char *magic, *root;
  GVariantIter iter;
  GVariant *entry;

  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    return table;
  bytes = g_mapped_file_get_bytes (mapped);
  /* Untrusted bytes are safe to read as GVariant: data that is not in
   * normal form reads as default values, never out of bounds. */
  index = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (INDEX_TYPE), bytes, FALSE));
  g_variant_get (index, "(&s&s@a" ENTRY_TYPE ")", &magic, &root, &entries);
  if (!g_str_equal (magic, INDEX_MAGIC) || !g_str_equal (root, real_root))
    return table;

  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      char *rel = NULL;
      NewsmarkFacts *facts = facts_from_entry (entry, &rel);

      if (facts != NULL)
        g_hash_table_replace (table, rel, facts);
      g_variant_unref (entry);
    }
  return table;
}

/* ---- Writing ---------------------------------------------------------------------- */

static GVariant *
problems_to_variant (GPtrArray *problems)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" PROBLEM_TYPE));
  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      g_variant_builder_add (&builder, PROBLEM_TYPE, (guchar) p->severity, p->file, p->json_path,
                             (gint32) p->line, (gint32) p->column, p->message != NULL ? p->message : "");
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
facts_to_payload (NewsmarkFacts *facts)
{
  if (facts->kind == NEWSMARK_FACTS_ARTICLE)
    return g_variant_new ("(sus@a" PROBLEM_TYPE ")",
                          facts->title != NULL ? facts->title : "", facts->length,
                          facts->sha256 != NULL ? facts->sha256 : "",
                          problems_to_variant (facts->problems));
  else
    {
      GVariantBuilder labels;

      g_variant_builder_init (&labels, G_VARIANT_TYPE ("a(su)"));
      for (guint i = 0; i < facts->labels->len; i++)
        {
          const NewsmarkLabelCount *lc = &g_array_index (facts->labels, NewsmarkLabelCount, i);

          g_variant_builder_add (&labels, "(su)", lc->name, lc->count);
        }
      return g_variant_new ("(bbmssuuuuu@a(su)@a" PROBLEM_TYPE ")",
                            facts->readable, facts->done, facts->document_path,
                            facts->sha256 != NULL ? facts->sha256 : "",
                            facts->n_accepted, facts->n_suggested, facts->n_rejected,
                            facts->n_unplaced, facts->n_relations,
                            g_variant_builder_end (&labels),
                            problems_to_variant (facts->problems));
    }
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
  GVariantBuilder entries;
  GHashTableIter iter;
  gpointer key, value;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot create the folder: %s",
                   folder, g_strerror (saved));
      return FALSE;
    }

  g_variant_builder_init (&entries, G_VARIANT_TYPE ("a" ENTRY_TYPE));
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NewsmarkFacts *facts = value;

      g_variant_builder_add (&entries, ENTRY_TYPE, (const char *) key, (guchar) facts->kind,
                             facts->stamp.size, facts->stamp.mtime_ns, facts->read_time,
                             facts_to_payload (facts));
    }
  index = g_variant_ref_sink (g_variant_new ("(ss@a" ENTRY_TYPE ")", INDEX_MAGIC, real_root,
                                             g_variant_builder_end (&entries)));

  return newsmark_write_file_atomic (file, g_variant_get_data (index), g_variant_get_size (index), FALSE, error);
}
