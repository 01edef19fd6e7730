/**
 * Content script on the AWS SAML sign-in page (manifests: the AWS sign-in hosts only, at
 * document_idle). It reads only the role picker's account-name elements,
 * `fieldset > div.saml-account div.saml-account-name` (contract/signin-page-accounts.ts), and
 * sends the named accounts to the background (issue 11). Nothing else of the page is read,
 * nothing is written to it, and a page without a role picker sends nothing.
 */
import browser from "webextension-polyfill";
import { pageAccountNames } from "../../../contract/signin-page-accounts";

const texts = [...document.querySelectorAll("fieldset > div.saml-account div.saml-account-name")].map(
  (e) => e.textContent ?? "",
);
const accounts = pageAccountNames(texts);
if (accounts.length > 0) void browser.runtime.sendMessage({ accounts }).catch(() => undefined);
