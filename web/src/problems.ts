// Every problem+json code of docs/CODES.md, and the app's own failures, as a sentence for people: what happened,
// then what to do. test/problems.test.mjs fails for a code of docs/CODES.md that has no sentence here.
import { ApiProblem } from './api/client';
import { EnvelopeRejected } from './crypto/envelope';
import { KitInvalid, RecoveryRefused } from './crypto/recovery-kit';
import { NotABackup, WrongPassphrase } from './crypto/keystore';
import { ChainNodeOnAnotherChain, NoChainNode, NoPasskeyAccounts, PasskeyCancelled, PasskeyUnsupported }
  from './passkey-errors';
import { NoWallet, WalletRejected, WrongChain } from './wallet';

const RETRY = 'Try again in a minute; if it keeps happening, tell the service\'s operator.';
const SIGN_AGAIN = 'Press the button again to sign a fresh one.';
const CHECK = 'Check it and try again.';

export const SENTENCES: Record<string, string> = {
  'REQUEST-0001': `The app sent a request the service could not read. Reload the page and try again.`,
  'REQUEST-0002': `A field of this form is not valid. ${CHECK}`,
  'REQUEST-0003': `The service does not support this action. Reload the page: the app may be out of date.`,
  'REQUEST-0004': `This does not exist (any more). Reload the list.`,
  'REQUEST-0005': `This is larger than the service accepts. Choose a smaller file.`,
  'REQUEST-0006': `The service does not accept this kind of content. Choose another file type.`,
  'REQUEST-0007': `Only the account concerned may do this. Sign in with that account.`,
  'REQUEST-0008': `The service refused the request's address. Reload the page and try again.`,
  'CONSENT-0001': `The signature is not the patient's. Sign with the patient's account.`,
  'CONSENT-0002': `The signature expired before it reached the service. ${SIGN_AGAIN}`,
  'CONSENT-0003': `This signature was used already or another one is pending. Wait for pending changes, then sign again.`,
  'CONSENT-0004': `This recipient cannot receive access. Check the address.`,
  'CONSENT-0005': `This scope cannot be granted. Choose all records, a category or one of your records.`,
  'CONSENT-0006': `This kind of access is not valid. Choose read or write.`,
  'CONSENT-0007': `This purpose is not valid. Choose one from the list.`,
  'CONSENT-0008': `The end date is not in the future. Choose a later date.`,
  'CONSENT-0009': `There is no active access to revoke. Reload the list: it may have been revoked or expired.`,
  'CONSENT-0010': `The signature would stay valid for too long. ${SIGN_AGAIN}`,
  'CONSENT-0011': `The nonce to cancel up to is not valid. Reload and try again.`,
  'DIRECTORY-0001': `This is not a valid encryption key. Create a new key.`,
  'DIRECTORY-0002': `The signature is not this account's. Sign with the connected account.`,
  'DIRECTORY-0003': `The signature expired before it reached the service. ${SIGN_AGAIN}`,
  'DIRECTORY-0004': `Another key publication is pending. Wait for it, then try again.`,
  'DIRECTORY-0005': `This provider is not valid or already accredited. Nothing to do.`,
  'DIRECTORY-0006': `This provider name is not valid. ${CHECK}`,
  'DIRECTORY-0007': `This provider is not in a state that allows this. Ask the accreditor.`,
  'DIRECTORY-0008': `This account has not published an encryption key yet. Ask them to sign in to HealthKey and publish one.`,
  'DIRECTORY-0010': `Search with the start of a provider's name or address: letters, digits and spaces only.`,
  'RECORD-0001': `The service may not anchor records for this author. Tell the service's operator.`,
  'RECORD-0002': `You may not add records for this patient. Ask the patient for write access.`,
  'RECORD-0003': `This record id is not valid. Check the link you followed.`,
  'RECORD-0004': `This record id is taken. Start the upload again.`,
  'RECORD-0005': `The version to replace is not valid. Reload the list and try again.`,
  'RECORD-0006': `The record's content digest is not valid. Start the upload again.`,
  'RECORD-0007': `Nothing to anchor. Add a file first.`,
  'RECORD-0008': `There is no such record. Check the link or reload the list.`,
  'RECORD-0009': `This record is not on the chain yet. Wait a moment and open it again.`,
  'RECORD-0010': `The upload slot expired or was used. Start the upload again.`,
  'RECORD-0011': `A key for the patient or for you is missing. Start the upload again.`,
  'RECORD-0012': `You may not add records for this patient. Ask the patient for write access.`,
  'RECORD-0013': `The stored copy does not match what the chain anchored. Do not trust it; tell the service's operator.`,
  'RECORD-0014': `The encrypted file is not valid for this record. Start the upload again.`,
  'RECORD-0016': `A part of this upload was already stored with other bytes. Start the upload again from the file.`,
  'RECORD-0017': `The parts of this upload arrived out of order. Resume the upload: it continues from the last part stored.`,
  'RECORD-0018': `A part of this upload does not fit the encrypted file. Start the upload again.`,
  'RECORD-0019': `Some parts of this upload are missing. Resume the upload to send them.`,
  'RECORD-0020': `The uploaded parts do not add up to the encrypted file. Start the upload again.`,
  'RECORD-0021': `This service takes large files in one piece only. Upload again without leaving the page.`,
  'ACCESS-0001': `Your account lacks the role this needs. Ask the service's operator.`,
  'ACCESS-0002': `You have no active access to this record. Ask the patient to grant it.`,
  'ACCESS-0003': `No key to this record has been shared with you yet. Ask the patient to grant access again.`,
  'CHAIN-0001': `The blockchain node is not answering. ${RETRY}`,
  'CHAIN-0002': `The blockchain refused the transaction. ${RETRY}`,
  'CHAIN-0003': `The transaction is taking long to be mined. ${RETRY}`,
  'CHAIN-0004': `The blockchain node rejected the transaction. ${RETRY}`,
  'CHAIN-0005': `This pending change is unknown. Reload the page.`,
  'OUTBOX-0001': `Another signed change took this one's place. ${SIGN_AGAIN}`,
  'OUTBOX-0002': `The signature expired before the change was mined. ${SIGN_AGAIN}`,
  'RECEIPT-0001': `The receipt batch is out of order. ${RETRY}`,
  'RECEIPT-0002': `The receipt batch is empty. ${RETRY}`,
  'RECEIPT-0003': `The receipt batch is not valid. ${RETRY}`,
  'RECEIPT-0004': `This receipt batch is not on the chain. Check again later.`,
  'RECEIPT-0005': `There is no such read of your records. Reload the audit.`,
  'RECEIPT-0006': `This read's receipt is not on the chain yet. Check again in a minute.`,
  'RECEIPT-0007': `The chain holds another root for this read's batch: the service's log cannot be trusted. Tell the service's operator.`,
  'RECEIPT-0008': `The receipt batch does not follow the previous one. ${RETRY}`,
  'AUDIT-0001': `This page of the list is no longer valid. Reload the list.`,
  'AUDIT-0002': `The page size is out of range. Reload the list.`,
  'AUDIT-0003': `Only the account the grants were made to can list them. Sign in with that account.`,
  'CONTENT-0001': `The storage node is not answering. ${RETRY}`,
  'CONTENT-0002': `The storage node refused the file. ${RETRY}`,
  'CONTENT-0003': `The stored copy does not match its address. Do not trust it; tell the service's operator.`,
  'CONTENT-0004': `The stored copy is missing. Tell the service's operator.`,
  'CONTENT-0005': `The stored copy is not a file. Tell the service's operator.`,
  'CONTENT-0006': `The service's storage failed. ${RETRY}`,
  'CONTENT-0007': `Not enough storage nodes kept the file. ${RETRY}`,
  'AUTH-0001': `The sign-in message was not understood. Reload the page and sign in again.`,
  'AUTH-0002': `The sign-in message is for another site. Open the app from the service's own address and sign in again.`,
  'AUTH-0003': `The sign-in message is for another address. Open the app from the service's own address and sign in again.`,
  'AUTH-0004': `The sign-in message is for another chain. Switch your wallet to HealthKey's network and sign in again.`,
  'AUTH-0005': `The sign-in took too long. Sign in again.`,
  'AUTH-0006': `This sign-in was used already. Sign in again.`,
  'AUTH-0007': `The sign-in message expired. Sign in again.`,
  'AUTH-0008': `The sign-in message is not valid yet: check your computer's clock, then sign in again.`,
  'AUTH-0009': `The signature is not the connected account's. Sign in again with the same account.`,
  'AUTH-0010': `You are not signed in. Sign in; what you typed stays.`,
  'AUTH-0011': `Your session is no longer valid. Sign in again; what you typed stays.`,
  'AUTH-0012': `Your session has ended. Sign in again; what you typed stays.`,
  'AUTH-0013': `This is not open to your account. Sign in with the account concerned.`,
  'FHIR-0001': `This FHIR file is not valid. Fix it (its findings are below) and upload it again.`,
  'FHIR-0002': `This FHIR resource type has no record category. Choose another file.`,
  'GATEWAY-0001': `Your account is not an accredited provider. Ask the accreditor.`,
  'GATEWAY-0002': `The gateway holds no key for your account. Tell the service's operator.`,
  'LIMIT-0001': `Too many requests at once. Wait a little and try again.`,
  'LIMIT-0002': `The service has paid for all your changes of this period. Try again later.`,
  'RECOVERY-0001': `The file is not a recovery kit of this patient on this network. Make the kit again in the app.`,
  'RECOVERY-0002': `You have no recovery kit, so no guardian can give your key back. Restore it from its backup file instead.`,
  'RECOVERY-0003': `Too many recovery requests today. Try again tomorrow.`,
  'RECOVERY-0004': `This recovery request does not exist. Check the link you were given.`,
  'RECOVERY-0005': `This recovery request has expired. Ask the patient to start a new one.`,
  'RECOVERY-0006': `You are not a guardian of this recovery kit. Sign in with the guardian's account.`,
  'RECOVERY-0007': `You have already sent your share for this request. Nothing more to do.`,
  'RECOVERY-0008': `The share is for another request, patient or device. Open the request again and send it from there.`,
  'RECOVERY-0009': `The signed share expired before it reached the service. ${SIGN_AGAIN}`,
  'RECOVERY-0010': `The signature is not the guardian's for this network. Sign with the guardian's account.`,
  'ACCOUNT-0001': `This service cannot create your kind of smart account. Use an account the service supports.`,
  'ACCOUNT-0002': `The account's creation data does not create this account. Reconnect your wallet and sign again.`,
  'ACCOUNT-0003': `Your smart account could not be created. Reconnect your wallet and sign again.`,
  'ACCOUNT-0004': `An earlier change signed by this account failed on chain. Change your account's settings, then sign again.`,
  'NOTIFY-0001': `The webhook address is not a plain web address. Enter an address like https://example.org/hook, without a password or #part.`,
  'NOTIFY-0002': `A webhook address must start with https://. Use your endpoint's https address.`,
  'NOTIFY-0003': `The webhook address points at a private or local network. Use an endpoint reachable on the public internet.`,
  'NOTIFY-0004': `The webhook's host name does not exist. Check the spelling of the address.`,
  'NOTIFY-0005': `This webhook does not exist any more. Reload the page.`,
  'NOTIFY-0006': `You have as many webhooks as allowed. Delete one before adding another.`,
  'NOTIFY-0007': `Too many windows are following your notifications. Close one and reload this page.`,
  'NOTIFY-0008': `The notification stream could not resume. Reload the page.`,
  'CAREGIVER-0001': `A caregiver cannot be the patient, yourself, or someone another caregiver already appointed. Choose another account.`,
  'CAREGIVER-0002': `These caregiver powers do not exist. Choose among read, write, grant and revoke, and appoint.`,
  'CAREGIVER-0003': `The appointment names too few or too many sets of records. Choose between 1 and 8, all of this patient.`,
  'CAREGIVER-0004': `You are not, or no longer, a caregiver of this patient: the appointment was revoked or has expired.`,
  'CAREGIVER-0005': `Your appointment as caregiver does not allow this. Ask the patient for that power.`,
  'CAREGIVER-0006': `These records are outside the records you care for. Choose records within your appointment.`,
  'CAREGIVER-0007': `It cannot last beyond your own appointment as caregiver. Choose an earlier end date.`,
  'CAREGIVER-0008': `This account is not a caregiver of yours any more. Reload the page.`,
  'EMERGENCY-0001': `The signature is not the signer's for this network. Sign with the account named in the message.`,
  'EMERGENCY-0002': `The signature expired before it reached the service. ${SIGN_AGAIN}`,
  'EMERGENCY-0003': `This signature was used already or is out of order. ${SIGN_AGAIN}`,
  'EMERGENCY-0004': `The keyholders are not valid: at most 16, each once, none of them you. Check the list.`,
  'EMERGENCY-0005': `The number of approvals needed must be between 1 and the number of keyholders. ${CHECK}`,
  'EMERGENCY-0006': `The emergency window must last between 15 minutes and 3 days. ${CHECK}`,
  'EMERGENCY-0007': `The emergency scopes are not valid. Choose one to eight of your own records or categories.`,
  'EMERGENCY-0008': `This patient has not set up emergency access. Nothing can be requested.`,
  'EMERGENCY-0009': `An emergency request needs the emergency treatment purpose and a reason. Enter a reason.`,
  'EMERGENCY-0010': `Only an accredited, active provider may request emergency access. Sign in with your clinic's account.`,
  'EMERGENCY-0011': `There is no emergency request to approve. Reload the list.`,
  'EMERGENCY-0012': `This approval is for an older request. Open the current request and approve it.`,
  'EMERGENCY-0013': `This emergency request is too old to approve. The requester must ask again.`,
  'EMERGENCY-0014': `The patient changed their emergency setup after this request. The requester must ask again.`,
  'EMERGENCY-0015': `This request has opened its window already or was closed. Nothing more to approve.`,
  'EMERGENCY-0016': `You are not one of this patient's emergency keyholders. Sign in with the keyholder's account.`,
  'EMERGENCY-0017': `A requester cannot approve its own request. Ask a keyholder to approve.`,
  'EMERGENCY-0018': `You have approved this request already. Nothing more to do.`,
  'EMERGENCY-0019': `There is no open emergency window or request to close. Reload the page.`,
  'EMERGENCY-0020': `This service has no emergency access on this network. Tell the service's operator.`,
  'EMERGENCY-0021': `The reason is empty, too long, or not the one that was signed. Enter the reason again and sign.`,
  'EMERGENCY-0022': `You have no open emergency window for this record. Request emergency access and wait for the keyholders' approvals.`,
  'EMERGENCY-0023': `The share is for another kit, patient or requester, or it expired. Open the request again and send it from there.`,
  'EMERGENCY-0024': `You have already sent your share to this requester. Nothing more to do.`,
  'EMERGENCY-0025': `This patient has no emergency kit yet. The patient sets up emergency access first.`,
  'INTERNAL-0001': `Something went wrong in the service. ${RETRY}`,
  NETWORK: `The connection to the service broke. Check your connection and try again.`,
};

