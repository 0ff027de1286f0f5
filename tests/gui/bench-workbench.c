/* bench-workbench.c — the workbench with a 2 MB article and 100,000 spans
 *
 * Measures, with and without spans (the ratio is the cost of annotations):
 *  - time from process start to the first painted frame of `newsmark FILE`
 *    (spawned; the window reports CLOCK_MONOTONIC at the first
 *    GdkFrameClock::after-paint that drew the article), the spans drawn in
 *    that same frame, and the process's peak memory (VmHWM);
 *  - applying and removing a label (action plus the frame that shows it),
 *    and the span list catching up in the frame after;
 *  - scrolling through the whole article (work per frame, before-paint to
 *    after-paint).
 * Usage: bench-workbench PATH-TO-newsmark
 */
#include "config.h"

#include <newsmark/newsmark.h>
#include <glib/gstdio.h>

#include "gen-article.h"
#include "newsmark-application.h"
#include "newsmark-window-private.h"
#include "gui-test-common.h"

#define FIRST_FRAME_RUNS 3
#define TAG_ROUNDS       100
#define SCROLL_JUMPS     200
#define SCROLL_STEPS     150

static NewsmarkApplication *app;
static gint64 frame_start;
static gint64 frame_start_cpu;
static GArray *frame_cpu_times;   /* double, ms */
static guint frames_done;
static GArray *frame_times;   /* double, ms */
static GArray *catch_up_ms;   /* double, ms; NULL: not measured */
static GArray *catch_up_cpu;

/* CPU time of this (the main) thread in µs: unlike wall time it does not
 * grow when other processes compete for the CPU. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* ---- Statistics ------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint index;

  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, compare_doubles);
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

static const char *
load_average (void)
{
  static char buffer[64];
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "unknown";
  g_strlcpy (buffer, contents, sizeof buffer);
  g_strchomp (buffer);
  return buffer;
}

/* ---- First frame, out of process ------------------------------------------------ */

typedef struct {
  double   first_frame_ms;
  double   cpu_ms;
  guint    spans_drawn;
  guint    visible_end;
  guint    vm_hwm_kb;
  gboolean preview;      /* the first frame showed a large file's first screen */
  /* With a preview: the first frame once the whole file is loaded. */
  double   loaded_ms;
  double   loaded_cpu_ms;
  guint    loaded_spans_drawn;
  guint    loaded_visible_end;
  guint    loaded_vm_hwm_kb;
} LaunchResult;

static gboolean
read_value (const char *line,
            const char *key,
            const char **value)
{
  gsize n = strlen (key);

  if (strncmp (line, key, n) != 0 || line[n] != ' ')
    return FALSE;
  *value = line + n + 1;
  return TRUE;
}

static gboolean
launch (const char   *newsmark,
        const char   *file,
        LaunchResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 spawned;

  g_subprocess_launcher_setenv (launcher, "NEWSMARK_REPORT_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "NEWSMARK_EXIT_AFTER_FIRST_FRAME", "1", TRUE);

  spawned = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, newsmark, file, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("launch failed: %s\n", error->message);
      return FALSE;
    }

  memset (result, 0, sizeof *result);
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *v;

      if (read_value (lines[i], "first-frame-monotonic-us", &v))
        result->first_frame_ms = (double) (g_ascii_strtoll (v, NULL, 10) - spawned) / 1000.0;
      else if (read_value (lines[i], "first-frame-cpu-ms", &v))
        result->cpu_ms = g_ascii_strtod (v, NULL);
      else if (read_value (lines[i], "first-frame-spans-drawn", &v))
        result->spans_drawn = (guint) g_ascii_strtoull (v, NULL, 10);
      else if (read_value (lines[i], "first-frame-visible-end", &v))
        result->visible_end = (guint) g_ascii_strtoull (v, NULL, 10);
      else if (read_value (lines[i], "first-frame-preview", &v))
        result->preview = atoi (v) != 0;
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        result->vm_hwm_kb = (guint) g_ascii_strtoull (g_strchug (lines[i] + strlen ("VmHWM:")), NULL, 10);
      else if (read_value (lines[i], "loaded-frame-monotonic-us", &v))
        result->loaded_ms = (double) (g_ascii_strtoll (v, NULL, 10) - spawned) / 1000.0;
      else if (read_value (lines[i], "loaded-frame-cpu-ms", &v))
        result->loaded_cpu_ms = g_ascii_strtod (v, NULL);
      else if (read_value (lines[i], "loaded-frame-spans-drawn", &v))
        result->loaded_spans_drawn = (guint) g_ascii_strtoull (v, NULL, 10);
      else if (read_value (lines[i], "loaded-frame-visible-end", &v))
        result->loaded_visible_end = (guint) g_ascii_strtoull (v, NULL, 10);
      else if (g_str_has_prefix (lines[i], "loaded-frame-VmHWM:"))
        result->loaded_vm_hwm_kb = (guint) g_ascii_strtoull (g_strchug (lines[i] + strlen ("loaded-frame-VmHWM:")),
                                                             NULL, 10);
    }

  /* The first frame must already have every highlight of what it shows:
   * the same area, once everything is loaded, has no more. */
  if (result->preview &&
      (result->loaded_ms <= 0 || result->loaded_visible_end != result->visible_end ||
       result->loaded_spans_drawn != result->spans_drawn))
    {
      g_printerr ("first frame drew %u spans up to offset %u; once loaded, %u up to %u\n",
                  result->spans_drawn, result->visible_end, result->loaded_spans_drawn,
                  result->loaded_visible_end);
      return FALSE;
    }

  return result->first_frame_ms > 0;
}

