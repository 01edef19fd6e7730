import { describe, expect, it } from "vitest";
import { IniDocument } from "../../native-host/src/aws/files/ini-document";

const KEYS = [
  ["aws_access_key_id", "ASIANEW"],
  ["aws_secret_access_key", "secret/new+"],
] as const;

function edit(text: string, name: string, entries: ReadonlyArray<readonly [string, string]> = KEYS): string {
  const doc = IniDocument.parse(text);
  doc.set(name, entries);
  return doc.toString();
}

describe("IniDocument keeps every byte it does not own", () => {
  it("round-trips tricky files unchanged", () => {
    const files = [
      "",
      "\n",
      "[a]\nk=v",
      "\uFEFF# bom\r\n[default]\r\nregion=eu-west-1\r\n",
      "  ; indented comment\n[ spaced name ]  # trailing\nk = v = w\n\n\n",
      "[s3cfg]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nother = 1",
      "no header line\n[x]\r\nmixed=1\nendings=2\r\n",
    ];
    for (const f of files) expect(IniDocument.parse(f).toString()).toBe(f);
  });

  it("rewrites a profile in place, keeping neighbours, comments and order", () => {
    const before =
      "# top\n[dev]\naws_access_key_id = OLDDEV\n\n[saml]\n# mine\naws_secret_access_key=old\nregion = x\naws_access_key_id = OLD\n\n[zeta]\nk = v\n";
    const after = edit(before, "saml");
    expect(after).toBe(
      "# top\n[dev]\naws_access_key_id = OLDDEV\n\n[saml]\n# mine\naws_secret_access_key = secret/new+\nregion = x\naws_access_key_id = ASIANEW\n\n[zeta]\nk = v\n",
    );
  });

  it("adds missing keys after the section's last key, not after trailing comments", () => {
    const before = "[saml]\naws_access_key_id = OLD\n\n# about next\n[next]\nk = v\n";
    expect(edit(before, "saml")).toBe(
      "[saml]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+\n\n# about next\n[next]\nk = v\n",
    );
  });

  it("appends a new section with the file's line endings and a blank line", () => {
    expect(edit("[a]\r\nk = v\r\n", "saml")).toBe(
      "[a]\r\nk = v\r\n\r\n[saml]\r\naws_access_key_id = ASIANEW\r\naws_secret_access_key = secret/new+\r\n",
    );
    expect(edit("", "saml")).toBe(
      "[saml]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+\n",
    );
    expect(edit("[a]\nk = v\n\n", "saml")).toBe(
      "[a]\nk = v\n\n[saml]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+\n",
    );
  });

  it("keeps a missing final newline missing", () => {
    expect(edit("[a]\nk = v", "saml")).toBe(
      "[a]\nk = v\n\n[saml]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+",
    );
    expect(edit("[saml]\naws_access_key_id = OLD", "saml")).toBe(
      "[saml]\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+",
    );
  });

  it("keeps the BOM and CRLF when editing in place", () => {
    const before = "\uFEFF[saml]\r\naws_access_key_id=OLD\r\n# c\r\n";
    expect(edit(before, "saml")).toBe(
      "\uFEFF[saml]\r\naws_access_key_id = ASIANEW\r\naws_secret_access_key = secret/new+\r\n# c\r\n",
    );
  });

  it("matches headers and keys the way botocore does", () => {
    const before = "[profile   saml]  ; note\nAWS_ACCESS_KEY_ID = OLD\n";
    expect(edit(before, "profile saml")).toBe(
      "[profile   saml]  ; note\naws_access_key_id = ASIANEW\naws_secret_access_key = secret/new+\n",
    );
  });

  it("updates every copy of a duplicated section", () => {
    const before = "[saml]\naws_access_key_id = A\n[other]\n[saml]\naws_access_key_id = B\n";
    expect(edit(before, "saml", [["aws_access_key_id", "N"]])).toBe(
      "[saml]\naws_access_key_id = N\n[other]\n[saml]\naws_access_key_id = N\n",
    );
  });

  it("replaces a nested value together with its continuation lines", () => {
    const before = "[saml]\naws_access_key_id =\n  weird = 1\n  nested = 2\nregion = r\n";
    expect(edit(before, "saml", [["aws_access_key_id", "N"]])).toBe(
      "[saml]\naws_access_key_id = N\nregion = r\n",
    );
  });

  it("does not touch look-alike sections or commented keys", () => {
    const before = "[saml-dev]\naws_access_key_id = X\n[saml]\n#aws_access_key_id = commented\n";
    expect(edit(before, "saml", [["aws_access_key_id", "N"]])).toBe(
      "[saml-dev]\naws_access_key_id = X\n[saml]\naws_access_key_id = N\n#aws_access_key_id = commented\n",
    );
  });

  it("reads sections, merging duplicates with the later value winning", () => {
    const doc = IniDocument.parse("[a]\nk = 1\nX = 2\n[b]\n[a]\nk = 3\n");
    expect(doc.sectionNames()).toEqual(["a", "b"]);
    expect(Object.fromEntries(doc.get("a")!)).toEqual({ k: "3", x: "2" });
    expect(doc.get("missing")).toBeNull();
  });

  it("refuses values that would break the file", () => {
    expect(() => edit("", "saml", [["k", "a\nb"]])).toThrow(RangeError);
    expect(() => edit("", "saml", [["k=", "v"]])).toThrow(RangeError);
  });
});
