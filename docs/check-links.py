#!/usr/bin/env python3
# check-links.py — every relative link in the project's Markdown files leads
# somewhere: the file exists and, for "#anchor", a heading of that file
# gives that anchor (as GitHub makes anchors from headings).
#
#   check-links.py SOURCE_ROOT
import os, re, sys, unicodedata
root = sys.argv[1]
files = [os.path.join(dp, f) for dp, dn, fn in os.walk(root)
         if not any(p.startswith(('.', 'build', '_build')) for p in os.path.relpath(dp, root).split(os.sep) if p != '.')
         for f in fn if f.endswith('.md')]
def slug(h):
    h = h.strip().lower()
    h = re.sub(r'<[^>]+>', '', h)
    out = []
    for ch in h:
        cat = unicodedata.category(ch)
        if ch in ' -': out.append('-' if ch == ' ' else ch)
        elif ch == '_' or cat[0] in 'LN' or cat in ('Mn', 'Mc'): out.append(ch)
    return ''.join(out)
anchors = {}
def get_anchors(path):
    if path in anchors: return anchors[path]
    seen = {}; res = set(); fence = False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'): fence = not fence; continue
        if fence: continue
        m = re.match(r'^(#{1,6})\s+(.*?)\s*#*\s*$', line)
        if m:
            s = slug(m.group(2)); n = seen.get(s, 0); seen[s] = n + 1
            res.add(s if n == 0 else f'{s}-{n}')
    anchors[path] = res
    return res
bad = 0; total = 0
for f in sorted(files):
    fence = False
    for i, line in enumerate(open(f, encoding='utf-8'), 1):
        if line.startswith('```'): fence = not fence; continue
        if fence: continue
        for m in re.finditer(r'\]\(([^)\s]+)\)', re.sub(r'`[^`]*`', '', line)):
            target = m.group(1)
            if re.match(r'^[a-z]+:', target): continue
            total += 1
            path, _, frag = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
            rel = os.path.relpath(f, root)
            if not os.path.exists(dest):
                print(f'{rel}:{i}: {target}: no such file'); bad += 1; continue
            if frag:
                if not dest.endswith('.md'):
                    print(f'{rel}:{i}: {target}: anchor into a non-Markdown file'); bad += 1
                elif frag not in get_anchors(dest):
                    print(f'{rel}:{i}: {target}: no heading with that anchor'); bad += 1
print(f'{total} relative links checked in {len(files)} files, {bad} broken')
sys.exit(1 if bad else 0)
