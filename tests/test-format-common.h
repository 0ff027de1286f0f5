/* test-format-common.h — helpers shared by the format tests */
#pragma once

#include <string.h>
#include <glib/gstdio.h>
#include <newsmark/newsmark.h>

static inline char *
format_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "formats", name, NULL);
}

static inline char *
format_test_read (const char *name)
{
  g_autofree char *path = format_test_data_path (name);
  char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

/* A fresh temporary folder, removed by format_test_rmtree. */
static inline char *
format_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsmark-format-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
format_test_rmtree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            format_test_rmtree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static inline int
format_test_compare_strings (gconstpointer a,
                             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "LABEL start end" for every fragment of every span with one of the
 * statuses in @statuses (a bit mask of 1 << status), sorted: what must
 * survive a round trip through a format without discontinuous spans. */
static inline char *
format_test_describe_fragments (NewsmarkAnnotationSet *set,
                                guint                  statuses)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      guint n = newsmark_span_get_n_fragments (span);
      NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
      const NewsmarkFragment *f = n > 0 ? newsmark_span_get_fragments (span) : &whole;

      if (!(statuses & (1u << newsmark_span_get_status (span))))
        continue;
      for (guint k = 0; k < MAX (n, 1); k++)
        g_ptr_array_add (lines, g_strdup_printf ("%s %u %u", newsmark_span_get_label (span),
                                                 f[k].start, f[k].end));
    }
  g_ptr_array_sort (lines, format_test_compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
