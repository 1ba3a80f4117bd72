/**
 * Credentials for ARM: DefaultAzureCredential, so `az login`, workload identity and managed identity
 * all work; a user-assigned identity is chosen by its client id. Before a long read, `ensureSignedIn`
 * asks for one token so that a missing sign-in fails in seconds with one clear line, not a stack trace
 * after the first request.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { PUBLIC_ARM_ENDPOINT } from './transport.js';

export const ARM_SCOPE = `${PUBLIC_ARM_ENDPOINT}/.default`;

export interface CredentialOptions {
  /** Client id of a user-assigned managed identity (otherwise the system-assigned one, if any). */
  managedIdentityClientId?: string;
}

export function defaultArmCredential(options: CredentialOptions = {}): TokenCredential {
  return options.managedIdentityClientId
    ? new DefaultAzureCredential({ managedIdentityClientId: options.managedIdentityClientId })
    : new DefaultAzureCredential();
}

export const SIGN_IN_HINT =
  'sign in with `az login` (or `azd auth login`), set AZURE_CLIENT_ID and AZURE_TENANT_ID for a service principal or workload identity, or run on Azure with a managed identity';

/** No credential of the chain could get a token. The message is one line, safe to print. */
export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
  constructor(readonly detail: string) {
    super(`not signed in to Azure: ${SIGN_IN_HINT}`);
  }
}

/** Gets one ARM token, or throws SignInRequiredError within `timeoutMs`. */
export async function ensureSignedIn(credential: TokenCredential, timeoutMs = 20_000): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const token = await credential.getToken(ARM_SCOPE, { abortSignal: abort.signal });
    if (!token) throw new Error('the credential returned no token');
  } catch (e) {
    const detail = abort.signal.aborted ? `no token within ${timeoutMs} ms` : firstLine(e);
    throw new SignInRequiredError(detail);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}
