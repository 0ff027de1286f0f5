/* gen-article.c — deterministic large article + annotations for the benchmark
 *
 * Built into bench-core, and on its own as `gen-article FOLDER [SEED]` so a
 * large file can be produced for trying the GUI or the CLI by hand.
 * GRand is a Mersenne Twister with a documented, stable sequence, so the
 * same seed gives byte-identical output on every machine.
 */

#include <string.h>

#include "gen-article.h"

/* Words by script. Escapes are split ("e\xcc\x81" "lan") where a hex digit
 * would otherwise extend them. */
static const char *latin[] = {
  "the", "council", "harbour", "minister", "said", "on", "Tuesday", "budget",
  "report", "vote", "river", "bridge", "market", "police", "school", "prices",
  "café", "naïve", "résumé", "Zürich", "São", "Paulo", "Łódź", "Ærø", "fjörð",
  "e\xcc\x81" "lan", "Mu\xcc\x88" "ller", "Rene\xcc\x81" "e", "Ade\xcc\x81" "ba\xcc\x81" "yo\xcc\xa3\xcc\x80",
  "Dvořák", "Ñuñoa", "Ștefan", "İzmir", "straße", "l’État", "don’t", "it’s",
  "2024–2026", "12%", "£9m", "€40", "9,000", "1.2",
};

static const char *greek[] = {
  "Αθήνα", "εκλογές", "κυβέρνηση", "ειδήσεις", "Καλημέρα", "δήμαρχος", "λιμάνι",
};

static const char *cyrillic[] = {
  "Москва", "новости", "выборы", "правительство", "Київ", "мэр", "мост", "Ёлка",
};

static const char *cjk[] = {
  "東京", "新聞", "選挙", "政府", "北京市", "記者会見", "夜市", "경제", "서울", "ニュース", "𠮷野家",
};

static const char *arabic[] = {
  "القاهرة", "الأخبار", "الحكومة", "انتخابات", "مدينة", "وزير",
};

static const char *emoji[] = {
  "🎉", "🌍", "🚲", "📈",
  "👩\xe2\x80\x8d💻",                                   /* woman technologist (ZWJ) */
  "👨\xe2\x80\x8d👩\xe2\x80\x8d👧\xe2\x80\x8d👦",      /* family (3 ZWJ) */
  "🏳\xef\xb8\x8f\xe2\x80\x8d🌈",                       /* rainbow flag (VS16 + ZWJ) */
  "👍🏽", "🇺🇦", "🇬🇷", "❤\xef\xb8\x8f",
};

static const char *labels[] = { "PERSON", "ORG", "LOCATION", "DATE", "EVENT", "QUOTE", "CLAIM" };
/* Cumulative weights out of 100. */
static const int label_weights[] = { 20, 35, 50, 60, 65, 82, 100 };

static const char *quote_kinds[] = { "direct", "indirect", "partial" };
static const char *claim_types[] = { "statistical", "causal", "comparison", "prediction", "other" };
static const char *verdicts[] = { "unverified", "true", "mostly-true", "misleading", "false", "unprovable" };

typedef struct {
  GString *text;
  GArray  *words;   /* NewsmarkFragment, code points */
  guint    length;  /* code points so far */
} Builder;

static void
append (Builder    *b,
        const char *s)
{
  g_string_append (b->text, s);
  b->length += (guint) g_utf8_strlen (s, -1);
}

static void
append_word (Builder    *b,
             const char *word)
{
  NewsmarkFragment w;

  w.start = b->length;
  append (b, word);
  w.end = b->length;
  g_array_append_val (b->words, w);
}

static const char *
pick_word (GRand *rand)
{
  int r = g_rand_int_range (rand, 0, 100);

#define PICK(pool) pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))]
  if (r < 55)
    return PICK (latin);
  if (r < 65)
    return PICK (greek);
  if (r < 75)
    return PICK (cyrillic);
  if (r < 85)
    return PICK (cjk);
  if (r < 93)
    return PICK (arabic);
  return PICK (emoji);
#undef PICK
}

static void
generate_text (Builder *b,
               GRand   *rand)
{
  while (b->text->len < GEN_ARTICLE_BYTES)
    {
      int n_sentences = g_rand_int_range (rand, 2, 6);

      for (int s = 0; s < n_sentences; s++)
        {
          int n_words = g_rand_int_range (rand, 6, 20);
          gboolean quoted = g_rand_int_range (rand, 0, 5) == 0;

          if (quoted)
            append (b, "“");

          for (int w = 0; w < n_words; w++)
            {
              append_word (b, pick_word (rand));
              if (w + 1 < n_words)
                {
                  int sep = g_rand_int_range (rand, 0, 40);

                  /* Mostly spaces; sometimes a dash or NBSP, which a
                   * tokenizer must not lose. */
                  append (b, sep == 0 ? " — " : sep == 1 ? "\xc2\xa0" : sep == 2 ? ", " : " ");
                }
            }

          append (b, quoted ? ",” she said. " : ". ");
        }

      append (b, "\r\n\r\n");
    }
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  return newsmark_span_compare (*(NewsmarkSpan **) a, *(NewsmarkSpan **) b);
}

