#!/usr/bin/env python3
# newsmark-man.py — writes the manual pages from the programs themselves
#
#   newsmark-man.py cli --binary newsmark-cli --version V --output newsmark-cli.1
#   newsmark-man.py gui --binary newsmark --version V --shortcuts help-overlay.ui \
#                       --output newsmark.1 SOURCE.c…
#
# The command line's page is the text of `newsmark-cli --help` and of every
# `newsmark-cli COMMAND --help` (and `corpus SUBCOMMAND --help`), so a new
# command or option reaches the page without anyone editing it. The
# workbench's page takes its options from `newsmark --help-all` and its keys
# from the shortcuts window (resources/gtk/help-overlay.ui), with the
# accelerators of named actions looked up in the tables of SOURCE.c… that
# pass them to gtk_application_set_accels_for_action(). Only NAME,
# DESCRIPTION, FILES, ENVIRONMENT and SEE ALSO are written here.

import argparse
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def fail(message):
    sys.exit('newsmark-man.py: ' + message)


def run_help(binary, args):
    # A fixed UTF-8 locale gives "[OPTION…]" whatever the builder's locale;
    # a sanitizer build must not fail on GLib's one-time allocations.
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
    env['ASAN_OPTIONS'] = (env.get('ASAN_OPTIONS', '') + ':detect_leaks=0').lstrip(':')
    env.pop('DISPLAY', None)
    env.pop('WAYLAND_DISPLAY', None)
    result = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        fail('%s %s exited with %d: %s' % (binary, ' '.join(args), result.returncode,
                                           result.stderr.strip()))
    return result.stdout


class Help:
    """What a GOption-style --help says, in the order it says it."""

    def __init__(self):
        self.usage = []        # lines after "Usage:"
        self.summary = []      # paragraphs (lists of lines) before the options or commands
        self.options = []      # (names, argument, description)
        self.commands = []     # (name, summary) of a "Commands:" or "Subcommands:" block
        self.description = []  # paragraphs after them


def parse_help(text, what):
    blocks = []
    for line in text.rstrip('\n').split('\n'):
        if line.strip() == '':
            if blocks and blocks[-1]:
                blocks.append([])
        else:
            if not blocks:
                blocks.append([])
            blocks[-1].append(line.rstrip())
    blocks = [b for b in blocks if b]

    help = Help()
    after = False
    for block in blocks:
        head = block[0]
        if head.startswith('Usage:'):
            rest = head[len('Usage:'):].strip()
            help.usage = ([rest] if rest else []) + [l.strip() for l in block[1:]]
        elif re.fullmatch(r'[A-Za-z][\w ]* [Oo]ptions:?', head):
            for line in block[1:]:
                m = re.match(r'^  (-\S.*?)(?: {2,}(\S.*))?$', line)
                if m:
                    names, _, argument = m.group(1).partition('=')
                    help.options.append((names.split(', '), argument, m.group(2) or ''))
                elif line.startswith('   ') and help.options:
                    names, argument, description = help.options[-1]
                    help.options[-1] = (names, argument, (description + ' ' + line.strip()).strip())
                else:
                    fail('%s: cannot read the option line %r' % (what, line))
            after = True
        elif head in ('Commands:', 'Subcommands:'):
            for line in block[1:]:
                m = re.match(r'^  (\S+) +(\S.*)$', line)
                if not m:
                    fail('%s: cannot read the command line %r' % (what, line))
                help.commands.append((m.group(1), m.group(2)))
            after = True
        elif after:
            help.description.append(block)
        else:
            help.summary.append(block)
    if not help.usage:
        fail('%s: no "Usage:" in its --help' % what)
    return help


# ---- troff -------------------------------------------------------------------

def esc(text):
    """Text for a troff line: backslashes and hyphens escaped, and anything
    beyond ASCII as a named Unicode character, so that the page needs no
    input encoding (troff without preconv, mandoc)."""
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return ''.join(c if ord(c) < 128 else '\\[u%04X]' % ord(c) for c in text)


def line(text):
    """A text line that never starts a request."""
    return '\\&' + text if text[:1] in ('.', "'") else text


