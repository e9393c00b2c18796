// The ceiling: a bare node:http server that answers every request with the same bytes the home
// page answered (its compressed HTML and content headers). What the machine can do at best
// with one Node process; bench/run.mjs reports every page as a ratio to this.
// argv[2]: a file with the body; argv[3]: JSON of the headers to send.
import { readFileSync } from "node:fs";
import http from "node:http";

const body = readFileSync(process.argv[2]);
const headers = { ...JSON.parse(process.argv[3] ?? "{}"), "Content-Length": body.length };
const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