static void
measure_launch (const char   *newsmark,
                const char   *file,
                LaunchResult *best)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < FIRST_FRAME_RUNS; i++)
    {
      LaunchResult r;

      if (!launch (newsmark, file, &r))
        g_error ("newsmark did not report a complete first frame for %s", file);
      g_array_append_val (times, r.first_frame_ms);
      g_array_append_val (cpu, r.cpu_ms);
      g_array_append_val (loaded, r.loaded_ms);
      g_array_append_val (loaded_cpu, r.loaded_cpu_ms);
      *best = r;
    }
  best->first_frame_ms = percentile (times, 0.5);
  best->cpu_ms = percentile (cpu, 0.5);
  best->loaded_ms = percentile (loaded, 0.5);
  best->loaded_cpu_ms = percentile (loaded_cpu, 0.5);
}

/* ---- In process ------------------------------------------------------------------- */

static void
on_before_paint (GdkFrameClock *clock)
{
  frame_start = g_get_monotonic_time ();
  frame_start_cpu = thread_cpu_us ();
}

static void
on_after_paint (GdkFrameClock *clock)
{
  double ms = (double) (g_get_monotonic_time () - frame_start) / 1000.0;
  double cpu_ms = (double) (thread_cpu_us () - frame_start_cpu) / 1000.0;

  if (frame_times != NULL)
    g_array_append_val (frame_times, ms);
  if (frame_cpu_times != NULL)
    g_array_append_val (frame_cpu_times, cpu_ms);
  frames_done++;
}

