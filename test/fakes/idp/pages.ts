/** The HTML the fake IdP and the fake AWS sign-in page serve. Values are HTML-escaped. */

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** What Entra ID sends after sign-in: a form that posts the SAMLResponse to AWS by itself. */
export function autoPostPage(action: string, method: "POST" | "GET", fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<!doctype html><html><head><title>Working...</title></head><body>
<form method="${method}" name="hiddenform" action="${esc(action)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form>
<script>window.setTimeout(function(){document.forms[0].submit();}, 0);</script></body></html>`;
}

/** The AWS role-selection page, as far as the browser needs one: it repeats the SAMLResponse. */
export function awsSigninPage(samlResponse: string | null): string {
  return `<!doctype html><html><head><title>Amazon Web Services Sign-In</title></head><body>
<h1>Select a role</h1><form id="saml_form" method="post" action="/saml">${samlResponse ? `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">` : ""}</form></body></html>`;
}

export function myAppsPage(apps: Array<{ name: string; url: string }>): string {
  const tiles = apps.map((a) => `<li><a class="tile" href="${esc(a.url)}">${esc(a.name)}</a></li>`).join("");
  return `<!doctype html><html><head><title>My Apps</title></head><body><h1>Apps</h1><ul>${tiles}</ul></body></html>`;
}
