/**
 * Issue 11: "tunnels shown at the top while any is open". The Tunnels section is moved (not
 * re-ordered with CSS, so the Tab order follows what is seen) under the sections that ask for a
 * decision (errors, held sign-ins, the role picker) while it lists a live tunnel, and back to its
 * place when none is left.
 */
const LIVE =
  "[data-tunnel][data-state=open], [data-tunnel][data-state=starting], [data-tunnel][data-state=reconnecting]";

export function startTunnelsFirst(doc: Document): void {
  const main = doc.querySelector("main");
  const tunnels = doc.getElementById("tunnels");
  const anchor = doc.getElementById("signin");
  if (!main || !tunnels || !anchor) return;
  // Where it goes back to: before the section that followed it in popup.html (null: the end).
  const home = tunnels.nextElementSibling;
  const place = () => {
    const top = tunnels.querySelector(LIVE) !== null;
    const want = top ? anchor : home;
    if (tunnels.nextElementSibling === want) return;
    main.insertBefore(tunnels, want);
    tunnels.dataset.top = String(top);
  };
  new MutationObserver(place).observe(tunnels, { childList: true, subtree: true, attributes: true });
  place();
}
