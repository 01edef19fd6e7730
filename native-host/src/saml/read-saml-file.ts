/**
 * `--saml-file F|-`: the SAML response from a file or standard input, read with a cap so a wrong
 * path (a disk image, /dev/zero) fails fast. The content is kept in memory only (design §4).
 */
import fs from "node:fs";
import { FileError, InputError } from "../errors";
import { MAX_SAML_INPUT_CHARS } from "./decode-saml";

const HINT =
  "Save the SAMLResponse form value to a file and pass --saml-file FILE, or pipe it in with --saml-file -.";

async function readCapped(stream: NodeJS.ReadableStream, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_SAML_INPUT_CHARS) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new InputError(
        "SAML_TOO_LARGE",
        `${what} is over ${MAX_SAML_INPUT_CHARS} bytes; a SAML response is tens of KB.`,
        { hint: HINT },
      );
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readSamlFile(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (file === "-") return readCapped(stdin, "Standard input");
  try {
    const st = fs.statSync(file);
    if (!st.isFile() && !st.isFIFO())
      throw Object.assign(new Error("not a regular file"), { code: "EISDIR" });
    return await readCapped(fs.createReadStream(file), `The file ${file}`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    // A file problem (README's exit table: 5), not bad input: the content was never read.
    throw new FileError("SAML_FILE_UNREADABLE", `Cannot read the SAML response file ${file} (${code}).`, {
      hint: HINT,
      cause: err,
    });
  }
}
