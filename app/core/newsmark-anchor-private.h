/* newsmark-anchor-private.h — the anchoring normaliser, for other finders
 *
 * Corpus search matches text the way model strings are anchored (quotes,
 * dashes, white space; see newsmark_anchor_normalise). These give it the
 * normaliser itself and what it needs to skip an article cheaply.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Normalises @text into @out; when @cp_map and @byte_map (GArrays of
 * guint32) are given, appends for each output byte the code point offset
 * and byte offset of the character it came from. */
void     _newsmark_anchor_normalise_into (const char *text,
                                          gsize       n_bytes,
                                          GString    *out,
                                          GArray     *cp_map,
                                          GArray     *byte_map);

/* The longest piece of @normalised (normalised text) that the normaliser
 * copies unchanged from the original: no space, and none of ' " - . which
 * replacements produce. A text whose normalised form contains @normalised
 * contains that piece byte for byte, unless the normaliser drops
 * characters inside it (see _newsmark_anchor_has_dropped). */
void     _newsmark_anchor_verbatim_piece (const char *normalised,
                                          gsize       len,
                                          gsize      *start,
                                          gsize      *piece_len);
/* TRUE when @text holds a character the normaliser drops (soft hyphen,
 * zero-width space, byte order mark). */
gboolean _newsmark_anchor_has_dropped    (const char *text,
                                          gsize       n_bytes);

G_END_DECLS