def quoted(text):
    return '"' + esc(text).replace('"', '\\(dq') + '"'


def render_paragraphs(paragraphs, out):
    """Plain lines are filled; indented lines (tables, examples) keep their
    layout, indented."""
    for block in paragraphs:
        out.append('.PP')
        pre = False
        for text in block:
            indented = text.startswith(' ')
            if indented and not pre:
                out += ['.RS 2', '.nf']
            elif not indented and pre:
                out += ['.fi', '.RE']
            pre = indented
            out.append(line(esc(text[2:] if indented else text)))
        if pre:
            out += ['.fi', '.RE']


def render_usage(lines, out):
    out += ['.nf']
    for text in lines:
        words = text.split(' ')
        # The program and its command in bold, the rest as --help has it.
        bold = []
        for w in words:
            if re.fullmatch(r'[a-z][a-z-]*', w) and w.upper() != w:
                bold.append(w)
            else:
                break
        tail = ' '.join(words[len(bold):])
        out.append(line('\\fB%s\\fR%s' % (esc(' '.join(bold)), (' ' + esc(tail)) if tail else '')))
    out += ['.fi']


def render_options(options, out):
    for names, argument, description in options:
        tags = ['\\fB%s\\fR' % esc(n) for n in names]
        tag = ', '.join(tags)
        if argument:
            tag += '=\\fI%s\\fR' % esc(argument)
        out += ['.TP', line(tag), line(esc(description))]


def header(name, title, version):
    return ['.\\" Generated by docs/man/newsmark-man.py; do not edit.',
            '.TH %s 1 "" "newsmark %s" "User Commands"' % (quoted(name.upper()), esc(version)),
            '.\\" Option names and paths read better unbroken.',
            '.nh',
            '.ad l',
            '.SH NAME',
            '%s \\- %s' % (esc(name), esc(title))]


# ---- newsmark-cli(1) -------------------------------------------------------------

CLI_DESCRIPTION = """\
newsmark-cli creates, checks and summarises Newsmark annotation files,
imports a model's suggestions, prints the audit log, writes HTML reports,
measures agreement between annotators, merges their files for
adjudication, converts to and from other tools' formats, and works on
whole corpora. Offsets are Unicode code points, half-open [start, end),
as Python's text[start:end] counts them.

Each command below is described as newsmark-cli COMMAND --help prints it.
Problems are printed one per line on standard error, naming the file and
the place (line:column, JSON path or span id); input files are never
modified on error, and every output is written atomically."""

CLI_FILES = [
    ('FILE.newsmark.json', 'An annotation file: one article, its text embedded, with its spans, '
     'relations, label schema and audit log.'),
    ('FILE.newsmark.json~', 'The previous version, kept by every save.'),
    ('newsmark-corpus.json', 'The manifest of a corpus folder: its name, annotators and label schema.'),
    ('~/.cache/newsmark/corpus-index/', 'What a corpus has read of each file, used while the file '
     'is unchanged (corpus status --no-index skips it).'),
]

SEE_ALSO = ('The documentation in the docs/ folder of the source: file-format.md, cli.md, '
            'workbench.md, interchange.md, suggestions.md, agreement.md.')


