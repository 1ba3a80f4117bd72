/**
 * Where ARM requests go. In production: https://management.azure.com, untouched. For tests only, the
 * endpoint can be overridden (APIM_VNET_GUARD_ARM_ENDPOINT or the `armEndpoint` option) to a local
 * server: the SDK clients keep addressing the public host, so their real bearer policy (which refuses
 * anything but https) still runs, and only the transport sends the bytes elsewhere.
 */
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/** Test-only: send ARM traffic to this endpoint (http://127.0.0.1:PORT, http://localhost:PORT, or an https URL). */
export const ARM_ENDPOINT_ENV = 'APIM_VNET_GUARD_ARM_ENDPOINT';

export class ArmEndpointError extends Error {
  override name = 'ArmEndpointError';
}

/**
 * Validates an endpoint override: plain http only for the loopback host (a simulator), https anywhere.
 * Returns the origin without a trailing slash.
 */
export function parseArmEndpointOverride(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ArmEndpointError(`${ARM_ENDPOINT_ENV} "${value}" is not a URL`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol === 'http:' && !loopback) {
    throw new ArmEndpointError(`${ARM_ENDPOINT_ENV} may use plain http only for 127.0.0.1 or localhost (test simulators), got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArmEndpointError(`${ARM_ENDPOINT_ENV} must be an http(s) URL, got "${value}"`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new ArmEndpointError(`${ARM_ENDPOINT_ENV} must be a bare origin such as http://127.0.0.1:8080, got "${value}"`);
  }
  return url.origin;
}

/** The HTTP client for ARM: the default one, or one that redirects the public host to a test endpoint. */
export function armHttpClient(endpointOverride: string | undefined, inner: HttpClient = createDefaultHttpClient()): HttpClient {
  if (endpointOverride === undefined) return inner;
  const target = parseArmEndpointOverride(endpointOverride);
  const insecure = target.startsWith('http:');
  return {
    sendRequest(request) {
      // nextLinks also name the public host, so paging follows the same redirect.
      if (request.url.toLowerCase().startsWith(PUBLIC_ARM_ENDPOINT)) {
        request.url = target + request.url.slice(PUBLIC_ARM_ENDPOINT.length);
        if (insecure) request.allowInsecureConnection = true;
      }
      return inner.sendRequest(request);
    },
  };
}
