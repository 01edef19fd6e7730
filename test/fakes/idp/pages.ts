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

/** An assertion's role ARNs, grouped by account id in the order they appear. */
function rolesByAccount(samlResponse: string): Map<string, string[]> {
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const out = new Map<string, string[]>();
  for (const m of xml.matchAll(/arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=.@/-]+/g)) {
    const roles = out.get(m[1]!) ?? [];
    if (!roles.includes(m[0])) out.set(m[1]!, [...roles, m[0]]);
  }
  return out;
}

/**
 * The AWS role-selection page. With several roles it shows the role picker as the real page
 * marks it up (the markup SAML clients such as saml2aws parse): per account a
 * `fieldset > div.saml-account` whose `div.saml-account-name` reads `Account: ALIAS (ID)`, or
 * `Account: ID` for an account without an alias, then one radio per role. It repeats the
 * SAMLResponse, as the real form does.
 */
export function awsSigninPage(samlResponse: string | null, aliases: Record<string, string> = {}): string {
  const byAccount = samlResponse ? rolesByAccount(samlResponse) : new Map<string, string[]>();
  const several = [...byAccount.values()].flat().length > 1;
  const picker = several
    ? `<fieldset>${[...byAccount]
        .map(([id, roles], i) => {
          const label = aliases[id] ? `Account: ${aliases[id]} (${id})` : `Account: ${id}`;
          const radios = roles
            .map(
              (r) =>
                `<div class="saml-role"><input type="radio" name="roleIndex" value="${esc(r)}" class="saml-radio" id="${esc(r)}"><label for="${esc(r)}" class="saml-role-description">${esc(r.split("/").pop()!)}</label></div>`,
            )
            .join("");
          return `<div class="saml-account"><div><div class="saml-account-name">${esc(label)}</div></div><hr><div class="saml-account" id="${i}">${radios}</div></div>`;
        })
        .join("")}</fieldset><input type="submit" value="Sign in">`
    : "";
  return `<!doctype html><html><head><title>Amazon Web Services Sign-In</title></head><body>
<h1>Select a role</h1><form id="saml_form" method="post" action="/saml">${samlResponse ? `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">` : ""}${picker}</form></body></html>`;
}

export function myAppsPage(apps: Array<{ name: string; url: string }>): string {
  const tiles = apps.map((a) => `<li><a class="tile" href="${esc(a.url)}">${esc(a.name)}</a></li>`).join("");
  return `<!doctype html><html><head><title>My Apps</title></head><body><h1>Apps</h1><ul>${tiles}</ul></body></html>`;
}
