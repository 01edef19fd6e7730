import fs from "node:fs";
import path from "node:path";
import CopyPlugin from "copy-webpack-plugin";
import { EsbuildPlugin } from "esbuild-loader";
import webpack from "webpack";
import pkg from "./package.json";

const root = __dirname;
const tsRule = {
  test: /\.ts$/,
  loader: "ts-loader",
  exclude: /node_modules/,
  // Types are checked once for the whole tree by `tsc --noEmit` (npm run build, npm test);
  // checking again in each of the three bundles only tripled the build time.
  options: { configFile: path.join(root, "tsconfig.json"), transpileOnly: true },
};

/**
 * The native host and CLI: a CommonJS entry runnable with node, plus the lazy chunks it requires
 * from dist/host/chunks; the input of the SEA build too, which carries the chunks as assets.
 */
const host: webpack.Configuration = {
  name: "host",
  target: "node20",
  entry: { bastionless: "./native-host/src/main.ts" },
  output: {
    path: path.join(root, "dist/host"),
    filename: "[name].cjs",
    // Content-hashed, so an entry can only ever load the chunks of its own build.
    chunkFilename: "chunks/[id].[contenthash:8].cjs",
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: { extensions: [".ts", ".js"] },
  module: { rules: [tsRule] },
  // ws loads these optional native accelerators inside try/catch; the bundle runs without them.
  externals: { bufferutil: "commonjs bufferutil", "utf-8-validate": "commonjs utf-8-validate" },
  plugins: [
    // Dynamic imports become chunks, so `hello` and `--version` compile only the 33 KB entry
    // instead of 1.2 MB (test/bench/host-startup.ts). A handful of chunks, not webpack's ~30:
    // each is a file to install or an asset to carry, and a command needs several anyway.
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 8 }),
    // The entry runs inside chunk-loader.cjs, whose `require` finds the chunks in a SEA too.
    new webpack.BannerPlugin({
      banner: `${fs.readFileSync(path.join(root, "native-host/src/chunk-loader.cjs"), "utf8")}\n(function (require) {`,
      raw: true,
      entryOnly: true,
    }),
    new webpack.BannerPlugin({
      banner: "})(module.exports.chunkRequire(require, __dirname));",
      raw: true,
      entryOnly: true,
      footer: true,
    }),
    new webpack.DefinePlugin({ __BASTIONLESS_VERSION__: JSON.stringify(pkg.version) }),
  ],
  // Minified with esbuild (fast): a 3.8 MB bundle spends ~80 ms of every start compiling itself;
  // names are kept so error classes still say who they are in logs.
  optimization: { minimize: true, minimizer: [new EsbuildPlugin({ target: "node20", keepNames: true })] },
  devtool: false,
  performance: { hints: false },
  stats: "errors-warnings",
};

/** The WebExtension for one browser family: the same sources, that family's manifest. */
function extension(browser: "chrome" | "firefox"): webpack.Configuration {
  return {
    name: `extension-${browser}`,
    target: "web",
    entry: {
      background: "./extension/src/background/index.ts",
      popup: "./extension/src/popup/index.ts",
      options: "./extension/src/options/index.ts",
      rdp: "./extension/src/rdp-tab/index.ts",
      "signin-page": "./extension/src/signin-page/account-names.ts",
    },
    output: {
      path: path.join(root, "dist/extension", browser),
      filename: "[name].js",
      clean: true,
      // Every browser we support has globalThis: without this, webpack's `global` shim falls back
      // to `new Function("return this")`, which the extension CSP forbids and AMO's lint flags.
      environment: { globalThis: true },
    },
    resolve: { extensions: [".ts", ".js"] },
    // `new URL("x.wasm", import.meta.url)` in ironrdp-wasm's glue would make webpack emit a second
    // copy of the 4 MB wasm; the page passes the copied file's URL to init() instead.
    module: { rules: [tsRule], parser: { javascript: { url: false } } },
    plugins: [
      new webpack.DefinePlugin({
        __BASTIONLESS_VERSION__: JSON.stringify(pkg.version),
        __BROWSER__: JSON.stringify(browser),
      }),
      new CopyPlugin({
        patterns: [
          {
            from: `manifests/${browser}.json`,
            to: "manifest.json",
            transform: (content: Buffer) => {
              const manifest = JSON.parse(content.toString("utf8"));
              manifest.version = pkg.version;
              return JSON.stringify(manifest, null, 2);
            },
          },
          { from: "extension/static", to: "." },
          // IronRDP's wasm, loaded by rdp-tab/rdp-session.ts with its own URL (not webpack's).
          { from: "node_modules/ironrdp-wasm/pkg/rdp_client_bg.wasm", to: "." },
        ],
      }),
    ],
    optimization: { minimize: false },
    devtool: false,
    performance: { hints: false },
    stats: "errors-warnings",
  };
}

export default [host, extension("chrome"), extension("firefox")];
