/* newsmark-utf.h — offset units other tools use
 *
 * Newsmark counts Unicode code points. Label Studio, doccano and WebAnno TSV
 * count UTF-16 code units; these helpers convert exactly, for importers and
 * exporters only.
 */
#pragma once

#include "newsmark-document.h"

G_BEGIN_DECLS

/* UTF-16 offset of code point @offset in @document. */
guint     newsmark_utf16_from_offset (NewsmarkDocument *document,
                                      guint             offset);
/* Code point offset of UTF-16 offset @utf16. FALSE (with error) when @utf16
 * is past the end or falls inside a surrogate pair. */
gboolean  newsmark_offset_from_utf16 (NewsmarkDocument *document,
                                      guint             utf16,
                                      guint            *offset,
                                      GError          **error);

G_END_DECLS
