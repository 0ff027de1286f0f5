/* test-document.c — the article text: UTF-8 rules, legacy encodings, offsets */

#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <newsmark/newsmark.h>

/* CPU time of this thread: timing bounds must not depend on how busy the
 * machine is (parallel test runs, sanitizer builds). */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
test_valid_text_kept_byte_exact (void)
{
  /* CRLF, NBSP, a combining accent, a ZWJ family emoji and a flag. */
  const char *text = "Caf\x65\xcc\x81 opens\r\nat\xc2\xa0" "9\xe2\x80\xaf" "am \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 \xf0\x9f\x87\xab\xf0\x9f\x87\xb7\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, &error);
  g_autofree char *expected_sha = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpmem (newsmark_document_get_text (doc), newsmark_document_get_n_bytes (doc),
                   text, strlen (text));
  g_assert_cmpuint (newsmark_document_get_length (doc), ==, g_utf8_strlen (text, -1));
  g_assert_null (newsmark_document_get_encoding (doc));

  expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_assert_cmpstr (newsmark_document_get_sha256 (doc), ==, expected_sha);

  /* "e" + U+0301 are two code points; CRLF is two. */
  g_assert_cmpuint (newsmark_document_get_char (doc, 3), ==, 'e');
  g_assert_cmpuint (newsmark_document_get_char (doc, 4), ==, 0x301);
  g_assert_cmpuint (newsmark_document_get_char (doc, 11), ==, '\r');
  g_assert_cmpuint (newsmark_document_get_char (doc, 12), ==, '\n');
  g_assert_cmpuint (newsmark_document_get_char (doc, 15), ==, 0xa0);

  {
    g_autofree char *slice = newsmark_document_dup_slice (doc, 0, 5);
    g_assert_cmpstr (slice, ==, "Cafe\xcc\x81");
    g_assert_true (newsmark_document_slice_equals (doc, 0, 5, "Cafe\xcc\x81"));
    g_assert_false (newsmark_document_slice_equals (doc, 0, 5, "Cafe"));
    g_assert_false (newsmark_document_slice_equals (doc, 0, 4, "Cafe\xcc\x81"));
    g_assert_false (newsmark_document_slice_equals (doc, 0, 5000, "Cafe"));
  }
}

static void
test_sha256_hex (void)
{
  g_autofree char *empty = newsmark_sha256_hex ("", 0);
  g_autofree char *abc = newsmark_sha256_hex ("abc", 3);

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_invalid_utf8_offset (void)
{
  /* "Zoë" in Latin-1: 0xEB at byte 7. */
  const char text[] = "Hello\nZo\xeb is here";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, sizeof text - 1, &error);

  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "byte offset 8"));
  g_assert_nonnull (strstr (error->message, "0xEB"));
  g_assert_nonnull (strstr (error->message, "line 2, column 3"));
  g_assert_nonnull (strstr (error->message, "windows-1252"));
}

static void
test_truncated_sequence_and_nul (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = NULL;
  const char truncated[] = "ok \xf0\x9f\x98";   /* emoji cut short at the end */
  const char with_nul[] = "ab\0cd";

  doc = newsmark_document_new_from_text (truncated, sizeof truncated - 1, &error);
  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "byte offset 3"));
  g_clear_error (&error);

  doc = newsmark_document_new_from_text (with_nul, sizeof with_nul - 1, &error);
  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "NUL byte at byte offset 2"));
}

