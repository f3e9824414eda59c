// Runs static/js/engine.js, as it is served, in Node (no browser) on a rules bundle and requests.
//
//   node tests/js/run_engine_cases.mjs ENGINE_JS BUNDLE_JSON REQUESTS_JSON
//
// BUNDLE_JSON is a rules bundle (flouria_pwa.rules.catalogue.rules_bundle, as GET /api/v1/rules
// serves it); REQUESTS_JSON is {requests, caps}. Prints the answers of tests/js/answers.js as
// JSON. The engine runs in its own node:vm context whose `self` is the context, as in a page
// or a service worker; nothing else is in it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const [enginePath, bundlePath, requestsPath] = process.argv.slice(2);
if (!requestsPath) {
  process.stderr.write('usage: run_engine_cases.mjs ENGINE_JS BUNDLE_JSON REQUESTS_JSON\n');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const context = vm.createContext({});
context.self = context;
vm.runInContext(readFileSync(enginePath, 'utf8'), context, { filename: enginePath });
const answers = vm.runInContext(readFileSync(join(here, 'answers.js'), 'utf8'), context, {
  filename: 'answers.js',
});
const { requests, caps } = JSON.parse(readFileSync(requestsPath, 'utf8'));
const rules = JSON.parse(readFileSync(bundlePath, 'utf8'));
process.stdout.write(answers(JSON.stringify({ rules, requests, caps })));
