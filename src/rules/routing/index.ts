import type { Rule } from '../rule.js';
import { rtFtServiceEndpoints } from './ft-service-endpoints.js';
import { rtMgmtReturnPath } from './mgmt-return-path.js';
import { rtNextHopNoneBlackhole } from './nexthop-none-blackhole.js';

export const routingRules: readonly Rule[] = [rtMgmtReturnPath, rtFtServiceEndpoints, rtNextHopNoneBlackhole];
