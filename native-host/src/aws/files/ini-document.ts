/**
 * Edits the AWS shared credentials and config files (INI) in place, keeping every byte we do not
 * own: comments, blank lines, order, odd spacing, CRLF or LF, a missing final newline and a BOM
 * (design §5). Only the keys we set change; a section we add goes at the end. Pure: text in,
 * text out.
 *
 * Reading follows botocore's raw config parser, which the AWS CLI uses ("Configuration and
 * credential file settings"): `[section]` headers, `key = value`, `#`/`;` comment lines,
 * indented lines continuing the previous key (nested settings like `s3 =`), key names
 * case-insensitive.
 */

interface Line {
  text: string;
  /** The line's own ending: "\n", "\r\n", or "" for a last line without one. */
  eol: string;
}

interface Section {
  name: string;
  header: number;
  /** Index after the section's last line (the next header, or the end). */
  end: number;
}

const BOM = "\uFEFF";
const HEADER = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const KEY = /^([^\s=#;[][^=]*?)\s*=(.*)$/;

export class IniDocument {
  private constructor(
    private readonly bom: string,
    private readonly lines: Line[],
    private readonly eol: string,
  ) {}

  static parse(text: string): IniDocument {
    const bom = text.startsWith(BOM) ? BOM : "";
    const body = text.slice(bom.length);
    const lines: Line[] = [];
    const re = /([^\n]*?)(\r\n|\n|$)/g;
    for (let m = re.exec(body); m && m.index < body.length; m = re.exec(body)) {
      lines.push({ text: m[1]!, eol: m[2]! });
      if (!m[2]) break;
    }
    const eol = lines.find((l) => l.eol)?.eol ?? "\n";
    return new IniDocument(bom, lines, eol);
  }

  toString(): string {
    return this.bom + this.lines.map((l) => l.text + l.eol).join("");
  }

  private sections(): Section[] {
    const out: Section[] = [];
    this.lines.forEach((l, i) => {
      const m = HEADER.exec(l.text);
      if (!m) return;
      if (out.length) out[out.length - 1]!.end = i;
      out.push({ name: normalizeName(m[1]!), header: i, end: this.lines.length });
    });
    return out;
  }

  sectionNames(): string[] {
    return [...new Set(this.sections().map((s) => s.name))];
  }

  /** Keys (lower-cased) and values of a section; duplicates merge, later wins. Null if absent. */
  get(name: string): Map<string, string> | null {
    const wanted = normalizeName(name);
    const found = this.sections().filter((s) => s.name === wanted);
    if (!found.length) return null;
    const out = new Map<string, string>();
    for (const s of found) {
      for (let i = s.header + 1; i < s.end; i++) {
        const m = KEY.exec(this.lines[i]!.text);
        if (m) out.set(m[1]!.trim().toLowerCase(), m[2]!.trim());
      }
    }
    return out;
  }

  /** The section's lines as they stand (every copy, header included), for a backup; null if absent. */
  sectionText(name: string): string | null {
    const wanted = normalizeName(name);
    const found = this.sections().filter((s) => s.name === wanted);
    if (!found.length) return null;
    return found
      .map((s) =>
        this.lines
          .slice(s.header, s.end)
          .map((l) => `${l.text}\n`)
          .join(""),
      )
      .join("");
  }

  /** Removes keys (and their continuation lines) from every copy of a section. */
  removeKeys(name: string, keys: readonly string[]): void {
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    for (const s of this.sections()
      .filter((x) => x.name === normalizeName(name))
      .reverse()) {
      let end = s.end;
      for (let i = end - 1; i > s.header; i--) {
        const m = KEY.exec(this.lines[i]!.text);
        if (!m || !wanted.has(m[1]!.trim().toLowerCase())) continue;
        let n = 1;
        while (i + n < end && isContinuation(this.lines[i + n]!.text)) n++;
        end -= n;
        const lastEol = this.lines[i + n - 1]!.eol;
        this.lines.splice(i, n);
        // A removed last line takes the file's missing final newline with it.
        if (lastEol === "" && i > 0) this.lines[i - 1]!.eol = "";
      }
    }
  }

  /**
   * Sets keys in a section: each existing key line is rewritten where it stands (in every copy
   * of the section, so any reader sees the new value), missing keys go after the section's last
   * key, and a missing section is appended.
   */
  set(name: string, entries: ReadonlyArray<readonly [string, string]>): void {
    for (const [k, v] of entries) {
      if (!/^[A-Za-z0-9_.-]+$/.test(k) || /[\r\n]/.test(v))
        throw new RangeError(`not a writable INI entry: ${k}`);
    }
    const wanted = normalizeName(name);
    const found = this.sections().filter((s) => s.name === wanted);
    if (!found.length) {
      this.appendSection(name, entries);
      return;
    }
    const missing = new Map(entries.map(([k, v]) => [k.toLowerCase(), [k, v] as const]));
    // Walk copies from the last so indexes of earlier ones stay valid while lines are removed.
    for (const s of [...found].reverse()) {
      for (let i = s.end - 1; i > s.header; i--) {
        const m = KEY.exec(this.lines[i]!.text);
        const entry = m && entries.find(([k]) => k.toLowerCase() === m[1]!.trim().toLowerCase());
        if (!entry) continue;
        this.dropContinuations(i);
        this.lines[i]!.text = `${entry[0]} = ${entry[1]}`;
        missing.delete(entry[0].toLowerCase());
      }
    }
    if (missing.size)
      this.insertAfter(
        this.lastContentLine(this.sections().find((s) => s.name === wanted)!),
        [...missing.values()].map(([k, v]) => `${k} = ${v}`),
      );
  }

  private dropContinuations(keyLine: number): void {
    let n = 0;
    while (keyLine + 1 + n < this.lines.length && isContinuation(this.lines[keyLine + 1 + n]!.text)) n++;
    if (!n) return;
    const lastEol = this.lines[keyLine + n]!.eol;
    this.lines.splice(keyLine + 1, n);
    this.lines[keyLine]!.eol = lastEol;
  }

  private lastContentLine(s: Section): number {
    for (let i = s.end - 1; i > s.header; i--) {
      const t = this.lines[i]!.text;
      if (KEY.test(t) || isContinuation(t)) return i;
    }
    return s.header;
  }

  private insertAfter(index: number, texts: string[]): void {
    const at = this.lines[index]!;
    const endsFile = at.eol === "";
    if (endsFile) at.eol = this.eol;
    const added = texts.map((text) => ({ text, eol: this.eol }));
    if (endsFile) added[added.length - 1]!.eol = "";
    this.lines.splice(index + 1, 0, ...added);
  }

  private appendSection(name: string, entries: ReadonlyArray<readonly [string, string]>): void {
    const texts = [`[${name}]`, ...entries.map(([k, v]) => `${k} = ${v}`)];
    if (!this.lines.length) {
      this.lines.push(...texts.map((text) => ({ text, eol: this.eol })));
      return;
    }
    const last = this.lines.length - 1;
    if (this.lines[last]!.text.trim() !== "") texts.unshift("");
    this.insertAfter(last, texts);
  }
}

/** botocore strips the header and folds runs of spaces (`[profile   x]` is profile x). */
function normalizeName(raw: string): string {
  return raw.trim().replace(/\s+/g, " ");
}

function isContinuation(text: string): boolean {
  return /^[ \t]+\S/.test(text) && !/^\s*[#;]/.test(text);
}
