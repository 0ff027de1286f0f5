/* gen-corpus.c — a deterministic corpus of generated news articles
 *
 * Built with -DGEN_CORPUS_MAIN it is a program:
 *
 *   gen-corpus FOLDER [N_ARTICLES]   (default 10,000)
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gen-corpus.h"

#define TARGET_BYTES   5000
#define SPANS_PER_SIDE 30
#define N_SECTIONS     100

static const char *words[] = {
  "the", "council", "budget", "harbour", "bridge", "minister", "said", "a", "of", "in", "report",
  "week", "city", "residents", "plan", "vote", "market", "river", "flood", "school", "police",
  "transport", "housing", "hospital", "court", "election", "campaign", "tax", "rent", "workers",
  "union", "strike", "energy", "prices", "water", "station", "farmers", "drought", "festival",
  "museum", "Zürich", "café", "naïve", "résumé", "São", "Paulo", "Καλημέρα", "Москва", "東京",
};
static const char *persons[] = {
  "Ana Lopez", "Eleni Papadopoulou", "Jürgen Weiß", "Amara Okafor", "Li Wei", "Sofía Núñez",
  "Tomás Reyes", "Renée Dubois", "Kwame Mensah", "Priya Raman",
};
static const char *roles[] = { "spokesperson", "director", "chair", "treasurer", "analyst" };
static const char *orgs[] = {
  "Harbour Watch", "City Council", "Rivers Trust", "Transit Authority", "Bäckerei Union",
  "Tenants’ Association", "Port Authority", "Health Board",
};
static const char *places[] = {
  "Eastgate Road", "Old Town", "Kraków", "the tram depot", "Île de la Cité", "Lagos", "Mumbai",
};
static const char *dates[] = { "Monday", "6 June", "last year", "in May", "2024", "on Friday" };
static const char *emoji[] = { "🚧", "👩\u200d🍳", "🇬🇷", "👍🏽", "📈" };

typedef struct {
  const char *label;
  guint       start, end;
} GenSpan;

typedef struct {
  GString *text;
  guint    length;   /* code points */
  GArray  *spans;    /* every mention, the annotators pick theirs */
} Article;

static void
put (Article    *a,
     const char *str)
{
  g_string_append (a->text, str);
  a->length += (guint) g_utf8_strlen (str, -1);
}

static void
mark (Article    *a,
      const char *label,
      const char *str)
{
  GenSpan s = { label, a->length, 0 };

  put (a, str);
  s.end = a->length;
  g_array_append_val (a->spans, s);
}

static void
put_words (Article *a,
           GRand   *rand,
           guint    n)
{
  for (guint w = 0; w < n; w++)
    {
      if (w > 0)
        put (a, " ");
      put (a, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

static void
sentence (Article *a,
          GRand   *rand)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      mark (a, "PERSON", persons[g_rand_int_range (rand, 0, G_N_ELEMENTS (persons))]);
      put (a, ", ");
      put (a, roles[g_rand_int_range (rand, 0, G_N_ELEMENTS (roles))]);
      put (a, " at ");
      mark (a, "ORG", orgs[g_rand_int_range (rand, 0, G_N_ELEMENTS (orgs))]);
      put (a, ", said ");
      mark (a, "DATE", dates[g_rand_int_range (rand, 0, G_N_ELEMENTS (dates))]);
      put (a, " that ");
      {
        GenSpan quote = { "QUOTE", a->length, 0 };

        put (a, "“");
        put_words (a, rand, g_rand_int_range (rand, 5, 12));
        put (a, "”");
        quote.end = a->length;
        g_array_append_val (a->spans, quote);
      }
      put (a, ".");
      break;
    case 1:
      put (a, "In ");
      mark (a, "LOCATION", places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))]);
      put (a, ", ");
      put_words (a, rand, g_rand_int_range (rand, 6, 14));
      put (a, g_rand_boolean (rand) ? " — " : "\u00a0– ");
      put_words (a, rand, g_rand_int_range (rand, 3, 8));
      put (a, ".");
      break;
    case 2:
      put (a, "The ");
      put_words (a, rand, g_rand_int_range (rand, 8, 16));
      put (a, " ");
      put (a, emoji[g_rand_int_range (rand, 0, G_N_ELEMENTS (emoji))]);
      put (a, ".");
      break;
    default:
      mark (a, "ORG", orgs[g_rand_int_range (rand, 0, G_N_ELEMENTS (orgs))]);
      put (a, " expects the ");
      put_words (a, rand, g_rand_int_range (rand, 4, 10));
      put (a, " to ");
      put_words (a, rand, g_rand_int_range (rand, 3, 9));
      put (a, ", it said.");
      break;
    }
}

static char *
generate (GRand  *rand,
          guint   index,
          GArray *spans)
{
  Article a = { g_string_new (NULL), 0, spans };

  put (&a, "Story ");
  {
    g_autofree char *number = g_strdup_printf ("%u", index + 1);

    put (&a, number);
  }
  put (&a, ": ");
  put_words (&a, rand, g_rand_int_range (rand, 4, 8));
  put (&a, "\n\n");
  while (a.text->len < TARGET_BYTES)
    {
      guint n = g_rand_int_range (rand, 3, 6);

      for (guint s = 0; s < n; s++)
        {
          if (s > 0)
            put (&a, " ");
          sentence (&a, rand);
        }
      put (&a, "\n\n");
    }
  return g_string_free (a.text, FALSE);
}

