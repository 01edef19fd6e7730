/**
 * Node fs errors → FileError (exit 5) with what happened and what to do. Every write path ends
 * here, after the original file has been left as it was.
 */
import { FileError } from "../../errors";

export interface FileLabel {
  /** "AWS credentials file", "AWS config file". */
  what: string;
  /** The setting that moves it, named in hints. */
  envVar: string;
}

export function fileError(err: unknown, file: string, label: FileLabel): FileError {
  if (err instanceof FileError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? "";
  const moveHint = `or point ${label.envVar} at a writable file.`;
  switch (code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return new FileError(
        "FILE_READ_ONLY",
        `Cannot write the ${label.what} ${file}: it or its folder is read-only (${code}). It was left unchanged.`,
        {
          hint: `Make the file and its folder writable for you (chmod u+w), ${moveHint}`,
          cause: err,
        },
      );
    case "ENOSPC":
    case "EDQUOT":
    case "EFBIG":
      return new FileError(
        "FILE_DISK_FULL",
        `No space left to write the ${label.what} ${file} (${code}). It was left unchanged.`,
        {
          hint: `Free some space on that disk, ${moveHint}`,
          cause: err,
        },
      );
    case "EISDIR":
    case "ENOTDIR":
    case "ELOOP":
      return new FileError(
        "FILE_BAD_PATH",
        `The ${label.what} path ${file} is not a usable file (${code}).`,
        {
          hint: `Remove what is in the way, ${moveHint}`,
          cause: err,
        },
      );
    default:
      return new FileError(
        "FILE_WRITE_FAILED",
        `Could not write the ${label.what} ${file} (${code || (err as Error)?.message}). It was left unchanged.`,
        {
          hint: `Check the disk and permissions, ${moveHint}`,
          cause: err,
        },
      );
  }
}
