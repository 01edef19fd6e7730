/**
 * The RDP gateway's one error class (style §7): what the browser tab's gateway connection or its
 * RDCleanPath exchange refused or could not do. Codes are listed in PROTOCOL.md.
 */

import { BastionlessError, EXIT } from "../errors";

export class GatewayError extends BastionlessError {
  override readonly exitCode = EXIT.aws;
}
