/* test-bad-input.c — hostile and malformed input to every reader, end to end
 *
 * Each case is data: the files a user might hand to newsmark-cli, the
 * command, and what must come back. The runner writes the files to a fresh
 * folder, runs the built newsmark-cli (NEWSMARK_CLI) on them and checks
 *   - the exit status (a crash or a sanitizer report is never one);
 *   - that the messages name the file at fault with the place — line,
 *     line:column, JSON path or span id — as "FOLDER/FILE:PLACE…", and say
 *     what was wrong;
 *   - that every input is byte for byte as it was, and that on an error
 *     nothing else is left in the folder (no output, no temporary file).
 */

#include <string.h>
#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

typedef enum {
  IMPORT,    /* convert --from FORMAT --to newsmark FILE -o OUT */
  SUGGEST,   /* suggest --from FORMAT FILE article.newsmark.json -o OUT */
  VALIDATE,  /* validate FILE */
} Command;

typedef struct {
  const char *name;
  const char *contents;
} CaseFile;

typedef struct {
  const char *name;        /* test path under /bad-input/ */
  Command     command;
  const char *format;      /* --from */
  CaseFile    files[3];    /* files[0] is what the command is given */
  int         status;      /* expected exit status */
  const char *place;       /* "FILE:LINE: error: …" right after the folder */
  const char *says[3];     /* more of what the messages must say */
} BadInput;

/* The article every case annotates: "Maria Okafor" is [0, 12), "port"
 * [22, 26); 36 code points. SUGGEST cases get it as article.txt with an
 * empty annotation file made by `newsmark-cli new`. */
#define ARTICLE "Maria Okafor said the port is safe.\n"

#define BRAT(name, ann, status, place, ...) \
  { "brat/" name, IMPORT, "brat", { { "a.ann", ann }, { "a.txt", ARTICLE } }, status, place, { __VA_ARGS__ } }
#define BRAT_TXT(name, ann, txt, status, place, ...) \
  { "brat/" name, IMPORT, "brat", { { "a.ann", ann }, { "a.txt", txt } }, status, place, { __VA_ARGS__ } }
#define BRAT_CONF(name, conf, ann, status, place, ...) \
  { "brat-conf/" name, IMPORT, "brat", { { "a.ann", ann }, { "a.txt", ARTICLE }, { "annotation.conf", conf } }, \
    status, place, { __VA_ARGS__ } }
#define DOCCANO(name, jsonl, status, place, ...) \
  { "doccano/" name, IMPORT, "doccano-jsonl", { { "d.jsonl", jsonl } }, status, place, { __VA_ARGS__ } }
#define SPACY(name, jsonl, status, place, ...) \
  { "spacy/" name, IMPORT, "spacy-jsonl", { { "s.jsonl", jsonl } }, status, place, { __VA_ARGS__ } }
#define LABEL_STUDIO(name, json, status, place, ...) \
  { "label-studio/" name, IMPORT, "label-studio", { { "t.json", json } }, status, place, { __VA_ARGS__ } }
#define LABEL_STUDIO_CONF(name, xml, json, status, place, ...) \
  { "label-studio-conf/" name, IMPORT, "label-studio", { { "t.json", json }, { "t.xml", xml } }, \
    status, place, { __VA_ARGS__ } }
#define CONLL(name, conll, status, place, ...) \
  { "conll/" name, IMPORT, "conll", { { "c.conll", conll } }, status, place, { __VA_ARGS__ } }
#define WEBANNO(name, tsv, status, place, ...) \
  { "webanno/" name, IMPORT, "webanno-tsv", { { "w.tsv", tsv } }, status, place, { __VA_ARGS__ } }
#define SUGGEST_FROM(format, name, file, contents, status, place, ...) \
  { "suggest/" format "/" name, SUGGEST, format, { { file, contents } }, status, place, { __VA_ARGS__ } }
#define LOADER(name, json, status, place, ...) \
  { "loader/" name, VALIDATE, NULL, { { "x.newsmark.json", json } }, status, place, { __VA_ARGS__ } }

/* A valid annotation file of the text "Maria Okafor" whose spans (and
 * relations) are @rest, for the loader's cases. */
