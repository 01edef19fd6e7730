// WHATWG URL is a global in both runtimes (browsers; Node since v10), but only the DOM and Node
// type libraries declare it, and the contract may use neither: it declares the part it reads.
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly username: string;
  readonly password: string;
  readonly hash: string;
  readonly origin: string;
  search: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}
declare class URLSearchParams {
  constructor(init?: Record<string, string> | string);
  get(name: string): string | null;
  keys(): IterableIterator<string>;
  toString(): string;
}
