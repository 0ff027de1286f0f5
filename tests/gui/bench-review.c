/* bench-review.c — review mode on the generated 2 MB article with ~95,000 suggestions
 *
 * The benchmark article's accepted human spans are turned into model
 * suggestions (status "suggested", origin model "bench", score 0.5), the
 * file is opened in the real window, and the review keys are timed: the key
 * handler alone (decision, undo step, log entry, next suggestion selected
 * and scrolled to) and the main loop iterations after it (the deferred
 * sync and a frame). Autosave is set to its longest interval so that
 * writing a 30 MB recovery file does not land in a measurement.
 */
#include "config.h"

#include <newsmark/newsmark.h>
#include <glib/gstdio.h>

#include "gen-article.h"
#include "newsmark-application.h"
#include "newsmark-window-private.h"
#include "gui-test-common.h"

#define N_KEYS 300

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
press (NewsmarkReviewBar *bar,
       guint              keyval)
{
  GListModel *shortcuts = G_LIST_MODEL (newsmark_review_bar_get_shortcut_controller (bar));

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
        return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                             GTK_WIDGET (bar), NULL);
    }

  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-52s median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, ms->len * 95 / 100),
           g_array_index (ms, double, ms->len - 1));
}

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) handler = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) undo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *annotation = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *converted = NULL;
  NewsmarkApplication *app;
  NewsmarkWindow *window;
  NewsmarkReviewBar *bar;
  gint64 start;

  gtk_init ();

  dir = g_dir_make_tmp ("newsmark-bench-review-XXXXXX", &error);
  g_assert_no_error (error);
  annotation = gen_article_write (dir, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);

  g_file_get_contents (annotation, &contents, NULL, &error);
  g_assert_no_error (error);
  regex = g_regex_new ("\"status\": \"accepted\", \"origin\": \\{\"kind\": \"human\", \"annotator\": \"[^\"]*\"\\}",
                       G_REGEX_OPTIMIZE, 0, &error);
  g_assert_no_error (error);
  converted = g_regex_replace_literal (regex, contents, -1, 0,
                                       "\"status\": \"suggested\", \"origin\": {\"kind\": \"model\", "
                                       "\"name\": \"bench\", \"score\": 0.5}",
                                       0, &error);
  g_assert_no_error (error);
  g_file_set_contents (annotation, converted, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&converted, g_free);

  app = gui_test_application_new ();
  g_settings_set_uint (newsmark_application_get_settings (app), "autosave-interval", 600);

  window = newsmark_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (annotation);
  start = g_get_monotonic_time ();
  if (!newsmark_window_open (window, file, &error))
    g_error ("%s", error->message);
  drain ();
  g_print ("open the file in the window: %.0f ms\n", ms_since (start));

  bar = newsmark_window_get_review_bar (window);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "review.active", NULL);
  drain ();
  g_print ("enter review mode (queue of %u suggestions): %.0f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (newsmark_review_bar_get_queue (bar))), ms_since (start));

  for (guint i = 0; i < N_KEYS; i++)
    {
      guint keyval = i % 3 == 0 ? GDK_KEY_a : (i % 3 == 1 ? GDK_KEY_x : GDK_KEY_n);
      gint64 t1;
      double ms;

      start = g_get_monotonic_time ();
      if (!press (bar, keyval))
        g_error ("key %u not handled", i);
      ms = ms_since (start);
      g_array_append_val (handler, ms);
      t1 = g_get_monotonic_time ();
      g_main_context_iteration (NULL, FALSE);
      g_main_context_iteration (NULL, FALSE);
      ms = ms_since (t1);
      g_array_append_val (after, ms);
    }

  for (guint i = 0; i < 20; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      g_main_context_iteration (NULL, FALSE);
      g_main_context_iteration (NULL, FALSE);
      ms = ms_since (start);
      g_array_append_val (undo, ms);
    }

  {
    g_autofree char *progress = newsmark_review_bar_dup_progress_text (bar);

    g_print ("after %u keys and 20 undos: %s\n", N_KEYS, progress);
  }
  report ("a / x / n key: handler", handler);
  report ("a / x / n key: 2 main loop iterations after it", after);
  report ("Ctrl+Z of a decision, with the review's sync", undo);

  newsmark_annotation_set_set_modified (newsmark_window_get_annotation_set (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (annotation);
  {
    g_autofree char *article = g_build_filename (dir, "bench-article.txt", NULL);

    g_remove (article);
  }
  g_rmdir (dir);

  return 0;
}