#define NEWSMARK_FILE(rest) \
  "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": {\"sha256\": " \
  "\"1e69ea0a9dc3f9fd6dfbc9a71277d9a2959d6d523d0cd39cb9c601c373e6426f\", \"length\": 12, " \
  "\"text\": \"Maria Okafor\"}, \"schema\": {\"format\": \"newsmark-schema\", \"version\": 1, " \
  "\"name\": \"s\", \"labels\": [{\"name\": \"PERSON\", \"category\": \"entity\", \"colour\": " \
  "\"#3584e4\", \"key\": \"p\", \"attributes\": []}], \"relations\": [{\"name\": \"knows\", " \
  "\"from\": [\"PERSON\"], \"to\": [\"PERSON\"]}]},\n" rest "}"
#define SPAN_S1 "{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 5, \"text\": \"Maria\", " \
  "\"status\": \"accepted\"}"

/* The article on one JSON line. */
#define ARTICLE_LINE "Maria Okafor said the port is safe.\\n"

/* A Label Studio task annotated by one result of type "labels" with
 * @value, a region of the article. */
#define LS_TASK(value) \
  "[{\"data\": {\"text\": \"" ARTICLE_LINE "\"}, \"annotations\": [{\"result\": [{\"id\": \"r1\", " \
  "\"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\", " value "}]}]}]"

/* A Label Studio task with two PER regions, r1 “Maria” and r2 “Okafor”,
 * and one more result @rel (a relation) in the same annotation. */
#define LS_RELATION(rel) \
  "[{\"data\": {\"text\": \"" ARTICLE_LINE "\"}, \"annotations\": [{\"result\": [" \
  "{\"id\": \"r1\", \"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}, " \
  "{\"id\": \"r2\", \"type\": \"labels\", \"value\": {\"start\": 6, \"end\": 12, \"labels\": [\"PER\"]}}, " \
  "{\"type\": \"relation\", " rel "}]}]}]"

/* A Label Studio task with the PER region r1 “Maria” and one more result
 * @result in the same list; @group is "annotations" or "predictions", @head
 * what the annotation or prediction has besides its results. */
#define LS_REGION(group, head, result) \
  "[{\"data\": {\"text\": \"" ARTICLE_LINE "\"}, \"" group "\": [{" head "\"result\": [" \
  "{\"id\": \"r1\", \"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}" \
  result "]}]}]"

/* A WebAnno TSV header with one span layer whose feature is "value". */
#define TSV_HEAD "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n"
#define TSV_TEXT "#Text=Maria Okafor said the port is safe.\n"

static const BadInput cases[] = {
  /* ---- The annotation file loader ---------------------------------------- */
  LOADER ("empty", "", 1, "x.newsmark.json:1:1: ", "JSON"),
  LOADER ("syntax", "{\"format\": \"newsmark-annotations\",\n  \"version\": 1,,\n}", 1,
          "x.newsmark.json:2:16: ", "JSON syntax error"),
  LOADER ("trailing-bytes", "{}\nx", 1, "x.newsmark.json:2:1: ", "after"),
  LOADER ("not-an-object", "[1, 2]", 1, "x.newsmark.json: error: ", "object"),
  LOADER ("wrong-format", "{\"format\": \"brat\", \"version\": 1}", 1,
          "x.newsmark.json: error: format: ", "newsmark-annotations"),
  LOADER ("newer-version", "{\"format\": \"newsmark-annotations\", \"version\": 2}", 1,
          "x.newsmark.json: error: version: ", "2"),
  LOADER ("start-beyond-64-bits",
          "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": {\"text\": \"Hello\", \"length\": 5},"
          " \"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 18446744073709551616, \"end\": 5}]}", 1,
          "x.newsmark.json: error: spans[0].start: ", "2^64 - 1 or more (out of range)"),
  LOADER ("negative-end",
          "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": {\"text\": \"Hello\", \"length\": 5},"
          " \"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": -1}]}", 1,
          "x.newsmark.json: error: spans[0].end: ", "expected a non-negative integer, got -1"),
  LOADER ("length-beyond-guint",
          "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": {\"text\": \"Hello\", \"length\": 4294967301}}", 1,
          "x.newsmark.json: error: document.length: ", "up to 4294967295, got 4294967301"),
  LOADER ("version-beyond-64-bits", "{\"format\": \"newsmark-annotations\", \"version\": 99999999999999999999}", 1,
          "x.newsmark.json: error: version: ", "2^64 - 1 or more (out of range)"),
  LOADER ("invalid-utf8", "{\"format\": \"newsmark-annotations\xff\"}", 1, "x.newsmark.json:1:", "UTF-8"),
  LOADER ("relation-to-missing-span", NEWSMARK_FILE ("\"spans\": [" SPAN_S1 "],\n"
          "\"relations\": [{\"id\": \"r1\", \"type\": \"knows\", \"from\": \"s1\", \"to\": \"s9\"}]"), 1,
          "x.newsmark.json: error: relations[0].to: ", "s9"),
  LOADER ("text-differs", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 5, "
          "\"text\": \"Marie\", \"status\": \"accepted\"}]"), 1, "x.newsmark.json: error: spans[0].text: ", "Marie"),
  LOADER ("past-the-end", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 6, \"end\": 40, "
          "\"text\": \"Okafor\", \"status\": \"accepted\"}]"), 1, "x.newsmark.json: error: spans[0].end: ", "40"),
  LOADER ("duplicate-id", NEWSMARK_FILE ("\"spans\": [" SPAN_S1 ", " SPAN_S1 "]"), 1,
          "x.newsmark.json: error: spans[1].id: ", "s1"),
  LOADER ("unknown-label", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"ORG\", \"start\": 0, \"end\": 5, "
          "\"text\": \"Maria\", \"status\": \"accepted\"}]"), 1, "x.newsmark.json: error: spans[0].label: ", "ORG"),
  LOADER ("unknown-key", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 5, "
          "\"text\": \"Maria\", \"status\": \"accepted\", \"colour\": 1}]"), 1,
          "x.newsmark.json: error: spans[0].colour: ", "unknown key"),
  LOADER ("bad-status", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 5, "
          "\"text\": \"Maria\", \"status\": \"maybe\"}]"), 1, "x.newsmark.json: error: spans[0].status: ", "maybe"),
  LOADER ("reversed-fragment", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 12, "
          "\"fragments\": [[0, 5], [12, 6]], \"text\": [\"Maria\", \"Okafor\"], \"status\": \"accepted\"}]"), 1,
          "x.newsmark.json: error: spans[0].fragments[1]: ", "reversed"),
  LOADER ("score-not-finite", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, \"end\": 5, "
          "\"text\": \"Maria\", \"status\": \"suggested\", \"origin\": {\"kind\": \"model\", \"name\": \"m\", "
          "\"score\": 1e999}}]"), 1, "x.newsmark.json: error: spans[0].origin.score: ",
          "expected a finite number, got 1e999"),
  LOADER ("duplicate-key", NEWSMARK_FILE ("\"spans\": [{\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 0, "
          "\"start\": 6, \"end\": 5, \"text\": \"Maria\", \"status\": \"accepted\"}]"), 1,
          "x.newsmark.json:2:55: error: spans[0].start: ", "duplicate key \"start\" (the first is at line 2, column 43)"),
  LOADER ("last-ids-not-an-id", NEWSMARK_FILE ("\"spans\": [], \"last_ids\": {\"span\": \"T4\"}"), 1,
          "x.newsmark.json: error: last_ids.span: ", "expected a span id such as \"s12\", got \"T4\""),
  LOADER ("document-path-outside", "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": "
          "{\"path\": \"../article.txt\", \"sha256\": "
          "\"1e69ea0a9dc3f9fd6dfbc9a71277d9a2959d6d523d0cd39cb9c601c373e6426f\", \"length\": 12, "
          "\"text\": \"Maria Okafor\"}}", 1, "x.newsmark.json: error: document.path: ", "../article.txt"),
  LOADER ("wrong-sha256", "{\"format\": \"newsmark-annotations\", \"version\": 1, \"document\": {\"sha256\": \"00\", "
          "\"length\": 5, \"text\": \"Maria\"}}", 1, "x.newsmark.json: error: document.sha256: ",
          "does not match the embedded text"),

  /* ---- brat .ann and .txt ------------------------------------------------ */
  BRAT ("offsets-not-numbers", "T1\tPERSON zero 5\tMaria\n", 1, "a.ann:1: error: ", "bad offsets “zero 5”"),
  BRAT ("offset-beyond-guint", "T1\tPERSON 0 4294967301\tMaria\n", 1, "a.ann:1: error: ",
        "T1: bad offsets “0 4294967301”", "expected a non-negative integer up to 4294967295, got 4294967301"),
  BRAT ("offset-beyond-64-bits", "T1\tPERSON 18446744073709551616 5\tMaria\n", 1, "a.ann:1: error: ",
        "got 18446744073709551616"),
  BRAT ("offset-negative", "T1\tPERSON -1 5\tMaria\n", 1, "a.ann:1: error: ", "expected a non-negative integer, got -1"),
  BRAT ("text-differs", "T1\tPERSON 0 5\tMarie\n", 1, "a.ann:1: error: ",
        "the file says it covers “Marie” but the text at [0, 5) is “Maria”"),
  BRAT ("past-the-end", "T1\tPERSON 30 99\tsafe.\n", 1, "a.ann:1: error: ", "offset 99 is past the end"),
  BRAT ("reversed", "T1\tPERSON 5 0\t\n", 1, "a.ann:1: error: ", "start 5 is after end 0"),
  BRAT ("fragments-overlap", "T1\tPERSON 0 5;3 8\tMaria Okafo\n", 1, "a.ann:1: error: ", "fragments overlap"),
  BRAT ("unknown-line", "X1\tPERSON 0 5\tMaria\n", 1, "a.ann:1: error: ", "not a brat annotation line"),
  BRAT ("relation-without-args", "T1\tPERSON 0 5\tMaria\nR1\tknows Arg1:T1\n", 1, "a.ann:2: error: ",
        "R1: expected “TYPE Arg1:T1 Arg2:T2”"),
  BRAT ("attribute-on-nothing", "T1\tPERSON 0 5\tMaria\nA1\tNegated T7\n", 1, "a.ann:2: error: ",
        "refers to T7, which is not a span or event in this file"),
  BRAT ("event-trigger-missing", "E1\tMeet:T4\n", 1, "a.ann:1: error: ", "trigger T4 is not a span"),
  /* A blank field splits into nothing: never a crash. */
  BRAT ("event-blank", "E1\t", 1, "a.ann:1: error: ", "E1: expected “TYPE:TRIGGER ROLE:ID…”, found nothing"),
  BRAT ("event-spaces", "E1\t   \n", 1, "a.ann:1: error: ", "E1: expected “TYPE:TRIGGER ROLE:ID…”, found nothing"),
  BRAT ("event-no-type", "T1\tMeet 6 12\tOkafor\nE1\t:T1\n", 1, "a.ann:2: error: ",
        "E1: expected “TYPE:TRIGGER”, found “:T1”"),
  BRAT ("event-no-trigger", "E1\tMeet:\n", 1, "a.ann:1: error: ", "E1: expected “TYPE:TRIGGER”, found “Meet:”"),
  BRAT ("event-argument-no-id", "T1\tMeet 6 12\tOkafor\nE1\tMeet:T1 Agent:\n", 1, "a.ann:2: error: ",
        "E1: argument “Agent:” is not ROLE:ID"),
  BRAT ("event-argument-no-role", "T1\tMeet 6 12\tOkafor\nE1\tMeet:T1 :T1\n", 1, "a.ann:2: error: ",
        "E1: argument “:T1” is not ROLE:ID"),
  BRAT ("span-blank", "T1\t\n", 1, "a.ann:1: error: ", "T1: expected “TYPE START END”, found “”"),
  BRAT ("span-no-type", "T1\t 0 5\tMaria\n", 1, "a.ann:1: error: ", "T1: expected “TYPE START END”, found “ 0 5”"),
  BRAT ("span-no-offsets", "T1\tPERSON \tMaria\n", 1, "a.ann:1: error: ", "T1: bad offsets “”"),
  BRAT ("span-empty-fragment", "T1\tPERSON 0 5;\tMaria\n", 1, "a.ann:1: error: ", "T1: bad offsets “0 5;”"),
  BRAT ("relation-blank", "R1\t\n", 1, "a.ann:1: error: ", "R1: expected “TYPE Arg1:T1 Arg2:T2”, found “”"),
  BRAT ("relation-no-id", "T1\tPERSON 0 5\tMaria\nR1\tknows Arg1: Arg2:T1\n", 1, "a.ann:2: error: ",
        "R1: argument “Arg1:” names no id"),
  BRAT ("attribute-blank", "A1\t\n", 1, "a.ann:1: error: ", "A1: expected “NAME TARGET [VALUE]”, found “”"),
  BRAT ("attribute-no-target", "T1\tPERSON 0 5\tMaria\nA1\tNegated  T1\n", 1, "a.ann:2: error: ",
        "A1: expected “NAME TARGET [VALUE]”, found “Negated  T1”"),
  BRAT ("old-attribute-blank", "M1\t\n", 1, "a.ann:1: error: ", "M1: expected “NAME TARGET [VALUE]”"),
  BRAT ("note-blank", "#1\t\n", 1, "a.ann:1: error: ", "#1: expected “AnnotatorNotes TARGET”"),
  BRAT ("normalization-blank", "N1\t\n", 1, "a.ann:1: error: ", "N1: expected “Reference TARGET DB:ID”"),
  BRAT ("equivalence-blank", "*\t\n", 1, "a.ann:1: error: ", "expected “*<TAB>TYPE ID ID…”"),
  BRAT ("equivalence-empty-member", "T1\tPERSON 0 5\tMaria\nT2\tPERSON 6 12\tOkafor\n*\tEquiv T1  T2\n", 1,
        "a.ann:3: error: ", "with single spaces"),
  BRAT ("equivalence-one-member", "T1\tPERSON 0 5\tMaria\n*\tEquiv T1\n", 1, "a.ann:2: error: ", "TYPE ID ID"),
  BRAT ("duplicate-id", "T1\tPERSON 0 5\tMaria\nT1\tPERSON 6 12\tOkafor\n", 1, "a.ann:2: error: ",
        "id T1 is used twice (first on line 1)"),
  BRAT ("duplicate-event-id", "T1\tMeet 6 12\tOkafor\nT2\tMeet 22 26\tport\nE1\tMeet:T1\nE1\tMeet:T2\n", 1,
        "a.ann:4: error: ", "id E1 is used twice (first on line 3)"),
  BRAT ("duplicate-relation-id", "T1\tPERSON 0 5\tMaria\nT2\tPERSON 6 12\tOkafor\nR1\tknows Arg1:T1 Arg2:T2\n"
        "R1\tknows Arg1:T2 Arg2:T1\n", 1, "a.ann:4: error: ", "id R1 is used twice (first on line 3)"),
  BRAT ("normalization-without-db", "T1\tPERSON 0 5\tMaria\nN1\tReference T1 Q123\tMaria\n", 1, "a.ann:2: error: ",
        "N1: expected “Reference TARGET DB:ID”, found “Reference T1 Q123”"),
  /* A relation to an id that is not there names the id and the line. */
  BRAT ("relation-to-missing-span", "T1\tPERSON 0 5\tMaria\nR1\tknows Arg1:T1 Arg2:T9\n", 1, "a.ann:2: error: ",
        "knows relation: its to end names “T9”, which is not the id of a span in this document"),
  BRAT ("event-argument-missing", "T1\tMeet 6 12\tOkafor\nE1\tMeet:T1 Agent:T9\n", 1, "a.ann:2: error: ",
        "Agent relation: its to end names “T9”"),
  BRAT ("equivalence-member-missing", "T1\tPERSON 0 5\tMaria\n*\tEquiv T1 T9\n", 1, "a.ann:2: error: ",
        "Equiv relation: its to end names “T9”"),
  BRAT_TXT ("txt-not-utf8", "T1\tPERSON 0 5\tMaria\n", "Maria \xe9" "t\xe9\n", 1, "a.txt:1:7: ", "not valid UTF-8"),
  BRAT ("ann-not-utf8", "T1\tPERSON 0 5\tMar\xffia\n", 1, "a.ann:1:", "not valid UTF-8"),

  /* ---- brat annotation.conf ------------------------------------------------ */
  BRAT_CONF ("unknown-section", "[entities]\nPERSON\n[spans2]\n", "", 0, "annotation.conf:3: warning: ",
             "section [spans2] is not one of annotation.conf's: its lines are not read"),
  BRAT_CONF ("before-any-section", "PERSON\n", "", 0, "annotation.conf:1: warning: ",
             "a line before any [section]: not read"),
  BRAT_CONF ("not-utf8", "[entities]\nPERS\xc3N\n", "", 1, "annotation.conf:2:5: ", "not valid UTF-8"),
  BRAT_CONF ("macro-names-itself", "[entities]\nPERSON\n[relations]\n<A>=<A>|PERSON\nknows Arg1:<A>, Arg2:PERSON\n",
             "", 1, "annotation.conf:5: ", "macro <A> refers to itself"),
  BRAT_CONF ("macros-name-each-other", "[entities]\nPERSON\n[attributes]\n<A>=<B>\n<B>=PERSON|<A>\nNegated Arg:<A>\n",
             "", 1, "annotation.conf:6: ", "macro <A> refers to itself through <B>"),
  BRAT_CONF ("macros-doubling", "[entities]\nPERSON\n[relations]\n<A>=<B>|<B>\n<B>=<C>|<C>\n<C>=<D>|<D>\n"
             "<D>=<E>|<E>\n<E>=<F>|<F>\n<F>=<G>|<G>\n<G>=<H>|<H>\n<H>=PERSON|PERSON\nknows Arg1:<A>, Arg2:PERSON\n",
             "", 1, "annotation.conf:12: ", "the macros expand to more types than the file holds"),
  BRAT_CONF ("attribute-no-values", "[entities]\nPERSON\n[attributes]\nMention Arg:PERSON, Value:\n", "", 1,
             "annotation.conf:4: ", "attribute Mention: an empty value in “Value:”"),
  BRAT_CONF ("attribute-empty-value", "[entities]\nPERSON\n[attributes]\nMention Arg:PERSON, Value:Name||Other\n", "", 1,
             "annotation.conf:4: ", "attribute Mention: an empty value in “Value:Name||Other”"),
  BRAT_CONF ("attribute-without-arg", "[entities]\nPERSON\n[attributes]\nNegated Value:Yes|No\n", "", 1,
             "annotation.conf:4: ", "attribute Negated: no “Arg:”"),
  BRAT_CONF ("relation-without-arguments", "[entities]\nPERSON\n[relations]\nknows\n", "", 1,
             "annotation.conf:4: ", "relation knows: expected “NAME Arg1:TYPE, Arg2:TYPE”, found “knows”"),
  BRAT_CONF ("relation-one-argument", "[entities]\nPERSON\n[relations]\nknows Arg1:PERSON\n", "", 1,
             "annotation.conf:4: ", "relation knows: expected “NAME Arg1:TYPE, Arg2:TYPE”"),
  BRAT_CONF ("relation-three-arguments", "[entities]\nPERSON\n[relations]\nknows Arg1:PERSON, Arg2:PERSON, Arg3:PERSON\n",
             "", 0, "annotation.conf:4: warning: ", "relation knows has 3 arguments (Newsmark relations have two"),
  BRAT_CONF ("relation-between-undeclared-types", "[entities]\nPERSON\n[relations]\nknows Arg1:NOBODY, Arg2:PERSON\n",
             "T1\tPERSON 0 5\tMaria\n", 0, "annotation.conf: warning: ",
             "relation type “knows” has no label at its from end (no label is called “NOBODY”): not in the schema"),

  /* ---- doccano JSONL ------------------------------------------------------ */
  DOCCANO ("not-json", "{\"text\": \"Maria\", \"label\": [[0, 5, \"PER\"]]\n", 1, "d.jsonl:1:", "JSON"),
  DOCCANO ("pretty-printed", "{\n  \"text\": \"Maria\"\n}\n", 1, "d.jsonl:1: ", "pretty-printed JSON"),
  DOCCANO ("no-text", "{\"label\": [[0, 5, \"PER\"]]}\n", 1, "d.jsonl:1: ", "no “text” string"),
  DOCCANO ("label-not-array", "{\"text\": \"Maria\", \"label\": 5}\n", 1, "d.jsonl:1: error: label: ",
           "expected an array"),
  DOCCANO ("tuple-too-short", "{\"text\": \"Maria\", \"label\": [[0, 5]]}\n", 1, "d.jsonl:1: error: label[0]: ",
           "expected [start, end, \"LABEL\"], found [0,5]"),
  DOCCANO ("document-label", "{\"text\": \"Maria\", \"label\": [\"news\"]}\n", 1, "d.jsonl:1: error: label[0]: ",
           "document label"),
  DOCCANO ("past-the-end", "{\"text\": \"Maria\", \"label\": [[0, 9, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0]: ", "offset 9 is past the end of the text (5 UTF-16 code units)"),
  DOCCANO ("inside-surrogate-pair", "{\"text\": \"\xf0\x9f\x9a\xb2 Maria\", \"label\": [[1, 8, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0]: ", "inside a character outside the Basic Multilingual Plane"),
  DOCCANO ("text-is-number", "{\"text\": 5}\n", 1, "d.jsonl:1: ", "no “text” string"),
  /* Every number through the checked conversion, the place named. */
  DOCCANO ("offset-beyond-guint", "{\"text\": \"" ARTICLE_LINE "\", \"label\": [[4294967302, 4294967305, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0][0]: ", "expected a non-negative integer up to 4294967295, got 4294967302"),
  DOCCANO ("offset-beyond-64-bits", "{\"text\": \"Maria\", \"label\": [[18446744073709551616, 3, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0][0]: ", "got 2^64 - 1 or more (out of range)"),
  DOCCANO ("offset-negative", "{\"text\": \"Maria\", \"label\": [[-1, 5, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0][0]: ", "expected a non-negative integer, got -1"),
  DOCCANO ("offset-string", "{\"text\": \"Maria\", \"label\": [[0, \"5\", \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0][1]: ", "expected a non-negative integer, got string"),
  DOCCANO ("offset-fraction", "{\"text\": \"Maria\", \"label\": [[0, 5.0, \"PER\"]]}\n", 1,
           "d.jsonl:1: error: label[0][1]: ", "expected a non-negative integer, got number"),
  DOCCANO ("tuple-label-null", "{\"text\": \"Maria\", \"label\": [[0, 5, null]]}\n", 1,
           "d.jsonl:1: error: label[0][2]: ", "expected a string or an integer, got null"),
  DOCCANO ("id-beyond-64-bits", "{\"id\": 99999999999999999999, \"text\": \"Maria\"}\n", 1,
           "d.jsonl:1: error: id: ", "expected an integer, got 2^64 - 1 or more (out of range)"),
  DOCCANO ("id-array", "{\"id\": [1], \"text\": \"Maria\"}\n", 1, "d.jsonl:1: error: id: ",
           "expected a string or an integer, got array"),
  DOCCANO ("entity-offset-negative",
           "{\"text\": \"Maria\", \"entities\": [{\"label\": \"PER\", \"start_offset\": -1, \"end_offset\": 5}]}\n", 1,
           "d.jsonl:1: error: entities[0].start_offset: ", "expected a non-negative integer, got -1"),
  DOCCANO ("entity-offset-missing", "{\"text\": \"Maria\", \"entities\": [{\"label\": \"PER\", \"start_offset\": 0}]}\n", 1,
           "d.jsonl:1: error: entities[0].end_offset: ", "missing (expected a non-negative integer)"),
  DOCCANO ("entity-label-missing", "{\"text\": \"Maria\", \"entities\": [{\"start_offset\": 0, \"end_offset\": 5}]}\n", 1,
           "d.jsonl:1: error: entities[0].label: ", "missing (expected a string or an integer)"),
  DOCCANO ("entity-id-fraction", "{\"text\": \"Maria\", \"entities\": [{\"id\": 1.5, \"label\": \"PER\", "
           "\"start_offset\": 0, \"end_offset\": 5}]}\n", 1,
           "d.jsonl:1: error: entities[0].id: ", "expected a string or an integer, got number"),
  DOCCANO ("entity-user-object", "{\"text\": \"Maria\", \"entities\": [{\"label\": \"PER\", \"start_offset\": 0, "
           "\"end_offset\": 5, \"user\": {}}]}\n", 1,
           "d.jsonl:1: error: entities[0].user: ", "expected a string or an integer, got object"),
  DOCCANO ("old-export-offset-beyond-guint", "{\"text\": \"Maria\", \"annotations\": [{\"label\": 3, \"start_offset\": 0, "
           "\"end_offset\": 4294967296, \"user\": 1}]}\n", 1,
           "d.jsonl:1: error: annotations[0].end_offset: ", "up to 4294967295, got 4294967296"),
  DOCCANO ("relation-to-missing-id", "{\"text\": \"Maria\", \"entities\": [{\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, "
           "\"end_offset\": 5}], \"relations\": [{\"id\": 1, \"from_id\": 1, \"to_id\": 7, \"type\": \"knows\"}]}\n", 1,
           "d.jsonl:1: error: relations[0].to_id: ", "7 is not the id of an entity on this line"),
  DOCCANO ("relation-from-missing-id", "{\"text\": \"Maria\", \"entities\": [{\"id\": \"a\", \"label\": \"PER\", "
           "\"start_offset\": 0, \"end_offset\": 5}], \"relations\": [{\"from_id\": \"b\", \"to_id\": \"a\", \"type\": \"knows\"}]}\n",
           1, "d.jsonl:1: error: relations[0].from_id: ", "b is not the id of an entity on this line"),
  DOCCANO ("relation-type-empty", "{\"text\": \"Maria Okafor\", \"entities\": [{\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, "
           "\"end_offset\": 5}, {\"id\": 2, \"label\": \"PER\", \"start_offset\": 6, \"end_offset\": 12}], "
           "\"relations\": [{\"from_id\": 1, \"to_id\": 2, \"type\": \"\"}]}\n", 1,
           "d.jsonl:1: error: relations[0]: ", "relation from 1 to 2 has an empty type"),
  DOCCANO ("label-empty", "{\"text\": \"Maria\", \"label\": [[0, 5, \"\"]]}\n", 1, "d.jsonl:1: error: label[0]: ",
           "span has an empty label"),
  /* The same strict JSON as annotation files; strings whole. */
  DOCCANO ("nan", "{\"text\": \"Maria\", \"label\": [[0, NaN, \"PER\"]]}\n", 1, "d.jsonl:1:33: ",
           "NaN and Infinity are not allowed"),
  DOCCANO ("control-character", "{\"text\": \"Ma\tria\"}\n", 1, "d.jsonl:1:13: ", "control character inside a string"),
  DOCCANO ("text-with-nul", "{\"text\": \"Ma\\u0000ria\", \"label\": [[0, 2, \"PER\"]]}\n", 1, "d.jsonl:1:13: text: ",
           "\\u0000 (a NUL character) at code point 2 of the string"),
  DOCCANO ("label-with-nul", "{\"text\": \"Maria\", \"label\": [[0, 5, \"PER\\u0000X\"]]}\n", 1,
           "d.jsonl:1:40: label[0][2]: ", "\\u0000 (a NUL character) at code point 3 of the string"),
  DOCCANO ("duplicate-key", "{\"text\": \"Maria\"}\n{\"text\": \"Okafor\", \"text\": \"Maria\"}\n", 1,
           "d.jsonl:2:20: text: ", "duplicate key \"text\" (the first is at line 2, column 2)"),
  DOCCANO ("meta-not-object", "{\"text\": \"Maria\", \"meta\": \"news\"}\n", 1, "d.jsonl:1: error: meta: ",
           "expected an object, got string"),
  DOCCANO ("label-and-labels", "{\"text\": \"Maria\", \"label\": [[0, 5, \"PER\"]], \"labels\": [[0, 5, \"LOC\"]]}\n", 1,
           "d.jsonl:1: error: labels: ", "both “label” and “labels”"),
  DOCCANO ("entities-and-annotations", "{\"text\": \"Maria\", \"entities\": [], \"annotations\": "
           "[{\"label\": 1, \"start_offset\": 0, \"end_offset\": 5}]}\n", 1,
           "d.jsonl:1: error: annotations: ", "both “entities” and “annotations”"),
  DOCCANO ("relation-end-boolean", "{\"text\": \"Maria\", \"entities\": [{\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, "
           "\"end_offset\": 5}], \"relations\": [{\"from_id\": 1, \"to_id\": true, \"type\": \"knows\"}]}\n", 1,
           "d.jsonl:1: error: relations[0].to_id: ", "expected a string or an integer, got boolean"),
  DOCCANO ("relation-type-missing", "{\"text\": \"Maria\", \"entities\": [{\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, "
           "\"end_offset\": 5}], \"relations\": [{\"from_id\": 1, \"to_id\": 1}]}\n", 1,
           "d.jsonl:1: error: relations[0].type: ", "missing"),

  /* ---- spaCy / Prodigy JSONL ---------------------------------------------- */
  SPACY ("not-an-object", "[1, 2]\n", 1, "s.jsonl:1: ", "expected a JSON object per line"),
  SPACY ("no-text", "{\"spans\": []}\n", 1, "s.jsonl:1: ", "no “text” string"),
  SPACY ("spans-not-array", "{\"text\": \"Maria\", \"spans\": {}}\n", 1, "s.jsonl:1: error: spans: ",
         "expected an array"),
  SPACY ("span-without-label", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5}]}\n", 1,
         "s.jsonl:1: error: spans[0].label: ", "missing (expected a string)"),
  SPACY ("bad-answer", "{\"text\": \"Maria\", \"answer\": \"maybe\"}\n", 1, "s.jsonl:1: error: answer: ",
         "“maybe” is not an answer"),
  SPACY ("past-the-end", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 6, \"label\": \"PER\"}]}\n", 1,
         "s.jsonl:1: error: spans[0]: ", "offset 6 is past the end of the text (length 5)"),
  SPACY ("start-beyond-guint", "{\"text\": \"Maria\", \"spans\": [{\"start\": 4294967296, \"end\": 5, \"label\": \"PER\"}]}\n",
         1, "s.jsonl:1: error: spans[0].start: ", "up to 4294967295, got 4294967296"),
  SPACY ("end-beyond-64-bits", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 18446744073709551616, "
         "\"label\": \"PER\"}]}\n", 1, "s.jsonl:1: error: spans[0].end: ", "got 2^64 - 1 or more (out of range)"),
  SPACY ("start-negative", "{\"text\": \"Maria\", \"spans\": [{\"start\": -2, \"end\": 5, \"label\": \"PER\"}]}\n", 1,
         "s.jsonl:1: error: spans[0].start: ", "expected a non-negative integer, got -2"),
  SPACY ("label-number", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": 5}]}\n", 1,
         "s.jsonl:1: error: spans[0].label: ", "expected a string, got integer"),
  SPACY ("label-empty", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"\"}]}\n", 1,
         "s.jsonl:1: error: spans[0]: ", "span has an empty label"),
  SPACY ("relations-not-array", "{\"text\": \"Maria\", \"relations\": {}}\n", 1, "s.jsonl:1: error: relations: ",
         "expected an array, got object"),
  SPACY ("relation-without-label", "{\"text\": \"Maria Okafor\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}, "
         "{\"start\": 6, \"end\": 12, \"label\": \"PER\"}], \"relations\": [{\"head_span\": {\"start\": 0, \"end\": 5}, "
         "\"child_span\": {\"start\": 6, \"end\": 12}}]}\n", 1,
         "s.jsonl:1: error: relations[0].label: ", "missing (expected a string)"),
  SPACY ("relation-end-not-a-span", "{\"text\": \"Maria Okafor\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}], "
         "\"relations\": [{\"label\": \"knows\", \"head_span\": {\"start\": 0, \"end\": 5, \"label\": \"PER\"}, "
         "\"child_span\": {\"start\": 6, \"end\": 12, \"label\": \"PER\"}}]}\n", 1,
         "s.jsonl:1: error: relations[0].child_span: ", "no span [6, 12) labelled PER on this line"),
  SPACY ("relation-end-beyond-64-bits", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}], "
         "\"relations\": [{\"label\": \"knows\", \"head_span\": {\"start\": 0, \"end\": 99999999999999999999}, "
         "\"child_span\": {\"start\": 0, \"end\": 5}}]}\n", 1,
         "s.jsonl:1: error: relations[0].head_span.end: ", "got 2^64 - 1 or more (out of range)"),
  SPACY ("relation-end-missing", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\"}], "
         "\"relations\": [{\"label\": \"knows\", \"head_span\": {\"start\": 0, \"end\": 5}}]}\n", 1,
         "s.jsonl:1: error: relations[0].child_span: ", "expected the span at this end"),
  SPACY ("text-with-nul", "{\"text\": \"Maria\\u0000 Okafor\"}\n", 1, "s.jsonl:1:16: text: ",
         "\\u0000 (a NUL character) at code point 5 of the string"),
  SPACY ("infinity", "{\"text\": \"Maria\", \"meta\": {\"x\": -Infinity}}\n", 1, "s.jsonl:1:", "NaN and Infinity are not allowed"),
  SPACY ("single-quotes", "{'text': 'Maria'}\n", 1, "s.jsonl:1:10: ", "JSON syntax error"),
  SPACY ("meta-not-object", "{\"text\": \"Maria\", \"meta\": [1]}\n", 1, "s.jsonl:1: error: meta: ",
         "expected an object, got array"),
  SPACY ("answer-number", "{\"text\": \"Maria\", \"answer\": 1}\n", 1, "s.jsonl:1: error: answer: ",
         "expected a string, got integer"),
  SPACY ("span-answer-unknown", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\", "
         "\"answer\": \"maybe\"}]}\n", 1, "s.jsonl:1: error: spans[0].answer: ", "“maybe” is not a span's answer"),
  SPACY ("span-answer-boolean", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\", "
         "\"answer\": true}]}\n", 1, "s.jsonl:1: error: spans[0].answer: ", "expected a string, got boolean"),
  SPACY ("span-text-number", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\", "
         "\"text\": 5}]}\n", 1, "s.jsonl:1: error: spans[0].text: ", "expected a string, got integer"),
  SPACY ("span-text-with-nul", "{\"text\": \"Maria\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PER\", "
         "\"text\": \"Ma\\u0000ria\"}]}\n", 1, "s.jsonl:1:79: spans[0].text: ",
         "\\u0000 (a NUL character) at code point 2 of the string"),
  SPACY ("second-line-broken", "{\"text\": \"Maria\"}\n{\"text\": \"Okafor\",}\n", 1, "s.jsonl:2:", "JSON"),

  /* ---- Label Studio JSON -------------------------------------------------- */
  LABEL_STUDIO ("not-json", "[{\"data\": {\"text\": \"Maria\"}]", 1, "t.json:1:", "JSON"),
  LABEL_STUDIO ("json-lines", "{\"data\": {\"text\": \"Maria\"}}\n{\"data\": {\"text\": \"Okafor\"}}\n", 1,
                "t.json:2:", "JSON Lines"),
  LABEL_STUDIO ("not-tasks", "\"tasks\"", 1, "t.json: ", "expected an array of Label Studio tasks"),
  LABEL_STUDIO ("task-without-data", "[{\"id\": 1}]", 1, "t.json: [0]: ", "not a Label Studio task"),
  LABEL_STUDIO ("no-text", "[{\"data\": {\"html\": 5}}]", 1, "t.json: [0].data: ", "no text to annotate"),
  LABEL_STUDIO ("result-without-type",
                "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": \"a\"}]}]}]", 1,
                "t.json: error: [0].annotations[0].result[0]: ", "a result without a \"type\" string"),
  LABEL_STUDIO ("html-labels",
                "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": \"a\", \"type\": "
                "\"hypertextlabels\", \"value\": {}}]}]}]", 1,
                "t.json: error: [0].annotations[0].result[0]: ", "refused"),
  LABEL_STUDIO ("offsets-off-text",
                "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": \"a\", \"type\": \"labels\", "
                "\"value\": {\"start\": 0, \"end\": 9, \"labels\": [\"PER\"]}}]}]}]", 1,
                "t.json: error: [0].annotations[0].result[0]: ", "do not fall on characters of the text"),
  LABEL_STUDIO ("text-differs",
                "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": \"a\", \"type\": \"labels\", "
                "\"value\": {\"start\": 0, \"end\": 5, \"text\": \"Marie\", \"labels\": [\"PER\"]}}]}]}]", 1,
                "t.json: error: [0].annotations[0].result[0]: ", "the file says it covers “Marie”"),
  LABEL_STUDIO ("start-beyond-guint", LS_TASK ("\"value\": {\"start\": 4294967296, \"end\": 5, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.start: ", "up to 4294967295, got 4294967296"),
  LABEL_STUDIO ("end-beyond-64-bits", LS_TASK ("\"value\": {\"start\": 0, \"end\": 18446744073709551616, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.end: ", "got 2^64 - 1 or more (out of range)"),
  LABEL_STUDIO ("start-negative", LS_TASK ("\"value\": {\"start\": -1, \"end\": 5, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.start: ", "expected a non-negative integer, got -1"),
  LABEL_STUDIO ("end-string", LS_TASK ("\"value\": {\"start\": 0, \"end\": \"5\", \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.end: ", "expected a non-negative integer, got string"),
  LABEL_STUDIO ("end-missing", LS_TASK ("\"value\": {\"start\": 0, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.end: ", "missing (expected a non-negative integer)"),
  LABEL_STUDIO ("task-id-beyond-64-bits", "[{\"id\": 18446744073709551616, \"data\": {\"text\": \"Maria\"}}]", 1,
                "t.json: error: [0].id: ", "expected an integer, got 2^64 - 1 or more (out of range)"),
  LABEL_STUDIO ("user-id-beyond-64-bits", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"completed_by\": "
                "18446744073709551617, \"result\": []}]}]", 1,
                "t.json: error: [0].annotations[0].completed_by: ", "got 2^64 - 1 or more (out of range)"),
  LABEL_STUDIO ("user-email-number", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"completed_by\": "
                "{\"email\": 5}, \"result\": []}]}]", 1,
                "t.json: error: [0].annotations[0].completed_by.email: ", "expected a string, got integer"),
  LABEL_STUDIO ("user-array", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"completed_by\": [1], \"result\": []}]}]",
                1, "t.json: error: [0].annotations[0].completed_by: ", "expected a string or an integer, got array"),
  LABEL_STUDIO ("relation-to-missing-region", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r9\", \"labels\": [\"knows\"]"),
                1, "t.json: error: [0].annotations[0].result[2].to_id: ",
                "“r9” is not the id of a region in [0].annotations[0].result"),
  LABEL_STUDIO ("relation-from-id-number", LS_RELATION ("\"from_id\": 1, \"to_id\": \"r2\""), 1,
                "t.json: error: [0].annotations[0].result[2].from_id: ", "expected a string, got integer"),
  LABEL_STUDIO ("relation-label-number", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r2\", \"labels\": [5]"), 1,
                "t.json: error: [0].annotations[0].result[2].labels[0]: ", "expected a string, got integer"),
  LABEL_STUDIO ("relation-labels-not-array", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r2\", \"labels\": \"knows\""), 1,
                "t.json: error: [0].annotations[0].result[2].labels: ", "expected an array of strings, got string"),
  LABEL_STUDIO ("relation-label-empty", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r2\", \"labels\": [\"\"]"), 1,
                "t.json: error: [0].annotations[0].result[2]: ", "has an empty type"),
  LABEL_STUDIO ("relation-direction-unknown", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r2\", \"direction\": \"up\""), 1,
                "t.json: error: [0].annotations[0].result[2].direction: ", "“up” is not a direction"),
  LABEL_STUDIO ("relation-two-labels", LS_RELATION ("\"from_id\": \"r1\", \"to_id\": \"r2\", \"labels\": [\"knows\", \"met\"]"),
                0, "t.json: warning: [0].annotations[0].result[2].labels: ", "only the first of 2 labels (“knows”) imported"),
  LABEL_STUDIO ("result-id-number", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": 5, "
                "\"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}]}]}]", 1,
                "t.json: error: [0].annotations[0].result[0].id: ", "expected a string, got integer"),
  LABEL_STUDIO ("label-empty", LS_TASK ("\"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0]: ", "has an empty label"),
  /* Every field read is checked; what cannot be kept is said. */
  LABEL_STUDIO ("prediction-score-word", LS_REGION ("predictions", "\"model_version\": \"tagger 2\", \"score\": \"high\", ", ""),
                0, "t.json: warning: [0].predictions[0].score: ", "score \"high\" not imported: expected a number, got string"),
  LABEL_STUDIO ("prediction-score-beyond-64-bits",
                LS_REGION ("predictions", "\"score\": 18446744073709551616, ", ""), 0,
                "t.json: warning: [0].predictions[0].score: ", "an integer of 2^64 - 1 or more (out of range)"),
  LABEL_STUDIO ("region-score-word", "[{\"data\": {\"text\": \"Maria\"}, \"predictions\": [{\"result\": [{\"id\": \"r1\", "
                "\"type\": \"labels\", \"score\": [0.9], \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}]}]}]", 0,
                "t.json: warning: [0].predictions[0].result[0].score: ", "score [0.9] not imported: expected a number, got array"),
  LABEL_STUDIO ("annotation-region-score", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"result\": [{\"id\": \"r1\", "
                "\"type\": \"labels\", \"score\": 0.5, \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}}]}]}]", 0,
                "t.json: warning: [0].annotations[0].result[0].score: ", "only a model's prediction has one"),
  LABEL_STUDIO ("model-version-object", LS_REGION ("predictions", "\"model_version\": {}, ", ""), 1,
                "t.json: error: [0].predictions[0].model_version: ", "expected a string or an integer, got object"),
  LABEL_STUDIO ("annotations-not-array", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": {}}]", 1,
                "t.json: error: [0].annotations: ", "expected an array of annotations, got object"),
  LABEL_STUDIO ("annotation-without-result", "[{\"data\": {\"text\": \"Maria\"}, \"annotations\": [{\"id\": 1}]}]", 1,
                "t.json: error: [0].annotations[0]: ", "expected an object with \"result\""),
  LABEL_STUDIO ("annotation-not-object", "{\"data\": {\"text\": \"Maria\"}, \"predictions\": [5]}", 1,
                "t.json: error: predictions[0]: ", "expected an object with \"result\""),
  LABEL_STUDIO ("cancelled-not-boolean", LS_REGION ("annotations", "\"was_cancelled\": \"no\", ", ""), 1,
                "t.json: error: [0].annotations[0].was_cancelled: ", "expected true or false, got string"),
  LABEL_STUDIO ("region-without-label", LS_TASK ("\"value\": {\"start\": 0, \"end\": 5, \"labels\": []}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.labels: ", "a region without a label"),
  LABEL_STUDIO ("region-label-number", LS_TASK ("\"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\", 7]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.labels[1]: ", "expected a string, got integer"),
  LABEL_STUDIO ("region-text-number", LS_TASK ("\"value\": {\"start\": 0, \"end\": 5, \"text\": 5, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].value.text: ", "expected a string, got integer"),
  LABEL_STUDIO ("region-note-not-strings", LS_TASK ("\"meta\": {\"text\": [\"checked\", 2]}, "
                "\"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}"), 1,
                "t.json: error: [0].annotations[0].result[0].meta.text[1]: ", "expected a string, got integer"),
  LABEL_STUDIO ("region-meta-string", LS_TASK ("\"meta\": \"checked\", \"value\": {\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}"),
                1, "t.json: error: [0].annotations[0].result[0].meta: ", "expected an object, got string"),
  LABEL_STUDIO ("number-not-a-number", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"number\", "
                "\"from_name\": \"age\", \"value\": {\"number\": \"forty\"}}"), 1,
                "t.json: error: [0].annotations[0].result[1].value.number: ", "expected a number, got string"),
  LABEL_STUDIO ("rating-missing", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"rating\", "
                "\"from_name\": \"stars\", \"value\": {}}"), 1,
                "t.json: error: [0].annotations[0].result[1].value.rating: ", "missing (expected a number)"),
  LABEL_STUDIO ("choice-not-string", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"choices\", "
                "\"from_name\": \"kind\", \"value\": {\"choices\": [5]}}"), 1,
                "t.json: error: [0].annotations[0].result[1].value.choices[0]: ", "expected a string, got integer"),
  LABEL_STUDIO ("choices-not-array", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"choices\", "
                "\"from_name\": \"kind\", \"value\": {\"choices\": \"direct\"}}"), 1,
                "t.json: error: [0].annotations[0].result[1].value.choices: ", "expected an array of strings, got string"),
  LABEL_STUDIO ("textarea-two-texts", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"textarea\", "
                "\"from_name\": \"comment\", \"value\": {\"text\": [\"one\", \"two\"]}}"), 0,
                "t.json: warning: [0].annotations[0].result[1]: ", "only the first of 2 texts imported"),
  LABEL_STUDIO ("attribute-value-missing", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"textarea\", "
                "\"from_name\": \"comment\"}"), 1,
                "t.json: error: [0].annotations[0].result[1]: ", "expected \"value\": an object"),
  LABEL_STUDIO ("region-control-with-nul", LS_REGION ("annotations", "", ", {\"id\": \"r2\", \"type\": \"labels\", "
                "\"from_name\": \"label\\u0000s\", \"to_name\": \"text\", \"value\": {\"start\": 6, \"end\": 12, "
                "\"labels\": [\"PER\"]}}"), 1,
                "t.json:1:224: [0].annotations[0].result[1].from_name: ",
                "\\u0000 (a NUL character) at code point 5 of the string"),
  LABEL_STUDIO ("region-target-number", LS_REGION ("annotations", "", ", {\"id\": \"r2\", \"type\": \"labels\", "
                "\"from_name\": \"label\", \"to_name\": 1, \"value\": {\"start\": 6, \"end\": 12, "
                "\"labels\": [\"PER\"]}}"), 1,
                "t.json: error: [0].annotations[0].result[1].to_name: ", "expected a string, got integer"),
  LABEL_STUDIO ("attribute-control-number", LS_REGION ("annotations", "", ", {\"id\": \"r1\", \"type\": \"choices\", "
                "\"from_name\": 7, \"value\": {\"choices\": [\"direct\"]}}"), 1,
                "t.json: error: [0].annotations[0].result[1].from_name: ", "expected a string, got integer"),
  LABEL_STUDIO ("bare-number", "5", 1, "t.json: ", "expected an array of Label Studio tasks"),
  LABEL_STUDIO ("text-with-nul", "[{\"data\": {\"text\": \"Ma\\u0000ria\"}}]", 1, "t.json:1:23: [0].data.text: ",
                "\\u0000 (a NUL character) at code point 2 of the string"),
  LABEL_STUDIO ("lone-surrogate", "[{\"data\": {\"text\": \"Ma\\ud83dria\"}}]", 1, "t.json:1:23: [0].data.text: ",
                "lone surrogate \\uD83D at code point 2 of the string"),
  LABEL_STUDIO ("nan-score", "[{\"data\": {\"text\": \"Maria\"},\n \"predictions\": [{\"score\": NaN, \"result\": []}]}]", 1,
                "t.json:2:28: ", "NaN and Infinity are not allowed"),
  LABEL_STUDIO_CONF ("config-not-xml", "<View><Labels name=\"l\"></View>",
                     "[{\"data\": {\"text\": \"Maria\"}}]", 1, "t.xml:1:", "not a Label Studio labeling config"),
  LABEL_STUDIO_CONF ("label-without-value", "<View>\n  <Labels name=\"label\" toName=\"text\">\n    <Label value=\"\"/>\n"
                     "  </Labels>\n</View>\n", "[{\"data\": {\"text\": \"Maria\"}}]", 1, "t.xml:3:22: error: ",
                     "a <Label> without a value"),
  LABEL_STUDIO_CONF ("choice-without-value", "<View>\n  <Labels name=\"label\" toName=\"text\"><Label value=\"PER\"/></Labels>\n"
                     "  <Choices name=\"kind\" toName=\"text\" perRegion=\"true\">\n    <Choice/>\n  </Choices>\n</View>\n",
                     "[{\"data\": {\"text\": \"Maria\"}}]", 1, "t.xml:4:14: error: ", "a <Choice> of kind without a value"),
  LABEL_STUDIO_CONF ("label-colour-by-name", "<View>\n  <Labels name=\"label\" toName=\"text\">\n"
                     "    <Label value=\"PER\" background=\"red\"/>\n  </Labels>\n</View>\n",
                     "[{\"data\": {\"text\": \"Maria\"}}]", 0, "t.xml:3:42: warning: ",
                     "background “red” not used (Newsmark colours are #rrggbb)"),

  /* ---- CoNLL -------------------------------------------------------------- */
  CONLL ("not-a-tag", "Maria B-PER\nOkafor PERSON\n", 1, "c.conll:2: ", "“PERSON” is not a tag"),
  CONLL ("one-column", "Maria\nOkafor\n", 1, "c.conll:1: ", "one column only"),
  CONLL ("columns-change", "Maria NNP B-PER\nOkafor I-PER\n", 1, "c.conll:2: ",
         "2 columns where the file started with 3"),
  CONLL ("spacy-form-without-tag", "Maria|NNP|B-PER Okafor\n", 1, "c.conll:1: ", "“Okafor” is not TOKEN|…|TAG"),
  CONLL ("empty", "\n\n", 1, "c.conll: ", "no tokens found"),
  /* BIOES sequences that no reading of the tags makes whole. */
  CONLL ("bioes-single-then-inside", "Maria S-PER\nOkafor I-PER\nsaid E-PER\n", 1, "c.conll:2:8: ",
         "I-PER does not continue a span: the tag before is S-PER"),
  CONLL ("end-without-begin", "Maria E-PER\n", 1, "c.conll:1:7: ",
         "E-PER does not close a span: the tag before is the start of the sentence"),
  CONLL ("end-of-another-type", "Maria B-PER\nOkafor E-LOC\n", 1, "c.conll:2:8: ",
         "E-LOC does not close a span: the tag before is B-PER"),
  CONLL ("bioes-begin-not-closed", "Maria B-PER\nOkafor O\nsaid O\nthe O\nport S-LOC\n", 1, "c.conll:1:7: ",
         "B-PER is not closed: O follows it (BIOES ends a span with E-PER)"),
  CONLL ("bioes-inside-opens", "Maria I-PER\nOkafor E-PER\n", 1, "c.conll:1:7: ",
         "I-PER does not continue a span: the tag before is the start of the sentence"),
  CONLL ("bioes-open-at-sentence-end", "Maria B-PER\nOkafor I-PER\n\nport S-LOC\n", 1, "c.conll:2:8: ",
         "I-PER is not closed: the end of the sentence follows it"),
  CONLL ("bilou-unit-then-last", "Maria\tU-PER\nOkafor\tL-PER\n", 1, "c.conll:2:8: ",
         "L-PER does not close a span: the tag before is U-PER"),
  CONLL ("germeval-inner-column", "1\tMaria\tB-PER\tO\n2\tOkafor\tI-PER\tE-LOC\n", 1, "c.conll:2:16: ",
         "E-LOC does not close a span: the tag before is O"),
  CONLL ("spacy-form-bioes", "Maria|NNP|S-PER Okafor|NNP|I-PER\n", 1, "c.conll:1:28: ",
         "I-PER does not continue a span: the tag before is S-PER"),
  CONLL ("germeval-number-skipped", "1\tMaria\tB-PER\tO\n3\tOkafor\tI-PER\tO\n", 1, "c.conll:2:1: ",
         "token number “3”: expected 2 (GermEval numbers the tokens of each sentence from 1)"),
  CONLL ("germeval-number-not-a-number", "1\tMaria\tB-PER\tO\nx\tOkafor\tI-PER\tO\n", 1, "c.conll:2:1: ",
         "token number “x”: expected 2", "expected a non-negative integer, got “x”"),
  CONLL ("not-utf8", "Mar\xed" "a B-PER\n", 1, "c.conll:1:4: ", "not valid UTF-8"),

  /* ---- WebAnno TSV -------------------------------------------------------- */
  WEBANNO ("no-header", "#Text=Maria\n1-1\t0-5\tMaria\t_\n", 1, "w.tsv:1: ", "not a WebAnno TSV 3 file"),
  WEBANNO ("columns", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\n", 1, "w.tsv:6: ",
           "with 4 columns as the header declares, found 3"),
  WEBANNO ("sentence-without-tokens", TSV_HEAD TSV_TEXT, 1, "w.tsv: ", "the last sentence has no tokens"),
  WEBANNO ("chain-layer-features", "#FORMAT=WebAnno TSV 3.3\n#T_CH=webanno.custom.Chain|referenceType\n", 1,
           "w.tsv:2: ", "a chain layer has two features"),
  WEBANNO ("relation-without-base", "#FORMAT=WebAnno TSV 3.3\n#T_RL=webanno.custom.Rel|label\n", 1,
           "w.tsv:2: ", "relation layer without its “BT_” base type"),
  WEBANNO ("token-not-in-sentence", TSV_HEAD TSV_TEXT "1-1\t0-5\tPedro\t_\n", 1, "w.tsv:6: ",
           "token “Pedro” at 0 does not fit its sentence"),
  /* Offsets are checked numbers; a gap between sentences never takes more
   * characters than the file has bytes. */
  WEBANNO ("offset-far", TSV_HEAD "#Text=Maria\n1-1\t400000000-400000005\tMaria\t_\n", 1, "w.tsv:6: ",
           "token 1-1: the sentence starts at 400000000", "a gap longer than the file itself (102 bytes) is refused"),
  WEBANNO ("offset-beyond-file", TSV_HEAD "#Text=Maria\n1-1\t100000-100005\tMaria\t_\n", 1, "w.tsv:6: ",
           "a gap longer than the file itself"),
  WEBANNO ("gaps-add-up-beyond-file", TSV_HEAD "#Text=Maria\n1-1\t60-65\tMaria\t_\n\n#Text=Okafor\n"
           "2-1\t130-136\tOkafor\t_\n", 1, "w.tsv:9: ", "token 2-1: the sentence starts at 130, 65 UTF-16 units"),
  WEBANNO ("offset-negative", TSV_HEAD "#Text=Maria\n1-1\t-3-18\tMaria\t_\n", 1, "w.tsv:6: ",
           "token 1-1: offsets “-3-18”: expected a non-negative integer, got -3"),
  WEBANNO ("offset-beyond-guint", TSV_HEAD "#Text=Maria\n1-1\t4294967296-4294967301\tMaria\t_\n", 1, "w.tsv:6: ",
           "expected a non-negative integer up to 4294967295, got 4294967296"),
  WEBANNO ("offset-beyond-64-bits", TSV_HEAD "#Text=Maria\n1-1\t0-18446744073709551616\tMaria\t_\n", 1, "w.tsv:6: ",
           "got 18446744073709551616"),
  WEBANNO ("offset-without-dash", TSV_HEAD "#Text=Maria\n1-1\t05\tMaria\t_\n", 1, "w.tsv:6: ",
           "token 1-1: offsets “05”: expected two numbers joined by “-”"),
  WEBANNO ("offset-not-number", TSV_HEAD "#Text=Maria\n1-1\t0-five\tMaria\t_\n", 1, "w.tsv:6: ",
           "token 1-1: offsets “0-five”: expected a non-negative integer, got “five”"),
  WEBANNO ("offset-with-sign", TSV_HEAD "#Text=Maria\n1-1\t+0-5\tMaria\t_\n", 1, "w.tsv:6: ",
           "got “+0”"),
  /* Every token line is checked, annotated or not: its id, its offsets
   * and its text against the sentence. */
  WEBANNO ("token-id-not-a-number", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-x\t6-12\tOkafor\t_\n", 1, "w.tsv:7: ",
           "token id “1-x”: expected a non-negative integer, got “x”"),
  WEBANNO ("token-id-zero", TSV_HEAD TSV_TEXT "1-0\t0-5\tMaria\t_\n", 1, "w.tsv:6: ",
           "token id “1-0”: numbers count from 1"),
  WEBANNO ("token-id-no-dash", TSV_HEAD TSV_TEXT "11\t0-5\tMaria\t_\n", 1, "w.tsv:6: ",
           "token id “11”: expected two numbers joined by “-”"),
  WEBANNO ("token-skipped", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-3\t6-12\tOkafor\t_\n", 1, "w.tsv:7: ",
           "token 1-3 out of order: expected 1-2 here, or 1-1.N for a part of the token before"),
  WEBANNO ("token-in-another-sentence", TSV_HEAD TSV_TEXT "2-1\t0-5\tMaria\t_\n", 1, "w.tsv:6: ",
           "token 2-1 out of order: expected 1-1 here"),
  WEBANNO ("token-part-of-a-later-token", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-2.1\t6-8\tOk\t_\n", 1, "w.tsv:7: ",
           "token 1-2.1 out of order: expected 1-2 here"),
  WEBANNO ("token-offsets-reversed", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-2\t7-4\tOkafor\t_\n", 1, "w.tsv:7: ",
           "token 1-2: offsets “7-4” end before they begin"),
  WEBANNO ("token-text-differs", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-2\t6-12\tOkafur\t_\n", 1, "w.tsv:7: ",
           "token 1-2 reads “Okafur” but its sentence has “Okafor” at 6-12"),
  WEBANNO ("token-beyond-sentence", TSV_HEAD TSV_TEXT "1-1\t0-5\tMaria\t_\n1-2\t40-46\tOkafor\t_\n", 1, "w.tsv:7: ",
           "token 1-2: offsets 40-46 are not on characters of its sentence, which spans 0-35"),
  WEBANNO ("token-inside-surrogate-pair", TSV_HEAD "#Text=Maria \xf0\x9f\x9a\xb2\n1-1\t0-5\tMaria\t_\n1-2\t6-7\t?\t_\n", 1,
           "w.tsv:7: ", "token 1-2: offsets 6-7 are not on characters of its sentence"),
  WEBANNO ("token-before-any-sentence", TSV_HEAD "1-1\t0-5\tMaria\t_\n", 1, "w.tsv:5: ",
           "token 1-1 before any sentence"),
  WEBANNO ("sentence-without-tokens-before-another", TSV_HEAD "#Text=Maria\n\n#Text=Okafor\n1-1\t0-6\tOkafor\t_\n", 1,
           "w.tsv:7: ", "a sentence without tokens before this one"),
  WEBANNO ("chain-link-beyond-guint", "#FORMAT=WebAnno TSV 3.3\n#T_CH=webanno.custom.Coref|referenceType|referenceRelation\n"
           "\n\n#Text=Maria\n1-1\t0-5\tMaria\t*\t*->1-4294967296\n", 1, "w.tsv:6: ",
           "is not a chain link", "got 4294967296"),

  /* ---- Suggestions -------------------------------------------------------- */
  SUGGEST_FROM ("strings", "not-an-array", "s.json", "{\"text\": \"Maria\"}", 1, "s.json: error: ",
                "expected an array"),
  SUGGEST_FROM ("strings", "occurrence-zero", "s.json", "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"occurrence\": 0}]",
                1, "s.json: error: [0].occurrence: ", "expected 1 or more"),
  SUGGEST_FROM ("strings", "occurrence-negative", "s.json",
                "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"occurrence\": -1}]", 1,
                "s.json: error: [0].occurrence: ", "expected a non-negative integer, got -1"),
  SUGGEST_FROM ("strings", "occurrence-beyond-64-bits", "s.json",
                "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"occurrence\": 18446744073709551616}]", 1,
                "s.json: error: [0].occurrence: ", "2^64 - 1 or more (out of range)"),
  SUGGEST_FROM ("strings", "score-not-number", "s.json",
                "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"score\": \"high\"}]", 1,
                "s.json: error: [0].score: ", "expected a number, got string"),
  SUGGEST_FROM ("strings", "unknown-key", "s.json", "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"lable\": 1}]", 1,
                "s.json: error: [0].lable: ", "unknown key"),
  SUGGEST_FROM ("strings", "trailing-bytes", "s.json", "[]\n]", 1, "s.json:2:1: ", "after"),
  SUGGEST_FROM ("strings", "attribute-beyond-64-bits", "s.json",
                "[{\"text\": \"Maria\", \"label\": \"CLAIM\", \"attributes\": {\"checkworthy\": 99999999999999999999}}]",
                1, "s.json: error: [0].attributes.checkworthy: ", "2^64 - 1 or more (out of range)"),
  SUGGEST_FROM ("strings", "unknown-label", "s.json", "[{\"text\": \"Maria\", \"label\": \"PERS\"}]", 1,
                "s.json: 1 problem in the suggestions, nothing imported", "[0].label: unknown label “PERS”"),
  SUGGEST_FROM ("strings", "text-with-nul", "s.json", "[{\"text\": \"Mar\\u0000ia\", \"label\": \"PERSON\"}]", 1,
                "s.json:1:15: error: [0].text: ", "\\u0000 (a NUL character) at code point 3 of the string"),
  SUGGEST_FROM ("strings", "attribute-with-nul", "s.json",
                "[{\"text\": \"Maria\", \"label\": \"QUOTE\", \"attributes\": {\"kind\": \"dir\\u0000ect\"}}]", 1,
                "s.json:1:65: error: [0].attributes.kind: ", "\\u0000 (a NUL character) at code point 3 of the string"),
  SUGGEST_FROM ("strings", "text-blank", "s.json", "[{\"text\": \" \", \"label\": \"PERSON\"}]", 1,
                "s.json: error: [0].text: ", "expected the text of the span, got an empty or blank string"),
  SUGGEST_FROM ("strings", "nan-score", "s.json", "[{\"text\": \"Maria\", \"label\": \"PERSON\", \"score\": NaN}]", 1,
                "s.json:1:48: ", "NaN and Infinity are not allowed"),
  SUGGEST_FROM ("newsmark", "not-json", "s.newsmark.json", "{\"format\": ", 1, "s.newsmark.json:1:12: ", "JSON"),
  SUGGEST_FROM ("doccano-jsonl", "offset-beyond-guint", "s.jsonl",
                "{\"text\": \"" ARTICLE_LINE "\", \"label\": [[4294967296, 4294967301, \"PERSON\"]]}\n", 1,
                "s.jsonl:1: error: label[0][0]: ", "up to 4294967295, got 4294967296"),
  SUGGEST_FROM ("spacy-jsonl", "start-negative", "s.jsonl",
                "{\"text\": \"" ARTICLE_LINE "\", \"spans\": [{\"start\": -6, \"end\": 12, \"label\": \"PERSON\"}]}\n", 1,
                "s.jsonl:1: error: spans[0].start: ", "expected a non-negative integer, got -6"),
  SUGGEST_FROM ("spacy-jsonl", "text-with-nul", "s.jsonl", "{\"text\": \"Maria\\u0000\"}\n", 1,
                "s.jsonl:1:16: text: ", "\\u0000 (a NUL character) at code point 5 of the string"),
  SUGGEST_FROM ("label-studio", "score-word", "s.json",
                "[{\"data\": {\"text\": \"" ARTICLE_LINE "\"}, \"predictions\": [{\"model_version\": \"tagger 2\", "
                "\"score\": \"high\", \"result\": [{\"id\": \"r1\", \"type\": \"labels\", \"value\": {\"start\": 0, "
                "\"end\": 12, \"labels\": [\"PERSON\"]}}]}]}]", 0,
                "s.json: warning: [0].predictions[0].score: ", "score \"high\" not imported"),
  SUGGEST_FROM ("label-studio", "relation-to-missing-region", "s.json",
                "[{\"data\": {\"text\": \"" ARTICLE_LINE "\"}, \"predictions\": [{\"result\": [{\"id\": \"r1\", "
                "\"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 12, \"labels\": [\"PERSON\"]}}, "
                "{\"type\": \"relation\", \"from_id\": \"r1\", \"to_id\": \"r7\"}]}]}]", 1,
                "s.json: error: [0].predictions[0].result[1].to_id: ", "“r7” is not the id of a region"),
  SUGGEST_FROM ("doccano-jsonl", "past-the-end", "s.jsonl", "{\"text\": \"Maria\", \"label\": [[0, 9, \"PERSON\"]]}\n",
                1, "s.jsonl:1: error: label[0]: ", "past the end"),
  SUGGEST_FROM ("spacy-jsonl", "not-json", "s.jsonl", "{\"text\": \"Maria\"\n", 1, "s.jsonl:1:", "JSON"),
};