static GFile *
write_temp (const char *contents,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("newsmark-doc-XXXXXX.txt", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_file_encodings (void)
{
  /* Windows-1252: curly quotes 0x93/0x94, euro 0x80, é 0xE9. */
  const char cp1252[] = "\x93" "Caf\xe9" "\x94 costs \x80" "5";
  g_autoptr(GFile) file = write_temp (cp1252, sizeof cp1252 - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = NULL;

  /* Strict UTF-8 by default: refused with the offset. */
  doc = newsmark_document_new_from_file (file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "byte offset 0"));
  g_clear_error (&error);

  doc = newsmark_document_new_from_file (file, "windows-1252", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_document_get_text (doc), ==, "“Café” costs €5");
  g_assert_cmpstr (newsmark_document_get_encoding (doc), ==, "windows-1252");
  g_assert_cmpuint (newsmark_document_get_length (doc), ==, 15);
  g_assert_true (newsmark_document_get_file (doc) == file ||
                 g_file_equal (newsmark_document_get_file (doc), file));
  g_clear_object (&doc);

  /* Latin-1 maps 0x80–0x9F to C1 controls: still valid, recorded. */
  doc = newsmark_document_new_from_file (file, "latin1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newsmark_document_get_encoding (doc), ==, "latin1");
  g_assert_cmpuint (newsmark_document_get_char (doc, 4), ==, 0xe9);
  g_clear_object (&doc);

  doc = newsmark_document_new_from_file (file, "no-such-encoding", &error);
  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "unknown encoding"));
  g_clear_error (&error);

  g_file_delete (file, NULL, NULL);
}

static void
test_file_utf8_and_missing (void)
{
  const char text[] = "Line one\r\nLine two \xf0\x9f\x98\x80\r\n";
  g_autoptr(GFile) file = write_temp (text, sizeof text - 1);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/newsmark/article.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = NULL;

  doc = newsmark_document_new_from_file (file, "UTF-8", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (newsmark_document_get_text (doc), newsmark_document_get_n_bytes (doc),
                   text, sizeof text - 1);
  g_assert_null (newsmark_document_get_encoding (doc));
  g_file_delete (file, NULL, NULL);

  g_clear_object (&doc);
  doc = newsmark_document_new_from_file (missing, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "article.txt"));
}

/* Random mixed-script text; every offset conversion checked against a
 * plain walk. */
static void
test_offsets_against_walk (void)
{
  static const char *pieces[] = {
    "a", "Z", " ", "\r\n", "é", "e\xcc\x81", "ß", "Ж", "中", "ع", "\xc2\xa0",
    "\xf0\x9f\x98\x80", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", "—", "’",
  };
  g_autoptr(GString) str = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  const char *p;
  guint length;

  for (guint i = 0; i < 5000; i++)
    g_string_append (str, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_rand_free (rand);

  doc = newsmark_document_new_from_text (str->str, str->len, &error);
  g_assert_no_error (error);
  length = newsmark_document_get_length (doc);
  g_assert_cmpuint (length, ==, g_utf8_strlen (str->str, -1));

  p = str->str;
  for (guint i = 0; i <= length; i++)
    {
      gsize byte = (gsize) (p - str->str);

      g_assert_cmpuint (newsmark_document_offset_to_byte (doc, i), ==, byte);
      g_assert_cmpuint (newsmark_document_byte_to_offset (doc, byte), ==, i);
      if (i < length)
        {
          const char *next = g_utf8_next_char (p);
          /* A byte inside a character maps to that character. */
          if (next - p > 1)
            g_assert_cmpuint (newsmark_document_byte_to_offset (doc, byte + 1), ==, i);
          g_assert_cmpuint (newsmark_document_get_char (doc, i), ==, g_utf8_get_char (p));
          p = next;
        }
    }
  g_assert_cmpuint (newsmark_document_offset_to_byte (doc, length + 10), ==, str->len);
  g_assert_cmpuint (newsmark_document_byte_to_offset (doc, str->len + 10), ==, length);
}

static void
test_utf16_conversion (void)
{
  /* "a😀b👩‍💻c": 😀 and 👩 and 💻 are surrogate pairs in UTF-16. */
  const char *text = "a\xf0\x9f\x98\x80" "b\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb" "c";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, &error);
  /* code point → UTF-16: a=0 😀=1 b=3 👩=4 ZWJ=6 💻=7 c=9 end=10 */
  static const guint expected[] = { 0, 1, 3, 4, 6, 7, 9, 10 };
  guint offset = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (newsmark_document_get_length (doc), ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (newsmark_utf16_from_offset (doc, i), ==, expected[i]);
      g_assert_true (newsmark_offset_from_utf16 (doc, expected[i], &offset, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (offset, ==, i);
    }

  /* Inside a surrogate pair. */
  g_assert_false (newsmark_offset_from_utf16 (doc, 2, &offset, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "surrogate pair"));
  g_clear_error (&error);
  g_assert_false (newsmark_offset_from_utf16 (doc, 8, &offset, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_clear_error (&error);

  /* Past the end. */
  g_assert_false (newsmark_offset_from_utf16 (doc, 11, &offset, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "past the end"));
  g_clear_error (&error);
}

static void
test_utf16_long_text (void)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  guint units = 0, length;
  const char *p;

  for (guint i = 0; i < 3000; i++)
    g_string_append (str, (i % 7 == 0) ? "\xf0\x9f\x98\x80" : (i % 3 == 0 ? "é" : "x"));
  doc = newsmark_document_new_from_text (str->str, str->len, &error);
  g_assert_no_error (error);
  length = newsmark_document_get_length (doc);

  p = str->str;
  for (guint i = 0; i <= length; i++)
    {
      guint back = G_MAXUINT;

      g_assert_cmpuint (newsmark_utf16_from_offset (doc, i), ==, units);
      g_assert_true (newsmark_offset_from_utf16 (doc, units, &back, &error));
      g_assert_cmpuint (back, ==, i);
      if (i < length)
        {
          gunichar c = g_utf8_get_char (p);
          units += c > 0xffff ? 2 : 1;
          p = g_utf8_next_char (p);
        }
    }
}

/* A 2 MB article: conversions must stay O(1). */
static void
test_offsets_fast_on_large_text (void)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0, elapsed;
  guint length, sum = 0;

  while (str->len < 2 * 1024 * 1024)
    g_string_append (str, "Le président a dit «non» 😀 — 中文 text. ");
  doc = newsmark_document_new_from_text (str->str, str->len, &error);
  g_assert_no_error (error);
  length = newsmark_document_get_length (doc);

  t0 = thread_cpu_usec ();
  for (guint i = 0; i < 200000; i++)
    {
      guint off = (guint) (((guint64) i * 7919u) % length);
      gsize b = newsmark_document_offset_to_byte (doc, off);
      sum += newsmark_document_byte_to_offset (doc, b) == off;
      sum += newsmark_utf16_from_offset (doc, off) >= off;
    }
  elapsed = thread_cpu_usec () - t0;
  g_test_message ("200000 round trips on %u code points: %" G_GINT64_FORMAT " µs CPU", length, elapsed);
  g_assert_cmpuint (sum, ==, 400000);
  /* Generous bound (sanitizers, slow CI): a linear walk would take minutes. */
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static void
test_encoding_setter (void)
{
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text ("x", -1, NULL);

  newsmark_document_set_encoding (doc, "windows-1252");
  g_assert_cmpstr (newsmark_document_get_encoding (doc), ==, "windows-1252");
  newsmark_document_set_encoding (doc, "utf-8");
  g_assert_null (newsmark_document_get_encoding (doc));
}

/* Paragraphs are the lines GtkTextView shows, blank ones not counted; a
 * paragraph repeated verbatim (scraped pages do that) names its first copy. */
static void
test_paragraphs_and_repeats (void)
{
  /* \n, \r\n, \r and U+2029 break lines; U+2028 does not. A curly quote,
   * "??" where an emoji was lost, a line of spaces, indentation. */
  const char *text =
    "\u201cWe are ready,\u201d she said ??\n"    /* ¶1 [0, 27) */
    "\n"
    "Second paragraph.\r\n"                 /* ¶2 */
    "   \n"                                  /* blank: not a paragraph */
    "\u201cWe are ready,\u201d she said ??\r"    /* ¶3 repeats ¶1 */
    "Third\u2028line\u2029"                   /* ¶4: one paragraph */
    "  Second paragraph.  \n"               /* ¶5 repeats ¶2 (trimmed) */
    "second paragraph.";                     /* ¶6: case differs */
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, NULL);
  const NewsmarkParagraph *p;
  g_autofree char *place1 = NULL;
  g_autofree char *place3 = NULL;
  guint third;

  g_assert_cmpuint (newsmark_document_get_n_paragraphs (doc), ==, 6);

  p = newsmark_document_get_paragraph (doc, 1);
  g_assert_cmpuint (p->start, ==, 0);
  g_assert_cmpuint (p->end, ==, 27);
  g_assert_cmpuint (p->number, ==, 1);
  g_assert_cmpuint (p->repeats, ==, 0);

  p = newsmark_document_get_paragraph (doc, 2);
  g_assert_cmpuint (p->start, ==, 29);
  g_assert_cmpuint (p->end, ==, 46);
  g_assert_cmpuint (p->repeats, ==, 0);

  p = newsmark_document_get_paragraph (doc, 3);
  third = p->start;
  g_assert_cmpuint (p->start, ==, 52);
  g_assert_cmpuint (p->end, ==, 79);
  g_assert_cmpuint (p->repeats, ==, 1);

  p = newsmark_document_get_paragraph (doc, 4);
  g_assert_cmpuint (p->start, ==, 80);
  g_assert_cmpuint (p->end, ==, 90);
  g_assert_cmpuint (p->repeats, ==, 0);

  g_assert_cmpuint (newsmark_document_get_paragraph (doc, 5)->repeats, ==, 2);
  g_assert_cmpuint (newsmark_document_get_paragraph (doc, 6)->repeats, ==, 0);
  g_assert_cmpuint (newsmark_document_get_paragraph (doc, 6)->end, ==,
                    newsmark_document_get_length (doc));
  g_assert_null (newsmark_document_get_paragraph (doc, 0));
  g_assert_null (newsmark_document_get_paragraph (doc, 7));

  /* Looking up by offset: inside, at the end, on a blank line. */
  g_assert_cmpuint (newsmark_document_get_paragraph_at (doc, 0)->number, ==, 1);
  g_assert_cmpuint (newsmark_document_get_paragraph_at (doc, 27)->number, ==, 1);
  g_assert_null (newsmark_document_get_paragraph_at (doc, 28));
  g_assert_null (newsmark_document_get_paragraph_at (doc, 49));
  g_assert_cmpuint (newsmark_document_get_paragraph_at (doc, third + 5)->number, ==, 3);
  g_assert_cmpuint (newsmark_document_get_paragraph_at (doc, newsmark_document_get_length (doc))->number, ==, 6);

  place1 = newsmark_document_describe_place (doc, 3);
  place3 = newsmark_document_describe_place (doc, third + 3);
  g_assert_cmpstr (place1, ==, "¶1");
  g_assert_cmpstr (place3, ==, "¶3, repeats ¶1");
  g_assert_null (newsmark_document_describe_place (doc, 28));

  /* The same words by number, for whoever has one. */
  {
    g_autofree char *by_number = newsmark_document_describe_paragraph (doc, 3);
    g_autofree char *plain = newsmark_document_describe_paragraph (doc, 4);

    g_assert_cmpstr (by_number, ==, "¶3, repeats ¶1");
    g_assert_cmpstr (plain, ==, "¶4");
    g_assert_null (newsmark_document_describe_paragraph (doc, 0));
    g_assert_null (newsmark_document_describe_paragraph (doc, 7));
  }
}

/* A 2 MB article's paragraphs are found in one cheap pass. */
static void
test_paragraphs_fast_on_large_text (void)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autoptr(NewsmarkDocument) doc = NULL;
  gint64 t0, elapsed;
  guint n;

  for (guint i = 0; str->len < 2 * 1024 * 1024; i++)
    g_string_append_printf (str, "Paragraph %u: le président a dit «non» 😀 — 中文 text.\n\n", i % 5000);
  doc = newsmark_document_new_from_text (str->str, str->len, NULL);

  t0 = thread_cpu_usec ();
  n = newsmark_document_get_n_paragraphs (doc);
  elapsed = thread_cpu_usec () - t0;
  g_test_message ("%u paragraphs in %u code points: %" G_GINT64_FORMAT " µs CPU",
                  n, newsmark_document_get_length (doc), elapsed);
  g_assert_cmpuint (newsmark_document_get_paragraph (doc, 5001)->repeats, ==, 1);
  g_assert_cmpuint (newsmark_document_get_paragraph (doc, 5000)->repeats, ==, 0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/byte-exact", test_valid_text_kept_byte_exact);
  g_test_add_func ("/document/sha256", test_sha256_hex);
  g_test_add_func ("/document/invalid-utf8-offset", test_invalid_utf8_offset);
  g_test_add_func ("/document/truncated-and-nul", test_truncated_sequence_and_nul);
  g_test_add_func ("/document/file-encodings", test_file_encodings);
  g_test_add_func ("/document/file-utf8-and-missing", test_file_utf8_and_missing);
  g_test_add_func ("/document/offsets", test_offsets_against_walk);
  g_test_add_func ("/document/offsets-fast", test_offsets_fast_on_large_text);
  g_test_add_func ("/document/encoding-setter", test_encoding_setter);
  g_test_add_func ("/document/paragraphs", test_paragraphs_and_repeats);
  g_test_add_func ("/document/paragraphs-fast", test_paragraphs_fast_on_large_text);
  g_test_add_func ("/utf16/emoji", test_utf16_conversion);
  g_test_add_func ("/utf16/long", test_utf16_long_text);

  return g_test_run ();
}
