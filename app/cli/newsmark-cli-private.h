/* newsmark-cli-private.h — shared pieces of newsmark-cli's commands
 *
 * Each command lives in app/cli/newsmark-cli-NAME.c as
 *
 *   int newsmark_cli_cmd_NAME (int argc, char **argv);
 *
 * where argv[0] is the command name and the rest are its arguments. A
 * command is registered by one line in the table in newsmark-cli.c and one
 * line in app/cli/meson.build. Commands parse their options with
 * newsmark_cli_parse_options() so that `newsmark-cli CMD --help` and bad
 * arguments behave the same everywhere.
 */
#pragma once

#include <stdio.h>
#include <json-c/json.h>
#include <newsmark/newsmark.h>

G_BEGIN_DECLS

/* Exit codes, the same for every command. */
#define NEWSMARK_CLI_EXIT_OK       0
/* The input has problems (validation errors, failed conversion …). */
#define NEWSMARK_CLI_EXIT_PROBLEMS 1
/* Bad command line: unknown command or option, missing argument. */
#define NEWSMARK_CLI_EXIT_USAGE    2
/* --strict was given and warnings were found (no errors). */
#define NEWSMARK_CLI_EXIT_STRICT   3

typedef int (*NewsmarkCliCommandFunc) (int    argc,
                                       char **argv);

/* Command entry points. The prototypes of planned commands are declared
 * here so that each command file compiles warning-free with
 * -Wmissing-prototypes; a declared but unimplemented command is harmless as
 * long as it is not in the table. */
int newsmark_cli_cmd_new      (int argc, char **argv);
int newsmark_cli_cmd_validate (int argc, char **argv);
int newsmark_cli_cmd_info     (int argc, char **argv);
int newsmark_cli_cmd_suggest  (int argc, char **argv);
int newsmark_cli_cmd_audit    (int argc, char **argv);
int newsmark_cli_cmd_report   (int argc, char **argv);
int newsmark_cli_cmd_convert  (int argc, char **argv);
int newsmark_cli_cmd_stats    (int argc, char **argv);
int newsmark_cli_cmd_agree    (int argc, char **argv);
int newsmark_cli_cmd_merge    (int argc, char **argv);
int newsmark_cli_cmd_corpus   (int argc, char **argv);

/* Entry point called by main.c. */
int newsmark_cli_main (int    argc,
                       char **argv);

/* ---- Command line parsing ------------------------------------------------ */

/* A GOptionContext for command @command ("validate") whose --help prints
 * "Usage: newsmark-cli validate [OPTION…] @parameter_string", @summary and
 * @description (both may be NULL) and @entries (may be NULL). */
GOptionContext *newsmark_cli_option_context_new (const char         *command,
                                                 const char         *parameter_string,
                                                 const char         *summary,
                                                 const char         *description,
                                                 const GOptionEntry *entries);

/* Parses options; on error prints "newsmark-cli CMD: MESSAGE" plus a hint
 * to use --help on stderr and returns FALSE (the command then returns
 * NEWSMARK_CLI_EXIT_USAGE). --help prints help and exits 0. */
gboolean        newsmark_cli_parse_options     (GOptionContext     *context,
                                                int                *argc,
                                                char             ***argv);

/* Prints "newsmark-cli CMD: MESSAGE" and "Try 'newsmark-cli CMD --help'."
 * on stderr. Returns NEWSMARK_CLI_EXIT_USAGE so commands can write
 * `return newsmark_cli_usage_error ("validate", "no FILE given");`. */
int             newsmark_cli_usage_error       (const char         *command,
                                                const char         *format,
                                                ...) G_GNUC_PRINTF (2, 3);

/* Prints "newsmark-cli: MESSAGE" on stderr (a runtime failure, not a usage
 * error). Returns NEWSMARK_CLI_EXIT_PROBLEMS. */
int             newsmark_cli_error             (const char         *format,
                                                ...) G_GNUC_PRINTF (1, 2);

/* The file named by a command line argument (relative to the current
 * folder, or a URI). */
GFile          *newsmark_cli_file_new          (const char         *arg);

/* ---- Reporting problems -------------------------------------------------- */

/* Prints @problems to @stream (stderr when NULL), one line each:
 * "FILE:LINE:COL: error: JSON.PATH: message". Problems without a file are
 * given @default_file (may be NULL). Returns the number of error-level
 * problems. */
guint           newsmark_cli_print_problems    (GPtrArray          *problems,
                                                const char         *default_file,
                                                FILE               *stream);

/* Loads an annotation file, printing every problem (errors and warnings)
 * on stderr. Returns NULL when the file could not be loaded; then the
 * reason has been printed. @n_warnings (may be NULL) receives the number of
 * warning-level problems. */
NewsmarkAnnotationSet *newsmark_cli_load_annotations (const char       *path,
                                                      NewsmarkLoadFlags flags,
                                                      guint            *n_warnings);

/* Writes @object to stdout as pretty JSON followed by a newline, with
 * unescaped slashes and UTF-8 kept as is. */
void            newsmark_cli_print_json        (json_object        *object);

/* ---- Progress ------------------------------------------------------------ */

/* A progress bar on stderr when stderr is a terminal ("Loading  [#####   ]
 * 120/500"); silent otherwise so logs and pipes stay clean. Redraws at most
 * ten times a second. */
typedef struct _NewsmarkCliProgress NewsmarkCliProgress;

NewsmarkCliProgress *newsmark_cli_progress_new    (const char          *label,
                                                   guint64              total);
void                 newsmark_cli_progress_update (NewsmarkCliProgress *self,
                                                   guint64              done);
/* Changes the label (e.g. the file being processed); redraws. */
void                 newsmark_cli_progress_set_label (NewsmarkCliProgress *self,
                                                      const char          *label);
/* Clears the bar and frees. */
void                 newsmark_cli_progress_free   (NewsmarkCliProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkCliProgress, newsmark_cli_progress_free)

G_END_DECLS
