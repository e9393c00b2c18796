/** What the HTTP server passes to every loader and action (React Router's load context). */
export interface AppLoadContext {
  requestId: string;
  cspNonce: string;
  clientIp: string;
}

declare module "react-router" {
  interface AppLoadContext {
    requestId: string;
    cspNonce: string;
    clientIp: string;
  }
}