def cli_page(binary, version):
    name = os.path.basename(binary)
    main = parse_help(run_help(binary, ['--help']), name + ' --help')
    if not main.commands:
        fail(name + ' --help lists no commands')

    out = header(name, 'work with Newsmark annotation files', version)
    out.append('.SH SYNOPSIS')
    render_usage(main.usage, out)
    out.append('.SH DESCRIPTION')
    render_paragraphs(main.summary + [p.split('\n') for p in CLI_DESCRIPTION.split('\n\n')], out)

    out.append('.SH COMMANDS')
    for command, summary in main.commands:
        out += ['.TP', '\\fB%s\\fR' % esc(command), line(esc(summary))]

    exit_status = [p for p in main.description if p[0].startswith('Exit status')]
    other = [p for p in main.description if not p[0].startswith('Exit status')]
    if other:
        render_paragraphs(other, out)

    def command_section(words):
        what = ' '.join([name] + words)
        help = parse_help(run_help(binary, words + ['--help']), what + ' --help')
        out.append('.SS %s' % quoted(what))
        render_usage(help.usage, out)
        render_paragraphs(help.summary, out)
        if help.options:
            out.append('.PP')
            out.append('Options:')
            out.append('.RS 2')
            render_options(help.options, out)
            out.append('.RE')
        if help.commands:
            out.append('.PP')
            out.append('Subcommands:')
            out.append('.RS 2')
            for sub, summary in help.commands:
                out.extend(['.TP', '\\fB%s\\fR' % esc(sub), line(esc(summary))])
            out.append('.RE')
        render_paragraphs(help.description, out)
        for sub, _ in help.commands:
            command_section(words + [sub])

    out.append('.SH "COMMAND REFERENCE"')
    for command, _ in main.commands:
        command_section([command])

    if exit_status:
        out.append('.SH "EXIT STATUS"')
        render_paragraphs(exit_status, out)

    out.append('.SH FILES')
    for path, text in CLI_FILES:
        out += ['.TP', '\\fI%s\\fR' % esc(path), line(esc(text))]
    out += ['.SH "SEE ALSO"', '\\fBnewsmark\\fR(1)', '.PP', line(esc(SEE_ALSO))]
    return out


# ---- newsmark(1) ------------------------------------------------------------------

GUI_DESCRIPTION = """\
newsmark is the Newsmark annotation workbench. It opens a news article
(a UTF-8 text file) together with its annotation file
ARTICLE.newsmark.json when that exists, or an annotation file itself;
each FILE gets its own window. Without a FILE it opens an empty window.

Select text and press a label's key to tag it; spans may nest and
overlap, and a quote interrupted by "he said" is one span of two
fragments. Quotes and claims are linked to their speakers, model
suggestions are reviewed one key each, and every change can be undone.
The article text is never changed by annotating. Saving is atomic and
keeps the previous version; unsaved changes go to a recovery file every
few seconds."""

GUI_FILES = [
    ('ARTICLE.newsmark.json', 'The annotation file of ARTICLE.txt, created on the first save.'),
    ('ARTICLE.newsmark.json~', 'The previous version, kept by every save.'),
    ('$XDG_STATE_HOME/newsmark/recovery/', 'Unsaved changes, written every few seconds and offered '
     'back the next time the file is opened.'),
]

GUI_ENVIRONMENT = [
    ('GSETTINGS_SCHEMA_DIR', 'Where to find the settings schema org.newsmark.Newsmark. Run from '
     'its build tree, newsmark uses the schema compiled there unless this is set.'),
    ('XDG_STATE_HOME', 'The recovery files go under it (by default ~/.local/state).'),
]

KEY_NAMES = {
    'Return': 'Enter', 'comma': ',', 'question': '?', 'period': '.', 'slash': '/',
    'Escape': 'Escape', 'Delete': 'Delete', 'Tab': 'Tab',
}
MODIFIER_NAMES = {'control': 'Ctrl', 'primary': 'Ctrl', 'ctrl': 'Ctrl', 'shift': 'Shift',
                  'alt': 'Alt', 'super': 'Super'}

# GtkApplicationWindow gives this action its key itself.
BUILT_IN_ACCELS = {'win.show-help-overlay': ['<Control>question']}


def accel_label(accel):
    mods = re.findall(r'<(\w+)>', accel)
    key = re.sub(r'<\w+>', '', accel)
    names = []
    for m in mods:
        if m.lower() not in MODIFIER_NAMES:
            fail('unknown modifier in accelerator %r' % accel)
        names.append(MODIFIER_NAMES[m.lower()])
    # Ctrl, then Shift, then Alt, as GTK writes them.
    names.sort(key=lambda n: ['Ctrl', 'Shift', 'Alt', 'Super'].index(n))
    key = KEY_NAMES.get(key, key)
    if names and len(key) == 1:
        key = key.upper()
    return '+'.join(names + [key])