static const char *
pick_label (GRand *rand)
{
  int r = g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (r < label_weights[i])
      return labels[i];

  return labels[0];
}

static NewsmarkSpan *
make_span (Builder          *b,
           NewsmarkDocument *document,
           GRand            *rand,
           GHashTable       *seen,
           guint             serial)
{
  const char *label = pick_label (rand);
  gboolean long_span = g_str_equal (label, "QUOTE") || g_str_equal (label, "CLAIM");
  guint n_words = long_span ? (guint) g_rand_int_range (rand, 3, 13) : (guint) g_rand_int_range (rand, 1, 4);
  guint first = (guint) g_rand_int_range (rand, 0, (gint32) (b->words->len - n_words));
  const NewsmarkFragment *w = &g_array_index (b->words, NewsmarkFragment, first);
  guint start = w[0].start;
  guint end = w[n_words - 1].end;
  g_autofree char *key = g_strdup_printf ("%s:%u:%u", label, start, end);
  g_autofree char *tmp_id = NULL;
  g_autoptr(NewsmarkOrigin) origin = NULL;
  NewsmarkSpan *span;
  int r;

  if (g_hash_table_contains (seen, key))
    return NULL;
  g_hash_table_add (seen, g_steal_pointer (&key));

  tmp_id = g_strdup_printf ("t%u", serial);
  span = newsmark_span_new (tmp_id, label, start, end);

  /* About one quote or claim in twelve is interrupted ("…,” she said, “…"). */
  if (long_span && n_words >= 5 && g_rand_int_range (rand, 0, 12) == 0)
    {
      guint cut = (guint) g_rand_int_range (rand, 1, (gint32) n_words - 2);
      NewsmarkFragment fragments[2];
      g_autofree char *t0 = NULL;
      g_autofree char *t1 = NULL;
      const char *texts[3];

      fragments[0].start = w[0].start;
      fragments[0].end = w[cut - 1].end;
      fragments[1].start = w[cut + 1].start;
      fragments[1].end = w[n_words - 1].end;
      newsmark_span_set_fragments (span, fragments, 2);

      t0 = newsmark_document_dup_slice (document, fragments[0].start, fragments[0].end);
      t1 = newsmark_document_dup_slice (document, fragments[1].start, fragments[1].end);
      texts[0] = t0;
      texts[1] = t1;
      texts[2] = NULL;
      newsmark_span_set_fragment_texts (span, texts);
    }
  else
    {
      g_autofree char *text = newsmark_document_dup_slice (document, start, end);
      newsmark_span_set_text (span, text);
    }

  if (g_str_equal (label, "QUOTE") && g_rand_int_range (rand, 0, 10) < 7)
    newsmark_span_set_attribute (span, "kind",
                                 g_variant_new_string (quote_kinds[g_rand_int_range (rand, 0, 3)]));

  if (g_str_equal (label, "CLAIM"))
    {
      if (g_rand_int_range (rand, 0, 10) < 6)
        {
          newsmark_span_set_attribute (span, "checkworthy",
                                       g_variant_new_double (g_rand_int_range (rand, 1, 6)));
          newsmark_span_set_attribute (span, "claim_type",
                                       g_variant_new_string (claim_types[g_rand_int_range (rand, 0, 5)]));
        }
      if (g_rand_int_range (rand, 0, 10) < 3)
        newsmark_span_set_attribute (span, "verdict",
                                     g_variant_new_string (verdicts[g_rand_int_range (rand, 0, 6)]));
    }

  if (g_rand_int_range (rand, 0, 50) == 0)
    newsmark_span_set_note (span, "Check against the original source — “exact wording” matters.");

  r = g_rand_int_range (rand, 0, 100);
  if (r < 85)
    {
      newsmark_span_set_status (span, NEWSMARK_STATUS_ACCEPTED);
      origin = newsmark_origin_new_human (r < 50 ? "amara" : "jonas");
    }
  else
    {
      newsmark_span_set_status (span, r < 95 ? NEWSMARK_STATUS_SUGGESTED : NEWSMARK_STATUS_REJECTED);
      origin = newsmark_origin_new_model ("newsner", "2.1", TRUE,
                                          g_rand_int_range (rand, 30, 100) / 100.0);
    }
  newsmark_span_set_origin (span, origin);
  newsmark_span_set_created (span, "2026-11-01T08:00:00Z");
  newsmark_span_set_modified (span, r < 20 ? "2026-11-02T09:30:00Z" : "2026-11-01T08:00:00Z");

  return span;
}

