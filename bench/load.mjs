// The load generator, in its own process (bench/run.mjs starts one per scenario): autocannon
// with a fixed number of connections for a fixed time, each request taking the next item of a
// list (round robin), so connections spread over many scans, sessions and pages.
// Input: a JSON file named by argv[2]:
//   { origin, connections, duration, warmup, items: [{ method, path, headers, body }] }
// Output (stdout, JSON): requests, rps, latency p50/p95/p99/max (ms), statuses, errors.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));

function run(duration, record) {
  let i = 0;
  const items = spec.items;
  const latencies = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            setupRequest(req) {
              const item = items[i++ % items.length];
              return {
                ...req,
                method: item.method ?? "GET",
                path: item.path,
                headers: { ...(item.headers ?? {}) },
                body: item.body,
              };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        if (!record) return resolve(null);
        latencies.sort((a, b) => a - b);
        const q = (p) =>
          latencies.length
            ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
            : 0;
        resolve({
          requests: latencies.length,
          seconds: duration,
          rps: latencies.length / duration,
          p50: q(0.5),
          p95: q(0.95),
          p99: q(0.99),
          max: latencies.at(-1) ?? 0,
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
    });
  });
}

if (spec.warmup > 0) await run(spec.warmup, false);
const result = await run(spec.duration, true);
process.stdout.write(JSON.stringify(result));
