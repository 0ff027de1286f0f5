/* test-places.c — paragraph numbers and the words around a range */

#include <string.h>

#include <newsmark/newsmark.h>

static guint
offset_of (NewsmarkDocument *document,
           const char       *needle,
           guint             nth)
{
  const char *text = newsmark_document_get_text (document);
  const char *p = text;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (i == nth)
        break;
      p += strlen (needle);
    }

  return (guint) g_utf8_pointer_to_offset (text, p);
}

static const char *article =
  "Lavrov meets Wang Yi\n"
  "By Anna Petrova\n"
  "\n"
  "   \n"
  "Russian Foreign Minister Sergey Lavrov arrived in Beijing.\r\n"
  "\r\n"
  "“Was he fired?” a reporter asked Lavrov about the dismissal of a senior diplomat.\n\n"
  "Advertisement\n\n"
  "Lavrov\n";

static void
test_paragraph_numbers (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (article, -1, NULL);
  g_autoptr(NewsmarkDocument) blank = newsmark_document_new_from_text (" \n\n \t\n", -1, NULL);
  guint blank_line = offset_of (document, "\n   \n", 0) + 2;

  g_assert_cmpuint (newsmark_paragraph_count (document), ==, 6);
  g_assert_cmpuint (newsmark_paragraph_at (document, 0), ==, 1);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Anna", 0)), ==, 2);
  /* A blank line belongs to the paragraph before it. */
  g_assert_cmpuint (newsmark_paragraph_at (document, blank_line), ==, 2);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Sergey", 0)), ==, 3);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "asked", 0)), ==, 4);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Advert", 0)), ==, 5);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Lavrov\n", 0)), ==, 6);
  g_assert_cmpuint (newsmark_paragraph_at (document, newsmark_document_get_length (document)), ==, 6);

  g_assert_cmpuint (newsmark_paragraph_count (blank), ==, 0);
  g_assert_cmpuint (newsmark_paragraph_at (blank, 2), ==, 0);
}

static void
test_place_words_around (void)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (article, -1, NULL);
  guint asked = offset_of (document, "Lavrov about", 0);
  guint sergey = offset_of (document, "Lavrov arrived", 0);
  guint first = 0;
  guint last = offset_of (document, "Lavrov\n", 0);
  g_autoptr(NewsmarkPlace) a = newsmark_place_new (document, asked, asked + 6, 3, 3);
  g_autoptr(NewsmarkPlace) b = newsmark_place_new (document, sergey, sergey + 6, 2, 2);
  g_autoptr(NewsmarkPlace) c = newsmark_place_new (document, first, first + 6, 2, 2);
  g_autoptr(NewsmarkPlace) d = newsmark_place_new (document, last, last + 6, 2, 2);
  g_autoptr(NewsmarkPlace) e = newsmark_place_new (document, asked, asked + 6, 30, 30);

  g_assert_cmpuint (a->paragraph, ==, 4);
  g_assert_cmpstr (a->before, ==, "a reporter asked ");
  g_assert_cmpstr (a->after, ==, " about the dismissal");
  g_assert_true (a->more_before);
  g_assert_true (a->more_after);

  /* Words of its own paragraph only: not across the line break. */
  g_assert_cmpstr (b->before, ==, "Minister Sergey ");
  g_assert_cmpstr (b->after, ==, " arrived in");
  g_assert_cmpstr (c->before, ==, "");
  g_assert_false (c->more_before);
  g_assert_cmpstr (c->after, ==, " meets Wang");
  g_assert_true (c->more_after);
  g_assert_cmpstr (d->before, ==, "");
  g_assert_cmpstr (d->after, ==, "");
  g_assert_false (d->more_after);

  /* At most 40 characters a side, in whole words. */
  g_assert_cmpuint (g_utf8_strlen (e->before, -1), <=, 41);
  g_assert_true (g_str_has_suffix (e->before, "a reporter asked "));
  g_assert_false (g_str_has_prefix (e->before, " "));
  g_assert_true (strstr (article, e->before) != NULL);
  g_assert_cmpuint (g_utf8_strlen (e->after, -1), <=, 41);
  g_assert_true (g_str_has_prefix (e->after, " about the dismissal of a senior"));
  g_assert_true (strstr (article, e->after) != NULL);

  /* No space where the text has none: a possessive follows its name. */
  {
    g_autoptr(NewsmarkDocument) possessive = newsmark_document_new_from_text ("Sergey Lavrov’s visit", -1, NULL);
    g_autoptr(NewsmarkPlace) f = newsmark_place_new (possessive, 7, 13, 2, 2);

    g_assert_cmpstr (f->before, ==, "Sergey ");
    g_assert_cmpstr (f->after, ==, "’s visit");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/places/paragraph-numbers", test_paragraph_numbers);
  g_test_add_func ("/places/words-around", test_place_words_around);

  return g_test_run ();
}
