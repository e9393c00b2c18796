/**
 * Graceful shutdown of the real server: SIGTERM while a request is in flight drains it (the
 * request still gets its whole response), then the process exits with 0 and the port is closed.
 */
import net from "node:net";
import { afterAll, expect, it } from "vitest";
import { canConnect, rawRequest, waitForLog } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer | undefined;

afterAll(async () => {
  // Only when a failure left it running.
  await server?.stop("SIGKILL");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A chunk of a chunked request body. */
const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;

it("drains a request in flight on SIGTERM, then exits with 0 and refuses connections", async () => {
  server = await startServer();
  const { port, url } = server;
  expect((await rawRequest(`${url}/healthz`)).status).toBe(200);

  // A form post whose body is trickled over a raw socket.
  const socket = net.connect({ port, host: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let received = "";
  const closed = new Promise<void>((resolve) => {
    socket.on("data", (d: Buffer) => {
      received += d.toString("latin1");
    });
    socket.on("close", () => resolve());
    socket.on("error", () => {});
  });
  socket.write(
    [
      "POST /taal HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      "Content-Type: application/x-www-form-urlencoded",
      "Transfer-Encoding: chunked",
      "Sec-Fetch-Site: same-origin",
      "",
      "",
    ].join("\r\n"),
  );
  socket.write(chunk("lang=en&"));
  await sleep(300);

  const exited = server.stop("SIGTERM");
  const draining = await waitForLog(server.logs, (l) => String(l.msg).includes("shutting down"));
  expect(draining.inFlight).toBe(1);

  // While draining, the listening socket is closed: new connections are refused.
  expect(await canConnect(port)).toBe(false);

  await sleep(300);
  expect(server.process.exitCode, "the process waits for the request").toBeNull();
  socket.write(chunk("returnTo=%2Fprivacy"));
  await sleep(100);
  socket.write("0\r\n\r\n");
  await closed;

  // One whole response: status line, headers, and a body of the declared length.
  const head = received.slice(0, received.indexOf("\r\n\r\n"));
  const body = received.slice(head.length + 4);
  expect(head).toMatch(/^HTTP\/1\.1 303 See Other\r\n/);
  expect(head).toMatch(/\r\nlocation: \/privacy\r\n/i);
  expect(head).toMatch(/\r\nset-cookie: lang=en;/i);
  expect(head).toMatch(/\r\nx-request-id: [\w-]+\r\n/i);
  const length = /\r\ncontent-length: (\d+)/i.exec(head);
  if (length) expect(Buffer.byteLength(body, "latin1")).toBe(Number(length[1]));
  else expect(body).toMatch(/(^|\r\n)0\r\n\r\n$/);
  expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);

  expect(await exited).toBe(0);
  expect(await canConnect(port)).toBe(false);

  const log = server.logs.join("\n");
  expect(log).toContain("shutting down");
  expect(log).toContain("runtime stopped");
  await waitForLog(
    server.logs,
    (l) => l.method === "POST" && l.path === "/taal" && l.status === 303,
  );
  const order = ["shutting down", '"status":303', "runtime stopped"].map((s) => log.indexOf(s));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  server = undefined;
});

it("exits with 0 on SIGINT too, and at once when nothing is in flight", async () => {
  server = await startServer();
  const started = Date.now();
  expect(await server.stop("SIGINT")).toBe(0);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(server.logs.join("\n")).toContain("runtime stopped");
  server = undefined;
});
