/**
 * Runs under Windows Node (node.exe, under Wine): starts a native-messaging host the way a browser
 * does on Windows, sends frames, collects the replies, and writes what happened to a JSON file.
 *
 *   node.exe browser-launch.cjs chrome  HOST ORIGIN       REQUESTS.json RESULT.json
 *   node.exe browser-launch.cjs firefox HOST MANIFEST,ID  REQUESTS.json RESULT.json
 *
 * chrome: as Chromium's native_process_launcher_win.cc does, two named pipes
 * \\.\pipe\chrome.nativeMessaging.{in,out}.<random 64-bit hex> and the host started through
 *   %ComSpec% /d /s /c ""HOST" ORIGIN --parent-window=0" < IN > OUT
 * so cmd.exe's redirection opens the pipes as the host's stdin and stdout.
 * firefox: the host started directly with pipes as stdin/stdout and argv [MANIFEST, ID]
 * (MDN, "Native manifests" / "Native messaging": the manifest path, then the add-on id).
 * The input is closed once every request has its reply (the browser's port disconnect). The
 * result is written once the host has exited AND its stdout has reached end of file: a process the
 * host started that inherited the pipe would hold it open, and the browser would never see the
 * host go (so a leak shows as a launch that never finishes).
 */
const { spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");

const [mode, host, caller, requestsFile, resultFile] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(requestsFile, "utf8"));
const replies = [];
let pending = Buffer.alloc(0);
let input = null;
const done = { commandLine: "", exitCode: undefined, outputEnded: false };

function frame(value) {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

function onOutput(chunk) {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32LE(0)) {
    const n = pending.readUInt32LE(0);
    replies.push(JSON.parse(pending.subarray(4, 4 + n).toString("utf8")));
    pending = pending.subarray(4 + n);
  }
  if (input && requests.every((q) => replies.some((r) => r.id === q.id))) input.end();
}

function outputEnded() {
  done.outputEnded = true;
  finishWhenDone();
}

function sendAll(stream) {
  input = stream;
  stream.on("error", () => {}); // a refused host exits without reading: EPIPE is expected
  for (const r of requests) stream.write(frame(r));
}

function exited(commandLine, code) {
  done.commandLine = commandLine;
  done.exitCode = code;
  finishWhenDone();
}

function finishWhenDone() {
  if (done.exitCode === undefined || !done.outputEnded) return;
  fs.writeFileSync(
    resultFile,
    JSON.stringify({ commandLine: done.commandLine, exitCode: done.exitCode, replies }),
  );
  process.exit(0);
}

function listen(server, name) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(name, resolve);
  });
}

async function launchLikeChrome() {
  const token = crypto.randomBytes(8).readBigUInt64LE().toString(16);
  const inName = `\\\\.\\pipe\\chrome.nativeMessaging.in.${token}`;
  const outName = `\\\\.\\pipe\\chrome.nativeMessaging.out.${token}`;
  const inServer = net.createServer(sendAll);
  const outServer = net.createServer((s) => {
    s.on("data", onOutput);
    s.on("end", outputEnded);
    s.on("error", () => {});
  });
  await listen(inServer, inName);
  await listen(outServer, outName);
  const comspec = process.env.ComSpec || "C:\\windows\\system32\\cmd.exe";
  const args = ["/d", "/s", "/c", `""${host}" ${caller} --parent-window=0" < ${inName} > ${outName}`];
  const child = spawn(comspec, args, { windowsVerbatimArguments: true, stdio: "ignore", windowsHide: true });
  child.on("exit", (code) => exited([comspec, ...args].join(" "), code));
}

function launchLikeFirefox() {
  const args = caller.split(",");
  const child = spawn(host, args, { stdio: ["pipe", "pipe", "ignore"], windowsHide: true });
  child.stdout.on("data", onOutput);
  child.stdout.on("end", outputEnded);
  sendAll(child.stdin);
  child.on("exit", (code) => exited([host, ...args].join(" "), code));
}

if (mode === "chrome") launchLikeChrome();
else if (mode === "firefox") launchLikeFirefox();
else throw new Error(`unknown mode ${mode}`);
