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

  g_assert_cmpuint (newsmark_document_get_n_paragraphs (document), ==, 6);
  g_assert_cmpuint (newsmark_paragraph_at (document, 0), ==, 1);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Anna", 0)), ==, 2);
  /* A blank line belongs to the paragraph before it. */
  g_assert_cmpuint (newsmark_paragraph_at (document, blank_line), ==, 2);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Sergey", 0)), ==, 3);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "asked", 0)), ==, 4);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Advert", 0)), ==, 5);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Lavrov\n", 0)), ==, 6);
  g_assert_cmpuint (newsmark_paragraph_at (document, newsmark_document_get_length (document)), ==, 6);

  g_assert_cmpuint (newsmark_document_get_n_paragraphs (blank), ==, 0);
  g_assert_cmpuint (newsmark_paragraph_at (blank, 2), ==, 0);
}

/* A place's paragraph is the document's, the one the search bar, Tag All
 * and the margin marks name: lines between the line breaks the article
 * view breaks at (\n, \r\n, \r, U+2029), so a line separator (U+2028)
 * or a form feed inside a line does not start another paragraph; an
 * indented line is one paragraph, its indentation no text before a range. */
static void
test_paragraphs_are_the_documents (void)
{
  static const char *text =
    "Lavrov spoke.\u2028He went on.\n"
    "\n"
    "    Indented: Lavrov again.\f Then more.\r\n"
    "Lavrov spoke.\u2028He went on.\u2029"
    "Last.";
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (text, -1, NULL);
  guint length = newsmark_document_get_length (document);
  guint indented = offset_of (document, "Indented", 0);
  guint then = offset_of (document, "Then", 0);
  g_autoptr(NewsmarkPlace) first = NULL;
  g_autoptr(NewsmarkPlace) copy = NULL;

  g_assert_cmpuint (newsmark_document_get_n_paragraphs (document), ==, 4);
  for (guint offset = 0; offset <= length; offset++)
    {
      const NewsmarkParagraph *paragraph = newsmark_document_get_paragraph_at (document, offset);

      if (paragraph != NULL)
        g_assert_cmpuint (newsmark_paragraph_at (document, offset), ==, paragraph->number);
    }
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "He went", 0)), ==, 1);
  g_assert_cmpuint (newsmark_paragraph_at (document, then), ==, 2);
  g_assert_cmpuint (newsmark_paragraph_at (document, offset_of (document, "Last", 0)), ==, 4);

  first = newsmark_place_new (document, indented, indented + 8, 2, 3);
  g_assert_cmpuint (first->paragraph, ==, 2);
  g_assert_cmpstr (first->before, ==, "");
  g_assert_false (first->more_before);
  g_assert_cmpstr (first->after, ==, ": Lavrov again.");
  g_assert_true (first->more_after);

  /* The copy's place is its own paragraph, which the document says repeats ¶1. */
  copy = newsmark_place_new (document, offset_of (document, "Lavrov spoke", 1),
                             offset_of (document, "Lavrov spoke", 1) + 6, 2, 3);
  g_assert_cmpuint (copy->paragraph, ==, 3);
  g_assert_cmpuint (newsmark_document_get_paragraph (document, copy->paragraph)->repeats, ==, 1);
  g_assert_cmpstr (copy->after, ==, " spoke. He went");
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
  g_test_add_func ("/places/document-paragraphs", test_paragraphs_are_the_documents);

  return g_test_run ();
}
