#!/usr/bin/env python3
# check-packages.py — the README's two set-up commands and .ci/run install the
# same packages: the test command exactly .ci/run's list, the run command a
# part of it.
#
#   check-packages.py README.md .ci/run

import re
import sys


def apt_packages(command):
    m = re.search(r'apt-get install -y ([^&]+)&&', command)
    return m.group(1).split() if m else None


def main():
    readme_path, ci_path = sys.argv[1:3]
    readme = open(readme_path, encoding='utf-8').read()
    ci = open(ci_path, encoding='utf-8').read()
    problems = []

    sections = {}
    for title in ('Set up and run (fresh Debian 12)', 'Set up and test (fresh Debian 12)'):
        m = re.search(r'^## %s\n(.*?)^```sh\n(.*?)\n```' % re.escape(title), readme, re.M | re.S)
        if not m:
            problems.append('%s: no section "%s" with a sh command' % (readme_path, title))
            continue
        sections[title] = m.group(2)

    m = re.search(r'^packages=\(\n(.*?)^\)', ci, re.M | re.S)
    ci_packages = m.group(1).split() if m else None
    if not ci_packages:
        problems.append('%s: no packages=( … ) list' % ci_path)

    run = sections.get('Set up and run (fresh Debian 12)')
    test = sections.get('Set up and test (fresh Debian 12)')
    if test is not None and ci_packages:
        packages = apt_packages(test)
        if packages is None or not test.rstrip().endswith('.ci/run'):
            problems.append('%s: the test command should install packages and run .ci/run' % readme_path)
        else:
            missing = [p for p in ci_packages if p not in packages]
            extra = [p for p in packages if p not in ci_packages]
            if missing:
                problems.append('%s: the test command does not install %s, which .ci/run does'
                                % (readme_path, ' '.join(missing)))
            if extra:
                problems.append('%s: the test command installs %s, which .ci/run does not'
                                % (readme_path, ' '.join(extra)))
    if run is not None and ci_packages:
        packages = apt_packages(run)
        if packages is None:
            problems.append('%s: the run command installs no packages' % readme_path)
        else:
            extra = [p for p in packages if p not in ci_packages]
            if extra:
                problems.append('%s: the run command installs %s, which .ci/run does not'
                                % (readme_path, ' '.join(extra)))

    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print('the README and .ci/run install the same packages')


if __name__ == '__main__':
    main()
