// Every calculators/examples/*.json case run in real Pyodide under Node, offline: the
// runtime from node_modules/pyodide (the package the site embeds), the calculators package
// from the work tree, each case through calculators.web.handle exactly as the page's worker
// calls it. Prints one JSON object on stdout; tests/test_examples_pyodide.py checks it.
//
//   node tests/pyodide_examples.mjs [--site DIR --path snapshot|fallback] [NAME ...]
//
// With --site, the stdlib (and, for the snapshot path, the memory snapshot) are the ones
// the built site ships, read back from its part files as the page's worker reads them.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { loadPyodide } from "pyodide";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME = join(ROOT, "node_modules", "pyodide");

// Offline: any fetch at all is recorded and refused.
const fetches = [];
globalThis.fetch = async (url) => {
  fetches.push(String(url));
  throw new Error(`offline: refused fetch of ${url}`);
};

let argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return null;
  const value = argv[i + 1];
  argv = argv.slice(0, i).concat(argv.slice(i + 2));
  return value;
};
const siteDir = option("--site");
const path = option("--path") || "stock";

/* An asset of the built site, reassembled from its part files (the embed format of
   handbook/pyodide_assets.py: line 1 the head, line 2 a JSON string). */
function siteAsset(name) {
  const boot = readFileSync(join(siteDir, "assets/pyodide/boot.js"), "utf8");
  const manifest = JSON.parse(boot.split("self.__calcBoot = ")[1].split(";\n")[0]);
  const parts = manifest.parts.filter((p) => p.asset === name).map((p) => {
    const [first, literal] = readFileSync(join(siteDir, manifest.dir, p.file), "utf8").split("\n");
    return { head: JSON.parse(first.slice("__pyodideEmbed(".length, -1)), data: JSON.parse(literal) };
  }).sort((a, b) => a.head.part - b.head.part);
  return { manifest, bytes: Buffer.concat(parts.map((p) => Buffer.from(p.data, "base64"))) };
}

const lock = JSON.parse(readFileSync(join(RUNTIME, "pyodide-lock.json"), "utf8"));
const options = {
  indexURL: RUNTIME + "/",
  lockFileContents: { info: lock.info, packages: {} },   // as the site ships it
  stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n"),
};
let afterRestore = null;
// the shipped snapshot leaves its pages of zeros out (handbook/pyodide_fast.py sparse()):
// "HBSP", length, page size, page count (u32 LE), a bitmap of the pages present, the pages
function unsparse(blob) {
  if (blob.toString("latin1", 0, 4) !== "HBSP") throw new Error("snapshot is not sparse");
  const [total, page, pages] = [4, 8, 12].map((i) => blob.readUInt32LE(i));
  const out = Buffer.alloc(total);
  let pos = 16 + Math.ceil(pages / 8);
  for (let i = 0; i < pages; i++) {
    if (blob[16 + (i >> 3)] & (1 << (i & 7))) {
      const n = Math.min(page, total - i * page);
      blob.copy(out, i * page, pos, pos + n);
      pos += n;
    }
  }
  if (pos !== blob.length) throw new Error("sparse snapshot has trailing bytes");
  return out;
}
if (siteDir) {
  const { tmpdir } = await import("node:os");
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const stdlib = join(mkdtempSync(join(tmpdir(), "stdlib-")), "python_stdlib.zip");
  writeFileSync(stdlib, siteAsset("stdlib").bytes);
  options.stdLibURL = stdlib;
  if (path === "snapshot") {
    const { manifest, bytes } = siteAsset("snapshot");
    const raw = unsparse(gunzipSync(bytes));
    const x = manifest.snapshot.xor;
    const wasm = readFileSync(join(RUNTIME, "pyodide.asm.wasm"));
    for (let i = 0; i < x.length; i++) raw[x.snapshot_offset + i] ^= wasm[x.wasm_offset + i];
    options._loadSnapshot = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
    afterRestore = manifest.snapshot.after_restore;
  }
}
const started = Date.now();
const pyodide = await loadPyodide(options);
const loadMs = Date.now() - started;
// a restored runtime has the calculators in memory before any file of them is written
const preloaded = pyodide.runPython("import sys; 'calculators.web' in sys.modules");
// random as the snapshot froze it (the next value, read from a copy of the state), then
// after the manifest's after_restore code, as the page's worker runs it
let random = null;
if (afterRestore !== null) {
  random = JSON.parse(pyodide.runPython(
    "import json, random\n_r = random.Random()\n_r.setstate(random.getstate())\n_frozen = _r.random()\n" +
    afterRestore + "json.dumps([_frozen, random.random()])"));
}

const home = "/home/pyodide/handbook";
pyodide.FS.mkdirTree(home + "/calculators");
const pkg = join(ROOT, "calculators");
for (const file of readdirSync(pkg).filter((f) => f.endsWith(".py") || f.endsWith(".toml"))) {
  pyodide.FS.writeFile(`${home}/calculators/${file}`, readFileSync(join(pkg, file), "utf8"));
}
pyodide.runPython(`import sys\nif ${JSON.stringify(home)} not in sys.path: sys.path.insert(0, ${JSON.stringify(home)})\nimport calculators.web`);
const handle = pyodide.pyimport("calculators.web").handle;

const wanted = argv;
const dir = join(pkg, "examples");
const results = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const name = file.replace(/\.json$/, "");
  if (wanted.length && !wanted.includes(name)) continue;
  const cases = JSON.parse(readFileSync(join(dir, file), "utf8"));
  cases.forEach((c, index) => {
    const text = handle(name, JSON.stringify(c.input));
    results.push({ name, index, title: c.title, response: JSON.parse(text) });
  });
}
handle.destroy();

process.stdout.write(JSON.stringify({
  pyodide: pyodide.version,
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  load_ms: loadMs,
  path,
  preloaded,
  random,
  fetches,
  results,
}));
