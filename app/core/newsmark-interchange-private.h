/* newsmark-interchange-private.h — "interchange": what the format an article
 * was imported from has and Newsmark does not model
 *
 * An annotation file may keep one object under "interchange", written by
 * the importer and read by the exporter of the same format, so that a
 * round trip through Newsmark gives that tool back what it wrote:
 *
 *   "format"        the format it came from (required): one of those below
 *   "fields"        spacy-jsonl, doccano-jsonl, label-studio: the task's own
 *                   keys that Newsmark does not read ("meta", "answer",
 *                   "_input_hash", "options", "accept", "tokens", …), with
 *                   their values verbatim, in their order; empty when the
 *                   task had none (the exporter then adds none of its own)
 *   "data"          label-studio: the keys of the task's "data" besides the
 *                   text
 *   "text_key"      label-studio: the "data" key that holds the text, when
 *                   it is not "text"
 *   "labels"        label-studio: label → {"from_name", "to_name"}, the
 *                   names of its Labels control and of the Text object
 *   "aliases"       brat: label → its other names in annotation.conf
 *                   ("Ubiquitination | GO:0016567")
 *   "note_types"    brat: note types besides AnnotatorNotes; a note line
 *                   "Lemma: …" is written back as a Lemma note
 *   "unset_labels"  webanno-tsv: labels that stand for a span whose value
 *                   was not set ("*")
 *
 * Loading is strict like the rest of the file: unknown keys, keys of
 * another format, a "fields" key the importer reads itself and labels
 * that are not in the schema are errors.
 */
#pragma once

#include <json-c/json.h>

#include "newsmark/newsmark.h"
#include "newsmark-json-private.h"

G_BEGIN_DECLS

/* Checks @value (the file's "interchange", at the reader's current path)
 * against @schema. Returns its text as Newsmark writes it, or NULL when an
 * error was reported. */
char        *_newsmark_interchange_read    (NewsmarkJsonReader *reader,
                                            json_object        *value,
                                            NewsmarkSchema     *schema);
/* Writes the stored @json as Newsmark writes it: compact, one line, each
 * number as its source wrote it. */
void         _newsmark_interchange_write   (GString            *out,
                                            const char         *json);
/* The set's interchange object when it came from @format (a new
 * reference), else NULL. */
json_object *_newsmark_interchange_get     (NewsmarkAnnotationSet *set,
                                            NewsmarkFormat         format);
/* The text to store for an imported article: "format", then the keys of
 * @shared (what the import's configuration gives every article: "labels",
 * "aliases", …; label names renamed by @label_map, and only labels of
 * @schema kept), then those of @own (the article's own: "fields", "data",
 * "text_key"), leaving out empty objects and arrays except "fields". NULL
 * when nothing is left to keep. @shared, @own and @label_map may be NULL. */
char        *_newsmark_interchange_compose (NewsmarkFormat      format,
                                            json_object        *shared,
                                            json_object        *own,
                                            GHashTable         *label_map,
                                            NewsmarkSchema     *schema);

G_END_DECLS
