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
  g_autoptr(NewsmarkApplication) app = newsmark_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
