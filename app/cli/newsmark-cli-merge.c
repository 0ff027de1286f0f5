/* newsmark-cli-merge.c — `newsmark-cli merge`: combine annotators' files for adjudication */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

static char *
coder_name_for (const char *arg)
{
  g_autofree char *copy = g_strdup (arg);
  g_autofree char *base = NULL;
  gsize len = strlen (copy);

  while (len > 1 && copy[len - 1] == G_DIR_SEPARATOR)
    copy[--len] = '\0';
  base = g_path_get_basename (copy);
  if (g_str_has_suffix (base, ".newsmark.json"))
    base[strlen (base) - strlen (".newsmark.json")] = '\0';
  return g_steal_pointer (&base);
}

/* Two inputs that are files named alike ("alice/x.newsmark.json",
 * "bob/x.newsmark.json") are named after their folders. */
static char *
coder_name_for_file (const char *arg,
                     char      **all,
                     int         n)
{
  g_autofree char *base = coder_name_for (arg);
  int same = 0;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *other = coder_name_for (all[i]);

      if (g_str_equal (other, base))
        same++;
    }
  if (same > 1)
    {
      g_autofree char *dir = g_path_get_dirname (arg);

      if (!g_str_equal (dir, "."))
        return coder_name_for (dir);
    }
  return g_steal_pointer (&base);
}

static gboolean
same_file (GFile *a,
           GFile *b)
{
  return g_file_equal (a, b);
}

