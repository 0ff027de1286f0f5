#!/usr/bin/env python3
# check-man.py — a manual page says everything the program's --help says
#
#   check-man.py cli newsmark-cli newsmark-cli.1
#   check-man.py gui newsmark newsmark.1 help-overlay.ui
#
# Reads the help afresh from the built program, with a reading of its own
# (not the generator's), and fails naming every command, subcommand, option
# or key that the page lacks or describes differently. When groff is
# installed, the page must also render without a warning.

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

problems = []


def problem(message):
    problems.append(message)


def run_help(binary, args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')
    env['ASAN_OPTIONS'] = (env.get('ASAN_OPTIONS', '') + ':detect_leaks=0').lstrip(':')
    result = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit('%s %s exited with %d' % (binary, ' '.join(args), result.returncode))
    return result.stdout


def plain(troff_line):
    """A troff line as the reader sees its words."""
    s = re.sub(r'\\\[u([0-9A-F]{4,6})\]', lambda m: chr(int(m.group(1), 16)), troff_line)
    s = s.replace('\\(dq', '"').replace('\\(aq', "'").replace('\\-', '-').replace('\\&', '')
    s = re.sub(r'\\f[BIRP]', '', s)
    return s.replace('\\e', '\\')


def read_page(path):
    """{heading: [lines]} for every .SH and .SS, the tag lines of the .TP
    entries under each, and the .SH each .SS belongs to."""
    sections = {}
    tags = {}
    parent = {}
    current = None
    chapter = None
    with open(path, encoding='ascii') as f:
        lines = f.read().split('\n')
    for i, raw in enumerate(lines):
        m = re.match(r'^\.(SH|SS) +"?(.*?)"?$', raw)
        if m:
            current = plain(m.group(2))
            if m.group(1) == 'SH':
                chapter = current
            parent[current] = chapter
            sections.setdefault(current, [])
            tags.setdefault(current, [])
            continue
        if current is None or raw.startswith('.\\"'):
            continue
        if raw.startswith('.TP') and i + 1 < len(lines):
            tags[current].append(plain(lines[i + 1]))
        if not raw.startswith('.'):
            sections[current].append(plain(raw))
    return sections, tags, parent


def words(text):
    return ' '.join(text.split())


def help_blocks(text, heading):
    """The indented lines under a heading line such as "Commands:"."""
    out = []
    inside = False
    for line in text.split('\n'):
        if line.strip() == heading:
            inside = True
        elif inside and line.startswith('  '):
            out.append(line)
        elif inside:
            inside = False
    return out


OPTION = re.compile(r'^ {2}(-\w, )?(--[\w-]+)(=(\S+))? {2,}(\S.*)$')


def options_of(text):
    found = []
    for line in text.split('\n'):
        m = OPTION.match(line)
        if m:
            names = ([m.group(1)[:-2]] if m.group(1) else []) + [m.group(2)]
            found.append((names, m.group(4), m.group(5)))
    return found


def check_options(where, text, section, tag_lines):
    body = words(' '.join(section))
    for names, argument, description in options_of(text):
        tag = next((t for t in tag_lines
                    if all(re.search(r'(^|[ ,])%s([=, ]|$)' % re.escape(n), t) for n in names)), None)
        if tag is None:
            problem('%s: option %s is missing' % (where, ', '.join(names)))
            continue
        if argument and '=' + argument not in tag:
            problem('%s: option %s should take %s' % (where, names[-1], argument))
        if words(description) not in body:
            problem('%s: option %s is not described as --help says: "%s"'
                    % (where, names[-1], description))


def check_cli(binary, page):
    sections, tags, parent = read_page(page)
    name = os.path.basename(binary)
    main = run_help(binary, ['--help'])
    commands = [re.match(r'^ +(\S+) +(.*)$', l).groups() for l in help_blocks(main, 'Commands:')]
    if not commands:
        problem(name + ' --help lists no commands')
    every = words(' '.join(l for s in sections.values() for l in s))

    def check_command(path, summary):
        where = ' '.join([name] + path)
        text = run_help(binary, path + ['--help'])
        if where not in sections:
            problem('%s: no section for it' % where)
            return
        body = words(' '.join(sections[where]))
        if summary is not None and words(summary) not in every:
            problem('%s: its summary "%s" is missing' % (where, summary))
        usage = help_blocks(text, 'Usage:')
        for line in usage:
            if words(line) not in body:
                problem('%s: the usage line "%s" is missing' % (where, line.strip()))
        check_options(where, text, sections[where], tags[where])
        for line in help_blocks(text, 'Subcommands:'):
            sub, sub_summary = re.match(r'^ +(\S+) +(.*)$', line).groups()
            if not any(t.strip() == sub for t in tags[where]) or words(sub_summary) not in body:
                problem('%s: subcommand %s is not listed with its summary' % (where, sub))
            check_command(path + [sub], None)

    for command, summary in commands:
        check_command([command], summary)


def check_gui(binary, page, shortcuts):
    sections, tags, parent = read_page(page)
    text = run_help(binary, ['--help-all'])
    if 'OPTIONS' not in sections:
        problem('no OPTIONS section')
    else:
        check_options(os.path.basename(binary), text, sections['OPTIONS'], tags['OPTIONS'])

    groups = [h for h in sections if parent[h] == 'KEYS' and h != 'KEYS']
    keys = words(' '.join(l for h in groups for l in sections[h]))
    for obj in ET.parse(shortcuts).iter('object'):
        title = next((p.text for p in obj.findall('property') if p.get('name') == 'title'), None)
        if obj.get('class') == 'GtkShortcutsGroup' and title not in groups:
            problem('KEYS: no group "%s" (%s)' % (title, shortcuts))
        elif obj.get('class') == 'GtkShortcutsShortcut' and words(title or '') not in keys:
            problem('KEYS: the shortcut "%s" is missing (%s)' % (title, shortcuts))


def check_render(page):
    groff = shutil.which('groff')
    if groff is None:
        return
    result = subprocess.run([groff, '-man', '-Tutf8', '-ww', '-z', page],
                            capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL='C.UTF-8'))
    if result.returncode != 0 or result.stderr.strip():
        problem('groff: ' + (result.stderr.strip() or 'exit status %d' % result.returncode))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == 'cli':
        check_cli(sys.argv[2], sys.argv[3])
        page = sys.argv[3]
    elif len(sys.argv) >= 5 and sys.argv[1] == 'gui':
        check_gui(sys.argv[2], sys.argv[3], sys.argv[4])
        page = sys.argv[3]
    else:
        sys.exit('usage: check-man.py cli BINARY PAGE | gui BINARY PAGE SHORTCUTS.ui')
    check_render(page)
    for p in problems:
        print('%s: %s' % (page, p))
    if problems:
        sys.exit(1)
    print('%s: complete' % page)


if __name__ == '__main__':
    main()
