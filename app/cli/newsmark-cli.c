/* newsmark-cli.c — command table, dispatch and helpers shared by commands */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "newsmark-cli-private.h"

typedef struct {
  const char             *name;
  NewsmarkCliCommandFunc  func;
  const char             *summary;
} NewsmarkCliCommand;

/* One line per command, in the order `newsmark-cli --help` lists them.
 * Add a command here and its file to app/cli/meson.build. */
static const NewsmarkCliCommand commands[] = {
  { "new",      newsmark_cli_cmd_new,      "Create an empty annotation file for an article" },
  { "validate", newsmark_cli_cmd_validate, "Check annotation files; one line per problem" },
  { "info",     newsmark_cli_cmd_info,     "Summarise an annotation file" },
  { "suggest",  newsmark_cli_cmd_suggest,  "Add a model's suggestions (offsets or strings) to an annotation file" },
  { "audit",    newsmark_cli_cmd_audit,    "Print the audit log: who decided what, when" },
  { "report",   newsmark_cli_cmd_report,   "Write a self-contained HTML report of the spans and decisions" },
  { "agree",    newsmark_cli_cmd_agree,    "Measure agreement between annotators of the same articles" },
  { "merge",    newsmark_cli_cmd_merge,    "Combine annotators' files into one for adjudication" },
  { "convert",  newsmark_cli_cmd_convert,  "Convert to and from brat, spaCy, doccano, Label Studio, CoNLL, WebAnno TSV" },
  { "stats",    newsmark_cli_cmd_stats,    "Count documents, spans per label, status and annotator, relations" },
  { "corpus",   newsmark_cli_cmd_corpus,   "Work on a folder of articles with their annotators' layers (status, search, report, export)" },
};

static const NewsmarkCliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

static void
print_main_usage (FILE *stream)
{
  int width = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));

  fprintf (stream,
           "Usage:\n"
           "  newsmark-cli COMMAND [OPTION…] [ARGUMENT…]\n"
           "  newsmark-cli COMMAND --help\n"
           "  newsmark-cli --version\n"
           "\n"
           "Work with Newsmark annotation files (FILE.newsmark.json).\n"
           "\n"
           "Commands:\n");

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-*s  %s\n", width, commands[i].name, commands[i].summary);

  fprintf (stream,
           "\n"
           "Exit status: 0 success; %d problems found in the input; "
           "%d bad command line;\n"
           "%d warnings found with --strict.\n",
           NEWSMARK_CLI_EXIT_PROBLEMS,
           NEWSMARK_CLI_EXIT_USAGE,
           NEWSMARK_CLI_EXIT_STRICT);
}

int
newsmark_cli_main (int    argc,
                   char **argv)
{
  const NewsmarkCliCommand *command;
  const char *name;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      fprintf (stderr, "newsmark-cli: no command given\n\n");
      print_main_usage (stderr);
      return NEWSMARK_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") ||
      g_str_equal (name, "help") || g_str_equal (name, "-?"))
    {
      /* "newsmark-cli help CMD" is the same as "newsmark-cli CMD --help". */
      if (g_str_equal (name, "help") && argc > 2 && find_command (argv[2]) != NULL)
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          command = find_command (argv[2]);
          prgname = g_strdup_printf ("newsmark-cli %s", command->name);
          g_set_prgname (prgname);
          return command->func (2, help_argv);
        }
      else if (g_str_equal (name, "help") && argc > 2)
        {
          fprintf (stderr, "newsmark-cli: unknown command “%s”\n\n", argv[2]);
          print_main_usage (stderr);
          return NEWSMARK_CLI_EXIT_USAGE;
        }

      print_main_usage (stdout);
      return NEWSMARK_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version") || g_str_equal (name, "-V"))
    {
      printf ("newsmark-cli %s (file format version %d)\n",
              PACKAGE_VERSION, NEWSMARK_FORMAT_VERSION);
      return NEWSMARK_CLI_EXIT_OK;
    }

  command = find_command (name);
  if (command == NULL)
    {
      if (name[0] == '-')
        fprintf (stderr, "newsmark-cli: unknown option “%s”; the command comes first\n\n", name);
      else
        fprintf (stderr, "newsmark-cli: unknown command “%s”\n\n", name);
      print_main_usage (stderr);
      return NEWSMARK_CLI_EXIT_USAGE;
    }

  /* GOptionContext prints g_get_prgname() in its usage line; naming the
   * command there makes "Usage: newsmark-cli validate [OPTION…] FILE…". */
  prgname = g_strdup_printf ("newsmark-cli %s", command->name);
  g_set_prgname (prgname);

  return command->func (argc - 1, argv + 1);
}

/* ---- Command line parsing ------------------------------------------------ */

GOptionContext *
newsmark_cli_option_context_new (const char         *command,
                                 const char         *parameter_string,
                                 const char         *summary,
                                 const char         *description,
                                 const GOptionEntry *entries)
{
  GOptionContext *context;

  g_return_val_if_fail (command != NULL, NULL);

  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  /* Options after positional arguments are still options
   * ("validate a.json --strict"); "--" ends them. */
  g_option_context_set_strict_posix (context, FALSE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  return context;
}

gboolean
newsmark_cli_parse_options (GOptionContext   *context,
                            int              *argc,
                            char           ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *command;

  g_return_val_if_fail (context != NULL, FALSE);

  command = (*argc > 0) ? (*argv)[0] : "?";

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      newsmark_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  /* A lone "--" is consumed by GOption only when it ends the options; strip
   * one left over so it is never taken for a file name. */
  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal ((*argv)[i], "--"))
        {
          memmove (&(*argv)[i], &(*argv)[i + 1], sizeof (char *) * (*argc - i));
          (*argc)--;
          break;
        }
    }

  return TRUE;
}

