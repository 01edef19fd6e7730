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
  options: { configFile: path.join(root, "tsconfig.json"), onlyCompileBundledFiles: true, transpileOnly: true },
};

/** The native host and CLI: one CommonJS file runnable with node, and the input of the SEA build. */
const host: webpack.Configuration = {
  name: "host",
  target: "node20",
  entry: { bastionless: "./native-host/src/main.ts" },
  output: {
    path: path.join(root, "dist/host"),
    filename: "[name].cjs",
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: { extensions: [".ts", ".js"] },
  module: { rules: [tsRule] },
  // ws loads these optional native accelerators inside try/catch; the bundle runs without them.
  externals: { bufferutil: "commonjs bufferutil", "utf-8-validate": "commonjs utf-8-validate" },
  // Dynamic imports keep start-up lazy, but a SEA can only load builtins at run time, so every
  // chunk is folded back into the one file (docs/testing/toolchain.md §2).
  plugins: [
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
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
    },
    output: { path: path.join(root, "dist/extension", browser), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [tsRule] },
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
