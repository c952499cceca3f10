// Every calculators/examples/*.json case run in real Pyodide under Node, offline: the
// runtime from node_modules/pyodide (the package the site embeds), the calculators package
// from the work tree, each case through calculators.web.handle exactly as the page's worker
// calls it. Prints one JSON object on stdout; tests/test_examples_pyodide.py checks it.
//
//   node tests/pyodide_examples.mjs [NAME ...]     (default: every examples file)
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNTIME = join(ROOT, "node_modules", "pyodide");

// Offline: any fetch at all is recorded and refused.
const fetches = [];
globalThis.fetch = async (url) => {
  fetches.push(String(url));
  throw new Error(`offline: refused fetch of ${url}`);
};

const lock = JSON.parse(readFileSync(join(RUNTIME, "pyodide-lock.json"), "utf8"));
const started = Date.now();
const pyodide = await loadPyodide({
  indexURL: RUNTIME + "/",
  lockFileContents: { info: lock.info, packages: {} },   // as the site ships it
  stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n"),
});
const loadMs = Date.now() - started;

const home = "/home/pyodide/handbook";
pyodide.FS.mkdirTree(home + "/calculators");
const pkg = join(ROOT, "calculators");
for (const file of readdirSync(pkg).filter((f) => f.endsWith(".py") || f.endsWith(".toml"))) {
  pyodide.FS.writeFile(`${home}/calculators/${file}`, readFileSync(join(pkg, file), "utf8"));
}
pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(home)})\nimport calculators.web`);
const handle = pyodide.pyimport("calculators.web").handle;

const wanted = process.argv.slice(2);
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
  fetches,
  results,
}));
