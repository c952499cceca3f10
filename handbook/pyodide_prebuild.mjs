// Build-time work for the calculators' fast start, under Node with the pinned runtime
// (node_modules/pyodide), offline (every fetch refused). Run by handbook/pyodide_prebuild
// via handbook/pyodide_assets.py; the Python half is handbook/pyodide_prebuild.py.
//
//   node handbook/pyodide_prebuild.mjs '{"runtime": DIR, "package": DIR, "out": DIR}'
//
// 1. trace: a stock start, the calculators package imported and every example run; the
//    stdlib modules then loaded (plus what the sources import anywhere) are compiled to
//    bytecode by this interpreter into OUT/stdlib.zip.
// 2. snapshot: a start on that trimmed stdlib with the private `_makeSnapshot` option, the
//    package imported and exercised again (this also proves the trimmed stdlib suffices),
//    then `makeMemorySnapshot()` into OUT/snapshot.bin.
// 3. verify: a start from that snapshot (`_loadSnapshot`), given the package's data files
//    but not its Python sources (the page writes those after its first answer), the same
//    cases run again: the answers must be identical, or the build fails.
// Prints a JSON report on stdout.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const args = JSON.parse(process.argv[2]);
const { loadPyodide } = await import(join(args.runtime, "pyodide.mjs"));
const HERE = dirname(fileURLToPath(import.meta.url));
const HOME = "/home/pyodide/handbook";
const helper = readFileSync(join(HERE, "pyodide_prebuild.py"), "utf8");

globalThis.fetch = async (url) => { throw new Error(`offline build: refused fetch of ${url}`); };
const lock = JSON.parse(readFileSync(join(args.runtime, "pyodide-lock.json"), "utf8"));
const base = {
  indexURL: args.runtime.replace(/\/?$/, "/"),
  lockFileContents: { info: lock.info, packages: {} },
  stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n"),
};

function packageFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "__pycache__" || name.endsWith(".pyc")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...packageFiles(path));
    else out.push(path);
  }
  return out;
}

function install(py, { sources = true } = {}) {
  for (const path of packageFiles(args.package)) {
    if (!sources && path.endsWith(".py")) continue;
    const rel = relative(dirname(args.package), path).split("\\").join("/");
    py.FS.mkdirTree(dirname(`${HOME}/${rel}`));
    py.FS.writeFile(`${HOME}/${rel}`, readFileSync(path));
  }
}

function helperModule(py) {
  const ns = py.globals.get("dict")();
  py.runPython(helper, { globals: ns });
  return ns;
}

const timings = {};
let t = Date.now();
function step(name) { timings[name] = Date.now() - t; t = Date.now(); }

// A failure inside Python (a calculator that does not import, an example that raises) is
// a PythonError whose message is the Python traceback: that ends the output the build
// shows (pyodide_fast.py shows its tail), not Node's stack through the runtime's minified
// JavaScript.
try {

mkdirSync(args.out, { recursive: true });
// 1. trace and compile
const stock = await loadPyodide(base);
install(stock);
let ns = helperModule(stock);
const members = ns.get("trace")(HOME);
const written = JSON.parse(ns.get("trimmed_stdlib")(members, "/tmp/stdlib.zip"));
writeFileSync(join(args.out, "stdlib.zip"), stock.FS.readFile("/tmp/stdlib.zip"));
step("trace");

// 2. snapshot on the trimmed stdlib
const stdLibURL = join(args.out, "stdlib.zip");
// a fixed hash seed and random state: the same inputs give the same snapshot bytes (the
// page reseeds random after a restore; string hashing stays fixed, see pyodide_fast.py)
const maker = await loadPyodide({ ...base, stdLibURL, _makeSnapshot: true, env: { PYTHONHASHSEED: "0" } });
install(maker);
// exercise() in the maker's __main__ namespace: nothing of the helper must stay behind
maker.runPython(helper.split("\ndef trace(")[0]);
const answers = maker.runPython(`import json, gc\n_answers = json.dumps(exercise(${JSON.stringify(HOME)}))\n` +
  `del exercise, _zip_member, _stdlib_zip\ngc.collect()\n_answers`);
maker.runPython("del _answers\nimport gc, sys\nif 'random' in sys.modules: sys.modules['random'].seed(0)\ngc.collect()");
const snapshot = maker.makeMemorySnapshot();
writeFileSync(join(args.out, "snapshot.bin"), snapshot);
step("snapshot");

// 3. restore and compare
const restored = await loadPyodide({ ...base, stdLibURL, _loadSnapshot: snapshot });
// without the Python sources, as the page starts (worker.js prepare: they go in after the
// first answer): every module of the package must be in the snapshot already
install(restored, { sources: false });
ns = helperModule(restored);
const replay = restored.runPython(`import json\njson.dumps(exercise(${JSON.stringify(HOME)}))`, { globals: ns });
// one case the page re-runs after a restore: the answer must be this, else it falls back
const exampleDir = join(args.package, "examples");
// (the cheapest one: leave-pay's first case, a few Decimal operations; it runs on every
// restored start, before the first answer)
const names = readdirSync(exampleDir).filter((f) => f.endsWith(".json")).sort();
const first = names.includes("leave-pay.json") ? "leave-pay.json" : names[0];
// dated (its 计算基准日 the snapshot's own day, unless the case gives one): a case left to
// "today" would answer differently on every later day, and the page would never restore
const probeInput = JSON.parse(readFileSync(join(exampleDir, first), "utf8"))[0].input;
if (!("as_of" in probeInput)) {
  probeInput.as_of = restored.runPython("import calculators.rules\ncalculators.rules.IMPORTED_ON.isoformat()");
}
const probe = { name: first.replace(/\.json$/, ""), payload: JSON.stringify(probeInput) };
probe.answer = restored.pyimport("calculators.web").handle(probe.name, probe.payload);
step("verify");
if (replay !== answers) {
  process.stderr.write("the restored snapshot answers differently from the start that made it\n");
  process.exit(3);
}
const buildId = (/BUILD_ID:"([0-9a-f]+)"/.exec(readFileSync(join(args.runtime, "pyodide.js"), "utf8")) || [])[1];
process.stdout.write(JSON.stringify({
  version: stock.version,
  python: stock.runPython("import sys; sys.version.split()[0]"),
  build_id: buildId,
  stdlib_members: written.length,
  snapshot_bytes: snapshot.length,
  cases: JSON.parse(answers).length,
  probe,
  timings,
}));
} catch (err) {
  process.stderr.write("\n" + String(err && err.message || err) + "\n");
  process.exit(2);
}