static const char *
cli_path (void)
{
  const char *path = g_getenv ("NEWSMARK_CLI");

  g_assert_nonnull (path);
  return path;
}

/* Runs newsmark-cli with @args; *@messages gets its standard output and
 * error together (validate reports on standard output). */
static void
run_cli (GPtrArray  *args,
         int        *status,
         char      **messages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_ptr_array_insert (args, 0, g_strdup (cli_path ()));
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  *messages = g_strconcat (out, err, NULL);
  /* A crash is never an answer: -1 matches no case. */
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  if (!WIFEXITED (wait_status))
    g_test_message ("killed by signal %d", WTERMSIG (wait_status));
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Every file in @dir, name → contents (GBytes). */
static GHashTable *
snapshot (const char *dir)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        contents = g_strdup ("(folder)");
      else
        g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_hash_table_insert (files, g_strdup (name), g_bytes_new_take (contents, len));
    }
  return files;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
run_case (gconstpointer data)
{
  const BadInput *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-bad-input-XXXXXX", &error);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *place = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int status;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (c->files) && c->files[i].name != NULL; i++)
    write_file (dir, c->files[i].name, c->files[i].contents);
  input = g_build_filename (dir, c->files[0].name, NULL);

  switch (c->command)
    {
    case IMPORT:
      output = g_build_filename (dir, "out", NULL);
      g_ptr_array_add (args, g_strdup ("convert"));
      g_ptr_array_add (args, g_strdup ("--from"));
      g_ptr_array_add (args, g_strdup (c->format));
      g_ptr_array_add (args, g_strdup ("--to"));
      g_ptr_array_add (args, g_strdup ("newsmark"));
      g_ptr_array_add (args, g_strdup (input));
      g_ptr_array_add (args, g_strdup ("-o"));
      g_ptr_array_add (args, g_strdup (output));
      break;

    case SUGGEST:
      {
        g_autoptr(GPtrArray) make = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *made = NULL;
        int make_status;

        write_file (dir, "article.txt", ARTICLE);
        g_ptr_array_add (make, g_strdup ("new"));
        g_ptr_array_add (make, g_build_filename (dir, "article.txt", NULL));
        run_cli (make, &make_status, &made);
        g_assert_cmpint (make_status, ==, 0);

        output = g_build_filename (dir, "out.newsmark.json", NULL);
        g_ptr_array_add (args, g_strdup ("suggest"));
        g_ptr_array_add (args, g_strdup ("--from"));
        g_ptr_array_add (args, g_strdup (c->format));
        g_ptr_array_add (args, g_strdup (input));
        g_ptr_array_add (args, g_build_filename (dir, "article.newsmark.json", NULL));
        g_ptr_array_add (args, g_strdup ("-o"));
        g_ptr_array_add (args, g_strdup (output));
      }
      break;

    case VALIDATE:
      g_ptr_array_add (args, g_strdup ("validate"));
      g_ptr_array_add (args, g_strdup (input));
      break;

    default:
      g_assert_not_reached ();
    }

  before = snapshot (dir);
  run_cli (args, &status, &messages);

  /* Failures are collected so that one run shows all of a case's. */
  if (status != c->status)
    g_test_fail_printf ("exit status %d, expected %d:\n%s", status, c->status, messages);
  place = g_strconcat (dir, G_DIR_SEPARATOR_S, c->place, NULL);
  if (strstr (messages, place) == NULL)
    g_test_fail_printf ("“%s” not in the messages:\n%s", place, messages);
  for (guint i = 0; i < G_N_ELEMENTS (c->says) && c->says[i] != NULL; i++)
    if (strstr (messages, c->says[i]) == NULL)
      g_test_fail_printf ("“%s” not in the messages:\n%s", c->says[i], messages);

  /* The inputs are as they were; after an error nothing else is there. */
  after = snapshot (dir);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GBytes *now = g_hash_table_lookup (after, key);

      if (now == NULL)
        g_test_fail_printf ("%s is gone", (const char *) key);
      else if (!g_bytes_equal (now, value))
        g_test_fail_printf ("%s was changed", (const char *) key);
      g_hash_table_remove (after, key);
    }
  if (status != 0)
    {
      g_hash_table_iter_init (&iter, after);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_test_fail_printf ("%s left in the folder after an error", (const char *) key);
    }
  else if (output != NULL && !g_hash_table_contains (after, output + strlen (dir) + 1))
    g_test_fail_printf ("no output written");

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/bad-input/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], run_case);
    }

  return g_test_run ();
}
