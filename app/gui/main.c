/* main.c — entry point of the Newsmark workbench */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(NewsmarkApplication) app = NULL;

#if defined(NEWSMARK_BUILD_ROOT) && defined(NEWSMARK_BUILD_SCHEMA_DIR)
  newsmark_application_use_build_tree_schema (NEWSMARK_BUILD_ROOT, NEWSMARK_BUILD_SCHEMA_DIR);
#endif

  app = newsmark_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
