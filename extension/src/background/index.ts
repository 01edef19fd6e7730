// Background entry; the capture, host client and state arrive with the extension work.
import browser from "webextension-polyfill";

browser.runtime.onInstalled.addListener(() => {});