static void
wait_frame (GtkWidget *widget)
{
  guint target = frames_done + 1;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (frames_done < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static NewsmarkWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  NewsmarkWindow *window = newsmark_window_new (app);
  NewsmarkArticleView *view;
  GdkFrameClock *clock;

  gtk_window_present (GTK_WINDOW (window));
  if (!newsmark_window_open (window, file, &error))
    g_error ("%s", error->message);

  view = newsmark_window_get_article_view (window);
  while (newsmark_article_view_get_n_frames (view) == 0)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  return window;
}

static void
close_window (NewsmarkWindow *window)
{
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (clock != NULL)
    {
      g_signal_handlers_disconnect_by_func (clock, on_before_paint, NULL);
      g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
    }
  if (set != NULL)
    newsmark_annotation_set_set_modified (set, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  NewsmarkWindow *window;
  const char     *action;
  GVariant       *param;
} Action;

static void
run_action (gpointer data)
{
  Action *action = data;

  gtk_widget_activate_action_variant (GTK_WIDGET (action->window), action->action, action->param);
}

static void
run_catch_up (gpointer data)
{
  newsmark_span_list_panel_catch_up (data);
}

/* Times @work and the frame of @widget drawn after it. */
static void
measure_work_and_frame (GtkWidget *widget,
                        void      (*work) (gpointer data),
                        gpointer    data,
                        GArray     *wall_ms,
                        GArray     *cpu_ms)
{
  gint64 t0, c0;
  double ms, cpu;

  frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  frame_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  t0 = g_get_monotonic_time ();
  c0 = thread_cpu_us ();
  work (data);
  ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
  cpu = (double) (thread_cpu_us () - c0) / 1000.0;
  wait_frame (widget);
  if (frame_times->len > 0)
    {
      ms += g_array_index (frame_times, double, frame_times->len - 1);
      cpu += g_array_index (frame_cpu_times, double, frame_cpu_times->len - 1);
    }
  g_array_append_val (wall_ms, ms);
  g_array_append_val (cpu_ms, cpu);
  g_clear_pointer (&frame_times, g_array_unref);
  g_clear_pointer (&frame_cpu_times, g_array_unref);
}

static void
measure_one (NewsmarkWindow *window,
             const char     *action,
             GVariant       *param,
             GArray         *wall_ms,
             GArray         *cpu_ms)
{
  NewsmarkSpanListPanel *list = newsmark_window_get_span_list (window);
  Action run = { window, action, param };

  measure_work_and_frame (GTK_WIDGET (newsmark_window_get_article_view (window)), run_action, &run,
                          wall_ms, cpu_ms);

  /* The span list shows the edit in the next frame (the window does this
   * right after the frame above): its work and that frame, measured apart. */
  if (catch_up_ms != NULL && newsmark_span_list_panel_get_catching_up (list))
    measure_work_and_frame (GTK_WIDGET (list), run_catch_up, list, catch_up_ms, catch_up_cpu);
}

/* Scrolling to a far part of the article finishes over a few frames (the
 * lines there are laid out first): wait until the selection is on screen
 * and the view has stopped moving, as it has by the time a user presses a
 * key on what they selected. */
static void
wait_until_shown (NewsmarkArticleView *view,
                  guint                offset)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (view);
  GdkRectangle previous = { 0, -1, 0, 0 };

  for (guint i = 0; i < 30; i++)
    {
      GdkRectangle visible, location;
      GtkTextIter iter;

      wait_frame (GTK_WIDGET (view));
      gtk_text_view_get_visible_rect (text_view, &visible);
      gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (text_view), &iter, (int) offset);
      gtk_text_view_get_iter_location (text_view, &iter, &location);
      if (visible.y == previous.y && visible.height == previous.height &&
          location.y >= visible.y && location.y + location.height <= visible.y + visible.height)
        return;
      previous = visible;
    }
}

static void
measure_tagging (NewsmarkWindow *window,
                 GArray         *apply_ms,
                 GArray         *remove_ms,
                 GArray         *apply_cpu,
                 GArray         *remove_cpu,
                 GArray         *follow_ms,
                 GArray         *follow_cpu)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkAnnotationSet *set = newsmark_window_get_annotation_set (window);
  guint length = newsmark_document_get_length (newsmark_annotation_set_get_document (set));
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < TAG_ROUNDS; i++)
    {
      guint start = g_rand_int_range (rand, 0, (gint32) length - 40);

      /* Select a few characters where the view shows them, then tag. */
      newsmark_article_view_select_range (view, start, start + 12);
      wait_until_shown (view, start);

      measure_one (window, "win.tag-label", g_variant_new_string ("EVENT"), apply_ms, apply_cpu);
      if (newsmark_window_get_selected_span (window) == NULL)
        continue;

      /* A moment later the span list shows the new span's row, which may
       * be far from where it was: measured as the frames that show it. */
      if (follow_ms != NULL)
        {
          gint64 t0 = g_get_monotonic_time ();
          gint64 c0 = thread_cpu_us ();
          double ms, cpu;

          frame_times = g_array_new (FALSE, FALSE, sizeof (double));
          frame_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
          if (newsmark_span_list_panel_scroll_now (newsmark_window_get_span_list (window)))
            {
              ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
              cpu = (double) (thread_cpu_us () - c0) / 1000.0;
              /* Every frame until it has stopped moving. */
              for (guint f = 0; f < 10; f++)
                {
                  wait_frame (GTK_WIDGET (view));
                  if (!newsmark_span_list_panel_get_scrolling (newsmark_window_get_span_list (window)))
                    break;
                }
              wait_frame (GTK_WIDGET (view));
              for (guint f = 0; f < frame_times->len; f++)
                {
                  ms += g_array_index (frame_times, double, f);
                  cpu += g_array_index (frame_cpu_times, double, f);
                }
              g_array_append_val (follow_ms, ms);
              g_array_append_val (follow_cpu, cpu);
            }
          g_clear_pointer (&frame_times, g_array_unref);
          g_clear_pointer (&frame_cpu_times, g_array_unref);
        }
      measure_one (window, "win.delete-span", NULL, remove_ms, remove_cpu);
    }

  g_rand_free (rand);
}

