// What can stop a passkey account or its chain reads, as types the page turns into sentences (problems.ts).

/** The browser offers no passkeys, or the passkey cannot evaluate a PRF (no key can be derived from it). */
export class PasskeyUnsupported extends Error {}
/** The user cancelled the passkey prompt, or it timed out (WebAuthn's NotAllowedError). */
export class PasskeyCancelled extends Error {}
/** This service relays no passkey accounts: GET /network names no factory. */
export class NoPasskeyAccounts extends Error {}
/** The service names no public chain node, and the user has no wallet: nothing to check the chain with. */
export class NoChainNode extends Error {}

/** The public chain node answers for another chain than the API's: it is not trusted for anything. */
export class ChainNodeOnAnotherChain extends Error {
  constructor(readonly nodeChainId: number, readonly expectedChainId: number) {
    super(`the public chain node is on chain ${nodeChainId}, HealthKey on ${expectedChainId}`);
  }
}