static gboolean
is_entity_end (NewsmarkSpan *span)
{
  const char *label = newsmark_span_get_label (span);

  return g_str_equal (label, "PERSON") || g_str_equal (label, "ORG");
}

static void
write_string (GString    *out,
              const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
write_span (GString      *out,
            NewsmarkSpan *span)
{
  const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
  guint n_fragments = newsmark_span_get_n_fragments (span);
  g_auto(GStrv) names = newsmark_span_list_attributes (span);
  const char *note = newsmark_span_get_note (span);

  g_string_append (out, "{\"id\": ");
  write_string (out, newsmark_span_get_id (span));
  g_string_append (out, ", \"label\": ");
  write_string (out, newsmark_span_get_label (span));
  g_string_append_printf (out, ", \"start\": %u, \"end\": %u",
                          newsmark_span_get_start (span), newsmark_span_get_end (span));
  if (n_fragments > 0)
    {
      const NewsmarkFragment *fragments = newsmark_span_get_fragments (span);
      const char * const *texts = newsmark_span_get_fragment_texts (span);

      g_string_append (out, ", \"fragments\": [");
      for (guint i = 0; i < n_fragments; i++)
        g_string_append_printf (out, "%s[%u, %u]", i ? ", " : "", fragments[i].start, fragments[i].end);
      g_string_append (out, "], \"text\": [");
      for (guint i = 0; i < n_fragments; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          write_string (out, texts[i]);
        }
      g_string_append_c (out, ']');
    }
  else
    {
      g_string_append (out, ", \"text\": ");
      write_string (out, newsmark_span_get_text (span));
    }

  if (names != NULL && names[0] != NULL)
    {
      g_string_append (out, ", \"attributes\": {");
      for (guint i = 0; names[i] != NULL; i++)
        {
          GVariant *value = newsmark_span_get_attribute (span, names[i]);  /* borrowed */

          if (i > 0)
            g_string_append (out, ", ");
          write_string (out, names[i]);
          g_string_append (out, ": ");
          if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
            g_string_append_printf (out, "%d", (int) g_variant_get_double (value));
          else
            write_string (out, g_variant_get_string (value, NULL));
        }
      g_string_append_c (out, '}');
    }

  if (note != NULL)
    {
      g_string_append (out, ", \"note\": ");
      write_string (out, note);
    }

  g_string_append (out, ", \"status\": ");
  write_string (out, newsmark_status_to_string (newsmark_span_get_status (span)));

  if (origin->kind == NEWSMARK_ORIGIN_HUMAN)
    {
      g_string_append (out, ", \"origin\": {\"kind\": \"human\", \"annotator\": ");
      write_string (out, origin->annotator);
    }
  else
    {
      g_string_append (out, ", \"origin\": {\"kind\": \"model\", \"name\": ");
      write_string (out, origin->name);
      g_string_append (out, ", \"version\": ");
      write_string (out, origin->version);
      g_string_append_printf (out, ", \"score\": %.2f", origin->score);
    }
  g_string_append (out, "}, \"created\": ");
  write_string (out, newsmark_span_get_created (span));
  g_string_append (out, ", \"modified\": ");
  write_string (out, newsmark_span_get_modified (span));
  g_string_append_c (out, '}');
}

char *
gen_article_write (const char  *folder,
                   guint32      seed,
                   GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GFile) json_file = NULL;
  g_autofree char *txt_path = g_build_filename (folder, "bench-article.txt", NULL);
  g_autofree char *json_path = g_build_filename (folder, "bench-article.newsmark.json", NULL);
  g_autofree char *schema_json = NULL;
  g_autofree gboolean *used = NULL;
  GString *out = NULL;
  Builder b;
  guint serial = 0;
  guint n_relations = 0;

  b.text = g_string_sized_new (GEN_ARTICLE_BYTES + 4096);
  b.words = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
  b.length = 0;

  generate_text (&b, rand);

  if (!g_file_set_contents (txt_path, b.text->str, (gssize) b.text->len, error))
    goto fail;

  document = newsmark_document_new_from_text (b.text->str, (gssize) b.text->len, error);
  if (document == NULL)
    goto fail;

  while (spans->len < GEN_ARTICLE_N_SPANS)
    {
      NewsmarkSpan *span = make_span (&b, document, rand, seen, serial++);

      if (span != NULL)
        g_ptr_array_add (spans, span);
    }

  /* Ids in position order, as the file lists them. */
  g_ptr_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i + 1);

      newsmark_span_set_id (g_ptr_array_index (spans, i), id);
    }

  /* The file is written here and then loaded and saved by the core, so
   * that what the benchmark reads is exactly what Newsmark writes. Going
   * through the editing API instead would log every span with the current
   * time and make the output differ from run to run. */
  schema = newsmark_schema_new_default ();
  schema_json = newsmark_schema_to_json (schema);

  out = g_string_sized_new ((gsize) GEN_ARTICLE_BYTES * 30);
  g_string_append (out, "{\"format\": \"newsmark-annotations\", \"version\": 1,\n\"document\": {\"path\": \"bench-article.txt\", \"sha256\": ");
  write_string (out, newsmark_document_get_sha256 (document));
  g_string_append_printf (out, ", \"length\": %u, \"text\": ", newsmark_document_get_length (document));
  write_string (out, b.text->str);
  g_string_append (out, "},\n\"schema\": ");
  g_string_append (out, schema_json);
  g_string_append (out, ",\n\"spans\": [\n");
  for (guint i = 0; i < spans->len; i++)
    {
      write_span (out, g_ptr_array_index (spans, i));
      g_string_append (out, i + 1 < spans->len ? ",\n" : "\n");
    }
  g_string_append (out, "],\n\"relations\": [\n");

  /* Relations: a quote's speaker / a claim's claimant is the nearest PERSON
   * or ORG span, as in real articles; each quote or claim gets at most one. */
  used = g_new0 (gboolean, spans->len);
  while (n_relations < GEN_ARTICLE_N_RELATIONS)
    {
      guint from = (guint) g_rand_int_range (rand, 0, (gint32) spans->len);
      NewsmarkSpan *from_span = g_ptr_array_index (spans, from);
      const char *label = newsmark_span_get_label (from_span);
      NewsmarkSpan *to_span = NULL;

      if (used[from] || !(g_str_equal (label, "QUOTE") || g_str_equal (label, "CLAIM")))
        continue;

      for (guint d = 1; d < spans->len && to_span == NULL; d++)
        {
          if (from + d < spans->len && is_entity_end (g_ptr_array_index (spans, from + d)))
            to_span = g_ptr_array_index (spans, from + d);
          else if (d <= from && is_entity_end (g_ptr_array_index (spans, from - d)))
            to_span = g_ptr_array_index (spans, from - d);
        }
      g_assert (to_span != NULL);

      used[from] = TRUE;
      n_relations++;
      g_string_append_printf (out, "{\"id\": \"r%u\", \"type\": \"%s\", \"from\": \"%s\", \"to\": \"%s\"}%s\n",
                              n_relations,
                              g_str_equal (label, "QUOTE") ? "speaker" : "claimant",
                              newsmark_span_get_id (from_span),
                              newsmark_span_get_id (to_span),
                              n_relations < GEN_ARTICLE_N_RELATIONS ? "," : "");
    }
  g_string_append (out, "],\n\"unplaced\": [],\n\"log\": [\n"
                        "{\"time\": \"2026-11-01T08:00:00Z\", \"who\": \"amara\", \"action\": \"import\", "
                        "\"detail\": {\"source\": \"gen-article\", \"spans\": 100000, \"relations\": 20000}}\n"
                        "]}\n");

  set = newsmark_annotation_set_load_data (out->str, out->len, json_path,
                                           NEWSMARK_LOAD_DEFAULT, problems, error);
  if (set == NULL)
    goto fail;
  if (problems->len > 0)
    {
      g_autofree char *text = newsmark_problems_to_string (problems);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "the generated file has problems:\n%s", text);
      goto fail;
    }

  json_file = g_file_new_for_path (json_path);
  if (!newsmark_annotation_set_save (set, json_file, error))
    goto fail;

  g_string_free (out, TRUE);
  g_string_free (b.text, TRUE);
  g_array_unref (b.words);

  return g_steal_pointer (&json_path);

fail:
  if (out != NULL)
    g_string_free (out, TRUE);
  g_string_free (b.text, TRUE);
  g_array_unref (b.words);
  return NULL;
}

#ifdef GEN_ARTICLE_MAIN
int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint32 seed = GEN_ARTICLE_SEED;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: gen-article FOLDER [SEED]\n"
                  "Writes FOLDER/bench-article.txt and FOLDER/bench-article.newsmark.json.\n");
      return 2;
    }
  if (argc == 3)
    seed = (guint32) g_ascii_strtoull (argv[2], NULL, 10);

  path = gen_article_write (argv[1], seed, &error);
  if (path == NULL)
    {
      g_printerr ("gen-article: %s\n", error->message);
      return 1;
    }

  g_print ("%s\n", path);
  return 0;
}
#endif