/* Annotator a takes SPANS_PER_SIDE of the mentions, in text order. */
static GArray *
pick (GRand  *rand,
      GArray *mentions)
{
  GArray *picked = g_array_new (FALSE, FALSE, sizeof (GenSpan));
  guint n = mentions->len;
  guint want = MIN (SPANS_PER_SIDE, n);

  /* Selection sampling: each mention kept with the remaining odds. */
  for (guint i = 0; i < n && picked->len < want; i++)
    {
      if ((guint) g_rand_int_range (rand, 0, (gint32) (n - i)) < want - picked->len)
        g_array_append_val (picked, g_array_index (mentions, GenSpan, i));
    }
  return picked;
}

/* Annotator b: mostly a's spans, with the usual kinds of disagreement. */
static GArray *
perturb (GRand  *rand,
         GArray *a,
         guint   length)
{
  static const char *labels[] = { "PERSON", "ORG", "LOCATION", "DATE" };
  GArray *b = g_array_new (FALSE, FALSE, sizeof (GenSpan));

  for (guint i = 0; i < a->len; i++)
    {
      GenSpan s = g_array_index (a, GenSpan, i);
      double r = g_rand_double (rand);

      if (r < 0.07)
        continue;
      if (r < 0.17 && s.end - s.start > 2)
        s.start += 1;
      else if (r < 0.25 && !g_str_equal (s.label, "QUOTE"))
        s.label = labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))];
      g_array_append_val (b, s);
    }
  if (g_rand_double (rand) < 0.5 && length > 20)
    {
      guint start = g_rand_int_range (rand, 0, length - 10);
      GenSpan extra = { "EVENT", start, start + g_rand_int_range (rand, 2, 10) };

      g_array_append_val (b, extra);
    }
  return b;
}

static gboolean
write_layer (const char       *folder,
             const char       *annotator,
             const char       *article_rel,
             NewsmarkDocument *document,
             NewsmarkSchema   *schema,
             GArray           *spans,
             gboolean          done,
             GError          **error)
{
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (document, schema);
  g_autofree char *stem = g_strndup (article_rel, strlen (article_rel) - 4);
  g_autofree char *rel = g_strdup_printf ("annotations/%s/%s.newsmark.json", annotator, stem);
  g_autofree char *path = g_build_filename (folder, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *document_path = g_strconcat ("../../../", article_rel, NULL);
  g_autofree char *json = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (folder);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gsize len;

  newsmark_annotation_set_set_annotator (set, annotator);
  /* The path climbs to the corpus folder, which the set must know. */
  newsmark_annotation_set_set_file (set, file);
  newsmark_annotation_set_set_document_root (set, root);
  newsmark_annotation_set_set_document_path (set, document_path);
  for (guint i = 0; i < spans->len; i++)
    {
      GenSpan *s = &g_array_index (spans, GenSpan, i);

      if (newsmark_annotation_set_create_span (set, s->label, s->start, s->end, error) == NULL)
        return FALSE;
    }
  if (done)
    newsmark_annotation_set_set_done (set, TRUE);
  json = newsmark_annotation_set_to_json (set, &len);
  g_mkdir_with_parents (dir, 0755);
  return g_file_set_contents_full (path, json, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

gboolean
gen_corpus_write (const char  *folder,
                  guint        n_articles,
                  guint32      seed,
                  GError     **error)
{
  static const char * const annotators[] = { "a", "b", NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkCorpusManifest) manifest = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (folder);

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: cannot create", folder);
      return FALSE;
    }
  manifest = newsmark_corpus_manifest_new ("generated", schema, annotators, 2, error);
  if (manifest == NULL || !newsmark_corpus_manifest_save (manifest, root, error))
    return FALSE;

  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(GArray) mentions = g_array_new (FALSE, FALSE, sizeof (GenSpan));
      g_autoptr(GArray) spans_a = NULL;
      g_autoptr(GArray) spans_b = NULL;
      g_autofree char *text = generate (rand, i, mentions);
      g_autofree char *rel = g_strdup_printf ("section-%02u/story-%05u.txt", i % N_SECTIONS, i);
      g_autofree char *path = g_build_filename (folder, rel, NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, error);
      gboolean done_a = g_rand_double (rand) < 0.6;
      gboolean done_b = g_rand_double (rand) < 0.4;
      gboolean gold = g_rand_double (rand) < 0.1;

      if (document == NULL)
        return FALSE;
      g_mkdir_with_parents (dir, 0755);
      if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0644, error))
        return FALSE;
      spans_a = pick (rand, mentions);
      spans_b = perturb (rand, spans_a, newsmark_document_get_length (document));
      if (!write_layer (folder, "a", rel, document, schema, spans_a, done_a, error) ||
          !write_layer (folder, "b", rel, document, schema, spans_b, done_b, error) ||
          (gold && !write_layer (folder, NEWSMARK_CORPUS_GOLD, rel, document, schema, spans_a, TRUE, error)))
        return FALSE;
    }
  return TRUE;
}

#ifdef GEN_CORPUS_MAIN
int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  guint n = 10000;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: gen-corpus FOLDER [N_ARTICLES]\n");
      return 2;
    }
  if (argc == 3)
    n = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (!gen_corpus_write (argv[1], n, GEN_CORPUS_SEED, &error))
    {
      g_printerr ("gen-corpus: %s\n", error->message);
      return 1;
    }
  return 0;
}
#endif
