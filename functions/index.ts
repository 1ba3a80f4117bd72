/** The Functions app: importing a module registers its triggers (the v4 programming model). */
import './resourceEvents.js';
import './evaluateInstance.js';
import './sweep.js';
import './recheck.js';
import './preflight.js';
import './deliverAlerts.js';
import './status.js';
