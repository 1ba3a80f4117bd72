// Preloaded (node --import) into a child process under test: writes every outgoing TCP connection
// attempt to stderr as `connect-log: host:port`, so that a test can assert where the process tried to go
// (never 169.254.169.254, the managed-identity endpoint).
import net from 'node:net';

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const raw = Array.isArray(args[0]) ? args[0][0] : args[0];
  const target = typeof raw === 'object' && raw !== null ? `${raw.host ?? raw.path ?? ''}:${raw.port ?? ''}` : String(raw);
  process.stderr.write(`connect-log: ${target}\n`);
  return original.apply(this, args);
};