/** Something the user typed or chose cannot work; its message is the sentence to show. */
export class InputError extends Error {}

/** The sentence for anything the app catches. */
export function sentenceFor(error: unknown): string {
  if (error instanceof ApiProblem) {
    return SENTENCES[error.code]
      ?? `${error.problem.title} (${error.code}). ${error.problem.status >= 500 ? RETRY : CHECK}`;
  }
  if (error instanceof InputError) return error.message;
  if (error instanceof WalletRejected) return 'You declined in your wallet, so nothing was sent. Press the button again when you are ready.';
  if (error instanceof WrongChain) {
    return `Your wallet is on another network (chain ${error.walletChainId}). Switch it to chain ${error.expectedChainId} and try again.`;
  }
  if (error instanceof NoWallet) return 'No wallet was found in this browser. Install a wallet such as MetaMask, then reload.';
  if (error instanceof PasskeyCancelled) {
    return 'The passkey prompt was cancelled or timed out, so nothing was signed. Press the button again when you are ready.';
  }
  if (error instanceof PasskeyUnsupported) {
    return 'This browser or passkey cannot make an encryption key (it lacks the WebAuthn PRF extension). Use a recent '
      + 'Chrome, Edge or Safari with a passkey provider that supports it, or connect a wallet.';
  }
  if (error instanceof NoPasskeyAccounts) return 'This HealthKey service does not offer passkey accounts. Connect a wallet instead.';
  if (error instanceof NoChainNode) {
    return 'This service names no public chain node, and without a wallet the page cannot check the chain. Connect a wallet instead.';
  }
  if (error instanceof ChainNodeOnAnotherChain) {
    return `The chain node this service names is on another network (chain ${error.nodeChainId}, not `
      + `${error.expectedChainId}), so the page does not trust it. Tell the service's operator, or connect a wallet.`;
  }
  if (error instanceof WrongPassphrase) return 'This passphrase does not open your key. Type it again.';
  if (error instanceof NotABackup) {
    return 'This file is not a key backup of the connected account. Choose the file you saved when you created the key.';
  }
  if (error instanceof KitInvalid) return 'This recovery kit is damaged or not the one anchored on chain, so it was not used. The patient should make a new kit.';
  if (error instanceof RecoveryRefused) return 'These shares do not give your key back. Ask another guardian to hand over theirs.';
  if (error instanceof EnvelopeRejected) return 'The record did not decrypt: it was changed or is not for this key. Do not trust it.';
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Try again.`;
}
