#!/usr/bin/env python3
"""Lists the functions in src/ longer than a limit (default 120 lines).

A function is a brace block opened at namespace or class level by a line that looks
like a definition (it has a parameter list and is not a type, namespace or initialiser).
Lines are counted from the line holding the name through the closing brace. Comments,
strings and character literals are blanked first, so braces in them do not count.

  scripts/long_functions.py            # offenders over 120 lines; exit 1 if any
  scripts/long_functions.py --limit 0  # every function, longest first
"""
import argparse
import pathlib
import re
import sys

SCOPE_OPENERS = re.compile(r'\b(namespace|class|struct|union|enum)\b[^;()]*$|^\s*extern\s+"C"')


def blank_comments_and_strings(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(')' + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif c in '"\'':
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(c)  # digit separator: 1'000'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (min(j, n) - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def functions(path):
    text = blank_comments_and_strings(path.read_text(encoding='utf-8', errors='replace'))
    lines = text.split('\n')
    stack = []  # per open brace: ('scope'|'function'|'other', start line, name)
    header = ''  # text since the last ; { or } at scope level
    header_line = 0
    for lineno, line in enumerate(lines, 1):
        for ch in line:
            in_function = any(kind == 'function' for kind, _, _ in stack)
            if ch == '{':
                if in_function:
                    stack.append(('other', lineno, ''))
                else:
                    h = header.strip()
                    m = re.search(r'([~\w:]+(?:operator\s*\S+)?)\s*\([^{]*\)[^(){]*$', h, re.S)
                    if SCOPE_OPENERS.search(h) or not m or h.endswith('=') or re.search(r'=\s*$', h):
                        stack.append(('scope', lineno, ''))
                    else:
                        stack.append(('function', header_line or lineno, m.group(1)))
                header, header_line = '', 0
            elif ch == '}':
                if stack:
                    kind, start, name = stack.pop()
                    if kind == 'function':
                        yield name, start, lineno - start + 1
                header, header_line = '', 0
            elif ch == ';' and not in_function:
                header, header_line = '', 0
            elif not in_function:
                if not ch.isspace() and not header_line:
                    header_line = lineno
                header += ch
        if not any(kind == 'function' for kind, _, _ in stack):
            header += '\n'
            if header.lstrip().startswith('#'):
                header, header_line = '', 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--limit', type=int, default=120)
    parser.add_argument('--root', default='src')
    args = parser.parse_args()
    found = []
    for path in sorted(pathlib.Path(args.root).rglob('*')):
        if path.suffix in ('.cc', '.h'):
            for name, start, length in functions(path):
                if length > args.limit:
                    found.append((length, f'{path}:{start}', name))
    for length, where, name in sorted(found, reverse=True):
        print(f'{length:5d}  {where}  {name}')
    return 1 if found and args.limit >= 120 else 0


if __name__ == '__main__':
    sys.exit(main())
