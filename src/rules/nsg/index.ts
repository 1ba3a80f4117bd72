import type { Rule } from '../rule.js';
import { nsgInAlb6390 } from './in-alb-6390.js';
import { nsgInAlb6391 } from './in-alb-6391.js';
import { nsgInAlbAnyStv1 } from './in-alb-any-stv1.js';
import { nsgInClient443 } from './in-client-443.js';
import { nsgInMgmt3443 } from './in-mgmt-3443.js';
import { nsgInTm443 } from './in-tm-443.js';
import { nsgOutDns53 } from './out-dns-53.js';
import { nsgOutInternet80 } from './out-internet-80.js';
import { nsgOutKv443 } from './out-kv-443.js';
import { nsgOutMonitor } from './out-monitor.js';
import { nsgOutOptionalAad } from './out-optional-aad.js';
import { nsgOutOptionalConnectors } from './out-optional-connectors.js';
import { nsgOutOptionalEventHub } from './out-optional-eventhub.js';
import { nsgOutOptionalRedis } from './out-optional-redis.js';
import { nsgOutSql1433 } from './out-sql-1433.js';
import { nsgOutStorage443 } from './out-storage-443.js';
import { nsgRegionalTagScope } from './regional-tag-scope.js';

export const nsgRules: readonly Rule[] = [
  nsgInClient443,
  nsgInMgmt3443,
  nsgInAlb6390,
  nsgInAlbAnyStv1,
  nsgInTm443,
  nsgOutStorage443,
  nsgOutSql1433,
  nsgOutKv443,
  nsgOutMonitor,
  nsgOutInternet80,
  nsgOutDns53,
  nsgRegionalTagScope,
  nsgInAlb6391,
  nsgOutOptionalAad,
  nsgOutOptionalConnectors,
  nsgOutOptionalEventHub,
  nsgOutOptionalRedis,
];