def read_accels(sources):
    """action → accelerators, from tables of { "win.x", { "<Control>x", NULL } }."""
    accels = dict(BUILT_IN_ACCELS)
    pattern = re.compile(r'\{\s*"((?:app|win|[a-z-]+)\.[\w-]+)"\s*,\s*\{\s*((?:"[^"]*"\s*,\s*)+)NULL\s*\}\s*\}')
    for path in sources:
        if not path.endswith('.c'):
            continue
        with open(path, encoding='utf-8') as f:
            for m in pattern.finditer(f.read()):
                accels[m.group(1)] = re.findall(r'"([^"]*)"', m.group(2))
    return accels


def read_shortcuts(path, accels):
    """[(group title, [(keys, title)])] as the shortcuts window shows them."""
    groups = []
    tree = ET.parse(path)

    def prop(obj, name):
        for p in obj.findall('property'):
            if p.get('name') == name:
                return p.text or ''
        return None

    for group in tree.iter('object'):
        if group.get('class') != 'GtkShortcutsGroup':
            continue
        entries = []
        for child in group.findall('child/object'):
            if child.get('class') != 'GtkShortcutsShortcut':
                continue
            title = prop(child, 'title')
            accelerator = prop(child, 'accelerator')
            action = prop(child, 'action-name')
            if accelerator is not None:
                keys = accelerator.split()
            elif action is not None:
                if action not in accels:
                    fail('%s: the shortcut "%s" names the action %s, which has no '
                         'accelerator in the sources given' % (path, title, action))
                keys = accels[action]
            else:
                fail('%s: the shortcut "%s" has neither an accelerator nor an action' % (path, title))
            entries.append((', '.join(accel_label(k) for k in keys), title))
        groups.append((prop(group, 'title'), entries))
    if not groups:
        fail(path + ': no shortcut groups')
    return groups


def gui_page(binary, version, shortcuts, sources):
    name = os.path.basename(binary)
    help = parse_help(run_help(binary, ['--help-all']), name + ' --help-all')
    if not help.options:
        fail(name + ' --help-all lists no options')

    out = header(name, 'annotation workbench for news articles', version)
    out += ['.SH SYNOPSIS', '.nf',
            '\\fB%s\\fR [\\fIOPTION\\fR%s] [\\fIFILE\\fR%s]' % (esc(name), esc('…'), esc('…')), '.fi']
    out.append('.SH DESCRIPTION')
    render_paragraphs(help.summary + [p.split('\n') for p in GUI_DESCRIPTION.split('\n\n')], out)
    out.append('.SH OPTIONS')
    render_options(help.options, out)
    render_paragraphs(help.description, out)

    out.append('.SH KEYS')
    out.append('.PP')
    out.append('The label keys come from the label schema; those below are the bundled '
               'newsroom schema\\(aqs. Ctrl+? shows these keys in the window.')
    for title, entries in read_shortcuts(shortcuts, read_accels(sources)):
        out.append('.SS %s' % quoted(title))
        for keys, text in entries:
            out += ['.TP', '\\fB%s\\fR' % esc(keys), line(esc(text))]

    out.append('.SH FILES')
    for path, text in GUI_FILES:
        out += ['.TP', '\\fI%s\\fR' % esc(path), line(esc(text))]
    out.append('.SH ENVIRONMENT')
    for var, text in GUI_ENVIRONMENT:
        out += ['.TP', '\\fB%s\\fR' % esc(var), line(esc(text))]
    out += ['.SH "SEE ALSO"', '\\fBnewsmark\\-cli\\fR(1)', '.PP', line(esc(SEE_ALSO))]
    return out


def main():
    parser = argparse.ArgumentParser(description='Write a Newsmark manual page.')
    parser.add_argument('page', choices=['cli', 'gui'])
    parser.add_argument('--binary', required=True)
    parser.add_argument('--version', required=True)
    parser.add_argument('--output', required=True)
    parser.add_argument('--shortcuts', help='the shortcuts window (gui)')
    parser.add_argument('sources', nargs='*', help='C files with accelerator tables (gui)')
    args = parser.parse_intermixed_args()

    if args.page == 'cli':
        out = cli_page(args.binary, args.version)
    else:
        if args.shortcuts is None:
            fail('gui needs --shortcuts')
        out = gui_page(args.binary, args.version, args.shortcuts, args.sources)

    tmp = args.output + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    os.replace(tmp, args.output)


if __name__ == '__main__':
    main()