/* Tagging in reading order, as an analyst goes through an article: each
 * span a little after the previous one, the span list following. */
static void
measure_tagging_in_order (NewsmarkWindow *window,
                          GArray         *apply_ms,
                          GArray         *apply_cpu)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  NewsmarkSpanListPanel *list = newsmark_window_get_span_list (window);
  guint start = 200000;

  for (guint i = 0; i < TAG_ROUNDS; i++, start += 40)
    {
      newsmark_article_view_select_range (view, start, start + 12);
      wait_until_shown (view, start);

      measure_one (window, "win.tag-label", g_variant_new_string ("EVENT"), apply_ms, apply_cpu);
      /* The list moves to the new row before the next one is tagged. */
      if (newsmark_span_list_panel_scroll_now (list))
        {
          wait_frame (GTK_WIDGET (view));
          wait_frame (GTK_WIDGET (view));
        }
    }
}

static void
measure_scrolling (NewsmarkWindow *window,
                   GArray         *times,
                   GArray         *cpu_times)
{
  NewsmarkArticleView *view = newsmark_window_get_article_view (window);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  frame_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));

  /* Jumps through the whole article (as dragging the scrollbar does)... */
  for (guint i = 0; i <= SCROLL_JUMPS; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, upper * i / SCROLL_JUMPS);
      wait_frame (GTK_WIDGET (view));
    }
  /* ...and small steps (as the wheel does) from the top. */
  gtk_adjustment_set_value (adjustment, 0);
  wait_frame (GTK_WIDGET (view));
  for (guint i = 0; i < SCROLL_STEPS; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            gtk_adjustment_get_page_size (adjustment) / 6);
      wait_frame (GTK_WIDGET (view));
    }

  g_array_append_vals (times, frame_times->data, frame_times->len);
  g_array_append_vals (cpu_times, frame_cpu_times->data, frame_cpu_times->len);
  g_clear_pointer (&frame_times, g_array_unref);
  g_clear_pointer (&frame_cpu_times, g_array_unref);
}

static void
print_stats (const char *what,
             GArray     *wall,
             GArray     *cpu)
{
  g_print ("%-42s n=%-4u wall: median %6.1f  p95 %6.1f ms | main-thread CPU: median %6.1f  p95 %6.1f ms\n",
           what, wall->len, percentile (wall, 0.5), percentile (wall, 0.95),
           percentile (cpu, 0.5), percentile (cpu, 0.95));
}

