/* main.c — newsmark-cli entry point; everything else is in newsmark-cli.c */

#include "newsmark-cli-private.h"

int
main (int    argc,
      char **argv)
{
  return newsmark_cli_main (argc, argv);
}