/* Merges one article; @out must not exist unless @force. */
static gboolean
merge_one (NewsmarkAnnotationSet **sets,
           const char * const     *names,
           const char * const     *sources,
           guint                   n,
           GFile                  *out,
           const char             *out_shown,
           gboolean                force)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkAnnotationSet) merged = NULL;
  g_autoptr(GError) error = NULL;

  if (!force && g_file_query_exists (out, NULL))
    {
      newsmark_cli_error ("%s already exists; use --force to overwrite it (the old file is kept as %s~)",
                          out_shown, out_shown);
      return FALSE;
    }

  merged = newsmark_merge_sets ((NewsmarkAnnotationSet * const *) sets, names, sources, n,
                                out, problems, &error);
  newsmark_cli_print_problems (problems, out_shown, stderr);
  if (merged == NULL)
    {
      newsmark_cli_error ("%s", error->message);
      return FALSE;
    }
  if (!newsmark_annotation_set_save (merged, out, &error))
    {
      newsmark_cli_error ("%s: %s", out_shown, error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  char                  *shown;
  char                  *relative;  /* inside its annotator's folder */
  NewsmarkAnnotationSet *set;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *l = data;

  g_free (l->shown);
  g_free (l->relative);
  g_clear_object (&l->set);
  g_free (l);
}

int
newsmark_cli_cmd_merge (int    argc,
                        char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *names_option = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where to write: a file (inputs are files) or a folder (inputs are folders)", "OUT" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "Overwrite an existing output (the previous file is kept as OUT~)", NULL },
    { "names", 0, 0, G_OPTION_ARG_STRING, &names_option,
      "Annotator names, comma-separated, one per input (default: from the file or folder names)", "A,B,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) given = NULL;
  gboolean folders = FALSE;
  int n;

  context = newsmark_cli_option_context_new ("merge", "A B [C…] -o OUT",
      "Combine annotators' files of the same article for adjudication.",
      "Spans every annotator made alike (same label and offsets) become accepted,\n"
      "with origin annotator \"alice+bob\"; attribute values they agree on are kept,\n"
      "differing ones are left unset and listed in the span's note. Every other\n"
      "span becomes a suggestion naming the annotators who made it, for review.\n"
      "Relations are carried over when both ends are in the result; an\n"
      "annotator's unreviewed model suggestions are carried over unchanged;\n"
      "rejected spans are counted in the log but not carried over. The log\n"
      "records the merge. The output is saved atomically.\n"
      "\n"
      "A, B, … are files of one article, or folders: then articles are matched by\n"
      "SHA-256 and OUT is a folder receiving one merged file per article, at the\n"
      "same place as in the first annotator's folder; articles not annotated by\n"
      "everybody are reported and skipped.\n"
      "\n"
      "Exit status: 0 written; 1 an input could not be read, the articles differ\n"
      "or OUT exists without --force; 2 bad command line.",
      entries);

  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  n = argc - 1;
  if (n < 2)
    return newsmark_cli_usage_error ("merge", "give at least two annotators' files");
  if (output == NULL)
    return newsmark_cli_usage_error ("merge", "no output given (-o OUT)");

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GFile) f = newsmark_cli_file_new (argv[i + 1]);
      GFileType type = g_file_query_file_type (f, G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_UNKNOWN)
        return newsmark_cli_error ("%s: no such file or folder", argv[i + 1]);
      if (i == 0)
        folders = type == G_FILE_TYPE_DIRECTORY;
      else if (folders != (type == G_FILE_TYPE_DIRECTORY))
        return newsmark_cli_usage_error ("merge", "give either files or folders, not both");
    }

  if (names_option != NULL)
    {
      given = g_strsplit (names_option, ",", -1);
      if ((int) g_strv_length (given) != n)
        return newsmark_cli_usage_error ("merge", g_dngettext (GETTEXT_PACKAGE, "--names gives %u name for %d inputs",
                                                               "--names gives %u names for %d inputs",
                                                               g_strv_length (given)),
                                         g_strv_length (given), n);
    }
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = given ? g_strdup (g_strstrip (given[i]))
                                    : coder_name_for_file (argv[i + 1], argv + 1, n);

      g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (g_str_equal (names[i], names[j]) || *names[i] == '\0')
        return newsmark_cli_usage_error ("merge", "annotator names must be unique (got \"%s\" twice); "
                                         "use --names", names[i]);

  out = newsmark_cli_file_new (output);

  if (!folders)
    {
      g_autofree NewsmarkAnnotationSet **sets = g_new0 (NewsmarkAnnotationSet *, n);
      gboolean ok = TRUE;

      for (int i = 0; i < n && ok; i++)
        {
          g_autoptr(GFile) in = newsmark_cli_file_new (argv[i + 1]);

          if (same_file (in, out))
            {
              newsmark_cli_error ("%s is an input; the merge never overwrites an input", output);
              ok = FALSE;
              break;
            }
          sets[i] = newsmark_cli_load_annotations (argv[i + 1], NEWSMARK_LOAD_DEFAULT, NULL);
          if (sets[i] == NULL)
            ok = FALSE;
        }
      if (ok)
        ok = merge_one (sets, (const char * const *) names, (const char * const *) (argv + 1),
                        n, out, output, force);
      if (ok)
        fprintf (stdout, "%s: written\n", output);
      for (int i = 0; i < n; i++)
        g_clear_object (&sets[i]);
      return ok ? NEWSMARK_CLI_EXIT_OK : NEWSMARK_CLI_EXIT_PROBLEMS;
    }
  else
    {
      /* Folders: load everything, match by SHA-256. */
      g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_autoptr(GPtrArray) order = g_ptr_array_new ();   /* borrowed sha of coder 0 */
      g_autoptr(NewsmarkCliProgress) progress = NULL;
      guint failures = 0, written = 0, unmatched = 0;
      guint64 total = 0, done = 0;
      g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

      for (int i = 0; i < n; i++)
        {
          g_autoptr(GFile) root = newsmark_cli_file_new (argv[i + 1]);
          GPtrArray *files;

          if (same_file (root, out))
            return newsmark_cli_error ("%s is an input; the merge never writes into an input", output);
          files = newsmark_agreement_list_files (root, &error);
          if (files == NULL)
            return newsmark_cli_error ("%s", error->message);
          total += files->len;
          g_ptr_array_add (lists, files);
        }
      if (!g_file_query_exists (out, NULL) &&
          !g_file_make_directory_with_parents (out, NULL, &error))
        return newsmark_cli_error ("%s: %s", output, error->message);

      progress = newsmark_cli_progress_new ("Loading", total);
      for (int i = 0; i < n; i++)
        {
          GPtrArray *files = g_ptr_array_index (lists, i);
          g_autoptr(GFile) root = newsmark_cli_file_new (argv[i + 1]);
          /* sha256 → Loaded */
          GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, loaded_free);

          g_ptr_array_add (tables, table);
          for (guint k = 0; k < files->len; k++)
            {
              GFile *file = g_ptr_array_index (files, k);
              g_autofree char *relative = g_file_get_relative_path (root, file);
              g_autofree char *shown = g_build_filename (argv[i + 1], relative, NULL);
              NewsmarkAnnotationSet *set;
              const char *sha;
              Loaded *loaded;

              newsmark_cli_progress_set_label (progress, shown);
              set = newsmark_cli_load_annotations (shown, NEWSMARK_LOAD_DEFAULT, NULL);
              newsmark_cli_progress_update (progress, ++done);
              if (set == NULL)
                {
                  failures++;
                  continue;
                }
              sha = newsmark_document_get_sha256 (newsmark_annotation_set_get_document (set));
              if (g_hash_table_contains (table, sha))
                {
                  Loaded *prev = g_hash_table_lookup (table, sha);

                  newsmark_cli_error ("%s: the same article is already in %s; left out",
                                      shown, prev->shown);
                  g_object_unref (set);
                  failures++;
                  continue;
                }
              loaded = g_new0 (Loaded, 1);
              loaded->shown = g_steal_pointer (&shown);
              loaded->relative = g_strdup (relative);
              loaded->set = set;
              g_hash_table_insert (table, g_strdup (sha), loaded);
              if (i == 0)
                g_ptr_array_add (order, (gpointer) g_intern_string (sha));
            }
        }
      g_clear_pointer (&progress, newsmark_cli_progress_free);

      progress = newsmark_cli_progress_new ("Merging", order->len);
      for (guint k = 0; k < order->len; k++)
        {
          const char *sha = g_ptr_array_index (order, k);
          g_autofree NewsmarkAnnotationSet **sets = g_new0 (NewsmarkAnnotationSet *, n);
          const char *relative = NULL;
          g_autofree const char **sources = g_new0 (const char *, n + 1);
          g_autoptr(GString) missing = g_string_new (NULL);

          for (int i = 0; i < n; i++)
            {
              Loaded *loaded = g_hash_table_lookup (g_ptr_array_index (tables, i), sha);

              if (loaded == NULL)
                {
                  if (missing->len)
                    g_string_append (missing, ", ");
                  g_string_append (missing, names[i]);
                  continue;
                }
              sources[i] = loaded->shown;
              sets[i] = loaded->set;
              if (i == 0)
                relative = loaded->relative;
            }
          if (missing->len)
            {
              fprintf (stderr, "%s: not annotated by %s; not merged\n", sources[0], missing->str);
              unmatched++;
            }
          else
            {
              /* Same place in OUT as in the first annotator's folder, so
               * files named alike in different subfolders stay apart. */
              g_autoptr(GFile) target = g_file_resolve_relative_path (out, relative);
              g_autoptr(GFile) parent = g_file_get_parent (target);
              g_autofree char *shown = g_build_filename (output, relative, NULL);

              newsmark_cli_progress_set_label (progress, shown);
              if (!g_file_query_exists (parent, NULL) &&
                  !g_file_make_directory_with_parents (parent, NULL, &error))
                {
                  newsmark_cli_error ("%s: %s", shown, error->message);
                  g_clear_error (&error);
                  failures++;
                }
              else if (merge_one (sets, (const char * const *) names, sources, n, target, shown, force))
                written++;
              else
                failures++;
            }
          newsmark_cli_progress_update (progress, k + 1);
        }
      g_clear_pointer (&progress, newsmark_cli_progress_free);

      /* Articles only other annotators have. */
      for (int i = 1; i < n; i++)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, g_ptr_array_index (tables, i));
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (!g_hash_table_contains (g_ptr_array_index (tables, 0), key))
              {
                fprintf (stderr, "%s: not annotated by %s; not merged\n",
                         ((Loaded *) value)->shown, names[0]);
                unmatched++;
              }
        }

      fprintf (stdout, g_dngettext (GETTEXT_PACKAGE, "%s: %u merged file written; ", "%s: %u merged files written; ",
                                    written), output, written);
      fprintf (stdout, g_dngettext (GETTEXT_PACKAGE, "%u article not annotated by everybody\n",
                                    "%u articles not annotated by everybody\n", unmatched), unmatched);
      return failures > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
    }
}
