/** Bytes seen on the wire in the spike (docs/rdp-in-browser.md), shared by the gateway's tests. */
export const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

/** The RDCleanPath request ironrdp-wasm 1.1.0 sent from Chromium (proxy_auth "secret-token"). */
export const REAL_REQUEST = hex(`
  305a a004 0202 0d3e a211 0c0f 3132 372e 302e 302e 313a 3431 3834 35a3 0e0c 0c73
  6563 7265 742d 746f 6b65 6ea6 2f04 2d03 0000 2d28 e000 0000 0000 436f 6f6b 6965
  3a20 6d73 7473 6861 7368 3d72 6470 7465 7374 0d0a 0100 0800 0b00 0000`);
/** Its X.224 Connection Request: cookie mstshash=rdptest, RDP_NEG_REQ for TLS | HYBRID | HYBRID_EX. */
export const X224_REQUEST = REAL_REQUEST.subarray(REAL_REQUEST.length - 45);
/** FreeRDP shadow's answer in the same run: RDP_NEG_RSP selecting HYBRID (CredSSP). */
export const X224_CONFIRM = hex("030000130ed000000000000203080002000000");