static void
start_application (void)
{
  app = gui_test_application_new ();
  /* The recovery autosave is measured on its own; keep its timer out of
   * the tagging and scrolling figures. */
  g_settings_set_uint (newsmark_application_get_settings (app), "autosave-interval", 600);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *annotation = NULL;
  g_autofree char *article = NULL;
  g_autofree char *plain_dir = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  gsize text_len = 0;
  LaunchResult with_spans, without_spans;
  g_autoptr(GArray) apply_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) follow_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_order_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_order_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) follow_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_catch_up_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_catch_up_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) remove_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll_plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) remove_plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) remove_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll_plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) remove_plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  NewsmarkWindow *window;
  double autosave_ms = 0, autosave_cpu_ms = 0;
  double autosave_longest_ms = 0, autosave_total_ms = 0, autosave_worst_frame_ms = 0;
  guint autosave_slices = 0, autosave_frames = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s PATH-TO-newsmark\n", argv[0]);
      return 2;
    }

  dir = g_dir_make_tmp ("newsmark-bench-gui-XXXXXX", &error);
  g_assert_no_error (error);
  if ((g_getenv ("NEWSMARK_BENCH_TAGGING_ONLY") != NULL || g_getenv ("NEWSMARK_BENCH_SCROLL_ONLY") != NULL) &&
      g_getenv ("NEWSMARK_BENCH_FILE") != NULL)
    annotation = g_strdup (g_getenv ("NEWSMARK_BENCH_FILE"));
  else
    annotation = gen_article_write (dir, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);
  {
    g_autofree char *folder = g_path_get_dirname (annotation);

    article = g_build_filename (folder, "bench-article.txt", NULL);
  }

  /* The same article without an annotation file: no spans. */
  plain_dir = g_build_filename (dir, "plain", NULL);
  g_mkdir (plain_dir, 0700);
  plain = g_build_filename (plain_dir, "bench-article.txt", NULL);
  g_file_get_contents (article, &text, &text_len, &error);
  g_assert_no_error (error);
  g_file_set_contents (plain, text, (gssize) text_len, &error);
  g_assert_no_error (error);

  g_print ("Renderer: GSK_RENDERER=%s; load average at start: %s\n",
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default", load_average ());
  g_print ("Article: %.2f MB, %u spans, %u relations (%s)\n", text_len / (1024.0 * 1024.0),
           GEN_ARTICLE_N_SPANS, GEN_ARTICLE_N_RELATIONS, annotation);

  /* NEWSMARK_BENCH_TAGGING_ONLY: just the tagging rounds, for profiling
   * (NEWSMARK_BENCH_FILE: on that file instead of a generated one);
   * NEWSMARK_BENCH_SCROLL_ONLY: just the scrolling, in a window just
   * opened. */
  if (g_getenv ("NEWSMARK_BENCH_SCROLL_ONLY") != NULL)
    {
      start_application ();
      window = open_window (annotation);
      measure_scrolling (window, scroll_ms, scroll_cpu);
      print_stats ("Scroll frame, window just opened", scroll_ms, scroll_cpu);
      return 0;
    }
  if (g_getenv ("NEWSMARK_BENCH_TAGGING_ONLY") != NULL)
    {
      start_application ();
      window = open_window (annotation);
      catch_up_ms = list_catch_up_ms;
      catch_up_cpu = list_catch_up_cpu;
      measure_tagging (window, apply_ms, remove_ms, apply_cpu, remove_cpu, follow_ms, follow_cpu);
      measure_tagging_in_order (window, apply_order_ms, apply_order_cpu);
      catch_up_ms = catch_up_cpu = NULL;
      print_stats ("Apply a label, 100,000 spans (+ frame)", apply_ms, apply_cpu);
      print_stats ("Apply labels in reading order (+ frame)", apply_order_ms, apply_order_cpu);
      print_stats ("Span list follows the new span (+ frame)", follow_ms, follow_cpu);
      print_stats ("Remove a label, 100,000 spans (+ frame)", remove_ms, remove_cpu);
      print_stats ("Span list catches up, next frame", list_catch_up_ms, list_catch_up_cpu);
      return 0;
    }

  measure_launch (argv[1], annotation, &with_spans);
  measure_launch (argv[1], plain, &without_spans);

  start_application ();

  window = open_window (annotation);
  catch_up_ms = list_catch_up_ms;
  catch_up_cpu = list_catch_up_cpu;
  measure_tagging (window, apply_ms, remove_ms, apply_cpu, remove_cpu, follow_ms, follow_cpu);
  measure_tagging_in_order (window, apply_order_ms, apply_order_cpu);
  catch_up_ms = catch_up_cpu = NULL;
  measure_scrolling (window, scroll_ms, scroll_cpu);
  {
    gint64 t0, c0, longest = 0, total = 0;

    /* One recovery autosave of the whole file, as the timer does it: a
     * slice at a time between frames, with frames being drawn meanwhile;
     * then the same written at once, as it is after edits kept
     * interrupting it. */
    newsmark_article_view_select_range (newsmark_window_get_article_view (window), 100, 110);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-label", "s", "EVENT");
    frame_times = g_array_new (FALSE, FALSE, sizeof (double));
    frame_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
    if (!newsmark_window_autosave_in_background (window))
      g_error ("no background autosave started");
    while (newsmark_window_get_autosaving (window, NULL, NULL, NULL))
      {
        gtk_widget_queue_draw (GTK_WIDGET (newsmark_window_get_article_view (window)));
        g_main_context_iteration (NULL, TRUE);
      }
    newsmark_window_get_autosaving (window, &autosave_slices, &longest, &total);
    autosave_longest_ms = longest / 1000.0;
    autosave_total_ms = total / 1000.0;
    g_array_sort (frame_times, compare_doubles);
    autosave_frames = frame_times->len;
    autosave_worst_frame_ms = frame_times->len > 0 ? g_array_index (frame_times, double, frame_times->len - 1) : 0;
    g_clear_pointer (&frame_times, g_array_unref);
    g_clear_pointer (&frame_cpu_times, g_array_unref);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-label", "s", "PERSON");
    t0 = g_get_monotonic_time ();
    c0 = thread_cpu_us ();
    if (newsmark_window_autosave_now (window))
      {
        autosave_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
        autosave_cpu_ms = (double) (thread_cpu_us () - c0) / 1000.0;
      }
  }
  close_window (window);

  window = open_window (plain);
  measure_tagging (window, apply_plain_ms, remove_plain_ms, apply_plain_cpu, remove_plain_cpu, NULL, NULL);
  measure_scrolling (window, scroll_plain_ms, scroll_plain_cpu);
  close_window (window);

  g_print ("\n");
  g_print ("First painted frame after launch (median of %u): %.0f ms with spans, %.0f ms without "
           "(ratio %.2f); target <= 1000 ms\n", FIRST_FRAME_RUNS, with_spans.first_frame_ms,
           without_spans.first_frame_ms, with_spans.first_frame_ms / MAX (without_spans.first_frame_ms, 1));
  g_print ("  CPU time used by then (user + system): %.0f ms with spans, %.0f ms without\n",
           with_spans.cpu_ms, without_spans.cpu_ms);
  g_print ("Spans drawn in that first frame: %u (all of those up to offset %u)%s\n", with_spans.spans_drawn,
           with_spans.visible_end,
           with_spans.preview ? ", from the first screen read ahead of the whole file" : "");
  if (with_spans.preview)
    g_print ("Whole file loaded and editable, first frame after that (median): %.0f ms after launch, "
             "%.0f ms CPU (all threads), peak memory %.1f MB\n",
             with_spans.loaded_ms, with_spans.loaded_cpu_ms, with_spans.loaded_vm_hwm_kb / 1024.0);
  g_print ("Peak memory (VmHWM at first frame): %.1f MB with spans, %.1f MB without (ratio %.2f)\n",
           with_spans.vm_hwm_kb / 1024.0, without_spans.vm_hwm_kb / 1024.0,
           (double) with_spans.vm_hwm_kb / MAX (without_spans.vm_hwm_kb, 1));
  print_stats ("Apply a label, 100,000 spans (+ frame)", apply_ms, apply_cpu);
  print_stats ("Remove a label, 100,000 spans (+ frame)", remove_ms, remove_cpu);
  print_stats ("Span list catches up, next frame", list_catch_up_ms, list_catch_up_cpu);
  print_stats ("Span list follows the new span (+ frame)", follow_ms, follow_cpu);
  print_stats ("Apply labels in reading order (+ frame)", apply_order_ms, apply_order_cpu);
  print_stats ("Apply a label, no other spans (+ frame)", apply_plain_ms, apply_plain_cpu);
  print_stats ("Remove a label, no other spans (+ frame)", remove_plain_ms, remove_plain_cpu);
  print_stats ("Scroll frame, 100,000 spans", scroll_ms, scroll_cpu);
  print_stats ("Scroll frame, no spans", scroll_plain_ms, scroll_plain_cpu);
  g_print ("Recovery autosave of the 100,000-span file, between frames: %u slices, longest %.1f ms; "
           "written %.0f ms after it started; %u frames drawn meanwhile, the longest %.1f ms\n",
           autosave_slices, autosave_longest_ms, autosave_total_ms, autosave_frames, autosave_worst_frame_ms);
  g_print ("  the same written at once (after edits keep interrupting it): %.0f ms wall, %.0f ms main-thread CPU\n",
           autosave_ms, autosave_cpu_ms);
  g_print ("Targets: first frame <= 1000 ms; apply/remove <= 16 ms p95; scroll frames <= 16 ms p95\n");

  g_remove (plain);
  g_rmdir (plain_dir);
  remove_tree (dir);

  return 0;
}