int
newsmark_cli_usage_error (const char *command,
                          const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      fprintf (stderr, "newsmark-cli %s: %s\n", command, message);
      fprintf (stderr, "Try “newsmark-cli %s --help” for usage.\n", command);
    }
  else
    {
      fprintf (stderr, "newsmark-cli: %s\n", message);
      fprintf (stderr, "Try “newsmark-cli --help” for usage.\n");
    }

  return NEWSMARK_CLI_EXIT_USAGE;
}

int
newsmark_cli_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "newsmark-cli: %s\n", message);

  return NEWSMARK_CLI_EXIT_PROBLEMS;
}

GFile *
newsmark_cli_file_new (const char *arg)
{
  g_return_val_if_fail (arg != NULL, NULL);

  return g_file_new_for_commandline_arg (arg);
}

/* ---- Reporting problems -------------------------------------------------- */

guint
newsmark_cli_print_problems (GPtrArray  *problems,
                             const char *default_file,
                             FILE       *stream)
{
  guint n_errors = 0;

  if (problems == NULL)
    return 0;

  if (stream == NULL)
    stream = stderr;

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = NULL;

      if (problem->file == NULL && default_file != NULL)
        {
          g_autoptr(NewsmarkProblem) copy = newsmark_problem_copy (problem);

          copy->file = g_strdup (default_file);
          line = newsmark_problem_to_string (copy);
        }
      else
        {
          line = newsmark_problem_to_string (problem);
        }

      /* Messages may quote JSON text: keep each problem on one line so the
       * output can be grepped and counted. */
      g_strdelimit (line, "\r\n", ' ');
      fprintf (stream, "%s\n", line);

      if (problem->severity == NEWSMARK_SEVERITY_ERROR)
        n_errors++;
    }

  fflush (stream);

  return n_errors;
}

NewsmarkAnnotationSet *
newsmark_cli_load_annotations (const char       *path,
                               NewsmarkLoadFlags flags,
                               guint            *n_warnings)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  guint n_errors;
  guint warnings = 0;

  g_return_val_if_fail (path != NULL, NULL);

  file = newsmark_cli_file_new (path);
  set = newsmark_annotation_set_load (file, flags, problems, &error);

  n_errors = newsmark_cli_print_problems (problems, path, stderr);

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == NEWSMARK_SEVERITY_WARNING)
        warnings++;
    }

  if (n_warnings != NULL)
    *n_warnings = warnings;

  if (set == NULL)
    {
      /* The summary repeats the first problem; print it only when no
       * problem line said why (e.g. the file could not be read). */
      if (n_errors == 0)
        fprintf (stderr, "%s: error: %s\n", path,
                 error != NULL ? error->message : "could not be loaded");
      return NULL;
    }

  return g_steal_pointer (&set);
}

void
newsmark_cli_print_json (json_object *object)
{
  const char *text;

  text = json_object_to_json_string_ext (object,
                                         JSON_C_TO_STRING_PRETTY |
                                         JSON_C_TO_STRING_SPACED |
                                         JSON_C_TO_STRING_NOSLASHESCAPE);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* ---- Progress ------------------------------------------------------------ */

struct _NewsmarkCliProgress {
  char     *label;
  guint64   total;
  guint64   done;
  gint64    last_draw;
  gboolean  enabled;
  gboolean  drawn;
};

#define PROGRESS_BAR_WIDTH 30

static void
progress_draw (NewsmarkCliProgress *self)
{
  guint filled = 0;
  char bar[PROGRESS_BAR_WIDTH + 1];

  if (self->total > 0)
    filled = (guint) (MIN (self->done, self->total) * PROGRESS_BAR_WIDTH / self->total);

  memset (bar, '#', filled);
  memset (bar + filled, '.', PROGRESS_BAR_WIDTH - filled);
  bar[PROGRESS_BAR_WIDTH] = '\0';

  /* \r and erase-to-end-of-line: redraw in place. */
  if (self->total > 0)
    fprintf (stderr, "\r\033[K%s [%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
             self->label, bar, self->done, self->total);
  else
    fprintf (stderr, "\r\033[K%s %" G_GUINT64_FORMAT, self->label, self->done);
  fflush (stderr);

  self->drawn = TRUE;
  self->last_draw = g_get_monotonic_time ();
}

NewsmarkCliProgress *
newsmark_cli_progress_new (const char *label,
                           guint64     total)
{
  NewsmarkCliProgress *self = g_new0 (NewsmarkCliProgress, 1);
  const char *term = g_getenv ("TERM");

  self->label = g_strdup (label != NULL ? label : "");
  self->total = total;
  self->enabled = isatty (STDERR_FILENO) && g_strcmp0 (term, "dumb") != 0;

  return self;
}

void
newsmark_cli_progress_update (NewsmarkCliProgress *self,
                              guint64              done)
{
  g_return_if_fail (self != NULL);

  self->done = done;

  if (!self->enabled)
    return;

  if (!self->drawn ||
      done >= self->total ||
      g_get_monotonic_time () - self->last_draw >= G_USEC_PER_SEC / 10)
    progress_draw (self);
}

void
newsmark_cli_progress_set_label (NewsmarkCliProgress *self,
                                 const char          *label)
{
  g_return_if_fail (self != NULL);

  g_free (self->label);
  self->label = g_strdup (label != NULL ? label : "");

  if (self->enabled)
    progress_draw (self);
}

void
newsmark_cli_progress_free (NewsmarkCliProgress *self)
{
  if (self == NULL)
    return;

  if (self->enabled && self->drawn)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }

  g_free (self->label);
  g_free (self);
}
