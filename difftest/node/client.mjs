// Send requests with a Node HTTP client, following redirects as it does by
// default, for hops's differential test.
// Usage: node client.mjs fetch|node-fetch|axios < JOBS
// JOBS: a JSON list of {method, url, body (text or null), headers ["Name: value"]}.
// The CA is given with NODE_EXTRA_CA_CERTS. Prints one JSON line per job,
// in order: the final status, or the error.
import { readFileSync } from "node:fs";

const kind = process.argv[2];
const jobs = JSON.parse(readFileSync(0, "utf8"));
const errText = (e) => `${e.name}: ${e.message}${e.cause ? " (" + (e.cause.code || e.cause.message) + ")" : ""}`.slice(0, 240);

let send;
if (kind === "fetch") {
  send = async (url, init) => { const r = await fetch(url, init); await r.arrayBuffer(); return r.status; };
} else if (kind === "node-fetch") {
  const { default: fetch } = await import("node-fetch");
  send = async (url, init) => { const r = await fetch(url, init); await r.arrayBuffer(); return r.status; };
} else if (kind === "axios") {
  const { default: axios } = await import("axios");
  send = async (url, init) => {
    const r = await axios.request({ url, method: init.method, headers: init.headers, data: init.body,
      timeout: 8000, validateStatus: () => true, responseType: "text" });
    return r.status;
  };
} else {
  throw new Error(`unknown client ${kind}`);
}

// node-fetch 3.3.2 throws some errors outside its promise (a redirect to
// a URL with credentials, a body sent again at a second redirect), which
// would end this process and every job after it: such a throw is the
// current job's error.
let uncaught = null;
process.on("uncaughtException", (e) => {
  if (!uncaught) {
    throw e;
  }
  uncaught(e);
});

for (const a of jobs) {
  const headers = {};
  for (const h of a.headers) {
    const i = h.indexOf(":");
    headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  const init = { method: a.method, headers, body: a.body === null ? undefined : a.body, redirect: "follow",
    signal: AbortSignal.timeout(8000) };
  let out;
  try {
    const thrown = new Promise((_, reject) => { uncaught = (e) => reject(Object.assign(e, { uncaught: true })); });
    out = { status: await Promise.race([send(a.url, init), thrown]) };
  } catch (e) {
    out = { error: (e.uncaught ? "uncaught " : "") + errText(e) };
  }
  uncaught = null;
  process.stdout.write(JSON.stringify(out) + "\n");
}
process.exit(0);
