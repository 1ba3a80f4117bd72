/** What API Management's own `networkstatus` probes say, and what a finding's corroboration holds. */
export interface ConnectivityProbe {
  name: string;
  /** `initializing`, `success` or `failure` (as Azure spells it, compared case-insensitively). */
  status: string;
  error?: string;
  /** ISO 8601. */
  lastUpdated: string;
  lastStatusChange: string;
  resourceType: string;
  isOptional: boolean;
}

export interface LocationNetworkStatus {
  /** Normalized region (`westeurope`): networkstatus names locations by display name. */
  region: string;
  dnsServers: string[];
  probes: ConnectivityProbe[];
}

export type CorroborationState = 'confirmed' | 'predicted' | 'stale-probe' | 'not-probed';

export interface Corroboration {
  state: CorroborationState;
  probe?: Pick<ConnectivityProbe, 'name' | 'resourceType' | 'status' | 'lastUpdated' | 'lastStatusChange' | 'isOptional' | 'error'>;
}

