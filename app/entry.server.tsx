import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import type { AppLoadContext, EntryContext } from "react-router";
import { ServerRouter } from "react-router";
import { NonceContext } from "~/lib/nonce";

// The HTTP server reaches the runtime through the server build's entry module.
export { autosaveAnswer } from "~/modules/scans/autosave.server";
export { health, startRuntime, stopRuntime } from "~/runtime.server";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let statusCode = responseStatusCode;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // We render the whole page before sending (no streaming): pages are small and this is faster.
    // The HTML is collected into one buffer (no stream adapters: the server reads it whole).
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
            final(callback) {
              clearTimeout(timer);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(
                new Response(new Uint8Array(Buffer.concat(chunks)), {
                  headers: responseHeaders,
                  status: statusCode,
                }),
              );
              callback();
            },
          });
          sink.on("error", reject);
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          statusCode = 500;
          console.error(error);
        },
      },
    );
    // A render still waiting after this is given up (cleared when done: the timer would keep
    // the whole render in memory for seconds).
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}
